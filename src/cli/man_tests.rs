//! `man.rs`'s unit tests, in a file of their own: they parse whole
//! command lines through `args.rs`, which names every command.

use super::*;

#[test]
fn the_page_lists_every_subcommand_and_the_sections_users_look_for() {
    let cmd = super::super::args::command();
    let page = page(&cmd).unwrap();
    for sub in cmd.get_subcommands() {
        let entry = format!("\\fBtertial {}\\fR", sub.get_name());
        assert!(page.contains(&entry), "{entry}");
    }
    for section in ["KEYS", "FILES", "ENVIRONMENT", "EXIT STATUS", "SUBCOMMANDS"] {
        assert!(page.contains(&format!(".SH {section}")), "{section}");
    }
}
