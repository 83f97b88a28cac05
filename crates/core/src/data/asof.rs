//! The "as of" rule: what a period shows of figures that are not reported
//! every period (goal assessments, forecasts, directive statuses, indicator
//! values). A controller reads period P as the state of things at its end:
//! each figure is its latest value dated at or before P **within P's year**,
//! and nothing carries into a new year (a new plan year has new goals,
//! frames and directives). One rule, used by every read that needs it.

use super::Period;

/// A subquery of `table`'s rows that are each key's latest as of a period:
/// the row of the period itself, or of the latest period of the same year
/// that ends before it. Among periods ending the same day the period's own
/// row wins, then the report kind that sorts last. `key` lists the columns
/// that identify a figure besides `period_id`; `columns` the others the
/// caller reads; the parameters are the period's id, end date and year, as
/// SQL placeholders (`?1`, `?2`, `?3`).
///
/// The subquery has `period_id`, the key and `columns`, so `period_id` says
/// which period each figure comes from. (Columns are named, not `a.*`: an
/// interrupted expansion of `*` reports a bogus error instead of the
/// interruption.)
///
/// How, for speed at region scale (a year-end's as-of reads every report of
/// the year: 6 000 indicator values for 500 indicators): the periods that
/// count are ranked first (a dozen rows); each key then takes the period of
/// its best-ranked row, in one grouping over the table's key `(period_id,
/// …)` read a period at a time (SQLite's `min()` gives the `period_id` of
/// the row it picks); only the winners' whole rows are then read, by key.
/// A window over the whole rows sorted every analysis text of the year and
/// took seven times as long. In a file with a duplicate key (which `check`
/// reports) every row of the winning period and key comes back.
pub(crate) fn latest_rows(
    table: &str,
    key: &[&str],
    columns: &[&str],
    params: [&str; 3],
) -> String {
    latest_rows_where(table, key, columns, params, "1")
}

/// [`latest_rows`] of the rows that pass `filter` only, an SQL condition
/// on the table's row `a` (on its key: which row of a key wins does not
/// change, only which keys are read). A read of a few keys then probes
/// the table's key `(period_id, …)` for those, rather than grouping every
/// row of the year.
pub(crate) fn latest_rows_where(
    table: &str,
    key: &[&str],
    columns: &[&str],
    params: [&str; 3],
    filter: &str,
) -> String {
    let [id, end, year] = params;
    let list = |names: &[&str], prefix: &str| {
        names
            .iter()
            .map(|k| format!("{prefix}{k} AS {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let group = key
        .iter()
        .map(|k| format!("a.{k}"))
        .collect::<Vec<_>>()
        .join(", ");
    let same_key: String = key.iter().map(|k| format!(" AND a.{k} IS w.{k}")).collect();
    let (winners, selected) = (list(key, "a."), list(&[key, columns].concat(), "a."));
    format!(
        "(SELECT a.period_id AS period_id, {selected} \
         FROM (SELECT a.period_id AS period_id, {winners}, min(cp.as_of_rank) AS as_of_rank \
               FROM (SELECT ap.id AS id, dense_rank() OVER ( \
                            ORDER BY ap.end_date DESC, ap.id = {id} DESC, ap.kind DESC) AS as_of_rank \
                     FROM period ap \
                     WHERE (ap.end_date <= {end} AND ap.year = {year}) OR ap.id = {id}) cp \
               CROSS JOIN {table} a ON a.period_id = cp.id AND ({filter}) \
               GROUP BY {group}) w \
         CROSS JOIN {table} a ON a.period_id = w.period_id{same_key})"
    )
}

/// The periods of `period`'s year that end before it, latest first: where a
/// figure the period does not state is looked for, in this order.
pub(crate) fn earlier_in_year<'a>(periods: &'a [Period], period: &Period) -> Vec<&'a Period> {
    let Some(end) = period.end_date else {
        return Vec::new();
    };
    let mut earlier: Vec<&Period> = periods
        .iter()
        .filter(|q| q.year == period.year && q.end_date.is_some_and(|e| e < end))
        .collect();
    earlier.sort_by_key(|q| std::cmp::Reverse(q.end_date));
    earlier
}

/// A figure as of a period that comes from an earlier report of its year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carried<T> {
    pub value: T,
    /// The period whose report states it.
    pub period_id: String,
    pub provenance: super::Provenance,
}

