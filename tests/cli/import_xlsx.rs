//! `tertial import BOOK.xlsx`: a workbook with one sheet per table, made
//! here from the sample's CSV files with a writer crate (numbers and dates
//! stored as Excel numbers, as finance systems write them), imports to the
//! same snapshot as the folder; problems name sheet, row and column.

use crate::common;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::{Path, PathBuf};

/// The sample's CSV files, each as (sheet name, records).
fn sample_tables() -> Vec<(String, Vec<Vec<String>>)> {
    let dir = common::repo().join("assets/sample");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|path| {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&path).unwrap();
            let text = String::from_utf8(bytes).unwrap();
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
            let records = csv::ReaderBuilder::new()
                .delimiter(b';')
                .has_headers(false)
                .from_reader(text.as_bytes())
                .records()
                .map(|r| r.unwrap().iter().map(String::from).collect())
                .collect();
            (stem, records)
        })
        .collect()
}

/// A cell's text as an Excel number where it reads back as the same
/// figure (`-448`, `-4,7` → -4.7), else `None`.
fn as_number(text: &str) -> Option<f64> {
    let point = text.replace(',', ".");
    let f: f64 = point.parse().ok()?;
    (format!("{f}") == point).then_some(f)
}

/// A `YYYY-MM-DD` text as an Excel date.
fn as_date(text: &str) -> Option<ExcelDateTime> {
    let parts: Vec<&str> = text.split('-').collect();
    if text.len() != 10 || parts.len() != 3 {
        return None;
    }
    ExcelDateTime::from_ymd(
        parts[0].parse().ok()?,
        parts[1].parse().ok()?,
        parts[2].parse().ok()?,
    )
    .ok()
}

/// Writes `tables` as a workbook: numbers and dates as Excel stores them,
/// every other cell as a string.
fn write_workbook(path: &Path, tables: &[(String, Vec<Vec<String>>)]) {
    let mut book = Workbook::new();
    let dates = Format::new().set_num_format("yyyy-mm-dd");
    for (name, records) in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        for (r, record) in records.iter().enumerate() {
            let r = u32::try_from(r).unwrap();
            for (c, text) in record.iter().enumerate() {
                let c = u16::try_from(c).unwrap();
                if text.is_empty() {
                    continue;
                }
                if r == 0 {
                    sheet.write_string(r, c, text).unwrap();
                } else if let Some(date) = as_date(text) {
                    sheet
                        .write_datetime_with_format(r, c, date, &dates)
                        .unwrap();
                } else if let Some(f) = as_number(text) {
                    sheet.write_number(r, c, f).unwrap();
                } else {
                    sheet.write_string(r, c, text).unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}

#[test]
fn a_workbook_of_the_sample_imports_to_the_same_snapshot_as_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let tables = sample_tables();
    assert!(tables.iter().any(|(n, _)| n == "economy_fact.s000"));
    let book = dir.path().join("sample.xlsx");
    write_workbook(&book, &tables);
    let (from_csv, from_xlsx) = (dir.path().join("csv.db"), dir.path().join("xlsx.db"));
    let sample = common::repo().join("assets/sample");
    for (input, out) in [(sample.as_path(), &from_csv), (book.as_path(), &from_xlsx)] {
        let run = common::import(input, out);
        assert_eq!(run.code, 0, "{}: {}", input.display(), run.all());
        assert!(run.stdout.contains("wrote "), "{}", run.stdout);
    }
    let diff = common::tertial(&[
        "diff",
        from_csv.to_str().unwrap(),
        from_xlsx.to_str().unwrap(),
    ]);
    assert_eq!(diff.code, 0, "no differences: {}", diff.all());
    assert!(diff.stdout.contains("no differences"), "{}", diff.stdout);
}

#[test]
fn a_problem_in_a_workbook_names_sheet_row_and_column_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut tables = sample_tables();
    let (_, economy) = tables
        .iter_mut()
        .find(|(n, _)| n == "economy_fact.s000")
        .unwrap();
    let deviation = economy[0].iter().position(|h| h == "deviation").unwrap();
    economy[2][deviation] = "12,3,4".into();
    let book = dir.path().join("budget.xlsx");
    write_workbook(&book, &tables);
    let out = dir.path().join("out.db");
    let run = common::import(&book, &out);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.contains(
            "error: budget.xlsx, sheet 'economy_fact.s000', row 3: column 'deviation': value \
             '12,3,4': "
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("more than one decimal mark"),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "nothing written");
    assert_eq!(
        common::leftovers(dir.path(), &["budget.xlsx"]),
        Vec::<String>::new()
    );
}

#[test]
fn a_sheet_that_is_no_table_and_a_file_that_is_no_workbook_are_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let mut tables = sample_tables();
    tables.push(("Instruktioner".into(), vec![vec!["Läs mig".into()]]));
    let book = dir.path().join("extra.xlsx");
    write_workbook(&book, &tables);
    let out = dir.path().join("out.db");
    let run = common::import(&book, &out);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr
            .contains("error: extra.xlsx, sheet 'Instruktioner': not a table of the format"),
        "{}",
        run.stderr
    );
    let fake = dir.path().join("fake.xlsx");
    std::fs::write(&fake, "period_id;org_unit_id\n").unwrap();
    let run = common::import(&fake, &out);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr
            .contains("fake.xlsx: cannot be read: it is not an .xlsx workbook"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
}
