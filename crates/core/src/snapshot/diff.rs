//! Snapshot against snapshot: every row added, removed or changed between
//! two files of the format, table by table. Month after month the same
//! period is exported again and figures are restated; this says exactly
//! which.
//!
//! Both files are read in key order and merged, one row of each at a time,
//! so memory stays flat whatever their size. The comparison follows
//! SQLite's own ordering of values (NULL, numbers, text, blobs; text byte
//! by byte), which is the order the reads return: every key is ordered
//! `COLLATE BINARY`, whatever collation the file declares for the column,
//! so that a `NOCASE` key reads in the order the merge compares in.

use super::spec::{Kind, TABLES, Table};
use crate::domain::money::{MoneyUnit, format_money_exact};
use crate::domain::text::{cut_graphemes, sanitize};
use rusqlite::Connection;
use rusqlite::types::Value;
use std::cmp::Ordering;
use std::collections::HashMap;
use unicode_segmentation::UnicodeSegmentation;

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
        "investment" => "investments",
        "planned_change" => "planned changes",
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
    /// The row's key columns and values, as shown (a key-less table's
    /// whole row); `None` for NULL, which is not the text "∅".
    pub key: Vec<(&'static str, Option<String>)>,
    pub change: RowChange,
    /// Where the row comes from in each file, where it has a source.
    pub old_source: Option<String>,
    pub new_source: Option<String>,
}

impl Difference {
    /// The key as one string, the same for the same row in both files;
    /// NULL as "∅".
    pub fn key_text(&self) -> String {
        self.key
            .iter()
            .map(|(c, v)| format!("{c}={}", v.as_deref().unwrap_or("∅")))
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

/// Which of the two files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Old,
    New,
}

/// A column of the format that one file lacks (a file of an earlier format
/// version): its values there are unknown, so the column is not compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    pub table: &'static str,
    pub column: &'static str,
    pub missing_from: Which,
}

/// Every column of the format that `old` or `new` lacks, table by table:
/// to be said once, not as a change on every row.
pub fn unknown_columns(old: &Connection, new: &Connection) -> Result<Vec<Unknown>, DiffError> {
    let mut out = Vec::new();
    for table in TABLES {
        let error = |e: rusqlite::Error| DiffError {
            table: table.name,
            reason: shown(&e.to_string()),
        };
        let (in_old, in_new) = (
            present(old, table).map_err(error)?,
            present(new, table).map_err(error)?,
        );
        for (i, column) in table.columns.iter().enumerate() {
            for (has, which) in [(in_old[i], Which::Old), (in_new[i], Which::New)] {
                if !has {
                    out.push(Unknown {
                        table: table.name,
                        column: column.name,
                        missing_from: which,
                    });
                }
            }
        }
    }
    Ok(out)
}

/// Whether the file's `table` has each of the format's columns. A column
/// it lacks must not be named in a query: SQLite reads an unknown quoted
/// name as a text literal, the column's own name.
fn present(conn: &Connection, table: &Table) -> rusqlite::Result<Vec<bool>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
    let names = stmt
        .query_map([table.name], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(table
        .columns
        .iter()
        .map(|c| names.iter().any(|n| n.eq_ignore_ascii_case(c.name)))
        .collect())
}

/// One file's side of a comparison.
struct Side<'c> {
    conn: &'c Connection,
    money: MoneyUnit,
    sources: Sources,
}

/// Where a side finds a source's citation.
enum Sources {
    /// Looked up by id when a difference names it: the file indexes
    /// `source.id`, as the format has it, and memory stays flat.
    Indexed,
    /// Read once, for a file without that index (made by hand), where a
    /// lookup per difference would scan the table each time.
    Held(HashMap<String, String>),
}

/// The citation of one source: "document, section".
const CITATION: &str = "SELECT document, section FROM source WHERE id = ?1";

