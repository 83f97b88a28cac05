//! Nyckeltal: every key figure as of the period, the snapshot's own board
//! first: the latest value with the span it measures, target and distance
//! to it, a computed light, and the trend; per figure a chart with its
//! target line and every value's label, and a detail page with every value
//! and its source.

pub use super::registry::KpiKey;
use super::registry::Tab;
use super::{Ctx, Pane};
use crate::data::{
    self,
    directives::KpiJudgement,
    kpi::{Kpi, KpiAsOf, KpiBefore},
};
use crate::domain::light::{Basis, Direction, Unjudged};
use crate::domain::number::format_sv;
use crate::ui::format;
use crate::ui::screen::{Body, Cell, Chart, Column, Detail, Nav, Raw, Row, Screen, Section, Table};
use crate::ui::strings;
use crate::ui::theme::Sem;
use rust_decimal::Decimal;

const TITLE: &str = KpiKey::TITLE;
/// Values enough to draw a trend; fewer are listed instead.
const SPARK_MIN: usize = 4;
/// The trend column's width: the last this many values.
const TREND: usize = 16;
/// Index of the change column ("Förändr."), last.
const CHANGE: usize = 8;
/// The name column's width when a change is shown.
const NAME_BESIDE_CHANGE: u16 = 20;

pub struct KeyFigures;

impl Pane for KeyFigures {
    type Key = KpiKey;

    fn build(ctx: &Ctx<'_>, key: &KpiKey) -> data::Result<Screen> {
        match key {
            KpiKey::Table => table(ctx),
            KpiKey::Chart { id } => chart(ctx, key, id),
            KpiKey::Detail { id } => detail(ctx, key, id),
        }
    }
}

/// The key figures with a value this year as of the period, the board's
/// own first ([`Store::kpis_as_of`]).
pub(super) fn shown<'a>(ctx: &Ctx<'a>) -> data::Result<Vec<KpiAsOf<'a>>> {
    ctx.store.kpis_as_of(ctx.period)
}

fn columns() -> Vec<Column> {
    vec![
        Column::name("Nyckeltal", 30),
        Column::number("Senast", 10, 1),
        Column::text("Avser", 16, 5),
        Column::text("Per", 8, 3),
        Column::number("Mål", 8, 6),
        Column::text("Mot mål", 14, 2),
        Column::text("Ljus", 15, 2),
        Column::text("Trend", 18, 4),
        // Last: only under a comparison, and blank where nothing moved.
        Column::number("Förändr.", 10, 2),
    ]
}

fn table(ctx: &Ctx<'_>) -> data::Result<Screen> {
    let figures = shown(ctx)?;
    let judged = ctx.store.kpi_judgements(ctx.period)?;
    let all = ctx.store.kpis()?;
    let mut rows = Vec::new();
    let mut group: Option<String> = None;
    for figure in &figures {
        ctx.store.give_way()?;
        let unit = figure.kpi.org_unit_id.clone();
        let heading = unit
            .as_deref()
            .map_or_else(|| "Övriga".to_string(), |u| ctx.store.unit_name(u));
        if group.as_deref() != Some(heading.as_str()) {
            rows.push(Row {
                id: format!("unit:{heading}"),
                cells: vec![Cell::new(heading.clone(), Sem::Heading)],
                heading: true,
                ..Row::default()
            });
            group = Some(heading);
        }
        let before = match ctx.compare {
            Some(q) => ctx.store.kpi_before(figure, q)?,
            None => None,
        };
        rows.push(row(
            ctx,
            figure,
            all,
            judged.get(&figure.kpi.id),
            before.as_ref(),
        ));
    }
    let caption = Cell::new(
        format!(
            "Senaste värdet i år t.o.m. {} · ljuset är rapportens bedömning där ett uppdrag mäts med nyckeltalet, annars beräknat (ber.)",
            ctx.period.label
        ),
        Sem::Dim,
    );
    let caption =
        format::with_notices(Some(caption), ctx.notices, crate::domain::vocab::Topic::Kpi);
    let mut columns = columns();
    // A change shown leaves the names less room, so that at 80 columns it
    // stands beside the distance to target and the light, not instead.
    if rows
        .iter()
        .any(|r| r.cells.get(CHANGE).is_some_and(|c| !c.is_blank()))
    {
        columns[0].width = NAME_BESIDE_CHANGE;
    }
    let table = Table {
        columns,
        rows,
        empty: format!("Inga nyckeltal i år t.o.m. {}.", ctx.period.label),
        caption,
    };
    Ok(Screen::new(KpiKey::Table.into(), TITLE, Body::Table(table)))
}

