//! Key figures (nyckeltal): a few hundred series at region scale, spread
//! over the region, its boards, frames and areas (at national scale the
//! hospitals' clinics too), each with a value for every month of the
//! snapshot's years. Values are worded as the reports word them ("R12
//! sep 2024–aug 2025", "aug 2025", "jan–aug 2025"), in the reports' units
//! (%, mkr, personer, antal, dagar); some series have a ceiling or a floor
//! as target, some none, some no direction at all. Each value belongs to
//! the report that states it ([`stating`]).

use super::org::Org;
use super::rng::Rng;
use super::{Params, Period};
use rusqlite::{Connection, params};
use rust_decimal::Decimal;
use tertial_core::domain::number::{format_sv, to_canonical};

/// The span a value measures, and so its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Span {
    /// The twelve months ending at the month: "R12 sep 2024–aug 2025".
    R12,
    /// The month itself, or the state at its end: "aug 2025".
    Month,
    /// The year so far: "jan–aug 2025".
    YearToDate,
}

/// How a month's figure adds up over a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A level (a share, days): over twelve months, their mean.
    Rate,
    /// An amount per month (money, care given): over a span, the sum.
    Flow,
    /// A count at the month's end (staff, patients, debt).
    Stock,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Goal {
    None,
    /// At most the target (lower is better).
    Ceiling,
    /// At least the target (higher is better).
    Floor,
}

/// Which units report a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// The region, every board, frame and area.
    Everyone,
    /// Health care: HSN and the primary-care, dental and hospital frames
    /// with everything under them.
    Care,
    Hospital,
    Primary,
    Dental,
    /// The region as a whole (the treasury).
    Region,
    /// The region, the boards and the frames.
    Budget,
}

/// What a directive's measurable target can be measured by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gauge {
    /// The agency-staff share ("Minska hyrberoendet").
    AgencyShare,
}

struct Template {
    name: &'static str,
    unit: &'static str,
    direction: Option<&'static str>,
    span: Span,
    shape: Shape,
    scope: Scope,
    /// In hundredths: a rate's level; a flow's amount per month, or a
    /// stock's count, per leaf unit under the reporting unit.
    level: (i64, i64),
    decimals: u32,
    goal: Goal,
    /// Drift per year, in percent of the level.
    drift: (i64, i64),
    /// How much higher in winter than in summer, in percent of the level.
    winter: i64,
    gauge: Option<Gauge>,
}

/// What every template starts from.
const PLAIN: Template = Template {
    name: "",
    unit: "%",
    direction: None,
    span: Span::Month,
    shape: Shape::Rate,
    scope: Scope::Everyone,
    level: (100, 100),
    decimals: 1,
    goal: Goal::None,
    drift: (-4, 4),
    winter: 0,
    gauge: None,
};

const LOWER: Option<&str> = Some("lower");
const HIGHER: Option<&str> = Some("higher");

use Scope::{Budget, Care, Dental, Everyone, Hospital, Primary, Region};
use Shape::{Flow, Rate, Stock};
use Span::{Month, R12, YearToDate};

