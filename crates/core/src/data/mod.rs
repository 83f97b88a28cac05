//! The cockpit's data layer: typed reads from a snapshot.
//!
//! Knows SQLite and the format, nothing of terminals. Every text leaves this
//! layer sanitised ([`crate::domain::text::sanitize`]), so nothing a snapshot
//! contains can reach a terminal as a control sequence. Queries load what one
//! view needs for one period; the small, period-independent lists (periods,
//! organisation, cost types) are loaded once on open.

pub mod asof;
mod bed_unit;
pub mod beds;
pub mod changes;
pub mod compare;
pub mod directives;
pub mod economy;
pub mod goals;
pub mod kpi;
pub mod measure;
mod memo;
pub mod overview;
pub mod plans;
pub mod restated;
pub mod search;
pub mod tree;
pub mod unit_figures;

use crate::domain::money::MoneyUnit;
use crate::domain::number::parse_canonical;
use crate::domain::text::{cut_graphemes, sanitize};
use crate::domain::vocab::{NoticeKind, PeriodKind, Topic};
use crate::snapshot::{OpenError, Snapshot};
use chrono::Datelike;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::path::Path;
use tree::Tree;

pub use economy::{CostType, Fact, OrgUnit};

/// A query failed on a file that opened: damage met late, a hostile file,
/// or a query stopped on request (see [`Store::set_cancel_check`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the snapshot could not be read: {0}")]
    Failed(String),
    #[error("{} (`tertial check` names the row)", crate::snapshot::open::TOO_BIG)]
    TooBig,
    #[error(
        "{} (`tertial check` names what needs them)",
        crate::snapshot::open::TOO_MANY_ROWS
    )]
    TooManyRows,
    #[error("the query was cancelled")]
    Cancelled,
}

impl From<rusqlite::Error> for ReadError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::OperationInterrupted) => ReadError::Cancelled,
            Some(rusqlite::ErrorCode::TooBig) => ReadError::TooBig,
            _ => ReadError::Failed(sanitize(&e.to_string(), false).into_owned()),
        }
    }
}

pub type Result<T> = std::result::Result<T, ReadError>;

/// The most rows one query may return. A region needs a few tens of
/// thousands; a hostile file with duplicate keys can make a join return
/// the product of its tables, and this bounds the memory that can take.
/// `check` names the tables too large for it.
pub const MAX_ROWS: usize = crate::snapshot::open::MAX_VIEW_ROWS;

/// Query results read with [`MAX_ROWS`] as a bound.
pub(crate) trait RowsExt<T>: Iterator<Item = rusqlite::Result<T>> + Sized {
    /// The rows, failing after [`MAX_ROWS`] instead of reading on.
    fn limited(self) -> impl Iterator<Item = Result<T>> {
        self.enumerate().map(|(i, row)| {
            if i >= MAX_ROWS {
                Err(ReadError::TooManyRows)
            } else {
                row.map_err(ReadError::from)
            }
        })
    }

    /// The rows collected, failing after [`MAX_ROWS`].
    fn bounded<C: FromIterator<T>>(self) -> Result<C> {
        self.limited().collect()
    }
}

impl<T, I: Iterator<Item = rusqlite::Result<T>>> RowsExt<T> for I {}

