//! Goal attainment: the judgements of goals and delmål, and the traffic
//! light of an indicator computed from its value and target.

use rust_decimal::Decimal;

/// A judgement as the reports make it (and the light it shows as).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Judgement {
    /// Målet uppfylls helt: green.
    Full,
    /// Uppfylls delvis: yellow.
    Partial,
    /// Uppfylls inte: red.
    Not,
    /// Inga data, no assessment: grey.
    NoData,
}

impl Judgement {
    pub const ALL: [Judgement; 4] = [
        Judgement::Full,
        Judgement::Partial,
        Judgement::Not,
        Judgement::NoData,
    ];

    /// From the snapshot's stored code.
    pub fn from_code(code: &str) -> Option<Judgement> {
        match code {
            "full" => Some(Judgement::Full),
            "partial" => Some(Judgement::Partial),
            "not" => Some(Judgement::Not),
            "no_data" => Some(Judgement::NoData),
            _ => None,
        }
    }

    /// The word shown beside the glyph.
    pub fn label(self) -> &'static str {
        match self {
            Judgement::Full => "Helt",
            Judgement::Partial => "Delvis",
            Judgement::Not => "Inte",
            Judgement::NoData => "Inga data",
        }
    }

    /// Red and yellow are what a reader must act on.
    pub fn is_exception(self) -> bool {
        matches!(self, Judgement::Not | Judgement::Partial)
    }
}

pub use super::vocab::Direction;

/// Where an indicator's light comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The report's own judgement: it always wins.
    Report,
    /// Computed by the rule from value and target, where the report judges
    /// nothing. Shown as computed, with the rule written out.
    Rule,
    /// No value and no judgement: grey, "inga data".
    NoValue,
    /// A value the rule cannot judge, so no light at all (never an invented
    /// one): why.
    Unjudged(Unjudged),
}

/// Why the rule gives a value no light.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unjudged {
    NoTarget,
    /// The way the indicator improves is not known.
    NoDirection,
    /// A value for part of the year against the year's target (24 % in
    /// August against 50 % for the year): not comparable until year end.
    YearTarget,
    /// Value or target is zero or negative: a share of target means nothing.
    NotPositive,
}

/// What the rule needs to know about an indicator's value.
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    pub value: Option<Decimal>,
    pub target: Option<Decimal>,
    pub direction: Option<Direction>,
    /// The report's own judgement, if it states one.
    pub stored: Option<Judgement>,
    /// The target is for the span the value measures: a target given for
    /// the value's own period, or a value at year end.
    pub same_span: bool,
}

/// An indicator's light, where it comes from, and how far it is from its
/// target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndicatorLight {
    /// `None`: not lit (see [`Basis::Unjudged`]).
    pub light: Option<Judgement>,
    pub basis: Basis,
    /// Higher is better: the value in percent of its target.
    pub share_pct: Option<Decimal>,
    /// Lower is better (a ceiling): how far the value is above the target,
    /// negative when below it. In the indicator's own unit.
    pub above_ceiling: Option<Decimal>,
}

impl IndicatorLight {
    /// How far from target in words, where the rule measured it: the share
    /// of target ("92,3 %"), or the distance to a ceiling ("0,11 p.e.
    /// över", with `long` "0,11 procentenheter över"; "vid taket" on it).
    /// With the ceiling's side: `Greater` over it, `Less` under it.
    pub fn distance(&self, unit: Option<&str>, long: bool) -> Option<(String, std::cmp::Ordering)> {
        use crate::domain::number::format_sv;
        use std::cmp::Ordering;
        if let Some(pct) = self.share_pct {
            return Some((format!("{} %", format_sv(pct, 1, false)), Ordering::Equal));
        }
        let above = self.above_ceiling?;
        let side = above.cmp(&Decimal::ZERO);
        if side == Ordering::Equal {
            return Some(("vid taket".to_string(), side));
        }
        let size = above.abs();
        let unit = match unit.map(str::trim) {
            Some("%") if long => " procentenheter".to_string(),
            Some("%") => " p.e.".to_string(),
            Some(u) if !u.is_empty() => format!(" {u}"),
            _ => String::new(),
        };
        let word = if side == Ordering::Greater {
            "över"
        } else {
            "under"
        };
        Some((
            format!(
                "{}{unit} {word}",
                format_sv(size, size.normalize().scale(), false)
            ),
            side,
        ))
    }
}

