//! The cockpit's messages and the phrases screens share, in Swedish, in one
//! place. A table's column titles and a detail page's field labels stay with
//! the code that fills them: they are that screen's layout, and reading them
//! there is what keeps the screen's code legible.

use crate::data::{MAX_ROWS, ReadError};
use crate::snapshot::spec::MAX_VALUE_BYTES;

pub const CANCELLED: &str = "Avbrutet: hämtningen stoppades, vyn är oförändrad.";
pub const NO_PERIODS: &str = "Ögonblicksbilden har inga perioder.";
pub const NO_EXCEPTIONS: &str = "Inga avvikelser här.";
pub const NO_FRAMES: &str = "Ögonblicksbilden har inga budgetramar.";
pub const NOT_SHOWN: &str = "Raden syns inte i den här vyn.";

/// After a search hit took the cockpit to another period.
/// `n` or `N` with no search to walk.
pub const NO_SEARCH: &str = "Ingen sökning än: / söker, sedan går n och N mellan träffarna.";

pub fn no_matches(query: &str) -> String {
    format!("Inget hittades för \"{query}\".")
}

/// Where `n` or `N` landed: hit `at` of `of`, and the period it switched to.
pub fn search_match(at: usize, of: usize, query: &str, switched: Option<&str>) -> String {
    let period = switched.map_or(String::new(), |label| format!(" · visar {label}"));
    format!("Träff {at} av {of} för \"{query}\"{period} · Esc tillbaka")
}

pub fn period_switched(label: &str) -> String {
    format!("Träffen har siffror i {label}: visar den perioden · Esc tillbaka")
}

/// A read error as the footer says it. SQLite's own message, when there is
/// one, is kept as it is: it is what a search would find.
pub fn read_error(e: &ReadError) -> String {
    match e {
        ReadError::Cancelled => CANCELLED.to_string(),
        ReadError::TooBig => format!(
            "Ett värde är mycket större än formatets {MAX_VALUE_BYTES} byte och lästes inte in \
             (`tertial check` visar raden)."
        ),
        ReadError::TooManyRows => format!(
            "Vyn skulle behöva fler än {} rader, fler än cockpiten läser (`tertial check` visar \
             vad som kräver dem).",
            crate::domain::number::grouped(MAX_ROWS as u64)
        ),
        ReadError::Failed(detail) => format!("Ögonblicksbilden kunde inte läsas: {detail}"),
    }
}

/// A figure the snapshot does not state, in a headline or a detail.
pub const UNKNOWN: &str = "uppgift saknas";

/// The forecast's deviation from the full-year budget: not the forecast
/// result, which the reports rarely give.
pub const FORECAST_DEVIATION: &str = "Prognos, avvikelse helår";
/// After a cost development taken from the unit's net-cost line.
pub const NET_COST_LINE: &str = " nettokostn.";
/// Where the full-year forecast stands, beside the line's own source.
pub const FORECAST_SOURCE: &str = "Källa, prognos";

/// How Ekonomi's signs read, in its caption.
pub const ECONOMY_SIGNS: &str = "avvikelse och prognosavv. = effekt på resultatet, − sämre än budget · kostnader har negativt utfall";
/// The heading of a detail page for something the period does not have.
pub const MISSING_HEADING: &str = "Uppgift saknas";
/// `a` where no row can carry a note.
pub const NO_NOTE_HERE: &str = "Här finns ingen rad att anteckna på.";
pub const NOTE_SAVED: &str = "Anteckningen sparades.";
pub const NOTE_KEPT_BOTH: &str =
    "Anteckningen hade ändrats i en annan session; din version sparades bredvid den.";
/// The follow-up list's heading for notes whose row this snapshot lacks.
pub const WITHOUT_ROW: &str = "utan rad i den här ögonblicksbilden";
/// The follow-up list's title, and its text when there are no notes.
pub const FOLLOW_UP_TITLE: &str = "Att följa upp";
pub const NO_NOTES: &str = "Inga anteckningar för den här organisationen. a på en rad skriver en.";
/// The note editor's title, its keys, and what it says when asked to
/// close with changes or when the text is full.
pub const NOTE_TITLE: &str = "Anteckning";
pub const NOTE_KEYS: &str =
    "Ctrl-S spara · Enter ny rad · Tab flagga · Ctrl-E redigerare · Esc stäng";
pub const NOTE_DISCARD: &str =
    "Kasta det du skrivit? Esc eller j kastar, annan tangent fortsätter.";
