//! `tertial import`: what it accepts, what it refuses and how it says so, and
//! that a failed run writes nothing.

use crate::common;

use common::{Folder, leftovers};
use rusqlite::Connection;

/// The file a failed import must leave untouched: a real snapshot (an
/// import may replace only a snapshot unless told `--force`).
fn previous() -> Vec<u8> {
    std::fs::read(common::repo().join("sample.db")).unwrap()
}

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
        name: "a planned change of an unknown kind",
        files: &[(
            "planned_change.csv",
            "id;year;board_id;kind;title;source_id\np1;2026;hsn;renovera;KAVA;s1\n",
        )],
        file: "planned_change.csv",
        line: 2,
        column: "kind",
        says: "a planned change kind",
    },
    Case {
        name: "an investment line part of a line the period lacks",
        files: &[(
            "investment.csv",
            "period_id;org_unit_id;id;parent_id;name;outcome;source_id\n\
             2025-10;region;it;ovriga;IT;−26;s1\n",
        )],
        file: "investment.csv",
        line: 2,
        column: "period_id",
        says: "(period_id, parent_id) refers to a investment row (period_id, id)",
    },
    Case {
        name: "a change against last year that is not money",
        files: &[(
            ECON,
            "period_id;org_unit_id;deviation;change_prev_year;source_id\n2025-10;hsn;-448;mycket;s1\n",
        )],
        file: ECON,
        line: 2,
        column: "change_prev_year",
        says: "an amount of money",
    },
    Case {
        name: "a key figure's group of a figure that does not exist",
        files: &[(
            "kpi.csv",
            "id;name;parent_id\nk1;Sjukfrånvaro, kvinnor;k0\n",
        )],
        file: "kpi.csv",
        line: 2,
        column: "parent_id",
        says: "refers to kpi.id",
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
    std::fs::write(&out, previous()).unwrap();

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
    assert!(
        std::fs::read(&out).unwrap() == previous(),
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
    let out = folder.output("x.db");
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
    let run = folder.import(&folder.output("x.db"));
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
    let run = folder.import(&folder.output("x.db"));
    assert_eq!(run.code, 2);
    let listed = error_lines(&run).len();
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
    let run = folder.import(&folder.output("x.db"));
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
    let out = folder.output("out.db");
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
    let out = folder.output("out.db");
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
    std::fs::write(&out, previous()).unwrap();
    let run = folder.import(&out);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(std::fs::read(&out).unwrap() != previous());
    assert!(leftovers(out_dir.path(), &["snapshot.db"]).is_empty());
    let check = common::tertial(&["check", out.to_str().unwrap()]);
    assert_eq!(check.code, 0, "{}", check.all());
}

/// The import builds the format's indexes after the rows are in (and no
/// longer vacuums): the snapshot must still have every index the format
/// declares, each as declared.
#[test]
fn an_imported_snapshot_has_every_index_of_the_format() {
    let input = sample_copy();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("snapshot.db");
    let run = common::tertial(&[
        "import",
        input.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.all());
    let indexes = |conn: &Connection| -> Vec<(String, Option<String>)> {
        let mut stmt = conn
            .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let format = Connection::open_in_memory().unwrap();
    let schema = std::fs::read_to_string(common::repo().join("assets/schema.sql")).unwrap();
    format.execute_batch(&schema).unwrap();
    let imported = Connection::open(&out).unwrap();
    let expected = indexes(&format);
    assert!(expected.iter().any(|(_, sql)| sql.is_some()));
    assert_eq!(indexes(&imported), expected);
    let check = common::tertial(&["check", out.to_str().unwrap()]);
    // Warnings only: the sample records the reports' self-contradictions.
    assert_eq!(check.code, 1, "{}", check.all());
    assert!(check.stdout.contains("\n0 errors, "), "{}", check.stdout);
}

#[test]
fn an_unusable_target_is_refused_before_anything_is_read() {
    let folder = Folder::minimal();
    let run = folder.import(folder.path());
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("is a folder, not a regular file"),
        "{}",
        run.stderr
    );

    let elsewhere = tempfile::tempdir().unwrap();
    let run = folder.import(&elsewhere.path().join("no/such/dir/x.db"));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("the folder it would go in does not exist"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_folder_is_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("never.db");
    let run = common::tertial(&["import", "/no/such/folder", "-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("tertial: /no/such/folder: cannot read the folder"),
        "{}",
        run.stderr
    );
    assert_eq!(leftovers(dir.path(), &[]), Vec::<String>::new());
}

// ---- What `-o` may replace: never an input, a device, a pipe or a folder ----

/// A private copy of the sample's CSV folder.
fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(common::repo().join("assets/sample")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    dir
}

fn snapshot_of_folder(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_output_may_not_be_an_input_file_nor_lie_in_the_input_folder() {
    let input = sample_copy();
    let before = snapshot_of_folder(input.path());
    let sub = input.path().join("old");
    for out in [
        input.path().join("meta.csv"),
        input.path().join("economy_fact.csv"),
        input.path().join("new.db"),
        sub.join("deeper.db"),
    ] {
        if out.starts_with(&sub) {
            std::fs::create_dir_all(&sub).unwrap();
        }
        let run = common::tertial(&[
            "import",
            input.path().to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 2, "{out:?}: {}", run.all());
        assert!(
            run.stderr.contains("is inside the input folder"),
            "{out:?}: {}",
            run.stderr
        );
        assert_eq!(
            run.stderr.lines().count(),
            1,
            "one sentence: {}",
            run.stderr
        );
        let _ = std::fs::remove_dir(&sub);
        assert!(
            snapshot_of_folder(input.path()) == before,
            "{out:?} changed the folder"
        );
    }
    // The same folder named another way (a relative path through `..`) is
    // still the same folder.
    let twisted = input
        .path()
        .join("..")
        .join(input.path().file_name().unwrap());
    let run = common::tertial(&[
        "import",
        twisted.to_str().unwrap(),
        "-o",
        input.path().join("meta.csv").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(snapshot_of_folder(input.path()) == before);
}

#[cfg(unix)]
#[test]
fn pipes_sockets_and_folders_are_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let socket = dir.path().join("socket");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let folder_target = dir.path().join("folder");
    std::fs::create_dir(&folder_target).unwrap();
    never_replaced(
        dir.path(),
        &[
            (fifo, "a FIFO (named pipe)"),
            (socket, "a socket"),
            (folder_target, "a folder"),
        ],
    );
}

/// Needs `mknod`, which only root may run: ignored by a plain `cargo test`,
/// run by `.ci/run` with `--ignored`, where a refused `mknod` fails it.
#[cfg(unix)]
#[test]
#[ignore = "needs mknod (root); .ci/run runs it"]
fn a_character_device_is_never_replaced() {
    // A private character device node like /dev/null's, in the test's own
    // folder; never the machine's own devices.
    let dir = tempfile::tempdir().unwrap();
    let device = dir.path().join("null-copy");
    let mknod = std::process::Command::new("mknod")
        .args([device.to_str().unwrap(), "c", "1", "3"])
        .output()
        .expect("this test needs mknod");
    assert!(
        mknod.status.success(),
        "this test needs to make a device node (root): {}",
        String::from_utf8_lossy(&mknod.stderr)
    );
    never_replaced(dir.path(), &[(device, "a character device")]);
}

/// Importing to each target, with and without `--force`, is refused with
/// one sentence naming what it is, and leaves it and its folder `dir` as
/// they were.
#[cfg(unix)]
fn never_replaced(dir: &std::path::Path, targets: &[(std::path::PathBuf, &str)]) {
    use std::os::unix::fs::FileTypeExt;
    let folder = Folder::minimal();
    for (target, kind) in targets {
        let kind_before = std::fs::symlink_metadata(target).unwrap().file_type();
        for force in [false, true] {
            let mut args = vec![
                "import",
                folder.path().to_str().unwrap(),
                "-o",
                target.to_str().unwrap(),
            ];
            if force {
                args.push("--force");
            }
            let run = common::tertial(&args);
            assert_eq!(run.code, 2, "{kind}: {}", run.all());
            assert!(
                run.stderr
                    .contains(&format!("is {kind}, not a regular file")),
                "{kind}: {}",
                run.stderr
            );
            let after = std::fs::symlink_metadata(target).unwrap().file_type();
            assert!(
                after.is_fifo() == kind_before.is_fifo()
                    && after.is_socket() == kind_before.is_socket()
                    && after.is_dir() == kind_before.is_dir()
                    && after.is_char_device() == kind_before.is_char_device(),
                "{kind} was replaced"
            );
        }
    }
    let names: Vec<String> = targets
        .iter()
        .map(|(t, _)| t.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut left = leftovers(dir, &names);
    left.sort();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn an_existing_file_that_is_not_a_snapshot_is_replaced_only_with_force() {
    let folder = Folder::minimal();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("budget.xlsx");
    std::fs::write(&out, "a spreadsheet someone needs").unwrap();
    let run = folder.import(&out);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.contains("exists and is not a tertial snapshot")
            && run.stderr.contains("--force"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "a spreadsheet someone needs"
    );

    let run = common::tertial(&[
        "import",
        folder.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(&std::fs::read(&out).unwrap()[..16], b"SQLite format 3\0");
}

#[cfg(unix)]
#[test]
fn the_new_file_gets_the_umask_permissions_not_the_replaced_files_mode() {
    use std::os::unix::fs::PermissionsExt;
    let folder = Folder::minimal();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("snapshot.db");
    std::fs::write(&out, previous()).unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o777)).unwrap();
    let status = common::command("sh")
        .arg("-c")
        .arg("umask 027; exec \"$0\" import \"$1\" -o \"$2\" >/dev/null")
        .arg(env!("CARGO_BIN_EXE_tertial"))
        .arg(folder.path())
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "got {mode:o}");
}

/// Errors are counted exactly however many there are, and listed up to the
/// cap: thousands of dangling references (more than the rules keep per
/// rule) are all counted.
#[test]
fn every_error_is_counted_exactly_and_few_are_listed() {
    let folder = Folder::minimal();
    let mut csv = String::from("period_id;org_unit_id;cost_type_id;deviation;source_id\n");
    for i in 0..3000 {
        csv.push_str(&format!("2025-10;ghost{i};;1;s1\n"));
    }
    folder.write(ECON, &csv);
    let run = folder.import(&folder.output("x.db"));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("… and 2 900 more errors (100 shown of 3 000)"),
        "{}",
        run.stderr
            .lines()
            .rev()
            .take(3)
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        run.stderr
            .contains("tertial: 3 000 errors; nothing was written")
    );
    assert!(run.stderr.len() < 30_000, "{} bytes", run.stderr.len());
}

/// A value far over the format's limit is refused while it is read: the
/// message gives its size, never the value, and the row's other errors and
/// the file's other rows are still reported.
#[test]
fn an_over_long_field_is_measured_not_loaded_or_echoed() {
    let folder = Folder::minimal();
    let huge = "Å".repeat(2_500_000);
    folder.write(
        "org_unit.csv",
        &format!(
            "id;parent_id;kind;name\nregion;;region;Region Test\nhsn;region;board;{huge}\n\
             hsn.pv;hsn;kvartal;Primärvård\nhsn.sv;hsn;frame;Sjukhusvård\n"
        ),
    );
    let run = folder.import(&folder.output("x.db"));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "org_unit.csv:3: column 'name': the value is 5000000 bytes long; the format allows \
             at most 1000000 (it was not read)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("org_unit.csv:4: column 'kind'"),
        "{}",
        run.stderr
    );
    assert_short(&run);
}

/// A header that is one enormous line gives one short error, not a copy of
/// the line.
#[test]
fn an_enormous_header_is_one_short_error() {
    let folder = Folder::minimal();
    let mut header = String::from("period_id;org_unit_id;deviation;source_id");
    header.push_str(&";budjet".repeat(200_000));
    header.push(';');
    header.push_str(&"x".repeat(3_000_000));
    folder.write(ECON, &format!("{header}\n2025-10;hsn;1;s1\n"));
    let run = folder.import(&folder.output("x.db"));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("economy_fact.csv:1: the header has 200005 fields"),
        "{}",
        run.stderr
    );
    assert_short(&run);
}

/// Excel on Windows saves CSV as Windows-1252: one sentence says so, with
/// no knock-on errors from the rows that file would have held.
#[test]
fn a_windows_1252_file_is_named_in_one_sentence() {
    let folder = Folder::minimal();
    folder.write_bytes(
        "org_unit.csv",
        b"id;parent_id;kind;name\r\nregion;;region;Region Test\r\nhsn;region;board;HSN\r\n\
          hsn.pv;hsn;frame;Prim\xe4rv\xe5rd\r\nhsn.sv;hsn;frame;Sjukhusv\xe5rd\r\n",
    );
    folder.write(
        ECON,
        "period_id;org_unit_id;deviation;source_id\n2025-10;hsn.pv;-136;s1\n2025-10;hsn.sv;-312;s1\n",
    );
    let run = folder.import(&folder.output("x.db"));
    assert_eq!(run.code, 2, "{}", run.stderr);
    let errors = error_lines(&run);
    assert_eq!(
        errors,
        [
            "error: org_unit.csv:4: column 'name': this file is Windows-1252 (what Excel saves as \
          CSV on Windows), not UTF-8; save it as UTF-8 (in Excel: CSV UTF-8) and import again"
        ],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("tertial: 1 error; nothing was written"),
        "{}",
        run.stderr
    );
}

/// A UTF-16 file without a byte order mark (Excel's "Unicode Text",
/// PowerShell) is named in one sentence, not read as columns 'k␀e␀y␀'.
#[test]
fn a_utf16_file_is_named_in_one_sentence() {
    for (endian, bytes) in [
        ("little-endian", u16::to_le_bytes as fn(u16) -> [u8; 2]),
        ("big-endian", u16::to_be_bytes),
    ] {
        let folder = Folder::minimal();
        let text =
            "id;parent_id;kind;name\r\nregion;;region;Region Test\r\nhsn;region;board;HSN\r\n";
        let utf16: Vec<u8> = text.encode_utf16().flat_map(bytes).collect();
        folder.write_bytes("org_unit.csv", &utf16);
        let run = folder.import(&folder.output("x.db"));
        assert_eq!(run.code, 2, "{}", run.stderr);
        let errors = error_lines(&run);
        assert_eq!(
            errors,
            [format!(
                "error: org_unit.csv: this file is UTF-16 ({endian}; what Excel saves as \
                 \"Unicode Text\"), not UTF-8; save it as UTF-8 (in Excel: CSV UTF-8) and import \
                 again"
            )],
            "{}",
            run.stderr
        );
    }
}

/// Tab-separated files are read like `;` and `,` ones.
#[test]
fn tab_separated_files_are_detected() {
    let folder = Folder::minimal();
    folder.write(
        ECON,
        "period_id\torg_unit_id\tdeviation\tcost_development_pct\tanalysis\tsource_id\n\
         2025-10\thsn\t−448\t-4,7\tPersonal, främst\ts1\n",
    );
    let out = folder.output("x.db");
    let run = folder.import(&out);
    assert_eq!(run.code, 0, "{}", run.all());
    let (deviation, analysis): (i64, String) = Connection::open(&out)
        .unwrap()
        .query_row(
            "SELECT deviation, analysis FROM economy_fact WHERE org_unit_id = 'hsn'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (deviation, analysis.as_str()),
        (-448_000_000, "Personal, främst")
    );
}

/// What an import says stays a few lines, whatever its input.
fn assert_short(run: &common::Run) {
    assert!(
        run.stderr.len() < 5_000,
        "{} bytes of errors",
        run.stderr.len()
    );
}

/// `tertial import` on `folder`, ended (and failed) if it has not finished
/// long after it should: a blocked read would otherwise hang the tests.
#[cfg(unix)]
fn import_bounded(folder: &Folder) -> common::Run {
    use std::process::{Command, Stdio};
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tertial"));
    cmd.args(["import", folder.path().to_str().unwrap(), "-o"])
        .arg(folder.output("x.db"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    common::isolate(&mut cmd);
    let child = cmd.spawn().unwrap();
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    match rx.recv_timeout(std::time::Duration::from_secs(60)) {
        Ok(out) => {
            let out = out.unwrap();
            common::Run {
                code: out.status.code().unwrap_or(-1),
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            }
        }
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("import still reading after 60 s: it blocked on the input");
        }
    }
}

/// Whether this process may make device nodes (root).
#[cfg(unix)]
fn may_mknod() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0")
}

/// A `*.csv` that is a FIFO with no writer, or a link to a character
/// device or to a FIFO (a received zip or tar can carry any), is refused
/// in one sentence before it is read; the import does not hang. The
/// device and FIFOs are private ones made in the test's own folder.
#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_as_input_is_refused_not_waited_on() {
    let make = |args: &[&str]| {
        let status = std::process::Command::new(args[0])
            .args(&args[1..])
            .status()
            .unwrap();
        assert!(status.success(), "{args:?}");
    };
    let mut cases: Vec<(&str, Folder)> = Vec::new();
    let fifo = Folder::minimal();
    make(&["mkfifo", fifo.path().join(ECON).to_str().unwrap()]);
    cases.push(("a FIFO (named pipe)", fifo));
    let linked_fifo = Folder::minimal();
    let pipe = linked_fifo.outputs.path().join("pipe");
    make(&["mkfifo", pipe.to_str().unwrap()]);
    std::os::unix::fs::symlink(&pipe, linked_fifo.path().join(ECON)).unwrap();
    cases.push(("a FIFO (named pipe)", linked_fifo));
    if may_mknod() {
        // Endless zeros: a read that never ends.
        let device = Folder::minimal();
        let zero = device.outputs.path().join("zero");
        make(&["mknod", zero.to_str().unwrap(), "c", "1", "5"]);
        std::os::unix::fs::symlink(&zero, device.path().join(ECON)).unwrap();
        cases.push(("a character device", device));
    }
    for (kind, folder) in &cases {
        let run = import_bounded(folder);
        assert_eq!(run.code, 2, "{kind}: {}", run.all());
        let errors = error_lines(&run);
        assert_eq!(
            errors,
            [format!(
                "error: {ECON}: cannot be read: it is {kind}, not a regular file; import reads \
                 regular files only"
            )],
            "{}",
            run.stderr
        );
        assert!(!folder.output("x.db").exists());
    }
}

/// The lines of an import's standard error that state an error.
fn error_lines(run: &common::Run) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect()
}
