use super::*;
use crate::notes::{Draft, Flag, Kind, Subject};

fn draft(text: &str) -> Draft {
    Draft {
        base: None,
        organisation: "Region Västerbotten".into(),
        subject: Subject::new(Kind::CostType, &["hsn", "material"]),
        about: "HSN · Material".into(),
        text: text.into(),
        flag: Some(Flag::Question),
        period: "2025-08".into(),
        period_label: "ack augusti 2025".into(),
        report_date: "2025-12-10".into(),
        figure: Some("Avvikelse −102 mkr".into()),
    }
}

fn folder() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn a_note_is_saved_and_read_back_with_all_it_knew() {
    let dir = folder();
    let path = dir.path().join("sub/notes.db");
    let mut store = NotesStore::open(&path).unwrap();
    let saved = store.save(&draft("Fråga om material")).unwrap();
    let notes = NotesStore::open(&path).unwrap().all().unwrap();
    assert_eq!(notes.len(), 1);
    let note = &notes[0];
    assert_eq!(note.id, saved.id());
    assert_eq!(note.text, "Fråga om material");
    assert_eq!(note.flag, Some(Flag::Question));
    assert_eq!(note.subject.key(), "cost-type:hsn/material");
    assert_eq!(note.period_label, "ack augusti 2025");
    assert_eq!(note.report_date, "2025-12-10");
    assert_eq!(note.figure.as_deref(), Some("Avvikelse −102 mkr"));
    assert_eq!(note.revision, 1);
    assert_eq!(note.created, note.updated);
}

#[test]
fn an_edit_updates_the_note_and_its_revision() {
    let dir = folder();
    let mut store = NotesStore::open(&dir.path().join("n.db")).unwrap();
    let id = store.save(&draft("först")).unwrap().id().to_string();
    let mut edit = draft("sedan");
    edit.base = Some((id.clone(), 1));
    edit.flag = Some(Flag::Done);
    assert_eq!(store.save(&edit).unwrap(), Saved::Updated(id.clone()));
    let note = store.get(&id).unwrap().unwrap();
    assert_eq!(
        (note.text.as_str(), note.flag, note.revision),
        ("sedan", Some(Flag::Done), 2)
    );
    assert_eq!(store.all().unwrap().len(), 1);
}

#[test]
fn an_edit_of_a_note_changed_meanwhile_is_kept_beside_it() {
    let dir = folder();
    let path = dir.path().join("n.db");
    let mut one = NotesStore::open(&path).unwrap();
    let mut two = NotesStore::open(&path).unwrap();
    let id = one.save(&draft("först")).unwrap().id().to_string();
    let mut a = draft("session ett");
    a.base = Some((id.clone(), 1));
    let mut b = draft("session två");
    b.base = Some((id.clone(), 1));
    assert_eq!(one.save(&a).unwrap(), Saved::Updated(id.clone()));
    let kept = two.save(&b).unwrap();
    assert!(matches!(kept, Saved::KeptBoth(ref other) if *other != id));
    let texts: Vec<String> = one.all().unwrap().into_iter().map(|n| n.text).collect();
    assert_eq!(texts.len(), 2);
    assert!(texts.contains(&"session ett".to_string()));
    assert!(texts.contains(&"session två".to_string()));
}

#[test]
fn two_connections_writing_at_once_lose_nothing() {
    let dir = folder();
    let path = dir.path().join("n.db");
    NotesStore::open(&path).unwrap();
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = NotesStore::open(&path).unwrap();
                for i in 0..100 {
                    store.save(&draft(&format!("{w}-{i}"))).unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let notes = NotesStore::open(&path).unwrap().all().unwrap();
    assert_eq!(notes.len(), 200);
    let ids: std::collections::HashSet<&str> = notes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids.len(), 200);
}

#[test]
fn a_text_over_the_cap_is_refused_and_nothing_written() {
    let dir = folder();
    let mut store = NotesStore::open(&dir.path().join("n.db")).unwrap();
    let err = store
        .save(&draft(&"x".repeat(crate::notes::NOTE_MAX + 1)))
        .unwrap_err();
    assert!(matches!(err.why, Why::Refused(_)));
    assert!(store.all().unwrap().is_empty());
}

fn unchanged_after_open(bytes: &[u8]) -> Unavailable {
    let dir = folder();
    let path = dir.path().join("notes.db");
    std::fs::write(&path, bytes).unwrap();
    let err = NotesStore::open(&path).unwrap_err();
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "the file was changed");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "something was written beside it");
    err
}

#[test]
fn a_file_that_is_not_sqlite_is_left_alone() {
    let err = unchanged_after_open(b"Dear diary, today I wrote a spreadsheet.\n");
    assert!(matches!(err.why, Why::NotNotes(_)), "{err:?}");
    assert!(err.to_string().starts_with("notes unavailable: "));
    assert!(
        err.swedish()
            .starts_with("Anteckningar otillgängliga: filen är inte")
    );
}

fn sqlite_bytes(setup: &str) -> Vec<u8> {
    let dir = folder();
    let path = dir.path().join("x.db");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(setup).unwrap();
    drop(conn);
    std::fs::read(&path).unwrap()
}

#[test]
fn another_programs_database_is_left_alone() {
    let err = unchanged_after_open(&sqlite_bytes(
        "CREATE TABLE t (x); INSERT INTO t VALUES (1);",
    ));
    assert!(matches!(err.why, Why::NotNotes(_)), "{err:?}");
}

#[test]
fn a_snapshot_is_not_taken_for_a_notes_file() {
    let err = unchanged_after_open(crate::data::DEMO);
    assert!(matches!(err.why, Why::NotNotes(_)), "{err:?}");
}