#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub title: String,
    pub organisation: String,
    pub producer: String,
    pub created_at: String,
    /// `meta.focus_unit`: the board the snapshot is about, if it says.
    pub focus_unit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub id: String,
    pub kind: Option<PeriodKind>,
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
    /// Said once when the cockpit opens (a `-wal`, `-shm` or spent
    /// `-journal` file beside the snapshot).
    pub warning: Option<String>,
    pub meta: Meta,
    pub periods: Vec<Period>,
    /// The unit money is shown in (mkr, tkr or kr), from `meta`.
    pub money_unit: MoneyUnit,
    pub org: Vec<OrgUnit>,
    pub cost_types: Vec<CostType>,
    /// `org` as a tree: lookups and walks that stay fast and end on any file.
    pub org_tree: Tree,
    pub cost_tree: Tree,
    /// The months with bed figures, read on first use where `bed_month`
    /// has no index on its key (see `bed_latest_month`).
    bed_months: std::cell::OnceCell<std::collections::BTreeSet<beds::Month>>,
    /// The units with a bed series, read on first use.
    bed_units: std::cell::OnceCell<Vec<String>>,
    /// Every key figure with its values, read on first use.
    kpis: std::cell::OnceCell<Vec<kpi::Kpi>>,
    /// The board with the most economy figures (see `focus_unit`), read on
    /// first use.
    busiest_board: std::cell::OnceCell<Option<String>>,
    /// Whether every unit's id is stored as it is shown (so can be bound
    /// into a query), read on first use (see `unit_figures`).
    org_ids_bindable: std::cell::OnceCell<bool>,
    /// Search's reads that do not depend on the period, kept while the file
    /// is open (see `search`).
    search_kept: search::Kept,
    /// The optional columns (added by a later format version) the file has.
    optional: std::collections::HashSet<(&'static str, &'static str)>,
    /// The file has `economy_total` (format 4): period-wide economy reads
    /// take it rather than the facts (see `snapshot::totals`).
    pub(crate) economy_totals: bool,
    /// The current period's shared reads (see `memo`).
    memo: std::cell::RefCell<memo::Memo>,
    /// With `--since OLD`: what differs from the older snapshot.
    pub restated: Option<restated::Restated>,
    /// The cancel check stopped a query since [`Store::take_stopped`] was
    /// last asked.
    stopped: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// The cancel check ([`Store::set_cancel_check`]), shared by SQLite's
    /// progress handler and [`Store::give_way`].
    check: std::sync::Arc<std::sync::Mutex<CancelCheck>>,
    /// How often a query asks the check, in steps.
    check_steps: std::cell::Cell<std::ffi::c_int>,
    /// Work nobody asked for is running (see [`Store::set_yielding`]).
    yielding: std::cell::Cell<bool>,
}

type CancelCheck = Box<dyn FnMut() -> bool + Send>;

/// How often a running query asks whether to stop, in SQLite VM steps.
pub const CANCEL_CHECK_STEPS: std::ffi::c_int = 10_000;

/// How often a query asks while work nobody asked for runs (the cockpit's
/// warm-up): ten times as often, because between two steps of SQL lies
/// the Rust that makes each row into values (a sanitised text, a parsed
/// amount), and a key should not wait for a thousand rows of that.
pub const YIELDING_CHECK_STEPS: std::ffi::c_int = 1_000;

/// Asks the cancel check, and notes a stop for [`Store::take_stopped`].
fn ask(check: &std::sync::Mutex<CancelCheck>, stopped: &std::sync::atomic::AtomicBool) -> bool {
    let stop = (lock(check))();
    if stop {
        stopped.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    stop
}

/// The check, even if a check once panicked while holding it.
fn lock(check: &std::sync::Mutex<CancelCheck>) -> std::sync::MutexGuard<'_, CancelCheck> {
    check
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// SQLite's page cache for the cockpit's reads, in KiB (SQLite's own
/// default size; `check` keeps the snapshot's larger one). The OS caches
/// the snapshot's pages once for every session on a server, while this
/// cache is each process's own copy of what it read: at 32 MiB a session
/// kept 11 MiB more after the warm-up and 32 MiB more after thirty period
/// switches, for no time measured (the memo keeps a period's reads, and a
/// page the cache let go is a read from the OS's cache; BENCHMARKS.md,
/// *Many users*).
pub const READ_CACHE_KIB: u32 = 2048;

/// The sample snapshot, compiled into the binary for `--demo`.
pub static DEMO: &[u8] = include_bytes!("../../../../sample.db");

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error(transparent)]
    Read(#[from] ReadError),
}

impl Store {
    pub fn open(path: &Path) -> std::result::Result<Store, StoreError> {
        Store::from_snapshot(Snapshot::open(path)?)
    }

