//! Unit tests of `compare`.

use super::*;
use crate::names::{prepare, word_token, NameKindHint};

fn score(a: &str, b: &str, hint: NameKindHint) -> f64 {
    compare_names(&prepare(a, hint), &prepare(b, hint), &TokenStats::default()).score
}

#[test]
fn a_particle_is_not_a_spelling_of_a_word() {
    let n = compare_names(
        &prepare("IBRAHIM, Ali", NameKindHint::Person),
        &prepare("Ibrahim AL-HASAN", NameKindHint::Person),
        &TokenStats::default(),
    );
    assert!(n.pairs.iter().all(|p| p.query != "ali"), "{n:?}");
    assert_eq!(n.unmatched_query, vec!["ali"], "{n:?}");
}

#[test]
fn glued_cjk_syllables_need_more_than_consonant_classes() {
    let p = |s: &str| prepare(s, NameKindHint::Person);
    let stats = TokenStats::default();
    // A Chinese name glued to spell an Arabic one: consonant classes alike, nothing else.
    let chance = compare_names(&p("谢诗涵"), &p("Ghassan GHANNAN"), &stats);
    assert!(chance.score < 0.5, "{chance:?}");
    // A Western name transcribed into Chinese still finds its spelling.
    let transcribed = compare_names(&p("伊帕托夫"), &p("ipatov"), &stats);
    assert!(transcribed.score >= 0.66, "{transcribed:?}");
}

#[test]
fn the_bounded_similarity_agrees_wherever_it_is_read() {
    // Words of real list names and customer names, every pair both ways.
    let words = [
        "mohammad",
        "muhammad",
        "mohammed",
        "hamed",
        "ahmad",
        "ahmed",
        "abdollahi",
        "abdullah",
        "shagivaleev",
        "shagivaliev",
        "timur",
        "tamara",
        "clark",
        "mark",
        "patricia",
        "garcia",
        "rodrigues",
        "rodriguez",
        "gonzalez",
        "goncalo",
        "kakha",
        "kakhaber",
        "yusuf",
        "yousef",
        "serrano",
        "seraj",
        "david",
        "davoud",
        "bailey",
        "babaei",
        "li",
        "lee",
        "wang",
        "wong",
        "alabuga",
        "alabuqa",
        "zala",
        "kupol",
        "jinping",
        "xi",
        "hassan",
        "hasan",
        "hsn",
        "ali",
        "eli",
        "al",
        "bank",
        "peng",
    ];
    // Particles, titles and stop words are compared by their letters too.
    let mut tokens: Vec<Token> = words.iter().map(|w| crate::names::word_token(w)).collect();
    for name in [
        "Abu Bakr al-Baghdadi",
        "Haji Jurayj bin Laden",
        "Bank of the Jinping",
    ] {
        tokens.extend(prepare(name, NameKindHint::Any).tokens);
    }
    assert!(tokens.iter().any(|t| t.class == TokenClass::Particle));
    let mut checked = 0;
    // Latin against Latin, against a vowel-less script, against CJK renderings.
    for (consonantal, cjk) in [(false, false), (true, false), (false, true)] {
        for ta in &tokens {
            for tb in &tokens {
                let exact = token_similarity(ta, tb, consonantal, cjk);
                for floor in [PAIR_MIN, GLUE_MIN] {
                    let fast = similarity_at_least(ta, tb, consonantal, cjk, floor);
                    let (a, b) = (&ta.text, &tb.text);
                    if exact >= floor {
                        assert_eq!(fast, exact, "{a} / {b} ({consonantal} {cjk})");
                        checked += 1;
                    } else {
                        assert!(fast < floor, "{a} / {b}: {fast} vs {exact}");
                    }
                }
            }
        }
    }
    assert!(checked > 500, "{checked}");
}

