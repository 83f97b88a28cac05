//! Snapshot against snapshot: every row added, removed or changed between
//! two files of the format, table by table. Month after month the same
//! period is exported again and figures are restated; this says exactly
//! which.
//!
//! Both files are read in key order and merged, one row of each at a time,
//! so memory stays flat whatever their size. The comparison follows
//! SQLite's own ordering of values (NULL, numbers, text, blobs; text byte
//! by byte), which is the order the reads return.

use super::spec::{Kind, TABLES, Table};
use crate::domain::money::{MoneyUnit, format_money_exact};
use crate::domain::text::{cut_graphemes, sanitize};
use rusqlite::Connection;
use rusqlite::types::Value;
use std::cmp::Ordering;
use std::collections::HashMap;

/// What a table is about, for grouping differences as a reader looks for
/// them. The format's table order keeps each subject's tables together.
pub fn subject(table: &str) -> &'static str {
    match table {
        "economy_fact" => "economy",
        "budget_frame" | "frame_change" => "frames",
        "goal" | "goal_assessment" | "subgoal" | "subgoal_assessment" | "indicator"
        | "indicator_value" => "goals",
        "directive" | "directive_recipient" | "directive_status" => "directives",
        "kpi" | "kpi_value" => "key figures",
        "bed_month" | "bed_target" | "bed_event" => "beds",
        "notice" => "notices",
        _ => "basics",
    }
}

