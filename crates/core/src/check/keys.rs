//! Keys are unique and references resolve. Checked with queries rather than
//! trusted to the file's own constraints, which a producer may not declare.

use super::{Ctx, RowRef, Severity, value_text};
use crate::snapshot::spec::{Reference, TABLES, Table};

pub fn duplicates(ctx: &mut Ctx) {
    for table in TABLES.iter().filter(|t| !t.key.is_empty()) {
        if !ctx.has_table(table) {
            continue; // a table an older format version lacks
        }
        if let Err(e) = duplicates_in(ctx, table) {
            ctx.query_failed(&format!("the keys of {}", table.name), e);
        }
    }
}

fn duplicates_in(ctx: &mut Ctx, table: &'static Table) -> rusqlite::Result<()> {
    let key: Vec<String> = table.key.iter().map(|k| format!("\"{k}\"")).collect();
    let same: Vec<String> = table
        .key
        .iter()
        .map(|k| format!("c.\"{k}\" IS g.\"{k}\""))
        .collect();
    let key = key.join(", ");
    // GROUP BY treats NULLs as equal (and `IS` matches them): a second
    // total row is a duplicate too. The keys that occur more than once
    // are found first, then only their rows are read: on a file whose key
    // columns are indexed (the importer's staging database) that is one
    // pass over the index, where a window over every row sorted them all.
    let sql = format!(
        "SELECT c.rowid, g.first FROM (SELECT {key}, min(rowid) AS first FROM \"{t}\" \
         GROUP BY {key} HAVING count(*) > 1) g JOIN \"{t}\" c ON {same} \
         WHERE c.rowid <> g.first",
        t = table.name,
        same = same.join(" AND "),
    );
    let mut stmt = ctx.conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let (rowid, first): (i64, i64) = (row.get(0)?, row.get(1)?);
        let first = super::describe_row(
            ctx.conn,
            &RowRef {
                table: table.name,
                rowid: first,
                column: None,
            },
        );
        ctx.add(
            Severity::Error,
            "duplicate",
            Some(RowRef {
                table: table.name,
                rowid,
                column: Some(table.key[0]),
            }),
            None,
            format!(
                "duplicate key ({}): {first} has the same",
                table.key.join(", ")
            ),
        );
    }
    Ok(())
}

pub fn references(ctx: &mut Ctx) {
    for table in TABLES {
        if !ctx.has_table(table) {
            continue; // a table an older format version lacks
        }
        for reference in table.references {
            if !reference.columns.iter().all(|c| ctx.has(table.name, c)) {
                continue; // a column an older format version lacks
            }
            if let Err(e) = dangling(ctx, table, reference) {
                ctx.query_failed(&format!("references from {}", table.name), e);
            }
        }
    }
}

fn dangling(ctx: &mut Ctx, table: &'static Table, r: &'static Reference) -> rusqlite::Result<()> {
    let not_null: Vec<String> = r
        .columns
        .iter()
        .map(|c| format!("c.\"{c}\" IS NOT NULL"))
        .collect();
    let matches: Vec<String> = r
        .columns
        .iter()
        .zip(r.target)
        .map(|(c, t)| format!("p.\"{t}\" = c.\"{c}\""))
        .collect();
    let sql = format!(
        "SELECT c.rowid, c.\"{first}\" FROM \"{child}\" c WHERE {nn} AND NOT EXISTS \
         (SELECT 1 FROM \"{parent}\" p WHERE {m})",
        first = r.columns[0],
        child = table.name,
        parent = r.table,
        nn = not_null.join(" AND "),
        m = matches.join(" AND "),
    );
    let mut stmt = ctx.conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let rowid: i64 = row.get(0)?;
        let value = value_text(row.get_ref(1)?, "");
        let what = if r.columns.len() == 1 {
            format!(
                "'{}' refers to {}.{}, but no such row exists",
                r.columns[0], r.table, r.target[0]
            )
        } else {
            format!(
                "({}) refers to a {} row ({}) that does not exist",
                r.columns.join(", "),
                r.table,
                r.target.join(", ")
            )
        };
        ctx.add(
            Severity::Error,
            "reference",
            Some(RowRef {
                table: table.name,
                rowid,
                column: Some(r.columns[0]),
            }),
            Some(value),
            what,
        );
    }
    Ok(())
}
