//! Writing to the terminal without ever waiting for it.
//!
//! A terminal that stops reading (an SSH client that is stopped or behind a
//! stalled link, a hung terminal) makes every `write` to it block. No thread
//! that handles keys or signals may then be stuck: so frames are composed in
//! memory and handed to [`Output`], whose own thread does the writing. What
//! waits for that thread is bounded:
//!
//! - frames queue up to [`QUEUE_MAX`] bytes; past that the queued frames are
//!   dropped and the next one drawn is a whole one (only the newest counts);
//! - the sequences that give the terminal back are queued behind the frame
//!   being written and waited for at most a moment ([`Output::flush_for`]),
//!   never on a lock that a blocked write holds.
//!
//! A write that fails means the terminal is gone (a hang-up): that is
//! remembered and said once through the callback, never printed, so no
//! failure on a dead terminal can cause another.

use std::io::Write;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// Frames waiting beyond this many bytes are dropped for a whole new one.
/// A whole frame of the largest drawn area is a few megabytes.
pub const QUEUE_MAX: usize = 1 << 20;

#[derive(Clone)]
pub struct Output {
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    /// Bytes not yet taken by the writer thread.
    queued: Vec<u8>,
    /// Where the frames in `queued` begin: before it are control sequences
    /// (leaving or entering the alternate screen), which are never dropped.
    frames_from: usize,
    /// Bytes ever queued, and ever written (or given up on).
    total_queued: u64,
    total_done: u64,
    /// Suspended: frames are dropped until `resume`.
    paused: bool,
    /// Frames were dropped: the next one must be whole.
    redraw: bool,
    /// A write failed: the terminal is gone.
    gone: bool,
}

/// What became of a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    Queued,
    /// Dropped: draw a whole frame next.
    Dropped,
}

impl Output {
    /// Starts the writer thread on `out` (a duplicate of the terminal's
    /// descriptor). `on_gone` is called once, from that thread, when a
    /// write fails.
    pub fn start(
        mut out: impl Write + Send + 'static,
        on_gone: impl FnOnce() + Send + 'static,
    ) -> std::io::Result<Output> {
        let output = Output {
            shared: Arc::new(Shared {
                state: Mutex::new(State::default()),
                changed: Condvar::new(),
            }),
        };
        let shared = Arc::clone(&output.shared);
        std::thread::Builder::new()
            .name("terminal-writer".into())
            .spawn(move || {
                loop {
                    let chunk = {
                        let mut state = lock(&shared.state);
                        while state.queued.is_empty() {
                            state = shared
                                .changed
                                .wait(state)
                                .unwrap_or_else(PoisonError::into_inner);
                        }
                        state.frames_from = 0;
                        std::mem::take(&mut state.queued)
                    };
                    // No lock is held while the terminal may keep us waiting.
                    let result = out.write_all(&chunk).and_then(|()| out.flush());
                    let mut state = lock(&shared.state);
                    state.total_done += chunk.len() as u64;
                    if result.is_err() {
                        state.gone = true;
                        state.total_done = state.total_queued;
                        state.queued.clear();
                        drop(state);
                        shared.changed.notify_all();
                        on_gone();
                        return;
                    }
                    drop(state);
                    shared.changed.notify_all();
                }
            })?;
        Ok(output)
    }

    /// Queues a frame. A `whole` frame (it draws every cell) replaces the
    /// frames still waiting; a partial one is added to them, unless that
    /// would pass [`QUEUE_MAX`]: then all are dropped and the caller must
    /// draw a whole frame.
    pub fn frame(&self, bytes: &[u8], whole: bool) -> Sent {
        let mut state = lock(&self.shared.state);
        if state.gone {
            return Sent::Queued;
        }
        if state.paused {
            state.redraw = true;
            return Sent::Dropped;
        }
        if state.redraw && !whole {
            // It would change a picture the terminal never got.
            return Sent::Dropped;
        }
        let waiting = state.queued.len() - state.frames_from;
        if whole || waiting + bytes.len() > QUEUE_MAX {
            let from = state.frames_from;
            let dropped = state.queued.len() - from;
            state.queued.truncate(from);
            state.total_done += dropped as u64;
            if !whole {
                state.redraw = true;
                return Sent::Dropped;
            }
            state.redraw = false;
        }
        state.queued.extend_from_slice(bytes);
        state.total_queued += bytes.len() as u64;
        drop(state);
        self.shared.changed.notify_all();
        Sent::Queued
    }

    /// Queues control bytes after what is being written, dropping frames
    /// that wait (they would be drawn over anyway); `pause` then drops the
    /// frames that come until [`Output::resume`]. Returns the mark to pass
    /// to [`Output::flush_for`].
    pub fn control(&self, bytes: &[u8], pause: bool) -> u64 {
        let mut state = lock(&self.shared.state);
        let from = state.frames_from;
        let dropped = state.queued.len() - from;
        if dropped > 0 {
            state.queued.truncate(from);
            state.total_done += dropped as u64;
            state.redraw = true;
        }
        if !state.gone {
            state.queued.extend_from_slice(bytes);
            state.total_queued += bytes.len() as u64;
            state.frames_from = state.queued.len();
        }
        state.paused |= pause;
        let mark = state.total_queued;
        drop(state);
        self.shared.changed.notify_all();
        mark
    }

