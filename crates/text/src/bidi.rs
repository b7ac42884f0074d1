//! Names as a reader sees them when they carry explicit direction overrides.
//!
//! `"\u{202E}AGUBALA"` is the letters A-G-U-B-A-L-A under a right-to-left override: a screen
//! shows ALABUGA, and an analyst reads ALABUGA, but the stored text says AGUBALA. A screening
//! engine that drops the override without applying it misses the listed name the reader
//! saw. So before a name is normalized, each right-to-left override span of left-to-right
//! letters is put in the order it is displayed; every other embedding, override and isolate
//! control is dropped (they do not reorder Latin, Cyrillic or Greek letters).

use std::borrow::Cow;

const LRE: char = '\u{202A}';
const RLE: char = '\u{202B}';
const PDF: char = '\u{202C}';
const LRO: char = '\u{202D}';
const RLO: char = '\u{202E}';

/// Whether `c` is an explicit direction control: embeddings, overrides, their terminator
/// and the isolates (U+202A–U+202E, U+2066–U+2069).
pub fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` without its direction controls, in stored (logical) order: the other reading of a
/// name that carries them, for callers that screen both (a right-to-left override around
/// Cyrillic is as likely a copy-paste accident as a disguise).
pub fn without_direction_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_direction_control) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(|c| !is_direction_control(*c)).collect())
}

/// Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko…), which an override does
/// not turn around.
fn is_strong_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// `s` in the order a reader sees it (see the module docs); `s` itself when it holds no
/// direction control.
pub fn visual_order(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_direction_control) {
        return Cow::Borrowed(s);
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    span(&chars, &mut i, &mut out);
    Cow::Owned(out.into_iter().collect())
}

/// Appends the visual form of `chars[*i..]` up to the PDF that closes the current span (or
/// the end), leaving `*i` after it.
fn span(chars: &[char], i: &mut usize, out: &mut Vec<char>) {
    while let Some(&c) = chars.get(*i) {
        *i += 1;
        match c {
            PDF => return,
            RLO | LRO | RLE | LRE => {
                let mut inner = Vec::new();
                span(chars, i, &mut inner);
                if c == RLO && !inner.iter().any(|c| is_strong_rtl(*c)) {
                    inner.reverse();
                }
                out.extend(inner);
            }
            c if is_direction_control(c) => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::visual_order;

    #[test]
    fn overrides_are_applied_and_dropped() {
        assert_eq!(visual_order("ALABUGA"), "ALABUGA");
        assert_eq!(visual_order("\u{202E}AGUBALA"), "ALABUGA");
        assert_eq!(
            visual_order("AO \u{202E}AGUBALA\u{202C} OEZ"),
            "AO ALABUGA OEZ"
        );
        assert_eq!(visual_order("\u{2067}Kupol\u{2069}"), "Kupol");
        // Arabic letters are right-to-left already: an override does not turn them round.
        assert_eq!(visual_order("\u{202E}محمد"), "محمد");
        assert_eq!(
            super::without_direction_controls("\u{202E}AGUBALA"),
            "AGUBALA"
        );
    }
}
