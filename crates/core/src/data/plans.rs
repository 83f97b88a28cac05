//! What format version 4 added beside the economy table: the investment
//! report (investeringsredovisning) of a period, a board's planned changes
//! of units, wards and posts, and a line's stated change against last year.
//! A file of an earlier version has none of them: its reads come back empty.

use super::asof::earlier_in_year;
use super::{
    PROVENANCE_COLUMNS, Period, Provenance, Result, RowsExt, SOURCE_JOIN, Store, decimal, int,
    line, prose, provenance_at,
};
use crate::domain::vocab::PlannedKind;
use rusqlite::OptionalExtension;
use rust_decimal::Decimal;

/// One line of an investment report. Amounts in whole kronor, result sign:
/// spending is negative, so a deviation is negative when worse.
#[derive(Debug, Clone, Default)]
pub struct Investment {
    pub id: String,
    pub parent_id: Option<String>,
    pub org_unit_id: String,
    pub name: String,
    pub budget_full_year: Option<i64>,
    pub outcome: Option<i64>,
    pub outcome_prev_year: Option<i64>,
    pub deviation: Option<i64>,
    pub forecast: Option<i64>,
    pub forecast_deviation: Option<i64>,
    /// Only some of its parts are stated ("varav").
    pub partial: bool,
    pub analysis: Option<String>,
    pub provenance: Provenance,
}

/// The investment report a period shows: its own, else the latest earlier
/// one of its year (the as-of rule), and which period that is.
#[derive(Debug, Clone, Default)]
pub struct InvestmentReport {
    pub period_id: String,
    /// Lines in the report's order, each part after its line.
    pub lines: Vec<Investment>,
}

impl InvestmentReport {
    /// How deep `line` lies below a line without a parent (0 for those).
    pub fn depth(&self, line: &Investment) -> usize {
        let mut depth = 0;
        let mut parent = line.parent_id.as_deref();
        // Bounded by the number of lines: a cycle in a hostile file ends.
        while let Some(p) = parent.filter(|_| depth < self.lines.len()) {
            depth += 1;
            parent = self
                .lines
                .iter()
                .find(|l| l.id == p)
                .and_then(|l| l.parent_id.as_deref());
        }
        depth
    }
}

/// A board's planned change of a unit, ward or service for a plan year.
#[derive(Debug, Clone)]
pub struct PlannedChange {
    pub id: String,
    pub year: i64,
    pub board_id: String,
    pub org_unit_id: Option<String>,
    pub kind: Option<PlannedKind>,
    pub title: String,
    pub text: Option<String>,
    /// Beds opened (+) or closed (−), as the source states.
    pub beds: Option<i64>,
    /// Full-time posts, as the source states ("ca 12 helårstjänster").
    pub posts: Option<Decimal>,
    /// When it was decided (`YYYY-MM`) and by whom, as the source states.
    pub decided: Option<String>,
    pub decided_by_id: Option<String>,
    pub provenance: Provenance,
}

impl Store {
    /// Whether the file has the tables of format version 4.
    fn has_table(&self, table: &'static str, column: &'static str) -> bool {
        self.optional_column(table, column) != "NULL"
    }

