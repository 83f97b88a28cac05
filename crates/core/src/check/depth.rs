//! How deep the two trees go. A region's organisation is about seven levels
//! deep (region, board, frame, hospital, clinic, ward) and a chart of
//! accounts fewer; a tree far deeper is a broken export (each row linked to
//! the one before) or a hostile file. The cockpit copes with any depth, but
//! such a file is refused with the deepest row named.

use super::{Ctx, RowRef, Severity};
use crate::data::tree::Tree;

/// The most ancestors a unit or cost type may have.
pub const MAX_DEPTH: usize = 32;

pub fn check(ctx: &mut Ctx) {
    for (table, what) in [("org_unit", "unit"), ("cost_type", "cost type")] {
        if let Err(e) = deepest(ctx, table, what) {
            ctx.query_failed(&format!("the depth of {table}"), e);
        }
    }
}

fn deepest(ctx: &mut Ctx, table: &'static str, what: &str) -> rusqlite::Result<()> {
    let mut stmt = ctx.conn.prepare(&format!(
        "SELECT rowid, id, parent_id FROM \"{table}\" ORDER BY rowid"
    ))?;
    let text = |row: &rusqlite::Row<'_>, i: usize| -> rusqlite::Result<Option<String>> {
        Ok(row.get_ref(i)?.as_str().ok().map(str::to_string))
    };
    let rows: Vec<(i64, Option<String>, Option<String>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, text(r, 1)?, text(r, 2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    // Rows without a text id cannot be linked; they count as roots.
    let tree = Tree::new(
        rows.iter()
            .map(|(_, id, parent)| (id.as_deref().unwrap_or(""), parent.as_deref())),
    );
    let too_deep: Vec<usize> = (0..tree.len())
        .filter(|&i| tree.depth(i) > MAX_DEPTH)
        .collect();
    let Some(&worst) = too_deep.iter().max_by_key(|&&i| tree.depth(i)) else {
        return Ok(());
    };
    let depth = tree.depth(worst);
    let more = if too_deep.len() > 1 {
        format!(" ({} rows are deeper than that)", too_deep.len())
    } else {
        String::new()
    };
    ctx.add(
        Severity::Error,
        "tree-depth",
        Some(RowRef {
            table,
            rowid: rows[worst].0,
            column: Some("parent_id"),
        }),
        None,
        format!(
            "this {what} lies {depth} levels below the top of its tree; the format allows at \
             most {MAX_DEPTH}{more}"
        ),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Findings;
    use crate::domain::money::MoneyUnit;
    use rusqlite::Connection;

    fn findings(units: usize, cost_types: usize) -> Findings {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE org_unit (id TEXT, parent_id TEXT); \
             CREATE TABLE cost_type (id TEXT, parent_id TEXT);",
        )
        .unwrap();
        for (table, n) in [("org_unit", units), ("cost_type", cost_types)] {
            // A chain: each row under the one before.
            conn.execute(
                &format!(
                    "WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < ?1 - 1) \
                     INSERT INTO {table} SELECT 'n' || x, CASE x WHEN 0 THEN NULL ELSE 'n' || (x - 1) END FROM n"
                ),
                [n as i64],
            )
            .unwrap();
        }
        let mut ctx = Ctx {
            conn: &conn,
            unit: MoneyUnit::Mkr,
            out: Findings::default(),
            skip: None,
            absent: Default::default(),
            version: crate::snapshot::spec::FORMAT_VERSION,
        };
        check(&mut ctx);
        ctx.out
    }

    #[test]
    fn the_format_document_states_the_limit() {
        let doc = include_str!("../../../../docs/snapshot-format.md");
        assert!(doc.contains(&format!("no unit more than {MAX_DEPTH} levels")));
        assert!(doc.contains(&format!("either tree deeper than {MAX_DEPTH} levels")));
    }

    #[test]
    fn a_tree_up_to_the_limit_passes() {
        assert!(findings(MAX_DEPTH + 1, MAX_DEPTH + 1).items.is_empty());
    }

    #[test]
    fn a_deeper_tree_is_refused_naming_its_deepest_row() {
        let out = findings(100_000, MAX_DEPTH + 2);
        assert_eq!(out.items.len(), 2, "{:?}", out.items);
        let unit = &out.items[0];
        assert_eq!(unit.severity, Severity::Error);
        assert_eq!(unit.rule, "tree-depth");
        assert_eq!(unit.at.as_ref().unwrap().rowid, 100_000);
        assert_eq!(
            unit.message,
            "this unit lies 99999 levels below the top of its tree; the format allows at most \
             32 (99967 rows are deeper than that)"
        );
        assert_eq!(
            out.items[1].message,
            "this cost type lies 33 levels below the top of its tree; the format allows at most 32"
        );
    }
}
