//! Mål: the regional goals with their two lights and counts, each board's
//! delmål under them and the indicators under those, as one tree table; a
//! filter on red, yellow or grey; a detail page per node with the analysis
//! and the source.

use super::{Ctx, Effect, Pane};
use crate::data::goals::{Counts, Goal, GoalTree, Indicator, Subgoal};
use crate::data::{self, Provenance};
use crate::domain::light::Judgement;
use crate::domain::number::format_sv;
use crate::domain::vocab::{GoalKind, Topic};
use crate::ui::format;
use crate::ui::keymap::Action;
use crate::ui::screen::{Body, Cell, Column, Detail, Glyph, Nav, Row, Screen, Section, Table};
use crate::ui::theme::Sem;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

pub struct Goals;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GoalsKey {
    /// The goal tree; `expanded` holds the open nodes' row ids.
    Tree {
        expanded: BTreeSet<String>,
        filter: GoalFilter,
    },
    /// One node's page. `node` is `goal:ID`, `subgoal:ID` or `indicator:ID`.
    Detail { node: String },
}

/// Judgement filter of the goals tree, in the order `f` cycles it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GoalFilter {
    #[default]
    All,
    Red,
    Yellow,
    Grey,
}

impl GoalFilter {
    fn next(self) -> GoalFilter {
        match self {
            GoalFilter::All => GoalFilter::Red,
            GoalFilter::Red => GoalFilter::Yellow,
            GoalFilter::Yellow => GoalFilter::Grey,
            GoalFilter::Grey => GoalFilter::All,
        }
    }
}

impl Pane for Goals {
    type Key = GoalsKey;
    const TITLE: &'static str = "Mål";
    const NAMES: &'static [&'static str] = &["mal", "goals"];
    const ACTIONS: &'static [Action] = &[Action::Toggle, Action::Filter];

    fn root() -> GoalsKey {
        GoalsKey::Tree {
            expanded: BTreeSet::new(),
            filter: GoalFilter::All,
        }
    }

    fn build(ctx: &Ctx<'_>, key: &GoalsKey) -> data::Result<Screen> {
        match key {
            GoalsKey::Tree { expanded, filter } => tree(ctx, key, expanded, *filter),
            GoalsKey::Detail { node } => detail(ctx, key, node),
        }
    }

    fn act(_ctx: &Ctx<'_>, key: &GoalsKey, row: Option<&Row>, action: Action) -> Option<Effect> {
        let GoalsKey::Tree { expanded, filter } = key else {
            return None;
        };
        let (mut expanded, mut filter) = (expanded.clone(), *filter);
        match action {
            Action::Toggle => {
                let id = &row.filter(|r| r.expanded.is_some())?.id;
                if !expanded.remove(id) {
                    expanded.insert(id.clone());
                }
            }
            Action::Filter => filter = filter.next(),
            _ => return None,
        }
        Some(Effect::Replace(GoalsKey::Tree { expanded, filter }.into()))
    }
}

