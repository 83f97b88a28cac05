//! A snapshot in a read-only folder opens for every command, and nothing is
//! written: no file appears beside it, its bytes and mtime stay the same.
//!
//! Root ignores file permissions, so when the tests run as root (CI
//! containers do) the commands run as `nobody` through `setpriv`, and the
//! test first proves that this user really cannot write there.

use crate::common;

use common::pty::Tui;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

const NOBODY: &str = "65534";

fn running_as_root() -> bool {
    let out = Command::new("id").arg("-u").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim() == "0"
}

/// `program args`, as an unprivileged user when we are root.
fn as_reader(program: &str, args: &[&str]) -> (String, Vec<String>) {
    let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    if running_as_root() {
        let mut wrapped: Vec<String> = [
            "--reuid",
            NOBODY,
            "--regid",
            NOBODY,
            "--clear-groups",
            program,
        ]
        .iter()
        .map(|a| a.to_string())
        .collect();
        wrapped.append(&mut all);
        ("setpriv".to_string(), wrapped)
    } else {
        (program.to_string(), all)
    }
}

fn run_as_reader(program: &str, args: &[&str]) -> std::process::Output {
    let (program, args) = as_reader(program, args);
    common::command(&program)
        .args(&args)
        .output()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"))
}

/// A read-only folder (mode 555) holding a read-only copy of the sample.
fn read_only_folder() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let outer = tempfile::tempdir().unwrap();
    std::fs::set_permissions(outer.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let folder = outer.path().join("delad mapp");
    std::fs::create_dir(&folder).unwrap();
    let snapshot = folder.join("ögonblick.db");
    std::fs::copy(common::repo().join("sample.db"), &snapshot).unwrap();
    std::fs::set_permissions(&snapshot, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    (outer, folder, snapshot)
}

fn listing(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_command_works_from_a_read_only_folder_and_writes_nothing() {
    let (_outer, folder, snapshot) = read_only_folder();
    let path = snapshot.to_str().unwrap();
    let before = std::fs::read(&snapshot).unwrap();
    let mtime = std::fs::metadata(&snapshot).unwrap().modified().unwrap();

    // The premise: the reader cannot create a file in this folder.
    let probe = folder.join("probe");
    let touch = run_as_reader("touch", &[probe.to_str().unwrap()]);
    assert!(
        !touch.status.success(),
        "the folder must be read-only for the reader"
    );

    let tertial = env!("CARGO_BIN_EXE_tertial");
    let check = run_as_reader(tertial, &["check", path]);
    // 1: warnings only, the sample's recorded self-contradictions.
    assert_eq!(
        check.status.code(),
        Some(1),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    let render = run_as_reader(tertial, &["render", "ekonomi", "--snapshot", path]);
    assert_eq!(render.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&render.stdout).contains("Sjukhusvård"));

    // The cockpit itself, in a terminal, walked through every pane.
    let (program, args) = as_reader(tertial, &[path]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut tui = Tui::start_program(&program, &args, 80, 24, &[("NO_COLOR", "1")]);
    tui.wait_for("Översikt ack oktober 2025");
    // Each pane by a line only it draws (the tab bar names them all).
    for (key, own_line) in [
        ("2", "Ekonomi (mkr)"),
        ("3", "Bara delmålen är bedömda"),
        ("4", "Sortering: slutdatum"),
        ("5", "senaste månad 2025-10"),
        ("6", "Senaste värdet i år"),
    ] {
        tui.send(key);
        tui.wait_for(own_line);
    }
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    assert_eq!(
        listing(&folder),
        ["ögonblick.db"],
        "nothing created beside it"
    );
    assert_eq!(std::fs::read(&snapshot).unwrap(), before, "bytes unchanged");
    assert_eq!(
        std::fs::metadata(&snapshot).unwrap().modified().unwrap(),
        mtime,
        "mtime unchanged"
    );
    // Writable again, so that the temporary folder can be removed.
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// `e` in a folder the user cannot write: one sentence in the footer, no
/// file, and the cockpit goes on.
#[test]
fn exporting_into_a_read_only_folder_says_so_and_writes_nothing() {
    let (_outer, folder, snapshot) = read_only_folder();
    let tertial = env!("CARGO_BIN_EXE_tertial");
    let (program, args) = as_reader(
        tertial,
        &[
            snapshot.to_str().unwrap(),
            "--export-dir",
            folder.to_str().unwrap(),
        ],
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut tui = Tui::start_program(&program, &args, 120, 30, &[("NO_COLOR", "1")]);
    tui.wait_for("Översikt");
    tui.send("2");
    tui.wait_for("Sjukhusvård");
    tui.send("e");
    tui.wait_for("(skrivskyddad); inget sparades.");
    tui.send("j");
    tui.wait_for("Enter öppna");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert_eq!(listing(&folder), ["ögonblick.db"], "nothing written");
}

/// `report -o` into a folder the user cannot write: one sentence, exit 2,
/// no file and no temporary file left.
#[test]
fn a_report_into_a_read_only_folder_is_one_sentence_and_leaves_nothing() {
    let (_outer, folder, snapshot) = read_only_folder();
    let out = folder.join("rapport.md");
    let output = run_as_reader(
        env!("CARGO_BIN_EXE_tertial"),
        &[
            "report",
            "--snapshot",
            snapshot.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("the folder is not writable"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert_eq!(listing(&folder), ["ögonblick.db"], "nothing written");
}