fn row(
    ctx: &Ctx<'_>,
    figure: &KpiAsOf<'_>,
    all: &[Kpi],
    judged: Option<&KpiJudgement>,
    before: Option<&KpiBefore<'_>>,
) -> Row {
    let kpi = figure.kpi;
    let unit = kpi.unit.as_deref();
    let latest = figure.latest;
    let light = figure.light();
    let mut name = listed_name(kpi, all);
    if latest.is_some_and(|v| v.provenance.illustrative) {
        name = name.push(strings::ILLUSTRATIVE_MARK, Sem::Illustrative);
    }
    let per = latest
        .and_then(|v| v.period_id.as_deref())
        .filter(|p| *p != ctx.period.id)
        .map_or_else(Cell::empty, |p| {
            Cell::new(format::short_period_of(ctx.store, p), Sem::Dim)
        });
    Row {
        id: kpi.id.clone(),
        cells: vec![
            name,
            format::quantity(latest.and_then(|v| v.value), unit),
            Cell::new(
                latest.map(|v| v.label.clone()).unwrap_or_default(),
                Sem::Dim,
            ),
            per,
            format::quantity(kpi.target, unit),
            format::distance(&light, unit, false),
            judged.map_or_else(
                || format::rule_light(&light),
                |j| format::judged(j.judged()),
            ),
            trend(figure),
            change(kpi, before),
        ],
        // A chart of one value says nothing its page does not.
        drill: Some(Nav::Push(if figure.known.len() >= 2 {
            KpiKey::Chart { id: kpi.id.clone() }.into()
        } else {
            KpiKey::Detail { id: kpi.id.clone() }.into()
        })),
        detail: Some(Nav::Push(KpiKey::Detail { id: kpi.id.clone() }.into())),
        exception: judged.map_or_else(
            || light.light.is_some_and(|j| j.is_exception()),
            |j| j.judged().at_risk(),
        ),
        source: latest.map(|v| v.provenance.clone()),
        as_of: latest.and_then(|v| v.period_id.clone()),
        ..Row::default()
    }
}

/// How far the figure moved since the comparison period, signed, in its
/// unit (percentages in percentage points), coloured by its effect where
/// the figure says which way is better; blank where nothing is compared.
fn change(kpi: &Kpi, before: Option<&KpiBefore<'_>>) -> Cell {
    let Some((before, change)) = before.and_then(|b| Some((b, b.change?))) else {
        return Cell::empty();
    };
    let decimals = before
        .value
        .value
        .map_or(0, |v| v.scale())
        .max(change.scale());
    // A change of a share is in percentage points, not percent.
    let unit = match kpi.unit.as_deref().map(str::trim) {
        Some("%") => "p.e.".to_string(),
        Some(u) if !u.eq_ignore_ascii_case("antal") => u.to_string(),
        _ => String::new(),
    };
    let shown = format_sv(change, decimals, true);
    let text = if unit.is_empty() {
        shown
    } else {
        format!("{shown} {unit}")
    };
    let sign = change.cmp(&Decimal::ZERO);
    let sem = match kpi.direction {
        Some(Direction::HigherIsBetter) => format::effect(sign),
        Some(Direction::LowerIsBetter) => format::effect(sign.reverse()),
        None => Sem::Normal,
    };
    Cell::new(text, sem).valued(Raw::Number {
        value: change,
        unit,
    })
}

/// A sparkline of the known values where there are enough; else the few
/// values themselves, oldest first ("50,1 · 31,7 · 9,7").
fn trend(figure: &KpiAsOf<'_>) -> Cell {
    let values: Vec<Option<Decimal>> = figure.known.iter().map(|v| v.value).collect();
    if values.len() >= SPARK_MIN {
        let recent = &values[values.len().saturating_sub(TREND)..];
        return Cell::new(format::sparkline(recent), Sem::ChartMonthly);
    }
    let listed: Vec<String> = values
        .iter()
        .map(|v| format::quantity(*v, None).text())
        .collect();
    Cell::plain(listed.join(" · "))
}

