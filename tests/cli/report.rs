//! `tertial report`: the draft for the sample at two periods, held as
//! snapshots (same snapshot, same bytes); the figures the issue names, each
//! with its source; bad input; hostile text escaped; the HTML in a real
//! headless browser.

use crate::common;

use common::{repo, tertial};

fn report(args: &[&str]) -> String {
    common::output_of("report", args)
}

#[test]
fn the_sample_at_two_periods_in_markdown() {
    let august = report(&["--demo", "--period", "2025-08"]);
    insta::assert_snapshot!("report_2025_08_md", august);
    let october = report(&["--demo", "--period", "ack oktober 2025"]);
    insta::assert_snapshot!("report_2025_10_md", october);
}

#[test]
fn the_sample_in_html() {
    let html = report(&["--demo", "--period", "2025-08", "--format", "html"]);
    insta::assert_snapshot!("report_2025_08_html", html);
}

#[test]
fn the_key_figures_off_target_are_listed_with_target_distance_and_source() {
    let md = report(&["--period", "2025-08"]);
    let section = md
        .split("## Nyckeltal utanför målvärde")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("the section");
    let share = section
        .lines()
        .find(|l| l.contains("Beroende hyrpersonal"))
        .expect("the agency-staff share is off its 3,7 % ceiling");
    assert!(share.contains("| 3,81 %[^"), "{share}");
    assert!(share.contains("| 3,7 % |"), "{share}");
    assert!(share.contains("0,11 p.e. över"), "{share}");
    assert!(section.contains("beräknat av tertial"), "{section}");
    assert!(!section.contains("Sjukfrånvaro"), "no target, not listed");
}

#[test]
fn the_same_snapshot_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let sample = repo().join("sample.db");
    let sample = sample.to_str().unwrap();
    let mut outputs = Vec::new();
    for name in ["a.html", "b.html"] {
        let out = dir.path().join(name);
        let run = tertial(&[
            "report",
            "--snapshot",
            sample,
            "--format",
            "html",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{}", run.all());
        assert!(run.stdout.is_empty(), "written to the file only");
        outputs.push(std::fs::read(out).unwrap());
    }
    assert_eq!(outputs[0], outputs[1]);
    let stdout = report(&["--snapshot", sample, "--format", "html"]);
    assert_eq!(stdout.as_bytes(), outputs[0]);
}

/// The note numbers of `line` (`[^3]`), and the note texts of `md` by number.
fn notes(line: &str) -> Vec<usize> {
    line.split("[^")
        .skip(1)
        .filter_map(|s| s.split(']').next()?.parse().ok())
        .collect()
}

fn note_text(md: &str, n: usize) -> String {
    let head = format!("[^{n}]: ");
    md.lines()
        .find_map(|l| l.strip_prefix(&head))
        .unwrap_or_else(|| panic!("no note {n}"))
        .to_string()
}

#[test]
fn august_has_the_directive_the_deviation_the_forecast_and_red_delmal_each_with_its_source() {
    let md = report(&["--demo", "--period", "2025-08"]);
    let line = |needle: &str| {
        md.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle}:\n{md}"))
            .to_string()
    };
    let sourced = |needle: &str, source: &str| {
        let l = line(needle);
        let n = notes(&l);
        assert!(!n.is_empty(), "no note: {l}");
        let text = note_text(&md, n[0]);
        assert!(text.contains(source), "{needle}: {text}");
    };
    // Finished with deviation, under that heading.
    let done = md.find("*Klara med avvikelse*").unwrap();
    let directive = md
        .find("- Minska personalkostnaden: Klar m. avvikelse")
        .unwrap();
    assert!(done < directive && directive < md.find("*Försenade").unwrap());
    sourced(
        "- Minska personalkostnaden",
        "HSN delårsrapport per augusti 2025",
    );
    sourced(
        "Budgetavvikelse hittills i år: −335 mkr",
        "HSN delårsrapport per augusti 2025, 3.1",
    );
    sourced(
        "Prognos, avvikelse helår: −550 mkr",
        "HSN delårsrapport per augusti 2025",
    );
    // The computed projection is marked as computed.
    assert!(
        line("−335 mkr ÷ 8 månader × 12 = −502,5 mkr")
            .contains("*Beräknad helårsavvikelse (tertials uträkning, inte nämndens prognos):*")
    );
    // Red delmål, each followed by its analysis.
    let red = md.find("*Röda: uppfylls inte*").unwrap();
    let yellow = md.find("*Gula: uppfylls delvis*").unwrap();
    let reds = &md[red..yellow];
    assert!(reds.contains(
        "| HSN: Hälsofrämjande och förebyggande insatser är tydligt prioriterade | Inte[^"
    ));
    assert!(reds.contains("> Delmålet bedöms inte vara uppnått vid delårsrapporteringen, och på grund av avsaknad av data"));
    // Every note used has a text, and every text is used.
    let used: std::collections::BTreeSet<usize> = md
        .lines()
        .filter(|l| !l.starts_with("[^"))
        .flat_map(notes)
        .collect();
    let defined = md.lines().filter(|l| l.starts_with("[^")).count();
    assert_eq!(used, (1..=defined).collect());
}

