//! Opening a snapshot: untrusted input, read-only, hardened.
//!
//! Before SQLite sees the file, its header is read to give one clear sentence
//! for the common ways a file is not a usable snapshot (empty, not SQLite,
//! truncated, in WAL mode). The connection is then opened read-only and
//! immutable, so SQLite creates no files beside it and never writes, and is
//! hardened before any statement reads the schema.

use super::spec::{FORMAT_VERSION, MAX_VALUE_BYTES};
use crate::domain::text::sanitize;
use rusqlite::config::DbConfig;
use rusqlite::limits::Limit;
use rusqlite::{Connection, OpenFlags};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// The largest value or row SQLite will load for a reader. Above the
/// format's own limit, so that every valid value reads even inside a sorted
/// row, and `check` can show the start of an oversized one; a value beyond
/// it is refused before it is loaded, which bounds memory.
pub const READ_LIMIT_BYTES: usize = 4 * MAX_VALUE_BYTES;
const HEADER_LEN: usize = 100;

/// The most rows one view of the cockpit reads: a region needs a few tens
/// of thousands, and this bounds the memory a hostile file can take.
pub const MAX_VIEW_ROWS: usize = 250_000;

/// How the cockpit says a view would need more than [`MAX_VIEW_ROWS`]
/// rows; `check` names what needs them in the same words.
pub const TOO_MANY_ROWS: &str =
    "one view would need more than 250 000 rows, more than the cockpit reads";

/// How the cockpit says a value over [`READ_LIMIT_BYTES`] was refused;
/// `check` names the row in the same words.
pub const TOO_BIG: &str =
    "a value is far larger than the 1000000 bytes the format allows, and was not loaded";

/// Why a file could not be opened as a snapshot. Each message is one sentence
/// naming the file, with anything from the file made printable.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{path}: no such file")]
    NotFound { path: String },
    #[error("{path}: cannot be read: {reason}")]
    Unreadable { path: String, reason: String },
    #[error("{path}: is not a file")]
    NotAFile { path: String },
    #[error("{path}: the file is empty (0 bytes), not a snapshot")]
    Empty { path: String },
    #[error("{path}: not a tertial snapshot: the file is not an SQLite database")]
    NotSqlite { path: String },
    #[error(
        "{path}: the file is truncated: its header promises {expected} bytes but it has {actual}; \
         copy it again from its source"
    )]
    Truncated {
        path: String,
        expected: u64,
        actual: u64,
    },
    #[error(
        "{path}: the database is in WAL mode, so part of its content may live in a separate \
         '-wal' file; ask the producer to write it with journal_mode=DELETE (the format requires it)"
    )]
    WalMode { path: String },
    #[error(
        "{path}: written in snapshot format version {found}, but this tertial reads versions up to \
         {supported}; install a newer tertial"
    )]
    NewerVersion {
        path: String,
        found: i64,
        supported: i64,
    },
    #[error(
        "{path}-journal lies beside the snapshot and holds changes a writer did not finish (a hot \
         journal), so the file may be half-written and its figures are not shown; ask the producer \
         to publish it again (write it elsewhere, then rename it into place)"
    )]
    HotJournal { path: String },
    #[error("{path}: {what}, which the snapshot format does not define; {why}")]
    Undefined {
        path: String,
        what: String,
        why: &'static str,
    },
    #[error("{path}: not a tertial snapshot: {reason}")]
    NotTertial { path: String, reason: String },
    #[error("{path}: the database is damaged: {reason}")]
    Corrupt { path: String, reason: String },
}

/// An open, read-only snapshot.
pub struct Snapshot {
    pub conn: Connection,
    pub path: PathBuf,
    pub version: i64,
    /// What lies beside the file that SQLite would read or write, and
    /// tertial does not (the snapshot is opened immutable).
    pub beside: Beside,
}

/// SQLite's own files beside a snapshot. None of them is read: the
/// snapshot is opened immutable, so a journal is never rolled back and a
/// `-wal` file never merged. A hot journal refuses the file (see
/// [`OpenError::HotJournal`]); the rest are warnings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Beside {
    /// A `-wal` file: someone still has the file open in WAL mode, or a
    /// writer crashed; its changes, if any, are not shown.
    pub wal: bool,
    /// A `-shm` file: the index of a `-wal` file, left by a program that
    /// has or had the file open in WAL mode.
    pub shm: bool,
    /// A `-journal` file that holds no unfinished changes (empty, or its
    /// header zeroed: what `journal_mode=TRUNCATE` and `PERSIST` leave).
    pub spent_journal: bool,
}

