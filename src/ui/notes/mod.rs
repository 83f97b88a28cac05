//! The cockpit's side of the user's notes: the notes file opened once for
//! the session (or why it could not be), this organisation's notes indexed
//! by subject, the marks on noted rows and the notes on a detail page. The
//! file itself is `tertial-core`'s ([`crate::notes`]); a snapshot is never
//! written.

pub mod editor;

use crate::domain::text::sanitize;
use crate::notes::{Draft, Flag, Note, NotesStore, Saved, Subject, Unavailable};
use crate::ui::panes::noted;
use crate::ui::screen::{Body, Cell, ColumnSizes, Glyph, Screen, ScreenKey, Section};
use crate::ui::theme::Sem;
use std::collections::HashMap;
use std::path::Path;

/// The notes the cockpit shows and writes.
#[derive(Debug, Default)]
pub struct Notes {
    store: Option<NotesStore>,
    /// Why there are no notes this session, said once in the footer.
    pub unavailable: Option<Unavailable>,
    /// The snapshot's organisation: only its notes are shown.
    pub organisation: String,
    /// This organisation's notes, oldest first.
    pub notes: Vec<Note>,
    by_subject: HashMap<Subject, Vec<usize>>,
}

impl Notes {
    /// No notes file (`tertial render` without one, tests).
    pub fn none() -> Notes {
        Notes::default()
    }

    /// No notes file can be found (no home or data folder): notes are off,
    /// and `a` says why.
    pub fn without_file() -> Notes {
        Notes {
            unavailable: Some(Unavailable {
                path: "—".into(),
                why: crate::notes::store::Why::Failed(
                    "ingen datamapp hittades; ange --notes FIL".into(),
                ),
            }),
            ..Notes::default()
        }
    }

    /// Opens the notes file at `path` for the snapshot's `organisation`.
    /// A file that cannot be used leaves notes off, with the reason.
    pub fn open(path: &Path, organisation: &str) -> Notes {
        let mut notes = Notes {
            organisation: organisation.to_string(),
            ..Notes::default()
        };
        match NotesStore::open(path) {
            Ok(store) => {
                notes.store = Some(store);
                notes.reload();
            }
            Err(e) => notes.unavailable = Some(e),
        }
        notes
    }

    /// Why notes cannot be written, in Swedish, for the footer.
    pub fn why_not(&self) -> String {
        self.unavailable.as_ref().map_or_else(
            || crate::ui::strings::NO_NOTES_FILE.to_string(),
            Unavailable::swedish,
        )
    }

    /// Whether notes can be written.
    pub fn is_open(&self) -> bool {
        self.store.is_some()
    }

    /// Reads the file again (after a save, so another session's notes show too).
    pub fn reload(&mut self) {
        let Some(store) = &self.store else {
            return;
        };
        match store.all() {
            Ok(all) => {
                self.notes = all
                    .into_iter()
                    .filter(|n| n.organisation == self.organisation)
                    .collect();
                self.by_subject.clear();
                for (i, note) in self.notes.iter().enumerate() {
                    self.by_subject
                        .entry(note.subject.clone())
                        .or_default()
                        .push(i);
                }
            }
            Err(e) => self.unavailable = Some(e),
        }
    }

    /// The notes on `subject`, oldest first.
    pub fn on(&self, subject: &Subject) -> Vec<&Note> {
        self.by_subject
            .get(subject)
            .map(|ix| ix.iter().map(|i| &self.notes[*i]).collect())
            .unwrap_or_default()
    }

    /// Saves a note, then reads every note again.
    pub fn save(&mut self, draft: &Draft) -> Result<Saved, Unavailable> {
        let store = self.store.as_mut().ok_or_else(|| {
            self.unavailable.clone().unwrap_or(Unavailable {
                path: String::new(),
                why: crate::notes::store::Why::Failed("no notes file".into()),
            })
        })?;
        let saved = store.save(draft)?;
        self.reload();
        Ok(saved)
    }

    /// Takes a screen's marks and notes section off and marks it again from
    /// the notes as they are now: after a save, without reading the
    /// snapshot again.
    pub fn remark(&self, screen: &mut Screen) {
        match &mut screen.body {
            Body::Detail(detail) => detail
                .sections
                .retain(|s| !s.heading.starts_with(crate::ui::strings::NOTES_HEADING)),
            Body::Table(_) | Body::Bars(_) => {
                let table = match &mut screen.body {
                    Body::Table(t) => t,
                    Body::Bars(b) => &mut b.table,
                    _ => return,
                };
                let mut stripped = false;
                for row in table.rows.iter_mut().filter(|r| r.noted) {
                    if let Some(first) = row.cells.first_mut() {
                        *first = unmarked(first);
                    }
                    row.noted = false;
                    stripped = true;
                }
                if stripped {
                    screen.sizes = ColumnSizes::of(table);
                }
            }
            Body::Chart(_) => {}
        }
        self.mark(screen);
    }

