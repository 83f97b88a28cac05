//! The layer rules as tests: the core names no terminal crate, and no two
//! files of the workspace import each other, even through others.
//!
//! The import graph is read from the sources themselves (no `cargo
//! modules`, no network): every `use crate::…`, `use super::…`, `use
//! self::…` and every `crate::…`/`super::…` path in code, resolved to the
//! file that defines the module (through the `use` re-exports of the file
//! it names). A module's file declares its submodules and may dispatch to
//! them (panes/mod.rs's dispatch to each pane), so an edge from a file down to one of its
//! own submodules' files is not an import; every other edge is, and the
//! graph of them must have no circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Imports that close a circle, tolerated for now, each with why; the
/// graph is checked without them. The test fails once one of them is no
/// longer there, so that it is taken out of this list.
const TOLERATED: &[(&str, &str)] = &[
    // None. The last two (#21 §1: screen.rs and keymap/action.rs →
    // panes/mod.rs, whose registry made `ScreenKey` and `PaneId` from every
    // pane) went when the list of panes, those enums and the panes' key
    // types moved to src/ui/panes/registry.rs, below all three.
];

/// The layering holds because this crate's manifest names no terminal
/// crate: adding one here would let `data` or `domain` draw.
#[test]
fn the_core_depends_on_no_terminal_crate() {
    let manifest = include_str!("../Cargo.toml");
    for line in manifest.lines().map(str::trim) {
        let name = line.split(['=', '.', ' ']).next().unwrap_or("");
        for terminal in ["ratatui", "crossterm", "termion", "termwiz"] {
            assert!(
                !name.starts_with(terminal),
                "crates/core/Cargo.toml depends on {terminal}: {line}"
            );
        }
    }
}

#[test]
fn no_two_files_import_each_other_even_through_others() {
    let mut graph = Graph::of_workspace(&workspace());
    let mut stale = Vec::new();
    for (from, to) in TOLERATED {
        let there = graph.edges.get_mut(*from).is_some_and(|e| e.remove(*to));
        if !there {
            stale.push(format!("{from} → {to}"));
        }
    }
    let circles: Vec<String> = graph
        .circles()
        .into_iter()
        .map(|(group, circle)| {
            format!("{} (all of: {})", graph.describe(&circle), group.join(", "))
        })
        .collect();
    assert!(
        circles.is_empty(),
        "files that import each other (make the import run one way: move what both need \
         to one of them, or to a third file):\n{}",
        circles.join("\n")
    );
    assert!(
        stale.is_empty(),
        "no longer imported, take it out of TOLERATED: {stale:?}"
    );
}

/// docs/architecture.md's table of the cockpit names every file of
/// `src/ui/` by its path there, and no file that is gone.
#[test]
fn the_architecture_doc_names_every_file_of_the_cockpit() {
    let root = workspace();
    let doc = std::fs::read_to_string(root.join("docs/architecture.md")).unwrap_or_default();
    let section = doc
        .split("## Inside `ui`")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap_or_default();
    // The first cell of each row: `a.rs`, `b/c.rs`.
    let named: BTreeSet<String> = section
        .lines()
        .filter_map(|l| l.strip_prefix('|')?.split('|').next())
        .flat_map(|cell| cell.split('`').skip(1).step_by(2))
        .map(str::to_string)
        .collect();
    let files: BTreeSet<String> = sources(&root)
        .into_iter()
        .filter_map(|(f, _)| Some(f.strip_prefix("src/ui/")?.to_string()))
        .collect();
    assert!(files.len() > 40, "read src/ui/: {files:?}");
    let missing: Vec<&String> = files.difference(&named).collect();
    let gone: Vec<&String> = named.difference(&files).collect();
    assert!(
        missing.is_empty() && gone.is_empty(),
        "docs/architecture.md, Inside `ui`: add a row for {missing:?}, take out {gone:?}"
    );
}

