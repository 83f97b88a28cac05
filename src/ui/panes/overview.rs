//! Översikt: the period at a glance. Each line leads to where its figure
//! comes from (Enter jumps to it in its pane).

use super::economy::{self, EconomyKey};
use super::kpi::KpiKey;
use super::registry::OverviewKey;
use super::{Ctx, Effect, Pane};
use crate::data::beds::Month;
use crate::data::overview::Counted;
use crate::data::{self, Fact, OrgUnit};
use crate::domain::light::Judgement;
use crate::domain::number::format_sv;
use crate::domain::status::DirectiveStatus;
use crate::domain::vocab::Achievement;
use crate::keymap::Action;
use crate::ui::screen::{
    Body, Cell, Column, Detail, Glyph, Nav, PaneId, Piece, Row, Screen, Section, Table,
};
use crate::ui::theme::Sem;
use crate::ui::{format, strings};
use std::collections::{BTreeMap, BTreeSet};

const WORST: usize = 3;

pub struct Overview;

impl Pane for Overview {
    type Key = OverviewKey;

    fn build(ctx: &Ctx<'_>, key: &OverviewKey) -> data::Result<Screen> {
        match key {
            OverviewKey::Root { unit } => build(ctx, unit),
            OverviewKey::Changes { .. } => super::changes::screen(ctx, key.clone().into()),
            OverviewKey::Units { current } => units(ctx, current),
            OverviewKey::Notice { index } => Ok(notice(ctx, *index)),
        }
    }

    fn act(
        _ctx: &Ctx<'_>,
        key: &OverviewKey,
        _row: Option<&Row>,
        action: Action,
    ) -> Option<Effect> {
        let OverviewKey::Root { unit } = key else {
            return None;
        };
        let to = match action {
            Action::Changes => OverviewKey::Changes { unit: unit.clone() },
            Action::ChooseUnit => OverviewKey::Units {
                current: unit.clone(),
            },
            _ => return None,
        };
        Some(Effect::Go(Nav::Push(to.into())))
    }
}

/// The unit the overview is about: the one chosen with `u`, else the one
/// the snapshot is about. The same unit in every period.
fn about<'a>(ctx: &Ctx<'a>, chosen: &Option<String>) -> Option<&'a OrgUnit> {
    chosen
        .as_deref()
        .and_then(|id| ctx.store.org_unit(id))
        .or_else(|| ctx.store.focus_unit())
}

/// The pick list of `u`: every unit with economy figures in some period,
/// as a tree; Enter makes the overview about it.
fn units(ctx: &Ctx<'_>, current: &Option<String>) -> data::Result<Screen> {
    let with_figures = ctx.store.units_with_economy()?;
    let focus = ctx.store.focus_unit().map(|u| u.id.clone());
    let chosen = current.clone().or_else(|| focus.clone());
    let mut rows = Vec::new();
    for i in ctx.store.org_tree.preorder() {
        let unit = &ctx.store.org[i];
        if !with_figures.contains(&unit.id) {
            continue;
        }
        let mut name = Cell::plain(unit.name.clone());
        if focus.as_deref() == Some(unit.id.as_str()) {
            name = name.push("  ögonblicksbildens enhet", Sem::Dim);
        }
        let pick = OverviewKey::Root {
            unit: (focus.as_deref() != Some(unit.id.as_str())).then(|| unit.id.clone()),
        };
        rows.push(Row {
            id: unit.id.clone(),
            cells: vec![name],
            depth: u16::try_from(ctx.store.org_depth(&unit.id)).unwrap_or(u16::MAX),
            drill: Some(Nav::Pick(pick.into())),
            ..Row::default()
        });
    }
    let table = Table {
        columns: vec![Column::name("Enhet", 40)],
        rows,
        empty: "Ingen enhet har ekonomisiffror.".into(),
        caption: Some(Cell::new(
            "Enter: översikten visar enheten i alla perioder · Esc behåller den som är vald",
            Sem::Dim,
        )),
    };
    let mut screen = Screen::new(
        OverviewKey::Units {
            current: current.clone(),
        }
        .into(),
        "Översikten gäller",
        Body::Table(table),
    );
    if let Some(id) = chosen {
        screen.select_id(&id);
    }
    Ok(screen)
}

