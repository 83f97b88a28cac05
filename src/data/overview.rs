//! Counts for the overview: goal lights and directive statuses of a period.

use super::{Result, RowsExt, Store, int, line};
use crate::domain::light::Judgement;
use crate::domain::status::DirectiveStatus;
use std::collections::BTreeMap;

/// What a period's light counts count: its goals, or, where it assesses
/// none, its delmål.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Counted {
    #[default]
    Goals,
    Subgoals,
}

/// How many goals (or delmål) have each judgement, now and forecast.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LightCounts {
    pub of: Counted,
    pub nulage: BTreeMap<Judgement, i64>,
    pub prognos: BTreeMap<Judgement, i64>,
}

impl Store {
    pub fn light_counts(&self, period_id: &str) -> Result<LightCounts> {
        for (table, of) in [
            ("goal_assessment", Counted::Goals),
            ("subgoal_assessment", Counted::Subgoals),
        ] {
            let mut counts = LightCounts {
                of,
                ..LightCounts::default()
            };
            for (column, into) in [
                ("nulage", &mut counts.nulage),
                ("prognos", &mut counts.prognos),
            ] {
                let sql = format!(
                    "SELECT {column}, count(*) FROM {table} WHERE period_id = ?1 AND {column} IS NOT NULL GROUP BY 1"
                );
                let mut stmt = self.conn().prepare(&sql)?;
                let rows = stmt.query_map([period_id], |r| Ok((line(r, 0), int(r, 1))))?;
                for row in rows.limited() {
                    if let (Some(code), Some(n)) = row? {
                        if let Some(j) = Judgement::from_code(&code) {
                            *into.entry(j).or_default() += n;
                        }
                    }
                }
            }
            if !counts.nulage.is_empty() || !counts.prognos.is_empty() {
                return Ok(counts);
            }
        }
        Ok(LightCounts::default())
    }

    /// Directives by their status as of a period (the rule of
    /// [`Store::statuses_as_of`]).
    pub fn status_counts(&self, period: &super::Period) -> Result<BTreeMap<DirectiveStatus, i64>> {
        let mut counts = BTreeMap::new();
        for report in self.statuses_of_period(period)?.values() {
            if let Some(status) = report.status {
                *counts.entry(status).or_default() += 1;
            }
        }
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_goals_where_assessed_and_delmal_otherwise() {
        let store = Store::demo().unwrap();
        let region = store.light_counts("2024-08").unwrap();
        assert_eq!(region.of, Counted::Goals);
        assert_eq!(region.prognos.values().sum::<i64>(), 10);
        let hsn = store.light_counts("2025-08").unwrap();
        assert_eq!(hsn.of, Counted::Subgoals);
        assert_eq!(hsn.prognos.values().sum::<i64>(), 14);
        assert_eq!(
            store.light_counts("2025-04").unwrap(),
            LightCounts::default()
        );
    }

    #[test]
    fn directive_status_carries_forward_to_later_periods() {
        let store = Store::demo().unwrap();
        let august = store.status_counts(&store.periods[2]).unwrap();
        let october = store.status_counts(&store.periods[3]).unwrap();
        assert_eq!(
            august, october,
            "no statuses reported in October: August's stand"
        );
        assert_eq!(october.values().sum::<i64>(), 14, "2025's directives only");
    }
}