    /// Loads what every view needs from a snapshot already opened (and so
    /// already judged a snapshot): [`Store::open`] in two steps, so that a
    /// caller can show something between them.
    pub fn from_snapshot(snapshot: Snapshot) -> std::result::Result<Store, StoreError> {
        let warning = snapshot.beside_warnings().into_iter().next();
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
        conn.execute_batch(&format!("PRAGMA cache_size = -{READ_CACHE_KIB}"))?;
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
            focus_unit: Some(meta_value("focus_unit")?).filter(|u| !u.is_empty()),
        };
        let money_unit = MoneyUnit::parse(&meta_value("money_unit")?).unwrap_or(MoneyUnit::Mkr);
        let periods = {
            let mut stmt = conn.prepare(
                "SELECT id, kind, end_date, label, year FROM period ORDER BY end_date, kind",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(Period {
                    id: line(r, 0).unwrap_or_default(),
                    kind: line(r, 1).and_then(|k| PeriodKind::from_code(&k)),
                    end_date: line(r, 2)
                        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                    label: line(r, 3).unwrap_or_default(),
                    year: int(r, 4).unwrap_or_default(),
                })
            })?;
            rows.bounded::<Vec<_>>()?
        };
        let optional = optional_columns(&conn)?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let economy_totals = version >= 4 && crate::snapshot::totals::present(&conn)?;
        let org = economy::load_org(&conn)?;
        let cost_types = economy::load_cost_types(&conn)?;
        let org_tree = Tree::new(org.iter().map(|u| (u.id.as_str(), u.parent_id.as_deref())));
        let cost_tree = Tree::new(
            cost_types
                .iter()
                .map(|c| (c.id.as_str(), c.parent_id.as_deref())),
        );
        Ok(Store {
            conn,
            warning: None,
            meta,
            periods,
            money_unit,
            org,
            cost_types,
            org_tree,
            cost_tree,
            bed_months: Default::default(),
            bed_units: Default::default(),
            kpis: Default::default(),
            busiest_board: Default::default(),
            org_ids_bindable: Default::default(),
            search_kept: Default::default(),
            optional,
            economy_totals,
            memo: Default::default(),
            restated: None,
            stopped: Default::default(),
            check: std::sync::Arc::new(std::sync::Mutex::new(Box::new(|| false))),
            check_steps: std::cell::Cell::new(CANCEL_CHECK_STEPS),
            yielding: std::cell::Cell::new(false),
        })
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// `t.column` if the file has the column, else `NULL`: for columns a
    /// file of an earlier format version may lack.
    pub(crate) fn optional_column(&self, table: &'static str, column: &'static str) -> String {
        if self.optional.contains(&(table, column)) {
            format!("t.{column}")
        } else {
            "NULL".to_string()
        }
    }

    /// Whether `table` has a whole (not partial) index that leads with
    /// `columns`, in order, ascending, in SQLite's own collation: then a
    /// probe on them is a range of it, and without one a probe per key
    /// would scan the table each time (a file may have no indexes).
    pub(crate) fn keyed_by(&self, table: &str, columns: &[&str]) -> Result<bool> {
        let mut stmt = self.conn().prepare(
            "SELECT l.name, c.seqno, c.name FROM pragma_index_list(?1) l, \
             pragma_index_xinfo(l.name) c \
             WHERE l.partial = 0 AND c.coll = 'BINARY' AND c.desc = 0 AND c.seqno < ?2",
        )?;
        let rows = stmt.query_map(rusqlite::params![table, columns.len()], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?;
        let mut leading: std::collections::HashMap<String, usize> = Default::default();
        for row in rows.limited() {
            let (index, seqno, column) = row?;
            let fits = usize::try_from(seqno)
                .ok()
                .and_then(|at| columns.get(at))
                .is_some_and(|&want| column.as_deref() == Some(want));
            if let (Some(index), true) = (index, fits) {
                *leading.entry(index).or_default() += 1;
            }
        }
        Ok(leading.values().any(|&n| n == columns.len()))
    }

    /// Lets `should_stop` end a running query: SQLite asks it every
    /// [`CANCEL_CHECK_STEPS`] virtual-machine steps (well under a
    /// millisecond), and a query it stops fails with [`ReadError::Cancelled`].
    /// No query can then hold the caller longer than it allows: a hostile
    /// snapshot without indexes, or a huge one, stays interruptible.
    pub fn set_cancel_check(&self, should_stop: impl FnMut() -> bool + Send + 'static) {
        self.set_cancel_check_every(CANCEL_CHECK_STEPS, should_stop);
    }

    /// [`Store::set_cancel_check`] asked every `steps` steps (tests use 1,
    /// so that even the sample's short queries can be stopped).
    pub fn set_cancel_check_every(
        &self,
        steps: std::ffi::c_int,
        should_stop: impl FnMut() -> bool + Send + 'static,
    ) {
        *lock(&self.check) = Box::new(should_stop);
        self.check_steps.set(steps);
        self.set_yielding(self.yielding.get());
    }

    /// Marks the work from now on as work nobody asked for (`true`: the
    /// cockpit's warm-up) or not (`false`). While it is, a query asks the
    /// cancel check every [`YIELDING_CHECK_STEPS`] steps, and
    /// [`Store::give_way`] asks it between queries too, so that input waits
    /// for well under a millisecond of it wherever it comes.
    pub fn set_yielding(&self, yielding: bool) {
        self.yielding.set(yielding);
        let steps = self.check_steps.get();
        self.ask_check_every(if yielding {
            steps.min(YIELDING_CHECK_STEPS)
        } else {
            steps
        });
    }

    /// A point in work done in Rust (a loop over what was read) where work
    /// nobody asked for gives way: while the store is yielding
    /// ([`Store::set_yielding`]) and the cancel check says stop, this fails
    /// with [`ReadError::Cancelled`] as a stopped query does. Otherwise it
    /// asks nothing and costs nothing.
    pub fn give_way(&self) -> Result<()> {
        if self.yielding.get() && ask(&self.check, &self.stopped) {
            return Err(ReadError::Cancelled);
        }
        Ok(())
    }

    fn ask_check_every(&self, steps: std::ffi::c_int) {
        let (check, stopped) = (
            std::sync::Arc::clone(&self.check),
            std::sync::Arc::clone(&self.stopped),
        );
        (self.conn).progress_handler(steps, Some(move || ask(&check, &stopped)));
    }

    /// Whether the cancel check stopped a query since this was last asked.
    /// A query stopped while SQLite prepares it may fail with an error that
    /// does not say so; this does.
    pub fn take_stopped(&self) -> bool {
        self.stopped
            .swap(false, std::sync::atomic::Ordering::Relaxed)
    }

    pub fn org_unit(&self, id: &str) -> Option<&OrgUnit> {
        self.org.get(self.org_tree.position(id)?)
    }

    pub fn cost_type(&self, id: &str) -> Option<&CostType> {
        self.cost_types.get(self.cost_tree.position(id)?)
    }

    /// Whether a period's figures cover the whole year: a year-end report,
    /// or any report ending on 31 December.
    pub fn is_year_end(&self, period_id: &str) -> bool {
        self.periods.iter().any(|p| {
            p.id == period_id
                && (p.kind == Some(PeriodKind::YearEnd)
                    || p.end_date.is_some_and(|d| d.month() == 12 && d.day() == 31))
        })
    }

    /// The period with this id.
    pub fn period(&self, id: &str) -> Option<&Period> {
        self.periods.iter().find(|p| p.id == id)
    }

    /// The unit the snapshot is about, which the overview shows and whose
    /// key figures come first: `meta.focus_unit` where it names a unit;
    /// else the board with the most economy figures; else the first root.
    pub fn focus_unit(&self) -> Option<&OrgUnit> {
        if let Some(unit) = self
            .meta
            .focus_unit
            .as_deref()
            .and_then(|id| self.org_unit(id))
        {
            return Some(unit);
        }
        let busiest = self.busiest_board();
        busiest
            .and_then(|id| self.org_unit(id))
            .or_else(|| self.org_tree.roots().first().map(|&i| &self.org[i]))
    }

    /// The board with the most economy figures, once per open file: each
    /// board's count is a range of the index `economy_fact_unit`, where a
    /// grouping of the facts by unit read all of them (1.8 million at region
    /// scale, a quarter of a second on every build of Översikt). A failed or
    /// stopped read is not kept.
    fn busiest_board(&self) -> Option<&str> {
        let read = || {
            let found = self
                .conn
                .query_row(
                    "SELECT u.id FROM org_unit u JOIN economy_fact f ON f.org_unit_id = u.id \
                     WHERE u.kind = 'board' GROUP BY u.id ORDER BY count(*) DESC, u.id LIMIT 1",
                    [],
                    |r| Ok(line(r, 0)),
                )
                .optional()?;
            Ok(found.flatten())
        };
        memo::once(&self.busiest_board, read)
            .ok()
            .and_then(Option::as_deref)
    }

    /// A unit's short name (or its name where it has none), for tight
    /// places; its id where the organisation does not know it.
    pub fn short_name(&self, id: &str) -> String {
        self.org_unit(id).map_or_else(
            || id.to_string(),
            |u| u.short_name.clone().unwrap_or_else(|| u.name.clone()),
        )
    }

    /// A unit's full name; its id where the organisation does not know it.
    pub fn unit_name(&self, id: &str) -> String {
        self.org_unit(id)
            .map_or_else(|| id.to_string(), |u| u.name.clone())
    }

    /// `unit`'s ancestors, nearest first (not `unit` itself).
    pub fn org_ancestors(&self, unit: &str) -> Vec<&OrgUnit> {
        self.org_tree.position(unit).map_or_else(Vec::new, |i| {
            self.org_tree.ancestors(i).map(|a| &self.org[a]).collect()
        })
    }

    /// How many ancestors `unit` has (0 for a root or an unknown unit),
    /// without walking them.
    pub fn org_depth(&self, unit: &str) -> usize {
        self.org_tree
            .position(unit)
            .map_or(0, |i| self.org_tree.depth(i))
    }

    /// `cost_type`'s ancestors, nearest first (not `cost_type` itself).
    pub fn cost_ancestors(&self, cost_type: &str) -> Vec<&CostType> {
        self.cost_tree
            .position(cost_type)
            .map_or_else(Vec::new, |i| {
                self.cost_tree
                    .ancestors(i)
                    .map(|a| &self.cost_types[a])
                    .collect()
            })
    }
}

