//! The snapshot format's closed vocabularies: the English codes stored in a
//! snapshot, the Swedish words users write in CSV files and read in the
//! cockpit.

/// One word of a vocabulary.
#[derive(Debug)]
pub struct Term {
    /// Stored in the snapshot.
    pub code: &'static str,
    /// Shown to users.
    pub label_sv: &'static str,
    /// Other spellings accepted on import (compared case-insensitively).
    pub aliases: &'static [&'static str],
}

/// A closed list of terms.
#[derive(Debug)]
pub struct Vocab {
    pub name: &'static str,
    pub terms: &'static [Term],
}

impl Vocab {
    /// Finds the term for a code or any accepted spelling, ignoring case and
    /// surrounding space.
    pub fn lookup(&self, text: &str) -> Option<&'static Term> {
        let text = text.trim();
        self.terms.iter().find(|t| {
            t.code.eq_ignore_ascii_case(text)
                || t.label_sv.to_lowercase() == text.to_lowercase()
                || t.aliases
                    .iter()
                    .any(|a| a.to_lowercase() == text.to_lowercase())
        })
    }

    /// Whether `code` is one of the stored codes (exact match).
    pub fn has_code(&self, code: &str) -> bool {
        self.terms.iter().any(|t| t.code == code)
    }

    pub fn codes(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.terms.iter().map(|t| t.code)
    }

    /// "a, b or c", for messages.
    pub fn describe(&self) -> String {
        let words: Vec<String> = self
            .terms
            .iter()
            .map(|t| {
                if t.label_sv.eq_ignore_ascii_case(t.code) {
                    t.code.to_string()
                } else {
                    format!("{} ({})", t.code, t.label_sv)
                }
            })
            .collect();
        match words.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {}", rest.join(", "), last),
            Some((last, _)) => last.clone(),
            None => String::new(),
        }
    }
}

macro_rules! term {
    ($code:literal, $sv:literal) => {
        Term { code: $code, label_sv: $sv, aliases: &[] }
    };
    ($code:literal, $sv:literal, [$($alias:literal),*]) => {
        Term { code: $code, label_sv: $sv, aliases: &[$($alias),*] }
    };
}

pub static PERIOD_KIND: Vocab = Vocab {
    name: "period kind",
    terms: &[
        term!("month", "månad", ["månadsuppföljning"]),
        term!(
            "tertial",
            "tertial",
            ["tertialrapport", "uppföljningsrapport"]
        ),
        term!("interim", "delår", ["delårsrapport"]),
        term!("year_end", "helår", ["årsredovisning", "bokslut"]),
    ],
};

pub static ORG_KIND: Vocab = Vocab {
    name: "organisation kind",
    terms: &[
        term!("region", "region"),
        term!("council", "fullmäktige", ["regionfullmäktige"]),
        term!("board", "nämnd", ["styrelse"]),
        term!("committee", "beredning"),
        term!("administration", "förvaltning"),
        term!("frame", "ram", ["politisk ram"]),
        term!("area", "område"),
        term!("unit", "enhet", ["basenhet"]),
    ],
};

pub static COST_GROUP: Vocab = Vocab {
    name: "cost type group",
    terms: &[
        term!("revenue", "intäkt", ["intäkter"]),
        term!("cost", "kostnad", ["kostnader"]),
        term!("net", "netto", ["nettokostnad"]),
        term!("financing", "finansiering"),
    ],
};

pub static BREAKDOWN: Vocab = Vocab {
    name: "breakdown",
    terms: &[
        term!("complete", "fullständig", ["hel"]),
        term!("partial", "delvis", ["varav"]),
    ],
};

pub static CHANGE_KIND: Vocab = Vocab {
    name: "frame change kind",
    terms: &[
        term!("addition", "tillskott", ["budgettillskott"]),
        term!("reallocation", "omfördelning"),
        term!("technical", "teknisk justering", ["teknisk"]),
    ],
};

pub static GOAL_KIND: Vocab = Vocab {
    name: "goal kind",
    terms: &[
        term!("operational", "verksamhetsmål", ["verksamhet"]),
        term!("financial", "finansiellt mål", ["finansiellt"]),
    ],
};

pub static JUDGEMENT: Vocab = Vocab {
    name: "judgement",
    terms: &[
        term!("full", "helt", ["uppfylls helt", "uppfylls", "grön"]),
        term!("partial", "delvis", ["uppfylls delvis", "gul"]),
        term!("not", "inte", ["uppfylls inte", "röd"]),
        term!("no_data", "inga data", ["ingen bedömning", "grå"]),
    ],
};

pub static DIRECTION: Vocab = Vocab {
    name: "direction",
    terms: &[
        term!("higher", "högre är bättre", ["högre"]),
        term!("lower", "lägre är bättre", ["lägre"]),
    ],
};

pub static DIRECTIVE_STATUS: Vocab = Vocab {
    name: "directive status",
    terms: &[
        term!("ongoing", "Pågående"),
        term!("done", "Klar"),
        term!("done_with_deviation", "Klar med avvikelse"),
        term!("not_started", "Ej påbörjad"),
        term!("yearly", "Rapporteras årsvis", ["årsvis", "helår"]),
    ],
};

pub static TOPIC: Vocab = Vocab {
    name: "notice topic",
    terms: &[
        term!("general", "allmänt"),
        term!("economy", "ekonomi"),
        term!("goals", "mål"),
        term!("directives", "uppdrag"),
        term!("beds", "vårdplatser"),
        term!("kpi", "nyckeltal"),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_words_and_codes_both_resolve() {
        assert_eq!(
            DIRECTIVE_STATUS.lookup("Pågående").map(|t| t.code),
            Some("ongoing")
        );
        assert_eq!(
            DIRECTIVE_STATUS.lookup("pågående").map(|t| t.code),
            Some("ongoing")
        );
        assert_eq!(
            DIRECTIVE_STATUS
                .lookup("KLAR MED AVVIKELSE")
                .map(|t| t.code),
            Some("done_with_deviation")
        );
        assert_eq!(
            JUDGEMENT.lookup(" inga data ").map(|t| t.code),
            Some("no_data")
        );
        assert_eq!(JUDGEMENT.lookup("partial").map(|t| t.code), Some("partial"));
        assert!(JUDGEMENT.lookup("kanske").is_none());
    }

    #[test]
    fn stored_codes_match_exactly() {
        assert!(TOPIC.has_code("beds"));
        assert!(!TOPIC.has_code("Beds"), "stored codes are exact");
        assert!(
            !TOPIC.has_code("vårdplatser"),
            "Swedish words are not stored"
        );
    }

    #[test]
    fn described_for_messages() {
        assert_eq!(
            DIRECTION.describe(),
            "higher (högre är bättre) or lower (lägre är bättre)"
        );
    }
}
