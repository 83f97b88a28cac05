//! Asking the terminal for its background colour (OSC 11), so that `auto`
//! can pick the dark or the light palette.
//!
//! The cockpit asks inside its own session (`ui::terminal`), where the
//! reader thread that parses the answer also keeps every key typed while
//! it waits. This module asks for `tertial info`, outside a session:
//! terminal-colorsaurus sends the
//! question followed by one every terminal answers (DA1), so a terminal that
//! does not know OSC 11 is known at once; one that answers nothing at all
//! costs [`TIMEOUT`]. It sends nothing where `TERM=dumb`.
//!
//! Where no answer comes (tmux answers OSC 11 only when it knows the
//! outer terminal's colour), `COLORFGBG` (set by rxvt, Konsole, some
//! xterm configurations and passed through tmux) decides: see [`from_colorfgbg`].

use std::time::Duration;

/// How long to wait for an answer. Short, since the cockpit waits for it
/// before its first screen; a terminal over a slow link that answers later
/// gets the dark default, and its late answer is read as an unknown key.
pub const TIMEOUT: Duration = Duration::from_millis(300);

/// Whether `COLORFGBG` ("foreground;background", or
/// "foreground;default;background", ANSI colour numbers) says the background
/// is light: 7 (white) and 9–15 (the bright ones) are light, 0–6 and 8
/// (bright black) dark; anything else says nothing.
pub fn from_colorfgbg(value: &str) -> Option<bool> {
    let background: u8 = value.rsplit(';').next()?.trim().parse().ok()?;
    match background {
        7 | 9..=15 => Some(true),
        0..=6 | 8 => Some(false),
        _ => None,
    }
}

/// The fallback when the terminal gave no answer: `COLORFGBG` in `env`,
/// and what it said, in words.
pub fn fallback(env: super::Env<'_>) -> Option<(bool, String)> {
    let value = env("COLORFGBG")?;
    let value = value.to_str()?;
    let light = from_colorfgbg(value)?;
    Some((
        light,
        format!(
            "COLORFGBG={} says the background is {}",
            crate::domain::text::sanitize(value, false),
            if light { "light" } else { "dark" }
        ),
    ))
}

/// Whether the background is light (None: no answer), and what was found,
/// in words for `tertial info`; `COLORFGBG` where the terminal said nothing.
pub fn query() -> (Option<bool>, String) {
    let (light, why) = ask();
    match (light, fallback(&super::process_env)) {
        (None, Some((light, said))) => (Some(light), format!("{why}; {said}")),
        _ => (light, why),
    }
}

fn ask() -> (Option<bool>, String) {
    let options = {
        let mut o = terminal_colorsaurus::QueryOptions::default();
        o.timeout = TIMEOUT;
        o
    };
    match terminal_colorsaurus::background_color(options) {
        Ok(colour) => {
            let (r, g, b) = colour.scale_to_8bit();
            let light = colour.perceived_lightness() > 0.5;
            (
                Some(light),
                format!("the terminal's background is #{r:02x}{g:02x}{b:02x}"),
            )
        }
        Err(terminal_colorsaurus::Error::Timeout(_)) => (
            None,
            format!(
                "the terminal did not say its background within {} ms",
                TIMEOUT.as_millis()
            ),
        ),
        Err(terminal_colorsaurus::Error::UnsupportedTerminal(_)) => {
            (None, "the terminal cannot say its background".into())
        }
        Err(e) => (None, format!("the terminal's background is unknown ({e})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colorfgbg_says_light_or_dark_by_the_background_number() {
        assert_eq!(from_colorfgbg("0;15"), Some(true));
        assert_eq!(from_colorfgbg("0;7"), Some(true));
        assert_eq!(from_colorfgbg("15;0"), Some(false));
        assert_eq!(from_colorfgbg("15;default;0"), Some(false));
        assert_eq!(from_colorfgbg("0;default;15"), Some(true));
        assert_eq!(from_colorfgbg("7;8"), Some(false));
        assert_eq!(from_colorfgbg("0;default"), None);
        assert_eq!(from_colorfgbg(""), None);
        assert_eq!(from_colorfgbg("0;99"), None);
    }
}
