//! Goals (måluppfyllelse): regional goals, each board's delmål and the
//! indicators under them, with what one period's report says about each.
//!
//! A period's whole tree is three queries (goals, delmål, indicators), each
//! joined to that period's assessments, and nested here: at region scale
//! (hundreds of indicators) a query per row would be felt on every period
//! switch.

use super::{
    PROVENANCE_COLUMNS, Period, Provenance, Result, RowsExt, SOURCE_JOIN, Store, asof, column,
    decimal, int, line, prose, provenance, provenance_at,
};
use crate::domain::light::{Direction, IndicatorLight, Judgement, Reading, indicator_light};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::rc::Rc;

/// A goal's or delmål's two judgements as of a period, as the report gives
/// them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assessment {
    /// The period whose report made it: the period viewed, or an earlier
    /// one of its year (the as-of rule, [`super::asof`]).
    pub period_id: String,
    /// The state now; `None` when the report says nothing (or the code is
    /// outside the vocabulary).
    pub nulage: Option<Judgement>,
    /// The forecast for year end.
    pub prognos: Option<Judgement>,
    pub analysis: Option<String>,
    pub provenance: Provenance,
}

/// The counts a report gives instead of listing delmål or indicators:
/// adopted, assessed, and of those how many are forecast fully, partly or
/// not met. Unknown is `None`, never 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub total: Option<i64>,
    pub assessed: Option<i64>,
    pub full: Option<i64>,
    pub partial: Option<i64>,
    pub not: Option<i64>,
}

impl Counts {
    pub fn is_empty(&self) -> bool {
        *self == Counts::default()
    }

    /// Full, partial and not, with a missing one filled in where the format's
    /// rule (full + partial + not = assessed) fixes it: reports leave out
    /// "0 delmål uppfylls inte" as often as they state it. If the known parts
    /// already make up the assessed number, the missing ones are 0; if one
    /// part alone is missing, it is the rest. Otherwise they stay unknown.
    pub fn parts(&self) -> [Option<i64>; 3] {
        let parts = [self.full, self.partial, self.not];
        let Some(assessed) = self.assessed else {
            return parts;
        };
        // Counts come from the file: absurd ones must not overflow.
        let Some(known) = parts
            .iter()
            .flatten()
            .try_fold(0i64, |sum, n| sum.checked_add(*n))
        else {
            return parts;
        };
        let missing = parts.iter().filter(|p| p.is_none()).count();
        let Some(rest) = assessed.checked_sub(known) else {
            return parts;
        };
        match (missing, rest) {
            (0, _) => parts,
            (_, 0) => parts.map(|p| Some(p.unwrap_or(0))),
            (1, r) if r > 0 => parts.map(|p| Some(p.unwrap_or(r))),
            _ => parts,
        }
    }
}

/// What a report says about a regional goal for a period.
#[derive(Debug, Clone, Default)]
pub struct GoalAssessment {
    pub judgements: Assessment,
    pub subgoals: Counts,
    pub indicators: Counts,
}

#[derive(Debug, Clone)]
pub struct Goal {
    pub id: String,
    /// As the plan numbers it: `4`, `F1`.
    pub number: String,
    pub title: String,
    pub financial: bool,
    pub description: Option<String>,
    /// `None` when no report of the period's year up to it assesses the goal.
    pub assessment: Option<GoalAssessment>,
    pub subgoals: Vec<Subgoal>,
    /// Indicators set directly on the goal (the financial goals' and some
    /// regional indicators).
    pub indicators: Vec<Indicator>,
    /// Whether the goal has indicators of its own in the period's tree,
    /// read or not (a [`Part`] reads only some).
    pub has_indicators: bool,
}

/// A board's delmål under a goal.
#[derive(Debug, Clone)]
pub struct Subgoal {
    pub id: String,
    pub goal_id: String,
    pub owner_id: String,
    /// The board's short name (`HSN`), else its name.
    pub owner: String,
    pub owner_name: String,
    pub year: Option<i64>,
    pub code: Option<String>,
    pub text: String,
    pub assessment: Option<Assessment>,
    pub indicators: Vec<Indicator>,
    /// The same delmål's id in the previous plan year (format 4).
    pub previous_id: Option<String>,
    /// Whether the delmål has indicators, read or not (see
    /// [`Goal::has_indicators`]).
    pub has_indicators: bool,
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    pub unit: Option<String>,
    /// `None` when the stored code is outside the vocabulary.
    pub direction: Option<Direction>,
    /// The indicator's own target; a period's value may override it.
    pub target: Option<Decimal>,
    /// The target as the report words it.
    pub target_text: Option<String>,
    /// `None` when no report of the period's year up to it has a row for
    /// this indicator.
    pub value: Option<IndicatorValue>,
    /// The same indicator's id in the previous plan year (format 3).
    pub previous_id: Option<String>,
}

/// An indicator's row as of a period.
#[derive(Debug, Clone, Default)]
pub struct IndicatorValue {
    /// The period it was reported for (see [`Assessment::period_id`]).
    pub period_id: String,
    /// That period is a year-end report: a value for the whole year.
    pub year_end: bool,
    /// `None`: no value this period.
    pub value: Option<Decimal>,
    /// Overrides the indicator's target for this period.
    pub target: Option<Decimal>,
    /// The report's own judgement, if it states one.
    pub judgement: Option<Judgement>,
    /// The full-year forecast the report gives (format 3), never a value
    /// to date: "Prognosen för 2024 är ett utfall på −4,5 procent".
    pub forecast: Option<Decimal>,
    pub analysis: Option<String>,
    pub provenance: Provenance,
}

