//! Vårdplatser: one row per unit with a bed series (trend, latest month,
//! R12, målbild, change against last year), and per unit a chart of the
//! monthly line, R12, the målbild and the events that opened beds. Below
//! them, each directive that promises beds against what has opened, which
//! opens to the promise's parts, each with its source.
//!
//! Everything runs to the month of the selected period and no further.

pub use super::registry::BedsKey;
use super::registry::Tab;
use super::{Ctx, Pane};
use crate::data::beds::{BedEvent, BedPromise, BedSeries, BedTarget, BedUnit, Month, event_index};
use crate::data::tree::Tree;
use crate::data::{self, OrgUnit, Provenance, Store};
use crate::domain::number::format_sv;
use crate::domain::vocab::Topic;
use crate::ui::format;
use crate::ui::screen::{Body, Cell, Chart, Column, Glyph, Nav, Raw, Row, Screen, Table};
use crate::ui::strings;
use crate::ui::theme::Sem;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashSet;
use std::ops::Range;

const TITLE: &str = BedsKey::TITLE;
/// Months in the table's sparkline; the table loads no more than this.
const TREND_MONTHS: usize = 24;
/// The name column never asks for more than this, so that figures fit.
const NAME_MAX: u16 = 36;
/// Unit rows whose figures the table reads when it is built: a page of a
/// tall terminal. The app reads the others' as they come into view
/// ([`Pane::fill`]), so a national table of 3 000 units reads a screen's.
const FIRST_ROWS: usize = 64;

pub struct Beds;

impl Pane for Beds {
    type Key = BedsKey;

    fn build(ctx: &Ctx<'_>, key: &BedsKey) -> data::Result<Screen> {
        match key {
            BedsKey::Chart { unit } => chart(ctx, key, unit),
            BedsKey::Table => table(ctx, key, FIRST_ROWS),
            BedsKey::Promise { directive } => promise(ctx, key, directive),
        }
    }

    fn fill(
        ctx: &Ctx<'_>,
        key: &BedsKey,
        table: &mut Table,
        rows: Range<usize>,
    ) -> data::Result<()> {
        let BedsKey::Table = key else {
            return Ok(());
        };
        let Some(latest) = ctx.store.bed_latest_month(period_month(ctx))? else {
            return Ok(());
        };
        fill_rows(ctx, &mut table.rows[rows], latest)
    }
}

/// The month the period's figures run to. A period without a readable end
/// date is taken to run to December of its year.
fn period_month(ctx: &Ctx<'_>) -> Month {
    ctx.period
        .end_date
        .map(Month::of)
        .or_else(|| Month::new(i32::try_from(ctx.period.year).ok()?, 12))
        .unwrap_or_else(|| Month::of(ctx.today))
}

/// The last day figures may be from: events after it are not yet known to
/// the report the user is reading.
fn period_end(ctx: &Ctx<'_>) -> NaiveDate {
    let month = period_month(ctx);
    ctx.period.end_date.unwrap_or_else(|| {
        let next = month.plus(1);
        NaiveDate::from_ymd_opt(next.year(), next.month(), 1)
            .and_then(|d| d.pred_opt())
            .unwrap_or(ctx.today)
    })
}

// ---------------------------------------------------------------- table

fn columns(name_width: u16, illustrative: bool) -> Vec<Column> {
    // The mark is explained where it is always in view: the header.
    let name = match illustrative {
        true => Cell::plain("Enhet").push(strings::ILLUSTRATIVE_LEGEND, Sem::Illustrative),
        false => Cell::plain("Enhet"),
    };
    vec![
        Column::name(name, name_width),
        // The trend is the pane's picture: it stays at 80 columns, where the
        // change against last year gives way.
        Column::text("Trend", TREND_MONTHS as u16, 2),
        Column::number("Senast", 6, 1),
        Column::number("R12", 5, 1),
        Column::number("Målbild", 7, 3),
        Column::number("Mot fg år", 9, 5),
        Column::number("R12−mål", 7, 4),
    ]
}

