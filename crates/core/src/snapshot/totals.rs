//! `economy_total` (format 4, optional): one row per unit and period with
//! economy figures, holding what the cockpit's period-wide economy reads
//! need: the unit's total row, how many lines by cost type it has, and its
//! net-cost line's cost development.
//!
//! It says nothing `economy_fact` does not: it is derived from it, by
//! [`write`] in `tertial import` and `tertial gen`, and `tertial check`
//! compares it with what the facts give ([`differences`]). It exists for
//! locality: a national file's period has 10 000 unit totals spread among
//! 320 000 lines over 3 GB, and a screen that lists every unit (the Ekonomi
//! tree) read them one index probe and one scattered page at a time. Here a
//! period's rows lie together. A reader that finds no such table (a file of
//! version 1–3, or a producer that left it out) reads the facts, as before.

use rusqlite::Connection;

/// The table's name.
pub const TABLE: &str = "economy_total";

/// The columns a reader needs, in the DDL's order; a table that lacks one
/// is not read.
pub const COLUMNS: &[&str] = &[
    "period_id",
    "org_unit_id",
    "has_total",
    "budget",
    "outcome",
    "deviation",
    "outcome_prev_year",
    "cost_development_pct",
    "budget_full_year",
    "forecast_deviation",
    "org_breakdown",
    "cost_breakdown",
    "analysis",
    "source_id",
    "illustrative",
    "forecast_source_id",
    "cost_lines",
    "net_development_pct",
];

/// The table and its key, as `import` and `gen` write them.
pub const DDL: &str = "CREATE TABLE economy_total (
    period_id            TEXT NOT NULL,
    org_unit_id          TEXT NOT NULL,
    has_total            INTEGER NOT NULL,  -- 1: the unit has a total row (below)
    budget               INTEGER,           -- the total row's figures, as stored
    outcome              INTEGER,
    deviation            INTEGER,
    outcome_prev_year    INTEGER,
    cost_development_pct TEXT,
    budget_full_year     INTEGER,
    forecast_deviation   INTEGER,
    org_breakdown        TEXT,
    cost_breakdown       TEXT,
    analysis             TEXT,
    source_id            TEXT,
    illustrative         INTEGER,
    forecast_source_id   TEXT,
    cost_lines           INTEGER NOT NULL,  -- the unit's rows by cost type
    net_development_pct  TEXT               -- its net-cost line's development
) STRICT;
CREATE UNIQUE INDEX economy_total_key ON economy_total (period_id, org_unit_id);";

/// What `economy_fact` gives for the table, row for row: every (period,
/// unit) with a fact; the total row (`cost_type_id` NULL) copied; the rows
/// whose cost type is not empty counted; and of the unit's lines on a
/// top-level net cost type (`grp = 'net'`, no parent) that state a cost
/// development, the one whose cost type sorts last (the cockpit's rule).
/// `forecast_source` is `t.forecast_source_id`, or `NULL` for a file of a
/// version without it. Joins only, never a correlated subquery: a file
/// without indexes gets transient ones, and `check` stays linear on it.
fn derived(forecast_source: &str) -> String {
    format!(
        "SELECT g.period_id AS period_id, g.org_unit_id AS org_unit_id, \
         t.rowid IS NOT NULL AS has_total, t.budget AS budget, t.outcome AS outcome, \
         t.deviation AS deviation, t.outcome_prev_year AS outcome_prev_year, \
         t.cost_development_pct AS cost_development_pct, t.budget_full_year AS budget_full_year, \
         t.forecast_deviation AS forecast_deviation, t.org_breakdown AS org_breakdown, \
         t.cost_breakdown AS cost_breakdown, t.analysis AS analysis, t.source_id AS source_id, \
         t.illustrative AS illustrative, {forecast_source} AS forecast_source_id, \
         g.cost_lines AS cost_lines, nf.cost_development_pct AS net_development_pct \
         FROM (SELECT period_id, org_unit_id, \
               sum(coalesce(cost_type_id, '') > '') AS cost_lines \
               FROM economy_fact GROUP BY period_id, org_unit_id) g \
         LEFT JOIN economy_fact t ON t.period_id = g.period_id AND t.org_unit_id = g.org_unit_id \
         AND coalesce(t.cost_type_id, '') = '' AND t.cost_type_id IS NULL \
         LEFT JOIN (SELECT n.period_id, n.org_unit_id, max(n.cost_type_id) AS cost_type_id \
               FROM economy_fact n JOIN cost_type c ON c.id = n.cost_type_id \
               WHERE c.grp = 'net' AND c.parent_id IS NULL AND n.cost_development_pct IS NOT NULL \
               GROUP BY n.period_id, n.org_unit_id) nl \
         ON nl.period_id = g.period_id AND nl.org_unit_id = g.org_unit_id \
         LEFT JOIN economy_fact nf ON nf.period_id = nl.period_id AND nf.org_unit_id = nl.org_unit_id \
         AND coalesce(nf.cost_type_id, '') = nl.cost_type_id AND nf.cost_type_id = nl.cost_type_id"
    )
}

