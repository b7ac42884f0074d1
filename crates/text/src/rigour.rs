//! Name vocabularies from OpenSanctions' rigour tables (`data/reference/rigour/`, MIT):
//! legal forms (OOO, LLC, ООО, "Obshchestvo s Ogranichennoi Otvetstvennostyu" → one class),
//! organisation-name symbols (company / компания / kompaniya → "co"), person-name prefixes
//! (Mr, Dr, Sheikh…) and the spellings given as one person's name (Bob / Robert). The YAML
//! files are compiled in and read with a YAML parser (yaml-rust2), not a reader of our own:
//! an upstream file that uses more of YAML is read as YAML, or fails the tests, never
//! misread silently.

use crate::{normalize, romanize};
use std::collections::HashMap;
use std::sync::OnceLock;
use yaml_rust2::{Yaml, YamlLoader};

const ORG_TYPES: &str = include_str!("../../../data/reference/rigour/names_org_types.yml");
const SYMBOLS: &str = include_str!("../../../data/reference/rigour/names_symbols.yml");
const STOPWORDS: &str = include_str!("../../../data/reference/rigour/names_stopwords.yml");
/// Legal-form spellings rigour lacks, interdict's own (see the file's header).
const LEGAL_FORMS_EXTRA: &str = include_str!("../data/legal-forms-extra.tsv");

/// Organisation-word spellings rigour lacks, interdict's own (see the file's header).
const ORG_SYMBOLS_EXTRA: &str = include_str!("../data/org-symbols-extra.tsv");

/// The extra organisation words: (spelling, rigour's symbol).
fn extra_org_symbols() -> impl Iterator<Item = (&'static str, &'static str)> {
    pairs(ORG_SYMBOLS_EXTRA)
}

/// The rows of one of our two-column tables (spelling, then rigour's class or symbol),
/// comments and blank lines skipped.
fn pairs(table: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    table
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
}

/// Legal forms only some countries' laws let a firm take, and those countries, interdict's
/// own (see the file's header).
const LEGAL_FORM_COUNTRIES: &str = include_str!("../data/legal-form-countries.tsv");

/// Given names Russian, Ukrainian and Belarusian write as one, interdict's own (see the
/// file's header): one group of spellings per line.
const PERSON_NAMES_EXTRA: &str = include_str!("../data/person-names-extra.tsv");

/// Rigour's legal-form spellings interdict does not read as legal forms (see the file's
/// header).
const LEGAL_FORMS_NOT: &str = include_str!("../data/legal-forms-not.txt");

/// The spellings of [`LEGAL_FORMS_NOT`], comments and blank lines skipped.
fn not_legal_forms() -> impl Iterator<Item = &'static str> {
    LEGAL_FORMS_NOT
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The extra legal forms: (spelling, generic class).
fn extra_legal_forms() -> impl Iterator<Item = (&'static str, &'static str)> {
    pairs(LEGAL_FORMS_EXTRA)
}

/// A parsed YAML node (maps, lists and scalars only).
#[derive(Debug, Clone)]
enum Node {
    Map(Vec<(String, Node)>),
    List(Vec<Node>),
    Str(String),
}

