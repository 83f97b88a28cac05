//! The terminal cockpit: state ([`app`]), what screens are ([`screen`]),
//! how panes build them ([`panes`]), how they are drawn ([`draw`]), the
//! theme ([`theme`]), what the footer says ([`footer`]) and the Swedish
//! words ([`strings`]). Keys and actions are [`crate::keymap`]'s.

pub mod app;
pub mod area;
pub mod colours;
pub mod contrast;
pub mod copy;
pub mod crash;
pub mod draw;
pub mod footer;
pub mod format;
pub mod glyph;
pub mod layout;
pub mod mouse;
pub mod notes;
pub mod panes;
pub mod render;
pub mod screen;
pub mod sheet;
pub mod strings;
pub mod terminal;
pub mod theme;
