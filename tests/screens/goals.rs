//! The Mål pane through the real render path: the goal tree as insta
//! snapshots at 80×24 and 120×40 for 2024-08 (goals and financial goals
//! assessed) and 2025-08 (only HSN's delmål assessed), expanded, filtered
//! and a node's detail; and a red light's style checked on the buffer.

use crate::common;

use ratatui::buffer::Buffer;
use ratatui::style::Color;
use tertial::ui::render::to_text;
use tertial::ui::screen::PaneId;
use tertial::ui::theme::{Theme, ThemeName};

fn screen_in(theme: Theme, period: &str, size: (u16, u16), keys: &str) -> Buffer {
    common::screen_in(PaneId::Goals, theme, period, size, keys)
}

fn screen(period: &str, size: (u16, u16), keys: &str) -> Buffer {
    common::screen(PaneId::Goals, period, size, keys)
}

fn text(period: &str, size: (u16, u16), keys: &str) -> String {
    to_text(&screen(period, size, keys))
}

/// From the last goal up: open F3, F2 and F1 to show their indicators.
const OPEN_FINANCIAL: &str = "G<Space>k<Space>k<Space>";
/// Open goal 4 and its second delmål (the one with indicators).
const OPEN_GOAL_4_2025: &str = "jjj<Space>j<Space>";

#[test]
fn root_2024_08_80x24() {
    insta::assert_snapshot!(text("2024-08", (80, 24), ""));
}

#[test]
fn root_2024_08_120x40() {
    insta::assert_snapshot!(text("2024-08", (120, 40), ""));
}

#[test]
fn root_2025_08_80x24() {
    let shown = text("2025-08", (80, 24), "");
    assert!(shown.contains("Bara delmålen är bedömda"));
    insta::assert_snapshot!(shown);
}

#[test]
fn goal_4_and_delmal_open_2025_08_120x40() {
    let shown = text("2025-08", (120, 40), OPEN_GOAL_4_2025);
    assert!(shown.contains("HSN: En fast vårdkontakt"));
    insta::assert_snapshot!(shown);
}

#[test]
fn goal_4_and_delmal_open_2025_08_80x24() {
    insta::assert_snapshot!(text("2025-08", (80, 24), OPEN_GOAL_4_2025));
}

#[test]
fn goal_1_open_2024_08_80x24() {
    insta::assert_snapshot!(text("2024-08", (80, 24), "<Space>"));
}

#[test]
fn financial_indicators_2024_08_80x24() {
    insta::assert_snapshot!(text("2024-08", (80, 24), OPEN_FINANCIAL));
}

#[test]
fn financial_indicators_2024_08_120x40() {
    let shown = text("2024-08", (120, 40), OPEN_FINANCIAL);
    assert!(
        shown.contains("4 p.e. över"),
        "a ceiling: the distance to it, not \"81,8 % av mål\""
    );
    assert!(!shown.contains("81,8"), "no share for a ceiling");
    insta::assert_snapshot!(shown);
}

#[test]
fn filter_red_2024_08_80x24() {
    let shown = text("2024-08", (80, 24), "f");
    assert!(shown.contains("Filter: röda (f byter)"));
    insta::assert_snapshot!(shown);
}

#[test]
fn filter_red_2025_08_120x40() {
    insta::assert_snapshot!(text("2025-08", (120, 40), "f"));
}

#[test]
fn filter_grey_2025_08_80x24() {
    insta::assert_snapshot!(text("2025-08", (80, 24), "fff"));
}

#[test]
fn no_assessments_2025_04_80x24() {
    let shown = text("2025-04", (80, 24), "");
    assert!(shown.contains("Inga målbedömningar i år t.o.m. ack april 2025"));
    insta::assert_snapshot!(shown);
}

#[test]
fn goal_detail_2024_08_80x24() {
    insta::assert_snapshot!(text("2024-08", (80, 24), "jjji"));
}

#[test]
fn financial_indicator_detail_2024_08_120x40() {
    let shown = text("2024-08", (120, 40), &format!("{OPEN_FINANCIAL}ji"));
    assert!(shown.contains("○ Inte (rapportens bedömning)"));
    insta::assert_snapshot!(shown);
}

#[test]
fn delmal_detail_2025_08_80x24() {
    insta::assert_snapshot!(text("2025-08", (80, 24), "jjj<Space>j<Enter>"));
}

#[test]
fn ascii_mono_2024_08_80x24() {
    let shown = to_text(&screen_in(
        Theme::new(ThemeName::Mono, true),
        "2024-08",
        (80, 24),
        OPEN_FINANCIAL,
    ));
    assert!(!shown.contains(['●', '◐', '○', '–']), "no Unicode lights");
    insta::assert_snapshot!(shown);
}

#[test]
fn x_jumps_to_the_next_red_or_yellow_row() {
    // Goal 1 is selected and yellow; the next exception is goal 2.
    let shown = text("2024-08", (80, 24), "xi");
    assert!(shown.contains("Mål › Mål 2"), "{shown}");
    // Goal 4 (green) and 5 (no data) are skipped: from 3 the next is 6.
    let shown = text("2024-08", (80, 24), "jjxi");
    assert!(shown.contains("Mål › Mål 6"), "{shown}");
}

#[test]
fn the_selection_survives_a_period_switch() {
    // On goal 4 in 2024-08, then to 2025-04: goal 4 is still selected.
    let shown = text("2024-08", (80, 24), "jjj]i");
    assert!(shown.contains("ack april 2025"), "{shown}");
    assert!(shown.contains("Mål › Mål 4"), "{shown}");
}

/// The x positions of `needle`'s first character on line `y`, in cells.
fn find(buffer: &Buffer, y: u16, needle: &str) -> Option<u16> {
    let first = needle.chars().next()?.to_string();
    (0..buffer.area.width).find(|&x| {
        buffer[(x, y)].symbol() == first
            && needle
                .chars()
                .enumerate()
                .all(|(i, c)| buffer[(x + i as u16, y)].symbol() == c.to_string())
    })
}

#[test]
fn a_red_light_is_red_and_a_glyph_and_a_word() {
    let buffer = screen("2024-08", (80, 24), "");
    let y = (0..buffer.area.height)
        .find(|&y| find(&buffer, y, "F1 Resultatmål").is_some())
        .expect("F1 is on screen");
    let x = find(&buffer, y, "○ Inte").expect("glyph and word");
    for i in 0..6 {
        let cell = &buffer[(x + i, y)];
        assert_eq!(
            cell.fg,
            Color::LightRed,
            "cell {i} of the light ({:?}) is red",
            cell.symbol()
        );
    }
    // A green light beside it is not red: the colour follows the light.
    let y4 = (0..buffer.area.height)
        .find(|&y| find(&buffer, y, "4 Tillgänglig").is_some())
        .unwrap();
    let x4 = find(&buffer, y4, "● Helt").unwrap();
    assert_ne!(buffer[(x4, y4)].fg, Color::LightRed);
}
