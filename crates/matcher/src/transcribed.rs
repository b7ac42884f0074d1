//! Western names written in Chinese characters or Hangul: whether a run of syllables read
//! from them is how those scripts write a Western word ("拉夫特" la fu te / Rafter, "블레어"
//! beul le o / Blair). Chinese and Korean spell a foreign name with the syllables they have:
//! a consonant the syllables cannot end on gets a vowel of its own (te, fu, beul, seu), r and
//! l are one sound, an r after a vowel is not heard ("多恩" duo en / Dorn), and pinyin j/q
//! write the g and k of "Gerardus" and "Kinsella". Compared letter for letter such a run is
//! far from the word it spells; compared by the consonants a listener hears, it is the
//! word. What is compared is a short sequence of sound classes from each side, every class
//! of one side met by a class of the other in order — nothing dropped or added but the
//! sounds these scripts leave out or write optionally (an r after a vowel, a w).

/// The sound classes (bits): a side's letter may stand for more than one.
const P: u16 = 1; // b p f v (and w, written as a v by both scripts)
const K: u16 = 1 << 1; // k g c q
const T: u16 = 1 << 2; // t d
const S: u16 = 1 << 3; // s z
const C: u16 = 1 << 4; // the affricates: j ch tch, pinyin zh ch j q, Korean j ch
const L: u16 = 1 << 5; // l r
const M: u16 = 1 << 6;
const N: u16 = 1 << 7;
/// The sound may go unwritten on the other side (an r after a vowel, a w).
const OPTIONAL: u16 = 1 << 15;

/// The most sounds compared: names' words have far fewer; longer ones are not compared.
const MOST: usize = 16;

/// The sounds heard in one word, in order.
#[derive(Debug, Clone, Copy)]
struct Heard {
    sounds: [u16; MOST],
    len: usize,
}

impl Heard {
    fn new() -> Self {
        Heard {
            sounds: [0; MOST],
            len: 0,
        }
    }

    /// Adds a sound, written once where a spelling doubles it ("Ravelli", "beul le");
    /// `false` once the word has more sounds than are compared.
    fn push(&mut self, sound: u16) -> bool {
        if self.len > 0 && self.sounds[self.len - 1] == sound {
            return true;
        }
        if self.len == MOST {
            return false;
        }
        self.sounds[self.len] = sound;
        self.len += 1;
        true
    }
}

fn vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// The letter at `i` of `b`, or 0 past its end.
fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

/// Reads the sounds of a lower-case ASCII word letter by letter: `rule` says which sounds
/// the letters at `i` write (none, one or two) and how many letters it read. `None` for other
/// words and words with more sounds than are compared.
fn hear(word: &str, rule: impl Fn(&[u8], usize) -> ([u16; 2], usize)) -> Option<Heard> {
    let b = word.as_bytes();
    if !b.iter().all(u8::is_ascii_lowercase) {
        return None;
    }
    let mut h = Heard::new();
    let mut i = 0;
    while i < b.len() {
        let (sounds, width) = rule(b, i);
        for s in sounds {
            if s != 0 && !h.push(s) {
                return None;
            }
        }
        i += width;
    }
    Some(h)
}

/// The sounds of a Western word as Chinese or Korean would hear them.
fn heard_western(word: &str) -> Option<Heard> {
    hear(word, |b, i| {
        let (c, next) = (b[i], at(b, i + 1));
        let prev = if i > 0 { b[i - 1] } else { 0 };
        let soft = matches!(next, b'e' | b'i' | b'y');
        let (sound, width) = match c {
            b'a' | b'e' | b'i' | b'o' | b'u' | b'y' => (0, 1),
            b't' if next == b'c' && at(b, i + 2) == b'h' => (C, 3),
            b's' if next == b'c' && at(b, i + 2) == b'h' => (S, 3),
            // "Christine", "Chlodwig": a k; otherwise English ch, German ch, French ch.
            b'c' if next == b'h' && matches!(at(b, i + 2), b'r' | b'l') => (K, 2),
            b'c' if next == b'h' => (C | K | S, 2),
            b's' if next == b'h' => (S, 2),
            b't' if next == b'h' => (T | S, 2),
            b'p' if next == b'h' => (P, 2),
            b'g' if next == b'h' && i > 0 => (0, 2),
            b'c' if next == b'k' => (K, 2),
            b'c' if soft => (S | C, 1),
            b'g' if soft => (K | C, 1),
            b'x' => return ([K, S], 1),
            // An ng not before a vowel is one sound ("Ewing", "Welling").
            b'n' if next == b'g' && !vowel(at(b, i + 2)) => (N, 2),
            // German tz is one sound, the affricate ("Spitzer"); ts may be one ("Vroutsis")
            // or two ("Robertson").
            b't' if next == b'z' => (C | S, 2),
            b't' if next == b's' => return ([T | C, S], 2),
            b'r' if vowel(prev) && !vowel(next) => (L | OPTIONAL, 1),
            b'w' if i == 0 || vowel(prev) => (P | OPTIONAL, 1),
            b'h' | b'w' => (0, 1),
            b'b' | b'p' | b'f' | b'v' => (P, 1),
            b'c' | b'k' | b'g' | b'q' => (K, 1),
            b'd' | b't' => (T, 1),
            b's' => (S, 1),
            b'z' => (S | C, 1),
            b'j' => (C, 1),
            b'l' | b'r' => (L, 1),
            b'm' => (M, 1),
            b'n' => (N, 1),
            _ => (0, 1),
        };
        ([sound, 0], width)
    })
}

