//! The `tertial` command: the cockpit and its tools.

use tertial::cli;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tertial::check::{self, Findings, Severity, summary::Summary};
use tertial::config::{self, Ascii, Layer, Settings, env::Locale, info};
use tertial::data::Store;
use tertial::domain::number::grouped;
use tertial::domain::text::sanitize;
use tertial::export::{Format, Mark};
use tertial::import;
use tertial::output::{self, Inputs, Kind, Overwrite, Target};
use tertial::snapshot::open::display_path;
use tertial::snapshot::{Snapshot, diff};
use tertial::synth::{self, GenOptions, Scale};
use tertial::ui::app::App;
use tertial::ui::render::{self, RenderOptions};
use tertial::ui::screen::PaneId;
use tertial::ui::terminal::Ended;
use tertial::ui::theme::{Theme, ThemeChoice};

/// `println!` for command output, except that a closed pipe
/// (`tertial check big.db | head`) ends the program quietly, as the shell
/// expects, instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => { write_out(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `print!` with the same care as [`outln!`].
macro_rules! out {
    ($($arg:tt)*) => { write_out(format_args!($($arg)*)) };
}

fn write_out(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let written = stdout.write_fmt(args).and_then(|()| stdout.flush());
    out_failed(written);
}

/// Bytes to standard output (an xlsx workbook piped on), with the same care.
fn write_bytes_out(bytes: &[u8]) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let written = stdout.write_all(bytes).and_then(|()| stdout.flush());
    out_failed(written);
}

fn out_failed(written: std::io::Result<()>) {
    use std::io::Write;
    if let Err(e) = written {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            // 128 + SIGPIPE, what a program killed by the signal would report.
            std::process::exit(141);
        }
        let _ = writeln!(std::io::stderr(), "tertial: cannot write the output: {e}");
        std::process::exit(i32::from(ERRORS));
    }
}

/// Says an error on stderr, made printable: it may quote an argument or a
/// file's content.
fn fail(e: &dyn std::fmt::Display) {
    eprintln!("tertial: {}", sanitize(&e.to_string(), false));
}

/// Exit codes shared by every command.
const OK: u8 = 0;
const WARNINGS: u8 = 1;
const ERRORS: u8 = 2;

/// Findings of one rule printed before the rest are only counted.
const SHOWN_PER_RULE: usize = 20;

#[derive(Parser)]
#[command(
    name = "tertial",
    version,
    about = "Terminal cockpit for results follow-up in Swedish regional health care",
    // `tertial --demo render ...` would ignore --demo: refuse it instead.
    args_conflicts_with_subcommands = true
)]
struct Cli {
    /// Snapshot to open (default: the config file's `snapshot`, else ./sample.db).
    snapshot: Option<PathBuf>,
    /// Open the sample snapshot built into this binary (read-only, in memory).
    #[arg(long, conflicts_with = "snapshot")]
    demo: bool,
    /// Mark the rows whose figures differ from this older snapshot of the
    /// same report (restated figures), with the old value in the detail.
    #[arg(long, value_name = "OLD")]
    since: Option<PathBuf>,
    /// The date days from today are counted from (default: today).
    #[arg(long, value_parser = parse_date)]
    today: Option<chrono::NaiveDate>,
    #[command(flatten)]
    look: Look,
    #[command(flatten)]
    interact: Interact,
    #[command(subcommand)]
    command: Option<Command>,
}

/// How the cockpit looks, and which config file says so.
#[derive(clap::Args, Clone, Default)]
struct Look {
    /// Config file to read instead of the platform's (see `tertial config --default`).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Colours: auto (the terminal's background decides), dark, light,
    /// colour-blind, colour-blind-dark, colour-blind-light, mono.
    /// NO_COLOR in the environment selects mono unless this is given.
    #[arg(long, hide_possible_values = true, value_parser = cli::Choices::new(parse_theme, ThemeChoice::NAMES))]
    theme: Option<ThemeChoice>,
    /// ASCII-only glyphs, borders and text, for terminals without UTF-8
    /// (auto: when the locale is not UTF-8).
    #[arg(long, value_name = "WHEN", num_args = 0..=1, require_equals = true,
          default_missing_value = "true",
          hide_possible_values = true, value_parser = cli::Choices::new(parse_ascii, ["auto", "true", "false"]))]
    ascii: Option<Ascii>,
}

/// What only the interactive cockpit has.
#[derive(clap::Args, Clone, Default)]
struct Interact {
    /// The mouse: the wheel scrolls, a click selects, a click on the
    /// selected row opens it, a tab switches, the left margin goes back.
    #[arg(long, value_name = "ON", num_args = 0..=1, require_equals = true,
          default_missing_value = "true",
          hide_possible_values = true, value_parser = cli::Choices::new(parse_switch, ["true", "false"]))]
    mouse: Option<bool>,
    /// Turn off copying through the terminal (OSC 52), for terminals that
    /// do not support it: `y` and `Y` then say so (config file: copy).
    #[arg(long)]
    no_osc52: bool,
    /// Folder `e` writes its files to (default: the config file's
    /// export_dir, else the current folder).
    #[arg(long, value_name = "DIR")]
    export_dir: Option<PathBuf>,
    /// What `e` writes: xlsx (an Excel workbook, the default), csv-excel
    /// (`;`, decimal comma, UTF-8 with BOM) or csv (config file:
    /// export_format).
    #[arg(long, value_name = "FORMAT", value_parser = parse_export_format)]
    export_format: Option<tertial::export::FileFormat>,
    #[command(flatten)]
    notes: NotesFile,
}

/// Which notes file to use.
#[derive(clap::Args, Clone, Default)]
struct NotesFile {
    /// Your notes file (default: the config file's `notes`, else
    /// $XDG_DATA_HOME/tertial/notes.db; `tertial info` names it).
    #[arg(long, value_name = "FILE")]
    notes: Option<PathBuf>,
}

