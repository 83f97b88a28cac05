//! `tertial import DIR -o SNAPSHOT`: a folder of CSV files to a snapshot;
//! `tertial import BOOK.xlsx -o SNAPSHOT`: a workbook with one worksheet per
//! table ([`sheet`]), read as the same records and judged the same way.
//!
//! 1. Each file is read a record at a time and each cell parsed by its
//!    column's kind; problems name file, line, column and a short excerpt of
//!    the value. Every row goes at once into a staging database on disk
//!    beside the target, so memory stays flat whatever the size.
//! 2. The same rules as `tertial check` run on the staging database (keys,
//!    references, trees, sums); their findings are mapped back to file and
//!    line. If a file could not be read at all (its encoding, its header),
//!    they are not run: what they would say follows from that one error.
//! 3. Only if nothing is an error, the snapshot is written from the staging
//!    database to a temporary file beside the target and renamed over it.
//!
//! At most [`MAX_ERRORS`] errors are listed; all are counted.

mod cells;
mod csvfile;
mod sheet;
mod stage;
mod write;

use crate::check::{self, Severity};
use crate::domain::money::MoneyUnit;
use crate::domain::text::{cut_graphemes, sanitize};
use crate::output::{self, Inputs, Overwrite, Target, TargetError};
use crate::snapshot::spec::{Kind, MAX_VALUE_BYTES, TABLES, Table};
use csvfile::{RawRecord, Records};
use rusqlite::types::Value;
use stage::Staging;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Errors reported at most; the rest are counted.
pub const MAX_ERRORS: usize = 100;

/// Longest excerpt of a value quoted in a message, in grapheme clusters.
const EXCERPT: usize = 60;

/// Something wrong or noteworthy in the input, located as precisely as known.
#[derive(Debug, Clone)]
pub struct Problem {
    pub severity: Severity,
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<String>,
    /// A short, printable excerpt of the value.
    pub value: Option<String>,
    pub message: String,
}

impl Problem {
    fn new(
        file: &str,
        line: Option<u64>,
        column: Option<String>,
        value: Option<&str>,
        message: String,
    ) -> Self {
        Problem {
            severity: Severity::Error,
            file: file.to_string(),
            line,
            column,
            value: value.map(excerpt),
            message,
        }
    }
}

impl Problem {
    /// A note about the import as a whole.
    fn note(message: String) -> Self {
        Problem {
            severity: Severity::Note,
            file: "(all files)".into(),
            line: None,
            column: None,
            value: None,
            message,
        }
    }
}

/// `text` made printable and cut to [`EXCERPT`] grapheme clusters.
fn excerpt(text: &str) -> String {
    // Never segment more than an excerpt's worth of a long value.
    let head = match text.char_indices().nth(EXCERPT * 8) {
        Some((at, _)) => &text[..at],
        None => text,
    };
    let clean = sanitize(head, false);
    match cut_graphemes(&clean, EXCERPT, "…") {
        Some(cut) => cut,
        None if head.len() < text.len() => format!("{clean}…"),
        None => clean.into_owned(),
    }
}

/// How a worksheet is named where a CSV file's name would be:
/// "budget.xlsx, sheet 'period'".
fn sheet_place(book: &str, sheet: &str) -> String {
    format!("{book}{SHEET}{sheet}'")
}

const SHEET: &str = ", sheet '";

impl Problem {
    /// Whether the problem is in a worksheet (a row) or a CSV file (a line).
    fn in_sheet(&self) -> bool {
        self.file.contains(SHEET) && !self.file.to_ascii_lowercase().ends_with(".csv")
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", sanitize(&self.file, false))?;
        if let Some(line) = self.line {
            if self.in_sheet() {
                write!(f, ", row {line}")?;
            } else {
                write!(f, ":{line}")?;
            }
        }
        if let Some(column) = &self.column {
            write!(f, ": column '{}'", sanitize(column, false))?;
        }
        if let Some(value) = &self.value {
            write!(f, ": value '{}'", sanitize(value, false))?;
        }
        write!(f, ": {}", sanitize(&self.message, false))
    }
}