fn build(ctx: &Ctx<'_>, chosen: &Option<String>) -> data::Result<Screen> {
    let mut rows = Vec::new();
    economy_rows(ctx, chosen, &mut rows)?;
    goal_rows(ctx, &mut rows)?;
    directive_rows(ctx, &mut rows)?;
    bed_rows(ctx, &mut rows)?;
    kpi_rows(ctx, &mut rows)?;
    notice_rows(ctx, &mut rows)?;
    let table = Table {
        columns: vec![Column::name("", 32), Column::text("", 0, 1)],
        rows,
        empty: String::new(),
        caption: None,
    };
    Ok(Screen::new(
        OverviewKey::Root {
            unit: chosen.clone(),
        }
        .into(),
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

fn economy_rows(ctx: &Ctx<'_>, chosen: &Option<String>, rows: &mut Vec<Row>) -> data::Result<()> {
    let Some(top) = about(ctx, chosen) else {
        rows.push(heading("economy", "Ekonomi"));
        rows.push(line(
            "economy-none",
            "Uppgifter",
            Cell::new("inga för perioden", Sem::Dim),
            None,
        ));
        return Ok(());
    };
    rows.push(heading("economy", &format!("Ekonomi, {}", top.name)));
    // The unit's own row: the overview reads the few figures it shows,
    // not every unit's (10 000 at national scale).
    let Some(fact) = ctx.store.total(&ctx.period.id, &top.id)? else {
        rows.push(line(
            "economy-none",
            format!("Inga siffror för {}", ctx.store.short_name(&top.id)),
            Cell::new(
                format!("i {} (u väljer en annan enhet)", ctx.period.label),
                Sem::Dim,
            ),
            None,
        ));
        return Ok(());
    };
    headline_rows(ctx, chosen, &top.id, &fact, rows)?;
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
    let worst = ctx.store.worst_cost_types(&ctx.period.id, &top.id, WORST)?;
    let name = |id: &str| {
        ctx.store
            .cost_type(id)
            .map_or(id.to_string(), |c| c.name.clone())
    };
    let under: Vec<String> = worst.under.iter().map(|id| name(id)).collect();
    let lines = worst.lines.into_iter().map(|(cost_type, kr)| Worst {
        id: format!("line:{cost_type}"),
        name: ctx
            .store
            .cost_type(&cost_type)
            .map_or(cost_type.clone(), |c| c.name.clone()),
        deviation: kr,
        to: to_economy(ctx, &top.id, Some(&cost_type)),
    });
    let title = match under.as_slice() {
        [] => format!("Störst underskott per kostnadsslag, {who}"),
        _ => format!(
            "Störst underskott per kostnadsslag, {who} (raderna under {})",
            under.join(", ")
        ),
    };
    worst_rows("worst-lines", &title, lines, ctx, rows);
    Ok(())
}

/// The unit's deviation (and how it moved since the comparison period),
/// forecast deviation as of the period, the computed projection and cost
/// development, each leading to the unit in Ekonomi.
fn headline_rows(
    ctx: &Ctx<'_>,
    chosen: &Option<String>,
    unit: &str,
    fact: &Fact,
    rows: &mut Vec<Row>,
) -> data::Result<()> {
    let jump = Some(to_economy(ctx, unit, None));
    let at = |id: &str, label: String, value: Cell| line(id, label, value, jump.clone());
    rows.push(at(
        "deviation",
        format!("Budgetavvikelse {}", ctx.store.short_name(unit)),
        deviation_cell(ctx, unit, fact)?,
    ));
    rows.push(at(
        "forecast",
        strings::FORECAST_DEVIATION.into(),
        forecast_cell(ctx, unit, fact)?,
    ));
    if let Some(projected) = economy::projection(ctx, Some(fact)) {
        let cell = format::deviation_exact(projected, ctx.store.money_unit)
            .push(" beräknad, ej prognos", Sem::Dim);
        rows.push(at("projection", "Beräknat helår (linjärt)".into(), cell));
    }
    let development = match ctx.store.cost_development(&ctx.period.id, unit, fact)? {
        Some(d) if d.from_line => {
            format::development(Some(d.pct)).push(" (verksamhetens nettokostnad)", Sem::Dim)
        }
        Some(d) => format::development(Some(d.pct)),
        None => format::or_unknown(Cell::empty()),
    };
    rows.push(at(
        "development",
        "Nettokostnadsutveckling".into(),
        development,
    ));
    if let Some(q) = ctx.compare {
        let changes = OverviewKey::Changes {
            unit: chosen.clone(),
        };
        rows.push(line(
            "changes",
            format!("Förändringar sedan {}", format::short_period(q)),
            Cell::new(
                "Enter eller d: allt som ändrats, det sämsta först",
                Sem::Dim,
            ),
            Some(Nav::Push(changes.into())),
        ));
    }
    Ok(())
}

/// An amount exactly, or "uppgift saknas".
fn exact(ctx: &Ctx<'_>, kr: Option<i64>) -> Cell {
    let money = ctx.store.money_unit;
    format::or_unknown(kr.map_or_else(Cell::empty, |k| format::deviation_exact(k, money)))
}

/// The deviation, and how it moved since the comparison period where both
/// state it: "−448 mkr  (−113 mkr sedan aug 2025)".
fn deviation_cell(ctx: &Ctx<'_>, unit: &str, fact: &Fact) -> data::Result<Cell> {
    let cell = exact(ctx, fact.deviation);
    let Some(q) = ctx.compare else {
        return Ok(cell);
    };
    let before = ctx.store.total(&q.id, unit)?.and_then(|f| f.deviation);
    let Some(delta) = fact
        .deviation
        .zip(before)
        .and_then(|(n, b)| n.checked_sub(b))
    else {
        return Ok(cell);
    };
    let moved = format::deviation_exact(delta, ctx.store.money_unit);
    Ok(cell
        .push("  (", Sem::Dim)
        .push(moved.text(), moved.spans.first().map_or(Sem::Dim, |s| s.1))
        .push(format!(" sedan {})", format::short_period(q)), Sem::Dim))
}

/// The period's own forecast deviation, else an earlier report's of the
/// year, marked with its period.
fn forecast_cell(ctx: &Ctx<'_>, unit: &str, fact: &Fact) -> data::Result<Cell> {
    if fact.forecast_deviation.is_some() {
        return Ok(exact(ctx, fact.forecast_deviation));
    }
    Ok(match ctx.store.carried_total_forecast(ctx.period, unit)? {
        Some(c) => exact(ctx, Some(c.value)).push(
            format!(
                " (per {})",
                format::short_period_of(ctx.store, &c.period_id)
            ),
            Sem::Dim,
        ),
        None => exact(ctx, None),
    })
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
        .map(|id| format::short_period_of(ctx.store, id))
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
    // What the reports themselves judge partly or not reached.
    let risky: i64 = counts.at_risk.values().sum();
    if risky > 0 {
        let words: Vec<String> = counts
            .at_risk
            .iter()
            .rev()
            .map(|(judged, n)| format!("{n} {}", judged.label()))
            .collect();
        let mut row = line(
            "directives-at-risk",
            String::new(),
            Cell::plain(format!("{risky} uppdrag ({})", words.join(", "))),
            jump.clone(),
        );
        let sem = Sem::Light(Achievement::NotMet.light());
        row.cells[0] =
            Cell::new(Glyph::Light(Achievement::NotMet.light()), sem).push(" I risk", sem);
        row.exception = true;
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
    if top.illustrative {
        row.cells[0] = row.cells[0]
            .clone()
            .push(strings::ILLUSTRATIVE_MARK, Sem::Illustrative);
    }
    let target = targets.get(&top.unit_id).and_then(|t| t.beds);
    row.exception = matches!((top.r12_at(latest), target), (Some(r), Some(t)) if r < t);
    rows.push(row);
    rows.push(line("beds-trend", "Senaste 24 månaderna", trend, None));
    Ok(())
}

/// The key figures furthest from their targets, ranked by the light that
/// counts (a report's judgement where it states one: a figure judged
/// reached is not listed), each one key from its page.
fn kpi_rows(ctx: &Ctx<'_>, rows: &mut Vec<Row>) -> data::Result<()> {
    let off = ctx.store.kpis_off_target(ctx.period)?;
    if off.is_empty() {
        return Ok(());
    }
    rows.push(heading("kpi", "Nyckeltal längst från målet"));
    for off in off.iter().take(WORST) {
        let figure = off.figure();
        let kpi = figure.kpi;
        let unit = kpi.unit.as_deref();
        let light = figure.light();
        let mut value = format::quantity(figure.latest.and_then(|v| v.value), unit)
            .push(" mot ", Sem::Dim)
            .then_tight(format::quantity(kpi.target, unit))
            .push("  ", Sem::Normal)
            .then_tight(format::distance(&light, unit, false));
        // Why it is listed, where a report says so rather than the rule.
        if let Some(j) = &off.judged {
            value = value
                .push("  ", Sem::Normal)
                .then_tight(format::judged(j.judged()));
        }
        let to = Nav::Jump {
            pane: PaneId::KeyFigures,
            stack: vec![
                PaneId::KeyFigures.root(),
                KpiKey::Detail { id: kpi.id.clone() }.into(),
            ],
            select: None,
        };
        // The unit first: several series share a long name up to the unit.
        let label = match &kpi.org_unit_id {
            Some(unit) => format!("{}: {}", ctx.store.short_name(unit), kpi.name),
            None => kpi.name.clone(),
        };
        let mut row = line(&format!("kpi:{}", kpi.id), label, value, Some(to));
        row.exception = true;
        rows.push(row);
    }
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
        let first = notice.headline();
        let page = Nav::Push(OverviewKey::Notice { index: i }.into());
        let mut row = line(
            &format!("notice:{i}"),
            "",
            Cell::new(first, Sem::Notice),
            Some(page.clone()),
        );
        row.detail = Some(page);
        row.cells[0] = Cell::new(Glyph::Notice, Sem::Normal)
            .push(format!(" {scope}{}", notice.topic.label()), Sem::Normal);
        rows.push(row);
    }
    Ok(())
}

/// A notice's page: its whole text, period, topic, unit and source.
fn notice(ctx: &Ctx<'_>, index: usize) -> Screen {
    let key = OverviewKey::Notice { index }.into();
    let Some(n) = ctx.notices.get(index) else {
        return Screen::new(
            key,
            "Notering",
            Body::Detail(Detail::missing(format!(
                "Perioden {} har ingen sådan notering.",
                ctx.period.label
            ))),
        );
    };
    let mut fields = vec![
        ("Period".to_string(), Cell::plain(ctx.period.label.clone())),
        ("Gäller".to_string(), Cell::plain(n.topic.label())),
    ];
    if let Some(unit) = &n.org_unit_id {
        fields.push(("Enhet".to_string(), Cell::plain(ctx.store.unit_name(unit))));
    }
    fields.push(("Källa".to_string(), format::source(&n.provenance)));
    if n.kind == crate::domain::vocab::NoticeKind::Contradiction {
        // Both places, each with what it states: the reader can look up both.
        let both = n.places.as_deref().cloned().unwrap_or_default();
        for (label, value, place) in [
            ("Uppgift", &both.stated, Some(&n.provenance)),
            ("Motsägs av", &both.other_stated, both.other_source.as_ref()),
        ] {
            let mut cell = Cell::plain(value.clone().unwrap_or_else(|| "ej angivet".into()));
            let cited = place.and_then(crate::data::Provenance::citation);
            cell = cell.push(
                format!(" · {}", cited.unwrap_or_else(|| "källa saknas".into())),
                Sem::Dim,
            );
            fields.push((label.to_string(), cell));
        }
    }
    let detail = Detail {
        fields,
        sections: vec![Section::text("Notering", &n.text)],
    };
    Screen::new(
        key,
        format!("Notering om {}", n.topic.label().to_lowercase()),
        Body::Detail(detail),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::panes::{ScreenKey, testing};

    fn rows(period: usize) -> Vec<Row> {
        rows_for(period, None)
    }

    fn rows_for(period: usize, unit: Option<&str>) -> Vec<Row> {
        let store = testing::store();
        let id = store.periods[period].id.clone();
        let ctx = testing::ctx(store, &id);
        build(&ctx, &unit.map(str::to_string))
            .unwrap()
            .rows()
            .to_vec()
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
            "Prognos, avvikelse helår | −550 mkr (per aug 2025)",
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
            beds.starts_with("Region Västerbotten (illustrativ) | 2025-10: "),
            "the series is illustrative, and the line says so: {beds}"
        );
        assert!(beds.contains("R12 "), "{beds}");
        let trend = text(rows.iter().find(|r| r.id == "beds-trend").unwrap());
        assert!(trend.ends_with("illustrativ"), "{trend}");
    }

    #[test]
    fn every_period_is_about_the_same_unit_unless_another_is_chosen() {
        for period in 0..4 {
            let rows = rows(period);
            assert_eq!(text(&rows[0]), "Ekonomi, Hälso- och sjukvårdsnämnden");
            let deviation = rows.iter().find(|r| r.id == "deviation").unwrap();
            assert!(text(deviation).starts_with("Budgetavvikelse HSN | "));
        }
        let hsn = rows(0);
        let find = |id: &str| hsn.iter().find(|r| r.id == id).unwrap();
        assert_eq!(text(find("deviation")), "Budgetavvikelse HSN | −578 mkr");
        // "en ökning … eller 7 procent": as precise as the report.
        assert_eq!(text(find("development")), "Nettokostnadsutveckling | +7 %");
        assert!(text(find("prognos")).contains("Delvis"));

        let region = rows_for(0, Some("region"));
        let find = |id: &str| region.iter().find(|r| r.id == id).unwrap();
        assert_eq!(text(&region[0]), "Ekonomi, Region Västerbotten");
        assert_eq!(text(find("deviation")), "Budgetavvikelse RV | −24 mkr");
        assert_eq!(
            text(find("development")),
            "Nettokostnadsutveckling | +7,0 % (verksamhetens nettokostnad)",
            "the region states it on its net-cost line"
        );
        assert_eq!(
            text(find("frame:hsn")),
            "Hälso- och sjukvårdsnämnden | −578 mkr",
            "the boards, worst first"
        );
        // The region's own report is not in 2025: said, not switched.
        let later = rows_for(2, Some("region"));
        assert_eq!(
            text(later.iter().find(|r| r.id == "economy-none").unwrap()),
            "Inga siffror för RV | i ack augusti 2025 (u väljer en annan enhet)"
        );
    }

    #[test]
    fn the_worst_lines_include_lines_with_parts_and_say_their_level() {
        let rows = rows(2);
        let heading = rows.iter().find(|r| r.id == "worst-lines").unwrap();
        assert_eq!(
            text(heading),
            "Störst underskott per kostnadsslag, HSN (raderna under Intäkter, Kostnader)"
        );
        let lines: Vec<String> = rows
            .iter()
            .filter(|r| r.id.starts_with("line:"))
            .map(text)
            .collect();
        assert_eq!(
            lines,
            ["Personalkostnader | −311 mkr", "Vårdintäkter | −16 mkr"]
        );
        let region = rows_for(0, Some("region"));
        assert!(
            region
                .iter()
                .any(|r| text(r) == "Personalkostnader | −425 mkr")
        );
    }

    #[test]
    fn u_offers_the_units_with_figures_and_enter_keeps_the_choice() {
        let store = testing::store();
        let ctx = testing::ctx(store, "2025-10");
        let root = OverviewKey::Root { unit: None };
        let Some(Effect::Go(Nav::Push(ScreenKey::Overview(pick)))) =
            Overview::act(&ctx, &root, None, Action::ChooseUnit)
        else {
            panic!("u opens the pick list")
        };
        let screen = Overview::build(&ctx, &pick).unwrap();
        let ids: Vec<&str> = screen.rows().iter().map(|r| r.id.as_str()).collect();
        assert!(
            ids.contains(&"region") && ids.contains(&"hsn.sjukhusvard"),
            "{ids:?}"
        );
        assert_eq!(screen.selected_row().unwrap().id, "hsn", "the current one");
        let region = screen.rows().iter().find(|r| r.id == "region").unwrap();
        assert_eq!(
            region.drill,
            Some(Nav::Pick(
                OverviewKey::Root {
                    unit: Some("region".into())
                }
                .into()
            ))
        );
    }

    #[test]
    fn a_notice_opens_in_full_with_its_source() {
        let store = testing::store();
        let ctx = testing::ctx(store, "2025-10");
        let screen = build(&ctx, &None).unwrap();
        let row = screen.rows().iter().find(|r| r.id == "notice:0").unwrap();
        assert_eq!(row.drill, row.detail);
        let Some(Nav::Push(ScreenKey::Overview(key))) = &row.detail else {
            panic!()
        };
        let page = Overview::build(&ctx, key).unwrap();
        let Body::Detail(detail) = &page.body else {
            panic!()
        };
        let field = |name: &str| detail.field(name);
        assert_eq!(field("Period").as_deref(), Some("ack oktober 2025"));
        assert!(field("Källa").is_some_and(|s| !s.is_empty()));
        assert!(!detail.sections[0].lines.is_empty());
        let missing = Overview::build(&ctx, &OverviewKey::Notice { index: 99 }).unwrap();
        assert!(matches!(missing.body, Body::Detail(_)));
    }

    /// Seed 000: "Kostnader − 551 mkr" over personnel −380, material −107
    /// and out-of-county care −67 (−554): the overview's line leads with
    /// both values, its page names both places with what each states.
    #[test]
    fn a_contradiction_names_both_places_and_both_values() {
        let store = testing::store();
        let ctx = testing::ctx(store, "2025-10");
        let screen = build(&ctx, &None).unwrap();
        let row = screen
            .rows()
            .iter()
            .find(|r| r.id.starts_with("notice:") && r.cells[1].text().starts_with("Motsägelse"))
            .expect("the contradiction's line");
        assert!(
            row.cells[1]
                .text()
                .starts_with("Motsägelse: −551 mkr mot −554 mkr (−380 −107 −67) (båda under HSN – Verksamhetens nettokostnader (mkr))"),
            "{}",
            row.cells[1].text()
        );
        let Some(Nav::Push(ScreenKey::Overview(key))) = &row.detail else {
            panic!()
        };
        let Body::Detail(detail) = Overview::build(&ctx, key).unwrap().body else {
            panic!()
        };
        let field = |name: &str| detail.field(name).unwrap_or_default();
        let place =
            "HSN Resultatuppföljning oktober 2025, HSN – Verksamhetens nettokostnader (mkr)";
        assert_eq!(field("Uppgift"), format!("−551 mkr · {place}"));
        assert_eq!(
            field("Motsägs av"),
            format!("−554 mkr (−380 −107 −67) · {place}")
        );
    }
}
