//! Taking figures out of the cockpit as data: the table or detail in view as
//! a [`Sheet`] (full names, exact numbers, tree level, unit, period, as-of
//! mark and source per row), written as CSV, TSV, JSON or Markdown; the
//! clipboard's escape sequence (OSC 52); new files written atomically.
//!
//! Nothing here knows the terminal. The cockpit builds a sheet from its
//! screen (the cockpit's `ui::sheet`, in the `tertial` crate); `tertial report` uses the escaping.
//! Every text a sheet holds came through the data layer's sanitiser, and
//! each writer makes it inert in its own format besides: spreadsheet
//! formulas neutralised, JSON, Markdown and HTML escaped.

pub mod delimited;
pub mod file;
pub mod html;
pub mod json;
pub mod markdown;
pub mod osc52;
pub mod xlsx;

use crate::output::{Kind, head};
use rust_decimal::Decimal;

/// The output formats of `tertial render --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The screen as plain text (the default).
    Text,
    /// The screen with ANSI colours.
    Ansi,
    Tsv,
    Csv,
    /// CSV as a Swedish Excel opens it: `;`, decimal comma, UTF-8 with BOM.
    CsvExcel,
    Json,
    Markdown,
    /// An Excel workbook (bytes, not text).
    Xlsx,
}

impl Format {
    pub const NAMES: [(&'static str, Format); 8] = [
        ("text", Format::Text),
        ("ansi", Format::Ansi),
        ("tsv", Format::Tsv),
        ("csv", Format::Csv),
        ("csv-excel", Format::CsvExcel),
        ("json", Format::Json),
        ("md", Format::Markdown),
        ("xlsx", Format::Xlsx),
    ];

    pub fn parse(text: &str) -> Option<Format> {
        let wanted = text.trim().to_ascii_lowercase();
        Format::NAMES
            .iter()
            .find(|(n, _)| *n == wanted || (wanted == "markdown" && *n == "md"))
            .map(|(_, f)| *f)
    }

    /// Whether the format carries the data rather than the screen.
    pub fn is_data(self) -> bool {
        !matches!(self, Format::Text | Format::Ansi)
    }

    /// What `tertial render -o` writes in this format, for the output
    /// guard: an earlier table, detail or chart in the same format is
    /// recognised by its header and may be replaced; a screen as text
    /// carries no mark, so replacing any existing file with one needs
    /// `--force`.
    pub fn output_kind(self) -> Kind {
        match self {
            Format::Text | Format::Ansi => Kind {
                what: "a file tertial can recognise as its own (a screen carries no mark)",
                recognise: |_| false,
            },
            Format::Csv => Kind {
                what: "a CSV file from tertial render",
                recognise: |path| earlier_delimited(&head(path), ','),
            },
            Format::CsvExcel => Kind {
                what: "a CSV file (Excel dialect) from tertial render",
                recognise: |path| earlier_delimited(&head(path), ';'),
            },
            Format::Xlsx => Kind {
                what: "an Excel workbook from tertial render or e",
                recognise: xlsx::is_tertial_workbook,
            },
            Format::Tsv => Kind {
                what: "a TSV file from tertial render",
                recognise: |path| earlier_delimited(&head(path), '\t'),
            },
            Format::Json => Kind {
                what: "a JSON file from tertial render",
                recognise: |path| {
                    let head = head(path);
                    head.starts_with(b"{") && contains(&head, b"\"format\": \"tertial-export\"")
                },
            },
            Format::Markdown => Kind {
                what: "a Markdown table from tertial render",
                recognise: |path| {
                    let head = head(path);
                    let text = String::from_utf8_lossy(&head);
                    let mut lines = text.lines();
                    lines.next().is_some_and(|l| l.starts_with("## "))
                        && lines.nth(1).is_some_and(|l| l.starts_with("Period: "))
                },
            },
        }
    }

    /// The decimal mark a format uses unless told otherwise: a comma for
    /// TSV (what a Swedish Excel reads as a number), a point elsewhere.
    pub fn default_mark(self) -> Mark {
        match self {
            Format::Tsv | Format::CsvExcel => Mark::Comma,
            _ => Mark::Point,
        }
    }
}

/// What `e` writes in the cockpit (config `export_format`,
/// `--export-format`): an Excel workbook by default, or CSV in Excel's
/// Swedish dialect, or plain CSV for scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FileFormat {
    #[default]
    Xlsx,
    CsvExcel,
    Csv,
}

