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
pub(crate) fn latest_rows(
    table: &str,
    key: &[&str],
    columns: &[&str],
    params: [&str; 3],
) -> String {
    let [id, end, year] = params;
    let list = |names: &[&str]| {
        names
            .iter()
            .map(|k| format!("a.{k}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (partition, selected) = (list(key), list(&[key, columns].concat()));
    let names = [key, columns].concat().join(", ");
    format!(
        "(SELECT period_id, {names} FROM (SELECT a.period_id, {selected}, \
             row_number() OVER (PARTITION BY {partition} \
             ORDER BY ap.end_date DESC, a.period_id = {id} DESC, ap.kind DESC) AS as_of_rank \
         FROM {table} a JOIN period ap ON ap.id = a.period_id \
         WHERE (ap.end_date <= {end} AND ap.year = {year}) OR a.period_id = {id}) \
         WHERE as_of_rank = 1)"
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
        let as_of = |period: &str| -> Vec<(String, String, String)> {
            let p = store.periods.iter().find(|p| p.id == period).unwrap();
            let mut stmt = conn.prepare(&sql).unwrap();
            stmt.query_map(rusqlite::params![p.id, super::end(p), p.year], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect()
        };
        let row = |k: &str, v: &str, p: &str| (k.to_string(), v.to_string(), p.to_string());
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
