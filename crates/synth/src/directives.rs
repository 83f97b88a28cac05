//! Directives (uppdrag) from the council, its committees and the boards, with
//! recipients and a status every period of their life: not started, then
//! ongoing, then done (with or without deviation); some run past their end
//! date, some are reported only yearly. A directive to cut the agency-staff
//! share is measured by the key figure of its part of the organisation, one
//! on digital visits by the indicator of its part, where there is one
//! (`directive.kpi_id`, `directive.indicator_id`, format version 2).

use super::goals::IndicatorGauge;
use super::kpis::{Gauge, GaugeSeries};
use super::org::Org;
use super::rng::Rng;
use super::{Params, Period};
use rusqlite::{Connection, params};
use rust_decimal::Decimal;
use tertial_core::domain::number::{format_sv, to_canonical};

/// The series a directive's target can be measured by.
pub(crate) struct Gauges {
    pub kpis: Vec<GaugeSeries>,
    pub indicators: Vec<IndicatorGauge>,
}

/// What measures a directive of `title` about `context` given in `year`:
/// the key figure or indicator of the context or of the nearest part above
/// it, with its target.
enum Measured<'g> {
    Kpi(&'g GaugeSeries),
    Indicator(&'g IndicatorGauge),
}

impl Gauges {
    fn find(&self, org: &Org, title: &str, context: usize, year: i32) -> Option<Measured<'_>> {
        let chain = org.chain(context);
        if title == "Minska hyrberoendet" {
            return chain.iter().find_map(|&u| {
                self.kpis
                    .iter()
                    .find(|k| k.gauge == Gauge::AgencyShare && k.unit == u && k.target.is_some())
                    .map(Measured::Kpi)
            });
        }
        if title == "Införa digitala vårdmöten" {
            return chain.iter().find_map(|&u| {
                self.indicators
                    .iter()
                    .find(|i| i.place == u && i.year.is_none_or(|y| y == year))
                    .map(Measured::Indicator)
            });
        }
        None
    }
}

/// Title, full text, an optional measurable target (text, value range,
/// unit), and whether it is about health care (then only HSN gets it). `{}`
/// is the part of the organisation the directive concerns.
type Template = (
    &'static str,
    &'static str,
    Option<(&'static str, (i64, i64), &'static str)>,
    bool,
);

const TEMPLATES: &[Template] = &[
    (
        "Minska personalkostnaderna",
        "Ta fram konsekvensunderlag och förslag på åtgärder för att minska personalkostnaderna inom {}.",
        Some(("Minskade personalkostnader med {} mkr", (20, 250), "mkr")),
        false,
    ),
    (
        "Minska hyrberoendet",
        "Minska beroendet av inhyrd personal inom {} genom egen rekrytering och bemanning.",
        Some(("Andelen hyrpersonal ska understiga {} %", (2, 5), "%")),
        true,
    ),
    (
        "Öppna fler vårdplatser",
        "Öppna fler disponibla vårdplatser inom {} för att minska överbeläggningarna.",
        Some(("Öppna {} vårdplatser", (4, 30), "vårdplatser")),
        true,
    ),
    (
        "Förbättra tillgängligheten",
        "Identifiera och initiera ett fokusarbete för bättre tillgänglighet inom {}.",
        None,
        true,
    ),
    (
        "Minska tjänsteresorna",
        "Minska antalet tjänsteresor inom {} jämfört med 2020.",
        Some(("Minska tjänsteresorna med {} %", (10, 25), "%")),
        false,
    ),
    (
        "Utveckla nära vård",
        "Utveckla arbetet med nära vård tillsammans med kommunerna inom {}.",
        None,
        true,
    ),
    (
        "Utreda samlokalisering",
        "Utreda förutsättningarna för att samlokalisera verksamheter inom {}.",
        None,
        false,
    ),
    (
        "Införa digitala vårdmöten",
        "Införa digitala vårdmöten som ordinarie kontaktväg inom {}.",
        Some(("Andel digitala besök minst {} %", (10, 30), "%")),
        true,
    ),
    (
        "Minska energianvändningen",
        "Minska energianvändningen i lokalerna inom {}.",
        Some(("Minska energianvändningen med {} %", (5, 15), "%")),
        false,
    ),
    (
        "Ta fram en kompetensförsörjningsplan",
        "Ta fram en plan för kompetensförsörjning för {} för de kommande fem åren.",
        None,
        false,
    ),
    (
        "Effektivisera lokalanvändningen",
        "Effektivisera lokalanvändningen inom {} och avveckla lokaler som inte behövs.",
        Some(("Minska lokalytan med {} kvadratmeter", (500, 5_000), "kvm")),
        false,
    ),
    (
        "Följa upp läkemedelskostnaderna",
        "Följa upp läkemedelskostnaderna inom {} och föreslå åtgärder mot kostnadsökningen.",
        None,
        true,
    ),
];

