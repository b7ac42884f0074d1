//! The test deck: listed names rendered under the manipulations that screening testers use,
//! each case knowing which listed entity it must find.
//!
//! Every manipulation is a small function of (name, random source) that returns `None` when
//! it does not apply (no middle name to drop, no legal form to swap…), so the report can say
//! how many cases each category really has instead of padding it with unchanged names.

use crate::script;
use interdict_model::{Entity, NameKind, Schema};
use interdict_synth::Rng;
use interdict_text::{dominant_script, vocabulary, Script};
use serde::Serialize;
use std::collections::BTreeMap;

/// A manipulation category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// The name as listed.
    Exact,
    /// Surname and given names in the other order.
    NaturalOrder,
    /// Other letter case, punctuation removed or changed.
    CasePunctuation,
    /// One typing error.
    OneTypo,
    /// Two typing errors.
    TwoTypos,
    /// A middle name or patronymic left out.
    DroppedMiddle,
    /// Given names written as initials.
    Initials,
    /// A Latin-script listed name written in Cyrillic.
    ToCyrillic,
    /// A Latin-script listed name written in Arabic script.
    ToArabic,
    /// A Cyrillic listed name romanized by another system.
    FromCyrillic,
    /// An Arabic-script listed name romanized.
    FromArabic,
    /// Another romanization of a Latin-script name (kh/h, ou/u, y/i…).
    Romanization,
    /// The legal form replaced by an equivalent (OOO → LLC, JSC → AO).
    LegalForm,
    /// Two words written as one.
    Concatenated,
    /// One word written as two.
    Split,
    /// The name cut short, as fixed-width fields do.
    Truncated,
    /// A word added (a title, "Group", another given name).
    ExtraTokens,
}

impl Category {
    /// Every category, in report order.
    pub const ALL: [Category; 17] = [
        Category::Exact,
        Category::NaturalOrder,
        Category::CasePunctuation,
        Category::OneTypo,
        Category::TwoTypos,
        Category::DroppedMiddle,
        Category::Initials,
        Category::ToCyrillic,
        Category::ToArabic,
        Category::FromCyrillic,
        Category::FromArabic,
        Category::Romanization,
        Category::LegalForm,
        Category::Concatenated,
        Category::Split,
        Category::Truncated,
        Category::ExtraTokens,
    ];

    /// The category's id in reports and JSON.
    pub fn id(self) -> &'static str {
        match self {
            Category::Exact => "exact",
            Category::NaturalOrder => "natural-order",
            Category::CasePunctuation => "case-punctuation",
            Category::OneTypo => "one-typo",
            Category::TwoTypos => "two-typos",
            Category::DroppedMiddle => "dropped-middle",
            Category::Initials => "initials",
            Category::ToCyrillic => "to-cyrillic",
            Category::ToArabic => "to-arabic",
            Category::FromCyrillic => "from-cyrillic",
            Category::FromArabic => "from-arabic",
            Category::Romanization => "romanization",
            Category::LegalForm => "legal-form",
            Category::Concatenated => "concatenated",
            Category::Split => "split",
            Category::Truncated => "truncated",
            Category::ExtraTokens => "extra-tokens",
        }
    }

    /// What the manipulation does, with an example, for the report.
    pub fn description(self) -> &'static str {
        match self {
            Category::Exact => "the name exactly as listed",
            Category::NaturalOrder => {
                "people: surname and given names swapped (PUTIN, Vladimir → Vladimir PUTIN)"
            }
            Category::CasePunctuation => {
                "other letter case; punctuation removed or hyphens as spaces"
            }
            Category::OneTypo => "one letter dropped, doubled, swapped or mistyped",
            Category::TwoTypos => "two such errors, in different words where possible",
            Category::DroppedMiddle => {
                "people: a middle name or patronymic left out (Timur Nailevich SHAGIVALEEV → Timur SHAGIVALEEV)"
            }
            Category::Initials => "people: given names as initials (Hamed ABDOLLAHI → H. ABDOLLAHI)",
            Category::ToCyrillic => "a Latin-script name written in Cyrillic (Shahed → Шахед)",
            Category::ToArabic => {
                "a Latin-script name written in Arabic script, short vowels unwritten"
            }
            Category::FromCyrillic => {
                "a listed Cyrillic name romanized by a passport, French, German or scholarly system"
            }
            Category::FromArabic => "a listed Arabic-script name romanized",
            Category::Romanization => {
                "another romanization of the same sounds (kh/h, ou/u, y/i, j/dj, sh/ch, w/v…)"
            }
            Category::LegalForm => {
                "organizations: the legal form replaced by an equivalent (OOO → LLC, JSC → AO)"
            }
            Category::Concatenated => "two adjacent words written as one (AL QAIDA → ALQAIDA)",
            Category::Split => "one long word written as two",
            Category::Truncated => {
                "cut to 35 characters as fixed-width fields do, or the last letters lost"
            }
            Category::ExtraTokens => {
                "a word added: a title or another given name; Group, Holding… for organizations"
            }
        }
    }
}

