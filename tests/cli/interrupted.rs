//! Ctrl-C, SIGTERM or a hang-up while `gen` or `import` writes: the
//! temporary files beside the target are removed and the target is as it
//! was; one a killed run left behind is removed by the next run.

use crate::common;
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// The names in `dir` that start with `.tertial`.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tertial"))
        .collect()
}

/// Starts `tertial args` and waits until it has a temporary file in `dir`.
fn started(args: &[&str], dir: &Path) -> Child {
    let mut child = common::command(env!("CARGO_BIN_EXE_tertial"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while temporaries(dir).is_empty() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "{args:?} ended before it wrote a temporary file"
        );
        assert!(Instant::now() < deadline, "{args:?}: no temporary file");
        std::thread::sleep(Duration::from_millis(2));
    }
    child
}

fn interrupt(child: &mut Child, signal: &str) -> i32 {
    let pid = child.id().to_string();
    let sent = Command::new("kill")
        .args([&format!("-{signal}"), &pid])
        .status();
    assert!(sent.unwrap().success());
    let status = child.wait().unwrap();
    use std::os::unix::process::ExitStatusExt;
    status
        .code()
        .unwrap_or_else(|| 128 + status.signal().unwrap_or(0))
}

#[test]
fn gen_interrupted_leaves_nothing_and_the_old_file_whole() {
    for (signal, code) in [("INT", 130), ("TERM", 143), ("HUP", 129)] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("region.db");
        std::fs::copy(common::repo().join("sample.db"), &out).unwrap();
        let before = std::fs::read(&out).unwrap();
        let args = ["gen", "--scale", "region", "-o", out.to_str().unwrap()];
        let mut child = started(&args, dir.path());
        assert_eq!(interrupt(&mut child, signal), code, "SIG{signal}");
        assert_eq!(temporaries(dir.path()), Vec::<String>::new(), "SIG{signal}");
        assert_eq!(std::fs::read(&out).unwrap(), before, "SIG{signal}");
    }
}

#[test]
fn import_interrupted_leaves_no_staging_file() {
    let dir = tempfile::tempdir().unwrap();
    let folder = common::import_folder(dir.path(), 400_000);
    let out = dir.path().join("big.db");
    let args = [
        "import",
        folder.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    let mut child = started(&args, dir.path());
    assert_eq!(interrupt(&mut child, "INT"), 130);
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
    assert!(!out.exists());
}

/// A run killed outright (SIGKILL: nothing can clean up) leaves its
/// temporary file; the next run in that folder recognises it as a tertial
/// temporary of a process that is gone and removes it. One of a process
/// still running (this test's) is left alone.
#[test]
fn the_next_run_removes_what_a_killed_run_left() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("region.db");
    let mut child = started(
        &["gen", "--scale", "region", "-o", out.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(interrupt(&mut child, "KILL"), 137);
    let left = temporaries(dir.path());
    assert!(!left.is_empty(), "SIGKILL leaves its file");
    let alive = format!(".tertial-gen-{}-abcdef.tmp", std::process::id());
    std::fs::write(dir.path().join(&alive), "another run's work").unwrap();
    let mine = dir.path().join("mine.tmp");
    std::fs::write(&mine, "not tertial's").unwrap();
    let run = common::tertial(&["gen", "--scale", "small", "-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(temporaries(dir.path()), vec![alive]);
    assert!(mine.exists());
}
