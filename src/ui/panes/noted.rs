//! Which row a note is about, both ways: from a screen's key and a row's
//! id (the stable ids that keep the selection across periods and that
//! search lands on) to a [`Subject`], and from a subject back to where its
//! row is ([`locate`]). Rows that only lead to another pane's row (the
//! overview's lines, search hits, changes) take the subject of the row
//! they lead to, so a note shows on both.

use super::beds::BedsKey;
use super::directives::DirectivesKey;
use super::economy::{self, EconomyKey};
use super::goals::{GoalFilter, GoalsKey};
use super::kpi::KpiKey;
use super::{Ctx, ScreenKey};
use crate::data;
use crate::notes::{Kind, Subject};
use crate::ui::screen::{Body, Nav, PaneId, Row, Screen};
use std::collections::BTreeSet;

/// The subject of a row of the screen at `key`, if notes can be written on it.
pub fn of_row(key: &ScreenKey, row: &Row) -> Option<Subject> {
    if row.heading {
        return None;
    }
    at(key, Some(&row.id))
        .or_else(|| row.detail.as_ref().and_then(of_nav))
        .or_else(|| row.drill.as_ref().and_then(of_nav))
}

/// The subject of a whole screen (a detail page, a chart), if it has one.
pub fn of_screen(key: &ScreenKey) -> Option<Subject> {
    at(key, None)
}

/// What the selected row (or, on a page without rows, the page) is about.
pub fn of_selection(screen: &Screen) -> Option<Subject> {
    match screen.selected_row() {
        Some(row) => of_row(&screen.key, row),
        None => of_screen(&screen.key),
    }
}

fn of_nav(nav: &Nav) -> Option<Subject> {
    match nav {
        Nav::Push(key) => of_screen(key),
        Nav::Jump { stack, select, .. } => at(stack.last()?, select.as_deref()),
        Nav::Found { jump, .. } => of_nav(jump),
        Nav::Pick(_) => None,
    }
}

/// The subject of row `row` (or of the page, `None`) on the screen at `key`.
fn at(key: &ScreenKey, row: Option<&str>) -> Option<Subject> {
    let one = |kind, id: &str| Some(Subject::new(kind, &[id]));
    match (key, row) {
        (ScreenKey::Economy(k), row) => match (k, row) {
            (EconomyKey::Tree { .. }, Some(unit)) => one(Kind::Unit, unit),
            (EconomyKey::CostTypes { unit }, Some(ct)) => {
                Some(Subject::new(Kind::CostType, &[unit, ct]))
            }
            (EconomyKey::CostTypes { unit }, None) => one(Kind::Unit, unit),
            (EconomyKey::Detail { unit, cost_type }, _) => Some(match cost_type {
                Some(ct) => Subject::new(Kind::CostType, &[unit, ct]),
                None => Subject::new(Kind::Unit, &[unit]),
            }),
            (EconomyKey::Frames { board }, Some(row))
                if row != "sources" && !row.starts_with("source-") =>
            {
                Some(Subject::new(Kind::Frame, &[board, row]))
            }
            (EconomyKey::FrameRow { board, row }, _) => {
                Some(Subject::new(Kind::Frame, &[board, row]))
            }
            _ => None,
        },
        (ScreenKey::Goals(k), row) => match (k, row) {
            (GoalsKey::Tree { .. }, Some(node)) => goal_node(node),
            (GoalsKey::Detail { node }, _) => goal_node(node),
            _ => None,
        },
        (ScreenKey::Directives(k), row) => match (k, row) {
            (DirectivesKey::List { .. }, Some(id)) => one(Kind::Directive, id),
            (DirectivesKey::Detail { id }, _) => one(Kind::Directive, id),
            _ => None,
        },
        (ScreenKey::Beds(k), row) => match (k, row) {
            (BedsKey::Table, Some(unit)) => one(Kind::Beds, unit),
            (BedsKey::Chart { unit }, _) => one(Kind::Beds, unit),
            _ => None,
        },
        (ScreenKey::KeyFigures(k), row) => match (k, row) {
            (KpiKey::Table, Some(id)) if !id.starts_with("unit:") => one(Kind::KeyFigure, id),
            (KpiKey::Chart { id } | KpiKey::Detail { id }, _) => one(Kind::KeyFigure, id),
            _ => None,
        },
        _ => None,
    }
}

