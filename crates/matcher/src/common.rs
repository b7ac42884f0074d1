//! How common a name word is in the population, not on the lists: given names and surnames
//! that many people in some country carry ("Daniel", "Perez", "Wang"). A match that rests
//! only on such words proves little without a birth date or identifier.
//! The tables are `data/reference/names/common-names.tsv` (CC0) and
//! `given-name-frequencies.tsv` (GNU FDL 1.2); see their PROVENANCE.md.

use crate::fxhash::FxHashSet;
use std::sync::OnceLock;

static TABLE: &str = include_str!("../../../data/reference/names/common-names.tsv");
/// Given names at least one person in about 1,600 carries in some area (Jörg Michael's
/// first-name dictionary, GNU FDL; see PROVENANCE.md): it reaches where Wikipedia's lists
/// stop short, Arab countries and Iran above all ("Omar", "Ziad", "Karim"; "Salim" and
/// "Abbas", given names that are surnames there too). Same columns as `TABLE`.
static FREQUENT_GIVEN: &str =
    include_str!("../../../data/reference/names/given-name-frequencies.tsv");

/// (Country or area, word folded) of every word of every row of both tables.
fn common_words() -> impl Iterator<Item = (&'static str, String)> {
    [TABLE, FREQUENT_GIVEN]
        .into_iter()
        .flat_map(str::lines)
        .filter(|l| !l.starts_with('#'))
        .filter_map(|line| {
            let mut cols = line.split('\t');
            Some((cols.nth(1)?, cols.nth(1)?))
        })
        .flat_map(|(area, name)| {
            interdict_text::romanize(name)
                .split(' ')
                .filter(|w| w.len() >= 2)
                .map(|w| (area, interdict_text::fold(w)))
                .collect::<Vec<_>>()
        })
}

/// The folds of every word of every common name.
fn folds() -> &'static FxHashSet<String> {
    static F: OnceLock<FxHashSet<String>> = OnceLock::new();
    F.get_or_init(|| common_words().map(|(_, w)| w).collect())
}

/// Countries and areas whose names Arabic script writes: the common names of these are
/// known by their written consonants too (see [`is_common_in_abjad`]).
const ABJAD_AREAS: &[&str] = &[
    "AE",
    "AF",
    "BH",
    "DZ",
    "EG",
    "IQ",
    "IR",
    "JO",
    "KW",
    "LB",
    "LY",
    "MA",
    "OM",
    "PK",
    "PS",
    "QA",
    "SA",
    "SD",
    "SY",
    "TN",
    "YE",
    "Arabia/Persia",
];

/// A word as Arabic script writes it, read back: its vowels and the letters that also
/// write vowels (y, w, v) dropped, a doubled letter written once ("Mohammed" and "محمد"
/// mhmd both "mhmd", "Faisal" and "فيصل" fisl both "fsl").
pub(crate) fn abjad_consonants(fold: &str) -> String {
    let mut out = String::with_capacity(fold.len());
    for c in fold.chars() {
        if matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w' | 'v') || out.ends_with(c) {
            continue;
        }
        out.push(c);
    }
    out
}

/// The written consonants of every common name of a country whose names Arabic script
/// writes, of three consonants or more (two say too little: "عمر" amr and "Mir").
fn abjad_folds() -> &'static FxHashSet<String> {
    static F: OnceLock<FxHashSet<String>> = OnceLock::new();
    F.get_or_init(|| {
        common_words()
            .filter(|(area, _)| ABJAD_AREAS.contains(area))
            .map(|(_, w)| abjad_consonants(&w))
            .filter(|k| k.len() >= 3)
            .collect()
    })
}

/// Whether a word of a name written in Arabic script (by its fold, romanized without the
/// short vowels Arabic script leaves unwritten: "fisl", "hsin") is a common name of a
/// country whose names that script writes, by its written consonants.
pub(crate) fn is_common_in_abjad(fold: &str) -> bool {
    let k = abjad_consonants(fold);
    k.len() >= 3 && abjad_folds().contains(&k)
}

