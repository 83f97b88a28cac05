//! Ekonomi: the organisation as a tree table of budget, outcome and
//! deviation; a unit's split by cost type; a line's detail with its source;
//! the budget frames and the bridge between years.

use super::Ctx;
use crate::data::{self, Fact, OrgUnit};
use crate::domain::variance;
use crate::ui::format;
use crate::ui::screen::{Bars, Body, Cell, Column, Detail, Nav, Row, Screen, ScreenKey, Table};
use crate::ui::theme::Sem;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Tree levels open until the user closes them: the region and its boards.
const OPEN_LEVELS: u16 = 2;

pub fn root() -> ScreenKey {
    ScreenKey::EconomyTree {
        expanded: BTreeSet::new(),
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
/// levels deep (`tertial check` warns past 32).
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

/// `unit` and its ancestors, nearest first.
pub(super) fn ancestors(store: &data::Store, unit: &str) -> Vec<String> {
    std::iter::once(unit.to_string())
        .chain(store.org_ancestors(unit).into_iter().map(|u| u.id.clone()))
        .collect()
}

pub fn build(ctx: &Ctx<'_>, key: &ScreenKey) -> data::Result<Screen> {
    match key {
        ScreenKey::EconomyTree { expanded } => tree(ctx, key, expanded),
        ScreenKey::CostTypes { unit } => cost_types(ctx, key, unit),
        ScreenKey::EconomyDetail { unit, cost_type } => {
            detail(ctx, key, unit, cost_type.as_deref())
        }
        ScreenKey::Frames { board } => frames(ctx, key, board),
        _ => Ok(Screen::new(
            key.clone(),
            "Ekonomi",
            Body::Table(Table::default()),
        )),
    }
}

fn columns() -> Vec<Column> {
    vec![
        Column::name("Enhet", 24),
        Column::number("Budget", 8, 5),
        Column::number("Utfall", 8, 4),
        Column::number("Avvikelse", 9, 1),
        Column::number("Avv. %", 7, 3),
        Column::number("Utfall fg år", 12, 7),
        Column::number("Kostn.utv.", 10, 6),
        Column::number("Prognos helår", 13, 2),
    ]
}

/// The figure cells of a row, in [`columns`] order after the name.
fn figures(ctx: &Ctx<'_>, fact: Option<&Fact>) -> Vec<Cell> {
    let unit = ctx.store.unit;
    let Some(f) = fact else {
        return vec![Cell::empty(); 7];
    };
    vec![
        format::money(f.budget, unit),
        format::money(f.outcome, unit),
        format::deviation(f.deviation, unit),
        format::percent(f.deviation_pct(), true),
        format::money(f.outcome_prev_year, unit),
        format::percent(f.cost_development_pct, false),
        format::deviation(f.forecast_deviation, unit),
    ]
}

fn name_cell(name: &str, fact: Option<&Fact>) -> Cell {
    let cell = Cell::plain(name);
    match fact {
        Some(f) if f.provenance.illustrative => cell.push(" (illustrativ)", Sem::Illustrative),
        _ => cell,
    }
}

/// A caption with the period's economy notices, where the figures are shown.
fn notice_caption(ctx: &Ctx<'_>, extra: Option<Cell>) -> data::Result<Option<Cell>> {
    let notices = ctx.notices;
    let economy: Vec<_> = notices
        .iter()
        .filter(|n| n.topic == "economy" || n.topic == "general")
        .collect();
    let mark = if ctx.ascii { "!" } else { "⚑" };
    let caption = match (economy.first(), extra) {
        (Some(n), extra) => {
            let text = n.text.lines().next().unwrap_or_default().to_string();
            let more = if economy.len() > 1 {
                format!(" (+{} till, se Översikt)", economy.len() - 1)
            } else {
                String::new()
            };
            let cell = Cell::new(format!("{mark} {text}{more}"), Sem::Notice);
            Some(match extra {
                Some(e) => Cell {
                    spans: [e.spans, vec![("  ".into(), Sem::Normal)], cell.spans].concat(),
                },
                None => cell,
            })
        }
        (None, extra) => extra,
    };
    Ok(caption)
}

fn tree(ctx: &Ctx<'_>, key: &ScreenKey, toggled: &BTreeSet<String>) -> data::Result<Screen> {
    let totals = ctx.store.totals(&ctx.period.id)?;
    let drillable = ctx.store.units_with_cost_types(&ctx.period.id)?;
    let org = &ctx.store.org;
    // Units with figures this period, and every ancestor to connect them
    // (each chain walked once, however deep the tree).
    let with_figures = totals.keys().chain(drillable.iter());
    let marked = (ctx.store.org_tree)
        .with_ancestors(with_figures.filter_map(|id| ctx.store.org_tree.position(id)));
    let shown: HashSet<&str> = org
        .iter()
        .zip(marked)
        .filter(|(_, m)| *m)
        .map(|(u, _)| u.id.as_str())
        .collect();
    let mut children: HashMap<Option<&str>, Vec<&OrgUnit>> = HashMap::new();
    for (i, unit) in org.iter().enumerate() {
        if !shown.contains(unit.id.as_str()) {
            continue;
        }
        // The tree's parent, not the raw one: a cycle's closing link is cut.
        let parent = ctx
            .store
            .org_tree
            .parent(i)
            .map(|p| org[p].id.as_str())
            .filter(|p| shown.contains(p));
        children.entry(parent).or_default().push(unit);
    }
    let mut rows = Vec::new();
    let mut stack: Vec<(&OrgUnit, u16)> = children
        .get(&None)
        .map(|v| v.iter().rev().map(|u| (*u, 0)).collect())
        .unwrap_or_default();
    while let Some((unit, depth)) = stack.pop() {
        if rows.len() > org.len() {
            break; // a cycle in a hostile file; the rows so far are still right
        }
        let kids = children.get(&Some(unit.id.as_str()));
        let open = is_open(toggled, &unit.id, depth);
        let fact = totals.get(&unit.id);
        let mut cells = vec![name_cell(&unit.name, fact)];
        cells.extend(figures(ctx, fact));
        let detail = Nav::Push(ScreenKey::EconomyDetail {
            unit: unit.id.clone(),
            cost_type: None,
        });
        rows.push(Row {
            id: unit.id.clone(),
            cells,
            depth,
            expanded: kids.map(|_| open),
            drill: Some(if drillable.contains(&unit.id) {
                Nav::Push(ScreenKey::CostTypes {
                    unit: unit.id.clone(),
                })
            } else {
                detail.clone()
            }),
            detail: Some(detail),
            exception: fact.is_some_and(|f| variance::is_exception(f.deviation, f.budget)),
            heading: false,
        });
        if open {
            if let Some(kids) = kids {
                stack.extend(kids.iter().rev().map(|k| (*k, depth.saturating_add(1))));
            }
        }
    }
    let unit_name = ctx.store.unit.code();
    let caption = notice_caption(ctx, None)?;
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
        key.clone(),
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

fn cost_types(ctx: &Ctx<'_>, key: &ScreenKey, unit: &str) -> data::Result<Screen> {
    let lines = ctx.store.by_cost_type(&ctx.period.id, unit)?;
    let total = ctx.store.fact(&ctx.period.id, unit, None)?;
    let name = ctx.store.org_unit(unit).map_or(unit.to_string(), |u| {
        u.short_name.clone().unwrap_or(u.name.clone())
    });
    let mut rows = Vec::new();
    let mut total_cells = vec![Cell::new("Totalt", Sem::Heading)];
    total_cells.extend(figures(ctx, total.as_ref()));
    let total_nav = Nav::Push(ScreenKey::EconomyDetail {
        unit: unit.to_string(),
        cost_type: None,
    });
    rows.push(Row {
        id: "total".into(),
        cells: total_cells,
        drill: Some(total_nav.clone()),
        detail: Some(total_nav),
        exception: total
            .as_ref()
            .is_some_and(|f| variance::is_exception(f.deviation, f.budget)),
        ..Row::default()
    });
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
        let fact = &lines[&cost_type.id];
        let mut cells = vec![name_cell(&cost_type.name, Some(fact))];
        cells.extend(figures(ctx, Some(fact)));
        let nav = Nav::Push(ScreenKey::EconomyDetail {
            unit: unit.to_string(),
            cost_type: Some(cost_type.id.clone()),
        });
        rows.push(Row {
            id: cost_type.id.clone(),
            cells,
            depth: depth_of(&cost_type.id).saturating_add(1),
            drill: Some(nav.clone()),
            detail: Some(nav),
            exception: variance::is_exception(fact.deviation, fact.budget),
            ..Row::default()
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
        caption: notice_caption(ctx, note)?,
    };
    Ok(Screen::new(
        key.clone(),
        format!("{name}: kostnadsslag"),
        Body::Table(table),
    ))
}

fn detail(
    ctx: &Ctx<'_>,
    key: &ScreenKey,
    unit: &str,
    cost_type: Option<&str>,
) -> data::Result<Screen> {
    let fact = ctx.store.fact(&ctx.period.id, unit, cost_type)?;
    let money = ctx.store.unit;
    let unit_name = ctx
        .store
        .org_unit(unit)
        .map_or(unit.to_string(), |u| u.name.clone());
    let line_name = cost_type.map_or("Totalt".to_string(), |c| {
        ctx.store
            .cost_type(c)
            .map_or(c.to_string(), |t| t.name.clone())
    });
    let mut fields = vec![
        ("Enhet".to_string(), Cell::plain(unit_name.clone())),
        ("Post".to_string(), Cell::plain(line_name.clone())),
        ("Period".to_string(), Cell::plain(ctx.period.label.clone())),
    ];
    let mut sections = Vec::new();
    match &fact {
        Some(f) => {
            let deviation = f
                .deviation
                .map_or_else(Cell::empty, |d| format::deviation_exact(d, money));
            let forecast = f
                .forecast_deviation
                .map_or_else(Cell::empty, |d| format::deviation_exact(d, money));
            for (label, cell) in [
                ("Budget", format::money_exact(f.budget, money)),
                ("Utfall", format::money_exact(f.outcome, money)),
                ("Avvikelse", deviation),
                ("Avvikelse i %", format::percent(f.deviation_pct(), true)),
                (
                    "Utfall fg år",
                    format::money_exact(f.outcome_prev_year, money),
                ),
                (
                    "Kostnadsutveckling",
                    format::percent(f.cost_development_pct, false),
                ),
                (
                    "Helårsbudget",
                    format::money_exact(f.budget_full_year, money),
                ),
                ("Prognos helår", forecast),
            ] {
                let cell = if cell.spans.is_empty() {
                    Cell::new("uppgift saknas", Sem::Dim)
                } else {
                    cell
                };
                fields.push((label.to_string(), cell));
            }
            fields.push(("Källa".to_string(), format::source(&f.provenance)));
            if let Some(analysis) = &f.analysis {
                sections.push(("Analys".to_string(), analysis.clone()));
            }
            if f.org_partial || f.cost_partial {
                sections.push((
                    "Delposter".to_string(),
                    "Rapporten anger bara vissa delposter för den här raden; de summerar inte till den.".to_string(),
                ));
            }
        }
        None => sections.push((
            "Uppgift saknas".to_string(),
            format!("Ingen uppgift för {line_name} {}.", ctx.period.label),
        )),
    }
    let short = ctx.store.org_unit(unit).map_or(unit.to_string(), |u| {
        u.short_name.clone().unwrap_or(u.name.clone())
    });
    let title = format!("{short}: {}", line_name.to_lowercase());
    Ok(Screen::new(
        key.clone(),
        title,
        Body::Detail(Detail { fields, sections }),
    ))
}

fn frames(ctx: &Ctx<'_>, key: &ScreenKey, board: &str) -> data::Result<Screen> {
    let frames = ctx.store.frames(board)?;
    let money = ctx.store.unit;
    let name = ctx.store.org_unit(board).map_or(board.to_string(), |u| {
        u.short_name.clone().unwrap_or(u.name.clone())
    });
    let mut rows = Vec::new();
    let mut bars = Vec::new();
    let kind_label = |kind: &str| {
        match kind {
            "addition" => "tillskott",
            "reallocation" => "omfördelning",
            "technical" => "teknisk justering",
            other => other,
        }
        .to_string()
    };
    let amount_row =
        |id: String, label: String, amount: Option<i64>, kind: Cell, depth: u16, sem: Sem| Row {
            id,
            cells: vec![Cell::new(label, sem), format::money(amount, money), kind],
            depth,
            ..Row::default()
        };
    for frame in frames.iter().rev() {
        let y = frame.year;
        rows.push(Row {
            id: format!("{y}"),
            cells: vec![Cell::new(format!("Budgetram {y}"), Sem::Heading)],
            heading: true,
            ..Row::default()
        });
        let opening_label = format!("Ingående ram (utgångspunkt {})", y - 1);
        let opening = if frame.opening.is_some() {
            Cell::plain("")
        } else {
            Cell::new("anges inte i källan", Sem::Dim)
        };
        rows.push(amount_row(
            format!("{y}-opening"),
            opening_label,
            frame.opening,
            opening,
            1,
            Sem::Normal,
        ));
        for (i, change) in frame.changes.iter().enumerate() {
            let amount_cell = if change.amount.is_some() {
                Cell::plain(kind_label(&change.kind))
            } else {
                Cell::new(
                    format!("{}, belopp anges inte", kind_label(&change.kind)),
                    Sem::Dim,
                )
            };
            let mut row = amount_row(
                format!("{y}-change-{i}"),
                change.label.clone(),
                change.amount,
                amount_cell,
                2,
                Sem::Normal,
            );
            row.cells[1] = format::deviation(change.amount, money);
            rows.push(row);
        }
        rows.push(amount_row(
            format!("{y}-decided"),
            format!("Beslutad ram {y}"),
            frame.decided,
            Cell::empty(),
            1,
            Sem::Heading,
        ));
        if frame.proposed.is_some() {
            rows.push(amount_row(
                format!("{y}-proposed"),
                "Föreslagen ram".into(),
                frame.proposed,
                Cell::empty(),
                1,
                Sem::Normal,
            ));
        }
        if let (Some(decided), Some(proposed)) = (frame.decided, frame.proposed) {
            let mut row = amount_row(
                format!("{y}-diff"),
                "Beslutad mot föreslagen".into(),
                None,
                Cell::empty(),
                1,
                Sem::Normal,
            );
            row.cells[1] = format::deviation(decided.checked_sub(proposed), money);
            rows.push(row);
        }
        if let (Some(opening), Some(decided)) = (frame.opening, frame.decided) {
            // Amounts come from the file: a sum that overflows is not shown.
            let mut unexplained = decided.checked_sub(opening);
            for amount in frame.changes.iter().filter_map(|c| c.amount) {
                unexplained = unexplained.and_then(|u| u.checked_sub(amount));
            }
            if let Some(unexplained) = unexplained.filter(|u| *u != 0) {
                let mut row = amount_row(
                    format!("{y}-rest"),
                    "Ej specificerat i källan".into(),
                    None,
                    Cell::empty(),
                    2,
                    Sem::Dim,
                );
                row.cells[1] = format::deviation(Some(unexplained), money);
                rows.push(row);
            }
        }
    }
    // Oldest first, the proposal before the decision.
    let whole = |kr: i64| u64::try_from(money.from_kronor(kr).round().mantissa()).unwrap_or(0);
    for frame in &frames {
        let y = frame.year;
        if let Some(p) = frame.proposed {
            bars.push((format!("{y} förslag"), whole(p), Sem::Dim));
        }
        if let Some(d) = frame.decided {
            bars.push((format!("{y} beslut"), whole(d), Sem::ChartMonthly));
        }
    }
    let caption = frames
        .last()
        .and_then(|f| f.provenance.citation())
        .map(|c| Cell::new(format!("Källa: {c}"), Sem::Dim));
    let table = Table {
        columns: vec![
            Column::name("Post", 30),
            Column::number(money_title(money), 10, 1),
            Column::text("Typ", 26, 2),
        ],
        rows,
        empty: format!("{name} har inga budgetramar i ögonblicksbilden."),
        caption,
    };
    let bars = Bars {
        table,
        bars,
        bar_title: format!(" Budgetram per år ({}) ", money.code()),
    };
    Ok(Screen::new(
        key.clone(),
        format!("Budgetramar {name}"),
        Body::Bars(bars),
    ))
}

fn money_title(unit: crate::domain::money::MoneyUnit) -> &'static str {
    match unit {
        crate::domain::money::MoneyUnit::Mkr => "Belopp mkr",
        crate::domain::money::MoneyUnit::Tkr => "Belopp tkr",
        crate::domain::money::MoneyUnit::Kr => "Belopp kr",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Store;

    fn ctx(store: &Store, period: usize) -> Ctx<'_> {
        Ctx {
            store,
            period: &store.periods[period],
            today: chrono::NaiveDate::default(),
            ascii: false,
            notices: super::super::test_notices(store, &store.periods[period]),
        }
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
            Some(Nav::Push(ScreenKey::CostTypes {
                unit: "hsn.sjukhusvard".into()
            }))
        );
        let anslag = screen.rows().iter().find(|r| r.id == "hsn.anslag").unwrap();
        assert!(!anslag.exception, "+156 mkr is good news");
    }

    #[test]
    fn toggling_closes_an_open_node() {
        let store = Store::demo().unwrap();
        let closed = ScreenKey::EconomyTree {
            expanded: ["hsn".to_string()].into(),
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
            &ScreenKey::CostTypes { unit: "hsn".into() },
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
        let key = ScreenKey::EconomyDetail {
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
    fn frames_bridge_shows_unknowns_plainly() {
        let store = Store::demo().unwrap();
        let screen = build(
            &ctx(&store, 3),
            &ScreenKey::Frames {
                board: "hsn".into(),
            },
        )
        .unwrap();
        let texts: Vec<String> = screen
            .rows()
            .iter()
            .map(|r| r.cells.iter().map(Cell::text).collect::<Vec<_>>().join("|"))
            .collect();
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("Beslutad ram 2026|7 058,0")),
            "{texts:#?}"
        );
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("Budgettillskott 2026|+400,3|tillskott")),
            "{texts:#?}"
        );
        assert!(
            texts.iter().any(|t| t.contains("anges inte i källan")),
            "the 2025 frame is not stated"
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
}
