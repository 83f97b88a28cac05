//! The cockpit under an unlucky or hostile terminal: one that stops
//! reading, bursts and pastes of any size, absurd window sizes. Whatever
//! the terminal does, keys and signals are answered and the terminal is
//! given back.

use crate::common;

use common::pty::{DEADLINE, Tui};
use std::time::{Duration, Instant};

const FIRST_FRAME: &str = "Översikt ack oktober 2025";

fn start(cols: u16, rows: u16) -> Tui {
    let tui = Tui::start(&["--demo"], cols, rows, &[("NO_COLOR", "1")]);
    tui.wait_for(FIRST_FRAME);
    tui
}

/// Waits until the process has ended, for at most [`DEADLINE`] (against a
/// hang; how soon it ends is measured by hand, README); its exit code and
/// how long it took, for the message.
fn gone_after(tui: &mut Tui) -> (Option<u32>, Duration) {
    let start = Instant::now();
    while start.elapsed() < DEADLINE {
        if let Some(status) = tui.child.try_wait().expect("try_wait") {
            return (Some(status.exit_code()), start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    (None, start.elapsed())
}

/// A terminal that stops reading: keys that redraw (pane switches) are
/// typed until one of the program's writes to the terminal is stuck (a
/// thread other than the one reading keys sleeps in the tty layer).
fn freeze(tui: &Tui) {
    tui.pause_reading(true);
    tui.type_in_background(b"2345".repeat(1000), Duration::from_millis(5));
    let deadline = Instant::now() + DEADLINE;
    let stuck = |tui: &Tui| {
        tui.threads()
            .iter()
            .any(|(name, wchan)| name != "terminal-reader" && wchan == "wait_woken")
    };
    while !stuck(tui) {
        assert!(
            Instant::now() < deadline,
            "no write got stuck: {:?}",
            tui.threads()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_frozen_terminal_does_not_stop_a_signal_from_ending_the_process() {
    for (name, code) in [("TERM", 143), ("HUP", 129), ("INT", 130), ("QUIT", 131)] {
        let mut tui = start(160, 50);
        freeze(&tui);
        tui.signal(name);
        let (exit, took) = gone_after(&mut tui);
        assert_eq!(exit, Some(code), "SIG{name}: still running after {took:?}");
    }
}

#[test]
fn a_frozen_terminal_does_not_stop_q_from_quitting() {
    let mut tui = start(160, 50);
    freeze(&tui);
    // The program keeps reading keys while its frames wait.
    tui.send("q");
    let (exit, took) = gone_after(&mut tui);
    assert_eq!(exit, Some(0), "still running after {took:?}");
}

/// A paste without bracketed paste (or a backlog of keys) arrives as one
/// burst of keys: text with every command key in it (`e` writes a file,
/// `q` quits, digits switch panes). None of it runs: the cockpit says so in
/// one line, writes no file, stays where it was, and a `q` pressed after
/// it quits. Also 200 kB, and a burst of keys that move.
#[test]
fn a_burst_of_keys_runs_no_command_and_q_after_it_quits() {
    let text = "Sjukhusvården exporterar 2 3 4 e e e q Q [ ] \r";
    let burst = |n: usize| text.chars().cycle().take(n).collect::<String>();
    for burst in [burst(2000), burst(200_000), "jkjk".repeat(750)] {
        let exports = tempfile::tempdir().unwrap();
        let export_dir = exports.path().to_str().unwrap();
        let mut tui = Tui::start(
            &["--demo"],
            80,
            24,
            &[("NO_COLOR", "1"), ("TERTIAL_EXPORT_DIR", export_dir)],
        );
        tui.wait_for(FIRST_FRAME);
        tui.send_bytes(burst.as_bytes());
        tui.wait_for("kom på en gång");
        assert!(tui.screen().contains(FIRST_FRAME), "{}", tui.screen());
        // A person presses q until it takes: a press within the burst's
        // tail (150 ms) is part of it.
        let deadline = Instant::now() + DEADLINE;
        let exit = loop {
            assert!(Instant::now() < deadline, "q never took: {}", tui.screen());
            tui.send("q");
            // Given a moment to take it (not a measure of speed: a press
            // that is not taken is simply pressed again).
            let pressed = Instant::now();
            while pressed.elapsed() < Duration::from_millis(400) {
                if tui.child.try_wait().expect("try_wait").is_some() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            if let Some(status) = tui.child.try_wait().expect("try_wait") {
                break status.exit_code();
            }
        };
        assert_eq!(exit, 0, "{} bytes", burst.len());
        let written: Vec<_> = std::fs::read_dir(exports.path()).unwrap().collect();
        assert!(
            written.is_empty(),
            "{} bytes wrote {written:?}",
            burst.len()
        );
    }
}

fn trimmed(screen: &str) -> String {
    screen
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

fn paste(text: &str) -> Vec<u8> {
    [b"\x1b[200~", text.as_bytes(), b"\x1b[201~"].concat()
}

#[test]
fn bracketed_paste_is_turned_on_and_off_again() {
    let mut tui = start(80, 24);
    assert!(String::from_utf8_lossy(&tui.bytes()).contains("\x1b[?2004h"));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let bytes = String::from_utf8_lossy(&tui.bytes()).into_owned();
    assert!(bytes.rfind("\x1b[?2004l") > bytes.rfind("\x1b[?2004h"));
}

#[test]
fn a_paste_outside_the_search_prompt_is_ignored_as_a_whole() {
    for size in [30, 3000, 200_000] {
        let mut tui = start(80, 24);
        let screen = tui.screen();
        // Keys that would switch panes, search and quit, pasted.
        let text: String = "2/j[q\r".chars().cycle().take(size).collect();
        tui.send_bytes(&paste(&text));
        tui.send("?");
        tui.wait_for("Tangenter");
        tui.send("x");
        // The header stays visible under the help overlay: wait for the
        // overlay to go, not only for the header.
        tui.wait_until("the help closed", |tui| {
            let now = tui.screen();
            now.contains(FIRST_FRAME) && !now.contains("Tangenter")
        });
        assert_eq!(
            trimmed(&tui.screen()),
            trimmed(&screen),
            "a paste of {size} bytes"
        );
        tui.send("q");
        assert_eq!(tui.wait_exit(), 0);
    }
}

#[test]
fn a_paste_in_the_search_prompt_is_typed_up_to_its_limit() {
    let mut tui = start(120, 30);
    tui.send("/");
    tui.wait_for("Sök:");
    tui.send_bytes(&paste("anslag och"));
    tui.wait_for("Sök: anslag och");
    tui.send("\r");
    tui.wait_for("Ekonomi (mkr)");
    tui.send("/");
    tui.wait_for("Sök:");
    let long: String = "abcdefghij".repeat(20_000);
    tui.send_bytes(&paste(&long));
    let shown = "abcdefghij".repeat(10);
    tui.wait_for(&format!("Sök: {shown}"));
    assert!(!tui.screen().contains(&format!("{shown}a")), "at most 100");
    tui.send("\x1bq");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn an_absurd_window_size_is_drawn_at_most_1000_by_500_with_a_note() {
    let bin = env!("CARGO_BIN_EXE_tertial");
    for window in [
        (65535, 65535),
        (3000, 3000),
        (1001, 24),
        (80, 501),
        (65535, 1),
    ] {
        let mut tui = Tui::start_sized(bin, &["--demo"], window, (100, 30), &[("NO_COLOR", "1")]);
        let note = format!("Fönstret är {}×{} tecken", window.0, window.1);
        tui.wait_until(&format!("{window:?}: the note"), |tui| {
            String::from_utf8_lossy(&tui.bytes()).contains(&note)
        });
        // The emulator is smaller than the window (it wraps what falls
        // outside it), so look for the first frame in what was sent.
        let sent = String::from_utf8_lossy(&tui.bytes()).into_owned();
        if window.1 > 3 {
            assert!(sent.contains(FIRST_FRAME), "{window:?}: drawn");
        }
        let kib = tui.peak_memory_kib();
        assert!(kib < 400 * 1024, "{window:?}: {kib} KiB");
        tui.send("q");
        assert_eq!(tui.wait_exit(), 0, "{window:?}");
    }
}

#[test]
fn a_window_resized_to_an_absurd_size_and_back_is_drawn_whole() {
    let mut tui = start(100, 30);
    tui.resize(65535, 65535);
    tui.wait_until("the note", |tui| {
        String::from_utf8_lossy(&tui.bytes()).contains("Fönstret är 65535×65535")
    });
    tui.resize(100, 30);
    tui.send("2");
    tui.wait_for("Ekonomi (mkr)");
    assert!(tui.peak_memory_kib() < 400 * 1024);
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
