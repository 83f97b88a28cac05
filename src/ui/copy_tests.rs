//! `y`, `Y` and `e` through the app's keys, kept apart from `copy.rs` so
//! that copying itself does not import the app.

use super::*;
use crate::data::Store;
use crate::keymap::Action;
use crate::ui::app::{App, Mode};
use crate::ui::theme::{Theme, ThemeName};

fn app() -> App {
    let store = Store::demo().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
    let mut app = App::new(store, Theme::new(ThemeName::Mono, false), today, (100, 30));
    app.apply(Action::Pane(PaneId::Economy));
    app
}

#[test]
fn y_and_big_y_put_text_up_once_and_say_what() {
    let mut app = app();
    app.apply(Action::CopyRow);
    let line = app.take_clipboard().unwrap();
    assert!(line.starts_with("Region Västerbotten"), "{line}");
    assert_eq!(app.take_clipboard(), None, "taken once");
    app.apply(Action::CopyTable);
    let tsv = app.take_clipboard().unwrap();
    assert!(tsv.starts_with("Nivå\tEnhet\t"), "{tsv}");
    assert!(tsv.contains("\t-537,6\t"), "a decimal comma: {tsv}");
    // Ekonomi at ack oktober 2025: the region, HSN and its four frames.
    assert_eq!(tsv.lines().count(), 1 + 6, "a header and six rows: {tsv}");
    assert_eq!(app.message, Some(FooterMessage::CopiedRows(6)));
    assert_eq!(
        FooterMessage::CopiedRows(6).describe(),
        "Kopierade 6 rader till urklipp."
    );
}

#[test]
fn with_osc52_off_copying_says_so_and_sends_nothing() {
    let mut app = app();
    app.settings.copy = false;
    app.apply(Action::CopyTable);
    assert_eq!(app.take_clipboard(), None);
    assert_eq!(app.message, Some(FooterMessage::CopyOff));
}

#[test]
fn where_tmux_keeps_the_copy_the_footer_says_what_to_set() {
    let mut app = app();
    app.tmux_blocks = Some("external".into());
    app.apply(Action::CopyRow);
    assert!(app.take_clipboard().is_some(), "still sent");
    assert_eq!(
        app.message,
        Some(FooterMessage::CopyHeldByTmux("external".into()))
    );
    let said = app.message.as_ref().unwrap().describe().into_owned();
    assert!(said.contains("set -g set-clipboard on"), "{said}");
    assert!(!said.contains("Kopierade"), "{said}");
}

#[test]
fn too_much_is_refused_not_cut() {
    let text = "x".repeat(osc52::MAX_TEXT_BYTES + 1);
    let done = offer(&CopySettings::default(), text, FooterMessage::CopiedRows(1));
    assert_eq!(
        done,
        Done {
            message: FooterMessage::CopyTooLarge(osc52::MAX_TEXT_BYTES + 1),
            clipboard: None
        }
    );
}

#[test]
fn e_writes_a_new_csv_named_for_pane_screen_and_period() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app();
    app.settings.export_dir = Some(dir.path().to_path_buf());
    app.settings.export_format = FileFormat::Csv;
    app.apply(Action::Export);
    app.apply(Action::Export);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "tertial-ekonomi-2025-10-2.csv",
            "tertial-ekonomi-2025-10.csv"
        ]
    );
    let Some(FooterMessage::Exported { rows, path }) = &app.message else {
        panic!("{:?}", app.message)
    };
    assert!(path.ends_with("tertial-ekonomi-2025-10-2.csv"), "{path}");
    assert_eq!(*rows, 6, "the region, HSN and its four frames");
    let text = std::fs::read_to_string(dir.path().join(&names[1])).unwrap();
    assert_eq!(text.lines().count(), 1 + 6, "a header and six rows");
    // Deeper screens say which.
    app.apply(Action::Down);
    app.apply(Action::Drill);
    assert_eq!(
        export_stem(&app.in_view()),
        "tertial-ekonomi-hsn-kostnadsslag-2025-10"
    );
}

