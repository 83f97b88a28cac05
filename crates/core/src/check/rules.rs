//! Rules across rows: the metadata, the two trees, provenance, goals' parents
//! and counts, periods.

use super::{Ctx, RowRef, Severity};
use crate::domain::money::MoneyUnit;
use crate::snapshot::spec::{META_KEYS, TABLES};
use rusqlite::{Connection, OptionalExtension};

pub fn check(ctx: &mut Ctx) {
    meta(ctx);
    focus_unit(ctx);
    measures(ctx);
    judgements(ctx);
    trees(ctx);
    year_links(ctx);
    provenance(ctx);
    indicators(ctx);
    periods(ctx);
    goal_counts(ctx);
}

/// The display unit from `meta.money_unit`, if it is a valid one.
pub fn money_unit(conn: &Connection) -> Option<MoneyUnit> {
    let text: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'money_unit'", [], |r| {
            r.get(0)
        })
        .optional()
        .ok()
        .flatten();
    text.as_deref().and_then(MoneyUnit::parse)
}

/// `meta.focus_unit`, optional: the board the snapshot is about, which
/// the overview shows. It must name an organisation unit.
fn focus_unit(ctx: &mut Ctx) {
    ctx.flag_rows(
        Severity::Error,
        "focus-unit",
        "meta",
        Some("value"),
        "SELECT rowid, value FROM meta WHERE key = 'focus_unit' \
         AND value NOT IN (SELECT id FROM org_unit WHERE id IS NOT NULL)",
        "focus_unit names no org_unit",
    );
}

/// A directive's target is measured by a key figure or an indicator, not
/// both (format version 2).
fn measures(ctx: &mut Ctx) {
    if !(ctx.has("directive", "kpi_id") && ctx.has("directive", "indicator_id")) {
        return;
    }
    ctx.flag_rows(
        Severity::Error,
        "two-measures",
        "directive",
        Some("indicator_id"),
        "SELECT rowid, indicator_id FROM directive WHERE kpi_id IS NOT NULL AND indicator_id IS NOT NULL",
        "a directive links a key figure (kpi_id) and an indicator (indicator_id): link one",
    );
}

/// A report's judgement of a directive is its own words (format version
/// 3): a judgement needs the quote it is taken from, and a quote without a
/// judgement says nothing the cockpit can show.
fn judgements(ctx: &mut Ctx) {
    if !(ctx.has("directive_status", "judgement") && ctx.has("directive_status", "judgement_quote"))
    {
        return;
    }
    ctx.flag_rows(
        Severity::Warning,
        "judgement-unquoted",
        "directive_status",
        Some("judgement_quote"),
        "SELECT rowid, judgement_quote FROM directive_status \
         WHERE judgement IS NOT NULL AND judgement <> 'not_judged' \
         AND (judgement_quote IS NULL OR trim(judgement_quote) = '')",
        "a judgement without the report's words (judgement_quote): quote the report",
    );
    ctx.flag_rows(
        Severity::Warning,
        "quote-unjudged",
        "directive_status",
        Some("judgement"),
        "SELECT rowid, judgement FROM directive_status \
         WHERE judgement IS NULL AND judgement_quote IS NOT NULL",
        "a judgement_quote without a judgement: state what the report judges (met, partly, not_met, not_judged)",
    );
}