impl Indicator {
    /// The target that applies this period: the value's own, else the
    /// indicator's.
    pub fn target(&self) -> Option<Decimal> {
        self.value.as_ref().and_then(|v| v.target).or(self.target)
    }

    pub fn measured(&self) -> Option<Decimal> {
        self.value.as_ref().and_then(|v| v.value)
    }

    pub fn stored(&self) -> Option<Judgement> {
        self.value.as_ref().and_then(|v| v.judgement)
    }

    /// The traffic light by the reports' rules ([`indicator_light`]): the
    /// report's judgement, else the rule's where it can judge. The
    /// indicator's own target is the year's; it is compared with a value
    /// only at year end, unless the value's period states its own target.
    pub fn light(&self) -> IndicatorLight {
        let same_span = self
            .value
            .as_ref()
            .is_some_and(|v| v.target.is_some() || v.year_end);
        indicator_light(Reading {
            value: self.measured(),
            target: self.target(),
            direction: self.direction,
            stored: self.stored(),
            same_span,
        })
    }
}

/// A period's goals in display order: operational before financial, then
/// by sort order.
#[derive(Debug, Clone, Default)]
pub struct GoalTree {
    pub goals: Vec<Goal>,
    /// Whether the period has any assessment at all: goal, delmål or
    /// indicator value, read here or not.
    assessed: bool,
}

impl GoalTree {
    /// Whether the period has any assessment at all: goal, delmål or
    /// indicator value.
    pub fn has_assessments(&self) -> bool {
        self.assessed
    }

    /// Whether a goal or delmål of the tree is assessed (its indicators
    /// aside).
    fn judged(&self) -> bool {
        self.goals
            .iter()
            .any(|g| g.assessment.is_some() || g.subgoals.iter().any(|s| s.assessment.is_some()))
    }

    /// Whether an indicator read into the tree has a value.
    fn valued(&self) -> bool {
        self.goals.iter().any(|g| {
            g.indicators.iter().any(|i| i.value.is_some())
                || g.subgoals
                    .iter()
                    .any(|s| s.indicators.iter().any(|i| i.value.is_some()))
        })
    }

    /// Each indicator under its delmål or goal, in the order given; one
    /// whose parent is not in the tree is left out.
    fn attach(&mut self, indicators: Vec<(Parent, Indicator)>) {
        // Positions by id, so nesting stays linear at region scale.
        let goal_at: HashMap<String, usize> = self
            .goals
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id.clone(), i))
            .collect();
        let subgoal_at: HashMap<String, (usize, usize)> = self
            .goals
            .iter()
            .enumerate()
            .flat_map(|(i, g)| {
                g.subgoals
                    .iter()
                    .enumerate()
                    .map(move |(j, s)| (s.id.clone(), (i, j)))
            })
            .collect();
        for (parent, indicator) in indicators {
            let list = match parent {
                Parent::Subgoal(id) => subgoal_at
                    .get(&id)
                    .and_then(|&(i, j)| self.goals.get_mut(i)?.subgoals.get_mut(j))
                    .map(|s| &mut s.indicators),
                Parent::Goal(id) => goal_at
                    .get(&id)
                    .and_then(|&i| self.goals.get_mut(i))
                    .map(|g| &mut g.indicators),
            };
            if let Some(list) = list {
                list.push(indicator);
            }
        }
    }

    pub fn goal(&self, id: &str) -> Option<&Goal> {
        self.goals.iter().find(|g| g.id == id)
    }

    /// A delmål and the goal it belongs to.
    pub fn subgoal(&self, id: &str) -> Option<(&Goal, &Subgoal)> {
        self.goals
            .iter()
            .find_map(|g| g.subgoals.iter().find(|s| s.id == id).map(|s| (g, s)))
    }

    /// An indicator, its goal and its delmål (`None` when set on the goal).
    pub fn indicator(&self, id: &str) -> Option<(&Goal, Option<&Subgoal>, &Indicator)> {
        self.goals.iter().find_map(|g| {
            let direct = g.indicators.iter().find(|i| i.id == id);
            direct.map(|i| (g, None, i)).or_else(|| {
                g.subgoals.iter().find_map(|s| {
                    s.indicators
                        .iter()
                        .find(|i| i.id == id)
                        .map(|i| (g, Some(s), i))
                })
            })
        })
    }
}

fn judgement(r: &rusqlite::Row<'_>, i: usize) -> Option<Judgement> {
    line(r, i).and_then(|code| Judgement::from_code(&code))
}

fn counts(r: &rusqlite::Row<'_>, i: usize) -> Counts {
    Counts {
        total: int(r, i),
        assessed: int(r, i + 1),
        full: int(r, i + 2),
        partial: int(r, i + 3),
        not: int(r, i + 4),
    }
}