/// Which of the format's later-added columns the file has.
fn optional_columns(
    conn: &Connection,
) -> Result<std::collections::HashSet<(&'static str, &'static str)>> {
    let mut found = std::collections::HashSet::new();
    for table in crate::snapshot::spec::TABLES {
        for column in table.columns.iter().filter(|c| c.since > 1) {
            let present: i64 = conn.query_row(
                "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2",
                [table.name, column.name],
                |r| r.get(0),
            )?;
            if present > 0 {
                found.insert((table.name, column.name));
            }
        }
    }
    Ok(found)
}

// Readers used by every query module. They never fail on a wrong type: a
// value of the wrong kind reads as unknown, as `tertial check` reports it.

/// Longest one-line text kept, in grapheme clusters; longer is cut with a marker.
pub const LINE_MAX: usize = 300;
/// Longest multi-line text kept, in grapheme clusters.
pub const PROSE_MAX: usize = 20_000;

/// A one-line text: names, labels.
pub(crate) fn line(row: &Row<'_>, i: usize) -> Option<String> {
    raw_text(row, i).map(|t| {
        // Nearly every cell is clean: keep its string rather than copy it.
        let clean = match sanitize(&t, false) {
            Cow::Borrowed(_) => None,
            Cow::Owned(escaped) => Some(escaped),
        };
        cut(clean.unwrap_or(t), LINE_MAX)
    })
}

