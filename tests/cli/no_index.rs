//! A snapshot whose big tables have no keys and no indexes (hand-made, or
//! hostile) is read in work that grows with its size, never with its size
//! squared. Every read the cockpit makes is a join, which SQLite indexes on
//! the fly when the file has no index, not a subquery run once per row or a
//! probe per unit. With the correlated source lookup this walk took hours.
//!
//! The work is counted, not timed: SQLite's virtual-machine steps over the
//! whole walk, at one size and at twice that size. Linear work doubles
//! (a sort's log factor adds a little); a correlated lookup quadruples.
//! The count does not depend on the machine or its load.

use crate::common;

use rusqlite::Connection;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;
use tertial::data::Store;
use tertial::keymap::Action;
use tertial::ui::app::App;
use tertial::ui::screen::PaneId;
use tertial::ui::theme::{Theme, ThemeName};

/// The rows added at size 1; size 2 adds twice as many of each.
const SOURCES: i64 = 10_000;
const FACTS: i64 = 15_000;
const BED_MONTHS: i64 = 20_000;

fn unindexed(dir: &std::path::Path, size: i64) -> std::path::PathBuf {
    let sources = SOURCES * size;
    let path = dir.join(format!("no-index-{size}.db"));
    std::fs::copy(common::repo().join("sample.db"), &path).unwrap();
    let db = Connection::open(&path).unwrap();
    // Without `economy_total` (format 4, optional): the totals are read
    // from the unindexed facts, as from a file of an earlier version; the
    // table would also no longer match the facts added below.
    db.execute_batch(
        "PRAGMA foreign_keys = OFF; PRAGMA journal_mode = OFF; DROP TABLE IF EXISTS economy_total;",
    )
    .unwrap();
    // The same columns and rows, with no key, constraint or index.
    for table in ["source", "org_unit", "economy_fact", "bed_month"] {
        db.execute_batch(&format!(
            "CREATE TABLE loose AS SELECT * FROM {table}; DROP TABLE {table}; \
             ALTER TABLE loose RENAME TO {table};"
        ))
        .unwrap();
    }
    let fill = |sql: &str, n: i64| {
        db.execute(
            &format!(
                "WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < ?1 - 1) {sql}"
            ),
            [n],
        )
        .unwrap();
    };
    fill(
        "INSERT INTO source (id, document, section, page, locator) \
         SELECT 'src' || x, 'Rapport ' || x, 'Avsnitt', x % 90, NULL FROM n",
        sources,
    );
    // Units under HSN, forty lines each in the latest period, each citing
    // a source.
    fill(
        "INSERT INTO org_unit (id, parent_id, kind, name, short_name) \
         SELECT 'x' || x, 'hsn', 'unit', 'Enhet ' || x, NULL FROM n",
        FACTS * size / 40,
    );
    fill(
        &format!(
            "INSERT INTO economy_fact (period_id, org_unit_id, cost_type_id, budget, outcome, deviation, \
         source_id, illustrative) \
         SELECT '2025-10', 'x' || (x / 40), CASE WHEN x % 40 = 0 THEN NULL ELSE 'personal' END, \
                1000000, 1100000, -100000, 'src' || (x % {sources}), 1 FROM n"
        ),
        FACTS * size,
    );
    // Bed series inside the Vårdplatser window, each month citing a source.
    fill(
        &format!(
            "INSERT INTO bed_month (org_unit_id, month, available, source_id, illustrative) \
         SELECT 'x' || (x / 20), printf('2024-%02d', 1 + x % 12), '10.5', 'src' || (x % {sources}), 1 FROM n"
        ),
        BED_MONTHS * size,
    );
    path
}

/// Opens every pane of the file at `path`, drilling in and back, and
/// returns what each showed and the virtual-machine steps SQLite took, in
/// thousands. The deadline is only a guard against a hang.
type Shown = Vec<(
    PaneId,
    Option<usize>,
    Option<tertial::ui::footer::FooterMessage>,
)>;

/// The steps (in thousands) of opening the file and of each pane's visit.
type Parts = Vec<(String, u64)>;

fn walk(path: std::path::PathBuf) -> (Shown, Parts) {
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        let store = Store::open(&path).unwrap();
        let steps = Arc::new(AtomicU64::new(0));
        let counted = Arc::clone(&steps);
        store.set_cancel_check_every(1000, move || {
            counted.fetch_add(1, Ordering::Relaxed);
            false
        });
        let today = chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
        let mut app = App::new(store, Theme::new(ThemeName::Mono, false), today, (120, 40));
        let mut shown = Vec::new();
        let mut before = steps.load(Ordering::Relaxed);
        let mut parts = vec![("start".to_string(), before)];
        for pane in PaneId::ALL {
            app.apply(Action::Pane(pane));
            shown.push((
                pane,
                app.screen().map(|s| s.rows().len()),
                app.message.clone(),
            ));
            app.apply(Action::Drill);
            app.apply(Action::Back);
            let now = steps.load(Ordering::Relaxed);
            parts.push((format!("{pane:?}"), now - before));
            before = now;
        }
        done.send((shown, parts)).unwrap();
    });
    finished
        .recv_timeout(Duration::from_secs(600))
        .expect("the walk ended (a hang otherwise)")
}

#[test]
fn a_file_without_indexes_is_slow_at_worst_never_quadratic() {
    let dir = tempfile::tempdir().unwrap();
    let (shown, once_parts) = walk(unindexed(dir.path(), 1));
    for (pane, rows, message) in shown {
        assert_eq!(message, None, "{pane:?} read without an error");
        assert!(rows.is_some_and(|n| n > 0), "{pane:?} shows rows");
    }
    let (_, twice_parts) = walk(unindexed(dir.path(), 2));
    let once: u64 = once_parts.iter().map(|(_, n)| n).sum();
    let twice: u64 = twice_parts.iter().map(|(_, n)| n).sum();
    assert!(once > 0, "the steps were counted");
    // Linear: about 2. Quadratic: about 4.
    let ratio = twice as f64 / once as f64;
    let growth: Vec<String> = once_parts
        .iter()
        .zip(&twice_parts)
        .map(|((part, a), (_, b))| format!("{part} {a}k → {b}k"))
        .collect();
    assert!(
        ratio < 2.8,
        "twice the rows took {ratio:.2} times the steps: work grows faster than the file ({})",
        growth.join(", ")
    );
}
