//! Keys are bound to named actions. The bindings in effect (a [`Keymap`])
//! are built from the defaults (the `[keys]` table of the built-in config
//! file) and the user's config file, globally and per pane; key handling,
//! the footer's hints, the help overlay and `tertial render --help` all read
//! that one map, so a remapped key shows everywhere.
//!
//! Most actions work in every pane and the app carries them out. A few are
//! a pane's own ([`Action::is_pane_action`]): their keys work, and are shown,
//! only in the panes that handle them ([`crate::ui::panes::Pane::ACTIONS`]).

use super::keys::Key;
use super::screen::PaneId;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    /// What falls due within a horizon from the period's end (Uppdrag); again: a longer horizon.
    Deadlines,
    /// Choose the unit the overview is about.
    ChooseUnit,
    /// Copy the selected row as one line (OSC 52).
    CopyRow,
    /// Copy the table in view as TSV for a spreadsheet (OSC 52).
    CopyTable,
    /// Write the table in view to a file (an xlsx workbook or CSV).
    Export,
    /// Write or edit a note (and its flag) on the selected row.
    Note,
    /// Every note: the "Att följa upp" list.
    FollowUp,
    /// Draw every cell anew (Ctrl-L), after something else wrote over the screen.
    Redraw,
    /// Ctrl-Z. The terminal loop acts on it before the app sees the key.
    Suspend,
}

impl Action {
    /// Whether the action writes a file: after a burst of input it asks
    /// first ([`super::app::Mode::Confirm`]).
    pub fn writes_file(self) -> bool {
        matches!(self, Action::Export)
    }

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
                | Action::Deadlines
                | Action::Changes
                | Action::ChooseUnit
        )
    }

    /// Whether the action does something in `pane`.
    pub fn works_in(self, pane: PaneId) -> bool {
        !self.is_pane_action() || pane.handles(self)
    }

    /// The action's name in the config file.
    pub fn name(self) -> &'static str {
        named()
            .find(|(_, a)| *a == self)
            .map_or("suspend", |(n, _)| n)
    }

    /// The action a config file names.
    pub fn by_name(name: &str) -> Option<Action> {
        named().find(|(n, _)| *n == name).map(|(_, a)| a)
    }
}

/// Every action the config file can bind, by its name there, in the order
/// `render --help` lists them: [`NAMED`] with a `pane_N` for each tab
/// after `prev_pane`.
pub fn named() -> impl Iterator<Item = (&'static str, Action)> + Clone {
    let at = NAMED
        .iter()
        .position(|(n, _)| *n == "prev_pane")
        .map_or(NAMED.len(), |i| i + 1);
    let panes = PANE_NAMES
        .iter()
        .zip(PaneId::ALL)
        .map(|(n, p)| (*n, Action::Pane(p)));
    NAMED[..at]
        .iter()
        .copied()
        .chain(panes)
        .chain(NAMED[at..].iter().copied())
}

/// The names of the tabs' own keys, by their number (the registry has no
/// more tabs than digits).
const PANE_NAMES: [&str; 9] = [
    "pane_1", "pane_2", "pane_3", "pane_4", "pane_5", "pane_6", "pane_7", "pane_8", "pane_9",
];

/// The actions the config file can bind, but for the tabs ([`named`]).
const NAMED: &[(&str, Action)] = &[
    ("up", Action::Up),
    ("down", Action::Down),
    ("page_up", Action::PageUp),
    ("page_down", Action::PageDown),
    ("top", Action::Top),
    ("bottom", Action::Bottom),
    ("drill", Action::Drill),
    ("back", Action::Back),
    ("next_exception", Action::NextException),
    ("prev_exception", Action::PrevException),
    ("period_prev", Action::PrevPeriod),
    ("period_next", Action::NextPeriod),
    ("toggle", Action::Toggle),
    ("toggle_all", Action::ToggleAll),
    ("detail", Action::Detail),
    ("frames", Action::Frames),
    ("filter", Action::Filter),
    ("filter_recipient", Action::FilterRecipient),
    ("deadlines", Action::Deadlines),
    ("choose_unit", Action::ChooseUnit),
    ("sort", Action::Sort),
    ("search", Action::Search),
    ("changes", Action::Changes),
    ("compare", Action::Compare),
    ("copy_row", Action::CopyRow),
    ("copy_table", Action::CopyTable),
    ("export", Action::Export),
    ("note", Action::Note),
    ("follow_up", Action::FollowUp),
    ("next_pane", Action::NextPane),
    ("prev_pane", Action::PrevPane),
    ("redraw", Action::Redraw),
    ("help", Action::Help),
    ("quit", Action::Quit),
];