/// A cell's text borrowed from the row, where it is exactly what [`line`]
/// would make of it (valid UTF-8, nothing to escape, nothing to cut); `None`
/// otherwise. For hot loops that would else allocate a key per row.
pub(crate) fn clean_text<'r>(row: &'r Row<'_>, i: usize) -> Option<&'r str> {
    match row.get_ref(i).ok()? {
        ValueRef::Text(t) if t.len() <= LINE_MAX => {
            let text = std::str::from_utf8(t).ok()?;
            matches!(sanitize(text, false), Cow::Borrowed(_)).then_some(text)
        }
        _ => None,
    }
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

/// What ends a text cut at [`LINE_MAX`] or [`PROSE_MAX`]: exports look
/// for it, since a data export carries whole values or none.
pub const CUT_MARK: &str = "… [förkortad]";

/// `text` cut to `max` characters with a visible marker, so a hostile or
/// broken cell cannot flood a screen or memory downstream.
fn cut(text: String, max: usize) -> String {
    cut_graphemes(&text, max, CUT_MARK).unwrap_or(text)
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

/// `source_id` joined to `source` and `illustrative`: the five columns of
/// [`PROVENANCE_COLUMNS`] from column `i`, which [`provenance_at`] finds by
/// name.
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
/// `source s`; named, so that a query's reader finds it wherever the query
/// puts it and a column added before it renumbers nothing.
pub(crate) const PROVENANCE_COLUMNS: &str = "s.document AS source_document, \
     s.section AS source_section, s.page AS source_page, s.locator AS source_locator, \
     t.illustrative AS source_illustrative";

/// Where [`PROVENANCE_COLUMNS`] starts in a statement's result.
pub(crate) fn provenance_at(stmt: &rusqlite::Statement<'_>) -> Result<usize> {
    column(stmt, "source_document")
}

/// A result column's place by its name, looked up once per statement
/// rather than once per row: readers name what they read.
pub(crate) fn column(stmt: &rusqlite::Statement<'_>, name: &str) -> Result<usize> {
    Ok(stmt.column_index(name)?)
}
///
/// The first source of an id only: a file with a duplicate source id must
/// not double every row that cites it.
///
/// A join, not a correlated subquery: SQLite builds a transient index for a
/// join when the file has none, but runs a subquery as a full scan per row,
/// which a file without the source key would make quadratic.
pub(crate) const SOURCE_JOIN: &str = "LEFT JOIN (SELECT id, min(rowid) AS first FROM source GROUP BY id) sf \
     ON sf.id = t.source_id LEFT JOIN source s ON s.rowid = sf.first";

/// A data-quality caveat, or (format 4) a report that contradicts itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub org_unit_id: Option<String>,
    /// A code the format does not know reads as general.
    pub topic: Topic,
    pub text: String,
    pub provenance: Provenance,
    /// A caveat unless the producer states a contradiction (none before
    /// format 4).
    pub kind: NoticeKind,
    /// The two values and the other place, where the file states any
    /// (boxed: most notices are caveats without them).
    pub places: Option<Box<TwoPlaces>>,
}

/// What a report states in two places, for a contradiction.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TwoPlaces {
    /// What the report states at the notice's source, as stated ("250 mkr").
    pub stated: Option<String>,
    /// What it states at `other_source`, as stated ("213 mkr").
    pub other_stated: Option<String>,
    /// The other place.
    pub other_source: Option<Provenance>,
}

