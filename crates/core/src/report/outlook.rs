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