/// A goal tree's node id (`goal:…`, `subgoal:…`, `indicator:…`).
fn goal_node(node: &str) -> Option<Subject> {
    let (kind, id) = node.split_once(':')?;
    let kind = match kind {
        "goal" => Kind::Goal,
        "subgoal" => Kind::SubGoal,
        "indicator" => Kind::Indicator,
        _ => return None,
    };
    Some(Subject::new(kind, &[id]))
}

/// Where a subject's row is in the period of `ctx`: the pane, the screens
/// down to it, and the row's id. `None` for a subject this snapshot cannot
/// place (a goal it does not have).
pub fn locate(ctx: &Ctx<'_>, subject: &Subject) -> data::Result<Option<Nav>> {
    let ids: Vec<&str> = subject.ids.iter().map(String::as_str).collect();
    let jump = |pane: PaneId, stack: Vec<ScreenKey>, select: String| Nav::Jump {
        pane,
        stack,
        select: Some(select),
    };
    let tree = |unit: &str| -> ScreenKey {
        EconomyKey::Tree {
            toggled: economy::opening(ctx.store, unit),
        }
        .into()
    };
    let goals = |open: BTreeSet<String>, select: String| {
        jump(
            PaneId::Goals,
            vec![
                GoalsKey::Tree {
                    expanded: open,
                    filter: GoalFilter::All,
                }
                .into(),
            ],
            select,
        )
    };
    Ok(match (subject.kind, ids.as_slice()) {
        (Kind::Unit, [unit]) => Some(jump(PaneId::Economy, vec![tree(unit)], (*unit).into())),
        (Kind::CostType, [unit, ct]) => Some(jump(
            PaneId::Economy,
            vec![
                tree(unit),
                EconomyKey::CostTypes {
                    unit: (*unit).into(),
                }
                .into(),
            ],
            (*ct).into(),
        )),
        (Kind::Frame, [board, row]) => Some(jump(
            PaneId::Economy,
            vec![
                tree(board),
                EconomyKey::Frames {
                    board: (*board).into(),
                }
                .into(),
            ],
            (*row).into(),
        )),
        (Kind::Goal, [goal]) => Some(goals(BTreeSet::new(), format!("goal:{goal}"))),
        (Kind::SubGoal, [id]) => {
            let tree = ctx.store.goal_tree_kept(ctx.period)?;
            tree.subgoal(id).map(|(goal, _)| {
                goals(
                    BTreeSet::from([format!("goal:{}", goal.id)]),
                    format!("subgoal:{id}"),
                )
            })
        }
        (Kind::Indicator, [id]) => {
            let tree = ctx.store.goal_tree_kept(ctx.period)?;
            tree.indicator(id).map(|(goal, sub, _)| {
                let mut open = BTreeSet::from([format!("goal:{}", goal.id)]);
                if let Some(sub) = sub {
                    open.insert(format!("subgoal:{}", sub.id));
                }
                goals(open, format!("indicator:{id}"))
            })
        }
        (Kind::Directive, [id]) => Some(jump(
            PaneId::Directives,
            vec![PaneId::Directives.root()],
            (*id).into(),
        )),
        (Kind::KeyFigure, [id]) => Some(jump(
            PaneId::KeyFigures,
            vec![KpiKey::Table.into()],
            (*id).into(),
        )),
        (Kind::Beds, [unit]) => Some(jump(
            PaneId::Beds,
            vec![BedsKey::Table.into()],
            (*unit).into(),
        )),
        _ => None,
    })
}

/// The figure a note keeps of its row: the deviation where the table has
/// one, else the first figure after the name; as "Title: value".
pub fn figure(screen: &Screen, row: &Row) -> Option<String> {
    let table = screen.body.table()?;
    let title = |i: usize| {
        table
            .columns
            .get(i)
            .map(|c| c.title.text().trim().to_string())
            .unwrap_or_default()
    };
    let shown = |i: usize| {
        row.cells
            .get(i)
            .filter(|c| c.value.is_some())
            .map(|c| c.text().trim().to_string())
            .filter(|t| !t.is_empty())
    };
    let deviation = (0..table.columns.len()).find(|i| title(*i).starts_with("Avvikelse"));
    let i = deviation
        .filter(|i| shown(*i).is_some())
        .or_else(|| (1..row.cells.len()).find(|i| shown(*i).is_some()))?;
    let value = shown(i)?;
    Some(match title(i) {
        t if t.is_empty() => value,
        t => format!("{t}: {value}"),
    })
}

