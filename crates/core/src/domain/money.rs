//! Money: stored as whole kronor, shown in the unit the reports use.

use super::number::format_sv;
use rust_decimal::Decimal;

/// The unit money is written and shown in. Storage is always whole kronor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyUnit {
    Kr,
    Tkr,
    Mkr,
}

impl MoneyUnit {
    pub const ALL: [MoneyUnit; 3] = [MoneyUnit::Kr, MoneyUnit::Tkr, MoneyUnit::Mkr];

    pub fn code(self) -> &'static str {
        match self {
            MoneyUnit::Kr => "kr",
            MoneyUnit::Tkr => "tkr",
            MoneyUnit::Mkr => "mkr",
        }
    }

    pub fn parse(text: &str) -> Option<MoneyUnit> {
        MoneyUnit::ALL
            .into_iter()
            .find(|u| u.code().eq_ignore_ascii_case(text.trim()))
    }

    /// Kronor in one of this unit.
    pub fn kronor(self) -> i64 {
        match self {
            MoneyUnit::Kr => 1,
            MoneyUnit::Tkr => 1_000,
            MoneyUnit::Mkr => 1_000_000,
        }
    }

    /// Converts an amount written in this unit to whole kronor, or `None` if
    /// it is not a whole number of kronor or does not fit.
    pub fn to_kronor(self, amount: Decimal) -> Option<i64> {
        let kr = amount.checked_mul(Decimal::from(self.kronor()))?;
        if !kr.fract().is_zero() {
            return None;
        }
        i64::try_from(kr).ok()
    }

    /// An amount of whole kronor expressed in this unit, exactly.
    pub fn from_kronor(self, kronor: i64) -> Decimal {
        Decimal::from(kronor) / Decimal::from(self.kronor())
    }
}

/// Formats kronor in `unit` with `decimals` decimals and the unit's name:
/// `−448 mkr`, `7 058,0 mkr`. With `plus`, positive amounts carry `+`
/// (for variances).
pub fn format_money(kronor: i64, unit: MoneyUnit, decimals: u32, plus: bool) -> String {
    format!(
        "{} {}",
        format_sv(unit.from_kronor(kronor), decimals, plus),
        unit.code()
    )
}

/// Formats kronor in `unit` with as many decimals as the amount needs and no
/// more: `−448 mkr`, `400,3 mkr`. For messages, where exactness matters more
/// than aligned columns.
pub fn format_money_exact(kronor: i64, unit: MoneyUnit) -> String {
    let amount = unit.from_kronor(kronor).normalize();
    format!(
        "{} {}",
        format_sv(amount, amount.scale(), false),
        unit.code()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn converts_written_amounts_to_whole_kronor() {
        assert_eq!(MoneyUnit::Mkr.to_kronor(dec("-448")), Some(-448_000_000));
        assert_eq!(MoneyUnit::Mkr.to_kronor(dec("400.3")), Some(400_300_000));
        assert_eq!(MoneyUnit::Tkr.to_kronor(dec("12.5")), Some(12_500));
        assert_eq!(
            MoneyUnit::Kr.to_kronor(dec("12.5")),
            None,
            "öre are not stored"
        );
        assert_eq!(MoneyUnit::Mkr.to_kronor(dec("0.0000001")), None);
        assert_eq!(
            MoneyUnit::Mkr.to_kronor(dec("99999999999999")),
            None,
            "overflow"
        );
    }

    #[test]
    fn kronor_round_trip_exactly() {
        assert_eq!(MoneyUnit::Mkr.from_kronor(7_058_000_000), dec("7058"));
        assert_eq!(MoneyUnit::Mkr.from_kronor(6_604_200_000), dec("6604.2"));
        assert_eq!(MoneyUnit::Mkr.from_kronor(1), dec("0.000001"));
    }

    #[test]
    fn money_in_swedish_report_format() {
        assert_eq!(
            format_money(-448_000_000, MoneyUnit::Mkr, 0, false),
            "−448 mkr"
        );
        assert_eq!(
            format_money(7_058_000_000, MoneyUnit::Mkr, 1, false),
            "7 058,0 mkr"
        );
        assert_eq!(
            format_money(156_000_000, MoneyUnit::Mkr, 0, true),
            "+156 mkr"
        );
        assert_eq!(format_money(-1_500, MoneyUnit::Tkr, 1, true), "−1,5 tkr");
    }

    #[test]
    fn exact_format_shows_only_the_decimals_needed() {
        assert_eq!(format_money_exact(-448_000_000, MoneyUnit::Mkr), "−448 mkr");
        assert_eq!(format_money_exact(400_300_000, MoneyUnit::Mkr), "400,3 mkr");
        assert_eq!(
            format_money_exact(1_234_567, MoneyUnit::Mkr),
            "1,234567 mkr"
        );
    }

    #[test]
    fn units_parse_by_code() {
        assert_eq!(MoneyUnit::parse(" MKR "), Some(MoneyUnit::Mkr));
        assert_eq!(MoneyUnit::parse("sek"), None);
    }
}
