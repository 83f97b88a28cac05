//! Fuzz harnesses: one function per target, each taking arbitrary bytes and
//! panicking if a property of the program does not hold for them.
//!
//! The cargo-fuzz targets in `fuzz/` are one-line calls of these functions,
//! and `tests/screens/fuzz_corpus.rs` replays every corpus input and every crash
//! found through the very same functions, so `cargo test` keeps what the
//! fuzzers learnt. Not part of the program's interface.

use crate::check::{self, Severity};
use crate::data::Store;
use crate::domain::text::sanitize;
use crate::keymap::Action;
use crate::snapshot::Snapshot;
use crate::snapshot::spec::TABLES;
use crate::ui::app::App;
use crate::ui::screen::PaneId;
use crate::ui::theme::{Theme, ThemeName};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::borrow::Cow;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

/// Characters that must never reach a terminal from untrusted text, defined
/// here from Unicode's properties, apart from how the sanitiser decides:
/// controls (general category Cc: C0, DEL, C1) and the invisible characters
/// (Default_Ignorable_Code_Point, Bidi_Control, Cf, Zl, Zp: the table
/// [`crate::domain::text::INVISIBLE`], which a test holds to the Unicode
/// Character Database). `\n` is allowed when `keep_newlines`; a tab never
/// (it is shown as `␉` or expanded to spaces).
pub fn is_forbidden(c: char, keep_newlines: bool) -> bool {
    match c {
        '\n' => !keep_newlines,
        c if c.is_control() => true,
        c => crate::domain::text::is_invisible(c),
    }
}

/// Whether some grapheme of `text` carries more than
/// [`crate::domain::text::MAX_MARKS`] marks (characters of no width).
pub fn has_overloaded_grapheme(text: &str) -> bool {
    use unicode_segmentation::UnicodeSegmentation;
    text.graphemes(true).any(|g| {
        g.chars()
            .filter(|&c| !c.is_ascii() && unicode_width::UnicodeWidthChar::width(c) == Some(0))
            .count()
            > crate::domain::text::MAX_MARKS
    })
}

/// Panics if `text` holds a character that [`is_forbidden`].
pub fn assert_printable(text: &str, keep_newlines: bool, what: &str) {
    if let Some(c) = text.chars().find(|&c| is_forbidden(c, keep_newlines)) {
        panic!(
            "{what} holds U+{:04X}, which must not reach a terminal: {text:?}",
            u32::from(c)
        );
    }
}

/// The sanitiser and the display-width cut used to draw cells.
///
/// The bytes are text (invalid UTF-8 replaced). Sanitised text holds no
/// forbidden character and no grapheme with more marks than the cap,
/// sanitising is idempotent and leaves clean text alone, its ASCII spelling
/// is ASCII of the same width, and `fit` never returns more display columns
/// than asked for. The first byte also serves as the width to cut to.
pub fn sanitiser(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for keep_newlines in [false, true] {
        let once = sanitize(&text, keep_newlines);
        assert_printable(&once, keep_newlines, "sanitised text");
        assert!(
            !has_overloaded_grapheme(&once),
            "a grapheme keeps more marks than the cap: {once:?}"
        );
        let twice = sanitize(&once, keep_newlines);
        assert_eq!(twice, once, "sanitising is not idempotent");
        if !text
            .chars()
            .any(|c| is_forbidden(c, keep_newlines) || c == '\t')
            && !has_overloaded_grapheme(&text)
        {
            assert_eq!(once, text, "clean text was changed");
        }
    }
    let clean = sanitize(&text, false);
    let ascii = crate::domain::text::to_ascii(&clean);
    assert!(ascii.is_ascii(), "not ASCII: {ascii:?}");
    // As wide as the text, grapheme by grapheme (how cells are laid out).
    let columns: usize = {
        use unicode_segmentation::UnicodeSegmentation;
        clean.graphemes(true).map(UnicodeWidthStr::width).sum()
    };
    assert_eq!(ascii.len(), columns, "width changed: {clean:?} → {ascii:?}");

    let width = data.first().map_or(0, |&b| usize::from(b % 48));
    let clean = sanitize(&text, false);
    for width in [width, 0, 1, 2] {
        let cut = crate::ui::draw::fit(&clean, width);
        assert!(
            cut.width() <= width,
            "fit({clean:?}, {width}) = {cut:?} is {} columns wide",
            cut.width()
        );
        if clean.width() <= width {
            assert_eq!(cut, clean, "fit cut text that fits");
        } else if width > 0 {
            let kept = cut.strip_suffix('…').unwrap_or_else(|| {
                panic!("fit({clean:?}, {width}) = {cut:?} has no marker");
            });
            assert!(clean.starts_with(kept), "fit kept more than a prefix");
        }
    }
}