/// The table of every unit with a bed series, the figures of the first
/// `read` unit rows read (on a file with the key; all on one without).
fn table(ctx: &Ctx<'_>, key: &BedsKey, read: usize) -> data::Result<Screen> {
    let store = ctx.store;
    let Some(latest) = store.bed_latest_month(period_month(ctx))? else {
        let table = Table {
            columns: columns(20, false),
            empty: format!("Inga vårdplatser till och med {}.", ctx.period.label),
            ..Table::default()
        };
        return Ok(Screen::new(key.clone().into(), TITLE, Body::Table(table)));
    };
    let first = latest.plus(1 - TREND_MONTHS as i32);
    let units = store.bed_units_of_period(&ctx.period.id, first, latest)?;
    let mut rows = match units.as_ref() {
        Some(units) => {
            let ids = units.iter().map(|u| &u.id);
            let mut rows: Vec<Row> = tree_order(&store.org, &store.org_tree, ids)
                .into_iter()
                .map(|id| pending_row(ctx, id))
                .collect();
            let first_page = ..rows.len().min(read);
            fill_rows(ctx, &mut rows[first_page], latest)?;
            rows
        }
        // A file without the key: every unit's months in one pass.
        None => {
            let mut series = store.bed_series(None, Some(first), latest)?;
            let targets = store.bed_targets()?;
            tree_order(&store.org, &store.org_tree, series.keys())
                .into_iter()
                .filter_map(|id| series.remove(&id))
                .map(|s| {
                    // Thousands of bed units at national scale: the
                    // warm-up gives way between their rows.
                    store.give_way()?;
                    Ok(table_row(ctx, &s, targets.get(&s.unit_id), latest))
                })
                .collect::<data::Result<_>>()?
        }
    };
    // A row not read yet is taken to be marked illustrative as the rows read
    // are: the legend and the name column are laid out once, and at scale
    // they come from one producer (all illustrative or none).
    let any_illustrative = rows
        .iter()
        .any(|r| !r.pending && r.cells.first().is_some_and(is_starred));
    let promises = promise_rows(ctx)?;
    // Wide enough for the longest name with its marker, so the marker is
    // never the part cut off; the trend column gives way first.
    let star = match any_illustrative {
        true => unicode_width::UnicodeWidthStr::width(strings::ILLUSTRATIVE_STAR),
        false => 0,
    };
    let name_width = rows
        .iter()
        .chain(&promises)
        .filter_map(|r| {
            let width = unicode_width::UnicodeWidthStr::width(r.cells.first()?.text().as_str());
            Some(width as u16 + 2 + if r.pending { star as u16 } else { 0 })
        })
        .max()
        .unwrap_or(20)
        .min(NAME_MAX);
    rows.extend(promises);
    let table = Table {
        columns: columns(name_width, any_illustrative),
        caption: caption(ctx, latest),
        rows,
        empty: String::new(),
    };
    Ok(Screen::new(key.clone().into(), TITLE, Body::Table(table)))
}

/// A unit's row before its months are read: its name, where Enter leads.
fn pending_row(ctx: &Ctx<'_>, id: String) -> Row {
    let nav = Nav::Push(BedsKey::Chart { unit: id.clone() }.into());
    let mut cells = vec![Cell::plain(ctx.store.unit_name(&id))];
    cells.resize(columns(0, false).len(), Cell::empty());
    Row {
        id,
        cells,
        drill: Some(nav.clone()),
        detail: Some(nav),
        pending: true,
        ..Row::default()
    }
}

/// Whether a unit's name carries the illustrative mark.
fn is_starred(name: &Cell) -> bool {
    name.spans.iter().any(|(_, sem)| *sem == Sem::Illustrative)
}

/// Reads the months and målbild of the pending unit rows among `rows` (by
/// the key, theirs only) and makes them whole.
fn fill_rows(ctx: &Ctx<'_>, rows: &mut [Row], latest: Month) -> data::Result<()> {
    let store = ctx.store;
    let first = latest.plus(1 - TREND_MONTHS as i32);
    let kept = store.bed_units_of_period(&ctx.period.id, first, latest)?;
    let Some(units) = kept.as_ref() else {
        return Ok(());
    };
    let wanted: HashSet<&str> = rows
        .iter()
        .filter(|r| r.pending)
        .map(|r| r.id.as_str())
        .collect();
    let units: Vec<&BedUnit> = units
        .iter()
        .filter(|u| wanted.contains(u.id.as_str()))
        .collect();
    let mut series = store.bed_series_of(&units, first, latest)?;
    let targets = store.bed_targets_of(&units)?;
    for row in rows.iter_mut().filter(|r| r.pending) {
        store.give_way()?;
        if let Some(s) = series.remove(&row.id) {
            *row = table_row(ctx, &s, targets.get(&s.unit_id), latest);
        }
        row.pending = false;
    }
    Ok(())
}

fn table_row(ctx: &Ctx<'_>, s: &BedSeries, target: Option<&BedTarget>, latest: Month) -> Row {
    let mut name = Cell::plain(ctx.store.unit_name(&s.unit_id));
    if s.illustrative {
        name = name.push(strings::ILLUSTRATIVE_STAR, Sem::Illustrative);
    }
    let trend = format::sparkline(&s.window(latest, TREND_MONTHS));
    // A mean of twelve months has as many decimals as the division gives;
    // the monthly figures have one, and so does the R12 shown, copied and
    // exported (672,3, not 672.3166…). The distance to the målbild is
    // taken from the figure shown, so the two columns agree.
    let r12 = s
        .r12_at(latest)
        .map(|r| r.round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero));
    let goal = target.and_then(|t| t.beds);
    let below_goal = r12.zip(goal).and_then(|(r, g)| r.checked_sub(g));
    let nav = Nav::Push(
        BedsKey::Chart {
            unit: s.unit_id.clone(),
        }
        .into(),
    );
    Row {
        id: s.unit_id.clone(),
        cells: vec![
            name,
            Cell::new(trend, Sem::ChartMonthly),
            format::number(s.at(latest), 1, ""),
            format::number(r12, 1, ""),
            format::number(goal, 1, ""),
            variance(s.change_from_last_year(latest)),
            variance(below_goal),
        ],
        // A separate detail page would repeat the chart's figures; the chart
        // carries the events and the source, so `i` opens it as well.
        drill: Some(nav.clone()),
        detail: Some(nav),
        exception: below_goal.is_some_and(|d| d.is_sign_negative() && !d.is_zero()),
        source: s.sources.last().cloned(),
        ..Row::default()
    }
}

