//! The sums of format version 4's figures: an investment's forecast
//! deviation against its forecast and budget, its parts against its total,
//! and a stated change against last year's outcome. The rounding rule is
//! [`super::arithmetic`]'s: up to 1 mkr is a note (the sources round).

use super::arithmetic::ROUNDING_KR;
use super::{Ctx, RowRef, Severity};

pub fn check(ctx: &mut Ctx) {
    if ctx.has("economy_fact", "change_prev_year") {
        change_identity(ctx);
    }
    if ctx.has("investment", "forecast_deviation") {
        forecast_identity(ctx);
        for figure in ["outcome", "forecast", "forecast_deviation"] {
            investment_parts(ctx, figure);
        }
    }
}

fn severity_of(diff: i128, beyond: Severity) -> Option<Severity> {
    match diff.abs() {
        0 => None,
        d if d <= ROUNDING_KR => Some(Severity::Note),
        _ => Some(beyond),
    }
}

/// `change_prev_year` = `outcome − outcome_prev_year`, where all three are
/// stated: a change in the other sign is a reversed sign.
fn change_identity(ctx: &mut Ctx) {
    let sql = "SELECT rowid, outcome, outcome_prev_year, change_prev_year FROM economy_fact \
               WHERE typeof(outcome) = 'integer' AND typeof(outcome_prev_year) = 'integer' \
               AND typeof(change_prev_year) = 'integer'";
    ctx.each_row("changes against last year", sql, |ctx, row| {
        let (rowid, outcome, before, change): (i64, i64, i64, i64) =
            (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
        let expected = i128::from(outcome) - i128::from(before);
        if let Some(severity) = severity_of(i128::from(change) - expected, Severity::Error) {
            let message = format!(
                "change against last year {} but outcome − last year's outcome = {} − ({}){}",
                ctx.money(change),
                ctx.money(outcome),
                ctx.money(before),
                if severity == Severity::Note {
                    " (within the sources' rounding)"
                } else {
                    "; the change must be in result sign (costs that rose negative)"
                },
            );
            let rule = if severity == Severity::Note {
                "rounding"
            } else {
                "change-sign"
            };
            let at = Some(RowRef {
                table: "economy_fact",
                rowid,
                column: Some("change_prev_year"),
            });
            ctx.add(severity, rule, at, None, message);
        }
        Ok(())
    });
}

/// `forecast_deviation` = `forecast − budget_full_year`, where all three
/// are stated.
fn forecast_identity(ctx: &mut Ctx) {
    let sql = "SELECT rowid, budget_full_year, forecast, forecast_deviation FROM investment \
               WHERE typeof(budget_full_year) = 'integer' AND typeof(forecast) = 'integer' \
               AND typeof(forecast_deviation) = 'integer'";
    ctx.each_row("investment forecasts", sql, |ctx, row| {
        let (rowid, budget, forecast, deviation): (i64, i64, i64, i64) =
            (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
        let expected = i128::from(forecast) - i128::from(budget);
        if let Some(severity) = severity_of(i128::from(deviation) - expected, Severity::Error) {
            let message = format!(
                "forecast deviation {} but forecast − budget = {} − ({}){}",
                ctx.money(deviation),
                ctx.money(forecast),
                ctx.money(budget),
                if severity == Severity::Note {
                    " (within the sources' rounding)"
                } else {
                    "; amounts are in result sign (spending negative)"
                },
            );
            let rule = if severity == Severity::Note {
                "rounding"
            } else {
                "deviation-sign"
            };
            let at = Some(RowRef {
                table: "investment",
                rowid,
                column: Some("forecast_deviation"),
            });
            ctx.add(severity, rule, at, None, message);
        }
        Ok(())
    });
}

/// A complete line's parts (the lines whose `parent_id` it is, in the same
/// period) add up to it, where the line and every part state `figure`.
fn investment_parts(ctx: &mut Ctx, figure: &'static str) {
    let sql = format!(
        "SELECT p.rowid, p.\"{figure}\", sum(c.\"{figure}\"), count(c.rowid), \
         count(CASE WHEN typeof(c.\"{figure}\") = 'integer' THEN 1 END) \
         FROM investment p JOIN investment c ON c.period_id = p.period_id AND c.parent_id = p.id \
         WHERE coalesce(p.breakdown, 'complete') = 'complete' AND typeof(p.\"{figure}\") = 'integer' \
         GROUP BY p.rowid"
    );
    ctx.each_row("investment parts", &sql, |ctx, row| {
        let (rowid, total): (i64, i64) = (row.get(0)?, row.get(1)?);
        let (parts, stated): (i64, i64) = (row.get(3)?, row.get(4)?);
        if parts != stated {
            return Ok(());
        }
        let sum: i64 = row.get::<_, Option<i64>>(2)?.unwrap_or(0);
        let diff = i128::from(total) - i128::from(sum);
        if let Some(severity) = severity_of(diff, Severity::Warning) {
            let message = format!(
                "{figure} {} but its {parts} parts add up to {}; a line of only some parts is breakdown 'partial'",
                ctx.money(total),
                ctx.money(sum),
            );
            let rule = if severity == Severity::Note {
                "rounding"
            } else {
                "investment-parts"
            };
            let at = Some(RowRef {
                table: "investment",
                rowid,
                column: Some(figure),
            });
            ctx.add(severity, rule, at, None, message);
        }
        Ok(())
    });
}