#[test]
fn october_carries_augusts_judgements_and_forecast_marked_and_lists_the_changes() {
    let md = report(&["--demo", "--period", "2025-10"]);
    assert!(
        md.contains("- Prognos, avvikelse helår: −550 mkr (enligt ack augusti 2025)[^"),
        "{md}"
    );
    // August's judgement carried to October, its period named and noted.
    assert!(
        md.contains(
            "| HSN: Hälsofrämjande och förebyggande insatser är tydligt prioriterade \
             | Inte[^5] | Inga data | ack augusti 2025 |"
        ),
        "{md}"
    );
    assert!(md.contains("## Förändringar sedan ack augusti 2025"));
    assert!(md.contains("- Sjukhusvård: avvikelse −334 mkr[^"), "{md}");
    assert!(md.contains("→ −430 mkr[^"), "{md}");
    assert!(md.contains("## Nyckeltal utanför målvärde"));
}

/// `--compare` names the comparison period: every change is then against
/// it (here April, not the default August), with April's figure and source.
/// HSN's deviation was −229 mkr in April and −448 mkr in October
/// (sample.db's economy_fact), so the change is −219 mkr.
#[test]
fn compare_chooses_the_period_every_change_is_against() {
    let default = report(&["--demo", "--period", "2025-10"]);
    let august = report(&["--demo", "--period", "2025-10", "--compare", "2025-08"]);
    assert_eq!(august, default, "August is the default comparison");
    let april = report(&["--demo", "--period", "2025-10", "--compare", "2025-04"]);
    assert!(
        april.contains("Jämförelseperiod: ack april 2025.\n"),
        "{april}"
    );
    assert!(
        april.contains(
            "- Förändring sedan ack april 2025: −219 mkr (från −229 mkr[^2]), *beräknad av tertial*"
        ),
        "{april}"
    );
    assert!(
        april.contains("\n## Förändringar sedan ack april 2025\n"),
        "{april}"
    );
    assert!(
        april.contains(
            "- Hälso- och sjukvårdsnämnden: avvikelse −229 mkr[^2] → −448 mkr[^1] (−219 mkr, \
             *beräknad*)"
        ),
        "{april}"
    );
    assert!(!april.contains("sedan ack augusti 2025"), "{april}");
    // Note 2 is the source of April's figure (sample.db: source of HSN's
    // total at 2025-04).
    assert!(
        april.contains(
            "\n[^2]: Nämndens återkoppling på Planeringsförutsättningar 2026 (HSN Dnr. \
             637-2025), Ekonomiskt läge.\n"
        ),
        "{april}"
    );
}

