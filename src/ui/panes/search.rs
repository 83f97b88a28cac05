//! Search results: each hit, the periods it has figures in, and Enter that
//! lands on the hit itself.

use super::directives::DirectivesKey;
use super::economy::{self, EconomyKey};
use super::goals::{GoalFilter, GoalsKey};
use super::kpi::KpiKey;
use super::registry::SearchKey;
use super::{Ctx, ScreenKey};
use crate::data::{self, Period, search::Hit, search::HitKind};
use crate::ui::format;
use crate::ui::screen::{Body, Cell, Column, Nav, PaneId, Row, Screen, Table};
use crate::ui::theme::Sem;
use std::collections::BTreeSet;

/// With exactly one hit, search goes straight to it: where to.
pub fn single_hit(screen: &Screen) -> Option<Nav> {
    match (&screen.key, screen.rows()) {
        (ScreenKey::Search(_), [only]) => only.drill.clone(),
        _ => None,
    }
}

pub fn build(ctx: &Ctx<'_>, key: &SearchKey) -> data::Result<Screen> {
    build_first(ctx, key, usize::MAX, Vec::new())
}

/// Enter on the prompt's live hits for the same query in the same period:
/// the whole list, the rows the live list built (`shown`, as built, before
/// any marks) kept and only the hits after them read.
pub fn complete(ctx: &Ctx<'_>, key: &SearchKey, shown: Vec<Row>) -> data::Result<Screen> {
    build_first(ctx, key, usize::MAX, shown)
}

/// The hits as the prompt is typed: all of them counted, but only the
/// first `rows` (what the window can show) with their periods and where
/// they lead, so that each key costs little even where a word is in
/// thousands of names. Enter builds the whole list.
pub fn preview(ctx: &Ctx<'_>, key: &SearchKey, rows: usize) -> data::Result<Screen> {
    build_first(ctx, key, rows, Vec::new())
}

