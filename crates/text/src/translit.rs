//! Scripts and romanization: any name, in any script, to lower-case Latin letters that can be
//! compared with the romanized spellings the lists use.
//!
//! Romanization is `any_ascii` (BGN/PCGN-like for Cyrillic and Greek, pinyin for Chinese,
//! Revised Romanization for Korean, Hepburn for kana, consonant skeletons for Arabic and
//! Hebrew) with two adjustments for matching: every Chinese character becomes its own
//! syllable token (so "习近平" gives "xi jin ping", which the matcher can glue back to
//! "xi jinping"), and apostrophes from ayin/hamza/soft signs are dropped.

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
    let mut out = String::with_capacity(s.len() + 8);
    let mut buf = [0u8; 4];
    for c in s.chars() {
        match Script::of(c) {
            Some(Script::Han) => {
                out.push(' ');
                out.push_str(&any_ascii::any_ascii(c.encode_utf8(&mut buf)));
                out.push(' ');
            }
            Some(Script::Latin) | None if c.is_ascii() => out.push(c),
            _ => {
                let t = any_ascii::any_ascii_char(c);
                out.push_str(t);
            }
        }
    }
    crate::normalize(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn romanizes_each_script() {
        assert_eq!(romanize("Алабуга"), "alabuga");
        assert_eq!(romanize("Παπαδόπουλος"), "papadopoylos");
        assert_eq!(romanize("محمد"), "mhmd");
        assert_eq!(romanize("김정은"), "gimjeongeun");
        assert_eq!(romanize("ヤマダ"), "yamada");
        assert_eq!(romanize("O'Brien"), "obrien");
        assert_eq!(dominant_script("Иван Ivanov Иванович"), Script::Cyrillic);
        assert_eq!(dominant_script("12345"), Script::Other);
    }
}
