//! Colours as xterm draws them, and the contrast between two of them
//! (WCAG 2): the palettes are tested with it, and a user's colour that
//! would vanish into the background is refused with it.

use ratatui::style::Color;

/// Below this, text is as good as invisible (black on black is 1:1).
pub const UNREADABLE: f64 = 1.5;

/// The background a palette is made for: black for the dark ones, white
/// for the light ones (xterm's standard colours).
pub const DARK_BACKGROUND: (u8, u8, u8) = (0, 0, 0);
pub const LIGHT_BACKGROUND: (u8, u8, u8) = (255, 255, 255);

/// xterm's standard colours: the 16 ANSI ones, the 6×6×6 cube and the
/// grey ramp of the 256-colour palette.
pub fn xterm_rgb(colour: Color) -> (u8, u8, u8) {
    const ANSI: [(u8, u8, u8); 16] = [
        (0, 0, 0),
        (205, 0, 0),
        (0, 205, 0),
        (205, 205, 0),
        (0, 0, 238),
        (205, 0, 205),
        (0, 205, 205),
        (229, 229, 229),
        (127, 127, 127),
        (255, 0, 0),
        (0, 255, 0),
        (255, 255, 0),
        (92, 92, 255),
        (255, 0, 255),
        (0, 255, 255),
        (255, 255, 255),
    ];
    let index = match colour {
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        Color::Indexed(i) => i,
        Color::Rgb(r, g, b) => return (r, g, b),
        // The terminal's own colour: taken as the foreground, never the
        // background's.
        Color::Reset => return (192, 192, 192),
    };
    match index {
        0..=15 => ANSI[usize::from(index)],
        16..=231 => {
            let level = |n: u8| if n == 0 { 0 } else { 55 + 40 * n };
            let i = index - 16;
            (level(i / 36), level(i / 6 % 6), level(i % 6))
        }
        _ => {
            let grey = 8 + 10 * (index - 232);
            (grey, grey, grey)
        }
    }
}

/// WCAG 2's relative luminance and contrast ratio.
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// WCAG 2's relative luminance, 0 (black) to 1 (white).
fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// Whether a background is light: perceived lightness (CIE L*) above
/// half, which is a relative luminance above 0.1842.
pub fn is_light(background: (u8, u8, u8)) -> bool {
    luminance(background) > 0.1842
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn light_and_dark_backgrounds_are_told_apart() {
        assert!(is_light((255, 255, 255)));
        assert!(is_light((253, 246, 227)), "Solarized Light");
        assert!(!is_light((0, 0, 0)));
        assert!(!is_light((0, 43, 54)), "Solarized Dark");
        assert!(!is_light((40, 44, 52)), "One Dark");
        assert!(!is_light((118, 118, 118)), "L* 49.6");
        assert!(is_light((120, 120, 120)), "L* 50.4");
    }
}
