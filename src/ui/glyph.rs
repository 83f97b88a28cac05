//! The symbols a screen may show, by meaning: a pane names a glyph, the
//! theme's symbols draw it (Unicode or ASCII). Kept apart from both, so
//! that neither imports the other for it.

use crate::domain::change::Shift;
use crate::domain::light::Judgement;
use crate::domain::status::DirectiveStatus;

/// A symbol whose shape depends on the terminal: the theme draws it in
/// Unicode or in ASCII ([`crate::ui::theme::Symbols`]). Panes say what a
/// symbol means; they never choose its characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Glyph {
    /// A traffic light's shape (● ◐ ○ –).
    Light(Judgement),
    /// A directive status's shape (▶ ✓ ! ○ ↻).
    Status(DirectiveStatus),
    /// A data-quality notice (⚑).
    Notice,
    /// From issuer to recipients (→).
    Arrow,
    /// Nothing to show (–).
    Dash,
    /// One month of a sparkline: a level from 0 (lowest) to 7, or a gap.
    Spark(Option<u8>),
    /// Which way something moved since the comparison period (↓ ↑ →).
    Shift(Shift),
    /// A figure that differs from the older snapshot (`--since`): ✎.
    Restated,
    /// A row the user wrote a note on: ✦.
    Note,
}
