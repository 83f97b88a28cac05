//! Cells as the cockpit shows figures: Swedish number format, variances
//! coloured by their effect with `+` only on variances, unknown as blank,
//! every status a glyph and a word.

use super::screen::Cell;
use super::theme::Sem;
use crate::data::Provenance;
use crate::domain::light::Judgement;
use crate::domain::money::{MoneyUnit, format_money_exact};
use crate::domain::number::format_sv;
use crate::domain::status::DirectiveStatus;
use rust_decimal::Decimal;

/// Decimals money gets in a table column: one in mkr (the reports' 400,3),
/// none in tkr or kr. One column, one precision, so decimal marks align.
pub fn table_decimals(unit: MoneyUnit) -> u32 {
    match unit {
        MoneyUnit::Mkr => 1,
        MoneyUnit::Tkr | MoneyUnit::Kr => 0,
    }
}

/// A base value (budget, outcome): no sign colour, no `+`. Blank if unknown.
pub fn money(kronor: Option<i64>, unit: MoneyUnit) -> Cell {
    match kronor {
        Some(kr) => Cell::plain(format_sv(unit.from_kronor(kr), table_decimals(unit), false)),
        None => Cell::empty(),
    }
}

/// A variance: `+` when positive, coloured by its effect on the result.
pub fn deviation(kronor: Option<i64>, unit: MoneyUnit) -> Cell {
    match kronor {
        Some(kr) => Cell::new(
            format_sv(unit.from_kronor(kr), table_decimals(unit), true),
            effect(kr),
        ),
        None => Cell::empty(),
    }
}

/// A variance written out exactly with its unit, for headlines and details:
/// `−448 mkr`, `+400,3 mkr`.
pub fn deviation_exact(kronor: i64, unit: MoneyUnit) -> Cell {
    let text = format_money_exact(kronor, unit);
    let text = if kronor > 0 { format!("+{text}") } else { text };
    Cell::new(text, effect(kronor))
}

/// A base amount written out exactly with its unit.
pub fn money_exact(kronor: Option<i64>, unit: MoneyUnit) -> Cell {
    kronor.map_or_else(Cell::empty, |kr| Cell::plain(format_money_exact(kr, unit)))
}

fn effect(kronor: i64) -> Sem {
    match kronor.signum() {
        -1 => Sem::Bad,
        1 => Sem::Good,
        _ => Sem::Normal,
    }
}

/// A percentage with one decimal: `−4,7 %`. With `variance`, signed and
/// coloured by effect.
pub fn percent(value: Option<Decimal>, variance: bool) -> Cell {
    let Some(value) = value else {
        return Cell::empty();
    };
    let text = format!("{} %", format_sv(value, 1, variance));
    if variance {
        let sem = if value.is_sign_negative() && !value.is_zero() {
            Sem::Bad
        } else if value.is_zero() {
            Sem::Normal
        } else {
            Sem::Good
        };
        Cell::new(text, sem)
    } else {
        Cell::plain(text)
    }
}

/// A decimal in its own unit (`3,81 %`, `712,4`), or blank.
pub fn number(value: Option<Decimal>, decimals: u32, unit: &str) -> Cell {
    match value {
        Some(v) if unit.is_empty() => Cell::plain(format_sv(v, decimals, false)),
        Some(v) => Cell::plain(format!("{} {unit}", format_sv(v, decimals, false))),
        None => Cell::empty(),
    }
}

pub fn light(judgement: Judgement, ascii: bool) -> Cell {
    Cell::new(
        format!("{} {}", judgement.glyph(ascii), judgement.label()),
        super::theme::Sem::Light(judgement),
    )
}

/// A light, or a dash and nothing when the report says nothing.
pub fn maybe_light(judgement: Option<Judgement>, ascii: bool) -> Cell {
    judgement.map_or_else(Cell::empty, |j| light(j, ascii))
}

pub fn status(status: DirectiveStatus, ascii: bool) -> Cell {
    Cell::new(
        format!("{} {}", status.glyph(ascii), status.label()),
        Sem::Status(status),
    )
}

