//! The command line itself: the version names its commit, help fits the
//! terminal, a mistyped subcommand is named, shared options go before or
//! after the subcommand, completions offer values, the man page has its
//! sections and `diff` pages on a terminal.

use crate::common;

use common::{repo, tertial};

#[test]
fn the_version_names_the_commit_it_was_built_from() {
    let git = |args: &[&str]| {
        let out = common::command("git").args(args).output().unwrap();
        assert!(out.status.success(), "git {args:?}");
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let hash = git(&["rev-parse", "--short", "HEAD"]);
    let version = tertial(&["--version"]).stdout;
    assert!(
        version.starts_with(&format!("tertial 0.1.0 (commit {hash}")),
        "{version} (HEAD is {hash}, in {})",
        repo().display()
    );
}