/// Says [`crate::notes::NOTE_MAX`] (a test keeps them together).
pub const NOTE_FULL: &str = "En anteckning rymmer högst 4 000 tecken.";
pub const NOTE_FOOTER: &str = "Anteckning: Ctrl-S sparar, Esc stänger";
/// `a` where no notes file was opened (`tertial render` without `--notes`).
pub const NO_NOTES_FILE: &str = "Anteckningar otillgängliga: ingen anteckningsfil är öppnad.";
/// A detail page's section of the user's own notes.
pub const NOTES_HEADING: &str = "Anteckningar";
/// After a made-up figure's name.
pub const ILLUSTRATIVE_MARK: &str = " (illustrativ)";
/// The one-column mark of a table where many rows may be illustrative,
/// explained once by [`ILLUSTRATIVE_LEGEND`].
pub const ILLUSTRATIVE_STAR: &str = " *";
pub const ILLUSTRATIVE_LEGEND: &str = "  (* illustrativ)";
/// More notices than the caption has room for.
/// "1 uppdrag", "3 uppdrag": the word is the same, the count carries it.
pub fn directives_count(n: usize) -> String {
    format!("{n} uppdrag")
}

pub fn notices_here(n: usize) -> String {
    format!("{n} noteringar (Översikt): ")
}
/// The header's count of the period's notices.
pub fn notice_count(n: usize) -> String {
    format!("{n} {}", if n == 1 { "notering" } else { "noteringar" })
}
/// The footer while searching.
pub const SEARCH_PROMPT: &str = "Sök: ";
pub const SEARCH_KEYS: &str = "  Enter gå dit · ↑↓ tidigare · Esc avbryt";
/// The help overlay.
pub const HELP_TITLE: &str = " Tangenter ";
pub const HELP_CLOSE: &str = "Valfri annan tangent stänger.";
pub const HELP_MORE: &str = " j/k bläddrar ";
/// The header when a snapshot has no period.
pub const NO_PERIOD_LABEL: &str = "(inga perioder)";

/// `y`, `Y` and `e`.
pub fn copied_row(name: &str) -> String {
    format!("Kopierade raden {} till urklipp.", name.trim())
}
pub fn copied_rows(n: usize) -> String {
    format!(
        "Kopierade {} till urklipp.",
        if n == 1 {
            "1 rad".to_string()
        } else {
            format!("{} rader", crate::domain::number::grouped(n as u64))
        }
    )
}
pub const COPY_OFF: &str =
    "Kopiering via terminalen (OSC 52) är avstängd; e sparar tabellen som fil.";
/// What to put in `~/.tmux.conf` so that a program's copy gets through
/// (`config::tmux` finds out whether it is needed; `tertial info` says it too).
pub const TMUX_COPY_FIX: &str = "set -g set-clipboard on";
pub fn copy_held_by_tmux() -> String {
    format!("tmux släpper inte fram kopian: lägg {TMUX_COPY_FIX} i ~/.tmux.conf")
}
pub fn copy_too_large(bytes: usize) -> String {
    format!(
        "För mycket för terminalens urklipp ({} byte, högst {}); e sparar tabellen som fil.",
        crate::domain::number::grouped(bytes as u64),
        crate::domain::number::grouped(crate::export::osc52::MAX_TEXT_BYTES as u64)
    )
}
pub const NOTHING_TO_COPY: &str = "Inget att kopiera här.";
/// Text that came faster than anyone types, outside the search prompt.
pub fn burst_dropped(chars: usize) -> String {
    format!(
        "{} tecken kom på en gång och kördes inte som kommandon (sök: / först).",
        crate::domain::number::grouped(chars as u64)
    )
}
/// The question before a write that follows a burst.
pub const CONFIRM_WRITE: &str =
    "Tangenterna kom snabbare än någon skriver. Spara tabellen till fil? ";
pub const CONFIRM_KEYS: &str = "j sparar · annan tangent avbryter";
pub const WRITE_CANCELLED: &str = "Inget sparades.";
/// Ctrl-E in the note editor without an editor to hand the text to.
pub const NO_EDITOR: &str =
    "Ingen extern redigerare: sätt $VISUAL eller $EDITOR (t.ex. export EDITOR=nano).";
pub const NO_HAND_OVER: &str = "En extern redigerare kan inte ta över terminalen här.";
pub fn editor_failed(why: &str) -> String {
    format!(
        "Redigeraren gav ingen text ({}); anteckningen är som förut.",
        crate::domain::text::excerpt(why)
    )
}
pub fn exported(rows: usize, path: &str) -> String {
    format!(
        "Sparade {} i {path}.",
        if rows == 1 {
            "1 rad".to_string()
        } else {
            format!("{} rader", crate::domain::number::grouped(rows as u64))
        }
    )
}
