//! The note editor's state and keys: a few lines of text and a flag from
//! the fixed list. Enter adds a line, Tab chooses the flag, Ctrl-S saves,
//! Esc closes (asking first when typed text would be lost). A paste is
//! text, whatever it holds. (Handing the text to `$VISUAL`/`$EDITOR` needs
//! the terminal's reader thread to stand aside while the editor runs; it is
//! not there yet.)
//! Drawing is `draw::editor`'s; saving is the app's.

use crate::notes::{Flag, NOTE_MAX, Subject};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editor {
    pub subject: Subject,
    /// What the row is, as shown in the editor's title and kept with the note.
    pub about: String,
    /// The row's figure now, kept with the note.
    pub figure: Option<String>,
    /// The note edited and the revision the edit starts from; `None`: new.
    pub base: Option<(String, i64)>,
    pub lines: Vec<String>,
    /// Cursor: line, and character within it.
    pub row: usize,
    pub col: usize,
    pub flag: Option<Flag>,
    /// What was there when the editor opened, to know if anything changed.
    original: (String, Option<Flag>),
    /// Esc was pressed with changes: the next Esc (or `j`) throws them away.
    pub confirm_discard: bool,
    /// The last key or paste was cut at [`NOTE_MAX`].
    pub full: bool,
}

/// What the app does after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    Save,
    Close,
    /// Ctrl-E: the text to the user's own editor ($VISUAL, $EDITOR).
    Outside,
}

impl Editor {
    pub fn new(
        subject: Subject,
        about: String,
        figure: Option<String>,
        base: Option<(String, i64)>,
        text: &str,
        flag: Option<Flag>,
    ) -> Editor {
        let mut editor = Editor {
            subject,
            about,
            figure,
            base,
            lines: vec![String::new()],
            row: 0,
            col: 0,
            flag,
            original: (text.to_string(), flag),
            confirm_discard: false,
            full: false,
        };
        editor.set_text(text);
        editor
    }

    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    /// Replaces the text, cursor at its end.
    pub fn set_text(&mut self, text: &str) {
        let capped: String = text.chars().take(NOTE_MAX).collect();
        self.full = capped.len() < text.len();
        self.lines = capped
            .split('\n')
            .map(|l| l.trim_end_matches('\r').to_string())
            .collect();
        self.row = self.lines.len() - 1;
        self.col = self.lines[self.row].chars().count();
    }

    pub fn is_changed(&self) -> bool {
        (self.text(), self.flag) != self.original
    }

    fn chars(&self) -> usize {
        self.lines.iter().map(|l| l.chars().count()).sum::<usize>() + self.lines.len() - 1
    }

    fn byte(&self) -> usize {
        let line = &self.lines[self.row];
        line.char_indices()
            .nth(self.col)
            .map_or(line.len(), |(i, _)| i)
    }

    fn insert(&mut self, c: char) {
        if self.chars() >= NOTE_MAX {
            self.full = true;
            return;
        }
        if c == '\n' {
            let at = self.byte();
            let rest = self.lines[self.row].split_off(at);
            self.lines.insert(self.row + 1, rest);
            self.row += 1;
            self.col = 0;
        } else {
            let at = self.byte();
            self.lines[self.row].insert(at, c);
            self.col += 1;
        }
    }

    fn backspace(&mut self) {
        if self.col > 0 {
            self.col -= 1;
            let at = self.byte();
            self.lines[self.row].remove(at);
        } else if self.row > 0 {
            let line = self.lines.remove(self.row);
            self.row -= 1;
            self.col = self.lines[self.row].chars().count();
            self.lines[self.row].push_str(&line);
        }
    }

    fn delete(&mut self) {
        let len = self.lines[self.row].chars().count();
        if self.col < len {
            let at = self.byte();
            self.lines[self.row].remove(at);
        } else if self.row + 1 < self.lines.len() {
            let next = self.lines.remove(self.row + 1);
            self.lines[self.row].push_str(&next);
        }
    }

    fn line_len(&self) -> usize {
        self.lines[self.row].chars().count()
    }

    /// The next flag in the fixed list, then none.
    fn next_flag(&mut self, back: bool) {
        let all = Flag::ALL;
        let at = self.flag.and_then(|f| all.iter().position(|x| *x == f));
        self.flag = match (at, back) {
            (None, false) => Some(all[0]),
            (None, true) => all.last().copied(),
            (Some(i), false) => all.get(i + 1).copied(),
            (Some(0), true) => None,
            (Some(i), true) => Some(all[i - 1]),
        };
    }