impl Look {
    /// What the command line sets, over the config file and the environment.
    fn layer(&self, interact: &Interact) -> Layer {
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

    fn settings(&self, interact: &Interact) -> Result<Settings, String> {
        config::load(
            self.config.as_deref(),
            &self.layer(interact),
            &config::process_env,
        )
    }
}

fn parse_theme(text: &str) -> Result<ThemeChoice, String> {
    ThemeChoice::parse(text).ok_or_else(|| {
        format!(
            "unknown theme '{}'; choose one of: {}",
            sanitize(text, false),
            ThemeChoice::NAMES.join(", ")
        )
    })
}

fn parse_ascii(text: &str) -> Result<Ascii, String> {
    Ascii::parse(text)
        .ok_or_else(|| format!("'{}' is not auto, true or false", sanitize(text, false)))
}

fn parse_switch(text: &str) -> Result<bool, String> {
    match Ascii::parse(text) {
        Some(Ascii::On) => Ok(true),
        Some(Ascii::Off) => Ok(false),
        _ => Err(format!("'{}' is not true or false", sanitize(text, false))),
    }
}

#[derive(Subcommand)]
enum NotesAction {
    /// Every note as text: flag, subject, when and at which period it was
    /// written, the figure then, the text.
    List {
        #[command(flatten)]
        filter: NotesFilter,
    },
    /// The notes as md (default), csv, tsv or json (the file `notes import` reads).
    Export {
        #[arg(long, default_value = "md", value_parser = parse_format)]
        format: Format,
        /// Write to FILE (whole, atomically) instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        filter: NotesFilter,
    },
    /// Merge a JSON export (yours or a colleague's) into your notes, by note
    /// id: new notes are added, later edits replace earlier ones, nothing is
    /// duplicated or removed.
    Import {
        /// A file written by `tertial notes export --format json`.
        file: PathBuf,
    },
}

#[derive(clap::Args, Clone, Default)]
struct NotesFilter {
    /// Only notes with this flag: fråga, risk, till-nämnden, klar.
    #[arg(long, value_parser = parse_flag)]
    flag: Option<tertial::notes::Flag>,
    /// Only notes about this (part of a unit's or line's name).
    #[arg(long, value_name = "TEXT")]
    about: Option<String>,
}

fn parse_flag(text: &str) -> Result<tertial::notes::Flag, String> {
    tertial::notes::Flag::parse(text).ok_or_else(|| {
        format!(
            "unknown flag '{}'; choose one of: fråga, risk, till-nämnden, klar",
            sanitize(text, false)
        )
    })
}

#[derive(Subcommand)]
enum Command {
    /// Validate a snapshot and summarise what it holds.
    ///
    /// Exit status: 0 valid (notes only), 1 warnings, 2 errors or unreadable.
    Check {
        snapshot: PathBuf,
        /// List every finding, not the first 20 of each kind.
        #[arg(long)]
        all: bool,
    },
    /// Build a snapshot from a folder of CSV files, or from an .xlsx workbook
    /// with one sheet per table (see docs/snapshot-format.md).
    ///
    /// Nothing is written unless every file is valid; an existing snapshot is
    /// replaced atomically. Exit status: 0 written, 2 errors.
    Import {
        /// Folder with one CSV file per table, or a workbook (….xlsx) with one
        /// sheet per table, named as the CSV files without .csv.
        dir: PathBuf,
        /// Snapshot to write. It may not lie inside DIR, and may replace only
        /// an existing tertial snapshot (see --force).
        #[arg(short, long)]
        output: PathBuf,
        /// Replace OUTPUT even if it exists and is not a tertial snapshot.
        #[arg(long)]
        force: bool,
    },
    /// Write a synthetic snapshot of a whole region, deterministic from a seed,
    /// for measuring the cockpit and check at scale. Every figure is made up
    /// and flagged illustrative.
    ///
    /// The file is checked with the rules of `tertial check` before it
    /// replaces OUTPUT atomically. Exit status: 0 written, 2 not written.
    Gen {
        /// small (tests, ~100 units), region (~1 000 units, ~1.8 million economy
        /// facts) or national (ten times the region; a one-off measurement).
        #[arg(long, default_value = "region",
              hide_possible_values = true, value_parser = cli::Choices::new(parse_scale, ["small", "region", "national"]))]
        scale: Scale,
        /// The same seed and scale give the same file, byte for byte.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Snapshot to write. It may replace only an existing tertial
        /// snapshot (see --force).
        #[arg(short, long)]
        output: PathBuf,
        /// Replace OUTPUT even if it exists and is not a tertial snapshot.
        #[arg(long)]
        force: bool,
    },
    /// List every row added, removed or changed between two snapshots,
    /// grouped by subject, with both sources.
    ///
    /// Exit status: 0 no differences, 1 differences, 2 an unreadable file.
    Diff {
        /// The earlier snapshot.
        old: PathBuf,
        /// The later snapshot.
        new: PathBuf,
        /// text (default) or json (see docs/snapshot-format.md).
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
    },
    /// Write the first draft of the tertial report or monthly memo, in
    /// Swedish, for the snapshot's board: the economic result, the largest
    /// deviations with the source's analysis, red and yellow goals,
    /// directives late or finished with a deviation, data-quality notices and
    /// what changed since the comparison period; every figure with a note to
    /// its source. The same snapshot gives the same bytes.
    ///
    /// Exit status: 0 written, 2 an error (nothing written).
    Report {
        /// Period id or label (default: the latest).
        #[arg(long)]
        period: Option<String>,
        /// The period to compare with (default: the previous report of the year).
        #[arg(long)]
        compare: Option<String>,
        /// md (Markdown, default) or html (one self-contained, printable file).
        #[arg(long, default_value = "md",
              hide_possible_values = true, value_parser = cli::Choices::new(parse_report_format, ["md", "html"]))]
        format: tertial::report::Format,
        /// Write to FILE instead of standard output, whole or not at all. It
        /// may replace only an earlier report in the same format (see --force),
        /// never the snapshot read.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE even if it exists and is not an earlier report.
        #[arg(long, requires = "output")]
        force: bool,
        /// Snapshot to read (default: the config file's, else ./sample.db).
        #[arg(long, conflicts_with = "demo")]
        snapshot: Option<PathBuf>,
        /// Read the built-in sample.
        #[arg(long)]
        demo: bool,
        /// Add a section "Att följa upp" from your own notes (the notes file
        /// `tertial info` names, or --notes=FILE). Off by default: a draft
        /// may be shared, and the notes are yours.
        #[arg(long, value_name = "FILE", num_args = 0..=1, require_equals = true,
              default_missing_value = "")]
        notes: Option<PathBuf>,
    },
    /// Print the screen the cockpit shows for a pane after some keys, as
    /// plain text (ANSI with --color): for scripts, mails and tests. With a
    /// data format, the table (or detail) in view as data instead: every
    /// row, full names, exact numbers, tree level, unit, period, as-of mark
    /// and source (docs/export-format.md).
    ///
    /// The keys act as the key bindings in effect say (the defaults, the
    /// config file's); `--help` lists them. Example: --keys '2jj<Enter>i'.
    Render {
        /// oversikt, ekonomi, mal, uppdrag, vardplatser or nyckeltal (Swedish or English names).
        #[arg(hide_possible_values = true, value_parser = cli::Choices::new(parse_pane, PaneId::render_names()))]
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
        #[arg(long, hide_possible_values = true, value_parser = cli::Choices::new(parse_format, Format::NAMES.map(|(n, _)| n)))]
        format: Option<Format>,
        /// Decimal mark of numbers in tsv, csv and md: comma or point
        /// (default: comma for tsv, as a Swedish spreadsheet reads it; point
        /// otherwise). JSON numbers always have a point, csv-excel a comma;
        /// xlsx holds numbers.
        #[arg(long, hide_possible_values = true, value_parser = cli::Choices::new(parse_mark, ["comma", "point"]))]
        decimal: Option<Mark>,
        /// Snapshot to read (default: ./sample.db).
        #[arg(long, conflicts_with = "demo")]
        snapshot: Option<PathBuf>,
        /// Read the built-in sample.
        #[arg(long)]
        demo: bool,
        /// Mark rows whose figures differ from this older snapshot.
        #[arg(long, value_name = "OLD")]
        since: Option<PathBuf>,
        /// The date days-left are counted from (default: today), for reproducible output.
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
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
    },
    /// Say what tertial believes it has: version and build, the snapshot it
    /// would open, the config file, TERM, COLORTERM, NO_COLOR, the locale,
    /// and each setting with where it came from.
    Info {
        /// The snapshot the cockpit would be given.
        snapshot: Option<PathBuf>,
        /// As the cockpit's --demo.
        #[arg(long, conflicts_with = "snapshot")]
        demo: bool,
        #[command(flatten)]
        look: Look,
        #[command(flatten)]
        interact: Interact,
    },
    /// Your notes and flags on rows (`a` in the cockpit): list them, export
    /// them, or merge in a colleague's JSON export. They live in a file of
    /// your own (`tertial info` names it), never in a snapshot.
    ///
    /// Exit status: 0 done, 2 an error (nothing written).
    Notes {
        #[command(subcommand)]
        action: NotesAction,
        #[command(flatten)]
        file: NotesFile,
        /// Config file to read instead of the platform's.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Check the config file, or print the built-in one (the documentation
    /// of every setting) with --default.
    ///
    /// Exit status: 0 valid or absent, 1 warnings (a colour that cannot be
    /// read on the theme's background), 2 an error (said in one sentence).
    Config {
        /// Print the built-in config file.
        #[arg(long)]
        default: bool,
        /// The file to check instead of the platform's.
        #[arg(long, value_name = "FILE", conflicts_with = "default")]
        config: Option<PathBuf>,
    },
    /// Print a completion script for a shell (see the README for where it goes).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `tertial man > tertial.1`.
    Man,
}

