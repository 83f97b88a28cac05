//! A node's page: its judgements (the report's first), where they come
//! from, what they were at the comparison period, and for an indicator how
//! its light was reached.

use super::cells::{gap, goal_name, indicator_light, quantity_text, subgoal_name};
use super::node::{Node, subgoal_counts, subgoal_counts_now};
use super::{Ctx, GoalsKey};
use crate::data::goals::{Goal, GoalTree, Indicator, Part, Subgoal};
use crate::data::{self, Period};
use crate::domain::light::{Basis, Unjudged};
use crate::domain::vocab::GoalKind;
use crate::ui::format;
use crate::ui::screen::{Body, Cell, Detail, Screen, Section};
use crate::ui::theme::Sem;

pub(super) fn screen(ctx: &Ctx<'_>, key: &GoalsKey, node: &str) -> data::Result<Screen> {
    // The goals and delmål, and the indicator the page is about (in the
    // comparison period also the one it links to last year), not the
    // whole trees.
    let mut indicators: Vec<String> = node
        .strip_prefix("indicator:")
        .map(str::to_string)
        .into_iter()
        .collect();
    let goals = ctx
        .store
        .goal_tree_part(ctx.period, Part::Indicators(&indicators))?;
    if let Some((_, _, i)) = indicators.first().and_then(|id| goals.indicator(id)) {
        indicators.extend(i.previous_id.clone());
    }
    let before = match ctx.compare {
        Some(q) => Some((
            q,
            ctx.store.goal_tree_part(q, Part::Indicators(&indicators))?,
        )),
        None => None,
    };
    let page = Page {
        ctx,
        before: before.as_ref().map(|(q, tree)| (*q, &**tree)),
    };
    let found = match node.split_once(':') {
        Some(("goal", id)) => goals
            .goal(id)
            .map(|g| ("Mål ".to_string() + &g.number, page.goal(g))),
        Some(("subgoal", id)) => goals
            .subgoal(id)
            .map(|(g, s)| ("Delmål".to_string(), page.subgoal(g, s))),
        Some(("indicator", id)) => goals
            .indicator(id)
            .map(|(g, s, i)| ("Indikator".to_string(), page.indicator(g, s, i))),
        _ => None,
    };
    let (title, body) = found.unwrap_or_else(|| {
        let missing = format!("Ingen uppgift om detta för {}.", ctx.period.label);
        ("Mål".to_string(), Detail::missing(missing))
    });
    Ok(Screen::new(key.clone().into(), title, Body::Detail(body)))
}

/// What the pages are built from: the period's context and, if there is
/// one, the comparison period's tree.
struct Page<'a> {
    ctx: &'a Ctx<'a>,
    before: Option<(&'a Period, &'a GoalTree)>,
}

fn field(label: &str, cell: Cell) -> (String, Cell) {
    (label.to_string(), cell)
}

/// A field's cell, or a dim word saying it is unknown.
fn or_unknown(cell: Cell, unknown: &str) -> Cell {
    if cell.is_blank() {
        Cell::new(unknown, Sem::Dim)
    } else {
        cell
    }
}

