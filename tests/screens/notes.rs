//! The user's notes on screen: the editor, the marks on noted rows (with
//! Unicode and in ASCII), a detail page's notes, and "Att följa upp" — each
//! with a notes file of the test's own, seeded with fixed dates.

use tertial::notes::{Flag, Kind, Note, NotesStore, Subject};
use tertial::ui::render::{RenderOptions, parse_keys, render, to_text};
use tertial::ui::screen::PaneId;
use tertial::ui::theme::{Theme, ThemeName};

const ORG: &str = "Region Västerbotten";

fn note(id: &str, subject: Subject, about: &str, text: &str, flag: Option<Flag>) -> Note {
    Note {
        id: id.into(),
        organisation: ORG.into(),
        subject,
        about: about.into(),
        text: text.into(),
        flag,
        created: "2025-09-20T08:00:00Z".into(),
        updated: "2025-09-21T08:00:00Z".into(),
        period: "2025-08".into(),
        period_label: "ack augusti 2025".into(),
        report_date: "2025-12-10".into(),
        figure: Some("Avvikelse: −300".into()),
        revision: 1,
    }
}

/// A notes file holding the walk's notes: HSN flagged risk, one of its cost
/// types flagged fråga, a directive, and a line this snapshot does not have.
fn seeded() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    let mut store = NotesStore::open(&path).unwrap();
    store
        .import(&[
            note(
                "n1",
                Subject::new(Kind::Unit, &["hsn"]),
                "Hälso- och sjukvårdsnämnden",
                "Underskottet växer\nFråga om åtgärdsplanen",
                Some(Flag::Risk),
            ),
            note(
                "n2",
                Subject::new(Kind::CostType, &["hsn", "vardintakter"]),
                "Hälso- och sjukvårdsnämnden · Vårdintäkter",
                "Varför föll vårdintäkterna?",
                Some(Flag::Question),
            ),
            note(
                "n3",
                Subject::new(Kind::CostType, &["hsn", "borttagen"]),
                "Hälso- och sjukvårdsnämnden · Gammal rad",
                "Den här raden finns inte längre",
                Some(Flag::Board),
            ),
            Note {
                organisation: "En annan region".into(),
                ..note(
                    "n4",
                    Subject::new(Kind::Unit, &["hsn"]),
                    "HSN där",
                    "syns inte",
                    None,
                )
            },
        ])
        .unwrap();
    (dir, path)
}

fn shown(
    pane: PaneId,
    theme: Theme,
    size: (u16, u16),
    keys: &str,
    notes: &std::path::Path,
) -> String {
    let options = RenderOptions {
        pane,
        period: Some("2025-08".into()),
        size,
        keys: parse_keys(keys).unwrap(),
        theme,
        today: chrono::NaiveDate::from_ymd_opt(2025, 11, 22).unwrap(),
        notes: Some(notes.to_path_buf()),
    };
    to_text(&render(tertial::data::Store::demo().unwrap(), &options).unwrap())
}

fn dark() -> Theme {
    Theme::new(ThemeName::Default, false)
}

#[test]
fn the_seeded_cost_type_exists_in_the_sample() {
    // The snapshots below rely on this id; if the sample changes, say so.
    let store = tertial::data::Store::demo().unwrap();
    assert!(store.cost_type("vardintakter").is_some());
}

