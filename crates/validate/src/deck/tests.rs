//! Unit tests of `deck`.

use super::*;

fn rng() -> Rng {
    Rng::new(7)
}

#[test]
fn cases_carry_the_listed_partys_date_and_countries_as_often_as_customers_do() {
    use interdict_model::{Name, PartialDate};
    let mut people = Vec::new();
    for i in 0..200 {
        let mut e = Entity::new(format!("p{i}"), Schema::Person);
        e.add_name(Name::new(
            format!("Timur Nailevich SHAGIVALEEV{i}"),
            NameKind::Primary,
        ));
        e.birth_dates.push(interdict_model::DateSpec::exact(
            PartialDate::parse_iso("1970-03-02").unwrap(),
        ));
        e.nationalities.push("ru".into());
        people.push(e);
    }
    let deck = build(&people, 200, 3);
    let n = deck.cases.len() as f64;
    let dated = deck.cases.iter().filter(|c| c.birth_date.is_some()).count() as f64;
    let national = deck
        .cases
        .iter()
        .filter(|c| c.nationality.is_some())
        .count() as f64;
    // Only the listed values, at about the customers' rates (85 % and 70 %).
    assert!(deck
        .cases
        .iter()
        .all(|c| c.birth_date.as_deref().is_none_or(|d| d == "1970-03-02")));
    assert!((dated / n - 0.85).abs() < 0.05, "{}", dated / n);
    assert!((national / n - 0.7).abs() < 0.05, "{}", national / n);
    assert!(deck
        .cases
        .iter()
        .all(|c| c.country.as_deref() == Some("ru")));
    // The same seed gives the same deck.
    let again = build(&people, 200, 3);
    let queries = |d: &Deck| d.cases.iter().map(|c| c.query.clone()).collect::<Vec<_>>();
    assert_eq!(queries(&deck), queries(&again));
}

#[test]
fn customers_of_a_party_listed_without_date_or_country_still_state_theirs() {
    use interdict_model::Name;
    let mut people = Vec::new();
    for i in 0..200 {
        let mut e = Entity::new(format!("p{i}"), Schema::Person);
        e.add_name(Name::new(format!("Daniel PEREZ{i}"), NameKind::Primary));
        people.push(e);
    }
    let deck = build(&people, 200, 3);
    let n = deck.cases.len() as f64;
    // Every customer lives somewhere, and most records carry a birth date: ones the list
    // cannot confirm.
    assert!(deck.cases.iter().all(|c| c.country.is_some()));
    let dated = deck.cases.iter().filter(|c| c.birth_date.is_some()).count() as f64;
    assert!((dated / n - 0.85).abs() < 0.05, "{}", dated / n);
    assert!(deck.cases.iter().all(|c| c.nationality.is_none()));
}

#[test]
fn person_name_orders_swap_both_ways() {
    assert_eq!(
        natural_order("PUTIN, Vladimir Vladimirovich").as_deref(),
        Some("Vladimir Vladimirovich PUTIN")
    );
    assert_eq!(
        natural_order("Hamed ABDOLLAHI").as_deref(),
        Some("ABDOLLAHI Hamed")
    );
    assert_eq!(natural_order("MADONNA"), None);
}

#[test]
fn middle_names_and_patronymics_drop() {
    assert_eq!(
        dropped_middle("SHAGIVALEEV, Timur Nailevich", &mut rng()).as_deref(),
        Some("SHAGIVALEEV, Timur")
    );
    assert_eq!(
        dropped_middle("Abdul Latif MANSUR", &mut rng()).as_deref(),
        Some("Abdul MANSUR")
    );
    assert_eq!(dropped_middle("Hamed ABDOLLAHI", &mut rng()), None);
}

#[test]
fn initials_are_given_first() {
    assert_eq!(
        initials("PUTIN, Vladimir Vladimirovich").as_deref(),
        Some("V. V. PUTIN")
    );
    assert_eq!(initials("Hamed ABDOLLAHI").as_deref(), Some("H. ABDOLLAHI"));
}

#[test]
fn typos_change_the_name_but_not_its_first_letters() {
    for seed in 0..50 {
        let mut r = Rng::new(seed);
        let one = typos("SHAGIVALEEV, Timur", 1, &mut r).expect("applies");
        assert_ne!(one, "SHAGIVALEEV, Timur");
        assert!(one.starts_with('S'), "{one}");
        let words: Vec<&str> = one.split(' ').collect();
        assert!(words[1].starts_with('T'), "{one}");
    }
    assert_eq!(typos("AL QA", 1, &mut rng()), None);
}

#[test]
fn legal_forms_swap_within_their_class() {
    let mut outcomes = std::collections::BTreeSet::new();
    for seed in 0..30 {
        let out = legal_form("ALABUGA DEVELOPMENT OOO", &mut Rng::new(seed)).expect("has OOO");
        assert!(out.starts_with("ALABUGA DEVELOPMENT "), "{out}");
        assert!(!out.ends_with(" OOO"), "{out}");
        outcomes.insert(out);
    }
    assert!(outcomes.contains("ALABUGA DEVELOPMENT LLC"), "{outcomes:?}");
    assert!(outcomes.contains("ALABUGA DEVELOPMENT LIMITED LIABILITY COMPANY"));
    assert!(outcomes.iter().all(|o| !o.contains("GMBH")), "{outcomes:?}");
    assert_eq!(
        legal_form("Kupol Izhevsk JSC", &mut Rng::new(3)).map(|o| o.ends_with(" AO")
            || o.contains("Joint")
            || o.contains("Aktsionernoe")
            || o.ends_with(" АО")),
        Some(true)
    );
    assert_eq!(legal_form("BANK MELLI IRAN", &mut rng()), None);
}

#[test]
fn romanization_rewrites_every_occurrence_and_keeps_case() {
    for seed in 0..40 {
        let out = romanization("Khalil KHAN", &mut Rng::new(seed)).expect("applies");
        assert_ne!(out.to_lowercase(), "khalil khan");
        assert!(out
            .split(' ')
            .nth(1)
            .unwrap()
            .chars()
            .all(|c| c.is_uppercase()));
    }
}

#[test]
fn word_boundaries_move() {
    let c = concatenated("AL QAIDA", &mut rng());
    assert_eq!(c.as_deref(), Some("ALQAIDA"));
    let s = split("SHAGIVALEEV Timur", &mut rng()).expect("long word");
    assert_eq!(s.replace(' ', ""), "SHAGIVALEEVTimur");
    assert_eq!(s.split(' ').count(), 3);
}

#[test]
fn truncation_cuts_long_names_at_35_characters() {
    let long = "JOINT STOCK COMPANY SPECIAL ECONOMIC ZONE OF INDUSTRIAL PRODUCTION ALABUGA";
    assert_eq!(
        truncated(long).as_deref(),
        Some("JOINT STOCK COMPANY SPECIAL ECONOMI")
    );
    assert_eq!(
        truncated("Hamed ABDOLLAHI").as_deref(),
        Some("Hamed ABDOLLA")
    );
    assert_eq!(truncated("Hamed ALI"), None);
}
