//! One table of key bindings. It drives key handling, the footer's hints and
//! the help overlay, so the three can never disagree.
//!
//! Most actions work in every pane and the app carries them out. A few are
//! a pane's own ([`Action::is_pane_action`]): their keys work, and are shown,
//! only in the panes that handle them ([`crate::ui::panes::Pane::ACTIONS`]).

use super::screen::PaneId;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    NextPane,
    PrevPane,
    Pane(PaneId),
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Drill,
    Back,
    Toggle,
    /// Open every node of a tree, or close them all.
    ToggleAll,
    Detail,
    NextException,
    PrevException,
    Search,
    Help,
    PrevPeriod,
    NextPeriod,
    /// Compare with the previous report, or the same period last year.
    Compare,
    /// What changed since the comparison period.
    Changes,
    Frames,
    Sort,
    Filter,
    FilterRecipient,
    /// Choose the unit the overview is about.
    ChooseUnit,
    /// Copy the selected row as one line (OSC 52).
    CopyRow,
    /// Copy the table in view as TSV for a spreadsheet (OSC 52).
    CopyTable,
    /// Write the table in view to a CSV file.
    Export,
    /// Ctrl-Z. The terminal loop acts on it before the app sees the key.
    Suspend,
}

impl Action {
    /// Whether a pane carries the action out (and only some panes do).
    pub fn is_pane_action(self) -> bool {
        matches!(
            self,
            Action::Toggle
                | Action::ToggleAll
                | Action::Frames
                | Action::Sort
                | Action::Filter
                | Action::FilterRecipient
                | Action::Changes
                | Action::ChooseUnit
        )
    }

    /// Whether the action does something in `pane`.
    pub fn works_in(self, pane: PaneId) -> bool {
        !self.is_pane_action() || pane.handles(self)
    }
}

/// A key as written in the table and in `tertial render --keys`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn ch(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

pub struct Binding {
    pub keys: &'static [Key],
    /// How the keys are shown: "j/k ↑/↓".
    pub shown: &'static str,
    pub action: Action,
    /// Short Swedish label for the footer; empty: not in the footer.
    pub hint: &'static str,
    /// Full Swedish description for the help overlay.
    pub help: &'static str,
}

