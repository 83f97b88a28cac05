//! Förändringar (`d` on Översikt): everything that changed since the
//! comparison period, worst first, each row leading to its detail with both
//! periods and their sources.

use super::directives::DirectivesKey;
use super::economy::EconomyKey;
use super::goals::GoalsKey;
use super::{Ctx, ScreenKey};
use crate::data::{
    self,
    changes::{Change, Figure},
};
use crate::domain::change::Shift;
use crate::ui::format;
use crate::ui::screen::{Body, Cell, Column, Glyph, Nav, Row, Screen, Table};
use crate::ui::theme::Sem;

/// Every change since the comparison period, shown under `key` (the
/// overview's: this file does not import its parent pane).
pub(super) fn screen(ctx: &Ctx<'_>, key: ScreenKey) -> data::Result<Screen> {
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
    let changes = ctx.store.changes(ctx.period, before)?;
    let mut rows = Vec::with_capacity(changes.len() + 8);
    let mut group = None;
    for (i, change) in changes.iter().enumerate() {
        let heading = group_of(ctx, change);
        if group.as_ref() != Some(&heading) {
            rows.push(Row {
                id: format!("{i}:grupp:{heading}"),
                cells: vec![Cell::new(heading.clone(), Sem::Heading)],
                heading: true,
                ..Row::default()
            });
            group = Some(heading);
        }
        rows.push(row(ctx, i, change));
    }
    let caption = Cell::new(
        format!(
            "Från {} till {} · alla nivåer, per enhet, det som blivit sämre först · c byter jämförelse",
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

/// The heading a change stands under: a deviation's unit, else what kind
/// of thing moved.
fn group_of(ctx: &Ctx<'_>, change: &Change) -> String {
    match change {
        Change::Deviation { unit, .. } => ctx.store.unit_name(unit),
        Change::Light { .. } => "Mål".into(),
        Change::Status { .. } | Change::Overdue { .. } => "Uppdrag".into(),
        Change::Notice(_) => "Noteringar".into(),
    }
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
                figure,
                before,
                now,
            } => {
                // The unit is the heading above: the row names the line.
                let line = cost_type.as_deref().map_or_else(
                    || "Totalt".to_string(),
                    |ct| {
                        ctx.store
                            .cost_type(ct)
                            .map_or(ct.to_string(), |c| c.name.clone())
                    },
                );
                // Said in the name too: at 80 columns "Vad" is not shown.
                let name = match figure {
                    Figure::Deviation => line,
                    Figure::Forecast => format!("{line}, prognos helår"),
                };
                let delta = now.saturating_sub(*before);
                let detail = EconomyKey::Detail {
                    unit: unit.clone(),
                    cost_type: cost_type.clone(),
                };
                (
                    name,
                    match figure {
                        Figure::Deviation => "avvikelse",
                        Figure::Forecast => "prognos",
                    },
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
            // A contradiction by its two values, as captions show it.
            Change::Notice(notice) => (
                notice.headline(),
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
