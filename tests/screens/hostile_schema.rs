//! A snapshot's schema is untrusted code: what SQLite would evaluate while
//! reading and the format does not define (generated columns, virtual
//! tables, unknown collations, costly index expressions, planner
//! statistics) makes `check` and the cockpit refuse the file, in the same
//! one sentence naming it.

use crate::common;

use common::tertial;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use tertial::data::Store;
use tertial::snapshot::Snapshot;

/// A private copy of the sample changed by `sql` (tests may write; tertial
/// never does).
fn sample_with(dir: &Path, name: &str, sql: &str) -> PathBuf {
    let path = dir.join(format!("{name}.db"));
    std::fs::copy(common::repo().join("sample.db"), &path).unwrap();
    let db = Connection::open(&path).unwrap();
    db.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    db.execute_batch(sql).unwrap();
    drop(db);
    path
}

/// `check` and `render` both refuse `path` with one sentence each, the same
/// one, containing `says`; the sentence is returned.
fn refused_alike(path: &Path, says: &str) -> String {
    let check = tertial(&["check", path.to_str().unwrap()]);
    assert_eq!(check.code, 2, "check: {}", check.all());
    let render = tertial(&["render", "ekonomi", "--snapshot", path.to_str().unwrap()]);
    assert_eq!(render.code, 2, "render: {}", render.all());
    assert!(render.stdout.is_empty(), "{}", render.stdout);
    assert_eq!(check.stderr.lines().count(), 1, "{}", check.stderr);
    assert_eq!(check.stderr, render.stderr, "the same words");
    assert!(check.stderr.contains(says), "'{says}' in: {}", check.stderr);
    assert!(
        check
            .stderr
            .contains("which the snapshot format does not define"),
        "{}",
        check.stderr
    );
    check.stderr
}

/// An expression SQLite needs long to evaluate on a long value: a pattern
/// of many wildcards.
fn costly_like() -> String {
    format!("'{}b'", "%a".repeat(400))
}

#[test]
fn a_generated_column_is_refused_as_such_not_reported_missing() {
    let dir = tempfile::tempdir().unwrap();
    // The format's own column, computed by a costly expression.
    let path = sample_with(
        dir.path(),
        "generated-analysis",
        &format!(
            "CREATE TABLE f2 AS SELECT * FROM economy_fact; \
             ALTER TABLE f2 DROP COLUMN analysis; \
             ALTER TABLE f2 ADD COLUMN analysis TEXT AS (CASE WHEN printf('%.5000c', 'a') \
               LIKE {like} THEN 'x' END); \
             DROP TABLE economy_fact; ALTER TABLE f2 RENAME TO economy_fact;",
            like = costly_like()
        ),
    );
    let said = refused_alike(
        &path,
        "the column 'analysis' of the table 'economy_fact' is a generated column",
    );
    assert!(!said.contains("missing"), "{said}");
    // An extra one, stored, on a table the cockpit reads: refused too.
    let path = sample_with(
        dir.path(),
        "generated-extra",
        "CREATE TABLE mine (a TEXT, b TEXT GENERATED ALWAYS AS (upper(a)) STORED)",
    );
    refused_alike(
        &path,
        "the column 'b' of the table 'mine' is a generated column",
    );
}

#[test]
fn virtual_tables_are_refused_wherever_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_with(
        dir.path(),
        "fts-notice",
        "DROP TABLE notice; CREATE VIRTUAL TABLE notice USING fts5(period_id, org_unit_id, \
         topic, text, source_id, illustrative); \
         INSERT INTO notice VALUES ('2025-10', 'hsn', 'economy', 'hej', NULL, 1);",
    );
    refused_alike(&path, "the table 'notice' is a virtual table (module fts5)");
    let path = sample_with(
        dir.path(),
        "fts-extra",
        "CREATE VIRTUAL TABLE search USING fts5(body)",
    );
    refused_alike(&path, "the table 'search' is a virtual table (module fts5)");
}

