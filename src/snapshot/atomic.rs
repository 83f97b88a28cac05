//! Writing a snapshot file so that it appears whole or not at all.
//!
//! `tertial import` and `tertial gen` both build a new SQLite file: it is
//! written to a temporary file in the target's folder, synced, and renamed over
//! the target only when complete. On any failure the temporary file is removed
//! and an existing target is untouched.

use std::path::Path;

/// Calls `fill` with the path of a fresh temporary file beside `out`; when it
/// returns `Ok` (and has closed every connection to the file), syncs the file
/// and renames it over `out`. `prefix` names the temporary file, so that a
/// leftover from a killed process says which command made it.
pub fn write(
    out: &Path,
    prefix: &str,
    fill: impl FnOnce(&Path) -> Result<(), String>,
) -> Result<(), String> {
    let folder = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let temp = tempfile::Builder::new()
        .prefix(prefix)
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(|e| {
            format!(
                "cannot create a temporary file in {}: {e}",
                folder.display()
            )
        })?;
    // The temporary file is deleted when `temp` drops, on every early return.
    fill(temp.path())?;
    temp.as_file().sync_all().map_err(|e| e.to_string())?;
    set_permissions(temp.path(), out)?;
    temp.persist(out).map_err(|e| e.error.to_string())?;
    // Make the rename itself durable.
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// A new snapshot is readable by others (it is shared on jump servers); a
/// replaced one keeps the permissions it had.
fn set_permissions(temp: &Path, out: &Path) -> Result<(), String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let permissions = match std::fs::metadata(out) {
            Ok(meta) => meta.permissions(),
            Err(_) => std::fs::Permissions::from_mode(0o644),
        };
        std::fs::set_permissions(temp, permissions).map_err(|e| e.to_string())?;
    }
    #[cfg(not(unix))]
    let _ = (temp, out);
    Ok(())
}