#[test]
fn noted_rows_are_marked_80x24() {
    let (_dir, notes) = seeded();
    let text = shown(PaneId::Economy, dark(), (80, 24), "", &notes);
    assert!(text.contains("Hälso- och sjukvårdsnämnden ✦"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn noted_rows_are_marked_in_ascii_with_the_word() {
    let (_dir, notes) = seeded();
    let text = shown(
        PaneId::Economy,
        Theme::new(ThemeName::Mono, true),
        (120, 24),
        "j<Enter>",
        &notes,
    );
    assert!(text.contains("Vardintakter + fraga"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn a_detail_page_shows_its_notes_80x24() {
    let (_dir, notes) = seeded();
    let text = shown(PaneId::Economy, dark(), (80, 24), "ji", &notes);
    assert!(text.contains("Anteckningar"), "{text}");
    assert!(
        text.contains("noterad ack augusti 2025 · 2025-09-21"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn the_editor_80x24() {
    let (_dir, notes) = seeded();
    let text = shown(
        PaneId::Economy,
        dark(),
        (80, 24),
        "jj<Enter>jjjaFråga Sjukhusvård<Enter>om material<Tab>",
        &notes,
    );
    insta::assert_snapshot!(text);
}

#[test]
fn the_editor_asks_before_throwing_text_away() {
    let (_dir, notes) = seeded();
    let text = shown(
        PaneId::Economy,
        dark(),
        (80, 24),
        "jjjaviktigt<Esc>",
        &notes,
    );
    assert!(text.contains("Kasta det du skrivit?"), "{text}");
    let closed = shown(
        PaneId::Economy,
        dark(),
        (80, 24),
        "jjjaviktigt<Esc><Esc>",
        &notes,
    );
    assert!(!closed.contains("Anteckning:"), "{closed}");
    assert!(
        NotesStore::open(&notes).unwrap().all().unwrap().len() == 4,
        "nothing saved"
    );
}

#[test]
fn a_saved_note_marks_its_row_at_once() {
    let (_dir, notes) = seeded();
    let text = shown(
        PaneId::Economy,
        dark(),
        (100, 24),
        "jjjaNy anteckning<Tab><Tab><C-s>",
        &notes,
    );
    assert!(text.contains("Anteckningen sparades."), "{text}");
    let saved = NotesStore::open(&notes).unwrap().all().unwrap();
    let new = saved
        .iter()
        .find(|n| n.text == "Ny anteckning")
        .expect("saved");
    assert_eq!(new.flag, Some(Flag::Risk));
    assert_eq!(new.period_label, "ack augusti 2025");
    assert_eq!(new.report_date, "2025-12-10");
    assert_eq!(new.organisation, ORG);
    assert!(
        text.lines().any(|l| l.contains("Tandvård ✦ risk")),
        "the new note's row is marked at once: {text}"
    );
}

#[test]
fn follow_up_lists_every_note_and_the_rows_this_snapshot_lacks_80x24() {
    let (_dir, notes) = seeded();
    let text = shown(PaneId::Overview, dark(), (80, 24), "A", &notes);
    assert!(
        text.contains("Utan rad i den här ögonblicksbilden (1)"),
        "{text}"
    );
    assert!(
        !text.contains("HSN där"),
        "another organisation's note: {text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn follow_up_enter_lands_on_the_noted_row() {
    let (_dir, notes) = seeded();
    // The newest note first: n3 (no row) is listed last; the first row is n2.
    let text = shown(PaneId::Overview, dark(), (80, 24), "A<Enter>", &notes);
    let selected = text
        .lines()
        .find(|l| l.starts_with('▌'))
        .unwrap_or_default();
    assert!(selected.contains("Vårdintäkter"), "{text}");
    assert!(text.contains("Ekonomi (mkr) › HSN: kostnadsslag"), "{text}");
}

#[test]
fn a_hostile_note_is_drawn_inert() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    NotesStore::open(&path)
        .unwrap()
        .import(&[note(
            "h",
            Subject::new(Kind::Unit, &["hsn"]),
            "HSN\u{1b}[2J",
            "\u{1b}]52;c;AAAA\u{7}\u{202e}kalkyl\u{1b}[31m",
            None,
        )])
        .unwrap();
    for keys in ["ji", "A"] {
        let text = shown(PaneId::Economy, dark(), (120, 30), keys, &path);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{202e}'),
            "{keys}: {text:?}"
        );
        assert!(text.contains('␛'), "{keys}: {text}");
    }
}

#[test]
fn follow_up_filters_by_flag_and_unit_with_the_filter_keys() {
    let (_dir, notes) = seeded();
    let all = shown(PaneId::Overview, dark(), (120, 24), "A", &notes);
    assert!(all.contains("3 anteckningar"), "{all}");
    assert!(
        all.contains("f flagga · u enhet"),
        "the keys are named: {all}"
    );
    let questions = shown(PaneId::Overview, dark(), (120, 24), "Af", &notes);
    assert!(
        questions.contains("1 anteckning · bara fråga"),
        "{questions}"
    );
    assert!(
        questions.contains("Vårdintäkter") && !questions.contains("Underskottet"),
        "{questions}"
    );
    let risks = shown(PaneId::Overview, dark(), (120, 24), "Aff", &notes);
    assert!(
        risks.contains("bara risk") && risks.contains("Underskottet"),
        "{risks}"
    );
    let hsn = shown(PaneId::Overview, dark(), (120, 24), "Au", &notes);
    assert!(hsn.contains("3 anteckningar · bara HSN"), "{hsn}");
    let again = shown(PaneId::Overview, dark(), (120, 24), "Auu", &notes);
    assert!(
        again.contains("3 anteckningar · Enter"),
        "back to every unit: {again}"
    );
}

#[test]
fn follow_up_enter_goes_to_the_period_the_note_was_written_at() {
    let (_dir, notes) = seeded();
    let options = |keys: &str| RenderOptions {
        pane: PaneId::Overview,
        period: None,
        size: (100, 24),
        keys: parse_keys(keys).unwrap(),
        theme: dark(),
        today: chrono::NaiveDate::from_ymd_opt(2025, 11, 22).unwrap(),
        notes: Some(notes.clone()),
    };
    let render = |keys: &str| {
        to_text(&render(tertial::data::Store::demo().unwrap(), &options(keys)).unwrap())
    };
    assert!(
        render("A").contains("ack oktober 2025"),
        "opens on the latest"
    );
    let landed = render("A<Enter>");
    assert!(
        landed
            .lines()
            .next()
            .unwrap_or_default()
            .contains("ack augusti 2025"),
        "{landed}"
    );
    let selected = landed
        .lines()
        .find(|l| l.starts_with('▌'))
        .unwrap_or_default();
    assert!(selected.contains("Vårdintäkter"), "{landed}");
}

#[test]
fn copies_and_exports_leave_the_note_marks_out() {
    let (_dir, notes) = seeded();
    let options = RenderOptions {
        pane: PaneId::Economy,
        period: Some("2025-08".into()),
        size: (120, 40),
        keys: parse_keys("").unwrap(),
        theme: dark(),
        today: chrono::NaiveDate::from_ymd_opt(2025, 11, 22).unwrap(),
        notes: Some(notes.clone()),
    };
    let csv = tertial::ui::render::export(
        tertial::data::Store::demo().unwrap(),
        &options,
        tertial::export::Format::Csv,
        tertial::export::Mark::Point,
        tertial::config::Settings::default(),
    )
    .unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains("Hälso- och sjukvårdsnämnden"), "{csv}");
    assert!(!csv.contains('✦') && !csv.contains("risk"), "{csv}");
}

#[test]
fn an_edited_flag_replaces_the_rows_mark() {
    let (_dir, notes) = seeded();
    // HSN's note is flagged risk: Tab makes it till nämnden.
    let text = shown(PaneId::Economy, dark(), (120, 24), "ja<Tab><C-s>", &notes);
    let row = text
        .lines()
        .find(|l| l.contains("Hälso- och sjukvårdsnämnden"))
        .unwrap_or_default();
    assert!(row.contains("✦ till nämnden"), "{text}");
    assert_eq!(row.matches('✦').count(), 1, "one mark: {row}");
    let saved = NotesStore::open(&notes).unwrap().all().unwrap();
    assert_eq!(saved.len(), 4, "edited, not added");
    let detail = shown(PaneId::Economy, dark(), (120, 40), "ja<Tab><C-s>i", &notes);
    assert_eq!(detail.matches("Anteckningar").count(), 1, "{detail}");
}

/// #23: a row with several notes showed one at 80×24. Its page says how
/// many there are where the notes begin, and a few lines of scrolling
/// bring every one of them into view together.
#[test]
fn every_note_of_a_row_is_reachable_on_its_page_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    let hsn = || Subject::new(Kind::Unit, &["hsn"]);
    let texts = [
        "Underskottet växer\nFråga om åtgärdsplanen",
        "Varför ökade personalkostnaderna?",
        "Tas upp i nämnden i december",
        "Klart: förklarat av sommaravtalen",
    ];
    let flags = [Flag::Risk, Flag::Question, Flag::Board, Flag::Done];
    let notes: Vec<Note> = texts
        .iter()
        .zip(flags)
        .enumerate()
        .map(|(i, (text, flag))| Note {
            updated: format!("2025-09-2{i}T08:00:00Z"),
            ..note(
                &format!("n{i}"),
                hsn(),
                "Hälso- och sjukvårdsnämnden",
                text,
                Some(flag),
            )
        })
        .collect();
    NotesStore::open(&path).unwrap().import(&notes).unwrap();
    let first = shown(PaneId::Economy, dark(), (80, 24), "ji", &path);
    assert!(
        first.contains("Anteckningar (4, äldst först)"),
        "the count where the notes begin: {first}"
    );
    let scrolled = shown(
        PaneId::Economy,
        dark(),
        (80, 24),
        &"j".repeat(17).replacen("j", "ji", 1),
        &path,
    );
    for text in texts.iter().flat_map(|t| t.lines()) {
        assert!(scrolled.contains(text), "{text}: {scrolled}");
    }
    insta::assert_snapshot!(scrolled);
}
