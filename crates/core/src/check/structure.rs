//! Is the file whole, and does it have the format's tables and columns?

use super::{Ctx, Severity};
use crate::snapshot::spec::TABLES;

/// SQLite's full integrity check: damage anywhere in the file.
pub fn integrity(ctx: &mut Ctx) {
    let result: rusqlite::Result<Vec<String>> = (|| {
        let mut stmt = ctx.conn.prepare("PRAGMA integrity_check(20)")?;
        let rows = stmt.query_map([], |r| r.get_ref(0).map(|v| super::value_text(v, "")))?;
        rows.collect()
    })();
    match result {
        Ok(lines) if lines.len() == 1 && lines[0] == "ok" => {}
        Ok(lines) => {
            for line in lines {
                ctx.add(
                    Severity::Error,
                    "integrity",
                    None,
                    None,
                    format!("the database is damaged: {line}"),
                );
            }
        }
        Err(e) => ctx.query_failed("the file's integrity", e),
    }
}

/// Reports missing tables and columns; false if any is missing, since the
/// other rules query them all.
pub fn tables_and_columns(ctx: &mut Ctx) -> bool {
    let mut complete = true;
    // A column added by a later version may be missing from an older file.
    let version = ctx.version;
    for table in TABLES {
        let found: rusqlite::Result<Vec<String>> = (|| {
            let mut stmt = ctx.conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
            let rows = stmt.query_map([table.name], |r| r.get::<_, String>(0))?;
            rows.collect()
        })();
        let found = match found {
            Ok(found) => found,
            Err(e) => {
                ctx.query_failed(&format!("table {}", table.name), e);
                complete = false;
                continue;
            }
        };
        if found.is_empty() && table.since() > version {
            // A table a later version added: the file is read without it.
            ctx.absent
                .extend(table.columns.iter().map(|c| (table.name, c.name)));
            continue;
        }
        if found.is_empty() {
            ctx.add(
                Severity::Error,
                "missing-table",
                None,
                None,
                format!("the table '{}' is missing", table.name),
            );
            complete = false;
            continue;
        }
        let lacking = table
            .columns
            .iter()
            .filter(|c| !found.iter().any(|f| f == c.name));
        let (allowed, missing): (Vec<_>, Vec<_>) = lacking.partition(|c| c.since > version);
        ctx.absent
            .extend(allowed.iter().map(|c| (table.name, c.name)));
        let missing: Vec<&str> = missing.iter().map(|c| c.name).collect();
        if !missing.is_empty() {
            ctx.add(
                Severity::Error,
                "missing-column",
                None,
                None,
                format!(
                    "the table '{}' lacks the column(s) {}",
                    table.name,
                    missing.join(", ")
                ),
            );
            complete = false;
        }
        // Findings name rows by rowid, so tables must have one.
        let sql = format!("SELECT rowid FROM \"{}\" LIMIT 0", table.name);
        if ctx.conn.prepare(&sql).is_err() {
            ctx.add(
                Severity::Error,
                "without-rowid",
                None,
                None,
                format!("the table '{}' must be an ordinary rowid table", table.name),
            );
            complete = false;
        }
    }
    complete
}
