//! The matcher on real list entries (OFAC SDN, UN): names across scripts and spellings,
//! organizations with legal forms, evidence that confirms or clears, and the guarantee that
//! every listed name, searched as written, finds its own entity.

use interdict_matcher::{
    score_pair, CandidateIndex, MatchOptions, TokenStats, DEFAULT_THRESHOLD, ONE_WORD_SCORE,
    WEAK_EXACT_SCORE,
};
use interdict_model::{DateSpec, Entity, IdKind, Identifier, Name, NameKind, PartialDate, Schema};
use std::sync::OnceLock;

mod common;

use common::parse;

/// OFAC SDN + UN, indexed once for all tests.
fn index() -> &'static CandidateIndex {
    static I: OnceLock<CandidateIndex> = OnceLock::new();
    I.get_or_init(|| {
        let mut e = parse(&[
            "ofac_sdn/sdn.csv",
            "ofac_sdn/add.csv",
            "ofac_sdn/alt.csv",
            "ofac_sdn/sdn_comments.csv",
        ]);
        e.extend(parse(&["un/UN_consolidated.xml"]));
        CandidateIndex::build(e)
    })
}

fn query(schema: Schema, name: &str) -> Entity {
    let mut q = Entity::new("q", schema);
    q.add_name(Name::new(name, NameKind::Primary));
    q
}

fn top(q: &Entity) -> Vec<(String, f64, bool)> {
    index()
        .search(q, &MatchOptions::default())
        .into_iter()
        .map(|r| (r.id, r.score, r.is_match))
        .collect()
}

/// The query must find `id` as a match.
fn finds(schema: Schema, name: &str, id: &str) {
    let r = top(&query(schema, name));
    assert!(
        r.iter().any(|(i, _, m)| i == id && *m),
        "{name:?} should match {id}; got {r:?}"
    );
}

fn listed(id: &str) -> Entity {
    index()
        .entities()
        .iter()
        .find(|e| e.id == id)
        .unwrap()
        .clone()
}

#[test]
fn scripts_find_latin_list_entries() {
    use Schema::*;
    // Cyrillic: Russian, Ukrainian, Belarusian spellings of listed people and companies.
    finds(Person, "Шагивалеев Тимур Наилевич", "ofac-45710");
    finds(Person, "Тимур Шагівалєєв", "ofac-45710");
    finds(LegalEntity, "АО ОЭЗ ППТ Алабуга", "ofac-45708");
    finds(LegalEntity, "Алабуга Машинери", "ofac-45713");
    // Greek, Armenian, Georgian, Hebrew, Japanese kana.
    finds(LegalEntity, "Αλαμπούγκα Μασίνερι", "ofac-45713");
    finds(Person, "Տիմուր Շագիվալեև", "ofac-45710");
    finds(Person, "ტიმურ შაგივალეევი", "ofac-45710");
    finds(Person, "טימור שגיבלייב", "ofac-45710");
    finds(Person, "ティムール・シャギバレエフ", "ofac-45710");
    // Chinese (pinyin) and Korean.
    finds(Person, "李方伟", &sdn_id_of("LI, Fangwei"));
    finds(Person, "김정은", &sdn_id_of("KIM, Jong Un"));
    // Western names transcribed into Chinese characters and Hangul, a syllable for each
    // consonant ("罗滕贝格" luo teng bei ge, "로텐베르크" lo ten be leu keu): found by the
    // consonants heard.
    let rotenberg = sdn_id_of("ROTENBERG, Boris Romanovich");
    finds(Person, "鲍里斯·罗滕贝格", &rotenberg);
    finds(Person, "보리스 로텐베르크", &rotenberg);
    // Arabic and Persian.
    finds(Person, "أبو بكر محمد الشكوى", "un-6908425");
    // Russian and Malay names written in Arabic script, short vowels unwritten and v as و:
    // each word's keys are shared with hundreds of names; the whole name's consonants
    // reach the listed spelling.
    finds(Person, "پسروا, النا ولدمرونا", "ofac-36848");
    finds(Person, "پترو, سرگي ولريوچ", "ofac-35697");
    finds(Person, "مهمد رفي بن ادن", "un-6908720");
    // …and a romanization full of written-out vowels finds the Arabic original.
    finds(LegalEntity, "Alajama'a Alatunasia Alamaqatala", "un-113997");
}

