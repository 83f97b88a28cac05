//! Beds: monthly available beds per unit (*disponibla vårdplatser, snitt per
//! dag*), each unit's målbild and the events that changed the number of beds.
//!
//! A view asks only for the months it shows: the table the last two years up
//! to the period, the chart the whole series up to the period. Nothing after
//! the period's month is ever loaded, so a user looking at ack augusti 2025
//! does not see October.

pub use super::bed_unit::BedUnit;
use super::memo::once;
use super::{
    PROVENANCE_COLUMNS, Provenance, Result, RowsExt, SOURCE_JOIN, Store, clean_text, decimal, int,
    line, prose, provenance, provenance_at,
};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::rc::Rc;

/// A calendar month, counted from year 0 so that months subtract simply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(i32);

impl Month {
    pub fn new(year: i32, month: u32) -> Option<Month> {
        (1..=12)
            .contains(&month)
            .then(|| Month(year * 12 + month as i32 - 1))
    }

    /// `YYYY-MM`, as the format stores months; anything else is `None`.
    pub fn parse(text: &str) -> Option<Month> {
        let (year, month) = text.split_once('-')?;
        if year.len() != 4 || month.len() != 2 {
            return None;
        }
        if !(year.bytes().all(|b| b.is_ascii_digit()) && month.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        Month::new(year.parse().ok()?, month.parse().ok()?)
    }

    pub fn of(date: NaiveDate) -> Month {
        Month(date.year() * 12 + date.month0() as i32)
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// 1–12.
    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    /// The month `n` months later (earlier when negative).
    pub fn plus(self, n: i32) -> Month {
        Month(self.0 + n)
    }

    /// Whole months from `earlier` to `self`.
    pub fn since(self, earlier: Month) -> i32 {
        self.0 - earlier.0
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

/// R12: the mean of the twelve months ending at `values[end]`. Unknown
/// unless all twelve are known: a mean over fewer months would pass a
/// partial year off as a rolling one.
pub fn r12(values: &[Option<Decimal>], end: usize) -> Option<Decimal> {
    let window = values.get(end.checked_sub(11)?..=end)?;
    let mut sum = Decimal::ZERO;
    for value in window {
        sum = sum.checked_add((*value)?)?;
    }
    sum.checked_div(Decimal::from(12))
}

/// One unit's monthly series, dense from `start`: a month without a row (or
/// with an unreadable value) is a gap, never 0.
#[derive(Debug, Clone)]
pub struct BedSeries {
    pub unit_id: String,
    pub start: Month,
    pub values: Vec<Option<Decimal>>,
    /// Any of the rows is illustrative: the whole line is then marked.
    pub illustrative: bool,
    /// The distinct sources of the rows, in month order of first use.
    pub sources: Vec<Provenance>,
}

impl BedSeries {
    /// The month of the last value slot.
    pub fn end(&self) -> Month {
        self.start.plus(self.values.len() as i32 - 1)
    }

    pub fn months(&self) -> impl Iterator<Item = Month> + '_ {
        (0..self.values.len()).map(|i| self.start.plus(i as i32))
    }

    pub fn index_of(&self, month: Month) -> Option<usize> {
        usize::try_from(month.since(self.start))
            .ok()
            .filter(|i| *i < self.values.len())
    }

    pub fn at(&self, month: Month) -> Option<Decimal> {
        self.index_of(month).and_then(|i| self.values[i])
    }

    pub fn r12_at(&self, month: Month) -> Option<Decimal> {
        r12(&self.values, self.index_of(month)?)
    }

    /// R12 at every month: the chart's second line.
    pub fn r12_line(&self) -> Vec<Option<Decimal>> {
        (0..self.values.len())
            .map(|i| r12(&self.values, i))
            .collect()
    }

    /// The `n` months ending at `end`, gaps where the series has none.
    pub fn window(&self, end: Month, n: usize) -> Vec<Option<Decimal>> {
        (0..n)
            .map(|k| self.at(end.plus(k as i32 - n as i32 + 1)))
            .collect()
    }

    /// Change against the same month a year earlier.
    pub fn change_from_last_year(&self, month: Month) -> Option<Decimal> {
        self.at(month)?.checked_sub(self.at(month.plus(-12))?)
    }
}

/// A unit's målbild.
#[derive(Debug, Clone)]
pub struct BedTarget {
    pub beds: Option<Decimal>,
    pub description: Option<String>,
    pub provenance: Provenance,
}

/// Beds opened or closed on a day, or in a month where the source gives
/// no day.
#[derive(Debug, Clone)]
pub struct BedEvent {
    /// The day; for a month-only event, the month's first day.
    pub date: NaiveDate,
    /// The source gives only the month (`2025-08`): `date` is its first day
    /// and is never shown as a day.
    pub month_only: bool,
    pub unit_id: String,
    pub label: String,
    pub text: Option<String>,
    pub bed_change: Option<i64>,
    pub provenance: Provenance,
    /// The directive whose promised beds the event counts towards (format
    /// 4), as the producer links them.
    pub directive_id: Option<String>,
}

impl BedEvent {
    pub fn month(&self) -> Month {
        Month::of(self.date)
    }

    /// The date as the source gives it: `2025-09-22`, or `2025-08`.
    pub fn when(&self) -> String {
        match self.month_only {
            true => self.month().to_string(),
            false => self.date.format("%Y-%m-%d").to_string(),
        }
    }
}

/// A stored event date: a day, or (since format 2) a month, read as its
/// first day and marked so. Anything else is `None`.
pub fn event_date(text: &str) -> Option<(NaiveDate, bool)> {
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some((day, false));
    }
    let month = Month::parse(text)?;
    Some((
        NaiveDate::from_ymd_opt(month.year(), month.month(), 1)?,
        true,
    ))
}

/// Beds a directive promises ("Öppna 25 vårdplatser"), against the events
/// linked to it that have opened by a period's end.
#[derive(Debug, Clone)]
pub struct BedPromise {
    pub directive_id: String,
    pub title: String,
    /// The target as worded: "Öppna 25 vårdplatser för opererande specialiteter".
    pub target_text: Option<String>,
    /// The directive's target value: the beds promised.
    pub promised: Option<Decimal>,
    /// The directive's source: where the promise stands.
    pub provenance: Provenance,
    /// The linked events up to the period's end, oldest first.
    pub opened: Vec<BedEvent>,
}

impl BedPromise {
    /// Beds the linked events opened (closed ones count against): the sum
    /// of the changes they state. An event without a number adds nothing
    /// and is still listed.
    pub fn opened_beds(&self) -> i64 {
        self.opened.iter().filter_map(|e| e.bed_change).sum()
    }

    /// What is left to open: promised less opened; nothing below zero is
    /// "left", so an overshoot is shown as none left.
    pub fn left(&self) -> Option<Decimal> {
        let left = self
            .promised?
            .checked_sub(Decimal::from(self.opened_beds()))?;
        Some(left.max(Decimal::ZERO))
    }
}

/// Where an event falls on a series that starts at `start` and has `len`
/// months; `None` outside it.
pub fn event_index(start: Month, len: usize, date: NaiveDate) -> Option<usize> {
    usize::try_from(Month::of(date).since(start))
        .ok()
        .filter(|i| *i < len)
}

/// [`SOURCE_JOIN`] for a read of a few rows by key: each row's source
/// looked up on the source key, where the join would first read every
/// source (per statement run, so per row on screen).
const SOURCE_OF_ONE: &str = "LEFT JOIN source s ON s.rowid = \
     (SELECT min(f.rowid) FROM source f WHERE f.id = t.source_id)";

/// Months are compared as text in SQL (`YYYY-MM` sorts as it reads); only
/// well-formed ones are let through, so a stray value cannot widen a range.
const MONTH_SHAPE: &str = "t.month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'";

impl Store {
    /// The latest month up to `until` that any unit has a bed figure for:
    /// normally `until` itself, earlier when the beds lag the economy.
    pub fn bed_latest_month(&self, until: Month) -> Result<Option<Month>> {
        if self.bed_months.get().is_none()
            && self.keyed_by("bed_month", &["org_unit_id", "month"])?
        {
            return self.bed_latest_month_by_unit(until);
        }
        Ok(self.bed_months()?.range(..=until).next_back().copied())
    }

    /// [`Store::bed_latest_month`] on the (org_unit_id, month) key: per
    /// unit, its months newest first from `until` to the first one with a
    /// figure, then a hop to the next unit on the key. The first unit with
    /// a figure in `until` itself ends the walk, so a file whose beds keep
    /// up with its reports is read in a few probes, not 360 000 rows
    /// (national scale); one whose beds lag is read in two probes a unit.
    fn bed_latest_month_by_unit(&self, until: Month) -> Result<Option<Month>> {
        use rusqlite::OptionalExtension;
        use rusqlite::types::Value;
        let conn = self.conn();
        let mut latest_of = conn.prepare(&format!(
            "SELECT t.month FROM bed_month t WHERE t.org_unit_id IS ?1 AND t.month <= ?2 \
             AND t.available IS NOT NULL AND {MONTH_SHAPE} ORDER BY t.month DESC"
        ))?;
        let mut first = conn.prepare(
            "SELECT t.org_unit_id FROM bed_month t WHERE t.org_unit_id IS NOT NULL \
             ORDER BY t.org_unit_id LIMIT 1",
        )?;
        let mut next = conn.prepare(
            "SELECT t.org_unit_id FROM bed_month t WHERE t.org_unit_id > ?1 \
             ORDER BY t.org_unit_id LIMIT 1",
        )?;
        let until_text = until.to_string();
        let mut latest: Option<Month> = None;
        // Rows of no unit count too (the key does not forbid them): first.
        let mut unit = Some(Value::Null);
        while let Some(at) = unit {
            let mut months = latest_of.query(rusqlite::params![at, until_text])?;
            while let Some(row) = months.next()? {
                // The shape lets "2025-13" through; such a month is none.
                if let Some(month) = line(row, 0).as_deref().and_then(Month::parse) {
                    latest = latest.max(Some(month));
                    break;
                }
            }
            if latest == Some(until) {
                break;
            }
            unit = match at {
                Value::Null => first.query_row([], |r| r.get::<_, Value>(0)).optional()?,
                at => next.query_row([at], |r| r.get::<_, Value>(0)).optional()?,
            };
        }
        Ok(latest)
    }

    /// Every month any unit has a bed figure for, for a file whose
    /// bed_month has no index on its key: no index leads to "the latest
    /// month with a figure", so this reads the whole table, once per open
    /// snapshot, not on every period switch and pane build.
    fn bed_months(&self) -> Result<&BTreeSet<Month>> {
        once(&self.bed_months, || {
            let sql = format!(
                "SELECT DISTINCT t.month FROM bed_month t WHERE t.available IS NOT NULL AND {MONTH_SHAPE}"
            );
            let mut stmt = self.conn().prepare(&sql)?;
            let rows = stmt.query_map([], |r| Ok(line(r, 0)))?;
            let mut months = BTreeSet::new();
            for month in rows.limited() {
                months.extend(month?.as_deref().and_then(Month::parse));
            }
            Ok(months)
        })
    }

    /// Series from `from` (the first month when `None`) to `until`, of one
    /// unit or of all, by unit id.
    pub fn bed_series(
        &self,
        unit: Option<&str>,
        from: Option<Month>,
        until: Month,
    ) -> Result<HashMap<String, BedSeries>> {
        // One unit's months are a range of the (org_unit_id, month) key;
        // "?3 IS NULL OR ..." would hide that from the planner.
        //
        // All units' series feed the table, which cites no sources: those
        // are read with one unit's series, for its chart.
        let (of_unit, provenance_columns, source_join) = if unit.is_some() {
            ("t.org_unit_id = ?3 AND", PROVENANCE_COLUMNS, SOURCE_JOIN)
        } else {
            (
                "?3 IS NULL AND",
                "NULL AS source_document, NULL, NULL, NULL, t.illustrative",
                "",
            )
        };
        let sql = format!(
            "SELECT t.org_unit_id, t.month, t.available, {provenance_columns} FROM bed_month t {source_join} \
             WHERE {of_unit} t.month >= ?1 AND t.month <= ?2 AND {MONTH_SHAPE} \
             ORDER BY t.org_unit_id, t.month"
        );
        let from = from.map_or_else(|| "0000-00".to_string(), |m| m.to_string());
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let mut out: HashMap<String, BedSeries> = HashMap::new();
        // Each row goes straight into its series: at region scale this reads
        // thousands of rows, and a key per row would be allocated for nothing.
        let rows = stmt.query_map(rusqlite::params![from, until.to_string(), unit], |r| {
            let month = clean_text(r, 1).and_then(Month::parse);
            let (Some(month), value, provenance) = (month, decimal(r, 2), provenance(r, source))
            else {
                return Ok(());
            };
            match clean_text(r, 0) {
                Some(unit_id) => add_month(&mut out, unit_id, month, value, provenance),
                None => {
                    if let Some(unit_id) = line(r, 0) {
                        add_month(&mut out, &unit_id, month, value, provenance);
                    }
                }
            }
            Ok(())
        })?;
        for row in rows.limited() {
            row?;
        }
        Ok(out)
    }

    /// The units with a month from `from` to `until` (those whose series
    /// [`Store::bed_series`] gives for that window), in key order, for a
    /// file whose bed_month has its (org_unit_id, month) key: a hop to each
    /// unit on the key and one probe of its window, in one statement, so
    /// that the table knows its rows without reading their months (at
    /// national scale 3 000 units, not 72 000 months). `None` for a file
    /// without the key, where each hop would be a pass over the table.
    pub fn bed_units_between(&self, from: Month, until: Month) -> Result<Option<Vec<BedUnit>>> {
        use rusqlite::types::Value;
        if !self.keyed_by("bed_month", &["org_unit_id", "month"])? {
            return Ok(None);
        }
        // What a month must be for bed_series to place it: text of the
        // shape, a month 01–12 (Month::parse).
        let sql = format!(
            "WITH RECURSIVE u(id) AS ( \
               SELECT (SELECT t.org_unit_id FROM bed_month t WHERE t.org_unit_id IS NOT NULL \
                       ORDER BY t.org_unit_id LIMIT 1) \
               UNION ALL \
               SELECT (SELECT t.org_unit_id FROM bed_month t WHERE t.org_unit_id > u.id \
                       ORDER BY t.org_unit_id LIMIT 1) FROM u WHERE u.id IS NOT NULL) \
             SELECT u.id FROM u WHERE u.id IS NOT NULL AND EXISTS (SELECT 1 FROM bed_month t \
               WHERE t.org_unit_id = u.id AND t.month >= ?1 AND t.month <= ?2 AND {MONTH_SHAPE} \
               AND typeof(t.month) = 'text' AND substr(t.month, 6, 2) BETWEEN '01' AND '12')"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(
            rusqlite::params![from.to_string(), until.to_string()],
            |r| Ok((line(r, 0), r.get::<_, Value>(0)?)),
        )?;
        let mut units: Vec<BedUnit> = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::new();
        for row in rows.limited() {
            let (id, key) = row?;
            let Some(id) = id else { continue };
            // Ids that read alike once sanitised are one row, as in
            // bed_series: its months come from each, in key order.
            match at.get(&id) {
                Some(&i) => units[i].keys.push(key),
                None => {
                    at.insert(id.clone(), units.len());
                    units.push(BedUnit {
                        id,
                        keys: vec![key],
                    });
                }
            }
        }
        Ok(Some(units))
    }

    /// [`Store::bed_units_between`] for the table of `period` (whose
    /// window it is), kept with the period's reads: the rows that come into
    /// view later find their units' keys here.
    pub fn bed_units_of_period(
        &self,
        period: &str,
        from: Month,
        until: Month,
    ) -> Result<Rc<Option<Vec<BedUnit>>>> {
        self.memoised(
            period,
            |m| &mut m.bed_units,
            || self.bed_units_between(from, until),
        )
    }

    /// [`Store::bed_series`] of all units, for `units` only: each one's
    /// months from `from` to `until` on the (org_unit_id, month) key, with
    /// the table's provenance (whether illustrative; no citations). The
    /// table reads the rows on screen this way, not every unit's.
    pub fn bed_series_of(
        &self,
        units: &[&BedUnit],
        from: Month,
        until: Month,
    ) -> Result<HashMap<String, BedSeries>> {
        let sql = format!(
            "SELECT t.month, t.available, NULL AS source_document, NULL, NULL, NULL, t.illustrative \
             FROM bed_month t WHERE t.org_unit_id IS ?3 AND t.month >= ?1 AND t.month <= ?2 \
             AND {MONTH_SHAPE} ORDER BY t.month"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let (from, until) = (from.to_string(), until.to_string());
        let mut out: HashMap<String, BedSeries> = HashMap::new();
        for unit in units {
            for key in &unit.keys {
                let rows = stmt.query_map(rusqlite::params![from, until, key], |r| {
                    let month = clean_text(r, 0).and_then(Month::parse);
                    Ok(month.map(|m| (m, decimal(r, 1), provenance(r, source))))
                })?;
                for row in rows.limited() {
                    if let Some((month, value, provenance)) = row? {
                        add_month(&mut out, &unit.id, month, value, provenance);
                    }
                }
            }
        }
        Ok(out)
    }

    /// One unit's målbild, as [`Store::bed_targets`] has it under `unit`:
    /// a probe on bed_target's key, or the whole table without one.
    pub fn bed_target(&self, unit: &str) -> Result<Option<BedTarget>> {
        if !self.keyed_by("bed_target", &["org_unit_id"])? {
            return Ok(self.bed_targets()?.remove(unit));
        }
        let sql = format!(
            "SELECT t.beds, t.description, {PROVENANCE_COLUMNS} FROM bed_target t {SOURCE_OF_ONE} \
             WHERE t.org_unit_id = ?1"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let rows = stmt.query_map([unit], |r| {
            Ok(BedTarget {
                beds: decimal(r, 0),
                description: prose(r, 1),
                provenance: provenance(r, source),
            })
        })?;
        let mut found = None;
        for target in rows.limited() {
            found = Some(target?);
        }
        Ok(found)
    }

    /// [`Store::bed_targets`] of `units` only: one probe each on
    /// bed_target's key, or the whole table where the file has no such key.
    pub fn bed_targets_of(&self, units: &[&BedUnit]) -> Result<HashMap<String, BedTarget>> {
        if !self.keyed_by("bed_target", &["org_unit_id"])? {
            let mut all = self.bed_targets()?;
            return Ok(units
                .iter()
                .filter_map(|u| all.remove_entry(&u.id))
                .collect());
        }
        let sql = format!(
            "SELECT t.beds, t.description, {PROVENANCE_COLUMNS} FROM bed_target t {SOURCE_OF_ONE} \
             WHERE t.org_unit_id IS ?1"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let mut out = HashMap::new();
        for unit in units {
            for key in &unit.keys {
                let rows = stmt.query_map([key], |r| {
                    Ok(BedTarget {
                        beds: decimal(r, 0),
                        description: prose(r, 1),
                        provenance: provenance(r, source),
                    })
                })?;
                // One row a key; ids that read alike: the last one read.
                for target in rows.limited() {
                    out.insert(unit.id.clone(), target?);
                }
            }
        }
        Ok(out)
    }

    /// The units that have a bed series (read once per open snapshot), in
    /// the order of their ids. Where `bed_month`'s key is indexed, one seek
    /// per unit hops from each unit to the next on it, rather than reading
    /// every unit's every month (360 000 at national scale, a fifth of the
    /// first frame) to keep each unit once.
    pub fn bed_units(&self) -> Result<&[String]> {
        once(&self.bed_units, || {
            let sql = if self.keyed_by("bed_month", &["org_unit_id"])? {
                "WITH RECURSIVE unit(id) AS (SELECT min(org_unit_id) FROM bed_month \
                 UNION ALL SELECT (SELECT min(b.org_unit_id) FROM bed_month b \
                 WHERE b.org_unit_id > unit.id) FROM unit WHERE unit.id IS NOT NULL) \
                 SELECT id FROM unit WHERE id IS NOT NULL"
            } else {
                "SELECT DISTINCT org_unit_id FROM bed_month"
            };
            let mut stmt = self.conn().prepare(sql)?;
            let rows = stmt.query_map([], |r| Ok(line(r, 0)))?;
            let mut units = Vec::new();
            for unit in rows.limited() {
                units.extend(unit?);
            }
            Ok(units)
        })
        .map(Vec::as_slice)
    }

    /// Every unit's målbild, by unit id.
    pub fn bed_targets(&self) -> Result<HashMap<String, BedTarget>> {
        let sql = format!(
            "SELECT t.org_unit_id, t.beds, t.description, {PROVENANCE_COLUMNS} FROM bed_target t {SOURCE_JOIN}"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let rows = stmt.query_map([], |r| {
            Ok((
                line(r, 0).unwrap_or_default(),
                BedTarget {
                    beds: decimal(r, 1),
                    description: prose(r, 2),
                    provenance: provenance(r, source),
                },
            ))
        })?;
        rows.bounded::<HashMap<_, _>>()
    }

    /// Events up to `until`, oldest first, of one unit or of all.
    pub fn bed_events(&self, unit: Option<&str>, until: NaiveDate) -> Result<Vec<BedEvent>> {
        let sql = format!(
            "SELECT t.date, t.org_unit_id, t.label, t.text, t.bed_change, {directive} AS directive_id, \
             {PROVENANCE_COLUMNS} \
             FROM bed_event t {SOURCE_JOIN} WHERE t.date <= ?1 AND (?2 IS NULL OR t.org_unit_id = ?2) \
             ORDER BY t.date, t.org_unit_id, t.label",
            directive = self.optional_column("bed_event", "directive_id"),
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let until = until.format("%Y-%m-%d").to_string();
        let rows = stmt.query_map(rusqlite::params![until, unit], |r| {
            let date = line(r, 0).and_then(|d| event_date(&d));
            Ok(date.map(|(date, month_only)| BedEvent {
                date,
                month_only,
                unit_id: line(r, 1).unwrap_or_default(),
                label: line(r, 2).unwrap_or_default(),
                text: prose(r, 3),
                bed_change: int(r, 4),
                provenance: provenance(r, source),
                directive_id: line(r, 5),
            }))
        })?;
        let events = rows.bounded::<Vec<_>>()?;
        // An event without a readable date cannot be placed on a time line.
        Ok(events.into_iter().flatten().collect())
    }
}

impl Store {
    /// The directives of `year` that bed events are linked to, each with its
    /// events up to `until`: the promise against what has opened. A file
    /// before format 4 links none.
    pub fn bed_promises(&self, year: i64, until: NaiveDate) -> Result<Vec<BedPromise>> {
        if self.optional_column("bed_event", "directive_id") == "NULL" {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT t.id, t.title, t.target_text, t.target_value, {PROVENANCE_COLUMNS} \
             FROM directive t {SOURCE_JOIN} WHERE t.year = ?1 AND t.id IN \
             (SELECT e.directive_id FROM bed_event e WHERE e.directive_id IS NOT NULL) \
             ORDER BY coalesce(t.sort_order, 1000000), t.id"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let rows = stmt.query_map([year], |r| {
            Ok(BedPromise {
                directive_id: line(r, 0).unwrap_or_default(),
                title: line(r, 1).unwrap_or_default(),
                target_text: line(r, 2),
                promised: decimal(r, 3),
                provenance: provenance(r, source),
                opened: Vec::new(),
            })
        })?;
        let mut promises = rows.bounded::<Vec<_>>()?;
        let events = self.bed_events(None, until)?;
        for promise in &mut promises {
            promise.opened = events
                .iter()
                .filter(|e| e.directive_id.as_deref() == Some(promise.directive_id.as_str()))
                .cloned()
                .collect();
        }
        Ok(promises)
    }
}

/// Adds one month's row to its unit's series. Rows come in month order per
/// unit, so a series only grows at its end; the gap between is unknown.
fn add_month(
    out: &mut HashMap<String, BedSeries>,
    unit_id: &str,
    month: Month,
    value: Option<Decimal>,
    provenance: Provenance,
) {
    if !out.contains_key(unit_id) {
        out.insert(
            unit_id.to_string(),
            BedSeries {
                unit_id: unit_id.to_string(),
                start: month,
                values: Vec::new(),
                illustrative: false,
                sources: Vec::new(),
            },
        );
    }
    let Some(series) = out.get_mut(unit_id) else {
        return;
    };
    let Ok(index) = usize::try_from(month.since(series.start)) else {
        return;
    };
    if index >= series.values.len() {
        series.values.resize(index + 1, None);
    }
    series.values[index] = value;
    series.illustrative |= provenance.illustrative;
    if !series.sources.contains(&provenance) {
        series.sources.push(provenance);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn month(text: &str) -> Month {
        Month::parse(text).unwrap()
    }

    #[test]
    fn months_parse_print_and_count() {
        assert_eq!(month("2025-10").to_string(), "2025-10");
        assert_eq!(month("2025-01").plus(-1).to_string(), "2024-12");
        assert_eq!(month("2025-10").since(month("2024-10")), 12);
        assert_eq!(
            Month::of(NaiveDate::from_ymd_opt(2025, 9, 22).unwrap()),
            month("2025-09")
        );
        for bad in [
            "2025-13",
            "2025-00",
            "2025-1",
            "25-10",
            "2025-10-01",
            "abcd-ef",
            "",
        ] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn r12_is_the_mean_of_twelve_known_months() {
        let mut values: Vec<Option<Decimal>> = (1..=13).map(|n| Some(Decimal::from(n))).collect();
        assert_eq!(r12(&values, 11), Some(d("6.5")), "1..=12");
        assert_eq!(r12(&values, 12), Some(d("7.5")), "2..=13");
        assert_eq!(r12(&values, 10), None, "fewer than twelve months before");
        assert_eq!(r12(&values, 13), None, "past the end");
        values[5] = None;
        assert_eq!(r12(&values, 11), None, "a missing month inside the window");
        assert_eq!(r12(&values, 12), None);
        assert_eq!(r12(&[], 0), None);
    }

    #[test]
    fn series_keep_gaps_as_unknown() {
        let mut out = HashMap::new();
        let p = Provenance::default();
        add_month(&mut out, "u", month("2025-01"), Some(d("10")), p.clone());
        add_month(&mut out, "u", month("2025-03"), Some(d("12")), p.clone());
        let s = &out["u"];
        assert_eq!(s.values, vec![Some(d("10")), None, Some(d("12"))]);
        assert_eq!(s.end(), month("2025-03"));
        assert_eq!(
            s.window(month("2025-03"), 4),
            vec![None, Some(d("10")), None, Some(d("12"))]
        );
        assert_eq!(s.change_from_last_year(month("2025-03")), None);
        assert_eq!(s.sources.len(), 1);
    }

    #[test]
    fn the_series_is_cut_at_the_period() {
        let store = Store::demo().unwrap();
        let august = month("2025-08");
        let all = store.bed_series(None, None, august).unwrap();
        assert_eq!(all.len(), 10, "region and nine units");
        let kirc = &all["hsn.sjukhusvard.kirc_nus"];
        assert_eq!(kirc.start, month("2022-01"));
        assert_eq!(kirc.end(), august, "September and October are not loaded");
        assert_eq!(kirc.values.len(), 44);
        assert!(kirc.illustrative);
        assert_eq!(kirc.at(august), Some(d("43.3")));
        assert_eq!(kirc.change_from_last_year(august), Some(d("1.4")));
        assert!(
            kirc.sources.iter().all(|s| s.citation().is_none()),
            "the table cites nothing"
        );
        let one = store
            .bed_series(Some("hsn.sjukhusvard.kirc_nus"), None, august)
            .unwrap();
        let kirc_alone = &one["hsn.sjukhusvard.kirc_nus"];
        assert_eq!(kirc_alone.values, kirc.values);
        assert!(
            kirc_alone.sources[0]
                .citation()
                .unwrap()
                .contains("oktober 2025"),
            "one unit's series, for its chart, with its sources"
        );
        assert_eq!(store.bed_latest_month(august).unwrap(), Some(august));
        assert_eq!(
            store.bed_latest_month(month("2030-01")).unwrap(),
            Some(month("2025-10")),
            "beds that lag the period: the last month there is"
        );
        assert_eq!(store.bed_latest_month(month("2021-12")).unwrap(), None);
    }

    /// The latest month found by walking each unit's key is the one the
    /// table's every month gives, for every month from before the first
    /// figure to after the last, on the sample and on a copy whose units
    /// end at different months (the walk cannot stop at the first unit).
    #[test]
    fn the_latest_month_walked_unit_by_unit_is_that_of_every_month() {
        let dir = tempfile::tempdir().unwrap();
        let path = ragged(dir.path());
        let stores = || [Store::demo().unwrap(), Store::open(&path).unwrap()];
        for (walked, whole) in stores().into_iter().zip(stores()) {
            assert!(
                walked
                    .keyed_by("bed_month", &["org_unit_id", "month"])
                    .unwrap()
            );
            whole.bed_months().unwrap();
            let mut found = 0;
            for at in (0..12 * 12).map(|n| month("2019-01").plus(n)) {
                let by_unit = walked.bed_latest_month(at).unwrap();
                assert_eq!(by_unit, whole.bed_latest_month(at).unwrap(), "{at}");
                found += usize::from(by_unit.is_some());
            }
            assert!(found > 24, "{found}");
        }
    }

    /// A copy of the sample whose first unit's beds end early, with a
    /// month no calendar has, and a unit whose only month is such a one.
    fn ragged(dir: &std::path::Path) -> std::path::PathBuf {
        let path = dir.join("ragged.db");
        std::fs::write(&path, super::super::DEMO).unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "DELETE FROM bed_month WHERE org_unit_id = (SELECT min(org_unit_id) FROM bed_month) \
             AND month > '2024-03'; \
             INSERT INTO bed_month (org_unit_id, month, available) \
             SELECT org_unit_id, '2025-13', '1' FROM bed_month LIMIT 1; \
             PRAGMA foreign_keys = OFF; \
             INSERT INTO bed_month (org_unit_id, month, available) VALUES ('no.month', '2025-00', '1');",
        )
        .unwrap();
        path
    }

    /// The table's reads by the key (its units, then the months and
    /// målbild of the rows asked for) give what the whole reads give, in
    /// every window from before the first figure to after the last.
    #[test]
    fn the_table_read_unit_by_unit_is_the_whole_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = ragged(dir.path());
        for store in [Store::demo().unwrap(), Store::open(&path).unwrap()] {
            let targets = store.bed_targets().unwrap();
            let fields = |t: &BedTarget| (t.beds, t.description.clone(), t.provenance.clone());
            for (id, target) in &targets {
                let probed = store.bed_target(id).unwrap();
                assert_eq!(probed.as_ref().map(fields), Some(fields(target)), "{id}");
            }
            let mut rows = 0;
            for until in (0..12 * 12).map(|n| month("2019-01").plus(n)) {
                let from = until.plus(-23);
                let whole = store.bed_series(None, Some(from), until).unwrap();
                let units = store.bed_units_between(from, until).unwrap().unwrap();
                let mut ids: Vec<&str> = units.iter().map(|u| u.id.as_str()).collect();
                ids.sort_unstable();
                let mut expected: Vec<&str> = whole.keys().map(String::as_str).collect();
                expected.sort_unstable();
                assert_eq!(ids, expected, "{until}");
                let all: Vec<&BedUnit> = units.iter().collect();
                let read = store.bed_series_of(&all, from, until).unwrap();
                assert_eq!(read.len(), whole.len());
                for (id, s) in &whole {
                    let r = &read[id];
                    assert_eq!(
                        (r.start, &r.values, r.illustrative, &r.sources),
                        (s.start, &s.values, s.illustrative, &s.sources),
                        "{id} {until}"
                    );
                }
                let of = store.bed_targets_of(&all).unwrap();
                for id in &ids {
                    assert_eq!(
                        of.get(*id).map(fields),
                        targets.get(*id).map(fields),
                        "{id}"
                    );
                }
                rows += ids.len();
            }
            assert!(rows > 100, "{rows}");
        }
    }

    /// A row on screen reads its own months on the key, not the table's:
    /// one unit's read is a small part of all units', and two units' read
    /// twice one's. A file without the key has no such walk.
    #[test]
    fn a_row_reads_its_own_months_only() {
        let store = Store::demo().unwrap();
        let until = month("2025-10");
        let from = until.plus(-23);
        let units = store.bed_units_between(from, until).unwrap().unwrap();
        assert_eq!(units.len(), 10);
        let whole = store.sql_steps_of(|| {
            store.bed_series(None, Some(from), until).unwrap();
        });
        let one = store.sql_steps_of(|| {
            store.bed_series_of(&[&units[3]], from, until).unwrap();
        });
        let two = store.sql_steps_of(|| {
            store
                .bed_series_of(&[&units[3], &units[4]], from, until)
                .unwrap();
        });
        assert!(one > 0 && one * 5 < whole, "one {one}, all {whole}");
        assert!(two <= one * 3, "one {one}, two {two}");
        let targets = store.sql_steps_of(|| {
            store.bed_targets_of(&[&units[3]]).unwrap();
        });
        let all_targets = store.sql_steps_of(|| {
            store.bed_targets().unwrap();
        });
        assert!(targets * 3 < all_targets, "{targets} {all_targets}");

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("loose.db");
        std::fs::write(&path, super::super::DEMO).unwrap();
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch(
                "CREATE TABLE loose AS SELECT * FROM bed_month; DROP TABLE bed_month; \
                 ALTER TABLE loose RENAME TO bed_month;",
            )
            .unwrap();
        let loose = Store::open(&path).unwrap();
        assert!(loose.bed_units_between(from, until).unwrap().is_none());
    }

    /// The units with a bed series hop along the key, one seek a unit: the
    /// same units, in the same order, as every month read, and the same
    /// SQL steps whether each unit has 460 months or twice as many.
    #[test]
    fn the_bed_units_are_read_a_unit_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("longer.db");
        std::fs::write(&path, super::super::DEMO).unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        // Every unit's series once more, a hundred years earlier.
        conn.execute_batch(
            "INSERT INTO bed_month (org_unit_id, month, available) \
             SELECT org_unit_id, printf('%04d', substr(month, 1, 4) - 100) || substr(month, 5), \
             available FROM bed_month;",
        )
        .unwrap();
        drop(conn);
        let every = |store: &Store| -> Vec<String> {
            let mut stmt = (store.conn())
                .prepare("SELECT DISTINCT org_unit_id FROM bed_month ORDER BY 1")
                .unwrap();
            stmt.query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        let (short, long) = (Store::demo().unwrap(), Store::open(&path).unwrap());
        assert_eq!(
            long.conn()
                .query_row("SELECT count(*) FROM bed_month", [], |r| r.get::<_, i64>(0))
                .unwrap(),
            2 * short
                .conn()
                .query_row("SELECT count(*) FROM bed_month", [], |r| r.get::<_, i64>(0))
                .unwrap()
        );
        let mut steps = Vec::new();
        for store in [&short, &long] {
            assert!(store.keyed_by("bed_month", &["org_unit_id"]).unwrap());
            steps.push(store.sql_steps_of(|| {
                store.bed_units().unwrap();
            }));
            assert_eq!(store.bed_units().unwrap(), every(store));
            assert!(store.bed_units().unwrap().len() > 5);
        }
        assert_eq!(steps[0], steps[1], "a seek a unit, whatever its months");
    }

    #[test]
    fn the_table_loads_only_the_months_it_shows() {
        let store = Store::demo().unwrap();
        let october = month("2025-10");
        let window = store
            .bed_series(
                Some("hsn.sjukhusvard.kirc_nus"),
                Some(october.plus(-23)),
                october,
            )
            .unwrap();
        let kirc = &window["hsn.sjukhusvard.kirc_nus"];
        assert_eq!((kirc.start, kirc.values.len()), (month("2023-11"), 24));
        assert!(kirc.r12_at(october).is_some());
        assert!(
            kirc.r12_at(october.plus(-12)).is_some(),
            "the first full window"
        );
        assert_eq!(
            kirc.r12_at(october.plus(-13)),
            None,
            "needs 2023-10: not loaded, so unknown"
        );
        assert_eq!(window.len(), 1);
    }

    #[test]
    fn r12_of_the_sample_matches_a_hand_sum() {
        let store = Store::demo().unwrap();
        let october = month("2025-10");
        let all = store
            .bed_series(Some("hsn.sjukhusvard.kirc_nus"), None, october)
            .unwrap();
        let kirc = &all["hsn.sjukhusvard.kirc_nus"];
        // 2024-11 .. 2025-10 from the sample.
        let sum = d("49.6")
            + d("47.1")
            + d("49")
            + d("50")
            + d("50.5")
            + d("49.9")
            + d("49.2")
            + d("44.9")
            + d("35.8")
            + d("43.3")
            + d("50.3")
            + d("53.6");
        assert_eq!(kirc.r12_at(october), Some(sum / Decimal::from(12)));
        let line = kirc.r12_line();
        assert_eq!(line.len(), kirc.values.len());
        assert!(line[..11].iter().all(Option::is_none));
        assert!(line[11..].iter().all(Option::is_some));
    }

    #[test]
    fn events_fall_in_their_month_and_not_after_the_period() {
        let store = Store::demo().unwrap();
        let all = store
            .bed_events(None, NaiveDate::from_ymd_opt(2025, 10, 31).unwrap())
            .unwrap();
        let labels: Vec<_> = all
            .iter()
            .map(|e| (e.label.as_str(), e.bed_change, e.when()))
            .collect();
        assert_eq!(
            labels,
            [
                ("KUA", Some(2), "2025-08".to_string()),
                ("IMA", Some(6), "2025-09-22".to_string()),
                ("KAVA", Some(8), "2025-10-21".to_string()),
            ],
            "ROC's KUA has only a month, and is read, not dropped"
        );
        assert_eq!(all[0].unit_id, "hsn.sjukhusvard.roc");
        assert!(all[0].month_only && !all[1].month_only);
        let start = month("2022-01");
        assert_eq!(event_index(start, 46, all[0].date), Some(43), "2025-08");
        assert_eq!(event_index(start, 46, all[1].date), Some(44), "2025-09");
        assert_eq!(event_index(start, 46, all[2].date), Some(45), "2025-10");
        assert_eq!(
            event_index(start, 45, all[2].date),
            None,
            "after the series"
        );
        assert_eq!(
            event_index(month("2025-11"), 3, all[2].date),
            None,
            "before it"
        );
        let august = store
            .bed_events(None, NaiveDate::from_ymd_opt(2025, 8, 31).unwrap())
            .unwrap();
        let labels: Vec<&str> = august.iter().map(|e| e.label.as_str()).collect();
        assert_eq!(labels, ["KUA"], "events after the period are not shown");
        let july = store
            .bed_events(None, NaiveDate::from_ymd_opt(2025, 7, 31).unwrap())
            .unwrap();
        assert!(july.is_empty(), "a month's event is not known before it");
        let kirc = store
            .bed_events(
                Some("hsn.sjukhusvard.kirc_nus"),
                NaiveDate::from_ymd_opt(2025, 10, 31).unwrap(),
            )
            .unwrap();
        assert_eq!(kirc.len(), 1);
    }

    #[test]
    fn an_event_date_is_a_day_or_a_month() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(event_date("2025-09-22"), Some((day(2025, 9, 22), false)));
        assert_eq!(event_date("2025-08"), Some((day(2025, 8, 1), true)));
        for bad in ["2025-13", "2025-8", "2025-02-30", "aug 2025", ""] {
            assert_eq!(event_date(bad), None, "{bad}");
        }
    }

    /// "Progressen mot målet att öppna 25 vårdplatser …": IMA six, KAVA
    /// eight, KUA two (HSN delårsrapport per augusti 2025, 2.3).
    #[test]
    fn the_promise_counts_what_has_opened_by_the_period() {
        let store = Store::demo().unwrap();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let october = store.bed_promises(2025, day(2025, 10, 31)).unwrap();
        assert_eq!(october.len(), 1);
        let p = &october[0];
        assert_eq!(p.directive_id, "d2025-01");
        assert_eq!(p.promised, Some(d("25")));
        assert_eq!(
            p.target_text.as_deref(),
            Some("Öppna 25 vårdplatser för opererande specialiteter")
        );
        assert!(p.provenance.citation().unwrap().contains("2.3"));
        let parts: Vec<_> = p
            .opened
            .iter()
            .map(|e| (e.label.as_str(), e.bed_change))
            .collect();
        assert_eq!(
            parts,
            [("KUA", Some(2)), ("IMA", Some(6)), ("KAVA", Some(8))]
        );
        assert_eq!(p.opened_beds(), 16);
        assert_eq!(p.left(), Some(d("9")));
        let august = store.bed_promises(2025, day(2025, 8, 31)).unwrap();
        assert_eq!(august[0].opened_beds(), 2, "only KUA by August");
        assert_eq!(august[0].left(), Some(d("23")));
        assert!(
            store
                .bed_promises(2024, day(2024, 8, 31))
                .unwrap()
                .is_empty(),
            "no promise linked in 2024"
        );
    }

    #[test]
    fn more_opened_than_promised_leaves_none() {
        let event = |n| BedEvent {
            date: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            month_only: false,
            unit_id: "u".into(),
            label: "X".into(),
            text: None,
            bed_change: n,
            provenance: Provenance::default(),
            directive_id: Some("d".into()),
        };
        let promise = BedPromise {
            directive_id: "d".into(),
            title: "t".into(),
            target_text: None,
            promised: Some(d("10")),
            provenance: Provenance::default(),
            opened: vec![event(Some(8)), event(None), event(Some(-1)), event(Some(7))],
        };
        assert_eq!(promise.opened_beds(), 14, "a closing counts against");
        assert_eq!(promise.left(), Some(Decimal::ZERO));
        let unknown = BedPromise {
            promised: None,
            ..promise
        };
        assert_eq!(unknown.left(), None);
    }

    #[test]
    fn targets_read_as_decimals() {
        let store = Store::demo().unwrap();
        let targets = store.bed_targets().unwrap();
        assert_eq!(targets["hsn.sjukhusvard.kirc_nus"].beds, Some(d("60")));
        assert!(targets["region"].provenance.illustrative);
        assert_eq!(targets.len(), 10);
    }
}
