//! Helpers shared by the integration tests: run the real binary, build CSV
//! folders and snapshots.
#![allow(dead_code)]

pub mod pty;

use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// Runs the `tertial` binary built for these tests.
pub fn tertial(args: &[&str]) -> Run {
    tertial_with(args, &[("NO_COLOR", "1")])
}

/// The footer line of the overview as `tertial render` draws it for
/// `snapshot`, wide enough for a whole warning; exit code 0 is asserted.
pub fn overview_footer(snapshot: &Path) -> String {
    let run = tertial(&[
        "render",
        "oversikt",
        "--snapshot",
        snapshot.to_str().unwrap(),
        "--size",
        "300x10",
    ]);
    assert_eq!(run.code, 0, "{}", run.all());
    run.stdout.lines().last().unwrap_or_default().to_string()
}

/// A config folder that does not exist, so that no test reads the
/// config file of whoever runs the tests.
pub const NO_CONFIG_HOME: &str = "/nonexistent/tertial-tests-config";

/// The home folder of every tested process: private to the tests, empty,
/// and never the home of whoever runs them.
pub fn private_home() -> PathBuf {
    static HOME: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    HOME.get_or_init(|| {
        let home = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("tertial-tests-home");
        std::fs::create_dir_all(&home).expect("the tests' home folder");
        home
    })
    .clone()
}

/// The environment of every process the tests start (the tertial binary,
/// a shell in a pty, the Python helpers and what they start): the caller's
/// without anything that could change what tertial does — every
/// `TERTIAL_*` variable, NO_COLOR, the locale, TMUX, TERM, HOME and every
/// `XDG_*` folder — and with a private HOME, XDG folders that hold no
/// config file and a UTF-8 locale. `None` removes a variable. A test sets
/// what it means to test on top.
pub fn clean_env() -> Vec<(String, Option<String>)> {
    let mut env: Vec<(String, Option<String>)> = std::env::vars_os()
        .map(|(name, _)| name.to_string_lossy().into_owned())
        .filter(|name| {
            name.starts_with("TERTIAL_")
                || name.starts_with("XDG_")
                || name.starts_with("LC_")
                || [
                    "NO_COLOR",
                    "LANG",
                    "LANGUAGE",
                    "TMUX",
                    "TERM",
                    "COLORTERM",
                    "HOME",
                    "CLICOLOR",
                    "CLICOLOR_FORCE",
                ]
                .contains(&name.as_str())
        })
        .map(|name| (name, None))
        .collect();
    let home = private_home();
    let set = |name: &str, value: String| (name.to_string(), Some(value));
    env.extend([
        set("HOME", home.display().to_string()),
        set("XDG_CONFIG_HOME", NO_CONFIG_HOME.to_string()),
        set("XDG_DATA_HOME", test_data_home().display().to_string()),
        set(
            "XDG_STATE_HOME",
            home.join(".local/state").display().to_string(),
        ),
        set("XDG_CACHE_HOME", home.join(".cache").display().to_string()),
        set("LANG", "C.UTF-8".to_string()),
    ]);
    env
}

/// The data folder of every tested process (`$XDG_DATA_HOME` in
/// [`clean_env`]): where notes go, never the user's.
pub fn test_data_home() -> PathBuf {
    let data = private_home().join(".local/share");
    std::fs::create_dir_all(&data).expect("the tests' data folder");
    data
}

/// A CSV folder `csv` in `dir` for `tertial import` with `rows` economy
/// facts (`benches/import_folder.py`): long enough work to watch or stop.
pub fn import_folder(dir: &Path, rows: u32) -> PathBuf {
    let folder = dir.join("csv");
    let made = Command::new("python3")
        .arg(repo().join("benches/import_folder.py"))
        .arg(rows.to_string())
        .arg(&folder)
        .output()
        .expect("python3 runs");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    folder
}

/// `program` with [`clean_env`], started in the repository.
pub fn command(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(repo());
    isolate(&mut cmd);
    cmd
}

