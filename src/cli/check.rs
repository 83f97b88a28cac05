//! `tertial check`: validate a snapshot and summarise what it holds.

use super::out::{ERRORS, OK, WARNINGS, fail, outln, plural};
use crate::check::{self, Findings, Severity, summary::Summary};
use crate::domain::text::sanitize;
use crate::snapshot::Snapshot;
use std::path::PathBuf;

/// Findings of one rule printed before the rest are only counted.
const SHOWN_PER_RULE: usize = 20;

#[derive(clap::Args)]
pub struct Args {
    snapshot: PathBuf,
    /// List every finding, not the first 20 of each kind.
    #[arg(long)]
    all: bool,
}

impl Args {
    pub fn run(&self) -> u8 {
        let path = &self.snapshot;
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
        for line in findings_text(&snapshot, &findings, self.all) {
            outln!("{line}");
        }
        exit_code(&findings, !beside.is_empty())
    }
}

/// 2 for an error, 1 for a warning (a file beside the snapshot's counts),
/// else 0.
fn exit_code(findings: &Findings, warned_beside: bool) -> u8 {
    match findings.worst() {
        Some(Severity::Error) => ERRORS,
        Some(Severity::Warning) => WARNINGS,
        _ if warned_beside => WARNINGS,
        _ => OK,
    }
}

/// The counts, then the findings worst first, at most [`SHOWN_PER_RULE`]
/// of each rule unless `all`.
fn findings_text(snapshot: &Snapshot, findings: &Findings, all: bool) -> Vec<String> {
    let mut lines = vec![format!(
        "\n{}, {}, {}",
        plural(findings.count(Severity::Error), "error"),
        plural(findings.count(Severity::Warning), "warning"),
        plural(findings.count(Severity::Note), "note")
    )];
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
        lines.push(format!(
            "{}: {place}{value}{}",
            finding.severity.label(),
            finding.message
        ));
    }
    if hidden + findings.dropped > 0 {
        lines.push(format!(
            "… and {} more (use --all to list them)",
            hidden + findings.dropped
        ));
    }
    lines
}

#[cfg(test)]
#[path = "check_tests.rs"]
mod tests;
