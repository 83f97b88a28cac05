//! The snapshot a command reads, chosen the same way by every command (the
//! cockpit, `render`, `report`, `info`): `--demo`, else the one given, else
//! the settings' (the config file's `snapshot`, `TERTIAL_SNAPSHOT`), else
//! `./sample.db`.

use super::shared::SnapshotArgs;
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
#[path = "source_tests.rs"]
mod tests;
