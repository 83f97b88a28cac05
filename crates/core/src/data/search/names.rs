//! The names search looks in, read and folded once per open file: each
//! key typed in the prompt searches again, and at national scale reading
//! and folding every name each time (10 000 units, 6 000 indicators, 3 000
//! directives and key figures, the key figures' every value read to name
//! them) took most of a key's time.

use super::{Hit, HitKind, fold};
use crate::data::{Result, RowsExt, Store, line};

/// One thing search can find: the hit it makes and its texts folded.
pub(super) struct Named {
    pub(super) hit: Hit,
    pub(super) folded: Vec<String>,
}

/// Everything search can find, by kind, each kind in the order search
/// lists it.
#[derive(Default)]
pub(super) struct Names {
    pub(super) units: Vec<Named>,
    pub(super) cost_types: Vec<Named>,
    /// Goals, delmål, indicators and directives, in that order: the kinds
    /// whose list ends the search once it has enough hits.
    pub(super) capped: Vec<Named>,
    pub(super) kpis: Vec<Named>,
}

fn named(kind: HitKind, id: &str, label: &str, texts: &[&str]) -> Named {
    Named {
        hit: Hit {
            kind,
            id: id.to_string(),
            label: label.to_string(),
            goal: None,
            subgoal: None,
        },
        folded: texts.iter().map(|t| fold(t)).collect(),
    }
}

impl Store {
    /// [`Names`], read on first use.
    pub(super) fn search_names(&self) -> Result<&Names> {
        crate::data::memo::once(&self.search_kept.names, || self.read_search_names())
    }

    fn read_search_names(&self) -> Result<Names> {
        let mut names = Names::default();
        for unit in &self.org {
            let short = unit.short_name.as_deref().unwrap_or("");
            let texts = [unit.name.as_str(), short];
            names
                .units
                .push(named(HitKind::Unit, &unit.id, &unit.name, &texts));
        }
        for cost_type in &self.cost_types {
            let texts = [cost_type.name.as_str()];
            (names.cost_types).push(named(
                HitKind::CostType,
                &cost_type.id,
                &cost_type.name,
                &texts,
            ));
        }
        let queries: [(HitKind, &str); 4] = [
            (
                HitKind::Goal,
                "SELECT id, number || ' ' || title, NULL, NULL FROM goal ORDER BY sort_order, id",
            ),
            (
                HitKind::Subgoal,
                "SELECT id, text, goal_id, NULL FROM subgoal ORDER BY sort_order, id",
            ),
            (
                HitKind::Indicator,
                "SELECT i.id, i.name, coalesce(i.goal_id, s.goal_id), i.subgoal_id FROM indicator i \
                 LEFT JOIN subgoal s ON s.id = i.subgoal_id ORDER BY i.sort_order, i.id",
            ),
            (
                HitKind::Directive,
                "SELECT id, title, NULL, NULL FROM directive ORDER BY sort_order, id",
            ),
        ];
        for (kind, sql) in queries {
            let mut stmt = self.conn().prepare(sql)?;
            let rows =
                stmt.query_map([], |r| Ok((line(r, 0), line(r, 1), line(r, 2), line(r, 3))))?;
            for row in rows.limited() {
                let (Some(id), Some(label), goal, subgoal) = row? else {
                    continue;
                };
                let folded = vec![fold(&label)];
                names.capped.push(Named {
                    hit: Hit {
                        kind,
                        id,
                        label,
                        goal,
                        subgoal,
                    },
                    folded,
                });
            }
        }
        // The definitions are enough to name a key figure: its values are
        // read only where they are already kept.
        let kept;
        let read;
        let kpis = match self.kpis.get() {
            Some(all) => {
                kept = all;
                kept.as_slice()
            }
            None => {
                read = self.read_kpi_definitions()?;
                read.as_slice()
            }
        };
        for kpi in kpis {
            let description = kpi.description.as_deref().unwrap_or("");
            let texts = [kpi.name.as_str(), description];
            (names.kpis).push(named(HitKind::Kpi, &kpi.id, &kpi.name, &texts));
        }
        Ok(names)
    }
}
