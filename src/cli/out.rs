//! What every command shares at its edge: standard output that a closed
//! pipe ends quietly, one sentence on stderr for an error, the exit codes,
//! and where a command's text goes (standard output or a guarded file).

use crate::domain::number::grouped;
use crate::domain::text::sanitize;
use crate::output::{self, Inputs, Kind, Overwrite, Target};
use std::path::{Path, PathBuf};

/// Exit codes shared by every command.
pub const OK: u8 = 0;
pub const WARNINGS: u8 = 1;
pub const ERRORS: u8 = 2;

/// `println!` for command output, except that a closed pipe
/// (`tertial check big.db | head`) ends the program quietly, as the shell
/// expects, instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => { $crate::cli::out::write_out(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `print!` with the same care as [`outln!`].
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::out::write_out(format_args!($($arg)*)) };
}

pub(crate) use {out, outln};

pub fn write_out(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let written = stdout.write_fmt(args).and_then(|()| stdout.flush());
    out_failed(written);
}

/// Bytes to standard output (an xlsx workbook piped on), with the same care.
pub fn write_bytes_out(bytes: &[u8]) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let written = stdout.write_all(bytes).and_then(|()| stdout.flush());
    out_failed(written);
}

fn out_failed(written: std::io::Result<()>) {
    use std::io::Write;
    if let Err(e) = written {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            // 128 + SIGPIPE, what a program killed by the signal would report.
            std::process::exit(141);
        }
        let _ = writeln!(std::io::stderr(), "tertial: cannot write the output: {e}");
        std::process::exit(i32::from(ERRORS));
    }
}

/// Says an error on stderr, made printable: it may quote an argument or a
/// file's content.
pub fn fail(e: &dyn std::fmt::Display) {
    eprintln!("{}", failure(e));
}

/// The line [`fail`] prints.
fn failure(e: &dyn std::fmt::Display) -> String {
    format!("tertial: {}", sanitize(&e.to_string(), false))
}

/// `3 errors`, `1 warning`, `1 234 differences`.
pub fn plural(n: usize, word: &str) -> String {
    format!(
        "{} {word}{}",
        grouped(n as u64),
        if n == 1 { "" } else { "s" }
    )
}

/// Whether standard output is a terminal (where an xlsx workbook is refused).
pub fn stdout_is_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal()
}

/// Where a command's text goes: standard output, or a file checked by the
/// output guard (`tertial::output`) before any work is done, so that a
/// refused target costs nothing and reads nothing.
pub enum Output {
    Stdout,
    File(Target),
}

impl Output {
    pub fn check(
        path: Option<&Path>,
        kind: Kind,
        reads: &[PathBuf],
        force: bool,
    ) -> Result<Output, u8> {
        let Some(path) = path else {
            return Ok(Output::Stdout);
        };
        let files: Vec<&Path> = reads.iter().map(PathBuf::as_path).collect();
        let inputs = Inputs {
            files: &files,
            folder: None,
        };
        Target::check(path, kind, inputs, Overwrite::forced(force))
            .map(Output::File)
            .map_err(|e| {
                fail(&e);
                ERRORS
            })
    }

    pub fn emit(self, bytes: &[u8]) -> u8 {
        match self {
            Output::Stdout => {
                write_bytes_out(bytes);
                OK
            }
            Output::File(target) => match output::write_bytes(&target, bytes) {
                Ok(()) => OK,
                Err(e) => {
                    fail(&e);
                    ERRORS
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_and_plural_except_one() {
        assert_eq!(plural(0, "error"), "0 errors");
        assert_eq!(plural(1, "warning"), "1 warning");
        assert_eq!(plural(1234, "difference"), "1 234 differences");
    }

    #[test]
    fn an_error_is_one_printable_line() {
        let line = failure(&"bad \u{1b}[2J\nfile");
        assert!(line.starts_with("tertial: bad "), "{line}");
        assert!(!line.contains(['\u{1b}', '\n']), "{line}");
    }

    #[test]
    fn no_file_is_standard_output() {
        assert!(matches!(
            Output::check(
                None,
                crate::report::Format::Markdown.output_kind(),
                &[],
                false
            ),
            Ok(Output::Stdout)
        ));
    }
}