/// The period's end date as the format writes it, for `latest_rows`.
pub(crate) fn end(period: &Period) -> Option<String> {
    period.end_date.map(|d| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use crate::data::Store;

    #[test]
    fn earlier_periods_of_the_year_come_latest_first() {
        let store = Store::demo().unwrap();
        let october = store.periods.iter().find(|p| p.id == "2025-10").unwrap();
        let ids: Vec<&str> = super::earlier_in_year(&store.periods, october)
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(ids, ["2025-08", "2025-04"]);
    }

    /// The rows of `sql` with the as-of parameters of `p`: three columns,
    /// the last one possibly NULL.
    fn three_columns(
        conn: &rusqlite::Connection,
        sql: &str,
        p: &crate::data::Period,
    ) -> Vec<(String, String, Option<String>)> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map(rusqlite::params![p.id, super::end(p), p.year], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    }

    /// The rule written plainly, as it was first: a window over the whole
    /// rows of the period and the year's earlier ones.
    fn plain_latest_rows(table: &str, key: &str, column: &str) -> String {
        format!(
            "(SELECT period_id, {key}, {column} FROM (SELECT a.period_id, a.{key}, a.{column}, \
                 row_number() OVER (PARTITION BY a.{key} \
                 ORDER BY ap.end_date DESC, a.period_id = ?1 DESC, ap.kind DESC) AS as_of_rank \
             FROM {table} a JOIN period ap ON ap.id = a.period_id \
             WHERE (ap.end_date <= ?2 AND ap.year = ?3) OR a.period_id = ?1) \
             WHERE as_of_rank = 1)"
        )
    }

    /// The fast form picks the very rows the plain one does, in every
    /// period, for every table read as of a period: on the sample, and on a
    /// small generated region, which has a value every month.
    #[test]
    fn the_fast_form_picks_the_rows_the_plain_rule_picks() {
        let dir = tempfile::tempdir().unwrap();
        let generated = crate::data::small_region(dir.path());
        let tables = [
            ("goal_assessment", "goal_id", "prognos"),
            ("subgoal_assessment", "subgoal_id", "nulage"),
            ("indicator_value", "indicator_id", "value"),
            ("directive_status", "directive_id", "status"),
        ];
        for store in [Store::demo().unwrap(), Store::open(&generated).unwrap()] {
            let conn = store.conn();
            let (mut compared, mut carried) = (0, 0);
            for (table, key, column) in tables {
                let fast = super::latest_rows(table, &[key], &[column], ["?1", "?2", "?3"]);
                let plain = plain_latest_rows(table, key, column);
                for p in &store.periods {
                    let read = |subquery: &str| {
                        let sql = format!(
                            "SELECT period_id, {key}, {column} FROM {subquery} ORDER BY {key}"
                        );
                        three_columns(conn, &sql, p)
                    };
                    let rows = read(&fast);
                    assert_eq!(rows, read(&plain), "{table} as of {}", p.id);
                    compared += rows.len();
                    carried += rows.iter().filter(|r| r.0 != p.id).count();
                }
            }
            assert!(compared > 100, "{compared} rows compared");
            assert!(carried > 10, "{carried} rows from an earlier period");
        }
    }

    /// Two reports ending the same day (a month and the interim report):
    /// the period's own row wins, then the kind that sorts last, in both
    /// forms.
    #[test]
    fn reports_ending_the_same_day_break_the_tie_alike() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE period (id TEXT, kind TEXT, end_date TEXT, label TEXT, year INTEGER); \
             INSERT INTO period VALUES ('t4', 'tertial', '2025-04-30', '', 2025), \
                 ('m8', 'month', '2025-08-31', '', 2025), ('d8', 'interim', '2025-08-31', '', 2025), \
                 ('m10', 'month', '2025-10-31', '', 2025); \
             CREATE TABLE t (period_id TEXT, k TEXT, v TEXT); \
             INSERT INTO t VALUES ('t4', 'a', 'a t4'), ('m8', 'a', 'a m8'), ('d8', 'a', 'a d8'), \
                 ('t4', 'b', 'b t4'), ('d8', 'b', 'b d8'), ('m8', 'c', 'c m8');",
        )
        .unwrap();
        let fast = super::latest_rows("t", &["k"], &["v"], ["?1", "?2", "?3"]);
        let plain = plain_latest_rows("t", "k", "v");
        let read = |subquery: &str, id: &str, end: &str| -> Vec<String> {
            let sql = format!("SELECT v FROM {subquery} ORDER BY k");
            let mut stmt = conn.prepare(&sql).unwrap();
            stmt.query_map(rusqlite::params![id, end, 2025], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        for (id, end, expected) in [
            ("m8", "2025-08-31", ["a m8", "b d8", "c m8"]),
            ("d8", "2025-08-31", ["a d8", "b d8", "c m8"]),
            ("m10", "2025-10-31", ["a m8", "b d8", "c m8"]),
        ] {
            assert_eq!(read(&fast, id, end), expected, "as of {id}");
            assert_eq!(read(&plain, id, end), expected, "as of {id}, plainly");
        }
    }

    /// The rule on a tiny table: ids a..c with rows in several periods.
    #[test]
    fn the_latest_row_of_the_same_year_and_never_a_later_or_earlier_years() {
        let store = Store::demo().unwrap();
        let conn = store.conn();
        let sql = format!(
            "WITH t(period_id, k, v) AS (VALUES \
                ('2024-08', 'a', 'a in 2024'), \
                ('2025-04', 'a', 'a in april'), ('2025-08', 'a', 'a in august'), \
                ('2025-04', 'b', 'b in april'), \
                ('2025-10', 'c', 'c in october')) \
             SELECT k, v, period_id FROM {} ORDER BY k",
            super::latest_rows("t", &["k"], &["v"], ["?1", "?2", "?3"])
        );
        let as_of = |period: &str| {
            let p = store.periods.iter().find(|p| p.id == period).unwrap();
            three_columns(conn, &sql, p)
        };
        let row = |k: &str, v: &str, p: &str| (k.to_string(), v.to_string(), Some(p.to_string()));
        assert_eq!(
            as_of("2025-10"),
            [
                row("a", "a in august", "2025-08"),
                row("b", "b in april", "2025-04"),
                row("c", "c in october", "2025-10"),
            ],
            "the latest of the year, from the period it comes from"
        );
        assert_eq!(
            as_of("2025-04"),
            [
                row("a", "a in april", "2025-04"),
                row("b", "b in april", "2025-04")
            ],
            "nothing from later periods"
        );
        assert_eq!(
            as_of("2024-08"),
            [row("a", "a in 2024", "2024-08")],
            "nothing from another year, either way"
        );
    }
}
