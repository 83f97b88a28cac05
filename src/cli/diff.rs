//! `tertial diff`: every row added, removed or changed between two
//! snapshots, as text (through the pager on a terminal) or JSON.

use super::out::{ERRORS, OK, WARNINGS, out, outln, plural};
use crate::snapshot::diff_names::Names;
use crate::snapshot::open::display_path;
use crate::snapshot::{Snapshot, diff};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// The earlier snapshot.
    old: PathBuf,
    /// The later snapshot.
    new: PathBuf,
    /// text (default) or json (see docs/snapshot-format.md).
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

impl Args {
    pub fn run(&self) -> u8 {
        let (old, new) = (self.old.as_path(), self.new.as_path());
        let open = |path: &Path| {
            Snapshot::open(path).map_err(|e| {
                eprintln!("tertial: {e}");
            })
        };
        let (Ok(old_file), Ok(new_file)) = (open(old), open(new)) else {
            return ERRORS;
        };
        let json = self.format == "json";
        let unknown = match diff::unknown_columns(&old_file.conn, &new_file.conn) {
            Ok(unknown) => unknown,
            Err(e) => {
                eprintln!("tertial: {e}");
                return ERRORS;
            }
        };
        // On a terminal, through the pager, as git does; what went wrong before
        // this point is said without one.
        let pager = super::pager::Pager::start();
        let code = listing(old, new, &old_file, &new_file, &unknown, json);
        if let Some(pager) = pager {
            pager.finish();
        }
        code
    }
}

