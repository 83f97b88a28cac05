//! `tertial [SNAPSHOT]`: the interactive cockpit.

use super::args::Cli;
use super::out::{ERRORS, OK, fail};
use super::source::Source;
use crate::config::{self, env::Locale};
use crate::ui::app::App;
use crate::ui::terminal::Ended;

pub fn run(cli: &Cli) -> u8 {
    // Settings, then the terminal, are checked before anything is written
    // to it: a broken config or a missing terminal is one sentence on
    // stderr. A file that is not a snapshot is said before the terminal is
    // taken too; loading it happens behind a first screen that q leaves.
    let settings = match cli.look.settings(&cli.interact) {
        Ok(settings) => settings,
        Err(e) => {
            fail(&e);
            return ERRORS;
        }
    };
    if let Some(problem) = config::env::terminal_problem(&config::process_env) {
        fail(&problem);
        return ERRORS;
    }
    let source = match Source::open(cli.reading.source.wanted(&settings)) {
        Ok(source) => source,
        Err(e) => {
            fail(&e);
            return ERRORS;
        }
    };
    let today = cli.reading.today();
    let (ascii, _) = config::choose_ascii(&settings, &Locale::from_env(&config::process_env));
    // The session asks the terminal for its background itself, once the
    // terminal is taken, so that keys typed while it waits are kept.
    let start = crate::ui::terminal::Start {
        ascii,
        mouse: settings.mouse,
        ask_background: settings.theme.follows_background(),
    };
    let since = cli.reading.since.clone();
    let notes = config::notes_path(&settings);
    let tmux_blocks = if settings.copy {
        config::tmux::blocked_clipboard(&config::process_env)
    } else {
        None
    };
    let load = move |light: Option<bool>| {
        let (name, _) = config::choose_theme(&settings, || (light, String::new()));
        let theme = config::theme(&settings, name, ascii);
        let mut store = source.load()?;
        if let Some(old) = &since {
            store.mark_restated_since(old).map_err(|e| e.to_string())?;
        }
        let mut app = App::with_settings(store, settings, theme, today, (80, 24));
        app.tmux_blocks = tmux_blocks;
        match notes {
            Some(path) => app.notes_later(path),
            None => app.set_notes(crate::ui::notes::Notes::without_file()),
        }
        Ok(app)
    };
    match crate::ui::terminal::run(start, load) {
        Ok(Ended::Quit) => OK,
        // As for SIGHUP: the terminal went away.
        Ok(Ended::HungUp) => 129,
        Err(failure) => {
            // The terminal is back, or gone: a failed write must not panic.
            failure.say();
            ERRORS
        }
    }
}
