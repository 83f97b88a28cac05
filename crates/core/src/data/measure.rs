//! What a directive's measurable target is measured by: the key figure or
//! indicator the snapshot links it to (`directive.kpi_id`,
//! `directive.indicator_id`, format version 2), as of a period.

use super::directives::{Directive, StatusReport};
use super::{Period, Provenance, Result, Store};
use crate::domain::light::IndicatorLight;
use crate::domain::vocab::Achievement;
use rust_decimal::Decimal;
use std::collections::HashMap;

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

impl Store {
    /// The key figures a report judges as of `period`, by key-figure id:
    /// those measuring a listed directive whose status row as of the
    /// period states a judgement. Nothing is read from the analysis text.
    pub fn kpi_judgements(&self, period: &Period) -> Result<HashMap<String, KpiJudgement>> {
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
    /// id, as of `period`. The goal tree is read only if an indicator is
    /// linked, and then once while the period is kept.
    pub fn measures<'d>(
        &self,
        period: &Period,
        directives: impl IntoIterator<Item = &'d Directive>,
    ) -> Result<HashMap<String, Measure>> {
        let mut out = HashMap::new();
        let mut tree = None;
        for d in directives {
            if let Some(kpi) = d
                .kpi_id
                .as_deref()
                .map(|id| self.kpi(id))
                .transpose()?
                .flatten()
            {
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
            if tree.is_none() {
                tree = Some(self.goal_tree_kept(period)?);
            }
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
