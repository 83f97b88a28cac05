//! Trees of any depth cost time in proportion to their size: a hostile or
//! broken file with 100 000 nested units and 20 000 nested cost types opens,
//! and every pane is built, drilled into and drawn, in about a second.
//! Before, each unit's ancestor chain was walked in full for every unit
//! (100 000² steps, outside SQLite, so nothing could stop them): Ekonomi was
//! still frozen after 400 s. The deadlines below are generous for a 2-core
//! CI machine; they are not a speed target (see BENCHMARKS.md).

use crate::common;

use common::Bulk;
use common::pty::Tui;
use std::sync::mpsc;
use std::time::Duration;
use tertial::data::Store;
use tertial::keymap::Action;
use tertial::ui::app::App;
use tertial::ui::screen::PaneId;
use tertial::ui::theme::{Theme, ThemeName};

const UNITS: i64 = 100_000;
const COST_TYPES: i64 = 20_000;

/// The sample with a chain of `UNITS` units under HSN, each with a total
/// this period, and a chain of `COST_TYPES` cost types under Personal, each
/// with a line for HSN. Built by SQL in well under a second.
fn deep(dir: &std::path::Path) -> std::path::PathBuf {
    let bulk = Bulk::sample(dir, "deep.db");
    bulk.fill(
        UNITS,
        "INSERT INTO org_unit (id, parent_id, kind, name) \
         SELECT 'd' || x, CASE x WHEN 0 THEN 'hsn' ELSE 'd' || (x - 1) END, 'unit', 'Djup ' || x FROM n",
    )
    .fill(UNITS, TOTALS.replace("{prefix}", "d").as_str())
    .fill(
        COST_TYPES,
        "INSERT INTO cost_type (id, parent_id, grp, name) \
         SELECT 'c' || x, CASE x WHEN 0 THEN 'personal' ELSE 'c' || (x - 1) END, 'cost', \
                'Kostnadsslag ' || x FROM n",
    )
    .fill(
        COST_TYPES,
        "INSERT INTO economy_fact (period_id, org_unit_id, cost_type_id, deviation, illustrative) \
         SELECT '2025-10', 'hsn', 'c' || x, -1000, 1 FROM n",
    );
    bulk.done()
}

/// A total this period for each unit `{prefix}0` … (a deficit of x kronor).
const TOTALS: &str = "INSERT INTO economy_fact (period_id, org_unit_id, budget, outcome, deviation, \
     illustrative) SELECT '2025-10', '{prefix}' || x, 1000000, 1000000 - x, -x, 1 FROM n";

/// `work` on the cockpit opened on `path` at 120×40, on a thread of its
/// own; its answer, or a failure if it takes more than a minute.
fn within_a_minute<T: Send + 'static>(
    path: std::path::PathBuf,
    what: &str,
    work: impl FnOnce(App) -> T + Send + 'static,
) -> T {
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        let store = Store::open(&path).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
        let app = App::new(store, Theme::new(ThemeName::Mono, false), today, (120, 40));
        let _ = done.send(work(app));
    });
    finished
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("{what} within a minute"))
}

#[test]
fn every_pane_of_a_deep_file_is_built_drilled_searched_and_drawn_within_a_minute() {
    let dir = tempfile::tempdir().unwrap();
    let path = deep(dir.path());
    let (seen, title, lines, pane) = within_a_minute(path, "every pane", |mut app| {
        let draw = |app: &App| {
            let mut terminal =
                ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
            terminal
                .draw(|frame| frame.render_widget(app, frame.area()))
                .unwrap();
        };
        let mut seen = Vec::new();
        for pane in PaneId::ALL {
            app.apply(Action::Pane(pane));
            draw(&app);
            seen.push((
                pane,
                app.screen().map(|s| s.rows().len()),
                app.message.clone(),
            ));
        }
        // Ekonomi: HSN's cost types, 20 000 nested lines, every one drawn.
        app.apply(Action::Pane(PaneId::Economy));
        app.apply(Action::Down);
        app.apply(Action::Drill);
        let title = app.screen().unwrap().title.clone();
        let lines = app.screen().unwrap().rows().len();
        for _ in 0..4 {
            app.apply(Action::Bottom);
            draw(&app);
            app.apply(Action::Top);
            draw(&app);
        }
        // The deepest unit, found and jumped to.
        app.apply(Action::Search);
        for c in "Djup 99999".chars() {
            app.handle_key(ratatui::crossterm::event::KeyEvent::new(
                ratatui::crossterm::event::KeyCode::Char(c),
                ratatui::crossterm::event::KeyModifiers::NONE,
            ));
        }
        app.handle_key(ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Enter,
            ratatui::crossterm::event::KeyModifiers::NONE,
        ));
        draw(&app);
        (seen, title, lines, app.pane)
    });
    for (pane, rows, message) in seen {
        assert_eq!(message, None, "{pane:?} read without an error");
        assert!(rows.is_some_and(|n| n > 0), "{pane:?} shows rows");
    }
    assert_eq!(title, "HSN: kostnadsslag");
    assert!(lines > COST_TYPES as usize, "{lines} lines");
    assert_eq!(pane, PaneId::Economy, "the search hit was jumped to");
}

