//! How alike two tokens are: edit distance and Jaro-Winkler on their folds, lifted by the
//! rules spellings of one name follow (vowel changes, truncations, consonant skeletons across
//! scripts, CJK syllables) and held down where chance resemblance is common. Cheap bounds rule
//! most unrelated pairs out before any distance is measured.

use crate::names::{Token, TokenClass};

pub(crate) fn lev_sim(a: &str, b: &str) -> f64 {
    let max = if a.is_ascii() && b.is_ascii() {
        a.len().max(b.len())
    } else {
        a.chars().count().max(b.chars().count())
    };
    if max == 0 {
        return 1.0;
    }
    1.0 - crate::fast::levenshtein(a, b) as f64 / max as f64
}

/// Below this, two words that start with different letters are not paired.
const DIFFERENT_START_MIN: f64 = 0.75;

/// Whether romanizations write one sound with either letter at the start of a word:
/// vowels and glides (Yuri / Iouri / Jurij, Issa / Essa, Asan / Hassan), velars, sibilants
/// and affricates (Jong / Cho'ng, Gennady / Henadz, Khan / Jan), labials (Pak / Bak), dentals
/// (Tae / Dae), liquids and nasals (Nikolai / Mikalai).
fn interchangeable_initials(a: u8, b: u8) -> bool {
    const GROUPS: [&[u8]; 6] = [b"aeiouyhjw", b"ckqghjxzs", b"pbfvw", b"td", b"lr", b"mn"];
    a == b || GROUPS.iter().any(|g| g.contains(&a) && g.contains(&b))
}

/// The spelling similarity two tokens need before, where vowels go unwritten, their
/// consonant skeletons may lift it (see [`skeleton_rule`]).
const SKELETON_DIRECT_MIN: f64 = 0.5;

/// The most two tokens with a two-consonant skeleton in common score on that alone.
const SHORT_SKELETON_CAP: f64 = 0.8;