/// One test case: a query name and the listed entity it must find.
#[derive(Debug, Clone, Serialize)]
pub struct Case {
    /// The manipulation.
    pub category: Category,
    /// The listed entity the query must find.
    pub entity_id: String,
    /// Its list.
    pub list: String,
    /// Its schema (the query is screened as this, or as LegalEntity when not a party type).
    pub schema: String,
    /// The listed name the query was made from.
    pub listed_name: String,
    /// The query.
    pub query: String,
    /// The birth date the customer record carries: the listed one, else (as often as a
    /// generated person has one) a date the list cannot confirm, or `None`.
    pub birth_date: Option<String>,
    /// The nationality the customer record carries: a listed one, or `None`.
    pub nationality: Option<String>,
    /// The country the customer record carries: one the list states, else one of residence
    /// the list cannot confirm (`None` only in cases built by hand).
    pub country: Option<String>,
}

/// The deck and how it was drawn.
#[derive(Debug, Clone)]
pub struct Deck {
    /// The cases.
    pub cases: Vec<Case>,
    /// Listed entities sampled.
    pub sampled: usize,
    /// Screenable parties on the chosen lists (the population sampled from).
    pub population: usize,
}

/// Schemata whose names the deck manipulates: parties, not vessels or aircraft.
fn is_party(s: &Schema) -> bool {
    matches!(
        s,
        Schema::Person | Schema::Organization | Schema::Company | Schema::LegalEntity
    )
}

fn is_latin(s: &str) -> bool {
    dominant_script(s) == Script::Latin
}

/// Draws `sample` listed parties, spread evenly over the lists (a small list is taken
/// whole before a big one gets more), and makes every applicable case for each.
pub fn build(entities: &[Entity], sample: usize, seed: u64) -> Deck {
    let mut rng = Rng::new(seed);
    let mut by_list: BTreeMap<&str, Vec<&Entity>> = BTreeMap::new();
    for e in entities
        .iter()
        .filter(|e| is_party(&e.schema) && !e.names.is_empty())
    {
        by_list.entry(e.source.list.as_str()).or_default().push(e);
    }
    let population = by_list.values().map(Vec::len).sum();
    for group in by_list.values_mut() {
        shuffle(group, &mut rng);
    }
    let mut picked: Vec<&Entity> = Vec::new();
    let mut round = 0;
    while picked.len() < sample {
        let before = picked.len();
        for group in by_list.values() {
            if picked.len() < sample {
                if let Some(e) = group.get(round) {
                    picked.push(e);
                }
            }
        }
        if picked.len() == before {
            break;
        }
        round += 1;
    }
    // Another stream for the records' attributes, so that the queries are the ones drawn
    // without them.
    let mut attributes = Rng::new(seed ^ 0x6174_7472_6962_7574);
    let mut cases = Vec::new();
    for e in &picked {
        for category in Category::ALL {
            if let Some(mut case) = make_case(e, category, &mut rng) {
                attach_attributes(&mut case, e, &mut attributes);
                cases.push(case);
            }
        }
    }
    Deck {
        cases,
        sampled: picked.len(),
        population,
    }
}