impl FileFormat {
    pub const NAMES: [&'static str; 3] = ["xlsx", "csv-excel", "csv"];

    pub fn parse(text: &str) -> Option<FileFormat> {
        match text.trim().to_ascii_lowercase().as_str() {
            "xlsx" => Some(FileFormat::Xlsx),
            "csv-excel" => Some(FileFormat::CsvExcel),
            "csv" => Some(FileFormat::Csv),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            FileFormat::Xlsx => "xlsx",
            FileFormat::CsvExcel => "csv-excel",
            FileFormat::Csv => "csv",
        }
    }

    /// The file name's extension.
    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Xlsx => "xlsx",
            FileFormat::CsvExcel | FileFormat::Csv => "csv",
        }
    }

    /// The sheet as this file's bytes (plain CSV with a decimal point).
    pub fn write(self, sheet: &Sheet) -> Result<Vec<u8>, ExportError> {
        let format = match self {
            FileFormat::Xlsx => Format::Xlsx,
            FileFormat::CsvExcel => Format::CsvExcel,
            FileFormat::Csv => Format::Csv,
        };
        write(sheet, format, Mark::Point)
    }
}

/// Whether a file's first bytes are a header row this module writes: a
/// table's or chart's (`Nivå` first) or a detail's.
fn earlier_delimited(head: &[u8], delimiter: char) -> bool {
    let head = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(head);
    let text = String::from_utf8_lossy(head);
    let first = text.lines().next().unwrap_or("");
    let d = delimiter;
    first.starts_with(&format!("Nivå{d}"))
        || first == format!("Fält{d}Värde{d}Enhet{d}Som det visas")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The sheet in a data format, as the bytes of the file; `Text` and
/// `Ansi` are the screen's, not a sheet's, and give the Markdown table as
/// the nearest text. Refused when the sheet holds a value the data layer
/// cut ([`Sheet::whole`]). The Excel dialect of CSV always has a decimal
/// comma and an xlsx workbook holds numbers, so `mark` does not apply to
/// them.
pub fn write(sheet: &Sheet, format: Format, mark: Mark) -> Result<Vec<u8>, ExportError> {
    sheet.whole()?;
    Ok(match format {
        Format::Csv => delimited::csv(sheet, mark).into_bytes(),
        Format::CsvExcel => delimited::csv_excel(sheet).into_bytes(),
        Format::Tsv => delimited::tsv(sheet, mark).into_bytes(),
        Format::Json => json::json(sheet).into_bytes(),
        Format::Xlsx => xlsx::xlsx(sheet).map_err(ExportError::Workbook)?,
        Format::Markdown | Format::Text | Format::Ansi => {
            markdown::markdown(sheet, mark).into_bytes()
        }
    })
}

/// Why a sheet was not exported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Cut(#[from] CutValue),
    #[error("{0}; nothing was exported")]
    Workbook(String),
}

impl ExportError {
    /// The sentence the cockpit's footer shows.
    pub fn swedish(&self) -> String {
        match self {
            ExportError::Cut(cut) => cut.swedish(),
            ExportError::Workbook(reason) => {
                format!("Arbetsboken kunde inte skapas ({reason}); inget exporterades.")
            }
        }
    }
}

/// A sheet holds a value longer than tertial reads: the data layer cut it
/// for the screen ([`crate::data::LINE_MAX`], [`crate::data::PROSE_MAX`]),
/// and a data export carries whole values or nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "a value is longer than tertial reads ({line} characters for a name, {prose} for a text; \
     see docs/export-format.md): it begins \"{excerpt}\"; a data export carries whole values, so \
     nothing was exported",
    line = crate::data::LINE_MAX,
    prose = crate::data::PROSE_MAX
)]
pub struct CutValue {
    /// The value's first characters, sanitised already.
    pub excerpt: String,
}