/// The graph finds a circle made on purpose, through a third file, and one
/// through a re-export; an edge down to a submodule is not one.
#[test]
fn a_circle_is_found() {
    let files = [
        ("src/lib.rs", "pub mod a; pub mod b; pub mod c; pub mod p;"),
        ("src/a.rs", "use crate::b::B;\npub struct A;"),
        ("src/b.rs", "pub struct B(super::c::C);"),
        (
            "src/c.rs",
            "fn f() { let _ = crate::a::A; } // crate::p::P\npub struct C;",
        ),
        (
            "src/p/mod.rs",
            "mod q; pub use q::Q; pub struct P; fn g() { q::go() }",
        ),
        (
            "src/p/q.rs",
            "use super::P;\nconst S: &str = \"crate::a::A\";\npub struct Q;",
        ),
        ("src/d.rs", "use crate::p::Q;"),
        ("src/e.rs", "use crate::d::*; pub struct E;"),
    ];
    let graph = Graph::of_files(&files);
    let circles = graph.circles();
    assert_eq!(circles.len(), 1, "{circles:?}");
    assert_eq!(
        graph.describe(&circles[0].1),
        "src/a.rs → src/b.rs → src/c.rs → src/a.rs"
    );
    // d reaches q through p's re-export; p's own edge down to q is none.
    assert!(graph.edges["src/d.rs"].contains("src/p/q.rs"));
    assert!(!graph.edges["src/p/mod.rs"].contains("src/p/q.rs"));
    assert!(graph.edges["src/p/q.rs"].contains("src/p/mod.rs"));

    // From a test module inside a file, `super::super` is the file's parent.
    let looped = [
        ("src/lib.rs", "pub mod d; pub mod e;"),
        ("src/d.rs", "use crate::e::E; pub struct D;"),
        (
            "src/e.rs",
            "pub struct E; mod t { use super::super::d::D; }",
        ),
    ];
    let graph = Graph::of_files(&looped);
    assert_eq!(
        graph.describe(&graph.circles()[0].1),
        "src/d.rs → src/e.rs → src/d.rs"
    );
}

/// The workspace's root folder.
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every .rs file of the root crate's `src/` and each `crates/*/src/`,
/// as (path from the workspace root, text).
pub(crate) fn sources(root: &Path) -> Vec<(String, String)> {
    let mut folders = vec![root.join("src")];
    if let Ok(crates) = std::fs::read_dir(root.join("crates")) {
        folders.extend(crates.flatten().map(|c| c.path().join("src")));
    }
    let mut out = Vec::new();
    for folder in folders {
        walk(&folder, &mut |path| {
            if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(path).unwrap_or_default();
                let name = path.strip_prefix(root).unwrap_or(path);
                let name = name.to_string_lossy().replace('\\', "/");
                out.push((name, text));
            }
        });
    }
    out.sort();
    out
}

fn walk(folder: &Path, each: &mut dyn FnMut(&Path)) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, each);
        } else {
            each(&path);
        }
    }
}

/// A crate's source folder and its root file, and a file's module path.
/// `src/ui/app.rs` is `ui::app` of the crate rooted at `src/lib.rs`;
/// `src/main.rs` is a crate of its own.
fn module_of(file: &str) -> (String, Vec<String>) {
    let (folder, rest) = match file.find("src/") {
        Some(i) => (&file[..i + 4], &file[i + 4..]),
        None => ("", file),
    };
    if rest == "main.rs" {
        return (file.to_string(), Vec::new());
    }
    let krate = format!("{folder}lib.rs");
    let mut path: Vec<String> = rest
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_string)
        .collect();
    if matches!(path.last().map(String::as_str), Some("mod" | "lib")) {
        path.pop();
    }
    (krate, path)
}

/// Files and the files they import.
struct Graph {
    edges: BTreeMap<String, BTreeSet<String>>,
}

/// One file's module, its `use` names and the paths it names.
struct Parsed {
    krate: String,
    module: Vec<String>,
    /// Names a `use` brings in, at the file's top level: name → full path.
    uses: BTreeMap<String, Vec<String>>,
    /// Every path the file names, as written from the module it is in.
    paths: Vec<Vec<String>>,
}

impl Graph {
    fn of_workspace(root: &Path) -> Graph {
        let files = sources(root);
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        Graph::of_files(&refs)
    }

