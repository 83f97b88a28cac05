//! Every stored value has the kind its column promises.

use super::{Ctx, RowRef, Severity, value_text};
use crate::domain::calendar::{is_date, is_month};
use crate::domain::number::parse_canonical;
use crate::snapshot::spec::{Column, Kind, MAX_VALUE_BYTES, TABLES, Table};
use rusqlite::types::ValueRef;

pub fn check(ctx: &mut Ctx) {
    for table in TABLES {
        for column in table.columns {
            oversized(ctx, table, column);
            if let Err(e) = check_column(ctx, table, column) {
                ctx.query_failed(&format!("{}.{}", table.name, column.name), e);
            }
        }
    }
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
        Kind::Text => format!("\"{c}\" IS NULL OR typeof(\"{c}\") <> 'text'"),
        Kind::Decimal | Kind::Date | Kind::Month => "1".to_string(),
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

/// Values larger than the format allows. `octet_length` reads only the
/// stored size, so the value itself is never loaded.
fn oversized(ctx: &mut Ctx, table: &'static Table, column: &'static Column) {
    let (t, c) = (table.name, column.name);
    let sql = format!(
        "SELECT rowid, octet_length(\"{c}\") FROM \"{t}\" \
         WHERE octet_length(\"{c}\") > {MAX_VALUE_BYTES}"
    );
    ctx.each_row(&format!("{t}.{c}"), &sql, |ctx, row| {
        let rowid: i64 = row.get(0)?;
        let bytes: i64 = row.get(1)?;
        ctx.add(
            Severity::Error,
            "too-large",
            Some(RowRef {
                table: t,
                rowid,
                column: Some(c),
            }),
            Some(format!("{bytes} bytes")),
            format!("a value may hold at most {MAX_VALUE_BYTES} bytes"),
        );
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
        Kind::Vocab(v) => v.has_code(text),
        Kind::Int | Kind::Money | Kind::Flag => false,
    };
    if ok { None } else { Some(expected()) }
}
