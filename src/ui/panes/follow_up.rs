//! "Att följa upp": every note on this snapshot's organisation, newest
//! first — flag, what it is about, the figure when it was written and as
//! it stands now, when and at which period — and Enter landing on the row
//! in the period it was written at. A note whose row this snapshot does not
//! have is listed last, "utan rad i den här ögonblicksbilden", never dropped.

use super::economy::{self, EconomyKey};
use super::registry::FollowUpKey;
use super::{Ctx, ScreenKey, noted};
use crate::data;
use crate::notes::{Flag, Note};
use crate::ui::screen::{Body, Cell, Column, Glyph, Nav, Row, Screen, Table};
use crate::ui::strings;
use crate::ui::theme::Sem;

impl FollowUpKey {
    /// The key after a filter key: the next flag (`Action::Filter`) or the
    /// next unit that has notes (`Action::ChooseUnit`), then all again.
    pub fn next(&self, filter_units: bool, notes: &[Note]) -> FollowUpKey {
        let mut next = self.clone();
        if filter_units {
            let mut units: Vec<&String> =
                notes.iter().filter_map(|n| n.subject.ids.first()).collect();
            units.sort();
            units.dedup();
            let at = self
                .unit
                .as_ref()
                .and_then(|u| units.iter().position(|x| *x == u));
            next.unit = match at {
                None => units.first().map(|u| (*u).clone()),
                Some(i) => units.get(i + 1).map(|u| (*u).clone()),
            };
        } else {
            let at = self
                .flag
                .and_then(|f| Flag::ALL.iter().position(|x| *x == f));
            next.flag = match at {
                None => Some(Flag::ALL[0]),
                Some(i) => Flag::ALL.get(i + 1).copied(),
            };
        }
        next
    }

    fn keeps(&self, note: &Note) -> bool {
        self.flag.is_none_or(|f| note.flag == Some(f))
            && self
                .unit
                .as_ref()
                .is_none_or(|u| note.subject.ids.first() == Some(u))
    }
}

/// Where a located note's row is: the screen it is on and its row id.
fn place(nav: &Nav) -> Option<(&ScreenKey, &str)> {
    match nav {
        Nav::Jump { stack, select, .. } => Some((stack.last()?, select.as_deref()?)),
        _ => None,
    }
}