#[test]
fn an_unknown_collation_is_refused_by_both() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_with(
        dir.path(),
        "collation",
        "PRAGMA writable_schema = ON; \
         UPDATE sqlite_schema SET sql = replace(sql, 'name       TEXT NOT NULL,', \
           'name TEXT NOT NULL COLLATE svenska,') WHERE name = 'org_unit'; \
         PRAGMA writable_schema = OFF;",
    );
    let sql: String = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'org_unit'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(sql.contains("COLLATE svenska"), "the change took: {sql}");
    refused_alike(&path, "the table 'org_unit' uses the collation 'svenska'");
}

#[test]
fn a_costly_index_expression_is_refused_and_the_formats_own_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_with(
        dir.path(),
        "partial-like",
        &format!(
            "CREATE INDEX costly ON org_unit (name) WHERE name NOT LIKE {}",
            costly_like()
        ),
    );
    refused_alike(
        &path,
        "the index 'costly' on 'org_unit' is built on an expression",
    );
    let path = sample_with(
        dir.path(),
        "replace",
        "CREATE INDEX growing ON economy_fact (replace(analysis, ' ', analysis))",
    );
    refused_alike(
        &path,
        "the index 'growing' on 'economy_fact' is built on an expression",
    );
    // The sample itself has the format's index on coalesce(cost_type_id, '').
    // (It exits 1: it records the reports' self-contradictions, as warnings.)
    let run = tertial(&["check", common::repo().join("sample.db").to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(run.stdout.contains("\n0 errors, "), "{}", run.stdout);
}

/// CHECK constraints stay allowed (the format's DDL has them), and are
/// never evaluated on read: a file whose rows break its own costly CHECK
/// is checked by the format's rules only. (SQLite's integrity check skips
/// CHECKs on a read-only file, and tertial also sets
/// `ignore_check_constraints`: this test guards both.)
#[test]
fn check_constraints_are_not_evaluated_on_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_with(
        dir.path(),
        "checks",
        &format!(
            "CREATE TABLE mine (a TEXT CHECK (a = 'never' AND printf('%.3000c', a) NOT LIKE {})); \
             PRAGMA ignore_check_constraints = ON; \
             INSERT INTO mine VALUES ('x'), ('y');",
            costly_like()
        ),
    );
    let run = tertial(&["check", path.to_str().unwrap()]);
    // Warnings only: the sample's recorded self-contradictions.
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(run.stdout.contains("\n0 errors, "), "{}", run.stdout);
    assert!(!run.stdout.contains("CHECK"), "{}", run.stdout);
    assert!(Store::open(&path).is_ok());
}

/// A DEFAULT is evaluated on read only for rows stored before its column
/// was added, and then only as a constant: a function in it is not called.
#[test]
fn a_default_is_never_a_function_call_on_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_with(
        dir.path(),
        "default",
        "CREATE TABLE mine (a); INSERT INTO mine VALUES (1); \
         PRAGMA writable_schema = ON; \
         UPDATE sqlite_schema SET sql = 'CREATE TABLE mine (a, b DEFAULT \
           (length(printf(''%.900000c'', ''x''))), c DEFAULT (-5))' WHERE name = 'mine'; \
         PRAGMA writable_schema = OFF;",
    );
    let snapshot = Snapshot::open(&path).unwrap();
    let (b, c): (Option<i64>, Option<i64>) = snapshot
        .conn
        .query_row("SELECT b, c FROM mine", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!((b, c), (None, Some(-5)));
}

const BY_COST_TYPE: &str = "SELECT t.cost_type_id FROM economy_fact t \
     WHERE t.period_id = ?1 AND t.org_unit_id = ?2 AND t.cost_type_id IS NOT NULL";

fn plan(path: &Path) -> String {
    let db = Connection::open(path).unwrap();
    let mut stmt = db
        .prepare(&format!("EXPLAIN QUERY PLAN {BY_COST_TYPE}"))
        .unwrap();
    let rows: Vec<String> = stmt
        .query_map(["2025-10", "hsn"], |r| r.get::<_, String>(3))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    rows.join("; ")
}

