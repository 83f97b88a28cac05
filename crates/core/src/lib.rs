//! tertial-core: everything of tertial that needs no terminal.
//!
//! Layers, from the bottom up:
//! - [`domain`]: plain types and pure rules (money, vocabularies, Swedish
//!   number formatting). Knows nothing of SQLite or terminals.
//! - [`snapshot`]: the snapshot file format — its specification, and opening a
//!   file read-only and hardened.
//! - [`check`]: validation of a snapshot against the format's rules.
//! - [`import`]: building a snapshot from a folder of CSV files.
//! - [`data`]: the cockpit's typed, sanitised reads from an open snapshot.
//!   Knows SQLite and the format; nothing of terminals.
//! - [`output`]: every file a command writes, checked by one set of rules
//!   and written whole or not at all.
//! - [`notes`]: the user's own notes and flags, in a file of their own.
//! - [`export`]: figures as data (CSV, TSV, JSON, Markdown), the clipboard's
//!   escape sequence, and files written whole; [`report`]: `tertial report`.
//!
//! This crate does not depend on ratatui or crossterm, so none of these
//! modules can name them. The `tertial` crate adds the cockpit (`ui`), the
//! settings (`config`) and the command line. docs/architecture.md describes
//! how they fit together.

pub mod check;
pub mod data;
pub mod domain;
pub mod export;
pub mod import;
pub mod notes;
pub mod output;
pub mod progress;
pub mod report;
pub mod snapshot;

#[cfg(test)]
mod layers;
