//! Everything that changed between two reports, worst first: deviations
//! that moved notably, lights and statuses that moved, directives whose end
//! date passed, and notices that are new. The rules are in
//! [`crate::domain::change`]; this module reads both periods and lists.

use super::goals::{GoalTree, Indicator};
use super::{Notice, Period, Result, Store};
use crate::domain::change::{Shift, is_notable, judgement_shift, status_shift};
use crate::domain::light::Judgement;
use crate::domain::status::DirectiveStatus;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// One change between the comparison period and the period in view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A deviation to date that moved by at least 1 mkr and 5 %: a unit's
    /// total, or (with a cost type) one of the top unit's lines.
    Deviation {
        unit: String,
        cost_type: Option<String>,
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
    /// got better.
    fn rank(&self) -> (u8, i64) {
        match self {
            Change::Deviation { before, now, .. } => {
                let delta = now.saturating_sub(*before);
                (if delta < 0 { 0 } else { 5 }, delta)
            }
            Change::Light { shift, .. } => (shift_rank(*shift, 1), 0),
            Change::Status { shift, .. } => (shift_rank(*shift, 2), 0),
            Change::Overdue { .. } => (3, 0),
            Change::Notice(_) => (4, 0),
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
    /// What changed from `before` to `period`, worst first. `top` is the
    /// unit whose cost types are compared line by line (the overview's).
    pub fn changes(
        &self,
        period: &Period,
        before: &Period,
        top: Option<&str>,
    ) -> Result<Vec<Change>> {
        let mut changes = self.deviation_changes(period, before, top)?;
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
        // Stable: ties keep the order they were found in (the tree's).
        changes.sort_by_key(Change::rank);
        Ok(changes)
    }

    fn deviation_changes(
        &self,
        period: &Period,
        before: &Period,
        top: Option<&str>,
    ) -> Result<Vec<Change>> {
        let (now, was) = (self.totals(&period.id)?, self.totals(&before.id)?);
        let mut changes: Vec<Change> = self
            .org
            .iter()
            .filter_map(|u| {
                let now = now.get(&u.id)?.deviation?;
                let before = was.get(&u.id)?.deviation?;
                is_notable(before, now).then(|| Change::Deviation {
                    unit: u.id.clone(),
                    cost_type: None,
                    before,
                    now,
                })
            })
            .collect();
        if let Some(top) = top {
            let (now, was) = (
                self.by_cost_type(&period.id, top)?,
                self.by_cost_type(&before.id, top)?,
            );
            changes.extend(self.cost_types.iter().filter_map(|c| {
                let now = now.get(&c.id)?.deviation?;
                let before = was.get(&c.id)?.deviation?;
                is_notable(before, now).then(|| Change::Deviation {
                    unit: top.to_string(),
                    cost_type: Some(c.id.clone()),
                    before,
                    now,
                })
            }));
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
            let then = was.get(&d.id).and_then(|s| s.status);
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
            let done = matches!(
                now,
                Some(DirectiveStatus::Done | DirectiveStatus::DoneWithDeviation)
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

fn light_changes(now: &GoalTree, before: &GoalTree, changes: &mut Vec<Change>) {
    let was: HashMap<String, Option<Judgement>> = lights(before)
        .into_iter()
        .map(|(id, _, light)| (id, light))
        .collect();
    for (node, name, light) in lights(now) {
        let (Some(now), Some(Some(before))) = (light, was.get(&node)) else {
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

    #[test]
    fn october_against_august_lists_the_grown_deviations_worst_first() {
        let store = Store::demo().unwrap();
        let at = |id: &str| store.periods.iter().find(|p| p.id == id).unwrap().clone();
        let changes = store
            .changes(&at("2025-10"), &at("2025-08"), Some("hsn"))
            .unwrap();
        let deviation = |unit: &str, ct: Option<&str>| {
            changes.iter().find_map(|c| match c {
                Change::Deviation {
                    unit: u,
                    cost_type,
                    before,
                    now,
                } if u == unit && cost_type.as_deref() == ct => {
                    Some((*before / 1_000_000, *now / 1_000_000))
                }
                _ => None,
            })
        };
        assert_eq!(deviation("hsn.sjukhusvard", None), Some((-334, -430)));
        assert_eq!(deviation("hsn", Some("personal")), Some((-311, -380)));
        let first = changes.first().unwrap();
        assert!(
            matches!(first, Change::Deviation { now, before, .. } if now < before),
            "worst first: {first:?}"
        );
        // The statuses are August's in both: nothing moved there.
        assert!(!changes.iter().any(|c| matches!(c, Change::Status { .. })));
    }
}
