//! The command line's definition: the cockpit's arguments and the
//! subcommands (each command's own arguments live in its module; the groups
//! several share are in `shared.rs`).

use super::shared::*;
use super::{check, completions, config, diff, generate, import, info, man, notes, render, report};
use clap::{CommandFactory, Parser, Subcommand};

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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::config::{Ascii, Layer};
    use crate::ui::theme::ThemeChoice;
    use clap::FromArgMatches;
    use std::path::PathBuf;

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
