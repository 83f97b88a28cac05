//! Settings through the real binary: the config file, the environment and
//! the command line in their order, broken configs said in one sentence,
//! the embedded default file as the documentation (README included), the
//! subcommands' own options, info, completions and the man page.

use crate::common;

use common::{Run, tertial_with};

fn config(text: &str) -> tempfile::NamedTempFile {
    let file = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    std::fs::write(file.path(), text).unwrap();
    file
}

fn run(args: &[&str], env: &[(&str, &str)]) -> Run {
    tertial_with(args, env)
}

/// The value `tertial info` gives for `key`.
fn info_line(info: &str, key: &str) -> String {
    info.lines()
        .find(|l| l.starts_with(&format!("{key}:")))
        .unwrap_or_else(|| panic!("no {key} in:\n{info}"))
        .split_once(':')
        .unwrap()
        .1
        .trim()
        .to_string()
}

#[test]
fn precedence_is_defaults_then_file_then_environment_then_command_line() {
    let file = config("theme = \"light\"\nmouse = true\nascii = false\n");
    let path = file.path().to_str().unwrap();
    let info = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = vec!["info", "--config", path];
        all.extend(args);
        let out = run(&all, env);
        assert_eq!(out.code, 0, "{}", out.all());
        out.stdout
    };

    // Defaults alone.
    let defaults = run(&["info"], &[]);
    assert_eq!(info_line(&defaults.stdout, "mouse"), "off (the default)");
    assert!(info_line(&defaults.stdout, "theme").starts_with("dark (auto from the default;"));

    // The file over the defaults.
    let out = info(&[], &[]);
    assert_eq!(info_line(&out, "theme"), "light (the config file)");
    assert_eq!(info_line(&out, "mouse"), "on (the config file)");

    // The environment over the file.
    let out = info(
        &[],
        &[
            ("TERTIAL_THEME", "colour-blind-dark"),
            ("TERTIAL_MOUSE", "0"),
        ],
    );
    assert_eq!(
        info_line(&out, "theme"),
        "colour-blind-dark (TERTIAL_THEME)"
    );
    assert_eq!(info_line(&out, "mouse"), "off (TERTIAL_MOUSE)");
    let out = info(&[], &[("NO_COLOR", "1")]);
    assert_eq!(info_line(&out, "theme"), "mono (NO_COLOR is set)");

    // The command line over everything.
    let out = info(
        &["--theme", "dark", "--mouse=false"],
        &[("NO_COLOR", "1"), ("TERTIAL_MOUSE", "1")],
    );
    assert_eq!(info_line(&out, "theme"), "dark (--theme)");
    assert_eq!(info_line(&out, "mouse"), "off (the command line)");
    assert_eq!(info_line(&out, "ascii"), "off (the config file)");

    // TERTIAL_CONFIG names the file when --config does not.
    let out = run(&["info"], &[("TERTIAL_CONFIG", path)]);
    assert_eq!(info_line(&out.stdout, "theme"), "light (the config file)");
    assert!(info_line(&out.stdout, "config").ends_with("(named by TERTIAL_CONFIG): read"));
}

/// `tertial info` says what `e` writes and where that came from; a wrong
/// word anywhere is one sentence and exit 2.
#[test]
fn info_says_the_export_format_and_a_wrong_one_is_refused() {
    let defaults = run(&["info"], &[]);
    assert_eq!(
        info_line(&defaults.stdout, "export as"),
        "xlsx (the default)"
    );
    let file = config("export_format = \"csv\"\n");
    let path = file.path().to_str().unwrap();
    let out = run(&["info", "--config", path], &[]);
    assert_eq!(info_line(&out.stdout, "export as"), "csv (the config file)");
    let out = run(
        &["info", "--config", path],
        &[("TERTIAL_EXPORT_FORMAT", "csv-excel")],
    );
    assert_eq!(
        info_line(&out.stdout, "export as"),
        "csv-excel (TERTIAL_EXPORT_FORMAT)"
    );
    let bad = run(&["info"], &[("TERTIAL_EXPORT_FORMAT", "ods")]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("TERTIAL_EXPORT_FORMAT: expected one of xlsx, csv-excel, csv, found \"ods\""),
        "{}",
        bad.stderr
    );
    let bad = run(&["--demo", "--export-format", "ods"], &[]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("unknown export format 'ods'; choose one of: xlsx, csv-excel, csv"),
        "{}",
        bad.stderr
    );
}

