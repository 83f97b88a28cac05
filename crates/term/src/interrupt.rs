//! Keeping the cockpit responsive while it works.
//!
//! Everything that reaches the event loop goes through one queue, the
//! [`Interrupts`]: keys and pastes from the reader thread, window sizes and
//! resumes from the signal thread, the news that the terminal is gone from
//! the writer thread. The event loop waits on it, so it sleeps without a
//! timer and wakes for any of them.
//!
//! Queries run on the event loop's thread, and a hostile or huge snapshot
//! can make one slow (no indexes, millions of rows). SQLite calls back into
//! [`Interrupts::cancel_check`] every few thousand steps of a query; the
//! check only reads flags the reader thread sets: Esc or Ctrl-C pressed
//! while the loop is busy stops the query (and is not handled again as a
//! key), any input stops work nobody asked for (warming panes). A query
//! still running after [`BUSY_AFTER`] gets a one-line notice at the bottom
//! of the screen, drawn outside ratatui, so the loop redraws everything
//! afterwards.

use crate::output::Output;
use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

/// How long a query runs before the screen says so.
pub const BUSY_AFTER: Duration = Duration::from_millis(250);

/// Input events held for the loop at most; past that, input is dropped
/// (except Ctrl-C) until it catches up. A million is a 1 MB paste typed
/// key by key while the loop is stuck.
pub const QUEUE_MAX: usize = 1 << 20;

/// More inputs waiting than this are a backlog (keys typed while the link
/// or the loop stalled), not keys typed ahead on purpose: a way out in it
/// goes first ([`Interrupts::way_out_in_backlog`]).
pub const BACKLOG: usize = 32;

/// What the event loop is woken for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// A key, a paste or a new window size, numbered in arrival order.
    Input(u64, Event),
    /// The screen was given back and taken again (a resume): draw it whole.
    Redraw,
    /// The input that follows came faster than a person types
    /// ([`crate::burst`]): an action that writes a file asks first.
    TypedAhead,
    /// The terminal is gone (a write or read failed).
    Gone,
}

/// Shared between the event loop, the threads that feed it, and the check
/// SQLite calls.
#[derive(Clone, Default)]
pub struct Interrupts {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    queue: Mutex<VecDeque<Message>>,
    ready: Condvar,
    /// The number of the last input queued, and of the last one the loop took.
    queued: AtomicU64,
    taken: AtomicU64,
    /// When the event loop began handling input; None while it waits.
    busy_since: Mutex<Option<Instant>>,
    /// Work the user did not ask for is running (warming panes): any input
    /// stops it at once and is kept for the event loop.
    yielding: AtomicBool,
    /// The number of an Esc or Ctrl-C that asks the running query to stop
    /// (0: none), and of the last one that did: the loop skips that key.
    cancel: AtomicU64,
    cancelled: AtomicU64,
    /// The snapshot is still being read: there is no cockpit yet.
    loading: AtomicBool,
    /// The busy notice's words, the app's to choose.
    busy_text: Mutex<String>,
    /// The busy notice was written over the screen.
    scribbled: AtomicBool,
    /// Where the busy notice goes, and the size of the drawn area.
    output: OnceLock<Output>,
    area: Mutex<(u16, u16)>,
}

impl Interrupts {
    /// Where the busy notice is written; set once.
    pub fn attach(&self, output: Output) {
        let _ = self.inner.output.set(output);
    }

    /// Queues input from the terminal; its number, or None if it was
    /// dropped because the loop is [`QUEUE_MAX`] events behind.
    pub fn push_input(&self, event: Event) -> Option<u64> {
        let mut queue = lock(&self.inner.queue);
        if queue.len() >= QUEUE_MAX && !is_ctrl(&event, 'c') {
            return None;
        }
        let seq = self.inner.queued.fetch_add(1, Ordering::SeqCst) + 1;
        let busy = lock(&self.inner.busy_since).is_some();
        if busy && !self.inner.yielding.load(Ordering::SeqCst) && is_cancel(&event) {
            self.inner.cancel.store(seq, Ordering::SeqCst);
        }
        queue.push_back(Message::Input(seq, event));
        drop(queue);
        self.inner.ready.notify_one();
        Some(seq)
    }

    /// Queues a message that is not input.
    pub fn push(&self, message: Message) {
        lock(&self.inner.queue).push_back(message);
        self.inner.ready.notify_one();
    }