/// What an import did.
#[derive(Debug)]
pub struct Report {
    /// Errors, warnings and notes, errors first; at most [`MAX_ERRORS`] errors.
    pub problems: Vec<Problem>,
    /// Errors beyond [`MAX_ERRORS`], not listed.
    pub more_errors: usize,
    /// Rows read per table.
    pub rows: BTreeMap<&'static str, usize>,
    /// Whether the snapshot was written.
    pub written: bool,
}

impl Report {
    /// Every error found, listed or not.
    pub fn errors(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count()
            + self.more_errors
    }
}

/// Fails before any input is judged: the folder or the target is unusable.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}: cannot read the folder: {1}")]
    Folder(String, std::io::Error),
    #[error(transparent)]
    Target(#[from] TargetError),
    #[error("{0}: cannot write the snapshot: {1}")]
    Write(String, String),
    #[error("{0}: cannot be read: {1}")]
    Workbook(String, String),
}

/// Problems as they are found: errors kept up to [`MAX_ERRORS`], all counted.
#[derive(Default)]
struct Problems {
    errors: Vec<Problem>,
    others: Vec<Problem>,
    more_errors: usize,
    /// A file could not be read at all: the rules across files are not run.
    file_refused: bool,
}

impl Problems {
    fn push(&mut self, problem: Problem) {
        if problem.severity != Severity::Error {
            self.others.push(problem);
        } else if self.errors.len() < MAX_ERRORS {
            self.errors.push(problem);
        } else {
            self.more_errors += 1;
        }
    }

    fn count(&self) -> usize {
        self.errors.len() + self.more_errors
    }
}

/// One table's input: a CSV file, or a worksheet of the workbook.
#[derive(Debug, Clone)]
enum Part {
    File(PathBuf),
    Sheet(String),
}

/// The records of a part, whichever it is.
enum Source {
    // Boxed: the CSV reader keeps its state inline, a sheet its rows on
    // the heap; one source is open at a time.
    Csv(Box<Records>),
    Sheet(sheet::SheetRecords),
}

impl Source {
    fn next_record(&mut self, out: &mut RawRecord) -> std::io::Result<bool> {
        match self {
            Source::Csv(r) => r.next_record(out),
            Source::Sheet(r) => r.next_record(out),
        }
    }

    fn utf16(&self) -> Option<&'static str> {
        match self {
            Source::Csv(r) => r.utf16,
            Source::Sheet(_) => None,
        }
    }

    fn set_max_fields(&mut self, max: usize) {
        match self {
            Source::Csv(r) => r.max_fields = max,
            Source::Sheet(r) => r.max_fields = max,
        }
    }
}

/// Opens a part's records; the error completes "cannot be read: …".
fn open_part(part: &Part, book: Option<&mut sheet::Workbook>) -> Result<Source, String> {
    match (part, book) {
        (Part::File(path), _) => Records::open(path, MAX_VALUE_BYTES)
            .map(|r| Source::Csv(Box::new(r)))
            .map_err(|e| e.to_string()),
        (Part::Sheet(name), Some(book)) => book.records(name, MAX_VALUE_BYTES).map(Source::Sheet),
        (Part::Sheet(_), None) => Err("no workbook is open".into()),
    }
}

/// Imports the CSV files of the folder `dir`, or the worksheets of the
/// workbook `dir` names (`….xlsx`), into a new snapshot at `out`, which is
/// checked first ([`Target::check`]): nothing is read if it may not be written.
pub fn run(dir: &Path, out: &Path, overwrite: Overwrite) -> Result<Report, ImportError> {
    run_watched(dir, out, overwrite, &crate::progress::Quiet)
}

