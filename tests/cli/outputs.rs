//! Every command that writes a file, walked through the same hostile
//! targets: the file it reads, another snapshot, a file the user wrote, a
//! folder, a FIFO, a socket, a device node, links. One guard
//! (`tertial::output`) decides for all of them, so each case must end the
//! same way whichever command meets it: refused in one sentence with exit 2
//! and the target untouched, or (an earlier output of the command's own)
//! replaced whole.

use crate::common;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use tertial::export::Format;

/// A command that writes FILE, as the arguments before and after it.
struct Writer {
    name: String,
    /// The arguments, with `{out}` for the target and `{in}` for the snapshot
    /// (or the CSV folder, for import) it reads.
    args: Vec<String>,
    /// Whether it writes a snapshot (so another snapshot is its own kind).
    writes_snapshot: bool,
    /// Whether an earlier output is known as its own: a screen as text
    /// carries no mark, so even an earlier one is replaced only with --force.
    marks_its_own: bool,
    /// Whether it writes text, the same as it would print.
    text: bool,
}

impl Writer {
    fn new(name: &str, args: &[&str], writes_snapshot: bool) -> Writer {
        Writer {
            name: name.to_string(),
            args: args.iter().map(|a| a.to_string()).collect(),
            writes_snapshot,
            marks_its_own: true,
            text: !writes_snapshot,
        }
    }
}

/// Every command that writes a file, and `render` in every format it
/// knows (`Format::NAMES`), so that a new format is walked without a line
/// here.
fn writers() -> Vec<Writer> {
    let mut all = vec![
        Writer::new("import", &["import", "{in}", "-o", "{out}"], true),
        Writer::new("gen", &["gen", "--scale", "small", "-o", "{out}"], true),
        Writer::new(
            "report md",
            &["report", "--snapshot", "{in}", "-o", "{out}"],
            false,
        ),
        Writer::new(
            "report html",
            &[
                "report",
                "--format",
                "html",
                "--snapshot",
                "{in}",
                "-o",
                "{out}",
            ],
            false,
        ),
        Writer::new(
            "render --since",
            &[
                "render",
                "ekonomi",
                "--snapshot",
                "{in}",
                "--since",
                "{in}",
                "--format",
                "csv",
                "-o",
                "{out}",
            ],
            false,
        ),
    ];
    let panes = ["ekonomi", "mal", "uppdrag", "nyckeltal"];
    for (i, (name, format)) in Format::NAMES.into_iter().enumerate() {
        let pane = panes[i % panes.len()];
        let args = [
            "render",
            pane,
            "--snapshot",
            "{in}",
            "--format",
            name,
            "-o",
            "{out}",
        ];
        all.push(Writer {
            marks_its_own: format.is_data(),
            text: format != Format::Xlsx,
            ..Writer::new(&format!("render {name}"), &args, false)
        });
    }
    all
}

/// A private folder with what a writer reads: a copy of the sample
/// snapshot (`in.db`) and of its CSV folder (`csv/`).
struct Place {
    dir: tempfile::TempDir,
}

impl Place {
    fn new() -> Place {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(common::repo().join("sample.db"), dir.path().join("in.db")).unwrap();
        let csv = dir.path().join("csv");
        std::fs::create_dir(&csv).unwrap();
        for entry in std::fs::read_dir(common::repo().join("assets/sample")).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, csv.join(path.file_name().unwrap())).unwrap();
        }
        Place { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// What `writer` reads here.
    fn input(&self, writer: &Writer) -> PathBuf {
        if writer.name == "import" {
            self.path("csv")
        } else {
            self.path("in.db")
        }
    }

    fn run(&self, writer: &Writer, out: &Path, force: bool) -> common::Run {
        let input = self.input(writer);
        let mut args: Vec<String> = writer
            .args
            .iter()
            .map(|a| {
                a.replace("{in}", input.to_str().unwrap())
                    .replace("{out}", out.to_str().unwrap())
            })
            .collect();
        if force {
            args.push("--force".into());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        common::tertial(&args)
    }

    /// Names in the folder that a writer left behind (temporary files).
    fn leftovers(&self) -> Vec<String> {
        std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".tertial"))
            .collect()
    }
}

