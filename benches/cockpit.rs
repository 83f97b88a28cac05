//! The cockpit's inner steps, on the sample and on a generated snapshot:
//! open + first view, each pane's query and render at 120×40 (on a fresh
//! file and again after a period switch), drill and back, a period switch
//! and a search. `cargo bench` measures them (a region-scale
//! snapshot is generated once and cached under `target/bench-data/`);
//! `cargo test` runs each once on a small generated snapshot, so they
//! cannot rot. See BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)] // bench code: a panic is a failure

mod shared;

use ratatui::crossterm::event::KeyCode;
use shared::{draw, key, terminal, type_search};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tertial::data::Store;
use tertial::keymap::Action;
use tertial::output::Overwrite;
use tertial::synth::{GenOptions, Scale, generate};
use tertial::ui::app::App;
use tertial::ui::screen::PaneId;

fn main() {
    divan::main();
}

/// Whether divan was started by `cargo bench` (else: test mode, one run).
fn benchmarking() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The generated snapshot: region scale when benchmarking, small in test
/// mode; generated once per seed, scale and generator and kept under
/// target/ (the name carries a hash of the generator's sources and the
/// format's DDL, so a changed generator is never measured on an old file).
fn generated() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let scale = if benchmarking() {
            Scale::Region
        } else {
            Scale::Small
        };
        let seed = 1;
        let dir = repo().join("target").join("bench-data");
        std::fs::create_dir_all(&dir).unwrap();
        let stem = format!("{}-{seed}-", scale.name());
        let path = dir.join(format!("{stem}{:016x}.db", generator_hash()));
        if !path.exists() {
            // Older generators' files of the same scale and seed go.
            for old in std::fs::read_dir(&dir).unwrap().flatten() {
                if old.file_name().to_string_lossy().starts_with(&stem) {
                    std::fs::remove_file(old.path()).unwrap();
                }
            }
            generate(&GenOptions { scale, seed }, &path, Overwrite::SameKindOnly).unwrap();
        }
        path
    })
}

/// FNV-1a over the generator's sources and the format's DDL, in name order.
fn generator_hash() -> u64 {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("crates/synth/src"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.push(repo().join("assets").join("schema.sql"));
    let mut hash: u64 = 0xCBF2_9CE4_8422_2325;
    for file in files {
        for b in std::fs::read(file).unwrap() {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3);
        }
    }
    hash
}

fn snapshot(which: &str) -> PathBuf {
    match which {
        "sample" => repo().join("sample.db"),
        _ => generated().to_path_buf(),
    }
}

fn app(which: &str) -> App {
    shared::app(Store::open(&snapshot(which)).unwrap())
}

const SNAPSHOTS: [&str; 2] = ["sample", "generated"];

/// Start to first frame, minus the terminal: open, load, build Översikt, draw.
#[divan::bench(args = SNAPSHOTS)]
fn open_and_first_view(bencher: divan::Bencher, which: &str) {
    let path = snapshot(which);
    bencher.bench_local(|| {
        let store = Store::open(&path).unwrap();
        let app = shared::app(store);
        let mut terminal = terminal();
        draw(&mut terminal, &app);
    });
}

const PANES: [PaneId; PaneId::ALL.len()] = PaneId::ALL;

/// A pane's screen built from the snapshot (its queries) and drawn: a
/// period switch away and back forces the rebuild each time.
#[divan::bench(args = PANES, consts = [0, 1])]
fn pane_build_and_draw<const GENERATED: usize>(bencher: divan::Bencher, pane: PaneId) {
    let mut app = app(SNAPSHOTS[GENERATED]);
    app.apply(Action::Pane(pane));
    let mut terminal = terminal();
    bencher.bench_local(|| {
        app.apply(Action::PrevPeriod);
        app.apply(Action::NextPeriod);
        draw(&mut terminal, &app);
    });
}

