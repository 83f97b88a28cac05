//! Regional goals, the boards' delmål, indicators with a value every period,
//! and the judgements of each tertial report.
//!
//! The counts of a goal's assessment are counted from the generated rows
//! (delmål by their forecast, indicators by the light the cockpit computes),
//! so they always add up.

use super::economy::tenths_text;
use super::org::Org;
use super::rng::Rng;
use super::{Params, Period};
use rusqlite::{Connection, params};
use tertial_core::domain::light::{Direction, Judgement, Reading, indicator_light};

/// id, number, title, kind.
const GOALS: &[(&str, &str, &str, &str)] = &[
    (
        "g1",
        "1",
        "Trygga uppväxtvillkor för barn och unga",
        "operational",
    ),
    (
        "g2",
        "2",
        "Goda levnadsvillkor och jämlik hälsa",
        "operational",
    ),
    ("g3", "3", "En hållbar och attraktiv region", "operational"),
    (
        "g4",
        "4",
        "Tillgänglig vård med god kvalitet och kontinuitet",
        "operational",
    ),
    ("g5", "5", "Vård och omsorg i samverkan", "operational"),
    ("g6", "6", "En attraktiv arbetsgivare", "operational"),
    (
        "g7",
        "7",
        "Effektiv verksamhet genom innovation och digitalisering",
        "operational",
    ),
    ("f1", "F1", "Resultatmål", "financial"),
    ("f2", "F2", "Soliditet", "financial"),
    ("f3", "F3", "Nettokostnadsutveckling", "financial"),
];

const OPERATIONAL: usize = 7;

/// Delmål texts; `{}` is a part of the organisation.
const SUBGOAL_TEXTS: &[&str] = &[
    "Fler barn och unga med psykisk ohälsa ska få stöd tidigt inom {}",
    "Andelen patienter med en fast vårdkontakt ska öka inom {}",
    "Väntetiderna till första besök ska minska inom {}",
    "Hälsofrämjande och förebyggande insatser ska prioriteras inom {}",
    "Samverkan med kommunerna kring utskrivningsklara patienter ska stärkas inom {}",
    "Beroendet av hyrpersonal ska minska inom {}",
    "Sjukfrånvaron ska minska inom {}",
    "Fler vårdbesök ska kunna göras digitalt inom {}",
    "Energianvändningen ska minska inom {}",
    "Patientsäkerheten ska öka inom {}",
    "Kompetensförsörjningen ska säkras inom {}",
    "Resurserna ska användas effektivt inom {}",
];

/// Indicator name, unit, direction, target range in tenths.
const INDICATORS: &[(&str, &str, &str, (i64, i64))] = &[
    (
        "Andel patienter som får besök inom 90 dagar",
        "%",
        "higher",
        (800, 950),
    ),
    (
        "Andel hyrpersonal av personalkostnaden",
        "%",
        "lower",
        (20, 50),
    ),
    ("Medelvårdtid", "dagar", "lower", (40, 70)),
    (
        "Antal genomförda hälsosamtal",
        "antal",
        "higher",
        (5_000, 50_000),
    ),
    ("Sjukfrånvaro", "%", "lower", (50, 80)),
    ("Andel nöjda patienter", "%", "higher", (800, 920)),
    (
        "Väntetid till första besök, median",
        "dagar",
        "lower",
        (200, 600),
    ),
    (
        "Andel disponibla vårdplatser i drift",
        "%",
        "higher",
        (900, 990),
    ),
    (
        "Överbeläggningar per 100 vårdplatser",
        "antal",
        "lower",
        (10, 40),
    ),
    (
        "Andel medarbetare som rekommenderar sin arbetsplats",
        "%",
        "higher",
        (600, 800),
    ),
    (
        "Antal utbildningsplatser för studenter",
        "antal",
        "higher",
        (200, 2_000),
    ),
    (
        "Utsläpp från tjänsteresor, ton koldioxid",
        "ton",
        "lower",
        (1_000, 4_000),
    ),
    ("Andel digitala vårdbesök", "%", "higher", (100, 300)),
    (
        "Andel återinskrivningar inom 30 dagar",
        "%",
        "lower",
        (80, 150),
    ),
];