/// [`run`], telling `watch` each table as it is read (with its rows as they
/// come), then the checks and the writing.
pub fn run_watched(
    dir: &Path,
    out: &Path,
    overwrite: Overwrite,
    watch: &dyn crate::progress::Watch,
) -> Result<Report, ImportError> {
    let mut steps = crate::progress::Steps::new(watch, TABLES.len() + 2);
    let shown_out = sanitize(&out.to_string_lossy(), false).into_owned();
    let workbook = sheet::is_workbook(dir) && !dir.is_dir();
    let read = [dir];
    let inputs = if workbook {
        Inputs {
            files: &read,
            folder: None,
        }
    } else {
        Inputs {
            files: &[],
            folder: Some(dir),
        }
    };
    let target = Target::check(out, output::Kind::SNAPSHOT, inputs, overwrite)?;
    let mut problems = Problems::default();
    let book_name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (files, mut book) = if workbook {
        let shown = sanitize(&dir.to_string_lossy(), false).into_owned();
        let book = sheet::Workbook::open(dir).map_err(|e| ImportError::Workbook(shown, e))?;
        (list_sheets(&book_name, &book, &mut problems), Some(book))
    } else {
        (list_files(dir, &mut problems)?, None)
    };
    let unit = money_unit(&files, book.as_mut());
    let folder = target.path().parent().unwrap_or(Path::new("."));
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let tables: Vec<&'static Table> = TABLES.iter().collect();
    let write_err = |e: String| ImportError::Write(shown_out.clone(), e);
    let staging = Staging::create(folder, &tables).map_err(write_err)?;
    let mut rows = BTreeMap::new();
    let mut file_names: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for table in TABLES {
        let paths = files.get(table.name).map(Vec::as_slice).unwrap_or_default();
        if paths.is_empty() && table.csv_required {
            problems.push(if workbook {
                Problem::new(
                    &book_name,
                    None,
                    None,
                    None,
                    format!("missing: every snapshot needs a sheet named {}", table.name),
                )
            } else {
                Problem::new(
                    &format!("{}.csv", table.name),
                    None,
                    None,
                    None,
                    format!("missing: every snapshot needs {}.csv", table.name),
                )
            });
        }
        steps.next(table.name);
        let mut loader = Loader {
            table,
            unit,
            staging: &staging,
            problems: &mut problems,
            rows: 0,
            files: Vec::new(),
            steps: &steps,
            book: book.as_mut(),
            book_name: &book_name,
        };
        for path in paths {
            loader
                .load(path)
                .map_err(|e| write_err(format!("the staging database failed: {e}")))?;
        }
        rows.insert(table.name, loader.rows as usize);
        file_names.insert(table.name, loader.files);
    }
    staging.commit().map_err(|e| write_err(e.to_string()))?;

    if problems.file_refused {
        problems.push(Problem::note(
            "keys, references and sums were not checked, since a file could not be read; fix \
             the errors above and import again"
                .into(),
        ));
    } else {
        steps.next("kontroll");
        let skip = |at: &check::RowRef| staging.is_bad(at);
        let findings = check::run_skipping(&staging.conn, false, Some(&skip));
        map_findings(&staging, &file_names, findings, &mut problems);
    }

    let written = problems.count() == 0;
    if written {
        steps.next("skriver");
        write::atomically(&staging, &target).map_err(write_err)?;
    }
    let more_errors = problems.more_errors;
    let mut listed = problems.errors;
    problems
        .others
        .sort_by_key(|p| std::cmp::Reverse(p.severity));
    listed.extend(problems.others);
    Ok(Report {
        problems: listed,
        more_errors,
        rows,
        written,
    })
}

