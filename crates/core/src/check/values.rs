//! Every stored value has the kind its column promises.

use super::{Ctx, Finding, KEEP_PER_RULE, RowRef, Severity, value_text};
use crate::domain::calendar::{is_date, is_month};
use crate::domain::number::parse_canonical;
use crate::snapshot::open::{READ_LIMIT_BYTES, TOO_BIG};
use crate::snapshot::spec::{Column, Kind, MAX_VALUE_BYTES, TABLES, Table};
use rusqlite::types::ValueRef;

pub fn check(ctx: &mut Ctx) {
    for table in TABLES {
        if !ctx.has_table(table) {
            continue; // a table an older format version lacks
        }
        // One scan per table and rule; should one fail, each column on its
        // own, so that the failure is reported for the column that causes it.
        let columns = ctx.columns(table);
        if oversized_table(ctx, table).is_err() {
            for column in &columns {
                oversized(ctx, table, column);
            }
        }
        if check_table(ctx, table).is_ok() {
            continue;
        }
        for column in columns {
            if let Err(e) = check_column(ctx, table, column) {
                ctx.query_failed(&format!("{}.{}", table.name, column.name), e);
            }
        }
    }
}

/// Every column of a table in one scan. Only rows where some column can be
/// wrong are fetched, and a column is judged only in rows where its own
/// filter holds, so the findings are those of [`check_column`] per column,
/// in column order.
fn check_table(ctx: &mut Ctx, table: &'static Table) -> rusqlite::Result<()> {
    let present = ctx.columns(table);
    let filters: Vec<String> = present.iter().map(|c| suspect(c)).collect();
    let columns: Vec<String> = present.iter().map(|c| format!("\"{}\"", c.name)).collect();
    let sql = format!(
        "SELECT rowid, {}, {} FROM \"{}\" WHERE {}",
        columns.join(", "),
        filters
            .iter()
            .map(|f| format!("({f})"))
            .collect::<Vec<_>>()
            .join(", "),
        table.name,
        filters
            .iter()
            .map(|f| format!("({f})"))
            .collect::<Vec<_>>()
            .join(" OR "),
    );
    let n = present.len();
    // Per column, at most what the findings would keep; the rest counted.
    let mut held: Vec<Vec<Finding>> = (0..n).map(|_| Vec::new()).collect();
    let mut dropped = 0;
    {
        let mut stmt = ctx.conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let rowid: i64 = row.get(0)?;
            for (j, column) in present.iter().enumerate() {
                if row.get::<_, Option<i64>>(1 + n + j)? != Some(1) {
                    continue;
                }
                let value = row.get_ref(1 + j)?;
                if let Some(finding) = finding(table, column, rowid, value) {
                    if ctx.skipped(finding.at.as_ref()) {
                        continue;
                    }
                    let kept = held[j].iter().filter(|f| f.rule == finding.rule).count();
                    if kept < KEEP_PER_RULE {
                        held[j].push(finding);
                    } else {
                        dropped += 1;
                    }
                }
            }
        }
    }
    for findings in held {
        for f in findings {
            ctx.out.push(f);
        }
    }
    ctx.out.dropped += dropped;
    ctx.out.dropped_errors += dropped;
    Ok(())
}

/// A condition true for every row whose value in `column` may be wrong (and
/// for as few others as can be told cheaply in SQL).
fn suspect(column: &Column) -> String {
    let c = format!("\"{}\"", column.name);
    let bad = match column.kind {
        Kind::Int | Kind::Money => format!("typeof({c}) <> 'integer'"),
        Kind::Flag => format!("{c} NOT IN (0, 1) OR typeof({c}) <> 'integer'"),
        Kind::Vocab(v) => {
            let codes: Vec<String> = v.codes().map(|code| format!("'{code}'")).collect();
            format!("typeof({c}) <> 'text' OR {c} NOT IN ({})", codes.join(", "))
        }
        // Text that is not all ASCII is fetched to be checked for valid
        // UTF-8, which SQL cannot tell.
        Kind::Text => format!("typeof({c}) <> 'text' OR {c} GLOB '*[^\u{1}-\u{7f}]*'"),
        // Canonical for sure: text of at most 20 characters, digits with an
        // optional leading '-' and at most one '.', starting and ending with
        // a digit. Anything else goes to the exact parser.
        Kind::Decimal => format!(
            "NOT (typeof({c}) = 'text' AND length({c}) BETWEEN 1 AND 20 \
             AND {c} NOT GLOB '*[^0-9.-]*' AND {c} NOT GLOB '?*-*' AND {c} NOT GLOB '*.*.*' \
             AND {c} GLOB '*[0-9]' AND ({c} GLOB '[0-9]*' OR {c} GLOB '-[0-9]*'))"
        ),
        Kind::Date | Kind::Month | Kind::DayOrMonth => "1".to_string(),
    };
    if column.required {
        format!("{c} IS NULL OR ({bad})")
    } else {
        format!("{c} IS NOT NULL AND ({bad})")
    }
}

