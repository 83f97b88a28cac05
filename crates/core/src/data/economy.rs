//! Economy: the organisation tree, cost types, facts and budget frames.

use super::asof::{self, Carried};
use super::{
    CUT_MARK, PROVENANCE_COLUMNS, Period, Provenance, Result, RowsExt, SOURCE_JOIN, Store, column,
    decimal, int, line, prose, provenance, provenance_at,
};
use crate::domain::text::sanitize;
use crate::domain::vocab::{ChangeKind, CostGroup, OrgKind};
use rusqlite::Connection;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

#[derive(Debug, Clone)]
pub struct OrgUnit {
    pub id: String,
    pub parent_id: Option<String>,
    /// `None` for a code the format does not know (`tertial check` says so).
    pub kind: Option<OrgKind>,
    pub name: String,
    pub short_name: Option<String>,
}

#[derive(Debug, Clone)]
pub struct CostType {
    pub id: String,
    pub parent_id: Option<String>,
    pub group: Option<CostGroup>,
    pub name: String,
}

/// A unit's worst cost-type lines, and the subtotals they are the level
/// under (so a heading can say which level it lists).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorstLines {
    pub lines: Vec<(String, i64)>,
    pub under: Vec<String>,
}

/// A net cost development in per cent, and whether it comes from the
/// unit's net-cost line rather than its total row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Development {
    pub pct: Decimal,
    pub from_line: bool,
}

/// One economy fact. Every figure may be unknown; unknown is `None`, never 0.
#[derive(Debug, Clone, Default)]
pub struct Fact {
    pub budget: Option<i64>,
    pub outcome: Option<i64>,
    pub deviation: Option<i64>,
    pub outcome_prev_year: Option<i64>,
    pub cost_development_pct: Option<Decimal>,
    pub budget_full_year: Option<i64>,
    pub forecast_deviation: Option<i64>,
    pub org_partial: bool,
    pub cost_partial: bool,
    pub analysis: Option<String>,
    pub provenance: Provenance,
}

impl Fact {
    /// Deviation in percent of the budget's size, where the budget is known
    /// and not zero: blank otherwise, never a made-up number.
    pub fn deviation_pct(&self) -> Option<Decimal> {
        let (deviation, budget) = (self.deviation?, self.budget?);
        if budget == 0 {
            return None;
        }
        Decimal::from(deviation)
            .checked_mul(Decimal::ONE_HUNDRED)?
            .checked_div(Decimal::from(budget.unsigned_abs()))
    }
}

pub(crate) fn load_org(conn: &Connection) -> Result<Vec<OrgUnit>> {
    let mut stmt = conn.prepare(
        "SELECT id, parent_id, kind, name, short_name FROM org_unit \
         ORDER BY coalesce(sort_order, 1000000), name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(OrgUnit {
            id: line(r, 0).unwrap_or_default(),
            parent_id: line(r, 1),
            kind: line(r, 2).and_then(|k| OrgKind::from_code(&k)),
            name: line(r, 3).unwrap_or_default(),
            short_name: line(r, 4),
        })
    })?;
    rows.bounded::<Vec<_>>()
}

pub(crate) fn load_cost_types(conn: &Connection) -> Result<Vec<CostType>> {
    let mut stmt =
        conn.prepare("SELECT id, parent_id, grp, name FROM cost_type ORDER BY coalesce(sort_order, 1000000), name")?;
    let rows = stmt.query_map([], |r| {
        Ok(CostType {
            id: line(r, 0).unwrap_or_default(),
            parent_id: line(r, 1),
            group: line(r, 2).and_then(|g| CostGroup::from_code(&g)),
            name: line(r, 3).unwrap_or_default(),
        })
    })?;
    rows.bounded::<Vec<_>>()
}

/// A unit's total row in period `?1`, joined to an org unit `u`.
///
/// Written to match the snapshot's key index, `(period_id, org_unit_id,
/// coalesce(cost_type_id, ''))`: each unit is one index probe. Asking for
/// `period_id = ?1 AND cost_type_id IS NULL` instead reads every row of the
/// period (a thousand units times forty cost types at region scale) to find
/// the thousand totals. Units missing from `org_unit` are not shown anywhere,
/// so driving from the organisation loses nothing `check` would not report.
const TOTAL_ROW: &str = "economy_fact t ON t.period_id = ?1 AND t.org_unit_id = u.id \
     AND coalesce(t.cost_type_id, '') = '' AND t.cost_type_id IS NULL";

/// [`TOTAL_ROW`] from `economy_total` (format 4), where a period's totals
/// lie together: the same rows, copied by `import` and `gen` and checked
/// against the facts by `check`.
const KEPT_TOTAL_ROW: &str =
    "economy_total t ON t.period_id = ?1 AND t.org_unit_id = u.id AND t.has_total = 1";

pub(super) const FACT_COLUMNS: &str = "t.budget, t.outcome, t.deviation, t.outcome_prev_year, t.cost_development_pct, \
     t.budget_full_year, t.forecast_deviation, t.org_breakdown = 'partial', t.cost_breakdown = 'partial', t.analysis";

/// [`FACT_COLUMNS`] from column `i`, and the provenance from `source`.
pub(super) fn fact(r: &rusqlite::Row<'_>, i: usize, source: usize) -> Fact {
    Fact {
        budget: int(r, i),
        outcome: int(r, i + 1),
        deviation: int(r, i + 2),
        outcome_prev_year: int(r, i + 3),
        cost_development_pct: decimal(r, i + 4),
        budget_full_year: int(r, i + 5),
        forecast_deviation: int(r, i + 6),
        org_partial: int(r, i + 7) == Some(1),
        cost_partial: int(r, i + 8) == Some(1),
        analysis: prose(r, i + 9),
        provenance: provenance(r, source),
    }
}

/// A line's (deviation, forecast deviation) in two periods (see
/// [`Store::paired_cost_lines`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub now: (Option<i64>, Option<i64>),
    pub was: (Option<i64>, Option<i64>),
}

