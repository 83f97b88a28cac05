//! One file per pane. Each turns its own key type and a period into a
//! [`Screen`] by asking the data layer; none of them draws.
//!
//! A pane is a type implementing [`Pane`]; the [`panes!`] registry below
//! turns the list of panes into [`PaneId`] (the tabs, in order), [`ScreenKey`]
//! (where the user can be: one variant per pane, holding that pane's own key)
//! and the dispatch from a key to its pane. Adding a pane is a file here and a
//! line in the registry (docs/architecture.md walks through it).

mod beds;
mod changes;
mod deadlines;
mod directives;
mod economy;
mod follow_up;
mod frames;
mod goals;
mod investments;
mod kpi;
pub mod noted;
mod overview;
mod planned;
mod search;
#[cfg(test)]
pub(crate) mod testing;

use super::footer::FooterMessage;
use super::screen::{Nav, Row, Screen};
use crate::data::compare::Baseline;
use crate::data::{self, Notice, Period, Store};
use crate::keymap::Action;

pub use follow_up::FollowUpKey;
pub use search::SearchKey;

/// What a pane builds from: the snapshot, the period in view and what the
/// app keeps per period.
pub struct Ctx<'a> {
    pub store: &'a Store,
    pub period: &'a Period,
    /// The period the figures are compared with, if the snapshot has one
    /// ([`Baseline`]).
    pub compare: Option<&'a Period>,
    pub baseline: Baseline,
    /// For days left and overdue directives.
    pub today: chrono::NaiveDate,
    /// The period's data-quality notices, loaded once per period by the app.
    pub notices: &'a [Notice],
    /// The user's notes on this snapshot's organisation (the follow-up list).
    pub notes: &'a [crate::notes::Note],
}

/// What a pane-specific action asks the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Rebuild the top screen under this key, keeping the selection (a
    /// filter, a sort, a node opened or closed).
    Replace(ScreenKey),
    /// Replace the top screen with this key's, and select the row with this
    /// id (`n` opening the nodes above a red light).
    Show(ScreenKey, String),
    /// Go somewhere (push a screen, or jump to another pane).
    Go(Nav),
    /// Say something in the footer instead.
    Say(FooterMessage),
}

/// A tab of the cockpit: its screens and its own actions.
pub trait Pane {
    /// Where the user can be inside the pane: everything a screen depends
    /// on apart from the period, so a screen can be rebuilt for another one.
    type Key: Clone + std::fmt::Debug + PartialEq + Eq;
    /// The tab's title.
    const TITLE: &'static str;
    /// Names `tertial render PANE` accepts besides the title (ASCII and English).
    const NAMES: &'static [&'static str];
    /// The screen the pane opens on.
    fn root() -> Self::Key;

    fn build(ctx: &Ctx<'_>, key: &Self::Key) -> data::Result<Screen>;

    /// An action on the screen `key`, with `row` selected: one of the
    /// pane's own ([`crate::keymap::Scope::Panes`] names the pane), or
    /// one the app would otherwise carry out (None: let it).
    fn act(ctx: &Ctx<'_>, key: &Self::Key, row: Option<&Row>, action: Action) -> Option<Effect> {
        let _ = (ctx, key, row, action);
        None
    }
}

/// Generates [`PaneId`], [`ScreenKey`] and the dispatch from the list of
/// panes: `Variant(KeyType) => PaneType`, in tab order.
macro_rules! panes {
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
                    $(PaneId::$variant => <$pane as Pane>::TITLE),+
                }
            }

            /// The names `render` and `--pane` accept, the Swedish one first.
            pub fn names(self) -> &'static [&'static str] {
                match self {
                    $(PaneId::$variant => <$pane as Pane>::NAMES),+
                }
            }

            /// The key of the screen the pane opens on.
            pub fn root(self) -> ScreenKey {
                match self {
                    $(PaneId::$variant => ScreenKey::$variant(<$pane as Pane>::root())),+
                }
            }
        }

        /// Builds the screen at `key` for the context's period.
        pub fn build(ctx: &Ctx<'_>, key: &ScreenKey) -> data::Result<Screen> {
            match key {
                $(ScreenKey::$variant(k) => <$pane as Pane>::build(ctx, k),)+
                ScreenKey::Search(k) => search::build(ctx, k),
                ScreenKey::FollowUp(k) => follow_up::build(ctx, k),
            }
        }

        /// A pane-specific action on the screen at `key`.
        pub fn act(ctx: &Ctx<'_>, key: &ScreenKey, row: Option<&Row>, action: Action) -> Option<Effect> {
            match key {
                $(ScreenKey::$variant(k) => <$pane as Pane>::act(ctx, k, row, action),)+
                ScreenKey::Search(_) | ScreenKey::FollowUp(_) => None,
            }
        }
    };
}

panes! {
    Overview(overview::OverviewKey) => overview::Overview,
    Economy(economy::EconomyKey) => economy::Economy,
    Goals(goals::GoalsKey) => goals::Goals,
    Directives(directives::DirectivesKey) => directives::Directives,
    Beds(beds::BedsKey) => beds::Beds,
    KeyFigures(kpi::KpiKey) => kpi::KeyFigures,
}

pub use beds::BedsKey;
pub use directives::{DirectiveSort, DirectivesKey};
pub use economy::EconomyKey;
pub use goals::{GoalFilter, GoalsKey};
pub use kpi::KpiKey;
pub use overview::OverviewKey;
pub use search::{preview as search_preview, single_hit};

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
