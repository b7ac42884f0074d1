//! Scripts and romanization: any name, in any script, to lower-case Latin letters that can be
//! compared with the romanized spellings the lists use.
//!
//! Romanization is `any_ascii` (BGN/PCGN-like for Cyrillic and Greek, pinyin for Chinese,
//! Revised Romanization for Korean, Hepburn for kana) with adjustments for matching:
//! - every Chinese character and Korean syllable becomes its own token ("习近平" gives
//!   "xi jin ping", which the matcher glues back to "xi jinping"), and the epenthetic "eu" of
//!   Korean loanword spelling is dropped;
//! - Hebrew and Arabic/Persian have their own tables that read the long-vowel letters (vav,
//!   yod, alif, waw, ya) as vowels inside words, as names are spelled, and split off the
//!   Arabic article; what stays unwritten (short vowels) the matcher handles with skeletons;
//! - apostrophes from ayin, hamza and soft signs are dropped.

/// The writing systems the matcher tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Latin letters (with or without diacritics).
    Latin,
    /// Cyrillic.
    Cyrillic,
    /// Greek.
    Greek,
    /// Arabic and Persian.
    Arabic,
    /// Hebrew.
    Hebrew,
    /// Chinese characters (also Japanese kanji).
    Han,
    /// Korean Hangul.
    Hangul,
    /// Japanese hiragana and katakana.
    Kana,
    /// Armenian.
    Armenian,
    /// Georgian.
    Georgian,
    /// Anything else, or no letters at all.
    Other,
}

impl Script {
    /// The script of one character, `None` for digits, punctuation and spaces.
    pub fn of(c: char) -> Option<Script> {
        let cp = c as u32;
        Some(match cp {
            0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => Script::Latin,
            0x400..=0x52F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
            0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
            0x600..=0x6FF | 0x750..=0x77F | 0x8A0..=0x8FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
                Script::Arabic
            }
            0x590..=0x5FF | 0xFB1D..=0xFB4F => Script::Hebrew,
            0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F => Script::Han,
            0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => Script::Hangul,
            0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Kana,
            0x530..=0x58F => Script::Armenian,
            0x10A0..=0x10FF | 0x1C90..=0x1CBF => Script::Georgian,
            _ if c.is_alphabetic() => Script::Other,
            _ => return None,
        })
    }

    /// True for scripts that usually omit vowels (Arabic, Hebrew): their romanizations are
    /// consonant skeletons and must be compared as such.
    pub fn is_consonantal(self) -> bool {
        matches!(self, Script::Arabic | Script::Hebrew)
    }
}

