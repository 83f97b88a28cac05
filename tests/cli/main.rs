//! The command line through the real binary: `check`, `import`, `gen`, `render`'s
//! data formats, `report`, the settings, and files that are read-only, half
//! written or without indexes.
//!
//! One test binary per group (see docs/architecture.md): fewer binaries
//! to link, and the group's tests share its threads.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failure

#[path = "../common/mod.rs"]
mod common;

mod check;
mod cli_output;
mod command_line;
mod corrections;
mod diff;
mod diff_trust;
mod export;
mod format_doc;
mod generate;
mod half_written;
mod import;
mod import_xlsx;
mod interrupted;
mod no_index;
mod notes;
mod outputs;
mod plans;
mod read_only;
mod report;
mod sample;
mod settings;
mod shared_server;