#[test]
fn a_query_name_glues_its_runs_once_and_scores_as_without_the_memo() {
    let stats = TokenStats::default();
    let q = prepare("xi jin ping", NameKindHint::Person);
    let memo = NameMemo::default();
    // Different candidates ask for different runs of the query, in different orders.
    for c in [
        "Xi Jinping",
        "Jinping Xi",
        "Xijin Ping",
        "Xijinping",
        "Wang Xiuying",
        "Xi Jinping",
    ] {
        let c = prepare(c, NameKindHint::Person);
        assert_eq!(
            name_score_shape(&q, &c, &stats, Some(&memo)).0,
            name_score(&q, &c, &stats)
        );
    }
    let runs = memo.runs.borrow();
    assert!(runs
        .iter()
        .any(|(i, k, t)| (*i, *k) == (1, 2) && t.text == "jinping"));
    assert!(runs
        .iter()
        .any(|(i, k, t)| (*i, *k) == (0, 1) && t.text == "xijin"));
}

#[test]
fn remembered_token_pairs_score_as_measured_ones() {
    let stats = TokenStats::default();
    // One listed token compared in and out of a consonantal script: the memo must
    // keep the two apart.
    let (a, b) = (word_token("mohammad"), word_token("mhmd"));
    assert_ne!(
        similarity_at_least(&a, &b, true, false, PAIR_MIN),
        similarity_at_least(&a, &b, false, false, PAIR_MIN)
    );
    let listed = [
        "Mhmd Trading",
        "محمد",
        "Mohammad Trading",
        "HASAN, Ali",
        "Ali Hassan Hsn",
        "Hassan Ali",
        "حسن علی",
        "Xi Jinping",
        "习近平",
        "Ali Hasan",
        "Hasan Ali Trading",
    ];
    let mut names: Vec<PreparedName> = listed
        .iter()
        .map(|n| prepare(n, NameKindHint::Any))
        .collect();
    crate::names::number_tokens(&mut names);
    assert!(names
        .iter()
        .flat_map(|n| &n.tokens)
        .all(|t| t.id != Token::NO_ID));
    for query in [
        "Hassan Ali",
        "Ali Hasan",
        "hsn",
        "حسن",
        "Xi Jin Ping",
        "Hassan Hsn Ali",
    ] {
        let q = prepare(query, NameKindHint::Any);
        let memo = NameMemo::default();
        // Twice over: the second round reads what the first remembered.
        for c in names.iter().chain(&names) {
            assert_eq!(
                name_score_shape(&q, c, &stats, Some(&memo)).0,
                name_score(&q, c, &stats),
                "{query} / {}",
                c.original
            );
        }
        assert!(memo.pairs.borrow().len > 0, "{query}");
        // Another numbering of other names (another index): its ids mean other tokens.
        let mut others: Vec<PreparedName> = listed
            .iter()
            .rev()
            .map(|n| prepare(n, NameKindHint::Any))
            .collect();
        crate::names::number_tokens(&mut others);
        for c in &others {
            assert_eq!(
                name_score_shape(&q, c, &stats, Some(&memo)).0,
                name_score(&q, c, &stats),
                "{query} / {} in another numbering",
                c.original
            );
        }
    }
}

#[test]
fn order_case_and_punctuation_do_not_matter() {
    assert_eq!(
        score(
            "SALEH, Mariam Mahmoud",
            "Mariam Mahmoud SALEH",
            NameKindHint::Person
        ),
        score("a", "a", NameKindHint::Person)
    );
    assert!(
        score(
            "SALEH, Mariam Mahmoud",
            "Mariam Mahmoud SALEH",
            NameKindHint::Person
        ) > 0.95
    );
}

#[test]
fn spelling_variants_and_typos_score_high_different_names_low() {
    let p = NameKindHint::Person;
    assert!(score("Sergei Ivanov", "Sergey Ivanov", p) > 0.9);
    assert!(score("Muhammad Yusuf", "Mohammed Yousef", p) > 0.8);
    assert!(score("Rafael Nadar", "Rafael Nadal", p) > 0.8);
    // A name cut short by a fixed-width field, even where its fold is shorter still
    // ("hass" folds to "has").
    assert!(score("Jamil HASS", "Jamil HASSAN", p) > 0.8);
    assert!(score("HABIBULLAH SAFI", "HABIBULLAH RESHAD", p) < 0.65);
    assert!(score("Ivan Petrov", "Maria Sidorova", p) < 0.3);
}

