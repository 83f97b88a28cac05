//! Cells as the cockpit shows figures: Swedish number format, variances
//! coloured by their effect with `+` only on variances, unknown as blank,
//! every status a glyph and a word.

use super::screen::{Cell, Glyph, Piece, Raw};
use super::strings;
use super::theme::Sem;
use crate::data::restated::Restatement;
use crate::data::{Notice, Period, Provenance};
use crate::domain::change::Shift;
use crate::domain::light::Judgement;
use crate::domain::money::{MoneyUnit, format_money_exact};
use crate::domain::number::format_sv;
use crate::domain::status::DirectiveStatus;
use crate::domain::vocab::Topic;
use rust_decimal::Decimal;
use std::cmp::Ordering;

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
        Some(kr) => Cell::plain(format_sv(unit.from_kronor(kr), table_decimals(unit), false))
            .valued(Raw::Money(kr)),
        None => Cell::empty(),
    }
}

/// A variance: `+` when positive, coloured by its effect on the result.
pub fn deviation(kronor: Option<i64>, unit: MoneyUnit) -> Cell {
    match kronor {
        Some(kr) => Cell::new(
            format_sv(unit.from_kronor(kr), table_decimals(unit), true),
            effect(kr.cmp(&0)),
        )
        .valued(Raw::Money(kr)),
        None => Cell::empty(),
    }
}

/// A variance written out exactly with its unit, for headlines and details:
/// `−448 mkr`, `+400,3 mkr`.
pub fn deviation_exact(kronor: i64, unit: MoneyUnit) -> Cell {
    let text = format_money_exact(kronor, unit);
    let text = if kronor > 0 { format!("+{text}") } else { text };
    Cell::new(text, effect(kronor.cmp(&0))).valued(Raw::Money(kronor))
}

/// A base amount written out exactly with its unit.
pub fn money_exact(kronor: Option<i64>, unit: MoneyUnit) -> Cell {
    kronor.map_or_else(Cell::empty, |kr| {
        Cell::plain(format_money_exact(kr, unit)).valued(Raw::Money(kr))
    })
}

/// What a variance's sign means for the result: the one place a sign
/// becomes a colour.
pub fn effect(sign: Ordering) -> Sem {
    match sign {
        Ordering::Less => Sem::Bad,
        Ordering::Greater => Sem::Good,
        Ordering::Equal => Sem::Normal,
    }
}

/// A percentage with one decimal: `−4,7 %`. With `variance`, signed and
/// coloured by effect.
pub fn percent(value: Option<Decimal>, variance: bool) -> Cell {
    let Some(value) = value else {
        return Cell::empty();
    };
    let text = format!("{} %", format_sv(value, 1, variance));
    let cell = if variance {
        Cell::new(text, effect(value.cmp(&Decimal::ZERO)))
    } else {
        Cell::plain(text)
    };
    cell.valued(Raw::Percent(value))
}

/// A decimal in its own unit (`3,81 %`, `712,4`), or blank.
pub fn number(value: Option<Decimal>, decimals: u32, unit: &str) -> Cell {
    let raw = |value| Raw::Number {
        value,
        unit: unit.to_string(),
    };
    match value {
        Some(v) if unit.is_empty() => Cell::plain(format_sv(v, decimals, false)).valued(raw(v)),
        Some(v) => Cell::plain(format!("{} {unit}", format_sv(v, decimals, false))).valued(raw(v)),
        None => Cell::empty(),
    }
}

/// A light: its glyph and its word, in its colour.
pub fn light(judgement: Judgement) -> Cell {
    let sem = Sem::Light(judgement);
    Cell::new(Glyph::Light(judgement), sem)
        .push(format!(" {}", judgement.label()), sem)
        .valued(Raw::Word(judgement.label().to_string()))
}

/// A light, or blank when the report says nothing.
pub fn maybe_light(judgement: Option<Judgement>) -> Cell {
    judgement.map_or_else(Cell::empty, light)
}

/// A directive status: its glyph and its word, in its colour.
pub fn status(status: DirectiveStatus) -> Cell {
    let sem = Sem::Status(status);
    Cell::new(Glyph::Status(status), sem)
        .push(format!(" {}", status.label()), sem)
        .valued(Raw::Word(status.label().to_string()))
}

/// A change since the comparison period: glyph and word, coloured by its
/// effect (↓ sämre, ↑ bättre, → ändrad).
pub fn shift(shift: Shift) -> Cell {
    let word = shift.word();
    let sem = match shift {
        Shift::Worse => Sem::Bad,
        Shift::Better => Sem::Good,
        Shift::Other => Sem::Normal,
    };
    Cell::new(Glyph::Shift(shift), sem)
        .push(format!(" {word}"), sem)
        .valued(Raw::Word(word.to_string()))
}

/// After a name whose figures differ from the older snapshot (`--since`):
/// "✎ ändrad" or "✎ ny"; nothing otherwise.
pub fn restated(restatement: Option<&Restatement>) -> Cell {
    match restatement {
        None => Cell::empty(),
        Some(r) => {
            let word = match r {
                Restatement::New => " ny",
                Restatement::Changed(_) => " ändrad",
            };
            Cell::plain(" ")
                .push(Glyph::Restated, Sem::Notice)
                .push(word, Sem::Notice)
        }
    }
}

