//! Writing an export or a report so that it appears whole or not at all: a
//! temporary file in the target's folder, synced, then linked or renamed
//! into place. On any failure the temporary file is removed and nothing
//! else has changed.
//!
//! The cockpit's export never replaces a file: where its name is taken it
//! picks the next free one (`…-2.csv`), and the check and the placing are
//! one step (a link that fails if the name exists), so two cockpits
//! exporting at once cannot overwrite each other. An output that replaces
//! a named file (`report -o`, `render -o`) goes through [`crate::output`].

use crate::snapshot::open::display_path;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a file could not be written; one sentence each (English for the
/// command line, see [`WriteError::swedish`] for the cockpit).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WriteError {
    #[error("{path}: the folder does not exist")]
    NoFolder { path: String },
    #[error("{path}: the folder is not writable ({reason}); nothing was written")]
    ReadOnly { path: String, reason: String },
    #[error("{path}: is {kind}, not a regular file; nothing was written")]
    NotRegular { path: String, kind: &'static str },
    #[error("{path}: is {kind}, not a folder; nothing was written")]
    NotAFolder { path: String, kind: &'static str },
    #[error("{path}: could not be written ({reason}); nothing was written")]
    Failed { path: String, reason: String },
}

impl WriteError {
    /// The sentence the cockpit's footer shows.
    pub fn swedish(&self) -> String {
        match self {
            WriteError::NoFolder { path } => format!("Mappen {path} finns inte; inget sparades."),
            WriteError::ReadOnly { path, .. } => format!(
                "Kan inte skriva i {path} (skrivskyddad); inget sparades. Välj en annan \
                 exportmapp (--export-dir)."
            ),
            WriteError::NotRegular { path, kind } => {
                format!("{path} är {kind}; inget sparades.")
            }
            WriteError::NotAFolder { path, kind } => {
                format!(
                    "{path} är {}, inte en mapp; inget sparades.",
                    swedish_kind(kind)
                )
            }
            WriteError::Failed { path, reason } => {
                format!("Kunde inte spara {path} ({reason}); inget sparades.")
            }
        }
    }

    fn from_io(path: &Path, e: &std::io::Error) -> WriteError {
        use std::io::ErrorKind;
        let shown = display_path(path);
        match e.kind() {
            ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => WriteError::ReadOnly {
                path: shown,
                reason: e.to_string(),
            },
            ErrorKind::NotFound => WriteError::NoFolder { path: shown },
            _ => WriteError::Failed {
                path: shown,
                reason: e.to_string(),
            },
        }
    }
}

/// A kind of file as [`crate::output::not_regular`] names it, in
/// Swedish.
fn swedish_kind(kind: &str) -> &'static str {
    match kind {
        "a regular file" => "en vanlig fil",
        "a character device" => "en teckenenhet",
        "a block device" => "en blockenhet",
        "a FIFO (named pipe)" => "en namngiven pipe (FIFO)",
        "a socket" => "en socket",
        _ => "något annat än en fil",
    }
}

/// How many names `write_new` tries before it gives up.
const MAX_TRIES: usize = 1_000;

/// Writes `bytes` to a new file `STEM.EXT` in `folder`, or `STEM-2.EXT`,
/// `STEM-3.EXT` … where that is taken: never over an existing file. The
/// path written.
pub fn write_new(
    folder: &Path,
    stem: &str,
    ext: &str,
    bytes: &[u8],
) -> Result<PathBuf, WriteError> {
    // Not "does not exist" for what exists: say what it is instead.
    match std::fs::metadata(folder) {
        Ok(meta) if meta.is_dir() => {}
        Ok(meta) => {
            return Err(WriteError::NotAFolder {
                path: display_path(folder),
                kind: crate::output::not_regular(&meta.file_type()).unwrap_or("a regular file"),
            });
        }
        Err(e) => return Err(WriteError::from_io(folder, &e)),
    }
    let mut temp = temporary(folder, bytes)?;
    for n in 1..=MAX_TRIES {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let target = folder.join(name);
        match temp.persist_noclobber(&target) {
            Ok(_) => return Ok(target),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => temp = e.file,
            Err(e) => return Err(WriteError::from_io(folder, &e.error)),
        }
    }
    Err(WriteError::Failed {
        path: display_path(&folder.join(format!("{stem}.{ext}"))),
        reason: format!("{MAX_TRIES} files of that name exist"),
    })
}

/// `bytes` in a synced temporary file in `folder` (removed when dropped).
fn temporary(folder: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, WriteError> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".tertial-").suffix(".part");
    // The mode a new file gets from the umask (0644 for most users), not
    // the temporary file's private 0600: an export is meant to be shared.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder
        .tempfile_in(folder)
        .map_err(|e| WriteError::from_io(folder, &e))?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| WriteError::from_io(folder, &e))?;
    Ok(temp)
}

