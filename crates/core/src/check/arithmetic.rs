//! Figures that must add up: deviation against budget and outcome, parts
//! against stated totals, the budget frame bridge.
//!
//! The source reports round to whole mkr, so a difference of up to 1 mkr is a
//! note; more is a warning (parts) or an error (a deviation that contradicts
//! its own budget and outcome, which usually means a reversed sign).
//!
//! The economy facts are read once, in period order: each period's rows are
//! grouped in memory by cost type (for the split by organisation) and by unit
//! (for the split by cost type). Ids are interned, so that millions of rows
//! are compared as integers; memory holds one period's rows.

use super::{Ctx, Finding, KEEP_PER_RULE, RowRef, Severity};
use rusqlite::types::ValueRef;
use std::collections::HashMap;

/// The rounding the reports allow, in kronor.
pub const ROUNDING_KR: i128 = 1_000_000;

pub fn check(ctx: &mut Ctx) {
    economy(ctx);
    frame_bridge(ctx);
}

fn severity_of(diff: i128, beyond: Severity) -> Option<Severity> {
    match diff.abs() {
        0 => None,
        d if d <= ROUNDING_KR => Some(Severity::Note),
        _ => Some(beyond),
    }
}

/// `deviation` = `outcome − budget`, where all three are stated.
fn deviation_identity(ctx: &mut Ctx, rowid: i64, budget: i64, outcome: i64, deviation: i64) {
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

const METRICS: [&str; 4] = ["deviation", "forecast_deviation", "budget", "outcome"];

/// One economy fact as the rules need it.
struct Row {
    rowid: i64,
    /// The unit and the cost type, as [`Nodes`] indexes of their trees
    /// ([`NULL_NODE`] for `NULL` or a value that is not text).
    unit: usize,
    cost: usize,
    metrics: [Option<i64>; METRICS.len()],
    org_complete: bool,
    cost_complete: bool,
}

/// One fact within a group, as a part or a total.
struct Fact {
    rowid: i64,
    /// Its position in the dimension's tree.
    member: usize,
    metrics: [Option<i64>; METRICS.len()],
    complete: bool,
}

/// The member of a fact whose key column is `NULL` (or not text): the
/// unit's total, for cost types.
const NULL_NODE: usize = usize::MAX;

/// The ids of one tree, interned: every id, every parent id and every
/// member a fact names gets an index, so that walking the tree for millions
/// of facts compares integers and allocates nothing.
///
/// A member that is not in the tree (a dangling reference, already an
/// error of its own) is a *stranger*: interned for the period being
/// compared only and forgotten after it ([`Nodes::forget_strangers`]), so
/// that a file of millions of bad references costs no more memory than
/// one period of facts.
#[derive(Default)]
struct Nodes {
    index: HashMap<String, usize>,
    /// The id as text, for messages.
    names: Vec<String>,
    /// `None`: not an id of the tree. `Some(None)`: an id without a (text)
    /// parent. `Some(Some(p))`: an id whose parent is node `p`.
    parent: Vec<Option<Option<usize>>>,
    /// Distinct ids in the tree: the bound on any walk.
    ids: usize,
    /// This period's strangers, numbered from `names.len()` on.
    strangers: HashMap<String, usize>,
    stranger_names: Vec<String>,
}

impl Nodes {
    fn load(ctx: &Ctx, tree: &str) -> rusqlite::Result<Nodes> {
        let mut nodes = Nodes::default();
        let mut stmt = ctx
            .conn
            .prepare(&format!("SELECT id, parent_id FROM {tree}"))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let (Some(id), parent) = (lossy(row.get_ref(0)?), lossy(row.get_ref(1)?)) else {
                continue;
            };
            let id = nodes.intern(&id);
            let parent = parent.map(|p| nodes.intern(&p));
            // A later row with the same id replaces an earlier one.
            if nodes.parent[id].is_none() {
                nodes.ids += 1;
            }
            nodes.parent[id] = Some(parent);
        }
        Ok(nodes)
    }

    fn intern(&mut self, name: &str) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.names.len();
        self.index.insert(name.to_string(), i);
        self.names.push(name.to_string());
        self.parent.push(None);
        i
    }

    /// The member a key cell names: text (invalid UTF-8 made lossy), or
    /// [`NULL_NODE`] for anything else.
    fn member(&mut self, value: ValueRef<'_>) -> usize {
        let Some(name) = lossy(value) else {
            return NULL_NODE;
        };
        if let Some(&i) = self.index.get(name.as_ref()) {
            return i;
        }
        if let Some(&i) = self.strangers.get(name.as_ref()) {
            return i;
        }
        let i = self.names.len() + self.stranger_names.len();
        self.strangers.insert(name.to_string(), i);
        self.stranger_names.push(name.into_owned());
        i
    }

    /// Nodes known now: the tree's and this period's strangers.
    fn len(&self) -> usize {
        self.names.len() + self.stranger_names.len()
    }

    /// Ends a period: its strangers are not needed by the next.
    fn forget_strangers(&mut self) {
        if !self.stranger_names.is_empty() {
            self.strangers = HashMap::new();
            self.stranger_names = Vec::new();
        }
    }

    fn name(&self, node: usize) -> &str {
        match node.checked_sub(self.names.len()) {
            None => &self.names[node],
            Some(stranger) => self
                .stranger_names
                .get(stranger)
                .map_or("total", String::as_str),
        }
    }

    /// The next candidate above `node`: a cost type without a known parent
    /// is a part of the total; a unit without one has nothing above it.
    fn parent_of(&self, dimension: Dimension, node: usize) -> Option<usize> {
        if node == NULL_NODE {
            return None;
        }
        let parent = self.parent.get(node).copied().flatten().flatten();
        match dimension {
            Dimension::CostType => Some(parent.unwrap_or(NULL_NODE)),
            Dimension::Organisation => parent,
        }
    }
}