/// The worksheets of a workbook by table, each named as its CSV file
/// would be without `.csv` (`period`, `economy_fact.2025`), in the
/// workbook's order.
fn list_sheets(
    book_name: &str,
    book: &sheet::Workbook,
    problems: &mut Problems,
) -> BTreeMap<String, Vec<Part>> {
    let mut parts: BTreeMap<String, Vec<Part>> = BTreeMap::new();
    for name in book.sheet_names() {
        let table = name
            .split('.')
            .next()
            .unwrap_or(&name)
            .trim()
            .to_lowercase();
        if TABLES.iter().any(|t| t.name == table) {
            parts.entry(table).or_default().push(Part::Sheet(name));
        } else {
            let known: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
            problems.push(Problem::new(
                &sheet_place(book_name, &name),
                None,
                None,
                None,
                format!(
                    "not a table of the format; name sheets TABLE or TABLE.PART with a table from: {}",
                    known.join(", ")
                ),
            ));
        }
    }
    parts
}

/// The CSV files of `dir` by table, each table's files in name order.
fn list_files(
    dir: &Path,
    problems: &mut Problems,
) -> Result<BTreeMap<String, Vec<Part>>, ImportError> {
    let shown = || sanitize(&dir.to_string_lossy(), false).into_owned();
    let entries = std::fs::read_dir(dir).map_err(|e| ImportError::Folder(shown(), e))?;
    let mut files: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for entry in entries {
        let path = entry.map_err(|e| ImportError::Folder(shown(), e))?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(stem) = name
            .strip_suffix(".csv")
            .or_else(|| name.strip_suffix(".CSV"))
        else {
            continue;
        };
        let table = stem.split('.').next().unwrap_or(stem).to_lowercase();
        if TABLES.iter().any(|t| t.name == table) {
            files.entry(table).or_default().push(path);
        } else {
            let known: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
            problems.push(Problem::new(
                &name,
                None,
                None,
                None,
                format!(
                    "not a table of the format; name files TABLE.csv or TABLE.PART.csv with a table from: {}",
                    known.join(", ")
                ),
            ));
        }
    }
    for paths in files.values_mut() {
        paths.sort();
    }
    Ok(files
        .into_iter()
        .map(|(table, paths)| (table, paths.into_iter().map(Part::File).collect()))
        .collect())
}

/// The unit money is written in, from `meta.csv` (mkr if it cannot be read;
/// the rules report a bad or missing unit). Read here only for that key;
/// the file's problems are reported when it is read as a table.
fn money_unit(
    files: &BTreeMap<String, Vec<Part>>,
    mut book: Option<&mut sheet::Workbook>,
) -> MoneyUnit {
    let find = |part: &Part| -> Option<MoneyUnit> {
        let mut records = open_part(part, book.as_deref_mut()).ok()?;
        let mut record = RawRecord::default();
        if !records.next_record(&mut record).ok()? {
            return None;
        }
        let position = |name: &str| {
            record
                .fields
                .iter()
                .position(|f| String::from_utf8_lossy(f).trim().eq_ignore_ascii_case(name))
        };
        let (key, value) = (position("key")?, position("value")?);
        while records.next_record(&mut record).ok()? {
            let field = |i: usize| record.fields.get(i).map(|f| String::from_utf8_lossy(f));
            if field(key).is_some_and(|k| k.trim() == "money_unit") {
                return field(value).and_then(|v| MoneyUnit::parse(v.trim()));
            }
        }
        None
    };
    files
        .get("meta")
        .into_iter()
        .flatten()
        .find_map(find)
        .unwrap_or(MoneyUnit::Mkr)
}

/// Reads one table's files into the staging database.
struct Loader<'a> {
    table: &'static Table,
    unit: MoneyUnit,
    staging: &'a Staging,
    problems: &'a mut Problems,
    /// Rows staged so far; the next is row `rows + 1`.
    rows: i64,
    files: Vec<String>,
    /// Told the rows every [`ROWS_TOLD`].
    steps: &'a crate::progress::Steps<'a>,
    /// The workbook the parts are sheets of, if they are.
    book: Option<&'a mut sheet::Workbook>,
    book_name: &'a str,
}

/// How often a table's rows are told to the progress line.
const ROWS_TOLD: i64 = 10_000;

