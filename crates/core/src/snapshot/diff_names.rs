//! What a difference is about, as a person reads it: "ack oktober 2025,
//! Sjukhusvård, totalt" rather than `period_id=2025-10
//! org_unit_id=hsn.sjukhusvard cost_type_id=∅`. The ids stay in the
//! difference itself (and so in `diff --format json`); this only names
//! them, from the new file where it has the row, else from the old.

use super::diff::Difference;
use crate::domain::text::{cut_graphemes, sanitize};
use rusqlite::Connection;
use std::collections::HashMap;

/// The longest name or text shown in a label, in grapheme clusters.
const NAME_MAX: usize = 80;

/// The most rows of one table named: `diff`'s memory stays bounded however
/// large the files; beyond this, ids are shown as they are.
const NAMED_ROWS: usize = 20_000;

/// The tables whose rows a key names by id, and how each row is called.
const NAMED: &[(&str, &str)] = &[
    ("period", "SELECT id, label FROM period"),
    ("org_unit", "SELECT id, name FROM org_unit"),
    ("cost_type", "SELECT id, name FROM cost_type"),
    ("goal", "SELECT id, number || ' ' || title FROM goal"),
    ("subgoal", "SELECT id, text FROM subgoal"),
    ("indicator", "SELECT id, name FROM indicator"),
    ("directive", "SELECT id, title FROM directive"),
    ("kpi", "SELECT id, name FROM kpi"),
    ("investment", "SELECT id, name FROM investment"),
    ("planned_change", "SELECT id, title FROM planned_change"),
    (
        "source",
        "SELECT id, document || coalesce(', ' || section, '') FROM source",
    ),
];

/// Every named row of both files, by table and id.
#[derive(Debug, Default)]
pub struct Names {
    names: HashMap<&'static str, HashMap<String, String>>,
}

impl Names {
    /// Reads the names of `old`, then `new` over them. A table that cannot
    /// be read (a damaged file, diffed anyway) names nothing: its ids are
    /// shown as they are.
    pub fn read(old: &Connection, new: &Connection) -> Names {
        let mut names = Names::default();
        for conn in [old, new] {
            for (table, sql) in NAMED {
                let map = names.names.entry(table).or_default();
                let Ok(mut stmt) = conn.prepare(sql) else {
                    continue;
                };
                let Ok(rows) = stmt.query_map([], |r| {
                    Ok((r.get::<_, String>(0).ok(), r.get::<_, String>(1).ok()))
                }) else {
                    continue;
                };
                for (id, name) in rows.flatten().take(NAMED_ROWS) {
                    if let (Some(id), Some(name)) = (id, name) {
                        map.insert(id, shown(&name));
                    }
                }
            }
        }
        names
    }

    fn name(&self, table: &str, id: &str) -> String {
        self.names
            .get(table)
            .and_then(|m| m.get(id))
            .cloned()
            .unwrap_or_else(|| shown(id))
    }

    /// The row a difference is about, named: each key column by the name
    /// of what it refers to, a total's missing cost type as "totalt",
    /// other key values (a year, a month, a notice's text) as they are.
    pub fn label(&self, d: &Difference) -> String {
        let mut parts = Vec::new();
        for (column, value) in &d.key {
            let table = match *column {
                "period_id" => Some("period"),
                "org_unit_id" | "board_id" => Some("org_unit"),
                "cost_type_id" => Some("cost_type"),
                "goal_id" => Some("goal"),
                "subgoal_id" => Some("subgoal"),
                "indicator_id" => Some("indicator"),
                "directive_id" => Some("directive"),
                "kpi_id" => Some("kpi"),
                "id" => NAMED.iter().find(|(t, _)| *t == d.table).map(|(t, _)| *t),
                _ => None,
            };
            match (table, value) {
                (Some(table), Some(id)) => parts.push(self.name(table, id)),
                (Some("cost_type"), None) if d.table == "economy_fact" => {
                    parts.push("totalt".to_string());
                }
                // A key-less table's whole row is its key: its provenance
                // and codes say nothing a reader looks for.
                (None, Some(v)) if !matches!(*column, "source_id" | "illustrative" | "topic") => {
                    parts.push(shown(v));
                }
                _ => {}
            }
        }
        if parts.is_empty() {
            d.key_text()
        } else {
            parts.join(", ")
        }
    }
}

fn shown(text: &str) -> String {
    let clean = sanitize(text, false).into_owned();
    let line = clean.lines().next().unwrap_or_default().to_string();
    cut_graphemes(&line, NAME_MAX, "…").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::diff::RowChange;

    #[test]
    fn a_difference_is_named_by_period_unit_and_cost_type() {
        let db = Connection::open_in_memory().unwrap();
        db.execute_batch(
            "CREATE TABLE period (id TEXT, label TEXT);
             INSERT INTO period VALUES ('2025-10', 'ack oktober 2025');
             CREATE TABLE org_unit (id TEXT, name TEXT);
             INSERT INTO org_unit VALUES ('hsn.tandvard', 'Tandvård');
             CREATE TABLE cost_type (id TEXT, name TEXT);
             INSERT INTO cost_type VALUES ('personal', 'Personalkostnader');",
        )
        .unwrap();
        let names = Names::read(&db, &db);
        let row = |ct: Option<&str>| Difference {
            table: "economy_fact",
            key: vec![
                ("period_id", Some("2025-10".into())),
                ("org_unit_id", Some("hsn.tandvard".into())),
                ("cost_type_id", ct.map(str::to_string)),
            ],
            change: RowChange::Added,
            old_source: None,
            new_source: None,
        };
        assert_eq!(
            names.label(&row(None)),
            "ack oktober 2025, Tandvård, totalt"
        );
        assert_eq!(
            names.label(&row(Some("personal"))),
            "ack oktober 2025, Tandvård, Personalkostnader"
        );
        // An id no file names is shown as it is.
        assert_eq!(
            names.label(&row(Some("okänd"))),
            "ack oktober 2025, Tandvård, okänd"
        );
    }
}