/// Keys the terminal itself acts on, whatever the config says: Ctrl-C
/// quits (and stops a slow query), Ctrl-Z suspends. No binding may take them.
pub const FIXED: &[(Action, Key)] = &[
    (
        Action::Quit,
        Key::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
    ),
    (
        Action::Suspend,
        Key::new(KeyCode::Char('z'), KeyModifiers::CONTROL),
    ),
];

/// A line of the help overlay, and the footer hint if it has one: the
/// actions it covers (one, or a pair such as previous/next period) and what
/// it says about them.
struct Entry {
    /// Empty: every tab's own key ([`Action::Pane`]).
    actions: &'static [Action],
    /// Short Swedish label for the footer; empty: not in the footer.
    hint: &'static str,
    /// Swedish description for the help overlay.
    help: &'static str,
}

impl Entry {
    fn actions(&self) -> Vec<Action> {
        if self.actions.is_empty() {
            PaneId::ALL.into_iter().map(Action::Pane).collect()
        } else {
            self.actions.to_vec()
        }
    }
}

static ENTRIES: &[Entry] = &[
    Entry {
        actions: &[Action::Up],
        hint: "",
        help: "Upp en rad",
    },
    Entry {
        actions: &[Action::Down],
        hint: "",
        help: "Ner en rad",
    },
    Entry {
        actions: &[Action::PageUp, Action::PageDown],
        hint: "",
        help: "Upp eller ner en sida",
    },
    Entry {
        actions: &[Action::Top, Action::Bottom],
        hint: "",
        help: "Första eller sista raden",
    },
    Entry {
        actions: &[Action::Drill],
        hint: "öppna",
        help: "Gå ner: från en summa till det som ligger bakom",
    },
    Entry {
        actions: &[Action::Back],
        hint: "upp",
        help: "Gå upp en nivå",
    },
    Entry {
        actions: &[Action::NextException],
        hint: "avvikelse",
        help: "Nästa avvikelse",
    },
    Entry {
        actions: &[Action::PrevException],
        hint: "",
        help: "Föregående avvikelse",
    },
    Entry {
        actions: &[Action::PrevPeriod, Action::NextPeriod],
        hint: "period",
        help: "Föregående eller nästa period; alla flikar följer med",
    },
    Entry {
        actions: &[Action::Toggle],
        hint: "fäll",
        help: "Fäll ut eller ihop en rad i trädet",
    },
    Entry {
        actions: &[Action::ToggleAll],
        hint: "",
        help: "Fäll ut hela trädet, eller ihop det",
    },
    Entry {
        actions: &[Action::Detail],
        hint: "detalj",
        help: "Visa radens alla siffror, analys och källa",
    },
    Entry {
        actions: &[Action::Frames],
        hint: "budgetramar",
        help: "Budgetramar och bryggan mellan åren",
    },
    Entry {
        actions: &[Action::Filter],
        hint: "filter",
        help: "Filtrera: röda, gula, grå (Mål), status (Uppdrag)",
    },
    Entry {
        actions: &[Action::FilterRecipient],
        hint: "mottagare",
        help: "Välj mottagare att visa",
    },
    Entry {
        actions: &[Action::Deadlines],
        hint: "frister",
        help: "Det som förfaller inom en horisont från periodens slut (igen: längre horisont)",
    },
    Entry {
        actions: &[Action::ChooseUnit],
        hint: "enhet",
        help: "Välj enheten översikten gäller (behålls i alla perioder)",
    },
    Entry {
        actions: &[Action::Sort],
        hint: "sortera",
        help: "Sortera på slutdatum eller status",
    },
    Entry {
        actions: &[Action::Search],
        hint: "sök",
        help: "Sök enheter, mål, indikatorer och uppdrag",
    },
    Entry {
        actions: &[Action::Changes],
        hint: "förändringar",
        help: "Allt som ändrats sedan jämförelseperioden, det sämsta först",
    },
    Entry {
        actions: &[Action::Compare],
        hint: "jämför",
        help: "Jämför med föregående rapport eller samma period i fjol",
    },
    Entry {
        actions: &[Action::CopyRow],
        hint: "kopiera",
        help: "Kopiera raden till urklipp",
    },
    Entry {
        actions: &[Action::CopyTable],
        hint: "",
        help: "Kopiera hela tabellen till urklipp, för kalkylblad",
    },
    Entry {
        actions: &[Action::Note],
        hint: "notera",
        help: "Anteckning och flagga (fråga, risk, till nämnden, klar)",
    },
    Entry {
        actions: &[Action::FollowUp],
        hint: "följ upp",
        help: "Att följa upp: alla anteckningar, med siffran då och nu",
    },
    Entry {
        actions: &[Action::Export],
        hint: "",
        help: "Spara tabellen som fil (Excel eller CSV) i exportmappen",
    },
    Entry {
        actions: &[Action::NextPane, Action::PrevPane],
        hint: "",
        help: "Nästa eller föregående flik",
    },
    Entry {
        actions: &[],
        hint: "",
        help: "Välj flik efter dess siffra",
    },
    Entry {
        actions: &[Action::Redraw],
        hint: "",
        help: "Rita om skärmen",
    },
    Entry {
        actions: &[Action::Suspend],
        hint: "",
        // Without job control (Windows) there is nothing to suspend to:
        // the help says so rather than offering it.
        help: if cfg!(unix) {
            "Pausa (fg i skalet återupptar)"
        } else {
            "Pausa: finns inte på Windows (ingen jobbkontroll)"
        },
    },
    Entry {
        actions: &[Action::Help],
        hint: "hjälp",
        help: "Visa alla tangenter",
    },
    Entry {
        actions: &[Action::Quit],
        hint: "avsluta",
        help: "Avsluta",
    },
];