/// The `tertial` binary with `env` over [`clean_env`].
pub fn tertial_with(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = command(env!("CARGO_BIN_EXE_tertial"));
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("the tertial binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Gives `cmd` the environment of [`clean_env`].
pub fn isolate(cmd: &mut Command) {
    for (name, value) in clean_env() {
        match value {
            Some(value) => cmd.env(name, value),
            None => cmd.env_remove(name),
        };
    }
}

/// The output of `tertial COMMAND args` that must succeed quietly.
pub fn output_of(command: &str, args: &[&str]) -> String {
    let mut all = vec![command];
    all.extend_from_slice(args);
    let run = tertial(&all);
    assert_eq!(run.code, 0, "{all:?}: {}", run.all());
    assert!(run.stderr.is_empty(), "{all:?}: {}", run.stderr);
    run.stdout
}

/// A copy of the sample with each `(statement, text)` run on it (`?1` is
/// the text): a snapshot with hostile names or analyses.
pub fn sample_with(changes: &[(&str, &str)]) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("hostile.db");
    std::fs::copy(repo().join("sample.db"), &path).expect("copy the sample");
    let db = rusqlite::Connection::open(&path).expect("open the copy");
    for (sql, text) in changes {
        db.execute(sql, [text]).expect("the change applies");
    }
    (dir, path)
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `tests/helpers/NAME` (python3, standard library only) with
/// `args`: its standard output, and its standard error to show when an
/// assertion on the output fails.
pub fn helper(name: &str, args: &[&str]) -> (String, String) {
    let out = command("python3")
        .arg(repo().join("tests/helpers").join(name))
        .args(args)
        .output()
        .expect("python3 runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A number from a helper's JSON line (`"seconds": 0.31`).
pub fn json_number(line: &str, key: &str) -> Option<f64> {
    line.split(&format!("\"{key}\": "))
        .nth(1)?
        .split([',', '}'])
        .next()?
        .trim()
        .parse()
        .ok()
}

/// A copy of the sample in `dir`, open for bulk changes by SQL (no foreign
/// keys, no journal); [`Bulk::done`] leaves it a snapshot again.
pub struct Bulk {
    pub path: PathBuf,
    pub db: rusqlite::Connection,
}

impl Bulk {
    pub fn sample(dir: &Path, name: &str) -> Bulk {
        let path = dir.join(name);
        std::fs::copy(repo().join("sample.db"), &path).expect("copy the sample");
        let db = rusqlite::Connection::open(&path).expect("open the copy");
        db.execute_batch("PRAGMA foreign_keys = OFF; PRAGMA journal_mode = OFF;")
            .expect("bulk mode");
        Bulk { path, db }
    }

    /// Runs `sql` once over the rows `x` = 0 … n − 1 of a table `n(x)`.
    pub fn fill(&self, n: i64, sql: &str) -> &Bulk {
        self.db
            .execute(
                &format!(
                    "WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < ?1 - 1) {sql}"
                ),
                [n],
            )
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        self
    }

    /// Drops a table's keys and constraints, keeping its rows (a hand-made
    /// or hostile file may have none).
    pub fn loosen(&self, table: &str) -> &Bulk {
        self.db
            .execute_batch(&format!(
                "CREATE TABLE loose AS SELECT * FROM {table}; DROP TABLE {table}; \
                 ALTER TABLE loose RENAME TO {table};"
            ))
            .expect("loosen");
        self
    }

    /// `n` copies of one old period, `old` (December 1990): no key stops
    /// that in a file without one, and every join with `period` meets each.
    pub fn old_period_copies(&self, n: i64) -> &Bulk {
        self.loosen("period").fill(
            n,
            "INSERT INTO period (id, kind, end_date, label, year) \
             SELECT 'old', 'month', '1990-12-31', 'december 1990', 1990 FROM n",
        )
    }

    pub fn done(self) -> PathBuf {
        self.db
            .execute_batch("PRAGMA journal_mode = DELETE")
            .expect("journal back");
        self.path
    }
}

/// A folder of CSV files, starting from the smallest valid set, and a
/// separate folder for what is built from it (an import refuses to write
/// into its input folder).
pub struct Folder {
    pub dir: TempDir,
    pub outputs: TempDir,
}

impl Folder {
    pub fn empty() -> Folder {
        Folder {
            dir: tempfile::tempdir().expect("temp dir"),
            outputs: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A path for an output named `name`, outside the input folder.
    pub fn output(&self, name: &str) -> PathBuf {
        self.outputs.path().join(name)
    }

    pub fn minimal() -> Folder {
        let f = Folder::empty();
        f.write(
            "meta.csv",
            "key;value\ntitle;Test\norganisation;Region Test\nproducer;tests\n\
             created_at;2025-12-01\nmoney_unit;mkr\nlanguage;sv\n",
        );
        f.write(
            "period.csv",
            "id;kind;end_date;label;year\n2025-10;month;2025-10-31;ack oktober 2025;2025\n",
        );
        f.write(
            "org_unit.csv",
            "id;parent_id;kind;name\nregion;;region;Region Test\nhsn;region;board;HSN\n\
             hsn.pv;hsn;frame;Primärvård\nhsn.sv;hsn;frame;Sjukhusvård\n",
        );
        f.write(
            "source.csv",
            "id;document;section\ns1;Testrapport;1 Ekonomi\n",
        );
        f
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, name: &str, content: &str) {
        std::fs::write(self.dir.path().join(name), content).expect("write csv");
    }

    pub fn write_bytes(&self, name: &str, content: &[u8]) {
        std::fs::write(self.dir.path().join(name), content).expect("write csv");
    }

    /// Runs `tertial import` on this folder into `out`.
    pub fn import(&self, out: &Path) -> Run {
        import(self.path(), out)
    }
}

/// Runs `tertial import INPUT -o OUT` (a CSV folder or a workbook).
pub fn import(input: &Path, out: &Path) -> Run {
    tertial(&[
        "import",
        input.to_str().expect("utf-8 path"),
        "-o",
        out.to_str().expect("utf-8 path"),
    ])
}

/// Files in `dir` other than `keep`: what an import may have left behind.
pub fn leftovers(dir: &Path, keep: &[&str]) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !keep.contains(&n.as_str()))
        .collect()
}

/// A pane of the built-in sample as the cockpit draws it after `keys`,
/// through the same path as `tertial render`. Days are counted from a fixed
/// date so that no screen depends on the day the tests run.
pub fn screen_in(
    pane: tertial::ui::screen::PaneId,
    theme: tertial::ui::theme::Theme,
    period: &str,
    size: (u16, u16),
    keys: &str,
) -> ratatui::buffer::Buffer {
    use tertial::ui::render::{RenderOptions, parse_keys, render};
    let options = RenderOptions {
        pane,
        period: Some(period.to_string()),
        size,
        keys: parse_keys(keys).expect("valid keys"),
        theme,
        today: chrono::NaiveDate::from_ymd_opt(2025, 11, 22).expect("a date"),
        notes: None,
    };
    render(
        tertial::data::Store::demo().expect("the demo opens"),
        &options,
    )
    .expect("renders")
}

/// [`screen_in`] in the default theme.
pub fn screen(
    pane: tertial::ui::screen::PaneId,
    period: &str,
    size: (u16, u16),
    keys: &str,
) -> ratatui::buffer::Buffer {
    screen_in(
        pane,
        tertial::ui::theme::Theme::new(tertial::ui::theme::ThemeName::Default, false),
        period,
        size,
        keys,
    )
}