/// A file name part from any text: lower-case ASCII letters, digits and
/// dashes (å, ä → a, ö → o), at most 40 characters. A snapshot's period id
/// or a unit's name can hold anything, a path separator included.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' | 'â' => 'a',
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' => 'u',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if c == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(c);
        if out.len() >= 40 {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_name_gets_the_next_free_one_and_nothing_is_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("tertial-ekonomi-2025-10.csv"), "gammal").unwrap();
        let first = write_new(dir.path(), "tertial-ekonomi-2025-10", "csv", b"ny").unwrap();
        assert_eq!(first.file_name().unwrap(), "tertial-ekonomi-2025-10-2.csv");
        let second = write_new(dir.path(), "tertial-ekonomi-2025-10", "csv", b"ny2").unwrap();
        assert_eq!(second.file_name().unwrap(), "tertial-ekonomi-2025-10-3.csv");
        let old = std::fs::read_to_string(dir.path().join("tertial-ekonomi-2025-10.csv")).unwrap();
        assert_eq!(old, "gammal");
        assert_eq!(std::fs::read_to_string(first).unwrap(), "ny");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 3, "no temporary file is left");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_new_file_gets_the_umasks_mode_not_a_private_one() {
        use std::os::unix::fs::PermissionsExt;
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let umask = status
            .lines()
            .find_map(|l| l.strip_prefix("Umask:"))
            .map(|m| u32::from_str_radix(m.trim(), 8).unwrap())
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = write_new(dir.path(), "x", "csv", b"").unwrap();
        let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o666 & !umask);
    }

    #[test]
    fn a_missing_folder_is_one_sentence_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("saknas");
        let e = write_new(&missing, "x", "csv", b"").unwrap_err();
        assert!(matches!(e, WriteError::NoFolder { .. }), "{e}");
        assert!(e.swedish().starts_with("Mappen"));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    /// An export folder that is a regular file or a FIFO (private ones,
    /// made here) is named for what it is, not as missing; nothing
    /// is written and the FIFO is not opened.
    #[cfg(unix)]
    #[test]
    fn an_export_folder_that_is_not_a_folder_is_named_for_what_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let make = |args: &[&str]| {
            std::process::Command::new(args[0])
                .args(&args[1..])
                .status()
                .is_ok_and(|s| s.success())
        };
        let file = dir.path().join("fil");
        std::fs::write(&file, "x").unwrap();
        let fifo = dir.path().join("fifo");
        assert!(make(&["mkfifo", fifo.to_str().unwrap()]));
        let cases = [
            (file, "a regular file", "en vanlig fil"),
            (fifo, "a FIFO (named pipe)", "en namngiven pipe (FIFO)"),
        ];
        for (path, kind, swedish) in cases {
            let e = write_new(&path, "x", "csv", b"data").unwrap_err();
            assert_eq!(
                e,
                WriteError::NotAFolder {
                    path: display_path(&path),
                    kind
                }
            );
            assert!(
                e.swedish()
                    .ends_with(&format!("är {swedish}, inte en mapp; inget sparades.")),
                "{}",
                e.swedish()
            );
            assert!(!e.swedish().contains("finns inte"));
        }
        assert_eq!(
            std::fs::read_to_string(dir.path().join("fil")).unwrap(),
            "x"
        );
    }

    #[test]
    fn slugs_are_safe_file_name_parts() {
        assert_eq!(slug("Ekonomi"), "ekonomi");
        assert_eq!(slug("HSN: kostnadsslag"), "hsn-kostnadsslag");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("Vårdplatser"), "vardplatser");
        assert_eq!(slug("2025-10"), "2025-10");
        assert!(slug(&"x".repeat(100)).len() <= 40);
    }
}