/// One layer of bindings: the defaults, or a config file. An action listed
/// gets exactly these keys (in every pane, or in one), replacing what an
/// earlier layer gave it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bindings {
    pub global: Vec<Binding>,
    pub panes: Vec<(PaneId, Vec<Binding>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub action: Action,
    pub keys: Vec<Key>,
    /// Where it was written (a line of the config file), for errors.
    pub line: Option<usize>,
}

/// Bindings that cannot all hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BindError {
    /// One key, two actions in one pane (`pane` None: in every pane).
    Conflict {
        key: Key,
        actions: [Action; 2],
        pane: Option<PaneId>,
        line: Option<usize>,
    },
    /// A pane's own action bound in a pane that has no use for it.
    NotInPane {
        action: Action,
        pane: PaneId,
        line: Option<usize>,
    },
    /// `quit = []`: the cockpit could only be left with Ctrl-C.
    NoQuit { line: Option<usize> },
}

impl BindError {
    /// The line of the config file the error is about, if known.
    pub fn line(&self) -> Option<usize> {
        match self {
            BindError::Conflict { line, .. }
            | BindError::NotInPane { line, .. }
            | BindError::NoQuit { line } => *line,
        }
    }

    /// What is wrong, in a clause (English, as the config file is).
    pub fn describe(&self) -> String {
        match self {
            BindError::Conflict {
                key,
                actions: [a, b],
                pane,
                ..
            } => {
                let place = match pane {
                    Some(p) => format!(" in {}", p.title()),
                    None => String::new(),
                };
                let fixed = |a: &Action| {
                    if FIXED.iter().any(|(f, k)| f == a && k == key) {
                        " (fixed)"
                    } else {
                        ""
                    }
                };
                format!(
                    "the key {} is bound to both {}{} and {}{}{place}",
                    key.notation(),
                    a.name(),
                    fixed(a),
                    b.name(),
                    fixed(b)
                )
            }
            BindError::NotInPane { action, pane, .. } => format!(
                "{} does nothing in {}, so it cannot be bound in [keys.{}]",
                action.name(),
                pane.title(),
                pane.config_name()
            ),
            BindError::NoQuit { .. } => {
                "quit needs at least one key (Ctrl-C alone would leave it to a reflex)".into()
            }
        }
    }
}