#[test]
fn bad_input_is_one_sentence_exit_2_and_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("saknas").join("rapport.md");
    for (args, says) in [
        (
            vec!["--demo", "--period", "2031-01"],
            "no period '2031-01'; the snapshot has: ",
        ),
        (vec!["--demo", "--compare", "fjol"], "no period 'fjol'"),
        (
            vec!["--demo", "--format", "pdf"],
            "unknown report format 'pdf'; choose md or html",
        ),
        (
            vec!["--demo", "-o", missing.to_str().unwrap()],
            "the folder it would go in does not exist",
        ),
        (
            vec!["--demo", "-o", dir.path().to_str().unwrap()],
            "is a folder, not a regular file",
        ),
        (vec!["--snapshot", "/nonexistent/x.db"], "x.db"),
    ] {
        let mut all = vec!["report"];
        all.extend(args.iter().copied());
        let run = tertial(&all);
        assert_eq!(run.code, 2, "{args:?}: {}", run.all());
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
        let first = run.stderr.lines().next().unwrap_or_default();
        assert!(
            first.contains(says),
            "one sentence, first: {args:?}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty());
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

const HOSTILE: &str = "<script>alert(1)</script> *fet* [länk](http://evil.example) | a\n# rubrik";

#[test]
fn hostile_text_is_escaped_in_markdown_and_html() {
    let (_dir, path) = common::sample_with(&[
        (
            "UPDATE org_unit SET name = ?1 WHERE id = 'hsn.sjukhusvard'",
            HOSTILE,
        ),
        (
            "UPDATE economy_fact SET analysis = ?1 WHERE org_unit_id = 'hsn.sjukhusvard'",
            HOSTILE,
        ),
    ]);
    let path = path.to_str().unwrap();
    let md = report(&["--snapshot", path, "--period", "2025-08"]);
    assert!(!md.contains("<script>"), "{md}");
    assert!(md.contains("\\<script\\>"));
    assert!(!md.contains("[länk](http"), "no link");
    assert!(
        !md.lines()
            .any(|l| l.starts_with("# rubrik") || l.starts_with("> # rubrik"))
    );
    let table = md
        .lines()
        .find(|l| l.contains("script") && l.starts_with('|'))
        .unwrap();
    let pipes = |l: &str| {
        let b = l.as_bytes();
        (0..b.len())
            .filter(|&i| b[i] == b'|' && (i == 0 || b[i - 1] != b'\\'))
            .count()
    };
    let header = md.lines().find(|l| l.starts_with("| Ram |")).unwrap();
    assert_eq!(pipes(table), pipes(header), "{table}");
    let html = report(&[
        "--snapshot",
        path,
        "--period",
        "2025-08",
        "--format",
        "html",
    ]);
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("href=\"http"), "no link from the snapshot");
}

/// Names and an analysis that are links, lists and headings in any GFM
/// viewer when not escaped.
const STRUCTURE: &[(&str, &str)] = &[
    (
        "UPDATE org_unit SET name = ?1 WHERE id = 'hsn.sjukhusvard'",
        "1. https://evil.example/a",
    ),
    (
        "UPDATE org_unit SET name = ?1 WHERE id = 'hsn.primarvard'",
        "- www.evil.example",
    ),
    (
        "UPDATE org_unit SET name = ?1 WHERE id = 'hsn.tandvard'",
        "=== chef@evil.example",
    ),
    (
        "UPDATE org_unit SET name = ?1 WHERE id = 'hsn'",
        "# https://evil.example",
    ),
    (
        "UPDATE economy_fact SET analysis = ?1 WHERE org_unit_id = 'hsn.sjukhusvard'",
        "Se www.evil.example\n===\n- a\n1. b\n---",
    ),
];

/// How many links, list items, lists and headings GFM makes of `md`.
fn structure(md: &str) -> Vec<(&'static str, usize)> {
    let mut options = comrak::Options::default();
    options.extension.autolink = true;
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.footnotes = true;
    let html = comrak::markdown_to_html(md, &options);
    [
        "<a ", "<li", "<ol", "<ul", "<h1", "<h2", "<h3", "<h4", "<hr",
    ]
    .iter()
    .map(|tag| (*tag, html.matches(tag).count()))
    .collect()
}

/// Rendered by a real GFM renderer, the report and `render --format md`
/// of a snapshot whose names are URLs, list items and headings have
/// exactly the links, lists and headings of the clean sample's.
#[test]
fn names_stay_text_in_a_gfm_renderer() {
    let (_dir, path) = common::sample_with(STRUCTURE);
    let path = path.to_str().unwrap();
    let clean = repo().join("sample.db");
    let clean = clean.to_str().unwrap();
    let both = |snapshot: &str| {
        let report = report(&["--snapshot", snapshot, "--period", "2025-08"]);
        let render = common::output_of(
            "render",
            &[
                "ekonomi",
                "--snapshot",
                snapshot,
                "--period",
                "2025-08",
                "--format",
                "md",
            ],
        );
        (report, render)
    };
    let (report_md, render_md) = both(path);
    assert!(report_md.contains("evil"), "{report_md}");
    assert!(render_md.contains("evil"), "{render_md}");
    let (clean_report, clean_render) = both(clean);
    assert_eq!(
        structure(&report_md),
        structure(&clean_report),
        "{report_md}"
    );
    assert_eq!(
        structure(&render_md),
        structure(&clean_render),
        "{render_md}"
    );
}

/// Chromium (`apt-get install chromium`). The test that needs it is
/// ignored by a plain `cargo test`; `.ci/run` installs Chromium and runs it
/// with `--ignored`, where a missing browser is a failure, never a pass.
fn chromium() -> std::path::PathBuf {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .map(|n| std::path::Path::new("/usr/bin").join(n))
        .find(|p| p.exists())
        .expect("this test needs Chromium in /usr/bin (apt-get install chromium)")
}

/// Runs headless Chromium with `args` (flags as on this machine's docs:
/// no sandbox as root, no network of its own); its standard output.
fn browse(browser: &std::path::Path, profile: &std::path::Path, args: &[&str]) -> String {
    let mut command = std::process::Command::new(browser);
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ]);
    command.arg(format!("--user-data-dir={}", profile.display()));
    let out = command.args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[ignore = "needs Chromium; .ci/run runs it"]