/// The surnames of the table written in Chinese characters, kana or Hangul ("王", "김",
/// "佐々木"), and the most characters one has.
fn cjk_surnames() -> &'static (FxHashSet<String>, usize) {
    static S: OnceLock<(FxHashSet<String>, usize)> = OnceLock::new();
    S.get_or_init(|| {
        let set: FxHashSet<String> = TABLE
            .lines()
            .filter(|l| l.starts_with("surname\t"))
            .filter_map(|l| l.split('\t').nth(3))
            .filter(|n| n.chars().all(cjk_char))
            .map(str::to_string)
            .collect();
        let longest = set.iter().map(|n| n.chars().count()).max().unwrap_or(0);
        (set, longest)
    })
}

/// Whether a character is a Chinese character, kana or Hangul syllable (or the iteration
/// mark of "佐々木").
pub(crate) fn cjk_char(c: char) -> bool {
    matches!(c as u32, 0x3005 | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3)
}

/// Whether a name written in Chinese characters or Hangul has the shape of a Chinese,
/// Korean or Japanese person's own name: a common surname of the table ("罗", "吉田", "김")
/// and one or two characters more, nothing else ("罗梓涵", "吉田浩"). Such a name is no
/// Western name transcribed, whatever consonants its syllables share with one (WALIJAN).
pub(crate) fn native_cjk_name(name: &str) -> bool {
    let chars: Vec<char> = name.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.is_empty() || !chars.iter().all(|&c| cjk_char(c)) {
        return false;
    }
    let (set, longest) = cjk_surnames();
    (1..=(*longest).min(chars.len() - 1))
        .any(|n| chars.len() - n <= 2 && set.contains(&chars[..n].iter().collect::<String>()))
}

/// Whether a word (by its fold) is a common given name or surname somewhere.
pub(crate) fn is_common(fold: &str) -> bool {
    folds().contains(fold)
}

/// A given name as [`given_name_sex`] looks it up: romanized and lower case (a word in
/// plain ASCII letters only lower-cased: this runs for names of every candidate scored).
pub(crate) fn given_name_key(word: &str) -> String {
    if word.bytes().all(|b| b.is_ascii_alphabetic()) {
        word.to_ascii_lowercase()
    } else {
        interdict_text::romanize(word)
    }
}

/// Calls `f` with a word as [`given_name_key`] writes it, without allocating for a word of
/// ASCII letters up to 24 long (the common case, for the names of every candidate scored).
pub(crate) fn with_key<T>(word: &str, f: impl FnOnce(&str) -> T) -> T {
    let mut buf = [0u8; 24];
    if word.len() <= buf.len() && word.bytes().all(|b| b.is_ascii_alphabetic()) {
        for (o, b) in buf.iter_mut().zip(word.bytes()) {
            *o = b.to_ascii_lowercase();
        }
        // ASCII letters are UTF-8.
        f(std::str::from_utf8(&buf[..word.len()]).unwrap_or_default())
    } else {
        f(&given_name_key(word))
    }
}

static SEXES: &str = include_str!("../../../data/reference/names/given-name-sexes.tsv");
static US_SEXES: &str = include_str!("../../../data/reference/names/us-given-name-sexes.tsv");
static DICT_SEXES: &str = include_str!("../../../data/reference/names/dict-given-name-sexes.tsv");

