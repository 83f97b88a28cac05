//! Format 4's figures through the real binary: the investment report and
//! the planned changes on screen and in the report draft, with their
//! sources, and a file of version 3 that has none of them reading as before.

use crate::common;

use common::{repo, tertial};

fn render(period: &str, keys: &str, snapshot: Option<&str>) -> String {
    let mut args = vec!["render", "ekonomi", "--period", period, "--size", "80x24"];
    args.extend(["--keys", keys]);
    match snapshot {
        Some(path) => args.extend(["--snapshot", path]),
        None => args.push("--demo"),
    }
    let run = tertial(&args);
    assert_eq!(run.code, 0, "{}", run.all());
    run.stdout
}

#[test]
fn render_shows_the_investment_report_and_the_planned_changes_at_80x24() {
    let shown = render("2024-08", "v", None);
    assert!(shown.contains("Investeringar (mkr)"), "{shown}");
    let total = shown
        .lines()
        .find(|l| l.contains("Investeringar totalt"))
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(total.contains("−522") && total.contains("−15"), "{total}");
    assert!(shown.lines().all(|l| l.chars().count() <= 80));

    let shown = render("2025-10", "b", None);
    assert!(shown.contains("Planerade förändringar 2026"), "{shown}");
    assert!(shown.contains("öppnar +8 vårdpl."), "{shown}");
}

#[test]
fn the_report_draft_has_groups_changes_investments_and_plans_with_notes() {
    let run = tertial(&["report", "--demo", "--period", "2024-08"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let md = &run.stdout;
    for wanted in [
        "## Personal och sjukfrånvaro per grupp",
        "Sjukfrånvaro, regionen: kvinnor: 6,12 % (utan angiven mätperiod)[^",
        "Antal anställda, förändring april 2023 – augusti 2024: 278 personer",
        "· Antal anställda, förändring: hälso- och sjukvården: 245 personer",
        "## Förändring mot föregående år enligt rapporten",
        "Skatteintäkter och generella statsbidrag: +473 mkr (+6,9 %) mot samma period föregående år[^",
        "## Investeringar",
        "| Investeringar totalt[^",
        "Resultat och ekonomisk ställning: Skatteintäkter och generella statsbidrag",
        "5.1 Investeringar inom fastighet: Pågående projekt",
    ] {
        assert!(md.contains(wanted), "missing {wanted:?} in\n{md}");
    }
    // Planned changes for 2026 belong to the 2025 reports, not to 2024's.
    assert!(!md.contains("Planerade förändringar"), "{md}");
    let run = tertial(&["report", "--demo", "--period", "2025-10"]);
    assert!(
        run.stdout.contains("## Planerade förändringar 2026, HSN")
            && run.stdout.contains(
                "Planerat öppnande av en kirurgisk akutvårdsavdelning (öppnar, +8 vårdplatser)[^"
            )
            && run
                .stdout
                .contains("Nämndens planerade verksamhetsförändringar"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("## Investeringar"), "{}", run.stdout);
}

/// The sample as a producer of version 3 would have written it: none of
/// version 4's tables or columns (investment, planned_change,
/// `kpi.parent_id`, `economy_fact.change_prev_year`, the year-on-year links,
/// the promise and the contradictions), its own columns renamed away.
#[test]
fn a_version_3_file_checks_and_reads_without_the_new_figures() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v3.db");
    std::fs::copy(repo().join("sample.db"), &path).unwrap();
    let db = rusqlite::Connection::open(&path).unwrap();
    db.execute_batch(
        "PRAGMA foreign_keys = OFF;
         DROP TABLE investment; DROP TABLE planned_change;
         ALTER TABLE economy_fact RENAME COLUMN change_prev_year TO producer_own;
         ALTER TABLE kpi RENAME COLUMN parent_id TO producer_parent;
         ALTER TABLE kpi RENAME COLUMN previous_id TO producer_previous;
         ALTER TABLE subgoal RENAME COLUMN previous_id TO producer_previous;
         ALTER TABLE bed_event RENAME COLUMN directive_id TO producer_directive;
         ALTER TABLE notice RENAME COLUMN kind TO producer_kind;
         ALTER TABLE notice RENAME COLUMN stated TO producer_stated;
         ALTER TABLE notice RENAME COLUMN other_stated TO producer_other_stated;
         ALTER TABLE notice RENAME COLUMN other_source_id TO producer_other_source;
         PRAGMA user_version = 3;",
    )
    .unwrap();
    drop(db);
    let path = path.to_str().unwrap();
    let check = tertial(&["check", path]);
    // Only the sample's two rounding notes: exit 0.
    assert_eq!(check.code, 0, "{}", check.all());
    assert!(
        check.stdout.contains("0 errors, 0 warnings"),
        "{}",
        check.all()
    );
    assert!(
        !check.stdout.contains("investment lines"),
        "{}",
        check.stdout
    );

    let shown = render("2024-08", "v", Some(path));
    assert!(
        shown.contains("Ingen investeringsredovisning i år t.o.m. ack augusti 2024."),
        "{shown}"
    );
    let shown = render("2025-10", "b", Some(path));
    assert!(!shown.contains("Planerade förändringar"), "{shown}");
    let report = tertial(&["report", "--snapshot", path, "--period", "2024-08"]);
    assert_eq!(report.code, 0, "{}", report.all());
    assert!(!report.stdout.contains("## Investeringar"));
    assert!(!report.stdout.contains("per grupp"));
}