impl CutValue {
    /// The sentence the cockpit's footer shows.
    pub fn swedish(&self) -> String {
        format!(
            "Ett värde är längre än tertial läser ({} tecken för ett namn, {} för en text) och \
             visas förkortat; en dataexport bär hela värden, så inget exporterades.",
            crate::data::LINE_MAX,
            crate::data::PROSE_MAX
        )
    }
}

/// The decimal mark numbers are written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Point,
    Comma,
}

impl Mark {
    pub fn parse(text: &str) -> Option<Mark> {
        match text.trim().to_ascii_lowercase().as_str() {
            "point" | "punkt" | "." => Some(Mark::Point),
            "comma" | "komma" | "," => Some(Mark::Comma),
            _ => None,
        }
    }
}

/// A period as exports name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodRef {
    pub id: String,
    pub label: String,
}

/// Where a row's figures come from: the data layer's own record of it,
/// and the words the cockpit shows for it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceRef {
    pub provenance: crate::data::Provenance,
    /// As the cockpit says it ("HSN delårsrapport per augusti 2025, 3.2, s. 12";
    /// "Illustrativ, ej källans siffra; …").
    pub text: String,
}

/// One cell's exact content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Empty,
    Text(String),
    /// An exact number in its column's unit (or the row's, see
    /// [`Column::unit_column`]).
    Number(Decimal),
    Date(chrono::NaiveDate),
}

impl Value {
    fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The value as a file writes it; with `inert`, a text a spreadsheet
    /// would take for a formula is neutralised ([`delimited::inert`]).
    pub fn write(&self, mark: Mark, inert: bool) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(t) => text(t, inert),
            Value::Number(n) => number(*n, mark),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }
}

fn text(text: &str, inert: bool) -> String {
    if inert {
        delimited::inert(text).into_owned()
    } else {
        text.to_string()
    }
}

/// An exact number without thousands separators or trailing zeros:
/// `-537.6`, `-107`; with [`Mark::Comma`] `-537,6`.
pub fn number(value: Decimal, mark: Mark) -> String {
    let mut text = value.normalize().to_string();
    if text == "-0" {
        text = "0".into();
    }
    match mark {
        Mark::Point => text,
        Mark::Comma => text.replace('.', ","),
    }
}

/// A column of a sheet's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub title: String,
    /// The unit every number in the column is in, where they share one.
    pub unit: Option<String>,
    /// Whether the column holds numbers (figures), not text.
    pub numeric: bool,
    /// Where the numbers' units differ from row to row (an overview's
    /// figures, indicators' values): each row's unit, written as a column
    /// of its own after this one.
    pub unit_column: Option<Vec<Option<String>>>,
}

impl Column {
    /// The title with its unit, as a header row carries it: "Avvikelse (mkr)".
    pub fn header(&self) -> String {
        match &self.unit {
            Some(u) if !u.is_empty() && !self.title.contains(u.as_str()) => {
                format!("{} ({u})", self.title)
            }
            _ => self.title.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The cockpit's row id, stable across periods.
    pub id: String,
    /// Tree level: 0 at the top.
    pub level: u16,
    /// A heading inside the table, not a figure.
    pub heading: bool,
    pub cells: Vec<Value>,
    /// The period the row's figures or judgement come from, where known.
    pub as_of: Option<PeriodRef>,
    pub source: Option<SourceRef>,
}

/// A table: every row of it, not only those on screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

/// A detail page: labelled figures, then headed texts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    /// (label, exact value, unit of a number, the value as shown)
    pub fields: Vec<Field>,
    pub sections: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: String,
    pub value: Value,
    pub unit: Option<String>,
    pub shown: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Table(Grid),
    Detail(Fields),
}

/// What is in view, as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// The pane, as `tertial render` names it ("ekonomi").
    pub pane: String,
    /// The screen's title ("Ekonomi (mkr)").
    pub title: String,
    /// The titles from the pane's first screen to this one.
    pub path: Vec<String>,
    pub period: Option<PeriodRef>,
    pub compare: Option<PeriodRef>,
    /// The unit money is in ("mkr").
    pub money_unit: String,
    /// The line above the table (filters, notices), if any.
    pub caption: Option<String>,
    pub body: Body,
}

