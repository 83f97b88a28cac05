//! What a hit's destination asks of the snapshot, bounded and kept per
//! open file: the prompt's live hits say where each of the hits shown
//! leads (the notes' marks go by it), and each key typed builds them
//! again. At national scale a cost type's unit was a read of every line
//! of the period (320 000 rows, a third of a second) and a directive's
//! place a read of the period's every directive with its recipients, for
//! each hit on every key.

use crate::data::memo::once;
use crate::data::{Period, Result, RowsExt, Store, line};
use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;

#[derive(Default)]
pub(crate) struct Kept {
    /// A cost type's unit by (cost type, period).
    cost_type_units: RefCell<HashMap<(String, String), Option<String>>>,
    /// The units a cost type's unit is looked for among, by depth.
    levels: OnceCell<Vec<Vec<String>>>,
    /// Whether the facts have the keys a probe per unit and period needs.
    keyed: OnceCell<bool>,
    /// A period's listed directives, by period id.
    listed: RefCell<HashMap<String, Rc<ListedDirectives>>>,
}

/// What a search hit's destination asks of a period's directive list
/// ([`Store::directives_for_period`]).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ListedDirectives {
    /// The directives the period lists.
    pub directives: HashSet<String>,
    /// The units that receive one of them.
    pub recipients: HashSet<String>,
}

impl Store {
    /// The unit whose cost types show `cost_type` in a period: the unit the
    /// snapshot is about where it has the line, else the highest unit that
    /// has it (the shallowest, the first by id among equals). Kept per
    /// cost type and period.
    pub fn cost_type_unit(&self, cost_type: &str, period_id: &str) -> Result<Option<String>> {
        let key = (cost_type.to_string(), period_id.to_string());
        let kept = self
            .search_kept
            .lands
            .cost_type_units
            .borrow()
            .get(&key)
            .cloned();
        if let Some(unit) = kept {
            return Ok(unit);
        }
        let unit = self.read_cost_type_unit(cost_type, period_id)?;
        let mut units = self.search_kept.lands.cost_type_units.borrow_mut();
        units.insert(key, unit.clone());
        Ok(unit)
    }

    fn read_cost_type_unit(&self, cost_type: &str, period_id: &str) -> Result<Option<String>> {
        let probe = "SELECT EXISTS (SELECT 1 FROM economy_fact WHERE period_id = ?1 \
                     AND org_unit_id = ?2 AND coalesce(cost_type_id, '') = ?3)";
        // The focus unit where it has the line: one probe of the key.
        if let Some(focus) = self.focus_unit().filter(|_| !cost_type.is_empty())
            && self
                .conn()
                .query_row(probe, [period_id, &focus.id, cost_type], |r| {
                    r.get::<_, bool>(0)
                })?
        {
            return Ok(Some(focus.id.clone()));
        }
        // Else the units from the top down, one probe each, until a depth
        // has one: the region has every line its parts have, so this is a
        // probe or two where the period's rows were read whole.
        if !cost_type.is_empty() && self.facts_keyed_by_unit()? {
            let mut stmt = self.conn().prepare(probe)?;
            for level in self.unit_levels()? {
                for unit in level {
                    if stmt.query_row([period_id, unit, cost_type], |r| r.get::<_, bool>(0))? {
                        return Ok(Some(unit.clone()));
                    }
                }
            }
            return Ok(None);
        }
        // Without those keys, the period's units with the line in one read:
        // the key's own expression where the file has it, so that the rows
        // are read from the index alone; an empty id, which the expression
        // cannot tell from a total, the plain way.
        let sql = if cost_type.is_empty() {
            "SELECT DISTINCT org_unit_id FROM economy_fact WHERE cost_type_id = ?1 AND period_id = ?2"
        } else {
            "SELECT DISTINCT org_unit_id FROM economy_fact \
             WHERE coalesce(cost_type_id, '') = ?1 AND period_id = ?2"
        };
        let mut stmt = self.conn().prepare(sql)?;
        let rows = stmt.query_map([cost_type, period_id], |r| Ok(line(r, 0)))?;
        let mut units = Vec::new();
        for row in rows.limited() {
            units.extend(row?);
        }
        if let Some(focus) = self.focus_unit().filter(|f| units.contains(&f.id)) {
            return Ok(Some(focus.id.clone()));
        }
        Ok(units
            .into_iter()
            .min_by_key(|u| (self.org_depth(u), u.clone())))
    }

    /// Whether a probe of the facts by period and unit, and a step from one
    /// unit's facts to the next, are each a range of an index (the
    /// format's keys): without them, one read instead of a probe per unit.
    pub(super) fn facts_keyed_by_unit(&self) -> Result<bool> {
        once(&self.search_kept.lands.keyed, || {
            Ok(self.led_by_period("economy_fact")?
                && self.keyed_by("economy_fact", &["period_id", "org_unit_id"])?
                && self.keyed_by("economy_fact", &["org_unit_id"])?)
        })
        .copied()
    }

    /// The units by [`Store::org_depth`], each depth's in id order: the
    /// organisation's, and at depth 0 with the roots the units the facts
    /// name that the organisation lacks (a unit it does not know counts as
    /// a root). Read once per file: one probe per unit with facts.
    fn unit_levels(&self) -> Result<&Vec<Vec<String>>> {
        once(&self.search_kept.lands.levels, || {
            let mut levels: Vec<BTreeSet<String>> = Vec::new();
            let mut put = |depth: usize, id: &str| {
                if levels.len() <= depth {
                    levels.resize_with(depth + 1, BTreeSet::new);
                }
                levels[depth].insert(id.to_string());
            };
            for unit in &self.org {
                put(self.org_depth(&unit.id), &unit.id);
            }
            // The facts' distinct units, one step of the unit key each.
            let mut stmt = self.conn().prepare(
                "WITH RECURSIVE u(id) AS (SELECT min(org_unit_id) FROM economy_fact \
                 UNION ALL SELECT (SELECT min(org_unit_id) FROM economy_fact \
                 WHERE org_unit_id > u.id) FROM u WHERE u.id IS NOT NULL) \
                 SELECT id FROM u WHERE id IS NOT NULL",
            )?;
            let rows = stmt.query_map([], |r| Ok(line(r, 0)))?;
            for row in rows.limited() {
                if let Some(id) = row?
                    && self.org_unit(&id).is_none()
                {
                    put(0, &id);
                }
            }
            Ok(levels
                .into_iter()
                .map(|level| level.into_iter().collect())
                .collect())
        })
    }

    /// Which directives `period` lists and who receives them, kept per
    /// period: a search hit's destination asks it of every directive and
    /// unit hit shown.
    pub fn listed_directives(&self, period: &Period) -> Result<Rc<ListedDirectives>> {
        let kept = self
            .search_kept
            .lands
            .listed
            .borrow()
            .get(&period.id)
            .cloned();
        if let Some(listed) = kept {
            return Ok(listed);
        }
        let mut listed = ListedDirectives::default();
        for l in self.directives_for_period(period)? {
            listed.recipients.extend(l.directive.recipients);
            listed.directives.insert(l.directive.id);
        }
        let listed = Rc::new(listed);
        let mut kept = self.search_kept.lands.listed.borrow_mut();
        kept.insert(period.id.clone(), Rc::clone(&listed));
        Ok(listed)
    }
}
