//! Numbers as people write them and as the snapshot stores them.
//!
//! Two parsers with different jobs: [`parse_human`] accepts what a Swedish
//! spreadsheet export contains (`−7 058,0`, `+104`, `3.81`); [`parse_canonical`]
//! accepts only the snapshot's stored form (`-7058.0`). [`format_sv`] writes a
//! decimal the way the reports do.

use rust_decimal::Decimal;
use std::str::FromStr;

/// The minus sign of typeset Swedish figures (U+2212).
pub const MINUS: char = '\u{2212}';

/// Why a human-written number was refused; the text completes
/// "expected a number, …".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("the field is empty")]
    Empty,
    #[error("a number has either a decimal comma or a decimal point, not both")]
    MixedMarks,
    #[error("found '{0}' where a digit belongs")]
    BadChar(char),
    #[error("it has more than one decimal mark")]
    TwoMarks,
    #[error("it has no digits")]
    NoDigits,
    #[error("it is too large")]
    TooLarge,
}

/// A count with its thousands set apart by spaces, for messages in
/// English: `2 345 678`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Parses a number as Swedish and international exports write it.
///
/// Accepted: an optional sign (`-`, `−`, `+`), digits with spaces, no-break
/// spaces or narrow no-break spaces between digit groups, and one decimal
/// mark. A comma is the decimal mark when present (then no point may occur);
/// otherwise a point is.
pub fn parse_human(text: &str) -> Result<Decimal, NumberError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(NumberError::Empty);
    }
    let (negative, body) = match text.chars().next() {
        Some('-') | Some(MINUS) => (true, &text[text.chars().next().map_or(0, char::len_utf8)..]),
        Some('+') => (false, &text[1..]),
        _ => (false, text),
    };
    let has_comma = body.contains(',');
    if has_comma && body.contains('.') {
        return Err(NumberError::MixedMarks);
    }
    let mark = if has_comma { ',' } else { '.' };
    let mut canonical = String::with_capacity(body.len() + 1);
    if negative {
        canonical.push('-');
    }
    let mut digits = 0usize;
    let mut seen_mark = false;
    for c in body.trim_start().chars() {
        match c {
            '0'..='9' => {
                digits += 1;
                canonical.push(c);
            }
            c if c == mark => {
                if seen_mark {
                    return Err(NumberError::TwoMarks);
                }
                seen_mark = true;
                canonical.push('.');
            }
            ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' if !seen_mark => {}
            other => return Err(NumberError::BadChar(other)),
        }
    }
    if digits == 0 {
        return Err(NumberError::NoDigits);
    }
    Decimal::from_str(&canonical).map_err(|_| NumberError::TooLarge)
}

/// Parses the snapshot's stored decimal form: optional `-`, digits, optional
/// `.` and digits. Nothing else: no sign `+`, no spaces, no exponent.
pub fn parse_canonical(text: &str) -> Option<Decimal> {
    let body = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
        return None;
    }
    Decimal::from_str(text).ok()
}

/// The stored form of a decimal: `-4.7`, `3.81`, `12`, `7.0`. The scale
/// is kept as written: "7,0 procent" and "7 procent" are different
/// statements of precision, and readers show each as the source gave it.
pub fn to_canonical(value: Decimal) -> String {
    if value.is_zero() {
        // No "-0": the sign of nothing is not a figure.
        return value.abs().to_string();
    }
    value.to_string()
}

