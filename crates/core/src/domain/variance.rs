//! When a budget deviation needs a reader's attention.

/// A negative deviation is an exception when it is beyond the sources'
/// rounding (1 mkr) and, where the budget is known, at least half a percent
/// of it: a large board's −2 mkr is noise, a small unit's is not.
pub fn is_exception(deviation: Option<i64>, budget: Option<i64>) -> bool {
    const ROUNDING_KR: i64 = 1_000_000;
    let Some(deviation) = deviation.filter(|d| *d < 0) else {
        return false;
    };
    let size = deviation.unsigned_abs();
    if size <= ROUNDING_KR as u64 {
        return false;
    }
    match budget {
        Some(budget) if budget != 0 => size.saturating_mul(200) >= budget.unsigned_abs(),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MKR: i64 = 1_000_000;

    #[test]
    fn only_negative_deviations_beyond_rounding_and_relevance() {
        assert!(is_exception(Some(-448 * MKR), None));
        assert!(
            !is_exception(Some(156 * MKR), None),
            "positive is good news"
        );
        assert!(!is_exception(Some(-MKR), None), "within rounding");
        assert!(
            !is_exception(None, Some(100 * MKR)),
            "unknown is not an exception"
        );
        assert!(
            !is_exception(Some(-2 * MKR), Some(-7_000 * MKR)),
            "0,03 % of the budget"
        );
        assert!(
            is_exception(Some(-40 * MKR), Some(-7_000 * MKR)),
            "0,6 % of the budget"
        );
        assert!(
            is_exception(Some(-2 * MKR), Some(0)),
            "no base to compare with"
        );
    }
}
