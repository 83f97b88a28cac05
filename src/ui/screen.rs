//! What a screen is. A [`ScreenKey`] is where the user is (pure navigation
//! state, one key type per pane); a [`Body`] is what that place shows for
//! one period, built by a pane from the data layer. Drawing reads bodies and
//! never changes them.

use super::theme::{Sem, Symbols};
use crate::data::Provenance;
use rust_decimal::Decimal;
use unicode_width::UnicodeWidthStr;

pub use super::panes::registry::{PaneId, ScreenKey};

/// What Enter (or `i`) on a row does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Nav {
    /// Push a screen on this pane's stack.
    Push(ScreenKey),
    /// Go to another pane, replacing its stack, and select a row there.
    Jump {
        pane: PaneId,
        stack: Vec<ScreenKey>,
        select: Option<String>,
    },
    /// A search hit: the jump, first switching to `period` where the hit has
    /// no figures in the one in view. Esc at the jump's root comes back.
    Found {
        period: Option<String>,
        jump: Box<Nav>,
    },
    /// Leaves a pick list: pops it and rebuilds the screen under it as this.
    Pick(ScreenKey),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub title: Cell,
    pub width: u16,
    pub align: Align,
    /// 0: always shown, and takes the remaining width. Higher numbers are
    /// dropped first when the terminal is narrow.
    pub priority: u8,
}

impl Column {
    pub fn name(title: impl Into<Cell>, width: u16) -> Column {
        Column {
            title: title.into(),
            width,
            align: Align::Left,
            priority: 0,
        }
    }

    pub fn text(title: impl Into<Cell>, width: u16, priority: u8) -> Column {
        Column {
            title: title.into(),
            width,
            align: Align::Left,
            priority,
        }
    }

    pub fn number(title: impl Into<Cell>, width: u16, priority: u8) -> Column {
        Column {
            title: title.into(),
            width,
            align: Align::Right,
            priority,
        }
    }
}

pub use super::glyph::Glyph;

/// Part of a cell: text from the data or the UI, or glyphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Glyphs(Vec<Glyph>),
}

impl Piece {
    /// The piece as `symbols` draw it.
    pub fn render(&self, symbols: &Symbols) -> std::borrow::Cow<'_, str> {
        match self {
            Piece::Text(text) => text.as_str().into(),
            Piece::Glyphs(glyphs) => glyphs
                .iter()
                .map(|g| symbols.glyph(*g))
                .collect::<String>()
                .into(),
        }
    }

    /// Display width: for glyphs the wider of their Unicode and ASCII shapes,
    /// so that a width measured once fits either.
    pub fn width(&self) -> usize {
        match self {
            Piece::Text(text) => text.width(),
            Piece::Glyphs(glyphs) => glyphs
                .iter()
                .map(|g| {
                    Symbols::UNICODE
                        .glyph(*g)
                        .width()
                        .max(Symbols::ASCII.glyph(*g).width())
                })
                .sum(),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Piece::Text(text) => text.is_empty(),
            Piece::Glyphs(glyphs) => glyphs.is_empty(),
        }
    }
}

impl From<&str> for Piece {
    fn from(text: &str) -> Piece {
        Piece::Text(text.to_string())
    }
}

impl From<String> for Piece {
    fn from(text: String) -> Piece {
        Piece::Text(text)
    }
}

impl From<Glyph> for Piece {
    fn from(glyph: Glyph) -> Piece {
        Piece::Glyphs(vec![glyph])
    }
}

/// A cell: pieces of text and glyphs, each with its meaning, and the exact
/// value behind them where the cell shows a figure (for copying and export;
/// drawing reads only the spans).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    pub spans: Vec<(Piece, Sem)>,
    pub value: Option<Raw>,
}

/// The exact value a cell shows, as [`crate::ui::format`] made it from a
/// figure: what exports write instead of the display string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Raw {
    /// An amount in whole kronor, shown in the snapshot's money unit.
    Money(i64),
    /// A percentage (4.7 for "4,7 %").
    Percent(Decimal),
    /// A number in a unit of its own ("" for none): beds, indicator values.
    Number { value: Decimal, unit: String },
    /// A whole count (days left, delmål).
    Int(i64),
    /// A date.
    Date(chrono::NaiveDate),
    /// A word standing for a glyph and a word (a light, a status, a
    /// change): exported without the glyph.
    Word(String),
}

impl Cell {
    pub fn new(text: impl Into<Piece>, sem: Sem) -> Cell {
        Cell {
            spans: vec![(text.into(), sem)],
            value: None,
        }
    }

    /// This cell, carrying the exact value it shows.
    pub fn valued(mut self, value: Raw) -> Cell {
        self.value = Some(value);
        self
    }