    /// Marks the noted rows of a freshly built screen (a glyph and the
    /// newest note's flag, or "noterad", after the name), and on a detail
    /// page adds its notes. Nothing to do, and nothing spent, without notes.
    pub fn mark(&self, screen: &mut Screen) {
        // The follow-up list is all notes: its rows carry no marks.
        if self.by_subject.is_empty() || matches!(screen.key, ScreenKey::FollowUp(_)) {
            return;
        }
        let key = screen.key.clone();
        if let Body::Detail(detail) = &mut screen.body {
            if let Some(subject) = noted::of_screen(&key) {
                let notes = self.on(&subject);
                if !notes.is_empty() {
                    detail.sections.insert(0, section(&notes));
                }
            }
            return;
        }
        let Some(table) = (match &mut screen.body {
            Body::Table(t) => Some(t),
            Body::Bars(b) => Some(&mut b.table),
            _ => None,
        }) else {
            return;
        };
        let mut marked = false;
        for row in &mut table.rows {
            let Some(subject) = noted::of_row(&key, row) else {
                continue;
            };
            let notes = self.on(&subject);
            let Some(newest) = notes.last() else {
                continue;
            };
            if let Some(first) = row.cells.first_mut() {
                *first = std::mem::take(first).then_tight(mark(newest.flag));
                row.noted = true;
                marked = true;
            }
        }
        if marked {
            screen.sizes = ColumnSizes::of(table);
        }
    }
}

/// How many spans [`mark`] adds to a cell.
pub const MARK_SPANS: usize = 3;

/// A noted row's first cell without its mark.
pub fn unmarked(cell: &Cell) -> Cell {
    let mut cell = cell.clone();
    let keep = cell.spans.len().saturating_sub(MARK_SPANS);
    cell.spans.truncate(keep);
    cell
}

/// The mark after a noted row's name: "✦ fråga", "✦ noterad".
pub fn mark(flag: Option<Flag>) -> Cell {
    Cell::plain(" ").push(Glyph::Note, Sem::Notice).push(
        format!(" {}", flag.map_or("noterad", Flag::label)),
        Sem::Notice,
    )
}

/// A detail page's section of notes: each with its flag, date, the period
/// it was written at, the snapshot's report date and the figure then; its
/// text inert. Its heading counts them where there are several, and no
/// blank line parts them, so that at 80×24 the page says how many there
/// are and a few lines of scrolling bring them all into view.
pub fn section(notes: &[&Note]) -> Section {
    let mut lines = Vec::new();
    for note in notes {
        lines.push(
            Cell::new(Glyph::Note, Sem::Notice)
                .push(
                    format!(" {}", note.flag.map_or("noterad", Flag::label)),
                    Sem::Notice,
                )
                .push(format!("  {}", written(note)), Sem::Dim),
        );
        lines.push(Cell::new(format!("  {}", kept(note)), Sem::Dim));
        for line in note.text.lines() {
            lines.push(Cell::plain(format!("  {}", sanitize(line, false))));
        }
    }
    let heading = match notes.len() {
        0 | 1 => crate::ui::strings::NOTES_HEADING.to_string(),
        n => format!("{} ({n}, äldst först)", crate::ui::strings::NOTES_HEADING),
    };
    Section { heading, lines }
}

/// "noterad ack augusti 2025 · 2025-09-21": the period and the day.
pub fn written(note: &Note) -> String {
    let date = note.updated.get(..10).unwrap_or(&note.updated);
    format!(
        "noterad {} · {}",
        sanitize(&note.period_label, false),
        sanitize(date, false),
    )
}

/// "rapportdatum 2025-12-10 · då Avvikelse: −102": the snapshot's report
/// date and the figure when the note was written.
pub fn kept(note: &Note) -> String {
    let mut text = format!("rapportdatum {}", sanitize(&note.report_date, false));
    if let Some(figure) = &note.figure {
        text.push_str(&format!(" · då {}", sanitize(figure, false)));
    }
    text
}