fn meta(ctx: &mut Ctx) {
    for key in META_KEYS {
        let found: rusqlite::Result<Option<(i64, Option<String>)>> = ctx
            .conn
            .query_row("SELECT rowid, value FROM meta WHERE key = ?1", [key], |r| {
                // Read as bytes: invalid UTF-8 is reported by the value
                // rules, and is not "empty".
                let value = match r.get_ref(1)? {
                    rusqlite::types::ValueRef::Text(t) => {
                        Some(String::from_utf8_lossy(t).into_owned())
                    }
                    rusqlite::types::ValueRef::Null => None,
                    other => Some(super::value_text(other, "")),
                };
                Ok((r.get(0)?, value))
            })
            .optional();
        match found {
            Ok(None) => ctx.add(
                Severity::Error,
                "meta",
                None,
                None,
                format!(
                    "meta has no '{key}' (required keys: {})",
                    META_KEYS.join(", ")
                ),
            ),
            Ok(Some((rowid, value))) => {
                let value = value.unwrap_or_default();
                let at = Some(RowRef {
                    table: "meta",
                    rowid,
                    column: Some("value"),
                });
                let problem = match *key {
                    _ if value.trim().is_empty() => Some(format!("meta '{key}' is empty")),
                    "money_unit" if MoneyUnit::parse(&value).is_none() => {
                        Some("meta 'money_unit' must be kr, tkr or mkr".to_string())
                    }
                    "created_at" if !is_timestamp(&value) => {
                        Some("meta 'created_at' must be an ISO 8601 date or date-time".to_string())
                    }
                    _ => None,
                };
                if let Some(problem) = problem {
                    let shown = super::value_text(
                        rusqlite::types::ValueRef::Text(value.as_bytes()),
                        "empty",
                    );
                    ctx.add(Severity::Error, "meta", at, Some(shown), problem);
                }
            }
            Err(e) => ctx.query_failed("meta", e),
        }
    }
}

fn is_timestamp(text: &str) -> bool {
    text.get(..10).is_some_and(crate::domain::calendar::is_date)
        && (text.len() == 10 || chrono::DateTime::parse_from_rfc3339(text).is_ok())
}

/// One root of kind region; every unit reachable from it; a cost type in the
/// same group as its parent.
fn trees(ctx: &mut Ctx) {
    ctx.each_row(
        "the organisation's root",
        "SELECT count(*), coalesce(sum(kind = 'region'), 0) FROM org_unit WHERE parent_id IS NULL",
        |ctx, row| {
            let (roots, regions): (i64, i64) = (row.get(0)?, row.get(1)?);
            if roots != 1 || regions != 1 {
                ctx.add(
                    Severity::Error,
                    "org-root",
                    None,
                    None,
                    format!(
                        "the organisation must have exactly one root unit (no parent) of kind \
                         'region'; it has {roots} root(s), {regions} of kind region"
                    ),
                );
            }
            Ok(())
        },
    );
    for (table, rule) in [("org_unit", "org-cycle"), ("cost_type", "cost-type-cycle")] {
        // UNION (not UNION ALL) makes the walk stop even if the data has a cycle.
        let sql = format!(
            "WITH RECURSIVE reached(id) AS (SELECT id FROM {table} WHERE parent_id IS NULL \
             UNION SELECT t.id FROM {table} t JOIN reached r ON t.parent_id = r.id) \
             SELECT rowid, parent_id FROM {table} WHERE id NOT IN (SELECT id FROM reached) \
             AND parent_id IN (SELECT id FROM {table})"
        );
        ctx.flag_rows(
            Severity::Error,
            rule,
            table,
            Some("parent_id"),
            &sql,
            "the parent chain of this row loops back on itself",
        );
    }
    ctx.flag_rows(
        Severity::Error,
        "cost-type-group",
        "cost_type",
        Some("grp"),
        "SELECT c.rowid, c.grp FROM cost_type c JOIN cost_type p ON p.id = c.parent_id \
         WHERE c.grp <> p.grp AND NOT (p.grp = 'net' AND c.grp IN ('revenue', 'cost'))",
        "a cost type must be in its parent's group (under a net line: revenue or cost)",
    );
}

