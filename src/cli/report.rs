//! `tertial report`: the first draft of the tertial report or monthly
//! memo, as Markdown or HTML, whole or not at all.

use super::Choices;
use super::out::{ERRORS, Output, fail};
use super::shared::{ConfigArg, SnapshotArgs};
use super::source::open_store;
use crate::config::{self, Layer, Settings};
use crate::data::{Period, Store, compare::Baseline};
use crate::domain::text::sanitize;
use crate::report::Format;
use clap::builder::TypedValueParser;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Period id or label (default: the latest).
    #[arg(long)]
    period: Option<String>,
    /// The period to compare with (default: the previous report of the year).
    #[arg(long)]
    compare: Option<String>,
    /// md (Markdown, default) or html (one self-contained, printable file).
    #[arg(long, default_value = "md",
          hide_possible_values = true, value_parser = Choices::new(parse_report_format, ["md", "html"]))]
    format: Format,
    /// Write to FILE instead of standard output, whole or not at all. It
    /// may replace only an earlier report in the same format (see --force),
    /// never the snapshot read.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace FILE even if it exists and is not an earlier report.
    #[arg(long, requires = "output")]
    force: bool,
    #[command(flatten)]
    pub source: SnapshotArgs,
    /// Add a section "Att följa upp" from your own notes (the notes file
    /// `tertial info` names, or --notes=FILE). Off by default: a draft
    /// may be shared, and the notes are yours.
    // (Not clap's path parser: it refuses the empty value that stands for
    // "the configured file".)
    #[arg(long, value_name = "FILE", num_args = 0..=1, require_equals = true,
          default_missing_value = "",
          value_parser = clap::builder::OsStringValueParser::new().map(PathBuf::from))]
    notes: Option<PathBuf>,
}

impl Args {
    pub fn run(&self) -> u8 {
        // The config file's snapshot and notes, as the cockpit and render
        // take them.
        let settings = match ConfigArg::default().settings(&Layer::default()) {
            Ok(settings) => settings,
            Err(e) => {
                fail(&e);
                return ERRORS;
            }
        };
        let wanted = self.source.wanted(&settings);
        let mut reads = wanted.reads();
        // Never over the notes it reads either.
        reads.extend(self.notes.clone().filter(|n| !n.as_os_str().is_empty()));
        let out = match Output::check(
            self.output.as_deref(),
            self.format.output_kind(),
            &reads,
            self.force,
        ) {
            Ok(out) => out,
            Err(code) => return code,
        };
        let text = open_store(wanted).and_then(|store| self.write(&store, &settings));
        match text {
            Ok(text) => out.emit(text.as_bytes()),
            Err(e) => {
                fail(&e);
                ERRORS
            }
        }
    }

    /// The report's text, or one sentence why not.
    fn write(&self, store: &Store, settings: &Settings) -> Result<String, String> {
        let (period, compare) = periods(store, self.period.as_deref(), self.compare.as_deref())?;
        let mut report = crate::report::build(store, period, compare).map_err(|e| e.to_string())?;
        if let Some(file) = &self.notes {
            let all = notes(file, settings)?;
            report.sections.push(crate::report::follow_up::section(
                &all,
                &store.meta.organisation,
            ));
        }
        Ok(self.format.write(&report))
    }
}

/// The period reported (default the latest) and the one compared with
/// (default the previous report of the year, if there is one).
fn periods<'s>(
    store: &'s Store,
    period: Option<&str>,
    compare: Option<&str>,
) -> Result<(&'s Period, Option<&'s Period>), String> {
    let period = match period {
        Some(wanted) => find_period(store, wanted)?,
        None => store.periods.last().ok_or("the snapshot has no periods")?,
    };
    let compare = match compare {
        Some(wanted) => Some(find_period(store, wanted)?),
        None => store
            .periods
            .iter()
            .position(|p| p == period)
            .and_then(|i| store.baseline(i, Baseline::PreviousReport))
            .map(|i| &store.periods[i]),
    };
    Ok((period, compare))
}

/// A period by id or label, or one sentence naming those the snapshot has.
fn find_period<'s>(store: &'s Store, wanted: &str) -> Result<&'s Period, String> {
    store
        .periods
        .iter()
        .find(|p| p.id == wanted || p.label == wanted)
        .ok_or_else(|| {
            let known: Vec<String> = store
                .periods
                .iter()
                .map(|p| format!("{} ({})", p.id, p.label))
                .collect();
            format!(
                "no period '{wanted}'; the snapshot has: {}",
                known.join(", ")
            )
        })
}

/// The notes `report --notes[=FILE]` reads: FILE, else the configured or
/// default notes file. A default file that does not exist is no notes (the
/// report makes none).
fn notes(file: &Path, settings: &Settings) -> Result<Vec<crate::notes::Note>, String> {
    let path = if file.as_os_str().is_empty() {
        let configured = config::notes_path(settings).ok_or_else(|| {
            "no data folder for notes on this system; give --notes FILE".to_string()
        })?;
        if !configured.is_file() {
            return Ok(Vec::new());
        }
        configured
    } else {
        file.to_path_buf()
    };
    crate::notes::NotesStore::open(&path)
        .and_then(|store| store.all())
        .map_err(|e| e.to_string())
}

fn parse_report_format(text: &str) -> Result<Format, String> {
    Format::parse(text).ok_or_else(|| {
        format!(
            "unknown report format '{}'; choose md or html",
            sanitize(text, false)
        )
    })
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;
