//! A property-based state machine over the cockpit: random sequences of
//! keys (every key the keymap binds, with and without modifiers, and any
//! character), pastes, mouse reports and resizes never panic, always leave
//! the selection in range, and `q` always quits. 10 000 sequences by
//! default; set PROPTEST_CASES to change it.
//!
//! Each run draws a seed and prints it (shown with a failure); a failing
//! case is kept in `state_machine.proptest-regressions` beside this file
//! and replayed first by every later run, so commit that file with the fix.
//! `PROPTEST_RNG_SEED=N` replays a run.

use proptest::prelude::*;
use proptest::test_runner::{FileFailurePersistence, RngSeed};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use tertial::data::Store;
use tertial::keymap::{Action, named};
use tertial::ui::app::{App, Mode};
use tertial::ui::screen::{Body, PaneId};
use tertial::ui::theme::{Theme, ThemeName};

#[derive(Debug, Clone)]
enum Op {
    Key(KeyEvent),
    Paste(String),
    Mouse(MouseEvent),
    Resize(u16, u16),
}

/// Every key the default keymap binds to an action in some pane, the
/// fixed ones (Ctrl-C, Ctrl-Z) included: a key added to the keymap is
/// walked without a change here.
fn bound_keys() -> Vec<KeyEvent> {
    let keymap = tertial::config::default_keymap();
    let mut keys: Vec<KeyEvent> = Vec::new();
    for (_, action) in named() {
        for pane in PaneId::ALL {
            for key in keymap.keys(action, pane) {
                let event = KeyEvent::new(key.code, key.mods);
                if !keys.contains(&event) {
                    keys.push(event);
                }
            }
        }
    }
    keys
}

/// Shift, Ctrl and Alt in any combination.
fn modifiers() -> impl Strategy<Value = KeyModifiers> {
    (0u8..8).prop_map(KeyModifiers::from_bits_truncate)
}

fn key_strategy() -> impl Strategy<Value = KeyEvent> {
    let bound = bound_keys();
    assert!(bound.len() > 30, "the keymap's keys: {bound:?}");
    prop_oneof![
        8 => proptest::sample::select(bound.clone()),
        // A bound key with modifiers it was not bound with.
        2 => (proptest::sample::select(bound), modifiers())
            .prop_map(|(key, mods)| KeyEvent::new(key.code, key.modifiers | mods)),
        1 => (any::<char>(), modifiers()).prop_map(|(c, mods)| KeyEvent::new(KeyCode::Char(c), mods)),
    ]
}

/// Pasted text: words the sample has (so that a search finds something),
/// control characters, and anything.
fn paste_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(vec![
            "anslag och".to_string(),
            "hus".to_string(),
            "FORMALISERA hyrberoendet".to_string(),
            "\u{1b}[2J\u{7}q\r\n\t".to_string(),
            "x".repeat(500),
        ]),
        proptest::collection::vec(any::<char>(), 0..40).prop_map(String::from_iter),
    ]
}

fn mouse_strategy() -> impl Strategy<Value = MouseEvent> {
    let button = proptest::sample::select(vec![
        MouseButton::Left,
        MouseButton::Right,
        MouseButton::Middle,
    ]);
    let kind = prop_oneof![
        4 => button.clone().prop_map(MouseEventKind::Down),
        2 => button.clone().prop_map(MouseEventKind::Up),
        1 => button.prop_map(MouseEventKind::Drag),
        1 => Just(MouseEventKind::Moved),
        2 => Just(MouseEventKind::ScrollDown),
        2 => Just(MouseEventKind::ScrollUp),
        1 => Just(MouseEventKind::ScrollLeft),
        1 => Just(MouseEventKind::ScrollRight),
    ];
    (kind, 0u16..140, 0u16..50, modifiers()).prop_map(|(kind, column, row, modifiers)| MouseEvent {
        kind,
        column,
        row,
        modifiers,
    })
}

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        24 => key_strategy().prop_map(Op::Key),
        1 => paste_strategy().prop_map(Op::Paste),
        4 => mouse_strategy().prop_map(Op::Mouse),
        2 => (0u16..140, 0u16..50).prop_map(|(w, h)| Op::Resize(w, h)),
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
    app.settings.export_dir = Some("/nonexistent/tertial-state-machine".into());
    // Mouse reports act only where the mouse is turned on.
    app.settings.mouse = true;
    // Notes from a private file of the tests' own, so that `a` opens the
    // editor (a Ctrl-S among the random keys saves into it, nowhere else).
    let organisation = app.store.meta.organisation.clone();
    app.set_notes(tertial::ui::notes::Notes::open(notes_file(), &organisation));
    for op in ops {
        match op {
            Op::Key(key) => {
                // Quitting is checked below; here keep going.
                let quits = matches!(app.mode, Mode::Normal)
                    && app.settings.keymap.action_for(key, app.pane) == Some(Action::Quit);
                if quits {
                    continue;
                }
                app.handle_key(*key);
            }
            Op::Paste(text) => app.paste(text),
            Op::Mouse(event) => {
                tertial::ui::mouse::handle(&mut app, event);
            }
            Op::Resize(w, h) => app.resize(*w, *h),
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
/// The seed is PROPTEST_RNG_SEED's (plus the half), or drawn anew and
/// printed, so that a failure names the run that found it; failures are
/// kept in the repository beside this file.
fn half_of_the_cases(half: u64) -> ProptestConfig {
    let defaults = ProptestConfig::default();
    let total: u32 = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let seed = match defaults.rng_seed {
        RngSeed::Fixed(seed) => seed.wrapping_add(half),
        RngSeed::Random => {
            use std::hash::{BuildHasher, RandomState};
            RandomState::new().hash_one(half)
        }
    };
    eprintln!(
        "state machine, half {half}: seed {seed} (PROPTEST_RNG_SEED={} replays it)",
        seed.wrapping_sub(half)
    );
    ProptestConfig {
        cases: total.div_ceil(2),
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..defaults
    }
}

proptest! {
    #![proptest_config(half_of_the_cases(0))]

    #[test]
    fn random_use_never_breaks_the_cockpit(ops in proptest::collection::vec(op_strategy(), 1..40)) {
        session(&ops)?;
    }
}

proptest! {
    #![proptest_config(half_of_the_cases(1))]

    #[test]
    fn random_use_never_breaks_the_cockpit_second_half(ops in proptest::collection::vec(op_strategy(), 1..40)) {
        session(&ops)?;
    }
}