#[test]
fn near_words_of_different_names_count_less_than_their_similarity() {
    // Credit is the similarity at and above the knee, less below it, and never grows
    // as the similarity falls; across scripts it is the similarity.
    assert_eq!(pair_credit(0.95, false), 0.95);
    assert!((pair_credit(0.8, false) - 0.7).abs() < 1e-9);
    assert_eq!(pair_credit(0.8, true), 0.8);
    let mut last = 1.0;
    for i in (65..=100).rev() {
        let c = pair_credit(f64::from(i) / 100.0, false);
        assert!(c <= last && c >= 0.0);
        last = c;
    }
    let p = NameKindHint::Person;
    // One name spelt two ways keeps its score; two surnames that merely look alike
    // ("Polyakov" / "Bulgakov" 0.69, credited 0.48) count for little beside the
    // given name they share (the name scored 0.85 with the pair credited as measured).
    assert!(score("Vadim Poliakov", "Vadim Polyakov", p) > 0.95);
    assert!(score("Vadim Polyakov", "Vadim BULGAKOV", p) < 0.75);
}

#[test]
fn cross_script_names_match() {
    let p = NameKindHint::Person;
    assert!(score("Сергей Шойгу", "Sergei Shoigu", p) > 0.85);
    assert!(score("习近平", "Xi Jinping", p) > 0.85);
}

#[test]
fn a_chinese_character_is_one_syllable() {
    let p = NameKindHint::Person;
    // As many syllables, each alike: one name.
    assert!(score("刘志强", "Liu Zhiqiang", p) > 0.95);
    assert!(score("王桂英", "WANG, Guiying", p) > 0.95);
    assert!(score("习近平", "Xi Jinping", p) > 0.85);
    // One character against a two-syllable given name, or syllables that no
    // romanization writes alike: another name (0.93, 0.80 and 0.92 before).
    assert!(score("袁颖", "YUAN, Yunxia", p) < 0.66);
    assert!(score("李芳", "FANG LIWU", p) < 0.66);
    assert!(score("刘志强", "SIXING LIU", p) < 0.66);
    // A word that is no pinyin (Wade-Giles, a Western name) is left to the other rules.
    assert!(score("毛泽东", "Mao Tse-tung", p) > 0.7);
}

#[test]
fn a_name_of_near_misses_carried_between_alphabets_is_another_name() {
    let p = NameKindHint::Person;
    // Every word a near miss: credited as in one script (0.68 when credited as measured).
    assert!(score("Софія Семенко", "SOPTA, Stanko", p) < 0.55);
    // One name's spellings keep their score, and so does a one-word name transcribed
    // into Cyrillic and romanized back, whose one word is all there is to compare.
    assert!(score("Юрий Гоцанюк", "Yuri GOTSANYUK", p) > 0.95);
    assert!(score("Екатерина Смирнова", "Yekaterina SMIRNOVA", p) > 0.95);
    assert!(score("джошуа", "jozua", p) > 0.65);
}

#[test]
fn across_hebrew_script_the_whole_name_skeleton_needs_the_words_left_over_to_agree() {
    let p = |s: &str| prepare(s, NameKindHint::Person);
    let stats = TokenStats::default();
    // One surname, two given names: Avi (b) is not Eli (l), Graham (g-r-m) not Jim (j-m),
    // though the whole names' consonants nearly agree.
    for (q, listed) in [
        ("אבי רוזנברג", "Eli ROSENBERG"),
        ("גרהאם רוזנברג", "Jim ROSENBERG"),
    ] {
        let n = compare_names(&p(q), &p(listed), &stats);
        assert_ne!(n.method, "skeleton", "{q}: {n:?}");
        assert!(n.score < 0.66, "{q}: {n:?}");
    }
    // The given name Hebrew writes with its own letters: ג'ורג' (j-r-j) is George, whose g
    // before e is that j; גיאורג (g-r-g) is Georg; דוד (d-d, ו a vowel) is David.
    for (q, listed) in [
        ("ג'ורג' לוקאס", "George Lucas"),
        ("גיאורג רוזנברג", "Georg ROSENBERG"),
        ("דוד רוזנברג", "David ROSENBERG"),
    ] {
        let n = compare_names(&p(q), &p(listed), &stats);
        assert!(n.score >= 0.66, "{q}: {n:?}");
    }
}

