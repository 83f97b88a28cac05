//! What a note is about, keyed by what the row *is* — the subject's kind,
//! its ids in the snapshot, and the period when the note is about one
//! period — never by a row number, so that next month's snapshot of the
//! same organisation finds the same rows.

use std::fmt::Write;

/// The kinds of thing a note can be about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// An organisational unit's total (ids: unit).
    Unit,
    /// One cost type of a unit (ids: unit, cost type).
    CostType,
    /// A row of a board's frames and bridge (ids: board, row).
    Frame,
    /// A goal (ids: goal).
    Goal,
    /// A delmål (ids: goal).
    SubGoal,
    /// An indicator (ids: indicator).
    Indicator,
    /// A directive, uppdrag (ids: directive).
    Directive,
    /// A key figure (ids: key figure).
    KeyFigure,
    /// A unit's bed series (ids: unit).
    Beds,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Unit,
        Kind::CostType,
        Kind::Frame,
        Kind::Goal,
        Kind::SubGoal,
        Kind::Indicator,
        Kind::Directive,
        Kind::KeyFigure,
        Kind::Beds,
    ];

    /// The stable code in the key and in exports.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Unit => "unit",
            Kind::CostType => "cost-type",
            Kind::Frame => "frame",
            Kind::Goal => "goal",
            Kind::SubGoal => "sub-goal",
            Kind::Indicator => "indicator",
            Kind::Directive => "directive",
            Kind::KeyFigure => "key-figure",
            Kind::Beds => "beds",
        }
    }

    /// The Swedish word the cockpit shows.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Unit => "enhet",
            Kind::CostType => "kostnadsslag",
            Kind::Frame => "ram",
            Kind::Goal => "mål",
            Kind::SubGoal => "delmål",
            Kind::Indicator => "indikator",
            Kind::Directive => "uppdrag",
            Kind::KeyFigure => "nyckeltal",
            Kind::Beds => "vårdplatser",
        }
    }

    pub fn parse(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A note's subject: kind, ids, and the period when it is about one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Subject {
    pub kind: Kind,
    pub ids: Vec<String>,
    pub period: Option<String>,
}

impl Subject {
    pub fn new(kind: Kind, ids: &[&str]) -> Subject {
        Subject {
            kind,
            ids: ids.iter().map(|s| (*s).to_string()).collect(),
            period: None,
        }
    }

    /// The same subject, about one period.
    pub fn in_period(mut self, period: impl Into<String>) -> Subject {
        self.period = Some(period.into());
        self
    }

    /// The canonical text form, `kind:id/id@period`, with `%`, `/`, `@` and
    /// `:` in ids escaped as `%XX`: what the notes file stores and matches.
    pub fn key(&self) -> String {
        let mut out = String::from(self.kind.code());
        out.push(':');
        for (i, id) in self.ids.iter().enumerate() {
            if i > 0 {
                out.push('/');
            }
            escape(&mut out, id);
        }
        if let Some(period) = &self.period {
            out.push('@');
            escape(&mut out, period);
        }
        out
    }

    /// The subject a [`Subject::key`] names; `None` for a text that is not one.
    pub fn parse(key: &str) -> Option<Subject> {
        let (kind, rest) = key.split_once(':')?;
        let kind = Kind::parse(kind)?;
        let (ids, period) = match rest.split_once('@') {
            Some((ids, period)) => (ids, Some(unescape(period)?)),
            None => (rest, None),
        };
        let ids = ids.split('/').map(unescape).collect::<Option<Vec<_>>>()?;
        Some(Subject { kind, ids, period })
    }
}

fn escape(out: &mut String, id: &str) {
    for c in id.chars() {
        if matches!(c, '%' | '/' | '@' | ':') {
            let _ = write!(out, "%{:02X}", c as u32);
        } else {
            out.push(c);
        }
    }
}

fn unescape(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '%' {
            let hex: String = chars.by_ref().take(2).collect();
            let code = u32::from_str_radix(&hex, 16)
                .ok()
                .filter(|_| hex.len() == 2)?;
            out.push(char::from_u32(code)?);
        } else {
            out.push(c);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_names_kind_ids_and_period() {
        let s = Subject::new(Kind::CostType, &["hsn", "material"]).in_period("2025-08");
        assert_eq!(s.key(), "cost-type:hsn/material@2025-08");
        assert_eq!(Subject::parse(&s.key()), Some(s));
        let unit = Subject::new(Kind::Unit, &["hsn"]);
        assert_eq!(unit.key(), "unit:hsn");
        assert_eq!(Subject::parse("unit:hsn"), Some(unit));
    }

    #[test]
    fn ids_with_separators_survive_the_round_trip() {
        let s = Subject::new(Kind::Frame, &["a/b", "x@y:%z"]).in_period("p@1");
        let key = s.key();
        assert_eq!(key, "frame:a%2Fb/x%40y%3A%25z@p%401");
        assert_eq!(Subject::parse(&key), Some(s));
    }

    #[test]
    fn texts_that_are_not_keys_are_refused() {
        for bad in ["", "unit", "planet:x", "unit:%4", "unit:%zz", "unit:a@%"] {
            assert_eq!(Subject::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_kind_has_a_distinct_code() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.code()), Some(kind));
        }
    }
}
