//! Settings, from the weakest to the strongest: the built-in defaults, the
//! config file, the environment (`NO_COLOR`, `TERTIAL_*`), the command line.
//!
//! The defaults are a config file too, embedded in the binary
//! ([`DEFAULT_FILE`], `tertial config --default`): it is at once the
//! documentation of every setting and the only place defaults are written.
//! A broken config file, environment variable or binding is one sentence
//! naming where and what was expected; nothing starts half-configured.

pub mod background;
pub mod env;
mod file;
pub mod info;
pub mod presets;
pub mod tmux;

use crate::export::FileFormat;
use crate::keymap::{Action, BindError, Binding, Bindings, Keymap};
use crate::ui::panes::registry::PaneId;
use crate::ui::theme::{Colours, Theme, ThemeChoice, ThemeName};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use file::FileError;

/// The built-in defaults, and the documentation of every setting.
pub const DEFAULT_FILE: &str = include_str!("../../assets/config.toml");

/// A config file larger than this is refused rather than read: it is not
/// a config file.
const MAX_FILE_BYTES: u64 = 1 << 20;

/// ASCII-only output: on, off, or as the locale says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ascii {
    Auto,
    On,
    Off,
}

impl Ascii {
    pub fn parse(text: &str) -> Option<Ascii> {
        match text.to_ascii_lowercase().as_str() {
            "auto" => Some(Ascii::Auto),
            "true" | "yes" | "on" | "1" => Some(Ascii::On),
            "false" | "no" | "off" | "0" => Some(Ascii::Off),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Ascii::Auto => "auto",
            Ascii::On => "true",
            Ascii::Off => "false",
        }
    }
}

/// What one source sets: the defaults, a config file, the environment or
/// the command line. `None`: left as the weaker sources have it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layer {
    pub theme: Option<ThemeChoice>,
    pub ascii: Option<Ascii>,
    pub snapshot: Option<PathBuf>,
    pub export_dir: Option<PathBuf>,
    pub notes: Option<PathBuf>,
    pub export_format: Option<FileFormat>,
    pub copy: Option<bool>,
    pub mouse: Option<bool>,
    pub colours: Colours,
    pub keys: Bindings,
}

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Default,
    File,
    Environment,
    CommandLine,
}

/// Where each setting's value came from, for `tertial info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origins {
    pub theme: Origin,
    pub ascii: Origin,
    pub snapshot: Origin,
    pub export_dir: Origin,
    pub notes: Origin,
    pub export_format: Origin,
    pub copy: Origin,
    pub mouse: Origin,
}

/// How the config file was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileSource {
    /// `--config FILE`: it must exist.
    CommandLine,
    /// `TERTIAL_CONFIG`: it must exist.
    Environment,
    /// The platform's place: it may be missing.
    Platform,
}

/// The config file read, or looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigFile {
    /// None: the platform has no config folder (no home folder).
    pub path: Option<PathBuf>,
    pub source: FileSource,
    pub found: bool,
}

/// The settings in effect. The cockpit reads them from `App::settings`.
#[derive(Debug, Clone)]
pub struct Settings {
    pub theme: ThemeChoice,
    pub ascii: Ascii,
    /// The snapshot opened when none is given; None: `./sample.db`.
    pub snapshot: Option<PathBuf>,
    /// Where exports are written; None: the current folder.
    pub export_dir: Option<PathBuf>,
    /// The notes file; None: [`default_notes_path`].
    pub notes: Option<PathBuf>,
    /// What `e` writes: an xlsx workbook (the default) or CSV.
    pub export_format: FileFormat,
    /// Copy to the clipboard through the terminal (OSC 52).
    pub copy: bool,
    pub mouse: bool,
    /// The user's colours over the theme's.
    pub colours: Colours,
    pub keymap: Keymap,
    pub origins: Origins,
    /// None: no file was looked for (the defaults alone).
    pub file: Option<ConfigFile>,
}

impl Default for Settings {
    /// The built-in defaults alone.
    fn default() -> Settings {
        let layers = [(Origin::Default, default_layer())];
        assemble(&layers, default_keymap(), None)
    }
}

