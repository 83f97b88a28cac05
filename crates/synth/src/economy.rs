//! Cost types, economy facts and budget frames.
//!
//! Only leaves carry figures of their own: each leaf unit has a yearly budget
//! per leaf cost type, spread over the months, and an outcome that drifts from
//! it month by month. Every other row is an exact sum: a unit's cost-type
//! lines add up to their parent line and to the unit's total, and a parent
//! unit's row is the sum of its children's rows for the same cost type. So
//! `tertial check` finds every part equal to its total, in both directions.
//!
//! Figures are cumulative for the year (ack), in result sign: revenue
//! positive, costs negative, deviation = outcome − budget.

use super::Period;
use super::org::{Line, Org};
use super::rng::Rng;
use rusqlite::{Connection, params};
use tertial_core::domain::money::{MoneyUnit, format_money};

/// One cost type: id, parent, group, name. Parents come before children.
type CostTypeRow = (
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
);

/// The 40 cost types (kostnadsslag), parents first.
pub const COST_TYPES: &[CostTypeRow] = &[
    ("nettokostnad", None, "net", "Verksamhetens nettokostnad"),
    ("intakter", Some("nettokostnad"), "revenue", "Intäkter"),
    ("vardintakter", Some("intakter"), "revenue", "Vårdintäkter"),
    (
        "halsoval",
        Some("vardintakter"),
        "revenue",
        "Ersättning vårdval",
    ),
    (
        "utomlans_intakter",
        Some("vardintakter"),
        "revenue",
        "Vårdintäkter utomlänspatienter",
    ),
    (
        "ovriga_vardintakter",
        Some("vardintakter"),
        "revenue",
        "Övriga vårdintäkter",
    ),
    (
        "patientintakter",
        Some("intakter"),
        "revenue",
        "Patientintäkter",
    ),
    (
        "patientavgifter",
        Some("patientintakter"),
        "revenue",
        "Patientavgifter",
    ),
    (
        "tandvardsintakter",
        Some("patientintakter"),
        "revenue",
        "Tandvårdens patientintäkter",
    ),
    ("bidrag", Some("intakter"), "revenue", "Bidrag"),
    (
        "riktade_statsbidrag",
        Some("bidrag"),
        "revenue",
        "Riktade statsbidrag",
    ),
    ("ovriga_bidrag", Some("bidrag"), "revenue", "Övriga bidrag"),
    (
        "ovriga_intakter",
        Some("intakter"),
        "revenue",
        "Övriga intäkter",
    ),
    (
        "forsaljning",
        Some("ovriga_intakter"),
        "revenue",
        "Försäljning av tjänster",
    ),
    (
        "hyresintakter",
        Some("ovriga_intakter"),
        "revenue",
        "Hyresintäkter",
    ),
    ("kostnader", Some("nettokostnad"), "cost", "Kostnader"),
    ("personal", Some("kostnader"), "cost", "Personalkostnader"),
    ("loner", Some("personal"), "cost", "Löner"),
    (
        "sociala_avgifter",
        Some("personal"),
        "cost",
        "Sociala avgifter (PO-pålägg)",
    ),
    ("hyrpersonal", Some("personal"), "cost", "Hyrpersonal"),
    (
        "ovriga_personal",
        Some("personal"),
        "cost",
        "Övriga personalkostnader",
    ),
    (
        "verksamhet",
        Some("kostnader"),
        "cost",
        "Verksamhetskostnader",
    ),
    ("lakemedel", Some("verksamhet"), "cost", "Läkemedel"),
    (
        "lakemedel_forman",
        Some("lakemedel"),
        "cost",
        "Läkemedel inom förmånen",
    ),
    (
        "lakemedel_rekv",
        Some("lakemedel"),
        "cost",
        "Rekvisitionsläkemedel",
    ),
    (
        "material",
        Some("verksamhet"),
        "cost",
        "Medicinskt material och produktionsmaterial",
    ),
    ("kopt_vard", Some("verksamhet"), "cost", "Köpt vård"),
    ("utomlansvard", Some("kopt_vard"), "cost", "Utomlänsvård"),
    (
        "privata_vardgivare",
        Some("kopt_vard"),
        "cost",
        "Privata vårdgivare",
    ),
    ("lokaler", Some("verksamhet"), "cost", "Lokalkostnader"),
    ("it", Some("verksamhet"), "cost", "IT-kostnader"),
    (
        "lokalvard",
        Some("verksamhet"),
        "cost",
        "Lokalvård och service",
    ),
    ("tjanster", Some("verksamhet"), "cost", "Köpta tjänster"),
    (
        "transporter",
        Some("verksamhet"),
        "cost",
        "Transporter och resor",
    ),
    (
        "ovriga_kostnader",
        Some("verksamhet"),
        "cost",
        "Övriga kostnader",
    ),
    ("avskrivningar", Some("kostnader"), "cost", "Avskrivningar"),
    (
        "skatter_bidrag",
        None,
        "financing",
        "Skatteintäkter och generella statsbidrag",
    ),
    (
        "skatteintakter",
        Some("skatter_bidrag"),
        "financing",
        "Skatteintäkter",
    ),
    (
        "generella_statsbidrag",
        Some("skatter_bidrag"),
        "financing",
        "Generella statsbidrag och utjämning",
    ),
    ("finansnetto", None, "financing", "Finansnetto"),
];

