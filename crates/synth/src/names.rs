//! Swedish-looking names for a synthetic region: places, clinics and the
//! words that texts are built from. All made up; any likeness to a real place
//! is a coincidence of Swedish place-name grammar.

use super::rng::Rng;

const PREFIXES: &[&str] = &[
    "Björk", "Gran", "Lind", "Ek", "Ask", "Al", "Rönn", "Sälg", "Tall", "Hägg", "Norr", "Sör",
    "Öster", "Väster", "Mellan", "Lill", "Stor", "Hög", "Djup", "Lång", "Bred", "Sand", "Sten",
    "Mal", "Kvarn", "Mo", "Myr", "Kall", "Ljus", "Skog", "Berg", "Dal", "Sjö", "Ström", "Strand",
    "Fors", "Hult", "Rå", "Kron", "Vall",
];

const SUFFIXES: &[&str] = &[
    "by", "berga", "vik", "viken", "å", "ån", "dal", "dalen", "fors", "forsen", "holm", "ås",
    "åsen", "näs", "torp", "hamn", "stad", "heden", "liden", "träsk", "myran", "sele", "bäcken",
    "sund", "mark", "ryd", "köping", "mo", "lunda", "sjön",
];

/// Place names in a seeded order, each used once (then again with a number).
pub struct Places {
    names: Vec<String>,
    next: usize,
}

impl Places {
    pub fn new(rng: &mut Rng) -> Places {
        let mut names = Vec::with_capacity(PREFIXES.len() * SUFFIXES.len());
        for prefix in PREFIXES {
            let lower = prefix.to_lowercase();
            for suffix in SUFFIXES {
                if suffix.starts_with(&lower) || lower.ends_with(suffix) {
                    continue; // "Sjösjön", "Momo"
                }
                names.push(format!("{prefix}{suffix}"));
            }
        }
        rng.shuffle(&mut names);
        Places { names, next: 0 }
    }

    pub fn next_name(&mut self) -> String {
        let round = self.next / self.names.len();
        let name = &self.names[self.next % self.names.len()];
        self.next += 1;
        if round == 0 {
            name.clone()
        } else {
            format!("{name} {}", round + 1)
        }
    }
}

/// A hospital clinic (basenhet): name, short name, id slug, and whether it
/// has inpatient wards (with beds).
pub struct Specialty {
    pub name: &'static str,
    pub short: &'static str,
    pub slug: &'static str,
    pub inpatient: bool,
}

const fn sp(
    name: &'static str,
    short: &'static str,
    slug: &'static str,
    inpatient: bool,
) -> Specialty {
    Specialty {
        name,
        short,
        slug,
        inpatient,
    }
}

