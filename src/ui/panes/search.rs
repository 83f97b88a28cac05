//! Search results: each hit jumps to where it lives.

use super::economy::{self, EconomyKey};
use super::goals::{GoalFilter, GoalsKey};
use super::{Ctx, ScreenKey};
use crate::data::{self, search::Hit, search::HitKind};
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
    let query = key.query.as_str();
    let hits = ctx.store.search(query)?;
    let mut rows = Vec::with_capacity(hits.len());
    for (i, hit) in hits.iter().enumerate() {
        rows.push(Row {
            id: format!("{i}:{}", hit.id),
            cells: vec![
                Cell::plain(hit.label.clone()),
                Cell::new(kind_label(hit.kind), Sem::Dim),
            ],
            drill: Some(destination(ctx, hit)?),
            ..Row::default()
        });
    }
    let n = rows.len();
    let caption = Cell::new(
        format!(
            "{n} {} för \"{query}\" · Enter går dit",
            if n == 1 { "träff" } else { "träffar" }
        ),
        Sem::Dim,
    );
    let table = Table {
        columns: vec![Column::name("Träff", 30), Column::text("Typ", 10, 1)],
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
        HitKind::Goal => "mål",
        HitKind::Subgoal => "delmål",
        HitKind::Indicator => "indikator",
        HitKind::Directive => "uppdrag",
    }
}

/// Where a hit lives: its pane, with the tree opened down to it. A unit
/// goes to Ekonomi if it has figures this period, else to its bed series.
pub fn destination(ctx: &Ctx<'_>, hit: &Hit) -> data::Result<Nav> {
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
    Ok(match hit.kind {
        HitKind::Unit => match ctx.store.unit_presence(&hit.id, &ctx.period.id)? {
            (false, true) => Nav::Jump {
                pane: PaneId::Beds,
                stack: vec![PaneId::Beds.root()],
                select: Some(hit.id.clone()),
            },
            _ => Nav::Jump {
                pane: PaneId::Economy,
                stack: vec![
                    EconomyKey::Tree {
                        toggled: economy::opening(ctx.store, &hit.id),
                    }
                    .into(),
                ],
                select: Some(hit.id.clone()),
            },
        },
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
    })
}
