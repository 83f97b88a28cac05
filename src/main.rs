//! The `tertial` command: the cockpit and its tools.

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tertial::check::{self, Findings, Severity, summary::Summary};
use tertial::data::Store;
use tertial::domain::text::sanitize;
use tertial::import;
use tertial::snapshot::Snapshot;
use tertial::snapshot::atomic::Overwrite;
use tertial::synth::{self, GenOptions, Scale};
use tertial::ui::app::App;
use tertial::ui::render::{self, RenderOptions};
use tertial::ui::screen::PaneId;
use tertial::ui::terminal::Ended;
use tertial::ui::theme::{Theme, ThemeName};

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
    if let Err(e) = stdout.write_fmt(args).and_then(|()| stdout.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            // 128 + SIGPIPE, what a program killed by the signal would report.
            std::process::exit(141);
        }
        let _ = writeln!(std::io::stderr(), "tertial: cannot write the output: {e}");
        std::process::exit(i32::from(ERRORS));
    }
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
    about = "Terminal cockpit for results follow-up in Swedish regional health care"
)]
struct Cli {
    /// Snapshot to open (default: ./sample.db).
    snapshot: Option<PathBuf>,
    /// Open the sample snapshot built into this binary (read-only, in memory).
    #[arg(long, conflicts_with = "snapshot")]
    demo: bool,
    #[command(flatten)]
    look: Look,
    #[command(subcommand)]
    command: Option<Command>,
}

/// How the cockpit looks.
#[derive(clap::Args, Clone)]
struct Look {
    /// Colour theme: default, light (light backgrounds), colour-blind, mono.
    /// NO_COLOR in the environment selects mono unless a theme is given.
    #[arg(long, global = true, value_parser = parse_theme)]
    theme: Option<ThemeName>,
    /// ASCII-only glyphs and borders, for terminals without Unicode.
    #[arg(long, global = true)]
    ascii: bool,
}

impl Look {
    fn theme(&self) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let name = self.theme.unwrap_or(if no_color {
            ThemeName::Mono
        } else {
            ThemeName::Default
        });
        Theme::new(name, self.ascii)
    }
}

