//! Förändringar (`d` on Översikt): everything that changed since the
//! comparison period, worst first, each row leading to its detail with both
//! periods and their sources.

use super::directives::DirectivesKey;
use super::economy::EconomyKey;
use super::goals::GoalsKey;
use super::{Ctx, ScreenKey};
use crate::data::{self, changes::Change};
use crate::domain::change::Shift;
use crate::ui::format;
use crate::ui::screen::{Body, Cell, Column, Glyph, Nav, Row, Screen, Table};
use crate::ui::theme::Sem;

/// The changes within `top` (the overview's unit), shown under `key` (the
/// overview's: this file does not import its parent pane).
pub(super) fn screen(ctx: &Ctx<'_>, key: ScreenKey, top: Option<&str>) -> data::Result<Screen> {
    let title = "Förändringar".to_string();
    let Some(before) = ctx.compare else {
        let table = Table {
            columns: columns(),
            empty: format!(
                "Ingen rapport att jämföra {} med (c byter jämförelse).",
                ctx.period.label
            ),
            ..Table::default()
        };
        return Ok(Screen::new(key, title, Body::Table(table)));
    };
    let changes = ctx.store.changes(ctx.period, before, top)?;
    let rows = changes
        .iter()
        .enumerate()
        .map(|(i, change)| row(ctx, i, change))
        .collect();
    let caption = Cell::new(
        format!(
            "Från {} till {} · det som blivit sämre först · c byter jämförelse",
            before.label, ctx.period.label
        ),
        Sem::Dim,
    );
    let table = Table {
        columns: columns(),
        rows,
        empty: format!("Inget har ändrats sedan {}.", before.label),
        caption: Some(caption),
    };
    Ok(Screen::new(key, title, Body::Table(table)))
}

fn columns() -> Vec<Column> {
    vec![
        Column::name("Förändring", 40),
        Column::text("Vad", 11, 4),
        Column::number("Före", 10, 2),
        Column::number("Nu", 10, 1),
        Column::text("Ändring", 14, 1),
    ]
}

fn row(ctx: &Ctx<'_>, i: usize, change: &Change) -> Row {
    let Shown {
        name,
        what,
        before,
        now,
        moved,
        to,
    } = shown(ctx, change);
    Row {
        id: format!("{i}:{name}"),
        cells: vec![
            Cell::plain(name),
            Cell::new(what, Sem::Dim),
            before,
            now,
            moved,
        ],
        drill: to.clone(),
        detail: to,
        exception: change.is_worse(),
        ..Row::default()
    }
}

/// A change as its row shows it: what changed, which figure, before, now,
/// how it moved, and where it leads.
struct Shown {
    name: String,
    what: &'static str,
    before: Cell,
    now: Cell,
    moved: Cell,
    to: Option<Nav>,
}

fn shown(ctx: &Ctx<'_>, change: &Change) -> Shown {
    let money = ctx.store.money_unit;
    let (name, what, before, now, moved, to): (String, &str, Cell, Cell, Cell, Option<Nav>) =
        match change {
            Change::Deviation {
                unit,
                cost_type,
                before,
                now,
            } => {
                let name = ctx.store.line_name(unit, cost_type.as_deref());
                let delta = now.saturating_sub(*before);
                let detail = EconomyKey::Detail {
                    unit: unit.clone(),
                    cost_type: cost_type.clone(),
                };
                (
                    name,
                    "avvikelse",
                    format::deviation_exact(*before, money),
                    format::deviation_exact(*now, money),
                    format::deviation_exact(delta, money),
                    Some(Nav::Push(detail.into())),
                )
            }
            Change::Light {
                node,
                name,
                before,
                now,
                shift,
            } => (
                name.clone(),
                "ljus",
                format::light(*before),
                format::light(*now),
                format::shift(*shift),
                Some(Nav::Push(GoalsKey::Detail { node: node.clone() }.into())),
            ),
            Change::Status {
                directive,
                title,
                before,
                now,
                shift,
            } => (
                title.clone(),
                "status",
                format::status(*before),
                format::status(*now),
                format::shift(*shift),
                Some(directive_detail(directive)),
            ),
            Change::Overdue {
                directive,
                title,
                end,
            } => (
                title.clone(),
                "slutdatum",
                Cell::plain(end.to_string()),
                Cell::new("passerat", Sem::Overdue),
                format::shift(Shift::Worse),
                Some(directive_detail(directive)),
            ),
            Change::Notice(notice) => (
                notice.text.lines().next().unwrap_or_default().to_string(),
                "notering",
                Cell::empty(),
                Cell::new(Glyph::Notice, Sem::Notice).push(" ny", Sem::Notice),
                Cell::empty(),
                None,
            ),
        };
    Shown {
        name,
        what,
        before,
        now,
        moved,
        to,
    }
}

fn directive_detail(id: &str) -> Nav {
    Nav::Push(DirectivesKey::Detail { id: id.to_string() }.into())
}
