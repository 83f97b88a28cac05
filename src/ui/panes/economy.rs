//! Ekonomi: the organisation as a tree table of budget, outcome and
//! deviation; a unit's split by cost type; a line's detail with its source;
//! the budget frames and the bridge between years.

use super::{Ctx, Effect, Pane, frames};
use crate::data::{self, Fact, OrgUnit};
use crate::domain::variance;
use crate::domain::vocab::Topic;
use crate::ui::format;
use crate::ui::keymap::Action;
use crate::ui::screen::{Body, Cell, Column, Detail, Nav, Row, Screen, Section, Table};
use crate::ui::status::Status;
use crate::ui::strings;
use crate::ui::theme::Sem;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Tree levels open until the user closes them: the region and its boards.
const OPEN_LEVELS: u16 = 2;

pub struct Economy;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EconomyKey {
    /// The organisation as a tree. `toggled` holds the nodes the user
    /// opened or closed away from the default (see [`is_open`]).
    Tree { toggled: BTreeSet<String> },
    /// A unit's split by cost type.
    CostTypes { unit: String },
    /// One line's figures, analysis and source: the unit's total, or one
    /// of its cost types.
    Detail {
        unit: String,
        cost_type: Option<String>,
    },
    /// A board's budget frames and the bridge between years.
    Frames { board: String },
}

impl Pane for Economy {
    type Key = EconomyKey;
    const TITLE: &'static str = "Ekonomi";
    const NAMES: &'static [&'static str] = &["ekonomi", "economy"];
    const ACTIONS: &'static [Action] = &[Action::Toggle, Action::Frames];

    fn root() -> EconomyKey {
        EconomyKey::Tree {
            toggled: BTreeSet::new(),
        }
    }

    fn build(ctx: &Ctx<'_>, key: &EconomyKey) -> data::Result<Screen> {
        match key {
            EconomyKey::Tree { toggled } => tree(ctx, key, toggled),
            EconomyKey::CostTypes { unit } => cost_types(ctx, key, unit),
            EconomyKey::Detail { unit, cost_type } => detail(ctx, key, unit, cost_type.as_deref()),
            EconomyKey::Frames { board } => frames::screen(ctx, key, board),
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
        None => Effect::Say(Status::NoFrames),
    }
}

/// Whether a tree node is open. The key's set holds the nodes the user
/// toggled away from the default (open above [`OPEN_LEVELS`]), so the root
/// key needs no knowledge of the organisation.
pub fn is_open(toggled: &BTreeSet<String>, id: &str, depth: u16) -> bool {
    (depth < OPEN_LEVELS) != toggled.contains(id)
}

/// The toggle set that opens every ancestor of `unit` (for jumps).
pub fn opening(store: &data::Store, unit: &str) -> BTreeSet<String> {
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
    let unit = ctx.store.money_unit;
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
        Some(f) if f.provenance.illustrative => {
            cell.push(strings::ILLUSTRATIVE_MARK, Sem::Illustrative)
        }
        _ => cell,
    }
}

/// A caption: `note`, then the first of the period's economy notices.
fn caption(ctx: &Ctx<'_>, note: Option<Cell>) -> Option<Cell> {
    let notice = format::notice_caption(ctx.notices, Topic::Economy);
    match (note, notice) {
        (Some(note), Some(notice)) => Some(note.then(notice)),
        (note, notice) => note.or(notice),
    }
}

