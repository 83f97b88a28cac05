//! A cell as spans: its glyphs drawn and styled by the theme, and cut to
//! a width. Apart from `draw/mod.rs` so that the detail page (whose
//! wrapping `layout` counts) does not import the app's drawing.

use crate::ui::screen::Cell;
use crate::ui::theme::Theme;
use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

/// Spans of a cell, glyphs drawn and styled by the theme.
pub(crate) fn spans<'a>(cell: &'a Cell, theme: &Theme) -> Vec<Span<'a>> {
    let symbols = theme.symbols();
    cell.spans
        .iter()
        .map(|(piece, sem)| Span::styled(piece.render(symbols), theme.style(*sem)))
        .collect()
}

pub(crate) use crate::domain::text::fit_width as fit;

/// A one-line cell's spans within `width` columns: where it is longer, cut
/// at a word's end and ended with "…", never silently mid-word.
pub(crate) fn fitted_spans<'a>(cell: &'a Cell, theme: &Theme, width: u16) -> Vec<Span<'a>> {
    let mut left = usize::from(width);
    let mut out = Vec::new();
    for span in spans(cell, theme) {
        let w = span.content.width();
        if w <= left {
            left -= w;
            out.push(span);
            continue;
        }
        // Room for at least the ellipsis: else end the previous span in it.
        let text = crate::domain::text::fit_words(&span.content, left);
        out.push(Span::styled(text, span.style));
        break;
    }
    out
}