fn missing(ctx: &Ctx<'_>, key: &KpiKey, id: &str) -> Screen {
    Screen::new(
        key.clone().into(),
        TITLE,
        Body::Detail(Detail::missing(format!(
            "Nyckeltalet {id} finns inte i ögonblicksbilden t.o.m. {}.",
            ctx.period.label
        ))),
    )
}

fn chart(ctx: &Ctx<'_>, key: &KpiKey, id: &str) -> data::Result<Screen> {
    let Some(kpi) = ctx.store.kpi(id)? else {
        return Ok(missing(ctx, key, id));
    };
    let figure = kpi.as_of(ctx.period, &ctx.store.periods);
    let unit = kpi.unit.as_deref();
    let values: Vec<Option<f64>> = figure
        .known
        .iter()
        .map(|v| v.value.and_then(format::plotted))
        .collect();
    let latest = figure.latest.and_then(|v| v.value);
    let mut series = vec![(
        format!("Värde {}", format::quantity(latest, unit).text()),
        values.clone(),
        Sem::ChartMonthly,
    )];
    if let Some(target) = kpi.target {
        series.push((
            format!("Mål {}", format::quantity(Some(target), unit).text()),
            vec![format::plotted(target); values.len()],
            Sem::ChartTarget,
        ));
    }
    // Every value with its label, below the plot.
    let events = figure
        .known
        .iter()
        .enumerate()
        .map(|(i, v)| {
            (
                i,
                format!("{}: {}", v.label, format::quantity(v.value, unit).text()),
            )
        })
        .collect();
    let body = Chart {
        months: figure.known.iter().map(|v| v.date.to_string()).collect(),
        series,
        events,
        y_label: unit.unwrap_or("").to_string(),
        caption: Some(Cell::new(sources(&figure), Sem::Dim)),
    };
    Ok(Screen::new(
        key.clone().into(),
        crate::domain::text::fit_width(&kpi.name, 30),
        Body::Chart(body),
    ))
}

/// "Källa: …" for the values shown, each source once.
fn sources(figure: &KpiAsOf<'_>) -> String {
    let mut cited: Vec<String> = Vec::new();
    for v in &figure.known {
        if let Some(c) = v.provenance.citation()
            && !cited.contains(&c)
        {
            cited.push(c);
        }
    }
    match cited.as_slice() {
        [] => "Källa saknas".to_string(),
        [one] => format!("Källa: {one}"),
        [first, rest @ ..] => format!("Källa: {first} (+{} källor)", rest.len()),
    }
}