const TEMPLATES: &[Template] = &[
    Template {
        name: "Sjukfrånvaro, total",
        direction: LOWER,
        span: R12,
        shape: Rate,
        level: (480, 780),
        goal: Goal::Ceiling,
        winter: 18,
        ..PLAIN
    },
    Template {
        name: "Korttidssjukfrånvaro, dag 1–14",
        direction: LOWER,
        span: R12,
        shape: Rate,
        level: (170, 310),
        winter: 30,
        ..PLAIN
    },
    Template {
        name: "Antal anställda",
        unit: "personer",
        span: Month,
        shape: Stock,
        level: (1_800, 3_200),
        decimals: 0,
        ..PLAIN
    },
    Template {
        name: "Personalomsättning",
        direction: LOWER,
        span: R12,
        shape: Rate,
        level: (600, 1_250),
        goal: Goal::Ceiling,
        ..PLAIN
    },
    Template {
        name: "Andel medarbetare helt utan sjukfrånvaro",
        direction: HIGHER,
        span: R12,
        shape: Rate,
        level: (2_400, 3_800),
        goal: Goal::Floor,
        ..PLAIN
    },
    Template {
        name: "Hyrpersonal, andel av egna personalkostnader",
        direction: LOWER,
        span: R12,
        shape: Rate,
        scope: Care,
        level: (150, 1_400),
        decimals: 2,
        goal: Goal::Ceiling,
        drift: (-8, 2),
        gauge: Some(Gauge::AgencyShare),
        ..PLAIN
    },
    Template {
        name: "Kostnad för hyrpersonal",
        unit: "mkr",
        direction: LOWER,
        span: YearToDate,
        shape: Flow,
        scope: Care,
        level: (1, 4),
        drift: (-8, 5),
        ..PLAIN
    },
    Template {
        name: "Uppnådd effekt av åtgärdsplaner",
        unit: "mkr",
        direction: HIGHER,
        span: YearToDate,
        shape: Flow,
        scope: Care,
        level: (1, 6),
        ..PLAIN
    },
    Template {
        name: "Medelvårdtid",
        unit: "dagar",
        direction: LOWER,
        span: Month,
        shape: Rate,
        scope: Hospital,
        level: (400, 650),
        goal: Goal::Ceiling,
        winter: 6,
        ..PLAIN
    },
    Template {
        name: "Beläggningsgrad, vårdavdelningar",
        direction: LOWER,
        span: Month,
        shape: Rate,
        scope: Hospital,
        level: (8_600, 10_300),
        decimals: 0,
        goal: Goal::Ceiling,
        winter: 8,
        ..PLAIN
    },
    Template {
        name: "Antal vårdtillfällen",
        unit: "antal",
        direction: HIGHER,
        span: YearToDate,
        shape: Flow,
        scope: Hospital,
        level: (2_500, 4_000),
        decimals: 0,
        ..PLAIN
    },
    Template {
        name: "Andel patienter opererade inom 90 dagar",
        direction: HIGHER,
        span: Month,
        shape: Rate,
        scope: Hospital,
        level: (5_800, 9_000),
        decimals: 0,
        goal: Goal::Floor,
        ..PLAIN
    },
    Template {
        name: "Listade patienter",
        unit: "personer",
        direction: HIGHER,
        span: Month,
        shape: Stock,
        scope: Primary,
        level: (300_000, 450_000),
        decimals: 0,
        ..PLAIN
    },
    Template {
        name: "Andel patienter med fast läkarkontakt",
        direction: HIGHER,
        span: Month,
        shape: Rate,
        scope: Primary,
        level: (3_500, 7_000),
        decimals: 0,
        goal: Goal::Floor,
        ..PLAIN
    },
    Template {
        name: "Antal besök",
        unit: "antal",
        span: YearToDate,
        shape: Flow,
        scope: Primary,
        level: (60_000, 100_000),
        decimals: 0,
        winter: 10,
        ..PLAIN
    },
    Template {
        name: "Antal behandlade patienter i tandvården",
        unit: "antal",
        direction: HIGHER,
        span: YearToDate,
        shape: Flow,
        scope: Dental,
        level: (50_000, 80_000),
        decimals: 0,
        ..PLAIN
    },
    Template {
        name: "Väntetid till undersökning, median",
        unit: "dagar",
        direction: LOWER,
        span: Month,
        shape: Rate,
        scope: Dental,
        level: (1_800, 6_500),
        decimals: 0,
        goal: Goal::Ceiling,
        ..PLAIN
    },
    Template {
        name: "Köpt vård, utomlänsvård, tolv månader",
        unit: "mkr",
        direction: LOWER,
        span: R12,
        shape: Flow,
        scope: Care,
        level: (1, 4),
        ..PLAIN
    },
    Template {
        name: "Nettokostnadsutveckling",
        direction: LOWER,
        span: YearToDate,
        shape: Rate,
        scope: Budget,
        level: (250, 750),
        goal: Goal::Ceiling,
        drift: (2, 9),
        ..PLAIN
    },
    Template {
        name: "Låneskuld",
        unit: "mkr",
        direction: LOWER,
        span: Month,
        shape: Stock,
        scope: Region,
        level: (240, 320),
        decimals: 0,
        ..PLAIN
    },
    Template {
        name: "Likvida medel",
        unit: "mkr",
        span: Month,
        shape: Stock,
        scope: Region,
        level: (25, 60),
        decimals: 0,
        ..PLAIN
    },
    Template {
        name: "Investeringsutfall",
        unit: "mkr",
        span: YearToDate,
        shape: Flow,
        scope: Region,
        level: (6, 10),
        decimals: 0,
        ..PLAIN
    },
    Template {
        name: "Soliditet inklusive pensionsåtaganden",
        direction: HIGHER,
        span: Month,
        shape: Rate,
        scope: Region,
        level: (300, 1_200),
        goal: Goal::Floor,
        ..PLAIN
    },
];

