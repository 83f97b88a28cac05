//! The `tertial` command: the cockpit and its tools. The command line
//! lives in `tertial::cli`; this is its entry point.

use std::process::ExitCode;

fn main() -> ExitCode {
    tertial::ui::crash::install();
    ExitCode::from(tertial::cli::main())
}
