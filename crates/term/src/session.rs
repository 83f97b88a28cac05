//! The terminal taken and given back, and the threads that serve it.
//!
//! Besides the caller's thread (the app's event loop, which sleeps on the
//! [`Interrupts`] queue and never writes to the terminal itself):
//!
//! - the **writer** ([`Output`]), which alone waits for the terminal to read.
//!   A terminal that never reads again holds only that thread;
//! - the **reader** reads what the terminal sends as it comes (a burst or a
//!   paste is read whole before the program sleeps again) and queues it. It
//!   also does what must work whatever the loop is doing: Ctrl-Z suspends,
//!   and a Ctrl-C the loop has not taken within [`CTRL_C_GRACE`] (a single
//!   step of work that runs on, which nothing can stop) ends the process;
//! - the **signal** thread: SIGTERM, SIGHUP, SIGINT and SIGQUIT give the
//!   terminal back and exit with 128 + the signal; SIGTSTP (Ctrl-Z, or
//!   `kill -TSTP`) gives it back before stopping and takes it again on
//!   `fg`; SIGWINCH is a new window size. On Windows the console's own
//!   events take its place: Ctrl-Break and closing the console end the
//!   process with the console given back; there is no suspending.
//!
//! What differs between platforms is kept to the few functions of
//! `unix` (a terminal read byte by byte, signals, job control) and
//! `windows` (console input records, console control events), both
//! behind the same few items: `open`, `watch`, `read_keys`,
//! `capture_mouse`, `release`, `suspend`, `pause_input`, `resume_input`,
//! `CAN_ASK_BACKGROUND` and `CAN_HAND_OVER`. Everything else here, and
//! the writer, the queue and the burst rule, are the same code on both.
//!
//! Giving the terminal back ([`leave`], [`give_back`]) queues the sequences
//! behind the frame being written and waits for them at most [`GRACE`]: the
//! process ends in time even when the terminal never reads again. Nothing
//! on these paths prints to the terminal, so no failed write can cause a
//! second one.

#[cfg(unix)]
mod unix;
#[cfg(unix)]
use unix as platform;
#[cfg(windows)]
mod windows;
#[cfg(windows)]
use windows as platform;

use crate::burst::{self, Arrival};
use crate::input::Answer;
use crate::interrupt::{Interrupts, Message, is_ctrl};
use crate::output::{Output, Sent};
use crossterm::event::{Event, KeyCode, KeyEventKind};
use crossterm::terminal::{disable_raw_mode, enable_raw_mode};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError, mpsc};
use std::time::{Duration, Instant};

/// How long giving the terminal back may wait for it to read.
pub const GRACE: Duration = Duration::from_millis(300);

/// How long a Ctrl-C may wait for the event loop before it ends the process.
pub const CTRL_C_GRACE: Duration = Duration::from_secs(1);

/// Exit code of a Ctrl-C the event loop could not answer: as for SIGINT
/// (128 + 2), on every platform.
const CTRL_C_EXIT: i32 = 130;

/// Alternate screen, bracketed paste on, cursor hidden, screen cleared.
const ENTER: &[u8] = b"\x1b[?1049h\x1b[?2004h\x1b[?25l\x1b[H\x1b[2J";
/// Bracketed paste off, attributes reset, cursor shown, main screen.
const LEAVE: &[u8] = b"\x1b[?2026l\x1b[?2004l\x1b[0m\x1b[?25h\x1b[?1049l";
/// Each frame is one synchronized update, so it arrives whole over SSH.
const FRAME_BEGIN: &[u8] = b"\x1b[?2026h";
const FRAME_END: &[u8] = b"\x1b[?2026l";
const CLEAR: &[u8] = b"\x1b[H\x1b[2J";

/// The background question, OSC 11, followed by one every terminal
/// answers (DA1), so that one that does not know OSC 11 is known at once.
const ASK_BACKGROUND: &[u8] = b"\x1b]11;?\x1b\\\x1b[c";

/// Whether the terminal can be asked for its background: only one read
/// byte by byte can carry the answer (not Windows' console records).
pub const CAN_ASK_BACKGROUND: bool = platform::CAN_ASK_BACKGROUND;

/// Whether another program may be handed the terminal ([`Session::hand_over`]).
pub const CAN_HAND_OVER: bool = platform::CAN_HAND_OVER;

/// The terminal, taken: what the threads share, for the paths that end the
/// process too.
pub struct Session {
    output: Output,
    interrupts: Interrupts,
    /// The terminal's answers to questions, parsed from the same input as
    /// the keys.
    answers: Mutex<mpsc::Receiver<Answer>>,
}