    /// Queues `bytes` (entering the screen again) and lets frames through;
    /// the next frame must be whole.
    pub fn resume(&self, bytes: &[u8]) {
        self.control(bytes, false);
        let mut state = lock(&self.shared.state);
        state.paused = false;
        state.redraw = true;
    }

    /// The mark of everything queued so far, for [`Output::flush_for`].
    pub fn mark(&self) -> u64 {
        lock(&self.shared.state).total_queued
    }

    /// Waits until everything queued up to `mark` is written, the terminal
    /// is gone, or `limit` has passed; true if it was written.
    pub fn flush_for(&self, mark: u64, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        let mut state = lock(&self.shared.state);
        loop {
            if state.gone {
                return false;
            }
            if state.total_done >= mark {
                return true;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            state = self
                .shared
                .changed
                .wait_timeout(state, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// Whether frames were dropped since the last whole frame: the next
    /// one drawn must then be whole.
    pub fn needs_whole_frame(&self) -> bool {
        lock(&self.shared.state).redraw
    }

    pub fn is_gone(&self) -> bool {
        lock(&self.shared.state).gone
    }
}

/// A poisoned lock only means a panic elsewhere; the state is still valid.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Where ratatui draws: memory, never the terminal, so drawing never waits
/// and never fails. The event loop takes the bytes and hands them on.
#[derive(Clone, Default)]
pub struct Sink(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl Sink {
    pub fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.borrow_mut())
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    /// A terminal that takes writes only when told to, and keeps them.
    struct Stalled {
        written: Arc<Mutex<Vec<u8>>>,
        go: mpsc::Receiver<()>,
    }

    impl Write for Stalled {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let _ = self.go.recv();
            self.written.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn stalled() -> (Output, Arc<Mutex<Vec<u8>>>, mpsc::Sender<()>) {
        let (tx, rx) = mpsc::channel();
        let written = Arc::new(Mutex::new(Vec::new()));
        let out = Stalled {
            written: Arc::clone(&written),
            go: rx,
        };
        (Output::start(out, || {}).unwrap(), written, tx)
    }

    /// Waits until the writer thread has taken everything queued (and
    /// is stuck writing it to the stalled terminal).
    fn taken_by_the_writer(output: &Output) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !lock(&output.shared.state).queued.is_empty() {
            assert!(Instant::now() < deadline, "the writer never took the frame");
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    #[test]
    fn a_terminal_that_never_reads_holds_no_caller() {
        let (output, _, _go) = stalled();
        // The first frame is taken by the writer and stuck there.
        assert_eq!(output.frame(b"first", true), Sent::Queued);
        taken_by_the_writer(&output);
        // The calls run on a thread of their own: one that waited on the
        // terminal would wait for ever, and the test fails at its deadline
        // instead of hanging.
        let caller = output.clone();
        let (done, finished) = mpsc::channel();
        std::thread::spawn(move || {
            for _ in 0..100 {
                caller.frame(&[b'x'; 100_000], false);
            }
            let dropped = caller.needs_whole_frame();
            let whole = caller.frame(&[b'y'; 1000], true);
            let redraw = caller.needs_whole_frame();
            let mark = caller.control(b"bye", false);
            let flushed = caller.flush_for(mark, Duration::from_millis(50));
            done.send((dropped, whole, redraw, flushed)).unwrap();
        });
        let (dropped, whole, redraw, flushed) = finished
            .recv_timeout(Duration::from_secs(60))
            .expect("nothing waits on the terminal");
        assert!(dropped, "frames were dropped");
        assert_eq!(whole, Sent::Queued);
        assert!(!redraw);
        assert!(!flushed, "the terminal took nothing");
        let queued = lock(&output.shared.state).queued.len();
        assert_eq!(queued, 3, "only the control bytes wait: {queued}");
    }

    #[test]
    fn control_bytes_follow_the_frame_being_written_and_are_never_dropped() {
        let (output, written, go) = stalled();
        output.frame(b"[frame1]", true);
        // The writer takes frame 1; then more is queued behind it.
        taken_by_the_writer(&output);
        output.frame(b"[frame2]", false);
        let mark = output.control(b"[leave]", true);
        assert_eq!(output.frame(b"[frame3]", false), Sent::Dropped, "paused");
        for _ in 0..2 {
            go.send(()).unwrap();
        }
        assert!(output.flush_for(mark, Duration::from_secs(5)));
        assert_eq!(&*written.lock().unwrap(), b"[frame1][leave]");
        output.resume(b"[enter]");
        assert!(output.needs_whole_frame());
        output.frame(b"[whole]", true);
        let mark = output.mark();
        for _ in 0..2 {
            go.send(()).unwrap();
        }
        assert!(output.flush_for(mark, Duration::from_secs(5)));
        assert_eq!(&*written.lock().unwrap(), b"[frame1][leave][enter][whole]");
    }

    #[test]
    fn a_failed_write_is_remembered_and_said_once() {
        struct Dead;
        impl Write for Dead {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("EIO"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let (tx, rx) = mpsc::channel();
        let output = Output::start(Dead, move || tx.send(()).unwrap()).unwrap();
        let mark = output.control(b"hello", false);
        assert!(!output.flush_for(mark, Duration::from_secs(5)));
        rx.recv_timeout(Duration::from_secs(5)).unwrap();
        assert!(output.is_gone());
        assert_eq!(output.frame(b"more", false), Sent::Queued, "quietly");
        assert!(rx.recv_timeout(Duration::from_millis(50)).is_err(), "once");
    }
}
