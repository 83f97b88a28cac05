//! `tertial completions SHELL`: a completion script for the shell.

use super::out::{OK, out};

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

impl Args {
    pub fn run(&self) -> u8 {
        out!("{}", script(self.shell));
        OK
    }
}

fn script(shell: clap_complete::Shell) -> String {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut super::args::command(), "tertial", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_subcommand_and_the_offered_values_are_in_the_script() {
        let bash = script(clap_complete::Shell::Bash);
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
        let zsh = script(clap_complete::Shell::Zsh);
        assert!(zsh.contains("vardplatser"), "render's panes offered");
    }
}
