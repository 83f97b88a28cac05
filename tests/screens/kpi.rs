//! The Nyckeltal pane and the follow-up screens around it through the real
//! render path: the table at 80×24 and 120×40 for the periods whose reports
//! state the figures the source reports give, a series as a chart and as a
//! page, and the overview's key-figure lines.

use crate::common;

use tertial::ui::render::to_text;
use tertial::ui::screen::PaneId;

fn text(pane: PaneId, period: &str, size: (u16, u16), keys: &str) -> String {
    to_text(&common::screen(pane, period, size, keys))
}

fn kpi(period: &str, size: (u16, u16), keys: &str) -> String {
    text(PaneId::KeyFigures, period, size, keys)
}

#[test]
fn august_2025_shows_the_agency_staff_share_against_its_target_80x24() {
    let shown = kpi("2025-08", (80, 24), "");
    let share = shown
        .lines()
        .find(|l| l.contains("Beroende hyrpersonal"))
        .expect("the share is listed");
    assert!(share.contains("3,81 %"), "{share}");
    assert!(share.contains("0,11 p.e. över"), "{share}");
    insta::assert_snapshot!(shown);
}

#[test]
fn august_2025_120x40() {
    let shown = kpi("2025-08", (120, 40), "");
    let share = shown
        .lines()
        .find(|l| l.contains("Beroende hyrpersonal"))
        .unwrap();
    assert!(
        share.contains("3,81 %") && share.contains("3,7 %"),
        "{share}"
    );
    insta::assert_snapshot!(shown);
}

#[test]
fn october_2025_has_the_summer_contract_costs_120x40() {
    let shown = kpi("2025-10", (120, 40), "");
    let summer = shown
        .lines()
        .find(|l| l.contains("sommaravtal"))
        .expect("summer contracts");
    assert!(summer.contains("50,1 · 31,7 · 9,7"), "{summer}");
    insta::assert_snapshot!(shown);
}

#[test]
fn a_series_opens_as_a_chart_and_its_page_lists_every_value_with_source() {
    // The board's second series, sick leave: two values, two reports.
    let chart = kpi("2025-10", (100, 30), "<Down><Enter>");
    assert!(chart.contains("november 2024: 5,67 %"), "{chart}");
    insta::assert_snapshot!("chart_sick_leave_2025_10_100x30", chart);
    // The first, the agency-staff share: its page names value, target,
    // the report it comes from and how its light is computed.
    let page = kpi("2025-10", (100, 30), "i");
    assert!(page.contains("Mål           3,7 %"), "{page}");
    assert!(page.contains("(enligt ack augusti 2025)"), "{page}");
    assert!(
        page.contains("Förändring    ingen ny uppgift sedan ack augusti 2025"),
        "October carries August's value: nothing moved, and no 0 shown: {page}"
    );
    assert!(
        page.contains("HSN delårsrapport per augusti 2025"),
        "{page}"
    );
    assert!(
        page.contains("Beräknat      ◐ Delvis (ber.) ersatt av rapportens bedömning"),
        "the computed light is kept, marked as replaced: {page}"
    );
    assert!(
        page.contains("Ljus          ● uppnås rapportens bedömning"),
        "the report's judgement through directive d2025-03 is the light: {page}"
    );
    insta::assert_snapshot!("page_agency_share_2025_10_100x30", page);
}

#[test]
fn the_overview_names_the_figures_furthest_from_target_by_unit() {
    let shown = text(PaneId::Overview, "2024-08", (100, 40), "");
    for unit in ["PV:", "RV:", "SjV:"] {
        assert!(
            shown
                .lines()
                .any(|l| l.contains(unit) && l.contains("mot 2,0 %")),
            "{unit} {shown}"
        );
    }
}

/// `c` compares ack augusti 2025 with ack augusti 2024: the agency-staff
/// share and HSN's sick leave with last year's figures they link to
/// (`kpi.previous_id`), beside the distance and the light, at 80×24.
#[test]
fn against_last_year_the_linked_figures_show_how_far_they_moved_80x24() {
    let shown = kpi("2025-08", (80, 24), "c");
    assert!(shown.contains("mot aug 2024"), "{shown}");
    let row = |name: &str| {
        shown
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name}: {shown}"))
            .to_string()
    };
    let share = row("Beroende hyrperso");
    assert!(
        share.contains("0,11 p.e. över")
            && share.contains("● uppnås")
            && share.ends_with("−0,59 p.e."),
        "{share}"
    );
    assert!(row("Sjukfrånvaro, tot").ends_with("+0,2 p.e."), "{shown}");
    insta::assert_snapshot!(shown);
    let page = kpi("2025-08", (80, 24), "ci");
    assert!(
        page.contains("Förändring    −0,59 p.e. (beräknad av tertial)"),
        "{page}"
    );
    insta::assert_snapshot!("page_agency_share_against_2024_80x24", page);
}

/// #23: the overview's "Nyckeltal längst från målet" listed the
/// agency-staff share although the August report judges it reached; the
/// judged light ranks where there is one, so it is gone, in August and in
/// October (which carries August's judgement).
#[test]
fn the_overview_leaves_out_a_figure_the_report_judges_reached_80x24() {
    for period in ["2025-08", "2025-10"] {
        let shown = text(PaneId::Overview, period, (80, 24), "G");
        let section: Vec<&str> = shown
            .lines()
            .skip_while(|l| !l.starts_with("Nyckeltal längst från målet"))
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            .collect();
        assert!(!section.is_empty(), "{period}: {shown}");
        assert!(
            section.iter().all(|l| !l.contains("hyrpersonal")),
            "{period}: {shown}"
        );
        assert!(
            section.iter().any(|l| l.contains("Kostnader för tjänster")),
            "{period}: {shown}"
        );
        if period == "2025-08" {
            insta::assert_snapshot!(shown);
        }
    }
}
