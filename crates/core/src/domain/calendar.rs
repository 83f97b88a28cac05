//! Dates as the snapshot format writes them.

/// `YYYY-MM-DD`, a real calendar day.
pub fn is_date(text: &str) -> bool {
    text.len() == 10 && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

/// `YYYY-MM`, a real month.
pub fn is_month(text: &str) -> bool {
    text.len() == 7 && is_date(&format!("{text}-01"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_months_are_strict() {
        assert!(is_date("2025-10-31"));
        assert!(!is_date("2025-02-30"));
        assert!(!is_date("2025-1-31"));
        assert!(!is_date("31/10/2025"));
        assert!(is_month("2025-10"));
        assert!(!is_month("2025-13"));
        assert!(!is_month("2025-1"));
    }
}
