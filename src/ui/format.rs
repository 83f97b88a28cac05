//! Cells as the cockpit shows figures: Swedish number format, variances
//! coloured by their effect with `+` only on variances, unknown as blank,
//! every status a glyph and a word.

use super::screen::{Cell, Glyph, Piece, Raw};
use super::strings;
use super::theme::Sem;
use crate::data::restated::Restatement;
use crate::data::{Notice, Period, Provenance, Store};
use crate::domain::change::Shift;
use crate::domain::light::{Basis, IndicatorLight, Judgement};
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

/// An amount in a table column with the precision it has, no more: whole
/// mkr stay whole (`7 058`), a source's one decimal stays (`6 604,2`). A
/// figure with fewer decimals than the column's is padded on the right so
/// the decimal marks of a column still line up.
fn column_amount(kronor: i64, unit: MoneyUnit, plus: bool) -> String {
    let amount = unit.from_kronor(kronor).normalize();
    let column = table_decimals(unit);
    let decimals = amount.scale().min(column.max(2));
    let mut text = format_sv(amount, decimals, plus);
    if decimals < column {
        // ",0" is two columns; each missing decimal after the first one.
        let pad = (column - decimals) as usize + usize::from(decimals == 0);
        text.push_str(&" ".repeat(pad));
    }
    text
}

/// A base value (budget, outcome): no sign colour, no `+`. Blank if unknown.
pub fn money(kronor: Option<i64>, unit: MoneyUnit) -> Cell {
    match kronor {
        Some(kr) => Cell::plain(column_amount(kr, unit, false)).valued(Raw::Money(kr)),
        None => Cell::empty(),
    }
}

