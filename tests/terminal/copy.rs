//! Copying over SSH: `y` and `Y` in the real binary, in a pseudo-terminal;
//! the OSC 52 sequence among the bytes it writes, byte for byte and decoded
//! here (not by the code under test); the export key.

use crate::common;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::pty::Tui;

const INTRODUCER: &[u8] = b"\x1b]52;c;";

/// The text of the OSC 52 sequence at the start of `bytes`: the base64
/// between the introducer and BEL, decoded.
fn decoded(bytes: &[u8]) -> String {
    let body = &bytes[INTRODUCER.len()..];
    let end = body
        .iter()
        .position(|b| *b == 0x07)
        .expect("a sequence ended by BEL");
    String::from_utf8(STANDARD.decode(&body[..end]).expect("base64")).expect("UTF-8")
}

/// Every plain OSC 52 sequence in `bytes` (not tmux's wrapped copy of one):
/// where it starts, and its text.
fn clipboard_writes(bytes: &[u8]) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = bytes[from..]
        .windows(INTRODUCER.len())
        .position(|w| w == INTRODUCER)
    {
        let start = from + at;
        from = start + INTRODUCER.len();
        if start > 0 && bytes[start - 1] == 0x1b {
            continue; // the copy inside tmux's passthrough (ESC doubled)
        }
        found.push((start, decoded(&bytes[start..])));
    }
    found
}

fn start(args: &[&str], env: &[(&str, &str)]) -> Tui {
    let mut all = vec!["--today", "2025-11-22"];
    all.extend_from_slice(args);
    let mut env = env.to_vec();
    env.push(("NO_COLOR", "1"));
    let tui = Tui::start(&all, 120, 40, &env);
    tui.wait_for("Översikt ack oktober 2025");
    tui
}

/// Ekonomi, with Sjukhusvård selected.
fn to_the_hospital(tui: &mut Tui) {
    tui.send("2");
    tui.wait_for("Ekonomi (mkr)");
    tui.send("jjjj");
    tui.wait_until("on Sjukhusvård", |tui| {
        tui.selected_row().contains("Sjukhusvård")
    });
}

/// What `y` copies for Sjukhusvård in Ekonomi, ack oktober 2025.
const ROW_LINE: &str = "Sjukhusvård: Avvikelse −430 mkr · Förändr. sedan aug 2025 −96 mkr · Beräknat helår \
    −516 mkr — ack oktober 2025 (källa: HSN Resultatuppföljning oktober 2025, Ekonomiskt resultat \
    per politisk ram)";