/// Text as the rules read it, borrowed where it is valid UTF-8.
fn lossy(value: ValueRef<'_>) -> Option<std::borrow::Cow<'_, str>> {
    match value {
        ValueRef::Text(t) => Some(String::from_utf8_lossy(t)),
        _ => None,
    }
}

/// Findings held back while the rows are read, so that the deviations come
/// first, then the split by organisation, then by cost type. At most
/// [`KEEP_PER_RULE`] per rule are held, as [`super::Findings`] keeps.
#[derive(Default)]
struct Held {
    items: Vec<Finding>,
    dropped: usize,
    dropped_errors: usize,
}

impl Held {
    fn add(&mut self, ctx: &Ctx, finding: Finding) {
        if ctx.skipped(finding.at.as_ref()) {
            return;
        }
        let same = self.items.iter().filter(|f| f.rule == finding.rule).count();
        if same >= KEEP_PER_RULE {
            self.dropped += 1;
            if finding.severity == Severity::Error {
                self.dropped_errors += 1;
            }
        } else {
            self.items.push(finding);
        }
    }

    fn flush(self, ctx: &mut Ctx) {
        for finding in self.items {
            ctx.out.push(finding);
        }
        ctx.out.dropped += self.dropped;
        ctx.out.dropped_errors += self.dropped_errors;
    }
}

/// Both trees, and the findings of the splits by each.
struct Splits {
    units: Nodes,
    costs: Nodes,
    /// A tree that could not be read: its split is not checked.
    units_ok: bool,
    costs_ok: bool,
    by_org: Held,
    by_cost: Held,
    group: Group,
    order: Vec<usize>,
}

/// Every economy fact once, in period order: the deviation identity per row,
/// and per period each row against the sum of its parts in both trees.
fn economy(ctx: &mut Ctx) {
    let mut splits = Splits {
        units: Nodes::default(),
        costs: Nodes::default(),
        units_ok: true,
        costs_ok: true,
        by_org: Held::default(),
        by_cost: Held::default(),
        group: Group::default(),
        order: Vec::new(),
    };
    match Nodes::load(ctx, "org_unit") {
        Ok(nodes) => splits.units = nodes,
        Err(e) => {
            splits.units_ok = false;
            ctx.query_failed("the org_unit tree", e);
        }
    }
    match Nodes::load(ctx, "cost_type") {
        Ok(nodes) => splits.costs = nodes,
        Err(e) => {
            splits.costs_ok = false;
            ctx.query_failed("the cost_type tree", e);
        }
    }
    let sql = format!(
        "SELECT rowid, period_id, org_unit_id, cost_type_id, {metrics}, \
         coalesce(org_breakdown, 'complete') = 'complete', \
         coalesce(cost_breakdown, 'complete') = 'complete' \
         FROM economy_fact ORDER BY period_id",
        metrics = METRICS.join(", ")
    );
    let mut current: Option<String> = None;
    let mut rows: Vec<Row> = Vec::new();
    ctx.each_row("deviations and sums of parts", &sql, |ctx, row| {
        let rowid: i64 = row.get(0)?;
        let mut metrics = [None; METRICS.len()];
        for (i, slot) in metrics.iter_mut().enumerate() {
            if let ValueRef::Integer(v) = row.get_ref(4 + i)? {
                *slot = Some(v);
            }
        }
        if let [Some(deviation), _, Some(budget), Some(outcome)] = metrics {
            deviation_identity(ctx, rowid, budget, outcome, deviation);
        }
        // A NULL or non-text period reads as "", as before the rows are grouped.
        let period = lossy(row.get_ref(1)?);
        let period = period.as_deref().unwrap_or_default();
        if current.as_deref() != Some(period) {
            splits.period(ctx, &mut rows);
            current = Some(period.to_string());
        }
        let flag = |i: usize| -> rusqlite::Result<bool> {
            Ok(row
                .get::<_, Option<bool>>(4 + METRICS.len() + i)?
                .unwrap_or(true))
        };
        rows.push(Row {
            rowid,
            unit: splits.units.member(row.get_ref(2)?),
            cost: splits.costs.member(row.get_ref(3)?),
            metrics,
            org_complete: flag(0)?,
            cost_complete: flag(1)?,
        });
        Ok(())
    });
    splits.period(ctx, &mut rows);
    splits.by_org.flush(ctx);
    splits.by_cost.flush(ctx);
}

impl Splits {
    /// Compares one period's rows in both trees, then empties `rows`.
    fn period(&mut self, ctx: &Ctx, rows: &mut Vec<Row>) {
        if self.units_ok {
            self.split(ctx, rows, Dimension::Organisation);
        }
        if self.costs_ok {
            self.split(ctx, rows, Dimension::CostType);
        }
        rows.clear();
        self.units.forget_strangers();
        self.costs.forget_strangers();
    }

    /// Groups the rows by the other tree's member (same cost type for the
    /// split by organisation, same unit for the split by cost type), in row
    /// order within each group, and compares each group.
    fn split(&mut self, ctx: &Ctx, rows: &[Row], dimension: Dimension) {
        let key = |r: &Row| match dimension {
            Dimension::Organisation => r.cost,
            Dimension::CostType => r.unit,
        };
        self.order.clear();
        self.order.extend(0..rows.len());
        self.order.sort_by_key(|&i| (key(&rows[i]), i));
        let (nodes, held) = match dimension {
            Dimension::Organisation => (&self.units, &mut self.by_org),
            Dimension::CostType => (&self.costs, &mut self.by_cost),
        };
        for run in self.order.chunk_by(|&a, &b| key(&rows[a]) == key(&rows[b])) {
            self.group.facts.clear();
            self.group.facts.extend(run.iter().map(|&i| {
                let r = &rows[i];
                let (member, complete) = match dimension {
                    Dimension::Organisation => (r.unit, r.org_complete),
                    Dimension::CostType => (r.cost, r.cost_complete),
                };
                Fact {
                    rowid: r.rowid,
                    member,
                    metrics: r.metrics,
                    complete,
                }
            }));
            self.group.compare(ctx, dimension, nodes, held);
        }
    }
}

/// The facts of one group (same period, same unit or cost type) and the
/// buffers the comparison reuses from group to group.
#[derive(Default)]
struct Group {
    facts: Vec<Fact>,
    /// Per node: (group stamp, the fact that has it); the last fact wins.
    present: Vec<(u64, usize)>,
    stamp: u64,
    null_present: Option<usize>,
    /// (total fact, part fact), in the parts' order.
    pairs: Vec<(usize, usize)>,
}

impl Group {
    fn present(&self, node: usize) -> Option<usize> {
        if node == NULL_NODE {
            return self.null_present;
        }
        match self.present.get(node) {
            Some(&(stamp, fact)) if stamp == self.stamp => Some(fact),
            _ => None,
        }
    }

    /// The fact of the nearest ancestor of `member` that has a row in the
    /// group. Walks at most as many steps as the tree has ids, so a cycle
    /// cannot hang it.
    fn nearest_present(&self, dimension: Dimension, nodes: &Nodes, member: usize) -> Option<usize> {
        let mut cursor = nodes.parent_of(dimension, member);
        for _ in 0..=nodes.ids {
            let candidate = cursor?;
            if let Some(fact) = self.present(candidate) {
                return Some(fact);
            }
            cursor = nodes.parent_of(dimension, candidate);
        }
        None
    }

    /// A row against the sum of its parts. The parts of a row are the rows,
    /// in the same group, whose nearest ancestor *that has a row* is this
    /// row: a board's total splits into revenue and cost lines when there is
    /// no net cost line, and the region's result into net cost, taxes and
    /// finance when there is. A figure is compared only when every part
    /// states it, and not at all when the row says its breakdown is partial.
    fn compare(&mut self, ctx: &Ctx, dimension: Dimension, nodes: &Nodes, held: &mut Held) {
        if self.facts.len() < 2 {
            return;
        }
        self.stamp += 1;
        self.null_present = None;
        if self.present.len() < nodes.len() {
            self.present.resize(nodes.len(), (0, 0));
        }
        for (i, fact) in self.facts.iter().enumerate() {
            if fact.member == NULL_NODE {
                self.null_present = Some(i);
            } else {
                self.present[fact.member] = (self.stamp, i);
            }
        }
        let mut pairs = std::mem::take(&mut self.pairs);
        pairs.clear();
        for (i, fact) in self.facts.iter().enumerate() {
            if let Some(p) = self.nearest_present(dimension, nodes, fact.member) {
                pairs.push((p, i));
            }
        }
        // Totals in row order, each with its parts in row order.
        pairs.sort_by_key(|&(p, _)| p);
        for run in pairs.chunk_by(|a, b| a.0 == b.0) {
            let total_fact = &self.facts[run[0].0];
            if !total_fact.complete {
                continue;
            }
            for (m, metric) in METRICS.iter().enumerate() {
                let Some(total) = total_fact.metrics[m] else {
                    continue;
                };
                let mut sum: i128 = 0;
                let mut all = true;
                for &(_, k) in run {
                    match self.facts[k].metrics[m] {
                        Some(v) => sum += i128::from(v),
                        None => {
                            all = false;
                            break;
                        }
                    }
                }
                if !all || i128::from(total) == sum {
                    continue;
                }
                let names: Vec<&str> = run
                    .iter()
                    .map(|&(_, k)| nodes.name(self.facts[k].member))
                    .collect();
                if let Some(finding) =
                    parts_finding(ctx, dimension, total_fact.rowid, metric, total, sum, &names)
                {
                    held.add(ctx, finding);
                }
            }
        }
        self.pairs = pairs;
    }
}

fn parts_finding(
    ctx: &Ctx,
    dimension: Dimension,
    rowid: i64,
    metric: &'static str,
    total: i64,
    sum: i128,
    names: &[&str],
) -> Option<Finding> {
    let diff = i128::from(total) - sum;
    let severity = severity_of(diff, Severity::Warning)?;
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
    Some(Finding {
        severity,
        rule,
        message,
        at,
        value: None,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A member the tree does not know is remembered for its period only:
    /// millions of dangling references in a file cost one period's worth.
    #[test]
    fn strangers_are_forgotten_after_their_period() {
        let mut nodes = Nodes::default();
        let hsn = nodes.intern("hsn");
        nodes.parent[hsn] = Some(None);
        let tree = nodes.len();
        let text = |s: &'static str| ValueRef::Text(s.as_bytes());
        assert_eq!(nodes.member(text("hsn")), hsn);
        let stranger = nodes.member(text("u1"));
        assert_eq!(
            nodes.member(text("u1")),
            stranger,
            "the same within a period"
        );
        assert_ne!(nodes.member(text("u2")), stranger);
        assert_eq!(nodes.name(stranger), "u1");
        assert_eq!(nodes.len(), tree + 2);
        assert_eq!(nodes.parent_of(Dimension::Organisation, stranger), None);
        assert_eq!(
            nodes.parent_of(Dimension::CostType, stranger),
            Some(NULL_NODE)
        );
        nodes.forget_strangers();
        assert_eq!(nodes.len(), tree);
        assert_eq!(nodes.index.len(), 1);
        assert_eq!(nodes.member(text("hsn")), hsn);
        assert_eq!(nodes.name(NULL_NODE), "total");
    }
}
