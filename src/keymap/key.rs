//! The key notation, one for everything that names keys: `tertial render
//! --keys`, the bindings of the config file, and the labels the footer and
//! the help overlay show.
//!
//! A key is a character (`j`, `[`, `G`) or a name in angle brackets,
//! optionally with modifiers: `<Enter>`, `<S-Left>` (Shift), `<C-l>` (Ctrl),
//! `<lt>` for `<` itself. There is no Alt: terminals send Alt-x as Esc and
//! x, and the cockpit reads that as the two keys (Esc matters more).

use crate::domain::text::excerpt;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key with its modifiers, compared the way a terminal sends it: a
/// character carries Shift in itself (`G`), so Shift counts only for the
/// other keys (Shift-← is not ←).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

/// Names in angle brackets, as written, and the key each one is.
const NAMED: &[(&str, KeyCode)] = &[
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("PgUp", KeyCode::PageUp),
    ("PgDn", KeyCode::PageDown),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("Space", KeyCode::Char(' ')),
    ("BS", KeyCode::Backspace),
    ("Del", KeyCode::Delete),
    ("Ins", KeyCode::Insert),
    ("lt", KeyCode::Char('<')),
];

/// What `tertial render --help` and the config file's comments list.
pub const NOTATION_HELP: &str = "each character is a key; named keys in angle brackets: <Enter> \
<Esc> <Tab> <S-Tab> <Up> <Down> <Left> <Right> <PgUp> <PgDn> <Home> <End> <Space> <BS> <Del> \
<Ins> <F1>…<F12> <lt> (for <), with C- (Ctrl) or S- (Shift) before a name, or C- before a \
character: <C-c>, <C-l>, <S-Left>, <C-S-Right>";

impl Key {
    pub const fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        Key { code, mods }
    }

    /// The key a terminal event is, in the form bindings are compared in.
    pub fn from_event(event: &KeyEvent) -> Key {
        Key::normalised(event.code, event.modifiers)
    }

    fn normalised(code: KeyCode, mods: KeyModifiers) -> Key {
        let kept = KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT;
        let mut mods = mods & kept;
        let code = match code {
            // Shift is in the character itself; S-Tab is its own key.
            KeyCode::Char(c) if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c.to_uppercase().next().unwrap_or(c))
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, mods }
    }

    /// The key as a terminal event (what `render --keys` presses).
    pub fn event(&self) -> KeyEvent {
        let mods = if self.code == KeyCode::BackTab {
            self.mods | KeyModifiers::SHIFT
        } else {
            self.mods
        };
        KeyEvent::new(self.code, mods)
    }

    /// The key in the notation it is parsed from: `[`, `<S-Left>`, `<C-c>`.
    pub fn notation(&self) -> String {
        let mut prefix = String::new();
        for (flag, p) in [
            (KeyModifiers::CONTROL, "C-"),
            (KeyModifiers::ALT, "A-"),
            (KeyModifiers::SHIFT, "S-"),
        ] {
            if self.mods.contains(flag) {
                prefix.push_str(p);
            }
        }
        let name = match self.code {
            KeyCode::BackTab => {
                prefix.push_str("S-");
                "Tab".to_string()
            }
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(c) if c != ' ' && c != '<' => {
                if prefix.is_empty() {
                    return c.to_string();
                }
                c.to_string()
            }
            code => NAMED
                .iter()
                .find(|(_, k)| *k == code)
                .map_or_else(|| format!("{code:?}"), |(n, _)| (*n).to_string()),
        };
        format!("<{prefix}{name}>")
    }

    /// How the footer and the help overlay show the key: `[`, `S-←`,
    /// `Ctrl-L`, `Enter`.
    pub fn label(&self) -> String {
        let mut out = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            out.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            out.push_str("Alt-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            out.push_str("S-");
        }
        let ctrl = self.mods.contains(KeyModifiers::CONTROL);
        let name: String = match self.code {
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Backspace => "BS".into(),
            KeyCode::Char(' ') => "Space".into(),
            // Ctrl-C, as terminals and shells write it.
            KeyCode::Char(c) if ctrl => c.to_uppercase().collect(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            code => NAMED
                .iter()
                .find(|(_, k)| *k == code)
                .map_or_else(|| format!("{code:?}"), |(n, _)| (*n).to_string()),
        };
        out.push_str(&name);
        out
    }
}

/// Parses a run of keys: `2jj<Enter>i`.
pub fn parse_sequence(text: &str) -> Result<Vec<Key>, String> {
    let mut keys = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let (key, used) = parse_first(rest)?;
        keys.push(key);
        rest = &rest[used..];
    }
    Ok(keys)
}

/// Parses exactly one key, as a binding in the config file holds.
pub fn parse_one(text: &str) -> Result<Key, String> {
    if text.is_empty() {
        return Err("an empty string is no key".into());
    }
    let (key, used) = parse_first(text)?;
    if used < text.len() {
        return Err(format!(
            "\"{}\" is more than one key; write each key as a string of its own",
            excerpt(text)
        ));
    }
    Ok(key)
}

