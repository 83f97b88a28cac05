//! The snapshot a command reads, chosen the same way by every command (the
//! cockpit, `render`, `report`, `info`): `--demo`, else the one given, else
//! the settings' (the config file's `snapshot`, `TERTIAL_SNAPSHOT`), else
//! `./sample.db`.

use super::args::SnapshotArgs;
use crate::config::{Settings, info};
use crate::data::Store;
use crate::snapshot::Snapshot;
use std::path::{Path, PathBuf};

/// What a command was asked to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wanted {
    Demo,
    File(PathBuf),
}

impl SnapshotArgs {
    /// The one place a command's snapshot is chosen (`info` says the same
    /// choice, with where it came from, through [`info::snapshot_path`]).
    pub fn wanted(&self, settings: &Settings) -> Wanted {
        if self.demo {
            return Wanted::Demo;
        }
        Wanted::File(info::snapshot_path(self.snapshot.as_deref(), settings).0)
    }
}

impl Wanted {
    /// The files a command reads, which its output may never replace (none
    /// for `--demo`).
    pub fn reads(&self) -> Vec<PathBuf> {
        match self {
            Wanted::Demo => Vec::new(),
            Wanted::File(path) => vec![path.clone()],
        }
    }
}

/// The snapshot the user asked for, opened and judged but not yet loaded.
pub enum Source {
    Demo,
    File(Box<Snapshot>),
}

impl Source {
    /// Opens it, or says in one sentence why not.
    pub fn open(wanted: Wanted) -> Result<Source, String> {
        let path = match wanted {
            Wanted::Demo => return Ok(Source::Demo),
            Wanted::File(path) => path,
        };
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
    pub fn load(self) -> Result<Store, String> {
        match self {
            Source::Demo => Store::demo(),
            Source::File(snapshot) => Store::from_snapshot(*snapshot),
        }
        .map_err(|e| e.to_string())
    }
}

/// Opens the store the user asked for, or says in one sentence why not.
pub fn open_store(wanted: Wanted) -> Result<Store, String> {
    Source::open(wanted)?.load()
}

/// The store with the rows restated since `since` marked (none given: as read).
pub fn open_marked(wanted: Wanted, since: Option<&Path>) -> Result<Store, String> {
    let mut store = open_store(wanted)?;
    if let Some(old) = since {
        store.mark_restated_since(old).map_err(|e| e.to_string())?;
    }
    Ok(store)
}

#[cfg(test)]
mod tests {
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
}