/// A pane's first build on a freshly opened file, and its draw: a first
/// visit, with nothing read before but what opening reads (the
/// organisation, the periods) and Översikt, which the cockpit opens on.
/// For Översikt itself: the cockpit built on the opened file, which builds
/// Översikt, and drawn. (`pane_build_and_draw` switches period away and
/// back, and reuses what the store keeps for the last three periods.)
#[divan::bench(args = PANES, consts = [0, 1], sample_size = 1)]
fn pane_first_visit<const GENERATED: usize>(bencher: divan::Bencher, pane: PaneId) {
    let path = snapshot(SNAPSHOTS[GENERATED]);
    if pane == PaneId::Overview {
        bencher
            .with_inputs(|| (Store::open(&path).unwrap(), terminal()))
            .bench_local_values(|(store, mut terminal)| {
                let app = shared::app(store);
                draw(&mut terminal, &app);
                app
            });
    } else {
        bencher
            .with_inputs(|| {
                let store = Store::open(&path).unwrap();
                (shared::app(store), terminal())
            })
            .bench_local_values(|(mut app, mut terminal)| {
                app.apply(Action::Pane(pane));
                draw(&mut terminal, &app);
                app
            });
    }
}

/// The cockpit on a freshly opened file after the warm-up the event loop
/// runs once the first frame is out and no key waits (`App::warm_one`
/// until it has nothing left).
fn warmed(which: &str, pane: PaneId) -> App {
    let mut app = app(which);
    app.apply(Action::Pane(pane));
    while app.can_warm() {
        app.warm_one();
    }
    app
}

/// A pane's first visit after the warm-up (the figure a user gets who does
/// not press a key within the warm-up's first tens of milliseconds): build
/// (none left to do) and draw.
#[divan::bench(args = PANES, consts = [0, 1], sample_size = 1)]
fn pane_first_visit_warmed<const GENERATED: usize>(bencher: divan::Bencher, pane: PaneId) {
    bencher
        .with_inputs(|| (warmed(SNAPSHOTS[GENERATED], PaneId::Overview), terminal()))
        .bench_local_values(|(mut app, mut terminal)| {
            app.apply(Action::Pane(pane));
            draw(&mut terminal, &app);
            app
        });
}

/// The warm-up itself, step by step after the first frame until nothing is
/// left: the CPU it takes while the user reads (and then none).
#[divan::bench(args = SNAPSHOTS, sample_size = 1)]
fn warm_up(bencher: divan::Bencher, which: &str) {
    bencher
        .with_inputs(|| app(which))
        .bench_local_values(|mut app| {
            while app.can_warm() {
                app.warm_one();
            }
            app
        });
}

/// Drawing only, from state already built: what a cursor move costs.
#[divan::bench(args = PANES, consts = [0, 1])]
fn pane_draw<const GENERATED: usize>(bencher: divan::Bencher, pane: PaneId) {
    let mut app = app(SNAPSHOTS[GENERATED]);
    app.apply(Action::Pane(pane));
    let mut terminal = terminal();
    bencher.bench_local(|| {
        app.apply(Action::Down);
        draw(&mut terminal, &app);
    });
}

/// Översikt's *Förändringar* (`d`): everything that changed since the
/// previous report, built from the snapshot and drawn, then back.
#[divan::bench(args = SNAPSHOTS)]
fn changes_screen(bencher: divan::Bencher, which: &str) {
    let mut app = app(which);
    let mut terminal = terminal();
    bencher.bench_local(|| {
        app.apply(Action::Changes);
        draw(&mut terminal, &app);
        app.apply(Action::Back);
    });
}

/// The comparison switched (`c`) on Ekonomi, whose change columns read the
/// comparison period's figures, and drawn.
#[divan::bench(args = SNAPSHOTS)]
fn comparison_switch(bencher: divan::Bencher, which: &str) {
    let mut app = app(which);
    app.apply(Action::Pane(PaneId::Economy));
    let mut terminal = terminal();
    bencher.bench_local(|| {
        app.apply(Action::Compare);
        draw(&mut terminal, &app);
    });
}

