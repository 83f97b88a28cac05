//! `tertial report`: the first draft of the tertial report or the monthly
//! follow-up memo, in Swedish, for the snapshot's board, from the same data
//! layer as the cockpit: the economic result, the largest deviations with
//! the source's own analysis, red and yellow goals and delmål, directives
//! that are late or finished with a deviation, data-quality notices, and
//! what changed since the comparison period; and what lies ahead
//! ([`outlook`]): directives the report judges at risk, next year's plan
//! directives, the bed events against the beds promised, and next year's
//! budget frame with its bridge.
//!
//! Every figure carries a note to its source (report, section); made-up
//! figures are marked illustrative; what the cockpit computes (the linear
//! projection, changes between periods) is marked computed, never passed
//! off as the board's. The same snapshot gives the same bytes: no clock is
//! read, and every list has a fixed order.
//!
//! [`build`] makes a [`Report`] (plain data); [`markdown`] and [`html`]
//! write it. Texts from the snapshot are escaped by each writer.

mod build;
pub mod follow_up;
pub mod html;
pub mod markdown;
mod outlook;
#[cfg(test)]
mod outlook_tests;
#[cfg(test)]
mod tests;

pub use build::build;

use crate::data::Provenance;

/// Part of a line of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    /// Text, from the snapshot or the report's own words.
    Text(String),
    /// Emphasised: what the cockpit computed, an illustrative mark.
    Marked(String),
    /// A note to source number N (1-based, see [`Report::sources`]).
    Note(usize),
}

pub type Line = Vec<Span>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Line),
    /// Items of a list, each one line.
    List(Vec<Line>),
    /// A table: header, which columns are figures (right-aligned), rows.
    Table {
        header: Vec<String>,
        right: Vec<bool>,
        rows: Vec<Vec<Line>>,
    },
    /// The source's own words (an analysis), with whose they are.
    Quote {
        who: Line,
        text: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

/// A source as a note cites it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub citation: String,
    pub illustrative: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub title: String,
    /// Under the title: what the draft is and where it comes from.
    pub lead: Vec<Line>,
    pub sections: Vec<Section>,
    /// The notes' sources, in the order first cited.
    pub sources: Vec<Source>,
}

/// The notes of a report being built: one number per distinct source.
#[derive(Debug, Default)]
pub(crate) struct Notes {
    sources: Vec<Source>,
}

impl Notes {
    /// The note for a figure from `provenance`: its number, the same for
    /// the same source.
    pub fn cite(&mut self, provenance: &Provenance) -> Span {
        let citation = provenance
            .citation()
            .unwrap_or_else(|| "Källa saknas i ögonblicksbilden".to_string());
        let source = Source {
            citation,
            illustrative: provenance.illustrative,
        };
        let n = match self.sources.iter().position(|s| *s == source) {
            Some(i) => i + 1,
            None => {
                self.sources.push(source);
                self.sources.len()
            }
        };
        Span::Note(n)
    }

    pub fn into_sources(self) -> Vec<Source> {
        self.sources
    }
}

impl Source {
    /// The note's text: the citation, and for a made-up figure that it is.
    pub fn text(&self) -> String {
        if self.illustrative {
            format!(
                "Illustrativ siffra, inte källans; i linje med {}.",
                self.citation
            )
        } else {
            format!("{}.", self.citation)
        }
    }
}

/// The report's formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
}

impl Format {
    pub fn parse(text: &str) -> Option<Format> {
        match text.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "html" => Some(Format::Html),
            _ => None,
        }
    }

    /// What `tertial report -o` writes, for the output guard: an earlier
    /// draft in the same format may be replaced without `--force`.
    pub fn output_kind(self) -> crate::output::Kind {
        use crate::output::{Kind, head};
        match self {
            Format::Markdown => Kind {
                what: "a Markdown report from tertial report",
                recognise: |path| {
                    let head = head(path);
                    let text = String::from_utf8_lossy(&head);
                    text.starts_with("# Uppföljning ")
                        && text.contains("\n\nUtkast till uppföljning för ")
                },
            },
            Format::Html => Kind {
                what: "an HTML report from tertial report",
                recognise: |path| {
                    let head = head(path);
                    head.starts_with(b"<!DOCTYPE html>")
                        && String::from_utf8_lossy(&head).contains(html::GENERATOR)
                },
            },
        }
    }

    pub fn write(self, report: &Report) -> String {
        match self {
            Format::Markdown => markdown::write(report),
            Format::Html => html::write(report),
        }
    }
}
