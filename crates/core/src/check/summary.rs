//! What a snapshot holds, in a few lines.

use crate::snapshot::spec::TABLES;
use rusqlite::Connection;
use std::fmt;

/// Counts and labels of a snapshot's content.
#[derive(Debug, Default)]
pub struct Summary {
    pub title: String,
    pub organisation: String,
    pub producer: String,
    pub created_at: String,
    pub money_unit: String,
    pub periods: Vec<String>,
    pub units_by_kind: Vec<(String, i64)>,
    pub cost_types: i64,
    pub economy_facts: i64,
    pub economy_facts_by_period: Vec<(String, i64)>,
    pub frames: i64,
    pub frame_changes: i64,
    pub goals: i64,
    pub goal_assessments: i64,
    pub subgoals: i64,
    pub subgoal_assessments: i64,
    pub indicators: i64,
    pub indicator_values: i64,
    pub directives: i64,
    pub directive_statuses_by_status: Vec<(String, i64)>,
    /// The reports' own judgements of directives (format version 3).
    pub directive_judgements: Vec<(String, i64)>,
    pub bed_series: i64,
    pub bed_months: i64,
    pub bed_span: Option<(String, String)>,
    pub bed_events: i64,
    pub kpis: i64,
    pub kpi_values: i64,
    pub notices: i64,
    /// Investment lines and planned changes (format version 4).
    pub investments: i64,
    pub planned_changes: i64,
    pub sources: i64,
    pub fact_rows: i64,
    pub illustrative_rows: i64,
}

impl Summary {
    pub fn read(conn: &Connection) -> rusqlite::Result<Summary> {
        let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0));
        let text = |key: &str| -> String {
            conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| {
                r.get_ref(0).map(|v| super::value_text_cut(v, "", 200))
            })
            .unwrap_or_default()
        };
        let pairs = |sql: &str| -> rusqlite::Result<Vec<(String, i64)>> {
            let mut stmt = conn.prepare(sql)?;
            let rows = stmt.query_map([], |r| {
                Ok((super::value_text(r.get_ref(0)?, "–"), r.get(1)?))
            })?;
            rows.collect()
        };
        let mut s = Summary {
            title: text("title"),
            organisation: text("organisation"),
            producer: text("producer"),
            created_at: text("created_at"),
            money_unit: text("money_unit"),
            ..Summary::default()
        };
        s.periods = pairs("SELECT label, 0 FROM period ORDER BY end_date, kind")?
            .into_iter()
            .map(|(label, _)| label)
            .collect();
        s.units_by_kind = pairs(
            "SELECT kind, count(*) FROM org_unit GROUP BY kind ORDER BY CASE kind \
             WHEN 'region' THEN 0 WHEN 'council' THEN 1 WHEN 'board' THEN 2 WHEN 'committee' THEN 3 \
             WHEN 'administration' THEN 4 WHEN 'frame' THEN 5 WHEN 'area' THEN 6 ELSE 7 END",
        )?;
        s.cost_types = count("SELECT count(*) FROM cost_type")?;
        s.economy_facts = count("SELECT count(*) FROM economy_fact")?;
        s.economy_facts_by_period = pairs(
            "SELECT p.label, count(f.rowid) FROM period p JOIN economy_fact f ON f.period_id = p.id \
             GROUP BY p.id ORDER BY p.end_date, p.kind",
        )?;
        s.frames = count("SELECT count(*) FROM budget_frame")?;
        s.frame_changes = count("SELECT count(*) FROM frame_change")?;
        s.goals = count("SELECT count(*) FROM goal")?;
        s.goal_assessments = count("SELECT count(*) FROM goal_assessment")?;
        s.subgoals = count("SELECT count(*) FROM subgoal")?;
        s.subgoal_assessments = count("SELECT count(*) FROM subgoal_assessment")?;
        s.indicators = count("SELECT count(*) FROM indicator")?;
        s.indicator_values = count("SELECT count(*) FROM indicator_value")?;
        s.directives = count("SELECT count(*) FROM directive")?;
        s.directive_statuses_by_status = pairs(
            "SELECT status, count(*) FROM directive_status GROUP BY status ORDER BY 2 DESC, 1",
        )?;
        let judged = count(
            "SELECT count(*) FROM pragma_table_info('directive_status') WHERE name = 'judgement'",
        )?;
        if judged > 0 {
            s.directive_judgements = pairs(
                "SELECT judgement, count(*) FROM directive_status WHERE judgement IS NOT NULL \
                 GROUP BY judgement ORDER BY 2 DESC, 1",
            )?;
        }
        s.bed_series = count("SELECT count(DISTINCT org_unit_id) FROM bed_month")?;
        s.bed_months = count("SELECT count(*) FROM bed_month")?;
        s.bed_span = conn.query_row("SELECT min(month), max(month) FROM bed_month", [], |r| {
            Ok(match (r.get_ref(0)?, r.get_ref(1)?) {
                (rusqlite::types::ValueRef::Null, _) => None,
                (a, b) => Some((super::value_text(a, ""), super::value_text(b, ""))),
            })
        })?;
        s.bed_events = count("SELECT count(*) FROM bed_event")?;
        s.kpis = count("SELECT count(*) FROM kpi")?;
        s.kpi_values = count("SELECT count(*) FROM kpi_value")?;
        s.notices = count("SELECT count(*) FROM notice")?;
        s.sources = count("SELECT count(*) FROM source")?;
        // A file of an earlier version may lack a table a later one added.
        let exists = |table: &str| -> rusqlite::Result<bool> {
            conn.query_row("SELECT count(*) FROM pragma_table_info(?1)", [table], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n > 0)
        };
        if exists("investment")? {
            s.investments = count("SELECT count(*) FROM investment")?;
        }
        if exists("planned_change")? {
            s.planned_changes = count("SELECT count(*) FROM planned_change")?;
        }
        for table in TABLES.iter().filter(|t| t.provenance) {
            if !exists(table.name)? {
                continue;
            }
            s.fact_rows += count(&format!("SELECT count(*) FROM \"{}\"", table.name))?;
            s.illustrative_rows += count(&format!(
                "SELECT count(*) FROM \"{}\" WHERE illustrative = 1",
                table.name
            ))?;
        }
        Ok(s)
    }
}

