//! The `tertial` command: the cockpit and its tools. The command line
//! lives in `tertial::cli`; this is its entry point.

use std::process::ExitCode;

fn main() -> ExitCode {
    if color_eyre::install().is_err() {
        eprintln!("tertial: could not install the error reporter; continuing");
    }
    ExitCode::from(tertial::cli::main())
}