static SESSION: OnceLock<Session> = OnceLock::new();
static LEAVING: AtomicBool = AtomicBool::new(false);
/// Mouse reports were turned on: they are turned off with the terminal.
static MOUSE: AtomicBool = AtomicBool::new(false);

/// How the terminal is taken.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Ask for mouse reports ([`crate::mouse`]).
    pub mouse: bool,
    /// Written on the screen as soon as it is taken (a loading line).
    pub first_words: String,
    /// The notice of a slow query ([`Interrupts::cancel_check`]).
    pub busy_text: String,
}

/// Why the terminal could not be taken.
#[derive(Debug)]
pub enum TakeError {
    /// Standard output is not a terminal (or console), or none can be read.
    NotATerminal,
    /// A Windows console that does not interpret escape sequences.
    NoEscapeSequences,
    /// The terminal refused what it must do (raw mode), or a thread could
    /// not start: `what` failed, for `error`.
    Failed {
        what: &'static str,
        error: std::io::Error,
    },
}

/// The sequences that take the terminal: [`ENTER`], and mouse reports if
/// asked for.
fn enter() -> Vec<u8> {
    let mouse = if MOUSE.load(Ordering::Relaxed) {
        crate::mouse::ENABLE.as_bytes()
    } else {
        b""
    };
    [ENTER, mouse].concat()
}

/// The sequences that give it back: mouse reports off if they were on,
/// then [`LEAVE`].
fn leave_codes() -> Vec<u8> {
    let mouse = if MOUSE.load(Ordering::Relaxed) {
        crate::mouse::DISABLE.as_bytes()
    } else {
        b""
    };
    [mouse, LEAVE].concat()
}

/// Takes the terminal: raw mode, the alternate screen, the writer, reader
/// and signal threads, and `options.first_words` on the screen. Until
/// [`Session::loaded`], q, Esc or Ctrl-C end the process at once. The
/// terminal is given back by [`give_back`], [`leave`], the signals above,
/// and [`give_back_for_panic`].
pub fn take(options: Options) -> Result<&'static Session, TakeError> {
    let (input, writer) = platform::open()?;
    let failed = |what| move |error| TakeError::Failed { what, error };
    enable_raw_mode().map_err(failed("cannot put the terminal in raw mode"))?;
    let interrupts = Interrupts::default();
    let gone = interrupts.clone();
    let output = Output::start(writer, move || gone.push(Message::Gone))
        .map_err(failed("cannot start the terminal writer"))?;
    interrupts.attach(output.clone());
    let (answered, answers) = mpsc::channel();
    let session = SESSION.get_or_init(|| Session {
        output: output.clone(),
        interrupts: interrupts.clone(),
        answers: Mutex::new(answers),
    });
    interrupts.set_loading(true);
    interrupts.set_busy_text(options.busy_text);
    MOUSE.store(options.mouse, Ordering::Relaxed);
    if options.mouse {
        platform::capture_mouse();
    }
    output.control(&[enter(), options.first_words.into_bytes()].concat(), false);
    platform::watch(session)
        .and_then(|()| platform::read_keys(input, interrupts.clone(), answered))
        .map_err(failed("cannot start the terminal threads"))?;
    Ok(session)
}

impl Session {
    /// The writer.
    pub fn output(&self) -> &Output {
        &self.output
    }

    /// The queue the event loop sleeps on.
    pub fn interrupts(&self) -> &Interrupts {
        &self.interrupts
    }

    /// The app is loaded: q, Esc and Ctrl-C are its keys from now on.
    pub fn loaded(&self) {
        self.interrupts.set_loading(false);
    }

    /// Asks the terminal for its background and waits for the answer at
    /// most `timeout`: its colour as 8-bit red, green and blue, or None
    /// (no answer, or the terminal answered only the second question). The
    /// reader thread parses the answer from the same input as the keys, so
    /// a key typed meanwhile is queued, not lost, and a late answer is
    /// dropped as an unknown sequence.
    pub fn ask_background(&self, timeout: Duration) -> Option<(u8, u8, u8)> {
        if !CAN_ASK_BACKGROUND {
            return None;
        }
        let answers = self.answers.lock().unwrap_or_else(PoisonError::into_inner);
        self.output.control(ASK_BACKGROUND, false);
        match answers.recv_timeout(timeout).ok()? {
            Answer::Background(r, g, b) => Some((r, g, b)),
            Answer::PrimaryAttributes => None,
        }
    }