const NCT: usize = COST_TYPES.len();
/// The slot of a unit's total (`cost_type_id NULL`), after the cost types.
const TOTAL: usize = NCT;
const SLOTS: usize = NCT + 1;

fn ct(id: &str) -> usize {
    COST_TYPES
        .iter()
        .position(|c| c.0 == id)
        .unwrap_or_else(|| unreachable!("unknown cost type {id}"))
}

/// The parent slot of each cost type: its parent, or the total.
fn parents() -> [usize; NCT] {
    let mut out = [TOTAL; NCT];
    for (i, c) in COST_TYPES.iter().enumerate() {
        if let Some(p) = c.1 {
            out[i] = ct(p);
        }
    }
    out
}

/// Writes `cost_type`.
pub fn write_cost_types(conn: &Connection) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare(
        "INSERT INTO cost_type (id, parent_id, grp, name, sort_order) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (i, (id, parent, grp, name)) in COST_TYPES.iter().enumerate() {
        stmt.execute(params![id, parent, grp, name, 10 * (i as i64 + 1)])?;
    }
    Ok(())
}

/// A leaf line's share of the unit's gross cost, in per mille, and whether
/// every unit of the line has it (else three in four do).
struct Share(&'static str, i64, bool);

/// Cost and revenue lines of a line of business. Costs add up to 1000 ‰ of
/// the unit's gross cost; revenue is in ‰ of the same.
fn structure(line: Line, grant: usize) -> (&'static [Share], &'static [Share]) {
    match line {
        Line::Ward => (
            &[
                Share("loner", 420, true),
                Share("sociala_avgifter", 185, true),
                Share("hyrpersonal", 40, false),
                Share("ovriga_personal", 20, true),
                Share("lakemedel_rekv", 80, true),
                Share("material", 95, true),
                Share("utomlansvard", 15, false),
                Share("privata_vardgivare", 10, false),
                Share("lokaler", 55, true),
                Share("lokalvard", 15, true),
                Share("it", 25, true),
                Share("tjanster", 15, true),
                Share("transporter", 10, true),
                Share("ovriga_kostnader", 10, true),
                Share("avskrivningar", 5, true),
            ],
            &[
                Share("ovriga_vardintakter", 40, true),
                Share("utomlans_intakter", 30, true),
                Share("patientavgifter", 8, true),
                Share("riktade_statsbidrag", 15, true),
                Share("ovriga_bidrag", 5, false),
                Share("forsaljning", 10, true),
                Share("hyresintakter", 2, false),
            ],
        ),
        Line::Outpatient => (
            &[
                Share("loner", 410, true),
                Share("sociala_avgifter", 180, true),
                Share("hyrpersonal", 30, false),
                Share("ovriga_personal", 20, true),
                Share("lakemedel_rekv", 100, true),
                Share("material", 90, true),
                Share("utomlansvard", 20, false),
                Share("privata_vardgivare", 15, false),
                Share("lokaler", 60, true),
                Share("lokalvard", 10, true),
                Share("it", 35, true),
                Share("tjanster", 15, true),
                Share("transporter", 5, true),
                Share("ovriga_kostnader", 5, true),
                Share("avskrivningar", 5, true),
            ],
            &[
                Share("patientavgifter", 40, true),
                Share("ovriga_vardintakter", 50, true),
                Share("utomlans_intakter", 20, true),
                Share("riktade_statsbidrag", 15, false),
                Share("ovriga_bidrag", 5, false),
                Share("forsaljning", 5, false),
            ],
        ),
        Line::Primary => (
            &[
                Share("loner", 440, true),
                Share("sociala_avgifter", 195, true),
                Share("hyrpersonal", 60, false),
                Share("ovriga_personal", 20, true),
                Share("lakemedel_rekv", 50, true),
                Share("material", 55, true),
                Share("privata_vardgivare", 10, false),
                Share("lokaler", 75, true),
                Share("lokalvard", 15, true),
                Share("it", 40, true),
                Share("tjanster", 15, true),
                Share("transporter", 10, true),
                Share("ovriga_kostnader", 10, true),
                Share("avskrivningar", 5, true),
            ],
            &[
                Share("halsoval", 750, true),
                Share("patientavgifter", 40, true),
                Share("riktade_statsbidrag", 30, true),
                Share("ovriga_vardintakter", 10, false),
                Share("utomlans_intakter", 5, false),
                Share("ovriga_bidrag", 5, false),
                Share("forsaljning", 5, false),
            ],
        ),
        Line::Dental => (
            &[
                Share("loner", 410, true),
                Share("sociala_avgifter", 185, true),
                Share("hyrpersonal", 15, false),
                Share("ovriga_personal", 20, true),
                Share("material", 140, true),
                Share("lakemedel_rekv", 5, true),
                Share("lokaler", 95, true),
                Share("lokalvard", 15, true),
                Share("it", 40, true),
                Share("tjanster", 20, true),
                Share("transporter", 5, true),
                Share("ovriga_kostnader", 45, true),
                Share("avskrivningar", 5, true),
            ],
            &[
                Share("tandvardsintakter", 600, true),
                Share("halsoval", 200, true),
                Share("riktade_statsbidrag", 10, false),
                Share("forsaljning", 5, false),
            ],
        ),
        Line::Grant => match grant {
            0 => (&[Share("lakemedel_forman", 1000, true)], &[]),
            1 => (
                &[Share("utomlansvard", 1000, true)],
                &[Share("utomlans_intakter", 150, true)],
            ),
            2 => (
                &[
                    Share("material", 700, true),
                    Share("loner", 200, true),
                    Share("sociala_avgifter", 90, true),
                    Share("ovriga_kostnader", 10, true),
                ],
                &[Share("patientavgifter", 30, true)],
            ),
            3 => (
                &[
                    Share("transporter", 950, true),
                    Share("ovriga_kostnader", 50, true),
                ],
                &[Share("patientavgifter", 60, true)],
            ),
            4 | 6 => (&[Share("privata_vardgivare", 1000, true)], &[]),
            5 => (
                &[
                    Share("loner", 300, true),
                    Share("sociala_avgifter", 130, true),
                    Share("it", 170, true),
                    Share("tjanster", 400, true),
                ],
                &[Share("ovriga_bidrag", 80, true)],
            ),
            _ => (&[Share("tjanster", 1000, true)], &[]),
        },
        Line::Support => (
            &[
                Share("loner", 450, true),
                Share("sociala_avgifter", 200, true),
                Share("ovriga_personal", 20, true),
                Share("lokaler", 100, false),
                Share("it", 80, true),
                Share("transporter", 20, false),
                Share("tjanster", 100, true),
                Share("avskrivningar", 30, true),
            ],
            &[
                Share("forsaljning", 600, false),
                Share("hyresintakter", 80, false),
            ],
        ),
        Line::Transport => (
            &[
                Share("transporter", 750, true),
                Share("loner", 120, true),
                Share("sociala_avgifter", 55, true),
                Share("ovriga_kostnader", 75, true),
            ],
            &[
                Share("forsaljning", 350, true),
                Share("riktade_statsbidrag", 100, false),
            ],
        ),
        Line::Culture => (
            &[
                Share("loner", 400, true),
                Share("sociala_avgifter", 180, true),
                Share("lokaler", 150, true),
                Share("ovriga_kostnader", 270, true),
            ],
            &[
                Share("forsaljning", 150, true),
                Share("riktade_statsbidrag", 250, true),
                Share("ovriga_bidrag", 50, false),
            ],
        ),
        Line::School => (
            &[
                Share("loner", 480, true),
                Share("sociala_avgifter", 215, true),
                Share("lokaler", 150, true),
                Share("ovriga_kostnader", 155, true),
            ],
            &[
                Share("riktade_statsbidrag", 700, true),
                Share("forsaljning", 100, true),
            ],
        ),
        Line::Patient => (
            &[
                Share("loner", 600, true),
                Share("sociala_avgifter", 270, true),
                Share("ovriga_kostnader", 130, true),
            ],
            &[],
        ),
        Line::Finance | Line::None => (&[], &[]),
    }
}

/// A leaf unit's gross cost for the first year, in mkr.
fn gross_mkr(line: Line, grant: usize, rng: &mut Rng) -> i64 {
    match line {
        Line::Ward => rng.range(20, 70),
        Line::Outpatient => rng.range(8, 40),
        Line::Primary => rng.range(25, 70),
        Line::Dental => rng.range(8, 30),
        Line::Grant => match grant {
            0 => rng.range(900, 1_300),
            1 => rng.range(300, 500),
            4 | 6 => rng.range(150, 350),
            _ => rng.range(40, 160),
        },
        Line::Support => rng.range(5, 60),
        Line::Transport => rng.range(80, 300),
        Line::Culture => rng.range(5, 40),
        Line::School => rng.range(15, 40),
        Line::Patient => rng.range(3, 6),
        Line::Finance | Line::None => 0,
    }
}

/// How far a line's outcome drifts from its budget in a year, in ‰ of the
/// budget's size (positive: more than budgeted; for a cost that is worse).
fn drift(ct_id: &str, rng: &mut Rng) -> i64 {
    match ct_id {
        "hyrpersonal" => rng.range(50, 600),
        "loner" | "sociala_avgifter" | "ovriga_personal" => rng.range(-10, 45),
        "lakemedel_forman" | "lakemedel_rekv" => rng.range(-20, 70),
        "material" => rng.range(-10, 60),
        "utomlansvard" | "privata_vardgivare" => rng.range(-60, 90),
        "halsoval" => rng.range(-15, 15),
        "skatteintakter" => rng.range(-10, 25),
        "generella_statsbidrag" => rng.range(-5, 15),
        "finansnetto" => rng.range(-400, 400),
        _ => rng.range(-40, 40),
    }
}

/// Budget weight of each month (December carries the year-end postings).
const MONTH_WEIGHTS: [i64; 12] = [98, 92, 101, 97, 101, 99, 84, 93, 101, 104, 101, 129];

fn cumulative_weight(month: usize) -> i64 {
    MONTH_WEIGHTS[..month].iter().sum()
}

/// A leaf unit's leaf cost type, followed through the years.
struct Leaf {
    unit: usize,
    ct: usize,
    /// Yearly budget of the current year, result sign.
    budget: i64,
    growth: i64,
    drift: i64,
    ack_budget: i64,
    ack_outcome: i64,
    /// This year's cumulative outcome per month, for next year's comparison.
    acks: [i64; 12],
    /// Last year's cumulative outcome per month.
    last_year: [i64; 12],
}

/// The figures of one row.
#[derive(Clone, Copy, Default)]
struct Fig {
    budget: i64,
    outcome: i64,
    prev: i64,
    full_year: i64,
    forecast: i64,
}

impl Fig {
    fn add(&mut self, o: &Fig) {
        self.budget += o.budget;
        self.outcome += o.outcome;
        self.prev += o.prev;
        self.full_year += o.full_year;
        self.forecast += o.forecast;
    }
}

/// Cost types used by anything below or at each unit, as bits (the total is
/// bit [`TOTAL`]).
fn presence(org: &Org, leaves: &[Leaf], parent_of: &[usize; NCT]) -> Vec<u64> {
    let mut bits = vec![0u64; org.units.len()];
    for leaf in leaves {
        let mut c = leaf.ct;
        bits[leaf.unit] |= 1 << c;
        while c != TOTAL {
            c = parent_of[c];
            bits[leaf.unit] |= 1 << c;
        }
    }
    for u in (1..org.units.len()).rev() {
        if let Some(p) = org.units[u].parent {
            bits[p] |= bits[u];
        }
    }
    bits
}

/// Yearly frames of the boards: decided = the board's net budget for the
/// year, bridged from last year's.
struct Frames {
    /// (board, year) → decided frame in kr, positive.
    decided: Vec<(usize, i32, i64)>,
}

/// Writes `economy_fact` (every period), `budget_frame` and `frame_change`.
pub fn write(
    conn: &Connection,
    org: &Org,
    periods: &[Period],
    rng: &mut Rng,
) -> rusqlite::Result<()> {
    write_cost_types(conn)?;
    let parent_of = parents();
    let group_of: Vec<&str> = COST_TYPES.iter().map(|c| c.2).collect();
    let financing_bits: u64 = (0..NCT)
        .filter(|&c| group_of[c] == "financing")
        .fold(0, |b, c| b | 1 << c);
    let net = ct("nettokostnad");
    let finance_net = ct("finansnetto");

    // Leaf lines and their first-year budgets.
    let aoa = org.get("hsn.aoa");
    let mut leaves: Vec<Leaf> = Vec::new();
    for (u, unit) in org.units.iter().enumerate() {
        if !unit.is_leaf() {
            continue;
        }
        let grant = match (unit.parent, aoa) {
            (Some(p), Some(a)) if p == a => org.units[a]
                .children
                .iter()
                .position(|&c| c == u)
                .unwrap_or(0),
            _ => 0,
        };
        let gross = gross_mkr(unit.line, grant, rng) * 1_000_000 + rng.range(0, 999_999);
        let (costs, revenue) = structure(unit.line, grant);
        for (shares, sign) in [(costs, -1), (revenue, 1)] {
            for Share(id, permille, always) in shares {
                if !always && !rng.chance(75) {
                    continue;
                }
                let jitter = rng.range(850, 1_150);
                let budget = round_to(sign * gross * permille / 1_000 * jitter / 1_000, 1_000);
                leaves.push(Leaf {
                    unit: u,
                    ct: ct(id),
                    budget,
                    growth: 0,
                    drift: 0,
                    ack_budget: 0,
                    ack_outcome: 0,
                    acks: [0; 12],
                    last_year: [0; 12],
                });
            }
        }
        if unit.line == Line::Finance {
            for id in ["skatteintakter", "generella_statsbidrag", "finansnetto"] {
                leaves.push(Leaf {
                    unit: u,
                    ct: ct(id),
                    budget: 0,
                    growth: 0,
                    drift: 0,
                    ack_budget: 0,
                    ack_outcome: 0,
                    acks: [0; 12],
                    last_year: [0; 12],
                });
            }
        }
    }
    let bits = presence(org, &leaves, &parent_of);
    let boards = org.of_kind("board");
    let board_of: Vec<Option<usize>> = (0..org.units.len()).map(|u| org.board_of(u)).collect();
    let mut frames = Frames {
        decided: Vec::new(),
    };

    let mut insert = conn.prepare(
        "INSERT INTO economy_fact (period_id, org_unit_id, cost_type_id, budget, outcome, deviation, \
         outcome_prev_year, cost_development_pct, budget_full_year, forecast_deviation, analysis, \
         illustrative) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1)",
    )?;
    let mut figs = vec![Fig::default(); org.units.len() * SLOTS];
    let first_year = periods.first().map_or(2025, |p| p.year);
    for (year_index, year) in periods
        .iter()
        .map(|p| p.year)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .enumerate()
    {
        start_year(&mut leaves, org, year_index, rng);
        let mut net_by_board = vec![0i64; org.units.len()];
        for leaf in &leaves {
            if group_of[leaf.ct] != "financing" {
                if let Some(b) = board_of[leaf.unit] {
                    net_by_board[b] += leaf.budget;
                }
            }
        }
        for &b in &boards {
            frames
                .decided
                .push((b, year, -round_to(net_by_board[b], 100_000)));
        }
        for period in periods.iter().filter(|p| p.year == year) {
            let m = period.month as usize;
            for leaf in leaves.iter_mut() {
                advance(leaf, m, year_index, rng);
            }
            figs.fill(Fig::default());
            for leaf in &leaves {
                let f = &mut figs[leaf.unit * SLOTS + leaf.ct];
                f.budget = leaf.ack_budget;
                f.outcome = leaf.ack_outcome;
                f.prev = leaf.last_year[m - 1];
                f.full_year = leaf.budget;
                let pace = i128::from(leaf.ack_outcome - leaf.ack_budget) * 12 / m as i128;
                f.forecast = round_to(pace as i64, 1_000);
            }
            for u in (0..org.units.len()).rev() {
                let unit = &org.units[u];
                let row = u * SLOTS;
                if unit.is_leaf() {
                    for c in (0..NCT).rev() {
                        let part = figs[row + c];
                        figs[row + parent_of[c]].add(&part);
                    }
                }
                if let Some(p) = unit.parent {
                    for c in 0..SLOTS {
                        let part = figs[row + c];
                        figs[p * SLOTS + c].add(&part);
                    }
                }
            }
            for (u, unit) in org.units.iter().enumerate() {
                let present = bits[u];
                if present == 0 {
                    continue;
                }
                for c in std::iter::once(TOTAL).chain(0..NCT) {
                    if present & (1 << c) == 0 {
                        continue;
                    }
                    let f = figs[u * SLOTS + c];
                    // A total's development is its net cost's (the result
                    // of a unit with taxes and finance net is no cost).
                    let basis = if c == TOTAL && present & financing_bits != 0 {
                        (present & (1 << net) != 0).then(|| figs[u * SLOTS + net])
                    } else if c == finance_net {
                        None
                    } else {
                        Some(f)
                    };
                    let development = basis.and_then(|b| development_pct(b.outcome, b.prev));
                    let analysis = (c == TOTAL
                        && period.kind != "month"
                        && matches!(unit.kind, "board" | "frame" | "region"))
                    .then(|| {
                        analysis(
                            &unit.name,
                            period,
                            &figs[u * SLOTS..(u + 1) * SLOTS],
                            present,
                        )
                    });
                    insert.execute(params![
                        period.id,
                        unit.id,
                        COST_TYPES.get(c).map(|t| t.0),
                        f.budget,
                        f.outcome,
                        f.outcome - f.budget,
                        f.prev,
                        development,
                        f.full_year,
                        f.forecast,
                        analysis,
                    ])?;
                }
            }
        }
    }
    let last_year = periods.last().map_or(first_year, |p| p.year);
    write_frames(conn, org, &frames, last_year, rng)
}

/// Sets a new year's budgets, growth and drift. In the first year the budgets
/// are the ones drawn; later they grow from last year's. The finance unit's
/// taxes and grants are set to cover the year's net cost with a 1 % surplus.
fn start_year(leaves: &mut [Leaf], org: &Org, year_index: usize, rng: &mut Rng) {
    let finance = |leaf: &Leaf| COST_TYPES[leaf.ct].2 == "financing";
    // One unit in seven is in trouble this year and overspends on every cost line.
    let trouble: Vec<bool> = org.units.iter().map(|_| rng.chance(15)).collect();
    for leaf in leaves.iter_mut() {
        leaf.growth = rng.range(10, 45);
        if year_index > 0 && !finance(leaf) {
            let grown = i128::from(leaf.budget) * i128::from(1_000 + leaf.growth) / 1_000;
            leaf.budget = round_to(grown as i64, 1_000);
        }
        leaf.drift = drift(COST_TYPES[leaf.ct].0, rng);
        if COST_TYPES[leaf.ct].2 == "cost" && trouble[leaf.unit] {
            leaf.drift += 25;
        }
        leaf.ack_budget = 0;
        leaf.ack_outcome = 0;
        if year_index > 0 {
            leaf.last_year = leaf.acks;
        }
    }
    let net: i64 = leaves
        .iter()
        .filter(|l| !finance(l))
        .map(|l| l.budget)
        .sum();
    let surplus_permille = rng.range(5, 20);
    for leaf in leaves.iter_mut().filter(|l| finance(l)) {
        let share = match COST_TYPES[leaf.ct].0 {
            "skatteintakter" => 710,
            "generella_statsbidrag" => 290 + surplus_permille,
            _ => rng.range(-4, 4),
        };
        leaf.budget = round_to(-net * share / 1_000, 1_000);
    }
}

/// Moves a leaf to month `m` (1–12): its budget and outcome for the month.
/// Figures are whole thousands of kronor, as economy systems export them.
fn advance(leaf: &mut Leaf, m: usize, year_index: usize, rng: &mut Rng) {
    let total = cumulative_weight(12);
    let ack_budget = round_to(
        (i128::from(leaf.budget) * i128::from(cumulative_weight(m)) / i128::from(total)) as i64,
        1_000,
    );
    let month_budget = ack_budget - leaf.ack_budget;
    let factor = 1_000 + leaf.drift + rng.noise(40);
    let month_outcome = round_to(
        (i128::from(month_budget) * i128::from(factor) / 1_000) as i64,
        1_000,
    );
    leaf.ack_budget = ack_budget;
    leaf.ack_outcome += month_outcome;
    leaf.acks[m - 1] = leaf.ack_outcome;
    if year_index == 0 {
        // The year before the snapshot's first: a little smaller.
        let before = i128::from(leaf.ack_outcome) * 1_000 / i128::from(1_000 + leaf.growth);
        leaf.last_year[m - 1] = round_to(before as i64, 1_000);
    }
}

/// Net cost development against last year, in percent with one decimal:
/// (outcome − last year) / last year, for lines whose sign did not change.
fn development_pct(outcome: i64, prev: i64) -> Option<String> {
    if prev == 0 || (outcome < 0) != (prev < 0) || outcome == 0 {
        return None;
    }
    let n = i128::from(outcome - prev) * 1_000;
    let d = i128::from(prev);
    // Round half away from zero.
    let q = (2 * n.abs() + d.abs()) / (2 * d.abs()) * n.signum() * d.signum();
    Some(tenths_text(q as i64))
}

/// A number of tenths as a canonical decimal: `-47` → `-4.7`.
pub fn tenths_text(tenths: i64) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    let abs = tenths.unsigned_abs();
    format!("{sign}{}.{}", abs / 10, abs % 10)
}

