//! The cockpit's inner steps, on the sample and on a generated snapshot:
//! open + first view, each pane's query and render at 120×40, drill and
//! back, and a period switch. `cargo bench` measures them (a region-scale
//! snapshot is generated once and cached under `target/bench-data/`);
//! `cargo test` runs each once on a small generated snapshot, so they
//! cannot rot. See BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)] // bench code: a panic is a failure

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tertial::data::Store;
use tertial::snapshot::atomic::Overwrite;
use tertial::synth::{GenOptions, Scale, generate};
use tertial::ui::app::App;
use tertial::ui::keymap::Action;
use tertial::ui::screen::PaneId;
use tertial::ui::theme::{Theme, ThemeName};

const SIZE: (u16, u16) = (120, 40);

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
/// mode; generated once per seed and scale and kept under target/.
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
        let path = dir.join(format!("{}-{seed}.db", scale.name()));
        if !path.exists() {
            generate(&GenOptions { scale, seed }, &path, Overwrite::SnapshotsOnly).unwrap();
        }
        path
    })
}

fn snapshot(which: &str) -> PathBuf {
    match which {
        "sample" => repo().join("sample.db"),
        _ => generated().to_path_buf(),
    }
}

fn app(which: &str) -> App {
    let store = Store::open(&snapshot(which)).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
    App::new(store, Theme::new(ThemeName::Default, false), today, SIZE)
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).unwrap()
}

const SNAPSHOTS: [&str; 2] = ["sample", "generated"];

/// Start to first frame, minus the terminal: open, load, build Översikt, draw.
#[divan::bench(args = SNAPSHOTS)]
fn open_and_first_view(bencher: divan::Bencher, which: &str) {
    let path = snapshot(which);
    bencher.bench_local(|| {
        let store = Store::open(&path).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
        let app = App::new(store, Theme::new(ThemeName::Default, false), today, SIZE);
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
