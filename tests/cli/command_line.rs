//! The command line itself: the version names its commit, help fits the
//! terminal, a mistyped subcommand is named, shared options go before or
//! after the subcommand, completions offer values, the man page has its
//! sections and `diff` pages on a terminal.

use crate::common;

use common::{repo, tertial, tertial_with};

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

#[test]
fn help_wraps_to_the_terminals_width() {
    for columns in ["60", "100"] {
        let help = tertial_with(&["render", "--help"], &[("COLUMNS", columns)]).stdout;
        let widest = help.lines().map(|l| l.chars().count()).max().unwrap();
        assert!(
            widest <= columns.parse().unwrap() && widest > 40,
            "{widest} columns at {columns}:\n{help}"
        );
    }
}

#[test]
fn a_mistyped_subcommand_is_named_not_taken_for_a_file() {
    for (typed, meant) in [("rendr", "render"), ("chekc", "check"), ("dif", "diff")] {
        let out = tertial(&[typed, "oversikt"]);
        assert_eq!(out.code, 2, "{}", out.all());
        assert_eq!(
            out.stderr,
            format!("tertial: {typed}: no such file; did you mean `tertial {meant}`?\n")
        );
        assert_eq!(out.stdout, "");
    }
    // A word near no subcommand is a snapshot that is not there.
    let out = tertial(&["budget.db"]);
    assert_eq!(out.code, 2);
    assert!(!out.stderr.contains("did you mean"), "{}", out.stderr);
}

#[test]
fn shared_options_may_come_before_the_subcommand() {
    let after = tertial(&[
        "render", "oversikt", "--demo", "--theme", "light", "--format", "ansi",
    ]);
    assert_eq!(after.code, 0, "{}", after.all());
    for before in [
        &[
            "--theme", "light", "render", "oversikt", "--demo", "--format", "ansi",
        ][..],
        &[
            "--theme=light",
            "render",
            "oversikt",
            "--demo",
            "--format",
            "ansi",
        ][..],
    ] {
        let out = tertial(before);
        assert_eq!(out.code, 0, "{before:?}: {}", out.all());
        assert_eq!(out.stdout, after.stdout, "{before:?}");
    }
    let dark = tertial(&[
        "--theme", "dark", "render", "oversikt", "--demo", "--format", "ansi",
    ]);
    assert_ne!(dark.stdout, after.stdout, "the theme is not ignored");
    let info = tertial(&["--no-osc52", "--ascii", "info", "--demo"]);
    assert_eq!(info.code, 0, "{}", info.all());
    assert!(
        info.stdout.contains("copy:") && info.stdout.contains("off (the command line)"),
        "{}",
        info.stdout
    );
    assert!(info.stdout.contains("on (--ascii)"), "{}", info.stdout);
    // What a subcommand does not have is still refused, not ignored.
    for refused in [
        &["--mouse", "render", "oversikt", "--demo"][..],
        &["--theme", "light", "check", "sample.db"][..],
    ] {
        let out = tertial(refused);
        assert_eq!(out.code, 2, "{refused:?}");
        assert!(
            out.stderr.contains("belongs to the cockpit"),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn completions_offer_the_values_of_themes_formats_and_panes() {
    for shell in ["bash", "fish", "zsh"] {
        let script = tertial(&["completions", shell]).stdout;
        for value in ["colour-blind-dark", "tsv", "national", "html", "comma"] {
            assert!(script.contains(value), "{shell} offers {value}");
        }
        // clap's fish script completes options' values only.
        if shell != "fish" {
            for pane in ["vardplatser", "nyckeltal"] {
                assert!(script.contains(pane), "{shell} offers {pane}");
            }
        }
    }
}

#[test]
fn the_man_page_has_keys_files_environment_and_exit_status_and_no_missing_page() {
    let man = tertial(&["man"]);
    assert_eq!(man.code, 0, "{}", man.all());
    let page = man.stdout;
    for section in [
        ".SH KEYS",
        ".SH FILES",
        ".SH ENVIRONMENT",
        ".SH EXIT STATUS",
        ".SH SUBCOMMANDS",
    ] {
        assert!(page.contains(section), "{section}:\n{page}");
    }
    assert!(page.contains("next_exception"), "the key table");
    assert!(page.contains("TERTIAL_THEME") && page.contains("COLORFGBG"));
    assert!(page.contains("\\fBtertial render\\fR"), "{page}");
    // No page referred to: there is only tertial(1).
    assert!(!page.contains("(1)"), "{page}");
}

#[test]
fn diff_into_a_pipe_is_not_paged() {
    let out = tertial_with(
        &["diff", "sample.db", "sample.db"],
        &[("PAGER", "sed s/^/PAGED:/")],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(out.stdout, "no differences\n");
}

#[test]
fn info_reads_colorfgbg_and_says_so_when_the_terminal_is_not_asked() {
    let info = tertial_with(
        &["info", "--demo"],
        &[("COLORFGBG", "0;15"), ("TERTIAL_THEME", "auto")],
    );
    let theme = info
        .stdout
        .lines()
        .find(|l| l.starts_with("theme:"))
        .unwrap();
    assert!(
        theme.contains("light (auto")
            && theme.contains("COLORFGBG=0;15 says the background is light"),
        "{theme}"
    );
}

#[test]
fn info_says_what_to_set_where_tmux_keeps_copies_back() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let tmux = dir.path().join("tmux");
    std::fs::write(&tmux, "#!/bin/sh\necho external\n").unwrap();
    std::fs::set_permissions(&tmux, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        dir.path().display(),
        std::env::var("PATH").unwrap()
    );
    let env = [("TMUX", "/tmp/tmux-0/default,1,0"), ("PATH", path.as_str())];
    let info = tertial_with(&["info", "--demo"], &env).stdout;
    let copy = info.lines().find(|l| l.starts_with("copy:")).unwrap();
    assert!(
        copy.contains("set-clipboard is external")
            && copy.contains("`set -g set-clipboard on` in ~/.tmux.conf"),
        "{copy}"
    );
    // Outside tmux it is not asked.
    let plain = tertial_with(&["info", "--demo"], &[("PATH", path.as_str())]).stdout;
    assert!(!plain.contains("tmux"), "{plain}");
}