/// The key at the start of `text`, and how many bytes it took. A `<` that
/// starts no name is the key `<`.
fn parse_first(text: &str) -> Result<(Key, usize), String> {
    let Some(c) = text.chars().next() else {
        return Err("no key".into());
    };
    if c == '<'
        && let Some(end) = text.find('>')
        && end > 1
    {
        let key = parse_named(&text[1..end])?;
        return Ok((key, end + 1));
    }
    if c.is_control() {
        // No key sends it as a character; bound, it could never be pressed
        // and would be drawn blank in the footer.
        return Err(format!(
            "{} is a control character, not a key one can press; keys are written: \
             {NOTATION_HELP}",
            excerpt(&c.to_string())
        ));
    }
    Ok((
        Key::normalised(KeyCode::Char(c), KeyModifiers::NONE),
        c.len_utf8(),
    ))
}

/// `S-Left`, `C-c`, `Enter`, `F5`: what is inside the brackets.
fn parse_named(inner: &str) -> Result<Key, String> {
    let unknown = || {
        format!(
            "unknown key <{}>; keys are written: {NOTATION_HELP}",
            excerpt(inner)
        )
    };
    let mut mods = KeyModifiers::NONE;
    let mut name = inner;
    loop {
        let flag = match name.get(..2) {
            Some("C-") => KeyModifiers::CONTROL,
            Some("S-") => KeyModifiers::SHIFT,
            _ => break,
        };
        // `<C->` would leave nothing to press.
        if name.len() == 2 {
            return Err(unknown());
        }
        mods |= flag;
        name = &name[2..];
    }
    let code = if let Some((_, code)) = NAMED.iter().find(|(n, _)| *n == name) {
        *code
    } else if let Some(n) = name
        .strip_prefix('F')
        .and_then(|n| n.parse::<u8>().ok())
        .filter(|n| (1..=12).contains(n))
    {
        KeyCode::F(n)
    } else {
        let mut chars = name.chars();
        match (chars.next(), chars.next()) {
            // A character with Ctrl: <C-c>. A bare `<x>` is not one: it is
            // more likely a typo than a way of writing `x`; `<S-x>` is `X`.
            (Some(c), None) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            (Some(c), None) if !mods.is_empty() => KeyCode::Char(c),
            _ => return Err(unknown()),
        }
    };
    Ok(Key::normalised(code, mods))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Key {
        parse_one(text).unwrap()
    }

    #[test]
    fn keys_parse_with_names_and_modifiers() {
        let keys = parse_sequence("2j<Enter><S-Tab><C-c><S-Left>").unwrap();
        assert_eq!(keys.len(), 6);
        assert_eq!(keys[2].code, KeyCode::Enter);
        assert_eq!(keys[3].code, KeyCode::BackTab);
        assert_eq!(keys[4], Key::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
        assert_eq!(keys[5], Key::new(KeyCode::Left, KeyModifiers::SHIFT));
        assert_eq!(key("<F5>").code, KeyCode::F(5));
        assert!(parse_one("<A-x>").is_err(), "no Alt: terminals send Esc x");
        assert_eq!(key("<C-L>"), key("<C-l>"), "Ctrl ignores case");
        assert_eq!(key("<S-g>"), key("G"), "Shift is in the character");
        assert_eq!(parse_sequence("a<b").unwrap().len(), 3, "a lone < is <");
        assert_eq!(key("<lt>").code, KeyCode::Char('<'));
        for bad in ["<Bogus>", "<C->", "<F13>", "<x>"] {
            assert!(parse_sequence(bad).is_err(), "{bad}");
        }
        assert!(parse_one("jk").unwrap_err().contains("more than one key"));
        assert!(parse_one("").is_err());
    }

    #[test]
    fn notation_reads_back_as_the_same_key() {
        for text in [
            "[",
            "G",
            "<Enter>",
            "<S-Tab>",
            "<S-Left>",
            "<C-c>",
            "<C-l>",
            "<lt>",
            "<Space>",
            "<F12>",
            "<PgDn>",
            "<BS>",
            "<C-S-Right>",
        ] {
            let k = key(text);
            assert_eq!(key(&k.notation()), k, "{text} → {}", k.notation());
        }
        assert_eq!(key("<S-Left>").notation(), "<S-Left>");
        assert_eq!(key("[").notation(), "[");
    }

    #[test]
    fn events_match_as_a_terminal_sends_them() {
        // crossterm gives Shift-G as 'G' with SHIFT, and S-Tab as BackTab with SHIFT.
        let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&shift_g), key("G"));
        let back_tab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&back_tab), key("<S-Tab>"));
        let shift_left = KeyEvent::new(KeyCode::Left, KeyModifiers::SHIFT);
        assert_ne!(Key::from_event(&shift_left), key("<Left>"));
        assert_eq!(Key::from_event(&key("<S-Tab>").event()), key("<S-Tab>"));
    }

    #[test]
    fn labels_are_short_and_readable() {
        assert_eq!(key("<S-Left>").label(), "S-←");
        assert_eq!(key("<C-c>").label(), "Ctrl-C");
        assert_eq!(key("<Space>").label(), "Space");
        assert_eq!(key("<S-Tab>").label(), "S-Tab");
        assert_eq!(key("]").label(), "]");
    }
}
