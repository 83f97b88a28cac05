//! Finding units, cost types, goals, delmål, indicators, directives and key
//! figures by name, and the periods each has figures in.

use super::kpi::{Kpi, KpiValue};
use super::{Period, Result, RowsExt, Store, line};
use chrono::NaiveDate;
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HitKind {
    Unit,
    CostType,
    Goal,
    Subgoal,
    Indicator,
    Directive,
    Kpi,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub kind: HitKind,
    pub id: String,
    pub label: String,
    /// For a delmål its goal; for an indicator its goal and delmål.
    pub goal: Option<String>,
    pub subgoal: Option<String>,
}

/// What search reads that does not depend on the period, kept while the
/// file is open (a snapshot never changes under an open store): the
/// periods each hit has figures in, which the prompt's live hits and Enter
/// both show (at region scale a key figure's are a walk of its values per
/// period, a cost type's a probe per period), and which tables have an
/// index led by the period.
#[derive(Default)]
pub(crate) struct Kept {
    periods: RefCell<HashMap<(HitKind, String), PeriodIds>>,
    led_by_period: RefCell<HashMap<String, bool>>,
    /// Every name search looks in, folded.
    names: names::Names,
    /// Where a hit lands ([`lands`]): a cost type's unit by period, and
    /// the units whose economy figures the organisation lacks.
    pub(super) lands: lands::Kept,
}

#[cfg(test)]
mod kept_tests;
mod lands;
pub use lands::ListedDirectives;
mod names;

/// The ids of the periods a hit has figures in.
type PeriodIds = Rc<BTreeSet<String>>;

/// At most this many hits are returned.
pub const MAX_HITS: usize = 200;

/// Text as search compares it: lower case, Swedish and other accented
/// letters folded to their base letter (`vård` and `vard` match).
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' | 'ä' | 'á' | 'à' | 'â' | 'ã' => 'a',
            'ö' | 'ó' | 'ò' | 'ô' | 'õ' | 'ø' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' | 'ù' | 'û' => 'u',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ç' => 'c',
            'ñ' => 'n',
            '–' | '—' | '−' => '-',
            other => other,
        })
        .collect()
}

/// A query as words that must all occur, in any order.
struct Query {
    words: Vec<String>,
}

impl Query {
    fn new(text: &str) -> Query {
        Query {
            words: fold(text).split_whitespace().map(str::to_string).collect(),
        }
    }

    /// Whether every word occurs in one of `folded` (texts [`fold`]ed).
    fn matches(&self, folded: &[String]) -> bool {
        self.words
            .iter()
            .all(|w| folded.iter().any(|t| t.contains(w.as_str())))
    }
}

impl Store {
    /// Everything whose name contains every word of `query`, ignoring case
    /// and accents (Swedish letters included, which SQLite's LIKE does not
    /// fold), in the order: units, cost types, goals, delmål, indicators,
    /// directives, key figures.
    pub fn search(&self, query: &str) -> Result<Vec<Hit>> {
        let query = Query::new(query);
        if query.words.is_empty() {
            return Ok(Vec::new());
        }
        let mut hits = Vec::new();
        for named in self.searched_units_and_cost_types() {
            if query.matches(&named.folded) {
                hits.push(named.hit.clone());
            }
        }
        // As each of these kinds was read row by row, the search ends at
        // the first row (found or not) that has enough hits.
        for kind in 0..names::CAPPED_KINDS {
            for named in self.searched_capped(kind)? {
                if query.matches(&named.folded) {
                    hits.push(named.hit.clone());
                }
                if hits.len() >= MAX_HITS {
                    return Ok(hits);
                }
            }
        }
        for named in self.searched_kpis()? {
            if query.matches(&named.folded) {
                hits.push(named.hit.clone());
            }
        }
        hits.truncate(MAX_HITS);
        Ok(hits)
    }

    /// The periods a hit has figures in, oldest first: where the cockpit can
    /// show it.
    pub fn hit_periods(&self, hit: &Hit) -> Result<Vec<&Period>> {
        let key = (hit.kind, hit.id.clone());
        let kept = self.search_kept.periods.borrow().get(&key).cloned();
        let ids = match kept {
            Some(ids) => ids,
            None => {
                let ids = Rc::new(self.read_hit_periods(hit)?);
                let mut periods = self.search_kept.periods.borrow_mut();
                Rc::clone(periods.entry(key).or_insert(ids))
            }
        };
        Ok(self
            .periods
            .iter()
            .filter(|p| ids.contains(&p.id))
            .collect())
    }

