//! CSV and TSV: a header row, then one record per row, quoted only where a
//! field needs it (RFC 4180). Texts that a spreadsheet would run as a
//! formula are neutralised the way spreadsheet-safe exporters do it (OWASP's
//! advice): a leading `'`, which Excel and LibreOffice show as nothing and
//! read as "this is text". Numbers are the exporter's own and left as they
//! are, so that `-107` stays a number.

use super::{Mark, Sheet};
use std::borrow::Cow;

/// Characters that make a spreadsheet read a cell as a formula (or, for tab
/// and carriage return, hide one), with their full-width forms, which some
/// spreadsheets take too.
const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

/// `text` as a spreadsheet takes it for text: with a `'` in front where
/// it starts, after any spaces, with a character that would start a formula.
pub fn inert(text: &str) -> Cow<'_, str> {
    match text.trim_start_matches(' ').chars().next() {
        Some(c) if FORMULA_STARTS.contains(&c) => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// The sheet as comma-separated values.
pub fn csv(sheet: &Sheet, mark: Mark) -> String {
    // A decimal comma in a comma-separated file is quoted, so it stays one field.
    write(sheet, mark, b',')
}

/// The byte-order mark that tells Excel a CSV file is UTF-8 (without it,
/// a Swedish Excel reads "Nivå" as "NivÃ¥").
pub const BOM: &str = "\u{feff}";

/// The sheet as CSV in the dialect a Swedish Excel opens with a double
/// click: UTF-8 with a byte-order mark, `;` between fields (the list
/// separator where the comma is the decimal mark), a decimal comma, and
/// CRLF line ends as Excel writes them.
pub fn csv_excel(sheet: &Sheet) -> String {
    let body = write_with(sheet, Mark::Comma, b';', ::csv::Terminator::CRLF);
    format!("{BOM}{body}")
}

/// The sheet as tab-separated values, as a spreadsheet takes them from the
/// clipboard.
pub fn tsv(sheet: &Sheet, mark: Mark) -> String {
    write(sheet, mark, b'\t')
}

fn write(sheet: &Sheet, mark: Mark, delimiter: u8) -> String {
    write_with(sheet, mark, delimiter, ::csv::Terminator::Any(b'\n'))
}

fn write_with(sheet: &Sheet, mark: Mark, delimiter: u8, terminator: ::csv::Terminator) -> String {
    let (header, records) = sheet.records(mark, true);
    let mut writer = ::csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(terminator)
        .from_writer(Vec::new());
    // Writing into memory cannot fail; a failure would leave a shorter file,
    // never a wrong field.
    for record in std::iter::once(&header).chain(records.iter()) {
        let _ = writer.write_record(record);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::{Body, Column, Grid, Row};
    use super::*;

    #[test]
    fn excels_swedish_dialect_is_pinned_to_the_byte() {
        let sheet = Sheet {
            pane: "ekonomi".into(),
            title: "Ekonomi (mkr)".into(),
            path: vec!["Ekonomi (mkr)".into()],
            period: None,
            compare: None,
            money_unit: "mkr".into(),
            caption: None,
            body: Body::Table(Grid {
                columns: vec![
                    Column {
                        title: "Enhet".into(),
                        unit: None,
                        numeric: false,
                        unit_column: None,
                    },
                    Column {
                        title: "Avvikelse".into(),
                        unit: Some("mkr".into()),
                        numeric: true,
                        unit_column: None,
                    },
                ],
                rows: vec![Row {
                    id: "hsn".into(),
                    level: 1,
                    heading: false,
                    cells: vec![
                        super::super::Value::Text("HSN; \"Vård\" =1".into()),
                        super::super::Value::Number("-537.60".parse().unwrap()),
                    ],
                    as_of: None,
                    source: None,
                }],
            }),
        };
        assert_eq!(
            csv_excel(&sheet).as_bytes(),
            "\u{feff}Nivå;Enhet;Avvikelse (mkr);Period;Källa\r\n\
             1;\"HSN; \"\"Vård\"\" =1\";-537,6;;\r\n"
                .as_bytes()
        );
        let mut hostile = sheet.clone();
        if let Body::Table(grid) = &mut hostile.body {
            grid.rows[0].cells[0] = super::super::Value::Text("=1+1".into());
        }
        assert!(csv_excel(&hostile).contains("\r\n1;'=1+1;-537,6;;\r\n"));
        // The plain CSV is unchanged: a point, commas, no BOM.
        assert_eq!(
            csv(&sheet, Mark::Point),
            "Nivå,Enhet,Avvikelse (mkr),Period,Källa\n1,\"HSN; \"\"Vård\"\" =1\",-537.6,,\n"
        );
    }

    #[test]
    fn formula_starts_are_neutralised_and_other_text_is_left_alone() {
        for hostile in [
            "=HYPERLINK(\"http://x\";\"klick\")",
            "+1",
            "-1+2",
            "@SUM(A1)",
            "  =1+1",
            "＝1+1",
            "\t=1",
        ] {
            let safe = inert(hostile);
            assert!(safe.starts_with('\''), "{hostile:?} → {safe:?}");
            assert_eq!(&safe[1..], hostile, "the text itself is kept");
        }
        for fine in ["Sjukhusvård", "−430", "", "4.1 Vård"] {
            assert_eq!(inert(fine), fine);
        }
    }
}