/// The sex a given name (romanized, lower case; not folded: "Allie" and "Ali" fold alike) is
/// given to, where every table that lists it agrees:
/// `b'f'` or `b'm'`. From `data/reference/names/given-name-sexes.tsv` (popular names by
/// country, CC0), `us-given-name-sexes.tsv` (US names of one sex, public domain) and
/// `dict-given-name-sexes.tsv` (the names Jörg Michael's dictionary gives one sex in every
/// entry, with every name written like them but for accents, GNU FDL: "Usama", "Maamoun",
/// "Razan", which the popular-name lists lack): "Karen", a woman's name in the first and a
/// man's in Armenia in another, is neither.
pub(crate) fn given_name_sex(name: &str) -> Option<u8> {
    static S: OnceLock<crate::fxhash::FxHashMap<String, u8>> = OnceLock::new();
    let table = S.get_or_init(|| {
        // 0 marks a name given to both sexes somewhere.
        let mut m = crate::fxhash::FxHashMap::default();
        // (sex, name): the world table's fourth column, the US table's third.
        let world = SEXES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| (l.split('\t').next(), l.split('\t').nth(3)));
        let us = US_SEXES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| (l.split('\t').next(), l.split('\t').nth(2)));
        let dict = DICT_SEXES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| (l.split('\t').next(), l.split('\t').nth(1)));
        for (sex, name) in world.chain(us).chain(dict) {
            let (Some(sex), Some(name)) = (sex, name) else {
                continue;
            };
            let sex = if sex == "F" { b'f' } else { b'm' };
            // A name of one word: "Ana Maria", "Juan Carlos" say nothing of one word alone.
            let romanized = given_name_key(name);
            if romanized.contains(' ') || romanized.len() < 2 {
                continue;
            }
            m.entry(romanized)
                .and_modify(|s: &mut u8| {
                    if *s != sex {
                        *s = 0
                    }
                })
                .or_insert(sex);
        }
        m
    });
    table.get(name).copied().filter(|&s| s != 0)
}

/// Men's given names that end in ta marbuta (ة), the Arabic feminine ending, written
/// with a bare alif (أ, إ and آ read as ا): Hamza, Usama, Talha, Ubayda, Qutayba, Muawiya,
/// Khalifa, Atiyya, Hudhayfa, Urwa, Umayya, Ikrima, Salama, Maslama, Jumaa, Shihata, Ubada,
/// Thalaba.
const MEN_IN_TA_MARBUTA: [&str; 18] = [
    "حمزة",
    "اسامة",
    "طلحة",
    "عبيدة",
    "قتيبة",
    "معاوية",
    "خليفة",
    "عطية",
    "حذيفة",
    "عروة",
    "امية",
    "عكرمة",
    "سلامة",
    "مسلمة",
    "جمعة",
    "شحاتة",
    "عبادة",
    "ثعلبة",
];

/// A given name (as [`given_name_key`] writes it) keyed as Arabic script writes it, for
/// telling its sex: a mark where it begins with a vowel (Arabic script writes a letter for
/// it), its written consonants (see [`abjad_consonants`]), and the kind of vowel it ends in,
/// which Arabic script writes too: "سلمى" slma and Salma are one key, "سليم" slim, "سالم"
/// salm, Salim and Salem another. Consonants romanized apart from one letter (d, z, th and
/// dh; k, q, g and c; b and p) are one. `None` for a name of fewer than three consonants
/// (two say too little: Nima and Naima, Sina and Sana, men's and women's names, are keyed
/// alike), or one that ends in a single e (silent or not, Latin spellings do not say).
pub(crate) fn abjad_sex_key(name: &str) -> Option<String> {
    abjad_key(name, 3)
}

/// A given name keyed as [`abjad_sex_key`] says, with at least `min` consonants.
fn abjad_key(name: &str, min: usize) -> Option<String> {
    let letters: String = name
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    // A final e alone is silent in French and English spellings ("Amine" is Amin, "Rabie"
    // Rabi'): which vowel, if any, Arabic script writes is not known.
    if letters.ends_with('e') && !letters.ends_with("ee") {
        return None;
    }
    // Letters one Arabic-script letter is romanized as in one country and another in the
    // next are one: ض is d in Arabic and z in Persian ("رضا" rda is Reza, not Radia), ظ
    // and ذ th, dh, z or d ("Kathim", "Kazem"), ق and گ q, k or g, پ p where ب is b.
    let merged: String = letters
        .replace("th", "d")
        .replace("dh", "d")
        .chars()
        .map(|c| match c {
            'z' => 'd',
            'q' | 'g' | 'c' => 'k',
            'p' => 'b',
            c => c,
        })
        .collect();
    let consonants = abjad_consonants(&merged);
    if consonants.len() < min {
        return None;
    }
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
    let mut key = String::with_capacity(consonants.len() + 2);
    if letters.starts_with(vowel) {
        key.push('^');
    }
    key.push_str(&consonants);
    match letters.chars().last() {
        Some('a') => key.push('A'),
        Some('i' | 'y' | 'e') => key.push('I'),
        Some('o' | 'u') => key.push('U'),
        _ => {}
    }
    Some(key)
}

