//! One CSV cell to one stored value, by the column's kind.

use crate::domain::calendar::{is_date, is_month};
use crate::domain::money::MoneyUnit;
use crate::domain::number::{parse_human, to_canonical};
use crate::snapshot::spec::Kind;
use rusqlite::types::Value;

/// Parses `text` (already trimmed) as a value of `kind`. An empty cell is
/// NULL, except for flags, which default to 0. The error completes
/// "expected …".
pub fn parse(kind: Kind, text: &str, unit: MoneyUnit) -> Result<Value, String> {
    if text.is_empty() {
        return Ok(match kind {
            Kind::Flag => Value::Integer(0),
            _ => Value::Null,
        });
    }
    let expected = || format!("expected {}", kind.expectation());
    match kind {
        Kind::Text => Ok(Value::Text(text.to_string())),
        Kind::Int => {
            let number = parse_human(text).map_err(|e| format!("{}: {e}", expected()))?;
            if !number.fract().is_zero() {
                return Err(format!("{}, not a fraction", expected()));
            }
            i64::try_from(number)
                .map(Value::Integer)
                .map_err(|_| format!("{}: it is too large", expected()))
        }
        Kind::Money => {
            let number = parse_human(text).map_err(|e| format!("{}: {e}", expected()))?;
            unit.to_kronor(number).map(Value::Integer).ok_or_else(|| {
                format!(
                    "{} in {}: it must be a whole number of kronor and fit in 64 bits",
                    expected(),
                    unit.code()
                )
            })
        }
        Kind::Decimal => parse_human(text)
            .map(|d| Value::Text(to_canonical(d)))
            .map_err(|e| format!("{}: {e}", expected())),
        Kind::Date if is_date(text) => Ok(Value::Text(text.to_string())),
        Kind::Month if is_month(text) => Ok(Value::Text(text.to_string())),
        Kind::DayOrMonth if is_date(text) || is_month(text) => Ok(Value::Text(text.to_string())),
        Kind::Date | Kind::Month | Kind::DayOrMonth => Err(expected()),
        Kind::Flag => match text.to_lowercase().as_str() {
            "1" | "ja" | "j" | "true" | "yes" | "y" | "sant" => Ok(Value::Integer(1)),
            "0" | "nej" | "n" | "false" | "no" | "falskt" => Ok(Value::Integer(0)),
            _ => Err(expected()),
        },
        Kind::Vocab(vocab) => vocab
            .lookup(text)
            .map(|term| Value::Text(term.code.to_string()))
            .ok_or_else(expected),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::vocab;

    #[test]
    fn money_is_converted_from_the_files_unit_to_kronor() {
        assert_eq!(
            parse(Kind::Money, "−448", MoneyUnit::Mkr),
            Ok(Value::Integer(-448_000_000))
        );
        assert_eq!(
            parse(Kind::Money, "7 058,0", MoneyUnit::Mkr),
            Ok(Value::Integer(7_058_000_000))
        );
        assert_eq!(
            parse(Kind::Money, "12 500", MoneyUnit::Kr),
            Ok(Value::Integer(12_500))
        );
        assert!(
            parse(Kind::Money, "0,5", MoneyUnit::Kr)
                .unwrap_err()
                .contains("whole number of kronor")
        );
        assert!(
            parse(Kind::Money, "12 mkr", MoneyUnit::Mkr)
                .unwrap_err()
                .contains("'m'")
        );
    }

    #[test]
    fn unknown_is_null_never_zero() {
        assert_eq!(parse(Kind::Money, "", MoneyUnit::Mkr), Ok(Value::Null));
        assert_eq!(parse(Kind::Decimal, "", MoneyUnit::Mkr), Ok(Value::Null));
        assert_eq!(parse(Kind::Flag, "", MoneyUnit::Mkr), Ok(Value::Integer(0)));
    }

    #[test]
    fn decimals_are_stored_canonically_with_the_precision_as_written() {
        assert_eq!(
            parse(Kind::Decimal, "3,81", MoneyUnit::Mkr),
            Ok(Value::Text("3.81".into()))
        );
        assert_eq!(
            parse(Kind::Decimal, "−4,70", MoneyUnit::Mkr),
            Ok(Value::Text("-4.70".into()))
        );
        // "7 procent" and "7,0 procent" say different things.
        assert_eq!(
            parse(Kind::Decimal, "7", MoneyUnit::Mkr),
            Ok(Value::Text("7".into()))
        );
        assert_eq!(
            parse(Kind::Decimal, "2,0", MoneyUnit::Mkr),
            Ok(Value::Text("2.0".into()))
        );
    }

    #[test]
    fn vocabulary_words_become_codes() {
        let kind = Kind::Vocab(&vocab::DIRECTIVE_STATUS);
        assert_eq!(
            parse(kind, "Klar med avvikelse", MoneyUnit::Mkr),
            Ok(Value::Text("done_with_deviation".into()))
        );
        let err = parse(kind, "Avslutad", MoneyUnit::Mkr).unwrap_err();
        assert!(err.contains("ongoing (Pågående)"), "{err}");
    }

    #[test]
    fn dates_flags_and_integers() {
        assert!(parse(Kind::Date, "2025-02-30", MoneyUnit::Mkr).is_err());
        assert_eq!(
            parse(Kind::Month, "2025-10", MoneyUnit::Mkr),
            Ok(Value::Text("2025-10".into()))
        );
        assert_eq!(
            parse(Kind::Flag, "Ja", MoneyUnit::Mkr),
            Ok(Value::Integer(1))
        );
        assert!(parse(Kind::Flag, "kanske", MoneyUnit::Mkr).is_err());
        assert_eq!(
            parse(Kind::Int, "2 025", MoneyUnit::Mkr),
            Ok(Value::Integer(2025))
        );
        assert!(parse(Kind::Int, "1,5", MoneyUnit::Mkr).is_err());
    }
}
