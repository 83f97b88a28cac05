//! The snapshot file: its format, how it is opened, and how a new one is
//! written atomically.

pub mod atomic;
pub mod diff;
pub mod open;
pub mod schema;
pub mod spec;

pub use open::{OpenError, Snapshot};