/// An action's keys while bindings are built, and the line that set them.
type Slot = (Action, Vec<Key>, Option<usize>);

/// The pairs of slots (`i < j`, in order) of different actions that hold a
/// key in common. One pass over the keys with a map from key to the slots
/// holding it, so that a config with thousands of keys on one action is
/// read in linear time (pairwise `contains` was quadratic).
fn sharing_a_key(slots: &[Slot]) -> std::collections::BTreeSet<(usize, usize)> {
    let mut holders: std::collections::HashMap<Key, Vec<usize>> = Default::default();
    for (i, (_, keys, _)) in slots.iter().enumerate() {
        for key in keys {
            let held = holders.entry(*key).or_default();
            if held.last() != Some(&i) {
                held.push(i);
            }
        }
    }
    let mut pairs = std::collections::BTreeSet::new();
    for held in holders.values() {
        for (n, &i) in held.iter().enumerate() {
            for &j in &held[n + 1..] {
                if slots[i].0 != slots[j].0 {
                    pairs.insert((i, j));
                }
            }
        }
    }
    pairs
}

/// The bindings in effect: per pane, each action that works there and its
/// keys, in [`named`] order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    panes: Vec<Vec<(Action, Vec<Key>)>>,
}

impl Default for Keymap {
    /// The built-in bindings: the `[keys]` table of the default config file.
    fn default() -> Keymap {
        crate::config::default_keymap()
    }
}

impl Keymap {
    /// The bindings of `layers`, later ones over earlier ones; an error if
    /// they leave one key with two actions in a pane.
    pub fn build(layers: &[&Bindings]) -> Result<Keymap, BindError> {
        // Per pane, per action: the keys, and the line they were set on.
        let mut panes: Vec<Vec<Slot>> = PaneId::ALL
            .iter()
            .map(|pane| {
                named()
                    .filter(|(_, a)| a.works_in(*pane))
                    .map(|(_, a)| (a, Vec::new(), None))
                    .collect()
            })
            .collect();
        for layer in layers {
            for binding in &layer.global {
                for actions in &mut panes {
                    if let Some(slot) = actions.iter_mut().find(|(a, ..)| *a == binding.action) {
                        slot.1 = binding.keys.clone();
                        slot.2 = binding.line;
                    }
                }
            }
            for (pane, bindings) in &layer.panes {
                for binding in bindings {
                    let slot = panes[pane.index()]
                        .iter_mut()
                        .find(|(a, ..)| *a == binding.action)
                        .ok_or(BindError::NotInPane {
                            action: binding.action,
                            pane: *pane,
                            line: binding.line,
                        })?;
                    slot.1 = binding.keys.clone();
                    slot.2 = binding.line;
                }
            }
        }
        // In every pane: `[keys.ekonomi] quit = []` would leave Ekonomi
        // without its way out as surely as a top-level `quit = []`.
        if let Some((_, _, line)) = panes
            .iter()
            .flatten()
            .find(|(a, keys, _)| *a == Action::Quit && keys.is_empty())
        {
            return Err(BindError::NoQuit { line: *line });
        }
        let mut conflicts = Vec::new();
        for (pane, actions) in PaneId::ALL.iter().zip(&panes) {
            let fixed = FIXED.iter().map(|(a, k)| (*a, vec![*k], None));
            let all: Vec<Slot> = fixed.chain(actions.iter().cloned()).collect();
            for (i, j) in sharing_a_key(&all) {
                let ((a, keys, line_a), (b, other, line_b)) = (&all[i], &all[j]);
                let other: std::collections::HashSet<&Key> = other.iter().collect();
                if let Some(key) = keys.iter().find(|k| other.contains(k)) {
                    conflicts.push(BindError::Conflict {
                        key: *key,
                        actions: [*a, *b],
                        pane: Some(*pane),
                        line: (*line_a).max(*line_b),
                    });
                }
            }
        }
        if let Some(first) = conflicts.first() {
            let BindError::Conflict { key, actions, .. } = first else {
                return Err(first.clone());
            };
            // The same clash in every pane is said without one.
            let everywhere = PaneId::ALL.iter().all(|p| {
                conflicts.iter().any(|c| {
                    matches!(c, BindError::Conflict { key: k, actions: a, pane, .. }
                        if k == key && a == actions && *pane == Some(*p))
                })
            });
            let mut error = first.clone();
            if everywhere && let BindError::Conflict { pane, .. } = &mut error {
                *pane = None;
            }
            return Err(error);
        }
        Ok(Keymap {
            panes: panes
                .into_iter()
                .map(|actions| actions.into_iter().map(|(a, k, _)| (a, k)).collect())
                .collect(),
        })
    }