fn round_to(value: i64, step: i64) -> i64 {
    let half = step / 2;
    if value >= 0 {
        (value + half) / step * step
    } else {
        -((-value + half) / step * step)
    }
}

fn mkr(kronor: i64) -> String {
    format_money(kronor, MoneyUnit::Mkr, 1, true)
}

/// The report's text for a board's or frame's total at a tertial: the
/// deviation, the two worst cost lines and the forecast.
fn analysis(name: &str, period: &Period, figs: &[Fig], present: u64) -> String {
    let total = figs[TOTAL];
    let deviation = total.outcome - total.budget;
    let parents = parents();
    let mut lines: Vec<(i64, &str)> = (0..NCT)
        .filter(|&c| present & (1 << c) != 0 && !(0..NCT).any(|k| parents[k] == c))
        .map(|c| (figs[c].outcome - figs[c].budget, COST_TYPES[c].3))
        .collect();
    lines.sort();
    let worst: Vec<String> = lines
        .iter()
        .take(2)
        .filter(|(d, _)| *d < 0)
        .map(|(d, n)| format!("{} ({})", n.to_lowercase(), mkr(*d)))
        .collect();
    let verdict = if deviation < 0 {
        "ett underskott"
    } else {
        "ett överskott"
    };
    let mut text = format!(
        "{name} redovisar {} {verdict} mot budget på {}.",
        period.label.replace("ack ", "per "),
        format_money(deviation.abs(), MoneyUnit::Mkr, 1, false)
    );
    if !worst.is_empty() {
        text.push_str(&format!(
            " Störst negativ avvikelse finns inom {}.",
            worst.join(" och ")
        ));
    }
    text.push_str(&format!(
        " Prognosen för helåret är en avvikelse på {}. (Genererad text, illustrativ.)",
        mkr(total.forecast)
    ));
    text
}