/// What is at a path, to tell that a refusal left it as it was.
#[derive(Debug, PartialEq)]
enum State {
    Missing,
    File(Vec<u8>),
    Special(&'static str),
    Folder(usize),
    Link(PathBuf),
}

fn state(path: &Path) -> State {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return State::Missing;
    };
    let kind = meta.file_type();
    if kind.is_symlink() {
        State::Link(std::fs::read_link(path).unwrap())
    } else if kind.is_file() {
        State::File(std::fs::read(path).unwrap())
    } else if kind.is_dir() {
        State::Folder(std::fs::read_dir(path).unwrap().count())
    } else if kind.is_fifo() {
        State::Special("fifo")
    } else if kind.is_socket() {
        State::Special("socket")
    } else if kind.is_char_device() {
        State::Special("char device")
    } else {
        State::Special("other")
    }
}

/// Asserts that `writer` refuses `target` (with and without `--force` when
/// `even_forced`), saying `words`, and leaves it and everything it reads as
/// they were.
fn refused(place: &Place, writer: &Writer, target: &Path, even_forced: bool, words: &str) {
    let input = place.input(writer);
    let forces: &[bool] = if even_forced {
        &[false, true]
    } else {
        &[false]
    };
    for &force in forces {
        let before = (state(target), state(&input), state(&place.path("in.db")));
        let run = place.run(writer, target, force);
        let case = format!("{} → {} (force {force})", writer.name, target.display());
        assert_eq!(run.code, 2, "{case}: {}", run.all());
        assert!(run.stdout.is_empty(), "{case}: {}", run.stdout);
        assert!(
            run.stderr.contains(words),
            "{case}: expected «{words}»: {}",
            run.stderr
        );
        assert_eq!(
            run.stderr.trim_end().lines().count(),
            1,
            "{case}: one sentence: {}",
            run.stderr
        );
        let after = (state(target), state(&input), state(&place.path("in.db")));
        assert!(before == after, "{case}: changed");
        assert_eq!(place.leftovers(), Vec::<String>::new(), "{case}");
    }
}

#[test]
fn no_writer_replaces_what_it_reads_not_even_with_force() {
    for writer in writers().iter().filter(|w| w.name != "gen") {
        let place = Place::new();
        let target = if writer.name == "import" {
            // For import, every file inside the folder it reads.
            place.path("csv/org_unit.csv")
        } else {
            place.path("in.db")
        };
        refused(&place, writer, &target, true, "");
        // The same file through a link, or by another spelling of its path.
        if writer.name != "import" {
            let link = place.path("link.db");
            std::os::unix::fs::symlink(place.path("in.db"), &link).unwrap();
            refused(&place, writer, &link, true, "is a file this command reads");
            let dotted = place.dir.path().join(".").join("in.db");
            refused(
                &place,
                writer,
                &dotted,
                true,
                "is a file this command reads",
            );
        }
    }
}

#[test]
fn another_snapshot_or_a_users_file_needs_force_and_force_replaces_it() {
    for writer in &writers() {
        let place = Place::new();
        let mine = place.path("anteckningar.md");
        std::fs::write(&mine, "mina egna ord\n").unwrap();
        refused(
            &place,
            writer,
            &mine,
            false,
            "refusing to replace it (add --force",
        );
        let other = place.path("other.db");
        std::fs::copy(place.path("in.db"), &other).unwrap();
        if writer.writes_snapshot {
            // Another snapshot is the same kind: replaced without --force.
            let run = place.run(writer, &other, false);
            assert_eq!(run.code, 0, "{}: {}", writer.name, run.all());
        } else {
            refused(&place, writer, &other, false, "but a tertial snapshot");
        }
        // --force replaces a regular file that is not an input.
        let run = place.run(writer, &mine, true);
        assert_eq!(run.code, 0, "{}: {}", writer.name, run.all());
        assert_ne!(std::fs::read(&mine).unwrap(), b"mina egna ord\n");
        assert_eq!(place.leftovers(), Vec::<String>::new(), "{}", writer.name);
    }
}

