//! Reads of one period kept for the next build that needs them.
//!
//! Several screens are built from the same period-wide reads: Översikt and
//! the Ekonomi tree from every unit's totals, Översikt and Uppdrag from every
//! directive's status. Opening or closing a tree node rebuilds the tree from
//! the same figures. At region scale each of these reads takes milliseconds,
//! so they are kept for the last few periods asked for: the period in view
//! and the one it is compared with are read together on every build. The
//! snapshot never changes under an open store, so nothing else invalidates.

use super::asof::Carried;
use super::directives::StatusReport;
use super::economy::Fact;
use super::{Result, Store};
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// How many periods' reads are kept: the period in view and its
/// comparison period, and the same for the periods either side of it,
/// which the cockpit reads ahead while the user reads so that `[` and `]`
/// find them (the one left behind by a switch is one of those).
const KEPT_PERIODS: usize = 6;

/// The kept periods' reads, the most recently used first.
#[derive(Default)]
pub(crate) struct Memo {
    periods: Vec<PeriodMemo>,
}

#[derive(Default)]
pub(crate) struct PeriodMemo {
    period: String,
    pub(crate) totals: Option<Rc<HashMap<String, Fact>>>,
    pub(crate) drillable: Option<Rc<HashSet<String>>>,
    pub(crate) statuses: Option<Rc<HashMap<String, StatusReport>>>,
    pub(crate) forecasts: Option<Rc<HashMap<String, Carried<i64>>>>,
    pub(crate) net_development: Option<Rc<HashMap<String, rust_decimal::Decimal>>>,
    pub(crate) goal_tree: Option<Rc<super::goals::GoalTree>>,
    /// The goals and delmål without their indicators (Mål's tree).
    pub(crate) goal_outline: Option<Rc<super::goals::GoalTree>>,
    pub(crate) notices: Option<Rc<Vec<super::Notice>>>,
    pub(crate) kpi_judgements: Option<Rc<HashMap<String, super::directives::KpiJudgement>>>,
    pub(crate) bed_units: Option<Rc<Option<Vec<super::bed_unit::BedUnit>>>>,
    /// Units' figures read one unit at a time (see `unit_figures`).
    pub(crate) probed: Probed,
}

/// What the economy tree read of single units in a period, by unit id.
#[derive(Default)]
pub(crate) struct Probed {
    pub(crate) figures: HashMap<String, Rc<super::unit_figures::UnitFigures>>,
    /// The forecast carried into the period, or none.
    pub(crate) carried: HashMap<String, Option<Carried<i64>>>,
}

impl Store {
    /// `load`'s result for `period`, kept in `slot` while the period stays
    /// the same. A failed or cancelled read is not kept: the next call tries
    /// again.
    pub(crate) fn memoised<T>(
        &self,
        period: &str,
        slot: fn(&mut PeriodMemo) -> &mut Option<Rc<T>>,
        load: impl FnOnce() -> Result<T>,
    ) -> Result<Rc<T>> {
        {
            let mut memo = self.memo.borrow_mut();
            if let Some(kept) = slot(memo.period(period)) {
                return Ok(Rc::clone(kept));
            }
        }
        // Not borrowed while loading: `load` may itself use the memo.
        let loaded = Rc::new(load()?);
        *slot(self.memo.borrow_mut().period(period)) = Some(Rc::clone(&loaded));
        Ok(loaded)
    }
}

impl Store {
    /// `f` on what `period`'s builds read of single units, to look up and
    /// to add to (not borrowed while anything else reads).
    pub(crate) fn with_probed<R>(&self, period: &str, f: impl FnOnce(&mut Probed) -> R) -> R {
        f(&mut self.memo.borrow_mut().period(period).probed)
    }

    /// `slot`'s read for `period` if it is kept, without reading it (and
    /// without changing which periods are kept): a read of a few rows may
    /// take them from a period-wide read already made.
    pub(crate) fn kept<T>(
        &self,
        period: &str,
        slot: fn(&PeriodMemo) -> &Option<Rc<T>>,
    ) -> Option<Rc<T>> {
        let memo = self.memo.borrow();
        let kept = memo.periods.iter().find(|p| p.period == period)?;
        slot(kept).as_ref().map(Rc::clone)
    }
}

impl Memo {
    /// `period`'s reads, moved to the front; a period not kept gets an
    /// empty entry, and the least recently used is dropped.
    fn period(&mut self, period: &str) -> &mut PeriodMemo {
        match self.periods.iter().position(|p| p.period == period) {
            Some(i) => {
                let kept = self.periods.remove(i);
                self.periods.insert(0, kept);
            }
            None => {
                self.periods.insert(
                    0,
                    PeriodMemo {
                        period: period.to_string(),
                        ..PeriodMemo::default()
                    },
                );
                self.periods.truncate(KEPT_PERIODS);
            }
        }
        &mut self.periods[0]
    }
}

/// `cell`'s value, loaded on first use. For reads that do not depend on the
/// period; a failed or cancelled load is tried again next time.
pub(crate) fn once<T>(cell: &OnceCell<T>, load: impl FnOnce() -> Result<T>) -> Result<&T> {
    if let Some(kept) = cell.get() {
        return Ok(kept);
    }
    let loaded = load()?;
    Ok(cell.get_or_init(|| loaded))
}

#[cfg(test)]
impl Store {
    /// The store's steps of SQL while `f` runs: zero for a read it kept.
    pub(crate) fn sql_steps_of(&self, f: impl FnOnce()) -> usize {
        let steps = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = steps.clone();
        self.set_cancel_check_every(1, move || {
            counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            false
        });
        f();
        self.set_cancel_check_every(1, || false);
        steps.load(std::sync::atomic::Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_six_periods_asked_for_are_kept() {
        let mut memo = Memo::default();
        let periods = [
            "2025-10", "2025-09", "2025-08", "2025-07", "2025-06", "2025-05",
        ];
        for p in periods {
            memo.period(p).totals = Some(Rc::new(HashMap::new()));
        }
        memo.period("2025-10");
        memo.period("2024-08");
        let kept: Vec<&str> = memo.periods.iter().map(|p| p.period.as_str()).collect();
        assert_eq!(
            kept,
            [
                "2024-08", "2025-10", "2025-05", "2025-06", "2025-07", "2025-08"
            ],
            "september, least recent, dropped"
        );
        assert!(
            memo.period("2025-10").totals.is_some(),
            "kept reads survive"
        );
        assert!(memo.period("2024-08").totals.is_none());
    }
}
