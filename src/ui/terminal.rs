//! The interactive loop. It blocks on input and draws only after something
//! changed: idle costs no CPU and writes no bytes. A burst of input (key
//! repeat, a paste) becomes one frame, and each frame is sent as one
//! synchronized update so it arrives whole over a slow SSH link.

use super::app::App;
use super::interrupt::Interrupts;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::crossterm::terminal::{
    BeginSynchronizedUpdate, Clear, ClearType, EndSynchronizedUpdate,
};
use ratatui::crossterm::{execute, queue};
#[cfg(unix)]
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
use std::io;
use std::time::Duration;

/// Runs the cockpit until the user quits. The terminal is restored on
/// return, on panic (ratatui's hook), and on SIGTERM, SIGHUP, SIGQUIT and
/// SIGINT, after which the process exits with 128 + the signal's number.
pub fn run(mut app: App) -> io::Result<()> {
    watch_signals()?;
    let mut terminal = ratatui::init();
    MOUSE.store(app.settings.mouse, std::sync::atomic::Ordering::Relaxed);
    mouse_reports(true)?;
    let interrupts = Interrupts::default();
    app.store.set_cancel_check(interrupts.cancel_check());
    let result = event_loop(&mut terminal, &mut app, &interrupts);
    restore();
    result
}

/// Gives the terminal back: cooked mode, main screen, cursor shown. Errors
/// are ignored: the terminal may be gone (a dropped connection), and
/// reporting that to it would fail in turn (`eprintln!` would panic).
pub fn restore() {
    let _ = mouse_reports(false);
    let _ = ratatui::crossterm::terminal::disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        ratatui::crossterm::terminal::LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
}

/// Whether the user turned the mouse on (see [`super::mouse`]).
static MOUSE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Turns mouse reports on or off, if the mouse is wanted at all.
fn mouse_reports(on: bool) -> io::Result<()> {
    use std::io::Write;
    if !MOUSE.load(std::sync::atomic::Ordering::Relaxed) {
        return Ok(());
    }
    let mut out = io::stdout();
    let codes = if on {
        super::mouse::ENABLE
    } else {
        super::mouse::DISABLE
    };
    out.write_all(codes.as_bytes())?;
    out.flush()
}

/// Without Unix signals (Windows) Ctrl-C arrives as a key; nothing to watch.
#[cfg(not(unix))]
fn watch_signals() -> io::Result<()> {
    Ok(())
}

/// A thread that waits for a terminating signal, restores the terminal and
/// exits. The main thread may be blocked reading input, which a signal does
/// not interrupt; a closed SSH connection arrives as SIGHUP.
#[cfg(unix)]
fn watch_signals() -> io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGQUIT, SIGINT])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                restore();
                std::process::exit(128 + signal);
            }
        })?;
    Ok(())
}

/// Ctrl-Z: give the terminal back, stop, and on `fg` take it again and draw
/// everything anew (the shell has drawn over the screen meanwhile).
#[cfg(unix)]
fn suspend(terminal: &mut DefaultTerminal) -> io::Result<()> {
    restore();
    signal_hook::low_level::raise(SIGTSTP)?;
    ratatui::crossterm::terminal::enable_raw_mode()?;
    execute!(
        io::stdout(),
        ratatui::crossterm::terminal::EnterAlternateScreen,
        Clear(ClearType::All)
    )?;
    mouse_reports(true)?;
    // A fresh terminal has an empty previous buffer, so the next draw sends
    // every cell. (`Terminal::clear` would ask the terminal for the cursor
    // position and wait for the answer: a round-trip over a slow link, and
    // a hang where no answer comes.)
    *terminal = fresh_terminal()?;
    Ok(())
}

/// No job control without Unix signals: Ctrl-Z does nothing.
#[cfg(not(unix))]
fn suspend(_terminal: &mut DefaultTerminal) -> io::Result<()> {
    Ok(())
}

/// A terminal whose previous frame is empty, so its first draw sends every cell.
fn fresh_terminal() -> io::Result<DefaultTerminal> {
    ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(io::stdout()))
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    interrupts: &Interrupts,
) -> io::Result<()> {
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    let mut dirty = true;
    loop {
        if interrupts.take_scribbled() {
            // A busy notice was drawn outside ratatui: send every cell anew.
            *terminal = fresh_terminal()?;
            dirty = true;
        }
        if dirty {
            queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
            terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
            execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
        }
        // Panes left on the previous period are rebuilt while nothing
        // waits, so a period switch costs one pane now and the others later.
        while app.has_cold_pane() && !interrupts.has_pending() && !event::poll(Duration::ZERO)? {
            interrupts.set_yielding(true);
            app.warm_one();
            interrupts.set_yielding(false);
        }
        // Input read during a query comes first. A read error means the
        // terminal is gone: leave rather than spin.
        let first = match interrupts.next_pending() {
            Some(event) => event,
            None => event::read()?,
        };
        if is_suspend(&first) {
            suspend(terminal)?;
            dirty = true;
            continue;
        }
        interrupts.set_busy(true);
        dirty = handle(app, first);
        while !app.quit {
            let next = match interrupts.next_pending() {
                Some(event) => event,
                None if event::poll(Duration::ZERO)? => event::read()?,
                None => break,
            };
            dirty |= handle(app, next);
        }
        interrupts.set_busy(false);
        if app.quit {
            return Ok(());
        }
        if app.take_redraw() {
            // Ctrl-L: every cell anew, whatever was drawn over the screen.
            *terminal = fresh_terminal()?;
            queue!(terminal.backend_mut(), Clear(ClearType::All))?;
            dirty = true;
        }
    }
}

fn is_suspend(event: &Event) -> bool {
    matches!(event, Event::Key(k) if k.code == KeyCode::Char('z') && k.modifiers.contains(KeyModifiers::CONTROL))
}

/// Applies one event; true if the screen must be drawn again.
fn handle(app: &mut App, event: Event) -> bool {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            let before = app.view_stamp();
            app.handle_key(key);
            app.view_stamp() != before
        }
        Event::Resize(width, height) => {
            app.resize(width, height);
            true
        }
        Event::Mouse(mouse) => super::mouse::handle(app, &mouse),
        _ => false,
    }
}
