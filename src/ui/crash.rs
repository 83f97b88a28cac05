//! A report of an internal error (a panic) the user can attach to a bug
//! report: written after the terminal is given back, to a new file in the
//! platform's state folder (`$XDG_STATE_HOME/tertial`, else the cache
//! folder), never beside the snapshot. The panic's message names no figure
//! of the snapshot; the report holds the message, the version and build,
//! the thread and a backtrace.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Where reports go: the platform's state folder, else its cache folder.
pub fn folder() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "tertial")?;
    Some(
        dirs.state_dir()
            .unwrap_or_else(|| dirs.cache_dir())
            .to_path_buf(),
    )
}

/// The report's text.
pub fn text(message: &str, thread: &str, backtrace: &str) -> String {
    format!(
        "tertial {}\nthread: {thread}\npanic: {message}\n\nbacktrace:\n{backtrace}\n",
        crate::config::info::build()
    )
}

/// Writes `text` to a new file in `folder` (made if missing), created
/// anew so that nothing is written over: its path, or why not.
pub fn write(folder: &Path, text: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(folder)?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let mut file = tempfile::Builder::new()
        .prefix(&format!("crash-{stamp}-"))
        .suffix(".txt")
        .rand_bytes(4)
        .tempfile_in(folder)?;
    file.write_all(text.as_bytes())?;
    let (_, path) = file.keep().map_err(|e| e.error)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_is_a_new_file_with_the_message_and_the_build() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("state/tertial");
        let first = write(&folder, &text("index out of bounds", "main", "0: x")).unwrap();
        let second = write(&folder, "other").unwrap();
        assert_ne!(first, second);
        assert_eq!(first.parent(), Some(folder.as_path()));
        let written = std::fs::read_to_string(&first).unwrap();
        assert!(written.starts_with("tertial 0.1.0 ("), "{written}");
        assert!(written.contains("panic: index out of bounds"), "{written}");
        assert!(written.contains("0: x"), "{written}");
    }
}
