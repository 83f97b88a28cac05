//! `tertial --since OLD NEW`: the rows whose figures differ from an older
//! snapshot of the same report, for the panes to mark. The comparison is
//! [`crate::snapshot::diff`]'s; this keeps what the panes look up.

use super::Store;
use crate::snapshot::Snapshot;
use crate::snapshot::diff::{self, RowChange};
use std::collections::HashMap;
use std::path::Path;

/// More rows than two exports of the same report would differ in: the
/// files are then not worth marking row by row.
pub const MAX_RESTATED: usize = 100_000;

/// How a row of the snapshot in view differs from the older one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Restatement {
    /// Not in the older snapshot.
    New,
    /// The columns that differ: (column, old value, new value), as shown.
    Changed(Vec<(&'static str, String, String)>),
}

/// What differs, by table and key (as [`diff::Difference::key_text`]).
#[derive(Debug, Default)]
pub struct Restated {
    /// The older snapshot's name, for the detail.
    pub old_name: String,
    rows: HashMap<(&'static str, String), Restatement>,
}

impl Restated {
    pub fn get(&self, table: &'static str, key: &[(&str, Option<&str>)]) -> Option<&Restatement> {
        self.rows.get(&(table, key_text(key)))
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// A key as the diff writes it: `column=value`, NULL as `∅`.
fn key_text(key: &[(&str, Option<&str>)]) -> String {
    key.iter()
        .map(|(c, v)| format!("{c}={}", v.unwrap_or("∅")))
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Debug, thiserror::Error)]
pub enum SinceError {
    #[error(transparent)]
    Open(#[from] crate::snapshot::OpenError),
    #[error(transparent)]
    Read(#[from] diff::DiffError),
    #[error(
        "{0}: differs from the snapshot in more than {MAX_RESTATED} rows; it is not an earlier \
         export of the same report (use `tertial diff` to list them)"
    )]
    TooDifferent(String),
}

impl Store {
    /// Compares the open snapshot with the older one at `old` and keeps
    /// what differs, so that the panes can mark restated rows.
    pub fn mark_restated_since(&mut self, old: &Path) -> Result<usize, SinceError> {
        let older = Snapshot::open(old)?;
        let name = crate::snapshot::open::display_path(old);
        let mut rows = HashMap::new();
        let mut too_many = false;
        diff::diff(&older.conn, self.conn(), |d| {
            let restatement = match &d.change {
                RowChange::Added => Restatement::New,
                RowChange::Changed(columns) => Restatement::Changed(columns.clone()),
                RowChange::Removed => return,
            };
            if rows.len() >= MAX_RESTATED {
                too_many = true;
                return;
            }
            rows.insert((d.table, d.key_text()), restatement);
        })?;
        if too_many {
            return Err(SinceError::TooDifferent(name));
        }
        let count = rows.len();
        self.restated = Some(Restated {
            old_name: name,
            rows,
        });
        Ok(count)
    }
}
