//! Ekonomi: the organisation as a tree table of budget, outcome and
//! deviation; a unit's split by cost type; a line's detail with its source;
//! the budget frames and the bridge between years.

pub use super::registry::EconomyKey;
use super::{Ctx, Effect, Pane, frames, investments};
use crate::data::asof::Carried;
use crate::data::economy::Development;
use crate::data::restated::Restatement;
use crate::data::{self, Fact};
use crate::domain::change::linear_projection;
use crate::domain::variance;
use crate::domain::vocab::Topic;
use crate::keymap::Action;
use crate::ui::footer::FooterMessage;
use crate::ui::format;
use crate::ui::screen::{Body, Cell, Column, Detail, Nav, Row, Screen, Section, Table};
use crate::ui::strings;
use crate::ui::theme::Sem;
use std::collections::{BTreeSet, HashMap};

/// Tree levels open until the user closes them: the region and its boards.
const OPEN_LEVELS: u16 = 2;

pub struct Economy;

impl Pane for Economy {
    type Key = EconomyKey;

    fn build(ctx: &Ctx<'_>, key: &EconomyKey) -> data::Result<Screen> {
        match key {
            EconomyKey::Tree { toggled } => tree(ctx, key, toggled),
            EconomyKey::CostTypes { unit } => cost_types(ctx, key, unit),
            EconomyKey::Detail { unit, cost_type } => detail(ctx, key, unit, cost_type.as_deref()),
            EconomyKey::Frames { board } => {
                let row_key = |row| {
                    let board = board.clone();
                    EconomyKey::FrameRow { board, row }.into()
                };
                frames::screen(ctx, key.clone().into(), board, &row_key)
            }
            EconomyKey::FrameRow { board, row } => {
                frames::row_detail(ctx, key.clone().into(), board, row)
            }
            EconomyKey::Investments => {
                let row_key = |id| EconomyKey::InvestmentRow { id }.into();
                investments::screen(ctx, key.clone().into(), &row_key)
            }
            EconomyKey::InvestmentRow { id } => {
                investments::row_detail(ctx, key.clone().into(), id)
            }
        }
    }

    fn act(ctx: &Ctx<'_>, key: &EconomyKey, row: Option<&Row>, action: Action) -> Option<Effect> {
        match (action, key) {
            (Action::Toggle, EconomyKey::Tree { toggled }) => {
                let id = &row.filter(|r| r.expanded.is_some())?.id;
                let mut toggled = toggled.clone();
                if !toggled.remove(id) {
                    toggled.insert(id.clone());
                }
                Some(Effect::Replace(EconomyKey::Tree { toggled }.into()))
            }
            (Action::Frames, _) => Some(frames_of(ctx, row.map(|r| r.id.as_str()))),
            (Action::Investments, _) => Some(Effect::Go(Nav::Push(EconomyKey::Investments.into()))),
            _ => None,
        }
    }
}

/// `b`: the frames of the selected unit's board, if it has frames; else the
/// first board that has.
fn frames_of(ctx: &Ctx<'_>, selected: Option<&str>) -> Effect {
    let boards = match ctx.store.boards_with_frames() {
        Ok(boards) => boards,
        Err(e) => return Effect::Say(e.into()),
    };
    let board = selected
        .filter(|id| ctx.store.org_unit(id).is_some())
        .and_then(|id| {
            ancestors(ctx.store, id)
                .into_iter()
                .find(|u| boards.contains(u))
        })
        .or_else(|| boards.first().cloned());
    match board {
        Some(board) => Effect::Go(Nav::Push(EconomyKey::Frames { board }.into())),
        None => Effect::Say(FooterMessage::NoFrames),
    }
}

/// Whether a tree node is open. The key's set holds the nodes the user
/// toggled away from the default (open above [`OPEN_LEVELS`]), so the root
/// key needs no knowledge of the organisation.
pub fn is_open(toggled: &BTreeSet<String>, id: &str, depth: u16) -> bool {
    (depth < OPEN_LEVELS) != toggled.contains(id)
}

/// Deepest unit a jump opens the tree down to. Every search hit and
/// Översikt line carries its jump's open nodes, so a hostile file 100 000
/// levels deep would otherwise cost gigabytes; real trees are a handful of
/// levels deep (`tertial check` refuses more than 32).
const JUMP_DEPTH_MAX: usize = 1000;

/// The toggle set that opens every ancestor of `unit` (for jumps); empty
/// for a unit deeper than [`JUMP_DEPTH_MAX`].
pub fn opening(store: &data::Store, unit: &str) -> BTreeSet<String> {
    if store.org_depth(unit) > JUMP_DEPTH_MAX {
        return BTreeSet::new();
    }
    let chain = ancestors(store, unit);
    let depth_of = |i: usize| (chain.len() - 1 - i) as u16;
    chain
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(i, _)| depth_of(*i) >= OPEN_LEVELS)
        .map(|(_, id)| id.clone())
        .collect()
}

