//! The built-in keymap (the default config file's `[keys]`) as the
//! cockpit sees it: keys resolved per pane, footer and help made from it,
//! and clashes refused. Here rather than in `keymap`, which does not know
//! the config file.

use super::default_keymap;
use crate::keymap::key::parse_one;
use crate::keymap::{Action, BindError, Binding, Bindings, Keymap, named};
use crate::ui::panes::PaneId;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn binding(action: Action, keys: &[&str]) -> Binding {
    Binding {
        action,
        keys: keys.iter().map(|k| parse_one(k).unwrap()).collect(),
        line: Some(7),
    }
}

#[test]
fn keys_resolve_per_pane() {
    let map = default_keymap();
    let action = |event: KeyEvent, pane| map.action_for(&event, pane);
    assert_eq!(
        action(key(KeyCode::Char('j')), PaneId::Economy),
        Some(Action::Down)
    );
    assert_eq!(
        action(key(KeyCode::Char('b')), PaneId::Economy),
        Some(Action::Frames)
    );
    assert_eq!(
        action(key(KeyCode::Char('b')), PaneId::Goals),
        None,
        "frames only in Ekonomi"
    );
    assert_eq!(
        action(
            KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
            PaneId::Beds
        ),
        Some(Action::Quit)
    );
    assert_eq!(
        action(key(KeyCode::Char('x')), PaneId::Beds),
        Some(Action::NextException)
    );
    assert_eq!(
        action(key(KeyCode::Char('n')), PaneId::Beds),
        Some(Action::NextMatch)
    );
    assert_eq!(action(key(KeyCode::Char('w')), PaneId::Beds), None);
}

#[test]
fn shift_arrows_change_period_and_ctrl_l_redraws() {
    let map = default_keymap();
    let shifted = |code| KeyEvent::new(code, KeyModifiers::SHIFT);
    assert_eq!(
        map.action_for(&shifted(KeyCode::Left), PaneId::Goals),
        Some(Action::PrevPeriod)
    );
    assert_eq!(
        map.action_for(&shifted(KeyCode::Right), PaneId::Goals),
        Some(Action::NextPeriod)
    );
    assert_eq!(
        map.action_for(&key(KeyCode::Left), PaneId::Goals),
        Some(Action::Back),
        "← alone still goes back"
    );
    assert_eq!(
        map.action_for(
            &KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL),
            PaneId::Beds
        ),
        Some(Action::Redraw)
    );
}

/// A tab's key is its number without a line in the default file, and a
/// line there (or the user's) still decides.
#[test]
fn every_tab_is_its_number_unless_a_file_says_otherwise() {
    let map = default_keymap();
    for (i, tab) in PaneId::ALL.into_iter().enumerate() {
        let digit = char::from_digit(u32::try_from(i + 1).unwrap(), 10).unwrap();
        for pane in PaneId::ALL {
            assert_eq!(
                map.action_for(&key(KeyCode::Char(digit)), pane),
                Some(Action::Pane(tab)),
                "{digit} in {pane:?}"
            );
        }
    }
    let file = Bindings {
        global: vec![binding(Action::Pane(PaneId::ALL[1]), &["<F2>"])],
        panes: Vec::new(),
    };
    let derived = super::tab_digits(&file);
    assert_eq!(derived.len(), PaneId::ALL.len() - 1);
    assert!(
        derived
            .iter()
            .all(|b| b.action != Action::Pane(PaneId::ALL[1]))
    );
    assert_eq!(
        derived[0],
        Binding {
            line: None,
            ..binding(Action::Pane(PaneId::ALL[0]), &["1"])
        }
    );
}

#[test]
fn the_default_file_binds_every_action_it_can_name() {
    let defaults = crate::config::default_bindings();
    for (name, action) in named() {
        assert!(
            defaults.global.iter().any(|b| b.action == action),
            "{name} is missing from the default config file's [keys]"
        );
    }
}

