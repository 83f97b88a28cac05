//! The real binary in a pseudo-terminal (and over SSH): key flows, copying,
//! signals, hang-ups, stalls and what the terminal is left in.
//!
//! One test binary per group (see docs/architecture.md): fewer binaries
//! to link, and the group's tests share its threads.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failure

#[path = "../common/mod.rs"]
mod common;

mod copy;
mod crash;
mod e2e;
mod key_figures;
mod life;
mod notes;
mod pager;
mod progress;
mod setup;
mod ssh;
mod stress;
