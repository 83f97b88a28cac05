//! The note editor over the screen: what the note is about, the flag
//! chosen from the fixed list, the text with its cursor, and the keys. The
//! text is drawn inert (control, escape and bidi characters made visible),
//! as every snapshot text is.

use super::super::notes::editor::Editor;
use super::super::screen::Glyph;
use super::super::strings;
use super::super::theme::{Sem, Theme};
use crate::domain::text::{fit_width, sanitize};
use crate::notes::Flag;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

pub fn draw(editor: &Editor, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let width = 76.min(area.width);
    let height = 14.min(area.height);
    if width < 10 || height < 6 {
        return;
    }
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    Clear.render(popup, buf);
    let inner_width = usize::from(width - 2);
    let title = format!(
        " {}: {} ",
        strings::NOTE_TITLE,
        sanitize(&editor.about, false)
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .title(Span::styled(
            fit_width(&title, inner_width),
            theme.style(Sem::Title),
        ));
    let mut lines = vec![flags(editor, theme)];
    if let Some(figure) = &editor.figure {
        lines.push(Line::from(Span::styled(
            fit_width(
                &format!("Siffran nu: {}", sanitize(figure, false)),
                inner_width,
            ),
            theme.style(Sem::Dim),
        )));
    }
    lines.push(Line::from(""));
    let text_rows = usize::from(height - 2).saturating_sub(lines.len() + 1);
    let first = (editor.row + 1).saturating_sub(text_rows);
    for (i, line) in editor.lines.iter().enumerate().skip(first).take(text_rows) {
        lines.push(text_line(editor, i, line, theme, inner_width));
    }
    while lines.len() < usize::from(height - 3) {
        lines.push(Line::from(""));
    }
    lines.push(bottom(editor, theme, inner_width));
    Paragraph::new(lines).block(block).render(popup, buf);
}

/// "Flagga: ingen  [fråga]  risk  till nämnden  klar", the chosen one marked.
fn flags(editor: &Editor, theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::styled("Flagga (Tab): ", theme.style(Sem::Dim))];
    let choices = std::iter::once(None).chain(Flag::ALL.into_iter().map(Some));
    for choice in choices {
        let word = choice.map_or("ingen", Flag::label);
        if choice == editor.flag {
            spans.push(Span::styled(
                format!("[{}{word}]", theme.symbols().glyph(Glyph::Note)),
                theme.style(Sem::Key),
            ));
        } else {
            spans.push(Span::raw(format!(" {word} ")));
        }
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}

/// One line of the text, inert, scrolled sideways to keep the cursor in view.
fn text_line(editor: &Editor, i: usize, line: &str, theme: &Theme, width: usize) -> Line<'static> {
    if i != editor.row {
        return Line::from(fit_width(&sanitize(line, false), width));
    }
    let split = line
        .char_indices()
        .nth(editor.col)
        .map_or(line.len(), |(b, _)| b);
    let (before, after) = line.split_at(split);
    let mut before = sanitize(before, false).into_owned();
    // Keep the cursor on screen: drop characters from the left.
    while before.width() + 1 > width && !before.is_empty() {
        before.remove(0);
    }
    let mut after_chars = after.chars();
    let under = after_chars.next().map_or(" ".to_string(), |c| {
        sanitize(&c.to_string(), false).into_owned()
    });
    let rest = sanitize(after_chars.as_str(), false).into_owned();
    let room = width.saturating_sub(before.width() + under.width());
    Line::from(vec![
        Span::raw(before),
        // Reverse video: the cursor shows with no colour at all.
        Span::styled(
            under,
            theme
                .style(Sem::Normal)
                .add_modifier(ratatui::style::Modifier::REVERSED),
        ),
        Span::raw(fit_width(&rest, room)),
    ])
}

fn bottom(editor: &Editor, theme: &Theme, width: usize) -> Line<'static> {
    let (text, sem) = if editor.confirm_discard {
        (strings::NOTE_DISCARD, Sem::Notice)
    } else if editor.full {
        (strings::NOTE_FULL, Sem::Notice)
    } else {
        (strings::NOTE_KEYS, Sem::Dim)
    };
    Line::from(Span::styled(fit_width(text, width), theme.style(sem)))
}