#[test]
fn a_remapped_key_replaces_the_default_everywhere_it_is_shown() {
    let user = Bindings {
        global: vec![
            binding(Action::PrevPeriod, &[","]),
            binding(Action::NextPeriod, &["."]),
        ],
        panes: vec![(PaneId::Economy, vec![binding(Action::Frames, &["B"])])],
    };
    let map = Keymap::build(&[&crate::config::default_bindings(), &user]).unwrap();
    let comma = key(KeyCode::Char(','));
    assert_eq!(
        map.action_for(&comma, PaneId::Beds),
        Some(Action::PrevPeriod)
    );
    assert_eq!(map.action_for(&key(KeyCode::Char('[')), PaneId::Beds), None);
    let hints = map.hints(PaneId::Economy);
    assert!(hints.iter().any(|(k, h, _)| k == ", ." && *h == "period"));
    assert!(
        hints
            .iter()
            .any(|(k, h, _)| k == "B" && *h == "budgetramar")
    );
    let help = map.help_lines(PaneId::Economy);
    assert!(help.iter().any(|(k, _)| k == ", ."), "{help:?}");
    assert!(!help.iter().any(|(k, _)| k.contains('[')), "{help:?}");
    let listed = map.describe();
    assert!(listed.contains("period_prev       ,\n"), "{listed}");
    assert!(
        listed.contains("frames            B  (ekonomi)"),
        "{listed}"
    );
}

#[test]
fn one_key_for_two_actions_in_a_pane_is_an_error_naming_both() {
    let defaults = crate::config::default_bindings();
    let user = Bindings {
        global: vec![binding(Action::Detail, &["n"])],
        panes: vec![],
    };
    let err = Keymap::build(&[&defaults, &user]).unwrap_err();
    assert_eq!(
        err.describe(),
        "the key n is bound to both next_match and detail"
    );
    assert_eq!(err.line(), Some(7));
    // A pane's own key clashes only where the pane handles it.
    let user = Bindings {
        global: vec![binding(Action::Search, &["b"])],
        panes: vec![],
    };
    let err = Keymap::build(&[&defaults, &user]).unwrap_err();
    assert_eq!(
        err.describe(),
        "the key b is bound to both frames and search in Ekonomi"
    );
    let user = Bindings {
        global: vec![binding(Action::Help, &["<C-c>"])],
        panes: vec![],
    };
    assert!(
        Keymap::build(&[&defaults, &user])
            .unwrap_err()
            .describe()
            .contains("quit (fixed) and help")
    );
    let user = Bindings {
        global: vec![],
        panes: vec![(PaneId::Goals, vec![binding(Action::Frames, &["x"])])],
    };
    assert!(matches!(
        Keymap::build(&[&defaults, &user]),
        Err(BindError::NotInPane { .. })
    ));
    let user = Bindings {
        global: vec![binding(Action::Quit, &[])],
        panes: vec![],
    };
    assert!(matches!(
        Keymap::build(&[&defaults, &user]),
        Err(BindError::NoQuit { .. })
    ));
}

#[test]
fn no_key_is_bound_twice_by_default() {
    assert!(Keymap::build(&[&crate::config::default_bindings()]).is_ok());
}

#[test]
fn footer_and_help_come_from_the_map() {
    let map = default_keymap();
    let economy: Vec<_> = map
        .hints(PaneId::Economy)
        .into_iter()
        .map(|(_, h, _)| h)
        .collect();
    assert!(economy.contains(&"budgetramar") && !economy.contains(&"sortera"));
    let help = map.help_lines(PaneId::Economy);
    assert!(help.iter().any(|(k, _)| k == "?"));
    assert!(help.iter().any(|(k, _)| k == "[ ], S-← S-→"), "{help:?}");
    assert!(help.iter().any(|(k, _)| k == "q/Ctrl-C"), "{help:?}");
    let goals: Vec<_> = map
        .help_lines(PaneId::Goals)
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(goals[..3], ["Space", "o", "f"], "the pane's own keys first");
    assert!(
        !goals.contains(&"b".to_string()),
        "Ekonomi's frames are not Mål's"
    );
}
