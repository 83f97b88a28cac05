//! The interactive loop. It blocks on input and draws only after something
//! changed: idle costs no CPU and writes no bytes. A burst of input (key
//! repeat, a paste) becomes one frame, and each frame is sent as one
//! synchronized update so it arrives whole over a slow SSH link.

use super::app::App;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::crossterm::{execute, queue};
use std::io;
use std::time::Duration;

/// Runs the cockpit until the user quits. The terminal is restored on
/// return and, through ratatui's panic hook, on panic.
pub fn run(mut app: App) -> io::Result<()> {
    let mut terminal = ratatui::init();
    let result = event_loop(&mut terminal, &mut app);
    ratatui::restore();
    result
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App) -> io::Result<()> {
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    let mut dirty = true;
    loop {
        if dirty {
            queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
            terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
            execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
        }
        dirty = handle(app, event::read()?);
        while !app.quit && event::poll(Duration::ZERO)? {
            dirty |= handle(app, event::read()?);
        }
        if app.quit {
            return Ok(());
        }
    }
}

/// Applies one event; true if the screen must be drawn again.
fn handle(app: &mut App, event: Event) -> bool {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            app.handle_key(key);
            true
        }
        Event::Resize(width, height) => {
            app.resize(width, height);
            true
        }
        _ => false,
    }
}