fn list(pairs: &[(String, i64)]) -> String {
    pairs
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} — {}", self.title, self.organisation)?;
        writeln!(
            f,
            "  produced by {}, {}; money shown in {}",
            self.producer, self.created_at, self.money_unit
        )?;
        writeln!(
            f,
            "  periods       {}: {}",
            self.periods.len(),
            self.periods.join(", ")
        )?;
        let units: i64 = self.units_by_kind.iter().map(|(_, n)| n).sum();
        writeln!(f, "  org units     {units} ({})", list(&self.units_by_kind))?;
        writeln!(f, "  cost types    {}", self.cost_types)?;
        writeln!(
            f,
            "  economy facts {} ({})",
            self.economy_facts,
            list(&self.economy_facts_by_period)
        )?;
        writeln!(
            f,
            "  budget frames {} with {} changes in their bridges",
            self.frames, self.frame_changes
        )?;
        writeln!(
            f,
            "  goals         {} goals ({} assessments), {} delmål ({} assessments), {} indicators ({} values)",
            self.goals,
            self.goal_assessments,
            self.subgoals,
            self.subgoal_assessments,
            self.indicators,
            self.indicator_values
        )?;
        writeln!(
            f,
            "  directives    {} (statuses: {})",
            self.directives,
            list(&self.directive_statuses_by_status)
        )?;
        if !self.directive_judgements.is_empty() {
            writeln!(
                f,
                "                judged by the reports: {}",
                list(&self.directive_judgements)
            )?;
        }
        let span = self
            .bed_span
            .as_ref()
            .map(|(a, b)| format!(", {a} – {b}"))
            .unwrap_or_default();
        writeln!(
            f,
            "  bed series    {} units, {} months{span}, {} events",
            self.bed_series, self.bed_months, self.bed_events
        )?;
        writeln!(
            f,
            "  KPI series    {} ({} values)",
            self.kpis, self.kpi_values
        )?;
        writeln!(f, "  notices       {}", self.notices)?;
        if self.investments + self.planned_changes > 0 {
            writeln!(
                f,
                "  plans         {} investment lines, {} planned changes",
                self.investments, self.planned_changes
            )?;
        }
        let share = if self.fact_rows == 0 {
            0.0
        } else {
            100.0 * self.illustrative_rows as f64 / self.fact_rows as f64
        };
        write!(
            f,
            "  provenance    {} sources; {} of {} fact rows illustrative ({})",
            self.sources,
            self.illustrative_rows,
            self.fact_rows,
            crate::domain::number::format_sv(
                rust_decimal::Decimal::from_f64_retain(share).unwrap_or_default(),
                1,
                false
            ) + " %"
        )
    }
}
