//! Phonetic keys for romanized name tokens.
//!
//! - [`fold`] maps the spelling variants that romanization produces onto one form:
//!   Sergey/Sergei, Aleksandr/Alexander, Khalil/Halil, Yevgeny/Evgeni, Mohammad/Muhammad keep
//!   their vowels but lose their doubled letters, `kh`/`h`, `y`/`i`, `ks`/`x`, `w`/`v`…
//! - [`skeleton`] keeps only consonant classes, which is what Arabic and Hebrew script give
//!   (محمد → "mhmd"): "muhammad", "mohamed" and "mhmd" share the skeleton "mmt".
//!
//! Both work on the output of [`crate::romanize`] (lower-case ASCII), one token at a time.

/// Folds romanization variants of one lower-case ASCII token.
///
/// ```
/// use interdict_text::fold;
/// assert_eq!(fold("sergey"), fold("sergei"));
/// assert_eq!(fold("aleksandr"), fold("alexandr"));
/// assert_eq!(fold("khalil"), fold("halil"));
/// assert_eq!(fold("yevgeny"), "ievgeni");
/// ```
pub fn fold(token: &str) -> String {
    let b = token.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len() + 2);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        let next2 = b.get(i + 2).copied();
        // -ayev / -aev, Dostoyevsky / Dostoevsky: a y between a vowel and "e" is dropped.
        if c == b'y' && next == Some(b'e') && out.last().is_some_and(|l| b"aeiou".contains(l)) {
            i += 1;
            continue;
        }
        let next3 = b.get(i + 3).copied();
        let (emit, skip): (&[u8], usize) = match (c, next, next2) {
            // German romanizations: "Dschihad" is jihad, "Tschetschenien" Chechnya.
            (b'd', Some(b's'), Some(b'c')) if next3 == Some(b'h') => (b"j", 4),
            (b't', Some(b's'), Some(b'c')) if next3 == Some(b'h') => (b"ch", 4),
            (b's', Some(b'c'), Some(b'h')) => (b"sh", 3),
            // Polish digraphs (Szczypiorski, Czarnecki).
            (b's', Some(b'z'), _) => (b"sh", 2),
            (b'c', Some(b'z'), _) => (b"ch", 2),
            // An initial x is pinyin's s-sound (Xi, Xu), not "ks".
            (b'x', _, _) if i == 0 => (b"s", 1),
            (b't', Some(b'c'), Some(b'h')) => (b"ch", 3),
            (b'd', Some(b'z'), Some(b'h')) => (b"j", 3),
            (b'z', Some(b'h'), _) => (b"j", 2),
            (b'k', Some(b'h'), _) => (b"h", 2),
            (b'g', Some(b'h'), _) => (b"g", 2),
            (b'p', Some(b'h'), _) => (b"f", 2),
            (b't', Some(b'h'), _) => (b"t", 2),
            (b'd', Some(b'h'), _) => (b"d", 2),
            (b'c', Some(b'k'), _) => (b"k", 2),
            (b'o', Some(b'u'), _) => (b"u", 2),
            (b'o', Some(b'o'), _) => (b"u", 2),
            (b'e', Some(b'e'), _) => (b"i", 2),
            (b'c', Some(b'h'), _) => (b"ch", 2),
            (b'c', _, _) => (b"k", 1),
            (b'q', _, _) => (b"k", 1),
            (b'x', _, _) => (b"ks", 1),
            (b'w', _, _) => (b"v", 1),
            (b'y', _, _) => (b"i", 1),
            _ => (std::slice::from_ref(&b[i]), 1),
        };
        for &e in emit {
            // Collapse doubled letters (Mohammad / Mohamad, Abdullah / Abdulah).
            if out.last() != Some(&e) {
                out.push(e);
            }
        }
        i += skip;
    }
    // -iy / -ii endings (Yuriy, Yurii → iuri), a trailing h (Abdullah / Abdulla).
    while out.len() > 2 && (out.ends_with(b"ii") || out.last() == Some(&b'h')) {
        out.pop();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// The consonant-class skeleton of a token: vowels, `h`, `w` and `y` dropped, similar
/// consonants merged (b/p/f/v, c/g/j/k/q/x, d/t, s/z, and the sibilants ch/sh/ts/tch/zh),
/// adjacent repeats collapsed.
///
/// ```
/// use interdict_text::skeleton;
/// assert_eq!(skeleton("muhammad"), skeleton("mhmd"));
/// assert_eq!(skeleton("mohamed"), "mmt");
/// ```
pub fn skeleton(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    skeleton_with(token, |b| b, |c| out.push(c));
    out
}

/// [`skeleton`] of `token` with every byte first replaced by `map(byte)` (Chinese and
/// Korean renderings, which do not tell l from r, map `r` to `l`), handing each skeleton
/// letter to `push` instead of building a string: for callers that compare skeletons in
/// a hot loop without allocating.
///
/// ```
/// use interdict_text::{skeleton, skeleton_with};
/// let mut s = String::new();
/// skeleton_with("harbin", |b| if b == b'r' { b'l' } else { b }, |c| s.push(c));
/// assert_eq!(s, skeleton("halbin"));
/// ```
pub fn skeleton_with(token: &str, map: impl Fn(u8) -> u8, mut push: impl FnMut(char)) {
    let b = token.as_bytes();
    let at = |i: usize| b.get(i).map(|&x| map(x));
    let mut last = ' ';
    let mut i = 0;
    while i < b.len() {
        let c = map(b[i]) as char;
        let next = at(i + 1).map(char::from);
        // Sibilant digraphs are one sound: ch, sh, ts, tch → s ("Fletcher" / "pltshr").
        let (class, skip) = match (c, next) {
            ('t', Some('c')) if at(i + 2) == Some(b'h') => ('s', 3),
            ('c', Some('h')) | ('s', Some('h')) | ('t', Some('s')) | ('z', Some('h')) => ('s', 2),
            ('a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'h' | 'w', _) => {
                // Only adjacent repeats collapse: "mamad" keeps both m's.
                last = ' ';
                i += 1;
                continue;
            }
            ('b' | 'p' | 'f' | 'v', _) => ('b', 1),
            ('c' | 'g' | 'j' | 'k' | 'q' | 'x', _) => ('k', 1),
            ('d' | 't', _) => ('t', 1),
            ('s' | 'z', _) => ('s', 1),
            (c, _) => (c, 1),
        };
        if class != last {
            push(class);
        }
        last = class;
        i += skip;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_romanization_variants_together() {
        for (a, b) in [
            ("dugazayev", "dugazaev"),
            ("mousavifar", "musavifar"),
            ("abdullah", "abdulla"),
            ("yuriy", "yurii"),
            ("zhukov", "dzhukov"),
            ("schmidt", "shmidt"),
            // German romanizations of Russian and Arabic names.
            ("dschihad", "dzhihad"),
            ("tschetschenien", "chechenien"),
            ("mohammad", "mohamad"),
        ] {
            assert_eq!(fold(a), fold(b), "{a} / {b}");
        }
        assert_ne!(fold("ivan"), fold("ivanov"));
        assert_eq!(fold("szczypiorski"), "shchipiorski");
        assert_eq!(fold("xi"), "si");
    }

    #[test]
    fn skeletons_match_consonantal_romanizations() {
        assert_eq!(skeleton("ghalakr"), skeleton("gallagher"));
        assert_eq!(skeleton("hsyn"), skeleton("hussein"));
        assert_ne!(skeleton("galadari"), skeleton("gallagher"));
        assert_eq!(skeleton("fletcher"), skeleton("pltshr"));
    }
}
