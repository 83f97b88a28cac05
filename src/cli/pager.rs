//! `tertial diff` on a terminal pages its output as git does: through
//! `$PAGER` (default `less -FRX`: quit at once if it fits, keep colours,
//! leave the screen as it is). Not when standard output is a pipe or a
//! file, nor when `PAGER` is empty or `cat`; a pager that cannot be started
//! leaves the output printed as it would be without one.

#[cfg(unix)]
use std::io::{IsTerminal, Write};
#[cfg(unix)]
use std::os::fd::{AsFd, OwnedFd};
#[cfg(unix)]
use std::process::{Child, Command, Stdio};

/// Where standard output cannot be pointed elsewhere by descriptor
/// (Windows, for now): no pager; the output is printed as it is.
#[cfg(not(unix))]
pub struct Pager;

#[cfg(not(unix))]
impl Pager {
    pub fn start() -> Option<Pager> {
        None
    }

    pub fn finish(self) {}
}

/// A pager standard output was pointed at; [`Pager::finish`] waits for it.
#[cfg(unix)]
pub struct Pager {
    child: Child,
    terminal: OwnedFd,
}

#[cfg(unix)]
impl Pager {
    /// Starts the pager and points standard output at it, when standard
    /// output is a terminal and a pager is wanted and can be started.
    pub fn start() -> Option<Pager> {
        if !std::io::stdout().is_terminal() {
            return None;
        }
        let wanted = std::env::var("PAGER").unwrap_or_else(|_| "less -FRX".into());
        let mut words = wanted.split_whitespace();
        let program = words.next()?;
        if program == "cat" {
            return None;
        }
        let terminal = std::io::stdout().as_fd().try_clone_to_owned().ok()?;
        let mut child = Command::new(program)
            .args(words)
            .stdin(Stdio::piped())
            .spawn()
            .ok()?;
        let pipe = child.stdin.take()?;
        if rustix::stdio::dup2_stdout(&pipe).is_err() {
            drop(pipe);
            let _ = child.wait();
            return None;
        }
        // Standard output is now the only writer: its end closed at
        // `finish` is the pager's end of input.
        drop(pipe);
        Some(Pager { child, terminal })
    }

    /// Ends the pager's input and waits until the user leaves it.
    pub fn finish(mut self) {
        let _ = std::io::stdout().flush();
        let _ = rustix::stdio::dup2_stdout(&self.terminal);
        let _ = self.child.wait();
    }
}