/// The period's promises, under a heading: the directive's target as worded
/// and "16 av 25 öppnade, 9 kvar" where the trend stands (a row of the
/// unit table holds no series); Enter opens the parts.
fn promise_rows(ctx: &Ctx<'_>) -> data::Result<Vec<Row>> {
    let promises = ctx.store.bed_promises(ctx.period.year, period_end(ctx))?;
    if promises.is_empty() {
        return Ok(Vec::new());
    }
    let mut rows = vec![Row {
        id: "promises".into(),
        cells: vec![Cell::new("Utlovade vårdplatser", Sem::Heading)],
        heading: true,
        ..Row::default()
    }];
    for p in &promises {
        let nav = Nav::Push(
            BedsKey::Promise {
                directive: p.directive_id.clone(),
            }
            .into(),
        );
        rows.push(Row {
            id: format!("promise:{}", p.directive_id),
            cells: vec![
                Cell::plain(promise_name(p)),
                Cell::plain(promise_summary(p)),
            ],
            drill: Some(nav.clone()),
            detail: Some(nav),
            source: Some(p.provenance.clone()),
            ..Row::default()
        });
    }
    Ok(rows)
}

/// The promise as the report words it, else the directive's title.
fn promise_name(p: &BedPromise) -> String {
    p.target_text.clone().unwrap_or_else(|| p.title.clone())
}

/// "16 av 25 öppnade, 9 kvar"; "16 öppnade" where no number is promised.
fn promise_summary(p: &BedPromise) -> String {
    let opened = p.opened_beds();
    match (p.promised, p.left()) {
        (Some(promised), Some(left)) => format!(
            "{opened} av {} öppnade, {} kvar",
            format_sv(promised, promised.scale(), false),
            format_sv(left, left.scale(), false)
        ),
        _ => format!("{opened} öppnade"),
    }
}

// ---------------------------------------------------------------- promise

