//! Plain types and pure rules, independent of storage and terminal.

pub mod calendar;
pub mod change;
pub mod light;
pub mod money;
pub mod number;
pub mod status;
pub mod text;
pub mod variance;
pub mod vocab;
