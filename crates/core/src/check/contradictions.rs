//! A report that contradicts itself (format version 4): the producer keeps
//! both figures as stated in a `notice` of kind `contradiction`, naming
//! both places. `check` repeats each as a warning, so that a reader of the
//! file learns of it before trusting either figure, and warns of one that
//! does not name both places and both values.
//!
//! Stated, not computed: whether parts that miss a total are a
//! contradiction or only some of the lines (a `partial` breakdown) is the
//! report's to say, and only a producer who read it can.

use super::{Ctx, RowRef, Severity};

pub fn check(ctx: &mut Ctx) {
    let columns = ["kind", "stated", "other_stated", "other_source_id"];
    if !columns.iter().all(|c| ctx.has("notice", c)) {
        return;
    }
    // Each place cited as a reader cites it: document, section.
    let place = |alias: &str| {
        format!(
            "CASE WHEN {alias}.document IS NULL THEN NULL ELSE {alias}.document || \
             coalesce(', ' || {alias}.section, '') END"
        )
    };
    let sql = format!(
        "SELECT n.rowid, n.period_id, n.topic, n.stated, {here}, n.other_stated, {there} \
         FROM notice n \
         LEFT JOIN (SELECT id, min(rowid) AS first FROM source GROUP BY id) hf ON hf.id = n.source_id \
         LEFT JOIN source h ON h.rowid = hf.first \
         LEFT JOIN (SELECT id, min(rowid) AS first FROM source GROUP BY id) tf ON tf.id = n.other_source_id \
         LEFT JOIN source t ON t.rowid = tf.first \
         WHERE n.kind = 'contradiction' ORDER BY n.rowid",
        here = place("h"),
        there = place("t"),
    );
    ctx.each_row("contradictions", &sql, |ctx, row| {
        let text = |i: usize| -> rusqlite::Result<Option<String>> {
            Ok(match row.get_ref(i)? {
                rusqlite::types::ValueRef::Null => None,
                value => Some(super::value_text_cut(value, "", 200)),
            })
        };
        let at = Some(RowRef {
            table: "notice",
            rowid: row.get(0)?,
            column: None,
        });
        let (period, topic) = (text(1)?.unwrap_or_default(), text(2)?.unwrap_or_default());
        let parts = (text(3)?, text(4)?, text(5)?, text(6)?);
        match parts {
            (Some(stated), Some(here), Some(other), Some(there)) => ctx.add(
                Severity::Warning,
                "contradiction",
                at,
                None,
                format!(
                    "{period}, {topic}: the report contradicts itself, both kept as stated: \
                     '{stated}' at {here}, against '{other}' at {there}"
                ),
            ),
            _ => ctx.add(
                Severity::Warning,
                "contradiction-incomplete",
                at,
                None,
                format!(
                    "{period}, {topic}: a contradiction must name both places (source_id, \
                     other_source_id, each a source) and both values (stated, other_stated)"
                ),
            ),
        }
        Ok(())
    });
}

#[cfg(test)]
mod tests {
    use crate::check::{Severity, run};
    use rusqlite::Connection;

    fn findings(rows: &str) -> Vec<(Severity, &'static str, String)> {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(crate::snapshot::spec::SCHEMA_SQL)
            .unwrap();
        // A reference to no source is the producer's mistake to report, not
        // SQLite's to refuse.
        conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
        conn.execute_batch(
            "INSERT INTO period (id, kind, end_date, label, year) \
               VALUES ('2025-08', 'interim', '2025-08-31', 'ack augusti 2025', 2025); \
             INSERT INTO source (id, document, section) VALUES \
               ('a', 'HSN delårsrapport per augusti 2025', '2.3 Uppdrag'), \
               ('b', 'HSN delårsrapport per augusti 2025', '3.2 Analys av större avvikelser');",
        )
        .unwrap();
        conn.execute_batch(rows).unwrap();
        run(&conn, false)
            .items
            .into_iter()
            .filter(|f| f.rule.starts_with("contradiction"))
            .map(|f| (f.severity, f.rule, f.message))
            .collect()
    }

    #[test]
    fn a_stated_contradiction_is_a_warning_naming_both_places_and_values() {
        let found = findings(
            "INSERT INTO notice (period_id, topic, kind, text, stated, source_id, other_stated, other_source_id) \
             VALUES ('2025-08', 'directives', 'contradiction', 'Två belopp', '250 mkr', 'a', '213 mkr', 'b'); \
             INSERT INTO notice (period_id, topic, text, source_id) VALUES ('2025-08', 'general', 'Cosmic', 'a');",
        );
        assert_eq!(
            found,
            [(
                Severity::Warning,
                "contradiction",
                "2025-08, directives: the report contradicts itself, both kept as stated: \
                 '250 mkr' at HSN delårsrapport per augusti 2025, 2.3 Uppdrag, against \
                 '213 mkr' at HSN delårsrapport per augusti 2025, 3.2 Analys av större avvikelser"
                    .to_string()
            )],
            "a caveat is no finding"
        );
    }

    #[test]
    fn a_contradiction_without_both_places_or_values_is_said_so() {
        for (stated, other, source) in [
            ("NULL", "'213 mkr'", "'b'"),
            ("'250 mkr'", "'213 mkr'", "NULL"),
            ("'250 mkr'", "'213 mkr'", "'nowhere'"),
        ] {
            let found = findings(&format!(
                "INSERT INTO notice (period_id, topic, kind, text, stated, source_id, other_stated, other_source_id) \
                 VALUES ('2025-08', 'economy', 'contradiction', 'x', {stated}, 'a', {other}, {source});"
            ));
            assert_eq!(found.len(), 1, "{found:?}");
            assert_eq!(found[0].0, Severity::Warning);
            assert_eq!(found[0].1, "contradiction-incomplete", "{stated} {source}");
            assert!(
                found[0].2.starts_with("2025-08, economy: "),
                "{}",
                found[0].2
            );
        }
    }
}