/// Whose totals a read takes (see [`Store::totals_of`]).
#[derive(Clone, Copy)]
enum Units<'a> {
    All,
    One(&'a str),
    ChildrenOf(&'a str),
    Kind(OrgKind),
}

/// Whether an id as the data layer shows it is the id as stored: clean
/// text, not cut. Only such an id can be bound into a query.
pub(super) fn stored_as_shown(id: &str) -> bool {
    matches!(sanitize(id, false), std::borrow::Cow::Borrowed(_)) && !id.ends_with(CUT_MARK)
}

/// A budget frame and the bridge to it.
#[derive(Debug, Clone)]
pub struct Frame {
    pub year: i64,
    pub opening: Option<i64>,
    pub decided: Option<i64>,
    pub proposed: Option<i64>,
    pub note: Option<String>,
    pub provenance: Provenance,
    /// Where the proposed frame comes from, where not the frame's source.
    pub proposed_provenance: Option<Provenance>,
    pub changes: Vec<FrameChange>,
}

/// Where a stretch of the bridge starts or ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FramePoint {
    Opening,
    Proposed,
    Decided,
}

/// One stretch of a frame's bridge: from one frame to the next, the named
/// changes on the way, and what they leave unexplained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stretch {
    pub from: FramePoint,
    pub to: FramePoint,
    /// Indexes into [`Frame::changes`].
    pub changes: Vec<usize>,
    /// to − from − Σ amounts; `None` where an end is unknown (or the sum
    /// of the file's amounts overflows).
    pub unexplained: Option<i64>,
}

impl Frame {
    pub fn amount(&self, point: FramePoint) -> Option<i64> {
        match point {
            FramePoint::Opening => self.opening,
            FramePoint::Proposed => self.proposed,
            FramePoint::Decided => self.decided,
        }
    }

    /// The bridge in stretches. With a proposal, technical adjustments lead
    /// from the opening frame to the proposal (the planning documents make
    /// them there) and additions and reallocations from the proposal to
    /// the decision (the council decides them on top of it); without one,
    /// every change leads from the opening frame to the decision.
    pub fn stretches(&self) -> Vec<Stretch> {
        let all: Vec<usize> = (0..self.changes.len()).collect();
        if self.proposed.is_none() {
            return vec![self.stretch(FramePoint::Opening, FramePoint::Decided, all)];
        }
        let (technical, decided): (Vec<usize>, Vec<usize>) = all
            .into_iter()
            .partition(|&i| self.changes[i].kind == Some(ChangeKind::Technical));
        vec![
            self.stretch(FramePoint::Opening, FramePoint::Proposed, technical),
            self.stretch(FramePoint::Proposed, FramePoint::Decided, decided),
        ]
    }

    fn stretch(&self, from: FramePoint, to: FramePoint, changes: Vec<usize>) -> Stretch {
        let unexplained = (|| {
            let mut rest = self.amount(to)?.checked_sub(self.amount(from)?)?;
            for i in &changes {
                if let Some(amount) = self.changes[*i].amount {
                    rest = rest.checked_sub(amount)?;
                }
            }
            Some(rest)
        })();
        Stretch {
            from,
            to,
            changes,
            unexplained,
        }
    }

    /// What the named changes leave unexplained between the opening frame
    /// and the decided one: decided − opening − Σ changes with an amount.
    /// `None` where either end is unknown, or where the file's amounts
    /// overflow (they come from the file: a sum that overflows is not shown).
    pub fn unexplained(&self) -> Option<i64> {
        self.stretch(
            FramePoint::Opening,
            FramePoint::Decided,
            (0..self.changes.len()).collect(),
        )
        .unexplained
    }

    /// How the decision differs from the proposal, where both are known.
    pub fn decided_less_proposed(&self) -> Option<i64> {
        self.decided?.checked_sub(self.proposed?)
    }
}

#[derive(Debug, Clone)]
pub struct FrameChange {
    pub label: String,
    pub amount: Option<i64>,
    pub kind: Option<ChangeKind>,
    pub description: Option<String>,
    pub provenance: Provenance,
}

/// The `limit` largest negative deviations, worst first; by id where they
/// tie, so the order is the same every time. An id listed twice (a file
/// with duplicate keys) counts once.
fn worst<'a>(
    facts: impl Iterator<Item = (&'a String, &'a Fact)>,
    limit: usize,
) -> Vec<(String, i64)> {
    let mut worst: Vec<(String, i64)> = facts
        .filter_map(|(id, fact)| Some((id.clone(), fact.deviation.filter(|d| *d < 0)?)))
        .collect();
    worst.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    worst.dedup_by(|a, b| a.0 == b.0);
    worst.truncate(limit);
    worst
}

impl Store {
    /// A line's name: the unit's full name for its total, "HSN: Personal-
    /// kostnader" (short unit name, cost type) for one of its cost types.
    pub fn line_name(&self, unit: &str, cost_type: Option<&str>) -> String {
        match cost_type {
            Some(ct) => format!(
                "{}: {}",
                self.short_name(unit),
                self.cost_type(ct)
                    .map_or(ct.to_string(), |c| c.name.clone())
            ),
            None => self.unit_name(unit),
        }
    }

    /// Every unit's total row for a period, by unit id (kept for the
    /// period's next builds).
    pub fn totals(&self, period_id: &str) -> Result<Rc<HashMap<String, Fact>>> {
        self.memoised(period_id, |m| &mut m.totals, || self.read_totals(period_id))
    }

    fn read_totals(&self, period_id: &str) -> Result<HashMap<String, Fact>> {
        self.read_totals_of(period_id, Units::All)
    }