/// The financial goals' indicators: goal, name, unit, direction, target in tenths.
const FINANCIAL: &[(&str, &str, &str, &str, i64)] = &[
    (
        "f1",
        "Resultat i procent av skatteintäkter och generella statsbidrag",
        "%",
        "higher",
        10,
    ),
    (
        "f2",
        "Soliditet inklusive pensionsåtaganden",
        "%",
        "higher",
        50,
    ),
    ("f3", "Nettokostnadsutveckling", "%", "lower", 30),
];

struct Subgoal {
    id: String,
    goal: usize,
    year: Option<i32>,
}

struct Indicator {
    id: String,
    goal: usize,
    subgoal: Option<usize>,
    direction: Direction,
    unit: &'static str,
    target: i64,
    /// Current level in tenths and its drift per month.
    level: i64,
    trend: i64,
    financial: bool,
}

/// The indicator a directive on digital care visits is measured by.
const DIGITAL_VISITS: &str = "Andel digitala vårdbesök";

/// An indicator a directive's target can be measured by.
pub(crate) struct IndicatorGauge {
    pub id: String,
    /// The part of the organisation it is about.
    pub place: usize,
    /// Its delmål's year, where the delmål has one.
    pub year: Option<i32>,
    /// In tenths of its unit (a percentage).
    pub target: i64,
}

