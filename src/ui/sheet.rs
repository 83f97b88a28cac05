//! The screen in view as data ([`crate::export::Sheet`]): every row of its
//! table (not only those that fit), full names, the exact value behind each
//! figure ([`Raw`], attached where [`crate::ui::format`] makes the cell),
//! tree level, units, the period, and each row's as-of period and source
//! where its pane knows them. Copying and `render --format` read this.

use super::screen::{Body, Cell, Chart, Detail, PaneId, Raw, Row, Screen, Table};
use super::{format, strings};
use crate::data::{Period, Provenance, Store};
use crate::export::{self, Column, Field, Fields, Grid, Mark, PeriodRef, Sheet, SourceRef, Value};
use rust_decimal::Decimal;

/// The screen in view and where it stands: all that a sheet, a copied line
/// or an export's file name is made from (the app hands it out with
/// `App::in_view`; nothing here reads the whole app).
#[derive(Clone, Copy)]
pub struct InView<'a> {
    pub store: &'a Store,
    pub pane: PaneId,
    /// The pane's screens, the one in view last.
    pub stack: &'a [Screen],
    pub period: Option<&'a Period>,
    /// The period the one in view is compared with, if any.
    pub compare: Option<&'a Period>,
}

impl<'a> InView<'a> {
    pub fn screen(&self) -> Option<&'a Screen> {
        self.stack.last()
    }
}

/// The screen in view, as data; `None` before anything is built.
pub fn of(view: &InView<'_>) -> Option<Sheet> {
    let screen = view.screen()?;
    Some(Sheet {
        pane: PaneId::render_names()[view.pane.index()].to_string(),
        title: screen.title.clone(),
        path: view.stack.iter().map(|s| s.title.clone()).collect(),
        period: view.period.map(period_ref),
        compare: view.compare.map(period_ref),
        money_unit: view.store.money_unit.code().to_string(),
        caption: caption(&screen.body),
        body: body(view.store, screen),
    })
}

fn period_ref(p: &Period) -> PeriodRef {
    PeriodRef {
        id: p.id.clone(),
        label: p.label.clone(),
    }
}

fn caption(body: &Body) -> Option<String> {
    let cell = match body {
        Body::Table(t) => t.caption.as_ref(),
        Body::Bars(b) => b.table.caption.as_ref(),
        Body::Chart(c) => c.caption.as_ref(),
        Body::Detail(_) => None,
    };
    cell.map(Cell::text).filter(|t| !t.is_empty())
}

fn body(store: &Store, screen: &Screen) -> export::Body {
    match &screen.body {
        Body::Table(t) => export::Body::Table(grid(store, t)),
        Body::Bars(b) => export::Body::Table(grid(store, &b.table)),
        Body::Chart(c) => export::Body::Table(chart(c)),
        Body::Detail(d) => export::Body::Detail(detail(store, d)),
    }
}

/// A cell's exact value and the unit of a number.
fn value(store: &Store, cell: &Cell) -> (Value, Option<String>) {
    let money = store.money_unit;
    match &cell.value {
        Some(Raw::Money(kr)) => (
            Value::Number(money.from_kronor(*kr)),
            Some(money.code().to_string()),
        ),
        Some(Raw::Percent(p)) => (Value::Number(*p), Some("%".to_string())),
        Some(Raw::Number { value, unit }) => (
            Value::Number(*value),
            Some(unit.clone()).filter(|u| !u.is_empty()),
        ),
        Some(Raw::Int(n)) => (Value::Number(Decimal::from(*n)), None),
        Some(Raw::Date(d)) => (Value::Date(*d), None),
        Some(Raw::Word(w)) => (Value::Text(w.clone()), None),
        None if cell.is_blank() => (Value::Empty, None),
        None => (Value::Text(cell.text().trim().to_string()), None),
    }
}

fn source(provenance: &Provenance) -> SourceRef {
    SourceRef {
        provenance: provenance.clone(),
        text: format::source(provenance).text(),
    }
}