#[test]
fn a_broken_config_is_one_sentence_with_file_line_and_key_and_exit_2() {
    let file = config("# mine\ntheme = \"light\"\n\nthme = 3\n[keys]\nperiod_prev = [\",\"]\n");
    let path = file.path().to_str().unwrap();
    for args in [
        vec!["--demo", "--config", path],
        vec!["render", "oversikt", "--demo", "--config", path],
        vec!["info", "--config", path],
        vec!["config", "--config", path],
    ] {
        let out = run(&args, &[]);
        assert_eq!(out.code, 2, "{args:?}: {}", out.all());
        assert_eq!(out.stdout, "", "{args:?}: the cockpit never starts");
        assert_eq!(
            out.stderr,
            format!("tertial: {path}, line 4: thme: unknown setting; did you mean theme?\n"),
            "{args:?}"
        );
    }
    let file = config("[keys]\nperiod_prev = [\"x\"]\n");
    let out = run(&["--demo", "--config", file.path().to_str().unwrap()], &[]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .ends_with("line 2: the key x is bound to both next_exception and period_prev\n"),
        "{}",
        out.stderr
    );
    let out = run(&["--demo"], &[("TERTIAL_THEME", "neon")]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with("tertial: TERTIAL_THEME: expected one of auto,")
    );
    let out = run(&["config", "--config", "/no/such/file.toml"], &[]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("does not exist"));
}

#[test]
fn the_default_file_is_printed_whole_and_the_readme_shows_it() {
    let out = run(&["config", "--default"], &[]);
    assert_eq!(out.code, 0);
    let embedded = std::fs::read_to_string(common::repo().join("assets/config.toml")).unwrap();
    assert_eq!(out.stdout, embedded);
    // It is a valid config file, and the README's copy is this file.
    let file = config(&embedded);
    let checked = run(&["config", "--config", file.path().to_str().unwrap()], &[]);
    assert_eq!(checked.code, 0, "{}", checked.all());
    assert!(checked.stdout.ends_with(": valid\n"));
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let section = readme
        .split("\n## Configuration\n")
        .nth(1)
        .expect("a Configuration section");
    let block = section
        .split("```toml\n")
        .nth(1)
        .and_then(|b| b.split("```\n").next())
        .expect("the default file in a toml block");
    assert_eq!(
        block, embedded,
        "the README's Configuration section is the embedded default file"
    );
}

#[test]
fn remapped_keys_act_and_show_in_the_footer_the_help_and_render_help() {
    let file = config("[keys]\nperiod_prev = [\",\"]\nperiod_next = [\".\"]\n");
    let path = file.path().to_str().unwrap();
    let render = |keys: &str| {
        let out = run(
            &[
                "render", "ekonomi", "--demo", "--size", "120x30", "--keys", keys, "--config", path,
            ],
            &[],
        );
        assert_eq!(out.code, 0, "{}", out.all());
        out.stdout
    };
    let screen = render("");
    assert!(screen.contains("ack oktober 2025"), "{screen}");
    assert!(screen.contains(", . period"), "the footer: {screen}");
    assert!(!screen.contains("[ ] period"), "{screen}");
    assert!(
        render(",").contains("ack augusti 2025"),
        "',' goes back a period"
    );
    assert!(
        render("[").contains("ack oktober 2025"),
        "'[' no longer does anything"
    );
    let help = render("?");
    assert!(help.contains(", .  "), "the help overlay: {help}");
    let out = run(&["render", "--help", "--config", path], &[]);
    assert!(
        out.stdout.contains("period_prev       ,\n"),
        "{}",
        out.stdout
    );
    let defaults = run(&["render", "--help"], &[]);
    assert!(defaults.stdout.contains("period_prev       [ <S-Left>\n"));
}

#[test]
fn the_help_overlay_fits_at_80x16_scrolls_and_shows_the_panes_keys_first() {
    let render = |keys: &str| {
        let out = run(
            &[
                "render",
                "mal",
                "--demo",
                "--size",
                "80x16",
                "--keys",
                keys,
                "--today",
                "2025-11-22",
            ],
            &[],
        );
        assert_eq!(out.code, 0, "{}", out.all());
        out.stdout
    };
    let top = render("?");
    let lines: Vec<&str> = top.lines().collect();
    assert_eq!(lines.len(), 16);
    let box_top = lines.iter().position(|l| l.contains("Tangenter")).unwrap();
    // Mål's own keys first: Space, o, f.
    assert!(lines[box_top + 1].contains("Space "), "{top}");
    assert!(lines[box_top + 2].contains("o "), "{top}");
    assert!(lines[box_top + 3].contains("f "), "{top}");
    assert!(top.contains("j/k bläddrar"), "says there is more: {top}");
    // Every description is shown whole at 80 columns.
    assert!(top.contains("Fäll ut eller ihop en rad i trädet "), "{top}");
    let bottom = render("?G");
    for key in ["/ ", "Tab S-Tab", "1 2 3 4 5", "? ", "q/Ctrl-C"] {
        assert!(
            bottom.contains(key),
            "{key} reachable by scrolling:\n{bottom}"
        );
    }
    assert!(bottom.contains("Valfri annan tangent stänger."), "{bottom}");
}

