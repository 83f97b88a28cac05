//! Semantic styles. Screens name what a thing *is* (`Sem::Bad`,
//! `Sem::Light(Judgement::Not)`); the theme decides how that looks. Default
//! colours are ANSI names so the user's palette applies. Every status is also
//! a glyph and a word, so `mono` (and `NO_COLOR`) lose no meaning.

use super::screen::Glyph;
use crate::domain::change::Shift;
use crate::domain::light::Judgement;
use crate::domain::status::DirectiveStatus;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::{Marker, border};

/// What a piece of text is, for styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sem {
    Normal,
    Dim,
    Title,
    Heading,
    Key,
    /// A variance whose effect on the result is good / bad.
    Good,
    Bad,
    Light(Judgement),
    Status(DirectiveStatus),
    /// An overdue date.
    Overdue,
    Illustrative,
    Notice,
    ChartMonthly,
    ChartR12,
    ChartTarget,
    ChartEvent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeName {
    Default,
    Light,
    ColourBlind,
    Mono,
}

impl ThemeName {
    pub const ALL: [(&'static str, ThemeName); 4] = [
        ("default", ThemeName::Default),
        ("light", ThemeName::Light),
        ("colour-blind", ThemeName::ColourBlind),
        ("mono", ThemeName::Mono),
    ];

    pub fn parse(text: &str) -> Option<ThemeName> {
        let text = if text == "color-blind" {
            "colour-blind"
        } else {
            text
        };
        ThemeName::ALL
            .iter()
            .find(|(name, _)| *name == text)
            .map(|(_, t)| *t)
    }
}

/// Colours for the meanings that carry colour.
struct Palette {
    good: Color,
    bad: Color,
    warn: Color,
    grey: Color,
    accent: Color,
    title: Color,
}

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub name: ThemeName,
    pub ascii: bool,
}

impl Theme {
    pub fn new(name: ThemeName, ascii: bool) -> Theme {
        Theme { name, ascii }
    }

    fn palette(&self) -> Option<Palette> {
        match self.name {
            ThemeName::Default => Some(Palette {
                good: Color::Green,
                bad: Color::Red,
                warn: Color::Yellow,
                grey: Color::DarkGray,
                accent: Color::Cyan,
                title: Color::Cyan,
            }),
            // Darker tones that stay legible on a white background.
            ThemeName::Light => Some(Palette {
                good: Color::Indexed(28),
                bad: Color::Indexed(124),
                warn: Color::Indexed(130),
                grey: Color::Indexed(244),
                accent: Color::Indexed(25),
                title: Color::Indexed(25),
            }),
            // Okabe–Ito blue and vermillion: no red/green pair carries meaning.
            ThemeName::ColourBlind => Some(Palette {
                good: Color::Indexed(32),
                bad: Color::Indexed(166),
                warn: Color::Indexed(178),
                grey: Color::DarkGray,
                accent: Color::Indexed(32),
                title: Color::Indexed(32),
            }),
            ThemeName::Mono => None,
        }
    }

    pub fn style(&self, sem: Sem) -> Style {
        let base = Style::default();
        let Some(p) = self.palette() else {
            return mono(sem);
        };
        match sem {
            Sem::Normal => base,
            Sem::Dim | Sem::Illustrative => base.fg(p.grey),
            Sem::Title => base.fg(p.title).add_modifier(Modifier::BOLD),
            Sem::Heading => base.add_modifier(Modifier::BOLD),
            Sem::Key => base.fg(p.accent).add_modifier(Modifier::BOLD),
            Sem::Good => base.fg(p.good),
            Sem::Bad | Sem::Overdue => base.fg(p.bad).add_modifier(Modifier::BOLD),
            Sem::Light(Judgement::Full) => base.fg(p.good),
            Sem::Light(Judgement::Partial) => base.fg(p.warn),
            Sem::Light(Judgement::Not) => base.fg(p.bad).add_modifier(Modifier::BOLD),
            Sem::Light(Judgement::NoData) => base.fg(p.grey),
            Sem::Status(DirectiveStatus::Done) => base.fg(p.good),
            Sem::Status(DirectiveStatus::DoneWithDeviation) => {
                base.fg(p.warn).add_modifier(Modifier::BOLD)
            }
            Sem::Status(DirectiveStatus::Ongoing) => base.fg(p.accent),
            Sem::Status(DirectiveStatus::NotStarted | DirectiveStatus::Yearly) => base.fg(p.grey),
            Sem::Notice => base.fg(p.warn),
            Sem::ChartMonthly => base.fg(p.accent),
            Sem::ChartR12 => base.fg(p.good),
            Sem::ChartTarget => base.fg(p.warn),
            Sem::ChartEvent => base.fg(p.bad),
        }
    }

