//! What the environment says: the `TERTIAL_*` settings and `NO_COLOR`, the
//! locale, and whether there is a terminal the cockpit can use.

use super::{Ascii, Env, Layer};
use crate::domain::text::excerpt;
use crate::export::FileFormat;
use crate::ui::theme::{ThemeChoice, ThemeName};
use std::io::IsTerminal;

/// The settings the environment sets. `NO_COLOR` (any value but empty)
/// selects mono, over `TERTIAL_THEME`.
pub fn layer(env: Env<'_>) -> Result<Layer, String> {
    let text = |name: &str| -> Result<Option<String>, String> {
        env(name)
            .map(|v| {
                v.into_string()
                    .map_err(|_| format!("{name} is not UTF-8 text"))
            })
            .transpose()
    };
    let boolean = |name: &str| -> Result<Option<bool>, String> {
        text(name)?
            .map(|v| match Ascii::parse(&v) {
                Some(Ascii::On) => Ok(true),
                Some(Ascii::Off) => Ok(false),
                _ => Err(format!(
                    "{name}: expected true or false, found \"{}\"",
                    excerpt(&v)
                )),
            })
            .transpose()
    };
    let path = |name: &str| {
        env(name).map(|v| match v.to_str() {
            Some(s) => super::expand_home(s),
            None => v.into(),
        })
    };
    let mut layer = Layer {
        theme: text("TERTIAL_THEME")?
            .map(|v| {
                ThemeChoice::parse(&v).ok_or_else(|| {
                    format!(
                        "TERTIAL_THEME: expected one of {}, found \"{}\"",
                        ThemeChoice::NAMES.join(", "),
                        excerpt(&v)
                    )
                })
            })
            .transpose()?,
        ascii: text("TERTIAL_ASCII")?
            .map(|v| {
                Ascii::parse(&v).ok_or_else(|| {
                    format!(
                        "TERTIAL_ASCII: expected auto, true or false, found \"{}\"",
                        excerpt(&v)
                    )
                })
            })
            .transpose()?,
        snapshot: path("TERTIAL_SNAPSHOT"),
        export_dir: path("TERTIAL_EXPORT_DIR"),
        notes: path("TERTIAL_NOTES"),
        export_format: text("TERTIAL_EXPORT_FORMAT")?
            .map(|v| {
                FileFormat::parse(&v).ok_or_else(|| {
                    format!(
                        "TERTIAL_EXPORT_FORMAT: expected one of {}, found \"{}\"",
                        FileFormat::NAMES.join(", "),
                        excerpt(&v)
                    )
                })
            })
            .transpose()?,
        copy: boolean("TERTIAL_COPY")?,
        mouse: boolean("TERTIAL_MOUSE")?,
        ..Layer::default()
    };
    if env("NO_COLOR").is_some() {
        layer.theme = Some(ThemeChoice::Fixed(ThemeName::Mono));
    }
    Ok(layer)
}

/// The locale's character set, as C programs would take it: `LC_ALL`, else
/// `LC_CTYPE`, else `LANG`; none of them is the C locale, which is ASCII.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locale {
    /// The variable that decides, and its value.
    pub from: Option<(&'static str, String)>,
    pub utf8: bool,
}

impl Locale {
    pub fn from_env(env: Env<'_>) -> Locale {
        let from = ["LC_ALL", "LC_CTYPE", "LANG"]
            .into_iter()
            .find_map(|name| env(name).map(|v| (name, v.to_string_lossy().into_owned())));
        let utf8 = match &from {
            Some((_, value)) => {
                let value = value.to_ascii_lowercase();
                value.contains("utf-8") || value.contains("utf8")
            }
            // Windows has no locale variables; its consoles take Unicode.
            None => cfg!(windows),
        };
        Locale { from, utf8 }
    }

    /// `LANG=sv_SE.UTF-8`, or that none is set.
    pub fn describe(&self) -> String {
        match &self.from {
            Some((name, value)) => format!("{name}={value}"),
            None => "none of LC_ALL, LC_CTYPE, LANG is set".into(),
        }
    }
}

/// The sentence the cockpit refuses with when standard input or output is
/// not a terminal: nothing is written to either.
pub const NO_TERMINAL: &str = "tertial needs a terminal; use `tertial render` for output to a file";

/// Why the cockpit cannot run here, if it cannot: no terminal on standard
/// input or output, or one that says it can do nothing (`TERM=dumb`).
pub fn terminal_problem(env: Env<'_>) -> Option<String> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Some(NO_TERMINAL.into());
    }
    term_problem(env)
}

/// `TERM=dumb` (or, on Unix, no `TERM` at all) cannot show the cockpit.
pub fn term_problem(env: Env<'_>) -> Option<String> {
    let term = env("TERM").map(|t| t.to_string_lossy().into_owned());
    match term.as_deref() {
        Some("dumb") => Some(
            "TERM=dumb: this terminal cannot show the cockpit; use `tertial render` for \
             text output"
                .into(),
        ),
        None if cfg!(unix) => Some(
            "TERM is not set, so the terminal's abilities are unknown; set it (for \
             example TERM=xterm-256color) or use `tertial render` for text output"
                .into(),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn env_of(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn the_locale_is_lc_all_then_lc_ctype_then_lang() {
        let locale = |vars| Locale::from_env(&env_of(vars));
        assert!(locale(&[("LANG", "sv_SE.UTF-8")]).utf8);
        assert!(locale(&[("LANG", "en_US.utf8")]).utf8);
        assert!(!locale(&[("LANG", "C")]).utf8);
        assert!(!locale(&[("LC_ALL", "POSIX"), ("LANG", "sv_SE.UTF-8")]).utf8);
        assert!(locale(&[("LC_CTYPE", "C.UTF-8"), ("LANG", "C")]).utf8);
        assert!(!locale(&[("LANG", "sv_SE.ISO-8859-1")]).utf8);
        assert_eq!(locale(&[]).utf8, cfg!(windows), "unset is the C locale");
        assert_eq!(locale(&[("LANG", "C")]).describe(), "LANG=C");
    }

    #[test]
    fn term_dumb_is_refused_with_a_pointer_to_render() {
        let problem = term_problem(&env_of(&[("TERM", "dumb")])).unwrap();
        assert!(problem.contains("`tertial render`"), "{problem}");
        assert_eq!(term_problem(&env_of(&[("TERM", "xterm-256color")])), None);
        assert_eq!(term_problem(&env_of(&[])).is_some(), cfg!(unix));
    }

    #[test]
    fn environment_settings_parse_or_say_which_variable_is_wrong() {
        let layer = layer(&env_of(&[
            ("TERTIAL_THEME", "light"),
            ("TERTIAL_ASCII", "yes"),
            ("TERTIAL_COPY", "off"),
        ]))
        .unwrap();
        assert_eq!(layer.theme, Some(ThemeChoice::Fixed(ThemeName::Light)));
        assert_eq!(layer.ascii, Some(Ascii::On));
        assert_eq!(layer.copy, Some(false));
        assert_eq!(layer.mouse, None);
        let e = super::layer(&env_of(&[("TERTIAL_THEME", "neon")])).unwrap_err();
        assert!(e.starts_with("TERTIAL_THEME: expected one of auto"), "{e}");
        let mono = super::layer(&env_of(&[("TERTIAL_THEME", "light"), ("NO_COLOR", "1")])).unwrap();
        assert_eq!(mono.theme, Some(ThemeChoice::Fixed(ThemeName::Mono)));
    }
}
