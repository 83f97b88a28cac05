//! What long work (`import`, `gen`) says as it goes, for a progress line
//! on a terminal. The core only reports steps; the command line decides
//! whether and how to show them (nothing when standard error is not a
//! terminal).

/// One thing long work reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// Step `step` of `of` begins (1-based): "ekonomi", "kontroll".
    Step {
        what: &'a str,
        step: usize,
        of: usize,
    },
    /// Rows done so far in the current step, out of `total` where known.
    Rows { done: u64, total: Option<u64> },
}

/// Who is told: a progress line, or no one.
pub trait Watch {
    fn event(&self, event: Event<'_>);
}

/// Tells no one: tests, scripts, and everything that is not a terminal.
pub struct Quiet;

impl Watch for Quiet {
    fn event(&self, _: Event<'_>) {}
}

/// Numbers the steps of a piece of work for a [`Watch`].
pub struct Steps<'w> {
    watch: &'w dyn Watch,
    of: usize,
    at: usize,
}

impl<'w> Steps<'w> {
    pub fn new(watch: &'w dyn Watch, of: usize) -> Steps<'w> {
        Steps { watch, of, at: 0 }
    }

    /// The next step begins.
    pub fn next(&mut self, what: &str) {
        self.at += 1;
        self.watch.event(Event::Step {
            what,
            step: self.at.min(self.of),
            of: self.of,
        });
    }

    pub fn rows(&self, done: u64, total: Option<u64>) {
        self.watch.event(Event::Rows { done, total });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    struct Log(RefCell<Vec<String>>);

    impl Watch for Log {
        fn event(&self, event: Event<'_>) {
            self.0.borrow_mut().push(format!("{event:?}"));
        }
    }

    #[test]
    fn steps_are_numbered_and_never_past_the_last() {
        let log = Log(RefCell::new(Vec::new()));
        let mut steps = Steps::new(&log, 2);
        steps.next("a");
        steps.rows(5, Some(10));
        steps.next("b");
        steps.next("c");
        assert_eq!(
            log.0.into_inner(),
            [
                "Step { what: \"a\", step: 1, of: 2 }",
                "Rows { done: 5, total: Some(10) }",
                "Step { what: \"b\", step: 2, of: 2 }",
                "Step { what: \"c\", step: 2, of: 2 }",
            ]
        );
    }
}
