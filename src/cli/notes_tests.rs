//! `notes.rs`'s unit tests, in a file of their own: they parse whole
//! command lines through `args.rs`, which names every command.

use super::*;

fn args(line: &[&str]) -> Args {
    match super::super::args::tests::parse(line).map(|c| c.command) {
        Ok(Some(super::super::Command::Notes(args))) => args,
        _ => panic!("not notes: {line:?}"),
    }
}

#[test]
fn the_notes_file_named_wins_and_the_filters_parse() {
    // A config file of its own, so that the process's TERTIAL_CONFIG
    // (CI's Windows run sets one) is not what is tested.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "").unwrap();
    let config = config.to_str().unwrap();
    let line = args(&[
        "notes", "--config", config, "--notes", "mine.db", "list", "--flag", "risk", "--about",
        "hsn",
    ]);
    assert_eq!(line.notes_file(), Ok(PathBuf::from("mine.db")));
    let Action::List { filter } = &line.action else {
        panic!("not list");
    };
    assert_eq!(filter.filter().flag, Some(Flag::Risk));
    assert_eq!(filter.filter().about.as_deref(), Some("hsn"));
    assert!(
        parse_flag("urgent")
            .unwrap_err()
            .starts_with("unknown flag 'urgent'")
    );
    let Action::Export { format, .. } = args(&["notes", "export"]).action else {
        panic!("not export");
    };
    assert_eq!(format, Format::Markdown);
}

#[test]
fn list_says_which_file_has_none() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    let line = args(&["notes", "list"]);
    assert!(line.act(&path).is_ok());
    assert!(
        list(&path, &Filter::default())
            .unwrap()
            .starts_with("Inga anteckningar i ")
    );
}
use crate::notes::{Draft, Kind, Subject};

fn with_note(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("notes.db");
    let mut store = NotesStore::open(&path).unwrap();
    store
        .save(&Draft {
            base: None,
            organisation: "Region Västerbotten".into(),
            subject: Subject::new(Kind::Unit, &["hsn"]),
            about: "Hälso- och sjukvårdsnämnden".into(),
            text: "Följ upp".into(),
            flag: Some(Flag::Risk),
            period: "2025-08".into(),
            period_label: "ack augusti 2025".into(),
            report_date: "2025-12-10".into(),
            figure: None,
        })
        .unwrap();
    path
}

#[test]
fn list_filters_by_flag_and_subject() {
    let dir = tempfile::tempdir().unwrap();
    let path = with_note(dir.path());
    let all = list(&path, &Filter::default()).unwrap();
    assert!(
        all.starts_with("[risk] Hälso- och sjukvårdsnämnden (enhet)"),
        "{all}"
    );
    let none = Filter {
        flag: Some(Flag::Done),
        about: None,
    };
    assert!(list(&path, &none).unwrap().starts_with("Inga anteckningar"));
    let hsn = Filter {
        flag: None,
        about: Some("SJUKVÅRDS".into()),
    };
    assert!(list(&path, &hsn).unwrap().contains("Följ upp"));
}

#[test]
fn an_export_imports_elsewhere_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = with_note(dir.path());
    let json = export(&path, &Filter::default(), Format::Json).unwrap();
    let file = dir.path().join("notes.json");
    std::fs::write(&file, json).unwrap();
    let other = dir.path().join("colleague.db");
    assert_eq!(import(&other, &file).unwrap().added, 1);
    assert_eq!(import(&other, &file).unwrap().unchanged, 1);
    assert_eq!(NotesStore::open(&other).unwrap().all().unwrap().len(), 1);
}

#[test]
fn an_earlier_json_export_is_known_and_nothing_else() {
    use crate::output::{Inputs, Overwrite, Target};
    let dir = tempfile::tempdir().unwrap();
    let path = with_note(dir.path());
    let json = dir.path().join("notes.json");
    std::fs::write(
        &json,
        export(&path, &Filter::default(), Format::Json).unwrap(),
    )
    .unwrap();
    let inputs = [path.as_path()];
    let reads = Inputs {
        files: &inputs,
        folder: None,
    };
    let kind = export_kind(Format::Json);
    assert!(Target::check(&json, kind, reads, Overwrite::SameKindOnly).is_ok());
    let mine = dir.path().join("mine.json");
    std::fs::write(&mine, "{\"format\": \"something else\"}").unwrap();
    assert!(Target::check(&mine, kind, reads, Overwrite::SameKindOnly).is_err());
    // The notes file is what the command reads: never replaced.
    let err = Target::check(&path, kind, reads, Overwrite::AnyFile).unwrap_err();
    assert!(
        err.to_string().contains("is a file this command reads"),
        "{err}"
    );
}
