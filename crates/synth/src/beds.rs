//! Available beds (disponibla vårdplatser, average per day) per month for
//! whole clinics: each ward's series, and for the clinic, the hospital,
//! Sjukhusvård, HSN and the region the exact sums of the series below them.
//! Each unit has a målbild (the sum of its wards' below it); some wards have
//! an event that opened or closed beds, which the series follow from that
//! month on.

use super::economy::tenths_text;
use super::org::{Line, Org};
use super::rng::Rng;
use super::{Params, Period};
use rusqlite::{Connection, params};
use std::collections::BTreeSet;

/// Share of a ward's beds open each month, in per cent (summer closures).
const SEASON: [i64; 12] = [100, 100, 100, 99, 97, 88, 68, 78, 97, 100, 100, 92];

const EVENTS: &[(&str, &str, i64, i64)] = &[
    ("IMA", "Intermediärvårdsavdelning öppnar", 4, 8),
    ("KAVA", "Kirurgisk akutvårdsavdelning öppnar", 6, 10),
    ("KUA", "Klinisk undervisningsavdelning öppnar", 2, 4),
    (
        "Neddragning",
        "Vårdplatser stängs på grund av brist på sjuksköterskor",
        -6,
        -2,
    ),
    (
        "Omstrukturering",
        "Vårdplatser flyttas till en annan avdelning",
        -4,
        -2,
    ),
    ("Nya platser", "Nya vårdplatser efter ombyggnad", 2, 6),
];

pub fn write(
    conn: &Connection,
    org: &Org,
    periods: &[Period],
    params: &Params,
    rng: &mut Rng,
) -> rusqlite::Result<()> {
    let Some(last) = periods.last() else {
        return Ok(());
    };
    // Whole clinics with wards, in the tree's order, until the target count
    // of series (wards and everything above them) is reached.
    let mut chosen: BTreeSet<usize> = BTreeSet::new();
    let mut wards: Vec<usize> = Vec::new();
    for (c, clinic) in org.units.iter().enumerate() {
        if chosen.len() >= params.bed_series {
            break;
        }
        let own: Vec<usize> = clinic
            .children
            .iter()
            .copied()
            .filter(|&w| org.units[w].line == Line::Ward)
            .collect();
        if own.is_empty() {
            continue;
        }
        for &w in &own {
            chosen.insert(w);
            wards.push(w);
        }
        chosen.extend(org.chain(c));
    }

    let months = params.bed_months;
    let end = i64::from(last.year) * 12 + i64::from(last.month) - 1;
    let start = end - months as i64 + 1;
    let month_text = |m: i64| format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1);

    // series[u][k]: tenths of beds in month start + k.
    let mut series: Vec<Vec<i64>> = vec![Vec::new(); org.units.len()];
    let mut targets = vec![0i64; org.units.len()];
    let mut event = conn.prepare(
        "INSERT INTO bed_event (date, org_unit_id, label, text, bed_change, illustrative) \
         VALUES (?1, ?2, ?3, ?4, ?5, 1)",
    )?;
    for (i, &w) in wards.iter().enumerate() {
        let base = rng.range(120, 320);
        let trend = rng.range(-8, 6);
        // One ward in five, and always the first, opens or closes beds.
        let step = (i == 0 || rng.chance(20)).then(|| {
            let (label, text, lo, hi) = *rng.pick(EVENTS);
            let at = rng.range(months as i64 / 2, months as i64 - 1);
            (label, text, rng.range(lo, hi), at)
        });
        let mut values = Vec::with_capacity(months);
        for k in 0..months as i64 {
            let month = (start + k).rem_euclid(12) as usize;
            let level = base
                + trend * k / 12
                + step.map_or(0, |(_, _, beds, at)| if k >= at { beds * 10 } else { 0 });
            let value = (level * SEASON[month] / 100 + rng.noise(8)).max(0);
            values.push(value);
        }
        targets[w] = (base + base / 20 + step.map_or(0, |s| s.2.max(0) * 10)) / 10 * 10;
        if let Some((label, text, beds, at)) = step {
            let m = start + at;
            let day = rng.range(1, 28);
            let date = format!("{}-{day:02}", month_text(m));
            let unit = &org.units[w];
            event.execute(params![
                date,
                unit.id,
                label,
                format!(
                    "{text}: {} ({beds:+} platser).",
                    unit.short.as_deref().unwrap_or(&unit.name)
                ),
                beds
            ])?;
        }
        series[w] = values;
    }
    // Sums upwards, children before parents.
    for u in (0..org.units.len()).rev() {
        if !chosen.contains(&u) || series[u].is_empty() {
            continue;
        }
        if let Some(p) = org.units[u].parent.filter(|p| chosen.contains(p)) {
            let child = std::mem::take(&mut series[u]);
            let parent = &mut series[p];
            if parent.is_empty() {
                parent.resize(months, 0);
            }
            for (a, b) in parent.iter_mut().zip(&child) {
                *a += b;
            }
            series[u] = child;
            targets[p] += targets[u];
        }
    }
    let mut month_row = conn.prepare(
        "INSERT INTO bed_month (org_unit_id, month, available, illustrative) VALUES (?1, ?2, ?3, 1)",
    )?;
    let mut target_row = conn.prepare(
        "INSERT INTO bed_target (org_unit_id, beds, description, illustrative) VALUES (?1, ?2, ?3, 1)",
    )?;
    for &u in &chosen {
        let id = &org.units[u].id;
        for (k, &v) in series[u].iter().enumerate() {
            month_row.execute(params![id, month_text(start + k as i64), tenths_text(v)])?;
        }
        target_row.execute(params![
            id,
            tenths_text(targets[u]),
            "Målbild (illustrativ): påhittad nivå för en syntetisk region."
        ])?;
    }
    Ok(())
}
