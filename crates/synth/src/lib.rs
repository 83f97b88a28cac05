//! `tertial gen`: a synthetic snapshot of a whole region, deterministic from a
//! seed, for measuring the cockpit and `tertial check` at realistic scale.
//!
//! The file is written through the format's own DDL ([`SCHEMA_SQL`]) into a
//! temporary file beside the target, checked with the same rules as
//! `tertial check`, and renamed over the target only if the rules find no
//! error. Every fact row is `illustrative = 1`: nothing in it is real.
//!
//! The same seed and scale give the same bytes: nothing depends on the clock,
//! the host or hash-map order, and the random numbers come from a small
//! self-contained generator ([`rng::Rng`]).

mod beds;
mod directives;
mod economy;
mod goals;
mod kpis;
mod names;
mod notices;
mod org;
pub mod rng;

use rng::Rng;
use rusqlite::{Connection, params};
use std::path::Path;
use std::time::{Duration, Instant};
use tertial_core::check::{self, Findings, Severity};
use tertial_core::domain::text::sanitize;
use tertial_core::output::{self, Inputs, Kind, Target, TargetError};
use tertial_core::progress::{Quiet, Steps, Watch};
use tertial_core::snapshot::spec::{SCHEMA_SQL, TABLES};

/// What [`generate`] may replace (the output guard's rule), nameable from
/// this crate.
pub use tertial_core::output::Overwrite;

/// How large a region to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// About 100 units and two years: for tests.
    Small,
    /// About 1 000 units, 40 cost types and 60 monthly periods (≈ 1.8 million
    /// economy facts), 600 indicators, 300 directives, 300 bed series, 300
    /// key-figure series of 60 monthly values.
    Region,
    /// Ten times the region: for a one-off measurement, not for CI.
    National,
}

impl Scale {
    pub const ALL: [Scale; 3] = [Scale::Small, Scale::Region, Scale::National];

    pub fn name(self) -> &'static str {
        match self {
            Scale::Small => "small",
            Scale::Region => "region",
            Scale::National => "national",
        }
    }

    pub fn parse(text: &str) -> Option<Scale> {
        Scale::ALL
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(text.trim()))
    }
}

#[derive(Debug, Clone, Copy)]
pub struct GenOptions {
    pub scale: Scale,
    pub seed: u64,
}

/// Sizes of everything generated, per scale.
#[derive(Debug, Clone)]
pub(crate) struct Params {
    pub first_year: i32,
    pub years: i32,
    pub hospitals: usize,
    /// Clinics of a county hospital (a university hospital has them all).
    pub clinics: (usize, usize),
    pub university_clinics: usize,
    /// Inpatient wards of a clinic that has beds.
    pub wards: (usize, usize),
    pub primary_areas: usize,
    pub centres: (usize, usize),
    pub dental_areas: usize,
    pub dental_clinics: (usize, usize),
    pub schools: usize,
    pub indicators: usize,
    pub directives: usize,
    pub bed_series: usize,
    pub bed_months: usize,
    /// Notices per period.
    pub notices: (usize, usize),
    /// Key-figure series, each with a value every month.
    pub kpis: usize,
}

impl Params {
    pub fn of(scale: Scale) -> Params {
        let region = Params {
            first_year: 2021,
            years: 5,
            hospitals: 5,
            clinics: (14, 24),
            university_clinics: names::SPECIALTIES.len(),
            wards: (3, 7),
            primary_areas: 8,
            centres: (18, 30),
            dental_areas: 5,
            dental_clinics: (10, 18),
            schools: 4,
            indicators: 600,
            directives: 300,
            bed_series: 300,
            bed_months: 120,
            notices: (3, 7),
            kpis: 300,
        };
        match scale {
            Scale::Region => region,
            Scale::National => Params {
                // More than ten times the hospitals: Regionstyrelsen's and
                // the development board's units do not grow with the scale.
                hospitals: 14 * region.hospitals,
                primary_areas: 10 * region.primary_areas,
                dental_areas: 10 * region.dental_areas,
                schools: 10 * region.schools,
                indicators: 10 * region.indicators,
                directives: 10 * region.directives,
                bed_series: 10 * region.bed_series,
                notices: (10 * region.notices.0, 10 * region.notices.1),
                kpis: 10 * region.kpis,
                ..region
            },
            Scale::Small => Params {
                first_year: 2024,
                years: 2,
                hospitals: 1,
                clinics: (3, 4),
                university_clinics: 5,
                wards: (1, 2),
                primary_areas: 1,
                centres: (2, 3),
                dental_areas: 1,
                dental_clinics: (1, 2),
                schools: 1,
                indicators: 24,
                directives: 12,
                bed_series: 8,
                bed_months: 36,
                notices: (1, 2),
                kpis: 24,
            },
        }
    }
}

