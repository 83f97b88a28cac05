//! The goal tree's columns and each node's cells.

use super::node::{Lights, Node, subgoal_counts, subgoal_counts_now};
use crate::data::goals::{Counts, Goal, Indicator, Subgoal};
use crate::data::restated::{Restated, Restatement};
use crate::domain::change::{Shift, judgement_shift};
use crate::domain::light::{IndicatorLight, Judgement};
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
pub(super) const SUBGOALS_NOW: usize = 5;
pub(super) const SUBGOALS: usize = 6;
pub(super) const INDICATORS: usize = 7;
pub(super) const VALUE: usize = 8;
pub(super) const TARGET: usize = 9;
pub(super) const GAP: usize = 10;
pub(super) const LIGHT: usize = 11;

/// The lights go last when the screen is narrow; then the indicator's value
/// and distance to target, which say why its light is what it is. Empty
/// columns are left out by the drawing: "Per" shows only where a judgement
/// comes from an earlier report, "Förändr." only where one has changed.
pub(super) fn columns() -> Vec<Column> {
    vec![
        // Narrower than the goals' names, so that the delmål's counts in
        // words fit beside them at 80 columns.
        Column::name("Mål", 30),
        Column::text("Nuläge", 11, 2),
        Column::text("Prognos", 11, 1),
        Column::text("Per", 8, 3),
        Column::text("Förändr.", 9, 3),
        // Both judgements of the delmål, each labelled: the state now and
        // the forecast often differ ("inte uppnått vid tertial två",
        // prognosis "helt").
        // Width 0: as wide as the words, never cut while the name has room.
        Column::text("Delmål nu", 0, 5),
        Column::text("Delmål prognos", 0, 5),
        // Width 0 as the delmål's: glyphs and words, left-aligned, left out
        // where they do not fit whole.
        Column::text("Indikatorer", 0, 7),
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
            cells[SUBGOALS_NOW] = counts_in_words(&subgoal_counts_now(g));
            cells[SUBGOALS] = counts_in_words(&subgoal_counts(g).0);
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
            // A full-year forecast is the report's prognosis, never a
            // value to date: it stands under "Prognos", as text there (the
            // column holds judgements' words, not one unit's numbers).
            if let Some(forecast) = i.value.as_ref().and_then(|v| v.forecast) {
                cells[PROGNOS] = Cell::plain(quantity(Some(forecast), i.unit.as_deref()).text());
            }
            cells[TARGET] = quantity(i.target(), i.unit.as_deref());
            cells[GAP] = gap(&light, i.unit.as_deref(), false);
            if let Some(on_forecast) = forecast_light(i) {
                let distance = gap(&on_forecast, i.unit.as_deref(), false);
                if !distance.is_blank() {
                    cells[GAP] = distance.push(" progn.", Sem::Dim);
                }
            }
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

/// "9/12: ● 5 helt ◐ 4 delvis": assessed of adopted, then full, partial
/// and not, each in its light's style, a light no indicator has left out.
/// Unknown parts show as "?"; blank if nothing known.
pub(super) fn counts(counts: &Counts) -> Cell {
    if counts.is_empty() {
        return Cell::empty();
    }
    let known = |n: Option<i64>| n.map_or("?".to_string(), |n| n.to_string());
    let head = match (counts.assessed, counts.total) {
        (a, Some(t)) => format!("{}/{t}", known(a)),
        (Some(a), None) => a.to_string(),
        (None, None) => String::new(),
    };
    // Each light as glyph, count and word ("● 4 helt"), so that it reads
    // without colour and without a legend; a light nobody has is left out,
    // as in the delmål's counts.
    let mut lit = Cell::empty();
    let lights = [Judgement::Full, Judgement::Partial, Judgement::Not];
    for (n, j) in counts.parts().into_iter().zip(lights) {
        if n == Some(0) {
            continue;
        }
        if !lit.is_blank() {
            lit = lit.push(" ", Sem::Normal);
        }
        let sem = Sem::Light(j);
        lit = lit
            .push(Glyph::Light(j), sem)
            .push(format!(" {} {}", known(n), j.label().to_lowercase()), sem);
    }
    match (head.is_empty(), lit.is_blank()) {
        (_, true) => Cell::new(format!("{head} bedömda").trim_start().to_string(), Sem::Dim),
        (true, false) => lit,
        (false, false) => Cell::plain(format!("{head}: ")).then_tight(lit),
    }
}

/// The rule's reading of an indicator's full-year forecast, where the
/// report gives a forecast and no value: how far the forecast lies from the
/// year's target ("4 p.e. över" a ceiling of 18 % for a forecast of 22 %).
/// The light itself stays the report's (or none).
pub(super) fn forecast_light(i: &Indicator) -> Option<IndicatorLight> {
    if i.measured().is_some() {
        return None;
    }
    let forecast = i.value.as_ref()?.forecast?;
    let mut on_forecast = i.clone();
    let value = on_forecast.value.as_mut()?;
    value.value = Some(forecast);
    // A forecast is for the whole year, the span of the year's target.
    value.year_end = true;
    Some(on_forecast.light())
}

/// Counts in words, zeros left out, so that no legend is needed and 80
/// columns hold them: "1 delvis 1 inte av 2", "0 bedömda av 2". The words
/// carry the judgement's colour where there is colour.
pub(super) fn counts_in_words(counts: &Counts) -> Cell {
    if counts.is_empty() {
        return Cell::empty();
    }
    let mut cell = Cell::empty();
    let lights = [Judgement::Full, Judgement::Partial, Judgement::Not];
    for (n, j) in counts.parts().into_iter().zip(lights) {
        let n = match n {
            Some(0) => continue,
            Some(n) => n.to_string(),
            None => "?".to_string(),
        };
        if !cell.is_blank() {
            cell = cell.push(" ", Sem::Normal);
        }
        cell = cell.push(format!("{n} {}", j.label().to_lowercase()), Sem::Light(j));
    }
    if cell.is_blank() {
        let assessed = counts.assessed.map_or("?".to_string(), |a| a.to_string());
        cell = cell.push(format!("{assessed} bedömda"), Sem::Dim);
    }
    match counts.total {
        Some(total) => cell.push(format!(" av {total}"), Sem::Dim),
        None => cell,
    }
}

/// The indicator's value as text, if it has one.
pub(super) fn quantity_text(value: Option<Decimal>, indicator: &Indicator) -> Option<String> {
    value.map(|v| quantity(Some(v), indicator.unit.as_deref()).text())
}
