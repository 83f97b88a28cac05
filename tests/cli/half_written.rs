//! A snapshot with SQLite's own files beside it: a journal a writer did not
//! finish (hot), a spent journal, a `-shm`. tertial opens files immutable
//! and never writes, so it cannot roll a journal back: a hot journal makes
//! `check` fail and the cockpit refuse, each in one sentence; the rest are
//! warnings. Every file here is a private copy of the sample.

use crate::common;

use common::pty::Tui;
use common::{Folder, tertial};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

const HSN_TOTAL: &str = "SELECT deviation FROM economy_fact WHERE org_unit_id = 'hsn' \
                         AND cost_type_id IS NULL AND period_id = '2025-10'";

/// A copy of the sample as a writer that crashed mid-transaction leaves it,
/// made by SQLite itself: HSN's total changed to −999 mkr and enough pages
/// changed that SQLite spilled them into the file before the commit; the
/// file and its journal are copied while the transaction is still open.
fn half_written(dir: &Path) -> PathBuf {
    let work = dir.join("writer");
    std::fs::create_dir(&work).unwrap();
    let live = work.join("snapshot.db");
    std::fs::copy(common::repo().join("sample.db"), &live).unwrap();
    let writer = Connection::open(&live).unwrap();
    writer
        .execute_batch(
            "PRAGMA journal_mode = DELETE; PRAGMA cache_size = 1; PRAGMA synchronous = OFF; \
             BEGIN; \
             UPDATE economy_fact SET deviation = -999000000 WHERE org_unit_id = 'hsn' \
               AND cost_type_id IS NULL AND period_id = '2025-10'; \
             UPDATE bed_month SET available = available || '0'; \
             UPDATE economy_fact SET analysis = coalesce(analysis, '') || ' ';",
        )
        .unwrap();
    let crashed = dir.join("crashed");
    std::fs::create_dir(&crashed).unwrap();
    let path = crashed.join("snapshot.db");
    std::fs::copy(&live, &path).unwrap();
    std::fs::copy(
        work.join("snapshot.db-journal"),
        crashed.join("snapshot.db-journal"),
    )
    .unwrap();
    writer.execute_batch("ROLLBACK").unwrap();
    path
}

fn copy_pair(from: &Path, to_dir: &Path) -> PathBuf {
    std::fs::create_dir_all(to_dir).unwrap();
    let to = to_dir.join("snapshot.db");
    std::fs::copy(from, &to).unwrap();
    let journal = |p: &Path| PathBuf::from(format!("{}-journal", p.display()));
    std::fs::copy(journal(from), journal(&to)).unwrap();
    to
}

fn hsn_total(conn: &Connection) -> i64 {
    conn.query_row(HSN_TOTAL, [], |r| r.get(0)).unwrap()
}

#[test]
fn the_crafted_journal_is_hot_sqlite_itself_rolls_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = half_written(dir.path());
    // What the file holds without its journal: the half-written figure.
    let raw = copy_pair(&path, &dir.path().join("raw"));
    std::fs::remove_file(format!("{}-journal", raw.display())).unwrap();
    assert_eq!(hsn_total(&Connection::open(&raw).unwrap()), -999_000_000);
    // What SQLite makes of file and journal: the journal rolled back.
    let rolled = copy_pair(&path, &dir.path().join("rolled"));
    assert_eq!(hsn_total(&Connection::open(&rolled).unwrap()), -448_000_000);
}

#[test]
fn check_refuses_a_file_with_a_hot_journal_in_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let path = half_written(dir.path());
    let journal = format!("{}-journal", path.display());
    let before = (
        std::fs::read(&path).unwrap(),
        std::fs::read(&journal).unwrap(),
    );
    let run = tertial(&["check", path.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert_eq!(
        run.stderr.lines().count(),
        1,
        "one sentence: {}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("snapshot.db-journal lies beside the snapshot")
            && run.stderr.contains("hot journal"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("mkr"), "no figures: {}", run.stdout);
    let after = (
        std::fs::read(&path).unwrap(),
        std::fs::read(&journal).unwrap(),
    );
    assert!(before == after, "neither file was touched");
}

#[test]
fn the_cockpit_refuses_to_show_figures_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = half_written(dir.path());
    let run = tertial(&["render", "oversikt", "--snapshot", path.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stdout.is_empty(), "nothing drawn: {}", run.stdout);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("hot journal"), "{}", run.stderr);

    let mut tui = Tui::start(&[path.to_str().unwrap()], 200, 30, &[]);
    assert_eq!(tui.wait_exit(), 2);
    let screen = tui.screen();
    assert!(
        screen.contains("snapshot.db-journal lies beside the snapshot"),
        "{screen}"
    );
    assert!(!screen.contains("−999"), "{screen}");
    assert!(!tui.alternate_screen(), "never entered the cockpit");
}

#[test]
fn a_spent_journal_and_a_shm_file_are_explained_as_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snapshot.db");
    std::fs::copy(common::repo().join("sample.db"), &path).unwrap();
    let side = |suffix: &str| PathBuf::from(format!("{}{suffix}", path.display()));

    // What journal_mode=TRUNCATE leaves: an empty journal.
    std::fs::write(side("-journal"), b"").unwrap();
    let run = tertial(&["check", path.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(
        run.stdout.contains(
            "snapshot.db-journal exists beside the snapshot but holds no unfinished changes"
        ),
        "{}",
        run.stdout
    );
    // What PERSIST leaves: a journal with its header zeroed.
    std::fs::write(side("-journal"), [0u8; 512]).unwrap();
    let run = tertial(&["check", path.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.all());
    std::fs::remove_file(side("-journal")).unwrap();

    std::fs::write(side("-shm"), [0u8; 64]).unwrap();
    let run = tertial(&["check", path.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(
        run.stdout
            .contains("snapshot.db-shm exists beside the snapshot"),
        "{}",
        run.stdout
    );
    let footer = common::overview_footer(&path);
    assert!(footer.contains("snapshot.db-shm exists"), "{footer}");
}

#[test]
fn import_never_renames_a_file_over_one_with_a_hot_journal() {
    let dir = tempfile::tempdir().unwrap();
    let path = half_written(dir.path());
    let before = std::fs::read(&path).unwrap();
    let folder = Folder::minimal();
    let run = folder.import(&path);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.contains("SQLite would apply them"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}
