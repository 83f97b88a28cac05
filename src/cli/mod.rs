//! The command line's edges that clap does not do alone: values offered to
//! completions, shared options before a subcommand, a mistyped subcommand
//! named, the man page's own sections and `diff`'s pager; and the
//! commands that have moved out of `main.rs` (`notes` so far).

pub mod man;
pub mod notes;
pub mod pager;

use clap::builder::{PossibleValue, TypedValueParser};
use std::ffi::{OsStr, OsString};

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
