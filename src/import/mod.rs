//! `tertial import DIR -o SNAPSHOT`: a folder of CSV files to a snapshot.
//!
//! 1. Each file is read and each cell parsed by its column's kind; problems
//!    name file, line, column and value.
//! 2. All rows go into an in-memory staging database without constraints, and
//!    the same rules as `tertial check` run there (keys, references, trees,
//!    sums); their findings are mapped back to file and line.
//! 3. Only if nothing is an error, the snapshot is written to a temporary
//!    file beside the target and renamed over it.

mod cells;
mod csvfile;
mod write;

use crate::check::{self, Severity};
use crate::domain::money::MoneyUnit;
use crate::domain::text::sanitize;
use crate::snapshot::atomic::{Overwrite, Target, TargetError};
use crate::snapshot::spec::{TABLES, Table};
use rusqlite::types::Value;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// Errors reported at most; the rest are counted.
pub const MAX_ERRORS: usize = 100;

/// Something wrong or noteworthy in the input, located as precisely as known.
#[derive(Debug, Clone)]
pub struct Problem {
    pub severity: Severity,
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<String>,
    pub value: Option<String>,
    pub message: String,
}

impl Problem {
    fn new(
        file: &str,
        line: Option<u64>,
        column: Option<String>,
        value: Option<String>,
        message: String,
    ) -> Self {
        Problem {
            severity: Severity::Error,
            file: file.to_string(),
            line,
            column,
            value,
            message,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", sanitize(&self.file, false))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
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
}

/// One table's parsed rows, with where each came from.
pub(crate) struct TableRows {
    pub table: &'static Table,
    pub files: Vec<String>,
    /// Values in the table's column order.
    pub rows: Vec<Vec<Value>>,
    /// (file index, line) per row.
    pub origin: Vec<(usize, u64)>,
    /// Cells that failed to parse: (row index, column), so that the rules do
    /// not report them a second time.
    pub bad_cells: HashSet<(usize, &'static str)>,
}

/// Imports the CSV files of `dir` into a new snapshot at `out`, which is
/// checked first ([`Target::check`]): nothing is read if it may not be written.
pub fn run(dir: &Path, out: &Path, overwrite: Overwrite) -> Result<Report, ImportError> {
    let shown_out = sanitize(&out.to_string_lossy(), false).into_owned();
    let target = Target::check(out, Some(dir), overwrite)?;
    let mut problems = Vec::new();
    let files = list_files(dir, &mut problems)?;
    let unit = money_unit(&files);
    let mut tables = Vec::new();
    for table in TABLES {
        let paths = files.get(table.name).map(Vec::as_slice).unwrap_or_default();
        if paths.is_empty() && table.csv_required {
            problems.push(Problem::new(
                &format!("{}.csv", table.name),
                None,
                None,
                None,
                format!("missing: every snapshot needs {}.csv", table.name),
            ));
        }
        tables.push(read_table(table, paths, unit, &mut problems));
    }
    let rows = tables
        .iter()
        .map(|t| (t.table.name, t.rows.len()))
        .collect();

    let findings = write::stage_and_check(&tables)
        .map_err(|e| ImportError::Write(shown_out.clone(), e.to_string()))?;
    problems.extend(map_findings(&tables, findings));

    problems.sort_by_key(|p| std::cmp::Reverse(p.severity));
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let more_errors = errors.saturating_sub(MAX_ERRORS);
    if more_errors > 0 {
        let mut kept = 0;
        problems.retain(|p| {
            if p.severity != Severity::Error {
                return true;
            }
            kept += 1;
            kept <= MAX_ERRORS
        });
    }
    let written = errors == 0;
    if written {
        write::atomically(&tables, &target).map_err(|e| ImportError::Write(shown_out, e))?;
    }
    Ok(Report {
        problems,
        more_errors,
        rows,
        written,
    })
}

/// The CSV files of `dir` by table, each table's files in name order.
fn list_files(
    dir: &Path,
    problems: &mut Vec<Problem>,
) -> Result<BTreeMap<String, Vec<PathBuf>>, ImportError> {
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
    Ok(files)
}

/// The unit money is written in, from `meta.csv` (mkr if it cannot be read;
/// the rules report a bad or missing unit).
fn money_unit(files: &BTreeMap<String, Vec<PathBuf>>) -> MoneyUnit {
    let Some(meta) = crate::snapshot::spec::table("meta") else {
        return MoneyUnit::Mkr;
    };
    // meta.csv's own problems are reported when it is read as a table.
    let mut ignored = Vec::new();
    let unit = files
        .get("meta")
        .into_iter()
        .flatten()
        .filter_map(|path| csvfile::read(path, meta, &mut ignored))
        .flat_map(|file| {
            let key = file.columns.iter().position(|&c| c == 0);
            let value = file.columns.iter().position(|&c| c == 1);
            file.rows.into_iter().filter_map(move |row| {
                let (k, v) = (key?, value?);
                (row.fields[k] == "money_unit").then(|| row.fields[v].clone())
            })
        })
        .find_map(|text| MoneyUnit::parse(&text));
    unit.unwrap_or(MoneyUnit::Mkr)
}

fn read_table(
    table: &'static Table,
    paths: &[PathBuf],
    unit: MoneyUnit,
    problems: &mut Vec<Problem>,
) -> TableRows {
    let mut out = TableRows {
        table,
        files: Vec::new(),
        rows: Vec::new(),
        origin: Vec::new(),
        bad_cells: HashSet::new(),
    };
    for path in paths {
        let Some(file) = csvfile::read(path, table, problems) else {
            continue;
        };
        let file_index = out.files.len();
        out.files.push(file.name.clone());
        for raw in file.rows {
            let row_index = out.rows.len();
            let mut values: Vec<Value> = table
                .columns
                .iter()
                .map(|c| match c.kind {
                    crate::snapshot::spec::Kind::Flag => Value::Integer(0),
                    _ => Value::Null,
                })
                .collect();
            for (field, &column_index) in raw.fields.iter().zip(&file.columns) {
                let column = &table.columns[column_index];
                match cells::parse(column.kind, field, unit) {
                    Ok(value) => values[column_index] = value,
                    Err(expected) => {
                        out.bad_cells.insert((row_index, column.name));
                        problems.push(Problem::new(
                            &file.name,
                            Some(raw.line),
                            Some(column.name.to_string()),
                            Some(field.clone()),
                            expected,
                        ));
                    }
                }
            }
            out.rows.push(values);
            out.origin.push((file_index, raw.line));
        }
    }
    out
}

/// The rules' findings, located in the CSV files. A finding on a cell that
/// already failed to parse is dropped: the parse error said it better.
fn map_findings(tables: &[TableRows], findings: check::Findings) -> Vec<Problem> {
    let mut problems = Vec::new();
    for finding in findings.items {
        let located = finding.at.as_ref().and_then(|at| {
            let rows = tables.iter().find(|t| t.table.name == at.table)?;
            let index = usize::try_from(at.rowid - 1).ok()?;
            let &(file, line) = rows.origin.get(index)?;
            Some((rows, index, file, line))
        });
        let problem = match (located, &finding.at) {
            (Some((rows, index, file, line)), Some(at)) => {
                if at
                    .column
                    .is_some_and(|c| rows.bad_cells.contains(&(index, c)))
                {
                    continue;
                }
                Problem {
                    severity: finding.severity,
                    file: rows.files[file].clone(),
                    line: Some(line),
                    column: at.column.map(str::to_string),
                    value: finding.value,
                    message: finding.message,
                }
            }
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
    if findings.dropped > 0 {
        problems.push(Problem {
            severity: Severity::Note,
            file: "(all files)".into(),
            line: None,
            column: None,
            value: None,
            message: format!(
                "{} more findings of the same kinds were not listed",
                findings.dropped
            ),
        });
    }
    problems
}
