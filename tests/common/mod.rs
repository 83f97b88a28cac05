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

/// A config folder that does not exist, so that no test reads the
/// config file of whoever runs the tests.
pub const NO_CONFIG_HOME: &str = "/nonexistent/tertial-tests-config";

/// The `tertial` binary with `env` over an environment cleared of every
/// setting it reads (no config file, no `TERTIAL_*`).
pub fn tertial_with(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tertial"));
    cmd.args(args);
    isolate(&mut cmd);
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

/// Clears what the user's environment could set: the config file, the
/// `TERTIAL_*` variables, NO_COLOR.
pub fn isolate(cmd: &mut Command) {
    cmd.env("XDG_CONFIG_HOME", NO_CONFIG_HOME);
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("TERTIAL_") || name == "NO_COLOR" {
            cmd.env_remove(name.as_ref());
        }
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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
        tertial(&[
            "import",
            self.path().to_str().expect("utf-8 path"),
            "-o",
            out.to_str().expect("utf-8 path"),
        ])
    }
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
