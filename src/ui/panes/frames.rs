//! Ekonomi's budget frames (`b`): each year's frame as a bridge, in
//! stretches from the opening frame through the proposal to the decided one,
//! with the named changes on the way and what they leave unexplained. Every
//! row cites its own source; `i` opens a row with its source in full, or,
//! for a figure the cockpit computed, how it was computed.

use super::{Ctx, ScreenKey, planned};
use crate::data::economy::{Frame, FramePoint, Stretch};
use crate::data::{self, Provenance};
use crate::domain::money::{MoneyUnit, format_money_exact};
use crate::domain::vocab::ChangeKind;
use crate::ui::format;
use crate::ui::screen::{Bars, Body, Cell, Column, Detail, Nav, Row, Screen, Section, Table};
use crate::ui::theme::Sem;

/// What the cockpit says of a figure it computed, in the source column.
const COMPUTED: &str = "beräknat";
/// An amount the sources do not state, in the amount column.
const NOT_STATED: &str = "anges ej";

/// The board's frames; `row_key` is where a row's page is (the economy
/// pane's key: this file does not import its parent pane).
pub(super) fn screen(
    ctx: &Ctx<'_>,
    key: ScreenKey,
    board: &str,
    row_key: &dyn Fn(String) -> ScreenKey,
) -> data::Result<Screen> {
    let frames = ctx.store.frames(board)?;
    let money = ctx.store.money_unit;
    let name = ctx.store.short_name(board);
    let mut sources = Sources::default();
    let changes = ctx.store.planned_changes()?;
    let mut years: Vec<i64> = frames.iter().map(|f| f.year).collect();
    years.extend(
        changes
            .iter()
            .filter(|c| c.board_id == board)
            .map(|c| c.year),
    );
    years.sort_unstable();
    years.dedup();
    // Newest year first in the table: its bridge, then the board's planned
    // changes for that year (format 4).
    let mut rows: Vec<Row> = Vec::new();
    for year in years.into_iter().rev() {
        if let Some(frame) = frames.iter().find(|f| f.year == year) {
            for item in bridge(frame) {
                rows.push(item.row(frame, row_key, money, &mut sources));
            }
        }
        let planned: Vec<_> = changes
            .iter()
            .filter(|c| c.board_id == board && c.year == year)
            .cloned()
            .collect();
        for (mut row, provenance) in planned::rows(&planned, year, row_key) {
            if let Some(p) = provenance {
                row.cells.push(sources.mark(&p));
            }
            rows.push(row);
        }
    }
    rows.extend(sources.rows());
    let table = Table {
        columns: vec![
            Column::name("Post", 30),
            Column::number(money_title(money), 10, 1),
            Column::text("Typ", 18, 2),
            Column::text("Not", 8, 3),
        ],
        rows,
        empty: format!("{name} har inga budgetramar i ögonblicksbilden."),
        caption: Some(Cell::new(
            "i visar raden med källa · beräknade belopp är cockpitens, inte källornas",
            Sem::Dim,
        )),
    };
    let bars = Bars {
        table,
        bars: bars(&frames, money),
        bar_title: format!(" Budgetram per år ({}) ", money.code()),
    };
    Ok(Screen::new(
        key,
        format!("Budgetramar {name}"),
        Body::Bars(bars),
    ))
}

/// One row of a year's bridge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    Heading,
    Point(FramePoint),
    Change(usize),
    /// What stretch `n`'s named changes leave unexplained.
    Rest(usize),
    /// The decided frame less the proposed one.
    DecidedLessProposed,
}

impl Item {
    fn id(self, year: i64) -> String {
        match self {
            Item::Heading => format!("{year}"),
            Item::Point(FramePoint::Opening) => format!("{year}-opening"),
            Item::Point(FramePoint::Proposed) => format!("{year}-proposed"),
            Item::Point(FramePoint::Decided) => format!("{year}-decided"),
            Item::Change(i) => format!("{year}-change-{i}"),
            Item::Rest(n) => format!("{year}-rest-{n}"),
            Item::DecidedLessProposed => format!("{year}-diff"),
        }
    }

    fn row(
        self,
        frame: &Frame,
        row_key: &dyn Fn(String) -> ScreenKey,
        money: MoneyUnit,
        sources: &mut Sources,
    ) -> Row {
        let id = self.id(frame.year);
        let (label, figure, kind, depth, sem) = self.cells(frame, money);
        let source = match self.provenance(frame) {
            Some(p) => sources.mark(p),
            None if self.is_computed() => Cell::new(COMPUTED, Sem::Dim),
            None => Cell::empty(),
        };
        let page = Nav::Push(row_key(id.clone()));
        Row {
            id,
            cells: vec![Cell::new(label, sem), figure, kind, source],
            depth,
            heading: self == Item::Heading,
            detail: (self != Item::Heading).then(|| page.clone()),
            drill: (self != Item::Heading).then_some(page),
            source: self.provenance(frame).cloned(),
            ..Row::default()
        }
    }