/// `previous_id` links a row to the same delmål, indicator, directive or
/// key figure in the previous plan year (format versions 3 and 4): a chain
/// of such links must end, or "last year's" would be this year's own row.
/// Walked from the rows that link nowhere, as the trees are, so the check
/// is linear however long the chains.
fn year_links(ctx: &mut Ctx) {
    for table in TABLES.iter().filter(|t| t.column("previous_id").is_some()) {
        if !ctx.has(table.name, "previous_id") {
            continue;
        }
        let t = table.name;
        // UNION (not UNION ALL) makes the walk stop even if the data has a cycle.
        let sql = format!(
            "WITH RECURSIVE reached(id) AS (SELECT id FROM {t} WHERE id IS NOT NULL \
             AND (previous_id IS NULL OR previous_id NOT IN (SELECT id FROM {t} WHERE id IS NOT NULL)) \
             UNION SELECT n.id FROM {t} n JOIN reached r ON n.previous_id = r.id) \
             SELECT rowid, previous_id FROM {t} WHERE id IS NOT NULL \
             AND id NOT IN (SELECT id FROM reached) AND previous_id IN (SELECT id FROM {t})"
        );
        ctx.flag_rows(
            Severity::Error,
            "year-link-cycle",
            t,
            Some("previous_id"),
            &sql,
            "the previous_id chain of this row loops back on itself: last year's row cannot be this one or a later one",
        );
    }
}

fn provenance(ctx: &mut Ctx) {
    for table in TABLES.iter().filter(|t| t.provenance) {
        if !ctx.has_table(table) {
            continue; // a table an older format version lacks
        }
        let sql = format!(
            "SELECT rowid, source_id FROM \"{}\" WHERE source_id IS NULL AND \
             coalesce(illustrative, 0) = 0",
            table.name
        );
        ctx.flag_rows(
            Severity::Error,
            "provenance",
            table.name,
            Some("source_id"),
            &sql,
            "a figure needs a source_id, or illustrative = 1 if it is not from a source",
        );
    }
}

fn indicators(ctx: &mut Ctx) {
    ctx.flag_rows(
        Severity::Error,
        "indicator-parent",
        "indicator",
        Some("goal_id"),
        "SELECT rowid, id FROM indicator WHERE (goal_id IS NULL) = (subgoal_id IS NULL)",
        "an indicator belongs to exactly one goal (goal_id) or delmål (subgoal_id)",
    );
}

fn periods(ctx: &mut Ctx) {
    ctx.flag_rows(
        Severity::Warning,
        "period-year",
        "period",
        Some("year"),
        "SELECT rowid, year FROM period WHERE typeof(end_date) = 'text' \
         AND CAST(substr(end_date, 1, 4) AS INTEGER) <> year",
        "the period's year differs from the year of its end date",
    );
}

/// The counts a report gives instead of the delmål must agree with each other.
fn goal_counts(ctx: &mut Ctx) {
    for (what, assessed_col, full_col) in [
        ("subgoals", "subgoals_assessed", "subgoals_full"),
        ("indicators", "indicators_assessed", "indicators_full"),
    ] {
        let sql = format!(
            "SELECT rowid, {w}_total, {w}_assessed, {w}_full, {w}_partial, {w}_not \
             FROM goal_assessment",
            w = what
        );
        ctx.each_row("goal counts", &sql, |ctx, row| {
            let rowid: i64 = row.get(0)?;
            let n = |i| row.get::<_, Option<i64>>(i).ok().flatten();
            let (total, assessed, full, partial, not) = (n(1), n(2), n(3), n(4), n(5));
            let at = |col| {
                Some(RowRef {
                    table: "goal_assessment",
                    rowid,
                    column: Some(col),
                })
            };
            if let (Some(total), Some(assessed)) = (total, assessed) {
                if assessed > total {
                    let msg = format!("{assessed} {what} assessed but only {total} adopted");
                    ctx.add(
                        Severity::Warning,
                        "goal-counts",
                        at(assessed_col),
                        None,
                        msg,
                    );
                }
            }
            if let (Some(a), Some(f), Some(p), Some(x)) = (assessed, full, partial, not) {
                // i128: counts come from the file and may be absurd.
                let sum = i128::from(f) + i128::from(p) + i128::from(x);
                if sum != i128::from(a) {
                    let msg = format!(
                        "{what}: {f} full + {p} partial + {x} not = {sum}, but {a} are assessed"
                    );
                    ctx.add(Severity::Warning, "goal-counts", at(full_col), None, msg);
                }
            }
            Ok(())
        });
    }
}
