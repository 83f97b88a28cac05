//! Uppdrag: the directives a period lists, with status, issuer → recipients,
//! end date and days left; sorted by end date or by what needs attention,
//! filtered by status and recipient; a detail page with the full text, the
//! target, the analysis and the status across every period.

pub use super::registry::{DirectiveSort, DirectivesKey};
use super::{Ctx, Effect, Pane};
use crate::data::directives::{Directive, Listed, StatusReport};
use crate::data::measure::Measure;
use crate::data::restated::Restatement;
use crate::data::{self, Store};
use crate::domain::change::status_shift;
use crate::domain::status::{DirectiveStatus, days_left, is_exception};
use crate::domain::text::fit_width;
use crate::keymap::Action;
use crate::ui::screen::{Body, Cell, Column, Detail, Glyph, Nav, Raw, Row, Screen, Section, Table};
use crate::ui::theme::Sem;
use crate::ui::{format, strings};
use std::cmp::Ordering;

/// Breadcrumb titles are cut here, so the trail stays on one line.
const CRUMB_WIDTH: usize = 30;

pub struct Directives;

impl Pane for Directives {
    type Key = DirectivesKey;

    fn build(ctx: &Ctx<'_>, key: &DirectivesKey) -> data::Result<Screen> {
        match key {
            DirectivesKey::List {
                sort,
                status,
                recipient,
            } => list(ctx, key, *sort, *status, recipient.as_deref()),
            DirectivesKey::Detail { id } => detail(ctx, key, id),
            DirectivesKey::Recipients {
                sort,
                status,
                current,
            } => recipients(ctx, key, *sort, *status, current.as_deref()),
            DirectivesKey::Due { days } => {
                let detail = |id: &str| DirectivesKey::Detail { id: id.to_string() }.into();
                super::deadlines::build(ctx, key.clone().into(), *days, &detail)
            }
        }
    }

    fn act(
        _ctx: &Ctx<'_>,
        key: &DirectivesKey,
        _row: Option<&Row>,
        action: Action,
    ) -> Option<Effect> {
        if action == Action::Deadlines {
            let days = match key {
                DirectivesKey::Due { days } => super::deadlines::longer(*days),
                _ => super::deadlines::HORIZONS[0],
            };
            let due = DirectivesKey::Due { days };
            return Some(if matches!(key, DirectivesKey::Due { .. }) {
                Effect::Replace(due.into())
            } else {
                Effect::Go(Nav::Push(due.into()))
            });
        }
        let DirectivesKey::List {
            sort,
            status,
            recipient,
        } = key
        else {
            return None;
        };
        let (mut sort, mut status, recipient) = (*sort, *status, recipient.clone());
        match action {
            Action::Sort => {
                sort = match sort {
                    DirectiveSort::EndDate => DirectiveSort::Status,
                    DirectiveSort::Status => DirectiveSort::EndDate,
                }
            }
            Action::Filter => status = next_status_filter(status),
            Action::FilterRecipient => {
                let pick = DirectivesKey::Recipients {
                    sort,
                    status,
                    current: recipient,
                };
                return Some(Effect::Go(Nav::Push(pick.into())));
            }
            _ => return None,
        }
        let key = DirectivesKey::List {
            sort,
            status,
            recipient,
        };
        Some(Effect::Replace(key.into()))
    }
}

/// The status filter after `current`: none → each status → none.
fn next_status_filter(current: Option<DirectiveStatus>) -> Option<DirectiveStatus> {
    cycle(&DirectiveStatus::ALL, current.as_ref()).copied()
}

/// The pick list of `r`: "every recipient", then each unit that receives
/// a directive the period lists, in the organisation's order, with how
/// many it receives. Enter filters the list on it.
fn recipients(
    ctx: &Ctx<'_>,
    key: &DirectivesKey,
    sort: DirectiveSort,
    status: Option<DirectiveStatus>,
    current: Option<&str>,
) -> data::Result<Screen> {
    let listed = ctx.store.directives_for_period(ctx.period)?;
    let units = ctx.store.directive_recipients()?;
    let pick = |recipient: Option<String>| {
        Some(Nav::Pick(
            DirectivesKey::List {
                sort,
                status,
                recipient,
            }
            .into(),
        ))
    };
    let mut rows = vec![Row {
        id: "alla".into(),
        cells: vec![
            Cell::plain("Alla mottagare"),
            Cell::plain(strings::directives_count(listed.len())),
        ],
        drill: pick(None),
        ..Row::default()
    }];
    for unit in units {
        let n = listed
            .iter()
            .filter(|l| l.directive.recipients.contains(&unit))
            .count();
        if n == 0 {
            continue;
        }
        rows.push(Row {
            id: unit.clone(),
            cells: vec![
                Cell::plain(ctx.store.unit_name(&unit)),
                Cell::plain(strings::directives_count(n)),
            ],
            drill: pick(Some(unit)),
            depth: 1,
            ..Row::default()
        });
    }
    let table = Table {
        columns: vec![
            Column::name("Mottagare", 36),
            Column::number("Uppdrag", 10, 1),
        ],
        rows,
        empty: String::new(),
        caption: Some(Cell::new(
            format!(
                "Mottagare av uppdragen i {} · Enter visar deras uppdrag · Esc behåller filtret",
                ctx.period.label
            ),
            Sem::Dim,
        )),
    };
    let mut screen = Screen::new(key.clone().into(), "Välj mottagare", Body::Table(table));
    screen.select_id(current.unwrap_or("alla"));
    Ok(screen)
}

