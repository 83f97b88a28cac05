//! `tertial import`: what it accepts, what it refuses and how it says so, and
//! that a failed run writes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failure

mod common;

use common::{Folder, leftovers};
use rusqlite::Connection;

const PREVIOUS: &[u8] = b"previous snapshot, must survive a failed import";

/// One bad input: files written over the minimal valid folder, and where the
/// error must point.
struct Case {
    name: &'static str,
    files: &'static [(&'static str, &'static str)],
    file: &'static str,
    line: u32,
    column: &'static str,
    says: &'static str,
}

const ECON: &str = "economy_fact.csv";

const CASES: &[Case] = &[
    Case {
        name: "money with two decimal marks",
        files: &[(
            ECON,
            "period_id;org_unit_id;deviation;source_id\n2025-10;hsn;12,3,4;s1\n",
        )],
        file: ECON,
        line: 2,
        column: "deviation",
        says: "more than one decimal mark",
    },
    Case {
        name: "money with both comma and point",
        files: &[(
            ECON,
            "period_id;org_unit_id;budget;source_id\n2025-10;hsn;1.234,5;s1\n",
        )],
        file: ECON,
        line: 2,
        column: "budget",
        says: "either a decimal comma or a decimal point",
    },
    Case {
        name: "money with a unit in the cell",
        files: &[(
            ECON,
            "period_id;org_unit_id;outcome;source_id\n2025-10;hsn;-448 mkr;s1\n",
        )],
        file: ECON,
        line: 2,
        column: "outcome",
        says: "found 'm' where a digit belongs",
    },
    Case {
        name: "unknown org unit",
        files: &[(
            ECON,
            "period_id;org_unit_id;deviation;source_id\n2025-10;hsn;1;s1\n2025-10;hsn.xx;1;s1\n",
        )],
        file: ECON,
        line: 3,
        column: "org_unit_id",
        says: "refers to org_unit.id, but no such row exists",
    },
    Case {
        name: "unknown period",
        files: &[(
            ECON,
            "period_id;org_unit_id;deviation;source_id\n2025-09;hsn;1;s1\n",
        )],
        file: ECON,
        line: 2,
        column: "period_id",
        says: "refers to period.id",
    },
    Case {
        name: "duplicate key",
        files: &[(
            "period.csv",
            "id;kind;end_date;label;year\n2025-10;month;2025-10-31;ack oktober 2025;2025\n\
             2025-10;interim;2025-08-31;ack augusti 2025;2025\n",
        )],
        file: "period.csv",
        line: 3,
        column: "id",
        says: "duplicate key (id)",
    },
    Case {
        name: "duplicate total row (NULL cost type counts as a key value)",
        files: &[(
            ECON,
            "period_id;org_unit_id;cost_type_id;deviation;source_id\n2025-10;hsn;;1;s1\n2025-10;hsn;;2;s1\n",
        )],
        file: ECON,
        line: 3,
        column: "period_id",
        says: "duplicate key",
    },
    Case {
        name: "impossible date",
        files: &[(
            "period.csv",
            "id;kind;end_date;label;year\n2025-10;month;2025-02-30;ack oktober 2025;2025\n",
        )],
        file: "period.csv",
        line: 2,
        column: "end_date",
        says: "expected a date as YYYY-MM-DD",
    },
    Case {
        name: "unknown status word",
        files: &[
            (
                "directive.csv",
                "id;issuer_id;title;source_id\nd1;region;Minska kostnader;s1\n",
            ),
            (
                "directive_status.csv",
                "period_id;directive_id;status;source_id\n2025-10;d1;Avslutad;s1\n",
            ),
        ],
        file: "directive_status.csv",
        line: 2,
        column: "status",
        says: "ongoing (Pågående)",
    },
    Case {
        name: "missing required column",
        files: &[(
            "period.csv",
            "id;kind;end_date;year\n2025-10;month;2025-10-31;2025\n",
        )],
        file: "period.csv",
        line: 1,
        column: "label",
        says: "required column is missing",
    },
    Case {
        name: "misspelt column",
        files: &[(
            ECON,
            "period_id;org_unit_id;budjet;source_id\n2025-10;hsn;1;s1\n",
        )],
        file: ECON,
        line: 1,
        column: "budjet",
        says: "unknown column 'budjet'",
    },
    Case {
        name: "empty required value",
        files: &[(
            "org_unit.csv",
            "id;parent_id;kind;name\nregion;;region;Region Test\nhsn;region;board;\n",
        )],
        file: "org_unit.csv",
        line: 3,
        column: "name",
        says: "'name' is required but empty",
    },
    Case {
        name: "impossible month",
        files: &[(
            "bed_month.csv",
            "org_unit_id;month;available;illustrative\nhsn;2025-13;12,5;1\n",
        )],
        file: "bed_month.csv",
        line: 2,
        column: "month",
        says: "a month as YYYY-MM",
    },
    Case {
        name: "bad flag",
        files: &[(
            "bed_month.csv",
            "org_unit_id;month;available;illustrative\nhsn;2025-10;12,5;kanske\n",
        )],
        file: "bed_month.csv",
        line: 2,
        column: "illustrative",
        says: "a flag",
    },
    Case {
        name: "fraction in a whole-number column",
        files: &[(
            "period.csv",
            "id;kind;end_date;label;year\n2025-10;month;2025-10-31;ack oktober 2025;2025,5\n",
        )],
        file: "period.csv",
        line: 2,
        column: "year",
        says: "not a fraction",
    },
    Case {
        name: "unknown period kind",
        files: &[(
            "period.csv",
            "id;kind;end_date;label;year\n2025-10;kvartal;2025-10-31;ack oktober 2025;2025\n",
        )],
        file: "period.csv",
        line: 2,
        column: "kind",
        says: "a period kind",
    },
    Case {
        name: "deviation with the opposite sign",
        files: &[(
            ECON,
            "period_id;org_unit_id;budget;outcome;deviation;source_id\n2025-10;hsn;-100;-120;20;s1\n",
        )],
        file: ECON,
        line: 2,
        column: "deviation",
        says: "deviation must be outcome − budget",
    },
    Case {
        name: "figure without source",
        files: &[(
            ECON,
            "period_id;org_unit_id;deviation;source_id\n2025-10;hsn;-448;\n",
        )],
        file: ECON,
        line: 2,
        column: "source_id",
        says: "needs a source_id, or illustrative = 1",
    },
    Case {
        name: "organisation cycle",
        files: &[(
            "org_unit.csv",
            "id;parent_id;kind;name\nregion;;region;Region Test\nhsn;region;board;HSN\n\
             a;b;unit;A\nb;a;unit;B\n",
        )],
        file: "org_unit.csv",
        line: 4,
        column: "parent_id",
        says: "loops back on itself",
    },
    Case {
        name: "frame change without its frame",
        files: &[(
            "frame_change.csv",
            "year;board_id;seq;label;amount;kind;source_id\n2026;hsn;1;Tillskott;400,3;tillskott;s1\n",
        )],
        file: "frame_change.csv",
        line: 2,
        column: "year",
        says: "refers to a budget_frame row (year, board_id)",
    },
    Case {
        name: "not UTF-8 (Latin-1 export)",
        files: &[],
        file: "org_unit.csv",
        line: 3,
        column: "name",
        says: "not UTF-8",
    },
];

