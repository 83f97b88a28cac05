//! What changed between two reports: which way a light or a status moved,
//! whether a deviation moved enough to be worth a line, and the computed
//! year-end projection. Pure rules, the same in every pane.

use super::light::Judgement;
use super::status::DirectiveStatus;

/// Which way a judgement or status moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Shift {
    /// Got worse: listed first.
    Worse,
    Better,
    /// Moved, but neither better nor worse (to or from "inga data", or a
    /// status reported only yearly).
    Other,
}

impl Shift {
    /// The word for it: "sämre", "bättre", "ändrad".
    pub fn word(self) -> &'static str {
        match self {
            Shift::Worse => "sämre",
            Shift::Better => "bättre",
            Shift::Other => "ändrad",
        }
    }
}

/// How `before` → `now` moved; `None` when they are the same.
pub fn judgement_shift(before: Judgement, now: Judgement) -> Option<Shift> {
    let rank = |j: Judgement| match j {
        Judgement::Full => Some(3),
        Judgement::Partial => Some(2),
        Judgement::Not => Some(1),
        Judgement::NoData => None,
    };
    shift(rank(before), rank(now), before == now)
}

/// How a directive's status moved. Finishing is better than working on it,
/// working on it better than not having started; finishing with a
/// deviation is better than not finishing but worse than finishing.
pub fn status_shift(before: DirectiveStatus, now: DirectiveStatus) -> Option<Shift> {
    let rank = |s: DirectiveStatus| match s {
        DirectiveStatus::NotStarted => Some(0),
        DirectiveStatus::Ongoing => Some(1),
        DirectiveStatus::DoneWithDeviation => Some(2),
        DirectiveStatus::Done => Some(3),
        DirectiveStatus::Yearly | DirectiveStatus::NotStated => None,
    };
    shift(rank(before), rank(now), before == now)
}

fn shift(before: Option<u8>, now: Option<u8>, same: bool) -> Option<Shift> {
    if same {
        return None;
    }
    Some(match (before, now) {
        (Some(b), Some(n)) if n > b => Shift::Better,
        (Some(b), Some(n)) if n < b => Shift::Worse,
        _ => Shift::Other,
    })
}

/// Whether a deviation moved enough to report: by at least 1 mkr (the
/// sources' rounding) and at least 5 % of the earlier figure's size.
pub fn is_notable(before_kr: i64, now_kr: i64) -> bool {
    const ROUNDING_KR: i64 = 1_000_000;
    let Some(delta) = now_kr.checked_sub(before_kr) else {
        return true;
    };
    let size = delta.unsigned_abs();
    size >= ROUNDING_KR.unsigned_abs() && size.saturating_mul(20) >= before_kr.unsigned_abs()
}

/// The deviation to date carried on at the same pace to twelve months:
/// deviation ÷ months × 12, in whole kronor. The cockpit's arithmetic, never
/// the board's forecast. `None` for a period of no whole month or an
/// amount that would overflow.
pub fn linear_projection(deviation_kr: i64, months: u32) -> Option<i64> {
    if months == 0 || months > 12 {
        return None;
    }
    let scaled = i128::from(deviation_kr) * 12;
    let months = i128::from(months);
    // Rounded half away from zero, as a reader would round.
    let rounded = (scaled + scaled.signum() * months / 2) / months;
    i64::try_from(rounded).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MKR: i64 = 1_000_000;

    #[test]
    fn lights_move_better_worse_or_sideways() {
        use Judgement::*;
        assert_eq!(judgement_shift(Partial, Full), Some(Shift::Better));
        assert_eq!(judgement_shift(Full, Not), Some(Shift::Worse));
        assert_eq!(judgement_shift(NoData, Not), Some(Shift::Other));
        assert_eq!(judgement_shift(Not, Not), None);
    }

    #[test]
    fn statuses_move_towards_done() {
        use DirectiveStatus::*;
        assert_eq!(status_shift(Ongoing, Done), Some(Shift::Better));
        assert_eq!(status_shift(Done, DoneWithDeviation), Some(Shift::Worse));
        assert_eq!(status_shift(Ongoing, Yearly), Some(Shift::Other));
        assert_eq!(status_shift(Ongoing, Ongoing), None);
    }

    #[test]
    fn a_deviation_change_needs_a_million_and_five_percent() {
        assert!(
            is_notable(-334 * MKR, -430 * MKR),
            "Sjukhusvård −334 → −430"
        );
        assert!(
            !is_notable(-334 * MKR, -334 * MKR - 900_000),
            "within rounding"
        );
        assert!(
            !is_notable(-1_000 * MKR, -1_040 * MKR),
            "4 % of a large figure"
        );
        assert!(is_notable(-1_000 * MKR, -1_050 * MKR));
        assert!(is_notable(0, 2 * MKR), "from nothing");
        assert!(is_notable(i64::MIN, i64::MAX), "overflow is a change");
    }

    #[test]
    fn the_projection_carries_the_pace_to_twelve_months() {
        // −448 mkr after ten months: −537,6 mkr, about −538.
        assert_eq!(linear_projection(-448 * MKR, 10), Some(-537_600_000));
        assert_eq!(linear_projection(-335 * MKR, 8), Some(-502_500_000));
        assert_eq!(linear_projection(100, 12), Some(100));
        assert_eq!(linear_projection(1, 0), None);
        assert_eq!(linear_projection(i64::MAX, 1), None);
        assert_eq!(linear_projection(-7, 3), Some(-28));
        assert_eq!(linear_projection(5, 7), Some(9), "8,57 rounds to 9");
    }
}
