//! The cockpit's data layer: typed reads from a snapshot.
//!
//! Knows SQLite and the format, nothing of terminals. Every text leaves this
//! layer sanitised ([`crate::domain::text::sanitize`]), so nothing a snapshot
//! contains can reach a terminal as a control sequence. Queries load what one
//! view needs for one period; the small, period-independent lists (periods,
//! organisation, cost types) are loaded once on open.

pub mod beds;
pub mod directives;
pub mod economy;
pub mod goals;
pub mod overview;
pub mod search;

use crate::domain::money::MoneyUnit;
use crate::domain::number::parse_canonical;
use crate::domain::text::sanitize;
use crate::snapshot::{OpenError, Snapshot};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, Row};
use rust_decimal::Decimal;
use std::path::Path;

pub use economy::{CostType, Fact, OrgUnit};

/// A query failed on a file that opened: damage met late, or a hostile file.
#[derive(Debug, thiserror::Error)]
#[error("the snapshot could not be read: {0}")]
pub struct ReadError(String);

impl From<rusqlite::Error> for ReadError {
    fn from(e: rusqlite::Error) -> Self {
        ReadError(sanitize(&e.to_string(), false).into_owned())
    }
}

pub type Result<T> = std::result::Result<T, ReadError>;

#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub title: String,
    pub organisation: String,
    pub producer: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub id: String,
    pub kind: String,
    pub end_date: Option<chrono::NaiveDate>,
    pub label: String,
    pub year: i64,
}

/// Where a figure comes from, as a reader cites it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    pub document: Option<String>,
    pub section: Option<String>,
    pub page: Option<i64>,
    pub locator: Option<String>,
    pub illustrative: bool,
}

impl Provenance {
    /// "HSN delårsrapport per augusti 2025, 3.2 Analys av större avvikelser, s. 12"
    pub fn citation(&self) -> Option<String> {
        let document = self.document.clone()?;
        let mut parts = vec![document];
        parts.extend(self.section.clone());
        parts.extend(self.page.map(|p| format!("s. {p}")));
        Some(parts.join(", "))
    }
}

/// An open snapshot and what every view needs.
pub struct Store {
    conn: Connection,
    /// Said once when the cockpit opens (a `-wal` file beside the snapshot).
    pub warning: Option<String>,
    pub meta: Meta,
    pub periods: Vec<Period>,
    pub unit: MoneyUnit,
    pub org: Vec<OrgUnit>,
    pub cost_types: Vec<CostType>,
}

/// The sample snapshot, compiled into the binary for `--demo`.
pub(crate) static DEMO: &[u8] = include_bytes!("../../sample.db");

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error(transparent)]
    Read(#[from] ReadError),
}

impl Store {
    pub fn open(path: &Path) -> std::result::Result<Store, StoreError> {
        let snapshot = Snapshot::open(path)?;
        let warning = snapshot.wal_warning();
        let mut store = Store::load(snapshot.conn)?;
        store.warning = warning;
        Ok(store)
    }

    /// The embedded sample, deserialised read-only into memory: no file is
    /// read or written.
    pub fn demo() -> std::result::Result<Store, StoreError> {
        let open = || -> rusqlite::Result<Connection> {
            let mut conn =
                Connection::open_with_flags(":memory:", OpenFlags::SQLITE_OPEN_READ_WRITE)?;
            conn.deserialize_bytes(rusqlite::MAIN_DB, DEMO)?;
            conn.execute_batch("PRAGMA query_only = 1")?;
            Ok(conn)
        };
        let conn = open().map_err(ReadError::from)?;
        Ok(Store::load(conn)?)
    }

    fn load(conn: Connection) -> Result<Store> {
        let meta_value = |key: &str| -> Result<String> {
            let value = conn
                .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| {
                    Ok(line(r, 0))
                })
                .or_else(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => Ok(None),
                    e => Err(e),
                })?;
            Ok(value.unwrap_or_default())
        };
        let meta = Meta {
            title: meta_value("title")?,
            organisation: meta_value("organisation")?,
            producer: meta_value("producer")?,
            created_at: meta_value("created_at")?,
        };
        let unit = MoneyUnit::parse(&meta_value("money_unit")?).unwrap_or(MoneyUnit::Mkr);
        let periods = {
            let mut stmt = conn.prepare(
                "SELECT id, kind, end_date, label, year FROM period ORDER BY end_date, kind",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(Period {
                    id: line(r, 0).unwrap_or_default(),
                    kind: line(r, 1).unwrap_or_default(),
                    end_date: line(r, 2)
                        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                    label: line(r, 3).unwrap_or_default(),
                    year: int(r, 4).unwrap_or_default(),
                })
            })?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let org = economy::load_org(&conn)?;
        let cost_types = economy::load_cost_types(&conn)?;
        Ok(Store {
            conn,
            warning: None,
            meta,
            periods,
            unit,
            org,
            cost_types,
        })
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn org_unit(&self, id: &str) -> Option<&OrgUnit> {
        self.org.iter().find(|u| u.id == id)
    }

    pub fn cost_type(&self, id: &str) -> Option<&CostType> {
        self.cost_types.iter().find(|c| c.id == id)
    }
}

