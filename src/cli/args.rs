//! The command line's definition: the cockpit's arguments, the subcommands
//! (each command's own arguments live in its module), and the groups of
//! arguments several commands share, each declared once and flattened where
//! it is used.

use super::{
    Choices, check, completions, config, diff, generate, import, info, man, notes, render, report,
};
use crate::config::{self as settings, Ascii, Layer, Settings};
use crate::domain::text::sanitize;
use crate::ui::theme::ThemeChoice;
use clap::{CommandFactory, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "tertial",
    version,
    about = "Terminal cockpit for results follow-up in Swedish regional health care",
    // `tertial --demo render ...` would ignore --demo: refuse it instead.
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(flatten)]
    pub reading: Reading,
    #[command(flatten)]
    pub look: Look,
    #[command(flatten)]
    pub interact: Interact,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Validate a snapshot and summarise what it holds.
    ///
    /// Exit status: 0 valid (notes only), 1 warnings, 2 errors or unreadable.
    Check(check::Args),
    /// Build a snapshot from a folder of CSV files, or from an .xlsx workbook
    /// with one sheet per table (see docs/snapshot-format.md).
    ///
    /// Nothing is written unless every file is valid; an existing snapshot is
    /// replaced atomically. Exit status: 0 written, 2 errors.
    Import(import::Args),
    /// Write a synthetic snapshot of a whole region, deterministic from a seed,
    /// for measuring the cockpit and check at scale. Every figure is made up
    /// and flagged illustrative.
    ///
    /// The file is checked with the rules of `tertial check` before it
    /// replaces OUTPUT atomically. Exit status: 0 written, 2 not written.
    Gen(generate::Args),
    /// List every row added, removed or changed between two snapshots,
    /// grouped by subject, with both sources.
    ///
    /// Exit status: 0 no differences, 1 differences, 2 an unreadable file.
    Diff(diff::Args),
    /// Write the first draft of the tertial report or monthly memo, in
    /// Swedish, for the snapshot's board: the economic result, the largest
    /// deviations with the source's analysis, red and yellow goals,
    /// directives late or finished with a deviation, data-quality notices and
    /// what changed since the comparison period; every figure with a note to
    /// its source. The same snapshot gives the same bytes.
    ///
    /// Exit status: 0 written, 2 an error (nothing written).
    #[command(mut_args(named_snapshot()))]
    Report(report::Args),
    /// Print the screen the cockpit shows for a pane after some keys, as
    /// plain text (ANSI with --color): for scripts, mails and tests. With a
    /// data format, the table (or detail) in view as data instead: every
    /// row, full names, exact numbers, tree level, unit, period, as-of mark
    /// and source (docs/export-format.md).
    ///
    /// The keys act as the key bindings in effect say (the defaults, the
    /// config file's); `--help` lists them. Example: --keys '2jj<Enter>i'.
    #[command(mut_args(named_snapshot()))]
    Render(render::Args),
    /// Say what tertial believes it has: version and build, the snapshot it
    /// would open, the config file, TERM, COLORTERM, NO_COLOR, the locale,
    /// and each setting with where it came from.
    Info(info::Args),
    /// Your notes and flags on rows (`a` in the cockpit): list them, export
    /// them, or merge in a colleague's JSON export. They live in a file of
    /// your own (`tertial info` names it), never in a snapshot.
    ///
    /// Exit status: 0 done, 2 an error (nothing written).
    Notes(notes::Args),
    /// Check the config file, or print the built-in one (the documentation
    /// of every setting) with --default.
    ///
    /// Exit status: 0 valid or absent, 1 warnings (a colour that cannot be
    /// read on the theme's background), 2 an error (said in one sentence).
    Config(config::Args),
    /// Print a completion script for a shell (see the README for where it goes).
    Completions(completions::Args),
    /// Print the manual page (roff): `tertial man > tertial.1`.
    Man(man::Args),
}

impl Command {
    /// The commands that write a file, whose unfinished temporary files a
    /// signal must not leave behind.
    pub fn writes_files(&self) -> bool {
        matches!(
            self,
            Command::Import(_) | Command::Gen(_) | Command::Report(_) | Command::Render(_)
        )
    }
}

