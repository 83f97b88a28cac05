//! Översikt: the period at a glance. Each line leads to where its figure
//! comes from (Enter jumps to it in its pane).

use super::economy::{self, EconomyKey};
use super::{Ctx, Effect, Pane};
use crate::data::beds::Month;
use crate::data::overview::Counted;
use crate::data::{self, Fact};
use crate::domain::change::linear_projection;
use crate::domain::light::Judgement;
use crate::domain::number::format_sv;
use crate::domain::status::DirectiveStatus;
use crate::ui::format;
use crate::ui::keymap::Action;
use crate::ui::screen::{Body, Cell, Column, Glyph, Nav, PaneId, Piece, Row, Screen, Table};
use crate::ui::theme::Sem;
use std::collections::{BTreeMap, BTreeSet};

const WORST: usize = 3;

pub struct Overview;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OverviewKey {
    /// The period at a glance.
    Root,
    /// What changed since the comparison period (`d`).
    Changes,
}

impl Pane for Overview {
    type Key = OverviewKey;
    const TITLE: &'static str = "Översikt";
    const NAMES: &'static [&'static str] = &["oversikt", "overview"];
    const ACTIONS: &'static [Action] = &[Action::Changes];

    fn root() -> OverviewKey {
        OverviewKey::Root
    }

    fn build(ctx: &Ctx<'_>, key: &OverviewKey) -> data::Result<Screen> {
        match key {
            OverviewKey::Root => build(ctx),
            OverviewKey::Changes => {
                let top = top_unit_id(ctx)?;
                super::changes::screen(ctx, top.as_deref())
            }
        }
    }

    fn act(
        _ctx: &Ctx<'_>,
        key: &OverviewKey,
        _row: Option<&Row>,
        action: Action,
    ) -> Option<Effect> {
        match (action, key) {
            (Action::Changes, OverviewKey::Root) => {
                Some(Effect::Go(Nav::Push(OverviewKey::Changes.into())))
            }
            _ => None,
        }
    }
}

/// The unit the overview's headline is about (see [`top_unit`]).
pub(super) fn top_unit_id(ctx: &Ctx<'_>) -> data::Result<Option<String>> {
    let all = ctx.store.totals(&ctx.period.id)?;
    let totals: BTreeMap<&str, &Fact> = all.iter().map(|(k, v)| (k.as_str(), v)).collect();
    Ok(top_unit(ctx, &totals).map(|u| u.id.clone()))
}

fn build(ctx: &Ctx<'_>) -> data::Result<Screen> {
    let mut rows = Vec::new();
    economy_rows(ctx, &mut rows)?;
    goal_rows(ctx, &mut rows)?;
    directive_rows(ctx, &mut rows)?;
    bed_rows(ctx, &mut rows)?;
    notice_rows(ctx, &mut rows)?;
    let table = Table {
        columns: vec![Column::name("", 32), Column::text("", 0, 1)],
        rows,
        empty: String::new(),
        caption: None,
    };
    Ok(Screen::new(
        OverviewKey::Root.into(),
        format!("Översikt {}", ctx.period.label),
        Body::Table(table),
    ))
}

fn heading(id: &str, text: &str) -> Row {
    Row {
        id: id.into(),
        cells: vec![Cell::new(text, Sem::Heading)],
        heading: true,
        ..Row::default()
    }
}

fn line(id: &str, label: impl Into<Piece>, value: Cell, drill: Option<Nav>) -> Row {
    Row {
        id: id.into(),
        cells: vec![Cell::plain(label), value],
        depth: 1,
        drill,
        ..Row::default()
    }
}

/// A jump to a unit in the Ekonomi tree, optionally into its cost types
/// with one selected.
fn to_economy(ctx: &Ctx<'_>, unit: &str, cost_type: Option<&str>) -> Nav {
    let tree = EconomyKey::Tree {
        toggled: economy::opening(ctx.store, unit),
    }
    .into();
    match cost_type {
        None => Nav::Jump {
            pane: PaneId::Economy,
            stack: vec![tree],
            select: Some(unit.into()),
        },
        Some(ct) => Nav::Jump {
            pane: PaneId::Economy,
            stack: vec![tree, EconomyKey::CostTypes { unit: unit.into() }.into()],
            select: Some(ct.into()),
        },
    }
}

