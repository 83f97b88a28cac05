//! The named actions a key can be bound to, each described once: its name
//! in the config file, where it works, its footer hint and its line in the
//! help overlay all come from one exhaustive `match` ([`Action::about`]), so
//! a new action does not compile until it says all of them. The order of
//! the variants is the order of the help overlay, of `tertial render
//! --help` and of the config file's `[keys]` table.

use crate::ui::panes::registry::PaneId;
use strum::{EnumIter, IntoEnumIterator};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    /// Half a page, as Ctrl-D and Ctrl-U in vim and less.
    HalfPageUp,
    HalfPageDown,
    Top,
    Bottom,
    Drill,
    Back,
    NextException,
    PrevException,
    /// The next hit of the last search (vim's and less's `n`).
    NextMatch,
    PrevMatch,
    PrevPeriod,
    NextPeriod,
    Toggle,
    /// Open every node of a tree, or close them all.
    ToggleAll,
    Detail,
    Frames,
    /// The investment report as of the period (Ekonomi).
    Investments,
    Filter,
    FilterRecipient,
    /// What falls due within a horizon from the period's end (Uppdrag); again: a longer horizon.
    Deadlines,
    /// Choose the unit the overview is about.
    ChooseUnit,
    Sort,
    Search,
    /// What changed since the comparison period.
    Changes,
    /// Compare with the previous report, or the same period last year.
    Compare,
    /// Copy the selected row as one line (OSC 52).
    CopyRow,
    /// Copy the table in view as TSV for a spreadsheet (OSC 52).
    CopyTable,
    /// Write or edit a note (and its flag) on the selected row.
    Note,
    /// Every note: the "Att följa upp" list.
    FollowUp,
    /// Write the table in view to a file (an xlsx workbook or CSV).
    Export,
    NextPane,
    PrevPane,
    Pane(PaneId),
    /// Draw every cell anew (Ctrl-L), after something else wrote over the screen.
    Redraw,
    /// Ctrl-Z. The terminal loop acts on it before the app sees the key.
    Suspend,
    Help,
    Quit,
}

/// Where an action works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// In every pane; the app carries it out.
    Everywhere,
    /// Only in these panes, which carry it out (`Pane::act`): its keys
    /// work, and are shown, only there.
    Panes(&'static [PaneId]),
    /// The terminal loop acts on it before the app sees the key (Ctrl-Z):
    /// it has a fixed key and no name in the config file.
    Terminal,
}

/// What the help overlay says about an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Help {
    /// A line of its own, in Swedish.
    Line(&'static str),
    /// On the line of the action before it (`[` and `]` on one line).
    WithPrevious,
}

/// Everything said about an action, from [`Action::about`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct About {
    /// Its name in the config file's `[keys]`.
    pub name: &'static str,
    pub scope: Scope,
    /// Short Swedish label for the footer; empty: not in the footer.
    pub hint: &'static str,
    pub help: Help,
}

/// The names of the tabs' own keys, by their number (the registry has no
/// more tabs than digits).
const PANE_NAMES: [&str; 9] = [
    "pane_1", "pane_2", "pane_3", "pane_4", "pane_5", "pane_6", "pane_7", "pane_8", "pane_9",
];

