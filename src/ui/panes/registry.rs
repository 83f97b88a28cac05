//! The list of panes, and what it makes: [`PaneId`] (the tabs, in order),
//! [`ScreenKey`] (where the user can be: one variant per pane, holding that
//! pane's own key) and each pane's key type, with its title, names and
//! first screen ([`Tab`]).
//!
//! This file is below `screen.rs` (a screen holds its key) and `keymap` (an
//! action may name a tab), and below the panes, which build a screen from a
//! key: it names no screen, no read and no action, so that every import
//! runs one way. panes/mod.rs makes the dispatch from the same list.

use crate::domain::status::DirectiveStatus;
use crate::notes::Flag;
use std::collections::BTreeSet;

/// The panes, in tab order: `Variant(Key) => Pane`, the key type below and
/// the pane's type in its file. Hands the list to the macro `$then`: this
/// file makes the enums of it (the keys alone), panes/mod.rs the dispatch
/// (the panes), so that a pane is one line here.
macro_rules! each_pane {
    ($then:ident) => {
        $then! {
            Overview(OverviewKey) => overview::Overview,
            Economy(EconomyKey) => economy::Economy,
            Goals(GoalsKey) => goals::Goals,
            Directives(DirectivesKey) => directives::Directives,
            Beds(BedsKey) => beds::Beds,
            KeyFigures(KpiKey) => kpi::KeyFigures,
        }
    };
}
pub(crate) use each_pane;

/// What a tab is, known from its key type alone.
pub trait Tab: Clone + std::fmt::Debug + PartialEq + Eq {
    /// The tab's title.
    const TITLE: &'static str;
    /// Names `tertial render PANE` accepts besides the title (ASCII and English).
    const NAMES: &'static [&'static str];
    /// The screen the pane opens on.
    fn root() -> Self;
}

/// Makes [`PaneId`] and [`ScreenKey`] from the list of panes.
macro_rules! tabs {
    ($($variant:ident($key:ty) => $pane:ty),+ $(,)?) => {
        /// A tab, in the order they are shown and numbered.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum PaneId {
            $($variant),+
        }

        /// Where the user is: a pane's own key, or a search.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum ScreenKey {
            $($variant($key),)+
            /// Search results, on the stack of whichever pane it started from.
            Search(SearchKey),
            /// Every note ("Att följa upp"), on the stack of whichever pane it was opened from.
            FollowUp(FollowUpKey),
        }

        $(impl From<$key> for ScreenKey {
            fn from(key: $key) -> ScreenKey {
                ScreenKey::$variant(key)
            }
        })+

        impl PaneId {
            pub const ALL: [PaneId; [$(stringify!($variant)),+].len()] = [$(PaneId::$variant),+];

            pub fn title(self) -> &'static str {
                match self {
                    $(PaneId::$variant => <$key as Tab>::TITLE),+
                }
            }

            /// The names `render` and `--pane` accept, the Swedish one first.
            pub fn names(self) -> &'static [&'static str] {
                match self {
                    $(PaneId::$variant => <$key as Tab>::NAMES),+
                }
            }

            /// The key of the screen the pane opens on.
            pub fn root(self) -> ScreenKey {
                match self {
                    $(PaneId::$variant => ScreenKey::$variant(<$key as Tab>::root())),+
                }
            }
        }
    };
}

each_pane!(tabs);

impl Default for PaneId {
    /// The first tab.
    fn default() -> PaneId {
        PaneId::ALL[0]
    }
}

impl PaneId {
    pub fn index(self) -> usize {
        PaneId::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    /// The pane `tertial render PANE` names: its title or one of its other
    /// names, in any case.
    pub fn parse(text: &str) -> Option<PaneId> {
        let wanted = text.to_lowercase();
        PaneId::ALL
            .into_iter()
            .find(|p| p.title().to_lowercase() == wanted || p.names().iter().any(|n| *n == wanted))
    }

    /// The names `tertial render` accepts, one per pane, for messages.
    pub fn render_names() -> Vec<&'static str> {
        PaneId::ALL
            .iter()
            .map(|p| p.names().first().copied().unwrap_or(p.title()))
            .collect()
    }
}

/// Översikt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OverviewKey {
    /// The period at a glance, for `unit` (`None`: the unit the snapshot is
    /// about). The key is kept across periods, so the choice is too.
    Root { unit: Option<String> },
    /// What changed since the comparison period (`d`), within `unit`.
    Changes { unit: Option<String> },
    /// The units the overview can be about (`u`), `current` selected.
    Units { current: Option<String> },
    /// One of the period's data-quality notices, in full.
    Notice { index: usize },
}