    fn read_hit_periods(&self, hit: &Hit) -> Result<BTreeSet<String>> {
        let ids: BTreeSet<String> = match hit.kind {
            // Economy figures of the period, or a bed series (monthly, so
            // shown in every period).
            HitKind::Unit => match self.has_bed_series(&hit.id)? {
                true => self.periods_of_year(None),
                false => self.ids(
                    "SELECT DISTINCT period_id FROM economy_fact WHERE org_unit_id = ?1",
                    &hit.id,
                )?,
            },
            HitKind::CostType => self.cost_type_periods(&hit.id)?,
            // Every period lists the regional goals.
            HitKind::Goal => self.periods.iter().map(|p| p.id.clone()).collect(),
            HitKind::Subgoal => {
                let year = self.year_of("SELECT year FROM subgoal WHERE id = ?1", &hit.id)?;
                self.periods_of_year(year)
            }
            HitKind::Indicator => {
                let year = match &hit.subgoal {
                    Some(s) => self.year_of("SELECT year FROM subgoal WHERE id = ?1", s)?,
                    None => None,
                };
                let mut ids = self.periods_of_year(year);
                if year.is_none() {
                    ids = self.periods_having("indicator_value", "indicator_id", &hit.id)?;
                }
                ids
            }
            HitKind::Directive => {
                let year = self.year_of("SELECT year FROM directive WHERE id = ?1", &hit.id)?;
                let mut ids = self.periods_having("directive_status", "directive_id", &hit.id)?;
                ids.extend(self.periods_of_year(year));
                ids
            }
            HitKind::Kpi => self.kpi_periods(&hit.id)?,
        };
        Ok(ids)
    }

    /// The periods a key figure shows a value in. Where its series are not
    /// read yet (a national file has 3 000 of 60 values), only its own
    /// values' dates and reports, on `kpi_value`'s key.
    fn kpi_periods(&self, id: &str) -> Result<BTreeSet<String>> {
        let shown = |kpi: &Kpi| -> BTreeSet<String> {
            (kpi.periods_shown(&self.periods).iter())
                .map(|p| p.id.clone())
                .collect()
        };
        if self.kpis.get().is_some() || !self.keyed_by("kpi_value", &["kpi_id"])? {
            return Ok(self.kpi(id)?.map(shown).unwrap_or_default());
        }
        let report = self.optional_column("kpi_value", "period_id");
        let mut stmt = self.conn().prepare(&format!(
            "SELECT t.date, {report} FROM kpi_value t WHERE t.kpi_id = ?1 ORDER BY t.date"
        ))?;
        let rows = stmt.query_map([id], |r| Ok((line(r, 0), line(r, 1))))?;
        let mut kpi = Kpi::default();
        for row in rows.limited() {
            let (date, period_id) = row?;
            // A date that is not one is no value, as in the whole read.
            let Some(date) = date.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
            else {
                continue;
            };
            kpi.values.push(KpiValue {
                date,
                label: String::new(),
                value: None,
                period_id,
                provenance: Default::default(),
            });
        }
        Ok(shown(&kpi))
    }

    /// The periods with a line of `cost_type`. Where the facts are keyed
    /// by period and unit, each period is first asked of the focus unit
    /// and the organisation's roots, one probe each (they carry every
    /// cost type their parts do), and walked only where none has it: the
    /// walk of a period's lines took seconds at national scale for a cost
    /// type only the region states (its id sorts last).
    fn cost_type_periods(&self, cost_type: &str) -> Result<BTreeSet<String>> {
        if cost_type.is_empty() || !self.facts_keyed_by_unit()? {
            return self.periods_having("economy_fact", "cost_type_id", cost_type);
        }
        let mut first: Vec<&str> = self
            .focus_unit()
            .map(|f| f.id.as_str())
            .into_iter()
            .collect();
        for &root in self.org_tree.roots() {
            let id = self.org[root].id.as_str();
            if !first.contains(&id) {
                first.push(id);
            }
        }
        let mut probe = self.conn().prepare(
            "SELECT EXISTS (SELECT 1 FROM economy_fact WHERE period_id = ?1 \
             AND org_unit_id = ?2 AND coalesce(cost_type_id, '') = ?3)",
        )?;
        let mut walk = self.conn().prepare(
            "SELECT EXISTS (SELECT 1 FROM economy_fact WHERE period_id = ?1 \
             AND coalesce(cost_type_id, '') = ?2)",
        )?;
        let mut ids = BTreeSet::new();
        for period in &self.periods {
            let mut has = false;
            for unit in &first {
                has = probe.query_row([period.id.as_str(), unit, cost_type], |r| r.get(0))?;
                if has {
                    break;
                }
            }
            if !has {
                has = walk.query_row([period.id.as_str(), cost_type], |r| r.get(0))?;
            }
            if has {
                ids.insert(period.id.clone());
            }
        }
        Ok(ids)
    }

