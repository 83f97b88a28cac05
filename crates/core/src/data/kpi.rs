//! Key figures (nyckeltal): series of values the reports state outside the
//! goals and the economy table: agency-staff share, sick leave, staff,
//! summer-contract costs, action plans, loan debt, investments.
//!
//! A value belongs to the report that states it (`kpi_value.period_id`,
//! format version 2; without it, its date stands in). As of a period P a
//! value is known when its report is P or an earlier one; the figure P
//! shows is the latest known value of P's own year (the as-of rule of
//! [`super::asof`]), and nothing carries into another year.

use super::memo::once;
use super::{
    PROVENANCE_COLUMNS, Period, Provenance, Result, RowsExt, SOURCE_JOIN, Store, decimal, line,
    prose, provenance, provenance_at,
};
use crate::domain::light::{Direction, IndicatorLight, Reading, indicator_light};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
pub struct Kpi {
    pub id: String,
    pub name: String,
    pub unit: Option<String>,
    pub direction: Option<Direction>,
    pub target: Option<Decimal>,
    pub target_text: Option<String>,
    /// The organisation unit the figure concerns.
    pub org_unit_id: Option<String>,
    pub description: Option<String>,
    /// The same figure's id in the previous plan year (format 4): what
    /// `c` compares it with against last year.
    pub previous_id: Option<String>,
    /// The key figure this one breaks down by group (format version 4):
    /// women's sick leave under the board's sick leave.
    pub parent_id: Option<String>,
    /// Oldest first.
    pub values: Vec<KpiValue>,
}

#[derive(Debug, Clone)]
pub struct KpiValue {
    /// The end of the span measured.
    pub date: NaiveDate,
    /// The span as the report words it: "R12 sep 2024–aug 2025", "2025".
    pub label: String,
    pub value: Option<Decimal>,
    /// The report that states it, where the snapshot says.
    pub period_id: Option<String>,
    pub provenance: Provenance,
}

/// A key figure as of a period.
#[derive(Debug, Clone)]
pub struct KpiAsOf<'a> {
    pub kpi: &'a Kpi,
    /// Every value known at the period, oldest first (the trend).
    pub known: Vec<&'a KpiValue>,
    /// The figure the period shows: the latest known value of its year.
    pub latest: Option<&'a KpiValue>,
}

/// The reports values name, looked up by id: a value names its report,
/// and a walk of the periods per value was slow at region scale (300
/// series of 60 values).
struct Reports<'a>(HashMap<&'a str, &'a Period>);

impl<'a> Reports<'a> {
    fn new(periods: &'a [Period]) -> Reports<'a> {
        let mut by_id: HashMap<&str, &Period> = HashMap::with_capacity(periods.len());
        for p in periods.iter().rev() {
            by_id.insert(p.id.as_str(), p);
        }
        Reports(by_id)
    }

    /// The value with the report it names, if the snapshot has that report.
    fn of<'v>(&self, v: &'v KpiValue) -> Stated<'v, 'a> {
        let report = v
            .period_id
            .as_deref()
            .and_then(|id| self.0.get(id).copied());
        Stated { value: v, report }
    }
}

/// A value and its report, looked up once.
struct Stated<'v, 'p> {
    value: &'v KpiValue,
    report: Option<&'p Period>,
}

impl Stated<'_, '_> {
    /// Whether the value is known as of `period`: stated by it or an
    /// earlier report.
    fn known(&self, period: &Period) -> bool {
        let v = self.value;
        match (&v.period_id, period.end_date) {
            (Some(_), Some(until)) => (self.report)
                .and_then(|p| p.end_date)
                .is_some_and(|e| e <= until),
            (Some(reported), None) => *reported == period.id,
            (None, Some(until)) => v.date <= until,
            (None, None) => false,
        }
    }

    /// Whether the value belongs to `period`'s year (nothing carries into
    /// another).
    fn of_the_year(&self, period: &Period) -> bool {
        match &self.value.period_id {
            Some(_) => self.report.map(|p| p.year) == Some(period.year),
            None => i64::from(self.value.date.year()) == period.year,
        }
    }
}