/// A node of the tree, borrowed from the period's [`GoalTree`].
#[derive(Clone, Copy)]
enum Node<'a> {
    Goal(&'a Goal),
    Subgoal(&'a Subgoal),
    Indicator(&'a Indicator),
}

impl<'a> Node<'a> {
    /// The row id, also the detail key: stable across periods.
    fn id(self) -> String {
        match self {
            Node::Goal(g) => format!("goal:{}", g.id),
            Node::Subgoal(s) => format!("subgoal:{}", s.id),
            Node::Indicator(i) => format!("indicator:{}", i.id),
        }
    }

    /// Delmål before the goal's own indicators; a delmål's indicators.
    fn children(self) -> Vec<Node<'a>> {
        match self {
            Node::Goal(g) => g
                .subgoals
                .iter()
                .map(Node::Subgoal)
                .chain(g.indicators.iter().map(Node::Indicator))
                .collect(),
            Node::Subgoal(s) => s.indicators.iter().map(Node::Indicator).collect(),
            Node::Indicator(_) => Vec::new(),
        }
    }

    /// Nuläge and prognos; an indicator has only its light, which counts as
    /// both.
    fn lights(self) -> (Option<Judgement>, Option<Judgement>) {
        match self {
            Node::Goal(g) => g.assessment.as_ref().map_or((None, None), |a| {
                (a.judgements.nulage, a.judgements.prognos)
            }),
            Node::Subgoal(s) => s
                .assessment
                .as_ref()
                .map_or((None, None), |a| (a.nulage, a.prognos)),
            Node::Indicator(i) => {
                let light = Some(i.light().judgement);
                (light, light)
            }
        }
    }

    /// The light a filter looks at: where the goal is heading (prognos), or
    /// an indicator's light.
    fn relevant(self) -> Option<Judgement> {
        self.lights().1
    }

    /// Red or yellow, now or forecast: what `n` stops at.
    fn exception(self) -> bool {
        let (nulage, prognos) = self.lights();
        [nulage, prognos]
            .into_iter()
            .flatten()
            .any(Judgement::is_exception)
    }

    /// Whether this node or anything under it matches the filter.
    fn matches(self, wanted: Judgement) -> bool {
        self.relevant() == Some(wanted) || self.children().into_iter().any(|c| c.matches(wanted))
    }

    fn illustrative(self) -> bool {
        self.provenance().is_some_and(|p| p.illustrative)
    }

    fn provenance(self) -> Option<&'a Provenance> {
        match self {
            Node::Goal(g) => g.assessment.as_ref().map(|a| &a.judgements.provenance),
            Node::Subgoal(s) => s.assessment.as_ref().map(|a| &a.provenance),
            Node::Indicator(i) => i.value.as_ref().map(|v| &v.provenance),
        }
    }

    fn analysis(self) -> Option<&'a str> {
        match self {
            Node::Goal(g) => g.assessment.as_ref()?.judgements.analysis.as_deref(),
            Node::Subgoal(s) => s.assessment.as_ref()?.analysis.as_deref(),
            Node::Indicator(i) => i.value.as_ref()?.analysis.as_deref(),
        }
    }
}

fn goal_name(goal: &Goal) -> String {
    format!("{} {}", goal.number, goal.title)
}

/// "HSN: text", or "HSN 4.1: text" where the board numbers its delmål.
fn subgoal_name(subgoal: &Subgoal) -> String {
    match &subgoal.code {
        Some(code) => format!("{} {code}: {}", subgoal.owner, subgoal.text),
        None => format!("{}: {}", subgoal.owner, subgoal.text),
    }
}

// Column order of every row's cells.
const NAME: usize = 0;
const NULAGE: usize = 1;
const PROGNOS: usize = 2;
const SUBGOALS: usize = 3;
const INDICATORS: usize = 4;
const VALUE: usize = 5;
const TARGET: usize = 6;
const SHARE: usize = 7;
const LIGHT: usize = 8;

/// The lights go last when the screen is narrow; then the indicator's value
/// and share, which say why its light is what it is. Empty columns are left
/// out by the drawing, so goal rows alone leave room for the name.
fn columns() -> Vec<Column> {
    vec![
        Column::name("Mål", 42),
        Column::text("Nuläge", 11, 2),
        Column::text("Prognos", 11, 1),
        Column::number("Delmål", 6, 5),
        Column::number("Indikatorer", 11, 7),
        Column::number("Värde", 5, 3),
        Column::number("Målvärde", 8, 6),
        Column::number("% av mål", 8, 4),
        Column::text("Ljus", 11, 1),
    ]
}

/// A decimal as stored, with as many decimals as it has (3,81 stays 3,81;
/// 80 stays 80), and its unit.
fn quantity(value: Option<Decimal>, unit: Option<&str>) -> Cell {
    let decimals = value.map_or(0, |v| v.normalize().scale());
    format::number(value, decimals, unit.unwrap_or(""))
}

fn quantity_text(value: Option<Decimal>, unit: Option<&str>) -> Option<String> {
    value.map(|v| quantity(Some(v), unit).text())
}

/// A share of target, one decimal: a base value, so no `+` (the reports'
/// 97,1 %).
fn share(pct: Option<Decimal>) -> Cell {
    pct.map_or_else(Cell::empty, |p| {
        Cell::plain(format!("{} %", format_sv(p, 1, false)))
    })
}