fn as_of(store: &Store, id: &str) -> PeriodRef {
    store.periods.iter().find(|p| p.id == id).map_or_else(
        || PeriodRef {
            id: id.to_string(),
            label: id.to_string(),
        },
        period_ref,
    )
}

fn grid(store: &Store, table: &Table) -> Grid {
    let values: Vec<Vec<(Value, Option<String>)>> = table
        .rows
        .iter()
        .map(|row| {
            row.cells
                .iter()
                .enumerate()
                .map(|(i, c)| match (i, row.noted) {
                    // The user's note mark stays out of what may be shared.
                    (0, true) => value(store, &super::notes::unmarked(c)),
                    _ => value(store, c),
                })
                .collect()
        })
        .collect();
    let titles = titles(table);
    let columns = titles
        .into_iter()
        .enumerate()
        .map(|(i, title)| {
            let numbers: Vec<Option<&Option<String>>> = values
                .iter()
                .map(|row| match row.get(i) {
                    Some((Value::Number(_), unit)) => Some(unit),
                    _ => None,
                })
                .collect();
            let mut units: Vec<&Option<String>> = numbers.iter().flatten().copied().collect();
            units.dedup();
            units.sort();
            units.dedup();
            let numeric = !units.is_empty();
            let (unit, unit_column) = match units.as_slice() {
                [] => (None, None),
                [one] => ((*one).clone(), None),
                _ => (
                    None,
                    Some(
                        values
                            .iter()
                            .map(|row| row.get(i).and_then(|(_, u)| u.clone()))
                            .collect(),
                    ),
                ),
            };
            Column {
                title,
                unit,
                numeric,
                unit_column,
            }
        })
        .collect();
    let rows = table
        .rows
        .iter()
        .zip(values)
        .map(|(row, cells)| export_row(store, row, cells))
        .collect();
    Grid { columns, rows }
}

/// Column titles, each unique and none blank (the overview's columns have
/// no titles on screen).
fn titles(table: &Table) -> Vec<String> {
    let mut titles: Vec<String> = Vec::new();
    for (i, column) in table.columns.iter().enumerate() {
        let mut title = column.title.text().trim().to_string();
        if title.is_empty() {
            title = if i == 0 { "Namn" } else { "Värde" }.to_string();
        }
        let base = title.clone();
        let mut n = 2;
        while titles.contains(&title) {
            title = format!("{base} {n}");
            n += 1;
        }
        titles.push(title);
    }
    titles
}

fn export_row(store: &Store, row: &Row, cells: Vec<(Value, Option<String>)>) -> export::Row {
    export::Row {
        id: row.id.clone(),
        level: row.depth,
        heading: row.heading,
        cells: cells.into_iter().map(|(v, _)| v).collect(),
        as_of: row.as_of.as_deref().map(|id| as_of(store, id)),
        source: row.source.as_ref().map(source),
    }
}

fn chart(chart: &Chart) -> Grid {
    let mut columns = vec![Column {
        title: "Månad".into(),
        unit: None,
        numeric: false,
        unit_column: None,
    }];
    columns.extend(chart.series.iter().map(|(name, _, _)| Column {
        title: name.clone(),
        unit: Some(chart.y_label.clone()).filter(|u| !u.is_empty()),
        numeric: true,
        unit_column: None,
    }));
    let rows = chart
        .months
        .iter()
        .enumerate()
        .map(|(i, month)| {
            let mut cells = vec![Value::Text(month.clone())];
            cells.extend(chart.series.iter().map(|(_, values, _)| {
                values
                    .get(i)
                    .copied()
                    .flatten()
                    // The chart keeps the decimals as plotted; their
                    // shortest form is the figure they came from.
                    .and_then(|v| v.to_string().parse::<Decimal>().ok())
                    .map_or(Value::Empty, Value::Number)
            }));
            export::Row {
                id: month.clone(),
                level: 0,
                heading: false,
                cells,
                as_of: None,
                source: None,
            }
        })
        .collect();
    Grid { columns, rows }
}

