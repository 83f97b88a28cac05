//! The palette's colours by meaning ([`Colours`]) and the reading of a
//! `[colours]` table: the one reader of both a user's config file (through
//! `config::file`, which says a mistake with its line) and the built-in
//! themes' presets in `assets/themes/` (through `theme.rs`), so that what
//! the cockpit draws with and what a user copies are one text.
//!
//! Below `theme.rs` and `config`, so that each imports it and neither the
//! other.

use super::contrast;
use crate::domain::text::excerpt;
use ratatui::style::Color;
use std::borrow::Cow;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The palette's colours by meaning, as the config file's `[colours]`
/// names them; each one set replaces the theme's own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Colours {
    pub good: Option<Color>,
    pub bad: Option<Color>,
    pub warn: Option<Color>,
    pub dim: Option<Color>,
    pub accent: Option<Color>,
    pub title: Option<Color>,
}

impl Colours {
    /// The names, in the order the config file documents them.
    pub const NAMES: [&'static str; 6] = ["good", "bad", "warn", "dim", "accent", "title"];

    /// The colour set for a name, if any.
    pub fn get(&self, name: &str) -> Option<Color> {
        match name {
            "good" => self.good,
            "bad" => self.bad,
            "warn" => self.warn,
            "dim" => self.dim,
            "accent" => self.accent,
            "title" => self.title,
            _ => None,
        }
    }

    /// The colours set that would vanish into `background` (contrast below
    /// [`contrast::UNREADABLE`]), by name: the cockpit keeps the palette's
    /// own there, and `tertial config` says so.
    pub fn unreadable_on(&self, background: (u8, u8, u8)) -> Vec<(&'static str, Color)> {
        Colours::NAMES
            .iter()
            .filter_map(|&name| Some((name, self.get(name)?)))
            .filter(|(_, c)| !readable(*c, background))
            .collect()
    }

    /// Unsets a colour by name (one the cockpit will not use).
    pub(crate) fn clear(&mut self, name: &str) {
        match name {
            "good" => self.good = None,
            "bad" => self.bad = None,
            "warn" => self.warn = None,
            "dim" => self.dim = None,
            "accent" => self.accent = None,
            "title" => self.title = None,
            _ => {}
        }
    }

    /// Sets a colour by name; false if there is no such name.
    pub fn set(&mut self, name: &str, colour: Color) -> bool {
        let slot = match name {
            "good" => &mut self.good,
            "bad" => &mut self.bad,
            "warn" => &mut self.warn,
            "dim" => &mut self.dim,
            "accent" => &mut self.accent,
            "title" => &mut self.title,
            _ => return false,
        };
        *slot = Some(colour);
        true
    }

    /// `other`'s colours over these.
    pub fn overlay(&mut self, other: &Colours) {
        let pairs = [
            (&mut self.good, other.good),
            (&mut self.bad, other.bad),
            (&mut self.warn, other.warn),
            (&mut self.dim, other.dim),
            (&mut self.accent, other.accent),
            (&mut self.title, other.title),
        ];
        for (mine, theirs) in pairs {
            if theirs.is_some() {
                *mine = theirs;
            }
        }
    }
}

/// A mistake in a `[colours]` table: the entry's name, where in the text
/// (a byte range, of the name for an unknown one, else of the value) and
/// what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mistake {
    pub name: String,
    pub span: Range<usize>,
    /// None: not a colour's name ([`Colours::NAMES`]); else why the value
    /// is not a colour.
    pub message: Option<String>,
}

/// Reads a `[colours]` table's entries, in the order given (the first
/// mistake is the one said).
pub fn read<'a, 'i: 'a>(
    entries: impl IntoIterator<Item = (&'a Spanned<Cow<'i, str>>, &'a Spanned<DeValue<'i>>)>,
) -> Result<Colours, Mistake> {
    let mut colours = Colours::default();
    for (key, value) in entries {
        let name = key.get_ref().as_ref();
        if !Colours::NAMES.contains(&name) {
            return Err(Mistake {
                name: name.to_string(),
                span: key.span(),
                message: None,
            });
        }
        let colour = colour(value.get_ref()).map_err(|message| Mistake {
            name: name.to_string(),
            span: value.span(),
            message: Some(message),
        })?;
        colours.set(name, colour);
    }
    Ok(colours)
}

/// The `[colours]` table of a whole config file's text, read; a file
/// without one sets no colour.
pub fn read_file(text: &str) -> Result<Colours, String> {
    let document = DeTable::parse(text).map_err(|e| e.message().to_string())?;
    let table = document
        .get_ref()
        .iter()
        .find(|(key, _)| key.get_ref() == "colours");
    match table.map(|(_, value)| value.get_ref()) {
        None => Ok(Colours::default()),
        Some(DeValue::Table(table)) => read(table.iter()).map_err(|m| {
            let why = m.message.unwrap_or_else(|| "not a colour's name".into());
            format!("colours.{}: {why}", m.name)
        }),
        Some(other) => Err(format!("colours: expected a table, found {}", a(other))),
    }
}

/// A colour: a name, an xterm colour number, or `#rrggbb`.
fn colour(value: &DeValue<'_>) -> Result<Color, String> {
    let expected = "expected a colour name (red, light-red, ...), a number 0-255 or \"#rrggbb\"";
    match value {
        DeValue::String(s) => s
            .parse::<Color>()
            .map_err(|_| format!("{expected}, found \"{}\"", excerpt(s))),
        DeValue::Integer(i) => i
            .as_str()
            .parse::<u8>()
            .map(Color::Indexed)
            .map_err(|_| format!("{expected}, found {}", i.as_str())),
        other => Err(format!("{expected}, found {}", a(other))),
    }
}

/// "an integer", "a string": what was found instead (the config file's
/// messages say it too).
pub fn a(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(s) => format!("the string \"{}\"", excerpt(s)),
        DeValue::Integer(i) => format!("the number {}", i.as_str()),
        DeValue::Float(f) => format!("the number {}", f.as_str()),
        DeValue::Boolean(b) => format!("{b}"),
        DeValue::Datetime(_) => "a date".into(),
        DeValue::Array(_) => "a list".into(),
        DeValue::Table(_) => "a table".into(),
    }
}

/// Whether `colour` stands out from `background` enough to be read at all.
fn readable(colour: Color, background: (u8, u8, u8)) -> bool {
    contrast::contrast(contrast::xterm_rgb(colour), background) >= contrast::UNREADABLE
}
