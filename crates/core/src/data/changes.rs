//! Everything that changed between two reports, worst first: deviations
//! that moved notably, lights and statuses that moved, directives whose end
//! date passed, and notices that are new. The rules are in
//! [`crate::domain::change`]; this module reads both periods and lists.

use super::economy::{Fact, Pair};
use super::goals::{GoalTree, Indicator};
use super::{Notice, Period, Result, Store};
use crate::domain::change::{Shift, is_notable, judgement_shift, status_shift};
use crate::domain::light::Judgement;
use crate::domain::status::DirectiveStatus;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// Which of a line's figures moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// The deviation to date.
    Deviation,
    /// The full-year forecast of the deviation, where both reports state
    /// one of their own (a forecast carried by the as-of rule is not).
    Forecast,
}

/// One change between the comparison period and the period in view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A deviation (to date or forecast) that moved by at least 1 mkr and
    /// 5 %: any unit's total (`cost_type` none) or any of its cost-type
    /// lines, wherever both periods state the figure.
    Deviation {
        unit: String,
        cost_type: Option<String>,
        figure: Figure,
        before: i64,
        now: i64,
    },
    /// A goal's, delmål's or indicator's light (the forecast where there is
    /// one). `node` is the Mål pane's row id (`goal:g4`).
    Light {
        node: String,
        name: String,
        before: Judgement,
        now: Judgement,
        shift: Shift,
    },
    Status {
        directive: String,
        title: String,
        before: DirectiveStatus,
        now: DirectiveStatus,
        shift: Shift,
    },
    /// Not done, and its end date passed after the comparison period ended
    /// and on or before the period's end.
    Overdue {
        directive: String,
        title: String,
        end: NaiveDate,
    },
    /// A data-quality notice the comparison period did not have.
    Notice(Notice),
}

impl Change {
    /// Whether things got worse: a deviation that grew, a light or status
    /// that fell, an end date passed.
    pub fn is_worse(&self) -> bool {
        match self {
            Change::Deviation { before, now, .. } => now < before,
            Change::Light { shift, .. } | Change::Status { shift, .. } => *shift == Shift::Worse,
            Change::Overdue { .. } => true,
            Change::Notice(_) => false,
        }
    }

    /// Worse first (a larger worsening first), then what is new, then what
    /// got better. A deviation's rank is its unit's: see [`Store::changes`].
    fn rank(&self) -> u8 {
        match self {
            Change::Deviation { before, now, .. } => {
                if now < before {
                    0
                } else {
                    5
                }
            }
            Change::Light { shift, .. } => shift_rank(*shift, 1),
            Change::Status { shift, .. } => shift_rank(*shift, 2),
            Change::Overdue { .. } => 3,
            Change::Notice(_) => 4,
        }
    }

    fn delta(&self) -> i64 {
        match self {
            Change::Deviation { before, now, .. } => now.saturating_sub(*before),
            _ => 0,
        }
    }
}

fn shift_rank(shift: Shift, worse: u8) -> u8 {
    match shift {
        Shift::Worse => worse,
        Shift::Better => 6,
        Shift::Other => 7,
    }
}

impl Store {
    /// What changed from `before` to `period`, worst first. Deviations are
    /// grouped by unit (its total and every cost-type line of it, at every
    /// level of the organisation): the unit whose worst line fell most
    /// comes first, and within a unit the worst line first.
    pub fn changes(&self, period: &Period, before: &Period) -> Result<Vec<Change>> {
        let mut changes = self.deviation_changes(period, before)?;
        light_changes(
            &*self.goal_tree_kept(period)?,
            &*self.goal_tree_kept(before)?,
            &mut changes,
        );
        self.directive_changes(period, before, &mut changes)?;
        let known: HashSet<String> = self
            .notices(&before.id)?
            .into_iter()
            .map(|n| n.text)
            .collect();
        changes.extend(
            self.notices(&period.id)?
                .into_iter()
                .filter(|n| !known.contains(&n.text))
                .map(Change::Notice),
        );
        // A unit's group: (its first place in the tree, its worst move).
        let mut groups: HashMap<String, (usize, i64)> = HashMap::new();
        for (i, c) in changes.iter().enumerate() {
            if let Change::Deviation { unit, .. } = c {
                let group = groups.entry(unit.clone()).or_insert((i, i64::MAX));
                group.1 = group.1.min(c.delta());
            }
        }
        let key = |c: &Change| match c {
            Change::Deviation { unit, .. } => {
                let (first, worst) = groups.get(unit).copied().unwrap_or((0, 0));
                let rank = if worst < 0 { 0 } else { 5 };
                (rank, worst, first, c.delta())
            }
            other => (other.rank(), 0, 0, 0),
        };
        // Stable: ties keep the order they were found in (the tree's).
        changes.sort_by_key(key);
        Ok(changes)
    }

