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

/// An indicator's light and, where it means something, its share of target
/// in percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndicatorLight {
    pub judgement: Judgement,
    pub share_pct: Option<Decimal>,
    /// True when the light is the report's stored judgement rather than
    /// computed (because no share can be computed).
    pub stored: bool,
}

/// The reports' rule: at least 100 % of target is green, 80–99 % yellow,
/// below 80 % red, no value grey. Lower-is-better inverts the share. Where
/// value or target is zero or negative a share means nothing, so the stored
/// judgement stands, or grey if there is none: the rule never invents one.
pub fn indicator_light(
    value: Option<Decimal>,
    target: Option<Decimal>,
    direction: Direction,
    stored: Option<Judgement>,
) -> IndicatorLight {
    let fallback = IndicatorLight {
        judgement: stored.unwrap_or(Judgement::NoData),
        share_pct: None,
        stored: true,
    };
    let (Some(value), Some(target)) = (value, target) else {
        return if value.is_none() && stored.is_none() {
            IndicatorLight {
                judgement: Judgement::NoData,
                share_pct: None,
                stored: false,
            }
        } else {
            fallback
        };
    };
    if value <= Decimal::ZERO || target <= Decimal::ZERO {
        return fallback;
    }
    let ratio = match direction {
        Direction::HigherIsBetter => value.checked_div(target),
        Direction::LowerIsBetter => target.checked_div(value),
    };
    let Some(share) = ratio.and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED)) else {
        return fallback;
    };
    let judgement = if share >= Decimal::ONE_HUNDRED {
        Judgement::Full
    } else if share >= Decimal::from(80) {
        Judgement::Partial
    } else {
        Judgement::Not
    };
    IndicatorLight {
        judgement,
        share_pct: Some(share),
        stored: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Option<Decimal> {
        Some(Decimal::from_str(text).unwrap())
    }

    fn light(value: &str, target: &str, direction: Direction) -> (Judgement, Option<String>) {
        let l = indicator_light(d(value), d(target), direction, None);
        (l.judgement, l.share_pct.map(|s| s.round_dp(1).to_string()))
    }

    #[test]
    fn higher_is_better_thresholds() {
        use Direction::HigherIsBetter as H;
        assert_eq!(
            light("100", "100", H),
            (Judgement::Full, Some("100".into()))
        );
        assert_eq!(light("120", "100", H).0, Judgement::Full);
        assert_eq!(light("99.9", "100", H).0, Judgement::Partial);
        assert_eq!(light("80", "100", H).0, Judgement::Partial);
        assert_eq!(light("79.9", "100", H).0, Judgement::Not);
    }

    #[test]
    fn lower_is_better_inverts_the_share() {
        use Direction::LowerIsBetter as L;
        // Agency-staff share: target 3,7 %, outcome 3,81 %: 97,1 % of target.
        assert_eq!(
            light("3.81", "3.7", L),
            (Judgement::Partial, Some("97.1".into()))
        );
        assert_eq!(light("3.5", "3.7", L).0, Judgement::Full);
        // Debt 22 % against at most 18 %: 81,8 %.
        assert_eq!(
            light("22", "18", L),
            (Judgement::Partial, Some("81.8".into()))
        );
        assert_eq!(light("30", "18", L).0, Judgement::Not);
    }

    #[test]
    fn negative_or_zero_bases_keep_the_stored_judgement_and_show_no_share() {
        // Result −4,5 % against 1,4 %: the report says "inte"; no share.
        let l = indicator_light(
            d("-4.5"),
            d("1.4"),
            Direction::HigherIsBetter,
            Some(Judgement::Not),
        );
        assert_eq!(
            l,
            IndicatorLight {
                judgement: Judgement::Not,
                share_pct: None,
                stored: true
            }
        );
        let l = indicator_light(d("-18"), d("-14"), Direction::HigherIsBetter, None);
        assert_eq!(
            (l.judgement, l.share_pct),
            (Judgement::NoData, None),
            "never invented"
        );
        let l = indicator_light(
            d("5"),
            d("0"),
            Direction::HigherIsBetter,
            Some(Judgement::Full),
        );
        assert_eq!((l.judgement, l.share_pct), (Judgement::Full, None));
        let l = indicator_light(d("0"), d("5"), Direction::LowerIsBetter, None);
        assert_eq!(l.judgement, Judgement::NoData);
    }

    #[test]
    fn missing_values() {
        let l = indicator_light(None, d("3.7"), Direction::LowerIsBetter, None);
        assert_eq!((l.judgement, l.stored), (Judgement::NoData, false));
        let l = indicator_light(
            None,
            d("3.7"),
            Direction::LowerIsBetter,
            Some(Judgement::Partial),
        );
        assert_eq!((l.judgement, l.stored), (Judgement::Partial, true));
        let l = indicator_light(d("3.9"), None, Direction::LowerIsBetter, None);
        assert_eq!(l.judgement, Judgement::NoData);
    }

    #[test]
    fn every_judgement_has_a_distinct_word() {
        let words: std::collections::HashSet<_> =
            Judgement::ALL.iter().map(|j| j.label()).collect();
        assert_eq!(words.len(), 4);
    }
}
