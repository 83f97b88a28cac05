//! The session's Windows side: the console read as input records through
//! crossterm, and the console's control events (see the parent module).
//!
//! - Raw mode turns off the console's processed input, so Ctrl-C arrives as
//!   a key, as on Unix. Ctrl-Break and closing the console stay events of
//!   the console: they give it back and end the process.
//! - Frames go out through standard output, which writes to a console in
//!   UTF-16 (`WriteConsoleW`): the box glyphs are right whatever the code
//!   page. The console is asked to interpret escape sequences (virtual
//!   terminal processing), as Windows Terminal and the classic console of
//!   Windows 10 and later do.
//! - A new window size is an input record (window input is turned on), in
//!   place of SIGWINCH.
//! - There is no job control: Ctrl-Z is an ordinary key the keymap leaves
//!   alone, and the help does not offer it.
//! - The console has no bracketed paste: a paste is many key records at
//!   once. Those waiting together are one arrival for the burst rule, so a
//!   paste reaches the search prompt as text, never the keymap.

use super::{Arrivals, CTRL_C_EXIT, TakeError, leave};
use crate::input::Answer;
use crate::interrupt::{Interrupts, Message};
use crossterm::Command;
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use crossterm_winapi::{ConsoleMode, Handle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// The console's input is records, not bytes: there is nothing in which
/// the answer to the background question could come back.
pub(super) const CAN_ASK_BACKGROUND: bool = false;

/// Handing the console to $EDITOR would need the reader of console records
/// to stand aside; not here yet (the editor says so).
pub(super) const CAN_HAND_OVER: bool = false;

pub(super) fn pause_input() {}

pub(super) fn resume_input() {}

/// `ENABLE_WINDOW_INPUT`: a change of the window's size is an input record.
const WINDOW_INPUT: u32 = 0x0008;

/// At most this many records waiting together are one arrival (as the
/// Unix reader's buffer bounds one read).
const ARRIVAL_MAX: usize = 64 * 1024;

/// Mouse capture was turned on: it is turned off with the console.
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Window input was turned on here: it is turned off with the console, so
/// that the shell's input gets no size records.
static WINDOW_INPUT_ADDED: AtomicBool = AtomicBool::new(false);

/// The console's input is read by crossterm, which opens it itself (so the
/// cockpit runs with standard input redirected, as on Unix with
/// `/dev/tty`); frames go to standard output. The console is set to
/// interpret escape sequences and to report window sizes.
pub(super) fn open() -> Result<((), std::io::Stdout), TakeError> {
    if !std::io::stdout().is_terminal() {
        return Err(TakeError::NotATerminal);
    }
    if !crossterm::ansi_support::supports_ansi() {
        return Err(TakeError::NoEscapeSequences);
    }
    let input = Handle::current_in_handle()
        .map(ConsoleMode::from)
        .map_err(|_| TakeError::NotATerminal)?;
    // Without it the console would not say when its window changes size;
    // the cockpit still works, at the size it started with.
    if let Ok(mode) = input.mode()
        && mode & WINDOW_INPUT == 0
        && input.set_mode(mode | WINDOW_INPUT).is_ok()
    {
        WINDOW_INPUT_ADDED.store(true, Ordering::SeqCst);
    }
    Ok(((), std::io::stdout()))
}

/// Mouse records: the console's mouse input on and its quick edit (which
/// would take the mouse for selecting text) off.
pub(super) fn capture_mouse() {
    if EnableMouseCapture.execute_winapi().is_ok() {
        MOUSE.store(true, Ordering::SeqCst);
    }
}

/// Gives the mouse back to the console (quick edit as it was) and turns
/// window input off if it was turned on here, before raw mode is turned off.
pub(super) fn release() {
    if MOUSE.swap(false, Ordering::SeqCst) {
        let _ = DisableMouseCapture.execute_winapi();
    }
    if WINDOW_INPUT_ADDED.swap(false, Ordering::SeqCst)
        && let Ok(input) = Handle::current_in_handle().map(ConsoleMode::from)
        && let Ok(mode) = input.mode()
    {
        let _ = input.set_mode(mode & !WINDOW_INPUT);
    }
}

/// There is no job control to suspend to: Ctrl-Z goes on as a key.
pub(super) fn suspend() -> bool {
    false
}

/// Ctrl-Break, closing the console, logging off: the console is given
/// back and the process ends, with the exit code of an interrupt. (When
/// the console closes, Windows ends the process soon after this handler
/// is called; there is no screen left to restore then.)
pub(super) fn watch(_session: &'static super::Session) -> std::io::Result<()> {
    ctrlc::set_handler(|| leave(CTRL_C_EXIT)).map_err(std::io::Error::other)
}

/// The reader thread: it sleeps in `event::read` until the console has a
/// record, then takes every record already waiting, and hands them on as
/// one arrival. Key releases are dropped where they are dispatched.
pub(super) fn read_keys(
    _input: (),
    interrupts: Interrupts,
    _answered: std::sync::mpsc::Sender<Answer>,
) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("terminal-reader".into())
        .spawn(move || {
            let mut arrivals = Arrivals::default();
            while let Ok(first) = event::read() {
                let mut events = vec![first];
                while events.len() < ARRIVAL_MAX && matches!(event::poll(Duration::ZERO), Ok(true))
                {
                    match event::read() {
                        Ok(event) => events.push(event),
                        Err(_) => break,
                    }
                }
                arrivals.take(events, &interrupts);
            }
            // The console's input failed: it is gone.
            interrupts.push(Message::Gone);
        })?;
    Ok(())
}
