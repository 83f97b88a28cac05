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

use std::time::Duration;

/// How long to wait for an answer. Short, since the cockpit waits for it
/// before its first screen; a terminal over a slow link that answers later
/// gets the dark default, and its late answer is read as an unknown key.
pub const TIMEOUT: Duration = Duration::from_millis(300);

/// Whether the background is light (None: no answer), and what was found,
/// in words for `tertial info`.
pub fn query() -> (Option<bool>, String) {
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
