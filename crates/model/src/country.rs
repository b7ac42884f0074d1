//! Country names and codes as lists write them ("Russia", "Iran, Islamic Republic of", "Korea,
//! North", "IRQ", "USSR") mapped to FollowTheMoney's country codes: ISO 3166-1 alpha-2 in lower
//! case, and FtM's codes for what ISO leaves out (`xk` Kosovo, `suhh` the Soviet Union,
//! `ua-cri` Crimea…).
//!
//! The table is OpenSanctions' territory data (rigour, MIT: `data/reference/rigour/
//! territories.jsonl.gz`, provenance beside it), compiled in: codes, English and local names,
//! historic states and their successors. A few spellings the lists use that it lacks are
//! interdict's own, in `data/country-spellings.tsv` in this crate.

use serde::Deserialize;
use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

/// The territory table, gzipped JSON Lines exactly as rigour publishes it.
static TERRITORIES: &[u8] = include_bytes!("../../../data/reference/rigour/territories.jsonl.gz");
/// interdict's spellings: code, tab, spelling.
static SPELLINGS: &str = include_str!("../data/country-spellings.tsv");

/// One line of rigour's table: the fields used here (others are ignored).
#[derive(Deserialize)]
struct Territory {
    code: String,
    name: String,
    full_name: Option<String>,
    alpha3: Option<String>,
    #[serde(default)]
    other_codes: Vec<String>,
    parent: Option<String>,
    #[serde(default)]
    is_ftm: bool,
    #[serde(default)]
    successors: Vec<String>,
    #[serde(default)]
    names_strong: Vec<String>,
}

/// A line of the table again, for its weak names only (read when a spelling is not found
/// among the codes and strong names: most list spellings are, and the weak names are most
/// of the table).
#[derive(Deserialize)]
struct WeakNames {
    code: String,
    #[serde(default)]
    names_weak: Vec<String>,
}

/// Folds a country spelling for lookup: lower case, letters and digits only, accents kept
/// (the table lists accented spellings separately).
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The lookup tables built from the data.
struct Index {
    /// Folded code or spelling → FtM code.
    by_name: HashMap<String, &'static str>,
    /// FtM code → English short name.
    names: HashMap<&'static str, &'static str>,
    /// Historic FtM code → the FtM codes of its successors.
    successors: HashMap<&'static str, Vec<&'static str>>,
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// Reads rigour's table. It is compiled in and checked by the tests, so a failure here is a
/// build defect, not bad input.
fn territories<T: serde::de::DeserializeOwned>() -> Vec<T> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(TERRITORIES)
        .read_to_string(&mut text)
        .expect("the bundled territory table is gzipped UTF-8");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("bundled territory table, line {}: {e}", i + 1))
        })
        .collect()
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let all: Vec<Territory> = territories();
        let by_code: HashMap<&str, &Territory> = all.iter().map(|t| (t.code.as_str(), t)).collect();
        // Each FtM code once, for the life of the program.
        let interned: HashMap<&str, &'static str> = all
            .iter()
            .filter(|t| t.is_ftm)
            .map(|t| (t.code.as_str(), leak(t.code.clone())))
            .collect();
        // A territory FtM has no code for (Dubai, a US state) stands for its parent's.
        let ftm_code = |t: &Territory| -> Option<&'static str> {
            let mut t = t;
            for _ in 0..8 {
                if t.is_ftm {
                    return interned.get(t.code.as_str()).copied();
                }
                t = by_code.get(t.parent.as_deref()?)?;
            }
            None
        };
        let mut codes: HashMap<String, &'static str> = HashMap::new();
        let mut strong: HashMap<String, &'static str> = HashMap::new();
        let mut names = HashMap::new();
        let mut successors = HashMap::new();
        for t in &all {
            let Some(code) = ftm_code(t) else { continue };
            if t.is_ftm {
                names.insert(code, leak(t.name.clone()));
                let next: Vec<&'static str> = t
                    .successors
                    .iter()
                    .filter_map(|s| by_code.get(s.as_str()).and_then(|s| ftm_code(s)))
                    .collect();
                if !next.is_empty() {
                    successors.insert(code, next);
                }
            }
            for c in std::iter::once(&t.code)
                .chain(&t.alpha3)
                .chain(&t.other_codes)
            {
                codes.entry(fold(c)).or_insert(code);
            }
            for n in std::iter::once(&t.name)
                .chain(&t.full_name)
                .chain(&t.names_strong)
            {
                strong.entry(fold(n)).or_insert(code);
            }
        }
        let mut by_name = HashMap::new();
        for line in SPELLINGS.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if let Some((code, spelling)) = line.split_once('\t') {
                if let Some(code) = interned.get(code) {
                    by_name.insert(fold(spelling), *code);
                }
            }
        }
        // Codes first, then strong names, then interdict's spellings ([`weak`] after them).
        by_name.extend(strong);
        by_name.extend(codes);
        Index {
            by_name: by_name.into_iter().filter(|(k, _)| !k.is_empty()).collect(),
            names,
            successors,
        }
    })
}