/// Writes the goals and returns the indicators of digital visits.
pub fn write(
    conn: &Connection,
    org: &Org,
    periods: &[Period],
    params: &Params,
    rng: &mut Rng,
) -> rusqlite::Result<Vec<IndicatorGauge>> {
    let mut stmt = conn.prepare(
        "INSERT INTO goal (id, number, title, kind, description, sort_order) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, (id, number, title, kind)) in GOALS.iter().enumerate() {
        let description = format!("Regionmål {number} i regionplanen (syntetiskt).");
        stmt.execute(params![id, number, title, kind, description, i as i64 + 1])?;
    }

    // Delmål of the boards, most of them HSN's.
    let owners: Vec<usize> = ["hsn", "hsn", "hsn", "hsn", "rs", "rs", "run", "fhs", "pn"]
        .iter()
        .filter_map(|id| org.get(id))
        .collect();
    let places: Vec<usize> = org
        .units
        .iter()
        .enumerate()
        .filter(|(_, u)| matches!(u.kind, "frame" | "area"))
        .map(|(i, _)| i)
        .collect();
    let first_year = params.first_year;
    let n_subgoals = (params.indicators * 9 / 10 / 4).max(1);
    let mut subgoals = Vec::with_capacity(n_subgoals);
    let mut stmt = conn.prepare(
        "INSERT INTO subgoal (id, goal_id, owner_id, year, code, text, sort_order) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut codes = std::collections::HashMap::new();
    for i in 0..n_subgoals {
        let owner = *rng.pick(&owners);
        let goal = rng.below(OPERATIONAL as u64) as usize;
        let year = rng
            .chance(25)
            .then(|| first_year + rng.below(params.years as u64) as i32);
        let code = codes.entry((owner, goal)).or_insert(0);
        *code += 1;
        let place = &org.units[*rng.pick(&places)].name;
        let text = rng.pick(SUBGOAL_TEXTS).replace("{}", place);
        let id = format!("sg{:04}", i + 1);
        stmt.execute(params![
            id,
            GOALS[goal].0,
            org.units[owner].id,
            year,
            format!("{}.{}", GOALS[goal].1, code),
            text,
            i as i64 + 1
        ])?;
        subgoals.push(Subgoal { id, goal, year });
    }

    // Indicators: the financial goals' own, a few under each operational
    // goal, the rest spread over the delmål.
    let mut indicators: Vec<Indicator> = Vec::with_capacity(params.indicators);
    let mut names = Vec::with_capacity(params.indicators);
    for (goal, name, unit, direction, target) in FINANCIAL {
        let g = GOALS.iter().position(|x| x.0 == *goal).unwrap_or(0);
        names.push(name.to_string());
        indicators.push(Indicator {
            id: format!("i-{goal}"),
            goal: g,
            subgoal: None,
            direction: direction_of(direction),
            unit,
            target: *target,
            level: target - rng.range(-20, 60),
            trend: rng.range(-2, 2),
            financial: true,
        });
    }
    let direct = params.indicators / 10;
    let mut gauges = Vec::new();
    for i in indicators.len()..params.indicators {
        let (name, unit, direction, range) = *rng.pick(INDICATORS);
        let target = rng.range(range.0, range.1);
        let (goal, subgoal) = if i < direct {
            (rng.below(OPERATIONAL as u64) as usize, None)
        } else {
            let s = i % subgoals.len();
            (subgoals[s].goal, Some(s))
        };
        let direction = direction_of(direction);
        // Start between 75 % and 110 % of the target, drifting slowly.
        let start = target * rng.range(750, 1_100) / 1_000;
        let level = match direction {
            Direction::HigherIsBetter => start,
            Direction::LowerIsBetter => target * 2 - start,
        };
        let at = *rng.pick(&places);
        names.push(format!("{name}, {}", org.units[at].name));
        if name == DIGITAL_VISITS {
            gauges.push(IndicatorGauge {
                id: format!("i{:04}", i + 1),
                place: at,
                year: subgoal.and_then(|s| subgoals[s].year),
                target,
            });
        }
        indicators.push(Indicator {
            id: format!("i{:04}", i + 1),
            goal,
            subgoal,
            direction,
            unit,
            target,
            level: level.max(1),
            trend: rng.range(-(target / 200).max(1), (target / 150).max(1)),
            financial: false,
        });
    }
    let mut stmt = conn.prepare(
        "INSERT INTO indicator (id, goal_id, subgoal_id, name, unit, direction, target, target_text, sort_order) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (i, ind) in indicators.iter().enumerate() {
        let (goal_id, subgoal_id) = match ind.subgoal {
            Some(s) => (None, Some(subgoals[s].id.as_str())),
            None => (Some(GOALS[ind.goal].0), None),
        };
        let target = value_text(ind.target, ind.unit);
        let target_text = match ind.direction {
            Direction::HigherIsBetter => format!("minst {} {}", target.replace('.', ","), ind.unit),
            Direction::LowerIsBetter => format!("högst {} {}", target.replace('.', ","), ind.unit),
        };
        stmt.execute(params![
            ind.id,
            goal_id,
            subgoal_id,
            names[i],
            ind.unit,
            match ind.direction {
                Direction::HigherIsBetter => "higher",
                Direction::LowerIsBetter => "lower",
            },
            target,
            target_text,
            i as i64 + 1
        ])?;
    }

    let mut value_stmt = conn.prepare(
        "INSERT INTO indicator_value (period_id, indicator_id, value, target, judgement, analysis, \
         illustrative) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)",
    )?;
    let mut goal_stmt = conn.prepare(
        "INSERT INTO goal_assessment (period_id, goal_id, nulage, prognos, subgoals_total, \
         subgoals_assessed, subgoals_full, subgoals_partial, subgoals_not, indicators_total, \
         indicators_assessed, indicators_full, indicators_partial, indicators_not, analysis, illustrative) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 1)",
    )?;
    let mut subgoal_stmt = conn.prepare(
        "INSERT INTO subgoal_assessment (period_id, subgoal_id, nulage, prognos, analysis, illustrative) \
         VALUES (?1, ?2, ?3, ?4, ?5, 1)",
    )?;
    // A stretch without data (a new patient-record system) in the third year.
    let outage_year = first_year + 2.min(params.years - 1);
    for period in periods {
        let outage = period.year == outage_year && (5..=9).contains(&period.month);
        // The light of each indicator this period, `None` where it has no row.
        let mut lights: Vec<Option<Judgement>> = vec![None; indicators.len()];
        for (i, ind) in indicators.iter_mut().enumerate() {
            if let Some(s) = ind.subgoal {
                if subgoals[s].year.is_some_and(|y| y != period.year) {
                    continue;
                }
            }
            ind.level = (ind.level + ind.trend + rng.noise((ind.target / 40).max(2))).max(0);
            if ind.unit == "%" && !ind.financial {
                ind.level = ind.level.min(1_000);
            }
            let missing = !ind.financial && (rng.chance(4) || (outage && rng.chance(60)));
            let value = (!missing).then(|| {
                if ind.financial {
                    // Financial results swing around and below zero.
                    ind.level - 30 + rng.noise(50)
                } else {
                    ind.level
                }
            });
            let shown = value.map(|v| value_text(v, ind.unit));
            let decimal = shown
                .as_deref()
                .and_then(tertial_core::domain::number::parse_canonical);
            let target =
                tertial_core::domain::number::parse_canonical(&value_text(ind.target, ind.unit));
            // Where a share means nothing (zero or negative), the report's
            // own judgement is stored, as for the financial goals.
            let stored = match (ind.financial, value) {
                (true, Some(v)) => Some(compare(v, ind.target, ind.direction)),
                _ => None,
            };
            // The generated targets are levels that hold in every period, so
            // each value row states the target for its own span.
            let light = indicator_light(Reading {
                value: decimal,
                target,
                direction: Some(ind.direction),
                stored,
                same_span: true,
            })
            .light
            .unwrap_or(Judgement::NoData);
            lights[i] = Some(light);
            let analysis = if missing && outage {
                Some("Data kan inte tas ut efter bytet av journalsystem.")
            } else if missing {
                Some("Värdet för perioden är inte rapporterat.")
            } else {
                None
            };
            value_stmt.execute(params![
                period.id,
                ind.id,
                shown,
                (!ind.financial).then(|| value_text(ind.target, ind.unit)),
                stored.map(code),
                analysis
            ])?;
        }
        if period.kind == "month" {
            continue;
        }
        // The tertial report's judgements: delmål by their indicators, goals
        // by their delmål and indicators.
        let mut subgoal_prognos: Vec<Option<Judgement>> = vec![None; subgoals.len()];
        for (s, sg) in subgoals.iter().enumerate() {
            if sg.year.is_some_and(|y| y != period.year) {
                continue;
            }
            let own: Vec<Judgement> = indicators
                .iter()
                .zip(&lights)
                .filter(|(ind, _)| ind.subgoal == Some(s))
                .filter_map(|(_, l)| *l)
                .collect();
            let nulage = overall(&own);
            let prognos = match nulage {
                Judgement::NoData => Judgement::NoData,
                j if rng.chance(70) => j,
                Judgement::Not => Judgement::Partial,
                Judgement::Partial if rng.chance(50) => Judgement::Full,
                _ => Judgement::Partial,
            };
            subgoal_prognos[s] = Some(prognos);
            let analysis = rng.chance(30).then(|| {
                format!(
                    "Delmålet bedöms {} vid {}; prognosen för helåret är att det {}. (Genererad text.)",
                    phrase(nulage),
                    period.label.replace("ack ", ""),
                    phrase(prognos)
                )
            });
            subgoal_stmt.execute(params![
                period.id,
                sg.id,
                code(nulage),
                code(prognos),
                analysis
            ])?;
        }
        for (g, (goal_id, ..)) in GOALS.iter().enumerate() {
            let mut sg = Counts::default();
            for (s, sub) in subgoals.iter().enumerate().filter(|(_, x)| x.goal == g) {
                if sub.year.is_some_and(|y| y != period.year) {
                    continue;
                }
                sg.add(subgoal_prognos[s]);
            }
            let mut ind = Counts::default();
            for (i, x) in indicators.iter().enumerate().filter(|(_, x)| x.goal == g) {
                if let Some(s) = x.subgoal {
                    if subgoals[s].year.is_some_and(|y| y != period.year) {
                        continue;
                    }
                }
                ind.add(lights[i]);
            }
            let basis = if sg.total > 0 { &sg } else { &ind };
            let prognos = basis.judgement();
            let nulage = match prognos {
                Judgement::Full if rng.chance(40) => Judgement::Partial,
                j => j,
            };
            let analysis = format!(
                "Av {} delmål är {} bedömda: {} bedöms uppfyllas helt, {} delvis och {} inte. \
                 {} av {} indikatorer har värden för perioden. (Genererad text.)",
                sg.total, sg.assessed, sg.full, sg.partial, sg.not, ind.assessed, ind.total
            );
            goal_stmt.execute(params![
                period.id,
                goal_id,
                code(nulage),
                code(prognos),
                sg.total,
                sg.assessed,
                sg.full,
                sg.partial,
                sg.not,
                ind.total,
                ind.assessed,
                ind.full,
                ind.partial,
                ind.not,
                analysis
            ])?;
        }
    }
    Ok(gauges)
}

#[derive(Default)]
struct Counts {
    total: i64,
    assessed: i64,
    full: i64,
    partial: i64,
    not: i64,
}

impl Counts {
    /// Counts one delmål or indicator; `None` is adopted but not assessed.
    fn add(&mut self, judgement: Option<Judgement>) {
        self.total += 1;
        match judgement {
            Some(Judgement::Full) => self.full += 1,
            Some(Judgement::Partial) => self.partial += 1,
            Some(Judgement::Not) => self.not += 1,
            Some(Judgement::NoData) | None => return,
        }
        self.assessed += 1;
    }

    fn judgement(&self) -> Judgement {
        if self.assessed == 0 {
            Judgement::NoData
        } else if self.full * 10 >= self.assessed * 7 {
            Judgement::Full
        } else if (self.full + self.partial) * 10 >= self.assessed * 4 {
            Judgement::Partial
        } else {
            Judgement::Not
        }
    }
}

/// A delmål's state from its indicators' lights.
fn overall(lights: &[Judgement]) -> Judgement {
    let mut counts = Counts::default();
    for &l in lights {
        counts.add(Some(l));
    }
    counts.judgement()
}

fn direction_of(code: &str) -> Direction {
    Direction::from_code(code).unwrap_or(Direction::HigherIsBetter)
}

/// The judgement a report states where no share can be computed.
fn compare(value: i64, target: i64, direction: Direction) -> Judgement {
    let better = match direction {
        Direction::HigherIsBetter => value >= target,
        Direction::LowerIsBetter => value <= target,
    };
    let close = (value - target).abs() * 5 <= target.abs().max(5);
    match (better, close) {
        (true, _) => Judgement::Full,
        (false, true) => Judgement::Partial,
        (false, false) => Judgement::Not,
    }
}

fn code(j: Judgement) -> &'static str {
    match j {
        Judgement::Full => "full",
        Judgement::Partial => "partial",
        Judgement::Not => "not",
        Judgement::NoData => "no_data",
    }
}