/// Clinics of a large hospital, the most common first: smaller hospitals take
/// a prefix of this list.
pub const SPECIALTIES: &[Specialty] = &[
    sp("Medicincentrum", "MC", "med", true),
    sp("Kirurgcentrum", "KirC", "kir", true),
    sp("Akutcentrum", "Akut", "akut", false),
    sp("Rörelseorganens centrum", "ROC", "roc", true),
    sp("Kvinnokliniken", "KK", "kk", true),
    sp("Anestesi och intensivvård", "IVA", "iva", true),
    sp("Psykiatriska kliniken", "Psyk", "psyk", true),
    sp("Bild- och funktionsmedicin", "BFM", "bfm", false),
    sp("Barn- och ungdomscentrum", "BUC", "buc", true),
    sp("Geriatriskt centrum", "Ger", "ger", true),
    sp("Hjärtcentrum", "HjC", "hjc", true),
    sp("Infektionskliniken", "Inf", "inf", true),
    sp("Laboratoriemedicin", "Lab", "lab", false),
    sp("Ögonkliniken", "Ögon", "ogon", false),
    sp("Öron-, näs- och halskliniken", "ÖNH", "onh", true),
    sp("Cancercentrum", "CC", "cc", true),
    sp("Neurocentrum", "NC", "nc", true),
    sp("Njurmedicinska kliniken", "Njur", "njur", true),
    sp("Barn- och ungdomspsykiatrin", "BUP", "bup", true),
    sp("Rehabiliteringscentrum", "Rehab", "rehab", true),
    sp("Hud- och STD-kliniken", "Hud", "hud", false),
    sp("Urologiska kliniken", "Uro", "uro", true),
    sp("Lungmedicin", "Lung", "lung", true),
    sp("Hematologiska kliniken", "Hem", "hem", true),
    sp("Reumatologiska kliniken", "Reum", "reum", false),
    sp("Endokrinologi och diabetes", "Endo", "endo", false),
    sp("Strålbehandling", "Strål", "stral", false),
    sp("Plastikkirurgiska kliniken", "Plast", "plast", true),
    sp("Käkkirurgiska kliniken", "Käk", "kak", false),
    sp("Rättspsykiatriskt centrum", "RPC", "rpc", true),
    sp("Smärtcentrum", "Smärta", "smarta", false),
    sp("Habiliteringscentrum", "Hab", "hab", false),
    sp("Klinisk fysiologi", "KlinFys", "klf", false),
    sp("Sjukhusapoteket", "Apotek", "apo", false),
    sp("Thoraxkirurgi", "Thorax", "thx", true),
    sp("Neurokirurgi", "NK", "nk", true),
];

/// Wards and other parts of a clinic.
pub const WARD_KINDS: &[&str] = &["Vårdavdelning", "Mottagning", "Dagvård", "Ledning och stab"];

/// Support units of Regionstyrelsen's areas.
pub const SUPPORT_AREAS: &[(&str, &str, &[&str])] = &[
    (
        "Regionstab",
        "stab",
        &[
            "Ekonomienheten",
            "HR-enheten",
            "Kommunikationsenheten",
            "Kansliet",
            "Säkerhetsenheten",
            "Juridiska enheten",
            "Upphandlingsenheten",
            "Analysenheten",
        ],
    ),
    (
        "Digitalisering och service",
        "ds",
        &[
            "IT-drift",
            "IT-förvaltning",
            "Servicedesk",
            "Medicinsk teknik",
            "Vårdnära service",
            "Kost",
            "Tvätteri",
            "Transport och logistik",
            "Arkiv",
            "Telefoni",
        ],
    ),
    (
        "Fastighet",
        "fast",
        &[
            "Fastighetsförvaltning",
            "Lokalplanering",
            "Byggprojekt",
            "Energi och miljö",
            "Drift och underhåll",
        ],
    ),
    (
        "Kompetens och utveckling",
        "komp",
        &[
            "Utbildningsenheten",
            "Bemanningscentrum",
            "Företagshälsovård",
            "Forskning och innovation",
        ],
    ),
];

/// Units under Regionala utvecklingsnämnden's areas.
pub const DEVELOPMENT_AREAS: &[(&str, &str, &[&str])] = &[
    (
        "Kollektivtrafik",
        "trafik",
        &[
            "Länstrafiken",
            "Färdtjänst",
            "Skolskjuts",
            "Trafikplanering",
        ],
    ),
    (
        "Kultur",
        "kultur",
        &[
            "Länsmuseet",
            "Länsteatern",
            "Regionbiblioteket",
            "Kulturstöd",
        ],
    ),
    (
        "Näringsliv och samhälle",
        "nar",
        &[
            "Näringslivsutveckling",
            "Kompetensförsörjning",
            "Infrastruktur",
        ],
    ),
];

/// Grants and common costs under the frame Anslag och administration.
pub const GRANTS: &[&str] = &[
    "Läkemedel inom förmånen",
    "Utomlänsvård",
    "Hjälpmedel",
    "Patientresor",
    "Privata vårdgivare",
    "HSN gemensamt",
    "Vårdval specialistvård",
    "Tolkförmedling",
];
