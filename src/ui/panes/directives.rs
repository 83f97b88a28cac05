//! Placeholder until this pane is built; see the pane issue.

use super::Ctx;
use crate::data::{self, Store};
use crate::ui::screen::{Body, Screen, ScreenKey, Table};

pub fn build(_ctx: &Ctx<'_>, key: &ScreenKey) -> data::Result<Screen> {
    Ok(Screen::new(
        key.clone(),
        "…",
        Body::Table(Table {
            empty: "Inte byggd än.".into(),
            ..Table::default()
        }),
    ))
}

/// The status filter after `current`: none → each status → none.
pub fn next_status_filter(current: Option<&str>) -> Option<String> {
    let _ = current;
    None
}

/// The recipient filter after `current`.
pub fn next_recipient_filter(
    _store: &Store,
    current: Option<&str>,
) -> data::Result<Option<String>> {
    let _ = current;
    Ok(None)
}