impl Kpi {
    /// The figure's definition, its values left out.
    fn without_values(&self) -> Kpi {
        Kpi {
            id: self.id.clone(),
            name: self.name.clone(),
            unit: self.unit.clone(),
            direction: self.direction,
            target: self.target,
            target_text: self.target_text.clone(),
            org_unit_id: self.org_unit_id.clone(),
            description: self.description.clone(),
            previous_id: self.previous_id.clone(),
            parent_id: self.parent_id.clone(),
            values: Vec::new(),
        }
    }

    /// The figure as of `period`: which values its reports up to it state.
    pub fn as_of<'a>(&'a self, period: &Period, periods: &[Period]) -> KpiAsOf<'a> {
        let reports = Reports::new(periods);
        let stated: Vec<Stated<'_, '_>> = (self.values.iter())
            .map(|v| reports.of(v))
            .filter(|s| s.known(period))
            .collect();
        let latest = (stated.iter())
            .filter(|s| s.of_the_year(period))
            .map(|s| s.value)
            .max_by_key(|v| v.date);
        KpiAsOf {
            kpi: self,
            known: stated.iter().map(|s| s.value).collect(),
            latest,
        }
    }

    /// The periods whose [`Kpi::as_of`] shows a figure, each value's report
    /// looked up once for all of them (search lists them for every key
    /// figure it finds: a lookup per value and period took half a
    /// millisecond a series at region scale).
    pub fn periods_shown<'p>(&self, periods: &'p [Period]) -> Vec<&'p Period> {
        let reports = Reports::new(periods);
        let stated: Vec<Stated<'_, '_>> = self.values.iter().map(|v| reports.of(v)).collect();
        (periods.iter())
            .filter(|p| stated.iter().any(|s| s.known(p) && s.of_the_year(p)))
            .collect()
    }
}

/// A key figure at the period it is compared with: its own value as of
/// that period or, where it has none (a new plan year's row), the value of
/// the figure it links to last year (`kpi.previous_id`, format 4).
#[derive(Debug, Clone)]
pub struct KpiBefore<'a> {
    /// The figure compared with: the same one, or last year's.
    pub kpi: &'a Kpi,
    pub value: &'a KpiValue,
    /// Now less then, the cockpit's own arithmetic: `None` where either
    /// value is unknown, the units differ, or the figure now is the very
    /// value it was then (carried from the same report: nothing new).
    pub change: Option<Decimal>,
}

impl KpiBefore<'_> {
    /// Whether the figure compared with is last year's linked one.
    pub fn linked(&self, now: &Kpi) -> bool {
        self.kpi.id != now.id
    }
}

impl KpiAsOf<'_> {
    /// Its light by the rule: key figures carry no judgement of their own,
    /// so a light is always computed (the target holds for any value).
    pub fn light(&self) -> IndicatorLight {
        indicator_light(Reading {
            value: self.latest.and_then(|v| v.value),
            target: self.kpi.target,
            direction: self.kpi.direction,
            stored: None,
            same_span: true,
        })
    }

    /// How far from target, as a share of the target: positive when short
    /// of it (or over a ceiling). `None` without a value, target or direction.
    pub fn shortfall(&self) -> Option<Decimal> {
        let value = self.latest?.value?;
        let target = self.kpi.target.filter(|t| !t.is_zero())?;
        let gap = match self.kpi.direction? {
            Direction::HigherIsBetter => target.checked_sub(value)?,
            Direction::LowerIsBetter => value.checked_sub(target)?,
        };
        gap.checked_div(target.abs())
    }
}

