//! The snapshot file: its format and how it is opened (a new one is
//! written through [`crate::output`]).

pub mod diff;
pub mod diff_names;
pub mod open;
pub mod schema;
pub mod spec;
pub mod totals;

pub use open::{OpenError, Snapshot};
