//! Pinyin syllables: whether a romanized Chinese name and a Latin word could spell the same
//! run of syllables. A Chinese character is one syllable, so "颖" (ying) is no "Yunxia" (yun
//! xia), and "志强" (zhi qiang) no "Sixing" (si xing): where both words are whole pinyin
//! syllables, they are one name only if they have as many syllables and each pair could be
//! one sound written two ways. Words that are not pinyin (Wade–Giles "Chin-p'eng", Korean
//! "Kyong", Western "Gardner") are left to the other rules.

use crate::fxhash::FxHashSet;
use std::sync::OnceLock;

/// The longest toneless pinyin syllable ("zhuang", "shuang").
const LONGEST: usize = 6;

/// The most syllables a word is split into: a Chinese given name has one or two, a glued
/// full name three.
const MOST: usize = 4;

/// Every toneless pinyin syllable, read once from the romanization of the common CJK
/// ideographs (the same table that romanizes a query: no list of our own to drift from it).
fn inventory() -> &'static FxHashSet<String> {
    static SET: OnceLock<FxHashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        (0x4E00u32..=0x9FFF)
            .filter_map(char::from_u32)
            .map(|c| interdict_text::romanize(c.encode_utf8(&mut [0u8; 4])))
            .map(|s| s.trim().to_string())
            .filter(|s| {
                s.len() <= LONGEST
                    && s.bytes().all(|b| b.is_ascii_lowercase())
                    && s.bytes().any(|b| b"aeiou".contains(&b))
            })
            .collect()
    })
}

/// Every way `word` splits into at most [`MOST`] pinyin syllables (none if it does not).
fn splits(word: &str) -> Vec<Vec<&str>> {
    fn walk<'a>(rest: &'a str, path: &mut Vec<&'a str>, out: &mut Vec<Vec<&'a str>>) {
        if rest.is_empty() {
            out.push(path.clone());
            return;
        }
        if path.len() == MOST {
            return;
        }
        let set = inventory();
        for n in 1..=LONGEST.min(rest.len()) {
            let (head, tail) = rest.split_at(n);
            if set.contains(head) {
                path.push(head);
                walk(tail, path, out);
                path.pop();
            }
        }
    }
    let mut out = Vec::new();
    if word.is_ascii() && word.len() >= 2 {
        walk(word, &mut Vec::new(), &mut out);
    }
    out
}

/// Whether two words could be one run of Chinese syllables written two ways: `None` where
/// either is not whole pinyin syllables (the question does not arise), otherwise whether
/// some split of each has as many syllables, pairwise alike by `alike`.
pub(crate) fn may_spell_one_run(
    a: &str,
    b: &str,
    alike: impl Fn(&str, &str) -> bool,
) -> Option<bool> {
    let (sa, sb) = (splits(a), splits(b));
    if sa.is_empty() || sb.is_empty() {
        return None;
    }
    Some(sa.iter().any(|x| {
        sb.iter()
            .any(|y| x.len() == y.len() && x.iter().zip(y).all(|(p, q)| p == q || alike(p, q)))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inventory_is_pinyin() {
        let set = inventory();
        assert!((380..=450).contains(&set.len()), "{}", set.len());
        for s in ["a", "zhuang", "xiang", "yun", "xia", "er", "jiong"] {
            assert!(set.contains(s), "{s}");
        }
        // Not pinyin: McCune-Reischauer, Wade-Giles, and syllables without a vowel.
        for s in ["kyong", "tse", "hsin", "ng"] {
            assert!(!set.contains(s), "{s}");
        }
    }

    #[test]
    fn words_split_into_syllables() {
        assert!(splits("yunxia").iter().any(|s| s == &["yun", "xia"]));
        // "xian" is one syllable (先) or two (西安): both are kept.
        let xian = splits("xian");
        assert!(xian.iter().any(|s| s.len() == 1) && xian.iter().any(|s| s.len() == 2));
        assert!(splits("gardner").is_empty());
        assert!(splits("kyong").is_empty());
    }
}
