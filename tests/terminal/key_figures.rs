//! Nyckeltal end to end: the real binary in a pseudo-terminal at 80×24
//! with NO_COLOR, `c` comparing a key figure with its previous-year self.

use crate::common;

use common::pty::Tui;

/// `c` in Nyckeltal at ack augusti 2025: against ack augusti 2024 the
/// agency-staff share is compared with the region's 2024 share it links to
/// (`kpi.previous_id`), in the list and on its page; `c` again goes back to
/// the previous report, where nothing moved and the column goes.
#[test]
fn c_compares_a_key_figure_with_last_years_linked_figure() {
    let mut tui = Tui::start(&["--demo"], 80, 24, &[("NO_COLOR", "1")]);
    tui.wait_for("Översikt ack oktober 2025");
    tui.send("6");
    tui.wait_for("Hälso- och sjukvårdsnämnden");
    tui.send("[");
    tui.wait_for("ack augusti 2025 mot apr 2025");
    assert!(!tui.screen().contains("Förändr."), "{}", tui.screen());
    tui.send("c");
    tui.wait_for("mot aug 2024 i fjol");
    tui.wait_for("−0,59 p.e.");
    let screen = tui.screen();
    let share = screen
        .lines()
        .find(|l| l.contains("Beroende hyrperso"))
        .unwrap_or_else(|| panic!("the share is listed:\n{screen}"));
    assert!(
        share.contains("● uppnås") && share.trim_end().ends_with("−0,59 p.e."),
        "the light and the change beside it:\n{screen}"
    );
    assert!(screen.contains("Förändr."), "{screen}");
    assert!(
        tui.selected_row().contains("Beroende hyrperso"),
        "the share is the first row:\n{screen}"
    );
    tui.send("i");
    tui.wait_for("Förändring    −0,59 p.e. (beräknad av tertial)");
    let page = tui.screen();
    assert!(
        page.contains("Förra värdet  4,4 %  senaste 12 mån per augusti 2024"),
        "{page}"
    );
    assert!(
        page.contains("Förra årets   Kostnad för hyrpersonal"),
        "{page}"
    );
    tui.send("c");
    tui.wait_for("ack augusti 2025 mot apr 2025");
    tui.wait_for("Förra värdet  – inget värde t.o.m. ack april 2025");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