/// A written series a directive can be measured by.
pub(crate) struct GaugeSeries {
    pub id: String,
    pub gauge: Gauge,
    pub unit: usize,
    pub target: Option<Decimal>,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

/// The label of the value for `month` (1–12) of `year`, as the reports
/// word the span.
fn label(span: Span, year: i32, month: u32) -> String {
    let name = MONTHS[month as usize - 1];
    match span {
        Span::Month => format!("{name} {year}"),
        Span::YearToDate if month == 1 => format!("jan {year}"),
        Span::YearToDate => format!("jan–{name} {year}"),
        Span::R12 if month == 12 => format!("R12 jan {year}–dec {year}"),
        Span::R12 => format!("R12 {} {}–{name} {year}", MONTHS[month as usize], year - 1),
    }
}

/// The report that states a value dated `date`: the first period that
/// ends on or after it (so a month's value comes with the month's report);
/// `None` where no period covers the date.
fn stating<'p>(periods: &'p [Period], date: &str) -> Option<&'p Period> {
    periods
        .iter()
        .filter(|p| p.end_date.as_str() >= date)
        .min_by(|a, b| a.end_date.cmp(&b.end_date))
}

/// Who reports what: the templates that fit each unit.
struct Reporters {
    /// Per unit, the templates it reports; empty where it reports none.
    fits: Vec<Vec<usize>>,
    /// Leaf units under each unit (itself if a leaf): its size.
    leaves: Vec<i64>,
}

fn reporters(org: &Org, clinics: bool) -> Reporters {
    let n = org.units.len();
    let mut leaves = vec![0i64; n];
    for u in (0..n).rev() {
        leaves[u] += i64::from(org.units[u].is_leaf());
        if let Some(p) = org.units[u].parent {
            leaves[p] += leaves[u];
        }
    }
    let under = |u: usize, id: &str| org.get(id).is_some_and(|a| org.chain(u).contains(&a));
    let fits = (0..n)
        .map(|u| {
            let unit = &org.units[u];
            let upper = matches!(unit.kind, "region" | "board" | "frame" | "area");
            let clinic =
                clinics && unit.kind == "unit" && !unit.children.is_empty() && under(u, "hsn.sjv");
            if !(upper || clinic) {
                return Vec::new();
            }
            let care =
                ["hsn.pv", "hsn.tv", "hsn.sjv"].iter().any(|f| under(u, f)) || unit.id == "hsn";
            TEMPLATES
                .iter()
                .enumerate()
                .filter(|(_, t)| match t.scope {
                    Everyone => true,
                    Care => care,
                    Hospital => under(u, "hsn.sjv"),
                    Primary => under(u, "hsn.pv"),
                    Dental => under(u, "hsn.tv"),
                    Region => unit.kind == "region",
                    Budget => matches!(unit.kind, "region" | "board" | "frame"),
                })
                .map(|(i, _)| i)
                .collect()
        })
        .collect();
    Reporters { fits, leaves }
}

/// `count` (unit, template) pairs: round by round one more template of
/// each unit, in the organisation's order, each unit's templates in a
/// random order with those a directive can be measured by first; the
/// region, boards, frames and areas before any clinic.
fn choose(org: &Org, count: usize, rng: &mut Rng) -> (Vec<(usize, usize)>, Vec<i64>) {
    let upper = reporters(org, false);
    let total: usize = upper.fits.iter().map(Vec::len).sum();
    let all = if total < count {
        reporters(org, true)
    } else {
        upper
    };
    let mut lists: Vec<(usize, Vec<usize>)> = Vec::new();
    for (u, fits) in all.fits.iter().enumerate() {
        if fits.is_empty() {
            continue;
        }
        let mut order = fits.clone();
        rng.shuffle(&mut order);
        order.sort_by_key(|&t| TEMPLATES[t].gauge.is_none());
        lists.push((u, order));
    }
    let mut chosen = Vec::with_capacity(count);
    let rounds = lists.iter().map(|(_, l)| l.len()).max().unwrap_or(0);
    'all: for tier in [false, true] {
        for round in 0..rounds {
            for (u, list) in lists
                .iter()
                .filter(|(u, _)| (org.units[*u].kind == "unit") == tier)
            {
                if chosen.len() == count {
                    break 'all;
                }
                if let Some(&t) = list.get(round) {
                    chosen.push((*u, t));
                }
            }
        }
    }
    chosen.sort_unstable();
    (chosen, all.leaves)
}

