//! Comparing two prepared names: best-pair alignment of their tokens (alike as `similarity`
//! measures, weighted as `weights` says), and the special cases (glued or split tokens, acronyms,
//! numbers) that token alignment alone gets wrong.

use crate::names::{PreparedName, Token, TokenClass};
pub use crate::similarity::token_similarity;
use crate::similarity::{lev_sim, same_bytes, similarity_at_least};
pub use crate::weights::{token_weight, TokenStats};
use serde::Serialize;

/// One aligned token pair in an explanation.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TokenPair {
    /// Query token (romanized).
    pub query: String,
    /// Listed token (romanized).
    pub candidate: String,
    /// Their similarity.
    pub similarity: f64,
}

/// The result of comparing two names.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NameComparison {
    /// Score in [0, 1].
    pub score: f64,
    /// Aligned token pairs.
    pub pairs: Vec<TokenPair>,
    /// Query tokens left unmatched.
    pub unmatched_query: Vec<String>,
    /// Listed tokens left unmatched.
    pub unmatched_candidate: Vec<String>,
    /// Which rule produced the score: "tokens", "compact", "acronym", "exact".
    pub method: &'static str,
}

/// How a name comparison's score came about, as the caps read it: how many name words were
/// paired exactly or only nearly, and whether each name kept a word of its own. Two names
/// scoring 0.8 are not equally good evidence: "Ravi Kumar" / "Ravi SHETTUGAR" share one word
/// and each has another, "Vladimir Putin" / "Vladimir Poutine" share every word.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct NameShape {
    /// Both names have a name word the other lacks: two names sharing a part, not one name
    /// inside the other. A query's word paired only with an initial of the listed name is
    /// one it lacks ("Jan Werner" / WERNER J. BRUCHHAUSEN: the J. confirms no Jan).
    pub both_left: bool,
    /// Paired name words that are not spelled the same.
    pub fuzzy_pairs: u8,
    /// Paired name words spelled the same.
    pub exact_words: u8,
    /// Paired name words neither of which is a common given name or surname.
    pub distinctive_pairs: u8,
    /// Paired name words not spelled the same whose consonants differ too (not a vowel
    /// spelling: "Mushir" / "Moshir" keeps them, "Serrano" / "Seraj" does not).
    pub consonant_changes: u8,
    /// The score came from a whole-name rule (glued letters, consonant skeleton, acronym)
    /// rather than from the token pairs.
    pub whole_name: bool,
    /// The listed name has a word the query lacks that is not a common given name or
    /// surname: its distinctive part is missing from the query.
    pub listed_distinctive_left: bool,
    /// Paired name words that only look alike: below [`LOOKALIKE_PAIR`] in one script that
    /// writes vowels, below [`LOOKALIKE_PAIR_LOOSE`] across scripts or where vowels go
    /// unwritten.
    pub lookalike_pairs: u8,
    /// Either name has a name word the other lacks.
    pub words_left: bool,
    /// The names share one word and each has a name word the lists know, or an
    /// organisation word, the other lacks ("VOLGA TRADE" / "VOLGA GROUP"); or the two are
    /// registered as different kinds of firm and the customer's name goes on past the shared
    /// word ("ЗАО Ладога Энерго" / "LADOGA OOO"; see `registered_apart`). Measured only
    /// where they share one word.
    pub both_generic_left: bool,
    /// Either name has a name word the other lacks that is not a patronymic: more than
    /// "Alekseyevich" left off.
    pub names_left: bool,
    /// Either name has an organisation word ("Trading", "Service", "Holding") the other
    /// lacks.
    pub symbols_left: bool,
    /// In an Arabic-script query of three name words or more, whose first is the person's
    /// own name (a chain: the person's, the father's, the grandfather's…), that first word is
    /// not a common name and has no counterpart, while every name word of the listed name
    /// has one: "قصي صدام حسين التكريتي" (Qusay, son of Saddam Hussein) against "SADDAM
    /// HUSSEIN AL-TIKRITI", his father. (Names written surname first with a comma, and
    /// common first names such as "Muhammad" often left out, are not read so.) Or, common
    /// or not, the listed name's first name word is all it leaves while every other word of
    /// both names pairs: the same chain after two first names, a brother's ("قصي صدام حسين
    /// التكريتي", Qusay, against "علي صدام حسين التكريتي", Ali, son of Saddam Hussein).
    pub first_word_extra: bool,
    /// The names share one word and the query has a word of its own that is a name's: one
    /// the lists know as a word of names, or, where every token of the listed name is
    /// paired (no legal form or organisation word of its own left for a garbled word to
    /// spell), any word of five letters or more ("KARADENIZ MAKINA A.Ş." / MAKIN), or,
    /// where the query has a legal form the listed name does not share, any word of three
    /// letters or more ("EGE MAKINA LTD. ŞTI." / MAKIN). Measured only where they share one
    /// word.
    pub query_known_left: bool,
}

/// The most a whole-name consonant-skeleton match can score (it ignores every vowel).
const SKELETON_CAP: f64 = 0.85;
/// One word against one word: scores are rescaled so that this similarity maps to 0.
const SINGLE_FLOOR: f64 = 0.3;
/// Raw Jaro-Winkler below which a glued run is not even prepared for comparison (well under
/// what [`GLUE_MIN`] needs, so no run that could pass is skipped in practice).
const GLUE_PRECHECK: f64 = 0.6;
/// How close a glued run of tokens must be to the token it spells.
const GLUE_MIN: f64 = 0.75;
/// Minimum similarity for two tokens to be paired at all.
const PAIR_MIN: f64 = 0.65;
/// Weight of unmatched query tokens (the customer's name has parts the listed one lacks)
/// when the listed name also has parts the customer's lacks: two different names that share
/// some parts ("ABDUL BASIR HAQQANI" / "ABDUL BASIR NOORZAI").
const UNMATCHED_QUERY: f64 = 0.8;
/// Weight of unmatched listed tokens in the same situation.
const UNMATCHED_CANDIDATE: f64 = 0.7;
/// Weight of unmatched tokens when only one side has any: one name contains the other
/// (a missing middle name or patronymic, an extra legal-form word).
const UNMATCHED_CONTAINED: f64 = 0.2;
/// The factor on a name score where, in one script that writes vowels, no word of either
/// name is spelled as in the other.
const ALL_NEAR: f64 = 0.9;
/// Word-pair similarity below which, in one script, a pair is credited less than its
/// similarity (see `pair_credit`).
const CREDIT_KNEE: f64 = 0.9;
/// How fast credit falls below [`CREDIT_KNEE`]: 0.8 counts 0.7, 0.7 counts 0.5.
const CREDIT_SLOPE: f64 = 1.0;
/// Below this, in one script, two paired words only look alike ("Tong" / "Rong" 0.79,
/// "Hassan" / "Haddad" 0.69): spellings of one name are closer ("Yelena" / "Elena").
pub(crate) const LOOKALIKE_PAIR: f64 = 0.8;
/// The same across scripts and where vowels go unwritten, whose spellings of one name
/// spread lower ("hmdan" / "Hamdan" 0.92, but "hmdan" / "Hassan" 0.68, "cai" / "Lai" 0.67).
pub(crate) const LOOKALIKE_PAIR_LOOSE: f64 = 0.75;
/// Unmatched weight below this on one side counts as "nothing left over" there.
const LEFTOVER_MIN: f64 = 0.25;