/// The default file, parsed once. (A test makes sure it parses.)
pub fn default_layer() -> &'static Layer {
    static DEFAULTS: OnceLock<Layer> = OnceLock::new();
    DEFAULTS.get_or_init(|| {
        let mut layer = file::parse(DEFAULT_FILE).unwrap_or_default();
        // A clash is the user's binding's doing: its line is the one to name.
        for binding in &mut layer.keys.global {
            binding.line = None;
        }
        layer.keys.global.extend(tab_digits(&layer.keys));
        layer
    })
}

/// Each tab's own key where the default file binds none: its number
/// (`pane_1` is 1), so that a new pane in the registry needs no line in
/// the file.
fn tab_digits(file: &Bindings) -> Vec<Binding> {
    let unbound = |action: &Action| !file.global.iter().any(|b| b.action == *action);
    PaneId::ALL
        .into_iter()
        .map(Action::Pane)
        .filter(unbound)
        .filter_map(|action| {
            let Action::Pane(pane) = action else {
                return None;
            };
            let digit = char::from_digit(u32::try_from(pane.index()).ok()? + 1, 10)?;
            let key = crate::keymap::key::parse_one(&digit.to_string()).ok()?;
            Some(Binding {
                action,
                keys: vec![key],
                line: None,
            })
        })
        .collect()
}

/// The default key bindings (the `[keys]` table of the default file).
pub fn default_bindings() -> Bindings {
    default_layer().keys.clone()
}

/// The keymap of the defaults alone, built once.
pub fn default_keymap() -> Keymap {
    static KEYMAP: OnceLock<Keymap> = OnceLock::new();
    KEYMAP
        .get_or_init(|| Keymap::build(&[&default_layer().keys]).unwrap_or_else(|_| Keymap::empty()))
        .clone()
}

/// Parses a config file's text (as `tertial config` checks it).
pub fn parse(text: &str) -> Result<Layer, FileError> {
    file::parse(text)
}

/// The layers in order, merged: each setting from the strongest layer that
/// sets it, the key bindings built across all of them.
pub fn resolve(layers: &[(Origin, &Layer)], file: Option<ConfigFile>) -> Result<Settings, String> {
    let bindings: Vec<&Bindings> = layers.iter().map(|(_, l)| &l.keys).collect();
    let keymap = Keymap::build(&bindings).map_err(|e| bind_error(&e, file.as_ref()))?;
    Ok(assemble(layers, keymap, file))
}

/// The settings of `layers`, with the keymap built from them.
fn assemble(layers: &[(Origin, &Layer)], keymap: Keymap, file: Option<ConfigFile>) -> Settings {
    fn pick<T: Clone>(
        layers: &[(Origin, &Layer)],
        get: impl Fn(&Layer) -> Option<T>,
    ) -> (Option<T>, Origin) {
        layers
            .iter()
            .rev()
            .find_map(|(origin, layer)| get(layer).map(|v| (Some(v), *origin)))
            .unwrap_or((None, Origin::Default))
    }
    let (theme, theme_from) = pick(layers, |l| l.theme);
    let (ascii, ascii_from) = pick(layers, |l| l.ascii);
    let (snapshot, snapshot_from) = pick(layers, |l| l.snapshot.clone());
    let (export_dir, export_dir_from) = pick(layers, |l| l.export_dir.clone());
    let (notes, notes_from) = pick(layers, |l| l.notes.clone());
    let (export_format, export_format_from) = pick(layers, |l| l.export_format);
    let (copy, copy_from) = pick(layers, |l| l.copy);
    let (mouse, mouse_from) = pick(layers, |l| l.mouse);
    let mut colours = Colours::default();
    for (_, layer) in layers {
        colours.overlay(&layer.colours);
    }
    Settings {
        theme: theme.unwrap_or(ThemeChoice::Auto),
        ascii: ascii.unwrap_or(Ascii::Auto),
        snapshot,
        export_dir,
        notes,
        export_format: export_format.unwrap_or_default(),
        copy: copy.unwrap_or(true),
        mouse: mouse.unwrap_or(false),
        colours,
        keymap,
        origins: Origins {
            theme: theme_from,
            ascii: ascii_from,
            snapshot: snapshot_from,
            export_dir: export_dir_from,
            notes: notes_from,
            export_format: export_format_from,
            copy: copy_from,
            mouse: mouse_from,
        },
        file,
    }
}