/// The promise, each event that opened beds towards it, the sum and what is
/// left: every figure with its source, the two sums marked as computed.
fn promise(ctx: &Ctx<'_>, key: &BedsKey, directive: &str) -> data::Result<Screen> {
    let store = ctx.store;
    let found = store
        .bed_promises(ctx.period.year, period_end(ctx))?
        .into_iter()
        .find(|p| p.directive_id == directive);
    // The source is what this screen is for: it takes the width left, and
    // leads with the heading a figure stands under.
    let columns = vec![
        Column::text("Del", 14, 1),
        Column::number("Vpl", 4, 1),
        Column::text("Datum", 10, 2),
        Column::text("Enhet", 8, 3),
        Column::name("Avsnitt", 20),
    ];
    let Some(p) = found else {
        let table = Table {
            columns,
            empty: format!("Inget löfte om vårdplatser i {}.", ctx.period.label),
            ..Table::default()
        };
        return Ok(Screen::new(key.clone().into(), TITLE, Body::Table(table)));
    };
    let beds = |n: Decimal, signed: bool| {
        Cell::plain(format_sv(n, n.scale(), signed)).valued(Raw::Number {
            value: n,
            unit: "vpl".into(),
        })
    };
    let mut rows = vec![Row {
        id: "promised".into(),
        cells: vec![
            Cell::plain("Utlovat"),
            p.promised.map_or_else(Cell::empty, |n| beds(n, false)),
            Cell::empty(),
            Cell::empty(),
            heading_first(&p.provenance),
        ],
        source: Some(p.provenance.clone()),
        ..Row::default()
    }];
    rows.push(Row {
        id: "opened".into(),
        cells: vec![Cell::new(
            format!("Öppnat t.o.m. {}", ctx.period.label),
            Sem::Heading,
        )],
        heading: true,
        ..Row::default()
    });
    for e in &p.opened {
        let chart = Nav::Push(
            BedsKey::Chart {
                unit: e.unit_id.clone(),
            }
            .into(),
        );
        // The report contradicts itself about this unit's beds: the mark
        // points at the caption, which says how.
        let contradicted = ctx.notices.iter().any(|n| {
            n.topic == Topic::Beds
                && n.contradiction().is_some()
                && n.org_unit_id.as_deref() == Some(e.unit_id.as_str())
        });
        let mut label = Cell::plain(e.label.clone());
        if contradicted {
            label = label
                .push(" ", Sem::Normal)
                .push(Glyph::Notice, Sem::Notice);
        }
        rows.push(Row {
            id: format!("event:{}:{}:{}", e.when(), e.unit_id, e.label),
            cells: vec![
                label,
                e.bed_change
                    .map_or_else(Cell::empty, |n| beds(Decimal::from(n), true)),
                Cell::plain(e.when()),
                Cell::plain(store.short_name(&e.unit_id)),
                heading_first(&e.provenance),
            ],
            drill: Some(chart.clone()),
            detail: Some(chart),
            source: Some(e.provenance.clone()),
            ..Row::default()
        });
    }
    if p.opened.is_empty() {
        rows.push(Row {
            id: "none".into(),
            cells: vec![Cell::new("Inget öppnat ännu", Sem::Dim)],
            ..Row::default()
        });
    }
    let computed = |id: &str, label: &str, value: Option<Decimal>, how: String| Row {
        id: id.into(),
        cells: vec![
            Cell::plain(label),
            value.map_or_else(Cell::empty, |n| beds(n, false)),
            Cell::empty(),
            Cell::empty(),
            Cell::new(how, Sem::Dim),
        ],
        ..Row::default()
    };
    let opened = Decimal::from(p.opened_beds());
    let parts: Vec<String> = p
        .opened
        .iter()
        .filter_map(|e| e.bed_change)
        .map(|n| n.to_string())
        .collect();
    rows.push(computed(
        "sum",
        "Summa öppnat",
        Some(opened),
        format!("beräknad: {}", parts.join(" + ")),
    ));
    rows.push(computed(
        "left",
        "Kvar att öppna",
        p.left(),
        match p.promised {
            Some(promised) => format!(
                "beräknad: {} − {}",
                format_sv(promised, promised.scale(), false),
                format_sv(opened, 0, false)
            ),
            None => "inget antal utlovat".into(),
        },
    ));
    let caption = format::with_notices(
        Some(Cell::new(
            format!("{} (uppdrag: {})", promise_name(&p), p.title),
            Sem::Dim,
        )),
        ctx.notices,
        Topic::Beds,
    );
    let table = Table {
        columns,
        rows,
        empty: String::new(),
        caption,
    };
    Ok(Screen::new(
        key.clone().into(),
        format!("{TITLE}: utlovat mot öppnat"),
        Body::Table(table),
    ))
}

/// A source as this screen shows it: the heading first, where a narrow
/// column cuts the document's name rather than it; illustrative marked.
fn heading_first(provenance: &Provenance) -> Cell {
    match (&provenance.section, &provenance.document) {
        (Some(section), Some(document)) if !provenance.illustrative => {
            Cell::plain(short_heading(section)).push(format!(" · {document}"), Sem::Dim)
        }
        _ => format::source(provenance),
    }
}

/// A nested heading ("2.3 God ekonomisk … / Uppföljning … / Uppdrag från
/// fullmäktige till nämnd") as its number and its innermost part, which
/// tell it apart: "2.3 … Uppdrag från fullmäktige till nämnd". The full
/// citation goes with the row (`y`, export).
fn short_heading(section: &str) -> String {
    let Some((outer, inner)) = section.rsplit_once(" / ") else {
        return section.to_string();
    };
    match outer.split_whitespace().next() {
        Some(n) if n.starts_with(|c: char| c.is_ascii_digit()) => format!("{n} … {inner}"),
        _ => inner.to_string(),
    }
}

/// A change in beds: signed, good when up and bad when down, judged on the
/// figure as shown so that a `0,0` is never coloured.
fn variance(value: Option<Decimal>) -> Cell {
    let Some(value) = value else {
        return Cell::empty();
    };
    let shown = value.round_dp(1);
    Cell::new(
        format_sv(value, 1, true),
        format::effect(shown.cmp(&Decimal::ZERO)),
    )
    .valued(Raw::Number {
        value,
        unit: String::new(),
    })
}

/// What the figures are, which month they run to, and the period's notices
/// on beds, where the figures are shown.
///
/// The month comes first, and short: it says what every figure runs to.
fn caption(ctx: &Ctx<'_>, latest: Month) -> Option<Cell> {
    let text = Cell::new(format!("senaste månad {latest} · snitt per dag"), Sem::Dim);
    Some(match format::notice_caption(ctx.notices, Topic::Beds) {
        Some(notice) => text.then(notice),
        None => text,
    })
}