impl<'c> Side<'c> {
    fn new(conn: &'c Connection) -> Side<'c> {
        let money = conn
            .query_row("SELECT value FROM meta WHERE key = 'money_unit'", [], |r| {
                r.get::<_, String>(0)
            })
            .ok()
            .and_then(|u| MoneyUnit::parse(&u))
            .unwrap_or(MoneyUnit::Mkr);
        let sources = if indexed(conn) {
            Sources::Indexed
        } else {
            Sources::Held(read_sources(conn).unwrap_or_default())
        };
        Side {
            conn,
            money,
            sources,
        }
    }

    fn citation(&self, id: &Value) -> Option<String> {
        let Value::Text(id) = id else {
            return None;
        };
        match &self.sources {
            Sources::Held(all) => all.get(id).cloned(),
            Sources::Indexed => {
                let mut stmt = self.conn.prepare_cached(CITATION).ok()?;
                let (document, section) = stmt
                    .query_row([id], |r| {
                        Ok((r.get::<_, String>(0).ok(), r.get::<_, String>(1).ok()))
                    })
                    .ok()?;
                Some(citation(document?, section))
            }
        }
    }
}

/// Whether SQLite finds a source by id through an index (a search, not a
/// scan of the table).
fn indexed(conn: &Connection) -> bool {
    let plan = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {CITATION}"))
        .and_then(|mut stmt| {
            stmt.query_map([""], |r| r.get::<_, String>(3))?
                .collect::<rusqlite::Result<Vec<String>>>()
        });
    plan.is_ok_and(|steps| steps.iter().all(|s| s.starts_with("SEARCH")))
}

fn citation(document: String, section: Option<String>) -> String {
    let cited = match section {
        Some(s) => format!("{document}, {s}"),
        None => document,
    };
    shown(&cited)
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
            out.entry(id).or_insert_with(|| citation(document, section));
        }
    }
    Ok(out)
}

/// The longest text printed, in grapheme clusters.
const SHOWN: usize = 200;

/// How much of the text before the first difference is shown when the
/// difference lies beyond [`SHOWN`].
const LEAD: usize = 40;

/// A value as printed: sanitised, cut to a readable length.
fn shown(text: &str) -> String {
    let clean = sanitize(text, false).into_owned();
    cut_graphemes(&clean, SHOWN, "…").unwrap_or(clean)
}

