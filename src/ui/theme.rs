//! Semantic styles. Screens name what a thing *is* (`Sem::Bad`,
//! `Sem::Light(Judgement::Not)`); the theme decides how that looks. Default
//! colours are ANSI names so the user's palette applies. Every status is also
//! a glyph and a word, so `mono` (and `NO_COLOR`) lose no meaning.

pub use super::colours::Colours;
use super::contrast;
use super::glyph::Glyph;
use crate::domain::change::Shift;
use crate::domain::light::Judgement;
use crate::domain::status::DirectiveStatus;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::{Marker, border};
use std::sync::LazyLock;

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

/// A palette, chosen by name (`--theme`, the config file) or by the
/// terminal's background ([`ThemeChoice`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeName {
    /// For dark backgrounds: ANSI colour names, so the user's palette applies.
    Default,
    Light,
    /// Okabe–Ito blue and vermillion on a dark background.
    ColourBlind,
    ColourBlindLight,
    Mono,
}

impl ThemeName {
    /// The background the palette is made for; None for mono (no colour).
    pub fn background(self) -> Option<(u8, u8, u8)> {
        match self {
            ThemeName::Default | ThemeName::ColourBlind => Some(contrast::DARK_BACKGROUND),
            ThemeName::Light | ThemeName::ColourBlindLight => Some(contrast::LIGHT_BACKGROUND),
            ThemeName::Mono => None,
        }
    }

    /// The names a fixed palette is chosen by.
    pub const ALL: [(&'static str, ThemeName); 5] = [
        ("dark", ThemeName::Default),
        ("light", ThemeName::Light),
        ("colour-blind-dark", ThemeName::ColourBlind),
        ("colour-blind-light", ThemeName::ColourBlindLight),
        ("mono", ThemeName::Mono),
    ];

    /// A fixed palette by name (`default` is `dark`; `color` as `colour`).
    pub fn parse(text: &str) -> Option<ThemeName> {
        let text = text.replace("color", "colour");
        let text = if text == "default" { "dark" } else { &text };
        ThemeName::ALL
            .iter()
            .find(|(name, _)| *name == text)
            .map(|(_, t)| *t)
    }

    pub fn name(self) -> &'static str {
        ThemeName::ALL
            .iter()
            .find(|(_, t)| *t == self)
            .map_or("dark", |(n, _)| n)
    }

    /// The palette's colours as the config file's `[colours]` names them:
    /// its preset's (`assets/themes/`); none for mono.
    pub fn colours(self) -> Colours {
        BUILT_IN
            .iter()
            .find(|(n, _)| *n == self)
            .map_or_else(Colours::default, |(_, c)| *c)
    }
}

/// Each fixed theme's preset, in [`ThemeName::ALL`]'s order: the built-in
/// palettes are these files, read once by the config file's own reader of
/// `[colours]`, so that a user who copies one starts from exactly what the
/// cockpit draws.
pub const PRESETS: [(ThemeName, &str); 5] = [
    (
        ThemeName::Default,
        include_str!("../../assets/themes/dark.toml"),
    ),
    (
        ThemeName::Light,
        include_str!("../../assets/themes/light.toml"),
    ),
    (
        ThemeName::ColourBlind,
        include_str!("../../assets/themes/colour-blind-dark.toml"),
    ),
    (
        ThemeName::ColourBlindLight,
        include_str!("../../assets/themes/colour-blind-light.toml"),
    ),
    (
        ThemeName::Mono,
        include_str!("../../assets/themes/mono.toml"),
    ),
];

/// The preset of a theme, as its file says it.
pub fn preset(name: ThemeName) -> &'static str {
    PRESETS
        .iter()
        .find(|(n, _)| *n == name)
        .map_or("", |(_, text)| text)
}

/// The presets' colours, read on first use. A preset that does not read
/// sets none (its theme then draws as mono; a test keeps every one whole).
static BUILT_IN: LazyLock<[(ThemeName, Colours); 5]> = LazyLock::new(|| {
    PRESETS.map(|(name, text)| {
        let colours = super::colours::read_file(text).unwrap_or_default();
        (name, colours)
    })
});

/// What the user asks for: a palette, or a family whose dark or light
/// member the terminal's background decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeChoice {
    /// Dark or light, as the background is.
    Auto,
    /// Colour-blind dark or light, as the background is.
    ColourBlind,
    Fixed(ThemeName),
}

impl ThemeChoice {
    /// Every name, for messages and the config file's documentation.
    pub const NAMES: [&'static str; 7] = [
        "auto",
        "dark",
        "light",
        "colour-blind",
        "colour-blind-dark",
        "colour-blind-light",
        "mono",
    ];

