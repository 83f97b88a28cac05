//! Figures that must add up: deviation against budget and outcome, parts
//! against stated totals, the budget frame bridge.
//!
//! The source reports round to whole mkr, so a difference of up to 1 mkr is a
//! note; more is a warning (parts) or an error (a deviation that contradicts
//! its own budget and outcome, which usually means a reversed sign).

use super::{Ctx, RowRef, Severity};

/// The rounding the reports allow, in kronor.
pub const ROUNDING_KR: i128 = 1_000_000;

pub fn check(ctx: &mut Ctx) {
    deviation_identity(ctx);
    for metric in ["deviation", "forecast_deviation", "budget", "outcome"] {
        parts_by_organisation(ctx, metric);
        parts_by_cost_type(ctx, metric);
    }
    frame_bridge(ctx);
}

fn severity_of(diff: i128, beyond: Severity) -> Option<Severity> {
    match diff.abs() {
        0 => None,
        d if d <= ROUNDING_KR => Some(Severity::Note),
        _ => Some(beyond),
    }
}

fn deviation_identity(ctx: &mut Ctx) {
    let sql = "SELECT rowid, budget, outcome, deviation FROM economy_fact \
               WHERE typeof(budget) = 'integer' AND typeof(outcome) = 'integer' \
               AND typeof(deviation) = 'integer'";
    ctx.each_row("deviations", sql, |ctx, row| {
        let rowid: i64 = row.get(0)?;
        let (budget, outcome, deviation): (i64, i64, i64) = (row.get(1)?, row.get(2)?, row.get(3)?);
        let expected = i128::from(outcome) - i128::from(budget);
        let diff = i128::from(deviation) - expected;
        if let Some(severity) = severity_of(diff, Severity::Error) {
            let rule = if severity == Severity::Note {
                "rounding"
            } else {
                "deviation-sign"
            };
            let message = format!(
                "deviation {} but outcome − budget = {} − ({}) = {}{}",
                ctx.money(deviation),
                ctx.money(outcome),
                ctx.money(budget),
                money_i128(ctx, expected),
                if severity == Severity::Note {
                    " (within the sources' rounding)"
                } else {
                    "; deviation must be outcome − budget in result sign (costs negative)"
                },
            );
            let at = Some(RowRef {
                table: "economy_fact",
                rowid,
                column: Some("deviation"),
            });
            ctx.add(severity, rule, at, None, message);
        }
        Ok(())
    });
}

fn money_i128(ctx: &Ctx, kronor: i128) -> String {
    i64::try_from(kronor).map_or_else(|_| kronor.to_string() + " kr", |k| ctx.money(k))
}

/// A unit's row against the sum of its child units' rows (same period and
/// cost type), unless the row says its breakdown is partial.
fn parts_by_organisation(ctx: &mut Ctx, metric: &'static str) {
    let sql = format!(
        "SELECT p.rowid, p.{m}, sum(c.{m}), group_concat(c.org_unit_id, ', ') \
         FROM economy_fact p \
         JOIN org_unit u ON u.parent_id = p.org_unit_id \
         JOIN economy_fact c ON c.org_unit_id = u.id AND c.period_id = p.period_id \
              AND c.cost_type_id IS p.cost_type_id \
         WHERE typeof(p.{m}) = 'integer' AND typeof(c.{m}) = 'integer' \
           AND coalesce(p.org_breakdown, 'complete') = 'complete' \
         GROUP BY p.rowid",
        m = metric
    );
    compare_parts(ctx, metric, &sql, "org_breakdown", "its units");
}

/// A row against the sum of the rows for its child cost types (for a total,
/// the cost types without parent), same unit and period.
fn parts_by_cost_type(ctx: &mut Ctx, metric: &'static str) {
    let sql = format!(
        "SELECT p.rowid, p.{m}, sum(c.{m}), group_concat(c.cost_type_id, ', ') \
         FROM economy_fact p \
         JOIN cost_type t ON t.parent_id IS p.cost_type_id \
         JOIN economy_fact c ON c.cost_type_id = t.id AND c.period_id = p.period_id \
              AND c.org_unit_id = p.org_unit_id \
         WHERE typeof(p.{m}) = 'integer' AND typeof(c.{m}) = 'integer' \
           AND coalesce(p.cost_breakdown, 'complete') = 'complete' \
         GROUP BY p.rowid",
        m = metric
    );
    compare_parts(ctx, metric, &sql, "cost_breakdown", "its cost types");
}

fn compare_parts(ctx: &mut Ctx, metric: &'static str, sql: &str, flag: &str, parts: &str) {
    ctx.each_row(&format!("sums of {metric}"), sql, |ctx, row| {
        let rowid: i64 = row.get(0)?;
        let total: i64 = row.get(1)?;
        let sum: i64 = row.get(2)?;
        let names: String = row.get::<_, Option<String>>(3)?.unwrap_or_default();
        let diff = i128::from(total) - i128::from(sum);
        if let Some(severity) = severity_of(diff, Severity::Warning) {
            let message = format!(
                "{metric} {} but {parts} ({}) add up to {}: off by {}{}",
                ctx.money(total),
                super::value_text(rusqlite::types::ValueRef::Text(names.as_bytes()), ""),
                ctx.money(sum),
                money_i128(ctx, diff.abs()),
                if severity == Severity::Note {
                    " (within the sources' rounding)".to_string()
                } else {
                    format!("; if the parts are only some items, set {flag} = 'partial'")
                },
            );
            let rule = if severity == Severity::Note {
                "rounding"
            } else {
                "parts"
            };
            let at = Some(RowRef {
                table: "economy_fact",
                rowid,
                column: Some(metric),
            });
            ctx.add(severity, rule, at, None, message);
        }
        Ok(())
    });
}

/// opening + the year's changes = decided, when all are known.
fn frame_bridge(ctx: &mut Ctx) {
    let sql = "SELECT f.rowid, f.opening, f.decided, sum(c.amount), count(c.rowid), count(c.amount) \
               FROM budget_frame f JOIN frame_change c ON c.year = f.year AND c.board_id = f.board_id \
               WHERE typeof(f.opening) = 'integer' AND typeof(f.decided) = 'integer' \
               GROUP BY f.rowid";
    ctx.each_row("budget frame bridges", sql, |ctx, row| {
        let rowid: i64 = row.get(0)?;
        let (opening, decided): (i64, i64) = (row.get(1)?, row.get(2)?);
        let (changes, known): (i64, i64) = (row.get(4)?, row.get(5)?);
        if changes != known {
            return Ok(());
        }
        let sum: i64 = row.get::<_, Option<i64>>(3)?.unwrap_or(0);
        let bridged = i128::from(opening) + i128::from(sum);
        let diff = i128::from(decided) - bridged;
        if let Some(severity) = severity_of(diff, Severity::Warning) {
            let message = format!(
                "decided frame {} but opening {} plus the changes ({}) gives {}",
                ctx.money(decided),
                ctx.money(opening),
                ctx.money(sum),
                money_i128(ctx, bridged),
            );
            let rule = if severity == Severity::Note {
                "rounding"
            } else {
                "frame-bridge"
            };
            let at = Some(RowRef {
                table: "budget_frame",
                rowid,
                column: Some("decided"),
            });
            ctx.add(severity, rule, at, None, message);
        }
        Ok(())
    });
}
