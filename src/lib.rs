//! tertial: a terminal cockpit for results follow-up in Swedish regional
//! health care.
//!
//! Three crates, so that the compiler sees the layers:
//! - `tertial-core` (re-exported here, so `tertial::data` and `crate::data`
//!   name the same module): [`domain`], [`snapshot`], [`check`], [`import`],
//!   [`data`], [`export`], [`report`]. It does not depend on ratatui or
//!   crossterm and cannot name them.
//! - `tertial-synth` ([`synth`], re-exported too): `tertial gen`'s generator.
//! - `tertial-term`: the terminal's mechanics (the session and its restore,
//!   the input parser, the writer, the queue), with no knowledge of the app.
//! - this crate: [`config`] (settings from the built-in defaults, the config
//!   file, the environment and the command line; what the terminal and
//!   locale allow) and [`ui`] (the cockpit: state, panes, drawing, keys,
//!   theme), the only layer of the app that knows ratatui and crossterm; and
//!   the command line in [`cli`] (`main.rs` only calls it).
//!
//! docs/architecture.md describes how they fit together.

pub use tertial_core::{
    check, data, domain, export, import, notes, output, progress, report, snapshot,
};
pub use tertial_synth as synth;

pub mod cli;

pub mod config;
#[doc(hidden)]
pub mod fuzzing;
pub mod keymap;
pub mod progress_line;
pub mod ui;
