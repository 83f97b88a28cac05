//! One file per pane. Each turns a [`ScreenKey`] and a period into a
//! [`Screen`] by asking the data layer; none of them draws.

mod beds;
mod directives;
mod economy;
mod goals;
mod overview;
mod search;

use super::screen::{PaneId, Screen, ScreenKey};
use crate::data::{self, Period, Store};

pub use directives::{next_recipient_filter, next_status_filter};

/// What a pane builds from.
pub struct Ctx<'a> {
    pub store: &'a Store,
    pub period: &'a Period,
    /// For days left and overdue directives.
    pub today: chrono::NaiveDate,
    pub ascii: bool,
    /// The period's data-quality notices, loaded once per period by the app.
    pub notices: &'a [crate::data::Notice],
}

#[cfg(test)]
/// The period's notices for a test context (leaked: tests are short-lived).
pub(crate) fn test_notices(store: &Store, period: &Period) -> &'static [crate::data::Notice] {
    Box::leak(
        store
            .notices(&period.id)
            .unwrap_or_default()
            .into_boxed_slice(),
    )
}

/// The screen a pane opens on.
pub fn root(pane: PaneId) -> ScreenKey {
    match pane {
        PaneId::Overview => ScreenKey::Overview,
        PaneId::Economy => economy::root(),
        PaneId::Goals => ScreenKey::Goals {
            expanded: Default::default(),
            filter: Default::default(),
        },
        PaneId::Directives => ScreenKey::Directives {
            sort: Default::default(),
            status: None,
            recipient: None,
        },
        PaneId::Beds => ScreenKey::Beds,
    }
}

pub fn build(ctx: &Ctx<'_>, key: &ScreenKey) -> data::Result<Screen> {
    match key {
        ScreenKey::Overview => overview::build(ctx),
        ScreenKey::EconomyTree { .. }
        | ScreenKey::CostTypes { .. }
        | ScreenKey::EconomyDetail { .. }
        | ScreenKey::Frames { .. } => economy::build(ctx, key),
        ScreenKey::Goals { .. } | ScreenKey::GoalDetail { .. } => goals::build(ctx, key),
        ScreenKey::Directives { .. } | ScreenKey::DirectiveDetail { .. } => {
            directives::build(ctx, key)
        }
        ScreenKey::Beds | ScreenKey::BedChart { .. } => beds::build(ctx, key),
        ScreenKey::Search { query } => search::build(ctx, query),
    }
}