impl Page<'_> {
    fn label(&self, period_id: &str) -> String {
        self.ctx
            .store
            .periods
            .iter()
            .find(|p| p.id == period_id)
            .map_or_else(|| period_id.to_string(), |p| p.label.clone())
    }

    /// The node's lights now and forecast.
    fn lights(&self, node: Node<'_>) -> Vec<(String, Cell)> {
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

    /// Where the judgement comes from when it is an earlier report's, and
    /// what the comparison period said.
    fn history(&self, node: Node<'_>) -> Vec<(String, Cell)> {
        let mut fields = Vec::new();
        if let Some(from) = node.period_id().filter(|p| *p != self.ctx.period.id) {
            fields.push(field(
                "Bedömning från",
                Cell::plain(self.label(from)).push(
                    format!(" (senaste i år t.o.m. {})", self.ctx.period.label),
                    Sem::Dim,
                ),
            ));
        }
        if let Some((q, tree)) = self.before {
            // The same node, or last year's that it links to.
            let earlier_nodes = super::node::every_node(tree);
            let find = |id: &str| {
                earlier_nodes
                    .iter()
                    .find(|(n, _)| n.id() == id)
                    .map(|(n, _)| *n)
            };
            let earlier = find(&node.id()).or_else(|| find(&node.previous_id()?));
            let cell = match earlier.map(Node::lights) {
                Some((now, forecast)) if now.is_some() || forecast.is_some() => {
                    // An indicator's one light counts as both: say it once.
                    let forecast =
                        forecast.filter(|f| Some(*f) != now || !matches!(node, Node::Indicator(_)));
                    [("nu ", now), ("prognos ", forecast)]
                        .into_iter()
                        .filter_map(|(word, light)| {
                            let mut cell = Cell::new(word, Sem::Dim);
                            cell.spans.extend(format::light(light?).spans);
                            Some(cell)
                        })
                        .reduce(Cell::then)
                        .unwrap_or_default()
                }
                _ => Cell::new("ingen bedömning", Sem::Dim),
            };
            let from = earlier
                .and_then(Node::period_id)
                .map_or_else(|| q.label.clone(), |p| self.label(p));
            fields.push(field(
                "Förra bedömningen",
                cell.push(format!(" ({from})"), Sem::Dim),
            ));
        }
        fields
    }

    fn goal(&self, goal: &Goal) -> Detail {
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
        fields.extend(self.lights(Node::Goal(goal)));
        let legend = Cell::new("  (bedömda/antagna)", Sem::Dim);
        let now = super::cells::counts_in_words(&subgoal_counts_now(goal));
        if !now.is_blank() {
            let now = now.push("  (räknat från delmålens nuläge)", Sem::Dim);
            fields.push(field("Delmål nu", now));
        }
        let (subgoals, rolled_up) = subgoal_counts(goal);
        let mut subgoals = super::cells::counts_in_words(&subgoals);
        if !subgoals.is_blank() {
            subgoals = subgoals.push(
                if rolled_up {
                    "  (räknat från delmålens prognoser)"
                } else {
                    "  (rapportens antal, efter prognos)"
                },
                Sem::Dim,
            );
            fields.push(field("Delmål prognos", subgoals));
        }
        if let Some(a) = &goal.assessment {
            let indicators = super::cells::counts(&a.indicators);
            if !indicators.is_blank() {
                let mut cell = indicators;
                cell.spans.extend(legend.spans.iter().cloned());
                fields.push(field("Indikatorer", cell));
            }
        }
        self.finish(Node::Goal(goal), fields)
    }

    fn subgoal(&self, goal: &Goal, subgoal: &Subgoal) -> Detail {
        let mut fields = vec![
            field("Delmål", Cell::plain(subgoal.text.clone())),
            field("Mål", Cell::plain(goal_name(goal))),
            field("Ägare", Cell::plain(subgoal.owner_name.clone())),
        ];
        if let Some(code) = &subgoal.code {
            fields.push(field("Nummer", Cell::plain(code.clone())));
        }
        fields.extend(self.lights(Node::Subgoal(subgoal)));
        self.finish(Node::Subgoal(subgoal), fields)
    }

    fn indicator(&self, goal: &Goal, subgoal: Option<&Subgoal>, indicator: &Indicator) -> Detail {
        let light = indicator.light();
        let mut fields = vec![field("Indikator", Cell::plain(indicator.name.clone()))];
        match subgoal {
            Some(s) => {
                fields.push(field("Delmål", Cell::plain(subgoal_name(s))));
                fields.push(field("Ägare", Cell::plain(s.owner_name.clone())));
            }
            None => fields.push(field("Mål", Cell::plain(goal_name(goal)))),
        }
        let value = quantity_text(indicator.measured(), indicator)
            .map_or_else(|| Cell::new("inget värde", Sem::Dim), Cell::plain);
        fields.push(field("Värde", value));
        if let Some(forecast) = indicator.value.as_ref().and_then(|v| v.forecast) {
            let text = quantity_text(Some(forecast), indicator).unwrap_or_default();
            fields.push(field(
                "Prognos helår",
                Cell::plain(text).push(
                    " (rapportens prognos för året, inget värde per perioden)",
                    Sem::Dim,
                ),
            ));
        }
        fields.push(field("Målvärde", target_cell(indicator)));
        let direction = indicator
            .direction
            .map_or_else(|| Cell::new("okänd", Sem::Dim), |d| Cell::plain(d.label()));
        fields.push(field("Riktning", direction));
        let mut distance = gap(&light, indicator.unit.as_deref(), true);
        let mut measured = light;
        let mut of_forecast = false;
        if distance.is_blank()
            && let Some(on_forecast) = super::cells::forecast_light(indicator)
        {
            distance = gap(&on_forecast, indicator.unit.as_deref(), true);
            measured = on_forecast;
            of_forecast = !distance.is_blank();
        }
        let distance = if distance.is_blank() {
            Cell::new("anges inte (se nedan)", Sem::Dim)
        } else if measured.above_ceiling.is_some() {
            distance.push(" taket", Sem::Dim)
        } else {
            distance.push(" av målet", Sem::Dim)
        };
        let distance = if of_forecast {
            distance.push(" (prognosen)", Sem::Dim)
        } else {
            distance
        };
        fields.push(field("Mot mål", distance));
        let basis = match light.basis {
            Basis::Report => " (rapportens bedömning)",
            Basis::Rule => " (beräknad: rapporten bedömer inte)",
            Basis::NoValue | Basis::Unjudged(_) => "",
        };
        let light_cell = indicator_light(&light);
        let light_cell = if light_cell.is_blank() {
            Cell::new("inget ljus (se nedan)", Sem::Dim)
        } else {
            light_cell.push(basis, Sem::Dim)
        };
        fields.push(field("Ljus", light_cell));
        let mut detail = self.finish(Node::Indicator(indicator), fields);
        detail
            .sections
            .insert(0, Section::text("Så bedöms ljuset", &rule_text(indicator)));
        detail
    }

    /// What every node's page ends with: where the judgement comes from,
    /// the period, the report's analysis and its source.
    fn finish(&self, node: Node<'_>, mut fields: Vec<(String, Cell)>) -> Detail {
        fields.extend(self.history(node));
        let restated = self.ctx.store.restated.as_ref();
        if let (Some(r), Some(restatement)) = (restated, super::cells::restatement(node, restated))
        {
            fields.push(format::restated_field(&r.old_name, restatement));
        }
        fields.push(field("Period", Cell::plain(self.ctx.period.label.clone())));
        let mut sections = Vec::new();
        if let Node::Goal(g) = node
            && let Some(text) = &g.description
        {
            sections.push(Section::text("Beskrivning", text));
        }
        if let Some(text) = node.analysis() {
            sections.push(Section::text("Analys", text));
        }
        let source = node.provenance().map_or_else(
            || format!("Ingen bedömning för {}.", self.ctx.period.label),
            |p| format::source(p).text(),
        );
        sections.push(Section::text("Källa", &source));
        Detail { fields, sections }
    }
}

