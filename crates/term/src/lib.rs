//! tertial's terminal mechanics, with no knowledge of the cockpit (as
//! yazi keeps `yazi-term`): it does not depend on the app, so it cannot
//! name its state, settings or words.
//!
//! - [`input`]: the bytes a terminal sends, parsed into crossterm events;
//! - [`burst`]: keys a person pressed told from text that came at once;
//! - [`interrupt`]: the one queue the event loop sleeps on, and the check
//!   that stops a slow query;
//! - [`output`]: the writer thread, so that nothing waits on the terminal;
//! - [`mouse`]: mouse reports on and off, and their SGR form;
//! - [`session`]: taking the terminal and giving it back, on every way out
//!   (quit, signals, a panic), its threads, and handing it to another
//!   program ($EDITOR).

pub mod burst;
pub mod input;
pub mod interrupt;
pub mod mouse;
pub mod output;
pub mod session;

#[cfg(test)]
mod tests {
    /// The crate knows nothing of the app because its manifest names no
    /// crate of it: adding `tertial` or `tertial-core` here would let the
    /// session read settings or state. Drawing is the app's too (ratatui).
    #[test]
    fn the_terminal_crate_depends_on_nothing_of_the_app() {
        let manifest = include_str!("../Cargo.toml");
        for line in manifest.lines().map(str::trim) {
            let name = line.split(['=', '.', ' ']).next().unwrap_or("");
            for app in ["tertial", "ratatui"] {
                assert!(
                    !name.starts_with(app),
                    "crates/term/Cargo.toml depends on {app}: {line}"
                );
            }
        }
    }
}
