//! Drawing: `impl Widget for &App`. Reads state, never changes it.

mod chart;
pub(crate) mod detail;
mod editor;
mod spans;
mod table;

pub(crate) use spans::{fit, fitted_spans, spans};

use super::app::{App, Mode};
use super::layout::{self, tab_label};
use super::screen::{Body, Glyph, PaneId};
use super::theme::{Sem, Theme};
use super::{format, strings};
use crate::data::compare::Baseline;
use crate::domain::text::to_ascii;
use crate::keymap::{self, Keymap};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let [header, tabs, crumb, body, footer] = layout::frame(area);
        draw_header(self, header, buf);
        draw_tabs(self, tabs, buf);
        draw_breadcrumb(self, crumb, buf);
        if let Some(screen) = self.screen() {
            match &screen.body {
                Body::Table(t) => table::draw(t, screen, &self.theme, body, buf),
                Body::Detail(d) => detail::draw(d, screen, &self.theme, body, buf),
                Body::Chart(c) => chart::draw_chart(c, screen, &self.theme, body, buf),
                Body::Bars(b) => chart::draw_bars(b, screen, &self.theme, body, buf),
            }
        }
        draw_footer(self, footer, buf);
        match &self.mode {
            Mode::Help(offset) => draw_help(self, *offset, area, buf),
            Mode::Note(note) => editor::draw(note, &self.theme, area, buf),
            _ => {}
        }
        if self.theme.ascii {
            asciify(area, buf);
        }
    }
}

/// `--ascii`: a last pass over everything drawn, so that no byte outside
/// ASCII reaches the terminal (a non-UTF-8 locale selects it). ratatui's
/// lines, axes, markers and bars become their ASCII shapes; text is spelt
/// in ASCII ([`to_ascii`]: `å` → `a`, `−` → `-`), keeping its width.
fn asciify(area: Rect, buf: &mut Buffer) {
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let symbol = buf[(x, y)].symbol();
            if symbol.is_ascii() {
                continue;
            }
            let width = symbol.width();
            let mapped: std::borrow::Cow<'_, str> = match symbol.chars().next().unwrap_or(' ') {
                '│' | '┃' | '║' => "|".into(),
                '─' | '━' | '═' => "-".into(),
                '└' | '┌' | '┐' | '┘' | '┼' | '├' | '┤' | '┬' | '┴' => "+".into(),
                '•' | '█' | '▀' | '▄' | '■' | '\u{2581}'..='\u{2588}' => "#".into(),
                '…' => "~".into(),
                '▶' | '→' => ">".into(),
                '←' => "<".into(),
                '↑' => "^".into(),
                '↓' => "v".into(),
                '⚑' => "!".into(),
                '\u{2800}'..='\u{28ff}' => "*".into(),
                _ => to_ascii(symbol).into_owned().into(),
            };
            // A wide character keeps its two cells: the first gets one ASCII
            // character, the one it covered the other.
            let mut chars = mapped.chars();
            let first = chars.next().unwrap_or('?');
            buf[(x, y)].set_symbol(first.encode_utf8(&mut [0; 4]));
            if width > 1 && x + 1 < area.right() {
                let second = chars.next().unwrap_or('?');
                buf[(x + 1, y)].set_symbol(second.encode_utf8(&mut [0; 4]));
            }
        }
    }
}