    /// The characters glyphs and marks are drawn with.
    pub fn symbols(&self) -> &'static Symbols {
        if self.ascii {
            &Symbols::ASCII
        } else {
            &Symbols::UNICODE
        }
    }

    /// The selected row: reverse video, legible with no colour at all.
    pub fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    pub fn border(&self) -> border::Set<'static> {
        self.symbols().border
    }
}

/// The characters of every glyph and mark, for a terminal with Unicode or
/// one with ASCII only. Each light and status keeps a distinct shape in both.
pub struct Symbols {
    lights: [&'static str; 4],
    statuses: [&'static str; 5],
    notice: &'static str,
    restated: &'static str,
    arrow: &'static str,
    dash: &'static str,
    spark: [&'static str; 8],
    /// Worse, better, moved sideways.
    shifts: [&'static str; 3],
    /// The selected row's gutter mark.
    pub selection: &'static str,
    /// Before a tree row: open, closed.
    pub tree: [&'static str; 2],
    pub crumb_separator: &'static str,
    pub search_cursor: &'static str,
    /// A chart legend's sample of a line.
    pub legend_line: &'static str,
    /// An event on a chart's time line.
    pub event: &'static str,
    pub chart_marker: Marker,
    pub event_marker: Marker,
    pub border: border::Set<'static>,
}

impl Symbols {
    pub const UNICODE: Symbols = Symbols {
        lights: ["●", "◐", "○", "–"],
        statuses: ["▶", "✓", "!", "○", "↻"],
        notice: "⚑",
        restated: "✎",
        arrow: "→",
        dash: "–",
        spark: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
        shifts: ["↓", "↑", "→"],
        selection: "▌ ",
        tree: ["▾ ", "▸ "],
        crumb_separator: " › ",
        search_cursor: "█",
        legend_line: "── ",
        event: "▲",
        chart_marker: Marker::Braille,
        event_marker: Marker::Block,
        border: border::PLAIN,
    };

    pub const ASCII: Symbols = Symbols {
        lights: ["#", "+", "o", "-"],
        statuses: [">", "v", "!", "o", "~"],
        notice: "!",
        restated: "*",
        arrow: "->",
        dash: "-",
        spark: ["_", ".", ",", "-", "~", "=", "*", "#"],
        shifts: ["v", "^", ">"],
        selection: "> ",
        tree: ["- ", "+ "],
        crumb_separator: " > ",
        search_cursor: "_",
        legend_line: "-- ",
        event: "*",
        chart_marker: Marker::Dot,
        event_marker: Marker::Dot,
        border: border::Set {
            top_left: "+",
            top_right: "+",
            bottom_left: "+",
            bottom_right: "+",
            vertical_left: "|",
            vertical_right: "|",
            horizontal_top: "-",
            horizontal_bottom: "-",
        },
    };

    pub fn glyph(&self, glyph: Glyph) -> &'static str {
        match glyph {
            Glyph::Light(j) => {
                self.lights[match j {
                    Judgement::Full => 0,
                    Judgement::Partial => 1,
                    Judgement::Not => 2,
                    Judgement::NoData => 3,
                }]
            }
            Glyph::Status(s) => {
                self.statuses[match s {
                    DirectiveStatus::Ongoing => 0,
                    DirectiveStatus::Done => 1,
                    DirectiveStatus::DoneWithDeviation => 2,
                    DirectiveStatus::NotStarted => 3,
                    DirectiveStatus::Yearly => 4,
                }]
            }
            Glyph::Notice => self.notice,
            Glyph::Restated => self.restated,
            Glyph::Arrow => self.arrow,
            Glyph::Dash => self.dash,
            Glyph::Spark(Some(level)) => self.spark[usize::from(level.min(7))],
            Glyph::Spark(None) => " ",
            Glyph::Shift(shift) => {
                self.shifts[match shift {
                    Shift::Worse => 0,
                    Shift::Better => 1,
                    Shift::Other => 2,
                }]
            }
        }
    }

    /// The mark before a tree row: open, closed, or room for one.
    pub fn tree_mark(&self, expanded: Option<bool>) -> &'static str {
        match expanded {
            Some(true) => self.tree[0],
            Some(false) => self.tree[1],
            None => "  ",
        }
    }
}

/// Without colour, emphasis carries the meaning the colour would.
fn mono(sem: Sem) -> Style {
    let base = Style::default();
    match sem {
        Sem::Title | Sem::Heading | Sem::Key => base.add_modifier(Modifier::BOLD),
        Sem::Bad | Sem::Overdue | Sem::Light(Judgement::Not) => base.add_modifier(Modifier::BOLD),
        Sem::Status(DirectiveStatus::DoneWithDeviation) => base.add_modifier(Modifier::BOLD),
        Sem::Dim | Sem::Illustrative | Sem::Light(Judgement::NoData) => {
            base.add_modifier(Modifier::DIM)
        }
        Sem::Notice => base.add_modifier(Modifier::ITALIC),
        _ => base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mono_uses_no_colour_but_keeps_emphasis() {
        let theme = Theme::new(ThemeName::Mono, false);
        for sem in [
            Sem::Bad,
            Sem::Good,
            Sem::Light(Judgement::Not),
            Sem::Title,
            Sem::ChartR12,
        ] {
            let style = theme.style(sem);
            assert_eq!((style.fg, style.bg), (None, None), "{sem:?}");
        }
        assert!(theme.style(Sem::Bad).add_modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn colour_blind_theme_has_no_red_green_pair() {
        let theme = Theme::new(ThemeName::ColourBlind, false);
        let colours = [theme.style(Sem::Good).fg, theme.style(Sem::Bad).fg];
        for c in colours {
            assert!(!matches!(
                c,
                Some(Color::Red | Color::Green | Color::LightRed | Color::LightGreen)
            ));
        }
        assert_ne!(colours[0], colours[1]);
    }

    #[test]
    fn default_theme_uses_ansi_names() {
        let theme = Theme::new(ThemeName::Default, false);
        assert_eq!(theme.style(Sem::Bad).fg, Some(Color::Red));
        assert_eq!(
            theme.style(Sem::Light(Judgement::Partial)).fg,
            Some(Color::Yellow)
        );
    }

    #[test]
    fn every_light_and_status_has_a_distinct_glyph_in_both_symbol_sets() {
        for symbols in [&Symbols::UNICODE, &Symbols::ASCII] {
            let lights: std::collections::HashSet<_> = Judgement::ALL
                .iter()
                .map(|j| symbols.glyph(Glyph::Light(*j)))
                .collect();
            assert_eq!(lights.len(), 4);
            let statuses: std::collections::HashSet<_> = DirectiveStatus::ALL
                .iter()
                .map(|s| symbols.glyph(Glyph::Status(*s)))
                .collect();
            assert_eq!(statuses.len(), 5);
        }
        assert!(
            Symbols::ASCII
                .spark
                .iter()
                .chain(Symbols::ASCII.lights.iter())
                .all(|s| s.is_ascii())
        );
    }

    #[test]
    fn themes_parse_by_name() {
        assert_eq!(
            ThemeName::parse("color-blind"),
            Some(ThemeName::ColourBlind)
        );
        assert_eq!(ThemeName::parse("mono"), Some(ThemeName::Mono));
        assert_eq!(ThemeName::parse("neon"), None);
    }
}
