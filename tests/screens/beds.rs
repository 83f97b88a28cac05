//! The Vårdplatser pane through the real render path: the table at 80×24
//! and 120×40 for two periods, a unit's chart at both sizes and in ASCII
//! mono, and the illustrative marks checked for their style on the buffer.

use crate::common;

use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use tertial::ui::render::to_text;
use tertial::ui::screen::PaneId;
use tertial::ui::theme::{Sem, Theme, ThemeName};

fn screen_with(theme: Theme, period: &str, size: (u16, u16), keys: &str) -> Buffer {
    common::screen_in(PaneId::Beds, theme, period, size, keys)
}

fn screen(period: &str, size: (u16, u16), keys: &str) -> Buffer {
    common::screen(PaneId::Beds, period, size, keys)
}

fn text(period: &str, size: (u16, u16), keys: &str) -> String {
    to_text(&screen(period, size, keys))
}

/// Down twice from the region: Rörelseorganens centrum, then KirC NUS.
const KIRC_CHART: &str = "jj<Enter>";

#[test]
fn table_2025_08_80x24() {
    let shown = text("2025-08", (80, 24), "");
    assert!(shown.contains("senaste månad 2025-08"));
    insta::assert_snapshot!(shown);
}

#[test]
fn table_2025_08_120x40() {
    insta::assert_snapshot!(text("2025-08", (120, 40), ""));
}

#[test]
fn table_2025_10_80x24() {
    insta::assert_snapshot!(text("2025-10", (80, 24), ""));
}

#[test]
fn table_2025_10_120x40() {
    let shown = text("2025-10", (120, 40), "");
    assert!(shown.contains("Trend"), "the sparkline fits at 120 columns");
    insta::assert_snapshot!(shown);
}

#[test]
fn chart_kirc_2025_10_80x24() {
    let shown = text("2025-10", (80, 24), KIRC_CHART);
    assert!(shown.contains("Vårdplatser › Vårdplatser: Kirurgcentrum NUS"));
    assert!(shown.contains("KAVA +8 vpl (Kirurgcentrum NUS)"));
    insta::assert_snapshot!(shown);
}

#[test]
fn chart_kirc_2025_10_120x40() {
    insta::assert_snapshot!(text("2025-10", (120, 40), KIRC_CHART));
}

#[test]
fn chart_kirc_2025_10_80x24_ascii_mono() {
    let buffer = screen_with(
        Theme::new(ThemeName::Mono, true),
        "2025-10",
        (80, 24),
        KIRC_CHART,
    );
    let shown = to_text(&buffer);
    assert!(shown.contains("* 2025-10 KAVA"), "ASCII event mark");
    assert!(shown.contains("-- Per manad"), "ASCII legend keys");
    assert!(shown.is_ascii(), "no Unicode marks, braille or letters");
    insta::assert_snapshot!(shown);
}

#[test]
fn chart_region_2025_08_120x40_stops_in_august() {
    let shown = text("2025-08", (120, 40), "<Enter>");
    assert!(shown.contains("Vårdplatser: Region Västerbotten"));
    assert!(!shown.contains("IMA"), "IMA opened in September");
    insta::assert_snapshot!(shown);
}

#[test]
fn detail_key_opens_the_chart_too() {
    assert_eq!(
        text("2025-10", (80, 24), "jji"),
        text("2025-10", (80, 24), KIRC_CHART)
    );
}

#[test]
fn switching_period_on_the_chart_keeps_the_unit() {
    let shown = text("2025-10", (120, 40), "jj<Enter>[");
    assert!(shown.contains("Vårdplatser: Kirurgcentrum NUS"));
    assert!(shown.contains("ack augusti 2025"));
    assert!(!shown.contains("KAVA"), "KAVA opened after August");
}

/// Where `needle` starts on screen, by cell.
fn find(buffer: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let first = needle.chars().next()?;
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            if !buffer[(x, y)].symbol().starts_with(first) {
                continue;
            }
            let here: String = (x..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect();
            if here.starts_with(needle) {
                return Some((x, y));
            }
        }
    }
    None
}

#[test]
fn illustrative_marks_are_styled_as_illustrative() {
    // Dark palettes dim with the DIM modifier, not a grey (which can be a
    // dark background's own colour): the cell carries the theme's style.
    let theme = Theme::new(ThemeName::Default, false);
    let want = theme.style(Sem::Illustrative);
    assert!(
        want.fg.is_some() || want.add_modifier.contains(Modifier::DIM),
        "the default theme sets illustrative apart"
    );
    let styled = |cell: &ratatui::buffer::Cell| {
        cell.fg == want.fg.unwrap_or(ratatui::style::Color::Reset)
            && cell.modifier.contains(want.add_modifier)
    };

    let table = screen("2025-10", (120, 40), "");
    let (x, y) = find(&table, "Västerbotten *").expect("the row's marker");
    let star = x + "Västerbotten ".chars().count() as u16;
    assert_eq!(table[(star, y)].symbol(), "*");
    assert!(styled(&table[(star, y)]), "marker in the row");
    let (x, y) = find(&table, "Region Västerbotten").unwrap();
    assert!(!styled(&table[(x, y)]), "the name itself is not dimmed");
    let (x, y) = find(&table, "(* illustrativ)").expect("the header says what * is");
    assert!(styled(&table[(x, y)]));

    let chart = screen("2025-10", (120, 40), KIRC_CHART);
    let (x, y) = find(&chart, "Illustrativ serie – ej regionens siffror").expect("chart caption");
    assert!(styled(&chart[(x, y)]));
}

/// The promise row is the table's last: `G` selects it, Enter opens it.
const PROMISE: &str = "G<Enter>";

/// "Öppna 25 vårdplatser": IMA +6, KAVA +8 and KUA +2 opened by October,
/// 16 of 25, 9 left, each with its source.
#[test]
fn promise_2025_10_80x24() {
    let table = text("2025-10", (80, 24), "");
    assert!(table.contains("16 av 25 öppnade, 9 kvar"), "{table}");
    let shown = text("2025-10", (80, 24), PROMISE);
    for part in [
        "Utlovat",
        "IMA",
        "KAVA",
        "KUA",
        "Summa öppnat",
        "Kvar att öppna",
    ] {
        assert!(shown.contains(part), "{part} in\n{shown}");
    }
    insta::assert_snapshot!(shown);
}

/// In August only KUA has opened; the report's contradiction about KUA
/// (two places, or four patients) leads the caption.
#[test]
fn promise_2025_08_80x24() {
    let shown = text("2025-08", (80, 24), PROMISE);
    assert!(
        shown.contains("Motsägelse: 2 platser (+2 option) mot 4 patienter"),
        "{shown}"
    );
    insta::assert_snapshot!(shown);
}

/// ROC's KUA has only a month (2025-08) and stands on ROC's chart there.
#[test]
fn chart_roc_2025_10_80x24() {
    let shown = text("2025-10", (80, 24), "j<Enter>");
    assert!(
        shown.contains("Vårdplatser: Rörelseorganens centrum"),
        "{shown}"
    );
    assert!(shown.contains("KUA +2 vpl"), "{shown}");
    insta::assert_snapshot!(shown);
}
