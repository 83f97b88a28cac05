//! Reading one CSV file as Swedish exports write them: UTF-8 with or without
//! BOM, `;` or `,` between fields, quoted fields with line breaks.

use super::Problem;
use crate::snapshot::spec::Table;
use std::path::Path;

/// A data row: its line in the file and its fields, trimmed, one per header
/// column.
pub struct RawRow {
    pub line: u64,
    pub fields: Vec<String>,
}

/// A file's header mapped onto the table's columns, and its rows.
pub struct CsvFile {
    pub name: String,
    /// For each header position, the index of the table column it fills.
    pub columns: Vec<usize>,
    pub rows: Vec<RawRow>,
}

/// Reads `path` for `table`. Problems with the file as a whole (encoding,
/// header) are returned; row-level problems are pushed to `problems` and the
/// row is left out.
pub fn read(path: &Path, table: &Table, problems: &mut Vec<Problem>) -> Option<CsvFile> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file_problem =
        |line: Option<u64>, message: String| Problem::new(&name, line, None, None, message);
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            problems.push(file_problem(None, format!("cannot be read: {e}")));
            return None;
        }
    };
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    let delimiter = detect_delimiter(bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        let at = e.valid_up_to();
        let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64;
        let message = format!(
            "the file is not UTF-8 (byte 0x{:02X} cannot start a character); save it as UTF-8",
            bytes[at]
        );
        let column = column_at(bytes, at, delimiter);
        problems.push(Problem::new(&name, Some(line), column, None, message));
        return None;
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(e)) => {
            problems.push(file_problem(Some(1), format!("unreadable header: {e}")));
            return None;
        }
        None => {
            problems.push(file_problem(
                None,
                "the file is empty; it needs at least a header row".into(),
            ));
            return None;
        }
    };
    let header: Vec<String> = header
        .iter()
        .map(|f| String::from_utf8_lossy(f).trim().to_string())
        .collect();
    let columns = map_header(&name, &header, table, problems)?;

    let mut rows = Vec::new();
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map(|p| p.line());
                problems.push(file_problem(line, format!("unreadable row: {e}")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let fields: Vec<String> = record
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_string())
            .collect();
        // Spreadsheets export trailing rows of bare delimiters: not data.
        if fields.iter().all(String::is_empty) {
            continue;
        }
        if fields.len() != header.len() {
            problems.push(file_problem(
                Some(line),
                format!(
                    "the row has {} fields but the header has {}; check the delimiter and quotes",
                    fields.len(),
                    header.len()
                ),
            ));
            continue;
        }
        rows.push(RawRow { line, fields });
    }
    Some(CsvFile {
        name,
        columns,
        rows,
    })
}

/// The header name of the field that byte `at` lies in (quotes ignored: this
/// only serves to point at an encoding error).
fn column_at(bytes: &[u8], at: usize, delimiter: u8) -> Option<String> {
    let header_end = bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len());
    let header: Vec<String> = bytes[..header_end]
        .split(|&b| b == delimiter)
        .map(|f| {
            String::from_utf8_lossy(f)
                .trim()
                .trim_matches('"')
                .to_string()
        })
        .collect();
    let line_start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let field = bytes[line_start..at]
        .iter()
        .filter(|&&b| b == delimiter)
        .count();
    header.get(field).cloned()
}

/// `;` unless the header row has more `,` than `;` (outside quotes).
fn detect_delimiter(bytes: &[u8]) -> u8 {
    let (mut semicolons, mut commas, mut quoted) = (0, 0, false);
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b';' if !quoted => semicolons += 1,
            b',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if commas > semicolons { b',' } else { b';' }
}

fn map_header(
    name: &str,
    header: &[String],
    table: &Table,
    problems: &mut Vec<Problem>,
) -> Option<Vec<usize>> {
    let before = problems.len();
    let mut columns = Vec::with_capacity(header.len());
    for (position, title) in header.iter().enumerate() {
        let Some(index) = table
            .columns
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(title))
        else {
            let known: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
            problems.push(Problem::new(
                name,
                Some(1),
                Some(title.clone()),
                None,
                format!(
                    "unknown column {} (column {}); {} has: {}",
                    if title.is_empty() {
                        "with an empty name".to_string()
                    } else {
                        format!("'{title}'")
                    },
                    position + 1,
                    table.name,
                    known.join(", ")
                ),
            ));
            continue;
        };
        if columns.contains(&index) {
            problems.push(Problem::new(
                name,
                Some(1),
                Some(title.clone()),
                None,
                "the column appears twice in the header".into(),
            ));
        }
        columns.push(index);
    }
    for column in table.columns.iter().filter(|c| c.required) {
        if !header.iter().any(|h| h.eq_ignore_ascii_case(column.name)) {
            problems.push(Problem::new(
                name,
                Some(1),
                Some(column.name.to_string()),
                None,
                "a required column is missing from the header".into(),
            ));
        }
    }
    (problems.len() == before).then_some(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_follows_the_header() {
        assert_eq!(detect_delimiter(b"a;b;c\n1,5;2;3"), b';');
        assert_eq!(detect_delimiter(b"a,b,c\n\"1;5\",2,3"), b',');
        assert_eq!(detect_delimiter(b"\"a,b\";c\n"), b';');
    }
}
