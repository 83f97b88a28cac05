//! The notes file: one SQLite database of the user's own, opened read-write
//! (unlike a snapshot). Every write is one immediate transaction that reads
//! what it changes first, with a busy timeout, so two cockpits of one user
//! writing at once lose nothing. A file this code cannot use — not SQLite,
//! another program's database, from a newer tertial, damaged, locked, in a
//! folder that cannot be written — is reported in one sentence
//! ([`Unavailable`]) and left exactly as it was.
//!
//! Schema versions live in `PRAGMA user_version`, the file's kind in
//! `PRAGMA application_id`. Opening an older file migrates it, after
//! copying it whole beside itself (`notes.db.v1.bak`).

use super::{Draft, Flag, Note, Subject, fits, new_id, now};
use crate::snapshot::open::display_path;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior, params};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// `PRAGMA application_id` of a notes file: "tnot".
pub const APPLICATION_ID: i32 = 0x746e_6f74;

/// Migrations: entry `i` takes a file from version `i` to `i + 1`. The
/// current version is their number.
pub const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    "CREATE TABLE note (
        id           TEXT PRIMARY KEY NOT NULL,
        organisation TEXT NOT NULL,
        subject      TEXT NOT NULL,
        about        TEXT NOT NULL,
        text         TEXT NOT NULL,
        flag         TEXT,
        created      TEXT NOT NULL,
        updated      TEXT NOT NULL,
        period       TEXT NOT NULL,
        period_label TEXT NOT NULL,
        report_date  TEXT NOT NULL,
        figure       TEXT,
        revision     INTEGER NOT NULL DEFAULT 1
    ) STRICT;
    CREATE INDEX note_subject ON note (organisation, subject);",
];

/// How long a write waits for another session's write to finish before
/// saying the file is locked.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(3);

/// Why notes are unavailable, in one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// The folder or the file cannot be written.
    ReadOnly(String),
    /// The disk is full.
    Full,
    /// Not a notes file (another program's database, or not SQLite).
    NotNotes(String),
    /// Written by a newer tertial (its schema version).
    Newer(i64),
    Damaged(String),
    /// Another program holds a lock on it longer than [`BUSY_TIMEOUT`].
    Locked,
    /// A note that breaks a rule (too long, an unknown subject).
    Refused(String),
    Failed(String),
}

/// Notes cannot be used: which file and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("notes unavailable: {path}: {}", self.english())]
pub struct Unavailable {
    pub path: String,
    pub why: Why,
}

impl Unavailable {
    fn new(path: &Path, why: Why) -> Unavailable {
        Unavailable {
            path: display_path(path),
            why,
        }
    }

    fn sqlite(path: &Path, e: &rusqlite::Error) -> Unavailable {
        let why = match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Why::Locked,
            Some(ErrorCode::NotADatabase) => Why::NotNotes("not an SQLite file".into()),
            Some(ErrorCode::DatabaseCorrupt) => Why::Damaged(e.to_string()),
            Some(ErrorCode::DiskFull) => Why::Full,
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
                Why::ReadOnly(e.to_string())
            }
            _ => Why::Failed(e.to_string()),
        };
        Unavailable::new(path, why)
    }

    /// The reason in English, for the command line.
    pub fn english(&self) -> String {
        let text = match &self.why {
            Why::ReadOnly(d) => format!("cannot be written ({d}); the file was left as it is"),
            Why::Full => "the disk is full; the file was left as it is".into(),
            Why::NotNotes(d) => format!("not a tertial notes file ({d}); it was left as it is"),
            Why::Newer(v) => format!(
                "written by a newer tertial (schema {v}, this one knows {}); it was left as it is",
                MIGRATIONS.len()
            ),
            Why::Damaged(d) => format!("damaged ({d}); it was left as it is"),
            Why::Locked => "locked by another program; try again".into(),
            Why::Refused(d) => d.clone(),
            Why::Failed(d) => format!("could not be used ({d})"),
        };
        crate::domain::text::sanitize(&text, false).into_owned()
    }

    /// The reason in Swedish, for the cockpit's footer: one line.
    pub fn swedish(&self) -> String {
        let why = match &self.why {
            Why::ReadOnly(_) => "filen eller mappen är skrivskyddad".to_string(),
            Why::Full => "disken är full".into(),
            Why::NotNotes(_) => "filen är inte en anteckningsfil".into(),
            Why::Newer(v) => format!("filen är från en nyare tertial (version {v})"),
            Why::Damaged(_) => "filen är skadad".into(),
            Why::Locked => "filen är låst av ett annat program".into(),
            Why::Refused(d) => crate::domain::text::sanitize(d, false).into_owned(),
            Why::Failed(d) => crate::domain::text::sanitize(d, false).into_owned(),
        };
        format!("Anteckningar otillgängliga: {why} ({}).", self.path)
    }
}

