//! Semantic styles. Screens name what a thing *is* (`Sem::Bad`,
//! `Sem::Light(Judgement::Not)`); the theme decides how that looks. Default
//! colours are ANSI names so the user's palette applies. Every status is also
//! a glyph and a word, so `mono` (and `NO_COLOR`) lose no meaning.

use crate::domain::light::Judgement;
use crate::domain::status::DirectiveStatus;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

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

    /// The selected row: reverse video, legible with no colour at all.
    pub fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    pub fn border(&self) -> border::Set<'static> {
        if self.ascii {
            border::Set {
                top_left: "+",
                top_right: "+",
                bottom_left: "+",
                bottom_right: "+",
                vertical_left: "|",
                vertical_right: "|",
                horizontal_top: "-",
                horizontal_bottom: "-",
            }
        } else {
            border::PLAIN
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
    fn themes_parse_by_name() {
        assert_eq!(
            ThemeName::parse("color-blind"),
            Some(ThemeName::ColourBlind)
        );
        assert_eq!(ThemeName::parse("mono"), Some(ThemeName::Mono));
        assert_eq!(ThemeName::parse("neon"), None);
    }
}