    /// The periods with a row of `table` whose `column` is `id`. Where the
    /// table has an index that leads with `period_id` (the format's keys
    /// do), one probe per period that stops at the first row it finds: a
    /// cost type's periods were a scan of every economy fact (1.8 million
    /// at region scale, 0.4 s), and an indicator's or a directive's a scan
    /// of its table. Without such an index, one scan: a probe per period
    /// would then scan the table once per period.
    fn periods_having(&self, table: &str, column: &str, id: &str) -> Result<BTreeSet<String>> {
        let sql = if self.led_by_period(table)? {
            format!(
                "SELECT p.id FROM period p WHERE EXISTS \
                 (SELECT 1 FROM {table} t WHERE t.period_id = p.id AND t.{column} = ?1)"
            )
        } else {
            format!("SELECT DISTINCT period_id FROM {table} WHERE {column} = ?1")
        };
        self.ids(&sql, id)
    }

    /// Whether `table` has a whole (not partial) index whose first column
    /// is `period_id` in SQLite's own order, so that `period_id = ?` is a
    /// range of it.
    pub(crate) fn led_by_period(&self, table: &str) -> Result<bool> {
        if let Some(led) = self.search_kept.led_by_period.borrow().get(table) {
            return Ok(*led);
        }
        let n: i64 = self.conn().query_row(
            "SELECT count(*) FROM pragma_index_list(?1) l, pragma_index_xinfo(l.name) c \
             WHERE l.partial = 0 AND c.seqno = 0 AND c.name = 'period_id' \
             AND c.coll = 'BINARY' AND c.desc = 0",
            [table],
            |r| r.get(0),
        )?;
        let led = n > 0;
        (self.search_kept.led_by_period.borrow_mut()).insert(table.to_string(), led);
        Ok(led)
    }

    fn ids(&self, sql: &str, id: &str) -> Result<BTreeSet<String>> {
        let mut stmt = self.conn().prepare(sql)?;
        let rows = stmt.query_map([id], |r| Ok(line(r, 0)))?;
        let mut out = BTreeSet::new();
        for row in rows.limited() {
            out.extend(row?);
        }
        Ok(out)
    }

    fn year_of(&self, sql: &str, id: &str) -> Result<Option<i64>> {
        let mut stmt = self.conn().prepare(sql)?;
        let mut rows = stmt.query_map([id], |r| Ok(super::int(r, 0)))?;
        Ok(rows.next().transpose()?.flatten())
    }

    /// The periods of `year`; every period when the year is not known.
    fn periods_of_year(&self, year: Option<i64>) -> BTreeSet<String> {
        self.periods
            .iter()
            .filter(|p| year.is_none_or(|y| p.year == y))
            .map(|p| p.id.clone())
            .collect()
    }