pub static BINDINGS: &[Binding] = &[
    Binding {
        keys: &[code(KeyCode::Up), ch('k')],
        shown: "↑/k",
        action: Action::Up,
        hint: "",
        help: "Upp en rad",
    },
    Binding {
        keys: &[code(KeyCode::Down), ch('j')],
        shown: "↓/j",
        action: Action::Down,
        hint: "",
        help: "Ner en rad",
    },
    Binding {
        keys: &[code(KeyCode::PageUp)],
        shown: "PgUp/PgDn",
        action: Action::PageUp,
        hint: "",
        help: "Upp eller ner en sida",
    },
    Binding {
        keys: &[code(KeyCode::PageDown)],
        shown: "PgDn",
        action: Action::PageDown,
        hint: "",
        help: "",
    },
    Binding {
        keys: &[ch('g'), code(KeyCode::Home)],
        shown: "g/G",
        action: Action::Top,
        hint: "",
        help: "Första eller sista raden",
    },
    Binding {
        keys: &[ch('G'), code(KeyCode::End)],
        shown: "G",
        action: Action::Bottom,
        hint: "",
        help: "",
    },
    Binding {
        keys: &[code(KeyCode::Enter), ch('l'), code(KeyCode::Right)],
        shown: "Enter/l/→",
        action: Action::Drill,
        hint: "öppna",
        help: "Gå ner: från en summa till det som ligger bakom",
    },
    Binding {
        keys: &[
            code(KeyCode::Esc),
            code(KeyCode::Backspace),
            ch('h'),
            code(KeyCode::Left),
        ],
        shown: "Esc/h/←",
        action: Action::Back,
        hint: "upp",
        help: "Gå upp en nivå",
    },
    Binding {
        keys: &[ch('n')],
        shown: "n/N",
        action: Action::NextException,
        hint: "avvikelse",
        help: "Nästa avvikelse (N: föregående)",
    },
    Binding {
        keys: &[ch('N')],
        shown: "N",
        action: Action::PrevException,
        hint: "",
        help: "",
    },
    Binding {
        keys: &[ch('[')],
        shown: "[ ]",
        action: Action::PrevPeriod,
        hint: "period",
        help: "Föregående eller nästa period; alla flikar följer med",
    },
    Binding {
        keys: &[ch(']')],
        shown: "]",
        action: Action::NextPeriod,
        hint: "",
        help: "",
    },
    Binding {
        keys: &[ch(' ')],
        shown: "Space",
        action: Action::Toggle,
        hint: "fäll",
        help: "Fäll ut eller ihop en rad i trädet",
    },
    Binding {
        keys: &[ch('o')],
        shown: "o",
        action: Action::ToggleAll,
        hint: "",
        help: "Fäll ut hela trädet, eller ihop det",
    },
    Binding {
        keys: &[ch('i')],
        shown: "i",
        action: Action::Detail,
        hint: "detalj",
        help: "Visa radens alla siffror, analys och källa",
    },
    Binding {
        keys: &[ch('b')],
        shown: "b",
        action: Action::Frames,
        hint: "budgetramar",
        help: "Budgetramar och bryggan mellan åren",
    },
    Binding {
        keys: &[ch('f')],
        shown: "f",
        action: Action::Filter,
        hint: "filter",
        help: "Filtrera: röda, gula, grå (Mål), status (Uppdrag)",
    },
    Binding {
        keys: &[ch('r')],
        shown: "r",
        action: Action::FilterRecipient,
        hint: "mottagare",
        help: "Välj mottagare att visa",
    },
    Binding {
        keys: &[ch('u')],
        shown: "u",
        action: Action::ChooseUnit,
        hint: "enhet",
        help: "Välj enheten översikten gäller (behålls i alla perioder)",
    },
    Binding {
        keys: &[ch('s')],
        shown: "s",
        action: Action::Sort,
        hint: "sortera",
        help: "Sortera på slutdatum eller status",
    },
    Binding {
        keys: &[ch('/')],
        shown: "/",
        action: Action::Search,
        hint: "sök",
        help: "Sök enheter, mål, indikatorer och uppdrag",
    },
    Binding {
        keys: &[ch('d')],
        shown: "d",
        action: Action::Changes,
        hint: "förändringar",
        help: "Allt som ändrats sedan jämförelseperioden, det sämsta först",
    },
    Binding {
        keys: &[ch('c')],
        shown: "c",
        action: Action::Compare,
        hint: "jämför",
        help: "Jämför med föregående rapport eller samma period i fjol",
    },
    Binding {
        keys: &[ch('y')],
        shown: "y/Y",
        action: Action::CopyRow,
        hint: "kopiera",
        help: "Kopiera raden till urklipp (Y: hela tabellen, för kalkylblad)",
    },
    Binding {
        keys: &[ch('Y')],
        shown: "Y",
        action: Action::CopyTable,
        hint: "",
        help: "",
    },
    Binding {
        keys: &[ch('e')],
        shown: "e",
        action: Action::Export,
        hint: "",
        help: "Spara tabellen som CSV-fil i exportmappen",
    },
    Binding {
        keys: &[code(KeyCode::Tab)],
        shown: "Tab",
        action: Action::NextPane,
        hint: "",
        help: "Nästa flik (Shift-Tab: föregående)",
    },
    Binding {
        keys: &[code(KeyCode::BackTab)],
        shown: "S-Tab",
        action: Action::PrevPane,
        hint: "",
        help: "",
    },
    // The digits are matched in `action_for`: one per tab, however many
    // panes there are.
    Binding {
        keys: &[],
        shown: "1 2 3 …",
        action: Action::Pane(PaneId::Overview),
        hint: "",
        help: "Välj flik efter dess siffra",
    },
    Binding {
        keys: &[Key {
            code: KeyCode::Char('z'),
            ctrl: true,
        }],
        shown: "Ctrl-Z",
        action: Action::Suspend,
        hint: "",
        help: "Pausa (fg i skalet återupptar)",
    },
    Binding {
        keys: &[ch('?')],
        shown: "?",
        action: Action::Help,
        hint: "hjälp",
        help: "Visa alla tangenter",
    },
    Binding {
        keys: &[
            ch('q'),
            Key {
                code: KeyCode::Char('c'),
                ctrl: true,
            },
        ],
        shown: "q",
        action: Action::Quit,
        hint: "avsluta",
        help: "Avsluta (även Ctrl-C)",
    },
];

