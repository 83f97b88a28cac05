//! Placeholder until this pane is built.

use super::Ctx;
use crate::data;
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

pub fn root() -> ScreenKey {
    ScreenKey::EconomyTree {
        expanded: Default::default(),
    }
}
