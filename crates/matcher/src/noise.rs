//! Misspelt legal forms and organisation words in a customer's name ("COMPNAY", "OCMPANY",
//! "LIABIKITY", "Tradng"): a word one edit away from a word of the legal-form and
//! organisation-word vocabulary (rigour's tables), or a piece of a legal form its misspelt
//! neighbours broke up ("STOCK" in "OJINT STOCK OCMPANY"), and never seen on the lists as a
//! word of a name, is what it nearly is, not the rarest word of the name. Without this, a typo in "Company" outweighs
//! the name's real distinctive word, and a listed name is missed or a wrong one found.
//! Where short vowels go unwritten (Arabic, Persian script), the same words transliterated
//! are known by their consonant skeletons instead (`spelt_by_skeleton`). Words broken
//! otherwise — split in two ("COM PANY"), glued ("STOCKCOMPANY"), cut short at the name's end
//! ("ORGANIZ") — are found by `split_org_word`, `glued_org_words` and `cut_short_org_words`.

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
pub(crate) fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
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

/// The vocabulary word two neighbouring words spell together, written exactly ("COM PANY",
/// "HOL DING", "LIA BILITY", "AKTSIONER NOE"): one word split, not two words of a name.
pub(crate) fn split_org_word(a: &str, b: &str) -> Option<&'static str> {
    if !a.is_ascii() || !b.is_ascii() {
        return None;
    }
    exact_org_word(&format!("{a}{b}"))
}

/// The vocabulary word written exactly as `word`, if any (of five letters or more, as the
/// near-word index keeps them).
fn exact_org_word(word: &str) -> Option<&'static str> {
    let ix = index();
    ix.keys
        .get(word)?
        .iter()
        .map(|&i| ix.words[i as usize].as_str())
        .find(|w| *w == word)
}

/// The two vocabulary words one word the lists never write spells glued ("STOCKCOMPANY",
/// "SOCIEDADANONIMA"), each written exactly ("FATERINSTITUTE" is no "after institute") and,
/// as the vocabulary's words looked for, of five letters or more.
pub(crate) fn glued_org_words(word: &str) -> Option<(&'static str, &'static str)> {
    if word.len() < 2 * MIN_WORD_LEN + 1 || !word.is_ascii() {
        return None;
    }
    (MIN_WORD_LEN..=word.len() - MIN_WORD_LEN).find_map(|k| {
        let (a, b) = word.split_at(k);
        exact_org_word(a).zip(exact_org_word(b))
    })
}

/// The vocabulary words a name's last word, cut short, may be ("STOCK COMPA": compan,
/// company, compania…), shortest first, where the word has five letters or more (four are
/// a word of their own too often: "PROM", "TEKH").
pub(crate) fn cut_short_org_words(word: &str) -> Vec<&'static str> {
    if word.len() < MIN_LEN || !word.is_ascii() {
        return Vec::new();
    }
    let mut found: Vec<&'static str> = index()
        .words
        .iter()
        .filter(|w| w.len() > word.len() && w.starts_with(word))
        .map(String::as_str)
        .collect();
    found.sort_by_key(|w| (w.len(), *w));
    found
}

