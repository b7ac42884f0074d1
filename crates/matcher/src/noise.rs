//! Misspelt legal forms and organisation words in a customer's name ("COMPNAY", "OCMPANY",
//! "LIABIKITY", "Tradng"): a word one edit away from a word of the legal-form and
//! organisation-word vocabulary (rigour's tables), or a piece of a legal form its misspelt
//! neighbours broke up ("STOCK" in "OJINT STOCK OCMPANY"), and never seen on the lists as a
//! word of a name, is what it nearly is, not the rarest word of the name. Without this, a typo in "Company" outweighs
//! the name's real distinctive word, and a listed name is missed or a wrong one found.

use crate::fxhash::FxHashMap;
use std::sync::OnceLock;

/// Vocabulary words shorter than this are not looked for: one edit changes too much of
/// them ("co", "ltd", "bank" / "band").
const MIN_LEN: usize = 5;
/// A customer's word shorter than this is not read as a misspelt vocabulary word; four
/// letters are enough to be one letter short of a five-letter one ("JONT" / joint, "SOCK" /
/// stock, the "JONT SOCK COMPANY").
const MIN_WORD_LEN: usize = 4;

/// The vocabulary's words by their one-letter deletions (and themselves): a word one edit
/// from a vocabulary word shares a key with it (the symmetric-delete method).
struct NearIndex {
    words: Vec<String>,
    keys: FxHashMap<String, Vec<u32>>,
}

fn index() -> &'static NearIndex {
    static I: OnceLock<NearIndex> = OnceLock::new();
    I.get_or_init(|| {
        let v = interdict_text::vocabulary();
        let mut words: Vec<String> = v
            .legal_forms
            .keys()
            .chain(v.org_symbols.keys())
            .flat_map(|phrase| phrase.split(' '))
            .filter(|w| w.len() >= MIN_LEN && w.is_ascii())
            .map(str::to_string)
            .collect();
        words.sort_unstable();
        words.dedup();
        let mut keys: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for (i, w) in words.iter().enumerate() {
            for k in std::iter::once(w.clone()).chain(deletions(w)) {
                let ids = keys.entry(k).or_default();
                if ids.last() != Some(&(i as u32)) {
                    ids.push(i as u32);
                }
            }
        }
        NearIndex { words, keys }
    })
}

/// `w` with one letter removed, at each position (ASCII words only).
fn deletions(w: &str) -> impl Iterator<Item = String> + '_ {
    (0..w.len()).map(move |i| {
        let mut s = String::with_capacity(w.len() - 1);
        s.push_str(&w[..i]);
        s.push_str(&w[i + 1..]);
        s
    })
}

/// Whether `a` and `b` are at most one edit apart: one letter inserted, deleted or replaced,
/// or two adjacent letters swapped.
fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // The common prefix, then what follows it must be one edit.
    let p = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    match long.len() - short.len() {
        0 => {
            p == a.len()
                || a[p + 1..] == b[p + 1..]
                || (p + 1 < a.len()
                    && a[p] == b[p + 1]
                    && a[p + 1] == b[p]
                    && a[p + 2..] == b[p + 2..])
        }
        1 => short[p..] == long[p + 1..],
        _ => false,
    }
}

/// Whether `word` is a word (five letters or more: not a syllable of "you xian gong si") of
/// a legal-form phrase: "joint" and
/// "stock" of "joint stock company", "liability" of "limited liability company".
pub(crate) fn legal_form_word(word: &str) -> bool {
    static WORDS: OnceLock<crate::fxhash::FxHashSet<String>> = OnceLock::new();
    WORDS
        .get_or_init(|| {
            interdict_text::vocabulary()
                .legal_forms
                .keys()
                .filter(|phrase| phrase.contains(' '))
                .flat_map(|phrase| phrase.split(' '))
                .filter(|w| w.len() >= 5)
                .map(str::to_string)
                .collect()
        })
        .contains(word)
}

/// A short word (five letters or fewer) keeps the first letter of the vocabulary word it
/// misspells, or swaps the first two: "glube" is no "clube", "ojint" is "joint".
fn plausible(vocab: &str, word: &str) -> bool {
    let (v, w) = (vocab.as_bytes(), word.as_bytes());
    w.len() > 5 || v[0] == w[0] || (v.len() > 1 && w.len() > 1 && v[0] == w[1] && v[1] == w[0])
}

/// The vocabulary word `word` (lower-case, romanized) is, or is one edit away from
/// ("ocmpany" → "company", "groupp" → "group"), if any: a word of a legal-form or
/// organisation phrase ("stock" of "joint stock company"). Callers also check that the
/// lists never use it as a word of a name: standing alone, it is a piece of a legal form
/// its neighbours' misspellings broke up, or an organisation word misspelt.
pub(crate) fn near_org_word(word: &str) -> Option<&'static str> {
    if word.len() < MIN_WORD_LEN || !word.is_ascii() {
        return None;
    }
    let ix = index();
    let near = |key: &str| {
        ix.keys.get(key).and_then(|ids| {
            ids.iter()
                .map(|&i| ix.words[i as usize].as_str())
                .find(|w| within_one_edit(w.as_bytes(), word.as_bytes()) && plausible(w, word))
        })
    };
    if let Some(w) = near(word) {
        return Some(w);
    }
    // The word with each letter removed in turn, in one buffer (this runs for a query's
    // words, not once).
    let mut key = String::with_capacity(word.len());
    (0..word.len()).find_map(|i| {
        key.clear();
        key.push_str(&word[..i]);
        key.push_str(&word[i + 1..]);
        near(&key)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_org_words_are_recognised() {
        for w in [
            "compnay",
            "ocmpany",
            "ojint",
            "liabikity",
            "limtied",
            "tradng",
            "industriaal",
        ] {
            assert!(near_org_word(w).is_some(), "{w}");
        }
        // Pieces of legal forms are, too (the caller checks the lists never use them alone).
        assert_eq!(near_org_word("stock"), Some("stock"));
        assert_eq!(near_org_word("ojint"), Some("joint"));
        // Four letters, one short of a five-letter word of a legal form, are.
        assert!(near_org_word("sock").is_some() && near_org_word("jont").is_some());
        // Shorter words and real names are not.
        for w in [
            "soc",
            "alabuga",
            "rosneft",
            "gazprom",
            "citybike",
            "kronshtadt",
        ] {
            assert_eq!(near_org_word(w), None, "{w}");
        }
    }

    #[test]
    fn one_edit_means_one_edit() {
        let t = |a: &str, b: &str| within_one_edit(a.as_bytes(), b.as_bytes());
        assert!(t("company", "compnay"));
        assert!(t("company", "ompany"));
        assert!(t("company", "companyy"));
        assert!(t("company", "conpany"));
        assert!(t("company", "compayn"));
        assert!(t("company", "cmopany"));
        assert!(!t("company", "ypmocan"));
        assert!(!t("company", "cmopnay"));
        assert!(!t("company", "compa"));
        assert!(!t("trading", "tarding2"));
    }
}