/// Whether a romanized word looks like a patronymic (Alekseyevich, Ivanovna, Ivanovych,
/// Aliyev oglu, kyzy): formed from a given name, it is no more distinctive than that name.
fn patronymic(text: &str) -> bool {
    ["vich", "vych", "vna", "ogly", "oglu", "kyzy", "qizi"]
        .iter()
        .any(|s| text.len() > s.len() + 2 && text.ends_with(s))
}

/// Whether a romanized word has the form of an East Slavic surname built from a name
/// (Borisova, Alekseev, Ilyin): what a patronymic from the same name is not.
fn slavic_surname(text: &str) -> bool {
    ["ov", "ova", "ev", "eva", "yov", "yova", "in", "ina"]
        .iter()
        .any(|s| text.len() > s.len() + 2 && text.ends_with(s))
}

/// An acronym on one side spelling the other side's word initials: "IARA" / "Islamic African
/// Relief Agency".
fn acronym_match(short: &PreparedName, long: &PreparedName) -> bool {
    let (Some(acr), Some((all, no_stop))) = (&short.single_token, &long.initials) else {
        return false;
    };
    (3..=8).contains(&acr.len())
        && !acr.chars().any(|c| c.is_ascii_digit())
        && (all == acr || no_stop == acr)
}

/// Whether a customer's word paired with a longer word of a listed organisation's name only
/// as its start is out of place for a name cut short: a name is cut at its end, so the
/// listed word a cut word stands for has no paired word after it. In "СЕВЕР ТРАНС" /
/// "TRANSNEFT-SEVER" the "TRANS" would be a cut "TRANSNEFT" followed by a "SEVER" already
/// met: two firms sharing the word "SEVER", not one name cut short. Legal forms and
/// organisation words may follow it (they are written anywhere), and one letter short is a
/// slip of the pen wherever it is ("NOVY" / "NOVYE"), and a listed word that is the
/// customer's with an English ending that makes an adjective or a plural of it (see
/// [`english_derivation`]) is that word, not a cut one ("ISLAMIC REVOLUTION GUARDS CORPS" /
/// ISLAMIC REVOLUTIONARY GUARD CORPS). Pairs are taken best first, so the exact pairs after
/// it are known when such a pair is weighed.
fn cut_short_out_of_place(
    q: &Token,
    c: &Token,
    similarity: f64,
    after: &[Token],
    used_after: &[bool],
) -> bool {
    similarity < 0.9
        && c.org_name()
        && q.fold.len() + 2 <= c.fold.len()
        && crate::similarity::one_starts_the_other(&q.fold, &c.fold)
        && !english_derivation(&q.text, &c.text)
        && after.iter().zip(used_after).any(|(t, &u)| u && content(t))
}

/// Whether `long` is `short` with an English ending that makes an adjective, a noun of a
/// people or a doctrine, or a plural of it: "revolution" / "revolutionary", "islam" /
/// "islamic", "indonesia" / "indonesian", "national" / "nationalist". ("TRANS" is no
/// "TRANSNEFT": "neft" is no such ending.)
fn english_derivation(short: &str, long: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "ary", "ian", "an", "ic", "ical", "al", "ese", "ist", "ists", "ism", "es",
    ];
    long.len() > short.len() && long.starts_with(short) && ENDINGS.contains(&&long[short.len()..])
}

/// Whether two words paired across Arabic script are spelled alike only in letters: a
/// third or more of the consonants Arabic writes apart differ ("سارة" sara / "Osama": s-r /
/// s-m; "هشام" hsham / "Issam": h-sh-m / s-m), so they are different names however near
/// their letters look. Words spelled the same, and the other token classes, are left as
/// measured. (Hebrew writes one letter for b/v, p/f and s/sh: its words are not held to
/// these consonants.)
fn consonants_apart(a: &Token, b: &Token, similarity: f64) -> bool {
    similarity < 0.97
        && a.class == TokenClass::Word
        && b.class == TokenClass::Word
        && crate::similarity::fine_similarity(&a.text, &b.text) < CONSONANTS_ALIKE
}

/// The share of consonants (see [`consonants_apart`]) two words paired across Arabic
/// script must have in common.
const CONSONANTS_ALIKE: f64 = 0.67;

/// How alike the written consonants of the words two names leave unpaired must be (see
/// [`leftovers_unalike`]).
const LEFTOVER_CONSONANTS_MIN: f64 = 0.5;

/// Whether, across Arabic script, the words each name leaves unpaired are different words by
/// the consonants Arabic script writes: under half of them alike, in order or in any order
/// (a name split or glued differently leaves "امین الله" amin allh against "AMINULLAH",
/// whose consonants agree; "عادل" aadl against "Saleh" leaves d-l against s-l-h). A latin
/// `c` writes k. Where either name leaves no word, nothing is said.
fn leftovers_unalike(q: &[Token], used_q: &[bool], c: &[Token], used_c: &[bool]) -> bool {
    let left = |ts: &[Token], used: &[bool]| {
        let mut k = String::new();
        for (t, &u) in ts.iter().zip(used) {
            if !u && t.class == TokenClass::Word {
                k.push_str(&t.text);
            }
        }
        crate::common::abjad_consonants(&k.replace('c', "k"))
    };
    let (a, b) = (left(q, used_q), left(c, used_c));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    consonants_alike(&a, &b) < LEFTOVER_CONSONANTS_MIN
}

/// How alike two runs of consonants are, in order or in any order (a name split or glued
/// otherwise writes its words' consonants in another order).
fn consonants_alike(a: &str, b: &str) -> f64 {
    let sorted = |k: &str| {
        let mut v: Vec<char> = k.chars().collect();
        v.sort_unstable();
        v.into_iter().collect::<String>()
    };
    lev_sim(a, b).max(lev_sim(&sorted(a), &sorted(b)))
}

/// Whether, across Hebrew script, the words each name leaves unpaired are different words by
/// the consonants Hebrew writes (see [`hebrew_consonants`]): under half of them alike, in
/// order or in any order. "גרהאם ברודבנט" (Graham, g-r-m) is not "Jim BROADBENT" (j-m),
/// though the whole names' consonants nearly agree; "ג'וזפה" (j-z-p) is Giuseppe. Where
/// either name leaves no word, nothing is said.
fn hebrew_leftovers_unalike(
    q: &[Token],
    used_q: &[bool],
    c: &[Token],
    used_c: &[bool],
    q_hebrew: bool,
) -> bool {
    let left = |ts: &[Token], used: &[bool], latin: Option<LatinReading>| {
        let mut k = String::new();
        for (t, &u) in ts.iter().zip(used) {
            if !u && t.class == TokenClass::Word {
                hebrew_consonants(&t.text, latin, &mut k);
            }
        }
        k
    };
    let mut best: Option<f64> = None;
    for v_as_b in [false, true] {
        for soft_g_as_j in [false, true] {
            let reading = Some(LatinReading {
                v_as_b,
                soft_g_as_j,
            });
            let (qr, cr) = if q_hebrew {
                (None, reading)
            } else {
                (reading, None)
            };
            let (a, b) = (left(q, used_q, qr), left(c, used_c, cr));
            if a.is_empty() || b.is_empty() {
                continue;
            }
            let s = consonants_alike(&a, &b);
            best = Some(best.map_or(s, |b| b.max(s)));
        }
    }
    best.is_some_and(|s| s < LEFTOVER_CONSONANTS_MIN)
}

