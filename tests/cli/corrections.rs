//! What a controller found wrong in the sample (#23 §3), each through
//! `tertial render` on the bundled sample, as a user would see it: the
//! figure, its precision and the heading it stands under.

use crate::common;

use common::tertial;

/// `tertial render ARGS --demo`, its standard output.
fn render(args: &[&str]) -> String {
    let mut all = vec!["render"];
    all.extend_from_slice(args);
    all.push("--demo");
    let run = tertial(&all);
    assert_eq!(run.code, 0, "{}", run.all());
    run.stdout
}

/// The CSV row whose second field starts with `name`, as fields.
fn csv_row(csv: &str, name: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    reader
        .records()
        .map(Result::unwrap)
        .find(|r| r.get(1).is_some_and(|n| n.starts_with(name)))
        .unwrap_or_else(|| panic!("no row {name} in\n{csv}"))
        .iter()
        .map(str::to_string)
        .collect()
}

/// A field of a detail page as rendered text: the rest of the line after
/// its label.
fn field(screen: &str, label: &str) -> String {
    screen
        .lines()
        .find_map(|l| l.strip_prefix(label))
        .map(|rest| rest.trim().to_string())
        .unwrap_or_else(|| panic!("no field {label} in\n{screen}"))
}

/// "Prognosen för 2024 är ett utfall på −4,5 procent": F1–F3 in August
/// 2024 are the report's full-year forecasts, not values at the end of
/// August. No value, the forecast under Prognos, the report's judgement.
#[test]
fn f1_to_f3_in_august_2024_are_forecasts_not_values() {
    let csv = render(&[
        "mal", "--period", "2024-08", "--keys", "o", "--format", "csv",
    ]);
    let header = csv_row(&csv, "Mål");
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (indicator, forecast) in [
        ("Verksamhetens resultat", "−4,5 %"),
        ("Soliditet inklusive ansvarsförbindelse", "−18 %"),
        ("Räntebärande låneskuld", "22 %"),
    ] {
        let row = csv_row(&csv, indicator);
        assert_eq!(row[column("Värde")], "", "{indicator}: no value per August");
        assert_eq!(row[column("Prognos")], forecast, "{indicator}");
        assert_eq!(row[column("Ljus")], "Inte", "{indicator}: the report's");
    }
    let detail = render(&[
        "mal",
        "--period",
        "2024-08",
        "--size",
        "120x30",
        "--keys",
        "Gkk<Space>ji",
    ]);
    assert_eq!(field(&detail, "Värde"), "inget värde");
    assert!(
        field(&detail, "Prognos helår").starts_with("−4,5 % (rapportens prognos"),
        "{detail}"
    );
}

/// The report extended "Samordnade funktionella aktiviteter…" to the end
/// of the year and says "Inga avvikelser finns": not 222 days late.
#[test]
fn samordnade_aktiviteter_run_to_the_year_end_the_report_set() {
    let csv = render(&["uppdrag", "--period", "2024-08", "--format", "csv"]);
    let row = csv_row(&csv, "Samordnade funktionella aktiviteter");
    assert!(row.contains(&"2024-12-31".to_string()), "{row:?}");
    assert!(row.contains(&"122".to_string()), "122 days left: {row:?}");
    assert!(row.contains(&"Pågående".to_string()), "{row:?}");
}

/// "Minska kostnaderna för administration med 100 mkr": the report states
/// neither a status nor who gave it. Ej angiven, both, and never late.
#[test]
fn a_status_and_an_issuer_no_source_states_are_ej_angiven() {
    let csv = render(&["uppdrag", "--period", "2024-08", "--format", "csv"]);
    let row = csv_row(&csv, "Minska kostnaderna för administration med 100 mkr");
    assert_eq!(row[2], "Ej angiven", "{row:?}");
    assert!(
        row.iter().any(|c| c.starts_with("ej angiven → ")),
        "the route names no issuer: {row:?}"
    );
    let screen = render(&["uppdrag", "--period", "2024-08", "--size", "120x30"]);
    let line = screen
        .lines()
        .find(|l| l.contains("Minska kostnaderna för admini"))
        .unwrap();
    assert!(line.contains("? Ej angiven"), "{line}");
    assert!(
        line.contains("passerat") && !line.contains("d sen"),
        "{line}"
    );
    assert!(!line.contains("Klar"), "{line}");
}

