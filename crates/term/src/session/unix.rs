//! The session's Unix side: the terminal read byte by byte from a file
//! descriptor, signals, and job control (see the parent module).

use super::{Arrivals, GRACE, Session, TakeError, enter, leave, leave_codes};
use crate::input::{Answer, Parser};
use crate::interrupt::{Interrupts, Message};
use crossterm::event::Event;
use crossterm::terminal::{disable_raw_mode, enable_raw_mode};
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};
use std::fs::File;
use std::io::{IsTerminal, Read};
use std::os::fd::{AsFd, OwnedFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

/// The terminal answers the background question in the same bytes as the
/// keys, where the reader's parser finds it.
pub(super) const CAN_ASK_BACKGROUND: bool = true;

/// Mouse reports are asked for by the escape sequences alone.
pub(super) fn capture_mouse() {}

/// Nothing to undo beyond raw mode and the escape sequences.
pub(super) fn release() {}

/// Ctrl-Z: stops the whole job, as the terminal would in cooked mode: a
/// script that started the cockpit stops with it, so the shell sees the
/// job stopped. The signal thread does the rest. True: the key is taken.
pub(super) fn suspend() -> bool {
    let stop = rustix::process::Signal::TSTP;
    if rustix::process::kill_current_process_group(stop).is_err() {
        let _ = signal_hook::low_level::raise(SIGTSTP);
    }
    true
}

/// The terminal to read keys from (standard input, else `/dev/tty`) and a
/// descriptor of standard output to write frames to; the session needs both.
pub(super) fn open() -> Result<(File, File), TakeError> {
    if !std::io::stdout().is_terminal() {
        return Err(TakeError::NotATerminal);
    }
    let input = if std::io::stdin().is_terminal() {
        std::io::stdin()
            .as_fd()
            .try_clone_to_owned()
            .map(File::from)
    } else {
        File::open("/dev/tty")
    }
    .map_err(|_| TakeError::NotATerminal)?;
    let output = std::io::stdout()
        .as_fd()
        .try_clone_to_owned()
        .map(File::from)
        .map_err(|_| TakeError::NotATerminal)?;
    Ok((input, output))
}

/// The signal thread (see the module's documentation).
pub(super) fn watch(session: &'static Session) -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([
        SIGTERM, SIGHUP, SIGQUIT, SIGINT, SIGTSTP, SIGCONT, SIGWINCH,
    ])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            loop {
                let arrived: Vec<i32> = signals.wait().collect();
                for signal in arrived {
                    match signal {
                        SIGTSTP => stop(session, &mut signals),
                        // Resumed after a stop we did not ask for: the
                        // shell has written over the screen.
                        SIGCONT => {
                            session.output.resume(b"");
                            session.interrupts.push(Message::Redraw);
                        }
                        SIGWINCH => {
                            if let Ok((w, h)) = crossterm::terminal::size() {
                                session.interrupts.push_input(Event::Resize(w, h));
                            }
                        }
                        // Ctrl-C and Ctrl-\\ in $EDITOR are the editor's.
                        SIGINT | SIGQUIT if HANDED_OVER.load(Ordering::SeqCst) => {}
                        signal => leave(128 + signal),
                    }
                }
            }
        })?;
    Ok(())
}

/// Ctrl-Z or SIGTSTP: give the terminal back, stop, and on `fg` take it
/// again and have everything drawn anew (the shell drew over the screen).
fn stop(session: &Session, signals: &mut signal_hook::iterator::Signals) {
    if !can_be_resumed() {
        // No shell with job control could ever resume us: as the kernel
        // does for such a process, ignore the stop.
        return;
    }
    let mark = session.output.control(&leave_codes(), true);
    let _ = disable_raw_mode();
    session.output.flush_for(mark, GRACE);
    // A signal to end that came meanwhile (a hang-up): end rather than
    // stop for good.
    let pending: Vec<i32> = signals.pending().collect();
    if let Some(signal) = pending
        .iter()
        .find(|s| [SIGTERM, SIGHUP, SIGQUIT, SIGINT].contains(s))
    {
        leave(128 + signal);
    }
    if session.output.is_gone() {
        leave(128 + SIGHUP);
    }
    // Stops here until SIGCONT.
    let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
    // Woken by a hang-up (a shell sends SIGHUP, then SIGCONT): the terminal
    // is gone, and not ours to touch: from the background, setting its
    // mode would stop the whole process again (SIGTTOU) and never end it.
    let pending: Vec<i32> = signals.pending().collect();
    if let Some(signal) = pending
        .iter()
        .find(|s| [SIGTERM, SIGHUP, SIGQUIT, SIGINT].contains(s))
    {
        std::process::exit(128 + signal);
    }
    let _ = enable_raw_mode();
    session.output.resume(&enter());
    session.interrupts.push(Message::Redraw);
}

