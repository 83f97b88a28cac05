//! A [`Report`] from the data layer, as the cockpit reads it: as of the
//! period (forecasts, judgements and statuses the latest of its year), and
//! compared with the comparison period.

use super::{Block, Line, Notes, Report, Section, Span};
use crate::data::changes::{Change, Figure};
use crate::data::directives::KpiJudgement;
use crate::data::directives::StatusReport;
use crate::data::goals::{Assessment, GoalTree};
use crate::data::{self, Fact, Period, Provenance, Store};
use crate::domain::change::{Shift, linear_projection};
use crate::domain::light::Judgement;
use crate::domain::money::format_money_exact;
use crate::domain::number::format_sv;
use crate::domain::status::DirectiveStatus;
use chrono::Datelike;
use std::collections::HashMap;
use std::rc::Rc;

mod plans;

/// The report for `period`, compared with `compare` where given.
pub fn build(store: &Store, period: &Period, compare: Option<&Period>) -> data::Result<Report> {
    let mut b = Builder {
        store,
        period,
        compare,
        notes: Notes::default(),
    };
    let top = b.top_unit()?;
    let board = top
        .as_deref()
        .map_or_else(|| store.meta.organisation.clone(), |id| store.unit_name(id));
    let mut sections = Vec::new();
    match &top {
        Some(unit) => {
            sections.push(b.result(unit)?);
            sections.push(b.frames(unit)?);
            sections.push(b.cost_types(unit)?);
        }
        None => sections.push(Section {
            heading: "Ekonomiskt resultat".into(),
            blocks: vec![text_paragraph(&format!(
                "Ögonblicksbilden har inga ekonomiska uppgifter för {}.",
                period.label
            ))],
        }),
    }
    sections.push(b.goals()?);
    sections.push(b.directives()?);
    sections.extend(super::outlook::sections(
        store,
        period,
        top.as_deref(),
        &mut b.notes,
    )?);
    sections.push(b.key_figures()?);
    sections.extend(b.plans_and_staff()?);
    sections.push(b.notices()?);
    sections.push(b.changes()?);
    let mut lead = vec![vec![Span::Text(format!(
        "Utkast till uppföljning för {board}, {}, ur ögonblicksbilden \"{}\" ({}).",
        period.label, store.meta.title, store.meta.organisation
    ))]];
    lead.push(vec![Span::Text(
        "Varje siffra har en not till sin källa (rapport och avsnitt). Det som tertial har \
         räknat fram står som beräknat; illustrativa siffror är märkta. Belopp i "
            .to_string()
            + store.money_unit.code()
            + ", avvikelser som effekt på resultatet (negativ = sämre än budget).",
    )]);
    if let Some(q) = compare {
        lead.push(vec![Span::Text(format!("Jämförelseperiod: {}.", q.label))]);
    }
    Ok(Report {
        title: format!("Uppföljning {}: {board}", period.label),
        lead,
        sections,
        sources: b.notes.into_sources(),
    })
}

struct Builder<'a> {
    store: &'a Store,
    period: &'a Period,
    compare: Option<&'a Period>,
    notes: Notes,
}

fn text(t: impl Into<String>) -> Span {
    Span::Text(t.into())
}

fn text_paragraph(t: &str) -> Block {
    Block::Paragraph(vec![text(t)])
}

/// A deviation as the reports write it: `−448 mkr`, `+156 mkr`.
fn signed(store: &Store, kr: i64) -> String {
    let amount = format_money_exact(kr, store.money_unit);
    if kr > 0 { format!("+{amount}") } else { amount }
}

/// A change in per cent as the source wrote it, signed either way:
/// `+7,0 %`, `+7 %`, `−4,7 %`.
fn percent(value: rust_decimal::Decimal) -> String {
    format!("{} %", format_sv(value, value.scale(), true))
}

