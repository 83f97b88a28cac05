//! Plain types and pure rules, independent of storage and terminal.

pub mod calendar;
pub mod money;
pub mod number;
pub mod text;
pub mod vocab;
