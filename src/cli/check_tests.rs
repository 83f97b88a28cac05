//! `check.rs`'s unit tests, in a file of their own: they parse whole
//! command lines through `args.rs`, which names every command.

use super::super::Command;
use super::super::args::tests::parse;
use super::*;

#[test]
fn takes_one_snapshot_and_all() {
    let Ok(Some(Command::Check(args))) = parse(&["check", "a.db", "--all"]).map(|c| c.command)
    else {
        panic!("not check");
    };
    assert_eq!(args.snapshot, PathBuf::from("a.db"));
    assert!(args.all);
    assert!(parse(&["check"]).is_err(), "a snapshot is required");
}

/// The sample's only warnings are the reports' own contradictions, which
/// it records: a warning like any other, so exit 1.
#[test]
fn the_sample_warns_only_of_its_contradictions_and_its_counts_come_first() {
    let snapshot = Snapshot::open(std::path::Path::new("sample.db")).unwrap();
    let findings = check::run(&snapshot.conn, true);
    let lines = findings_text(&snapshot, &findings, false);
    assert_eq!(lines[0], "\n0 errors, 3 warnings, 2 notes");
    assert!(lines[1].starts_with("warning: notice row 1: 2025-08, directives: "));
    assert!(
        findings
            .items
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .all(|f| f.rule == "contradiction")
    );
    assert!(lines[4].starts_with("note: economy_fact (2024-08, region, total): "));
    assert_eq!(exit_code(&findings, false), WARNINGS);
}

#[test]
fn twenty_of_a_rule_are_shown_and_the_rest_counted() {
    let snapshot = Snapshot::open(std::path::Path::new("sample.db")).unwrap();
    let mut findings = Findings::default();
    for i in 0..25 {
        findings.push(check::Finding {
            severity: Severity::Warning,
            rule: "same-rule",
            message: format!("finding {i}"),
            at: None,
            value: None,
        });
    }
    let some = findings_text(&snapshot, &findings, false);
    assert_eq!(some.len(), 1 + SHOWN_PER_RULE + 1);
    assert_eq!(
        some.last().unwrap(),
        "… and 5 more (use --all to list them)"
    );
    assert_eq!(findings_text(&snapshot, &findings, true).len(), 1 + 25);
    assert_eq!(exit_code(&findings, false), WARNINGS);
}