fn tree(ctx: &Ctx<'_>, key: &EconomyKey, toggled: &BTreeSet<String>) -> data::Result<Screen> {
    let totals = ctx.store.totals(&ctx.period.id)?;
    let drillable = ctx.store.units_with_cost_types(&ctx.period.id)?;
    let org = &ctx.store.org;
    // Units with figures this period, and every ancestor to connect them.
    let mut shown: HashSet<&str> = HashSet::new();
    for id in totals.keys().chain(drillable.iter()) {
        if let Some(u) = ctx.store.org_unit(id) {
            shown.insert(u.id.as_str());
            shown.extend(ctx.store.org_ancestors(id).iter().map(|a| a.id.as_str()));
        }
    }
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
        let detail = Nav::Push(
            EconomyKey::Detail {
                unit: unit.id.clone(),
                cost_type: None,
            }
            .into(),
        );
        rows.push(Row {
            id: unit.id.clone(),
            cells,
            depth,
            expanded: kids.map(|_| open),
            drill: Some(if drillable.contains(&unit.id) {
                Nav::Push(
                    EconomyKey::CostTypes {
                        unit: unit.id.clone(),
                    }
                    .into(),
                )
            } else {
                detail.clone()
            }),
            detail: Some(detail),
            exception: fact.is_some_and(|f| variance::is_exception(f.deviation, f.budget)),
            heading: false,
        });
        if open {
            if let Some(kids) = kids {
                stack.extend(kids.iter().rev().map(|k| (*k, depth + 1)));
            }
        }
    }
    let unit_name = ctx.store.money_unit.code();
    let caption = caption(ctx, None);
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

/// A cost type's depth: how many of its ancestors have rows too.
fn cost_depth(ctx: &Ctx<'_>, id: &str, present: &HashMap<String, Fact>) -> u16 {
    let depth = ctx
        .store
        .cost_ancestors(id)
        .iter()
        .filter(|c| present.contains_key(&c.id))
        .count();
    u16::try_from(depth).unwrap_or(u16::MAX)
}

fn cost_types(ctx: &Ctx<'_>, key: &EconomyKey, unit: &str) -> data::Result<Screen> {
    let lines = ctx.store.by_cost_type(&ctx.period.id, unit)?;
    let total = ctx.store.fact(&ctx.period.id, unit, None)?;
    let name = ctx.store.short_name(unit);
    let mut rows = Vec::new();
    let mut total_cells = vec![Cell::new("Totalt", Sem::Heading)];
    total_cells.extend(figures(ctx, total.as_ref()));
    let total_nav = Nav::Push(
        EconomyKey::Detail {
            unit: unit.to_string(),
            cost_type: None,
        }
        .into(),
    );
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
    for cost_type in ctx
        .store
        .cost_types
        .iter()
        .filter(|c| lines.contains_key(&c.id))
    {
        let fact = &lines[&cost_type.id];
        let mut cells = vec![name_cell(&cost_type.name, Some(fact))];
        cells.extend(figures(ctx, Some(fact)));
        let nav = Nav::Push(
            EconomyKey::Detail {
                unit: unit.to_string(),
                cost_type: Some(cost_type.id.clone()),
            }
            .into(),
        );
        rows.push(Row {
            id: cost_type.id.clone(),
            cells,
            depth: 1 + cost_depth(ctx, &cost_type.id, &lines),
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
    let money = ctx.store.money_unit;
    let unit_name = ctx.store.unit_name(unit);
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
                fields.push((label.to_string(), format::or_unknown(cell)));
            }
            fields.push(("Källa".to_string(), format::source(&f.provenance)));
            if let Some(analysis) = &f.analysis {
                sections.push(Section::text("Analys", analysis));
            }
            if f.org_partial || f.cost_partial {
                sections.push(Section::text(
                    "Delposter",
                    "Rapporten anger bara vissa delposter för den här raden; de summerar inte till den.",
                ));
            }
        }
        None => sections.push(Section::text(
            strings::MISSING_HEADING,
            &format!("Ingen uppgift för {line_name} {}.", ctx.period.label),
        )),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Store;
    use crate::ui::panes::testing;

    fn ctx(store: &Store, period: usize) -> Ctx<'_> {
        let id = store.periods[period].id.clone();
        testing::ctx(store, &id)
    }

    fn build(ctx: &Ctx<'_>, key: &EconomyKey) -> data::Result<Screen> {
        Economy::build(ctx, key)
    }

    fn root() -> EconomyKey {
        Economy::root()
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
    fn frames_bridge_shows_unknowns_plainly() {
        let store = Store::demo().unwrap();
        let screen = build(
            &ctx(&store, 3),
            &EconomyKey::Frames {
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
