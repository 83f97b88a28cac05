//! Detail pages: every figure of a line, then its texts, scrolled by line.

use super::spans;
use crate::ui::screen::{Detail, Screen};
use crate::ui::theme::{Sem, Theme};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

pub fn draw(detail: &Detail, screen: &Screen, theme: &Theme, area: Rect, buf: &mut Buffer) {
    paragraph(detail, theme, area.width)
        .scroll((u16::try_from(screen.offset).unwrap_or(u16::MAX), 0))
        .render(area, buf);
}

/// How many lines the page takes at `width`, wrapped as drawn.
pub fn line_count(detail: &Detail, theme: &Theme, width: u16) -> usize {
    paragraph(detail, theme, width).line_count(width)
}

/// The page as drawn at `width`: fields in a labelled column, sections
/// below, long lines wrapped.
fn paragraph<'a>(detail: &'a Detail, theme: &Theme, width: u16) -> Paragraph<'a> {
    let label_width = detail
        .fields
        .iter()
        .map(|(l, _)| l.width())
        .max()
        .unwrap_or(0);
    // A value too long for its line wraps under itself, not under the label.
    let room = usize::from(width).saturating_sub(label_width + 2).max(10);
    let mut lines: Vec<Line> = Vec::new();
    for (label, cell) in &detail.fields {
        let label = Span::styled(format!("{label:<label_width$}  "), theme.style(Sem::Dim));
        let text = cell.text_in(theme.symbols());
        if text.width() <= room {
            let mut line = vec![label];
            line.extend(spans(cell, theme));
            lines.push(Line::from(line));
            continue;
        }
        let style = theme.style(cell.spans.first().map_or(Sem::Normal, |s| s.1));
        for (i, part) in wrap(&text, room).into_iter().enumerate() {
            let lead = if i == 0 {
                label.clone()
            } else {
                Span::raw(" ".repeat(label_width + 2))
            };
            lines.push(Line::from(vec![lead, Span::styled(part, style)]));
        }
    }
    for section in &detail.sections {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            section.heading.as_str(),
            theme.style(Sem::Heading),
        )));
        lines.extend(section.lines.iter().map(|l| Line::from(spans(l, theme))));
    }
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

/// Words of `text` in lines of at most `width` columns (a longer word is cut).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let current = lines.last().map_or(0, |l| l.width());
        if current > 0 && current + 1 + word.width() > width {
            lines.push(String::new());
        }
        if let Some(line) = lines.last_mut() {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&super::fit(word, width));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_by_words_within_the_width() {
        assert_eq!(
            wrap(
                "HSN Resultatuppföljning oktober 2025, Verksamhetens nettokostnader",
                30
            ),
            [
                "HSN Resultatuppföljning",
                "oktober 2025, Verksamhetens",
                "nettokostnader"
            ]
        );
        assert_eq!(wrap("", 10), [""]);
    }
}