fn bind_error(e: &BindError, file: Option<&ConfigFile>) -> String {
    let path = file
        .and_then(|f| f.path.as_deref())
        .map_or_else(|| "the built-in defaults".to_string(), shown);
    match e.line() {
        Some(line) => format!("{path}, line {line}: {}", e.describe()),
        None => format!("{path}: {}", e.describe()),
    }
}

/// A path as an error message quotes it.
fn shown(path: &Path) -> String {
    crate::snapshot::open::display_path(path)
}

/// The environment as the settings read it: a lookup, so tests can give
/// one of their own.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<OsString>;

/// The process's environment; an empty variable counts as unset.
pub fn process_env(name: &str) -> Option<OsString> {
    std::env::var_os(name).filter(|v| !v.is_empty())
}

/// Everything: finds and reads the config file (`--config` first, then
/// `TERTIAL_CONFIG`, then the platform's place), reads the environment, and
/// lays the command line over them.
pub fn load(config: Option<&Path>, cli: &Layer, env: Env<'_>) -> Result<Settings, String> {
    let located = locate(config, env);
    let text = read(&located)?;
    let found = text.is_some();
    let file_layer = match (&text, &located.path) {
        (Some(text), Some(path)) => Some(file::parse(text).map_err(|e| {
            let key = if e.key.is_empty() {
                String::new()
            } else {
                format!("{}: ", crate::domain::text::excerpt(&e.key))
            };
            format!("{}, line {}: {key}{}", shown(path), e.line, e.message)
        })?),
        _ => None,
    };
    let env_layer = env::layer(env)?;
    let mut layers: Vec<(Origin, &Layer)> = vec![(Origin::Default, default_layer())];
    if let Some(layer) = &file_layer {
        layers.push((Origin::File, layer));
    }
    layers.push((Origin::Environment, &env_layer));
    layers.push((Origin::CommandLine, cli));
    resolve(&layers, Some(ConfigFile { found, ..located }))
}

/// Where the config file is (it may not exist).
pub fn locate(config: Option<&Path>, env: Env<'_>) -> ConfigFile {
    let (path, source) = match (config, env("TERTIAL_CONFIG")) {
        (Some(path), _) => (Some(path.to_path_buf()), FileSource::CommandLine),
        (None, Some(path)) => (Some(PathBuf::from(path)), FileSource::Environment),
        (None, None) => (platform_path(), FileSource::Platform),
    };
    ConfigFile {
        path,
        source,
        found: false,
    }
}

/// The platform's place for the notes file: `$XDG_DATA_HOME/tertial/notes.db`
/// on Linux (`~/.local/share/tertial/notes.db`), `%APPDATA%\\tertial\\data\\notes.db`
/// on Windows, `~/Library/Application Support/tertial/notes.db` on macOS.
/// None where the platform has no home folder.
pub fn default_notes_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "tertial").map(|d| d.data_dir().join("notes.db"))
}

/// The notes file in effect: `--notes`, `TERTIAL_NOTES` or the config
/// file's `notes` (as [`Settings::notes`] has it), else the platform's place.
pub fn notes_path(settings: &Settings) -> Option<PathBuf> {
    settings.notes.clone().or_else(default_notes_path)
}

/// The platform's place for the config file:
/// `$XDG_CONFIG_HOME/tertial/config.toml` on Linux,
/// `%APPDATA%\tertial\config.toml` on Windows (the roaming profile, which
/// follows the user between a region's machines; `ProjectDirs` would add a
/// `config` folder below it).
pub fn platform_path() -> Option<PathBuf> {
    if cfg!(windows) {
        return directories::BaseDirs::new()
            .map(|d| d.config_dir().join("tertial").join("config.toml"));
    }
    directories::ProjectDirs::from("", "", "tertial").map(|d| d.config_dir().join("config.toml"))
}

