//! Ekonomi's budget frames (`b`): each year's frame as the bridge from the
//! opening frame through the named changes to the decided one, with the
//! proposal beside it, and the frames as bars.

use super::Ctx;
use super::economy::EconomyKey;
use crate::data::{self, economy::Frame};
use crate::domain::money::MoneyUnit;
use crate::domain::vocab::ChangeKind;
use crate::ui::format;
use crate::ui::screen::{Bars, Body, Cell, Column, Row, Screen, Table};
use crate::ui::theme::Sem;

pub(super) fn screen(ctx: &Ctx<'_>, key: &EconomyKey, board: &str) -> data::Result<Screen> {
    let frames = ctx.store.frames(board)?;
    let money = ctx.store.money_unit;
    let name = ctx.store.short_name(board);
    // Newest year first in the table.
    let rows = frames
        .iter()
        .rev()
        .flat_map(|frame| bridge_rows(frame, money))
        .collect();
    let caption = frames
        .last()
        .and_then(|f| f.provenance.citation())
        .map(|c| Cell::new(format!("Källa: {c}"), Sem::Dim));
    let table = Table {
        columns: vec![
            Column::name("Post", 30),
            Column::number(money_title(money), 10, 1),
            Column::text("Typ", 26, 2),
        ],
        rows,
        empty: format!("{name} har inga budgetramar i ögonblicksbilden."),
        caption,
    };
    let bars = Bars {
        table,
        bars: bars(&frames, money),
        bar_title: format!(" Budgetram per år ({}) ", money.code()),
    };
    Ok(Screen::new(
        key.clone().into(),
        format!("Budgetramar {name}"),
        Body::Bars(bars),
    ))
}

/// One year: a heading, the opening frame, each change, the decided frame,
/// the proposal and how the decision differs from it, and what the named
/// changes leave unexplained.
fn bridge_rows(frame: &Frame, money: MoneyUnit) -> Vec<Row> {
    let y = frame.year;
    let mut rows = vec![Row {
        id: format!("{y}"),
        cells: vec![Cell::new(format!("Budgetram {y}"), Sem::Heading)],
        heading: true,
        ..Row::default()
    }];
    let opening_kind = if frame.opening.is_some() {
        Cell::plain("")
    } else {
        Cell::new("anges inte i källan", Sem::Dim)
    };
    rows.push(amount(
        format!("{y}-opening"),
        format!("Ingående ram (utgångspunkt {})", y - 1),
        format::money(frame.opening, money),
        opening_kind,
        1,
        Sem::Normal,
    ));
    for (i, change) in frame.changes.iter().enumerate() {
        let label = change.kind.map_or("", ChangeKind::label);
        let kind = if change.amount.is_some() {
            Cell::plain(label)
        } else {
            Cell::new(format!("{label}, belopp anges inte"), Sem::Dim)
        };
        rows.push(amount(
            format!("{y}-change-{i}"),
            change.label.clone(),
            format::deviation(change.amount, money),
            kind,
            2,
            Sem::Normal,
        ));
    }
    rows.extend(decision_rows(frame, money));
    rows
}

/// A row of the bridge: a label, an amount and what kind of amount it is.
fn amount(id: String, label: String, figure: Cell, kind: Cell, depth: u16, sem: Sem) -> Row {
    Row {
        id,
        cells: vec![Cell::new(label, sem), figure, kind],
        depth,
        ..Row::default()
    }
}

/// The decided frame, the proposal and how the decision differs from it,
/// and what the named changes leave unexplained.
fn decision_rows(frame: &Frame, money: MoneyUnit) -> Vec<Row> {
    let y = frame.year;
    let mut rows = vec![];
    rows.push(amount(
        format!("{y}-decided"),
        format!("Beslutad ram {y}"),
        format::money(frame.decided, money),
        Cell::empty(),
        1,
        Sem::Heading,
    ));
    if frame.proposed.is_some() {
        rows.push(amount(
            format!("{y}-proposed"),
            "Föreslagen ram".into(),
            format::money(frame.proposed, money),
            Cell::empty(),
            1,
            Sem::Normal,
        ));
    }
    if let Some(difference) = frame.decided_less_proposed() {
        rows.push(amount(
            format!("{y}-diff"),
            "Beslutad mot föreslagen".into(),
            format::deviation(Some(difference), money),
            Cell::empty(),
            1,
            Sem::Normal,
        ));
    }
    if let Some(rest) = frame.unexplained().filter(|r| *r != 0) {
        rows.push(amount(
            format!("{y}-rest"),
            "Ej specificerat i källan".into(),
            format::deviation(Some(rest), money),
            Cell::empty(),
            2,
            Sem::Dim,
        ));
    }
    rows
}

/// Oldest first, each year's proposal before its decision, in whole units.
fn bars(frames: &[Frame], money: MoneyUnit) -> Vec<(String, u64, Sem)> {
    let whole = |kr: i64| u64::try_from(money.from_kronor(kr).round().mantissa()).unwrap_or(0);
    let mut bars = Vec::new();
    for frame in frames {
        let y = frame.year;
        if let Some(p) = frame.proposed {
            bars.push((format!("{y} förslag"), whole(p), Sem::Dim));
        }
        if let Some(d) = frame.decided {
            bars.push((format!("{y} beslut"), whole(d), Sem::ChartMonthly));
        }
    }
    bars
}

fn money_title(unit: MoneyUnit) -> &'static str {
    match unit {
        MoneyUnit::Mkr => "Belopp mkr",
        MoneyUnit::Tkr => "Belopp tkr",
        MoneyUnit::Kr => "Belopp kr",
    }
}