/// The sounds of a run of romanized Chinese (pinyin) or Korean syllables glued together
/// (the syllables' boundaries need not be known: pinyin and Korean syllables end only in a
/// vowel or a few consonants); `han` where the syllables are Chinese characters' readings.
fn heard_syllables(run: &str, han: bool) -> Option<Heard> {
    hear(run, |b, i| {
        let (c, next) = (b[i], at(b, i + 1));
        let prev = if i > 0 { b[i - 1] } else { 0 };
        let (sound, width) = match c {
            b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'h' => (0, 1),
            b'z' | b'c' if next == b'h' => (C, 2),
            b's' if next == b'h' => (S, 2),
            b'n' if next == b'g' => (N, 2),
            // A syllable starting with w writes a w or a v; after a consonant, w is a vowel.
            b'w' if i == 0 || vowel(prev) => (P | OPTIONAL, 1),
            b'w' => (0, 1),
            // An s before no vowel: a Korean syllable ending in ㅅ, which writes a loanword's
            // t ("캣" kes / Cat), or 스 seu, an s with the vowel Korean adds to it ("프린스"
            // p lin s / Prince).
            b's' if !vowel(next) => (T | S, 1),
            // Pinyin j and q write g and k as well ("吉" ji / Gi-, "基" ji / Ki-).
            b'j' | b'q' if han => (C | K, 1),
            b'j' => (C, 1),
            b'x' => (S, 1),
            b'z' | b'c' => (S | C, 1),
            b'b' | b'p' | b'f' | b'v' => (P, 1),
            b'g' | b'k' => (K, 1),
            b'd' | b't' => (T, 1),
            b's' => (S, 1),
            b'l' | b'r' => (L, 1),
            b'm' => (M, 1),
            b'n' => (N, 1),
            _ => (0, 1),
        };
        ([sound, 0], width)
    })
}

/// Whether every sound of each side is met by one of the other in order, sounds marked
/// optional being met or left out; and how many sounds were met.
fn aligned(a: &Heard, b: &Heard) -> Option<usize> {
    // best[i][j]: most sounds met aligning a[..i] with b[..j] (-1: no alignment).
    let mut best = [[-1i8; MOST + 1]; MOST + 1];
    best[0][0] = 0;
    for i in 0..=a.len {
        for j in 0..=b.len {
            let here = best[i][j];
            if here < 0 {
                continue;
            }
            if i < a.len && j < b.len && a.sounds[i] & b.sounds[j] & !OPTIONAL != 0 {
                best[i + 1][j + 1] = best[i + 1][j + 1].max(here + 1);
            }
            if i < a.len && a.sounds[i] & OPTIONAL != 0 {
                best[i + 1][j] = best[i + 1][j].max(here);
            }
            if j < b.len && b.sounds[j] & OPTIONAL != 0 {
                best[i][j + 1] = best[i][j + 1].max(here);
            }
        }
    }
    usize::try_from(best[a.len][b.len]).ok()
}

/// How alike a run of Chinese or Korean syllables and a Western word are when heard: the
/// similarity of a word and its transcription, where the run writes the word's consonants,
/// in order, as those scripts write them — three sounds met at least (see [`FEWEST`]), a
/// sound one side may leave unwritten counted where the other writes it (the v of "拉维利" la
/// wei li / Ravelli) — and 0 otherwise. `han` where the syllables are Chinese characters'
/// readings.
pub(crate) fn similarity(syllables: &str, han: bool, western: &str) -> f64 {
    let (Some(a), Some(b)) = (heard_syllables(syllables, han), heard_western(western)) else {
        return 0.0;
    };
    match aligned(&a, &b) {
        Some(met) if met >= FEWEST => TRANSCRIBED,
        _ => 0.0,
    }
}

