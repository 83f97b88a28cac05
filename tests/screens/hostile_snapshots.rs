//! The cockpit on a corpus of hostile snapshots, built here from the sample:
//! a wrong type in every column, extreme numbers everywhere, broken
//! references, cycles, duplicate keys and oversized cells. Each case is
//! opened as a user would open it and walked through every pane, period and
//! drill; nothing may panic, nothing drawn may hold a control character, and
//! `check` must name the problem. And `check` agrees with the cockpit: every
//! case the cockpit refuses, or cannot read a view of, is an error `check`
//! names in the same words.

use crate::common;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rusqlite::Connection;
use rusqlite::types::Value;
use std::path::{Path, PathBuf};
use tertial::check;
use tertial::data::{ReadError, Store, StoreError};
use tertial::keymap::Action;
use tertial::snapshot::Snapshot;
use tertial::snapshot::open::{READ_LIMIT_BYTES, TOO_BIG, TOO_MANY_ROWS};
use tertial::snapshot::spec::{MAX_VALUE_BYTES, TABLES};
use tertial::ui::app::App;
use tertial::ui::footer::FooterMessage;
use tertial::ui::screen::PaneId;
use tertial::ui::theme::{Theme, ThemeName};

/// Values of the wrong kind for one column or another: a blob (wrong for
/// every column), the extreme integers (overflow in sums and signs), text
/// that is no number, a real, and NULL.
fn wrong_values() -> Vec<Value> {
    vec![
        Value::Blob(vec![0, 0xff, 0x1b, b'[']),
        Value::Integer(i64::MIN),
        Value::Text("inte ett värde".into()),
        Value::Real(1.5e308),
        Value::Null,
        Value::Integer(i64::MAX),
    ]
}

/// The sample with its tables made loose (no STRICT, no constraints, no
/// indexes) so that any value of any type can be stored, as a producer
/// other than tertial could.
fn loose_sample(dir: &Path) -> Vec<u8> {
    let path = dir.join("loose.db");
    std::fs::copy(common::repo().join("sample.db"), &path).unwrap();
    let db = Connection::open(&path).unwrap();
    db.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    for table in TABLES {
        let t = table.name;
        db.execute_batch(&format!(
            "CREATE TABLE \"{t}__loose\" AS SELECT * FROM \"{t}\"; DROP TABLE \"{t}\"; \
             ALTER TABLE \"{t}__loose\" RENAME TO \"{t}\";"
        ))
        .unwrap();
    }
    drop(db);
    std::fs::read(&path).unwrap()
}

/// A file from `base` changed by `change` (tests may write; tertial never does).
fn variant(dir: &Path, name: &str, base: &[u8], change: impl FnOnce(&Connection)) -> PathBuf {
    let path = dir.join(format!("{name}.db"));
    std::fs::write(&path, base).unwrap();
    let db = Connection::open(&path).unwrap();
    db.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    change(&db);
    drop(db);
    path
}

/// Which periods a walk visits: the latest only keeps the many per-column
/// cases quick; the structural cases visit all.
#[derive(Clone, Copy)]
enum Periods {
    Latest,
    All,
}

/// What the cockpit made of a file: frames drawn, and each read error the
/// footer showed on the way.
#[derive(Default)]
struct Walked {
    frames: usize,
    read_errors: Vec<ReadError>,
}

/// Every pane, each drilled into and its detail opened, at 80×24. Returns
/// how many frames were drawn and the read errors met; panics (fails) on a
/// control character in any frame.
fn walk(store: Store, case: &str, periods: Periods) -> Walked {
    let today = chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
    let periods = match periods {
        Periods::Latest => 1,
        Periods::All => store.periods.len(),
    };
    let mut app = App::new(store, Theme::new(ThemeName::Mono, false), today, (80, 24));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut frames = 0;
    let mut read_errors: Vec<ReadError> = Vec::new();
    let mut draw = |app: &App| {
        if let Some(FooterMessage::ReadFailed(e)) = &app.message
            && !read_errors.contains(e)
        {
            read_errors.push(e.clone());
        }
        terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
        let buffer = terminal.backend().buffer();
        for cell in buffer.content() {
            assert!(
                !cell.symbol().chars().any(char::is_control),
                "{case}: a control character was drawn: {:?}",
                cell.symbol()
            );
        }
        frames += 1;
    };
    let press = |app: &mut App, code| app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    for _ in 0..periods.max(1) {
        for pane in PaneId::ALL {
            app.apply(Action::Pane(pane));
            draw(&app);
            for code in [
                KeyCode::Char('G'),
                KeyCode::Enter,
                KeyCode::Char('i'),
                KeyCode::Esc,
            ] {
                press(&mut app, code);
                draw(&app);
            }
        }
        press(&mut app, KeyCode::Char('['));
    }
    Walked {
        frames,
        read_errors,
    }
}