/// "9/12: 5● 4◐ 0○": assessed of adopted, then full, partial and not, each
/// in its light's style. Unknown parts show as "?"; blank if nothing known.
fn counts(counts: &Counts) -> Cell {
    if counts.is_empty() {
        return Cell::empty();
    }
    let known = |n: Option<i64>| n.map_or("?".to_string(), |n| n.to_string());
    let head = match (counts.assessed, counts.total) {
        (a, Some(t)) => format!("{}/{t}: ", known(a)),
        (Some(a), None) => format!("{a}: "),
        (None, None) => String::new(),
    };
    let mut cell = Cell::plain(head);
    let lights = [Judgement::Full, Judgement::Partial, Judgement::Not];
    for (i, (n, j)) in counts.parts().into_iter().zip(lights).enumerate() {
        if i > 0 {
            cell = cell.push(" ", Sem::Normal);
        }
        cell = cell
            .push(known(n), Sem::Light(j))
            .push(Glyph::Light(j), Sem::Light(j));
    }
    cell
}

/// Every column's cell for a node, in [`columns`] order.
fn cells(node: Node<'_>) -> Vec<Cell> {
    let mut cells = vec![Cell::empty(); LIGHT + 1];
    let name = match node {
        Node::Goal(g) => goal_name(g),
        Node::Subgoal(s) => subgoal_name(s),
        Node::Indicator(i) => i.name.clone(),
    };
    cells[NAME] = Cell::plain(name);
    if node.illustrative() {
        cells[NAME] = cells[NAME]
            .clone()
            .push(" (illustrativ)", Sem::Illustrative);
    }
    match node {
        Node::Goal(g) => {
            let (nulage, prognos) = node.lights();
            cells[NULAGE] = format::maybe_light(nulage);
            cells[PROGNOS] = format::maybe_light(prognos);
            if let Some(a) = &g.assessment {
                cells[SUBGOALS] = counts(&a.subgoals);
                cells[INDICATORS] = counts(&a.indicators);
            }
        }
        Node::Subgoal(_) => {
            let (nulage, prognos) = node.lights();
            cells[NULAGE] = format::maybe_light(nulage);
            cells[PROGNOS] = format::maybe_light(prognos);
        }
        Node::Indicator(i) => {
            let light = i.light();
            cells[VALUE] = quantity(i.measured(), i.unit.as_deref());
            cells[TARGET] = quantity(i.target(), i.unit.as_deref());
            cells[SHARE] = share(light.share_pct);
            cells[LIGHT] = format::light(light.judgement);
        }
    }
    cells
}

/// How the tree is walked: by the user's expansions, or, under a filter,
/// every match with its ancestors whatever is expanded (a filter that hid
/// matches inside closed goals would look like "none").
struct Walk<'k> {
    expanded: &'k BTreeSet<String>,
    filter: Option<Judgement>,
}

impl Walk<'_> {
    fn rows(&self, node: Node<'_>, depth: u16, rows: &mut Vec<Row>) {
        if self.filter.is_some_and(|wanted| !node.matches(wanted)) {
            return;
        }
        let id = node.id();
        let children = node.children();
        let open = self.filter.is_some() || self.expanded.contains(&id);
        // Under a filter the tree is fixed, so Enter opens the detail.
        let expanded = (self.filter.is_none() && !children.is_empty()).then_some(open);
        let detail = Nav::Push(GoalsKey::Detail { node: id.clone() }.into());
        rows.push(Row {
            id,
            cells: cells(node),
            depth,
            expanded,
            drill: None,
            detail: Some(detail),
            exception: node.exception(),
            heading: false,
        });
        if open {
            for child in children {
                self.rows(child, depth + 1, rows);
            }
        }
    }
}

fn filter_judgement(filter: GoalFilter) -> Option<Judgement> {
    match filter {
        GoalFilter::All => None,
        GoalFilter::Red => Some(Judgement::Not),
        GoalFilter::Yellow => Some(Judgement::Partial),
        GoalFilter::Grey => Some(Judgement::NoData),
    }
}