impl Notice {
    /// A contradiction's two values, then the headings they stand under:
    /// "Motsägelse: 250 mkr mot 213 mkr (under 2.3 …; under 3.2 …)"; both
    /// under one heading, it is said once. `None` for a caveat.
    pub fn contradiction(&self) -> Option<String> {
        if self.kind != NoticeKind::Contradiction {
            return None;
        }
        let value = |v: &Option<String>| v.clone().unwrap_or_else(|| "ej angivet".into());
        let place = |p: Option<&Provenance>| {
            p.and_then(|p| p.section.clone().or_else(|| p.citation()))
                .unwrap_or_else(|| "källa saknas".into())
        };
        let both = self.places.as_deref().cloned().unwrap_or_default();
        let (here, there) = (
            place(Some(&self.provenance)),
            place(both.other_source.as_ref()),
        );
        let (stated, other) = (value(&both.stated), value(&both.other_stated));
        // The values first: a narrow caption cuts the places, not them.
        Some(if here == there {
            format!("Motsägelse: {stated} mot {other} (båda under {here})")
        } else {
            format!("Motsägelse: {stated} mot {other} (under {here}; under {there})")
        })
    }

    /// The line a caption or a list shows: a contradiction's two values and
    /// places, else the text's first line.
    pub fn headline(&self) -> String {
        self.contradiction()
            .unwrap_or_else(|| self.text.lines().next().unwrap_or_default().to_string())
    }
}

/// The other place's citation, joined as [`SOURCE_JOIN`] joins the row's.
const OTHER_SOURCE_JOIN: &str = "LEFT JOIN (SELECT id, min(rowid) AS first FROM source GROUP BY id) osf \
     ON osf.id = t.other_source_id LEFT JOIN source os ON os.rowid = osf.first";

impl Store {
    pub fn notices(&self, period_id: &str) -> Result<Vec<Notice>> {
        let kept = self.memoised(
            period_id,
            |m| &mut m.notices,
            || self.read_notices(period_id),
        )?;
        Ok(kept.as_ref().clone())
    }