/// The command line's definition, with the build in `--version`.
fn command() -> clap::Command {
    Cli::command().long_version(info::build())
}

fn parse_report_format(text: &str) -> Result<tertial::report::Format, String> {
    tertial::report::Format::parse(text).ok_or_else(|| {
        format!(
            "unknown report format '{}'; choose md or html",
            sanitize(text, false)
        )
    })
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

fn parse_export_format(text: &str) -> Result<tertial::export::FileFormat, String> {
    tertial::export::FileFormat::parse(text).ok_or_else(|| {
        format!(
            "unknown export format '{}'; choose one of: {}",
            sanitize(text, false),
            tertial::export::FileFormat::NAMES.join(", ")
        )
    })
}

fn parse_format(text: &str) -> Result<Format, String> {
    Format::parse(text).ok_or_else(|| {
        let names: Vec<&str> = Format::NAMES.iter().map(|(n, _)| *n).collect();
        format!(
            "unknown format '{}'; choose one of: {}",
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

fn parse_scale(text: &str) -> Result<Scale, String> {
    Scale::parse(text).ok_or_else(|| {
        format!(
            "unknown scale '{}'; choose small, region or national",
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

fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("bad date '{}', expected YYYY-MM-DD", sanitize(text, false)))
}

fn main() -> ExitCode {
    if color_eyre::install().is_err() {
        eprintln!("tertial: could not install the error reporter; continuing");
    }
    let cli = match parse_command_line() {
        Ok(cli) => cli,
        Err(code) => return ExitCode::from(code),
    };
    if matches!(
        cli.command,
        Some(
            Command::Import { .. }
                | Command::Gen { .. }
                | Command::Report { .. }
                | Command::Render { .. }
        )
    ) {
        remove_unfinished_on_signals();
    }
    let code = match cli.command {
        Some(Command::Check { snapshot, all }) => check_command(&snapshot, all),
        Some(Command::Import { dir, output, force }) => {
            import_command(&dir, &output, Overwrite::forced(force))
        }
        Some(Command::Gen {
            scale,
            seed,
            output,
            force,
        }) => gen_command(
            GenOptions { scale, seed },
            &output,
            Overwrite::forced(force),
        ),
        Some(Command::Render {
            pane,
            period,
            size,
            keys,
            color,
            format,
            decimal,
            snapshot,
            demo,
            since,
            today,
            output,
            force,
            look,
            notes,
        }) => {
            let interact = Interact {
                notes,
                ..Interact::default()
            };
            let settings = match look.settings(&interact) {
                Ok(settings) => settings,
                Err(e) => {
                    fail(&e);
                    return ExitCode::from(ERRORS);
                }
            };
            let format = format.unwrap_or(if color { Format::Ansi } else { Format::Text });
            let options = RenderOptions {
                pane,
                period,
                size,
                keys: match render::parse_keys(&keys) {
                    Ok(keys) => keys,
                    Err(e) => {
                        fail(&e);
                        return ExitCode::from(ERRORS);
                    }
                },
                theme: render_theme(&settings),
                today: today.unwrap_or_else(|| chrono::Local::now().date_naive()),
                // A file named anywhere is opened (made if missing); the
                // default one only if it is there.
                notes: settings
                    .notes
                    .clone()
                    .or_else(|| config::default_notes_path().filter(|p| p.is_file())),
            };
            let mark = decimal.unwrap_or(format.default_mark());
            if format == Format::Xlsx && output.is_none() && {
                use std::io::IsTerminal;
                std::io::stdout().is_terminal()
            } {
                fail(
                    &"--format xlsx writes a workbook, not text for a terminal: give -o FILE \
                      (or pipe the output on)",
                );
                return ExitCode::from(ERRORS);
            }
            let snapshot = snapshot.or_else(|| settings.snapshot.clone());
            let mut reads = reading(snapshot.as_deref(), demo);
            reads.extend(since.clone());
            let out = match Output::check(output.as_deref(), format.output_kind(), &reads, force) {
                Ok(out) => out,
                Err(code) => return ExitCode::from(code),
            };
            render_command(
                snapshot,
                demo,
                since.as_deref(),
                &options,
                (format, mark),
                settings,
                out,
            )
        }
        Some(Command::Diff { old, new, format }) => diff_command(&old, &new, &format),
        Some(Command::Report {
            period,
            compare,
            format,
            output,
            force,
            snapshot,
            demo,
            notes,
        }) => {
            // The config file's snapshot, as the cockpit and render take it.
            let settings = match Look::default().settings(&Interact::default()) {
                Ok(settings) => settings,
                Err(e) => {
                    fail(&e);
                    return ExitCode::from(ERRORS);
                }
            };
            let snapshot = snapshot.or_else(|| settings.snapshot.clone());
            let mut reads = reading(snapshot.as_deref(), demo);
            // Never over the notes it reads either.
            reads.extend(notes.clone().filter(|n| !n.as_os_str().is_empty()));
            let out = match Output::check(output.as_deref(), format.output_kind(), &reads, force) {
                Ok(out) => out,
                Err(code) => return ExitCode::from(code),
            };
            report_command(
                open_store(snapshot, demo),
                period.as_deref(),
                compare.as_deref(),
                format,
                out,
                notes.as_deref(),
            )
        }
        Some(Command::Info {
            snapshot,
            demo,
            look,
            interact,
        }) => info_command(snapshot.as_deref(), demo, &look, &interact),
        Some(Command::Config { default, config }) => config_command(default, config.as_deref()),
        Some(Command::Notes {
            action,
            file,
            config,
        }) => notes_command(&action, &file, config.as_deref()),
        Some(Command::Completions { shell }) => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut command(), "tertial", &mut out);
            out!("{}", String::from_utf8_lossy(&out));
            OK
        }
        Some(Command::Man) => match cli::man::page(&command()) {
            Ok(page) => {
                out!("{page}");
                OK
            }
            Err(e) => {
                fail(&e);
                ERRORS
            }
        },
        None => cockpit_command(&cli),
    };
    ExitCode::from(code)
}

/// The command line, or the exit code after clap has said why not (or
/// printed the help asked for). `render --help` lists the key bindings in
/// effect, so a remapped key shows there too.
fn parse_command_line() -> Result<Cli, u8> {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mut cmd = command();
    let asks_help = args
        .iter()
        .any(|a| a == "--help" || a == "-h" || a == "help");
    if asks_help {
        let bindings = help_bindings(&args);
        cmd = cmd.mut_subcommand("render", |c| c.after_long_help(bindings));
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .chain(["help".to_string()])
        .collect();
    // clap would take a mistyped subcommand for the snapshot's path.
    if let Some(word) = args.get(1).and_then(|a| a.to_str())
        && !word.starts_with('-')
        && !names.iter().any(|n| n == word)
        && !Path::new(word).exists()
        && let Some(meant) = cli::meant_subcommand(word, &names)
    {
        fail(&format!(
            "{word}: no such file; did you mean `tertial {meant}`?"
        ));
        return Err(ERRORS);
    }
    if let Some(at) = args
        .iter()
        .skip(1)
        .position(|a| names.iter().any(|n| a == n.as_str()))
        && at > 0
    {
        // The look and the cockpit's settings may come before the name of
        // a subcommand that has them (`tertial --theme light render …`).
        match cli::move_shared_options(&cmd, &args, at + 1, &shared_options()) {
            Some(moved) => args = moved,
            None => {
                // Anything else would be taken for the snapshot, or be
                // ignored: say it in the user's words, not clap's.
                let before: Vec<String> = args[1..=at]
                    .iter()
                    .map(|a| a.to_string_lossy().into_owned())
                    .collect();
                let name = args[at + 1].to_string_lossy();
                fail(&format!(
                    "`{}` belongs to the cockpit and does nothing for `{name}`; a subcommand's \
                     options go after its name (`tertial {name} --help` lists them)",
                    before.join(" ")
                ));
                return Err(ERRORS);
            }
        }
    }
    let parsed = cmd
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    parsed.map_err(|e| {
        // clap's messages quote the arguments they reject: made printable,
        // so that a crafted argument cannot reach the terminal as a control.
        let text = e.render().to_string();
        let clean = sanitize(&text, true);
        if e.use_stderr() {
            eprint!("{clean}");
        } else {
            out!("{clean}");
        }
        u8::try_from(e.exit_code()).unwrap_or(ERRORS)
    })
}

/// The long names of the options the cockpit shares with `render` and
/// `info`, which may come before the subcommand's name.
fn shared_options() -> Vec<String> {
    use clap::Args;
    let shared = Interact::augment_args(Look::augment_args(clap::Command::new("shared")));
    shared
        .get_arguments()
        .filter_map(|a| a.get_long().map(str::to_string))
        .collect()
}

/// The key notation and the bindings in effect, for `render --help`: those
/// of the config file `--config` names (or the usual one), else the defaults.
fn help_bindings(args: &[std::ffi::OsString]) -> String {
    let mut named = None;
    for (i, arg) in args.iter().enumerate() {
        let text = arg.to_string_lossy();
        if let Some(path) = text.strip_prefix("--config=") {
            named = Some(PathBuf::from(path));
        } else if text == "--config" {
            named = args.get(i + 1).map(PathBuf::from);
        }
    }
    let (keymap, note) =
        match config::load(named.as_deref(), &Layer::default(), &config::process_env) {
            Ok(settings) => (settings.keymap, "the defaults and the config file"),
            // The error is said when the command runs; here the defaults do.
            Err(_) => (
                Settings::default().keymap,
                "the defaults, as the config file has an error",
            ),
        };
    format!(
        "Keys for --keys: {}.\n\nKey bindings ({note}):\n{}",
        tertial::keymap::key::NOTATION_HELP,
        keymap.describe()
    )
}

/// The theme `render` draws with. It asks the terminal nothing (its output
/// is for files and mails): `auto` is dark. ASCII on `auto` only when the
/// output is a terminal whose locale is not UTF-8.
fn render_theme(settings: &Settings) -> Theme {
    let (name, _) = config::choose_theme(settings, || (None, String::new()));
    let ascii = match settings.ascii {
        Ascii::On => true,
        Ascii::Off => false,
        Ascii::Auto => {
            use std::io::IsTerminal;
            std::io::stdout().is_terminal() && !Locale::from_env(&config::process_env).utf8
        }
    };
    config::theme(settings, name, ascii)
}

/// The snapshot the user asked for, opened and judged but not yet loaded.
enum Source {
    Demo,
    File(Box<Snapshot>),
}

impl Source {
    /// Opens it, or says in one sentence why not.
    fn open(snapshot: Option<PathBuf>, demo: bool) -> Result<Source, String> {
        if demo {
            return Ok(Source::Demo);
        }
        let path = snapshot.unwrap_or_else(|| PathBuf::from("sample.db"));
        if !path.exists() && path == Path::new("sample.db") {
            return Err(
                "no snapshot given and ./sample.db is missing; give one (tertial FILE), run \
                        `tertial --demo` for the built-in sample, or build it with \
                        `tertial import assets/sample -o sample.db`"
                    .into(),
            );
        }
        Snapshot::open(&path)
            .map(|snapshot| Source::File(Box::new(snapshot)))
            .map_err(|e| e.to_string())
    }

    /// Reads what every view needs.
    fn load(self) -> Result<Store, String> {
        match self {
            Source::Demo => Store::demo(),
            Source::File(snapshot) => Store::from_snapshot(*snapshot),
        }
        .map_err(|e| e.to_string())
    }
}

/// Opens the store the user asked for, or says in one sentence why not.
fn open_store(snapshot: Option<PathBuf>, demo: bool) -> Result<Store, String> {
    Source::open(snapshot, demo)?.load()
}

fn cockpit_command(cli: &Cli) -> u8 {
    // Settings, then the terminal, are checked before anything is written
    // to it: a broken config or a missing terminal is one sentence on
    // stderr. A file that is not a snapshot is said before the terminal is
    // taken too; loading it happens behind a first screen that q leaves.
    let settings = match cli.look.settings(&cli.interact) {
        Ok(settings) => settings,
        Err(e) => {
            fail(&e);
            return ERRORS;
        }
    };
    if let Some(problem) = config::env::terminal_problem(&config::process_env) {
        fail(&problem);
        return ERRORS;
    }
    let snapshot = cli.snapshot.clone().or_else(|| settings.snapshot.clone());
    let source = match Source::open(snapshot, cli.demo) {
        Ok(source) => source,
        Err(e) => {
            fail(&e);
            return ERRORS;
        }
    };
    let today = cli
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let (ascii, _) = config::choose_ascii(&settings, &Locale::from_env(&config::process_env));
    // The session asks the terminal for its background itself, once the
    // terminal is taken, so that keys typed while it waits are kept.
    let start = tertial::ui::terminal::Start {
        ascii,
        mouse: settings.mouse,
        ask_background: settings.theme.follows_background(),
    };
    let since = cli.since.clone();
    let notes = config::notes_path(&settings);
    let copy = tertial::ui::copy::CopySettings {
        osc52: settings.copy,
        export_dir: settings.export_dir.clone(),
        tmux_blocks: if settings.copy {
            config::tmux::blocked_clipboard(&config::process_env)
        } else {
            None
        },
        format: settings.export_format,
    };
    let load = move |light: Option<bool>| {
        let (name, _) = config::choose_theme(&settings, || (light, String::new()));
        let theme = config::theme(&settings, name, ascii);
        let mut store = source.load()?;
        if let Some(old) = &since {
            store.mark_restated_since(old).map_err(|e| e.to_string())?;
        }
        let mut app = App::new(store, theme, today, (80, 24));
        app.settings = settings;
        app.copy = copy;
        match notes {
            Some(path) => app.notes_later(path),
            None => app.set_notes(tertial::ui::notes::Notes::without_file()),
        }
        Ok(app)
    };
    match tertial::ui::terminal::run(start, load) {
        Ok(Ended::Quit) => OK,
        // As for SIGHUP: the terminal went away.
        Ok(Ended::HungUp) => 129,
        Err(e) => {
            // The terminal is back, or gone: a failed write must not panic.
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "tertial: {}", sanitize(&e, false));
            ERRORS
        }
    }
}

/// The notes file a command uses: `--notes`, else the settings' (the
/// config file's, `TERTIAL_NOTES`), else the platform's place.
fn notes_file(file: &NotesFile, config: Option<&Path>) -> Result<PathBuf, String> {
    let layer = Layer {
        notes: file.notes.clone(),
        ..Layer::default()
    };
    let settings = config::load(config, &layer, &config::process_env)?;
    config::notes_path(&settings)
        .ok_or_else(|| "no data folder for notes on this system; give --notes FILE".to_string())
}

fn notes_command(action: &NotesAction, file: &NotesFile, config: Option<&Path>) -> u8 {
    use tertial::cli::notes::{self, Filter};
    let filter = |f: &NotesFilter| Filter {
        flag: f.flag,
        about: f.about.clone(),
    };
    let done = notes_file(file, config).and_then(|path| match action {
        NotesAction::List { filter: f } => notes::list(&path, &filter(f)).map(|t| out!("{t}")),
        NotesAction::Export {
            format,
            output,
            force,
            filter: f,
        } => {
            // The target is checked before anything is read.
            let target = match output {
                Some(output) => {
                    let reads = [path.as_path()];
                    let inputs = Inputs {
                        files: &reads,
                        folder: None,
                    };
                    let kind = notes::export_kind(*format);
                    Some(
                        Target::check(output, kind, inputs, Overwrite::forced(*force))
                            .map_err(|e| e.to_string())?,
                    )
                }
                None => None,
            };
            if target.is_none() && *format == Format::Xlsx && {
                use std::io::IsTerminal;
                std::io::stdout().is_terminal()
            } {
                return Err(
                    "--format xlsx writes a workbook, not text for a terminal: give -o \
                            FILE (or pipe the output on)"
                        .into(),
                );
            }
            let bytes = notes::export(&path, &filter(f), *format)?;
            match target {
                None => {
                    write_bytes_out(&bytes);
                    Ok(())
                }
                Some(target) => output::write_bytes(&target, &bytes),
            }
        }
        NotesAction::Import { file } => notes::import(&path, file)
            .map(|m| outln!("{}: {}", display_path(file), notes::merged(&m))),
    });
    match done {
        Ok(()) => OK,
        Err(e) => {
            fail(&e);
            ERRORS
        }
    }
}

/// `tertial info`: what the cockpit would do with the same options.
fn info_command(snapshot: Option<&Path>, demo: bool, look: &Look, interact: &Interact) -> u8 {
    let settings = match look.settings(interact) {
        Ok(settings) => settings,
        Err(e) => {
            fail(&e);
            return ERRORS;
        }
    };
    let env = config::process_env;
    let locale = Locale::from_env(&env);
    // The terminal is asked only if the cockpit could run here.
    let problem = config::env::terminal_problem(&env);
    let (_, theme) = config::choose_theme(&settings, || match &problem {
        None => config::background::query(),
        Some(_) => {
            let not_asked = "not asked: no terminal here for the cockpit";
            match config::background::fallback(&env) {
                Some((light, said)) => (Some(light), format!("{not_asked}; {said}")),
                None => (None, not_asked.into()),
            }
        }
    });
    let (_, ascii) = config::choose_ascii(&settings, &locale);
    out!(
        "{}",
        info::report(&info::Facts {
            settings: &settings,
            snapshot,
            demo,
            theme: &theme,
            ascii: &ascii,
            locale: &locale,
            env: &env,
            tmux_blocks: config::tmux::blocked_clipboard(&env).as_deref(),
        })
    );
    OK
}

/// `tertial config`: the built-in file, or whether the user's holds.
fn config_command(default: bool, file: Option<&Path>) -> u8 {
    if default {
        out!("{}", config::DEFAULT_FILE);
        return OK;
    }
    match config::load(file, &Layer::default(), &config::process_env) {
        Ok(settings) => {
            match &settings.file {
                Some(config::ConfigFile {
                    path: Some(path),
                    found: true,
                    ..
                }) => outln!("{}: valid", display_path(path)),
                Some(config::ConfigFile {
                    path: Some(path), ..
                }) => outln!(
                    "no config file at {}; the built-in defaults apply (`tertial config --default` prints them)",
                    display_path(path)
                ),
                _ => outln!("no config folder on this system; the built-in defaults apply"),
            }
            let warnings = config::colour_warnings(&settings);
            for warning in &warnings {
                eprintln!("tertial: {}", sanitize(warning, false));
            }
            if warnings.is_empty() { OK } else { WARNINGS }
        }
        Err(e) => {
            fail(&e);
            ERRORS
        }
    }
}

fn render_command(
    snapshot: Option<PathBuf>,
    demo: bool,
    since: Option<&Path>,
    options: &RenderOptions,
    (format, mark): (Format, Mark),
    settings: Settings,
    out: Output,
) -> u8 {
    let result = open_store(snapshot, demo)
        .and_then(|mut store| {
            if let Some(old) = since {
                store.mark_restated_since(old).map_err(|e| e.to_string())?;
            }
            Ok(store)
        })
        .and_then(|store| match format {
            Format::Text => render::render_with(store, options, settings)
                .map(|b| render::to_text(&b).into_bytes()),
            Format::Ansi => render::render_with(store, options, settings)
                .map(|b| render::to_ansi(&b).into_bytes()),
            data => render::export(store, options, data, mark, settings),
        });
    match result {
        Ok(bytes) => out.emit(&bytes),
        Err(e) => {
            fail(&e);
            ERRORS
        }
    }
}

/// Ctrl-C, SIGTERM or a hang-up while a command writes a file: its
/// temporary files are removed before the process ends with 128 + the
/// signal, as it would have without the handler. (Ending by the default
/// action would skip every destructor, and leave them.)
fn remove_unfinished_on_signals() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    output::remove_unfinished();
                    std::process::exit(128 + signal);
                }
            });
    }
}

