//! The progress line of long work: drawn on a terminal, absent otherwise.

use crate::common;

use common::pty::Tui;

#[test]
fn gen_on_a_terminal_shows_its_steps_and_clears_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("small.db");
    let args = ["gen", "--scale", "small", "-o", out.to_str().unwrap()];
    let mut tui = Tui::start(&args, 120, 10, &[]);
    assert_eq!(tui.wait_exit(), 0, "{}", tui.screen());
    let written = String::from_utf8_lossy(&tui.bytes()).into_owned();
    assert!(written.contains("/9 organisation"), "{written:?}");
    assert!(written.contains("/9 kontroll"), "{written:?}");
    // What stays on the screen is the summary alone.
    assert!(!tui.screen().contains("organisation ["), "{}", tui.screen());
    assert!(tui.screen().contains("wrote "), "{}", tui.screen());
}

#[test]
fn gen_into_a_pipe_says_nothing_extra() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("small.db");
    let run = common::tertial(&["gen", "--scale", "small", "-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(run.stderr, "");
    assert!(run.stdout.starts_with("wrote "), "{}", run.stdout);
}

#[test]
fn import_on_a_terminal_counts_the_rows_of_each_table() {
    let dir = tempfile::tempdir().unwrap();
    let folder = common::import_folder(dir.path(), 100_000);
    let out = dir.path().join("big.db");
    let args = [
        "import",
        folder.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    let mut tui = Tui::start(&args, 120, 10, &[]);
    assert_eq!(tui.wait_exit(), 0, "{}", tui.screen());
    let written = String::from_utf8_lossy(&tui.bytes()).into_owned();
    assert!(written.contains("economy_fact"), "{written:?}");
    // Rows are told every 10 000 (how many are drawn depends on the pace).
    assert!(written.contains("0 000 rader,"), "{written:?}");
    assert!(written.contains("kontroll"), "{written:?}");
}
