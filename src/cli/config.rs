//! `tertial config`: print the built-in config file, or check the user's.

use super::out::{ERRORS, OK, WARNINGS, fail, out, outln};
use crate::config::{self, ConfigFile, Layer, Settings};
use crate::domain::text::sanitize;
use crate::snapshot::open::display_path;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Print the built-in config file.
    #[arg(long)]
    default: bool,
    /// The file to check instead of the platform's.
    #[arg(long, value_name = "FILE", conflicts_with = "default")]
    config: Option<PathBuf>,
}

impl Args {
    pub fn run(&self) -> u8 {
        if self.default {
            out!("{}", config::DEFAULT_FILE);
            return OK;
        }
        match config::load(
            self.config.as_deref(),
            &Layer::default(),
            &config::process_env,
        ) {
            Ok(settings) => {
                outln!("{}", found(&settings));
                let warnings = config::colour_warnings(&settings);
                for warning in &warnings {
                    eprintln!("tertial: {}", sanitize(warning, false));
                }
                if warnings.is_empty() { OK } else { WARNINGS }
            }
            Err(e) => {
                fail(&e);
                ERRORS
            }
        }
    }
}

/// Which file was read, or that none was and the defaults apply.
fn found(settings: &Settings) -> String {
    match &settings.file {
        Some(ConfigFile {
            path: Some(path),
            found: true,
            ..
        }) => format!("{}: valid", display_path(path)),
        Some(ConfigFile {
            path: Some(path), ..
        }) => format!(
            "no config file at {}; the built-in defaults apply (`tertial config --default` prints them)",
            display_path(path)
        ),
        _ => "no config folder on this system; the built-in defaults apply".to_string(),
    }
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
