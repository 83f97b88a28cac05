//! The organisation tree: region → council and boards → HSN's politiska
//! ramar → areas (hospitals, primary-care and dental areas) → clinics
//! (basenheter) → wards; Regionstyrelsen's support areas with the finance
//! unit; Regionala utvecklingsnämnden and Folkhögskolestyrelsen.

use super::Params;
use super::names::{self, Places, SPECIALTIES, WARD_KINDS};
use super::rng::Rng;
use rusqlite::{Connection, params};
use std::collections::HashMap;

/// What a unit does, which decides its cost types, sizes and beds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// Governance and aggregates: no figures of their own.
    None,
    /// A hospital ward with beds.
    Ward,
    /// A clinic's outpatient, day-care or management part.
    Outpatient,
    Primary,
    Dental,
    /// Anslag: pharmaceuticals, care bought elsewhere, aids.
    Grant,
    Support,
    /// Taxes, general state grants and the finance net.
    Finance,
    Transport,
    Culture,
    School,
    /// Patientnämnden: a small board without units.
    Patient,
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    pub parent: Option<usize>,
    pub kind: &'static str,
    pub name: String,
    pub short: Option<String>,
    pub sort: i64,
    pub line: Line,
    pub children: Vec<usize>,
}

impl Unit {
    /// Leaves with a line of business carry the economy's own figures;
    /// every other unit's figures are the sums of its children's.
    pub fn is_leaf(&self) -> bool {
        self.children.is_empty() && self.line != Line::None
    }
}

/// The tree, parents before children (so a reverse walk meets every child
/// before its parent).
#[derive(Debug, Default)]
pub struct Org {
    pub units: Vec<Unit>,
    index: HashMap<String, usize>,
}

impl Org {
    fn add(
        &mut self,
        parent: Option<usize>,
        id: String,
        kind: &'static str,
        name: impl Into<String>,
        short: Option<&str>,
        line: Line,
    ) -> usize {
        let at = self.units.len();
        let sort = parent.map_or(0, |p| 10 * (self.units[p].children.len() as i64 + 1));
        self.index.insert(id.clone(), at);
        self.units.push(Unit {
            id,
            parent,
            kind,
            name: name.into(),
            short: short.map(str::to_string),
            sort,
            line,
            children: Vec::new(),
        });
        if let Some(p) = parent {
            self.units[p].children.push(at);
        }
        at
    }

