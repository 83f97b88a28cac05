//! What the cockpit reads at once, measured against what it will read: a
//! file the cockpit would refuse is an error here, in the cockpit's words.
//!
//! Each count is the size of one read the cockpit makes whole (a list it
//! loads on open, or one period's or one unit's rows of a view). Reads of
//! a join can grow beyond their tables only through duplicate keys, which
//! the key rules report.

use super::{Ctx, Severity};
use crate::domain::number::grouped;
use crate::snapshot::open::{MAX_VIEW_ROWS, TOO_MANY_ROWS};

/// (what is read at once, SQL giving the largest such read's row count).
const READS: &[(&str, &str)] = &[
    ("the periods (period)", "SELECT count(*) FROM period"),
    (
        "the organisation (org_unit)",
        "SELECT count(*) FROM org_unit",
    ),
    (
        "the cost types (cost_type)",
        "SELECT count(*) FROM cost_type",
    ),
    (
        "one period's unit totals (economy_fact)",
        "SELECT max(n) FROM (SELECT count(*) AS n FROM economy_fact \
         WHERE cost_type_id IS NULL GROUP BY period_id)",
    ),
    (
        "one unit's cost types in one period (economy_fact)",
        "SELECT max(n) FROM (SELECT count(*) AS n FROM economy_fact \
         WHERE cost_type_id IS NOT NULL GROUP BY period_id, org_unit_id)",
    ),
    (
        "one board's frames (budget_frame)",
        "SELECT max(n) FROM (SELECT count(*) AS n FROM budget_frame GROUP BY board_id)",
    ),
    (
        "one frame's changes (frame_change)",
        "SELECT max(n) FROM (SELECT count(*) AS n FROM frame_change GROUP BY board_id, year)",
    ),
    ("the goals (goal)", "SELECT count(*) FROM goal"),
    ("the delmål (subgoal)", "SELECT count(*) FROM subgoal"),
    (
        "the indicators (indicator)",
        "SELECT count(*) FROM indicator",
    ),
    (
        "the directives (directive)",
        "SELECT count(*) FROM directive",
    ),
    (
        "the directives' recipients (directive_recipient)",
        "SELECT count(*) FROM directive_recipient",
    ),
    (
        "one directive's statuses (directive_status)",
        "SELECT max(n) FROM (SELECT count(*) AS n FROM directive_status GROUP BY directive_id)",
    ),
    (
        "the units with a bed series (bed_month)",
        "SELECT count(DISTINCT org_unit_id) FROM bed_month",
    ),
    (
        "the months with bed figures (bed_month)",
        "SELECT count(DISTINCT month) FROM bed_month",
    ),
    (
        "the bed targets (bed_target)",
        "SELECT count(*) FROM bed_target",
    ),
    (
        "the bed events (bed_event)",
        "SELECT count(*) FROM bed_event",
    ),
    ("the key figures (kpi)", "SELECT count(*) FROM kpi"),
    (
        "the key figures' values (kpi_value)",
        "SELECT count(*) FROM kpi_value",
    ),
    (
        "one period's notices (notice)",
        "SELECT max(n) FROM (SELECT count(*) AS n FROM notice GROUP BY period_id)",
    ),
];

/// Reads of tables a later format version added (the table, what, SQL):
/// a file of an earlier version lacks them and is not asked.
const READS_SINCE: &[(&str, &str, &str)] = &[
    (
        "investment",
        "one period's investment report (investment)",
        "SELECT max(n) FROM (SELECT count(*) AS n FROM investment GROUP BY period_id)",
    ),
    (
        "planned_change",
        "the planned changes (planned_change)",
        "SELECT count(*) FROM planned_change",
    ),
];

/// Read whole only from a file without `economy_total` (format 4): the
/// units' net-cost developments of a period. With the table they are read
/// from it, and the list of changes keeps only the lines that moved.
const PERIOD_LINES: (&str, &str) = (
    "one period's cost-type lines of every unit (economy_fact)",
    "SELECT max(n) FROM (SELECT count(*) AS n FROM economy_fact \
     WHERE cost_type_id IS NOT NULL GROUP BY period_id)",
);

pub fn check(ctx: &mut Ctx) {
    let kept_totals =
        ctx.version >= 4 && crate::snapshot::totals::present(ctx.conn).unwrap_or(false);
    let period_lines = (!kept_totals).then_some(PERIOD_LINES);
    let since = READS_SINCE.iter().filter(|(table, _, _)| {
        crate::snapshot::spec::table(table).is_some_and(|t| ctx.has_table(t))
    });
    let reads: Vec<(&str, &str)> = READS
        .iter()
        .copied()
        .chain(period_lines)
        .chain(since.map(|(_, what, sql)| (*what, *sql)))
        .collect();
    for (what, sql) in reads {
        ctx.each_row(what, sql, |ctx, row| {
            let n: Option<i64> = row.get(0)?;
            let n = u64::try_from(n.unwrap_or(0)).unwrap_or(0);
            if n > MAX_VIEW_ROWS as u64 {
                ctx.add(
                    Severity::Error,
                    "row-cap",
                    None,
                    None,
                    format!("{what} has {} rows: {TOO_MANY_ROWS}", grouped(n)),
                );
            }
            Ok(())
        });
    }
}