/// The detail's field for a restated row: each column old → new.
pub fn restated_field(old_name: &str, restatement: &Restatement) -> (String, Cell) {
    let text = match restatement {
        Restatement::New => "raden finns inte där".to_string(),
        Restatement::Changed(columns) => columns
            .iter()
            .map(|(c, old, new)| format!("{c}: {old} → {new}"))
            .collect::<Vec<_>>()
            .join("; "),
    };
    (
        format!("Ändrat sedan {old_name}"),
        Cell::new(Glyph::Restated, Sem::Notice).push(format!(" {text}"), Sem::Notice),
    )
}

/// A dimmed dash: nothing to show.
pub fn dash() -> Cell {
    Cell::new(Glyph::Dash, Sem::Dim)
}

/// A cell, or a dimmed phrase saying the snapshot does not state it.
pub fn or_unknown(cell: Cell) -> Cell {
    if cell.is_blank() {
        Cell::new(strings::UNKNOWN, Sem::Dim)
    } else {
        cell
    }
}

/// The period's notices about `topic`, and the general ones that apply
/// everywhere, as a caption where the figures they concern are shown: the
/// first of them in the snapshot's order, and how many more there are:
/// "⚑ text (+2 till, se Översikt)".
pub fn notice_caption(notices: &[Notice], topic: Topic) -> Option<Cell> {
    let mut about = notices
        .iter()
        .filter(|n| n.topic == topic || n.topic == Topic::General);
    let first = about.next()?;
    let more = match about.count() {
        0 => String::new(),
        n => strings::more_notices(n),
    };
    let text = first.text.lines().next().unwrap_or_default();
    Some(Cell::new(Glyph::Notice, Sem::Notice).push(format!(" {text}{more}"), Sem::Notice))
}

/// "aug 2025": a period as a column or a mark can hold it (its label where
/// its end date is unknown).
pub fn short_period(period: &Period) -> String {
    use chrono::Datelike;
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    ];
    match period.end_date {
        Some(end) => format!("{} {}", MONTHS[end.month0() as usize % 12], end.year()),
        None => period.label.clone(),
    }
}

/// A decimal as a chart plots it.
pub fn plotted(value: Decimal) -> Option<f64> {
    use rust_decimal::prelude::ToPrimitive;
    value.to_f64().filter(|v| v.is_finite())
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

/// One level per value, scaled between the series' minimum and maximum;
/// a gap for unknown months.
pub fn sparkline(values: &[Option<Decimal>]) -> Piece {
    let values: Vec<Option<f64>> = values.iter().map(|v| v.and_then(plotted)).collect();
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
                    ((v - min) / span * 7.0).round() as u8
                } else {
                    3
                };
                Glyph::Spark(Some(level.min(7)))
            }
            _ => Glyph::Spark(None),
        })
        .collect::<Vec<_>>()
        .into()
}

impl From<Vec<Glyph>> for Piece {
    fn from(glyphs: Vec<Glyph>) -> Piece {
        Piece::Glyphs(glyphs)
    }
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
        use crate::ui::theme::Symbols;
        assert_eq!(light(Judgement::Partial).text(), "◐ Delvis");
        assert_eq!(
            light(Judgement::NoData).text_in(&Symbols::ASCII),
            "- Inga data"
        );
        assert_eq!(
            status(DirectiveStatus::DoneWithDeviation).text(),
            "! Klar m. avvikelse"
        );
    }

    #[test]
    fn sparkline_scales_and_keeps_gaps() {
        use crate::ui::theme::Symbols;
        let d = |n: i64| Some(Decimal::from(n));
        let line = Cell::plain(sparkline(&[d(1), d(2), None, d(8)]));
        assert_eq!(line.text(), "▁▂ █");
        let flat = Cell::plain(sparkline(&[d(5), d(5)]));
        assert_eq!(flat.text_in(&Symbols::ASCII), "--");
        assert_eq!(Cell::plain(sparkline(&[])).text(), "");
    }

    #[test]
    fn a_notice_caption_counts_the_rest_and_includes_general_ones() {
        let notice = |topic, text: &str| Notice {
            org_unit_id: None,
            topic,
            text: text.into(),
            provenance: Provenance::default(),
        };
        let notices = [
            notice(Topic::Beds, "sängar"),
            notice(Topic::General, "allt\nandra raden"),
            notice(Topic::Goals, "mål"),
        ];
        assert_eq!(
            notice_caption(&notices, Topic::Goals).map(|c| c.text()),
            Some("⚑ allt (+1 till, se Översikt)".into()),
            "general notices apply to goals too"
        );
        assert_eq!(
            notice_caption(&notices, Topic::Economy).map(|c| c.text()),
            Some("⚑ allt".into()),
            "a general notice applies everywhere"
        );
        assert_eq!(notice_caption(&notices[..1], Topic::Goals), None);
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
