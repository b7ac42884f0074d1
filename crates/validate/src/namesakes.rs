//! Namesakes: customers who carry a listed person's common name but are someone else, born
//! in another year and living in another country. A screening engine that knows a
//! customer's birth date or country must not alert on them; `validate` counts them among
//! its negatives, so that clearing common names is measured, not assumed.

use interdict_model::{country, DateSpec, Entity, Name, NameKind, PartialDate, Schema};
use interdict_synth::Rng;
use std::collections::HashMap;

/// Share of the negatives that are namesakes of listed people.
pub const SHARE: f64 = 0.05;

/// The locale the namesakes are reported under.
pub const LOCALE: &str = "namesake";

/// Countries a namesake may live in (one the listed person is not tied to is chosen).
const COUNTRIES: [&str; 24] = [
    "us", "gb", "de", "fr", "es", "it", "br", "mx", "co", "ar", "ru", "ua", "tr", "ir", "iq", "sa",
    "ae", "eg", "in", "pk", "cn", "kr", "jp", "ng",
];

/// A name's words, lower-cased and sorted: one key for "PEREZ, Daniel" and "Daniel Perez".
fn key(name: &str) -> Vec<String> {
    let mut words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.sort_unstable();
    words
}

/// Whether a listing states something a namesake can differ in: a birth date or a country.
fn has_attributes(e: &Entity) -> bool {
    !e.birth_dates.is_empty() || e.tied_countries().next().is_some()
}

/// Listed people whose names are common (every word a common given name or surname) and
/// whose every listing under that name, on any list, states a birth date or a country:
/// something a namesake can differ in. (A name also listed bare, with nothing to tell its
/// holders apart, is an alert for anyone who carries it.)
fn pool(entities: &[Entity]) -> Vec<&Entity> {
    let mut bare = std::collections::HashSet::new();
    for e in entities.iter().filter(|e| !has_attributes(e)) {
        for n in &e.names {
            bare.insert(key(&n.value));
        }
    }
    entities
        .iter()
        .filter(|e| e.schema == Schema::Person && has_attributes(e))
        .filter(|e| {
            let name = e.caption();
            name.split_whitespace().count() >= 2
                && !bare.contains(&key(name))
                && interdict_matcher::is_common_name(name)
        })
        .collect()
}

/// Every listed entity carrying each name (by [`key`]): a namesake must differ from each
/// of them, not only from the one whose name it borrows ("SUN, Wei" of the United States
/// is not a namesake of an OFAC "SUN, Wei" when the Denied Persons List names a Wei Sun
/// in the United States).
fn holders(entities: &[Entity]) -> HashMap<Vec<String>, Vec<&Entity>> {
    let mut m: HashMap<Vec<String>, Vec<&Entity>> = HashMap::new();
    for e in entities {
        let mut keys: Vec<Vec<String>> = e.names.iter().map(|n| key(&n.value)).collect();
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            m.entry(k).or_default().push(e);
        }
    }
    m
}

/// A birth year at least five years from every year the listings state (`None` if twenty
/// draws find none).
fn other_year(listings: &[&Entity], rng: &mut Rng) -> Option<i32> {
    let listed: Vec<i32> = listings
        .iter()
        .flat_map(|e| &e.birth_dates)
        .flat_map(|d| [Some(d.date.year), d.until.map(|u| u.year)])
        .flatten()
        .map(i32::from)
        .collect();
    (0..20)
        .map(|_| 1940 + rng.below(67) as i32)
        .find(|y| listed.iter().all(|l| (y - l).abs() >= 5))
}

/// `count` namesakes drawn with `seed`: a listed person's name as listed or given name
/// first, a birth date (85 % of the time, as generated customers have one) at least five
/// years from those of every listing of that name, and a country (and nationality, 70 %)
/// none of them names. Empty when no listed person has a common name.
pub fn namesakes(entities: &[Entity], count: usize, seed: u64) -> Vec<Entity> {
    let pool = pool(entities);
    if pool.is_empty() {
        return Vec::new();
    }
    let holders = holders(entities);
    let mut rng = Rng::new(seed ^ 0x6e61_6d65_7361_6b65);
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let listed = pool[rng.below(pool.len())];
        let name = listed.caption();
        let own = [listed];
        let listings = holders.get(&key(name)).map_or(&own[..], Vec::as_slice);
        let name = match rng.chance(0.5) {
            true => crate::deck::natural_order(name).unwrap_or_else(|| name.to_string()),
            false => name.to_string(),
        };
        let mut e = Entity::new("validate-namesake", Schema::Person);
        e.add_name(Name::new(name, NameKind::Primary));
        if rng.chance(0.85) {
            let Some(year) = other_year(listings, &mut rng) else {
                continue;
            };
            let iso = format!(
                "{year:04}-{:02}-{:02}",
                1 + rng.below(12),
                1 + rng.below(28)
            );
            e.birth_dates
                .extend(PartialDate::parse_iso(&iso).map(DateSpec::exact));
        }
        let tied: Vec<&str> = listings.iter().flat_map(|e| e.tied_countries()).collect();
        let free: Vec<&str> = COUNTRIES
            .iter()
            .copied()
            .filter(|c| !tied.iter().any(|t| country::agree(t, c)))
            .collect();
        if free.is_empty() {
            continue;
        }
        let country = free[rng.below(free.len())].to_string();
        if rng.chance(0.7) {
            e.nationalities.push(country.clone());
        }
        e.countries.push(country);
        out.push(e);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(name: &str, year: &str, country: &str) -> Entity {
        let mut e = Entity::new(format!("l-{name}"), Schema::Person);
        e.add_name(Name::new(name, NameKind::Primary));
        e.birth_dates
            .push(DateSpec::exact(PartialDate::parse_iso(year).unwrap()));
        e.nationalities.push(country.into());
        e
    }

    #[test]
    fn namesakes_share_a_common_name_and_differ_in_year_and_country() {
        let entities = vec![
            listed("PEREZ, Daniel", "1970", "co"),
            listed("Timur Nailevich SHAGIVALEEV", "1970", "ru"),
        ];
        let made = namesakes(&entities, 300, 1);
        assert_eq!(made.len(), 300);
        for n in &made {
            // Only the common name is borrowed, in either order.
            let name = &n.names[0].value;
            assert!(name == "PEREZ, Daniel" || name == "Daniel PEREZ", "{name}");
            assert!(n.countries.iter().all(|c| c != "co"), "{n:?}");
            for d in &n.birth_dates {
                assert!((i32::from(d.date.year) - 1970).abs() >= 5, "{n:?}");
            }
        }
        let dated = made.iter().filter(|n| !n.birth_dates.is_empty()).count();
        assert!((230..=280).contains(&dated), "{dated}");
        // A namesake differs from every listing of the name, not only the one it borrows.
        let mut other = listed("Daniel Perez", "1990", "es");
        other.schema = Schema::LegalEntity;
        let with_other = [entities[0].clone(), other];
        for n in namesakes(&with_other, 300, 2) {
            assert!(n.countries.iter().all(|c| c != "co" && c != "es"), "{n:?}");
            for d in &n.birth_dates {
                let y = i32::from(d.date.year);
                assert!((y - 1970).abs() >= 5 && (y - 1990).abs() >= 5, "{n:?}");
            }
        }
        // No one to borrow from: none.
        assert!(namesakes(&entities[1..], 10, 1).is_empty());
    }
}
