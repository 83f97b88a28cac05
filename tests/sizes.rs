//! Any terminal size draws without panicking, including none at all.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failure

mod common;

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
