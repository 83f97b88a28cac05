//! How long a key can wait behind the warm-up (issue 26 §3): the cockpit
//! warms the panes and periods the user has not asked for while no key
//! waits (`App::warm_one`), and a key that comes mid-step waits until the
//! step next asks the cancel check (a query every so many steps, the Rust
//! between queries where it gives way). This runs the warm-up on a freshly
//! opened file, notes when each check is asked, and prints per step its
//! time and its longest stretches without one: the longest a key waits.
//! Wall-clock stretches include the time the scheduler gave others, so
//! each stretch is the least of `RUNS` runs.
//!
//! ```sh
//! cargo bench --bench warm_wait -- /tmp/big.db 7
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)] // bench code: a panic is a failure

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tertial::data::Store;
use tertial::ui::app::App;
use tertial::ui::theme::{Theme, ThemeName};

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| !a.starts_with("--"));
    let path = args.next().unwrap_or_else(|| "sample.db".to_string());
    let runs: usize = args.next().map_or(5, |n| n.parse().unwrap());
    // Per step, per stretch: the least over the runs.
    let mut least: Vec<Vec<Duration>> = Vec::new();
    for _ in 0..runs {
        for (step, stretches) in warm_up(&path).into_iter().enumerate() {
            match least.get_mut(step) {
                Some(kept) if kept.len() == stretches.len() => {
                    for (k, s) in kept.iter_mut().zip(stretches) {
                        *k = (*k).min(s);
                    }
                }
                Some(_) => panic!("step {step} asked a different number of checks"),
                None => least.push(stretches),
            }
        }
    }
    let ms = |d: &Duration| d.as_secs_f64() * 1e3;
    println!("{path}, least of {runs} runs:");
    for (step, stretches) in least.iter().enumerate() {
        let mut longest = stretches.clone();
        longest.sort_unstable_by(|a, b| b.cmp(a));
        let shown: Vec<String> = longest
            .iter()
            .take(3)
            .map(|d| format!("{:.2}", ms(d)))
            .collect();
        println!(
            "step {step}: {:.1} ms, {} checks, longest without one {} ms",
            stretches.iter().map(ms).sum::<f64>(),
            stretches.len() - 1,
            shown.join(" / ")
        );
    }
}

/// Each step of the warm-up as the stretches between its start, each
/// check asked and its end.
fn warm_up(path: &str) -> Vec<Vec<Duration>> {
    let store = Store::open(std::path::Path::new(path)).unwrap();
    let asked: Arc<Mutex<Vec<Instant>>> = Arc::default();
    let noted = asked.clone();
    store.set_cancel_check(move || {
        noted.lock().unwrap().push(Instant::now());
        false
    });
    let today = chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
    let theme = Theme::new(ThemeName::Default, false);
    let mut app = App::new(store, theme, today, (120, 40));
    let mut steps = Vec::new();
    while app.can_warm() {
        asked.lock().unwrap().clear();
        let start = Instant::now();
        app.warm_one();
        let end = Instant::now();
        let mut points = vec![start];
        points.extend(asked.lock().unwrap().iter().copied());
        points.push(end);
        steps.push(points.windows(2).map(|w| w[1] - w[0]).collect());
    }
    steps
}
