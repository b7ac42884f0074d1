//! Name vocabularies from OpenSanctions' rigour tables (`data/reference/rigour/`, MIT):
//! legal forms (OOO, LLC, ООО, "Obshchestvo s Ogranichennoi Otvetstvennostyu" → one class),
//! organisation-name symbols (company / компания / kompaniya → "co") and person-name prefixes
//! (Mr, Dr, Sheikh…). The YAML files are compiled in and read with a small reader for the
//! subset of YAML they use.

use crate::{normalize, romanize};
use std::collections::HashMap;
use std::sync::OnceLock;

const ORG_TYPES: &str = include_str!("../../../data/reference/rigour/names_org_types.yml");
const SYMBOLS: &str = include_str!("../../../data/reference/rigour/names_symbols.yml");
const STOPWORDS: &str = include_str!("../../../data/reference/rigour/names_stopwords.yml");

/// A parsed YAML node (maps, lists and scalars only).
#[derive(Debug, Clone)]
enum Node {
    Map(Vec<(String, Node)>),
    List(Vec<Node>),
    Str(String),
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    // Strip a trailing comment outside quotes.
    let s = if s.starts_with('"') || s.starts_with('\'') {
        let q = s.chars().next().unwrap_or('"');
        match s[1..].find(q) {
            Some(end) => &s[1..=end],
            None => s,
        }
    } else {
        match s.find(" #") {
            Some(i) => s[..i].trim(),
            None => s,
        }
    };
    s.to_string()
}

/// Lines with their indentation, comments and blanks removed.
fn lines(text: &str) -> Vec<(usize, &str)> {
    text.lines()
        .filter_map(|l| {
            let t = l.trim_start();
            if t.is_empty() || t.starts_with('#') {
                return None;
            }
            Some((l.len() - t.len(), t.trim_end()))
        })
        .collect()
}

fn parse_block(ls: &[(usize, &str)], pos: &mut usize, indent: usize) -> Node {
    let Some(&(_, first)) = ls.get(*pos) else {
        return Node::Str(String::new());
    };
    if first.starts_with("- ") || first == "-" {
        let mut items = Vec::new();
        while let Some(&(ind, line)) = ls.get(*pos) {
            if ind != indent || !(line.starts_with("- ") || line == "-") {
                break;
            }
            let rest = line[1..].trim_start();
            if rest.contains(": ") || rest.ends_with(':') && !rest.starts_with('"') {
                // A map item: "- key: value" then more keys indented by 2.
                let mut sub: Vec<(usize, &str)> = vec![(indent + 2, rest)];
                *pos += 1;
                while let Some(&(i2, l2)) = ls.get(*pos) {
                    if i2 <= indent {
                        break;
                    }
                    sub.push((i2, l2));
                    *pos += 1;
                }
                let mut p = 0;
                items.push(parse_block(&sub, &mut p, indent + 2));
            } else {
                items.push(Node::Str(unquote(rest)));
                *pos += 1;
            }
        }
        Node::List(items)
    } else {
        let mut entries = Vec::new();
        while let Some(&(ind, line)) = ls.get(*pos) {
            if ind != indent {
                break;
            }
            let Some((key, value)) = line.split_once(':') else {
                *pos += 1;
                continue;
            };
            *pos += 1;
            let value = value.trim();
            let node = if value.is_empty() {
                match ls.get(*pos) {
                    Some(&(i2, _)) if i2 > indent => parse_block(ls, pos, i2),
                    // A list may sit at the same indentation as its key.
                    Some(&(i2, l2)) if i2 == indent && l2.starts_with("- ") => {
                        parse_block(ls, pos, i2)
                    }
                    _ => Node::Str(String::new()),
                }
            } else {
                Node::Str(unquote(value))
            };
            entries.push((unquote(key), node));
        }
        Node::Map(entries)
    }
}

fn parse(text: &str) -> Node {
    let ls = lines(text);
    let mut pos = 0;
    parse_block(&ls, &mut pos, 0)
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
        let stop = parse(STOPWORDS);
        for p in strings(get(&stop, "PERSON_NAME_PREFIXES")) {
            let k = key(&p);
            if !k.is_empty() {
                v.person_prefixes.insert(k.clone(), k);
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
        assert!(v.person_prefixes.contains_key("sheikh"));
    }
}