/// Gives a case what a customer record of the listed party carries, as often as the
/// generated customers carry it (`interdict_synth`): people a birth date 85 % of the time
/// and a nationality 70 %, everyone a country — each the listed value, where the list
/// states one. A customer who is the listed party has the listed party's birth date; the
/// negatives have dates and countries of their own, so these are what tell them apart.
/// Where the list states no birth date or no country, the customer record still has one
/// (every customer lives somewhere, and was born on some day): one the list cannot
/// confirm, so a match that needs confirming is measured as a real file would test it.
fn attach_attributes(case: &mut Case, e: &Entity, rng: &mut Rng) {
    /// Where customers of a listed party that states no country live.
    const RESIDENCES: &[&str] = &["gb", "us", "de", "fr", "ae", "tr", "ch", "nl", "ca", "sg"];
    let person = e.schema == Schema::Person;
    let (date, nationality) = (rng.chance(0.85), rng.chance(0.7));
    if person && date {
        case.birth_date = Some(match e.birth_dates.first() {
            Some(d) => d.date.to_string(),
            None => format!(
                "{:04}-{:02}-{:02}",
                1940 + rng.below(67),
                1 + rng.below(12),
                1 + rng.below(28)
            ),
        });
    }
    if person && nationality {
        case.nationality = e.nationalities.first().cloned();
    }
    case.country = Some(
        e.countries
            .first()
            .or(e.nationalities.first())
            .or(e.addresses.iter().find_map(|a| a.country.as_ref()))
            .cloned()
            .unwrap_or_else(|| (*rng.pick(RESIDENCES)).to_string()),
    );
}

fn shuffle<T>(items: &mut [T], rng: &mut Rng) {
    for i in (1..items.len()).rev() {
        let j = rng.below(i + 1);
        items.swap(i, j);
    }
}

/// The strong names of an entity: primary names and aliases (weak aliases, previous names
/// are not what a tester renders).
fn strong_names(e: &Entity) -> Vec<&str> {
    e.names
        .iter()
        .filter(|n| {
            matches!(
                n.kind,
                NameKind::Primary | NameKind::Alias | NameKind::OriginalScript
            )
        })
        .map(|n| n.value.as_str())
        .filter(|n| n.chars().filter(|c| c.is_alphanumeric()).count() >= 3)
        .collect()
}

fn make_case(e: &Entity, category: Category, rng: &mut Rng) -> Option<Case> {
    let names = strong_names(e);
    let person = e.schema == Schema::Person;
    let pick_latin = |rng: &mut Rng| -> Option<&str> {
        let latin: Vec<&str> = names.iter().copied().filter(|n| is_latin(n)).collect();
        let primary = e.caption();
        // The primary name most of the time: that is what a tester starts from.
        if is_latin(primary) && (latin.len() == 1 || rng.chance(0.6)) {
            return Some(primary);
        }
        latin.get(rng.below(latin.len().max(1))).copied()
    };
    let of_script = |script: Script| -> Option<&str> {
        names.iter().copied().find(|n| dominant_script(n) == script)
    };
    let (listed, query) = match category {
        Category::FromCyrillic => {
            let n = of_script(Script::Cyrillic)?;
            (n, script::from_cyrillic(n, rng))
        }
        Category::FromArabic => {
            let n = of_script(Script::Arabic)?;
            (n, script::from_arabic(n, rng))
        }
        _ => {
            let n = pick_latin(rng)?;
            (n, manipulate(n, category, person, rng)?)
        }
    };
    let query = query.split_whitespace().collect::<Vec<_>>().join(" ");
    if query.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
        return None;
    }
    if category != Category::Exact && query == listed {
        return None;
    }
    Some(Case {
        category,
        entity_id: e.id.clone(),
        list: e.source.list.clone(),
        schema: e.schema.name().to_string(),
        listed_name: listed.to_string(),
        query,
        birth_date: None,
        nationality: None,
        country: None,
    })
}

