//! Reports of what went wrong unexpectedly, at the program's edge, through
//! color-eyre: errors nobody planned a sentence for
//! ([`unexpected`]) and panics. The errors a user can meet and mend (a
//! missing file, a bad setting) stay one plain sentence; these are the
//! rest.
//!
//! A panic gives the terminal back first (if the cockpit has it), then
//! writes color-eyre's report (the message and where it was raised) to
//! stderr, and a report the user can attach to a bug report to a new file
//! in the platform's state folder (`$XDG_STATE_HOME/tertial`, else the
//! cache folder), never beside the snapshot; temporary files being written
//! are removed, and the process ends with 101. The panic's message names
//! no figure of the snapshot; the file holds the message, the version and
//! build, the thread and a backtrace.
//!
//! Reports are plain text, without escape codes, when `NO_COLOR` is set or
//! stderr is not a terminal (a log, a file attached to a bug report).

use color_eyre::config::{HookBuilder, PanicHook, Theme};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Exit code of a panic, as Rust's own.
pub const PANIC_EXIT: i32 = 101;

/// color-eyre's panic reporter, themed for where stderr goes.
static REPORTER: OnceLock<PanicHook> = OnceLock::new();

/// Installs color-eyre's error report and the panic hook, once, at the
/// start of `main`. A failure leaves Rust's own reports in place.
pub fn install() {
    use std::io::IsTerminal;
    let plain = is_plain(&crate::config::process_env, std::io::stderr().is_terminal());
    let theme = if plain { Theme::new() } else { Theme::dark() };
    // How to get a backtrace on screen is no help to a user: the file has it.
    let builder = HookBuilder::default()
        .theme(theme)
        .display_env_section(false);
    let Ok((reporter, eyre_hook)) = builder.try_into_hooks() else {
        return;
    };
    if eyre_hook.install().is_err() || REPORTER.set(reporter).is_err() {
        return;
    }
    std::panic::set_hook(Box::new(on_panic));
}

/// Whether reports are written without colour: `NO_COLOR` is set, or stderr
/// is not a terminal.
pub fn is_plain(env: crate::config::Env<'_>, stderr_is_terminal: bool) -> bool {
    env("NO_COLOR").is_some() || !stderr_is_terminal
}

/// An error nobody planned a sentence for, as color-eyre reports it: what
/// failed, why (the chain of causes) and, where one helps, a suggestion.
pub fn unexpected(report: &color_eyre::Report) {
    let _ = writeln!(std::io::stderr(), "tertial: {report:?}");
}

/// The panic hook. Only the first panic reports: the terminal is given
/// back once, and a second panic (another thread, or one while writing the
/// report) waits for the first to end the process. The writes' failures are
/// ignored: the terminal may be gone, and a panic while panicking would
/// abort.
fn on_panic(info: &std::panic::PanicHookInfo<'_>) {
    // The terminal first, so that what follows is readable.
    if !tertial_term::session::give_back_for_panic() {
        loop {
            std::thread::park();
        }
    }
    // A file half-written (an export) is no file left behind.
    crate::output::remove_unfinished();
    let mut stderr = std::io::stderr().lock();
    let _ = match REPORTER.get() {
        Some(reporter) => writeln!(stderr, "{}", reporter.panic_report(info)),
        None => writeln!(stderr, "tertial: internal error: {info}"),
    };
    let thread = std::thread::current();
    let report = text(
        &info.to_string(),
        thread.name().unwrap_or("unnamed"),
        &std::backtrace::Backtrace::force_capture().to_string(),
    );
    let _ = match folder().map(|f| write(&f, &report)) {
        Some(Ok(path)) => writeln!(
            stderr,
            "\ntertial: a report to attach to a bug report is in {}",
            crate::snapshot::open::display_path(&path)
        ),
        _ => writeln!(
            stderr,
            "\ntertial: no report could be written; the message above is the report"
        ),
    };
    drop(stderr);
    std::process::exit(PANIC_EXIT);
}

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
    fn reports_are_plain_under_no_color_or_away_from_a_terminal() {
        let none = |_: &str| None;
        let no_color = |name: &str| (name == "NO_COLOR").then(|| "1".into());
        assert!(!is_plain(&none, true));
        assert!(is_plain(&no_color, true));
        assert!(is_plain(&none, false));
        assert!(is_plain(&no_color, false));
    }

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
