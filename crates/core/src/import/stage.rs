//! The staging database: every parsed row, on disk beside the target, so
//! that an import of any size runs in bounded memory.
//!
//! Tables have the format's columns but no types or constraints, so that
//! rows with bad cells still load and every rule can report on everything
//! at once. Each row also carries where it came from (`__file`, `__line`),
//! and `__bad` lists the cells that failed to parse, so that the rules do
//! not report them a second time.

use crate::check::RowRef;
use crate::snapshot::spec::Table;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params_from_iter};
use std::collections::HashMap;
use std::path::Path;

pub struct Staging {
    pub conn: Connection,
    /// Each table's insert statement, written once: a row binds values to
    /// a statement already prepared, it formats nothing.
    inserts: HashMap<&'static str, String>,
    /// The tables staged, for the indexes built once they are loaded.
    tables: Vec<&'static Table>,
    /// Deleted when the staging database is dropped.
    _file: tempfile::NamedTempFile,
}

impl Staging {
    /// A new, empty staging database in `folder` (the target's, so that it
    /// is on the same disk as the file that will be written).
    pub fn create(folder: &Path, tables: &[&'static Table]) -> Result<Staging, String> {
        let file = crate::output::temporary(folder, "staging").map_err(|e| {
            format!(
                "cannot create a staging file in {}: {e}",
                crate::snapshot::open::display_path(folder)
            )
        })?;
        let conn = Connection::open(file.path()).map_err(|e| e.to_string())?;
        let setup = || -> rusqlite::Result<()> {
            // Private and discarded on failure: no journal, no syncs. Sorts
            // and transient indexes of the rules go to temporary files, so
            // memory stays bounded whatever the size.
            conn.execute_batch(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = FILE; \
                 PRAGMA cache_size = -32768; PRAGMA foreign_keys = OFF; \
                 CREATE TABLE __bad (t TEXT, r INTEGER, c TEXT, PRIMARY KEY (t, r, c)) WITHOUT ROWID;",
            )?;
            for table in tables {
                conn.execute_batch(&format!(
                    "CREATE TABLE \"{}\" ({}, __file, __line);",
                    table.name,
                    table.column_list()
                ))?;
            }
            conn.execute_batch("BEGIN")
        };
        setup().map_err(|e| e.to_string())?;
        // Room for every table's insert, so that none is pushed out and
        // prepared again while rows load.
        conn.set_prepared_statement_cache_capacity(tables.len() + 8);
        let inserts = tables
            .iter()
            .map(|table| {
                let marks: Vec<String> = (1..=table.columns.len() + 3)
                    .map(|i| format!("?{i}"))
                    .collect();
                let sql = format!(
                    "INSERT INTO \"{}\" ({}, __file, __line, rowid) VALUES ({})",
                    table.name,
                    table.column_list(),
                    marks.join(", ")
                );
                (table.name, sql)
            })
            .collect();
        Ok(Staging {
            conn,
            inserts,
            tables: tables.to_vec(),
            _file: file,
        })
    }

    /// Stores row number `row` (from 1) of `table`: its values in column
    /// order, the index of its file and its line.
    pub fn insert(
        &self,
        table: &Table,
        row: i64,
        values: &[Value],
        file: usize,
        line: u64,
    ) -> rusqlite::Result<()> {
        let sql = self.inserts.get(table.name).ok_or_else(|| {
            rusqlite::Error::InvalidParameterName(format!("{} is not staged", table.name))
        })?;
        let mut stmt = self.conn.prepare_cached(sql)?;
        let origin = [
            Value::Integer(file as i64),
            Value::Integer(i64::try_from(line).unwrap_or(i64::MAX)),
            Value::Integer(row),
        ];
        stmt.execute(params_from_iter(values.iter().chain(origin.iter())))?;
        Ok(())
    }

    /// Marks a cell that failed to parse.
    pub fn mark_bad(&self, table: &str, row: i64, column: &str) -> rusqlite::Result<()> {
        self.conn
            .prepare_cached("INSERT OR IGNORE INTO __bad VALUES (?1, ?2, ?3)")?
            .execute(rusqlite::params![table, row, column])?;
        Ok(())
    }

    /// Ends loading: what follows only reads. The rules look rows up by
    /// each table's key and by the columns references point at; those are
    /// indexed now, once every row is in (one sort each, instead of an
    /// index kept up row by row, or a scan of the parent table for every
    /// row that names it). Not unique: duplicates are what the rules find.
    pub fn commit(&self) -> rusqlite::Result<()> {
        self.conn.execute_batch("COMMIT")?;
        let mut wanted: Vec<(&str, &[&str])> = Vec::new();
        for table in &self.tables {
            if !table.key.is_empty() {
                wanted.push((table.name, table.key));
            }
            for reference in table.references {
                wanted.push((reference.table, reference.target));
            }
        }
        let staged = |name: &str| self.tables.iter().any(|t| t.name == name);
        wanted.retain(|(table, _)| staged(table));
        wanted.sort();
        wanted.dedup();
        for (n, (table, columns)) in wanted.iter().enumerate() {
            let columns: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
            self.conn.execute_batch(&format!(
                "CREATE INDEX \"__rules_{n}\" ON \"{table}\" ({})",
                columns.join(", ")
            ))?;
        }
        Ok(())
    }

    /// Whether a finding points at a cell that already failed to parse.
    pub fn is_bad(&self, at: &RowRef) -> bool {
        let Some(column) = at.column else {
            return false;
        };
        self.conn
            .prepare_cached("SELECT 1 FROM __bad WHERE t = ?1 AND r = ?2 AND c = ?3")
            .and_then(|mut s| s.exists(rusqlite::params![at.table, at.rowid, column]))
            .unwrap_or(false)
    }

    /// The file index and line a staged row came from.
    pub fn origin(&self, table: &str, rowid: i64) -> Option<(usize, u64)> {
        let sql = format!("SELECT __file, __line FROM \"{table}\" WHERE rowid = ?1");
        self.conn
            .query_row(&sql, [rowid], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
            })
            .optional()
            .ok()
            .flatten()
            .and_then(|(f, l)| Some((usize::try_from(f).ok()?, u64::try_from(l).ok()?)))
    }
}