#[test]
fn misspelt_legal_forms_are_noise_not_the_rarest_words() {
    // Typos in the legal form ("LIABIKITY COMPNY") are words the lists never use: read as
    // the words they nearly are, they no longer outweigh the name's own word.
    // (Read as a rare word, "LIMTIED" made another entity rank first.)
    let id = sdn_id_of("LIMITED LIABILITY COMPANY AGRISOVGAZ");
    for q in [
        "AGRISOVGAZ LIMTIED",
        "LIMITED LIABIKITY COMPNY AGRISOVGAZ",
        "LIMITED LIABILITY OCMPANY AGRISOVGAZ",
    ] {
        finds(Schema::LegalEntity, q, &id);
        assert_eq!(top(&query(Schema::LegalEntity, q))[0].0, id, "{q}");
    }
    // A person's name is not read for legal forms.
    let q = interdict_matcher::names::prepare_query(
        "Compnay Smith",
        interdict_matcher::names::NameKindHint::Person,
    );
    assert_eq!(q.word_count, 2);
}

#[test]
fn legal_forms_written_in_arabic_script_are_legal_forms() {
    // English legal forms and organisation words transliterated into Arabic script, short
    // vowels unwritten, as firms write them: read by their consonants, they are what they
    // spell, not the name's rarest words, and the name's own words decide.
    for (q, listed, spelt) in [
        (
            "لمتد ليبلتي كمپني اگرسوگز",
            "LIMITED LIABILITY COMPANY AGRISOVGAZ",
            ["lmtd", "liblti", "kmpni"].as_slice(),
        ),
        (
            "كري كونگسنگ تردنگ كرپرتين",
            "KOREA KWANGSONG TRADING CORPORATION",
            ["trdng"].as_slice(),
        ),
    ] {
        let id = sdn_id_of(listed);
        finds(Schema::LegalEntity, q, &id);
        assert_eq!(top(&query(Schema::LegalEntity, q))[0].0, id, "{q}");
        let p =
            interdict_matcher::names::prepare_query(q, interdict_matcher::names::NameKindHint::Any);
        for w in spelt {
            assert!(
                !p.tokens.iter().any(|t| t.text == *w),
                "{q}: {w} read as a word: {:?}",
                p.tokens
            );
        }
    }
}

#[test]
fn given_names_as_initials_find_a_common_surname_among_many() {
    // "K. S. MOHAMMED": hundreds of listed names carry MOHAMMED; the one whose other words
    // start with K and S is found among them.
    let id = sdn_id_of("MOHAMMED, Khalid Shaikh");
    for q in ["K. S. MOHAMMED", "MOHAMMED, K. S."] {
        let found = index()
            .search(
                &query(Schema::Person, q),
                &MatchOptions {
                    min_score: 0.0,
                    ..MatchOptions::default()
                },
            )
            .iter()
            .any(|r| r.id == id);
        assert!(found, "{q} did not retrieve {id}");
    }
}

fn sdn_id_of(name: &str) -> String {
    index()
        .entities()
        .iter()
        .find(|e| e.names.iter().any(|n| n.value == name))
        .unwrap_or_else(|| panic!("{name} not on the list"))
        .id
        .clone()
}