    pub fn get(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The unit by id; for ids this module creates itself.
    #[cfg(test)]
    pub fn at(&self, id: &str) -> usize {
        self.index[id]
    }

    pub fn of_kind(&self, kind: &str) -> Vec<usize> {
        (0..self.units.len())
            .filter(|&i| self.units[i].kind == kind)
            .collect()
    }

    /// `unit` and its ancestors, nearest first.
    pub fn chain(&self, unit: usize) -> Vec<usize> {
        let mut chain = vec![unit];
        let mut cursor = self.units[unit].parent;
        while let Some(p) = cursor {
            chain.push(p);
            cursor = self.units[p].parent;
        }
        chain
    }

    /// The board a unit belongs to (itself if it is one).
    pub fn board_of(&self, unit: usize) -> Option<usize> {
        self.chain(unit)
            .into_iter()
            .find(|&u| self.units[u].kind == "board")
    }

    #[cfg(test)]
    pub fn depth(&self, unit: usize) -> usize {
        self.chain(unit).len() - 1
    }
}

/// Builds the tree for the scale's parameters.
pub fn build(params: &Params, rng: &mut Rng) -> Org {
    let mut org = Org::default();
    let mut places = Places::new(rng);
    let region_name = "Region Sydmark";
    let region = org.add(
        None,
        "region".into(),
        "region",
        region_name,
        Some("RSM"),
        Line::None,
    );
    let rf = org.add(
        Some(region),
        "rf".into(),
        "council",
        "Regionfullmäktige",
        Some("RF"),
        Line::None,
    );
    for (slug, name) in [
        ("demokrati", "Demokratiberedningen"),
        ("kompetens", "Beredningen för kompetensförsörjning"),
        ("utveckling", "Beredningen för regional utveckling"),
    ] {
        org.add(
            Some(rf),
            format!("rf.{slug}"),
            "committee",
            name,
            None,
            Line::None,
        );
    }

    let rs = org.add(
        Some(region),
        "rs".into(),
        "board",
        "Regionstyrelsen",
        Some("RS"),
        Line::None,
    );
    org.add(
        Some(rs),
        "rs.forv".into(),
        "administration",
        "Regionstyrelsens förvaltning",
        Some("RSF"),
        Line::None,
    );
    for (name, slug, units) in names::SUPPORT_AREAS {
        let area = org.add(
            Some(rs),
            format!("rs.{slug}"),
            "area",
            *name,
            None,
            Line::None,
        );
        for (i, unit) in units.iter().enumerate() {
            org.add(
                Some(area),
                format!("rs.{slug}.e{}", i + 1),
                "unit",
                *unit,
                None,
                Line::Support,
            );
        }
    }
    org.add(
        Some(rs),
        "rs.fin".into(),
        "area",
        "Finansförvaltningen",
        Some("Finans"),
        Line::Finance,
    );

    hsn(&mut org, region, params, rng, &mut places);

    let run = org.add(
        Some(region),
        "run".into(),
        "board",
        "Regionala utvecklingsnämnden",
        Some("RUN"),
        Line::None,
    );
    for (name, slug, units) in names::DEVELOPMENT_AREAS {
        let area = org.add(
            Some(run),
            format!("run.{slug}"),
            "area",
            *name,
            None,
            Line::None,
        );
        let line = match *slug {
            "trafik" => Line::Transport,
            _ => Line::Culture,
        };
        for (i, unit) in units.iter().enumerate() {
            org.add(
                Some(area),
                format!("run.{slug}.e{}", i + 1),
                "unit",
                *unit,
                None,
                line,
            );
        }
    }
    let fhs = org.add(
        Some(region),
        "fhs".into(),
        "board",
        "Folkhögskolestyrelsen",
        Some("FHS"),
        Line::None,
    );
    for i in 0..params.schools {
        let place = places.next_name();
        org.add(
            Some(fhs),
            format!("fhs.s{}", i + 1),
            "unit",
            format!("{place} folkhögskola"),
            None,
            Line::School,
        );
    }
    org.add(
        Some(region),
        "pn".into(),
        "board",
        "Patientnämnden",
        Some("PN"),
        Line::Patient,
    );
    org
}

/// Hälso- och sjukvårdsnämnden: its administration, committees and the four
/// politiska ramar with everything below them.
fn hsn(org: &mut Org, region: usize, params: &Params, rng: &mut Rng, places: &mut Places) {
    let hsn = org.add(
        Some(region),
        "hsn".into(),
        "board",
        "Hälso- och sjukvårdsnämnden",
        Some("HSN"),
        Line::None,
    );
    org.add(
        Some(hsn),
        "hsn.forv".into(),
        "administration",
        "Hälso- och sjukvårdsförvaltningen",
        Some("HSF"),
        Line::None,
    );
    org.add(
        Some(hsn),
        "hsn.ber_pv".into(),
        "committee",
        "Beredningen för primärvård och tandvård",
        None,
        Line::None,
    );
    org.add(
        Some(hsn),
        "hsn.ber_fs".into(),
        "committee",
        "Beredningen för funktionshinder och samverkan",
        Some("BFS"),
        Line::None,
    );

    let pv = org.add(
        Some(hsn),
        "hsn.pv".into(),
        "frame",
        "Primärvård",
        Some("PV"),
        Line::None,
    );
    let tv = org.add(
        Some(hsn),
        "hsn.tv".into(),
        "frame",
        "Tandvård",
        Some("TV"),
        Line::None,
    );
    let sjv = org.add(
        Some(hsn),
        "hsn.sjv".into(),
        "frame",
        "Sjukhusvård",
        Some("SjV"),
        Line::None,
    );
    let aoa = org.add(
        Some(hsn),
        "hsn.aoa".into(),
        "frame",
        "Anslag och administration",
        Some("A&A"),
        Line::None,
    );

    for a in 0..params.primary_areas {
        let place = places.next_name();
        let area = org.add(
            Some(pv),
            format!("hsn.pv.o{}", a + 1),
            "area",
            format!("Primärvårdsområde {place}"),
            Some(&format!("PVO {place}")),
            Line::None,
        );
        let centres = rng.count(params.centres.0, params.centres.1);
        for c in 0..centres {
            let name = format!("Hälsocentralen {}", places.next_name());
            org.add(
                Some(area),
                format!("hsn.pv.o{}.hc{}", a + 1, c + 1),
                "unit",
                name,
                None,
                Line::Primary,
            );
        }
    }

    for a in 0..params.dental_areas {
        let place = places.next_name();
        let area = org.add(
            Some(tv),
            format!("hsn.tv.o{}", a + 1),
            "area",
            format!("Folktandvården {place}"),
            Some(&format!("FTV {place}")),
            Line::None,
        );
        let clinics = rng.count(params.dental_clinics.0, params.dental_clinics.1);
        for c in 0..clinics {
            let name = format!("Folktandvården {}", places.next_name());
            org.add(
                Some(area),
                format!("hsn.tv.o{}.k{}", a + 1, c + 1),
                "unit",
                name,
                None,
                Line::Dental,
            );
        }
    }

    for h in 0..params.hospitals {
        let place = places.next_name();
        let (name, short, clinics) = if h % 10 == 0 {
            (
                format!("Universitetssjukhuset i {place}"),
                format!("US {place}"),
                params.university_clinics,
            )
        } else if h % 3 == 1 {
            (
                format!("Länssjukhuset {place}"),
                format!("LS {place}"),
                rng.count(params.clinics.0, params.clinics.1),
            )
        } else {
            (
                format!("{place} sjukhus"),
                format!("{place} sjh"),
                rng.count(params.clinics.0 / 2, params.clinics.1 / 2),
            )
        };
        let clinics = clinics.min(SPECIALTIES.len());
        let hid = format!("hsn.sjv.s{}", h + 1);
        let hospital = org.add(
            Some(sjv),
            hid.clone(),
            "area",
            name,
            Some(&short),
            Line::None,
        );
        let mut ward_number = 0;
        for spec in &SPECIALTIES[..clinics] {
            let cid = format!("{hid}.{}", spec.slug);
            let clinic = org.add(
                Some(hospital),
                cid.clone(),
                "unit",
                spec.name,
                Some(spec.short),
                Line::None,
            );
            let wards = if spec.inpatient {
                rng.count(params.wards.0, params.wards.1)
            } else {
                0
            };
            for w in 0..wards {
                ward_number += 1;
                org.add(
                    Some(clinic),
                    format!("{cid}.a{}", w + 1),
                    "unit",
                    format!("{} {ward_number}", WARD_KINDS[0]),
                    Some(&format!("{} {ward_number}", spec.short)),
                    Line::Ward,
                );
            }
            let outpatient = rng.count(1, 3);
            for m in 0..outpatient {
                let (kind, slug) = match m {
                    0 => (WARD_KINDS[1], "mott"),
                    1 => (WARD_KINDS[2], "dag"),
                    _ => (WARD_KINDS[3], "led"),
                };
                org.add(
                    Some(clinic),
                    format!("{cid}.{slug}"),
                    "unit",
                    format!("{kind} {}", spec.short),
                    None,
                    Line::Outpatient,
                );
            }
        }
    }

    for (i, grant) in names::GRANTS.iter().enumerate() {
        org.add(
            Some(aoa),
            format!("hsn.aoa.a{}", i + 1),
            "unit",
            *grant,
            None,
            Line::Grant,
        );
    }
}

/// Writes `org_unit`.
pub fn write(conn: &Connection, org: &Org) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare(
        "INSERT INTO org_unit (id, parent_id, kind, name, short_name, sort_order) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for u in &org.units {
        let parent = u.parent.map(|p| org.units[p].id.as_str());
        stmt.execute(params![u.id, parent, u.kind, u.name, u.short, u.sort])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scale;
    use std::collections::HashSet;

    fn tree(scale: Scale, seed: u64) -> Org {
        build(&Params::of(scale), &mut Rng::new(seed).fork("org"))
    }

    #[test]
    fn one_root_parents_first_unique_ids() {
        for scale in [Scale::Small, Scale::Region] {
            let org = tree(scale, 1);
            assert_eq!(org.units[0].kind, "region");
            assert!(org.units[0].parent.is_none());
            let mut ids = HashSet::new();
            for (i, u) in org.units.iter().enumerate() {
                assert!(ids.insert(u.id.as_str()), "duplicate id {}", u.id);
                if i > 0 {
                    let p = u.parent.unwrap();
                    assert!(p < i, "{} comes before its parent", u.id);
                    assert!(u.id.starts_with(&org.units[p].id) || org.units[p].kind == "region");
                }
                if u.line == Line::None {
                    assert!(!u.is_leaf());
                }
            }
        }
    }

    #[test]
    fn region_scale_is_a_realistic_tree_of_about_a_thousand_units() {
        let org = tree(Scale::Region, 1);
        let n = org.units.len();
        assert!((900..=1_150).contains(&n), "{n} units");
        let kinds = |k: &str| org.of_kind(k).len();
        assert_eq!(kinds("region"), 1);
        assert_eq!(kinds("council"), 1);
        assert_eq!(kinds("board"), 5);
        assert_eq!(kinds("frame"), 4);
        // Every frame is HSN's, every board the region's.
        let hsn = org.at("hsn");
        for f in org.of_kind("frame") {
            assert_eq!(org.units[f].parent, Some(hsn));
        }
        for b in org.of_kind("board") {
            assert_eq!(org.units[b].parent, Some(0));
        }
        // Deep enough to drill: region → HSN → Sjukhusvård → hospital → clinic → ward.
        let deepest = (0..n).map(|u| org.depth(u)).max().unwrap();
        assert_eq!(deepest, 5);
        let wards = org.units.iter().filter(|u| u.line == Line::Ward).count();
        assert!(wards >= 300, "{wards} wards: enough for 300 bed series");
        // Exactly one finance unit, a leaf under Regionstyrelsen.
        let fin: Vec<_> = org
            .units
            .iter()
            .filter(|u| u.line == Line::Finance)
            .collect();
        assert_eq!(fin.len(), 1);
        assert!(fin[0].is_leaf());
    }

    #[test]
    fn the_tree_depends_on_the_seed_only() {
        let a = tree(Scale::Region, 5);
        let b = tree(Scale::Region, 5);
        let c = tree(Scale::Region, 6);
        let names = |o: &Org| o.units.iter().map(|u| u.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&a), names(&b));
        assert_ne!(names(&a), names(&c));
    }

    #[test]
    fn national_scale_is_about_ten_times_larger() {
        let region = tree(Scale::Region, 1).units.len();
        let national = tree(Scale::National, 1).units.len();
        assert!(
            (8 * region..=12 * region).contains(&national),
            "{region} → {national}"
        );
    }
}