/// `ids` in the organisation's order (parents before children, siblings by
/// sort order); ids the organisation does not know come last, by id.
fn tree_order<'a>(
    org: &[OrgUnit],
    tree: &Tree,
    ids: impl Iterator<Item = &'a String>,
) -> Vec<String> {
    let mut wanted: HashSet<&str> = ids.map(String::as_str).collect();
    let mut ordered: Vec<String> = Vec::with_capacity(wanted.len());
    for i in tree.preorder() {
        let id = org[i].id.as_str();
        if wanted.remove(id) {
            ordered.push(id.to_string());
        }
    }
    let mut rest: Vec<String> = wanted.into_iter().map(str::to_string).collect();
    rest.sort();
    ordered.extend(rest);
    ordered
}

/// `unit` and every unit below it.
fn subtree(org: &[OrgUnit], tree: &Tree, unit: &str) -> HashSet<String> {
    let below = tree
        .position(unit)
        .map(|i| tree.subtree(i))
        .unwrap_or_default();
    let mut out: HashSet<String> = below.into_iter().map(|i| org[i].id.clone()).collect();
    out.insert(unit.to_string());
    out
}

// ---------------------------------------------------------------- chart

fn chart(ctx: &Ctx<'_>, key: &BedsKey, unit: &str) -> data::Result<Screen> {
    let store = ctx.store;
    let name = store.unit_name(unit);
    let title = format!("{TITLE}: {name}");
    let Some(series) = store
        .bed_series(Some(unit), None, period_month(ctx))?
        .remove(unit)
    else {
        let table = Table {
            empty: format!(
                "{name} har inga vårdplatser till och med {}.",
                ctx.period.label
            ),
            ..Table::default()
        };
        return Ok(Screen::new(key.clone().into(), title, Body::Table(table)));
    };
    let target = store.bed_target(unit)?;
    let below = subtree(&store.org, &store.org_tree, unit);
    let events: Vec<BedEvent> = store
        .bed_events(None, period_end(ctx))?
        .into_iter()
        .filter(|e| below.contains(&e.unit_id))
        .collect();
    let body = Chart {
        months: series.months().map(|m| m.to_string()).collect(),
        series: chart_lines(&series, target.as_ref()),
        events: chart_events(store, &series, &events),
        y_label: "vpl/dag".into(),
        caption: Some(chart_caption(&series, target.as_ref())),
    };
    Ok(Screen::new(key.clone().into(), title, Body::Chart(body)))
}

fn to_f64(values: &[Option<Decimal>]) -> Vec<Option<f64>> {
    values.iter().map(|v| v.and_then(format::plotted)).collect()
}

/// The monthly line, R12 and the målbild as a flat line. Each name carries
/// its latest figure, so the chart also answers "how many now?".
fn chart_lines(
    series: &BedSeries,
    target: Option<&BedTarget>,
) -> Vec<(String, Vec<Option<f64>>, Sem)> {
    let end = series.end();
    let figure = |v: Option<Decimal>| v.map(|v| format!(" {}", format_sv(v, 1, false)));
    let mut lines = vec![
        (
            format!("Per månad{}", figure(series.at(end)).unwrap_or_default()),
            to_f64(&series.values),
            Sem::ChartMonthly,
        ),
        (
            format!("R12{}", figure(series.r12_at(end)).unwrap_or_default()),
            to_f64(&series.r12_line()),
            Sem::ChartR12,
        ),
    ];
    if let Some(goal) = target.and_then(|t| t.beds) {
        lines.push((
            format!("Målbild{}", figure(Some(goal)).unwrap_or_default()),
            vec![format::plotted(goal); series.values.len()],
            Sem::ChartTarget,
        ));
    }
    lines
}

/// Events at their month: "IMA +6 vpl (IVA NUS) 2025-09-22".
fn chart_events(store: &Store, series: &BedSeries, events: &[BedEvent]) -> Vec<(usize, String)> {
    events
        .iter()
        .filter_map(|e| {
            let i = event_index(series.start, series.values.len(), e.date)?;
            Some((i, event_text(store, e)))
        })
        .collect()
}

fn event_text(store: &Store, e: &BedEvent) -> String {
    let change = e
        .bed_change
        .map(|n| format!(" {} vpl", format_sv(Decimal::from(n), 0, true)))
        .unwrap_or_default();
    let date = e.when();
    format!(
        "{}{change} ({}) {date}",
        e.label,
        store.unit_name(&e.unit_id)
    )
}