/// Applies a Latin-script manipulation; `None` when it does not apply to this name.
pub fn manipulate(name: &str, category: Category, person: bool, rng: &mut Rng) -> Option<String> {
    match category {
        Category::Exact => Some(name.to_string()),
        Category::NaturalOrder => person.then(|| natural_order(name)).flatten(),
        Category::CasePunctuation => Some(case_punctuation(name, rng)),
        Category::OneTypo => typos(name, 1, rng),
        Category::TwoTypos => typos(name, 2, rng),
        Category::DroppedMiddle => person.then(|| dropped_middle(name, rng)).flatten(),
        Category::Initials => person.then(|| initials(name)).flatten(),
        Category::ToCyrillic => Some(script::to_cyrillic(name)),
        Category::ToArabic => Some(script::to_arabic(name)),
        Category::FromCyrillic | Category::FromArabic => None,
        Category::Romanization => romanization(name, rng),
        Category::LegalForm => (!person).then(|| legal_form(name, rng)).flatten(),
        Category::Concatenated => concatenated(name, rng),
        Category::Split => split(name, rng),
        Category::Truncated => truncated(name),
        Category::ExtraTokens => Some(extra_tokens(name, person, rng)),
    }
}

/// A person's name as (given names, surname), from "SURNAME, Given" or "Given SURNAME"
/// (UN and UK lists write given names first; OFAC writes the surname first with a comma).
fn given_and_surname(name: &str) -> Option<(Vec<&str>, Vec<&str>)> {
    if let Some((surname, given)) = name.split_once(',') {
        let given: Vec<&str> = given.split_whitespace().collect();
        let surname: Vec<&str> = surname.split_whitespace().collect();
        return (!given.is_empty() && !surname.is_empty()).then_some((given, surname));
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    let (last, given) = words.split_last()?;
    (!given.is_empty()).then(|| (given.to_vec(), vec![*last]))
}

pub(crate) fn natural_order(name: &str) -> Option<String> {
    if name.contains(',') {
        let (given, surname) = given_and_surname(name)?;
        return Some(format!("{} {}", given.join(" "), surname.join(" ")));
    }
    // Given-first lists: the surname first, as an ID card or a Chinese-order system would.
    let (given, surname) = given_and_surname(name)?;
    Some(format!("{} {}", surname.join(" "), given.join(" ")))
}

fn case_punctuation(name: &str, rng: &mut Rng) -> String {
    let stripped: String = name
        .chars()
        .map(|c| if c == '-' || c == '/' { ' ' } else { c })
        .filter(|c| !matches!(c, '.' | ',' | '\'' | '"' | '(' | ')' | '’' | '`'))
        .collect();
    let stripped = stripped.split_whitespace().collect::<Vec<_>>().join(" ");
    let cased = match rng.below(3) {
        0 => stripped.to_lowercase(),
        1 => stripped.to_uppercase(),
        _ => title_case(&stripped),
    };
    if cased == name {
        name.to_lowercase()
    } else {
        cased
    }
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Keys next to each other on a QWERTY keyboard, for substitutions a typist makes.
fn neighbour(c: char, rng: &mut Rng) -> char {
    const ROWS: [&str; 3] = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
    let lower = c.to_ascii_lowercase();
    for row in ROWS {
        let chars: Vec<char> = row.chars().collect();
        if let Some(i) = chars.iter().position(|&k| k == lower) {
            let options: Vec<char> = [i.checked_sub(1), Some(i + 1)]
                .into_iter()
                .flatten()
                .filter_map(|j| chars.get(j).copied())
                .collect();
            let n = *rng.pick(&options);
            return if c.is_uppercase() {
                n.to_ascii_uppercase()
            } else {
                n
            };
        }
    }
    c
}

/// Makes `count` typing errors in words of four or more ASCII letters, never in the first
/// letter (people rarely get that wrong, and it is how a reader finds a name).
fn typos(name: &str, count: usize, rng: &mut Rng) -> Option<String> {
    let mut words: Vec<String> = name.split(' ').map(str::to_string).collect();
    let mut eligible: Vec<usize> = (0..words.len())
        .filter(|&i| {
            let w = &words[i];
            w.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 4
        })
        .collect();
    if eligible.is_empty() {
        return None;
    }
    shuffle(&mut eligible, rng);
    for k in 0..count {
        let i = eligible[k % eligible.len()];
        let before = words[i].clone();
        // A few tries: swapping two equal letters changes nothing.
        for _ in 0..4 {
            let mut chars: Vec<char> = words[i].chars().collect();
            let letters: Vec<usize> = (1..chars.len())
                .filter(|&p| chars[p].is_alphabetic())
                .collect();
            if letters.is_empty() {
                break;
            }
            let p = *rng.pick(&letters);
            match rng.below(4) {
                0 => {
                    chars.remove(p);
                }
                1 => {
                    let c = chars[p];
                    chars.insert(p, c);
                }
                2 if p + 1 < chars.len() && chars[p + 1].is_alphabetic() => chars.swap(p, p + 1),
                _ => chars[p] = neighbour(chars[p], rng),
            }
            words[i] = chars.into_iter().collect();
            if words[i] != before {
                break;
            }
        }
    }
    let out = words.join(" ");
    (out != name).then_some(out)
}

fn dropped_middle(name: &str, rng: &mut Rng) -> Option<String> {
    let (given, surname) = given_and_surname(name)?;
    if given.len() < 2 {
        return None;
    }
    let keep: Vec<&str> = if name.contains(',') {
        // "SURNAME, Given Patronymic": the patronymic or middle names go.
        vec![given[0]]
    } else {
        let drop = 1 + rng.below(given.len() - 1);
        given
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != drop)
            .map(|(_, g)| *g)
            .collect()
    };
    Some(if name.contains(',') {
        format!("{}, {}", surname.join(" "), keep.join(" "))
    } else {
        format!("{} {}", keep.join(" "), surname.join(" "))
    })
}

fn initial(word: &str) -> Option<String> {
    let c = word.chars().find(|c| c.is_alphabetic())?;
    Some(format!("{}.", c.to_uppercase()))
}

/// Given names as initials, in given-first order: "SMITH, John Paul" → "J. P. SMITH".
fn initials(name: &str) -> Option<String> {
    let (given, surname) = given_and_surname(name)?;
    let initials: Vec<String> = given.iter().filter_map(|g| initial(g)).collect();
    if initials.is_empty() {
        return None;
    }
    Some(format!("{} {}", initials.join(" "), surname.join(" ")))
}

/// Spelling rules that romanizations of the same sounds differ by.
const ROMANIZATIONS: &[(&str, &str)] = &[
    ("kh", "h"),
    ("ou", "u"),
    ("oo", "u"),
    ("u", "ou"),
    ("y", "i"),
    ("iy", "i"),
    ("ii", "iy"),
    ("j", "dj"),
    ("dj", "j"),
    ("zh", "j"),
    ("sh", "ch"),
    ("ch", "tch"),
    ("w", "v"),
    ("v", "w"),
    ("ph", "f"),
    ("q", "k"),
    ("x", "ks"),
    ("ks", "x"),
    ("ts", "tz"),
    ("ya", "ia"),
    ("yu", "iu"),
    ("ye", "e"),
    ("ei", "ey"),
    ("ey", "ei"),
    ("gh", "g"),
    ("dh", "d"),
    ("th", "t"),
    ("ee", "i"),
    ("mm", "m"),
    ("ll", "l"),
    ("o", "u"),
    ("e", "a"),
    ("i", "e"),
];

/// One romanization rule applied throughout the name, as one system would.
fn romanization(name: &str, rng: &mut Rng) -> Option<String> {
    let lower = name.to_lowercase();
    let applicable: Vec<&(&str, &str)> = ROMANIZATIONS
        .iter()
        .filter(|(from, _)| lower.contains(from))
        .collect();
    if applicable.is_empty() {
        return None;
    }
    let (from, to) = **rng.pick(&applicable);
    let upper = name
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    let mut out = String::new();
    let mut rest = lower.as_str();
    let original: Vec<char> = name.chars().collect();
    let mut pos = 0; // position in chars, to keep the case of untouched letters
    while !rest.is_empty() {
        if rest.starts_with(from) {
            let word_start = pos == 0 || !original[pos - 1].is_alphabetic();
            let rendered = if upper {
                to.to_uppercase()
            } else if word_start && original.get(pos).is_some_and(|c| c.is_uppercase()) {
                let mut c = to.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            } else {
                to.to_string()
            };
            out.push_str(&rendered);
            rest = &rest[from.len()..];
            pos += from.chars().count();
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(original.get(pos).copied().unwrap_or(c));
            rest = &rest[c.len_utf8()..];
            pos += 1;
        }
    }
    (out.to_lowercase() != lower).then_some(out)
}

/// Legal forms that name the same thing, as registries, translators and customers write
/// them. Curated rather than taken whole from the rigour tables, whose classes are broad
/// (an "LLC" class that also holds GmbH and SRL): a tester swaps OOO for LLC, not for SRL.
const LEGAL_FORMS: &[&[&str]] = &[
    &[
        "ooo",
        "llc",
        "limited liability company",
        "ооо",
        "obshchestvo s ogranichennoy otvetstvennostyu",
    ],
    &[
        "ao",
        "jsc",
        "joint stock company",
        "ао",
        "aktsionernoe obshchestvo",
    ],
    &["pao", "pjsc", "public joint stock company", "пао"],
    &["oao", "ojsc", "open joint stock company", "оао"],
    &["zao", "cjsc", "closed joint stock company", "зао"],
    &["ltd", "limited"],
    &["co ltd", "company limited", "co limited"],
    &["inc", "incorporated"],
    &["corp", "corporation"],
    &["co", "company"],
    &["gmbh", "gesellschaft mit beschrankter haftung"],
    &["llp", "limited liability partnership"],
    &["plc", "public limited company"],
    &["fze", "free zone establishment"],
    &["fzco", "free zone company"],
    &["fzc", "free zone company"],
    &["sa", "s a", "sociedad anonima", "societe anonyme"],
    &["sdn bhd", "sendirian berhad"],
    &["pvt ltd", "private limited"],
    &["sarl", "s a r l", "societe a responsabilite limitee"],
    &["srl", "s r l", "societa a responsabilita limitata"],
    &["tov", "тов", "tovarystvo z obmezhenoiu vidpovidalnistiu"],
    &["ltd sti", "limited sirketi"],
];

/// The name with its legal form replaced by another way of writing the same form.
fn legal_form(name: &str, rng: &mut Rng) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let keys: Vec<String> = words
        .iter()
        .map(|w| interdict_text::tokens(w).join(" "))
        .collect();
    // Longest phrase first, anywhere in the name.
    for len in (1..=5.min(words.len())).rev() {
        for start in 0..=(words.len() - len) {
            let phrase = keys[start..start + len]
                .iter()
                .filter(|k| !k.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(" ");
            let Some(group) = LEGAL_FORMS.iter().find(|g| g.contains(&phrase.as_str())) else {
                continue;
            };
            let others: Vec<&str> = group.iter().copied().filter(|o| *o != phrase).collect();
            let other = *rng.pick(&others);
            let upper = name
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
            // Abbreviations (LLC, OOO) are written in capitals whatever the name's case.
            let other = if upper || other.chars().count() <= 4 {
                other.to_uppercase()
            } else {
                title_case(other)
            };
            let mut out: Vec<String> = words[..start].iter().map(|w| w.to_string()).collect();
            out.push(other);
            out.extend(words[start + len..].iter().map(|w| w.to_string()));
            return Some(out.join(" "));
        }
    }
    None
}

/// Alphabetic words of a name, by position, that are not legal forms.
fn plain_words(words: &[&str]) -> Vec<usize> {
    let v = vocabulary();
    (0..words.len())
        .filter(|&i| {
            words[i].chars().all(char::is_alphabetic)
                && !v
                    .legal_forms
                    .contains_key(&interdict_text::romanize(&words[i].to_lowercase()))
        })
        .collect()
}

fn concatenated(name: &str, rng: &mut Rng) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let plain = plain_words(&words);
    let pairs: Vec<usize> = plain
        .iter()
        .copied()
        .filter(|&i| plain.contains(&(i + 1)))
        .collect();
    if pairs.is_empty() {
        return None;
    }
    let i = *rng.pick(&pairs);
    let mut out: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    let next = out.remove(i + 1);
    out[i].push_str(&next);
    Some(out.join(" "))
}

