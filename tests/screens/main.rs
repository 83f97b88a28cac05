//! The cockpit's screens through the real render path, headless: every pane's
//! snapshots, sizes, deep trees, random sessions, and hostile snapshots and text.
//!
//! One test binary per group (see docs/architecture.md): fewer binaries
//! to link, and the group's tests share its threads.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failure

#[path = "../common/mod.rs"]
mod common;

mod beds;
mod cancel;
mod deep_trees;
mod directives;
mod economy;
mod fuzz_corpus;
mod goals;
mod hostile_schema;
mod hostile_snapshots;
mod hostile_text;
mod kpi;
mod notes;
mod plans;
mod sizes;
mod state_machine;
