//! The context the panes' unit tests build screens in.

use super::Ctx;
use crate::data::Store;
use crate::data::compare::Baseline;

/// The demo snapshot, opened once per test thread and kept (tests are
/// short-lived; a `Ctx` borrows it).
pub(crate) fn store() -> &'static Store {
    Box::leak(Box::new(Store::demo().expect("the demo opens")))
}

/// A context for `period` (an id such as "2025-10") of `store`, with days
/// counted from 22 November 2025 so no test depends on the day it runs.
pub(crate) fn ctx<'a>(store: &'a Store, period: &str) -> Ctx<'a> {
    let index = store
        .periods
        .iter()
        .position(|p| p.id == period)
        .unwrap_or_else(|| panic!("no period {period} in the demo"));
    let period = &store.periods[index];
    let baseline = Baseline::PreviousReport;
    let compare = store.baseline(index, baseline).map(|i| &store.periods[i]);
    let notices: &'static [crate::data::Notice] = Box::leak(
        store
            .notices(&period.id)
            .expect("notices read")
            .into_boxed_slice(),
    );
    Ctx {
        store,
        period,
        compare,
        baseline,
        today: chrono::NaiveDate::from_ymd_opt(2025, 11, 22).expect("a date"),
        notices,
        notes: &[],
    }
}

/// The sample changed by `sql`, in a private file that lives as long as the
/// test process (the store reads it in place).
pub(crate) fn sample_with(sql: &str) -> &'static Store {
    let dir = Box::leak(Box::new(tempfile::tempdir().expect("a temp dir")));
    let path = dir.path().join("changed.db");
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample.db");
    std::fs::copy(sample, &path).expect("the sample copies");
    let conn = rusqlite::Connection::open(&path).expect("the copy opens");
    conn.execute_batch(sql).expect("the change applies");
    conn.close().expect("the copy closes");
    Box::leak(Box::new(
        Store::open(&path).expect("the changed sample opens"),
    ))
}