/// `Y`'s header names the period each change is from, on every pane
/// that has change columns; the figures under it are unchanged.
#[test]
fn big_y_names_the_comparison_period_in_the_header() {
    let mut app = app();
    app.apply(Action::CopyTable);
    let tsv = app.take_clipboard().unwrap();
    let header: Vec<&str> = tsv.lines().next().unwrap().split('\t').collect();
    assert!(
        header.contains(&"Förändr. sedan aug 2025 (mkr)"),
        "{header:?}"
    );
    assert!(
        header.contains(&"Förändr. progn. sedan aug 2025"),
        "{header:?}"
    );
    assert!(!header.contains(&"Förändr. (mkr)"), "{header:?}");
    assert!(
        header.contains(&"Avvikelse (mkr)"),
        "other titles as they are"
    );
    // Last year's report as the comparison: named as such, or with
    // none to compare with, the bare title.
    app.apply(Action::Compare);
    app.apply(Action::CopyTable);
    let tsv = app.take_clipboard().unwrap();
    let header: Vec<&str> = tsv.lines().next().unwrap().split('\t').collect();
    let since = app.compared_with().map(crate::ui::format::short_period);
    assert_ne!(since.as_deref(), Some("aug 2025"));
    let expected = match since {
        Some(since) => format!("Förändr. sedan {since}"),
        None => "Förändr.".to_string(),
    };
    assert!(
        header.iter().any(|h| h.starts_with(&expected)),
        "{expected}: {header:?}"
    );
    assert!(!header.iter().any(|h| h.contains("aug 2025")), "{header:?}");
}

/// The default is a workbook; csv-excel is the Swedish dialect.
#[test]
fn e_writes_a_workbook_by_default_and_excels_csv_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app();
    assert_eq!(app.settings.export_format, FileFormat::Xlsx);
    app.settings.export_dir = Some(dir.path().to_path_buf());
    app.apply(Action::Export);
    let book = std::fs::read(dir.path().join("tertial-ekonomi-2025-10.xlsx")).unwrap();
    assert!(book.starts_with(b"PK"), "a zip");
    app.settings.export_format = FileFormat::CsvExcel;
    app.apply(Action::Export);
    let csv = std::fs::read(dir.path().join("tertial-ekonomi-2025-10.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}Nivå;".as_bytes()));
}

fn press(app: &mut App, c: char) {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
}

fn files_in(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).unwrap().count()
}

/// `e` right after a burst asks; only `j` writes, any other key (the
/// next `e` of a paste) writes nothing.
#[test]
fn e_right_after_a_burst_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app();
    app.settings.export_dir = Some(dir.path().to_path_buf());
    app.typed_ahead(std::time::Instant::now());
    press(&mut app, 'e');
    assert_eq!(app.mode, Mode::Confirm(Action::Export));
    press(&mut app, 'e');
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.message, Some(FooterMessage::WriteCancelled));
    assert_eq!(files_in(dir.path()), 0);
    press(&mut app, 'e');
    press(&mut app, 'j');
    assert!(
        matches!(app.message, Some(FooterMessage::Exported { .. })),
        "{:?}",
        app.message
    );
    assert_eq!(files_in(dir.path()), 1);
    // Long after the burst, `e` writes at once.
    app.typed_ahead(std::time::Instant::now() - crate::ui::app::ASK_AFTER_BURST);
    press(&mut app, 'e');
    assert_eq!(files_in(dir.path()), 2);
}

/// Text that came all at once runs no key outside the search prompt
/// and says so in one line; in the prompt it is the query.
#[test]
fn a_burst_outside_the_prompt_is_dropped_with_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app();
    app.settings.export_dir = Some(dir.path().to_path_buf());
    let before = (app.pane, app.period);
    app.paste("eeee q 3 [ ]");
    assert_eq!((app.pane, app.period), before);
    assert!(!app.quit);
    assert_eq!(app.message, Some(FooterMessage::BurstDropped(12)));
    assert_eq!(
        app.message.as_ref().unwrap().describe(),
        "12 tecken kom på en gång och kördes inte som kommandon (sök: / först)."
    );
    assert_eq!(files_in(dir.path()), 0);
    press(&mut app, '/');
    app.paste("sjukhus");
    assert_eq!(app.mode, Mode::Search("sjukhus".into()));
}

#[test]
fn a_missing_export_folder_is_a_message_not_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app();
    app.settings.export_dir = Some(dir.path().join("saknas"));
    app.apply(Action::Export);
    assert!(
        matches!(&app.message, Some(FooterMessage::ExportFailed(m)) if m.starts_with("Mappen")),
        "{:?}",
        app.message
    );
}