fn detail(ctx: &Ctx<'_>, key: &KpiKey, id: &str) -> data::Result<Screen> {
    let Some(kpi) = ctx.store.kpi(id)? else {
        return Ok(missing(ctx, key, id));
    };
    let figure = kpi.as_of(ctx.period, &ctx.store.periods);
    let unit = kpi.unit.as_deref();
    let light = figure.light();
    let field = |label: &str, cell: Cell| (label.to_string(), cell);
    let latest = figure.latest.map_or_else(
        || Cell::new("inget värde i år", Sem::Dim),
        |v| {
            let mut cell = format::quantity(v.value, unit).push(format!("  {}", v.label), Sem::Dim);
            if let Some(p) = v.period_id.as_deref().filter(|p| *p != ctx.period.id) {
                cell = cell.push(
                    format!(" (enligt {})", format::period_label_of(ctx.store, p)),
                    Sem::Dim,
                );
            }
            cell
        },
    );
    let target = match (kpi.target, &kpi.target_text) {
        (Some(t), Some(text)) => {
            format::quantity(Some(t), unit).push(format!("  ({text})"), Sem::Dim)
        }
        (Some(t), None) => format::quantity(Some(t), unit),
        (None, Some(text)) => Cell::plain(text.clone()),
        (None, None) => Cell::new("inget mål", Sem::Dim),
    };
    let mut fields = vec![
        field("Nyckeltal", Cell::plain(kpi.name.clone())),
        field(
            "Gäller",
            kpi.org_unit_id.as_deref().map_or_else(
                || Cell::new("anges inte", Sem::Dim),
                |u| Cell::plain(ctx.store.unit_name(u)),
            ),
        ),
        field("Senast", latest),
        field("Mål", target),
        field(
            "Riktning",
            kpi.direction.map_or_else(
                || Cell::new("anges inte", Sem::Dim),
                |d| Cell::plain(d.label()),
            ),
        ),
    ];
    let distance = format::distance(&light, unit, true);
    if !distance.is_blank() {
        let what = if light.above_ceiling.is_some() {
            " taket"
        } else {
            " av målet"
        };
        fields.push(field("Mot mål", distance.push(what, Sem::Dim)));
    }
    let lit = format::rule_light(&light);
    let judged = ctx.store.kpi_judgements(ctx.period)?.remove(&kpi.id);
    let computed = if lit.is_blank() {
        Cell::new("inget ljus (se nedan)", Sem::Dim)
    } else {
        lit
    };
    match &judged {
        Some(j) => {
            fields.push(field(
                "Ljus",
                format::judged(j.judged()).push(
                    format!(
                        " rapportens bedömning, enligt {}",
                        format::period_label_of(ctx.store, &j.report.period_id)
                    ),
                    Sem::Dim,
                ),
            ));
            fields.push(field(
                "Beräknat",
                computed.push(" ersatt av rapportens bedömning", Sem::Dim),
            ));
        }
        None => fields.push(field("Ljus", computed)),
    }
    fields.push(field("Period", Cell::plain(ctx.period.label.clone())));
    if let Some(q) = ctx.compare {
        fields.extend(compared(ctx, q, &figure)?);
    }
    let mut sections = Vec::new();
    if let Some(text) = &kpi.description {
        sections.push(Section::text("Beskrivning", text));
    }
    sections.push(Section::text("Värden", &values_text(ctx, kpi, &figure)));
    let parts = ctx.store.kpi_parts(&kpi.id)?;
    if !parts.is_empty() {
        sections.push(Section::text("Per grupp", &parts_text(ctx, &parts)));
    }
    if let Some(j) = &judged {
        sections.push(Section::text(
            "Rapportens bedömning",
            &format!(
                "{} genom uppdraget {}: \u{201d}{}\u{201d}\nKälla: {}",
                j.judged().label(),
                j.directive_title,
                j.report.judgement_quote.clone().unwrap_or_default(),
                format::source(j.report.judgement_provenance()).text()
            ),
        ));
    }
    sections.push(Section::text(
        "Så bedöms ljuset",
        &light_text(ctx, light.basis, judged.as_ref()),
    ));
    Ok(Screen::new(
        key.clone().into(),
        crate::domain::text::fit_width(&kpi.name, 30),
        Body::Detail(Detail { fields, sections }),
    ))
}

