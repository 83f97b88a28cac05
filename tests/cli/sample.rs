//! The committed sample: current with its CSV sources, valid, complete, and
//! carrying the reports' real figures with their sources.

use crate::common;

use common::{repo, tertial};
use rusqlite::Connection;
use rusqlite::types::Value;
use std::collections::BTreeMap;
use tertial::snapshot::Snapshot;
use tertial::snapshot::spec::TABLES;

const MKR: i64 = 1_000_000;

fn sample() -> Snapshot {
    Snapshot::open(&repo().join("sample.db")).expect("sample.db opens")
}

/// Every row of every table, in rowid order, plus the format version.
fn dump(conn: &Connection) -> (i64, BTreeMap<&'static str, Vec<Vec<Value>>>) {
    let version = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let mut tables = BTreeMap::new();
    for table in TABLES {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{}\" ORDER BY rowid", table.name))
            .unwrap();
        let width = stmt.column_count();
        let rows = stmt
            .query_map([], |r| (0..width).map(|i| r.get::<_, Value>(i)).collect())
            .unwrap()
            .map(Result::unwrap)
            .collect();
        tables.insert(table.name, rows);
    }
    (version, tables)
}

#[test]
fn committed_sample_db_is_built_from_the_current_csv_files() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("fresh.db");
    let run = tertial(&[
        "import",
        repo().join("assets/sample").to_str().unwrap(),
        "-o",
        fresh.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.all());
    let fresh = Snapshot::open(&fresh).unwrap();
    let (version, tables) = dump(&fresh.conn);
    let (committed_version, committed) = dump(&sample().conn);
    assert_eq!(version, committed_version);
    for (name, rows) in &tables {
        assert!(
            committed.get(name) == Some(rows),
            "sample.db is stale in table {name}: run `cargo run --release -- import assets/sample -o sample.db`"
        );
    }
}

/// Valid, with a warning for each place a report contradicts itself (kept
/// as stated, both places named), and so exit 1, as any warning gives.
#[test]
fn sample_checks_with_the_reports_contradictions_and_a_full_summary() {
    let run = tertial(&["check", repo().join("sample.db").to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.all());
    let warnings: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect();
    assert_eq!(warnings.len(), 3, "{}", run.stdout);
    for (warning, both) in warnings.iter().zip([
        // 004: the directive's text says 250, its analysis and 3.2 say 213.
        [
            "'250 mkr' at HSN delårsrapport per augusti 2025, 2.3 ",
            "'213 mkr' at HSN delårsrapport per augusti 2025, 3.2 Analys av större avvikelser",
        ],
        // 004: KUA two places (+2 option) in 2.3, "4 patienter" in 1.
        [
            "'2 platser (+2 option)' at HSN delårsrapport per augusti 2025, 2.3 ",
            "'4 patienter' at HSN delårsrapport per augusti 2025, 1 Sammanfattning",
        ],
        // 000: Kostnader −551 over lines −380 −107 −67 = −554.
        [
            "'−551 mkr' at HSN Resultatuppföljning oktober 2025, HSN – Verksamhetens nettokostnader",
            "'−554 mkr (−380 −107 −67)' at HSN Resultatuppföljning oktober 2025",
        ],
    ]) {
        assert!(
            warning.contains("the report contradicts itself"),
            "{warning}"
        );
        for place in both {
            assert!(warning.contains(place), "{place:?} not in {warning}");
        }
    }
    for line in [
        "periods       4: ack augusti 2024, ack april 2025, ack augusti 2025, ack oktober 2025",
        "0 errors, 3 warnings",
    ] {
        assert!(
            run.stdout.contains(line),
            "missing {line:?} in\n{}",
            run.stdout
        );
    }
    for heading in [
        "org units",
        "economy facts",
        "budget frames",
        "goals",
        "directives",
        "bed series",
        "KPI series",
        "notices",
        "illustrative",
    ] {
        assert!(
            run.stdout.contains(heading),
            "summary lacks {heading}:\n{}",
            run.stdout
        );
    }
}

/// Data rows per table in the CSV files, counted without the importer.
fn csv_rows() -> BTreeMap<String, Vec<csv::StringRecord>> {
    let mut out: BTreeMap<String, Vec<csv::StringRecord>> = BTreeMap::new();
    for entry in std::fs::read_dir(repo().join("assets/sample")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".csv") else {
            continue;
        };
        let table = stem.split('.').next().unwrap().to_string();
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_path(&path)
            .unwrap();
        let headers = reader.headers().unwrap().clone();
        for record in reader.records() {
            let record = record.unwrap();
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            // Keep the record keyed by its header so ids can be looked up.
            let mut keyed = csv::StringRecord::new();
            if let Some(i) = headers.iter().position(|h| h == "id") {
                keyed.push_field(record.get(i).unwrap());
            }
            out.entry(table.clone()).or_default().push(keyed);
        }
    }
    out
}