impl Beside {
    /// Looks beside `path`. A journal SQLite would roll back is an error.
    fn look(path: &Path, shown: &str) -> Result<Beside, OpenError> {
        let sibling = |suffix: &str| {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            PathBuf::from(name)
        };
        let spent_journal = match journal_state(&sibling("-journal")) {
            Journal::None => false,
            Journal::Spent => true,
            Journal::Hot => {
                return Err(OpenError::HotJournal {
                    path: shown.to_string(),
                });
            }
        };
        Ok(Beside {
            wal: sibling("-wal").exists(),
            shm: sibling("-shm").exists(),
            spent_journal,
        })
    }
}

/// Whether a journal SQLite would roll back lies beside `path`.
pub fn hot_journal_beside(path: &Path) -> bool {
    let mut name = path.as_os_str().to_owned();
    name.push("-journal");
    matches!(journal_state(Path::new(&name)), Journal::Hot)
}

enum Journal {
    None,
    /// Present but with nothing to roll back.
    Spent,
    /// What SQLite calls a hot journal: present, not empty, and its first
    /// byte not zero. A writer crashed (or is still writing) after changing
    /// the file; SQLite would roll the file back before reading it.
    Hot,
}

fn journal_state(journal: &Path) -> Journal {
    let Ok(meta) = std::fs::metadata(journal) else {
        return Journal::None;
    };
    if !meta.is_file() {
        return Journal::Spent;
    }
    let mut first = [0u8; 1];
    match File::open(journal).and_then(|mut f| f.read(&mut first)) {
        Ok(1) if first[0] != 0 => Journal::Hot,
        Ok(_) => Journal::Spent,
        // Unreadable: SQLite could not roll it back either, but would
        // refuse to read the file; so does tertial.
        Err(_) => Journal::Hot,
    }
}

impl Snapshot {
    /// One sentence per SQLite file beside the snapshot that is not read.
    pub fn beside_warnings(&self) -> Vec<String> {
        let path = display_path(&self.path);
        let mut said = Vec::new();
        if self.beside.wal {
            said.push(format!(
                "{path}-wal exists beside the snapshot: a program may still be writing it, and \
                 changes in that file are not shown; make the producer finish (close or checkpoint) \
                 and copy the snapshot again"
            ));
        }
        if self.beside.shm {
            said.push(format!(
                "{path}-shm exists beside the snapshot: a program has or had it open in WAL mode, \
                 and changes it has not checkpointed are not shown; make the producer finish and \
                 copy the snapshot again"
            ));
        }
        if self.beside.spent_journal {
            said.push(format!(
                "{path}-journal exists beside the snapshot but holds no unfinished changes (what \
                 journal_mode TRUNCATE or PERSIST leaves), so it is ignored; the producer may remove it"
            ));
        }
        said
    }
}

impl Snapshot {
    /// Opens `path` read-only and checks that it is a tertial snapshot of a
    /// version this build reads. It does not validate content: see `check`.
    pub fn open(path: &Path) -> Result<Snapshot, OpenError> {
        let shown = display_path(path);
        preflight(path, &shown)?;
        let beside = Beside::look(path, &shown)?;
        let conn = open_hardened(path).map_err(|e| classify(&shown, e))?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| classify(&shown, e))?;
        let has_meta: bool = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta'",
                [],
                |r| r.get::<_, i64>(0).map(|n| n > 0),
            )
            .map_err(|e| classify(&shown, e))?;
        if version > FORMAT_VERSION {
            return Err(OpenError::NewerVersion {
                path: shown,
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        if version < 1 {
            let reason = if has_meta {
                format!("it has a meta table but format version {version} (PRAGMA user_version)")
            } else {
                "it is an SQLite database without a format version or a meta table".to_string()
            };
            return Err(OpenError::NotTertial {
                path: shown,
                reason,
            });
        }
        if !has_meta {
            return Err(OpenError::NotTertial {
                path: shown,
                reason: "it has no meta table".into(),
            });
        }
        if let Some(refusal) = super::schema::vet(&conn).map_err(|e| classify(&shown, e))? {
            return Err(OpenError::Undefined {
                path: shown,
                what: refusal.what,
                why: refusal.why,
            });
        }
        Ok(Snapshot {
            conn,
            path: path.to_path_buf(),
            version,
            beside,
        })
    }
}

/// A path as it may be printed: control characters made visible.
pub fn display_path(path: &Path) -> String {
    sanitize(&path.to_string_lossy(), false).into_owned()
}

/// Header checks that SQLite would report less clearly, or not at all.
fn preflight(path: &Path, shown: &str) -> Result<(), OpenError> {
    let path_err = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => OpenError::NotFound {
            path: shown.to_string(),
        },
        _ => OpenError::Unreadable {
            path: shown.to_string(),
            reason: e.to_string(),
        },
    };
    let meta = std::fs::metadata(path).map_err(path_err)?;
    if !meta.is_file() {
        return Err(OpenError::NotAFile {
            path: shown.to_string(),
        });
    }
    let len = meta.len();
    if len == 0 {
        return Err(OpenError::Empty {
            path: shown.to_string(),
        });
    }
    let mut header = [0u8; HEADER_LEN];
    let mut file = File::open(path).map_err(path_err)?;
    let mut read = 0;
    while read < HEADER_LEN {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(path_err(e)),
        }
    }
    if read < MAGIC.len() || &header[..MAGIC.len()] != MAGIC {
        return Err(OpenError::NotSqlite {
            path: shown.to_string(),
        });
    }
    if read < HEADER_LEN {
        return Err(OpenError::Truncated {
            path: shown.to_string(),
            expected: HEADER_LEN as u64,
            actual: len,
        });
    }
    // Bytes 18 and 19: file format write/read versions, 2 means WAL.
    if header[18] == 2 || header[19] == 2 {
        return Err(OpenError::WalMode {
            path: shown.to_string(),
        });
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536u64,
        n => u64::from(n),
    };
    let page_count = u64::from(u32::from_be_bytes([
        header[28], header[29], header[30], header[31],
    ]));
    let change_counter = &header[24..28];
    let valid_for = &header[92..96];
    // The in-header page count is only valid when these two agree.
    if change_counter == valid_for && page_count > 0 {
        let expected = page_count.saturating_mul(page_size);
        if len < expected {
            return Err(OpenError::Truncated {
                path: shown.to_string(),
                expected,
                actual: len,
            });
        }
    }
    Ok(())
}

