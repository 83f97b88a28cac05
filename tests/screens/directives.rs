//! The Uppdrag pane through the real render path: whole screens as insta
//! snapshots at 80×24 and 120×40 for two periods, sorted, filtered and a
//! directive's detail; and the overdue style checked on the buffer itself.

use crate::common;

use ratatui::buffer::Buffer;
use ratatui::style::Color;
use tertial::ui::render::to_text;
use tertial::ui::screen::PaneId;
use tertial::ui::theme::{Theme, ThemeName};

fn screen(period: &str, size: (u16, u16), keys: &str) -> Buffer {
    common::screen(PaneId::Directives, period, size, keys)
}

fn text(period: &str, size: (u16, u16), keys: &str) -> String {
    to_text(&screen(period, size, keys))
}

#[test]
fn list_2024_08_80x24() {
    insta::assert_snapshot!(text("2024-08", (80, 24), ""));
}

#[test]
fn list_2024_08_120x40() {
    insta::assert_snapshot!(text("2024-08", (120, 40), ""));
}

#[test]
fn list_2025_10_80x24() {
    insta::assert_snapshot!(text("2025-10", (80, 24), ""));
}

#[test]
fn list_2025_10_120x40() {
    insta::assert_snapshot!(text("2025-10", (120, 40), ""));
}

#[test]
fn sorted_by_status_2025_10_80x24() {
    let shown = text("2025-10", (80, 24), "s");
    assert!(shown.contains("Sortering: status"));
    insta::assert_snapshot!(shown);
}

#[test]
fn filtered_ongoing_2025_10_120x40() {
    let shown = text("2025-10", (120, 40), "f");
    assert!(shown.contains("Status: Pågående"));
    assert!(!shown.contains("Klar m. avvikelse"));
    insta::assert_snapshot!(shown);
}

#[test]
fn filtered_by_recipient_2025_10_120x40() {
    // `r` lists the recipients; hsn.forv (HSF) is first in the
    // organisation's sort order, under "every recipient".
    let picker = text("2025-10", (120, 40), "r");
    assert!(picker.contains("Alla mottagare"), "{picker}");
    let shown = text("2025-10", (120, 40), "rj<Enter>");
    assert!(shown.contains("Mottagare: HSF"), "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn detail_2025_10_80x24() {
    // Sorted by status (the selection stays on its row, so `g` goes to the
    // top), the directive finished with a deviation comes first.
    let shown = text("2025-10", (80, 24), "sg<Enter>");
    assert!(shown.contains("Minska personalkostnaden"));
    insta::assert_snapshot!(shown);
}

#[test]
fn detail_2025_10_120x40() {
    insta::assert_snapshot!(text("2025-10", (120, 40), "sg<Enter>"));
}

#[test]
fn detail_2024_08_120x40() {
    insta::assert_snapshot!(text("2024-08", (120, 40), "<Enter>"));
}

#[test]
fn an_overdue_cell_is_red_and_says_so_in_words() {
    // The sample's one late directive was moved to the year's end by its
    // report; an end date before August makes one late again.
    let (_dir, path) = common::sample_with(&[(
        "UPDATE directive SET end_date = ?1 WHERE id = 'd2024-03'",
        "2024-06-30",
    )]);
    let options = tertial::ui::render::RenderOptions {
        pane: PaneId::Directives,
        period: Some("2024-08".to_string()),
        size: (120, 40),
        keys: Vec::new(),
        theme: Theme::new(ThemeName::Default, false),
        today: chrono::NaiveDate::from_ymd_opt(2025, 11, 22).expect("a date"),
        notes: None,
    };
    let store = tertial::data::Store::open(&path).expect("the changed sample opens");
    let buffer = tertial::ui::render::render(store, &options).expect("renders");
    let red = Theme::new(ThemeName::Default, false)
        .style(tertial::ui::theme::Sem::Overdue)
        .fg;
    assert_eq!(red, Some(Color::LightRed));
    // The last overdue row: not the selected one, whose style is reversed.
    let width = buffer.area.width;
    let row = (0..buffer.area.height)
        .rev()
        .find(|&y| row_text(&buffer, y).contains(" d sen"))
        .expect("an overdue directive is shown");
    assert!(row > 4, "below the selected first row");
    let cells: Vec<&str> = (0..width).map(|x| buffer[(x, row)].symbol()).collect();
    let at = (0..cells.len() - 2)
        .find(|&x| cells[x] == "s" && cells[x + 1] == "e" && cells[x + 2] == "n")
        .unwrap();
    for x in at..at + 3 {
        assert_eq!(buffer[(x as u16, row)].fg, Color::LightRed, "column {x}");
    }
    // The number before "d sen" carries the same style.
    assert_eq!(buffer[(at as u16 - 4, row)].fg, Color::LightRed);
}

fn row_text(buffer: &Buffer, y: u16) -> String {
    (0..buffer.area.width)
        .map(|x| buffer[(x, y)].symbol())
        .collect()
}

/// `t` twice: what falls due within 90 days of October's end, the
/// Regionplan 2026 items (due at the December meeting) first.
#[test]
fn due_within_90_days_2025_10_80x24() {
    let shown = text("2025-10", (80, 24), "tt");
    assert!(shown.contains("Förfaller inom 90 d"), "{shown}");
    insta::assert_snapshot!(shown);
}

/// The moved deadline at 80×24: August 2024's extended directive is due
/// 2024-12-31, not late.
#[test]
fn due_within_180_days_2024_08_80x24() {
    let shown = text("2024-08", (80, 24), "ttt");
    assert!(!shown.contains(" d sen"), "{shown}");
    insta::assert_snapshot!(shown);
}

/// HSN's report gives the personnel-cost directive as 250 mkr in its text
/// and 213 mkr in its analysis and in 3.2: the list's caption says so,
/// both values first, the sort and filters after it.
#[test]
fn list_2025_08_80x24_names_the_reports_contradiction() {
    let shown = text("2025-08", (80, 24), "");
    assert!(
        shown.contains("⚑ Motsägelse: 250 mkr mot 213 mkr"),
        "{shown}"
    );
    insta::assert_snapshot!(shown);
}
