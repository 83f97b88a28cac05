//! The mouse, when it is turned on (`mouse = true`, `--mouse`): off by
//! default, so that selecting text with the mouse works as in any terminal.
//! hledger-ui's model: the wheel scrolls, a click selects a row, a click on
//! the selected row opens it, a click on a tab switches pane, a click in the
//! left margin goes back.
//!
//! The terminal loop only passes crossterm's mouse events here. This file
//! only works out what an event asks for, a [`Gesture`], from the same
//! layout the screen is drawn with ([`super::layout`]), so it is
//! pure and tested without a terminal; [`App::apply_gesture`] carries it
//! out, as `App::apply` does an action.

use super::app::{App, Gesture};
use super::layout::{self, tab_label};
use super::screen::{Body, PaneId};
use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

/// Rows (or lines) one notch of the wheel moves.
pub const WHEEL_STEP: usize = 3;

/// Mouse reports on and off, and their SGR form: the terminal's side.
pub use tertial_term::mouse::{DISABLE, ENABLE, parse_sgr};

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

/// Carries out a mouse event, as the [`Gesture`] it is where it lands;
/// true if the screen must be drawn again.
pub fn handle(app: &mut App, event: &MouseEvent) -> bool {
    // Reports nobody asked for (another program left them on) mean nothing.
    if !app.settings.mouse {
        return false;
    }
    let before = app.view_stamp();
    let Some(gesture) = gesture(app, event) else {
        return false;
    };
    app.apply_gesture(gesture);
    app.view_stamp() != before
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Store;
    use crate::keymap::Action;
    use crate::ui::app::Mode;
    use crate::ui::theme::{Theme, ThemeName};
    use ratatui::crossterm::event::KeyModifiers;

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
