//! Any terminal size draws without panicking, including none at all.

use crate::common;

use tertial::ui::render::to_text;
use tertial::ui::screen::PaneId;

/// Keys that reach each kind of screen: tables, trees, details, charts,
/// bars, help and search.
const WALKS: &[(PaneId, &str)] = &[
    (PaneId::Overview, ""),
    (PaneId::Overview, "?"),
    (PaneId::Economy, "j<Enter>j<Enter>"),
    (PaneId::Economy, "b"),
    (PaneId::Goals, "[[<Space>j<Space>ji"),
    (PaneId::Directives, "<Enter>"),
    (PaneId::Beds, "jj<Enter>"),
    (PaneId::KeyFigures, "j<Enter>"),
    (PaneId::KeyFigures, "ji"),
    (PaneId::Economy, "/sjukhus<Enter>"),
];

#[test]
fn every_screen_draws_at_every_small_and_extreme_size() {
    let mut sizes: Vec<(u16, u16)> = Vec::new();
    for w in 0..=4 {
        for h in 0..=4 {
            sizes.push((w, h));
        }
    }
    sizes.extend([(1, 200), (200, 1), (500, 300), (80, 24)]);
    for &(pane, keys) in WALKS {
        for &size in &sizes {
            let buffer = common::screen(pane, "2025-10", size, keys);
            assert_eq!((buffer.area.width, buffer.area.height), size);
            let text = to_text(&buffer);
            assert_eq!(
                text.lines().count(),
                usize::from(size.1),
                "{pane:?} {keys} at {size:?}"
            );
        }
    }
}

/// The table rows of a drawn screen: the lines between the column header
/// and the footer, without trailing blank lines.
fn table_lines(text: &str, header: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim_start().starts_with(header))
        .unwrap_or_else(|| panic!("no header {header:?} in\n{text}"))
        + 1;
    let mut rows: Vec<String> = lines[start..lines.len() - 1]
        .iter()
        .map(|l| l.to_string())
        .collect();
    while rows.last().is_some_and(|l| l.trim().is_empty()) {
        rows.pop();
    }
    rows
}

/// The name on a table line, without the selection mark and tree marks.
fn name_of(line: &str) -> String {
    line.trim_start_matches(['▌', ' ', '▸', '▾'])
        .split("  ")
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn page_down_moves_exactly_the_rows_shown_at_every_height() {
    // Uppdrag has a caption line above its table, which the page must
    // leave out; Ekonomi's tree at ack augusti 2024 has none.
    for (pane, period, header) in [
        (PaneId::Directives, "2025-10", "Uppdrag"),
        (PaneId::Economy, "2024-08", "Enhet"),
    ] {
        let all = table_lines(
            &to_text(&common::screen(pane, period, (100, 300), "")),
            header,
        );
        let mut paged = Vec::new();
        for height in [12, 16, 24, 30] {
            let size = (100, height);
            let shown = table_lines(&to_text(&common::screen(pane, period, size, "")), header);
            if shown.len() >= all.len() {
                continue; // everything fits: nothing to page
            }
            paged.push(height);
            let paged = to_text(&common::screen(pane, period, size, "<PgDn>"));
            let selected = table_lines(&paged, header)
                .into_iter()
                .find(|l| l.starts_with('▌'))
                .unwrap_or_else(|| panic!("{pane:?} {height}: no selection in\n{paged}"));
            assert_eq!(
                name_of(&selected),
                name_of(&all[shown.len()]),
                "{pane:?} at height {height}: PgDn lands on the first row not shown before"
            );
        }
        // The table is longer than the smallest window, so the check ran.
        assert!(
            paged.contains(&12),
            "{pane:?}: {} rows paged only at heights {paged:?}",
            all.len()
        );
    }
}

#[test]
fn the_end_of_a_wrapped_detail_can_be_reached_on_a_small_terminal() {
    // The region's line at ack augusti 2024 has a long analysis that wraps
    // many times at 50 columns.
    let whole = to_text(&common::screen(PaneId::Economy, "2024-08", (50, 400), "i"));
    let body: Vec<&str> = whole.lines().skip(3).collect();
    let last = body
        .iter()
        .rev()
        .skip(1) // the footer
        .find(|l| !l.trim().is_empty())
        .expect("the detail has text");
    let small = to_text(&common::screen(PaneId::Economy, "2024-08", (50, 14), "iG"));
    let small_lines: Vec<&str> = small.lines().collect();
    assert_eq!(
        small_lines[small_lines.len() - 2],
        *last,
        "G shows the detail's last line at the bottom:\n{small}"
    );
    let scrolled_more = to_text(&common::screen(
        PaneId::Economy,
        "2024-08",
        (50, 14),
        "iGjjj",
    ));
    assert_eq!(scrolled_more, small, "and scrolls no further");
}

#[test]
fn render_draws_the_largest_area_and_refuses_larger_ones_in_one_sentence() {
    let run = common::tertial(&["render", "ekonomi", "--demo", "--size", "1000x500"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(run.stdout.lines().count(), 500);
    for size in [
        "1001x500",
        "1000x501",
        "3000x3000",
        "10000x10000",
        "65535x65535",
    ] {
        let run = common::tertial(&["render", "ekonomi", "--demo", "--size", size]);
        assert_eq!(run.code, 2, "{size}: {}", run.all());
        assert_eq!(run.stdout, "", "{size}");
        assert_eq!(
            run.stderr,
            format!(
                "tertial: the size {size} is larger than the 1000x500 cells tertial draws at most\n"
            ),
            "{size}"
        );
    }
}
