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
    /// What the line shows now.
    shows: std::cell::Cell<Shows>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shows {
    Step,
    Rows,
    RowsOf(u64),
}

impl Line {
    fn new(target: ProgressDrawTarget) -> Line {
        let bar = ProgressBar::with_draw_target(None, target);
        bar.set_style(steps_style());
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        Line {
            bar,
            shows: std::cell::Cell::new(Shows::Step),
        }
    }
}

fn steps_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}

/// Rows in Swedish: "1 500 av 3 000 rader, 12 000/s, kvar ~3 s"; without
/// a total, "1 500 rader, 12 000/s".
fn rows_style(total: Option<u64>) -> ProgressStyle {
    let template = match total {
        Some(_) => "{spinner} {msg} {rows} rader, {rate}, kvar ~{eta} [{elapsed}]",
        None => "{spinner} {msg} {rows} rader, {rate} [{elapsed}]",
    };
    let style =
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar());
    style
        .with_key(
            "rows",
            |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = match state.len() {
                    Some(len) if len > 0 => {
                        write!(w, "{} av {}", grouped(state.pos()), grouped(len))
                    }
                    _ => write!(w, "{}", grouped(state.pos())),
                };
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
                self.shows.set(Shows::Step);
                self.bar.set_length(0);
                self.bar.set_position(0);
                self.bar.set_message(format!("{step}/{of} {what}"));
            }
            Event::Rows { done, total } => {
                let shows = total.map_or(Shows::Rows, Shows::RowsOf);
                if self.shows.get() != shows {
                    self.bar.set_style(rows_style(total));
                    self.bar.set_length(total.unwrap_or(0));
                    self.shows.set(shows);
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
        line.event(Event::Step {
            what: "economy_fact",
            step: 3,
            of: 9,
        });
        line.event(Event::Rows {
            done: 20_000,
            total: None,
        });
        line.bar.force_draw();
        assert!(
            term.contents().contains("3/9 economy_fact 20 000 rader,"),
            "{}",
            term.contents()
        );
        drop(line);
        assert_eq!(term.contents().trim(), "", "cleared when done");
    }
}