pub fn build(ctx: &Ctx<'_>, key: &FollowUpKey) -> data::Result<Screen> {
    let chosen: Vec<&Note> = ctx.notes.iter().rev().filter(|n| key.keeps(n)).collect();
    // Screens built to find rows, kept for the next note on the same screen.
    let mut built: Vec<Screen> = Vec::new();
    // Every unit's row is on one tree with every node open.
    let whole_tree: ScreenKey = EconomyKey::Tree {
        toggled: economy::everything_open(ctx.store),
    }
    .into();
    let mut rows = Vec::new();
    let mut gone = Vec::new();
    for note in &chosen {
        let nav = noted::locate(ctx, &note.subject)?;
        let mut now = None;
        let mut found = false;
        if let Some((screen_key, row_id)) = nav.as_ref().and_then(place) {
            let screen_key = match screen_key {
                ScreenKey::Economy(EconomyKey::Tree { .. }) => &whole_tree,
                other => other,
            };
            let at = match built.iter().position(|s| &s.key == screen_key) {
                Some(i) => i,
                None => {
                    built.push(super::build(ctx, screen_key)?);
                    built.len() - 1
                }
            };
            let screen = &mut built[at];
            if let Some(i) = screen.rows().iter().position(|r| r.id == row_id) {
                // A row out of a first screen's view is read now.
                super::fill(ctx, screen, i..i + 1)?;
                found = true;
                now = noted::figure(screen, &screen.rows()[i]);
            }
        }
        if found {
            let period = ctx
                .store
                .period(&note.period)
                .filter(|p| p.id != ctx.period.id)
                .map(|p| p.id.clone());
            let drill = nav.map(|jump| Nav::Found {
                period,
                jump: Box::new(jump),
            });
            rows.push(row(note, &about_now(ctx, note), now, drill));
        } else {
            gone.push(row(note, &note.about, None, None));
        }
    }
    if !gone.is_empty() {
        rows.push(Row {
            id: "utan-rad".into(),
            cells: vec![Cell::new(
                format!("Utan rad i den här ögonblicksbilden ({})", gone.len()),
                Sem::Heading,
            )],
            heading: true,
            ..Row::default()
        });
        rows.extend(gone);
    }
    let filters = match (&key.flag, &key.unit) {
        (None, None) => String::new(),
        (flag, unit) => format!(
            " · bara {}",
            [
                flag.map(|f| f.label().to_string()),
                unit.as_ref().map(|u| ctx.store.short_name(u)),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
        ),
    };
    let caption = Cell::new(
        format!(
            "{} {}{filters} · Enter går till raden · Esc tillbaka",
            chosen.len(),
            if chosen.len() == 1 {
                "anteckning"
            } else {
                "anteckningar"
            },
        ),
        Sem::Dim,
    );
    let table = Table {
        columns: vec![
            Column::text("Flagga", 14, 0),
            Column::name("Gäller", 24),
            Column::text("Då", 16, 1),
            Column::text("Nu", 16, 1),
            Column::text("Noterad", 28, 2),
        ],
        rows,
        empty: strings::NO_NOTES.to_string(),
        caption: Some(caption),
    };
    Ok(Screen::new(
        ScreenKey::FollowUp(key.clone()),
        strings::FOLLOW_UP_TITLE,
        Body::Table(table),
    ))
}

/// What a note on a row this snapshot has is about, by the names the
/// snapshot gives it now: the unit's short name first, so the line's own
/// name fits at 80 columns.
fn about_now(ctx: &Ctx<'_>, note: &Note) -> String {
    use crate::notes::Kind;
    let store = ctx.store;
    match (note.subject.kind, note.subject.ids.as_slice()) {
        (Kind::Unit, [unit]) => store.short_name(unit),
        (Kind::CostType, [unit, ct]) => format!(
            "{} · {}",
            store.short_name(unit),
            store.cost_type(ct).map_or(ct.as_str(), |c| c.name.as_str())
        ),
        _ => note.about.clone(),
    }
}

fn row(note: &Note, about: &str, now: Option<String>, drill: Option<Nav>) -> Row {
    use crate::domain::text::sanitize;
    let figure = |f: Option<&str>| {
        f.map_or_else(
            || Cell::new(Glyph::Dash, Sem::Dim),
            |f| Cell::plain(sanitize(value_of(f), false).into_owned()),
        )
    };
    let first_line = note.text.lines().next().unwrap_or_default();
    Row {
        id: note.id.clone(),
        cells: vec![
            Cell::new(Glyph::Note, Sem::Notice).push(
                format!(" {}", note.flag.map_or("noterad", Flag::label)),
                Sem::Notice,
            ),
            Cell::plain(sanitize(about, false).into_owned())
                .push(format!(" · {}", sanitize(first_line, false)), Sem::Dim),
            figure(note.figure.as_deref()),
            figure(now.as_deref()),
            Cell::new(
                format!(
                    "{} {}",
                    sanitize(&note.period_label, false),
                    sanitize(note.updated.get(..10).unwrap_or(&note.updated), false)
                ),
                Sem::Dim,
            ),
        ],
        detail: drill.clone(),
        drill,
        ..Row::default()
    }
}

/// A kept figure without its column's title ("Avvikelse: −102" → "−102").
fn value_of(figure: &str) -> &str {
    figure.split_once(": ").map_or(figure, |(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::{Kind, Subject};
    use crate::ui::panes::testing::{ctx, store};

    fn note(id: &str, subject: Subject, flag: Option<Flag>) -> Note {
        Note {
            id: id.into(),
            organisation: "Region Västerbotten".into(),
            subject,
            about: "x".into(),
            text: "t".into(),
            flag,
            created: format!("2025-09-0{}T00:00:00Z", id.len()),
            updated: "2025-09-01T00:00:00Z".into(),
            period: "2025-08".into(),
            period_label: "ack augusti 2025".into(),
            report_date: "2025-12-10".into(),
            figure: None,
            revision: 1,
        }
    }

    fn now_of(screen: &Screen, id: &str) -> String {
        let row = screen.rows().iter().find(|r| r.id == id).expect("listed");
        row.cells[3].text()
    }

    #[test]
    fn units_at_any_depth_show_their_figure_now() {
        let notes = [
            note("a", Subject::new(Kind::Unit, &["hsn.primarvard"]), None),
            note(
                "bb",
                Subject::new(Kind::Unit, &["region"]),
                Some(Flag::Risk),
            ),
            note("ccc", Subject::new(Kind::Unit, &["finns-inte"]), None),
        ];
        let mut c = ctx(store(), "2025-08");
        c.notes = &notes;
        let screen = build(&c, &FollowUpKey::default()).unwrap();
        assert_eq!(now_of(&screen, "a"), "−112");
        assert!(!now_of(&screen, "bb").is_empty());
        let gone = screen.rows().iter().position(|r| r.id == "ccc").unwrap();
        let heading = screen.rows().iter().position(|r| r.heading).unwrap();
        assert!(
            heading < gone,
            "the note without a row is listed under its heading"
        );
        assert!(screen.rows()[gone].drill.is_none());
    }

    #[test]
    fn the_filter_keys_walk_flags_and_units_then_all_again() {
        let notes = [
            note("a", Subject::new(Kind::Unit, &["hsn"]), None),
            note("b", Subject::new(Kind::CostType, &["rs", "x"]), None),
        ];
        let all = FollowUpKey::default();
        let mut key = all.clone();
        let mut flags = Vec::new();
        for _ in 0..5 {
            key = key.next(false, &notes);
            flags.push(key.flag);
        }
        assert_eq!(flags.last(), Some(&None));
        assert_eq!(flags[0], Some(Flag::Question));
        let one = all.next(true, &notes);
        assert_eq!(one.unit.as_deref(), Some("hsn"));
        let two = one.next(true, &notes);
        assert_eq!(two.unit.as_deref(), Some("rs"));
        assert_eq!(two.next(true, &notes).unit, None);
    }
}
