//! A slow query never holds the cockpit: after a moment the screen says it
//! is fetching and that Esc cancels, Esc does, and the user is left where
//! they were. The slow query is real: a snapshot with a million bed months
//! and no index beyond its key.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failure

mod common;

use common::pty::Tui;
use rusqlite::Connection;
use std::time::{Duration, Instant};

const BED_MONTHS: i64 = 1_000_000;

fn slow_snapshot(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("slow.db");
    std::fs::copy(common::repo().join("sample.db"), &path).unwrap();
    let db = Connection::open(&path).unwrap();
    db.execute_batch(
        "PRAGMA foreign_keys = OFF; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF",
    )
    .unwrap();
    // 10 000 made-up units of 100 months each, in key order (quick to
    // insert), ending in 2025-04: inside the Vårdplatser table's two-year
    // window, so that pane has 170 000 of them to read.
    db.execute(
        "WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < ?1 - 1) \
         INSERT INTO bed_month (org_unit_id, month, available, illustrative) \
         SELECT printf('u%05d', x / 100), \
                printf('%04d-%02d', 2017 + (x % 100) / 12, 1 + (x % 100) % 12), '12.5', 1 FROM n",
        [BED_MONTHS],
    )
    .unwrap();
    db.execute_batch("PRAGMA journal_mode = DELETE").unwrap();
    path
}

#[test]
fn esc_cancels_a_slow_query_and_the_view_stays() {
    let dir = tempfile::tempdir().unwrap();
    let path = slow_snapshot(dir.path());
    let tertial = env!("CARGO_BIN_EXE_tertial");
    let mut tui = Tui::start_program(
        tertial,
        &[path.to_str().unwrap()],
        100,
        30,
        &[("NO_COLOR", "1")],
    );
    tui.wait_for("Störst underskott");
    // Vårdplatser reads every unit's last two years: slow on this file.
    tui.send("5");
    tui.wait_for("Hämtar data ... Esc avbryter");
    let asked = Instant::now();
    tui.send("\u{1b}");
    tui.wait_for("Avbrutet: hämtningen stoppades");
    assert!(
        asked.elapsed() < Duration::from_secs(2),
        "cancelled promptly: {:?}",
        asked.elapsed()
    );
    let screen = tui.screen();
    assert!(
        screen.contains("Störst underskott"),
        "still on Översikt:\n{screen}"
    );
    assert!(
        !screen.contains("Hämtar data"),
        "the notice is gone:\n{screen}"
    );
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