/// How a Latin spelling's ambiguous letters are read against Hebrew script (see
/// [`hebrew_consonants`]): each reading is tried.
#[derive(Clone, Copy)]
struct LatinReading {
    /// A `v` written as ב, b ("Bečirović", בצ'ירוביץ'), not as the vowel letter ו (David, דוד).
    v_as_b: bool,
    /// A `g` before e, i or y as ג', j ("Giuseppe", ג'וזפה), not as ג, g ("Georg", גיאורג).
    soft_g_as_j: bool,
}

/// The consonants of a romanized word as Hebrew writes them, into `out`: one letter per
/// sound class (f = p, z = s, q = c = k, sh = s, kh = k, ts = s), vowels, `h`, `w` and the
/// vowel letter `v` (ו) dropped, a letter doubled written once. `latin`: the word is a
/// spelling in a script that writes vowels, read as given (`None`: romanized from Hebrew).
fn hebrew_consonants(word: &str, latin: Option<LatinReading>, out: &mut String) {
    let b = word.as_bytes();
    let mut i = 0;
    let mut last = 0u8;
    while i < b.len() {
        let (c, next) = (b[i], b.get(i + 1).copied().unwrap_or(0));
        let soft = matches!(next, b'e' | b'i' | b'y');
        let (sound, width) = match (c, latin) {
            (b's', _) if next == b'h' => (b's', 2),
            (b'k', _) if next == b'h' => (b'k', 2),
            (b'p', _) if next == b'h' => (b'p', 2),
            (b't', _) if next == b'h' => (b't', 2),
            (b'z', _) if next == b'h' => (b'j', 2),
            (b'c', _) if next == b'h' => (b'c', 2),
            (b'c', _) if next == b'k' => (b'k', 2),
            (b't', _) if matches!(next, b's' | b'z') => (b's', 2),
            (b'c', Some(_)) if soft => (b's', 1),
            (b'g', Some(r)) if soft && r.soft_g_as_j => (b'j', 1),
            (b'v', Some(r)) if r.v_as_b => (b'b', 1),
            (b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'w' | b'v' | b'h', _) => (0, 1),
            (b'f', _) => (b'p', 1),
            (b'c' | b'q' | b'x', _) => (b'k', 1),
            (b'z', _) => (b's', 1),
            (c, _) if c.is_ascii_lowercase() => (c, 1),
            _ => (0, 1),
        };
        if sound != 0 && sound != last {
            out.push(char::from(sound));
            last = sound;
        }
        i += width;
    }
}

/// The kind of firm a legal-form class registers, where it says one: limited liability
/// (an LLC, and an LLP, as Kazakhstan's ТОО is written in English), joint-stock, sole
/// proprietor, partnership, cooperative. State enterprises, foundations and the like say
/// who owns or what the body is for, and firms change between them and the kinds above
/// (an ФГУП becomes an АО): they say nothing here.
fn registration_kind(class: &str) -> Option<u8> {
    match class {
        "llc" | "llp" => Some(0),
        "jsc" => Some(1),
        "sp" => Some(2),
        "lp" | "gp" => Some(3),
        "coop" => Some(4),
        _ => None,
    }
}

/// Whether a customer's firm and a listed one sharing one word are registered as different
/// kinds of firm, and the customer's name goes on past that word with a word of its own:
/// "ЗАО Ладога Энерго" (a joint-stock company named Ladoga Energo) and "LADOGA OOO" (a
/// limited liability company named Ladoga), "IP ALFA AGRO" (a sole proprietor) and "ALFA
/// LIMITED LIABILITY COMPANY". Two firms, as "VOLGA TRADE" and "VOLGA GROUP" are (see
/// `NameShape::both_generic_left`). No legal form of the customer's may pair with one of
/// the listed name's, each must state a kind (see [`registration_kind`]), none in common.
/// The word that goes on is an organisation word ("ЗАО АЛЬФА ТРЕЙД") or a word of three
/// letters or more that is not a piece of a legal-form phrase (in "GAZPROMBANK JOINT STOCK
/// COMPANI" the garbled legal form is read as another kind, "JOINT" going on past the
/// name). A name that only adds words before the shared one ("NK LUKOIL OOO", an oil
/// company named Lukoil, against "LUKOIL OAO"), or adds none ("AO LADOGA" against "LADOGA
/// OOO", the same firm reregistered), is not read so.
fn registered_apart(q: &[Token], used_q: &[bool], c: &[Token]) -> bool {
    let kinds = |ts: &[Token]| {
        ts.iter()
            .filter(|t| t.class == TokenClass::LegalForm)
            .filter_map(|t| registration_kind(&t.text))
            .fold(0u8, |k, kind| k | 1 << kind)
    };
    let (kq, kc) = (kinds(q), kinds(c));
    if kq == 0 || kc == 0 || kq & kc != 0 {
        return false;
    }
    let form_paired = q
        .iter()
        .zip(used_q)
        .any(|(t, u)| *u && t.class == TokenClass::LegalForm);
    let goes_on = |t: &Token| {
        t.class == TokenClass::Symbol
            || (t.class == TokenClass::Word
                && t.text.len() >= 3
                && !crate::noise::legal_form_word(&t.text))
    };
    !form_paired
        && q.windows(2)
            .zip(used_q.windows(2))
            .any(|(t, u)| u[0] && !u[1] && content(&t[0]) && goes_on(&t[1]))
}

/// Whether, across Arabic script, each name leaves exactly one word unpaired and the two
/// are different given names of the Arab countries and Iran (see
/// `common::known_given_name_key`): keyed apart, their consonants unalike (see
/// [`consonants_apart`]), and neither's written consonants beginning the other's (a name
/// cut short, "AL-HAM" of "AL-HAMZI", is that name). "رنا عثمان" (Rana) is not "Razan
/// OTHMAN", nor "عمر سليمان" (Omar) "Maher SULAIMAN". A word the tables do not know as a
/// given name (a Western name transcribed, "دكو" Doku) says nothing, nor do two whose
/// written consonants agree ("منى" mn, Muna, and Maamoun, m-m-n written once).
fn known_names_apart(q: &[Token], used_q: &[bool], c: &[Token], used_c: &[bool]) -> bool {
    fn one<'a>(ts: &'a [Token], used: &[bool]) -> Option<&'a Token> {
        let mut left = ts
            .iter()
            .zip(used)
            .filter(|(t, u)| !**u && t.class == TokenClass::Word)
            .map(|(t, _)| t);
        match (left.next(), left.next()) {
            (Some(t), None) => Some(t),
            _ => None,
        }
    }
    let (Some(a), Some(b)) = (one(q, used_q), one(c, used_c)) else {
        return false;
    };
    // The measures that allocate nothing first. (A word cut short of the other has written
    // consonants that begin the other's: no separate test of the letters.)
    if crate::similarity::fine_similarity(&a.text, &b.text) >= CONSONANTS_ALIKE {
        return false;
    }
    let (x, y) = (
        crate::common::abjad_consonants(&a.text),
        crate::common::abjad_consonants(&b.text),
    );
    if x.starts_with(y.as_str()) || y.starts_with(x.as_str()) {
        return false;
    }
    match (
        crate::common::known_given_name_key(&a.text),
        crate::common::known_given_name_key(&b.text),
    ) {
        (Some(ka), Some(kb)) => ka != kb,
        _ => false,
    }
}

