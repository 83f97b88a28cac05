//! The report draft's "Att följa upp" section, from the user's own notes
//! (`tertial report --notes`): only when asked, since a draft may be
//! shared and notes are the user's. The snapshot's organisation's notes,
//! oldest first; each with its flag, what it is about, when and at which
//! period it was written, the figure then, and its text.

use super::{Block, Section, Span};
use crate::notes::{Flag, Note};

pub const HEADING: &str = "Att följa upp";

pub fn section(notes: &[Note], organisation: &str) -> Section {
    let ours: Vec<&Note> = notes
        .iter()
        .filter(|n| n.organisation == organisation)
        .collect();
    if ours.is_empty() {
        return Section {
            heading: HEADING.into(),
            blocks: vec![Block::Paragraph(vec![Span::Text(
                "Inga egna anteckningar för organisationen.".into(),
            )])],
        };
    }
    let text = |t: &str| vec![Span::Text(t.to_string())];
    let rows = ours
        .iter()
        .map(|n| {
            vec![
                text(n.flag.map_or("–", Flag::label)),
                text(&crate::notes::exchange::about(n)),
                text(&n.text.lines().collect::<Vec<_>>().join(" / ")),
                text(&format!(
                    "{}, {}",
                    n.period_label,
                    n.updated.get(..10).unwrap_or(&n.updated)
                )),
                text(n.figure.as_deref().unwrap_or("–")),
            ]
        })
        .collect();
    Section {
        heading: HEADING.into(),
        blocks: vec![
            Block::Paragraph(vec![Span::Marked(
                "Egna anteckningar ur tertial, inte källornas ord.".into(),
            )]),
            Block::Table {
                header: ["Flagga", "Gäller", "Anteckning", "Skriven", "Siffra då"]
                    .map(String::from)
                    .to_vec(),
                right: vec![false; 5],
                rows,
            },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::{Kind, Subject};

    fn note(org: &str, text: &str) -> Note {
        Note {
            id: "1".into(),
            organisation: org.into(),
            subject: Subject::new(Kind::Unit, &["hsn"]),
            about: "HSN".into(),
            text: text.into(),
            flag: Some(Flag::Board),
            created: "2025-09-01T00:00:00Z".into(),
            updated: "2025-09-02T00:00:00Z".into(),
            period: "2025-08".into(),
            period_label: "ack augusti 2025".into(),
            report_date: "2025-12-10".into(),
            figure: Some("Avvikelse: −335".into()),
            revision: 1,
        }
    }

    #[test]
    fn only_the_organisations_notes_in_a_table() {
        let s = section(&[note("R", "rad 1\nrad 2"), note("Annan", "x")], "R");
        let Block::Table { rows, .. } = &s.blocks[1] else {
            panic!("{s:?}")
        };
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0][2], vec![Span::Text("rad 1 / rad 2".into())]);
        assert_eq!(rows[0][0], vec![Span::Text("till nämnden".into())]);
    }

    #[test]
    fn without_notes_it_says_so() {
        let s = section(&[note("Annan", "x")], "R");
        assert!(matches!(&s.blocks[0], Block::Paragraph(_)));
    }
}