#[test]
fn numbers_acronyms_and_legal_forms() {
    let o = NameKindHint::Organization;
    assert!(score("419 Aircraft Repair Plant", "420 Aircraft Repair Plant", o) < 0.6);
    assert!(score("IARA", "Islamic African Relief Agency", o) >= 0.88);
    assert!(score("JSC TRANSNEFT", "PUBLIC JOINT STOCK COMPANY TRANSNEFT", o) > 0.85);
    assert!(
        score(
            "YARGEO, OOO",
            "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU YARGEO",
            o
        ) > 0.95
    );
}

#[test]
fn chance_resemblances_found_in_customer_files_stay_low() {
    let p = NameKindHint::Person;
    let o = NameKindHint::Organization;
    // First sounds no romanization interchanges: not a spelling variant.
    assert!(score("Henry Clark", "Mark Henry", p) < 0.66);
    assert!(score("Patricia Martin", "Garcia Corrales, Martin", p) < 0.66);
    // …while the ones romanizations do interchange still pair.
    assert!(score("Kim Cho'ng-sik", "Kim Jong Sik", p) > 0.8);
    // (Gennady / Henadz is a near pair below the credit knee: 0.77, still a match.)
    assert!(score("Gennady Kazakevich", "Henadz Kazakevich", p) > 0.75);
    // (Every word a near spelling in one script costs a tenth, and a near pair below
    // the credit knee counts less than its similarity: a Ukrainian name romanized two
    // ways in both words landed at the threshold, 0.65 — the price of not alerting on
    // "Vadim Polyakov" for "Vadim BULGAKOV"; measured in BENCHMARKS.md. Yuri and Jurij are
    // now one given name by the table of Russian, Ukrainian and Belarusian given names.)
    let s = score("Yuri Gotsanyuk", "Jurij Gotsaniuk", p);
    assert!(s > 0.8, "{s}");
    // Names whose every word is only near, in one script, one of them in its consonants
    // ("Reza Seraj" for "Rosa Serrano" scored 0.80).
    assert!(score("Rosa Serrano", "SERAJ, Reza", p) < 0.75);
    // Chinese syllables a consonant class apart with other vowels are other syllables
    // (tang / ding, dong / tang paired at 0.92)…
    assert!(score("唐军", "JIANWEI DING", p) < 0.66);
    assert!(score("董婷", "TANG, Ping", p) < 0.66);
    // …while romanizations of one syllable still pair (zhang / chang, eun / un).
    assert!(score("张伟", "CHANG, Wei", p) > 0.8);
    assert!(score("김정은", "KIM, Jong Un", p) > 0.8);
    // Where vowels go unwritten, consonant classes alone do not make a pair (khtib /
    // qaddafi, nbil / hannibal)…
    let a = score("علي نبيل الخطيب", "EL-QADDAFI, Hannibal", p);
    assert!(a < 0.66, "{a}");
    // …while spellings of one name still pair.
    assert!(score("محمد حسن", "Mohammed HASSAN", p) > 0.8);
    // A listed name inside the customer's by one shared word that does not lead it.
    assert!(score("Adam Green", "Maulavi Adam", p) < 0.66);
    assert!(score("Northwind Logistics LLC", "Trust Logistics LLC", o) < 0.66);
    // …but a leading distinctive word with a legal form around it is containment.
    assert!(score("LUKOIL OIL COMPANY", "LUKOIL OAO", o) > 0.66);
    // People's names make no acronyms; three letters at least.
    assert!(score("Noah Kaiser", "NK", p) < 0.66);
    assert!(score("IARA", "Islamic African Relief Agency", o) > 0.8);
}

#[test]
fn cjk_syllables_alike_by_consonant_class_alone_are_not_paired() {
    let p = |s: &str| prepare(s, NameKindHint::Person);
    let stats = TokenStats::default();
    // 曹鹏 cao peng / PANGA, Kawa: c and k start no one sound in any romanization.
    let chance = compare_names(&p("曹鹏"), &p("PANGA, Kawa"), &stats);
    assert!(chance.pairs.iter().all(|x| x.query != "cao"), "{chance:?}");
    assert!(chance.score < 0.66, "{chance:?}");
    // Romanizations of one syllable keep their pair: b / p, j / ch.
    let same = compare_names(&p("박지은"), &p("Pak Chi-eun"), &stats);
    assert!(same.score >= 0.8, "{same:?}");
}

