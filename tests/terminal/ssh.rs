//! tertial over a real SSH session to 127.0.0.1 (`tests/helpers/ssh_session.py`
//! starts its own sshd on a free port): the client stopped while frames are
//! sent and then tertial sent SIGTERM, the client killed, the client stopped
//! and then killed, Ctrl-Z and then the client killed. Each time tertial
//! ends (within a generous deadline: how soon is measured by hand, README),
//! spending next to no CPU meanwhile, and a hang-up ends it with 129, never
//! a crash.
//!
//! They need OpenSSH's sshd (`apt-get install openssh-server`), so they are
//! ignored by a plain `cargo test` (counted as ignored, never passed);
//! `.ci/run` installs sshd and runs them with `--ignored`, where a missing
//! sshd fails them.

use crate::common;

#[test]
#[ignore = "needs sshd (openssh-server); .ci/run runs it"]
fn a_client_stopped_while_frames_are_sent_and_tertial_sent_sigterm() {
    ends_tertial("stop-term", 1);
}

#[test]
#[ignore = "needs sshd (openssh-server); .ci/run runs it"]
fn a_client_stopped_while_frames_are_sent_and_then_killed() {
    ends_tertial("stop-kill", 1);
}

#[test]
#[ignore = "needs sshd (openssh-server); .ci/run runs it"]
fn a_client_killed_while_tertial_idles() {
    ends_tertial("kill-client", 2);
}

#[test]
#[ignore = "needs sshd (openssh-server); .ci/run runs it"]
fn ctrl_z_in_a_remote_shell_and_then_the_client_killed() {
    ends_tertial("ctrlz-kill", 2);
}

/// Runs `rounds` rounds of one way an SSH session ends and checks that
/// tertial never stays behind. One test per scenario, so that they share
/// the test threads (most of each round is waiting).
fn ends_tertial(scenario: &str, rounds: usize) {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = dir.path().join("small.db");
    let run = common::tertial(&["gen", "--scale", "small", "-o", snapshot.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.all());
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
    assert!(
        !report.contains("\"skipped\""),
        "{scenario}: this test needs OpenSSH's sshd, ssh and ssh-keygen \
         (apt-get install openssh-server): {report}"
    );
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
        // Clock ticks of 10 ms: at most 0,1 s of CPU until it was gone (a
        // process that spun while it lingered would use far more).
        let ticks = common::json_number(line, "ticks").unwrap();
        assert!(ticks <= 10.0, "{scenario}: {line}");
    }
}