/// The sample with `UNITS` units straight under HSN, each with a total.
fn wide(dir: &std::path::Path) -> std::path::PathBuf {
    let bulk = Bulk::sample(dir, "wide.db");
    bulk.fill(
        UNITS,
        "INSERT INTO org_unit (id, parent_id, kind, name) SELECT 'w' || x, 'hsn', 'unit', 'Bred ' || x FROM n",
    )
    .fill(UNITS, TOTALS.replace("{prefix}", "w").as_str());
    bulk.done()
}

/// A table of 100 000 rows costs a screenful per frame: drawing every row
/// each frame took half a second a cursor move in a release build.
#[test]
fn a_flat_tree_of_100_000_units_is_drawn_a_screenful_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = wide(dir.path());
    let what = "400 frames of a 100 000-row table";
    let (rows, selected) = within_a_minute(path, what, |mut app| {
        app.apply(Action::Pane(PaneId::Economy));
        let rows = app.screen().unwrap().rows().len();
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
        for step in 0..400 {
            app.apply(match step % 4 {
                0 => Action::PageDown,
                3 => Action::Bottom,
                _ => Action::Down,
            });
            terminal
                .draw(|frame| frame.render_widget(&app, frame.area()))
                .unwrap();
        }
        (rows, app.screen().unwrap().selected)
    });
    assert!(rows > UNITS as usize, "{rows} rows");
    assert_eq!(selected, rows - 1);
}

/// The cockpit on `path` in a pty of 100×30.
fn cockpit(path: &std::path::Path) -> Tui {
    Tui::start_program(
        env!("CARGO_BIN_EXE_tertial"),
        &[path.to_str().unwrap()],
        100,
        30,
        &[("NO_COLOR", "1")],
    )
}

#[test]
fn the_cockpit_on_a_deep_file_draws_at_once_and_quits() {
    let dir = tempfile::tempdir().unwrap();
    let mut tui = cockpit(&deep(dir.path()));
    tui.wait_for("Störst underskott");
    tui.send("2");
    tui.wait_for("Ekonomi (mkr)");
    tui.send("j\r");
    tui.wait_for("HSN: kostnadsslag");
    // The last of the 20 000 nested lines, indented only as far as leaves
    // room for its name.
    let before = tui.selected_row();
    tui.send("G");
    tui.wait_until("G reached the last line", |tui| {
        tui.selected_row() != before && tui.selected_row().contains("Kostnadssl")
    });
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// The sample with 20 000 copies of one period and 20 000 directives with a
/// status in it: Översikt meets every copy for every status, so building
/// the first screen takes most of a minute (a hostile file's cost, which
/// grows with the square of its size).
fn slow_start(dir: &std::path::Path) -> std::path::PathBuf {
    let bulk = Bulk::sample(dir, "slow-start.db");
    bulk.old_period_copies(20_000)
        .fill(
            20_000,
            "INSERT INTO directive (id, issuer_id, title, illustrative) \
             SELECT 'u' || x, 'rf', 'Uppdrag ' || x, 1 FROM n",
        )
        .fill(
            20_000,
            "INSERT INTO directive_status (period_id, directive_id, status, illustrative) \
             SELECT 'old', 'u' || x, 'ongoing', 1 FROM n",
        );
    bulk.done()
}

#[test]
fn a_slow_start_shows_a_loading_line_at_once_that_q_esc_and_ctrl_c_leave() {
    let dir = tempfile::tempdir().unwrap();
    let path = slow_start(dir.path());
    for key in ["q", "\x1b", "\x03"] {
        let mut tui = cockpit(&path);
        tui.wait_for("Läser in ögonblicksbilden");
        assert!(tui.alternate_screen());
        tui.send(key);
        assert_eq!(tui.wait_exit(), 0, "{key:?}");
        assert!(
            !tui.alternate_screen(),
            "{key:?}: the terminal is given back"
        );
    }
}

#[test]
fn check_refuses_a_deep_tree_naming_its_deepest_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = deep(dir.path());
    let run = common::tertial(&["check", path.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stdout.contains(
            "error: org_unit (d99999): parent_id: this unit lies 100001 levels below the top of \
             its tree; the format allows at most 32 (99969 rows are deeper than that)"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "error: cost_type (c19999): parent_id: this cost type lies 20002 levels below"
        ),
        "{}",
        run.stdout
    );
}
