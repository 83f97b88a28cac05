//! Ekonomi's investment report (`v`): the investment lines as of the
//! period (the period's own report, else the latest earlier one of its
//! year), each part indented under its line, with outcome, forecast and
//! deviations in result sign; `i` opens a line with its analysis and its
//! source.

use super::{Ctx, ScreenKey};
use crate::data::plans::{Investment, InvestmentReport};
use crate::data::{self};
use crate::ui::format;
use crate::ui::screen::{Body, Cell, Column, Detail, Nav, Row, Screen, Section, Table};
use crate::ui::theme::Sem;

const TITLE: &str = "Investeringar";

/// The lines as of the period; `row_key` is where a line's page is (the
/// economy pane's key: this file does not import its parent pane).
pub(super) fn screen(
    ctx: &Ctx<'_>,
    key: ScreenKey,
    row_key: &dyn Fn(String) -> ScreenKey,
) -> data::Result<Screen> {
    let report = ctx.store.investments_as_of(ctx.period)?;
    let money = ctx.store.money_unit;
    let rows: Vec<Row> = report.as_ref().map_or_else(Vec::new, |report| {
        report
            .lines
            .iter()
            .map(|line| {
                let indent = "  ".repeat(report.depth(line).min(8));
                let mut name = Cell::plain(format!("{indent}{}", line.name));
                if line.provenance.illustrative {
                    name = name.push(crate::ui::strings::ILLUSTRATIVE_MARK, Sem::Illustrative);
                }
                Row {
                    id: line.id.clone(),
                    cells: vec![
                        name,
                        format::money(line.outcome, money),
                        format::money(line.forecast, money),
                        format::deviation(line.forecast_deviation, money),
                        format::money(line.budget_full_year, money),
                        format::deviation(line.deviation, money),
                        format::money(line.outcome_prev_year, money),
                    ],
                    detail: Some(Nav::Push(row_key(line.id.clone()))),
                    exception: line.forecast_deviation.is_some_and(|d| d < 0),
                    source: Some(line.provenance.clone()),
                    as_of: Some(report.period_id.clone()).filter(|p| *p != ctx.period.id),
                    ..Row::default()
                }
            })
            .collect()
    });
    let caption = match &report {
        Some(r) => format!(
            "Investeringsredovisning {} · utgifter negativa, avvikelse negativ = sämre · i visar raden med källa",
            as_of_text(ctx, r)
        ),
        None => "Ingen investeringsredovisning i år".to_string(),
    };
    let table = Table {
        columns: vec![
            Column::name("Post", 30),
            Column::number("Utfall", 9, 1),
            Column::number("Prognos", 9, 3),
            Column::number("Progn.avv.", 10, 2),
            Column::number("Budget helår", 12, 4),
            Column::number("Avvikelse", 10, 5),
            Column::number("Utfall fg år", 12, 6),
        ],
        rows,
        empty: format!(
            "Ingen investeringsredovisning i år t.o.m. {}.",
            ctx.period.label
        ),
        caption: Some(Cell::new(caption, Sem::Dim)),
    };
    Ok(Screen::new(
        key,
        format!("{TITLE} ({})", money.code()),
        Body::Table(table),
    ))
}

/// "ack augusti 2024", or "per aug 2024 (ack augusti 2024)" when the report
/// is an earlier one than the period.
fn as_of_text(ctx: &Ctx<'_>, report: &InvestmentReport) -> String {
    let label = format::period_label_of(ctx.store, &report.period_id);
    if report.period_id == ctx.period.id {
        label
    } else {
        format!(
            "per {} ({label})",
            format::short_period_of(ctx.store, &report.period_id)
        )
    }
}

/// One line's page: every figure exact, what it is part of, its analysis
/// and its source.
pub(super) fn row_detail(ctx: &Ctx<'_>, key: ScreenKey, id: &str) -> data::Result<Screen> {
    let report = ctx.store.investments_as_of(ctx.period)?;
    let found = report
        .as_ref()
        .and_then(|r| r.lines.iter().find(|l| l.id == id).map(|l| (r, l)));
    let Some((report, line)) = found else {
        return Ok(Screen::new(
            key,
            TITLE,
            Body::Detail(Detail::missing(format!(
                "Investeringsposten {id} finns inte t.o.m. {}.",
                ctx.period.label
            ))),
        ));
    };
    let money = ctx.store.money_unit;
    let exact = |kr: Option<i64>| format::or_unknown(format::money_exact(kr, money));
    let signed = |kr: Option<i64>| {
        format::or_unknown(kr.map_or_else(Cell::empty, |k| format::deviation_exact(k, money)))
    };
    let part_of = line
        .parent_id
        .as_deref()
        .and_then(|p| report.lines.iter().find(|l| l.id == p))
        .map_or_else(|| Cell::new("—", Sem::Dim), |p| Cell::plain(p.name.clone()));
    let fields = vec![
        ("Post".to_string(), Cell::plain(line.name.clone())),
        ("Del av".to_string(), part_of),
        (
            "Gäller".to_string(),
            Cell::plain(ctx.store.unit_name(&line.org_unit_id)),
        ),
        ("Rapport".to_string(), Cell::plain(as_of_text(ctx, report))),
        ("Budget helår".to_string(), exact(line.budget_full_year)),
        ("Utfall".to_string(), exact(line.outcome)),
        ("Utfall fg år".to_string(), exact(line.outcome_prev_year)),
        ("Avvikelse".to_string(), signed(line.deviation)),
        ("Prognos helår".to_string(), exact(line.forecast)),
        (
            "Prognosavvikelse".to_string(),
            signed(line.forecast_deviation),
        ),
        ("Källa".to_string(), format::source(&line.provenance)),
    ];
    let mut sections = Vec::new();
    if let Some(analysis) = &line.analysis {
        sections.push(Section::text("Analys", analysis));
    }
    let parts: Vec<&Investment> = report
        .lines
        .iter()
        .filter(|l| l.parent_id.as_deref() == Some(line.id.as_str()))
        .collect();
    if line.partial && !parts.is_empty() {
        sections.push(Section::text(
            "Delposter",
            "Rapporten anger bara vissa delposter för den här raden; de summerar inte till den.",
        ));
    }
    sections.push(Section::text(
        "Tecken",
        "Beloppen står i resultattecken: en utgift är negativ, och en avvikelse är negativ när den är sämre än budget eller plan.",
    ));
    Ok(Screen::new(
        key,
        crate::domain::text::fit_width(&line.name, 30),
        Body::Detail(Detail { fields, sections }),
    ))
}