impl Loader<'_> {
    /// Streams `path` into the staging database. Problems with the input
    /// are reported, never returned; an error is the staging database's.
    fn load(&mut self, part: &Part) -> rusqlite::Result<()> {
        let name = match part {
            Part::File(path) => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            Part::Sheet(sheet) => sheet_place(self.book_name, sheet),
        };
        let file_problem =
            |line: Option<u64>, message: String| Problem::new(&name, line, None, None, message);
        let mut records = match open_part(part, self.book.as_deref_mut()) {
            Ok(records) => records,
            Err(e) => {
                self.problems
                    .push(file_problem(None, format!("cannot be read: {e}")));
                self.problems.file_refused = true;
                return Ok(());
            }
        };
        if let Some(endian) = records.utf16() {
            self.problems
                .push(file_problem(None, csvfile::utf16_problem(endian)));
            self.problems.file_refused = true;
            return Ok(());
        }
        let mut record = RawRecord::default();
        let header = match records.next_record(&mut record) {
            Ok(true) => record_header(&name, &record, self.table, self.problems),
            Ok(false) => {
                self.problems.push(file_problem(
                    None,
                    "the file is empty; it needs at least a header row".into(),
                ));
                None
            }
            Err(e) => {
                self.problems
                    .push(file_problem(Some(1), format!("unreadable header: {e}")));
                None
            }
        };
        let Some(columns) = header else {
            self.problems.file_refused = true;
            return Ok(());
        };
        let width = columns.len() as u64;
        records.set_max_fields(columns.len() + 1);
        let file_index = self.files.len();
        self.files.push(name.clone());
        let mut values: Vec<Value> = Vec::with_capacity(self.table.columns.len());
        // Whether a letter outside ASCII was seen as UTF-8: then a later
        // invalid byte is damage, not another code page.
        let mut seen_utf8 = false;
        loop {
            match records.next_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    self.problems.push(file_problem(
                        Some(record.line),
                        format!("cannot be read further: {e}"),
                    ));
                    self.problems.file_refused = true;
                    break;
                }
            }
            // Spreadsheets export trailing rows of bare delimiters: not data.
            if record.too_long.is_empty()
                && record.excel_errors.is_empty()
                && record.fields.iter().all(|f| f.trim_ascii().is_empty())
            {
                continue;
            }
            if record.len() != width {
                self.problems.push(file_problem(
                    Some(record.line),
                    format!(
                        "the row has {} fields but the header has {width}; check the delimiter and quotes",
                        record.len()
                    ),
                ));
                continue;
            }
            let row = self.rows + 1;
            values.clear();
            values.extend(self.table.columns.iter().map(|c| match c.kind {
                Kind::Flag => Value::Integer(0),
                _ => Value::Null,
            }));
            let mut bad: Vec<&'static str> = Vec::new();
            let mut refused = false;
            for (position, (bytes, &index)) in record.fields.iter().zip(&columns).enumerate() {
                let column = &self.table.columns[index];
                let problem = |value: Option<&str>, message: String| {
                    Problem::new(
                        &name,
                        Some(record.line),
                        Some(column.name.to_string()),
                        value,
                        message,
                    )
                };
                if let Some((_, error)) = record.excel_errors.iter().find(|(p, _)| *p == position) {
                    self.problems.push(problem(
                        Some(error),
                        "the cell holds an Excel error, not a value".into(),
                    ));
                    bad.push(column.name);
                    continue;
                }
                if let Some(&(_, length)) = record.too_long.iter().find(|(p, _)| *p == position) {
                    self.problems.push(problem(
                        None,
                        format!(
                            "the value is {length} bytes long; the format allows at most \
                             {MAX_VALUE_BYTES} (it was not read)"
                        ),
                    ));
                    bad.push(column.name);
                    continue;
                }
                let text = match std::str::from_utf8(bytes) {
                    Ok(text) => text,
                    Err(e) => {
                        let message = csvfile::encoding_problem(bytes, e, seen_utf8);
                        self.problems.push(problem(None, message));
                        refused = true;
                        break;
                    }
                };
                seen_utf8 |= !text.is_ascii();
                let text = text.trim();
                match cells::parse(column.kind, text, self.unit) {
                    Ok(value) => values[index] = value,
                    Err(expected) => {
                        self.problems.push(problem(Some(text), expected));
                        bad.push(column.name);
                    }
                }
            }
            if refused {
                // One sentence for the file: its other rows would only
                // repeat it, and the rules would report what follows.
                self.problems.file_refused = true;
                break;
            }
            self.staging
                .insert(self.table, row, &values, file_index, record.line)?;
            for column in bad {
                self.staging.mark_bad(self.table.name, row, column)?;
            }
            self.rows = row;
            if row % ROWS_TOLD == 0 {
                self.steps.rows(row as u64, None);
            }
        }
        Ok(())
    }
}

