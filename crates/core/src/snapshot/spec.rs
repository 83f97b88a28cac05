//! The snapshot format as data: every table, column, key and reference.
//!
//! One description serves the importer (how to read each CSV column), the
//! checker (what to validate in any file) and a test that keeps
//! `assets/schema.sql` in step with it.

use crate::domain::vocab::{self, Vocab};

/// What a column holds, and so how it is read from CSV and checked in SQLite.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// Free text (names, analysis, identifiers).
    Text,
    /// An integer that is not money (year, sort order, counts).
    Int,
    /// Whole kronor, `INTEGER`.
    Money,
    /// Canonical decimal text.
    Decimal,
    /// `YYYY-MM-DD`.
    Date,
    /// `YYYY-MM`.
    Month,
    /// `YYYY-MM-DD`, or `YYYY-MM` where the source gives only the month.
    DayOrMonth,
    /// 0 or 1.
    Flag,
    /// A code from a closed vocabulary.
    Vocab(&'static Vocab),
}

impl Kind {
    /// What a value of this kind looks like, for messages.
    pub fn expectation(self) -> String {
        match self {
            Kind::Text => "text".into(),
            Kind::Int => "a whole number".into(),
            Kind::Money => "an amount of money".into(),
            Kind::Decimal => "a number".into(),
            Kind::Date => "a date as YYYY-MM-DD".into(),
            Kind::Month => "a month as YYYY-MM".into(),
            Kind::DayOrMonth => "a date as YYYY-MM-DD, or a month as YYYY-MM".into(),
            Kind::Flag => "a flag: 1/0, ja/nej, true/false".into(),
            Kind::Vocab(v) => format!("a {}: {}", v.name, v.describe()),
        }
    }

    /// The SQLite storage class a stored value must have.
    pub fn storage(self) -> &'static str {
        match self {
            Kind::Int | Kind::Money | Kind::Flag => "integer",
            _ => "text",
        }
    }
}

#[derive(Debug)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// The format version that added the column: a file of an earlier
    /// version may lack it, and readers then take it as NULL everywhere.
    pub since: i64,
}

/// `columns` of a row refer to `target` columns of a row in `table`.
#[derive(Debug)]
pub struct Reference {
    pub columns: &'static [&'static str],
    pub table: &'static str,
    pub target: &'static [&'static str],
}

#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [Column],
    /// Columns that identify a row; NULL counts as a value. Empty: no key.
    pub key: &'static [&'static str],
    pub references: &'static [Reference],
    /// Carries `source_id` and `illustrative`.
    pub provenance: bool,
    /// Must be present as a CSV file on import.
    pub csv_required: bool,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// The columns quoted and separated by commas, for SQL: `"id", "name"`.
    pub fn column_list(&self) -> String {
        let quoted: Vec<String> = self
            .columns
            .iter()
            .map(|c| format!("\"{}\"", c.name))
            .collect();
        quoted.join(", ")
    }
}

/// The format version this build reads and writes. It reads every earlier
/// version too: a column added later ([`Column::since`]) may be missing from
/// an older file.
pub const FORMAT_VERSION: i64 = 4;

/// The largest value a snapshot may hold, in bytes. Readers refuse larger
/// values before loading them (SQLite's length limit), so a hostile cell
/// cannot take the reader's memory; `check` names such rows.
pub const MAX_VALUE_BYTES: usize = 1_000_000;

/// The DDL of the format, as documented.
pub const SCHEMA_SQL: &str = include_str!("../../../../assets/schema.sql");

/// Keys every snapshot's `meta` table must have.
pub const META_KEYS: &[&str] = &[
    "title",
    "organisation",
    "producer",
    "created_at",
    "money_unit",
    "language",
];

const fn col(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        required: false,
        since: 1,
    }
}

const fn req(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        required: true,
        since: 1,
    }
}

/// An optional column added in format version `since`.
const fn added(name: &'static str, kind: Kind, since: i64) -> Column {
    Column {
        name,
        kind,
        required: false,
        since,
    }
}

const fn to(
    columns: &'static [&'static str],
    table: &'static str,
    target: &'static [&'static str],
) -> Reference {
    Reference {
        columns,
        table,
        target,
    }
}

const SOURCE: Column = col("source_id", Kind::Text);
const ILLUSTRATIVE: Column = col("illustrative", Kind::Flag);
const TO_SOURCE: Reference = to(&["source_id"], "source", &["id"]);
const TO_PERIOD: Reference = to(&["period_id"], "period", &["id"]);

use Kind::{Date, DayOrMonth, Decimal, Int, Money, Month, Text};