    /// The total rows of `units` in a period, by unit id: the same rows
    /// [`Store::totals`] holds for them. One join driven from the units
    /// asked for, so that a screen that shows a few units probes the key
    /// index for those only (at national scale a period has 10 000 totals
    /// spread over 3 GB), and a file without the index still gets one
    /// transient index per read rather than a scan per unit.
    fn read_totals_of(&self, period_id: &str, units: Units<'_>) -> Result<HashMap<String, Fact>> {
        let (filter, value) = match units {
            Units::All => ("", None),
            Units::One(id) => ("WHERE id = ?2", Some(id)),
            Units::ChildrenOf(id) => ("WHERE parent_id = ?2", Some(id)),
            Units::Kind(kind) => ("WHERE kind = ?2", Some(kind.code())),
        };
        let total_row = if self.economy_totals {
            KEPT_TOTAL_ROW
        } else {
            TOTAL_ROW
        };
        let sql = format!(
            "SELECT t.org_unit_id, {FACT_COLUMNS}, {PROVENANCE_COLUMNS} \
             FROM (SELECT DISTINCT id FROM org_unit {filter}) u CROSS JOIN {total_row} {SOURCE_JOIN}"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let read = |r: &rusqlite::Row<'_>| Ok((line(r, 0).unwrap_or_default(), fact(r, 1, source)));
        match value {
            None => stmt
                .query_map([period_id], read)?
                .bounded::<HashMap<_, _>>(),
            Some(value) => stmt
                .query_map([period_id, value], read)?
                .bounded::<HashMap<_, _>>(),
        }
    }

    /// The total rows of `units` in a period: from the period's kept
    /// totals where they are read already, else read for those units alone.
    /// An id that the data layer shows other than it is stored (escaped or
    /// cut) cannot be looked up by its shown form: every unit's totals are
    /// read then, as before.
    fn totals_of(&self, period_id: &str, units: Units<'_>) -> Result<Rc<HashMap<String, Fact>>> {
        if let Some(kept) = self.kept(period_id, |m| &m.totals) {
            return Ok(kept);
        }
        match units {
            Units::One(id) | Units::ChildrenOf(id) if !stored_as_shown(id) => {
                self.totals(period_id)
            }
            units => Ok(Rc::new(self.read_totals_of(period_id, units)?)),
        }
    }

    /// One unit's total row in a period (what [`Store::totals`] holds for
    /// it): a screen about one unit reads one row.
    pub fn total(&self, period_id: &str, unit: &str) -> Result<Option<Fact>> {
        Ok(self
            .totals_of(period_id, Units::One(unit))?
            .get(unit)
            .cloned())
    }

    /// The full-year forecast of each unit whose own total this period
    /// states none, as of the period ([`asof`]): the latest an earlier
    /// report of the year gave, with where it comes from. (The October
    /// follow-up has no forecast; August's −550 mkr stands.) Kept for the
    /// period's next builds.
    pub fn carried_forecasts(&self, period: &Period) -> Result<Rc<HashMap<String, Carried<i64>>>> {
        self.memoised(
            &period.id,
            |m| &mut m.forecasts,
            || {
                let totals = self.totals(&period.id)?;
                let missing = totals
                    .iter()
                    .filter(|(_, f)| f.forecast_deviation.is_none())
                    .map(|(unit, _)| (unit.clone(), None));
                self.look_back(period, missing.collect())
            },
        )
    }

    /// What [`Store::carried_forecasts`] holds for `unit`: the forecast an
    /// earlier report of the year gave, where the unit's own total this
    /// period states none. Read for that unit alone unless the period's
    /// are kept.
    pub fn carried_total_forecast(
        &self,
        period: &Period,
        unit: &str,
    ) -> Result<Option<Carried<i64>>> {
        if let Some(kept) = self.kept(&period.id, |m| &m.forecasts) {
            return Ok(kept.get(unit).cloned());
        }
        match self.total(&period.id, unit)? {
            Some(total) if total.forecast_deviation.is_none() => {
                self.carried_forecast(period, unit, None)
            }
            _ => Ok(None),
        }
    }

    /// The forecast of one line as of `period`, if the period's own row
    /// states none and an earlier report of the year does.
    pub fn carried_forecast(
        &self,
        period: &Period,
        unit: &str,
        cost_type: Option<&str>,
    ) -> Result<Option<Carried<i64>>> {
        let wanted = vec![(unit.to_string(), cost_type.map(str::to_string))];
        Ok(self.look_back(period, wanted)?.into_values().next())
    }

    /// Each of `wanted` (unit, cost type) lines' latest forecast in the
    /// earlier reports of `period`'s year, by unit id where the cost type
    /// is none, else by cost type id: one index probe per line and period,
    /// stopping as soon as every line has one.
    pub(super) fn look_back(
        &self,
        period: &Period,
        mut wanted: Vec<(String, Option<String>)>,
    ) -> Result<HashMap<String, Carried<i64>>> {
        let mut found = HashMap::new();
        // The forecast's own heading where the row names one (since format 3).
        let source = self.forecast_source_column();
        let from = format!(
            "FROM economy_fact t \
             LEFT JOIN (SELECT id, min(rowid) AS first FROM source GROUP BY id) sf ON sf.id = {source} \
             LEFT JOIN source s ON s.rowid = sf.first"
        );
        // With the format's key index, one probe per wanted line and
        // period. Without it (a hand-made or hostile file) a probe is a
        // scan of the table, and a probe per line would make the overview
        // quadratic: one scan per period instead, keeping the wanted lines.
        let probe = self.led_by_period("economy_fact")?;
        let sql = if probe {
            format!(
                "SELECT t.forecast_deviation, {PROVENANCE_COLUMNS} {from} \
                 WHERE t.period_id = ?1 AND t.org_unit_id = ?2 AND coalesce(t.cost_type_id, '') = ?3 \
                 AND t.cost_type_id IS ?4 AND t.forecast_deviation IS NOT NULL"
            )
        } else {
            format!(
                "SELECT t.forecast_deviation, {PROVENANCE_COLUMNS}, t.org_unit_id AS unit, \
                 t.cost_type_id AS cost_type {from} \
                 WHERE t.period_id = ?1 AND t.forecast_deviation IS NOT NULL"
            )
        };
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        // Where a scan's row says which line it is.
        let (unit_at, cost_type_at) = if probe {
            (0, 0)
        } else {
            (stmt.column_index("unit")?, stmt.column_index("cost_type")?)
        };
        for earlier in asof::earlier_in_year(&self.periods, period) {
            if wanted.is_empty() {
                break;
            }
            let mut stated: HashMap<(String, Option<String>), (Option<i64>, Provenance)> =
                HashMap::new();
            if !probe {
                let wanted: HashSet<&(String, Option<String>)> = wanted.iter().collect();
                let rows = stmt.query_map([&earlier.id], |r| {
                    let key = (line(r, unit_at).unwrap_or_default(), line(r, cost_type_at));
                    Ok((key, (int(r, 0), provenance(r, source))))
                })?;
                for row in rows.limited() {
                    let (key, value) = row?;
                    if wanted.contains(&key) {
                        // The first row of a line, as a probe would find it.
                        stated.entry(key).or_insert(value);
                    }
                }
            }
            let mut still = Vec::with_capacity(wanted.len());
            for (unit, cost_type) in wanted {
                let value = if probe {
                    let key = cost_type.as_deref().unwrap_or_default();
                    let mut rows = stmt
                        .query_map(rusqlite::params![earlier.id, unit, key, cost_type], |r| {
                            Ok((int(r, 0), provenance(r, source)))
                        })?;
                    rows.next().transpose()?
                } else {
                    stated.remove(&(unit.clone(), cost_type.clone()))
                };
                match value {
                    Some((Some(value), provenance)) => {
                        let carried = Carried {
                            value,
                            period_id: earlier.id.clone(),
                            provenance,
                        };
                        found.insert(cost_type.unwrap_or(unit), carried);
                    }
                    _ => still.push((unit, cost_type)),
                }
            }
            wanted = still;
        }
        Ok(found)
    }

    /// A unit's forecasts by cost type as of `period`, for the lines whose
    /// own rows state none.
    pub fn carried_cost_forecasts(
        &self,
        period: &Period,
        unit: &str,
        lines: &HashMap<String, Fact>,
    ) -> Result<HashMap<String, Carried<i64>>> {
        let wanted = lines
            .iter()
            .filter(|(_, f)| f.forecast_deviation.is_none())
            .map(|(ct, _)| (unit.to_string(), Some(ct.clone())))
            .collect();
        self.look_back(period, wanted)
    }

    /// A unit's rows by cost type for a period, by cost type id.
    pub fn by_cost_type(&self, period_id: &str, unit_id: &str) -> Result<HashMap<String, Fact>> {
        let sql = format!(
            "SELECT t.cost_type_id, {FACT_COLUMNS}, {PROVENANCE_COLUMNS} FROM economy_fact t {SOURCE_JOIN} \
             WHERE t.period_id = ?1 AND t.org_unit_id = ?2 AND t.cost_type_id IS NOT NULL"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let rows = stmt.query_map([period_id, unit_id], |r| {
            Ok((line(r, 0).unwrap_or_default(), fact(r, 1, source)))
        })?;
        rows.bounded::<HashMap<_, _>>()
    }

    /// Every unit's rows by cost type for a period, by (unit, cost type):
    /// one query, for the list of everything that changed.
    pub fn cost_lines(&self, period_id: &str) -> Result<HashMap<(String, String), Fact>> {
        let sql = format!(
            "SELECT t.org_unit_id, t.cost_type_id, {FACT_COLUMNS}, {PROVENANCE_COLUMNS} \
             FROM economy_fact t {SOURCE_JOIN} \
             WHERE t.period_id = ?1 AND t.cost_type_id IS NOT NULL"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let rows = stmt.query_map([period_id], |r| {
            let key = (
                line(r, 0).unwrap_or_default(),
                line(r, 1).unwrap_or_default(),
            );
            Ok((key, fact(r, 2, source)))
        })?;
        rows.bounded::<HashMap<_, _>>()
    }

    /// Every unit's line by cost type in period `now` beside the same line
    /// in period `was`, as (deviation, forecast deviation) now and then,
    /// keeping the pairs `keep` wants: one pass over the two periods' lines
    /// that holds only what it keeps. (Reading both periods' lines whole,
    /// 311 000 rows each at national scale, exceeded what one view may
    /// read.)
    pub fn paired_cost_lines(
        &self,
        now: &str,
        was: &str,
        mut keep: impl FnMut(Pair) -> bool,
    ) -> Result<HashMap<(String, String), Pair>> {
        // Matched to the key index like TOTAL_ROW; a file without it gets a
        // transient index for the join.
        let mut stmt = self.conn().prepare(
            "SELECT n.org_unit_id, n.cost_type_id, n.deviation, n.forecast_deviation, \
             w.deviation, w.forecast_deviation FROM economy_fact n JOIN economy_fact w \
             ON w.period_id = ?2 AND w.org_unit_id = n.org_unit_id \
             AND coalesce(w.cost_type_id, '') = coalesce(n.cost_type_id, '') \
             AND w.cost_type_id = n.cost_type_id \
             WHERE n.period_id = ?1 AND n.cost_type_id IS NOT NULL",
        )?;
        let mut rows = stmt.query([now, was])?;
        let mut out = HashMap::new();
        while let Some(r) = rows.next()? {
            let pair = Pair {
                now: (int(r, 2), int(r, 3)),
                was: (int(r, 4), int(r, 5)),
            };
            if keep(pair) {
                let key = (
                    line(r, 0).unwrap_or_default(),
                    line(r, 1).unwrap_or_default(),
                );
                out.insert(key, pair);
            }
        }
        Ok(out)
    }

    /// `forecast_source_id` where the row has one, else `source_id`: the
    /// heading a forecast stands under.
    fn forecast_source_column(&self) -> String {
        match self
            .optional_column("economy_fact", "forecast_source_id")
            .as_str()
        {
            "NULL" => "t.source_id".to_string(),
            column => format!("coalesce({column}, t.source_id)"),
        }
    }

    /// Where a line's own full-year forecast stands, when the row names
    /// another heading for it than for its figures to date (format 3's
    /// `forecast_source_id`: HSN's −550 mkr under 3.3, its −335 mkr under
    /// 3.1). `None` when the row's source covers both.
    pub fn forecast_source(
        &self,
        period_id: &str,
        unit_id: &str,
        cost_type: Option<&str>,
    ) -> Result<Option<Provenance>> {
        let column = self.optional_column("economy_fact", "forecast_source_id");
        if column == "NULL" {
            return Ok(None);
        }
        let sql = format!(
            "SELECT {PROVENANCE_COLUMNS} FROM economy_fact t \
             LEFT JOIN (SELECT id, min(rowid) AS first FROM source GROUP BY id) sf ON sf.id = {column} \
             LEFT JOIN source s ON s.rowid = sf.first \
             WHERE t.period_id = ?1 AND t.org_unit_id = ?2 AND coalesce(t.cost_type_id, '') = ?3 \
             AND t.cost_type_id IS ?4 AND {column} IS NOT NULL"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let key = cost_type.unwrap_or_default();
        let mut rows = stmt
            .query_map(rusqlite::params![period_id, unit_id, key, cost_type], |r| {
                Ok(provenance(r, 0))
            })?;
        Ok(rows.next().transpose()?.filter(|p| p.document.is_some()))
    }

    /// One fact; `cost_type` `None` is the unit's total.
    pub fn fact(
        &self,
        period_id: &str,
        unit_id: &str,
        cost_type: Option<&str>,
    ) -> Result<Option<Fact>> {
        let sql = format!(
            "SELECT {FACT_COLUMNS}, {PROVENANCE_COLUMNS} FROM economy_fact t {SOURCE_JOIN} \
             WHERE t.period_id = ?1 AND t.org_unit_id = ?2 AND t.cost_type_id IS ?3"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let mut rows = stmt.query_map(rusqlite::params![period_id, unit_id, cost_type], |r| {
            Ok(fact(r, 0, source))
        })?;
        Ok(rows.next().transpose()?)
    }

    /// The largest negative deviations of a period among the politiska
    /// ramar, worst first. From the period's kept totals: no query.
    pub fn worst_frames(&self, period_id: &str, limit: usize) -> Result<Vec<(String, i64)>> {
        let totals = self.totals_of(period_id, Units::Kind(OrgKind::Frame))?;
        let frames = self.org.iter().filter(|u| u.kind == Some(OrgKind::Frame));
        Ok(worst(
            frames.filter_map(|u| Some((&u.id, totals.get(&u.id)?))),
            limit,
        ))
    }

    /// The largest negative deviations among one unit's cost types at one
    /// level, worst first: the lines just under the subtotal that heads
    /// each group (Personalkostnader under Kostnader, Vårdintäkter under
    /// Intäkter), whether or not they have parts of their own. A line with
    /// parts is still a line; its parts are another level.
    ///
    /// Where the cost types carry no groups, the level is the one under the
    /// roots. Done here rather than in SQL: walking parents in SQL is a
    /// correlated subquery, quadratic on a hostile file without indexes.
    pub fn worst_cost_types(
        &self,
        period_id: &str,
        unit: &str,
        limit: usize,
    ) -> Result<WorstLines> {
        let lines = self.by_cost_type(period_id, unit)?;
        let parent = |id: &str| self.cost_type(id)?.parent_id.as_deref();
        let group = |id: &str| self.cost_type(id).and_then(|c| c.group);
        // A group's head: a subtotal whose own parent is of another group.
        let heads_group = |id: &str| {
            let g = group(id);
            g.is_some() && g != Some(CostGroup::Net) && parent(id).map(group) != Some(g)
        };
        let by_group =
            |id: &str| parent(id).is_some_and(|p| heads_group(p) && group(p) == group(id));
        let under_root = |id: &str| parent(id).is_some_and(|p| parent(p).is_none());
        let level: &dyn Fn(&str) -> bool = if lines.keys().any(|id| by_group(id)) {
            &by_group
        } else {
            &under_root
        };
        let at_level: Vec<(&String, &Fact)> =
            lines.iter().filter(|(id, _)| level(id.as_str())).collect();
        let mut under: Vec<String> = Vec::new();
        for (id, _) in &at_level {
            if let Some(p) = parent(id).map(str::to_string)
                && !under.contains(&p)
            {
                under.push(p);
            }
        }
        under.sort_by_key(|id| self.cost_tree.position(id));
        Ok(WorstLines {
            lines: worst(at_level.into_iter(), limit),
            under,
        })
    }

    /// The largest negative deviations among a unit's direct children, from
    /// the period's kept totals.
    pub fn worst_children(
        &self,
        period_id: &str,
        parent: &str,
        limit: usize,
    ) -> Result<Vec<(String, i64)>> {
        let totals = self.totals_of(period_id, Units::ChildrenOf(parent))?;
        let children = self
            .org
            .iter()
            .filter(|u| u.parent_id.as_deref() == Some(parent));
        Ok(worst(
            children.filter_map(|u| Some((&u.id, totals.get(&u.id)?))),
            limit,
        ))
    }

    /// A unit's net cost development: its total row's, or where that has
    /// none, the one its report gives on the net-cost line (the region's
    /// report states 7,0 % on "Verksamhetens nettokostnad", not on the
    /// total, which includes taxes and financial items).
    pub fn cost_development(
        &self,
        period_id: &str,
        unit: &str,
        total: &Fact,
    ) -> Result<Option<Development>> {
        if let Some(pct) = total.cost_development_pct {
            return Ok(Some(Development {
                pct,
                from_line: false,
            }));
        }
        let net = match self.kept(period_id, |m| &m.net_development) {
            Some(kept) => kept.get(unit).copied(),
            // One unit's lines, not the whole period's (320 000 rows at
            // national scale for a figure of one unit).
            None if stored_as_shown(unit) => self
                .read_net_development(period_id, Some(unit))?
                .get(unit)
                .copied(),
            None => self.net_developments(period_id)?.get(unit).copied(),
        };
        Ok(net.map(|pct| Development {
            pct,
            from_line: true,
        }))
    }

    /// Every unit's cost development on its net-cost line, for a period.
    pub fn net_developments(&self, period_id: &str) -> Result<Rc<HashMap<String, Decimal>>> {
        self.memoised(
            period_id,
            |m| &mut m.net_development,
            || self.read_net_development(period_id, None),
        )
    }

    /// The net-cost lines' cost development of every unit in a period, or
    /// of one unit.
    fn read_net_development(
        &self,
        period_id: &str,
        unit: Option<&str>,
    ) -> Result<HashMap<String, Decimal>> {
        let of_unit = if unit.is_some() {
            "AND org_unit_id = ?2"
        } else {
            ""
        };
        if self.economy_totals {
            // The line is chosen when the table is written, by the same rule.
            let mut stmt = self.conn().prepare(&format!(
                "SELECT org_unit_id, net_development_pct FROM economy_total \
                 WHERE period_id = ?1 {of_unit} AND net_development_pct IS NOT NULL"
            ))?;
            let read = |r: &rusqlite::Row<'_>| Ok((line(r, 0), decimal(r, 1)));
            let rows = match unit {
                Some(unit) => stmt.query_map([period_id, unit], read)?,
                None => stmt.query_map([period_id], read)?,
            };
            let mut out = HashMap::new();
            for row in rows.limited() {
                if let (Some(unit), Some(pct)) = row? {
                    out.insert(unit, pct);
                }
            }
            return Ok(out);
        }
        let mut stmt = self.conn().prepare(&format!(
            "SELECT org_unit_id, cost_type_id, cost_development_pct FROM economy_fact \
             WHERE period_id = ?1 {of_unit} AND cost_type_id IS NOT NULL \
             AND cost_development_pct IS NOT NULL"
        ))?;
        let read = |r: &rusqlite::Row<'_>| Ok((line(r, 0), line(r, 1), decimal(r, 2)));
        let rows = match unit {
            Some(unit) => stmt.query_map([period_id, unit], read)?,
            None => stmt.query_map([period_id], read)?,
        };
        let mut out = HashMap::new();
        for row in rows.limited() {
            if let (Some(unit), Some(cost_type), Some(pct)) = row?
                && self
                    .cost_type(&cost_type)
                    .is_some_and(|c| c.group == Some(CostGroup::Net) && c.parent_id.is_none())
            {
                out.insert(unit, pct);
            }
        }
        Ok(out)
    }

    /// The units with economy figures in some period.
    pub fn units_with_economy(&self) -> Result<HashSet<String>> {
        let table = if self.economy_totals {
            "economy_total"
        } else {
            "economy_fact"
        };
        let mut stmt = self
            .conn()
            .prepare(&format!("SELECT DISTINCT org_unit_id FROM {table}"))?;
        let rows = stmt.query_map([], |r| Ok(line(r, 0)))?;
        let mut out = HashSet::new();
        for row in rows.limited() {
            out.extend(row?);
        }
        Ok(out)
    }

    /// A board's frames, oldest first, each with its bridge.
    pub fn frames(&self, board_id: &str) -> Result<Vec<Frame>> {
        // The proposal's own source, where the file names one: a second,
        // uncorrelated join, as SOURCE_JOIN is.
        let proposed_source = self.optional_column("budget_frame", "proposed_source_id");
        let sql = format!(
            "SELECT t.year, t.opening, t.decided, t.proposed, t.note, {PROVENANCE_COLUMNS}, \
             ps.document AS proposed_document, ps.section, ps.page, ps.locator, t.illustrative \
             FROM budget_frame t {SOURCE_JOIN} \
             LEFT JOIN (SELECT id, min(rowid) AS first FROM source GROUP BY id) psf ON psf.id = {proposed_source} \
             LEFT JOIN source ps ON ps.rowid = psf.first \
             WHERE t.board_id = ?1 ORDER BY t.year"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let proposed = column(&stmt, "proposed_document")?;
        let frames = stmt
            .query_map([board_id], |r| {
                Ok(Frame {
                    year: int(r, 0).unwrap_or_default(),
                    opening: int(r, 1),
                    decided: int(r, 2),
                    proposed: int(r, 3),
                    note: prose(r, 4),
                    provenance: provenance(r, source),
                    proposed_provenance: Some(provenance(r, proposed))
                        .filter(|p| p.document.is_some()),
                    changes: Vec::new(),
                })
            })?
            .bounded::<Vec<_>>()?;
        let sql = format!(
            "SELECT t.label, t.amount, t.kind, t.description, {PROVENANCE_COLUMNS} FROM frame_change t {SOURCE_JOIN} \
             WHERE t.board_id = ?1 AND t.year = ?2 ORDER BY t.seq"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let mut out = Vec::with_capacity(frames.len());
        for mut frame in frames {
            frame.changes = stmt
                .query_map(rusqlite::params![board_id, frame.year], |r| {
                    Ok(FrameChange {
                        label: line(r, 0).unwrap_or_default(),
                        amount: int(r, 1),
                        kind: line(r, 2).and_then(|k| ChangeKind::from_code(&k)),
                        description: prose(r, 3),
                        provenance: provenance(r, source),
                    })
                })?
                .bounded::<Vec<_>>()?;
            out.push(frame);
        }
        Ok(out)
    }

    /// Units that have rows by cost type in a period (those that can be
    /// drilled into).
    pub fn units_with_cost_types(&self, period_id: &str) -> Result<Rc<HashSet<String>>> {
        self.memoised(
            period_id,
            |m| &mut m.drillable,
            || self.read_units_with_cost_types(period_id),
        )
    }

    fn read_units_with_cost_types(&self, period_id: &str) -> Result<HashSet<String>> {
        // Matched to the key index like TOTAL_ROW, and a join rather than
        // EXISTS so that a file without the index gets a transient one. An
        // empty-string cost type refers to nothing: no drill.
        let lines = if self.economy_totals {
            "economy_total t ON t.period_id = ?1 AND t.org_unit_id = u.id AND t.cost_lines > 0"
        } else {
            "economy_fact t ON t.period_id = ?1 AND t.org_unit_id = u.id \
             AND coalesce(t.cost_type_id, '') > ''"
        };
        let mut stmt = self.conn().prepare(&format!(
            "SELECT DISTINCT u.id FROM (SELECT DISTINCT id FROM org_unit) u CROSS JOIN {lines}"
        ))?;
        let rows = stmt.query_map([period_id], |r| Ok(line(r, 0).unwrap_or_default()))?;
        rows.bounded::<_>()
    }

    /// Boards that have budget frames.
    pub fn boards_with_frames(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT DISTINCT board_id FROM budget_frame ORDER BY board_id")?;
        let rows = stmt.query_map([], |r| Ok(line(r, 0).unwrap_or_default()))?;
        rows.bounded::<Vec<_>>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(opening: Option<i64>, decided: Option<i64>, changes: &[Option<i64>]) -> Frame {
        Frame {
            year: 2026,
            opening,
            decided,
            proposed: Some(6_604_200_000),
            note: None,
            provenance: Provenance::default(),
            proposed_provenance: None,
            changes: changes
                .iter()
                .map(|amount| FrameChange {
                    label: "x".into(),
                    amount: *amount,
                    kind: None,
                    description: None,
                    provenance: Provenance::default(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_forecast_is_carried_from_an_earlier_report_of_the_year() {
        let store = Store::demo().unwrap();
        let at = |id: &str| store.periods.iter().find(|p| p.id == id).unwrap().clone();
        let october = at("2025-10");
        let carried = store.carried_forecasts(&october).unwrap();
        let hsn = carried.get("hsn").expect("HSN's forecast as of October");
        assert_eq!(hsn.value, -550 * 1_000_000);
        assert_eq!(hsn.period_id, "2025-08");
        assert!(hsn.provenance.citation().unwrap().contains("augusti 2025"));
        // August states its own: nothing is carried there.
        assert!(
            store
                .carried_forecasts(&at("2025-08"))
                .unwrap()
                .get("hsn")
                .is_none()
        );
        // Nothing carries into another year.
        assert!(store.carried_forecasts(&at("2025-04")).unwrap().is_empty());
        let line = store.carried_forecast(&october, "hsn", None).unwrap();
        assert_eq!(line.map(|c| c.value), Some(-550 * 1_000_000));
    }

    /// The same snapshot with `economy_total` and without it: every
    /// period-wide read the table serves gives the same figures, and the
    /// reads of a few units give what the period-wide ones hold for them.
    #[test]
    fn economy_total_reads_as_the_facts_do() {
        use std::collections::BTreeMap;
        let dir = tempfile::tempdir().unwrap();
        let open = |name: &str, table: bool| {
            let path = dir.path().join(name);
            std::fs::write(&path, super::super::DEMO).unwrap();
            let db = Connection::open(&path).unwrap();
            db.execute_batch(
                "PRAGMA journal_mode = OFF; DROP TABLE IF EXISTS economy_total; \
                 PRAGMA user_version = 4;",
            )
            .unwrap();
            if table {
                crate::snapshot::totals::write(&db).unwrap();
            }
            drop(db);
            Store::open(&path).unwrap()
        };
        let (kept, facts) = (open("kept.db", true), open("facts.db", false));
        assert!(kept.economy_totals && !facts.economy_totals);
        let shown = |m: &HashMap<String, Fact>| -> BTreeMap<String, String> {
            m.iter()
                .map(|(k, f)| (k.clone(), format!("{f:?}")))
                .collect()
        };
        for period in &kept.periods {
            let id = period.id.as_str();
            // One unit at a time first, before anything is kept.
            for unit in &kept.org {
                let one = |s: &Store| format!("{:?}", s.total(id, &unit.id).unwrap());
                assert_eq!(one(&kept), one(&facts), "{id} {}", unit.id);
                let dev = |s: &Store| {
                    let total = s.total(id, &unit.id).unwrap().unwrap_or_default();
                    s.cost_development(id, &unit.id, &total).unwrap()
                };
                assert_eq!(dev(&kept), dev(&facts), "{id} {}", unit.id);
                let carried =
                    |s: &Store| format!("{:?}", s.carried_total_forecast(period, &unit.id));
                assert_eq!(carried(&kept), carried(&facts), "{id} {}", unit.id);
            }
            assert_eq!(
                kept.worst_frames(id, 5).unwrap(),
                facts.worst_frames(id, 5).unwrap()
            );
            assert_eq!(
                kept.worst_children(id, "hsn", 5).unwrap(),
                facts.worst_children(id, "hsn", 5).unwrap()
            );
            let all = shown(&facts.totals(id).unwrap());
            assert_eq!(shown(&kept.totals(id).unwrap()), all, "{id}");
            for unit in &kept.org {
                let one = facts.total(id, &unit.id).unwrap().map(|f| format!("{f:?}"));
                assert_eq!(
                    one.as_ref(),
                    all.get(&unit.id),
                    "kept totals give the same row"
                );
            }
            assert_eq!(
                *kept.units_with_cost_types(id).unwrap(),
                *facts.units_with_cost_types(id).unwrap()
            );
            assert_eq!(
                *kept.net_developments(id).unwrap(),
                *facts.net_developments(id).unwrap()
            );
        }
        assert_eq!(
            kept.units_with_economy().unwrap(),
            facts.units_with_economy().unwrap()
        );
        assert!(!kept.net_developments("2024-08").unwrap().is_empty());
    }

    #[test]
    fn the_bridge_remainder_is_what_the_named_changes_leave() {
        const MKR: i64 = 1_000_000;
        let f = frame(
            Some(6_604_200_000),
            Some(7_058 * MKR),
            &[Some(400_300_000), Some(3_900_000), None, Some(9_600_000)],
        );
        assert_eq!(
            f.unexplained(),
            Some(40 * MKR),
            "6 604,2 + 413,8 leaves 40,0"
        );
        assert_eq!(f.decided_less_proposed(), Some(453_800_000));
        assert_eq!(frame(None, Some(1), &[]).unexplained(), None, "no opening");
        assert_eq!(
            frame(Some(i64::MIN), Some(i64::MAX), &[]).unexplained(),
            None,
            "overflow is not shown"
        );
    }

    #[test]
    fn from_the_proposal_the_decided_changes_leave_40_mkr_unexplained() {
        const MKR: i64 = 1_000_000;
        let store = Store::demo().unwrap();
        let frames = store.frames("hsn").unwrap();
        let f = frames.iter().find(|f| f.year == 2026).unwrap();
        let stretches = f.stretches();
        assert_eq!(stretches.len(), 2);
        let (to_proposal, to_decision) = (&stretches[0], &stretches[1]);
        assert_eq!(
            (to_proposal.from, to_proposal.to),
            (FramePoint::Opening, FramePoint::Proposed)
        );
        assert_eq!(to_proposal.unexplained, None, "no opening frame");
        let named: Vec<&str> = to_decision
            .changes
            .iter()
            .map(|&i| f.changes[i].label.as_str())
            .collect();
        assert_eq!(
            named,
            [
                "Budgettillskott 2026",
                "Omfördelning primärvårdsjour",
                "Omfördelning tandvård tilläggsuppdrag"
            ]
        );
        assert_eq!(to_decision.unexplained, Some(40 * MKR));
        let cited = |p: &Provenance| p.citation().unwrap_or_default();
        assert!(cited(&f.provenance).contains("oktober 2025"));
        assert!(
            cited(f.proposed_provenance.as_ref().unwrap()).contains("Planeringsförutsättningar"),
            "the proposal cites the planning feedback"
        );
        // 2025 has no proposal: one stretch, opening to decision.
        let y2025 = frames.iter().find(|f| f.year == 2025).unwrap();
        assert_eq!(y2025.stretches().len(), 1);
    }

    #[test]
    fn sample_economy_reads_with_unknowns_as_none() {
        let store = Store::demo().unwrap();
        let totals = store.totals("2025-10").unwrap();
        let hsn = &totals["hsn"];
        assert_eq!(hsn.deviation, Some(-448_000_000));
        assert_eq!(
            hsn.budget, None,
            "the report gives no budget: unknown, not 0"
        );
        assert_eq!(hsn.deviation_pct(), None);
        assert!(hsn.provenance.citation().unwrap().contains("oktober 2025"));
        let lines = store.by_cost_type("2025-10", "hsn").unwrap();
        assert_eq!(lines["personal"].deviation, Some(-380_000_000));
        let worst = store.worst_frames("2025-10", 2).unwrap();
        assert_eq!(worst[0], ("hsn.sjukhusvard".to_string(), -430_000_000));
        // The lines under Intäkter and Kostnader, not the subtotals (−551).
        let behind = store.worst_cost_types("2025-10", "hsn", 10).unwrap();
        let ids: Vec<&str> = behind.lines.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "personal",
                "material",
                "tandvardsintakter",
                "utomlansvard",
                "vardintakter"
            ]
        );
        assert_eq!(behind.lines[0].1, -380_000_000);
        assert_eq!(behind.under, ["intakter", "kostnader"]);
    }

    #[test]
    fn a_line_with_parts_is_still_a_line() {
        let store = Store::demo().unwrap();
        // Personalkostnader has a hired-staff row under it in both periods.
        let august = store.worst_cost_types("2025-08", "hsn", 3).unwrap();
        assert_eq!(
            august.lines,
            [
                ("personal".to_string(), -311_000_000),
                ("vardintakter".to_string(), -16_000_000)
            ]
        );
        let region = store.worst_cost_types("2024-08", "region", 3).unwrap();
        assert_eq!(region.lines[0], ("personal".to_string(), -425_000_000));
        assert!(
            !region
                .lines
                .iter()
                .any(|(id, _)| id == "nettokostnad" || id == "hyrpersonal"),
            "neither a subtotal nor a part: {:?}",
            region.lines
        );
        assert_eq!(region.under, ["intakter", "kostnader", "skatter_bidrag"]);
    }

    #[test]
    fn deviation_percent_is_of_the_budgets_size() {
        let fact = Fact {
            budget: Some(-800),
            deviation: Some(-40),
            ..Fact::default()
        };
        assert_eq!(fact.deviation_pct(), Some(Decimal::from(-5)));
        let zero = Fact {
            budget: Some(0),
            deviation: Some(-40),
            ..Fact::default()
        };
        assert_eq!(zero.deviation_pct(), None);
    }

    #[test]
    fn frames_with_their_bridge() {
        let store = Store::demo().unwrap();
        let frames = store.frames("hsn").unwrap();
        let f2026 = frames.iter().find(|f| f.year == 2026).unwrap();
        assert_eq!(f2026.decided, Some(7_058_000_000));
        assert_eq!(f2026.proposed, Some(6_604_200_000));
        assert!(
            f2026
                .changes
                .iter()
                .any(|c| c.amount == Some(400_300_000) && c.kind == Some(ChangeKind::Addition))
        );
    }
}
