//! What a directive's measurable target is measured by: the key figure or
//! indicator the snapshot links it to (`directive.kpi_id`,
//! `directive.indicator_id`, format version 2), as of a period.

use super::directives::{Directive, KpiJudgement};
use super::goals::Part;
use super::kpi::{Kpi, KpiAsOf};
use super::{Period, Provenance, Result, RowsExt, Store};
use crate::domain::light::{IndicatorLight, Judgement};
use crate::domain::vocab::Achievement;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

/// A linked figure as of a period: its latest value against its target.
#[derive(Debug, Clone)]
pub struct Measure {
    pub name: String,
    pub unit: Option<String>,
    pub value: Option<Decimal>,
    pub target: Option<Decimal>,
    /// The span the value measures, as the report words it ("R12 aug 2025").
    pub span: Option<String>,
    /// The report the value comes from.
    pub period_id: Option<String>,
    pub light: IndicatorLight,
    pub provenance: Option<Provenance>,
}

/// A key figure short of its target as of a period, with the light that
/// counts for it: the report's judgement where one is stated, else the
/// rule's.
#[derive(Debug, Clone)]
pub struct OffTarget {
    /// The figure with its latest value as of the period as its only value
    /// ([`Store::kpis_latest_as_of`]): Översikt shows no trend.
    pub kpi: Kpi,
    pub judged: Option<KpiJudgement>,
    pub light: Option<Judgement>,
}

impl OffTarget {
    /// The figure as of the period: its latest value, known alone.
    pub fn figure(&self) -> KpiAsOf<'_> {
        KpiAsOf {
            kpi: &self.kpi,
            known: self.kpi.values.iter().collect(),
            latest: self.kpi.values.last(),
        }
    }
}

/// Red before yellow before the rest: the order a reader looks for.
fn severity(light: Option<Judgement>) -> u8 {
    match light {
        Some(Judgement::Not) => 0,
        Some(Judgement::Partial) => 1,
        _ => 2,
    }
}

impl Store {
    /// The key figures furthest from their targets as of `period`, ranked
    /// by the light that counts (a report's judgement replaces the computed
    /// light, #23 §1), then by how far short they are. A figure a report
    /// judges reached is not off target whatever its value; one it judges
    /// partly or not reached is, even without a measurable distance.
    /// Each figure's latest value only is read, not its series.
    pub fn kpis_off_target(&self, period: &Period) -> Result<Vec<OffTarget>> {
        let mut judgements = self.kpi_judgements(period)?;
        let mut off: Vec<(Option<Decimal>, OffTarget)> = Vec::new();
        for kpi in self.kpis_latest_as_of(period)? {
            let figure = KpiAsOf {
                kpi: &kpi,
                known: kpi.values.iter().collect(),
                latest: kpi.values.last(),
            };
            let judged = judgements.remove(&kpi.id);
            let said = judged
                .as_ref()
                .map(KpiJudgement::judged)
                .filter(|a| *a != Achievement::NotJudged);
            let short = figure
                .shortfall()
                .filter(|s| s.is_sign_positive() && !s.is_zero());
            let keep = match said {
                Some(Achievement::Met) => false,
                Some(a) => a.at_risk(),
                None => short.is_some(),
            };
            if keep {
                let light = said.map_or_else(|| figure.light().light, |a| Some(a.light()));
                off.push((short, OffTarget { kpi, judged, light }));
            }
        }
        off.sort_by(|(a, x), (b, y)| {
            severity(x.light)
                .cmp(&severity(y.light))
                .then_with(|| b.cmp(a))
                .then_with(|| x.kpi.id.cmp(&y.kpi.id))
        });
        Ok(off.into_iter().map(|(_, o)| o).collect())
    }

    /// The key figures a report judges as of `period`, by key-figure id:
    /// those measuring a listed directive whose status row as of the
    /// period states a judgement. Nothing is read from the analysis text.
    /// Kept per period: Översikt and Nyckeltal both ask on every build, and
    /// each answer is a read of the period's directives.
    pub fn kpi_judgements(&self, period: &Period) -> Result<HashMap<String, KpiJudgement>> {
        let kept = self.memoised(
            &period.id,
            |m| &mut m.kpi_judgements,
            || self.read_kpi_judgements(period),
        )?;
        Ok(kept.as_ref().clone())
    }