/// The filter's colour as the caption says it ("röda") and in the singular
/// ("röd").
fn filter_word(filter: GoalFilter) -> Option<(&'static str, &'static str)> {
    match filter {
        GoalFilter::All => None,
        GoalFilter::Red => Some(("röda", "röd")),
        GoalFilter::Yellow => Some(("gula", "gul")),
        GoalFilter::Grey => Some(("grå", "grå")),
    }
}

fn tree(
    ctx: &Ctx<'_>,
    key: &GoalsKey,
    expanded: &BTreeSet<String>,
    filter: GoalFilter,
) -> data::Result<Screen> {
    let goals = ctx.store.goal_tree(ctx.period)?;
    let walk = Walk {
        expanded,
        filter: filter_judgement(filter),
    };
    let mut rows = Vec::new();
    for goal in &goals.goals {
        walk.rows(Node::Goal(goal), 0, &mut rows);
    }
    let label = &ctx.period.label;
    let empty = match filter_word(filter) {
        // Say what the filter looks at: a yellow nuläge alone does not match.
        Some((_, one)) => format!("Ingen {one} prognos eller indikator för {label} (f byter)."),
        None => "Ögonblicksbilden har inga mål.".to_string(),
    };
    let table = Table {
        columns: columns(),
        rows,
        empty,
        caption: caption(ctx, &goals, filter),
    };
    Ok(Screen::new(key.clone().into(), "Mål", Body::Table(table)))
}

/// The filter, a period without assessments, and the first of the period's
/// notices about goals, where the lights are shown.
fn caption(ctx: &Ctx<'_>, goals: &GoalTree, filter: GoalFilter) -> Option<Cell> {
    let mut parts: Vec<Cell> = Vec::new();
    if let Some((word, _)) = filter_word(filter) {
        parts.push(Cell::new(format!("Filter: {word} (f byter)"), Sem::Key));
    }
    if !goals.has_assessments() {
        parts.push(Cell::new(
            format!("Inga målbedömningar för {}", ctx.period.label),
            Sem::Dim,
        ));
    } else if filter == GoalFilter::All && goals.goals.iter().all(|g| g.assessment.is_none()) {
        // Otherwise the root shows names and no lights, as if nothing were
        // assessed (HSN's delårsrapport 2025 judges only its delmål).
        parts.push(Cell::new(
            "Bara delmålen är bedömda (Space fäller ut)",
            Sem::Dim,
        ));
    }
    parts.extend(format::notice_caption(ctx.notices, Topic::Goals));
    parts.into_iter().reduce(Cell::then)
}

/// A field's cell, or a dim word saying it is unknown.
fn or_unknown(cell: Cell, unknown: &str) -> Cell {
    if cell.is_blank() {
        Cell::new(unknown, Sem::Dim)
    } else {
        cell
    }
}

fn field(label: &str, cell: Cell) -> (String, Cell) {
    (label.to_string(), cell)
}

fn detail(ctx: &Ctx<'_>, key: &GoalsKey, node: &str) -> data::Result<Screen> {
    let goals = ctx.store.goal_tree(ctx.period)?;
    let found = match node.split_once(':') {
        Some(("goal", id)) => goals
            .goal(id)
            .map(|g| ("Mål ".to_string() + &g.number, goal_detail(ctx, g))),
        Some(("subgoal", id)) => goals
            .subgoal(id)
            .map(|(g, s)| ("Delmål".to_string(), subgoal_detail(ctx, g, s))),
        Some(("indicator", id)) => goals
            .indicator(id)
            .map(|(g, s, i)| ("Indikator".to_string(), indicator_detail(ctx, g, s, i))),
        _ => None,
    };
    let (title, body) = found.unwrap_or_else(|| {
        let missing = format!("Ingen uppgift om detta för {}.", ctx.period.label);
        ("Mål".to_string(), Detail::missing(missing))
    });
    Ok(Screen::new(key.clone().into(), title, Body::Detail(body)))
}

/// What every node's page ends with: the period, the report's analysis and
/// where it all comes from.
fn finish(ctx: &Ctx<'_>, node: Node<'_>, mut fields: Vec<(String, Cell)>) -> Detail {
    fields.push(field("Period", Cell::plain(ctx.period.label.clone())));
    let mut sections = Vec::new();
    if let Node::Goal(g) = node {
        if let Some(text) = &g.description {
            sections.push(Section::text("Beskrivning", text));
        }
    }
    if let Some(text) = node.analysis() {
        sections.push(Section::text("Analys", text));
    }
    let source = node.provenance().map_or_else(
        || format!("Ingen bedömning för {}.", ctx.period.label),
        |p| format::source(p).text(),
    );
    sections.push(Section::text("Källa", &source));
    Detail { fields, sections }
}