impl Store {
    /// The goal tree for a period. Delmål are those of the period's year (or
    /// of no stated year); indicators set on a goal are those with a value
    /// in some period of that year, since they carry no year of their own
    /// and a plan's indicators change between years.
    ///
    /// Assessments and values are as of the period ([`super::asof`]): each
    /// node's latest within the period's year, with the period it comes from.
    pub fn goal_tree(&self, period: &Period) -> Result<GoalTree> {
        self.read_goal_tree(period)
    }

    /// [`Store::goal_tree`], kept while the period is ([`super::memo`]), for
    /// everything that only reads it: Mål's tree, details and exceptions
    /// (each built from the period's tree and the comparison period's, on
    /// every node opened or closed), Uppdrag's measures on every build,
    /// Förändringar's lights of two periods.
    pub fn goal_tree_kept(&self, period: &Period) -> Result<Rc<GoalTree>> {
        self.memoised(
            &period.id,
            |m| &mut m.goal_tree,
            || self.read_goal_tree(period),
        )
    }

    fn read_goal_tree(&self, period: &Period) -> Result<GoalTree> {
        let mut tree = self.read_outline(period)?;
        tree.attach(self.indicators(period, &Scope::All)?);
        tree.assessed = tree.judged() || tree.valued();
        Ok(tree)
    }

    /// The part of the period's tree a screen shows: every goal and delmål
    /// with its judgements, and of the indicators only those `part` names,
    /// each where the whole tree has it. The whole tree if it is kept
    /// ([`Store::goal_tree_kept`]): what it holds of the part is the same.
    ///
    /// At national scale the whole tree is 6 000 indicators, each with its
    /// latest value of the year (60 000 rows grouped at a year's end); a
    /// screen shows the goals, a few open delmål and their indicators.
    pub fn goal_tree_part(&self, period: &Period, part: Part<'_>) -> Result<Rc<GoalTree>> {
        if let Some(whole) = self.kept(&period.id, |m| &m.goal_tree) {
            return Ok(whole);
        }
        let outline = self.goal_outline(period)?;
        let mut tree = GoalTree::clone(&outline);
        let scope = match part {
            Part::Under { goals, subgoals } => {
                if goals.is_empty() && subgoals.is_empty() {
                    return Ok(outline);
                }
                Scope::Under {
                    goals: json_list(goals),
                    subgoals: json_list(subgoals),
                }
            }
            Part::Indicators(ids) => {
                if ids.is_empty() {
                    return Ok(outline);
                }
                Scope::Ids(json_list(ids))
            }
        };
        tree.attach(self.indicators(period, &scope)?);
        Ok(Rc::new(tree))
    }

    /// The period's goals and delmål with their judgements and whether
    /// each has indicators, without the indicators; kept while the period
    /// is ([`super::memo`]).
    fn goal_outline(&self, period: &Period) -> Result<Rc<GoalTree>> {
        self.memoised(
            &period.id,
            |m| &mut m.goal_outline,
            || {
                let mut tree = self.read_outline(period)?;
                tree.assessed = tree.judged() || self.any_indicator_value(period)?;
                Ok(tree)
            },
        )
    }