fn run_case(case: &Case) {
    let folder = Folder::minimal();
    for (name, content) in case.files {
        folder.write(name, content);
    }
    if case.name.starts_with("not UTF-8") {
        folder.write_bytes(
            "org_unit.csv",
            b"id;parent_id;kind;name\nregion;;region;Region Test\nhsn;region;board;H\xe4lso- och sjukv\xe5rd\n",
        );
    }
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("snapshot.db");
    std::fs::write(&out, PREVIOUS).unwrap();

    let run = folder.import(&out);

    let place = format!("{}:{}: column '{}'", case.file, case.line, case.column);
    assert_eq!(run.code, 2, "{}: exit code\n{}", case.name, run.all());
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains(&place) && l.contains(case.says))
        .unwrap_or_else(|| {
            panic!(
                "{}: no error naming {place} and '{}' in:\n{}",
                case.name,
                case.says,
                run.all()
            )
        });
    assert!(line.starts_with("error: "), "{}: {line}", case.name);
    assert!(run.stderr.contains("nothing was written"), "{}", case.name);
    assert_eq!(
        std::fs::read(&out).unwrap(),
        PREVIOUS,
        "{}: output touched",
        case.name
    );
    assert!(
        leftovers(out_dir.path(), &["snapshot.db"]).is_empty(),
        "{}: temp file left",
        case.name
    );
}

