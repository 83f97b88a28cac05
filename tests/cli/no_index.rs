//! A snapshot whose big tables have no keys and no indexes (hand-made, or
//! hostile) is read in time that grows with its size, never with its size
//! squared. Every read the cockpit makes is a join, which SQLite indexes on
//! the fly when the file has no index, not a subquery run once per row or a
//! probe per unit. With the correlated source lookup this walk took hours;
//! the deadline below is generous for a 2-core CI machine.

use crate::common;

use rusqlite::Connection;
use std::sync::mpsc;
use std::time::Duration;
use tertial::data::Store;
use tertial::keymap::Action;
use tertial::ui::app::App;
use tertial::ui::screen::PaneId;
use tertial::ui::theme::{Theme, ThemeName};

const SOURCES: i64 = 40_000;
const FACTS: i64 = 60_000;
const BED_MONTHS: i64 = 80_000;

fn unindexed(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("no-index.db");
    std::fs::copy(common::repo().join("sample.db"), &path).unwrap();
    let db = Connection::open(&path).unwrap();
    db.execute_batch("PRAGMA foreign_keys = OFF; PRAGMA journal_mode = OFF;")
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
        SOURCES,
    );
    // Units under HSN, forty lines each in the latest period, each citing
    // a source.
    fill(
        "INSERT INTO org_unit (id, parent_id, kind, name, short_name) \
         SELECT 'x' || x, 'hsn', 'unit', 'Enhet ' || x, NULL FROM n",
        FACTS / 40,
    );
    fill(
        "INSERT INTO economy_fact (period_id, org_unit_id, cost_type_id, budget, outcome, deviation, \
         source_id, illustrative) \
         SELECT '2025-10', 'x' || (x / 40), CASE WHEN x % 40 = 0 THEN NULL ELSE 'personal' END, \
                1000000, 1100000, -100000, 'src' || (x % 40000), 1 FROM n",
        FACTS,
    );
    // Bed series inside the Vårdplatser window, each month citing a source.
    fill(
        "INSERT INTO bed_month (org_unit_id, month, available, source_id, illustrative) \
         SELECT 'x' || (x / 20), printf('2024-%02d', 1 + x % 12), '10.5', 'src' || (x % 40000), 1 FROM n",
        BED_MONTHS,
    );
    path
}

#[test]
fn a_file_without_indexes_is_slow_at_worst_never_quadratic() {
    let dir = tempfile::tempdir().unwrap();
    let path = unindexed(dir.path());
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        let store = Store::open(&path).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
        let mut app = App::new(store, Theme::new(ThemeName::Mono, false), today, (120, 40));
        let mut shown = Vec::new();
        for pane in PaneId::ALL {
            app.apply(Action::Pane(pane));
            shown.push((
                pane,
                app.screen().map(|s| s.rows().len()),
                app.message.clone(),
            ));
            app.apply(Action::Drill);
            app.apply(Action::Back);
        }
        done.send(shown).unwrap();
    });
    let shown = finished
        .recv_timeout(Duration::from_secs(60))
        .expect("every pane read within a minute");
    for (pane, rows, message) in shown {
        assert_eq!(message, None, "{pane:?} read without an error");
        assert!(rows.is_some_and(|n| n > 0), "{pane:?} shows rows");
    }
}