#[test]
fn top_level_options_with_a_subcommand_are_an_error_and_subcommands_offer_only_their_own() {
    for args in [
        vec!["--demo", "render", "oversikt"],
        vec!["sample.db", "check", "sample.db"],
        vec!["--theme", "light", "check", "sample.db"],
        vec!["--ascii", "diff", "a.db", "b.db"],
    ] {
        let out = run(&args, &[]);
        assert_eq!(out.code, 2, "{args:?}: {}", out.all());
        assert!(
            out.stderr.contains("belongs to the cockpit"),
            "{}",
            out.stderr
        );
        assert_eq!(out.stdout, "");
    }
    for sub in ["check", "import", "gen", "diff"] {
        let help = run(&[sub, "--help"], &[]).stdout;
        for option in ["--theme", "--ascii", "--mouse", "--config"] {
            assert!(!help.contains(option), "{sub} offers {option}:\n{help}");
        }
    }
    let render = run(&["render", "--help"], &[]).stdout;
    assert!(render.contains("--theme") && render.contains("--config"));
    assert!(!render.contains("--mouse"), "render has no mouse");
}

#[test]
fn info_says_what_the_program_believes() {
    let out = run(
        &["info", "--demo"],
        &[
            ("TERM", "xterm-256color"),
            ("COLORTERM", "truecolor"),
            ("LANG", "C"),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    let info = out.stdout;
    assert!(
        info_line(&info, "version").starts_with("tertial 0.1.0 ("),
        "{info}"
    );
    assert!(info_line(&info, "version").contains(" build, "));
    assert_eq!(
        info_line(&info, "snapshot"),
        "the sample built into this binary (--demo)"
    );
    assert!(info_line(&info, "config").ends_with("(the platform's place): not found"));
    assert_eq!(info_line(&info, "TERM"), "xterm-256color");
    assert_eq!(info_line(&info, "COLORTERM"), "truecolor");
    assert_eq!(info_line(&info, "NO_COLOR"), "not set");
    assert_eq!(info_line(&info, "locale"), "LANG=C: not UTF-8");
    assert_eq!(
        info_line(&info, "ascii"),
        "on (auto from the default: the locale is not UTF-8)"
    );
    // Output to a pipe: there is no terminal to ask, and it says so.
    assert!(info_line(&info, "theme").contains("not asked"), "{info}");
    let out = run(&["info", "sample.db"], &[]);
    assert!(
        info_line(&out.stdout, "snapshot")
            .starts_with("sample.db (the command line): tertial snapshot, format version"),
        "{}",
        out.stdout
    );
    let version = run(&["--version"], &[]).stdout;
    assert!(
        version.starts_with("tertial 0.1.0 (") && version.contains("build"),
        "{version}"
    );
}

#[test]
fn completions_and_the_man_page_come_from_the_command_line_definition() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = run(&["completions", shell], &[]);
        assert_eq!(out.code, 0, "{shell}: {}", out.all());
        assert!(out.stdout.contains("tertial"), "{shell}");
        assert!(
            out.stdout.contains("render"),
            "{shell} completes subcommands"
        );
    }
    let man = run(&["man"], &[]);
    assert_eq!(man.code, 0);
    assert!(
        man.stdout.starts_with(".ie \\n(.g .ds Aq"),
        "roff: {}",
        &man.stdout[..80]
    );
    assert!(
        man.stdout.contains(".TH tertial 1"),
        "{}",
        &man.stdout[..200]
    );
    assert!(man.stdout.contains("completions"));
}

#[test]
fn without_a_terminal_the_cockpit_says_so_and_writes_nothing() {
    let out = common::command(env!("CARGO_BIN_EXE_tertial"))
        .args(["sample.db"])
        .env("TERM", "xterm-256color")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(out.stdout, b"", "no escape code in the output");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "tertial: tertial needs a terminal; use `tertial render` for output to a file\n"
    );
}