/// How a row differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowChange {
    Added,
    Removed,
    /// The columns whose values differ: (column, old, new).
    Changed(Vec<(&'static str, String, String)>),
}

/// One row that differs between the files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub table: &'static str,
    /// The row's key columns and values, as shown (a key-less table's whole row).
    pub key: Vec<(&'static str, String)>,
    pub change: RowChange,
    /// Where the row comes from in each file, where it has a source.
    pub old_source: Option<String>,
    pub new_source: Option<String>,
}

impl Difference {
    /// The key as one string, the same for the same row in both files.
    pub fn key_text(&self) -> String {
        self.key
            .iter()
            .map(|(c, v)| format!("{c}={v}"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{table}: the snapshot could not be read: {reason}")]
pub struct DiffError {
    pub table: &'static str,
    pub reason: String,
}

/// One file's side of a comparison.
struct Side<'c> {
    conn: &'c Connection,
    money: MoneyUnit,
    sources: HashMap<String, String>,
}

impl<'c> Side<'c> {
    fn new(conn: &'c Connection) -> Side<'c> {
        let money = conn
            .query_row("SELECT value FROM meta WHERE key = 'money_unit'", [], |r| {
                r.get::<_, String>(0)
            })
            .ok()
            .and_then(|u| MoneyUnit::parse(&u))
            .unwrap_or(MoneyUnit::Mkr);
        let sources = read_sources(conn).unwrap_or_default();
        Side {
            conn,
            money,
            sources,
        }
    }

    fn citation(&self, id: &Value) -> Option<String> {
        match id {
            Value::Text(id) => self.sources.get(id).cloned(),
            _ => None,
        }
    }
}

/// Every source's citation ("document, section"), by id.
fn read_sources(conn: &Connection) -> rusqlite::Result<HashMap<String, String>> {
    let mut stmt = conn.prepare("SELECT id, document, section FROM source")?;
    let rows = stmt.query_map([], |r| {
        let id: Option<String> = r.get(0).ok();
        let document: Option<String> = r.get(1).ok();
        let section: Option<String> = r.get(2).ok();
        Ok((id, document, section))
    })?;
    let mut out = HashMap::new();
    for row in rows {
        if let (Some(id), Some(document), section) = row? {
            let cited = match section {
                Some(s) => format!("{document}, {s}"),
                None => document,
            };
            out.entry(id).or_insert(shown(&cited));
        }
    }
    Ok(out)
}

/// A value as printed: sanitised, cut to a readable length.
fn shown(text: &str) -> String {
    let clean = sanitize(text, false).into_owned();
    cut_graphemes(&clean, 200, "…").unwrap_or(clean)
}

/// Calls `each` with every difference between `old` and `new`, table by
/// table in the format's order; returns how many there were.
pub fn diff(
    old: &Connection,
    new: &Connection,
    mut each: impl FnMut(&Difference),
) -> Result<usize, DiffError> {
    let (old, new) = (Side::new(old), Side::new(new));
    let mut count = 0;
    for table in TABLES {
        count += diff_table(table, &old, &new, &mut each)?;
    }
    Ok(count)
}

fn diff_table(
    table: &'static Table,
    old: &Side<'_>,
    new: &Side<'_>,
    each: &mut impl FnMut(&Difference),
) -> Result<usize, DiffError> {
    let error = |e: rusqlite::Error| DiffError {
        table: table.name,
        reason: shown(&e.to_string()),
    };
    // A key-less table is compared on all its columns.
    let key: Vec<usize> = if table.key.is_empty() {
        (0..table.columns.len()).collect()
    } else {
        table
            .key
            .iter()
            .filter_map(|k| table.column_index(k))
            .collect()
    };
    let names: Vec<String> = table
        .columns
        .iter()
        .map(|c| format!("\"{}\"", c.name))
        .collect();
    let order: Vec<&str> = key.iter().map(|&i| names[i].as_str()).collect();
    let sql = format!(
        "SELECT {} FROM \"{}\" ORDER BY {}",
        names.join(", "),
        table.name,
        order.join(", ")
    );
    let mut old_stmt = old.conn.prepare(&sql).map_err(error)?;
    let mut new_stmt = new.conn.prepare(&sql).map_err(error)?;
    let width = table.columns.len();
    let read = |r: &rusqlite::Row<'_>| -> rusqlite::Result<Vec<Value>> {
        (0..width).map(|i| r.get::<_, Value>(i)).collect()
    };
    let mut olds = old_stmt.query_map([], read).map_err(error)?;
    let mut news = new_stmt.query_map([], read).map_err(error)?;
    let (mut a, mut b) = (
        olds.next().transpose().map_err(error)?,
        news.next().transpose().map_err(error)?,
    );
    let mut count = 0;
    let source = table.column_index("source_id");
    let describe = |row: &[Value], side: &Side<'_>| -> Vec<(&'static str, String)> {
        key.iter()
            .map(|&i| {
                (
                    table.columns[i].name,
                    display(&row[i], table.columns[i].kind, side.money),
                )
            })
            .collect()
    };
    loop {
        let order = match (&a, &b) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some(x), Some(y)) => compare_keys(x, y, &key),
        };
        let difference = match order {
            Ordering::Less => {
                let row = a.take().unwrap_or_default();
                let d = Difference {
                    table: table.name,
                    key: describe(&row, old),
                    change: RowChange::Removed,
                    old_source: source.and_then(|i| old.citation(&row[i])),
                    new_source: None,
                };
                a = olds.next().transpose().map_err(error)?;
                Some(d)
            }
            Ordering::Greater => {
                let row = b.take().unwrap_or_default();
                let d = Difference {
                    table: table.name,
                    key: describe(&row, new),
                    change: RowChange::Added,
                    old_source: None,
                    new_source: source.and_then(|i| new.citation(&row[i])),
                };
                b = news.next().transpose().map_err(error)?;
                Some(d)
            }
            Ordering::Equal => {
                let (x, y) = (a.take().unwrap_or_default(), b.take().unwrap_or_default());
                let changed: Vec<(&'static str, String, String)> = (0..width)
                    .filter(|&i| compare_values(&x[i], &y[i]) != Ordering::Equal)
                    .map(|i| {
                        let column = &table.columns[i];
                        (
                            column.name,
                            display(&x[i], column.kind, old.money),
                            display(&y[i], column.kind, new.money),
                        )
                    })
                    .collect();
                let d = (!changed.is_empty()).then(|| Difference {
                    table: table.name,
                    key: describe(&y, new),
                    change: RowChange::Changed(changed),
                    old_source: source.and_then(|i| old.citation(&x[i])),
                    new_source: source.and_then(|i| new.citation(&y[i])),
                });
                a = olds.next().transpose().map_err(error)?;
                b = news.next().transpose().map_err(error)?;
                d
            }
        };
        if let Some(d) = difference {
            count += 1;
            each(&d);
        }
    }
    Ok(count)
}

fn compare_keys(a: &[Value], b: &[Value], key: &[usize]) -> Ordering {
    key.iter()
        .map(|&i| compare_values(&a[i], &b[i]))
        .find(|o| *o != Ordering::Equal)
        .unwrap_or(Ordering::Equal)
}

/// SQLite's order of values: NULL, then numbers (integers and reals by
/// value), then text (byte by byte), then blobs.
fn compare_values(a: &Value, b: &Value) -> Ordering {
    let class = |v: &Value| match v {
        Value::Null => 0,
        Value::Integer(_) | Value::Real(_) => 1,
        Value::Text(_) => 2,
        Value::Blob(_) => 3,
    };
    match (a, b) {
        (Value::Integer(x), Value::Integer(y)) => x.cmp(y),
        (Value::Integer(x), Value::Real(y)) => (*x as f64).total_cmp(y),
        (Value::Real(x), Value::Integer(y)) => x.total_cmp(&(*y as f64)),
        (Value::Real(x), Value::Real(y)) => x.total_cmp(y),
        (Value::Text(x), Value::Text(y)) => x.as_bytes().cmp(y.as_bytes()),
        (Value::Blob(x), Value::Blob(y)) => x.cmp(y),
        _ => class(a).cmp(&class(b)),
    }
}

/// A value as a reader reads it: money in the file's unit, Swedish format;
/// unknown as "∅"; text sanitised and cut.
fn display(value: &Value, kind: Kind, money: MoneyUnit) -> String {
    match (value, kind) {
        (Value::Null, _) => "∅".to_string(),
        (Value::Integer(kr), Kind::Money) => format_money_exact(*kr, money),
        (Value::Integer(n), _) => n.to_string(),
        (Value::Real(f), _) => f.to_string(),
        (Value::Text(t), _) => shown(t),
        (Value::Blob(b), _) => format!("(blob, {} byte)", b.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::spec::SCHEMA_SQL;

    fn db(extra: &str) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(SCHEMA_SQL).unwrap();
        conn.execute_batch(
            "INSERT INTO meta VALUES ('money_unit', 'mkr');
             INSERT INTO source VALUES ('s1', 'Rapport A', NULL, 'Ekonomi', NULL, NULL);
             INSERT INTO source VALUES ('s2', 'Rapport B', NULL, 'Rättelse', NULL, NULL);
             INSERT INTO period VALUES ('2025-10', 'month', '2025-10-31', 'ack oktober 2025', 2025);
             INSERT INTO org_unit VALUES ('hsn', NULL, 'board', 'HSN', NULL, NULL);
             INSERT INTO org_unit VALUES ('sv', 'hsn', 'frame', 'Sjukhusvård', NULL, NULL);
             INSERT INTO economy_fact (period_id, org_unit_id, deviation, source_id)
                 VALUES ('2025-10', 'hsn', -448000000, 's1'), ('2025-10', 'sv', -430000000, 's1');",
        )
        .unwrap();
        conn.execute_batch(extra).unwrap();
        conn
    }

    fn all(old: &Connection, new: &Connection) -> Vec<Difference> {
        let mut out = Vec::new();
        let n = diff(old, new, |d| out.push(d.clone())).unwrap();
        assert_eq!(n, out.len());
        out
    }

    #[test]
    fn identical_files_have_no_differences() {
        assert!(all(&db(""), &db("")).is_empty());
    }

    #[test]
    fn a_restated_figure_is_named_with_both_sources() {
        let new = db(
            "UPDATE economy_fact SET deviation = -431000000, source_id = 's2' WHERE org_unit_id = 'sv'",
        );
        let found = all(&db(""), &new);
        assert_eq!(found.len(), 1, "{found:#?}");
        let d = &found[0];
        assert_eq!(d.table, "economy_fact");
        assert_eq!(subject(d.table), "economy");
        assert_eq!(
            d.key_text(),
            "period_id=2025-10 org_unit_id=sv cost_type_id=∅"
        );
        assert_eq!(
            d.change,
            RowChange::Changed(vec![
                ("deviation", "−430 mkr".into(), "−431 mkr".into()),
                ("source_id", "s1".into(), "s2".into()),
            ])
        );
        assert_eq!(d.old_source.as_deref(), Some("Rapport A, Ekonomi"));
        assert_eq!(d.new_source.as_deref(), Some("Rapport B, Rättelse"));
    }

    #[test]
    fn rows_added_and_removed_keep_the_merge_in_step() {
        let old =
            db("INSERT INTO org_unit VALUES ('pv', 'hsn', 'frame', 'Primärvård', NULL, NULL)");
        let new = db(
            "INSERT INTO org_unit VALUES ('tv', 'hsn', 'frame', 'Tandvård', NULL, NULL);
             INSERT INTO notice (period_id, topic, text, illustrative) VALUES ('2025-10', 'general', 'Ny', 1);",
        );
        let found = all(&old, &new);
        let kinds: Vec<(&str, String, &RowChange)> = found
            .iter()
            .map(|d| (d.table, d.key_text(), &d.change))
            .collect();
        assert_eq!(kinds.len(), 3, "{kinds:#?}");
        assert!(kinds.contains(&("org_unit", "id=pv".into(), &RowChange::Removed)));
        assert!(kinds.contains(&("org_unit", "id=tv".into(), &RowChange::Added)));
        assert!(
            kinds
                .iter()
                .any(|(t, _, c)| *t == "notice" && **c == RowChange::Added)
        );
    }

    #[test]
    fn values_order_as_sqlite_orders_them() {
        let values = [
            Value::Null,
            Value::Integer(-1),
            Value::Real(0.5),
            Value::Integer(1),
            Value::Text("A".into()),
            Value::Text("a".into()),
            Value::Text("å".into()),
            Value::Blob(vec![0]),
        ];
        for pair in values.windows(2) {
            assert_eq!(
                compare_values(&pair[0], &pair[1]),
                Ordering::Less,
                "{pair:?}"
            );
        }
    }
}