/// (Sex, name) of the given names of the Arab countries and Iran the tables know: those
/// `dict-given-name-sexes.tsv` marks as given in the dictionary's Arabia/Persia area, and
/// the popular names of the countries Arabic script writes (`given-name-sexes.tsv`).
fn arabia_given_names() -> impl Iterator<Item = (u8, &'static str)> {
    let dict = DICT_SEXES
        .lines()
        .filter(|l| !l.starts_with('#') && l.ends_with("\tAP"))
        .map(|l| (l.split('\t').next(), l.split('\t').nth(1)));
    let world = SEXES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter(|l| {
            l.split('\t')
                .nth(1)
                .is_some_and(|c| ABJAD_AREAS.contains(&c))
        })
        .map(|l| (l.split('\t').next(), l.split('\t').nth(3)));
    dict.chain(world).filter_map(|(sex, name)| {
        let sex = if sex? == "F" { b'f' } else { b'm' };
        Some((sex, name?))
    })
}

/// The sex (`b'f'` or `b'm'`) of a given name of the Arab countries and Iran written in
/// Arabic script or Latin letters, by how Arabic script writes it (see [`abjad_sex_key`]):
/// "سلمى" slma (Salma), "پریسا" prisa (Parisa), and their romanizations without short
/// vowels ("Slma", "Jmila"), which the tables of names as Latin script spells them do not
/// hold. From the names `dict-given-name-sexes.tsv` marks as given in the dictionary's
/// Arabia/Persia area and the popular names of the countries Arabic script writes
/// (`given-name-sexes.tsv`); a key names of both sexes share says nothing ("منى" mna is
/// Mona to most and Mina, a man's name, in Egypt), and names in other scripts are not read
/// (their romanizations are not Arabic script's).
pub(crate) fn abjad_given_name_sex(word: &str) -> Option<u8> {
    let arabic = |c: char| ('\u{0600}'..='\u{06FF}').contains(&c);
    if !(word.bytes().all(|b| b.is_ascii_alphabetic()) || word.chars().any(arabic)) {
        return None;
    }
    let name = given_name_key(word);
    static S: OnceLock<crate::fxhash::FxHashMap<String, u8>> = OnceLock::new();
    let table = S.get_or_init(|| {
        let mut m = crate::fxhash::FxHashMap::default();
        for (sex, name) in arabia_given_names() {
            let romanized = given_name_key(name);
            if romanized.contains(' ') {
                continue;
            }
            let Some(key) = abjad_sex_key(&romanized) else {
                continue;
            };
            m.entry(key)
                .and_modify(|s: &mut u8| {
                    if *s != sex {
                        *s = 0
                    }
                })
                .or_insert(sex);
        }
        m
    });
    table
        .get(abjad_sex_key(&name)?.as_str())
        .copied()
        .filter(|&s| s != 0)
}

/// The key (as [`abjad_sex_key`] writes it, of two consonants or more: here no sex is
/// read) of a word that is a given name of the Arab countries and Iran — one the
/// first-name dictionary gives in its Arabia/Persia area or a popular name of a country
/// whose names Arabic script writes ("عمر" amr, Omar; Maher; "منى" mna) — or `None` for a
/// word the tables do not know as one ("دود" dud, David transcribed).
pub(crate) fn known_given_name_key(word: &str) -> Option<String> {
    static S: OnceLock<FxHashSet<String>> = OnceLock::new();
    let set = S.get_or_init(|| {
        arabia_given_names()
            .filter_map(|(_, n)| abjad_key(&given_name_key(n), 2))
            .collect()
    });
    abjad_key(&given_name_key(word), 2).filter(|k| set.contains(k))
}

