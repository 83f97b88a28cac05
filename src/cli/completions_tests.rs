//! `completions.rs`'s unit tests, in a file of their own: they parse whole
//! command lines through `args.rs`, which names every command.

use super::*;

#[test]
fn every_subcommand_and_the_offered_values_are_in_the_script() {
    let bash = script(
        clap_complete::Shell::Bash,
        &mut super::super::args::command(),
    );
    for word in [
        "render",
        "report",
        "notes",
        "--snapshot",
        "--demo",
        "--since",
        "colour-blind-dark",
    ] {
        assert!(bash.contains(word), "{word}");
    }
    let zsh = script(
        clap_complete::Shell::Zsh,
        &mut super::super::args::command(),
    );
    assert!(zsh.contains("vardplatser"), "render's panes offered");
}
