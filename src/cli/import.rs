//! `tertial import`: a snapshot from a folder of CSV files or an xlsx
//! workbook, written only if every file is valid.

use super::out::{ERRORS, OK, fail, outln, plural};
use crate::check::Severity;
use crate::domain::number::grouped;
use crate::domain::text::sanitize;
use crate::import::{self, Report};
use crate::output::Overwrite;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
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
}

impl Args {
    pub fn run(&self) -> u8 {
        let output = &self.output;
        let progress = crate::progress_line::on_stderr();
        let imported = import::run_watched(
            &self.dir,
            output,
            Overwrite::forced(self.force),
            progress.as_ref(),
        );
        // The line is cleared before anything else is said.
        drop(progress);
        let report = match imported {
            Ok(report) => report,
            Err(e) => {
                fail(&e);
                return ERRORS;
            }
        };
        for (to, line) in said(&report, output, output.exists()) {
            match to {
                To::Out => outln!("{line}"),
                To::Err => eprintln!("{line}"),
            }
        }
        if report.written { OK } else { ERRORS }
    }
}

/// Which stream a line goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum To {
    Out,
    Err,
}

/// What `import` says, in order: each problem (errors on stderr, the rest
/// on stdout), how many errors were not listed, and the closing sentence.
fn said(report: &Report, output: &Path, output_exists: bool) -> Vec<(To, String)> {
    let mut said = Vec::new();
    for problem in &report.problems {
        let line = format!("{}: {problem}", problem.severity.label());
        if problem.severity == Severity::Error {
            said.push((To::Err, line));
        } else {
            said.push((To::Out, line));
        }
    }
    if report.more_errors > 0 {
        let total = report.errors();
        said.push((
            To::Err,
            format!(
                "… and {} more errors ({} shown of {})",
                grouped(report.more_errors as u64),
                grouped((total - report.more_errors) as u64),
                grouped(total as u64)
            ),
        ));
    }
    let rows: usize = report.rows.values().sum();
    let shown_out = sanitize(&output.to_string_lossy(), false).into_owned();
    if report.written {
        said.push((
            To::Out,
            format!(
                "wrote {shown_out}: {rows} rows from {} tables",
                report.rows.values().filter(|&&n| n > 0).count()
            ),
        ));
    } else {
        said.push((
            To::Err,
            format!(
                "tertial: {}; nothing was written{}",
                plural(report.errors(), "error"),
                if output_exists {
                    format!(" and {shown_out} is unchanged")
                } else {
                    String::new()
                }
            ),
        ));
    }
    said
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(written: bool, more_errors: usize) -> Report {
        Report {
            problems: Vec::new(),
            more_errors,
            rows: Default::default(),
            written,
        }
    }

    #[test]
    fn a_written_snapshot_is_one_line_of_rows_and_tables() {
        let mut report = report(true, 0);
        report.rows.insert("org_unit", 32);
        report.rows.insert("period", 4);
        report.rows.insert("kpi", 0);
        assert_eq!(
            said(&report, Path::new("out.db"), false),
            [(To::Out, "wrote out.db: 36 rows from 2 tables".to_string())]
        );
    }

    #[test]
    fn nothing_written_says_so_and_whether_the_old_file_stands() {
        assert_eq!(
            said(&report(false, 0), Path::new("new.db"), false),
            [(
                To::Err,
                "tertial: 0 errors; nothing was written".to_string()
            )]
        );
        let [(To::Err, end)] = &said(&report(false, 0), Path::new("old\u{1b}.db"), true)[..] else {
            panic!("one line on stderr");
        };
        assert!(
            end.ends_with(".db is unchanged") && !end.contains('\u{1b}'),
            "{end}"
        );
    }

    #[test]
    fn errors_beyond_those_listed_are_counted_on_stderr() {
        let said = said(&report(false, 1500), Path::new("new.db"), false);
        assert_eq!(
            said,
            [
                (
                    To::Err,
                    "… and 1 500 more errors (0 shown of 1 500)".to_string()
                ),
                (
                    To::Err,
                    "tertial: 1 500 errors; nothing was written".to_string()
                ),
            ]
        );
    }
}
