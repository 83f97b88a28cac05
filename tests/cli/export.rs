//! `tertial render --format`: the table in view as data, read back with a
//! CSV reader and a JSON parser, held to docs/export-format.md; bad input;
//! hostile text inert in every format.

use crate::common;

use common::{repo, tertial};
use serde_json::Value;

fn render(args: &[&str]) -> String {
    common::output_of("render", args)
}

/// Records of a CSV (or, with `b'\t'`, TSV) text, header first.
fn records(text: &str, delimiter: u8) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

/// The value in `column` of the record whose second field is `name`.
fn field<'a>(records: &'a [Vec<String>], name: &str, column: &str) -> &'a str {
    let at = records[0]
        .iter()
        .position(|h| h == column)
        .unwrap_or_else(|| panic!("no column {column}: {:?}", records[0]));
    let row = records
        .iter()
        .find(|r| r[1] == name)
        .unwrap_or_else(|| panic!("no row {name}"));
    &row[at]
}

#[test]
fn csv_has_every_row_full_names_exact_numbers_units_periods_and_sources() {
    // At 60×12 only a few rows fit and names are cut on screen.
    let text = render(&[
        "ekonomi", "--demo", "--period", "2025-10", "--size", "60x12", "--keys", "j<Enter>",
        "--format", "csv",
    ]);
    let records = records(&text, b',');
    let header = &records[0];
    assert_eq!(header[0], "Nivå");
    assert_eq!(header[1], "Kostnadsslag");
    assert!(
        header.contains(&"Avvikelse (mkr)".to_string()),
        "{header:?}"
    );
    assert_eq!(header[header.len() - 2..], ["Period", "Källa"]);
    let material = "Medicinskt material och produktionsmaterial";
    assert_eq!(field(&records, material, "Avvikelse (mkr)"), "-107");
    assert_eq!(field(&records, material, "Nivå"), "2");
    assert_eq!(field(&records, material, "Period"), "ack oktober 2025");
    assert!(field(&records, material, "Källa").starts_with("HSN Resultatuppföljning oktober 2025"));
    assert_eq!(
        field(&records, "Totalt", "Beräknat helår (mkr)"),
        "-537.6",
        "exact, not the screen's rounding"
    );
    assert_eq!(
        field(&records, "Totalt", "Per"),
        "aug 2025",
        "the as-of mark"
    );
    assert!(records.iter().all(|r| r.len() == header.len()));
    let screen_rows = render(&[
        "ekonomi", "--demo", "--period", "2025-10", "--size", "60x12", "--keys", "j<Enter>",
    ]);
    assert!(
        !screen_rows.contains(material),
        "the screen cuts it; the data does not"
    );
}

#[test]
fn tsv_has_a_decimal_comma_and_decimal_chooses_the_mark() {
    let args = [
        "ekonomi", "--demo", "--period", "2025-10", "--keys", "j<Enter>",
    ];
    let tsv = render(&[&args[..], &["--format", "tsv"]].concat());
    let records = records(&tsv, b'\t');
    assert_eq!(field(&records, "Totalt", "Beräknat helår (mkr)"), "-537,6");
    let csv = render(&[&args[..], &["--format", "csv", "--decimal", "comma"]].concat());
    let records = self::records(&csv, b',');
    assert_eq!(field(&records, "Totalt", "Beräknat helår (mkr)"), "-537,6");
    let tsv = render(&[&args[..], &["--format", "tsv", "--decimal", "point"]].concat());
    assert_eq!(
        field(
            &self::records(&tsv, b'\t'),
            "Totalt",
            "Beräknat helår (mkr)"
        ),
        "-537.6"
    );
}