/// Columns every table export adds around the table's own.
pub const LEVEL: &str = "Nivå";
pub const PERIOD: &str = "Period";
pub const SOURCE: &str = "Källa";
pub const UNIT_SUFFIX: &str = "enhet";

impl Sheet {
    /// The sheet as a header and records of text, for delimited files and
    /// Markdown: a table as level, its columns (each number column's unit
    /// in its header, or a unit column beside it), period and source; a
    /// detail as field, value, unit and the value as shown, then its texts.
    /// With `inert`, texts are made safe for a spreadsheet.
    pub fn records(&self, mark: Mark, inert: bool) -> (Vec<String>, Vec<Vec<String>>) {
        match &self.body {
            Body::Table(grid) => grid_records(grid, mark, inert),
            Body::Detail(fields) => detail_records(fields, mark, inert),
        }
    }

    /// How many rows of figures the sheet holds (headings not counted).
    pub fn len(&self) -> usize {
        match &self.body {
            Body::Table(grid) => grid.rows.iter().filter(|r| !r.heading).count(),
            Body::Detail(fields) => fields.fields.len() + fields.sections.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether every value the sheet would export is whole: none carries
    /// the data layer's cut mark ([`crate::data::CUT_MARK`]).
    pub fn whole(&self) -> Result<(), CutValue> {
        let cut = self.texts().find(|t| t.contains(crate::data::CUT_MARK));
        match cut {
            None => Ok(()),
            Some(text) => Err(CutValue {
                excerpt: text.chars().take(40).collect(),
            }),
        }
    }

    /// Every text an export of the sheet writes.
    fn texts(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        let heads = self
            .path
            .iter()
            .map(String::as_str)
            .chain(self.caption.as_deref());
        match &self.body {
            Body::Table(grid) => Box::new(heads.chain(grid.rows.iter().flat_map(move |row| {
                row.cells
                    .iter()
                    .filter_map(Value::as_text)
                    .chain(row.as_of.iter().map(|p| p.label.as_str()))
                    .chain(row.source.iter().map(|s| s.text.as_str()))
            }))),
            Body::Detail(fields) => {
                Box::new(
                    heads
                        .chain(fields.fields.iter().flat_map(move |f| {
                            f.value.as_text().into_iter().chain([f.shown.as_str()])
                        }))
                        .chain(
                            fields
                                .sections
                                .iter()
                                .flat_map(|(h, body)| [h.as_str(), body.as_str()]),
                        ),
                )
            }
        }
    }
}

fn grid_records(grid: &Grid, mark: Mark, inert: bool) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header = vec![LEVEL.to_string()];
    for column in &grid.columns {
        header.push(column.header());
        if column.unit_column.is_some() {
            header.push(format!("{} {UNIT_SUFFIX}", column.title));
        }
    }
    header.extend([PERIOD.to_string(), SOURCE.to_string()]);
    let records = grid
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let mut record = vec![row.level.to_string()];
            for (c, column) in grid.columns.iter().enumerate() {
                record.push(
                    row.cells
                        .get(c)
                        .map_or_else(String::new, |v| v.write(mark, inert)),
                );
                if let Some(units) = &column.unit_column {
                    let unit = units.get(i).cloned().flatten().unwrap_or_default();
                    record.push(text(&unit, inert));
                }
            }
            let period = row.as_of.as_ref().map_or("", |p| p.label.as_str());
            record.push(text(period, inert));
            let source = row.source.as_ref().map_or("", |s| s.text.as_str());
            record.push(text(source, inert));
            record
        })
        .collect();
    (header, records)
}