    /// Whether a unit has economy figures in a period.
    pub fn has_economy(&self, unit: &str, period_id: &str) -> Result<bool> {
        Ok(self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM economy_fact WHERE org_unit_id = ?1 AND period_id = ?2)",
            [unit, period_id],
            |r| r.get(0),
        )?)
    }

    /// Whether a unit has a bed series.
    pub fn has_bed_series(&self, unit: &str) -> Result<bool> {
        Ok(self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM bed_month WHERE org_unit_id = ?1)",
            [unit],
            |r| r.get(0),
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy of the sample whose tables with a period key have no keys or
    /// indexes at all.
    fn loose_copy(dir: &std::path::Path) -> Store {
        let path = dir.join("loose.db");
        std::fs::write(&path, crate::data::DEMO).unwrap();
        let db = rusqlite::Connection::open(&path).unwrap();
        db.execute_batch("PRAGMA foreign_keys = OFF; PRAGMA journal_mode = OFF;")
            .unwrap();
        for table in ["economy_fact", "indicator_value", "directive_status"] {
            db.execute_batch(&format!(
                "CREATE TABLE loose AS SELECT * FROM {table}; DROP TABLE {table}; \
                 ALTER TABLE loose RENAME TO {table};"
            ))
            .unwrap();
        }
        drop(db);
        Store::open(&path).unwrap()
    }

    /// A forecast carried from an earlier report comes from a probe per
    /// line where the file has the key index, else from one scan per
    /// period (a probe per line without an index made opening such a file
    /// quadratic); both give the same, for totals and cost-type lines.
    #[test]
    fn carried_forecasts_are_the_same_probed_or_scanned() {
        let store = Store::demo().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let loose = loose_copy(dir.path());
        assert!(!loose.led_by_period("economy_fact").unwrap());
        let mut carried = 0;
        for period in &store.periods {
            let probed = store.carried_forecasts(period).unwrap();
            let scanned = loose.carried_forecasts(period).unwrap();
            assert_eq!(probed, scanned, "{}", period.id);
            carried += probed.len();
            for unit in ["hsn", "hsn.sjukhusvard", "hsn.primarvard", "region"] {
                let lines = store.by_cost_type(&period.id, unit).unwrap();
                let probed = store.carried_cost_forecasts(period, unit, &lines).unwrap();
                let scanned = loose.carried_cost_forecasts(period, unit, &lines).unwrap();
                assert_eq!(probed, scanned, "{} {unit}", period.id);
                carried += probed.len();
            }
        }
        // October 2025 states no forecast: HSN's −550 mkr is August's.
        assert!(carried > 0, "{carried} forecasts carried");
    }

    /// A hit's periods come from a probe per period where the table's key
    /// leads with the period, else from one scan; both give the same.
    #[test]
    fn a_hits_periods_are_the_same_probed_or_scanned() {
        let store = Store::demo().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let loose = loose_copy(dir.path());
        let cases = [
            ("economy_fact", "cost_type_id", "SELECT id FROM cost_type"),
            (
                "indicator_value",
                "indicator_id",
                "SELECT id FROM indicator",
            ),
            (
                "directive_status",
                "directive_id",
                "SELECT id FROM directive",
            ),
        ];
        let mut found = 0;
        for (table, column, ids) in cases {
            assert!(store.led_by_period(table).unwrap(), "{table}");
            assert!(!loose.led_by_period(table).unwrap(), "{table}");
            let mut stmt = store.conn().prepare(ids).unwrap();
            let ids: Vec<String> = stmt
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            for id in ids.iter().map(String::as_str).chain(["no such id"]) {
                let probed = store.periods_having(table, column, id).unwrap();
                let scanned = loose.periods_having(table, column, id).unwrap();
                // The scan may name periods the file lacks; hits show only
                // the file's periods.
                let known: BTreeSet<String> = scanned
                    .into_iter()
                    .filter(|p| store.periods.iter().any(|q| q.id == *p))
                    .collect();
                assert_eq!(probed, known, "{table}.{column} = {id}");
                found += probed.len();
            }
        }
        assert!(found > 50, "{found} periods found");
    }

    #[test]
    fn finds_across_kinds_ignoring_case_including_swedish_letters() {
        let store = Store::demo().unwrap();
        let hits = store.search("KIRURG").unwrap();
        assert!(
            hits.iter()
                .any(|h| h.kind == HitKind::Unit && h.id == "hsn.sjukhusvard.kirc_nus")
        );
        let hits = store.search("ÅTGÄRD").unwrap();
        assert!(
            hits.iter()
                .all(|h| fold(&h.label).contains("atgard") || h.kind == HitKind::Kpi)
        );
        let hits = store.search("tillgänglig vård").unwrap();
        assert!(hits.iter().any(|h| h.kind == HitKind::Goal && h.id == "g4"));
        let hits = store.search("personalkostnad").unwrap();
        assert!(hits.iter().any(|h| h.kind == HitKind::Directive));
        assert!(
            hits.iter()
                .any(|h| h.kind == HitKind::CostType && h.id == "personal")
        );
        assert!(store.search("   ").unwrap().is_empty());
    }

    #[test]
    fn letters_fold_and_words_match_in_any_order() {
        let store = Store::demo().unwrap();
        let vard = store.search("vard").unwrap();
        assert!(
            vard.iter().any(|h| h.label.contains("Vård")),
            "vard finds Vård…"
        );
        let kir = store.search("nus kir").unwrap();
        assert!(kir.iter().any(|h| h.id == "hsn.sjukhusvard.kirc_nus"));
        let summer = store.search("sommar").unwrap();
        assert!(
            summer
                .iter()
                .any(|h| h.kind == HitKind::Kpi && h.id == "k-sommaravtal-kostnad")
        );
        assert_eq!(fold("Åtgärd Öst É"), "atgard ost e");
    }

    #[test]
    fn each_hit_knows_the_periods_it_has_figures_in() {
        let store = Store::demo().unwrap();
        let formalise = store.search("Formalisera").unwrap();
        let d = formalise
            .iter()
            .find(|h| h.kind == HitKind::Directive)
            .unwrap();
        let ids: Vec<&str> = store
            .hit_periods(d)
            .unwrap()
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(ids, ["2024-08"], "a 2024 directive");
        let summer = store.search("sommaravtal").unwrap();
        let k = summer.iter().find(|h| h.kind == HitKind::Kpi).unwrap();
        let ids: Vec<&str> = store
            .hit_periods(k)
            .unwrap()
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(ids, ["2025-10"]);
    }

    fn steps_of(store: &Store, f: impl FnOnce()) -> usize {
        store.sql_steps_of(f)
    }

    /// A hit's periods are read once per open file: the prompt's live hits
    /// and Enter show the same, and the second asks SQLite nothing. Which
    /// tables have a key led by the period, likewise.
    #[test]
    fn a_hits_periods_are_read_once_per_file() {
        let store = Store::demo().unwrap();
        let hits = store.search("personal").unwrap();
        let kinds: BTreeSet<String> = hits.iter().map(|h| format!("{:?}", h.kind)).collect();
        assert!(kinds.len() >= 2, "{kinds:?}");
        let mut first = Vec::new();
        let read = steps_of(&store, || {
            first = hits.iter().map(|h| store.hit_periods(h).unwrap()).collect();
        });
        assert!(read > 0);
        let mut again = Vec::new();
        let steps = steps_of(&store, || {
            again = hits.iter().map(|h| store.hit_periods(h).unwrap()).collect();
        });
        assert_eq!(steps, 0, "kept");
        assert_eq!(first, again);
        let fresh = Store::demo().unwrap();
        for (hit, periods) in hits.iter().zip(&first) {
            assert_eq!(&fresh.read_hit_periods(hit).unwrap().len(), &periods.len());
        }
        assert_eq!(
            steps_of(&store, || {
                store.led_by_period("economy_fact").unwrap();
            }),
            0
        );
    }

    /// Where a cost type's hit lands: the focus unit by one probe when it
    /// has the line, else the shallowest unit with it, read from the key's
    /// index; the same as the plain query over every row of the period,
    /// for every cost type in every period (a loose copy without indexes
    /// too).
    #[test]
    fn a_cost_types_unit_is_the_same_by_the_index_as_by_the_rows() {
        let store = Store::demo().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let loose = loose_copy(dir.path());
        let plain =
            |period: &str, cost_type: &str| kept_tests::unit_by_rows(&store, period, cost_type);
        let (mut focus, mut other) = (0, 0);
        for period in &store.periods {
            for cost_type in store.cost_types.iter().map(|c| c.id.as_str()).chain([""]) {
                let found = store.cost_type_unit(cost_type, &period.id).unwrap();
                assert_eq!(
                    found,
                    plain(&period.id, cost_type),
                    "{} {cost_type}",
                    period.id
                );
                let unscanned = loose.cost_type_unit(cost_type, &period.id).unwrap();
                assert_eq!(found, unscanned, "{} {cost_type}", period.id);
                match found {
                    Some(u) if Some(u.as_str()) == store.focus_unit().map(|f| f.id.as_str()) => {
                        focus += 1
                    }
                    Some(_) => other += 1,
                    None => {}
                }
            }
        }
        assert!(focus > 0 && other > 0, "both ways taken: {focus} {other}");
    }
}
