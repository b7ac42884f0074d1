//! Seeded generators of realistic *non-listed* parties: people and companies from many
//! locales and scripts, with birth dates, countries and passport numbers.
//!
//! They exist so that speed and false-alert rates are measured on data that looks like a
//! customer base rather than on list names: a million-record screening benchmark, and the
//! negative population of an effectiveness test. Everything is reproducible from the seed:
//! the random number generator is our own (SplitMix64), so an upgrade of a dependency can
//! never change a generated file. The name tables are data (`data/name_parts.txt`, see
//! `data/PROVENANCE.md`), not code.
#![deny(missing_docs)]

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A small, fast, seedable generator (SplitMix64). Not for cryptography.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator whose whole sequence is fixed by `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5851_F42D_4C95_7F2D)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * n as f64) as usize % n.max(1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// How a locale writes a person's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    /// Given name(s), then surname.
    GivenFirst,
    /// Surname, then given name, with a space (Korean in Latin, Hungarian…).
    SurnameFirst,
    /// Surname then given name with no space (Chinese, Japanese, Korean in their scripts).
    SurnameFirstJoined,
}

/// One locale of the population: its weight, countries, name order and how often its
/// names are written in Latin letters instead of their own script.
struct Locale {
    code: &'static str,
    weight: u32,
    countries: &'static [&'static str],
    order: Order,
    /// Share of records written romanized (a Russian customer in a Latin-script system).
    latin_share: f64,
}

const LOCALES: &[Locale] = &[
    Locale {
        code: "en",
        weight: 22,
        countries: &["us", "gb", "ca", "au", "ie", "nz"],
        order: Order::GivenFirst,
        latin_share: 0.0,
    },
    Locale {
        code: "de",
        weight: 6,
        countries: &["de", "at", "ch"],
        order: Order::GivenFirst,
        latin_share: 0.0,
    },
    Locale {
        code: "fr",
        weight: 5,
        countries: &["fr", "be", "ch", "ca", "sn"],
        order: Order::GivenFirst,
        latin_share: 0.0,
    },
    Locale {
        code: "es",
        weight: 8,
        countries: &["es", "mx", "ar", "co", "cl", "pe"],
        order: Order::GivenFirst,
        latin_share: 0.0,
    },
    Locale {
        code: "pt",
        weight: 4,
        countries: &["br", "pt", "ao"],
        order: Order::GivenFirst,
        latin_share: 0.0,
    },
    Locale {
        code: "it",
        weight: 3,
        countries: &["it"],
        order: Order::GivenFirst,
        latin_share: 0.0,
    },
    Locale {
        code: "pl",
        weight: 3,
        countries: &["pl"],
        order: Order::GivenFirst,
        latin_share: 0.0,
    },
    Locale {
        code: "tr",
        weight: 4,
        countries: &["tr", "de", "cy"],
        order: Order::GivenFirst,
        latin_share: 0.0,
    },
    Locale {
        code: "ru",
        weight: 8,
        countries: &["ru", "kz", "by", "am", "ge"],
        order: Order::GivenFirst,
        latin_share: 0.5,
    },
    Locale {
        code: "uk",
        weight: 3,
        countries: &["ua"],
        order: Order::GivenFirst,
        latin_share: 0.5,
    },
    Locale {
        code: "ar",
        weight: 7,
        countries: &["ae", "sa", "eg", "jo", "lb", "iq", "ma"],
        order: Order::GivenFirst,
        latin_share: 0.5,
    },
    Locale {
        code: "fa",
        weight: 2,
        countries: &["ir", "af"],
        order: Order::GivenFirst,
        latin_share: 0.5,
    },
    Locale {
        code: "zh",
        weight: 7,
        countries: &["cn", "tw", "sg", "hk", "my"],
        order: Order::SurnameFirstJoined,
        latin_share: 0.5,
    },
    Locale {
        code: "ko",
        weight: 2,
        countries: &["kr"],
        order: Order::SurnameFirstJoined,
        latin_share: 0.5,
    },
    Locale {
        code: "ja",
        weight: 2,
        countries: &["jp"],
        order: Order::SurnameFirstJoined,
        latin_share: 0.4,
    },
    Locale {
        code: "el",
        weight: 2,
        countries: &["gr", "cy"],
        order: Order::GivenFirst,
        latin_share: 0.5,
    },
    Locale {
        code: "hi",
        weight: 1,
        countries: &["in"],
        order: Order::GivenFirst,
        latin_share: 0.0,
    },
    Locale {
        code: "in",
        weight: 4,
        countries: &["in", "gb", "ae", "sg"],
        order: Order::GivenFirst,
        latin_share: 0.0,
    },
    Locale {
        code: "vi",
        weight: 2,
        countries: &["vn"],
        order: Order::SurnameFirst,
        latin_share: 0.0,
    },
];

/// The parsed name table: locale → part → values.
type Parts = BTreeMap<&'static str, BTreeMap<&'static str, Vec<&'static str>>>;

static NAME_PARTS: &str = include_str!("../data/name_parts.txt");

fn parts() -> &'static Parts {
    static PARTS: OnceLock<Parts> = OnceLock::new();
    PARTS.get_or_init(|| {
        let mut out: Parts = BTreeMap::new();
        for line in NAME_PARTS.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut f = line.splitn(3, '|');
            let (Some(locale), Some(part), Some(values)) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            let values: Vec<&str> = values
                .split(", ")
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .collect();
            out.entry(locale).or_default().insert(part, values);
        }
        out
    })
}

fn part(locale: &str, part: &str) -> &'static [&'static str] {
    parts()
        .get(locale)
        .and_then(|p| p.get(part))
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// The locales the generator draws from (ISO 639-1 codes; `in` is Indian English).
pub fn locales() -> Vec<&'static str> {
    LOCALES.iter().map(|l| l.code).collect()
}

/// Kind of a synthetic party.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartyKind {
    /// A natural person.
    Person,
    /// A company.
    Company,
}

/// One synthetic party: what a customer or supplier file holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    /// Person or company.
    pub kind: PartyKind,
    /// The full name as a customer system would hold it.
    pub name: String,
    /// Birth date (people) or incorporation date (companies), `YYYY-MM-DD`.
    pub date: Option<String>,
    /// ISO 3166-1 alpha-2 country of residence or registration, lower case.
    pub country: String,
    /// Nationality (people), alpha-2, lower case.
    pub nationality: Option<String>,
    /// A passport number (people, sometimes).
    pub passport: Option<String>,
    /// The locale the name was drawn from.
    pub locale: &'static str,
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Latin rendering of a name from a non-Latin locale, as a clerk would type it.
fn latin(s: &str) -> String {
    title_case(&interdict_text::romanize(s))
}

/// Russian and Ukrainian surnames take a feminine form.
fn feminine_surname(locale: &str, s: &str) -> String {
    if locale != "ru" {
        return s.to_string();
    }
    for (m, f) in [
        ("ов", "ова"),
        ("ев", "ева"),
        ("ёв", "ёва"),
        ("ин", "ина"),
        ("ий", "ая"),
    ] {
        if let Some(stem) = s.strip_suffix(m) {
            return format!("{stem}{f}");
        }
    }
    s.to_string()
}

/// A Russian patronymic from a father's given name.
fn patronymic(father: &str, female: bool) -> String {
    let (stem, soft) = if let Some(s) = father.strip_suffix('й') {
        (s.to_string(), true)
    } else if let Some(s) = father.strip_suffix('ь') {
        (s.to_string(), true)
    } else {
        (father.to_string(), false)
    };
    match (soft, female) {
        (false, false) => format!("{stem}ович"),
        (false, true) => format!("{stem}овна"),
        (true, false) => format!("{stem}евич"),
        (true, true) => format!("{stem}евна"),
    }
}

/// The generator: a seeded stream of parties.
#[derive(Debug, Clone)]
pub struct Generator {
    rng: Rng,
    total_weight: u32,
    /// Share of companies among the parties.
    pub company_share: f64,
}

impl Generator {
    /// A generator whose output is fixed by `seed`.
    pub fn new(seed: u64) -> Generator {
        Generator {
            rng: Rng::new(seed),
            total_weight: LOCALES.iter().map(|l| l.weight).sum(),
            company_share: 0.2,
        }
    }

    /// The generator's random source (for callers that mix in their own draws).
    pub fn rng(&mut self) -> &mut Rng {
        &mut self.rng
    }

    fn locale(&mut self) -> &'static Locale {
        let mut x = self.rng.below(self.total_weight as usize) as u32;
        for l in LOCALES {
            if x < l.weight {
                return l;
            }
            x -= l.weight;
        }
        &LOCALES[0]
    }

    fn date(&mut self, from_year: i32, to_year: i32) -> String {
        let year = from_year + self.rng.below((to_year - from_year + 1) as usize) as i32;
        let month = 1 + self.rng.below(12);
        let day = 1 + self.rng.below(28);
        format!("{year:04}-{month:02}-{day:02}")
    }

    fn passport(&mut self) -> String {
        let letters = b"ABCDEFGHJKLMNPRSTUVWXYZ";
        let mut s = String::new();
        for _ in 0..(1 + self.rng.below(2)) {
            s.push(letters[self.rng.below(letters.len())] as char);
        }
        for _ in 0..(7 + self.rng.below(2)) {
            s.push((b'0' + self.rng.below(10) as u8) as char);
        }
        s
    }

    /// The next party.
    pub fn party(&mut self) -> Party {
        if self.rng.chance(self.company_share) {
            self.company()
        } else {
            self.person()
        }
    }

    /// The next person.
    pub fn person(&mut self) -> Party {
        let l = self.locale();
        let female = self.rng.chance(0.5);
        let given = part(l.code, if female { "given_f" } else { "given_m" });
        let surnames = part(l.code, "surname");
        let first = (*self.rng.pick(given)).to_string();
        let mut surname = (*self.rng.pick(surnames)).to_string();
        if female {
            surname = feminine_surname(l.code, &surname);
        }
        let mut middle = None;
        if l.code == "ru" && self.rng.chance(0.6) {
            let father = *self.rng.pick(part("ru", "given_m"));
            middle = Some(patronymic(father, female));
        } else if l.order == Order::GivenFirst && self.rng.chance(0.15) {
            middle = Some((*self.rng.pick(given)).to_string());
        }
        let latin_form = self.rng.chance(l.latin_share);
        let mut name = match (l.order, latin_form) {
            (Order::SurnameFirstJoined, false) => format!("{surname}{first}"),
            (Order::SurnameFirstJoined, true) | (Order::SurnameFirst, _) => {
                format!("{surname} {first}")
            }
            (Order::GivenFirst, _) => match &middle {
                Some(m) => format!("{first} {m} {surname}"),
                None => format!("{first} {surname}"),
            },
        };
        if latin_form {
            name = latin(&name);
        }
        // Customer systems often hold names upper case.
        if self.rng.chance(0.2) {
            name = name.to_uppercase();
        }
        let country = (*self.rng.pick(l.countries)).to_string();
        let nationality = self
            .rng
            .chance(0.7)
            .then(|| (*self.rng.pick(l.countries)).to_string());
        Party {
            kind: PartyKind::Person,
            name,
            date: self.rng.chance(0.85).then(|| self.date(1940, 2006)),
            country,
            nationality,
            passport: self.rng.chance(0.3).then(|| self.passport()),
            locale: l.code,
        }
    }

    /// The next company.
    pub fn company(&mut self) -> Party {
        let l = self.locale();
        let word = *self.rng.pick(part(l.code, "company"));
        let industry = *self.rng.pick(part(l.code, "industry"));
        let form = *self.rng.pick(part(l.code, "form"));
        let joined = l.order == Order::SurnameFirstJoined;
        let core = if joined {
            format!("{word}{industry}")
        } else {
            format!("{word} {industry}")
        };
        let mut name = match (l.code, joined) {
            // Legal forms that lead in their languages.
            ("ru" | "uk" | "vi", _) | ("ko", _) if form != "(주)" => format!("{form} {core}"),
            (_, true) => format!("{core}{form}"),
            _ => format!("{core} {form}"),
        };
        if self.rng.chance(l.latin_share) {
            name = latin(&name);
        }
        if self.rng.chance(0.3) {
            name = name.to_uppercase();
        }
        Party {
            kind: PartyKind::Company,
            name,
            date: self.rng.chance(0.5).then(|| self.date(1950, 2024)),
            country: (*self.rng.pick(l.countries)).to_string(),
            nationality: None,
            passport: None,
            locale: l.code,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_parties_other_seed_others() {
        let a: Vec<Party> = {
            let mut g = Generator::new(7);
            (0..200).map(|_| g.party()).collect()
        };
        let b: Vec<Party> = {
            let mut g = Generator::new(7);
            (0..200).map(|_| g.party()).collect()
        };
        let c: Vec<Party> = {
            let mut g = Generator::new(8);
            (0..200).map(|_| g.party()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn every_locale_has_every_part() {
        for l in LOCALES {
            for p in [
                "given_m", "given_f", "surname", "company", "industry", "form",
            ] {
                assert!(!part(l.code, p).is_empty(), "{} lacks {p}", l.code);
            }
        }
    }

    #[test]
    fn population_mixes_scripts_kinds_and_fields() {
        let mut g = Generator::new(1);
        let parties: Vec<Party> = (0..5000).map(|_| g.party()).collect();
        let scripts: std::collections::BTreeSet<String> = parties
            .iter()
            .map(|p| format!("{:?}", interdict_text::dominant_script(&p.name)))
            .collect();
        assert!(scripts.len() >= 8, "scripts: {scripts:?}");
        let companies = parties
            .iter()
            .filter(|p| p.kind == PartyKind::Company)
            .count();
        assert!((700..1300).contains(&companies), "{companies} companies");
        assert!(parties.iter().all(|p| !p.name.trim().is_empty()));
        let distinct: std::collections::BTreeSet<&str> =
            parties.iter().map(|p| p.name.as_str()).collect();
        assert!(
            distinct.len() > 4000,
            "only {} distinct names",
            distinct.len()
        );
        assert!(parties.iter().any(|p| p.passport.is_some()));
        assert!(parties
            .iter()
            .filter_map(|p| p.date.as_deref())
            .all(|d| d.len() == 10));
    }

    #[test]
    fn russian_forms() {
        assert_eq!(feminine_surname("ru", "Смирнов"), "Смирнова");
        assert_eq!(patronymic("Сергей", false), "Сергеевич");
        assert_eq!(patronymic("Иван", true), "Ивановна");
    }
}