fn open_hardened(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(file_uri(path), flags)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
    conn.set_limit(
        Limit::SQLITE_LIMIT_LENGTH,
        i32::try_from(READ_LIMIT_BYTES).unwrap_or(i32::MAX),
    )?;
    conn.set_limit(Limit::SQLITE_LIMIT_SQL_LENGTH, 100_000)?;
    conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0)?;
    // Page cache of up to 32 MiB (SQLite's default is 2 MiB). At region
    // scale one period's economy rows and their index span a few MiB, and a
    // period is read by several screens in a row; pages are cached only as
    // they are read, so a small snapshot never grows to this. The cockpit's
    // reads, many sessions to a server, keep less (`data::READ_CACHE_KIB`).
    // CHECK constraints are the writer's business: never evaluated on read,
    // not even by the integrity check (see `schema`).
    conn.execute_batch(
        "PRAGMA query_only = 1; PRAGMA cache_size = -32768; PRAGMA ignore_check_constraints = 1;",
    )?;
    Ok(conn)
}

/// A `file:` URI for `path`, read-only and immutable (no locks, no journal,
/// no files created beside it). Every byte outside the unreserved set is
/// percent-encoded, so `?`, `#`, `%` and spaces in names open the right file.
pub fn file_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for &b in absolute.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?mode=ro&immutable=1");
    uri
}

/// Turns an SQLite error met while opening or reading into one sentence.
pub fn classify(shown: &str, err: rusqlite::Error) -> OpenError {
    use rusqlite::ErrorCode;
    let reason = sanitize(&err.to_string(), false).into_owned();
    match err.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => OpenError::NotSqlite {
            path: shown.to_string(),
        },
        Some(ErrorCode::DatabaseCorrupt) => OpenError::Corrupt {
            path: shown.to_string(),
            reason,
        },
        Some(ErrorCode::CannotOpen) | Some(ErrorCode::PermissionDenied) => OpenError::Unreadable {
            path: shown.to_string(),
            reason,
        },
        _ => OpenError::Corrupt {
            path: shown.to_string(),
            reason,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_sentences_state_the_limits() {
        let rows = crate::domain::number::grouped(MAX_VIEW_ROWS as u64);
        assert!(TOO_MANY_ROWS.contains(&format!("more than {rows} rows")));
        assert!(TOO_BIG.contains(&format!("the {} bytes", super::MAX_VALUE_BYTES)));
    }

    #[test]
    #[cfg(unix)]
    fn uri_escapes_everything_sqlite_would_misread() {
        let uri = file_uri(Path::new("/tmp/a b?c#d%e/å.db"));
        assert_eq!(
            uri,
            "file:/tmp/a%20b%3Fc%23d%25e/%C3%A5.db?mode=ro&immutable=1"
        );
    }

    /// On Windows the drive's colon and the backslashes are escaped too;
    /// SQLite decodes them back into the path it opens.
    #[test]
    #[cfg(windows)]
    fn uri_escapes_a_windows_path() {
        let uri = file_uri(Path::new(r"C:\a b#\å.db"));
        assert_eq!(uri, "file:C%3A%5Ca%20b%23%5C%C3%A5.db?mode=ro&immutable=1");
    }
}