/// Ekonomi: from the tree into the first unit's cost types and back.
#[divan::bench(args = SNAPSHOTS)]
fn drill_and_back(bencher: divan::Bencher, which: &str) {
    let mut app = app(which);
    app.apply(Action::Pane(PaneId::Economy));
    let mut terminal = terminal();
    bencher.bench_local(|| {
        app.apply(Action::Drill);
        draw(&mut terminal, &app);
        app.apply(Action::Back);
        draw(&mut terminal, &app);
    });
}

/// The previous period on Ekonomi, drawn.
#[divan::bench(args = SNAPSHOTS)]
fn period_switch(bencher: divan::Bencher, which: &str) {
    let mut app = app(which);
    app.apply(Action::Pane(PaneId::Economy));
    let mut terminal = terminal();
    let mut back = false;
    bencher.bench_local(|| {
        app.apply(if back {
            Action::NextPeriod
        } else {
            Action::PrevPeriod
        });
        back = !back;
        draw(&mut terminal, &app);
    });
}

/// The previous period on Ekonomi for the first time (the period's reads
/// not yet kept), drawn: what `[` costs right after the cockpit opened on
/// Ekonomi.
#[divan::bench(args = SNAPSHOTS, sample_size = 1)]
fn period_switch_first_time(bencher: divan::Bencher, which: &str) {
    bencher
        .with_inputs(|| {
            let mut app = app(which);
            app.apply(Action::Pane(PaneId::Economy));
            (app, terminal())
        })
        .bench_local_values(|(mut app, mut terminal)| {
            app.apply(Action::PrevPeriod);
            draw(&mut terminal, &app);
            app
        });
}

/// `[` on Ekonomi after the warm-up, which read the previous period ahead.
#[divan::bench(args = SNAPSHOTS, sample_size = 1)]
fn period_switch_first_time_warmed(bencher: divan::Bencher, which: &str) {
    bencher
        .with_inputs(|| (warmed(which, PaneId::Economy), terminal()))
        .bench_local_values(|(mut app, mut terminal)| {
            app.apply(Action::PrevPeriod);
            draw(&mut terminal, &app);
            app
        });
}

/// `/`, a word and Enter: every hit found, with the periods each has
/// figures in, the hit list built and drawn; then back.
#[divan::bench(args = SNAPSHOTS)]
fn search(bencher: divan::Bencher, which: &str) {
    let mut app = app(which);
    let mut terminal = terminal();
    bencher.bench_local(|| {
        type_search(&mut app);
        app.handle_key(key(KeyCode::Enter));
        draw(&mut terminal, &app);
        app.apply(Action::Back);
    });
}

/// Enter on a search typed into a freshly opened cockpit (the prompt's
/// live hits built as each letter was typed, outside the measurement): the
/// whole hit list with the periods of each, drawn. What `search` measures
/// again and again, the first time.
#[divan::bench(args = SNAPSHOTS, sample_size = 1)]
fn search_enter_first_time(bencher: divan::Bencher, which: &str) {
    bencher
        .with_inputs(|| {
            let mut app = app(which);
            type_search(&mut app);
            (app, terminal())
        })
        .bench_local_values(|(mut app, mut terminal)| {
            app.handle_key(key(KeyCode::Enter));
            draw(&mut terminal, &app);
            app
        });
}

/// How many notes the marks are measured with (issue 22: "within 10 % of none").
const NOTES: usize = 10_000;

