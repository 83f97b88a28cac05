//! `tertial check`: each way a file can be wrong gets its own clear message
//! and exit code, and the file is never written.

use crate::common;

use common::{Folder, tertial};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A valid snapshot written by the importer, in its own folder.
fn valid_snapshot() -> (TempDir, PathBuf) {
    let folder = Folder::minimal();
    folder.write(
        "economy_fact.csv",
        "period_id;org_unit_id;deviation;source_id\n2025-10;hsn;-448;s1\n2025-10;hsn.pv;-136;s1\n2025-10;hsn.sv;-312;s1\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snapshot.db");
    let run = folder.import(&path);
    assert_eq!(run.code, 0, "{}", run.all());
    (dir, path)
}

/// Changes a copy of a valid snapshot with `sql` (tests may write; tertial never does).
/// `sql` starting with `economy_total` first writes that table (format 4)
/// from the facts.
fn altered(sql: &str) -> (TempDir, PathBuf) {
    let (dir, path) = valid_snapshot();
    let db = Connection::open(&path).unwrap();
    db.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    let sql = match sql.strip_prefix("economy_total") {
        Some(rest) => {
            tertial::snapshot::totals::write(&db).unwrap();
            rest
        }
        None => sql,
    };
    db.execute_batch(sql).unwrap();
    drop(db);
    (dir, path)
}

fn check(path: &Path) -> common::Run {
    tertial(&["check", path.to_str().unwrap()])
}

#[test]
fn a_valid_snapshot_passes_with_a_summary() {
    let (_dir, path) = valid_snapshot();
    let run = check(&path);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.contains("tertial snapshot, format version 4"));
    assert!(
        run.stdout.contains("periods       1: ack oktober 2025"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("0 errors, 0 warnings, 0 notes"),
        "{}",
        run.stdout
    );
}

/// `economy_total` (format 4) is written by the importer from the facts;
/// one that says otherwise than the facts is an error, since the cockpit
/// reads its totals there. In a file of an earlier version a table of that
/// name is the producer's own and is left alone.
#[test]
fn an_economy_total_that_differs_from_the_facts_is_an_error() {
    // Written for 500 units or more; here by hand, as a producer may.
    let write = "economy_total";
    let (_dir, path) = altered(write);
    let db = Connection::open(&path).unwrap();
    let rows: i64 = db
        .query_row(
            "SELECT count(*) FROM economy_total WHERE period_id = '2025-10' AND has_total = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 3, "one row per unit with a total");
    drop(db);
    assert_eq!(
        check(&path).code,
        0,
        "written from the facts, it matches them"
    );
    let change = "economy_total; UPDATE economy_total SET deviation = deviation - 1000000 \
                  WHERE org_unit_id = 'hsn.pv'";
    let (_dir, path) = altered(change);
    let run = check(&path);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stdout.contains(
            "error: economy_total says other than economy_fact in 2 rows \
             (the first: period 2025-10, unit hsn.pv)"
        ),
        "{}",
        run.stdout
    );
    let (_dir, path) = altered(&format!("{change}; PRAGMA user_version = 3"));
    let run = check(&path);
    assert_eq!(run.code, 0, "{}", run.all());
}