    fn is_computed(self) -> bool {
        matches!(self, Item::Rest(_) | Item::DecidedLessProposed)
    }

    /// The label, amount, kind, depth and style of the row.
    fn cells(self, frame: &Frame, money: MoneyUnit) -> (String, Cell, Cell, u16, Sem) {
        let y = frame.year;
        match self {
            Item::Heading => (
                format!("Budgetram {y}"),
                Cell::empty(),
                Cell::empty(),
                0,
                Sem::Heading,
            ),
            Item::Point(point) => {
                let sem = match point {
                    FramePoint::Decided => Sem::Heading,
                    _ => Sem::Normal,
                };
                (
                    point_label(point, y),
                    stated(format::money(frame.amount(point), money)),
                    Cell::empty(),
                    1,
                    sem,
                )
            }
            Item::Change(i) => {
                let change = &frame.changes[i];
                (
                    change.label.clone(),
                    stated(format::deviation(change.amount, money)),
                    Cell::plain(change.kind.map_or("", ChangeKind::label)),
                    2,
                    Sem::Normal,
                )
            }
            Item::Rest(n) => (
                "Ej förklarat i källorna".into(),
                format::deviation(rest(frame, n), money),
                Cell::new("rest", Sem::Dim),
                2,
                Sem::Dim,
            ),
            Item::DecidedLessProposed => (
                "Beslutad mot föreslagen".into(),
                format::deviation(frame.decided_less_proposed(), money),
                Cell::new("skillnad", Sem::Dim),
                1,
                Sem::Normal,
            ),
        }
    }

    /// The source the row's figure comes from; `None` for a computed one.
    fn provenance(self, frame: &Frame) -> Option<&Provenance> {
        match self {
            Item::Heading | Item::Rest(_) | Item::DecidedLessProposed => None,
            Item::Point(FramePoint::Proposed) => Some(
                frame
                    .proposed_provenance
                    .as_ref()
                    .unwrap_or(&frame.provenance),
            ),
            Item::Point(_) => Some(&frame.provenance),
            Item::Change(i) => Some(&frame.changes[i].provenance),
        }
    }
}

/// An amount, or where the source states none, says so in its place.
fn stated(amount: Cell) -> Cell {
    if amount.is_blank() {
        Cell::new(NOT_STATED, Sem::Dim)
    } else {
        amount
    }
}

fn point_label(point: FramePoint, year: i64) -> String {
    match point {
        FramePoint::Opening => format!("Ingående ram (utgångspunkt {})", year - 1),
        FramePoint::Proposed => "Föreslagen ram".into(),
        FramePoint::Decided => format!("Beslutad ram {year}"),
    }
}

fn rest(frame: &Frame, n: usize) -> Option<i64> {
    frame.stretches().get(n).and_then(|s| s.unexplained)
}

/// A year's rows: each stretch's starting frame, its changes and what
/// they leave unexplained (whenever that can be computed and is not
/// zero), then the decided frame and how it differs from the proposal.
fn bridge(frame: &Frame) -> Vec<Item> {
    let mut items = vec![Item::Heading];
    for (
        n,
        Stretch {
            from,
            changes,
            unexplained,
            ..
        },
    ) in frame.stretches().into_iter().enumerate()
    {
        items.push(Item::Point(from));
        items.extend(changes.into_iter().map(Item::Change));
        if unexplained.is_some_and(|r| r != 0) {
            items.push(Item::Rest(n));
        }
    }
    items.push(Item::Point(FramePoint::Decided));
    if frame.decided_less_proposed().is_some() {
        items.push(Item::DecidedLessProposed);
    }
    items
}

/// The documents the rows cite, numbered in the order first cited: a
/// column holds "[2]", the list under the table the document.
#[derive(Default)]
struct Sources {
    documents: Vec<String>,
}

impl Sources {
    fn mark(&mut self, provenance: &Provenance) -> Cell {
        let Some(document) = &provenance.document else {
            return Cell::new("saknas", Sem::Dim);
        };
        let n = match self.documents.iter().position(|d| d == document) {
            Some(i) => i + 1,
            None => {
                self.documents.push(document.clone());
                self.documents.len()
            }
        };
        let cell = Cell::plain(format!("[{n}]"));
        if provenance.illustrative {
            cell.push("*", Sem::Illustrative)
        } else {
            cell
        }
    }

    fn rows(self) -> Vec<Row> {
        if self.documents.is_empty() {
            return Vec::new();
        }
        let mut rows = vec![Row {
            id: "sources".into(),
            cells: vec![Cell::new("Källor", Sem::Heading)],
            heading: true,
            ..Row::default()
        }];
        rows.extend(self.documents.into_iter().enumerate().map(|(i, d)| Row {
            id: format!("source-{}", i + 1),
            cells: vec![Cell::plain(format!("[{}] {d}", i + 1))],
            depth: 1,
            ..Row::default()
        }));
        rows
    }
}

