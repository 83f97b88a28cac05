//! `tertial diff OLD NEW` and `--since OLD`: snapshot against snapshot, as
//! docs/snapshot-format.md (section 3) and the README describe them — exit
//! codes 0, 1 and 2, the text and the JSON, the ✎ marks and old values
//! `--since` shows, and its refusal of a file that differs in too many rows.

use crate::common;

use common::{Bulk, Run};
use std::path::{Path, PathBuf};

/// Sjukhusvård's total at ack oktober 2025, one million kronor worse in
/// NEW: the example of the format doc.
const RESTATE: &str = "UPDATE economy_fact SET deviation = deviation - 1000000 \
     WHERE period_id = '2025-10' AND org_unit_id = 'hsn.sjukhusvard' AND cost_type_id IS NULL";

/// `old.db` (the sample) and `new.db` (the sample changed by `sql`) in a
/// folder of their own.
fn pair(sql: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.db");
    std::fs::copy(common::repo().join("sample.db"), &old).unwrap();
    let bulk = Bulk::sample(dir.path(), "new.db");
    bulk.db.execute_batch(sql).unwrap();
    let new = bulk.done();
    (dir, old, new)
}

/// `tertial diff` run in `dir`, so that the files are named as given.
fn diff_in(dir: &Path, args: &[&str]) -> Run {
    let out = common::command(env!("CARGO_BIN_EXE_tertial"))
        .arg("diff")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The JSON example of the format doc's section on `tertial diff`.
fn documented_example() -> serde_json::Value {
    let doc = std::fs::read_to_string(common::repo().join("docs/snapshot-format.md")).unwrap();
    let section = &doc[doc.find("## 3. `tertial diff`").expect("the diff section")..];
    let block = section
        .split("```json\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a JSON example");
    serde_json::from_str(block).unwrap_or_else(|e| panic!("the example parses: {e}\n{block}"))
}

#[test]
fn identical_files_exit_0_and_say_so() {
    let (dir, _, _) = pair("");
    let run = diff_in(dir.path(), &["old.db", "new.db"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(run.stdout, "no differences\n");
    assert_eq!(run.stderr, "");
    let json = diff_in(dir.path(), &["old.db", "new.db", "--format", "json"]);
    assert_eq!(json.code, 0, "{}", json.all());
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["differences"], serde_json::json!([]));
    assert_eq!(value["count"], 0);
}

#[test]
fn a_restated_figure_exits_1_with_old_and_new_value_and_the_source() {
    let (dir, _, _) = pair(RESTATE);
    let run = diff_in(dir.path(), &["old.db", "new.db"]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert_eq!(
        run.stdout,
        "economy\n\
         \x20 changed economy_fact: ack oktober 2025, Sjukhusvård, totalt\n\
         \x20   deviation: −430 mkr → −431 mkr\n\
         \x20   source: HSN Resultatuppföljning oktober 2025, Ekonomiskt resultat per politisk ram\n\
         \n\
         1 difference (economy 1)\n"
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn the_json_is_the_format_docs_example() {
    let (dir, _, _) = pair(RESTATE);
    let run = diff_in(dir.path(), &["old.db", "new.db", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let value: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("one JSON object: {e}\n{}", run.stdout));
    assert_eq!(value, documented_example(), "{}", run.stdout);
}

#[test]
fn added_and_removed_rows_carry_no_columns_and_their_subject() {
    let (dir, _, _) = pair(
        "DELETE FROM economy_fact WHERE period_id = '2025-10' \
             AND org_unit_id = 'hsn.tandvard' AND cost_type_id IS NULL; \
         INSERT INTO notice (period_id, org_unit_id, topic, text, illustrative) \
             VALUES ('2025-10', 'hsn', 'beds', 'Ny notering', 1);",
    );
    let run = diff_in(dir.path(), &["old.db", "new.db", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["count"], 2, "{value}");
    let differences = value["differences"].as_array().unwrap();
    let removed = differences
        .iter()
        .find(|d| d["change"] == "removed")
        .expect("the removed row");
    assert_eq!(removed["subject"], "economy");
    assert_eq!(removed["table"], "economy_fact");
    assert_eq!(removed["key"]["org_unit_id"], "hsn.tandvard");
    assert_eq!(removed["columns"], serde_json::json!([]));
    assert!(removed["old_source"].is_string(), "{removed}");
    let added = differences
        .iter()
        .find(|d| d["change"] == "added")
        .expect("the added row");
    assert_eq!(added["subject"], "notices");
    assert_eq!(added["table"], "notice");
    assert_eq!(added["key"]["text"], "Ny notering");
    assert_eq!(added["columns"], serde_json::json!([]));
    assert_eq!(added["new_source"], serde_json::Value::Null, "no source");
    let text = diff_in(dir.path(), &["old.db", "new.db"]);
    assert_eq!(text.code, 1);
    assert!(
        text.stdout
            .ends_with("2 differences (economy 1, notices 1)\n"),
        "{}",
        text.stdout
    );
}

#[test]
fn a_file_that_cannot_be_opened_exits_2_with_checks_sentence() {
    let (dir, _, _) = pair("");
    std::fs::write(dir.path().join("text.db"), "not a snapshot").unwrap();
    for (args, bad) in [
        (["old.db", "missing.db"], "missing.db"),
        (["missing.db", "new.db"], "missing.db"),
        (["old.db", "text.db"], "text.db"),
    ] {
        let run = diff_in(dir.path(), &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.all());
        assert_eq!(run.stdout, "", "{args:?}");
        let check = common::command(env!("CARGO_BIN_EXE_tertial"))
            .args(["check", bad])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(check.status.code(), Some(2));
        assert_eq!(
            run.stderr,
            String::from_utf8_lossy(&check.stderr),
            "{args:?}: the same sentence as check"
        );
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }
}

// ---- `--since OLD`: the restated rows marked ----

/// `tertial render PANE` of `new` with `--since old` at ack oktober 2025.
fn render_since(new: &Path, old: &Path, pane: &str, keys: &str) -> Run {
    common::tertial(&[
        "render",
        pane,
        "--snapshot",
        new.to_str().unwrap(),
        "--since",
        old.to_str().unwrap(),
        "--period",
        "2025-10",
        "--size",
        "120x40",
        "--keys",
        keys,
    ])
}

#[test]
fn since_marks_the_restated_row_and_its_detail_shows_the_old_value() {
    let (_dir, old, new) = pair(RESTATE);
    let run = render_since(&new, &old, "ekonomi", "");
    assert_eq!(run.code, 0, "{}", run.all());
    let marked: Vec<&str> = run.stdout.lines().filter(|l| l.contains('✎')).collect();
    assert_eq!(marked.len(), 1, "one row marked:\n{}", run.stdout);
    assert!(
        marked[0].contains("Sjukhusvård ✎ ändrad") && marked[0].contains("−431"),
        "{}",
        run.stdout
    );
    // Without --since nothing is marked.
    let plain = common::tertial(&[
        "render",
        "ekonomi",
        "--snapshot",
        new.to_str().unwrap(),
        "--period",
        "2025-10",
        "--size",
        "120x40",
    ]);
    assert!(!plain.stdout.contains('✎'), "{}", plain.stdout);
    // The region, HSN, Primärvård, Tandvård, Sjukhusvård: its detail.
    let detail = render_since(&new, &old, "ekonomi", "jjjji");
    assert_eq!(detail.code, 0, "{}", detail.all());
    assert!(
        detail.stdout.lines().any(
            |l| l.starts_with(&format!("Ändrat sedan {}", old.display()))
                && l.ends_with("✎ deviation: −430 mkr → −431 mkr")
        ),
        "{}",
        detail.stdout
    );
}

#[test]
fn since_marks_a_new_row_as_new() {
    let (_dir, old, new) = pair(
        "DELETE FROM economy_fact WHERE period_id = '2025-10' \
         AND org_unit_id = 'hsn.tandvard' AND cost_type_id IS NULL",
    );
    // Seen the other way round, Tandvård's total is new in the sample.
    let run = render_since(&old, &new, "ekonomi", "");
    assert_eq!(run.code, 0, "{}", run.all());
    let marked: Vec<&str> = run.stdout.lines().filter(|l| l.contains('✎')).collect();
    assert_eq!(marked.len(), 1, "{}", run.stdout);
    assert!(marked[0].contains("Tandvård ✎ ny"), "{}", run.stdout);
}

#[test]
fn since_refuses_a_file_that_differs_in_more_rows_than_its_limit() {
    let limit = tertial::data::restated::MAX_RESTATED;
    assert_eq!(limit, 100_000, "the limit the README and this test name");
    let dir = tempfile::tempdir().unwrap();
    let bulk = Bulk::sample(dir.path(), "new.db");
    bulk.fill(
        100_001,
        "INSERT INTO notice (period_id, topic, text, illustrative) \
         SELECT '2025-10', 'general', 'Notering ' || x, 1 FROM n",
    );
    let new = bulk.done();
    let old = common::repo().join("sample.db");
    let run = render_since(&new, &old, "oversikt", "");
    assert_eq!(run.code, 2, "{}", run.all());
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains(
            "differs from the snapshot in more than 100000 rows; it is not an earlier export of \
             the same report (use `tertial diff` to list them)"
        ),
        "{}",
        run.stderr
    );
    // Exactly at the limit it is still marked.
    let bulk = Bulk::sample(dir.path(), "at-limit.db");
    bulk.fill(
        100_000,
        "INSERT INTO notice (period_id, topic, text, illustrative) \
         SELECT '2025-10', 'general', 'Notering ' || x, 1 FROM n",
    );
    let at_limit = bulk.done();
    let run = render_since(&at_limit, &old, "oversikt", "");
    assert_eq!(run.code, 0, "{}", run.all());
}