    pub fn parse(text: &str) -> Option<ThemeChoice> {
        match text.replace("color", "colour").as_str() {
            "auto" => Some(ThemeChoice::Auto),
            "colour-blind" => Some(ThemeChoice::ColourBlind),
            other => ThemeName::parse(other).map(ThemeChoice::Fixed),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ThemeChoice::Auto => "auto",
            ThemeChoice::ColourBlind => "colour-blind",
            ThemeChoice::Fixed(name) => name.name(),
        }
    }

    /// Whether the terminal's background decides.
    pub fn follows_background(self) -> bool {
        !matches!(self, ThemeChoice::Fixed(_))
    }

    /// The palette for a background that is light (`Some(true)`), dark, or
    /// unknown (taken as dark, the common case).
    pub fn resolve(self, light: Option<bool>) -> ThemeName {
        let light = light == Some(true);
        match self {
            ThemeChoice::Auto if light => ThemeName::Light,
            ThemeChoice::Auto => ThemeName::Default,
            ThemeChoice::ColourBlind if light => ThemeName::ColourBlindLight,
            ThemeChoice::ColourBlind => ThemeName::ColourBlind,
            ThemeChoice::Fixed(name) => name,
        }
    }
}

/// Colours for the meanings that carry colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Palette {
    good: Color,
    bad: Color,
    warn: Color,
    /// Dim text; None: the DIM modifier on the terminal's own colour, for
    /// dark backgrounds where a grey may be the background's own colour
    /// (DarkGray is Solarized Dark's background).
    grey: Option<Color>,
    accent: Color,
    title: Color,
}

impl Palette {
    /// The palette a preset's colours make, or the names it lacks: every
    /// one but `dim`, which a dark theme leaves to the terminal's own
    /// colour, dimmed.
    fn of(c: &Colours) -> Result<Palette, Vec<&'static str>> {
        match (c.good, c.bad, c.warn, c.accent, c.title) {
            (Some(good), Some(bad), Some(warn), Some(accent), Some(title)) => Ok(Palette {
                good,
                bad,
                warn,
                grey: c.dim,
                accent,
                title,
            }),
            _ => Err(Colours::NAMES
                .into_iter()
                .filter(|n| *n != "dim" && c.get(n).is_none())
                .collect()),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub name: ThemeName,
    pub ascii: bool,
    /// The user's colours over the palette's.
    pub colours: Colours,
}

impl Theme {
    pub fn new(name: ThemeName, ascii: bool) -> Theme {
        Theme {
            name,
            ascii,
            colours: Colours::default(),
        }
    }

    /// The same theme with the user's colours over the palette's.
    pub fn with_colours(mut self, colours: Colours) -> Theme {
        self.colours = colours;
        self
    }

    fn palette(&self) -> Option<Palette> {
        let mut p = base_palette(self.name)?;
        // A colour the user chose that would vanish into this palette's
        // background is not used: the cockpit never starts unreadable.
        let mut c = self.colours;
        if let Some(background) = self.name.background() {
            for (name, _) in self.colours.unreadable_on(background) {
                c.clear(name);
            }
        }
        let c = &c;
        p.good = c.good.unwrap_or(p.good);
        p.bad = c.bad.unwrap_or(p.bad);
        p.warn = c.warn.unwrap_or(p.warn);
        p.grey = c.dim.or(p.grey);
        p.accent = c.accent.unwrap_or(p.accent);
        p.title = c.title.unwrap_or(p.title);
        Some(p)
    }