#[test]
fn every_csv_row_is_in_the_snapshot() {
    let snapshot = sample();
    let rows = csv_rows();
    for table in TABLES {
        let in_db: i64 = snapshot
            .conn
            .query_row(
                &format!("SELECT count(*) FROM \"{}\"", table.name),
                [],
                |r| r.get(0),
            )
            .unwrap();
        let in_csv = rows.get(table.name).map_or(0, Vec::len) as i64;
        assert_eq!(in_db, in_csv, "rows of {}", table.name);
        if table.column("id").is_some() {
            for record in rows.get(table.name).into_iter().flatten() {
                let id = record.get(0).unwrap().trim();
                let found: i64 = snapshot
                    .conn
                    .query_row(
                        &format!("SELECT count(*) FROM \"{}\" WHERE id = ?1", table.name),
                        [id],
                        |r| r.get(0),
                    )
                    .unwrap();
                assert_eq!(found, 1, "{}.id {id}", table.name);
            }
        }
    }
}

fn one<T: rusqlite::types::FromSql>(sql: &str) -> T {
    sample()
        .conn
        .query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// A deviation and the document it is cited from.
fn deviation(period: &str, unit: &str, cost_type: Option<&str>) -> (i64, String) {
    let snapshot = sample();
    snapshot
        .conn
        .query_row(
            "SELECT f.deviation, s.document || ', ' || coalesce(s.section, '') FROM economy_fact f \
             JOIN source s ON s.id = f.source_id \
             WHERE f.period_id = ?1 AND f.org_unit_id = ?2 AND f.cost_type_id IS ?3",
            rusqlite::params![period, unit, cost_type],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap_or_else(|e| panic!("{period} {unit} {cost_type:?}: {e}"))
}

#[test]
fn hsn_october_2025_splits_both_ways_with_its_source() {
    let (total, source) = deviation("2025-10", "hsn", None);
    assert_eq!(total, -448 * MKR);
    assert!(
        source.contains("Resultatuppföljning oktober 2025"),
        "{source}"
    );
    let frames: Vec<i64> = [
        "hsn.primarvard",
        "hsn.tandvard",
        "hsn.sjukhusvard",
        "hsn.anslag",
    ]
    .iter()
    .map(|u| deviation("2025-10", u, None).0 / MKR)
    .collect();
    assert_eq!(frames, [-136, -38, -430, 156]);
    assert_eq!(frames.iter().sum::<i64>(), -448);
    assert_eq!(deviation("2025-10", "hsn", Some("personal")).0, -380 * MKR);
    assert_eq!(
        deviation("2025-10", "hsn.primarvard", Some("personal")).0,
        -98 * MKR
    );
    assert_eq!(deviation("2025-10", "hsn", Some("intakter")).0, 104 * MKR);
    let pct: String = one(
        "SELECT cost_development_pct FROM economy_fact WHERE period_id = '2025-10' AND org_unit_id = 'hsn' AND cost_type_id IS NULL",
    );
    assert_eq!(pct, "-4.7");
}

#[test]
fn hsn_august_and_april_2025_and_the_region_2024() {
    assert_eq!(deviation("2025-08", "hsn", None).0, -335 * MKR);
    let forecast: i64 = one(
        "SELECT forecast_deviation FROM economy_fact WHERE period_id = '2025-08' AND org_unit_id = 'hsn' AND cost_type_id IS NULL",
    );
    assert_eq!(forecast, -550 * MKR);
    let april: i64 = one(
        "SELECT count(*) FROM economy_fact WHERE period_id = '2025-04' AND org_unit_id = 'hsn'",
    );
    assert!(april > 0);
    let boards: i64 = one(
        "SELECT count(DISTINCT org_unit_id) FROM economy_fact WHERE period_id = '2024-08' \
         AND cost_type_id IS NULL AND org_unit_id IN ('rs', 'hsn', 'run', 'fhs', 'pn') AND deviation IS NOT NULL",
    );
    assert_eq!(boards, 5, "every board's deviation ack augusti 2024");
    let financing: i64 = one(
        "SELECT count(*) FROM economy_fact WHERE period_id = '2024-08' AND org_unit_id = 'region' \
         AND cost_type_id IN ('skatteintakter', 'generella_statsbidrag', 'finansnetto', 'nettokostnad')",
    );
    assert_eq!(
        financing, 4,
        "taxes, grants, financial net and net cost for the region"
    );
}

#[test]
fn budget_frame_2026_with_its_bridge() {
    let (decided, proposed): (i64, i64) = sample()
        .conn
        .query_row(
            "SELECT decided, proposed FROM budget_frame WHERE year = 2026 AND board_id = 'hsn'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((decided, proposed), (7_058 * MKR, 6_604_200_000));
    for (amount, kind) in [
        (400_300_000, "addition"),
        (3_900_000, "reallocation"),
        (9_600_000, "reallocation"),
    ] {
        let n: i64 = one(&format!(
            "SELECT count(*) FROM frame_change WHERE year = 2026 AND board_id = 'hsn' AND amount = {amount} AND kind = '{kind}'"
        ));
        assert_eq!(n, 1, "{amount} {kind}");
    }
}

#[test]
fn goals_delmal_and_indicators() {
    let assessed: i64 = one(
        "SELECT count(*) FROM goal_assessment WHERE period_id = '2024-08' AND prognos IS NOT NULL",
    );
    assert_eq!(assessed, 10, "goals 1–7 and the three financial goals");
    let g4: (i64, i64) = sample()
        .conn
        .query_row("SELECT subgoals_total, indicators_total FROM goal_assessment WHERE period_id = '2024-08' AND goal_id = 'g4'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(g4, (12, 20), "mål 4: tolv delmål, 20 indikatorer");
    let result: (Option<String>, Option<String>, String) = sample()
        .conn
        .query_row(
            "SELECT v.value, v.forecast, coalesce(v.target, i.target) FROM indicator_value v \
             JOIN indicator i ON i.id = v.indicator_id \
             WHERE i.goal_id = 'f1' AND v.period_id = '2024-08'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    // "Prognosen för 2024 är ett utfall på −4,5 procent": a forecast, no
    // value at the end of August.
    assert_eq!(
        result,
        (None::<String>, Some("-4.5".to_string()), "1.4".to_string())
    );
    // The report's summary table lists fourteen delmål for HSN 2025.
    let delmal: i64 = one("SELECT count(*) FROM subgoal WHERE owner_id = 'hsn' AND year = 2025");
    assert_eq!(delmal, 14);
    let judged: i64 = one(
        "SELECT count(*) FROM subgoal_assessment WHERE period_id = '2025-08' AND prognos IS NOT NULL",
    );
    assert_eq!(judged, 14);
    let no_data: i64 = one(
        "SELECT count(*) FROM subgoal_assessment WHERE period_id = '2025-08' AND prognos = 'no_data'",
    );
    assert!(
        no_data >= 9,
        "Cosmic left most delmål without data: {no_data}"
    );
}

#[test]
fn directives_of_both_reports_with_status_and_targets() {
    let region_2024: i64 = one("SELECT count(*) FROM directive WHERE year = 2024");
    let hsn_2025: i64 = one("SELECT count(*) FROM directive WHERE year = 2025");
    assert!(
        region_2024 >= 12 && hsn_2025 >= 14,
        "{region_2024} {hsn_2025}"
    );
    let unreported: i64 = one(
        "SELECT count(*) FROM directive d WHERE d.year IN (2024, 2025) AND NOT EXISTS \
         (SELECT 1 FROM directive_status s WHERE s.directive_id = d.id)",
    );
    assert!(
        unreported <= 1,
        "directives without any status: {unreported}"
    );
    let personnel: i64 =
        one("SELECT count(*) FROM directive WHERE target_value = '213' AND target_unit = 'mkr'");
    assert_eq!(personnel, 1, "reduce personnel costs by 213 mkr");
    let to_administration: i64 = one(
        "SELECT count(*) FROM directive d JOIN directive_recipient r ON r.directive_id = d.id WHERE d.issuer_id = 'hsn' AND r.org_unit_id = 'hsn.forv'",
    );
    assert!(to_administration > 0);
}

#[test]
fn bed_series_are_illustrative_and_events_are_real() {
    let series: i64 = one("SELECT count(DISTINCT org_unit_id) FROM bed_month");
    assert!(series >= 7, "region and at least six units: {series}");
    for unit in ["region", "hsn.sjukhusvard.roc", "hsn.sjukhusvard.kirc_nus"] {
        let (months, first, last): (i64, String, String) = sample()
            .conn
            .query_row(
                "SELECT count(*), min(month), max(month) FROM bed_month WHERE org_unit_id = ?1",
                [unit],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(
            (months, first.as_str(), last.as_str()),
            (46, "2022-01", "2025-10"),
            "{unit}"
        );
    }
    let real_months: i64 = one("SELECT count(*) FROM bed_month WHERE illustrative = 0");
    assert_eq!(real_months, 0, "the reports have no monthly numbers");
    let targets: i64 = one(
        "SELECT count(*) FROM bed_target t WHERE EXISTS (SELECT 1 FROM bed_month m WHERE m.org_unit_id = t.org_unit_id)",
    );
    assert_eq!(targets, series, "a målbild per series");
    let events: Vec<(String, String, i64)> = {
        let snapshot = sample();
        let mut stmt = snapshot.conn.prepare("SELECT date, label, bed_change FROM bed_event WHERE illustrative = 0 ORDER BY date").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert!(
        events.contains(&("2025-09-22".into(), "IMA".into(), 6)),
        "{events:?}"
    );
    assert!(
        events.contains(&("2025-10-21".into(), "KAVA".into(), 8)),
        "{events:?}"
    );
    assert!(
        events.contains(&("2025-08".into(), "KUA".into(), 2)),
        "{events:?}"
    );
}

/// "Öppna 25 vårdplatser" against IMA +6, KAVA +8 and KUA +2, through the
/// real binary: `render` opens the promise from the Vårdplatser table and
/// writes it as data, each part with the source it stands under, the sums
/// marked as computed.
#[test]
fn the_promised_beds_against_those_opened_each_with_its_source() {
    let run = tertial(&[
        "render",
        "vardplatser",
        "--snapshot",
        repo().join("sample.db").to_str().unwrap(),
        "--period",
        "2025-10",
        "--keys",
        "G<Enter>",
        "--format",
        "tsv",
    ]);
    assert_eq!(run.code, 0, "{}", run.all());
    let rows: Vec<Vec<&str>> = run
        .stdout
        .lines()
        .map(|l| l.split('\t').collect())
        .collect();
    let find = |label: &str| {
        rows.iter()
            .find(|r| r.get(1) == Some(&label))
            .unwrap_or_else(|| panic!("no {label} in\n{}", run.stdout))
    };
    let source = |r: &Vec<&str>| r.last().copied().unwrap_or_default().to_string();
    let promised = find("Utlovat");
    assert_eq!(promised[2], "25");
    assert!(source(promised).ends_with("Uppdrag från fullmäktige till nämnd"));
    for (label, beds, cited) in [
        ("KUA", "2", "HSN delårsrapport per augusti 2025, 2.3 "),
        ("IMA", "6", "HSN Resultatuppföljning oktober 2025, "),
        ("KAVA", "8", "HSN Resultatuppföljning oktober 2025, "),
    ] {
        let row = find(label);
        assert_eq!(row[2], beds, "{label}");
        assert!(source(row).starts_with(cited), "{label}: {}", source(row));
    }
    assert_eq!(find("Summa öppnat")[2], "16");
    assert!(find("Summa öppnat")[5].starts_with("beräknad"));
    assert_eq!(find("Kvar att öppna")[2], "9");
}

#[test]
fn kpis_and_data_quality_notices() {
    let summer: Vec<(String, String)> = {
        let snapshot = sample();
        let mut stmt = snapshot.conn.prepare("SELECT label, value FROM kpi_value WHERE kpi_id = 'k-sommaravtal-kostnad' ORDER BY date").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let expected = [("2023", "50.1"), ("2024", "31.7"), ("2025", "9.7")]
        .map(|(a, b)| (a.to_string(), b.to_string()));
    assert_eq!(summer, expected);
    let agency: (String, String) = sample()
        .conn
        .query_row(
            "SELECT v.value, k.target FROM kpi k JOIN kpi_value v ON v.kpi_id = k.id WHERE k.id = 'k-hyrpersonal-andel' AND k.direction = 'lower'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(agency, ("3.81".to_string(), "3.7".to_string()));
    for period in ["2025-08", "2025-10"] {
        let cosmic: i64 = one(&format!(
            "SELECT count(*) FROM notice WHERE period_id = '{period}' AND text LIKE '%Cosmic%'"
        ));
        assert!(cosmic > 0, "Cosmic caveat for {period}");
    }
}

#[test]
fn every_figure_is_sourced_or_flagged() {
    for table in TABLES.iter().filter(|t| t.provenance) {
        let unsourced: i64 = one(&format!(
            "SELECT count(*) FROM \"{}\" t LEFT JOIN source s ON s.id = t.source_id WHERE s.id IS NULL AND t.illustrative = 0",
            table.name
        ));
        assert_eq!(unsourced, 0, "{}", table.name);
    }
    let seeds: i64 = one("SELECT count(DISTINCT locator) FROM source WHERE locator LIKE '00%.txt'");
    assert_eq!(seeds, 4, "all four reports are cited");
}