/// Whether a token is part of the name proper (a word or a number).
fn content(t: &Token) -> bool {
    matches!(t.class, TokenClass::Word | TokenClass::Number)
}

/// Tokens that may be glued into one word. Titles too: "Abu" is an honorific and also the
/// start of names written as one word ("Abu Bakr" / "Abubakar").
fn mergeable(t: &Token) -> bool {
    matches!(
        t.class,
        TokenClass::Word | TokenClass::Particle | TokenClass::Initial | TokenClass::Title
    )
}

/// Whether a run of tokens glued may be a Western word transcribed into Chinese or Korean
/// syllables (see [`Token::SYLLABLES`]): `fewest` syllables or more of either script (see
/// `PreparedName::transcribed_from`; 0: none). A name of one part needs three: two are most
/// often a Chinese or Korean name ("罗军" luo jun, a surname and a given name; "민서" min seo,
/// a given name), whose consonants many a Western word has (WALIJAN, MANSOOR). In a name
/// written in parts, as a Western one is, two may spell a word ("캣멀" kes mol / Catmull).
fn transcription(run: &[Token], fewest: u8) -> bool {
    fewest > 0 && run.len() >= usize::from(fewest) && run.iter().all(|t| t.han() || t.hangul())
}

/// Glues runs of consecutive tokens of `a` that spell one token of `b`: "jin ping" / "jinping",
/// "wa ta na be" / "watanabe", "abdul rahman" / "abdulrahman". Returns `a`'s tokens with
/// each such run replaced by one word token; a run of `transcribed_from` Chinese or Korean
/// syllables or more may be a Western word transcribed (see [`transcription`]; 0: none, as
/// for a Chinese, Korean or Japanese person's own name, see
/// `PreparedName::transcribed_from`).
#[allow(clippy::too_many_arguments)]
fn glue_runs(
    a: &[Token],
    b: &[Token],
    consonantal: bool,
    cjk: bool,
    memo: Option<&NameMemo>,
    max_run: usize,
    transcribed_from: u8,
    even: bool,
) -> Option<Vec<Token>> {
    // Gluing only helps the side split into more pieces than the other has words (or, with
    // `even`, into as many: see `compare`).
    let words = b.iter().filter(|t| t.class == TokenClass::Word).count();
    let pieces = a.iter().filter(|t| mergeable(t)).count();
    if words == 0 || pieces < words || (pieces == words && !even) {
        return None;
    }
    // Iterated, not collected: most calls glue nothing, and a vector would be allocated
    // for every pair of names compared.
    let targets = || b.iter().filter(|t| t.class == TokenClass::Word);
    // The longest run any target accepts (see the length window below): runs only grow.
    let longest = targets()
        .map(|t| t.text.len() + t.text.len() / 3 + 2)
        .max()
        .unwrap_or(0);
    // Outside CJK and consonantal scripts a spelling starts with its letter.
    let same_start = !(cjk || consonantal);
    // A Korean name of three syllables written in Hangul is a surname and a given name of
    // two: no run starts at the surname ("류미영" ryu mi yeong glued "lyumi" is no "RYOM").
    let surname_apart = a.len() == 3 && a[0].hangul();
    // Built only once a run is glued: most comparisons glue nothing and copy nothing.
    let mut out: Option<Vec<Token>> = None;
    let mut i = 0;
    while i < a.len() {
        let mut best: Option<(usize, f64)> = None;
        // A run needs a second token, short enough together for some target, and (with
        // `same_start`) a target starting with this token's letter; most starts fail here.
        let feasible = !(i == 0 && surname_apart)
            && mergeable(&a[i])
            && a.get(i + 1)
                .is_some_and(|n| mergeable(n) && a[i].text.len() + n.text.len() <= longest)
            && (!same_start
                || a[i].text.is_empty()
                || targets().any(|t| t.text.as_bytes().first() == a[i].text.as_bytes().first()));
        // A token that already has its twin on the other side needs no gluing.
        if feasible && !b.iter().any(|t| same_bytes(&t.fold, &a[i].fold)) {
            let mut glued = a[i].text.clone();
            for k in i + 1..a.len().min(i + 6).min(i.saturating_add(max_run)) {
                if !mergeable(&a[k]) {
                    break;
                }
                glued.push_str(&a[k].text);
                if glued.len() > longest {
                    break;
                }
                let mut cand: Option<Token> = None;
                for t in targets() {
                    // Only runs of about the target's length can spell it.
                    let (gl, tl) = (glued.len(), t.text.len());
                    if gl + tl / 3 + 2 < tl || gl > tl + tl / 3 + 2 {
                        continue;
                    }
                    if same_start && glued.as_bytes().first() != t.text.as_bytes().first() {
                        continue;
                    }
                    // Preparing a token costs more than a raw comparison: rule out runs
                    // that are nowhere near the target first.
                    if same_start
                        && cand.is_none()
                        && crate::fast::jaro_winkler(&glued, &t.text) < GLUE_PRECHECK
                    {
                        continue;
                    }
                    let cand = cand.get_or_insert_with(|| {
                        let mut t = match memo {
                            Some(m) => m.token(i, k, &glued),
                            None => crate::names::word_token(&glued),
                        };
                        t.mark(Token::HAN, a[i].han());
                        t.mark(Token::SYLLABLES, transcription(&a[i..=k], transcribed_from));
                        t
                    });
                    let s = similarity_at_least(cand, t, consonantal, cjk, GLUE_MIN);
                    if s < GLUE_MIN || best.is_some_and(|(_, bs)| s <= bs) {
                        continue;
                    }
                    // The glued run must clearly beat each of its parts alone, or "any
                    // successor" would glue to match "successor". (A part below the pairing
                    // floor cannot decide that: s ≥ GLUE_MIN > PAIR_MIN + 0.1.)
                    let alone = a[i..=k]
                        .iter()
                        .map(|p| similarity_at_least(p, t, consonantal, cjk, PAIR_MIN))
                        .fold(0.0, f64::max);
                    if s > alone + 0.1 {
                        best = Some((k, s));
                    }
                }
            }
        }
        match best {
            Some((k, _)) => {
                let glued: String = a[i..=k].iter().map(|t| t.text.as_str()).collect();
                let mut t = crate::names::word_token(&glued);
                t.mark(Token::HAN, a[i].han());
                t.mark(Token::SYLLABLES, transcription(&a[i..=k], transcribed_from));
                out.get_or_insert_with(|| a[..i].to_vec()).push(t);
                i = k + 1;
            }
            None => {
                if let Some(out) = out.as_mut() {
                    out.push(a[i].clone());
                }
                i += 1;
            }
        }
    }
    out
}

/// What one query name has measured against the candidates so far, for one query: the
/// same runs of the query are glued for every candidate, and the same listed tokens come
/// back in many candidate names (retrieval finds names that share words with the query).
#[derive(Debug, Default, Clone)]
pub(crate) struct NameMemo {
    /// Glued runs made so far (first and last token, the glued token): making a token
    /// (fold, skeletons) cost more than comparing it.
    runs: std::cell::RefCell<Vec<(usize, usize, Token)>>,
    /// Token-pair similarities at the pairing floor, by query token and listed token id.
    pairs: std::cell::RefCell<PairTable>,
    /// The numbering of the listed tokens `pairs` holds (0 until the first).
    numbering: std::cell::Cell<u32>,
    /// The token pairs of one comparison, kept for the next (not allocated per candidate).
    cands: std::cell::RefCell<Vec<(f64, usize, usize)>>,
}