/// Every table of the format, in an order where references point backwards
/// (the order of the import).
pub static TABLES: &[Table] = &[
    Table {
        name: "meta",
        columns: &[req("key", Text), req("value", Text)],
        key: &["key"],
        references: &[],
        provenance: false,
        csv_required: true,
    },
    Table {
        name: "source",
        columns: &[
            req("id", Text),
            req("document", Text),
            col("published", Date),
            col("section", Text),
            col("page", Int),
            col("locator", Text),
        ],
        key: &["id"],
        references: &[],
        provenance: false,
        csv_required: false,
    },
    Table {
        name: "period",
        columns: &[
            req("id", Text),
            req("kind", Kind::Vocab(&vocab::PERIOD_KIND)),
            req("end_date", Date),
            req("label", Text),
            req("year", Int),
        ],
        key: &["id"],
        references: &[],
        provenance: false,
        csv_required: true,
    },
    Table {
        name: "org_unit",
        columns: &[
            req("id", Text),
            col("parent_id", Text),
            req("kind", Kind::Vocab(&vocab::ORG_KIND)),
            req("name", Text),
            col("short_name", Text),
            col("sort_order", Int),
        ],
        key: &["id"],
        references: &[to(&["parent_id"], "org_unit", &["id"])],
        provenance: false,
        csv_required: true,
    },
    Table {
        name: "cost_type",
        columns: &[
            req("id", Text),
            col("parent_id", Text),
            req("grp", Kind::Vocab(&vocab::COST_GROUP)),
            req("name", Text),
            col("sort_order", Int),
        ],
        key: &["id"],
        references: &[to(&["parent_id"], "cost_type", &["id"])],
        provenance: false,
        csv_required: false,
    },
    Table {
        name: "economy_fact",
        columns: &[
            req("period_id", Text),
            req("org_unit_id", Text),
            col("cost_type_id", Text),
            col("budget", Money),
            col("outcome", Money),
            col("deviation", Money),
            col("outcome_prev_year", Money),
            col("cost_development_pct", Decimal),
            col("budget_full_year", Money),
            col("forecast_deviation", Money),
            col("org_breakdown", Kind::Vocab(&vocab::BREAKDOWN)),
            col("cost_breakdown", Kind::Vocab(&vocab::BREAKDOWN)),
            col("analysis", Text),
            SOURCE,
            ILLUSTRATIVE,
            added("forecast_source_id", Text, 3),
        ],
        key: &["period_id", "org_unit_id", "cost_type_id"],
        references: &[
            TO_PERIOD,
            to(&["org_unit_id"], "org_unit", &["id"]),
            to(&["cost_type_id"], "cost_type", &["id"]),
            TO_SOURCE,
            to(&["forecast_source_id"], "source", &["id"]),
        ],
        provenance: true,
        csv_required: false,
    },
    Table {
        name: "budget_frame",
        columns: &[
            req("year", Int),
            req("board_id", Text),
            col("opening", Money),
            col("decided", Money),
            col("proposed", Money),
            col("note", Text),
            SOURCE,
            ILLUSTRATIVE,
            added("proposed_source_id", Text, 2),
        ],
        key: &["year", "board_id"],
        references: &[
            to(&["board_id"], "org_unit", &["id"]),
            TO_SOURCE,
            to(&["proposed_source_id"], "source", &["id"]),
        ],
        provenance: true,
        csv_required: false,
    },
    Table {
        name: "frame_change",
        columns: &[
            req("year", Int),
            req("board_id", Text),
            req("seq", Int),
            req("label", Text),
            col("amount", Money),
            req("kind", Kind::Vocab(&vocab::CHANGE_KIND)),
            col("description", Text),
            SOURCE,
            ILLUSTRATIVE,
        ],
        key: &["year", "board_id", "seq"],
        references: &[
            to(&["year", "board_id"], "budget_frame", &["year", "board_id"]),
            TO_SOURCE,
        ],
        provenance: true,
        csv_required: false,
    },
    Table {
        name: "goal",
        columns: &[
            req("id", Text),
            req("number", Text),
            req("title", Text),
            req("kind", Kind::Vocab(&vocab::GOAL_KIND)),
            col("description", Text),
            col("sort_order", Int),
        ],
        key: &["id"],
        references: &[],
        provenance: false,
        csv_required: false,
    },
    Table {
        name: "goal_assessment",
        columns: &[
            req("period_id", Text),
            req("goal_id", Text),
            col("nulage", Kind::Vocab(&vocab::JUDGEMENT)),
            col("prognos", Kind::Vocab(&vocab::JUDGEMENT)),
            col("subgoals_total", Int),
            col("subgoals_assessed", Int),
            col("subgoals_full", Int),
            col("subgoals_partial", Int),
            col("subgoals_not", Int),
            col("indicators_total", Int),
            col("indicators_assessed", Int),
            col("indicators_full", Int),
            col("indicators_partial", Int),
            col("indicators_not", Int),
            col("analysis", Text),
            SOURCE,
            ILLUSTRATIVE,
        ],
        key: &["period_id", "goal_id"],
        references: &[TO_PERIOD, to(&["goal_id"], "goal", &["id"]), TO_SOURCE],
        provenance: true,
        csv_required: false,
    },
    Table {
        name: "subgoal",
        columns: &[
            req("id", Text),
            req("goal_id", Text),
            req("owner_id", Text),
            col("year", Int),
            col("code", Text),
            req("text", Text),
            col("sort_order", Int),
        ],
        key: &["id"],
        references: &[
            to(&["goal_id"], "goal", &["id"]),
            to(&["owner_id"], "org_unit", &["id"]),
        ],
        provenance: false,
        csv_required: false,
    },
    Table {
        name: "subgoal_assessment",
        columns: &[
            req("period_id", Text),
            req("subgoal_id", Text),
            col("nulage", Kind::Vocab(&vocab::JUDGEMENT)),
            col("prognos", Kind::Vocab(&vocab::JUDGEMENT)),
            col("analysis", Text),
            SOURCE,
            ILLUSTRATIVE,
        ],
        key: &["period_id", "subgoal_id"],
        references: &[
            TO_PERIOD,
            to(&["subgoal_id"], "subgoal", &["id"]),
            TO_SOURCE,
        ],
        provenance: true,
        csv_required: false,
    },
    Table {
        name: "indicator",
        columns: &[
            req("id", Text),
            col("goal_id", Text),
            col("subgoal_id", Text),
            req("name", Text),
            col("unit", Text),
            req("direction", Kind::Vocab(&vocab::DIRECTION)),
            col("target", Decimal),
            col("target_text", Text),
            col("sort_order", Int),
            added("previous_id", Text, 3),
        ],
        key: &["id"],
        references: &[
            to(&["goal_id"], "goal", &["id"]),
            to(&["subgoal_id"], "subgoal", &["id"]),
            to(&["previous_id"], "indicator", &["id"]),
        ],
        provenance: false,
        csv_required: false,
    },
    Table {
        name: "indicator_value",
        columns: &[
            req("period_id", Text),
            req("indicator_id", Text),
            col("value", Decimal),
            col("target", Decimal),
            col("judgement", Kind::Vocab(&vocab::JUDGEMENT)),
            col("analysis", Text),
            SOURCE,
            ILLUSTRATIVE,
            added("forecast", Decimal, 3),
        ],
        key: &["period_id", "indicator_id"],
        references: &[
            TO_PERIOD,
            to(&["indicator_id"], "indicator", &["id"]),
            TO_SOURCE,
        ],
        provenance: true,
        csv_required: false,
    },
    Table {
        name: "directive",
        columns: &[
            req("id", Text),
            // Optional since version 3: a report may not say who gave it.
            col("issuer_id", Text),
            req("title", Text),
            col("text", Text),
            col("rhythm", Text),
            col("year", Int),
            col("end_date", Date),
            col("target_text", Text),
            col("target_value", Decimal),
            col("target_unit", Text),
            col("sort_order", Int),
            SOURCE,
            ILLUSTRATIVE,
            added("kpi_id", Text, 2),
            added("indicator_id", Text, 2),
            added("previous_id", Text, 3),
        ],
        key: &["id"],
        references: &[
            to(&["issuer_id"], "org_unit", &["id"]),
            TO_SOURCE,
            to(&["kpi_id"], "kpi", &["id"]),
            to(&["indicator_id"], "indicator", &["id"]),
            to(&["previous_id"], "directive", &["id"]),
        ],
        provenance: true,
        csv_required: false,
    },
    Table {
        name: "directive_recipient",
        columns: &[req("directive_id", Text), req("org_unit_id", Text)],
        key: &["directive_id", "org_unit_id"],
        references: &[
            to(&["directive_id"], "directive", &["id"]),
            to(&["org_unit_id"], "org_unit", &["id"]),
        ],
        provenance: false,
        csv_required: false,
    },
    Table {
        name: "directive_status",
        columns: &[
            req("period_id", Text),
            req("directive_id", Text),
            req("status", Kind::Vocab(&vocab::DIRECTIVE_STATUS)),
            col("analysis", Text),
            SOURCE,
            ILLUSTRATIVE,
            added("judgement", Kind::Vocab(&vocab::ACHIEVEMENT), 3),
            added("judgement_quote", Text, 3),
            added("judgement_source_id", Text, 3),
            added("moved_end_date", Date, 3),
        ],
        key: &["period_id", "directive_id"],
        references: &[
            TO_PERIOD,
            to(&["directive_id"], "directive", &["id"]),
            TO_SOURCE,
            to(&["judgement_source_id"], "source", &["id"]),
        ],
        provenance: true,
        csv_required: false,
    },
    Table {
        name: "bed_month",
        columns: &[
            req("org_unit_id", Text),
            req("month", Month),
            req("available", Decimal),
            SOURCE,
            ILLUSTRATIVE,
        ],
        key: &["org_unit_id", "month"],
        references: &[to(&["org_unit_id"], "org_unit", &["id"]), TO_SOURCE],
        provenance: true,
        csv_required: false,
    },
    Table {
        name: "bed_target",
        columns: &[
            req("org_unit_id", Text),
            req("beds", Decimal),
            col("description", Text),
            SOURCE,
            ILLUSTRATIVE,
        ],
        key: &["org_unit_id"],
        references: &[to(&["org_unit_id"], "org_unit", &["id"]), TO_SOURCE],
        provenance: true,
        csv_required: false,
    },
    Table {
        name: "bed_event",
        columns: &[
            req("date", DayOrMonth),
            req("org_unit_id", Text),
            req("label", Text),
            col("text", Text),
            col("bed_change", Int),
            SOURCE,
            ILLUSTRATIVE,
        ],
        key: &["date", "org_unit_id", "label"],
        references: &[to(&["org_unit_id"], "org_unit", &["id"]), TO_SOURCE],
        provenance: true,
        csv_required: false,
    },
    Table {
        name: "kpi",
        columns: &[
            req("id", Text),
            req("name", Text),
            col("unit", Text),
            col("direction", Kind::Vocab(&vocab::DIRECTION)),
            col("target", Decimal),
            col("target_text", Text),
            col("org_unit_id", Text),
            col("description", Text),
            col("sort_order", Int),
        ],
        key: &["id"],
        references: &[to(&["org_unit_id"], "org_unit", &["id"])],
        provenance: false,
        csv_required: false,
    },
    Table {
        name: "kpi_value",
        columns: &[
            req("kpi_id", Text),
            req("date", Date),
            req("label", Text),
            req("value", Decimal),
            SOURCE,
            ILLUSTRATIVE,
            added("period_id", Text, 2),
        ],
        key: &["kpi_id", "date"],
        references: &[to(&["kpi_id"], "kpi", &["id"]), TO_SOURCE, TO_PERIOD],
        provenance: true,
        csv_required: false,
    },
    Table {
        name: "notice",
        columns: &[
            req("period_id", Text),
            col("org_unit_id", Text),
            req("topic", Kind::Vocab(&vocab::TOPIC)),
            req("text", Text),
            SOURCE,
            ILLUSTRATIVE,
        ],
        key: &[],
        references: &[
            TO_PERIOD,
            to(&["org_unit_id"], "org_unit", &["id"]),
            TO_SOURCE,
        ],
        provenance: true,
        csv_required: false,
    },
];

