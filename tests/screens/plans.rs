//! What format 4 added, on the screens a controller looks at: Ekonomi's
//! investment report (`v`) and a line's page with its source, HSN's planned
//! changes for 2026 under the year's frame (`b`), the stated change of taxes
//! and grants on its line's page, and a key figure's groups on its page.

use crate::common;

use tertial::ui::render::to_text;
use tertial::ui::screen::PaneId;

fn economy(period: &str, size: (u16, u16), keys: &str) -> String {
    to_text(&common::screen(PaneId::Economy, period, size, keys))
}

fn line<'a>(shown: &'a str, containing: &str) -> &'a str {
    shown
        .lines()
        .find(|l| l.contains(containing))
        .unwrap_or_else(|| panic!("no line with {containing:?} in\n{shown}"))
}

#[test]
fn the_2024_investment_report_lists_each_line_in_result_sign_80x24() {
    let shown = economy("2024-08", (80, 24), "v");
    let total = line(&shown, "Investeringar totalt");
    assert!(
        total.contains("−522") && total.contains("−945") && total.contains("−15"),
        "{total}"
    );
    // A part stands indented under its line.
    let fastighet = line(&shown, "Fastighet");
    let parking = line(&shown, "Parkeringshuset");
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '▌']).len();
    assert!(indent(parking) > indent(fastighet), "{shown}");
    assert!(parking.contains("+78"), "{parking}");
    insta::assert_snapshot!(shown);
}

#[test]
fn an_investment_lines_page_cites_the_heading_it_stands_under() {
    let shown = economy("2024-08", (80, 24), "vjji");
    assert!(shown.contains("Pågående projekt"), "{shown}");
    assert!(
        line(&shown, "Prognosavvikelse").contains("+16 mkr"),
        "{shown}"
    );
    assert!(
        shown.contains("5.1") && shown.contains("Investeringar inom fastighet: Pågående projekt"),
        "{shown}"
    );
    insta::assert_snapshot!(shown);
}

#[test]
fn no_investment_report_in_2025_says_so() {
    let shown = economy("2025-08", (80, 24), "v");
    assert!(
        shown.contains("Ingen investeringsredovisning i år t.o.m. ack augusti 2025."),
        "{shown}"
    );
}

#[test]
fn the_2026_frame_is_followed_by_the_boards_planned_changes_80x24() {
    let shown = economy("2025-10", (80, 24), "b");
    assert!(shown.contains("Planerade förändringar 2026"), "{shown}");
    assert!(
        line(&shown, "kirurgis").contains("öppnar +8 vårdpl."),
        "{shown}"
    );
    assert!(
        line(&shown, "förvaltning för").contains("öppnar 12 tjänster"),
        "{shown}"
    );
    insta::assert_snapshot!(shown);
}

#[test]
fn a_planned_changes_page_has_its_decision_and_source() {
    // The second planned change: the move of the primary-care on-call.
    let shown = economy("2025-10", (80, 24), "bjjjjjjjjjjjji");
    assert!(shown.contains("Flytt av primärvårdsjour"), "{shown}");
    assert!(line(&shown, "Beslut").contains("HSN, 2025-06"), "{shown}");
    assert!(
        shown.contains("Nämndens planerade verksamhetsförändringar"),
        "{shown}"
    );
    insta::assert_snapshot!(shown);
}

#[test]
fn taxes_and_grants_page_states_the_change_against_last_year() {
    // Region → its cost types → Skatteintäkter och generella statsbidrag.
    let shown = economy("2024-08", (80, 24), "<Enter>jjjjjjjjjjji");
    assert!(
        shown.contains("Skatteintäkter och generella statsbidrag"),
        "{shown}"
    );
    let change = line(&shown, "Förändring mot fg år");
    assert!(change.contains("+473 mkr"), "{change}");
    assert!(
        line(&shown, "Kostnadsutveckling").contains("+6,9 %"),
        "{shown}"
    );
    insta::assert_snapshot!(shown);
}

#[test]
fn sick_leave_lists_its_groups_each_with_its_span_and_source() {
    // HSN's sick leave, the board's second key figure in August 2025.
    let shown = to_text(&common::screen(
        PaneId::KeyFigures,
        "2025-08",
        (100, 40),
        "ji",
    ));
    assert!(shown.contains("Per grupp"), "{shown}");
    let women = line(&shown, "Sjukfrånvaro, kvinnor");
    assert!(
        women.contains("6,3 %") && women.contains("utan angiven mätperiod"),
        "{women}"
    );
    assert!(
        shown.contains("2.4 Väsentliga personalförhållanden: Sjukfrånvaroutveckling"),
        "{shown}"
    );
    insta::assert_snapshot!(shown);
}

#[test]
fn groups_stand_indented_under_their_figure_in_the_list() {
    let shown = to_text(&common::screen(PaneId::KeyFigures, "2025-08", (80, 24), ""));
    let total = line(&shown, "Sjukfrånvaro, total");
    // Listed by what the figure's name does not say (#23 §4: at 80
    // columns "Sjukfrånvaro, …" cut the groups to one name).
    let women = shown
        .lines()
        .find(|l| l.trim_start_matches([' ', '▌']).starts_with("kvinnor "))
        .unwrap_or_else(|| panic!("no group 'kvinnor' in\n{shown}"));
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '▌']).len();
    assert_eq!(indent(women), indent(total) + 2, "{shown}");
}