#[test]
fn every_bad_input_is_named_by_file_line_and_column_and_writes_nothing() {
    assert!(CASES.len() >= 15);
    for case in CASES {
        run_case(case);
    }
}

#[test]
fn bad_values_name_the_value_itself() {
    let folder = Folder::minimal();
    folder.write(
        ECON,
        "period_id;org_unit_id;deviation;source_id\n2025-10;hsn;12,3,4;s1\n",
    );
    let out = folder.path().join("x.db");
    let run = folder.import(&out);
    assert!(run.stderr.contains("value '12,3,4'"), "{}", run.stderr);
}

#[test]
fn all_errors_are_reported_at_once() {
    let folder = Folder::minimal();
    folder.write(
        ECON,
        "period_id;org_unit_id;deviation;source_id\n2025-10;hsn;x;s1\n",
    );
    folder.write(
        "bed_month.csv",
        "org_unit_id;month;available;illustrative\nnope;2025-10;1;1\n",
    );
    folder.write(
        "period.csv",
        "id;kind;end_date;label;year\n2025-10;month;2025-10-32;ack oktober 2025;2025\n",
    );
    let run = folder.import(&folder.path().join("x.db"));
    assert_eq!(run.code, 2);
    for place in ["economy_fact.csv:2", "bed_month.csv:2", "period.csv:2"] {
        assert!(
            run.stderr.contains(place),
            "missing {place} in\n{}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("3 errors"), "{}", run.stderr);
}

#[test]
fn errors_beyond_the_cap_are_counted_not_listed() {
    let folder = Folder::minimal();
    let mut csv = String::from("period_id;org_unit_id;cost_type_id;deviation;source_id\n");
    for i in 0..150 {
        csv.push_str(&format!("2025-10;hsn;c{i};bad;s1\n"));
    }
    folder.write(ECON, &csv);
    let run = folder.import(&folder.path().join("x.db"));
    assert_eq!(run.code, 2);
    let listed = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .count();
    assert_eq!(listed, 100, "{}", run.stderr);
    assert!(
        run.stderr.contains("and 200 more errors"),
        "{}",
        run.stderr.lines().last().unwrap_or("")
    );
}

#[test]
fn file_level_problems_name_the_file() {
    let folder = Folder::minimal();
    folder.write("ekonomi.csv", "a;b\n1;2\n");
    std::fs::remove_file(folder.path().join("period.csv")).unwrap();
    folder.write(
        ECON,
        "period_id;org_unit_id;deviation;source_id\n2025-10;hsn;1;s1;extra\n",
    );
    let run = folder.import(&folder.path().join("x.db"));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("ekonomi.csv: not a table of the format"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("period.csv: missing"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("economy_fact.csv:2: the row has 5 fields but the header has 4"),
        "{}",
        run.stderr
    );
}

/// What Swedish exports look like: BOM, comma delimiter with quoted decimal
/// commas, CRLF, a quoted field with a line break, Swedish words, a unicode
/// minus and no-break spaces between thousands.
#[test]
fn accepts_what_swedish_exports_look_like() {
    let folder = Folder::minimal();
    folder.write_bytes(
        ECON,
        "\u{feff}period_id,org_unit_id,budget,outcome,deviation,cost_development_pct,analysis,source_id\r\n\
         2025-10,hsn,\"\u{2212}7\u{a0}000,0\",\"\u{2212}7\u{a0}448,0\",\"\u{2212}448\",\"-4,7\",\"Underskott,\r\nfrämst personal\",s1\r\n"
            .as_bytes(),
    );
    folder.write(
        "org_unit.part2.csv",
        "id;parent_id;kind;name\nhsn.x;hsn;area;\"Område; med semikolon\"\n",
    );
    folder.write(
        "directive.csv",
        "id;issuer_id;title;source_id\nd1;region;\"Citat \"\"så här\"\"\";s1\n",
    );
    folder.write(
        "directive_status.csv",
        "period_id;directive_id;status;source_id\n2025-10;d1;klar med avvikelse;s1\n",
    );
    let out = folder.path().join("out.db");
    let run = folder.import(&out);
    assert_eq!(run.code, 0, "{}", run.all());

    let db = Connection::open(&out).unwrap();
    let (budget, outcome, deviation, pct, analysis): (i64, i64, i64, String, String) = db
        .query_row(
            "SELECT budget, outcome, deviation, cost_development_pct, analysis FROM economy_fact",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        (budget, outcome, deviation),
        (-7_000_000_000, -7_448_000_000, -448_000_000)
    );
    assert_eq!(pct, "-4.7");
    assert_eq!(analysis, "Underskott,\r\nfrämst personal");
    let name: String = db
        .query_row("SELECT name FROM org_unit WHERE id = 'hsn.x'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(name, "Område; med semikolon");
    let title: String = db
        .query_row("SELECT title FROM directive", [], |r| r.get(0))
        .unwrap();
    assert_eq!(title, "Citat \"så här\"");
    let status: String = db
        .query_row("SELECT status FROM directive_status", [], |r| r.get(0))
        .unwrap();
    assert_eq!(status, "done_with_deviation");
}

#[test]
fn money_follows_the_unit_in_meta() {
    let folder = Folder::minimal();
    folder.write(
        "meta.csv",
        "key;value\ntitle;T\norganisation;O\nproducer;p\ncreated_at;2025-12-01T08:00:00Z\nmoney_unit;tkr\nlanguage;sv\n",
    );
    folder.write(
        ECON,
        "period_id;org_unit_id;deviation;source_id\n2025-10;hsn;-1 500,5;s1\n",
    );
    let out = folder.path().join("out.db");
    assert_eq!(folder.import(&out).code, 0);
    let db = Connection::open(&out).unwrap();
    let deviation: i64 = db
        .query_row("SELECT deviation FROM economy_fact", [], |r| r.get(0))
        .unwrap();
    assert_eq!(deviation, -1_500_500);
}

#[test]
fn a_successful_import_replaces_the_old_file_whole() {
    let folder = Folder::minimal();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("snapshot.db");
    std::fs::write(&out, PREVIOUS).unwrap();
    let run = folder.import(&out);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_ne!(std::fs::read(&out).unwrap(), PREVIOUS);
    assert!(leftovers(out_dir.path(), &["snapshot.db"]).is_empty());
    let check = common::tertial(&["check", out.to_str().unwrap()]);
    assert_eq!(check.code, 0, "{}", check.all());
}

#[test]
fn an_unusable_target_is_refused_before_anything_is_read() {
    let folder = Folder::minimal();
    let run = folder.import(folder.path());
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("must be a file path, not a folder"),
        "{}",
        run.stderr
    );

    let run = folder.import(&folder.path().join("no/such/dir/x.db"));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot write the snapshot"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_folder_is_one_sentence() {
    let run = common::tertial(&["import", "/no/such/folder", "-o", "/tmp/never.db"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("tertial: /no/such/folder: cannot read the folder"),
        "{}",
        run.stderr
    );
    assert!(!std::path::Path::new("/tmp/never.db").exists());
}
