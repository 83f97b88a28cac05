//! Placeholder until search is built.

use super::Ctx;
use crate::data;
use crate::ui::screen::{Body, Screen, ScreenKey, Table};

pub fn build(_ctx: &Ctx<'_>, query: &str) -> data::Result<Screen> {
    Ok(Screen::new(
        ScreenKey::Search {
            query: query.to_string(),
        },
        "Sök",
        Body::Table(Table::default()),
    ))
}