/// "1,4 %  (Minst 1,4 procent …)": the figure the rule uses and the words
/// the report uses.
fn target_cell(indicator: &Indicator) -> Cell {
    let figure = quantity_text(indicator.target(), indicator);
    let own = indicator.value.as_ref().is_some_and(|v| v.target.is_some());
    let span = if own { "  perioden" } else { "  helår" };
    match (figure, &indicator.target_text) {
        (Some(f), Some(t)) => Cell::plain(f)
            .push(span, Sem::Dim)
            .push(format!("  ({t})"), Sem::Dim),
        (Some(f), None) => Cell::plain(f).push(span, Sem::Dim),
        (None, Some(t)) => Cell::plain(t.clone()),
        (None, None) => Cell::new("inget målvärde", Sem::Dim),
    }
}

/// How the light was reached, in words: the report's own judgement, the
/// rule with its thresholds, or why there is none.
fn rule_text(indicator: &Indicator) -> String {
    let light = indicator.light();
    let rule = "Regeln när rapporten inte bedömer: minst 100 % av målet ger grönt, \
                80–99 % gult och under 80 % rött; för ett tak (lägre är bättre) räknas \
                andelen som målet delat med värdet.";
    match light.basis {
        Basis::Report => {
            format!("Ljuset är rapportens egen bedömning, och den gäller före regeln. {rule}")
        }
        Basis::Rule => format!("Rapporten bedömer inte indikatorn, så ljuset är beräknat. {rule}"),
        Basis::NoValue => "Inget värde och ingen bedömning: grått, inga data.".to_string(),
        Basis::Unjudged(why) => {
            let reason = match why {
                Unjudged::NoTarget => "indikatorn har inget målvärde",
                Unjudged::NoDirection => "det framgår inte om högre eller lägre är bättre",
                Unjudged::YearTarget => {
                    "målvärdet gäller helåret och värdet bara en del av året; det jämförs först \
                     vid årets slut eller mot ett mål för perioden"
                }
                Unjudged::NotPositive => {
                    "värde eller mål är noll eller negativt, så en andel av målet betyder inget"
                }
            };
            format!(
                "Rapporten bedömer inte indikatorn och regeln kan inte: {reason}. Inget ljus visas hellre än ett påhittat."
            )
        }
    }
}
