//! What the footer says: typed until it is drawn, so that code compares
//! statuses, not sentences, and the Swedish words live in one place
//! ([`super::strings`]).

use super::strings;
use crate::data::ReadError;
use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
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

impl From<ReadError> for Status {
    fn from(e: ReadError) -> Status {
        match e {
            ReadError::Cancelled => Status::Cancelled,
            e => Status::ReadFailed(e),
        }
    }
}

impl Status {
    /// The sentence the footer shows.
    pub fn describe(&self) -> Cow<'static, str> {
        match self {
            Status::Cancelled => strings::CANCELLED.into(),
            Status::ReadFailed(e) => strings::read_error(e).into(),
            Status::NoPeriods => strings::NO_PERIODS.into(),
            Status::NoExceptions => strings::NO_EXCEPTIONS.into(),
            Status::NoSearch => strings::NO_SEARCH.into(),
            Status::NoMatches(query) => strings::no_matches(query).into(),
            Status::Match {
                at,
                of,
                query,
                switched,
            } => strings::search_match(*at, *of, query, switched.as_deref()).into(),
            Status::NoFrames => strings::NO_FRAMES.into(),
            Status::NotShown => strings::NOT_SHOWN.into(),
            Status::PeriodSwitched(label) => strings::period_switched(label).into(),
            Status::FileWarning(text) => text.clone().into(),
            Status::CopiedRow(name) => strings::copied_row(name).into(),
            Status::CopiedRows(n) => strings::copied_rows(*n).into(),
            Status::CopyOff => strings::COPY_OFF.into(),
            Status::CopyHeldByTmux(_) => strings::copy_held_by_tmux().into(),
            Status::CopyTooLarge(bytes) => strings::copy_too_large(*bytes).into(),
            Status::NothingToCopy => strings::NOTHING_TO_COPY.into(),
            Status::Exported { rows, path } => strings::exported(*rows, path).into(),
            Status::ExportFailed(text) => text.clone().into(),
            Status::BurstDropped(chars) => strings::burst_dropped(*chars).into(),
            Status::WriteCancelled => strings::WRITE_CANCELLED.into(),
            Status::NotesUnavailable(text) => text.clone().into(),
            Status::NoNoteHere => strings::NO_NOTE_HERE.into(),
            Status::NoteSaved(false) => strings::NOTE_SAVED.into(),
            Status::NoteSaved(true) => strings::NOTE_KEPT_BOTH.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_errors_are_said_in_swedish() {
        let said = |e| Status::from(e).describe().into_owned();
        assert!(said(ReadError::TooBig).starts_with("Ett värde är mycket större"));
        assert!(said(ReadError::TooManyRows).contains("fler än 250 000 rader"));
        assert_eq!(
            said(ReadError::Failed("disk I/O error".into())),
            "Ögonblicksbilden kunde inte läsas: disk I/O error"
        );
        assert_eq!(Status::from(ReadError::Cancelled), Status::Cancelled);
        assert_eq!(said(ReadError::Cancelled), strings::CANCELLED);
    }
}
