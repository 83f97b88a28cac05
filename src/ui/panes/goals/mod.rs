//! Mål: the regional goals with their two lights, each board's delmål under
//! them and the indicators under those, as one tree table; as of the period
//! (each judgement the latest of the year, marked when it is an earlier
//! report's), with what changed since the comparison period; a filter on
//! red, yellow or grey; a detail page per node with the analysis and the
//! source.

mod cells;
mod detail;
mod node;
#[cfg(test)]
mod tests;

pub use super::registry::{GoalFilter, GoalsKey};
use super::{Ctx, Effect, Pane};
use crate::data;
use crate::data::goals::{GoalTree, Part};
use crate::domain::light::Judgement;
use crate::domain::vocab::Topic;
use crate::keymap::Action;
use crate::ui::format;
use crate::ui::screen::{Body, Cell, Nav, Row, Screen, Table};
use crate::ui::theme::Sem;
use cells::Context;
use node::{Node, every_node, lights_by_id};
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

pub struct Goals;

impl GoalFilter {
    fn next(self) -> GoalFilter {
        match self {
            GoalFilter::All => GoalFilter::Red,
            GoalFilter::Red => GoalFilter::Yellow,
            GoalFilter::Yellow => GoalFilter::Grey,
            GoalFilter::Grey => GoalFilter::All,
        }
    }

    fn judgement(self) -> Option<Judgement> {
        match self {
            GoalFilter::All => None,
            GoalFilter::Red => Some(Judgement::Not),
            GoalFilter::Yellow => Some(Judgement::Partial),
            GoalFilter::Grey => Some(Judgement::NoData),
        }
    }

    /// The colour as the caption says it ("röda") and in the singular ("röd").
    fn words(self) -> Option<(&'static str, &'static str)> {
        match self {
            GoalFilter::All => None,
            GoalFilter::Red => Some(("röda", "röd")),
            GoalFilter::Yellow => Some(("gula", "gul")),
            GoalFilter::Grey => Some(("grå", "grå")),
        }
    }
}

impl Pane for Goals {
    type Key = GoalsKey;

    fn build(ctx: &Ctx<'_>, key: &GoalsKey) -> data::Result<Screen> {
        match key {
            GoalsKey::Tree { expanded, filter } => tree(ctx, key, expanded, *filter),
            GoalsKey::Detail { node } => detail::screen(ctx, key, node),
        }
    }

    fn act(ctx: &Ctx<'_>, key: &GoalsKey, row: Option<&Row>, action: Action) -> Option<Effect> {
        let GoalsKey::Tree { expanded, filter } = key else {
            return None;
        };
        let (mut expanded, mut filter) = (expanded.clone(), *filter);
        match action {
            Action::Toggle => {
                let id = &row.filter(|r| r.expanded.is_some())?.id;
                if !expanded.remove(id) {
                    expanded.insert(id.clone());
                }
            }
            Action::ToggleAll => {
                let tree = ctx.store.goal_tree_kept(ctx.period).ok()?;
                let parents: BTreeSet<String> = every_node(&tree)
                    .into_iter()
                    .filter(|(n, _)| !n.children().is_empty())
                    .map(|(n, _)| n.id())
                    .collect();
                expanded = if parents.is_subset(&expanded) {
                    BTreeSet::new()
                } else {
                    parents
                };
            }
            Action::Filter => filter = filter.next(),
            Action::NextException | Action::PrevException => {
                let tree = ctx.store.goal_tree_kept(ctx.period).ok()?;
                let forward = action == Action::NextException;
                let (id, above) = next_exception(&tree, row.map(|r| r.id.as_str()), forward)?;
                expanded.extend(above);
                let key = GoalsKey::Tree { expanded, filter };
                return Some(Effect::Show(key.into(), id));
            }
            _ => return None,
        }
        Some(Effect::Replace(GoalsKey::Tree { expanded, filter }.into()))
    }
}

/// The next red or yellow node after `from` in the whole tree, open or
/// not, wrapping: its id and the ids of the nodes that must open to show it.
fn next_exception(
    tree: &GoalTree,
    from: Option<&str>,
    forward: bool,
) -> Option<(String, Vec<String>)> {
    let mut nodes = every_node(tree);
    if !forward {
        nodes.reverse();
    }
    let start = from
        .and_then(|id| nodes.iter().position(|(n, _)| n.id() == id))
        .map_or(0, |i| i + 1);
    let n = nodes.len();
    (0..n)
        .map(|step| &nodes[(start + step) % n.max(1)])
        .find(|(node, _)| node.exception())
        .map(|(node, above)| (node.id(), above.clone()))
}

/// How the tree is walked: by the user's expansions, or, under a filter,
/// every match with its ancestors whatever is expanded (a filter that hid
/// matches inside closed goals would look like "none").
struct Walk<'k> {
    expanded: &'k BTreeSet<String>,
    filter: Option<Judgement>,
    cells: Context<'k>,
    before: Option<HashMap<String, node::Lights>>,
}