    /// The judgements from the directives a key figure measures only (a
    /// national file lists 850 directives a period, 21 of them measured
    /// so), each listed one found on `directive_status`'s key rather than
    /// by a list of every status of the year; a file without that key
    /// reads the period's directives as Uppdrag lists them.
    fn read_kpi_judgements(&self, period: &Period) -> Result<HashMap<String, KpiJudgement>> {
        if self.optional_column("directive", "kpi_id") == "NULL" {
            return Ok(HashMap::new());
        }
        if !self.keyed_by("directive_status", &["period_id", "directive_id"])? {
            return self.read_kpi_judgements_listed(period);
        }
        let statuses = self.statuses_of_period(period)?;
        // `directives_for_period`'s list, of those that name a key figure.
        // CROSS JOIN keeps the periods outside, so that each is a probe of
        // the status key; SQLite's own choice scanned every status per
        // directive (a quarter of a second at national scale).
        let mut stmt = self.conn().prepare(
            "SELECT t.id, t.title, t.kpi_id FROM directive t WHERE t.kpi_id IS NOT NULL \
             AND (t.year = ?1 OR EXISTS (SELECT 1 FROM period p CROSS JOIN directive_status x \
             ON x.period_id = p.id AND x.directive_id = t.id \
             WHERE (p.end_date <= ?2 AND p.year = ?1) OR p.id = ?3)) \
             ORDER BY coalesce(t.sort_order, 1000000), t.id",
        )?;
        let rows = stmt.query_map(
            rusqlite::params![period.year, super::asof::end(period), period.id],
            |r| {
                Ok((
                    super::line(r, 0).unwrap_or_default(),
                    super::line(r, 1).unwrap_or_default(),
                    super::line(r, 2),
                ))
            },
        )?;
        let mut out = HashMap::new();
        for row in rows.limited() {
            let (id, title, kpi) = row?;
            let (Some(kpi), Some(report)) = (kpi, statuses.get(&id)) else {
                continue;
            };
            if report.judgement.is_none() {
                continue;
            }
            out.entry(kpi).or_insert_with(|| KpiJudgement {
                directive_id: id,
                directive_title: title,
                report: report.clone(),
            });
        }
        Ok(out)
    }

    /// [`Store::read_kpi_judgements`] from every directive the period
    /// lists, with its recipients.
    fn read_kpi_judgements_listed(&self, period: &Period) -> Result<HashMap<String, KpiJudgement>> {
        let mut out = HashMap::new();
        for listed in self.directives_for_period(period)? {
            let (Some(kpi), Some(report)) = (listed.directive.kpi_id.clone(), listed.status) else {
                continue;
            };
            if report.judgement.is_none() {
                continue;
            }
            out.entry(kpi).or_insert(KpiJudgement {
                directive_id: listed.directive.id,
                directive_title: listed.directive.title,
                report,
            });
        }
        Ok(out)
    }