/// Every UN record with an Arabic original-script name, searched in Arabic against the
/// Latin names alone (its own original-script name removed from the index): the share found
/// is the cross-script recall on real data.
#[test]
fn un_arabic_originals_find_their_latin_records() {
    let mut un = parse(&["un/UN_consolidated.xml"]);
    let mut queries = Vec::new();
    for e in &mut un {
        let orig: Vec<String> = e
            .names
            .iter()
            .filter(|n| {
                n.kind == NameKind::OriginalScript
                    && n.value
                        .chars()
                        .any(|c| ('\u{600}'..='\u{6ff}').contains(&c))
            })
            .map(|n| n.value.clone())
            .collect();
        e.names.retain(|n| n.kind != NameKind::OriginalScript);
        for o in orig {
            queries.push((e.id.clone(), e.schema.clone(), o));
        }
    }
    let idx = CandidateIndex::build(un);
    let found = queries
        .iter()
        .filter(|(id, schema, name)| {
            idx.search(&query(schema.clone(), name), &MatchOptions::default())
                .iter()
                .any(|r| &r.id == id && r.is_match)
        })
        .count();
    let share = found as f64 / queries.len() as f64;
    assert!(queries.len() > 300, "{}", queries.len());
    assert!(
        share >= 0.75,
        "Arabic→Latin found {found}/{} = {share:.3}",
        queries.len()
    );
}

#[test]
fn person_name_variants() {
    use Schema::Person;
    finds(Person, "Timur Nailevich Shagivaleev", "ofac-45710"); // natural order
    finds(Person, "SHAGIVALEEV Timur", "ofac-45710"); // missing patronymic
    finds(Person, "T. N. Shagivaleev", "ofac-45710"); // initials
    finds(Person, "Timur Shagivaleyev", "ofac-45710"); // romanization variant
    finds(Person, "Timur Shagivalev", "ofac-45710"); // typo
    finds(Person, "Dr Timur Shagivaleev", "ofac-45710"); // title
    finds(Person, "Abu Bakr Mohammed Shekau", "un-6908425"); // particle spacing, spelling
    finds(Person, "Sheikh Abubakar Muhammad Shekau", "un-6908425");
    finds(Person, "Hamza bin Laden", "un-6908767");
}

#[test]
fn organizations_legal_forms_and_numbers() {
    use Schema::Company;
    finds(Company, "Alabuga Machinery LLC", "ofac-45713");
    finds(Company, "OOO Alabuga Machinery", "ofac-45713");
    finds(
        Company,
        "Obshchestvo s Ogranichennoi Otvetstvennostyu Alabuga Machinery",
        "ofac-45713",
    );
    finds(Company, "ООО Алабуга Машинери", "ofac-45713");
    finds(
        Company,
        "JSC Special Economic Zone of Industrial Production Alabuga",
        "ofac-45708",
    );
    finds(Company, "Qods Aviation Industries", "ofac-16418");
    // Generic words alone never carry a match.
    let generic = "Global International Trading Company LLC";
    assert!(!index().entities().iter().any(|e| e
        .names
        .iter()
        .any(|n| n.value.eq_ignore_ascii_case(generic))));
    let r = top(&query(Company, generic));
    assert!(r.iter().all(|(_, _, m)| !m), "{r:?}");
    // Numbers are identity.
    let plant = index()
        .entities()
        .iter()
        .find(|e| {
            e.names
                .iter()
                .any(|n| n.value.contains("558 AIRCRAFT REPAIR PLANT"))
        })
        .map(|e| e.id.clone());
    if let Some(id) = plant {
        let r = top(&query(Company, "559 Aircraft Repair Plant"));
        assert!(!r.iter().any(|(i, _, m)| *i == id && *m), "{r:?}");
        finds(Company, "558 Aircraft Repair Plant", &id);
    }
}

