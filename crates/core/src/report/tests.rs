//! The report's sections, one by one, on the sample: each checked against
//! what the source report states (HSN's delårsrapport per augusti 2025,
//! `../shared/seeds/004_*.txt`) or against the rule the section follows,
//! not against the report's own output.

use super::{Block, Line, Notes, Report, Section, Source, Span, build};
use crate::data::{Provenance, Store};

pub(super) fn report_at(period: &str) -> Report {
    let store = Store::demo().unwrap();
    let at = store.periods.iter().position(|p| p.id == period).unwrap();
    let compare = store
        .baseline(at, crate::data::compare::Baseline::PreviousReport)
        .map(|i| &store.periods[i]);
    build(&store, &store.periods[at], compare).unwrap()
}

pub(super) fn section<'r>(report: &'r Report, heading: &str) -> &'r Section {
    report
        .sections
        .iter()
        .find(|s| s.heading.starts_with(heading))
        .unwrap_or_else(|| panic!("no section {heading}"))
}

/// A line as plain text, notes as `[n]`.
fn plain(line: &Line) -> String {
    line.iter()
        .map(|span| match span {
            Span::Text(t) | Span::Marked(t) => t.clone(),
            Span::Note(n) => format!("[{n}]"),
        })
        .collect()
}

/// Every line of a section's lists and paragraphs, and every table row
/// with its cells joined by " | ".
pub(super) fn lines(section: &Section) -> Vec<String> {
    let mut out = Vec::new();
    for block in &section.blocks {
        match block {
            Block::Paragraph(line) => out.push(plain(line)),
            Block::List(items) => out.extend(items.iter().map(plain)),
            Block::Table { rows, .. } => out.extend(
                rows.iter()
                    .map(|row| row.iter().map(plain).collect::<Vec<_>>().join(" | ")),
            ),
            Block::Quote { who, text } => out.push(format!("{}: {text}", plain(who))),
        }
    }
    out
}

#[test]
fn the_sections_come_in_the_reports_own_order() {
    let report = report_at("2025-08");
    let headings: Vec<&str> = report.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(
        headings,
        [
            "Ekonomiskt resultat",
            "Avvikelser per politisk ram",
            "Största underskott per kostnadsslag, HSN",
            "Mål och delmål som inte uppfylls helt",
            "Uppdrag",
            "Uppdrag och åtgärder i risk",
            "Uppdrag i Regionplan 2026",
            "Vårdplatser: öppnade mot utlovade",
            "Budgetram 2026, HSN",
            "Nyckeltal utanför målvärde",
            "Personal och sjukfrånvaro per grupp",
            "Planerade förändringar 2026, HSN",
            "Datakvalitet",
            "Förändringar sedan ack april 2025",
        ]
    );
    assert_eq!(
        report.title,
        "Uppföljning ack augusti 2025: Hälso- och sjukvårdsnämnden"
    );
}