/// Two texts that differ, as printed: each cut to a readable length around
/// where they first differ, so that a change after the 200th character is
/// seen instead of two equal prefixes.
fn shown_pair(old: &str, new: &str) -> (String, String) {
    let same = old
        .graphemes(true)
        .zip(new.graphemes(true))
        .take_while(|(a, b)| a == b)
        .count();
    if same + LEAD < SHOWN {
        return (shown(old), shown(new));
    }
    let start = same - LEAD;
    let from = |text: &str| {
        let at = text
            .grapheme_indices(true)
            .nth(start)
            .map_or(text.len(), |(i, _)| i);
        format!("…{}", shown(&text[at..]))
    };
    (from(old), from(new))
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
    let (in_old, in_new) = (
        present(old.conn, table).map_err(error)?,
        present(new.conn, table).map_err(error)?,
    );
    // A column one file lacks reads as NULL there and is not compared.
    let compared: Vec<bool> = in_old.iter().zip(&in_new).map(|(a, b)| *a && *b).collect();
    // A key-less table is compared on all the columns both files have.
    let key: Vec<usize> = if table.key.is_empty() {
        (0..table.columns.len()).filter(|&i| compared[i]).collect()
    } else {
        table
            .key
            .iter()
            .filter_map(|k| table.column_index(k))
            .collect()
    };
    let sql = |present: &[bool]| {
        let names: Vec<String> = table
            .columns
            .iter()
            .zip(present)
            .map(|(c, has)| match has {
                true => format!("\"{}\"", c.name),
                false => "NULL".to_string(),
            })
            .collect();
        let order: Vec<String> = key
            .iter()
            .map(|&i| format!("{} COLLATE BINARY", names[i]))
            .collect();
        // A table one file lacks (an earlier format version) has no rows there.
        if !present.iter().any(|has| *has) {
            return format!("SELECT {} WHERE 0", names.join(", "));
        }
        format!(
            "SELECT {} FROM \"{}\" ORDER BY {}",
            names.join(", "),
            table.name,
            order.join(", ")
        )
    };
    let mut old_stmt = old.conn.prepare(&sql(&in_old)).map_err(error)?;
    let mut new_stmt = new.conn.prepare(&sql(&in_new)).map_err(error)?;
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
    let describe = |row: &[Value], side: &Side<'_>| -> Vec<(&'static str, Option<String>)> {
        key.iter()
            .map(|&i| {
                let value = match row[i] {
                    Value::Null => None,
                    ref v => Some(display(v, table.columns[i].kind, side.money)),
                };
                (table.columns[i].name, value)
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
                    .filter(|&i| compared[i] && compare_values(&x[i], &y[i]) != Ordering::Equal)
                    .map(|i| {
                        let column = &table.columns[i];
                        let (before, after) = match (&x[i], &y[i]) {
                            (Value::Text(a), Value::Text(b)) => shown_pair(a, b),
                            (a, b) => (
                                display(a, column.kind, old.money),
                                display(b, column.kind, new.money),
                            ),
                        };
                        (column.name, before, after)
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

    /// The same rows in a file whose keys are declared `COLLATE NOCASE`
    /// (which orders `b` before `C`): no difference, not every row removed
    /// and added; and a key that differs only in case is another row.
    #[test]
    fn a_nocase_key_is_compared_byte_for_byte() {
        let nocase = |rows: &str| {
            let conn = db("");
            conn.execute_batch(&format!(
                "PRAGMA foreign_keys = OFF;
                 CREATE TABLE loose AS SELECT * FROM org_unit; DROP TABLE org_unit;
                 CREATE TABLE org_unit (id TEXT COLLATE NOCASE PRIMARY KEY, parent_id TEXT,
                     kind TEXT, name TEXT, short_name TEXT, sort_order INTEGER);
                 INSERT INTO org_unit SELECT * FROM loose; DROP TABLE loose; {rows}"
            ))
            .unwrap();
            conn
        };
        let rows = "INSERT INTO org_unit VALUES ('C', 'hsn', 'frame', 'C', NULL, NULL);
                    INSERT INTO org_unit VALUES ('b', 'hsn', 'frame', 'b', NULL, NULL);
                    INSERT INTO org_unit VALUES ('A', 'hsn', 'frame', 'A', NULL, NULL);";
        assert_eq!(all(&db(rows), &nocase(rows)), vec![]);
        let changed = nocase(
            "INSERT INTO org_unit VALUES ('C', 'hsn', 'frame', 'C2', NULL, NULL);
             INSERT INTO org_unit VALUES ('b', 'hsn', 'frame', 'b', NULL, NULL);
             INSERT INTO org_unit VALUES ('a', 'hsn', 'frame', 'A', NULL, NULL);",
        );
        let found: Vec<(String, RowChange)> = all(&nocase(rows), &changed)
            .into_iter()
            .map(|d| (d.key_text(), d.change))
            .collect();
        assert_eq!(
            found,
            vec![
                ("id=A".into(), RowChange::Removed),
                (
                    "id=C".into(),
                    RowChange::Changed(vec![("name", "C".into(), "C2".into())])
                ),
                ("id=a".into(), RowChange::Added),
            ]
        );
    }

    /// A file of format version 1 has no `kpi_value.period_id`: the
    /// column is unknown there, said once, and no row differs by it (SQLite
    /// would read the quoted name of a missing column as its own name).
    #[test]
    fn a_column_one_file_lacks_is_unknown_not_changed() {
        let values = "INSERT INTO kpi (id, name) VALUES ('k', 'Väntetid');
             INSERT INTO kpi_value VALUES ('k', '2025-10-31', 'okt', '3', 's1', 0, '2025-10');";
        let new = db(values);
        let old = db(values);
        old.execute_batch(
            "CREATE TABLE loose AS SELECT kpi_id, date, label, value, source_id, illustrative
                 FROM kpi_value;
             DROP TABLE kpi_value; ALTER TABLE loose RENAME TO kpi_value;",
        )
        .unwrap();
        assert_eq!(all(&old, &new), vec![]);
        assert_eq!(
            unknown_columns(&old, &new).unwrap(),
            vec![Unknown {
                table: "kpi_value",
                column: "period_id",
                missing_from: Which::Old
            }]
        );
        assert_eq!(unknown_columns(&new, &new).unwrap(), vec![]);
    }

    /// A key figure linked to last year's (`kpi.previous_id`, format 4)
    /// is a change of the figure's row; against a version 3 file, which
    /// has no such column, the column is said once and no row differs.
    #[test]
    fn a_key_figure_linked_to_last_years_is_a_change_and_unknown_in_version_3() {
        let figures = "INSERT INTO kpi (id, name) VALUES ('k2024', 'Andel'), ('k2025', 'Andel');";
        let old = db(figures);
        let new = db(figures);
        new.execute_batch("UPDATE kpi SET previous_id = 'k2024' WHERE id = 'k2025'")
            .unwrap();
        let found = all(&old, &new);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(subject(found[0].table), "key figures");
        assert_eq!(found[0].key_text(), "id=k2025");
        assert_eq!(
            found[0].change,
            RowChange::Changed(vec![("previous_id", "∅".into(), "k2024".into())])
        );
        old.execute_batch("ALTER TABLE kpi DROP COLUMN previous_id")
            .unwrap();
        assert_eq!(all(&old, &new), vec![]);
        assert_eq!(
            unknown_columns(&old, &new).unwrap(),
            vec![Unknown {
                table: "kpi",
                column: "previous_id",
                missing_from: Which::Old
            }]
        );
    }

    /// A file of format version 3 has no `investment` table: its rows in
    /// the newer file are added, and the table's columns are unknown in
    /// the older one, said once.
    #[test]
    fn a_table_one_file_lacks_has_no_rows_there() {
        let new = db(
            "INSERT INTO investment (period_id, org_unit_id, id, name, outcome, source_id)
                 VALUES ('2025-10', 'hsn', 'fastighet', 'Fastighet', -399000000, 's1');",
        );
        let old = db("DROP TABLE investment; DROP TABLE planned_change;");
        let found = all(&old, &new);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].table, "investment");
        assert_eq!(found[0].change, RowChange::Added);
        assert_eq!(subject(found[0].table), "investments");
        let unknown = unknown_columns(&old, &new).unwrap();
        assert!(
            unknown.iter().all(|u| u.missing_from == Which::Old
                && ["investment", "planned_change"].contains(&u.table)),
            "{unknown:#?}"
        );
        assert!(unknown.iter().any(|u| u.table == "planned_change"));
    }

    /// A change at the 300th character of a long text is shown, with a
    /// little of what comes before it; both sides stay short.
    #[test]
    fn a_change_deep_in_a_long_text_is_shown() {
        let text = |word: &str| format!("{}{word}{}", "a".repeat(300), "z".repeat(300));
        let old = db(&format!(
            "UPDATE org_unit SET name = '{}' WHERE id = 'sv'",
            text("före")
        ));
        let new = db(&format!(
            "UPDATE org_unit SET name = '{}' WHERE id = 'sv'",
            text("efter")
        ));
        let found = all(&old, &new);
        let RowChange::Changed(columns) = &found[0].change else {
            panic!("{found:#?}")
        };
        let (_, before, after) = &columns[0];
        assert!(
            before.starts_with(&format!("…{}före", "a".repeat(LEAD))),
            "{before}"
        );
        assert!(
            after.starts_with(&format!("…{}efter", "a".repeat(LEAD))),
            "{after}"
        );
        assert!(before.chars().count() <= SHOWN + 2, "{before}");
        assert_eq!(
            shown_pair("kort", "kortare"),
            ("kort".to_string(), "kortare".to_string())
        );
    }

    /// The format's file finds a source through its key; a hand-made one
    /// without it has its citations read once. Both cite alike.
    #[test]
    fn sources_are_looked_up_where_the_file_indexes_them() {
        let loose = db("");
        loose
            .execute_batch(
                "PRAGMA foreign_keys = OFF;
                 CREATE TABLE t AS SELECT * FROM source; DROP TABLE source;
                 ALTER TABLE t RENAME TO source;",
            )
            .unwrap();
        let keyed = db("");
        let (keyed, loose) = (Side::new(&keyed), Side::new(&loose));
        assert!(matches!(keyed.sources, Sources::Indexed));
        assert!(matches!(loose.sources, Sources::Held(_)));
        for side in [&keyed, &loose] {
            assert_eq!(
                side.citation(&Value::Text("s1".into())).as_deref(),
                Some("Rapport A, Ekonomi")
            );
            assert_eq!(side.citation(&Value::Text("s9".into())), None);
        }
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
