//! Finding units, goals, delmål, indicators and directives by name.

use super::{Result, RowsExt, Store, line};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitKind {
    Unit,
    Goal,
    Subgoal,
    Indicator,
    Directive,
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

/// At most this many hits are returned.
pub const MAX_HITS: usize = 200;

impl Store {
    /// Everything whose name contains `query`, ignoring case (Swedish
    /// letters included, which SQLite's LIKE does not fold).
    pub fn search(&self, query: &str) -> Result<Vec<Hit>> {
        let needle = query.trim().to_lowercase();
        if needle.is_empty() {
            return Ok(Vec::new());
        }
        let matches = |text: &str| text.to_lowercase().contains(&needle);
        let mut hits = Vec::new();
        for unit in &self.org {
            let short = unit.short_name.as_deref().unwrap_or("");
            if matches(&unit.name) || matches(short) {
                hits.push(Hit {
                    kind: HitKind::Unit,
                    id: unit.id.clone(),
                    label: unit.name.clone(),
                    goal: None,
                    subgoal: None,
                });
            }
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
                if matches(&label) {
                    hits.push(Hit {
                        kind,
                        id,
                        label,
                        goal,
                        subgoal,
                    });
                }
                if hits.len() >= MAX_HITS {
                    return Ok(hits);
                }
            }
        }
        hits.truncate(MAX_HITS);
        Ok(hits)
    }
}

impl Store {
    /// Whether a unit has economy figures in a period, and a bed series.
    pub fn unit_presence(&self, unit: &str, period_id: &str) -> Result<(bool, bool)> {
        let economy: bool = self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM economy_fact WHERE org_unit_id = ?1 AND period_id = ?2)",
            [unit, period_id],
            |r| r.get(0),
        )?;
        let beds: bool = self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM bed_month WHERE org_unit_id = ?1)",
            [unit],
            |r| r.get(0),
        )?;
        Ok((economy, beds))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
                .all(|h| h.label.to_lowercase().contains("åtgärd"))
        );
        let hits = store.search("tillgänglig vård").unwrap();
        assert!(hits.iter().any(|h| h.kind == HitKind::Goal && h.id == "g4"));
        let hits = store.search("personalkostnad").unwrap();
        assert!(hits.iter().any(|h| h.kind == HitKind::Directive));
        assert!(store.search("   ").unwrap().is_empty());
    }
}
