//! The terminal is given back on every way out, and a vanished terminal
//! ends the process instead of leaving it spinning.

use crate::common;

use common::pty::Tui;

fn start() -> Tui {
    let tui = Tui::start(&["--demo"], 80, 24, &[("NO_COLOR", "1")]);
    tui.wait_for("Översikt ack oktober 2025");
    assert!(tui.alternate_screen());
    tui
}

/// After [`Tui::wait_exit`], which reads the pty to its end.
fn restored(tui: &Tui) {
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
/// fresh pty, as sshd does, so the hang-up is the kernel's own. (How soon
/// it ends is measured by hand, README; here a generous deadline.)
#[test]
fn a_dropped_connection_ends_the_process_without_spinning() {
    let (report, stderr) = common::helper(
        "hangup.py",
        &[env!("CARGO_BIN_EXE_tertial"), "Översikt", "60"],
    );
    assert!(report.contains("\"first_frame\": true"), "{report}{stderr}");
    assert!(
        report.contains("\"exited\": true"),
        "still running a minute after the hang-up: {report}"
    );
    // As SIGHUP asks, whether the signal or the failed read comes first;
    // never a crash.
    assert!(report.contains("\"code\": 129"), "a clean exit: {report}");
    let ticks = common::json_number(&report, "ticks").expect("ticks reported");
    // Clock ticks are 10 ms: under 0,3 s of CPU after the hang-up.
    assert!(ticks < 30.0, "{report}");
}

/// tertial started from a real job-control shell in the pty, as on an SSH
/// session; shown.
fn in_a_shell() -> Tui {
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
    shell
}

#[test]
fn ctrl_z_suspends_and_fg_redraws_everything() {
    let mut shell = in_a_shell();
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

/// Runs `tests/helpers/jobshell.py` (a pty with a job-control shell, as an
/// SSH session has): one JSON line per round.
fn jobshell(scenario: &str, rounds: usize) -> Vec<String> {
    let rounds_text = rounds.to_string();
    let (report, stderr) = common::helper(
        "jobshell.py",
        &[
            env!("CARGO_BIN_EXE_tertial"),
            "Översikt ack oktober 2025",
            scenario,
            &rounds_text,
        ],
    );
    let lines: Vec<String> = report.lines().map(String::from).collect();
    assert_eq!(lines.len(), rounds, "{report}{stderr}");
    lines
}

/// Every round ended with 129, as SIGHUP asks, never with a crash (an
/// abort is signal 6, or 134 through a shell).
fn all_hung_up(scenario: &str, rounds: usize) {
    for line in jobshell(scenario, rounds) {
        assert!(line.contains("\"first_frame\": true"), "{scenario}: {line}");
        assert!(line.contains("\"stopped\": true"), "{scenario}: {line}");
        assert!(
            line.contains("\"code\": 129") && line.contains("\"signal\": 0"),
            "{scenario}: {line}"
        );
    }
}

#[test]
fn ctrl_z_then_a_hang_up_ends_with_129_every_time() {
    all_hung_up("ctrlz-hangup", 6);
    all_hung_up("ctrlz-fg-ctrlz-hangup", 3);
    all_hung_up("tstp-hangup", 3);
}

#[test]
fn a_hang_up_while_a_write_is_stuck_ends_with_129_every_time() {
    all_hung_up("stuck-hangup", 6);
}

#[test]
fn sigtstp_from_kill_gives_the_terminal_back_and_fg_takes_it_again() {
    let mut shell = in_a_shell();
    let pid = tertial_pid(&shell);
    for round in 0..3 {
        let before = shell.bytes().len();
        kill("TSTP", pid);
        wait_after(&shell, before, "Stopped", round);
        assert!(
            !shell.alternate_screen(),
            "round {round}: the shell has its screen"
        );
        let bytes = String::from_utf8_lossy(&shell.bytes()).into_owned();
        assert!(
            bytes.rfind("\x1b[?25h") > bytes.rfind("\x1b[?25l"),
            "round {round}: cursor shown"
        );
        if round == 1 {
            // Woken without the terminal: it stops again, asking for it.
            kill("CONT", pid);
            shell.wait_until("stopped again after SIGCONT", |_| {
                process_state(pid) == Some('T')
            });
        }
        shell.send("fg\r");
        shell.wait_for("Sjukhusvård");
        assert!(shell.alternate_screen());
        // Keys are read in raw mode again: one key acts, nothing echoes.
        shell.send(if round % 2 == 0 { "2" } else { "1" });
        shell.wait_for(if round % 2 == 0 {
            "Ekonomi (mkr)"
        } else {
            "Översikt ack oktober 2025"
        });
    }
    shell.send("q");
    shell.wait_for("$ ");
    shell.send("exit\r");
    shell.wait_exit();
}

/// Waits until `text` was sent after the first `from` bytes.
fn wait_after(tui: &Tui, from: usize, text: &str, round: usize) {
    tui.wait_until(&format!("round {round}: '{text}' sent"), |tui| {
        String::from_utf8_lossy(&tui.bytes()[from..]).contains(text)
    });
}

/// The scheduler state of process `pid` (`T` when stopped).
fn process_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}

/// The pid of the tertial started in a shell in `tui`.
fn tertial_pid(tui: &Tui) -> u32 {
    let shell = tui.pid().to_string();
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
        .find(|n| {
            std::fs::read_to_string(format!("/proc/{n}/stat")).is_ok_and(|s| {
                s.rsplit_once(')')
                    .and_then(|(_, rest)| rest.split_whitespace().nth(1).map(|p| p == shell))
                    .unwrap_or(false)
            })
        })
        .expect("tertial runs under the shell")
        .parse()
        .unwrap()
}

fn kill(signal: &str, pid: u32) {
    let status = std::process::Command::new("kill")
        .args([format!("-{signal}"), pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Ctrl-C ends the process whatever the event loop is doing. Here its
/// thread is frozen (ptrace, as a debugger does), as one step of SQL that
/// runs for minutes freezes it: nothing inside SQLite can stop such a step,
/// so a Ctrl-C the loop has not taken within a second ends the process.
/// (The second is the program's; the test waits a generous minute.)
#[test]
fn ctrl_c_ends_the_process_even_when_the_event_loop_is_frozen() {
    let (report, stderr) = common::helper(
        "freeze_main.py",
        &[
            env!("CARGO_BIN_EXE_tertial"),
            "Översikt ack oktober 2025",
            "60",
        ],
    );
    assert!(report.contains("\"frozen\": true"), "{report}{stderr}");
    assert!(
        report.contains("\"exited\": true"),
        "Ctrl-C did nothing: {report}"
    );
    assert!(report.contains("\"code\": 130"), "{report}");
}

/// Idle means idle: once the cockpit has drawn and nothing happens, it
/// spends no CPU and writes nothing. Watched through /proc over a window of
/// two seconds with a generous bound: a busy loop would use the whole
/// window (about 200 ticks) and be seen running; an idle one uses none.
#[test]
fn an_idle_cockpit_uses_no_cpu_and_writes_nothing() {
    let mut tui = start();
    tui.send("2");
    tui.wait_for("Ekonomi (mkr)");
    tui.wait_quiet();
    let (ticks, bytes) = (tui.cpu_ticks(), tui.bytes().len());
    let mut running = 0;
    for _ in 0..40 {
        // The window of the measurement, not a wait for anything.
        std::thread::sleep(std::time::Duration::from_millis(50));
        running += tui.states().iter().filter(|s| **s == 'R').count();
    }
    let used = tui.cpu_ticks() - ticks;
    assert_eq!(tui.bytes().len(), bytes, "nothing written while idle");
    assert!(used <= 5, "{used} clock ticks of CPU in two idle seconds");
    assert!(running <= 2, "seen running {running} times in 40 looks");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