impl NameMemo {
    /// The word token of the run `i..=k`, spelled `glued`.
    fn token(&self, i: usize, k: usize, glued: &str) -> Token {
        let mut runs = self.runs.borrow_mut();
        if let Some((.., t)) = runs.iter().find(|(a, b, _)| (*a, *b) == (i, k)) {
            return t.clone();
        }
        let t = crate::names::word_token(glued);
        runs.push((i, k, t.clone()));
        t
    }

    /// Whether token pairs with listed names of this numbering are remembered: those of the
    /// first numbered name compared, and only those.
    fn numbering(&self, numbering: u32) -> bool {
        if numbering == 0 {
            return false;
        }
        if self.numbering.get() == 0 {
            self.numbering.set(numbering);
        }
        self.numbering.get() == numbering
    }
}

/// The similarities (at the pairing floor) of each token of one query name to listed tokens,
/// one row per listed token id and script setting, measured once per query: a listed token
/// costs one lookup in a small open-addressing table, where a general hash map's hashing
/// and probing cost about what the similarities it saves do.
#[derive(Debug, Default, Clone)]
struct PairTable {
    /// Power-of-two sized (or empty), at most half full: (key, offset of the row in
    /// `rows`); key 0 marks an empty slot.
    slots: Vec<(u32, u32)>,
    len: usize,
    /// The rows, one after another, each as long as the query name has tokens.
    rows: Vec<f64>,
}

impl PairTable {
    /// The key of a listed token id in a script setting (`None`: too large an id to
    /// remember). Never 0.
    fn key(id: u32, consonantal: bool, cjk: bool) -> Option<u32> {
        (id < (1 << 30) - 1).then(|| (id << 2 | u32::from(consonantal) << 1 | u32::from(cjk)) + 1)
    }

    fn slot(&self, key: u32) -> usize {
        (key.wrapping_mul(0x9E37_79B1) >> 16) as usize & (self.slots.len() - 1)
    }

    /// The row of `b` against the query tokens `q`, measured now if not yet.
    fn row(&mut self, q: &[Token], b: &Token, consonantal: bool, cjk: bool) -> Option<&[f64]> {
        let key = PairTable::key(b.id, consonantal, cjk)?;
        if 2 * (self.len + 1) > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            let (k, offset) = self.slots[i];
            if k == key {
                let offset = offset as usize;
                return Some(&self.rows[offset..offset + q.len()]);
            }
            if k == 0 {
                break;
            }
            i = (i + 1) & mask;
        }
        let offset = self.rows.len();
        let offset32 = u32::try_from(offset).ok()?;
        self.slots[i] = (key, offset32);
        self.len += 1;
        self.rows.extend(
            q.iter()
                .map(|a| similarity_at_least(a, b, consonantal, cjk, PAIR_MIN)),
        );
        Some(&self.rows[offset..])
    }

    fn grow(&mut self) {
        let size = (2 * self.slots.len()).max(128);
        let old = std::mem::replace(&mut self.slots, vec![(0, 0); size]);
        let mask = size - 1;
        for (k, offset) in old {
            if k != 0 {
                let mut i = self.slot(k);
                while self.slots[i].0 != 0 {
                    i = (i + 1) & mask;
                }
                self.slots[i] = (k, offset);
            }
        }
    }
}

/// Compares a query name with a listed name.
pub fn compare_names(q: &PreparedName, c: &PreparedName, stats: &TokenStats) -> NameComparison {
    compare(q, c, stats, true, None).0
}

/// The score alone, without the explanation's token lists (the matcher scores many names
/// per query and explains only the best).
pub fn name_score(q: &PreparedName, c: &PreparedName, stats: &TokenStats) -> f64 {
    compare(q, c, stats, false, None).0.score
}

/// The score and the alignment's shape, without the explanation's token lists, keeping the
/// query name's glued runs in `memo` (when given) for its next candidates.
pub(crate) fn name_score_shape(
    q: &PreparedName,
    c: &PreparedName,
    stats: &TokenStats,
    memo: Option<&NameMemo>,
) -> (f64, NameShape) {
    let (r, shape) = compare(q, c, stats, false, memo);
    (r.score, shape)
}

/// What a paired word pair contributes to a name score, from its similarity. Below
/// [`CREDIT_KNEE`], in one script that writes vowels, credit falls faster than the
/// similarity: misspellings of one word stay above it ("Mohammed" / "Muhammad" 0.9), while
/// two different words that look alike sit below it ("Polyakov" / "Bulgakov" 0.69, "Tong"
/// / "Rong" 0.79) and should not count two thirds of a match. Where vowels are not
/// written, between CJK syllables and in a one-word name carried across scripts,
/// similarities of one name spread lower, and count as measured (`loose`).
fn pair_credit(similarity: f64, loose: bool) -> f64 {
    if loose || similarity >= CREDIT_KNEE {
        return similarity;
    }
    (similarity - CREDIT_SLOPE * (CREDIT_KNEE - similarity)).max(0.0)
}

