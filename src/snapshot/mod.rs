//! The snapshot file: its format and how it is opened.

pub mod open;
pub mod spec;

pub use open::{OpenError, Snapshot};
