//! `tertial completions SHELL`: a completion script for the shell.

use super::out::{OK, out};

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

impl Args {
    pub fn run(&self, mut command: clap::Command) -> u8 {
        out!("{}", script(self.shell, &mut command));
        OK
    }
}

fn script(shell: clap_complete::Shell, command: &mut clap::Command) -> String {
    let mut out = Vec::new();
    clap_complete::generate(shell, command, "tertial", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
#[path = "completions_tests.rs"]
mod tests;