    /// No bindings at all: only the fixed keys work.
    pub fn empty() -> Keymap {
        Keymap {
            panes: vec![Vec::new(); PaneId::ALL.len()],
        }
    }

    /// The action for a key press in a pane, if any.
    pub fn action_for(&self, event: &KeyEvent, pane: PaneId) -> Option<Action> {
        let key = Key::from_event(event);
        FIXED
            .iter()
            .find(|(_, k)| *k == key)
            .map(|(a, _)| *a)
            .or_else(|| {
                self.panes[pane.index()]
                    .iter()
                    .find(|(_, keys)| keys.contains(&key))
                    .map(|(a, _)| *a)
            })
    }

    /// Which of the pane actions `wanted` the key is bound to in a pane that
    /// handles it: for Att följa upp, which is on every pane's stack and
    /// takes the filter keys of the panes that filter.
    pub fn pane_action_for(&self, event: &KeyEvent, wanted: &[Action]) -> Option<Action> {
        let key = Key::from_event(event);
        wanted.iter().copied().find(|action| {
            PaneId::ALL.iter().any(|pane| {
                pane.handles(*action)
                    && self.panes[pane.index()]
                        .iter()
                        .any(|(a, keys)| a == action && keys.contains(&key))
            })
        })
    }

    /// A pane action's first key as the first pane that handles it binds it.
    pub fn pane_action_key(&self, action: Action) -> Option<String> {
        let pane = PaneId::ALL.into_iter().find(|p| p.handles(action))?;
        self.keys(action, pane).first().map(Key::label)
    }

    /// The keys of an action in a pane, fixed ones last.
    pub fn keys(&self, action: Action, pane: PaneId) -> Vec<Key> {
        let bound = self.panes[pane.index()]
            .iter()
            .filter(|(a, _)| *a == action)
            .flat_map(|(_, keys)| keys.iter().copied());
        let fixed = FIXED.iter().filter(|(a, _)| *a == action).map(|(_, k)| *k);
        bound.chain(fixed).collect()
    }