/// The toggle set that opens every node of the tree: one screen that
/// holds every unit's row (Att följa upp reads the figures of many noted
/// units from it, rather than building the tree once per unit).
pub fn everything_open(store: &data::Store) -> BTreeSet<String> {
    store
        .org
        .iter()
        .filter(|u| store.org_depth(&u.id) >= usize::from(OPEN_LEVELS))
        .map(|u| u.id.clone())
        .collect()
}

/// `unit` and its ancestors, nearest first.
pub(super) fn ancestors(store: &data::Store, unit: &str) -> Vec<String> {
    std::iter::once(unit.to_string())
        .chain(store.org_ancestors(unit).into_iter().map(|u| u.id.clone()))
        .collect()
}

fn columns() -> Vec<Column> {
    vec![
        Column::name("Enhet", 24),
        Column::number("Budget", 8, 5),
        Column::number("Utfall", 8, 4),
        Column::number("Avvikelse", 9, 1),
        Column::number("Förändr.", 8, 2),
        Column::number("Avv. %", 7, 3),
        Column::number("Utfall fg år", 12, 8),
        Column::number("Kostn.utv.", 10, 7),
        Column::number("Prognosavv.", 11, 2),
        Column::text("Per", 8, 4),
        Column::number("Förändr. progn.", 15, 6),
        Column::number("Beräknat helår", 14, 9),
    ]
}

/// A line's figures in the period, the forecast an earlier report of the
/// year gave where the period's own row has none, and the same at the
/// comparison period.
#[derive(Clone, Copy, Default)]
struct Line<'a> {
    now: Option<&'a Fact>,
    carried: Option<&'a Carried<i64>>,
    before: Option<&'a Fact>,
    /// A unit's cost development on its net-cost line, where its total row
    /// gives none (see [`data::Store::cost_development`]).
    net_development: Option<rust_decimal::Decimal>,
}

impl Line<'_> {
    fn forecast(&self) -> Option<i64> {
        let own = self.now.and_then(|f| f.forecast_deviation);
        own.or(self.carried.map(|c| c.value))
    }

    /// How much a figure moved since the comparison period, where both
    /// periods state it.
    fn change(now: Option<i64>, before: Option<i64>) -> Option<i64> {
        now?.checked_sub(before?)
    }

    fn deviation_change(&self) -> Option<i64> {
        Line::change(
            self.now.and_then(|f| f.deviation),
            self.before.and_then(|f| f.deviation),
        )
    }

    /// Only where both periods' own rows state a forecast: one carried
    /// from an earlier report is that report's, so a change against it
    /// would be made up (October states none; August's −550 stands).
    fn forecast_change(&self) -> Option<i64> {
        Line::change(
            self.now.and_then(|f| f.forecast_deviation),
            self.before.and_then(|f| f.forecast_deviation),
        )
    }
}

/// The deviation to date carried on to twelve months: the cockpit's
/// arithmetic, never the board's forecast. Not at year end, where it would
/// only repeat the outcome.
pub(super) fn projection(ctx: &Ctx<'_>, fact: Option<&Fact>) -> Option<i64> {
    use chrono::Datelike;
    let months = ctx.period.end_date?.month();
    (months < 12).then(|| linear_projection(fact?.deviation?, months))?
}

/// A line's row: its name and figures, its page (`i`; also Enter unless
/// `drill` leads elsewhere), flagged when the deviation is an exception,
/// with its source and period for copy and export.
fn figure_row(
    ctx: &Ctx<'_>,
    id: &str,
    name: Cell,
    line: &Line<'_>,
    page: EconomyKey,
    drill: Option<Nav>,
) -> Row {
    let mut cells = vec![name];
    cells.extend(figures(ctx, line));
    let page = Nav::Push(page.into());
    let fact = line.now;
    Row {
        id: id.to_string(),
        cells,
        drill: Some(drill.unwrap_or_else(|| page.clone())),
        detail: Some(page),
        exception: fact.is_some_and(|f| variance::is_exception(f.deviation, f.budget)),
        source: fact.map(|f| f.provenance.clone()),
        as_of: fact.map(|_| ctx.period.id.clone()),
        ..Row::default()
    }
}

/// The figure cells of a row, in [`columns`] order after the name.
fn figures(ctx: &Ctx<'_>, line: &Line<'_>) -> Vec<Cell> {
    let unit = ctx.store.money_unit;
    let f = line.now.cloned().unwrap_or_default();
    let per = line.carried.map_or_else(Cell::empty, |c| {
        Cell::new(format::short_period_of(ctx.store, &c.period_id), Sem::Dim)
    });
    vec![
        format::money(f.budget, unit),
        format::money(f.outcome, unit),
        format::deviation(f.deviation, unit),
        format::deviation(line.deviation_change(), unit),
        format::percent(f.deviation_pct(), true),
        format::money(f.outcome_prev_year, unit),
        development_cell(f.cost_development_pct, line.net_development),
        format::deviation(line.forecast(), unit),
        per,
        format::deviation(line.forecast_change(), unit),
        format::deviation(projection(ctx, line.now), unit),
    ]
}

