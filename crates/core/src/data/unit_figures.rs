//! The Ekonomi tree's rows and their figures, read for the rows it shows.
//!
//! A national file has 10 000 units; the tree opens on the region, its
//! boards and the units under them, some sixty rows. Which units it shows
//! depends on the period (a unit with no figures and none below it is left
//! out), and reading every unit's totals of the period and of the
//! comparison period to find that out was most of the pane's first visit
//! and of `[`. Where the file has `economy_total` with a key led by the
//! period, the tree asks for the units it is about to show, a chunk of
//! siblings at a time, and the answers are kept for the period's next
//! builds (the memo); a unit with no figures of its own is shown if one
//! below it has, found by a walk that stops at the first. Elsewhere (a file
//! without the table or its key, an organisation with an id that cannot be
//! bound as shown) the period's whole reads answer, as before.

use super::asof::Carried;
use super::economy::{FACT_COLUMNS, Fact, fact, stored_as_shown};
use super::{PROVENANCE_COLUMNS, Period, Result, RowsExt, SOURCE_JOIN, Store, decimal, line};
use super::{int, provenance_at};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// What the tree shows of one unit in a period, from its `economy_total`
/// row; all empty for a unit without one.
#[derive(Debug, Clone, Default)]
pub struct UnitFigures {
    /// Its total row.
    pub total: Option<Fact>,
    /// Whether it has rows by cost type (can be drilled into).
    pub drillable: bool,
    /// Its net-cost line's cost development.
    pub net_development: Option<Decimal>,
}

impl UnitFigures {
    /// Whether the tree shows the unit for its own sake.
    fn has_figures(&self) -> bool {
        self.total.is_some() || self.drillable
    }
}

/// A row of the economy tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeRow {
    /// The unit's position in [`Store::org`].
    pub unit: usize,
    pub depth: u16,
    /// `None` for a unit with no rows under it; else whether they are shown.
    pub open: Option<bool>,
}

/// How many units one read asks for: a screen's rows in one or two reads,
/// and a unit with thousands of children is not read whole to learn
/// whether one of them has figures.
const CHUNK: usize = 64;

impl Store {
    /// Whether a period's unit figures are read unit by unit (see the
    /// module): the file has `economy_total` with a key led by the period,
    /// and every unit's id can be bound as it is shown.
    fn probes_units(&self) -> Result<bool> {
        if !self.economy_totals || !self.led_by_period(crate::snapshot::totals::TABLE)? {
            return Ok(false);
        }
        let bindable = || self.org.iter().all(|u| stored_as_shown(&u.id));
        Ok(*self.org_ids_bindable.get_or_init(bindable))
    }

    /// The economy tree of a period: the units with figures and every unit
    /// above them, in the organisation's order, depth first; the units
    /// under a unit only where `is_open(unit id, depth)`.
    pub fn economy_tree(
        &self,
        period_id: &str,
        is_open: impl Fn(&str, u16) -> bool,
    ) -> Result<Vec<TreeRow>> {
        let tree = &self.org_tree;
        // A repeated id is a root of its own in the tree, shown (with the
        // first one's rows under it) where the first one is.
        let first = |i: usize| tree.position(&self.org[i].id).unwrap_or(i);
        let mut shown = Shown::new(self, period_id)?;
        let roots: Vec<usize> = tree.roots().iter().map(|&i| first(i)).collect();
        let mut stack = Vec::new();
        for (at, &root) in tree.roots().iter().enumerate() {
            if shown.shown(&roots, at)? {
                stack.push((root, 0u16));
            }
        }
        stack.reverse();
        let mut rows = Vec::new();
        while let Some((i, depth)) = stack.pop() {
            if rows.len() > self.org.len() {
                break; // repeated ids in a hostile file; the rows so far are still right
            }
            let open = is_open(&self.org[i].id, depth);
            let kids = tree.children(first(i));
            let mut shown_kids = Vec::new();
            for at in 0..kids.len() {
                if shown.shown(kids, at)? {
                    shown_kids.push(kids[at]);
                    if !open {
                        break; // whether it has any is all a closed row needs
                    }
                }
            }
            rows.push(TreeRow {
                unit: i,
                depth,
                open: (!shown_kids.is_empty()).then_some(open),
            });
            if open {
                let below = depth.saturating_add(1);
                stack.extend(shown_kids.into_iter().rev().map(|k| (k, below)));
            }
        }
        Ok(rows)
    }