    pub fn plain(text: impl Into<Piece>) -> Cell {
        Cell::new(text, Sem::Normal)
    }

    pub fn empty() -> Cell {
        Cell::default()
    }

    pub fn push(mut self, text: impl Into<Piece>, sem: Sem) -> Cell {
        self.spans.push((text.into(), sem));
        self
    }

    /// This cell, two spaces, then `other`: parts of one caption.
    pub fn then(self, other: Cell) -> Cell {
        if self.spans.is_empty() {
            return other;
        }
        if other.spans.is_empty() {
            return self;
        }
        let mut joined = self.push("  ", Sem::Normal);
        joined.spans.extend(other.spans);
        joined.value = joined.value.or(other.value);
        joined
    }

    /// This cell followed directly by `other`.
    pub fn then_tight(mut self, other: Cell) -> Cell {
        self.spans.extend(other.spans);
        self.value = self.value.or(other.value);
        self
    }

    /// The cell as the Unicode symbols draw it.
    pub fn text(&self) -> String {
        self.text_in(&Symbols::UNICODE)
    }

    /// The cell as `symbols` draw it.
    pub fn text_in(&self, symbols: &Symbols) -> String {
        self.spans.iter().map(|(p, _)| p.render(symbols)).collect()
    }

    /// Display width, whichever symbols draw it (see [`Piece::width`]).
    pub fn width(&self) -> usize {
        self.spans.iter().map(|(p, _)| p.width()).sum()
    }

    /// Whether nothing would be drawn.
    pub fn is_blank(&self) -> bool {
        self.spans.iter().all(|(p, _)| p.is_empty())
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::plain(text)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Row {
    /// Stable across periods, to keep the selection when the period changes.
    pub id: String,
    pub cells: Vec<Cell>,
    /// Tree depth, indents the first cell.
    pub depth: u16,
    /// `Some(true)` expanded, `Some(false)` collapsed, `None` no children.
    pub expanded: Option<bool>,
    pub drill: Option<Nav>,
    pub detail: Option<Nav>,
    /// A row `n`/`N` stops at.
    pub exception: bool,
    /// A heading row inside a table (not selectable content).
    pub heading: bool,
    /// Where the row's figures come from, where the pane knows it (for
    /// copying and export).
    pub source: Option<Provenance>,
    /// The period whose report the row's figures or judgement come from,
    /// where the pane knows it (an earlier one under the as-of rule).
    pub as_of: Option<String>,
    /// The first cell ends with the user's note mark (see `ui::notes`):
    /// left out of copies and exports, which may be shared.
    pub noted: bool,
    /// Only the row's name is read: its pane reads the rest when the row
    /// comes into view, or when the whole table is asked for (a copy, an
    /// export, the next exception), so that a table of thousands of rows
    /// reads the few shown ([`crate::ui::panes::fill`]).
    pub pending: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Shown when there are no rows.
    pub empty: String,
    /// A line above the table (filters, notices).
    pub caption: Option<Cell>,
}

/// A detail page: labelled figures, then texts.
#[derive(Debug, Clone, Default)]
pub struct Detail {
    pub fields: Vec<(String, Cell)>,
    pub sections: Vec<Section>,
}

/// A headed text on a detail page, one cell per line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub lines: Vec<Cell>,
}

impl Section {
    /// A section of plain text; its line breaks are kept.
    pub fn text(heading: impl Into<String>, text: &str) -> Section {
        Section {
            heading: heading.into(),
            lines: text.lines().map(Cell::plain).collect(),
        }
    }

    /// The section's text, lines joined, as the Unicode symbols draw it.
    pub fn body(&self) -> String {
        self.lines
            .iter()
            .map(Cell::text)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl Detail {
    /// The page for something the period does not have: one sentence, no
    /// figures.
    pub fn missing(text: impl Into<String>) -> Detail {
        Detail {
            fields: Vec::new(),
            sections: vec![Section::text(
                crate::ui::strings::MISSING_HEADING,
                &text.into(),
            )],
        }
    }

    /// The field labelled `label`, as text.
    pub fn field(&self, label: &str) -> Option<String> {
        self.fields
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, c)| c.text())
    }