fn lights_fields(node: Node<'_>) -> Vec<(String, Cell)> {
    let (nulage, prognos) = node.lights();
    vec![
        field(
            "Nuläge",
            or_unknown(format::maybe_light(nulage), "ingen bedömning"),
        ),
        field(
            "Prognos helår",
            or_unknown(format::maybe_light(prognos), "ingen bedömning"),
        ),
    ]
}

fn goal_detail(ctx: &Ctx<'_>, goal: &Goal) -> Detail {
    let kind = if goal.financial {
        GoalKind::Financial
    } else {
        GoalKind::Operational
    }
    .label();
    let mut fields = vec![
        field("Mål", Cell::plain(goal_name(goal))),
        field("Typ", Cell::plain(kind)),
    ];
    fields.extend(lights_fields(Node::Goal(goal)));
    if let Some(a) = &goal.assessment {
        let legend = Cell::new("  (bedömda/antagna: helt delvis inte)", Sem::Dim);
        for (label, c) in [("Delmål", &a.subgoals), ("Indikatorer", &a.indicators)] {
            let cell = counts(c);
            if !cell.spans.is_empty() {
                let mut with_legend = cell;
                with_legend.spans.extend(legend.spans.iter().cloned());
                fields.push(field(label, with_legend));
            }
        }
    }
    finish(ctx, Node::Goal(goal), fields)
}

fn subgoal_detail(ctx: &Ctx<'_>, goal: &Goal, subgoal: &Subgoal) -> Detail {
    let mut fields = vec![
        field("Delmål", Cell::plain(subgoal.text.clone())),
        field("Mål", Cell::plain(goal_name(goal))),
        field("Ägare", Cell::plain(subgoal.owner_name.clone())),
    ];
    if let Some(code) = &subgoal.code {
        fields.push(field("Nummer", Cell::plain(code.clone())));
    }
    fields.extend(lights_fields(Node::Subgoal(subgoal)));
    finish(ctx, Node::Subgoal(subgoal), fields)
}

fn indicator_detail(
    ctx: &Ctx<'_>,
    goal: &Goal,
    subgoal: Option<&Subgoal>,
    indicator: &Indicator,
) -> Detail {
    let unit = indicator.unit.as_deref();
    let light = indicator.light();
    let mut fields = vec![field("Indikator", Cell::plain(indicator.name.clone()))];
    match subgoal {
        Some(s) => {
            fields.push(field("Delmål", Cell::plain(subgoal_name(s))));
            fields.push(field("Ägare", Cell::plain(s.owner_name.clone())));
        }
        None => fields.push(field("Mål", Cell::plain(goal_name(goal)))),
    }
    let value = quantity_text(indicator.measured(), unit)
        .map_or_else(|| Cell::new("inget värde", Sem::Dim), Cell::plain);
    fields.push(field("Värde", value));
    fields.push(field("Målvärde", target_cell(indicator)));
    let direction = indicator
        .direction
        .map_or_else(|| Cell::new("okänd", Sem::Dim), |d| Cell::plain(d.label()));
    fields.push(field("Riktning", direction));
    let share = match light.share_pct {
        Some(pct) => share(Some(pct)),
        None => Cell::new(no_share_reason(indicator), Sem::Dim),
    };
    fields.push(field("Andel av mål", share));
    let stored = indicator.stored();
    let mut light_cell = format::light(light.judgement);
    if light.stored && stored.is_some() {
        light_cell = light_cell.push(" (rapportens bedömning)", Sem::Dim);
    }
    fields.push(field("Ljus", light_cell));
    // The rule and the report can disagree (debt 81,8 % of target is
    // yellow; the report said "inte"): show both, never hide the report's.
    if let Some(stored) = stored.filter(|s| !light.stored && *s != light.judgement) {
        fields.push(field("Rapportens bedömning", format::light(stored)));
    }
    finish(ctx, Node::Indicator(indicator), fields)
}