/// What a run of words written without short vowels spells, by consonants: a legal form
/// ([`Spelt::LegalForm`]) or an organisation word ([`Spelt::Symbol`]), with its class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spelt {
    /// A legal form's class ("llc", "jsc").
    LegalForm(&'static str),
    /// An organisation symbol ("co", "trade").
    Symbol(&'static str),
}

/// The vocabulary's phrases (legal forms and organisation words, in every language rigour
/// has them) by the consonant skeletons of their words: what each spells, with the first
/// letter of each of its words.
struct SkeletonPhrases {
    phrases: FxHashMap<String, Vec<(Spelt, Vec<u8>)>>,
    longest: usize,
}

/// One word alone needs this many consonants to be read by them: fewer match too many
/// words of names in one language or another ("qds", Qods, is the skeleton of "cities").
const ONE_WORD_SKELETON: usize = 4;

fn skeleton_phrases() -> &'static SkeletonPhrases {
    static P: OnceLock<SkeletonPhrases> = OnceLock::new();
    P.get_or_init(|| {
        let v = interdict_text::vocabulary();
        let mut phrases: FxHashMap<String, Vec<(Spelt, Vec<u8>)>> = FxHashMap::default();
        let mut longest = 1;
        let entries = v
            .legal_forms
            .iter()
            .map(|(k, c)| (k, Spelt::LegalForm(c.as_str())))
            .chain(
                v.org_symbols
                    .iter()
                    .map(|(k, c)| (k, Spelt::Symbol(c.as_str()))),
            );
        for (phrase, spelt) in entries {
            if !phrase.is_ascii() {
                continue;
            }
            let words: Vec<&str> = phrase.split(' ').collect();
            // Each phrase is known by its skeleton and by its abjad skeleton (see
            // `abjad_skeleton`), where they differ.
            let onsets: Vec<u8> = words.iter().map(|w| w.as_bytes()[0]).collect();
            let variants: [fn(&str) -> String; 2] = [interdict_text::skeleton, abjad_skeleton];
            for skeleton in variants {
                let skeletons: Vec<String> = words.iter().map(|w| skeleton(w)).collect();
                // An organisation word alone needs four consonants, a one-word legal form
                // five ("corporation"): the short ones of some language ("tsnk") are too
                // like names.
                let needed = match spelt {
                    Spelt::LegalForm(_) => ONE_WORD_SKELETON + 1,
                    Spelt::Symbol(_) => ONE_WORD_SKELETON,
                };
                if skeletons.iter().any(String::is_empty)
                    || (words.len() == 1 && skeletons[0].len() < needed)
                {
                    continue;
                }
                longest = longest.max(words.len());
                let e = phrases.entry(skeletons.join(" ")).or_default();
                if !e.iter().any(|(s, o)| *s == spelt && *o == onsets) {
                    e.push((spelt, onsets.clone()));
                }
            }
        }
        SkeletonPhrases {
            phrases,
            longest: longest.min(6),
        }
    })
}

/// The longest run of `words` (romanized, from a script that leaves short vowels
/// unwritten) starting at the first that spells a legal form or organisation word by its
/// consonants, each word starting as its counterpart does ([`same_onset`]), where every
/// phrase it may spell says the same: "junt stk kmpni" (جونت ستك كمپني) is a joint stock
/// company, "trdng" (تردنگ) trading. Returns the run's length and what it spells. Callers
/// check that the lists never use the words in names.
pub(crate) fn spelt_by_skeleton(words: &[&str]) -> Option<(usize, Spelt)> {
    let ix = skeleton_phrases();
    let max = ix.longest.min(words.len());
    let (mut key, mut abjad) = (String::new(), String::new());
    let mut found = None;
    for len in 1..=max {
        let w = words[len - 1];
        if !w.is_ascii() || w.is_empty() {
            break;
        }
        if len > 1 {
            key.push(' ');
            abjad.push(' ');
        }
        key.push_str(&interdict_text::skeleton(w));
        abjad.push_str(&abjad_skeleton(w));
        let candidates = [&key, &abjad]
            .into_iter()
            .filter_map(|k| ix.phrases.get(k.as_str()))
            .flatten();
        let mut spelt = candidates.filter(|(_, onsets)| {
            words[..len]
                .iter()
                .zip(onsets)
                .all(|(w, &o)| same_onset(w.as_bytes()[0], o))
        });
        if let Some((first, _)) = spelt.next() {
            if spelt.all(|(s, _)| s == first) {
                found = Some((len, *first));
            }
        }
    }
    found
}

