//! The real binary in a pseudo-terminal, its screen read back through a
//! terminal emulator (vt100), and every byte it wrote kept.

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a wait may take before the test fails: generous, so that a
/// loaded machine is slow rather than wrong; only a hang reaches it.
pub const DEADLINE: Duration = Duration::from_secs(60);

pub struct Tui {
    pub child: Box<dyn Child + Send + Sync>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    state: Arc<Mutex<(vt100::Parser, Vec<u8>)>>,
    /// While set, nothing is read from the terminal: a frozen terminal.
    paused: Arc<AtomicBool>,
    /// Everything the program wrote has been read (the pty was closed).
    drained: Arc<AtomicBool>,
    _master: Box<dyn MasterPty + Send>,
}

impl Tui {
    pub fn start(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Tui {
        Tui::start_program(env!("CARGO_BIN_EXE_tertial"), args, cols, rows, env)
    }

    /// Any program in the pty (a shell, for job control).
    pub fn start_program(
        program: &str,
        args: &[&str],
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> Tui {
        Tui::start_sized(program, args, (cols, rows), (cols, rows), env)
    }

    /// A pty that reports `window` (columns, rows) to the program, read
    /// back through an emulator of `screen`: a window too large to emulate
    /// shows its top-left corner.
    pub fn start_sized(
        program: &str,
        args: &[&str],
        window: (u16, u16),
        screen: (u16, u16),
        env: &[(&str, &str)],
    ) -> Tui {
        let (cols, rows) = screen;
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: window.1,
                cols: window.0,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        // The same screen for everyone: the tests' own environment (no
        // user config, a UTF-8 locale), an xterm, the dark theme without
        // asking the terminal (tests that ask set it).
        for (name, value) in super::clean_env() {
            match value {
                Some(value) => cmd.env(name, value),
                None => cmd.env_remove(name),
            }
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env("TERTIAL_THEME", "dark");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("tertial starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let state = Arc::new(Mutex::new((vt100::Parser::new(rows, cols, 0), Vec::new())));
        let shared = Arc::clone(&state);
        let paused = Arc::new(AtomicBool::new(false));
        let pause = Arc::clone(&paused);
        let drained = Arc::new(AtomicBool::new(false));
        let all_read = Arc::clone(&drained);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                while pause.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(10));
                }
                let Ok(n) = reader.read(&mut buf) else {
                    break;
                };
                if n == 0 {
                    break;
                }
                let mut s = shared.lock().expect("lock");
                s.0.process(&buf[..n]);
                s.1.extend_from_slice(&buf[..n]);
            }
            all_read.store(true, Ordering::SeqCst);
        });
        Tui {
            child,
            writer: Arc::new(Mutex::new(writer)),
            state,
            paused,
            drained,
            _master: pair.master,
        }
    }

    pub fn send(&mut self, keys: &str) {
        self.send_bytes(keys.as_bytes());
    }

    /// Sends bytes in one write.
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        let mut writer = self.writer.lock().expect("lock");
        writer.write_all(bytes).expect("write keys");
        writer.flush().expect("flush");
    }

    /// Sends bytes from a thread of its own, for when the program may stop
    /// reading them; the write ends (failing) when the program does.
    pub fn send_in_background(&self, bytes: Vec<u8>) -> std::thread::JoinHandle<()> {
        let writer = Arc::clone(&self.writer);
        std::thread::spawn(move || {
            let mut writer = writer.lock().expect("lock");
            let _ = writer.write_all(&bytes).and_then(|()| writer.flush());
        })
    }

    /// Stops (`true`) or resumes reading what the program writes: a
    /// terminal, or an SSH client, that froze.
    pub fn pause_reading(&self, paused: bool) {
        self.paused.store(paused, Ordering::SeqCst);
    }

    /// Reports a new window size to the program (SIGWINCH).
    pub fn resize(&self, cols: u16, rows: u16) {
        self._master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
    }

    /// The program's peak memory (VmHWM), in KiB.
    pub fn peak_memory_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
            .expect("the process runs");
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM")
    }

    /// Each of the program's threads by name, with the kernel function it
    /// sleeps in (wchan).
    pub fn threads(&self) -> Vec<(String, String)> {
        let tasks = format!("/proc/{}/task", self.pid());
        let read = |task: &std::path::Path, file: &str| {
            std::fs::read_to_string(task.join(file)).map(|s| s.trim().to_string())
        };
        std::fs::read_dir(tasks)
            .map(|dir| {
                dir.filter_map(|t| {
                    let task = t.ok()?.path();
                    Some((read(&task, "comm").ok()?, read(&task, "wchan").ok()?))
                })
                .collect()
            })
            .unwrap_or_default()
    }

    /// Sends each byte of `keys` on its own, `gap` apart, from a thread of
    /// its own; it ends when all are sent or a write fails (the program has
    /// ended).
    pub fn type_in_background(&self, keys: Vec<u8>, gap: Duration) -> std::thread::JoinHandle<()> {
        let writer = Arc::clone(&self.writer);
        std::thread::spawn(move || {
            for key in keys {
                let mut writer = writer.lock().expect("lock");
                if writer
                    .write_all(&[key])
                    .and_then(|()| writer.flush())
                    .is_err()
                {
                    return;
                }
                drop(writer);
                std::thread::sleep(gap);
            }
        })
    }

    /// The screen as text, one line per row.
    pub fn screen(&self) -> String {
        self.state.lock().expect("lock").0.screen().contents()
    }

    pub fn bytes(&self) -> Vec<u8> {
        self.state.lock().expect("lock").1.clone()
    }

    /// Waits until `text` is on screen; panics with the screen if not.
    pub fn wait_for(&self, text: &str) {
        self.wait_until(&format!("'{text}' on screen"), |tui| {
            tui.screen().contains(text)
        });
    }

    /// Waits until `done` holds, polling; panics with `what` and the screen
    /// after [`DEADLINE`]. A deadline against a hang, never a measure of
    /// speed: on a loaded machine the condition comes late, not never.
    pub fn wait_until(&self, what: &str, mut done: impl FnMut(&Tui) -> bool) {
        let deadline = Instant::now() + DEADLINE;
        while Instant::now() < deadline {
            if done(self) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("never {what}; the screen:\n{}", self.screen());
    }

    /// Waits until the program is idle: every thread of it asleep and
    /// nothing new written, over several polls in a row. For a walk
    /// through keys whose screens are not known in advance; where a key's
    /// effect is known, wait for that instead.
    pub fn wait_quiet(&self) {
        let mut last = usize::MAX;
        let mut quiet = 0;
        self.wait_until("quiet", |tui| {
            let written = tui.bytes().len();
            let asleep = tui
                .states()
                .iter()
                .all(|s| matches!(s, 'S' | 'D' | 'T' | 't'));
            if written == last && asleep {
                quiet += 1;
            } else {
                quiet = 0;
            }
            last = written;
            quiet >= 10
        });
    }

    /// CPU clock ticks (normally 10 ms each) the program has used, all its
    /// threads, user and system time.
    pub fn cpu_ticks(&self) -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid()))
            .expect("the process runs");
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .expect("a stat line")
            .1
            .split_whitespace()
            .collect();
        // utime and stime: fields 14 and 15 of stat(5), 12 and 13 after the name.
        fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime")
    }

    /// The scheduler state (`R`, `S`, `T` …) of each of the program's
    /// threads.
    pub fn states(&self) -> Vec<char> {
        let tasks = format!("/proc/{}/task", self.pid());
        std::fs::read_dir(tasks)
            .map(|dir| {
                dir.filter_map(|t| {
                    let stat = std::fs::read_to_string(t.ok()?.path().join("stat")).ok()?;
                    stat.rsplit_once(')')?.1.trim_start().chars().next()
                })
                .collect()
            })
            .unwrap_or_default()
    }

    /// The text of the selected row: the one with the gutter mark (`▌`, or
    /// `>` in ASCII) and its name in reverse video. Empty if there is none.
    pub fn selected_row(&self) -> String {
        let state = self.state.lock().expect("lock");
        let screen = state.0.screen();
        let (rows, cols) = screen.size();
        // Skip the chrome: title, tabs and breadcrumb above, hints below.
        for row in 3..rows.saturating_sub(1) {
            let marked = screen
                .cell(row, 0)
                .is_some_and(|cell| matches!(cell.contents(), "▌" | ">"));
            let inverse = (2..cols).any(|c| screen.cell(row, c).is_some_and(|cell| cell.inverse()));
            if marked && inverse {
                return screen
                    .rows(0, cols)
                    .nth(usize::from(row))
                    .unwrap_or_default();
            }
        }
        String::new()
    }

    /// Waits for the process to end; its exit code. What it wrote last is
    /// on the screen by then (the pty is read to its end, for at most ten
    /// seconds more: another process may still hold it).
    pub fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + DEADLINE;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                let read_by = Instant::now() + Duration::from_secs(10);
                while !self.drained.load(Ordering::SeqCst) && Instant::now() < read_by {
                    std::thread::sleep(Duration::from_millis(5));
                }
                return status.exit_code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("tertial did not exit; the screen:\n{}", self.screen());
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a pid")
    }

    /// Sends a signal by name (`TERM`, `HUP`) to the process.
    pub fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .args([format!("-{name}"), self.pid().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
    }

    /// Closes the pseudo-terminal's master side, as a dropped SSH connection
    /// does, and returns the child to watch.
    pub fn hang_up(self) -> Box<dyn Child + Send + Sync> {
        let Tui {
            child,
            writer,
            _master,
            ..
        } = self;
        drop(writer);
        drop(_master);
        child
    }

    pub fn alternate_screen(&self) -> bool {
        self.state
            .lock()
            .expect("lock")
            .0
            .screen()
            .alternate_screen()
    }

    /// The foreground colour of the first cell of `text` on screen.
    pub fn colour_of(&self, text: &str) -> Option<vt100::Color> {
        let state = self.state.lock().expect("lock");
        let screen = state.0.screen();
        let (rows, cols) = screen.size();
        let lines: Vec<String> = screen.rows(0, cols).collect();
        for (row, line) in lines.iter().enumerate().take(usize::from(rows)) {
            if let Some(at) = line.find(text) {
                let col = line[..at].chars().count() as u16;
                return screen.cell(row as u16, col).map(|c| c.fgcolor());
            }
        }
        None
    }

    /// Whether the first cell of `text` on screen is bold (None: not shown).
    pub fn bold_of(&self, text: &str) -> Option<bool> {
        let state = self.state.lock().expect("lock");
        let screen = state.0.screen();
        let (rows, cols) = screen.size();
        let lines: Vec<String> = screen.rows(0, cols).collect();
        for (row, line) in lines.iter().enumerate().take(usize::from(rows)) {
            if let Some(at) = line.find(text) {
                let col = line[..at].chars().count() as u16;
                return screen.cell(row as u16, col).map(|c| c.bold());
            }
        }
        None
    }

    /// Waits until the program has written `bytes`, then sends `reply`: a
    /// terminal answering a query. False if the query never came.
    pub fn answer(&mut self, bytes: &[u8], reply: &str) -> bool {
        let deadline = Instant::now() + DEADLINE;
        while Instant::now() < deadline {
            if self.bytes().windows(bytes.len()).any(|w| w == bytes) {
                self.send(reply);
                return true;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        false
    }
}