    /// Waits for the next message.
    pub fn wait(&self) -> Message {
        let mut queue = lock(&self.inner.queue);
        loop {
            while let Some(message) = queue.pop_front() {
                if let Some(message) = self.taken(message) {
                    return message;
                }
            }
            queue = self
                .inner
                .ready
                .wait(queue)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// The next message if one waits.
    pub fn try_next(&self) -> Option<Message> {
        let mut queue = lock(&self.inner.queue);
        while let Some(message) = queue.pop_front() {
            if let Some(message) = self.taken(message) {
                return Some(message);
            }
        }
        None
    }

    /// Notes a message as taken by the loop; None for a key that already
    /// did its work by stopping a query.
    fn taken(&self, message: Message) -> Option<Message> {
        if let Message::Input(seq, _) = message {
            self.inner.taken.fetch_max(seq, Ordering::SeqCst);
            if seq == self.inner.cancelled.load(Ordering::SeqCst) {
                return None;
            }
        }
        Some(message)
    }

    /// Whether more than [`BACKLOG`] inputs wait and one of them is
    /// `way_out`: then it is taken before the rest, so that quitting never
    /// waits for a backlog to be worked off.
    pub fn way_out_in_backlog(&self, way_out: impl Fn(&Event) -> bool) -> bool {
        let queue = lock(&self.inner.queue);
        queue.len() > BACKLOG
            && queue
                .iter()
                .any(|m| matches!(m, Message::Input(_, event) if way_out(event)))
    }

    pub fn has_pending(&self) -> bool {
        !lock(&self.inner.queue).is_empty()
    }

    /// Whether the loop has taken input number `seq` (or gave it up).
    pub fn was_taken(&self, seq: u64) -> bool {
        self.inner.taken.load(Ordering::SeqCst) >= seq
    }

    /// The event loop starts (`true`) or stops (`false`) handling input.
    pub fn set_busy(&self, busy: bool) {
        *lock(&self.inner.busy_since) = busy.then(Instant::now);
        if !busy {
            // A cancel that came too late for a query is only a key now.
            self.inner.cancel.store(0, Ordering::SeqCst);
        }
    }

    /// Background work starts (`true`) or ends (`false`): see `yielding`.
    pub fn set_yielding(&self, yielding: bool) {
        self.inner.yielding.store(yielding, Ordering::SeqCst);
    }

    pub fn set_loading(&self, loading: bool) {
        self.inner.loading.store(loading, Ordering::SeqCst);
    }

    pub fn is_loading(&self) -> bool {
        self.inner.loading.load(Ordering::SeqCst)
    }

    /// What the busy notice says (padded, or cut, to the drawn width).
    pub fn set_busy_text(&self, text: String) {
        *lock(&self.inner.busy_text) = text;
    }

    /// The size of the drawn area, for the busy notice.
    pub fn set_area(&self, width: u16, height: u16) {
        *lock(&self.inner.area) = (width, height);
    }

    /// Whether the screen was written over since the last call: the caller
    /// must then redraw every cell.
    pub fn take_scribbled(&self) -> bool {
        self.inner.scribbled.swap(false, Ordering::SeqCst)
    }

    /// The check SQLite calls during a query: true stops the query.
    pub fn cancel_check(&self) -> impl FnMut() -> bool + Send + 'static {
        let shared = self.clone();
        move || {
            let inner = &shared.inner;
            let cancel = inner.cancel.swap(0, Ordering::SeqCst);
            if cancel != 0 {
                inner.cancelled.store(cancel, Ordering::SeqCst);
                return true;
            }
            if inner.yielding.load(Ordering::SeqCst) && shared.has_pending() {
                return true;
            }
            if shared.busy_for(Instant::now()) >= BUSY_AFTER {
                shared.show_busy();
            }
            false
        }
    }

    fn busy_for(&self, now: Instant) -> Duration {
        lock(&self.inner.busy_since).map_or(Duration::ZERO, |t| now.duration_since(t))
    }

    fn show_busy(&self) {
        if self.inner.scribbled.swap(true, Ordering::SeqCst) {
            return;
        }
        let Some(output) = self.inner.output.get() else {
            return;
        };
        let (width, height) = *lock(&self.inner.area);
        if width == 0 || height == 0 {
            return;
        }
        let notice = busy_notice(width, height, &lock(&self.inner.busy_text));
        output.frame(&notice, false);
    }
}

/// The busy notice: reverse video across the bottom line of the drawn area.
fn busy_notice(width: u16, height: u16, busy: &str) -> Vec<u8> {
    let text: String = format!("{busy:<width$}", width = usize::from(width))
        .chars()
        .take(usize::from(width))
        .collect();
    format!("\x1b[{height};1H\x1b[7m{text}\x1b[0m").into_bytes()
}

/// Esc or Ctrl-C pressed: stop the running query.
pub fn is_cancel(event: &Event) -> bool {
    is_ctrl(event, 'c')
        || matches!(event, Event::Key(k) if k.kind != KeyEventKind::Release && k.code == KeyCode::Esc)
}

/// Ctrl and a letter pressed.
pub fn is_ctrl(event: &Event, letter: char) -> bool {
    matches!(event, Event::Key(k) if k.kind != KeyEventKind::Release
        && k.code == KeyCode::Char(letter)
        && k.modifiers.contains(KeyModifiers::CONTROL))
}

/// A poisoned lock only means a panic elsewhere; the queue is still valid.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn a_way_out_jumps_a_backlog_but_not_keys_typed_ahead() {
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        let j = key(KeyCode::Char('j'), KeyModifiers::NONE);
        let is_q = |e: &Event| *e == q;
        let interrupts = Interrupts::default();
        for _ in 0..BACKLOG - 1 {
            interrupts.push_input(j.clone());
        }
        interrupts.push_input(q.clone());
        assert!(
            !interrupts.way_out_in_backlog(is_q),
            "{BACKLOG} keys typed ahead are worked off in order"
        );
        interrupts.push_input(j.clone());
        assert!(interrupts.way_out_in_backlog(is_q), "a backlog: q first");
        let without = Interrupts::default();
        for _ in 0..10 * BACKLOG {
            without.push_input(j.clone());
        }
        assert!(!without.way_out_in_backlog(is_q));
    }

    #[test]
    fn esc_and_ctrl_c_cancel_other_keys_do_not() {
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

    #[test]
    fn esc_while_busy_stops_the_query_and_is_not_handled_again() {
        let interrupts = Interrupts::default();
        let mut check = interrupts.cancel_check();
        let j = key(KeyCode::Char('j'), KeyModifiers::NONE);
        let esc = key(KeyCode::Esc, KeyModifiers::NONE);
        // Idle: Esc is a key like any other.
        interrupts.push_input(esc.clone());
        assert!(!check());
        assert!(matches!(interrupts.try_next(), Some(Message::Input(_, e)) if e == esc));
        // Busy: it stops the query, and the loop never sees it.
        interrupts.set_busy(true);
        interrupts.push_input(j.clone());
        let seq = interrupts.push_input(esc.clone()).unwrap();
        assert!(check(), "the query stops");
        assert!(!check(), "once");
        assert!(matches!(interrupts.try_next(), Some(Message::Input(_, e)) if e == j));
        assert_eq!(interrupts.try_next(), None);
        assert!(interrupts.was_taken(seq));
        // An Esc that came after the query ended is handled as a key.
        interrupts.push_input(esc.clone());
        interrupts.set_busy(false);
        assert!(!check());
        assert!(matches!(interrupts.try_next(), Some(Message::Input(_, e)) if e == esc));
    }

    #[test]
    fn any_input_stops_work_nobody_asked_for() {
        let interrupts = Interrupts::default();
        let mut check = interrupts.cancel_check();
        interrupts.set_yielding(true);
        assert!(!check());
        interrupts.push_input(key(KeyCode::Esc, KeyModifiers::NONE));
        assert!(check());
        assert!(
            interrupts.try_next().is_some(),
            "the key is kept for the loop"
        );
    }

    #[test]
    fn a_flood_of_input_is_bounded_but_ctrl_c_always_gets_through() {
        let interrupts = Interrupts::default();
        let x = key(KeyCode::Char('x'), KeyModifiers::NONE);
        for _ in 0..QUEUE_MAX {
            assert!(interrupts.push_input(x.clone()).is_some());
        }
        assert_eq!(interrupts.push_input(x), None);
        let ctrl_c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert!(interrupts.push_input(ctrl_c).is_some());
    }

    #[test]
    fn the_loop_sleeps_until_a_message_comes() {
        let interrupts = Interrupts::default();
        let other = interrupts.clone();
        let waiter = std::thread::spawn(move || other.wait());
        std::thread::sleep(Duration::from_millis(50));
        interrupts.push(Message::Redraw);
        assert_eq!(waiter.join().unwrap(), Message::Redraw);
    }

    #[test]
    fn the_busy_notice_fits_the_drawn_area() {
        let busy = " Hämtar data ... Esc avbryter ";
        let notice = String::from_utf8(busy_notice(10, 5, busy)).unwrap();
        assert!(notice.starts_with("\x1b[5;1H\x1b[7m Hämtar da"));
        assert!(!notice.contains("ata ..."), "cut at 10 columns: {notice}");
        let wide = String::from_utf8(busy_notice(40, 5, busy)).unwrap();
        assert!(
            wide.contains(&format!("{busy:<40}\x1b[0m")),
            "padded: {wide:?}"
        );
    }
}