/// A bridge row's page: its figure, kind, what it says, and its source in
/// full; for a computed figure, the sum it comes from.
pub(super) fn row_detail(
    ctx: &Ctx<'_>,
    key: ScreenKey,
    board: &str,
    row: &str,
) -> data::Result<Screen> {
    if planned::is_planned(row) {
        return planned::detail(ctx, key, board, row);
    }
    let frames = ctx.store.frames(board)?;
    let money = ctx.store.money_unit;
    let found = frames.iter().find_map(|frame| {
        bridge(frame)
            .into_iter()
            .find(|item| item.id(frame.year) == row)
            .map(|item| (frame, item))
    });
    let Some((frame, item)) = found else {
        return Ok(Screen::new(
            key.clone(),
            "Budgetram",
            Body::Detail(Detail::missing(format!(
                "Raden {row} finns inte bland {}s budgetramar.",
                ctx.store.short_name(board)
            ))),
        ));
    };
    let (label, figure, kind, _, _) = item.cells(frame, money);
    let exact = |kr: Option<i64>| kr.map(|k| format_money_exact(k, money));
    let amount = match item {
        Item::Point(p) => exact(frame.amount(p)).map(Cell::plain),
        Item::Change(i) => frame.changes[i]
            .amount
            .map(|k| format::deviation_exact(k, money)),
        // Computed amounts, exact and with their unit as every amount here.
        Item::Rest(n) => rest(frame, n).map(|k| format::deviation_exact(k, money)),
        Item::DecidedLessProposed => frame
            .decided_less_proposed()
            .map(|k| format::deviation_exact(k, money)),
        Item::Heading => Some(figure).filter(|c| !c.spans.is_empty()),
    };
    let mut fields = vec![
        ("Budgetram".to_string(), Cell::plain(frame.year.to_string())),
        ("Post".to_string(), Cell::plain(label.clone())),
        (
            "Belopp".to_string(),
            format::or_unknown(amount.unwrap_or_else(Cell::empty)),
        ),
    ];
    if !kind.spans.is_empty() {
        fields.push(("Typ".to_string(), kind));
    }
    let mut sections = Vec::new();
    match item.provenance(frame) {
        Some(p) => fields.push(("Källa".to_string(), format::source(p))),
        None => {
            fields.push((
                "Källa".to_string(),
                Cell::new("Beräknat av cockpiten", Sem::Dim),
            ));
            sections.push(Section::text(
                "Så beräknas det",
                &computation(frame, item, money),
            ));
        }
    }
    match item {
        Item::Change(i) => {
            if let Some(text) = &frame.changes[i].description {
                sections.push(Section::text("Beskrivning", text));
            }
        }
        _ => {
            if let Some(note) = &frame.note {
                sections.push(Section::text("Om ramen", note));
            }
        }
    }
    Ok(Screen::new(
        key,
        format!("Budgetram {}: {}", frame.year, label.to_lowercase()),
        Body::Detail(Detail { fields, sections }),
    ))
}

/// "7 058 mkr − 6 604,2 mkr − 400,3 mkr − 3,9 mkr − 9,6 mkr = 40 mkr".
fn computation(frame: &Frame, item: Item, money: MoneyUnit) -> String {
    let amount = |kr: i64| format_money_exact(kr, money);
    let y = frame.year;
    match item {
        Item::Rest(n) => {
            let Some(stretch) = frame.stretches().into_iter().nth(n) else {
                return String::new();
            };
            let (Some(to), Some(from), Some(rest)) = (
                frame.amount(stretch.to),
                frame.amount(stretch.from),
                stretch.unexplained,
            ) else {
                return String::new();
            };
            let mut sum = format!("{} − {}", amount(to), amount(from));
            for i in &stretch.changes {
                if let Some(kr) = frame.changes[*i].amount {
                    let sign = if kr < 0 { "+" } else { "−" };
                    sum.push_str(&format!(" {sign} {}", amount(kr.saturating_abs())));
                }
            }
            format!(
                "{} minus {} och de namngivna förändringarna med belopp:\n{sum} = {}",
                point_label(stretch.to, y),
                point_label(stretch.from, y).to_lowercase(),
                amount(rest)
            )
        }
        Item::DecidedLessProposed => {
            match (frame.decided, frame.proposed, frame.decided_less_proposed()) {
                (Some(d), Some(p), Some(diff)) => format!(
                    "Beslutad ram minus föreslagen ram:\n{} − {} = {}",
                    amount(d),
                    amount(p),
                    amount(diff)
                ),
                _ => String::new(),
            }
        }
        _ => String::new(),
    }
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