/// A word's consonant skeleton as a script without short vowels keeps it: as
/// [`interdict_text::skeleton`], but a vowel does not part two consonants of one class
/// (unwritten, it is not there to part them: "obshchestvo" is written "ابشچستوو", b-sh-ch-s-t),
/// and v is dropped with w (one letter, و, writes v, w, o and u: "development" is
/// "دولپمنت", d-u-l-p-m-n-t).
fn abjad_skeleton(word: &str) -> String {
    // The letters an abjad leaves unwritten go first, so consonants of one class meet.
    let written: String = word
        .chars()
        .filter(|c| !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'v' | 'w'))
        .collect();
    interdict_text::skeleton(&written)
}

/// Whether two words start alike as a transliteration keeps it: both with a vowel (an
/// initial vowel is written alike whatever it is), with c, k or q, or with the same letter.
/// (The skeleton drops h, w and vowels: "hrld", Harold, has the skeleton of "world".)
fn same_onset(a: u8, b: u8) -> bool {
    let vowel = |c: u8| b"aeiouy".contains(&c);
    let k = |c: u8| b"ckq".contains(&c);
    a == b || (vowel(a) && vowel(b)) || (k(a) && k(b))
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
    fn legal_forms_and_org_words_are_known_by_their_consonants() {
        let spelt = |w: &str| {
            let words: Vec<&str> = w.split(' ').collect();
            spelt_by_skeleton(&words)
        };
        // Romanized from Arabic script: جونت ستك كمپني, لمتد ليبلتي كمپني, تردنگ, انترنتينل.
        assert_eq!(spelt("junt stk kmpni"), Some((3, Spelt::LegalForm("jsc"))));
        assert_eq!(
            spelt("lmtd liblti kmpni"),
            Some((3, Spelt::LegalForm("llc")))
        );
        assert_eq!(spelt("trdng"), Some((1, Spelt::Symbol("trade"))));
        assert_eq!(spelt("antrntinl"), Some((1, Spelt::Symbol("intl"))));
        // Vowels unwritten do not part consonants, and و writes v as u: اكتسينرنو ابشچستوو
        // is "aktsionernoe obshchestvo", دولپمنت "development".
        assert_eq!(
            spelt("aktsinrnu abshchstuu"),
            Some((2, Spelt::LegalForm("jsc")))
        );
        assert_eq!(spelt("dulpmnt"), Some((1, Spelt::Symbol("dev"))));
        // The longest phrase from the first word; what follows is left for the caller.
        assert_eq!(spelt("kmpni sbrbnk"), Some((1, Spelt::Symbol("co"))));
        // Names are not: short skeletons (qds, Qods: "cities"), a one-word legal form of
        // four consonants (tisnk, Tysonic), a word starting otherwise than its
        // counterpart (hrld, Harold: "world"), vowels alone.
        for w in ["qds", "tisnk", "hrld", "auu", "mhmd", "sbrbnk"] {
            assert_eq!(spelt(w), None, "{w}");
        }
    }

    #[test]
    fn split_glued_and_cut_short_vocabulary_words_are_known() {
        assert_eq!(split_org_word("com", "pany"), Some("company"));
        assert_eq!(split_org_word("hol", "ding"), Some("holding"));
        // Only a word the vocabulary writes exactly: not a name, not a near spelling.
        assert_eq!(split_org_word("gaz", "prom"), None);
        assert_eq!(split_org_word("comp", "anyy"), None);
        assert_eq!(glued_org_words("stockcompany"), Some(("stock", "company")));
        assert_eq!(
            glued_org_words("sociedadanonima"),
            Some(("sociedad", "anonima"))
        );
        assert_eq!(glued_org_words("faterinstitute"), None);
        assert_eq!(glued_org_words("citybike"), None);
        assert!(cut_short_org_words("compan").contains(&"company"));
        assert!(cut_short_org_words("prom").is_empty());
        assert!(cut_short_org_words("citybi").is_empty());
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
