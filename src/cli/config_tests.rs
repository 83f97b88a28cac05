//! `config.rs`'s unit tests, in a file of their own: they parse whole
//! command lines through `args.rs`, which names every command.

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