#[test]
fn folders_pipes_sockets_and_broken_links_are_refused_even_with_force() {
    for writer in &writers() {
        let place = Place::new();
        let folder = place.path("a-folder");
        std::fs::create_dir(&folder).unwrap();
        refused(
            &place,
            writer,
            &folder,
            true,
            "is a folder, not a regular file",
        );
        let fifo = place.path("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success(), "mkfifo in a private folder");
        refused(
            &place,
            writer,
            &fifo,
            true,
            "is a FIFO (named pipe), not a regular file",
        );
        let socket_path = place.path("sock");
        let _socket = std::os::unix::net::UnixListener::bind(&socket_path).unwrap();
        refused(
            &place,
            writer,
            &socket_path,
            true,
            "is a socket, not a regular file",
        );
        let dangling = place.path("dangling.md");
        std::os::unix::fs::symlink(place.path("gone"), &dangling).unwrap();
        refused(
            &place,
            writer,
            &dangling,
            true,
            "symbolic link to a file that does not exist",
        );
        let nowhere = place.path("no-such-folder/out.md");
        refused(
            &place,
            writer,
            &nowhere,
            true,
            "the folder it would go in does not exist",
        );
    }
}

/// A private device node like /dev/null's (root may make one). Failing to
/// make it fails the test: a case that silently disappears would pass
/// without checking. `cargo test` reports it ignored; .ci/run runs it.
#[test]
#[ignore = "needs mknod (root); .ci/run runs it"]
fn a_character_device_is_refused_by_every_writer_even_with_force() {
    let place = Place::new();
    let device = place.path("null-copy");
    let made = std::process::Command::new("mknod")
        .arg(&device)
        .args(["c", "1", "3"])
        .status()
        .unwrap();
    assert!(made.success(), "mknod (needs root) in a private folder");
    for writer in &writers() {
        refused(
            &place,
            writer,
            &device,
            true,
            "is a character device, not a regular file",
        );
    }
}

#[test]
fn an_earlier_output_is_replaced_whole_with_ordinary_permissions() {
    let umask = {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let mask = status
            .lines()
            .find_map(|l| l.strip_prefix("Umask:"))
            .unwrap();
        u32::from_str_radix(mask.trim(), 8).unwrap()
    };
    for writer in &writers() {
        let place = Place::new();
        let out = place.path("ut.fil");
        for round in ["first", "again"] {
            if round == "again" && !writer.marks_its_own {
                refused(&place, writer, &out, false, "a screen carries no mark");
            }
            let force = round == "again" && !writer.marks_its_own;
            let run = place.run(writer, &out, force);
            assert_eq!(run.code, 0, "{} {round}: {}", writer.name, run.all());
            let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o666 & !umask, "{} {round}", writer.name);
            assert_eq!(place.leftovers(), Vec::<String>::new(), "{}", writer.name);
        }
        if writer.text {
            // The file holds what standard output would have.
            let stdout_args: Vec<&str> = writer
                .args
                .iter()
                .take_while(|a| *a != "-o")
                .map(String::as_str)
                .collect();
            let input = place.input(writer);
            let args: Vec<String> = stdout_args
                .iter()
                .map(|a| a.replace("{in}", input.to_str().unwrap()))
                .collect();
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let printed = common::tertial(&args);
            assert_eq!(printed.code, 0, "{}", printed.all());
            let written = std::fs::read_to_string(&out).unwrap();
            assert_eq!(
                written.trim_end(),
                printed.stdout.trim_end(),
                "{}",
                writer.name
            );
        }
    }
}

/// `report` without `--snapshot` reads ./sample.db: `-o sample.db` there
/// is the input, as the first case had it.
#[test]
fn report_into_the_default_snapshot_is_refused() {
    let place = Place::new();
    std::fs::copy(place.path("in.db"), place.path("sample.db")).unwrap();
    let before = std::fs::read(place.path("sample.db")).unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_tertial"));
    common::isolate(&mut cmd);
    let out = cmd
        .current_dir(place.dir.path())
        .args(["report", "-o", "sample.db", "--force"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("sample.db: is a file this command reads"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(place.path("sample.db")).unwrap(), before);
}