    /// `units`' total rows in a period, by unit id (read for those units,
    /// or the period's whole [`Store::totals`], which holds them).
    pub fn unit_totals(
        &self,
        period_id: &str,
        units: &[&str],
    ) -> Result<Rc<HashMap<String, Fact>>> {
        if !self.probes_units()? {
            return self.totals(period_id);
        }
        let figures = self.probe(period_id, units)?;
        Ok(Rc::new(
            (units.iter().zip(figures))
                .filter_map(|(id, f)| Some((id.to_string(), f.total.clone()?)))
                .collect(),
        ))
    }

    /// Which of `units` have rows by cost type in a period (or the period's
    /// whole [`Store::units_with_cost_types`]).
    pub fn units_drillable(&self, period_id: &str, units: &[&str]) -> Result<Rc<HashSet<String>>> {
        if !self.probes_units()? {
            return self.units_with_cost_types(period_id);
        }
        let figures = self.probe(period_id, units)?;
        Ok(Rc::new(
            (units.iter().zip(figures))
                .filter(|(_, f)| f.drillable)
                .map(|(id, _)| id.to_string())
                .collect(),
        ))
    }

    /// `units`' net-cost lines' cost development in a period (or the
    /// period's whole [`Store::net_developments`]).
    pub fn unit_net_developments(
        &self,
        period_id: &str,
        units: &[&str],
    ) -> Result<Rc<HashMap<String, Decimal>>> {
        if !self.probes_units()? {
            return self.net_developments(period_id);
        }
        let figures = self.probe(period_id, units)?;
        Ok(Rc::new(
            (units.iter().zip(figures))
                .filter_map(|(id, f)| Some((id.to_string(), f.net_development?)))
                .collect(),
        ))
    }

    /// The forecasts carried into a period for the units of `totals` whose
    /// own total states none (what [`Store::carried_forecasts`] holds for
    /// them; that whole read where units are not read one by one, or where
    /// it is kept).
    pub fn carried_forecasts_of(
        &self,
        period: &Period,
        totals: &HashMap<String, Fact>,
    ) -> Result<Rc<HashMap<String, Carried<i64>>>> {
        if !self.probes_units()? {
            return self.carried_forecasts(period);
        }
        if let Some(kept) = self.kept(&period.id, |m| &m.forecasts) {
            return Ok(kept);
        }
        let missing: Vec<&String> = (totals.iter())
            .filter(|(_, f)| f.forecast_deviation.is_none())
            .map(|(unit, _)| unit)
            .collect();
        let mut out = HashMap::new();
        let mut wanted = Vec::new();
        self.with_probed(&period.id, |kept| {
            for unit in missing {
                match kept.carried.get(unit) {
                    Some(carried) => {
                        out.extend(carried.clone().map(|c| (unit.clone(), c)));
                    }
                    None => wanted.push((unit.clone(), None)),
                }
            }
        });
        if wanted.is_empty() {
            return Ok(Rc::new(out));
        }
        let units: Vec<String> = wanted.iter().map(|(u, _)| u.clone()).collect();
        let found = self.look_back(period, wanted)?;
        self.with_probed(&period.id, |kept| {
            for unit in units {
                let carried = found.get(&unit).cloned();
                out.extend(carried.clone().map(|c| (unit.clone(), c)));
                kept.carried.insert(unit, carried);
            }
        });
        Ok(Rc::new(out))
    }

    /// `units`' figures in a period, in their order: read for those the
    /// period's memo does not hold yet, [`CHUNK`] at a time, and kept.
    fn probe(&self, period_id: &str, units: &[&str]) -> Result<Vec<Rc<UnitFigures>>> {
        let mut missing: Vec<&str> = self.with_probed(period_id, |kept| {
            (units.iter().copied())
                .filter(|u| !kept.figures.contains_key(*u))
                .collect()
        });
        missing.sort_unstable();
        missing.dedup();
        for chunk in missing.chunks(CHUNK) {
            let read = self.read_unit_figures(period_id, chunk)?;
            self.with_probed(period_id, |kept| kept.figures.extend(read));
        }
        Ok(self.with_probed(period_id, |kept| {
            (units.iter())
                .map(|u| kept.figures.get(*u).cloned().unwrap_or_default())
                .collect()
        }))
    }

