//! Where things go on screen, as pure functions of the screen and the
//! terminal's size. Drawing lays out with them, and the app scrolls and
//! pages and the mouse finds what was clicked with the same numbers, so a
//! page is exactly what is shown (no guessed chrome) and the last line of a
//! wrapped detail can be reached. This is the one module state and drawing
//! share: the app and the mouse import no drawing code but the detail
//! page's wrapping ([`detail::line_count`], the paragraph drawn).

use crate::ui::draw::detail;
use crate::ui::screen::{Bars, Body, PaneId, Screen, Table};
use crate::ui::theme::Theme;
use ratatui::layout::{Constraint, Layout, Rect};

/// The whole screen: header, tabs, breadcrumb, the screen's body, footer.
pub fn frame(area: Rect) -> [Rect; 5] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// A tab's label; one space separates tabs. The mouse finds tabs by it.
pub fn tab_label(i: usize, pane: PaneId) -> String {
    format!(" {} {} ", i + 1, pane.title())
}

/// A table's caption line (empty without a caption) and the table itself
/// (its column headers, then rows).
pub fn table(table: &Table, area: Rect) -> [Rect; 2] {
    Layout::vertical([
        Constraint::Length(u16::from(table.caption.is_some())),
        Constraint::Min(0),
    ])
    .areas(area)
}

/// The table of a bars screen, and below it the chart, which gets what the
/// table leaves if that is enough to read (else nothing).
pub fn bars(bars: &Bars, area: Rect) -> [Rect; 2] {
    let table_height = bars.table.rows.len() as u16 + 1 + u16::from(bars.table.caption.is_some());
    let chart_height = area.height.saturating_sub(table_height).min(12);
    let chart_height = if chart_height < 6 { 0 } else { chart_height };
    Layout::vertical([Constraint::Min(0), Constraint::Length(chart_height)]).areas(area)
}

/// Table rows shown at once in `area` (below the caption and the header).
fn rows_in(table: &Table, area: Rect) -> usize {
    let [_, rows] = self::table(table, area);
    usize::from(rows.height.saturating_sub(1))
}

/// How far one page moves on `screen` in a terminal of `size`: the table
/// rows shown, or a detail's lines shown. At least one.
pub fn page(screen: &Screen, size: (u16, u16)) -> usize {
    let [_, _, _, body, _] = frame(Rect::new(0, 0, size.0, size.1));
    let page = match &screen.body {
        Body::Table(t) => rows_in(t, body),
        Body::Bars(b) => rows_in(&b.table, bars(b, body)[0]),
        Body::Detail(_) | Body::Chart(_) => usize::from(body.height),
    };
    page.max(1)
}

/// The furthest a screen scrolls: for a detail, so that its last wrapped
/// line is at the bottom; others scroll by their selection, not by this.
pub fn last_offset(screen: &Screen, size: (u16, u16), theme: &Theme) -> usize {
    let [_, _, _, body, _] = frame(Rect::new(0, 0, size.0, size.1));
    match &screen.body {
        Body::Detail(d) => {
            detail::line_count(d, theme, body.width).saturating_sub(usize::from(body.height))
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::screen::{Cell, Column, Row, ScreenKey};

    fn table_screen(rows: usize, caption: bool) -> Screen {
        let table = Table {
            columns: vec![Column::name("Enhet", 10)],
            rows: (0..rows)
                .map(|i| Row {
                    id: i.to_string(),
                    cells: vec![Cell::plain(format!("rad {i}"))],
                    ..Row::default()
                })
                .collect(),
            caption: caption.then(|| Cell::plain("en rad ovanför")),
            ..Table::default()
        };
        Screen::new(
            ScreenKey::from(crate::ui::panes::OverviewKey::Root { unit: None }),
            "t",
            Body::Table(table),
        )
    }

    #[test]
    fn a_page_is_the_rows_shown_below_caption_and_header() {
        // 24 rows: 4 of chrome, so 20 for the body; 1 for the header.
        assert_eq!(page(&table_screen(100, false), (80, 24)), 19);
        assert_eq!(page(&table_screen(100, true), (80, 24)), 18);
        assert_eq!(page(&table_screen(100, true), (80, 40)), 34);
        assert_eq!(page(&table_screen(100, true), (80, 3)), 1, "never zero");
    }
}