/// The script most letters of `s` are written in.
pub fn dominant_script(s: &str) -> Script {
    let mut counts: Vec<(Script, usize)> = Vec::new();
    for c in s.chars() {
        if let Some(sc) = Script::of(c) {
            match counts.iter_mut().find(|(k, _)| *k == sc) {
                Some((_, n)) => *n += 1,
                None => counts.push((sc, 1)),
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map_or(Script::Other, |(s, _)| s)
}

/// Romanizes `s` to lower-case ASCII letters, digits and spaces (punctuation becomes
/// spaces, as in [`crate::normalize`]).
///
/// ```
/// use interdict_text::romanize;
/// assert_eq!(romanize("Юрий Щукин"), "yuriy shchukin");
/// assert_eq!(romanize("习近平"), "xi jin ping");
/// assert_eq!(romanize("Müller-Lüdenscheidt"), "muller ludenscheidt");
/// ```
pub fn romanize(s: &str) -> String {
    if s.is_ascii() {
        return crate::normalize(s);
    }
    let s = &*crate::visual_order(s);
    let mut out = String::with_capacity(s.len() + 8);
    let mut buf = [0u8; 4];
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match Script::of(c) {
            Some(Script::Han) => {
                out.push(' ');
                out.push_str(&any_ascii::any_ascii(c.encode_utf8(&mut buf)));
                out.push(' ');
            }
            Some(Script::Hangul) if (0xAC00..=0xD7A3).contains(&(c as u32)) => {
                // One token per syllable, with the epenthetic "eu" of loanwords dropped
                // (스탠 = "seu taen" → "s taen", as in "Stan").
                let syl = any_ascii::any_ascii_char(c).to_ascii_lowercase();
                let syl = match syl.strip_suffix("eu") {
                    Some(stem) if !stem.is_empty() => stem.to_string(),
                    _ => syl,
                };
                out.push(' ');
                out.push_str(&syl.replace("eo", "o").replace("ae", "e"));
                out.push(' ');
            }
            Some(Script::Greek) => {
                // Modern Greek digraphs: μπ = b, ντ = d, γκ/γγ = g, ου = u.
                let next = chars
                    .get(i + 1)
                    .map(|n| n.to_lowercase().next().unwrap_or(*n));
                let lower = c.to_lowercase().next().unwrap_or(c);
                let digraph = match (lower, next) {
                    ('μ', Some('π')) => Some("b"),
                    ('ν', Some('τ')) => Some("d"),
                    ('γ', Some('κ')) | ('γ', Some('γ')) => Some("g"),
                    ('ο', Some('υ')) | ('ο', Some('ύ')) => Some("u"),
                    _ => None,
                };
                match digraph {
                    Some(d) => {
                        out.push_str(d);
                        i += 2;
                        continue;
                    }
                    None => out.push_str(any_ascii::any_ascii_char(c)),
                }
            }
            Some(Script::Hebrew) => {
                let (text, used) = hebrew(&chars, i);
                out.push_str(text);
                i += used;
                continue;
            }
            Some(Script::Arabic) => {
                let (text, used) = arabic(&chars, i);
                // A name ending in Allah is one name ("عبد الله" Abdullah, "فیض الله"
                // Faizullah), as Latin spellings write it: glued to the word before.
                if text == "allah" {
                    let before = chars[..i].iter().rposition(|c| !c.is_whitespace());
                    if before
                        .is_some_and(|k| k + 1 < i && Script::of(chars[k]) == Some(Script::Arabic))
                    {
                        while out.ends_with(' ') {
                            out.pop();
                        }
                    }
                }
                out.push_str(text);
                i += used;
                continue;
            }
            Some(Script::Latin) | None if c.is_ascii() => out.push(c),
            _ => {
                let t = any_ascii::any_ascii_char(c);
                out.push_str(t);
            }
        }
        i += 1;
    }
    crate::normalize(&out)
}

fn is_word_start(chars: &[char], i: usize) -> bool {
    i == 0 || !chars[i - 1].is_alphabetic()
}

fn is_word_end(chars: &[char], i: usize) -> bool {
    chars
        .get(i + 1)
        .is_none_or(|c| !c.is_alphabetic() && !is_geresh(*c))
}

fn is_geresh(c: char) -> bool {
    matches!(c, '\'' | '\u{05F3}' | '\u{2019}')
}

/// Hebrew letter at `i` → Latin, reading vav and yod as vowels inside words and alef/ayin as
/// "a", which is how names are spelled in Hebrew ("אנדרו" → "andro"). Returns the text and
/// how many characters it consumed (a geresh modifies the letter before it).
fn hebrew(chars: &[char], i: usize) -> (&'static str, usize) {
    let c = chars[i];
    let geresh = chars.get(i + 1).is_some_and(|n| is_geresh(*n));
    // A geresh modifies the letter before it and is part of the word: the vav after "ג'"
    // (j) in "ג'ון" (John) is inside the word, a vowel.
    let after_geresh = i >= 2 && is_geresh(chars[i - 1]) && chars[i - 2].is_alphabetic();
    let start = is_word_start(chars, i) && !after_geresh;
    let end = is_word_end(chars, i);
    let doubled = chars.get(i + 1) == Some(&c);
    let t = match c {
        'א' | 'ע' => "a",
        'ב' => "b",
        'ג' if geresh => "j",
        'ג' => "g",
        'ד' => "d",
        'ה' if end => "a",
        'ה' => "h",
        'ו' if doubled => return ("v", 2),
        'ו' if start => "v",
        'ו' => "o",
        'ז' if geresh => "zh",
        'ז' => "z",
        'ח' => "kh",
        'ט' => "t",
        'י' if doubled => return ("y", 2),
        'י' if start => "y",
        'י' => "i",
        'כ' | 'ך' | 'ק' => "k",
        'ל' => "l",
        'מ' | 'ם' => "m",
        'נ' | 'ן' => "n",
        'ס' => "s",
        'פ' | 'ף' => "p",
        'צ' | 'ץ' if geresh => "ch",
        'צ' | 'ץ' => "ts",
        'ר' => "r",
        'ש' => "sh",
        'ת' if geresh => "th",
        'ת' => "t",
        _ => "",
    };
    (t, if geresh { 2 } else { 1 })
}

/// The length of the word "الله" (Allah) at the start of `chars`, vowel marks and all;
/// `None` where another word starts there.
fn allah(chars: &[char]) -> Option<usize> {
    let mut letters = 0;
    let mut len = 0;
    for &c in chars {
        if ('\u{064B}'..='\u{0652}').contains(&c) || c == '\u{0670}' {
            len += 1;
            continue;
        }
        if !c.is_alphabetic() {
            break;
        }
        let want = ['ا', 'ل', 'ل', 'ه'];
        if letters == 4 || !(c == want[letters] || (letters == 0 && c == 'ٱ')) {
            return None;
        }
        letters += 1;
        len += 1;
    }
    (letters == 4).then_some(len)
}

/// Arabic or Persian letter at `i` → Latin: long-vowel letters as vowels inside words,
/// the article "ال" split off as "al ", short-vowel marks ignored.
fn arabic(chars: &[char], i: usize) -> (&'static str, usize) {
    let c = chars[i];
    let start = is_word_start(chars, i);
    // The word "الله" (Allah), of "عبد الله" Abdullah and "فیض الله" Faizullah, is one word:
    // split as an article ("al lh") it left "lh", a word no Latin spelling has.
    if start && matches!(c, 'ا' | 'ٱ') {
        if let Some(len) = allah(&chars[i..]) {
            return ("allah", len);
        }
    }
    if start
        && c == 'ا'
        && chars.get(i + 1) == Some(&'ل')
        && chars.len() > i + 3
        && chars[i + 2].is_alphabetic()
    {
        return ("al ", 2);
    }
    let t = match c {
        'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' | 'ى' | 'ة' => "a",
        'ع' => "a",
        'ء' => "",
        'ؤ' => "u",
        'ئ' => "i",
        'ب' => "b",
        'ت' | 'ط' => "t",
        'ث' => "th",
        'ج' => "j",
        'ح' | 'ه' | 'ھ' => "h",
        'خ' => "kh",
        'د' | 'ض' => "d",
        'ذ' => "dh",
        'ر' => "r",
        'ز' | 'ظ' => "z",
        'س' | 'ص' => "s",
        'ش' => "sh",
        'غ' => "gh",
        'ف' => "f",
        'ق' => "q",
        'ك' | 'ک' => "k",
        'گ' => "g",
        'ل' => "l",
        'م' => "m",
        'ن' => "n",
        'و' if start => "w",
        'و' => "u",
        'ي' | 'ی' | 'ې' if start => "y",
        'ي' | 'ی' | 'ې' => "i",
        'پ' => "p",
        'چ' => "ch",
        'ژ' => "zh",
        _ => "",
    };
    (t, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn romanizes_each_script() {
        assert_eq!(romanize("Алабуга"), "alabuga");
        assert_eq!(romanize("Παπαδόπουλος"), "papadopulos");
        assert_eq!(romanize("Αλαμπούγκα"), "alabuga");
        assert_eq!(romanize("محمد"), "mhmd");
        assert_eq!(romanize("أبو بكر الشكوى"), "abu bkr al shkua");
        // Allah is a word, not an article and "lh" ("ٱللَّٰه" marked), and the end of the
        // name before it ("عبد الله" Abdullah, "فیض الله" Faizullah).
        assert_eq!(romanize("عبد الله"), "abdallah");
        assert_eq!(romanize("فیض الله خان"), "fidallah khan");
        assert_eq!(romanize("ٱللَّٰه"), "allah");
        assert_eq!(romanize("اللهيبي"), "al lhibi");
        assert_eq!(romanize("אנדרו פלטשר"), "andro pltshr");
        // A vav after a letter the geresh marks is inside the word, a vowel: "ג'ון" is John,
        // "ג'ורדן" Jordan; a vav that starts a word is v ("ויליאם", William).
        assert_eq!(romanize("ג'ון ג'ורדן"), "jon jordn");
        assert_eq!(romanize("ויליאם"), "viliam");
        assert_eq!(romanize("김정은"), "gim jong eun");
        assert_eq!(romanize("스탠"), "s ten");
        assert_eq!(romanize("ヤマダ"), "yamada");
        assert_eq!(romanize("O'Brien"), "obrien");
        assert_eq!(dominant_script("Иван Ivanov Иванович"), Script::Cyrillic);
        assert_eq!(dominant_script("12345"), Script::Other);
    }
}