    pub fn style(&self, sem: Sem) -> Style {
        let base = Style::default();
        let Some(p) = self.palette() else {
            return mono(sem);
        };
        match sem {
            Sem::Normal => base,
            Sem::Dim | Sem::Illustrative => grey(p),
            Sem::Title => base.fg(p.title).add_modifier(Modifier::BOLD),
            Sem::Heading => base.add_modifier(Modifier::BOLD),
            Sem::Key => base.fg(p.accent).add_modifier(Modifier::BOLD),
            Sem::Good => base.fg(p.good),
            Sem::Bad | Sem::Overdue => base.fg(p.bad).add_modifier(Modifier::BOLD),
            Sem::Light(Judgement::Full) => base.fg(p.good),
            Sem::Light(Judgement::Partial) => base.fg(p.warn),
            Sem::Light(Judgement::Not) => base.fg(p.bad).add_modifier(Modifier::BOLD),
            Sem::Light(Judgement::NoData) => grey(p),
            Sem::Status(DirectiveStatus::Done) => base.fg(p.good),
            Sem::Status(DirectiveStatus::DoneWithDeviation) => {
                base.fg(p.warn).add_modifier(Modifier::BOLD)
            }
            Sem::Status(DirectiveStatus::Ongoing) => base.fg(p.accent),
            Sem::Status(
                DirectiveStatus::NotStarted | DirectiveStatus::Yearly | DirectiveStatus::NotStated,
            ) => grey(p),
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

/// The built-in palettes, from the presets ([`PRESETS`]). Each gives text
/// at least 4.5:1 and marks 3:1 against its background in xterm's standard
/// colours (black for the dark ones, white for the light ones):
/// `tests::every_palette_meets_the_contrast_ratios`. Mono has none, whatever
/// its file says; so has a theme whose preset lacks a colour the palette
/// needs ([`Palette::of`]).
fn base_palette(name: ThemeName) -> Option<Palette> {
    match name {
        ThemeName::Mono => None,
        _ => Palette::of(&name.colours()).ok(),
    }
}

/// The characters of every glyph and mark, for a terminal with Unicode or
/// one with ASCII only. Each light and status keeps a distinct shape in both.
pub struct Symbols {
    lights: [&'static str; 4],
    statuses: [&'static str; 6],
    notice: &'static str,
    restated: &'static str,
    note: &'static str,
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
        statuses: ["▶", "✓", "!", "○", "↻", "?"],
        notice: "⚑",
        restated: "✎",
        note: "✦",
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
        statuses: [">", "v", "!", "o", "~", "?"],
        notice: "!",
        restated: "*",
        note: "+",
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
                    DirectiveStatus::NotStated => 5,
                }]
            }
            Glyph::Notice => self.notice,
            Glyph::Restated => self.restated,
            Glyph::Note => self.note,
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

/// Dim text: the palette's grey, or the DIM modifier where it has none.
fn grey(p: Palette) -> Style {
    match p.grey {
        Some(colour) => Style::default().fg(colour),
        None => Style::default().add_modifier(Modifier::DIM),
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
pub(crate) mod tests {
    use super::*;
    use crate::ui::contrast::{contrast, xterm_rgb};

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

    /// What a preset must say: every colour its palette needs, and `dim`
    /// as well on a light background (on a dark one the terminal's own
    /// colour, dimmed); mono, no colour at all.
    fn whole(name: ThemeName, text: &str) -> Result<(), String> {
        let colours = super::super::colours::read_file(text)?;
        if name == ThemeName::Mono {
            let none = colours == Colours::default();
            return if none {
                Ok(())
            } else {
                Err("mono sets a colour".into())
            };
        }
        Palette::of(&colours).map_err(|missing| format!("no {missing:?}"))?;
        let light = name.background() == Some(contrast::LIGHT_BACKGROUND);
        match (light, colours.dim) {
            (true, None) => Err("no dim on a light background".into()),
            _ => Ok(()),
        }
    }

    #[test]
    fn every_preset_reads_with_every_colour_its_theme_draws_with() {
        for (name, text) in PRESETS {
            assert_eq!(whole(name, text), Ok(()), "{name:?}");
            let colours = name.colours();
            let drawn = Theme::new(name, false).style(Sem::Bad).fg;
            assert_eq!(drawn, colours.bad, "{name:?} draws its preset's bad");
        }
        assert_eq!(
            Theme::new(ThemeName::Light, false).style(Sem::Dim).fg,
            Some(Color::Indexed(242))
        );
    }

    #[test]
    fn a_preset_that_lost_a_colour_is_caught() {
        let light = preset(ThemeName::Light);
        let lost = light.replace("warn = 130\n", "");
        assert_ne!(lost, light, "the line to take out is there");
        assert_eq!(whole(ThemeName::Light, &lost), Err(r#"no ["warn"]"#.into()));
        let lost = light.replace("dim = 242\n", "");
        assert_ne!(lost, light);
        assert!(whole(ThemeName::Light, &lost).is_err());
        let misspelt = light.replace("good =", "god =");
        assert!(whole(ThemeName::Light, &misspelt).is_err());
        let coloured_mono = format!("{}\n[colours]\nbad = 1\n", preset(ThemeName::Mono));
        assert!(whole(ThemeName::Mono, &coloured_mono).is_err());
    }

    #[test]
    fn every_fixed_theme_has_a_preset_named_as_the_theme() {
        let names: Vec<ThemeName> = PRESETS.iter().map(|(n, _)| *n).collect();
        let all: Vec<ThemeName> = ThemeName::ALL.iter().map(|(_, n)| *n).collect();
        assert_eq!(names, all);
        for (file, name) in ThemeName::ALL {
            let on_disk = std::fs::read_to_string(format!("assets/themes/{file}.toml")).unwrap();
            assert_eq!(preset(name), on_disk, "{file}");
        }
    }

    #[test]
    fn default_theme_uses_ansi_names() {
        let theme = Theme::new(ThemeName::Default, false);
        assert_eq!(theme.style(Sem::Bad).fg, Some(Color::LightRed));
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
            assert_eq!(statuses.len(), DirectiveStatus::ALL.len());
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
            ThemeName::parse("color-blind-light"),
            Some(ThemeName::ColourBlindLight)
        );
        assert_eq!(ThemeName::parse("default"), Some(ThemeName::Default));
        assert_eq!(ThemeName::parse("mono"), Some(ThemeName::Mono));
        assert_eq!(ThemeName::parse("neon"), None);
        for name in ThemeChoice::NAMES {
            assert_eq!(ThemeChoice::parse(name).map(ThemeChoice::name), Some(name));
        }
        let light = Some(true);
        assert_eq!(ThemeChoice::Auto.resolve(light), ThemeName::Light);
        assert_eq!(ThemeChoice::Auto.resolve(None), ThemeName::Default);
        assert_eq!(
            ThemeChoice::ColourBlind.resolve(light),
            ThemeName::ColourBlindLight
        );
        assert_eq!(
            ThemeChoice::Fixed(ThemeName::Mono).resolve(light),
            ThemeName::Mono
        );
    }

    pub(crate) fn every_sem() -> Vec<Sem> {
        let mut sems = vec![
            Sem::Normal,
            Sem::Dim,
            Sem::Title,
            Sem::Heading,
            Sem::Key,
            Sem::Good,
            Sem::Bad,
            Sem::Overdue,
            Sem::Illustrative,
            Sem::Notice,
            Sem::ChartMonthly,
            Sem::ChartR12,
            Sem::ChartTarget,
            Sem::ChartEvent,
        ];
        sems.extend(Judgement::ALL.iter().map(|j| Sem::Light(*j)));
        sems.extend(DirectiveStatus::ALL.iter().map(|s| Sem::Status(*s)));
        sems
    }

    #[test]
    fn contrast_is_computed_as_wcag_defines_it() {
        let ratio = contrast((0, 0, 0), (255, 255, 255));
        assert!((ratio - 21.0).abs() < 1e-9);
        // The figures the issue quotes: grey 244 and colour 178 on white.
        let on_white = |c| contrast(xterm_rgb(Color::Indexed(c)), (255, 255, 255));
        assert!((on_white(244) - 3.95).abs() < 0.01, "{}", on_white(244));
        assert!((on_white(178) - 2.1).abs() < 0.05, "{}", on_white(178));
        assert!(contrast(xterm_rgb(Color::Red), (0, 0, 0)) < 4.5);
    }

    #[test]
    fn every_palette_meets_the_contrast_ratios() {
        for (name, background) in [
            (ThemeName::Default, (0, 0, 0)),
            (ThemeName::ColourBlind, (0, 0, 0)),
            (ThemeName::Light, (255, 255, 255)),
            (ThemeName::ColourBlindLight, (255, 255, 255)),
        ] {
            let theme = Theme::new(name, false);
            for sem in every_sem() {
                let style = theme.style(sem);
                let Some(fg) = style.fg else {
                    // The terminal's own foreground, perhaps dimmed: never
                    // a colour that can be the background's.
                    continue;
                };
                // Chart lines and marks are not text.
                let needed = match sem {
                    Sem::ChartMonthly | Sem::ChartR12 | Sem::ChartTarget | Sem::ChartEvent => 3.0,
                    _ => 4.5,
                };
                let ratio = contrast(xterm_rgb(fg), background);
                assert!(
                    ratio >= needed,
                    "{name:?} {sem:?}: {fg:?} is {ratio:.2}:1 on {background:?}, needs {needed}"
                );
            }
        }
    }

    #[test]
    fn dark_palettes_dim_with_the_modifier_not_a_grey() {
        for name in [ThemeName::Default, ThemeName::ColourBlind] {
            let theme = Theme::new(name, false);
            for sem in [Sem::Dim, Sem::Illustrative, Sem::Light(Judgement::NoData)] {
                let style = theme.style(sem);
                assert_eq!(style.fg, None, "{name:?} {sem:?}");
                assert!(style.add_modifier.contains(Modifier::DIM));
            }
        }
    }

    #[test]
    fn the_users_colours_replace_the_palettes_by_meaning() {
        let mut colours = Colours::default();
        assert!(colours.set("bad", Color::Indexed(196)));
        assert!(colours.set("dim", Color::Indexed(245)));
        assert!(!colours.set("neon", Color::Red));
        let theme = Theme::new(ThemeName::Light, false).with_colours(colours);
        assert_eq!(theme.style(Sem::Bad).fg, Some(Color::Indexed(196)));
        assert_eq!(
            theme.style(Sem::Light(Judgement::Not)).fg,
            Some(Color::Indexed(196))
        );
        assert_eq!(theme.style(Sem::Dim).fg, Some(Color::Indexed(245)));
        assert_eq!(theme.style(Sem::Good).fg, Some(Color::Indexed(28)));
        let mono = Theme::new(ThemeName::Mono, false).with_colours(colours);
        assert_eq!(mono.style(Sem::Bad).fg, None, "mono stays mono");
    }
}