/// The file's text; None if it is missing from the platform's place (a
/// file named by `--config` or `TERTIAL_CONFIG` must exist).
fn read(file: &ConfigFile) -> Result<Option<String>, String> {
    let Some(path) = &file.path else {
        return Ok(None);
    };
    let named_by = match file.source {
        FileSource::CommandLine => " (named by --config)",
        FileSource::Environment => " (named by TERTIAL_CONFIG)",
        FileSource::Platform => "",
    };
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        // The platform's place under a folder this user may not enter (a
        // service account with another's HOME) is as good as empty.
        Err(e)
            if file.source == FileSource::Platform
                && matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::PermissionDenied
                ) =>
        {
            return Ok(None);
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(format!(
                "the config file {}{named_by} does not exist",
                shown(path)
            ));
        }
        Err(e) => return Err(format!("cannot read the config file {}: {e}", shown(path))),
    };
    if !meta.is_file() {
        return Err(format!(
            "the config file {}{named_by} is not a file",
            shown(path)
        ));
    }
    if let Some((why, fix)) = writable_by_others(path, &meta) {
        return Err(format!(
            "the config file {}{named_by} {why}, so another user could choose your \
             snapshot, export folder and keys; it is not used ({fix})",
            shown(path),
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "the config file {} is larger than 1 MB: not a config file",
            shown(path)
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| format!("cannot read the config file {}: {e}", shown(path)))?;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| format!("the config file {} is not UTF-8 text", shown(path)))
}

/// Why a config file could be changed by someone other than its user (and
/// what to do about it), as
/// ssh asks of `authorized_keys` on a shared server: world-writable, owned
/// by another user (root may own it: an administrator's file), or in a
/// folder anyone may replace it in (world-writable without the sticky
/// bit). None where it is safe, and on platforms without these modes.
#[cfg(unix)]
fn writable_by_others(path: &Path, meta: &std::fs::Metadata) -> Option<(String, String)> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let me = rustix::process::geteuid().as_raw();
    if meta.uid() != me && meta.uid() != 0 {
        return Some((
            format!("belongs to another user (uid {})", meta.uid()),
            "copy it to a file of your own".into(),
        ));
    }
    if meta.permissions().mode() & 0o002 != 0 {
        return Some((
            "is writable by every user".into(),
            format!("fix: chmod go-w {}", shown(path)),
        ));
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(folder_meta) = std::fs::metadata(folder) {
        let mode = folder_meta.permissions().mode();
        if mode & 0o002 != 0 && mode & 0o1000 == 0 {
            return Some((
                format!(
                    "lies in {}, a folder every user may write to",
                    shown(folder)
                ),
                "move it to a folder of your own".into(),
            ));
        }
    }
    None
}

#[cfg(not(unix))]
fn writable_by_others(_path: &Path, _meta: &std::fs::Metadata) -> Option<(String, String)> {
    None
}

/// The colours of the config file that would vanish into the background
/// of a palette the theme setting may pick, one sentence each: the cockpit
/// keeps the palette's own colour there ([`Colours::unreadable_on`]).
pub fn colour_warnings(settings: &Settings) -> Vec<String> {
    let mut names: Vec<ThemeName> = [Some(false), Some(true)]
        .into_iter()
        .map(|light| settings.theme.resolve(light))
        .collect();
    names.dedup();
    let mut warnings = Vec::new();
    for name in names {
        let Some(background) = name.background() else {
            continue;
        };
        let shade = if background == crate::ui::contrast::DARK_BACKGROUND {
            "dark"
        } else {
            "light"
        };
        for (colour, value) in settings.colours.unreadable_on(background) {
            warnings.push(format!(
                "colours.{colour} = {value} cannot be read on a {shade} background; the \
                 cockpit uses the theme's own colour there instead"
            ));
        }
    }
    warnings
}

/// `~/x` as the home folder's `x`; anything else as written. Not on
/// Windows, where no shell gives `~` that meaning and `~` is an ordinary
/// character of a name (`C:\PROGRA~1`).
pub fn expand_home(text: &str) -> PathBuf {
    if cfg!(windows) {
        return PathBuf::from(text);
    }
    let home = || directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    if text == "~" {
        return home().unwrap_or_else(|| PathBuf::from(text));
    }
    match (text.strip_prefix("~/"), home()) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(text),
    }
}