fn draw_header(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let period = app.period_label();
    let notices = if app.notices.is_empty() {
        String::new()
    } else {
        let mark = theme.symbols().glyph(Glyph::Notice);
        format!("  {mark} {}", strings::notice_count(app.notices.len()))
    };
    // What the figures are compared with: one word for last year.
    let compared = app.compared_with().map_or(String::new(), |q| {
        let year = if app.baseline == Baseline::LastYear {
            " i fjol"
        } else {
            ""
        };
        format!(" mot {}{year}", format::short_period(q))
    });
    let right = format!("{period}{compared}{notices}");
    let right_width = right.width() as u16;
    let title = format!("{} · {}", app.store.meta.title, app.store.meta.organisation);
    let left_width = area.width.saturating_sub(right_width + 2);
    let line = Line::from(vec![Span::styled(
        fit(&title, usize::from(left_width)),
        theme.style(Sem::Title),
    )]);
    line.render(area, buf);
    let right_area = Rect {
        x: area.x + area.width.saturating_sub(right_width),
        width: right_width.min(area.width),
        ..area
    };
    Line::from(vec![
        Span::styled(period, theme.style(Sem::Heading)),
        Span::styled(compared, theme.style(Sem::Dim)),
        Span::styled(notices, theme.style(Sem::Notice)),
    ])
    .render(right_area, buf);
}

