//! The progress line of `import` and `gen` on standard error: the step,
//! rows and rate where the work counts them, and the time it has taken. It
//! is drawn only where standard error is a terminal; a script or a log
//! gets nothing extra.

use crate::domain::number::grouped;
use crate::progress::{Event, Quiet, Watch};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::io::IsTerminal;

/// A line on standard error while `stderr` is a terminal, else nothing.
pub fn on_stderr() -> Box<dyn Watch> {
    if std::io::stderr().is_terminal() {
        Box::new(Line::new(ProgressDrawTarget::stderr()))
    } else {
        Box::new(Quiet)
    }
}

/// The line itself, cleared when the work is done.
pub struct Line {
    bar: ProgressBar,
}

impl Line {
    fn new(target: ProgressDrawTarget) -> Line {
        let bar = ProgressBar::with_draw_target(None, target);
        bar.set_style(steps_style());
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        Line { bar }
    }
}

fn steps_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}

/// Rows in Swedish: "1 500 av 3 000 rader, 12 000/s, kvar ~3 s".
fn rows_style() -> ProgressStyle {
    let style = ProgressStyle::with_template(
        "{spinner} {msg} {rows} rader, {rate}, kvar ~{eta} [{elapsed}]",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    style
        .with_key(
            "rows",
            |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                let len = state.len().unwrap_or(0);
                let _ = write!(w, "{} av {}", grouped(state.pos()), grouped(len));
            },
        )
        .with_key(
            "rate",
            |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{}/s", grouped(state.per_sec() as u64));
            },
        )
}

impl Watch for Line {
    fn event(&self, event: Event<'_>) {
        match event {
            Event::Step { what, step, of } => {
                self.bar.set_style(steps_style());
                self.bar.set_length(0);
                self.bar.set_position(0);
                self.bar.set_message(format!("{step}/{of} {what}"));
            }
            Event::Rows { done, total } => {
                if let Some(total) = total {
                    if self.bar.length() != Some(total) {
                        self.bar.set_style(rows_style());
                        self.bar.set_length(total);
                    }
                }
                self.bar.set_position(done);
            }
        }
    }
}

impl Drop for Line {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line as a terminal of 80 columns would show it, drawn into
    /// memory (indicatif's in-memory terminal).
    #[test]
    fn the_line_says_the_step_and_the_rows() {
        let term = indicatif::InMemoryTerm::new(4, 100);
        let line = Line::new(ProgressDrawTarget::term_like(Box::new(term.clone())));
        line.event(Event::Step {
            what: "ekonomi",
            step: 2,
            of: 9,
        });
        line.bar.force_draw();
        assert!(
            term.contents().contains("2/9 ekonomi"),
            "{}",
            term.contents()
        );
        line.event(Event::Rows {
            done: 1_500,
            total: Some(3_000),
        });
        line.bar.force_draw();
        assert!(
            term.contents().contains("2/9 ekonomi 1 500 av 3 000 rader"),
            "{}",
            term.contents()
        );
        drop(line);
        assert_eq!(term.contents().trim(), "", "cleared when done");
    }
}
