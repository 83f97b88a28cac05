//! The fuzzers' corpora and every crash they found, replayed through the
//! same harnesses the fuzz targets call (`tertial::fuzzing`), so that what
//! the fuzzers learnt is kept by an ordinary `cargo test`. See the README's
//! "Fuzzing" section for running the fuzzers themselves.

use std::path::{Path, PathBuf};

/// Replays `fuzz/corpus/TARGET` and `fuzz/artifacts/TARGET` (if it exists)
/// and checks that the corpus holds at least `seeds` inputs: the corpus as
/// committed, so that a missing, emptied or thinned corpus fails instead of
/// passing silently (raise the number when the corpus grows).
fn replay(target: &str, seeds: usize, harness: fn(&[u8])) {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files = inputs(&fuzz.join("corpus").join(target));
    assert!(
        files.len() >= seeds,
        "{target}: only {} inputs in the corpus, expected at least {seeds}",
        files.len()
    );
    let artifacts = fuzz.join("artifacts").join(target);
    if artifacts.exists() {
        files.extend(inputs(&artifacts));
    }
    // Every input is run, and all that fail are named at the end; each
    // failure's own message is printed by the panic hook as it happens.
    let failed: Vec<String> = files
        .iter()
        .filter(|file| {
            let data = std::fs::read(file).unwrap();
            std::panic::catch_unwind(|| harness(&data)).is_err()
        })
        .map(|file| file.display().to_string())
        .collect();
    assert!(failed.is_empty(), "{target}: failing inputs: {failed:#?}");
}

/// The files of `dir`, in name order (hidden files and `README`s skipped).
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            !name.starts_with('.') && !name.starts_with("README")
        })
        .collect();
    files.sort();
    files
}

#[test]
fn sanitiser_corpus() {
    replay("sanitiser", 447, tertial::fuzzing::sanitiser);
}

#[test]
fn csv_import_corpus() {
    replay("csv_import", 41, tertial::fuzzing::csv_import);
}

#[test]
fn snapshot_loader_corpus() {
    replay("snapshot_loader", 19, tertial::fuzzing::snapshot_loader);
}