/// A reporting period: the end of a month. April closes tertial 1, August
/// the interim report (delår), December the year, as in the sample.
#[derive(Debug, Clone)]
pub(crate) struct Period {
    pub id: String,
    pub kind: &'static str,
    pub end_date: String,
    pub label: String,
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

pub(crate) const MONTHS_SV: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

fn periods(params: &Params) -> Vec<Period> {
    let mut out = Vec::new();
    for year in params.first_year..params.first_year + params.years {
        for month in 1..=12u32 {
            let name = MONTHS_SV[month as usize - 1];
            let (kind, label) = match month {
                4 => ("tertial", format!("ack april {year} (tertial 1)")),
                8 => ("interim", format!("ack augusti {year} (delår)")),
                12 => ("year_end", format!("helår {year}")),
                _ => ("month", format!("ack {name} {year}")),
            };
            out.push(Period {
                id: format!("{year}-{month:02}"),
                kind,
                end_date: last_day(year, month),
                label,
                year,
                month,
            });
        }
    }
    out
}

/// `YYYY-MM-DD` of the last day of a month.
pub(crate) fn last_day(year: i32, month: u32) -> String {
    let days = match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    format!("{year}-{month:02}-{days:02}")
}

/// What a generation did.
#[derive(Debug)]
pub struct GenReport {
    /// Rows per table of the format, in the format's order.
    pub rows: Vec<(&'static str, i64)>,
    /// Size of the written file.
    pub bytes: u64,
    /// Generating and writing the rows, with the indexes.
    pub generated: Duration,
    /// The rules of `tertial check` on the written file.
    pub checked: Duration,
    /// Warnings and notes of the rules (never errors: those refuse the file).
    pub findings: Findings,
}

#[derive(Debug, thiserror::Error)]
pub enum GenError {
    #[error(transparent)]
    Target(#[from] TargetError),
    #[error("{0}: cannot write the snapshot: {1}")]
    Write(String, String),
    #[error(
        "the generated snapshot fails the format's checks with {errors} errors, so nothing was \
         written (this is a bug in tertial gen): {first}"
    )]
    Refused { errors: usize, first: String },
}

/// Generates a snapshot into `out` (replacing it atomically).
pub fn generate(
    opts: &GenOptions,
    out: &Path,
    overwrite: Overwrite,
) -> Result<GenReport, GenError> {
    generate_watched(opts, out, overwrite, &Quiet)
}

/// [`generate`], telling `watch` each step as it begins.
pub fn generate_watched(
    opts: &GenOptions,
    out: &Path,
    overwrite: Overwrite,
    watch: &dyn Watch,
) -> Result<GenReport, GenError> {
    generate_with(opts, out, overwrite, watch, |_| Ok(()))
}

/// [`generate`] with a hook that may change the rows before they are
/// checked: tests use it to prove that a file the rules refuse is not written.
fn generate_with(
    opts: &GenOptions,
    out: &Path,
    overwrite: Overwrite,
    watch: &dyn Watch,
    tamper: impl FnOnce(&Connection) -> rusqlite::Result<()>,
) -> Result<GenReport, GenError> {
    let shown = sanitize(&out.to_string_lossy(), false).into_owned();
    let target = Target::check(out, Kind::SNAPSHOT, Inputs::default(), overwrite)?;
    let start = Instant::now();
    let mut result: Option<GenReport> = None;
    let mut refused: Option<Findings> = None;
    let written = output::write(&target, "gen", |path| {
        let text = |e: rusqlite::Error| e.to_string();
        let conn = Connection::open(path).map_err(text)?;
        // The file is private until renamed and discarded on failure: no
        // journal needed. Not WAL: the format forbids it.
        conn.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; \
             PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -131072;",
        )
        .map_err(text)?;
        conn.execute_batch(SCHEMA_SQL).map_err(text)?;
        // Bulk load: indexes are built after the rows, in one sorted pass,
        // from the DDL's own statements.
        let indexes = take_indexes(&conn).map_err(text)?;
        conn.execute_batch("BEGIN").map_err(text)?;
        let mut steps = Steps::new(watch, FILL_STEPS + 2);
        fill(&conn, opts, &mut steps).map_err(text)?;
        tamper(&conn).map_err(text)?;
        steps.next("index");
        for sql in &indexes {
            conn.execute_batch(sql).map_err(text)?;
        }
        // The totals per unit and period (format 4), as `import` writes them.
        tertial_core::snapshot::totals::write_where_it_helps(&conn).map_err(text)?;
        conn.execute_batch("COMMIT").map_err(text)?;
        let generated = start.elapsed();
        steps.next("kontroll");
        let findings = check::run(&conn, false);
        let checked = start.elapsed() - generated;
        if findings.worst() == Some(Severity::Error) {
            refused = Some(findings);
            return Err("refused".into());
        }
        let rows = count_rows(&conn).map_err(text)?;
        conn.close().map_err(|(_, e)| e.to_string())?;
        result = Some(GenReport {
            rows,
            bytes: 0,
            generated,
            checked,
            findings,
        });
        Ok(())
    });
    if let Some(findings) = refused {
        let errors = findings.count(Severity::Error);
        let first = findings
            .items
            .iter()
            .find(|f| f.severity == Severity::Error)
            .map(|f| format!("{} ({})", f.message, f.rule))
            .unwrap_or_default();
        return Err(GenError::Refused { errors, first });
    }
    written.map_err(|e| GenError::Write(shown.clone(), e))?;
    let mut report =
        result.ok_or_else(|| GenError::Write(shown.clone(), "nothing was generated".into()))?;
    report.bytes = std::fs::metadata(target.path())
        .map(|m| m.len())
        .unwrap_or(0);
    Ok(report)
}