/// Where a figure comes from, for a detail page.
pub fn source(provenance: &Provenance) -> Cell {
    let cited = provenance.citation();
    match (cited, provenance.illustrative) {
        (Some(c), false) => Cell::plain(c),
        (Some(c), true) => Cell::new("Illustrativ, ej källans siffra; ", Sem::Illustrative)
            .push(format!("i linje med {c}"), Sem::Dim),
        (None, true) => Cell::new("Illustrativ, ej från någon källa", Sem::Illustrative),
        (None, false) => Cell::new("Källa saknas", Sem::Dim),
    }
}

/// A line of block characters, one per value, scaled between the series'
/// minimum and maximum; a gap for unknown months.
pub fn sparkline(values: &[Option<f64>], ascii: bool) -> String {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    const ASCII: [char; 8] = ['_', '.', ',', '-', '~', '=', '*', '#'];
    let levels = if ascii { &ASCII } else { &BLOCKS };
    let known: Vec<f64> = values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    let (min, max) = known
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        });
    values
        .iter()
        .map(|v| match v {
            Some(v) if v.is_finite() => {
                let span = max - min;
                let level = if span > 0.0 {
                    ((v - min) / span * 7.0).round() as usize
                } else {
                    3
                };
                levels[level.min(7)]
            }
            _ => ' ',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn variances_carry_sign_and_effect_base_values_do_not() {
        let dev = deviation(Some(-448_000_000), MoneyUnit::Mkr);
        assert_eq!(
            (dev.text(), dev.spans[0].1),
            ("−448,0".to_string(), Sem::Bad)
        );
        let dev = deviation(Some(156_000_000), MoneyUnit::Mkr);
        assert_eq!(
            (dev.text(), dev.spans[0].1),
            ("+156,0".to_string(), Sem::Good)
        );
        let base = money(Some(7_058_000_000), MoneyUnit::Mkr);
        assert_eq!(
            (base.text(), base.spans[0].1),
            ("7 058,0".to_string(), Sem::Normal)
        );
        assert_eq!(
            deviation(None, MoneyUnit::Mkr).text(),
            "",
            "unknown is blank, never 0"
        );
        assert_eq!(
            deviation_exact(-448_000_000, MoneyUnit::Mkr).text(),
            "−448 mkr"
        );
        assert_eq!(
            deviation_exact(400_300_000, MoneyUnit::Mkr).text(),
            "+400,3 mkr"
        );
    }

    #[test]
    fn percentages() {
        let d = |s| Some(Decimal::from_str(s).unwrap());
        assert_eq!(percent(d("-4.7"), false).text(), "−4,7 %");
        let p = percent(d("-4.7"), true);
        assert_eq!(p.spans[0].1, Sem::Bad);
        assert_eq!(percent(None, true).text(), "");
        assert_eq!(number(d("3.81"), 2, "%").text(), "3,81 %");
    }

    #[test]
    fn lights_and_statuses_are_glyph_and_word() {
        assert_eq!(light(Judgement::Partial, false).text(), "◐ Delvis");
        assert_eq!(light(Judgement::NoData, true).text(), "- Inga data");
        assert_eq!(
            status(DirectiveStatus::DoneWithDeviation, false).text(),
            "! Klar m. avvikelse"
        );
    }

    #[test]
    fn sparkline_scales_and_keeps_gaps() {
        assert_eq!(
            sparkline(&[Some(1.0), Some(2.0), None, Some(8.0)], false),
            "▁▂ █"
        );
        assert_eq!(sparkline(&[Some(5.0), Some(5.0)], true), "--");
        assert_eq!(sparkline(&[], false), "");
    }

    #[test]
    fn sources_say_whether_a_figure_is_illustrative() {
        let real = Provenance {
            document: Some("HSN delårsrapport per augusti 2025".into()),
            ..Provenance::default()
        };
        assert_eq!(source(&real).text(), "HSN delårsrapport per augusti 2025");
        let made_up = Provenance {
            illustrative: true,
            ..real
        };
        assert!(source(&made_up).text().starts_with("Illustrativ"));
    }
}