    /// One read of `units`' `economy_total` rows in a period: every unit
    /// asked for gets an answer, empty where it has no row. The tests as
    /// the period-wide reads make them, in SQL (`has_total = 1`,
    /// `cost_lines > 0`); a repeated row (a file without the unique key)
    /// counts as the last one read, as it does there.
    fn read_unit_figures(
        &self,
        period_id: &str,
        units: &[&str],
    ) -> Result<Vec<(String, Rc<UnitFigures>)>> {
        let marks = (0..units.len())
            .map(|i| format!("?{}", i + 2))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT t.org_unit_id, t.has_total = 1, t.cost_lines > 0, t.net_development_pct, \
             {FACT_COLUMNS}, {PROVENANCE_COLUMNS} FROM economy_total t {SOURCE_JOIN} \
             WHERE t.period_id = ?1 AND t.org_unit_id IN ({marks})"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let params: Vec<&str> = std::iter::once(period_id)
            .chain(units.iter().copied())
            .collect();
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| {
            let id = line(r, 0).unwrap_or_default();
            let total = (int(r, 1) == Some(1)).then(|| fact(r, 4, source));
            Ok((id, total, int(r, 2) == Some(1), decimal(r, 3)))
        })?;
        let mut read: HashMap<String, UnitFigures> = (units.iter())
            .map(|u| (u.to_string(), UnitFigures::default()))
            .collect();
        for row in rows.limited() {
            let (id, total, drillable, net_development) = row?;
            let Some(figures) = read.get_mut(&id) else {
                continue;
            };
            if total.is_some() {
                figures.total = total;
            }
            figures.drillable |= drillable;
            if net_development.is_some() {
                figures.net_development = net_development;
            }
        }
        Ok(read.into_iter().map(|(id, f)| (id, Rc::new(f))).collect())
    }
}

/// The period's totals and its units with rows by cost type.
type Whole = (Rc<HashMap<String, Fact>>, Rc<HashSet<String>>);

/// Which units the tree shows in a period, found as the walk asks.
struct Shown<'s> {
    store: &'s Store,
    period_id: &'s str,
    /// Where units are not read one by one: the period's whole reads.
    whole: Option<Whole>,
    /// By position: whether the unit has figures of its own.
    own: Vec<Option<bool>>,
    /// By position: whether it or a unit below it has.
    shown: Vec<Option<bool>>,
}

