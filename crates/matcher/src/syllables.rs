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

/// Whether a word is one whole toneless pinyin syllable ("hua", "zhuang").
pub(crate) fn is_syllable(word: &str) -> bool {
    inventory().contains(word)
}

/// The longest word measured: longer ones (glued runs of five syllables or more) are left
/// to the other rules, and the tables below stay on the stack.
const LONGEST_WORD: usize = 24;

/// For each position of `word`, the lengths (bit `n`) of the pinyin syllables that start
/// there; and whether the syllables split the word wholly.
fn spans(word: &[u8]) -> ([u8; LONGEST_WORD], bool) {
    let set = inventory();
    let mut at = [0u8; LONGEST_WORD];
    let mut ends = [false; LONGEST_WORD + 1];
    ends[0] = true;
    for i in 0..word.len() {
        for n in 1..=LONGEST.min(word.len() - i) {
            if std::str::from_utf8(&word[i..i + n]).is_ok_and(|s| set.contains(s)) {
                at[i] |= 1 << n;
                ends[i + n] |= ends[i];
            }
        }
    }
    (at, ends[word.len()])
}

/// Whether a lower-case word is a run of whole pinyin syllables ("xiuzhen", "hansen").
pub(crate) fn whole(word: &str) -> bool {
    (1..=LONGEST_WORD).contains(&word.len())
        && word.bytes().all(|c| c.is_ascii_lowercase())
        && spans(word.as_bytes()).1
}

/// Whether two words could be one run of Chinese syllables written two ways: `None` where
/// either is not whole pinyin syllables (the question does not arise), otherwise whether
/// some split of each has as many syllables, pairwise alike by `alike`. Measured without
/// allocating (it runs for token pairs of Chinese names against romanized ones).
pub(crate) fn may_spell_one_run(
    a: &str,
    b: &str,
    alike: impl Fn(&str, &str) -> bool,
) -> Option<bool> {
    let fits = |w: &str| {
        (2..=LONGEST_WORD).contains(&w.len()) && w.bytes().all(|c| c.is_ascii_lowercase())
    };
    if !fits(a) || !fits(b) {
        return None;
    }
    let ((sa, whole_a), (sb, whole_b)) = (spans(a.as_bytes()), spans(b.as_bytes()));
    if !whole_a || !whole_b {
        return None;
    }
    // reached[i][j]: a[..i] and b[..j] split into as many syllables, pairwise alike.
    let mut reached = [[false; LONGEST_WORD + 1]; LONGEST_WORD + 1];
    reached[0][0] = true;
    for i in 0..a.len() {
        for j in 0..b.len() {
            if !reached[i][j] {
                continue;
            }
            for m in (1..=LONGEST).filter(|m| sa[i] & (1 << m) != 0) {
                for n in (1..=LONGEST).filter(|n| sb[j] & (1 << n) != 0) {
                    let (p, q) = (&a[i..i + m], &b[j..j + n]);
                    if p == q || alike(p, q) {
                        reached[i + m][j + n] = true;
                    }
                }
            }
        }
    }
    Some(reached[a.len()][b.len()])
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
        let same = |p: &str, q: &str| p == q;
        // "xian" is one syllable (先) or two (西安): either split may meet the other word.
        assert_eq!(may_spell_one_run("xian", "xian", same), Some(true));
        assert_eq!(may_spell_one_run("xian", "xi", same), Some(false));
        assert_eq!(may_spell_one_run("xian", "xian", |_, _| false), Some(true));
        assert_eq!(
            may_spell_one_run("yunxia", "ying", |_, _| true),
            Some(false)
        );
        assert_eq!(may_spell_one_run("jinping", "jinping", same), Some(true));
        // Not pinyin: the question does not arise.
        assert_eq!(may_spell_one_run("gardner", "jiadena", same), None);
        assert_eq!(may_spell_one_run("kyong", "jiong", same), None);
    }
}