/// The figure of a detail page: its deviation field, else its first.
pub fn page_figure(screen: &Screen) -> Option<String> {
    let Body::Detail(detail) = &screen.body else {
        return None;
    };
    let valued = |(label, cell): &&(String, crate::ui::screen::Cell)| {
        cell.value.is_some() && !label.is_empty()
    };
    let field = detail
        .fields
        .iter()
        .filter(valued)
        .find(|(l, _)| l.starts_with("Avvikelse"))
        .or_else(|| detail.fields.iter().find(valued))?;
    Some(format!("{}: {}", field.0, field.1.text().trim()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::panes::testing::{ctx, store};
    use crate::ui::panes::{OverviewKey, build};

    fn screen(key: impl Into<ScreenKey>) -> Screen {
        build(&ctx(store(), "2025-08"), &key.into()).expect("the screen builds")
    }

    fn subject_of(screen: &Screen, id: &str) -> Option<String> {
        let row = screen.rows().iter().find(|r| r.id == id).expect("the row");
        of_row(&screen.key, row).map(|s| s.key())
    }

    #[test]
    fn economy_rows_are_keyed_by_unit_and_cost_type() {
        let tree = screen(PaneId::Economy.root());
        assert_eq!(subject_of(&tree, "hsn").as_deref(), Some("unit:hsn"));
        let lines = screen(EconomyKey::CostTypes { unit: "hsn".into() });
        let row = lines.rows().iter().find(|r| !r.heading).unwrap();
        assert_eq!(
            of_row(&lines.key, row).map(|s| s.key()),
            Some(format!("cost-type:hsn/{}", row.id))
        );
        let page = EconomyKey::Detail {
            unit: "hsn".into(),
            cost_type: Some(row.id.clone()),
        };
        assert_eq!(
            of_screen(&page.into()).map(|s| s.key()),
            Some(format!("cost-type:hsn/{}", row.id))
        );
    }

    #[test]
    fn the_overviews_lines_take_the_subject_of_the_row_they_lead_to() {
        let overview = screen(OverviewKey::Root { unit: None });
        let line = overview
            .rows()
            .iter()
            .find(|r| r.id.starts_with("line:"))
            .expect("a cost-type line");
        let ct = line.id.trim_start_matches("line:");
        let subject = of_row(&overview.key, line).expect("a subject");
        assert_eq!(subject.kind, Kind::CostType);
        assert_eq!(subject.ids[1], ct);
        assert!(
            overview
                .rows()
                .iter()
                .filter(|r| r.heading)
                .all(|r| of_row(&overview.key, r).is_none())
        );
    }

    #[test]
    fn every_pane_has_rows_notes_can_be_written_on() {
        for pane in PaneId::ALL {
            let root = screen(pane.root());
            let keyed = root
                .rows()
                .iter()
                .filter(|r| of_row(&root.key, r).is_some())
                .count();
            assert!(keyed > 0, "{pane:?}: no row can carry a note");
        }
    }

    /// A subject found on a row is located back to that very row.
    #[test]
    fn located_subjects_land_on_their_row() {
        let c = ctx(store(), "2025-08");
        let mut checked = 0;
        let mut keys: Vec<ScreenKey> = PaneId::ALL.iter().map(|p| p.root()).collect();
        keys.push(EconomyKey::CostTypes { unit: "hsn".into() }.into());
        for key in keys {
            let shown = build(&c, &key).unwrap();
            for row in shown.rows() {
                let Some(subject) = of_row(&shown.key, row) else {
                    continue;
                };
                let Some(Nav::Jump { stack, select, .. }) = locate(&c, &subject).unwrap() else {
                    panic!("{subject:?} not located");
                };
                let there = build(&c, stack.last().unwrap()).unwrap();
                let id = select.unwrap();
                let found = there.rows().iter().find(|r| r.id == id);
                assert!(
                    found.is_some(),
                    "{subject:?}: no row {id} on {:?}",
                    there.key
                );
                assert_eq!(of_row(&there.key, found.unwrap()), Some(subject));
                checked += 1;
            }
        }
        assert!(checked > 20, "only {checked} rows checked");
    }

    #[test]
    fn the_figure_kept_is_the_deviation() {
        let tree = screen(PaneId::Economy.root());
        let row = tree.rows().iter().find(|r| r.id == "hsn").unwrap();
        assert_eq!(figure(&tree, row).as_deref(), Some("Avvikelse: −335"));
    }
}
