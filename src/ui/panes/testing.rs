//! The context the panes' unit tests build screens in.

use super::Ctx;
use crate::data::Store;

/// The demo snapshot, opened once per test thread and kept (tests are
/// short-lived; a `Ctx` borrows it).
pub(crate) fn store() -> &'static Store {
    Box::leak(Box::new(Store::demo().expect("the demo opens")))
}

/// A context for `period` (an id such as "2025-10") of `store`, with days
/// counted from 22 November 2025 so no test depends on the day it runs.
pub(crate) fn ctx<'a>(store: &'a Store, period: &str) -> Ctx<'a> {
    let period = store
        .periods
        .iter()
        .find(|p| p.id == period)
        .unwrap_or_else(|| panic!("no period {period} in the demo"));
    let notices: &'static [crate::data::Notice] = Box::leak(
        store
            .notices(&period.id)
            .expect("notices read")
            .into_boxed_slice(),
    );
    Ctx {
        store,
        period,
        today: chrono::NaiveDate::from_ymd_opt(2025, 11, 22).expect("a date"),
        notices,
    }
}
