//! `tertial notes list|export|import`: the user's notes file from the
//! command line. The notes file is opened (and created) as the cockpit
//! opens it; a file notes cannot use is said in one sentence and left as
//! it is.

use super::out::{ERRORS, OK, fail, out, outln, stdout_is_terminal, write_bytes_out};
use super::shared::{ConfigArg, NotesFile, parse_format};
use crate::config::{self, Layer};
use crate::domain::text::sanitize;
use crate::export::Format;
use crate::notes::exchange;
use crate::notes::store::Merged;
use crate::notes::{Flag, Note, NotesStore};
use crate::output::{Inputs, Overwrite, Target};
use crate::snapshot::open::display_path;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
    #[command(flatten)]
    file: NotesFile,
    #[command(flatten)]
    config: ConfigArg,
}

#[derive(clap::Subcommand)]
enum Action {
    /// Every note as text: flag, subject, when and at which period it was
    /// written, the figure then, the text.
    List {
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// The notes as md (default), csv, tsv or json (the file `notes import` reads).
    Export {
        #[arg(long, default_value = "md", value_parser = parse_format)]
        format: Format,
        /// Write to FILE (whole, atomically) instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Merge a JSON export (yours or a colleague's) into your notes, by note
    /// id: new notes are added, later edits replace earlier ones, nothing is
    /// duplicated or removed.
    Import {
        /// A file written by `tertial notes export --format json`.
        file: PathBuf,
    },
}

#[derive(clap::Args, Clone, Default)]
struct FilterArgs {
    /// Only notes with this flag: fråga, risk, till-nämnden, klar.
    #[arg(long, value_parser = parse_flag)]
    flag: Option<Flag>,
    /// Only notes about this (part of a unit's or line's name).
    #[arg(long, value_name = "TEXT")]
    about: Option<String>,
}

impl FilterArgs {
    fn filter(&self) -> Filter {
        Filter {
            flag: self.flag,
            about: self.about.clone(),
        }
    }
}

fn parse_flag(text: &str) -> Result<Flag, String> {
    Flag::parse(text).ok_or_else(|| {
        format!(
            "unknown flag '{}'; choose one of: fråga, risk, till-nämnden, klar",
            sanitize(text, false)
        )
    })
}

impl Args {
    pub fn run(&self) -> u8 {
        match self.notes_file().and_then(|path| self.act(&path)) {
            Ok(()) => OK,
            Err(e) => {
                fail(&e);
                ERRORS
            }
        }
    }

    /// The notes file: `--notes`, else the settings' (the config file's,
    /// `TERTIAL_NOTES`), else the platform's place.
    fn notes_file(&self) -> Result<PathBuf, String> {
        let layer = Layer {
            notes: self.file.notes.clone(),
            ..Layer::default()
        };
        let settings = self.config.settings(&layer)?;
        config::notes_path(&settings)
            .ok_or_else(|| "no data folder for notes on this system; give --notes FILE".to_string())
    }

    fn act(&self, path: &Path) -> Result<(), String> {
        match &self.action {
            Action::List { filter } => list(path, &filter.filter()).map(|t| out!("{t}")),
            Action::Export {
                format,
                output,
                force,
                filter,
            } => {
                // The target is checked before anything is read.
                let target = match output {
                    Some(output) => {
                        let reads = [path];
                        let inputs = Inputs {
                            files: &reads,
                            folder: None,
                        };
                        Some(
                            Target::check(
                                output,
                                export_kind(*format),
                                inputs,
                                Overwrite::forced(*force),
                            )
                            .map_err(|e| e.to_string())?,
                        )
                    }
                    None => None,
                };
                if target.is_none() && *format == Format::Xlsx && stdout_is_terminal() {
                    return Err(
                        "--format xlsx writes a workbook, not text for a terminal: give -o \
                            FILE (or pipe the output on)"
                            .into(),
                    );
                }
                let bytes = export(path, &filter.filter(), *format)?;
                match target {
                    None => {
                        write_bytes_out(&bytes);
                        Ok(())
                    }
                    Some(target) => crate::output::write_bytes(&target, &bytes),
                }
            }
            Action::Import { file } => {
                import(path, file).map(|m| outln!("{}: {}", display_path(file), merged(&m)))
            }
        }
    }
}

/// The largest file `notes import` reads (a JSON export of a hundred
/// thousand long notes is well under it).
pub const IMPORT_BYTES_MAX: u64 = 256 * 1024 * 1024;

/// Which notes to show.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub flag: Option<Flag>,
    /// Part of what the note is about (a unit's name, a cost type), any case.
    pub about: Option<String>,
}

impl Filter {
    pub fn keeps(&self, note: &Note) -> bool {
        self.flag.is_none_or(|f| note.flag == Some(f))
            && self
                .about
                .as_ref()
                .is_none_or(|about| note.about.to_lowercase().contains(&about.to_lowercase()))
    }
}

fn open(notes: &Path) -> Result<NotesStore, String> {
    NotesStore::open(notes).map_err(|e| e.to_string())
}

fn chosen(notes: &Path, filter: &Filter) -> Result<Vec<Note>, String> {
    let all = open(notes)?.all().map_err(|e| e.to_string())?;
    Ok(all.into_iter().filter(|n| filter.keeps(n)).collect())
}

/// `notes list`: every note as text.
pub fn list(notes: &Path, filter: &Filter) -> Result<String, String> {
    let chosen = chosen(notes, filter)?;
    if chosen.is_empty() {
        return Ok(format!("Inga anteckningar i {}.\n", display_path(notes)));
    }
    Ok(exchange::list(&chosen))
}

/// `notes export`: the notes in `format` (md, csv, tsv or json).
pub fn export(notes: &Path, filter: &Filter, format: Format) -> Result<Vec<u8>, String> {
    exchange::write(&chosen(notes, filter)?, format).map_err(|e| e.to_string())
}

/// What `notes export -o` writes, for the output guard
/// ([`crate::output`]): an earlier JSON export is known by its format tag;
/// Markdown, CSV and TSV as `render` knows its own, else replaced only
/// with `--force`. The notes file itself is the command's input, never
/// replaced.
pub fn export_kind(format: Format) -> crate::output::Kind {
    match format {
        Format::Json => crate::output::Kind {
            what: "a notes export from tertial notes export",
            recognise: |path| {
                let head = crate::output::head(path);
                let tag = format!("\"format\":\"{}\"", exchange::FORMAT);
                String::from_utf8_lossy(&head)
                    .replace(' ', "")
                    .contains(&tag)
            },
        },
        other => other.output_kind(),
    }
}

/// `notes import FILE`: a JSON export merged in by note id.
pub fn import(notes: &Path, from: &Path) -> Result<Merged, String> {
    let shown = display_path(from);
    let size = std::fs::metadata(from)
        .map_err(|e| format!("{shown}: cannot be read ({e})"))?
        .len();
    if size > IMPORT_BYTES_MAX {
        return Err(format!(
            "{shown}: larger than {} MB; not a notes export",
            IMPORT_BYTES_MAX / 1024 / 1024
        ));
    }
    let text =
        std::fs::read_to_string(from).map_err(|e| format!("{shown}: cannot be read ({e})"))?;
    let incoming = exchange::from_json(&text).map_err(|e| format!("{shown}: {e}"))?;
    open(notes)?.import(&incoming).map_err(|e| e.to_string())
}

/// What an import did, in a sentence.
pub fn merged(m: &Merged) -> String {
    format!(
        "{} new, {} updated, {} already here",
        m.added, m.updated, m.unchanged
    )
}

#[cfg(test)]
#[path = "notes_tests.rs"]
mod tests;