/// The unit's own cost development, else its net-cost line's, said so on
/// the row: the region's "+7,0 %" is verksamhetens nettokostnad's, not its
/// result's.
fn development_cell(
    own: Option<rust_decimal::Decimal>,
    net: Option<rust_decimal::Decimal>,
) -> Cell {
    match (own, net) {
        (Some(own), _) => format::development(Some(own)),
        (None, Some(net)) => format::development(Some(net)).push(strings::NET_COST_LINE, Sem::Dim),
        (None, None) => Cell::empty(),
    }
}

fn name_cell(name: &str, fact: Option<&Fact>) -> Cell {
    let cell = Cell::plain(name);
    match fact {
        Some(f) if f.provenance.illustrative => {
            cell.push(strings::ILLUSTRATIVE_MARK, Sem::Illustrative)
        }
        _ => cell,
    }
}

/// How a line of the period differs from the older snapshot (`--since`).
fn restated<'a>(ctx: &Ctx<'a>, unit: &str, cost_type: Option<&str>) -> Option<&'a Restatement> {
    ctx.store.restated.as_ref()?.get(
        "economy_fact",
        &[
            ("period_id", Some(&ctx.period.id)),
            ("org_unit_id", Some(unit)),
            ("cost_type_id", cost_type),
        ],
    )
}

/// The name, marked when the line is restated since the older snapshot.
fn marked_name(
    ctx: &Ctx<'_>,
    name: &str,
    fact: Option<&Fact>,
    unit: &str,
    ct: Option<&str>,
) -> Cell {
    name_cell(name, fact).then_tight(format::restated(restated(ctx, unit, ct)))
}

/// A caption: the period's economy notices, then `note`.
fn caption(ctx: &Ctx<'_>, note: Option<Cell>) -> Option<Cell> {
    format::with_notices(note, ctx.notices, Topic::Economy)
}

/// The totals [`Line`]s are made of, of the units a screen shows: the
/// period's, the forecasts carried into it, the comparison period's, and
/// which of them can be drilled into. Read for those units where the file
/// allows (see [`data::unit_figures`]), else the period's whole reads,
/// which hold them.
struct Totals {
    now: std::rc::Rc<HashMap<String, Fact>>,
    carried: std::rc::Rc<HashMap<String, Carried<i64>>>,
    before: Option<std::rc::Rc<HashMap<String, Fact>>>,
    net_development: std::rc::Rc<HashMap<String, rust_decimal::Decimal>>,
}

impl Totals {
    fn of(ctx: &Ctx<'_>, units: &[&str]) -> data::Result<Totals> {
        let before = match ctx.compare {
            Some(q) => Some(ctx.store.unit_totals(&q.id, units)?),
            None => None,
        };
        let now = ctx.store.unit_totals(&ctx.period.id, units)?;
        Ok(Totals {
            carried: ctx.store.carried_forecasts_of(ctx.period, &now)?,
            now,
            before,
            net_development: ctx.store.unit_net_developments(&ctx.period.id, units)?,
        })
    }

    fn line(&self, unit: &str) -> Line<'_> {
        Line {
            now: self.now.get(unit),
            carried: self.carried.get(unit),
            before: self.before.as_ref().and_then(|b| b.get(unit)),
            net_development: self.net_development.get(unit).copied(),
        }
    }
}

fn tree(ctx: &Ctx<'_>, key: &EconomyKey, toggled: &BTreeSet<String>) -> data::Result<Screen> {
    let org = &ctx.store.org;
    // The units with figures this period and every unit above them, as
    // far down as the tree is open.
    let shown =
        (ctx.store).economy_tree(&ctx.period.id, |id, depth| is_open(toggled, id, depth))?;
    let units: Vec<&str> = shown.iter().map(|r| org[r.unit].id.as_str()).collect();
    let all = Totals::of(ctx, &units)?;
    let totals = &all.now;
    let drillable = ctx.store.units_drillable(&ctx.period.id, &units)?;
    let mut rows = Vec::with_capacity(shown.len());
    for at in shown {
        let unit = &org[at.unit];
        let name = marked_name(ctx, &unit.name, totals.get(&unit.id), &unit.id, None);
        let into_cost_types = drillable.contains(&unit.id).then(|| {
            Nav::Push(
                EconomyKey::CostTypes {
                    unit: unit.id.clone(),
                }
                .into(),
            )
        });
        let page = EconomyKey::Detail {
            unit: unit.id.clone(),
            cost_type: None,
        };
        let line = all.line(&unit.id);
        rows.push(Row {
            depth: at.depth,
            expanded: at.open,
            ..figure_row(ctx, &unit.id, name, &line, page, into_cost_types)
        });
    }
    let unit_name = ctx.store.money_unit.code();
    let caption = caption(ctx, Some(Cell::new(strings::ECONOMY_SIGNS, Sem::Dim)));
    let table = Table {
        columns: columns(),
        rows,
        empty: format!(
            "Inga ekonomiska uppgifter för {} ({unit_name}).",
            ctx.period.label
        ),
        caption,
    };
    Ok(Screen::new(
        key.clone().into(),
        format!("Ekonomi ({unit_name})"),
        Body::Table(table),
    ))
}

