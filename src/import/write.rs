//! The staging database the rules run on, and the atomic write of the result.

use super::TableRows;
use crate::check::{self, Findings};
use crate::snapshot::atomic::{self, Target};
use crate::snapshot::spec::SCHEMA_SQL;
use rusqlite::{Connection, params_from_iter};

/// Loads every parsed row into an in-memory database whose tables have the
/// format's columns but no types or constraints, so that rows with bad cells
/// still load and every rule can report on everything at once. Row `i` of a
/// table gets rowid `i + 1`, which maps findings back to file and line.
pub fn stage_and_check(tables: &[TableRows]) -> rusqlite::Result<Findings> {
    let conn = Connection::open_in_memory()?;
    for t in tables {
        let cols: Vec<String> = t
            .table
            .columns
            .iter()
            .map(|c| format!("\"{}\"", c.name))
            .collect();
        conn.execute_batch(&format!(
            "CREATE TABLE \"{}\" ({});",
            t.table.name,
            cols.join(", ")
        ))?;
    }
    insert_all(&conn, tables, true)?;
    Ok(check::run(&conn, false))
}

fn insert_all(conn: &Connection, tables: &[TableRows], with_rowid: bool) -> rusqlite::Result<()> {
    conn.execute_batch("BEGIN")?;
    for t in tables {
        let mut cols: Vec<String> = t
            .table
            .columns
            .iter()
            .map(|c| format!("\"{}\"", c.name))
            .collect();
        let mut marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        if with_rowid {
            cols.push("rowid".into());
            marks.push(format!("?{}", marks.len() + 1));
        }
        let sql = format!(
            "INSERT INTO \"{}\" ({}) VALUES ({})",
            t.table.name,
            cols.join(", "),
            marks.join(", ")
        );
        let mut stmt = conn.prepare(&sql)?;
        for (i, row) in t.rows.iter().enumerate() {
            if with_rowid {
                let rowid = rusqlite::types::Value::Integer(i as i64 + 1);
                stmt.execute(params_from_iter(row.iter().chain(std::iter::once(&rowid))))?;
            } else {
                stmt.execute(params_from_iter(row.iter()))?;
            }
        }
    }
    conn.execute_batch("COMMIT")
}

/// Writes the snapshot to a temporary file in the target's folder and renames
/// it over `out` only when complete. On any failure the temporary file is
/// removed and an existing `out` is untouched.
pub fn atomically(tables: &[TableRows], out: &Target) -> Result<(), String> {
    atomic::write(out, ".tertial-import-", |path| {
        let conn = Connection::open(path).map_err(|e| e.to_string())?;
        // No journal: the file is private until renamed, and is discarded on failure.
        // Rows are validated already and may name a parent that a later file
        // defines, so keys are checked after loading rather than per insert.
        conn.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;",
        )
        .map_err(|e| e.to_string())?;
        conn.execute_batch(SCHEMA_SQL).map_err(|e| e.to_string())?;
        insert_all(&conn, tables, false).map_err(|e| e.to_string())?;
        let dangling: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .map_err(|e| e.to_string())?;
        if dangling > 0 {
            return Err(format!(
                "{dangling} rows refer to missing rows after validation passed"
            ));
        }
        conn.execute_batch("VACUUM").map_err(|e| e.to_string())?;
        conn.close().map_err(|(_, e)| e.to_string())
    })
}
