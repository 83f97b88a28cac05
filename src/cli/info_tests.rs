//! `info.rs`'s unit tests, in a file of their own: they parse whole
//! command lines through `args.rs`, which names every command.

use super::super::Command;
use super::super::args::tests::parse;
use super::*;
use std::path::PathBuf;

fn args(line: &[&str]) -> Args {
    match parse(line).map(|c| c.command) {
        Ok(Some(Command::Info(args))) => args,
        _ => panic!("not info: {line:?}"),
    }
}

#[test]
fn takes_what_the_cockpit_takes_but_the_reading_marks() {
    let line = args(&[
        "info",
        "b.db",
        "--theme",
        "mono",
        "--mouse=false",
        "--no-osc52",
    ]);
    assert_eq!(line.source.snapshot, Some(PathBuf::from("b.db")));
    let layer = line.look.layer(&line.interact);
    assert_eq!(layer.mouse, Some(false));
    assert_eq!(layer.copy, Some(false));
    assert!(args(&["info", "--demo"]).source.demo);
    assert!(parse(&["info", "--since", "old.db"]).is_err());
}