/// The header's columns as indexes into the table's; `None` (with the
/// problems reported) if it cannot be used.
fn record_header(
    name: &str,
    record: &RawRecord,
    table: &Table,
    problems: &mut Problems,
) -> Option<Vec<usize>> {
    if record.extra_fields > 0 {
        problems.push(Problem::new(
            name,
            Some(1),
            None,
            None,
            format!(
                "the header has {} fields; {} has {} columns",
                record.len(),
                table.name,
                table.columns.len()
            ),
        ));
        return None;
    }
    if let Some(&(position, length)) = record.too_long.first() {
        problems.push(Problem::new(
            name,
            Some(1),
            None,
            None,
            format!(
                "the header's field {} is {length} bytes long; a header names columns",
                position + 1
            ),
        ));
        return None;
    }
    let mut header = Vec::with_capacity(record.fields.len());
    for bytes in &record.fields {
        match std::str::from_utf8(bytes) {
            Ok(text) => header.push(text.trim().to_string()),
            Err(e) => {
                let message = csvfile::encoding_problem(bytes, e, false);
                problems.push(Problem::new(name, Some(1), None, None, message));
                return None;
            }
        }
    }
    map_header(name, &header, table, problems)
}

fn map_header(
    name: &str,
    header: &[String],
    table: &Table,
    problems: &mut Problems,
) -> Option<Vec<usize>> {
    let before = problems.count();
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
                Some(excerpt(title)),
                None,
                format!(
                    "unknown column {} (column {}); {} has: {}",
                    if title.is_empty() {
                        "with an empty name".to_string()
                    } else {
                        format!("'{}'", excerpt(title))
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
                Some(excerpt(title)),
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
    (problems.count() == before).then_some(columns)
}

/// The rules' findings, located in the CSV files. Findings on cells that
/// failed to parse were left out by the rules themselves.
fn map_findings(
    staging: &Staging,
    files: &BTreeMap<&'static str, Vec<String>>,
    findings: check::Findings,
    problems: &mut Problems,
) {
    let dropped = findings.dropped;
    let dropped_errors = findings.dropped_errors;
    for finding in findings.items {
        let located = finding.at.as_ref().and_then(|at| {
            let (file, line) = staging.origin(at.table, at.rowid)?;
            let name = files.get(at.table)?.get(file)?;
            Some((name.clone(), line))
        });
        let problem = match (located, &finding.at) {
            (Some((file, line)), Some(at)) => Problem {
                severity: finding.severity,
                file,
                line: Some(line),
                column: at.column.map(str::to_string),
                value: finding.value,
                message: finding.message,
            },
            _ => Problem {
                severity: finding.severity,
                file: finding.at.map_or_else(
                    || "(all files)".to_string(),
                    |at| format!("{}.csv", at.table),
                ),
                line: None,
                column: None,
                value: finding.value,
                message: finding.message,
            },
        };
        problems.push(problem);
    }
    // Errors beyond what the rules keep are counted, exactly.
    problems.more_errors += dropped_errors;
    if dropped > dropped_errors {
        problems.push(Problem::note(format!(
            "{} more warnings and notes of the same kinds were not listed",
            dropped - dropped_errors
        )));
    }
}