/// The first `limit` hits as rows, starting from `built` where those are
/// the first hits' rows.
fn build_first(
    ctx: &Ctx<'_>,
    key: &SearchKey,
    limit: usize,
    built: Vec<Row>,
) -> data::Result<Screen> {
    let query = key.query.as_str();
    let hits = ctx.store.search(query)?;
    let mut rows = Vec::with_capacity(hits.len().min(limit));
    let same = built.len() <= hits.len().min(limit)
        && (built.iter().zip(&hits).enumerate()).all(|(i, (row, hit))| row.id == row_id(i, hit));
    if same {
        rows = built;
    }
    for (i, hit) in hits.iter().enumerate().take(limit).skip(rows.len()) {
        let periods = ctx.store.hit_periods(hit)?;
        let here = periods.iter().any(|p| p.id == ctx.period.id);
        rows.push(Row {
            id: row_id(i, hit),
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

/// A hit's row id: its place in the list and its id.
fn row_id(i: usize, hit: &Hit) -> String {
    format!("{i}:{}", hit.id)
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
            (false, false) => without_figures(ctx, &hit.id, period)?,
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
        HitKind::Directive => directive(ctx, &hit.id, period)?,
        HitKind::Kpi => Nav::Jump {
            pane: PaneId::KeyFigures,
            stack: vec![KpiKey::Table.into()],
            select: Some(hit.id.clone()),
        },
    })
}

/// A unit with no figures of its own in the period (an administration, a
/// committee, an area whose figures the reports give only for its parts):
/// the directives it receives, where it receives any; else the nearest
/// unit above it that has figures, in the economy tree.
fn without_figures(ctx: &Ctx<'_>, unit: &str, period: &str) -> data::Result<Nav> {
    if let Some(p) = ctx.store.period(period)
        && ctx.store.listed_directives(p)?.recipients.contains(unit)
    {
        return Ok(Nav::Jump {
            pane: PaneId::Directives,
            stack: vec![
                DirectivesKey::List {
                    sort: super::directives::DirectiveSort::EndDate,
                    status: None,
                    recipient: Some(unit.to_string()),
                }
                .into(),
            ],
            select: None,
        });
    }
    let mut above = None;
    for a in ctx.store.org_ancestors(unit) {
        if ctx.store.has_economy(&a.id, period)? {
            above = Some(a.id.clone());
            break;
        }
    }
    let shown = above.unwrap_or_else(|| unit.to_string());
    Ok(Nav::Jump {
        pane: PaneId::Economy,
        stack: vec![
            EconomyKey::Tree {
                toggled: economy::opening(ctx.store, &shown),
            }
            .into(),
        ],
        select: Some(shown),
    })
}

/// A directive lands on its row where the period lists it; one no period
/// lists (next year's plan directives, before that year has a report)
/// opens its own page over the list, so every hit opens somewhere.
fn directive(ctx: &Ctx<'_>, id: &str, period: &str) -> data::Result<Nav> {
    let listed = match ctx.store.period(period) {
        Some(p) => ctx.store.listed_directives(p)?.directives.contains(id),
        None => false,
    };
    let root = PaneId::Directives.root();
    Ok(if listed {
        Nav::Jump {
            pane: PaneId::Directives,
            stack: vec![root],
            select: Some(id.to_string()),
        }
    } else {
        Nav::Jump {
            pane: PaneId::Directives,
            stack: vec![root, DirectivesKey::Detail { id: id.to_string() }.into()],
            select: None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::panes::testing;
    use crate::ui::screen::Body;

    /// Every hit of several searches, from every period, opens a screen
    /// that shows it: its row is selected, or it is the page opened.
    #[test]
    fn every_hit_opens_in_every_period() {
        let store = testing::store();
        let mut opened = 0;
        let mut lost = Vec::new();
        for from in &store.periods {
            let ctx = testing::ctx(store, &from.id);
            for query in [
                "nettokostnad",
                "regionplan",
                "personalkostnad",
                "hyr",
                "vård",
                "mål",
                "uppdrag",
                "kirurg",
            ] {
                for hit in store.search(query).unwrap() {
                    let periods = store.hit_periods(&hit).unwrap();
                    let Nav::Found { period, jump } = destination(&ctx, &hit, &periods).unwrap()
                    else {
                        panic!("a hit is found somewhere")
                    };
                    let shown_in = period.unwrap_or_else(|| from.id.clone());
                    let there = testing::ctx(store, &shown_in);
                    let Nav::Jump { stack, select, .. } = *jump else {
                        panic!("a hit jumps to a pane")
                    };
                    let top = stack.last().expect("a screen");
                    let mut screen = crate::ui::panes::build(&there, top).unwrap();
                    let shown = match &select {
                        Some(id) => screen.select_id(id),
                        None => match &screen.body {
                            Body::Detail(d) => !d.fields.is_empty(),
                            Body::Table(t) => !t.rows.is_empty(),
                            _ => true,
                        },
                    };
                    if !shown {
                        lost.push(format!(
                            "{query}: {} ({select:?}) from {} in {shown_in}",
                            hit.label, from.id
                        ));
                    }
                    opened += 1;
                }
            }
        }
        assert!(lost.is_empty(), "hits that open nowhere: {lost:#?}");
        assert!(opened > 100, "{opened} hits opened");
    }

    #[test]
    fn the_regionplan_2026_directives_open_their_page() {
        let store = testing::store();
        for from in &store.periods {
            let ctx = testing::ctx(store, &from.id);
            let hits = store.search("nettokostnadsutveckling").unwrap();
            let plan: Vec<_> = hits.iter().filter(|h| h.id.starts_with("d2026")).collect();
            assert_eq!(plan.len(), 2, "both plan directives are found");
            for hit in plan {
                let periods = store.hit_periods(hit).unwrap();
                let Nav::Found { jump, .. } = destination(&ctx, hit, &periods).unwrap() else {
                    panic!("found")
                };
                let Nav::Jump { stack, .. } = *jump else {
                    panic!("a jump")
                };
                assert_eq!(
                    stack.last(),
                    Some(&DirectivesKey::Detail { id: hit.id.clone() }.into()),
                    "{} in {}",
                    hit.label,
                    from.id
                );
            }
        }
    }
}
