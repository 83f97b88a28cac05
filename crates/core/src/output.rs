//! Every file a command writes — a snapshot from `import` or `gen`, a report,
//! a rendered table, an export of notes — goes through here, so that it
//! appears whole or not at all, and only where it cannot destroy something
//! else.
//!
//! The output is written to a temporary file in the target's folder,
//! synced, and renamed over the target only when complete. On any failure
//! the temporary file is removed and an existing target is untouched.
//!
//! A rename replaces whatever has the target's name, so the target is
//! checked first ([`Target::check`]) by one set of rules for every command:
//! never a device, FIFO, socket or folder; never a file the command reads
//! (its snapshot, the folder it imports), not even with `--force`; and
//! never an existing file that is not an earlier output of the same kind
//! (a snapshot for `import`, a report for `report`) unless the user said so.

use crate::snapshot::open::{OpenError, Snapshot, display_path};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Whether an existing file that is not an earlier output of the same kind
/// may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Only an earlier output of the same kind may be replaced (the default).
    SameKindOnly,
    /// Any existing regular file may be replaced (`--force`), except the
    /// command's own input.
    AnyFile,
}

impl Overwrite {
    /// `--force` given or not.
    pub fn forced(force: bool) -> Overwrite {
        if force {
            Overwrite::AnyFile
        } else {
            Overwrite::SameKindOnly
        }
    }
}

/// What a command writes: how to tell an earlier output of its own, which
/// it may replace without `--force`.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    /// In words, for the refusal: "a tertial snapshot", "a tertial report".
    pub what: &'static str,
    /// Whether the (regular) file at the path is an earlier output of this kind.
    pub recognise: fn(&Path) -> bool,
}

impl Kind {
    /// A snapshot, as `import` and `gen` write it.
    pub const SNAPSHOT: Kind = Kind {
        what: "a tertial snapshot",
        recognise: is_snapshot,
    };
}

/// What a command reads, which its output may never replace.
#[derive(Debug, Clone, Copy, Default)]
pub struct Inputs<'a> {
    /// Files it reads (a snapshot, `--since OLD`).
    pub files: &'a [&'a Path],
    /// A folder it reads every file of (`import DIR`): nothing inside it.
    pub folder: Option<&'a Path>,
}

/// The first bytes of a regular file (at most 8 KiB), for a [`Kind`]'s
/// recogniser; empty when it cannot be read.
pub fn head(path: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    if let Ok(file) = std::fs::File::open(path) {
        let _ = file.take(8 * 1024).read_to_end(&mut bytes);
    }
    bytes
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
        "{path}: is a file this command reads; write the output elsewhere (not even --force \
         replaces an input)"
    )]
    IsInput { path: String },
    #[error(
        "{path}: exists and is not {what}{found}; refusing to replace it (add --force to \
         replace it anyway)"
    )]
    NotOwn {
        path: String,
        what: &'static str,
        /// What it is instead, where that is worth saying (" but a tertial snapshot").
        found: &'static str,
    },
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

/// A checked place to write an output: the file that will be replaced
/// (symbolic links followed, so a link to a snapshot keeps working).
#[derive(Debug, Clone)]
pub struct Target {
    path: PathBuf,
}

