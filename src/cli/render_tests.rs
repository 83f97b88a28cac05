//! `render.rs`'s unit tests, in a file of their own: they parse whole
//! command lines through `args.rs`, which names every command.

use super::super::Command;
use super::super::args::tests::parse;
use super::*;
use crate::config::Layer;

fn args(line: &[&str]) -> Args {
    match parse(line).map(|c| c.command) {
        Ok(Some(Command::Render(args))) => args,
        _ => panic!("not render: {line:?}"),
    }
}

#[test]
fn a_size_is_width_x_height() {
    assert_eq!(parse_size("80x24"), Ok((80, 24)));
    assert_eq!(parse_size("80X24"), Ok((80, 24)));
    assert_eq!(
        parse_size("80"),
        Err("size must be WIDTHxHEIGHT, e.g. 80x24".into())
    );
    assert_eq!(parse_size("axb"), Err("bad width 'a'".into()));
    assert_eq!(parse_size("80x99999"), Err("bad height '99999'".into()));
    assert_eq!(args(&["render", "mal"]).size, (120, 40));
}

#[test]
fn a_pane_by_either_name_and_a_mark_by_its_word() {
    assert_eq!(parse_pane("ekonomi"), parse_pane("economy"));
    assert!(parse_pane("ekonomi").is_ok());
    let e = parse_pane("budget").unwrap_err();
    assert!(
        e.starts_with("unknown pane 'budget'; choose one of oversikt"),
        "{e}"
    );
    assert_eq!(
        parse_mark("point"),
        Mark::parse("point").ok_or(String::new())
    );
    assert!(parse_mark("dot").is_err());
}

#[test]
fn color_is_ansi_and_format_wins_over_neither() {
    assert_eq!(args(&["render", "mal"]).format(), Format::Text);
    assert_eq!(args(&["render", "mal", "--color"]).format(), Format::Ansi);
    assert_eq!(
        args(&["render", "mal", "--format", "csv"]).format(),
        Format::Csv
    );
    assert!(parse(&["render", "mal", "--color", "--format", "csv"]).is_err());
}

#[test]
fn the_options_carry_the_keys_the_day_and_the_configured_notes() {
    let line = args(&[
        "render",
        "mal",
        "--keys",
        "jj<Enter>",
        "--today",
        "2025-11-03",
    ]);
    let settings = Settings {
        notes: Some(PathBuf::from("mine.db")),
        ..Settings::default()
    };
    let options = line.options(&settings).unwrap();
    assert_eq!(options.keys.len(), 3);
    assert_eq!(
        options.today,
        chrono::NaiveDate::from_ymd_opt(2025, 11, 3).unwrap()
    );
    assert_eq!(options.notes, Some(PathBuf::from("mine.db")));
    let bad = args(&["render", "mal", "--keys", "<Nope>"]);
    assert!(bad.options(&settings).is_err());
}

#[test]
fn render_takes_the_look_and_the_notes_but_not_the_cockpits_other_options() {
    let line = args(&["render", "mal", "--theme", "light", "--notes", "n.db"]);
    let interact = Interact {
        notes: line.notes.clone(),
        ..Interact::default()
    };
    let layer = line.look.layer(&interact);
    assert_eq!(
        layer,
        Layer {
            theme: crate::ui::theme::ThemeChoice::parse("light"),
            notes: Some(PathBuf::from("n.db")),
            ..Layer::default()
        }
    );
    assert!(parse(&["render", "mal", "--mouse"]).is_err());
}