/// The files a command reads, which its output may never replace: the
/// snapshot as `Source::open` resolves it (none for `--demo`).
fn reading(snapshot: Option<&Path>, demo: bool) -> Vec<PathBuf> {
    if demo {
        return Vec::new();
    }
    vec![snapshot.map_or_else(|| PathBuf::from("sample.db"), Path::to_path_buf)]
}

/// Where a command's text goes: standard output, or a file checked by the
/// output guard (`tertial::output`) before any work is done, so that a
/// refused target costs nothing and reads nothing.
enum Output {
    Stdout,
    File(Target),
}

impl Output {
    fn check(
        path: Option<&Path>,
        kind: Kind,
        reads: &[PathBuf],
        force: bool,
    ) -> Result<Output, u8> {
        let Some(path) = path else {
            return Ok(Output::Stdout);
        };
        let files: Vec<&Path> = reads.iter().map(PathBuf::as_path).collect();
        let inputs = Inputs {
            files: &files,
            folder: None,
        };
        Target::check(path, kind, inputs, Overwrite::forced(force))
            .map(Output::File)
            .map_err(|e| {
                fail(&e);
                ERRORS
            })
    }

    fn emit(self, bytes: &[u8]) -> u8 {
        match self {
            Output::Stdout => {
                write_bytes_out(bytes);
                OK
            }
            Output::File(target) => match output::write_bytes(&target, bytes) {
                Ok(()) => OK,
                Err(e) => {
                    fail(&e);
                    ERRORS
                }
            },
        }
    }
}

