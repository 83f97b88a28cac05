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
mod tests {
    use super::*;
    use crate::config::FileSource;

    fn with_file(path: Option<&str>, found_it: bool) -> Settings {
        Settings {
            file: Some(ConfigFile {
                path: path.map(PathBuf::from),
                source: FileSource::Platform,
                found: found_it,
            }),
            ..Settings::default()
        }
    }

    #[test]
    fn says_which_file_holds_or_that_the_defaults_apply() {
        assert_eq!(found(&with_file(Some("c.toml"), true)), "c.toml: valid");
        assert!(found(&with_file(Some("c.toml"), false)).starts_with("no config file at c.toml; "));
        assert_eq!(
            found(&with_file(None, false)),
            "no config folder on this system; the built-in defaults apply"
        );
    }

    #[test]
    fn default_and_a_file_exclude_each_other() {
        use super::super::args::tests::parse;
        assert!(parse(&["config", "--default", "--config", "c.toml"]).is_err());
    }
}