    fn of_files(files: &[(&str, &str)]) -> Graph {
        let mut parsed: BTreeMap<String, Parsed> = BTreeMap::new();
        let mut modules: BTreeMap<(String, Vec<String>), String> = BTreeMap::new();
        // `#[path = "x.rs"] mod name;` puts a file where its name does not.
        let mut moved: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (file, text) in files {
            let (_, module) = module_of(file);
            for (target, name) in path_attributes(text) {
                let dir = file.rsplit_once('/').map_or("", |(d, _)| d);
                let mut m = module.clone();
                m.push(name);
                moved.insert(format!("{dir}/{target}"), m);
            }
        }
        for (file, text) in files {
            let (krate, mut module) = module_of(file);
            if let Some(m) = moved.get(*file) {
                module = m.clone();
            }
            modules.insert((krate.clone(), module.clone()), file.to_string());
            let tokens = tokens(text);
            let (uses, paths) = paths_in(&tokens, &module);
            parsed.insert(
                file.to_string(),
                Parsed {
                    krate,
                    module,
                    uses,
                    paths,
                },
            );
        }
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (file, p) in &parsed {
            let out = edges.entry(file.clone()).or_default();
            for path in &p.paths {
                let Some(target) = resolve(&parsed, &modules, &p.krate, path.clone(), 0) else {
                    continue;
                };
                let below = {
                    let t = &parsed[&target].module;
                    t.len() > p.module.len() && t.starts_with(&p.module)
                };
                if target != *file && !below {
                    out.insert(target);
                }
            }
        }
        Graph { edges }
    }

    /// Each strongly connected group of files (Tarjan), sorted, with a
    /// shortest circle through its first file.
    fn circles(&self) -> Vec<(Vec<String>, Vec<String>)> {
        let names: Vec<&String> = self.edges.keys().collect();
        let index: BTreeMap<&String, usize> =
            names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let next: Vec<Vec<usize>> = names
            .iter()
            .map(|n| {
                self.edges[*n]
                    .iter()
                    .filter_map(|t| index.get(t).copied())
                    .collect()
            })
            .collect();
        let mut groups = Vec::new();
        for group in strongly_connected(&next) {
            if group.len() > 1 {
                let circle = self.circle_through(&group, &next, &names);
                let mut files: Vec<String> = group.iter().map(|&i| names[i].clone()).collect();
                files.sort_unstable();
                groups.push((files, circle));
            }
        }
        groups
    }

    /// A shortest circle from the group's first file back to it, inside the group.
    fn circle_through(
        &self,
        group: &[usize],
        next: &[Vec<usize>],
        names: &[&String],
    ) -> Vec<String> {
        let start = *group.iter().min().unwrap_or(&0);
        let inside: BTreeSet<usize> = group.iter().copied().collect();
        let mut came_from: BTreeMap<usize, usize> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        'search: while let Some(at) = queue.pop_front() {
            for &n in &next[at] {
                if !inside.contains(&n) || came_from.contains_key(&n) {
                    continue;
                }
                came_from.insert(n, at);
                if n == start {
                    break 'search;
                }
                queue.push_back(n);
            }
        }
        let mut circle = vec![start];
        let mut at = came_from.get(&start).copied().unwrap_or(start);
        while at != start {
            circle.push(at);
            at = came_from[&at];
        }
        circle[1..].reverse();
        circle.iter().map(|&i| names[i].clone()).collect()
    }

    fn describe(&self, circle: &[String]) -> String {
        let mut all: Vec<&str> = circle.iter().map(String::as_str).collect();
        all.extend(circle.first().map(String::as_str));
        all.join(" → ")
    }
}

/// Tarjan's strongly connected components, without recursion.
fn strongly_connected(next: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = next.len();
    let (mut index, mut low) = (vec![usize::MAX; n], vec![0; n]);
    let (mut on_stack, mut stack) = (vec![false; n], Vec::new());
    let (mut counter, mut groups) = (0, Vec::new());
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut child)) = work.last_mut() {
            if *child == 0 {
                index[v] = counter;
                low[v] = counter;
                counter += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = next[v].get(*child) {
                *child += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut group = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    group.push(w);
                    if w == v {
                        break;
                    }
                }
                groups.push(group);
            }
        }
    }
    groups
}

