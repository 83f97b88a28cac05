//! Telling keys a person pressed from text that arrived all at once.
//!
//! A terminal without bracketed paste (or a paste over a slow link, or a
//! backlog of keys typed while the link was stalled) delivers pasted text
//! as keys. Run as commands, a 2 kB paste would switch panes, quit, and
//! write a file for every `e` in it. A person does not press more than a
//! few keys in the time one read takes, so the reader thread sorts each
//! read ([`sort`]):
//!
//! - at most [`BURST_KEYS`] keys: typed, and run as keys;
//! - one key repeated (a key held down, its auto-repeat coalesced by a
//!   slow link): run as keys, but marked, so that an action that writes a
//!   file asks first ([`crate::interrupt::Message::TypedAhead`]);
//! - anything else, and every read of more than one key that comes within
//!   [`BURST_GAP`] of a burst (the tail of a paste split across reads):
//!   text, one
//!   [`Event::Paste`], which the search prompt takes and anywhere else is
//!   dropped with one line saying so. A single key right after a burst
//!   (Enter after a paste into the prompt) is a key; if it writes a file,
//!   it asks first.
//!
//! Ctrl-C is never text: it is kept as a key wherever it stands, so that
//! the way out works whatever else was queued.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::time::Duration;

/// More keys than this in one read are not a person typing.
pub const BURST_KEYS: usize = 6;

/// A read this soon after a burst belongs to it: nobody reacts to a paste
/// that fast.
pub const BURST_GAP: Duration = Duration::from_millis(150);

/// What one read's events are.
#[derive(Debug, PartialEq, Eq)]
pub enum Arrival {
    /// Keys a person typed (and anything that is not a key).
    Typed(Vec<Event>),
    /// One key, held down: run as keys, marked as typed ahead.
    Held(Vec<Event>),
    /// Text that arrived all at once, and the events in it that are not
    /// text: Ctrl-C, mouse reports, window sizes, bracketed pastes.
    Burst { text: String, kept: Vec<Event> },
}

/// Sorts one read's events; `after_burst` says the previous burst ended
/// less than [`BURST_GAP`] ago.
pub fn sort(events: Vec<Event>, after_burst: bool) -> Arrival {
    let keys: Vec<&KeyEvent> = events.iter().filter_map(pressed).collect();
    let limit = if after_burst { 1 } else { BURST_KEYS };
    if keys.len() <= limit {
        return Arrival::Typed(events);
    }
    let held = keys
        .iter()
        .all(|k| k.code == keys[0].code && k.modifiers == keys[0].modifiers);
    if held && !after_burst && !is_ctrl_c(keys[0]) {
        return Arrival::Held(events);
    }
    let mut text = String::new();
    let mut kept = Vec::new();
    for event in events {
        match pressed(&event) {
            Some(key) if is_ctrl_c(key) => kept.push(event),
            Some(key) => text.extend(as_text(key)),
            None if matches!(event, Event::Key(_)) => {}
            None => kept.push(event),
        }
    }
    Arrival::Burst { text, kept }
}

fn pressed(event: &Event) -> Option<&KeyEvent> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(key),
        _ => None,
    }
}

fn is_ctrl_c(key: &KeyEvent) -> bool {
    key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL)
}

/// What a key stands for as text: its character, a line break for Enter
/// (and for Ctrl-J, a line feed), a tab; nothing for keys that type nothing.
fn as_text(key: &KeyEvent) -> Option<char> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('j') if ctrl => Some('\n'),
        KeyCode::Char(_) if ctrl => None,
        KeyCode::Char(c) => Some(c),
        KeyCode::Enter => Some('\n'),
        KeyCode::Tab => Some('\t'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> Vec<Event> {
        let mut parser = crate::input::Parser::default();
        let mut out = Vec::new();
        parser.feed(text.as_bytes(), false, &mut out);
        out
    }

    #[test]
    fn a_few_keys_in_one_read_are_typed() {
        for text in ["q", "2j", "jjk\r", "/sju"] {
            let events = typed(text);
            assert_eq!(
                sort(events.clone(), false),
                Arrival::Typed(events),
                "{text:?}"
            );
        }
    }

    #[test]
    fn more_keys_than_a_person_types_are_text() {
        let arrival = sort(typed("Sjukhusvård exporterar\rnya rader"), false);
        assert_eq!(
            arrival,
            Arrival::Burst {
                text: "Sjukhusvård exporterar\nnya rader".into(),
                kept: vec![]
            }
        );
    }

    #[test]
    fn a_short_read_right_after_a_burst_is_its_tail() {
        let arrival = sort(typed("ee"), true);
        assert_eq!(
            arrival,
            Arrival::Burst {
                text: "ee".into(),
                kept: vec![]
            }
        );
        // One key is what a person presses after a paste (Enter).
        let enter = typed("\r");
        assert_eq!(sort(enter.clone(), true), Arrival::Typed(enter));
    }

    #[test]
    fn a_held_key_is_keys_but_marked() {
        let events = typed("jjjjjjjjjj");
        assert_eq!(sort(events.clone(), false), Arrival::Held(events));
        // Arrow keys held down: escape sequences, one key each.
        let events = typed(&"\x1b[B".repeat(12));
        assert_eq!(events.len(), 12);
        assert_eq!(sort(events.clone(), false), Arrival::Held(events));
    }

    #[test]
    fn ctrl_c_is_never_text() {
        let Arrival::Burst { text, kept } = sort(typed("abcdef\x03ghij"), false) else {
            panic!("a burst");
        };
        assert_eq!(text, "abcdefghij");
        assert_eq!(kept, typed("\x03"));
        // Ctrl-C pressed again and again is Ctrl-C, not a held key to mark.
        let Arrival::Burst { text, kept } = sort(typed(&"\x03".repeat(8)), false) else {
            panic!("a burst");
        };
        assert_eq!(text, "");
        assert_eq!(kept.len(), 8);
    }

    #[test]
    fn what_is_not_a_key_is_kept_in_a_burst() {
        let mut events = typed("abcdefgh");
        events.insert(3, Event::Resize(80, 24));
        events.push(Event::Paste("inklistrat".into()));
        let Arrival::Burst { text, kept } = sort(events, false) else {
            panic!("a burst");
        };
        assert_eq!(text, "abcdefgh");
        assert_eq!(
            kept,
            vec![Event::Resize(80, 24), Event::Paste("inklistrat".into())]
        );
    }
}