/// The reports' rules. The report's own judgement always wins. Where it
/// states none, the rule computes one: at least 100 % of target is green,
/// 80–99 % yellow, below 80 % red (lower-is-better inverts the share); a
/// value with no value is grey. The rule never invents a light: a value
/// with no target, no direction, a zero or negative base, or a target for a
/// longer span than the value measures is not lit.
pub fn indicator_light(reading: Reading) -> IndicatorLight {
    let gaps = gaps(&reading);
    let (light, basis) = match (reading.stored, reading.value) {
        (Some(j), _) => (Some(j), Basis::Report),
        (None, None) => (Some(Judgement::NoData), Basis::NoValue),
        (None, Some(_)) => match rule(&reading, &gaps) {
            Ok(j) => (Some(j), Basis::Rule),
            Err(why) => (None, Basis::Unjudged(why)),
        },
    };
    IndicatorLight {
        light,
        basis,
        share_pct: gaps.share_pct,
        above_ceiling: gaps.above_ceiling,
    }
}

/// The distances to target that can be stated, whatever the light.
struct Gaps {
    share_pct: Option<Decimal>,
    above_ceiling: Option<Decimal>,
}

fn gaps(reading: &Reading) -> Gaps {
    let (Some(value), Some(target)) = (reading.value, reading.target) else {
        return Gaps {
            share_pct: None,
            above_ceiling: None,
        };
    };
    let positive = value > Decimal::ZERO && target > Decimal::ZERO;
    match reading.direction {
        Some(Direction::HigherIsBetter) if positive => Gaps {
            share_pct: value
                .checked_div(target)
                .and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED)),
            above_ceiling: None,
        },
        Some(Direction::LowerIsBetter) => Gaps {
            share_pct: None,
            above_ceiling: value.checked_sub(target),
        },
        _ => Gaps {
            share_pct: None,
            above_ceiling: None,
        },
    }
}

fn rule(reading: &Reading, gaps: &Gaps) -> Result<Judgement, Unjudged> {
    let (Some(value), Some(target)) = (reading.value, reading.target) else {
        return Err(Unjudged::NoTarget);
    };
    let direction = reading.direction.ok_or(Unjudged::NoDirection)?;
    if !reading.same_span {
        return Err(Unjudged::YearTarget);
    }
    if value <= Decimal::ZERO || target <= Decimal::ZERO {
        return Err(Unjudged::NotPositive);
    }
    let share = match direction {
        Direction::HigherIsBetter => gaps.share_pct,
        Direction::LowerIsBetter => target
            .checked_div(value)
            .and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED)),
    }
    .ok_or(Unjudged::NotPositive)?;
    Ok(if share >= Decimal::ONE_HUNDRED {
        Judgement::Full
    } else if share >= Decimal::from(80) {
        Judgement::Partial
    } else {
        Judgement::Not
    })
}