/// From how many units on `import` and `gen` write the table. Below that a
/// period's totals are a few hundred probes, as fast as the table, and a
/// file stays as it was (the sample, the tests' small files).
pub const MIN_UNITS: i64 = 500;

/// [`write`], for an organisation of at least [`MIN_UNITS`] units.
pub fn write_where_it_helps(conn: &Connection) -> rusqlite::Result<()> {
    let units: i64 = conn.query_row("SELECT count(*) FROM org_unit", [], |r| r.get(0))?;
    if units >= MIN_UNITS {
        write(conn)?;
    }
    Ok(())
}

/// Creates the table in a snapshot being written and fills it from its
/// facts (after their indexes are built: every lookup is a probe).
pub fn write(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(DDL)?;
    let columns = COLUMNS.join(", ");
    conn.execute_batch(&format!(
        "INSERT INTO economy_total ({columns}) {} ORDER BY 1, 2",
        derived("t.forecast_source_id")
    ))
}

/// Whether the file has the table with every column a reader needs.
pub fn present(conn: &Connection) -> rusqlite::Result<bool> {
    let found: i64 = conn.query_row(
        &format!(
            "SELECT count(*) FROM pragma_table_info('{TABLE}') WHERE name IN ({})",
            COLUMNS
                .iter()
                .map(|c| format!("'{c}'"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        [],
        |r| r.get(0),
    )?;
    Ok(found == COLUMNS.len() as i64)
}

/// How many rows of the table differ from what the facts give (rows
/// missing, extra or changed, each counted once per side), and the first
/// (period, unit) that does. `forecast_source` as for [`derived`].
pub fn differences(
    conn: &Connection,
    forecast_source: &str,
) -> rusqlite::Result<(i64, Option<(String, String)>)> {
    let columns = COLUMNS.join(", ");
    let stored = format!("SELECT {columns} FROM economy_total");
    let derived = derived(forecast_source);
    let sql = format!(
        "SELECT count(*), min(period_id || ' ' || org_unit_id) FROM \
         (SELECT * FROM ({derived} EXCEPT {stored}) \
          UNION ALL SELECT * FROM ({stored} EXCEPT {derived}))"
    );
    conn.query_row(&sql, [], |r| {
        let n: i64 = r.get(0)?;
        let first: Option<String> = r.get(1)?;
        Ok((
            n,
            first.and_then(|f| {
                f.split_once(' ')
                    .map(|(p, u)| (p.to_string(), u.to_string()))
            }),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_from_the_facts_it_matches_them_and_a_change_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sample.db");
        std::fs::write(&path, include_bytes!("../../../../sample.db")).unwrap();
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TABLE IF EXISTS economy_total; DROP INDEX IF EXISTS economy_total_key;",
        )
        .unwrap();
        assert!(!present(&conn).unwrap());
        write(&conn).unwrap();
        assert!(present(&conn).unwrap());
        assert_eq!(
            differences(&conn, "t.forecast_source_id").unwrap(),
            (0, None)
        );
        let (units, totals): (i64, i64) = conn
            .query_row(
                "SELECT (SELECT count(*) FROM (SELECT DISTINCT period_id, org_unit_id FROM economy_fact)), \
                 (SELECT count(*) FROM economy_total WHERE has_total = 1)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let stated: i64 = conn
            .query_row(
                "SELECT count(*) FROM economy_fact WHERE cost_type_id IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            conn.query_row("SELECT count(*) FROM economy_total", [], |r| r
                .get::<_, i64>(0))
                .unwrap(),
            units
        );
        assert_eq!(totals, stated);
        conn.execute_batch(
            "UPDATE economy_total SET deviation = deviation + 1 \
             WHERE period_id = '2025-10' AND org_unit_id = 'hsn'",
        )
        .unwrap();
        let (n, first) = differences(&conn, "t.forecast_source_id").unwrap();
        assert_eq!(n, 2, "the changed row, once from each side");
        assert_eq!(first, Some(("2025-10".into(), "hsn".into())));
    }
}
