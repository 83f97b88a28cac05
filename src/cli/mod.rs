//! The `tertial` command line: its definition ([`args`]: the cockpit's
//! arguments, the groups several commands share, declared once), one module
//! per command with its own arguments and printing, and the edges clap does
//! not do alone: values offered to completions, shared options before a
//! subcommand, a mistyped subcommand named, `render --help`'s key bindings.
//! `main.rs` only calls [`main`].

mod args;
mod check;
mod cockpit;
mod completions;
mod config;
mod diff;
mod generate;
mod import;
mod info;
pub mod man;
pub mod notes;
mod out;
pub mod pager;
mod render;
mod report;
mod shared;
mod source;

use args::{Cli, Command};
use clap::FromArgMatches;
use clap::builder::{PossibleValue, TypedValueParser};
use out::{ERRORS, fail, out};
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

/// Parses the command line and runs the command: the exit code.
pub fn main() -> u8 {
    let cli = match parse_command_line(std::env::args_os().collect()) {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    if cli.command.as_ref().is_some_and(Command::writes_files) {
        remove_unfinished_on_signals();
    }
    match cli.command {
        Some(Command::Check(args)) => args.run(),
        Some(Command::Import(args)) => args.run(),
        Some(Command::Gen(args)) => args.run(),
        Some(Command::Render(args)) => args.run(),
        Some(Command::Diff(args)) => args.run(),
        Some(Command::Report(args)) => args.run(),
        Some(Command::Info(args)) => args.run(),
        Some(Command::Config(args)) => args.run(),
        Some(Command::Notes(args)) => args.run(),
        Some(Command::Completions(args)) => args.run(args::command()),
        Some(Command::Man(args)) => args.run(args::command()),
        None => cockpit::run(&cli),
    }
}

/// The command line, or the exit code after clap has said why not (or
/// printed the help asked for). `render --help` lists the key bindings in
/// effect, so a remapped key shows there too.
fn parse_command_line(mut args: Vec<OsString>) -> Result<Cli, u8> {
    let mut cmd = args::command();
    let asks_help = args
        .iter()
        .any(|a| a == "--help" || a == "-h" || a == "help");
    if asks_help {
        let bindings = help_bindings(&args);
        cmd = cmd.mut_subcommand("render", |c| c.after_long_help(bindings));
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .chain(["help".to_string()])
        .collect();
    // clap would take a mistyped subcommand for the snapshot's path.
    if let Some(word) = args.get(1).and_then(|a| a.to_str())
        && !word.starts_with('-')
        && !names.iter().any(|n| n == word)
        && !Path::new(word).exists()
        && let Some(meant) = meant_subcommand(word, &names)
    {
        fail(&format!(
            "{word}: no such file; did you mean `tertial {meant}`?"
        ));
        return Err(ERRORS);
    }
    if let Some(at) = args
        .iter()
        .skip(1)
        .position(|a| names.iter().any(|n| a == n.as_str()))
        && at > 0
    {
        // The look and the cockpit's settings may come before the name of
        // a subcommand that has them (`tertial --theme light render …`).
        match move_shared_options(&cmd, &args, at + 1, &shared::shared_options()) {
            Some(moved) => args = moved,
            None => {
                // Anything else would be taken for the snapshot, or be
                // ignored: say it in the user's words, not clap's.
                let before: Vec<String> = args[1..=at]
                    .iter()
                    .map(|a| a.to_string_lossy().into_owned())
                    .collect();
                let name = args[at + 1].to_string_lossy();
                fail(&format!(
                    "`{}` belongs to the cockpit and does nothing for `{name}`; a subcommand's \
                     options go after its name (`tertial {name} --help` lists them)",
                    before.join(" ")
                ));
                return Err(ERRORS);
            }
        }
    }
    let parsed = cmd
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    parsed.map_err(|e| {
        // clap's messages quote the arguments they reject: made printable,
        // so that a crafted argument cannot reach the terminal as a control.
        let text = e.render().to_string();
        let clean = crate::domain::text::sanitize(&text, true);
        if e.use_stderr() {
            eprint!("{clean}");
        } else {
            out!("{clean}");
        }
        u8::try_from(e.exit_code()).unwrap_or(ERRORS)
    })
}

/// The key notation and the bindings in effect, for `render --help`: those
/// of the config file `--config` names (or the usual one), else the defaults.
fn help_bindings(args: &[OsString]) -> String {
    let mut named = None;
    for (i, arg) in args.iter().enumerate() {
        let text = arg.to_string_lossy();
        if let Some(path) = text.strip_prefix("--config=") {
            named = Some(PathBuf::from(path));
        } else if text == "--config" {
            named = args.get(i + 1).map(PathBuf::from);
        }
    }
    let config = shared::ConfigArg { config: named };
    let (keymap, note) = match config.settings(&crate::config::Layer::default()) {
        Ok(settings) => (settings.keymap, "the defaults and the config file"),
        // The error is said when the command runs; here the defaults do.
        Err(_) => (
            crate::config::Settings::default().keymap,
            "the defaults, as the config file has an error",
        ),
    };
    format!(
        "Keys for --keys: {}.\n\nKey bindings ({note}):\n{}",
        crate::keymap::key::NOTATION_HELP,
        keymap.describe()
    )
}

/// Ctrl-C, SIGTERM or a hang-up while a command writes a file: its
/// temporary files are removed before the process ends with 128 + the
/// signal, as it would have without the handler. (Ending by the default
/// action would skip every destructor, and leave them.)
fn remove_unfinished_on_signals() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    crate::output::remove_unfinished();
                    std::process::exit(128 + signal);
                }
            });
    }
}