    /// The investment report as of `period`: its own, or the latest of an
    /// earlier report of the same year; `None` when no report of the year
    /// has one.
    pub fn investments_as_of(&self, period: &Period) -> Result<Option<InvestmentReport>> {
        if !self.has_table("investment", "id") {
            return Ok(None);
        }
        let sql = format!(
            "SELECT t.id, t.parent_id, t.org_unit_id, t.name, t.budget_full_year, t.outcome, \
             t.outcome_prev_year, t.deviation, t.forecast, t.forecast_deviation, \
             t.breakdown = 'partial', t.analysis, {PROVENANCE_COLUMNS} \
             FROM investment t {SOURCE_JOIN} WHERE t.period_id = ?1 \
             ORDER BY coalesce(t.sort_order, 1000000), t.id"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let mut candidates = vec![period];
        candidates.extend(earlier_in_year(&self.periods, period));
        for candidate in candidates {
            let lines: Vec<Investment> = stmt
                .query_map([&candidate.id], |r| {
                    Ok(Investment {
                        id: line(r, 0).unwrap_or_default(),
                        parent_id: line(r, 1),
                        org_unit_id: line(r, 2).unwrap_or_default(),
                        name: line(r, 3).unwrap_or_default(),
                        budget_full_year: int(r, 4),
                        outcome: int(r, 5),
                        outcome_prev_year: int(r, 6),
                        deviation: int(r, 7),
                        forecast: int(r, 8),
                        forecast_deviation: int(r, 9),
                        partial: int(r, 10) == Some(1),
                        analysis: prose(r, 11),
                        provenance: super::provenance(r, source),
                    })
                })?
                .bounded()?;
            if !lines.is_empty() {
                return Ok(Some(InvestmentReport {
                    period_id: candidate.id.clone(),
                    lines: in_tree_order(lines),
                }));
            }
        }
        Ok(None)
    }

    /// Every planned change, by plan year, board and the snapshot's order.
    pub fn planned_changes(&self) -> Result<Vec<PlannedChange>> {
        if !self.has_table("planned_change", "id") {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT t.id, t.year, t.board_id, t.org_unit_id, t.kind, t.title, t.text, t.beds, \
             t.posts, t.decided, t.decided_by_id, {PROVENANCE_COLUMNS} \
             FROM planned_change t {SOURCE_JOIN} \
             ORDER BY t.year, t.board_id, coalesce(t.sort_order, 1000000), t.id"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let rows = stmt.query_map([], |r| {
            Ok(PlannedChange {
                id: line(r, 0).unwrap_or_default(),
                year: int(r, 1).unwrap_or_default(),
                board_id: line(r, 2).unwrap_or_default(),
                org_unit_id: line(r, 3),
                kind: line(r, 4).and_then(|k| PlannedKind::from_code(&k)),
                title: line(r, 5).unwrap_or_default(),
                text: prose(r, 6),
                beds: int(r, 7),
                posts: decimal(r, 8),
                decided: line(r, 9),
                decided_by_id: line(r, 10),
                provenance: super::provenance(r, source),
            })
        })?;
        rows.bounded()
    }

    /// A board's planned changes for one plan year.
    pub fn planned_changes_of(&self, board: &str, year: i64) -> Result<Vec<PlannedChange>> {
        Ok(self
            .planned_changes()?
            .into_iter()
            .filter(|c| c.board_id == board && c.year == year)
            .collect())
    }

    /// A line's change against the same period last year as its row states
    /// it (format version 4), in kronor, result sign.
    pub fn change_prev_year(
        &self,
        period: &str,
        unit: &str,
        cost_type: Option<&str>,
    ) -> Result<Option<i64>> {
        if !self.has_table("economy_fact", "change_prev_year") {
            return Ok(None);
        }
        let found = self
            .conn()
            .query_row(
                "SELECT t.change_prev_year FROM economy_fact t WHERE t.period_id = ?1 \
                 AND t.org_unit_id = ?2 AND coalesce(t.cost_type_id, '') = coalesce(?3, '') \
                 AND t.cost_type_id IS ?3",
                rusqlite::params![period, unit, cost_type],
                |r| Ok(int(r, 0)),
            )
            .optional()?;
        Ok(found.flatten())
    }
}

/// A line whose row states its change against last year (format 4).
#[derive(Debug, Clone)]
pub struct StatedChange {
    pub org_unit_id: String,
    pub cost_type_id: Option<String>,
    /// Kronor, result sign.
    pub change: i64,
    pub pct: Option<Decimal>,
    pub provenance: Provenance,
}

impl Store {
    /// Every line of `period` that states its change against last year, in
    /// the organisation's and the cost types' order.
    pub fn stated_changes(&self, period: &str) -> Result<Vec<StatedChange>> {
        if !self.has_table("economy_fact", "change_prev_year") {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT t.org_unit_id, t.cost_type_id, t.change_prev_year, t.cost_development_pct, \
             {PROVENANCE_COLUMNS} FROM economy_fact t {SOURCE_JOIN} \
             WHERE t.period_id = ?1 AND t.change_prev_year IS NOT NULL"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let rows = stmt.query_map([period], |r| {
            Ok(int(r, 2).map(|change| StatedChange {
                org_unit_id: line(r, 0).unwrap_or_default(),
                cost_type_id: line(r, 1),
                change,
                pct: decimal(r, 3),
                provenance: super::provenance(r, source),
            }))
        })?;
        let mut found: Vec<StatedChange> =
            rows.bounded::<Vec<_>>()?.into_iter().flatten().collect();
        let unit_at = |id: &str| {
            self.org
                .iter()
                .position(|u| u.id == id)
                .unwrap_or(usize::MAX)
        };
        let cost_at = |id: Option<&str>| {
            id.map_or(0, |id| {
                self.cost_types
                    .iter()
                    .position(|c| c.id == id)
                    .map_or(usize::MAX, |i| i + 1)
            })
        };
        found.sort_by_key(|c| (unit_at(&c.org_unit_id), cost_at(c.cost_type_id.as_deref())));
        Ok(found)
    }
}