/// Each cost type's depth: how many of its ancestors have rows too,
/// counted in one walk of the cost tree.
fn cost_depths(ctx: &Ctx<'_>, present: &HashMap<String, Fact>) -> Vec<usize> {
    let marked: Vec<bool> = (ctx.store.cost_types.iter())
        .map(|c| present.contains_key(&c.id))
        .collect();
    ctx.store.cost_tree.marked_ancestors(&marked)
}

fn cost_types(ctx: &Ctx<'_>, key: &EconomyKey, unit: &str) -> data::Result<Screen> {
    let lines = ctx.store.by_cost_type(&ctx.period.id, unit)?;
    let carried = ctx.store.carried_cost_forecasts(ctx.period, unit, &lines)?;
    let before = match ctx.compare {
        Some(q) => ctx.store.by_cost_type(&q.id, unit)?,
        None => Default::default(),
    };
    let line = |ct: &str| Line {
        now: lines.get(ct),
        carried: carried.get(ct),
        before: before.get(ct),
        net_development: None,
    };
    let totals = Totals::of(ctx, &[unit])?;
    let total = totals.now.get(unit).cloned();
    let name = ctx.store.short_name(unit);
    let page = |cost_type: Option<&str>| EconomyKey::Detail {
        unit: unit.to_string(),
        cost_type: cost_type.map(str::to_string),
    };
    let mut rows = vec![figure_row(
        ctx,
        "total",
        Cell::new("Totalt", Sem::Heading),
        &totals.line(unit),
        page(None),
        None,
    )];
    // In the cost tree's order, each line under its nearest line with a row.
    let depths = cost_depths(ctx, &lines);
    let depth_of = |id: &str| {
        let depth = ctx.store.cost_tree.position(id).map_or(0, |i| depths[i]);
        u16::try_from(depth).unwrap_or(u16::MAX)
    };
    for cost_type in ctx
        .store
        .cost_types
        .iter()
        .filter(|c| lines.contains_key(&c.id))
    {
        let id = cost_type.id.as_str();
        let name = marked_name(ctx, &cost_type.name, lines.get(id), unit, Some(id));
        rows.push(Row {
            depth: depth_of(id).saturating_add(1),
            ..figure_row(ctx, id, name, &line(id), page(Some(id)), None)
        });
    }
    let partial =
        total.as_ref().is_some_and(|f| f.cost_partial) || lines.values().any(|f| f.cost_partial);
    let note = partial.then(|| {
        Cell::new(
            "Rapporten anger bara vissa delposter: de summerar inte till totalen.",
            Sem::Dim,
        )
    });
    let table = Table {
        columns: {
            let mut c = columns();
            c[0] = Column::name("Kostnadsslag", 18);
            c
        },
        rows,
        empty: String::new(),
        caption: caption(ctx, note),
    };
    Ok(Screen::new(
        key.clone().into(),
        format!("{name}: kostnadsslag"),
        Body::Table(table),
    ))
}

