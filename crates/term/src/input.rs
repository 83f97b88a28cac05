//! Terminal input as bytes in, key events out.
//!
//! The cockpit reads the terminal itself, on a thread of its own (see
//! [`crate::session`]): a blocking `read` returns whatever the terminal has
//! sent, so nothing is left unread while the program waits, however large
//! a burst or paste is. This parser turns those bytes into the crossterm
//! events the rest of the cockpit handles. It knows the keys xterm-like
//! terminals send (VT100 and xterm sequences, as crossterm parses them),
//! bracketed paste and SGR mouse reports ([`crate::mouse::parse_sgr`]);
//! anything else is dropped without a trace, answers to the terminal
//! queries of other code included (an OSC 11 background colour that came
//! too late).
//!
//! A paste is one event, whatever its size: at most [`PASTE_KEPT`] bytes of
//! it are kept, the rest is read and discarded, so a paste cannot take the
//! machine's memory.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// Bytes of a paste that are kept; the rest is dropped (the search prompt,
/// the only place that takes a paste, holds 100 characters).
pub const PASTE_KEPT: usize = 4096;

/// Longest escape sequence waited for; a longer one is dropped as garbage.
const SEQUENCE_MAX: usize = 64;
/// Longest string sequence (an OSC answer) waited for across reads.
const STRING_MAX: usize = 512;

const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";

#[derive(Debug, Default)]
pub struct Parser {
    /// The start of an escape sequence or UTF-8 character cut by a read.
    pending: Vec<u8>,
    /// Inside a bracketed paste.
    paste: Option<Paste>,
    /// Answers to the cockpit's own questions, in arrival order.
    answers: Vec<Answer>,
}

/// What the terminal answered to the question the session asks at start
/// ([`crate::session`]): its background colour (OSC 11), or its primary
/// device attributes (DA1), which every terminal answers, so that one
/// that does not know OSC 11 is known at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// The background as 8-bit red, green and blue.
    Background(u8, u8, u8),
    PrimaryAttributes,
}

#[derive(Debug, Default)]
struct Paste {
    kept: Vec<u8>,
    /// How much of [`PASTE_END`] the last bytes matched.
    matched: usize,
}

impl Paste {
    fn keep(&mut self, bytes: &[u8]) {
        let room = PASTE_KEPT.saturating_sub(self.kept.len());
        self.kept.extend_from_slice(&bytes[..bytes.len().min(room)]);
    }

    /// Takes one byte; true when the paste has ended.
    fn push(&mut self, byte: u8) -> bool {
        if byte == PASTE_END[self.matched] {
            self.matched += 1;
            return self.matched == PASTE_END.len();
        }
        // A partial end marker was text after all.
        let partial = self.matched;
        self.matched = 0;
        self.keep(&PASTE_END[..partial]);
        if byte == PASTE_END[0] {
            self.matched = 1;
        } else {
            self.keep(&[byte]);
        }
        false
    }

    fn into_event(self) -> Event {
        let text = String::from_utf8_lossy(&self.kept);
        // A cut may have split the last character: drop the replacement.
        let text = text.strip_suffix('\u{fffd}').unwrap_or(&text).to_string();
        Event::Paste(text)
    }
}

/// One step of parsing at the start of a buffer.
enum Step {
    /// An event (or nothing, for a sequence that means nothing here) and
    /// the bytes it took.
    Took(Option<Event>, usize),
    /// An answer to a question of ours, and the bytes it took.
    Answered(Answer, usize),
    PasteStarts(usize),
    /// The buffer ends inside a sequence: wait for more.
    Incomplete,
}

impl Parser {
    /// The answers parsed so far ([`Answer`]); taking them clears them.
    pub fn take_answers(&mut self) -> Vec<Answer> {
        std::mem::take(&mut self.answers)
    }