impl Action {
    /// The one description of every action.
    pub fn about(self) -> About {
        use Help::{Line, WithPrevious};
        use Scope::{Everywhere, Panes};
        let (name, scope, hint, help) = match self {
            Action::Up => ("up", Everywhere, "", Line("Upp en rad")),
            Action::Down => ("down", Everywhere, "", Line("Ner en rad")),
            // A line each: two keys each would widen the help's key column.
            Action::PageUp => ("page_up", Everywhere, "", Line("Upp en sida")),
            Action::PageDown => ("page_down", Everywhere, "", Line("Ner en sida")),
            Action::HalfPageUp => (
                "half_page_up",
                Everywhere,
                "",
                Line("Upp eller ner en halv sida"),
            ),
            Action::HalfPageDown => ("half_page_down", Everywhere, "", WithPrevious),
            Action::Top => ("top", Everywhere, "", Line("Första eller sista raden")),
            Action::Bottom => ("bottom", Everywhere, "", WithPrevious),
            Action::Drill => (
                "drill",
                Everywhere,
                "öppna",
                Line("Gå ner: från en summa till det som ligger bakom"),
            ),
            Action::Back => ("back", Everywhere, "upp", Line("Gå upp en nivå")),
            Action::NextException => (
                "next_exception",
                Everywhere,
                "avvikelse",
                Line("Nästa avvikelse: negativ, röd eller gul, försenad"),
            ),
            Action::PrevException => (
                "prev_exception",
                Everywhere,
                "",
                Line("Föregående avvikelse"),
            ),
            Action::NextMatch => (
                "next_match",
                Everywhere,
                "träff",
                Line("Nästa eller föregående träff för senaste sökningen"),
            ),
            Action::PrevMatch => ("prev_match", Everywhere, "", WithPrevious),
            Action::PrevPeriod => (
                "period_prev",
                Everywhere,
                "period",
                Line("Föregående eller nästa period; alla flikar följer med"),
            ),
            Action::NextPeriod => ("period_next", Everywhere, "", WithPrevious),
            Action::Toggle => (
                "toggle",
                Panes(&[PaneId::Economy, PaneId::Goals]),
                "fäll",
                Line("Fäll ut eller ihop en rad i trädet"),
            ),
            Action::ToggleAll => (
                "toggle_all",
                Panes(&[PaneId::Goals]),
                "",
                Line("Fäll ut hela trädet, eller ihop det"),
            ),
            Action::Detail => (
                "detail",
                Everywhere,
                "detalj",
                Line("Visa radens alla siffror, analys och källa"),
            ),
            Action::Frames => (
                "frames",
                Panes(&[PaneId::Economy]),
                "budgetramar",
                Line("Budgetramar och bryggan mellan åren"),
            ),
            Action::Investments => (
                "investments",
                Panes(&[PaneId::Economy]),
                // No footer hint: Ekonomi's footer is full at 120 columns;
                // the help overlay names it.
                "",
                Line("Investeringsredovisningen, per post med källa"),
            ),
            Action::Filter => (
                "filter",
                Panes(&[PaneId::Goals, PaneId::Directives]),
                "filter",
                Line("Filtrera: röda, gula, grå (Mål), status (Uppdrag)"),
            ),
            Action::FilterRecipient => (
                "filter_recipient",
                Panes(&[PaneId::Directives]),
                "mottagare",
                Line("Välj mottagare att visa"),
            ),
            Action::Deadlines => (
                "deadlines",
                Panes(&[PaneId::Directives]),
                "frister",
                Line(
                    "Det som förfaller inom en horisont från periodens slut (igen: längre horisont)",
                ),
            ),
            Action::ChooseUnit => (
                "choose_unit",
                Panes(&[PaneId::Overview]),
                "enhet",
                Line("Välj enheten översikten gäller (behålls i alla perioder)"),
            ),
            Action::Sort => (
                "sort",
                Panes(&[PaneId::Directives]),
                "sortera",
                Line("Sortera på slutdatum eller status"),
            ),
            Action::Search => (
                "search",
                Everywhere,
                "sök",
                Line("Sök enheter, mål, indikatorer och uppdrag"),
            ),
            Action::Changes => (
                "changes",
                Panes(&[PaneId::Overview]),
                "förändringar",
                Line("Allt som ändrats sedan jämförelseperioden, det sämsta först"),
            ),
            Action::Compare => (
                "compare",
                Everywhere,
                "jämför",
                Line("Jämför med föregående rapport eller samma period i fjol"),
            ),
            Action::CopyRow => (
                "copy_row",
                Everywhere,
                "kopiera",
                Line("Kopiera raden till urklipp"),
            ),
            Action::CopyTable => (
                "copy_table",
                Everywhere,
                "",
                Line("Kopiera hela tabellen till urklipp, för kalkylblad"),
            ),
            Action::Note => (
                "note",
                Everywhere,
                "notera",
                Line("Anteckning och flagga (fråga, risk, till nämnden, klar)"),
            ),
            Action::FollowUp => (
                "follow_up",
                Everywhere,
                "följ upp",
                Line("Att följa upp: alla anteckningar, med siffran då och nu"),
            ),
            Action::Export => (
                "export",
                Everywhere,
                "",
                Line("Spara tabellen som fil (Excel eller CSV) i exportmappen"),
            ),
            Action::NextPane => (
                "next_pane",
                Everywhere,
                "",
                Line("Nästa eller föregående flik"),
            ),
            Action::PrevPane => ("prev_pane", Everywhere, "", WithPrevious),
            Action::Pane(pane) => (
                PANE_NAMES[pane.index() % PANE_NAMES.len()],
                Everywhere,
                "",
                if pane.index() == 0 {
                    Line("Välj flik efter dess siffra")
                } else {
                    WithPrevious
                },
            ),
            Action::Redraw => ("redraw", Everywhere, "", Line("Rita om skärmen")),
            Action::Suspend => (
                "suspend",
                Scope::Terminal,
                "",
                // Without job control (Windows) there is nothing to suspend
                // to: the help says so rather than offering it.
                Line(if cfg!(unix) {
                    "Pausa (fg i skalet återupptar)"
                } else {
                    "Pausa: finns inte på Windows (ingen jobbkontroll)"
                }),
            ),
            Action::Help => ("help", Everywhere, "hjälp", Line("Visa alla tangenter")),
            Action::Quit => ("quit", Everywhere, "avsluta", Line("Avsluta")),
        };
        About {
            name,
            scope,
            hint,
            help,
        }
    }

