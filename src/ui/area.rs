//! The largest area the cockpit draws.
//!
//! Terminals and SSH clients do report nonsense sizes (65535×65535), and a
//! screen buffer grows with its cells: a window larger than [`MAX_WIDTH`] ×
//! [`MAX_HEIGHT`] is drawn at that size in its top-left corner, with a line
//! that says so, and `tertial render` refuses larger sizes.

use ratatui::layout::Rect;

/// The most columns drawn: wider than any screen at a readable font.
pub const MAX_WIDTH: u16 = 1000;
/// The most rows drawn.
pub const MAX_HEIGHT: u16 = 500;

/// Where a window of a given size is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Drawn {
    /// The window as the terminal reports it.
    pub window: (u16, u16),
    /// The whole drawn area, from the top-left corner.
    pub area: Rect,
    /// The part the cockpit draws in: all of `area`, or all but its last
    /// line, which then holds the [`Drawn::note`].
    pub app: Rect,
}

impl Drawn {
    pub fn new(width: u16, height: u16) -> Drawn {
        let area = Rect::new(0, 0, width.min(MAX_WIDTH), height.min(MAX_HEIGHT));
        let clamped = area.width < width || area.height < height;
        let app = if clamped {
            Rect {
                height: area.height.saturating_sub(1),
                ..area
            }
        } else {
            area
        };
        Drawn {
            window: (width, height),
            area,
            app,
        }
    }

    /// The line under a clamped area, saying why the rest is empty.
    pub fn note(&self) -> Option<(Rect, String)> {
        if self.app == self.area {
            return None;
        }
        let (width, height) = self.window;
        let line = Rect {
            y: self.app.bottom(),
            height: 1,
            ..self.area
        };
        Some((
            line,
            format!(
                " Fönstret är {width}×{height} tecken; tertial ritar högst \
                 {MAX_WIDTH}×{MAX_HEIGHT}, här i hörnet. "
            ),
        ))
    }
}

/// Whether `tertial render` draws a size, and if not, why (one sentence).
pub fn check_render_size((width, height): (u16, u16)) -> Result<(), String> {
    if width > MAX_WIDTH || height > MAX_HEIGHT {
        return Err(format!(
            "the size {width}x{height} is larger than the {MAX_WIDTH}x{MAX_HEIGHT} cells \
             tertial draws at most"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_up_to_the_maximum_is_drawn_whole() {
        for (w, h) in [(0, 0), (80, 24), (MAX_WIDTH, MAX_HEIGHT)] {
            let drawn = Drawn::new(w, h);
            assert_eq!(drawn.area, Rect::new(0, 0, w, h));
            assert_eq!(drawn.app, drawn.area);
            assert_eq!(drawn.note(), None);
        }
    }

    #[test]
    fn a_larger_window_is_drawn_in_its_corner_with_a_note() {
        for (w, h) in [(65535, 65535), (MAX_WIDTH + 1, 24), (80, MAX_HEIGHT + 1)] {
            let drawn = Drawn::new(w, h);
            assert!(drawn.area.width <= MAX_WIDTH && drawn.area.height <= MAX_HEIGHT);
            assert_eq!(drawn.app.height, drawn.area.height - 1);
            let (line, text) = drawn.note().unwrap();
            assert_eq!(line.y, drawn.area.height - 1);
            assert!(text.contains(&format!("{w}×{h}")), "{text}");
        }
    }

    #[test]
    fn render_refuses_absurd_sizes_in_one_sentence() {
        assert!(check_render_size((MAX_WIDTH, MAX_HEIGHT)).is_ok());
        let e = check_render_size((10000, 10000)).unwrap_err();
        assert_eq!(
            e,
            "the size 10000x10000 is larger than the 1000x500 cells tertial draws at most"
        );
    }
}
