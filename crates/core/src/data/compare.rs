//! Which period a period is compared with: "what changed since the last
//! report" and "against the same period last year".

use super::{Period, Store};
use chrono::Datelike;

/// What the period in view is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Baseline {
    /// The latest earlier report of the same year (ack augusti for ack
    /// oktober). A new year starts with new plans, so its first report has
    /// none.
    #[default]
    PreviousReport,
    /// The report a year earlier: same kind, same day of the year.
    LastYear,
}

impl Baseline {
    pub fn next(self) -> Baseline {
        match self {
            Baseline::PreviousReport => Baseline::LastYear,
            Baseline::LastYear => Baseline::PreviousReport,
        }
    }
}

impl Store {
    /// The index in [`Store::periods`] of the period `period` is compared
    /// with under `baseline`, if the snapshot has one.
    pub fn baseline(&self, period: usize, baseline: Baseline) -> Option<usize> {
        let p = self.periods.get(period)?;
        let end = p.end_date?;
        match baseline {
            Baseline::PreviousReport => self
                .periods
                .iter()
                .enumerate()
                .filter(|(_, q)| q.year == p.year && q.end_date.is_some_and(|e| e < end))
                .max_by_key(|(i, q)| (q.end_date, *i))
                .map(|(i, _)| i),
            Baseline::LastYear => {
                let a_year_before = end.with_year(end.year() - 1).or_else(|| {
                    // 29 February: the last day of February a year before.
                    end.pred_opt()?.with_year(end.year() - 1)
                })?;
                let same_day = |q: &&Period| q.end_date == Some(a_year_before);
                let candidates: Vec<usize> = (0..self.periods.len())
                    .filter(|&i| same_day(&&self.periods[i]))
                    .collect();
                candidates
                    .iter()
                    .copied()
                    .find(|&i| self.periods[i].kind == p.kind)
                    .or_else(|| candidates.first().copied())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(store: &Store, i: Option<usize>) -> Option<&str> {
        i.map(|i| store.periods[i].id.as_str())
    }

    #[test]
    fn the_previous_report_is_the_years_last_before_and_last_year_the_same_day() {
        let store = Store::demo().unwrap();
        let at = |pid: &str| store.periods.iter().position(|p| p.id == pid).unwrap();
        let previous = |pid| id(&store, store.baseline(at(pid), Baseline::PreviousReport));
        let last_year = |pid| id(&store, store.baseline(at(pid), Baseline::LastYear));
        assert_eq!(previous("2025-10"), Some("2025-08"));
        assert_eq!(previous("2025-08"), Some("2025-04"));
        assert_eq!(previous("2025-04"), None, "not across the year");
        assert_eq!(previous("2024-08"), None);
        assert_eq!(last_year("2025-08"), Some("2024-08"));
        assert_eq!(
            last_year("2025-10"),
            None,
            "no ack oktober 2024 in the sample"
        );
    }
}
