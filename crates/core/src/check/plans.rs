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

#[cfg(test)]
mod tests {
    use super::super::{Finding, run};
    use crate::snapshot::spec::SCHEMA_SQL;
    use rusqlite::Connection;

    /// A complete minimal snapshot, and `extra` on top.
    fn db(extra: &str) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(SCHEMA_SQL).unwrap();
        conn.execute_batch(
            "INSERT INTO meta VALUES ('title', 't'), ('organisation', 'o'), ('producer', 'p'),
                 ('created_at', '2025-01-01'), ('money_unit', 'mkr'), ('language', 'sv');
             INSERT INTO source VALUES ('s', 'Delårsrapport 2024', NULL, '5 Investeringsredovisning', NULL, NULL);
             INSERT INTO period VALUES ('2024-08', 'interim', '2024-08-31', 'ack augusti 2024', 2024);
             INSERT INTO org_unit VALUES ('region', NULL, 'region', 'Region', NULL, NULL);
             INSERT INTO cost_type VALUES ('skatter', NULL, 'financing', 'Skatter', NULL);",
        )
        .unwrap();
        conn.execute_batch(extra).unwrap();
        conn
    }

    fn findings(conn: &Connection, rule: &str) -> Vec<Finding> {
        run(conn, true)
            .items
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect()
    }

    const MKR: i64 = 1_000_000;

    #[test]
    fn a_change_in_the_wrong_sign_is_an_error_and_a_rounding_a_note() {
        let row = |change: i64| {
            format!(
                "INSERT INTO economy_fact (period_id, org_unit_id, cost_type_id, outcome, \
                 outcome_prev_year, change_prev_year, source_id) \
                 VALUES ('2024-08', 'region', 'skatter', {}, {}, {}, 's');",
                7357 * MKR,
                6884 * MKR,
                change * MKR
            )
        };
        assert!(findings(&db(&row(473)), "change-sign").is_empty());
        let wrong = findings(&db(&row(-473)), "change-sign");
        assert_eq!(wrong.len(), 1, "{wrong:?}");
        assert!(
            wrong[0].message.contains("result sign"),
            "{}",
            wrong[0].message
        );
        assert_eq!(findings(&db(&row(474)), "rounding").len(), 1);
    }

    #[test]
    fn an_investment_forecast_must_be_its_deviation_from_budget() {
        let row = |deviation: i64| {
            format!(
                "INSERT INTO investment (period_id, org_unit_id, id, name, budget_full_year, \
                 forecast, forecast_deviation, source_id) \
                 VALUES ('2024-08', 'region', 'totalt', 'Totalt', {}, {}, {}, 's');",
                -930 * MKR,
                -945 * MKR,
                deviation * MKR
            )
        };
        assert!(findings(&db(&row(-15)), "deviation-sign").is_empty());
        let wrong = findings(&db(&row(15)), "deviation-sign");
        assert_eq!(wrong.len(), 1, "{wrong:?}");
        assert!(wrong[0].message.contains("spending negative"));
    }

    #[test]
    fn a_complete_lines_parts_add_up_and_a_partial_ones_need_not() {
        let lines = |breakdown: &str, it: i64| {
            format!(
                "INSERT INTO investment (period_id, org_unit_id, id, parent_id, name, outcome, breakdown, source_id) VALUES
                 ('2024-08', 'region', 'totalt', NULL, 'Totalt', {}, '{breakdown}', 's'),
                 ('2024-08', 'region', 'fastighet', 'totalt', 'Fastighet', {}, NULL, 's'),
                 ('2024-08', 'region', 'it', 'totalt', 'IT', {}, NULL, 's');",
                -522 * MKR,
                -399 * MKR,
                it * MKR
            )
        };
        assert!(findings(&db(&lines("complete", -123)), "investment-parts").is_empty());
        let off = findings(&db(&lines("complete", -26)), "investment-parts");
        assert_eq!(off.len(), 1, "{off:?}");
        assert!(off[0].message.contains("'partial'"), "{}", off[0].message);
        assert!(findings(&db(&lines("partial", -26)), "investment-parts").is_empty());
    }

    #[test]
    fn a_parent_that_is_not_a_line_of_the_same_period_is_a_dangling_reference() {
        let conn = db("PRAGMA foreign_keys = OFF;
             INSERT INTO investment (period_id, org_unit_id, id, parent_id, name, source_id)
                 VALUES ('2024-08', 'region', 'it', 'ovriga', 'IT', 's');
             INSERT INTO planned_change (id, year, board_id, kind, title, decided_by_id, source_id)
                 VALUES ('p', 2026, 'region', 'open', 'KAVA', 'hsn', 's');");
        let found = run(&conn, true);
        let refs: Vec<&str> = found
            .items
            .iter()
            .filter(|f| f.severity == super::super::Severity::Error)
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(refs.len(), 2, "{refs:?}");
    }

    /// A file of format version 3 has neither table nor the added columns:
    /// it checks clean, without a word about them.
    #[test]
    fn a_version_3_file_without_the_tables_checks_clean() {
        let conn = db("PRAGMA foreign_keys = OFF;
             DROP TABLE investment; DROP TABLE planned_change;
             CREATE TABLE old AS SELECT period_id, org_unit_id, cost_type_id, budget, outcome,
                 deviation, outcome_prev_year, cost_development_pct, budget_full_year,
                 forecast_deviation, org_breakdown, cost_breakdown, analysis, source_id,
                 illustrative, forecast_source_id FROM economy_fact;
             DROP TABLE economy_fact; ALTER TABLE old RENAME TO economy_fact;
             CREATE TABLE old AS SELECT id, name, unit, direction, target, target_text,
                 org_unit_id, description, sort_order FROM kpi;
             DROP TABLE kpi; ALTER TABLE old RENAME TO kpi;
             PRAGMA user_version = 3;");
        let found = run(&conn, true);
        assert!(found.worst().is_none(), "{:?}", found.items);
        // Declaring version 4 without them is an error.
        conn.execute_batch("PRAGMA user_version = 4").unwrap();
        let found = run(&conn, true);
        assert!(
            found
                .items
                .iter()
                .any(|f| f.message.contains("'investment' is missing")),
            "{:?}",
            found.items
        );
    }
}
