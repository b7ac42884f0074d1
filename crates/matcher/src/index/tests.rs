//! Unit tests of `index`.

use super::*;

#[test]
fn score_keys_order_as_the_scores_do() {
    let ws = [
        0.0f64,
        -0.0,
        1e-300,
        0.25,
        0.5,
        0.5 + f64::EPSILON,
        1.0,
        3.75,
        -1.0,
        f64::MAX,
        f64::NEG_INFINITY,
    ];
    for a in ws {
        let back = from_ascending_bits_64(ascending_bits_64(a));
        assert_eq!(back.to_bits(), a.to_bits());
        for b in ws {
            assert_eq!(
                ascending_bits_64(a).cmp(&ascending_bits_64(b)),
                a.total_cmp(&b),
                "{a} {b}"
            );
        }
    }
}

#[test]
fn weight_keys_order_as_the_weights_do() {
    let ws = [
        0.0f32,
        -0.0,
        1e-30,
        0.25,
        0.5,
        1.0,
        3.75,
        1e30,
        -1.0,
        f32::MAX,
    ];
    for a in ws {
        assert_eq!(
            from_ascending_bits(ascending_bits(a)).to_bits(),
            a.to_bits()
        );
        for b in ws {
            assert_eq!(
                ascending_bits(a).cmp(&ascending_bits(b)),
                a.total_cmp(&b),
                "{a} {b}"
            );
        }
    }
}

#[test]
fn a_firm_glued_or_split_otherwise_shares_a_key_with_its_listed_name() {
    let shared = |query: &str, listed: &str| {
        let (mut q, mut l) = (Keys::default(), Keys::default());
        keys(&prepare(query, NameKindHint::Organization), &mut q, true);
        keys(&prepare(listed, NameKindHint::Organization), &mut l, false);
        let listed: Vec<&str> = l.iter().collect();
        q.iter()
            .filter(|k| k.starts_with("c:") && listed.contains(k))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    // "TRADE" and "HOLDING" are organisation words: the listed names' own word keys are
    // "tnk" and "bm" alone, which the glued query words do not have.
    assert_eq!(
        shared("TNKTRADE LIMITED", "TNK TRADE LIMITED"),
        ["c:tnktrade"]
    );
    assert_eq!(shared("BMHOLDING AG", "BM HOLDING AG"), ["c:bmholding"]);
    assert_eq!(
        shared("GAZKAR DSERVIS OOO", "GAZKARDSERVIS OOO"),
        ["c:gazkardservis"]
    );
    assert!(shared("TNK OIL LIMITED", "TNK TRADE LIMITED").is_empty());
}

#[test]
fn a_name_written_surname_first_is_found_from_arabic_script_given_names_first() {
    let (mut q, mut l, mut latin) = (Keys::default(), Keys::default(), Keys::default());
    keys(
        &prepare("محمد حمزة زبيدي", NameKindHint::Person),
        &mut q,
        true,
    );
    keys(
        &prepare("ZUBAIDI, Muhammad Hamza", NameKindHint::Person),
        &mut l,
        false,
    );
    keys(
        &prepare("Muhammad Hamza ZUBAIDI", NameKindHint::Person),
        &mut latin,
        true,
    );
    let listed: Vec<&str> = l.iter().collect();
    let shared: Vec<&str> = q
        .iter()
        .filter(|k| k.starts_with("r:") && listed.contains(k))
        .collect();
    assert_eq!(
        shared.len(),
        1,
        "{:?} / {listed:?}",
        q.iter().collect::<Vec<_>>()
    );
    // A Latin query has no use for it: it finds the name by its words.
    assert!(latin.iter().all(|k| !k.starts_with("r:")));
    // A name written in natural order, or a firm's name with a comma, has none.
    let mut n = Keys::default();
    keys(
        &prepare("GAZMASH, AO", NameKindHint::Organization),
        &mut n,
        false,
    );
    keys(
        &prepare("Muhammad Hamza ZUBAIDI", NameKindHint::Person),
        &mut n,
        false,
    );
    assert!(n.iter().all(|k| !k.starts_with("r:")));
}

#[test]
fn a_companys_query_gives_no_place_to_people() {
    // Hundreds of listed people share the query's given name and its keys; the one firm
    // whose name it is must still be among the few candidates gathered.
    let entity = |id: String, schema: Schema, name: &str| {
        let mut e = Entity::new(&id, schema);
        e.add_name(interdict_model::Name::new(
            name,
            interdict_model::NameKind::Primary,
        ));
        e
    };
    let mut entities: Vec<Entity> = (0..400)
        .map(|i| entity(format!("p{i}"), Schema::Person, "KHALIL"))
        .collect();
    entities.push(entity(
        "firm".into(),
        Schema::Company,
        "HALEEL COMMODITIES LTD",
    ));
    let index = CandidateIndex::build(entities);
    let firm = index.position("firm").unwrap() as u32;
    let gathered = |name: &str, schema: Schema| {
        let q = entity("q".into(), schema, name);
        let prepared = PreparedQuery::new(&q);
        index
            .gather(&prepared, 8)
            .ranked
            .iter()
            .map(|(id, _)| index.owners[*id as usize].0)
            .collect::<Vec<u32>>()
    };
    let firm_query = gathered("KHALIL COMMODITIES LTD", Schema::LegalEntity);
    assert!(firm_query.contains(&firm), "{firm_query:?}");
    assert!(firm_query.iter().all(|&e| e == firm));
    // A name with no legal form may be a person's: people are gathered.
    let any = gathered("KHALIL", Schema::LegalEntity);
    assert!(any.iter().any(|&e| e != firm));
}
