//! Reads of one period kept for the next build that needs them.
//!
//! Several screens are built from the same period-wide reads: Översikt and
//! the Ekonomi tree from every unit's totals, Översikt and Uppdrag from every
//! directive's status. Opening or closing a tree node rebuilds the tree from
//! the same figures. At region scale each of these reads takes milliseconds,
//! so the last period's are kept; asking for another period drops them. The
//! snapshot never changes under an open store, so nothing else invalidates.

use super::directives::StatusReport;
use super::economy::Fact;
use super::{Result, Store};
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

#[derive(Default)]
pub(crate) struct PeriodMemo {
    period: String,
    pub(crate) totals: Option<Rc<HashMap<String, Fact>>>,
    pub(crate) drillable: Option<Rc<HashSet<String>>>,
    pub(crate) statuses: Option<Rc<HashMap<String, StatusReport>>>,
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
            if memo.period != period {
                *memo = PeriodMemo {
                    period: period.to_string(),
                    ..PeriodMemo::default()
                };
            }
            if let Some(kept) = slot(&mut memo) {
                return Ok(Rc::clone(kept));
            }
        }
        // Not borrowed while loading: `load` may itself use the memo.
        let loaded = Rc::new(load()?);
        let mut memo = self.memo.borrow_mut();
        if memo.period == period {
            *slot(&mut memo) = Some(Rc::clone(&loaded));
        }
        Ok(loaded)
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