/// A scalar as text: strings as they are, numbers and booleans as YAML reads them.
fn scalar(y: &Yaml) -> String {
    match y {
        Yaml::String(s) | Yaml::Real(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        _ => String::new(),
    }
}

fn node(y: &Yaml) -> Node {
    match y {
        Yaml::Hash(h) => Node::Map(h.iter().map(|(k, v)| (scalar(k), node(v))).collect()),
        Yaml::Array(a) => Node::List(a.iter().map(node).collect()),
        other => Node::Str(scalar(other)),
    }
}

/// One of the compiled-in tables, read with a YAML parser (yaml-rust2). The tables are part
/// of the build: one that does not parse leaves its vocabulary empty, which the tests catch
/// (`legal_forms_in_many_spellings_share_a_class`).
fn parse(text: &str) -> Node {
    match YamlLoader::load_from_str(text) {
        Ok(docs) => docs.first().map_or(Node::Map(Vec::new()), node),
        Err(_) => Node::Map(Vec::new()),
    }
}

fn get<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    match node {
        Node::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

fn strings(node: Option<&Node>) -> Vec<String> {
    match node {
        Some(Node::List(items)) => items
            .iter()
            .filter_map(|i| match i {
                Node::Str(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        Some(Node::Str(s)) if !s.is_empty() => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// Phrase vocabularies keyed by romanized, normalized token sequences.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// Legal-form phrase → canonical class (e.g. "obshchestvo s ogranichennoi
    /// otvetstvennostyu", "ooo", "llc" → "llc").
    pub legal_forms: HashMap<String, String>,
    /// Organisation symbol phrase → symbol ("kompaniya" → "co").
    pub org_symbols: HashMap<String, String>,
    /// Person-name prefixes and titles ("mr", "dr", "sheikh").
    pub person_prefixes: HashMap<String, String>,
    /// One-word spellings of a person's name that rigour's tables, or ours of Russian,
    /// Ukrainian and Belarusian given names, give as one name ("bob", "robert"; "ted",
    /// "theodore", "edward"; "putin", "путин"; "sergei", "siarhei") → the groups they belong
    /// to (a nickname may stand for several names: Ben for Benjamin and Benedict).
    pub person_names: HashMap<String, Vec<u16>>,
    /// Legal-form phrase → the countries whose law alone gives a firm that form ("gmbh" →
    /// de, at, ch, li; "ooo" → ru and the former Soviet republics that kept it), for the
    /// forms that say where a firm is registered (`data/legal-form-countries.tsv`).
    pub legal_form_countries: HashMap<String, Vec<String>>,
    /// The longest phrase, in tokens.
    pub max_phrase: usize,
    /// The first token of every phrase: a token that starts none needs no phrase lookup.
    pub phrase_starts: std::collections::HashSet<String>,
}

fn key(s: &str) -> String {
    romanize(&normalize(s))
}

/// The vocabulary, parsed once.
pub fn vocabulary() -> &'static Vocabulary {
    static V: OnceLock<Vocabulary> = OnceLock::new();
    V.get_or_init(|| {
        let mut v = Vocabulary::default();
        if let Some(Node::List(types)) = get(&parse(ORG_TYPES), "types") {
            for t in types {
                let canonical = strings(get(t, "generic"))
                    .into_iter()
                    .chain(strings(get(t, "compare")))
                    .chain(strings(get(t, "display")))
                    .next();
                let aliases = strings(get(t, "aliases"));
                let Some(canonical) = canonical.or_else(|| aliases.first().cloned()) else {
                    continue;
                };
                let canonical = key(&canonical).replace(' ', "");
                for a in aliases.iter().chain(strings(get(t, "display")).iter()) {
                    let k = key(a);
                    if !k.is_empty() {
                        v.legal_forms.entry(k).or_insert_with(|| canonical.clone());
                    }
                }
            }
        }
        for (spelling, generic) in extra_legal_forms() {
            let k = key(spelling);
            if !k.is_empty() {
                v.legal_forms
                    .entry(k)
                    .or_insert_with(|| key(generic).replace(' ', ""));
            }
        }
        for spelling in not_legal_forms() {
            v.legal_forms.remove(&key(spelling));
        }
        for (spelling, countries) in pairs(LEGAL_FORM_COUNTRIES) {
            let countries = countries.split_whitespace().map(str::to_string).collect();
            v.legal_form_countries.insert(key(spelling), countries);
        }
        let symbols = parse(SYMBOLS);
        if let Some(Node::Map(groups)) = get(&symbols, "org_symbols") {
            for (sym, node) in groups {
                for a in strings(Some(node)) {
                    let k = key(&a);
                    if !k.is_empty() && !v.legal_forms.contains_key(&k) {
                        v.org_symbols.entry(k).or_insert_with(|| sym.clone());
                    }
                }
            }
        }
        for (spelling, symbol) in extra_org_symbols() {
            let k = key(spelling);
            if !k.is_empty() && !v.legal_forms.contains_key(&k) {
                v.org_symbols.entry(k).or_insert_with(|| symbol.to_string());
            }
        }
        let stop = parse(STOPWORDS);
        for p in strings(get(&stop, "PERSON_NAME_PREFIXES")) {
            let k = key(&p);
            if !k.is_empty() {
                v.person_prefixes.insert(k.clone(), k);
            }
        }
        // Nicknames ("person_nick"), one person's name in many spellings and scripts
        // ("person_name_parts"), and our given names: each group a number; a spelling of
        // more than one word (a particle and the name, "al-Kaddafi") is that name's word too
        // and says no more.
        let mut groups: Vec<Vec<String>> = Vec::new();
        for table in ["person_nick", "person_name_parts"] {
            if let Some(Node::Map(named)) = get(&symbols, table) {
                groups.extend(named.iter().map(|(_, node)| strings(Some(node))));
            }
        }
        groups.extend(
            PERSON_NAMES_EXTRA
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                .map(|l| l.split('\t').map(str::to_string).collect()),
        );
        for (group, spellings) in (0u16..).zip(&groups) {
            for spelling in spellings {
                let k = key(spelling);
                if !k.is_empty() && !k.contains(' ') {
                    let g = v.person_names.entry(k).or_default();
                    if !g.contains(&group) {
                        g.push(group);
                    }
                }
            }
        }
        if let Some(Node::Map(groups)) = get(&symbols, "person_symbols") {
            for (sym, node) in groups {
                for a in strings(Some(node)) {
                    let k = key(&a);
                    if !k.is_empty() {
                        v.person_prefixes.entry(k).or_insert_with(|| sym.clone());
                    }
                }
            }
        }
        v.phrase_starts = v
            .legal_forms
            .keys()
            .chain(v.org_symbols.keys())
            .filter_map(|k| k.split(' ').next())
            .map(str::to_string)
            .collect();
        v.max_phrase = v
            .legal_forms
            .keys()
            .chain(v.org_symbols.keys())
            .chain(v.person_prefixes.keys())
            .map(|k| k.split(' ').count())
            .max()
            .unwrap_or(1)
            .min(8);
        v
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_forms_in_many_spellings_share_a_class() {
        let v = vocabulary();
        assert!(v.legal_forms.len() > 1000, "{}", v.legal_forms.len());
        let llc = v.legal_forms.get("llc").expect("llc");
        assert_eq!(v.legal_forms.get("ooo"), Some(llc));
        assert_eq!(v.legal_forms.get(&key("ООО")), Some(llc));
        assert_eq!(
            v.legal_forms
                .get("obshchestvo s ogranichennoi otvetstvennostyu"),
            Some(llc)
        );
        let jsc = v.legal_forms.get("jsc").expect("jsc");
        assert_eq!(v.legal_forms.get(&key("АО")), Some(jsc));
        assert_eq!(v.legal_forms.get("joint stock company"), Some(jsc));
        assert_eq!(
            v.org_symbols.get("kompaniya").map(String::as_str),
            Some("co")
        );
        assert!(v.person_prefixes.contains_key("dr"));
        // A nickname shares a group with each name it stands for, and with no other.
        let shared = |a: &str, b: &str| {
            v.person_names[a]
                .iter()
                .any(|g| v.person_names[b].contains(g))
        };
        assert!(shared("bob", "robert") && shared("ted", "theodore") && shared("ted", "edward"));
        assert!(!shared("ted", "robert"));
        assert!(shared("putin", &key("Путин")));
        // Ours: one given name in Russian, Ukrainian and Belarusian spellings.
        assert!(shared("sergei", "siarhei") && shared("aleksandr", "oleksandr"));
        assert!(!shared("sergei", "aleksandr"));
        assert!(v.person_prefixes.contains_key("sheikh"));
    }

    #[test]
    fn our_extra_legal_forms_are_read_and_add_only_what_rigour_lacks() {
        let v = vocabulary();
        let extras: Vec<_> = extra_legal_forms().collect();
        assert!(extras.len() >= 4, "{extras:?}");
        let rigour = ORG_TYPES.to_lowercase();
        for (spelling, generic) in extras {
            assert_eq!(
                v.legal_forms.get(&key(spelling)),
                Some(&key(generic).replace(' ', "")),
                "{spelling}"
            );
            // Not one of rigour's own spellings: those are rigour's to keep.
            assert!(
                !rigour.contains(&format!("- {spelling}\n"))
                    && !rigour.contains(&format!("display: {spelling}\n")),
                "{spelling} is rigour's"
            );
        }
        assert_eq!(
            v.legal_forms.get(&key("Công ty TNHH")),
            v.legal_forms.get("llc")
        );
    }

    #[test]
    fn legal_forms_of_some_countries_law_are_legal_forms_with_their_countries() {
        let v = vocabulary();
        let rows: Vec<_> = pairs(LEGAL_FORM_COUNTRIES).collect();
        assert!(rows.len() >= 20, "{rows:?}");
        for (spelling, countries) in rows {
            let k = key(spelling);
            assert!(
                v.legal_forms.contains_key(&k),
                "{spelling} is no legal form"
            );
            let listed = &v.legal_form_countries[&k];
            assert!(!listed.is_empty(), "{spelling}");
            assert!(
                listed
                    .iter()
                    .all(|c| c.len() == 2 && c.chars().all(|ch| ch.is_ascii_lowercase())),
                "{spelling}: {countries}"
            );
        }
        assert_eq!(
            v.legal_form_countries[&key("GmbH")],
            ["de", "at", "ch", "li"]
        );
        assert!(v.legal_form_countries[&key("ООО")].contains(&"ru".to_string()));
        // The forms of many systems, and English ones, say nothing of a country.
        for open in ["llc", "jsc", "ltd", "inc"] {
            assert!(!v.legal_form_countries.contains_key(open), "{open}");
        }
    }

    #[test]
    fn our_extra_organisation_words_are_read_and_add_only_what_rigour_lacks() {
        let v = vocabulary();
        let extras: Vec<_> = extra_org_symbols().collect();
        assert!(extras.len() >= 4, "{extras:?}");
        let symbols = parse(SYMBOLS);
        let Some(Node::Map(groups)) = get(&symbols, "org_symbols") else {
            panic!("rigour's symbol table has no org_symbols");
        };
        for (spelling, symbol) in extras {
            // A symbol of rigour's, read for the spelling, which is none of rigour's own
            // spellings (those are rigour's to keep) nor a legal form.
            assert!(groups.iter().any(|(s, _)| s == symbol), "{symbol}");
            assert_eq!(
                v.org_symbols.get(&key(spelling)).map(String::as_str),
                Some(symbol),
                "{spelling}"
            );
            assert!(
                !groups
                    .iter()
                    .any(|(_, n)| strings(Some(n)).iter().any(|a| key(a) == key(spelling))),
                "{spelling} is rigour's"
            );
        }
        assert_eq!(
            v.org_symbols.get(&key("Thương mại")).map(String::as_str),
            v.org_symbols.get("trading").map(String::as_str)
        );
    }

    #[test]
    fn words_we_do_not_read_as_legal_forms_are_rigours_and_are_dropped() {
        let v = vocabulary();
        let rigour = ORG_TYPES.to_lowercase();
        let not: Vec<_> = not_legal_forms().collect();
        assert!(not.contains(&"ege"), "{not:?}");
        for spelling in not {
            // Each is rigour's (else the line is stale), and is not read as a legal form.
            assert!(
                rigour.contains(&format!("- {spelling}\n"))
                    || rigour.contains(&format!("display: {spelling}\n")),
                "{spelling} is not rigour's"
            );
            assert!(!v.legal_forms.contains_key(&key(spelling)), "{spelling}");
        }
        // The form's other spellings still read.
        assert!(v
            .legal_forms
            .contains_key(&key("európai gazdasági egyesülés")));
    }
}