/// The value after `current` in `values`, with `None` before the first and
/// after the last. An unknown value starts over, so a stale key can never
/// trap the user.
fn cycle<'a, T: PartialEq>(values: &'a [T], current: Option<&T>) -> Option<&'a T> {
    match current {
        None => values.first(),
        Some(c) => {
            let i = values.iter().position(|v| v == c)?;
            values.get(i + 1)
        }
    }
}

// ---- the list ----

fn list(
    ctx: &Ctx<'_>,
    key: &DirectivesKey,
    sort: DirectiveSort,
    status: Option<DirectiveStatus>,
    recipient: Option<&str>,
) -> data::Result<Screen> {
    let mut listed: Vec<Listed> = ctx
        .store
        .directives_for_period(ctx.period)?
        .into_iter()
        .filter(|l| matches(l, status, recipient))
        .collect();
    sort_listed(&mut listed, sort);
    let before = match ctx.compare {
        Some(q) => Some(ctx.store.statuses_of_period(q)?),
        None => None,
    };
    let measures = ctx
        .store
        .measures(ctx.period, listed.iter().map(|l| &l.directive))?;
    let mut columns = columns();
    // "Per" and "Förändr." show only where a status is an earlier report's
    // or has changed: the drawing leaves out columns with nothing in them.
    let rows: Vec<Row> = listed
        .iter()
        .map(|l| {
            let was = before
                .as_ref()
                .and_then(|b| l.directive.in_comparison(b))
                .and_then(|r| r.status);
            row(ctx, l, was, measures.get(&l.directive.id))
        })
        .collect();
    // As wide as the widest status shown, so a list without "Klar m.
    // avvikelse" leaves the title that room.
    let widest = rows
        .iter()
        .map(|r| r.cells[STATUS].width())
        .max()
        .unwrap_or(0);
    columns[STATUS].width = u16::try_from(widest).unwrap_or(u16::MAX);
    let table = Table {
        columns,
        rows,
        empty: empty_text(ctx, status, recipient),
        caption: format::with_notices(
            Some(caption(ctx.store, sort, status, recipient)),
            &directive_notices(ctx),
            crate::domain::vocab::Topic::Directives,
        ),
    };
    Ok(Screen::new(
        key.clone().into(),
        "Uppdrag",
        Body::Table(table),
    ))
}

/// Index of the status column.
const STATUS: usize = 1;

/// The title first (the drawing indents and fits the first column). Status,
/// title and days left stay at 80 columns, with where the status comes
/// from; then who gave the directive to whom, the end date, the target.
fn columns() -> Vec<Column> {
    let route = Cell::plain("Från ")
        .push(Glyph::Arrow, Sem::Normal)
        .push(" Till", Sem::Normal);
    vec![
        Column::name("Uppdrag", 32),
        Column::text("Status", 18, 1),
        Column::text("Bedömning", 11, 2),
        Column::text("Per", 8, 3),
        Column::text("Förändr.", 9, 3),
        Column::text(route, 16, 4),
        Column::text("Rytm", 17, 7),
        Column::text("Slut", 10, 5),
        Column::number("Kvar", 4, 2),
        Column::text("Mål", 17, 6),
    ]
}

/// The day days left are counted from: the end of the period viewed, the
/// report's own point of view (today, for a period without an end date).
fn counted_from(ctx: &Ctx<'_>) -> chrono::NaiveDate {
    ctx.period.end_date.unwrap_or(ctx.today)
}

fn row(
    ctx: &Ctx<'_>,
    listed: &Listed,
    was: Option<DirectiveStatus>,
    measure: Option<&Measure>,
) -> Row {
    let d = &listed.directive;
    let status = listed.status.as_ref().and_then(|s| s.status);
    let judged = listed.judged();
    let left = listed.due().map(|end| days_left(counted_from(ctx), end));
    let change = match (was, status) {
        (Some(was), Some(now)) => status_shift(was, now).map_or_else(Cell::empty, format::shift),
        _ => Cell::empty(),
    };
    let open = Nav::Push(DirectivesKey::Detail { id: d.id.clone() }.into());
    Row {
        id: d.id.clone(),
        cells: vec![
            Cell::plain(d.title.clone()).then_tight(format::restated(restated(
                ctx,
                listed.status.as_ref(),
                &d.id,
            ))),
            status_cell(status),
            format::judged(judged),
            from_period_cell(ctx, listed.status.as_ref()),
            change,
            route(ctx.store, d),
            Cell::plain(d.rhythm.clone().unwrap_or_default()),
            listed.due().map_or_else(Cell::empty, |e| {
                Cell::plain(e.to_string()).valued(Raw::Date(e))
            }),
            format::remaining(status, left),
            match measure {
                Some(m) => measured(m),
                None => Cell::plain(d.target_text.clone().unwrap_or_default()),
            },
        ],
        drill: Some(open.clone()),
        detail: Some(open),
        exception: is_exception(status, left) || judged.at_risk(),
        source: Some(
            listed
                .status
                .as_ref()
                .map_or(&d.provenance, |s| &s.provenance)
                .clone(),
        ),
        as_of: listed.status.as_ref().map(|s| s.period_id.clone()),
        ..Row::default()
    }
}

/// "3,81 % mot 3,7 %": the linked figure's latest value against its target.
fn measured(m: &Measure) -> Cell {
    let unit = m.unit.as_deref();
    let value = format::quantity(m.value, unit);
    let value = if value.is_blank() {
        format::dash()
    } else {
        value
    };
    value
        .push(" mot ", Sem::Dim)
        .then_tight(format::or_unknown(format::quantity(m.target, unit)))
}

