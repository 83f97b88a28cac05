//! `tertial notes list|export|import`: the user's notes file from the
//! command line. The notes file is opened (and created) as the cockpit
//! opens it; a file notes cannot use is said in one sentence and left as
//! it is.

use crate::export::Format;
use crate::notes::exchange;
use crate::notes::store::Merged;
use crate::notes::{Flag, Note, NotesStore};
use crate::snapshot::open::display_path;
use std::path::Path;

/// The largest file `notes import` reads (a JSON export of a hundred
/// thousand long notes is well under it).
pub const IMPORT_BYTES_MAX: u64 = 256 * 1024 * 1024;

/// Which notes to show.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub flag: Option<Flag>,
    /// Part of what the note is about (a unit's name, a cost type), any case.
    pub about: Option<String>,
}

impl Filter {
    pub fn keeps(&self, note: &Note) -> bool {
        self.flag.is_none_or(|f| note.flag == Some(f))
            && self
                .about
                .as_ref()
                .is_none_or(|about| note.about.to_lowercase().contains(&about.to_lowercase()))
    }
}

fn open(notes: &Path) -> Result<NotesStore, String> {
    NotesStore::open(notes).map_err(|e| e.to_string())
}

fn chosen(notes: &Path, filter: &Filter) -> Result<Vec<Note>, String> {
    let all = open(notes)?.all().map_err(|e| e.to_string())?;
    Ok(all.into_iter().filter(|n| filter.keeps(n)).collect())
}

/// `notes list`: every note as text.
pub fn list(notes: &Path, filter: &Filter) -> Result<String, String> {
    let chosen = chosen(notes, filter)?;
    if chosen.is_empty() {
        return Ok(format!("Inga anteckningar i {}.\n", display_path(notes)));
    }
    Ok(exchange::list(&chosen))
}

/// `notes export`: the notes in `format` (md, csv, tsv or json).
pub fn export(notes: &Path, filter: &Filter, format: Format) -> Result<Vec<u8>, String> {
    exchange::write(&chosen(notes, filter)?, format).map_err(|e| e.to_string())
}

/// What `notes export -o` writes, for the output guard
/// ([`crate::output`]): an earlier JSON export is known by its format tag;
/// Markdown, CSV and TSV as `render` knows its own, else replaced only
/// with `--force`. The notes file itself is the command's input, never
/// replaced.
pub fn export_kind(format: Format) -> crate::output::Kind {
    match format {
        Format::Json => crate::output::Kind {
            what: "a notes export from tertial notes export",
            recognise: |path| {
                let head = crate::output::head(path);
                let tag = format!("\"format\":\"{}\"", exchange::FORMAT);
                String::from_utf8_lossy(&head)
                    .replace(' ', "")
                    .contains(&tag)
            },
        },
        other => other.output_kind(),
    }
}

/// `notes import FILE`: a JSON export merged in by note id.
pub fn import(notes: &Path, from: &Path) -> Result<Merged, String> {
    let shown = display_path(from);
    let size = std::fs::metadata(from)
        .map_err(|e| format!("{shown}: cannot be read ({e})"))?
        .len();
    if size > IMPORT_BYTES_MAX {
        return Err(format!(
            "{shown}: larger than {} MB; not a notes export",
            IMPORT_BYTES_MAX / 1024 / 1024
        ));
    }
    let text =
        std::fs::read_to_string(from).map_err(|e| format!("{shown}: cannot be read ({e})"))?;
    let incoming = exchange::from_json(&text).map_err(|e| format!("{shown}: {e}"))?;
    open(notes)?.import(&incoming).map_err(|e| e.to_string())
}

/// What an import did, in a sentence.
pub fn merged(m: &Merged) -> String {
    format!(
        "{} new, {} updated, {} already here",
        m.added, m.updated, m.unchanged
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::{Draft, Kind, Subject};

    fn with_note(dir: &Path) -> std::path::PathBuf {
        let path = dir.join("notes.db");
        let mut store = NotesStore::open(&path).unwrap();
        store
            .save(&Draft {
                base: None,
                organisation: "Region Västerbotten".into(),
                subject: Subject::new(Kind::Unit, &["hsn"]),
                about: "Hälso- och sjukvårdsnämnden".into(),
                text: "Följ upp".into(),
                flag: Some(Flag::Risk),
                period: "2025-08".into(),
                period_label: "ack augusti 2025".into(),
                report_date: "2025-12-10".into(),
                figure: None,
            })
            .unwrap();
        path
    }

    #[test]
    fn list_filters_by_flag_and_subject() {
        let dir = tempfile::tempdir().unwrap();
        let path = with_note(dir.path());
        let all = list(&path, &Filter::default()).unwrap();
        assert!(
            all.starts_with("[risk] Hälso- och sjukvårdsnämnden (enhet)"),
            "{all}"
        );
        let none = Filter {
            flag: Some(Flag::Done),
            about: None,
        };
        assert!(list(&path, &none).unwrap().starts_with("Inga anteckningar"));
        let hsn = Filter {
            flag: None,
            about: Some("SJUKVÅRDS".into()),
        };
        assert!(list(&path, &hsn).unwrap().contains("Följ upp"));
    }

    #[test]
    fn an_export_imports_elsewhere_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = with_note(dir.path());
        let json = export(&path, &Filter::default(), Format::Json).unwrap();
        let file = dir.path().join("notes.json");
        std::fs::write(&file, json).unwrap();
        let other = dir.path().join("colleague.db");
        assert_eq!(import(&other, &file).unwrap().added, 1);
        assert_eq!(import(&other, &file).unwrap().unchanged, 1);
        assert_eq!(NotesStore::open(&other).unwrap().all().unwrap().len(), 1);
    }

    #[test]
    fn an_earlier_json_export_is_known_and_nothing_else() {
        use crate::output::{Inputs, Overwrite, Target};
        let dir = tempfile::tempdir().unwrap();
        let path = with_note(dir.path());
        let json = dir.path().join("notes.json");
        std::fs::write(
            &json,
            export(&path, &Filter::default(), Format::Json).unwrap(),
        )
        .unwrap();
        let inputs = [path.as_path()];
        let reads = Inputs {
            files: &inputs,
            folder: None,
        };
        let kind = export_kind(Format::Json);
        assert!(Target::check(&json, kind, reads, Overwrite::SameKindOnly).is_ok());
        let mine = dir.path().join("mine.json");
        std::fs::write(&mine, "{\"format\": \"something else\"}").unwrap();
        assert!(Target::check(&mine, kind, reads, Overwrite::SameKindOnly).is_err());
        // The notes file is what the command reads: never replaced.
        let err = Target::check(&path, kind, reads, Overwrite::AnyFile).unwrap_err();
        assert!(
            err.to_string().contains("is a file this command reads"),
            "{err}"
        );
    }
}
