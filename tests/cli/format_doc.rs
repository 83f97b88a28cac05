//! The format document's examples are a valid snapshot: the document cannot
//! drift from what the importer accepts.

use crate::common;

use common::{Folder, repo, tertial};
use tertial::snapshot::spec::TABLES;

/// (file name, content) of each "`FILE.csv`:" followed by a ```csv block.
fn examples() -> Vec<(String, String)> {
    let doc = std::fs::read_to_string(repo().join("docs/snapshot-format.md")).unwrap();
    let mut out = Vec::new();
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        let Some(name) = line
            .strip_prefix('`')
            .and_then(|l| l.split_once(".csv`"))
            .map(|(n, _)| n)
        else {
            continue;
        };
        // The block may follow a sentence that continues the file's line.
        if !lines.by_ref().take(3).any(|l| l == "```csv") {
            continue;
        }
        let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        out.push((format!("{name}.csv"), body.join("\n") + "\n"));
    }
    out
}

#[test]
fn every_table_has_an_example_and_together_they_import_and_check_clean() {
    let examples = examples();
    for table in TABLES {
        assert!(
            examples
                .iter()
                .any(|(name, _)| *name == format!("{}.csv", table.name)),
            "the format document has no example for {}.csv",
            table.name
        );
    }
    let folder = Folder::empty();
    for (name, body) in &examples {
        folder.write(name, body);
    }
    let out = folder.output("example.db");
    let run = folder.import(&out);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(
        run.all().lines().all(|l| !l.starts_with("warning")),
        "{}",
        run.all()
    );
    let check = tertial(&["check", out.to_str().unwrap()]);
    assert_eq!(check.code, 0, "{}", check.all());
}
