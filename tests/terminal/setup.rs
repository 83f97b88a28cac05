//! The cockpit meeting the terminal it is given: the background it reports
//! (OSC 11) or does not, `TERM=dumb`, a locale without UTF-8, the mouse,
//! remapped keys, Shift-←/→ and Ctrl-L, in a pseudo-terminal.

use crate::common;

use common::pty::Tui;

const OSC_11_QUERY: &[u8] = b"\x1b]11;?";
/// A white background, as xterm answers; then the answer to DA1, which
/// terminal-colorsaurus sends after its question.
const WHITE: &str = "\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?62;c";

/// xterm's colour 124 (the light palette's bad) and bright red (the dark one's).
const LIGHT_BAD: vt100::Color = vt100::Color::Idx(124);
const DARK_BAD: vt100::Color = vt100::Color::Idx(9);

#[test]
fn a_terminal_that_says_its_background_is_white_gets_the_light_palette() {
    let mut tui = Tui::start(&["--demo"], 100, 30, &[("TERTIAL_THEME", "")]);
    assert!(tui.answer(OSC_11_QUERY, WHITE), "the terminal was asked");
    tui.wait_for("Översikt ack oktober 2025");
    assert_eq!(
        tui.colour_of("−448 mkr"),
        Some(LIGHT_BAD),
        "{}",
        tui.screen()
    );
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn a_terminal_that_does_not_answer_gets_the_dark_palette() {
    // How long it waits for an answer is a matter of speed (BENCHMARKS.md),
    // not of this test.
    let mut tui = Tui::start(&["--demo"], 100, 30, &[("TERTIAL_THEME", "")]);
    tui.wait_for("Översikt ack oktober 2025");
    assert!(
        tui.bytes()
            .windows(OSC_11_QUERY.len())
            .any(|w| w == OSC_11_QUERY),
        "it asked"
    );
    assert_eq!(tui.colour_of("−448 mkr"), Some(DARK_BAD));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn no_color_and_a_named_theme_ask_the_terminal_nothing() {
    for env in [
        &[("TERTIAL_THEME", ""), ("NO_COLOR", "1")][..],
        &[("TERTIAL_THEME", "light")][..],
    ] {
        let mut tui = Tui::start(&["--demo"], 100, 30, env);
        tui.wait_for("Översikt ack oktober 2025");
        let asked = tui
            .bytes()
            .windows(OSC_11_QUERY.len())
            .any(|w| w == OSC_11_QUERY);
        assert!(!asked, "{env:?}");
        tui.send("q");
        assert_eq!(tui.wait_exit(), 0);
    }
}

#[test]
fn term_dumb_is_one_sentence_pointing_to_render_and_no_escape_code() {
    let mut tui = Tui::start(&["--demo"], 80, 24, &[("TERM", "dumb")]);
    assert_eq!(tui.wait_exit(), 2);
    let bytes = tui.bytes();
    assert!(
        !bytes.contains(&0x1b),
        "no escape code: {:?}",
        String::from_utf8_lossy(&bytes)
    );
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.starts_with(
            "tertial: TERM=dumb: this terminal cannot show the cockpit; use `tertial render`"
        ),
        "{text}"
    );
    assert_eq!(text.trim_end().lines().count(), 1, "one sentence: {text}");
}

#[test]
fn a_locale_without_utf8_gets_ascii_only_and_info_says_so() {
    let mut tui = Tui::start(&["--demo"], 100, 30, &[("LANG", "C")]);
    tui.wait_for("Oversikt ack oktober 2025");
    // Every pane, a drill-down, a chart, the help, a search.
    for keys in [
        "2", "\r", "i", "3", " ", "4", "5", "\r", "1", "?", "x", "/hus\r",
    ] {
        tui.send(keys);
        tui.wait_quiet();
    }
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let bytes = tui.bytes();
    let outside: Vec<u8> = bytes.iter().copied().filter(|b| !b.is_ascii()).collect();
    assert!(
        outside.is_empty(),
        "{} bytes outside ASCII, e.g. {:?}",
        outside.len(),
        String::from_utf8_lossy(&outside[..outside.len().min(40)])
    );
    let info = common::tertial_with(&["info"], &[("LANG", "C")]);
    assert!(
        info.stdout
            .contains("ascii:     on (auto from the default: the locale is not UTF-8)"),
        "{}",
        info.stdout
    );
}

/// An SGR mouse report: press (`M`) or release (`m`) of `button` at a
/// 0-based column and row.
fn mouse(button: u8, column: u16, row: u16, press: bool) -> String {
    format!(
        "\x1b[<{button};{};{}{}",
        column + 1,
        row + 1,
        if press { 'M' } else { 'm' }
    )
}

fn click(tui: &mut Tui, column: u16, row: u16) {
    tui.send(&mouse(0, column, row, true));
    tui.send(&mouse(0, column, row, false));
}

#[test]
fn the_mouse_when_turned_on_clicks_tabs_rows_and_the_margin_and_wheels() {
    let mut tui = Tui::start(&["--demo", "--mouse"], 100, 30, &[]);
    tui.wait_for("Översikt ack oktober 2025");
    assert!(
        String::from_utf8_lossy(&tui.bytes()).contains("\x1b[?1000h\x1b[?1006h"),
        "button and wheel reports in SGR form, no motion"
    );
    // " 1 Översikt " is columns 0-11; " 2 Ekonomi " starts at 13.
    click(&mut tui, 15, 1);
    tui.wait_for("Ekonomi (mkr)");
    tui.wait_quiet();
    let first = tui.selected_row();
    // The wheel moves the selection three rows.
    tui.send(&mouse(65, 40, 10, true));
    tui.wait_until("the wheel moved the selection", |tui| {
        tui.selected_row() != first
    });
    tui.send(&mouse(64, 40, 10, true));
    tui.wait_until("the wheel moved it back", |tui| tui.selected_row() == first);
    // A click on another row selects it; a second click opens it.
    let screen = tui.screen();
    let row = screen
        .lines()
        .position(|l| l.contains("Sjukhusvård"))
        .unwrap() as u16;
    click(&mut tui, 20, row);
    tui.wait_until("a click selected Sjukhusvård", |tui| {
        tui.selected_row().contains("Sjukhusvård")
    });
    click(&mut tui, 20, row);
    tui.wait_for("SjV: kostnadsslag");
    // The left margin goes back.
    click(&mut tui, 0, 10);
    // "Ekonomi (mkr)" heads the cost types too: wait for them to go.
    tui.wait_until("back on Ekonomi's own table", |tui| {
        let screen = tui.screen();
        screen.contains("Ekonomi (mkr)") && !screen.contains("SjV: kostnadsslag")
    });
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let bytes = String::from_utf8_lossy(&tui.bytes()).into_owned();
    assert!(
        bytes.ends_with("\x1b[?1006l\x1b[?1000l") || bytes.contains("\x1b[?1006l\x1b[?1000l"),
        "turned off on the way out"
    );
}

#[test]
fn without_mouse_no_reports_are_asked_for() {
    let mut tui = Tui::start(&["--demo"], 100, 30, &[]);
    tui.wait_for("Översikt ack oktober 2025");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(!String::from_utf8_lossy(&tui.bytes()).contains("\x1b[?1000h"));
}

#[test]
fn shift_arrows_change_the_period_and_ctrl_l_sends_the_whole_screen_again() {
    let mut tui = Tui::start(&["--demo"], 100, 30, &[]);
    tui.wait_for("Översikt ack oktober 2025");
    tui.send("\x1b[1;2D");
    tui.wait_for("Översikt ack augusti 2025");
    tui.send("\x1b[1;2C");
    tui.wait_for("Översikt ack oktober 2025");
    tui.wait_quiet();
    let before = tui.bytes().len();
    tui.send("\x0c");
    tui.wait_until("Ctrl-L sent the whole screen (over 1 500 bytes)", |tui| {
        tui.bytes().len() - before > 1500
    });
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn a_config_file_remaps_the_period_keys_and_picks_the_light_theme() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(
        &file,
        "theme = \"light\"\n[keys]\nperiod_prev = [\",\"]\nperiod_next = [\".\"]\n",
    )
    .unwrap();
    let mut tui = Tui::start(
        &["--demo"],
        80,
        24,
        &[
            ("TERTIAL_THEME", ""),
            ("TERTIAL_CONFIG", file.to_str().unwrap()),
        ],
    );
    tui.wait_for("Översikt ack oktober 2025");
    assert_eq!(tui.colour_of("−448 mkr"), Some(LIGHT_BAD));
    tui.send(",");
    tui.wait_for("Översikt ack augusti 2025");
    tui.send("[");
    tui.wait_quiet();
    assert!(
        tui.screen().contains("ack augusti 2025"),
        "[ does nothing now"
    );
    tui.send(".");
    tui.wait_for("Översikt ack oktober 2025");
    tui.send("?");
    tui.wait_for("Tangenter");
    assert!(tui.screen().contains(", .  "), "{}", tui.screen());
    tui.send("x");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn the_config_files_copy_and_export_folder_reach_y_and_e() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("ut");
    std::fs::create_dir(&exports).unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(
        &file,
        format!("copy = false\nexport_dir = \"{}\"\n", exports.display()),
    )
    .unwrap();
    let mut tui = Tui::start(
        &["--demo"],
        120,
        30,
        &[("TERTIAL_CONFIG", file.to_str().unwrap())],
    );
    tui.wait_for("Översikt ack oktober 2025");
    tui.send("2");
    tui.wait_for("Ekonomi (mkr)");
    tui.send("y");
    tui.wait_for("Kopiering via terminalen (OSC 52) är avstängd");
    tui.send("e");
    tui.wait_for("Sparade ");
    let written: Vec<_> = std::fs::read_dir(&exports).unwrap().collect();
    assert_eq!(written.len(), 1, "one CSV in the configured folder");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// Keys typed while the cockpit waits for the terminal's background (up
/// to 300 ms over a slow link) are kept and run after the first frame;
/// a q then quits at once.
#[test]
fn keys_typed_while_the_terminal_is_asked_are_kept() {
    let asked = |tui: &Tui| {
        tui.bytes()
            .windows(OSC_11_QUERY.len())
            .any(|w| w == OSC_11_QUERY)
    };
    let wait_asked = |tui: &Tui| tui.wait_until("the background question", asked);
    // The terminal never answers: the key comes while the cockpit waits.
    let mut tui = Tui::start(&["--demo"], 100, 30, &[("TERTIAL_THEME", "")]);
    wait_asked(&tui);
    tui.send("3");
    tui.wait_for("Bara delmålen är bedömda");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let mut tui = Tui::start(&["--demo"], 100, 30, &[("TERTIAL_THEME", "")]);
    wait_asked(&tui);
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let drawn = String::from_utf8_lossy(&tui.bytes()).contains("Översikt ack oktober 2025");
    assert!(!drawn, "q ended it before a first frame was drawn");
}

#[test]
fn under_tmux_a_light_colorfgbg_gives_the_light_palette_when_no_answer_comes() {
    // tmux answers OSC 11 only when it knows the outer terminal's colour;
    // this terminal answers nothing, and COLORFGBG says white (15).
    let mut tui = Tui::start(
        &["--demo"],
        100,
        30,
        &[("TERTIAL_THEME", ""), ("COLORFGBG", "0;15")],
    );
    tui.wait_for("Översikt ack oktober 2025");
    assert_eq!(
        tui.colour_of("−448 mkr"),
        Some(LIGHT_BAD),
        "{}",
        tui.screen()
    );
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    // An answer from the terminal wins over the variable.
    let mut tui = Tui::start(
        &["--demo"],
        100,
        30,
        &[("TERTIAL_THEME", ""), ("COLORFGBG", "15;0")],
    );
    assert!(tui.answer(OSC_11_QUERY, WHITE), "the terminal was asked");
    tui.wait_for("Översikt ack oktober 2025");
    assert_eq!(tui.colour_of("−448 mkr"), Some(LIGHT_BAD));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn no_color_with_a_named_theme_keeps_its_colours_and_bold() {
    let mut tui = Tui::start(
        &["--demo", "--theme", "dark"],
        100,
        30,
        &[("NO_COLOR", "1")],
    );
    tui.wait_for("Översikt ack oktober 2025");
    assert_eq!(tui.bold_of("−448 mkr"), Some(true), "emphasis intact");
    assert_eq!(
        tui.colour_of("−448 mkr"),
        Some(DARK_BAD),
        "--theme wins over NO_COLOR"
    );
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    // NO_COLOR alone: mono, no colour, and the emphasis still there.
    let mut tui = Tui::start(
        &["--demo"],
        100,
        30,
        &[("TERTIAL_THEME", ""), ("NO_COLOR", "1")],
    );
    tui.wait_for("Översikt ack oktober 2025");
    assert_eq!(tui.colour_of("−448 mkr"), Some(vt100::Color::Default));
    assert_eq!(tui.bold_of("−448 mkr"), Some(true));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