/// Opens `path` as the cockpit does and walks it; an open that fails must
/// fail with a sentence, which is returned. Either way `check` must agree
/// ([`check_agrees`]).
fn open_and_walk(path: &Path, case: &str, periods: Periods) -> Result<usize, String> {
    let outcome = match Store::open(path) {
        Ok(store) => Ok(walk(store, case, periods)),
        Err(e @ (StoreError::Open(_) | StoreError::Read(_))) => {
            let said = e.to_string();
            assert!(!said.is_empty() && !said.contains('\n'), "{case}: {said}");
            Err(e)
        }
    };
    check_agrees(path, case, &outcome);
    outcome
        .map(|walked| walked.frames)
        .map_err(|e| e.to_string())
}

/// Whatever made the cockpit refuse the file or fail to read a view is an
/// error `check` reports, in the same words: a refusal on open is the very
/// sentence `check` refuses with; a read error's words (or SQLite's own
/// detail) are in one of its errors.
fn check_agrees(path: &Path, case: &str, outcome: &Result<Walked, StoreError>) {
    let owed: Vec<(String, String)> = match outcome {
        Err(StoreError::Open(e)) => {
            let check = Snapshot::open(path).err().map(|e| e.to_string());
            assert_eq!(
                check.as_deref(),
                Some(e.to_string().as_str()),
                "{case}: check refuses with the cockpit's sentence"
            );
            return;
        }
        Err(StoreError::Read(e)) => vec![(e.to_string(), read_words(e))],
        Ok(walked) => walked
            .read_errors
            .iter()
            .map(|e| (e.to_string(), read_words(e)))
            .collect(),
    };
    if owed.is_empty() {
        return;
    }
    let snapshot = Snapshot::open(path)
        .unwrap_or_else(|e| panic!("{case}: the cockpit opened it but check refuses: {e}"));
    let errors: Vec<String> = check::run(&snapshot.conn, true)
        .items
        .into_iter()
        .filter(|f| f.severity == check::Severity::Error)
        .map(|f| f.message)
        .collect();
    for (cockpit, words) in owed {
        assert!(
            errors.iter().any(|e| e.contains(words.as_str())),
            "{case}: the cockpit said '{cockpit}', check's errors do not say '{words}': {errors:#?}"
        );
    }
}

/// The words of a read error that `check` must repeat.
fn read_words(e: &ReadError) -> String {
    match e {
        ReadError::TooBig => TOO_BIG.to_string(),
        ReadError::TooManyRows => TOO_MANY_ROWS.to_string(),
        ReadError::Failed(detail) => detail.clone(),
        ReadError::Cancelled => panic!("nothing cancels a read here"),
    }
}

/// `check`'s findings as `table.column rule` lines, for assertions.
fn findings(path: &Path) -> Vec<String> {
    let snapshot = Snapshot::open(path).unwrap();
    check::run(&snapshot.conn, true)
        .items
        .iter()
        .map(|f| match &f.at {
            Some(at) => format!(
                "{}.{} {}: {}",
                at.table,
                at.column.unwrap_or("-"),
                f.rule,
                f.message
            ),
            None => format!("- {}: {}", f.rule, f.message),
        })
        .collect()
}

#[test]
fn a_wrong_value_in_any_column_is_drawn_or_refused_and_check_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let base = loose_sample(dir.path());
    let values = wrong_values();
    let (mut cases, mut frames, mut refused) = (0, 0, 0);
    for table in TABLES {
        for column in table.columns {
            let case = format!("{}.{}", table.name, column.name);
            let path = variant(dir.path(), &case, &base, |db| {
                // Row n gets wrong value n mod 6: the first row a blob,
                // wrong for every kind of column.
                let sql = format!(
                    "UPDATE \"{}\" SET \"{}\" = ?1 WHERE rowid % {} = ?2",
                    table.name,
                    column.name,
                    values.len()
                );
                for (i, value) in values.iter().enumerate() {
                    db.execute(&sql, rusqlite::params![value, (i + 1) % values.len()])
                        .unwrap();
                }
            });
            let rows: i64 = Connection::open(&path)
                .unwrap()
                .query_row(
                    &format!("SELECT count(*) FROM \"{}\"", table.name),
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            match open_and_walk(&path, &case, Periods::Latest) {
                Ok(n) => frames += n,
                Err(_) => refused += 1,
            }
            if rows > 0 {
                let found = findings(&path);
                assert!(
                    found.iter().any(|f| f.starts_with(&format!("{case} "))),
                    "check names {case}: {found:#?}"
                );
            }
            cases += 1;
        }
    }
    eprintln!(
        "{cases} columns with wrong values: {frames} frames drawn, {refused} refused on open"
    );
    assert!(cases > 150, "{cases} cases");
    assert!(frames > cases * 15, "most cases open and draw: {frames}");
}

