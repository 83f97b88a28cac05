//! A board's planned changes of units, wards and posts for a plan year
//! (format 4), shown in Ekonomi's budget frames (`b`) after the year's
//! bridge: the frame and what the board plans to do with it side by side.
//! Each row has its page with the text and source (`i`).

use super::{Ctx, ScreenKey};
use crate::data::plans::PlannedChange;
use crate::data::{self, Provenance};
use crate::ui::format;
use crate::ui::screen::{Body, Cell, Detail, Nav, Row, Screen, Section};
use crate::ui::theme::Sem;

/// The prefix of a planned change's row id among the bridge's rows.
const PREFIX: &str = "plan-";

/// The heading and one row per change, with the source each row cites (the
/// frames screen numbers the documents); empty without changes.
pub(super) fn rows(
    changes: &[PlannedChange],
    year: i64,
    row_key: &dyn Fn(String) -> ScreenKey,
) -> Vec<(Row, Option<Provenance>)> {
    if changes.is_empty() {
        return Vec::new();
    }
    let mut rows = vec![(
        Row {
            id: format!("{year}-planned"),
            cells: vec![Cell::new(
                format!("Planerade förändringar {year}"),
                Sem::Heading,
            )],
            depth: 1,
            heading: true,
            ..Row::default()
        },
        None,
    )];
    rows.extend(changes.iter().map(|change| {
        let id = format!("{PREFIX}{}", change.id);
        let page = Nav::Push(row_key(id.clone()));
        let mut title = Cell::plain(change.title.clone());
        if change.provenance.illustrative {
            title = title.push(crate::ui::strings::ILLUSTRATIVE_MARK, Sem::Illustrative);
        }
        let row = Row {
            id,
            cells: vec![title, Cell::empty(), Cell::plain(what(change))],
            depth: 2,
            detail: Some(page.clone()),
            drill: Some(page),
            source: Some(change.provenance.clone()),
            ..Row::default()
        };
        (row, Some(change.provenance.clone()))
    }));
    rows
}

/// "öppnar +8 vårdpl.", "öppnar 12 tjänster", "flyttas": the kind and the
/// numbers the source gives.
fn what(change: &PlannedChange) -> String {
    let mut text = change.kind.map_or("anges ej", |k| k.label()).to_string();
    if let Some(beds) = change.beds {
        text.push_str(&format!(" {beds:+} vårdpl."));
    }
    if let Some(posts) = change.posts {
        text.push_str(&format!(
            " {} tjänster",
            format::quantity(Some(posts), None).text()
        ));
    }
    text
}

/// Whether a bridge row id is a planned change's.
pub(super) fn is_planned(row: &str) -> bool {
    row.starts_with(PREFIX)
}

/// A planned change's page: kind, where, beds and posts as stated, the
/// decision, the text and the source.
pub(super) fn detail(
    ctx: &Ctx<'_>,
    key: ScreenKey,
    board: &str,
    row: &str,
) -> data::Result<Screen> {
    let id = row.strip_prefix(PREFIX).unwrap_or(row);
    let changes = ctx.store.planned_changes()?;
    let Some(change) = changes.iter().find(|c| c.id == id && c.board_id == board) else {
        return Ok(Screen::new(
            key,
            "Planerad förändring",
            Body::Detail(Detail::missing(format!(
                "Den planerade förändringen {id} finns inte för {}.",
                ctx.store.short_name(board)
            ))),
        ));
    };
    let stated = |cell: Cell| format::or_unknown(cell);
    let unit = |id: &Option<String>| {
        id.as_deref().map_or_else(
            || Cell::new("anges inte", Sem::Dim),
            |u| Cell::plain(ctx.store.unit_name(u)),
        )
    };
    let decided = match (&change.decided, &change.decided_by_id) {
        (None, None) => Cell::new("anges inte", Sem::Dim),
        (when, by) => Cell::plain(
            [by.as_deref().map(|b| ctx.store.short_name(b)), when.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
        ),
    };
    let fields = vec![
        ("Förändring".to_string(), Cell::plain(change.title.clone())),
        ("Planår".to_string(), Cell::plain(change.year.to_string())),
        (
            "Typ".to_string(),
            Cell::plain(change.kind.map_or("anges ej", |k| k.label())),
        ),
        ("Nämnd".to_string(), Cell::plain(ctx.store.unit_name(board))),
        ("Enhet".to_string(), unit(&change.org_unit_id)),
        (
            "Vårdplatser".to_string(),
            stated(
                change
                    .beds
                    .map_or_else(Cell::empty, |b| Cell::plain(format!("{b:+}"))),
            ),
        ),
        (
            "Tjänster".to_string(),
            stated(format::quantity(change.posts, None)),
        ),
        ("Beslut".to_string(), decided),
        ("Källa".to_string(), format::source(&change.provenance)),
    ];
    let mut sections = Vec::new();
    if let Some(text) = &change.text {
        sections.push(Section::text("Beskrivning", text));
    }
    Ok(Screen::new(
        key,
        crate::domain::text::fit_width(&change.title, 30),
        Body::Detail(Detail { fields, sections }),
    ))
}
