//! Taking the answer out of the cockpit: `y` copies the selected row as
//! one line, `Y` the table in view as TSV for a spreadsheet (both through
//! the terminal's clipboard, OSC 52), `e` writes the table to a file: an
//! Excel workbook, or CSV as the export format says.
//!
//! Each works on the screen in view ([`InView`]) and says what it did
//! ([`Done`]); the app keeps the text for the clipboard and the terminal
//! loop sends it, encoded by [`crate::export::osc52`], so the bytes go out
//! the same way as frames.

use super::footer::FooterMessage;
use super::screen::{Body, PaneId};
use super::sheet::{self, InView};
use crate::export::{FileFormat, file, osc52};
use std::path::PathBuf;

/// What copying and exporting read, taken from the settings in effect
/// ([`crate::config::Settings`]: `copy`, `export_dir` and `export_format`,
/// which the config file, `TERTIAL_COPY`/`TERTIAL_EXPORT_DIR`, `--no-osc52`,
/// `--export-dir` and `--export-format` set) at each key; the app keeps no
/// copy of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopySettings {
    /// Copy through the terminal (OSC 52). Off for terminals that do not
    /// support it: `y` and `Y` then say so instead of doing nothing.
    pub osc52: bool,
    /// Where `e` writes its files; `None`: the current directory (never the
    /// snapshot's folder unless it is the one given here or the current one).
    pub export_dir: Option<PathBuf>,
    /// tmux's `set-clipboard` where it keeps a program's copy from the
    /// clipboard (`external`, `off`; [`crate::config::tmux`]): the copy is
    /// still sent, and the footer says what to set instead of "Kopierade…".
    pub tmux_blocks: Option<String>,
    /// What `e` writes: an xlsx workbook unless set otherwise.
    pub format: FileFormat,
}

impl Default for CopySettings {
    fn default() -> CopySettings {
        CopySettings {
            osc52: true,
            export_dir: None,
            tmux_blocks: None,
            format: FileFormat::default(),
        }
    }
}

/// What `y`, `Y` or `e` did: the footer's message and, for a copy, the
/// text for the clipboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    pub message: FooterMessage,
    pub clipboard: Option<String>,
}

impl Done {
    fn say(message: FooterMessage) -> Done {
        Done {
            message,
            clipboard: None,
        }
    }
}

/// `y`: the selected row as one line of text (a detail page: its figures).
pub fn row(view: &InView<'_>, settings: &CopySettings) -> Done {
    let Some(line) = sheet::row_line(view) else {
        return Done::say(FooterMessage::NothingToCopy);
    };
    let on_detail = matches!(view.screen().map(|s| &s.body), Some(Body::Detail(_)));
    let what = match view.screen().and_then(|s| s.selected_row()) {
        Some(row) if !on_detail => {
            FooterMessage::CopiedRow(row.cells.first().map(|c| c.text()).unwrap_or_default())
        }
        _ => FooterMessage::CopiedRows(1),
    };
    offer(settings, line, what)
}

/// `Y`: the table in view as tab-separated values with a decimal comma,
/// a header row with units: what a Swedish spreadsheet pastes as numbers.
pub fn table(view: &InView<'_>, settings: &CopySettings) -> Done {
    let Some(sheet) = sheet::of(view) else {
        return Done::say(FooterMessage::NothingToCopy);
    };
    if let Err(cut) = sheet.whole() {
        return Done::say(FooterMessage::ExportFailed(cut.swedish()));
    }
    let rows = sheet.len();
    offer(
        settings,
        sheet::clipboard_table(view.compare, &sheet),
        FooterMessage::CopiedRows(rows),
    )
}

/// The text for the clipboard if copying is on and it fits, and what the
/// footer says.
pub fn offer(settings: &CopySettings, text: String, done: FooterMessage) -> Done {
    if !settings.osc52 {
        Done::say(FooterMessage::CopyOff)
    } else if !osc52::fits(&text) {
        Done::say(FooterMessage::CopyTooLarge(text.len()))
    } else {
        Done {
            message: match &settings.tmux_blocks {
                Some(setting) => FooterMessage::CopyHeldByTmux(setting.clone()),
                None => done,
            },
            clipboard: Some(text),
        }
    }
}

/// `e`: the table in view in the export format (an xlsx workbook by
/// default), in a new file in the export folder
/// (`tertial-ekonomi-2025-10.xlsx`; `…-2.xlsx` where that is taken).
pub fn export(view: &InView<'_>, settings: &CopySettings) -> Done {
    let Some(sheet) = sheet::of(view) else {
        return Done::say(FooterMessage::NothingToCopy);
    };
    let folder = settings
        .export_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from("."));
    let format = settings.format;
    let bytes = match format.write(&sheet) {
        Ok(bytes) => bytes,
        Err(e) => return Done::say(FooterMessage::ExportFailed(e.swedish())),
    };
    Done::say(
        match file::write_new(&folder, &export_stem(view), format.extension(), &bytes) {
            Ok(path) => FooterMessage::Exported {
                rows: sheet.len(),
                path: crate::snapshot::open::display_path(&path),
            },
            Err(e) => FooterMessage::ExportFailed(e.swedish()),
        },
    )
}

/// "tertial-ekonomi-2025-10", or for a screen below the pane's first
/// "tertial-ekonomi-hsn-kostnadsslag-2025-10".
pub fn export_stem(view: &InView<'_>) -> String {
    let pane = PaneId::render_names()[view.pane.index()];
    let mut parts = vec!["tertial".to_string(), pane.to_string()];
    if view.stack.len() > 1
        && let Some(screen) = view.screen()
    {
        parts.push(file::slug(&screen.title));
    }
    if let Some(p) = view.period {
        parts.push(file::slug(&p.id));
    }
    parts.retain(|p| !p.is_empty());
    parts.join("-")
}

#[cfg(test)]
#[path = "copy_tests.rs"]
mod tests;