/// "underskott mot budget på 335 miljoner kronor", "negativ
/// budgetavvikelse på 550 mkr", "nettokostnadsminskning på 4,8 procent".
#[test]
fn the_result_states_the_reports_figures_each_with_a_note() {
    let report = report_at("2025-08");
    let result = lines(section(&report, "Ekonomiskt resultat"));
    let find = |start: &str| {
        result
            .iter()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no line {start}: {result:#?}"))
            .clone()
    };
    assert!(find("Budgetavvikelse hittills i år").contains("−335 mkr["));
    assert!(find("Prognos, avvikelse helår").contains("−550 mkr["));
    assert!(find("Nettokostnadsutveckling").contains("−4,8 %["));
    // The projection is tertial's own arithmetic, and says so.
    assert!(
        result
            .iter()
            .any(|l| l.contains("−335 mkr ÷ 8 månader × 12 = −502,5 mkr")),
        "{result:#?}"
    );
}

/// "Sjukhusvården redovisar ett underskott mot budget på 334 miljoner
/// kronor": the frames worst first, a surplus last.
#[test]
fn frames_are_listed_worst_first() {
    let report = report_at("2025-08");
    let frames = section(&report, "Avvikelser per politisk ram");
    let Some(Block::Table {
        header,
        right,
        rows,
    }) = frames.blocks.first()
    else {
        panic!("a table first: {frames:#?}");
    };
    assert_eq!(header, &["Ram", "Avvikelse"]);
    assert_eq!(right, &[false, true]);
    let names: Vec<String> = rows.iter().map(|r| plain(&r[0])).collect();
    assert_eq!(
        names,
        [
            "Sjukhusvård",
            "Primärvård",
            "Tandvård",
            "Anslag och administration"
        ]
    );
    assert!(plain(&rows[0][1]).starts_with("−334 mkr"));
    assert!(plain(&rows[3][1]).starts_with("+144 mkr"));
}

#[test]
fn red_goals_are_listed_with_their_judgement_and_source() {
    let report = report_at("2025-08");
    let goals = lines(section(&report, "Mål och delmål"));
    assert!(
        goals.iter().any(|l| l.starts_with(
            "HSN: Hälsofrämjande och förebyggande insatser är tydligt prioriterade | Inte["
        )),
        "{goals:#?}"
    );
    // A goal judged fully met is not in a section of those that are not.
    assert!(
        !goals.iter().any(|l| l.contains("| Helt[")),
        "only goals not fully met: {goals:#?}"
    );
}

#[test]
fn every_note_names_a_source_and_the_same_source_one_number() {
    let report = report_at("2025-08");
    let mut cited = Vec::new();
    for section in &report.sections {
        for line in lines(section) {
            let mut rest = line.as_str();
            while let Some(at) = rest.find('[') {
                let end = rest[at..].find(']').map(|e| at + e);
                let Some(end) = end else { break };
                if let Ok(n) = rest[at + 1..end].parse::<usize>() {
                    cited.push(n);
                }
                rest = &rest[end + 1..];
            }
        }
    }
    assert!(!cited.is_empty());
    assert!(cited.iter().all(|&n| n >= 1 && n <= report.sources.len()));
    for (i, a) in report.sources.iter().enumerate() {
        for b in &report.sources[i + 1..] {
            assert_ne!(a, b, "one number per source");
        }
    }
    // Every source is cited somewhere.
    for n in 1..=report.sources.len() {
        assert!(cited.contains(&n), "source {n} is never cited");
    }
}

#[test]
fn notes_number_sources_once_and_say_what_is_illustrative() {
    let mut notes = Notes::default();
    let hsn = Provenance {
        document: Some("HSN delårsrapport per augusti 2025".into()),
        section: Some("3.1".into()),
        page: Some(12),
        locator: None,
        illustrative: false,
    };
    let made_up = Provenance {
        illustrative: true,
        ..hsn.clone()
    };
    assert_eq!(notes.cite(&hsn), Span::Note(1));
    assert_eq!(notes.cite(&made_up), Span::Note(2));
    assert_eq!(notes.cite(&hsn), Span::Note(1));
    let none = Provenance {
        document: None,
        section: None,
        page: None,
        locator: None,
        illustrative: false,
    };
    assert_eq!(notes.cite(&none), Span::Note(3));
    let sources = notes.into_sources();
    assert!(
        sources[1]
            .text()
            .starts_with("Illustrativ siffra, inte källans")
    );
    assert_eq!(
        sources[2],
        Source {
            citation: "Källa saknas i ögonblicksbilden".into(),
            illustrative: false
        }
    );
}

#[test]
fn a_period_without_a_comparison_says_none() {
    let store = Store::demo().unwrap();
    let first = &store.periods[0];
    let report = build(&store, first, None).unwrap();
    assert!(
        !report
            .lead
            .iter()
            .any(|l| plain(l).starts_with("Jämförelseperiod")),
        "{:#?}",
        report.lead
    );
}
