//! Reading an .xlsx workbook as the CSV reader's records: one worksheet per
//! table (named as the CSV file would be, without `.csv`), its first row
//! the header, each cell as the text a CSV file would hold. The import then
//! parses, stages and checks the records exactly as it does a CSV file's;
//! only the place a problem is named changes (sheet and row for file and
//! line).
//!
//! Cells Excel stores as numbers are read as such: a date cell (a number
//! with a date format) becomes `YYYY-MM-DD`, another number its decimal
//! text to Excel's 15 significant digits, which is the figure as typed
//! wherever Excel holds it exactly. A cell holding an Excel error
//! (`#N/A`) is reported, never read as text.

use super::csvfile::{RawRecord, open_regular};
use calamine::{Data, Range, Reader, Xlsx};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// Whether `path` names a workbook `import` reads instead of a folder.
pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// An open workbook.
pub struct Workbook {
    book: Xlsx<BufReader<File>>,
}

impl Workbook {
    /// Opens `path` if it is a regular file and an .xlsx workbook; the
    /// error completes "cannot be read: …".
    pub fn open(path: &Path) -> Result<Workbook, String> {
        let file = open_regular(path).map_err(|e| e.to_string())?;
        let book = Xlsx::new(BufReader::new(file))
            .map_err(|e| format!("it is not an .xlsx workbook Excel writes ({e})"))?;
        Ok(Workbook { book })
    }

    /// The worksheets' names, in the workbook's order.
    pub fn sheet_names(&self) -> Vec<String> {
        self.book.sheet_names()
    }

    /// The records of the worksheet `name`.
    pub fn records(&mut self, name: &str, field_limit: usize) -> Result<SheetRecords, String> {
        let range = self
            .book
            .worksheet_range(name)
            .map_err(|e| format!("the sheet cannot be read ({e})"))?;
        Ok(SheetRecords::new(range, field_limit))
    }
}

/// A worksheet read record by record, as [`super::csvfile::Records`] reads
/// a file.
pub struct SheetRecords {
    range: Range<Data>,
    /// The next row, counted from the range's first.
    next: usize,
    /// The sheet's row number of the range's first row (1-based).
    first_line: u64,
    field_limit: usize,
    pub max_fields: usize,
    /// The header's width: later rows are cut or padded to it where the
    /// cells beyond are empty, as Excel leaves them.
    width: Option<usize>,
}

impl SheetRecords {
    fn new(range: Range<Data>, field_limit: usize) -> SheetRecords {
        let first_line = range.start().map_or(1, |(row, _)| u64::from(row) + 1);
        SheetRecords {
            range,
            next: 0,
            first_line,
            field_limit,
            max_fields: 1_000,
            width: None,
        }
    }

    /// Reads the next row into `out`; false after the last.
    pub fn next_record(&mut self, out: &mut RawRecord) -> std::io::Result<bool> {
        out.fields.clear();
        out.too_long.clear();
        out.extra_fields = 0;
        out.excel_errors.clear();
        let Some(cells) = self.range.rows().nth(self.next) else {
            return Ok(false);
        };
        out.line = self.first_line + self.next as u64;
        self.next += 1;
        let used = cells
            .iter()
            .rposition(|c| !matches!(c, Data::Empty))
            .map_or(0, |last| last + 1);
        let width = *self.width.get_or_insert(used);
        for (position, cell) in cells.iter().take(used.max(width)).enumerate() {
            let text = match cell {
                Data::Error(e) => {
                    out.excel_errors.push((position, e.to_string()));
                    String::new()
                }
                cell => text(cell),
            };
            if out.fields.len() >= self.max_fields {
                out.extra_fields += 1;
                continue;
            }
            if text.len() > self.field_limit {
                out.too_long.push((position, text.len() as u64));
                out.fields.push(Vec::new());
            } else {
                out.fields.push(text.into_bytes());
            }
        }
        Ok(true)
    }
}

/// A cell as a CSV file would hold it.
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => if *b { "true" } else { "false" }.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            d.as_datetime().map_or_else(|| number(d.as_f64()), date)
        }
        Data::DateTime(d) => number(d.as_f64()),
        Data::DateTimeIso(s) => s.strip_suffix("T00:00:00").unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
    }
}

/// A double as Excel shows it at most: 15 significant digits, then the
/// shortest decimal (`0.1`, never `0.1000000000000000055…`).
fn number(value: f64) -> String {
    let rounded: f64 = format!("{value:.14e}").parse().unwrap_or(value);
    let text = format!("{rounded}");
    if text == "-0" { "0".to_string() } else { text }
}

/// A date cell as `YYYY-MM-DD`, or with a time of day
/// `YYYY-MM-DD HH:MM:SS` (which no date column takes, so it is reported).
fn date(when: chrono::NaiveDateTime) -> String {
    if when.time() == chrono::NaiveTime::MIN {
        when.format("%Y-%m-%d").to_string()
    } else {
        when.format("%Y-%m-%d %H:%M:%S").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_excel_shows_them() {
        assert_eq!(number(-537.6), "-537.6");
        assert_eq!(number(0.1 + 0.2), "0.3");
        assert_eq!(number(7058.0), "7058");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(1234567.125), "1234567.125");
    }

    #[test]
    fn date_cells_read_as_dates() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let cell = |serial, is_1904| {
            text(&Data::DateTime(ExcelDateTime::new(
                serial,
                ExcelDateTimeType::DateTime,
                is_1904,
            )))
        };
        assert_eq!(cell(45930.0, false), "2025-09-30");
        assert_eq!(cell(61.0, false), "1900-03-01");
        assert_eq!(cell(0.0, true), "1904-01-01");
        assert_eq!(cell(45930.5, false), "2025-09-30 12:00:00");
    }
}