/// The finding for one value, if it is wrong.
fn finding(
    table: &'static Table,
    column: &'static Column,
    rowid: i64,
    value: ValueRef<'_>,
) -> Option<Finding> {
    let problem = judge(column, value)?;
    let rule = if matches!(value, ValueRef::Null) {
        "required"
    } else {
        "value"
    };
    Some(Finding {
        severity: Severity::Error,
        rule,
        message: problem,
        at: Some(RowRef {
            table: table.name,
            rowid,
            column: Some(column.name),
        }),
        value: Some(value_text(value, "empty")),
    })
}

fn check_column(
    ctx: &mut Ctx,
    table: &'static Table,
    column: &'static Column,
) -> rusqlite::Result<()> {
    let (t, c) = (table.name, column.name);
    // Only rows that can be wrong are fetched: NULLs in optional columns and
    // well-typed integers are filtered in SQL.
    let filter = match column.kind {
        Kind::Int | Kind::Money => format!("\"{c}\" IS NULL OR typeof(\"{c}\") <> 'integer'"),
        Kind::Flag => {
            format!("\"{c}\" IS NULL OR \"{c}\" NOT IN (0, 1) OR typeof(\"{c}\") <> 'integer'")
        }
        Kind::Vocab(v) => {
            let codes: Vec<String> = v.codes().map(|code| format!("'{code}'")).collect();
            format!(
                "\"{c}\" IS NULL OR typeof(\"{c}\") <> 'text' OR \"{c}\" NOT IN ({})",
                codes.join(", ")
            )
        }
        Kind::Text => format!(
            "\"{c}\" IS NULL OR typeof(\"{c}\") <> 'text' OR \"{c}\" GLOB '*[^\u{1}-\u{7f}]*'"
        ),
        Kind::Decimal | Kind::Date | Kind::Month | Kind::DayOrMonth => "1".to_string(),
    };
    // Oversized values are reported by `oversized` and cannot be loaded.
    let sql = format!(
        "SELECT rowid, \"{c}\" FROM \"{t}\" WHERE ({filter}) \
         AND coalesce(octet_length(\"{c}\"), 0) <= {MAX_VALUE_BYTES}"
    );
    let mut stmt = ctx.conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let rowid: i64 = row.get(0)?;
        let value = row.get_ref(1)?;
        if let Some(problem) = judge(column, value) {
            let at = RowRef {
                table: t,
                rowid,
                column: Some(c),
            };
            let shown = value_text(value, "empty");
            let rule = if matches!(value, ValueRef::Null) {
                "required"
            } else {
                "value"
            };
            ctx.add(Severity::Error, rule, Some(at), Some(shown), problem);
        }
    }
    Ok(())
}

/// Values over the format's size limit in any column of `table`, measured
/// with `octet_length` so that none is loaded.
fn oversized_table(ctx: &mut Ctx, table: &'static Table) -> rusqlite::Result<()> {
    let present = ctx.columns(table);
    let sizes: Vec<String> = present
        .iter()
        .map(|c| format!("octet_length(\"{}\")", c.name))
        .collect();
    let sql = format!(
        "SELECT rowid, {} FROM \"{}\" WHERE {}",
        sizes.join(", "),
        table.name,
        sizes
            .iter()
            .map(|s| format!("{s} > {MAX_VALUE_BYTES}"))
            .collect::<Vec<_>>()
            .join(" OR "),
    );
    let mut found = Vec::new();
    {
        let mut stmt = ctx.conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let rowid: i64 = row.get(0)?;
            for (j, column) in present.iter().enumerate() {
                let bytes: Option<i64> = row.get(1 + j)?;
                if let Some(bytes) = bytes.filter(|b| *b > MAX_VALUE_BYTES as i64) {
                    found.push((rowid, column.name, bytes));
                }
            }
        }
    }
    for (rowid, column, bytes) in found {
        too_large(ctx, table.name, column, rowid, bytes);
    }
    Ok(())
}