/// Drops the DDL's indexes and returns their statements, to be run again
/// after the rows are in.
fn take_indexes(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY rowid",
    )?;
    let indexes: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &indexes {
        conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
    }
    Ok(indexes.into_iter().map(|(_, sql)| sql).collect())
}

fn count_rows(conn: &Connection) -> rusqlite::Result<Vec<(&'static str, i64)>> {
    TABLES
        .iter()
        .map(|t| {
            let n: i64 =
                conn.query_row(&format!("SELECT count(*) FROM \"{}\"", t.name), [], |r| {
                    r.get(0)
                })?;
            Ok((t.name, n))
        })
        .collect()
}

/// Every table, in the format's order.
/// The steps [`fill`] reports.
const FILL_STEPS: usize = 7;

fn fill(conn: &Connection, opts: &GenOptions, steps: &mut Steps<'_>) -> rusqlite::Result<()> {
    steps.next("organisation");
    let params = Params::of(opts.scale);
    let root = Rng::new(opts.seed);
    let periods = periods(&params);
    let first_year = params.first_year;
    let last_year = first_year + params.years - 1;
    let meta = [
        (
            "title",
            format!("Resultatuppföljning Region Sydmark {first_year}–{last_year} (syntetisk)"),
        ),
        ("organisation", "Region Sydmark (syntetisk region)".into()),
        (
            "producer",
            format!(
                "tertial gen {} (scale {}, seed {}); every figure is made up",
                env!("CARGO_PKG_VERSION"),
                opts.scale.name(),
                opts.seed
            ),
        ),
        // Not the clock: the same seed must give the same bytes.
        ("created_at", format!("{}-01-15", last_year + 1)),
        ("money_unit", "mkr".into()),
        ("language", "sv".into()),
    ];
    let mut stmt = conn.prepare("INSERT INTO meta (key, value) VALUES (?1, ?2)")?;
    for (key, value) in &meta {
        stmt.execute(params![key, value])?;
    }
    let mut stmt = conn.prepare(
        "INSERT INTO period (id, kind, end_date, label, year) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for p in &periods {
        stmt.execute(params![p.id, p.kind, p.end_date, p.label, p.year])?;
    }

    let org = org::build(&params, &mut root.fork("org"));
    org::write(conn, &org)?;
    steps.next("ekonomi");
    economy::write(conn, &org, &periods, &mut root.fork("economy"))?;
    steps.next("mål");
    let indicators = goals::write(conn, &org, &periods, &params, &mut root.fork("goals"))?;
    steps.next("nyckeltal");
    let kpis = kpis::write(conn, &org, &periods, &params, &mut root.fork("kpis"))?;
    let gauges = directives::Gauges { kpis, indicators };
    steps.next("uppdrag");
    directives::write(
        conn,
        &org,
        &periods,
        &params,
        &gauges,
        &mut root.fork("directives"),
    )?;
    steps.next("vårdplatser");
    beds::write(conn, &org, &periods, &params, &mut root.fork("beds"))?;
    steps.next("noteringar");
    notices::write(conn, &org, &periods, &params, &mut root.fork("notices"))?;
    Ok(())
}

