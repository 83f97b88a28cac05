//! The controller's own layer: notes and flags on rows, kept in a SQLite
//! file of their own in the user's data folder, never in a snapshot and
//! never beside one. A note is keyed by what its row *is*
//! ([`subject::Subject`]) within the snapshot's organisation, so that the
//! next snapshot of the same organisation shows it on the same row.
//!
//! Nothing here knows the terminal: the cockpit and `tertial notes` both
//! read and write through [`store::NotesStore`]. Texts are stored as the
//! user typed them; whoever shows one sanitises it
//! ([`crate::domain::text::sanitize`]).

pub mod exchange;
pub mod store;
pub mod subject;

pub use store::{NotesStore, Saved, Unavailable};
pub use subject::{Kind, Subject};

/// The most characters a note's text may have: a long paragraph or two,
/// enough for any follow-up, and a cap so that a huge paste cannot make
/// the notes file or a frame heavy. The editor stops at it; the store
/// refuses more, and an import cuts to it.
pub const NOTE_MAX: usize = 4_000;

/// The short fixed list of flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Flag {
    /// A question to ask.
    Question,
    Risk,
    /// For the board.
    Board,
    Done,
}

impl Flag {
    pub const ALL: [Flag; 4] = [Flag::Question, Flag::Risk, Flag::Board, Flag::Done];

    /// The stable code in the notes file and exports.
    pub fn code(self) -> &'static str {
        match self {
            Flag::Question => "fraga",
            Flag::Risk => "risk",
            Flag::Board => "till-namnden",
            Flag::Done => "klar",
        }
    }

    /// The Swedish word the cockpit shows.
    pub fn label(self) -> &'static str {
        match self {
            Flag::Question => "fråga",
            Flag::Risk => "risk",
            Flag::Board => "till nämnden",
            Flag::Done => "klar",
        }
    }

    /// A flag from its code or its Swedish word (any case, with or without
    /// å and ä).
    pub fn parse(text: &str) -> Option<Flag> {
        let wanted = text.trim().to_lowercase();
        Flag::ALL.into_iter().find(|f| {
            f.code() == wanted || f.label() == wanted || f.code().replace('-', " ") == wanted
        })
    }
}

/// One note, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Random, uuid-like, kept across export and import.
    pub id: String,
    /// The organisation of the snapshot it was written on (`meta.organisation`).
    pub organisation: String,
    pub subject: Subject,
    /// What the subject was, in words, when the note was written
    /// ("Hälso- och sjukvårdsnämnden · Material"): shown where the row is
    /// gone from a later snapshot.
    pub about: String,
    pub text: String,
    pub flag: Option<Flag>,
    /// RFC 3339, UTC.
    pub created: String,
    pub updated: String,
    /// The period in view when it was written: its id and label.
    pub period: String,
    pub period_label: String,
    /// The snapshot's report date (`meta.created_at`) when it was written.
    pub report_date: String,
    /// The row's figure as the cockpit showed it then ("Avvikelse −102 mkr").
    pub figure: Option<String>,
    /// Raised by every write; an edit made from an older revision is saved
    /// as a new note rather than over a colleague's or another session's
    /// change ([`NotesStore::save`]).
    pub revision: i64,
}

/// What the cockpit knows when the user saves a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The note edited, with the revision the edit started from; `None` for
    /// a new note.
    pub base: Option<(String, i64)>,
    pub organisation: String,
    pub subject: Subject,
    pub about: String,
    pub text: String,
    pub flag: Option<Flag>,
    pub period: String,
    pub period_label: String,
    pub report_date: String,
    pub figure: Option<String>,
}

/// A new random note id, shaped like a UUID (version 4 layout), from the
/// standard library's per-process random keys, the clock and a counter.
pub fn new_id() -> String {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let half = |salt: u64| {
        let mut h = RandomState::new().build_hasher();
        h.write_u128(nanos);
        h.write_u64(count);
        h.write_u32(std::process::id());
        h.write_u64(salt);
        h.finish()
    };
    let (a, b) = (half(1), half(2));
    let a = (a & !0xf000) | 0x4000;
    let b = (b & !(0xc << 60)) | (0x8 << 60);
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xffff,
        b >> 48,
        b & 0xffff_ffff_ffff
    )
}

/// Now, as notes store it: RFC 3339 in UTC, to the second.
pub fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Whether `text` fits [`NOTE_MAX`].
pub fn fits(text: &str) -> bool {
    text.chars().count() <= NOTE_MAX
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_uuid_shaped_and_distinct() {
        let ids: std::collections::HashSet<String> = (0..1000).map(|_| new_id()).collect();
        assert_eq!(ids.len(), 1000);
        for id in ids.iter().take(20) {
            assert_eq!(id.len(), 36, "{id}");
            assert_eq!(id.as_bytes()[14], b'4', "{id}");
            assert!(id.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
        }
    }

    #[test]
    fn flags_parse_from_code_and_word() {
        assert_eq!(Flag::parse("fråga"), Some(Flag::Question));
        assert_eq!(Flag::parse("fraga"), Some(Flag::Question));
        assert_eq!(Flag::parse("Till nämnden"), Some(Flag::Board));
        assert_eq!(Flag::parse("till-namnden"), Some(Flag::Board));
        assert_eq!(Flag::parse("till namnden"), Some(Flag::Board));
        assert_eq!(Flag::parse("KLAR"), Some(Flag::Done));
        assert_eq!(Flag::parse("viktig"), None);
    }

    #[test]
    fn the_cap_counts_characters() {
        assert!(fits(&"å".repeat(NOTE_MAX)));
        assert!(!fits(&"a".repeat(NOTE_MAX + 1)));
    }
}