/// Whether two token strings are equal, compared in place: they are a few bytes long, and
/// `==` on them calls the C library's `memcmp`, which cost more than the comparison.
#[inline]
pub(crate) fn same_bytes(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// Whether the shorter of two tokens is long enough for a prefix of the other to count as
/// its truncation: four letters as written ("HASS" for "HASSAN", though its fold "has" is
/// three) and three as folded.
#[inline]
pub(crate) fn truncation_long_enough(a: &Token, b: &Token) -> bool {
    a.text.len().min(b.text.len()) >= 4 && a.fold.len().min(b.fold.len()) >= 3
}

/// Whether one string starts with the other, compared in place (see [`same`]).
#[inline]
pub(crate) fn one_starts_the_other(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len().min(b.len());
    a[..n].iter().zip(&b[..n]).all(|(x, y)| x == y)
}

/// How many letters two ASCII strings have in common, counted with multiplicity (an upper
/// bound: bytes that share their low five bits count as one letter).
fn common_letters(a: &[u8], b: &[u8]) -> usize {
    let mut counts = [0u8; 32];
    for &x in a {
        let slot = &mut counts[usize::from(x & 31)];
        *slot = slot.saturating_add(1);
    }
    let mut c = 0;
    for &y in b {
        let slot = &mut counts[usize::from(y & 31)];
        if *slot > 0 {
            *slot -= 1;
            c += 1;
        }
    }
    c
}

/// Upper bounds of what Jaro-Winkler and the edit-distance similarity can give two tokens'
/// folds, from their lengths and letters alone: Jaro needs matching letters, and an edit
/// script keeps at most the letters both have. `None` when a fold is not ASCII or is empty.
fn similarity_bounds(a: &Token, b: &Token) -> Option<(f64, f64)> {
    let (fa, fb) = (a.fold.as_str(), b.fold.as_str());
    let (x, y) = (fa.as_bytes(), fb.as_bytes());
    let c = match (&a.letters, &b.letters) {
        // Counted when the tokens were made.
        (Some(la), Some(lb)) => la.common(lb),
        _ => {
            if !fa.is_ascii() || !fb.is_ascii() || x.is_empty() || y.is_empty() {
                return None;
            }
            common_letters(x, y)
        }
    } as f64;
    if c == 0.0 {
        return Some((0.0, 0.0));
    }
    let (la, lb) = (x.len() as f64, y.len() as f64);
    let jaro = ((c / la + c / lb + 1.0) / 3.0).min(1.0);
    let prefix = x.iter().zip(y).take(4).take_while(|(p, q)| p == q).count() as f64;
    let jw = jaro + prefix * 0.1 * (1.0 - jaro);
    Some((jw, c / la.max(lb)))
}

/// Whether a token class is compared by its letters (the others have fixed rules).
fn spelled(class: TokenClass) -> bool {
    matches!(
        class,
        TokenClass::Word | TokenClass::Particle | TokenClass::Title | TokenClass::Stop
    )
}

/// What the consonant-skeleton rule of [`token_similarity`] gives two tokens across scripts
/// (their skeletons' edit similarity, capped), or `None` where it does not apply: skeletons
/// carry a match across scripts, but two-consonant skeletons are shared by many unrelated
/// short words, and tokens of very different lengths are not spellings of one another
/// ("sun" / "jianwei").
fn skeleton_rule(a: &Token, b: &Token, cjk: bool) -> Option<f64> {
    let (la, lb) = (a.fold.len(), b.fold.len());
    if a.skeleton.is_empty() || b.skeleton.is_empty() || la.max(lb) > 2 * la.min(lb) {
        return None;
    }
    // Chinese, Korean and Japanese syllables always sound a vowel: a word of three letters
    // or more without one is an abbreviation ("CJNG"), spelled by no run of syllables
    // ("葛晶" ge jing is not the cartel).
    let abbreviation =
        |t: &Token| t.fold.len() >= 3 && !t.fold.bytes().any(|c| b"aeiouy".contains(&c));
    if cjk && (abbreviation(a) || abbreviation(b)) {
        return None;
    }
    let sk = if cjk {
        lev_sim(&a.cjk_skeleton, &b.cjk_skeleton)
    } else {
        // Where vowels go unwritten, the consonants as that script tells them apart.
        lev_sim(&a.skeleton, &b.skeleton).min(fine_similarity(&a.text, &b.text))
    };
    let len = a.skeleton.len().min(b.skeleton.len());
    // A syllable's two consonants alike by class prove little in Chinese, Korean and
    // Japanese comparisons, where every short syllable shares them with many others: they
    // count where the syllables also start with one sound ("bak" / "Pak", "ji" / "Chi"),
    // not "cao" / "Kawa", "zuo mu" / "Husam".
    if cjk && len < 3 && !cjk_initials_agree(&a.text, &b.text) {
        return None;
    }
    let cap = if len >= 3 { 0.92 } else { SHORT_SKELETON_CAP };
    Some(sk * cap)
}

/// The most consonants [`fine_consonants`] keeps of a word (names' words have far fewer).
const FINE_MAX: usize = 24;

/// The consonants of a romanized word as Arabic and Hebrew spellings keep them apart, into
/// `out` (returning how many): `h` kept (ح and ه are consonants, not vowel marks), b/p one,
/// k/q/c one, sh/ch/tch one, kh, th and dh each their own, `v` its own (written ف or as the
/// vowel letter و); vowels, `w`, `y` and a final `h` dropped. A letter doubled is written
/// once ("Mohammed", محمد, with a shadda); a letter repeated with a vowel between is two
/// ("Maamoun", مأمون: m-m-n, not the m-n of "منى" Muna). The consonant classes of
/// [`Token::skeleton`] are coarser (b = f, j = k, h dropped): across scripts they made
/// "jmal" a spelling of "Kamal" and "jburi" one of "Jafari".
fn fine_consonants(text: &str, out: &mut [u8; FINE_MAX]) -> usize {
    let b = text.as_bytes();
    let mut n = 0;
    let mut i = 0;
    // A vowel (or a letter dropped as one) since the last consonant: a consonant written
    // again after it is a second letter, not a doubled one.
    let mut vowel_between = false;
    while i < b.len() && n < FINE_MAX {
        let next = b.get(i + 1).copied();
        let (c, skip) = match (b[i], next) {
            (b's' | b't', Some(b'c' | b's')) if b.get(i + 2) == Some(&b'h') => (b'S', 3),
            (b's' | b'c', Some(b'h')) => (b'S', 2),
            (b'k', Some(b'h')) => (b'x', 2),
            (b't', Some(b'h')) => (b'T', 2),
            (b'd', Some(b'h')) => (b'D', 2),
            (b'g', Some(b'h')) => (b'g', 2),
            (b'p', Some(b'h')) => (b'f', 2),
            (b'z', Some(b'h')) | (b'd', Some(b'j')) => (b'j', 2),
            (b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'w' | b'\'' | b'-', _) => {
                vowel_between = true;
                i += 1;
                continue;
            }
            (b'h', None) => break,
            (b'p', _) => (b'b', 1),
            (b'v', _) => (b'V', 1),
            (b'c' | b'q', _) => (b'k', 1),
            (x, _) => (x, 1),
        };
        if n == 0 || out[n - 1] != c || vowel_between {
            out[n] = c;
            n += 1;
        }
        vowel_between = false;
        i += skip;
    }
    n
}

/// Whether two of [`fine_consonants`]' letters may write one sound across scripts: j/g
/// (Egyptian Gamal), g/k (Gulf Gahtani), s/z, th with t or s (Othman / Osman), dh with d
/// or z, d with z (ض is d in Arabic, z in Persian and Urdu: "ضیا" Zia), kh with h or k, v
/// with f.
fn fine_alike(a: u8, b: u8) -> bool {
    a == b
        || matches!(
            (a.min(b), a.max(b)),
            (b'g', b'j')
                | (b'g', b'k')
                | (b's', b'z')
                | (b'T', b't')
                | (b'T', b's')
                | (b'D', b'd')
                | (b'D', b'z')
                | (b'd', b'z')
                | (b'h', b'x')
                | (b'k', b'x')
                | (b'V', b'f')
        )
}

/// Edit similarity of two words' [`fine_consonants`]: letters [`fine_alike`] says write one
/// sound substitute for free, and a `v` (often written as a vowel letter) costs half an
/// edit to drop. On the stack: this runs for token pairs across scripts.
pub(crate) fn fine_similarity(a: &str, b: &str) -> f64 {
    let (mut x, mut y) = ([0u8; FINE_MAX], [0u8; FINE_MAX]);
    let (nx, ny) = (fine_consonants(a, &mut x), fine_consonants(b, &mut y));
    let max = nx.max(ny);
    if max == 0 {
        return 1.0;
    }
    let indel = |c: u8| if c == b'V' { 0.5 } else { 1.0 };
    let (mut prev, mut cur) = ([0.0f64; FINE_MAX + 1], [0.0f64; FINE_MAX + 1]);
    for j in 1..=ny {
        prev[j] = prev[j - 1] + indel(y[j - 1]);
    }
    for i in 1..=nx {
        cur[0] = prev[0] + indel(x[i - 1]);
        for j in 1..=ny {
            let sub = prev[j - 1]
                + if fine_alike(x[i - 1], y[j - 1]) {
                    0.0
                } else {
                    1.0
                };
            cur[j] = sub
                .min(prev[j] + indel(x[i - 1]))
                .min(cur[j - 1] + indel(y[j - 1]));
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    1.0 - prev[ny] / max as f64
}

/// At least what [`skeleton_rule`] gives two tokens, from the skeletons' lengths alone (an
/// edit script changes at least the difference): most skeleton pairs of unrelated words
/// are ruled out without measuring their distance.
fn skeleton_rule_bound(a: &Token, b: &Token, cjk: bool) -> f64 {
    let (sa, sb) = if cjk {
        (&a.cjk_skeleton, &b.cjk_skeleton)
    } else {
        (&a.skeleton, &b.skeleton)
    };
    if !sa.is_ascii() || !sb.is_ascii() {
        return 1.0;
    }
    let (la, lb) = (sa.len(), sb.len());
    let max = la.max(lb);
    if max == 0 {
        return 1.0;
    }
    let cap = if a.skeleton.len().min(b.skeleton.len()) >= 3 {
        0.92
    } else {
        SHORT_SKELETON_CAP
    };
    (1.0 - la.abs_diff(lb) as f64 / max as f64) * cap
}

/// What a caller already measured of a token pair, so [`similarity`] does not again.
#[derive(Default, Clone, Copy)]
struct AlreadyMeasured {
    /// The folds' Jaro-Winkler.
    jw: Option<f64>,
    /// The skeleton rule's value ([`skeleton_rule`]), where it applies.
    skeleton_rule: Option<f64>,
    /// How alike the pair sounds ([`heard`]), where measured.
    heard: Option<f64>,
}

/// [`token_similarity`] for callers that only care about values of at least `floor`: pairs
/// that provably cannot reach it return 0 without the string distances (most token pairs
/// of two unrelated names). Values ≥ `floor` are exactly `token_similarity`'s.
pub(crate) fn similarity_at_least(
    a: &Token,
    b: &Token,
    consonantal: bool,
    cjk: bool,
    floor: f64,
) -> f64 {
    // A nickname is far from its name by letters, however high the floor.
    if nicknames(a, b) {
        return token_similarity(a, b, consonantal, cjk);
    }
    if spelled(a.class)
        && spelled(b.class)
        && !same_bytes(&a.text, &b.text)
        && !same_bytes(&a.fold, &b.fold)
    {
        let (fa, fb) = (a.fold.as_str(), b.fold.as_str());
        let shortest = fa.len().min(fb.len());
        // Measured once here and handed on (a transcription's sounds are aligned in full).
        let sounds = cjk.then(|| heard(a, b));
        // The rules that lift a score above the string distances need a shared prefix or
        // skeleton (or, across scripts, alike skeletons); without them the distances bound
        // the result.
        let lifted = (truncation_long_enough(a, b) && one_starts_the_other(fa, fb))
            || (same_bytes(&a.skeleton, &b.skeleton)
                && fa.as_bytes().first() == fb.as_bytes().first())
            || one_swap_apart(fa, fb)
            || (cjk && crate::korean::one_surname(&a.text, &b.text))
            || arabic_articles(a, b)
            || sounds.is_some_and(|h| h >= floor);
        let mut known = AlreadyMeasured {
            heard: sounds,
            ..AlreadyMeasured::default()
        };
        if !lifted {
            if let Some((jw_bound, lev_bound)) = similarity_bounds(a, b) {
                // Across scripts the skeleton rule may lift the pair (cheap to measure
                // exactly: the skeletons are short and the distance bit-parallel).
                if (consonantal || cjk) && skeleton_rule_bound(a, b, cjk) >= floor {
                    known.skeleton_rule = skeleton_rule(a, b, cjk);
                    if known.skeleton_rule.is_some_and(|v| v >= floor) {
                        return similarity(a, b, consonantal, cjk, known);
                    }
                }
                // Short tokens score at most their edit similarity (in scripts that write
                // vowels, words whose first sounds no romanization interchanges need
                // `DIFFERENT_START_MIN` or score 0): a higher floor for the bounds below.
                let mut floor = floor;
                if shortest <= 3 && lev_bound < floor {
                    return 0.0;
                }
                if !(consonantal
                    || cjk
                    || interchangeable_initials(fa.as_bytes()[0], fb.as_bytes()[0]))
                {
                    floor = floor.max(DIFFERENT_START_MIN);
                }
                if (jw_bound + lev_bound) / 2.0 < floor {
                    return 0.0;
                }
                // Jaro-Winkler itself is cheap (bit-parallel); with it, the edit distance
                // is often not needed to rule the pair out either.
                let jw = crate::fast::jaro_winkler(fa, fb);
                if (jw + lev_bound) / 2.0 < floor {
                    return 0.0;
                }
                known.jw = Some(jw);
                return similarity(a, b, consonantal, cjk, known);
            }
        }
        return similarity(a, b, consonantal, cjk, known);
    }
    token_similarity(a, b, consonantal, cjk)
}

/// Similarity of two tokens in [0, 1]. `consonantal` says one side came from a script that
/// omits vowels, so consonant skeletons are compared too.
pub fn token_similarity(a: &Token, b: &Token, consonantal: bool, cjk: bool) -> f64 {
    similarity(a, b, consonantal, cjk, AlreadyMeasured::default())
}

/// [`token_similarity`], given what the caller already measured: the similarity as written,
/// or, between a Western word and a run of Chinese or Korean syllables, as heard where that
/// is more (see [`heard`]).
fn similarity(a: &Token, b: &Token, consonantal: bool, cjk: bool, known: AlreadyMeasured) -> f64 {
    let written = similarity_written(a, b, consonantal, cjk, known);
    let s = if cjk {
        written.max(known.heard.unwrap_or_else(|| heard(a, b)))
    } else {
        written
    };
    if nicknames(a, b) {
        s.max(NICKNAME)
    } else {
        s
    }
}

/// What a person's name and a nickname of it score ("Bob" / Robert, "Ted" / Theodore):
/// written apart, one name.
const NICKNAME: f64 = 0.9;

/// Whether two words of people's names are one name as the grouped-name tables give them
/// (rigour's nicknames and one name's spellings, ours of Russian, Ukrainian and Belarusian
/// given names; see `Vocabulary::person_names`).
fn nicknames(a: &Token, b: &Token) -> bool {
    if !(a.grouped_name() && b.grouped_name())
        || a.class != TokenClass::Word
        || b.class != TokenClass::Word
        || a.org_name()
        || b.org_name()
        || same_bytes(&a.text, &b.text)
    {
        return false;
    }
    let names = &interdict_text::vocabulary().person_names;
    match (names.get(a.text.as_str()), names.get(b.text.as_str())) {
        (Some(x), Some(y)) => x.iter().any(|g| y.contains(g)),
        _ => false,
    }
}

/// How alike a Western word and a run of Chinese or Korean syllables glued to spell it
/// sound: a transcription into those scripts writes a name's consonants with syllables of
/// their own ("la fu te" / Rafter, see `transcribed`). Not for a word that is itself pinyin
/// syllables (a Chinese name, compared syllable for syllable by the rules as written), nor
/// between tokens of one script, nor for a word of an organisation's name: a Chinese or
/// Korean firm's name is words of its own language ("瑞丰物" rui feng wu is no YEREVAN), and
/// a Western firm's name written in those scripts is most often translated, not transcribed.
fn heard(a: &Token, b: &Token) -> f64 {
    let (run, word) = if a.syllables() && !b.from_cjk() {
        (a, b)
    } else if b.syllables() && !a.from_cjk() {
        (b, a)
    } else {
        return 0.0;
    };
    if word.class != TokenClass::Word || word.org_name() {
        return 0.0;
    }
    if crate::syllables::whole(&word.text) {
        return 0.0;
    }
    crate::transcribed::similarity(&run.text, run.han(), &word.text)
}

/// The similarity of two tokens as written (see [`similarity`]).
fn similarity_written(
    a: &Token,
    b: &Token,
    consonantal: bool,
    cjk: bool,
    known: AlreadyMeasured,
) -> f64 {
    use TokenClass::*;
    match (a.class, b.class) {
        (LegalForm, LegalForm) | (Symbol, Symbol) => {
            return if same_bytes(&a.text, &b.text) {
                1.0
            } else {
                0.5
            };
        }
        (LegalForm, _) | (_, LegalForm) | (Symbol, _) | (_, Symbol) => return 0.0,
        (Number, Number) => {
            return if same_bytes(&a.text, &b.text) {
                1.0
            } else {
                0.0
            }
        }
        (Number, _) | (_, Number) => return 0.0,
        (Initial, _) | (_, Initial) => {
            return if a.text.chars().next() == b.text.chars().next() {
                if a.text.len() == b.text.len() {
                    1.0
                } else {
                    0.8
                }
            } else {
                0.0
            };
        }
        _ => {}
    }
    if same_bytes(&a.text, &b.text) {
        return 1.0;
    }
    if same_bytes(&a.fold, &b.fold) {
        return 0.97;
    }
    if arabic_articles(a, b) {
        return ARTICLE;
    }
    // Chinese characters on both sides are compared by their readings: two that sound
    // nearly alike are two characters (天 tian / 連 lian), not one written two ways.
    if a.han() && b.han() {
        return 0.0;
    }
    // A Korean surname spelt as another romanization writes it ("i" / "Lee", "bag" /
    // "Park"): far apart as letters, one name.
    if cjk && crate::korean::one_surname(&a.text, &b.text) {
        return 0.97;
    }
    // A syllable read from Hangul is exactly the one Korean writes: where it is one
    // syllable of the surname table and the other word a spelling of another, and of no
    // spelling of its own ("조" jo / "CHOE", "원" won / "SON"), they are two names however
    // few letters apart.
    if cjk && (a.hangul() || b.hangul()) && crate::korean::two_surnames(&a.text, &b.text) {
        return 0.0;
    }
    // A particle is a particle: "al" is not a spelling of "Ali".
    if (a.class == Particle) != (b.class == Particle) {
        return 0.0;
    }
    let (fa, fb) = (a.fold.as_str(), b.fold.as_str());
    let jw = known
        .jw
        .unwrap_or_else(|| crate::fast::jaro_winkler(fa, fb));
    // Below 0.3 Jaro-Winkler the average cannot reach the pairing floor: skip the edit
    // distance (the rules below may still raise the similarity).
    let lev = if jw < 0.3 { 0.0 } else { lev_sim(fa, fb) };
    let mut sim = (jw + lev) / 2.0;
    // Short tokens: one letter changes a lot ("ali" / "eli" are different names).
    let shortest = fa.len().min(fb.len());
    if shortest <= 3 {
        sim = sim.min(lev);
    }
    // Truncations and nicknames written as prefixes ("Kakha" / "Kakhaber"); in a listed
    // organisation's name only the customer's word may be the shorter: "SOFTLINE" does not
    // shorten to the "SOFT" of "RED SOFT", while a customer's "RADIO" may be a cut-short
    // "RADIOTEKHNIKA". Not between a Chinese, Korean or Japanese syllable and a word: a
    // syllable is whole, and "jing" (晶) is not a cut-short "Jingfeng".
    if truncation_long_enough(a, b)
        && one_starts_the_other(fa, fb)
        && (fa.len() <= fb.len() || !b.org_name())
        && !cjk
    {
        sim = sim.max(0.85);
    }
    // Two neighbouring letters swapped is one slip of the fingers, wherever it falls
    // ("ONVYI" / NOVYI), though the edit distance counts two.
    if one_swap_apart(fa, fb) {
        sim = sim.max(SWAPPED);
    }
    // Vowel-only differences (Muhammad / Mohammed, Yusuf / Yousef): same consonants, same
    // first letter. In a script that writes vowels the consonants must be the same letters,
    // not only of the same classes: "Anchor" / "Ansaru" and "Rachel" / "Russel" share
    // the skeleton n-s-r / r-s-l and nothing a romanization would change; and vowels
    // spelt otherwise, not added: within two letters of each other ("Granit" is no
    // "Garantiya", "Vektor" no "Viktoriya").
    if same_bytes(&a.skeleton, &b.skeleton)
        && a.skeleton.len() >= 2
        && fa.chars().next() == fb.chars().next()
        && (cjk
            || (consonantal && fine_similarity(&a.text, &b.text) >= 1.0)
            || (same_consonants(fa, fb) && a.text.len().abs_diff(b.text.len()) <= 2))
    {
        sim = sim.max(if a.skeleton.len() >= 3 { 0.88 } else { 0.82 });
    }
    // Across scripts, consonant skeletons carry a match (see `skeleton_rule`); where vowels
    // go unwritten, only between spellings that have something in common beyond their
    // consonant classes ("khtib" / "qaddafi" share k-t-b classes and little else).
    // In CJK comparisons, tokens longer than a syllable or two (glued runs, transcribed
    // Western names) need the same: "la fu te" glued is a spelling of "rafter", while "xie shi
    // han" glued shares only consonant classes with "Ghassan".
    let cjk_lift = cjk && (fa.len().max(fb.len()) <= 5 || sim >= SKELETON_DIRECT_MIN);
    if cjk_lift || (consonantal && sim >= SKELETON_DIRECT_MIN) {
        if let Some(sk) = known.skeleton_rule.or_else(|| skeleton_rule(a, b, cjk)) {
            sim = sim.max(sk);
        }
    }
    // Chinese, Japanese and Korean names are built from a few hundred syllables, so two
    // unrelated ones are often a letter or a consonant class apart ("tang" / "ding", "dong" /
    // "tang"): two near syllables count only where romanizations could write one sound, with
    // the same first vowel or one they swap (tung / dong, ko / ge, yi / ye, rei / ray, eun /
    // un; e / u only where neither is a Chinese character's reading). Longer tokens (glued
    // syllables, transcribed Western names) are left to the rules above.
    let han = a.han() || b.han();
    if cjk && sim < 0.97 && fa.len().max(fb.len()) <= 5 && !cjk_vowels_agree(fa, fb, han) {
        return 0.0;
    }
    // A Chinese character is one syllable: a name written in them and a word written in
    // pinyin are one name only syllable for syllable ("颖" ying is no "Yunxia", "志强" zhi
    // qiang no "Sixing"), each pair alike as the rule above has it.
    if cjk
        && sim > 0.0
        && a.han() != b.han()
        && crate::syllables::may_spell_one_run(&a.text, &b.text, |p, q| {
            cjk_initials_agree(p, q) && cjk_vowels_agree(p, q, true)
        }) == Some(false)
    {
        return 0.0;
    }
    // Loose resemblance between words whose first sounds no romanization interchanges is
    // chance ("clark" / "mark", "patricia" / "garcia"), in scripts that write vowels.
    if !(consonantal || cjk) && sim < DIFFERENT_START_MIN {
        if let (Some(&x), Some(&y)) = (fa.as_bytes().first(), fb.as_bytes().first()) {
            if !interchangeable_initials(x, y) {
                return 0.0;
            }
        }
    }
    sim
}

/// Whether two folds have the same consonants as written (vowels, `h`, `w`, `v` and `y`
/// dropped, doubled letters written once): "Mohammed" / "Muhammad", "Fawzi" / "Fauzi",
/// but not "Anchor" / "Ansaru", whose consonants only fall in the same classes. Compared
/// in place, without allocating.
fn same_consonants(a: &str, b: &str) -> bool {
    fn consonants(s: &str) -> impl Iterator<Item = u8> + '_ {
        let mut last = 0u8;
        s.bytes()
            .filter(|c| !b"aeiouyhwv".contains(c))
            .filter(move |&c| std::mem::replace(&mut last, c) != c)
    }
    consonants(a).eq(consonants(b))
}

/// The Arabic article as names write it: "al", "el", "ul" (as Urdu and Persian names
/// write it), and assimilated to the consonant after it ("ad-Din", "ar-Rahman", "as-Sayf",
/// "ash-Shabaab", "at-Tawhid", "az-Zawahiri", "an-Nur"), with "u" ("ud-Din", "ur-Rahman").
const ARTICLE_FORMS: &[&str] = &[
    "al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "an", "ud", "ur", "ut",
];

/// What one Arabic article written two ways scores.
const ARTICLE: f64 = 0.9;

/// Whether two tokens of one class are the Arabic article written two ways ("ANSAR
/// UL-DINE" / "ANSAR AL-DINE", "JAISH UL-ADL" / "JAYSH AL-ADL"): as far apart as letters go
/// in two letters, one word.
fn arabic_articles(a: &Token, b: &Token) -> bool {
    a.class == b.class
        && a.text.len() <= 3
        && b.text.len() <= 3
        && !same_bytes(&a.text, &b.text)
        && ARTICLE_FORMS.contains(&a.text.as_str())
        && ARTICLE_FORMS.contains(&b.text.as_str())
}

/// What two words one swap of neighbouring letters apart score at least.
const SWAPPED: f64 = 0.88;

/// Whether two words of four letters or more differ only by two neighbouring letters
/// swapped ("onvi" / "novi").
fn one_swap_apart(a: &str, b: &str) -> bool {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if x.len() != y.len() || x.len() < 4 {
        return false;
    }
    let Some(i) = x.iter().zip(y).position(|(p, q)| p != q) else {
        return false;
    };
    i + 1 < x.len() && x[i] == y[i + 1] && x[i + 1] == y[i] && x[i + 2..] == y[i + 2..]
}

/// Whether two romanized syllables start with consonants romanizations of Chinese, Korean
/// and Japanese write for one sound: b/p, d/t, g/k, the affricates j/ch/zh/q/c/z/ts, the
/// sibilants x/s/sh/hs, l/r/n, or both with a vowel, y or w.
fn cjk_initials_agree(a: &str, b: &str) -> bool {
    fn class(s: &str) -> u8 {
        let b = s.as_bytes();
        match b.first() {
            None => 0,
            Some(b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'w') => 1,
            Some(b'b' | b'p' | b'f' | b'v') => 2,
            Some(b'd' | b't') if b.get(1) != Some(&b's') => 3,
            Some(b'g' | b'k') => 4,
            Some(b'x' | b's') => 5,
            Some(b'h') if b.get(1) == Some(&b's') => 5,
            Some(b'j' | b'q' | b'c' | b'z' | b't') => 6,
            Some(b'l' | b'r' | b'n') => 7,
            Some(&c) => c,
        }
    }
    class(a) == class(b)
}

/// Whether two romanized syllables (or runs of them) start with vowels that romanizations
/// of one sound may write: the same vowel, or o/u, e/o, e/i, a/e, and e/u (Korean eo / ŏ
/// and eu / ŭ: "Jeong" / "Jong", "Eun" / "Un") — but e/u not where one is the reading of a
/// Chinese character (`han`): no romanization of Chinese writes one for the other, and
/// "娟" juan is no "Chen", "郭" guo no "Ke". (Cantonese "Yee" for 余 yu is the cost.)
fn cjk_vowels_agree(a: &str, b: &str, han: bool) -> bool {
    let first = |s: &str| s.bytes().find(|c| b"aeiou".contains(c));
    match (first(a), first(b)) {
        (Some(x), Some(y)) => {
            x == y
                || matches!(
                    (x.min(y), x.max(y)),
                    (b'o', b'u') | (b'e', b'o') | (b'e', b'i') | (b'a', b'e')
                )
                || (!han && (x.min(y), x.max(y)) == (b'e', b'u'))
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vowel_spellings_keep_their_consonants() {
        assert!(same_consonants("mohamad", "muhamad"));
        assert!(same_consonants("fuzi", "favzi"));
        assert!(same_consonants("iusuf", "iusef"));
        assert!(!same_consonants("anchor", "ansaru"));
        assert!(!same_consonants("rachel", "rusel"));
        // In one script, a shared consonant-class skeleton alone lifts nothing.
        let p = crate::names::prepare("Anchor Ansaru", crate::names::NameKindHint::Person);
        assert_eq!(p.tokens[0].skeleton, p.tokens[1].skeleton);
        assert!(token_similarity(&p.tokens[0], &p.tokens[1], false, false) < 0.7);
        let p = crate::names::prepare("Mohammed Muhammad", crate::names::NameKindHint::Person);
        assert!(token_similarity(&p.tokens[0], &p.tokens[1], false, false) >= 0.88);
        // Vowels added, not spelt otherwise: another word (0.88 before).
        for pair in ["GRANIT GARANTIYA", "VEKTOR VIKTORIYA"] {
            let p = crate::names::prepare(pair, crate::names::NameKindHint::Organization);
            assert!(
                token_similarity(&p.tokens[0], &p.tokens[1], false, false) < 0.8,
                "{pair}"
            );
        }
    }

    #[test]
    fn across_scripts_consonants_arabic_tells_apart_stay_apart() {
        use crate::names::{prepare, NameKindHint};
        let sim = |arabic: &str, latin: &str| {
            let (a, l) = (
                prepare(arabic, NameKindHint::Person),
                prepare(latin, NameKindHint::Person),
            );
            token_similarity(&a.tokens[0], &l.tokens[0], true, false)
        };
        // ج is not ك, ب is not ف, ح is a consonant: different names, though their
        // consonant classes agree (j = k, b = f, h dropped).
        for (a, l) in [
            ("جمال", "Kamal"),
            ("الجبوري", "Jafari"),
            ("حمدان", "Madani"),
        ] {
            assert!(sim(a, l) < 0.75, "{a} / {l}: {}", sim(a, l));
        }
        // Spellings of one name keep their lift: vowels unwritten, j / g, q / g, v written ف.
        for (a, l) in [
            ("محمد", "Mohammed"),
            ("حسن", "Hassan"),
            ("جمال", "Gamal"),
            ("قحطاني", "Gahtani"),
            ("ليفو", "Leivo"),
        ] {
            assert!(sim(a, l) >= 0.8, "{a} / {l}: {}", sim(a, l));
        }
        assert_eq!(fine_similarity("hsn", "hassan"), 1.0);
        assert!(fine_similarity("jmal", "kamal") < 0.7);
        // A doubled letter is one (a shadda), a letter repeated across a vowel two.
        assert_eq!(fine_similarity("mhmd", "muhammad"), 1.0);
        assert!(fine_similarity("mna", "maamoun") < 0.7);
        assert_eq!(fine_similarity("mamun", "maamoun"), 1.0);
    }

    #[test]
    fn neighbouring_letters_swapped_are_one_slip() {
        assert!(one_swap_apart("onvi", "novi"));
        assert!(one_swap_apart("gazprmo", "gazprom"));
        assert!(!one_swap_apart("novi", "novi"));
        assert!(!one_swap_apart("onvi", "novo"));
        assert!(!one_swap_apart("abc", "bac"));
        assert!(!one_swap_apart("abcd", "badc"));
        let p = crate::names::prepare("ONVYI NOVYI", crate::names::NameKindHint::Organization);
        let sim = token_similarity(&p.tokens[0], &p.tokens[1], false, false);
        assert!(sim >= SWAPPED, "{sim}");
        // Bounded as measured (the bounds alone would rule the pair out).
        assert_eq!(
            similarity_at_least(&p.tokens[0], &p.tokens[1], false, false, 0.65),
            sim
        );
    }

    #[test]
    fn counted_letters_give_the_common_letters() {
        use crate::names::LetterCounts;
        assert!(LetterCounts::of("").is_none());
        assert!(LetterCounts::of("ñandu").is_none());
        assert!(LetterCounts::of(&"a".repeat(16)).is_none());
        assert!(LetterCounts::of(&"a".repeat(15)).is_some());
        // Random strings over letters, digits and signs that share low five bits.
        let alphabet = b"abcdefghijklmnopqrstuvwxyz0123456789-!aeiou";
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut strings: Vec<String> = vec!["a".repeat(15), "aaab".into(), "baaa".into()];
        for _ in 0..300 {
            let len = 1 + (next() % 14) as usize;
            strings.push(
                (0..len)
                    .map(|_| char::from(alphabet[(next() % alphabet.len() as u64) as usize]))
                    .collect(),
            );
        }
        for a in &strings {
            for b in &strings {
                let (x, y) = (LetterCounts::of(a).unwrap(), LetterCounts::of(b).unwrap());
                assert_eq!(
                    x.common(&y),
                    common_letters(a.as_bytes(), b.as_bytes()),
                    "{a} / {b}"
                );
            }
        }
    }
}
