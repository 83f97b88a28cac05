//! The sheet as JSON, in the shape documented in docs/export-format.md
//! (`"format": "tertial-export"`, `"version": 1`). Numbers are JSON numbers
//! written exactly as the decimal they are (`-537.6`, never a binary
//! approximation); texts are JSON strings, escaped by serde_json.

use super::{Body, Column, Field, Fields, Grid, PeriodRef, Row, Sheet, SourceRef, Value};
use std::fmt::Write;

/// The format's name and version, as the document's first two members.
pub const FORMAT: &str = "tertial-export";
pub const VERSION: u32 = 1;

pub fn json(sheet: &Sheet) -> String {
    let mut out = String::new();
    out.push('{');
    member(&mut out, "format", &string(FORMAT), true);
    member(&mut out, "version", &VERSION.to_string(), false);
    member(&mut out, "pane", &string(&sheet.pane), false);
    member(&mut out, "title", &string(&sheet.title), false);
    let path: Vec<String> = sheet.path.iter().map(|p| string(p)).collect();
    member(&mut out, "path", &array(&path), false);
    member(&mut out, "period", &period(sheet.period.as_ref()), false);
    member(&mut out, "compare", &period(sheet.compare.as_ref()), false);
    member(&mut out, "money_unit", &string(&sheet.money_unit), false);
    member(
        &mut out,
        "caption",
        &optional(sheet.caption.as_deref()),
        false,
    );
    match &sheet.body {
        Body::Table(grid) => member(&mut out, "table", &table(grid), false),
        Body::Detail(fields) => member(&mut out, "detail", &detail(fields), false),
    }
    out.push_str("\n}\n");
    out
}

fn member(out: &mut String, name: &str, value: &str, first: bool) {
    if !first {
        out.push(',');
    }
    let _ = write!(out, "\n  {}: {value}", string(name));
}

fn string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

fn optional(text: Option<&str>) -> String {
    text.map_or_else(|| "null".to_string(), string)
}

fn array(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

fn object(members: &[(&str, String)]) -> String {
    let inner: Vec<String> = members
        .iter()
        .map(|(k, v)| format!("{}: {v}", string(k)))
        .collect();
    format!("{{{}}}", inner.join(", "))
}

fn period(p: Option<&PeriodRef>) -> String {
    p.map_or_else(
        || "null".to_string(),
        |p| object(&[("id", string(&p.id)), ("label", string(&p.label))]),
    )
}

fn value(v: &Value) -> String {
    match v {
        Value::Empty => "null".into(),
        Value::Text(t) => string(t),
        Value::Number(n) => super::number(*n, super::Mark::Point),
        Value::Date(d) => string(&d.format("%Y-%m-%d").to_string()),
    }
}

fn column(c: &Column) -> String {
    object(&[
        ("title", string(&c.title)),
        ("unit", optional(c.unit.as_deref())),
        ("type", string(if c.numeric { "number" } else { "text" })),
        (
            "units_per_row",
            if c.unit_column.is_some() {
                "true"
            } else {
                "false"
            }
            .into(),
        ),
    ])
}

fn source(s: Option<&SourceRef>) -> String {
    s.map_or_else(
        || "null".to_string(),
        |s| {
            let (p, text) = (&s.provenance, &s.text);
            object(&[
                ("document", optional(p.document.as_deref())),
                ("section", optional(p.section.as_deref())),
                (
                    "page",
                    p.page.map_or_else(|| "null".into(), |p| p.to_string()),
                ),
                ("locator", optional(p.locator.as_deref())),
                ("illustrative", p.illustrative.to_string()),
                ("text", string(text)),
            ])
        },
    )
}

fn row(grid: &Grid, i: usize, r: &Row) -> String {
    let cells: Vec<String> = r.cells.iter().map(value).collect();
    let units: Vec<String> = grid
        .columns
        .iter()
        .map(|c| match &c.unit_column {
            Some(units) => optional(units.get(i).and_then(|u| u.as_deref())),
            None => optional(c.unit.as_deref()),
        })
        .collect();
    object(&[
        ("id", string(&r.id)),
        ("level", r.level.to_string()),
        ("heading", r.heading.to_string()),
        ("cells", array(&cells)),
        ("units", array(&units)),
        ("as_of", period(r.as_of.as_ref())),
        ("source", source(r.source.as_ref())),
    ])
}

fn table(grid: &Grid) -> String {
    let columns: Vec<String> = grid.columns.iter().map(column).collect();
    let rows: Vec<String> = grid
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| format!("\n    {}", row(grid, i, r)))
        .collect();
    format!(
        "{{\n    \"columns\": {},\n    \"rows\": [{}\n    ]\n  }}",
        array(&columns),
        rows.join(",")
    )
}

fn field(f: &Field) -> String {
    object(&[
        ("label", string(&f.label)),
        ("value", value(&f.value)),
        ("unit", optional(f.unit.as_deref())),
        ("shown", string(&f.shown)),
    ])
}

fn detail(d: &Fields) -> String {
    let fields: Vec<String> = d
        .fields
        .iter()
        .map(|f| format!("\n    {}", field(f)))
        .collect();
    let sections: Vec<String> = d
        .sections
        .iter()
        .map(|(h, t)| {
            format!(
                "\n    {}",
                object(&[("heading", string(h)), ("text", string(t))])
            )
        })
        .collect();
    format!(
        "{{\n    \"fields\": [{}\n    ],\n    \"sections\": [{}\n    ]\n  }}",
        fields.join(","),
        sections.join(",")
    )
}
