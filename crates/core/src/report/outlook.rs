//! The report's sections on what was promised and what lies ahead (#23 §4):
//! directives and measures the report judges at risk, next year's plan
//! directives, the bed events against the beds promised, and next year's
//! budget frame with its bridge. Each figure is cited to where it stands;
//! what tertial adds up is marked computed.

use super::{Block, Line, Notes, Section, Span};
use crate::data::economy::{Frame, FramePoint};
use crate::data::{self, Period, Store};
use crate::domain::money::format_money_exact;
use crate::domain::number::format_sv;
use chrono::Datelike;
use rust_decimal::Decimal;

/// The four sections, in the order the draft gives them: `board` is the
/// unit the report is about (the frame's board).
pub(super) fn sections(
    store: &Store,
    period: &Period,
    board: Option<&str>,
    notes: &mut Notes,
) -> data::Result<Vec<Section>> {
    Ok(vec![
        at_risk(store, period, notes)?,
        plan_directives(store, period, notes)?,
        beds(store, period, notes)?,
        frame(store, period, board, notes)?,
    ])
}

fn text(t: impl Into<String>) -> Span {
    Span::Text(t.into())
}

fn paragraph(t: impl Into<String>) -> Block {
    Block::Paragraph(vec![text(t)])
}

/// The period's last day: figures dated after it are not yet reported.
fn period_end(period: &Period) -> chrono::NaiveDate {
    period.end_date.unwrap_or_else(|| {
        let year = i32::try_from(period.year).unwrap_or(9999);
        chrono::NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(chrono::NaiveDate::MAX)
    })
}

fn label_of(store: &Store, id: &str) -> String {
    store
        .periods
        .iter()
        .find(|p| p.id == id)
        .map_or_else(|| id.to_string(), |p| p.label.clone())
}

/// Directives the report judges *delvis* or *uppnås ej* as of the period
/// (the judgement of the directive or of the measure of its target), each
/// with its target, the report's words and where they stand.
fn at_risk(store: &Store, period: &Period, notes: &mut Notes) -> data::Result<Section> {
    let heading = "Uppdrag och åtgärder i risk".to_string();
    let mut items: Vec<Line> = Vec::new();
    let mut quotes = Vec::new();
    for listed in store.directives_for_period(period)? {
        let judged = listed.judged();
        let Some(status) = listed.status.as_ref().filter(|_| judged.at_risk()) else {
            continue;
        };
        let d = &listed.directive;
        let mut line = vec![text(format!("{}: {}", d.title, judged.label()))];
        if status.period_id != period.id {
            line.push(text(format!(
                " (enligt {})",
                label_of(store, &status.period_id)
            )));
        }
        if let Some(target) = &d.target_text {
            line.push(text(format!("; mål: {target}")));
        }
        line.push(notes.cite(status.judgement_provenance()));
        items.push(line);
        if let Some(quote) = &status.judgement_quote {
            let mut who = vec![text(format!("{}, rapportens bedömning", d.title))];
            who.push(notes.cite(status.judgement_provenance()));
            quotes.push(Block::Quote {
                who,
                text: quote.clone(),
            });
        }
    }
    let blocks = if items.is_empty() {
        vec![paragraph(format!(
            "Rapporterna bedömer inget uppdrag som delvis eller inte uppnått t.o.m. {}.",
            period.label
        ))]
    } else {
        let mut blocks = vec![
            paragraph(
                "Rapportens egen bedömning (uppnås delvis eller uppnås ej), som rapporten \
                 uttrycker den; tertial drar inga slutsatser ur analystexten.",
            ),
            Block::List(items),
        ];
        blocks.extend(quotes);
        blocks
    };
    Ok(Section { heading, blocks })
}

