//! End to end: the real binary in a pseudo-terminal, driven by keys, read
//! back through a terminal emulator, as a user on an 80×24 SSH session
//! with NO_COLOR would use it.

use crate::common;

use common::pty::Tui;

const DOWN: &str = "j";
const ENTER: &str = "\r";
const ESC: &str = "\x1b";

fn start() -> Tui {
    let tui = Tui::start(&["--demo"], 80, 24, &[("NO_COLOR", "1")]);
    tui.wait_for("Översikt ack oktober 2025");
    tui
}

#[test]
fn overview_to_the_largest_deviation_its_cost_types_a_lines_source_and_back() {
    let mut tui = start();
    // From the headline past the forecast, projection, cost development
    // and the changes line, down to the largest deviation by frame.
    tui.send(&DOWN.repeat(5));
    tui.wait_until("on Sjukhusvård after five moves", |tui| {
        tui.selected_row().contains("Sjukhusvård")
    });
    tui.send(ENTER);
    tui.wait_for("Ekonomi (mkr)");
    assert!(
        tui.selected_row().contains("Sjukhusvård"),
        "jumped to it in Ekonomi:\n{}",
        tui.screen()
    );
    tui.send(ENTER);
    tui.wait_for("SjV: kostnadsslag");
    assert!(tui.screen().contains("Personalkostnader"));
    tui.send(DOWN);
    tui.send(ENTER);
    tui.wait_for("Källa");
    let detail = tui.screen();
    assert!(
        detail
            .lines()
            .any(|l| l.starts_with("Avvikelse ") && l.contains(" −336 mkr")),
        "{detail}"
    );
    assert!(
        detail.contains("HSN Resultatuppföljning oktober 2025"),
        "{detail}"
    );
    tui.send(ESC);
    // Esc arrives alone only after crossterm's escape timeout: wait for it.
    tui.wait_for("Kostnadsslag");
    assert!(!tui.screen().contains("Källa  "), "back on the cost types");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn search_jumps_to_the_hit() {
    let mut tui = start();
    // The prompt first: typed in one write, "/anslag och" would be more
    // keys than a person presses at once, text that runs no command.
    tui.send("/");
    tui.wait_for("Sök:");
    tui.send("anslag och");
    tui.wait_for("Sök: anslag och");
    tui.send(ENTER);
    tui.wait_for("Ekonomi (mkr)");
    assert!(
        tui.selected_row().contains("Anslag och adminis"),
        "{}",
        tui.screen()
    );
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn the_hits_show_as_the_search_is_typed_and_n_and_shift_n_walk_them() {
    let mut tui = start();
    tui.send("/");
    tui.wait_for("Sök:");
    // A few keys at a time, as a person types: each shows its hits.
    tui.send("pers");
    tui.wait_for("för \"pers\"");
    tui.send("onal");
    tui.wait_for("för \"personal\"");
    let list = tui.screen();
    let count: usize = list
        .split_once(" träffar för \"personal\"")
        .and_then(|(before, _)| before.split_whitespace().last()?.parse().ok())
        .unwrap_or_else(|| panic!("a count of hits:\n{list}"));
    assert!(count >= 3, "{list}");
    tui.send(ENTER);
    tui.wait_until("the prompt closed", |tui| {
        !tui.screen().contains("Enter gå dit")
    });
    // The footer names the key to the next hit now that there are hits.
    assert!(tui.screen().contains("n N träff"), "{}", tui.screen());
    let of = format!("av {count} för \"personal\"");
    tui.send("n");
    tui.wait_for(&format!("Träff 1 {of}"));
    let first = tui.selected_row();
    tui.send("n");
    tui.wait_for(&format!("Träff 2 {of}"));
    let second = tui.selected_row();
    assert_ne!(first, second, "n moved on:\n{}", tui.screen());
    tui.send("N");
    tui.wait_for(&format!("Träff 1 {of}"));
    assert_eq!(tui.selected_row(), first, "N came back");
    tui.send("N");
    tui.wait_for(&format!("Träff {count} {of}"));
    // The footer and the help say which key is which.
    tui.send("?");
    tui.wait_for("Tangenter");
    let help = tui.screen();
    assert!(help.contains("n N "), "{help}");
    assert!(help.contains("Nästa eller föregående träff"), "{help}");
    assert!(help.contains("Nästa avvikelse"), "{help}");
    tui.send("q");
    tui.wait_until("the help closed", |tui| !tui.screen().contains("Tangenter"));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn a_pasted_search_lands_on_the_hit_in_its_own_period_and_esc_comes_back() {
    let mut tui = start();
    tui.send("3");
    tui.wait_for("Bara delmålen är bedömda");
    tui.send("/");
    tui.wait_for("Sök:");
    // Pasted (bracketed), in another case and without the Swedish letters.
    tui.send("\x1b[200~FORMALISERA hyrberoendet\x1b[201~");
    tui.wait_for("Sök: FORMALISERA hyrberoendet");
    tui.send(ENTER);
    // A 2024 directive: the cockpit goes to 2024 and says so.
    tui.wait_for("Träffen har siffror i ack augusti 2024");
    assert!(
        tui.screen().contains("ack augusti 2024"),
        "{}",
        tui.screen()
    );
    assert!(
        tui.selected_row().contains("Formalisera arbetet"),
        "the hit itself, not a neighbour:\n{}",
        tui.screen()
    );
    // Enter opens the hit's own page.
    tui.send(ENTER);
    tui.wait_for("Uppdrag › Formalisera");
    // "Riktmärket är 2,0 procent": as precise as the report.
    assert!(tui.screen().contains("4,4 % mot 2,0 %"), "{}", tui.screen());
    // Esc to the list, Esc back where the search began: Mål, October.
    tui.send(ESC);
    tui.send(ESC);
    tui.wait_for("Bara delmålen är bedömda");
    assert!(
        tui.screen().contains("ack oktober 2025"),
        "on Mål again, in October:\n{}",
        tui.screen()
    );
    // Several words in any order: one hit, straight there (a unit with a
    // bed series and no economy figures: to its beds).
    tui.send("/");
    tui.wait_for("Sök:");
    tui.send("nus kir");
    tui.wait_for("Sök: nus kir");
    tui.send(ENTER);
    tui.wait_for("senaste månad 2025-10");
    assert!(
        tui.selected_row().contains("Kirurgcentrum NUS"),
        "{}",
        tui.screen()
    );
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn period_switch_carries_every_pane_and_x_walks_the_exceptions() {
    let mut tui = start();
    tui.send("2");
    tui.wait_for("Ekonomi (mkr)");
    assert!(tui.screen().contains("−448 "), "whole mkr stay whole");
    tui.send("[");
    tui.wait_for("ack augusti 2025");
    assert!(
        tui.screen().contains("−335 "),
        "HSN ack augusti: {}",
        tui.screen()
    );
    let mut seen = Vec::new();
    for _ in 0..4 {
        tui.send("x");
        tui.wait_quiet();
        let row = tui.selected_row();
        assert!(
            row.contains('−'),
            "an exception is a negative deviation: {row:?}"
        );
        seen.push(row);
    }
    assert!(seen.windows(2).any(|w| w[0] != w[1]), "n moves: {seen:?}");
    tui.send("1");
    tui.wait_for("Översikt ack augusti 2025");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn quitting_restores_the_terminal_and_no_colour_means_no_colour() {
    let mut tui = start();
    assert!(
        tui.alternate_screen(),
        "the cockpit uses the alternate screen"
    );
    tui.send("?");
    tui.wait_for("Tangenter");
    tui.send("x");
    tui.send("\x03");
    assert_eq!(tui.wait_exit(), 0);
    assert!(!tui.alternate_screen(), "left the alternate screen");
    let bytes = String::from_utf8_lossy(&tui.bytes()).into_owned();
    assert!(bytes.contains("\x1b[?25h"), "cursor shown again");
    for colour in ["\x1b[31m", "\x1b[32m", "\x1b[33m", "38;5;", "38;2;"] {
        assert!(!bytes.contains(colour), "NO_COLOR, yet {colour:?} was sent");
    }
}

/// Lines with trailing space and trailing empty lines removed.
fn normalised(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(0, |i| i + 1);
    lines[..end].join("\n")
}

#[test]
fn render_prints_exactly_what_the_cockpit_shows() {
    for (key, pane, keys) in [
        ("1", "oversikt", ""),
        ("2", "ekonomi", ""),
        ("3", "mal", ""),
        ("4", "uppdrag", ""),
        ("5", "vardplatser", ""),
        ("2", "ekonomi", "j\r"),
    ] {
        let mut tui = start();
        tui.send(key);
        tui.send(keys);
        let rendered = common::tertial(&[
            "render",
            pane,
            "--demo",
            "--size",
            "80x24",
            "--keys",
            &keys.replace('\r', "<Enter>"),
        ]);
        assert_eq!(rendered.code, 0, "{}", rendered.stderr);
        let expected = normalised(&rendered.stdout);
        // Wait until the interactive screen has settled on the same frame.
        tui.wait_until(
            &format!("pane {pane} with keys {keys:?} as render prints it:\n{expected}"),
            |tui| normalised(&tui.screen()) == expected,
        );
        tui.send("q");
        assert_eq!(tui.wait_exit(), 0);
    }
}

/// Input that changes nothing on screen sends nothing: over SSH every
/// byte counts, and a held key at the end of a list is common. The keys
/// that change nothing are followed by a move whose effect is waited for:
/// from then on the bytes sent are exactly those of the move alone.
#[test]
fn a_key_that_changes_nothing_sends_nothing() {
    let mut tui = Tui::start(&["--demo"], 80, 24, &[("NO_COLOR", "1")]);
    tui.wait_for("Störst underskott");
    tui.wait_quiet();
    let top = tui.selected_row();
    // The bytes of one move down from the top, and back.
    let move_down = |tui: &mut Tui, keys: &str| {
        let before = tui.bytes().len();
        tui.send(keys);
        tui.wait_until("the selection moved down", |tui| tui.selected_row() != top);
        tui.wait_quiet();
        tui.bytes()[before..].to_vec()
    };
    let alone = move_down(&mut tui, "j");
    assert!(!alone.is_empty(), "a real move is drawn");
    tui.send("k");
    tui.wait_until("back at the top", |tui| tui.selected_row() == top);
    tui.wait_quiet();
    // To the top where it already is, and a key bound to nothing.
    tui.send("ggö");
    tui.wait_quiet();
    let after_nothing = move_down(&mut tui, "j");
    assert_eq!(
        String::from_utf8_lossy(&after_nothing),
        String::from_utf8_lossy(&alone),
        "nothing changed, nothing sent"
    );
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// A cursor move in a table repaints the gutter mark and the two names, not
/// two whole rows: a few hundred bytes at most, in colour, at 120 columns,
/// on a row full of coloured figures.
#[test]
fn a_cursor_move_sends_a_few_hundred_bytes() {
    let mut tui = Tui::start(&["--demo"], 120, 40, &[]);
    tui.wait_for("Störst underskott");
    tui.send("2");
    tui.wait_for("Ekonomi (mkr)");
    tui.wait_quiet();
    let mut sizes = Vec::new();
    for _ in 0..5 {
        let before = tui.bytes().len();
        let row = tui.selected_row();
        tui.send("j");
        tui.wait_until("the selection moved", |tui| tui.selected_row() != row);
        tui.wait_quiet();
        sizes.push(tui.bytes().len() - before);
    }
    assert!(
        sizes.iter().all(|&n| n > 0),
        "every move is drawn: {sizes:?}"
    );
    assert!(sizes.iter().all(|&n| n <= 300), "bytes per move: {sizes:?}");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// The comparison key and the change screen, as a controller uses them at
/// the monthly follow-up: what changed since the last report, and against
/// the same period last year.
#[test]
fn c_cycles_the_comparison_and_d_lists_what_changed_worst_first() {
    let mut tui = start();
    assert!(tui.screen().contains("mot aug 2025"), "{}", tui.screen());
    // Every pane follows the comparison, as it follows the period.
    tui.send("[");
    tui.wait_for("ack augusti 2025 mot apr 2025");
    tui.send("c");
    tui.wait_for("mot aug 2024 i fjol");
    tui.send("c");
    tui.wait_for("mot apr 2025");
    tui.send("]");
    tui.wait_for("ack oktober 2025 mot aug 2025");
    tui.send("d");
    tui.wait_for("Översikt ack oktober 2025 › Förändringar");
    let screen = tui.screen();
    // Each unit under its heading, its total and its cost-type lines below.
    let hospital = screen
        .lines()
        .position(|l| l.contains("Sjukhusvård"))
        .unwrap_or_else(|| panic!("Sjukhusvård is listed:\n{screen}"));
    assert!(
        screen
            .lines()
            .nth(hospital + 1)
            .unwrap()
            .contains("−334 mkr"),
        "before and after: {screen}"
    );
    assert!(screen.contains("−430 mkr"), "{screen}");
    assert!(
        screen.contains("−102 mkr"),
        "Sjukhusvård's material: {screen}"
    );
    let personnel = screen
        .lines()
        .position(|l| l.contains("Personalkostnader"))
        .expect("personnel is listed");
    // What got better (Anslag och administration, +12 mkr) comes after
    // every worsening: below this screen, or at least below these.
    let better = screen
        .lines()
        .position(|l| l.contains("Anslag och administration"))
        .unwrap_or(usize::MAX);
    assert!(
        hospital < better && personnel < better,
        "worse first:\n{screen}"
    );
    // Each row opens its detail, with both periods and their sources.
    // One move at a time, each waited for, so that none overshoots; a
    // list without it ends at its last row and fails there.
    while !tui.selected_row().contains("−334 mkr") {
        let row = tui.selected_row();
        tui.send(DOWN);
        tui.wait_until(&format!("a move down from {row:?} to Sjukhusvård"), |tui| {
            tui.selected_row() != row
        });
    }
    tui.send(ENTER);
    tui.wait_for("SjV: totalt");
    tui.send("G");
    tui.wait_for("Jämfört med ack augusti 2025");
    assert!(
        tui.screen().contains("avvikelse −334 mkr"),
        "{}",
        tui.screen()
    );
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// `tertial --since OLD NEW`: the cockpit opens NEW with the restated row
/// marked, and its detail gives the old value (the same marks `render
/// --since` prints, tests/cli/diff.rs, through the cockpit's own start).
#[test]
fn since_marks_the_restated_row_in_the_cockpit() {
    let dir = tempfile::tempdir().unwrap();
    let bulk = common::Bulk::sample(dir.path(), "new.db");
    bulk.db
        .execute_batch(
            "UPDATE economy_fact SET deviation = deviation - 1000000 WHERE period_id = '2025-10' \
             AND org_unit_id = 'hsn.sjukhusvard' AND cost_type_id IS NULL",
        )
        .unwrap();
    let new = bulk.done();
    let old = common::repo().join("sample.db");
    let mut tui = Tui::start(
        &["--since", old.to_str().unwrap(), new.to_str().unwrap()],
        100,
        30,
        &[("NO_COLOR", "1")],
    );
    tui.wait_for("Översikt ack oktober 2025");
    tui.send("2");
    tui.wait_for("Sjukhusvård ✎ ändrad");
    tui.send(&DOWN.repeat(4));
    tui.wait_until("on Sjukhusvård", |tui| {
        tui.selected_row().contains("Sjukhusvård")
    });
    tui.send("i");
    tui.wait_for("✎ deviation: −430 mkr → −431 mkr");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
