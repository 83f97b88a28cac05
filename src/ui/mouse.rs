//! The mouse, when it is turned on (`mouse = true`, `--mouse`): off by
//! default, so that selecting text with the mouse works as in any terminal.
//! hledger-ui's model: the wheel scrolls, a click selects a row, a click on
//! the selected row opens it, a click on a tab switches pane, a click in the
//! left margin goes back.
//!
//! The terminal loop only passes crossterm's mouse events here; where a
//! click lands is worked out from the same layout the screen is drawn with
//! ([`super::layout`]), so it is pure and tested without a terminal.

use super::app::{App, Mode};
use super::keymap::Action;
use super::layout::{self, tab_label};
use super::screen::{Body, PaneId};
use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

/// Rows (or lines) one notch of the wheel moves.
pub const WHEEL_STEP: usize = 3;

/// The escape sequences that turn mouse reports on: button presses and the
/// wheel (1000, no motion, so an idle mouse sends nothing) in SGR form (1006,
/// which has no limit on the column).
pub const ENABLE: &str = "\x1b[?1000h\x1b[?1006h";
/// And off again; harmless where they were never on.
pub const DISABLE: &str = "\x1b[?1006l\x1b[?1000l";

/// A mouse report in SGR form, `ESC [ < b ; x ; y M` (press) or `m`
/// (release), as the crossterm event it is: `params` is what stands between
/// `<` and the final byte. None if it is malformed; buttons the cockpit
/// has no use for are returned all the same, as crossterm returns them.
pub fn parse_sgr(params: &[u8], last: u8) -> Option<MouseEvent> {
    let text = std::str::from_utf8(params).ok()?;
    let mut fields = text.split(';').map(|f| f.parse::<u16>().ok());
    let (b, x, y) = (fields.next()??, fields.next()??, fields.next()??);
    if fields.next().is_some() || x == 0 || y == 0 {
        return None;
    }
    let button = match b & 0b11 {
        0 => MouseButton::Left,
        1 => MouseButton::Middle,
        _ => MouseButton::Right,
    };
    let kind = match (b & 0b110_0000, last) {
        (64, _) => match b & 0b11 {
            0 => MouseEventKind::ScrollUp,
            1 => MouseEventKind::ScrollDown,
            2 => MouseEventKind::ScrollLeft,
            _ => MouseEventKind::ScrollRight,
        },
        (32, _) if b & 0b11 == 3 => MouseEventKind::Moved,
        (32, _) => MouseEventKind::Drag(button),
        (0, b'M') => MouseEventKind::Down(button),
        (0, b'm') => MouseEventKind::Up(button),
        _ => return None,
    };
    let mut modifiers = KeyModifiers::NONE;
    for (bit, flag) in [
        (4, KeyModifiers::SHIFT),
        (8, KeyModifiers::ALT),
        (16, KeyModifiers::CONTROL),
    ] {
        if b & bit != 0 {
            modifiers |= flag;
        }
    }
    Some(MouseEvent {
        kind,
        column: x - 1,
        row: y - 1,
        modifiers,
    })
}

/// What a mouse event means where it lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gesture {
    /// The wheel: positive is down.
    Scroll(isize),
    Tab(PaneId),
    /// A click in the left margin of the body.
    Back,
    /// A click on a table row (its index in the screen's rows).
    Row(usize),
}

/// The gesture of `event` on the app as it is drawn now, if any.
pub fn gesture(app: &App, event: &MouseEvent) -> Option<Gesture> {
    let step = WHEEL_STEP as isize;
    match event.kind {
        MouseEventKind::ScrollDown => return Some(Gesture::Scroll(step)),
        MouseEventKind::ScrollUp => return Some(Gesture::Scroll(-step)),
        MouseEventKind::Down(MouseButton::Left) => {}
        _ => return None,
    }
    let (x, y) = (event.column, event.row);
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    let [_, tabs, _, body, _] = layout::frame(area);
    if y == tabs.y {
        return tab_at(x);
    }
    if !body.contains((x, y).into()) {
        return None;
    }
    let margin = app.theme.symbols().selection.width() as u16;
    if x < body.x + margin {
        return Some(Gesture::Back);
    }
    row_at(app, body, y).map(Gesture::Row)
}

