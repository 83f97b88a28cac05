//! Reading a config file: TOML, walked against the settings it may hold, so
//! that every mistake is said with its line, its key and what was expected,
//! and an unknown key with the known name nearest to it.

use super::{Ascii, Layer};
use crate::domain::text::excerpt;
use crate::export::FileFormat;
use crate::keymap::key as keys;
use crate::keymap::{Action, Binding, Bindings};
use crate::ui::colours::{self, Colours, a};
use crate::ui::screen::PaneId;
use crate::ui::theme::ThemeChoice;
use std::ops::Range;
use std::path::PathBuf;
use toml::de::{DeTable, DeValue};

use toml::Spanned;

/// What is wrong in a config file, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// 1-based.
    pub line: usize,
    /// The key, dotted from the top (`keys.ekonomi.frames`); empty when the
    /// file is not TOML at all.
    pub key: String,
    /// What was expected, or what is wrong.
    pub message: String,
}

/// The top-level settings, in the order the default file documents them.
const TOP: [&str; 10] = [
    "theme",
    "ascii",
    "snapshot",
    "export_dir",
    "notes",
    "export_format",
    "copy",
    "mouse",
    "colours",
    "keys",
];

/// Parses a config file's text into the settings it sets.
pub fn parse(text: &str) -> Result<Layer, FileError> {
    let lines = Lines::new(text);
    let at = |span: Range<usize>| line_of(&lines, span.start);
    let document = DeTable::parse(text).map_err(|e| FileError {
        line: e.span().map_or(1, &at),
        key: String::new(),
        message: format!("not valid TOML: {}", first_line(e.message())),
    })?;
    let mut layer = Layer::default();
    for (key, value) in in_file_order(document.get_ref()) {
        let name = key.get_ref().as_ref();
        let fail = |message: String| FileError {
            line: at(key.span()),
            key: name.to_string(),
            message,
        };
        let fail_value = |message: String| FileError {
            line: at(value.span()),
            key: name.to_string(),
            message,
        };
        match name {
            "theme" => {
                let text = string(value.get_ref()).map_err(&fail_value)?;
                layer.theme = Some(theme(text).map_err(&fail_value)?);
            }
            "ascii" => layer.ascii = Some(ascii(value.get_ref()).map_err(&fail_value)?),
            "snapshot" => {
                layer.snapshot = Some(path(value.get_ref()).map_err(&fail_value)?);
            }
            "export_dir" => {
                layer.export_dir = Some(path(value.get_ref()).map_err(&fail_value)?);
            }
            "notes" => {
                layer.notes = Some(path(value.get_ref()).map_err(&fail_value)?);
            }
            "export_format" => {
                let text = string(value.get_ref()).map_err(&fail_value)?;
                layer.export_format = Some(export_format(text).map_err(&fail_value)?);
            }
            "copy" => layer.copy = Some(boolean(value.get_ref()).map_err(&fail_value)?),
            "mouse" => layer.mouse = Some(boolean(value.get_ref()).map_err(&fail_value)?),
            "colours" => {
                let table = table(value.get_ref()).map_err(&fail_value)?;
                layer.colours = colours(&lines, table)?;
            }
            "keys" => {
                let table = table(value.get_ref()).map_err(&fail_value)?;
                layer.keys = bindings(&lines, table)?;
            }
            other => return Err(fail(unknown(other, &TOP, "setting"))),
        }
    }
    Ok(layer)
}

/// A table's entries in the order they are written (the parser's map is
/// sorted by key), so the first mistake said is the first in the file.
fn in_file_order<'a, 'i>(
    table: &'a DeTable<'i>,
) -> Vec<(
    &'a Spanned<std::borrow::Cow<'i, str>>,
    &'a Spanned<DeValue<'i>>,
)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

fn colours(lines: &Lines, table: &DeTable<'_>) -> Result<Colours, FileError> {
    colours::read(in_file_order(table)).map_err(|mistake| FileError {
        line: line_of(lines, mistake.span.start),
        message: mistake
            .message
            .unwrap_or_else(|| unknown(&mistake.name, &Colours::NAMES, "colour")),
        key: format!("colours.{}", mistake.name),
    })
}

fn bindings(lines: &Lines, table: &DeTable<'_>) -> Result<Bindings, FileError> {
    let mut out = Bindings::default();
    let pane_names = PaneId::render_names();
    let actions: Vec<&str> = crate::keymap::named().map(|(n, _)| n).collect();
    let mut known = actions.clone();
    known.extend(pane_names.iter().copied());
    for (key, value) in in_file_order(table) {
        let name = key.get_ref().as_ref();
        let key_line = line_of(lines, key.span().start);
        if let Some(pane) = PaneId::ALL.into_iter().find(|p| p.config_name() == name) {
            let DeValue::Table(pane_table) = value.get_ref() else {
                return Err(FileError {
                    line: key_line,
                    key: format!("keys.{name}"),
                    message: format!(
                        "expected a table of the keys in {} ([keys.{name}]), found {}",
                        pane.title(),
                        a(value.get_ref())
                    ),
                });
            };
            let mut own = Vec::new();
            for (action_key, keys_value) in in_file_order(pane_table) {
                let action_name = action_key.get_ref().as_ref();
                let full = format!("keys.{name}.{action_name}");
                own.push(binding(lines, action_key, keys_value, &full, |n| {
                    unknown(n, &actions, "action")
                })?);
            }
            out.panes.push((pane, own));
            continue;
        }
        let full = format!("keys.{name}");
        out.global.push(binding(lines, key, value, &full, |n| {
            unknown(n, &known, "action or pane")
        })?);
    }
    Ok(out)
}

