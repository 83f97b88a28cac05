//! `report.rs`'s unit tests, in a file of their own: they parse whole
//! command lines through `args.rs`, which names every command.

use super::super::Command;
use super::super::args::tests::parse;
use super::*;

fn args(line: &[&str]) -> Args {
    match parse(line).map(|c| c.command) {
        Ok(Some(Command::Report(args))) => args,
        _ => panic!("not report: {line:?}"),
    }
}

#[test]
fn notes_are_off_unless_asked_and_then_the_configured_file() {
    assert_eq!(args(&["report"]).notes, None);
    assert_eq!(args(&["report", "--notes"]).notes, Some(PathBuf::new()));
    assert_eq!(
        args(&["report", "--notes=n.db"]).notes,
        Some(PathBuf::from("n.db"))
    );
    assert!(parse(&["report", "--force"]).is_err(), "--force needs -o");
}

#[test]
fn a_configured_notes_file_that_is_not_there_is_no_notes() {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        notes: Some(dir.path().join("none.db")),
        ..Settings::default()
    };
    assert_eq!(notes(Path::new(""), &settings).unwrap().len(), 0);
}

#[test]
fn periods_default_to_the_latest_and_the_previous_report() {
    let store = Store::demo().unwrap();
    let (period, compare) = periods(&store, None, None).unwrap();
    assert_eq!(Some(period), store.periods.last());
    assert!(compare.is_some_and(|c| c != period));
    let first = &store.periods[0];
    let (period, _) = periods(&store, Some(&first.label), None).unwrap();
    assert_eq!(period, first);
    let e = periods(&store, Some("1999-01"), None).unwrap_err();
    assert!(
        e.starts_with("no period '1999-01'; the snapshot has: "),
        "{e}"
    );
    assert!(
        e.contains(&format!("{} ({})", first.id, first.label)),
        "{e}"
    );
}

#[test]
fn a_format_is_md_or_html() {
    assert_eq!(parse_report_format("HTML"), Ok(Format::Html));
    assert_eq!(
        parse_report_format("pdf").unwrap_err(),
        "unknown report format 'pdf'; choose md or html"
    );
    assert_eq!(args(&["report"]).format, Format::Markdown);
}
