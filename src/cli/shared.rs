//! The groups of arguments several commands share, each declared once and
//! flattened where it is used, and the parsers of option values. Apart
//! from `args.rs`, which names every command, so that the commands import
//! these without importing the list of commands.

use super::Choices;
use crate::config::{self as settings, Ascii, Layer, Settings};
use crate::domain::text::sanitize;
use crate::ui::theme::ThemeChoice;
use std::path::PathBuf;

/// Which snapshot a command reads. The cockpit and `info` take it as an
/// argument (`tertial FILE`); `render` and `report`, whose first argument
/// is something else or nothing, as `--snapshot` ([`named_snapshot`]).
/// [`SnapshotArgs::wanted`] resolves it, the same way for every command.
#[derive(clap::Args, Clone, Default)]
pub struct SnapshotArgs {
    /// Snapshot to read (default: the config file's `snapshot`, else ./sample.db).
    pub snapshot: Option<PathBuf>,
    /// Read the sample snapshot built into this binary (read-only, in memory).
    #[arg(long, conflicts_with = "snapshot")]
    pub demo: bool,
}

/// The snapshot as an option (`--snapshot FILE`), for the commands whose
/// arguments are something else; listed in `--help` beside `--demo` (an
/// argument has no place in the options' order until it is an option).
pub fn named_snapshot() -> impl FnMut(clap::Arg) -> clap::Arg {
    let mut previous = 0;
    move |arg| {
        if arg.get_id() == "snapshot" {
            return arg.long("snapshot").display_order(previous + 1);
        }
        if !arg.is_positional() {
            previous = arg.get_display_order();
        }
        arg
    }
}

/// The snapshot and what the screens show of it: the restated figures
/// since an older snapshot, and the day days left are counted from. The
/// cockpit and `render`, which show the same screens, share it.
#[derive(clap::Args, Clone, Default)]
pub struct Reading {
    #[command(flatten)]
    pub source: SnapshotArgs,
    /// Mark the rows whose figures differ from this older snapshot of the
    /// same report (restated figures), with the old value in the detail.
    #[arg(long, value_name = "OLD")]
    pub since: Option<PathBuf>,
    /// The date days left are counted from (default: today), for
    /// reproducible output.
    #[arg(long, value_parser = parse_date)]
    pub today: Option<chrono::NaiveDate>,
}

impl Reading {
    /// `--today`, else the local date.
    pub fn today(&self) -> chrono::NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}

/// The config file a command reads instead of the platform's.
#[derive(clap::Args, Clone, Default)]
pub struct ConfigArg {
    /// Config file to read instead of the platform's (see `tertial config --default`).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

impl ConfigArg {
    /// The settings: the defaults, the config file, the environment, and
    /// what the command line sets over them.
    pub fn settings(&self, layer: &Layer) -> Result<Settings, String> {
        settings::load(self.config.as_deref(), layer, &settings::process_env)
    }
}

/// How the cockpit looks, and which config file says so.
#[derive(clap::Args, Clone, Default)]
pub struct Look {
    #[command(flatten)]
    pub config: ConfigArg,
    /// Colours: auto (the terminal's background decides), dark, light,
    /// colour-blind, colour-blind-dark, colour-blind-light, mono.
    /// NO_COLOR in the environment selects mono unless this is given.
    #[arg(long, hide_possible_values = true, value_parser = Choices::new(parse_theme, ThemeChoice::NAMES))]
    pub theme: Option<ThemeChoice>,
    /// ASCII-only glyphs, borders and text, for terminals without UTF-8
    /// (auto: when the locale is not UTF-8).
    #[arg(long, value_name = "WHEN", num_args = 0..=1, require_equals = true,
          default_missing_value = "true",
          hide_possible_values = true, value_parser = Choices::new(parse_ascii, ["auto", "true", "false"]))]
    pub ascii: Option<Ascii>,
}