#[test]
fn y_copies_the_row_and_big_y_the_table_as_numbers() {
    let mut tui = start(&["--demo"], &[("TMUX", "")]);
    to_the_hospital(&mut tui);
    tui.send("y");
    tui.wait_for("Kopierade raden Sjukhusvård till urklipp.");
    let writes = clipboard_writes(&tui.bytes());
    assert_eq!(writes.len(), 1, "one sequence outside tmux");
    // The sequence byte for byte: introducer, the line in base64, BEL.
    let bytes = tui.bytes();
    let start = writes[0].0;
    let expected = [INTRODUCER, STANDARD.encode(ROW_LINE).as_bytes(), b"\x07"].concat();
    assert_eq!(
        String::from_utf8_lossy(&bytes[start..start + expected.len()]),
        String::from_utf8_lossy(&expected),
        "decoded: {}",
        writes[0].1
    );

    tui.send("Y");
    tui.wait_for("Kopierade 6 rader till urklipp.");
    let writes = clipboard_writes(&tui.bytes());
    assert_eq!(writes.len(), 2);
    let tsv = &writes[1].1;
    let records: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .from_reader(tsv.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let column = |title: &str| records[0].iter().position(|h| h == title).unwrap();
    let hospital = records.iter().find(|r| r[1] == "Sjukhusvård").unwrap();
    assert_eq!(hospital[column("Avvikelse (mkr)")], "-430");
    assert_eq!(hospital[column("Nivå")], "2");
    let hsn = records
        .iter()
        .find(|r| r[1] == "Hälso- och sjukvårdsnämnden")
        .unwrap();
    assert_eq!(
        hsn[column("Beräknat helår (mkr)")],
        "-537,6",
        "a decimal comma"
    );
    assert!(hospital[column("Källa")].starts_with("HSN Resultatuppföljning"));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn inside_tmux_the_sequence_is_also_sent_through() {
    let (_tmux, path) = tmux_answering("on");
    let mut tui = start(
        &["--demo"],
        &[("TMUX", "/tmp/tmux-0/default,1,0"), ("PATH", &path)],
    );
    to_the_hospital(&mut tui);
    tui.send("y");
    tui.wait_for("Kopierade raden");
    let bytes = tui.bytes();
    let wrapped = b"\x1bPtmux;\x1b\x1b]52;c;";
    assert!(
        bytes.windows(wrapped.len()).any(|w| w == wrapped),
        "the passthrough form"
    );
    assert_eq!(clipboard_writes(&bytes).len(), 1, "and the plain one");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn with_osc52_off_y_says_so_and_sends_nothing() {
    let mut tui = start(&["--demo", "--no-osc52"], &[("TMUX", "")]);
    to_the_hospital(&mut tui);
    tui.send("y");
    tui.wait_for("Kopiering via terminalen (OSC 52) är avstängd");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(clipboard_writes(&tui.bytes()).is_empty());
}

/// A name that tries to end the clipboard sequence early and start its own
/// (with BEL and with ST), then clear the screen.
const HOSTILE: &str = "Sjukhusvård\u{7}\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}\\\u{1b}[2J\u{9c}";

#[test]
fn a_hostile_name_cannot_end_or_break_the_sequence() {
    let (_dir, path) = common::sample_with(&[(
        "UPDATE org_unit SET name = ?1 WHERE id = 'hsn.sjukhusvard'",
        HOSTILE,
    )]);
    let (_tmux, search_path) = tmux_answering("on");
    for tmux in ["", "/tmp/tmux-0/default,1,0"] {
        let mut tui = start(
            &[path.to_str().unwrap()],
            &[("TMUX", tmux), ("PATH", &search_path)],
        );
        to_the_hospital(&mut tui);
        tui.send("y");
        tui.wait_for("Kopierade raden");
        tui.send("Y");
        tui.wait_for("Kopierade 6 rader");
        tui.send("q");
        assert_eq!(tui.wait_exit(), 0);
        let bytes = tui.bytes();
        let writes = clipboard_writes(&bytes);
        assert_eq!(
            writes.len(),
            2,
            "exactly the two copies, nothing the name started"
        );
        for (start, text) in &writes {
            // From the introducer, base64 up to the terminator and nothing else.
            let rest = &bytes[start + INTRODUCER.len()..];
            let end = rest.iter().position(|b| *b == 0x07).unwrap();
            assert!(
                rest[..end]
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(b)),
                "only base64 inside"
            );
            assert!(
                text.contains("Sjukhusvård␇␛]52;c;ZXZpbA==␇"),
                "shown, not run: {text}"
            );
            assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'));
        }
        assert!(!String::from_utf8_lossy(&bytes).contains("ZXZpbA==\u{7}"));
    }
}

/// `e` writes an Excel workbook by default: read back, the hospital's
/// deviation is a number in a sheet named after the view.
#[test]
fn e_writes_the_table_to_a_new_workbook_and_says_where() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let mut tui = start(
        &["--demo", "--export-dir", dir.path().to_str().unwrap()],
        &[],
    );
    tui.send("2");
    tui.wait_for("Sjukhusvård");
    tui.send("e");
    tui.wait_for("Sparade 6 rader i");
    tui.send("e");
    tui.wait_for("tertial-ekonomi-2025-10-2.xlsx");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let mut book: Xlsx<_> = open_workbook(dir.path().join("tertial-ekonomi-2025-10.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["Ekonomi (mkr)"]);
    let range = book.worksheet_range("Ekonomi (mkr)").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let deviation = rows[0]
        .iter()
        .position(|h| *h == Data::String("Avvikelse (mkr)".into()))
        .unwrap();
    let hospital = rows
        .iter()
        .find(|r| r[1] == Data::String("Sjukhusvård".into()))
        .unwrap();
    assert_eq!(hospital[deviation], Data::Float(-430.0));
}

/// `--export-format csv-excel`: the file a Swedish Excel opens with a
/// double click (BOM, `;`, decimal comma).
#[test]
fn e_writes_csv_in_excels_swedish_dialect_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut tui = start(
        &[
            "--demo",
            "--export-format",
            "csv-excel",
            "--export-dir",
            dir.path().to_str().unwrap(),
        ],
        &[],
    );
    tui.send("2");
    tui.wait_for("Sjukhusvård");
    tui.send("e");
    tui.wait_for("tertial-ekonomi-2025-10.csv");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let bytes = std::fs::read(dir.path().join("tertial-ekonomi-2025-10.csv")).unwrap();
    assert!(bytes.starts_with("\u{feff}Nivå;Enhet;".as_bytes()));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains(";-537,6;"), "{text}");
}

/// `Y` and `e` on every pane but Ekonomi (above): the table in view, every
/// row of it, to the clipboard and to a CSV file named for the pane.
#[test]
fn big_y_and_e_copy_and_export_every_panes_table() {
    let dir = tempfile::tempdir().unwrap();
    let mut tui = start(
        &[
            "--demo",
            "--export-format",
            "csv",
            "--export-dir",
            dir.path().to_str().unwrap(),
        ],
        &[("TMUX", "")],
    );
    // The pane's key, its name in file names, a line only it draws, and at
    // ack oktober 2025 the rows of figures its table has (what the message
    // counts) and its records, headings included (Översikt's eight
    // sections, Vårdplatser's promise, Nyckeltal's five boards). Översikt
    // lists one key figure off target: the agency-staff share is judged
    // reached (#23).
    for (key, pane, own_line, rows, records) in [
        ("1", "oversikt", "Budgetavvikelse HSN", 23, 31),
        ("3", "mal", "Bara delmålen är bedömda", 10, 10),
        ("4", "uppdrag", "Sortering: slutdatum", 14, 14),
        ("5", "vardplatser", "senaste månad 2025-10", 11, 12),
        ("6", "nyckeltal", "Senaste värdet i år", 32, 37),
    ] {
        tui.send(key);
        tui.wait_for(own_line);
        let copies = clipboard_writes(&tui.bytes()).len();
        tui.send("Y");
        tui.wait_for(&format!("Kopierade {rows} rader till urklipp."));
        let writes = clipboard_writes(&tui.bytes());
        assert_eq!(writes.len(), copies + 1, "{pane}: one copy");
        let tsv: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
            .delimiter(b'\t')
            .has_headers(false)
            .from_reader(writes[copies].1.as_bytes())
            .records()
            .map(Result::unwrap)
            .collect();
        assert_eq!(tsv.len(), 1 + records, "{pane}: a header and the rows");
        assert_eq!(&tsv[0][0], "Nivå", "{pane}");
        tui.send("e");
        tui.wait_for(&format!("Sparade {rows} rader i"));
        let file = dir.path().join(format!("tertial-{pane}-2025-10.csv"));
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("{pane}: {}: {e}", file.display()));
        let written = csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(Result::unwrap)
            .count();
        assert_eq!(written, records, "{pane}: every row in the file");
    }
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// `copy` and `export_dir` from the config file, the environment over
/// them, the command line over both: what `y` and `e` then do.
#[test]
fn copy_and_export_dir_follow_file_then_environment_then_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let folder = |name: &str| {
        let path = dir.path().join(name);
        std::fs::create_dir(&path).unwrap();
        path
    };
    let (from_file, from_env, from_cli) = (folder("file"), folder("env"), folder("cli"));
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!("copy = false\nexport_dir = \"{}\"\n", from_file.display()),
    )
    .unwrap();
    let files = |path: &std::path::Path| std::fs::read_dir(path).unwrap().count();
    let config = config.to_str().unwrap();
    let env = [
        ("TMUX", ""),
        ("TERTIAL_CONFIG", config),
        ("TERTIAL_COPY", "1"),
        ("TERTIAL_EXPORT_DIR", from_env.to_str().unwrap()),
    ];
    // The environment over the file: copying is on, `e` writes to its folder.
    let mut tui = start(&["--demo"], &env);
    to_the_hospital(&mut tui);
    tui.send("y");
    tui.wait_for("Kopierade raden Sjukhusvård till urklipp.");
    tui.send("e");
    tui.wait_for("Sparade 6 rader i");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert_eq!(clipboard_writes(&tui.bytes()).len(), 1);
    assert_eq!(
        (files(&from_file), files(&from_env), files(&from_cli)),
        (0, 1, 0)
    );
    // The command line over both.
    let mut tui = start(
        &[
            "--demo",
            "--no-osc52",
            "--export-dir",
            from_cli.to_str().unwrap(),
        ],
        &env,
    );
    to_the_hospital(&mut tui);
    tui.send("y");
    tui.wait_for("Kopiering via terminalen (OSC 52) är avstängd");
    tui.send("e");
    tui.wait_for("Sparade 6 rader i");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(clipboard_writes(&tui.bytes()).is_empty());
    assert_eq!(
        (files(&from_file), files(&from_env), files(&from_cli)),
        (0, 1, 1)
    );
}