#[test]
fn evidence_confirms_and_clears() {
    let stats = index().stats();
    let timur = listed("ofac-45710");
    let mut same = query(Schema::Person, "Timur Shagivaleev");
    same.birth_dates.push(DateSpec::exact(
        PartialDate::parse_iso("1978-01-28").unwrap(),
    ));
    same.nationalities.push("ru".into());
    let mut other = query(Schema::Person, "Timur Shagivaleev");
    other.birth_dates.push(DateSpec::exact(
        PartialDate::parse_iso("1948-06-02").unwrap(),
    ));
    other.nationalities.push("ir".into());
    let a = score_pair(&same, &timur, stats, DEFAULT_THRESHOLD).unwrap();
    let b = score_pair(&other, &timur, stats, DEFAULT_THRESHOLD).unwrap();
    assert!(
        a.is_match && a.score > b.score + 0.25,
        "{} vs {}",
        a.score,
        b.score
    );
    assert!(!b.is_match);
    let feats: Vec<&str> = b.explanation.features.iter().map(|f| f.name).collect();
    assert_eq!(feats, vec!["dob_year_disjoint", "country_mismatch"]);
    // A matching identifier is decisive, whatever the name; a conflicting one clears.
    let alabuga = listed("ofac-45708");
    let mut by_inn = query(Schema::Company, "Special Zone Company");
    by_inn
        .identifiers
        .push(Identifier::new(IdKind::TaxId, "1646-019-914"));
    let r = score_pair(&by_inn, &alabuga, stats, DEFAULT_THRESHOLD).unwrap();
    assert!(
        r.is_match && r.explanation.identifier_match.is_some(),
        "{r:?}"
    );
    let mut wrong_inn = query(Schema::Company, "Alabuga Special Economic Zone JSC");
    wrong_inn
        .identifiers
        .push(Identifier::new(IdKind::TaxId, "7707083893"));
    let plain = score_pair(
        &query(Schema::Company, "Alabuga Special Economic Zone JSC"),
        &alabuga,
        stats,
        DEFAULT_THRESHOLD,
    )
    .unwrap();
    let r = score_pair(&wrong_inn, &alabuga, stats, DEFAULT_THRESHOLD).unwrap();
    assert!(
        r.score < plain.score - 0.1,
        "{} vs {}",
        r.score,
        plain.score
    );
    // A person never matches a vessel.
    let vessel = index()
        .entities()
        .iter()
        .find(|e| e.schema == Schema::Vessel)
        .unwrap();
    assert!(score_pair(
        &query(Schema::Person, vessel.caption()),
        vessel,
        stats,
        DEFAULT_THRESHOLD
    )
    .is_none());
}

#[test]
fn weak_aliases_and_one_word_names_stay_near_the_threshold() {
    let stats = index().stats();
    // OFAC a.k.a. from remarks are weak aliases: an exact hit matches, but never high.
    let (e, weak) = index()
        .entities()
        .iter()
        .filter(|e| e.schema == Schema::Person)
        .find_map(|e| {
            e.names
                .iter()
                .find(|n| n.kind == NameKind::WeakAlias && n.value.split_whitespace().count() >= 2)
                .map(|n| (e, n.value.clone()))
        })
        .unwrap();
    let r = score_pair(&query(Schema::Person, &weak), e, stats, DEFAULT_THRESHOLD).unwrap();
    assert!(
        r.is_match && r.score <= WEAK_EXACT_SCORE + 1e-9,
        "{weak}: {}",
        r.score
    );
    // The cap is a fixed score: screening at another threshold does not move it.
    for t in [0.5, 0.9] {
        let at = score_pair(&query(Schema::Person, &weak), e, stats, t).unwrap();
        assert_eq!(at.score, r.score, "{weak} at {t}");
        assert_eq!(at.is_match, r.score >= t);
    }
    // One listed word found inside a longer customer name, beside a word of the
    // customer's own: capped at a fixed score, whatever the threshold.
    let single = index()
        .entities()
        .iter()
        .find(|e| {
            e.schema != Schema::Person
                && e.names.len() == 1
                && e.names[0].value.split_whitespace().count() == 1
                && e.names[0].value.chars().count() >= 6
        })
        .unwrap();
    let word = &single.names[0].value;
    let inside = format!("{word} Quorvexa Holdings");
    let r = score_pair(
        &query(Schema::LegalEntity, &inside),
        single,
        stats,
        DEFAULT_THRESHOLD,
    )
    .unwrap();
    assert!(r.score <= ONE_WORD_SCORE + 1e-9, "{inside}: {}", r.score);
    let strict = score_pair(&query(Schema::LegalEntity, &inside), single, stats, 0.95).unwrap();
    assert_eq!(strict.score, r.score);
    assert!(!strict.is_match);
    // The one-word name itself, written as listed (with or without a legal form), is that
    // name: not capped.
    for written in [word.clone(), format!("{word} LLC")] {
        let r = score_pair(
            &query(Schema::LegalEntity, &written),
            single,
            stats,
            DEFAULT_THRESHOLD,
        )
        .unwrap();
        assert!(r.is_match && r.score >= 0.95, "{written}: {}", r.score);
        assert!(
            r.explanation.caps.is_empty(),
            "{written}: {:?}",
            r.explanation
        );
    }
}

