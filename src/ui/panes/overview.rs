//! Översikt: the period at a glance. Each line leads to where its figure
//! comes from (Enter jumps to it in its pane).

use super::{Ctx, economy};
use crate::data::beds::Month;
use crate::data::{self, Fact};
use crate::domain::light::Judgement;
use crate::domain::number::format_sv;
use crate::domain::status::DirectiveStatus;
use crate::ui::format;
use crate::ui::screen::{Body, Cell, Column, Nav, PaneId, Row, Screen, ScreenKey, Table};
use crate::ui::theme::Sem;
use std::collections::BTreeMap;

const WORST: usize = 3;

pub fn build(ctx: &Ctx<'_>) -> data::Result<Screen> {
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
        ScreenKey::Overview,
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

fn line(id: &str, label: impl Into<String>, value: Cell, drill: Option<Nav>) -> Row {
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
    let tree = ScreenKey::EconomyTree {
        expanded: economy::opening(ctx.store, unit),
    };
    match cost_type {
        None => Nav::Jump {
            pane: PaneId::Economy,
            stack: vec![tree],
            select: Some(unit.into()),
        },
        Some(ct) => Nav::Jump {
            pane: PaneId::Economy,
            stack: vec![tree, ScreenKey::CostTypes { unit: unit.into() }],
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
    let money = ctx.store.unit;
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
    let fact = totals[top.id.as_str()];
    let who = top.short_name.clone().unwrap_or(top.name.clone());
    let exact = |kr: Option<i64>| {
        kr.map_or_else(
            || Cell::new("uppgift saknas", Sem::Dim),
            |k| format::deviation_exact(k, money),
        )
    };
    let jump = Some(to_economy(ctx, &top.id, None));
    rows.push(line(
        "deviation",
        format!("Budgetavvikelse {who}"),
        exact(fact.deviation),
        jump.clone(),
    ));
    rows.push(line(
        "forecast",
        "Prognos helår",
        exact(fact.forecast_deviation),
        jump.clone(),
    ));
    let development = format::percent(fact.cost_development_pct, false);
    let development = if development.spans.is_empty() {
        Cell::new("uppgift saknas", Sem::Dim)
    } else {
        development
    };
    rows.push(line(
        "development",
        "Nettokostnadsutveckling",
        development,
        jump,
    ));

    // By politisk ram where the period has them; else by the top unit's
    // own parts (the boards, for the region's report).
    let mut frames = ctx.store.worst_frames(&ctx.period.id, WORST)?;
    let mut title = "Störst underskott per politisk ram".to_string();
    if frames.is_empty() {
        frames = ctx.store.worst_children(&ctx.period.id, &top.id, WORST)?;
        title = format!("Störst underskott inom {who}");
    }
    if !frames.is_empty() {
        rows.push(heading("worst-frames", &title));
        for (unit, kr) in frames {
            let name = ctx
                .store
                .org_unit(&unit)
                .map_or(unit.clone(), |u| u.name.clone());
            let nav = to_economy(ctx, &unit, None);
            let mut row = line(
                &format!("frame:{unit}"),
                name,
                format::deviation_exact(kr, money),
                Some(nav),
            );
            row.exception = true;
            rows.push(row);
        }
    }
    let lines = ctx.store.worst_cost_types(&ctx.period.id, &top.id, WORST)?;
    if !lines.is_empty() {
        rows.push(heading(
            "worst-lines",
            &format!("Störst underskott per kostnadsslag, {who}"),
        ));
        for (cost_type, kr) in lines {
            let name = ctx
                .store
                .cost_type(&cost_type)
                .map_or(cost_type.clone(), |c| c.name.clone());
            let nav = to_economy(ctx, &top.id, Some(&cost_type));
            let mut row = line(
                &format!("line:{cost_type}"),
                name,
                format::deviation_exact(kr, money),
                Some(nav),
            );
            row.exception = true;
            rows.push(row);
        }
    }
    Ok(())
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
            for (text, sem) in shown.spans {
                cell = cell.push(format!("{n} {text}  "), sem);
            }
        }
    }
    cell
}

fn goal_rows(ctx: &Ctx<'_>, rows: &mut Vec<Row>) -> data::Result<()> {
    let counts = ctx.store.light_counts(&ctx.period.id)?;
    rows.push(heading("goals", "Måluppfyllelse"));
    let jump = Some(Nav::Jump {
        pane: PaneId::Goals,
        stack: vec![super::root(PaneId::Goals)],
        select: None,
    });
    if counts.nulage.is_empty() && counts.prognos.is_empty() {
        rows.push(line(
            "goals-none",
            "Bedömningar",
            Cell::new("inga för perioden", Sem::Dim),
            jump,
        ));
        return Ok(());
    }
    let part = |j: Judgement| format::light(j, ctx.ascii);
    for (id, label, map) in [
        ("nulage", "Nuläge", &counts.nulage),
        ("prognos", "Prognos helår", &counts.prognos),
    ] {
        if map.is_empty() {
            continue;
        }
        let cell = counts_cell(map, &Judgement::ALL, part);
        let mut row = line(id, format!("{label} ({})", counts.of), cell, jump.clone());
        row.exception = map.get(&Judgement::Not).is_some_and(|n| *n > 0);
        rows.push(row);
    }
    Ok(())
}

fn directive_rows(ctx: &Ctx<'_>, rows: &mut Vec<Row>) -> data::Result<()> {
    let counts = ctx.store.status_counts(ctx.period)?;
    rows.push(heading("directives", "Uppdrag"));
    let jump = Some(Nav::Jump {
        pane: PaneId::Directives,
        stack: vec![super::root(PaneId::Directives)],
        select: None,
    });
    if counts.is_empty() {
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
        let Some(n) = counts.get(&status) else {
            continue;
        };
        let label = format::status(status, ctx.ascii);
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
    let spark: Vec<Option<f64>> = top
        .window(latest, 24)
        .iter()
        .map(|v| v.and_then(|d| d.to_string().parse().ok()))
        .collect();
    let value = Cell::plain(format!(
        "{latest}: {} · R12 {} · målbild {}",
        one(top.at(latest)),
        one(top.r12_at(latest)),
        one(targets.get(&top.unit_id).and_then(|t| t.beds)),
    ));
    let mut trend = Cell::new(format::sparkline(&spark, ctx.ascii), Sem::ChartMonthly);
    if top.illustrative {
        trend = trend.push(" illustrativ", Sem::Illustrative);
    }
    let name = ctx
        .store
        .org_unit(&top.unit_id)
        .map_or(top.unit_id.clone(), |u| u.name.clone());
    let jump = Nav::Jump {
        pane: PaneId::Beds,
        stack: vec![ScreenKey::Beds],
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
    let mark = if ctx.ascii { "!" } else { "⚑" };
    for (i, notice) in notices.iter().enumerate() {
        let scope = notice
            .org_unit_id
            .as_deref()
            .and_then(|u| ctx.store.org_unit(u))
            .map_or(String::new(), |u| {
                format!("{}, ", u.short_name.clone().unwrap_or(u.name.clone()))
            });
        let topic = match notice.topic.as_str() {
            "economy" => "ekonomi",
            "goals" => "mål",
            "directives" => "uppdrag",
            "beds" => "vårdplatser",
            "kpi" => "nyckeltal",
            _ => "allmänt",
        };
        let first = notice.text.lines().next().unwrap_or_default();
        rows.push(line(
            &format!("notice:{i}"),
            format!("{mark} {scope}{topic}"),
            Cell::new(first, Sem::Notice),
            None,
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Store;

    fn rows(period: usize) -> Vec<Row> {
        let store = Store::demo().unwrap();
        let ctx = Ctx {
            store: &store,
            period: &store.periods[period],
            today: chrono::NaiveDate::default(),
            ascii: false,
            notices: super::super::test_notices(&store, &store.periods[period]),
        };
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
        assert_eq!(text(find("deviation")), "Budgetavvikelse HSN | −448 mkr");
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