/// The file a path names: the deepest module with a file of its own,
/// followed through that file's `use` when the rest of the path is a name
/// it imports. None for a path outside the crate.
fn resolve(
    parsed: &BTreeMap<String, Parsed>,
    modules: &BTreeMap<(String, Vec<String>), String>,
    krate: &str,
    path: Vec<String>,
    depth: usize,
) -> Option<String> {
    let key = |p: &[String]| (krate.to_string(), p.to_vec());
    let len = (0..=path.len())
        .rev()
        .find(|&l| modules.contains_key(&key(&path[..l])))?;
    let file = modules[&key(&path[..len])].clone();
    if len < path.len() && depth < 8 {
        if let Some(target) = parsed[&file].uses.get(&path[len]) {
            let mut further = target.clone();
            further.extend_from_slice(&path[len + 1..]);
            if further != path {
                return resolve(parsed, modules, krate, further, depth + 1).or(Some(file));
            }
        }
    }
    // A path that stops at the crate root names something outside it
    // (a re-exported crate) or the root itself: no edge either way.
    (len > 0).then_some(file)
}

/// `#[path = "target"] mod name;` in a file: (target, name).
fn path_attributes(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("#[path = \"") {
        let rest = &text[i + 10..];
        let Some((target, after)) = rest.split_once("\"]") else {
            continue;
        };
        let after = after.trim_start();
        let after = after.strip_prefix("pub ").unwrap_or(after);
        if let Some(decl) = after.strip_prefix("mod ") {
            let name: String = decl
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push((target.to_string(), name));
        }
    }
    out
}

/// The tokens of Rust source that matter for paths: identifiers and
/// punctuation, with comments, strings and characters left out.
fn tokens(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == 'b' && matches!((at(i + 1), at(i + 2)), ('"' | '\'', _) | ('r', '"' | '#')) {
            i += 1; // a byte string or byte: read on as a string or character
        } else if c == 'r'
            && (at(i + 1) == '"' || (at(i + 1) == '#' && matches!(at(i + 2), '"' | '#')))
        {
            // A raw string: r"…", r#"…"#.
            let mut hashes = 0;
            i += 1;
            while at(i) == '#' {
                hashes += 1;
                i += 1;
            }
            i += 1;
            while i < chars.len() {
                if chars[i] == '"' && (0..hashes).all(|h| at(i + 1 + h) == '#') {
                    i += 1 + hashes;
                    break;
                }
                i += 1;
            }
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
        } else if c == '\'' {
            // A character ('a', '\n', '\u{1F600}') or a lifetime ('a).
            if at(i + 1) == '\\' {
                i += 3;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(chars[start..i].iter().collect());
        } else if c == ':' && at(i + 1) == ':' {
            out.push("::".to_string());
            i += 2;
        } else if c.is_whitespace() || c.is_ascii_digit() {
            i += 1;
        } else {
            out.push(c.to_string());
            i += 1;
        }
    }
    out
}