/// What only the interactive cockpit has.
#[derive(clap::Args, Clone, Default)]
pub struct Interact {
    /// The mouse: the wheel scrolls, a click selects, a click on the
    /// selected row opens it, a tab switches, the left margin goes back.
    #[arg(long, value_name = "ON", num_args = 0..=1, require_equals = true,
          default_missing_value = "true",
          hide_possible_values = true, value_parser = Choices::new(parse_switch, ["true", "false"]))]
    pub mouse: Option<bool>,
    /// Turn off copying through the terminal (OSC 52), for terminals that
    /// do not support it: `y` and `Y` then say so (config file: copy).
    #[arg(long)]
    pub no_osc52: bool,
    /// Folder `e` writes its files to (default: the config file's
    /// export_dir, else the current folder).
    #[arg(long, value_name = "DIR")]
    pub export_dir: Option<PathBuf>,
    /// What `e` writes: xlsx (an Excel workbook, the default), csv-excel
    /// (`;`, decimal comma, UTF-8 with BOM) or csv (config file:
    /// export_format).
    #[arg(long, value_name = "FORMAT", value_parser = parse_export_format)]
    pub export_format: Option<crate::export::FileFormat>,
    #[command(flatten)]
    pub notes: NotesFile,
}

/// Which notes file to use.
#[derive(clap::Args, Clone, Default)]
pub struct NotesFile {
    /// Your notes file (default: the config file's `notes`, else
    /// $XDG_DATA_HOME/tertial/notes.db; `tertial info` names it).
    #[arg(long, value_name = "FILE")]
    pub notes: Option<PathBuf>,
}

impl Look {
    /// What the command line sets, over the config file and the environment.
    pub fn layer(&self, interact: &Interact) -> Layer {
        Layer {
            theme: self.theme,
            ascii: self.ascii,
            mouse: interact.mouse,
            copy: interact.no_osc52.then_some(false),
            export_dir: interact.export_dir.clone(),
            notes: interact.notes.notes.clone(),
            export_format: interact.export_format,
            ..Layer::default()
        }
    }

    pub fn settings(&self, interact: &Interact) -> Result<Settings, String> {
        self.config.settings(&self.layer(interact))
    }
}

/// The long names of the options the cockpit shares with `render` and
/// `info`, which may come before the subcommand's name.
pub fn shared_options() -> Vec<String> {
    use clap::Args;
    let shared = Interact::augment_args(Look::augment_args(clap::Command::new("shared")));
    shared
        .get_arguments()
        .filter_map(|a| a.get_long().map(str::to_string))
        .collect()
}

pub fn parse_theme(text: &str) -> Result<ThemeChoice, String> {
    ThemeChoice::parse(text).ok_or_else(|| {
        format!(
            "unknown theme '{}'; choose one of: {}",
            sanitize(text, false),
            ThemeChoice::NAMES.join(", ")
        )
    })
}

pub fn parse_ascii(text: &str) -> Result<Ascii, String> {
    Ascii::parse(text)
        .ok_or_else(|| format!("'{}' is not auto, true or false", sanitize(text, false)))
}

pub fn parse_switch(text: &str) -> Result<bool, String> {
    match Ascii::parse(text) {
        Some(Ascii::On) => Ok(true),
        Some(Ascii::Off) => Ok(false),
        _ => Err(format!("'{}' is not true or false", sanitize(text, false))),
    }
}

pub fn parse_export_format(text: &str) -> Result<crate::export::FileFormat, String> {
    crate::export::FileFormat::parse(text).ok_or_else(|| {
        format!(
            "unknown export format '{}'; choose one of: {}",
            sanitize(text, false),
            crate::export::FileFormat::NAMES.join(", ")
        )
    })
}

/// A data format (`render --format`, `notes export --format`).
pub fn parse_format(text: &str) -> Result<crate::export::Format, String> {
    use crate::export::Format;
    Format::parse(text).ok_or_else(|| {
        let names: Vec<&str> = Format::NAMES.iter().map(|(n, _)| *n).collect();
        format!(
            "unknown format '{}'; choose one of: {}",
            sanitize(text, false),
            names.join(", ")
        )
    })
}

pub fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("bad date '{}', expected YYYY-MM-DD", sanitize(text, false)))
}