/// A period by id or label, or one sentence naming those the snapshot has.
fn find_period<'s>(store: &'s Store, wanted: &str) -> Result<&'s tertial::data::Period, String> {
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

fn report_command(
    store: Result<Store, String>,
    period: Option<&str>,
    compare: Option<&str>,
    format: tertial::report::Format,
    out: Output,
    notes: Option<&Path>,
) -> u8 {
    let text = store.and_then(|store| {
        let period = match period {
            Some(wanted) => find_period(&store, wanted)?,
            None => store.periods.last().ok_or("the snapshot has no periods")?,
        };
        let compare = match compare {
            Some(wanted) => Some(find_period(&store, wanted)?),
            None => store
                .periods
                .iter()
                .position(|p| p == period)
                .and_then(|i| store.baseline(i, tertial::data::compare::Baseline::PreviousReport))
                .map(|i| &store.periods[i]),
        };
        let mut report =
            tertial::report::build(&store, period, compare).map_err(|e| e.to_string())?;
        if let Some(file) = notes {
            let all = report_notes(file)?;
            report.sections.push(tertial::report::follow_up::section(
                &all,
                &store.meta.organisation,
            ));
        }
        Ok(format.write(&report))
    });
    let text = match text {
        Ok(text) => text,
        Err(e) => {
            fail(&e);
            return ERRORS;
        }
    };
    out.emit(text.as_bytes())
}