/// The detail's line on the linked figure: value against target, what it
/// is and which report states it, and how far from target.
fn measured_detail(ctx: &Ctx<'_>, m: &Measure) -> Cell {
    let mut about = vec![m.name.clone()];
    about.extend(m.span.clone());
    about.extend(
        m.period_id
            .as_deref()
            .map(|p| format!("enligt {}", format::period_label_of(ctx.store, p))),
    );
    measured(m)
        .push(format!("  ({})", about.join(", ")), Sem::Dim)
        .push("  ", Sem::Normal)
        .then_tight(format::distance(&m.light, m.unit.as_deref(), true))
}

/// How the directive's status row differs from the older snapshot.
fn restated<'a>(ctx: &Ctx<'a>, report: Option<&StatusReport>, id: &str) -> Option<&'a Restatement> {
    ctx.store.restated.as_ref()?.get(
        "directive_status",
        &[
            ("period_id", report.map(|r| r.period_id.as_str())),
            ("directive_id", Some(id)),
        ],
    )
}

fn status_cell(status: Option<DirectiveStatus>) -> Cell {
    status.map_or_else(format::dash, format::status)
}

/// The report the status comes from, when it is an earlier one than the
/// period viewed (a monthly follow-up repeats the interim report's status).
fn from_period_cell(ctx: &Ctx<'_>, report: Option<&StatusReport>) -> Cell {
    match report {
        Some(r) if r.period_id != ctx.period.id => {
            Cell::new(format::short_period_of(ctx.store, &r.period_id), Sem::Dim)
        }
        _ => Cell::empty(),
    }
}

fn is_done(status: Option<DirectiveStatus>) -> bool {
    matches!(
        status,
        Some(DirectiveStatus::Done | DirectiveStatus::DoneWithDeviation)
    )
}

/// Where no source says who gave a directive (the snapshot has no issuer).
const ISSUER_NOT_STATED: &str = "ej angiven";

/// "RF → RS, HSN": issuer and recipients by short name.
fn route(store: &Store, d: &Directive) -> Cell {
    let to: Vec<String> = d.recipients.iter().map(|r| store.short_name(r)).collect();
    let from = if d.issuer_id.is_empty() {
        ISSUER_NOT_STATED.to_string()
    } else {
        store.short_name(&d.issuer_id)
    };
    Cell::plain(format!("{from} "))
        .push(Glyph::Arrow, Sem::Normal)
        .push(format!(" {}", to.join(", ")), Sem::Normal)
}

fn matches(listed: &Listed, status: Option<DirectiveStatus>, recipient: Option<&str>) -> bool {
    let status_ok =
        status.is_none_or(|wanted| listed.status.as_ref().and_then(|s| s.status) == Some(wanted));
    let recipient_ok =
        recipient.is_none_or(|unit| listed.directive.recipients.iter().any(|r| r == unit));
    status_ok && recipient_ok
}

/// What needs attention first: finished with a deviation (the target was
/// missed), not started, ongoing, reported only yearly, done; directives
/// with no status yet (not reported on) last.
fn attention_rank(status: Option<DirectiveStatus>) -> u8 {
    match status {
        Some(DirectiveStatus::DoneWithDeviation) => 0,
        Some(DirectiveStatus::NotStarted) => 1,
        Some(DirectiveStatus::Ongoing) => 2,
        Some(DirectiveStatus::Yearly) => 3,
        Some(DirectiveStatus::Done) => 4,
        Some(DirectiveStatus::NotStated) => 5,
        None => 6,
    }
}

/// By end date (earliest first, none last), or by attention rank and then
/// end date, so overdue directives lead each status; then by title.
fn sort_listed(listed: &mut [Listed], sort: DirectiveSort) {
    let by_end = |a: &Listed, b: &Listed| -> Ordering {
        match (a.directive.end_date, b.directive.end_date) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    };
    let by_title = |a: &Listed, b: &Listed| {
        a.directive
            .title
            .to_lowercase()
            .cmp(&b.directive.title.to_lowercase())
            .then_with(|| a.directive.id.cmp(&b.directive.id))
    };
    let rank = |l: &Listed| attention_rank(l.status.as_ref().and_then(|s| s.status));
    listed.sort_by(|a, b| match sort {
        DirectiveSort::EndDate => by_end(a, b).then_with(|| by_title(a, b)),
        DirectiveSort::Status => rank(a)
            .cmp(&rank(b))
            .then_with(|| by_end(a, b))
            .then_with(|| by_title(a, b)),
    });
}

/// The period's notices about directives (a report contradicting itself
/// about one, a caveat on their follow-up). The general ones are in the
/// header's count and the overview: here they would push the sort and
/// filters out of an 80-column caption.
fn directive_notices(ctx: &Ctx<'_>) -> Vec<data::Notice> {
    ctx.notices
        .iter()
        .filter(|n| n.topic == crate::domain::vocab::Topic::Directives)
        .cloned()
        .collect()
}

/// "Sortering: slutdatum · Status: alla · Mottagare: alla (s f r)"
fn caption(
    store: &Store,
    sort: DirectiveSort,
    status: Option<DirectiveStatus>,
    recipient: Option<&str>,
) -> Cell {
    let sort = match sort {
        DirectiveSort::EndDate => "slutdatum",
        DirectiveSort::Status => "status",
    };
    Cell::new("Sortering: ", Sem::Dim)
        .push(sort, Sem::Normal)
        .push(" · Status: ", Sem::Dim)
        .push(status_filter_label(status), Sem::Normal)
        .push(" · Mottagare: ", Sem::Dim)
        .push(
            recipient.map_or("alla".to_string(), |r| store.short_name(r)),
            Sem::Normal,
        )
        .push(" (s f r)", Sem::Dim)
}