/// Says first whether the line is the region's figures at all, then where
/// it comes from.
fn chart_caption(series: &BedSeries, target: Option<&BedTarget>) -> Cell {
    let mut cell = Cell::default();
    let target_illustrative = target.is_some_and(|t| t.provenance.illustrative);
    if series.illustrative {
        cell = cell.push(
            "Illustrativ serie – ej regionens siffror",
            Sem::Illustrative,
        );
    } else if target_illustrative {
        cell = cell.push(
            "Illustrativ målbild – ej regionens siffra",
            Sem::Illustrative,
        );
    }
    let sep = if cell.spans.is_empty() { "" } else { " · " };
    let cited: Vec<String> =
        series
            .sources
            .iter()
            .filter_map(Provenance::citation)
            .fold(Vec::new(), |mut out, c| {
                if !out.contains(&c) {
                    out.push(c);
                }
                out
            });
    let source = match (cited.first(), series.illustrative) {
        (Some(c), true) => format!("{sep}i linje med {c}"),
        (Some(c), false) => format!("{sep}Källa: {c}"),
        (None, _) => format!("{sep}Källa saknas"),
    };
    let more = match cited.len() {
        0 | 1 => String::new(),
        n => format!(" (+{} källor)", n - 1),
    };
    cell.push(format!("{source}{more}"), Sem::Dim)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Period;
    use crate::ui::panes::testing;

    fn ctx_for<'a>(store: &'a Store, period: &'a Period) -> Ctx<'a> {
        testing::ctx(store, &period.id)
    }

    fn build(ctx: &Ctx<'_>, key: &BedsKey) -> data::Result<Screen> {
        Beds::build(ctx, key)
    }

    fn period<'a>(store: &'a Store, id: &str) -> &'a Period {
        store.periods.iter().find(|p| p.id == id).unwrap()
    }

    #[test]
    fn the_table_runs_to_the_periods_month_region_first() {
        let store = Store::demo().unwrap();
        let ctx = ctx_for(&store, period(&store, "2025-08"));
        let screen = build(&ctx, &BedsKey::Table).unwrap();
        let Body::Table(table) = &screen.body else {
            panic!("a table")
        };
        assert_eq!(
            table.rows.len(),
            12,
            "ten units, the promise's heading and row"
        );
        assert_eq!(table.rows[0].id, "region");
        assert_eq!(
            table.rows[1].id, "hsn.sjukhusvard.roc",
            "then by sort order"
        );
        let caption = table.caption.as_ref().unwrap().text();
        assert!(caption.contains("senaste månad 2025-08"), "{caption}");
        let kirc = table
            .rows
            .iter()
            .find(|r| r.id == "hsn.sjukhusvard.kirc_nus")
            .unwrap();
        let texts: Vec<String> = kirc.cells.iter().map(Cell::text).collect();
        assert_eq!(texts[0], "Kirurgcentrum NUS *");
        assert_eq!(texts[1].chars().count(), TREND_MONTHS);
        assert_eq!(texts[2], "43,3", "August, not October");
        assert_eq!(texts[4], "60,0");
        assert_eq!(texts[5], "+1,4");
        // R12 carries the figure shown, not the division's 27 decimals, and
        // the distance to the målbild is taken from it.
        let exact = |i: usize| match kirc.cells[i].value.as_ref() {
            Some(Raw::Number { value, .. }) => *value,
            other => panic!("a number: {other:?}"),
        };
        assert_eq!(exact(3).scale(), 1, "{}", exact(3));
        assert_eq!(exact(3) - exact(4), exact(6));
        assert_eq!(kirc.cells[5].spans[0].1, Sem::Good);
        assert!(kirc.exception, "R12 below the målbild");
        assert_eq!(
            kirc.drill,
            Some(Nav::Push(
                BedsKey::Chart {
                    unit: "hsn.sjukhusvard.kirc_nus".into()
                }
                .into()
            ))
        );
    }

    /// Rows as a test compares them: every cell with its exact value, the
    /// source, the mark, where Enter leads, whether still to be read.
    fn shown(screen: &Screen) -> (String, Vec<String>) {
        let Body::Table(table) = &screen.body else {
            panic!("a table")
        };
        let rows = table
            .rows
            .iter()
            .map(|r| {
                format!(
                    "{}|{:?}|{:?}|{}|{:?}|{:?}|{}",
                    r.id, r.cells, r.source, r.exception, r.drill, r.detail, r.pending
                )
            })
            .collect();
        (
            format!("{:?} {:?} {:?}", table.columns, table.caption, screen.sizes),
            rows,
        )
    }

    /// The table read a few rows at a time, as they come into view, is the
    /// table read whole: in every period of the sample, against a copy
    /// whose bed months have no key (read in one pass, as before).
    #[test]
    fn rows_read_as_they_come_into_view_are_the_whole_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("loose.db");
        std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/sample.db"), &path).unwrap();
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch(
                "CREATE TABLE loose AS SELECT * FROM bed_month; DROP TABLE bed_month; \
                 ALTER TABLE loose RENAME TO bed_month;",
            )
            .unwrap();
        let keyed = Store::demo().unwrap();
        let loose = Store::open(&path).unwrap();
        let mut pending_seen = 0;
        for p in &keyed.periods {
            let whole = table(&ctx_for(&loose, period(&loose, &p.id)), &BedsKey::Table, 0).unwrap();
            let ctx = ctx_for(&keyed, p);
            let mut paged = table(&ctx, &BedsKey::Table, 2).unwrap();
            let len = paged.rows().len();
            pending_seen += paged.rows().iter().filter(|r| r.pending).count();
            // Three rows at a time, as a screen scrolls.
            for from in (0..len).step_by(3) {
                super::super::fill(&ctx, &mut paged, from..from + 3).unwrap();
            }
            assert!(paged.rows().iter().all(|r| !r.pending), "{}", p.id);
            assert_eq!(shown(&paged), shown(&whole), "{}", p.id);
            let at_once = table(&ctx, &BedsKey::Table, usize::MAX).unwrap();
            assert_eq!(shown(&at_once), shown(&whole), "{}", p.id);
        }
        assert!(pending_seen > 7, "{pending_seen}");
    }

    #[test]
    fn the_chart_has_three_lines_and_the_units_events() {
        let store = Store::demo().unwrap();
        let ctx = ctx_for(&store, period(&store, "2025-10"));
        let key = BedsKey::Chart {
            unit: "hsn.sjukhusvard.kirc_nus".into(),
        };
        let screen = build(&ctx, &key).unwrap();
        assert_eq!(screen.title, "Vårdplatser: Kirurgcentrum NUS");
        let Body::Chart(chart) = &screen.body else {
            panic!("a chart")
        };
        assert_eq!(chart.months.len(), 46);
        assert_eq!(chart.series.len(), 3);
        assert!(chart.series[2].1.iter().all(|v| *v == Some(60.0)));
        assert_eq!(
            chart.events,
            [(45, "KAVA +8 vpl (Kirurgcentrum NUS) 2025-10-21".to_string())]
        );
        let caption = chart.caption.as_ref().unwrap();
        assert_eq!(
            caption.spans[0],
            (
                "Illustrativ serie – ej regionens siffror".into(),
                Sem::Illustrative
            )
        );
        assert!(caption.text().contains("Resultatuppföljning oktober 2025"));
    }

    #[test]
    fn the_regions_chart_shows_every_units_events_up_to_the_period() {
        let store = Store::demo().unwrap();
        let key = BedsKey::Chart {
            unit: "region".into(),
        };
        let october = build(&ctx_for(&store, period(&store, "2025-10")), &key).unwrap();
        let Body::Chart(chart) = &october.body else {
            panic!("a chart")
        };
        let at: Vec<usize> = chart.events.iter().map(|e| e.0).collect();
        assert_eq!(at, [43, 44, 45]);
        assert!(chart.events[1].1.starts_with("IMA +6 vpl (IVA NUS)"));
        let august = build(&ctx_for(&store, period(&store, "2025-08")), &key).unwrap();
        let Body::Chart(chart) = &august.body else {
            panic!("a chart")
        };
        assert_eq!(chart.months.last().map(String::as_str), Some("2025-08"));
        let labels: Vec<&str> = chart.events.iter().map(|e| e.1.as_str()).collect();
        assert_eq!(
            labels,
            ["KUA +2 vpl (Rörelseorganens centrum) 2025-08"],
            "IMA and KAVA come after August"
        );
    }

    /// The report gives KUA's month only ("2025-08"): it stands on ROC's
    /// chart at that month, said as a month, not as the 1st.
    #[test]
    fn a_month_only_event_is_on_its_units_chart_at_its_month() {
        let store = Store::demo().unwrap();
        let key = BedsKey::Chart {
            unit: "hsn.sjukhusvard.roc".into(),
        };
        for period_id in ["2025-08", "2025-10"] {
            let screen = build(&ctx_for(&store, period(&store, period_id)), &key).unwrap();
            let Body::Chart(chart) = &screen.body else {
                panic!("a chart")
            };
            let august = chart.months.iter().position(|m| m == "2025-08").unwrap();
            assert_eq!(
                chart.events,
                [(
                    august,
                    "KUA +2 vpl (Rörelseorganens centrum) 2025-08".to_string()
                )],
                "{period_id}"
            );
        }
    }

    /// "Öppna 25 vårdplatser för opererande specialiteter" (HSN
    /// delårsrapport per augusti 2025, 2.3) against IMA +6, KAVA +8 and
    /// KUA +2, each part cited to where it stands.
    #[test]
    fn the_promise_is_shown_against_what_has_opened_each_part_sourced() {
        let store = Store::demo().unwrap();
        let ctx = ctx_for(&store, period(&store, "2025-10"));
        let Body::Table(table) = build(&ctx, &BedsKey::Table).unwrap().body else {
            panic!("a table")
        };
        let row = table.rows.last().unwrap();
        assert_eq!(row.id, "promise:d2025-01");
        let texts: Vec<String> = row.cells.iter().map(Cell::text).collect();
        assert_eq!(
            texts,
            [
                "Öppna 25 vårdplatser för opererande specialiteter",
                "16 av 25 öppnade, 9 kvar"
            ]
        );
        let key = BedsKey::Promise {
            directive: "d2025-01".into(),
        };
        assert_eq!(row.drill, Some(Nav::Push(key.clone().into())));
        let screen = build(&ctx, &key).unwrap();
        let Body::Table(parts) = &screen.body else {
            panic!("a table")
        };
        let rows: Vec<(String, String, String)> = parts
            .rows
            .iter()
            .map(|r| {
                let cell = |i: usize| r.cells.get(i).map(Cell::text).unwrap_or_default();
                (cell(0), cell(1), cell(4))
            })
            .collect();
        let section = |r: &(String, String, String)| r.2.clone();
        assert_eq!(rows[0].0, "Utlovat");
        assert_eq!(rows[0].1, "25");
        assert!(section(&rows[0]).contains("Uppdrag från fullmäktige till nämnd"));
        let events: Vec<(&str, &str)> = rows[2..5]
            .iter()
            .map(|r| (r.0.as_str(), r.1.as_str()))
            .collect();
        assert_eq!(events, [("KUA", "+2"), ("IMA", "+6"), ("KAVA", "+8")]);
        assert!(section(&rows[2]).contains("delårsrapport per augusti 2025"));
        assert!(section(&rows[3]).contains("Resultatuppföljning oktober 2025"));
        assert!(parts.rows[2..5].iter().all(|r| r.source.is_some()));
        assert_eq!(
            rows[5],
            (
                "Summa öppnat".into(),
                "16".into(),
                "beräknad: 2 + 6 + 8".into()
            )
        );
        assert_eq!(
            rows[6],
            (
                "Kvar att öppna".into(),
                "9".into(),
                "beräknad: 25 − 16".into()
            )
        );
        // An event leads to its unit's chart, where it stands.
        assert_eq!(
            parts.rows[2].drill,
            Some(Nav::Push(
                BedsKey::Chart {
                    unit: "hsn.sjukhusvard.roc".into()
                }
                .into()
            ))
        );
        let august = ctx_for(&store, period(&store, "2025-08"));
        let Body::Table(table) = build(&august, &BedsKey::Table).unwrap().body else {
            panic!("a table")
        };
        assert_eq!(
            table.rows.last().unwrap().cells[1].text(),
            "2 av 25 öppnade, 23 kvar"
        );
        let earlier = ctx_for(&store, period(&store, "2024-08"));
        let Body::Table(table) = build(&earlier, &BedsKey::Table).unwrap().body else {
            panic!("a table")
        };
        assert!(
            table.rows.iter().all(|r| !r.id.starts_with("promise")),
            "2024 links no promise"
        );
        let missing = build(&earlier, &key).unwrap();
        let Body::Table(none) = &missing.body else {
            panic!("a table")
        };
        assert!(none.rows.is_empty() && none.empty.contains("Inget löfte"));
    }

    #[test]
    fn a_nested_heading_keeps_its_number_and_innermost_part() {
        assert_eq!(
            short_heading(
                "2.3 God ekonomisk hushållning / Uppföljning / Uppdrag från fullmäktige till nämnd"
            ),
            "2.3 … Uppdrag från fullmäktige till nämnd"
        );
        assert_eq!(short_heading("Bilaga / Tabell 2"), "Tabell 2");
        assert_eq!(short_heading("1 Sammanfattning"), "1 Sammanfattning");
    }

    #[test]
    fn changes_are_coloured_by_the_figure_shown() {
        let d = |s: &str| s.parse::<Decimal>().ok();
        assert_eq!(variance(d("-0.04")).spans[0].1, Sem::Normal);
        assert_eq!(variance(d("-2.5")).text(), "−2,5");
        assert_eq!(variance(d("-2.5")).spans[0].1, Sem::Bad);
        assert_eq!(variance(None).text(), "");
    }

    #[test]
    fn organisation_order_is_depth_first_and_survives_cycles() {
        let unit = |id: &str, parent: Option<&str>| OrgUnit {
            id: id.into(),
            parent_id: parent.map(Into::into),
            kind: Some(crate::domain::vocab::OrgKind::Unit),
            name: id.into(),
            short_name: None,
        };
        let org = vec![
            unit("r", None),
            unit("b", Some("r")),
            unit("a", Some("r")),
            unit("b1", Some("b")),
            unit("x", Some("y")),
            unit("y", Some("x")),
        ];
        let ids: Vec<String> = ["a", "b1", "r", "zz", "y"].map(String::from).to_vec();
        let tree = Tree::new(org.iter().map(|u| (u.id.as_str(), u.parent_id.as_deref())));
        // The x–y cycle is cut where it closes: y becomes a root above x.
        assert_eq!(
            tree_order(&org, &tree, ids.iter()),
            ["r", "b1", "a", "y", "zz"]
        );
        assert_eq!(
            subtree(&org, &tree, "b"),
            HashSet::from(["b".to_string(), "b1".to_string()])
        );
        assert_eq!(subtree(&org, &tree, "y").len(), 2);
        assert_eq!(subtree(&org, &tree, "nowhere").len(), 1);
    }
}