/// `diff`'s output, once both files are open.
fn listing(
    old: &Path,
    new: &Path,
    old_file: &Snapshot,
    new_file: &Snapshot,
    unknown: &[diff::Unknown],
    json: bool,
) -> u8 {
    if json {
        out!(
            "{{\"format\":\"tertial-diff\",\"version\":1,\"old\":{},\"new\":{},\"unknown\":{},\"differences\":[",
            serde_json::Value::from(display_path(old)),
            serde_json::Value::from(display_path(new)),
            unknown_json(unknown)
        );
    } else {
        for u in unknown {
            let file = match u.missing_from {
                diff::Which::Old => display_path(old),
                diff::Which::New => display_path(new),
            };
            outln!(
                "{}.{}: not in {file} (an earlier format version): unknown there, not compared",
                u.table,
                u.column
            );
        }
    }
    let mut subject = "";
    let mut per_subject: Vec<(&'static str, usize)> = Vec::new();
    let names = Names::read(&old_file.conn, &new_file.conn);
    let result = diff::diff(&old_file.conn, &new_file.conn, |d| {
        let this = diff::subject(d.table);
        match per_subject.last_mut() {
            Some((s, n)) if *s == this => *n += 1,
            _ => per_subject.push((this, 1)),
        }
        if json {
            let first = per_subject.len() == 1 && per_subject[0].1 == 1;
            out!(
                "{}{}",
                if first { "" } else { "," },
                difference_json(d, &names)
            );
            return;
        }
        if this != subject {
            outln!("{this}");
            subject = this;
        }
        for line in difference_text(d, &names) {
            outln!("{line}");
        }
    });
    let count = match result {
        Ok(count) => count,
        Err(e) => {
            if json {
                outln!("]}}");
            }
            eprintln!("tertial: {e}");
            return ERRORS;
        }
    };
    if json {
        outln!("],\"count\":{count}}}");
    } else {
        outln!("{}", closing(count, &per_subject));
    }
    if count == 0 { OK } else { WARNINGS }
}

/// The text listing's last line: none, or how many per subject.
fn closing(count: usize, per_subject: &[(&str, usize)]) -> String {
    if count == 0 {
        return "no differences".into();
    }
    let groups: Vec<String> = per_subject
        .iter()
        .map(|(s, n)| format!("{s} {n}"))
        .collect();
    format!("\n{} ({})", plural(count, "difference"), groups.join(", "))
}

/// One difference as text lines: what happened to which row, named as a
/// reader reads it (the ids are in `--format json`), the columns changed,
/// and the source (both when it changed).
fn difference_text(d: &diff::Difference, names: &Names) -> Vec<String> {
    use diff::RowChange;
    let what = match &d.change {
        RowChange::Added => "added",
        RowChange::Removed => "removed",
        RowChange::Changed(_) => "changed",
    };
    let mut lines = vec![format!("  {what} {}: {}", d.table, names.label(d))];
    if let RowChange::Changed(columns) = &d.change {
        for (column, old, new) in columns {
            lines.push(format!("    {column}: {old} → {new}"));
        }
    }
    match (&d.old_source, &d.new_source) {
        (Some(a), Some(b)) if a != b => lines.push(format!("    source: {a} → {b}")),
        (Some(a), _) | (None, Some(a)) => lines.push(format!("    source: {a}")),
        (None, None) => {}
    }
    lines
}

/// The columns one file lacks, as JSON: `[{"table", "column", "missing_from": "old"|"new"}]`.
fn unknown_json(unknown: &[diff::Unknown]) -> serde_json::Value {
    unknown
        .iter()
        .map(|u| {
            let side = match u.missing_from {
                diff::Which::Old => "old",
                diff::Which::New => "new",
            };
            serde_json::json!({ "table": u.table, "column": u.column, "missing_from": side })
        })
        .collect()
}

/// One difference as a JSON object (the shape is documented with `diff`
/// in docs/snapshot-format.md).
fn difference_json(d: &diff::Difference, names: &Names) -> serde_json::Value {
    use diff::RowChange;
    let key: serde_json::Map<String, serde_json::Value> = d
        .key
        .iter()
        .map(|(c, v)| (c.to_string(), serde_json::Value::from(v.clone())))
        .collect();
    let (change, columns) = match &d.change {
        RowChange::Added => ("added", Vec::new()),
        RowChange::Removed => ("removed", Vec::new()),
        RowChange::Changed(columns) => (
            "changed",
            columns
                .iter()
                .map(|(c, old, new)| serde_json::json!({ "column": c, "old": old, "new": new }))
                .collect(),
        ),
    };
    serde_json::json!({
        "subject": diff::subject(d.table),
        "table": d.table,
        "change": change,
        "key": key,
        "label": names.label(d),
        "columns": columns,
        "old_source": d.old_source,
        "new_source": d.new_source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use diff::{Difference, RowChange};

    fn changed() -> Difference {
        Difference {
            table: "economy_fact",
            key: vec![("period_id", Some("2025-08".into())), ("cost_type", None)],
            change: RowChange::Changed(vec![("outcome", "1".into(), "2".into())]),
            old_source: Some("A".into()),
            new_source: Some("B".into()),
        }
    }

    #[test]
    fn a_changed_row_lists_its_columns_and_both_sources() {
        assert_eq!(
            difference_text(&changed(), &Names::default()),
            [
                "  changed economy_fact: 2025-08",
                "    outcome: 1 → 2",
                "    source: A → B",
            ]
        );
        let added = Difference {
            change: RowChange::Added,
            old_source: None,
            ..changed()
        };
        assert_eq!(
            difference_text(&added, &Names::default())[1],
            "    source: B"
        );
    }

    #[test]
    fn json_keeps_null_apart_from_text() {
        let json = difference_json(&changed(), &Names::default());
        assert_eq!(json["subject"], "economy");
        assert_eq!(json["key"]["cost_type"], serde_json::Value::Null);
        assert_eq!(json["columns"][0]["new"], "2");
        let unknown = unknown_json(&[diff::Unknown {
            table: "kpi",
            column: "unit",
            missing_from: diff::Which::Old,
        }]);
        assert_eq!(unknown[0]["missing_from"], "old");
    }

    #[test]
    fn the_last_line_counts_per_subject() {
        assert_eq!(closing(0, &[]), "no differences");
        assert_eq!(
            closing(3, &[("economy", 2), ("goals", 1)]),
            "\n3 differences (economy 2, goals 1)"
        );
    }
}
