//! Keys are bound to named actions. The bindings in effect (a [`Keymap`])
//! are built from the defaults (the `[keys]` table of the built-in config
//! file) and the user's config file, globally and per pane; key handling,
//! the footer's hints, the help overlay and `tertial render --help` all read
//! that one map, so a remapped key shows everywhere.
//!
//! Most actions work in every pane and the app carries them out. A few are
//! a pane's own ([`Scope::Panes`]): their keys work, and are shown, only in
//! the panes that carry them out. What each action is called, where it works
//! and what the footer and help say about it is in one place,
//! [`Action::about`].
//!
//! This module sits below both `config` (which reads bindings from a file)
//! and `ui` (which looks keys up): it imports neither, only the pane
//! registry's [`PaneId`]. The built-in keymap is `config::default_keymap`.

pub mod action;
pub mod key;

pub use action::{About, Action, Help, Scope, named};
pub use key::Key;

use crate::ui::panes::registry::PaneId;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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
                action.works_in(*pane)
                    && self.panes[pane.index()]
                        .iter()
                        .any(|(a, keys)| a == action && keys.contains(&key))
            })
        })
    }

    /// A pane action's first key as the first pane that handles it binds it.
    pub fn pane_action_key(&self, action: Action) -> Option<String> {
        let pane = PaneId::ALL.into_iter().find(|p| action.works_in(*p))?;
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

    /// Footer hints for a pane, in the help's order: the first key of
    /// each of a line's actions, its label, and the action (for
    /// [`hint_rank`]). An action with no key has no hint.
    pub fn hints(&self, pane: PaneId) -> Vec<(String, &'static str, Action)> {
        lines_in(pane)
            .into_iter()
            .filter_map(|(actions, _)| {
                let hint = actions[0].about().hint;
                let keys = self.first_keys(&actions, pane);
                (!hint.is_empty() && !keys.is_empty()).then_some((keys, hint, actions[0]))
            })
            .collect()
    }

    /// Help overlay lines for a pane: (keys, description), the pane's own
    /// keys first, then every key that works everywhere.
    pub fn help_lines(&self, pane: PaneId) -> Vec<(String, &'static str)> {
        let (own, everywhere): (Vec<_>, Vec<_>) = lines_in(pane)
            .into_iter()
            .partition(|(actions, _)| actions[0].is_pane_action());
        own.into_iter()
            .chain(everywhere)
            .map(|(actions, help)| (self.shown(&actions, pane), help))
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
/// always, and after a search (`searched`) the key to its next hit; then
/// the pane's own keys (a tree's Space, the list's filter) and the period
/// keys; then the rest, in the table's order. 3: not shown (the next hit
/// before any search).
pub fn hint_rank(action: Action, searched: bool) -> u8 {
    match action {
        Action::Detail | Action::Help | Action::Quit => 0,
        Action::NextMatch if searched => 0,
        Action::NextMatch => 3,
        // Changing the period is what a follow-up does most, and `[ ]` is
        // not a key anyone guesses.
        a if a.is_pane_action() => 1,
        Action::PrevPeriod | Action::NextPeriod => 1,
        _ => 2,
    }
}

/// The help overlay's lines that mean something in `pane`: the actions
/// each covers (one, or a pair such as previous and next period) and what
/// it says, in [`Action::all`]'s order.
fn lines_in(pane: PaneId) -> Vec<(Vec<Action>, &'static str)> {
    let mut lines: Vec<(Vec<Action>, &'static str)> = Vec::new();
    for action in Action::all() {
        match (action.about().help, lines.last_mut()) {
            (Help::WithPrevious, Some((actions, _))) => actions.push(action),
            (Help::Line(text), _) => lines.push((vec![action], text)),
            (Help::WithPrevious, None) => lines.push((vec![action], "")),
        }
    }
    lines.retain(|(actions, _)| actions.iter().all(|a| a.works_in(pane)));
    lines
}
