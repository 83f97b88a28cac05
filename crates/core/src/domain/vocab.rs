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

/// A closed vocabulary as a Rust enum and its [`Vocab`] table, from one list:
/// each variant's stored code, the Swedish word users read, and other words
/// import accepts. The enum is what the cockpit compares; the table is what
/// import and check read.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident in $table:ident ($what:literal) {
            $($variant:ident = $code:literal, $sv:literal $([$($alias:literal),*])?;)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            pub const ALL: [$name; [$($code),+].len()] = [$($name::$variant),+];

            /// From the code stored in a snapshot (exact).
            pub fn from_code(code: &str) -> Option<$name> {
                match code {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }

            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            /// The Swedish word, as users read and write it.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $sv),+
                }
            }
        }

        pub static $table: Vocab = Vocab {
            name: $what,
            terms: &[$(term!($code, $sv $(, [$($alias),*])?)),+],
        };
    };
}

vocabulary! {
    /// What kind of report a period is.
    pub enum PeriodKind in PERIOD_KIND ("period kind") {
        Month = "month", "månad" ["månadsuppföljning"];
        Tertial = "tertial", "tertial" ["tertialrapport", "uppföljningsrapport"];
        Interim = "interim", "delår" ["delårsrapport"];
        YearEnd = "year_end", "helår" ["årsredovisning", "bokslut"];
    }
}

vocabulary! {
    /// The level of an organisation unit.
    pub enum OrgKind in ORG_KIND ("organisation kind") {
        Region = "region", "region";
        Council = "council", "fullmäktige" ["regionfullmäktige"];
        Board = "board", "nämnd" ["styrelse"];
        Committee = "committee", "beredning";
        Administration = "administration", "förvaltning";
        Frame = "frame", "ram" ["politisk ram"];
        Area = "area", "område";
        Unit = "unit", "enhet" ["basenhet"];
    }
}

vocabulary! {
    /// Which side of the result a cost type is on.
    pub enum CostGroup in COST_GROUP ("cost type group") {
        Revenue = "revenue", "intäkt" ["intäkter"];
        Cost = "cost", "kostnad" ["kostnader"];
        Net = "net", "netto" ["nettokostnad"];
        Financing = "financing", "finansiering";
    }
}

vocabulary! {
    /// Whether a row's parts are all stated, or only some ("varav").
    pub enum Breakdown in BREAKDOWN ("breakdown") {
        Complete = "complete", "fullständig" ["hel"];
        Partial = "partial", "delvis" ["varav"];
    }
}

vocabulary! {
    /// What a change in a budget frame is.
    pub enum ChangeKind in CHANGE_KIND ("frame change kind") {
        Addition = "addition", "tillskott" ["budgettillskott"];
        Reallocation = "reallocation", "omfördelning";
        Technical = "technical", "teknisk justering" ["teknisk"];
    }
}

vocabulary! {
    /// What a board plans to do with a unit, ward or service (format 4).
    pub enum PlannedKind in PLANNED_KIND ("planned change kind") {
        Open = "open", "öppnar" ["etablering", "ny"];
        Move = "move", "flyttas" ["flytt"];
        Change = "change", "förändras" ["förändring"];
        Close = "close", "stängs" ["avveckling"];
    }
}

vocabulary! {
    /// Whether a goal is about the operation or the finances.
    pub enum GoalKind in GOAL_KIND ("goal kind") {
        Operational = "operational", "verksamhetsmål" ["verksamhet"];
        Financial = "financial", "finansiellt mål" ["finansiellt"];
    }
}

pub static JUDGEMENT: Vocab = Vocab {
    name: "judgement",
    terms: &[
        term!("full", "helt", ["uppfylls helt", "uppfylls", "grön"]),
        term!("partial", "delvis", ["uppfylls delvis", "gul"]),
        term!("not", "inte", ["uppfylls inte", "röd"]),
        term!("no_data", "inga data", ["ingen bedömning", "grå"]),
    ],
};

vocabulary! {
    /// Which way an indicator improves.
    pub enum Direction in DIRECTION ("direction") {
        HigherIsBetter = "higher", "högre är bättre" ["högre"];
        LowerIsBetter = "lower", "lägre är bättre" ["lägre"];
    }
}

pub static DIRECTIVE_STATUS: Vocab = Vocab {
    name: "directive status",
    terms: &[
        term!("ongoing", "Pågående"),
        term!("done", "Klar"),
        term!("done_with_deviation", "Klar med avvikelse"),
        term!("not_started", "Ej påbörjad"),
        term!("yearly", "Rapporteras årsvis", ["årsvis", "helår"]),
        term!("not_stated", "Ej angiven", ["anges ej"]),
    ],
};

vocabulary! {
    /// A report's own judgement of whether a directive, or the measure of
    /// its target, is reached. Stated by a producer, never inferred from
    /// the analysis text; none stated reads as `NotJudged`.
    pub enum Achievement in ACHIEVEMENT ("judgement of a directive") {
        Met = "met", "uppnås" ["uppnått", "kommer att uppnås"];
        Partly = "partly", "delvis" ["uppnås delvis", "delvis uppnått"];
        NotMet = "not_met", "uppnås ej" ["uppnås inte", "kommer inte att uppnås"];
        NotJudged = "not_judged", "ej bedömd" ["ingen bedömning"];
    }
}

impl Achievement {
    /// Partly or not reached: what the overview and `n` count as at risk.
    pub fn at_risk(self) -> bool {
        matches!(self, Achievement::Partly | Achievement::NotMet)
    }
}

vocabulary! {
    /// What a data-quality notice is about.
    pub enum Topic in TOPIC ("notice topic") {
        General = "general", "allmänt";
        Economy = "economy", "ekonomi";
        Goals = "goals", "mål";
        Directives = "directives", "uppdrag";
        Beds = "beds", "vårdplatser";
        Kpi = "kpi", "nyckeltal";
    }
}

vocabulary! {
    /// What kind of notice: a caveat on the data, or a report that states
    /// one figure two ways (both kept as stated, both places named).
    pub enum NoticeKind in NOTICE_KIND ("notice kind") {
        Caveat = "caveat", "förbehåll";
        Contradiction = "contradiction", "motsägelse" ["motsägelser", "självmotsägelse"];
    }
}

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
    fn typed_vocabularies_agree_with_their_tables() {
        for topic in Topic::ALL {
            assert_eq!(
                TOPIC.lookup(topic.code()).map(|t| t.label_sv),
                Some(topic.label())
            );
            assert_eq!(Topic::from_code(topic.code()), Some(topic));
        }
        assert_eq!(TOPIC.terms.len(), Topic::ALL.len());
        assert_eq!(
            ChangeKind::from_code("addition").map(ChangeKind::label),
            Some("tillskott")
        );
        assert_eq!(
            Direction::from_code("lower"),
            Some(Direction::LowerIsBetter)
        );
        assert_eq!(Topic::from_code("Beds"), None, "stored codes are exact");
    }

    #[test]
    fn described_for_messages() {
        assert_eq!(
            DIRECTION.describe(),
            "higher (högre är bättre) or lower (lägre är bättre)"
        );
    }
}
