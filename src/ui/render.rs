//! `tertial render`: the screen the cockpit shows after some keys, as text.
//! Tests and scripts use the very code path the interactive cockpit uses:
//! the same `App`, the same keys, the same drawing, into an in-memory buffer.

use super::app::App;
use super::screen::PaneId;
use super::theme::Theme;
use crate::data::Store;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

pub struct RenderOptions {
    pub pane: PaneId,
    pub period: Option<String>,
    pub size: (u16, u16),
    pub keys: Vec<KeyEvent>,
    pub theme: Theme,
    pub today: chrono::NaiveDate,
    /// The notes file to show marks and the follow-up list from; none: no notes.
    pub notes: Option<std::path::PathBuf>,
}

/// Builds the app, presses the keys and draws once, with the default
/// settings (key bindings).
pub fn render(store: Store, options: &RenderOptions) -> Result<Buffer, String> {
    render_with(store, options, crate::config::Settings::default())
}

/// [`render`] with these settings: the keys act as their bindings say.
pub fn render_with(
    store: Store,
    options: &RenderOptions,
    settings: crate::config::Settings,
) -> Result<Buffer, String> {
    super::area::check_render_size(options.size)?;
    let app = run(store, options, settings)?;
    draw(&app, options.size)
}

/// The screen in view after the keys, as data in `format` (a data format:
/// see [`crate::export::Format::is_data`]); the keys act as `settings`
/// bind them.
pub fn export(
    store: Store,
    options: &RenderOptions,
    format: crate::export::Format,
    mark: crate::export::Mark,
    settings: crate::config::Settings,
) -> Result<Vec<u8>, String> {
    let mut app = run(store, options, settings)?;
    // A table's rows not yet in view are read for the data (Row::pending).
    app.fill_whole();
    let sheet =
        super::sheet::of(&app.in_view()).ok_or("nothing to export: the pane has no screen")?;
    crate::export::write(&sheet, format, mark).map_err(|e| e.to_string())
}

/// Builds the app and presses the keys, as `settings` bind them.
fn run(
    store: Store,
    options: &RenderOptions,
    settings: crate::config::Settings,
) -> Result<App, String> {
    let organisation = store.meta.organisation.clone();
    // The period asked for is the one the app opens at: Översikt is built
    // once, for it.
    let period = match &options.period {
        None => store.periods.len().saturating_sub(1),
        Some(wanted) => App::period_named(&store.periods, wanted).ok_or_else(|| {
            let known: Vec<String> = (store.periods.iter())
                .map(|p| format!("{} ({})", p.id, p.label))
                .collect();
            format!(
                "no period '{wanted}'; the snapshot has: {}",
                known.join(", ")
            )
        })?,
    };
    let (theme, today, size) = (options.theme, options.today, options.size);
    let mut app = App::with_settings_at(store, settings, theme, today, size, period);
    if let Some(path) = &options.notes {
        app.set_notes(super::notes::Notes::open(path, &organisation));
    }
    app.apply(crate::keymap::Action::Pane(options.pane));
    for key in &options.keys {
        app.handle_key(*key);
        if app.quit {
            break;
        }
    }
    Ok(app)
}

fn draw(app: &App, (width, height): (u16, u16)) -> Result<Buffer, String> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).map_err(|e| e.to_string())?;
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .map_err(|e| e.to_string())?;
    Ok(terminal.backend().buffer().clone())
}

/// Parses `--keys` in the notation of [`crate::keymap::key`]: each character is
/// a key, `<Name>` a named one. Example: `2jj<Enter>i`.
pub fn parse_keys(text: &str) -> Result<Vec<KeyEvent>, String> {
    Ok(crate::keymap::key::parse_sequence(text)?
        .iter()
        .map(crate::keymap::Key::event)
        .collect())
}

/// The buffer as plain text, one line per row, trailing spaces removed.
pub fn to_text(buffer: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = symbol.width().saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The buffer with ANSI SGR sequences for colour and emphasis.
pub fn to_ansi(buffer: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut current = String::new();
        let mut skip = 0;
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let cell = &buffer[(x, y)];
            let sgr = sgr(cell.fg, cell.bg, cell.modifier);
            if sgr != current {
                out.push_str("\x1b[0m");
                out.push_str(&sgr);
                current = sgr;
            }
            skip = cell.symbol().width().saturating_sub(1);
            out.push_str(cell.symbol());
        }
        out.push_str("\x1b[0m\n");
    }
    out
}

fn sgr(fg: Color, bg: Color, modifier: Modifier) -> String {
    let mut codes: Vec<String> = Vec::new();
    for (flag, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
    ] {
        if modifier.contains(flag) {
            codes.push(code.into());
        }
    }
    codes.extend(colour(fg, false));
    codes.extend(colour(bg, true));
    if codes.is_empty() {
        String::new()
    } else {
        format!("\x1b[{}m", codes.join(";"))
    }
}

fn colour(colour: Color, background: bool) -> Option<String> {
    let base = if background { 40 } else { 30 };
    let named = |n: u8| Some((base + n).to_string());
    let bright = |n: u8| Some((base + 60 + n).to_string());
    match colour {
        Color::Reset => None,
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => bright(0),
        Color::LightRed => bright(1),
        Color::LightGreen => bright(2),
        Color::LightYellow => bright(3),
        Color::LightBlue => bright(4),
        Color::LightMagenta => bright(5),
        Color::LightCyan => bright(6),
        Color::White => bright(7),
        Color::Indexed(i) => Some(format!("{};5;{i}", base + 8)),
        Color::Rgb(r, g, b) => Some(format!("{};2;{r};{g};{b}", base + 8)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    #[test]
    fn keys_parse_with_names() {
        let keys = parse_keys("2j<Enter><S-Tab><C-c>").unwrap();
        assert_eq!(keys.len(), 5);
        assert_eq!(keys[2].code, KeyCode::Enter);
        assert_eq!(keys[3].code, KeyCode::BackTab);
        assert!(keys[4].modifiers.contains(KeyModifiers::CONTROL));
        assert!(parse_keys("<Bogus>").is_err());
    }
}