    /// The measures of those of `directives` that link one, by directive
    /// id, as of `period`. Only the linked figures are read: each linked
    /// key figure's latest value as of the period, the linked indicators
    /// (with the goals and delmål, [`Store::goal_tree_part`]).
    pub fn measures<'d>(
        &self,
        period: &Period,
        directives: impl IntoIterator<Item = &'d Directive>,
    ) -> Result<HashMap<String, Measure>> {
        let directives: Vec<&Directive> = directives.into_iter().collect();
        let linked: Vec<&str> = directives
            .iter()
            .filter_map(|d| d.kpi_id.as_deref())
            .collect();
        let kpis = self.linked_kpis(period, &linked)?;
        let kpi_of = |d: &Directive| d.kpi_id.as_deref().and_then(|id| kpis.get(id));
        // Indicators measure the directives no key figure does.
        let indicators: Vec<String> = (directives.iter())
            .filter(|d| kpi_of(d).is_none())
            .filter_map(|d| d.indicator_id.clone())
            .collect();
        let tree = match indicators.is_empty() {
            true => None,
            false => Some(self.goal_tree_part(period, Part::Indicators(&indicators))?),
        };
        let mut out = HashMap::new();
        for d in directives {
            if let Some(kpi) = kpi_of(d) {
                let now = kpi.as_of(period, &self.periods);
                out.insert(
                    d.id.clone(),
                    Measure {
                        name: kpi.name.clone(),
                        unit: kpi.unit.clone(),
                        value: now.latest.and_then(|v| v.value),
                        target: kpi.target,
                        span: now.latest.map(|v| v.label.clone()),
                        period_id: now.latest.and_then(|v| v.period_id.clone()),
                        light: now.light(),
                        provenance: now.latest.map(|v| v.provenance.clone()),
                    },
                );
                continue;
            }
            let Some(id) = d.indicator_id.as_deref() else {
                continue;
            };
            let Some((_, _, indicator)) = tree.as_ref().and_then(|t| t.indicator(id)) else {
                continue;
            };
            out.insert(
                d.id.clone(),
                Measure {
                    name: indicator.name.clone(),
                    unit: indicator.unit.clone(),
                    value: indicator.measured(),
                    target: indicator.target(),
                    span: None,
                    period_id: indicator.value.as_ref().map(|v| v.period_id.clone()),
                    light: indicator.light(),
                    provenance: indicator.value.as_ref().map(|v| v.provenance.clone()),
                },
            );
        }
        Ok(out)
    }

    /// The key figures `ids` names, by id, each with what [`Kpi::as_of`]
    /// needs for `period`: its latest value as of the period, walked down
    /// the figure's key (as [`Store::kpis_latest_as_of`] does), or, where
    /// every series is already read or the file lacks the keys, its series.
    /// At national scale every series is 180 000 values; Uppdrag links a
    /// hundred figures.
    fn linked_kpis(&self, period: &Period, ids: &[&str]) -> Result<HashMap<String, Kpi>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let walk = self.kpis.get().is_none()
            && self.keyed_by("kpi_value", &["kpi_id", "date"])?
            && self.keyed_by("source", &["id"])?;
        let mut out = HashMap::new();
        if !walk {
            for id in ids {
                if let Some(kpi) = self.kpi(id)? {
                    out.insert(id.to_string(), kpi.clone());
                }
            }
            return Ok(out);
        }
        let wanted: HashSet<&str> = ids.iter().copied().collect();
        // The first figure of an id, as `Store::kpi` finds it.
        for kpi in self.read_kpi_definitions()? {
            if wanted.contains(kpi.id.as_str()) && !out.contains_key(&kpi.id) {
                out.insert(kpi.id.clone(), kpi);
            }
        }
        for latest in self.latest_values_of(out.values().cloned().collect(), period)? {
            if let Some(kpi) = out.get_mut(&latest.id) {
                kpi.values = latest.values;
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Översikt and Nyckeltal ask for the judgements on every build: the
    /// second ask reads nothing and answers the same.
    #[test]
    fn the_judgements_of_a_period_are_read_once() {
        let store = Store::demo().unwrap();
        let august = store.period("2025-08").unwrap().clone();
        let mut first = HashMap::new();
        assert!(store.sql_steps_of(|| first = store.kpi_judgements(&august).unwrap()) > 0);
        assert!(!first.is_empty());
        let mut again = HashMap::new();
        assert_eq!(
            store.sql_steps_of(|| again = store.kpi_judgements(&august).unwrap()),
            0
        );
        let ids = |m: &HashMap<String, KpiJudgement>| {
            let mut v: Vec<_> = m
                .iter()
                .map(|(k, j)| (k.clone(), j.directive_id.clone()))
                .collect();
            v.sort();
            v
        };
        assert_eq!(ids(&first), ids(&again));
        assert_eq!(
            ids(&store.read_kpi_judgements(&august).unwrap()),
            ids(&first)
        );
    }

    /// The judgements read from the directives a key figure measures are
    /// those every directive the period lists gives, in every period of
    /// the sample, and their read takes fewer SQL steps (no recipients, no
    /// texts, no list of the year's statuses).
    #[test]
    fn the_judgements_read_from_measured_directives_are_those_of_every_listed_one() {
        let store = Store::demo().unwrap();
        let mut judged = 0;
        for period in &store.periods {
            store.statuses_of_period(period).unwrap();
            let (mut narrow, mut listed) = (HashMap::new(), HashMap::new());
            let steps = (
                store.sql_steps_of(|| narrow = store.read_kpi_judgements(period).unwrap()),
                store.sql_steps_of(|| listed = store.read_kpi_judgements_listed(period).unwrap()),
            );
            assert!(steps.0 < steps.1, "{}: {steps:?}", period.id);
            let mut keys: Vec<&String> = narrow.keys().collect();
            keys.sort();
            let mut expected: Vec<&String> = listed.keys().collect();
            expected.sort();
            assert_eq!(keys, expected, "{}", period.id);
            for (kpi, j) in &narrow {
                let l = &listed[kpi];
                assert_eq!(
                    (
                        &j.directive_id,
                        &j.directive_title,
                        format!("{:?}", j.report)
                    ),
                    (
                        &l.directive_id,
                        &l.directive_title,
                        format!("{:?}", l.report)
                    ),
                    "{} {kpi}",
                    period.id
                );
            }
            judged += narrow.len();
        }
        assert!(judged > 1, "{judged}");
    }

    /// The sample with more directives linked: to indicators of 2024 and
    /// 2025, to one no period's tree has, to a key figure the file lacks
    /// (an indicator then measures it), to a key figure of each kind.
    fn sample_linked(dir: &std::path::Path) -> Store {
        let path = dir.join("linked.db");
        std::fs::write(&path, crate::data::DEMO).unwrap();
        let db = rusqlite::Connection::open(&path).unwrap();
        db.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA foreign_keys = OFF;
             UPDATE directive SET indicator_id = 'i2024-f3-laneskuld' WHERE id = 'd2024-02';
             UPDATE directive SET indicator_id = 'i2025-03' WHERE id IN ('d2025-01', 'd2026-01');
             UPDATE directive SET indicator_id = 'i2024-g1-bup-lyssnad' WHERE id = 'd2024-03';
             UPDATE directive SET kpi_id = 'no-such-kpi', indicator_id = 'i2025-08' WHERE id = 'd2025-02';
             UPDATE directive SET indicator_id = 'no-such-indicator' WHERE id = 'd2024-04';
             UPDATE directive SET kpi_id = 'k-anstallda-forandring' WHERE id = 'd2024-05';
             UPDATE directive SET kpi_id = (SELECT min(id) FROM kpi WHERE id LIKE 'k2025%') WHERE id = 'd2025-04';",
        )
        .unwrap();
        drop(db);
        Store::open(&path).unwrap()
    }

    /// Uppdrag's measures read the linked figures only (no key figure's
    /// whole series, no whole goal tree) and are what the whole reads
    /// give, in every period.
    #[test]
    fn measures_read_the_linked_figures_only_and_as_the_whole_reads() {
        let dir = tempfile::tempdir().unwrap();
        let shown = |m: HashMap<String, Measure>| {
            let mut m: Vec<String> = m.into_iter().map(|(k, v)| format!("{k} {v:?}")).collect();
            m.sort();
            m
        };
        let (part, whole) = (sample_linked(dir.path()), sample_linked(dir.path()));
        whole.kpis().unwrap();
        let mut measured = 0;
        for period in &part.periods {
            whole.goal_tree_kept(period).unwrap();
            let listed = part.directives_for_period(period).unwrap();
            let mut all: Vec<&Directive> = listed.iter().map(|l| &l.directive).collect();
            let others = part.directives_for_period(&part.periods[0]).unwrap();
            all.extend(others.iter().map(|l| &l.directive));
            let read = shown(part.measures(period, all.iter().copied()).unwrap());
            assert_eq!(
                read,
                shown(whole.measures(period, all.iter().copied()).unwrap())
            );
            measured += read.len();
            assert!(part.kpis.get().is_none(), "no whole series read");
            assert!(
                part.kept(&period.id, |m| &m.goal_tree).is_none(),
                "no whole tree read"
            );
        }
        assert!(measured > 20, "{measured}");
    }

    #[test]
    fn a_linked_directive_is_measured_as_of_the_period() {
        let store = Store::demo().unwrap();
        let at = |id: &str| store.period(id).unwrap().clone();
        let august = at("2025-08");
        let listed = store.directives_for_period(&august).unwrap();
        let measures = store
            .measures(&august, listed.iter().map(|l| &l.directive))
            .unwrap();
        let agency = &measures["d2025-03"];
        assert_eq!(agency.value, Some(Decimal::new(381, 2)));
        assert_eq!(agency.target, Some(Decimal::new(37, 1)));
        assert_eq!(agency.unit.as_deref(), Some("%"));
        assert!(agency.light.light.is_some(), "a computed light");
        assert!(
            !measures.contains_key("d2025-01"),
            "only linked directives are measured"
        );
        let year_2024 = at("2024-08");
        let listed = store.directives_for_period(&year_2024).unwrap();
        let measures = store
            .measures(&year_2024, listed.iter().map(|l| &l.directive))
            .unwrap();
        assert!(measures.contains_key("d2024-01"), "the region's 2024 share");
    }

    /// Defect from #23: the overview listed the agency-staff share among
    /// the figures furthest from target although the August report judges
    /// it reached. The judged light ranks; the rule's only where none is.
    #[test]
    fn figures_off_target_rank_by_the_judged_light_where_there_is_one() {
        let store = Store::demo().unwrap();
        let at = |id: &str| store.period(id).unwrap().clone();
        let ids = |period: &str| -> Vec<String> {
            store
                .kpis_off_target(&at(period))
                .unwrap()
                .iter()
                .map(|o| o.kpi.id.clone())
                .collect()
        };
        for period in ["2025-08", "2025-10"] {
            let off = ids(period);
            assert!(
                !off.contains(&"k-hyrpersonal-andel".to_string()),
                "judged reached in August: {period} {off:?}"
            );
            assert!(off.contains(&"k-tjansteresor-forandring".to_string()));
        }
        // 2024: no report judges a key figure; the rule ranks, red first.
        let off = store.kpis_off_target(&at("2024-08")).unwrap();
        assert!(!off.is_empty());
        assert!(off.iter().all(|o| o.judged.is_none()));
        assert!(
            off.windows(2)
                .all(|w| { super::severity(w[0].light) <= super::severity(w[1].light) })
        );
    }

    /// The figures off target are the same whether the store has read
    /// every series or reads each figure's latest value alone, in every
    /// period of the sample.
    #[test]
    fn figures_off_target_are_the_same_from_the_latest_values_alone() {
        let whole = Store::demo().unwrap();
        whole.kpis().unwrap();
        let listed = |off: Vec<OffTarget>| -> Vec<String> {
            off.iter()
                .map(|o| {
                    let figure = o.figure();
                    let v = figure.latest.unwrap();
                    format!(
                        "{} {:?} {:?} {:?} {}",
                        o.kpi.id, o.light, v.value, v.date, v.label
                    )
                })
                .collect()
        };
        let mut listed_any = false;
        for period in &whole.periods {
            let alone = Store::demo().unwrap().kpis_off_target(period).unwrap();
            let kept = whole.kpis_off_target(period).unwrap();
            let (alone, kept) = (listed(alone), listed(kept));
            listed_any |= !alone.is_empty();
            assert_eq!(alone, kept, "{}", period.id);
        }
        assert!(listed_any);
    }

    /// A figure a report judges at risk ranks by that judgement, before
    /// the rule's yellow lights, whatever its distance.
    #[test]
    fn a_figure_judged_not_reached_ranks_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("judged.db");
        std::fs::write(&path, super::super::DEMO).unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "UPDATE directive_status SET judgement = 'not_met', judgement_quote = 'kommer inte att uppnås' \
             WHERE directive_id = 'd2025-03' AND period_id = '2025-08';",
        )
        .unwrap();
        drop(conn);
        let store = Store::open(&path).unwrap();
        let off = store
            .kpis_off_target(store.period("2025-08").unwrap())
            .unwrap();
        assert_eq!(off[0].kpi.id, "k-hyrpersonal-andel");
        assert_eq!(off[0].light, Some(Judgement::Not));
        assert_eq!(
            off[0].judged.as_ref().map(KpiJudgement::judged),
            Some(Achievement::NotMet)
        );
    }

    #[test]
    fn a_key_figure_is_judged_through_the_directive_it_measures() {
        let store = Store::demo().unwrap();
        let at = |id: &str| store.period(id).unwrap().clone();
        let august = store.kpi_judgements(&at("2025-08")).unwrap();
        let agency = &august["k-hyrpersonal-andel"];
        assert_eq!(agency.directive_id, "d2025-03");
        assert_eq!(agency.judged(), Achievement::Met);
        assert!(
            agency
                .report
                .judgement_quote
                .as_deref()
                .unwrap()
                .contains("bedömningen är att det kommer uppnås")
        );
        // October states nothing: August's judgement stands, as August's.
        let october = store.kpi_judgements(&at("2025-10")).unwrap();
        assert_eq!(october["k-hyrpersonal-andel"].report.period_id, "2025-08");
        // The 2024 report judges no key figure; April precedes any report.
        assert!(store.kpi_judgements(&at("2024-08")).unwrap().is_empty());
        assert!(store.kpi_judgements(&at("2025-04")).unwrap().is_empty());
    }
}