    /// Every action, each tab's own key in its place, in the order the
    /// help overlay lists them.
    pub fn all() -> impl Iterator<Item = Action> + Clone {
        Action::iter().flat_map(|action| match action {
            Action::Pane(_) => PaneId::ALL.map(Action::Pane).to_vec(),
            other => vec![other],
        })
    }

    /// The action's name in the config file.
    pub fn name(self) -> &'static str {
        self.about().name
    }

    /// The action a config file names.
    pub fn by_name(name: &str) -> Option<Action> {
        named().find(|(n, _)| *n == name).map(|(_, a)| a)
    }

    /// Whether a pane carries the action out (and only some panes do).
    pub fn is_pane_action(self) -> bool {
        matches!(self.about().scope, Scope::Panes(_))
    }

    /// Whether the action does something in `pane`.
    pub fn works_in(self, pane: PaneId) -> bool {
        match self.about().scope {
            Scope::Panes(panes) => panes.contains(&pane),
            Scope::Everywhere | Scope::Terminal => true,
        }
    }

    /// Whether the action writes a file: after a burst of input it asks
    /// first (the app's `Mode::Confirm`).
    pub fn writes_file(self) -> bool {
        matches!(self, Action::Export)
    }
}

/// Every action the config file can bind, by its name there, in the
/// order `render --help` lists them.
pub fn named() -> impl Iterator<Item = (&'static str, Action)> + Clone {
    Action::all()
        .filter(|a| a.about().scope != Scope::Terminal)
        .map(|a| (a.name(), a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_one_name_that_finds_it_again() {
        let names: Vec<&str> = named().map(|(n, _)| n).collect();
        for (name, action) in named() {
            assert_eq!(Action::by_name(name), Some(action), "{name}");
            assert_eq!(names.iter().filter(|n| **n == name).count(), 1, "{name}");
        }
        assert_eq!(Action::by_name("period_prev"), Some(Action::PrevPeriod));
        assert_eq!(Action::by_name("suspend"), None, "Ctrl-Z is fixed");
        for pane in PaneId::ALL {
            assert!(named().any(|(_, a)| a == Action::Pane(pane)), "{pane:?}");
        }
    }

    #[test]
    fn a_help_line_is_shared_only_with_the_action_before_it() {
        let mut previous: Option<Action> = None;
        for action in Action::all() {
            if action.about().help == Help::WithPrevious {
                let before = previous.expect("the first action has a line of its own");
                assert_eq!(before.about().scope, action.about().scope, "{action:?}");
                assert_eq!(
                    action.about().hint,
                    "",
                    "{action:?}: the line's first hints"
                );
            }
            previous = Some(action);
        }
    }

    #[test]
    fn a_pane_action_names_the_panes_that_carry_it_out() {
        for action in Action::all() {
            if let Scope::Panes(panes) = action.about().scope {
                assert!(!panes.is_empty(), "{action:?}");
                assert!(action.is_pane_action());
                let elsewhere = PaneId::ALL.into_iter().find(|p| !panes.contains(p));
                assert!(elsewhere.is_some_and(|p| !action.works_in(p)), "{action:?}");
            } else {
                assert!(PaneId::ALL.into_iter().all(|p| action.works_in(p)));
            }
        }
    }
}
