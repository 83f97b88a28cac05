//! A slow query never holds the cockpit: after a moment the screen says it
//! is fetching and that Esc cancels, Esc does, and the user is left where
//! they were.
//!
//! The slow query is real and slow on any machine: its cost grows with the
//! square of the file, not with the machine's speed. The file has 30 000
//! copies of one period (no key stops that in a hand-made or hostile file)
//! and 30 000 goal-level indicators with a value only in that period; Mål
//! asks, for each indicator without a value this period, whether it has one
//! this year, and each such question meets every copy: 900 million steps of
//! SQL, most of a minute on a fast machine, for a file of 5 MB built in a
//! fraction of a second. Översikt does not read it, so the cockpit starts
//! at once.

use crate::common;

use common::Bulk;
use common::pty::Tui;

const COPIES: i64 = 30_000;

fn slow_snapshot(dir: &std::path::Path) -> std::path::PathBuf {
    let bulk = Bulk::sample(dir, "slow.db");
    bulk.old_period_copies(COPIES)
        .fill(
            COPIES,
            "INSERT INTO indicator (id, goal_id, subgoal_id, name, direction) \
             SELECT 'i' || x, (SELECT min(id) FROM goal), NULL, 'Indikator ' || x, 'higher' FROM n",
        )
        .fill(
            COPIES,
            "INSERT INTO indicator_value (period_id, indicator_id, value, illustrative) \
             SELECT 'old', 'i' || x, '1', 1 FROM n",
        );
    bulk.done()
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
    // Mål meets every copy of the period for every indicator.
    tui.send("3");
    tui.wait_for("Hämtar data ... Esc avbryter");
    // The query alone runs for minutes; a cancel that did not stop it
    // would never show this line before the wait's deadline.
    tui.send("\u{1b}");
    tui.wait_for("Avbrutet: hämtningen stoppades");
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
