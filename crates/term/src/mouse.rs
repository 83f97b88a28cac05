//! Mouse reports: the sequences that turn them on and off, and their SGR
//! form parsed into crossterm's events. What a click means is the app's.

use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

/// The escape sequences that turn mouse reports on: button presses and the
/// wheel (1000, no motion, so an idle mouse sends nothing) in SGR form (1006,
/// which has no limit on the column).
pub const ENABLE: &str = "\x1b[?1000h\x1b[?1006h";
/// And off again; harmless where they were never on.
pub const DISABLE: &str = "\x1b[?1006l\x1b[?1000l";

/// A mouse report in SGR form, `ESC [ < b ; x ; y M` (press) or `m`
/// (release), as the crossterm event it is: `params` is what stands between
/// `<` and the final byte. None if it is malformed; buttons the cockpit
/// has no use for are returned all the same, as crossterm returns them.
pub fn parse_sgr(params: &[u8], last: u8) -> Option<MouseEvent> {
    let text = std::str::from_utf8(params).ok()?;
    let mut fields = text.split(';').map(|f| f.parse::<u16>().ok());
    let (b, x, y) = (fields.next()??, fields.next()??, fields.next()??);
    if fields.next().is_some() || x == 0 || y == 0 {
        return None;
    }
    let button = match b & 0b11 {
        0 => MouseButton::Left,
        1 => MouseButton::Middle,
        _ => MouseButton::Right,
    };
    let kind = match (b & 0b110_0000, last) {
        (64, _) => match b & 0b11 {
            0 => MouseEventKind::ScrollUp,
            1 => MouseEventKind::ScrollDown,
            2 => MouseEventKind::ScrollLeft,
            _ => MouseEventKind::ScrollRight,
        },
        (32, _) if b & 0b11 == 3 => MouseEventKind::Moved,
        (32, _) => MouseEventKind::Drag(button),
        (0, b'M') => MouseEventKind::Down(button),
        (0, b'm') => MouseEventKind::Up(button),
        _ => return None,
    };
    let mut modifiers = KeyModifiers::NONE;
    for (bit, flag) in [
        (4, KeyModifiers::SHIFT),
        (8, KeyModifiers::ALT),
        (16, KeyModifiers::CONTROL),
    ] {
        if b & bit != 0 {
            modifiers |= flag;
        }
    }
    Some(MouseEvent {
        kind,
        column: x - 1,
        row: y - 1,
        modifiers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(kind: MouseEventKind, column: u16, row: u16) -> MouseEvent {
        MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }
    }

    #[test]
    fn sgr_reports_parse_as_crossterm_has_them() {
        let parsed = |text: &str, last: u8| parse_sgr(text.as_bytes(), last);
        assert_eq!(
            parsed("0;5;10", b'M'),
            Some(at(MouseEventKind::Down(MouseButton::Left), 4, 9))
        );
        assert_eq!(
            parsed("0;5;10", b'm'),
            Some(at(MouseEventKind::Up(MouseButton::Left), 4, 9))
        );
        assert_eq!(
            parsed("65;1;1", b'M'),
            Some(at(MouseEventKind::ScrollDown, 0, 0))
        );
        assert_eq!(
            parsed("64;300;2", b'M'),
            Some(at(MouseEventKind::ScrollUp, 299, 1)),
            "SGR has no limit on the column"
        );
        let ctrl = parsed("16;1;1", b'M').unwrap();
        assert_eq!(ctrl.modifiers, KeyModifiers::CONTROL);
        assert_eq!(parsed("35;3;3", b'M').unwrap().kind, MouseEventKind::Moved);
        for bad in ["", "0;5", "0;5;10;1", "x;1;1", "0;0;1", "0;1;99999"] {
            assert_eq!(parsed(bad, b'M'), None, "{bad}");
        }
    }
}
