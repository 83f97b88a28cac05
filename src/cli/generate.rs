//! `tertial gen`: a synthetic region, deterministic from a seed. (The module is not `gen`, a keyword in Rust 2024.)

use super::Choices;
use super::out::{ERRORS, OK, outln};
use crate::domain::text::sanitize;
use crate::output::Overwrite;
use crate::synth::{self, GenOptions, Scale};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// small (tests, ~100 units), region (~1 000 units, ~1.8 million economy
    /// facts) or national (ten times the region; a one-off measurement).
    #[arg(long, default_value = "region",
          hide_possible_values = true, value_parser = Choices::new(parse_scale, ["small", "region", "national"]))]
    scale: Scale,
    /// The same seed and scale give the same file, byte for byte.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Snapshot to write. It may replace only an existing tertial
    /// snapshot (see --force).
    #[arg(short, long)]
    output: PathBuf,
    /// Replace OUTPUT even if it exists and is not a tertial snapshot.
    #[arg(long)]
    force: bool,
}

impl Args {
    pub fn run(&self) -> u8 {
        let options = GenOptions {
            scale: self.scale,
            seed: self.seed,
        };
        let output = &self.output;
        let progress = crate::progress_line::on_stderr();
        let generated = synth::generate_watched(
            &options,
            output,
            Overwrite::forced(self.force),
            progress.as_ref(),
        );
        // The line is cleared before anything else is said.
        drop(progress);
        match generated {
            Ok(report) => {
                outln!("{}", wrote(&options, output, &report.summary()));
                OK
            }
            Err(e) => {
                eprintln!("tertial: {e}{}", unchanged(output, output.is_file()));
                ERRORS
            }
        }
    }
}

fn wrote(options: &GenOptions, output: &Path, summary: &str) -> String {
    format!(
        "wrote {} (scale {}, seed {}): {summary}",
        shown(output),
        options.scale.name(),
        options.seed,
    )
}

/// After a failure: whether the file that was there is still there.
fn unchanged(output: &Path, exists: bool) -> String {
    if exists {
        format!("; {} is unchanged", shown(output))
    } else {
        String::new()
    }
}

fn shown(path: &Path) -> String {
    sanitize(&path.to_string_lossy(), false).into_owned()
}

fn parse_scale(text: &str) -> Result<Scale, String> {
    Scale::parse(text).ok_or_else(|| {
        format!(
            "unknown scale '{}'; choose small, region or national",
            sanitize(text, false)
        )
    })
}

#[cfg(test)]
#[path = "generate_tests.rs"]
mod tests;