impl Tab for OverviewKey {
    const TITLE: &'static str = "Översikt";
    const NAMES: &'static [&'static str] = &["oversikt", "overview"];

    fn root() -> OverviewKey {
        OverviewKey::Root { unit: None }
    }
}

/// Ekonomi.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EconomyKey {
    /// The organisation as a tree. `toggled` holds the nodes the user
    /// opened or closed away from the default (see the pane's `is_open`).
    Tree { toggled: BTreeSet<String> },
    /// A unit's split by cost type.
    CostTypes { unit: String },
    /// One line's figures, analysis and source: the unit's total, or one
    /// of its cost types.
    Detail {
        unit: String,
        cost_type: Option<String>,
    },
    /// A board's budget frames and the bridge between years.
    Frames { board: String },
    /// One row of a board's bridge, with its source (`row` is its id).
    FrameRow { board: String, row: String },
    /// The investment report as of the period.
    Investments,
    /// One investment line, with its source.
    InvestmentRow { id: String },
}

impl Tab for EconomyKey {
    const TITLE: &'static str = "Ekonomi";
    const NAMES: &'static [&'static str] = &["ekonomi", "economy"];

    fn root() -> EconomyKey {
        EconomyKey::Tree {
            toggled: BTreeSet::new(),
        }
    }
}

/// Mål.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GoalsKey {
    /// The goal tree; `expanded` holds the open nodes' row ids.
    Tree {
        expanded: BTreeSet<String>,
        filter: GoalFilter,
    },
    /// One node's page. `node` is `goal:ID`, `subgoal:ID` or `indicator:ID`.
    Detail { node: String },
}

/// Judgement filter of the goals tree, in the order `f` cycles it. A node
/// matches when its state now or its forecast has the colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GoalFilter {
    #[default]
    All,
    Red,
    Yellow,
    Grey,
}

impl Tab for GoalsKey {
    const TITLE: &'static str = "Mål";
    const NAMES: &'static [&'static str] = &["mal", "goals"];

    fn root() -> GoalsKey {
        GoalsKey::Tree {
            expanded: BTreeSet::new(),
            filter: GoalFilter::All,
        }
    }
}

/// Uppdrag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirectivesKey {
    /// The directives a period lists, sorted and filtered.
    List {
        sort: DirectiveSort,
        status: Option<DirectiveStatus>,
        /// An organisation unit's id.
        recipient: Option<String>,
    },
    Detail {
        id: String,
    },
    /// The recipients to filter the list on (`r`): those with directives
    /// in the period. Enter keeps the list's sort and status filter.
    Recipients {
        sort: DirectiveSort,
        status: Option<DirectiveStatus>,
        current: Option<String>,
    },
    /// What falls due within `days` of the period's end (`t`).
    Due {
        days: u16,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DirectiveSort {
    #[default]
    EndDate,
    Status,
}

impl Tab for DirectivesKey {
    const TITLE: &'static str = "Uppdrag";
    const NAMES: &'static [&'static str] = &["uppdrag", "directives"];

    fn root() -> DirectivesKey {
        DirectivesKey::List {
            sort: DirectiveSort::EndDate,
            status: None,
            recipient: None,
        }
    }
}

/// Vårdplatser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BedsKey {
    /// Every unit's series, one row each.
    Table,
    /// One unit's chart.
    Chart { unit: String },
    /// A directive's promised beds against the events that opened them.
    Promise { directive: String },
}

impl Tab for BedsKey {
    const TITLE: &'static str = "Vårdplatser";
    const NAMES: &'static [&'static str] = &["vardplatser", "beds"];

    fn root() -> BedsKey {
        BedsKey::Table
    }
}

/// Nyckeltal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KpiKey {
    /// Every key figure of the period.
    Table,
    /// One figure's values as a chart.
    Chart { id: String },
    /// One figure's page: every value with its source.
    Detail { id: String },
}

impl Tab for KpiKey {
    const TITLE: &'static str = "Nyckeltal";
    const NAMES: &'static [&'static str] = &["nyckeltal", "kpi", "keyfigures"];

    fn root() -> KpiKey {
        KpiKey::Table
    }
}

/// A search, pushed on the stack of the pane it started from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchKey {
    pub query: String,
}

/// The list of notes ("Att följa upp"), pushed on the stack of the pane it
/// was opened from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FollowUpKey {
    /// Only notes with this flag.
    pub flag: Option<Flag>,
    /// Only notes about this unit (its own rows, its cost types, its frames, its beds).
    pub unit: Option<String>,
}
