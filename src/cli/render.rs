//! `tertial render`: the screen the cockpit shows for a pane after some
//! keys, as text, ANSI, or the data in view in a data format.

use super::Choices;
use super::out::{ERRORS, Output, fail, stdout_is_terminal};
use super::shared::{Interact, Look, NotesFile, Reading, parse_format};
use super::source::open_marked;
use crate::config::{self, Ascii, Settings, env::Locale};
use crate::domain::text::sanitize;
use crate::export::{Format, Mark};
use crate::ui::render::{self, RenderOptions};
use crate::ui::screen::PaneId;
use crate::ui::theme::Theme;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// oversikt, ekonomi, mal, uppdrag, vardplatser or nyckeltal (Swedish or English names).
    #[arg(hide_possible_values = true, value_parser = Choices::new(parse_pane, PaneId::render_names()))]
    pane: PaneId,
    /// Period id or label (default: the latest).
    #[arg(long)]
    period: Option<String>,
    /// Screen size as WIDTHxHEIGHT, at most 1000x500 (the largest area
    /// the cockpit draws).
    #[arg(long, default_value = "120x40", value_parser = parse_size)]
    size: (u16, u16),
    /// Keys to press before the screen is printed.
    #[arg(long, default_value = "")]
    keys: String,
    /// Keep colours and emphasis as ANSI escape sequences (--format ansi).
    #[arg(long, conflicts_with = "format")]
    color: bool,
    /// text (the screen, default), ansi (the screen in colour), or the
    /// data in view: tsv, csv, csv-excel (`;`, decimal comma, UTF-8 with
    /// BOM, as a Swedish Excel opens it), json, md, xlsx (an Excel
    /// workbook: needs -o FILE or a pipe).
    #[arg(long, hide_possible_values = true, value_parser = Choices::new(parse_format, Format::NAMES.map(|(n, _)| n)))]
    format: Option<Format>,
    /// Decimal mark of numbers in tsv, csv and md: comma or point
    /// (default: comma for tsv, as a Swedish spreadsheet reads it; point
    /// otherwise). JSON numbers always have a point, csv-excel a comma;
    /// xlsx holds numbers.
    #[arg(long, hide_possible_values = true, value_parser = Choices::new(parse_mark, ["comma", "point"]))]
    decimal: Option<Mark>,
    #[command(flatten)]
    pub reading: Reading,
    /// Write to FILE instead of standard output, whole or not at all. It
    /// may replace only an earlier output of the same format (a table's
    /// header tells; a screen has no mark: see --force), never a file read.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace FILE even if it exists and is not an earlier output.
    #[arg(long, requires = "output")]
    force: bool,
    #[command(flatten)]
    look: Look,
    /// Your notes file, for the marks and `A` (Att följa upp). Without it
    /// the configured one, or the default one if it exists (render never
    /// makes one).
    #[command(flatten)]
    notes: NotesFile,
}

impl Args {
    pub fn run(self) -> u8 {
        let interact = Interact {
            notes: self.notes.clone(),
            ..Interact::default()
        };
        let settings = match self.look.settings(&interact) {
            Ok(settings) => settings,
            Err(e) => {
                fail(&e);
                return ERRORS;
            }
        };
        let format = self.format();
        let options = match self.options(&settings) {
            Ok(options) => options,
            Err(e) => {
                fail(&e);
                return ERRORS;
            }
        };
        let mark = self.decimal.unwrap_or(format.default_mark());
        if format == Format::Xlsx && self.output.is_none() && stdout_is_terminal() {
            fail(
                &"--format xlsx writes a workbook, not text for a terminal: give -o FILE \
                  (or pipe the output on)",
            );
            return ERRORS;
        }
        let wanted = self.reading.source.wanted(&settings);
        let mut reads = wanted.reads();
        reads.extend(self.reading.since.clone());
        let out = match Output::check(
            self.output.as_deref(),
            format.output_kind(),
            &reads,
            self.force,
        ) {
            Ok(out) => out,
            Err(code) => return code,
        };
        let result =
            open_marked(wanted, self.reading.since.as_deref()).and_then(|store| match format {
                Format::Text => render::render_with(store, &options, settings)
                    .map(|b| render::to_text(&b).into_bytes()),
                Format::Ansi => render::render_with(store, &options, settings)
                    .map(|b| render::to_ansi(&b).into_bytes()),
                data => render::export(store, &options, data, mark, settings),
            });
        match result {
            Ok(bytes) => out.emit(&bytes),
            Err(e) => {
                fail(&e);
                ERRORS
            }
        }
    }

    /// `--format`, else ansi with `--color`, else text.
    fn format(&self) -> Format {
        self.format.unwrap_or(if self.color {
            Format::Ansi
        } else {
            Format::Text
        })
    }

    /// What to draw, as the settings say; or why not (a key not understood).
    fn options(&self, settings: &Settings) -> Result<RenderOptions, String> {
        Ok(RenderOptions {
            pane: self.pane,
            period: self.period.clone(),
            size: self.size,
            keys: render::parse_keys(&self.keys)?,
            theme: theme(settings),
            today: self.reading.today(),
            // A file named anywhere is opened (made if missing); the
            // default one only if it is there.
            notes: settings
                .notes
                .clone()
                .or_else(|| config::default_notes_path().filter(|p| p.is_file())),
        })
    }
}

/// The theme `render` draws with. It asks the terminal nothing (its output
/// is for files and mails): `auto` is dark. ASCII on `auto` only when the
/// output is a terminal whose locale is not UTF-8.
fn theme(settings: &Settings) -> Theme {
    let (name, _) = config::choose_theme(settings, || (None, String::new()));
    let ascii = match settings.ascii {
        Ascii::On => true,
        Ascii::Off => false,
        Ascii::Auto => stdout_is_terminal() && !Locale::from_env(&config::process_env).utf8,
    };
    config::theme(settings, name, ascii)
}

fn parse_pane(text: &str) -> Result<PaneId, String> {
    PaneId::parse(text).ok_or_else(|| {
        let names: Vec<&str> = PaneId::ALL.iter().map(|p| p.names()[0]).collect();
        format!(
            "unknown pane '{}'; choose one of {}",
            sanitize(text, false),
            names.join(", ")
        )
    })
}

fn parse_mark(text: &str) -> Result<Mark, String> {
    Mark::parse(text).ok_or_else(|| {
        format!(
            "unknown decimal mark '{}'; choose comma or point",
            sanitize(text, false)
        )
    })
}

fn parse_size(text: &str) -> Result<(u16, u16), String> {
    let (w, h) = text
        .split_once(['x', 'X'])
        .ok_or("size must be WIDTHxHEIGHT, e.g. 80x24")?;
    let w: u16 = w
        .parse()
        .map_err(|_| format!("bad width '{}'", sanitize(w, false)))?;
    let h: u16 = h
        .parse()
        .map_err(|_| format!("bad height '{}'", sanitize(h, false)))?;
    Ok((w, h))
}

#[cfg(test)]
#[path = "render_tests.rs"]
mod tests;