/// The topmost unit with figures this period: the region if it reports,
/// else the board that does.
fn top_unit<'a>(ctx: &Ctx<'a>, totals: &BTreeMap<&str, &Fact>) -> Option<&'a crate::data::OrgUnit> {
    // A unit's depth in the tree: the length of its ancestor chain.
    let depth = |id: &str| ctx.store.org_depth(id);
    ctx.store
        .org
        .iter()
        .filter(|u| totals.contains_key(u.id.as_str()))
        .min_by_key(|u| depth(&u.id))
}

fn economy_rows(ctx: &Ctx<'_>, rows: &mut Vec<Row>) -> data::Result<()> {
    let all = ctx.store.totals(&ctx.period.id)?;
    let totals: BTreeMap<&str, &Fact> = all.iter().map(|(k, v)| (k.as_str(), v)).collect();
    rows.push(heading("economy", "Ekonomi"));
    let Some(top) = top_unit(ctx, &totals) else {
        rows.push(line(
            "economy-none",
            "Uppgifter",
            Cell::new("inga för perioden", Sem::Dim),
            None,
        ));
        return Ok(());
    };
    headline_rows(ctx, &top.id, totals[top.id.as_str()], rows)?;
    let who = ctx.store.short_name(&top.id);
    // By politisk ram where the period has them; else by the top unit's
    // own parts (the boards, for the region's report).
    let mut frames = ctx.store.worst_frames(&ctx.period.id, WORST)?;
    let mut title = "Störst underskott per politisk ram".to_string();
    if frames.is_empty() {
        frames = ctx.store.worst_children(&ctx.period.id, &top.id, WORST)?;
        title = format!("Störst underskott inom {who}");
    }
    let frames = frames.into_iter().map(|(unit, kr)| Worst {
        id: format!("frame:{unit}"),
        name: ctx.store.unit_name(&unit),
        deviation: kr,
        to: to_economy(ctx, &unit, None),
    });
    worst_rows("worst-frames", &title, frames, ctx, rows);
    let lines = ctx.store.worst_cost_types(&ctx.period.id, &top.id, WORST)?;
    let lines = lines.into_iter().map(|(cost_type, kr)| Worst {
        id: format!("line:{cost_type}"),
        name: ctx
            .store
            .cost_type(&cost_type)
            .map_or(cost_type.clone(), |c| c.name.clone()),
        deviation: kr,
        to: to_economy(ctx, &top.id, Some(&cost_type)),
    });
    let title = format!("Störst underskott per kostnadsslag, {who}");
    worst_rows("worst-lines", &title, lines, ctx, rows);
    Ok(())
}

