//! `tertial info`: what the program believes it has. The version and build,
//! the snapshot it would open, the config file, the terminal's variables, the
//! locale, and each setting with where it came from.

use super::env::Locale;
use super::{Env, FileSource, Origin, Settings, default_keymap};
use crate::snapshot::Snapshot;
use crate::snapshot::open::display_path;
use std::path::{Path, PathBuf};

/// The version and how this binary was built: the commit (from build.rs;
/// "-dirty" when the work tree had changes) unless it was built outside a
/// git checkout.
pub fn build() -> String {
    let commit = match env!("TERTIAL_COMMIT") {
        "" => String::new(),
        hash => format!("commit {hash}, "),
    };
    format!(
        "{} ({commit}{} build, {} {})",
        env!("CARGO_PKG_VERSION"),
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        std::env::consts::ARCH,
        std::env::consts::OS
    )
}

/// The snapshot the cockpit opens: the one given, else the configured one,
/// else `./sample.db`; and where that choice came from.
pub fn snapshot_path(given: Option<&Path>, settings: &Settings) -> (PathBuf, &'static str) {
    match (given, &settings.snapshot) {
        (Some(path), _) => (path.to_path_buf(), "the command line"),
        (None, Some(path)) => (
            path.clone(),
            origin(settings.origins.snapshot, "TERTIAL_SNAPSHOT"),
        ),
        (None, None) => (PathBuf::from("sample.db"), "the default"),
    }
}

fn origin(origin: Origin, variable: &'static str) -> &'static str {
    match origin {
        Origin::Default => "the default",
        Origin::File => "the config file",
        Origin::Environment => variable,
        Origin::CommandLine => "the command line",
    }
}

/// What `info` says, given what was chosen (the theme and ASCII with their
/// reasons, as [`super::choose_theme`] and [`super::choose_ascii`] give them).
pub struct Facts<'a> {
    pub settings: &'a Settings,
    pub snapshot: Option<&'a Path>,
    pub demo: bool,
    pub theme: &'a str,
    pub ascii: &'a str,
    pub locale: &'a Locale,
    pub env: Env<'a>,
    /// tmux's `set-clipboard` where it keeps copies back ([`super::tmux`]).
    pub tmux_blocks: Option<&'a str>,
}

/// The report, one fact a line.
pub fn report(facts: &Facts<'_>) -> String {
    let settings = facts.settings;
    let var = |name: &str| {
        (facts.env)(name).map_or_else(
            || "not set".to_string(),
            |v| crate::domain::text::sanitize(&v.to_string_lossy(), false).into_owned(),
        )
    };
    let mut lines: Vec<(&str, String)> = vec![("version", format!("tertial {}", build()))];
    lines.push(("snapshot", snapshot_line(facts)));
    lines.extend(config_lines(settings));
    lines.push(("TERM", var("TERM")));
    lines.push(("COLORTERM", var("COLORTERM")));
    lines.push(("NO_COLOR", var("NO_COLOR")));
    lines.push((
        "locale",
        format!(
            "{}: {}",
            crate::domain::text::sanitize(&facts.locale.describe(), false),
            if facts.locale.utf8 {
                "UTF-8"
            } else {
                "not UTF-8"
            }
        ),
    ));
    lines.push(("theme", facts.theme.to_string()));
    lines.push(("ascii", facts.ascii.to_string()));
    let on_off = |on: bool| if on { "on" } else { "off" };
    lines.push((
        "mouse",
        format!(
            "{} ({})",
            on_off(settings.mouse),
            origin(settings.origins.mouse, "TERTIAL_MOUSE")
        ),
    ));
    lines.push((
        "copy",
        format!(
            "{} ({}){}",
            on_off(settings.copy),
            origin(settings.origins.copy, "TERTIAL_COPY"),
            match (settings.copy, facts.tmux_blocks) {
                (true, Some(setting)) => format!(
                    "; but tmux's set-clipboard is {}, which keeps copies from the \
                     clipboard: put `{}` in ~/.tmux.conf",
                    crate::domain::text::sanitize(setting, false),
                    crate::ui::strings::TMUX_COPY_FIX
                ),
                _ => String::new(),
            }
        ),
    ));
    lines.push((
        "export to",
        match &settings.export_dir {
            Some(dir) => format!(
                "{} ({})",
                display_path(dir),
                origin(settings.origins.export_dir, "TERTIAL_EXPORT_DIR")
            ),
            None => "the current folder (the default)".into(),
        },
    ));
    lines.push((
        "notes",
        match (&settings.notes, super::default_notes_path()) {
            (Some(file), _) => format!(
                "{} ({})",
                display_path(file),
                origin(settings.origins.notes, "TERTIAL_NOTES")
            ),
            (None, Some(file)) => format!("{} (the default)", display_path(&file)),
            (None, None) => "none: no data folder (give --notes FILE)".into(),
        },
    ));
    lines.push((
        "export as",
        format!(
            "{} ({})",
            settings.export_format.name(),
            origin(settings.origins.export_format, "TERTIAL_EXPORT_FORMAT")
        ),
    ));
    let changed = settings.keymap.changed_from(&default_keymap());
    lines.push((
        "keys",
        if changed.is_empty() {
            "the defaults".into()
        } else {
            format!("rebound in the config file: {}", changed.join(", "))
        },
    ));
    let width = lines.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 2;
    lines
        .iter()
        .map(|(key, value)| {
            let label = if key.is_empty() {
                String::new()
            } else {
                format!("{key}:")
            };
            format!("{label:<width$}{value}\n")
        })
        .collect()
}

fn snapshot_line(facts: &Facts<'_>) -> String {
    if facts.demo {
        return "the sample built into this binary (--demo)".into();
    }
    let (path, from) = snapshot_path(facts.snapshot, facts.settings);
    let shown = display_path(&path);
    let state = match Snapshot::open(&path) {
        Ok(snapshot) => format!("tertial snapshot, format version {}", snapshot.version),
        Err(e) => crate::domain::text::sanitize(&e.to_string(), false).into_owned(),
    };
    format!("{shown} ({from}): {state}")
}

fn config_lines(settings: &Settings) -> Vec<(&'static str, String)> {
    let Some(file) = &settings.file else {
        return vec![("config", "none read".into())];
    };
    let named_by = match file.source {
        FileSource::CommandLine => "named by --config",
        FileSource::Environment => "named by TERTIAL_CONFIG",
        FileSource::Platform => "the platform's place",
    };
    let mut lines = vec![(
        "config",
        match &file.path {
            Some(path) => format!(
                "{} ({named_by}): {}",
                display_path(path),
                if file.found { "read" } else { "not found" }
            ),
            None => "no config folder on this system (no home folder)".into(),
        },
    )];
    if file.source != FileSource::Platform
        && let Some(path) = super::platform_path()
    {
        lines.push((
            "",
            format!(
                "{} (the platform's place): not read, {}",
                display_path(&path),
                if path.exists() { "exists" } else { "not found" }
            ),
        ));
    }
    lines
}