const RHYTHMS: &[&str] = &[
    "Tertial: apr, aug, dec",
    "Tertial: aug, dec",
    "Tertial: aug, dec",
    "Månadsvis",
    "Årsvis",
];

const ANALYSES: &[&str] = &[
    "Arbetet pågår enligt plan.",
    "Åtgärder har beslutats men effekten är ännu inte synlig i utfallet.",
    "Arbetet har försenats av bristen på personal.",
    "En arbetsgrupp är tillsatt och en tidplan är framtagen.",
    "Uppdraget bedöms inte kunna slutföras i tid på grund av målkonflikter med grunduppdraget.",
    "Delrapport lämnad till nämnden.",
];

pub fn write(
    conn: &Connection,
    org: &Org,
    periods: &[Period],
    params: &Params,
    gauges: &Gauges,
    rng: &mut Rng,
) -> rusqlite::Result<()> {
    let council = org.of_kind("council");
    let committees: Vec<usize> = org
        .of_kind("committee")
        .into_iter()
        .filter(|&c| {
            org.units[c]
                .parent
                .is_some_and(|p| org.units[p].kind == "council")
        })
        .collect();
    let boards = org.of_kind("board");
    let weighted_boards: Vec<usize> = ["hsn", "hsn", "hsn", "rs", "rs", "run", "fhs", "pn"]
        .iter()
        .filter_map(|id| org.get(id))
        .collect();
    let contexts: Vec<usize> = org
        .units
        .iter()
        .enumerate()
        .filter(|(_, u)| matches!(u.kind, "board" | "frame" | "area"))
        .map(|(i, _)| i)
        .collect();

    let mut directive = conn.prepare(
        "INSERT INTO directive (id, issuer_id, title, text, rhythm, year, end_date, target_text, \
         target_value, target_unit, sort_order, kpi_id, indicator_id, illustrative) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 1)",
    )?;
    let mut recipient = conn
        .prepare("INSERT INTO directive_recipient (directive_id, org_unit_id) VALUES (?1, ?2)")?;
    let mut status = conn.prepare(
        "INSERT INTO directive_status (period_id, directive_id, status, analysis, judgement, \
         judgement_quote, illustrative) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)",
    )?;
    let years = params.years.max(1) as usize;
    for n in 0..params.directives {
        let year = params.first_year + (n * years / params.directives.max(1)) as i32;
        let id = format!("d{year}-{:03}", n + 1);
        // Issuer and recipients: the council's directives go to boards, a
        // board's to its own administration and parts.
        let roll = rng.below(100);
        let (issuer, recipients) = if roll < 60 || boards.is_empty() {
            let mut to = vec![*rng.pick(&weighted_boards)];
            if rng.chance(25) {
                let other = *rng.pick(&weighted_boards);
                if !to.contains(&other) {
                    to.push(other);
                }
            }
            (council.first().copied().unwrap_or(0), to)
        } else if roll < 70 && !committees.is_empty() {
            (*rng.pick(&committees), vec![*rng.pick(&weighted_boards)])
        } else {
            let board = *rng.pick(&weighted_boards);
            let own: Vec<usize> = org.units[board]
                .children
                .iter()
                .copied()
                .filter(|&c| matches!(org.units[c].kind, "administration" | "frame" | "committee"))
                .collect();
            let to = if own.is_empty() {
                vec![board]
            } else {
                vec![*rng.pick(&own)]
            };
            (board, to)
        };
        // What it concerns: a part of the (first) recipient where it has parts.
        let scope: Vec<usize> = contexts
            .iter()
            .copied()
            .filter(|&c| org.chain(c).contains(&recipients[0]))
            .collect();
        let context = if scope.is_empty() {
            recipients[0]
        } else {
            *rng.pick(&scope)
        };
        let health = org
            .get("hsn")
            .is_some_and(|h| org.chain(recipients[0]).contains(&h));
        let fitting: Vec<&Template> = TEMPLATES.iter().filter(|t| health || !t.3).collect();
        let (title, text, target, _) = **rng.pick(&fitting);
        let measured = gauges.find(org, title, context, year);
        let place = &org.units[context].name;
        let title = format!("{title}, {place}");
        let text = text.replace("{}", place);
        let (target_text, target_value, target_unit) = match target {
            Some((words, (lo, hi), unit)) => {
                let drawn = Decimal::from(rng.range(lo, hi));
                // A measured target is the measure's own.
                let value = match &measured {
                    Some(Measured::Kpi(k)) => k.target.unwrap_or(drawn),
                    Some(Measured::Indicator(i)) => Decimal::new(i.target, 1).normalize(),
                    None => drawn,
                };
                (
                    Some(words.replace("{}", &format_sv(value, value.scale(), false))),
                    Some(to_canonical(value)),
                    Some(unit),
                )
            }
            None => (None, None, None),
        };
        let (kpi_id, indicator_id) = match measured {
            Some(Measured::Kpi(k)) => (Some(k.id.as_str()), None),
            Some(Measured::Indicator(i)) => (None, Some(i.id.as_str())),
            None => (None, None),
        };
        let rhythm = *rng.pick(RHYTHMS);
        let end = match rng.below(100) {
            0..60 => (year, 12),
            60..85 => (year + 1, 6),
            _ => (year + 1, 12),
        };
        let end_date = super::last_day(end.0, end.1);
        directive.execute(params![
            id,
            org.units[issuer].id,
            title,
            text,
            rhythm,
            year,
            end_date,
            target_text,
            target_value,
            target_unit,
            n as i64 + 1,
            kpi_id,
            indicator_id,
        ])?;
        for &r in &recipients {
            recipient.execute(params![id, org.units[r].id])?;
        }

        // Its life: not started for a while, then ongoing, then finished
        // (done, done with deviation) or still ongoing past the end date.
        let life: Vec<&Period> = periods
            .iter()
            .filter(|p| p.year >= year && (p.year, p.month) <= (end.0 + 1, end.1))
            .collect();
        let end_index = life
            .iter()
            .position(|p| (p.year, p.month) == end)
            .unwrap_or(life.len().saturating_sub(1));
        let start = rng.count(0, 3).min(end_index);
        let finish = match rng.below(100) {
            // Finished on time or early.
            0..75 => Some(rng.count(start.min(end_index), end_index)),
            // Late.
            75..88 => Some(rng.count(end_index, life.len().saturating_sub(1))),
            // Still open.
            _ => None,
        };
        let final_status = if rng.chance(75) {
            "done"
        } else {
            "done_with_deviation"
        };
        for (i, p) in life.iter().enumerate() {
            let state = match finish {
                Some(f) if i > f => break,
                Some(f) if i == f => final_status,
                _ if i < start => "not_started",
                _ => "ongoing",
            };
            let state = if rhythm == "Årsvis" && p.kind != "year_end" && state == "ongoing" {
                "yearly"
            } else {
                state
            };
            let analysis =
                (p.kind != "month" || state.starts_with("done")).then(|| *rng.pick(ANALYSES));
            let (judgement, quote) = match analysis {
                Some(_) => judgement(n, i, state).unzip(),
                None => (None, None),
            };
            status.execute(params![p.id, id, state, analysis, judgement, quote])?;
        }
    }
    Ok(())
}

/// The report's own judgement on some of a directive's reported statuses
/// (format version 3), with the words it is quoted from. Chosen from the
/// directive's and the period's place rather than drawn, so that adding
/// it left every other generated figure as it was.
fn judgement(n: usize, i: usize, state: &str) -> Option<(&'static str, &'static str)> {
    const SAID: [(&str, &str); 3] = [
        ("met", "Bedömningen är att målet kommer att uppnås."),
        (
            "partly",
            "Prognosen för året är att målet delvis kommer att nås.",
        ),
        (
            "not_met",
            "Bedömningen är att uppdraget inte kommer att uppnås under året.",
        ),
    ];
    match state {
        "done_with_deviation" => Some(SAID[2]),
        "ongoing" => match (n * 7 + i * 3) % 10 {
            0..=2 => Some(SAID[0]),
            3 | 4 => Some(SAID[1]),
            5 => Some(SAID[2]),
            _ => None,
        },
        _ => None,
    }
}