impl Target {
    /// Checks `out` before any work is done, for a command that writes
    /// `kind` and reads `inputs`.
    pub fn check(
        out: &Path,
        kind: Kind,
        inputs: Inputs<'_>,
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
        if existing.is_some() && inputs.files.iter().any(|input| same_file(&path, input)) {
            return Err(TargetError::IsInput { path: shown() });
        }
        if let Some(folder) = inputs.folder
            && let Some(inside) = inside(&path, folder).map_err(unexaminable)?
            && inside
        {
            return Err(TargetError::InsideInput {
                path: shown(),
                folder: display_path(folder),
            });
        }
        if existing.is_some() && crate::snapshot::open::hot_journal_beside(&path) {
            return Err(TargetError::HotJournal { path: shown() });
        }
        if existing.is_some() && overwrite == Overwrite::SameKindOnly && !(kind.recognise)(&path) {
            let found = if kind.what == Kind::SNAPSHOT.what {
                ""
            } else if is_snapshot(&path) {
                " but a tertial snapshot"
            } else if head(&path).starts_with(b"SQLite format 3\0") {
                " but an SQLite database"
            } else {
                ""
            };
            return Err(TargetError::NotOwn {
                path: shown(),
                what: kind.what,
                found,
            });
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

/// Whether two paths name one file (the same inode on Unix; the same
/// resolved path elsewhere).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
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
/// the file and renames it over the target. `what` names the temporary
/// file ([`temporary`]), so that a leftover says which command made it.
pub fn write(
    target: &Target,
    what: &str,
    fill: impl FnOnce(&Path) -> Result<(), String>,
) -> Result<(), String> {
    let out = target.path();
    let folder = folder_of(out);
    let temp = temporary(folder, what).map_err(|e| match e.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            format!(
                "{}: the folder is not writable ({}); nothing was written",
                display_path(folder),
                bare(&e)
            )
        }
        _ => format!(
            "cannot create a temporary file in {}: {}",
            display_path(folder),
            bare(&e)
        ),
    })?;
    // The temporary file is deleted when `temp` drops, on every early return.
    fill(temp.path())?;
    let failed = |e: &std::io::Error| {
        format!(
            "{}: could not be written ({}); nothing was written",
            display_path(out),
            bare(e)
        )
    };
    temp.as_file().sync_all().map_err(|e| failed(&e))?;
    // Something may have taken the target's name while the file was built.
    if let Ok(meta) = std::fs::symlink_metadata(out)
        && let Some(kind) = not_regular(&meta.file_type())
    {
        return Err(format!(
            "{} became {kind} while the output was written",
            display_path(out)
        ));
    }
    temp.persist(out).map_err(|e| failed(&e.error))?;
    // Make the rename itself durable.
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// An I/O error without the path tempfile appends to it (a temporary
/// name the user never sees).
fn bare(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" at path ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// Writes `bytes` to the checked target, whole or not at all.
pub fn write_bytes(target: &Target, bytes: &[u8]) -> Result<(), String> {
    write(target, "out", |path| {
        std::fs::write(path, bytes).map_err(|e| {
            format!(
                "{}: could not be written ({}); nothing was written",
                display_path(target.path()),
                bare(&e)
            )
        })
    })
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

/// Temporary files of this process not yet renamed or removed, for
/// [`remove_unfinished`]. A path already gone is harmless to remove again.
static UNFINISHED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// A temporary file in `folder` for work in progress, named
/// `.tertial-WHAT-PID-RANDOM.tmp` and noted, so that an interrupted run
/// leaves nothing ([`remove_unfinished`]) and a killed one is recognised
/// and removed by the next ([`remove_stale`]). Removed when dropped.
pub fn temporary(folder: &Path, what: &str) -> std::io::Result<tempfile::NamedTempFile> {
    remove_stale(folder);
    let prefix = format!(".tertial-{what}-{}-", std::process::id());
    let file = new_file_builder(&prefix).tempfile_in(folder)?;
    let mut unfinished = UNFINISHED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    unfinished.retain(|p| p.exists());
    unfinished.push(file.path().to_path_buf());
    Ok(file)
}

/// Removes every temporary file this process is still writing: what a
/// handler of Ctrl-C, SIGTERM or a hang-up calls before the process ends
/// without unwinding (which would have removed them).
pub fn remove_unfinished() {
    let unfinished = UNFINISHED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for path in unfinished.iter() {
        let _ = std::fs::remove_file(path);
    }
}

/// Removes temporary files in `folder` that a tertial process no longer
/// running left behind (killed with SIGKILL, or a machine that went down):
/// only names of [`temporary`]'s pattern whose process is gone. Where a
/// process cannot be looked up (not Linux), nothing is removed.
pub fn remove_stale(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if let Some(pid) = name.to_str().and_then(owner_of)
            && process_is_gone(pid)
            && entry.file_type().is_ok_and(|t| t.is_file())
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process id in a name of [`temporary`]'s pattern.
fn owner_of(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(".tertial-")?.strip_suffix(".tmp")?;
    let mut parts = rest.split('-');
    let (_what, pid, random) = (parts.next()?, parts.next()?, parts.next()?);
    (parts.next().is_none() && !random.is_empty())
        .then(|| pid.parse().ok())
        .flatten()
}

#[cfg(target_os = "linux")]
fn process_is_gone(pid: u32) -> bool {
    !Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(not(target_os = "linux"))]
fn process_is_gone(_pid: u32) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn in_folder(folder: &Path) -> Inputs<'_> {
        Inputs {
            files: &[],
            folder: Some(folder),
        }
    }

    /// A text output that starts with `# tertial`.
    const NOTE: Kind = Kind {
        what: "a test output",
        recognise: |path| head(path).starts_with(b"# tertial"),
    };

    #[test]
    fn an_input_is_never_replaced_not_even_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.db");
        std::fs::write(&input, "# tertial").unwrap();
        let inputs = Inputs {
            files: &[&input],
            folder: None,
        };
        for overwrite in [Overwrite::SameKindOnly, Overwrite::AnyFile] {
            let err = Target::check(&input, NOTE, inputs, overwrite).unwrap_err();
            assert!(matches!(err, TargetError::IsInput { .. }), "{err}");
        }
        // The same file by another name is the same input.
        let again = dir.path().join(".").join("in.db");
        let err = Target::check(&again, NOTE, inputs, Overwrite::AnyFile).unwrap_err();
        assert!(matches!(err, TargetError::IsInput { .. }), "{err}");
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "# tertial");
    }

    #[test]
    fn an_earlier_output_of_the_same_kind_is_replaced_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let earlier = dir.path().join("earlier.md");
        std::fs::write(&earlier, "# tertial, last month").unwrap();
        let target = Target::check(&earlier, NOTE, Inputs::default(), Overwrite::SameKindOnly);
        write_bytes(&target.unwrap(), b"# tertial, now").unwrap();
        assert_eq!(std::fs::read_to_string(&earlier).unwrap(), "# tertial, now");

        let other = dir.path().join("mine.md");
        std::fs::write(&other, "my own words").unwrap();
        let err =
            Target::check(&other, NOTE, Inputs::default(), Overwrite::SameKindOnly).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{}: exists and is not a test output; refusing to replace it (add --force to \
                 replace it anyway)",
                display_path(&other)
            )
        );
        assert!(Target::check(&other, NOTE, Inputs::default(), Overwrite::AnyFile).is_ok());
        assert_eq!(std::fs::read_to_string(&other).unwrap(), "my own words");
    }

    #[test]
    fn a_new_file_in_an_existing_folder_is_fine() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("new.db");
        let target = Target::check(
            &out,
            Kind::SNAPSHOT,
            Inputs::default(),
            Overwrite::SameKindOnly,
        )
        .unwrap();
        assert_eq!(target.path(), out);
    }

    #[test]
    fn a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = Target::check(
            dir.path(),
            Kind::SNAPSHOT,
            Inputs::default(),
            Overwrite::AnyFile,
        )
        .unwrap_err();
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
        let err = Target::check(
            &dir.path().join("no/such.db"),
            Kind::SNAPSHOT,
            Inputs::default(),
            Overwrite::AnyFile,
        )
        .unwrap_err();
        assert!(matches!(err, TargetError::NoFolder { .. }), "{err}");
    }

    #[test]
    fn a_file_inside_the_input_folder_is_refused_even_when_new() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        for out in [dir.path().join("new.db"), sub.join("deeper.db")] {
            let err = Target::check(
                &out,
                Kind::SNAPSHOT,
                in_folder(dir.path()),
                Overwrite::AnyFile,
            )
            .unwrap_err();
            assert!(matches!(err, TargetError::InsideInput { .. }), "{err}");
        }
        // A sibling folder whose name starts like the input's is outside it.
        let sibling = dir.path().with_extension("other");
        std::fs::create_dir_all(&sibling).unwrap();
        assert!(
            Target::check(
                &sibling.join("x.db"),
                Kind::SNAPSHOT,
                in_folder(dir.path()),
                Overwrite::AnyFile
            )
            .is_ok()
        );
        std::fs::remove_dir_all(&sibling).unwrap();
    }

    #[test]
    fn an_existing_file_that_is_not_a_snapshot_needs_force() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("notes.txt");
        std::fs::write(&out, "precious").unwrap();
        let err = Target::check(
            &out,
            Kind::SNAPSHOT,
            Inputs::default(),
            Overwrite::SameKindOnly,
        )
        .unwrap_err();
        assert!(matches!(err, TargetError::NotOwn { .. }), "{err}");
        assert!(Target::check(&out, Kind::SNAPSHOT, Inputs::default(), Overwrite::AnyFile).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_followed_and_a_dangling_link_refused() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.db");
        std::fs::write(&real, "x").unwrap();
        let link = dir.path().join("link.db");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let target =
            Target::check(&link, Kind::SNAPSHOT, Inputs::default(), Overwrite::AnyFile).unwrap();
        assert_eq!(target.path(), std::fs::canonicalize(&real).unwrap());
        let dangling = dir.path().join("dangling.db");
        std::os::unix::fs::symlink(dir.path().join("gone"), &dangling).unwrap();
        let err = Target::check(
            &dangling,
            Kind::SNAPSHOT,
            Inputs::default(),
            Overwrite::AnyFile,
        )
        .unwrap_err();
        assert!(matches!(err, TargetError::DanglingLink { .. }), "{err}");
    }

    #[test]
    fn a_failed_fill_leaves_the_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("old.db");
        std::fs::write(&out, "old").unwrap();
        let target =
            Target::check(&out, Kind::SNAPSHOT, Inputs::default(), Overwrite::AnyFile).unwrap();
        let err = write(&target, "test", |_| Err("boom".into())).unwrap_err();
        assert_eq!(err, "boom");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
