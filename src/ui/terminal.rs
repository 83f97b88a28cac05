//! The interactive session: the terminal, its threads, and the event loop.
//!
//! Four threads, none of which waits on another for long:
//!
//! - the **event loop** (the caller's thread) owns the [`App`]. It sleeps on
//!   the [`Interrupts`] queue and draws only after something changed: idle
//!   costs no CPU and writes no bytes. It never writes to the terminal:
//!   frames are drawn into memory and handed to
//! - the **writer** ([`Output`]), which alone waits for the terminal to read.
//!   A terminal that never reads again holds only that thread;
//! - the **reader** reads what the terminal sends as it comes (a burst or a
//!   paste is read whole before the program sleeps again) and queues it. It
//!   also does what must work whatever the loop is doing: Ctrl-Z suspends,
//!   and a Ctrl-C the loop has not taken within [`CTRL_C_GRACE`] (a single
//!   step of SQL that runs on, which nothing inside SQLite can stop) ends
//!   the process;
//! - the **signal** thread: SIGTERM, SIGHUP, SIGINT and SIGQUIT give the
//!   terminal back and exit with 128 + the signal; SIGTSTP (Ctrl-Z, or
//!   `kill -TSTP`) gives it back before stopping and takes it again on
//!   `fg`; SIGWINCH is a new window size. On Windows the console's own
//!   events take its place: Ctrl-Break and closing the console end the
//!   process with the console given back; there is no suspending.
//!
//! What differs between platforms is kept to the few functions of
//! [`unix`] (a terminal read byte by byte, signals, job control) and
//! [`windows`] (console input records, console control events), both
//! behind the same few items: `open`, `watch`, `read_keys`,
//! `capture_mouse`, `release`, `suspend` and `CAN_ASK_BACKGROUND`.
//! Everything else here, and the writer, the queue and the burst rule,
//! are the same code on both.
//!
//! Giving the terminal back ([`leave`]) queues the sequences behind the frame
//! being written and waits for them at most [`GRACE`]: the process ends in
//! time even when the terminal never reads again. Nothing on these paths
//! prints to the terminal, so no failed write can cause a second one.

#[cfg(unix)]
mod unix;
#[cfg(unix)]
use unix as platform;
#[cfg(windows)]
mod windows;
#[cfg(windows)]
use windows as platform;

use super::app::App;
use super::area::Drawn;
use super::burst::{self, Arrival};
use super::input::Answer;
use super::interrupt::{Interrupts, Message, is_ctrl};
use super::output::{Output, Sent, Sink};
use crate::export::osc52::{self, Passthrough};
use ratatui::crossterm::event::{Event, KeyCode, KeyEventKind};
use ratatui::crossterm::terminal::{disable_raw_mode, enable_raw_mode};
use ratatui::widgets::{Paragraph, Widget};
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How long giving the terminal back may wait for it to read.
pub const GRACE: Duration = Duration::from_millis(300);

/// How long a Ctrl-C may wait for the event loop before it ends the process.
pub const CTRL_C_GRACE: Duration = Duration::from_secs(1);

/// Exit code of a Ctrl-C the cockpit could not answer: as for SIGINT
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

const LOADING: &str = "Läser in ögonblicksbilden ... q avbryter";

/// How the session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// The terminal went away (as with SIGHUP, the exit code is 129).
    HungUp,
}

/// What the threads share, for the paths that end the process.
struct Session {
    output: Output,
    interrupts: Interrupts,
}

static SESSION: OnceLock<Session> = OnceLock::new();
static LEAVING: AtomicBool = AtomicBool::new(false);
/// Mouse reports were turned on: they are turned off with the terminal.
static MOUSE: AtomicBool = AtomicBool::new(false);

/// What the session must know before the app is loaded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Start {
    /// Write nothing outside ASCII (a locale without UTF-8), the loading
    /// line and the busy notice included.
    pub ascii: bool,
    /// Ask for mouse reports ([`super::mouse`]).
    pub mouse: bool,
    /// Ask the terminal for its background colour (the theme `auto`).
    pub ask_background: bool,
}