    /// Goals with their delmål nested, indicators not read; a delmål whose
    /// goal is not in the snapshot is left out.
    fn read_outline(&self, period: &Period) -> Result<GoalTree> {
        let mut goals = self.goals(period)?;
        let goal_at: HashMap<String, usize> = goals
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id.clone(), i))
            .collect();
        for subgoal in self.subgoals(period)? {
            if let Some(goal) = goal_at
                .get(&subgoal.goal_id)
                .and_then(|&i| goals.get_mut(i))
            {
                goal.subgoals.push(subgoal);
            }
        }
        Ok(GoalTree {
            goals,
            assessed: false,
        })
    }

    /// Whether an indicator of the period's tree has a value as of the
    /// period: the first such row ends the read.
    fn any_indicator_value(&self, period: &Period) -> Result<bool> {
        let sql = "SELECT EXISTS (SELECT 1 FROM period ap \
             CROSS JOIN indicator_value v ON v.period_id = ap.id \
             JOIN indicator i ON i.id = v.indicator_id \
             LEFT JOIN subgoal sg ON sg.id = i.subgoal_id \
             WHERE ((ap.end_date <= ?2 AND ap.year = ?3) OR ap.id = ?1) \
             AND CASE WHEN i.subgoal_id IS NOT NULL \
                 THEN (sg.year IS NULL OR sg.year = ?3) \
                      AND EXISTS (SELECT 1 FROM goal g WHERE g.id = sg.goal_id) \
                 ELSE EXISTS (SELECT 1 FROM goal g WHERE g.id = i.goal_id) END)";
        let found: Option<i64> = self
            .conn()
            .query_row(sql, as_of_params(period), |r| r.get(0))?;
        Ok(found == Some(1))
    }

    fn goals(&self, period: &Period) -> Result<Vec<Goal>> {
        let latest = asof::latest_rows(
            "goal_assessment",
            &["goal_id"],
            &[
                "nulage",
                "prognos",
                "subgoals_total",
                "subgoals_assessed",
                "subgoals_full",
                "subgoals_partial",
                "subgoals_not",
                "indicators_total",
                "indicators_assessed",
                "indicators_full",
                "indicators_partial",
                "indicators_not",
                "analysis",
                "source_id",
                "illustrative",
            ],
            AS_OF,
        );
        let sql = format!(
            "SELECT g.id, g.number, g.title, g.kind, g.description, t.period_id IS NOT NULL, \
             t.nulage, t.prognos, \
             t.subgoals_total, t.subgoals_assessed, t.subgoals_full, t.subgoals_partial, t.subgoals_not, \
             t.indicators_total, t.indicators_assessed, t.indicators_full, t.indicators_partial, \
             t.indicators_not, t.analysis, {PROVENANCE_COLUMNS}, t.period_id, \
             EXISTS (SELECT 1 FROM indicator gi WHERE gi.subgoal_id IS NULL AND gi.goal_id = g.id \
                 AND {GOAL_INDICATOR_IN_YEAR}) AS has_indicators \
             FROM goal g LEFT JOIN {latest} t ON t.goal_id = g.id \
             {SOURCE_JOIN} \
             ORDER BY g.kind = 'financial', coalesce(g.sort_order, 1000000), g.number, g.id"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let period_at = column(&stmt, "period_id")?;
        let has_indicators_at = column(&stmt, "has_indicators")?;
        let rows = stmt.query_map(as_of_params(period), |r| {
            let assessment = (int(r, 5) == Some(1)).then(|| GoalAssessment {
                judgements: Assessment {
                    period_id: line(r, period_at).unwrap_or_default(),
                    nulage: judgement(r, 6),
                    prognos: judgement(r, 7),
                    analysis: prose(r, 18),
                    provenance: provenance(r, source),
                },
                subgoals: counts(r, 8),
                indicators: counts(r, 13),
            });
            Ok(Goal {
                id: line(r, 0).unwrap_or_default(),
                number: line(r, 1).unwrap_or_default(),
                title: line(r, 2).unwrap_or_default(),
                financial: line(r, 3).as_deref() == Some("financial"),
                description: prose(r, 4),
                assessment,
                subgoals: Vec::new(),
                indicators: Vec::new(),
                has_indicators: int(r, has_indicators_at) == Some(1),
            })
        })?;
        rows.bounded::<Vec<_>>()
    }

    fn subgoals(&self, period: &Period) -> Result<Vec<Subgoal>> {
        let latest = asof::latest_rows(
            "subgoal_assessment",
            &["subgoal_id"],
            &["nulage", "prognos", "analysis", "source_id", "illustrative"],
            AS_OF,
        );
        // The same delmål's id last year (format 4), for comparisons.
        let previous = match self.optional_column("subgoal", "previous_id").as_str() {
            "NULL" => "NULL",
            _ => "sg.previous_id",
        };
        let sql = format!(
            "SELECT sg.id, sg.goal_id, sg.owner_id, coalesce(u.short_name, u.name, sg.owner_id), \
             coalesce(u.name, sg.owner_id), sg.year, sg.code, sg.text, t.period_id IS NOT NULL, \
             t.nulage, t.prognos, t.analysis, {PROVENANCE_COLUMNS}, t.period_id, \
             {previous} AS previous_id, \
             EXISTS (SELECT 1 FROM indicator si WHERE si.subgoal_id = sg.id) AS has_indicators \
             FROM subgoal sg LEFT JOIN org_unit u ON u.id = sg.owner_id \
             LEFT JOIN {latest} t ON t.subgoal_id = sg.id \
             {SOURCE_JOIN} \
             WHERE sg.year IS NULL OR sg.year = ?3 \
             ORDER BY coalesce(sg.sort_order, 1000000), sg.code, sg.id"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let period_at = column(&stmt, "period_id")?;
        let previous_at = column(&stmt, "previous_id")?;
        let has_indicators_at = column(&stmt, "has_indicators")?;
        let rows = stmt.query_map(as_of_params(period), |r| {
            let assessment = (int(r, 8) == Some(1)).then(|| Assessment {
                period_id: line(r, period_at).unwrap_or_default(),
                nulage: judgement(r, 9),
                prognos: judgement(r, 10),
                analysis: prose(r, 11),
                provenance: provenance(r, source),
            });
            Ok(Subgoal {
                id: line(r, 0).unwrap_or_default(),
                goal_id: line(r, 1).unwrap_or_default(),
                owner_id: line(r, 2).unwrap_or_default(),
                owner: line(r, 3).unwrap_or_default(),
                owner_name: line(r, 4).unwrap_or_default(),
                year: int(r, 5),
                code: line(r, 6),
                text: line(r, 7).unwrap_or_default(),
                assessment,
                indicators: Vec::new(),
                previous_id: line(r, previous_at),
                has_indicators: int(r, has_indicators_at) == Some(1),
            })
        })?;
        rows.bounded::<Vec<_>>()
    }

    /// Every indicator in scope for the period that `scope` takes, with its
    /// parent. An indicator with both parents (invalid) goes under its
    /// delmål.
    fn indicators(&self, period: &Period, scope: &Scope) -> Result<Vec<(Parent, Indicator)>> {
        // A file before format 3 has no forecasts: NULL for each.
        let forecast = self.optional_column("indicator_value", "forecast");
        let mut columns = vec![
            "value",
            "target",
            "judgement",
            "analysis",
            "source_id",
            "illustrative",
        ];
        if forecast != "NULL" {
            columns.push("forecast");
        }
        // Which indicators, by id (the scope's lists are parameters ?4 and
        // ?5): the read then looks up those and probes their values only.
        let (ids, lists): (&str, Vec<&str>) = match scope {
            Scope::All => ("", Vec::new()),
            Scope::Under { goals, subgoals } => (
                "SELECT id FROM indicator WHERE subgoal_id IN (SELECT value FROM json_each(?4)) \
                 UNION ALL SELECT id FROM indicator WHERE subgoal_id IS NULL \
                 AND goal_id IN (SELECT value FROM json_each(?5))",
                vec![subgoals.as_str(), goals.as_str()],
            ),
            Scope::Ids(ids) => ("SELECT value FROM json_each(?4)", vec![ids.as_str()]),
        };
        let (taken, of_taken) = match scope {
            Scope::All => ("1".to_string(), "1".to_string()),
            _ => (
                format!("i.id IN ({ids})"),
                format!("a.indicator_id IN ({ids})"),
            ),
        };
        let latest = asof::latest_rows_where(
            "indicator_value",
            &["indicator_id"],
            &columns,
            AS_OF,
            &of_taken,
        );
        // The same indicator's id last year (format 3), for comparisons.
        let previous = match self.optional_column("indicator", "previous_id").as_str() {
            "NULL" => "NULL",
            _ => "i.previous_id",
        };
        let sql = format!(
            "SELECT i.id, i.goal_id, i.subgoal_id, i.name, i.unit, i.direction, i.target, \
             i.target_text, t.period_id IS NOT NULL, t.value, t.target, t.judgement, t.analysis, \
             {PROVENANCE_COLUMNS}, t.period_id, {forecast}, {previous} \
             FROM indicator i LEFT JOIN subgoal sg ON sg.id = i.subgoal_id \
             LEFT JOIN {latest} t ON t.indicator_id = i.id \
             {SOURCE_JOIN} \
             WHERE ((i.subgoal_id IS NOT NULL AND (sg.year IS NULL OR sg.year = ?3)) \
             OR (i.subgoal_id IS NULL AND (t.period_id IS NOT NULL OR {GOAL_INDICATOR_IN_YEAR_I}))) \
             AND {taken} \
             ORDER BY coalesce(i.sort_order, 1000000), i.name, i.id"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let period_at = column(&stmt, "period_id")?;
        let (id, end, year) = as_of_params(period);
        let mut params: Vec<&dyn rusqlite::ToSql> = vec![&id, &end, &year];
        params.extend(lists.iter().map(|l| l as &dyn rusqlite::ToSql));
        let rows = stmt.query_map(&*params, |r| {
            let parent = match (line(r, 2), line(r, 1)) {
                (Some(subgoal), _) => Parent::Subgoal(subgoal),
                (None, Some(goal)) => Parent::Goal(goal),
                (None, None) => Parent::Goal(String::new()),
            };
            let value = (int(r, 8) == Some(1)).then(|| {
                let period_id = line(r, period_at).unwrap_or_default();
                IndicatorValue {
                    year_end: self.is_year_end(&period_id),
                    period_id,
                    value: decimal(r, 9),
                    target: decimal(r, 10),
                    judgement: judgement(r, 11),
                    forecast: decimal(r, 19),
                    analysis: prose(r, 12),
                    provenance: provenance(r, source),
                }
            });
            let indicator = Indicator {
                id: line(r, 0).unwrap_or_default(),
                name: line(r, 3).unwrap_or_default(),
                unit: line(r, 4).filter(|u| !u.trim().is_empty()),
                direction: line(r, 5).and_then(|d| Direction::from_code(&d)),
                target: decimal(r, 6),
                target_text: line(r, 7),
                value,
                previous_id: line(r, 20),
            };
            Ok((parent, indicator))
        })?;
        rows.bounded::<Vec<_>>()
    }
}

enum Parent {
    Goal(String),
    Subgoal(String),
}

/// Which indicators a read of the tree takes (see [`Store::goal_tree_part`]).
#[derive(Debug, Clone, Copy)]
pub enum Part<'a> {
    /// Those under these goals (their own) and these delmål, by id.
    Under {
        goals: &'a [String],
        subgoals: &'a [String],
    },
    /// These indicators, by id, wherever they sit.
    Indicators(&'a [String]),
}

/// [`Part`] as the indicators' read takes it: each list as a JSON array,
/// one parameter whatever its length.
enum Scope {
    All,
    Under { goals: String, subgoals: String },
    Ids(String),
}

fn json_list(ids: &[String]) -> String {
    serde_json::Value::from(ids).to_string()
}

/// A goal's own indicator `gi` is in the period's tree if it has a value in
/// some period of the year (it carries no year of its own). Read a period
/// at a time on `indicator_value`'s key `(period_id, indicator_id)`: the
/// table has no key by indicator alone, and a search for one indicator's
/// rows in all of it reads every value of the file.
const GOAL_INDICATOR_IN_YEAR: &str = "EXISTS (SELECT 1 FROM period p \
     CROSS JOIN indicator_value w ON w.period_id = p.id AND w.indicator_id = gi.id \
     WHERE p.year = ?3)";

/// [`GOAL_INDICATOR_IN_YEAR`] of the indicator `i`.
const GOAL_INDICATOR_IN_YEAR_I: &str = "EXISTS (SELECT 1 FROM period p \
     CROSS JOIN indicator_value w ON w.period_id = p.id AND w.indicator_id = i.id \
     WHERE p.year = ?3)";

/// The as-of placeholders of the goal reads: the period's id, end, year.
const AS_OF: [&str; 3] = ["?1", "?2", "?3"];

fn as_of_params(period: &Period) -> (&str, Option<String>, i64) {
    (period.id.as_str(), asof::end(period), period.year)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::light::Basis;
    use std::str::FromStr;

    fn load(period: &str) -> GoalTree {
        let store = Store::demo().unwrap();
        let period = store.periods.iter().find(|p| p.id == period).unwrap();
        store.goal_tree(period).unwrap()
    }

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn the_kept_tree_is_the_tree_read_once_per_period() {
        let store = Store::demo().unwrap();
        let at = |id: &str| store.periods.iter().find(|p| p.id == id).unwrap();
        let kept = store.goal_tree_kept(at("2025-08")).unwrap();
        let fresh = store.goal_tree(at("2025-08")).unwrap();
        assert_eq!(format!("{kept:?}"), format!("{fresh:?}"));
        let other = store.goal_tree_kept(at("2024-08")).unwrap();
        assert!(!std::rc::Rc::ptr_eq(&kept, &other));
        assert!(std::rc::Rc::ptr_eq(
            &kept,
            &store.goal_tree_kept(at("2025-08")).unwrap()
        ));
    }

    /// `whole` with only the indicators `keep` names (by parent) left:
    /// what a part of the tree holds.
    fn only(whole: &GoalTree, keep: impl Fn(Parent) -> bool) -> String {
        let mut part = whole.clone();
        for g in &mut part.goals {
            if !keep(Parent::Goal(g.id.clone())) {
                g.indicators.clear();
            }
            for s in &mut g.subgoals {
                if !keep(Parent::Subgoal(s.id.clone())) {
                    s.indicators.clear();
                }
            }
        }
        format!("{part:?}")
    }

    fn ids(whole: &GoalTree) -> (Vec<String>, Vec<String>, Vec<&Indicator>) {
        let goals = whole.goals.iter().map(|g| g.id.clone()).collect();
        let subgoals = whole
            .goals
            .iter()
            .flat_map(|g| g.subgoals.iter().map(|s| s.id.clone()))
            .collect();
        let indicators = whole
            .goals
            .iter()
            .flat_map(|g| {
                g.indicators
                    .iter()
                    .chain(g.subgoals.iter().flat_map(|s| s.indicators.iter()))
            })
            .collect();
        (goals, subgoals, indicators)
    }

    /// Every part of every period's tree is the whole tree's: its goals and
    /// delmål with their judgements and whether each has indicators, the
    /// indicators asked for where the whole tree has them, the same answer
    /// to "anything assessed?". `every` subgoal is read alone, or every
    /// `every`th.
    fn parts_read_as_the_whole(store: &Store, every: usize) {
        let mut all_indicators: Vec<String> = store
            .conn()
            .prepare("SELECT id FROM indicator")
            .unwrap()
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        all_indicators.push("no-such-indicator".into());
        for period in &store.periods {
            let whole = store.goal_tree(period).unwrap();
            let (goals, subgoals, indicators) = ids(&whole);
            let p = &period.id;
            // Whether a goal or delmål has indicators, said before they are read.
            for g in &whole.goals {
                assert_eq!(g.has_indicators, !g.indicators.is_empty(), "{p} {}", g.id);
                for s in &g.subgoals {
                    assert_eq!(s.has_indicators, !s.indicators.is_empty(), "{p} {}", s.id);
                }
            }
            let under = |goals: &[String], subgoals: &[String]| {
                let part = store
                    .goal_tree_part(period, Part::Under { goals, subgoals })
                    .unwrap();
                assert_eq!(part.has_assessments(), whole.has_assessments(), "{p}");
                format!("{part:?}")
            };
            assert_eq!(under(&goals, &subgoals), format!("{whole:?}"), "{p}");
            assert_eq!(under(&[], &[]), only(&whole, |_| false), "{p}");
            for g in &goals {
                let want = only(&whole, |x| matches!(x, Parent::Goal(id) if id == *g));
                assert_eq!(under(std::slice::from_ref(g), &[]), want, "{p} {g}");
            }
            for s in subgoals.iter().step_by(every) {
                let want = only(&whole, |x| matches!(x, Parent::Subgoal(id) if id == *s));
                assert_eq!(under(&[], std::slice::from_ref(s)), want, "{p} {s}");
            }
            // Every indicator of the file asked for by id: those of the
            // period's tree come where the whole tree has them.
            let part = store
                .goal_tree_part(period, Part::Indicators(&all_indicators))
                .unwrap();
            assert_eq!(format!("{part:?}"), format!("{whole:?}"), "{p}");
            for i in &indicators {
                let one = store
                    .goal_tree_part(period, Part::Indicators(std::slice::from_ref(&i.id)))
                    .unwrap();
                let found = |t: &GoalTree| {
                    t.indicator(&i.id)
                        .map(|(g, s, i)| format!("{} {:?} {i:?}", g.id, s.map(|s| &s.id)))
                };
                assert_eq!(found(&one), found(&whole), "{p} {}", i.id);
                assert_eq!(ids(&one).2.len(), 1, "{p} {}: that one only", i.id);
            }
        }
    }

    #[test]
    fn a_part_of_the_tree_is_the_whole_trees_part_in_every_period() {
        parts_read_as_the_whole(&Store::demo().unwrap(), 1);
        let dir = tempfile::tempdir().unwrap();
        let generated = crate::data::small_region(dir.path());
        parts_read_as_the_whole(&Store::open(&generated).unwrap(), 5);
    }

    /// The sample with odd rows a part must leave out as the whole tree
    /// does, and then `extra` more indicators under delmål sg2025-01, each
    /// with a value in 2024-08 (so that no period's "anything assessed?"
    /// finds one sooner).
    fn sample_with(dir: &std::path::Path, name: &str, extra: usize) -> Store {
        let path = dir.join(name);
        std::fs::write(&path, crate::data::DEMO).unwrap();
        let db = rusqlite::Connection::open(&path).unwrap();
        db.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA foreign_keys = OFF;
             -- a delmål of a goal not in the file, with an indicator valued in 2025
             INSERT INTO subgoal (id, goal_id, owner_id, year, text) VALUES ('sg-lost', 'nogoal', 'hsn', 2025, 'x');
             INSERT INTO indicator (id, subgoal_id, name, direction) VALUES ('i-lost', 'sg-lost', 'x', 'higher');
             INSERT INTO indicator_value (period_id, indicator_id, value) VALUES ('2025-04', 'i-lost', '1');
             -- a goal's own indicator valued only in 2024, another never
             INSERT INTO indicator (id, goal_id, name, direction) VALUES ('i-g3-2024', 'g3', 'y', 'higher');
             INSERT INTO indicator_value (period_id, indicator_id, value) VALUES ('2024-08', 'i-g3-2024', '2');
             INSERT INTO indicator (id, goal_id, name, direction) VALUES ('i-g3-never', 'g3', 'z', 'lower');",
        )
        .unwrap();
        let mut add = db
            .prepare("INSERT INTO indicator (id, subgoal_id, name, direction) VALUES (?1, 'sg2025-01', ?1, 'higher')")
            .unwrap();
        let mut value = db
            .prepare("INSERT INTO indicator_value (period_id, indicator_id, value) VALUES ('2024-08', ?1, '3')")
            .unwrap();
        for n in 0..extra {
            let id = format!("i-extra-{n:05}");
            add.execute([&id]).unwrap();
            value.execute([&id]).unwrap();
        }
        drop((add, value));
        drop(db);
        Store::open(&path).unwrap()
    }

    #[test]
    fn a_part_leaves_out_what_the_whole_tree_leaves_out() {
        let dir = tempfile::tempdir().unwrap();
        parts_read_as_the_whole(&sample_with(dir.path(), "odd.db", 3), 1);
    }

    /// What a screen shows is bounded by the screen, and so is what it
    /// reads: the goals, the delmål and one open delmål's indicators read in
    /// as many SQL steps with 2 000 more indicators and values elsewhere in
    /// the file as without them, where the whole tree's read grows with
    /// them.
    #[test]
    fn a_part_reads_no_more_for_indicators_it_does_not_show() {
        let dir = tempfile::tempdir().unwrap();
        let (small, big) = (
            sample_with(dir.path(), "small.db", 0),
            sample_with(dir.path(), "big.db", 2000),
        );
        for id in ["2024-08", "2025-04", "2025-08", "2025-10"] {
            let open = [String::from("sg2025-08")];
            let part = |store: &Store| {
                let period = store.period(id).unwrap().clone();
                let fresh = Store::sql_steps_of(store, || {
                    store
                        .goal_tree_part(
                            &period,
                            Part::Under {
                                goals: &[],
                                subgoals: &open,
                            },
                        )
                        .unwrap();
                });
                let whole = store.sql_steps_of(|| store.goal_tree(&period).map(drop).unwrap());
                (fresh, whole)
            };
            let ((part_small, whole_small), (part_big, whole_big)) = (part(&small), part(&big));
            assert_eq!(part_big, part_small, "{id}: the part reads as much");
            assert!(part_small > 0);
            assert!(
                whole_big > whole_small + 2000,
                "{id}: the whole tree reads every indicator ({whole_small} → {whole_big})"
            );
        }
    }

    #[test]
    fn goals_come_operational_first_with_their_assessment() {
        let tree = load("2024-08");
        let ids: Vec<&str> = tree.goals.iter().map(|g| g.id.as_str()).collect();
        assert_eq!(
            ids,
            ["g1", "g2", "g3", "g4", "g5", "g6", "g7", "f1", "f2", "f3"]
        );
        let g4 = tree.goal("g4").unwrap();
        assert_eq!(g4.number, "4");
        let a = g4.assessment.as_ref().unwrap();
        assert_eq!(a.judgements.nulage, None, "the report says nothing");
        assert_eq!(a.judgements.prognos, Some(Judgement::Full));
        assert_eq!(a.subgoals.total, Some(12));
        assert_eq!(a.subgoals.not, None, "unknown stays unknown when read");
        assert!(a.judgements.analysis.as_deref().unwrap_or("").len() > 100);
        assert!(
            a.judgements
                .provenance
                .citation()
                .unwrap()
                .contains("augusti 2024")
        );
        assert!(tree.goal("f1").unwrap().financial);
        assert!(tree.has_assessments());
    }

    #[test]
    fn counts_fill_in_only_what_the_sum_rule_fixes() {
        let c = |assessed, full, partial, not| Counts {
            total: Some(12),
            assessed,
            full,
            partial,
            not,
        };
        // Goal 4 in 2024: 9 assessed, 5 full, 4 partial: none "not".
        assert_eq!(
            c(Some(9), Some(5), Some(4), None).parts(),
            [Some(5), Some(4), Some(0)]
        );
        // One missing: it is the rest.
        assert_eq!(
            c(Some(9), Some(5), None, Some(1)).parts(),
            [Some(5), Some(3), Some(1)]
        );
        // Two missing and a rest: cannot know how it splits.
        assert_eq!(
            c(Some(9), Some(5), None, None).parts(),
            [Some(5), None, None]
        );
        // Nothing assessed known: nothing filled in.
        assert_eq!(c(None, Some(5), None, None).parts(), [Some(5), None, None]);
        // Parts that overshoot (a producer's error) are left as stated.
        assert_eq!(
            c(Some(3), Some(5), None, None).parts(),
            [Some(5), None, None]
        );
    }

    #[test]
    fn financial_indicators_keep_the_stored_judgement_and_show_no_share() {
        let tree = load("2024-08");
        let f1 = tree.goal("f1").unwrap();
        assert_eq!(f1.indicators.len(), 1);
        let result = &f1.indicators[0];
        // "Prognosen för 2024 är ett utfall på −4,5 procent": a forecast,
        // not a value at the end of August.
        assert_eq!(result.measured(), None);
        assert_eq!(
            result.value.as_ref().and_then(|v| v.forecast),
            Some(d("-4.5"))
        );
        assert_eq!(result.target(), Some(d("1.4")));
        let light = result.light();
        assert_eq!(light.light, Some(Judgement::Not));
        assert_eq!(light.share_pct, None);
        assert_eq!(light.basis, Basis::Report);
        // Debt forecast at 22 % against at most 18 %: the report says
        // "inte", and the report's judgement is the light; with no value
        // per August there is no distance to the ceiling to compute.
        let (_, _, debt) = tree.indicator("i2024-f3-laneskuld").unwrap();
        assert_eq!(debt.direction, Some(Direction::LowerIsBetter));
        assert_eq!(debt.light().light, Some(Judgement::Not));
        assert_eq!(debt.value.as_ref().and_then(|v| v.forecast), Some(d("22")));
        assert_eq!(debt.light().above_ceiling, None);
    }

    #[test]
    fn a_year_to_date_value_is_lit_only_against_a_target_for_its_span() {
        // 24 % trained in August against 50 % for the year: the report
        // makes no judgement, and the rule may not.
        let mut training = load("2024-08")
            .indicator("i2024-g2-katastrofberedskap")
            .map(|(_, _, i)| i.clone())
            .unwrap();
        assert_eq!(training.target(), Some(d("50")));
        assert_eq!(training.light().light, None);
        assert_eq!(
            training.light().basis,
            Basis::Unjudged(crate::domain::light::Unjudged::YearTarget)
        );
        // A target stated for the period itself is for the same span.
        if let Some(v) = training.value.as_mut() {
            v.target = Some(d("30"));
        }
        assert_eq!(training.target(), Some(d("30")));
        assert_eq!(training.light().light, Some(Judgement::Partial), "80 %");
        assert_eq!(training.light().basis, Basis::Rule);
    }

    #[test]
    fn hsn_delmal_of_2025_with_their_indicators() {
        let tree = load("2025-08");
        let subgoals: usize = tree.goals.iter().map(|g| g.subgoals.len()).sum();
        assert_eq!(subgoals, 14);
        let (goal, sg) = tree.subgoal("sg2025-08").unwrap();
        assert_eq!(goal.id, "g4");
        assert_eq!(sg.owner, "HSN");
        let a = sg.assessment.as_ref().unwrap();
        assert_eq!(
            (a.nulage, a.prognos),
            (Some(Judgement::Partial), Some(Judgement::NoData))
        );
        let (_, parent, vhu) = tree.indicator("i2025-03").unwrap();
        assert_eq!(parent.map(|s| s.id.as_str()), Some("sg2025-03"));
        assert!(vhu.value.is_some(), "a row with an analysis but no value");
        assert_eq!(vhu.measured(), None);
        assert_eq!(vhu.light().light, Some(Judgement::NoData));
        assert!(
            tree.goal("f1").unwrap().indicators.is_empty(),
            "2024's financial indicators are not 2025's"
        );
        assert!(
            tree.goals.iter().all(|g| g.assessment.is_none()),
            "no goal assessments in 2025-08"
        );
    }

    #[test]
    fn a_period_without_assessments_still_lists_the_goals() {
        let tree = load("2025-04");
        assert_eq!(tree.goals.len(), 10);
        assert!(!tree.has_assessments());
        assert_eq!(tree.goals[3].subgoals.len(), 2, "2025's delmål, unassessed");
        let old = load("2024-08");
        assert!(
            old.goals.iter().all(|g| g.subgoals.is_empty()),
            "2025's delmål are not 2024's"
        );
    }
}