/// The command line's definition, with the build in `--version`.
pub fn command() -> clap::Command {
    Cli::command().long_version(crate::config::info::build())
}

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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use clap::FromArgMatches;

    /// The command line as `main` parses it (without the help's bindings
    /// and the moved options).
    pub(crate) fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        let mut all = vec!["tertial"];
        all.extend_from_slice(args);
        command()
            .try_get_matches_from(all)
            .and_then(|m| Cli::from_arg_matches(&m))
    }

    #[test]
    fn the_definition_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn the_cockpit_takes_the_snapshot_as_an_argument_and_the_reading_options() {
        let cli = parse(&["budget.db", "--since", "old.db", "--today", "2025-11-03"]).unwrap();
        assert_eq!(
            cli.reading.source.snapshot,
            Some(PathBuf::from("budget.db"))
        );
        assert_eq!(cli.reading.since, Some(PathBuf::from("old.db")));
        assert_eq!(
            cli.reading.today(),
            chrono::NaiveDate::from_ymd_opt(2025, 11, 3).unwrap()
        );
        assert!(
            parse(&["budget.db", "--demo"]).is_err(),
            "a file and --demo"
        );
    }

    #[test]
    fn render_and_report_name_the_snapshot_and_refuse_it_with_demo() {
        for sub in ["report", "render"] {
            let mut args = vec![sub];
            if sub == "render" {
                args.push("oversikt");
            }
            let named = [args.clone(), vec!["--snapshot", "b.db"]].concat();
            assert!(parse(&named).is_ok(), "{named:?}");
            let both = [named, vec!["--demo"]].concat();
            let e = parse(&both).err().unwrap();
            assert_eq!(
                e.kind(),
                clap::error::ErrorKind::ArgumentConflict,
                "{both:?}"
            );
            let bare = [args, vec!["b.db"]].concat();
            assert!(parse(&bare).is_err(), "{bare:?} takes no bare snapshot");
        }
    }

    #[test]
    fn the_look_and_the_cockpits_options_are_the_shared_ones() {
        let shared = shared_options();
        for long in [
            "config",
            "theme",
            "ascii",
            "mouse",
            "no-osc52",
            "export-dir",
            "export-format",
            "notes",
        ] {
            assert!(shared.iter().any(|s| s == long), "{long} in {shared:?}");
        }
        assert!(!shared.iter().any(|s| s == "demo" || s == "snapshot"));
    }

    #[test]
    fn the_command_line_sets_its_layer_over_the_config() {
        let cli = parse(&[
            "--theme",
            "light",
            "--no-osc52",
            "--mouse",
            "--notes",
            "n.db",
        ])
        .unwrap();
        let layer = cli.look.layer(&cli.interact);
        assert_eq!(layer.theme, ThemeChoice::parse("light"));
        assert_eq!(layer.copy, Some(false));
        assert_eq!(layer.mouse, Some(true));
        assert_eq!(layer.notes, Some(PathBuf::from("n.db")));
        let plain = parse(&[]).unwrap();
        assert_eq!(plain.look.layer(&plain.interact), Layer::default());
    }

    #[test]
    fn values_are_refused_in_one_printable_sentence() {
        assert_eq!(
            parse_date("2025-13-01").unwrap_err(),
            "bad date '2025-13-01', expected YYYY-MM-DD"
        );
        assert!(
            parse_theme("bl\u{1b}[2Jue")
                .unwrap_err()
                .starts_with("unknown theme 'bl")
        );
        assert!(!parse_theme("bl\u{1b}ue").unwrap_err().contains('\u{1b}'));
        assert_eq!(parse_switch("false"), Ok(false));
        assert_eq!(
            parse_switch("auto").unwrap_err(),
            "'auto' is not true or false"
        );
        assert_eq!(parse_ascii("auto"), Ok(Ascii::Auto));
        assert!(
            parse_export_format("pdf")
                .unwrap_err()
                .contains("choose one of: ")
        );
        assert!(
            parse_format("pdf")
                .unwrap_err()
                .starts_with("unknown format 'pdf'")
        );
    }
}
