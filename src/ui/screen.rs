//! What a screen is. A [`ScreenKey`] is where the user is (pure navigation
//! state); a [`Body`] is what that place shows for one period, built by a
//! pane from the data layer. Drawing reads bodies and never changes them.

use super::theme::Sem;
use std::collections::BTreeSet;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaneId {
    Overview,
    Economy,
    Goals,
    Directives,
    Beds,
}

impl PaneId {
    pub const ALL: [PaneId; 5] = [
        PaneId::Overview,
        PaneId::Economy,
        PaneId::Goals,
        PaneId::Directives,
        PaneId::Beds,
    ];

    pub fn index(self) -> usize {
        PaneId::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    pub fn title(self) -> &'static str {
        match self {
            PaneId::Overview => "Översikt",
            PaneId::Economy => "Ekonomi",
            PaneId::Goals => "Mål",
            PaneId::Directives => "Uppdrag",
            PaneId::Beds => "Vårdplatser",
        }
    }

    /// The name used by `tertial render PANE`.
    pub fn parse(text: &str) -> Option<PaneId> {
        let t = text.to_lowercase();
        PaneId::ALL.into_iter().find(|p| {
            let title = p.title().to_lowercase();
            title == t
                || match p {
                    PaneId::Overview => t == "oversikt" || t == "overview",
                    PaneId::Economy => t == "economy",
                    PaneId::Goals => t == "mal" || t == "goals",
                    PaneId::Directives => t == "directives",
                    PaneId::Beds => t == "vardplatser" || t == "beds",
                }
        })
    }
}

/// Judgement filter of the goals tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GoalFilter {
    #[default]
    All,
    Red,
    Yellow,
    Grey,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DirectiveSort {
    #[default]
    EndDate,
    Status,
}

/// Where the user is. Everything a screen's content depends on, apart from
/// the period, is in its key, so a screen can be rebuilt for another period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScreenKey {
    Overview,
    EconomyTree {
        expanded: BTreeSet<String>,
    },
    CostTypes {
        unit: String,
    },
    EconomyDetail {
        unit: String,
        cost_type: Option<String>,
    },
    Frames {
        board: String,
    },
    Goals {
        expanded: BTreeSet<String>,
        filter: GoalFilter,
    },
    /// `node` is `goal:ID`, `subgoal:ID` or `indicator:ID`.
    GoalDetail {
        node: String,
    },
    Directives {
        sort: DirectiveSort,
        status: Option<String>,
        recipient: Option<String>,
    },
    DirectiveDetail {
        id: String,
    },
    Beds,
    BedChart {
        unit: String,
    },
    Search {
        query: String,
    },
}

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub title: &'static str,
    pub width: u16,
    pub align: Align,
    /// 0: always shown, and takes the remaining width. Higher numbers are
    /// dropped first when the terminal is narrow.
    pub priority: u8,
}

impl Column {
    pub fn name(title: &'static str, width: u16) -> Column {
        Column {
            title,
            width,
            align: Align::Left,
            priority: 0,
        }
    }

    pub fn text(title: &'static str, width: u16, priority: u8) -> Column {
        Column {
            title,
            width,
            align: Align::Left,
            priority,
        }
    }

    pub fn number(title: &'static str, width: u16, priority: u8) -> Column {
        Column {
            title,
            width,
            align: Align::Right,
            priority,
        }
    }
}

/// A cell: spans of text, each with its meaning.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    pub spans: Vec<(String, Sem)>,
}

impl Cell {
    pub fn new(text: impl Into<String>, sem: Sem) -> Cell {
        Cell {
            spans: vec![(text.into(), sem)],
        }
    }

    pub fn plain(text: impl Into<String>) -> Cell {
        Cell::new(text, Sem::Normal)
    }

    pub fn empty() -> Cell {
        Cell::default()
    }

    pub fn push(mut self, text: impl Into<String>, sem: Sem) -> Cell {
        self.spans.push((text.into(), sem));
        self
    }

    pub fn text(&self) -> String {
        self.spans.iter().map(|(t, _)| t.as_str()).collect()
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
    pub sections: Vec<(String, String)>,
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
                let width: usize = cell.spans.iter().map(|(text, _)| text.width()).sum();
                sizes.widest[i] = sizes.widest[i].max(width);
                sizes.filled[i] |= cell.spans.iter().any(|(t, _)| !t.is_empty());
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
                d.fields.len()
                    + d.sections
                        .iter()
                        .map(|(_, t)| t.lines().count() + 2)
                        .sum::<usize>()
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
