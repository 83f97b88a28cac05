//! A node of the goal tree (goal, delmål or indicator) and what the pane
//! asks of it, whatever its kind.

use crate::data::Provenance;
use crate::data::goals::{Assessment, Counts, Goal, GoalTree, Indicator, Subgoal};
use crate::domain::light::Judgement;
use std::collections::HashMap;

/// A node, borrowed from a period's [`GoalTree`].
#[derive(Clone, Copy)]
pub(super) enum Node<'a> {
    Goal(&'a Goal),
    Subgoal(&'a Subgoal),
    Indicator(&'a Indicator),
}

impl<'a> Node<'a> {
    /// The row id, also the detail key: stable across periods.
    pub fn id(self) -> String {
        match self {
            Node::Goal(g) => format!("goal:{}", g.id),
            Node::Subgoal(s) => format!("subgoal:{}", s.id),
            Node::Indicator(i) => format!("indicator:{}", i.id),
        }
    }

    /// The id of the same node last year, where the snapshot links it
    /// (goals keep their ids from year to year; delmål and indicators are
    /// linked by `previous_id`).
    pub fn previous_id(self) -> Option<String> {
        match self {
            Node::Indicator(i) => Some(format!("indicator:{}", i.previous_id.as_deref()?)),
            Node::Subgoal(s) => Some(format!("subgoal:{}", s.previous_id.as_deref()?)),
            Node::Goal(_) => None,
        }
    }

    /// Delmål before the goal's own indicators; a delmål's indicators.
    pub fn children(self) -> Vec<Node<'a>> {
        match self {
            Node::Goal(g) => g
                .subgoals
                .iter()
                .map(Node::Subgoal)
                .chain(g.indicators.iter().map(Node::Indicator))
                .collect(),
            Node::Subgoal(s) => s.indicators.iter().map(Node::Indicator).collect(),
            Node::Indicator(_) => Vec::new(),
        }
    }

    /// Whether the node has children in the period's tree, read or not
    /// (a part of the tree reads the indicators of the open nodes only).
    pub fn has_children(self) -> bool {
        match self {
            Node::Goal(g) => !g.subgoals.is_empty() || g.has_indicators,
            Node::Subgoal(s) => s.has_indicators,
            Node::Indicator(_) => false,
        }
    }

    /// Nuläge and prognos; an indicator has only its light, which counts as
    /// both (none where the rule cannot judge it).
    pub fn lights(self) -> (Option<Judgement>, Option<Judgement>) {
        match self {
            Node::Goal(g) => g.assessment.as_ref().map_or((None, None), |a| {
                (a.judgements.nulage, a.judgements.prognos)
            }),
            Node::Subgoal(s) => s
                .assessment
                .as_ref()
                .map_or((None, None), |a| (a.nulage, a.prognos)),
            Node::Indicator(i) => {
                let light = i.light().light;
                (light, light)
            }
        }
    }

    /// Red or yellow, now or forecast: what `n` stops at.
    pub fn exception(self) -> bool {
        let (nulage, prognos) = self.lights();
        [nulage, prognos]
            .into_iter()
            .flatten()
            .any(Judgement::is_exception)
    }

    /// Whether this node's light now or forecast is `wanted`, or anything
    /// under it matches.
    pub fn matches(self, wanted: Judgement) -> bool {
        let (nulage, prognos) = self.lights();
        nulage == Some(wanted)
            || prognos == Some(wanted)
            || self.children().into_iter().any(|c| c.matches(wanted))
    }

    /// The period whose report the node's judgement or value comes from.
    pub fn period_id(self) -> Option<&'a str> {
        match self {
            Node::Goal(g) => g.assessment.as_ref().map(|a| &a.judgements.period_id),
            Node::Subgoal(s) => s.assessment.as_ref().map(|a| &a.period_id),
            Node::Indicator(i) => i.value.as_ref().map(|v| &v.period_id),
        }
        .map(String::as_str)
    }

    pub fn illustrative(self) -> bool {
        self.provenance().is_some_and(|p| p.illustrative)
    }

    pub fn provenance(self) -> Option<&'a Provenance> {
        match self {
            Node::Goal(g) => g.assessment.as_ref().map(|a| &a.judgements.provenance),
            Node::Subgoal(s) => s.assessment.as_ref().map(|a| &a.provenance),
            Node::Indicator(i) => i.value.as_ref().map(|v| &v.provenance),
        }
    }

    pub fn analysis(self) -> Option<&'a str> {
        match self {
            Node::Goal(g) => g.assessment.as_ref()?.judgements.analysis.as_deref(),
            Node::Subgoal(s) => s.assessment.as_ref()?.analysis.as_deref(),
            Node::Indicator(i) => i.value.as_ref()?.analysis.as_deref(),
        }
    }
}

/// A goal's delmål counts: the report's, else rolled up from the delmål's
/// forecasts (adopted, assessed, and how many of those are fully, partly or
/// not met), so the lights show without opening the goal.
pub(super) fn subgoal_counts(goal: &Goal) -> (Counts, bool) {
    if let Some(stated) = goal.assessment.as_ref().map(|a| a.subgoals)
        && !stated.is_empty()
    {
        return (stated, false);
    }
    (rolled_up(goal, |a| a.prognos), true)
}

/// The delmål's judgements of the state now (nuläge), counted from the
/// delmål listed: reports state counts by prognosis only.
pub(super) fn subgoal_counts_now(goal: &Goal) -> Counts {
    rolled_up(goal, |a| a.nulage)
}

fn rolled_up(goal: &Goal, which: fn(&Assessment) -> Option<Judgement>) -> Counts {
    if goal.subgoals.is_empty() {
        return Counts::default();
    }
    let judged: Vec<Judgement> = goal
        .subgoals
        .iter()
        .filter_map(|s| which(s.assessment.as_ref()?))
        .filter(|j| *j != Judgement::NoData)
        .collect();
    let count = |j: Judgement| Some(judged.iter().filter(|f| **f == j).count() as i64);
    Counts {
        total: Some(goal.subgoals.len() as i64),
        assessed: Some(judged.len() as i64),
        full: count(Judgement::Full),
        partial: count(Judgement::Partial),
        not: count(Judgement::Not),
    }
}

/// Every node of a tree, depth first in display order, with its ancestors'
/// ids (nearest last): what `n` walks, open or not.
pub(super) fn every_node(tree: &GoalTree) -> Vec<(Node<'_>, Vec<String>)> {
    fn walk<'a>(node: Node<'a>, above: &mut Vec<String>, out: &mut Vec<(Node<'a>, Vec<String>)>) {
        out.push((node, above.clone()));
        above.push(node.id());
        for child in node.children() {
            walk(child, above, out);
        }
        above.pop();
    }
    let mut out = Vec::new();
    for goal in &tree.goals {
        walk(Node::Goal(goal), &mut Vec::new(), &mut out);
    }
    out
}

/// A node's state now and forecast.
pub(super) type Lights = (Option<Judgement>, Option<Judgement>);

/// Each node's lights in another period's tree, by row id: what a change
/// mark compares with.
pub(super) fn lights_by_id(tree: &GoalTree) -> HashMap<String, Lights> {
    every_node(tree)
        .into_iter()
        .map(|(node, _)| (node.id(), node.lights()))
        .collect()
}