fn the_html_renders_in_a_headless_browser_with_its_figures_as_text() {
    let browser = chromium();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("rapport.html");
    let run = tertial(&[
        "report",
        "--demo",
        "--period",
        "2025-08",
        "--format",
        "html",
        "-o",
        page.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.all());
    let url = format!("file://{}", page.display());
    // The DOM after layout, as the browser built it.
    let dom = browse(
        &browser,
        &dir.path().join("profile-dom"),
        &["--dump-dom", &url],
    );
    assert!(
        dom.contains("<h1>Uppföljning ack augusti 2025: Hälso- och sjukvårdsnämnden</h1>"),
        "{dom}"
    );
    assert!(
        dom.contains("Budgetavvikelse hittills i år: −335 mkr<sup><a href=\"#k1\">1</a></sup>")
    );
    assert!(dom.contains("Minska personalkostnaden: Klar m. avvikelse"));
    // A screenshot and a printed PDF (A4): the page lays out and prints.
    let shot = dir.path().join("rapport.png");
    browse(
        &browser,
        &dir.path().join("profile-shot"),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1000,1400",
            &url,
        ],
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "a screenshot with content"
    );
    let pdf = dir.path().join("rapport.pdf");
    browse(
        &browser,
        &dir.path().join("profile-pdf"),
        &[
            &format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer",
            &url,
        ],
    );
    let pdf = std::fs::read(&pdf).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    assert!(pdf.len() > 10_000, "a printed document");
    // Kept for a look when asked.
    if let Some(keep) = std::env::var_os("TERTIAL_KEEP_SCREENSHOT") {
        std::fs::write(keep, png).unwrap();
    }
}

/// `report` and `render` read the snapshot the config file names when none
/// is given, chosen by one function: a file that is there is read, one
/// that is not is named in the error of both.
#[test]
fn report_reads_the_config_files_snapshot_as_render_does() {
    let (dir, configured) = common::sample_with(&[(
        "UPDATE meta SET value = ?1 WHERE key = 'title'",
        "Den konfigurerade ögonblicksbilden",
    )]);
    let config = dir.path().join("config.toml");
    let config_naming = |snapshot: &std::path::Path| {
        std::fs::write(&config, format!("snapshot = '{}'\n", snapshot.display())).unwrap();
    };
    let env = [("TERTIAL_CONFIG", config.to_str().unwrap())];
    config_naming(&configured);
    let report = common::tertial_with(&["report", "--period", "2025-08"], &env);
    assert_eq!(report.code, 0, "{}", report.all());
    assert!(
        report
            .stdout
            .contains("\"Den konfigurerade ögonblicksbilden\""),
        "{}",
        report.stdout
    );
    let render = common::tertial_with(&["render", "oversikt", "--format", "json"], &env);
    assert_eq!(render.code, 0, "{}", render.all());

    let missing = dir.path().join("flyttad.db");
    config_naming(&missing);
    for args in [&["report"][..], &["render", "oversikt"]] {
        let run = common::tertial_with(args, &env);
        assert_eq!(run.code, 2, "{args:?}: {}", run.all());
        assert!(
            run.stderr.contains("flyttad.db"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(run.stdout, "");
    }
}
