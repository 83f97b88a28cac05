//! Directives (uppdrag): who gave them to whom, their targets, and their
//! status over the reporting periods.
//!
//! Statuses are reported only in some periods (the August interim report,
//! the year end). A period without its own status row shows the latest one
//! reported on or before its end date, so the monthly follow-up of October
//! still shows what the August report said, and says that it is from August.

use super::{
    PROVENANCE_COLUMNS, Period, Provenance, Result, RowsExt, SOURCE_JOIN, Store, asof, decimal,
    int, line, prose, provenance, provenance_at,
};
use crate::domain::status::DirectiveStatus;
use crate::domain::vocab::Achievement;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// A report's own judgement of a key figure, stated through the directive
/// whose target it measures (format version 3). It replaces the computed
/// light, as a goal's judgement does.
#[derive(Debug, Clone)]
pub struct KpiJudgement {
    pub directive_id: String,
    pub directive_title: String,
    pub report: StatusReport,
}

impl KpiJudgement {
    pub fn judged(&self) -> Achievement {
        self.report.judged()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Directive {
    pub id: String,
    pub issuer_id: String,
    /// Recipient unit ids, in the organisation's sort order.
    pub recipients: Vec<String>,
    pub title: String,
    pub text: Option<String>,
    pub rhythm: Option<String>,
    pub year: Option<i64>,
    pub end_date: Option<NaiveDate>,
    pub target_text: Option<String>,
    pub target_value: Option<Decimal>,
    pub target_unit: Option<String>,
    /// The key figure or indicator that measures the target (format
    /// version 2).
    pub kpi_id: Option<String>,
    pub indicator_id: Option<String>,
    /// The same directive's id in the previous plan year (format 3), so
    /// that a comparison with last year finds it.
    pub previous_id: Option<String>,
    pub provenance: Provenance,
}

impl Directive {
    /// This directive's row in a comparison period's `rows`: its own, or
    /// last year's under the id it links to.
    pub fn in_comparison<'a, T>(&self, rows: &'a HashMap<String, T>) -> Option<&'a T> {
        rows.get(&self.id)
            .or_else(|| rows.get(self.previous_id.as_deref()?))
    }
}

/// One status row: what a report said about a directive.
#[derive(Debug, Clone, Default)]
pub struct StatusReport {
    /// The period the report belongs to (may be earlier than the one viewed).
    pub period_id: String,
    /// `None` when the stored code is outside the vocabulary.
    pub status: Option<DirectiveStatus>,
    pub analysis: Option<String>,
    pub provenance: Provenance,
    /// The report's own judgement (format version 3): `None` when the row
    /// states none, which readers show as *ej bedömd*.
    pub judgement: Option<Achievement>,
    /// The report's words the judgement is taken from.
    pub judgement_quote: Option<String>,
    /// Where the quote stands, when another heading than the status's.
    pub judgement_source: Option<Provenance>,
    /// The end date as this report moved it ("tidsplanen förlängd").
    pub moved_end_date: Option<NaiveDate>,
}

impl StatusReport {
    /// The judgement as shown: none stated is *ej bedömd*.
    pub fn judged(&self) -> Achievement {
        self.judgement.unwrap_or(Achievement::NotJudged)
    }

    /// Where the judgement's quote stands.
    pub fn judgement_provenance(&self) -> &Provenance {
        self.judgement_source.as_ref().unwrap_or(&self.provenance)
    }
}

impl Listed {
    /// The report's judgement as of the period; *ej bedömd* without one.
    pub fn judged(&self) -> Achievement {
        self.status
            .as_ref()
            .map_or(Achievement::NotJudged, StatusReport::judged)
    }

    /// The date that decides whether the directive is late: the one a
    /// report moved it to, else its own end date.
    pub fn due(&self) -> Option<NaiveDate> {
        self.status
            .as_ref()
            .and_then(|s| s.moved_end_date)
            .or(self.directive.end_date)
    }
}

