//! The names search looks in, read and folded once per open file: each
//! key typed in the prompt searches again, and at national scale reading
//! and folding every name each time (10 000 units, 6 000 indicators, 3 000
//! directives and key figures, the key figures' every value read to name
//! them) took most of a key's time.

use super::{Hit, HitKind, fold};
use crate::data::memo::once;
use crate::data::{Result, RowsExt, Store, line};
use std::cell::OnceCell;

/// One thing search can find: the hit it makes and its texts folded.
pub(super) struct Named {
    pub(super) hit: Hit,
    pub(super) folded: Vec<String>,
}

/// Everything search can find, each kind read when a search first gets
/// to it (a word in thousands of units' names ends the search before the
/// goals: their names are not read then), each kind in the order search
/// lists it.
#[derive(Default)]
pub(super) struct Names {
    /// Units, then cost types: the store's own lists, folded.
    listed: OnceCell<Vec<Named>>,
    /// Goals, delmål, indicators and directives: the kinds whose list ends
    /// the search once it has enough hits.
    capped: [OnceCell<Vec<Named>>; 4],
    kpis: OnceCell<Vec<Named>>,
}

/// The capped kinds, in order, and how each is read.
pub(super) const CAPPED: [(HitKind, &str); 4] = [
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

/// How many capped kinds there are.
pub(super) const CAPPED_KINDS: usize = CAPPED.len();

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
    /// The units, then the cost types.
    pub(super) fn searched_units_and_cost_types(&self) -> &[Named] {
        self.search_kept.names.listed.get_or_init(|| {
            let units = self.org.iter().map(|unit| {
                let short = unit.short_name.as_deref().unwrap_or("");
                named(HitKind::Unit, &unit.id, &unit.name, &[&unit.name, short])
            });
            let cost_types = self
                .cost_types
                .iter()
                .map(|c| named(HitKind::CostType, &c.id, &c.name, &[&c.name]));
            units.chain(cost_types).collect()
        })
    }

    /// The `i`th capped kind ([`CAPPED_KINDS`]), read on first use.
    pub(super) fn searched_capped(&self, i: usize) -> Result<&[Named]> {
        let Some(cell) = self.search_kept.names.capped.get(i) else {
            return Ok(&[]);
        };
        once(cell, || {
            let (kind, sql) = CAPPED[i];
            let mut stmt = self.conn().prepare(sql)?;
            let rows =
                stmt.query_map([], |r| Ok((line(r, 0), line(r, 1), line(r, 2), line(r, 3))))?;
            let mut out = Vec::new();
            for row in rows.limited() {
                let (Some(id), Some(label), goal, subgoal) = row? else {
                    continue;
                };
                let folded = vec![fold(&label)];
                out.push(Named {
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
            Ok(out)
        })
        .map(Vec::as_slice)
    }

    /// The key figures, read on first use. Their definitions are enough
    /// to name them: their values are read only where already kept.
    pub(super) fn searched_kpis(&self) -> Result<&[Named]> {
        once(&self.search_kept.names.kpis, || {
            let read;
            let kpis = match self.kpis.get() {
                Some(all) => all.as_slice(),
                None => {
                    read = self.read_kpi_definitions()?;
                    read.as_slice()
                }
            };
            Ok(kpis
                .iter()
                .map(|k| {
                    let description = k.description.as_deref().unwrap_or("");
                    named(HitKind::Kpi, &k.id, &k.name, &[&k.name, description])
                })
                .collect())
        })
        .map(Vec::as_slice)
    }
}