/// One line per group the figure breaks down into: its latest value as of
/// the period with the span the report gives (or *utan angiven
/// mätperiod*), and its source.
fn parts_text(ctx: &Ctx<'_>, parts: &[&Kpi]) -> String {
    parts
        .iter()
        .map(|part| {
            let figure = part.as_of(ctx.period, &ctx.store.periods);
            let unit = part.unit.as_deref();
            match figure.latest {
                Some(v) => format!(
                    "{}: {} · {} · {}",
                    part.name,
                    format::quantity(v.value, unit).text(),
                    v.label,
                    format::source(&v.provenance).text()
                ),
                None => format!("{}: inget värde i år", part.name),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One line per value known at the period: span, value, report, source.
fn values_text(ctx: &Ctx<'_>, kpi: &Kpi, figure: &KpiAsOf<'_>) -> String {
    if figure.known.is_empty() {
        return format!("Inga värden rapporterade t.o.m. {}.", ctx.period.label);
    }
    let unit = kpi.unit.as_deref();
    figure
        .known
        .iter()
        .map(|v| {
            let source = format::source(&v.provenance).text();
            let report = v.period_id.as_deref().map_or_else(String::new, |p| {
                format!(" · {}", format::period_label_of(ctx.store, p))
            });
            format!(
                "{}: {}{report} · {source}",
                v.label,
                format::quantity(v.value, unit).text()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The figure at the comparison period: its value then (its own, or last
/// year's linked figure's, named) and the change, marked as computed.
fn compared(
    ctx: &Ctx<'_>,
    q: &data::Period,
    figure: &KpiAsOf<'_>,
) -> data::Result<Vec<(String, Cell)>> {
    let Some(before) = ctx.store.kpi_before(figure, q)? else {
        return Ok(vec![(
            "Förra värdet".to_string(),
            format::dash().push(format!(" inget värde t.o.m. {}", q.label), Sem::Dim),
        )]);
    };
    let then = before.value;
    let mut was = format::quantity(then.value, before.kpi.unit.as_deref())
        .push(format!("  {}", then.label), Sem::Dim);
    if let Some(p) = then.period_id.as_deref() {
        was = was.push(
            format!(" (enligt {})", format::period_label_of(ctx.store, p)),
            Sem::Dim,
        );
    }
    let mut fields = vec![("Förra värdet".to_string(), was)];
    if before.linked(figure.kpi) {
        fields.push((
            "Förra årets".to_string(),
            Cell::plain(before.kpi.name.clone()).push(
                format!(
                    " ({})",
                    before.kpi.org_unit_id.as_deref().map_or_else(
                        || "enhet anges inte".to_string(),
                        |u| ctx.store.short_name(u)
                    )
                ),
                Sem::Dim,
            ),
        ));
    }
    let moved = change(figure.kpi, Some(&before));
    let moved = if moved.is_blank() {
        Cell::new(format!("ingen ny uppgift sedan {}", q.label), Sem::Dim)
    } else {
        moved.push(" (beräknad av tertial)", Sem::Dim)
    };
    fields.push(("Förändring".to_string(), moved));
    Ok(fields)
}

/// What decides this figure's light: a report's judgement, named with the
/// directive it is stated through, or the rule, written out.
fn light_text(ctx: &Ctx<'_>, basis: Basis, judged: Option<&KpiJudgement>) -> String {
    if let Some(j) = judged {
        return format!(
            "Ljuset är rapportens bedömning ({}, {}), gjord genom uppdraget {} som mäts med \
             nyckeltalet. Den ersätter det ljus som regeln annars skulle ge. {}",
            j.judged().label(),
            format::source(j.report.judgement_provenance()).text(),
            j.directive_title,
            rule_text(basis)
        );
    }
    let unjudged = format!(
        "Ingen rapport t.o.m. {} bedömer nyckeltalet (en rapport gör det genom ett uppdrag \
         som mäts med det).",
        ctx.period.label
    );
    format!("{unjudged} {}", rule_text(basis))
}

/// The rule, and why it gives no light where it gives none.
fn rule_text(basis: Basis) -> &'static str {
    match basis {
        Basis::Rule => {
            "Regeln beräknar ljuset: minst 100 % av målet ger grönt, 80–99 % gult och under \
             80 % rött; för ett tak (lägre är bättre) räknas andelen som målet delat med värdet."
        }
        Basis::Report => "Ljuset är rapportens egen bedömning.",
        Basis::NoValue => "Inget värde i år: inget ljus.",
        Basis::Unjudged(Unjudged::NoTarget) => "Nyckeltalet har inget mål: inget ljus.",
        Basis::Unjudged(Unjudged::NoDirection) => {
            "Det framgår inte om högre eller lägre är bättre: inget ljus."
        }
        Basis::Unjudged(_) => {
            "Värde eller mål är noll eller negativt, så en andel av målet betyder inget: inget ljus."
        }
    }
}

/// A figure's name in the list. A group of another figure stands indented
/// under it, one step per level, and says only what its parent's name does
/// not ("kvinnor" under "Sjukfrånvaro, total …"), so that at 80 columns the
/// groups are told apart; its whole name is what copy and export write and
/// what its page shows.
fn listed_name(kpi: &Kpi, all: &[Kpi]) -> Cell {
    let parent_of = |k: &Kpi| {
        k.parent_id
            .as_deref()
            .and_then(|p| all.iter().find(|o| o.id == p))
    };
    let Some(parent) = parent_of(kpi) else {
        return Cell::plain(kpi.name.clone());
    };
    // A chain of parents is short; the bound only guards a looped file
    // (`check` reports the loop).
    let depth = std::iter::successors(Some(parent), |k| parent_of(k))
        .take(8)
        .count();
    // Shortened only under a parent listed in the same unit's group: one
    // under another unit's heading keeps its whole name.
    let short = match parent.org_unit_id == kpi.org_unit_id {
        true => name_under(&parent.name, &kpi.name),
        false => &kpi.name,
    };
    let cell = Cell::plain(format!("{}{short}", "  ".repeat(depth)));
    if short.len() == kpi.name.len() {
        cell
    } else {
        cell.valued(Raw::Word(kpi.name.clone()))
    }
}

/// The part of `name` that `parent` does not already say: what follows the
/// last ", " or ": " within the words the two names begin with ("kvinnor"
/// of "Sjukfrånvaro, kvinnor" under "Sjukfrånvaro, total (…)"). The whole
/// name where they share no such words.
fn name_under<'a>(parent: &str, name: &'a str) -> &'a str {
    let shared: usize = parent
        .chars()
        .zip(name.chars())
        .take_while(|(a, b)| a == b)
        .map(|(c, _)| c.len_utf8())
        .sum();
    // Two characters more: the parent's whole name followed by ", ".
    let words = name.get(..shared + 2).unwrap_or(&name[..shared]);
    let cut = [", ", ": "]
        .iter()
        .filter_map(|sep| words.rfind(sep).map(|at| at + sep.len()))
        .max();
    match cut.map(|at| &name[at..]) {
        Some(rest) if !rest.trim().is_empty() => rest,
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    /// A group says what its parent does not, cut at the words they share.
    #[test]
    fn a_group_is_listed_by_what_its_parent_does_not_say() {
        let total = "Sjukfrånvaro, total (kort- och långtidsfrånvaro)";
        assert_eq!(name_under(total, "Sjukfrånvaro, kvinnor"), "kvinnor");
        assert_eq!(
            name_under(
                "Sjukfrånvaro, tandsköterskor",
                "Sjukfrånvaro, tandsköterskor, män och kvinnor (likartad)"
            ),
            "män och kvinnor (likartad)"
        );
        assert_eq!(
            name_under(
                "Sjukfrånvaro, tandsköterskor",
                "Sjukfrånvaro, tandsköterskor 30–49 år"
            ),
            "tandsköterskor 30–49 år"
        );
        assert_eq!(
            name_under(
                "Antal anställda, förändring: hälso- och sjukvården",
                "Antal anställda, förändring: sjuksköterskor (HSN)"
            ),
            "sjuksköterskor (HSN)"
        );
        // Nothing shared to the first separator: the whole name.
        let zero = "Andel medarbetare sjuka 0 kalenderdagar, regionen";
        assert_eq!(name_under("Sjukfrånvaro, regionen", zero), zero);
        // The same name under itself keeps it.
        assert_eq!(name_under("Sjukfrånvaro, män", "Sjukfrånvaro, män"), "män");
        assert_eq!(name_under("A, b", "A, "), "A, ");
    }

    /// Each level indents once more, and copy and export keep the whole
    /// name of a group listed by its rest.
    #[test]
    fn a_group_is_indented_by_its_depth_and_exports_its_whole_name() {
        let figure = |id: &str, name: &str, parent: Option<&str>| Kpi {
            id: id.into(),
            name: name.into(),
            parent_id: parent.map(Into::into),
            ..Kpi::default()
        };
        let mut all = vec![
            figure("t", "Sjukfrånvaro, total", None),
            figure("s", "Sjukfrånvaro, tandsköterskor", Some("t")),
            figure("s3", "Sjukfrånvaro, tandsköterskor 30–49 år", Some("s")),
        ];
        let text = Cell::text;
        let top = listed_name(&all[0], &all);
        assert_eq!(text(&top), "Sjukfrånvaro, total");
        assert_eq!(top.value, None);
        let group = listed_name(&all[1], &all);
        assert_eq!(text(&group), "  tandsköterskor");
        assert_eq!(
            group.value,
            Some(Raw::Word("Sjukfrånvaro, tandsköterskor".into()))
        );
        assert_eq!(
            text(&listed_name(&all[2], &all)),
            "    tandsköterskor 30–49 år"
        );
        // Listed under another unit's heading than its parent's, a group
        // keeps its whole name.
        all[2].org_unit_id = Some("tandvard".into());
        assert_eq!(
            text(&listed_name(&all[2], &all)),
            "    Sjukfrånvaro, tandsköterskor 30–49 år"
        );
    }

    use super::*;
    use crate::data::compare::Baseline;
    use crate::ui::panes::testing;

    fn screen(period: &str, key: &KpiKey) -> Screen {
        let store = testing::store();
        KeyFigures::build(&testing::ctx(store, period), key).unwrap()
    }

    fn row(screen: &Screen, id: &str) -> Vec<String> {
        let row = screen
            .rows()
            .iter()
            .find(|r| r.id == id)
            .unwrap_or_else(|| panic!("no {id}"));
        row.cells.iter().map(Cell::text).collect()
    }

    #[test]
    fn august_shows_the_agency_staff_share_against_its_ceiling_board_first() {
        let august = screen("2025-08", &KpiKey::Table);
        let share = row(&august, "k-hyrpersonal-andel");
        assert_eq!(share[1], "3,81 %");
        assert_eq!(share[2], "R12 sep 2024–aug 2025");
        assert_eq!(share[4], "3,7 %");
        assert_eq!(share[5], "0,11 p.e. över");
        assert_eq!(
            share[6], "● uppnås",
            "the August report judges the share through directive d2025-03, \
             in place of the computed ◐ Delvis (ber.)"
        );
        let judged = august
            .rows()
            .iter()
            .find(|r| r.id == "k-hyrpersonal-andel")
            .unwrap();
        assert!(!judged.exception, "judged reached: not an exception for n");
        let Body::Detail(d) = screen(
            "2025-10",
            &KpiKey::Detail {
                id: "k-hyrpersonal-andel".into(),
            },
        )
        .body
        else {
            panic!("a detail")
        };
        assert_eq!(
            d.field("Ljus").as_deref(),
            Some("● uppnås rapportens bedömning, enligt ack augusti 2025")
        );
        assert_eq!(
            d.field("Beräknat").as_deref(),
            Some("◐ Delvis (ber.) ersatt av rapportens bedömning")
        );
        let said = d.section("Rapportens bedömning").unwrap();
        assert!(
            said.contains("genom uppdraget Minska hyrberoendet"),
            "{said}"
        );
        assert!(
            said.contains("bedömningen är att det kommer uppnås.”"),
            "{said}"
        );
        let first = august.rows().iter().find(|r| r.heading).unwrap();
        assert_eq!(
            first.cells[0].text(),
            "Hälso- och sjukvårdsnämnden",
            "the board first"
        );
    }

    #[test]
    fn october_lists_the_summer_contract_costs_and_marks_augusts_figures() {
        let october = screen("2025-10", &KpiKey::Table);
        let summer = row(&october, "k-sommaravtal-kostnad");
        assert_eq!(summer[1], "9,7 mkr");
        assert_eq!(summer[7], "50,1 · 31,7 · 9,7");
        assert_eq!(summer[3], "", "October's own report");
        let share = row(&october, "k-hyrpersonal-andel");
        assert_eq!(share[3], "aug 2025", "carried from August, and said so");
    }

    #[test]
    fn every_series_is_reachable_in_some_period() {
        let store = testing::store();
        let mut seen = std::collections::HashSet::new();
        for period in &store.periods {
            let cx = testing::ctx(store, &period.id);
            seen.extend(shown(&cx).unwrap().iter().map(|f| f.kpi.id.clone()));
        }
        assert_eq!(seen.len(), store.kpis().unwrap().len());
    }

    #[test]
    fn the_chart_has_the_target_line_and_every_values_label_and_the_detail_every_source() {
        let chart = screen(
            "2025-10",
            &KpiKey::Chart {
                id: "k-sommaravtal-kostnad".into(),
            },
        );
        let Body::Chart(c) = &chart.body else {
            panic!("a chart")
        };
        let labels: Vec<&str> = c.events.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            labels,
            ["2023: 50,1 mkr", "2024: 31,7 mkr", "2025: 9,7 mkr"]
        );
        let share = screen(
            "2025-08",
            &KpiKey::Chart {
                id: "k-hyrpersonal-andel".into(),
            },
        );
        let Body::Chart(c) = &share.body else {
            panic!("a chart")
        };
        assert_eq!(c.series.len(), 2, "value and target");
        assert_eq!(c.series[1].0, "Mål 3,7 %");
        let detail = screen(
            "2025-08",
            &KpiKey::Detail {
                id: "k-hyrpersonal-andel".into(),
            },
        );
        let Body::Detail(d) = &detail.body else {
            panic!("a detail")
        };
        assert_eq!(
            d.field("Mot mål").as_deref(),
            Some("0,11 procentenheter över taket")
        );
        assert!(
            d.section("Värden")
                .unwrap()
                .contains("HSN delårsrapport per augusti 2025")
        );
        let why = d.section("Så bedöms ljuset").unwrap();
        assert!(
            why.contains(
                "Ljuset är rapportens bedömning (uppnås, HSN delårsrapport per augusti 2025"
            ),
            "{why}"
        );
        assert!(why.contains("genom uppdraget Minska hyrberoendet"), "{why}");
        assert!(
            !why.contains("bedömer inte nyckeltalen"),
            "the reports do judge key figures: {why}"
        );
    }

    /// A figure no report judges says so, for its own period, and gives
    /// the rule.
    #[test]
    fn an_unjudged_figures_light_is_the_rules_and_says_so() {
        let detail = screen(
            "2024-08",
            &KpiKey::Detail {
                id: "k2024-hyrpersonal-andel-region".into(),
            },
        );
        let Body::Detail(d) = &detail.body else {
            panic!("a detail")
        };
        assert_eq!(d.field("Ljus").as_deref(), Some("○ Inte (ber.)"));
        let why = d.section("Så bedöms ljuset").unwrap();
        assert!(
            why.starts_with("Ingen rapport t.o.m. ack augusti 2024 bedömer nyckeltalet"),
            "{why}"
        );
        assert!(why.contains("Regeln beräknar ljuset"), "{why}");
    }

    /// `c`: against the same period last year, a figure of this year is
    /// compared with last year's figure it links to (`kpi.previous_id`),
    /// not shown as new; a change is blank where nothing is compared.
    #[test]
    fn against_last_year_a_figure_is_compared_with_its_previous_year_self() {
        let store = testing::store();
        let mut cx = testing::ctx(store, "2025-08");
        let at = store
            .periods
            .iter()
            .position(|p| p.id == "2025-08")
            .unwrap();
        cx.baseline = Baseline::LastYear;
        cx.compare = store
            .baseline(at, Baseline::LastYear)
            .map(|i| &store.periods[i]);
        assert_eq!(cx.compare.map(|p| p.id.as_str()), Some("2024-08"));
        let table = KeyFigures::build(&cx, &KpiKey::Table).unwrap();
        assert_eq!(row(&table, "k-hyrpersonal-andel")[CHANGE], "−0,59 p.e.");
        assert_eq!(row(&table, "k-sjukfranvaro")[CHANGE], "+0,2 p.e.");
        assert_eq!(
            row(&table, "k-atgardsplan-effekt")[CHANGE],
            "",
            "not linked"
        );
        let hired = table
            .rows()
            .iter()
            .find(|r| r.id == "k-hyrpersonal-andel")
            .unwrap();
        assert_eq!(
            hired.cells[CHANGE].spans[0].1,
            Sem::Good,
            "a lower share is better"
        );
        let Body::Detail(d) = KeyFigures::build(
            &cx,
            &KpiKey::Detail {
                id: "k-hyrpersonal-andel".into(),
            },
        )
        .unwrap()
        .body
        else {
            panic!("a detail")
        };
        assert_eq!(
            d.field("Förra värdet").as_deref(),
            Some("4,4 %  senaste 12 mån per augusti 2024 (enligt ack augusti 2024)")
        );
        assert!(
            d.field("Förra årets")
                .unwrap()
                .ends_with("(SKR-indikator), regionen (RV)")
        );
        assert_eq!(
            d.field("Förändring").as_deref(),
            Some("−0,59 p.e. (beräknad av tertial)")
        );
        // Against the previous report (April), nothing: no column.
        let april = screen("2025-08", &KpiKey::Table);
        assert!(
            april
                .rows()
                .iter()
                .filter(|r| !r.heading)
                .all(|r| r.cells[CHANGE].is_blank())
        );
    }
}
