//! `tertial diff` on a terminal pages its output through `$PAGER`, as git
//! does; a pager that cannot be started leaves it printed.

use crate::common;

use common::pty::Tui;

const RESTATE: &str = "UPDATE economy_fact SET deviation = deviation - CAST(?1 AS INTEGER) \
     WHERE period_id = '2025-10' AND org_unit_id = 'hsn.sjukhusvard' AND cost_type_id IS NULL";

#[test]
fn diff_on_a_terminal_goes_through_the_pager_and_without_one_is_printed() {
    let (_dir, new) = common::sample_with(&[(RESTATE, "1000000")]);
    let new = new.to_str().unwrap();
    let mut tui = Tui::start(
        &["diff", "sample.db", new],
        100,
        30,
        &[("PAGER", "sed s/^/PAGED:/")],
    );
    tui.wait_for("PAGED:1 difference (economy 1)");
    assert_eq!(tui.wait_exit(), 1);
    assert!(tui.screen().contains("PAGED:economy"), "{}", tui.screen());
    let mut tui = Tui::start(
        &["diff", "sample.db", new],
        100,
        30,
        &[("PAGER", "/nonexistent/pager -R")],
    );
    tui.wait_for("1 difference (economy 1)");
    assert_eq!(tui.wait_exit(), 1);
    assert!(!tui.screen().contains("PAGED"), "{}", tui.screen());
}