fn detail(
    ctx: &Ctx<'_>,
    key: &EconomyKey,
    unit: &str,
    cost_type: Option<&str>,
) -> data::Result<Screen> {
    let fact = ctx.store.fact(&ctx.period.id, unit, cost_type)?;
    let line_name = cost_type.map_or("Totalt".to_string(), |c| {
        ctx.store
            .cost_type(c)
            .map_or(c.to_string(), |t| t.name.clone())
    });
    let mut fields = vec![
        ("Enhet".to_string(), Cell::plain(ctx.store.unit_name(unit))),
        ("Post".to_string(), Cell::plain(line_name.clone())),
        ("Period".to_string(), Cell::plain(ctx.period.label.clone())),
    ];
    let mut sections = Vec::new();
    match &fact {
        Some(f) => {
            let carried = match f.forecast_deviation {
                Some(_) => None,
                None => ctx.store.carried_forecast(ctx.period, unit, cost_type)?,
            };
            let development = match cost_type {
                None => ctx.store.cost_development(&ctx.period.id, unit, f)?,
                Some(_) => None,
            };
            fields.extend(detail_figures(ctx, f, carried.as_ref(), development));
            // The change against last year where the report states it in
            // money (format 4), beside last year's outcome.
            if let Some(change) = ctx
                .store
                .change_prev_year(&ctx.period.id, unit, cost_type)?
            {
                let at = fields
                    .iter()
                    .position(|(label, _)| label == "Utfall fg år")
                    .map_or(fields.len(), |i| i + 1);
                fields.insert(
                    at,
                    (
                        "Förändring mot fg år".to_string(),
                        format::deviation_exact(change, ctx.store.money_unit)
                            .push(" (enligt rapporten)", Sem::Dim),
                    ),
                );
            }
            fields.push(("Källa".to_string(), format::source(&f.provenance)));
            // The forecast's own heading, where it stands under another
            // than the figures to date (or comes from an earlier report).
            let forecast_source = match &carried {
                Some(c) => Some(c.provenance.clone()),
                None if f.forecast_deviation.is_some() => {
                    ctx.store.forecast_source(&ctx.period.id, unit, cost_type)?
                }
                None => None,
            };
            if let Some(p) = forecast_source {
                fields.push((strings::FORECAST_SOURCE.to_string(), format::source(&p)));
            }
            if let (Some(r), Some(restated)) = (&ctx.store.restated, restated(ctx, unit, cost_type))
            {
                fields.push(format::restated_field(&r.old_name, restated));
            }
            if let Some(analysis) = &f.analysis {
                sections.push(Section::text("Analys", analysis));
            }
            if f.org_partial || f.cost_partial {
                sections.push(Section::text(
                    "Delposter",
                    "Rapporten anger bara vissa delposter för den här raden; de summerar inte till den.",
                ));
            }
            if let Some(projected) = projection(ctx, Some(f)) {
                sections.push(Section::text(
                    "Beräknad helårsavvikelse",
                    &projection_text(ctx, f, projected),
                ));
            }
        }
        None => sections.push(Section::text(
            strings::MISSING_HEADING,
            &format!("Ingen uppgift för {line_name} {}.", ctx.period.label),
        )),
    }
    if let Some(q) = ctx.compare {
        let before = ctx.store.fact(&q.id, unit, cost_type)?;
        sections.push(comparison(ctx, q, fact.as_ref(), before.as_ref()));
    }
    let title = format!(
        "{}: {}",
        ctx.store.short_name(unit),
        line_name.to_lowercase()
    );
    Ok(Screen::new(
        key.clone().into(),
        title,
        Body::Detail(Detail { fields, sections }),
    ))
}

/// A line's figures on its page, exact, each unknown one said so; the
/// forecast with the report it comes from when that is an earlier one.
fn detail_figures(
    ctx: &Ctx<'_>,
    f: &Fact,
    carried: Option<&Carried<i64>>,
    development: Option<Development>,
) -> Vec<(String, Cell)> {
    let money = ctx.store.money_unit;
    let exact =
        |kr: Option<i64>| kr.map_or_else(Cell::empty, |d| format::deviation_exact(d, money));
    let forecast = match (f.forecast_deviation, carried) {
        (Some(own), _) => exact(Some(own)),
        (None, Some(c)) => exact(Some(c.value)).push(
            format!(
                " (enligt {})",
                format::period_label_of(ctx.store, &c.period_id)
            ),
            Sem::Dim,
        ),
        (None, None) => Cell::empty(),
    };
    let projected = projection(ctx, Some(f)).map_or_else(Cell::empty, |p| {
        exact(Some(p)).push(" (beräknad, se nedan)", Sem::Dim)
    });
    [
        ("Budget", format::money_exact(f.budget, money)),
        ("Utfall", format::money_exact(f.outcome, money)),
        ("Avvikelse", exact(f.deviation)),
        ("Avvikelse i %", format::percent(f.deviation_pct(), true)),
        (
            "Utfall fg år",
            format::money_exact(f.outcome_prev_year, money),
        ),
        (
            "Kostnadsutveckling",
            match development {
                Some(d) if d.from_line => format::development(Some(d.pct))
                    .push(" (på raden verksamhetens nettokostnad)", Sem::Dim),
                Some(d) => format::development(Some(d.pct)),
                None => format::development(f.cost_development_pct),
            },
        ),
        (
            "Helårsbudget",
            format::money_exact(f.budget_full_year, money),
        ),
        (strings::FORECAST_DEVIATION, forecast),
        ("Beräknat helår", projected),
    ]
    .into_iter()
    .map(|(label, cell)| (label.to_string(), format::or_unknown(cell)))
    .collect()
}

/// How the projection is made, with its own figures.
fn projection_text(ctx: &Ctx<'_>, f: &Fact, projected: i64) -> String {
    use chrono::Datelike;
    let money = ctx.store.money_unit;
    let months = ctx.period.end_date.map_or(0, |d| d.month());
    let to_date = f
        .deviation
        .map_or_else(String::new, |d| format::deviation_exact(d, money).text());
    format!(
        "{} efter {months} månader, i samma takt i tolv månader: {to_date} ÷ {months} × 12 = {}. \
         Verktygets uträkning, inte nämndens prognos: säsongsvariationer och beslutade \
         åtgärder räknas inte in.",
        to_date,
        format::deviation_exact(projected, money).text()
    )
}

