//! Copying to the clipboard of the machine the user sits at, also over SSH:
//! the OSC 52 escape sequence, which the terminal (not the remote host)
//! carries out. Inside tmux or GNU screen the sequence is also sent wrapped
//! so that the multiplexer passes it to the outer terminal.
//!
//! The text travels base64-encoded: whatever it holds (a snapshot's text is
//! sanitised before it gets here, but that is not relied on), the sequence
//! consists of the fixed introducer, base64 characters and the fixed
//! terminator, so no byte of the text can end or change the sequence.

use base64::Engine;

/// The largest text the cockpit copies, in bytes: its base64 form is at
/// most 100 000 bytes, which xterm, tmux, kitty, WezTerm, iTerm2 and
/// Windows Terminal accept (several refuse or cut larger ones silently).
pub const MAX_TEXT_BYTES: usize = 74_994;

/// What the text is copied through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passthrough {
    /// The terminal itself.
    None,
    /// tmux: the plain sequence (for `set-clipboard on`) and the same in a
    /// passthrough DCS (for `allow-passthrough on`).
    Tmux,
    /// GNU screen: the sequence in DCS chunks screen passes on.
    Screen,
}

impl Passthrough {
    /// From the environment: `TMUX` set means tmux; a `TERM` of `screen…`
    /// without it means GNU screen.
    pub fn detect(tmux: Option<&str>, term: Option<&str>) -> Passthrough {
        if tmux.is_some_and(|t| !t.is_empty()) {
            Passthrough::Tmux
        } else if term.is_some_and(|t| t.starts_with("screen")) {
            Passthrough::Screen
        } else {
            Passthrough::None
        }
    }

    pub fn from_env() -> Passthrough {
        Passthrough::detect(
            std::env::var("TMUX").ok().as_deref(),
            std::env::var("TERM").ok().as_deref(),
        )
    }
}

/// Whether `text` is small enough to copy.
pub fn fits(text: &str) -> bool {
    text.len() <= MAX_TEXT_BYTES
}

/// The bytes that put `text` on the clipboard.
pub fn sequence(text: &str, through: Passthrough) -> Vec<u8> {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let plain = format!("\x1b]52;c;{encoded}\x07");
    match through {
        Passthrough::None => plain.into_bytes(),
        Passthrough::Tmux => {
            // Inside the DCS every ESC is doubled.
            let inner = plain.replace('\x1b', "\x1b\x1b");
            format!("{plain}\x1bPtmux;{inner}\x1b\\").into_bytes()
        }
        Passthrough::Screen => {
            // screen limits a DCS string's length: chunks of 76 characters,
            // each in its own DCS, together one sequence for the terminal.
            let mut out = String::from("\x1bP\x1b]52;c;");
            for (i, chunk) in encoded.as_bytes().chunks(76).enumerate() {
                if i > 0 {
                    out.push_str("\x1b\\\x1bP");
                }
                out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
            }
            out.push_str("\x07\x1b\\");
            out.into_bytes()
        }
    }
}

/// The text the first sequence in `bytes` carries (for tests): `None` if
/// there is none.
pub fn decode(bytes: &[u8]) -> Option<String> {
    let start = find(bytes, b"\x1b]52;c;")? + 7;
    let end = start + bytes[start..].iter().position(|b| *b == 0x07)?;
    // GNU screen's chunks are joined again.
    let encoded: Vec<u8> = String::from_utf8_lossy(&bytes[start..end])
        .replace("\x1b\\\x1bP", "")
        .into_bytes();
    let text = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    String::from_utf8(text).ok()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_sequence_is_introducer_base64_and_bel() {
        let bytes = sequence("Sjukhusvård\t−430", Passthrough::None);
        assert_eq!(
            bytes,
            b"\x1b]52;c;U2p1a2h1c3bDpXJkCeKIkjQzMA==\x07".to_vec()
        );
        assert_eq!(decode(&bytes).as_deref(), Some("Sjukhusvård\t−430"));
    }

    #[test]
    fn a_hostile_text_cannot_end_or_change_the_sequence() {
        let hostile = "x\x07\x1b]52;c;ZXZpbA==\x07\x1b\\\x1b[2J\u{9c}";
        for through in [Passthrough::None, Passthrough::Tmux, Passthrough::Screen] {
            let bytes = sequence(hostile, through);
            let bells = bytes.iter().filter(|b| **b == 0x07).count();
            let expected = if through == Passthrough::Tmux { 2 } else { 1 };
            assert_eq!(bells, expected, "{through:?}: one terminator per sequence");
            assert!(bytes.is_ascii(), "only ASCII on the wire");
            assert_eq!(decode(&bytes).as_deref(), Some(hostile), "{through:?}");
        }
    }

    #[test]
    fn tmux_gets_the_plain_sequence_and_a_passthrough_with_escapes_doubled() {
        let bytes = String::from_utf8(sequence("a", Passthrough::Tmux)).unwrap();
        assert_eq!(
            bytes,
            "\x1b]52;c;YQ==\x07\x1bPtmux;\x1b\x1b]52;c;YQ==\x07\x1b\\"
        );
    }

    #[test]
    fn screen_gets_dcs_chunks_of_76() {
        let text = "å".repeat(100);
        let bytes = String::from_utf8(sequence(&text, Passthrough::Screen)).unwrap();
        assert!(bytes.starts_with("\x1bP\x1b]52;c;"));
        assert!(bytes.ends_with("\x07\x1b\\"));
        let encoded: String = bytes
            .trim_start_matches("\x1bP\x1b]52;c;")
            .trim_end_matches("\x07\x1b\\")
            .split("\x1b\\\x1bP")
            .inspect(|chunk| assert!(chunk.len() <= 76))
            .collect();
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap();
        assert_eq!(String::from_utf8(decoded).unwrap(), text);
    }

    #[test]
    fn the_limit_is_the_base64_size_terminals_take() {
        assert!(fits(&"a".repeat(MAX_TEXT_BYTES)));
        assert!(!fits(&"a".repeat(MAX_TEXT_BYTES + 1)));
        let encoded = base64::engine::general_purpose::STANDARD.encode("a".repeat(MAX_TEXT_BYTES));
        assert!(encoded.len() <= 100_000);
    }

    #[test]
    fn multiplexers_are_found_in_the_environment() {
        assert_eq!(
            Passthrough::detect(Some("/tmp/tmux-0/default,1,0"), Some("screen-256color")),
            Passthrough::Tmux
        );
        assert_eq!(
            Passthrough::detect(None, Some("screen.xterm-256color")),
            Passthrough::Screen
        );
        assert_eq!(
            Passthrough::detect(Some(""), Some("xterm")),
            Passthrough::None
        );
    }
}
