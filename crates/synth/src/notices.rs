//! Data-quality notices: a few per period, about the whole region or one
//! board, frame or area, on each topic the cockpit shows them under.

use super::org::Org;
use super::rng::Rng;
use super::{Params, Period};
use rusqlite::{Connection, params};

/// Topic and text; `{}` is the unit's name (or the region's).
const NOTICES: &[(&str, &str)] = &[
    (
        "general",
        "Efter bytet av journalsystem kan datakvaliteten för {} inte garanteras.",
    ),
    (
        "general",
        "Siffrorna för {} är preliminära: perioden är inte stängd i ekonomisystemet.",
    ),
    (
        "economy",
        "Utfallet för {} påverkas av en engångskostnad som inte var budgeterad.",
    ),
    (
        "economy",
        "Periodiseringen av semesterlöneskulden gör att utfallet för {} inte är jämförbart med budget.",
    ),
    (
        "economy",
        "Ett sänkt PO-pålägg påverkar jämförelsen med föregående år för {}.",
    ),
    (
        "goals",
        "Flera indikatorer för {} följs bara upp årsvis och saknar värde för perioden.",
    ),
    (
        "goals",
        "Väntetidsdata för {} kan inte tas ut ur journalsystemet för perioden.",
    ),
    (
        "directives",
        "Uppdragen för {} rapporteras i sin helhet först i årsredovisningen.",
    ),
    (
        "beds",
        "Antalet disponibla vårdplatser för {} är preliminärt för perioden.",
    ),
    (
        "kpi",
        "Nyckeltalen för sjukfrånvaro inom {} avser föregående månad.",
    ),
];

pub fn write(
    conn: &Connection,
    org: &Org,
    periods: &[Period],
    params: &Params,
    rng: &mut Rng,
) -> rusqlite::Result<()> {
    // Where each topic's notices apply: beds at the hospitals, goals and
    // directives at the boards, the rest anywhere in the tree's upper levels.
    let units_for = |topic: &str| -> Vec<usize> {
        let sjv = org.get("hsn.sjv");
        org.units
            .iter()
            .enumerate()
            .filter(|(_, u)| match topic {
                "beds" => u.parent == sjv && sjv.is_some(),
                "goals" | "directives" => u.kind == "board",
                _ => matches!(u.kind, "board" | "frame" | "area"),
            })
            .map(|(i, _)| i)
            .collect()
    };
    let mut stmt = conn.prepare(
        "INSERT INTO notice (period_id, org_unit_id, topic, text, illustrative) VALUES (?1, ?2, ?3, ?4, 1)",
    )?;
    for period in periods {
        for _ in 0..rng.count(params.notices.0, params.notices.1) {
            let (topic, text) = *rng.pick(NOTICES);
            let places = units_for(topic);
            let unit = (!places.is_empty() && rng.chance(80)).then(|| *rng.pick(&places));
            let name = unit.map_or(org.units[0].name.as_str(), |u| org.units[u].name.as_str());
            stmt.execute(params![
                period.id,
                unit.map(|u| org.units[u].id.as_str()),
                topic,
                text.replace("{}", name)
            ])?;
        }
    }
    Ok(())
}
