//! The interactive session of the cockpit: the terminal taken through
//! [`tertial_term::session`] (its threads, its queue, its restore on every
//! way out), and the event loop that owns the [`App`].
//!
//! The **event loop** (the caller's thread) sleeps on the session's
//! [`Interrupts`](tertial_term::interrupt::Interrupts) queue and draws
//! only after something changed: idle costs no CPU and writes no bytes. It
//! never writes to the terminal: frames are drawn into memory ([`Canvas`])
//! and handed to the session's writer, which alone waits for the terminal
//! to read. What the threads do, and
//! how the terminal is given back on quit, signals and a panic, is
//! described in the `tertial-term` crate.

use super::app::App;
use super::area::Drawn;
use crate::export::osc52::{self, Passthrough};
use ratatui::crossterm::event::{Event, KeyEventKind};
use ratatui::widgets::{Paragraph, Widget};
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::time::Instant;
use tertial_term::interrupt::{Interrupts, Message};
use tertial_term::output::{Sent, Sink};
use tertial_term::session::{self, Session, TakeError};

const LOADING: &str = "Läser in ögonblicksbilden ... q avbryter";

/// The notice at the bottom of the screen while a query runs.
const BUSY_TEXT: &str = " Hämtar data ... Esc avbryter ";

/// How the session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// The terminal went away (as with SIGHUP, the exit code is 129).
    HungUp,
}

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

