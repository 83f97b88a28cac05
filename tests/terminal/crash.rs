//! A real panic inside the cockpit: the terminal is given back first, then
//! color-eyre's report says the message and where it was raised, the exit
//! status is 101, and the only file left is the report to attach.
//!
//! The panic is the debug build's `TERTIAL_DEBUG_PANIC` key
//! (src/ui/terminal.rs), compiled out of release builds. The binary runs
//! under `sh -c`, which leaves the terminal's mode alone, and `stty -a`
//! then shows the mode the panic left.

use crate::common;

use common::pty::Tui;
use std::path::Path;

/// What one run of the script below left: the bytes written to the
/// terminal, the folders it could write to.
struct Crashed {
    tui: Tui,
    /// The working folder, empty before the run.
    work: tempfile::TempDir,
    /// `XDG_STATE_HOME`, where the report goes.
    state: tempfile::TempDir,
}

/// Starts the cockpit in an empty working folder, presses the panic key
/// and waits for the script to end. `stderr_to` sends the report to a
/// file instead of the terminal.
fn crash(env: &[(&str, &str)], stderr_to: Option<&Path>) -> Crashed {
    let work = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let redirect = stderr_to.map_or(String::new(), |p| format!("2>'{}'", p.display()));
    let script = format!(
        "cd '{}' && '{}' --demo {redirect}; echo \"status $?\"; stty -a",
        work.path().display(),
        env!("CARGO_BIN_EXE_tertial"),
    );
    let state_home = state.path().display().to_string();
    let mut env = env.to_vec();
    env.extend([
        ("XDG_STATE_HOME", state_home.as_str()),
        ("TERTIAL_DEBUG_PANIC", "x"),
        // The short report, whatever the test run's own setting.
        ("RUST_BACKTRACE", "0"),
    ]);
    let mut tui = Tui::start_program("sh", &["-c", &script], 80, 24, &env);
    tui.wait_for("Översikt ack oktober 2025");
    assert!(tui.alternate_screen());
    tui.send("x");
    assert_eq!(tui.wait_exit(), 0, "the script ran to its end");
    Crashed { tui, work, state }
}

impl Crashed {
    /// What was written after the cockpit left the alternate screen.
    fn after_leaving(&self) -> String {
        let bytes = String::from_utf8_lossy(&self.tui.bytes()).into_owned();
        let left = bytes
            .rfind("\x1b[?1049l")
            .expect("the alternate screen was left");
        bytes[left..].to_string()
    }

    /// The terminal as the panic left it: main screen, cursor shown,
    /// cooked mode (line editing and echo on, as `stty -a` says).
    fn assert_restored(&self) {
        assert!(
            !self.tui.alternate_screen(),
            "still on the alternate screen"
        );
        let bytes = String::from_utf8_lossy(&self.tui.bytes()).into_owned();
        assert!(
            bytes.rfind("\x1b[?25h") > bytes.rfind("\x1b[?25l"),
            "cursor shown again"
        );
        let after = self.after_leaving();
        let stty = &after[after.find("speed ").expect("stty -a ran")..];
        let flags: Vec<&str> = stty.split_whitespace().collect();
        for on in ["icanon", "echo", "isig"] {
            assert!(flags.contains(&on), "{on} is on again:\n{stty}");
        }
    }

    /// Exit status 101, and the report's file, the only one written:
    /// nothing in the working folder, one report in the state folder.
    fn assert_ended_with_one_report_file(&self) {
        let after = self.after_leaving();
        assert!(after.contains("status 101"), "{after}");
        assert_eq!(
            common::leftovers(self.work.path(), &[]),
            Vec::<String>::new()
        );
        let folder = self.state.path().join("tertial");
        let files = common::leftovers(&folder, &[]);
        assert_eq!(files.len(), 1, "{files:?}");
        assert!(files[0].starts_with("crash-") && files[0].ends_with(".txt"));
        let report = std::fs::read_to_string(folder.join(&files[0])).unwrap();
        assert!(
            report.contains("panic: ") && report.contains(MESSAGE),
            "{report}"
        );
    }
}

const MESSAGE: &str = "TERTIAL_DEBUG_PANIC: the key x was pressed";

/// color-eyre's panic report in `text`: the message and a location with a
/// file of the source and a line number.
fn assert_report(text: &str) {
    assert!(
        text.contains("The application panicked (crashed)."),
        "{text}"
    );
    assert!(text.contains(&format!("Message:  {MESSAGE}")), "{text}");
    let location = text
        .lines()
        .find_map(|l| l.trim_end().strip_prefix("Location: "))
        .unwrap_or_else(|| panic!("no location:\n{text}"));
    let (file, line) = location.rsplit_once(':').expect("file:line");
    assert!(
        file.starts_with("src/") && file.ends_with(".rs"),
        "{location}"
    );
    assert!(line.parse::<u32>().is_ok(), "{location}");
}

#[test]
fn a_panic_gives_the_terminal_back_then_reports_without_colour_under_no_color() {
    let crashed = crash(&[("NO_COLOR", "1")], None);
    crashed.assert_restored();
    let after = crashed.after_leaving();
    // After the sequences that gave the terminal back: no escape code.
    let report = &after["\x1b[?1049l".len()..];
    assert!(!report.contains('\x1b'), "{report:?}");
    assert_report(report);
    assert!(
        report.contains("a report to attach to a bug report is in"),
        "{report}"
    );
    crashed.assert_ended_with_one_report_file();
}

#[test]
fn a_report_to_a_file_has_no_escape_codes_even_with_colours_allowed() {
    let out = tempfile::tempdir().unwrap();
    let stderr = out.path().join("stderr.txt");
    let crashed = crash(&[], Some(&stderr));
    crashed.assert_restored();
    let report = std::fs::read_to_string(&stderr).unwrap();
    assert!(!report.contains('\x1b'), "{report:?}");
    assert_report(&report);
    crashed.assert_ended_with_one_report_file();
}

/// On a terminal and without NO_COLOR the report is in colour: the plain
/// reports above are a choice, not all the reporter can do.
#[test]
fn a_report_on_a_terminal_is_in_colour() {
    let crashed = crash(&[], None);
    crashed.assert_restored();
    let after = crashed.after_leaving();
    let panicked = after.find("The application panicked").expect("the report");
    assert!(after[..panicked].ends_with("\x1b[31m"), "{after:?}");
    crashed.assert_ended_with_one_report_file();
}