fn draw_tabs(app: &App, area: Rect, buf: &mut Buffer) {
    let mut spans = Vec::new();
    for (i, pane) in PaneId::ALL.iter().enumerate() {
        let label = tab_label(i, *pane);
        let style = if *pane == app.pane {
            app.theme
                .selected()
                .add_modifier(ratatui::style::Modifier::BOLD)
        } else {
            app.theme.style(Sem::Dim)
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    Line::from(spans).render(area, buf);
}

fn draw_breadcrumb(app: &App, area: Rect, buf: &mut Buffer) {
    let sep = app.theme.symbols().crumb_separator;
    let crumbs: Vec<&str> = app.stack().iter().map(|s| s.title.as_str()).collect();
    let text = crumbs.join(sep);
    // Keep the end (where the user is) when it does not fit.
    let width = usize::from(area.width);
    let shown = if text.width() > width {
        let tail: String = text.chars().rev().collect::<String>();
        let cut = fit(&tail, width);
        cut.chars().rev().collect()
    } else {
        text
    };
    Span::styled(shown, app.theme.style(Sem::Heading)).render(area, buf);
}

fn draw_footer(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let line = match (&app.mode, &app.message) {
        (Mode::Search(query), _) => Line::from(vec![
            Span::styled(strings::SEARCH_PROMPT, theme.style(Sem::Key)),
            Span::raw(query.as_str()),
            Span::raw(theme.symbols().search_cursor),
            Span::styled(strings::SEARCH_KEYS, theme.style(Sem::Dim)),
        ]),
        (Mode::Confirm(_), _) => Line::from(vec![
            Span::styled(strings::CONFIRM_WRITE, theme.style(Sem::Notice)),
            Span::styled(strings::CONFIRM_KEYS, theme.style(Sem::Key)),
        ]),
        (Mode::Note(_), None) => {
            Line::from(Span::styled(strings::NOTE_FOOTER, theme.style(Sem::Dim)))
        }
        (_, Some(message)) => {
            Line::from(Span::styled(message.describe(), theme.style(Sem::Notice)))
        }
        _ => footer_hints(
            &app.settings.keymap,
            app.pane,
            app.has_searched(),
            theme,
            usize::from(area.width),
        ),
    };
    line.render(area, buf);
}

/// The keys that work here, as many as fit, shown in the table's order
/// and chosen by [`keymap::hint_rank`]: detail, help and quit always.
fn footer_hints(
    bindings: &Keymap,
    pane: PaneId,
    searched: bool,
    theme: &Theme,
    width: usize,
) -> Line<'static> {
    let all: Vec<(String, &str, u8)> = bindings
        .hints(pane)
        .into_iter()
        .map(|(keys, hint, action)| (keys, hint, keymap::hint_rank(action, searched)))
        .collect();
    let item_width = |(k, h, _): &(String, &str, u8)| k.width() + 1 + h.width() + 2;
    let mut room = width;
    let mut shown = vec![false; all.len()];
    for rank in 0..=2 {
        for (i, item) in all.iter().enumerate().filter(|(_, it)| it.2 == rank) {
            if rank == 0 || item_width(item) <= room {
                room = room.saturating_sub(item_width(item));
                shown[i] = true;
            }
        }
    }
    let mut spans = Vec::new();
    for ((keys, hint, _), _) in all.into_iter().zip(shown).filter(|(_, s)| *s) {
        spans.push(Span::styled(keys, theme.style(Sem::Key)));
        spans.push(Span::raw(format!(" {hint}  ")));
    }
    Line::from(spans)
}

/// The keys that work in the pane in view, its own first, scrolled by
/// `offset`; the frame says when more is above or below.
fn draw_help(app: &App, offset: usize, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let lines = app.settings.keymap.help_lines(app.pane);
    let key_width = lines.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    let height = (lines.len() as u16 + 3).min(area.height);
    let width = 78.min(area.width);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    Clear.render(popup, buf);
    let mut text: Vec<Line> = lines
        .iter()
        .map(|(k, h)| {
            Line::from(vec![
                Span::styled(format!("{k:<key_width$}  "), theme.style(Sem::Key)),
                Span::raw(*h),
            ])
        })
        .collect();
    text.push(Line::from(Span::styled(
        strings::HELP_CLOSE,
        theme.style(Sem::Dim),
    )));
    let inner = usize::from(height.saturating_sub(2));
    let offset = offset.min(text.len().saturating_sub(inner));
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .title(Span::styled(strings::HELP_TITLE, theme.style(Sem::Title)));
    if offset + inner < text.len() {
        block = block.title_bottom(Span::styled(strings::HELP_MORE, theme.style(Sem::Dim)));
    }
    Paragraph::new(text)
        .scroll((u16::try_from(offset).unwrap_or(u16::MAX), 0))
        .block(block)
        .render(popup, buf);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::theme::ThemeName;

    fn footer(pane: PaneId, width: usize) -> String {
        let theme = Theme::new(ThemeName::Mono, false);
        footer_hints(&crate::config::default_keymap(), pane, false, &theme, width)
            .spans
            .iter()
            .map(|s| s.content.as_ref())
            .collect()
    }

    #[test]
    fn a_narrow_footer_keeps_detail_help_quit_the_period_and_the_panes_own_keys() {
        let directives = footer(PaneId::Directives, 80);
        for hint in [
            "i detalj",
            "r mottagare",
            "f filter",
            "? hjälp",
            "q avsluta",
        ] {
            assert!(directives.contains(hint), "{hint}: {directives}");
        }
        assert!(directives.width() <= 80, "{directives}");
        let goals = footer(PaneId::Goals, 80);
        assert!(
            goals.contains("Space fäll") && goals.contains("i detalj"),
            "{goals}"
        );
        // In the table's order, whatever was chosen first.
        assert!(goals.find("Space").unwrap() < goals.find("i detalj").unwrap());
        // The period keys, the ones a follow-up uses most, in every tab.
        for pane in PaneId::ALL {
            let line = footer(pane, 80);
            assert!(line.contains("[ ] period"), "{pane:?}: {line}");
        }
        let tiny = footer(PaneId::Goals, 20);
        assert!(
            tiny.contains("i detalj") && tiny.contains("q avsluta"),
            "{tiny}"
        );
    }

    #[test]
    fn the_footer_names_n_for_the_next_hit_once_there_was_a_search() {
        let theme = Theme::new(ThemeName::Mono, false);
        let keymap = crate::config::default_keymap();
        let line = |searched| -> String {
            footer_hints(&keymap, PaneId::Economy, searched, &theme, 80)
                .spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect()
        };
        assert!(!line(false).contains("träff"), "{}", line(false));
        let after = line(true);
        assert!(
            after.contains("n N träff") && after.width() <= 80,
            "{after}"
        );
        assert!(
            after.contains("? hjälp") && after.contains("[ ] period"),
            "{after}"
        );
    }
}