/// Hundredths rounded to `decimals` decimals, as stored.
fn stored(hundredths: i64, decimals: u32) -> Decimal {
    Decimal::new(hundredths, 2).round_dp(decimals).normalize()
}

pub(crate) fn write(
    conn: &Connection,
    org: &Org,
    periods: &[Period],
    params: &Params,
    rng: &mut Rng,
) -> rusqlite::Result<Vec<GaugeSeries>> {
    let (chosen, leaves) = choose(org, params.kpis, rng);
    let mut kpi = conn.prepare(
        "INSERT INTO kpi (id, name, unit, direction, target, target_text, org_unit_id, description, \
         sort_order) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut value = conn.prepare(
        "INSERT INTO kpi_value (kpi_id, date, label, value, period_id, illustrative) \
         VALUES (?1, ?2, ?3, ?4, ?5, 1)",
    )?;
    let months = params.years.max(0) as usize * 12;
    let mut gauges = Vec::new();
    for (n, &(u, ti)) in chosen.iter().enumerate() {
        let tpl = &TEMPLATES[ti];
        let unit = &org.units[u];
        let id = format!("k{:04}", n + 1);
        let size = match tpl.shape {
            Shape::Rate => 1,
            Shape::Flow | Shape::Stock => leaves[u].max(1),
        };
        let start = rng.range(tpl.level.0, tpl.level.1) * size;
        let drift = rng.range(tpl.drift.0, tpl.drift.1);
        // Eleven months before the first, so the first R12 is whole.
        let series = monthly(start, drift, tpl, months + 11, rng);
        let target = match (tpl.goal, tpl.gauge.is_some() || rng.chance(70)) {
            (Goal::None, _) | (_, false) => None,
            // Around where the series starts: some are met, some not.
            (Goal::Ceiling, true) => Some(start * rng.range(85, 105) / 100),
            (Goal::Floor, true) => Some(start * rng.range(95, 115) / 100),
        };
        // Targets are stated with one decimal less than shares of 1/100.
        let target = target.map(|t| stored(t, tpl.decimals.min(1)));
        let target_text = target.map(|t| {
            let words = if tpl.goal == Goal::Ceiling {
                "högst"
            } else {
                "minst"
            };
            let shown = format_sv(t, tpl.decimals.min(1), false);
            format!("{words} {shown} {}", tpl.unit)
        });
        kpi.execute(params![
            id,
            format!(
                "{} ({})",
                tpl.name,
                unit.short.as_deref().unwrap_or(&unit.name)
            ),
            tpl.unit,
            tpl.direction,
            target.map(to_canonical),
            target_text,
            unit.id,
            description(tpl),
            n as i64 + 1
        ])?;
        if let Some(gauge) = tpl.gauge {
            gauges.push(GaugeSeries {
                id: id.clone(),
                gauge,
                unit: u,
                target,
            });
        }
        for m in 0..months {
            let year = params.first_year + (m / 12) as i32;
            let month = (m % 12) as u32 + 1;
            // `series[m + 11]` is this month; the eleven before it too.
            let at = m + 11;
            let figure = match (tpl.span, tpl.shape) {
                (Span::R12, Shape::Rate) => series[m..=at].iter().sum::<i64>() / 12,
                (Span::R12, _) => series[m..=at].iter().sum(),
                (Span::YearToDate, Shape::Rate) => {
                    let from = at - (month as usize - 1);
                    series[from..=at].iter().sum::<i64>() / i64::from(month)
                }
                (Span::YearToDate, _) => series[at - (month as usize - 1)..=at].iter().sum(),
                (Span::Month, _) => series[at],
            };
            let date = super::last_day(year, month);
            value.execute(params![
                id,
                date,
                label(tpl.span, year, month),
                to_canonical(stored(figure, tpl.decimals)),
                stating(periods, &date).map(|p| p.id.as_str()),
            ])?;
        }
    }
    Ok(gauges)
}

