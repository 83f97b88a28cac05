//! `tertial gen`: a synthetic snapshot that passes its own checks, is the same
//! for the same seed, is written atomically, and is illustrative throughout.
//! Only the small scale runs here; the region scale is a manual measurement.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failure

mod common;

use common::{leftovers, tertial};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tempfile::TempDir;
use tertial::snapshot::spec::TABLES;

fn gen_small(out: &Path, seed: u64) -> common::Run {
    tertial(&[
        "gen",
        "--scale",
        "small",
        "--seed",
        &seed.to_string(),
        "-o",
        out.to_str().unwrap(),
    ])
}

/// One small snapshot (seed 7) shared by the tests that only read it.
fn shared() -> &'static Path {
    static SNAPSHOT: OnceLock<(TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = SNAPSHOT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("small.db");
        let run = gen_small(&path, 7);
        assert_eq!(run.code, 0, "{}", run.all());
        (dir, path)
    });
    path
}

#[test]
fn a_small_snapshot_is_written_with_a_summary_and_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("small.db");
    let run = gen_small(&out, 1);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.contains("scale small, seed 1"), "{}", run.stdout);
    assert!(run.stdout.contains("economy_fact"), "{}", run.stdout);
    assert!(run.stdout.contains("checked in"), "{}", run.stdout);
    assert_eq!(leftovers(dir.path(), &["small.db"]), Vec::<String>::new());

    let check = tertial(&["check", out.to_str().unwrap()]);
    assert_eq!(check.code, 0, "{}", check.all());
    assert!(
        check.stdout.contains("0 errors, 0 warnings, 0 notes"),
        "{}",
        check.stdout
    );
    assert!(check.stdout.contains("(100,0 %)"), "{}", check.stdout);
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_another_file() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    let c = dir.path().join("c.db");
    for (path, seed) in [(&a, 3), (&b, 3), (&c, 4)] {
        let run = gen_small(path, seed);
        assert_eq!(run.code, 0, "{}", run.all());
    }
    let (a, b, c) = (
        std::fs::read(a).unwrap(),
        std::fs::read(b).unwrap(),
        std::fs::read(c).unwrap(),
    );
    assert!(a == b, "seed 3 twice gave different files");
    assert!(a != c, "seeds 3 and 4 gave the same file");
}

#[test]
fn every_fact_row_is_illustrative() {
    let db = Connection::open_with_flags(shared(), OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    for table in TABLES.iter().filter(|t| t.provenance) {
        let (rows, illustrative): (i64, i64) = db
            .query_row(
                &format!(
                    "SELECT count(*), coalesce(sum(illustrative = 1), 0) FROM \"{}\"",
                    table.name
                ),
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(rows, illustrative, "{}", table.name);
        if table.name != "budget_frame" && table.name != "frame_change" {
            assert!(rows > 0, "{} has rows", table.name);
        }
    }
    let journal: String = db
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_ne!(journal.to_lowercase(), "wal");
    let version: i64 = db
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, tertial::snapshot::spec::FORMAT_VERSION);
}

#[test]
fn parents_are_exact_sums_of_their_children() {
    let db = Connection::open_with_flags(shared(), OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    // Every unit's total against the sum of its children's totals, and
    // every cost line against its child lines, for every period.
    let off: i64 = db
        .query_row(
            "SELECT count(*) FROM economy_fact p \
             JOIN (SELECT f.period_id, u.parent_id, sum(f.outcome) AS s, sum(f.budget) AS b \
                   FROM economy_fact f JOIN org_unit u ON u.id = f.org_unit_id \
                   WHERE f.cost_type_id IS NULL GROUP BY 1, 2) c \
               ON c.period_id = p.period_id AND c.parent_id = p.org_unit_id \
             WHERE p.cost_type_id IS NULL AND (p.outcome <> c.s OR p.budget <> c.b)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(off, 0);
    let off: i64 = db
        .query_row(
            "SELECT count(*) FROM economy_fact p \
             JOIN (SELECT f.period_id, f.org_unit_id, t.parent_id, sum(f.outcome) AS s \
                   FROM economy_fact f JOIN cost_type t ON t.id = f.cost_type_id \
                   WHERE t.parent_id IS NOT NULL GROUP BY 1, 2, 3) c \
               ON c.period_id = p.period_id AND c.org_unit_id = p.org_unit_id \
                  AND c.parent_id = p.cost_type_id \
             WHERE p.outcome <> c.s",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(off, 0);
    let wrong_sign: i64 = db
        .query_row(
            "SELECT count(*) FROM economy_fact WHERE deviation <> outcome - budget",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(wrong_sign, 0);
}

#[test]
fn the_cockpit_shows_a_generated_snapshot() {
    let path = shared().to_str().unwrap().to_string();
    for pane in ["oversikt", "ekonomi", "mal", "uppdrag", "vardplatser"] {
        let run = tertial(&["render", pane, "--snapshot", &path, "--today", "2026-01-20"]);
        assert_eq!(run.code, 0, "{pane}: {}", run.all());
        assert!(
            run.stdout.contains("Region Sydmark"),
            "{pane}: {}",
            run.stdout
        );
    }
    let economy = tertial(&["render", "ekonomi", "--snapshot", &path]);
    assert!(economy.stdout.contains("Hälso- och sjukvårdsnämnden"));
    assert!(economy.stdout.contains("(illustrativ)"));
}

#[test]
fn a_missing_folder_is_a_clear_error_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("no-such-folder").join("big.db");
    let run = gen_small(&out, 1);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr
            .contains("the folder it would go in does not exist")
            && run.stderr.contains("no-such-folder"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
    assert_eq!(leftovers(dir.path(), &[]), Vec::<String>::new());
}

#[test]
fn a_folder_as_output_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), "x").unwrap();
    let run = gen_small(dir.path(), 1);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.contains("is a folder, not a regular file"),
        "{}",
        run.stderr
    );
    assert_eq!(leftovers(dir.path(), &["keep.txt"]), Vec::<String>::new());
}

#[test]
fn an_existing_snapshot_is_replaced_whole_and_any_other_file_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("snapshot.db");
    std::fs::copy(common::repo().join("sample.db"), &out).unwrap();
    let run = gen_small(&out, 2);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(
        std::fs::read(&out).unwrap() != std::fs::read(common::repo().join("sample.db")).unwrap()
    );
    assert_eq!(
        leftovers(dir.path(), &["snapshot.db"]),
        Vec::<String>::new()
    );

    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "an older file").unwrap();
    let run = gen_small(&notes, 2);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.contains("not a tertial snapshot"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "an older file");
    let path = notes.to_str().unwrap();
    let run = tertial(&["gen", "--scale", "small", "-o", path, "--force"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(&std::fs::read(&notes).unwrap()[..16], b"SQLite format 3\0");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_never_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let run = tertial(&[
        "gen",
        "--scale",
        "small",
        "-o",
        fifo.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("is a FIFO"), "{}", run.stderr);
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

#[test]
fn an_unknown_scale_is_refused_by_name() {
    let run = tertial(&["gen", "--scale", "huge", "-o", "/tmp/never.db"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("choose small, region or national"));
}
