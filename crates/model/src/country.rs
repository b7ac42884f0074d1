//! Country names as lists write them ("Russia", "Iran, Islamic Republic of", "Korea, North")
//! mapped to ISO 3166-1 alpha-2 codes, lower case as FtM writes them.
//!
//! The table is `data/countries.tsv` in this crate, compiled in.

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../data/countries.tsv");

/// Folds a country spelling for lookup: lower case, letters and digits only, accents kept
/// (the table lists accented spellings separately).
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Folded spelling → code, and code → display name.
type Index = (
    HashMap<String, &'static str>,
    HashMap<&'static str, &'static str>,
);

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut by_name = HashMap::new();
        let mut names = HashMap::new();
        for line in TABLE.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(code), Some(alpha3), Some(spellings)) =
                (cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            by_name.insert(fold(code), code);
            by_name.insert(fold(alpha3), code);
            for (i, name) in spellings.split('|').enumerate() {
                if i == 0 {
                    names.insert(code, name);
                }
                by_name.insert(fold(name), code);
            }
        }
        (by_name, names)
    })
}

/// The ISO alpha-2 code for a country name, or for an alpha-2 or alpha-3 code, in any case.
/// Returns `None` for anything not in the table (the caller keeps the text).
///
/// ```
/// use interdict_model::country::to_iso;
/// assert_eq!(to_iso("Iran, Islamic Republic of"), Some("ir"));
/// assert_eq!(to_iso("RUSSIA"), Some("ru"));
/// assert_eq!(to_iso("kp"), Some("kp"));
/// assert_eq!(to_iso("IRQ"), Some("iq"));
/// assert_eq!(to_iso("Atlantis"), None);
/// ```
pub fn to_iso(name: &str) -> Option<&'static str> {
    let name = name.trim().trim_end_matches('.');
    if name.is_empty() {
        return None;
    }
    let (by_name, _) = index();
    if let Some(code) = by_name.get(&fold(name)) {
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

/// The English short name of an ISO code, for display.
pub fn name_of(code: &str) -> Option<&'static str> {
    index().1.get(code.to_ascii_lowercase().as_str()).copied()
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
        ] {
            assert_eq!(to_iso(name), Some(code), "{name}");
        }
        assert_eq!(name_of("ir"), Some("Iran"));
    }
}