/// The top unit's deviation, forecast and cost development, each leading
/// to the unit in Ekonomi.
/// The top unit's deviation (and how it moved since the comparison
/// period), forecast as of the period, the computed projection and cost
/// development, each leading to the unit in Ekonomi.
fn headline_rows(ctx: &Ctx<'_>, unit: &str, fact: &Fact, rows: &mut Vec<Row>) -> data::Result<()> {
    let money = ctx.store.money_unit;
    let exact = |kr: Option<i64>| {
        format::or_unknown(kr.map_or_else(Cell::empty, |k| format::deviation_exact(k, money)))
    };
    let jump = Some(to_economy(ctx, unit, None));
    let mut deviation = exact(fact.deviation);
    if let Some(q) = ctx.compare {
        let before = ctx.store.totals(&q.id)?.get(unit).and_then(|f| f.deviation);
        if let (Some(now), Some(before)) = (fact.deviation, before)
            && let Some(delta) = now.checked_sub(before)
        {
            let moved = format::deviation_exact(delta, money);
            deviation = deviation
                .push("  (", Sem::Dim)
                .push(moved.text(), moved.spans.first().map_or(Sem::Dim, |s| s.1))
                .push(format!(" sedan {})", format::short_period(q)), Sem::Dim);
        }
    }
    rows.push(line(
        "deviation",
        format!("Budgetavvikelse {}", ctx.store.short_name(unit)),
        deviation,
        jump.clone(),
    ));
    let forecast = match fact.forecast_deviation {
        Some(own) => exact(Some(own)),
        None => match ctx.store.carried_forecasts(ctx.period)?.get(unit) {
            Some(c) => {
                let from = ctx.store.periods.iter().find(|p| p.id == c.period_id);
                exact(Some(c.value)).push(
                    format!(
                        " (per {})",
                        from.map_or(c.period_id.clone(), format::short_period)
                    ),
                    Sem::Dim,
                )
            }
            None => exact(None),
        },
    };
    rows.push(line("forecast", "Prognos helår", forecast, jump.clone()));
    if let (Some(deviation), Some(months)) = (
        fact.deviation,
        ctx.period.end_date.map(|d| {
            use chrono::Datelike;
            d.month()
        }),
    ) && months < 12
        && let Some(projected) = linear_projection(deviation, months)
    {
        rows.push(line(
            "projection",
            "Beräknat helår (linjärt)",
            format::deviation_exact(projected, money).push(" beräknad, ej prognos", Sem::Dim),
            jump.clone(),
        ));
    }
    rows.push(line(
        "development",
        "Nettokostnadsutveckling",
        format::or_unknown(format::percent(fact.cost_development_pct, false)),
        jump,
    ));
    if let Some(q) = ctx.compare {
        rows.push(line(
            "changes",
            format!("Förändringar sedan {}", format::short_period(q)),
            Cell::new(
                "Enter eller d: allt som ändrats, det sämsta först",
                Sem::Dim,
            ),
            Some(Nav::Push(OverviewKey::Changes.into())),
        ));
    }
    Ok(())
}

/// One of the largest deviations, and where it leads.
struct Worst {
    id: String,
    name: String,
    deviation: i64,
    to: Nav,
}

/// A heading and the worst items under it; nothing if there are none.
fn worst_rows(
    id: &str,
    title: &str,
    worst: impl Iterator<Item = Worst>,
    ctx: &Ctx<'_>,
    rows: &mut Vec<Row>,
) {
    let mut worst = worst.peekable();
    if worst.peek().is_none() {
        return;
    }
    rows.push(heading(id, title));
    for item in worst {
        let value = format::deviation_exact(item.deviation, ctx.store.money_unit);
        let mut row = line(&item.id, item.name, value, Some(item.to));
        row.exception = true;
        rows.push(row);
    }
}

fn counts_cell<K: Copy + Ord>(
    counts: &BTreeMap<K, i64>,
    order: &[K],
    part: impl Fn(K) -> Cell,
) -> Cell {
    let mut cell = Cell::empty();
    for key in order {
        if let Some(n) = counts.get(key) {
            let shown = part(*key);
            let Some(&(_, sem)) = shown.spans.first() else {
                continue;
            };
            cell = cell.push(format!("{n} "), sem);
            cell.spans.extend(shown.spans);
            cell = cell.push("  ", sem);
        }
    }
    cell
}

/// " (per aug 2025)" when figures of the period come from earlier reports
/// of its year; nothing when they are all the period's own.
fn as_of_mark(ctx: &Ctx<'_>, from: &BTreeSet<String>) -> String {
    let earlier: Vec<String> = from
        .iter()
        .filter(|p| **p != ctx.period.id)
        .map(|id| {
            ctx.store
                .periods
                .iter()
                .find(|p| p.id == *id)
                .map_or_else(|| id.clone(), format::short_period)
        })
        .collect();
    if earlier.is_empty() {
        String::new()
    } else {
        format!(" per {}", earlier.join(", "))
    }
}

