//! The sheet as an Excel workbook (.xlsx), what a Swedish office opens
//! without an import dialog: one worksheet named after the view, the same
//! columns as the CSV export (level, the table's columns with the unit in
//! the header, period and source), the header row bold and frozen.
//!
//! Numbers are written as numbers with a number format that shows as many
//! decimals as the column's figures carry (`#,##0.0` for `-537.6`), which
//! Excel shows with the reader's own separators (`−537,6` in Swedish).
//! A number a double cannot hold exactly (more than 15 significant digits)
//! is written as its exact text instead, so no figure changes on the way.
//! Texts are always written as strings, never as formulas, so a text that
//! looks like one (`=SUM(A1)`) stays text without the CSV's leading `'`.
//!
//! The workbook carries a custom document property ([`MARK_NAME`]) by which
//! `render -o` recognises an earlier tertial workbook it may replace.

use super::{Body, Fields, Grid, Sheet, Value};
use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::io::Read;
use std::path::Path;

/// The custom document property every tertial workbook carries.
pub const MARK_NAME: &str = "tertial-export";
/// Its value: the export format's version (docs/export-format.md).
pub const MARK_VALUE: &str = "1";

/// Characters Excel does not allow in a worksheet's name.
const NOT_IN_SHEET_NAMES: [char; 7] = ['[', ']', ':', '*', '?', '/', '\\'];
/// The longest worksheet name Excel allows.
const SHEET_NAME_MAX: usize = 31;
/// The most decimals a number format shows.
const DECIMALS_MAX: u32 = 6;
/// The widest column made, in characters.
const WIDTH_MAX: usize = 60;

/// The sheet as the bytes of an .xlsx file.
pub fn xlsx(sheet: &Sheet) -> Result<Vec<u8>, String> {
    build(sheet).map_err(|e| format!("the workbook could not be made: {e}"))
}

fn build(sheet: &Sheet) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let mut properties = DocProperties::new()
        .set_title(sheet.path.join(" › "))
        .set_custom_property(MARK_NAME, MARK_VALUE);
    if let Some(p) = &sheet.period {
        properties = properties.set_subject(p.label.as_str());
    }
    workbook.set_properties(&properties);
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(sheet_name(&sheet.title))?;
    let bold = Format::new().set_bold();
    let mut widths = Widths::default();
    let header = match &sheet.body {
        Body::Table(grid) => table(worksheet, grid, &mut widths)?,
        Body::Detail(fields) => detail(worksheet, fields, &mut widths)?,
    };
    for (c, title) in header.iter().enumerate() {
        worksheet.write_string_with_format(0, col(c), title, &bold)?;
        widths.see(c, title);
    }
    worksheet.set_freeze_panes(1, 0)?;
    for (c, width) in widths.0.iter().enumerate() {
        worksheet.set_column_width(col(c), (*width).clamp(6, WIDTH_MAX) as f64 + 1.0)?;
    }
    workbook.save_to_buffer()
}