impl GenReport {
    /// One paragraph for people: rows per table, size and times.
    pub fn summary(&self) -> String {
        let total: i64 = self.rows.iter().map(|(_, n)| n).sum();
        let tables: Vec<String> = self
            .rows
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(t, n)| format!("{t} {}", group_digits(*n)))
            .collect();
        format!(
            "{} rows ({}), {:.1} MB; generated and written in {:.1} s, checked in {:.1} s \
             ({} warnings, {} notes). Every figure is illustrative.",
            group_digits(total),
            tables.join(", "),
            self.bytes as f64 / 1_000_000.0,
            self.generated.as_secs_f64(),
            self.checked.as_secs_f64(),
            self.findings.count(Severity::Warning),
            self.findings.count(Severity::Note),
        )
    }
}

/// `2213640` → `2 213 640`.
fn group_digits(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failure
mod tests {
    use super::*;

    #[test]
    fn sixty_periods_with_the_tertials_as_kinds() {
        let periods = periods(&Params::of(Scale::Region));
        assert_eq!(periods.len(), 60);
        assert_eq!(periods[0].id, "2021-01");
        assert_eq!(periods[0].end_date, "2021-01-31");
        assert_eq!(periods[3].kind, "tertial");
        assert_eq!(periods[7].kind, "interim");
        assert_eq!(periods[11].kind, "year_end");
        assert_eq!(periods[11].label, "helår 2021");
        assert_eq!(periods[9].label, "ack oktober 2021");
        assert_eq!(periods.iter().filter(|p| p.kind == "month").count(), 45);
        assert_eq!(last_day(2024, 2), "2024-02-29");
        assert_eq!(last_day(2100, 2), "2100-02-28");
    }

    fn small(seed: u64) -> GenOptions {
        GenOptions {
            scale: Scale::Small,
            seed,
        }
    }

    #[test]
    fn a_small_snapshot_passes_every_rule_without_a_finding() {
        let dir = tempfile::tempdir().unwrap();
        for seed in [1, 2, 3] {
            let out = dir.path().join(format!("small-{seed}.db"));
            let report = generate(&small(seed), &out, Overwrite::SameKindOnly).unwrap();
            assert!(
                report.findings.items.is_empty(),
                "seed {seed}: {:?}",
                report.findings.items
            );
            let rows = |t: &str| report.rows.iter().find(|r| r.0 == t).unwrap().1;
            assert!(rows("economy_fact") > 1_000);
            assert_eq!(rows("period"), 24);
            for table in TABLES {
                // gen makes no investments or planned changes (format 4) yet.
                let left_empty = ["budget_frame", "investment", "planned_change"];
                if table.provenance && !left_empty.contains(&table.name) {
                    assert!(rows(table.name) > 0, "seed {seed}: {} is empty", table.name);
                }
            }
            // No totals table for a hundred units (format 4 writes it from
            // `totals::MIN_UNITS` on; `gen --scale region` has it).
            let db = Connection::open(&out).unwrap();
            assert!(!tertial_core::snapshot::totals::present(&db).unwrap());
        }
    }

    #[test]
    fn a_file_the_rules_refuse_is_not_written_and_the_old_one_stays() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("old.db");
        std::fs::write(&out, b"the previous snapshot").unwrap();
        // Not a snapshot, so only `--force` may replace it: the refusal
        // must come from the rules, not from the target check.
        let result = generate_with(&small(1), &out, Overwrite::AnyFile, &Quiet, |conn| {
            conn.execute_batch(
                "UPDATE economy_fact SET deviation = deviation + 5000000000 WHERE rowid = 1",
            )
        });
        match result {
            Err(GenError::Refused { errors, first }) => {
                assert!(errors >= 1);
                assert!(first.contains("outcome − budget"), "{first}");
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert_eq!(std::fs::read(&out).unwrap(), b"the previous snapshot");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names,
            vec![std::ffi::OsString::from("old.db")],
            "no temp file left"
        );
    }

    #[test]
    fn scale_names_round_trip() {
        for scale in Scale::ALL {
            assert_eq!(Scale::parse(scale.name()), Some(scale));
        }
        assert_eq!(Scale::parse("REGION"), Some(Scale::Region));
        assert_eq!(Scale::parse("huge"), None);
        assert_eq!(group_digits(2_213_640), "2 213 640");
        assert_eq!(group_digits(12), "12");
    }
}
