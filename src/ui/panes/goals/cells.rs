//! The goal tree's columns and each node's cells.

use super::node::{Lights, Node, subgoal_counts};
use crate::data::goals::{Counts, Goal, Indicator, Subgoal};
use crate::data::restated::{Restated, Restatement};
use crate::domain::change::{Shift, judgement_shift};
use crate::domain::light::Judgement;
use crate::ui::format;
use crate::ui::screen::{Cell, Column, Glyph};
use crate::ui::strings;
use crate::ui::theme::Sem;
use rust_decimal::Decimal;

// Column order of every row's cells.
pub(super) const NAME: usize = 0;
pub(super) const NULAGE: usize = 1;
pub(super) const PROGNOS: usize = 2;
pub(super) const PER: usize = 3;
pub(super) const CHANGE: usize = 4;
pub(super) const SUBGOALS: usize = 5;
pub(super) const INDICATORS: usize = 6;
pub(super) const VALUE: usize = 7;
pub(super) const TARGET: usize = 8;
pub(super) const GAP: usize = 9;
pub(super) const LIGHT: usize = 10;

/// The lights go last when the screen is narrow; then the indicator's value
/// and distance to target, which say why its light is what it is. Empty
/// columns are left out by the drawing: "Per" shows only where a judgement
/// comes from an earlier report, "Förändr." only where one has changed.
pub(super) fn columns() -> Vec<Column> {
    vec![
        Column::name("Mål", 42),
        Column::text("Nuläge", 11, 2),
        Column::text("Prognos", 11, 1),
        Column::text("Per", 8, 3),
        Column::text("Förändr.", 9, 3),
        Column::number("Delmål", 6, 5),
        Column::number("Indikatorer", 11, 7),
        Column::number("Värde", 5, 3),
        Column::number("Målvärde", 8, 6),
        Column::number("Mot mål", 8, 4),
        Column::text("Ljus", 11, 1),
    ]
}

/// What a node's cells depend on besides the node.
pub(super) struct Context<'c> {
    /// The period viewed.
    pub period_id: &'c str,
    /// A period's short name ("aug 2025") by id, for the "Per" column.
    pub short: &'c dyn Fn(&str) -> String,
    /// The node's lights in the comparison period, if it has any.
    pub before: Option<Lights>,
    /// With `--since`: what differs from the older snapshot.
    pub restated: Option<&'c Restated>,
}

/// How the node's judgement or value row differs from the older snapshot.
pub(super) fn restatement<'r>(
    node: Node<'_>,
    restated: Option<&'r Restated>,
) -> Option<&'r Restatement> {
    let (table, column, id) = match node {
        Node::Goal(g) => ("goal_assessment", "goal_id", g.id.as_str()),
        Node::Subgoal(s) => ("subgoal_assessment", "subgoal_id", s.id.as_str()),
        Node::Indicator(i) => ("indicator_value", "indicator_id", i.id.as_str()),
    };
    restated?.get(
        table,
        &[("period_id", node.period_id()), (column, Some(id))],
    )
}

/// Every column's cell for a node, in [`columns`] order.
pub(super) fn cells(node: Node<'_>, cx: &Context<'_>) -> Vec<Cell> {
    let mut cells = vec![Cell::empty(); LIGHT + 1];
    cells[NAME] = Cell::plain(name(node));
    if node.illustrative() {
        cells[NAME] = cells[NAME]
            .clone()
            .push(strings::ILLUSTRATIVE_MARK, Sem::Illustrative);
    }
    cells[NAME] = cells[NAME]
        .clone()
        .then_tight(format::restated(restatement(node, cx.restated)));
    if let Some(from) = node.period_id().filter(|p| *p != cx.period_id) {
        cells[PER] = Cell::new((cx.short)(from), Sem::Dim);
    }
    cells[CHANGE] = change(node, cx.before);
    match node {
        Node::Goal(g) => {
            let (nulage, prognos) = node.lights();
            cells[NULAGE] = format::maybe_light(nulage);
            cells[PROGNOS] = format::maybe_light(prognos);
            cells[SUBGOALS] = counts(&subgoal_counts(g).0);
            if let Some(a) = &g.assessment {
                cells[INDICATORS] = counts(&a.indicators);
            }
        }
        Node::Subgoal(_) => {
            let (nulage, prognos) = node.lights();
            cells[NULAGE] = format::maybe_light(nulage);
            cells[PROGNOS] = format::maybe_light(prognos);
        }
        Node::Indicator(i) => {
            let light = i.light();
            cells[VALUE] = quantity(i.measured(), i.unit.as_deref());
            cells[TARGET] = quantity(i.target(), i.unit.as_deref());
            cells[GAP] = gap(&light, i.unit.as_deref(), false);
            cells[LIGHT] = indicator_light(&light);
        }
    }
    cells
}

pub(super) fn goal_name(goal: &Goal) -> String {
    format!("{} {}", goal.number, goal.title)
}

/// "HSN: text", or "HSN 4.1: text" where the board numbers its delmål.
pub(super) fn subgoal_name(subgoal: &Subgoal) -> String {
    match &subgoal.code {
        Some(code) => format!("{} {code}: {}", subgoal.owner, subgoal.text),
        None => format!("{}: {}", subgoal.owner, subgoal.text),
    }
}

fn name(node: Node<'_>) -> String {
    match node {
        Node::Goal(g) => goal_name(g),
        Node::Subgoal(s) => subgoal_name(s),
        Node::Indicator(i) => i.name.clone(),
    }
}

/// How the node's forecast (else its state now) moved since the
/// comparison period, where both periods judge it.
pub(super) fn node_shift(node: Node<'_>, before: Option<Lights>) -> Option<Shift> {
    let (was_now, was_forecast) = before?;
    let (now, forecast) = node.lights();
    let moved = |a: Option<Judgement>, b: Option<Judgement>| judgement_shift(a?, b?);
    moved(was_forecast, forecast).or_else(|| moved(was_now, now))
}

fn change(node: Node<'_>, before: Option<Lights>) -> Cell {
    node_shift(node, before).map_or_else(Cell::empty, format::shift)
}

pub(super) use format::quantity;

pub(super) use format::{distance as gap, rule_light as indicator_light};

/// "9/12: 5● 4◐ 0○": assessed of adopted, then full, partial and not, each
/// in its light's style, a zero dimmed (no goal missed is not red). Unknown
/// parts show as "?"; blank if nothing known.
pub(super) fn counts(counts: &Counts) -> Cell {
    if counts.is_empty() {
        return Cell::empty();
    }
    let known = |n: Option<i64>| n.map_or("?".to_string(), |n| n.to_string());
    let head = match (counts.assessed, counts.total) {
        (a, Some(t)) => format!("{}/{t}: ", known(a)),
        (Some(a), None) => format!("{a}: "),
        (None, None) => String::new(),
    };
    let mut cell = Cell::plain(head);
    let lights = [Judgement::Full, Judgement::Partial, Judgement::Not];
    for (i, (n, j)) in counts.parts().into_iter().zip(lights).enumerate() {
        if i > 0 {
            cell = cell.push(" ", Sem::Normal);
        }
        let sem = if n == Some(0) {
            Sem::Dim
        } else {
            Sem::Light(j)
        };
        cell = cell.push(known(n), sem).push(Glyph::Light(j), sem);
    }
    cell
}

/// The indicator's value as text, if it has one.
pub(super) fn quantity_text(value: Option<Decimal>, indicator: &Indicator) -> Option<String> {
    value.map(|v| quantity(Some(v), indicator.unit.as_deref()).text())
}
