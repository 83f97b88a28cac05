//! tertial: a terminal cockpit for results follow-up in Swedish regional
//! health care.
//!
//! Layers, from the bottom up:
//! - [`domain`]: plain types and pure rules (money, vocabularies, Swedish
//!   number formatting). Knows nothing of SQLite or terminals.
//! - [`snapshot`]: the snapshot file format — its specification, and opening a
//!   file read-only and hardened.
//! - [`check`]: validation of a snapshot against the format's rules.
//! - [`import`]: building a snapshot from a folder of CSV files.
//! - [`synth`]: `tertial gen`, a synthetic snapshot of a whole region, for measurements.
//! - [`data`]: the cockpit's typed, sanitised reads from an open snapshot.
//!   Knows SQLite and the format; nothing of terminals.
//! - [`config`]: settings from the built-in defaults, the config file, the
//!   environment and the command line; what the terminal and locale allow.
//! - [`export`]: figures as data (CSV, TSV, JSON, Markdown), the clipboard's
//!   escape sequence, and files written whole; [`report`]: `tertial report`.
//! - [`ui`]: the cockpit: state, panes, drawing, keys, theme. The only layer
//!   that knows ratatui and crossterm.
//!
//! docs/architecture.md describes how they fit together.

pub mod check;
pub mod config;
pub mod data;
pub mod domain;
pub mod export;
#[doc(hidden)]
pub mod fuzzing;
pub mod import;
pub mod report;
pub mod snapshot;
pub mod synth;
pub mod ui;