#[test]
fn a_file_from_a_newer_version_is_left_alone() {
    let err = unchanged_after_open(&sqlite_bytes(&format!(
        "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = 99; CREATE TABLE note (x);"
    )));
    assert_eq!(err.why, Why::Newer(99));
    assert!(err.english().contains("newer tertial"));
}

#[test]
fn a_damaged_file_is_left_alone() {
    let dir = folder();
    let path = dir.path().join("good.db");
    let mut store = NotesStore::open(&path).unwrap();
    for i in 0..300 {
        store
            .save(&draft(&format!("{i} {}", "text ".repeat(50))))
            .unwrap();
    }
    drop(store);
    let mut bytes = std::fs::read(&path).unwrap();
    // Scribble over pages after the first: the header still says SQLite.
    for b in bytes.iter_mut().skip(4096).step_by(7) {
        *b = 0xa5;
    }
    let err = unchanged_after_open(&bytes);
    assert!(
        matches!(err.why, Why::Damaged(_) | Why::NotNotes(_)),
        "{err:?}"
    );
}

#[test]
fn a_file_locked_by_another_program_is_reported_not_waited_on_forever() {
    let dir = folder();
    let path = dir.path().join("n.db");
    NotesStore::open(&path).unwrap();
    let holder = Connection::open(&path).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let err = NotesStore::open(&path).unwrap_err();
    assert_eq!(err.why, Why::Locked);
    holder.execute_batch("ROLLBACK").unwrap();
    assert!(NotesStore::open(&path).is_ok());
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = folder();
    let locked = dir.path().join("ro");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = locked.join("probe");
    if std::fs::write(&probe, b"").is_ok() {
        // Running as root: permissions do not stop writes; nothing to test.
        let _ = std::fs::remove_file(&probe);
        eprintln!("SKIP a_read_only_folder_is_reported: running as root");
        return;
    }
    let err = NotesStore::open(&locked.join("tertial/notes.db")).unwrap_err();
    assert!(matches!(err.why, Why::ReadOnly(_)), "{err:?}");
    let err = NotesStore::open(&locked.join("notes.db")).unwrap_err();
    assert!(matches!(err.why, Why::ReadOnly(_)), "{err:?}");
}

#[test]
fn an_older_file_is_migrated_with_a_backup_beside_it() {
    let dir = folder();
    let path = dir.path().join("notes.db");
    let mut v1 = open_with(&path, &MIGRATIONS[..1]).unwrap();
    let id = v1.save(&draft("från version 1")).unwrap().id().to_string();
    drop(v1);
    let before = std::fs::read(&path).unwrap();
    let v2: &[&str] = &[MIGRATIONS[0], "ALTER TABLE note ADD COLUMN colour TEXT;"];
    let store = open_with(&path, v2).unwrap();
    assert_eq!(store.get(&id).unwrap().unwrap().text, "från version 1");
    let version: i64 = store
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 2);
    let backup = dir.path().join("notes.db.v1.bak");
    let kept = Connection::open(&backup).unwrap();
    let (app, version) = kind_and_version(&kept).unwrap();
    assert_eq!((app, version), (APPLICATION_ID, 1));
    let text: String = kept
        .query_row("SELECT text FROM note", [], |r| r.get(0))
        .unwrap();
    assert_eq!(text, "från version 1");
    assert!(!before.is_empty());
}

fn note(id: &str, text: &str, updated: &str) -> Note {
    Note {
        id: id.into(),
        organisation: "Region Västerbotten".into(),
        subject: Subject::new(Kind::Unit, &["hsn"]),
        about: "HSN".into(),
        text: text.into(),
        flag: None,
        created: "2025-09-01T10:00:00Z".into(),
        updated: updated.into(),
        period: "2025-08".into(),
        period_label: "ack augusti 2025".into(),
        report_date: "2025-12-10".into(),
        figure: None,
        revision: 1,
    }
}

#[test]
fn import_merges_by_id_without_duplicates() {
    let dir = folder();
    let mut store = NotesStore::open(&dir.path().join("n.db")).unwrap();
    let first = [
        note("a", "ett", "2025-09-01T10:00:00Z"),
        note("b", "två", "2025-09-01T10:00:00Z"),
    ];
    assert_eq!(
        store.import(&first).unwrap(),
        Merged {
            added: 2,
            updated: 0,
            unchanged: 0
        }
    );
    let again = [
        note("a", "ett, ändrad", "2025-09-02T10:00:00Z"),
        note("b", "två, äldre", "2025-08-01T10:00:00Z"),
        note("c", "tre", "2025-09-01T10:00:00Z"),
    ];
    assert_eq!(
        store.import(&again).unwrap(),
        Merged {
            added: 1,
            updated: 1,
            unchanged: 1
        }
    );
    let texts: Vec<(String, String)> = store
        .all()
        .unwrap()
        .into_iter()
        .map(|n| (n.id, n.text))
        .collect();
    assert_eq!(
        texts,
        [("a", "ett, ändrad"), ("b", "två"), ("c", "tre")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(store.import(&again).unwrap().added, 0);
    assert_eq!(store.all().unwrap().len(), 3);
}

#[test]
fn a_folder_that_cannot_be_made_is_reported() {
    // Works as root too: a regular file where the folder should be.
    let dir = folder();
    let blocker = dir.path().join("tertial");
    std::fs::write(&blocker, b"a file, not a folder").unwrap();
    let err = NotesStore::open(&blocker.join("notes.db")).unwrap_err();
    assert!(matches!(err.why, Why::ReadOnly(_)), "{err:?}");
    assert!(err.swedish().starts_with("Anteckningar otillgängliga: "));
    assert_eq!(std::fs::read(&blocker).unwrap(), b"a file, not a folder");
}