    /// Parses `bytes` (one read's worth) into `out`. `more` says the read
    /// filled its buffer, so more bytes are probably waiting: a lone Esc at
    /// the end then waits for them instead of being taken as the Esc key.
    pub fn feed(&mut self, bytes: &[u8], more: bool, out: &mut Vec<Event>) {
        let mut buf = std::mem::take(&mut self.pending);
        buf.extend_from_slice(bytes);
        let mut at = 0;
        while at < buf.len() {
            if let Some(paste) = &mut self.paste {
                let end = buf[at..].iter().position(|&b| paste.push(b));
                match end {
                    Some(i) => {
                        at += i + 1;
                        if let Some(paste) = self.paste.take() {
                            out.push(paste.into_event());
                        }
                    }
                    None => at = buf.len(),
                }
                continue;
            }
            match step(&buf[at..], more) {
                Step::Took(event, used) => {
                    out.extend(event);
                    at += used;
                }
                Step::Answered(answer, used) => {
                    self.answers.push(answer);
                    at += used;
                }
                Step::PasteStarts(used) => {
                    self.paste = Some(Paste::default());
                    at += used;
                }
                Step::Incomplete => {
                    self.pending = buf[at..].to_vec();
                    return;
                }
            }
        }
    }
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Option<Event> {
    Some(Event::Key(KeyEvent::new(code, modifiers)))
}

fn step(buf: &[u8], more: bool) -> Step {
    let none = KeyModifiers::NONE;
    let ctrl = KeyModifiers::CONTROL;
    match buf[0] {
        0x1b => escape(buf, more),
        b'\r' => Step::Took(key(KeyCode::Enter, none), 1),
        // In raw mode a line feed is Ctrl-J, as crossterm has it.
        b'\n' => Step::Took(key(KeyCode::Char('j'), ctrl), 1),
        b'\t' => Step::Took(key(KeyCode::Tab, none), 1),
        0x7f | 0x08 => Step::Took(key(KeyCode::Backspace, none), 1),
        0x00 => Step::Took(key(KeyCode::Char(' '), ctrl), 1),
        b @ 0x01..=0x1a => Step::Took(key(KeyCode::Char(char::from(b - 1 + b'a')), ctrl), 1),
        b @ 0x1c..=0x1f => Step::Took(key(KeyCode::Char(char::from(b - 0x1c + b'4')), ctrl), 1),
        _ => match character(buf) {
            Some((c, used)) => Step::Took(c.map(|c| char_key(c, none)), used),
            None => Step::Incomplete,
        },
    }
}

/// A character as a key; an upper-case letter carries Shift, as from crossterm.
fn char_key(c: char, modifiers: KeyModifiers) -> Event {
    let shift = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    Event::Key(KeyEvent::new(KeyCode::Char(c), modifiers | shift))
}

/// One UTF-8 character at the start of `buf`: `Some((None, n))` for `n`
/// bytes that are not valid UTF-8; `None` if the buffer ends inside it.
fn character(buf: &[u8]) -> Option<(Option<char>, usize)> {
    let len = match buf[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Some((None, 1)),
    };
    if buf.len() < len {
        // A character cut by the read: its rest comes with the next one.
        // Anything else there means it was not a character.
        let continuation = buf[1..].iter().all(|b| b & 0xc0 == 0x80);
        return if continuation { None } else { Some((None, 1)) };
    }
    match std::str::from_utf8(&buf[..len]) {
        Ok(s) => Some((s.chars().next(), len)),
        Err(_) => Some((None, 1)),
    }
}

fn escape(buf: &[u8], more: bool) -> Step {
    let Some(&second) = buf.get(1) else {
        return if more {
            Step::Incomplete
        } else {
            Step::Took(key(KeyCode::Esc, KeyModifiers::NONE), 1)
        };
    };
    match second {
        b'[' => csi(buf),
        // A string: an OSC answer (`ESC ] 11;rgb:… ESC \`), DCS, APC or PM.
        b']' | b'P' | b'_' | b'^' => string(buf, more),
        b'O' => match buf.get(2) {
            None if more => Step::Incomplete,
            None => Step::Took(Some(char_key('O', KeyModifiers::ALT)), 2),
            Some(&b) => Step::Took(ss3(b), 3),
        },
        // Esc and then another key in the same read (typed fast, or over a
        // slow link) are two keys. Terminals send Alt+key that way too, but
        // the cockpit binds no Alt keys, and Esc (back, cancel) matters.
        _ => Step::Took(key(KeyCode::Esc, KeyModifiers::NONE), 1),
    }
}

/// `Esc ] … BEL` or `Esc ] … Esc \\` and the like: dropped whole. One
/// not ended within the read is, unless more bytes are coming, an Esc
/// typed before `]` (two keys, as above).
fn string(buf: &[u8], more: bool) -> Step {
    let end = buf[2..].iter().enumerate().find_map(|(i, &b)| match b {
        0x07 => Some(2 + i + 1),
        0x1b if buf.get(2 + i + 1) == Some(&b'\\') => Some(2 + i + 2),
        _ => None,
    });
    match end {
        Some(end) => match background_answer(&buf[..end]) {
            Some((r, g, b)) => Step::Answered(Answer::Background(r, g, b), end),
            None => Step::Took(None, end),
        },
        None if more && buf.len() <= STRING_MAX => Step::Incomplete,
        None => Step::Took(key(KeyCode::Esc, KeyModifiers::NONE), 1),
    }
}

/// The colour of an OSC 11 answer, `Esc ] 11 ; rgb:RRRR/GGGG/BBBB`
/// ended by BEL or ST, each part one to four hex digits scaled to 8 bits.
fn background_answer(sequence: &[u8]) -> Option<(u8, u8, u8)> {
    let text = std::str::from_utf8(sequence).ok()?;
    let body = text.strip_prefix("\x1b]11;")?;
    let body = body
        .strip_suffix('\x07')
        .or_else(|| body.strip_suffix("\x1b\\"))?;
    let rgb = body.strip_prefix("rgb:")?;
    let mut parts = rgb.split('/').map(|part| {
        if part.is_empty() || part.len() > 4 {
            return None;
        }
        let value = u32::from_str_radix(part, 16).ok()?;
        let max = (1u32 << (4 * part.len())) - 1;
        u8::try_from(value * 255 / max).ok()
    });
    let colour = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(colour)
}

/// `Esc O x`: the keys of the application cursor mode.
fn ss3(b: u8) -> Option<Event> {
    let none = KeyModifiers::NONE;
    match b {
        b'A' => key(KeyCode::Up, none),
        b'B' => key(KeyCode::Down, none),
        b'C' => key(KeyCode::Right, none),
        b'D' => key(KeyCode::Left, none),
        b'H' => key(KeyCode::Home, none),
        b'F' => key(KeyCode::End, none),
        b'P'..=b'S' => key(KeyCode::F(b - b'P' + 1), none),
        _ => None,
    }
}

/// `Esc [ params final`.
fn csi(buf: &[u8]) -> Step {
    if buf.starts_with(PASTE_START) {
        return Step::PasteStarts(PASTE_START.len());
    }
    // Parameters and intermediates, then one final byte.
    let Some(end) = buf[2..].iter().position(|b| !(0x20..=0x3f).contains(b)) else {
        return if buf.len() > SEQUENCE_MAX {
            Step::Took(None, buf.len())
        } else {
            Step::Incomplete
        };
    };
    let end = 2 + end;
    let last = buf[end];
    if !(0x40..=0x7e).contains(&last) {
        // Not a sequence after all: drop its start, parse the rest.
        return Step::Took(None, end);
    }
    if buf.get(2) == Some(&b'?') && last == b'c' {
        return Step::Answered(Answer::PrimaryAttributes, end + 1);
    }
    if buf.get(2) == Some(&b'<') && matches!(last, b'M' | b'm') {
        let mouse = crate::mouse::parse_sgr(&buf[3..end], last).map(Event::Mouse);
        return Step::Took(mouse, end + 1);
    }
    let params: Vec<u16> = std::str::from_utf8(&buf[2..end])
        .unwrap_or("")
        .split(';')
        .map(|p| p.parse().unwrap_or(0))
        .collect();
    let first = params.first().copied().unwrap_or(0);
    let modifiers = modifiers(params.get(1).copied());
    let code = match last {
        b'A' => Some(KeyCode::Up),
        b'B' => Some(KeyCode::Down),
        b'C' => Some(KeyCode::Right),
        b'D' => Some(KeyCode::Left),
        b'H' => Some(KeyCode::Home),
        b'F' => Some(KeyCode::End),
        b'Z' => {
            return Step::Took(key(KeyCode::BackTab, KeyModifiers::SHIFT), end + 1);
        }
        b'P' | b'Q' | b'S' if first == 1 => Some(KeyCode::F(last - b'P' + 1)),
        b'~' => match first {
            1 | 7 => Some(KeyCode::Home),
            2 => Some(KeyCode::Insert),
            3 => Some(KeyCode::Delete),
            4 | 8 => Some(KeyCode::End),
            5 => Some(KeyCode::PageUp),
            6 => Some(KeyCode::PageDown),
            n @ 11..=15 => Some(KeyCode::F((n - 10) as u8)),
            n @ 17..=21 => Some(KeyCode::F((n - 11) as u8)),
            n @ 23..=24 => Some(KeyCode::F((n - 12) as u8)),
            _ => None,
        },
        // Focus, mouse, cursor reports, kitty keys: not asked for, dropped.
        _ => None,
    };
    Step::Took(code.and_then(|c| key(c, modifiers)), end + 1)
}

/// xterm's modifier parameter: 1 + a bit mask of Shift, Alt, Ctrl.
fn modifiers(param: Option<u16>) -> KeyModifiers {
    let mask = param.unwrap_or(1).saturating_sub(1);
    let mut m = KeyModifiers::NONE;
    if mask & 1 != 0 {
        m |= KeyModifiers::SHIFT;
    }
    if mask & 2 != 0 {
        m |= KeyModifiers::ALT;
    }
    if mask & 4 != 0 {
        m |= KeyModifiers::CONTROL;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_to_our_questions_are_told_apart_from_keys() {
        let mut parser = Parser::default();
        let mut out = Vec::new();
        // Keys on both sides of xterm's answers, cut across reads.
        parser.feed(b"3\x1b]11;rgb:ffff/ffff/ff", true, &mut out);
        parser.feed(b"ff\x1b\\\x1b[?62;22c", false, &mut out);
        parser.feed(b"q", false, &mut out);
        assert_eq!(
            parser.take_answers(),
            [Answer::Background(255, 255, 255), Answer::PrimaryAttributes]
        );
        assert_eq!(out, parse(&[b"3q"]));
        assert!(parser.take_answers().is_empty(), "taken once");
    }

    #[test]
    fn a_background_answer_of_any_precision_and_either_ending() {
        for (answer, rgb) in [
            (&b"\x1b]11;rgb:0000/2b2b/3636\x07"[..], Some((0, 43, 54))),
            (b"\x1b]11;rgb:fd/f6/e3\x1b\\", Some((253, 246, 227))),
            (b"\x1b]11;rgb:f/8/0\x07", Some((255, 136, 0))),
            (b"\x1b]11;rgb:fff/fff\x07", None),
            (b"\x1b]11;rgb:ggg/fff/fff\x07", None),
            (b"\x1b]11;rgb:fffff/fff/fff\x07", None),
            (b"\x1b]10;rgb:ffff/ffff/ffff\x07", None),
        ] {
            assert_eq!(background_answer(answer), rgb, "{answer:?}");
        }
    }

    fn parse(chunks: &[&[u8]]) -> Vec<Event> {
        let mut parser = Parser::default();
        let mut out = Vec::new();
        for chunk in chunks {
            parser.feed(chunk, false, &mut out);
        }
        out
    }

    fn k(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn c(ch: char) -> Event {
        char_key(ch, KeyModifiers::NONE)
    }

    fn ctrl(ch: char) -> Event {
        Event::Key(KeyEvent::new(KeyCode::Char(ch), KeyModifiers::CONTROL))
    }

    #[test]
    fn the_cockpits_keys_parse_as_crossterm_has_them() {
        assert_eq!(
            parse(&[b"jk\r\t\x7f\x03\x1a"]),
            [
                c('j'),
                c('k'),
                k(KeyCode::Enter),
                k(KeyCode::Tab),
                k(KeyCode::Backspace),
                ctrl('c'),
                ctrl('z')
            ]
        );
        assert_eq!(
            parse(&[b"\x1b[A\x1b[B\x1bOC\x1b[D\x1b[5~\x1b[6~\x1b[H\x1b[4~\x1b[Z"]),
            [
                k(KeyCode::Up),
                k(KeyCode::Down),
                k(KeyCode::Right),
                k(KeyCode::Left),
                k(KeyCode::PageUp),
                k(KeyCode::PageDown),
                k(KeyCode::Home),
                k(KeyCode::End),
                Event::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
            ]
        );
        assert_eq!(
            parse(&[b"\x1b[1;5A"]),
            [Event::Key(KeyEvent::new(
                KeyCode::Up,
                KeyModifiers::CONTROL
            ))]
        );
        assert_eq!(
            parse(&["åÖ€😀G".as_bytes()]),
            [c('å'), c('Ö'), c('€'), c('😀'), c('G')]
        );
        assert_eq!(
            parse(&["G".as_bytes()]),
            [Event::Key(KeyEvent::new(
                KeyCode::Char('G'),
                KeyModifiers::SHIFT
            ))]
        );
    }

    #[test]
    fn a_lone_esc_is_the_key_unless_more_bytes_are_coming() {
        assert_eq!(parse(&[b"\x1b"]), [k(KeyCode::Esc)]);
        assert_eq!(parse(&[b"\x1b\x1b"]), [k(KeyCode::Esc), k(KeyCode::Esc)]);
        assert_eq!(
            parse(&[b"\x1bq"]),
            [k(KeyCode::Esc), c('q')],
            "Esc then a key in one read are both keys"
        );
        let mut parser = Parser::default();
        let mut out = Vec::new();
        parser.feed(b"\x1b", true, &mut out);
        assert!(out.is_empty(), "a full read ending in Esc waits");
        parser.feed(b"[A", false, &mut out);
        assert_eq!(out, [k(KeyCode::Up)]);
    }

    #[test]
    fn sequences_and_characters_cut_by_a_read_are_joined() {
        assert_eq!(parse(&[b"\x1b[", b"5~"]), [k(KeyCode::PageUp)]);
        let euro = "€".as_bytes();
        assert_eq!(parse(&[&euro[..1], &euro[1..]]), [c('€')]);
    }

    #[test]
    fn garbage_is_dropped_and_what_follows_still_parses() {
        assert_eq!(parse(&[b"\xff\xfeq"]), [c('q')]);
        assert_eq!(parse(&[b"\x1b[?1;2cq"]), [c('q')], "a device reply");
        assert_eq!(
            parse(&[b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\q"]),
            [c('q')],
            "a late answer to OSC 11"
        );
        assert_eq!(
            parse(&[b"\x1b]11;rgb:0/0/0\x07q"]),
            [c('q')],
            "ended by BEL"
        );
        let mut parser = Parser::default();
        let mut out = Vec::new();
        parser.feed(b"\x1b]11;rgb:ff", true, &mut out);
        parser.feed(b"ff/ffff/ffff\x1b\\q", false, &mut out);
        assert_eq!(out, [c('q')], "cut by a full read");
        assert_eq!(
            parse(&[b"\x1b]1"]),
            [k(KeyCode::Esc), c(']'), c('1')],
            "Esc typed before ] and 1, nothing more coming"
        );
        let long = [b"\x1b[".as_slice(), &[b'1'; 100]].concat();
        assert_eq!(parse(&[&long, b"q"]), [c('q')], "an endless sequence");
        assert_eq!(parse(&[b"\x1b[1\x07q"]), [ctrl('g'), c('q')]);
    }

    #[test]
    fn sgr_mouse_reports_are_mouse_events() {
        use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
        let out = parse(&[b"\x1b[<0;3;4M\x1b[<65;1;1Mq"]);
        assert_eq!(
            out[0],
            Event::Mouse(MouseEvent {
                kind: MouseEventKind::Down(MouseButton::Left),
                column: 2,
                row: 3,
                modifiers: KeyModifiers::NONE,
            })
        );
        assert!(matches!(&out[1], Event::Mouse(m) if m.kind == MouseEventKind::ScrollDown));
        assert_eq!(out[2], c('q'));
        assert_eq!(parse(&[b"\x1b[<0;3Mq"]), [c('q')], "malformed: dropped");
    }

    #[test]
    fn a_paste_is_one_event_whatever_its_size_and_keeps_at_most_the_cap() {
        assert_eq!(
            parse(&[b"a\x1b[200~hej\r\x1b[20x\x1b[201~b"]),
            [c('a'), Event::Paste("hej\r\x1b[20x".into()), c('b')]
        );
        // 200 kB in reads of 1 kB, the end marker cut by a read.
        let mut bytes = PASTE_START.to_vec();
        bytes.extend(std::iter::repeat_n(b'x', 200_000));
        bytes.extend_from_slice(PASTE_END);
        bytes.push(b'q');
        let chunks: Vec<&[u8]> = bytes.chunks(1000).collect();
        let out = parse(&chunks);
        assert_eq!(out.len(), 2, "one paste and the q");
        let Event::Paste(text) = &out[0] else {
            panic!("{out:?}")
        };
        assert_eq!(text.len(), PASTE_KEPT);
        assert_eq!(out[1], c('q'));
    }

    #[test]
    fn a_paste_cut_inside_a_character_loses_only_that_character() {
        let mut bytes = PASTE_START.to_vec();
        bytes.push(b'a');
        bytes.extend("ö".repeat(PASTE_KEPT).as_bytes());
        bytes.extend_from_slice(PASTE_END);
        let out = parse(&[&bytes]);
        let Event::Paste(text) = &out[0] else {
            panic!("{out:?}")
        };
        assert!(!text.contains('\u{fffd}'), "no replacement character");
        assert_eq!(text.len(), PASTE_KEPT - 1);
    }
}