/// A folder with a `tmux` that answers `show -gv set-clipboard` with
/// `setting` (and `allow-passthrough` with nothing: tmux's default), for PATH.
fn fake_tmux(setting: &str) -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let tmux = dir.path().join("tmux");
    std::fs::write(
        &tmux,
        format!("#!/bin/sh\n[ \"$*\" = 'show -gv set-clipboard' ] && echo {setting}\n"),
    )
    .unwrap();
    std::fs::set_permissions(&tmux, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

/// A search path whose first `tmux` answers `setting`, so that a test
/// inside "tmux" never asks the machine's own tmux server (whose default,
/// `external`, keeps copies back: the footer then says what to set).
fn tmux_answering(setting: &str) -> (tempfile::TempDir, String) {
    let tmux = fake_tmux(setting);
    let path = format!(
        "{}:{}",
        tmux.path().display(),
        std::env::var("PATH").unwrap()
    );
    (tmux, path)
}

#[test]
fn under_tmux_set_clipboard_external_y_says_what_to_set_not_copied() {
    for (setting, said) in [
        (
            "external",
            "tmux släpper inte fram kopian: lägg set -g set-clipboard on i ~/.tmux.conf",
        ),
        ("on", "Kopierade raden Sjukhusvård"),
    ] {
        let (_tmux, path) = tmux_answering(setting);
        let mut tui = start(
            &["--demo"],
            &[("TMUX", "/tmp/tmux-0/default,1,0"), ("PATH", &path)],
        );
        to_the_hospital(&mut tui);
        tui.send("y");
        tui.wait_for(said);
        assert_eq!(clipboard_writes(&tui.bytes()).len(), 1, "sent all the same");
        tui.send("q");
        assert_eq!(tui.wait_exit(), 0);
    }
}

/// A workbook is not text for a terminal: `render --format xlsx` with a
/// terminal as standard output says to give -o, writes no bytes of a zip
/// and exits 2.
#[test]
fn render_xlsx_to_a_terminal_is_refused_with_a_hint() {
    let mut tui = Tui::start(
        &["render", "ekonomi", "--demo", "--format", "xlsx"],
        100,
        30,
        &[],
    );
    tui.wait_for("give -o FILE");
    assert_eq!(tui.wait_exit(), 2);
    let bytes = tui.bytes();
    assert!(
        !bytes.windows(2).any(|w| w == b"PK"),
        "no workbook bytes on the terminal"
    );
}