    /// Sends one frame drawn in memory as one synchronized update; `whole`
    /// clears the screen first. If queued frames were dropped for it, the
    /// caller must draw a whole one ([`Sent::Dropped`]).
    pub fn frame(&self, body: &[u8], whole: bool) -> Sent {
        let frame = [
            FRAME_BEGIN,
            if whole { CLEAR } else { b"" },
            body,
            FRAME_END,
        ]
        .concat();
        self.output.frame(&frame, whole)
    }

    /// Hands the terminal to another program (`run`, $EDITOR) with the
    /// reader standing aside and the terminal given back, and takes it
    /// again however `run` ends: the caller then draws every cell anew.
    pub fn hand_over<T>(&self, run: impl FnOnce() -> T) -> T {
        platform::pause_input();
        let mark = self.output.control(&leave_codes(), true);
        let _ = disable_raw_mode();
        self.output.flush_for(mark, GRACE);
        let ran = run();
        let _ = enable_raw_mode();
        self.output.resume(&enter());
        platform::resume_input();
        ran
    }
}

/// Gives the terminal back: cooked mode at once, then the sequences that
/// leave the alternate screen, queued behind the frame being written and
/// waited for at most `limit`. Done on a thread of its own, so that nothing
/// here can keep the caller longer than that, whatever holds what.
pub fn give_back(limit: Duration) {
    let Some(session) = SESSION.get() else {
        platform::release();
        let _ = disable_raw_mode();
        return;
    };
    let output = session.output.clone();
    let (done, finished) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("give-back".into())
        .spawn(move || {
            let mark = output.control(&leave_codes(), true);
            platform::release();
            let _ = disable_raw_mode();
            output.flush_for(mark, limit);
            let _ = done.send(());
        });
    if spawned.is_ok() {
        let _ = finished.recv_timeout(limit + Duration::from_millis(100));
    }
}

/// Gives the terminal back and ends the process with `code`. Only the
/// first caller does it; any other waits for the end.
pub fn leave(code: i32) -> ! {
    if LEAVING.swap(true, Ordering::SeqCst) {
        loop {
            std::thread::park();
        }
    }
    give_back(GRACE);
    std::process::exit(code)
}

/// A panic, on any thread: true for the first caller, with the terminal
/// given back if it was taken; false for any other, which must wait for
/// the first to end the process.
pub fn give_back_for_panic() -> bool {
    if LEAVING.swap(true, Ordering::SeqCst) {
        return false;
    }
    if SESSION.get().is_some() {
        give_back(GRACE);
    }
    true
}

/// Where the reader thread hands what one read brought: sorted by the
/// burst rule ([`burst::sort`]) and queued. The same on every platform;
/// only what a "read" is differs (the bytes of one `read`, or the console
/// events that were waiting together).
#[derive(Default)]
struct Arrivals {
    last_burst: Option<Instant>,
}

impl Arrivals {
    fn take(&mut self, events: Vec<Event>, interrupts: &Interrupts) {
        let after_burst = self
            .last_burst
            .is_some_and(|t| t.elapsed() < burst::BURST_GAP);
        match burst::sort(events, after_burst) {
            Arrival::Typed(typed) => {
                for event in typed {
                    dispatch(event, interrupts);
                }
            }
            Arrival::Held(held) => {
                self.last_burst = Some(Instant::now());
                interrupts.push(Message::TypedAhead);
                for event in held {
                    dispatch(event, interrupts);
                }
            }
            Arrival::Burst { text, kept } => {
                self.last_burst = Some(Instant::now());
                interrupts.push(Message::TypedAhead);
                if !text.is_empty() && !interrupts.is_loading() {
                    dispatch(Event::Paste(text), interrupts);
                }
                for event in kept {
                    dispatch(event, interrupts);
                }
            }
        }
    }
}

/// One event from the terminal, on the reader thread.
fn dispatch(event: Event, interrupts: &Interrupts) {
    if let Event::Key(key) = &event {
        if key.kind == KeyEventKind::Release {
            return;
        }
        if is_ctrl(&event, 'z') && platform::suspend() {
            return;
        }
        let quits = matches!(key.code, KeyCode::Char('q') | KeyCode::Esc) || is_ctrl(&event, 'c');
        if quits && interrupts.is_loading() {
            leave(0);
        }
    }
    let ctrl_c = is_ctrl(&event, 'c');
    let Some(seq) = interrupts.push_input(event) else {
        return;
    };
    if ctrl_c {
        let interrupts = interrupts.clone();
        let _ = std::thread::Builder::new()
            .name("ctrl-c".into())
            .spawn(move || {
                std::thread::sleep(CTRL_C_GRACE);
                if !interrupts.was_taken(seq) {
                    leave(CTRL_C_EXIT);
                }
            });
    }
}
