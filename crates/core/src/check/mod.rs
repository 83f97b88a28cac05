//! Validation of a snapshot against the format's rules.
//!
//! The rules run on any SQLite connection: `tertial check` runs them on a file
//! opened read-only, and `tertial import` on the database it is building, so
//! that both commands judge data the same way. Each finding points at a row
//! (table and rowid) so that the importer can name the CSV file and line.

mod arithmetic;
mod cockpit;
mod contradictions;
mod depth;
mod keys;
mod plans;
mod rules;
mod structure;
pub mod summary;
mod totals;
mod values;

use crate::domain::money::MoneyUnit;
use crate::domain::text::sanitize;
use rusqlite::Connection;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A row of a table, by rowid, optionally narrowed to one column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowRef {
    pub table: &'static str,
    pub rowid: i64,
    pub column: Option<&'static str>,
}

#[derive(Debug, Clone)]
pub struct Finding {
    pub severity: Severity,
    /// A short stable name for the rule, for tests and grouping.
    pub rule: &'static str,
    /// What is wrong, in one sentence, without the row's location.
    pub message: String,
    pub at: Option<RowRef>,
    /// The offending value as found, printable, if one value is to blame.
    pub value: Option<String>,
}

/// Everything the rules found.
#[derive(Debug, Default)]
pub struct Findings {
    pub items: Vec<Finding>,
    /// Findings not kept because a rule had already reported [`KEEP_PER_RULE`].
    pub dropped: usize,
    /// How many of the dropped findings are errors: with the kept ones, an
    /// exact count of the errors.
    pub dropped_errors: usize,
    /// Findings kept per rule: counted, not searched, so that millions of
    /// bad rows cost linear time.
    per_rule: std::collections::HashMap<&'static str, usize>,
}

/// Bound on findings kept per rule, so that a hostile or broken file of
/// millions of rows cannot exhaust memory with messages.
pub const KEEP_PER_RULE: usize = 1_000;

impl Findings {
    pub fn push(&mut self, finding: Finding) {
        let kept = self.per_rule.entry(finding.rule).or_default();
        if *kept >= KEEP_PER_RULE {
            self.dropped += 1;
            if finding.severity == Severity::Error {
                self.dropped_errors += 1;
            }
        } else {
            *kept += 1;
            self.items.push(finding);
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|f| f.severity == severity).count()
    }

    pub fn worst(&self) -> Option<Severity> {
        self.items.iter().map(|f| f.severity).max()
    }

    /// Every error found, kept or not.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error) + self.dropped_errors
    }
}

/// Context the rules share.
pub(crate) struct Ctx<'a> {
    pub conn: &'a Connection,
    pub unit: MoneyUnit,
    pub out: Findings,
    /// Rows and cells not to report (the importer's cells that already
    /// failed to parse): neither kept nor counted.
    pub skip: Option<&'a dyn Fn(&RowRef) -> bool>,
    /// Columns a file of an earlier format version lacks, as it may
    /// ([`crate::snapshot::spec::Column::since`]): the rules skip them.
    pub absent: std::collections::HashSet<(&'static str, &'static str)>,
    /// The file's format version (`PRAGMA user_version`, 0 if unreadable),
    /// read once: several rules depend on it.
    pub version: i64,
}

impl Ctx<'_> {
    /// The table's columns the file has (all but those an older format
    /// version lacks).
    pub fn columns(
        &self,
        table: &'static crate::snapshot::spec::Table,
    ) -> Vec<&'static crate::snapshot::spec::Column> {
        table
            .columns
            .iter()
            .filter(|c| !self.absent.contains(&(table.name, c.name)))
            .collect()
    }

    /// Whether the file has the table (a file of an earlier format version
    /// may lack one a later version added).
    pub fn has_table(&self, table: &'static crate::snapshot::spec::Table) -> bool {
        table
            .columns
            .iter()
            .any(|c| !self.absent.contains(&(table.name, c.name)))
    }

    /// Whether the file has the column.
    pub fn has(&self, table: &'static str, column: &'static str) -> bool {
        !self.absent.contains(&(table, column))
    }

    /// Whether a finding at `at` is not to be reported.
    pub fn skipped(&self, at: Option<&RowRef>) -> bool {
        matches!((self.skip, at), (Some(skip), Some(at)) if skip(at))
    }

    pub fn add(
        &mut self,
        severity: Severity,
        rule: &'static str,
        at: Option<RowRef>,
        value: Option<String>,
        message: String,
    ) {
        if self.skipped(at.as_ref()) {
            return;
        }
        self.out.push(Finding {
            severity,
            rule,
            message,
            at,
            value,
        });
    }

    /// A query failed: on a hostile file that is itself a finding, never a panic.
    pub fn query_failed(&mut self, what: &str, err: rusqlite::Error) {
        let reason = sanitize(&err.to_string(), false).into_owned();
        self.add(
            Severity::Error,
            "unreadable",
            None,
            None,
            format!("could not check {what}: {reason}"),
        );
    }

    /// Runs `sql` and hands each row to `each`; a failing query becomes a
    /// finding about `what`.
    pub fn each_row(
        &mut self,
        what: &str,
        sql: &str,
        mut each: impl FnMut(&mut Self, &rusqlite::Row<'_>) -> rusqlite::Result<()>,
    ) {
        let conn = self.conn;
        let result = (|| {
            let mut stmt = conn.prepare(sql)?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                each(self, row)?;
            }
            Ok(())
        })();
        if let Err(e) = result {
            self.query_failed(what, e);
        }
    }

    /// For rules whose query returns `rowid` and the offending value: one
    /// finding per row, all with the same message.
    #[allow(clippy::too_many_arguments)]
    pub fn flag_rows(
        &mut self,
        severity: Severity,
        rule: &'static str,
        table: &'static str,
        column: Option<&'static str>,
        sql: &str,
        message: &str,
    ) {
        self.each_row(rule, sql, |ctx, row| {
            let rowid: i64 = row.get(0)?;
            let value = value_text(row.get_ref(1)?, "empty");
            ctx.add(
                severity,
                rule,
                Some(RowRef {
                    table,
                    rowid,
                    column,
                }),
                Some(value),
                message.to_string(),
            );
            Ok(())
        });
    }

    pub fn money(&self, kronor: i64) -> String {
        crate::domain::money::format_money_exact(kronor, self.unit)
    }
}