/// `period_prev = ["[", "<S-Left>"]` (or a single string).
fn binding(
    lines: &Lines,
    key: &Spanned<std::borrow::Cow<'_, str>>,
    value: &Spanned<DeValue<'_>>,
    full: &str,
    unknown_name: impl Fn(&str) -> String,
) -> Result<Binding, FileError> {
    let name = key.get_ref().as_ref();
    let line = line_of(lines, key.span().start);
    let fail = |line: usize, message: String| FileError {
        line,
        key: full.to_string(),
        message,
    };
    let action = Action::by_name(name).ok_or_else(|| fail(line, unknown_name(name)))?;
    let strings: Vec<(&str, Range<usize>)> = match value.get_ref() {
        DeValue::String(s) => vec![(s.as_ref(), value.span())],
        DeValue::Array(items) => items
            .iter()
            .map(|item| match item.get_ref() {
                DeValue::String(s) => Ok((s.as_ref(), item.span())),
                other => Err(fail(
                    line_of(lines, item.span().start),
                    format!(
                        "expected each key as a string such as \"[\" or \"<S-Left>\", found {}",
                        a(other)
                    ),
                )),
            })
            .collect::<Result<_, _>>()?,
        other => {
            return Err(fail(
                line_of(lines, value.span().start),
                format!(
                    "expected a list of keys such as [\"[\", \"<S-Left>\"], found {}",
                    a(other)
                ),
            ));
        }
    };
    let mut keys = Vec::new();
    for (s, span) in strings {
        let parsed = keys::parse_one(s).map_err(|e| fail(line_of(lines, span.start), e))?;
        keys.push(parsed);
    }
    Ok(Binding {
        action,
        keys,
        line: Some(line),
    })
}

fn theme(text: &str) -> Result<ThemeChoice, String> {
    ThemeChoice::parse(text).ok_or_else(|| {
        format!(
            "expected one of {}, found \"{}\"",
            ThemeChoice::NAMES.join(", "),
            excerpt(text)
        )
    })
}

fn export_format(text: &str) -> Result<FileFormat, String> {
    FileFormat::parse(text).ok_or_else(|| {
        format!(
            "expected one of {}, found \"{}\"",
            FileFormat::NAMES.join(", "),
            excerpt(text)
        )
    })
}

fn ascii(value: &DeValue<'_>) -> Result<Ascii, String> {
    match value {
        DeValue::Boolean(true) => Ok(Ascii::On),
        DeValue::Boolean(false) => Ok(Ascii::Off),
        DeValue::String(s) => Ascii::parse(s)
            .ok_or_else(|| format!("expected \"auto\", true or false, found \"{}\"", excerpt(s))),
        other => Err(format!(
            "expected \"auto\", true or false, found {}",
            a(other)
        )),
    }
}

fn boolean(value: &DeValue<'_>) -> Result<bool, String> {
    match value {
        DeValue::Boolean(b) => Ok(*b),
        other => Err(format!("expected true or false, found {}", a(other))),
    }
}

fn string<'a>(value: &'a DeValue<'_>) -> Result<&'a str, String> {
    match value {
        DeValue::String(s) => Ok(s.as_ref()),
        other => Err(format!("expected a string, found {}", a(other))),
    }
}

fn path(value: &DeValue<'_>) -> Result<PathBuf, String> {
    match value {
        DeValue::String(s) if !s.is_empty() => Ok(super::expand_home(s)),
        DeValue::String(_) => Err("expected a path, found an empty string".into()),
        other => Err(format!("expected a path as a string, found {}", a(other))),
    }
}

fn table<'a, 'i>(value: &'a DeValue<'i>) -> Result<&'a DeTable<'i>, String> {
    match value {
        DeValue::Table(t) => Ok(t),
        other => Err(format!("expected a table, found {}", a(other))),
    }
}

/// An unknown key, with the known one nearest to it.
fn unknown(name: &str, known: &[&str], what: &str) -> String {
    let nearest = known
        .iter()
        .min_by_key(|k| strsim::damerau_levenshtein(name, k))
        .copied()
        .unwrap_or_default();
    format!("unknown {what}; did you mean {nearest}?")
}

/// Where each line of a file starts, so that finding the line of a key
/// costs a binary search, not a count from the top (a file of 60 000 keys
/// was quadratic).
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let breaks = text.bytes().enumerate().filter(|(_, b)| *b == b'\n');
        Lines {
            starts: std::iter::once(0)
                .chain(breaks.map(|(i, _)| i + 1))
                .collect(),
        }
    }
}