/// A value parser with our own messages (the function's) that still tells
/// clap the values there are, so that completions and `--help` offer them.
#[derive(Clone)]
pub struct Choices<T: Clone + Send + Sync + 'static> {
    parse: fn(&str) -> Result<T, String>,
    names: Vec<&'static str>,
}

impl<T: Clone + Send + Sync + 'static> Choices<T> {
    pub fn new(
        parse: fn(&str) -> Result<T, String>,
        names: impl IntoIterator<Item = &'static str>,
    ) -> Choices<T> {
        Choices {
            parse,
            names: names.into_iter().collect(),
        }
    }
}

impl<T: Clone + Send + Sync + 'static> TypedValueParser for Choices<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        self.parse.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.names.iter().map(|n| PossibleValue::new(*n))))
    }
}

/// `tertial --theme light render …`: the options a subcommand shares with
/// the cockpit, given before its name, moved after it. `None` when there is
/// nothing to move or something before the name is not the subcommand's
/// own (that is refused, in the caller's words).
pub fn move_shared_options(
    cmd: &clap::Command,
    args: &[OsString],
    at: usize,
    shared: &[String],
) -> Option<Vec<OsString>> {
    let name = args.get(at)?.to_str()?;
    let sub = cmd.find_subcommand(name)?;
    let before = &args[1..at];
    if before.is_empty() {
        return None;
    }
    let mut i = 0;
    while i < before.len() {
        let text = before[i].to_str()?;
        let option = text.strip_prefix("--")?;
        let (long, inline) = match option.split_once('=') {
            Some((long, _)) => (long, true),
            None => (option, false),
        };
        if !shared.iter().any(|s| s == long) {
            return None;
        }
        let arg = sub.get_arguments().find(|a| a.get_long() == Some(long))?;
        let takes_value = arg.get_action().takes_values();
        if takes_value && !inline && !arg.is_require_equals_set() {
            i += 1; // its value
            before.get(i)?;
        }
        i += 1;
    }
    let mut moved = vec![args[0].clone(), args[at].clone()];
    moved.extend_from_slice(before);
    moved.extend_from_slice(&args[at + 1..]);
    Some(moved)
}

/// `tertial rendr`: the subcommand a word that is not a file was probably
/// meant to be, when one is near enough (two edits, and a short word not
/// wholly replaced).
pub fn meant_subcommand<'a>(word: &str, names: &'a [String]) -> Option<&'a str> {
    names
        .iter()
        .map(|n| (strsim::damerau_levenshtein(word, n), n))
        .filter(|(distance, n)| *distance <= 2 && *distance < n.len().min(word.len()))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, n)| n.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_look_may_come_before_a_subcommand_that_has_it() {
        let cli =
            parse_command_line(os(&["tertial", "--theme", "light", "render", "mal"])).unwrap();
        let Some(Command::Render(_)) = cli.command else {
            panic!("not render");
        };
        let cmd = args::command();
        let moved = move_shared_options(
            &cmd,
            &os(&["tertial", "--theme", "light", "render", "mal"]),
            3,
            &shared::shared_options(),
        );
        assert_eq!(
            moved,
            Some(os(&["tertial", "render", "--theme", "light", "mal"]))
        );
        // Not for a subcommand without it, nor an option that is not shared.
        assert_eq!(
            move_shared_options(
                &cmd,
                &os(&["tertial", "--theme", "light", "check", "a.db"]),
                3,
                &shared::shared_options()
            ),
            None
        );
        assert_eq!(
            move_shared_options(
                &cmd,
                &os(&["tertial", "--demo", "render", "mal"]),
                2,
                &shared::shared_options()
            ),
            None
        );
    }

    #[test]
    fn a_refused_command_line_is_its_exit_code() {
        assert_eq!(
            parse_command_line(os(&["tertial", "--demo", "render", "mal"])).err(),
            Some(ERRORS)
        );
        assert_eq!(
            parse_command_line(os(&["tertial", "rendr"])).err(),
            Some(ERRORS)
        );
        assert_eq!(
            parse_command_line(os(&["tertial", "check"])).err(),
            Some(ERRORS)
        );
    }

    #[test]
    fn render_help_lists_the_key_notation_and_bindings() {
        let help = help_bindings(&os(&[
            "tertial",
            "render",
            "--help",
            "--config=/no/such/file.toml",
        ]));
        assert!(help.starts_with("Keys for --keys: "), "{help}");
        assert!(
            help.contains("Key bindings (the defaults, as the config file has an error):"),
            "{help}"
        );
    }

    #[test]
    fn a_near_word_is_a_subcommand_and_a_far_one_is_not() {
        let names: Vec<String> = ["render", "report", "check", "diff", "man"]
            .map(String::from)
            .to_vec();
        assert_eq!(meant_subcommand("rendr", &names), Some("render"));
        assert_eq!(meant_subcommand("chekc", &names), Some("check"));
        assert_eq!(meant_subcommand("dif", &names), Some("diff"));
        assert_eq!(meant_subcommand("budget.db", &names), None);
        assert_eq!(meant_subcommand("x", &names), None);
    }
}