/// The background question, OSC 11, followed by one every terminal
/// answers (DA1), so that one that does not know OSC 11 is known at once.
const ASK_BACKGROUND: &[u8] = b"\x1b]11;?\x1b\\\x1b[c";

/// The sequences that take the terminal: [`ENTER`], and mouse reports if
/// asked for.
fn enter() -> Vec<u8> {
    let mouse = if MOUSE.load(Ordering::Relaxed) {
        super::mouse::ENABLE.as_bytes()
    } else {
        b""
    };
    [ENTER, mouse].concat()
}

/// The sequences that give it back: mouse reports off if they were on,
/// then [`LEAVE`].
fn leave_codes() -> Vec<u8> {
    let mouse = if MOUSE.load(Ordering::Relaxed) {
        super::mouse::DISABLE.as_bytes()
    } else {
        b""
    };
    [mouse, LEAVE].concat()
}

/// Runs the cockpit until the user quits. The terminal is taken first and a
/// loading line shown; the terminal is asked for its background if
/// `start` says so (for at most [`crate::config::background::TIMEOUT`]),
/// and `load` builds the app with the answer: light (`Some(true)`), dark,
/// or unknown. Keys typed meanwhile are kept and run after the first
/// frame; q, Esc or Ctrl-C end the process at once. The terminal is given back on return, on panic, and on
/// the signals above. Errors are for the caller to say ([`Failure::say`])
/// once the terminal is back.
pub fn run(
    start: Start,
    load: impl FnOnce(Option<bool>) -> Result<App, String>,
) -> Result<Ended, Failure> {
    let (input, writer) = platform::open().map_err(Failure::Said)?;
    // The theme has already answered NO_COLOR (mono, unless --theme or a
    // setting names another). crossterm's own check would drop the colours
    // of a theme chosen over it, and write each dropped colour as `ESC[m`,
    // a full reset that takes bold and reverse with it (crossterm#1069).
    ratatui::crossterm::style::Colored::set_ansi_color_disabled(false);
    enable_raw_mode().map_err(|e| unexpected(e, "cannot put the terminal in raw mode"))?;
    let interrupts = Interrupts::default();
    let gone = interrupts.clone();
    let output = Output::start(writer, move || gone.push(Message::Gone))
        .map_err(|e| unexpected(e, "cannot start the terminal writer"))?;
    interrupts.attach(output.clone());
    let session = SESSION.get_or_init(|| Session {
        output: output.clone(),
        interrupts: interrupts.clone(),
    });
    interrupts.set_loading(true);
    interrupts.set_ascii(start.ascii);
    MOUSE.store(start.mouse, Ordering::Relaxed);
    if start.mouse {
        platform::capture_mouse();
    }
    let loading = if start.ascii {
        crate::domain::text::to_ascii(LOADING)
    } else {
        LOADING.into()
    };
    output.control(&[enter(), loading.as_bytes().to_vec()].concat(), false);
    let (answered, answers) = std::sync::mpsc::channel();
    let started = platform::watch(session)
        .and_then(|()| platform::read_keys(input, interrupts.clone(), answered))
        .map_err(|e| unexpected(e, "cannot start the terminal threads"));
    let result = started.and_then(|()| {
        // Only a terminal read byte by byte can carry the answer.
        let light = if start.ask_background && platform::CAN_ASK_BACKGROUND {
            ask_background(&output, &answers)
        } else {
            None
        };
        let mut app = load(light).map_err(Failure::Said)?;
        interrupts.set_loading(false);
        app.store.set_cancel_check(interrupts.cancel_check());
        Ok(event_loop(&mut app, session))
    });
    give_back(GRACE);
    result
}

/// Why the cockpit could not run.
#[derive(Debug)]
pub enum Failure {
    /// One sentence the user can act on (no terminal, a file that is not
    /// a snapshot).
    Said(String),
    /// What should not fail (the terminal refused raw mode, no thread
    /// could start): reported with its causes and a suggestion.
    Unexpected(color_eyre::Report),
}