    pub fn key(&mut self, key: KeyEvent) -> Outcome {
        self.full = false;
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if self.confirm_discard {
            self.confirm_discard = false;
            return match key.code {
                KeyCode::Esc | KeyCode::Char('j' | 'J' | 'y' | 'Y') => Outcome::Close,
                _ => Outcome::Stay,
            };
        }
        match key.code {
            KeyCode::Esc => {
                if self.is_changed() {
                    self.confirm_discard = true;
                    return Outcome::Stay;
                }
                return Outcome::Close;
            }
            KeyCode::Char('s') if ctrl => return Outcome::Save,
            KeyCode::Char('e') if ctrl => return Outcome::Outside,
            KeyCode::Char('c') if ctrl => {
                self.confirm_discard = self.is_changed();
                if !self.confirm_discard {
                    return Outcome::Close;
                }
            }
            KeyCode::Char('u') if ctrl => {
                self.lines[self.row].clear();
                self.col = 0;
            }
            KeyCode::Char(_) if ctrl => {}
            KeyCode::Char(c) => self.insert(c),
            KeyCode::Enter => self.insert('\n'),
            KeyCode::Tab => self.next_flag(false),
            KeyCode::BackTab => self.next_flag(true),
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left if self.col > 0 => self.col -= 1,
            KeyCode::Left if self.row > 0 => {
                self.row -= 1;
                self.col = self.line_len();
            }
            KeyCode::Right if self.col < self.line_len() => self.col += 1,
            KeyCode::Right if self.row + 1 < self.lines.len() => {
                self.row += 1;
                self.col = 0;
            }
            KeyCode::Up if self.row > 0 => {
                self.row -= 1;
                self.col = self.col.min(self.line_len());
            }
            KeyCode::Down if self.row + 1 < self.lines.len() => {
                self.row += 1;
                self.col = self.col.min(self.line_len());
            }
            KeyCode::Home => self.col = 0,
            KeyCode::End => self.col = self.line_len(),
            _ => {}
        }
        Outcome::Stay
    }

    /// Pasted text, inserted as text: line breaks as lines, tabs as
    /// spaces, other control characters dropped; cut at [`NOTE_MAX`].
    pub fn paste(&mut self, text: &str) {
        self.full = false;
        self.confirm_discard = false;
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        for c in text.chars() {
            let c = match c {
                '\t' => ' ',
                '\n' => '\n',
                c if c.is_control() => continue,
                c => c,
            };
            self.insert(c);
            if self.full {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::Kind;

    fn editor(text: &str) -> Editor {
        Editor::new(
            Subject::new(Kind::Unit, &["hsn"]),
            "HSN".into(),
            None,
            None,
            text,
            None,
        )
    }

    fn press(e: &mut Editor, code: KeyCode) -> Outcome {
        e.key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn ctrl(e: &mut Editor, c: char) -> Outcome {
        e.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
    }

    fn typed(e: &mut Editor, text: &str) {
        for c in text.chars() {
            press(
                e,
                if c == '\n' {
                    KeyCode::Enter
                } else {
                    KeyCode::Char(c)
                },
            );
        }
    }

    #[test]
    fn enter_adds_a_line_and_ctrl_s_saves() {
        let mut e = editor("");
        typed(&mut e, "Fråga HSN\nom material");
        assert_eq!(e.text(), "Fråga HSN\nom material");
        assert_eq!(ctrl(&mut e, 's'), Outcome::Save);
    }

    #[test]
    fn editing_moves_by_characters_not_bytes() {
        let mut e = editor("åäö");
        press(&mut e, KeyCode::Left);
        press(&mut e, KeyCode::Backspace);
        assert_eq!(e.text(), "åö");
        press(&mut e, KeyCode::Home);
        press(&mut e, KeyCode::Delete);
        assert_eq!(e.text(), "ö");
        typed(&mut e, "x\ny");
        press(&mut e, KeyCode::Home);
        press(&mut e, KeyCode::Backspace);
        assert_eq!(e.text(), "xyö");
    }

    #[test]
    fn tab_walks_the_flags_and_back_to_none() {
        let mut e = editor("");
        let mut seen = Vec::new();
        for _ in 0..5 {
            press(&mut e, KeyCode::Tab);
            seen.push(e.flag);
        }
        assert_eq!(
            seen,
            [
                Some(Flag::Question),
                Some(Flag::Risk),
                Some(Flag::Board),
                Some(Flag::Done),
                None
            ]
        );
        press(&mut e, KeyCode::BackTab);
        assert_eq!(e.flag, Some(Flag::Done));
    }

    #[test]
    fn esc_asks_before_throwing_typed_text_away() {
        let mut e = editor("");
        assert_eq!(press(&mut e, KeyCode::Esc), Outcome::Close, "nothing typed");
        let mut e = editor("");
        typed(&mut e, "viktigt");
        assert_eq!(press(&mut e, KeyCode::Esc), Outcome::Stay);
        assert!(e.confirm_discard);
        assert_eq!(press(&mut e, KeyCode::Char('n')), Outcome::Stay);
        assert_eq!(e.text(), "viktigt", "n keeps the text");
        assert_eq!(press(&mut e, KeyCode::Esc), Outcome::Stay);
        assert_eq!(press(&mut e, KeyCode::Esc), Outcome::Close);
    }

    #[test]
    fn a_paste_is_text_however_it_looks() {
        let mut e = editor("");
        e.paste("rad 1\r\nrad\t2\u{1b}[2J\u{7}q");
        assert_eq!(e.text(), "rad 1\nrad 2[2Jq");
        assert!(e.lines.len() == 2);
    }

    #[test]
    fn the_full_message_names_the_cap() {
        let cap = crate::domain::number::grouped(NOTE_MAX as u64);
        assert!(crate::ui::strings::NOTE_FULL.contains(&cap), "{cap}");
    }

    #[test]
    fn the_text_stops_at_the_cap() {
        let mut e = editor("");
        e.paste(&"x".repeat(NOTE_MAX + 10));
        assert_eq!(e.text().chars().count(), NOTE_MAX);
        assert!(e.full);
        press(&mut e, KeyCode::Char('y'));
        assert_eq!(e.text().chars().count(), NOTE_MAX);
        assert!(e.full);
        let long = editor(&"z".repeat(NOTE_MAX + 1));
        assert_eq!(long.text().chars().count(), NOTE_MAX);
    }
}