/// "1,4 %  (Minst 1,4 procent …)": the figure the rule uses and the words
/// the report uses.
fn target_cell(indicator: &Indicator) -> Cell {
    let figure = quantity_text(indicator.target(), indicator.unit.as_deref());
    match (figure, &indicator.target_text) {
        (Some(f), Some(t)) => Cell::plain(f).push(format!("  ({t})"), Sem::Dim),
        (Some(f), None) => Cell::plain(f),
        (None, Some(t)) => Cell::plain(t.clone()),
        (None, None) => Cell::new("inget målvärde", Sem::Dim),
    }
}

/// Why "% av mål" is blank: the reader should not suspect missing data
/// where the rule deliberately gives none.
fn no_share_reason(indicator: &Indicator) -> String {
    let non_positive = |v: Option<Decimal>| v.is_some_and(|v| v <= Decimal::ZERO);
    if indicator.measured().is_none() {
        "inget värde".to_string()
    } else if indicator.target().is_none() {
        "inget målvärde".to_string()
    } else if non_positive(indicator.measured()) || non_positive(indicator.target()) {
        "ingen, värde eller mål är noll eller negativt".to_string()
    } else {
        "ingen".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Store;
    use crate::ui::panes::testing;
    use crate::ui::theme::Symbols;

    fn ctx<'a>(store: &'a Store, period: &str) -> Ctx<'a> {
        testing::ctx(store, period)
    }

    fn build(ctx: &Ctx<'_>, key: &GoalsKey) -> data::Result<Screen> {
        Goals::build(ctx, key)
    }

    fn goals(expanded: &[&str], filter: GoalFilter) -> GoalsKey {
        GoalsKey::Tree {
            expanded: expanded.iter().map(|s| s.to_string()).collect(),
            filter,
        }
    }

    fn row<'s>(screen: &'s Screen, id: &str) -> &'s Row {
        screen.rows().iter().find(|r| r.id == id).unwrap()
    }

    fn ids(screen: &Screen) -> Vec<&str> {
        screen.rows().iter().map(|r| r.id.as_str()).collect()
    }

    #[test]
    fn root_lists_goals_with_lights_counts_and_exceptions() {
        let store = Store::demo().unwrap();
        let screen = build(&ctx(&store, "2024-08"), &goals(&[], GoalFilter::All)).unwrap();
        assert_eq!(
            ids(&screen)[..4],
            ["goal:g1", "goal:g2", "goal:g3", "goal:g4"]
        );
        assert_eq!(ids(&screen)[7..], ["goal:f1", "goal:f2", "goal:f3"]);
        let g4 = row(&screen, "goal:g4");
        let text: Vec<String> = g4.cells.iter().map(Cell::text).collect();
        assert_eq!(
            text[NAME],
            "4 Tillgänglig vård med god kvalitet och kontinuitet"
        );
        assert_eq!(text[NULAGE], "", "the report gives no nuläge: blank");
        assert_eq!(text[PROGNOS], "● Helt");
        assert_eq!(text[SUBGOALS], "9/12: 5● 4◐ 0○");
        assert_eq!(text[INDICATORS], "15/20: 10● 3◐ 2○");
        assert_eq!(g4.expanded, Some(false), "it has an indicator");
        assert!(!g4.exception);
        assert!(row(&screen, "goal:g1").exception, "delvis");
        assert!(row(&screen, "goal:f1").exception, "inte");
        assert!(!row(&screen, "goal:g5").exception, "inga data is no alarm");
        assert_eq!(row(&screen, "goal:g3").expanded, None, "nothing under it");
        assert_eq!(
            g4.detail,
            Some(Nav::Push(
                GoalsKey::Detail {
                    node: "goal:g4".into()
                }
                .into()
            ))
        );
        assert_eq!(g4.drill, None, "Enter toggles, then opens");
    }

    #[test]
    fn indicators_show_value_target_share_and_light() {
        let store = Store::demo().unwrap();
        let key = goals(&["goal:f1", "goal:f3", "goal:g2"], GoalFilter::All);
        let screen = build(&ctx(&store, "2024-08"), &key).unwrap();
        let result = row(&screen, "indicator:i2024-f1-resultat");
        assert_eq!(result.depth, 1);
        let text: Vec<String> = result.cells.iter().map(Cell::text).collect();
        assert_eq!(
            [&text[VALUE], &text[TARGET], &text[SHARE], &text[LIGHT]],
            ["−4,5 %", "1,4 %", "", "○ Inte"],
            "a negative outcome: the stored judgement, no share"
        );
        assert!(result.exception);
        let debt = row(&screen, "indicator:i2024-f3-laneskuld");
        assert_eq!(
            debt.cells[SHARE].text(),
            "81,8 %",
            "lower is better, no `+`"
        );
        assert_eq!(debt.cells[LIGHT].text(), "◐ Delvis");
        assert_eq!(debt.cells[LIGHT].spans[0].1, Sem::Light(Judgement::Partial));
        let training = row(&screen, "indicator:i2024-g2-katastrofberedskap");
        assert_eq!(training.cells[SHARE].text(), "48,0 %");
        assert_eq!(training.cells[LIGHT].text(), "○ Inte");
    }

    #[test]
    fn delmal_sit_under_their_goal_and_indicators_under_them() {
        let store = Store::demo().unwrap();
        let key = goals(&["goal:g4", "subgoal:sg2025-09"], GoalFilter::All);
        let screen = build(&ctx(&store, "2025-08"), &key).unwrap();
        let at = |id: &str| ids(&screen).iter().position(|r| *r == id).unwrap();
        assert_eq!(at("subgoal:sg2025-08"), at("goal:g4") + 1);
        let sg = row(&screen, "subgoal:sg2025-08");
        assert_eq!(sg.depth, 1);
        assert!(
            sg.cells[NAME]
                .text()
                .starts_with("HSN: En fast vårdkontakt")
        );
        assert_eq!(sg.cells[NULAGE].text(), "◐ Delvis");
        assert_eq!(sg.cells[PROGNOS].text(), "– Inga data");
        assert!(sg.exception, "yellow now");
        assert_eq!(sg.expanded, None);
        let web = row(&screen, "indicator:i2025-08");
        assert_eq!(web.depth, 2);
        assert_eq!(web.cells[LIGHT].text(), "– Inga data");
        assert!(!web.exception);
        assert!(
            !ids(&screen).contains(&"subgoal:sg2025-01"),
            "goal 1 stays closed"
        );
    }

    #[test]
    fn red_filter_keeps_red_rows_and_their_ancestors_whatever_is_open() {
        let store = Store::demo().unwrap();
        let screen = build(&ctx(&store, "2024-08"), &goals(&[], GoalFilter::Red)).unwrap();
        assert_eq!(
            ids(&screen),
            [
                "goal:g2",
                "indicator:i2024-g2-katastrofberedskap",
                "goal:g7",
                "indicator:i2024-g7-innovationstraffar",
                "goal:f1",
                "indicator:i2024-f1-resultat",
                "goal:f2",
                "indicator:i2024-f2-soliditet",
                "goal:f3",
            ],
            "the debt indicator is yellow by the rule, so F3 has no red child"
        );
        assert!(screen.rows().iter().all(|r| r.expanded.is_none()));
        let caption = match &screen.body {
            Body::Table(t) => t.caption.as_ref().map(Cell::text).unwrap_or_default(),
            _ => String::new(),
        };
        assert!(caption.starts_with("Filter: röda (f byter)"));
        let later = build(&ctx(&store, "2025-08"), &goals(&[], GoalFilter::Red)).unwrap();
        assert_eq!(
            ids(&later),
            ["goal:g2", "subgoal:sg2025-04"],
            "by prognos, not nuläge"
        );
        let grey = build(&ctx(&store, "2025-08"), &goals(&[], GoalFilter::Grey)).unwrap();
        assert!(grey.rows().iter().any(|r| r.id == "indicator:i2025-01"));
        let yellow = build(&ctx(&store, "2025-08"), &goals(&[], GoalFilter::Yellow)).unwrap();
        assert!(yellow.rows().is_empty());
        match &yellow.body {
            Body::Table(t) => assert!(t.empty.contains("Ingen gul prognos")),
            _ => panic!("a table"),
        }
    }

    #[test]
    fn a_period_without_assessments_lists_goals_and_says_so() {
        let store = Store::demo().unwrap();
        let screen = build(&ctx(&store, "2025-04"), &goals(&[], GoalFilter::All)).unwrap();
        assert_eq!(screen.rows().len(), 10);
        assert!(
            screen
                .rows()
                .iter()
                .all(|r| r.cells[PROGNOS].text().is_empty())
        );
        match &screen.body {
            Body::Table(t) => assert_eq!(
                t.caption.as_ref().map(Cell::text).as_deref(),
                Some("Inga målbedömningar för ack april 2025")
            ),
            _ => panic!("a table"),
        }
    }

    #[test]
    fn ascii_counts_use_ascii_glyphs() {
        let store = Store::demo().unwrap();
        let screen = build(&ctx(&store, "2024-08"), &goals(&[], GoalFilter::All)).unwrap();
        assert_eq!(
            row(&screen, "goal:g4").cells[SUBGOALS].text_in(&Symbols::ASCII),
            "9/12: 5# 4+ 0o"
        );
    }

    fn detail_of(period: &str, node: &str) -> Screen {
        let store = Store::demo().unwrap();
        let key = GoalsKey::Detail { node: node.into() };
        build(&ctx(&store, period), &key).unwrap()
    }

    fn fields(screen: &Screen) -> Vec<(String, String)> {
        match &screen.body {
            Body::Detail(d) => d
                .fields
                .iter()
                .map(|(l, c)| (l.clone(), c.text()))
                .collect(),
            _ => Vec::new(),
        }
    }

    fn section(screen: &Screen, heading: &str) -> Option<String> {
        match &screen.body {
            Body::Detail(d) => d.section(heading),
            _ => None,
        }
    }

    #[test]
    fn indicator_detail_says_the_light_is_the_reports() {
        let screen = detail_of("2024-08", "indicator:i2024-f1-resultat");
        assert_eq!(screen.title, "Indikator");
        let f = fields(&screen);
        let get = |l: &str| f.iter().find(|(k, _)| k == l).map(|(_, v)| v.as_str());
        assert_eq!(get("Ljus"), Some("○ Inte (rapportens bedömning)"));
        assert_eq!(get("Riktning"), Some("högre är bättre"));
        assert!(get("Andel av mål").is_some_and(|s| !s.contains('%')));
        assert!(section(&screen, "Analys").is_some_and(|a| a.contains("-4,5 procent")));
        assert!(section(&screen, "Källa").is_some_and(|s| s.contains("augusti 2024")));
        let debt = detail_of("2024-08", "indicator:i2024-f3-laneskuld");
        let f = fields(&debt);
        let get = |l: &str| f.iter().find(|(k, _)| k == l).map(|(_, v)| v.as_str());
        assert_eq!(get("Riktning"), Some("lägre är bättre"));
        assert_eq!(get("Ljus"), Some("◐ Delvis"));
        assert_eq!(get("Rapportens bedömning"), Some("○ Inte"), "both shown");
    }

    #[test]
    fn goal_and_delmal_details() {
        let goal = detail_of("2024-08", "goal:g4");
        assert_eq!(goal.title, "Mål 4");
        let f = fields(&goal);
        assert!(f.contains(&("Nuläge".into(), "ingen bedömning".into())));
        assert!(
            f.iter()
                .any(|(l, v)| l == "Delmål" && v.starts_with("9/12: 5● 4◐ 0○"))
        );
        let sg = detail_of("2025-08", "subgoal:sg2025-07");
        assert_eq!(sg.title, "Delmål");
        let f = fields(&sg);
        assert!(f.contains(&("Ägare".into(), "Hälso- och sjukvårdsnämnden".into())));
        assert!(f.contains(&("Nuläge".into(), "○ Inte".into())));
        assert!(f.contains(&("Prognos helår".into(), "● Helt".into())));
        assert!(section(&sg, "Analys").is_some());
        let gone = detail_of("2024-08", "subgoal:sg2025-07");
        assert!(
            section(&gone, "Uppgift saknas").is_some(),
            "2025's delmål in 2024"
        );
    }
}