/// The minimal valid folder (as in `tests/common`): the required tables and
/// one source.
const MINIMAL_FOLDER: &[(&str, &str)] = &[
    (
        "meta",
        "key;value\ntitle;Test\norganisation;Region Test\nproducer;tests\n\
         created_at;2025-12-01\nmoney_unit;mkr\nlanguage;sv\n",
    ),
    (
        "period",
        "id;kind;end_date;label;year\n2025-10;month;2025-10-31;ack oktober 2025;2025\n",
    ),
    (
        "org_unit",
        "id;parent_id;kind;name\nregion;;region;Region Test\nhsn;region;board;HSN\n\
         hsn.pv;hsn;frame;Primärvård\nhsn.sv;hsn;frame;Sjukhusvård\n",
    ),
    ("source", "id;document;section\ns1;Testrapport;1 Ekonomi\n"),
];

/// The name of the output snapshot in its own folder.
const OUT_NAME: &str = "out.db";

/// `tertial import` on a folder where one table's CSV file is the input.
///
/// The first byte picks the table (modulo the number of tables), the rest is
/// that file's content; the other files are the minimal valid folder. The
/// import never panics and never fails once the folder is readable: every
/// flaw of the input is a problem report. With no errors reported, a
/// snapshot is written that opens and that `check` accepts without errors;
/// otherwise nothing is written. No temporary file is ever left behind, and
/// every message is printable.
pub fn csv_import(data: &[u8]) {
    let Some((&first, content)) = data.split_first() else {
        return;
    };
    let table = &TABLES[usize::from(first) % TABLES.len()];
    let root = temp_dir();
    let input = root.path().join("in");
    let output = root.path().join("out");
    for dir in [&input, &output] {
        std::fs::create_dir(dir).unwrap_or_else(|e| panic!("cannot create {dir:?}: {e}"));
    }
    for (name, text) in MINIMAL_FOLDER {
        if *name != table.name {
            write(&input.join(format!("{name}.csv")), text.as_bytes());
        }
    }
    write(&input.join(format!("{}.csv", table.name)), content);
    let out = output.join(OUT_NAME);

    let result = crate::import::run(&input, &out, crate::output::Overwrite::SameKindOnly);

    let csv_only = listing(&input)
        .iter()
        .all(|n| n.ends_with(".csv") && !n.starts_with(".tertial"));
    assert!(csv_only, "the import left files in the input folder");
    let report = match result {
        Ok(report) => report,
        Err(e) => {
            assert_printable(&e.to_string(), false, "the import's error");
            assert!(listing(&output).is_empty(), "a failed import left files");
            panic!("the import failed where it should have reported problems: {e}");
        }
    };
    for problem in &report.problems {
        assert_printable(&problem.to_string(), false, "a problem report");
    }
    if !report.written {
        assert!(report.errors() > 0, "nothing written, yet no error");
        assert!(
            listing(&output).is_empty(),
            "an import with errors left files: {:?}",
            listing(&output)
        );
        return;
    }
    assert_eq!(report.errors(), 0, "written despite errors");
    assert_eq!(listing(&output), [OUT_NAME], "files beside the snapshot");
    let snapshot =
        Snapshot::open(&out).unwrap_or_else(|e| panic!("the imported snapshot does not open: {e}"));
    let findings = check::run(&snapshot.conn, true);
    let errors: Vec<String> = findings
        .items
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{}: {} ({:?})", f.rule, f.message, f.value))
        .collect();
    assert!(
        errors.is_empty(),
        "check rejects what the import accepted: {errors:?}"
    );
    drop(snapshot);
    if let Err(e) = Store::open(&out) {
        panic!("the cockpit cannot load the imported snapshot: {e}");
    }
}

/// The built-in sample snapshot, the base the patch mode of
/// [`snapshot_loader`] mutates.
pub fn sample() -> &'static [u8] {
    crate::data::DEMO
}

/// Input of [`snapshot_loader`] starting with this is a whole file.
pub const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";