impl Builder<'_> {
    fn period_label(&self, id: &str) -> String {
        self.store
            .periods
            .iter()
            .find(|p| p.id == id)
            .map_or_else(|| id.to_string(), |p| p.label.clone())
    }

    /// The unit the report is about, as the overview's: the snapshot's
    /// focus unit where it has figures this period, else the topmost unit
    /// that has.
    fn top_unit(&self) -> data::Result<Option<String>> {
        let totals = self.store.totals(&self.period.id)?;
        if let Some(focus) = self
            .store
            .focus_unit()
            .filter(|u| totals.contains_key(&u.id))
        {
            return Ok(Some(focus.id.clone()));
        }
        Ok(self
            .store
            .org
            .iter()
            .filter(|u| totals.contains_key(&u.id))
            .min_by_key(|u| self.store.org_depth(&u.id))
            .map(|u| u.id.clone()))
    }

    /// The key figures furthest from target first, each with its value's
    /// span, report and source, and the report's judgement where a
    /// directive measures the figure (else "ej bedömd"); the section says
    /// which is computed and which is the report's.
    fn key_figures(&mut self) -> data::Result<Section> {
        let store = self.store;
        let mut off: Vec<_> = store
            .kpis_as_of(self.period)?
            .into_iter()
            .filter_map(|f| {
                let short = f.shortfall().filter(|s| *s > rust_decimal::Decimal::ZERO)?;
                Some((short, f))
            })
            .collect();
        off.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.kpi.id.cmp(&b.1.kpi.id)));
        let heading = "Nyckeltal utanför målvärde".to_string();
        if off.is_empty() {
            return Ok(Section {
                heading,
                blocks: vec![text_paragraph(&format!(
                    "Inga nyckeltal med målvärde ligger utanför det i år t.o.m. {}.",
                    self.period.label
                ))],
            });
        }
        let quantity = |v: rust_decimal::Decimal, unit: Option<&str>| {
            let n = format_sv(v, v.scale(), false);
            match unit.filter(|u| !u.is_empty() && !u.eq_ignore_ascii_case("antal")) {
                Some(u) => format!("{n} {u}"),
                None => n,
            }
        };
        let judged = store.kpi_judgements(self.period)?;
        let mut rows = Vec::new();
        for (_, f) in off {
            let kpi = f.kpi;
            let unit = kpi.unit.as_deref();
            let Some(latest) = f.latest else { continue };
            let mut value = vec![text(latest.value.map_or("–".into(), |v| quantity(v, unit)))];
            if latest.provenance.illustrative {
                value.push(Span::Marked(" (illustrativ)".into()));
            }
            value.push(self.notes.cite(&latest.provenance));
            let mut span = latest.label.clone();
            if let Some(p) = latest.period_id.as_deref().filter(|p| *p != self.period.id) {
                let stated = self.period_label(p);
                if !span.contains(&stated) {
                    span.push_str(&format!(", enligt {stated}"));
                }
            }
            let light = f.light();
            rows.push(vec![
                vec![text(kpi.name.clone())],
                vec![text(
                    kpi.org_unit_id
                        .as_deref()
                        .map_or(String::new(), |u| store.short_name(u)),
                )],
                value,
                vec![text(kpi.target.map_or("–".into(), |t| quantity(t, unit)))],
                vec![Span::Marked(
                    light
                        .distance(unit, false)
                        .map_or(String::new(), |(d, _)| d),
                )],
                vec![text(span)],
                self.kpi_judgement(judged.get(&kpi.id)),
            ]);
        }
        Ok(Section {
            heading,
            blocks: vec![
                text_paragraph(
                    "Avståndet till målet är beräknat av tertial (andel av målet, eller \
                     avstånd till ett tak). Bedömningen är rapportens, där ett uppdrag mäts \
                     med nyckeltalet; annars är nyckeltalet inte bedömt i rapporterna.",
                ),
                Block::Table {
                    header: [
                        "Nyckeltal",
                        "Enhet",
                        "Senast",
                        "Mål",
                        "Mot mål",
                        "Avser",
                        "Bedömning",
                    ]
                    .map(String::from)
                    .to_vec(),
                    right: vec![false, false, true, true, true, false, false],
                    rows,
                },
            ],
        })
    }

    /// A key figure's judgement in the report, through the directive its
    /// value measures, cited where it stands; "ej bedömd" where no report
    /// judges it (its distance is then tertial's alone).
    fn kpi_judgement(&mut self, judged: Option<&KpiJudgement>) -> Line {
        match judged {
            Some(j) => vec![
                text(format!(
                    "{} (uppdrag: {})",
                    j.judged().label(),
                    j.directive_title
                )),
                self.notes.cite(j.report.judgement_provenance()),
            ],
            None => vec![text("ej bedömd")],
        }
    }

    /// A figure with its note; "uppgift saknas" where the snapshot has none.
    fn figure(&mut self, value: Option<String>, fact: &Fact) -> Line {
        self.figure_from(value, &fact.provenance)
    }

    /// A figure cited to `source` (a forecast's own heading, where the row
    /// names one).
    fn figure_from(&mut self, value: Option<String>, source: &Provenance) -> Line {
        match value {
            Some(v) => {
                let mut line = vec![text(v)];
                if source.illustrative {
                    line.push(Span::Marked(" (illustrativ)".into()));
                }
                line.push(self.notes.cite(source));
                line
            }
            None => vec![text("uppgift saknas")],
        }
    }

    fn result(&mut self, unit: &str) -> data::Result<Section> {
        let store = self.store;
        let totals = store.totals(&self.period.id)?;
        let fact = totals.get(unit).cloned().unwrap_or_default();
        let mut items: Vec<Line> = Vec::new();
        let labelled = |label: &str, mut value: Line| {
            let mut line = vec![text(format!("{label}: "))];
            line.append(&mut value);
            line
        };
        items.push(labelled(
            "Budgetavvikelse hittills i år",
            self.figure(fact.deviation.map(|d| signed(store, d)), &fact),
        ));
        if let Some(q) = self.compare {
            let before = store.totals(&q.id)?.get(unit).cloned();
            if let (Some(now), Some(b)) = (fact.deviation, before.as_ref()) {
                if let Some(then) = b.deviation {
                    let mut line = vec![text(format!(
                        "Förändring sedan {}: {} (från {}",
                        q.label,
                        signed(store, now - then),
                        signed(store, then)
                    ))];
                    line.push(self.notes.cite(&b.provenance));
                    line.push(text("), "));
                    line.push(Span::Marked("beräknad av tertial".into()));
                    items.push(line);
                }
            }
        }
        items.push(labelled(
            "Prognos, avvikelse helår",
            self.forecast(unit, &fact)?,
        ));
        let development = store.cost_development(&self.period.id, unit, &fact)?;
        let mut line = self.figure(development.map(|d| percent(d.pct)), &fact);
        if development.is_some_and(|d| d.from_line) {
            // The line's own source is the total's report; say which line.
            line.insert(1, text(" (på raden verksamhetens nettokostnad)"));
        }
        items.push(labelled("Nettokostnadsutveckling", line));
        if fact.budget.is_some() {
            items.push(labelled(
                "Budget hittills",
                self.figure(
                    fact.budget.map(|b| format_money_exact(b, store.money_unit)),
                    &fact,
                ),
            ));
        }
        if fact.outcome.is_some() {
            items.push(labelled(
                "Utfall hittills",
                self.figure(
                    fact.outcome
                        .map(|b| format_money_exact(b, store.money_unit)),
                    &fact,
                ),
            ));
        }
        let mut blocks = vec![Block::List(items)];
        if let (Some(deviation), Some(months)) = (fact.deviation, self.months())
            && months < 12
            && let Some(projected) = linear_projection(deviation, months)
        {
            blocks.push(Block::Paragraph(vec![
                Span::Marked(
                    "Beräknad helårsavvikelse (tertials uträkning, inte nämndens prognos): ".into(),
                ),
                text(format!(
                    "{} ÷ {months} månader × 12 = {}. Avvikelsen hittills i samma takt året ut; \
                     säsongsvariationer och beslutade åtgärder räknas inte in.",
                    signed(store, deviation),
                    signed(store, projected)
                )),
            ]));
        }
        if let Some(analysis) = &fact.analysis {
            let mut who = vec![text(format!("Källans analys, {}", store.unit_name(unit)))];
            who.push(self.notes.cite(&fact.provenance));
            blocks.push(Block::Quote {
                who,
                text: analysis.clone(),
            });
        }
        Ok(Section {
            heading: "Ekonomiskt resultat".into(),
            blocks,
        })
    }

    fn months(&self) -> Option<u32> {
        self.period.end_date.map(|d| d.month())
    }

    /// The period's own forecast, or the latest earlier one of the year,
    /// said so.
    fn forecast(&mut self, unit: &str, fact: &Fact) -> data::Result<Line> {
        if let Some(forecast) = fact.forecast_deviation {
            let value = Some(signed(self.store, forecast));
            return Ok(
                match self.store.forecast_source(&self.period.id, unit, None)? {
                    Some(source) => self.figure_from(value, &source),
                    None => self.figure(value, fact),
                },
            );
        }
        let carried = self.store.carried_forecasts(self.period)?;
        Ok(match carried.get(unit) {
            Some(c) => {
                let mut line = vec![text(format!(
                    "{} (enligt {})",
                    signed(self.store, c.value),
                    self.period_label(&c.period_id)
                ))];
                if c.provenance.illustrative {
                    line.push(Span::Marked(" (illustrativ)".into()));
                }
                line.push(self.notes.cite(&c.provenance));
                line
            }
            None => vec![text("uppgift saknas")],
        })
    }

    /// A table of lines (name, deviation, forecast) with the source's
    /// analysis of each line below it.
    fn deviation_table(
        &mut self,
        first: &str,
        lines: Vec<(String, Fact, Option<Provenance>)>,
        forecasts: bool,
    ) -> Vec<Block> {
        let store = self.store;
        let mut header = vec![first.to_string(), "Avvikelse".to_string()];
        if forecasts {
            header.push("Prognos helår".into());
        }
        let right = header.iter().enumerate().map(|(i, _)| i > 0).collect();
        let mut rows = Vec::new();
        let mut quotes = Vec::new();
        for (name, fact, forecast_source) in lines {
            let mut row = vec![vec![text(name.clone())]];
            row.push(self.figure(fact.deviation.map(|d| signed(store, d)), &fact));
            if forecasts {
                let forecast = fact.forecast_deviation.map(|d| signed(store, d));
                row.push(self.figure_from(
                    forecast,
                    forecast_source.as_ref().unwrap_or(&fact.provenance),
                ));
            }
            rows.push(row);
            if let Some(analysis) = &fact.analysis {
                let mut who = vec![text(name)];
                who.push(self.notes.cite(&fact.provenance));
                quotes.push(Block::Quote {
                    who,
                    text: analysis.clone(),
                });
            }
        }
        let mut blocks = vec![Block::Table {
            header,
            right,
            rows,
        }];
        blocks.extend(quotes);
        blocks
    }

    fn frames(&mut self, top: &str) -> data::Result<Section> {
        let store = self.store;
        let totals = store.totals(&self.period.id)?;
        // (unit, name, figures)
        let mut lines: Vec<(&str, String, Fact)> = store
            .org
            .iter()
            .filter(|u| u.kind == Some(crate::domain::vocab::OrgKind::Frame))
            .filter(|u| store.org_ancestors(&u.id).iter().any(|a| a.id == top))
            .filter_map(|u| Some((u.id.as_str(), u.name.clone(), totals.get(&u.id)?.clone())))
            .filter(|(_, _, f)| f.deviation.is_some())
            .collect();
        let mut heading = "Avvikelser per politisk ram".to_string();
        if lines.is_empty() {
            heading = format!("Avvikelser inom {}", store.short_name(top));
            lines = store
                .org
                .iter()
                .filter(|u| u.parent_id.as_deref() == Some(top))
                .filter_map(|u| Some((u.id.as_str(), u.name.clone(), totals.get(&u.id)?.clone())))
                .filter(|(_, _, f)| f.deviation.is_some())
                .collect();
        }
        lines.sort_by(|a, b| a.2.deviation.cmp(&b.2.deviation).then(a.1.cmp(&b.1)));
        let forecasts = lines.iter().any(|(_, _, f)| f.forecast_deviation.is_some());
        let mut sourced = Vec::with_capacity(lines.len());
        for (unit, name, fact) in lines {
            let source = match fact.forecast_deviation {
                Some(_) => store.forecast_source(&self.period.id, unit, None)?,
                None => None,
            };
            sourced.push((name, fact, source));
        }
        let blocks = if sourced.is_empty() {
            vec![text_paragraph("Inga uppgifter per ram för perioden.")]
        } else {
            self.deviation_table("Ram", sourced, forecasts)
        };
        Ok(Section { heading, blocks })
    }

    fn cost_types(&mut self, top: &str) -> data::Result<Section> {
        const LARGEST: usize = 5;
        let store = self.store;
        let facts = store.by_cost_type(&self.period.id, top)?;
        // Every line the report states below net cost and revenue and costs
        // as a whole (a line and one of its parts may both be listed, as the
        // report states both), in the cost tree's order among equals.
        let mut lines: Vec<(String, Fact)> = store
            .cost_types
            .iter()
            .filter(|c| store.cost_ancestors(&c.id).len() >= 2)
            .filter_map(|c| Some((c.name.clone(), facts.get(&c.id)?.clone())))
            .filter(|(_, f)| f.deviation.is_some_and(|d| d < 0))
            .collect();
        lines.sort_by_key(|(_, f)| f.deviation);
        lines.truncate(LARGEST);
        let blocks = if lines.is_empty() {
            vec![text_paragraph(
                "Inga underskott per kostnadsslag för perioden.",
            )]
        } else {
            let lines = lines.into_iter().map(|(n, f)| (n, f, None)).collect();
            self.deviation_table("Kostnadsslag", lines, false)
        };
        Ok(Section {
            heading: format!(
                "Största underskott per kostnadsslag, {}",
                store.short_name(top)
            ),
            blocks,
        })
    }

    /// A judgement's words, and the report it comes from when earlier.
    fn judged(&mut self, name: String, a: &Assessment) -> (Vec<Line>, Option<Block>) {
        let word = |j: Option<Judgement>| j.map_or("–".to_string(), |j| j.label().to_string());
        let mut nulage = vec![text(word(a.nulage))];
        nulage.push(self.notes.cite(&a.provenance));
        let per = if a.period_id == self.period.id {
            String::new()
        } else {
            self.period_label(&a.period_id)
        };
        let mut name_line = vec![text(name.clone())];
        if a.provenance.illustrative {
            name_line.push(Span::Marked(" (illustrativ)".into()));
        }
        let row = vec![
            name_line,
            nulage,
            vec![text(word(a.prognos))],
            vec![text(per)],
        ];
        let quote = a.analysis.as_ref().map(|analysis| {
            let mut who = vec![text(name)];
            who.push(self.notes.cite(&a.provenance));
            Block::Quote {
                who,
                text: analysis.clone(),
            }
        });
        (row, quote)
    }

    fn goals(&mut self) -> data::Result<Section> {
        let tree: GoalTree = self.store.goal_tree(self.period)?;
        let mut blocks = Vec::new();
        for (wanted, heading) in [
            (Judgement::Not, "Röda: uppfylls inte"),
            (Judgement::Partial, "Gula: uppfylls delvis"),
        ] {
            let is = |a: &Assessment| a.nulage == Some(wanted) || a.prognos == Some(wanted);
            // Red wins: a node red now or in forecast is listed as red only.
            let red = |a: &Assessment| {
                wanted == Judgement::Partial
                    && (a.nulage == Some(Judgement::Not) || a.prognos == Some(Judgement::Not))
            };
            let mut rows = Vec::new();
            let mut quotes = Vec::new();
            for g in &tree.goals {
                if let Some(a) = g.assessment.as_ref().map(|a| &a.judgements)
                    && is(a)
                    && !red(a)
                {
                    let (row, quote) = self.judged(format!("{} {}", g.number, g.title), a);
                    rows.push(row);
                    quotes.extend(quote);
                }
                for s in &g.subgoals {
                    if let Some(a) = &s.assessment
                        && is(a)
                        && !red(a)
                    {
                        let name = match &s.code {
                            Some(code) => format!("{} {code}: {}", s.owner, s.text),
                            None => format!("{}: {}", s.owner, s.text),
                        };
                        let (row, quote) = self.judged(name, a);
                        rows.push(row);
                        quotes.extend(quote);
                    }
                }
            }
            blocks.push(Block::Paragraph(vec![Span::Marked(heading.into())]));
            if rows.is_empty() {
                blocks.push(text_paragraph("Inga."));
                continue;
            }
            blocks.push(Block::Table {
                header: ["Mål / delmål", "Nuläge", "Prognos", "Bedömt"]
                    .map(String::from)
                    .to_vec(),
                right: vec![false; 4],
                rows,
            });
            blocks.extend(quotes);
        }
        if !tree.has_assessments() {
            blocks = vec![text_paragraph(&format!(
                "Inga målbedömningar i år t.o.m. {}.",
                self.period.label
            ))];
        }
        Ok(Section {
            heading: "Mål och delmål som inte uppfylls helt".into(),
            blocks,
        })
    }

    fn directives(&mut self) -> data::Result<Section> {
        let listed = self.store.directives_for_period(self.period)?;
        let before = match self.compare {
            Some(q) => Some(self.store.statuses_of_period(q)?),
            None => None,
        };
        let end = self.period.end_date;
        let mut groups: [(String, Vec<Line>, Vec<Block>); 3] = [
            ("Klara med avvikelse".into(), Vec::new(), Vec::new()),
            (
                "Försenade: slutdatum passerat vid periodens slut".into(),
                Vec::new(),
                Vec::new(),
            ),
            (
                match self.compare {
                    Some(q) => format!("Sämre status än {}", q.label),
                    None => "Sämre status än jämförelseperioden".into(),
                },
                Vec::new(),
                Vec::new(),
            ),
        ];
        for l in &listed {
            let d = &l.directive;
            let status = l.status.as_ref().and_then(|s| s.status);
            // Ej angiven: not known to be undone, so never called late.
            let done = matches!(
                status,
                Some(
                    DirectiveStatus::Done
                        | DirectiveStatus::DoneWithDeviation
                        | DirectiveStatus::NotStated
                )
            );
            let late = !done && d.end_date.zip(end).is_some_and(|(e, p)| e <= p);
            let worse = match (&before, status) {
                (Some(b), Some(now)) => {
                    b.get(&d.id)
                        .and_then(|s| s.status)
                        .and_then(|then| crate::domain::change::status_shift(then, now))
                        == Some(Shift::Worse)
                }
                _ => false,
            };
            let which = if status == Some(DirectiveStatus::DoneWithDeviation) {
                0
            } else if late {
                1
            } else if worse {
                2
            } else {
                continue;
            };
            let provenance = l.status.as_ref().map_or(&d.provenance, |s| &s.provenance);
            let mut line = vec![text(d.title.clone())];
            line.push(text(format!(
                ": {}",
                status.map_or("status saknas", DirectiveStatus::label)
            )));
            if let Some(s) = &l.status
                && s.period_id != self.period.id
            {
                line.push(text(format!(
                    " (enligt {})",
                    self.period_label(&s.period_id)
                )));
            }
            if let Some(e) = d.end_date {
                line.push(text(format!(", slutdatum {e}")));
            }
            line.push(self.notes.cite(provenance));
            groups[which].1.push(line);
            if let Some(analysis) = l.status.as_ref().and_then(|s| s.analysis.as_ref()) {
                let mut who = vec![text(d.title.clone())];
                who.push(self.notes.cite(provenance));
                groups[which].2.push(Block::Quote {
                    who,
                    text: analysis.clone(),
                });
            }
        }
        let mut blocks = Vec::new();
        for (heading, items, quotes) in groups {
            blocks.push(Block::Paragraph(vec![Span::Marked(heading)]));
            if items.is_empty() {
                blocks.push(text_paragraph("Inga."));
            } else {
                blocks.push(Block::List(items));
                blocks.extend(quotes);
            }
        }
        Ok(Section {
            heading: "Uppdrag".into(),
            blocks,
        })
    }

    fn notices(&mut self) -> data::Result<Section> {
        let notices = self.store.notices(&self.period.id)?;
        let items: Vec<Line> = notices
            .iter()
            .map(|n| {
                let mut line = Vec::new();
                if let Some(unit) = &n.org_unit_id {
                    line.push(text(format!("{}: ", self.store.short_name(unit))));
                }
                // A report that contradicts itself: both values, each
                // cited to its own place.
                if let (Some(_), Some(both)) = (n.contradiction(), n.places.as_deref()) {
                    let value = |v: &Option<String>| v.clone().unwrap_or("ej angivet".into());
                    line.push(Span::Marked("Motsägelse i källan".into()));
                    line.push(text(format!(": {}", value(&both.stated))));
                    line.push(self.notes.cite(&n.provenance));
                    line.push(text(format!(" mot {}", value(&both.other_stated))));
                    line.push(
                        self.notes
                            .cite(both.other_source.as_ref().unwrap_or(&n.provenance)),
                    );
                    line.push(text(". "));
                }
                line.push(text(n.text.clone()));
                line.push(self.notes.cite(&n.provenance));
                line
            })
            .collect();
        Ok(Section {
            heading: "Datakvalitet".into(),
            blocks: vec![if items.is_empty() {
                text_paragraph("Inga noteringar om datakvaliteten för perioden.")
            } else {
                Block::List(items)
            }],
        })
    }

    fn changes(&mut self) -> data::Result<Section> {
        let Some(q) = self.compare else {
            return Ok(Section {
                heading: "Förändringar".into(),
                blocks: vec![text_paragraph(&format!(
                    "Ingen jämförelseperiod: ögonblicksbilden har ingen tidigare rapport i \
                     {} före {}.",
                    self.period.year, self.period.label
                ))],
            });
        };
        let store = self.store;
        let changes = store.changes(self.period, q)?;
        let judged = Judged {
            now: store.goal_tree(self.period)?,
            before: store.goal_tree(q)?,
            statuses_now: store.statuses_of_period(self.period)?,
            statuses_before: store.statuses_of_period(q)?,
        };
        let mut items = Vec::new();
        for change in &changes {
            items.push(self.change(q, change, &judged)?);
        }
        let mut blocks = vec![Block::Paragraph(vec![
            text(format!(
                "Allt som ändrats mellan {} och {}, det sämsta först. Avvikelser och \
                 helårsprognoser listas på alla nivåer, per enhet och kostnadsslag, där båda \
                 rapporterna anger siffran och den rört sig minst 1 mkr och 5 %; \
                 förändringarna är ",
                q.label, self.period.label
            )),
            Span::Marked("beräknade av tertial".into()),
            text(" ur de två rapporternas siffror."),
        ])];
        blocks.push(if items.is_empty() {
            text_paragraph("Inga förändringar.")
        } else {
            Block::List(items)
        });
        Ok(Section {
            heading: format!("Förändringar sedan {}", q.label),
            blocks,
        })
    }

    /// "X → Y" with each side's note, where its source is known.
    fn moved(
        &mut self,
        head: String,
        (before, was): (&str, Option<&Provenance>),
        (now, is): (&str, Option<&Provenance>),
        tail: String,
    ) -> Line {
        let mut line = vec![text(format!("{head}{before}"))];
        line.extend(was.map(|p| self.notes.cite(p)));
        line.push(text(format!(" → {now}")));
        line.extend(is.map(|p| self.notes.cite(p)));
        line.push(text(tail));
        line
    }

    fn change(&mut self, q: &Period, change: &Change, judged: &Judged) -> data::Result<Line> {
        let store = self.store;
        Ok(match change {
            Change::Deviation {
                unit,
                cost_type,
                figure,
                before,
                now,
            } => {
                let what = match figure {
                    Figure::Deviation => "avvikelse",
                    Figure::Forecast => "prognos helår",
                };
                let name = store.line_name(unit, cost_type.as_deref());
                let (fact_now, fact_before) = match cost_type {
                    Some(ct) => (
                        store.fact(&self.period.id, unit, Some(ct))?,
                        store.fact(&q.id, unit, Some(ct))?,
                    ),
                    None => (
                        store.totals(&self.period.id)?.get(unit).cloned(),
                        store.totals(&q.id)?.get(unit).cloned(),
                    ),
                };
                let mut line = vec![text(format!("{name}: {what} {}", signed(store, *before)))];
                if let Some(f) = &fact_before {
                    line.push(self.notes.cite(&f.provenance));
                }
                line.push(text(format!(" → {}", signed(store, *now))));
                if let Some(f) = &fact_now {
                    line.push(self.notes.cite(&f.provenance));
                }
                line.push(text(format!(" ({}, ", signed(store, now - before))));
                line.push(Span::Marked("beräknad".into()));
                line.push(text(")"));
                line
            }
            Change::Light {
                node,
                name,
                before,
                now,
                shift,
            } => self.moved(
                format!("{name}: "),
                (before.label(), node_source(&judged.before, node)),
                (now.label(), node_source(&judged.now, node)),
                format!(" ({})", shift.word()),
            ),
            Change::Status {
                directive,
                title,
                before,
                now,
                shift,
            } => self.moved(
                format!("{title}: "),
                (
                    before.label(),
                    judged.statuses_before.get(directive).map(|s| &s.provenance),
                ),
                (
                    now.label(),
                    judged.statuses_now.get(directive).map(|s| &s.provenance),
                ),
                format!(" ({})", shift.word()),
            ),
            Change::Overdue { title, end, .. } => {
                vec![text(format!(
                    "{title}: slutdatum {end} har passerats, inte klart"
                ))]
            }
            Change::Notice(n) => {
                // A contradiction leads with its two values, as the
                // cockpit's captions do; the text says where they stand.
                let both = n
                    .places
                    .as_deref()
                    .filter(|_| n.kind == crate::domain::vocab::NoticeKind::Contradiction);
                let said = match both.map(|b| (b.stated.as_deref(), b.other_stated.as_deref())) {
                    Some((Some(here), Some(there))) => {
                        format!("Ny notering: motsägelse, {here} mot {there}. {}", n.text)
                    }
                    _ => format!("Ny notering: {}", n.text),
                };
                let mut line = vec![text(said)];
                line.push(self.notes.cite(&n.provenance));
                line
            }
        })
    }
}

/// What the changes' judgements come from, in both periods.
struct Judged {
    now: GoalTree,
    before: GoalTree,
    statuses_now: Rc<HashMap<String, StatusReport>>,
    statuses_before: Rc<HashMap<String, StatusReport>>,
}

/// The source of a goal tree node's judgement or value (`goal:ID`,
/// `subgoal:ID`, `indicator:ID`, as [`Change::Light`] names it).
fn node_source<'t>(tree: &'t GoalTree, node: &str) -> Option<&'t Provenance> {
    let (kind, id) = node.split_once(':')?;
    match kind {
        "goal" => tree
            .goal(id)?
            .assessment
            .as_ref()
            .map(|a| &a.judgements.provenance),
        "subgoal" => tree
            .subgoal(id)?
            .1
            .assessment
            .as_ref()
            .map(|a| &a.provenance),
        "indicator" => tree.indicator(id)?.2.value.as_ref().map(|v| &v.provenance),
        _ => None,
    }
}