/// The notes `report --notes[=FILE]` reads: FILE, else the configured or
/// default notes file. A default file that does not exist is no notes (the
/// report makes none).
fn report_notes(file: &Path) -> Result<Vec<tertial::notes::Note>, String> {
    let path = if file.as_os_str().is_empty() {
        match notes_file(&NotesFile::default(), None)? {
            path if path.is_file() => path,
            _ => return Ok(Vec::new()),
        }
    } else {
        file.to_path_buf()
    };
    tertial::notes::NotesStore::open(&path)
        .and_then(|store| store.all())
        .map_err(|e| e.to_string())
}

fn diff_command(old: &Path, new: &Path, format: &str) -> u8 {
    let open = |path: &Path| {
        Snapshot::open(path).map_err(|e| {
            eprintln!("tertial: {e}");
        })
    };
    let (Ok(old_file), Ok(new_file)) = (open(old), open(new)) else {
        return ERRORS;
    };
    let json = format == "json";
    let unknown = match diff::unknown_columns(&old_file.conn, &new_file.conn) {
        Ok(unknown) => unknown,
        Err(e) => {
            eprintln!("tertial: {e}");
            return ERRORS;
        }
    };
    // On a terminal, through the pager, as git does; what went wrong before
    // this point is said without one.
    let pager = cli::pager::Pager::start();
    let code = diff_listing(old, new, &old_file, &new_file, &unknown, json);
    if let Some(pager) = pager {
        pager.finish();
    }
    code
}