/// Planner statistics are refused: a crafted `sqlite_stat1` that calls the
/// economy indexes useless turns the cockpit's index probe into a scan of
/// the whole table (shown by SQLite's own plan), so tertial does not open
/// a file that has them. Without rows they steer nothing and are allowed.
#[test]
fn planner_statistics_are_refused_since_they_steer_every_read() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("small.db");
    let run = tertial(&["gen", "--scale", "small", "-o", clean.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(
        plan(&clean).contains("SEARCH t USING INDEX"),
        "{}",
        plan(&clean)
    );

    let crafted = dir.path().join("crafted.db");
    std::fs::copy(&clean, &crafted).unwrap();
    let db = Connection::open(&crafted).unwrap();
    let rows: i64 = db
        .query_row("SELECT count(*) FROM economy_fact", [], |r| r.get(0))
        .unwrap();
    db.execute_batch("ANALYZE; DELETE FROM sqlite_stat1; DELETE FROM sqlite_stat4;")
        .unwrap();
    for (index, stat) in [
        ("economy_fact_key", format!("{rows} {rows} {rows} {rows}")),
        ("economy_fact_unit", format!("{rows} {rows} {rows}")),
    ] {
        db.execute(
            "INSERT INTO sqlite_stat1 VALUES ('economy_fact', ?1, ?2)",
            [index, &stat],
        )
        .unwrap();
    }
    drop(db);
    let steered = plan(&crafted);
    assert!(
        steered.contains("SCAN t") && !steered.contains("INDEX"),
        "the crafted statistics turn the probe into a scan: {steered}"
    );
    refused_alike(&crafted, "the file holds planner statistics (sqlite_stat1)");

    // Honest statistics from ANALYZE are refused the same way (tertial
    // cannot tell them from crafted ones), stat4 on its own too.
    let analysed = dir.path().join("analysed.db");
    std::fs::copy(&clean, &analysed).unwrap();
    let db = Connection::open(&analysed).unwrap();
    db.execute_batch("ANALYZE").unwrap();
    drop(db);
    refused_alike(&analysed, "(sqlite_stat1)");
    let db = Connection::open(&analysed).unwrap();
    db.execute_batch("DELETE FROM sqlite_stat1").unwrap();
    drop(db);
    refused_alike(&analysed, "(sqlite_stat4)");

    // Emptied, they steer nothing: the file opens, with the index plan.
    let db = Connection::open(&analysed).unwrap();
    db.execute_batch("DELETE FROM sqlite_stat4").unwrap();
    drop(db);
    assert!(plan(&analysed).contains("SEARCH t USING INDEX"));
    let snapshot = Snapshot::open(&analysed).unwrap();
    let mut stmt = snapshot
        .conn
        .prepare(&format!("EXPLAIN QUERY PLAN {BY_COST_TYPE}"))
        .unwrap();
    let detail: String = stmt.query_row(["2025-10", "hsn"], |r| r.get(3)).unwrap();
    assert!(detail.contains("USING INDEX"), "{detail}");
}

/// 20 000 partial indexes (cheap ones, each allowed alone) made every
/// screen and `check` wait for seconds: a schema of more indexes than the
/// bound (here 1 000, on a small table so that the copy is quick to make)
/// is refused, the same way, before any figure is read.
#[test]
fn thousands_of_partial_indexes_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let indexes: String = (0..1_000)
        .map(|i| format!("CREATE INDEX extra_{i} ON meta (key) WHERE value > '{i}';"))
        .collect();
    let path = sample_with(
        dir.path(),
        "many-indexes",
        &format!("BEGIN; {indexes} COMMIT;"),
    );
    let said = refused_alike(&path, "the schema has 1 031 indexes");
    assert!(said.contains("at most 200 indexes"), "{said}");
}
