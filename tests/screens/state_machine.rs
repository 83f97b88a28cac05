//! A property-based state machine over the cockpit: random sequences of keys,
//! resizes and period switches never panic, always leave the selection in
//! range, and `q` always quits. 10 000 sequences by default; set
//! PROPTEST_CASES to change it.

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tertial::data::Store;
use tertial::ui::app::{App, Mode};
use tertial::ui::screen::{Body, PaneId};
use tertial::ui::theme::{Theme, ThemeName};

#[derive(Debug, Clone)]
enum Op {
    Key(KeyCode),
    Resize(u16, u16),
}

fn key_strategy() -> impl Strategy<Value = KeyCode> {
    // Every tab's digit, so that a new pane is walked too.
    let tabs = (1..=PaneId::ALL.len()).filter_map(|n| char::from_digit(n as u32, 10));
    let bound: Vec<KeyCode> = "jkgGlhinN[]bfrs/?xucdoyYeaA "
        .chars()
        .chain(tabs)
        .map(KeyCode::Char)
        .chain([
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Backspace,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Home,
            KeyCode::End,
        ])
        .collect();
    prop_oneof![
        9 => proptest::sample::select(bound),
        1 => any::<char>().prop_map(KeyCode::Char),
    ]
}

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        12 => key_strategy().prop_map(Op::Key),
        1 => (0u16..140, 0u16..50).prop_map(|(w, h)| Op::Resize(w, h)),
    ]
}

/// The selection points at a row that exists and is shown.
fn check_invariants(app: &App) -> Result<(), TestCaseError> {
    prop_assert!(!app.stack().is_empty(), "every visited pane has a screen");
    let screen = app.screen().unwrap();
    let rows = screen.rows().len();
    match screen.body {
        Body::Table(_) | Body::Bars(_) if rows > 0 => {
            prop_assert!(
                screen.selected < rows,
                "selected {} of {rows}",
                screen.selected
            );
            prop_assert!(
                screen.offset <= screen.selected,
                "offset {} > selected {}",
                screen.offset,
                screen.selected
            );
        }
        _ => {}
    }
    prop_assert!(app.period < app.store.periods.len());
    Ok(())
}

/// The notes file every session opens: one per test process, in a
/// temporary folder.
fn notes_file() -> &'static std::path::Path {
    static FILE: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    FILE.get_or_init(|| crate::common::test_data_home().join("state-machine-notes.db"))
}

/// One random session: every step keeps the invariants, the end draws,
/// and `q` quits.
fn session(ops: &[Op]) -> Result<(), TestCaseError> {
    let today = chrono::NaiveDate::from_ymd_opt(2025, 11, 22).unwrap();
    let mut app = App::new(
        Store::demo().unwrap(),
        Theme::new(ThemeName::Default, false),
        today,
        (80, 24),
    );
    // `e` writes nothing here: a folder that does not exist says so.
    app.copy.export_dir = Some("/nonexistent/tertial-state-machine".into());
    // Notes from a private, empty file, so that `a` opens the editor (no
    // key here is Ctrl-S: nothing is ever saved to it).
    let organisation = app.store.meta.organisation.clone();
    app.set_notes(tertial::ui::notes::Notes::open(notes_file(), &organisation));
    for op in ops {
        match *op {
            Op::Key(code) => {
                // Quitting is checked below; here keep going.
                if code == KeyCode::Char('q') {
                    continue;
                }
                app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
            }
            Op::Resize(w, h) => app.resize(w, h),
        }
        prop_assert!(!app.quit, "only q and Ctrl-C quit");
        check_invariants(&app)?;
    }
    // Whatever the state, it draws at its size, and q quits.
    let (w, h) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|frame| frame.render_widget(&app, frame.area()))
        .unwrap();
    // Leave search, help or the note editor first, as a user would with
    // Esc (the editor with typed text asks first: a second Esc).
    for _ in 0..2 {
        if matches!(app.mode, Mode::Search(_) | Mode::Help(_) | Mode::Note(_)) {
            app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
        }
    }
    app.handle_key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE));
    prop_assert!(app.quit, "q quits");
    Ok(())
}

/// Half of the sessions each, so that both of a two-core machine's test
/// threads run them. PROPTEST_CASES sets the total (10 000 by default).
fn half_of_the_cases() -> ProptestConfig {
    let total: u32 = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    ProptestConfig {
        cases: total.div_ceil(2),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(half_of_the_cases())]

    #[test]
    fn random_use_never_breaks_the_cockpit(ops in proptest::collection::vec(op_strategy(), 1..40)) {
        session(&ops)?;
    }

    #[test]
    fn random_use_never_breaks_the_cockpit_second_half(ops in proptest::collection::vec(op_strategy(), 1..40)) {
        session(&ops)?;
    }
}
