//! Text from a snapshot never reaches the terminal raw: a snapshot with
//! escape sequences in every text column is walked through every pane, and
//! none of the sequences is among the bytes sent to the terminal.

use crate::common;

use common::pty::Tui;
use rusqlite::Connection;
use tertial::snapshot::spec::{Kind, TABLES};

/// Set the window title, write the clipboard, make a hyperlink, clear the
/// screen, move the cursor, a C1 CSI, a bidi override and a NUL.
const PAYLOAD: &str = "\u{1b}]0;PWNED\u{7}\u{1b}]52;c;UFdORUQ=\u{7}\u{1b}]8;;http://evil.example\u{7}länk\u{1b}]8;;\u{7}\u{1b}[2J\u{1b}[99;99H\u{9b}31m\u{202e}gnirts\u{0}NUL";

/// Every free-text column of the format (docs/snapshot-format.md): not a
/// key, a reference, a date, a number or a vocabulary code. Listed here
/// rather than read from the format's own table, so that a text column
/// mislabelled there still gets the payload (the list is checked against
/// that table below).
const TEXT_COLUMNS: [(&str, &str); 45] = [
    ("meta", "value"),
    ("source", "document"),
    ("source", "section"),
    ("source", "locator"),
    ("period", "label"),
    ("org_unit", "name"),
    ("org_unit", "short_name"),
    ("cost_type", "name"),
    ("economy_fact", "analysis"),
    ("budget_frame", "note"),
    ("frame_change", "label"),
    ("frame_change", "description"),
    ("goal", "number"),
    ("goal", "title"),
    ("goal", "description"),
    ("goal_assessment", "analysis"),
    ("subgoal", "code"),
    ("subgoal", "text"),
    ("subgoal_assessment", "analysis"),
    ("indicator", "name"),
    ("indicator", "unit"),
    ("indicator", "target_text"),
    ("indicator_value", "analysis"),
    ("directive", "title"),
    ("directive", "text"),
    ("directive", "rhythm"),
    ("directive", "target_text"),
    ("directive", "target_unit"),
    ("directive_status", "analysis"),
    ("directive_status", "judgement_quote"),
    ("bed_target", "description"),
    ("bed_event", "label"),
    ("bed_event", "text"),
    ("kpi", "name"),
    ("kpi", "unit"),
    ("kpi", "target_text"),
    ("kpi", "description"),
    ("kpi_value", "label"),
    ("notice", "text"),
    ("notice", "stated"),
    ("notice", "other_stated"),
    ("investment", "name"),
    ("investment", "analysis"),
    ("planned_change", "title"),
    ("planned_change", "text"),
];

#[test]
fn the_text_columns_are_those_of_the_format() {
    let mut labelled: Vec<(&str, &str)> = TABLES
        .iter()
        .flat_map(|t| t.columns.iter().map(move |c| (t.name, c)))
        .filter(|(_, c)| {
            let is_key = c.name == "id" || c.name.ends_with("_id") || c.name == "key";
            matches!(c.kind, Kind::Text) && !is_key
        })
        .map(|(t, c)| (t, c.name))
        .collect();
    let mut listed = TEXT_COLUMNS.to_vec();
    labelled.sort_unstable();
    listed.sort_unstable();
    assert_eq!(labelled, listed);
}

/// A copy of the sample with the payload appended to every text column that
/// is not a key or reference, and invalid UTF-8 in one name.
fn hostile_snapshot() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.db");
    std::fs::copy(common::repo().join("sample.db"), &path).unwrap();
    let db = Connection::open(&path).unwrap();
    db.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    for (table, column) in TEXT_COLUMNS {
        let sql = format!(
            "UPDATE \"{table}\" SET \"{column}\" = \"{column}\" || ?1 WHERE \"{column}\" IS NOT NULL"
        );
        db.execute(&sql, [PAYLOAD]).unwrap();
    }
    db.execute_batch(
        "UPDATE org_unit SET name = CAST(x'48ff53ff' AS TEXT) WHERE id = 'hsn.tandvard'",
    )
    .unwrap();
    drop(db);
    (dir, path)
}