fn compare(
    q: &PreparedName,
    c: &PreparedName,
    stats: &TokenStats,
    detail: bool,
    memo: Option<&NameMemo>,
) -> (NameComparison, NameShape) {
    let consonantal = q.consonantal || c.consonantal;
    let cjk = q.is_cjk() || c.is_cjk();
    // Word pairs are credited as measured (see `pair_credit`) where spellings of one name
    // spread low: where vowels go unwritten, between Chinese, Korean or Japanese syllables,
    // and in a one-word name carried between alphabets ("джошуа" / Jozua, a foreign name
    // transcribed and romanized back). Names of two words or more carried between alphabets
    // are credited as in one script: each word may be spelt a little otherwise, but every
    // word a near miss is another name ("Софія Семенко" / SOPTA, Stanko; "ВЛАДИМИР
    // КОВАЛЁВ" / KOVACEVIC, Vladimir).
    let loose =
        consonantal || cjk || (q.script != c.script && (q.word_count < 2 || c.word_count < 2));
    // A name written in Chinese, Korean or Japanese script is split into syllables, one a
    // character: words of the other name are not glued to spell one of them ("晶" jing is
    // not "JA HYONG" glued), while its own syllables may be ("jin ping" / "Jinping").
    // A Chinese, Korean or Japanese name of three syllables or fewer is a surname and a
    // given name, or a transcribed one-word name ("巴蓋特" / "Baguet"): a run glued across
    // all of them spells no one word of a longer name ("曹梓涵" cao zi han is not the
    // "Ghassan" of "Ghassan ABBAS", nor the "KASHANI" of "KASHANI, Alireza").
    let max_run = |n: &PreparedName, other: &PreparedName| {
        if n.is_cjk() && n.tokens.len() <= 3 && other.word_count > 1 {
            n.tokens.len() - 1
        } else {
            usize::MAX
        }
    };
    let q_glued = if c.is_cjk() {
        None
    } else {
        glue_runs(
            &q.tokens,
            &c.tokens,
            consonantal,
            cjk,
            memo,
            max_run(q, c),
            q.transcribed_from,
            false,
        )
    };
    let c_glued = if q.is_cjk() {
        None
    } else {
        glue_runs(
            &c.tokens,
            &q.tokens,
            consonantal,
            cjk,
            None,
            max_run(c, q),
            c.transcribed_from,
            false,
        )
    };
    // Two names of as many words, three or more, split in different places ("MALAKOUTIPOUR,
    // Hamid Reza" / "MALEKOUTI POUR, Hamidreza"): each glues a run to spell a word of the
    // other. Only where both do, and in scripts that write vowels: one side alone gluing
    // words of a name as long as the other reads its parts as another name's ("Jang Mi Yong"
    // / "Myong-Chin CHANG": mi yong ~ myong).
    let (q_glued, c_glued) = if q_glued.is_none()
        && c_glued.is_none()
        && !consonantal
        && !cjk
        && q.word_count >= 3
        && q.word_count == c.word_count
    {
        let q_even = glue_runs(
            &q.tokens,
            &c.tokens,
            false,
            false,
            memo,
            usize::MAX,
            0,
            true,
        );
        let c_even = q_even.as_ref().and_then(|_| {
            glue_runs(
                &c.tokens,
                &q.tokens,
                false,
                false,
                None,
                usize::MAX,
                0,
                true,
            )
        });
        match (q_even, c_even) {
            (Some(qg), Some(cg)) => (Some(qg), Some(cg)),
            _ => (None, None),
        }
    } else {
        (q_glued, c_glued)
    };
    let q_tokens: &[Token] = q_glued.as_deref().unwrap_or(&q.tokens);
    let c_tokens: &[Token] = c_glued.as_deref().unwrap_or(&c.tokens);
    // Names rarely have more than a dozen tokens: the working arrays live on the stack
    // (this function runs for every candidate of every query).
    const SMALL: usize = 24;
    let (nq, nc) = (q_tokens.len(), c_tokens.len());
    let (mut qw_a, mut cw_a) = ([0.0f64; SMALL], [0.0f64; SMALL]);
    let (mut qw_v, mut cw_v) = (Vec::new(), Vec::new());
    let qw: &mut [f64] = if nq <= SMALL {
        &mut qw_a[..nq]
    } else {
        qw_v.resize(nq, 0.0);
        &mut qw_v
    };
    let cw: &mut [f64] = if nc <= SMALL {
        &mut cw_a[..nc]
    } else {
        cw_v.resize(nc, 0.0);
        &mut cw_v
    };
    for (w, t) in qw.iter_mut().zip(q_tokens) {
        *w = token_weight(t, stats);
    }
    for (w, t) in cw.iter_mut().zip(c_tokens) {
        *w = token_weight(t, stats);
    }
    // All candidate pairs above the floor, best first; each token used once.
    // (A query's memo lends its buffer: this runs for every candidate name.)
    let mut own = Vec::new();
    let mut lent = memo.map(|m| m.cands.borrow_mut());
    let cands: &mut Vec<(f64, usize, usize)> = match lent.as_mut() {
        Some(v) => {
            v.clear();
            v
        }
        None => &mut own,
    };
    // The query name's own tokens are remembered against listed tokens (a glued run of the
    // query is not one of them) of one numbering. The order pairs are found in does not
    // matter: they are sorted by a total order below.
    let mut pair_memo = memo
        .filter(|m| q_glued.is_none() && m.numbering(c.numbering))
        .map(|m| m.pairs.borrow_mut());
    // Across Arabic script, two words are paired only where most of the consonants Arabic
    // writes apart agree (see `consonants_apart`).
    let arabic = q.script != c.script
        && (q.script == interdict_text::Script::Arabic
            || c.script == interdict_text::Script::Arabic);
    // A patronymic is not the surname built from the same given name ("Borisovna" /
    // BORISOVA, "Alekseyevich" / ALEKSEEV), nor that surname the given name ("Pavlov" /
    // Pavlo, "Ivanov" / Ivan, where the given name is a common one): spelled alike, they are
    // different names. (A patronymic cut short at the end of a name, "Borisov" for
    // Borisovna, begins it — where that name keeps as many words as the other, for a name
    // cut short loses none before the cut: "Олег Сергеев" is not "GAIDUKEVICH, Oleg
    // Sergeevich" short of its end. A surname that begins a patronymic elsewhere in the
    // name is that surname: "MIKHAIL ALEKSEEVICH BELOV" is not "ALEKSEEV, Mikhail".)
    let words = |ts: &[Token]| ts.iter().filter(|t| content(t)).count();
    let roles_differ = |i: usize, j: usize, s: f64| {
        let (a, b) = (q_tokens[i].text.as_str(), c_tokens[j].text.as_str());
        if s >= 0.97 {
            return false;
        }
        let query_shorter = a.len() < b.len();
        let (short, long, short_token) = if query_shorter {
            (a, b, &q_tokens[i])
        } else {
            (b, a, &c_tokens[j])
        };
        let patronymic_surname =
            (patronymic(a) && slavic_surname(b)) || (patronymic(b) && slavic_surname(a));
        let surname_given = slavic_surname(long)
            && long.starts_with(short)
            && long.len() <= short.len() + 3
            && short_token.common;
        // Across Arabic script, a nisba surname is not the given name it is built from:
        // "جعفری" Jafari / Ja'far, "كريم" Karim / KARIMI, "العمري" al-Omari / Amir (the
        // final i a typo may add in one script is a letter Arabic script writes). The given
        // name ends in a consonant: a final vowel is what Arabic script writes as that i
        // ("گيرگي" girgi is George). The given name is a common name, or one the first-name
        // dictionary gives in the Arab countries and Iran ("JA'FAR, Abu" is no Jafari).
        let nisba = |x: &str, y: &str, base: &Token| {
            x.len() >= 4
                && x.ends_with('i')
                && !y.ends_with(['a', 'e', 'i', 'o', 'u', 'y'])
                && (base.common || crate::common::is_arabia_given_name(&base.fold))
                && crate::common::abjad_consonants(&x[..x.len() - 1])
                    == crate::common::abjad_consonants(y)
        };
        let nisba_given = arabic && (nisba(a, b, &c_tokens[j]) || nisba(b, a, &q_tokens[i]));
        if !(patronymic_surname || surname_given || nisba_given) {
            return false;
        }
        // Unless the shorter word's name may be that name cut short: the word ends it, and
        // it has as many words as the other.
        let cut_short = crate::similarity::one_starts_the_other(a, b)
            && if query_shorter {
                i + 1 == q_tokens.len() && words(q_tokens) >= words(c_tokens)
            } else {
                j + 1 == c_tokens.len() && words(c_tokens) >= words(q_tokens)
            };
        !cut_short
    };
    // In a firm's name, a listed initial abbreviates a word of that firm's name (the "C" of
    // "INVERSIONES C.P.C.L. Y CIA.", "B R C S.A."): a customer's word that begins with its
    // letter ("PAMPA INVERSIONES", "BELLE RIVE CONSEIL") is one of thousands, not that word.
    // (A customer's letter against a listed word is a name cut short: "…ROSSISKI B".) A
    // listed name the customer's words spell as an acronym is compared whole (see
    // `acronym_match`).
    let listed_initial = |i: usize, j: usize| {
        c_tokens[j].class == TokenClass::Initial
            && q_tokens[i].class != TokenClass::Initial
            && (q_tokens[i].org_name() || c_tokens[j].org_name())
    };
    let apart = |i: usize, j: usize, s: f64| {
        (arabic && consonants_apart(&q_tokens[i], &c_tokens[j], s))
            || roles_differ(i, j, s)
            || listed_initial(i, j)
    };
    for (j, b) in c_tokens.iter().enumerate() {
        if let Some(row) = pair_memo
            .as_mut()
            .and_then(|t| t.row(q_tokens, b, consonantal, cjk))
        {
            for (i, &s) in row.iter().enumerate() {
                if s >= PAIR_MIN && !apart(i, j, s) {
                    cands.push((s, i, j));
                }
            }
            continue;
        }
        for (i, a) in q_tokens.iter().enumerate() {
            let s = similarity_at_least(a, b, consonantal, cjk, PAIR_MIN);
            if s >= PAIR_MIN && !apart(i, j, s) {
                cands.push((s, i, j));
            }
        }
    }
    drop(pair_memo);
    cands.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let (mut uq_a, mut uc_a) = ([false; SMALL], [false; SMALL]);
    let (mut uq_v, mut uc_v) = (Vec::new(), Vec::new());
    let used_q: &mut [bool] = if nq <= SMALL {
        &mut uq_a[..nq]
    } else {
        uq_v.resize(nq, false);
        &mut uq_v
    };
    let used_c: &mut [bool] = if nc <= SMALL {
        &mut uc_a[..nc]
    } else {
        uc_v.resize(nc, false);
        &mut uc_v
    };
    let mut pairs = Vec::new();
    let (mut matched, mut denom) = (0.0, 0.0);
    // Pairs of real name words (not titles, legal forms, particles, initials).
    let mut word_pairs = 0;
    let mut shape = NameShape::default();
    // A query's word paired with an initial of the listed name (see `NameShape::both_left`).
    let mut query_word_on_initial = false;
    for &(s, i, j) in cands.iter() {
        if used_q[i] || used_c[j] {
            continue;
        }
        if cut_short_out_of_place(
            &q_tokens[i],
            &c_tokens[j],
            s,
            &c_tokens[j + 1..],
            &used_c[j + 1..],
        ) {
            continue;
        }
        used_q[i] = true;
        used_c[j] = true;
        query_word_on_initial |= content(&q_tokens[i]) && c_tokens[j].class == TokenClass::Initial;
        if content(&q_tokens[i]) && content(&c_tokens[j]) {
            word_pairs += 1;
            if !q_tokens[i].common && !c_tokens[j].common {
                shape.distinctive_pairs = shape.distinctive_pairs.saturating_add(1);
            }
            if s < if loose {
                LOOKALIKE_PAIR_LOOSE
            } else {
                LOOKALIKE_PAIR
            } {
                shape.lookalike_pairs = shape.lookalike_pairs.saturating_add(1);
            }
            if s >= 0.999 {
                shape.exact_words = shape.exact_words.saturating_add(1);
            } else {
                shape.fuzzy_pairs = shape.fuzzy_pairs.saturating_add(1);
                if !same_bytes(&q_tokens[i].skeleton, &c_tokens[j].skeleton) {
                    shape.consonant_changes = shape.consonant_changes.saturating_add(1);
                }
            }
        }
        let w = (qw[i] + cw[j]) / 2.0;
        matched += w * pair_credit(s, loose);
        denom += w;
        if !detail {
            continue;
        }
        pairs.push(TokenPair {
            query: q_tokens[i].text.to_string(),
            candidate: c_tokens[j].text.to_string(),
            similarity: (s * 1000.0).round() / 1000.0,
        });
    }
    let mut unmatched_query = Vec::new();
    let mut left_q = 0.0;
    let (mut left_words_q, mut left_words_c) = (false, false);
    for (i, t) in q_tokens.iter().enumerate() {
        if !used_q[i] {
            left_words_q |= content(t);
            shape.symbols_left |= t.class == TokenClass::Symbol;
            shape.names_left |= content(t) && !patronymic(&t.text);
            left_q += qw[i];
            if detail {
                unmatched_query.push(t.text.to_string());
            }
        }
    }
    // Read only for Arabic-script queries: no token is walked for any other comparison.
    let first_unpaired = (q.script == interdict_text::Script::Arabic
        && q_tokens.iter().filter(|t| content(t)).count() >= 3)
        .then(|| q_tokens.iter().position(content))
        .flatten()
        .filter(|&i| !used_q[i]);
    shape.first_word_extra = first_unpaired.is_some_and(|i| !q_tokens[i].common);
    let mut unmatched_candidate = Vec::new();
    let mut left_c = 0.0;
    for (j, t) in c_tokens.iter().enumerate() {
        if !used_c[j] {
            left_words_c |= content(t);
            shape.symbols_left |= t.class == TokenClass::Symbol;
            shape.names_left |= content(t) && !patronymic(&t.text);
            shape.listed_distinctive_left |=
                t.class == TokenClass::Word && !t.common && !patronymic(&t.text);
            left_c += cw[j];
            if detail {
                unmatched_candidate.push(t.text.to_string());
            }
        }
    }
    // The listed name inside the customer's by one shared word ("SARA" in "Sara Rizzo",
    // "Maulavi Adam" in "Adam Green") is a coincidence of one common part, not containment.
    // Unless that word leads the listed name ("LUKOIL OAO" in "LUKOIL OIL COMPANY").
    let listed_inside_by_one_word = left_c < LEFTOVER_MIN
        && left_q >= LEFTOVER_MIN
        && word_pairs <= 1
        && !used_c.first().copied().unwrap_or(false);
    if (left_q < LEFTOVER_MIN || left_c < LEFTOVER_MIN) && !listed_inside_by_one_word {
        denom += UNMATCHED_CONTAINED * (left_q + left_c);
    } else {
        denom += UNMATCHED_QUERY * left_q + UNMATCHED_CANDIDATE * left_c;
    }
    let mut score = if denom > 0.0 { matched / denom } else { 0.0 };
    shape.both_left = (left_words_q || query_word_on_initial) && left_words_c;
    // Read only where the names share one word (see `NameShape::both_generic_left`): no
    // other comparison looks a word up in the lists' statistics.
    if shape.exact_words + shape.fuzzy_pairs == 1 {
        // A word of a name's own counts where the lists know it as a word of names: one
        // never seen there is more likely a misspelling or a legal form in another script
        // ("ИНК", "DJSK") than a name of its own.
        let known_word = |t: &Token| {
            t.class == TokenClass::Word && t.fold.len() >= 3 && stats.count(&t.fold) > 0
        };
        // Words of their own on both sides, each unlike every word left on the other side:
        // one a prefix of the other is one word abbreviated or cut short ("corp" / "co",
        // "develop" / "dev"), not two.
        let generic = |t: &Token| t.class == TokenClass::Symbol || known_word(t);
        let own = |a: &[Token], used_a: &[bool], b: &[Token], used_b: &[bool]| {
            a.iter().zip(used_a).any(|(t, u)| {
                !u && generic(t)
                    && !b.iter().zip(used_b).any(|(o, v)| {
                        !v && (t.text.starts_with(o.text.as_str())
                            || o.text.starts_with(t.text.as_str()))
                    })
            })
        };
        shape.both_generic_left = (own(q_tokens, used_q, c_tokens, used_c)
            && own(c_tokens, used_c, q_tokens, used_q))
            || registered_apart(q_tokens, used_q, c_tokens);
        let listed_all_paired = used_c.iter().all(|u| *u);
        // A legal form of the customer's own, one the listed name does not share ("S.A." /
        // "S.A.S.", "LTD. ŞTI." / none), says how the customer's firm is registered: its
        // other words are not a garbled piece of the listed legal form (as "CURPURATIUN" of
        // "… CORPORATION, INC" may be, whose INC pairs), so a word of its own of three
        // letters or more is a name's ("EGE MAKINA LTD. ŞTI." / MAKIN, "Estrella Minera
        // S.A." / MANARA S.A.S.).
        let own_form = q_tokens
            .iter()
            .zip(used_q.iter())
            .any(|(t, u)| !u && t.class == TokenClass::LegalForm);
        shape.query_known_left = q_tokens.iter().zip(used_q.iter()).any(|(t, u)| {
            !u && (known_word(t)
                || (t.class == TokenClass::Word
                    && ((t.fold.len() >= 5 && listed_all_paired)
                        || (t.fold.len() >= 3 && own_form))))
        });
    }
    // The listed chain's first name the only word it leaves, and the query's the only one
    // the query leaves: two brothers' names (see `NameShape::first_word_extra`).
    let brothers = first_unpaired.is_some_and(|i| {
        let listed_first = c_tokens.iter().position(content);
        listed_first.is_some_and(|j| !used_c[j])
            && c_tokens
                .iter()
                .enumerate()
                .all(|(j, t)| !content(t) || used_c[j] || Some(j) == listed_first)
            && q_tokens
                .iter()
                .enumerate()
                .all(|(k, t)| !content(t) || used_q[k] || k == i)
    });
    shape.first_word_extra = (shape.first_word_extra && !left_words_c) || brothers;
    shape.words_left = left_words_q || left_words_c;
    let mut method = "tokens";
    // In one script that writes vowels, two names none of whose words is spelled alike, and
    // some of whose words differ in their consonants, are rarely one name: spellings of one
    // name keep most words or differ in vowels ("Moshir" / "Mushir"), while "Davoud Babaei"
    // / "David Bailey" and "Reza Seraj" / "Rosa Serrano" are every word a near miss. Such
    // names lose a tenth: "Jurij Gotsaniuk" for "Yuri Gotsanyuk" still matches (0.75), a
    // chance resemblance at 0.72 no longer does.
    if q.script == c.script
        && !consonantal
        && !cjk
        && shape.exact_words == 0
        && shape.fuzzy_pairs >= 2
        && shape.consonant_changes > 0
    {
        score *= ALL_NEAR;
    }
    // Numbers are identity: different numbers mean different entities.
    let numbers_conflict = !q.numbers.is_empty() && !c.numbers.is_empty() && q.numbers != c.numbers;
    // Glued or split tokens ("xi jin ping" / "Xi Jinping", "Abdulrahman" / "Abdul Rahman",
    // "OILTRADING" / "OIL TRADING"): only when the token counts differ, so shared prefixes
    // of different names do not count. Compared twice: the name words alone (organisation
    // words left out: "KERCH COMMERCIAL SEAPORT" / "STATE ENTERPRISE KERCH SEA COMMERCIAL
    // PORT"), and every letter as written, organisation words too (a glued "OILTRADING" is
    // no organisation word, its listed "OIL TRADING" is one).
    if !numbers_conflict {
        let runs = [
            (&q.compact, &c.compact, q.word_count != c.word_count),
            (&q.letters, &c.letters, q.tokens.len() != c.tokens.len()),
        ];
        let mut measured: Option<(&str, &str)> = None;
        for (a, b, differ) in runs {
            // The similarity can reach 0.85 only when the lengths are within ~12 % (the
            // edit distance is at least the length difference): skip the quadratic
            // distance otherwise. Names without organisation words have the same letters
            // both ways: measured once.
            if !differ
                || measured == Some((a.as_str(), b.as_str()))
                || a.len() < 5
                || b.len() < 5
                || (a.len().abs_diff(b.len()) as f64) > 0.125 * a.len().max(b.len()) as f64
            {
                continue;
            }
            measured = Some((a.as_str(), b.as_str()));
            let s = lev_sim(a, b) * 0.97;
            if s >= 0.85 && s > score {
                score = s;
                method = "compact";
            }
        }
    }
    // Across scripts, the consonants of the whole name carry it: "ge la bo si" / "Grubbs",
    // "andro pltshr" / "Andrew Fletcher".
    if !numbers_conflict
        && consonantal
        && q.script != c.script
        && q.compact_skeleton.len() >= 3
        && c.compact_skeleton.len() >= 3
    {
        let mut s = lev_sim(&q.compact_skeleton, &c.compact_skeleton) * SKELETON_CAP;
        // The coarse classes (b = f, j = k, h dropped) are what a romanization may blur;
        // the consonants Arabic script writes apart must agree too: "هشام العلي" (h-sh-m
        // l) is not "Issam KHALIL" (s-m kh-l), though their classes nearly are. (Hebrew
        // writes one letter for b/v, p/f, s/sh: its classes are the coarse ones.)
        if s > score && arabic {
            s = s.min(crate::similarity::fine_similarity(&q.compact, &c.compact) * SKELETON_CAP);
        }
        // The words the word pairs left over must be the ones the skeleton spells alike:
        // "عادل الراشد" (aadl al-rashd) reads nearly as "Saleh AL-RASHED" by consonants,
        // but its own word, Adel (d-l), is no Saleh (s-l-h).
        // So across Hebrew script, by the consonants it writes.
        let hebrew = q.script != c.script
            && (q.script == interdict_text::Script::Hebrew
                || c.script == interdict_text::Script::Hebrew);
        if s > score
            && ((arabic && leftovers_unalike(q_tokens, used_q, c_tokens, used_c))
                || (hebrew
                    && hebrew_leftovers_unalike(
                        q_tokens,
                        used_q,
                        c_tokens,
                        used_c,
                        q.script == interdict_text::Script::Hebrew,
                    )))
        {
            s = 0.0;
        }
        // Nor where each name leaves one word, two different given names the tables know:
        // "عمر سليمان" (Omar) spells "Maher SULAIMAN" nearly by consonants, but Omar is not
        // Maher (see `known_names_apart`).
        if s > score && arabic && known_names_apart(q_tokens, used_q, c_tokens, used_c) {
            s = 0.0;
        }
        if s > score {
            score = s;
            method = "skeleton";
        }
    }
    if !numbers_conflict && (acronym_match(q, c) || acronym_match(c, q)) && score < 0.88 {
        score = 0.88;
        method = "acronym";
    }
    if numbers_conflict {
        score *= 0.5;
    }
    // One word against one word: only a close spelling is evidence (many short names are
    // one or two letters apart). 1.0 stays 1.0; 0.85 becomes 0.79; 0.7 becomes 0.57.
    if q.word_count <= 1 && c.word_count <= 1 && method != "acronym" {
        score = ((score - SINGLE_FLOOR) / (1.0 - SINGLE_FLOOR)).max(0.0);
    }
    if (q.tokens.len() == c.tokens.len()
        && q.tokens
            .iter()
            .zip(&c.tokens)
            .all(|(a, b)| same_bytes(&a.text, &b.text))
        && !q.tokens.is_empty())
        || (!q.as_written.is_empty() && same_bytes(&q.as_written, &c.as_written))
    {
        score = 1.0;
        method = "exact";
    }
    shape.whole_name = matches!(method, "compact" | "skeleton" | "acronym");
    let cmp = NameComparison {
        score: score.clamp(0.0, 1.0),
        pairs,
        unmatched_query,
        unmatched_candidate,
        method,
    };
    (cmp, shape)
}

#[cfg(test)]
mod tests;
