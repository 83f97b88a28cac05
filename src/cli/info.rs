//! `tertial info`: what the cockpit would do with the same options.

use super::args::{Interact, Look, SnapshotArgs};
use super::out::{ERRORS, OK, fail, out};
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
mod tests {
    use super::super::Command;
    use super::super::args::tests::parse;
    use super::*;
    use std::path::PathBuf;

    fn args(line: &[&str]) -> Args {
        match parse(line).map(|c| c.command) {
            Ok(Some(Command::Info(args))) => args,
            _ => panic!("not info: {line:?}"),
        }
    }

    #[test]
    fn takes_what_the_cockpit_takes_but_the_reading_marks() {
        let line = args(&[
            "info",
            "b.db",
            "--theme",
            "mono",
            "--mouse=false",
            "--no-osc52",
        ]);
        assert_eq!(line.source.snapshot, Some(PathBuf::from("b.db")));
        let layer = line.look.layer(&line.interact);
        assert_eq!(layer.mouse, Some(false));
        assert_eq!(layer.copy, Some(false));
        assert!(args(&["info", "--demo"]).source.demo);
        assert!(parse(&["info", "--since", "old.db"]).is_err());
    }
}