fn split(name: &str, rng: &mut Rng) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let long: Vec<usize> = plain_words(&words)
        .into_iter()
        .filter(|&i| words[i].chars().count() >= 7)
        .collect();
    if long.is_empty() {
        return None;
    }
    let i = *rng.pick(&long);
    let chars: Vec<char> = words[i].chars().collect();
    let at = 3 + rng.below(chars.len() - 5);
    let mut out: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    out[i] = format!(
        "{} {}",
        chars[..at].iter().collect::<String>(),
        chars[at..].iter().collect::<String>()
    );
    Some(out.join(" "))
}

/// Fixed-width fields (SWIFT's 35 characters) cut long names; short ones lose their last
/// letters when a field is mis-sized.
fn truncated(name: &str) -> Option<String> {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() > 35 {
        return Some(
            chars[..35]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_string(),
        );
    }
    let last = name.split_whitespace().last()?;
    if name.split_whitespace().count() < 2 || last.chars().count() < 6 {
        return None;
    }
    Some(chars[..chars.len() - 2].iter().collect())
}

fn extra_tokens(name: &str, person: bool, rng: &mut Rng) -> String {
    const TITLES: &[&str] = &["Mr", "Dr", "Haji", "Mrs", "Sheikh", "Prof"];
    const GIVEN: &[&str] = &["Ali", "John", "Maria", "Ivan", "Ahmed", "Li"];
    const ORG: &[&str] = &[
        "Group",
        "Holding",
        "International",
        "Trading",
        "Branch Office",
        "Services",
    ];
    let upper = name
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    let style = |w: &&str| {
        if upper {
            w.to_uppercase()
        } else {
            w.to_string()
        }
    };
    if person {
        if rng.chance(0.5) {
            format!("{} {name}", style(rng.pick(TITLES)))
        } else if let Some((surname, given)) = name.split_once(',') {
            format!("{surname},{given} {}", style(rng.pick(GIVEN)))
        } else {
            let mut words: Vec<String> = name.split_whitespace().map(str::to_string).collect();
            let at = words.len().saturating_sub(1).max(1).min(words.len());
            words.insert(at, style(rng.pick(GIVEN)));
            words.join(" ")
        }
    } else {
        format!("{name} {}", style(rng.pick(ORG)))
    }
}

#[cfg(test)]
mod tests;