/// The tab under column `x` of the tab line.
fn tab_at(x: u16) -> Option<Gesture> {
    let mut left = 0u16;
    for (i, pane) in PaneId::ALL.into_iter().enumerate() {
        let width = tab_label(i, pane).width() as u16;
        if (left..left + width).contains(&x) {
            return Some(Gesture::Tab(pane));
        }
        left += width + 1;
    }
    None
}

/// The table row drawn at line `y` of the body, if any.
fn row_at(app: &App, body: Rect, y: u16) -> Option<usize> {
    let screen = app.screen()?;
    let table = match &screen.body {
        Body::Table(t) => t,
        Body::Bars(b) => &b.table,
        Body::Detail(_) | Body::Chart(_) => return None,
    };
    let area = match &screen.body {
        Body::Bars(b) => layout::bars(b, body)[0],
        _ => body,
    };
    let [_, rows] = layout::table(table, area);
    // The first line of the table is its column header.
    let first = rows.y + 1;
    if y < first || y >= rows.bottom() {
        return None;
    }
    let index = screen.offset + usize::from(y - first);
    (index < table.rows.len()).then_some(index)
}

/// Carries out a mouse event; true if the screen must be drawn again.
pub fn handle(app: &mut App, event: &MouseEvent) -> bool {
    // Reports nobody asked for (another program left them on) mean nothing.
    if !app.settings.mouse {
        return false;
    }
    let before = app.view_stamp();
    let Some(gesture) = gesture(app, event) else {
        return false;
    };
    app.message = None;
    match (&app.mode, gesture) {
        // Typing a search: the mouse leaves it alone.
        // The mouse does not edit a note or search text.
        (Mode::Search(_) | Mode::Note(_), _) => {}
        // A write that asks first is answered with a key only.
        (Mode::Confirm(_), _) => {}
        (Mode::Help(offset), Gesture::Scroll(delta)) => {
            let lines = app.settings.keymap.help_lines(app.pane).len();
            let offset = offset.saturating_add_signed(delta).min(lines);
            app.mode = Mode::Help(offset);
        }
        // A click closes the help, as a key does.
        (Mode::Help(_), _) => app.mode = Mode::Normal,
        (Mode::Normal, Gesture::Scroll(delta)) => {
            let action = if delta > 0 { Action::Down } else { Action::Up };
            for _ in 0..delta.unsigned_abs() {
                app.apply(action);
            }
        }
        (Mode::Normal, Gesture::Tab(pane)) => app.apply(Action::Pane(pane)),
        (Mode::Normal, Gesture::Back) => app.apply(Action::Back),
        (Mode::Normal, Gesture::Row(i)) => {
            if app.screen().is_some_and(|s| s.selected == i) {
                app.apply(Action::Drill);
            } else {
                app.select_row(i);
            }
        }
    }
    app.view_stamp() != before
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Store;
    use crate::ui::theme::{Theme, ThemeName};

    fn app() -> App {
        let today = chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
        let mut app = App::new(
            Store::demo().unwrap(),
            Theme::new(ThemeName::Mono, false),
            today,
            (100, 30),
        );
        app.settings.mouse = true;
        app
    }

    fn at(kind: MouseEventKind, column: u16, row: u16) -> MouseEvent {
        MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }
    }

    fn click(column: u16, row: u16) -> MouseEvent {
        at(MouseEventKind::Down(MouseButton::Left), column, row)
    }

    #[test]
    fn sgr_reports_parse_as_crossterm_has_them() {
        let parsed = |text: &str, last: u8| parse_sgr(text.as_bytes(), last);
        assert_eq!(
            parsed("0;5;10", b'M'),
            Some(at(MouseEventKind::Down(MouseButton::Left), 4, 9))
        );
        assert_eq!(
            parsed("0;5;10", b'm'),
            Some(at(MouseEventKind::Up(MouseButton::Left), 4, 9))
        );
        assert_eq!(
            parsed("65;1;1", b'M'),
            Some(at(MouseEventKind::ScrollDown, 0, 0))
        );
        assert_eq!(
            parsed("64;300;2", b'M'),
            Some(at(MouseEventKind::ScrollUp, 299, 1)),
            "SGR has no limit on the column"
        );
        let ctrl = parsed("16;1;1", b'M').unwrap();
        assert_eq!(ctrl.modifiers, KeyModifiers::CONTROL);
        assert_eq!(parsed("35;3;3", b'M').unwrap().kind, MouseEventKind::Moved);
        for bad in ["", "0;5", "0;5;10;1", "x;1;1", "0;0;1", "0;1;99999"] {
            assert_eq!(parsed(bad, b'M'), None, "{bad}");
        }
    }

    #[test]
    fn tabs_are_found_by_their_labels() {
        // " 1 Översikt " is 12 columns, then a space, then " 2 Ekonomi ".
        assert_eq!(tab_at(0), Some(Gesture::Tab(PaneId::Overview)));
        assert_eq!(tab_at(11), Some(Gesture::Tab(PaneId::Overview)));
        assert_eq!(tab_at(12), None, "the space between tabs");
        assert_eq!(tab_at(13), Some(Gesture::Tab(PaneId::Economy)));
        assert_eq!(tab_at(200), None);
    }

    #[test]
    fn a_click_selects_then_opens_and_the_margin_goes_back() {
        let mut app = app();
        assert!(handle(&mut app, &click(14, 1)), "the Ekonomi tab");
        assert_eq!(app.pane, PaneId::Economy);
        // Body from line 3; caption or not, the header comes first, then rows.
        let screen = app.screen().unwrap();
        let selected = screen.selected;
        let Body::Table(table) = &screen.body else {
            panic!("Ekonomi opens on a table")
        };
        let first_row = 3 + u16::from(table.caption.is_some()) + 1;
        let target = (selected + 1..table.rows.len())
            .find(|&i| !table.rows[i].heading)
            .unwrap();
        let y = first_row + (target - screen.offset) as u16;
        assert!(handle(&mut app, &click(10, y)));
        assert_eq!(app.screen().unwrap().selected, target);
        assert_eq!(app.stack().len(), 1, "a first click only selects");
        handle(&mut app, &click(10, y));
        assert_eq!(app.stack().len(), 2, "a click on the selected row opens it");
        assert!(handle(&mut app, &click(0, 10)));
        assert_eq!(app.stack().len(), 1, "the left margin goes back");
        assert!(
            !handle(&mut app, &click(10, 0)),
            "the title line does nothing"
        );
    }

    #[test]
    fn the_wheel_moves_three_rows_and_scrolls_the_help() {
        let mut app = app();
        app.apply(Action::Pane(PaneId::Directives));
        let before = app.screen().unwrap().selected;
        handle(&mut app, &at(MouseEventKind::ScrollDown, 30, 10));
        assert_eq!(app.screen().unwrap().selected, before + WHEEL_STEP);
        handle(&mut app, &at(MouseEventKind::ScrollUp, 30, 10));
        assert_eq!(app.screen().unwrap().selected, before);
        app.apply(Action::Help);
        handle(&mut app, &at(MouseEventKind::ScrollDown, 30, 10));
        assert_eq!(app.mode, Mode::Help(WHEEL_STEP));
        handle(&mut app, &click(30, 10));
        assert_eq!(app.mode, Mode::Normal, "a click closes the help");
        assert!(
            !handle(&mut app, &at(MouseEventKind::Moved, 30, 10)),
            "motion means nothing"
        );
        app.settings.mouse = false;
        assert!(
            !handle(&mut app, &click(14, 1)),
            "nothing when the mouse is off"
        );
    }
}