/// The 1-based line of a byte offset.
fn line_of(lines: &Lines, offset: usize) -> usize {
    lines
        .starts
        .partition_point(|&start| start <= offset)
        .max(1)
}

/// TOML's messages may run over several lines; the first says it.
fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message).trim()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::theme::ThemeName;
    use ratatui::style::Color;

    fn error(text: &str) -> FileError {
        parse(text).unwrap_err()
    }

    #[test]
    fn the_default_file_parses_and_sets_every_setting() {
        let layer = parse(super::super::DEFAULT_FILE).unwrap();
        assert_eq!(layer.theme, Some(ThemeChoice::Auto));
        assert_eq!(layer.ascii, Some(Ascii::Auto));
        assert_eq!((layer.copy, layer.mouse), (Some(true), Some(false)));
        assert_eq!(layer.snapshot, None, "commented out: no default");
        // Every action has its default keys in the file, but the tabs'
        // numbers: those come from the registry (`tab_digits`).
        let tabs = crate::ui::screen::PaneId::ALL.len();
        assert_eq!(
            layer.keys.global.len(),
            crate::keymap::named().count() - tabs,
            "every action but the tabs' has its default keys in the file"
        );
    }

    #[test]
    fn settings_parse() {
        let layer = parse(
            "theme = \"light\"\nascii = true\nmouse = true\nsnapshot = \"/data/hsn.db\"\n\
             [colours]\nbad = \"#aa0000\"\ndim = 242\n\
             [keys]\nperiod_prev = [\",\"]\nperiod_next = \".\"\n\
             [keys.ekonomi]\nframes = [\"B\", \"<F2>\"]\n",
        )
        .unwrap();
        assert_eq!(layer.theme, Some(ThemeChoice::Fixed(ThemeName::Light)));
        assert_eq!(layer.ascii, Some(Ascii::On));
        assert_eq!(layer.mouse, Some(true));
        assert_eq!(layer.snapshot, Some(PathBuf::from("/data/hsn.db")));
        assert_eq!(layer.colours.bad, Some(Color::Rgb(0xaa, 0, 0)));
        assert_eq!(layer.colours.dim, Some(Color::Indexed(242)));
        assert_eq!(layer.keys.global.len(), 2);
        assert_eq!(layer.keys.global[0].line, Some(9));
        assert_eq!(layer.keys.panes[0].0, PaneId::Economy);
        assert_eq!(layer.keys.panes[0].1[0].keys.len(), 2);
    }

    #[test]
    fn mistakes_are_said_with_line_key_and_what_was_expected() {
        let e = error("\n\ntheme = \"neon\"\n");
        assert_eq!((e.line, e.key.as_str()), (3, "theme"));
        assert!(
            e.message.starts_with("expected one of auto, dark, light"),
            "{e:?}"
        );
        assert!(e.message.ends_with("found \"neon\""), "{e:?}");

        let e = error("mouse = \"yes\"");
        assert_eq!(
            e.message,
            "expected true or false, found the string \"yes\""
        );

        let e = error("copy = true\nthme = \"light\"\n");
        assert_eq!((e.line, e.key.as_str()), (2, "thme"));
        assert_eq!(e.message, "unknown setting; did you mean theme?");

        let e = error("[colors]\nbad = \"red\"\n");
        assert_eq!(e.message, "unknown setting; did you mean colours?");

        let e = error("[colours]\nbda = \"red\"\n");
        assert_eq!((e.line, e.key.as_str()), (2, "colours.bda"));
        assert_eq!(e.message, "unknown colour; did you mean bad?");

        let e = error("[colours]\nbad = \"reddish\"\n");
        assert!(e.message.contains("found \"reddish\""), "{e:?}");

        let e = error("[keys]\nperiod_previous = [\",\"]\n");
        assert_eq!((e.line, e.key.as_str()), (2, "keys.period_previous"));
        assert_eq!(
            e.message,
            "unknown action or pane; did you mean period_prev?"
        );

        let e = error("[keys]\nup = [\"<Upp>\"]\n");
        assert!(e.message.starts_with("unknown key <Upp>"), "{e:?}");

        let e = error("[keys]\nup = [\"jk\"]\n");
        assert!(e.message.contains("more than one key"), "{e:?}");

        let e = error("[keys]\nup = 3\n");
        assert!(e.message.starts_with("expected a list of keys"), "{e:?}");

        let e = error("[keys.ekonmi]\nframes = [\"B\"]\n");
        assert_eq!(e.message, "unknown action or pane; did you mean ekonomi?");

        let e = error("theme = \"dark\"\ntheme = \"light\"\n");
        assert_eq!((e.line, e.key.as_str()), (2, ""));
        assert!(e.message.starts_with("not valid TOML"), "{e:?}");

        let e = error("theme = \n");
        assert_eq!(e.line, 1);
    }
}