fn is_ident(t: &str) -> bool {
    t.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// A path as written, made absolute from the module it is written in:
/// `super` and `self` resolved, `crate` dropped; a first name that is none
/// of them is relative to the module (the caller has already left out
/// `std::…` and other crates).
fn absolute(written: &[String], module: &[String]) -> Vec<String> {
    let mut out = module.to_vec();
    let mut rest = written;
    match written.first().map(String::as_str) {
        Some("crate") => {
            out.clear();
            rest = &written[1..];
        }
        Some("self") => rest = &written[1..],
        Some("super") => {
            while rest.first().is_some_and(|s| s == "super") {
                out.pop();
                rest = &rest[1..];
            }
        }
        _ => {}
    }
    out.extend(rest.iter().filter(|s| *s != "self").cloned());
    out
}

/// The file's top-level `use` names and every path it names, absolute.
fn paths_in(
    tokens: &[String],
    file_module: &[String],
) -> (BTreeMap<String, Vec<String>>, Vec<Vec<String>>) {
    let mut uses: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut paths = Vec::new();
    // Inline modules (`mod tests { … }`) and the brace depth they close at.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    let module = |inline: &[(String, usize)]| {
        let mut m = file_module.to_vec();
        m.extend(inline.iter().map(|(n, _)| n.clone()));
        m
    };
    while i < tokens.len() {
        let t = tokens[i].as_str();
        let next = |k: usize| tokens.get(i + k).map_or("", String::as_str);
        match t {
            "{" => depth += 1,
            "}" => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
            }
            "mod" if is_ident(next(1)) && next(2) == "{" => {
                inline.push((next(1).to_string(), depth + 1));
            }
            "use" => {
                let here = module(&inline);
                let mut trees = Vec::new();
                i = use_tree(tokens, i + 1, Vec::new(), &mut trees);
                for (written, name) in trees {
                    let first = written.first().map_or("", String::as_str);
                    // `use std::…`, `use ratatui::…`: outside the crate.
                    // A first name of the module's own (a submodule, or a
                    // name a `use` brought in) stays relative to it.
                    let rooted = matches!(first, "crate" | "super" | "self" | "$");
                    let imported = inline.is_empty() && uses.contains_key(first);
                    if !(rooted || imported || is_child_module(tokens, first)) {
                        continue;
                    }
                    let full = if imported {
                        let mut f: Vec<String> = uses[first].clone();
                        f.extend_from_slice(&written[1..]);
                        f
                    } else {
                        let w: Vec<String> =
                            written.iter().filter(|s| *s != "$").cloned().collect();
                        absolute(&w, &here)
                    };
                    if inline.is_empty() && name != "*" {
                        uses.insert(name, full.clone());
                    }
                    paths.push(full);
                }
                continue;
            }
            "crate" | "super" | "self" if next(1) == "::" && (i == 0 || tokens[i - 1] != "::") => {
                let mut written = vec![t.to_string()];
                let mut k = i + 1;
                while tokens.get(k).is_some_and(|s| s == "::")
                    && tokens.get(k + 1).is_some_and(|s| is_ident(s))
                {
                    written.push(tokens[k + 1].clone());
                    k += 2;
                }
                paths.push(absolute(&written, &module(&inline)));
                i = k;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    (uses, paths)
}

/// Whether the file declares `mod name;` (or `mod name {`).
fn is_child_module(tokens: &[String], name: &str) -> bool {
    tokens.windows(2).any(|w| w[0] == "mod" && w[1] == name)
}

/// Reads a use tree from `i` (after `use` or a `{`) up to its `;`, `,` or
/// `}`; each leaf as (the path written, the name it brings in). Returns the
/// index after the tree (past the `;` at the top).
fn use_tree(
    tokens: &[String],
    mut i: usize,
    prefix: Vec<String>,
    out: &mut Vec<(Vec<String>, String)>,
) -> usize {
    let mut path = prefix;
    loop {
        let t = tokens.get(i).map_or(";", String::as_str);
        match t {
            "::" => i += 1,
            "$" => {
                path.push("$".to_string());
                i += 1;
            }
            "{" => {
                i += 1;
                loop {
                    i = use_tree(tokens, i, path.clone(), out);
                    match tokens.get(i).map_or("}", String::as_str) {
                        "," => i += 1,
                        _ => break,
                    }
                    if tokens.get(i).is_some_and(|s| s == "}") {
                        break;
                    }
                }
                i += 1; // the closing brace
                return finish(tokens, i);
            }
            "*" => {
                out.push((path, "*".to_string()));
                return finish(tokens, i + 1);
            }
            "as" => {
                let alias = tokens.get(i + 1).cloned().unwrap_or_default();
                out.push((path, alias));
                return finish(tokens, i + 2);
            }
            ";" | "," | "}" => {
                let name = match path.last().map(String::as_str) {
                    Some("self") if path.len() > 1 => path[path.len() - 2].clone(),
                    Some(last) => last.to_string(),
                    None => return finish(tokens, i),
                };
                out.push((path, name));
                return finish(tokens, i);
            }
            _ if is_ident(t) => {
                path.push(t.to_string());
                i += 1;
            }
            _ => {
                i += 1;
            }
        }
    }
}

/// Past a `;` that ends a whole `use`; a `,` or `}` is the caller's.
fn finish(tokens: &[String], i: usize) -> usize {
    if tokens.get(i).is_some_and(|s| s == ";") {
        i + 1
    } else {
        i
    }
}
