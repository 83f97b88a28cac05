//! Search results: each hit, the periods it has figures in, and Enter that
//! lands on the hit itself.

use super::economy::{self, EconomyKey};
use super::goals::{GoalFilter, GoalsKey};
use super::kpi::KpiKey;
use super::{Ctx, ScreenKey};
use crate::data::{self, Period, search::Hit, search::HitKind};
use crate::ui::format;
use crate::ui::screen::{Body, Cell, Column, Nav, PaneId, Row, Screen, Table};
use crate::ui::theme::Sem;
use std::collections::BTreeSet;

/// A search, pushed on the stack of the pane it started from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchKey {
    pub query: String,
}

/// With exactly one hit, search goes straight to it: where to.
pub fn single_hit(screen: &Screen) -> Option<Nav> {
    match (&screen.key, screen.rows()) {
        (ScreenKey::Search(_), [only]) => only.drill.clone(),
        _ => None,
    }
}

pub fn build(ctx: &Ctx<'_>, key: &SearchKey) -> data::Result<Screen> {
    build_first(ctx, key, usize::MAX)
}

/// The hits as the prompt is typed: all of them counted, but only the
/// first `rows` (what the window can show) with their periods and where
/// they lead, so that each key costs little even where a word is in
/// thousands of names. Enter builds the whole list.
pub fn preview(ctx: &Ctx<'_>, key: &SearchKey, rows: usize) -> data::Result<Screen> {
    build_first(ctx, key, rows)
}

fn build_first(ctx: &Ctx<'_>, key: &SearchKey, limit: usize) -> data::Result<Screen> {
    let query = key.query.as_str();
    let hits = ctx.store.search(query)?;
    let mut rows = Vec::with_capacity(hits.len().min(limit));
    for (i, hit) in hits.iter().take(limit).enumerate() {
        let periods = ctx.store.hit_periods(hit)?;
        let here = periods.iter().any(|p| p.id == ctx.period.id);
        rows.push(Row {
            id: format!("{i}:{}", hit.id),
            cells: vec![
                Cell::plain(hit.label.clone()),
                Cell::new(kind_label(hit.kind), Sem::Dim),
                Cell::new(
                    periods_text(&periods),
                    if here { Sem::Normal } else { Sem::Dim },
                ),
            ],
            drill: Some(destination(ctx, hit, &periods)?),
            ..Row::default()
        });
    }
    let n = hits.len();
    let caption = Cell::new(
        format!(
            "{n} {} för \"{query}\" · Enter går dit (byter period om träffen saknas i {}) · Esc tillbaka",
            if n == 1 { "träff" } else { "träffar" },
            format::short_period(ctx.period),
        ),
        Sem::Dim,
    );
    let table = Table {
        columns: vec![
            Column::name("Träff", 30),
            Column::text("Typ", 10, 1),
            Column::text("Finns i", 23, 2),
        ],
        rows,
        empty: format!("Inget hittades för \"{query}\"."),
        caption: Some(caption),
    };
    Ok(Screen::new(
        ScreenKey::Search(key.clone()),
        format!("Sök: {query}"),
        Body::Table(table),
    ))
}

fn kind_label(kind: HitKind) -> &'static str {
    match kind {
        HitKind::Unit => "enhet",
        HitKind::CostType => "kostnadsslag",
        HitKind::Goal => "mål",
        HitKind::Subgoal => "delmål",
        HitKind::Indicator => "indikator",
        HitKind::Directive => "uppdrag",
        HitKind::Kpi => "nyckeltal",
    }
}

/// "aug 2024, aug 2025"; a long run as its ends and count.
fn periods_text(periods: &[&Period]) -> String {
    match periods {
        [] => "inga siffror".to_string(),
        [_] | [_, _] => periods
            .iter()
            .map(|p| format::short_period(p))
            .collect::<Vec<_>>()
            .join(", "),
        [first, .., last] => format!(
            "{} – {} ({})",
            format::short_period(first),
            format::short_period(last),
            periods.len()
        ),
    }
}

/// Where a hit lives: its pane, with the tree opened down to it, in this
/// period if the hit has figures here, else in the latest period it has.
pub fn destination(ctx: &Ctx<'_>, hit: &Hit, periods: &[&Period]) -> data::Result<Nav> {
    let here = periods.iter().any(|p| p.id == ctx.period.id);
    let elsewhere = if here { None } else { periods.last() };
    let shown_in = elsewhere.map_or(ctx.period.id.as_str(), |p| p.id.as_str());
    Ok(Nav::Found {
        period: elsewhere.map(|p| p.id.clone()),
        jump: Box::new(jump(ctx, hit, shown_in)?),
    })
}

fn jump(ctx: &Ctx<'_>, hit: &Hit, period: &str) -> data::Result<Nav> {
    let goals = |open: BTreeSet<String>, select: String| Nav::Jump {
        pane: PaneId::Goals,
        stack: vec![
            GoalsKey::Tree {
                expanded: open,
                filter: GoalFilter::All,
            }
            .into(),
        ],
        select: Some(select),
    };
    let node = |kind: &str, id: &Option<String>| id.as_ref().map(|id| format!("{kind}:{id}"));
    let economy_tree = |unit: &str| -> ScreenKey {
        EconomyKey::Tree {
            toggled: economy::opening(ctx.store, unit),
        }
        .into()
    };
    Ok(match hit.kind {
        HitKind::Unit => match (
            ctx.store.has_economy(&hit.id, period)?,
            ctx.store.has_bed_series(&hit.id)?,
        ) {
            (false, true) => Nav::Jump {
                pane: PaneId::Beds,
                stack: vec![PaneId::Beds.root()],
                select: Some(hit.id.clone()),
            },
            _ => Nav::Jump {
                pane: PaneId::Economy,
                stack: vec![economy_tree(&hit.id)],
                select: Some(hit.id.clone()),
            },
        },
        HitKind::CostType => {
            let unit = ctx
                .store
                .cost_type_unit(&hit.id, period)?
                .unwrap_or_default();
            Nav::Jump {
                pane: PaneId::Economy,
                stack: vec![economy_tree(&unit), EconomyKey::CostTypes { unit }.into()],
                select: Some(hit.id.clone()),
            }
        }
        HitKind::Goal => goals(BTreeSet::new(), format!("goal:{}", hit.id)),
        HitKind::Subgoal => goals(
            node("goal", &hit.goal).into_iter().collect(),
            format!("subgoal:{}", hit.id),
        ),
        HitKind::Indicator => goals(
            node("goal", &hit.goal)
                .into_iter()
                .chain(node("subgoal", &hit.subgoal))
                .collect(),
            format!("indicator:{}", hit.id),
        ),
        HitKind::Directive => Nav::Jump {
            pane: PaneId::Directives,
            stack: vec![PaneId::Directives.root()],
            select: Some(hit.id.clone()),
        },
        HitKind::Kpi => Nav::Jump {
            pane: PaneId::KeyFigures,
            stack: vec![KpiKey::Table.into()],
            select: Some(hit.id.clone()),
        },
    })
}