/// Runs the cockpit until the user quits. The terminal is taken first and a
/// loading line shown; the terminal is asked for its background if
/// `start` says so (for at most [`crate::config::background::TIMEOUT`]),
/// and `load` builds the app with the answer: light (`Some(true)`), dark,
/// or unknown. Keys typed meanwhile are kept and run after the first
/// frame; q, Esc or Ctrl-C end the process at once. The terminal is given
/// back on return, on panic ([`super::crash`]), and on the signals the
/// session handles. Errors are for the caller to say ([`Failure::say`])
/// once the terminal is back.
pub fn run(
    start: Start,
    load: impl FnOnce(Option<bool>) -> Result<App, String>,
) -> Result<Ended, Failure> {
    // The theme has already answered NO_COLOR (mono, unless --theme or a
    // setting names another). crossterm's own check would drop the colours
    // of a theme chosen over it, and write each dropped colour as `ESC[m`,
    // a full reset that takes bold and reverse with it (crossterm#1069).
    ratatui::crossterm::style::Colored::set_ansi_color_disabled(false);
    let words = |text: &str| {
        if start.ascii {
            crate::domain::text::to_ascii(text).into_owned()
        } else {
            text.to_string()
        }
    };
    let options = session::Options {
        mouse: start.mouse,
        first_words: words(LOADING),
        busy_text: words(BUSY_TEXT),
    };
    let taken = session::take(options).map_err(Failure::from);
    let result = taken.and_then(|session| {
        let light = if start.ask_background {
            ask_background(session)
        } else {
            None
        };
        let mut app = load(light).map_err(Failure::Said)?;
        session.loaded();
        app.store
            .set_cancel_check(session.interrupts().cancel_check());
        Ok(event_loop(&mut app, session))
    });
    session::give_back(session::GRACE);
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

impl From<TakeError> for Failure {
    fn from(error: TakeError) -> Failure {
        match error {
            TakeError::NotATerminal => Failure::Said(format!(
                "the cockpit needs a {}; `tertial render` prints a screen as text",
                if cfg!(windows) { "console" } else { "terminal" }
            )),
            TakeError::NoEscapeSequences => Failure::Said(
                "the cockpit needs a console that understands escape sequences \
                 (Windows Terminal, or the console of Windows 10 and later)"
                    .into(),
            ),
            TakeError::Failed { what, error } => unexpected(error, what),
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
/// [`crate::config::background::TIMEOUT`] (a key typed meanwhile is kept).
/// No answer (tmux, for one, answers only when it knows the colour):
/// `COLORFGBG` decides if it says ([`crate::config::background::fallback`]).
fn ask_background(session: &Session) -> Option<bool> {
    session
        .ask_background(crate::config::background::TIMEOUT)
        .map(super::contrast::is_light)
        .or_else(|| {
            crate::config::background::fallback(&crate::config::process_env).map(|(light, _)| light)
        })
}

/// What ratatui draws into: memory (see [`Sink`]).
type MemoryTerminal = Terminal<ratatui::backend::CrosstermBackend<Sink>>;

/// The screen as ratatui draws it into memory, at the window's size
/// limited to the largest drawn area. (Not [`super::screen::Screen`], what
/// a pane shows: this is where it is drawn.)
struct Canvas {
    sink: Sink,
    terminal: Option<MemoryTerminal>,
    drawn: Drawn,
}

impl Canvas {
    fn new(width: u16, height: u16) -> Canvas {
        let sink = Sink::default();
        let drawn = Drawn::new(width, height);
        let terminal = Canvas::terminal(&sink, &drawn);
        Canvas {
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
        *self = Canvas::new(width, height);
    }

    /// Draws the app; `whole` sends every cell on a cleared screen.
    /// Queued frames the terminal has not read yet are merged or, when too
    /// many wait, dropped for a whole frame.
    fn draw(&mut self, app: &App, session: &Session, whole: bool) {
        if whole {
            self.terminal = Canvas::terminal(&self.sink, &self.drawn);
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
        if session.frame(&body, whole) == Sent::Dropped && !whole {
            self.draw(app, session, true);
        }
    }
}

fn event_loop(app: &mut App, session: &Session) -> Ended {
    let (output, interrupts) = (session.output(), session.interrupts());
    // Read once: a copy (`y`) goes out wrapped for tmux or screen if inside.
    let passthrough = Passthrough::from_env();
    let (width, height) = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let mut screen = Canvas::new(width, height);
    app.resize(screen.drawn.app.width, screen.drawn.app.height);
    interrupts.set_area(screen.drawn.area.width, screen.drawn.area.height);
    let (mut dirty, mut whole) = (true, true);
    loop {
        if interrupts.take_scribbled() || output.needs_whole_frame() {
            // Drawn over (the busy notice), or frames were dropped.
            (dirty, whole) = (true, true);
        }
        if dirty {
            screen.draw(app, session, whole);
            (dirty, whole) = (false, false);
        }
        // The user's notes are read after the first frame, and their
        // marks drawn then.
        if !interrupts.has_pending() && app.open_pending_notes() {
            dirty = true;
            continue;
        }
        warm_while_idle(app, interrupts);
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
                Message::Input(_, event) => dirty |= handle_input(app, interrupts, event),
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

/// The warm-up ([`App::warm_one`]) while no input waits, one step at a
/// time: the panes not yet visited are built after the first frame, those
/// left on the previous period after a switch, and the reads of the
/// periods either side warmed, so that a key finds its screen ready. Input
/// that arrives stops the running step's query (the store's cancel check
/// asks [`Interrupts`]) and ends the warm-up here, so the loop handles it
/// first and comes back for the rest after. When all is done this does
/// nothing, and the loop sleeps until input.
fn warm_while_idle(app: &mut App, interrupts: &Interrupts) {
    while app.can_warm() && !interrupts.has_pending() {
        interrupts.set_yielding(true);
        app.warm_one();
        interrupts.set_yielding(false);
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
    if !session::CAN_HAND_OVER {
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
    let mut command = std::process::Command::new("sh");
    command
        .arg("-c")
        .arg(format!("{} \"$1\"", editor.to_string_lossy()))
        .arg("sh")
        .arg(file.path());
    let ran = session.hand_over(|| command.status());
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
/// [`handle`], where a key that only edits the search prompt's text may
/// have its live hits stopped by the next input (they are built again for
/// the text then typed, or when no input waits).
fn handle_input(app: &mut App, interrupts: &Interrupts, event: Event) -> bool {
    let yields = matches!(&event, Event::Key(key) if app.only_edits_the_prompt(key));
    interrupts.set_yielding(yields);
    let changed = handle(app, event);
    interrupts.set_yielding(false);
    changed
}

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
        && let ratatui::crossterm::event::KeyCode::Char(pressed) = key.code
        && std::env::var("TERTIAL_DEBUG_PANIC").is_ok_and(|asked| asked == pressed.to_string())
    {
        panic!("TERTIAL_DEBUG_PANIC: the key {pressed} was pressed");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Store;
    use crate::ui::screen::PaneId;
    use crate::ui::theme::{Theme, ThemeName};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    fn key(c: char) -> Event {
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    /// The sample's cockpit with the store asking `check` at every step of
    /// a query, as the cockpit's asks the interrupts.
    fn cockpit(check: impl FnMut() -> bool + Send + 'static) -> App {
        let store = Store::demo().unwrap();
        store.set_cancel_check_every(1, check);
        let today = chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
        App::new(store, Theme::new(ThemeName::Mono, false), today, (100, 30))
    }

    fn built(app: &App) -> Vec<PaneId> {
        PaneId::ALL
            .into_iter()
            .filter(|p| !app.stacks[p.index()].is_empty())
            .collect()
    }

    /// The loop's next input, handled as the loop handles it.
    fn take_and_handle(app: &mut App, interrupts: &Interrupts) {
        match interrupts.try_next() {
            Some(Message::Input(_, event)) => {
                handle(app, event);
            }
            _ => panic!("a key waits"),
        }
    }

    #[test]
    fn a_key_waiting_before_the_warm_up_is_handled_before_any_step() {
        let interrupts = Interrupts::default();
        let mut app = cockpit(interrupts.cancel_check());
        interrupts.push_input(key('3'));
        warm_while_idle(&mut app, &interrupts);
        assert_eq!(built(&app), [PaneId::Overview], "no step taken");
        take_and_handle(&mut app, &interrupts);
        assert_eq!(app.pane, PaneId::Goals);
        warm_while_idle(&mut app, &interrupts);
        assert_eq!(built(&app), PaneId::ALL, "the rest warmed after the key");
        assert!(!app.can_warm());
    }

    #[test]
    fn a_key_arriving_during_a_step_stops_it_and_is_handled_first() {
        let interrupts = Interrupts::default();
        // The key comes while the first step's first query runs.
        let (sender, arrived) = (interrupts.clone(), Arc::new(AtomicBool::new(false)));
        let flag = arrived.clone();
        let mut check = interrupts.cancel_check();
        let mut app = cockpit(move || {
            if !flag.swap(true, Ordering::SeqCst) {
                sender.push_input(key('5'));
            }
            check()
        });
        warm_while_idle(&mut app, &interrupts);
        assert!(arrived.load(Ordering::SeqCst));
        assert_eq!(
            built(&app),
            [PaneId::Overview],
            "the step was stopped, nothing half-built kept"
        );
        assert_eq!(app.message, None, "a stopped warm-up says nothing");
        take_and_handle(&mut app, &interrupts);
        assert_eq!(app.pane, PaneId::Beds);
        assert!(app.can_warm(), "the stopped step is done again");
        warm_while_idle(&mut app, &interrupts);
        assert_eq!(built(&app), PaneId::ALL);
    }

    #[test]
    fn the_warm_up_ends_and_then_reads_nothing_until_a_key() {
        let interrupts = Interrupts::default();
        let steps = Arc::new(AtomicUsize::new(0));
        let counted = steps.clone();
        let mut check = interrupts.cancel_check();
        let mut app = cockpit(move || {
            counted.fetch_add(1, Ordering::SeqCst);
            check()
        });
        warm_while_idle(&mut app, &interrupts);
        assert!(!app.can_warm(), "the warm-up came to an end");
        assert!(steps.load(Ordering::SeqCst) > 0, "it read the snapshot");
        // Idle: however often the loop comes back, no query runs.
        steps.store(0, Ordering::SeqCst);
        for _ in 0..3 {
            warm_while_idle(&mut app, &interrupts);
            app.warm_one();
        }
        assert_eq!(steps.load(Ordering::SeqCst), 0, "no query while idle");
        // A period switch gives it work again, which also ends.
        interrupts.push_input(key('['));
        take_and_handle(&mut app, &interrupts);
        assert!(app.can_warm());
        warm_while_idle(&mut app, &interrupts);
        assert!(!app.can_warm());
        steps.store(0, Ordering::SeqCst);
        warm_while_idle(&mut app, &interrupts);
        assert_eq!(steps.load(Ordering::SeqCst), 0);
    }

    /// The search prompt's live hits (what is on top, its title).
    fn live_hits(app: &App) -> Option<String> {
        let screen = app.screen()?;
        matches!(screen.key, crate::ui::screen::ScreenKey::Search(_)).then(|| screen.title.clone())
    }

    /// A letter typed while the live hits of the text before it are read
    /// stops that read; the hits for the whole text follow, the same as
    /// typed slowly. Enter's whole list is not stopped by a key after it.
    #[test]
    fn a_letter_typed_while_the_live_hits_are_read_stops_that_read() {
        let interrupts = Interrupts::default();
        let (sender, armed) = (interrupts.clone(), Arc::new(AtomicBool::new(false)));
        let flag = armed.clone();
        let mut check = interrupts.cancel_check();
        let mut app = cockpit(move || {
            if flag.swap(false, Ordering::SeqCst) {
                sender.push_input(key('e'));
            }
            check()
        });
        warm_while_idle(&mut app, &interrupts);
        handle_input(&mut app, &interrupts, key('/'));
        // `e` arrives during the first query of `p`'s live hits.
        armed.store(true, Ordering::SeqCst);
        handle_input(&mut app, &interrupts, key('p'));
        assert!(!armed.load(Ordering::SeqCst), "the key arrived");
        assert_eq!(live_hits(&app), None, "p's hits stopped");
        assert_eq!(app.message, None, "a stopped list says nothing");
        assert!(app.can_warm(), "to be built when no key waits");
        let Some(Message::Input(_, event)) = interrupts.try_next() else {
            panic!("the letter waits")
        };
        handle_input(&mut app, &interrupts, event);
        assert_eq!(live_hits(&app).as_deref(), Some("Sök: pe"));
        let typed = format!("{:?}", app.screen().map(|s| &s.body));
        let mut slowly = cockpit(|| false);
        for c in "/pe".chars() {
            let Event::Key(k) = key(c) else {
                unreachable!()
            };
            slowly.handle_key(k);
        }
        assert_eq!(typed, format!("{:?}", slowly.screen().map(|s| &s.body)));
        assert!(!app.can_warm(), "nothing left to build");
        // Enter, and a key during its list: the list is built whole.
        armed.store(true, Ordering::SeqCst);
        let enter = Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        handle_input(&mut app, &interrupts, enter);
        assert_eq!(live_hits(&app).as_deref(), Some("Sök: pe"));
        assert_eq!(app.message, None);
    }

    /// A live list stopped by input that is not a letter is built when no
    /// input waits, and not again after.
    #[test]
    fn a_stopped_live_list_is_built_when_no_input_waits() {
        let interrupts = Interrupts::default();
        let (sender, armed) = (interrupts.clone(), Arc::new(AtomicBool::new(false)));
        let flag = armed.clone();
        let mut check = interrupts.cancel_check();
        let mut app = cockpit(move || {
            if flag.swap(false, Ordering::SeqCst) {
                sender.push(Message::Redraw);
            }
            check()
        });
        warm_while_idle(&mut app, &interrupts);
        handle_input(&mut app, &interrupts, key('/'));
        armed.store(true, Ordering::SeqCst);
        handle_input(&mut app, &interrupts, key('k'));
        assert_eq!(live_hits(&app), None);
        assert!(matches!(interrupts.try_next(), Some(Message::Redraw)));
        warm_while_idle(&mut app, &interrupts);
        assert_eq!(live_hits(&app).as_deref(), Some("Sök: k"));
        assert!(!app.can_warm());
    }

    #[test]
    fn no_terminal_is_a_sentence_and_a_refused_raw_mode_a_report_with_its_cause() {
        let Failure::Said(sentence) = Failure::from(TakeError::NotATerminal) else {
            panic!("a sentence")
        };
        assert!(sentence.contains("`tertial render`"), "{sentence}");
        let failure = Failure::from(TakeError::Failed {
            what: "cannot put the terminal in raw mode",
            error: std::io::Error::other("Inappropriate ioctl for device"),
        });
        let Failure::Unexpected(report) = failure else {
            panic!("a report")
        };
        let causes: Vec<String> = report.chain().map(ToString::to_string).collect();
        assert_eq!(
            causes,
            [
                "cannot put the terminal in raw mode",
                "Inappropriate ioctl for device"
            ]
        );
    }
}
