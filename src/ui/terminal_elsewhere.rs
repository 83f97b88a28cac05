//! The interactive session where there is no Unix terminal (Windows): not
//! there yet. The session of `terminal.rs` reads the terminal's bytes from
//! a file descriptor, answers signals and suspends with job control; a
//! Windows console offers none of them in that form. Everything else
//! (`render`, `check`, `import`, `gen`, `diff`, `info`, `config`) works.

use super::app::App;

/// As on Unix: what the session must know before the app is loaded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Start {
    pub ascii: bool,
    pub mouse: bool,
    pub ask_background: bool,
}

/// As on Unix: how the session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    Quit,
    HungUp,
}

/// Says in one sentence that the cockpit does not run here yet.
pub fn run(
    _start: Start,
    _load: impl FnOnce(Option<bool>) -> Result<App, String>,
) -> Result<Ended, String> {
    Err(
        "the interactive cockpit needs a Unix terminal for now; `tertial render` prints \
         its screens here"
            .into(),
    )
}