/// Every figure cites the heading it stands under: HSN's −335 mkr under
/// 3.1, its forecast −550 mkr under 3.3; in 2024 the boards' outcomes
/// under 4.1 and their forecasts under 4.3.
#[test]
fn forecasts_cite_the_heading_they_stand_under() {
    let august = render(&[
        "ekonomi", "--period", "2025-08", "--size", "120x30", "--keys", "ji",
    ]);
    assert!(
        field(&august, "Källa ").contains("3.1 Ekonomiskt resultat"),
        "{august}"
    );
    assert!(
        field(&august, "Källa, prognos").contains("3.3 Prognos för verksamhetens nettokostnader"),
        "{august}"
    );
    // October states no forecast: August's, with its own heading.
    let october = render(&[
        "ekonomi", "--period", "2025-10", "--size", "120x30", "--keys", "ji",
    ]);
    assert!(
        field(&october, "Källa, prognos").contains("3.3 Prognos för verksamhetens nettokostnader"),
        "{october}"
    );
    let rs = render(&[
        "ekonomi", "--period", "2024-08", "--size", "160x30", "--keys", "ji",
    ]);
    assert!(field(&rs, "Enhet").starts_with("Regionstyrelsen"), "{rs}");
    assert!(
        field(&rs, "Källa ").contains("4.1 Uppföljning per nämnd"),
        "{rs}"
    );
    assert!(
        field(&rs, "Källa, prognos").contains("4.3 Prognos för verksamhetens nettokostnader"),
        "{rs}"
    );
    // The report draft cites the forecast's heading too.
    let report = tertial(&["report", "--demo", "--period", "2025-08"]);
    assert_eq!(report.code, 0, "{}", report.all());
    assert!(
        report
            .stdout
            .contains("3.3 Prognos för verksamhetens nettokostnader"),
        "{}",
        report.stdout
    );
}

/// The region's "+7,0 %" is its net-cost line's ("7,0 procent"), said on
/// the row; a board's "7 procent" stays "+7 %": the source's precision,
/// both ways, as the "2,0 procent" benchmark stays "2,0 %".
#[test]
fn percentages_keep_the_sources_precision_and_say_whose_they_are() {
    let screen = render(&["ekonomi", "--period", "2024-08", "--size", "140x20"]);
    let line = |name: &str| {
        screen
            .lines()
            .find(|l| l.contains(name) && !l.contains("Resultatuppföljning"))
            .unwrap_or_else(|| panic!("{name} in\n{screen}"))
            .to_string()
    };
    assert!(
        line("Region Västerbotten").contains("+7,0 % nettokostn."),
        "{screen}"
    );
    for board in ["Regionstyrelsen", "Hälso- och sjukvårdsnämnden"] {
        let row = line(board);
        assert!(row.contains("+7 %") && !row.contains("+7,0 %"), "{row}");
    }
    assert!(
        line("Regionala utvecklingsnämnden").contains("+2 %"),
        "{screen}"
    );
    let kpis = render(&["nyckeltal", "--period", "2024-08", "--size", "140x30"]);
    assert!(kpis.contains("2,0 %"), "Riktmärket är 2,0 procent:\n{kpis}");
    assert!(!kpis.contains(" 2 % "), "{kpis}");
}

/// October has no forecast: the change of the forecast is blank in every
/// export, not 0.
#[test]
fn no_change_of_a_forecast_october_does_not_state() {
    let csv = render(&["ekonomi", "--period", "2025-10", "--format", "csv"]);
    let header = csv_row(&csv, "Enhet");
    let column = header
        .iter()
        .position(|h| h.starts_with("Förändr. progn."))
        .unwrap();
    let hsn = csv_row(&csv, "Hälso- och sjukvårdsnämnden");
    assert_eq!(hsn[column], "", "{hsn:?}");
}

/// R12 is exported as shown, to one decimal, not the division's 27.
#[test]
fn r12_is_exported_as_shown() {
    let csv = render(&["vardplatser", "--format", "csv"]);
    let header = csv_row(&csv, "Enhet");
    let r12 = header.iter().position(|h| h == "R12").unwrap();
    let region = csv_row(&csv, "Region Västerbotten");
    assert_eq!(region[r12], "672.3", "{region:?}");
}

/// Mål at 80×24: the delmål's state now and their forecast, each labelled,
/// in words (goal 1's delmål are Inte and Delvis now, without data for
/// the year end).
#[test]
fn goal_rows_show_delmal_now_and_forecast_in_words_at_80_columns() {
    let screen = render(&["mal", "--period", "2025-08", "--size", "80x24"]);
    let header = screen.lines().find(|l| l.contains("Delmål")).unwrap();
    assert!(
        header.contains("Delmål nu") && header.contains("Delmål prognos"),
        "{screen}"
    );
    let goal_1 = screen
        .lines()
        .find(|l| l.contains("1 Trygga uppväxtvillkor"))
        .unwrap();
    assert!(goal_1.contains("1 delvis 1 inte av 2"), "{goal_1}");
    assert!(goal_1.contains("0 bedömda av 2"), "{goal_1}");
}

/// Year on year (#23 §2): "Fokusarbete för bättre tillgänglighet" of 2025
/// is 2024's directive again, linked in the snapshot, so `c` (same period
/// last year) shows last year's status instead of none.
#[test]
fn a_directive_linked_to_last_years_is_compared_with_it() {
    let linked = render(&[
        "uppdrag", "--period", "2025-08", "--size", "120x40", "--keys", "cji",
    ]);
    assert!(
        field(&linked, "Uppdrag  ").starts_with("Fokusarbete"),
        "{linked}"
    );
    assert_eq!(
        field(&linked, "Förra status"),
        "▶ Pågående (ack augusti 2024)"
    );
    // A directive new this year has none.
    let new = render(&[
        "uppdrag", "--period", "2025-08", "--size", "120x40", "--keys", "cjjjji",
    ]);
    assert!(
        field(&new, "Uppdrag  ").starts_with("Förstärka Centrum mot våld"),
        "{new}"
    );
    assert!(
        field(&new, "Förra status").contains("ingen status"),
        "{new}"
    );
}
