//! Command output into a pipe that closes early (`tertial check big.db |
//! head`) ends the program quietly, as the shell expects: no panic message.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failure

use std::io::Read;
use std::process::{Command, Stdio};

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tertial"))
        .args([
            "render", "ekonomi", "--demo", "--size", "500x300", "--color",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then close the pipe: the rest (about 150 kB, more than
    // a pipe holds) has nowhere to go.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(141), "128 + SIGPIPE; stderr: {stderr}");
    assert!(stderr.is_empty(), "nothing said: {stderr}");
}