    /// How an entry's keys are shown: one action's keys joined by `/`
    /// (`Enter/l/→`); a pair or more side by side, first keys first
    /// (`[ ], S-← S-→`), or each action's own keys if they do not pair up.
    fn shown(&self, actions: &[Action], pane: PaneId) -> String {
        let keys: Vec<Vec<String>> = actions
            .iter()
            .map(|a| self.keys(*a, pane).iter().map(Key::label).collect())
            .collect();
        if let [one] = keys.as_slice() {
            return one.join("/");
        }
        let len = keys[0].len();
        if keys.iter().all(|k| k.len() == len) {
            (0..len)
                .map(|i| {
                    keys.iter()
                        .map(|k| k[i].as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            keys.iter()
                .filter(|k| !k.is_empty())
                .map(|k| k.join("/"))
                .collect::<Vec<_>>()
                .join(" ")
        }
    }

    /// The first key of each of an entry's actions: `[ ]`, `Enter`.
    fn first_keys(&self, actions: &[Action], pane: PaneId) -> String {
        actions
            .iter()
            .filter_map(|a| self.keys(*a, pane).first().map(Key::label))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Footer hints for a pane, in the table's order: the first key of
    /// each of an entry's actions, its label, and the action (for
    /// [`hint_rank`]). An action with no key has no hint.
    pub fn hints(&self, pane: PaneId) -> Vec<(String, &'static str, Action)> {
        entries_in(pane)
            .filter(|e| !e.hint.is_empty())
            .filter_map(|e| {
                let actions = e.actions();
                let keys = self.first_keys(&actions, pane);
                (!keys.is_empty()).then_some((keys, e.hint, actions[0]))
            })
            .collect()
    }

    /// Help overlay lines for a pane: (keys, description), the pane's own
    /// keys first, then every key that works everywhere.
    pub fn help_lines(&self, pane: PaneId) -> Vec<(String, &'static str)> {
        let own = |e: &&Entry| e.actions().iter().any(|a| a.is_pane_action());
        let everywhere = entries_in(pane).filter(|e| !own(e));
        entries_in(pane)
            .filter(own)
            .chain(everywhere)
            .map(|e| (self.shown(&e.actions(), pane), e.help))
            .filter(|(keys, _)| !keys.is_empty())
            .collect()
    }

    /// The actions whose keys differ from `other`'s in some pane.
    pub fn changed_from(&self, other: &Keymap) -> Vec<&'static str> {
        named()
            .filter(|(_, action)| {
                PaneId::ALL
                    .into_iter()
                    .any(|pane| self.keys(*action, pane) != other.keys(*action, pane))
            })
            .map(|(name, _)| name)
            .collect()
    }

    /// Every binding, for `tertial render --help`: the action's name and
    /// its keys in the `--keys` notation, with the panes where they differ.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        for (name, action) in named() {
            let mut per_pane: Vec<(Vec<Key>, Vec<PaneId>)> = Vec::new();
            for pane in PaneId::ALL {
                let Some((_, keys)) = self.panes[pane.index()].iter().find(|(a, _)| *a == action)
                else {
                    continue;
                };
                match per_pane.iter_mut().find(|(k, _)| k == keys) {
                    Some((_, panes)) => panes.push(pane),
                    None => per_pane.push((keys.clone(), vec![pane])),
                }
            }
            for (keys, panes) in &per_pane {
                let notation: Vec<String> = keys.iter().map(Key::notation).collect();
                let shown = if notation.is_empty() {
                    "(no key)".to_string()
                } else {
                    notation.join(" ")
                };
                let place = if panes.len() == PaneId::ALL.len() {
                    String::new()
                } else {
                    let names: Vec<&str> = panes.iter().map(|p| p.config_name()).collect();
                    format!("  ({})", names.join(", "))
                };
                out.push_str(&format!("  {name:<18}{shown}{place}\n"));
            }
        }
        for (action, key) in FIXED {
            out.push_str(&format!(
                "  {:<18}{} (fixed)\n",
                action.name(),
                key.notation()
            ));
        }
        out
    }
}

impl PaneId {
    /// The pane's name in the config file's `[keys.NAME]` (the first name
    /// `tertial render` accepts: ASCII).
    pub fn config_name(self) -> &'static str {
        PaneId::render_names()
            .get(self.index())
            .copied()
            .unwrap_or_default()
    }
}

/// Which footer hints a narrow footer keeps first: detail, help and quit
/// always; then the pane's own keys (a tree's Space, the list's filter)
/// and the period keys; then the rest, in the table's order.
pub fn hint_rank(action: Action) -> u8 {
    match action {
        Action::Detail | Action::Help | Action::Quit => 0,
        // Changing the period is what a follow-up does most, and `[ ]` is
        // not a key anyone guesses.
        a if a.is_pane_action() => 1,
        Action::PrevPeriod | Action::NextPeriod => 1,
        _ => 2,
    }
}

/// The help entries that mean something in `pane`.
fn entries_in(pane: PaneId) -> impl Iterator<Item = &'static Entry> {
    ENTRIES
        .iter()
        .filter(move |e| e.actions().iter().all(|a| a.works_in(pane)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::keys::parse_one;

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
        let map = Keymap::default();
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
        assert_eq!(action(key(KeyCode::Char('x')), PaneId::Beds), None);
    }

    #[test]
    fn shift_arrows_change_period_and_ctrl_l_redraws() {
        let map = Keymap::default();
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

    #[test]
    fn every_action_and_pane_has_a_name() {
        for pane in PaneId::ALL {
            let action = Action::Pane(pane);
            assert_eq!(Action::by_name(action.name()), Some(action), "{pane:?}");
        }
        assert_eq!(Action::by_name("period_prev"), Some(Action::PrevPeriod));
        let entries: Vec<Action> = ENTRIES.iter().flat_map(Entry::actions).collect();
        for (name, action) in named() {
            assert!(entries.contains(&action), "{name} has no help entry");
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
            "the key n is bound to both next_exception and detail"
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
        let map = Keymap::default();
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
}
