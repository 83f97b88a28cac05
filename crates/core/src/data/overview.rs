//! Counts for the overview: goal lights and directive statuses of a period.

use super::{Period, Result, RowsExt, Store, asof, int, line};
use crate::domain::light::Judgement;
use crate::domain::status::DirectiveStatus;
use crate::domain::vocab::Achievement;
use std::collections::{BTreeMap, BTreeSet};

/// What a period's light counts count: its goals, or, where it assesses
/// none, its delmål.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Counted {
    #[default]
    Goals,
    Subgoals,
}

/// How many goals (or delmål) have each judgement, now and forecast, as of
/// a period ([`super::asof`]).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LightCounts {
    pub of: Counted,
    /// The periods whose reports the judgements come from.
    pub from: BTreeSet<String>,
    pub nulage: BTreeMap<Judgement, i64>,
    pub prognos: BTreeMap<Judgement, i64>,
}

/// How many directives have each status as of a period.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct StatusCounts {
    pub counts: BTreeMap<DirectiveStatus, i64>,
    /// The periods whose reports the statuses come from.
    pub from: BTreeSet<String>,
    /// Directives a report judges at risk (partly or not reached), by
    /// judgement: the reports' own words, never the cockpit's guess.
    pub at_risk: BTreeMap<Achievement, i64>,
}

impl Store {
    pub fn light_counts(&self, period: &Period) -> Result<LightCounts> {
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
                let key = if of == Counted::Goals {
                    "goal_id"
                } else {
                    "subgoal_id"
                };
                let latest = asof::latest_rows(table, &[key], &[column], ["?1", "?2", "?3"]);
                let sql = format!(
                    "SELECT {column}, period_id, count(*) FROM {latest} WHERE {column} IS NOT NULL \
                     GROUP BY 1, 2"
                );
                let mut stmt = self.conn().prepare(&sql)?;
                let rows = stmt.query_map(
                    rusqlite::params![period.id, asof::end(period), period.year],
                    |r| Ok((line(r, 0), line(r, 1), int(r, 2))),
                )?;
                for row in rows.limited() {
                    if let (Some(code), Some(from), Some(n)) = row?
                        && let Some(j) = Judgement::from_code(&code)
                    {
                        let count = into.entry(j).or_default();
                        *count = count.saturating_add(n);
                        counts.from.insert(from);
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
    /// [`Store::statuses_as_of`]), and the periods the statuses come from.
    pub fn status_counts(&self, period: &Period) -> Result<StatusCounts> {
        let mut counts = StatusCounts::default();
        for report in self.statuses_of_period(period)?.values() {
            if let Some(status) = report.status {
                *counts.counts.entry(status).or_default() += 1;
                counts.from.insert(report.period_id.clone());
            }
            if report.judged().at_risk() {
                *counts.at_risk.entry(report.judged()).or_default() += 1;
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
        let at = |id: &str| store.periods.iter().find(|p| p.id == id).unwrap().clone();
        let region = store.light_counts(&at("2024-08")).unwrap();
        assert_eq!(region.of, Counted::Goals);
        assert_eq!(region.prognos.values().sum::<i64>(), 10);
        let hsn = store.light_counts(&at("2025-08")).unwrap();
        assert_eq!(hsn.of, Counted::Subgoals);
        assert_eq!(hsn.prognos.values().sum::<i64>(), 14);
        assert_eq!(hsn.from, ["2025-08".to_string()].into());
        assert_eq!(
            store.light_counts(&at("2025-04")).unwrap(),
            LightCounts::default()
        );
        // October has no goal report: August's judgements stand, as August's.
        let october = store.light_counts(&at("2025-10")).unwrap();
        assert_eq!(october.prognos, hsn.prognos);
        assert_eq!(october.from, ["2025-08".to_string()].into());
    }

    #[test]
    fn directive_status_carries_forward_to_later_periods() {
        let store = Store::demo().unwrap();
        let august = store.status_counts(&store.periods[2]).unwrap();
        let october = store.status_counts(&store.periods[3]).unwrap();
        assert_eq!(
            august.counts, october.counts,
            "no statuses reported in October: August's stand"
        );
        assert_eq!(october.from, ["2025-08".to_string()].into(), "and say so");
        assert_eq!(
            october.counts.values().sum::<i64>(),
            14,
            "2025's directives only"
        );
    }

    #[test]
    fn directives_the_reports_judge_at_risk_are_counted() {
        let store = Store::demo().unwrap();
        let at = |id: &str| store.periods.iter().find(|p| p.id == id).unwrap().clone();
        let august = store.status_counts(&at("2025-08")).unwrap();
        assert_eq!(
            august.at_risk,
            [(Achievement::Partly, 1), (Achievement::NotMet, 2)].into(),
            "d2025-01 delvis; d2025-02 (213 mkr) and d2025-13 (1100 patienter) uppnås ej"
        );
        let october = store.status_counts(&at("2025-10")).unwrap();
        assert_eq!(october.at_risk, august.at_risk, "August's judgements stand");
        let region = store.status_counts(&at("2024-08")).unwrap();
        assert_eq!(region.at_risk, [(Achievement::NotMet, 1)].into(), "100 mkr");
        assert!(
            store
                .status_counts(&at("2025-04"))
                .unwrap()
                .at_risk
                .is_empty()
        );
    }
}