/// Whether a stopped process could be resumed: its process group is not
/// orphaned, i.e. some member has a parent in another group of the same
/// session (a shell with job control). Unknown counts as yes.
fn can_be_resumed() -> bool {
    // (pid, ppid, pgrp, session) of a process, from /proc.
    let stat = |pid: &str| -> Option<(u32, u32, u32, u32)> {
        let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let (head, rest) = text.rsplit_once(')')?;
        let own: u32 = head.split_whitespace().next()?.parse().ok()?;
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let number = |i: usize| fields.get(i)?.parse().ok();
        Some((own, number(1)?, number(2)?, number(3)?))
    };
    let Some((_, _, group, session)) = stat("self") else {
        return true;
    };
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return true;
    };
    dir.filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|pid| stat(&pid))
        .filter(|&(_, _, g, _)| g == group)
        .any(|(_, parent, _, _)| {
            stat(&parent.to_string()).is_some_and(|(_, _, g, s)| s == session && g != group)
        })
}

/// Another program ($EDITOR) has the terminal: the reader stands aside,
/// and Ctrl-C is that program's.
static HANDED_OVER: AtomicBool = AtomicBool::new(false);

/// The reader's pause: whether it should stand aside, whether it does, and
/// the write end of the pipe that wakes it from its wait on the terminal.
struct Pause {
    state: Mutex<(bool, bool)>,
    changed: Condvar,
    wake: OnceLock<OwnedFd>,
}

static PAUSE: Pause = Pause {
    state: Mutex::new((false, false)),
    changed: Condvar::new(),
    wake: OnceLock::new(),
};

/// Another program may take the terminal here.
pub(super) const CAN_HAND_OVER: bool = true;

/// Stops the reader reading the terminal, and returns once it stands
/// aside (or after a second, if it does not answer: it is then blocked
/// elsewhere and reads nothing either).
pub(super) fn pause_input() {
    HANDED_OVER.store(true, Ordering::SeqCst);
    let mut state = PAUSE.state.lock().unwrap_or_else(PoisonError::into_inner);
    state.0 = true;
    if let Some(wake) = PAUSE.wake.get() {
        let _ = rustix::io::write(wake, b"p");
    }
    let deadline = Instant::now() + Duration::from_secs(1);
    while !state.1 {
        let Some(left) = deadline.checked_duration_since(Instant::now()) else {
            break;
        };
        state = PAUSE
            .changed
            .wait_timeout(state, left)
            .unwrap_or_else(PoisonError::into_inner)
            .0;
    }
}

/// Lets the reader read the terminal again.
pub(super) fn resume_input() {
    let mut state = PAUSE.state.lock().unwrap_or_else(PoisonError::into_inner);
    state.0 = false;
    PAUSE.changed.notify_all();
    drop(state);
    HANDED_OVER.store(false, Ordering::SeqCst);
}

/// On the reader thread: stands aside while a pause is asked for.
fn stand_aside_while_paused() {
    let mut state = PAUSE.state.lock().unwrap_or_else(PoisonError::into_inner);
    if !state.0 {
        return;
    }
    state.1 = true;
    PAUSE.changed.notify_all();
    while state.0 {
        state = PAUSE
            .changed
            .wait(state)
            .unwrap_or_else(PoisonError::into_inner);
    }
    state.1 = false;
}

/// Waits until the terminal has bytes or the pause pipe wakes the reader;
/// false when the terminal is gone.
fn wait_for_input(input: &File, woken: &OwnedFd) -> bool {
    use rustix::event::{PollFd, PollFlags, poll};
    loop {
        let mut fds = [
            PollFd::new(input, PollFlags::IN),
            PollFd::new(woken, PollFlags::IN),
        ];
        match poll(&mut fds, None) {
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(_) => return false,
        }
        if fds[1].revents().contains(PollFlags::IN) {
            let mut drained = [0u8; 16];
            let _ = rustix::io::read(woken, &mut drained);
            stand_aside_while_paused();
            continue;
        }
        return true;
    }
}

/// The reader thread (see the module's documentation): the bytes of one
/// `read` are one arrival for the burst rule.
pub(super) fn read_keys(
    mut input: File,
    interrupts: Interrupts,
    answered: std::sync::mpsc::Sender<Answer>,
) -> std::io::Result<()> {
    let (woken, wake) = rustix::pipe::pipe()?;
    let _ = PAUSE.wake.set(wake);
    std::thread::Builder::new()
        .name("terminal-reader".into())
        .spawn(move || {
            let mut parser = Parser::default();
            let mut buf = vec![0u8; 64 * 1024];
            let mut events = Vec::new();
            let mut arrivals = Arrivals::default();
            loop {
                if !wait_for_input(&input, &woken) {
                    break;
                }
                let n = match input.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(_) => break,
                };
                parser.feed(&buf[..n], n == buf.len(), &mut events);
                for answer in parser.take_answers() {
                    let _ = answered.send(answer);
                }
                arrivals.take(std::mem::take(&mut events), &interrupts);
            }
            // End of input: the terminal is gone.
            interrupts.push(Message::Gone);
        })?;
    Ok(())
}