/// Exact names are always found: every name of every listed entity, searched as written,
/// returns its own entity as a match (about five seconds in a debug build; `interdict eval
/// lists` does the same over every bundled list).
#[test]
fn every_listed_name_finds_its_entity() {
    let idx = index();
    let mut checked = 0;
    let mut missed = Vec::new();
    for e in idx.entities().iter().filter(|e| e.schema.is_matchable()) {
        for name in &e.names {
            let q = query(e.schema.clone(), &name.value);
            let found = idx
                .search(
                    &q,
                    &MatchOptions {
                        limit: 50,
                        ..MatchOptions::default()
                    },
                )
                .iter()
                .any(|r| r.id == e.id && r.is_match);
            checked += 1;
            if !found {
                missed.push(format!("{} {:?}", e.id, name.value));
            }
        }
    }
    assert!(checked > 30000, "{checked}");
    assert!(
        missed.is_empty(),
        "{} of {checked} names not found: {:?}",
        missed.len(),
        &missed[..missed.len().min(20)]
    );
}

#[test]
fn pair_scoring_without_stats_still_works() {
    let stats = TokenStats::default();
    let a = query(Schema::Person, "Sergei Shoigu");
    let b = query(Schema::Person, "SHOIGU, Sergey Kuzhugetovich");
    assert!(
        score_pair(&a, &b, &stats, DEFAULT_THRESHOLD)
            .unwrap()
            .is_match
    );
}

/// Matches are always explained token by token; results below the threshold only when asked.
#[test]
fn non_matches_are_explained_on_request() {
    let q = query(Schema::Person, "Timur Shagivaleev");
    let opts = MatchOptions {
        limit: 10,
        ..MatchOptions::default()
    };
    let results = index().search(&q, &opts);
    let hit = results.iter().find(|r| r.is_match).expect("a match");
    assert!(!hit.explanation.name.pairs.is_empty());
    let miss = results
        .iter()
        .find(|r| !r.is_match)
        .expect("a non-match in the top 10");
    assert!(miss.explanation.name.pairs.is_empty());
    let all = index().search(
        &q,
        &MatchOptions {
            explain_all: true,
            ..opts
        },
    );
    let miss = all.iter().find(|r| r.id == miss.id).unwrap();
    assert!(
        !miss.explanation.name.pairs.is_empty()
            || !miss.explanation.name.unmatched_query.is_empty()
    );
}