/// The palette to draw with, and why it was chosen (for `tertial info`).
/// `background` asks the terminal, if the choice follows it: Some(light).
pub fn choose_theme(
    settings: &Settings,
    background: impl FnOnce() -> (Option<bool>, String),
) -> (ThemeName, String) {
    let from = match settings.origins.theme {
        Origin::Default => "the default",
        Origin::File => "the config file",
        Origin::Environment if process_env("NO_COLOR").is_some() => "NO_COLOR is set",
        Origin::Environment => "TERTIAL_THEME",
        Origin::CommandLine => "--theme",
    };
    let choice = settings.theme;
    if !choice.follows_background() {
        return (choice.resolve(None), format!("{} ({from})", choice.name()));
    }
    let (light, why) = background();
    let name = choice.resolve(light);
    (
        name,
        format!("{} ({} from {from}; {why})", name.name(), choice.name()),
    )
}

/// Whether to draw in ASCII only, and why.
pub fn choose_ascii(settings: &Settings, locale: &env::Locale) -> (bool, String) {
    let from = match settings.origins.ascii {
        Origin::Default => "the default",
        Origin::File => "the config file",
        Origin::Environment => "TERTIAL_ASCII",
        Origin::CommandLine => "--ascii",
    };
    match settings.ascii {
        Ascii::On => (true, format!("on ({from})")),
        Ascii::Off => (false, format!("off ({from})")),
        Ascii::Auto => {
            let on = !locale.utf8;
            (
                on,
                format!(
                    "{} (auto from {from}: the locale is {}UTF-8)",
                    if on { "on" } else { "off" },
                    if on { "not " } else { "" }
                ),
            )
        }
    }
}

/// The theme the settings give with a palette already chosen.
pub fn theme(settings: &Settings, name: ThemeName, ascii: bool) -> Theme {
    Theme::new(name, ascii).with_colours(settings.colours)
}

