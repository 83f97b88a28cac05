//! The walk of issue 22, end to end in a pseudo-terminal at 80×24 and
//! 120×40: note a cost-type line at ack augusti 2025 and flag it fråga;
//! open the cockpit again on a copy of the sample where that line's figure
//! is restated; see the note with both figures; list it on Att följa upp;
//! export it. The notes file is the test's own (`--notes`).

use crate::common;

use common::pty::Tui;
use std::path::Path;
use std::time::{Duration, Instant};

const ESC: &str = "\x1b";
const CTRL_S: &str = "\x13";

/// Waits until the selected row holds `text`; panics with the screen if not.
fn wait_selected(tui: &Tui, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if tui.selected_row().contains(text) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("'{text}' never selected; the screen:\n{}", tui.screen());
}

fn open(snapshot: &Path, notes: &Path, size: (u16, u16)) -> Tui {
    let tui = Tui::start(
        &[
            snapshot.to_str().unwrap(),
            "--notes",
            notes.to_str().unwrap(),
        ],
        size.0,
        size.1,
        &[("NO_COLOR", "1")],
    );
    tui.wait_for("Översikt ack oktober 2025");
    tui
}

/// From the overview to HSN's Vårdintäkter line at ack augusti 2025.
fn to_the_line(tui: &mut Tui) {
    tui.send("[");
    tui.wait_for("Översikt ack augusti 2025");
    tui.send("2");
    tui.wait_for("Ekonomi (mkr)");
    tui.send("j");
    wait_selected(tui, "Hälso- och sjukvårdsnämnden");
    tui.send("\r");
    tui.wait_for("HSN: kostnadsslag");
    tui.send("jj");
    wait_selected(tui, "Vårdintäkter");
}

fn walk(size: (u16, u16)) {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.db");
    let august = dir.path().join("augusti.db");
    std::fs::copy(common::repo().join("sample.db"), &august).unwrap();
    let before = std::fs::read(&august).unwrap();

    let mut tui = open(&august, &notes, size);
    to_the_line(&mut tui);
    tui.send("a");
    tui.wait_for("Anteckning: Hälso- och sjukvårdsnämnden · Vårdintäkter");
    // Typed in one write: more keys than a person presses at once, so text
    // (a paste) for the editor; the Tab after it is a key of its own.
    tui.send("Varför föll vårdintäkterna?\rFråga HSN:s controller");
    tui.wait_for("Fråga HSN:s controller");
    tui.send("\t");
    tui.wait_for("[✦fråga]");
    tui.send(CTRL_S);
    tui.wait_for("Anteckningen sparades.");
    assert!(tui.selected_row().contains('✦'), "{}", tui.screen());
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert_eq!(
        std::fs::read(&august).unwrap(),
        before,
        "the snapshot was written"
    );
    let beside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("augusti"))
        .collect();
    assert_eq!(
        beside,
        ["augusti.db"],
        "something was written beside the snapshot"
    );

    // The next snapshot of the same organisation: the line restated.
    let restated = dir.path().join("restated.db");
    std::fs::copy(&august, &restated).unwrap();
    let db = rusqlite::Connection::open(&restated).unwrap();
    let changed = db
        .execute(
            "UPDATE economy_fact SET deviation = -41000000 WHERE period_id = '2025-08' \
             AND org_unit_id = 'hsn' AND cost_type_id = 'vardintakter'",
            [],
        )
        .unwrap();
    assert_eq!(changed, 1);
    drop(db);

    let mut tui = open(&restated, &notes, size);
    to_the_line(&mut tui);
    assert!(
        tui.selected_row().contains("✦"),
        "the row is marked:\n{}",
        tui.screen()
    );
    tui.send("i");
    tui.wait_for("Anteckningar");
    let detail = tui.screen();
    assert!(detail.contains("noterad ack augusti 2025"), "{detail}");
    assert!(
        detail.contains("då Avvikelse: −16"),
        "the figure then:\n{detail}"
    );
    assert!(
        detail
            .lines()
            .any(|l| l.starts_with("Avvikelse ") && l.contains("−41 mkr")),
        "the figure now:\n{detail}"
    );
    assert!(detail.contains("Varför föll vårdintäkterna?"), "{detail}");
    tui.send(ESC);
    tui.wait_for("Kostnadsslag");
    tui.send("A");
    tui.wait_for("Att följa upp");
    let list = tui.screen();
    let line = list
        .lines()
        .find(|l| l.contains("HSN · Vårdintäkter"))
        .unwrap_or_else(|| panic!("not listed:\n{list}"));
    assert!(line.contains("fråga"), "{line}");
    assert!(
        line.contains("−16") && line.contains("−41"),
        "both figures: {line}"
    );
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let out = dir.path().join("uppfoljning.csv");
    let run = common::tertial(&[
        "notes",
        "--notes",
        notes.to_str().unwrap(),
        "export",
        "--format",
        "csv",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.all());
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.contains("fråga"), "{csv}");
    assert!(csv.contains("Varför föll vårdintäkterna?"), "{csv}");
    assert!(csv.contains("Avvikelse: −16"), "{csv}");
}