// Readers used by every query module. They never fail on a wrong type: a
// value of the wrong kind reads as unknown, as `tertial check` reports it.

/// Longest one-line text kept, in characters; longer is cut with a marker.
pub const LINE_MAX: usize = 300;
/// Longest multi-line text kept, in characters.
pub const PROSE_MAX: usize = 20_000;

/// A one-line text: names, labels.
pub(crate) fn line(row: &Row<'_>, i: usize) -> Option<String> {
    raw_text(row, i).map(|t| cut(sanitize(&t, false).into_owned(), LINE_MAX))
}

/// A multi-line text: analysis, full directive texts. Line breaks kept.
pub(crate) fn prose(row: &Row<'_>, i: usize) -> Option<String> {
    raw_text(row, i).map(|t| {
        cut(
            sanitize(&t.replace("\r\n", "\n"), true).into_owned(),
            PROSE_MAX,
        )
    })
}

/// `text` cut to `max` characters with a visible marker, so a hostile or
/// broken cell cannot flood a screen or memory downstream.
fn cut(text: String, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}… [förkortad]", &text[..at]),
        None => text,
    }
}

fn raw_text(row: &Row<'_>, i: usize) -> Option<String> {
    match row.get_ref(i).ok()? {
        // Invalid UTF-8 is shown with replacement characters, never refused.
        // Only a bounded prefix is decoded: the rest would be cut anyway.
        ValueRef::Text(t) => {
            Some(String::from_utf8_lossy(&t[..t.len().min(PROSE_MAX * 4)]).into_owned())
        }
        ValueRef::Integer(n) => Some(n.to_string()),
        ValueRef::Real(f) => Some(f.to_string()),
        ValueRef::Null | ValueRef::Blob(_) => None,
    }
}

pub(crate) fn int(row: &Row<'_>, i: usize) -> Option<i64> {
    match row.get_ref(i).ok()? {
        ValueRef::Integer(n) => Some(n),
        _ => None,
    }
}

pub(crate) fn decimal(row: &Row<'_>, i: usize) -> Option<Decimal> {
    match row.get_ref(i).ok()? {
        ValueRef::Text(t) => std::str::from_utf8(t).ok().and_then(parse_canonical),
        ValueRef::Integer(n) => Some(Decimal::from(n)),
        _ => None,
    }
}

/// `source_id` joined to `source` and `illustrative`, at columns `i..i+5`
/// of a query selecting `s.document, s.section, s.page, s.locator, t.illustrative`.
pub(crate) fn provenance(row: &Row<'_>, i: usize) -> Provenance {
    Provenance {
        document: line(row, i),
        section: line(row, i + 1),
        page: int(row, i + 2),
        locator: line(row, i + 3),
        illustrative: int(row, i + 4) == Some(1),
    }
}

/// The select list for [`provenance`], for a table aliased `t` joined to
/// `source s`.
pub(crate) const PROVENANCE_COLUMNS: &str =
    "s.document, s.section, s.page, s.locator, t.illustrative";
pub(crate) const SOURCE_JOIN: &str = "LEFT JOIN source s ON s.id = t.source_id";

/// A data-quality caveat.
#[derive(Debug, Clone)]
pub struct Notice {
    pub org_unit_id: Option<String>,
    pub topic: String,
    pub text: String,
    pub provenance: Provenance,
}

impl Store {
    pub fn notices(&self, period_id: &str) -> Result<Vec<Notice>> {
        let sql = format!(
            "SELECT t.org_unit_id, t.topic, t.text, {PROVENANCE_COLUMNS} FROM notice t {SOURCE_JOIN} \
             WHERE t.period_id = ?1 ORDER BY t.rowid"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([period_id], |r| {
            Ok(Notice {
                org_unit_id: line(r, 0),
                topic: line(r, 1).unwrap_or_default(),
                text: prose(r, 2).unwrap_or_default(),
                provenance: provenance(r, 3),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_opens_without_touching_any_file() {
        let store = Store::demo().unwrap();
        assert_eq!(store.periods.len(), 4);
        assert_eq!(store.periods[3].label, "ack oktober 2025");
        assert_eq!(store.unit, MoneyUnit::Mkr);
        assert!(store.org_unit("hsn").is_some());
        assert!(
            store.conn().execute("DELETE FROM meta", []).is_err(),
            "read-only"
        );
    }

    #[test]
    fn long_texts_are_cut_with_a_visible_marker() {
        let long = "å".repeat(LINE_MAX + 10);
        let cut_text = cut(long, LINE_MAX);
        assert!(cut_text.ends_with("… [förkortad]"));
        assert_eq!(
            cut_text.chars().count(),
            LINE_MAX + "… [förkortad]".chars().count()
        );
        assert_eq!(cut("kort".into(), LINE_MAX), "kort");
    }

    #[test]
    fn citations_read_like_a_reference() {
        let p = Provenance {
            document: Some("HSN delårsrapport per augusti 2025".into()),
            section: Some("3.2 Analys av större avvikelser".into()),
            page: Some(12),
            ..Provenance::default()
        };
        assert_eq!(
            p.citation().unwrap(),
            "HSN delårsrapport per augusti 2025, 3.2 Analys av större avvikelser, s. 12"
        );
        assert_eq!(Provenance::default().citation(), None);
    }
}