/// Formats `value` the Swedish way with exactly `decimals` decimals:
/// space between thousands, decimal comma, `−` for negative numbers and,
/// with `plus`, `+` for positive ones (variances carry a sign; base values
/// do not). Zero never carries a sign.
pub fn format_sv(value: Decimal, decimals: u32, plus: bool) -> String {
    let rounded = value.round_dp_with_strategy(
        decimals,
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    );
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let positive = rounded.is_sign_positive() && !rounded.is_zero();
    let abs = format!("{:.*}", decimals as usize, rounded.abs());
    let (int, frac) = match abs.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (abs.as_str(), None),
    };
    let mut out = String::with_capacity(abs.len() + int.len() / 3 + 2);
    if negative {
        out.push(MINUS);
    } else if plus && positive {
        out.push('+');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    if let Some(frac) = frac {
        out.push(',');
        out.push_str(frac);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1 000");
        assert_eq!(grouped(2_345_678), "2 345 678");
    }

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn human_numbers_in_swedish_and_international_form() {
        assert_eq!(parse_human("−448"), Ok(dec("-448")));
        assert_eq!(parse_human("-448"), Ok(dec("-448")));
        assert_eq!(parse_human("+104"), Ok(dec("104")));
        assert_eq!(parse_human("7 058,0"), Ok(dec("7058.0")));
        assert_eq!(parse_human("7\u{a0}058,0"), Ok(dec("7058.0")));
        assert_eq!(parse_human("6\u{202f}604,2"), Ok(dec("6604.2")));
        assert_eq!(parse_human("400.3"), Ok(dec("400.3")));
        assert_eq!(parse_human(" 3,81 "), Ok(dec("3.81")));
        assert_eq!(parse_human("- 12"), Ok(dec("-12")));
    }

    #[test]
    fn human_numbers_refused_with_a_reason() {
        assert_eq!(parse_human(""), Err(NumberError::Empty));
        assert_eq!(parse_human("1.234,5"), Err(NumberError::MixedMarks));
        assert_eq!(parse_human("12 mkr"), Err(NumberError::BadChar('m')));
        assert_eq!(parse_human("1,2,3"), Err(NumberError::TwoMarks));
        assert_eq!(parse_human("-"), Err(NumberError::NoDigits));
        assert_eq!(parse_human("1e5"), Err(NumberError::BadChar('e')));
        assert_eq!(parse_human("12,3 4"), Err(NumberError::BadChar(' ')));
        assert_eq!(
            parse_human("99999999999999999999999999999999"),
            Err(NumberError::TooLarge)
        );
    }

    #[test]
    fn canonical_form_is_strict() {
        assert_eq!(parse_canonical("-4.7"), Some(dec("-4.7")));
        assert_eq!(parse_canonical("12"), Some(dec("12")));
        for bad in [
            "", "-", "+1", "1,5", "1.", ".5", "1e3", " 1", "1 000", "--1",
        ] {
            assert_eq!(parse_canonical(bad), None, "{bad:?} must be refused");
        }
        assert_eq!(to_canonical(dec("3.81")), "3.81");
        assert_eq!(to_canonical(dec("-448")), "-448");
        // The precision as written is kept, both ways.
        assert_eq!(to_canonical(dec("7.0")), "7.0");
        assert_eq!(to_canonical(dec("7")), "7");
        assert_eq!(to_canonical(dec("-0.0")), "0.0");
        for stored in ["7.0", "3.810", "-0.50"] {
            assert_eq!(
                parse_canonical(&to_canonical(dec(stored))).unwrap().scale(),
                dec(stored).scale()
            );
        }
    }

    #[test]
    fn swedish_format_as_in_the_reports() {
        assert_eq!(format_sv(dec("-448"), 0, false), "−448");
        assert_eq!(format_sv(dec("7058"), 1, false), "7 058,0");
        assert_eq!(format_sv(dec("6604.2"), 1, false), "6 604,2");
        assert_eq!(format_sv(dec("-4.7"), 1, true), "−4,7");
        assert_eq!(format_sv(dec("156"), 0, true), "+156");
        assert_eq!(format_sv(dec("156"), 0, false), "156");
        assert_eq!(format_sv(dec("0.04"), 1, true), "0,0");
        assert_eq!(format_sv(dec("-0.04"), 1, true), "0,0");
        assert_eq!(format_sv(dec("1234567.25"), 1, false), "1 234 567,3");
        assert_eq!(format_sv(dec("-1234567.25"), 1, false), "−1 234 567,3");
        assert_eq!(format_sv(dec("999.95"), 1, false), "1 000,0");
    }
}