/// How a save went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    Added(String),
    Updated(String),
    /// The note had changed since the edit began (another session, an
    /// import): the edit was kept as a new note beside it.
    KeptBoth(String),
}

impl Saved {
    pub fn id(&self) -> &str {
        match self {
            Saved::Added(id) | Saved::Updated(id) | Saved::KeptBoth(id) => id,
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Merged {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// An open notes file.
pub struct NotesStore {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for NotesStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NotesStore")
            .field("path", &self.path)
            .finish()
    }
}

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

impl NotesStore {
    /// Opens the notes file at `path`, creating it (and its folder) when
    /// missing, migrating an older one.
    pub fn open(path: &Path) -> Result<NotesStore, Unavailable> {
        open_with(path, MIGRATIONS)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every note in the file, oldest first. A row whose subject is not a
    /// subject key (a file edited by hand) is left in the file but not listed.
    pub fn all(&self) -> Result<Vec<Note>, Unavailable> {
        self.select("", [])
    }

    /// One note by id.
    pub fn get(&self, id: &str) -> Result<Option<Note>, Unavailable> {
        Ok(self.select("WHERE id = ?1", [id])?.into_iter().next())
    }

    fn select<P: rusqlite::Params>(&self, filter: &str, p: P) -> Result<Vec<Note>, Unavailable> {
        let fail = |e: rusqlite::Error| Unavailable::sqlite(&self.path, &e);
        let sql = format!(
            "SELECT id, organisation, subject, about, text, flag, created, updated, period,
                    period_label, report_date, figure, revision
             FROM note {filter} ORDER BY created, id"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(fail)?;
        let rows = stmt
            .query_map(p, |r| {
                Ok((
                    r.get::<_, String>(2)?,
                    Note {
                        id: r.get(0)?,
                        organisation: r.get(1)?,
                        subject: Subject::new(super::Kind::Unit, &[]),
                        about: r.get(3)?,
                        text: r.get(4)?,
                        flag: r
                            .get::<_, Option<String>>(5)?
                            .as_deref()
                            .and_then(Flag::parse),
                        created: r.get(6)?,
                        updated: r.get(7)?,
                        period: r.get(8)?,
                        period_label: r.get(9)?,
                        report_date: r.get(10)?,
                        figure: r.get(11)?,
                        revision: r.get(12)?,
                    },
                ))
            })
            .map_err(fail)?;
        let mut notes = Vec::new();
        for row in rows {
            let (key, mut note) = row.map_err(fail)?;
            if let Some(subject) = Subject::parse(&key) {
                note.subject = subject;
                notes.push(note);
            }
        }
        Ok(notes)
    }

    /// Saves a new note or an edit. The note is read again inside the
    /// write's transaction: where it changed since the edit began, the edit
    /// becomes a new note rather than overwriting the other change.
    pub fn save(&mut self, draft: &Draft) -> Result<Saved, Unavailable> {
        if !fits(&draft.text) {
            return Err(Unavailable::new(
                &self.path,
                Why::Refused(format!(
                    "a note holds at most {} characters",
                    super::NOTE_MAX
                )),
            ));
        }
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| Unavailable::sqlite(&path, &e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        let stamp = now();
        let current: Option<i64> = match &draft.base {
            Some((id, _)) => tx
                .query_row("SELECT revision FROM note WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()
                .map_err(fail)?,
            None => None,
        };
        let saved = match (&draft.base, current) {
            (Some((id, base)), Some(now_at)) if *base == now_at => {
                tx.execute(
                    "UPDATE note SET text = ?2, flag = ?3, updated = ?4, revision = revision + 1
                     WHERE id = ?1",
                    params![id, draft.text, draft.flag.map(Flag::code), stamp],
                )
                .map_err(fail)?;
                Saved::Updated(id.clone())
            }
            (Some(_), Some(_)) => {
                Saved::KeptBoth(insert(&tx, &new_id(), draft, &stamp).map_err(fail)?)
            }
            (Some((id, _)), None) => Saved::Added(insert(&tx, id, draft, &stamp).map_err(fail)?),
            (None, _) => Saved::Added(insert(&tx, &new_id(), draft, &stamp).map_err(fail)?),
        };
        tx.commit().map_err(fail)?;
        Ok(saved)
    }

    /// Merges notes exported elsewhere, by id: a note not here is added, a
    /// note here is replaced only by a later edit of it, nothing is
    /// duplicated or removed. One transaction: all or nothing.
    pub fn import(&mut self, notes: &[Note]) -> Result<Merged, Unavailable> {
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| Unavailable::sqlite(&path, &e);
        if let Some(long) = notes.iter().find(|n| !fits(&n.text)) {
            return Err(Unavailable::new(
                &self.path,
                Why::Refused(format!(
                    "note {} holds more than {} characters",
                    long.id,
                    super::NOTE_MAX
                )),
            ));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        let mut merged = Merged::default();
        for note in notes {
            let here: Option<(String, i64)> = tx
                .query_row(
                    "SELECT updated, revision FROM note WHERE id = ?1",
                    [&note.id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(fail)?;
            match here {
                None => {
                    insert_note(&tx, note, note.revision.max(1)).map_err(fail)?;
                    merged.added += 1;
                }
                Some((updated, revision)) if note.updated > updated => {
                    tx.execute("DELETE FROM note WHERE id = ?1", [&note.id])
                        .map_err(fail)?;
                    insert_note(&tx, note, revision.max(note.revision) + 1).map_err(fail)?;
                    merged.updated += 1;
                }
                Some(_) => merged.unchanged += 1,
            }
        }
        tx.commit().map_err(fail)?;
        Ok(merged)
    }
}

const INSERT: &str = "INSERT INTO note (id, organisation, subject, about, text, flag, created,
        updated, period, period_label, report_date, figure, revision)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";

fn insert_note(
    tx: &rusqlite::Transaction<'_>,
    note: &Note,
    revision: i64,
) -> rusqlite::Result<usize> {
    tx.execute(
        INSERT,
        params![
            note.id,
            note.organisation,
            note.subject.key(),
            note.about,
            note.text,
            note.flag.map(Flag::code),
            note.created,
            note.updated,
            note.period,
            note.period_label,
            note.report_date,
            note.figure,
            revision,
        ],
    )
}

fn insert(
    tx: &rusqlite::Transaction<'_>,
    id: &str,
    draft: &Draft,
    stamp: &str,
) -> rusqlite::Result<String> {
    tx.execute(
        INSERT,
        params![
            id,
            draft.organisation,
            draft.subject.key(),
            draft.about,
            draft.text,
            draft.flag.map(Flag::code),
            stamp,
            stamp,
            draft.period,
            draft.period_label,
            draft.report_date,
            draft.figure,
            1,
        ],
    )?;
    Ok(id.to_string())
}

/// [`NotesStore::open`] with a given list of migrations (tests migrate
/// through a schema this version does not have).
fn open_with(path: &Path, migrations: &[&str]) -> Result<NotesStore, Unavailable> {
    let unavailable = |why| Unavailable::new(path, why);
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => {
            return Err(unavailable(Why::NotNotes("not a regular file".into())));
        }
        Ok(_) => check_header(path)?,
        Err(_) => {
            if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(folder)
                    .map_err(|e| unavailable(Why::ReadOnly(e.to_string())))?;
            }
        }
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn =
        Connection::open_with_flags(path, flags).map_err(|e| Unavailable::sqlite(path, &e))?;
    let fail = |e: rusqlite::Error| Unavailable::sqlite(path, &e);
    conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
    // A file that is not writable opens read-only without an error.
    if conn.is_readonly("main").map_err(fail)? {
        return Err(unavailable(Why::ReadOnly("the file is read-only".into())));
    }
    let (app, version) = kind_and_version(&conn).map_err(fail)?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .map_err(fail)?;
    if app != APPLICATION_ID && !(app == 0 && version == 0 && tables == 0) {
        return Err(unavailable(Why::NotNotes(
            "another program's SQLite database".into(),
        )));
    }
    let current = i64::try_from(migrations.len()).unwrap_or(i64::MAX);
    if version > current {
        return Err(unavailable(Why::Newer(version)));
    }
    if version > 0 {
        let check: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(fail)?;
        if check != "ok" {
            return Err(unavailable(Why::Damaged(check)));
        }
    }
    if version < current {
        if version > 0 {
            backup(&conn, path, version)?;
        }
        migrate(&conn, migrations).map_err(fail)?;
    }
    Ok(NotesStore {
        conn,
        path: path.to_path_buf(),
    })
}

fn check_header(path: &Path) -> Result<(), Unavailable> {
    use std::io::Read;
    let mut head = Vec::with_capacity(16);
    std::fs::File::open(path)
        .and_then(|f| f.take(16).read_to_end(&mut head))
        .map_err(|e| Unavailable::new(path, Why::ReadOnly(e.to_string())))?;
    if !head.is_empty() && head.as_slice() != SQLITE_HEADER {
        return Err(Unavailable::new(
            path,
            Why::NotNotes("not an SQLite file".into()),
        ));
    }
    Ok(())
}

fn kind_and_version(conn: &Connection) -> rusqlite::Result<(i32, i64)> {
    let app = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok((app, version))
}

/// Copies the file whole, as it is, to `FILE.vN.bak` (or `FILE.vN-2.bak` …
/// where that is taken) before a migration changes it.
fn backup(conn: &Connection, path: &Path, version: i64) -> Result<PathBuf, Unavailable> {
    let name = path
        .file_name()
        .map_or_else(|| "notes.db".into(), |n| n.to_string_lossy().into_owned());
    let folder = path.parent().unwrap_or(Path::new("."));
    for n in 1..1000 {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let target = folder.join(format!("{name}.v{version}{suffix}.bak"));
        if target.exists() {
            continue;
        }
        let target_text = target.to_string_lossy().into_owned();
        conn.execute("VACUUM INTO ?1", [&target_text])
            .map_err(|e| Unavailable::sqlite(path, &e))?;
        return Ok(target);
    }
    Err(Unavailable::new(
        path,
        Why::Failed("no free name for the backup".into()),
    ))
}

/// Runs the migrations the file has not had, in one transaction that first
/// reads the version again (another session may have just migrated it).
fn migrate(conn: &Connection, migrations: &[&str]) -> rusqlite::Result<()> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let run = || -> rusqlite::Result<()> {
        let (_, version) = kind_and_version(conn)?;
        let from = usize::try_from(version).unwrap_or(usize::MAX);
        for sql in migrations.iter().skip(from) {
            conn.execute_batch(sql)?;
        }
        conn.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {};",
            migrations.len()
        ))
    };
    match run() {
        Ok(()) => conn.execute_batch("COMMIT"),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