#[test]
fn an_arabic_name_and_a_latin_one_agree_in_the_consonants_arabic_writes_apart() {
    let p = |s: &str| prepare(s, NameKindHint::Person);
    let stats = TokenStats::default();
    // h-sh-m l against s-m kh-l: their coarse consonant classes nearly agree, the letters
    // Arabic writes do not.
    let chance = compare_names(&p("هشام العلي"), &p("Issam KHALIL"), &stats);
    assert!(chance.score < 0.66, "{chance:?}");
    // A Latin name written in Arabic script with its short vowels unwritten still matches
    // on its consonants.
    let written = compare_names(
        &p("ال زهر, مهمود خلد"),
        &p("AL ZAHAR, Mahmoud Khaled"),
        &stats,
    );
    assert!(written.score >= 0.66, "{written:?}");
}

#[test]
fn the_whole_name_skeleton_needs_the_words_left_over_to_agree() {
    let p = |s: &str| prepare(s, NameKindHint::Person);
    let stats = TokenStats::default();
    // The surname pairs; the given names left over, Adel (d-l) and Saleh (s-l-h), differ,
    // though the whole names' consonant skeletons nearly agree.
    let chance = compare_names(&p("عادل الراشد"), &p("Saleh AL-RASHED"), &stats);
    assert_ne!(chance.method, "skeleton", "{chance:?}");
    assert!(chance.score < 0.66, "{chance:?}");
    // Words left over that carry the same consonants do not stop the skeleton reading one
    // name.
    assert!(!leftovers_unalike(
        &p("امین الله").tokens,
        &[false],
        &p("AMINULLAH").tokens,
        &[false]
    ));
    // (A name ending in Allah is read as one word, as Latin writes it: "امین الله" aminallah
    // is AMINULLAH word for word.)
    let split = compare_names(
        &p("امین الله امین قدوس"),
        &p("AMINULLAH AMIN QUDDUS"),
        &stats,
    );
    assert!(split.score >= 0.9, "{split:?}");
    // Two different given names the tables know left over, one on each side: Omar is not
    // Maher, Rana not Razan, though their consonants are half alike.
    for (q, listed) in [
        ("عمر سليمان", "Maher SULAIMAN"),
        ("رنا عثمان", "Razan OTHMAN"),
    ] {
        let n = compare_names(&p(q), &p(listed), &stats);
        assert_ne!(n.method, "skeleton", "{q}: {n:?}");
        assert!(n.score < 0.66, "{q}: {n:?}");
    }
    // A given name cut short, or one the tables do not know (a Western name transcribed),
    // still lets the skeleton read the whole name.
    let cut = compare_names(&p("احمد الحم"), &p("AHMAD AL-HAMZI"), &stats);
    assert_eq!(cut.method, "skeleton", "{cut:?}");
    assert!(!known_names_apart(
        &p("دكو").tokens,
        &[false],
        &p("DOKU").tokens,
        &[false]
    ));
    // A Latin c is the k Arabic script writes: "اوك" auk is "AVIC".
    assert!(!leftovers_unalike(
        &p("اوك").tokens,
        &[false],
        &p("AVIC").tokens,
        &[false]
    ));
}