/// Runs every content rule. `integrity` adds SQLite's full integrity check
/// (for files from elsewhere; the importer's own database does not need it).
pub fn run(conn: &Connection, integrity: bool) -> Findings {
    run_skipping(conn, integrity, None)
}

/// [`run`], leaving out findings at rows and cells `skip` names.
pub fn run_skipping(
    conn: &Connection,
    integrity: bool,
    skip: Option<&dyn Fn(&RowRef) -> bool>,
) -> Findings {
    let mut ctx = Ctx {
        conn,
        unit: MoneyUnit::Mkr,
        out: Findings::default(),
        skip,
        absent: Default::default(),
        version: conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap_or(0),
    };
    if integrity {
        structure::integrity(&mut ctx);
        if ctx.out.worst() == Some(Severity::Error) {
            return ctx.out;
        }
    }
    // Later rules query every table and column: stop if any is missing.
    if !structure::tables_and_columns(&mut ctx) {
        return ctx.out;
    }
    ctx.unit = rules::money_unit(conn).unwrap_or(MoneyUnit::Mkr);
    values::check(&mut ctx);
    keys::duplicates(&mut ctx);
    keys::references(&mut ctx);
    rules::check(&mut ctx);
    depth::check(&mut ctx);
    cockpit::check(&mut ctx);
    arithmetic::check(&mut ctx);
    contradictions::check(&mut ctx);
    plans::check(&mut ctx);
    totals::check(&mut ctx);
    ctx.out
}

/// Describes a row by its key for people: `economy_fact (2025-10, hsn, total)`.
pub fn describe_row(conn: &Connection, at: &RowRef) -> String {
    let Some(table) = crate::snapshot::spec::table(at.table) else {
        return format!("{} row {}", at.table, at.rowid);
    };
    if table.key.is_empty() {
        return format!("{} row {}", table.name, at.rowid);
    }
    let cols: Vec<String> = table.key.iter().map(|k| format!("\"{k}\"")).collect();
    let sql = format!(
        "SELECT {} FROM \"{}\" WHERE rowid = ?1",
        cols.join(", "),
        table.name
    );
    let parts: Option<Vec<String>> = conn
        .query_row(&sql, [at.rowid], |r| {
            (0..table.key.len())
                .map(|i| r.get_ref(i).map(|v| value_text(v, "total")))
                .collect()
        })
        .ok();
    match parts {
        Some(parts) => format!("{} ({})", table.name, parts.join(", ")),
        None => format!("{} row {}", table.name, at.rowid),
    }
}

/// A stored value as printable text, cut to a readable length.
pub fn value_text(value: rusqlite::types::ValueRef<'_>, null: &str) -> String {
    value_text_cut(value, null, 60)
}

/// [`value_text`] with a chosen length in grapheme clusters.
pub fn value_text_cut(value: rusqlite::types::ValueRef<'_>, null: &str, max: usize) -> String {
    use rusqlite::types::ValueRef;
    let text = match value {
        ValueRef::Null => return null.to_string(),
        ValueRef::Integer(i) => return i.to_string(),
        ValueRef::Real(f) => return f.to_string(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Blob(b) => return format!("<{} bytes of binary data>", b.len()),
    };
    let clean = sanitize(&text, false);
    crate::domain::text::cut_graphemes(&clean, max, "…").unwrap_or_else(|| clean.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_are_capped_per_rule_and_the_rest_counted() {
        let finding = |rule| Finding {
            severity: Severity::Error,
            rule,
            message: String::new(),
            at: None,
            value: None,
        };
        let mut findings = Findings::default();
        for _ in 0..KEEP_PER_RULE + 500 {
            findings.push(finding("reference"));
        }
        findings.push(finding("value"));
        assert_eq!(findings.items.len(), KEEP_PER_RULE + 1);
        assert_eq!(findings.dropped, 500);
        assert_eq!(findings.count(Severity::Error), KEEP_PER_RULE + 1);
    }
}
