//! Text normalization for names: the one place that decides when two spellings are "the same
//! text" before any fuzzy matching happens.
//!
//! [`normalize`] folds case, compatibility forms (full-width letters, ligatures) and accents,
//! and turns punctuation into spaces, so that `"JSC «Kupol»"`, `"jsc kupol"` and
//! `"ＪＳＣ Kupol"` give the same string. It does not transliterate between scripts:
//! Cyrillic stays Cyrillic (that is the matcher's job, with its own keys).
#![deny(missing_docs)]

mod bidi;
mod phonetic;
mod rigour;
mod translit;

pub use bidi::{is_direction_control, visual_order, without_direction_controls};
pub use phonetic::{fold, skeleton, skeleton_with};
pub use rigour::{vocabulary, Vocabulary};
pub use translit::{dominant_script, romanize, Script};

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Normalizes a name for exact comparison: NFKD, combining marks removed, lower case,
/// every run of non-alphanumeric characters replaced by one space, trimmed.
/// Apostrophes and similar marks inside a word are dropped rather than split on, so
/// `"O'Brien"` and `"OBrien"` agree.
///
/// ```
/// assert_eq!(interdict_text::normalize("  AO «OEZ PPT» ALABUGA "), "ao oez ppt alabuga");
/// assert_eq!(interdict_text::normalize("Müller-Lüdenscheidt"), "muller ludenscheidt");
/// assert_eq!(interdict_text::normalize("O'Brien"), "obrien");
/// assert_eq!(interdict_text::normalize("Алабуга"), "алабуга");
/// ```
pub fn normalize(s: &str) -> String {
    if s.is_ascii() {
        normalize_ascii(s)
    } else {
        normalize_unicode(s)
    }
}

fn normalize_unicode(s: &str) -> String {
    let s = &*visual_order(s);
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfkd() {
        if is_combining_mark(c) || is_word_joiner(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// The same rules as [`normalize`] for ASCII input, without the Unicode tables (most list
/// names are ASCII, and loading a snapshot normalizes every one of them).
fn normalize_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(b.to_ascii_lowercase() as char);
        } else if b != b'\'' && b != b'`' {
            pending_space = true;
        }
    }
    out
}

/// Characters dropped without splitting the word: apostrophes, zero-width characters and
/// bidi controls (hostile or accidental input must not change a name's tokens).
fn is_word_joiner(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{02BC}' | '\u{02BB}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
            | '\u{00AD}'
    )
}

/// The normalized tokens of a name.
///
/// ```
/// assert_eq!(interdict_text::tokens("HANIYA, Ismail"), vec!["haniya", "ismail"]);
/// ```
pub fn tokens(s: &str) -> Vec<String> {
    normalize(s)
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_characters_do_not_split_or_survive() {
        assert_eq!(normalize("Ala\u{200B}buga"), "alabuga");
        // A right-to-left override shows its Latin letters reversed: the name a reader
        // sees is the one screened.
        assert_eq!(normalize("\u{202E}AGUBALA"), "alabuga");
        assert_eq!(normalize("\u{202E}Alabuga"), "agubala");
        assert_eq!(normalize("Ala\u{2066}buga\u{2069}"), "alabuga");
        assert_eq!(normalize("ＡＬＡＢＵＧＡ"), "alabuga");
        assert_eq!(normalize("e\u{301}\u{301}\u{301}"), "e");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("---"), "");
    }

    #[test]
    fn ascii_fast_path_agrees_with_unicode_path() {
        for s in [
            "O'Brien, JR.",
            "  AO  OEZ-PPT ",
            "a`b c",
            "x",
            "",
            "--",
            "A.B.C. 419",
            "ŠKODA",
        ] {
            if s.is_ascii() {
                assert_eq!(normalize_ascii(s), normalize_unicode(s), "{s:?}");
            }
        }
    }
}