pub fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    /// The documented DDL and this description must describe the same format.
    #[test]
    fn schema_sql_matches_the_spec() {
        let db = Connection::open_in_memory().unwrap();
        db.execute_batch(SCHEMA_SQL).unwrap();
        let version: i64 = db
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, FORMAT_VERSION);

        let mut stmt = db
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .unwrap();
        let mut in_sql: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        in_sql.sort();
        let mut in_spec: Vec<String> = TABLES.iter().map(|t| t.name.to_string()).collect();
        in_spec.sort();
        assert_eq!(in_sql, in_spec);

        for table in TABLES {
            let mut stmt = db
                .prepare("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1)")
                .unwrap();
            let cols: Vec<(String, String, bool, i64)> = stmt
                .query_map([table.name], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            let names: Vec<&str> = cols.iter().map(|c| c.0.as_str()).collect();
            let spec_names: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
            assert_eq!(names, spec_names, "columns of {}", table.name);
            for ((name, ty, notnull, pk), spec) in cols.iter().zip(table.columns) {
                assert_eq!(
                    ty.to_lowercase(),
                    spec.kind.storage(),
                    "type of {}.{name}",
                    table.name
                );
                let required_in_sql = *notnull || *pk > 0;
                // `illustrative` is NOT NULL with a default: optional to write.
                if spec.name != "illustrative" {
                    assert_eq!(
                        required_in_sql, spec.required,
                        "{}.{name} required",
                        table.name
                    );
                }
            }
            if table.provenance {
                assert!(
                    table.column("source_id").is_some() && table.column("illustrative").is_some()
                );
            }
        }
    }

    #[test]
    fn references_name_real_columns() {
        for table in TABLES {
            for key in table.key {
                assert!(table.column(key).is_some(), "{}.{key}", table.name);
            }
            for r in table.references {
                let target = super::table(r.table).unwrap();
                assert_eq!(r.columns.len(), r.target.len());
                for (c, t) in r.columns.iter().zip(r.target) {
                    assert!(table.column(c).is_some(), "{}.{c}", table.name);
                    assert!(target.column(t).is_some(), "{}.{t}", r.table);
                }
            }
        }
    }
}
