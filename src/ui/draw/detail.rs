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
    let label_width = detail
        .fields
        .iter()
        .map(|(l, _)| l.width())
        .max()
        .unwrap_or(0);
    let mut lines: Vec<Line> = detail
        .fields
        .iter()
        .map(|(label, cell)| {
            let mut line = vec![Span::styled(
                format!("{label:<label_width$}  "),
                theme.style(Sem::Dim),
            )];
            line.extend(spans(cell, theme));
            Line::from(line)
        })
        .collect();
    for (heading, text) in &detail.sections {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            heading.as_str(),
            theme.style(Sem::Heading),
        )));
        lines.extend(text.lines().map(Line::raw));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((u16::try_from(screen.offset).unwrap_or(u16::MAX), 0))
        .render(area, buf);
}