/// The keys and the type of every value in `value`, recursively, with the
/// first element standing for an array's elements; `null` matches anything
/// (the document writes a member as null where it may be).
fn conforms(value: &Value, shape: &Value, at: &str) -> Result<(), String> {
    match (value, shape) {
        (_, Value::Null) | (Value::Null, _) => Ok(()),
        (Value::Object(v), Value::Object(s)) => {
            let keys = |m: &serde_json::Map<String, Value>| {
                let mut k: Vec<String> = m.keys().cloned().collect();
                k.sort();
                k
            };
            if keys(v) != keys(s) {
                return Err(format!(
                    "{at}: members {:?}, documented {:?}",
                    keys(v),
                    keys(s)
                ));
            }
            v.iter()
                .try_for_each(|(k, x)| conforms(x, &s[k], &format!("{at}.{k}")))
        }
        (Value::Array(v), Value::Array(s)) => match s.first() {
            None => Ok(()),
            Some(first) => v.iter().enumerate().try_for_each(|(i, x)| {
                // Cells mix numbers and strings: any scalar against a scalar.
                let scalar = |x: &Value| !x.is_object() && !x.is_array();
                if scalar(x) && s.iter().any(scalar) {
                    Ok(())
                } else {
                    conforms(x, first, &format!("{at}[{i}]"))
                }
            }),
        },
        (Value::String(_), Value::String(_))
        | (Value::Number(_), Value::Number(_))
        | (Value::Bool(_), Value::Bool(_)) => Ok(()),
        // A field's value is a number, a text or a date, as a cell is.
        (Value::String(_) | Value::Number(_), Value::String(_) | Value::Number(_))
            if at.ends_with(".value") =>
        {
            Ok(())
        }
        _ => Err(format!("{at}: {value} where the document has {shape}")),
    }
}

/// The ```json blocks of docs/export-format.md.
fn documented_shapes() -> Vec<Value> {
    let doc = std::fs::read_to_string(repo().join("docs/export-format.md")).unwrap();
    doc.split("```json\n")
        .skip(1)
        .map(|block| serde_json::from_str(block.split("```").next().unwrap()).unwrap())
        .collect()
}

#[test]
fn json_validates_against_the_documented_shape() {
    let shapes = documented_shapes();
    assert_eq!(shapes.len(), 2, "a table and a detail");
    let table: Value = serde_json::from_str(&render(&[
        "ekonomi", "--demo", "--period", "2025-10", "--keys", "j<Enter>", "--format", "json",
    ]))
    .unwrap();
    conforms(&table, &shapes[0], "").unwrap();
    assert_eq!(table["format"], "tertial-export");
    assert_eq!(table["version"], 1);
    let rows = table["table"]["rows"].as_array().unwrap();
    let material = rows.iter().find(|r| r["id"] == "material").unwrap();
    assert_eq!(
        material["cells"][0],
        "Medicinskt material och produktionsmaterial"
    );
    let columns = table["table"]["columns"].as_array().unwrap();
    let deviation = columns
        .iter()
        .position(|c| c["title"] == "Avvikelse")
        .unwrap();
    assert_eq!(material["cells"][deviation].to_string(), "-107");
    assert_eq!(columns[deviation]["unit"], "mkr");
    // Every pane's first screen conforms too.
    for pane in ["oversikt", "mal", "uppdrag", "vardplatser"] {
        let json: Value = serde_json::from_str(&render(&[
            pane, "--demo", "--period", "2025-08", "--format", "json",
        ]))
        .unwrap();
        conforms(&json, &shapes[0], pane).unwrap();
    }
    let detail: Value = serde_json::from_str(&render(&[
        "ekonomi", "--demo", "--period", "2025-10", "--keys", "ji", "--format", "json",
    ]))
    .unwrap();
    conforms(&detail, &shapes[1], "detail").unwrap();
    let fields = detail["detail"]["fields"].as_array().unwrap();
    let deviation = fields.iter().find(|f| f["label"] == "Avvikelse").unwrap();
    assert_eq!(deviation["value"].to_string(), "-448");
    assert_eq!(deviation["shown"], "−448 mkr");
}

