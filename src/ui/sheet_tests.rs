//! The sheet of screens the app builds (through `App::in_view`), kept
//! apart from `sheet.rs` so that the sheet itself does not import the app.

use super::*;
use crate::keymap::Action;
use crate::ui::app::App;
use crate::ui::screen::PaneId;
use crate::ui::theme::{Theme, ThemeName};

fn app_at(period: &str) -> App {
    let store = Store::demo().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
    let mut app = App::new(store, Theme::new(ThemeName::Mono, false), today, (100, 30));
    assert!(app.set_period(period));
    app
}

/// Selects the row with `id` on the screen in view.
fn select(app: &mut App, id: &str) {
    let pane = app.pane.index();
    let screen = app.stacks[pane].last_mut().unwrap();
    assert!(screen.select_id(id), "no row {id}");
}

#[test]
fn the_economy_tree_exports_exact_numbers_units_levels_and_sources() {
    let mut app = app_at("2025-10");
    app.apply(Action::Pane(PaneId::Economy));
    let sheet = of(&app.in_view()).unwrap();
    let export::Body::Table(grid) = &sheet.body else {
        panic!("a table")
    };
    let column = |title: &str| grid.columns.iter().position(|c| c.title == title).unwrap();
    assert_eq!(
        grid.columns[column("Avvikelse")].unit.as_deref(),
        Some("mkr")
    );
    assert_eq!(
        grid.columns[column("Kostn.utv.")].unit.as_deref(),
        Some("%")
    );
    let hospital = grid
        .rows
        .iter()
        .find(|r| r.id == "hsn.sjukhusvard")
        .unwrap();
    assert_eq!(
        hospital.cells[column("Avvikelse")],
        Value::Number(Decimal::from(-430))
    );
    assert_eq!(hospital.cells[0], Value::Text("Sjukhusvård".into()));
    assert_eq!(hospital.level, 2);
    assert_eq!(hospital.as_of.as_ref().unwrap().label, "ack oktober 2025");
    assert!(
        hospital
            .source
            .as_ref()
            .unwrap()
            .text
            .contains("oktober 2025"),
        "{:?}",
        hospital.source
    );
    let hsn = grid.rows.iter().find(|r| r.id == "hsn").unwrap();
    assert_eq!(
        hsn.cells[column("Beräknat helår")],
        Value::Number("-537.6".parse().unwrap()),
        "the projection exact, not as rounded on screen"
    );
    assert_eq!(hsn.cells[column("Per")], Value::Text("aug 2025".into()));
}

#[test]
fn full_names_are_exported_whatever_the_screen_cuts() {
    let mut app = app_at("2025-10");
    app.resize(40, 20);
    app.apply(Action::Pane(PaneId::Economy));
    // HSN's cost types: Enter on HSN.
    select(&mut app, "hsn");
    app.apply(Action::Drill);
    let sheet = of(&app.in_view()).unwrap();
    let export::Body::Table(grid) = &sheet.body else {
        panic!("a table")
    };
    let material = grid
        .rows
        .iter()
        .find(|r| r.cells[0] == Value::Text("Medicinskt material och produktionsmaterial".into()));
    assert!(material.is_some(), "{:#?}", grid.rows);
}

#[test]
fn the_overview_gets_a_unit_per_row_where_its_figures_differ() {
    let app = app_at("2025-10");
    let sheet = of(&app.in_view()).unwrap();
    let export::Body::Table(grid) = &sheet.body else {
        panic!("a table")
    };
    assert_eq!(grid.columns[0].title, "Namn");
    assert!(
        grid.columns[1].unit_column.is_some(),
        "{:?}",
        grid.columns[1]
    );
    let (header, _) = sheet.records(Mark::Point, true);
    assert_eq!(header[..4], ["Nivå", "Namn", "Värde", "Värde enhet"]);
}

#[test]
fn a_detail_exports_field_value_pairs() {
    let mut app = app_at("2025-10");
    app.navigate(crate::ui::screen::Nav::Push(
        crate::ui::panes::EconomyKey::Detail {
            unit: "hsn".into(),
            cost_type: None,
        }
        .into(),
    ));
    let sheet = of(&app.in_view()).unwrap();
    let export::Body::Detail(fields) = &sheet.body else {
        panic!("a detail")
    };
    let deviation = fields
        .fields
        .iter()
        .find(|f| f.label == "Avvikelse")
        .unwrap();
    assert_eq!(deviation.value, Value::Number(Decimal::from(-448)));
    assert_eq!(deviation.unit.as_deref(), Some("mkr"));
    assert_eq!(deviation.shown, "−448 mkr");
    assert!(
        fields
            .sections
            .iter()
            .any(|(h, _)| h == "Beräknad helårsavvikelse")
    );
}

#[test]
fn a_row_line_has_name_figures_period_and_source() {
    let mut app = app_at("2025-10");
    app.apply(Action::Pane(PaneId::Economy));
    select(&mut app, "hsn.sjukhusvard");
    let line = row_line(&app.in_view()).unwrap();
    assert!(
        line.starts_with("Sjukhusvård: Avvikelse −430 mkr · Förändr. sedan aug 2025 −96 mkr"),
        "the most important figure first, the change naming its period: {line}"
    );
    assert!(line.contains("— ack oktober 2025 (källa: "), "{line}");
    assert!(!line.contains('\n'));
}