/// A directive as a period's list shows it.
#[derive(Debug, Clone)]
pub struct Listed {
    pub directive: Directive,
    /// The latest status reported on or before the period; `None` if none.
    pub status: Option<StatusReport>,
}

const DIRECTIVE_COLUMNS: &str = "t.id, t.issuer_id, t.title, t.text, t.rhythm, t.year, t.end_date, \
     t.target_text, t.target_value, t.target_unit";

/// [`DIRECTIVE_COLUMNS`] and the measures, and the provenance from `source`.
fn directive(r: &rusqlite::Row<'_>, source: usize) -> Directive {
    Directive {
        id: line(r, 0).unwrap_or_default(),
        issuer_id: line(r, 1).unwrap_or_default(),
        recipients: Vec::new(),
        title: line(r, 2).unwrap_or_default(),
        text: prose(r, 3),
        rhythm: line(r, 4),
        year: int(r, 5),
        end_date: line(r, 6).and_then(|d| parse_date(&d)),
        target_text: line(r, 7),
        target_value: decimal(r, 8),
        target_unit: line(r, 9),
        kpi_id: line(r, 10),
        indicator_id: line(r, 11),
        previous_id: line(r, 12),
        provenance: provenance(r, source),
    }
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Reads `period_id, status, analysis` from column `i`, the provenance
/// from `source`, then [`JUDGEMENT_SELECT`]'s columns right after it.
fn status_report(r: &rusqlite::Row<'_>, i: usize, source: usize) -> StatusReport {
    let j = source + 5;
    let judgement_source = line(r, j + 3)
        .map(|_| provenance(r, j + 4))
        .filter(|p| p.document.is_some());
    StatusReport {
        period_id: line(r, i).unwrap_or_default(),
        status: line(r, i + 1).and_then(|c| DirectiveStatus::from_code(&c)),
        analysis: prose(r, i + 2),
        provenance: provenance(r, source),
        judgement: line(r, j).and_then(|c| Achievement::from_code(&c)),
        judgement_quote: prose(r, j + 1),
        moved_end_date: line(r, j + 2).and_then(|d| parse_date(&d)),
        judgement_source,
    }
}

/// The judgement's columns (format version 3) and its source's citation,
/// read by [`status_report`] after the status's provenance.
const JUDGEMENT_COLUMNS: [&str; 4] = [
    "judgement",
    "judgement_quote",
    "moved_end_date",
    "judgement_source_id",
];

/// The judgement's source, joined as [`SOURCE_JOIN`] joins the row's.
const JUDGEMENT_SOURCE_JOIN: &str = "LEFT JOIN (SELECT id, min(rowid) AS first FROM source GROUP BY id) jsf \
     ON jsf.id = t.judgement_source_id LEFT JOIN source js ON js.rowid = jsf.first";

impl Store {
    /// Which judgement columns the file has (none before format version 3).
    fn judgement_columns(&self) -> Vec<&'static str> {
        JUDGEMENT_COLUMNS
            .into_iter()
            .filter(|c| self.optional_column("directive_status", c) != "NULL")
            .collect()
    }

    /// The select list [`status_report`] reads after the provenance: the
    /// judgement's columns (NULL where the file lacks them) and its
    /// source's citation, and the join that gives it.
    fn judgement_select(&self) -> (String, &'static str) {
        let has_source = self.judgement_columns().contains(&"judgement_source_id");
        let columns: Vec<String> = JUDGEMENT_COLUMNS
            .iter()
            .map(|c| self.optional_column("directive_status", c))
            .collect();
        if has_source {
            (
                format!(
                    "{}, js.document, js.section, js.page, js.locator, t.illustrative",
                    columns.join(", ")
                ),
                JUDGEMENT_SOURCE_JOIN,
            )
        } else {
            (
                format!("{}, NULL, NULL, NULL, NULL, NULL", columns.join(", ")),
                "",
            )
        }
    }

    /// The select list for a directive's key figure and indicator (NULL in
    /// a file of format version 1) and its link to last year's (NULL before
    /// version 3).
    fn measure_columns(&self) -> String {
        format!(
            "{}, {}, {}",
            self.optional_column("directive", "kpi_id"),
            self.optional_column("directive", "indicator_id"),
            self.optional_column("directive", "previous_id")
        )
    }

    /// The directives a period lists: those with a status reported on or
    /// before it, and those of its plan year (which may have no status yet).
    /// Three queries, whatever the number of directives and periods.
    pub fn directives_for_period(&self, period: &Period) -> Result<Vec<Listed>> {
        let statuses = self.statuses_of_period(period)?;
        let measures = self.measure_columns();
        let sql = format!(
            "SELECT {DIRECTIVE_COLUMNS}, {measures}, {PROVENANCE_COLUMNS} FROM directive t {SOURCE_JOIN} \
             WHERE t.year = ?1 OR t.id IN (SELECT x.directive_id FROM directive_status x \
             JOIN period p ON p.id = x.period_id WHERE (p.end_date <= ?2 AND p.year = ?1) OR x.period_id = ?3) \
             ORDER BY coalesce(t.sort_order, 1000000), t.id"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let rows = stmt.query_map(
            rusqlite::params![period.year, asof::end(period), period.id],
            |r| Ok(directive(r, source)),
        )?;
        let mut directives = rows.bounded::<Vec<_>>()?;
        let mut recipients = self.recipients()?;
        for d in &mut directives {
            d.recipients = recipients.remove(&d.id).unwrap_or_default();
        }
        Ok(directives
            .into_iter()
            .map(|d| Listed {
                status: statuses.get(&d.id).cloned(),
                directive: d,
            })
            .collect())
    }

    /// The directives a plan year gives, without status: next year's plan
    /// directives fall due before any period of that year reports on them.
    pub fn directives_of_year(&self, year: i64) -> Result<Vec<Listed>> {
        let mut stmt = self.conn().prepare(
            "SELECT id FROM directive WHERE year = ?1 ORDER BY coalesce(sort_order, 1000000), id",
        )?;
        let rows = stmt.query_map([year], |r| Ok(line(r, 0).unwrap_or_default()))?;
        let ids = rows.bounded::<Vec<_>>()?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(directive) = self.directive(&id)? {
                out.push(Listed {
                    directive,
                    status: None,
                });
            }
        }
        Ok(out)
    }

    /// Every directive's status as of `period` ([`Store::statuses_as_of`]),
    /// kept for the period's next builds.
    pub fn statuses_of_period(
        &self,
        period: &Period,
    ) -> Result<std::rc::Rc<HashMap<String, StatusReport>>> {
        self.memoised(
            &period.id,
            |m| &mut m.statuses,
            || self.statuses_as_of(period, None),
        )
    }

    /// Each directive's status as of `period` (the rule of [`asof`]: its
    /// latest within the period's year), by directive id; `only` limits it
    /// to one directive. Last year's directives are last year's report, not
    /// this year's backlog.
    pub fn statuses_as_of(
        &self,
        period: &Period,
        only: Option<&str>,
    ) -> Result<HashMap<String, StatusReport>> {
        let columns = [
            &["status", "analysis", "source_id", "illustrative"][..],
            &self.judgement_columns(),
        ]
        .concat();
        let latest = asof::latest_rows(
            "directive_status",
            &["directive_id"],
            &columns,
            ["?1", "?2", "?3"],
        );
        let (judgement, join) = self.judgement_select();
        let sql = format!(
            "SELECT t.directive_id, t.period_id, t.status, t.analysis, {PROVENANCE_COLUMNS}, {judgement} \
             FROM {latest} t {SOURCE_JOIN} {join} WHERE ?4 IS NULL OR t.directive_id = ?4"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let rows = stmt.query_map(
            rusqlite::params![period.id, asof::end(period), period.year, only],
            |r| Ok((line(r, 0).unwrap_or_default(), status_report(r, 1, source))),
        )?;
        rows.bounded::<HashMap<_, _>>()
    }

    /// One directive with its recipients, whatever the period.
    pub fn directive(&self, id: &str) -> Result<Option<Directive>> {
        let measures = self.measure_columns();
        let sql = format!(
            "SELECT {DIRECTIVE_COLUMNS}, {measures}, {PROVENANCE_COLUMNS} FROM directive t {SOURCE_JOIN} \
             WHERE t.id = ?1"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let mut rows = stmt.query_map([id], |r| Ok(directive(r, source)))?;
        let Some(mut found) = rows.next().transpose()? else {
            return Ok(None);
        };
        let mut stmt = self.conn().prepare(
            "SELECT r.org_unit_id FROM directive_recipient r \
             LEFT JOIN org_unit u ON u.id = r.org_unit_id WHERE r.directive_id = ?1 \
             ORDER BY coalesce(u.sort_order, 1000000), u.name, r.org_unit_id",
        )?;
        let rows = stmt.query_map([id], |r| Ok(line(r, 0).unwrap_or_default()))?;
        found.recipients = rows.bounded::<Vec<_>>()?;
        Ok(Some(found))
    }

    /// Every status a directive has, oldest period first.
    pub fn directive_history(&self, id: &str) -> Result<Vec<StatusReport>> {
        let (judgement, join) = self.judgement_select();
        let sql = format!(
            "SELECT t.period_id, t.status, t.analysis, {PROVENANCE_COLUMNS}, {judgement} \
             FROM directive_status t LEFT JOIN period p ON p.id = t.period_id {SOURCE_JOIN} {join} \
             WHERE t.directive_id = ?1 ORDER BY p.end_date, p.kind, t.period_id"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let rows = stmt.query_map([id], |r| Ok(status_report(r, 0, source)))?;
        rows.bounded::<Vec<_>>()
    }

    /// Units that receive at least one directive, in the organisation's
    /// sort order, then by name: the values the recipient filter cycles.
    pub fn directive_recipients(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare(
            "SELECT DISTINCT r.org_unit_id, coalesce(u.sort_order, 1000000) AS o, u.name \
             FROM directive_recipient r LEFT JOIN org_unit u ON u.id = r.org_unit_id \
             ORDER BY o, u.name, r.org_unit_id",
        )?;
        let rows = stmt.query_map([], |r| Ok(line(r, 0).unwrap_or_default()))?;
        rows.bounded::<Vec<_>>()
    }

    /// All recipients by directive, each list in the organisation's order.
    /// One query for the whole table: cheaper than one per directive.
    fn recipients(&self) -> Result<HashMap<String, Vec<String>>> {
        let mut stmt = self.conn().prepare(
            "SELECT r.directive_id, r.org_unit_id FROM directive_recipient r \
             LEFT JOIN org_unit u ON u.id = r.org_unit_id \
             ORDER BY r.directive_id, coalesce(u.sort_order, 1000000), u.name, r.org_unit_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                line(r, 0).unwrap_or_default(),
                line(r, 1).unwrap_or_default(),
            ))
        })?;
        let mut out: HashMap<String, Vec<String>> = HashMap::new();
        for row in rows.limited() {
            let (directive, unit) = row?;
            out.entry(directive).or_default().push(unit);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period<'a>(store: &'a Store, id: &str) -> &'a Period {
        store.periods.iter().find(|p| p.id == id).unwrap()
    }

    #[test]
    fn an_interim_period_lists_its_own_statuses() {
        let store = Store::demo().unwrap();
        let listed = store
            .directives_for_period(period(&store, "2024-08"))
            .unwrap();
        assert_eq!(listed.len(), 13, "the 2024 region report's directives");
        let with_status = listed.iter().filter(|l| l.status.is_some()).count();
        assert_eq!(
            with_status, 13,
            "the administration directive's from section 4.2"
        );
        let admin = listed
            .iter()
            .find(|l| l.directive.id == "d2024-13")
            .unwrap();
        // Section 4.2 reports on it but states no status and no issuer.
        assert_eq!(
            admin.status.as_ref().and_then(|s| s.status),
            Some(DirectiveStatus::NotStated),
            "a status no source states is ej angiven"
        );
        assert_eq!(admin.directive.issuer_id, "", "no source says who gave it");
        let first = &listed[0];
        assert_eq!(first.directive.id, "d2024-01");
        assert_eq!(first.directive.recipients, ["rs", "hsn"], "in sort order");
        assert_eq!(
            first.directive.end_date,
            NaiveDate::from_ymd_opt(2024, 12, 31)
        );
        let status = first.status.as_ref().unwrap();
        assert_eq!(status.period_id, "2024-08");
        assert_eq!(status.status, Some(DirectiveStatus::Ongoing));
        assert!(status.analysis.as_deref().unwrap().contains("april 2024"));
        assert!(
            status
                .provenance
                .citation()
                .unwrap()
                .contains("delårsrapport per augusti 2024")
        );
    }

    #[test]
    fn a_monthly_period_shows_the_latest_earlier_status() {
        let store = Store::demo().unwrap();
        let listed = store
            .directives_for_period(period(&store, "2025-10"))
            .unwrap();
        let staff = listed
            .iter()
            .find(|l| l.directive.id == "d2025-02")
            .unwrap();
        assert_eq!(staff.directive.title, "Minska personalkostnaden");
        assert_eq!(staff.directive.target_value, Some(Decimal::from(213)));
        assert_eq!(staff.directive.target_unit.as_deref(), Some("mkr"));
        let status = staff.status.as_ref().unwrap();
        assert_eq!(status.period_id, "2025-08", "the August report's status");
        assert_eq!(status.status, Some(DirectiveStatus::DoneWithDeviation));
        assert!(
            listed.iter().all(|l| l.directive.id != "d2024-01"),
            "a status carries forward within its year only"
        );
        assert_eq!(listed.len(), 14, "all of 2025's directives");
        assert!(listed.iter().all(|l| l.directive.year != Some(2026)));
    }

    #[test]
    fn before_its_first_report_a_year_lists_directives_without_status() {
        let store = Store::demo().unwrap();
        let listed = store
            .directives_for_period(period(&store, "2025-04"))
            .unwrap();
        let this_year: Vec<_> = listed
            .iter()
            .filter(|l| l.directive.year == Some(2025))
            .collect();
        assert_eq!(this_year.len(), 14);
        assert!(this_year.iter().all(|l| l.status.is_none()));
        assert!(
            listed
                .iter()
                .filter(|l| l.directive.year == Some(2024))
                .all(|l| l.status.as_ref().is_some_and(|s| s.period_id == "2024-08"))
        );
    }

    #[test]
    fn detail_reads_one_directive_and_its_history() {
        let store = Store::demo().unwrap();
        let d = store.directive("d2025-02").unwrap().unwrap();
        assert_eq!(d.issuer_id, "rf");
        assert_eq!(d.recipients, ["rs", "hsn", "run", "fhs", "pn"]);
        assert!(d.target_text.as_deref().unwrap().contains("213 mkr"));
        let history = store.directive_history("d2025-02").unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].period_id, "2025-08");
        let as_of = store
            .statuses_as_of(period(&store, "2025-10"), Some("d2025-02"))
            .unwrap();
        assert_eq!(as_of.len(), 1);
        assert_eq!(as_of["d2025-02"].period_id, "2025-08");
        let before = store
            .statuses_as_of(period(&store, "2025-04"), Some("d2025-02"))
            .unwrap();
        assert!(before.is_empty(), "no status before the August report");
        assert!(store.directive("nonesuch").unwrap().is_none());
        assert!(store.directive_history("nonesuch").unwrap().is_empty());
    }

    #[test]
    fn recipients_with_directives_in_sort_order() {
        let store = Store::demo().unwrap();
        let units = store.directive_recipients().unwrap();
        assert_eq!(units.first().map(String::as_str), Some("hsn.forv"));
        assert!(units.contains(&"hsn".to_string()));
        assert!(!units.contains(&"rf".to_string()), "an issuer only");
        let mut unique = units.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), units.len());
    }
}