/// A report's judgement of a directive or its measure drawn as a light
/// (here, not in `vocab.rs`, so that the vocabulary does not import the
/// lights that import it).
impl super::vocab::Achievement {
    /// The traffic light that draws it: the report's judgement is the
    /// light, as a goal's is.
    pub fn light(self) -> Judgement {
        use super::vocab::Achievement;
        match self {
            Achievement::Met => Judgement::Full,
            Achievement::Partly => Judgement::Partial,
            Achievement::NotMet => Judgement::Not,
            Achievement::NotJudged => Judgement::NoData,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    /// The vocabulary's codes and the type's variants are the same set.
    #[test]
    fn every_judgement_has_a_code() {
        let judged: Vec<_> = crate::domain::vocab::JUDGEMENT
            .codes()
            .filter_map(Judgement::from_code)
            .collect();
        assert_eq!(judged.len(), Judgement::ALL.len());
    }

    fn d(text: &str) -> Option<Decimal> {
        Some(Decimal::from_str(text).unwrap())
    }

    fn reading(value: &str, target: &str, direction: Direction) -> Reading {
        Reading {
            value: d(value),
            target: d(target),
            direction: Some(direction),
            stored: None,
            same_span: true,
        }
    }

    fn light(
        value: &str,
        target: &str,
        direction: Direction,
    ) -> (Option<Judgement>, Option<String>) {
        let l = indicator_light(reading(value, target, direction));
        (l.light, l.share_pct.map(|s| s.round_dp(1).to_string()))
    }

    #[test]
    fn higher_is_better_thresholds() {
        use Direction::HigherIsBetter as H;
        assert_eq!(
            light("100", "100", H),
            (Some(Judgement::Full), Some("100".into()))
        );
        assert_eq!(light("120", "100", H).0, Some(Judgement::Full));
        assert_eq!(light("99.9", "100", H).0, Some(Judgement::Partial));
        assert_eq!(light("80", "100", H).0, Some(Judgement::Partial));
        assert_eq!(light("79.9", "100", H).0, Some(Judgement::Not));
        let l = indicator_light(reading("80", "100", H));
        assert_eq!(l.basis, Basis::Rule);
    }

    #[test]
    fn lower_is_better_is_a_ceiling_judged_by_the_inverted_share() {
        use Direction::LowerIsBetter as L;
        // Agency-staff share: target 3,7 %, outcome 3,81 %: 0,11 over.
        let agency = indicator_light(reading("3.81", "3.7", L));
        assert_eq!(agency.light, Some(Judgement::Partial));
        assert_eq!(agency.above_ceiling, d("0.11"));
        assert_eq!(agency.share_pct, None, "no \"% av mål\" for a ceiling");
        assert_eq!(light("3.5", "3.7", L).0, Some(Judgement::Full));
        assert_eq!(light("30", "18", L).0, Some(Judgement::Not));
    }

    #[test]
    fn the_reports_judgement_wins_over_the_rule() {
        // Loan debt 22 % against a ceiling of 18 %: the rule would say
        // partial, the report says "inte". The report's stands, and the
        // distance to the ceiling is still stated.
        let debt = indicator_light(Reading {
            stored: Some(Judgement::Not),
            ..reading("22", "18", Direction::LowerIsBetter)
        });
        assert_eq!(debt.light, Some(Judgement::Not));
        assert_eq!(debt.basis, Basis::Report);
        assert_eq!(debt.above_ceiling, d("4"));
    }

    #[test]
    fn a_year_to_date_value_against_the_years_target_is_not_lit() {
        // 24 % trained in August against 50 % for the year.
        let training = indicator_light(Reading {
            same_span: false,
            ..reading("24", "50", Direction::HigherIsBetter)
        });
        assert_eq!(training.light, None);
        assert_eq!(training.basis, Basis::Unjudged(Unjudged::YearTarget));
        assert_eq!(
            training.share_pct.map(|s| s.round_dp(1)),
            d("48.0"),
            "still stated"
        );
    }

    #[test]
    fn the_rule_never_invents_a_light() {
        // Result −4,5 % against 1,4 %, no judgement: no share, no light.
        let l = indicator_light(reading("-4.5", "1.4", Direction::HigherIsBetter));
        assert_eq!((l.light, l.share_pct), (None, None));
        assert_eq!(l.basis, Basis::Unjudged(Unjudged::NotPositive));
        let l = indicator_light(Reading {
            direction: None,
            ..reading("5", "4", Direction::HigherIsBetter)
        });
        assert_eq!(l.basis, Basis::Unjudged(Unjudged::NoDirection));
        let l = indicator_light(Reading {
            target: None,
            ..reading("5", "4", Direction::HigherIsBetter)
        });
        assert_eq!(l.basis, Basis::Unjudged(Unjudged::NoTarget));
    }

    #[test]
    fn missing_values_are_grey_unless_the_report_judges() {
        let none = Reading {
            value: None,
            ..reading("1", "3.7", Direction::LowerIsBetter)
        };
        let l = indicator_light(none);
        assert_eq!(
            (l.light, l.basis),
            (Some(Judgement::NoData), Basis::NoValue)
        );
        let l = indicator_light(Reading {
            stored: Some(Judgement::Partial),
            ..none
        });
        assert_eq!(
            (l.light, l.basis),
            (Some(Judgement::Partial), Basis::Report)
        );
    }

    #[test]
    fn every_judgement_has_a_distinct_word() {
        let words: std::collections::HashSet<_> =
            Judgement::ALL.iter().map(|j| j.label()).collect();
        assert_eq!(words.len(), 4);
    }
}