#[test]
fn a_broken_reference_is_an_error_naming_the_row() {
    let (_dir, path) =
        altered("UPDATE economy_fact SET org_unit_id = 'ghost' WHERE org_unit_id = 'hsn.pv'");
    let run = check(&path);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stdout.contains(
            "error: economy_fact (2025-10, ghost, total): org_unit_id: value 'ghost': \
             'org_unit_id' refers to org_unit.id, but no such row exists"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn parts_that_miss_the_total_are_a_note_within_rounding_and_a_warning_beyond() {
    let (_dir, path) =
        altered("UPDATE economy_fact SET deviation = -311000000 WHERE org_unit_id = 'hsn.sv'");
    let run = check(&path);
    assert_eq!(run.code, 0, "a 1 mkr difference is rounding: {}", run.all());
    assert!(
        run.stdout
            .contains("note: economy_fact (2025-10, hsn, total): deviation"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("off by 1 mkr (within the sources' rounding)"),
        "{}",
        run.stdout
    );

    let (_dir, path) =
        altered("UPDATE economy_fact SET deviation = -300000000 WHERE org_unit_id = 'hsn.sv'");
    let run = check(&path);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(
        run.stdout
            .contains("its units (hsn.pv, hsn.sv) add up to −436 mkr: off by 12 mkr"),
        "{}",
        run.stdout
    );

    let (_dir, path) = altered(
        "UPDATE economy_fact SET deviation = -300000000 WHERE org_unit_id = 'hsn.sv';
         UPDATE economy_fact SET org_breakdown = 'partial' WHERE org_unit_id = 'hsn';",
    );
    assert_eq!(check(&path).code, 0, "a partial breakdown is not compared");
}

#[test]
fn money_stored_as_real_is_an_error() {
    // The table is STRICT, so rebuild it as a producer with its own DDL might.
    let (_dir, path) = altered(
        "CREATE TABLE f2 AS SELECT * FROM economy_fact; DROP TABLE economy_fact;
         ALTER TABLE f2 RENAME TO economy_fact;
         UPDATE economy_fact SET deviation = -448.5 WHERE org_unit_id = 'hsn';",
    );
    let run = check(&path);
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("never REAL"), "{}", run.stdout);
}

#[test]
fn a_newer_version_names_both_versions() {
    let (_dir, path) = altered("PRAGMA user_version = 7");
    let run = check(&path);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "written in snapshot format version 7, but this tertial reads versions up to 4"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked") && !run.stderr.contains("Backtrace"));
}

#[test]
fn a_missing_table_is_named() {
    let (_dir, path) = altered("DROP TABLE bed_event");
    let run = check(&path);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout
            .contains("error: the table 'bed_event' is missing"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_plain_sqlite_database_is_not_a_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    let run = check(&path);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("not a tertial snapshot: it is an SQLite database without"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_that_is_not_sqlite_gets_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(
        &path,
        b"%PDF-1.7 not a database at all, but long enough to have a header........",
    )
    .unwrap();
    let run = check(&path);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.trim(),
        format!(
            "tertial: {}: not a tertial snapshot: the file is not an SQLite database",
            path.display()
        )
    );
}

#[test]
fn an_empty_file_gets_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    let run = check(&path);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.trim(),
        format!(
            "tertial: {}: the file is empty (0 bytes), not a snapshot",
            path.display()
        )
    );
}

#[test]
fn a_truncated_database_gets_one_sentence() {
    let (_dir, path) = valid_snapshot();
    let bytes = std::fs::read(&path).unwrap();
    let cut = path.with_file_name("cut.db");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let run = check(&cut);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("the file is truncated: its header promises"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

#[test]
fn damage_inside_the_file_is_reported_not_panicked_on() {
    let (_dir, path) = valid_snapshot();
    let mut bytes = std::fs::read(&path).unwrap();
    // Overwrite everything after the first page (the schema) with garbage.
    let page = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    for (i, b) in bytes.iter_mut().enumerate().skip(page) {
        *b = (i * 7 % 251) as u8;
    }
    let bad = path.with_file_name("damaged.db");
    std::fs::write(&bad, &bytes).unwrap();
    let run = check(&bad);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.all().contains("damaged"), "{}", run.all());
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn a_wal_mode_file_is_explained() {
    let (_dir, path) = valid_snapshot();
    Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA journal_mode = WAL")
        .unwrap();
    let run = check(&path);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is in WAL mode"), "{}", run.stderr);
}

#[test]
fn a_missing_file_and_a_folder() {
    let run = tertial(&["check", "/no/such/snapshot.db"]);
    assert_eq!(
        (run.code, run.stderr.trim()),
        (2, "tertial: /no/such/snapshot.db: no such file")
    );
    let dir = tempfile::tempdir().unwrap();
    let run = check(dir.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is not a file"), "{}", run.stderr);
}

#[test]
fn check_never_writes_or_creates_files_beside_the_snapshot() {
    let (dir, path) = valid_snapshot();
    let before = std::fs::read(&path).unwrap();
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    assert_eq!(check(&path).code, 0);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), mtime);
    assert!(common::leftovers(dir.path(), &["snapshot.db"]).is_empty());
}

#[test]
fn odd_characters_in_the_path_open_the_right_file() {
    let (dir, path) = valid_snapshot();
    let odd = dir.path().join("år 2025 ?#%.db");
    std::fs::copy(&path, &odd).unwrap();
    let run = check(&odd);
    assert_eq!(run.code, 0, "{}", run.all());
}

/// A folder whose cost tree has a net line over revenue and costs.
fn with_cost_tree(facts: &str) -> common::Run {
    let folder = Folder::minimal();
    folder.write(
        "cost_type.csv",
        "id;parent_id;grp;name\nnetto;;net;Nettokostnad\nintakter;netto;revenue;Intäkter\n\
         kostnader;netto;cost;Kostnader\npersonal;kostnader;cost;Personal\nskatt;;financing;Skatter\n",
    );
    folder.write(
        "economy_fact.csv",
        &format!(
            "period_id;org_unit_id;cost_type_id;deviation;forecast_deviation;source_id\n{facts}"
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.db");
    let run = folder.import(&out);
    assert_eq!(run.code, 0, "{}", run.all());
    check(&out)
}

#[test]
fn a_total_splits_into_its_nearest_lines_that_have_rows() {
    // No net line: the total's parts are revenue and costs.
    let run = with_cost_tree(
        "2025-10;hsn;;-448;;s1\n2025-10;hsn;intakter;104;;s1\n2025-10;hsn;kostnader;-551;;s1\n",
    );
    assert!(
        run.stdout.contains("note: economy_fact (2025-10, hsn, total): deviation: deviation −448 mkr but its cost types (intakter, kostnader) add up to −447 mkr"),
        "{}",
        run.stdout
    );
    // With a net line, the total's parts are net + financing, and the net
    // line's parts are revenue and costs.
    let run = with_cost_tree(
        "2025-10;hsn;;-24;;s1\n2025-10;hsn;netto;-639;;s1\n2025-10;hsn;skatt;615;;s1\n\
         2025-10;hsn;intakter;100;;s1\n2025-10;hsn;kostnader;-700;;s1\n",
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        !run.stdout.contains("(2025-10, hsn, total)"),
        "the total adds up: {}",
        run.stdout
    );
    assert!(
        run.stdout.contains("warning: economy_fact (2025-10, hsn, netto): deviation: deviation −639 mkr but its cost types (intakter, kostnader) add up to −600 mkr: off by 39 mkr"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_figure_is_compared_only_when_every_part_states_it() {
    // The forecast of one part is unknown: no forecast comparison, but the
    // deviations still add up and are compared.
    let run = with_cost_tree(
        "2025-10;hsn;;-448;-550;s1\n2025-10;hsn;intakter;104;10;s1\n2025-10;hsn;kostnader;-500;;s1\n",
    );
    assert!(!run.stdout.contains("forecast_deviation"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("warning: economy_fact (2025-10, hsn, total): deviation"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_wal_file_beside_the_snapshot_is_explained_not_used() {
    let (dir, path) = valid_snapshot();
    let wal = dir.path().join("snapshot.db-wal");
    std::fs::write(&wal, b"not read").unwrap();
    let run = check(&path);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(
        run.stdout
            .contains("snapshot.db-wal exists beside the snapshot"),
        "{}",
        run.stdout
    );
    assert_eq!(std::fs::read(&wal).unwrap(), b"not read", "left as it was");
}

#[test]
fn the_cockpit_says_so_too() {
    let (dir, path) = valid_snapshot();
    std::fs::write(dir.path().join("snapshot.db-wal"), b"x").unwrap();
    let footer = common::overview_footer(&path);
    assert!(
        footer.contains("snapshot.db-wal exists beside the snapshot"),
        "{footer}"
    );
}

#[test]
fn parts_are_compared_within_their_own_period_whatever_the_row_order() {
    let folder = Folder::minimal();
    folder.write(
        "period.csv",
        "id;kind;end_date;label;year\n2025-08;interim;2025-08-31;ack augusti 2025;2025\n\
         2025-10;month;2025-10-31;ack oktober 2025;2025\n",
    );
    // The periods' rows interleaved: August's parts miss its total by 10 mkr,
    // October's add up.
    folder.write(
        "economy_fact.csv",
        "period_id;org_unit_id;deviation;source_id\n2025-08;hsn;-100;s1\n2025-10;hsn;-448;s1\n\
         2025-08;hsn.pv;-40;s1\n2025-10;hsn.pv;-136;s1\n2025-08;hsn.sv;-50;s1\n2025-10;hsn.sv;-312;s1\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.db");
    let run = folder.import(&out);
    assert_eq!(run.code, 0, "{}", run.all());
    let run = check(&out);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(
        run.stdout.contains("warning: economy_fact (2025-08, hsn, total): deviation: deviation −100 mkr but its units (hsn.pv, hsn.sv) add up to −90 mkr: off by 10 mkr"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("(2025-10, hsn, total)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("0 errors, 1 warning, 0 notes"),
        "{}",
        run.stdout
    );
}

/// Invalid UTF-8 in free text is an error naming the row, and a title of
/// invalid bytes is said to be that, not "empty".
#[test]
fn invalid_utf8_in_free_text_is_reported() {
    let (_dir, path) = altered(
        "UPDATE org_unit SET name = CAST(x'48ff53ff' AS TEXT) WHERE id = 'hsn.pv'; \
         UPDATE meta SET value = CAST(x'c3' AS TEXT) WHERE key = 'title'; \
         UPDATE source SET section = CAST(x'31c3a4ff' AS TEXT)",
    );
    let run = check(&path);
    assert_eq!(run.code, 2, "{}", run.all());
    for row in [
        "org_unit (hsn.pv): name:",
        "meta (title): value:",
        "source (s1): section:",
    ] {
        assert!(
            run.stdout
                .lines()
                .any(|l| l.contains(row) && l.contains("the text is not valid UTF-8")),
            "{row}: {}",
            run.stdout
        );
    }
    assert!(!run.stdout.contains("'title' is empty"), "{}", run.stdout);
}

/// More org units than the cockpit reads: the cockpit refuses the file, and
/// `check` says why in the same words (there are no duplicate keys).
#[test]
fn more_rows_than_the_cockpit_reads_is_an_error_in_its_words() {
    let (_dir, path) = altered(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i <= 250000) \
         INSERT INTO org_unit (id, parent_id, kind, name) \
         SELECT 'u' || i, 'hsn', 'unit', 'Enhet ' || i FROM n",
    );
    let run = check(&path);
    assert_eq!(run.code, 2, "{}", run.all());
    let said = "one view would need more than 250 000 rows, more than the cockpit reads";
    assert!(
        run.stdout.contains(&format!(
            "error: the organisation (org_unit) has 250 005 rows: {said}"
        )),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("duplicate"), "{}", run.stdout);
    let render = tertial(&["render", "oversikt", "--snapshot", path.to_str().unwrap()]);
    assert_eq!(render.code, 2, "{}", render.all());
    assert!(render.stderr.contains(said), "{}", render.stderr);
}

/// More key-figure values than the cockpit reads (it reads them all at
/// once): Nyckeltal says so and points to `check`, which names them in
/// the words the cockpit's error uses.
#[test]
fn more_key_figure_values_than_the_cockpit_reads_is_an_error_in_its_words() {
    let (_dir, path) = altered(
        "INSERT INTO kpi (id, name) VALUES ('k1', 'Ett nyckeltal'); \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i <= 250000) \
         INSERT INTO kpi_value (kpi_id, date, label, value) \
         SELECT 'k1', date('1400-01-01', '+' || i || ' days'), 'dag', '1' FROM n",
    );
    let run = check(&path);
    assert_eq!(run.code, 2, "{}", run.all());
    let said = "one view would need more than 250 000 rows, more than the cockpit reads";
    assert!(
        run.stdout
            .contains("error: the key figures' values (kpi_value) has 250 001 rows"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(said), "{}", run.stdout);
    let render = tertial(&["render", "nyckeltal", "--snapshot", path.to_str().unwrap()]);
    assert!(
        render.stdout.contains("fler än 250 000 rader") && render.stdout.contains("tertial check"),
        "{}",
        render.all()
    );
}

/// A copy of the sample as format version 1 wrote it: without the columns
/// versions 2 to 4 added (renamed away: extra columns are ignored) and
/// without the month-precision event.
fn sample_as_version_1() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    std::fs::copy(common::repo().join("sample.db"), &path).unwrap();
    let db = Connection::open(&path).unwrap();
    db.execute_batch(
        "PRAGMA foreign_keys = OFF;
         ALTER TABLE directive RENAME COLUMN kpi_id TO producer_kpi;
         ALTER TABLE directive RENAME COLUMN indicator_id TO producer_indicator;
         ALTER TABLE kpi_value RENAME COLUMN period_id TO producer_period;
         ALTER TABLE economy_fact RENAME COLUMN forecast_source_id TO producer_forecast_source;
         ALTER TABLE indicator_value RENAME COLUMN forecast TO producer_forecast;
         DELETE FROM bed_event WHERE length(date) = 7;
         ALTER TABLE bed_event RENAME COLUMN directive_id TO producer_directive;
         ALTER TABLE notice RENAME COLUMN kind TO producer_kind;
         ALTER TABLE notice RENAME COLUMN other_source_id TO producer_other_source;
         PRAGMA user_version = 1;",
    )
    .unwrap();
    drop(db);
    (dir, path)
}

#[test]
fn a_version_1_file_without_the_later_columns_still_checks_and_opens() {
    let (_dir, path) = sample_as_version_1();
    let run = check(&path);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.contains("format version 1"), "{}", run.stdout);
    let file = path.to_str().unwrap();
    for pane in [
        "uppdrag",
        "vardplatser",
        "mal",
        "ekonomi",
        "oversikt",
        "nyckeltal",
    ] {
        let shown = tertial(&["render", pane, "--snapshot", file, "--period", "2025-08"]);
        assert_eq!(shown.code, 0, "{pane}: {}", shown.all());
        // Before format 4 no event is linked to a promise, and no notice
        // is a contradiction.
        assert!(!shown.stdout.contains("Utlovade vårdplatser"), "{pane}");
        assert!(!shown.stdout.contains("Motsägelse"), "{pane}");
    }
    // The same columns missing from a version 2 file are errors.
    let db = Connection::open(&path).unwrap();
    db.execute_batch("PRAGMA user_version = 2").unwrap();
    drop(db);
    let run = check(&path);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stdout
            .contains("lacks the column(s) kpi_id, indicator_id"),
        "{}",
        run.stdout
    );
}

/// Nyckeltal reads version 2's `kpi_value.period_id` (the report that
/// states a value). Without it, a version 1 file's values are known by
/// their date (docs/snapshot-format.md, KPIs): a value for the whole of
/// 2025 (dated 2025-12-31) that August's report stated is then not yet
/// known in October, and no value names the report it came from.
#[test]
fn nyckeltal_reads_a_version_1_file_by_the_values_dates() {
    let (_dir, v1) = sample_as_version_1();
    let v2 = common::repo().join("sample.db");
    let rows = |path: &Path| {
        let run = tertial(&[
            "render",
            "nyckeltal",
            "--snapshot",
            path.to_str().unwrap(),
            "--period",
            "2025-10",
            "--format",
            "csv",
        ]);
        assert_eq!(run.code, 0, "{}", run.all());
        let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
        let header = reader.headers().unwrap().clone();
        let records: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        (header, records)
    };
    let field =
        |(header, records): &(csv::StringRecord, Vec<Vec<String>>), name: &str, column: &str| {
            let at = header.iter().position(|h| h == column).unwrap();
            records.iter().find(|r| r[1] == name).map(|r| r[at].clone())
        };
    let (old, new) = (rows(&v1), rows(&v2));
    let hired = "Beroende hyrpersonal, andel av egna personalkostnader (SKR-mått)";
    for table in [&old, &new] {
        assert_eq!(field(table, hired, "Senast").as_deref(), Some("3.81"));
        assert_eq!(field(table, hired, "Mål (%)").as_deref(), Some("3.7"));
    }
    assert_eq!(
        field(&new, hired, "Period").as_deref(),
        Some("ack augusti 2025")
    );
    assert_eq!(field(&old, hired, "Period").as_deref(), Some(""));
    let needs = "Verksamheternas behov av åtgärder (åtgärdsplaner)";
    assert_eq!(field(&new, needs, "Senast").as_deref(), Some("593"));
    assert_eq!(field(&old, needs, "Senast"), None, "not known by its date");
}

#[test]
fn a_directive_measured_twice_and_an_unknown_focus_unit_are_errors() {
    let (_dir, path) = altered(
        "INSERT INTO kpi (id, name) VALUES ('k1', 'Andel');
         INSERT INTO goal (id, number, title, kind) VALUES ('g1', '1', 'Mål', 'operational');
         INSERT INTO indicator (id, goal_id, name, direction) VALUES ('i1', 'g1', 'Ind', 'higher');
         INSERT INTO directive (id, issuer_id, title, source_id, kpi_id, indicator_id)
             VALUES ('d1', 'region', 'Uppdrag', 's1', 'k1', 'i1');
         INSERT INTO meta VALUES ('focus_unit', 'nowhere');",
    );
    let run = check(&path);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stdout.contains("link one"), "{}", run.stdout);
    assert!(
        run.stdout.contains("focus_unit names no org_unit"),
        "{}",
        run.stdout
    );
}

/// Last year's row of a key figure, delmål, indicator or directive
/// (`previous_id`) must exist and must not lead back to the row itself.
#[test]
fn a_year_link_to_nothing_or_round_in_a_loop_is_an_error() {
    let (_dir, path) = altered(
        "INSERT INTO kpi (id, name, previous_id) VALUES ('k2025', 'Andel', 'k2024'),
             ('k2024', 'Andel', NULL), ('k-a', 'A', 'k-b'), ('k-b', 'B', 'k-a'),
             ('k-self', 'Själv', 'k-self'), ('k-lost', 'Borta', 'k-none');
         INSERT INTO goal (id, number, title, kind) VALUES ('g1', '1', 'Mål', 'operational');
         INSERT INTO subgoal (id, goal_id, owner_id, year, text, previous_id)
             VALUES ('sg2025', 'g1', 'hsn', 2025, 'Delmål', 'sg2026'),
                    ('sg2026', 'g1', 'hsn', 2026, 'Delmål', 'sg2025');
         INSERT INTO directive (id, issuer_id, title, source_id, previous_id)
             VALUES ('d1', 'region', 'Uppdrag', 's1', 'd1');",
    );
    let run = check(&path);
    assert_eq!(run.code, 2, "{}", run.all());
    let loops: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("previous_id chain of this row loops back"))
        .collect();
    for row in [
        "kpi (k-a)",
        "kpi (k-b)",
        "kpi (k-self)",
        "subgoal (sg2025)",
        "subgoal (sg2026)",
        "directive (d1)",
    ] {
        assert!(
            loops.iter().any(|l| l.contains(row)),
            "{row} not named: {}",
            run.stdout
        );
    }
    assert_eq!(
        loops.len(),
        6,
        "a linked chain that ends is fine: {}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "error: kpi (k-lost): previous_id: value 'k-none': 'previous_id' refers to kpi.id, \
             but no such row exists"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn an_event_may_give_only_its_month() {
    let (_dir, path) = altered(
        "INSERT INTO bed_event (date, org_unit_id, label, bed_change, source_id) \
         VALUES ('2025-08', 'hsn', 'KUA', 2, 's1'), ('2025-8', 'hsn', 'Fel', 1, 's1');",
    );
    let run = check(&path);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stdout.contains("value '2025-8'"), "{}", run.stdout);
    assert!(!run.stdout.contains("value '2025-08'"), "{}", run.stdout);
}
