//! Directive (uppdrag) status as the reports word it.

/// Where a directive stands in a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DirectiveStatus {
    NotStarted,
    Ongoing,
    DoneWithDeviation,
    Done,
    /// Only reported once a year.
    Yearly,
    /// The report follows the directive up but states no status (format
    /// version 3): *ej angiven*, never a guess.
    NotStated,
}

impl DirectiveStatus {
    pub const ALL: [DirectiveStatus; 6] = [
        DirectiveStatus::Ongoing,
        DirectiveStatus::Done,
        DirectiveStatus::DoneWithDeviation,
        DirectiveStatus::NotStarted,
        DirectiveStatus::Yearly,
        DirectiveStatus::NotStated,
    ];

    pub fn from_code(code: &str) -> Option<DirectiveStatus> {
        match code {
            "ongoing" => Some(DirectiveStatus::Ongoing),
            "done" => Some(DirectiveStatus::Done),
            "done_with_deviation" => Some(DirectiveStatus::DoneWithDeviation),
            "not_started" => Some(DirectiveStatus::NotStarted),
            "yearly" => Some(DirectiveStatus::Yearly),
            "not_stated" => Some(DirectiveStatus::NotStated),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DirectiveStatus::Ongoing => "Pågående",
            DirectiveStatus::Done => "Klar",
            DirectiveStatus::DoneWithDeviation => "Klar m. avvikelse",
            DirectiveStatus::NotStarted => "Ej påbörjad",
            DirectiveStatus::Yearly => "Årsvis",
            DirectiveStatus::NotStated => "Ej angiven",
        }
    }
}

/// Days from `today` to `end`: positive = left, negative = overdue.
pub fn days_left(today: chrono::NaiveDate, end: chrono::NaiveDate) -> i64 {
    (end - today).num_days()
}

/// A directive needs attention when it finished with a deviation, or when
/// its end date has passed and it is not done. Where no source states a
/// status, whether it is done is not known: no alarm is made up.
pub fn is_exception(status: Option<DirectiveStatus>, days_left: Option<i64>) -> bool {
    match status {
        Some(DirectiveStatus::DoneWithDeviation) => true,
        Some(DirectiveStatus::Done | DirectiveStatus::NotStated) => false,
        _ => days_left.is_some_and(|d| d < 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// The vocabulary's codes and the type's variants are the same set.
    #[test]
    fn every_status_has_a_code() {
        let statuses: Vec<_> = crate::domain::vocab::DIRECTIVE_STATUS
            .codes()
            .filter_map(DirectiveStatus::from_code)
            .collect();
        assert_eq!(statuses.len(), DirectiveStatus::ALL.len());
    }

    #[test]
    fn overdue_and_deviations_are_exceptions() {
        let day = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(days_left(day("2025-10-31"), day("2025-12-31")), 61);
        assert_eq!(days_left(day("2026-01-02"), day("2025-12-31")), -2);
        assert!(is_exception(
            Some(DirectiveStatus::DoneWithDeviation),
            Some(100)
        ));
        assert!(is_exception(Some(DirectiveStatus::Ongoing), Some(-1)));
        assert!(!is_exception(Some(DirectiveStatus::Done), Some(-100)));
        assert!(!is_exception(Some(DirectiveStatus::Ongoing), Some(0)));
        assert!(!is_exception(None, None));
        assert!(
            !is_exception(Some(DirectiveStatus::NotStated), Some(-62)),
            "ej angiven: not known to be late"
        );
    }

    #[test]
    fn codes_round_trip() {
        for status in DirectiveStatus::ALL {
            let code = match status {
                DirectiveStatus::Ongoing => "ongoing",
                DirectiveStatus::Done => "done",
                DirectiveStatus::DoneWithDeviation => "done_with_deviation",
                DirectiveStatus::NotStarted => "not_started",
                DirectiveStatus::Yearly => "yearly",
                DirectiveStatus::NotStated => "not_stated",
            };
            assert_eq!(DirectiveStatus::from_code(code), Some(status));
        }
    }
}