/// `diff`'s output, once both files are open.
fn diff_listing(
    old: &Path,
    new: &Path,
    old_file: &Snapshot,
    new_file: &Snapshot,
    unknown: &[diff::Unknown],
    json: bool,
) -> u8 {
    if json {
        out!(
            "{{\"format\":\"tertial-diff\",\"version\":1,\"old\":{},\"new\":{},\"unknown\":{},\"differences\":[",
            serde_json::Value::from(display_path(old)),
            serde_json::Value::from(display_path(new)),
            unknown_json(unknown)
        );
    } else {
        for u in unknown {
            let file = match u.missing_from {
                diff::Which::Old => display_path(old),
                diff::Which::New => display_path(new),
            };
            outln!(
                "{}.{}: not in {file} (an earlier format version): unknown there, not compared",
                u.table,
                u.column
            );
        }
    }
    let mut subject = "";
    let mut per_subject: Vec<(&'static str, usize)> = Vec::new();
    let result = diff::diff(&old_file.conn, &new_file.conn, |d| {
        let this = diff::subject(d.table);
        match per_subject.last_mut() {
            Some((s, n)) if *s == this => *n += 1,
            _ => per_subject.push((this, 1)),
        }
        if json {
            let first = per_subject.len() == 1 && per_subject[0].1 == 1;
            out!("{}{}", if first { "" } else { "," }, difference_json(d));
            return;
        }
        if this != subject {
            outln!("{this}");
            subject = this;
        }
        print_difference(d);
    });
    let count = match result {
        Ok(count) => count,
        Err(e) => {
            if json {
                outln!("]}}");
            }
            eprintln!("tertial: {e}");
            return ERRORS;
        }
    };
    if json {
        outln!("],\"count\":{count}}}");
    } else if count == 0 {
        outln!("no differences");
    } else {
        let groups: Vec<String> = per_subject
            .iter()
            .map(|(s, n)| format!("{s} {n}"))
            .collect();
        outln!("\n{} ({})", plural(count, "difference"), groups.join(", "));
    }
    if count == 0 { OK } else { WARNINGS }
}

fn print_difference(d: &diff::Difference) {
    use diff::RowChange;
    let what = match &d.change {
        RowChange::Added => "added",
        RowChange::Removed => "removed",
        RowChange::Changed(_) => "changed",
    };
    outln!("  {what} {} {}", d.table, d.key_text());
    if let RowChange::Changed(columns) = &d.change {
        for (column, old, new) in columns {
            outln!("    {column}: {old} → {new}");
        }
    }
    match (&d.old_source, &d.new_source) {
        (Some(a), Some(b)) if a != b => outln!("    source: {a} → {b}"),
        (Some(a), _) | (None, Some(a)) => outln!("    source: {a}"),
        (None, None) => {}
    }
}

/// The columns one file lacks, as JSON: `[{"table", "column", "missing_from": "old"|"new"}]`.
fn unknown_json(unknown: &[diff::Unknown]) -> serde_json::Value {
    unknown
        .iter()
        .map(|u| {
            let side = match u.missing_from {
                diff::Which::Old => "old",
                diff::Which::New => "new",
            };
            serde_json::json!({ "table": u.table, "column": u.column, "missing_from": side })
        })
        .collect()
}

/// One difference as a JSON object (the shape is documented with `diff`
/// in docs/snapshot-format.md).
fn difference_json(d: &diff::Difference) -> serde_json::Value {
    use diff::RowChange;
    let key: serde_json::Map<String, serde_json::Value> = d
        .key
        .iter()
        .map(|(c, v)| (c.to_string(), serde_json::Value::from(v.clone())))
        .collect();
    let (change, columns) = match &d.change {
        RowChange::Added => ("added", Vec::new()),
        RowChange::Removed => ("removed", Vec::new()),
        RowChange::Changed(columns) => (
            "changed",
            columns
                .iter()
                .map(|(c, old, new)| serde_json::json!({ "column": c, "old": old, "new": new }))
                .collect(),
        ),
    };
    serde_json::json!({
        "subject": diff::subject(d.table),
        "table": d.table,
        "change": change,
        "key": key,
        "columns": columns,
        "old_source": d.old_source,
        "new_source": d.new_source,
    })
}

fn check_command(path: &Path, all: bool) -> u8 {
    let snapshot = match Snapshot::open(path) {
        Ok(snapshot) => snapshot,
        Err(e) => {
            fail(&e);
            return ERRORS;
        }
    };
    let shown = sanitize(&path.to_string_lossy(), false).into_owned();
    outln!(
        "{shown}: tertial snapshot, format version {}",
        snapshot.version
    );
    let beside = snapshot.beside_warnings();
    for warning in &beside {
        outln!("warning: {warning}");
    }
    let findings = check::run(&snapshot.conn, true);
    if findings.worst() != Some(Severity::Error)
        || findings.items.iter().all(|f| f.rule != "missing-table")
    {
        match Summary::read(&snapshot.conn) {
            Ok(summary) => outln!("{summary}"),
            Err(e) => outln!("  (no summary: {})", sanitize(&e.to_string(), false)),
        }
    }
    print_findings(&snapshot, &findings, all);
    match findings.worst() {
        Some(Severity::Error) => ERRORS,
        Some(Severity::Warning) => WARNINGS,
        _ if !beside.is_empty() => WARNINGS,
        _ => OK,
    }
}

fn print_findings(snapshot: &Snapshot, findings: &Findings, all: bool) {
    outln!(
        "\n{}, {}, {}",
        plural(findings.count(Severity::Error), "error"),
        plural(findings.count(Severity::Warning), "warning"),
        plural(findings.count(Severity::Note), "note")
    );
    let mut sorted: Vec<_> = findings.items.iter().collect();
    sorted.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let mut shown_per_rule: std::collections::HashMap<&str, usize> = Default::default();
    let mut hidden = 0;
    for finding in sorted {
        let shown = shown_per_rule.entry(finding.rule).or_default();
        *shown += 1;
        if !all && *shown > SHOWN_PER_RULE {
            hidden += 1;
            continue;
        }
        let place = finding
            .at
            .as_ref()
            .map(|at| {
                let row = check::describe_row(&snapshot.conn, at);
                match at.column {
                    Some(c) => format!("{row}: {c}: "),
                    None => format!("{row}: "),
                }
            })
            .unwrap_or_default();
        let value = finding
            .value
            .as_ref()
            .map(|v| format!("value '{v}': "))
            .unwrap_or_default();
        outln!(
            "{}: {place}{value}{}",
            finding.severity.label(),
            finding.message
        );
    }
    if hidden + findings.dropped > 0 {
        outln!(
            "… and {} more (use --all to list them)",
            hidden + findings.dropped
        );
    }
}

fn plural(n: usize, word: &str) -> String {
    format!(
        "{} {word}{}",
        grouped(n as u64),
        if n == 1 { "" } else { "s" }
    )
}

fn import_command(dir: &Path, output: &Path, overwrite: Overwrite) -> u8 {
    let progress = tertial::progress_line::on_stderr();
    let imported = import::run_watched(dir, output, overwrite, progress.as_ref());
    // The line is cleared before anything else is said.
    drop(progress);
    let report = match imported {
        Ok(report) => report,
        Err(e) => {
            fail(&e);
            return ERRORS;
        }
    };
    for problem in &report.problems {
        let line = format!("{}: {problem}", problem.severity.label());
        if problem.severity == Severity::Error {
            eprintln!("{line}");
        } else {
            outln!("{line}");
        }
    }
    if report.more_errors > 0 {
        let total = report.errors();
        eprintln!(
            "… and {} more errors ({} shown of {})",
            grouped(report.more_errors as u64),
            grouped((total - report.more_errors) as u64),
            grouped(total as u64)
        );
    }
    let rows: usize = report.rows.values().sum();
    let shown_out = sanitize(&output.to_string_lossy(), false).into_owned();
    if report.written {
        outln!(
            "wrote {shown_out}: {rows} rows from {} tables",
            report.rows.values().filter(|&&n| n > 0).count()
        );
        OK
    } else {
        eprintln!(
            "tertial: {}; nothing was written{}",
            plural(report.errors(), "error"),
            if output.exists() {
                format!(" and {shown_out} is unchanged")
            } else {
                String::new()
            }
        );
        ERRORS
    }
}

fn gen_command(options: GenOptions, output: &Path, overwrite: Overwrite) -> u8 {
    let shown_out = sanitize(&output.to_string_lossy(), false).into_owned();
    let progress = tertial::progress_line::on_stderr();
    let generated = synth::generate_watched(&options, output, overwrite, progress.as_ref());
    // The line is cleared before anything else is said.
    drop(progress);
    match generated {
        Ok(report) => {
            println!(
                "wrote {shown_out} (scale {}, seed {}): {}",
                options.scale.name(),
                options.seed,
                report.summary()
            );
            OK
        }
        Err(e) => {
            eprintln!(
                "tertial: {e}{}",
                if output.is_file() {
                    format!("; {shown_out} is unchanged")
                } else {
                    String::new()
                }
            );
            ERRORS
        }
    }
}
