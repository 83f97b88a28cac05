//! Översikt and Ekonomi screens as the cockpit draws them, through the same
//! path as `tertial render`, at 80×24 and 120×40 for two periods.

use crate::common;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use tertial::ui::render::to_text;
use tertial::ui::screen::PaneId;
use tertial::ui::theme::{Theme, ThemeName};

fn screen(pane: PaneId, period: &str, size: (u16, u16), keys: &str) -> Buffer {
    common::screen(pane, period, size, keys)
}

fn text(pane: PaneId, period: &str, size: (u16, u16), keys: &str) -> String {
    to_text(&screen(pane, period, size, keys))
}

#[test]
fn overview_2025_10_80x24() {
    insta::assert_snapshot!(text(PaneId::Overview, "2025-10", (80, 24), ""));
}

#[test]
fn overview_2025_10_120x40() {
    insta::assert_snapshot!(text(PaneId::Overview, "2025-10", (120, 40), ""));
}

#[test]
fn overview_2024_08_80x24() {
    insta::assert_snapshot!(text(PaneId::Overview, "2024-08", (80, 24), ""));
}

#[test]
fn overview_2024_08_120x40() {
    insta::assert_snapshot!(text(PaneId::Overview, "2024-08", (120, 40), ""));
}

/// Förändringar from ack augusti to ack oktober 2025: every moved line of
/// every unit, each unit under its heading, the worst unit first.
#[test]
fn changes_2025_10_80x24() {
    insta::assert_snapshot!(text(PaneId::Overview, "2025-10", (80, 24), "d"));
}

/// A year apart: HSN's forecast moved from −650 to −550 mkr.
#[test]
fn changes_2025_08_against_2024_08_120x40() {
    insta::assert_snapshot!(text(PaneId::Overview, "2025-08", (120, 40), "dc"));
}

#[test]
fn economy_2025_10_80x24() {
    insta::assert_snapshot!(text(PaneId::Economy, "2025-10", (80, 24), ""));
}

#[test]
fn economy_2025_10_120x40() {
    insta::assert_snapshot!(text(PaneId::Economy, "2025-10", (120, 40), ""));
}

#[test]
fn economy_2024_08_80x24() {
    insta::assert_snapshot!(text(PaneId::Economy, "2024-08", (80, 24), ""));
}

#[test]
fn economy_2024_08_120x40() {
    insta::assert_snapshot!(text(PaneId::Economy, "2024-08", (120, 40), ""));
}

#[test]
fn cost_types_of_hsn_2025_08_120x40() {
    insta::assert_snapshot!(text(PaneId::Economy, "2025-08", (120, 40), "j<Enter>"));
}

#[test]
fn detail_of_a_line_with_source_80x24() {
    insta::assert_snapshot!(text(
        PaneId::Economy,
        "2025-10",
        (80, 24),
        "j<Enter>jjjj<Enter>"
    ));
}

#[test]
fn budget_frames_80x24_and_120x40() {
    insta::assert_snapshot!(text(PaneId::Economy, "2025-10", (80, 24), "b"));
    insta::assert_snapshot!(text(PaneId::Economy, "2025-10", (120, 40), "b"));
}

#[test]
fn help_lists_every_key() {
    // The list scrolls: its first page and its last. Each entry is a line
    // of the box whose key column (up to the first two spaces) is the key.
    let help = text(PaneId::Economy, "2025-10", (80, 24), "?")
        + &text(PaneId::Economy, "2025-10", (80, 24), "?G");
    let keys: std::collections::BTreeSet<&str> = help
        .lines()
        .filter_map(|line| line.split_once('│')?.1.split("  ").next())
        .map(str::trim)
        .filter(|key| !key.is_empty())
        .collect();
    for key in [
        "Enter/l/→",
        "Esc/BS/h/←",
        "[ ], S-← S-→",
        "x",
        "X",
        "n N",
        "Ctrl-U Ctrl-D",
        "PgUp/Ctrl-B",
        "PgDn/Ctrl-F",
        "/",
        "b",
        "c",
        "q/Ctrl-C",
    ] {
        assert!(keys.contains(key), "{key} missing from {keys:?}:\n{help}");
    }
}

/// Where `needle` starts on screen.
fn find(buffer: &Buffer, needle: &str) -> (u16, u16) {
    let first = needle.chars().next().unwrap().to_string();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let here: String = (x..buffer.area.width)
                .take(needle.chars().count())
                .map(|x| buffer[(x, y)].symbol())
                .collect();
            if buffer[(x, y)].symbol() == first && here == needle {
                return (x, y);
            }
        }
    }
    panic!("{needle} not on screen");
}

#[test]
fn a_negative_deviation_is_red_bold_and_signed_a_positive_one_green_with_plus() {
    let buffer = screen(PaneId::Economy, "2025-10", (120, 40), "");
    let (x, y) = find(&buffer, "−430");
    for dx in 0..4 {
        let cell = &buffer[(x + dx, y)];
        assert_eq!(cell.fg, Color::LightRed);
        assert!(cell.modifier.contains(Modifier::BOLD));
    }
    let (x, y) = find(&buffer, "+156");
    assert_eq!(buffer[(x, y)].fg, Color::Green);
    // Base values are never coloured: the unit names are plain.
    let (x, y) = find(&buffer, "Sjukhusvård");
    assert_eq!(buffer[(x, y)].fg, Color::Reset);
}

#[test]
fn mono_theme_and_no_colour_keep_meaning_in_words_and_emphasis() {
    let buffer = common::screen_in(
        PaneId::Economy,
        Theme::new(ThemeName::Mono, false),
        "2025-10",
        (120, 40),
        "",
    );
    let (x, y) = find(&buffer, "−430");
    assert_eq!(buffer[(x, y)].fg, Color::Reset);
    assert!(
        buffer[(x, y)].modifier.contains(Modifier::BOLD),
        "bad news is bold without colour"
    );
}

#[test]
fn the_selection_survives_a_period_switch() {
    let text = text(PaneId::Economy, "2025-10", (120, 40), "jjjj[");
    assert!(text.contains("ack augusti 2025"));
    let buffer = screen(PaneId::Economy, "2025-10", (120, 40), "jjjj[");
    let (x, y) = find(&buffer, "Sjukhusvård");
    assert_eq!(buffer[(0, y)].symbol(), "▌", "Sjukhusvård still selected");
    assert!(buffer[(x, y)].modifier.contains(Modifier::REVERSED));
}

/// The selection is the gutter mark and the name: a move changes those
/// cells in the row left and the row entered, never the figures.
#[test]
fn a_cursor_move_changes_only_the_marks_and_names() {
    let before = screen(PaneId::Economy, "2025-10", (120, 40), "jj");
    let after = screen(PaneId::Economy, "2025-10", (120, 40), "jjj");
    let changed = before.diff(&after);
    let rows: std::collections::BTreeSet<u16> = changed.iter().map(|(_, y, _)| *y).collect();
    assert_eq!(rows.len(), 2, "two rows change: {rows:?}");
    let (name_end, _) = find(&after, "Avvikelse");
    assert!(
        changed.iter().all(|(x, _, _)| *x < name_end),
        "only the name column changes"
    );
}
