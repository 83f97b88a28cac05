//! Placeholder until this pane is built.

use super::Ctx;
use crate::data;
use crate::ui::screen::{Body, Screen, ScreenKey, Table};

pub fn build(_ctx: &Ctx<'_>) -> data::Result<Screen> {
    Ok(Screen::new(
        ScreenKey::Overview,
        "…",
        Body::Table(Table {
            empty: "Inte byggd än.".into(),
            ..Table::default()
        }),
    ))
}