fn goal_rows(ctx: &Ctx<'_>, rows: &mut Vec<Row>) -> data::Result<()> {
    let counts = ctx.store.light_counts(ctx.period)?;
    rows.push(heading("goals", "Måluppfyllelse"));
    let jump = Some(Nav::Jump {
        pane: PaneId::Goals,
        stack: vec![PaneId::Goals.root()],
        select: None,
    });
    if counts.nulage.is_empty() && counts.prognos.is_empty() {
        rows.push(line(
            "goals-none",
            "Bedömningar",
            Cell::new("inga i år t.o.m. perioden", Sem::Dim),
            jump,
        ));
        return Ok(());
    }
    let part = format::light;
    for (id, label, map) in [
        ("nulage", "Nuläge", &counts.nulage),
        ("prognos", "Prognos helår", &counts.prognos),
    ] {
        if map.is_empty() {
            continue;
        }
        let cell = counts_cell(map, &Judgement::ALL, part);
        let of = match counts.of {
            Counted::Goals => "mål",
            Counted::Subgoals => "delmål",
        };
        let per = as_of_mark(ctx, &counts.from);
        let mut row = line(id, format!("{label} ({of}{per})"), cell, jump.clone());
        row.exception = map.get(&Judgement::Not).is_some_and(|n| *n > 0);
        rows.push(row);
    }
    Ok(())
}

fn directive_rows(ctx: &Ctx<'_>, rows: &mut Vec<Row>) -> data::Result<()> {
    let counts = ctx.store.status_counts(ctx.period)?;
    let per = as_of_mark(ctx, &counts.from);
    rows.push(heading("directives", &format!("Uppdrag{per}")));
    let jump = Some(Nav::Jump {
        pane: PaneId::Directives,
        stack: vec![PaneId::Directives.root()],
        select: None,
    });
    if counts.counts.is_empty() {
        rows.push(line(
            "directives-none",
            "Status",
            Cell::new("ingen rapporterad i år", Sem::Dim),
            jump,
        ));
        return Ok(());
    }
    // One line per status: the words are long, and none may be cut.
    for status in DirectiveStatus::ALL {
        let Some(n) = counts.counts.get(&status) else {
            continue;
        };
        let label = format::status(status);
        let mut row = line(
            &format!("status:{status:?}"),
            String::new(),
            Cell::plain(format!("{n} uppdrag")),
            jump.clone(),
        );
        row.cells[0] = label;
        row.exception = status == DirectiveStatus::DoneWithDeviation;
        rows.push(row);
    }
    Ok(())
}

/// Beds now against R12 and the målbild, for the topmost unit with a
/// series, with its last two years as a sparkline.
fn bed_rows(ctx: &Ctx<'_>, rows: &mut Vec<Row>) -> data::Result<()> {
    let Some(until) = ctx.period.end_date.map(Month::of) else {
        return Ok(());
    };
    let Some(latest) = ctx.store.bed_latest_month(until)? else {
        return Ok(());
    };
    // The topmost unit with a series (depth: its ancestor chain), and only
    // its months: the overview shows one line, not every unit's series.
    let depth = |id: &str| ctx.store.org_depth(id);
    let Some(top_id) = ctx
        .store
        .bed_units()?
        .iter()
        .min_by_key(|id| (depth(id), id.as_str()))
    else {
        return Ok(());
    };
    let series = ctx
        .store
        .bed_series(Some(top_id), Some(latest.plus(-23)), latest)?;
    let Some(top) = series.get(top_id) else {
        return Ok(());
    };
    let targets = ctx.store.bed_targets()?;
    let one =
        |d: Option<rust_decimal::Decimal>| d.map_or("–".to_string(), |d| format_sv(d, 1, false));
    let spark = format::sparkline(&top.window(latest, 24));
    let value = Cell::plain(format!(
        "{latest}: {} · R12 {} · målbild {}",
        one(top.at(latest)),
        one(top.r12_at(latest)),
        one(targets.get(&top.unit_id).and_then(|t| t.beds)),
    ));
    let mut trend = Cell::new(spark, Sem::ChartMonthly);
    if top.illustrative {
        trend = trend.push(" illustrativ", Sem::Illustrative);
    }
    let name = ctx
        .store
        .org_unit(&top.unit_id)
        .map_or(top.unit_id.clone(), |u| u.name.clone());
    let jump = Nav::Jump {
        pane: PaneId::Beds,
        stack: vec![PaneId::Beds.root()],
        select: Some(top.unit_id.clone()),
    };
    rows.push(heading("beds", "Vårdplatser, snitt per dag"));
    let mut row = line("beds-top", name, value, Some(jump));
    let target = targets.get(&top.unit_id).and_then(|t| t.beds);
    row.exception = matches!((top.r12_at(latest), target), (Some(r), Some(t)) if r < t);
    rows.push(row);
    rows.push(line("beds-trend", "Senaste 24 månaderna", trend, None));
    Ok(())
}