#[test]
fn one_wrong_value_in_every_column_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let base = loose_sample(dir.path());
    for (i, value) in wrong_values().into_iter().enumerate() {
        let case = format!("everything-{i}");
        let path = variant(dir.path(), &case, &base, |db| {
            for table in TABLES {
                for column in table.columns {
                    let sql = format!("UPDATE \"{}\" SET \"{}\" = ?1", table.name, column.name);
                    db.execute(&sql, [&value]).unwrap();
                }
            }
        });
        // Every key equal: no period is known by its id, no unit either;
        // the cockpit opens and says there is nothing, or refuses.
        let _ = open_and_walk(&path, &case, Periods::Latest);
        assert!(!findings(&path).is_empty(), "{case}: check finds it");
    }
}

/// Broken structure: each case changes the sample and names the rule that
/// `check` must report, and the cockpit must still open and draw.
#[test]
fn broken_references_cycles_and_duplicates_still_draw() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "fact-to-nowhere",
            "UPDATE economy_fact SET org_unit_id = 'ingen' WHERE rowid % 2 = 0; \
             UPDATE economy_fact SET cost_type_id = 'inget' WHERE rowid % 3 = 0; \
             UPDATE economy_fact SET period_id = '1999-01' WHERE rowid % 5 = 0",
            "reference",
        ),
        (
            "org-cycle",
            "UPDATE org_unit SET parent_id = 'hsn.sjukhusvard' WHERE id = 'hsn'; \
             UPDATE org_unit SET parent_id = id WHERE id = 'region'",
            "org-cycle",
        ),
        (
            "cost-type-cycle",
            "UPDATE cost_type SET parent_id = 'personal' WHERE id = 'kostnader'; \
             UPDATE cost_type SET parent_id = 'hyrpersonal' WHERE id = 'personal'",
            "cost-type-cycle",
        ),
        (
            "duplicate-keys",
            "INSERT INTO org_unit SELECT * FROM org_unit; \
             INSERT INTO economy_fact SELECT * FROM economy_fact; \
             INSERT INTO period SELECT * FROM period",
            "duplicate",
        ),
        (
            "goals-without-parents",
            "UPDATE subgoal SET goal_id = 'borta'; UPDATE indicator SET subgoal_id = 'borta'; \
             UPDATE goal_assessment SET goal_id = 'borta' WHERE rowid % 2 = 0",
            "reference",
        ),
        (
            "directives-to-nowhere",
            "UPDATE directive_recipient SET org_unit_id = 'ingen'; \
             UPDATE directive_status SET directive_id = 'inget' WHERE rowid % 2 = 0; \
             UPDATE directive_status SET period_id = 'ingen'",
            "reference",
        ),
        (
            "beds-to-nowhere",
            "UPDATE bed_month SET org_unit_id = 'ingen' WHERE rowid % 2 = 0; \
             UPDATE bed_target SET org_unit_id = 'ingen'; UPDATE bed_event SET org_unit_id = 'ingen'",
            "reference",
        ),
        (
            "sources-to-nowhere",
            "DELETE FROM source; UPDATE economy_fact SET illustrative = 0",
            "reference",
        ),
        ("no-periods", "DELETE FROM period", "reference"),
        (
            "empty-organisation",
            "DELETE FROM org_unit; DELETE FROM cost_type",
            "reference",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let base = loose_sample(dir.path());
    for (case, sql, rule) in cases {
        let path = variant(dir.path(), case, &base, |db| db.execute_batch(sql).unwrap());
        let frames = open_and_walk(&path, case, Periods::All)
            .unwrap_or_else(|e| panic!("{case} opens: {e}"));
        assert!(frames > 0, "{case}");
        let found = findings(&path);
        assert!(
            found.iter().any(|f| f.contains(&format!(" {rule}: "))),
            "{case}: check reports {rule}: {found:#?}"
        );
    }
}