#[test]
fn a_nisba_surname_is_not_the_given_name_it_is_built_from_across_arabic_script() {
    let p = |s: &str| prepare(s, NameKindHint::Person);
    let stats = TokenStats::default();
    // Karim (a given name) against KARIMI (the surname built from it), Ahmadi against Ahmad.
    for (q, listed, base) in [
        ("كريم المصري", "KARIMI, Maziar", "krim"),
        ("رضا احمدی", "AHMAD, Reza", "ahmdi"),
        // A given name of Arab countries and Iran, though not a common one.
        ("یاسمن جعفری", "JA'FAR, Abu", "jafri"),
    ] {
        let n = compare_names(&p(q), &p(listed), &stats);
        assert!(n.pairs.iter().all(|x| x.query != base), "{q}: {n:?}");
    }
    // Written alike, the nisba pairs; in one script a final i is as likely a slip.
    let same = compare_names(&p("حسین کریمی"), &p("Hossein KARIMI"), &stats);
    assert!(
        same.pairs.iter().any(|x| x.candidate == "karimi"),
        "{same:?}"
    );
    let typo = compare_names(&p("Ismali HANIYA"), &p("Ismail HANIYA"), &stats);
    assert!(typo.pairs.iter().any(|x| x.query == "ismali"), "{typo:?}");
    // A Latin name's final vowel is written with that letter: "گيرگي" girgi is George.
    let vowel = compare_names(&p("گيرگي ال هسوني"), &p("George AL HASAWANI"), &stats);
    assert!(
        vowel.pairs.iter().any(|x| x.candidate == "george"),
        "{vowel:?}"
    );
}

#[test]
fn words_paired_across_arabic_script_share_the_consonants_it_writes() {
    let p = |s: &str| prepare(s, NameKindHint::Person);
    let stats = TokenStats::default();
    // سارة sara against Osama: s-r / s-m, alike in letters only.
    let n = compare_names(&p("سارة المصري"), &p("Abu Osama al-Masri"), &stats);
    assert!(n.pairs.iter().all(|x| x.query != "sara"), "{n:?}");
    assert!(n.unmatched_query.contains(&"sara".to_string()), "{n:?}");
    // ض is z in Persian: "ضیا" is Zia.
    let n = compare_names(&p("احمد ضیا آغا"), &p("AHMAD ZIA AGHA"), &stats);
    assert!(n.score >= 0.8, "{n:?}");
    // Hebrew writes one letter for p and f, v and b, s and sh: its words are not held to
    // Arabic's consonants.
    let n = compare_names(&p("פרנסס ליין"), &p("Francis Lane"), &stats);
    assert!(n.score >= 0.66, "{n:?}");
}

#[test]
fn a_cjk_syllable_is_not_a_cut_short_word() {
    let p = |s: &str| prepare(s, NameKindHint::Person);
    // 葛晶 ge jing: jing is a whole syllable, not the start of "Jingfeng".
    let n = compare_names(&p("葛晶"), &p("GAO, Jingfeng"), &TokenStats::default());
    let jing = n.pairs.iter().find(|x| x.query == "jing");
    assert!(jing.is_none_or(|x| x.similarity < 0.8), "{n:?}");
    // A word of a name in one script may still be cut short ("Kakha" / "Kakhaber").
    let n = compare_names(
        &p("Kakha Bendukidze"),
        &p("Kakhaber Bendukidze"),
        &TokenStats::default(),
    );
    assert!(n.score >= 0.85, "{n:?}");
}

#[test]
fn a_listed_initial_of_a_firm_is_not_a_customer_word_of_that_letter() {
    let org = |s: &str| prepare(s, NameKindHint::Organization);
    let stats = TokenStats::default();
    // The listed firm's initials abbreviate words of its own name.
    for (q, c) in [
        (
            "PAMPA INVERSIONES S.A.S.",
            "INVERSIONES C.P.C.L. Y CIA. S. EN C.S.",
        ),
        ("Pinnacle Builders Limited", "A.S.P. BUILDERS"),
    ] {
        let n = compare_names(&org(q), &org(c), &stats);
        assert!(
            n.pairs.iter().all(|p| p.candidate.len() > 1),
            "{q} / {c}: {n:?}"
        );
        assert!(n.score < 0.66, "{q} / {c}: {n:?}");
    }
    // A customer's letter is a listed word cut short, and a person's initial is their
    // name.
    let cut = compare_names(
        &org("AKTSIONERNOE OBSHCHESTVO ROSSISKI B"),
        &org("AKTSIONERNOE OBSHCHESTVO ROSSISKI BANK"),
        &stats,
    );
    assert!(cut.pairs.iter().any(|p| p.query == "b"), "{cut:?}");
    let p = |s: &str| prepare(s, NameKindHint::Person);
    let person = compare_names(&p("Jan Mohammad IKRAM"), &p("J. M. IKRAM"), &stats);
    assert!(person.pairs.iter().any(|p| p.query == "jan"), "{person:?}");
}