fn status_filter_label(status: Option<DirectiveStatus>) -> &'static str {
    status.map_or("alla", DirectiveStatus::label)
}

fn empty_text(ctx: &Ctx<'_>, status: Option<DirectiveStatus>, recipient: Option<&str>) -> String {
    if status.is_none() && recipient.is_none() {
        format!("Inga uppdrag i {}.", ctx.period.label)
    } else {
        format!(
            "Inga uppdrag i {} med det filtret (f och r byter filter).",
            ctx.period.label
        )
    }
}

// ---- the detail ----

fn detail(ctx: &Ctx<'_>, key: &DirectivesKey, id: &str) -> data::Result<Screen> {
    let Some(d) = ctx.store.directive(id)? else {
        let missing = format!("Uppdraget {id} finns inte i ögonblicksbilden.");
        return Ok(Screen::new(
            key.clone().into(),
            "Uppdrag",
            Body::Detail(Detail::missing(missing)),
        ));
    };
    let mut as_of = ctx.store.statuses_as_of(ctx.period, Some(id))?;
    let report = as_of.remove(id);
    // Last year's report on the same directive, where it links to it.
    let before = match ctx.compare {
        Some(q) => {
            let mut was = ctx.store.statuses_as_of(q, Some(id))?.remove(id);
            if was.is_none()
                && let Some(previous) = d.previous_id.as_deref()
            {
                was = ctx
                    .store
                    .statuses_as_of(q, Some(previous))?
                    .remove(previous);
            }
            was
        }
        None => None,
    };
    let history = ctx.store.directive_history(id)?;
    let measure = ctx.store.measures(ctx.period, [&d])?.remove(&d.id);
    let mut fields = detail_fields(ctx, &d, report.as_ref(), measure.as_ref());
    if let (Some(r), Some(restatement)) =
        (&ctx.store.restated, restated(ctx, report.as_ref(), &d.id))
    {
        fields.push(format::restated_field(&r.old_name, restatement));
    }
    if let Some(q) = ctx.compare {
        let was = before.as_ref().map_or_else(
            || format::dash().push(format!(" ingen status t.o.m. {}", q.label), Sem::Dim),
            |r| {
                status_cell(r.status).push(
                    format!(" ({})", format::period_label_of(ctx.store, &r.period_id)),
                    Sem::Dim,
                )
            },
        );
        fields.push(("Förra status".to_string(), was));
    }
    let body = Detail {
        fields,
        sections: detail_sections(ctx, &d, report.as_ref(), &history),
    };
    Ok(Screen::new(
        key.clone().into(),
        fit_width(&d.title, CRUMB_WIDTH),
        Body::Detail(body),
    ))
}

fn detail_fields(
    ctx: &Ctx<'_>,
    d: &Directive,
    report: Option<&StatusReport>,
    measure: Option<&Measure>,
) -> Vec<(String, Cell)> {
    let status = report.and_then(|r| r.status);
    let from = counted_from(ctx);
    let moved = report.and_then(|r| r.moved_end_date);
    let due = moved.or(d.end_date);
    let left = due.map(|end| days_left(from, end));
    let from_today = due.map(|end| days_left(ctx.today, end));
    let or_dash = |cell: Cell| {
        if cell.is_blank() {
            format::dash()
        } else {
            cell
        }
    };
    let recipients: Vec<String> = d
        .recipients
        .iter()
        .map(|r| ctx.store.unit_name(r))
        .collect();
    let mut fields = vec![
        ("Uppdrag", Cell::plain(d.title.clone())),
        (
            "Från",
            if d.issuer_id.is_empty() {
                Cell::new(ISSUER_NOT_STATED, Sem::Dim)
            } else {
                Cell::plain(ctx.store.unit_name(&d.issuer_id))
            },
        ),
        ("Till", Cell::plain(recipients.join(", "))),
        ("Rytm", Cell::plain(d.rhythm.clone().unwrap_or_default())),
        ("Slutdatum", end_date_cell(ctx, d, report)),
        (
            "Dagar kvar",
            detail_remaining(status, left).push(
                if is_done(status) || left.is_none() {
                    String::new()
                } else {
                    format!(" vid periodens slut ({from})")
                },
                Sem::Dim,
            ),
        ),
        (
            "Från i dag",
            detail_remaining(status, from_today).push(
                if is_done(status) || from_today.is_none() {
                    String::new()
                } else {
                    format!(" räknat från {}", ctx.today)
                },
                Sem::Dim,
            ),
        ),
        (
            "Mätbart mål",
            Cell::plain(d.target_text.clone().unwrap_or_default()),
        ),
    ];
    if let Some(value) = d.target_value {
        let unit = d.target_unit.clone().unwrap_or_default();
        fields.push((
            "Målvärde",
            format::number(Some(value), value.scale(), &unit),
        ));
    }
    if let Some(m) = measure {
        fields.push(("Utfall", measured_detail(ctx, m)));
        if let Some(p) = &m.provenance {
            fields.push(("Källa för utfallet", format::source(p)));
        }
    }
    fields.push(("Status", detail_status(ctx, report)));
    fields.push(("Bedömning", detail_judgement(ctx, report)));
    fields
        .into_iter()
        .map(|(label, cell)| (label.to_string(), or_dash(cell)))
        .collect()
}