/// A cell a little under the format's limit is read and cut with a visible
/// marker; one over it is refused before it is loaded, with one sentence
/// from the cockpit and the row named by `check`.
#[test]
fn oversized_cells_are_cut_or_refused_never_loaded_whole() {
    let dir = tempfile::tempdir().unwrap();
    let sample = std::fs::read(common::repo().join("sample.db")).unwrap();
    let long = "Å".repeat((MAX_VALUE_BYTES - 10) / 2);
    let path = variant(dir.path(), "long-name", &sample, |db| {
        db.execute("UPDATE org_unit SET name = ?1 WHERE id = 'hsn'", [&long])
            .unwrap();
    });
    let store = Store::open(&path).unwrap();
    let name = &store.org_unit("hsn").unwrap().name;
    assert!(name.ends_with("… [förkortad]"), "cut with a marker");
    assert!(
        name.chars().count() < 400,
        "kept short: {}",
        name.chars().count()
    );
    assert!(walk(store, "long-name", Periods::All).frames > 0);

    // Over the format's limit: still read (bounded) and cut, but an error.
    let over = "x".repeat(MAX_VALUE_BYTES + 1);
    let path = variant(dir.path(), "over-name", &sample, |db| {
        db.execute("UPDATE org_unit SET name = ?1 WHERE id = 'hsn'", [&over])
            .unwrap();
    });
    let store = Store::open(&path).unwrap();
    assert!(
        store
            .org_unit("hsn")
            .unwrap()
            .name
            .ends_with("… [förkortad]")
    );
    let found = findings(&path);
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("org_unit.name too-large")),
        "{found:#?}"
    );

    // Far over it: refused before it is loaded.
    let huge = "x".repeat(READ_LIMIT_BYTES + 1);
    let path = variant(dir.path(), "huge-name", &sample, |db| {
        db.execute("UPDATE org_unit SET name = ?1 WHERE id = 'hsn'", [&huge])
            .unwrap();
    });
    let said = open_and_walk(&path, "huge-name", Periods::Latest).unwrap_err();
    assert!(said.contains("far larger than the 1000000 bytes"), "{said}");
    let found = findings(&path);
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("org_unit.name too-large")),
        "{found:#?}"
    );

    // In a text only one view reads, the rest of the cockpit still works.
    let path = variant(dir.path(), "huge-analysis", &sample, |db| {
        db.execute(
            "UPDATE economy_fact SET analysis = ?1 WHERE org_unit_id = 'hsn' \
             AND cost_type_id IS NULL AND period_id = '2025-10'",
            [&huge],
        )
        .unwrap();
    });
    open_and_walk(&path, "huge-analysis", Periods::All).unwrap();
    let run = common::tertial(&[
        "render",
        "ekonomi",
        "--snapshot",
        path.to_str().unwrap(),
        "--size",
        "200x30",
    ]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(
        run.stdout
            .contains("mycket större än formatets 1000000 byte"),
        "{}",
        run.stdout
    );
    let run = common::tertial(&["render", "mal", "--snapshot", path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.contains("3 Mål"), "{}", run.stdout);
}

/// Files the cockpit refuses on open or cannot read a view of, beyond wrong
/// values: each goes through [`open_and_walk`], so `check` must refuse or
/// report each in the cockpit's words.
#[test]
fn what_the_cockpit_refuses_check_names_in_its_words() {
    let dir = tempfile::tempdir().unwrap();
    let sample = std::fs::read(common::repo().join("sample.db")).unwrap();
    let like = format!("'{}b'", "%a".repeat(300));
    let cases: Vec<(&str, String, bool)> = vec![
        (
            "invalid-utf8-title",
            "UPDATE meta SET value = CAST(x'ff' AS TEXT) WHERE key = 'title'".into(),
            false,
        ),
        (
            "more-units-than-read",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i <= 250000) \
             INSERT INTO org_unit (id, parent_id, kind, name) \
             SELECT 'u' || i, 'hsn', 'unit', 'Enhet ' || i FROM n"
                .into(),
            true,
        ),
        (
            "generated-column",
            format!("ALTER TABLE org_unit ADD COLUMN slow TEXT AS (name LIKE {like})"),
            true,
        ),
        (
            "fts5",
            "CREATE VIRTUAL TABLE search USING fts5(body)".into(),
            true,
        ),
        (
            "collation",
            "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = replace(sql, \
             'short_name TEXT,', 'short_name TEXT COLLATE svenska,') WHERE name = 'org_unit'; \
             PRAGMA writable_schema = OFF;"
                .into(),
            true,
        ),
        (
            "planner-statistics",
            "ANALYZE; UPDATE sqlite_stat1 SET stat = '1000000 1000000 1000000'".into(),
            true,
        ),
        ("hot-journal", String::new(), true),
    ];
    for (case, sql, refused) in cases {
        let path = variant(dir.path(), case, &sample, |db| {
            db.execute_batch(&sql).unwrap()
        });
        if case == "hot-journal" {
            std::fs::write(format!("{}-journal", path.display()), [0xd9, 0xd5, 5, 0xf9]).unwrap();
        }
        let result = open_and_walk(&path, case, Periods::Latest);
        assert_eq!(result.is_err(), refused, "{case}: {result:?}");
        if !refused {
            assert!(
                findings(&path)
                    .iter()
                    .any(|f| f.contains("not valid UTF-8")),
                "{case}"
            );
        }
    }
}
