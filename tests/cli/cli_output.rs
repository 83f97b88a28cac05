//! Command output into a pipe that closes early (`tertial check big.db |
//! head`) ends the program quietly, as the shell expects: no panic message.

use crate::common;
use std::io::Read;
use std::process::Stdio;

/// The program ended as the shell expects of a closed pipe: by SIGPIPE's
/// status, saying nothing.
fn ends_quietly(mut child: std::process::Child) {
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

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let mut child = common::command(env!("CARGO_BIN_EXE_tertial"))
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
    ends_quietly(child);
}

/// `gen`'s one line into a pipe already closed: the file is written, and
/// the program ends as the shell expects, not with a panic report.
#[test]
fn gen_into_a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("small.db");
    let mut child = common::command(env!("CARGO_BIN_EXE_tertial"))
        .args(["gen", "--scale", "small", "-o"])
        .arg(&out)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    ends_quietly(child);
    assert!(out.is_file(), "the snapshot is written all the same");
}

/// Every argument an error message quotes is made printable: a crafted
/// `--period`, `--keys`, pane name, `--theme`, size, date or unknown option
/// cannot set the window title.
#[test]
fn echoed_arguments_are_made_printable() {
    let title = "\u{1b}]0;PWNED\u{7}";
    let c1 = "\u{9b}2J";
    for (args, says) in [
        (
            vec!["render", "ekonomi", "--demo", "--period", title],
            "no period '␛]0;PWNED␇'",
        ),
        (
            vec![
                "render",
                "ekonomi",
                "--demo",
                "--keys",
                &format!("<{title}>"),
            ],
            "unknown key <␛]0;PWNED␇>",
        ),
        (vec!["render", title, "--demo"], "unknown pane '␛]0;PWNED␇'"),
        (
            vec!["render", "ekonomi", "--demo", "--theme", title],
            "unknown theme '␛]0;PWNED␇'",
        ),
        (vec!["--theme", c1, "--demo"], "unknown theme '⟨U+009B⟩2J'"),
        (
            vec!["render", "ekonomi", "--demo", "--size", title],
            "size must be",
        ),
        (
            vec![
                "render",
                "ekonomi",
                "--demo",
                "--size",
                &format!("{title}x3"),
            ],
            "bad width '␛]0;PWNED␇'",
        ),
        (
            vec!["render", "ekonomi", "--demo", "--today", title],
            "bad date '␛]0;PWNED␇'",
        ),
        (
            vec!["gen", "--scale", title, "-o", "/nonexistent/x.db"],
            "unknown scale '␛]0;PWNED␇'",
        ),
        // clap's own echo of an unknown option: at least never raw.
        (vec![&format!("--{title}")], "unexpected argument"),
    ] {
        let out = common::command(env!("CARGO_BIN_EXE_tertial"))
            .args(&args)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            !out.stderr.iter().any(|&b| b == 0x1b || b == 0x07) && !stderr.contains('\u{9b}'),
            "{args:?} reached the terminal raw: {stderr:?}"
        );
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}