fn notice_rows(ctx: &Ctx<'_>, rows: &mut Vec<Row>) -> data::Result<()> {
    let notices = ctx.notices;
    if notices.is_empty() {
        return Ok(());
    }
    rows.push(heading("notices", "Noteringar om datakvalitet"));
    for (i, notice) in notices.iter().enumerate() {
        let scope = notice
            .org_unit_id
            .as_deref()
            .filter(|u| ctx.store.org_unit(u).is_some())
            .map_or(String::new(), |u| format!("{}, ", ctx.store.short_name(u)));
        let first = notice.text.lines().next().unwrap_or_default();
        let mut row = line(
            &format!("notice:{i}"),
            "",
            Cell::new(first, Sem::Notice),
            None,
        );
        row.cells[0] = Cell::new(Glyph::Notice, Sem::Normal)
            .push(format!(" {scope}{}", notice.topic.label()), Sem::Normal);
        rows.push(row);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::panes::testing;

    fn rows(period: usize) -> Vec<Row> {
        let store = testing::store();
        let id = store.periods[period].id.clone();
        let ctx = testing::ctx(store, &id);
        build(&ctx).unwrap().rows().to_vec()
    }

    fn text(row: &Row) -> String {
        row.cells
            .iter()
            .map(Cell::text)
            .collect::<Vec<_>>()
            .join(" | ")
    }

    #[test]
    fn october_2025_headlines_and_largest_deviation_jumps_to_ekonomi() {
        let rows = rows(3);
        let find = |id: &str| {
            rows.iter()
                .find(|r| r.id == id)
                .unwrap_or_else(|| panic!("{id}"))
        };
        assert_eq!(
            text(find("deviation")),
            "Budgetavvikelse HSN | −448 mkr  (−113 mkr sedan aug 2025)"
        );
        assert_eq!(
            text(find("forecast")),
            "Prognos helår | −550 mkr (per aug 2025)",
            "August's forecast as of October, marked as August's"
        );
        assert_eq!(
            text(find("projection")),
            "Beräknat helår (linjärt) | −537,6 mkr beräknad, ej prognos"
        );
        assert!(
            text(find("prognos")).starts_with("Prognos helår (delmål per aug 2025) | "),
            "August's delmål lights, marked: {}",
            text(find("prognos"))
        );
        assert_eq!(
            text(find("development")),
            "Nettokostnadsutveckling | −4,7 %"
        );
        let worst = rows.iter().find(|r| r.id.starts_with("frame:")).unwrap();
        assert_eq!(text(worst), "Sjukhusvård | −430 mkr");
        let Some(Nav::Jump {
            pane,
            stack,
            select,
        }) = &worst.drill
        else {
            panic!()
        };
        assert_eq!(
            (*pane, select.as_deref()),
            (PaneId::Economy, Some("hsn.sjukhusvard"))
        );
        assert_eq!(stack.len(), 1);
        assert!(
            rows.iter().any(|r| r.id == "line:personal"),
            "personnel −380 is among the worst lines"
        );
        assert!(rows.iter().any(|r| r.id.starts_with("notice:")));
        let beds = text(rows.iter().find(|r| r.id == "beds-top").unwrap());
        assert!(
            beds.starts_with("Region Västerbotten | 2025-10: "),
            "{beds}"
        );
        assert!(beds.contains("R12 "), "{beds}");
        let trend = text(rows.iter().find(|r| r.id == "beds-trend").unwrap());
        assert!(trend.ends_with("illustrativ"), "{trend}");
    }

    #[test]
    fn august_2024_is_the_region_with_goal_lights() {
        let rows = rows(0);
        let find = |id: &str| rows.iter().find(|r| r.id == id).unwrap();
        assert_eq!(text(find("deviation")), "Budgetavvikelse RV | −24 mkr");
        assert!(text(find("prognos")).contains("Delvis"));
        assert_eq!(
            text(find("frame:hsn")),
            "Hälso- och sjukvårdsnämnden | −578 mkr",
            "the boards, worst first"
        );
    }
}