#[test]
fn the_walk_at_80x24() {
    walk((80, 24));
}

#[test]
fn the_walk_at_120x40() {
    walk((120, 40));
}

/// A notes file that is not one: the cockpit opens on the snapshot, says
/// why in one line, and leaves the file as it was.
#[test]
fn a_notes_file_that_is_not_one_is_said_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.db");
    std::fs::write(&notes, "my shopping list\n").unwrap();
    let mut tui = open(&common::repo().join("sample.db"), &notes, (80, 24));
    tui.wait_for("Anteckningar otillgängliga: filen är inte en anteckningsfil");
    tui.send("2");
    tui.wait_for("Ekonomi (mkr)");
    tui.send("ja");
    tui.wait_for("Anteckningar otillgängliga");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert_eq!(
        std::fs::read_to_string(&notes).unwrap(),
        "my shopping list\n"
    );
}

/// A paste into the editor is text: its line breaks are lines, its escape
/// sequences are neither run nor kept as controls, and it saves as typed.
#[test]
fn a_paste_into_the_editor_is_text() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.db");
    let mut tui = open(&common::repo().join("sample.db"), &notes, (80, 24));
    tui.send("2");
    tui.wait_for("Ekonomi (mkr)");
    tui.send("j");
    wait_selected(&tui, "Hälso- och sjukvårdsnä");
    tui.send("a");
    tui.wait_for("Anteckning: Hälso- och sjukvårdsnämnden");
    // Bracketed paste, holding a q (quit, were it a key) and an escape sequence.
    tui.send("\x1b[200~första raden\r\nq och \x1b[2J andra\x1b[201~");
    tui.wait_for("q och [2J andra");
    tui.send(CTRL_S);
    tui.wait_for("Anteckningen sparades.");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let list = common::tertial(&["notes", "--notes", notes.to_str().unwrap(), "list"]);
    assert!(
        list.stdout
            .contains("  │ första raden\n  │ q och [2J andra\n"),
        "{}",
        list.stdout
    );
}

/// Ctrl-E hands the note to `$EDITOR` with the terminal: the cockpit's
/// reader stands aside, so what the user types reaches the editor (here a
/// script that reads a line from the terminal and adds it), and the text
/// comes back into the note editor to be saved.
#[test]
fn ctrl_e_hands_the_note_to_the_users_editor_and_takes_it_back() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.db");
    let editor = dir.path().join("redigerare.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'REDIGERAREN VÄNTAR\\n' > /dev/tty\nread line < /dev/tty\n\
         printf '%s\\n' \"$line\" >> \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut tui = Tui::start(
        &[
            common::repo().join("sample.db").to_str().unwrap(),
            "--notes",
            notes.to_str().unwrap(),
        ],
        80,
        24,
        &[("NO_COLOR", "1"), ("EDITOR", editor.to_str().unwrap())],
    );
    tui.wait_for("Översikt ack oktober 2025");
    tui.send("2");
    tui.wait_for("Ekonomi (mkr)");
    tui.send("j");
    wait_selected(&tui, "Hälso- och sjukvårdsnä");
    tui.send("a");
    tui.wait_for("Anteckning: Hälso- och sjukvårdsnämnden");
    tui.send("skrivet");
    tui.wait_for("skrivet");
    tui.send("\x05");
    tui.wait_for("REDIGERAREN VÄNTAR");
    tui.send("från redigeraren\r");
    tui.wait_for("från redigeraren");
    tui.wait_for("Anteckning: Hälso- och sjukvårdsnämnden");
    tui.send(CTRL_S);
    tui.wait_for("Anteckningen sparades.");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let list = common::tertial(&["notes", "--notes", notes.to_str().unwrap(), "list"]);
    assert!(
        list.stdout.contains("  │ skrivet\n  │ från redigeraren\n"),
        "{}",
        list.stdout
    );
}