fn phrase(j: Judgement) -> &'static str {
    match j {
        Judgement::Full => "uppfyllas helt",
        Judgement::Partial => "uppfyllas delvis",
        Judgement::Not => "inte uppfyllas",
        Judgement::NoData => "inte kunna bedömas",
    }
}

/// A value in tenths as stored: whole numbers for counts, one decimal else.
fn value_text(tenths: i64, unit: &str) -> String {
    match unit {
        "antal" | "ton" => (tenths / 10).to_string(),
        _ => tenths_text(tenths),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_and_judge_by_share() {
        let mut c = Counts::default();
        for j in [
            Some(Judgement::Full),
            Some(Judgement::Full),
            Some(Judgement::Partial),
            Some(Judgement::NoData),
            None,
        ] {
            c.add(j);
        }
        assert_eq!((c.total, c.assessed), (5, 3));
        assert_eq!(c.full + c.partial + c.not, c.assessed);
        assert_eq!(c.judgement(), Judgement::Partial);
        assert_eq!(Counts::default().judgement(), Judgement::NoData);
        assert_eq!(overall(&[Judgement::Full; 3]), Judgement::Full);
        assert_eq!(overall(&[Judgement::Not; 3]), Judgement::Not);
    }

    #[test]
    fn values_are_canonical_decimals() {
        for (tenths, unit) in [(-45, "%"), (3, "dagar"), (12_345, "antal"), (0, "%")] {
            let text = value_text(tenths, unit);
            assert!(
                tertial_core::domain::number::parse_canonical(&text).is_some(),
                "{text}"
            );
        }
        assert_eq!(value_text(-45, "%"), "-4.5");
        assert_eq!(value_text(12_345, "antal"), "1234");
    }

    #[test]
    fn a_stated_judgement_follows_the_direction() {
        assert_eq!(compare(12, 10, Direction::HigherIsBetter), Judgement::Full);
        assert_eq!(compare(-45, 14, Direction::HigherIsBetter), Judgement::Not);
        assert_eq!(compare(-10, 30, Direction::LowerIsBetter), Judgement::Full);
        assert_eq!(
            compare(31, 30, Direction::LowerIsBetter),
            Judgement::Partial
        );
    }
}