/// The end date, and the date a report moved it to: the moved one decides
/// whether the directive is late.
fn end_date_cell(ctx: &Ctx<'_>, d: &Directive, report: Option<&StatusReport>) -> Cell {
    let own = d.end_date.map_or_else(Cell::empty, |e| {
        Cell::plain(e.to_string()).valued(Raw::Date(e))
    });
    match report.and_then(|r| r.moved_end_date.map(|m| (r, m))) {
        Some((r, moved)) if Some(moved) != d.end_date => Cell::plain(moved.to_string())
            .valued(Raw::Date(moved))
            .push(
                format!(
                    " flyttat från {} enligt {}",
                    d.end_date
                        .map_or_else(|| "inget datum".to_string(), |e| e.to_string()),
                    format::period_label_of(ctx.store, &r.period_id)
                ),
                Sem::Dim,
            ),
        _ => own,
    }
}

/// The report's own judgement with the report it comes from, or *ej
/// bedömd* where the report states none.
fn detail_judgement(ctx: &Ctx<'_>, report: Option<&StatusReport>) -> Cell {
    let Some(r) = report else {
        return format::judged(crate::domain::vocab::Achievement::NotJudged);
    };
    let cell = format::judged(r.judged());
    if r.judgement.is_none() {
        return cell.push(" (rapporten anger ingen bedömning)", Sem::Dim);
    }
    cell.push(
        format!(
            " (enligt {})",
            format::period_label_of(ctx.store, &r.period_id)
        ),
        Sem::Dim,
    )
}

/// Days left as in the list, and why there are none when it is done.
fn detail_remaining(status: Option<DirectiveStatus>, left: Option<i64>) -> Cell {
    if is_done(status) {
        format::dash().push(" avslutat", Sem::Dim)
    } else {
        format::remaining(status, left)
    }
}

/// The status with the report it comes from when that is not the period
/// viewed, or what is missing.
fn detail_status(ctx: &Ctx<'_>, report: Option<&StatusReport>) -> Cell {
    match report {
        None => format::dash().push(
            format!(" ingen status rapporterad t.o.m. {}", ctx.period.label),
            Sem::Dim,
        ),
        Some(r) => {
            let cell = status_cell(r.status);
            if r.period_id == ctx.period.id {
                cell
            } else {
                cell.push(
                    format!(
                        " (enligt {})",
                        format::period_label_of(ctx.store, &r.period_id)
                    ),
                    Sem::Dim,
                )
            }
        }
    }
}

fn detail_sections(
    ctx: &Ctx<'_>,
    d: &Directive,
    report: Option<&StatusReport>,
    history: &[StatusReport],
) -> Vec<Section> {
    let text = d
        .text
        .clone()
        .unwrap_or_else(|| "Uppdragstexten finns inte i ögonblicksbilden.".to_string());
    let analysis = report
        .and_then(|r| r.analysis.clone())
        .unwrap_or_else(|| "Ingen analys rapporterad.".to_string());
    let sources = sources(d, report);
    let mut sections = vec![
        Section::text("Uppdraget", &text),
        Section::text("Analys", &analysis),
    ];
    if let Some(r) = report.filter(|r| r.judgement.is_some()) {
        let quote = r.judgement_quote.clone().unwrap_or_default();
        let source = format::source(r.judgement_provenance()).text();
        sections.push(Section::text(
            "Rapportens bedömning",
            &format!(
                "{}: \u{201d}{quote}\u{201d}\nKälla: {source}",
                r.judged().label()
            ),
        ));
    }
    sections.extend([
        Section {
            heading: "Status över perioder".into(),
            lines: history_lines(ctx, history),
        },
        Section::text("Källa", &sources),
    ]);
    sections
}

/// The directive's source and its status's, once when they are the same.
fn sources(d: &Directive, report: Option<&StatusReport>) -> String {
    let directive = format::source(&d.provenance).text();
    match report.map(|r| format::source(&r.provenance).text()) {
        Some(status) if status == directive => format!("Uppdrag och status: {directive}"),
        Some(status) => format!("Uppdraget: {directive}\nStatus: {status}"),
        None => format!("Uppdraget: {directive}"),
    }
}

