//! The report's sections on what format version 4 added: key figures
//! broken down by group (staff, sick leave), lines that state their change
//! against last year (taxes and general grants), the investment report and
//! the board's planned changes for the next plan year. Each section is
//! left out when the period has nothing for it, so an older snapshot's
//! draft is as before.

use super::{Builder, Line, Section, signed, text};
use crate::data::{self, kpi::Kpi};
use crate::domain::number::format_sv;
use crate::report::{Block, Span};

impl Builder<'_> {
    /// The sections, in the order the report reads them.
    pub(super) fn plans_and_staff(&mut self) -> data::Result<Vec<Section>> {
        let mut sections = Vec::new();
        sections.extend(self.groups()?);
        sections.extend(self.stated_changes()?);
        sections.extend(self.investments()?);
        sections.extend(self.planned()?);
        Ok(sections)
    }

    /// A value with its span and note: "6,3 % (utan angiven mätperiod) [n]".
    fn kpi_line(&mut self, kpi: &Kpi) -> Option<Line> {
        let figure = kpi.as_of(self.period, &self.store.periods);
        let latest = figure.latest?;
        let value = latest.value.map_or("–".to_string(), |v| {
            let n = format_sv(v, v.scale(), false);
            let unit = kpi.unit.as_deref();
            match unit.filter(|u| !u.is_empty() && !u.eq_ignore_ascii_case("antal")) {
                Some(u) => format!("{n} {u}"),
                None => n,
            }
        });
        let mut line = vec![text(format!("{}: {value} ({})", kpi.name, latest.label))];
        if latest.provenance.illustrative {
            line.push(Span::Marked(" (illustrativ)".into()));
        }
        line.push(self.notes.cite(&latest.provenance));
        Some(line)
    }

    /// Every key figure of the period that breaks down by group, with its
    /// groups (each with its own span: *utan angiven mätperiod* where the
    /// source gives none).
    fn groups(&mut self) -> data::Result<Option<Section>> {
        let store = self.store;
        let mut blocks = Vec::new();
        for figure in store.kpis_as_of(self.period)? {
            let kpi = figure.kpi;
            if kpi.parent_id.is_some() {
                continue;
            }
            // Its groups, and theirs, depth first; a deeper group is set
            // in by a dot per level.
            let mut lines: Vec<Line> = Vec::new();
            let mut stack: Vec<(usize, &Kpi)> = store
                .kpi_parts(&kpi.id)?
                .into_iter()
                .rev()
                .map(|p| (0, p))
                .collect();
            // Bounded: a cycle of parents in a hostile file ends.
            let mut budget = store.kpis()?.len();
            while let Some((depth, part)) = stack.pop() {
                if budget == 0 {
                    break;
                }
                budget -= 1;
                if let Some(mut line) = self.kpi_line(part) {
                    if depth > 0 {
                        line.insert(0, text("· ".repeat(depth.min(8))));
                    }
                    lines.push(line);
                }
                let deeper = store.kpi_parts(&part.id)?;
                stack.extend(deeper.into_iter().rev().map(|p| (depth + 1, p)));
            }
            if lines.is_empty() {
                continue;
            }
            if let Some(head) = self.kpi_line(kpi) {
                blocks.push(Block::Paragraph(head));
            }
            blocks.push(Block::List(lines));
        }
        Ok((!blocks.is_empty()).then(|| Section {
            heading: "Personal och sjukfrånvaro per grupp".into(),
            blocks,
        }))
    }

    /// Lines that state their change against the same period last year.
    fn stated_changes(&mut self) -> data::Result<Option<Section>> {
        let store = self.store;
        let changes = store.stated_changes(&self.period.id)?;
        let mut lines = Vec::new();
        for c in changes {
            let what = c
                .cost_type_id
                .as_deref()
                .map_or("totalt".to_string(), |id| {
                    store
                        .cost_type(id)
                        .map_or(id.to_string(), |t| t.name.clone())
                });
            let pct = c
                .pct
                .map_or(String::new(), |p| format!(" ({})", super::percent(p)));
            let mut line = vec![text(format!(
                "{}, {what}: {}{pct} mot samma period föregående år",
                store.short_name(&c.org_unit_id),
                signed(store, c.change)
            ))];
            line.push(self.notes.cite(&c.provenance));
            lines.push(line);
        }
        Ok((!lines.is_empty()).then(|| Section {
            heading: "Förändring mot föregående år enligt rapporten".into(),
            blocks: vec![Block::List(lines)],
        }))
    }

    /// The investment report as of the period, each line with its note.
    fn investments(&mut self) -> data::Result<Option<Section>> {
        let store = self.store;
        let Some(report) = store.investments_as_of(self.period)? else {
            return Ok(None);
        };
        let amount = |kr: Option<i64>| {
            kr.map_or("–".to_string(), |k| {
                crate::domain::money::format_money_exact(k, store.money_unit)
            })
        };
        let deviation = |kr: Option<i64>| kr.map_or("–".to_string(), |k| signed(store, k));
        let mut rows = Vec::new();
        for line in &report.lines {
            let indent = "\u{a0}\u{a0}".repeat(report.depth(line).min(8));
            let mut name = vec![text(format!("{indent}{}", line.name))];
            if line.provenance.illustrative {
                name.push(Span::Marked(" (illustrativ)".into()));
            }
            name.push(self.notes.cite(&line.provenance));
            rows.push(vec![
                name,
                vec![text(amount(line.outcome))],
                vec![text(amount(line.forecast))],
                vec![text(deviation(line.forecast_deviation))],
            ]);
        }
        let mut blocks = Vec::new();
        if report.period_id != self.period.id {
            blocks.push(Block::Paragraph(vec![text(format!(
                "Enligt {}.",
                self.period_label(&report.period_id)
            ))]));
        }
        blocks.push(Block::Paragraph(vec![text(
            "Utgifter står negativa; en avvikelse är negativ när den är sämre än budget eller plan.",
        )]));
        blocks.push(Block::Table {
            header: ["Post", "Utfall", "Prognos helår", "Prognosavvikelse"]
                .map(String::from)
                .to_vec(),
            right: vec![false, true, true, true],
            rows,
        });
        Ok(Some(Section {
            heading: "Investeringar".into(),
            blocks,
        }))
    }

    /// The snapshot's board's planned changes for the next plan year.
    fn planned(&mut self) -> data::Result<Option<Section>> {
        let store = self.store;
        let Some(board) = store.focus_unit().map(|u| u.id.clone()) else {
            return Ok(None);
        };
        let year = self.period.year + 1;
        let changes = store.planned_changes_of(&board, year)?;
        let mut lines = Vec::new();
        for c in &changes {
            let mut facts = vec![c.kind.map_or("anges ej", |k| k.label()).to_string()];
            if let Some(beds) = c.beds {
                facts.push(format!("{beds:+} vårdplatser"));
            }
            if let Some(posts) = c.posts {
                facts.push(format!(
                    "{} helårstjänster",
                    format_sv(posts, posts.scale(), false)
                ));
            }
            if let Some(when) = &c.decided {
                let by = c
                    .decided_by_id
                    .as_deref()
                    .map_or(String::new(), |b| format!(" av {}", store.short_name(b)));
                facts.push(format!("beslutad{by} {when}"));
            }
            let mut line = vec![text(format!("{} ({})", c.title, facts.join(", ")))];
            if c.provenance.illustrative {
                line.push(Span::Marked(" (illustrativ)".into()));
            }
            line.push(self.notes.cite(&c.provenance));
            lines.push(line);
        }
        Ok((!lines.is_empty()).then(|| Section {
            heading: format!(
                "Planerade förändringar {year}, {}",
                store.short_name(&board)
            ),
            blocks: vec![Block::List(lines)],
        }))
    }
}
