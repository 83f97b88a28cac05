//! Writing a snapshot file so that it appears whole or not at all, and only
//! where it cannot destroy something else.
//!
//! `tertial import` and `tertial gen` both build a new SQLite file: it is
//! written to a temporary file in the target's folder, synced, and renamed over
//! the target only when complete. On any failure the temporary file is removed
//! and an existing target is untouched.
//!
//! A rename replaces whatever has the target's name, so the target is checked
//! first ([`Target::check`]): never a device, FIFO, socket or folder, never a
//! file inside the folder being imported, and never an existing file that is
//! not a tertial snapshot unless the user said so.

use super::open::{OpenError, Snapshot, display_path};
use std::path::{Path, PathBuf};

/// Whether an existing file that is not a tertial snapshot may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Only an existing tertial snapshot may be replaced (the default).
    SnapshotsOnly,
    /// Any existing regular file may be replaced (`--force`).
    AnyFile,
}

/// Why a path may not receive a new snapshot. One sentence each.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error("{path}: is {kind}, not a regular file; a snapshot can only replace a regular file")]
    NotRegular { path: String, kind: &'static str },
    #[error(
        "{path}: is inside the input folder {folder}; write the snapshot elsewhere (a file there \
         would be read, or replaced, by the next import)"
    )]
    InsideInput { path: String, folder: String },
    #[error(
        "{path}: exists and is not a tertial snapshot; refusing to replace it (add --force to \
         replace it anyway)"
    )]
    NotASnapshot { path: String },
    #[error(
        "{path}-journal lies beside it with changes a writer did not finish; SQLite would apply \
         them to the new file and damage it, so it is not replaced (let the writer finish, or \
         remove the journal if no program has the file open)"
    )]
    HotJournal { path: String },
    #[error("{path}: is a symbolic link to a file that does not exist")]
    DanglingLink { path: String },
    #[error("{path}: the folder it would go in does not exist")]
    NoFolder { path: String },
    #[error("{path}: cannot be examined: {reason}")]
    Unexaminable { path: String, reason: String },
}

/// A checked place to write a snapshot: the file that will be replaced
/// (symbolic links followed, so a link to a snapshot keeps working).
#[derive(Debug, Clone)]
pub struct Target {
    path: PathBuf,
}

impl Target {
    /// Checks `out` before any work is done. `input` is the folder the
    /// snapshot is built from, if any.
    pub fn check(
        out: &Path,
        input: Option<&Path>,
        overwrite: Overwrite,
    ) -> Result<Target, TargetError> {
        let shown = || display_path(out);
        let unexaminable = |e: std::io::Error| TargetError::Unexaminable {
            path: shown(),
            reason: e.to_string(),
        };
        let path = match std::fs::symlink_metadata(out) {
            Ok(meta) if meta.file_type().is_symlink() => match std::fs::canonicalize(out) {
                Ok(resolved) => resolved,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Err(TargetError::DanglingLink { path: shown() });
                }
                Err(e) => return Err(unexaminable(e)),
            },
            Ok(_) => out.to_path_buf(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => out.to_path_buf(),
            Err(e) => return Err(unexaminable(e)),
        };
        let existing = match std::fs::symlink_metadata(&path) {
            Ok(meta) => Some(meta),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(unexaminable(e)),
        };
        if let Some(meta) = &existing
            && let Some(kind) = not_regular(&meta.file_type())
        {
            return Err(TargetError::NotRegular {
                path: shown(),
                kind,
            });
        }
        if let Some(folder) = input
            && let Some(inside) = inside(&path, folder).map_err(unexaminable)?
            && inside
        {
            return Err(TargetError::InsideInput {
                path: shown(),
                folder: display_path(folder),
            });
        }
        if existing.is_some() && super::open::hot_journal_beside(&path) {
            return Err(TargetError::HotJournal { path: shown() });
        }
        if existing.is_some() && overwrite == Overwrite::SnapshotsOnly && !is_snapshot(&path) {
            return Err(TargetError::NotASnapshot { path: shown() });
        }
        if existing.is_none() && !folder_of(&path).is_dir() {
            return Err(TargetError::NoFolder { path: shown() });
        }
        Ok(Target { path })
    }