/// "ack augusti 2024  ▶ Pågående", one line per period with a status.
fn history_lines(ctx: &Ctx<'_>, history: &[StatusReport]) -> Vec<Cell> {
    if history.is_empty() {
        return vec![Cell::plain(
            "Ingen period i ögonblicksbilden har en status för uppdraget.",
        )];
    }
    let labels: Vec<String> = history
        .iter()
        .map(|r| format::period_label_of(ctx.store, &r.period_id))
        .collect();
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    history
        .iter()
        .zip(labels)
        .map(|(r, label)| {
            // Unstyled, as the section's other lines: a list, not a table.
            let mut line = Cell::plain(format!("{label:<width$}  "));
            for (piece, _) in status_cell(r.status).spans {
                line = line.push(piece, Sem::Normal);
            }
            line
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::panes::{ScreenKey, Tab, testing};

    /// The report's own judgement.
    const JUDGED: usize = 2;
    /// The column naming the report a status comes from.
    const PER: usize = 3;
    /// How the status moved since the comparison period.
    const CHANGE: usize = 4;
    use chrono::NaiveDate;

    fn listed(id: &str, title: &str, end: Option<&str>, status: Option<DirectiveStatus>) -> Listed {
        Listed {
            directive: Directive {
                id: id.into(),
                title: title.into(),
                end_date: end.map(|e| NaiveDate::parse_from_str(e, "%Y-%m-%d").unwrap()),
                recipients: vec!["hsn".into()],
                ..Directive::default()
            },
            status: status.map(|s| StatusReport {
                period_id: "2025-08".into(),
                status: Some(s),
                ..StatusReport::default()
            }),
        }
    }

    fn ids(list: &[Listed]) -> Vec<&str> {
        list.iter().map(|l| l.directive.id.as_str()).collect()
    }

    #[test]
    fn status_filter_cycles_through_every_status_and_back() {
        let mut seen = Vec::new();
        let mut current = next_status_filter(None);
        while let Some(status) = current {
            seen.push(status);
            current = next_status_filter(Some(status));
        }
        assert_eq!(seen, DirectiveStatus::ALL);
    }

    #[test]
    fn r_picks_among_the_recipients_of_the_periods_directives() {
        let cx = testing::ctx(testing::store(), "2025-10");
        let list = DirectivesKey::root();
        let Some(Effect::Go(Nav::Push(ScreenKey::Directives(pick)))) =
            Directives::act(&cx, &list, None, Action::FilterRecipient)
        else {
            panic!("r opens the pick list")
        };
        let screen = Directives::build(&cx, &pick).unwrap();
        let rows: Vec<String> = screen
            .rows()
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(Cell::text)
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .collect();
        assert_eq!(rows[0], "Alla mottagare | 14 uppdrag");
        assert!(
            rows.iter().all(|r| !r.ends_with("| 0 uppdrag")),
            "only recipients with directives: {rows:#?}"
        );
        let every = store_recipients(&cx);
        assert!(rows.len() - 1 < every, "2024's recipients are not offered");
        // Enter filters the list on the recipient, keeping sort and status.
        let hsn = screen.rows().iter().find(|r| r.id == "hsn").unwrap();
        assert_eq!(
            hsn.drill,
            Some(Nav::Pick(
                DirectivesKey::List {
                    sort: DirectiveSort::EndDate,
                    status: None,
                    recipient: Some("hsn".into()),
                }
                .into()
            ))
        );
    }

    #[test]
    fn a_linked_directive_shows_its_actual_against_its_target() {
        let cx = testing::ctx(testing::store(), "2025-08");
        let screen = Directives::build(&cx, &DirectivesKey::root()).unwrap();
        let target = |id: &str| {
            let row = screen.rows().iter().find(|r| r.id == id).unwrap();
            row.cells.last().unwrap().text()
        };
        assert_eq!(target("d2025-03"), "3,81 % mot 3,7 %");
        assert_eq!(target("d2025-07"), "−4,8 % mot −15 %");
        let detail = Directives::build(
            &cx,
            &DirectivesKey::Detail {
                id: "d2025-03".into(),
            },
        )
        .unwrap();
        let Body::Detail(d) = detail.body else {
            panic!()
        };
        let actual = d.field("Utfall").unwrap();
        assert!(
            actual.starts_with("3,81 % mot 3,7 %  (Beroende hyrpersonal"),
            "{actual}"
        );
        assert!(actual.contains("enligt ack augusti 2025"), "{actual}");
        assert!(
            d.field("Källa för utfallet")
                .unwrap()
                .contains("augusti 2025")
        );
    }

    fn store_recipients(cx: &Ctx<'_>) -> usize {
        cx.store.directive_recipients().unwrap().len()
    }

    #[test]
    fn sort_by_end_date_then_title_with_no_date_last() {
        let mut list = vec![
            listed("a", "Öppna", None, None),
            listed("b", "Beta", Some("2025-12-31"), None),
            listed("c", "Alfa", Some("2025-12-31"), None),
            listed("d", "Sist", Some("2024-06-30"), None),
        ];
        sort_listed(&mut list, DirectiveSort::EndDate);
        assert_eq!(ids(&list), ["d", "c", "b", "a"]);
    }

    #[test]
    fn sort_by_status_puts_what_needs_attention_first() {
        let mut list = vec![
            listed("done", "A", Some("2025-12-31"), Some(DirectiveStatus::Done)),
            listed("none", "B", Some("2025-12-31"), None),
            listed(
                "late",
                "C",
                Some("2024-12-31"),
                Some(DirectiveStatus::Ongoing),
            ),
            listed(
                "on",
                "D",
                Some("2025-12-31"),
                Some(DirectiveStatus::Ongoing),
            ),
            listed(
                "dev",
                "E",
                Some("2025-12-31"),
                Some(DirectiveStatus::DoneWithDeviation),
            ),
            listed(
                "not",
                "F",
                Some("2025-12-31"),
                Some(DirectiveStatus::NotStarted),
            ),
            listed(
                "year",
                "G",
                Some("2025-12-31"),
                Some(DirectiveStatus::Yearly),
            ),
        ];
        sort_listed(&mut list, DirectiveSort::Status);
        assert_eq!(
            ids(&list),
            ["dev", "not", "late", "on", "year", "done", "none"]
        );
    }

    #[test]
    fn filters_by_status_and_recipient() {
        let on = listed("on", "A", None, Some(DirectiveStatus::Ongoing));
        let blank = listed("blank", "B", None, None);
        assert!(matches(&on, None, None));
        assert!(matches(&on, Some(DirectiveStatus::Ongoing), Some("hsn")));
        assert!(!matches(&on, Some(DirectiveStatus::Done), None));
        assert!(!matches(&on, None, Some("rs")));
        assert!(
            !matches(&blank, Some(DirectiveStatus::Ongoing), None),
            "no status matches no status filter"
        );
    }

    #[test]
    fn days_left_overdue_and_done() {
        let overdue = format::remaining(Some(DirectiveStatus::Ongoing), Some(-12));
        assert_eq!(
            (overdue.text(), overdue.spans[0].1),
            ("12 d sen".into(), Sem::Overdue)
        );
        assert_eq!(format::remaining(None, Some(61)).text(), "61 d");
        assert_eq!(
            format::remaining(Some(DirectiveStatus::Done), Some(-5)).text(),
            ""
        );
        assert_eq!(
            format::remaining(Some(DirectiveStatus::DoneWithDeviation), Some(40)).text(),
            ""
        );
        assert_eq!(
            format::remaining(Some(DirectiveStatus::Ongoing), None).text(),
            ""
        );
    }

    fn demo_screen(period: &str, key: &DirectivesKey) -> Screen {
        let store = testing::store();
        Directives::build(&testing::ctx(store, period), key).unwrap()
    }

    fn root(sort: DirectiveSort, status: Option<DirectiveStatus>) -> DirectivesKey {
        DirectivesKey::List {
            sort,
            status,
            recipient: None,
        }
    }

    #[test]
    fn exceptions_are_overdue_or_done_with_deviation() {
        let screen = demo_screen("2025-10", &root(DirectiveSort::EndDate, None));
        let exceptions: Vec<&str> = screen
            .rows()
            .iter()
            .filter(|r| r.exception)
            .map(|r| r.id.as_str())
            .collect();
        assert!(exceptions.contains(&"d2025-02"), "Klar med avvikelse");
        assert!(!exceptions.contains(&"d2025-11"), "done");
        assert!(
            exceptions.contains(&"d2025-01"),
            "ongoing, 61 days left, but judged only partly reached (delvis)"
        );
        assert!(
            exceptions.contains(&"d2025-13"),
            "ongoing, judged not reached in 2025 (1100 patienter)"
        );
        assert!(!exceptions.contains(&"d2025-03"), "judged reached");
        assert!(!exceptions.contains(&"d2025-04"), "ongoing, not judged");
        // Days are counted from the period's end, the report's own point of
        // view: at ack augusti 2024 a directive ending 2024-12-31 had 122
        // days left, whatever the day the cockpit is used.
        let in_2024 = demo_screen("2024-08", &root(DirectiveSort::EndDate, None));
        let ongoing = in_2024.rows().iter().find(|r| r.id == "d2024-01").unwrap();
        assert!(!ongoing.exception, "not overdue at the end of August 2024");
        assert_eq!(ongoing.cells[8].text(), "122 d");
        let detail = demo_screen(
            "2024-08",
            &DirectivesKey::Detail {
                id: "d2024-01".into(),
            },
        );
        let Body::Detail(d) = &detail.body else {
            panic!("a detail")
        };
        assert_eq!(
            d.field("Dagar kvar").as_deref(),
            Some("122 d vid periodens slut (2024-08-31)")
        );
        assert_eq!(
            d.field("Från i dag").as_deref(),
            Some("326 d sen räknat från 2025-11-22")
        );
    }

    #[test]
    fn rows_show_status_route_and_where_the_status_comes_from() {
        let screen = demo_screen("2025-10", &root(DirectiveSort::Status, None));
        let first = &screen.rows()[0];
        assert_eq!(first.id, "d2025-02", "Klar m. avvikelse leads");
        let text: Vec<String> = first.cells.iter().map(Cell::text).collect();
        assert_eq!(text[0], "Minska personalkostnaden");
        assert_eq!(text[1], "! Klar m. avvikelse");
        assert_eq!(text[JUDGED], "○ uppnås ej", "the report's own judgement");
        assert_eq!(text[PER], "aug 2025", "the August report's status");
        assert_eq!(text[CHANGE], "", "the same status as in August");
        assert_eq!(text[5], "RF → RS, HSN, RUN, FHS, PN");
        assert_eq!(text[8], "", "done: no days left");
        assert_eq!(
            first.drill,
            Some(Nav::Push(
                DirectivesKey::Detail {
                    id: "d2025-02".into()
                }
                .into()
            ))
        );
        let own = demo_screen("2024-08", &root(DirectiveSort::Status, None));
        // Section 4.2 states no status for the administration directive:
        // ej angiven, after those whose status is stated.
        let last = own.rows().last().unwrap();
        assert_eq!(last.cells[1].text(), "? Ej angiven");
        assert!(
            last.cells[0]
                .text()
                .starts_with("Minska kostnaderna för administration")
        );
        assert!(
            !last.cells[8].text().contains("sen"),
            "not known to be late: {}",
            last.cells[8].text()
        );
        assert!(
            last.exception,
            "but judged at risk by its report (uppnås ej)"
        );
        assert!(!own.sizes.filled[PER], "an empty column is not drawn");
    }

    #[test]
    fn status_filter_keeps_only_that_status() {
        let screen = demo_screen(
            "2025-10",
            &root(DirectiveSort::EndDate, Some(DirectiveStatus::Done)),
        );
        let ids: Vec<&str> = screen.rows().iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["d2025-11"]);
        let none = demo_screen(
            "2024-08",
            &root(DirectiveSort::EndDate, Some(DirectiveStatus::Done)),
        );
        assert!(none.rows().is_empty());
        match &none.body {
            Body::Table(t) => assert!(t.empty.contains("filter")),
            _ => panic!("a table"),
        }
    }

    #[test]
    fn detail_has_target_analysis_and_history() {
        let key = DirectivesKey::Detail {
            id: "d2025-02".into(),
        };
        let screen = demo_screen("2025-10", &key);
        let Body::Detail(d) = &screen.body else {
            panic!("a detail")
        };
        let field = |name: &str| d.field(name).unwrap();
        assert!(field("Mätbart mål").contains("213 mkr"));
        assert_eq!(field("Målvärde"), "213 mkr");
        assert_eq!(
            field("Status"),
            "! Klar m. avvikelse (enligt ack augusti 2025)"
        );
        let section = |name: &str| d.section(name).unwrap();
        assert!(section("Analys").starts_with("Hälso- och sjukvårdsnämnden har beslutat"));
        assert_eq!(
            section("Status över perioder"),
            "ack augusti 2025  ! Klar m. avvikelse"
        );
        assert!(section("Källa").contains("HSN delårsrapport per augusti 2025"));
        assert_eq!(screen.title, "Minska personalkostnaden");
        let missing = demo_screen("2025-10", &DirectivesKey::Detail { id: "x".into() });
        assert!(matches!(missing.body, Body::Detail(_)));
    }

    #[test]
    fn a_status_that_moved_since_the_comparison_period_is_marked() {
        let store = testing::sample_with(
            "INSERT INTO directive_status (period_id, directive_id, status, source_id) \
             VALUES ('2025-10', 'd2025-01', 'done', 's004-2.1');",
        );
        let cx = testing::ctx(store, "2025-10");
        let screen = Directives::build(&cx, &root(DirectiveSort::EndDate, None)).unwrap();
        let done = screen.rows().iter().find(|r| r.id == "d2025-01").unwrap();
        assert_eq!(done.cells[CHANGE].text(), "↑ bättre");
        assert_eq!(done.cells[PER].text(), "", "October's own status");
        let detail = Directives::build(
            &cx,
            &DirectivesKey::Detail {
                id: "d2025-01".into(),
            },
        )
        .unwrap();
        let Body::Detail(d) = &detail.body else {
            panic!("a detail")
        };
        assert_eq!(
            d.field("Förra status").as_deref(),
            Some("▶ Pågående (ack augusti 2025)")
        );
    }

    #[test]
    fn the_reports_own_judgement_stands_beside_the_status_with_its_quote() {
        let screen = demo_screen("2025-10", &root(DirectiveSort::EndDate, None));
        let judged = |id: &str| {
            let row = screen.rows().iter().find(|r| r.id == id).unwrap();
            row.cells[JUDGED].text()
        };
        assert_eq!(judged("d2025-01"), "◐ delvis");
        assert_eq!(judged("d2025-02"), "○ uppnås ej");
        assert_eq!(judged("d2025-03"), "● uppnås");
        assert_eq!(
            judged("d2025-04"),
            "– ej bedömd",
            "the report judges nothing"
        );
        let detail = demo_screen(
            "2025-10",
            &DirectivesKey::Detail {
                id: "d2025-13".into(),
            },
        );
        let Body::Detail(d) = &detail.body else {
            panic!("a detail")
        };
        assert_eq!(
            d.field("Bedömning").as_deref(),
            Some("○ uppnås ej (enligt ack augusti 2025)")
        );
        let said = d.section("Rapportens bedömning").unwrap();
        assert!(
            said.starts_with("uppnås ej: ”Att nå upp till det uppställda riktvärdet med 1100"),
            "{said}"
        );
        assert!(
            said.contains("Källa: HSN delårsrapport per augusti 2025"),
            "{said}"
        );
        // A quote under another heading than the status cites that heading.
        let admin = demo_screen(
            "2024-08",
            &DirectivesKey::Detail {
                id: "d2024-13".into(),
            },
        );
        let Body::Detail(d) = &admin.body else {
            panic!("a detail")
        };
        let said = d.section("Rapportens bedömning").unwrap();
        assert!(
            said.contains("100 miljoner kronor bedöms inte kunna uppnås"),
            "{said}"
        );
        assert!(
            said.contains("4.2 Analys av större budgetavvikelser"),
            "{said}"
        );
    }

    #[test]
    fn a_file_of_an_earlier_version_has_every_judgement_not_judged() {
        let store = testing::sample_with(
            "CREATE TABLE v2 AS SELECT period_id, directive_id, status, analysis, source_id, \
             illustrative FROM directive_status; DROP TABLE directive_status; \
             ALTER TABLE v2 RENAME TO directive_status; PRAGMA user_version = 2;",
        );
        let cx = testing::ctx(store, "2025-08");
        let screen = Directives::build(&cx, &root(DirectiveSort::EndDate, None)).unwrap();
        assert!(
            screen
                .rows()
                .iter()
                .all(|r| r.cells[JUDGED].text() == "– ej bedömd"),
            "no judgement column: nothing is judged"
        );
        let staff = screen.rows().iter().find(|r| r.id == "d2025-02").unwrap();
        assert!(staff.exception, "still done with a deviation");
        let detail = Directives::build(
            &cx,
            &DirectivesKey::Detail {
                id: "d2025-02".into(),
            },
        )
        .unwrap();
        let Body::Detail(d) = &detail.body else {
            panic!("a detail")
        };
        assert_eq!(
            d.field("Bedömning").as_deref(),
            Some("– ej bedömd (rapporten anger ingen bedömning)")
        );
        assert!(d.section("Rapportens bedömning").is_none());
    }

    #[test]
    fn a_deadline_a_report_moved_decides_whether_it_is_late() {
        // 2024-02's directive said 2024-01-22; the August 2024 report
        // extended it to the year's end: not 222 days late, 122 days left.
        let screen = demo_screen("2024-08", &root(DirectiveSort::EndDate, None));
        let row = screen.rows().iter().find(|r| r.id == "d2024-02").unwrap();
        assert_eq!(row.cells[7].text(), "2024-12-31");
        assert_eq!(row.cells[8].text(), "122 d");
        assert!(!row.exception);
        let detail = demo_screen(
            "2024-08",
            &DirectivesKey::Detail {
                id: "d2024-02".into(),
            },
        );
        let Body::Detail(d) = &detail.body else {
            panic!("a detail")
        };
        assert_eq!(
            d.field("Slutdatum").as_deref(),
            Some("2024-12-31 flyttat från 2024-01-22 enligt ack augusti 2024")
        );
        assert_eq!(
            d.field("Dagar kvar").as_deref(),
            Some("122 d vid periodens slut (2024-08-31)")
        );
    }
}
