//! Names the commit a binary was built from, for `tertial --version` and
//! `tertial info`: `TERTIAL_COMMIT` is the short hash, with `-dirty` when
//! the work tree had changes, or empty outside a git checkout (a source
//! tarball, `cargo install` from a registry) or without git.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let commit = git(&["rev-parse", "--short", "HEAD"]);
    let dirty = git(&["status", "--porcelain", "--untracked-files=no"])
        .is_some_and(|changes| !changes.is_empty());
    let described = match commit {
        Some(hash) if dirty => format!("{hash}-dirty"),
        Some(hash) => hash,
        None => String::new(),
    };
    println!("cargo:rustc-env=TERTIAL_COMMIT={described}");
    // Run again when HEAD moves (a checkout, a commit on the branch). The
    // index is not watched: every `git status` may rewrite it, and each run
    // rebuilds the crate. What the binary is built from (the sources, the
    // embedded files) is watched, so that "-dirty" follows an edit. In a
    // worktree, HEAD lives in the worktree's git folder and the branch's
    // ref in the shared one.
    if let Some(dir) = git(&["rev-parse", "--git-dir"]) {
        watch(&PathBuf::from(dir).join("HEAD"));
    }
    if let (Some(common), Some(reference)) = (
        git(&["rev-parse", "--git-common-dir"]),
        git(&["symbolic-ref", "-q", "HEAD"]),
    ) {
        let common = PathBuf::from(common);
        watch(&common.join(reference));
        watch(&common.join("packed-refs"));
    }
    for sources in [
        "src",
        "crates",
        "assets",
        "docs/snapshot-format.md",
        "sample.db",
        "Cargo.toml",
        "Cargo.lock",
        "build.rs",
    ] {
        println!("cargo:rerun-if-changed={sources}");
    }
}

/// One line of git's output, or `None` when git is missing, fails or this
/// is not a checkout.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8(out.stdout).ok()?.trim().to_string())
}

fn watch(path: &Path) {
    if path.exists() {
        println!("cargo:rerun-if-changed={}", path.display());
    }
}