    /// The section headed `heading`, as text.
    pub fn section(&self, heading: &str) -> Option<String> {
        self.sections
            .iter()
            .find(|s| s.heading == heading)
            .map(Section::body)
    }
}

/// A line chart of monthly values with reference lines and events.
#[derive(Debug, Clone, Default)]
pub struct Chart {
    /// Month labels, oldest first ("2022-01").
    pub months: Vec<String>,
    pub series: Vec<(String, Vec<Option<f64>>, Sem)>,
    pub events: Vec<(usize, String)>,
    pub y_label: String,
    pub caption: Option<Cell>,
}

/// A bar chart beside a table.
#[derive(Debug, Clone, Default)]
pub struct Bars {
    pub table: Table,
    /// (label, value in display units, meaning).
    pub bars: Vec<(String, u64, Sem)>,
    pub bar_title: String,
}

#[derive(Debug, Clone)]
pub enum Body {
    Table(Table),
    Detail(Detail),
    Chart(Chart),
    Bars(Bars),
}

impl Body {
    pub fn table(&self) -> Option<&Table> {
        match self {
            Body::Table(t) => Some(t),
            Body::Bars(b) => Some(&b.table),
            _ => None,
        }
    }
}

/// A built screen: its key, title (for the breadcrumb), body and the
/// user's place in it.
#[derive(Debug, Clone)]
pub struct Screen {
    pub key: ScreenKey,
    pub title: String,
    pub body: Body,
    pub selected: usize,
    pub offset: usize,
    /// The table's column sizes, measured once here rather than per frame.
    pub sizes: ColumnSizes,
}

/// Each column's widest text (its header included) and whether any row has
/// text in it. Drawing lays out the columns from these on every frame; at
/// region scale a table has hundreds of rows, so they are measured once,
/// when the screen is built.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnSizes {
    pub widest: Vec<usize>,
    pub filled: Vec<bool>,
}

impl ColumnSizes {
    pub fn of(table: &Table) -> ColumnSizes {
        let mut sizes = ColumnSizes {
            widest: table.columns.iter().map(|c| c.title.width()).collect(),
            filled: vec![false; table.columns.len()],
        };
        for row in &table.rows {
            for (i, cell) in row.cells.iter().enumerate().take(table.columns.len()) {
                sizes.widest[i] = sizes.widest[i].max(cell.width());
                sizes.filled[i] |= !cell.is_blank();
            }
        }
        sizes
    }
}

impl Screen {
    pub fn new(key: ScreenKey, title: impl Into<String>, body: Body) -> Screen {
        let mut screen = Screen {
            key,
            title: title.into(),
            body,
            selected: 0,
            offset: 0,
            sizes: ColumnSizes::default(),
        };
        if let Some(table) = screen.body.table() {
            screen.sizes = ColumnSizes::of(table);
        }
        screen.selected = screen.first_selectable();
        screen
    }

    pub fn rows(&self) -> &[Row] {
        self.body.table().map_or(&[], |t| t.rows.as_slice())
    }

    pub fn len(&self) -> usize {
        match &self.body {
            Body::Detail(d) => {
                d.fields.len() + d.sections.iter().map(|s| s.lines.len() + 2).sum::<usize>()
            }
            _ => self.rows().len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn selected_row(&self) -> Option<&Row> {
        self.rows().get(self.selected)
    }

    fn first_selectable(&self) -> usize {
        self.rows().iter().position(|r| !r.heading).unwrap_or(0)
    }

    /// Takes the user's place from the screen this one replaces (the same
    /// screen rebuilt for another period or under a changed key): the same
    /// row where it still exists, else the same position; the same scroll.
    pub fn keep_place_of(&mut self, old: &Screen) {
        let id = old.selected_row().map(|r| r.id.as_str());
        if !id.is_some_and(|id| self.select_id(id)) {
            self.selected = old.selected.min(self.len().saturating_sub(1));
        }
        self.offset = old.offset;
    }

    /// Selects row `i`, scrolling as little as needed to show it in a
    /// page of `page` rows.
    pub fn select(&mut self, i: usize, page: usize) {
        self.selected = i;
        self.show_selected(page);
    }

    /// Scrolls so that the selected row is in a page of `page` rows,
    /// moving as little as possible; but never further than the rows need
    /// (a window grown again shows the rows above), and with the headings
    /// right above the first row shown where they fit (the first figure of
    /// Översikt under its heading), so that `g` always shows the top.
    pub fn show_selected(&mut self, page: usize) {
        let rows = self.rows();
        let mut offset =
            visible_offset(self.selected, self.offset, page).min(rows.len().saturating_sub(page));
        while offset > 0 && rows[offset - 1].heading && self.selected < offset - 1 + page {
            offset -= 1;
        }
        self.offset = offset;
    }

    /// Selects the row with `id`, if present.
    pub fn select_id(&mut self, id: &str) -> bool {
        match self.rows().iter().position(|r| r.id == id) {
            Some(i) => {
                self.selected = i;
                true
            }
            None => false,
        }
    }
}

/// The first visible row that keeps `selected` on screen, moving as little
/// as possible from `offset`.
pub fn visible_offset(selected: usize, offset: usize, viewport: usize) -> usize {
    if selected < offset {
        selected
    } else if selected >= offset + viewport {
        selected + 1 - viewport
    } else {
        offset
    }
}