/// Whether a word (by its fold) is a given name of the Arab countries and Iran the tables
/// know (see `arabia_given_names`): "Jafar", "Maamoun", names too rare there to be common,
/// but names.
pub(crate) fn is_arabia_given_name(word: &str) -> bool {
    static S: OnceLock<FxHashSet<String>> = OnceLock::new();
    S.get_or_init(|| {
        arabia_given_names()
            .map(|(_, n)| interdict_text::fold(&given_name_key(n)))
            .collect()
    })
    .contains(word)
}

/// `Some(b'f')` for a given name in Arabic script that ends in ta marbuta (ة: "جميلة"
/// Jamila, "خديجة" Khadija, "سارة" Sara), the feminine ending, unless it is one of the men's
/// names that carry it ("حمزة" Hamza, "أسامة" Usama). The tables of popular names are in
/// Latin script, and Arabic script writes few vowels: the ending is what it says.
pub(crate) fn arabic_given_name_sex(word: &str) -> Option<u8> {
    if !word.ends_with('ة') || word.chars().count() < 3 {
        return None;
    }
    let bare: String = word
        .chars()
        .map(|c| {
            if matches!(c, 'أ' | 'إ' | 'آ') {
                'ا'
            } else {
                c
            }
        })
        .collect();
    (!MEN_IN_TA_MARBUTA.contains(&bare.as_str())).then_some(b'f')
}

#[cfg(test)]
mod tests {
    #[test]
    fn common_names_are_known_and_rare_ones_are_not() {
        for w in ["daniel", "garcia", "wang", "mohammed", "smith"] {
            assert!(super::is_common(&interdict_text::fold(w)), "{w}");
        }
        // Every name of the frequency table, each word of it.
        let frequent = include_str!("../../../data/reference/names/given-name-frequencies.tsv");
        let mut rows = 0;
        for line in frequent.lines().filter(|l| !l.starts_with('#')) {
            let name = line.split('\t').nth(3).expect("four columns");
            for w in interdict_text::romanize(name)
                .split(' ')
                .filter(|w| w.len() >= 2)
            {
                assert!(super::is_common(&interdict_text::fold(w)), "{line}");
            }
            rows += 1;
        }
        assert!(rows > 1000, "{rows} rows");
        // Names of Arab countries and Iran that Wikipedia's lists lack.
        for w in ["omar", "ziad", "karim", "salim", "abbas"] {
            assert!(super::is_common(&interdict_text::fold(w)), "{w}");
        }
        for w in ["shagivaleev", "alabuga", "qaddafi"] {
            assert!(!super::is_common(&interdict_text::fold(w)), "{w}");
        }
        assert!(crate::names::is_common_name("PEREZ, Daniel"));
        assert!(crate::names::is_common_name("王伟"));
        assert!(!crate::names::is_common_name("Timur Nailevich SHAGIVALEEV"));
        assert!(!crate::names::is_common_name("Dr."));
    }

    #[test]
    fn arabic_script_words_are_known_by_their_written_consonants() {
        assert_eq!(super::abjad_consonants("mohammed"), "mhmd");
        assert_eq!(super::abjad_consonants("faisal"), "fsl");
        // Romanized from Arabic script: "فيصل", "حسين", "إبراهيم".
        for w in ["fisl", "hsin", "abrahim", "mhmd"] {
            assert!(super::is_common_in_abjad(w), "{w}");
        }
        // Rare names, and two consonants, which say too little.
        for w in ["tkriti", "shagivaleev", "amr"] {
            assert!(!super::is_common_in_abjad(w), "{w}");
        }
        // Only names of countries whose names Arabic script writes: "Jürgen" (jrgn) is
        // common in Germany, not there.
        assert!(super::is_common("jurgen") && !super::is_common_in_abjad("jurgen"));
    }