/// The line in both periods, each with its source, and how it moved.
fn comparison(
    ctx: &Ctx<'_>,
    q: &data::Period,
    now: Option<&Fact>,
    before: Option<&Fact>,
) -> Section {
    let money = ctx.store.money_unit;
    let state = |period: &data::Period, fact: Option<&Fact>| match fact {
        Some(f) => {
            let deviation = f.deviation.map_or_else(
                || strings::UNKNOWN.to_string(),
                |d| format::deviation_exact(d, money).text(),
            );
            let source = format::source(&f.provenance).text();
            format!("{}: avvikelse {deviation}. Källa: {source}", period.label)
        }
        None => format!("{}: ingen uppgift", period.label),
    };
    let mut lines = vec![state(ctx.period, now), state(q, before)];
    let moved = Line::change(
        now.and_then(|f| f.deviation),
        before.and_then(|f| f.deviation),
    );
    if let Some(delta) = moved {
        lines.push(format!(
            "Förändring: {} (verktygets uträkning)",
            format::deviation_exact(delta, money).text()
        ));
    }
    lines.extend(forecast_comparison(ctx, q, now, before));
    Section::text(format!("Jämfört med {}", q.label), &lines.join("\n"))
}

/// How the full-year forecast moved, only where both periods state one of
/// their own; otherwise why the change is blank.
fn forecast_comparison(
    ctx: &Ctx<'_>,
    q: &data::Period,
    now: Option<&Fact>,
    before: Option<&Fact>,
) -> Option<String> {
    let money = ctx.store.money_unit;
    let (now, before) = (
        now.and_then(|f| f.forecast_deviation),
        before.and_then(|f| f.forecast_deviation),
    );
    let exact = |kr: i64| format::deviation_exact(kr, money).text();
    Some(match (now, before) {
        (None, None) => return None,
        (Some(n), Some(b)) => format!(
            "Prognos helår: {} → {}, förändring {} (verktygets uträkning)",
            exact(b),
            exact(n),
            exact(n.saturating_sub(b))
        ),
        (None, Some(_)) => format!(
            "Förändring av prognosen: ingen, eftersom {} inte anger någon egen prognos.",
            ctx.period.label
        ),
        (Some(_), None) => format!(
            "Förändring av prognosen: ingen, eftersom {} inte anger någon egen prognos.",
            q.label
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Store;
    use crate::ui::panes::{Tab, testing};

    fn ctx(store: &Store, period: usize) -> Ctx<'_> {
        let id = store.periods[period].id.clone();
        testing::ctx(store, &id)
    }

    fn build(ctx: &Ctx<'_>, key: &EconomyKey) -> data::Result<Screen> {
        Economy::build(ctx, key)
    }

    fn root() -> EconomyKey {
        EconomyKey::root()
    }

    #[test]
    fn tree_opens_region_and_boards_and_marks_exceptions() {
        let store = Store::demo().unwrap();
        let screen = build(&ctx(&store, 3), &root()).unwrap();
        let ids: Vec<&str> = screen.rows().iter().map(|r| r.id.as_str()).collect();
        assert_eq!(&ids[..2], ["region", "hsn"]);
        assert!(
            ids.contains(&"hsn.sjukhusvard"),
            "HSN is open: its frames show"
        );
        let sjv = screen
            .rows()
            .iter()
            .find(|r| r.id == "hsn.sjukhusvard")
            .unwrap();
        assert!(sjv.exception);
        assert_eq!(
            sjv.drill,
            Some(Nav::Push(
                EconomyKey::CostTypes {
                    unit: "hsn.sjukhusvard".into()
                }
                .into()
            ))
        );
        let anslag = screen.rows().iter().find(|r| r.id == "hsn.anslag").unwrap();
        assert!(!anslag.exception, "+156 mkr is good news");
    }

    #[test]
    fn toggling_closes_an_open_node() {
        let store = Store::demo().unwrap();
        let closed = EconomyKey::Tree {
            toggled: ["hsn".to_string()].into(),
        };
        let screen = build(&ctx(&store, 3), &closed).unwrap();
        assert!(!screen.rows().iter().any(|r| r.id == "hsn.sjukhusvard"));
        assert_eq!(
            screen
                .rows()
                .iter()
                .find(|r| r.id == "hsn")
                .unwrap()
                .expanded,
            Some(false)
        );
    }

    #[test]
    fn opening_a_deep_unit_toggles_only_the_closed_levels() {
        let store = Store::demo().unwrap();
        let set = opening(&store, "hsn.sjukhusvard.kirc_nus");
        assert_eq!(set, ["hsn.sjukhusvard".to_string()].into());
    }

    #[test]
    fn cost_types_nest_under_their_nearest_present_line() {
        let store = Store::demo().unwrap();
        let screen = build(
            &ctx(&store, 3),
            &EconomyKey::CostTypes { unit: "hsn".into() },
        )
        .unwrap();
        let depth = |id: &str| screen.rows().iter().find(|r| r.id == id).unwrap().depth;
        assert_eq!(depth("intakter"), 1);
        assert_eq!(depth("personal"), 2);
        let Body::Table(t) = &screen.body else {
            panic!()
        };
        assert!(
            t.caption
                .as_ref()
                .unwrap()
                .text()
                .contains("bara vissa delposter")
        );
    }

    #[test]
    fn detail_shows_exact_figures_and_source() {
        let store = Store::demo().unwrap();
        let key = EconomyKey::Detail {
            unit: "hsn".into(),
            cost_type: Some("personal".into()),
        };
        let screen = build(&ctx(&store, 3), &key).unwrap();
        let Body::Detail(d) = &screen.body else {
            panic!()
        };
        let field = |l: &str| d.fields.iter().find(|(k, _)| k == l).unwrap().1.text();
        assert_eq!(field("Avvikelse"), "−380 mkr");
        assert_eq!(field("Budget"), "uppgift saknas");
        assert!(field("Källa").contains("Resultatuppföljning oktober 2025"));
    }

    #[test]
    fn the_bridge_cites_each_row_and_shows_the_unexplained_rest() {
        let store = Store::demo().unwrap();
        let key = EconomyKey::Frames {
            board: "hsn".into(),
        };
        let screen = build(&ctx(&store, 3), &key).unwrap();
        let texts: Vec<String> = screen
            .rows()
            .iter()
            .map(|r| r.cells.iter().map(Cell::text).collect::<Vec<_>>().join("|"))
            .collect();
        assert_eq!(
            texts,
            [
                "Budgetram 2026|||",
                "Ingående ram (utgångspunkt 2025)|anges ej||[1]",
                "Budgetförändring 2025|anges ej|teknisk justering|[1]",
                "Tillfälligt tillskott tandvård 2025|anges ej|teknisk justering|[2]",
                "Korrigering tillskott vårdinformationssystem|−25  |teknisk justering|[2]",
                "Föreslagen ram|6 604,2||[2]",
                "Budgettillskott 2026|+400,3|tillskott|[1]",
                "Omfördelning primärvårdsjour|+3,9|omfördelning|[1]",
                "Omfördelning tandvård tilläggsuppdrag|+9,6|omfördelning|[1]",
                "Ej förklarat i källorna|+40  |rest|beräknat",
                "Beslutad ram 2026|7 058  ||[1]",
                "Beslutad mot föreslagen|+453,8|skillnad|beräknat",
                // The board's planned changes for the year, each citing its document.
                "Planerade förändringar 2026",
                "Sprutbytesmottagning öppnar i Skellefteå||öppnar|[2]",
                "Flytt av primärvårdsjour från närsjukvårdsområde Umeå till LSO2||flyttas|[2]",
                "Etablering av en intermediärvårdsavdelning på NUS||öppnar|[2]",
                "Planerat öppnande av en kirurgisk akutvårdsavdelning||öppnar +8 vårdpl.|[2]",
                "Etablering av en förvaltning för Cosmic och andra patientsystem (VISA)||öppnar 12 tjänster|[2]",
                "Flytt och förändring av AB-centrums verksamhet i Sorsele till Skellefteå||flyttas|[2]",
                "Budgetram 2025|||",
                "Ingående ram (utgångspunkt 2024)|anges ej||[3]",
                "Minskat PO-pålägg 2025|−97  |teknisk justering|[3]",
                "Beslutad ram 2025|anges ej||[3]",
                "Källor",
                "[1] HSN Resultatuppföljning oktober 2025",
                "[2] Nämndens återkoppling på Planeringsförutsättningar 2026 (HSN Dnr. 637-2025)",
                "[3] HSN delårsrapport per augusti 2025",
            ]
        );
        let Body::Bars(b) = &screen.body else {
            panic!()
        };
        assert!(
            b.bars
                .iter()
                .any(|(l, v, _)| l == "2026 beslut" && *v == 7058)
        );
    }

    #[test]
    fn i_on_a_bridge_row_shows_its_source_or_how_it_was_computed() {
        let store = Store::demo().unwrap();
        let cx = ctx(&store, 3);
        let frames = build(
            &cx,
            &EconomyKey::Frames {
                board: "hsn".into(),
            },
        )
        .unwrap();
        let page = |id: &str| {
            let row = frames.rows().iter().find(|r| r.id == id).unwrap();
            let Some(Nav::Push(crate::ui::panes::ScreenKey::Economy(key))) = &row.detail else {
                panic!("{id} has a page")
            };
            let Body::Detail(d) = build(&cx, key).unwrap().body else {
                panic!()
            };
            d
        };
        let field = |d: &Detail, name: &str| d.field(name).unwrap_or_default();
        let rest = page("2026-rest-1");
        assert_eq!(
            field(&rest, "Belopp"),
            "+40 mkr",
            "a computed amount has its unit"
        );
        assert_eq!(field(&rest, "Källa"), "Beräknat av cockpiten");
        let how: Vec<String> = rest.sections[0].lines.iter().map(Cell::text).collect();
        assert_eq!(
            how.last().unwrap(),
            "7 058 mkr − 6 604,2 mkr − 400,3 mkr − 3,9 mkr − 9,6 mkr = 40 mkr"
        );
        let cut = page("2026-change-2");
        assert_eq!(field(&cut, "Belopp"), "−25 mkr");
        assert!(field(&cut, "Källa").contains("Planeringsförutsättningar 2026"));
        let proposed = page("2026-proposed");
        assert_eq!(field(&proposed, "Belopp"), "6 604,2 mkr");
        assert!(field(&proposed, "Källa").contains("Planeringsförutsättningar 2026"));
        let po = page("2025-change-0");
        assert!(field(&po, "Källa").contains("delårsrapport per augusti 2025"));
    }

    #[test]
    fn october_shows_augusts_forecast_marked_the_change_and_a_projection() {
        let store = Store::demo().unwrap();
        let cx = ctx(&store, 3);
        assert_eq!(cx.period.id, "2025-10");
        let screen = build(&cx, &root()).unwrap();
        let cells = |id: &str| -> Vec<String> {
            let row = screen.rows().iter().find(|r| r.id == id).unwrap();
            row.cells.iter().map(Cell::text).collect()
        };
        // Enhet, Budget, Utfall, Avvikelse, Förändr., Avv. %, Utfall fg år,
        // Kostn.utv., Prognosavv., Per, Förändr. progn., Beräknat helår.
        let hsn = cells("hsn");
        assert_eq!(hsn[3], "−448  ", "whole mkr stay whole");
        assert_eq!(hsn[8], "−550  ", "August's forecast as of October");
        assert_eq!(hsn[9], "aug 2025");
        assert_eq!(
            hsn[10], "",
            "October states no forecast of its own: no change against August's"
        );
        assert_eq!(hsn[11], "−537,6", "−448 ÷ 10 × 12");
        let hospital = cells("hsn.sjukhusvard");
        assert_eq!(hospital[3], "−430  ");
        assert_eq!(hospital[4], "−96  ", "−334 in August");
        // The detail says where the forecast comes from, how the projection
        // is made, and both periods with their sources.
        let key = EconomyKey::Detail {
            unit: "hsn".into(),
            cost_type: None,
        };
        let Body::Detail(d) = build(&cx, &key).unwrap().body else {
            panic!("a detail")
        };
        assert_eq!(
            d.field("Prognos, avvikelse helår").as_deref(),
            Some("−550 mkr (enligt ack augusti 2025)")
        );
        assert!(d.field("Beräknat helår").unwrap().starts_with("−537,6 mkr"));
        let projection = d.section("Beräknad helårsavvikelse").unwrap();
        assert!(projection.contains("÷ 10 × 12"), "{projection}");
        assert!(projection.contains("inte nämndens prognos"));
        let compared = d.section("Jämfört med ack augusti 2025").unwrap();
        assert!(
            compared.contains("ack oktober 2025: avvikelse −448 mkr. Källa: "),
            "{compared}"
        );
        assert!(
            compared.contains("ack augusti 2025: avvikelse"),
            "{compared}"
        );
        assert!(
            compared.contains(
                "Förändring av prognosen: ingen, eftersom ack oktober 2025 inte anger någon egen prognos."
            ),
            "the reason for the blank change: {compared}"
        );
    }

    /// The sample with `economy_total`, whose tree reads the units it
    /// shows one chunk at a time, against the sample without it, whose
    /// tree reads every unit's figures: the same screens in every period,
    /// the tree opened in several ways, every unit's cost types, a detail.
    #[test]
    fn the_screens_read_by_unit_are_the_screens_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("totals.db");
        std::fs::write(&path, data::DEMO).unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        crate::snapshot::totals::write(&conn).unwrap();
        drop(conn);
        let (kept, facts) = (Store::open(&path).unwrap(), Store::demo().unwrap());
        let toggled = |ids: &[&str]| EconomyKey::Tree {
            toggled: ids.iter().map(|s| s.to_string()).collect(),
        };
        for i in 0..facts.periods.len() {
            let mut keys = vec![
                root(),
                toggled(&["hsn", "rs.primarvard_bestallning"]),
                toggled(&["region"]),
                EconomyKey::Tree {
                    toggled: everything_open(&facts),
                },
            ];
            keys.extend(facts.org.iter().flat_map(|u| {
                [
                    EconomyKey::CostTypes { unit: u.id.clone() },
                    EconomyKey::Detail {
                        unit: u.id.clone(),
                        cost_type: None,
                    },
                ]
            }));
            for key in keys {
                let screen = |store: &Store| format!("{:?}", build(&ctx(store, i), &key));
                assert_eq!(screen(&kept), screen(&facts), "{key:?} in period {i}");
            }
        }
    }

    #[test]
    fn the_forecast_moves_between_years_where_both_state_one() {
        let store = Store::demo().unwrap();
        let mut cx = ctx(&store, 2);
        assert_eq!(cx.period.id, "2025-08");
        let last_year = store.periods.iter().find(|p| p.id == "2024-08").unwrap();
        cx.compare = Some(last_year);
        let screen = build(&cx, &root()).unwrap();
        let hsn = screen.rows().iter().find(|r| r.id == "hsn").unwrap();
        assert_eq!(hsn.cells[10].text(), "+100  ", "−650 → −550");
    }
}