    /// The file that will be replaced.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// What a non-regular file is, in words; `None` for a regular file.
pub(crate) fn not_regular(kind: &std::fs::FileType) -> Option<&'static str> {
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Whether `path` (which may not exist yet) lies inside `folder`, both
/// with links resolved. `None` when the input folder cannot be resolved
/// (the import then fails on reading it, with its own message).
fn inside(path: &Path, folder: &Path) -> std::io::Result<Option<bool>> {
    let Ok(folder) = std::fs::canonicalize(folder) else {
        return Ok(None);
    };
    let parent = folder_of(path);
    let Ok(parent) = std::fs::canonicalize(parent) else {
        return Ok(Some(false));
    };
    Ok(Some(parent.starts_with(&folder)))
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A file tertial may replace without being told: one it can open as a
/// snapshot, a snapshot of a newer format version, or one whose schema it
/// refuses to read.
fn is_snapshot(path: &Path) -> bool {
    matches!(
        Snapshot::open(path),
        Ok(_) | Err(OpenError::NewerVersion { .. } | OpenError::Undefined { .. })
    )
}

/// Calls `fill` with the path of a fresh temporary file beside the target;
/// when it returns `Ok` (and has closed every connection to the file), syncs
/// the file and renames it over the target. `prefix` names the temporary
/// file, so that a leftover from a killed process says which command made it.
pub fn write(
    target: &Target,
    prefix: &str,
    fill: impl FnOnce(&Path) -> Result<(), String>,
) -> Result<(), String> {
    let out = target.path();
    let folder = folder_of(out);
    let temp = new_file_builder(prefix).tempfile_in(folder).map_err(|e| {
        format!(
            "cannot create a temporary file in {}: {e}",
            display_path(folder)
        )
    })?;
    // The temporary file is deleted when `temp` drops, on every early return.
    fill(temp.path())?;
    temp.as_file().sync_all().map_err(|e| e.to_string())?;
    // Something may have taken the target's name while the file was built.
    if let Ok(meta) = std::fs::symlink_metadata(out)
        && let Some(kind) = not_regular(&meta.file_type())
    {
        return Err(format!(
            "{} became {kind} while the snapshot was written",
            display_path(out)
        ));
    }
    temp.persist(out).map_err(|e| e.error.to_string())?;
    // Make the rename itself durable.
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// A new snapshot gets the permissions any new file gets (0666 less the
/// umask: readable by others on a jump server with the usual umask), never
/// the mode of the file it replaces nor the temporary file's private 0600.
fn new_file_builder(prefix: &str) -> tempfile::Builder<'_, '_> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_in_an_existing_folder_is_fine() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("new.db");
        let target = Target::check(&out, None, Overwrite::SnapshotsOnly).unwrap();
        assert_eq!(target.path(), out);
    }

    #[test]
    fn a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = Target::check(dir.path(), None, Overwrite::AnyFile).unwrap_err();
        assert!(
            matches!(
                err,
                TargetError::NotRegular {
                    kind: "a folder",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn a_missing_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err =
            Target::check(&dir.path().join("no/such.db"), None, Overwrite::AnyFile).unwrap_err();
        assert!(matches!(err, TargetError::NoFolder { .. }), "{err}");
    }

    #[test]
    fn a_file_inside_the_input_folder_is_refused_even_when_new() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        for out in [dir.path().join("new.db"), sub.join("deeper.db")] {
            let err = Target::check(&out, Some(dir.path()), Overwrite::AnyFile).unwrap_err();
            assert!(matches!(err, TargetError::InsideInput { .. }), "{err}");
        }
        // A sibling folder whose name starts like the input's is outside it.
        let sibling = dir.path().with_extension("other");
        std::fs::create_dir_all(&sibling).unwrap();
        assert!(Target::check(&sibling.join("x.db"), Some(dir.path()), Overwrite::AnyFile).is_ok());
        std::fs::remove_dir_all(&sibling).unwrap();
    }

    #[test]
    fn an_existing_file_that_is_not_a_snapshot_needs_force() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("notes.txt");
        std::fs::write(&out, "precious").unwrap();
        let err = Target::check(&out, None, Overwrite::SnapshotsOnly).unwrap_err();
        assert!(matches!(err, TargetError::NotASnapshot { .. }), "{err}");
        assert!(Target::check(&out, None, Overwrite::AnyFile).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_followed_and_a_dangling_link_refused() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.db");
        std::fs::write(&real, "x").unwrap();
        let link = dir.path().join("link.db");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let target = Target::check(&link, None, Overwrite::AnyFile).unwrap();
        assert_eq!(target.path(), std::fs::canonicalize(&real).unwrap());
        let dangling = dir.path().join("dangling.db");
        std::os::unix::fs::symlink(dir.path().join("gone"), &dangling).unwrap();
        let err = Target::check(&dangling, None, Overwrite::AnyFile).unwrap_err();
        assert!(matches!(err, TargetError::DanglingLink { .. }), "{err}");
    }

    #[test]
    fn a_failed_fill_leaves_the_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("old.db");
        std::fs::write(&out, "old").unwrap();
        let target = Target::check(&out, None, Overwrite::AnyFile).unwrap();
        let err = write(&target, ".t-", |_| Err("boom".into())).unwrap_err();
        assert_eq!(err, "boom");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