impl<'s> Shown<'s> {
    fn new(store: &'s Store, period_id: &'s str) -> Result<Shown<'s>> {
        let whole = if store.probes_units()? {
            None
        } else {
            Some((
                store.totals(period_id)?,
                store.units_with_cost_types(period_id)?,
            ))
        };
        let n = store.org.len();
        Ok(Shown {
            store,
            period_id,
            whole,
            own: vec![None; n],
            shown: vec![None; n],
        })
    }

    /// Whether `among[at]` has figures of its own; read with the unread
    /// units after it in `among` (its siblings), which the walk is likely
    /// to ask about next.
    fn own(&mut self, among: &[usize], at: usize) -> Result<bool> {
        let unit = among[at];
        if let Some(known) = self.own[unit] {
            return Ok(known);
        }
        let org = &self.store.org;
        if let Some((totals, drillable)) = &self.whole {
            let id = &org[unit].id;
            let has = totals.contains_key(id) || drillable.contains(id);
            self.own[unit] = Some(has);
            return Ok(has);
        }
        let mut batch: Vec<usize> = Vec::with_capacity(CHUNK);
        for &next in &among[at..] {
            if self.own[next].is_none() && !batch.contains(&next) {
                batch.push(next);
                if batch.len() == CHUNK {
                    break;
                }
            }
        }
        let ids: Vec<&str> = batch.iter().map(|&i| org[i].id.as_str()).collect();
        let figures = self.store.probe(self.period_id, &ids)?;
        for (&i, f) in batch.iter().zip(figures) {
            self.own[i] = Some(f.has_figures());
        }
        Ok(self.own[unit] == Some(true))
    }

    /// Whether `among[at]` or a unit below it has figures: a walk down
    /// that stops at the first that has. What it learns is kept, so that
    /// every unit is looked at once however the walks overlap (a hostile
    /// file may nest 100 000 levels deep).
    fn shown(&mut self, among: &[usize], at: usize) -> Result<bool> {
        let start = among[at];
        if let Some(known) = self.shown[start] {
            return Ok(known);
        }
        let tree = &self.store.org_tree;
        let mut visited = vec![start];
        let mut found = self.own(among, at)?.then_some(start);
        let mut frames: Vec<(&[usize], usize)> = vec![(tree.children(start), 0)];
        while found.is_none() {
            let Some((kids, next)) = frames.last_mut() else {
                break;
            };
            let (kids, i) = (*kids, *next);
            if i >= kids.len() {
                frames.pop();
                continue;
            }
            *next += 1;
            let unit = kids[i];
            let known = self.shown[unit];
            match known {
                Some(true) => found = Some(unit),
                Some(false) => {}
                None if self.own(kids, i)? => found = Some(unit),
                None => {
                    visited.push(unit);
                    frames.push((tree.children(unit), 0));
                }
            }
        }
        // Whatever was walked through without finding figures has none
        // below it; the found unit and the chain up to the start have.
        for unit in visited {
            self.shown[unit] = Some(false);
        }
        let mut up = found;
        while let Some(unit) = up {
            self.shown[unit] = Some(true);
            up = (unit != start).then(|| tree.parent(unit)).flatten();
        }
        Ok(self.shown[start] == Some(true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;
    use std::collections::BTreeMap;

    /// The sample changed by `sql`, with `economy_total` written from its
    /// facts or without it (and without its key for a name `unkeyed…`).
    fn sample(dir: &tempfile::TempDir, name: &str, table: bool, sql: &str) -> Store {
        let path = dir.path().join(name);
        std::fs::write(&path, super::super::DEMO).unwrap();
        let db = Connection::open(&path).unwrap();
        db.execute_batch(&format!(
            "PRAGMA journal_mode = OFF; DROP TABLE IF EXISTS economy_total; {sql}"
        ))
        .unwrap();
        if table {
            crate::snapshot::totals::write(&db).unwrap();
        }
        if name.starts_with("unkeyed") {
            db.execute_batch("DROP INDEX economy_total_key").unwrap();
        }
        drop(db);
        Store::open(&path).unwrap()
    }

    /// The tree as the pane built it before: every unit's totals and
    /// drillable units of the period, every unit with either and its
    /// ancestors marked, the marked units under their parents.
    fn whole_tree(
        store: &Store,
        period: &str,
        is_open: &dyn Fn(&str, u16) -> bool,
    ) -> Vec<TreeRow> {
        let totals = store.totals(period).unwrap();
        let drillable = store.units_with_cost_types(period).unwrap();
        let tree = &store.org_tree;
        let with_figures = totals.keys().chain(drillable.iter());
        let marked = tree.with_ancestors(with_figures.filter_map(|id| tree.position(id)));
        let shown: HashSet<&str> = (store.org.iter().zip(marked))
            .filter(|(_, m)| *m)
            .map(|(u, _)| u.id.as_str())
            .collect();
        let mut children: HashMap<Option<&str>, Vec<usize>> = HashMap::new();
        for (i, unit) in store.org.iter().enumerate() {
            if shown.contains(unit.id.as_str()) {
                let parent = tree.parent(i).map(|p| store.org[p].id.as_str());
                children.entry(parent).or_default().push(i);
            }
        }
        let mut rows = Vec::new();
        let mut stack: Vec<(usize, u16)> = (children.get(&None).into_iter().flatten())
            .rev()
            .map(|&i| (i, 0))
            .collect();
        while let Some((i, depth)) = stack.pop() {
            let kids = children.get(&Some(store.org[i].id.as_str()));
            let open = is_open(&store.org[i].id, depth);
            rows.push(TreeRow {
                unit: i,
                depth,
                open: kids.map(|_| open),
            });
            if open {
                stack.extend(kids.into_iter().flatten().rev().map(|&k| (k, depth + 1)));
            }
        }
        rows
    }

    /// Ways the tree may be opened: as the cockpit opens it, everything,
    /// nothing, and with a board closed and a frame opened.
    type Opening = Box<dyn Fn(&str, u16) -> bool>;

    fn openings() -> Vec<Opening> {
        vec![
            Box::new(|_, depth| depth < 2),
            Box::new(|_, _| true),
            Box::new(|_, _| false),
            Box::new(|id, depth| {
                (depth < 2) != ["hsn", "rs", "hsn.sjukhusvard", "rf"].contains(&id)
            }),
        ]
    }

    /// Units under a unit without figures: a chain three deep whose last
    /// unit has a total in August only, and a unit with a line by cost
    /// type and no total in October.
    const MORE_UNITS: &str = "
        INSERT INTO org_unit (id, parent_id, kind, name) VALUES
            ('rs.tom', 'rs', 'area', 'Tom'),
            ('rs.tom.a', 'rs.tom', 'area', 'A'),
            ('rs.tom.a.b', 'rs.tom.a', 'unit', 'B'),
            ('rs.tom.c', 'rs.tom', 'unit', 'C');
        INSERT INTO economy_fact (period_id, org_unit_id, cost_type_id, deviation, illustrative)
            VALUES ('2025-08', 'rs.tom.a.b', NULL, -5000000, 0),
                   ('2025-10', 'rs.tom.c', 'personal', -1000000, 0);";

    #[test]
    fn the_tree_read_by_unit_is_the_tree_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        for sql in ["", MORE_UNITS] {
            let kept = sample(&dir, "kept.db", true, sql);
            let facts = sample(&dir, "facts.db", false, sql);
            // Without its key the table is read whole, as before.
            let unkeyed = sample(&dir, "unkeyed.db", true, sql);
            assert!(kept.probes_units().unwrap() && !facts.probes_units().unwrap());
            assert!(unkeyed.economy_totals && !unkeyed.probes_units().unwrap());
            for period in &kept.periods {
                let id = period.id.as_str();
                for is_open in openings() {
                    let whole = whole_tree(&facts, id, &is_open);
                    assert_eq!(facts.economy_tree(id, &is_open).unwrap(), whole, "{id}");
                    assert_eq!(kept.economy_tree(id, &is_open).unwrap(), whole, "{id}");
                    assert_eq!(unkeyed.economy_tree(id, &is_open).unwrap(), whole);
                }
                // Every unit's figures, asked for in two orders, are the
                // period's whole reads' for it.
                let mut units: Vec<&str> = kept.org.iter().map(|u| u.id.as_str()).collect();
                for _ in 0..2 {
                    let shown = |m: &HashMap<String, Fact>| -> BTreeMap<String, String> {
                        (units.iter())
                            .filter_map(|u| Some((u.to_string(), format!("{:?}", m.get(*u)?))))
                            .collect()
                    };
                    let totals = kept.unit_totals(id, &units).unwrap();
                    assert_eq!(shown(&totals), shown(&facts.totals(id).unwrap()), "{id}");
                    let drillable = kept.units_drillable(id, &units).unwrap();
                    assert_eq!(*drillable, *facts.units_with_cost_types(id).unwrap());
                    let net = kept.unit_net_developments(id, &units).unwrap();
                    let whole = facts.net_developments(id).unwrap();
                    assert!(units.iter().all(|u| net.get(*u) == whole.get(*u)), "{id}");
                    let carried = kept.carried_forecasts_of(period, &totals).unwrap();
                    let whole = facts.carried_forecasts(period).unwrap();
                    assert!(units.iter().all(|u| carried.get(*u) == whole.get(*u)));
                    units.reverse();
                }
            }
        }
    }

    /// 2 000 units with figures under a unit the tree does not show open
    /// (Sjukhusvård's ROC, which has no total of its own): the first build
    /// reads the rows it shows and whether each has rows under it, which
    /// for a unit without figures is the first chunk of its children until
    /// one has: the same rows as without the 2 000, at most [`CHUNK`] more
    /// units read, and a small part of the SQL steps of the period's whole
    /// totals.
    #[test]
    fn the_tree_reads_the_rows_it_shows_not_the_organisation() {
        let dir = tempfile::tempdir().unwrap();
        let many = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) \
             INSERT INTO org_unit (id, parent_id, kind, name) \
             SELECT 'hsn.sjukhusvard.roc.' || i, 'hsn.sjukhusvard.roc', 'unit', 'Enhet ' || i FROM n; \
             INSERT INTO economy_fact (period_id, org_unit_id, deviation, illustrative) \
             SELECT '2025-10', id, -1000000, 0 FROM org_unit WHERE id LIKE 'hsn.sjukhusvard.roc.%';";
        let small = sample(&dir, "small.db", true, "");
        let large = sample(&dir, "large.db", true, many);
        let first_build = |store: &Store| {
            let mut rows = Vec::new();
            let steps = store.sql_steps_of(|| {
                rows = store.economy_tree("2025-10", |_, depth| depth < 2).unwrap();
                let units: Vec<&str> = rows.iter().map(|r| store.org[r.unit].id.as_str()).collect();
                store.unit_totals("2025-10", &units).unwrap();
                store.unit_totals("2025-08", &units).unwrap();
            });
            let probed = store.with_probed("2025-10", |kept| kept.figures.len());
            (rows.len(), probed, steps)
        };
        let (rows, probed, steps) = first_build(&large);
        let (small_rows, small_probed, _) = first_build(&small);
        assert_eq!(small_rows, rows, "the same rows");
        assert!(
            probed <= small_probed + CHUNK,
            "{probed} units read, {small_probed} without the 2 000"
        );
        let whole = large.sql_steps_of(|| {
            large.totals("2025-10").unwrap();
        });
        assert!(
            steps * 5 < whole,
            "{steps} steps against {whole} for the whole read"
        );
        // Opened, the unit's rows are read then, and shown.
        let open = large.economy_tree("2025-10", |_, _| true).unwrap();
        assert_eq!(
            open.len(),
            whole_tree(&large, "2025-10", &|_, _| true).len()
        );
        assert!(large.with_probed("2025-10", |kept| kept.figures.len()) > 2000);
    }
}