/// A month's figure, in hundredths, for `len` months from the February
/// before the snapshot's first year: drifting from
/// `start` by `drift` percent a year, higher in winter, with noise (a
/// month's amount varies more than a share, a headcount hardly); never
/// below zero.
fn monthly(start: i64, drift: i64, tpl: &Template, len: usize, rng: &mut Rng) -> Vec<i64> {
    let spread = match tpl.shape {
        Shape::Rate => start / 40,
        Shape::Flow => start / 20,
        Shape::Stock => start / 400,
    };
    (0..len)
        .map(|m| {
            let trend = start * drift * m as i64 / 1_200;
            // December–February high, June–August low (month 0 of the
            // series is the February eleven months before the first).
            let season = match (m + 1) % 12 {
                11 | 0 | 1 => start * tpl.winter / 200,
                5..=7 => -start * tpl.winter / 200,
                _ => 0,
            };
            let noise = rng.noise(spread.max(1));
            (start + trend + season + noise).max(0)
        })
        .collect()
}

fn description(tpl: &Template) -> String {
    let span = match (tpl.span, tpl.shape) {
        (Span::R12, Shape::Rate) => "Genomsnitt för de tolv senaste månaderna.",
        (Span::R12, _) => "Summa för de tolv senaste månaderna.",
        (Span::YearToDate, Shape::Rate) => "Från årets början till och med månaden.",
        (Span::YearToDate, _) => "Ackumulerat från årets början.",
        (Span::Month, Shape::Stock) => "Vid månadens slut.",
        (Span::Month, _) => "För månaden.",
    };
    format!("{span} (Syntetiskt nyckeltal.)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(id: &str, end: &str) -> Period {
        Period {
            id: id.into(),
            kind: "month",
            end_date: end.into(),
            label: id.into(),
            year: 2025,
            month: 1,
        }
    }

    /// Every scale gets its number of series, no pair twice, within what
    /// the cockpit reads at once; at region scale and up every board,
    /// frame and area has some (national is checked here without writing
    /// its 3 GB).
    #[test]
    fn each_scale_gets_its_series_spread_over_the_organisation() {
        use crate::Scale;
        for scale in Scale::ALL {
            let params = Params::of(scale);
            let org = super::super::org::build(&params, &mut Rng::new(1).fork("org"));
            let (chosen, _) = choose(&org, params.kpis, &mut Rng::new(1).fork("kpis"));
            assert_eq!(chosen.len(), params.kpis, "{scale:?}");
            let mut unique = chosen.clone();
            unique.dedup();
            assert_eq!(unique.len(), chosen.len(), "{scale:?}");
            let values = params.kpis * params.years as usize * 12;
            assert!(
                values <= tertial_core::snapshot::open::MAX_VIEW_ROWS,
                "{scale:?}: {values} values"
            );
            if scale != Scale::Small {
                for (u, unit) in org.units.iter().enumerate() {
                    if matches!(unit.kind, "board" | "frame" | "area") {
                        assert!(
                            chosen.iter().any(|(c, _)| *c == u),
                            "{scale:?}: {} has none",
                            unit.id
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn labels_read_as_the_reports_word_the_span() {
        assert_eq!(label(Span::R12, 2025, 8), "R12 sep 2024–aug 2025");
        assert_eq!(label(Span::R12, 2025, 12), "R12 jan 2025–dec 2025");
        assert_eq!(label(Span::R12, 2025, 1), "R12 feb 2024–jan 2025");
        assert_eq!(label(Span::Month, 2025, 8), "aug 2025");
        assert_eq!(label(Span::YearToDate, 2025, 8), "jan–aug 2025");
        assert_eq!(label(Span::YearToDate, 2025, 1), "jan 2025");
    }

    #[test]
    fn a_value_belongs_to_the_first_report_that_ends_on_or_after_it() {
        let periods = [
            period("2025-08", "2025-08-31"),
            period("2025-04", "2025-04-30"),
            period("2025-12", "2025-12-31"),
        ];
        let of = |date: &str| stating(&periods, date).map(|p| p.id.as_str());
        assert_eq!(of("2025-04-30"), Some("2025-04"), "its own period");
        assert_eq!(of("2025-05-31"), Some("2025-08"), "the next report");
        assert_eq!(of("2024-12-31"), Some("2025-04"));
        assert_eq!(of("2026-01-31"), None, "after every period");
    }

    #[test]
    fn stored_values_keep_their_decimals() {
        assert_eq!(to_canonical(stored(381, 2)), "3.81");
        assert_eq!(to_canonical(stored(386, 1)), "3.9");
        assert_eq!(to_canonical(stored(123_456, 0)), "1235");
        assert_eq!(to_canonical(stored(600, 1)), "6");
    }
}
