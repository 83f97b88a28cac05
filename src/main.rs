//! The `tertial` command: the cockpit and its tools.

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tertial::check::{self, Findings, Severity, summary::Summary};
use tertial::domain::text::sanitize;
use tertial::import;
use tertial::snapshot::Snapshot;

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
    #[command(subcommand)]
    command: Option<Command>,
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
        /// Snapshot to write.
        #[arg(short, long)]
        output: PathBuf,
    },
}

fn main() -> ExitCode {
    if color_eyre::install().is_err() {
        eprintln!("tertial: could not install the error reporter; continuing");
    }
    let cli = Cli::parse();
    let code = match cli.command {
        Some(Command::Check { snapshot, all }) => check_command(&snapshot, all),
        Some(Command::Import { dir, output }) => import_command(&dir, &output),
        None => {
            let path = cli.snapshot.unwrap_or_else(|| PathBuf::from("sample.db"));
            open_command(&path)
        }
    };
    ExitCode::from(code)
}

/// Until the cockpit lands, opening a snapshot shows its check summary.
fn open_command(path: &Path) -> u8 {
    if !path.exists() && path == Path::new("sample.db") {
        eprintln!(
            "tertial: no snapshot given and ./sample.db is missing; run tertial in the project folder, \
             give a snapshot (tertial FILE), or build the sample with \
             `tertial import assets/sample -o sample.db`"
        );
        return ERRORS;
    }
    println!("The interactive cockpit is not built yet; this is the snapshot's check.\n");
    check_command(path, false)
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
    println!(
        "{shown}: tertial snapshot, format version {}",
        snapshot.version
    );
    let findings = check::run(&snapshot.conn, true);
    if findings.worst() != Some(Severity::Error)
        || findings.items.iter().all(|f| f.rule != "missing-table")
    {
        match Summary::read(&snapshot.conn) {
            Ok(summary) => println!("{summary}"),
            Err(e) => println!("  (no summary: {})", sanitize(&e.to_string(), false)),
        }
    }
    print_findings(&snapshot, &findings, all);
    match findings.worst() {
        Some(Severity::Error) => ERRORS,
        Some(Severity::Warning) => WARNINGS,
        _ => OK,
    }
}

fn print_findings(snapshot: &Snapshot, findings: &Findings, all: bool) {
    println!(
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
        println!(
            "{}: {place}{value}{}",
            finding.severity.label(),
            finding.message
        );
    }
    if hidden + findings.dropped > 0 {
        println!(
            "… and {} more (use --all to list them)",
            hidden + findings.dropped
        );
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn import_command(dir: &Path, output: &Path) -> u8 {
    let report = match import::run(dir, output) {
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
            println!("{line}");
        }
    }
    if report.more_errors > 0 {
        eprintln!("… and {} more errors", report.more_errors);
    }
    let rows: usize = report.rows.values().sum();
    let shown_out = sanitize(&output.to_string_lossy(), false).into_owned();
    if report.written {
        println!(
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
