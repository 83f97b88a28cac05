//! Keeping the cockpit responsive while a query runs.
//!
//! Queries run on the UI thread, and a hostile or huge snapshot can make one
//! slow (no indexes, millions of rows). SQLite calls back into the
//! [`Interrupts`] check every few thousand steps of a query; the check reads
//! the keyboard there and then: Esc or Ctrl-C stops the query, any other
//! input is kept for the event loop, in order. A query still running after
//! [`BUSY_AFTER`] gets a one-line notice at the bottom of the screen, drawn
//! outside ratatui, so the loop redraws everything afterwards.

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::crossterm::style::{Attribute, Print, SetAttribute};
use ratatui::crossterm::{cursor::MoveTo, queue, terminal};
use std::collections::VecDeque;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How long a query runs before the screen says so.
pub const BUSY_AFTER: Duration = Duration::from_millis(250);
/// How often, at most, the keyboard is read during a query.
const READ_EVERY: Duration = Duration::from_millis(15);

const BUSY_TEXT: &str = " Hämtar data ... Esc avbryter ";

/// Shared between the event loop and the check SQLite calls.
#[derive(Clone, Default)]
pub struct Interrupts {
    /// Input read during a query, for the event loop to handle next.
    pending: Arc<Mutex<VecDeque<Event>>>,
    /// When the event loop began handling input; None while it waits.
    busy_since: Arc<Mutex<Option<Instant>>>,
    /// The busy notice was written over the screen.
    scribbled: Arc<AtomicBool>,
    /// Work the user did not ask for is running (warming panes): any input
    /// stops it at once and is kept for the event loop.
    yielding: Arc<AtomicBool>,
}

impl Interrupts {
    /// The next event read during a query, if any.
    pub fn next_pending(&self) -> Option<Event> {
        lock(&self.pending).pop_front()
    }

    pub fn has_pending(&self) -> bool {
        !lock(&self.pending).is_empty()
    }

    /// The event loop starts (`true`) or stops (`false`) handling input.
    pub fn set_busy(&self, busy: bool) {
        *lock(&self.busy_since) = busy.then(Instant::now);
    }

    /// Background work starts (`true`) or ends (`false`): see `yielding`.
    pub fn set_yielding(&self, yielding: bool) {
        self.yielding.store(yielding, Ordering::Relaxed);
    }

    /// Whether the screen was written over since the last call: the caller
    /// must then redraw every cell.
    pub fn take_scribbled(&self) -> bool {
        self.scribbled.swap(false, Ordering::Relaxed)
    }

    /// The check SQLite calls during a query: true stops the query.
    pub fn cancel_check(&self) -> impl FnMut() -> bool + Send + 'static {
        let shared = self.clone();
        let mut last_read: Option<Instant> = None;
        move || {
            let now = Instant::now();
            let yielding = shared.yielding.load(Ordering::Relaxed);
            if !yielding && last_read.is_some_and(|t| now.duration_since(t) < READ_EVERY) {
                return false;
            }
            last_read = Some(now);
            let stop = shared.read_input(yielding);
            if !stop && shared.busy_for(now) >= BUSY_AFTER {
                shared.show_busy();
            }
            stop
        }
    }

    /// Reads what input is waiting; true if the query should stop: the
    /// user asked to, or `yielding` and there is any input at all.
    fn read_input(&self, yielding: bool) -> bool {
        let mut stop = false;
        loop {
            match event::poll(Duration::ZERO) {
                Ok(true) => {}
                Ok(false) => return stop,
                // The terminal is gone: stop, the loop will end on its read.
                Err(_) => return true,
            }
            match event::read() {
                // Warming was not asked for, so Esc there means Esc.
                Ok(e) if is_cancel(&e) && !yielding => return true,
                Ok(e) => {
                    lock(&self.pending).push_back(e);
                    stop |= yielding;
                }
                Err(_) => return true,
            }
        }
    }

    fn busy_for(&self, now: Instant) -> Duration {
        lock(&self.busy_since).map_or(Duration::ZERO, |t| now.duration_since(t))
    }

    fn show_busy(&self) {
        if self.scribbled.swap(true, Ordering::Relaxed) {
            return;
        }
        let Ok((width, height)) = terminal::size() else {
            return;
        };
        let text: String = format!("{BUSY_TEXT:<width$}", width = usize::from(width))
            .chars()
            .take(usize::from(width))
            .collect();
        let mut out = io::stdout();
        // A vanished terminal is handled by the event loop's next read.
        let _ = queue!(
            out,
            MoveTo(0, height.saturating_sub(1)),
            SetAttribute(Attribute::Reverse),
            Print(text),
            SetAttribute(Attribute::Reset)
        );
        let _ = out.flush();
    }
}

/// Esc or Ctrl-C pressed: stop the running query.
pub fn is_cancel(event: &Event) -> bool {
    let Event::Key(key) = event else { return false };
    key.kind != KeyEventKind::Release
        && (key.code == KeyCode::Esc
            || (key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL)))
}

/// A poisoned lock only means a panic elsewhere; the queue is still valid.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEvent;

    #[test]
    fn esc_and_ctrl_c_cancel_other_keys_do_not() {
        let key = |code, modifiers| Event::Key(KeyEvent::new(code, modifiers));
        assert!(is_cancel(&key(KeyCode::Esc, KeyModifiers::NONE)));
        assert!(is_cancel(&key(KeyCode::Char('c'), KeyModifiers::CONTROL)));
        assert!(!is_cancel(&key(KeyCode::Char('c'), KeyModifiers::NONE)));
        assert!(!is_cancel(&key(KeyCode::Char('j'), KeyModifiers::NONE)));
        assert!(!is_cancel(&Event::Resize(80, 24)));
    }

    #[test]
    fn busy_time_counts_only_while_handling_input() {
        let interrupts = Interrupts::default();
        let now = Instant::now();
        assert_eq!(interrupts.busy_for(now), Duration::ZERO);
        interrupts.set_busy(true);
        assert!(interrupts.busy_for(now + Duration::from_secs(1)) >= Duration::from_millis(900));
        interrupts.set_busy(false);
        assert_eq!(interrupts.busy_for(now), Duration::ZERO);
        assert!(!interrupts.take_scribbled());
    }
}
