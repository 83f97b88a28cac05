//! One file per pane. Each turns its own key type and a period into a
//! [`Screen`] by asking the data layer; none of them draws.
//!
//! A pane is a type implementing [`Pane`], with a key type of its own
//! (where the user can be inside it). The list of panes in
//! [`registry`] turns into [`PaneId`] (the tabs, in order) and
//! [`ScreenKey`] (where the user can be: one variant per pane, holding
//! that pane's own key) there, and into the dispatch from a key to its
//! pane here. Adding a pane is a file here, its key type and a line in
//! the list in registry.rs (docs/architecture.md walks through it).

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
pub mod registry;
mod search;
#[cfg(test)]
pub(crate) mod testing;

use super::footer::FooterMessage;
use super::screen::{Body, ColumnSizes, Nav, Row, Screen, Table};
use crate::data::compare::Baseline;
use crate::data::{self, Notice, Period, Store};
use crate::keymap::Action;

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

/// A tab of the cockpit: its screens and its own actions. What the tab is
/// called and where it opens are its key's ([`Tab`], in registry.rs).
pub trait Pane {
    /// Where the user can be inside the pane: everything a screen depends
    /// on apart from the period, so a screen can be rebuilt for another one.
    type Key: Tab;

    fn build(ctx: &Ctx<'_>, key: &Self::Key) -> data::Result<Screen>;

    /// An action on the screen `key`, with `row` selected: one of the
    /// pane's own ([`crate::keymap::Scope::Panes`] names the pane), or
    /// one the app would otherwise carry out (None: let it).
    fn act(ctx: &Ctx<'_>, key: &Self::Key, row: Option<&Row>, action: Action) -> Option<Effect> {
        let _ = (ctx, key, row, action);
        None
    }

    /// Reads the figures of the rows of `table` (the screen `key`) in
    /// `rows` that it built pending ([`Row::pending`]). A pane that builds
    /// every row whole has nothing to do.
    fn fill(
        ctx: &Ctx<'_>,
        key: &Self::Key,
        table: &mut Table,
        rows: std::ops::Range<usize>,
    ) -> data::Result<()> {
        let _ = (ctx, key, table, rows);
        Ok(())
    }
}

/// Makes the dispatch from a key to its pane, from registry.rs's list of
/// panes (`registry::each_pane!`).
macro_rules! dispatch {
    ($($variant:ident($key:ty) => $pane:ty),+ $(,)?) => {
        /// Builds the screen at `key` for the context's period.
        pub fn build(ctx: &Ctx<'_>, key: &ScreenKey) -> data::Result<Screen> {
            match key {
                $(ScreenKey::$variant(k) => <$pane as Pane>::build(ctx, k),)+
                ScreenKey::Search(k) => search::build(ctx, k),
                ScreenKey::FollowUp(k) => follow_up::build(ctx, k),
            }
        }

        /// Reads the pending rows among `rows` of `screen`'s table; true
        /// if there were any.
        pub fn fill(ctx: &Ctx<'_>, screen: &mut Screen, rows: std::ops::Range<usize>) -> data::Result<bool> {
            let key = screen.key.clone();
            let Body::Table(table) = &mut screen.body else {
                return Ok(false);
            };
            let rows = rows.start.min(table.rows.len())..rows.end.min(table.rows.len());
            if !table.rows[rows.clone()].iter().any(|r| r.pending) {
                return Ok(false);
            }
            match &key {
                $(ScreenKey::$variant(k) => <$pane as Pane>::fill(ctx, k, table, rows)?,)+
                ScreenKey::Search(_) | ScreenKey::FollowUp(_) => {}
            }
            screen.sizes = ColumnSizes::of(table);
            Ok(true)
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

registry::each_pane!(dispatch);

pub use registry::{
    BedsKey, DirectiveSort, DirectivesKey, EconomyKey, FollowUpKey, GoalFilter, GoalsKey, KpiKey,
    OverviewKey, PaneId, ScreenKey, SearchKey, Tab,
};
pub use search::{complete as search_complete, preview as search_preview, single_hit};
