//! Notes out of and into the notes file: a list as text, Markdown and CSV
//! through the export module's sheet writers (the same dialects and
//! escaping as every export), and JSON in a shape of its own
//! (`"format": "tertial-notes"`) that `tertial notes import` reads back,
//! merging by note id.

use super::{Flag, NOTE_MAX, Note, Subject};
use crate::domain::text::sanitize;
use crate::export::{self, Column, Grid, Mark, Sheet, Value};
use serde_json::{Value as Json, json};

/// The JSON document's name and version.
pub const FORMAT: &str = "tertial-notes";
pub const VERSION: u64 = 1;

/// The most notes an import reads: far above any user's, and a bound on
/// what a hostile file can make the store write.
pub const IMPORT_MAX: usize = 1_000_000;

/// Notes as the JSON document `notes import` reads.
pub fn to_json(notes: &[Note]) -> String {
    let notes: Vec<Json> = notes
        .iter()
        .map(|n| {
            json!({
                "id": n.id,
                "organisation": n.organisation,
                "subject": n.subject.key(),
                "kind": n.subject.kind.code(),
                "about": n.about,
                "text": n.text,
                "flag": n.flag.map(Flag::code),
                "created": n.created,
                "updated": n.updated,
                "period": n.period,
                "period_label": n.period_label,
                "report_date": n.report_date,
                "figure": n.figure,
                "revision": n.revision,
            })
        })
        .collect();
    let doc = json!({ "format": FORMAT, "version": VERSION, "notes": notes });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// The notes of a [`to_json`] document. A text over [`NOTE_MAX`] is cut
/// to it; a note without an id, a subject key or the fields it needs makes
/// the whole document refused, with the note's number.
pub fn from_json(text: &str) -> Result<Vec<Note>, String> {
    let doc: Json = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    if doc.get("format").and_then(Json::as_str) != Some(FORMAT) {
        return Err(format!(
            "not a notes export (\"format\" is not \"{FORMAT}\")"
        ));
    }
    match doc.get("version").and_then(Json::as_u64) {
        Some(VERSION) => {}
        other => {
            return Err(format!(
                "notes export version {other:?}; this tertial reads {VERSION}"
            ));
        }
    }
    let list = doc
        .get("notes")
        .and_then(Json::as_array)
        .ok_or("no \"notes\" list")?;
    if list.len() > IMPORT_MAX {
        return Err(format!("more than {IMPORT_MAX} notes"));
    }
    list.iter()
        .enumerate()
        .map(|(i, n)| note(n).map_err(|e| format!("note {}: {e}", i + 1)))
        .collect()
}

fn note(value: &Json) -> Result<Note, String> {
    let object = value.as_object().ok_or("not an object")?;
    let text = |name: &str| -> Result<String, String> {
        object
            .get(name)
            .and_then(Json::as_str)
            .map(str::to_string)
            .ok_or_else(|| format!("\"{name}\" missing"))
    };
    let optional = |name: &str| object.get(name).and_then(Json::as_str).map(str::to_string);
    let id = text("id")?;
    if id.is_empty() || id.len() > 100 {
        return Err("\"id\" empty or longer than 100 bytes".into());
    }
    let key = text("subject")?;
    let subject =
        Subject::parse(&key).ok_or_else(|| format!("\"subject\" {key:?} is not a subject"))?;
    let flag = match optional("flag") {
        Some(f) => Some(Flag::parse(&f).ok_or_else(|| format!("unknown flag {f:?}"))?),
        None => None,
    };
    let body: String = text("text")?.chars().take(NOTE_MAX).collect();
    Ok(Note {
        id,
        organisation: text("organisation")?,
        subject,
        about: text("about")?,
        text: body,
        flag,
        created: text("created")?,
        updated: text("updated")?,
        period: text("period")?,
        period_label: text("period_label")?,
        report_date: optional("report_date").unwrap_or_default(),
        figure: optional("figure"),
        revision: object.get("revision").and_then(Json::as_i64).unwrap_or(1),
    })
}

/// Column titles of a notes sheet.
pub const COLUMNS: [&str; 9] = [
    "Flagga",
    "Gäller",
    "Anteckning",
    "Skriven vid",
    "Rapportdatum",
    "Siffra då",
    "Skriven",
    "Organisation",
    "Id",
];

/// Notes as a sheet, for the export module's CSV, TSV and Markdown.
pub fn sheet(notes: &[Note]) -> Sheet {
    let columns = COLUMNS
        .iter()
        .map(|title| Column {
            title: (*title).to_string(),
            unit: None,
            numeric: false,
            unit_column: None,
        })
        .collect();
    let text = |t: &str| Value::Text(sanitize(t, true).into_owned());
    let rows = notes
        .iter()
        .map(|n| export::Row {
            id: n.id.clone(),
            level: 0,
            heading: false,
            cells: vec![
                n.flag
                    .map_or(Value::Empty, |f| Value::Text(f.label().into())),
                text(&about(n)),
                text(&n.text),
                text(&n.period_label),
                text(&n.report_date),
                n.figure.as_deref().map_or(Value::Empty, text),
                text(&n.updated),
                text(&n.organisation),
                text(&n.id),
            ],
            as_of: None,
            source: None,
        })
        .collect();
    Sheet {
        pane: "anteckningar".into(),
        title: "Att följa upp".into(),
        path: vec!["Att följa upp".into()],
        period: None,
        compare: None,
        money_unit: String::new(),
        caption: None,
        body: export::Body::Table(Grid { columns, rows }),
    }
}

/// What a note is about, in words: its subject when written, and its kind.
pub fn about(note: &Note) -> String {
    format!("{} ({})", note.about, note.subject.kind.label())
}

/// Notes as plain text, one block each, every text sanitised.
pub fn list(notes: &[Note]) -> String {
    let mut out = String::new();
    for n in notes {
        let flag = n.flag.map_or("–", Flag::label);
        out.push_str(&format!(
            "[{flag}] {}\n  skriven {} vid {} (rapportdatum {}){}\n",
            sanitize(&about(n), false),
            sanitize(&n.updated, false),
            sanitize(&n.period_label, false),
            sanitize(&n.report_date, false),
            n.figure
                .as_deref()
                .map(|f| format!(", siffra då: {}", sanitize(f, false)))
                .unwrap_or_default(),
        ));
        for line in n.text.lines() {
            out.push_str("  │ ");
            out.push_str(&sanitize(line, false));
            out.push('\n');
        }
        out.push_str(&format!("  id {}\n\n", sanitize(&n.id, false)));
    }
    out
}

/// Notes in an export format: `md`, `csv`, `tsv` or `json`.
pub fn write(notes: &[Note], format: export::Format) -> Result<Vec<u8>, export::ExportError> {
    match format {
        export::Format::Json => Ok(to_json(notes).into_bytes()),
        other => export::write(&sheet(notes), other, Mark::Point),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::Kind;

    fn sample() -> Note {
        Note {
            id: "0b6c8a52-1d2e-4f00-8a00-000000000001".into(),
            organisation: "Region Västerbotten".into(),
            subject: Subject::new(Kind::CostType, &["hsn", "material"]).in_period("2025-08"),
            about: "Hälso- och sjukvårdsnämnden · Material".into(),
            text: "Fråga varför material gick från −57 till −102\n=SUM(A1) \u{1b}[31m".into(),
            flag: Some(Flag::Question),
            created: "2025-09-20T08:00:00Z".into(),
            updated: "2025-09-21T08:00:00Z".into(),
            period: "2025-08".into(),
            period_label: "ack augusti 2025".into(),
            report_date: "2025-12-10".into(),
            figure: Some("Avvikelse −102 mkr".into()),
            revision: 3,
        }
    }

    #[test]
    fn json_round_trips_every_field() {
        let notes = vec![sample()];
        assert_eq!(from_json(&to_json(&notes)).unwrap(), notes);
    }

    #[test]
    fn json_that_is_not_a_notes_export_is_refused() {
        assert!(from_json("[]").unwrap_err().contains("not a notes export"));
        assert!(from_json("{").unwrap_err().starts_with("not JSON"));
        let wrong = r#"{"format":"tertial-notes","version":1,"notes":[{"id":"x"}]}"#;
        assert!(from_json(wrong).unwrap_err().starts_with("note 1: "));
        let newer = r#"{"format":"tertial-notes","version":7,"notes":[]}"#;
        assert!(from_json(newer).unwrap_err().contains("version"));
    }

    #[test]
    fn an_imported_text_is_cut_to_the_cap() {
        let mut long = sample();
        long.text = "x".repeat(NOTE_MAX + 50);
        let back = from_json(&to_json(&[long])).unwrap();
        assert_eq!(back[0].text.chars().count(), NOTE_MAX);
    }

    #[test]
    fn csv_and_markdown_are_inert() {
        let mut formula = sample();
        formula.text = "=SUM(A1)\nmer".into();
        let notes = [sample(), formula];
        let csv = String::from_utf8(write(&notes, export::Format::Csv).unwrap()).unwrap();
        assert!(csv.contains("fråga"));
        assert!(!csv.contains('\u{1b}'), "{csv}");
        assert!(
            !csv.contains(",=SUM") && !csv.contains(",\"=SUM"),
            "a formula reached the CSV: {csv}"
        );
        let md = String::from_utf8(write(&notes, export::Format::Markdown).unwrap()).unwrap();
        assert!(
            md.contains("Att följa upp") || md.contains("| Flagga"),
            "{md}"
        );
        assert!(!md.contains('\u{1b}'));
    }

    #[test]
    fn the_list_shows_flag_subject_and_text_inert() {
        let text = list(&[sample()]);
        assert!(
            text.starts_with("[fråga] Hälso- och sjukvårdsnämnden · Material (kostnadsslag)\n")
        );
        assert!(text.contains(
            "vid ack augusti 2025 (rapportdatum 2025-12-10), siffra då: Avvikelse −102 mkr"
        ));
        assert!(text.contains("  │ =SUM(A1) ␛[31m"));
    }
}
