//! The command line's commands, one module each, testable without the
//! binary. (Only `notes` lives here so far; the others are still in
//! `main.rs`.)

pub mod notes;