/// Next year's plan directives (Regionplan) that fall due this year (the
/// December meeting), before any period of next year reports on them.
/// Next year's other directives are next year's report's: listing them
/// here would put a later report's directives in an earlier draft.
fn plan_directives(store: &Store, period: &Period, notes: &mut Notes) -> data::Result<Section> {
    let year = period.year + 1;
    let heading = format!("Uppdrag i Regionplan {year}");
    let this_year_end =
        chrono::NaiveDate::from_ymd_opt(i32::try_from(period.year).unwrap_or(9999), 12, 31);
    let mut items = Vec::new();
    for listed in store.directives_of_year(year)? {
        let d = &listed.directive;
        if d.end_date.zip(this_year_end).is_none_or(|(e, y)| e > y) {
            continue;
        }
        let mut line = vec![text(d.title.clone())];
        if !d.issuer_id.is_empty() {
            line.push(text(format!(", från {}", store.short_name(&d.issuer_id))));
        }
        if let Some(end) = d.end_date {
            line.push(text(format!(", förfaller {end}")));
        }
        if let Some(t) = &d.text {
            line.push(text(format!(": {t}")));
        }
        line.push(notes.cite(&d.provenance));
        items.push(line);
    }
    let blocks = if items.is_empty() {
        vec![paragraph(format!(
            "Inga uppdrag för {year} som förfaller i år."
        ))]
    } else {
        vec![
            paragraph(format!(
                "Uppdrag för {year} som förfaller redan i år (till nämndens möte i december)."
            )),
            Block::List(items),
        ]
    };
    Ok(Section { heading, blocks })
}

/// Beds as an average per day have no figure in the reports' text; the
/// events that opened beds do. Each promise is set against the events
/// linked to it, and the sums are tertial's.
fn beds(store: &Store, period: &Period, notes: &mut Notes) -> data::Result<Section> {
    let heading = "Vårdplatser: öppnade mot utlovade".to_string();
    let end = period_end(period);
    let year_start = chrono::NaiveDate::from_ymd_opt(end.year(), 1, 1);
    let events: Vec<_> = store
        .bed_events(None, end)?
        .into_iter()
        .filter(|e| year_start.is_none_or(|start| e.date >= start))
        .collect();
    let mut blocks = Vec::new();
    if events.is_empty() {
        blocks.push(paragraph(format!(
            "Inga händelser med vårdplatser i år t.o.m. {}.",
            period.label
        )));
    } else {
        let rows = events
            .iter()
            .map(|e| {
                let mut label = vec![text(e.label.clone())];
                label.push(notes.cite(&e.provenance));
                vec![
                    label,
                    vec![text(store.unit_name(&e.unit_id))],
                    vec![text(e.when())],
                    vec![text(e.bed_change.map_or("–".into(), |n| {
                        format_sv(Decimal::from(n), 0, true)
                    }))],
                ]
            })
            .collect();
        blocks.push(Block::Table {
            header: ["Händelse", "Enhet", "Datum", "Vårdplatser"]
                .map(String::from)
                .to_vec(),
            right: vec![false, false, false, true],
            rows,
        });
    }
    for p in store.bed_promises(period.year, end)? {
        let what = p.target_text.clone().unwrap_or_else(|| p.title.clone());
        let mut promised = vec![text(format!("Utlovat: {what}"))];
        if let Some(n) = p.promised {
            promised.push(text(format!(
                ", {} vårdplatser",
                format_sv(n, n.scale(), false)
            )));
        }
        promised.push(text(format!(" (uppdrag: {})", p.title)));
        promised.push(notes.cite(&p.provenance));
        let parts: Vec<String> = p
            .opened
            .iter()
            .map(|e| match e.bed_change {
                Some(n) => format!("{} {}", e.label, format_sv(Decimal::from(n), 0, true)),
                None => format!("{} (antal anges inte)", e.label),
            })
            .collect();
        let mut opened = vec![text(format!(
            "Öppnat t.o.m. {}: {} vårdplatser",
            period.label,
            p.opened_beds()
        ))];
        if !parts.is_empty() {
            opened.push(text(format!(" ({})", parts.join(", "))));
        }
        opened.push(text(", "));
        opened.push(Span::Marked("beräknad av tertial".into()));
        let mut items = vec![promised, opened];
        if let Some(left) = p.left() {
            items.push(vec![
                text(format!(
                    "Kvar att öppna: {} vårdplatser, ",
                    format_sv(left, left.scale(), false)
                )),
                Span::Marked("beräknad av tertial".into()),
            ]);
        }
        blocks.push(Block::List(items));
    }
    Ok(Section { heading, blocks })
}