impl Walk<'_> {
    fn rows(&mut self, node: Node<'_>, depth: u16, rows: &mut Vec<Row>) {
        if self.filter.is_some_and(|wanted| !node.matches(wanted)) {
            return;
        }
        let id = node.id();
        let children = node.children();
        let open = self.filter.is_some() || self.expanded.contains(&id);
        // Under a filter the tree is fixed, so Enter opens the detail.
        let expanded = (self.filter.is_none() && node.has_children()).then_some(open);
        let detail = Nav::Push(GoalsKey::Detail { node: id.clone() }.into());
        self.cells.before = self
            .before
            .as_ref()
            .and_then(|b| b.get(&id).or_else(|| b.get(&node.previous_id()?)).copied());
        rows.push(Row {
            id,
            cells: cells::cells(node, &self.cells),
            depth,
            expanded,
            drill: None,
            detail: Some(detail),
            exception: node.exception(),
            heading: false,
            source: node.provenance().cloned(),
            as_of: node.period_id().map(str::to_string),
            noted: false,
            pending: false,
        });
        if open {
            for child in children {
                self.rows(child, depth + 1, rows);
            }
        }
    }
}

fn tree(
    ctx: &Ctx<'_>,
    key: &GoalsKey,
    expanded: &BTreeSet<String>,
    filter: GoalFilter,
) -> data::Result<Screen> {
    // A filter shows matches anywhere in the tree, so it reads it whole;
    // otherwise the goals, the delmål and the open ones' indicators.
    let (goals, before) = match filter {
        GoalFilter::All => {
            let goals = shown_part(ctx, ctx.period, expanded)?;
            let before = match ctx.compare {
                Some(q) => Some(lights_by_id(&*before_part(ctx, q, &goals, expanded)?)),
                None => None,
            };
            (goals, before)
        }
        _ => {
            let before = match ctx.compare {
                Some(q) => Some(lights_by_id(&*ctx.store.goal_tree_kept(q)?)),
                None => None,
            };
            (ctx.store.goal_tree_kept(ctx.period)?, before)
        }
    };
    let short = |id: &str| format::short_period_of(ctx.store, id);
    let mut walk = Walk {
        expanded,
        filter: filter.judgement(),
        cells: Context {
            period_id: &ctx.period.id,
            short: &short,
            before: None,
            restated: ctx.store.restated.as_ref(),
        },
        before,
    };
    let mut rows = Vec::new();
    for goal in &goals.goals {
        walk.rows(Node::Goal(goal), 0, &mut rows);
    }
    let label = &ctx.period.label;
    let empty = match filter.words() {
        Some((_, one)) => format!("Inget {one}t ljus, nu eller i prognos, för {label} (f byter)."),
        None => "Ögonblicksbilden har inga mål.".to_string(),
    };
    let table = Table {
        columns: cells::columns(),
        rows,
        empty,
        caption: caption(ctx, &goals, filter),
    };
    Ok(Screen::new(key.clone().into(), "Mål", Body::Table(table)))
}

/// The ids, without their kind, of the open goals and delmål: the nodes
/// whose indicators the tree shows.
fn open_parents(expanded: &BTreeSet<String>) -> (Vec<String>, Vec<String>) {
    let of = |kind: &str| {
        expanded
            .iter()
            .filter_map(|id| id.strip_prefix(kind))
            .map(str::to_string)
            .collect()
    };
    (of("goal:"), of("subgoal:"))
}

/// The part of `period`'s tree the rows show: the goals, the delmål and
/// the indicators of the open ones.
fn shown_part(
    ctx: &Ctx<'_>,
    period: &data::Period,
    expanded: &BTreeSet<String>,
) -> data::Result<Rc<GoalTree>> {
    let (goals, subgoals) = open_parents(expanded);
    let part = Part::Under {
        goals: &goals,
        subgoals: &subgoals,
    };
    ctx.store.goal_tree_part(period, part)
}

/// The part of the comparison period's tree a change mark may look up:
/// the goals, the delmål, and the indicators shown now under the open
/// nodes, by their id or the id they link to last year.
fn before_part(
    ctx: &Ctx<'_>,
    before: &data::Period,
    shown: &GoalTree,
    expanded: &BTreeSet<String>,
) -> data::Result<Rc<GoalTree>> {
    let mut ids = Vec::new();
    for goal in &shown.goals {
        let mut indicators = Vec::new();
        if expanded.contains(&Node::Goal(goal).id()) {
            indicators.extend(&goal.indicators);
            for subgoal in &goal.subgoals {
                if expanded.contains(&Node::Subgoal(subgoal).id()) {
                    indicators.extend(&subgoal.indicators);
                }
            }
        }
        for i in indicators {
            ids.push(i.id.clone());
            ids.extend(i.previous_id.clone());
        }
    }
    ctx.store.goal_tree_part(before, Part::Indicators(&ids))
}

/// What decides what the rows are first (the filter; that nothing, or
/// only the delmål, is assessed), then the period's notices about goals.
fn caption(ctx: &Ctx<'_>, goals: &GoalTree, filter: GoalFilter) -> Option<Cell> {
    let mut parts: Vec<Cell> = Vec::new();
    if let Some((word, _)) = filter.words() {
        parts.push(Cell::new(format!("Filter: {word} (f byter)"), Sem::Key));
    }
    if !goals.has_assessments() {
        parts.push(Cell::new(
            format!("Inga målbedömningar i år t.o.m. {}", ctx.period.label),
            Sem::Dim,
        ));
    } else if filter == GoalFilter::All && goals.goals.iter().all(|g| g.assessment.is_none()) {
        // Otherwise the root shows names and no lights, as if nothing were
        // assessed (HSN's delårsrapport 2025 judges only its delmål).
        parts.push(Cell::new(
            "Bara delmålen är bedömda (o fäller ut alla)",
            Sem::Dim,
        ));
    }
    parts.extend(format::notice_caption(ctx.notices, Topic::Goals));
    parts.into_iter().reduce(Cell::then)
}
