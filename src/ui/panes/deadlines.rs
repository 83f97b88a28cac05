//! Uppdrag › Förfaller: what falls due within a horizon from the period's
//! end (`t`, again for a longer one) — the period's directives not yet
//! done, and next year's plan directives due before that year starts (the
//! Regionplan's items decided at the December meeting). A date a report
//! moved decides, not the one first given; late ones lead.

use super::Ctx;
use crate::data::{self, directives::Listed};
use crate::domain::status::{DirectiveStatus, days_left};
use crate::ui::format;
use crate::ui::screen::{Body, Cell, Column, Nav, Raw, Row, Screen, ScreenKey, Table};
use crate::ui::theme::Sem;

/// The horizons `t` steps through, in days from the period's end.
pub const HORIZONS: [u16; 4] = [30, 90, 180, 365];

/// The horizon after `days`, back to the first after the longest.
pub fn longer(days: u16) -> u16 {
    HORIZONS
        .iter()
        .copied()
        .find(|h| *h > days)
        .unwrap_or(HORIZONS[0])
}

/// One directive that falls due: its date, days left (negative: late).
struct Due {
    listed: Listed,
    date: chrono::NaiveDate,
    left: i64,
    plan: bool,
}

/// The list shown under `key`, each row opening `detail(id)` (the keys
/// come from the Uppdrag pane, which this file does not import).
pub fn build(
    ctx: &Ctx<'_>,
    key: ScreenKey,
    days: u16,
    detail: &dyn Fn(&str) -> ScreenKey,
) -> data::Result<Screen> {
    let from = ctx.period.end_date.unwrap_or(ctx.today);
    let mut due: Vec<Due> = Vec::new();
    let this_year = ctx.store.directives_for_period(ctx.period)?;
    let next_year = ctx.store.directives_of_year(ctx.period.year + 1)?;
    let listed = this_year
        .into_iter()
        .map(|l| (l, false))
        .chain(next_year.into_iter().map(|l| (l, true)));
    for (l, plan) in listed {
        let done = matches!(
            l.status.as_ref().and_then(|s| s.status),
            Some(DirectiveStatus::Done | DirectiveStatus::DoneWithDeviation)
        );
        let Some(date) = l.due() else { continue };
        let left = days_left(from, date);
        if done
            || left > i64::from(days)
            || due.iter().any(|d| d.listed.directive.id == l.directive.id)
        {
            continue;
        }
        due.push(Due {
            listed: l,
            date,
            left,
            plan,
        });
    }
    due.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then_with(|| a.listed.directive.title.cmp(&b.listed.directive.title))
    });
    let rows = due.iter().map(|d| row(ctx, d, detail)).collect();
    let caption = Cell::new(
        format!(
            "Förfaller inom {days} dagar från periodens slut ({from}), sena först · t: {} dagar · Enter öppnar",
            longer(days)
        ),
        Sem::Dim,
    );
    let table = Table {
        columns: vec![
            Column::name("Uppdrag", 30),
            Column::text("Förfaller", 10, 1),
            Column::number("Kvar", 9, 1),
            Column::text("Bedömning", 11, 2),
            Column::text("Anmärkning", 24, 3),
            Column::text("Status", 18, 4),
        ],
        rows,
        empty: format!(
            "Inget förfaller inom {days} dagar från {} (t: längre horisont).",
            ctx.period.label
        ),
        caption: Some(caption),
    };
    Ok(Screen::new(
        key,
        format!("Förfaller inom {days} d"),
        Body::Table(table),
    ))
}

fn row(ctx: &Ctx<'_>, due: &Due, detail: &dyn Fn(&str) -> ScreenKey) -> Row {
    let l = &due.listed;
    let d = &l.directive;
    // The same words as the list's: a directive whose status no source
    // states has "passerat", not "d sen".
    let left = format::remaining(l.status.as_ref().and_then(|s| s.status), Some(due.left));
    let moved = l
        .status
        .as_ref()
        .and_then(|s| s.moved_end_date.map(|_| s))
        .filter(|_| l.due() != d.end_date);
    let note = match (moved, due.plan) {
        (Some(s), _) => format!(
            "flyttat från {} ({})",
            d.end_date
                .map_or_else(|| "–".to_string(), |e| e.to_string()),
            format::short_period_of(ctx.store, &s.period_id)
        ),
        (None, true) => format!(
            "plan {}",
            d.year.map_or_else(String::new, |y| y.to_string())
        ),
        (None, false) => String::new(),
    };
    let open = Nav::Push(detail(&d.id));
    Row {
        id: d.id.clone(),
        cells: vec![
            Cell::plain(d.title.clone()),
            Cell::plain(due.date.to_string()).valued(Raw::Date(due.date)),
            left,
            format::judged(l.judged()),
            Cell::new(note, Sem::Dim),
            l.status
                .as_ref()
                .and_then(|s| s.status)
                .map_or_else(|| Cell::new("ingen status", Sem::Dim), format::status),
        ],
        drill: Some(open.clone()),
        detail: Some(open),
        exception: due.left < 0 || l.judged().at_risk(),
        source: Some(
            l.status
                .as_ref()
                .map_or(&d.provenance, |s| &s.provenance)
                .clone(),
        ),
        as_of: l.status.as_ref().map(|s| s.period_id.clone()),
        ..Row::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::panes::testing;

    fn due(period: &str, days: u16) -> Vec<Vec<String>> {
        let store = testing::store();
        let cx = testing::ctx(store, period);
        let list = || crate::ui::panes::PaneId::Directives.root();
        let screen = build(&cx, list(), days, &|_| list()).unwrap();
        screen
            .rows()
            .iter()
            .map(|r| {
                std::iter::once(r.id.clone())
                    .chain(r.cells.iter().map(Cell::text))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn horizons_grow_and_start_over() {
        assert_eq!(longer(30), 90);
        assert_eq!(longer(90), 180);
        assert_eq!(longer(365), 30);
    }

    #[test]
    fn october_lists_the_plan_directives_due_at_the_december_meeting() {
        let within_30 = due("2025-10", 30);
        assert!(within_30.is_empty(), "{within_30:?}");
        let within_90 = due("2025-10", 90);
        let ids: Vec<&str> = within_90.iter().map(|r| r[0].as_str()).collect();
        let mut first = ids[..2].to_vec();
        first.sort_unstable();
        assert_eq!(first, ["d2026-01", "d2026-02"], "2025-12-10 first");
        let plan = &within_90[1];
        assert_eq!(plan[2], "2025-12-10");
        assert_eq!(plan[3], "40 d");
        assert_eq!(plan[5], "plan 2026");
        assert_eq!(plan[6], "ingen status");
        assert!(ids.contains(&"d2025-01"), "the year's ongoing directives");
        assert!(!ids.contains(&"d2025-11"), "done: nothing falls due");
        assert!(!ids.contains(&"d2025-02"), "done with a deviation");
        let staff = within_90.iter().find(|r| r[0] == "d2025-13").unwrap();
        assert_eq!(staff[4], "○ uppnås ej", "the report's judgement beside it");
    }

    #[test]
    fn the_moved_date_not_the_first_decides() {
        let august_2024 = due("2024-08", 180);
        let moved = august_2024.iter().find(|r| r[0] == "d2024-02").unwrap();
        assert_eq!(moved[2], "2024-12-31");
        assert_eq!(moved[3], "122 d", "not 222 days late");
        assert_eq!(moved[5], "flyttat från 2024-01-22 (aug 2024)");
        let shorter = due("2024-08", 90);
        assert!(
            shorter.iter().all(|r| r[0] != "d2024-02"),
            "due after 90 days"
        );
    }
}