/// The romanizations customers' documents use for Russian names (BGN/PCGN, GOST, ICAO
/// passport, French, German, Ukrainian) all find the OFAC spelling.
#[test]
fn romanization_styles_of_russian_names() {
    use Schema::Person;
    for name in [
        "Sergey Shoygu",   // BGN/PCGN
        "Sergej Shojgu",   // GOST-style
        "Sergei Shoigu",   // ICAO passport
        "Sergueï Choïgou", // French
        "Sergej Schoigu",  // German
        "Шойгу Сергей Кужугетович",
    ] {
        finds(Person, name, "ofac-35173");
    }
    for name in [
        "Evgenii Prigozhin",
        "Jewgeni Prigoschin",
        "Evgueni Prigojine",
        "Yevhen Prihozhin",
        "Пригожин Евгений",
    ] {
        finds(Person, name, "ofac-21171");
    }
}

#[test]
fn customer_names_do_not_match_on_chance_evidence() {
    let stats = index().stats();
    // A weak alias written with more than the alias ("SARA" inside "Sara Rizzo") is not a
    // match on its own, while the alias written exactly still is.
    let (e, weak) = index()
        .entities()
        .iter()
        .filter(|e| e.schema == Schema::Person)
        .find_map(|e| {
            e.names
                .iter()
                .find(|n| n.kind == NameKind::WeakAlias && n.value.split_whitespace().count() == 1)
                .filter(|n| {
                    e.names.iter().all(|m| {
                        m.kind == NameKind::WeakAlias
                            || !m.value.to_lowercase().contains(&n.value.to_lowercase())
                    })
                })
                .map(|n| (e, n.value.clone()))
        })
        .unwrap();
    let exact = score_pair(&query(Schema::Person, &weak), e, stats, DEFAULT_THRESHOLD).unwrap();
    assert!(exact.is_match, "{weak}: {}", exact.score);
    let longer = format!("{weak} Zwolinski");
    let r = score_pair(&query(Schema::Person, &longer), e, stats, DEFAULT_THRESHOLD);
    assert!(r.is_none_or(|r| !r.is_match), "{longer} matched {}", e.id);
    // A company's name is not a person's: the same words as a Person query find nothing
    // from an entity whose name carries a legal form, and find it as a Company query.
    let zala = listed("ofac-45934");
    assert!(zala
        .names
        .iter()
        .any(|n| n.value.contains("LIMITED LIABILITY COMPANY")));
    assert!(top(&query(Schema::Company, "Zala Aero LLC"))
        .iter()
        .any(|(id, _, m)| id == "ofac-45934" && *m));
    assert!(!top(&query(Schema::Person, "Zala Aero LLC"))
        .iter()
        .any(|(id, _, _)| id == "ofac-45934"));
}

/// Identifiers through the index: a candidate found by its name carries the identifier
/// match (the index's identifier table says which candidates can have one), one the name
/// keys miss is added by its identifier, and a different identifier matches nothing.
#[test]
fn the_index_finds_identifier_matches_with_and_without_the_name() {
    let inn = |schema: Schema, name: &str, value: &str| {
        let mut q = query(schema, name);
        q.identifiers.push(Identifier::new(IdKind::TaxId, value));
        q
    };
    let id_match = |q: &Entity| {
        index()
            .search(q, &MatchOptions::default())
            .into_iter()
            .find(|r| r.id == "ofac-45708")
            .map(|r| (r.is_match, r.explanation.identifier_match))
    };
    // Alabuga's INN, written with dashes, under its name and under an unrelated one.
    for name in ["Alabuga Special Economic Zone", "Northwind Logistics"] {
        let found = id_match(&inn(Schema::Company, name, "1646-019-914"));
        assert!(
            matches!(&found, Some((true, Some(m))) if m.contains("1646")),
            "{name}: {found:?}"
        );
    }
    // The name alone, and the name with another company's INN: no identifier match.
    for q in [
        query(Schema::Company, "Alabuga Special Economic Zone"),
        inn(
            Schema::Company,
            "Alabuga Special Economic Zone",
            "7707083893",
        ),
    ] {
        let found = id_match(&q);
        assert!(matches!(found, Some((_, None))), "{found:?}");
    }
}