fn write_frames(
    conn: &Connection,
    org: &Org,
    frames: &Frames,
    last_year: i32,
    rng: &mut Rng,
) -> rusqlite::Result<()> {
    let mut frame = conn.prepare(
        "INSERT INTO budget_frame (year, board_id, opening, decided, proposed, note, illustrative) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)",
    )?;
    let mut change = conn.prepare(
        "INSERT INTO frame_change (year, board_id, seq, label, amount, kind, description, illustrative) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)",
    )?;
    let mut decided = frames.decided.clone();
    // The plan year after the last: last year's frame and a budget addition.
    for &(board, year, amount) in frames.decided.iter().filter(|f| f.1 == last_year) {
        let next = round_to(amount * rng.range(1_015, 1_045) / 1_000, 100_000);
        decided.push((board, year + 1, next));
    }
    decided.sort_by_key(|&(b, y, _)| (b, y));
    for (i, &(board, year, amount)) in decided.iter().enumerate() {
        let previous = i
            .checked_sub(1)
            .map(|j| decided[j])
            .filter(|p| p.0 == board);
        let opening = previous.map_or_else(
            || round_to(amount * 970 / 1_000, 100_000),
            |(_, _, amount)| amount,
        );
        let proposed = round_to(amount * rng.range(960, 1_010) / 1_000, 100_000);
        let id = &org.units[board].id;
        frame.execute(params![
            year,
            id,
            opening,
            amount,
            proposed,
            format!(
                "Ram {year} (illustrativ): den beslutade ramen är nämndens budgeterade nettokostnad för året."
            ),
        ])?;
        let bridge = amount - opening;
        let index = round_to(opening * rng.range(15, 30) / 1_000, 100_000);
        let realloc = round_to(opening * rng.range(-5, 5) / 1_000, 100_000);
        let steps = [
            (
                format!("Indexuppräkning {year}"),
                index,
                "addition",
                "Pris- och löneomräkning enligt regionplanen.",
            ),
            (
                "Omfördelning mellan nämnder".to_string(),
                realloc,
                "reallocation",
                "Verksamhet flyttad enligt beslut i regionfullmäktige.",
            ),
            (
                format!("Övriga förändringar {year}"),
                bridge - index - realloc,
                "technical",
                "Övriga beslutade förändringar, netto.",
            ),
        ];
        for (seq, (label, amount, kind, description)) in steps.iter().enumerate() {
            change.execute(params![
                year,
                id,
                seq as i64 + 1,
                label,
                amount,
                kind,
                description
            ])?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forty_cost_types_parents_first_groups_consistent() {
        assert_eq!(COST_TYPES.len(), 40);
        for (i, (id, parent, grp, _)) in COST_TYPES.iter().enumerate() {
            assert_eq!(ct(id), i, "unique id {id}");
            if let Some(p) = parent {
                let pi = ct(p);
                assert!(pi < i, "{id} before its parent");
                let pg = COST_TYPES[pi].2;
                assert!(
                    pg == *grp || (pg == "net" && matches!(*grp, "revenue" | "cost")),
                    "{id} in {grp} under {pg}"
                );
            }
        }
    }

    #[test]
    fn shares_name_leaf_cost_types_and_costs_add_up_to_the_whole() {
        let parents = parents();
        let is_leaf = |c: usize| !(0..NCT).any(|k| parents[k] == c);
        for line in [
            Line::Ward,
            Line::Outpatient,
            Line::Primary,
            Line::Dental,
            Line::Support,
            Line::Transport,
            Line::Culture,
            Line::School,
            Line::Patient,
        ] {
            let (costs, revenue) = structure(line, 0);
            assert_eq!(costs.iter().map(|s| s.1).sum::<i64>(), 1_000, "{line:?}");
            for Share(id, _, _) in costs.iter().chain(revenue) {
                assert!(is_leaf(ct(id)), "{id} is a leaf");
            }
            for Share(id, _, _) in costs {
                assert_eq!(COST_TYPES[ct(id)].2, "cost", "{id}");
            }
            for Share(id, _, _) in revenue {
                assert_eq!(COST_TYPES[ct(id)].2, "revenue", "{id}");
            }
        }
    }

    #[test]
    fn development_is_rounded_half_away_from_zero() {
        assert_eq!(development_pct(-105, -100).as_deref(), Some("5.0"));
        assert_eq!(development_pct(105, 100).as_deref(), Some("5.0"));
        assert_eq!(development_pct(-95, -100).as_deref(), Some("-5.0"));
        assert_eq!(
            development_pct(-1_000_005, -1_000_000).as_deref(),
            Some("0.0")
        );
        assert_eq!(development_pct(2_005, 2_000).as_deref(), Some("0.3"));
        assert_eq!(development_pct(1_995, 2_000).as_deref(), Some("-0.3"));
        assert_eq!(development_pct(5, 0), None);
        assert_eq!(development_pct(5, -3), None);
        assert_eq!(tenths_text(-47), "-4.7");
        assert_eq!(tenths_text(3), "0.3");
        assert_eq!(tenths_text(0), "0.0");
    }

    #[test]
    fn rounding_to_a_step() {
        assert_eq!(round_to(7_058_049_999, 100_000), 7_058_000_000);
        assert_eq!(round_to(7_058_050_000, 100_000), 7_058_100_000);
        assert_eq!(round_to(-150_000, 100_000), -200_000);
        assert_eq!(round_to(-149_999, 100_000), -100_000);
    }
}