/// Each line followed by its parts, depth first, keeping the snapshot's
/// order among siblings; a line whose parent is missing stays at the top.
fn in_tree_order(lines: Vec<Investment>) -> Vec<Investment> {
    let known: std::collections::HashSet<&str> = lines.iter().map(|l| l.id.as_str()).collect();
    let is_top = |l: &Investment| l.parent_id.as_deref().is_none_or(|p| !known.contains(p));
    let mut order: Vec<usize> = Vec::with_capacity(lines.len());
    let mut stack: Vec<usize> = (0..lines.len())
        .filter(|&i| is_top(&lines[i]))
        .rev()
        .collect();
    let mut seen = vec![false; lines.len()];
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        order.push(i);
        let parts = (0..lines.len())
            .filter(|&j| lines[j].parent_id.as_deref() == Some(lines[i].id.as_str()))
            .rev();
        stack.extend(parts);
    }
    // Lines in a cycle of parents (a hostile file) come last, not lost.
    order.extend((0..lines.len()).filter(|&i| !seen[i]));
    let mut slots: Vec<Option<Investment>> = lines.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at<'s>(store: &'s Store, id: &str) -> &'s Period {
        store.periods.iter().find(|p| p.id == id).unwrap()
    }

    #[test]
    fn the_2024_investment_report_is_read_in_tree_order_and_not_carried_into_2025() {
        let store = Store::demo().unwrap();
        let report = store
            .investments_as_of(at(&store, "2024-08"))
            .unwrap()
            .unwrap();
        assert_eq!(report.period_id, "2024-08");
        let total = &report.lines[0];
        assert_eq!(total.id, "totalt");
        assert_eq!(total.outcome, Some(-522_000_000));
        assert_eq!(total.forecast, Some(-945_000_000));
        assert_eq!(total.forecast_deviation, Some(-15_000_000));
        assert_eq!(
            total.provenance.section.as_deref(),
            Some("5 Investeringsredovisning")
        );
        // Each part directly after its line.
        let ids: Vec<&str> = report.lines.iter().map(|l| l.id.as_str()).collect();
        let fastighet = ids.iter().position(|i| *i == "fastighet").unwrap();
        let ovriga = ids.iter().position(|i| *i == "ovriga").unwrap();
        assert!(fastighet < ovriga);
        assert_eq!(report.depth(&report.lines[fastighet]), 1);
        assert!(
            report.lines[fastighet + 1..ovriga]
                .iter()
                .all(|l| report.depth(l) >= 2)
        );
        for period in ["2025-04", "2025-08", "2025-10"] {
            assert!(
                store
                    .investments_as_of(at(&store, period))
                    .unwrap()
                    .is_none(),
                "{period}"
            );
        }
    }

    #[test]
    fn the_boards_planned_changes_for_2026_keep_beds_posts_and_decisions_as_stated() {
        let store = Store::demo().unwrap();
        let changes = store.planned_changes_of("hsn", 2026).unwrap();
        assert_eq!(changes.len(), 6);
        let kava = changes.iter().find(|c| c.beds.is_some()).unwrap();
        assert_eq!(kava.beds, Some(8));
        let visa = changes.iter().find(|c| c.posts.is_some()).unwrap();
        assert_eq!(visa.posts.unwrap().to_string(), "12");
        let decided: Vec<&str> = changes
            .iter()
            .filter_map(|c| c.decided.as_deref())
            .collect();
        assert_eq!(decided, ["2025-06", "2025-06"]);
        assert!(changes.iter().all(|c| {
            c.provenance.section.as_deref() == Some("Nämndens planerade verksamhetsförändringar")
        }));
        assert!(store.planned_changes_of("hsn", 2025).unwrap().is_empty());
    }

    #[test]
    fn taxes_and_grants_state_their_change_against_last_year() {
        let store = Store::demo().unwrap();
        let change = store
            .change_prev_year("2024-08", "region", Some("skatter_bidrag"))
            .unwrap();
        assert_eq!(change, Some(473_000_000));
        assert_eq!(
            store.change_prev_year("2024-08", "region", None).unwrap(),
            None
        );
    }
}