/// The action for a key press in a pane, if any.
pub fn action_for(event: &KeyEvent, pane: PaneId) -> Option<Action> {
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    // Shift+char arrives as the upper-case char (the SHIFT flag is ignored).
    let code = event.code;
    if let (KeyCode::Char(digit @ '1'..='9'), false) = (code, ctrl) {
        let tab = digit as usize - '1' as usize;
        return PaneId::ALL.get(tab).map(|p| Action::Pane(*p));
    }
    BINDINGS
        .iter()
        .filter(|b| b.action.works_in(pane))
        .find(|b| b.keys.iter().any(|k| k.code == code && k.ctrl == ctrl))
        .map(|b| b.action)
}

/// Footer hints for a pane: (keys, label).
pub fn hints(pane: PaneId) -> impl Iterator<Item = (&'static str, &'static str, Action)> {
    BINDINGS
        .iter()
        .filter(move |b| !b.hint.is_empty() && b.action.works_in(pane))
        .map(|b| (b.shown, b.hint, b.action))
}

/// Which footer hints a narrow footer keeps first: detail, help and quit
/// always; then the pane's own keys (a tree's Space, the list's filter);
/// then the rest, in the table's order.
pub fn hint_rank(action: Action) -> u8 {
    match action {
        Action::Detail | Action::Help | Action::Quit => 0,
        a if a.is_pane_action() => 1,
        _ => 2,
    }
}

/// Help overlay lines for a pane: (keys, description), the pane's own
/// keys first, then every key that works everywhere.
pub fn help_lines(pane: PaneId) -> impl Iterator<Item = (&'static str, &'static str)> {
    let documented = |b: &&Binding| !b.help.is_empty();
    let own = BINDINGS
        .iter()
        .filter(documented)
        .filter(move |b| b.action.is_pane_action() && b.action.works_in(pane));
    let everywhere = BINDINGS
        .iter()
        .filter(documented)
        .filter(|b| !b.action.is_pane_action());
    own.chain(everywhere).map(|b| (b.shown, b.help))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn keys_resolve_per_pane() {
        assert_eq!(
            action_for(&key(KeyCode::Char('j')), PaneId::Economy),
            Some(Action::Down)
        );
        assert_eq!(
            action_for(&key(KeyCode::Char('b')), PaneId::Economy),
            Some(Action::Frames)
        );
        assert_eq!(
            action_for(&key(KeyCode::Char('b')), PaneId::Goals),
            None,
            "frames only in Ekonomi"
        );
        assert_eq!(
            action_for(
                &KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
                PaneId::Beds
            ),
            Some(Action::Quit)
        );
        assert_eq!(action_for(&key(KeyCode::Char('x')), PaneId::Beds), None);
    }

    #[test]
    fn no_key_is_bound_twice_in_a_pane() {
        for pane in PaneId::ALL {
            let mut seen = std::collections::HashSet::new();
            for b in BINDINGS.iter().filter(|b| b.action.works_in(pane)) {
                for k in b.keys {
                    assert!(
                        seen.insert((format!("{:?}", k.code), k.ctrl)),
                        "{:?} twice in {pane:?}",
                        k.code
                    );
                }
            }
        }
    }

    #[test]
    fn footer_and_help_come_from_the_table() {
        let economy: Vec<_> = hints(PaneId::Economy).map(|(_, h, _)| h).collect();
        assert!(economy.contains(&"budgetramar") && !economy.contains(&"sortera"));
        assert!(help_lines(PaneId::Economy).any(|(k, _)| k == "?"));
        let goals: Vec<_> = help_lines(PaneId::Goals).map(|(k, _)| k).collect();
        assert_eq!(goals[..3], ["Space", "o", "f"], "the pane's own keys first");
        assert!(!goals.contains(&"b"), "Ekonomi's frames are not Mål's");
    }
}
