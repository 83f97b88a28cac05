//! `tertial info`: what the cockpit would do with the same options.

use super::out::{ERRORS, OK, fail, out};
use super::shared::{Interact, Look, SnapshotArgs};
use crate::config::{self, env::Locale, info};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub source: SnapshotArgs,
    #[command(flatten)]
    look: Look,
    #[command(flatten)]
    interact: Interact,
}

impl Args {
    pub fn run(&self) -> u8 {
        let settings = match self.look.settings(&self.interact) {
            Ok(settings) => settings,
            Err(e) => {
                fail(&e);
                return ERRORS;
            }
        };
        let env = config::process_env;
        let locale = Locale::from_env(&env);
        // The terminal is asked only if the cockpit could run here.
        let problem = config::env::terminal_problem(&env);
        let (_, theme) = config::choose_theme(&settings, || match &problem {
            None => config::background::query(),
            Some(_) => {
                let not_asked = "not asked: no terminal here for the cockpit";
                match config::background::fallback(&env) {
                    Some((light, said)) => (Some(light), format!("{not_asked}; {said}")),
                    None => (None, not_asked.into()),
                }
            }
        });
        let (_, ascii) = config::choose_ascii(&settings, &locale);
        // The snapshot is said as `SnapshotArgs::wanted` chooses it, with
        // where the choice came from (`info::snapshot_path`, which it uses).
        out!(
            "{}",
            info::report(&info::Facts {
                settings: &settings,
                snapshot: self.source.snapshot.as_deref(),
                demo: self.source.demo,
                theme: &theme,
                ascii: &ascii,
                locale: &locale,
                env: &env,
                tmux_blocks: config::tmux::blocked_clipboard(&env).as_deref(),
            })
        );
        OK
    }
}

#[cfg(test)]
#[path = "info_tests.rs"]
mod tests;
