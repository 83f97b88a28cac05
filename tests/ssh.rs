//! tertial over a real SSH session to 127.0.0.1 (`tests/helpers/ssh_session.py`
//! starts its own sshd on a free port): the client stopped while frames are
//! sent and then tertial sent SIGTERM, the client killed, the client stopped
//! and then killed, Ctrl-Z and then the client killed. Each time tertial is
//! gone within a second, spending no CPU meanwhile, and a hang-up ends it
//! with 129, never a crash.
//!
//! Needs OpenSSH's sshd (`apt-get install openssh-server`); where it is not
//! installed the test says so and passes without running (README has the
//! manual check and its result).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failure

mod common;

#[test]
fn an_ssh_session_that_stalls_or_drops_never_leaves_tertial_behind() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = dir.path().join("small.db");
    let run = common::tertial(&["gen", "--scale", "small", "-o", snapshot.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.all());
    for (scenario, rounds) in [
        ("stop-term", 1),
        ("stop-kill", 1),
        ("kill-client", 2),
        ("ctrlz-kill", 2),
    ] {
        let rounds_text = rounds.to_string();
        let (report, stderr) = common::helper(
            "ssh_session.py",
            &[
                env!("CARGO_BIN_EXE_tertial"),
                snapshot.to_str().unwrap(),
                scenario,
                &rounds_text,
            ],
        );
        if report.contains("\"skipped\"") {
            eprintln!("skipped: {report}");
            return;
        }
        let lines: Vec<&str> = report.lines().collect();
        assert_eq!(lines.len(), rounds, "{scenario}: {report}{stderr}");
        for line in lines {
            assert!(line.contains("\"first_frame\": true"), "{scenario}: {line}");
            if scenario.starts_with("stop") {
                assert!(
                    line.contains("\"stuck\": true"),
                    "{scenario}: frames were stuck: {line}"
                );
            }
            if scenario == "ctrlz-kill" {
                assert!(line.contains("\"stopped\": true"), "{scenario}: {line}");
                assert!(
                    line.contains("\"code\": 129"),
                    "{scenario}: ended as SIGHUP asks: {line}"
                );
            }
            assert!(
                line.contains("\"gone\": true"),
                "{scenario}: still running: {line}"
            );
            let seconds = common::json_number(line, "seconds").unwrap();
            assert!(seconds < 1.0, "{scenario}: gone after {seconds} s: {line}");
            // Clock ticks of 10 ms: at most 0,1 s of CPU until it was gone.
            let ticks = common::json_number(line, "ticks").unwrap();
            assert!(ticks <= 10.0, "{scenario}: {line}");
        }
    }
}