impl Failure {
    /// Says it on stderr: a sentence made printable (it may quote a file's
    /// content), or the report ([`super::crash::unexpected`]). A failed
    /// write is ignored: the terminal may be gone.
    pub fn say(&self) {
        match self {
            Failure::Said(sentence) => {
                use std::io::Write;
                let sentence = crate::domain::text::sanitize(sentence, false);
                let _ = writeln!(std::io::stderr(), "tertial: {sentence}");
            }
            Failure::Unexpected(report) => super::crash::unexpected(report),
        }
    }
}

/// An error of the terminal itself, which a user cannot mend in tertial.
fn unexpected(error: std::io::Error, what: &'static str) -> Failure {
    use color_eyre::Section;
    let report = color_eyre::Report::new(error).wrap_err(what).suggestion(
        "run tertial in a terminal emulator or over ssh -t; \
             `tertial render` prints a screen without one",
    );
    Failure::Unexpected(report)
}

/// Asks the terminal for its background and waits for the answer at most
/// [`crate::config::background::TIMEOUT`]. The reader thread parses the
/// answer from the same input as the keys, so a key typed meanwhile is
/// queued, not lost, and a late answer is dropped as an unknown sequence.
/// No answer (tmux, for one, answers only when it knows the colour):
/// `COLORFGBG` decides if it says ([`crate::config::background::fallback`]).
fn ask_background(output: &Output, answers: &std::sync::mpsc::Receiver<Answer>) -> Option<bool> {
    ask_terminal(output, answers).or_else(|| {
        crate::config::background::fallback(&crate::config::process_env).map(|(light, _)| light)
    })
}

fn ask_terminal(output: &Output, answers: &std::sync::mpsc::Receiver<Answer>) -> Option<bool> {
    output.control(ASK_BACKGROUND, false);
    match answers
        .recv_timeout(crate::config::background::TIMEOUT)
        .ok()?
    {
        Answer::Background(r, g, b) => Some(super::contrast::is_light((r, g, b))),
        // The terminal answered the second question and not the first.
        Answer::PrimaryAttributes => None,
    }
}

