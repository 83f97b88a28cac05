//! Search's kept and bounded reads give what the whole reads give, and
//! read what they say they read.

use super::*;
use std::collections::HashSet;
use std::path::Path;

/// A copy of the sample changed by `sql`, in `dir`.
fn copy_with(dir: &Path, sql: &str) -> Store {
    let path = dir.join("changed.db");
    std::fs::write(&path, crate::data::DEMO).unwrap();
    let db = rusqlite::Connection::open(&path).unwrap();
    db.execute_batch("PRAGMA foreign_keys = OFF; PRAGMA journal_mode = OFF;")
        .unwrap();
    db.execute_batch(sql).unwrap();
    drop(db);
    Store::open(&path).unwrap()
}

/// Search as it was before the names were kept: every name read from its
/// table, and folded, on every call; key figures with all their values.
fn search_by_rows(store: &Store, query: &str) -> Vec<Hit> {
    let query = Query::new(query);
    let matches = |texts: &[&str]| {
        let folded: Vec<String> = texts.iter().map(|t| fold(t)).collect();
        query.matches(&folded)
    };
    if query.words.is_empty() {
        return Vec::new();
    }
    let mut hits = Vec::new();
    let hit = |kind, id: &str, label: &str| Hit {
        kind,
        id: id.to_string(),
        label: label.to_string(),
        goal: None,
        subgoal: None,
    };
    for unit in &store.org {
        if matches(&[&unit.name, unit.short_name.as_deref().unwrap_or("")]) {
            hits.push(hit(HitKind::Unit, &unit.id, &unit.name));
        }
    }
    for cost_type in &store.cost_types {
        if matches(&[&cost_type.name]) {
            hits.push(hit(HitKind::CostType, &cost_type.id, &cost_type.name));
        }
    }
    // The same statements the kept names read, row by row as before.
    for (kind, sql) in names::CAPPED {
        let mut stmt = store.conn().prepare(sql).unwrap();
        let rows = stmt
            .query_map([], |r| Ok((line(r, 0), line(r, 1), line(r, 2), line(r, 3))))
            .unwrap();
        for row in rows {
            let (Some(id), Some(label), goal, subgoal) = row.unwrap() else {
                continue;
            };
            if matches(&[&label]) {
                hits.push(Hit {
                    kind,
                    id,
                    label,
                    goal,
                    subgoal,
                });
            }
            if hits.len() >= MAX_HITS {
                return hits;
            }
        }
    }
    for kpi in store.kpis().unwrap() {
        if matches(&[&kpi.name, kpi.description.as_deref().unwrap_or("")]) {
            hits.push(hit(HitKind::Kpi, &kpi.id, &kpi.name));
        }
    }
    hits.truncate(MAX_HITS);
    hits
}

const QUERIES: [&str; 14] = [
    "a",
    "e",
    "h",
    "s",
    "vård",
    "VARD",
    "personal",
    "hyrpersonal",
    "nus kir",
    "ÅTGÄRD",
    "sommar",
    "enhet",
    "zzz",
    "  ",
];

/// The names are read once per file and give the hits the tables give,
/// in the same order, the cap included (a copy with 300 more units named
/// alike passes it in the units, as a national file does).
#[test]
fn the_kept_names_find_what_the_tables_give() {
    let many = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) \
                INSERT INTO org_unit (id, parent_id, kind, name) \
                SELECT 'hsn.e' || i, 'hsn', 'unit', 'Enhet ' || i FROM n;";
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut capped = 0;
    for (store, by_rows) in [
        (Store::demo().unwrap(), Store::demo().unwrap()),
        (copy_with(one.path(), many), copy_with(two.path(), many)),
    ] {
        for query in QUERIES {
            // The reference on a file of its own: its key figures' values
            // read are not kept for the search measured.
            let kept = store.search(query).unwrap();
            assert_eq!(kept, search_by_rows(&by_rows, query), "{query:?}");
            capped += usize::from(kept.len() >= MAX_HITS);
        }
        assert_eq!(
            store.sql_steps_of(|| {
                store.search("kirurg").unwrap();
            }),
            0,
            "the names are kept"
        );
    }
    assert!(capped > 0, "the cap was reached");
    // A word in more units' names than the cap reads no other kind's.
    let (three, four) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (one_kind, every_kind) = (copy_with(three.path(), many), copy_with(four.path(), many));
    let capped = one_kind.sql_steps_of(|| {
        assert_eq!(one_kind.search("enhet").unwrap().len(), 300);
    });
    let all = every_kind.sql_steps_of(|| {
        assert!(every_kind.search("zzz").unwrap().is_empty());
    });
    assert!(capped * 10 < all, "{capped} against {all}");
}

/// Searching names no key figure's values: a key figure hit's periods are
/// its own values' dates and reports, the same as from every value read.
#[test]
fn a_key_figures_periods_come_from_its_own_values() {
    let store = Store::demo().unwrap();
    let whole = Store::demo().unwrap();
    let hits = store.search("a").unwrap();
    let kpis: Vec<&Hit> = hits.iter().filter(|h| h.kind == HitKind::Kpi).collect();
    assert!(store.kpis.get().is_none(), "no values read to search");
    let mut shown = 0;
    for kpi in whole.kpis().unwrap() {
        let hit = Hit {
            kind: HitKind::Kpi,
            id: kpi.id.clone(),
            label: kpi.name.clone(),
            goal: None,
            subgoal: None,
        };
        let expected = whole.hit_periods(&hit).unwrap();
        assert_eq!(store.hit_periods(&hit).unwrap(), expected, "{}", kpi.id);
        shown += expected.len();
    }
    assert!(store.kpis.get().is_none(), "no series read whole");
    assert!(!kpis.is_empty() && shown > 0, "{} {shown}", kpis.len());
}