fn detail(store: &Store, detail: &Detail) -> Fields {
    Fields {
        fields: detail
            .fields
            .iter()
            .map(|(label, cell)| {
                let (value, unit) = value(store, cell);
                Field {
                    label: label.clone(),
                    value,
                    unit,
                    shown: cell.text(),
                }
            })
            .collect(),
        sections: detail
            .sections
            .iter()
            .map(|s| (s.heading.clone(), s.body()))
            .collect(),
    }
}

/// The selected row as one line of text, as `y` copies it: its full name,
/// its figures as shown (the most important column first, each with its
/// title, money with its unit), the period and the source.
/// "Sjukhusvård: Avvikelse −430,0 mkr · Förändr. −96,0 mkr · … — ack oktober
/// 2025 (källa: …)".
/// On a detail page, its figures one per line.
pub fn row_line(view: &InView<'_>) -> Option<String> {
    let screen = view.screen()?;
    let money = view.store.money_unit.code();
    let period = view
        .period
        .map_or(strings::NO_PERIOD_LABEL, |p| p.label.as_str())
        .to_string();
    let table = match &screen.body {
        Body::Detail(d) => return Some(detail_text(&screen.title, d)),
        body => body.table()?,
    };
    let row = screen.selected_row()?;
    let since = view.compare.map(format::short_period);
    let name = row.cells.first().map(|c| c.text().trim().to_string())?;
    let mut order: Vec<usize> = (1..row.cells.len().min(table.columns.len())).collect();
    order.sort_by_key(|&i| table.columns[i].priority);
    let figures: Vec<String> = order
        .into_iter()
        .filter(|&i| !row.cells[i].is_blank())
        .map(|i| {
            let cell = &row.cells[i];
            let mut shown = cell.text().trim().to_string();
            if matches!(cell.value, Some(Raw::Money(_))) && !shown.ends_with(money) {
                shown = format!("{shown} {money}");
            }
            let title = table.columns[i].title.text();
            if title.trim().is_empty() {
                shown
            } else {
                format!(
                    "{} {shown}",
                    with_comparison(title.trim(), since.as_deref())
                )
            }
        })
        .collect();
    let mut line = name;
    if !figures.is_empty() {
        line = format!("{line}: {}", figures.join(" · "));
    }
    let when = row
        .as_of
        .as_deref()
        .map_or(period, |id| as_of(view.store, id).label);
    line = format!("{line} — {when}");
    if let Some(p) = &row.source {
        line = format!("{line} (källa: {})", format::source(p).text());
    }
    Some(line)
}

fn detail_text(title: &str, detail: &Detail) -> String {
    let mut lines = vec![title.to_string()];
    lines.extend(
        detail
            .fields
            .iter()
            .map(|(label, cell)| format!("{label}: {}", cell.text())),
    );
    for s in &detail.sections {
        lines.push(String::new());
        lines.push(s.heading.clone());
        lines.push(s.body());
    }
    lines.join("\n")
}

/// The title every pane gives a column of change against the comparison
/// period ("Förändr.", "Förändr. progn.").
const CHANGE: &str = "Förändr.";

/// A change column's title with the period it is a change from, so that a
/// copied figure says what it compares with: "Förändr. sedan aug 2025".
/// Other titles, and any title without a comparison period, as they are.
fn with_comparison(title: &str, since: Option<&str>) -> String {
    match since {
        Some(since) if title.starts_with(CHANGE) => format!("{title} sedan {since}"),
        _ => title.to_string(),
    }
}

/// The sheet as `Y` copies it: TSV with a decimal comma, for a Swedish
/// spreadsheet; its change columns name the period they compare with
/// (`compare`, as "aug 2025").
pub fn clipboard_table(compare: Option<&Period>, sheet: &Sheet) -> String {
    let since = compare.map(format::short_period);
    let mut sheet = sheet.clone();
    if let export::Body::Table(grid) = &mut sheet.body {
        for column in &mut grid.columns {
            column.title = with_comparison(&column.title, since.as_deref());
        }
    }
    export::delimited::tsv(&sheet, Mark::Comma)
}

#[cfg(test)]
#[path = "sheet_tests.rs"]
mod tests;