pub const FIELD: &str = "Fält";
pub const VALUE: &str = "Värde";
pub const UNIT: &str = "Enhet";
pub const SHOWN: &str = "Som det visas";

fn detail_records(fields: &Fields, mark: Mark, inert: bool) -> (Vec<String>, Vec<Vec<String>>) {
    let header = [FIELD, VALUE, UNIT, SHOWN].map(String::from).to_vec();
    let mut records: Vec<Vec<String>> = fields
        .fields
        .iter()
        .map(|f| {
            vec![
                text(&f.label, inert),
                f.value.write(mark, inert),
                text(f.unit.as_deref().unwrap_or_default(), inert),
                text(&f.shown, inert),
            ]
        })
        .collect();
    records.extend(fields.sections.iter().map(|(h, body)| {
        let body = text(body, inert);
        vec![text(h, inert), body.clone(), String::new(), body]
    }));
    (header, records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn numbers_are_exact_without_separators_or_trailing_zeros() {
        let d = |s| Decimal::from_str(s).unwrap();
        assert_eq!(number(d("-537.600000"), Mark::Point), "-537.6");
        assert_eq!(number(d("-107.000000"), Mark::Comma), "-107");
        assert_eq!(number(d("7058.5"), Mark::Comma), "7058,5");
        assert_eq!(number(d("-0.0"), Mark::Point), "0");
    }

    #[test]
    fn formats_and_marks_parse_and_tsv_defaults_to_a_comma() {
        assert_eq!(Format::parse("CSV"), Some(Format::Csv));
        assert_eq!(Format::parse("markdown"), Some(Format::Markdown));
        assert_eq!(Format::parse("xlsx"), Some(Format::Xlsx));
        assert_eq!(Format::parse("csv-excel"), Some(Format::CsvExcel));
        assert_eq!(Format::parse("xls"), None);
        assert_eq!(Format::CsvExcel.default_mark(), Mark::Comma);
        assert_eq!(Format::Tsv.default_mark(), Mark::Comma);
        assert_eq!(Format::Json.default_mark(), Mark::Point);
        assert_eq!(Mark::parse("komma"), Some(Mark::Comma));
        assert_eq!(Mark::parse("semicolon"), None);
    }

    /// A sheet with a name or a text the data layer cut is not exported
    /// in any data format; a whole one is.
    #[test]
    fn a_cut_value_is_never_exported() {
        let sheet = |name: String, section: String| Sheet {
            pane: "ekonomi".into(),
            title: "Ekonomi".into(),
            path: vec!["Ekonomi".into()],
            period: None,
            compare: None,
            money_unit: "mkr".into(),
            caption: None,
            body: Body::Detail(Fields {
                fields: vec![Field {
                    label: "Namn".into(),
                    value: Value::Text(name),
                    unit: None,
                    shown: "x".into(),
                }],
                sections: vec![("Analys".into(), section)],
            }),
        };
        let cut = format!("{}{}", "a".repeat(10), crate::data::CUT_MARK);
        for format in Format::NAMES.map(|(_, f)| f) {
            assert!(write(&sheet("a".into(), "b".into()), format, Mark::Point).is_ok());
            for bad in [
                sheet(cut.clone(), "b".into()),
                sheet("a".into(), cut.clone()),
            ] {
                let ExportError::Cut(refused) = write(&bad, format, Mark::Point).unwrap_err()
                else {
                    panic!("refused as cut")
                };
                assert_eq!(refused.excerpt, cut.chars().take(40).collect::<String>());
                assert!(refused.to_string().contains("nothing was exported"));
            }
        }
    }

    #[test]
    fn a_header_carries_the_unit_once() {
        let column = |title: &str, unit: Option<&str>| Column {
            title: title.into(),
            unit: unit.map(String::from),
            numeric: true,
            unit_column: None,
        };
        assert_eq!(column("Avvikelse", Some("mkr")).header(), "Avvikelse (mkr)");
        assert_eq!(column("Avv. %", Some("%")).header(), "Avv. %");
        assert_eq!(column("Enhet", None).header(), "Enhet");
    }
}