    #[test]
    fn a_name_of_arab_countries_and_iran_is_keyed_as_arabic_script_writes_it() {
        let key = |w: &str| super::abjad_sex_key(&super::given_name_key(w));
        // The vowel a name ends in is written; short vowels inside are not.
        assert_eq!(key("Salma"), key("سلمى"));
        assert_eq!(key("Salma"), key("Slma"));
        assert_ne!(key("Salma"), key("Salim"));
        assert_eq!(key("Salim"), key("Salem"));
        // A vowel a name begins with is written too ("أحمد" ahmd, Ahmad; Hamid is not).
        assert_eq!(key("Ahmad"), key("أحمد"));
        assert_ne!(key("Ahmad"), key("Hamid"));
        // ض is d in Arabic and z in Persian: one letter.
        assert_eq!(key("Morteza"), key("Murtada"));
        // Too short to tell (Nima is a man's name, Naima a woman's), or a final e Latin
        // spellings may leave silent ("Amine", Amin).
        assert_eq!(key("Nima"), None);
        assert_eq!(key("Rim"), None);
        assert_eq!(key("Amine"), None);
        let sex = super::abjad_given_name_sex;
        for (w, s) in [
            ("سلمى", b'f'),
            ("Slma", b'f'),
            ("پریسا", b'f'),
            ("Jmila", b'f'),
            ("سليم", b'm'),
            ("Mstfa", b'm'),
        ] {
            assert_eq!(sex(w), Some(s), "{w}");
        }
        // Mona to most, Mina (a man's name) in Egypt: the key says nothing. Nor does
        // "رضا", rda: Reza (ض is z in Persian) or Radia.
        assert_eq!(sex("منى"), None);
        assert_eq!(sex("رضا"), None);
        // Other scripts are not read so.
        assert_eq!(sex("סלמה"), None);
        assert_eq!(sex("Салма"), None);
        // Every keyed row comes from the Arabia/Persia area of the dictionary, or from a
        // country whose names Arabic script writes: a Western name is not read so.
        assert_eq!(sex("Kristof"), None);
    }

    #[test]
    fn a_given_names_sex_is_read_where_every_country_agrees() {
        use super::DICT_SEXES;
        let sex = |w: &str| super::given_name_sex(&super::given_name_key(w));
        assert_eq!(sex("Fatma"), Some(b'f'));
        assert_eq!(sex("Sara"), Some(b'f'));
        assert_eq!(sex("Ali"), Some(b'm'));
        assert_eq!(sex("Mohammed"), Some(b'm'));
        assert_eq!(sex("مريم"), Some(b'f'));
        // Names only the first-name dictionary gives a sex (the popular-name lists lack
        // them), and one it gives both ("Andrea", a man's name in Italy).
        for (name, s) in [("Usama", b'm'), ("Maamoun", b'm'), ("Razan", b'f')] {
            assert_eq!(sex(name), Some(s), "{name}");
            let row = format!("{}\t{name}\t", (s as char).to_ascii_uppercase());
            assert!(DICT_SEXES.contains(&row), "{name}");
            assert!(!super::SEXES.contains(&format!("\t{name}\n")), "{name}");
        }
        assert!(!DICT_SEXES.contains("\tAndrea\n") && !DICT_SEXES.contains("\tAndrea\t"));
        // "Dalė" (a woman's name) is looked up as "Dale" (mostly a man's): neither is kept.
        assert!(!DICT_SEXES.contains("\tDalė\n") && !DICT_SEXES.contains("\tDalė\t"));
        assert_eq!(sex("Dale"), None);
        // Not listed, or listed for both sexes somewhere.
        assert_eq!(sex("Shagivaleev"), None);
        let table = include_str!("../../../data/reference/names/given-name-sexes.tsv");
        let both = table
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').nth(3))
            .find(|n| {
                !n.contains(' ')
                    && table.contains(&format!("\t{n}\n"))
                    && table
                        .lines()
                        .any(|l| l.starts_with('F') && l.ends_with(&format!("\t{n}")))
                    && table
                        .lines()
                        .any(|l| l.starts_with('M') && l.ends_with(&format!("\t{n}")))
            })
            .expect("the table has a name given to both sexes");
        assert_eq!(sex(both), None, "{both}");
    }
}