    fn read_notices(&self, period_id: &str) -> Result<Vec<Notice>> {
        // A file before format 4 has no contradictions: its columns read NULL.
        let has_other = self.optional_column("notice", "other_source_id") != "NULL";
        let (other, other_join) = match has_other {
            true => (
                "os.document AS other_document, os.section, os.page, os.locator, t.illustrative",
                OTHER_SOURCE_JOIN,
            ),
            false => ("NULL AS other_document, NULL, NULL, NULL, NULL", ""),
        };
        let sql = format!(
            "SELECT t.org_unit_id, t.topic, t.text, {PROVENANCE_COLUMNS}, {kind} AS kind, \
             {stated} AS stated, {other_stated} AS other_stated, {other} \
             FROM notice t {SOURCE_JOIN} {other_join} \
             WHERE t.period_id = ?1 ORDER BY t.rowid",
            kind = self.optional_column("notice", "kind"),
            stated = self.optional_column("notice", "stated"),
            other_stated = self.optional_column("notice", "other_stated"),
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let source = provenance_at(&stmt)?;
        let kind = column(&stmt, "kind")?;
        let other_at = column(&stmt, "other_document")?;
        let rows = stmt.query_map([period_id], |r| {
            let other_source = Some(provenance(r, other_at)).filter(|p| p.document.is_some());
            Ok(Notice {
                org_unit_id: line(r, 0),
                topic: line(r, 1)
                    .and_then(|t| Topic::from_code(&t))
                    .unwrap_or(Topic::General),
                text: prose(r, 2).unwrap_or_default(),
                provenance: provenance(r, source),
                kind: line(r, kind)
                    .and_then(|k| NoticeKind::from_code(&k))
                    .unwrap_or(NoticeKind::Caveat),
                places: Some(TwoPlaces {
                    stated: line(r, kind + 1),
                    other_stated: line(r, kind + 2),
                    other_source,
                })
                .filter(|p| *p != TwoPlaces::default())
                .map(Box::new),
            })
        })?;
        rows.bounded::<Vec<_>>()
    }
}

/// A small generated region (`gen --scale small`, seed 1) written into
/// `dir`, for tests that want a value every month, which the sample lacks.
#[cfg(test)]
pub(crate) fn small_region(dir: &std::path::Path) -> std::path::PathBuf {
    let generated = dir.join("small.db");
    let options = tertial_synth::GenOptions {
        scale: tertial_synth::Scale::Small,
        seed: 1,
    };
    let overwrite = tertial_synth::Overwrite::SameKindOnly;
    tertial_synth::generate(&options, &generated, overwrite).unwrap();
    generated
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The provenance block and the columns after it are read by name: a
    /// column added anywhere in the query moves nothing a reader reads.
    #[test]
    fn provenance_and_later_columns_are_found_by_name_wherever_they_are() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE source (id, document, section, page, locator);
             INSERT INTO source VALUES ('s1', 'Rapport', 'Ekonomi', 7, 'tabell 2');
             CREATE TABLE x (a, source_id, illustrative, period_id);
             INSERT INTO x VALUES ('A', 's1', 1, '2025-10');",
        )
        .unwrap();
        for extra in ["", "t.a AS b, 42, "] {
            let sql = format!(
                "SELECT {extra}t.a, {PROVENANCE_COLUMNS}, t.period_id FROM x t {SOURCE_JOIN}"
            );
            let mut stmt = conn.prepare(&sql).unwrap();
            let source = provenance_at(&stmt).unwrap();
            let period = column(&stmt, "period_id").unwrap();
            let (p, id) = stmt
                .query_row([], |r| Ok((provenance(r, source), line(r, period))))
                .unwrap();
            assert_eq!(p.document.as_deref(), Some("Rapport"), "{sql}");
            assert_eq!(p.section.as_deref(), Some("Ekonomi"));
            assert_eq!(p.page, Some(7));
            assert_eq!(p.locator.as_deref(), Some("tabell 2"));
            assert!(p.illustrative);
            assert_eq!(id.as_deref(), Some("2025-10"));
        }
        let stmt = conn.prepare("SELECT t.a FROM x t").unwrap();
        assert!(
            provenance_at(&stmt).is_err(),
            "a query without the block says so"
        );
    }

    /// Without `meta.focus_unit` the overview is about the board with the
    /// most economy figures (as a grouping of every fact finds it), and
    /// without board figures about the first root.
    #[test]
    fn without_a_focus_unit_the_busiest_board_is_shown() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no-focus.db");
        std::fs::write(&path, DEMO).unwrap();
        let edit = |sql: &str| {
            let db = Connection::open(&path).unwrap();
            db.execute_batch(sql).unwrap();
        };
        edit(
            "PRAGMA journal_mode = OFF; DELETE FROM meta WHERE key = 'focus_unit'; \
              UPDATE economy_fact SET org_unit_id = 'rs' \
              WHERE org_unit_id = 'hsn' AND cost_type_id IS NOT NULL AND rowid % 2 = 0",
        );
        let store = Store::open(&path).unwrap();
        let grouped: String = store
            .conn()
            .query_row(
                "SELECT f.org_unit_id FROM economy_fact f JOIN org_unit u ON u.id = f.org_unit_id \
                 WHERE u.kind = 'board' GROUP BY f.org_unit_id \
                 ORDER BY count(*) DESC, f.org_unit_id LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(store.focus_unit().map(|u| u.id.clone()), Some(grouped));
        assert_eq!(
            store.focus_unit().map(|u| u.id.as_str()),
            Some("hsn"),
            "kept"
        );
        drop(store);
        edit(
            "PRAGMA journal_mode = OFF; DELETE FROM economy_fact WHERE org_unit_id IN \
              (SELECT id FROM org_unit WHERE kind = 'board')",
        );
        let store = Store::open(&path).unwrap();
        let root = &store.org[store.org_tree.roots()[0]];
        assert_eq!(store.focus_unit().map(|u| &u.id), Some(&root.id));
    }

    #[test]
    fn the_demo_opens_without_touching_any_file() {
        let store = Store::demo().unwrap();
        assert_eq!(store.periods.len(), 4);
        assert_eq!(store.periods[3].label, "ack oktober 2025");
        assert_eq!(store.money_unit, MoneyUnit::Mkr);
        assert!(store.org_unit("hsn").is_some());
        assert!(
            store.conn().execute("DELETE FROM meta", []).is_err(),
            "read-only"
        );
    }

    #[test]
    fn the_cockpits_reads_keep_a_small_page_cache_and_check_a_large_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        std::fs::write(&path, DEMO).unwrap();
        let cache = |conn: &Connection| -> i64 {
            conn.query_row("PRAGMA cache_size", [], |r| r.get(0))
                .unwrap()
        };
        let kib = -i64::from(READ_CACHE_KIB);
        assert_eq!(cache(Store::open(&path).unwrap().conn()), kib);
        assert_eq!(cache(Store::demo().unwrap().conn()), kib);
        assert!(cache(&Snapshot::open(&path).unwrap().conn) < 4 * kib);
    }

    #[test]
    fn work_nobody_asked_for_asks_the_check_ten_times_as_often_and_between_queries() {
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        let store = Store::demo().unwrap();
        let (asked, stop) = (
            std::sync::Arc::new(AtomicUsize::new(0)),
            std::sync::Arc::new(AtomicBool::new(false)),
        );
        let (counter, flag) = (asked.clone(), stop.clone());
        store.set_cancel_check(move || {
            counter.fetch_add(1, Ordering::Relaxed);
            flag.load(Ordering::Relaxed)
        });
        // A query of a few hundred thousand steps.
        let asked_in_query = || {
            asked.store(0, Ordering::Relaxed);
            let n: i64 = (store.conn())
                .query_row(
                    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n \
                     WHERE x < 50000) SELECT count(*) FROM n",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(n, 50_000);
            asked.load(Ordering::Relaxed)
        };
        let asked_in_rust = || {
            asked.store(0, Ordering::Relaxed);
            let gave_way = store.give_way();
            (gave_way, asked.load(Ordering::Relaxed))
        };
        let foreground = asked_in_query();
        assert!(foreground > 0);
        assert_eq!(
            asked_in_rust(),
            (Ok(()), 0),
            "the user's own work never stops there"
        );

        store.set_yielding(true);
        let background = asked_in_query();
        assert!(
            background >= 5 * foreground,
            "{background} checks while warming against {foreground}"
        );
        assert_eq!(asked_in_rust(), (Ok(()), 1));
        stop.store(true, Ordering::Relaxed);
        assert_eq!(asked_in_rust(), (Err(ReadError::Cancelled), 1));
        assert!(
            store.take_stopped(),
            "said as a stop, as a stopped query is"
        );

        // Back to the user's work: as before.
        stop.store(false, Ordering::Relaxed);
        store.set_yielding(false);
        assert_eq!(asked_in_query(), foreground);
        stop.store(true, Ordering::Relaxed);
        assert_eq!(asked_in_rust(), (Ok(()), 0));
    }

    #[test]
    fn a_cancel_check_stops_a_query_that_would_never_end() {
        let store = Store::demo().unwrap();
        let asked = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = asked.clone();
        store.set_cancel_check(move || {
            counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed) >= 3
        });
        let endless = store.conn().query_row(
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) \
             SELECT count(*) FROM n",
            [],
            |r| r.get::<_, i64>(0),
        );
        let err = ReadError::from(endless.unwrap_err());
        assert!(matches!(err, ReadError::Cancelled), "{err}");
        assert_eq!(asked.load(std::sync::atomic::Ordering::Relaxed), 4);
        // The connection stays usable: the next short query runs.
        store.set_cancel_check(|| false);
        let periods: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM period", [], |r| r.get(0))
            .unwrap();
        assert_eq!(periods, 4);
        assert!(matches!(
            ReadError::from(rusqlite::Error::InvalidQuery),
            ReadError::Failed(_)
        ));
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