/// Folded weak name → FtM code, for spellings [`index`] does not know.
fn weak() -> &'static HashMap<String, &'static str> {
    static WEAK: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    WEAK.get_or_init(|| {
        let idx = index();
        // A territory's own code is in the index; its weak names stand for the same FtM code.
        let mut weak = HashMap::new();
        for t in territories::<WeakNames>() {
            let Some(code) = idx.by_name.get(&fold(&t.code)) else {
                continue;
            };
            for n in &t.names_weak {
                let n = fold(n);
                if !n.is_empty() && !idx.by_name.contains_key(&n) {
                    weak.entry(n).or_insert(*code);
                }
            }
        }
        weak
    })
}

/// The FtM country code for a country name, or for an alpha-2 or alpha-3 code, in any case.
/// Returns `None` for anything not in the table (the caller keeps the text).
///
/// ```
/// use interdict_model::country::to_iso;
/// assert_eq!(to_iso("Iran, Islamic Republic of"), Some("ir"));
/// assert_eq!(to_iso("RUSSIA"), Some("ru"));
/// assert_eq!(to_iso("kp"), Some("kp"));
/// assert_eq!(to_iso("IRQ"), Some("iq"));
/// assert_eq!(to_iso("USSR (until 1991)"), Some("suhh"));
/// assert_eq!(to_iso("Atlantis"), None);
/// ```
pub fn to_iso(name: &str) -> Option<&'static str> {
    let name = name.trim().trim_end_matches('.');
    if name.is_empty() {
        return None;
    }
    let folded = fold(name);
    if let Some(code) = index().by_name.get(&folded).or_else(|| weak().get(&folded)) {
        return Some(code);
    }
    // "Region: Gaza", "(Russia)", "Pakistan (at time of listing)".
    if let Some(rest) = name.strip_prefix("Region:") {
        return to_iso(rest);
    }
    let inner = name.trim_start_matches('(').trim_end_matches(')');
    if inner != name && !inner.contains('(') {
        return to_iso(inner);
    }
    if let Some((head, _)) = name.split_once(" (") {
        return to_iso(head);
    }
    None
}

/// The English short name of an FtM country code, for display.
pub fn name_of(code: &str) -> Option<&'static str> {
    index()
        .names
        .get(code.to_ascii_lowercase().as_str())
        .copied()
}

/// Whether two FtM country codes can name the same place: equal; one a part of the other
/// (`ua-cri` Crimea and `ua`); or a historic state and one of its successors (`suhh` the Soviet
/// Union and `ru`, `yucs` Yugoslavia and `hr`). A nationality recorded as "USSR" does not
/// contradict a customer's "Russia".
pub fn agree(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    fn base(c: &str) -> &str {
        c.split('-').next().unwrap_or(c)
    }
    if (a.contains('-') || b.contains('-')) && base(a) == base(b) {
        return true;
    }
    let succ = &index().successors;
    let follows = |old: &str, new: &str| {
        succ.get(old)
            .is_some_and(|next| next.iter().any(|n| *n == new || base(n) == base(new)))
    };
    follows(a, b) || follows(b, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_list_spellings() {
        for (name, code) in [
            ("Russia", "ru"),
            ("Russian Federation", "ru"),
            ("Iran (Islamic Republic of)", "ir"),
            ("Korea, North", "kp"),
            ("Democratic People's Republic of Korea", "kp"),
            ("Syrian Arab Republic", "sy"),
            ("Burma", "mm"),
            ("Congo, Democratic Republic of the", "cd"),
            ("UNITED STATES", "us"),
            ("Côte d'Ivoire", "ci"),
            ("Türkiye", "tr"),
            ("Afghan", "af"),
            ("Region: Gaza", "ps"),
            ("Pakistan (at time of listing)", "pk"),
            ("Netherlands Antilles", "nl"),
            ("Crimea", "ua-cri"),
            ("Dubai", "ae"),
            ("Kosovo", "xk"),
        ] {
            assert_eq!(to_iso(name), Some(code), "{name}");
        }
        assert_eq!(name_of("ir"), Some("Iran"));
    }

    #[test]
    fn every_code_the_table_gives_has_a_name() {
        let idx = index();
        for (spelling, code) in idx.by_name.iter().chain(weak()) {
            assert!(idx.names.contains_key(code), "{spelling} → {code}");
        }
    }

    #[test]
    fn interdicts_spellings_name_ftm_codes_rigour_does_not_already_map() {
        let all: Vec<Territory> = territories();
        let ftm: std::collections::HashSet<&str> = all
            .iter()
            .filter(|t| t.is_ftm)
            .map(|t| t.code.as_str())
            .collect();
        for line in SPELLINGS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let (code, spelling) = line.split_once('\t').expect("code, tab, spelling");
            assert!(ftm.contains(code), "{line}: not an FtM country code");
            assert_eq!(
                to_iso(spelling),
                Some(code),
                "{line}: rigour's table wins over it"
            );
        }
    }

    #[test]
    fn parts_and_successors_agree_others_do_not() {
        assert!(agree("ru", "ru"));
        assert!(agree("ua-cri", "ua"));
        assert!(agree("ua", "ua-cri"));
        assert!(agree("suhh", "ru"));
        assert!(agree("ua", "suhh"));
        assert!(agree("yucs", "hr"));
        assert!(!agree("ru", "ua"));
        assert!(!agree("suhh", "us"));
        assert!(!agree("ua-cri", "ru"));
    }
}