/// Every pane (Nyckeltal too) in every data format: the same rows in each,
/// a row of the pane's own among them, the documented columns around the
/// pane's, and JSON of the documented shape.
#[test]
fn every_pane_exports_the_same_rows_in_every_format() {
    let shapes = documented_shapes();
    for (pane, a_row) in [
        ("oversikt", "Budgetavvikelse HSN"),
        ("ekonomi", "Sjukhusvård"),
        ("mal", "1 Trygga uppväxtvillkor"),
        (
            "uppdrag",
            "Fast läkarkontakt – 1100 patienter per specialist",
        ),
        ("vardplatser", "Rörelseorganens centrum *"),
        (
            "nyckeltal",
            "Beroende hyrpersonal, andel av egna personalkostnader (SKR-mått)",
        ),
    ] {
        let of =
            |format: &str| render(&[pane, "--demo", "--period", "2025-10", "--format", format]);
        let csv = records(&of("csv"), b',');
        let header = &csv[0];
        assert_eq!(header[0], "Nivå", "{pane}: {header:?}");
        assert_eq!(header[header.len() - 2..], ["Period", "Källa"], "{pane}");
        assert!(
            csv.iter().all(|r| r.len() == header.len()),
            "{pane}: ragged"
        );
        let rows = csv.len() - 1;
        assert!(
            csv.iter().skip(1).any(|r| r[1] == a_row),
            "{pane}: no row {a_row:?} in {csv:?}"
        );
        let tsv = records(&of("tsv"), b'\t');
        assert_eq!(&tsv[0], header, "{pane}: the same columns in TSV");
        assert_eq!(tsv.len() - 1, rows, "{pane}: TSV rows");
        let excel = of("csv-excel");
        let excel = records(excel.strip_prefix('\u{feff}').unwrap(), b';');
        assert_eq!(&excel[0], header, "{pane}: the same columns in Excel's CSV");
        assert_eq!(excel.len() - 1, rows, "{pane}: Excel's CSV rows");
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("vy.xlsx");
        let run = tertial(&[
            "render",
            pane,
            "--demo",
            "--period",
            "2025-10",
            "--format",
            "xlsx",
            "-o",
            book.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{pane}: {}", run.all());
        let cells = workbook_rows(&book);
        let titles: Vec<String> = cells[0].iter().map(ToString::to_string).collect();
        assert_eq!(&titles, header, "{pane}: the same columns in the workbook");
        assert_eq!(cells.len() - 1, rows, "{pane}: workbook rows");
        let json: Value = serde_json::from_str(&of("json")).unwrap();
        conforms(&json, &shapes[0], pane).unwrap();
        let json_rows = json["table"]["rows"].as_array().unwrap();
        assert_eq!(json_rows.len(), rows, "{pane}: JSON rows");
        assert!(
            json_rows.iter().any(|r| r["cells"][0] == a_row),
            "{pane}: {a_row:?} in the JSON"
        );
        let md = of("md");
        // Markdown escapes its own marks (`*` as `\*`).
        let a_row = a_row.replace('*', "\\*");
        let table: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
        // A header line and the line under it, then one line per row.
        assert_eq!(table.len(), rows + 2, "{pane}: Markdown rows:\n{md}");
        assert!(
            table.iter().any(|l| l.contains(&format!("| {a_row} |"))
                || l.contains(&format!("\u{2003}{a_row} |"))),
            "{pane}: {a_row:?} in the Markdown:\n{md}"
        );
    }
}

#[test]
fn goals_export_judgements_as_words_with_the_period_they_come_from() {
    let text = render(&[
        "mal", "--demo", "--period", "2025-10", "--keys", "o", "--format", "csv",
    ]);
    let records = records(&text, b',');
    let delmal = records
        .iter()
        .find(|r| r[1].starts_with("HSN") && r.iter().any(|c| c == "Inte"))
        .unwrap_or_else(|| panic!("a red delmål: {records:?}"));
    let period = records[0].iter().position(|h| h == "Period").unwrap();
    assert_eq!(delmal[period], "ack augusti 2025", "as of August");
}

#[test]
fn markdown_is_a_table_with_indented_names() {
    let text = render(&["ekonomi", "--demo", "--period", "2025-10", "--format", "md"]);
    assert!(text.starts_with("## Ekonomi (mkr)\n"), "{text}");
    assert!(text.contains("| Enhet | Budget |"), "{text}");
    assert!(text.contains("| \u{2003}\u{2003}Sjukhusvård |"), "{text}");
}

/// The first worksheet's rows, as calamine reads them.
fn workbook_rows(path: &std::path::Path) -> Vec<Vec<calamine::Data>> {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range.rows().map(<[calamine::Data]>::to_vec).collect()
}

/// `render --format xlsx -o`: numbers as numbers, exact where the CSV
/// has them; an earlier workbook is replaced, another file is not; a pipe
/// gets the workbook's bytes.
#[test]
fn render_writes_a_workbook_that_reads_back_as_the_csv() {
    use calamine::Data;
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("ekonomi.xlsx");
    let args = |format: &str, out: Option<&str>| {
        let mut args = vec![
            "render", "ekonomi", "--demo", "--period", "2025-10", "--keys", "j<Enter>", "--format",
        ];
        args.push(format);
        if let Some(out) = out {
            args.extend(["-o", out]);
        }
        args.iter().map(ToString::to_string).collect::<Vec<_>>()
    };
    let run = |args: Vec<String>| tertial(&args.iter().map(String::as_str).collect::<Vec<_>>());
    for _ in 0..2 {
        let written = run(args("xlsx", Some(book.to_str().unwrap())));
        assert_eq!(
            written.code,
            0,
            "an earlier workbook is replaced: {}",
            written.all()
        );
    }
    let cells = workbook_rows(&book);
    let csv = records(&run(args("csv", None)).stdout, b',');
    for (row, record) in cells.iter().zip(&csv).skip(1) {
        for (cell, text) in row.iter().zip(record) {
            match cell {
                Data::Float(f) => assert_eq!(
                    text.parse::<f64>().unwrap(),
                    *f,
                    "a number as the CSV has it"
                ),
                Data::String(s) => assert_eq!(s, text),
                Data::Empty => assert_eq!(text, ""),
                other => panic!("unexpected cell {other:?}"),
            }
        }
    }
    let material = cells
        .iter()
        .find(|r| r[1] == Data::String("Medicinskt material och produktionsmaterial".into()))
        .unwrap();
    assert_eq!(material[0], Data::Float(2.0), "the level");
    let other = dir.path().join("budget.xlsx");
    std::fs::write(&other, b"PK not ours").unwrap();
    let refused = run(args("xlsx", Some(other.to_str().unwrap())));
    assert_eq!(refused.code, 2);
    assert!(
        refused
            .stderr
            .contains("is not an Excel workbook from tertial render or e"),
        "{}",
        refused.stderr
    );
    assert_eq!(std::fs::read(&other).unwrap(), b"PK not ours");
}

#[test]
fn unknown_formats_marks_periods_and_panes_are_one_sentence_and_exit_2() {
    for (args, says) in [
        (
            vec!["ekonomi", "--demo", "--format", "xls"],
            "unknown format 'xls'; choose one of: text, ansi, tsv, csv, csv-excel, json, md, xlsx",
        ),
        (
            vec![
                "ekonomi",
                "--demo",
                "--format",
                "csv",
                "--decimal",
                "semikolon",
            ],
            "unknown decimal mark 'semikolon'",
        ),
        (
            vec![
                "ekonomi", "--demo", "--format", "csv", "--period", "2031-01",
            ],
            "no period '2031-01'",
        ),
        (
            vec!["ekonomer", "--demo", "--format", "csv"],
            "unknown pane 'ekonomer'",
        ),
        (
            vec!["ekonomi", "--demo", "--format", "csv", "--color"],
            "cannot be used with",
        ),
    ] {
        let mut all = vec!["render"];
        all.extend(args.iter().copied());
        let run = tertial(&all);
        assert_eq!(run.code, 2, "{args:?}: {}", run.all());
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}");
    }
}

/// A copy of the sample whose Sjukhusvård is named like a formula with
/// markup, pipes and a line break, and whose Primärvård like another.
fn hostile_snapshot() -> (tempfile::TempDir, std::path::PathBuf) {
    common::sample_with(&[
        (
            "UPDATE org_unit SET name = ?1 WHERE id = 'hsn.sjukhusvard'",
            HOSTILE,
        ),
        (
            "UPDATE org_unit SET name = ?1 WHERE id = 'hsn.primarvard'",
            "+1+cmd|' /C calc'!A0",
        ),
    ])
}

const HOSTILE: &str =
    "=HYPERLINK(\"http://evil.example\",\"klick\") | <script>x</script>\n| a | b |";

#[test]
fn hostile_text_is_inert_in_every_format() {
    let (_dir, path) = hostile_snapshot();
    let path = path.to_str().unwrap();
    let base = ["ekonomi", "--snapshot", path, "--period", "2025-10"];
    // CSV and TSV: the formula is text; every record has the header's length.
    for (format, delimiter) in [("csv", b','), ("tsv", b'\t')] {
        let text = render(&[&base[..], &["--format", format]].concat());
        let records = records(&text, delimiter);
        let names: Vec<&str> = records.iter().map(|r| r[1].as_str()).collect();
        let hostile = names.iter().find(|n| n.contains("HYPERLINK")).unwrap();
        assert!(hostile.starts_with("'="), "{format}: {hostile}");
        let plus = names.iter().find(|n| n.contains("calc")).unwrap();
        assert!(plus.starts_with("'+"), "{format}: {plus}");
        assert!(
            records.iter().all(|r| r.len() == records[0].len()),
            "{format}"
        );
    }
    // JSON: parses, and the name is the sanitised text, whole.
    let json: Value =
        serde_json::from_str(&render(&[&base[..], &["--format", "json"]].concat())).unwrap();
    let row = json["table"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "hsn.sjukhusvard")
        .unwrap();
    let name = row["cells"][0].as_str().unwrap();
    assert!(
        name.starts_with("=HYPERLINK(\"http://evil.example\""),
        "{name}"
    );
    assert!(
        !name.contains('\n'),
        "the data layer made the line break visible: {name}"
    );
    // Markdown: every table line has as many unescaped pipes as the header.
    let md = render(&[&base[..], &["--format", "md"]].concat());
    let pipes = |line: &str| {
        let bytes = line.as_bytes();
        (0..bytes.len())
            .filter(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\'))
            .count()
    };
    let table: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
    assert!(table.len() > 3);
    assert!(table.iter().all(|l| pipes(l) == pipes(table[0])), "{md}");
    assert!(!md.contains("<script>"), "{md}");
    assert!(md.contains("\\<script\\>"), "{md}");
}

/// A name of 450 000 characters and an analysis of 900 kB are cut on
/// screen; no data format writes them cut: each refuses in one sentence,
/// with nothing on standard output.
#[test]
fn a_value_longer_than_tertial_reads_is_refused_not_cut() {
    let long_name = "N".repeat(450_000);
    let long_text = "A".repeat(900_000);
    let (_dir, path) = common::sample_with(&[
        (
            "UPDATE org_unit SET name = ?1 WHERE id = 'hsn.sjukhusvard'",
            &long_name,
        ),
        (
            "UPDATE economy_fact SET analysis = ?1 WHERE org_unit_id = 'hsn.primarvard'",
            &long_text,
        ),
    ]);
    let path = path.to_str().unwrap();
    // Every data format, as `render --format` names them.
    let data = tertial::export::Format::NAMES
        .into_iter()
        .filter(|(_, f)| f.is_data())
        .map(|(name, _)| name);
    for format in data {
        let run = tertial(&[
            "render",
            "ekonomi",
            "--snapshot",
            path,
            "--period",
            "2025-10",
            "--format",
            format,
        ]);
        assert_eq!(run.code, 2, "{format}: {}", run.all());
        assert!(run.stdout.is_empty(), "{format}: {}", run.stdout);
        assert_eq!(run.stderr.lines().count(), 1, "{format}: {}", run.stderr);
        assert!(
            run.stderr.contains("a data export carries whole values"),
            "{format}: {}",
            run.stderr
        );
    }
    // The same snapshot with whole values exports.
    let (_dir, path) = common::sample_with(&[(
        "UPDATE org_unit SET name = ?1 WHERE id = 'hsn.sjukhusvard'",
        &"N".repeat(300),
    )]);
    let run = tertial(&[
        "render",
        "ekonomi",
        "--snapshot",
        path.to_str().unwrap(),
        "--period",
        "2025-10",
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.contains(&"N".repeat(300)));
}