    /// Every line, in the organisation's and the cost types' order, whose
    /// deviation to date or own forecast moved notably.
    fn deviation_changes(&self, period: &Period, before: &Period) -> Result<Vec<Change>> {
        let (now, was) = (self.totals(&period.id)?, self.totals(&before.id)?);
        let notable = |now: Option<i64>, before: Option<i64>| matches!((now, before), (Some(now), Some(before)) if is_notable(before, now));
        // Only the lines that moved are kept, not both periods' every line.
        let lines = self.paired_cost_lines(&period.id, &before.id, |p| {
            notable(p.now.0, p.was.0) || notable(p.now.1, p.was.1)
        })?;
        let pair = |f: &Fact| (f.deviation, f.forecast_deviation);
        let mut changes = Vec::new();
        for u in &self.org {
            let mut push = |cost_type: Option<&str>, pair: Option<Pair>| {
                let Some(Pair { now, was }) = pair else {
                    return;
                };
                for (figure, now, before) in [
                    (Figure::Deviation, now.0, was.0),
                    (Figure::Forecast, now.1, was.1),
                ] {
                    if let (Some(now), Some(before)) = (now, before)
                        && is_notable(before, now)
                    {
                        changes.push(Change::Deviation {
                            unit: u.id.clone(),
                            cost_type: cost_type.map(str::to_string),
                            figure,
                            before,
                            now,
                        });
                    }
                }
            };
            let total = now.get(&u.id).zip(was.get(&u.id));
            push(
                None,
                total.map(|(n, w)| Pair {
                    now: pair(n),
                    was: pair(w),
                }),
            );
            if lines.is_empty() {
                continue;
            }
            for c in &self.cost_types {
                let key = (u.id.clone(), c.id.clone());
                push(Some(&c.id), lines.get(&key).copied());
            }
        }
        Ok(changes)
    }

    fn directive_changes(
        &self,
        period: &Period,
        before: &Period,
        changes: &mut Vec<Change>,
    ) -> Result<()> {
        let was = self.statuses_of_period(before)?;
        for listed in self.directives_for_period(period)? {
            let d = &listed.directive;
            let now = listed.status.as_ref().and_then(|s| s.status);
            // Last year's, where the directive links to it.
            let then = d.in_comparison(&was).and_then(|s| s.status);
            if let (Some(then), Some(now)) = (then, now)
                && let Some(shift) = status_shift(then, now)
            {
                changes.push(Change::Status {
                    directive: d.id.clone(),
                    title: d.title.clone(),
                    before: then,
                    now,
                    shift,
                });
            }
            // Ej angiven: not known to be undone, so never called overdue.
            let done = matches!(
                now,
                Some(
                    DirectiveStatus::Done
                        | DirectiveStatus::DoneWithDeviation
                        | DirectiveStatus::NotStated
                )
            );
            if let (Some(end), Some(from), Some(to)) =
                (d.end_date, before.end_date, period.end_date)
                && !done
                && from < end
                && end <= to
            {
                changes.push(Change::Overdue {
                    directive: d.id.clone(),
                    title: d.title.clone(),
                    end,
                });
            }
        }
        Ok(())
    }
}

/// Each node's light to compare: a goal's or delmål's forecast, else its
/// state now; an indicator's light.
fn lights(tree: &GoalTree) -> Vec<(String, String, Option<Judgement>)> {
    let indicator = |i: &Indicator| {
        (
            format!("indicator:{}", i.id),
            i.name.clone(),
            i.light().light,
        )
    };
    let mut out = Vec::new();
    for g in &tree.goals {
        let a = g.assessment.as_ref().map(|a| &a.judgements);
        let light = a.and_then(|a| a.prognos.or(a.nulage));
        out.push((
            format!("goal:{}", g.id),
            format!("{} {}", g.number, g.title),
            light,
        ));
        for s in &g.subgoals {
            let light = s.assessment.as_ref().and_then(|a| a.prognos.or(a.nulage));
            out.push((
                format!("subgoal:{}", s.id),
                format!("{}: {}", s.owner, s.text),
                light,
            ));
            out.extend(s.indicators.iter().map(indicator));
        }
        out.extend(g.indicators.iter().map(indicator));
    }
    out
}

/// The ids each delmål (format 4) and indicator (format 3) node links to
/// last year; goals keep their ids.
fn previous_ids(tree: &GoalTree) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for g in &tree.goals {
        for s in &g.subgoals {
            if let Some(previous) = &s.previous_id {
                out.insert(format!("subgoal:{}", s.id), format!("subgoal:{previous}"));
            }
        }
        let indicators = g
            .indicators
            .iter()
            .chain(g.subgoals.iter().flat_map(|s| &s.indicators));
        for i in indicators {
            if let Some(previous) = &i.previous_id {
                out.insert(
                    format!("indicator:{}", i.id),
                    format!("indicator:{previous}"),
                );
            }
        }
    }
    out
}