#[test]
fn escape_payloads_are_shown_not_executed() {
    let (_dir, path) = hostile_snapshot();
    let mut tui = Tui::start(&[path.to_str().unwrap()], 120, 40, &[]);
    tui.wait_for("ack oktober 2025");
    assert!(
        tui.screen().contains("␛]0;PWNED"),
        "the payload is visible:\n{}",
        tui.screen()
    );
    // Every pane, its drill-downs and details, help and a search.
    for keys in [
        "2", "j\r", "jjj\r", "\x1b", "\x1b", "jj\r", "b", "\x1b", "3", "[[ ", "j ", "ji", "\x1b",
        "f", "4", "\r", "\x1b", "s", "5", "\r", "\x1b", "1", "]]", "?", "x", "/PWNED\r", "\r",
    ] {
        tui.send(keys);
        tui.wait_quiet();
    }
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let bytes = tui.bytes();
    let sent = String::from_utf8_lossy(&bytes);
    for (what, raw) in [
        ("an OSC sequence (title, clipboard, hyperlink)", "\u{1b}]"),
        ("a C1 CSI", "\u{9b}"),
        ("a bidi override", "\u{202e}"),
        ("a NUL", "\u{0}"),
        // A position off the 120×40 screen: never one of the cockpit's own.
        ("the cursor move", "\u{1b}[99;99H"),
    ] {
        assert!(!sent.contains(raw), "{what} reached the terminal");
    }
    assert!(
        sent.contains("␛]52;c;"),
        "the clipboard payload was drawn as text"
    );
    assert!(
        sent.contains('\u{fffd}'),
        "invalid UTF-8 shown as replacement characters"
    );
}

/// A copy of the sample changed by `sql`.
fn sample_with(sql: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("text.db");
    std::fs::copy(common::repo().join("sample.db"), &path).unwrap();
    let db = Connection::open(&path).unwrap();
    db.execute_batch(sql).unwrap();
    drop(db);
    (dir, path)
}

/// Tabs in an analysis are expanded to the next tab stop, not dropped.
#[test]
fn tabs_in_text_are_expanded() {
    let (_dir, path) = sample_with(
        "UPDATE economy_fact SET analysis = 'Personal' || char(9) || '-380' || char(9) || 'mkr' \
         WHERE org_unit_id = 'hsn' AND cost_type_id IS NULL AND period_id = '2025-10'",
    );
    let run = common::tertial(&[
        "render",
        "ekonomi",
        "--snapshot",
        path.to_str().unwrap(),
        "--period",
        "2025-10",
        "--size",
        "100x30",
        "--keys",
        "ji",
    ]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(
        run.stdout.contains("Personal        -380    mkr"),
        "{}",
        run.stdout
    );
}

/// Names of heavily combined letters cost a bounded number of bytes per
/// cursor move (the marks beyond the cap are not sent), and invisible
/// characters in names are shown, so that two names cannot look alike.
#[test]
fn combining_marks_are_capped_and_invisibles_shown_on_screen() {
    // Twelve letters of 200 marks each: 4.8 kB per name.
    let zalgo: String = "Zalgo-enhet "
        .chars()
        .map(|c| format!("{c}{}", "\u{301}\u{316}".repeat(100)))
        .collect();
    let (_dir, path) = sample_with(&format!(
        "UPDATE org_unit SET name = '{zalgo}' || id; \
         UPDATE org_unit SET name = 'Kirurgi' WHERE id = 'hsn.sjukhusvard'; \
         UPDATE org_unit SET name = 'Kir' || char(173) || 'urgi' || char(917505) WHERE id = 'hsn.primarvard'"
    ));
    let mut tui = Tui::start(&[path.to_str().unwrap()], 120, 40, &[]);
    tui.wait_for("ack oktober 2025");
    tui.send("2");
    tui.wait_for("Kir⟨U+00AD⟩urgi⟨U+E0001⟩");
    tui.wait_quiet();
    // Six rows: five moves from the top to the last.
    let mut sizes = Vec::new();
    for _ in 0..5 {
        let before = tui.bytes().len();
        let row = tui.selected_row();
        tui.send("j");
        tui.wait_until("the selection moved", |tui| tui.selected_row() != row);
        tui.wait_quiet();
        sizes.push(tui.bytes().len() - before);
    }
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(
        sizes.iter().all(|&n| n > 0),
        "every move is drawn: {sizes:?}"
    );
    assert!(
        sizes.iter().all(|&n| n < 3_000),
        "bytes per cursor move: {sizes:?}"
    );
}
