//! `source.rs`'s unit tests, in a file of their own: they parse whole
//! command lines through `args.rs`, which names every command.

use super::super::Command;
use super::super::args::tests::parse;
use super::*;

fn configured(snapshot: Option<&str>) -> Settings {
    Settings {
        snapshot: snapshot.map(PathBuf::from),
        ..Settings::default()
    }
}

/// The snapshot each reading command would read, from its command line.
fn wanted_by(args: &[&str], settings: &Settings) -> Wanted {
    let cli = parse(args).unwrap();
    let source = match cli.command {
        None => cli.reading.source,
        Some(Command::Render(render)) => render.reading.source,
        Some(Command::Report(report)) => report.source,
        Some(Command::Info(info)) => info.source,
        Some(_) => unreachable!("{args:?} reads no snapshot"),
    };
    source.wanted(settings)
}

const READERS: [&[&str]; 4] = [&[], &["render", "oversikt"], &["report"], &["info"]];

#[test]
fn every_command_reads_the_config_files_snapshot_when_none_is_given() {
    let settings = configured(Some("budget.db"));
    for args in READERS {
        assert_eq!(
            wanted_by(args, &settings),
            Wanted::File(PathBuf::from("budget.db")),
            "{args:?}"
        );
    }
    // `report` took it from a second path of its own, which had drifted
    // from render's; now both are the same function.
    assert_eq!(
        wanted_by(&["report"], &settings),
        wanted_by(&["render", "oversikt"], &settings)
    );
}

#[test]
fn the_given_snapshot_wins_and_demo_reads_no_file() {
    let settings = configured(Some("budget.db"));
    assert_eq!(
        wanted_by(&["given.db"], &settings),
        Wanted::File(PathBuf::from("given.db"))
    );
    assert_eq!(
        wanted_by(&["report", "--snapshot", "given.db"], &settings),
        Wanted::File(PathBuf::from("given.db"))
    );
    assert_eq!(
        wanted_by(&["render", "mal", "--snapshot", "given.db"], &settings),
        Wanted::File(PathBuf::from("given.db"))
    );
    for args in [
        &["--demo"][..],
        &["render", "mal", "--demo"],
        &["report", "--demo"],
        &["info", "--demo"],
    ] {
        let wanted = wanted_by(args, &settings);
        assert_eq!(wanted, Wanted::Demo, "{args:?}");
        assert!(wanted.reads().is_empty());
    }
}

#[test]
fn without_a_config_it_is_the_sample_in_the_current_folder() {
    for args in READERS {
        let wanted = wanted_by(args, &configured(None));
        assert_eq!(wanted, Wanted::File(PathBuf::from("sample.db")), "{args:?}");
        assert_eq!(wanted.reads(), [PathBuf::from("sample.db")]);
    }
}

#[test]
fn a_file_that_is_not_there_is_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("budget.db");
    let e = open_store(Wanted::File(missing)).err().unwrap();
    assert!(!e.is_empty() && !e.contains('\n'), "{e}");
}

#[test]
fn the_demo_loads_the_built_in_sample() {
    let store = open_store(Wanted::Demo).unwrap();
    assert!(!store.periods.is_empty());
}