/// A worksheet name from a view's title: the characters Excel refuses
/// made `-`, at most 31 characters, not beginning or ending with `'`,
/// and never empty ("Ekonomi (mkr)" stays as it is).
pub fn sheet_name(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| {
            if NOT_IN_SHEET_NAMES.contains(&c) || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect();
    let short: String = cleaned.trim().chars().take(SHEET_NAME_MAX).collect();
    let name = short.trim_matches('\'').trim().to_string();
    // "History" is reserved by Excel in any case.
    if name.is_empty() || name.eq_ignore_ascii_case("history") {
        "tertial".to_string()
    } else {
        name
    }
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn row(r: usize) -> u32 {
    u32::try_from(r + 1).unwrap_or(u32::MAX)
}

/// Each column's widest text, in characters.
#[derive(Default)]
struct Widths(Vec<usize>);

impl Widths {
    fn see(&mut self, c: usize, text: &str) {
        if self.0.len() <= c {
            self.0.resize(c + 1, 0);
        }
        let longest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        self.0[c] = self.0[c].max(longest);
    }
}

/// The number format that shows `decimals` decimals, with thousands
/// grouping: `#,##0`, `#,##0.0`, …
fn number_format(decimals: u32) -> Format {
    let mut code = "#,##0".to_string();
    if decimals > 0 {
        code.push('.');
        code.push_str(&"0".repeat(decimals as usize));
    }
    Format::new().set_num_format(code)
}

/// The decimals a number carries once its trailing zeros are dropped.
fn decimals(value: &Decimal) -> u32 {
    value.normalize().scale().min(DECIMALS_MAX)
}

/// Writes one value; a number in `format` (a date in `dates`).
fn write_value(
    worksheet: &mut Worksheet,
    (r, c): (u32, u16),
    value: &Value,
    (format, dates): (&Format, &Format),
) -> Result<String, XlsxError> {
    match value {
        Value::Empty => Ok(String::new()),
        Value::Text(t) => {
            worksheet.write_string(r, c, t)?;
            Ok(t.clone())
        }
        Value::Number(n) => {
            let exact = super::number(*n, super::Mark::Point);
            match exactly_f64(*n) {
                Some(f) => worksheet.write_number_with_format(r, c, f, format)?,
                None => worksheet.write_string(r, c, &exact)?,
            };
            Ok(exact)
        }
        Value::Date(d) => {
            use chrono::Datelike;
            let shown = d.format("%Y-%m-%d").to_string();
            let (Ok(y), Ok(m), Ok(day)) = (
                u16::try_from(d.year()),
                u8::try_from(d.month()),
                u8::try_from(d.day()),
            ) else {
                worksheet.write_string(r, c, &shown)?;
                return Ok(shown);
            };
            match ExcelDateTime::from_ymd(y, m, day) {
                Ok(date) => worksheet.write_datetime_with_format(r, c, date, dates)?,
                // Before 1900 or after 9999: Excel has no such date.
                Err(_) => worksheet.write_string(r, c, &shown)?,
            };
            Ok(shown)
        }
    }
}

/// The double that is the decimal exactly as written (its shortest form
/// reads back as the same number), or `None` where a double cannot hold it.
fn exactly_f64(value: Decimal) -> Option<f64> {
    let text = super::number(value, super::Mark::Point);
    let f: f64 = text.parse().ok()?;
    let back: Decimal = format!("{f}").parse().ok()?;
    (f.is_finite() && back.normalize() == value.normalize()).then_some(f)
}

fn table(
    worksheet: &mut Worksheet,
    grid: &Grid,
    widths: &mut Widths,
) -> Result<Vec<String>, XlsxError> {
    let (header, _) = super::grid_records(grid, super::Mark::Point, false);
    let dates = Format::new().set_num_format("yyyy-mm-dd");
    let formats: Vec<Format> = grid
        .columns
        .iter()
        .enumerate()
        .map(|(c, _)| column_format(grid, c))
        .collect();
    for (i, line) in grid.rows.iter().enumerate() {
        let r = row(i);
        let mut c = 0;
        worksheet.write_number(r, col(c), f64::from(line.level))?;
        c += 1;
        for (k, column) in grid.columns.iter().enumerate() {
            let value = line.cells.get(k).unwrap_or(&Value::Empty);
            let shown = write_value(worksheet, (r, col(c)), value, (&formats[k], &dates))?;
            widths.see(c, &shown);
            c += 1;
            if let Some(units) = &column.unit_column {
                if let Some(Some(unit)) = units.get(i) {
                    worksheet.write_string(r, col(c), unit)?;
                    widths.see(c, unit);
                }
                c += 1;
            }
        }
        for text in [
            line.as_of.as_ref().map(|p| p.label.as_str()),
            line.source.as_ref().map(|s| s.text.as_str()),
        ] {
            if let Some(text) = text.filter(|t| !t.is_empty()) {
                worksheet.write_string(r, col(c), text)?;
                widths.see(c, text);
            }
            c += 1;
        }
    }
    Ok(header)
}

/// A column's number format: as many decimals as its most precise figure.
fn column_format(grid: &Grid, c: usize) -> Format {
    let most = grid
        .rows
        .iter()
        .filter_map(|r| match r.cells.get(c) {
            Some(Value::Number(n)) => Some(decimals(n)),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    number_format(most)
}

fn detail(
    worksheet: &mut Worksheet,
    fields: &Fields,
    widths: &mut Widths,
) -> Result<Vec<String>, XlsxError> {
    let (header, _) = super::detail_records(fields, super::Mark::Point, false);
    let dates = Format::new().set_num_format("yyyy-mm-dd");
    let mut i = 0;
    for field in &fields.fields {
        let r = row(i);
        worksheet.write_string(r, 0, &field.label)?;
        widths.see(0, &field.label);
        let format = match &field.value {
            Value::Number(n) => number_format(decimals(n)),
            _ => Format::new(),
        };
        let shown = write_value(worksheet, (r, 1), &field.value, (&format, &dates))?;
        widths.see(1, &shown);
        if let Some(unit) = &field.unit {
            worksheet.write_string(r, 2, unit)?;
        }
        worksheet.write_string(r, 3, &field.shown)?;
        widths.see(3, &field.shown);
        i += 1;
    }
    let wrapped = Format::new().set_text_wrap();
    for (heading, body) in &fields.sections {
        let r = row(i);
        worksheet.write_string(r, 0, heading)?;
        widths.see(0, heading);
        worksheet.write_string_with_format(r, 1, body, &wrapped)?;
        worksheet.write_string_with_format(r, 3, body, &wrapped)?;
        i += 1;
    }
    Ok(header)
}

/// Whether the file at `path` is a workbook tertial wrote: a zip whose
/// custom document properties carry [`MARK_NAME`]. Reads at most 64 KiB
/// of that one part, so a hostile archive costs nothing.
pub fn is_tertial_workbook(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(mut archive) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return false;
    };
    let Ok(part) = archive.by_name("docProps/custom.xml") else {
        return false;
    };
    let mut text = String::new();
    if part.take(64 * 1024).read_to_string(&mut text).is_err() {
        return false;
    }
    text.contains(&format!("name=\"{MARK_NAME}\""))
}

#[cfg(test)]
mod tests {
    use super::super::{Column, Field, PeriodRef, Row, SourceRef};
    use super::*;
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    use std::io::Cursor;

    fn number(text: &str) -> Value {
        Value::Number(text.parse().unwrap())
    }

    fn column(title: &str, unit: Option<&str>, numeric: bool) -> Column {
        Column {
            title: title.into(),
            unit: unit.map(String::from),
            numeric,
            unit_column: None,
        }
    }

    fn sheet(title: &str, body: Body) -> Sheet {
        Sheet {
            pane: "ekonomi".into(),
            title: title.into(),
            path: vec![title.into()],
            period: Some(PeriodRef {
                id: "2025-10".into(),
                label: "ack oktober 2025".into(),
            }),
            compare: None,
            money_unit: "mkr".into(),
            caption: None,
            body,
        }
    }

    fn table() -> Sheet {
        let row = |id: &str, level, cells: Vec<Value>, source: Option<&str>| Row {
            id: id.into(),
            level,
            heading: false,
            cells,
            as_of: Some(PeriodRef {
                id: "2025-08".into(),
                label: "aug 2025".into(),
            }),
            source: source.map(|t| SourceRef {
                text: t.into(),
                ..SourceRef::default()
            }),
        };
        let grid = Grid {
            columns: vec![
                column("Enhet", None, false),
                column("Avvikelse", Some("mkr"), true),
                column("Beräknat helår", Some("mkr"), true),
                column("Beslut", None, false),
            ],
            rows: vec![
                row(
                    "hsn",
                    0,
                    vec![
                        Value::Text("HSN".into()),
                        number("-448"),
                        number("-537.600000"),
                        Value::Date(chrono::NaiveDate::from_ymd_opt(2025, 9, 30).unwrap()),
                    ],
                    Some("HSN delårsrapport per augusti 2025, s. 12"),
                ),
                row(
                    "x",
                    1,
                    vec![
                        Value::Text("=HYPERLINK(\"http://x\";\"klick\")".into()),
                        number("-3"),
                        // More digits than a double holds: its exact text.
                        number("12345678901234567.8"),
                        Value::Text("+46 70".into()),
                    ],
                    None,
                ),
            ],
        };
        sheet("Ekonomi (mkr)", Body::Table(grid))
    }

    fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
        open_workbook_from_rs(Cursor::new(bytes)).unwrap()
    }

    /// A part of the workbook's zip, as text.
    fn part(bytes: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn a_table_reads_back_with_its_types_headers_and_sheet_name() {
        let bytes = xlsx(&table()).unwrap();
        let mut book = open(bytes);
        assert_eq!(book.sheet_names(), ["Ekonomi (mkr)"]);
        let range = book.worksheet_range("Ekonomi (mkr)").unwrap();
        let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        let header: Vec<Data> = (0..7).map(|c| cell(0, c)).collect();
        let strings = |names: &[&str]| -> Vec<Data> {
            names.iter().map(|n| Data::String((*n).into())).collect()
        };
        assert_eq!(
            header,
            strings(&[
                "Nivå",
                "Enhet",
                "Avvikelse (mkr)",
                "Beräknat helår (mkr)",
                "Beslut",
                "Period",
                "Källa"
            ])
        );
        assert_eq!(cell(1, 0), Data::Float(0.0), "the level is a number");
        assert_eq!(cell(1, 1), Data::String("HSN".into()));
        assert_eq!(cell(1, 2), Data::Float(-448.0));
        assert_eq!(cell(1, 3), Data::Float(-537.6), "a number, not text");
        match cell(1, 4) {
            Data::DateTime(d) => assert_eq!(d.as_f64(), 45930.0, "2025-09-30"),
            other => panic!("a date cell, not {other:?}"),
        }
        assert_eq!(cell(1, 5), Data::String("aug 2025".into()));
        assert_eq!(
            cell(1, 6),
            Data::String("HSN delårsrapport per augusti 2025, s. 12".into())
        );
        assert_eq!(
            cell(2, 1),
            Data::String("=HYPERLINK(\"http://x\";\"klick\")".into()),
            "a formula-looking text stays the text, without a leading '"
        );
        assert_eq!(cell(2, 2), Data::Float(-3.0));
        assert_eq!(cell(2, 3), Data::String("12345678901234567.8".into()));
        assert_eq!(cell(2, 4), Data::String("+46 70".into()));
        let formulas = book.worksheet_formula("Ekonomi (mkr)").unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "no cell is a formula"
        );
    }

    #[test]
    fn numbers_show_their_decimals_and_the_header_row_is_frozen() {
        let bytes = xlsx(&table()).unwrap();
        let styles = part(&bytes, "xl/styles.xml");
        assert!(styles.contains("formatCode=\"#,##0\""), "{styles}");
        assert!(styles.contains("formatCode=\"#,##0.0\""), "{styles}");
        assert!(styles.contains("formatCode=\"yyyy-mm-dd\""), "{styles}");
        let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
        assert!(
            sheet.contains("<pane ySplit=\"1\" topLeftCell=\"A2\"")
                && sheet.contains("state=\"frozen\""),
            "{sheet}"
        );
        // -537.6's cell has the one-decimal format, -448's the whole-number
        // format of its own column.
        let style_of = |cell: &str| {
            let at = sheet.find(&format!("<c r=\"{cell}\"")).unwrap();
            let rest = &sheet[at..];
            let s = rest.find(" s=\"").unwrap();
            rest[s + 4..].split('"').next().unwrap().to_string()
        };
        assert_ne!(style_of("C2"), style_of("D2"));
        let custom = part(&bytes, "docProps/custom.xml");
        assert!(custom.contains("name=\"tertial-export\""), "{custom}");
    }

    #[test]
    fn a_detail_is_field_value_unit_and_as_shown() {
        let fields = Fields {
            fields: vec![Field {
                label: "Avvikelse".into(),
                value: number("-448"),
                unit: Some("mkr".into()),
                shown: "−448 mkr".into(),
            }],
            sections: vec![("Analys".into(), "Rad ett\nRad två".into())],
        };
        let mut book = open(xlsx(&sheet("HSN", Body::Detail(fields))).unwrap());
        let range = book.worksheet_range("HSN").unwrap();
        let row = |r: u32| -> Vec<Data> {
            (0..4)
                .map(|c| range.get_value((r, c)).cloned().unwrap_or(Data::Empty))
                .collect()
        };
        let s = |t: &str| Data::String(t.into());
        assert_eq!(
            row(0),
            [s("Fält"), s("Värde"), s("Enhet"), s("Som det visas")]
        );
        assert_eq!(
            row(1),
            [s("Avvikelse"), Data::Float(-448.0), s("mkr"), s("−448 mkr")]
        );
        assert_eq!(
            row(2),
            [
                s("Analys"),
                s("Rad ett\nRad två"),
                Data::Empty,
                s("Rad ett\nRad två")
            ]
        );
    }

    #[test]
    fn sheet_names_are_what_excel_accepts() {
        assert_eq!(sheet_name("Ekonomi (mkr)"), "Ekonomi (mkr)");
        assert_eq!(
            sheet_name("HSN: kostnadsslag [mkr]"),
            "HSN- kostnadsslag -mkr-"
        );
        assert_eq!(sheet_name("a/b\\c*d?e"), "a-b-c-d-e");
        let long = sheet_name(&"Vårdplatser".repeat(5));
        assert_eq!(long.chars().count(), 31);
        assert_eq!(sheet_name("'citat'"), "citat");
        assert_eq!(sheet_name(""), "tertial");
        assert_eq!(sheet_name("History"), "tertial");
        // Each is accepted by the writer as a worksheet name.
        for title in ["HSN: kostnadsslag [mkr]", &"Å".repeat(40), "'"] {
            let mut book = Workbook::new();
            assert!(book.add_worksheet().set_name(sheet_name(title)).is_ok());
        }
    }

    #[test]
    fn only_a_workbook_with_the_mark_is_recognised() {
        let dir = tempfile::tempdir().unwrap();
        let ours = dir.path().join("ours.xlsx");
        std::fs::write(&ours, xlsx(&table()).unwrap()).unwrap();
        assert!(is_tertial_workbook(&ours));
        let theirs = dir.path().join("theirs.xlsx");
        let mut other = Workbook::new();
        other.add_worksheet().write_string(0, 0, "Budget").unwrap();
        std::fs::write(&theirs, other.save_to_buffer().unwrap()).unwrap();
        assert!(!is_tertial_workbook(&theirs));
        let text = dir.path().join("text.xlsx");
        std::fs::write(&text, "Nivå,Enhet\n").unwrap();
        assert!(!is_tertial_workbook(&text));
        assert!(!is_tertial_workbook(&dir.path().join("missing.xlsx")));
    }

    #[test]
    fn exact_doubles_only() {
        let d = |t: &str| t.parse::<Decimal>().unwrap();
        assert_eq!(exactly_f64(d("-537.600")), Some(-537.6));
        assert_eq!(exactly_f64(d("7058.123456")), Some(7058.123456));
        assert_eq!(exactly_f64(d("12345678901234567.8")), None);
    }
}