impl Store {
    /// The key figures with a value this year as of `period`, grouped by
    /// unit: the snapshot's focus unit and its parts first, then every other
    /// unit in the organisation's order, then figures of no (or an unknown)
    /// unit. The order of the Nyckeltal pane and the report.
    pub fn kpis_as_of<'a>(&'a self, period: &Period) -> Result<Vec<KpiAsOf<'a>>> {
        let mut figures: Vec<KpiAsOf<'a>> = self
            .kpis()?
            .iter()
            .map(|k| k.as_of(period, &self.periods))
            .filter(|f| f.latest.is_some())
            .collect();
        self.sort_by_unit(&mut figures, |f| f.kpi.org_unit_id.as_deref());
        Ok(figures)
    }

    /// The key figures with a value this year as of `period`, each with
    /// that value (its [`KpiAsOf::latest`]) as its only value, in
    /// [`Store::kpis_as_of`]'s order. Where the series are not read yet it
    /// reads no series whole: per figure, its values newest first on
    /// `kpi_value`'s key until the first one known as of the period (a
    /// national file has 3 000 series of 60 values, and Översikt wants only
    /// the figures furthest from target).
    pub fn kpis_latest_as_of(&self, period: &Period) -> Result<Vec<Kpi>> {
        // Without the key's index (or the source's) a walk per figure
        // would scan the table per figure: then every series is read once.
        let walk = self.kpis.get().is_none()
            && self.keyed_by("kpi_value", &["kpi_id", "date"])?
            && self.keyed_by("source", &["id"])?;
        let mut latest: Vec<Kpi> = if walk {
            self.read_latest_values(self.read_kpi_definitions()?, period)?
        } else {
            (self.kpis()?.iter())
                .filter_map(|k| {
                    let value = k.as_of(period, &self.periods).latest?.clone();
                    Some(Kpi {
                        values: vec![value],
                        ..k.without_values()
                    })
                })
                .collect()
        };
        self.sort_by_unit(&mut latest, |k| k.org_unit_id.as_deref());
        Ok(latest)
    }

    /// Sorts `figures` by their units: the snapshot's focus unit and its
    /// parts first, then every other unit in the organisation's order, then
    /// figures of no (or an unknown) unit; stable within a unit.
    fn sort_by_unit<T>(&self, figures: &mut [T], unit_of: impl Fn(&T) -> Option<&str>) {
        let preorder: HashMap<usize, usize> = self
            .org_tree
            .preorder()
            .into_iter()
            .enumerate()
            .map(|(place, unit)| (unit, place))
            .collect();
        let focus = self
            .focus_unit()
            .and_then(|f| self.org_tree.position(&f.id));
        let rank = |unit: Option<&str>| -> (u8, usize) {
            let Some(at) = unit.and_then(|id| self.org_tree.position(id)) else {
                return (2, 0);
            };
            let under_focus =
                focus.is_some_and(|f| at == f || self.org_tree.ancestors(at).any(|a| a == f));
            let place = preorder.get(&at).copied().unwrap_or(usize::MAX);
            (if under_focus { 0 } else { 1 }, place)
        };
        // Stable: within a unit, the snapshot's order.
        figures.sort_by_key(|f| rank(unit_of(f)));
    }

    /// `now` at the comparison period `then` ([`KpiBefore`]), if it or the
    /// figure it links to last year has a value as of `then`.
    pub fn kpi_before<'a>(
        &'a self,
        now: &KpiAsOf<'a>,
        then: &Period,
    ) -> Result<Option<KpiBefore<'a>>> {
        let own = now
            .kpi
            .as_of(then, &self.periods)
            .latest
            .map(|v| (now.kpi, v));
        let linked = match (own, now.kpi.previous_id.as_deref()) {
            (None, Some(previous)) => self
                .kpi(previous)?
                .and_then(|k| Some((k, k.as_of(then, &self.periods).latest?))),
            _ => None,
        };
        let Some((kpi, value)) = own.or(linked) else {
            return Ok(None);
        };
        let latest = now.latest;
        let same_value = kpi.id == now.kpi.id
            && latest.is_some_and(|v| v.date == value.date && v.period_id == value.period_id);
        let change = match (latest.and_then(|v| v.value), value.value) {
            (Some(a), Some(b)) if !same_value && kpi.unit == now.kpi.unit => a.checked_sub(b),
            _ => None,
        };
        Ok(Some(KpiBefore { kpi, value, change }))
    }

    /// Every key figure with all its values, in the snapshot's order; read
    /// once (a region has a few hundred series of a few dozen values).
    pub fn kpis(&self) -> Result<&[Kpi]> {
        once(&self.kpis, || self.read_kpis()).map(Vec::as_slice)
    }

    pub fn kpi(&self, id: &str) -> Result<Option<&Kpi>> {
        Ok(self.kpis()?.iter().find(|k| k.id == id))
    }

    /// The key figures that break `id` down by group, in the snapshot's
    /// order (the figure's own page lists them).
    pub fn kpi_parts(&self, id: &str) -> Result<Vec<&Kpi>> {
        Ok(self
            .kpis()?
            .iter()
            .filter(|k| k.parent_id.as_deref() == Some(id))
            .collect())
    }

    fn read_kpis(&self) -> Result<Vec<Kpi>> {
        let mut kpis = self.read_kpi_definitions()?;
        let at: HashMap<String, usize> = kpis
            .iter()
            .enumerate()
            .map(|(i, k)| (k.id.clone(), i))
            .collect();
        let period = self.optional_column("kpi_value", "period_id");
        let sql = format!(
            "SELECT t.kpi_id, t.date, t.label, t.value, {period}, {PROVENANCE_COLUMNS} \
             FROM kpi_value t {SOURCE_JOIN} ORDER BY t.kpi_id, t.date"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let rows = stmt.query_map([], |r| {
            Ok((line(r, 0).unwrap_or_default(), kpi_value(r, 1, source)))
        })?;
        for row in rows.limited() {
            let (kpi, value) = row?;
            if let (Some(&i), Some(value)) = (at.get(&kpi), value) {
                kpis[i].values.push(value);
            }
        }
        Ok(kpis)
    }

    /// Each of `kpis` with its latest value as of `period` (the value
    /// [`Kpi::as_of`] shows), those without one left out. One walk down
    /// each figure's key, newest first, stopping at the first value known
    /// as of the period; the source is looked up for the rows walked only
    /// (the shared source join would build its lookup per figure).
    fn read_latest_values(&self, kpis: Vec<Kpi>, period: &Period) -> Result<Vec<Kpi>> {
        let reports = Reports::new(&self.periods);
        let report = self.optional_column("kpi_value", "period_id");
        let sql = format!(
            "SELECT t.date, t.label, t.value, {report}, {PROVENANCE_COLUMNS} \
             FROM kpi_value t LEFT JOIN source s \
             ON s.rowid = (SELECT min(rowid) FROM source WHERE id = t.source_id) \
             WHERE t.kpi_id = ?1 ORDER BY t.date DESC"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let mut out = Vec::new();
        for mut kpi in kpis {
            let mut rows = stmt.query([&kpi.id])?;
            while let Some(r) = rows.next()? {
                // Only the date and the report decide; the rest of a value
                // is read for the one the period shows (a walk passes the
                // values of later reports first).
                let Some(date) = value_date(r, 0) else {
                    continue;
                };
                let mut value = KpiValue {
                    date,
                    label: String::new(),
                    value: None,
                    period_id: line(r, 3),
                    provenance: Provenance::default(),
                };
                let stated = reports.of(&value);
                if stated.known(period) && stated.of_the_year(period) {
                    value.label = line(r, 1).unwrap_or_default();
                    value.value = decimal(r, 2);
                    value.provenance = provenance(r, source);
                    kpi.values.push(value);
                    break;
                }
            }
            if !kpi.values.is_empty() {
                out.push(kpi);
            }
        }
        Ok(out)
    }

    /// The key figures without their values, in the snapshot's order.
    pub(crate) fn read_kpi_definitions(&self) -> Result<Vec<Kpi>> {
        // A file before format 4 links no figure to last year's, and
        // breaks none down by group.
        let previous = self.optional_column("kpi", "previous_id");
        let parent = self.optional_column("kpi", "parent_id");
        let mut stmt = self.conn().prepare(&format!(
            "SELECT t.id, t.name, t.unit, t.direction, t.target, t.target_text, t.org_unit_id, \
             t.description, {previous}, {parent} FROM kpi t \
             ORDER BY coalesce(t.sort_order, 1000000), t.id",
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok(Kpi {
                id: line(r, 0).unwrap_or_default(),
                name: line(r, 1).unwrap_or_default(),
                unit: line(r, 2).filter(|u| !u.trim().is_empty()),
                direction: line(r, 3).and_then(|d| Direction::from_code(&d)),
                target: decimal(r, 4),
                target_text: line(r, 5),
                org_unit_id: line(r, 6),
                description: prose(r, 7),
                previous_id: line(r, 8),
                parent_id: line(r, 9),
                values: Vec::new(),
            })
        })?;
        rows.bounded()
    }
}

/// A value's date in column `at`; `None` for one that is not a date.
fn value_date(r: &rusqlite::Row<'_>, at: usize) -> Option<NaiveDate> {
    line(r, at).and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
}

/// A `kpi_value` row read from column `at` on (date, label, value, report),
/// provenance at `source`; `None` for a date that is not one.
fn kpi_value(r: &rusqlite::Row<'_>, at: usize, source: usize) -> Option<KpiValue> {
    let date = value_date(r, at)?;
    Some(KpiValue {
        date,
        label: line(r, at + 1).unwrap_or_default(),
        value: decimal(r, at + 2),
        period_id: line(r, at + 3),
        provenance: provenance(r, source),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at<'s>(store: &'s Store, id: &str) -> &'s Period {
        store.periods.iter().find(|p| p.id == id).unwrap()
    }

    #[test]
    fn a_value_is_known_from_the_report_that_states_it() {
        let store = Store::demo().unwrap();
        let summer = store.kpi("k-sommaravtal-kostnad").unwrap().unwrap();
        // The October follow-up states the summers of 2023, 2024 and 2025.
        let october = summer.as_of(at(&store, "2025-10"), &store.periods);
        let values: Vec<String> = october
            .known
            .iter()
            .map(|v| v.value.unwrap().to_string())
            .collect();
        assert_eq!(values, ["50.1", "31.7", "9.7"]);
        assert_eq!(october.latest.map(|v| v.label.as_str()), Some("2025"));
        // August's report did not have them yet.
        let august = summer.as_of(at(&store, "2025-08"), &store.periods);
        assert!(august.known.is_empty() && august.latest.is_none());
    }

    #[test]
    fn the_agency_staff_share_against_its_ceiling() {
        let store = Store::demo().unwrap();
        let share = store.kpi("k-hyrpersonal-andel").unwrap().unwrap();
        let august = share.as_of(at(&store, "2025-08"), &store.periods);
        let latest = august.latest.unwrap();
        assert_eq!(latest.value.map(|v| v.to_string()).as_deref(), Some("3.81"));
        assert_eq!(latest.label, "R12 sep 2024–aug 2025");
        let light = august.light();
        assert_eq!(
            light.above_ceiling.map(|d| d.to_string()).as_deref(),
            Some("0.11")
        );
        assert!(august.shortfall().unwrap() > Decimal::ZERO);
        // Still the figure in October (August's, carried), never in 2024.
        let october = share.as_of(at(&store, "2025-10"), &store.periods);
        assert_eq!(october.latest.map(|v| v.date), Some(latest.date));
        assert!(
            share
                .as_of(at(&store, "2024-08"), &store.periods)
                .latest
                .is_none()
        );
    }

    #[test]
    fn last_year_a_figure_is_compared_with_the_one_it_links_to() {
        let store = Store::demo().unwrap();
        let share = store.kpi("k-hyrpersonal-andel").unwrap().unwrap();
        assert_eq!(
            share.previous_id.as_deref(),
            Some("k2024-hyrpersonal-andel-region")
        );
        let now = share.as_of(at(&store, "2025-08"), &store.periods);
        let before = store
            .kpi_before(&now, at(&store, "2024-08"))
            .unwrap()
            .expect("last year's share");
        assert!(before.linked(share));
        assert_eq!(before.kpi.id, "k2024-hyrpersonal-andel-region");
        assert_eq!(before.value.value, Some(Decimal::new(44, 1)));
        assert_eq!(before.change, Some(Decimal::new(-59, 2)), "3,81 − 4,4");
        // Against the previous report of the same year: no value in April,
        // and none linked there either.
        assert!(
            store
                .kpi_before(&now, at(&store, "2025-04"))
                .unwrap()
                .is_none()
        );
        // October against August: the same value, carried; nothing new.
        let october = share.as_of(at(&store, "2025-10"), &store.periods);
        let carried = store
            .kpi_before(&october, at(&store, "2025-08"))
            .unwrap()
            .unwrap();
        assert!(!carried.linked(share));
        assert_eq!(carried.change, None);
        // Sick leave: HSN's 12-month average a year before.
        let sick = store.kpi("k-sjukfranvaro").unwrap().unwrap();
        let now = sick.as_of(at(&store, "2025-08"), &store.periods);
        let before = store
            .kpi_before(&now, at(&store, "2024-08"))
            .unwrap()
            .unwrap();
        assert_eq!(before.kpi.id, "k2024-sjukfranvaro-hsn");
        assert_eq!(before.change, Some(Decimal::new(2, 1)), "5,8 − 5,6");
    }

    #[test]
    fn every_series_is_read() {
        let store = Store::demo().unwrap();
        assert_eq!(store.kpis().unwrap().len(), 79);
        assert!(store.kpis().unwrap().iter().all(|k| !k.values.is_empty()));
    }

    /// The latest values read figure by figure (a store that has not read
    /// the series) are those `kpis_as_of` shows from every series, in the
    /// same order, in every period of the sample; so are those taken from
    /// series already read.
    #[test]
    fn the_latest_values_read_alone_are_those_of_the_whole_series() {
        let whole = Store::demo().unwrap();
        // The sample's key is indexed, so the fresh stores below walk it.
        assert!(whole.keyed_by("kpi_value", &["kpi_id", "date"]).unwrap());
        assert!(whole.keyed_by("source", &["id"]).unwrap());
        assert!(!whole.keyed_by("kpi_value", &["date"]).unwrap());
        assert!(!whole.keyed_by("kpi_value", &["kpi_id", "label"]).unwrap());
        let mut compared = 0;
        for period in &whole.periods {
            let probed = Store::demo().unwrap().kpis_latest_as_of(period).unwrap();
            let kept = whole.kpis_latest_as_of(period).unwrap();
            let series = whole.kpis_as_of(period).unwrap();
            assert_eq!(probed.len(), series.len(), "{}", period.id);
            assert_eq!(kept.len(), series.len(), "{}", period.id);
            for ((alone, kept), figure) in probed.iter().zip(&kept).zip(&series) {
                let latest = figure.latest.unwrap();
                for k in [alone, kept] {
                    assert_eq!(k.id, figure.kpi.id, "{}", period.id);
                    assert_eq!(k.target, figure.kpi.target);
                    assert_eq!(k.values.len(), 1);
                    let v = &k.values[0];
                    assert_eq!(
                        (v.date, &v.label, v.value, &v.period_id, &v.provenance),
                        (
                            latest.date,
                            &latest.label,
                            latest.value,
                            &latest.period_id,
                            &latest.provenance
                        ),
                        "{} {}",
                        period.id,
                        k.id
                    );
                }
                compared += 1;
            }
        }
        assert!(compared > 100, "{compared}");
    }

    /// Search's periods of a key figure are those whose as-of figure
    /// exists, for every key figure of the sample.
    #[test]
    fn the_periods_shown_are_those_with_a_figure_as_of_them() {
        let store = Store::demo().unwrap();
        let mut shown = 0;
        for kpi in store.kpis().unwrap() {
            let by_as_of: Vec<&str> = (store.periods.iter())
                .filter(|p| kpi.as_of(p, &store.periods).latest.is_some())
                .map(|p| p.id.as_str())
                .collect();
            let found: Vec<&str> = (kpi.periods_shown(&store.periods).iter())
                .map(|p| p.id.as_str())
                .collect();
            assert_eq!(found, by_as_of, "{}", kpi.id);
            shown += found.len();
        }
        assert!(shown > 0);
    }
}
