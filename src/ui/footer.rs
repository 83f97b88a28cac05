//! What the footer says ([`FooterMessage`]; `domain::status` is a
//! directive's status): typed until it is drawn, so that code compares
//! messages, not sentences, and the Swedish words live in one place
//! ([`super::strings`]).

use super::strings;
use crate::data::ReadError;
use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FooterMessage {
    /// The user stopped a slow query: what they saw stays.
    Cancelled,
    /// A read failed (never [`ReadError::Cancelled`], which is `Cancelled`).
    ReadFailed(ReadError),
    /// The snapshot has no periods, so there is nothing to build.
    NoPeriods,
    /// The exception walk found nothing to stop at.
    NoExceptions,
    /// `n`/`N` before any search this session.
    NoSearch,
    /// `n`/`N` after a search that found nothing (its text).
    NoMatches(String),
    /// `n`/`N` landed on hit `at` of `of` for `query`, in the period
    /// named if it had to switch to it.
    Match {
        at: usize,
        of: usize,
        query: String,
        switched: Option<String>,
    },
    /// `b` in a snapshot without budget frames.
    NoFrames,
    /// A jump found no row with the id it was to select.
    NotShown,
    /// A search hit took the cockpit to this period (its label).
    PeriodSwitched(String),
    /// A warning about the file, said once on opening (already printable).
    FileWarning(String),
    /// `y` put the row with this name on the clipboard.
    CopiedRow(String),
    /// `Y` (or `y` on a detail) put this many rows on the clipboard.
    CopiedRows(usize),
    /// Copying through the terminal is turned off.
    CopyOff,
    /// The copy was sent, but tmux, with this `set-clipboard`, keeps it.
    CopyHeldByTmux(String),
    /// The text, of this many bytes, is more than terminals take.
    CopyTooLarge(usize),
    /// Nothing here to copy or export.
    NothingToCopy,
    /// `e` wrote this many rows to this file.
    Exported { rows: usize, path: String },
    /// `e` could not write (the sentence, in Swedish).
    ExportFailed(String),
    /// Text of this many characters arrived at once outside a prompt and
    /// was not run as keys.
    BurstDropped(usize),
    /// A write that followed a burst was not confirmed.
    WriteCancelled,
    /// Notes cannot be read or written (the sentence, in Swedish).
    NotesUnavailable(String),
    /// `a` on a row notes cannot be written on.
    NoNoteHere,
    /// A note was saved; `true`: beside a version changed meanwhile.
    NoteSaved(bool),
}

impl From<ReadError> for FooterMessage {
    fn from(e: ReadError) -> FooterMessage {
        match e {
            ReadError::Cancelled => FooterMessage::Cancelled,
            e => FooterMessage::ReadFailed(e),
        }
    }
}

impl FooterMessage {
    /// The sentence the footer shows.
    pub fn describe(&self) -> Cow<'static, str> {
        match self {
            FooterMessage::Cancelled => strings::CANCELLED.into(),
            FooterMessage::ReadFailed(e) => strings::read_error(e).into(),
            FooterMessage::NoPeriods => strings::NO_PERIODS.into(),
            FooterMessage::NoExceptions => strings::NO_EXCEPTIONS.into(),
            FooterMessage::NoSearch => strings::NO_SEARCH.into(),
            FooterMessage::NoMatches(query) => strings::no_matches(query).into(),
            FooterMessage::Match {
                at,
                of,
                query,
                switched,
            } => strings::search_match(*at, *of, query, switched.as_deref()).into(),
            FooterMessage::NoFrames => strings::NO_FRAMES.into(),
            FooterMessage::NotShown => strings::NOT_SHOWN.into(),
            FooterMessage::PeriodSwitched(label) => strings::period_switched(label).into(),
            FooterMessage::FileWarning(text) => text.clone().into(),
            FooterMessage::CopiedRow(name) => strings::copied_row(name).into(),
            FooterMessage::CopiedRows(n) => strings::copied_rows(*n).into(),
            FooterMessage::CopyOff => strings::COPY_OFF.into(),
            FooterMessage::CopyHeldByTmux(_) => strings::copy_held_by_tmux().into(),
            FooterMessage::CopyTooLarge(bytes) => strings::copy_too_large(*bytes).into(),
            FooterMessage::NothingToCopy => strings::NOTHING_TO_COPY.into(),
            FooterMessage::Exported { rows, path } => strings::exported(*rows, path).into(),
            FooterMessage::ExportFailed(text) => text.clone().into(),
            FooterMessage::BurstDropped(chars) => strings::burst_dropped(*chars).into(),
            FooterMessage::WriteCancelled => strings::WRITE_CANCELLED.into(),
            FooterMessage::NotesUnavailable(text) => text.clone().into(),
            FooterMessage::NoNoteHere => strings::NO_NOTE_HERE.into(),
            FooterMessage::NoteSaved(false) => strings::NOTE_SAVED.into(),
            FooterMessage::NoteSaved(true) => strings::NOTE_KEPT_BOTH.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_errors_are_said_in_swedish() {
        let said = |e| FooterMessage::from(e).describe().into_owned();
        assert!(said(ReadError::TooBig).starts_with("Ett värde är mycket större"));
        assert!(said(ReadError::TooManyRows).contains("fler än 250 000 rader"));
        assert_eq!(
            said(ReadError::Failed("disk I/O error".into())),
            "Ögonblicksbilden kunde inte läsas: disk I/O error"
        );
        assert_eq!(
            FooterMessage::from(ReadError::Cancelled),
            FooterMessage::Cancelled
        );
        assert_eq!(said(ReadError::Cancelled), strings::CANCELLED);
    }
}