/// The retrieval keys of a word's sounds ("h:" and a letter per sound, see [`key_letter`]),
/// each handed to `push`: with every optional sound left out, and, where there are any, with
/// all of them kept. Built on the stack: every word of every listed name has them.
fn keys_of(h: &Heard, mut push: impl FnMut(&str)) {
    let optional = h.sounds[..h.len].iter().any(|s| s & OPTIONAL != 0);
    for keep in [false, true] {
        if keep && !optional {
            break;
        }
        let mut key = [0u8; 2 + MOST];
        key[..2].copy_from_slice(b"h:");
        let mut len = 2;
        for &s in &h.sounds[..h.len] {
            if s & OPTIONAL != 0 && !keep {
                continue;
            }
            let c = key_letter(s);
            if key[len - 1] != c {
                key[len] = c;
                len += 1;
            }
        }
        // Sounds sharing a letter may leave too few to find anything by ("kas", k-s: "h:k").
        if len >= 2 + FEWEST {
            push(std::str::from_utf8(&key[..len]).expect("ASCII letters"));
        }
    }
}

/// One letter per sound for retrieval keys, which must be equal to meet: the sounds a letter
/// of either side may stand for (k, an affricate, s) share one letter, as do t and th.
fn key_letter(sound: u16) -> u8 {
    let s = sound & !OPTIONAL;
    if s & T != 0 {
        b't'
    } else if s & (K | C | S) != 0 {
        b'k'
    } else if s & P != 0 {
        b'p'
    } else if s & L != 0 {
        b'l'
    } else if s & M != 0 {
        b'm'
    } else {
        b'n'
    }
}

/// The retrieval keys by which a transcription into Chinese or Korean finds a listed Western
/// word (see [`syllable_keys`]), each handed to `push`; none for a word that is pinyin
/// syllables itself (a Chinese name, found by its syllables).
pub(crate) fn western_keys(word: &str, push: impl FnMut(&str)) {
    if let Some(h) = heard_western(word) {
        if !crate::syllables::whole(word) {
            keys_of(&h, push);
        }
    }
}

/// The retrieval keys of a run of Chinese or Korean syllables glued together, one of which
/// a Western word it transcribes has (see [`western_keys`]), each handed to `push`.
pub(crate) fn syllable_keys(run: &str, han: bool, push: impl FnMut(&str)) {
    if let Some(h) = heard_syllables(run, han) {
        keys_of(&h, push);
    }
}

/// The fewest sounds a transcription must write: two syllables of a Chinese or Korean name
/// write two consonants that as many short Western words have ("袁超" yuan chao and
/// "Nazih", n-z; "袁波" yuan bo and "Naib", n-b).
const FEWEST: usize = 3;

/// What a Western word and its transcription into Chinese or Korean syllables score: a
/// spelling of one name, though not written alike.
const TRANSCRIBED: f64 = 0.88;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transcriptions_are_heard_as_the_western_word() {
        for (run, han, word) in [
            ("lafute", true, "rafter"),
            ("peiteluowa", true, "petrova"),
            ("jieladusi", true, "gerardus"),
            ("jinsaila", true, "kinsella"),
            ("megdono", false, "mcdonough"),
            ("kesmol", false, "catmull"),
            // A w Chinese writes as a syllable of its own is the word's v ("拉维利").
            ("laweili", true, "ravelli"),
            // An ng before no vowel is one sound ("威爾林" wei er lin / Welling).
            ("weierlin", true, "welling"),
            // German tz is the affricate pinyin writes c ("斯皮策" si pi ce / Spitzer).
            ("sipice", true, "spitzer"),
            // A ts is the affricate (pinyin q) or a t and an s.
            ("wuluqisi", true, "vroutsis"),
            ("lobotseun", false, "robertson"),
            // Korean 스 (an s and the vowel Korean adds) ends "프린스" / Prince.
            ("plins", false, "prince"),
        ] {
            assert_eq!(similarity(run, han, word), TRANSCRIBED, "{run} / {word}");
        }
    }

    #[test]
    fn other_words_are_not() {
        for (run, han, word) in [
            // A sound the word has and the run lacks, or the other way round.
            ("feilipeiti", true, "filipov"),
            ("shitelleike", true, "steedle"),
            ("pulaiyin", true, "plachy"),
            // Korean j is no k, as pinyin j may be.
            ("jeimseun", false, "kimson"),
            // One or two sounds in common prove nothing.
            ("lili", true, "riley"),
            ("yuanchao", true, "nazih"),
        ] {
            assert_eq!(similarity(run, han, word), 0.0, "{run} / {word}");
        }
        assert_eq!(similarity("jimusen", true, "kimson"), TRANSCRIBED);
    }
}
