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

/// The sheet as tab-separated values, as a spreadsheet takes them from the
/// clipboard.
pub fn tsv(sheet: &Sheet, mark: Mark) -> String {
    write(sheet, mark, b'\t')
}

fn write(sheet: &Sheet, mark: Mark, delimiter: u8) -> String {
    let (header, records) = sheet.records(mark, true);
    let mut writer = ::csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(::csv::Terminator::Any(b'\n'))
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
    use super::*;

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