fn too_large(ctx: &mut Ctx, table: &'static str, column: &'static str, rowid: i64, bytes: i64) {
    // Over the read limit the cockpit refuses the value: said in its words.
    let message = if bytes > READ_LIMIT_BYTES as i64 {
        TOO_BIG.to_string()
    } else {
        format!("a value may hold at most {MAX_VALUE_BYTES} bytes")
    };
    ctx.add(
        Severity::Error,
        "too-large",
        Some(RowRef {
            table,
            rowid,
            column: Some(column),
        }),
        Some(format!("{bytes} bytes")),
        message,
    );
}

/// Values larger than the format allows in one column (the fallback when
/// the whole-table query fails). `octet_length` reads only the stored size,
/// so the value itself is never loaded.
fn oversized(ctx: &mut Ctx, table: &'static Table, column: &'static Column) {
    let (t, c) = (table.name, column.name);
    let sql = format!(
        "SELECT rowid, octet_length(\"{c}\") FROM \"{t}\" \
         WHERE octet_length(\"{c}\") > {MAX_VALUE_BYTES}"
    );
    ctx.each_row(&format!("{t}.{c}"), &sql, |ctx, row| {
        let rowid: i64 = row.get(0)?;
        let bytes: i64 = row.get(1)?;
        too_large(ctx, t, c, rowid, bytes);
        Ok(())
    });
}

/// What is wrong with `value` in `column`, if anything.
fn judge(column: &Column, value: ValueRef<'_>) -> Option<String> {
    let expected = || format!("expected {}", column.kind.expectation());
    match value {
        ValueRef::Null if column.required => {
            return Some(format!("'{}' is required but empty", column.name));
        }
        ValueRef::Null => return None,
        ValueRef::Integer(i) => {
            return match column.kind {
                Kind::Int | Kind::Money => None,
                Kind::Flag if i == 0 || i == 1 => None,
                _ => Some(expected()),
            };
        }
        ValueRef::Real(_) if matches!(column.kind, Kind::Money) => {
            return Some("money must be stored as whole kronor (INTEGER), never REAL".into());
        }
        ValueRef::Real(_) | ValueRef::Blob(_) => return Some(expected()),
        ValueRef::Text(_) => {}
    }
    let ValueRef::Text(bytes) = value else {
        return None;
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Some("the text is not valid UTF-8".into());
    };
    let ok = match column.kind {
        Kind::Text => true,
        Kind::Decimal => parse_canonical(text).is_some(),
        Kind::Date => is_date(text),
        Kind::Month => is_month(text),
        Kind::DayOrMonth => is_date(text) || is_month(text),
        Kind::Vocab(v) => v.has_code(text),
        Kind::Int | Kind::Money | Kind::Flag => false,
    };
    if ok { None } else { Some(expected()) }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failure
mod tests {
    use super::*;
    use crate::snapshot::spec;

    /// The SQL filter may let a value through unjudged only if the exact
    /// parser accepts it: every short string over a telling alphabet.
    #[test]
    fn the_decimal_filter_never_passes_a_bad_value() {
        let column = spec::table("bed_month")
            .and_then(|t| t.column("available"))
            .unwrap();
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE bed_month (available)")
            .unwrap();
        let alphabet = ['0', '7', '.', '-', 'e', ' ', '+', 'å'];
        let mut values: Vec<String> = vec![String::new()];
        let mut frontier = values.clone();
        for _ in 0..4 {
            frontier = frontier
                .iter()
                .flat_map(|v| alphabet.iter().map(move |c| format!("{v}{c}")))
                .collect();
            values.extend(frontier.iter().cloned());
        }
        values.extend(
            [
                "12345678901234567890",
                "123456789012345678901",
                "-1234567890123456789",
                "99999999999999999999999999999",
                "0.5",
                "-0.0",
            ]
            .map(String::from),
        );
        let mut insert = conn.prepare("INSERT INTO bed_month VALUES (?1)").unwrap();
        for v in &values {
            insert.execute([v]).unwrap();
        }
        let filter = suspect(column);
        let mut stmt = conn
            .prepare(&format!("SELECT available, ({filter}) FROM bed_month"))
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        let mut passed = 0;
        while let Some(row) = rows.next().unwrap() {
            let value: String = row.get(0).unwrap();
            let suspected: i64 = row.get(1).unwrap();
            if suspected == 0 {
                passed += 1;
                assert!(
                    crate::domain::number::parse_canonical(&value).is_some(),
                    "'{value}' passed the filter"
                );
            }
        }
        assert!(passed > 20, "the filter lets good values through: {passed}");
    }
}