/// Next year's frame for the board: opening, proposed and decided, and
/// the bridge between them in stretches, each change cited; what a
/// stretch leaves unexplained is a computed row, never hidden.
fn frame(
    store: &Store,
    period: &Period,
    board: Option<&str>,
    notes: &mut Notes,
) -> data::Result<Section> {
    let year = period.year + 1;
    let found: Option<Frame> = match board {
        Some(board) => store.frames(board)?.into_iter().find(|f| f.year == year),
        None => None,
    };
    let board_name = board.map_or_else(String::new, |b| format!(", {}", store.short_name(b)));
    let heading = format!("Budgetram {year}{board_name}");
    let Some(frame) = found else {
        return Ok(Section {
            heading,
            blocks: vec![paragraph(format!(
                "Ögonblicksbilden har ingen budgetram för {year}."
            ))],
        });
    };
    let unit = store.money_unit;
    let money = |kr: i64| format_money_exact(kr, unit);
    let signed = |kr: i64| {
        let m = money(kr);
        if kr > 0 { format!("+{m}") } else { m }
    };
    let point_name = |p: FramePoint| match p {
        FramePoint::Opening => "Ingående ram",
        FramePoint::Proposed => "Föreslagen ram",
        FramePoint::Decided => "Beslutad ram",
    };
    let point_source = |p: FramePoint| match p {
        FramePoint::Proposed => frame
            .proposed_provenance
            .clone()
            .unwrap_or_else(|| frame.provenance.clone()),
        _ => frame.provenance.clone(),
    };
    let mut rows: Vec<Vec<Line>> = Vec::new();
    let point_row = |p: FramePoint, notes: &mut Notes| {
        let mut amount = vec![text(frame.amount(p).map_or("uppgift saknas".into(), money))];
        if frame.amount(p).is_some() {
            amount.push(notes.cite(&point_source(p)));
        }
        vec![vec![text(point_name(p))], amount, vec![text("")]]
    };
    let stretches = frame.stretches();
    if let Some(first) = stretches.first() {
        rows.push(point_row(first.from, notes));
    }
    for stretch in &stretches {
        for &i in &stretch.changes {
            let change = &frame.changes[i];
            let mut amount = vec![text(
                change.amount.map_or("belopp anges inte".into(), signed),
            )];
            amount.push(notes.cite(&change.provenance));
            rows.push(vec![
                vec![text(change.label.clone())],
                amount,
                vec![text(change.kind.map_or("", |k| k.label()))],
            ]);
        }
        if let Some(rest) = stretch.unexplained.filter(|r| *r != 0) {
            rows.push(vec![
                vec![Span::Marked(format!(
                    "Ej förklarat av namngivna poster till {}",
                    point_name(stretch.to).to_lowercase()
                ))],
                vec![text(signed(rest))],
                vec![Span::Marked("beräknad".into())],
            ]);
        }
        rows.push(point_row(stretch.to, notes));
    }
    let mut blocks = vec![Block::Table {
        header: ["Steg", "Belopp", "Slag"].map(String::from).to_vec(),
        right: vec![false, true, false],
        rows,
    }];
    if let Some(note) = &frame.note {
        let mut who = vec![text(format!("Om ramen {year}"))];
        who.push(notes.cite(&frame.provenance));
        blocks.push(Block::Quote {
            who,
            text: note.clone(),
        });
    }
    Ok(Section { heading, blocks })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{lines, report_at, section};

    /// HSN delårsrapport per augusti 2025, 2.3: "Bedömningen avseende …
    /// 213 mkr är dock att det inte kommer att uppnås under 2025";
    /// "1100 pat./specialist … kommer inte att uppnås under 2025"; the
    /// beds directive "Prognosen för året är att de uppsatta målen delvis
    /// kommer att nås".
    #[test]
    fn directives_at_risk_are_the_reports_own_judgements_with_its_words() {
        let report = report_at("2025-10");
        let at_risk = lines(section(&report, "Uppdrag och åtgärder i risk"));
        let listed: Vec<&String> = at_risk
            .iter()
            .filter(|l| l.contains(": uppnås ej") || l.contains(": delvis"))
            .collect();
        assert_eq!(listed.len(), 3, "{at_risk:#?}");
        let find = |start: &str| {
            at_risk
                .iter()
                .find(|l| l.starts_with(start))
                .unwrap_or_else(|| panic!("no {start} in {at_risk:#?}"))
        };
        let personnel = find("Minska personalkostnaden: uppnås ej");
        assert!(
            personnel.contains("(enligt ack augusti 2025)"),
            "{personnel}"
        );
        assert!(personnel.contains("mål: Minskade personalkostnader med omfattning 213 mkr["));
        assert!(
            find("Fokusarbete för bättre tillgänglighet vid valda enheter: delvis").contains("[")
        );
        assert!(find("Fast läkarkontakt – 1100 patienter per specialist: uppnås ej").contains("["));
        assert!(
            at_risk.iter().any(|l| l.contains("rapportens bedömning")
                && l.contains("kommer inte att uppnås under 2025")),
            "the report's words are quoted"
        );
        assert!(
            !at_risk.iter().any(|l| l.starts_with("Minska hyrberoendet")),
            "judged met: not at risk"
        );
        // Delårsrapport per augusti 2024: "Den förväntade ekonomiska
        // effekten på 100 miljoner kronor bedöms inte kunna uppnås".
        let earlier = lines(section(
            &report_at("2024-08"),
            "Uppdrag och åtgärder i risk",
        ));
        let admin: Vec<&String> = earlier
            .iter()
            .filter(|l| {
                l.starts_with("Minska kostnaderna för administration med 100 mkr: uppnås ej")
            })
            .collect();
        assert_eq!(admin.len(), 1, "{earlier:#?}");
        assert!(
            !earlier.iter().any(|l| l.contains("personalkostnaden")),
            "nothing from 2025"
        );
        let april = lines(section(
            &report_at("2025-04"),
            "Uppdrag och åtgärder i risk",
        ));
        assert!(
            april[0].starts_with("Rapporterna bedömer inget uppdrag"),
            "no judgement of 2025 before August: {april:#?}"
        );
    }

    /// Resultatuppföljning oktober 2025, "Regionplan 2026": the two
    /// directives on net cost development, due at the December meeting.
    #[test]
    fn next_years_plan_directives_are_listed_with_their_due_date() {
        let report = report_at("2025-10");
        let plan = lines(section(&report, "Uppdrag i Regionplan 2026"));
        let plan = &plan[1..];
        assert_eq!(plan.len(), 2, "{plan:#?}");
        assert!(plan[0].starts_with(
            "Nettokostnadsutveckling inom budgetramen 2026, från RF, förfaller 2025-12-10: "
        ));
        assert!(
            plan[1]
                .starts_with("Mål för tillåten nettokostnadsutveckling beslutas med nämndplanen")
        );
        assert!(plan.iter().all(|l| l.ends_with(']')), "each cited");
        // 2025's directives fall due at the end of 2025: the August 2024
        // draft does not list them (they come from 2025's reports).
        let none = report_at("2024-08");
        assert_eq!(
            lines(section(&none, "Uppdrag i Regionplan 2025")),
            ["Inga uppdrag för 2025 som förfaller i år."]
        );
    }

    /// IMA +6 (22 september), KAVA +8 (21 oktober), KUA +2 (augusti, day
    /// not given) against "Öppna 25 vårdplatser": 16 opened, 9 left.
    #[test]
    fn the_bed_events_stand_against_the_promise() {
        let report = report_at("2025-10");
        let beds = lines(section(&report, "Vårdplatser: öppnade mot utlovade"));
        let events: Vec<String> = beds
            .iter()
            .filter(|l| l.contains(" | "))
            .map(|l| {
                let cells: Vec<&str> = l.split(" | ").collect();
                format!(
                    "{} {} {}",
                    cells[0].split('[').next().unwrap_or_default(),
                    cells[2],
                    cells[3]
                )
            })
            .collect();
        assert_eq!(
            events,
            ["KUA 2025-08 +2", "IMA 2025-09-22 +6", "KAVA 2025-10-21 +8"]
        );
        let find = |start: &str| {
            beds.iter()
                .find(|l| l.starts_with(start))
                .unwrap_or_else(|| panic!("{start}: {beds:#?}"))
        };
        assert!(
            find("Utlovat: Öppna 25 vårdplatser för opererande specialiteter, 25 vårdplatser")
                .contains('[')
        );
        assert_eq!(
            find("Öppnat t.o.m."),
            "Öppnat t.o.m. ack oktober 2025: 16 vårdplatser (KUA +2, IMA +6, KAVA +8), beräknad av tertial"
        );
        assert_eq!(
            find("Kvar att öppna"),
            "Kvar att öppna: 9 vårdplatser, beräknad av tertial"
        );
        let august = report_at("2025-08");
        let beds = lines(section(&august, "Vårdplatser: öppnade mot utlovade"));
        assert!(
            beds.iter()
                .any(|l| l.starts_with("Kvar att öppna: 23 vårdplatser")),
            "{beds:#?}"
        );
        assert!(
            !beds.iter().any(|l| l.starts_with("IMA")),
            "IMA opens after August"
        );
    }

    /// Resultatuppföljning oktober 2025: "hälso- och sjukvårdsnämnden får
    /// totalt 7 058 miljoner kronor år 2026", with 400,3 mkr added and
    /// 3,9 and 9,6 mkr re-allocated, on a proposal of 6 604,2 mkr: the
    /// named changes leave 40,0 mkr unexplained, shown as computed.
    #[test]
    fn next_years_frame_has_its_bridge_each_step_cited() {
        let report = report_at("2025-10");
        let frame = lines(section(&report, "Budgetram 2026, HSN"));
        let step = |name: &str| {
            frame
                .iter()
                .find(|l| l.starts_with(&format!("{name} | ")))
                .unwrap_or_else(|| panic!("no {name}: {frame:#?}"))
                .clone()
        };
        assert_eq!(step("Ingående ram"), "Ingående ram | uppgift saknas | ");
        assert!(step("Föreslagen ram").starts_with("Föreslagen ram | 6 604,2 mkr["));
        assert!(step("Budgettillskott 2026").starts_with("Budgettillskott 2026 | +400,3 mkr["));
        assert!(step("Budgettillskott 2026").ends_with("| tillskott"));
        assert!(step("Omfördelning primärvårdsjour").contains("+3,9 mkr["));
        assert!(step("Omfördelning tandvård tilläggsuppdrag").contains("+9,6 mkr["));
        assert!(step("Korrigering tillskott vårdinformationssystem").contains("−25 mkr["));
        assert!(step("Budgetförändring 2025").contains("belopp anges inte["));
        assert_eq!(
            step("Ej förklarat av namngivna poster till beslutad ram"),
            "Ej förklarat av namngivna poster till beslutad ram | +40 mkr | beräknad"
        );
        assert!(step("Beslutad ram").starts_with("Beslutad ram | 7 058 mkr["));
        let names: Vec<&str> = frame
            .iter()
            .map(|l| l.split(" | ").next().unwrap_or_default())
            .collect();
        let at = |n: &str| names.iter().position(|x| *x == n).unwrap();
        assert!(at("Ingående ram") < at("Korrigering tillskott vårdinformationssystem"));
        assert!(at("Korrigering tillskott vårdinformationssystem") < at("Föreslagen ram"));
        assert!(at("Föreslagen ram") < at("Budgettillskott 2026"));
        assert!(at("Budgettillskott 2026") < at("Beslutad ram"));
        // 2025's frame states neither end, only the change: the bridge
        // shows it and says so, and computes no rest.
        let earlier = lines(section(&report_at("2024-08"), "Budgetram 2025, HSN"));
        assert_eq!(earlier[0], "Ingående ram | uppgift saknas | ");
        assert!(
            earlier[1].starts_with("Minskat PO-pålägg 2025 | −97 mkr["),
            "{earlier:#?}"
        );
        assert_eq!(earlier[2], "Beslutad ram | uppgift saknas | ");
        assert!(!earlier.iter().any(|l| l.contains("beräknad")));
        let none = lines(section(&report_at("2025-10"), "Budgetram 2026"));
        assert!(!none.is_empty());
    }

    /// Delårsrapport per augusti 2025: "motsvarande 250 miljoner kronor" in
    /// the directive's text, "213 miljoner kronor" in 3.2: the data-quality
    /// section gives both values, each with a note to its own heading.
    #[test]
    fn a_contradiction_in_the_notices_cites_both_places() {
        let report = report_at("2025-08");
        let notices = lines(section(&report, "Datakvalitet"));
        let line = notices
            .iter()
            .find(|l| l.contains("Motsägelse i källan: 250 mkr"))
            .unwrap_or_else(|| panic!("{notices:#?}"));
        let note = |after: &str| -> usize {
            let rest = &line[line.find(after).unwrap() + after.len()..];
            rest[1..rest.find(']').unwrap()].parse().unwrap()
        };
        let (here, there) = (note("250 mkr"), note("213 mkr"));
        assert_ne!(here, there, "two places, two notes");
        let cited = |n: usize| report.sources[n - 1].citation.clone();
        assert!(
            cited(here).ends_with("Uppdrag från fullmäktige till nämnd"),
            "{}",
            cited(here)
        );
        assert!(
            cited(there).ends_with("3.2 Analys av större avvikelser"),
            "{}",
            cited(there)
        );
    }
}