fn parse_theme(text: &str) -> Result<ThemeName, String> {
    ThemeName::parse(text).ok_or_else(|| {
        let names: Vec<&str> = ThemeName::ALL.iter().map(|(n, _)| *n).collect();
        format!(
            "unknown theme '{text}'; choose one of: {}",
            names.join(", ")
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
    /// Build a snapshot from a folder of CSV files (see docs/snapshot-format.md).
    ///
    /// Nothing is written unless every file is valid; an existing snapshot is
    /// replaced atomically. Exit status: 0 written, 2 errors.
    Import {
        /// Folder with one CSV file per table.
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
        #[arg(long, default_value = "region", value_parser = parse_scale)]
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
    /// Print the screen the cockpit shows for a pane after some keys, as
    /// plain text (ANSI with --color): for scripts, mails and tests.
    ///
    /// Keys: each character is a key; named keys in angle brackets: <Enter>
    /// <Esc> <Tab> <S-Tab> <Up> <Down> <Left> <Right> <PgUp> <PgDn> <Home>
    /// <End> <Space> <BS> <C-c> <lt>. Example: --keys '2jj<Enter>i'.
    Render {
        /// oversikt, ekonomi, mal, uppdrag or vardplatser (Swedish or English names).
        #[arg(value_parser = parse_pane)]
        pane: PaneId,
        /// Period id or label (default: the latest).
        #[arg(long)]
        period: Option<String>,
        /// Screen size as WIDTHxHEIGHT.
        #[arg(long, default_value = "120x40", value_parser = parse_size)]
        size: (u16, u16),
        /// Keys to press before the screen is printed.
        #[arg(long, default_value = "")]
        keys: String,
        /// Keep colours and emphasis as ANSI escape sequences.
        #[arg(long)]
        color: bool,
        /// Snapshot to read (default: ./sample.db).
        #[arg(long, conflicts_with = "demo")]
        snapshot: Option<PathBuf>,
        /// Read the built-in sample.
        #[arg(long)]
        demo: bool,
        /// The date days-left are counted from (default: today), for reproducible output.
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
    },
}

fn parse_pane(text: &str) -> Result<PaneId, String> {
    PaneId::parse(text).ok_or_else(|| {
        format!("unknown pane '{text}'; choose oversikt, ekonomi, mal, uppdrag or vardplatser")
    })
}

fn parse_scale(text: &str) -> Result<Scale, String> {
    Scale::parse(text)
        .ok_or_else(|| format!("unknown scale '{text}'; choose small, region or national"))
}

fn parse_size(text: &str) -> Result<(u16, u16), String> {
    let (w, h) = text
        .split_once(['x', 'X'])
        .ok_or("size must be WIDTHxHEIGHT, e.g. 80x24")?;
    let w: u16 = w.parse().map_err(|_| format!("bad width '{w}'"))?;
    let h: u16 = h.parse().map_err(|_| format!("bad height '{h}'"))?;
    Ok((w, h))
}

fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("bad date '{text}', expected YYYY-MM-DD"))
}

fn main() -> ExitCode {
    if color_eyre::install().is_err() {
        eprintln!("tertial: could not install the error reporter; continuing");
    }
    let cli = Cli::parse();
    let code = match cli.command {
        Some(Command::Check { snapshot, all }) => check_command(&snapshot, all),
        Some(Command::Import { dir, output, force }) => {
            import_command(&dir, &output, overwrite(force))
        }
        Some(Command::Gen {
            scale,
            seed,
            output,
            force,
        }) => gen_command(GenOptions { scale, seed }, &output, overwrite(force)),
        Some(Command::Render {
            pane,
            period,
            size,
            keys,
            color,
            snapshot,
            demo,
            today,
        }) => {
            let options = RenderOptions {
                pane,
                period,
                size,
                keys: match render::parse_keys(&keys) {
                    Ok(keys) => keys,
                    Err(e) => {
                        eprintln!("tertial: {e}");
                        return ExitCode::from(ERRORS);
                    }
                },
                theme: cli.look.theme(),
                today: today.unwrap_or_else(|| chrono::Local::now().date_naive()),
            };
            render_command(snapshot, demo, &options, color)
        }
        None => cockpit_command(cli.snapshot, cli.demo, &cli.look),
    };
    ExitCode::from(code)
}

/// The snapshot the user asked for, opened and judged but not yet loaded.
enum Source {
    Demo,
    File(Snapshot),
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
            .map(Source::File)
            .map_err(|e| e.to_string())
    }

    /// Reads what every view needs.
    fn load(self) -> Result<Store, String> {
        match self {
            Source::Demo => Store::demo(),
            Source::File(snapshot) => Store::from_snapshot(snapshot),
        }
        .map_err(|e| e.to_string())
    }
}

/// Opens the store the user asked for, or says in one sentence why not.
fn open_store(snapshot: Option<PathBuf>, demo: bool) -> Result<Store, String> {
    Source::open(snapshot, demo)?.load()
}

fn cockpit_command(snapshot: Option<PathBuf>, demo: bool, look: &Look) -> u8 {
    // A file that is not a snapshot is said before the terminal is taken;
    // loading it happens behind a first screen that q leaves.
    let source = match Source::open(snapshot, demo) {
        Ok(source) => source,
        Err(e) => {
            eprintln!("tertial: {e}");
            return ERRORS;
        }
    };
    let theme = look.theme();
    let today = chrono::Local::now().date_naive();
    let load = move || Ok(App::new(source.load()?, theme, today, (80, 24)));
    match tertial::ui::terminal::run(load) {
        Ok(Ended::Quit) => OK,
        // As for SIGHUP: the terminal went away.
        Ok(Ended::HungUp) => 129,
        Err(e) => {
            // The terminal is back, or gone: a failed write must not panic.
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "tertial: {e}");
            ERRORS
        }
    }
}

fn render_command(
    snapshot: Option<PathBuf>,
    demo: bool,
    options: &RenderOptions,
    color: bool,
) -> u8 {
    let result = open_store(snapshot, demo).and_then(|store| render::render(store, options));
    match result {
        Ok(buffer) => {
            let text = if color {
                render::to_ansi(&buffer)
            } else {
                render::to_text(&buffer)
            };
            out!("{text}");
            OK
        }
        Err(e) => {
            eprintln!("tertial: {e}");
            ERRORS
        }
    }
}

fn check_command(path: &Path, all: bool) -> u8 {
    let snapshot = match Snapshot::open(path) {
        Ok(snapshot) => snapshot,
        Err(e) => {
            eprintln!("tertial: {e}");
            return ERRORS;
        }
    };
    let shown = sanitize(&path.to_string_lossy(), false).into_owned();
    outln!(
        "{shown}: tertial snapshot, format version {}",
        snapshot.version
    );
    let wal = snapshot.wal_warning();
    if let Some(warning) = &wal {
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
        _ if wal.is_some() => WARNINGS,
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
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn overwrite(force: bool) -> Overwrite {
    if force {
        Overwrite::AnyFile
    } else {
        Overwrite::SnapshotsOnly
    }
}

fn import_command(dir: &Path, output: &Path, overwrite: Overwrite) -> u8 {
    let report = match import::run(dir, output, overwrite) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("tertial: {e}");
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
        eprintln!("… and {} more errors", report.more_errors);
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
    match synth::generate(&options, output, overwrite) {
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