/// The bytes of the file [`snapshot_loader`] opens for `data`: `data`
/// itself if it starts like an SQLite file, otherwise the sample with
/// `data` applied as patches of 4 bytes each: a 24-bit big-endian offset
/// (modulo the sample's length) and the byte to write there.
pub fn snapshot_bytes(data: &[u8]) -> Cow<'_, [u8]> {
    if data.starts_with(SQLITE_MAGIC) {
        return Cow::Borrowed(data);
    }
    let mut bytes = sample().to_vec();
    for patch in data.chunks_exact(4) {
        let offset = u32::from_be_bytes([0, patch[0], patch[1], patch[2]]) as usize;
        let at = offset % bytes.len();
        bytes[at] = patch[3];
    }
    Cow::Owned(bytes)
}

/// Terminal size the panes are drawn at.
const SIZE: (u16, u16) = (80, 24);
/// Periods walked through at most, so that a file of many periods stays fast.
const MAX_PERIODS: usize = 6;

/// Opening a snapshot file, checking it and walking the cockpit through it.
///
/// The file is [`snapshot_bytes`]. `check` (with SQLite's integrity check)
/// and the cockpit's loader never panic on it, and their messages are
/// printable. If it loads, every pane is built and drawn for each period
/// (up to [`MAX_PERIODS`]), with a drill down, a detail, a search and the
/// pane's own keys, and no drawn cell holds a forbidden character.
pub fn snapshot_loader(data: &[u8]) {
    let bytes = snapshot_bytes(data);
    let dir = temp_dir();
    let path = dir.path().join("fuzz.db");
    write(&path, &bytes);

    match Snapshot::open(&path) {
        Ok(snapshot) => {
            let findings = check::run(&snapshot.conn, true);
            for finding in &findings.items {
                assert_printable(&finding.message, false, "a finding");
                if let Some(value) = &finding.value {
                    assert_printable(value, false, "a finding's value");
                }
                if let Some(at) = &finding.at {
                    let row = check::describe_row(&snapshot.conn, at);
                    assert_printable(&row, false, "a finding's row");
                }
            }
        }
        Err(e) => assert_printable(&e.to_string(), false, "the open error"),
    }
    match Store::open(&path) {
        Ok(store) => walk(store),
        Err(e) => assert_printable(&e.to_string(), false, "the load error"),
    }
}

fn walk(store: Store) {
    let today = chrono::NaiveDate::from_ymd_opt(2025, 11, 22).unwrap_or_default();
    let periods = store.periods.len();
    let mut app = App::new(store, Theme::new(ThemeName::Default, false), today, SIZE);
    let mut terminal = match Terminal::new(TestBackend::new(SIZE.0, SIZE.1)) {
        Ok(terminal) => terminal,
        Err(e) => panic!("no test terminal: {e}"),
    };
    let mut draw = |app: &App| {
        if let Err(e) = terminal.draw(|frame| frame.render_widget(app, frame.area())) {
            panic!("drawing failed: {e}");
        }
        assert_drawn_printable(terminal.backend().buffer());
    };
    draw(&app);
    for _ in 1..periods {
        app.apply(Action::PrevPeriod);
    }
    for _ in 0..periods.clamp(1, MAX_PERIODS) {
        for pane in PaneId::ALL {
            app.apply(Action::Pane(pane));
            draw(&app);
            for action in [
                Action::Down,
                Action::Drill,
                Action::Toggle,
                Action::Detail,
                Action::Bottom,
                Action::NextException,
                Action::Sort,
                Action::Filter,
                Action::FilterRecipient,
                Action::Deadlines,
                Action::Frames,
            ] {
                app.apply(action);
            }
            draw(&app);
            for _ in 0..4 {
                app.apply(Action::Back);
            }
        }
        app.apply(Action::NextPeriod);
    }
    app.apply(Action::Search);
    app.handle_key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE));
    app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    app.theme = Theme::new(ThemeName::Mono, true);
    draw(&app);
}

/// No cell of the drawn screen holds a character a terminal would act on.
fn assert_drawn_printable(buffer: &Buffer) {
    for cell in &buffer.content {
        assert_printable(cell.symbol(), false, "a drawn cell");
    }
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("tertial-fuzz-")
        .tempdir()
        .unwrap_or_else(|e| panic!("no temporary folder: {e}"))
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {path:?}: {e}"));
}

fn listing(dir: &Path) -> Vec<String> {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {dir:?}: {e}"));
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