/// Gives the terminal back: cooked mode at once, then the sequences that
/// leave the alternate screen, queued behind the frame being written and
/// waited for at most `limit`. Done on a thread of its own, so that nothing
/// here can keep the caller longer than that, whatever holds what.
fn give_back(limit: Duration) {
    let Some(session) = SESSION.get() else {
        platform::release();
        let _ = disable_raw_mode();
        return;
    };
    let output = session.output.clone();
    let (done, finished) = std::sync::mpsc::channel();
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

/// A panic, on any thread, in any command: true for the first caller,
/// with the terminal given back if the session had it; false for any
/// other, which must wait for the first to end the process.
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

/// What ratatui draws into: memory (see [`Sink`]).
type MemoryTerminal = Terminal<ratatui::backend::CrosstermBackend<Sink>>;

/// The screen as ratatui draws it into memory, at the window's size
/// limited to the largest drawn area.
struct Screen {
    sink: Sink,
    terminal: Option<MemoryTerminal>,
    drawn: Drawn,
}

impl Screen {
    fn new(width: u16, height: u16) -> Screen {
        let sink = Sink::default();
        let drawn = Drawn::new(width, height);
        let terminal = Screen::terminal(&sink, &drawn);
        Screen {
            sink,
            terminal,
            drawn,
        }
    }

    /// A terminal with an empty previous frame: its first draw sends every
    /// cell. (`Terminal::clear` or an inline viewport would ask the terminal
    /// for the cursor position and wait for the answer.) A fixed viewport
    /// asks the backend nothing, so this does not fail.
    fn terminal(sink: &Sink, drawn: &Drawn) -> Option<MemoryTerminal> {
        let backend = ratatui::backend::CrosstermBackend::new(sink.clone());
        let options = TerminalOptions {
            viewport: Viewport::Fixed(drawn.area),
        };
        Terminal::with_options(backend, options).ok()
    }

    fn resize(&mut self, width: u16, height: u16) {
        *self = Screen::new(width, height);
    }

    /// Draws the app; `whole` sends every cell on a cleared screen.
    /// Queued frames the terminal has not read yet are merged or, when too
    /// many wait, dropped for a whole frame.
    fn draw(&mut self, app: &App, output: &Output, whole: bool) {
        if whole {
            self.terminal = Screen::terminal(&self.sink, &self.drawn);
        }
        let Some(terminal) = &mut self.terminal else {
            return;
        };
        self.sink.take();
        let drawn = self.drawn;
        let _ = terminal.draw(|frame| {
            frame.render_widget(app, drawn.app);
            if let Some((line, text)) = drawn.note() {
                let style = ratatui::style::Style::default()
                    .add_modifier(ratatui::style::Modifier::REVERSED);
                Paragraph::new(text)
                    .style(style)
                    .render(line, frame.buffer_mut());
            }
        });
        let body = self.sink.take();
        let frame = [
            FRAME_BEGIN,
            if whole { CLEAR } else { b"" },
            &body,
            FRAME_END,
        ]
        .concat();
        if output.frame(&frame, whole) == Sent::Dropped && !whole {
            self.draw(app, output, true);
        }
    }
}

fn event_loop(app: &mut App, session: &Session) -> Ended {
    let (output, interrupts) = (&session.output, &session.interrupts);
    // Read once: a copy (`y`) goes out wrapped for tmux or screen if inside.
    let passthrough = Passthrough::from_env();
    let (width, height) = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let mut screen = Screen::new(width, height);
    app.resize(screen.drawn.app.width, screen.drawn.app.height);
    interrupts.set_area(screen.drawn.area.width, screen.drawn.area.height);
    let (mut dirty, mut whole) = (true, true);
    loop {
        if interrupts.take_scribbled() || output.needs_whole_frame() {
            // Drawn over (the busy notice), or frames were dropped.
            (dirty, whole) = (true, true);
        }
        if dirty {
            screen.draw(app, output, whole);
            (dirty, whole) = (false, false);
        }
        // The user's notes are read after the first frame, and their
        // marks drawn then.
        if !interrupts.has_pending() && app.open_pending_notes() {
            dirty = true;
            continue;
        }
        // Panes left on the previous period are rebuilt while nothing
        // waits, so a period switch costs one pane now and the others later.
        while app.has_cold_pane() && !interrupts.has_pending() {
            interrupts.set_yielding(true);
            app.warm_one();
            interrupts.set_yielding(false);
        }
        let first = interrupts.wait();
        if interrupts.way_out_in_backlog(|event| app.is_way_out(event)) {
            return Ended::Quit;
        }
        interrupts.set_busy(true);
        let mut next = Some(first);
        // Of a storm of sizes (a window dragged larger) only the last counts.
        let mut resized = None;
        let mut taken = 0usize;
        while let Some(message) = next.take() {
            match message {
                Message::Gone => {
                    interrupts.set_busy(false);
                    return Ended::HungUp;
                }
                Message::Redraw => (dirty, whole) = (true, true),
                Message::TypedAhead => app.typed_ahead(Instant::now()),
                Message::Input(_, Event::Resize(width, height)) => {
                    resized = Some((width, height));
                    // Keys that follow see the new size.
                    let drawn = Drawn::new(width, height);
                    app.resize(drawn.app.width, drawn.app.height);
                }
                Message::Input(_, event) => dirty |= handle(app, event),
            }
            if app.take_redraw() {
                // Ctrl-L: every cell anew, whatever wrote over the screen.
                (dirty, whole) = (true, true);
            }
            if let Some(text) = app.take_outside_edit() {
                // Ctrl-E in the note editor: $VISUAL or $EDITOR has the
                // terminal until it ends, then every cell is drawn anew.
                app.edited_outside(edit_outside(session, &text));
                (dirty, whole) = (true, true);
            }
            taken += 1;
            if taken % 256 == 0 && interrupts.way_out_in_backlog(|event| app.is_way_out(event)) {
                app.quit = true;
            }
            if !app.quit {
                next = interrupts.try_next();
            }
        }
        if let Some((width, height)) = resized {
            screen.resize(width, height);
            interrupts.set_area(screen.drawn.area.width, screen.drawn.area.height);
            (dirty, whole) = (true, true);
        }
        interrupts.set_busy(false);
        if let Some(text) = app.take_clipboard() {
            output.control(&osc52::sequence(&text, passthrough), false);
        }
        if app.quit {
            return Ended::Quit;
        }
    }
}

/// Hands `text` to the user's editor (`$VISUAL`, else `$EDITOR`, run by
/// the shell as git runs it, so `code -w` works) in a private temporary
/// file, with the terminal given back and the reader standing aside, and
/// returns what the editor left in the file. The terminal is taken again
/// however the editor ends.
fn edit_outside(session: &Session, text: &str) -> Result<String, String> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .find(|v| !v.is_empty())
        .ok_or_else(|| super::strings::NO_EDITOR.to_string())?;
    if !platform::CAN_HAND_OVER {
        return Err(super::strings::NO_HAND_OVER.into());
    }
    let file = tempfile::Builder::new()
        .prefix("tertial-anteckning-")
        .suffix(".txt")
        .tempfile()
        .map_err(|e| super::strings::editor_failed(&e.to_string()))?;
    // Ended by a line break, as a text file is: an editor adds lines after it.
    std::fs::write(file.path(), format!("{text}\n"))
        .map_err(|e| super::strings::editor_failed(&e.to_string()))?;
    platform::pause_input();
    let mark = session.output.control(&leave_codes(), true);
    let _ = disable_raw_mode();
    session.output.flush_for(mark, GRACE);
    let mut command = std::process::Command::new("sh");
    command
        .arg("-c")
        .arg(format!("{} \"$1\"", editor.to_string_lossy()))
        .arg("sh")
        .arg(file.path());
    let ran = command.status();
    let _ = enable_raw_mode();
    session.output.resume(&enter());
    platform::resume_input();
    match ran {
        Ok(status) if status.success() => {
            // As much as a note holds is read; the editor caps the rest.
            let mut bytes = Vec::new();
            use std::io::Read;
            std::fs::File::open(file.path())
                .and_then(|f| f.take(1 << 20).read_to_end(&mut bytes))
                .map_err(|e| super::strings::editor_failed(&e.to_string()))?;
            Ok(String::from_utf8_lossy(&bytes).into_owned())
        }
        Ok(status) => Err(super::strings::editor_failed(&format!(
            "slutade med {status}"
        ))),
        Err(e) => Err(super::strings::editor_failed(&e.to_string())),
    }
}

/// Applies one key, paste or mouse report; true if the screen must be
/// drawn again.
fn handle(app: &mut App, event: Event) -> bool {
    #[cfg(debug_assertions)]
    panic_if_asked(&event);
    let before = app.view_stamp();
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => app.handle_key(key),
        Event::Paste(text) => app.paste(&text),
        Event::Mouse(mouse) => return super::mouse::handle(app, &mouse),
        _ => return false,
    }
    app.view_stamp() != before
}

/// A real panic inside the cockpit, for the tests of what a panic does
/// (tests/terminal/crash.rs): in a debug build, the key named by
/// `TERTIAL_DEBUG_PANIC` panics in the event loop. Compiled out of release
/// builds, so no user can set it off.
#[cfg(debug_assertions)]
fn panic_if_asked(event: &Event) {
    if let Event::Key(key) = event
        && let KeyCode::Char(pressed) = key.code
        && std::env::var("TERTIAL_DEBUG_PANIC").is_ok_and(|asked| asked == pressed.to_string())
    {
        panic!("TERTIAL_DEBUG_PANIC: the key {pressed} was pressed");
    }
}