/// A notes file with [`NOTES`] notes on the generated snapshot's
/// organisation: on its units and their cost types in turn (so every
/// Ekonomi screen has marks to find), made once under target/bench-data/.
fn notes_file() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        use tertial::notes::{Kind, Note, NotesStore, Subject};
        let store = Store::open(generated()).unwrap();
        let dir = repo().join("target").join("bench-data");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!(
            "notes-{NOTES}-{}.db",
            generated().file_stem().unwrap().to_string_lossy()
        ));
        if path.exists() {
            return path;
        }
        let notes: Vec<Note> = (0..NOTES)
            .map(|i| {
                let unit = &store.org[i % store.org.len()];
                let subject = if i % 2 == 0 {
                    Subject::new(Kind::Unit, &[&unit.id])
                } else {
                    let ct = &store.cost_types[i % store.cost_types.len()];
                    Subject::new(Kind::CostType, &[&unit.id, &ct.id])
                };
                Note {
                    id: format!("bench-{i}"),
                    organisation: store.meta.organisation.clone(),
                    subject,
                    about: unit.name.clone(),
                    text: format!("anteckning {i}"),
                    flag: None,
                    created: "2025-09-01T00:00:00Z".into(),
                    updated: "2025-09-01T00:00:00Z".into(),
                    period: "2025-08".into(),
                    period_label: "ack augusti 2025".into(),
                    report_date: "2025-12-10".into(),
                    figure: None,
                    revision: 1,
                }
            })
            .collect();
        NotesStore::open(&path).unwrap().import(&notes).unwrap();
        path
    })
}

/// The generated snapshot's app with [`NOTES`] notes, or none.
fn app_with_notes(notes: bool) -> App {
    let mut app = app("generated");
    if notes {
        let organisation = app.store.meta.organisation.clone();
        app.set_notes(tertial::ui::notes::Notes::open(notes_file(), &organisation));
    }
    app
}

/// Start to first frame with a notes file of 10 000 notes or none, as the
/// cockpit does it: the notes file is named, and read after the frame.
#[divan::bench(args = [false, true])]
fn first_view_with_notes(bencher: divan::Bencher, notes: bool) {
    let path = generated();
    let file = notes_file();
    bencher.bench_local(|| {
        let store = Store::open(path).unwrap();
        let mut app = shared::app(store);
        if notes {
            app.notes_later(file.to_path_buf());
        }
        let mut terminal = terminal();
        draw(&mut terminal, &app);
        app
    });
}

/// After the first frame: the 10 000 notes read, Översikt marked and drawn
/// again (what the cockpit does once nothing waits).
#[divan::bench(sample_size = 1)]
fn notes_after_first_frame(bencher: divan::Bencher) {
    let path = generated();
    let file = notes_file();
    bencher
        .with_inputs(|| {
            let store = Store::open(path).unwrap();
            let mut app = shared::app(store);
            app.notes_later(file.to_path_buf());
            let mut terminal = terminal();
            draw(&mut terminal, &app);
            (app, terminal)
        })
        .bench_local_values(|(mut app, mut terminal)| {
            assert!(app.open_pending_notes());
            draw(&mut terminal, &app);
            app
        });
}

/// Ekonomi rebuilt (a period away and back) and drawn, with 10 000 notes
/// marking its rows or none: what the marks cost a key that rebuilds.
#[divan::bench(args = [false, true])]
fn economy_rebuild_with_notes(bencher: divan::Bencher, notes: bool) {
    let mut app = app_with_notes(notes);
    app.apply(Action::Pane(PaneId::Economy));
    let mut terminal = terminal();
    bencher.bench_local(|| {
        app.apply(Action::PrevPeriod);
        app.apply(Action::NextPeriod);
        draw(&mut terminal, &app);
    });
}

/// A cursor move on Ekonomi with 10 000 notes or none: drawing only.
#[divan::bench(args = [false, true])]
fn economy_key_with_notes(bencher: divan::Bencher, notes: bool) {
    let mut app = app_with_notes(notes);
    app.apply(Action::Pane(PaneId::Economy));
    let mut terminal = terminal();
    bencher.bench_local(|| {
        app.apply(Action::Down);
        draw(&mut terminal, &app);
    });
}
