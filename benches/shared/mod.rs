//! What the cockpit's benchmarks share (`benches/cockpit.rs`,
//! `benches/national.rs`, each with `mod shared;`): the cockpit on an
//! opened store at 120×40, drawn into memory, and keys typed into it.
#![allow(dead_code)] // each benchmark uses a part

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tertial::data::Store;
use tertial::ui::app::App;
use tertial::ui::theme::{Theme, ThemeName};

pub const SIZE: (u16, u16) = (120, 40);

/// What the search benchmarks look for: a word in a cost type,
/// indicators, delmål and key figures alike.
pub const SEARCH_WORD: &str = "hyrpersonal";

/// The cockpit on `store` as it starts: Översikt built, the default
/// theme, days counted from 1 December 2025.
pub fn app(store: Store) -> App {
    let today = chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
    App::new(store, Theme::new(ThemeName::Default, false), today, SIZE)
}

pub fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).unwrap()
}

pub fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
}

/// A key without modifiers.
pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// `/` and [`SEARCH_WORD`] typed, not yet Enter.
pub fn type_search(app: &mut App) {
    app.handle_key(key(KeyCode::Char('/')));
    for c in SEARCH_WORD.chars() {
        app.handle_key(key(KeyCode::Char(c)));
    }
}
