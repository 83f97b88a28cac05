//! The snapshot written from the staging database, atomically.

use super::stage::Staging;
use crate::output::{self, Target};
use crate::snapshot::spec::{SCHEMA_SQL, TABLES};
use rusqlite::Connection;

/// Writes the snapshot to a temporary file in the target's folder and renames
/// it over `out` only when complete. Rows are copied by SQLite from the
/// staging database in the order they were read, never through memory. On
/// any failure the temporary file is removed and an existing `out` is
/// untouched.
pub fn atomically(staging: &Staging, out: &Target) -> Result<(), String> {
    let staged = staging
        .conn
        .path()
        .map(str::to_string)
        .ok_or("the staging database has no file")?;
    output::write(out, "import", |path| {
        let conn = Connection::open(path).map_err(|e| e.to_string())?;
        fill(&conn, &staged).map_err(|e| e.to_string())?;
        conn.close().map_err(|(_, e)| e.to_string())
    })
}

fn fill(conn: &Connection, staged: &str) -> rusqlite::Result<()> {
    // No journal: the file is private until renamed, and is discarded on
    // failure. Rows are validated already and may name a parent that a
    // later file defines, so keys are checked after loading rather than per
    // insert.
    conn.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; \
         PRAGMA temp_store = FILE; PRAGMA cache_size = -16384;",
    )?;
    conn.execute_batch(SCHEMA_SQL)?;
    // The format's own indexes are built after the rows are in: one sort
    // each, and their pages written in order, instead of an index kept up
    // row by row and a VACUUM to lay it out again. (The keys declared in
    // the tables themselves stay; they cannot be dropped.)
    let indexes: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, sql FROM main.sqlite_master \
             WHERE type = 'index' AND sql IS NOT NULL ORDER BY rowid",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &indexes {
        conn.execute_batch(&format!("DROP INDEX main.\"{name}\""))?;
    }
    conn.execute("ATTACH DATABASE ?1 AS staged", [staged])?;
    conn.execute_batch("BEGIN")?;
    for table in TABLES {
        let cols = table.column_list();
        conn.execute_batch(&format!(
            "INSERT INTO main.\"{t}\" ({cols}) SELECT {cols} FROM staged.\"{t}\" ORDER BY rowid;",
            t = table.name
        ))?;
    }
    for (_, sql) in &indexes {
        conn.execute_batch(sql)?;
    }
    // The totals per unit and period (format 4), from the facts just
    // copied, through their indexes.
    crate::snapshot::totals::write_where_it_helps(conn)?;
    conn.execute_batch("COMMIT; DETACH DATABASE staged;")?;
    let dangling: i64 =
        conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })?;
    if dangling > 0 {
        return Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT),
            Some(format!(
                "{dangling} rows refer to missing rows after validation passed"
            )),
        ));
    }
    Ok(())
}
