//! `tertial diff` through the real binary: what its JSON keeps apart, and
//! an older format version's missing column said once.

use crate::common;

use common::Bulk;

/// The total row's key is NULL; a row whose key is the text "∅" is
/// another row, and JSON keeps them apart (`null` and `"∅"`).
#[test]
fn json_keeps_null_apart_from_the_text_of_the_null_glyph() {
    let dir = tempfile::tempdir().unwrap();
    let old = Bulk::sample(dir.path(), "old.db").done();
    let new = Bulk::sample(dir.path(), "new.db");
    new.db
        .execute_batch(
            "UPDATE economy_fact SET cost_type_id = '∅'
             WHERE org_unit_id = 'hsn' AND cost_type_id IS NULL AND period_id = '2025-10'",
        )
        .unwrap();
    let new = new.done();
    let run = common::tertial(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.all());
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect(&run.stdout);
    let keys: Vec<(&str, &serde_json::Value)> = json["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["change"].as_str().unwrap(), &d["key"]["cost_type_id"]))
        .collect();
    assert_eq!(
        keys,
        vec![
            ("removed", &serde_json::Value::Null),
            ("added", &serde_json::Value::from("∅")),
        ],
        "{}",
        run.stdout
    );
}

/// The sample as a file of format version 1: `kpi_value` without
/// `period_id`.
fn version_one(dir: &std::path::Path) -> std::path::PathBuf {
    let old = Bulk::sample(dir, "v1.db");
    old.db
        .execute_batch(
            "CREATE TABLE loose AS SELECT kpi_id, date, label, value, source_id, illustrative
                 FROM kpi_value;
             DROP TABLE kpi_value; ALTER TABLE loose RENAME TO kpi_value;
             PRAGMA user_version = 1;",
        )
        .unwrap();
    old.done()
}

/// A column the older version lacks is unknown there, said once; no row
/// reads the column's own name as its value.
#[test]
fn a_column_an_older_version_lacks_is_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let old = version_one(dir.path());
    let new = common::repo().join("sample.db");
    let run = common::tertial(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(
        run.stdout,
        format!(
            "kpi_value.period_id: not in {} (an earlier format version): unknown there, not \
             compared\nno differences\n",
            old.display()
        ),
        "{}",
        run.all()
    );
    let run = common::tertial(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect(&run.stdout);
    assert_eq!(
        json["unknown"],
        serde_json::json!([{"table": "kpi_value", "column": "period_id", "missing_from": "old"}])
    );
    assert_eq!(json["count"], 0);
}

/// The sample with every key of `org_unit` declared `COLLATE NOCASE`: the
/// same rows, read in another order by a collation-following query.
fn nocase_copy(dir: &std::path::Path) -> std::path::PathBuf {
    let copy = Bulk::sample(dir, "nocase.db");
    copy.db
        .execute_batch(
            "CREATE TABLE loose AS SELECT * FROM org_unit; DROP TABLE org_unit;
             CREATE TABLE org_unit (id TEXT COLLATE NOCASE PRIMARY KEY NOT NULL,
                 parent_id TEXT COLLATE NOCASE, kind TEXT NOT NULL, name TEXT NOT NULL,
                 short_name TEXT, sort_order INTEGER) STRICT;
             INSERT INTO org_unit SELECT * FROM loose; DROP TABLE loose;
             INSERT INTO org_unit VALUES ('b', NULL, 'unit', 'b', NULL, NULL),
                 ('C', NULL, 'unit', 'C', NULL, NULL);",
        )
        .unwrap();
    copy.done()
}

/// The same content with keys declared `COLLATE NOCASE`: `diff` finds no
/// difference and `--since` marks no row, where every row was removed and
/// added, and marked new.
#[test]
fn a_nocase_key_is_the_same_row_for_diff_and_since() {
    let dir = tempfile::tempdir().unwrap();
    let new = nocase_copy(dir.path());
    let old = Bulk::sample(dir.path(), "old.db");
    old.db
        .execute_batch(
            "INSERT INTO org_unit VALUES ('b', NULL, 'unit', 'b', NULL, NULL),
                 ('C', NULL, 'unit', 'C', NULL, NULL);",
        )
        .unwrap();
    let old = old.done();
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    let run = common::tertial(&["diff", old, new]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "no differences\n"),
        "{}",
        run.all()
    );
    let screen = common::output_of(
        "render",
        &[
            "ekonomi",
            "--snapshot",
            new,
            "--since",
            old,
            "--period",
            "2025-10",
        ],
    );
    assert!(screen.contains("Sjukhusvård"), "{screen}");
    assert!(!screen.contains('✎'), "no row is restated: {screen}");
}
