//! Figures that must add up: deviation against budget and outcome, parts
//! against stated totals, the budget frame bridge.
//!
//! The source reports round to whole mkr, so a difference of up to 1 mkr is a
//! note; more is a warning (parts) or an error (a deviation that contradicts
//! its own budget and outcome, which usually means a reversed sign).

use super::{Ctx, RowRef, Severity};
use std::collections::HashMap;

/// The rounding the reports allow, in kronor.
pub const ROUNDING_KR: i128 = 1_000_000;

pub fn check(ctx: &mut Ctx) {
    deviation_identity(ctx);
    parts(ctx, Dimension::Organisation);
    parts(ctx, Dimension::CostType);
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

/// The two ways a row splits into parts.
#[derive(Clone, Copy)]
enum Dimension {
    /// Parts are the rows of child units (same period and cost type).
    Organisation,
    /// Parts are the rows of child cost types (same period and unit).
    CostType,
}

impl Dimension {
    fn tree(self) -> &'static str {
        match self {
            Dimension::Organisation => "org_unit",
            Dimension::CostType => "cost_type",
        }
    }
}

/// One economy fact as the parts rule needs it.
struct Fact {
    rowid: i64,
    /// Its position in the dimension's tree; `None` is the unit's total.
    member: Option<String>,
    metrics: [Option<i64>; METRICS.len()],
    complete: bool,
}

const METRICS: [&str; 4] = ["deviation", "forecast_deviation", "budget", "outcome"];

/// A row against the sum of its parts. The parts of a row are the rows, in
/// the same group, whose nearest ancestor *that has a row* is this row: a
/// board's total splits into revenue and cost lines when there is no net
/// cost line, and the region's result into net cost, taxes and finance when
/// there is. A figure is compared only when every part states it, and not at
/// all when the row says its breakdown is partial.
fn parts(ctx: &mut Ctx, dimension: Dimension) {
    let parents = match parent_map(ctx, dimension.tree()) {
        Ok(parents) => parents,
        Err(e) => return ctx.query_failed(&format!("the {} tree", dimension.tree()), e),
    };
    let (member, group, flag) = match dimension {
        Dimension::Organisation => ("org_unit_id", "cost_type_id", "org_breakdown"),
        Dimension::CostType => ("cost_type_id", "org_unit_id", "cost_breakdown"),
    };
    let sql = format!(
        "SELECT rowid, period_id, {group}, {member}, {metrics}, coalesce({flag}, 'complete') = 'complete' \
         FROM economy_fact ORDER BY period_id, {group}",
        metrics = METRICS.join(", ")
    );
    let mut current: Option<(String, Option<String>)> = None;
    let mut facts: Vec<Fact> = Vec::new();
    ctx.each_row("sums of parts", &sql, |ctx, row| {
        let key = (
            text(row.get_ref(1)?).unwrap_or_default(),
            text(row.get_ref(2)?),
        );
        if current.as_ref() != Some(&key) {
            compare_group(ctx, dimension, &parents, &facts);
            facts.clear();
            current = Some(key);
        }
        let mut metrics = [None; METRICS.len()];
        for (i, slot) in metrics.iter_mut().enumerate() {
            if let rusqlite::types::ValueRef::Integer(v) = row.get_ref(4 + i)? {
                *slot = Some(v);
            }
        }
        facts.push(Fact {
            rowid: row.get(0)?,
            member: text(row.get_ref(3)?),
            metrics,
            complete: row
                .get::<_, Option<bool>>(4 + METRICS.len())?
                .unwrap_or(true),
        });
        Ok(())
    });
    compare_group(ctx, dimension, &parents, &facts);
}

fn text(value: rusqlite::types::ValueRef<'_>) -> Option<String> {
    match value {
        rusqlite::types::ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
        _ => None,
    }
}

fn parent_map(ctx: &Ctx, tree: &str) -> rusqlite::Result<HashMap<String, Option<String>>> {
    let mut stmt = ctx
        .conn
        .prepare(&format!("SELECT id, parent_id FROM {tree}"))?;
    let rows = stmt.query_map([], |r| Ok((text(r.get_ref(0)?), text(r.get_ref(1)?))))?;
    let mut map = HashMap::new();
    for row in rows {
        if let (Some(id), parent) = row? {
            map.insert(id, parent);
        }
    }
    Ok(map)
}

/// The nearest ancestor of `member` that has a row in the group. Walks at
/// most as many steps as the tree has nodes, so a cycle cannot hang it.
fn nearest_present<'a>(
    dimension: Dimension,
    parents: &HashMap<String, Option<String>>,
    present: &'a HashMap<Option<String>, usize>,
    member: &Option<String>,
) -> Option<&'a Option<String>> {
    let parent_of = |m: &Option<String>| -> Option<Option<String>> {
        match (m, dimension) {
            (None, _) => None,
            (Some(id), Dimension::CostType) => Some(parents.get(id).cloned().flatten()),
            (Some(id), Dimension::Organisation) => parents.get(id).cloned().flatten().map(Some),
        }
    };
    let mut cursor = parent_of(member);
    for _ in 0..=parents.len() {
        let candidate = cursor?;
        if let Some((key, _)) = present.get_key_value(&candidate) {
            return Some(key);
        }
        cursor = parent_of(&candidate);
    }
    None
}

fn compare_group(
    ctx: &mut Ctx,
    dimension: Dimension,
    parents: &HashMap<String, Option<String>>,
    facts: &[Fact],
) {
    if facts.len() < 2 {
        return;
    }
    let present: HashMap<Option<String>, usize> = facts
        .iter()
        .enumerate()
        .map(|(i, f)| (f.member.clone(), i))
        .collect();
    let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, fact) in facts.iter().enumerate() {
        if let Some(parent) = nearest_present(dimension, parents, &present, &fact.member) {
            children.entry(present[parent]).or_default().push(i);
        }
    }
    for (&p, kids) in &children {
        let parent = &facts[p];
        if !parent.complete {
            continue;
        }
        for (m, metric) in METRICS.iter().enumerate() {
            let Some(total) = parent.metrics[m] else {
                continue;
            };
            let Some(values) = kids
                .iter()
                .map(|&k| facts[k].metrics[m])
                .collect::<Option<Vec<i64>>>()
            else {
                continue;
            };
            let sum: i128 = values.iter().map(|&v| i128::from(v)).sum();
            let names: Vec<&str> = kids
                .iter()
                .map(|&k| facts[k].member.as_deref().unwrap_or("total"))
                .collect();
            report_parts(ctx, dimension, parent.rowid, metric, total, sum, &names);
        }
    }
}

fn report_parts(
    ctx: &mut Ctx,
    dimension: Dimension,
    rowid: i64,
    metric: &'static str,
    total: i64,
    sum: i128,
    names: &[&str],
) {
    let diff = i128::from(total) - sum;
    let Some(severity) = severity_of(diff, Severity::Warning) else {
        return;
    };
    let (parts, flag) = match dimension {
        Dimension::Organisation => ("its units", "org_breakdown"),
        Dimension::CostType => ("its cost types", "cost_breakdown"),
    };
    let shown: Vec<String> = names
        .iter()
        .take(8)
        .map(|n| super::value_text(rusqlite::types::ValueRef::Text(n.as_bytes()), ""))
        .collect();
    let more = if names.len() > 8 {
        format!(" and {} more", names.len() - 8)
    } else {
        String::new()
    };
    let message = format!(
        "{metric} {} but {parts} ({}{more}) add up to {}: off by {}{}",
        ctx.money(total),
        shown.join(", "),
        money_i128(ctx, sum),
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
