//! The terminal is given back on every way out, and a vanished terminal
//! ends the process instead of leaving it spinning.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failure

mod common;

use common::pty::Tui;
use std::time::Duration;

fn start() -> Tui {
    let tui = Tui::start(&["--demo"], 80, 24, &[("NO_COLOR", "1")]);
    tui.wait_for("Översikt ack oktober 2025");
    assert!(tui.alternate_screen());
    tui
}

fn restored(tui: &Tui) {
    std::thread::sleep(Duration::from_millis(100));
    assert!(!tui.alternate_screen(), "still on the alternate screen");
    let bytes = String::from_utf8_lossy(&tui.bytes()).into_owned();
    assert!(
        bytes.rfind("\x1b[?25h") > bytes.rfind("\x1b[?25l"),
        "cursor shown again"
    );
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    let mut tui = start();
    tui.signal("TERM");
    assert_eq!(tui.wait_exit(), 143);
    restored(&tui);
}

#[test]
fn sighup_restores_the_terminal_and_exits_129() {
    let mut tui = start();
    tui.signal("HUP");
    assert_eq!(tui.wait_exit(), 129);
    restored(&tui);
}

#[test]
fn sigquit_and_sigint_too() {
    for (name, code) in [("QUIT", 131), ("INT", 130)] {
        let mut tui = start();
        tui.signal(name);
        assert_eq!(tui.wait_exit(), code, "{name}");
        restored(&tui);
    }
}

/// A dropped SSH connection: the pseudo-terminal's master side closes. The
/// helper (Python's standard `pty`) makes tertial the session leader of a
/// fresh pty, as sshd does, so the hang-up is the kernel's own.
#[test]
fn a_dropped_connection_ends_the_process_within_3_seconds_without_spinning() {
    let helper = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/helpers/hangup.py");
    let out = std::process::Command::new("python3")
        .args([helper, env!("CARGO_BIN_EXE_tertial"), "Översikt", "3"])
        .output()
        .expect("python3 runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("\"first_frame\": true"),
        "{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        report.contains("\"exited\": true"),
        "still running 3 s after the hang-up: {report}"
    );
    // SIGHUP (129) or the failed read that comes with it (2), whichever the
    // process meets first; never a crash.
    assert!(
        report.contains("\"code\": 129") || report.contains("\"code\": 2}"),
        "a clean exit: {report}"
    );
    let ticks: u64 = report
        .split("\"ticks\": ")
        .nth(1)
        .and_then(|t| t.split([',', '}']).next())
        .and_then(|t| t.trim().parse().ok())
        .expect("ticks reported");
    // Clock ticks are 10 ms: under 0,3 s of CPU after the hang-up.
    assert!(ticks < 30, "{report}");
}

#[test]
fn ctrl_z_suspends_and_fg_redraws_everything() {
    // A real job-control shell in the pty, as on an SSH session.
    let bin = env!("CARGO_BIN_EXE_tertial");
    let mut shell = Tui::start_program(
        "bash",
        &["--norc", "--noprofile", "-i"],
        80,
        24,
        &[("PS1", "$ "), ("NO_COLOR", "1")],
    );
    shell.wait_for("$ ");
    shell.send(&format!("{bin} --demo\r"));
    shell.wait_for("Översikt ack oktober 2025");
    shell.send("2");
    shell.wait_for("Ekonomi (mkr)");
    shell.send("\x1a");
    shell.wait_for("Stopped");
    assert!(!shell.alternate_screen(), "the shell has its screen back");
    let before = shell.bytes().len();
    shell.send("fg\r");
    shell.wait_for("Ekonomi (mkr)");
    let resumed = String::from_utf8_lossy(&shell.bytes()[before..]).into_owned();
    assert!(
        !resumed.contains("\x1b[6n"),
        "no round-trip to the terminal on resume"
    );
    assert!(shell.alternate_screen());
    let screen = shell.screen();
    assert!(
        screen.contains("1 Översikt") && screen.contains("Sjukhusvård"),
        "redrawn whole:\n{screen}"
    );
    shell.send("q");
    shell.wait_for("$ ");
    shell.send("exit\r");
    shell.wait_exit();
}