/// A variance: `+` when positive, coloured by its effect on the result.
pub fn deviation(kronor: Option<i64>, unit: MoneyUnit) -> Cell {
    match kronor {
        Some(kr) => {
            Cell::new(column_amount(kr, unit, true), effect(kr.cmp(&0))).valued(Raw::Money(kr))
        }
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

/// A cost development as the source wrote it, with its sign either way
/// ("+7,0 %" where the report says 7,0 procent, "+7 %" where it says 7),
/// not coloured (a rise in costs is not in itself good or bad).
pub fn development(value: Option<Decimal>) -> Cell {
    value.map_or_else(Cell::empty, |v| {
        Cell::plain(format!("{} %", format_sv(v, v.scale(), true))).valued(Raw::Percent(v))
    })
}

/// A decimal as stored, with as many decimals as it was written with
/// (3,81 stays 3,81; 80 stays 80; 2,0 stays 2,0), and its unit.
pub fn quantity(value: Option<Decimal>, unit: Option<&str>) -> Cell {
    let decimals = value.map_or(0, |v| v.scale());
    number(value, decimals, unit.unwrap_or(""))
}

/// A decimal in its own unit (`3,81 %`, `712,4`), or blank.
pub fn number(value: Option<Decimal>, decimals: u32, unit: &str) -> Cell {
    let raw = |value| Raw::Number {
        value,
        unit: unit.to_string(),
    };
    // A count's unit is written "antal" in the reports' tables, but no one
    // writes "3 antal": a count stands alone on screen (its data keeps it).
    let shown = if unit.eq_ignore_ascii_case("antal") {
        ""
    } else {
        unit
    };
    match value {
        Some(v) if shown.is_empty() => Cell::plain(format_sv(v, decimals, false)).valued(raw(v)),
        Some(v) => Cell::plain(format!("{} {shown}", format_sv(v, decimals, false))).valued(raw(v)),
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

/// A report's own judgement of a directive or its measure: the light's
/// glyph and the judgement's word ("○ uppnås ej"), in the light's colour.
pub fn judged(judged: crate::domain::vocab::Achievement) -> Cell {
    let light = judged.light();
    let sem = Sem::Light(light);
    Cell::new(Glyph::Light(light), sem)
        .push(format!(" {}", judged.label()), sem)
        .valued(Raw::Word(judged.label().to_string()))
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

/// How far an indicator or key figure is from its target: for higher-is-better its share
/// of target (the reports' 97,1 %, a base value without `+`); for a ceiling
/// the distance to it ("4 p.e. över", "procentenheter" written out when
/// `long`).
pub fn distance(light: &IndicatorLight, unit: Option<&str>, long: bool) -> Cell {
    match light.distance(unit, long) {
        None => Cell::empty(),
        Some((text, Ordering::Greater)) => Cell::new(text, Sem::Bad),
        Some((text, Ordering::Less)) => Cell::new(text, Sem::Good),
        Some((text, Ordering::Equal)) => Cell::plain(text),
    }
}

/// An indicator's or key figure's light as a list shows it: the report's judgement as it
/// is, the rule's marked "(ber.)", nothing where the rule cannot judge.
pub fn rule_light(lit: &IndicatorLight) -> Cell {
    match (lit.light, lit.basis) {
        (Some(j), Basis::Rule) => light(j).push(" (ber.)", Sem::Dim),
        (Some(j), _) => light(j),
        (None, _) => Cell::empty(),
    }
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
/// everywhere, as a caption where the figures they concern are shown: how
/// many there are first (a narrow terminal cuts the end, never the count),
/// then the first of them: "⚑ 3 noteringar (Översikt): text". A report
/// that contradicts itself about these figures comes first, with both
/// values and places; then the snapshot's order.
pub fn notice_caption(notices: &[Notice], topic: Topic) -> Option<Cell> {
    let mut about: Vec<&Notice> = notices
        .iter()
        .filter(|n| n.topic == topic || n.topic == Topic::General)
        .collect();
    about.sort_by_key(|n| n.contradiction().is_none());
    let first = about.first()?;
    let text = first.headline();
    let count = match about.len() {
        1 => String::new(),
        n => strings::notices_here(n),
    };
    Some(Cell::new(Glyph::Notice, Sem::Notice).push(format!(" {count}{text}"), Sem::Notice))
}

/// A caption with the notices about `topic` before it: they concern the
/// figures below, and must not be the part a narrow terminal cuts.
pub fn with_notices(caption: Option<Cell>, notices: &[Notice], topic: Topic) -> Option<Cell> {
    match (notice_caption(notices, topic), caption) {
        (Some(notice), Some(caption)) => Some(notice.then(caption)),
        (notice, caption) => notice.or(caption),
    }
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

/// "aug 2025" for a period id; the id itself where the snapshot has no
/// such period.
pub fn short_period_of(store: &Store, id: &str) -> String {
    store
        .period(id)
        .map_or_else(|| id.to_string(), short_period)
}

/// "ack augusti 2025" for a period id; the id where there is no such period.
pub fn period_label_of(store: &Store, id: &str) -> String {
    store
        .period(id)
        .map_or_else(|| id.to_string(), |p| p.label.clone())
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

/// Days left, or days overdue; blank when done (the date no longer
/// matters) or when there is no end date.
pub fn remaining(status: Option<DirectiveStatus>, left: Option<i64>) -> Cell {
    if matches!(
        status,
        Some(DirectiveStatus::Done | DirectiveStatus::DoneWithDeviation)
    ) {
        return Cell::empty();
    }
    match left {
        // No source says whether it was done: the date passed, nothing more.
        Some(d) if d < 0 && status == Some(DirectiveStatus::NotStated) => {
            Cell::new("passerat", Sem::Dim).valued(Raw::Int(d))
        }
        Some(d) if d < 0 => Cell::new(format!("{} d sen", -d), Sem::Overdue).valued(Raw::Int(d)),
        Some(d) => Cell::plain(format!("{d} d")).valued(Raw::Int(d)),
        None => Cell::empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn a_column_amount_keeps_the_precision_it_has_and_the_marks_align() {
        let mkr = |kr: i64| money(Some(kr), MoneyUnit::Mkr).text();
        assert_eq!(mkr(7_058_000_000), "7 058  ");
        assert_eq!(mkr(6_604_200_000), "6 604,2");
        assert_eq!(mkr(-448_000_000).chars().count(), "−448,0".chars().count());
        assert_eq!(mkr(40_550_000), "40,55", "a source's two decimals stay");
        assert_eq!(mkr(40_555_000), "40,56", "never more than two");
        let dev = deviation(Some(400_300_000), MoneyUnit::Mkr);
        assert_eq!(dev.text(), "+400,3");
        assert_eq!(money(Some(12_000), MoneyUnit::Tkr).text(), "12");
        assert_eq!(money(Some(12_500), MoneyUnit::Tkr).text(), "12,5");
    }

    #[test]
    fn cost_development_has_its_sign_either_way_and_the_sources_precision() {
        let dev = |s: &str| development(Some(Decimal::from_str(s).unwrap())).text();
        assert_eq!(dev("7"), "+7 %", "the report says 7 procent");
        assert_eq!(dev("7.0"), "+7,0 %", "the report says 7,0 procent");
        assert_eq!(dev("-4.7"), "−4,7 %");
        assert_eq!(dev("-14"), "−14 %");
        assert_eq!(dev("0"), "0 %");
        assert_eq!(development(None).text(), "");
    }

    #[test]
    fn a_stored_quantity_keeps_the_decimals_it_was_written_with() {
        let q = |s: &str| quantity(Some(Decimal::from_str(s).unwrap()), Some("%")).text();
        assert_eq!(q("2.0"), "2,0 %", "Riktmärket är 2,0 procent");
        assert_eq!(q("3.81"), "3,81 %");
        assert_eq!(q("80"), "80 %");
    }

    #[test]
    fn variances_carry_sign_and_effect_base_values_do_not() {
        let dev = deviation(Some(-448_000_000), MoneyUnit::Mkr);
        assert_eq!(
            (dev.text(), dev.spans[0].1),
            ("−448  ".to_string(), Sem::Bad)
        );
        let dev = deviation(Some(156_000_000), MoneyUnit::Mkr);
        assert_eq!(
            (dev.text(), dev.spans[0].1),
            ("+156  ".to_string(), Sem::Good)
        );
        let base = money(Some(7_058_000_000), MoneyUnit::Mkr);
        assert_eq!(
            (base.text(), base.spans[0].1),
            ("7 058  ".to_string(), Sem::Normal)
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
            kind: crate::domain::vocab::NoticeKind::Caveat,
            places: None,
        };
        let notices = [
            notice(Topic::Beds, "sängar"),
            notice(Topic::General, "allt\nandra raden"),
            notice(Topic::Goals, "mål"),
        ];
        assert_eq!(
            notice_caption(&notices, Topic::Goals).map(|c| c.text()),
            Some("⚑ 2 noteringar (Översikt): allt".into()),
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
    fn a_contradiction_leads_the_caption_with_both_values_and_places() {
        let at = |section: &str| Provenance {
            document: Some("HSN delårsrapport per augusti 2025".into()),
            section: Some(section.into()),
            ..Provenance::default()
        };
        let caveat = Notice {
            org_unit_id: None,
            topic: Topic::General,
            text: "Cosmic".into(),
            provenance: Provenance::default(),
            kind: crate::domain::vocab::NoticeKind::Caveat,
            places: None,
        };
        let contradiction = Notice {
            topic: Topic::Directives,
            text: "Två belopp".into(),
            provenance: at("2.3 Uppdrag"),
            kind: crate::domain::vocab::NoticeKind::Contradiction,
            places: Some(Box::new(crate::data::TwoPlaces {
                stated: Some("250 mkr".into()),
                other_stated: Some("213 mkr".into()),
                other_source: Some(at("3.2 Analys av större avvikelser")),
            })),
            ..caveat.clone()
        };
        let notices = [caveat.clone(), contradiction.clone()];
        assert_eq!(
            notice_caption(&notices, Topic::Directives).map(|c| c.text()),
            Some(
                "⚑ 2 noteringar (Översikt): Motsägelse: 250 mkr mot 213 mkr \
                 (under 2.3 Uppdrag; under 3.2 Analys av större avvikelser)"
                    .into()
            )
        );
        assert_eq!(
            notice_caption(&notices, Topic::Beds).map(|c| c.text()),
            Some("⚑ Cosmic".into()),
            "a contradiction about other figures is not shown here"
        );
        let mut same_place = contradiction;
        if let Some(places) = same_place.places.as_mut() {
            places.other_source = Some(at("2.3 Uppdrag"));
        }
        assert_eq!(
            same_place.headline(),
            "Motsägelse: 250 mkr mot 213 mkr (båda under 2.3 Uppdrag)"
        );
        assert_eq!(caveat.contradiction(), None);
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