/// A cost type's periods: each period asked of the focus unit and the
/// roots first, walked where none has the line. The same as the walk
/// alone, on the sample and on a copy whose region lacks some lines its
/// parts have; fewer steps where the region has a line the walk finds
/// last.
#[test]
fn a_cost_types_periods_are_the_same_asked_of_the_top_first() {
    let dir = tempfile::tempdir().unwrap();
    let lacking = copy_with(
        dir.path(),
        "DELETE FROM economy_fact WHERE org_unit_id = 'region' \
         AND cost_type_id IN ('personal', 'intakter', 'kostnader');",
    );
    let mut found = 0;
    for store in [Store::demo().unwrap(), lacking] {
        for cost_type in store.cost_types.iter().map(|c| c.id.as_str()) {
            let asked = store.cost_type_periods(cost_type).unwrap();
            let walked = store
                .periods_having("economy_fact", "cost_type_id", cost_type)
                .unwrap();
            assert_eq!(asked, walked, "{cost_type}");
            found += asked.len();
        }
    }
    assert!(found > 20, "{found}");
    // Where only the region states taxes, in every period, the walk
    // passes every other unit's lines of each period first.
    let other = tempfile::tempdir().unwrap();
    let store = copy_with(
        other.path(),
        "INSERT OR IGNORE INTO economy_fact (period_id, org_unit_id, cost_type_id, outcome) \
         SELECT id, 'region', 'skatter_bidrag', 1 FROM period;",
    );
    store.cost_type_periods("finansnetto").unwrap(); // which keys the file has
    let asked = store.sql_steps_of(|| {
        store.cost_type_periods("skatter_bidrag").unwrap();
    });
    let walked = store.sql_steps_of(|| {
        (store.periods_having("economy_fact", "cost_type_id", "skatter_bidrag")).unwrap();
    });
    assert!(asked < walked, "{asked} < {walked}");
}

/// The unit a cost type lands on, as the whole read of the period's units
/// with the line gives it.
pub(super) fn unit_by_rows(store: &Store, period: &str, cost_type: &str) -> Option<String> {
    let mut stmt = store
        .conn()
        .prepare(
            "SELECT DISTINCT org_unit_id FROM economy_fact \
             WHERE cost_type_id = ?1 AND period_id = ?2",
        )
        .unwrap();
    let units: Vec<String> = stmt
        .query_map([cost_type, period], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let focus = store.focus_unit().map(|f| f.id.clone());
    match focus.filter(|f| units.contains(f)) {
        Some(focus) => Some(focus),
        None => units
            .into_iter()
            .min_by_key(|u| (store.org_depth(u), u.clone())),
    }
}

/// A cost type's unit from the top down, one probe per unit, is the whole
/// read's: in every period for every cost type, also where the facts name
/// units the organisation lacks (they count as roots); kept once asked,
/// and a probe or two where the region has the line.
#[test]
fn a_cost_types_unit_from_the_top_down_is_the_whole_reads() {
    let dir = tempfile::tempdir().unwrap();
    let period = "2025-10";
    let strangers = copy_with(
        dir.path(),
        &format!(
            "INSERT INTO economy_fact (period_id, org_unit_id, cost_type_id, outcome) VALUES \
             ('{period}', 'aaa', 'skatter_bidrag', 1), ('{period}', 'zzz', 'finansnetto', 1), \
             ('{period}', 'zzz', 'utomlansvard', 1);"
        ),
    );
    let mut landed = BTreeSet::new();
    for store in [Store::demo().unwrap(), strangers] {
        for period in &store.periods {
            for cost_type in store.cost_types.iter().map(|c| c.id.as_str()) {
                let found = store.cost_type_unit(cost_type, &period.id).unwrap();
                let expected = unit_by_rows(&store, &period.id, cost_type);
                assert_eq!(found, expected, "{} {cost_type}", period.id);
                landed.extend(found);
            }
        }
        assert_eq!(
            store.sql_steps_of(|| {
                store.cost_type_unit("skatter_bidrag", period).unwrap();
            }),
            0,
            "kept"
        );
    }
    assert!(landed.contains("aaa"), "a stranger before the region");
    assert!(
        landed.contains("region") && landed.contains("hsn"),
        "{landed:?}"
    );
    // Only the region states taxes (in August 2024): found by probes, not
    // by reading the period's every line.
    let (store, period) = (Store::demo().unwrap(), "2024-08");
    store.cost_type_unit("finansnetto", period).unwrap(); // the keys, the units by depth
    let probed = store.sql_steps_of(|| {
        store.cost_type_unit("skatter_bidrag", period).unwrap();
    });
    let read = store.sql_steps_of(|| {
        unit_by_rows(&store, period, "skatter_bidrag");
    });
    assert!(probed < read, "{probed} < {read}");
}

/// The directives a period lists and their recipients, as the period's
/// list gives them; kept per period.
#[test]
fn a_periods_listed_directives_are_its_lists() {
    let store = Store::demo().unwrap();
    let mut listed = 0;
    for period in &store.periods {
        let kept = store.listed_directives(period).unwrap();
        let list = store.directives_for_period(period).unwrap();
        let ids: HashSet<String> = list.iter().map(|l| l.directive.id.clone()).collect();
        let recipients: HashSet<String> = (list.iter())
            .flat_map(|l| l.directive.recipients.iter().cloned())
            .collect();
        assert_eq!(kept.directives, ids, "{}", period.id);
        assert_eq!(kept.recipients, recipients, "{}", period.id);
        assert_eq!(
            store.sql_steps_of(|| {
                store.listed_directives(period).unwrap();
            }),
            0
        );
        listed += ids.len();
    }
    assert!(listed > 0);
}
