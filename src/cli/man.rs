//! `tertial man`: clap_mangen's sections, the subcommands listed as
//! `tertial check` (clap_mangen names a page `tertial-check(1)` for each,
//! and there are none), and the sections a user looks for: KEYS, FILES,
//! ENVIRONMENT and EXIT STATUS.

use super::out::{ERRORS, OK, fail, out};
use crate::config::{self, Settings};

#[derive(clap::Args)]
pub struct Args {}

impl Args {
    pub fn run(&self, command: clap::Command) -> u8 {
        match page(&command) {
            Ok(page) => {
                out!("{page}");
                OK
            }
            Err(e) => {
                fail(&e);
                ERRORS
            }
        }
    }
}

/// The manual page in roff.
pub fn page(cmd: &clap::Command) -> std::io::Result<String> {
    let man = clap_mangen::Man::new(cmd.clone());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    let mut page = String::from_utf8_lossy(&out).into_owned();
    page.push_str(&subcommands(cmd));
    page.push_str(&keys());
    page.push_str(&section("FILES", &files()));
    page.push_str(&section("ENVIRONMENT", ENVIRONMENT));
    page.push_str(&section("EXIT STATUS", EXIT_STATUS));
    let mut out = Vec::new();
    man.render_version_section(&mut out)?;
    page.push_str(&String::from_utf8_lossy(&out));
    Ok(page)
}

fn subcommands(cmd: &clap::Command) -> String {
    let entries: Vec<(String, String)> = cmd
        .get_subcommands()
        .map(|sub| {
            let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
            (format!("tertial {}", sub.get_name()), about)
        })
        .collect();
    let mut text = String::from(".SH SUBCOMMANDS\n");
    for (name, about) in entries {
        text.push_str(&format!(
            ".TP\n\\fB{}\\fR\n{}\n",
            escape(&name),
            escape(&about)
        ));
    }
    text.push_str(".PP\n`tertial SUBCOMMAND \\-\\-help` gives each one's options.\n");
    text
}

/// The default key bindings, from the same table as the help overlay.
fn keys() -> String {
    let mut text = String::from(
        ".SH KEYS\nThe cockpit's default bindings (a config file's [keys] table changes them; \
         `tertial render \\-\\-help` lists those in effect). A pane in parentheses: the key acts there only.\n.PP\n.nf\n",
    );
    for line in Settings::default().keymap.describe().lines() {
        text.push_str(&escape(line));
        text.push('\n');
    }
    text.push_str(".fi\n");
    text
}

fn files() -> String {
    let config = config::platform_path().map_or_else(
        || "the platform's config folder".to_string(),
        |p| escape(&p.display().to_string()),
    );
    format!(
        "{config}\n\tThe config file (`tertial config \\-\\-default` prints a documented one).\n\
         The snapshot\n\tAn SQLite file, opened read\\-only and never written (./sample.db by default).\n\
         {}\n\tWhere a report of an internal error is written, to attach to a bug report.",
        crate::ui::crash::folder().map_or_else(
            || "The platform's state folder".to_string(),
            |p| escape(&p.display().to_string())
        )
    )
}

const ENVIRONMENT: &str = "\
TERTIAL_CONFIG, TERTIAL_SNAPSHOT, TERTIAL_THEME, TERTIAL_ASCII, TERTIAL_MOUSE, TERTIAL_COPY, TERTIAL_EXPORT_DIR
\tEach setting of the config file, over the file and under the command line (`tertial info` says where each came from).
NO_COLOR
\tSet and not empty: the mono theme, unless \\-\\-theme or a theme setting names another.
COLORFGBG
\tThe background (e.g. 0;15 is light) when the terminal does not answer the question for its colour.
TERM, COLORTERM, LANG, LC_ALL, LC_CTYPE
\tThe terminal's abilities and the locale (ASCII when it is not UTF\\-8).
TMUX
\tInside tmux, copying goes through tmux, and its set\\-clipboard setting is checked.
PAGER
\tThe pager of `tertial diff` on a terminal (default: less \\-FRX).";

const EXIT_STATUS: &str = "\
0\n\tSuccess (check: valid; diff: no differences).
1\n\tWarnings (check, config) or differences (diff).
2\n\tAn error, said in one sentence on standard error.
101\n\tAn internal error (a report is written, see FILES).
129\n\tThe terminal hung up.";

/// A section of tagged paragraphs: a line with no tab is a tag, a line
/// beginning with a tab its text.
fn section(title: &str, body: &str) -> String {
    let mut text = format!(".SH {title}\n");
    for line in body.lines() {
        match line.strip_prefix('\t') {
            Some(rest) => text.push_str(&format!("{rest}\n")),
            None => text.push_str(&format!(".TP\n\\fB{line}\\fR\n")),
        }
    }
    text
}

/// Text made safe for roff: a backslash printed, a hyphen a hyphen, and a
/// line that would begin with a control character kept as text.
fn escape(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-");
    if text.starts_with(['.', '\'']) {
        format!("\\&{text}")
    } else {
        text
    }
}

#[cfg(test)]
#[path = "man_tests.rs"]
mod tests;
