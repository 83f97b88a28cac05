//! `economy_total` (format 4, optional) against the facts it is derived
//! from: the cockpit reads its totals there, so a table that says other
//! than `economy_fact` would show other figures than the detail pages.

use super::{Ctx, Severity};
use crate::domain::text::sanitize;
use crate::snapshot::totals;

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let result = (|| {
        // Before version 4 an extra table is the producer's own: ignored,
        // by readers too.
        if ctx.version < 4 || !totals::present(ctx.conn)? {
            return Ok(None);
        }
        let forecast_source = if ctx.has("economy_fact", "forecast_source_id") {
            "t.forecast_source_id"
        } else {
            "NULL"
        };
        totals::differences(ctx.conn, forecast_source).map(Some)
    })();
    match result {
        Ok(Some((n, first))) if n > 0 => {
            let first = first.map_or(String::new(), |(period, unit)| {
                format!(
                    " (the first: period {}, unit {})",
                    sanitize(&period, false),
                    sanitize(&unit, false)
                )
            });
            ctx.add(
                Severity::Error,
                "economy-total",
                None,
                None,
                format!(
                    "{} says other than economy_fact in {n} rows{first}; the cockpit reads \
                     its totals there, so write it again from the facts (as tertial import does) \
                     or leave it out",
                    totals::TABLE
                ),
            );
        }
        Ok(_) => {}
        Err(e) => ctx.query_failed("economy_total", e),
    }
}