fn light_changes(now: &GoalTree, before: &GoalTree, changes: &mut Vec<Change>) {
    let was: HashMap<String, Option<Judgement>> = lights(before)
        .into_iter()
        .map(|(id, _, light)| (id, light))
        .collect();
    let previous = previous_ids(now);
    for (node, name, light) in lights(now) {
        // Last year's node where this one links to it.
        let before = was.get(&node).or_else(|| was.get(previous.get(&node)?));
        let (Some(now), Some(Some(before))) = (light, before) else {
            continue;
        };
        if let Some(shift) = judgement_shift(*before, now) {
            changes.push(Change::Light {
                node,
                name,
                before: *before,
                now,
                shift,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(store: &Store, id: &str) -> Period {
        store.periods.iter().find(|p| p.id == id).unwrap().clone()
    }

    /// The deviations that moved, as (unit, cost type, figure, before,
    /// now) in mkr, in the order listed.
    fn moved(changes: &[Change]) -> Vec<(String, Option<String>, Figure, i64, i64)> {
        changes
            .iter()
            .filter_map(|c| match c {
                Change::Deviation {
                    unit,
                    cost_type,
                    figure,
                    before,
                    now,
                } => Some((
                    unit.clone(),
                    cost_type.clone(),
                    *figure,
                    *before / 1_000_000,
                    *now / 1_000_000,
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn october_against_august_lists_every_moved_line_grouped_by_unit_worst_first() {
        let store = Store::demo().unwrap();
        let changes = store
            .changes(&at(&store, "2025-10"), &at(&store, "2025-08"))
            .unwrap();
        let moved = moved(&changes);
        let of = |unit: &str| -> Vec<(Option<&str>, i64, i64)> {
            moved
                .iter()
                .filter(|m| m.0 == unit)
                .map(|m| (m.1.as_deref(), m.3, m.4))
                .collect()
        };
        // Every line of the two frames that both reports state and that
        // moved, worst first within the frame.
        assert_eq!(
            of("hsn.sjukhusvard"),
            [
                (None, -334, -430),
                (Some("personal"), -270, -336),
                (Some("material"), -57, -102),
            ]
        );
        assert_eq!(
            of("hsn.primarvard"),
            [
                (None, -112, -136),
                (Some("personal"), -79, -98),
                (Some("lakemedel"), -29, -36),
            ]
        );
        // Grouped: a unit's lines stand together, the unit with the worst
        // line first (HSN's costs −160), each group worst first.
        let units: Vec<&str> = moved.iter().map(|m| m.0.as_str()).collect();
        let mut seen: Vec<&str> = Vec::new();
        for u in &units {
            if seen.last() != Some(u) {
                assert!(!seen.contains(u), "{u} split: {units:?}");
                seen.push(u);
            }
        }
        assert_eq!(seen[..3], ["hsn", "hsn.sjukhusvard", "hsn.primarvard"]);
        assert_eq!(moved[0].1.as_deref(), Some("kostnader"), "−391 → −551");
        // October states no forecast: none is compared with August's.
        assert!(moved.iter().all(|m| m.2 == Figure::Deviation));
        // The statuses are August's in both: nothing moved there.
        assert!(!changes.iter().any(|c| matches!(c, Change::Status { .. })));
    }

    #[test]
    fn a_year_apart_a_directive_linked_to_last_years_is_compared_with_it() {
        let store = Store::demo().unwrap();
        let now = at(&store, "2025-08");
        let listed = store.directives_for_period(&now).unwrap();
        let focus = listed
            .iter()
            .find(|l| l.directive.id == "d2025-01")
            .unwrap();
        assert_eq!(focus.directive.previous_id.as_deref(), Some("d2024-03"));
        let last_year = store.statuses_of_period(&at(&store, "2024-08")).unwrap();
        let was = focus.directive.in_comparison(&last_year).unwrap();
        assert_eq!(was.period_id, "2024-08", "last year's report on it");
        assert_eq!(was.status, Some(DirectiveStatus::Ongoing));
        // Unlinked, this year's own directive has no row last year.
        let new = listed
            .iter()
            .find(|l| l.directive.id == "d2025-08")
            .unwrap();
        assert!(new.directive.in_comparison(&last_year).is_none());
    }

    #[test]
    fn a_year_apart_the_forecast_that_both_reports_state_is_compared() {
        let store = Store::demo().unwrap();
        let changes = store
            .changes(&at(&store, "2025-08"), &at(&store, "2024-08"))
            .unwrap();
        assert!(
            moved(&changes).contains(&("hsn".into(), None, Figure::Forecast, -650, -550)),
            "{changes:?}"
        );
    }
}