#[cfg(test)]
mod keymap_tests;
#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::Action;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn env_of(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
        move |name| {
            vars.iter()
                .find(|(n, v)| *n == name && !v.is_empty())
                .map(|(_, v)| OsString::from(v))
        }
    }

    fn config_file(text: &str) -> tempfile::NamedTempFile {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), text).unwrap();
        file
    }

    #[test]
    fn the_defaults_hold() {
        let settings = Settings::default();
        assert_eq!(settings.theme, ThemeChoice::Auto);
        assert_eq!(settings.ascii, Ascii::Auto);
        assert!(settings.copy && !settings.mouse);
        assert_eq!(settings.origins.theme, Origin::Default);
        assert_eq!(
            settings.keymap,
            Keymap::build(&[&default_bindings()]).unwrap()
        );
    }

    #[test]
    fn precedence_is_defaults_then_file_then_environment_then_command_line() {
        let file = config_file(
            "theme = \"light\"\nmouse = true\ncopy = false\nascii = true\n\
             export_dir = \"/from/file\"\n",
        );
        let nothing: &[(&str, &str)] = &[];
        let _ = nothing;
        let settings = load(Some(file.path()), &Layer::default(), &env_of(&[])).unwrap();
        assert_eq!(settings.theme, ThemeChoice::Fixed(ThemeName::Light));
        assert_eq!(settings.origins.theme, Origin::File);
        assert!(settings.mouse && !settings.copy);
        assert_eq!(settings.ascii, Ascii::On);
        assert_eq!(settings.export_dir, Some(PathBuf::from("/from/file")));
        assert_eq!(settings.snapshot, None, "still the default");
        assert_eq!(settings.origins.snapshot, Origin::Default);

        // The environment over the file.
        let env = env_of(&[
            ("TERTIAL_THEME", "colour-blind"),
            ("TERTIAL_MOUSE", "false"),
            ("TERTIAL_SNAPSHOT", "/from/env.db"),
        ]);
        let settings = load(Some(file.path()), &Layer::default(), &env).unwrap();
        assert_eq!(settings.theme, ThemeChoice::ColourBlind);
        assert_eq!(settings.origins.theme, Origin::Environment);
        assert!(!settings.mouse);
        assert!(
            !settings.copy,
            "the file still sets what the environment does not"
        );
        assert_eq!(settings.snapshot, Some(PathBuf::from("/from/env.db")));

        // NO_COLOR is the environment's too.
        let env = env_of(&[("NO_COLOR", "1")]);
        let settings = load(Some(file.path()), &Layer::default(), &env).unwrap();
        assert_eq!(settings.theme, ThemeChoice::Fixed(ThemeName::Mono));

        // The command line over everything.
        let cli = Layer {
            theme: Some(ThemeChoice::Fixed(ThemeName::Default)),
            mouse: Some(true),
            ascii: Some(Ascii::Off),
            ..Layer::default()
        };
        let env = env_of(&[("NO_COLOR", "1"), ("TERTIAL_MOUSE", "false")]);
        let settings = load(Some(file.path()), &cli, &env).unwrap();
        assert_eq!(settings.theme, ThemeChoice::Fixed(ThemeName::Default));
        assert_eq!(settings.origins.theme, Origin::CommandLine);
        assert!(settings.mouse);
        assert_eq!(settings.ascii, Ascii::Off);
    }

    /// `export_format`: xlsx by default, the file's choice, the
    /// environment's over it, the command line's over both; a word that
    /// is none of the three is refused with its line.
    #[test]
    fn the_export_format_follows_the_same_precedence() {
        use crate::export::FileFormat;
        assert_eq!(Settings::default().export_format, FileFormat::Xlsx);
        let file = config_file("export_format = \"csv-excel\"\n");
        let settings = load(Some(file.path()), &Layer::default(), &env_of(&[])).unwrap();
        assert_eq!(settings.export_format, FileFormat::CsvExcel);
        assert_eq!(settings.origins.export_format, Origin::File);
        let env = env_of(&[("TERTIAL_EXPORT_FORMAT", "csv")]);
        let settings = load(Some(file.path()), &Layer::default(), &env).unwrap();
        assert_eq!(settings.export_format, FileFormat::Csv);
        let cli = Layer {
            export_format: Some(FileFormat::Xlsx),
            ..Layer::default()
        };
        let settings = load(Some(file.path()), &cli, &env).unwrap();
        assert_eq!(settings.export_format, FileFormat::Xlsx);
        assert_eq!(settings.origins.export_format, Origin::CommandLine);
        let bad = parse("copy = true\nexport_format = \"xls\"\n").unwrap_err();
        assert_eq!((bad.line, bad.key.as_str()), (2, "export_format"));
        assert_eq!(
            bad.message,
            "expected one of xlsx, csv-excel, csv, found \"xls\""
        );
        let bad = load(
            None,
            &Layer::default(),
            &env_of(&[("TERTIAL_EXPORT_FORMAT", "ods")]),
        );
        assert!(bad.is_err());
    }

    #[test]
    fn the_file_is_found_by_option_then_environment_then_platform() {
        let named = config_file("mouse = true\n");
        let env_path = named.path().to_str().unwrap().to_string();
        let env = move |name: &str| (name == "TERTIAL_CONFIG").then(|| OsString::from(&env_path));
        let located = locate(None, &env);
        assert_eq!(located.source, FileSource::Environment);
        assert_eq!(located.path.as_deref(), Some(named.path()));
        let other = Path::new("/elsewhere.toml");
        assert_eq!(locate(Some(other), &env).source, FileSource::CommandLine);
        assert_eq!(locate(None, &env_of(&[])).source, FileSource::Platform);
        let settings = load(None, &Layer::default(), &env).unwrap();
        assert!(settings.mouse);
        assert!(settings.file.unwrap().found);
    }

    #[test]
    fn a_broken_config_is_one_sentence_with_file_line_and_key() {
        let file = config_file("# mine\nmouse = true\nthme = \"light\"\n");
        let e = load(Some(file.path()), &Layer::default(), &env_of(&[])).unwrap_err();
        let path = shown(file.path());
        assert_eq!(
            e,
            format!("{path}, line 3: thme: unknown setting; did you mean theme?")
        );
        let file = config_file("[keys]\nperiod_prev = [\",\"]\ndetail = [\",\"]\n");
        let e = load(Some(file.path()), &Layer::default(), &env_of(&[])).unwrap_err();
        assert_eq!(
            e,
            format!(
                "{path2}, line 3: the key , is bound to both period_prev and detail",
                path2 = shown(file.path())
            )
        );
        let e = load(
            Some(Path::new("/no/such/tertial.toml")),
            &Layer::default(),
            &env_of(&[]),
        )
        .unwrap_err();
        assert_eq!(
            e,
            "the config file /no/such/tertial.toml (named by --config) does not exist"
        );
        let e = load(
            None,
            &Layer::default(),
            &env_of(&[("TERTIAL_MOUSE", "maybe")]),
        )
        .unwrap_err();
        assert_eq!(e, "TERTIAL_MOUSE: expected true or false, found \"maybe\"");
    }

    #[test]
    fn remapped_period_keys_work_and_the_old_ones_do_not() {
        let file = config_file("[keys]\nperiod_prev = [\",\"]\nperiod_next = [\".\"]\n");
        let settings = load(Some(file.path()), &Layer::default(), &env_of(&[])).unwrap();
        let press = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        let pane = crate::ui::screen::PaneId::Economy;
        assert_eq!(
            settings.keymap.action_for(&press(','), pane),
            Some(Action::PrevPeriod)
        );
        assert_eq!(settings.keymap.action_for(&press('['), pane), None);
    }

    #[test]
    fn the_theme_follows_the_background_only_when_asked_to() {
        let mut settings = Settings::default();
        let light = || {
            (
                Some(true),
                "the terminal's background is #ffffff".to_string(),
            )
        };
        let (name, why) = choose_theme(&settings, light);
        assert_eq!(name, ThemeName::Light);
        assert_eq!(
            why,
            "light (auto from the default; the terminal's background is #ffffff)"
        );
        let (name, _) = choose_theme(&settings, || (None, "no answer".into()));
        assert_eq!(name, ThemeName::Default, "no answer: dark");
        settings.theme = ThemeChoice::Fixed(ThemeName::Mono);
        settings.origins.theme = Origin::CommandLine;
        let (name, why) = choose_theme(&settings, || panic!("not asked"));
        assert_eq!((name, why.as_str()), (ThemeName::Mono, "mono (--theme)"));
    }

    #[test]
    fn ascii_follows_the_locale_unless_set() {
        let mut settings = Settings::default();
        let c = env::Locale::from_env(&env_of(&[("LANG", "C")]));
        let utf8 = env::Locale::from_env(&env_of(&[("LANG", "sv_SE.UTF-8")]));
        assert!(choose_ascii(&settings, &c).0);
        assert!(!choose_ascii(&settings, &utf8).0);
        settings.ascii = Ascii::Off;
        assert!(!choose_ascii(&settings, &c).0);
    }

    #[test]
    #[cfg(unix)]
    fn a_leading_tilde_is_the_home_folder() {
        let home = directories::BaseDirs::new()
            .unwrap()
            .home_dir()
            .to_path_buf();
        assert_eq!(expand_home("~/x/y.db"), home.join("x/y.db"));
        assert_eq!(expand_home("/abs/~/y.db"), PathBuf::from("/abs/~/y.db"));
    }

    #[test]
    #[cfg(windows)]
    fn a_tilde_is_a_character_on_windows() {
        assert_eq!(expand_home("~/x/y.db"), PathBuf::from("~/x/y.db"));
        assert_eq!(expand_home("~"), PathBuf::from("~"));
    }

    #[test]
    #[cfg(windows)]
    fn the_config_lies_in_appdata() {
        let appdata = PathBuf::from(std::env::var_os("APPDATA").unwrap());
        assert_eq!(
            platform_path(),
            Some(appdata.join("tertial").join("config.toml"))
        );
    }
}
