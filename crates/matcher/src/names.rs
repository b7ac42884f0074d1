//! Names prepared for comparison: romanized, split into tokens, each token classified
//! (word, particle, title, legal form, org symbol, number, initial) and given its phonetic
//! keys. Preparing is the expensive part, so the index prepares every listed name once.

use compact_str::CompactString;
use interdict_text::{fold, romanize, skeleton, vocabulary, Script};

/// What a token is; decides its weight and how it compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenClass {
    /// A distinctive name word.
    Word,
    /// A name particle: al, bin, ibn, abu, van, de…
    Particle,
    /// A title or honorific: Dr, Haji, Sheikh, General…
    Title,
    /// A legal form (LLC, OOO, JSC, GmbH…); `text` holds its class.
    LegalForm,
    /// A generic organisation word (company, industries, trading…); `text` holds its symbol.
    Symbol,
    /// A stop word inside an organisation name (of, the, and…).
    Stop,
    /// A number: identity, never fuzzy ("419 Aircraft Repair Plant" ≠ "420 …").
    Number,
    /// A single letter.
    Initial,
}

/// One token of a prepared name. Its strings are stored inline (up to 24 bytes, nearly every
/// name token): scoring reads the tokens of dozens of listed names per query, and three heap
/// pointers per token cost a cache miss each.
#[derive(Debug, Clone)]
pub struct Token {
    /// Romanized lower-case text (for legal forms and symbols: the class).
    pub text: CompactString,
    /// Phonetic fold of `text`.
    pub fold: CompactString,
    /// Consonant skeleton of `text`.
    pub skeleton: CompactString,
    /// Consonant skeleton of `text` as Chinese, Korean and Japanese renderings are compared
    /// (l = r, z = j): kept with the token because token pairs across those scripts compare
    /// it, dozens of times per query.
    pub cjk_skeleton: CompactString,
    /// Classification.
    pub class: TokenClass,
    /// The token's weight, when already computed from the lists' token statistics
    /// (NaN until then; see `weights::token_weight`).
    pub weight: f64,
    /// A listed token's number in its index, shared by every listed token of the same text
    /// and class (everything a comparison reads of a token follows from those two), so a
    /// query can remember what it measured against it; [`Token::NO_ID`] elsewhere.
    pub(crate) id: u32,
    /// How often each letter occurs in the fold (by its low five bits, four bits a count),
    /// for the bound that rules most token pairs out before any distance is measured; `None`
    /// when the fold is empty, not ASCII, or repeats a letter more than 15 times.
    pub(crate) letters: Option<LetterCounts>,
    /// The word is a common given name or surname in some country's population
    /// (`data/reference/names/common-names.tsv`, `given-name-frequencies.tsv`).
    pub common: bool,
    /// [`Token::ORG_NAME`], [`Token::HAN`], [`Token::HANGUL`], [`Token::SYLLABLES`] and
    /// [`Token::PERSON_NAME`], one byte (a token fits two cache lines).
    marks: u8,
}

impl Token {
    /// The word is of an organisation's name (listed as one, or carrying a legal form or
    /// organisation word): a shorter word that starts it is not its truncation ("SOFT" is
    /// no "SOFTLINE"), as a nickname is of a person's name ("Kakha" / "Kakhaber").
    pub(crate) const ORG_NAME: u8 = 1;
    /// The token is a syllable of a name written in Chinese characters, or a run of them
    /// glued together: it spells as many syllables as it has characters (see
    /// `syllables::may_spell_one_run`).
    pub(crate) const HAN: u8 = 2;
    /// The token is a syllable of a name written in Hangul: read exactly, as Korean writes
    /// it, so a surname read from it is that surname and no other (see
    /// `korean::two_surnames`).
    pub(crate) const HANGUL: u8 = 4;
    /// The token is a run of three Chinese or Korean syllables or more glued together to
    /// spell one word of the other name (see `compare::glue_runs`): it may be a Western word
    /// transcribed syllable by syllable (see `transcribed::similarity`).
    pub(crate) const SYLLABLES: u8 = 8;
    /// The word is one of the spellings of a person's name rigour's tables group (a
    /// nickname and the name, "Bob" / Robert; see `Vocabulary::person_names`).
    pub(crate) const PERSON_NAME: u8 = 16;

    /// Whether the token is of an organisation's name (see [`Token::ORG_NAME`]).
    pub fn org_name(&self) -> bool {
        self.marks & Token::ORG_NAME != 0
    }

    /// Whether the token is a syllable of a Chinese-script name (see [`Token::HAN`]).
    pub fn han(&self) -> bool {
        self.marks & Token::HAN != 0
    }

    /// Whether the token is a syllable of a name written in Hangul (see [`Token::HANGUL`]).
    pub fn hangul(&self) -> bool {
        self.marks & Token::HANGUL != 0
    }

    /// Whether the token is a glued run of Chinese or Korean syllables (see
    /// [`Token::SYLLABLES`]).
    pub fn syllables(&self) -> bool {
        self.marks & Token::SYLLABLES != 0
    }

    /// Whether the word is one of the spellings rigour groups as one person's name (see
    /// [`Token::PERSON_NAME`]).
    pub fn grouped_name(&self) -> bool {
        self.marks & Token::PERSON_NAME != 0
    }

    /// Whether the token was read from Chinese or Korean script: a syllable or a run of them.
    pub fn from_cjk(&self) -> bool {
        self.marks & (Token::HAN | Token::HANGUL | Token::SYLLABLES) != 0
    }

    /// Marks the token (with [`Token::ORG_NAME`], [`Token::HAN`], [`Token::HANGUL`] or
    /// [`Token::SYLLABLES`]), or unmarks it.
    pub(crate) fn mark(&mut self, mark: u8, on: bool) {
        if on {
            self.marks |= mark;
        } else {
            self.marks &= !mark;
        }
    }

    /// The id of a token that is not a listed name's.
    pub(crate) const NO_ID: u32 = u32::MAX;

    /// Whether the token is run together into a name's [`PreparedName::compact`] form (a
    /// word, number, initial or particle).
    pub(crate) fn in_compact(&self) -> bool {
        matches!(
            self.class,
            TokenClass::Word | TokenClass::Number | TokenClass::Initial | TokenClass::Particle
        )
    }
}

/// Counts of the 32 letter slots (byte & 31) of an ASCII string, four bits each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LetterCounts([u8; 16]);

impl LetterCounts {
    /// The counts of `s`, if it is non-empty ASCII and no slot counts more than 15.
    pub(crate) fn of(s: &str) -> Option<LetterCounts> {
        if s.is_empty() || !s.is_ascii() {
            return None;
        }
        let mut counts = [0u8; 32];
        for b in s.bytes() {
            let slot = &mut counts[usize::from(b & 31)];
            *slot += 1;
            if *slot > 15 {
                return None;
            }
        }
        let mut packed = [0u8; 16];
        for (k, p) in packed.iter_mut().enumerate() {
            *p = counts[2 * k] | counts[2 * k + 1] << 4;
        }
        Some(LetterCounts(packed))
    }

    /// How many letters two strings have in common, counted with multiplicity: the sum over
    /// slots of the smaller count.
    pub(crate) fn common(&self, other: &LetterCounts) -> usize {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::*;
            // SAFETY: SSE2 is part of the x86-64 baseline, and each load reads the 16 bytes
            // of a 16-byte array (unaligned loads).
            unsafe {
                let a = _mm_loadu_si128(self.0.as_ptr().cast());
                let b = _mm_loadu_si128(other.0.as_ptr().cast());
                let low = _mm_set1_epi8(0x0f);
                let lows = _mm_min_epu8(_mm_and_si128(a, low), _mm_and_si128(b, low));
                let highs = _mm_min_epu8(
                    _mm_and_si128(_mm_srli_epi16::<4>(a), low),
                    _mm_and_si128(_mm_srli_epi16::<4>(b), low),
                );
                // Each byte at most 30; the two halves' sums in the low bits of each half.
                let sums = _mm_sad_epu8(_mm_add_epi8(lows, highs), _mm_setzero_si128());
                (_mm_cvtsi128_si32(sums) + _mm_extract_epi16::<4>(sums)) as usize
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            let (a, b) = (&self.0, &other.0);
            let mut c = 0u32;
            for k in 0..16 {
                c += u32::from((a[k] & 15).min(b[k] & 15)) + u32::from((a[k] >> 4).min(b[k] >> 4));
            }
            c as usize
        }
    }
}

impl PartialEq for Token {
    /// Tokens are equal when their text and class are (the cached weight and the id do not
    /// count).
    fn eq(&self, other: &Token) -> bool {
        self.text == other.text && self.class == other.class
    }
}

/// A name ready for comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedName {
    /// The name as written.
    pub original: String,
    /// Tokens in order.
    pub tokens: Vec<Token>,
    /// Word, number, initial and particle tokens glued together (for split/joined names).
    pub compact: CompactString,
    /// The name's romanized words as written, one space apart, before any misspelt word of
    /// a query is read as what it nearly is: a name written exactly as listed is found as
    /// listed, whatever the reading.
    pub as_written: CompactString,
    /// The name's romanized letters run together, every word as written but legal forms
    /// and titles (organisation words as written, not as their symbol): what a name glued
    /// or split differently ("OILTRADING" / "OIL TRADING") still shares letter for letter.
    pub letters: CompactString,
    /// True when the name is written in Arabic or Hebrew script (its romanization lacks
    /// vowels, so it compares by skeleton).
    pub consonantal: bool,
    /// The script the name is written in.
    pub script: Script,
    /// Consonant skeleton of `compact`.
    pub compact_skeleton: CompactString,
    /// Number tokens, sorted.
    pub numbers: Vec<CompactString>,
    /// Word and number tokens.
    pub word_count: usize,
    /// Initials of all tokens but legal forms and titles, and the same without stop words
    /// (for acronym matching), when the name has two or more such tokens.
    pub initials: Option<(CompactString, CompactString)>,
    /// The name's only token besides legal forms and titles, when it has exactly one.
    pub single_token: Option<CompactString>,
    /// Which numbering its tokens' ids belong to (one per index; 0: not numbered): ids of
    /// two numberings must not be confused (see [`number_tokens`]).
    pub(crate) numbering: u32,
    /// The fewest syllables of the name, written in Chinese characters or Hangul, that may
    /// transcribe one Western word (see `compare::transcription`): two where the name is
    /// written in parts, as a Western name is ("에드윈 캣멀", "鲍里斯·罗滕贝格"), three in a
    /// name of one part; 0 where it transcribes none: a name in another script, or a
    /// Chinese, Korean or Japanese person's own name, a common surname and a character or
    /// two (see `common::native_cjk_name`).
    pub(crate) transcribed_from: u8,
    /// The countries whose law alone gives a firm the name's legal form ("GmbH": Germany,
    /// Austria, Switzerland, Liechtenstein), where the name states such a form (the first,
    /// should it state two; see `Vocabulary::legal_form_countries`).
    pub(crate) registered_in: Option<&'static [String]>,
}

const PARTICLES: &[&str] = &[
    "al", "el", "ul", "ud", "ad", "ar", "as", "ash", "at", "az", "bin", "ben", "ibn", "bint",
    "binti", "abu", "abou", "abo", "abd", "abdel", "abdul", "abdal", "abdol", "abdu", "ould",
    "wad", "van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la",
    "le", "y", "bn", "mac", "seyed", "seyyed", "sayed", "sayyed", "sayyid", "syed", "sayid",
];

const TITLES: &[&str] = &[
    "haji",
    "hajji",
    "hadji",
    "alhaj",
    "alhajj",
    "sheikh",
    "shaikh",
    "shaykh",
    "sheik",
    "mullah",
    "mulla",
    "maulavi",
    "mawlawi",
    "maulvi",
    "mawlavi",
    "mufti",
    "imam",
    "qari",
    "hafiz",
    "general",
    "gen",
    "colonel",
    "col",
    "brigadier",
    "brig",
    "major",
    "maj",
    "captain",
    "capt",
    "lieutenant",
    "lt",
    "admiral",
    "adm",
    "commander",
    "cmdr",
    "sergeant",
    "sgt",
    "marshal",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "sir",
    "lord",
    "jr",
    "sr",
    "ii",
    "iii",
    "iv",
    "mister",
    "madam",
    "doctor",
    "professor",
    "engineer",
    "eng",
];

/// Whether a lower-case word (its trailing dot dropped) is a title or honorific ("dr",
/// "haji", "sheikh"), not a name.
pub(crate) fn is_title(word: &str) -> bool {
    TITLES.contains(&word) || vocabulary().person_prefixes.contains_key(word)
}

/// Whether a lower-case word is a name particle ("al", "bin", "abu", "van"…), not a name.
pub(crate) fn is_particle(word: &str) -> bool {
    PARTICLES.contains(&word)
}

/// Words of an organisation's name that say nothing of which one it is: articles ("the",
/// "los", "les", "il"), prepositions and conjunctions. "Los Andes Servicios" shares nothing
/// with the cartel LOS ROJOS.
const ORG_STOPS: &[&str] = &[
    "of", "the", "and", "for", "in", "at", "on", "by", "de", "la", "le", "du", "des", "del", "der",
    "und", "i", "et", "y", "e", "da", "do", "dos", "los", "las", "les", "il", "gli",
];

/// Whether a name belongs to a person (titles and particles apply) or an organization
/// (legal forms, symbols and stop words apply). Unknown kinds get both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKindHint {
    /// A person's name.
    Person,
    /// An organization's, company's or vessel's name.
    Organization,
    /// Unknown (schema LegalEntity).
    Any,
}

/// Skeleton for comparisons with Chinese, Korean or Japanese renderings, which do not tell
/// l from r, and write z-sounds with j (Korean ㅈ). Inline up to 24 bytes: no allocation.
pub(crate) fn cjk_skeleton(text: &str) -> CompactString {
    let mut out = CompactString::default();
    interdict_text::skeleton_with(text, cjk_letter, |c| out.push(c));
    out
}

/// The letter CJK renderings write for `b`: r as l, j as z.
fn cjk_letter(b: u8) -> u8 {
    match b {
        b'r' => b'l',
        b'j' => b'z',
        b => b,
    }
}

fn make(text: &str, class: TokenClass) -> Token {
    let mut skeleton = CompactString::default();
    interdict_text::skeleton_with(text, |b| b, |c| skeleton.push(c));
    let folded = fold(text);
    let common = crate::common::is_common(&folded);
    Token {
        letters: LetterCounts::of(&folded),
        fold: CompactString::from(folded),
        skeleton,
        cjk_skeleton: cjk_skeleton(text),
        text: CompactString::from(text),
        class,
        weight: f64::NAN,
        id: Token::NO_ID,
        common,
        marks: if vocabulary().person_names.contains_key(text) {
            Token::PERSON_NAME
        } else {
            0
        },
    }
}

/// Numbers listed names' tokens: tokens alike in text and class share an id (see
/// `Token::id`). Each call is a new numbering, so names numbered apart (two indexes) are
/// never taken to share a token.
pub(crate) fn number_tokens<'a>(names: impl IntoIterator<Item = &'a mut PreparedName>) {
    static NUMBERINGS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
    let numbering = NUMBERINGS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut ids: crate::fxhash::FxHashMap<(CompactString, TokenClass, u8), u32> =
        Default::default();
    for name in names {
        // (After four billion numberings the counter wraps to 0, "not numbered".)
        name.numbering = numbering;
        for t in &mut name.tokens {
            let next = ids.len() as u32;
            if numbering != 0 && next < Token::NO_ID {
                t.id = *ids
                    .entry((t.text.clone(), t.class, t.marks))
                    .or_insert(next);
            }
        }
    }
}

/// A word token made from romanized text (used when gluing tokens together).
pub fn word_token(text: &str) -> Token {
    make(text, TokenClass::Word)
}

/// Whether a name is written in Vietnamese letters: a name of syllables, each a whole word.
/// Known by the letters only Vietnamese writes among the languages of the lists — the
/// horned o and u, and vowels with a hook above or a dot below (Unicode's Latin Extended
/// Additional block from U+1EA0, all Vietnamese) — not by â, ê, ô, ă or đ, which French,
/// Portuguese, Romanian and the South Slavic languages write too.
pub(crate) fn vietnamese(name: &str) -> bool {
    !name.is_ascii()
        && name
            .chars()
            .any(|c| matches!(c, 'Ơ' | 'ơ' | 'Ư' | 'ư' | '\u{1EA0}'..='\u{1EF9}'))
}

/// The pieces of a name's words joined by a hyphen to the piece after them, romanized as
/// the name's words are ("RT" of "RT-ENERGO", "РТ" of "РТ-ЭНЕРГО": "rt").
/// Read only where a one-word legal form is found before another word: no other name pays
/// for it.
fn hyphen_joined(name: &str) -> Vec<CompactString> {
    if !name.contains('-') {
        return Vec::new();
    }
    name.split_whitespace()
        .flat_map(|word| {
            let pieces: Vec<&str> = word.split('-').collect();
            let joined = pieces.len().saturating_sub(1);
            pieces.into_iter().take(joined)
        })
        .map(|piece| CompactString::from(romanize(piece).trim()))
        .filter(|piece| !piece.is_empty())
        .collect()
}

/// Prepares a name. `hint` selects which vocabularies apply.
pub fn prepare(name: &str, hint: NameKindHint) -> PreparedName {
    prepare_with(name, hint, false)
}

/// Prepares a query's name: as [`prepare`], and an organisation's word never seen on the
/// lists that is one edit from a legal-form or organisation word ("COMPNAY", "LIABIKITY")
/// is read as the noise it is (a stop word), not as the name's rarest word.
pub fn prepare_query(name: &str, hint: NameKindHint) -> PreparedName {
    prepare_with(name, hint, true)
}

/// Whether a person's name word is the given name Ben ("Ben Schäfer", "Ben Stiller"), not the
/// Arabic "ben" (son of) nor a title: the first of two words, the name not written surname
/// first with a comma. A nasab follows the person's own name ("Mohamed ben Salah"), and a
/// surname that begins with it stands after a given name or before the comma of a name
/// written surname first ("BEN ALI, Zine El Abidine"). Read as a particle, "Ben Schäfer"
/// was the one word "Schäfer", and met "Morteza SAFERI" as one-word evidence.
fn given_name_ben(word: &str, at: usize, words: usize, name: &str) -> bool {
    word == "ben" && at == 0 && words == 2 && !name.contains(',')
}

/// `name` with each ampersand between two lone letters ("J & P", "A&B") written as the word
/// "and"; `None` where it has none.
fn initials_and(name: &str) -> Option<String> {
    if !name.contains('&') {
        return None;
    }
    let chars: Vec<char> = name.chars().collect();
    let lone = |i: usize| {
        chars[i].is_alphabetic()
            && (i == 0 || !chars[i - 1].is_alphanumeric())
            && chars.get(i + 1).is_none_or(|c| !c.is_alphanumeric())
    };
    let mut out = String::with_capacity(name.len() + 8);
    let mut changed = false;
    for (i, &c) in chars.iter().enumerate() {
        if c == '&' {
            let before = chars[..i]
                .iter()
                .rposition(|c| !matches!(c, ' ' | '.'))
                .is_some_and(lone);
            let after = chars[i + 1..]
                .iter()
                .position(|c| *c != ' ')
                .is_some_and(|k| lone(i + 1 + k));
            if before && after {
                out.push_str(" and ");
                changed = true;
                continue;
            }
        }
        out.push(c);
    }
    changed.then_some(out)
}

fn prepare_with(name: &str, hint: NameKindHint, misspelt_org_words: bool) -> PreparedName {
    // The ISN clause ("… and any successor, sub-unit, or subsidiary thereof") says what a
    // designation reaches, not how the party is called: compared as words, it made two
    // such names alike ("EuroAsia and any successor…" / "Wisdom Import and Export
    // (Shanghai) Co., Ltd. and any successor…": 0.72). The CSL reader leaves it out of the
    // names; a query or FollowTheMoney import may still carry it.
    let name = interdict_model::designation_clause(name).map_or(name, |d| d.0);
    // An ampersand between two lone letters is the word "and": "J & P ADVERTISING" is J and
    // P, two initials, not the letters "J P" Serbian writes for a public enterprise (ЈП).
    let and_written = (hint != NameKindHint::Person)
        .then(|| initials_and(name))
        .flatten();
    let romanized = romanize(and_written.as_deref().unwrap_or(name));
    let script = interdict_text::dominant_script(name);
    let mut raw: Vec<&str> = romanized.split(' ').filter(|t| !t.is_empty()).collect();
    // Chinese, Korean and Japanese names are split into syllables: none is a title,
    // particle or legal form on its own.
    let cjk = matches!(script, Script::Han | Script::Hangul | Script::Kana);
    let org = hint != NameKindHint::Person && !cjk;
    // An "and" between two lone letters of a firm's name joins initials ("J & P", "J AND
    // P"): it keeps them from reading as a legal form written in letters (below), and is no
    // word of the name.
    let lone = |w: &str| w.chars().count() == 1;
    let joins_initials = |raw: &[&str], i: usize| {
        org && raw[i] == "and"
            && i > 0
            && lone(raw[i - 1])
            && raw.get(i + 1).is_some_and(|w| lone(w))
    };
    let as_written = CompactString::from(
        raw.iter()
            .enumerate()
            .filter(|&(i, _)| !joins_initials(&raw, i))
            .map(|(_, w)| *w)
            .collect::<Vec<_>>()
            .join(" "),
    );
    let vocab = vocabulary();
    // A query's organisation word never seen on the lists (or seen only as the word it
    // nearly is), one edit from a word of the legal-form and organisation vocabulary, is
    // that word misspelt: "OJINT STOCK OCMPANY" is a joint stock company, "GROUPP" a group.
    // Corrected before the vocabulary's phrases are looked for, so the phrase is found
    // whole; a corrected word that makes no phrase is a stop word (below).
    // Only in scripts that write vowels: a consonant skeleton is one letter from many words
    // ("شنگ" shng is not the "shang" of a Chinese firm's name).
    let mut corrected = vec![false; raw.len()];
    if org && misspelt_org_words && !script.is_consonantal() {
        for (i, t) in raw.iter_mut().enumerate() {
            if ORG_STOPS.contains(t) || vocab.phrase_starts.contains(*t) {
                continue;
            }
            // Russian writes the English "j" as "дж" ("ДЖОИНТ СТОК" is a joint stock).
            let Some(w) = crate::noise::near_org_word(t).or_else(|| {
                (script == Script::Cyrillic && t.contains("dzh"))
                    .then(|| t.replace("dzh", "j"))
                    .and_then(|r| crate::noise::near_org_word(&r))
            }) else {
                continue;
            };
            let folded = fold(t);
            let unseen = crate::CorpusStats::bundled().tokens().count(&folded) == 0;
            // Seen only as the word it nearly is ("grouup" folds as "group" does): a
            // misspelling of a one-word organisation word, not of a piece of a phrase the
            // lists also write otherwise ("GOSUDARSTVENNOYE" of a listed name as written).
            // (A listed name that is such a word, "PARTHIA" / partiya, is still found as
            // written: see `PreparedName::as_written`.)
            let one_word = vocab.legal_forms.contains_key(w) || vocab.org_symbols.contains_key(w);
            // In Cyrillic script, a word read as a piece of an English legal form is that
            // piece transliterated ("ЛИМИТЕД ЛИАБИЛИТИЙ", "ДЖОИНТ СТОК").
            let transliterated = script == Script::Cyrillic;
            if unseen || ((one_word || transliterated) && folded == fold(w)) {
                *t = w;
                corrected[i] = true;
            }
        }
        // Beside a corrected word, a word one edit from the vocabulary is misspelt too,
        // though the lists have it ("SOCK" of "JONT SOCK COMPANY": Sok is a name).
        for i in 0..raw.len() {
            let beside = (i > 0 && corrected[i - 1]) || corrected.get(i + 1) == Some(&true);
            if corrected[i] || !beside || ORG_STOPS.contains(&raw[i]) {
                continue;
            }
            if let Some(w) = crate::noise::near_org_word(raw[i]).filter(|w| *w != raw[i]) {
                raw[i] = w;
                corrected[i] = true;
            }
        }
        mend_org_words(&mut raw, &mut corrected);
    }
    let person = hint != NameKindHint::Organization && !cjk;
    let mut tokens = Vec::with_capacity(raw.len());
    let mut letters = CompactString::default();
    let mut registered_in = None;
    let mut i = 0;
    while i < raw.len() {
        // Longest vocabulary phrase starting here.
        let mut matched = None;
        if org && vocab.phrase_starts.contains(raw[i]) {
            let max = vocab.max_phrase.min(raw.len() - i);
            for len in (1..=max).rev() {
                let phrase = raw[i..i + len].join(" ");
                if let Some(class) = vocab.legal_forms.get(&phrase) {
                    // Letters alone beside another lone letter are a run of initials ("M. D.
                    // S.": no Turkish "D.S."; "N.A.Z.": no national association "N.A."), not
                    // a legal form written as letters — unless they end the name, where legal
                    // forms stand ("C.I. S.A.S.").
                    if ((i > 0 && lone(raw[i - 1])) || raw.get(i + len).is_some_and(|w| lone(w)))
                        && raw[i..i + len].iter().all(|w| lone(w))
                        && i + len < raw.len()
                    {
                        continue;
                    }
                    // A one-word legal form joined by a hyphen to the word after it is a
                    // piece of the name: the "RT" of "RT-ENERGO" (Rostec's companies) is no
                    // Hungarian Rt., and "RT-ENERGO" no joint stock company ENERGIYA.
                    if len == 1
                        && i + 1 < raw.len()
                        && hyphen_joined(name).iter().any(|j| j == raw[i])
                    {
                        continue;
                    }
                    if registered_in.is_none() {
                        registered_in = vocab.legal_form_countries.get(&phrase).map(Vec::as_slice);
                    }
                    matched = Some((len, make(class, TokenClass::LegalForm)));
                    break;
                }
                if let Some(sym) = vocab.org_symbols.get(&phrase) {
                    matched = Some((len, make(sym, TokenClass::Symbol)));
                    break;
                }
            }
        }
        // Where short vowels go unwritten, a legal form or organisation word written in
        // that script is known by its consonants ("لمتد ليبلتي كمپني" is a limited liability
        // company, "تردنگ" trading): a phrase of them always, one word where the lists
        // hardly use it in a name (their own transliterated names write "كمپني" once).
        // (Longer than a phrase found as written: "لمتد" lmtd is an abbreviation of its own,
        // "لمتد ليبلتي كمپني" the whole legal form.)
        if org && misspelt_org_words && script.is_consonantal() {
            if let Some((len, spelt)) = crate::noise::spelt_by_skeleton(&raw[i..])
                .filter(|(len, _)| matched.as_ref().is_none_or(|(l, _)| len > l))
            {
                let stats = crate::CorpusStats::bundled().tokens();
                if len > 1 || stats.count(&fold(raw[i])) <= 1 {
                    matched = Some(match spelt {
                        crate::noise::Spelt::LegalForm(c) => (len, make(c, TokenClass::LegalForm)),
                        crate::noise::Spelt::Symbol(c) => (len, make(c, TokenClass::Symbol)),
                    });
                }
            }
        }
        if let Some((len, tok)) = matched {
            if tok.class == TokenClass::Symbol {
                raw[i..i + len].iter().for_each(|w| letters.push_str(w));
            }
            tokens.push(tok);
            i += len;
            continue;
        }
        if joins_initials(&raw, i) {
            i += 1;
            continue;
        }
        let t = raw[i];
        let given_ben = given_name_ben(t, i, raw.len(), name);
        let class = if t.chars().all(|c| c.is_ascii_digit()) {
            TokenClass::Number
        } else if t.len() == 1 && !matches!(script, Script::Hangul | Script::Han | Script::Kana) {
            // A letter alone abbreviates a word; a syllable written in Hangul, Chinese
            // characters or kana is whole ("이" i, the surname Lee).
            TokenClass::Initial
        } else if person
            && (TITLES.contains(&t) || vocab.person_prefixes.contains_key(t))
            && raw.len() > 1
            && !given_ben
        {
            TokenClass::Title
        } else if person && PARTICLES.contains(&t) && i + 1 < raw.len() && !given_ben {
            // A particle joins the word after it ("das Neves", "al Hassan"); a name's last
            // word is a name ("Ajay DAS", "Mohamed EL SAYED").
            TokenClass::Particle
        } else if org && (ORG_STOPS.contains(&t) || corrected[i]) {
            TokenClass::Stop
        } else {
            TokenClass::Word
        };
        if class != TokenClass::Title {
            letters.push_str(t);
        }
        tokens.push(make(t, class));
        i += 1;
    }
    // A word of a legal-form phrase beside a misspelt piece of one ("STOCK" in "OJINT STOCK
    // OCMPANY") is a piece of that legal form too, though the lists also use it in names.
    if misspelt_org_words && org {
        let broken = |t: &Token| {
            t.class == TokenClass::LegalForm
                || (t.class == TokenClass::Stop && !ORG_STOPS.contains(&t.text.as_str()))
        };
        for i in 0..tokens.len() {
            if tokens[i].class == TokenClass::Word
                && crate::noise::legal_form_word(&tokens[i].text)
                && (i.checked_sub(1).is_some_and(|k| broken(&tokens[k]))
                    || tokens.get(i + 1).is_some_and(broken))
            {
                tokens[i].class = TokenClass::Stop;
            }
        }
    }
    // A name made only of "particles" (e.g. "Abu Ali") keeps them as words; its organisation
    // words too, unless initials are its name ("A.B.C. TRADING", whose "trading" is the
    // organisation word of "ABC TRADING").
    if !tokens
        .iter()
        .any(|t| matches!(t.class, TokenClass::Word | TokenClass::Number))
    {
        let initials = tokens.iter().any(|t| t.class == TokenClass::Initial);
        for t in &mut tokens {
            if matches!(t.class, TokenClass::Particle | TokenClass::Stop)
                || (t.class == TokenClass::Symbol && !initials)
            {
                t.class = TokenClass::Word;
            }
        }
    }
    let org_name = !cjk
        && (hint == NameKindHint::Organization
            || (hint == NameKindHint::Any
                && tokens
                    .iter()
                    .any(|t| matches!(t.class, TokenClass::LegalForm | TokenClass::Symbol))));
    if org_name {
        for t in &mut tokens {
            t.mark(Token::ORG_NAME, true);
        }
    }
    if script == Script::Han {
        for t in &mut tokens {
            t.mark(Token::HAN, true);
        }
    }
    if script == Script::Hangul {
        for t in &mut tokens {
            t.mark(Token::HANGUL, true);
        }
    }
    // Arabic script leaves short vowels unwritten: its words are known as common names by
    // their written consonants ("فيصل" fisl is Faisal).
    if script == Script::Arabic {
        for t in &mut tokens {
            if !t.common && t.class == TokenClass::Word {
                t.common = crate::common::is_common_in_abjad(&t.fold);
            }
        }
    }
    let compact = tokens
        .iter()
        .filter(|t| t.in_compact())
        .map(|t| t.fold.as_str())
        .collect::<CompactString>();
    let compact_skeleton = CompactString::from(skeleton(&compact));
    let mut numbers: Vec<CompactString> = tokens
        .iter()
        .filter(|t| t.class == TokenClass::Number)
        .map(|t| t.text.clone())
        .collect();
    numbers.sort_unstable();
    let word_count = tokens
        .iter()
        .filter(|t| matches!(t.class, TokenClass::Word | TokenClass::Number))
        .count();
    let core: Vec<&Token> = tokens
        .iter()
        .filter(|t| !matches!(t.class, TokenClass::LegalForm | TokenClass::Title))
        .collect();
    let single_token = (core.len() == 1).then(|| core[0].text.clone());
    // People's names do not make acronyms ("Noah Kaiser" is not "NK").
    let initials = (core.len() >= 2 && hint != NameKindHint::Person).then(|| {
        let all: CompactString = core.iter().filter_map(|t| t.text.chars().next()).collect();
        let no_stop: CompactString = core
            .iter()
            .filter(|t| t.class != TokenClass::Stop)
            .filter_map(|t| t.text.chars().next())
            .collect();
        (all, no_stop)
    });
    let native_cjk = cjk && crate::common::native_cjk_name(name);
    let transcribed_from = if !cjk || native_cjk {
        0
    } else if cjk_in_parts(name) {
        2
    } else {
        3
    };
    PreparedName {
        original: name.to_string(),
        tokens,
        compact,
        letters,
        as_written,
        consonantal: script.is_consonantal(),
        script,
        compact_skeleton,
        numbers,
        word_count,
        initials,
        single_token,
        numbering: 0,
        transcribed_from,
        registered_in,
    }
}

/// Whether a name written in Chinese characters or Hangul is written in parts: two runs of
/// those characters or more, apart by a space or a middle dot ("에드윈 캣멀", "鲍里斯·罗滕贝格").
fn cjk_in_parts(name: &str) -> bool {
    name.split(|c: char| c.is_whitespace() || matches!(c, '·' | '・' | '‧' | '•'))
        .filter(|part| part.chars().any(crate::common::cjk_char))
        .count()
        >= 2
}

/// Mends a customer's organisation words broken otherwise than by one letter: split in two
/// ("COM PANY", "BM HOL DING"), glued to the next ("JOINT STOCKCOMPANY"), or cut short at the
/// name's end ("IRANIAN AVIATION INDUSTRIES ORGANIZ"). Each mended word is marked in `corrected`, so one
/// that makes no phrase is read as noise, not as the name's rarest word. Words the
/// vocabulary knows are left alone; a glued or cut-short word only where the lists never
/// write it.
fn mend_org_words(raw: &mut Vec<&str>, corrected: &mut Vec<bool>) {
    let vocab = vocabulary();
    let known = |w: &str| {
        ORG_STOPS.contains(&w)
            || vocab.phrase_starts.contains(w)
            || vocab.legal_forms.contains_key(w)
            || vocab.org_symbols.contains_key(w)
    };
    let seen = |w: &str| crate::CorpusStats::bundled().tokens().count(&fold(w)) > 0;
    let mut i = 0;
    while i < raw.len() {
        if corrected[i] || known(raw[i]) {
            i += 1;
            continue;
        }
        if let Some(w) = raw
            .get(i + 1)
            .filter(|next| !corrected[i + 1] && !known(next))
            .and_then(|next| crate::noise::split_org_word(raw[i], next))
        {
            raw[i] = w;
            raw.remove(i + 1);
            corrected.remove(i + 1);
            corrected[i] = true;
            i += 1;
            continue;
        }
        if !seen(raw[i]) {
            if let Some((a, b)) = crate::noise::glued_org_words(raw[i]) {
                raw[i] = a;
                raw.insert(i + 1, b);
                corrected[i] = true;
                corrected.insert(i + 1, true);
                i += 2;
                continue;
            }
            // Cut short, it is the word that ends a legal form or organisation phrase begun
            // before it, where one does, or else the shortest word it begins ("ORGANIZ" is
            // "organization").
            if i > 0 && i + 1 == raw.len() {
                let found = crate::noise::cut_short_org_words(raw[i]);
                let ends_phrase = |w: &&&'static str| {
                    (1..=i.min(vocab.max_phrase)).any(|k| {
                        let phrase = format!("{} {w}", raw[i - k..i].join(" "));
                        vocab.legal_forms.contains_key(&phrase)
                            || vocab.org_symbols.contains_key(&phrase)
                    })
                };
                if let Some(w) = found.iter().find(ends_phrase).or(found.first()) {
                    raw[i] = w;
                    corrected[i] = true;
                }
            }
        }
        i += 1;
    }
}

/// Whether every word of a name, read as the matcher reads a person's name, is a common
/// given name or surname somewhere ("Daniel PEREZ", "Li Wei"; not "Timur SHAGIVALEEV").
/// Titles, particles and initials are not words.
pub fn is_common_name(name: &str) -> bool {
    let p = prepare(name, NameKindHint::Person);
    let mut words = p
        .tokens
        .iter()
        .filter(|t| t.class == TokenClass::Word)
        .peekable();
    words.peek().is_some() && words.all(|t| t.common)
}

/// Whether a listed person's name writes a surname of two words ("ALVAREZ CASTRO,
/// Santiago", "Santiago ALVAREZ CASTRO"): the words before a comma, or the upper-case words
/// of a name also written in lower case, as the lists mark a surname. Particles do not
/// count ("DE LA CRUZ" is one surname), nor does a hyphen ("SANCHEZ-LOPEZ", "HO-JIN" are
/// one word); a name written all in one case says nothing.
pub(crate) fn double_surname(name: &str) -> bool {
    let surname_words = |words: &mut dyn Iterator<Item = &str>| {
        words
            .filter(|w| w.chars().any(char::is_alphabetic))
            .filter(|w| !is_particle(&w.to_lowercase()))
            .count()
            >= 2
    };
    if let Some((surname, _)) = name.split_once(',') {
        return surname_words(&mut surname.split_whitespace());
    }
    let cased = |w: &&str| w.chars().any(char::is_lowercase);
    if !name.split_whitespace().any(|w| cased(&w)) {
        return false;
    }
    surname_words(
        &mut name
            .split_whitespace()
            .filter(|w| !cased(w) && w.chars().filter(|c| c.is_alphabetic()).count() >= 2),
    )
}

impl PreparedName {
    /// Whether the name says it is an organisation's: it has a legal form (LLC, ООО, GmbH…),
    /// or with `symbols` an organisation word (Bank, Group, Trading…).
    pub fn has_org_marker(&self, symbols: bool) -> bool {
        self.tokens
            .iter()
            .any(|t| t.class == TokenClass::LegalForm || (symbols && t.class == TokenClass::Symbol))
    }

    /// True when the name is written in Chinese, Korean or Japanese script, whose renderings
    /// of foreign names do not tell l from r.
    pub fn is_cjk(&self) -> bool {
        matches!(self.script, Script::Han | Script::Hangul | Script::Kana)
    }

    /// True when the name has no tokens.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(name: &str, hint: NameKindHint) -> Vec<(String, TokenClass)> {
        prepare(name, hint)
            .tokens
            .into_iter()
            .map(|t| (t.text.to_string(), t.class))
            .collect()
    }

    #[test]
    fn ben_first_of_two_words_is_a_given_name() {
        let person = |n: &str| classes(n, NameKindHint::Person);
        assert_eq!(
            person("Ben Schäfer"),
            vec![
                ("ben".to_string(), TokenClass::Word),
                ("schafer".to_string(), TokenClass::Word)
            ]
        );
        // The Arabic "ben" (son of), and a surname written first, are not.
        for name in ["Mohamed ben Salah", "BEN ALI, Zine", "Ben Ali Mohamed"] {
            let ben = person(name).into_iter().find(|(t, _)| t == "ben").unwrap();
            assert_ne!(ben.1, TokenClass::Word, "{name}");
        }
    }

    #[test]
    fn recognizes_legal_forms_symbols_and_particles() {
        let a = classes(
            "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU 'YARGEO'",
            NameKindHint::Organization,
        );
        let b = classes("YARGEO, OOO", NameKindHint::Organization);
        assert_eq!(a.len(), 2, "{a:?}");
        assert_eq!(a[0].1, TokenClass::LegalForm);
        assert_eq!(a[0].0, b[1].0, "same legal-form class");
        let c = classes("ООО Алабуга Машинери", NameKindHint::Any);
        assert_eq!(c[0].1, TokenClass::LegalForm);
        assert_eq!(c[1], ("alabuga".to_string(), TokenClass::Word));
        let p = classes("Haji Abd al-Rahman bin Laden", NameKindHint::Person);
        assert_eq!(p[0].1, TokenClass::Title);
        assert_eq!(p[1].1, TokenClass::Particle);
        assert_eq!(p[3].0, "rahman");
        // A particle joins the word after it; a name's last word is a name.
        let das = classes("Maria das Neves Das", NameKindHint::Person);
        assert_eq!(das[1], ("das".to_string(), TokenClass::Particle));
        assert_eq!(das[3], ("das".to_string(), TokenClass::Word));
        // Private Limited is India's legal form, not a title and a word (Pvt. Ltd. too),
        // and Turkish "Ege" (the Aegean) is a name word, not rigour's Hungarian "EGE".
        for name in ["SAGAR PHARMA PRIVATE LIMITED", "Sagar Pharma Pvt. Ltd."] {
            let c = classes(name, NameKindHint::Any);
            assert_eq!(c.len(), 3, "{c:?}");
            assert_eq!(c[2].1, TokenClass::LegalForm, "{c:?}");
        }
        // The articles of a firm's name are stop words, as "the" is.
        let los = classes("Los Andes Servicios S. de R.L.", NameKindHint::Organization);
        assert_eq!(los[0], ("los".to_string(), TokenClass::Stop), "{los:?}");
        let ege = classes("EGE KIMYA A.Ş.", NameKindHint::Any);
        assert_eq!(ege[0], ("ege".to_string(), TokenClass::Word));
        // Nor is "STG" the German silent partnership (a contract, never a firm's name).
        let stg = classes("OOO STG LOGISTIK", NameKindHint::Any);
        assert_eq!(stg[1], ("stg".to_string(), TokenClass::Word), "{stg:?}");
        assert_eq!(
            classes("419 Aircraft Repair Plant", NameKindHint::Organization)[0].1,
            TokenClass::Number
        );
    }

    #[test]
    fn the_designation_clause_is_no_part_of_a_name() {
        let words = |n: &str| {
            prepare_query(n, NameKindHint::Organization)
                .tokens
                .iter()
                .map(|t| t.text.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            words("Synnat Pharma Pvt Ltd.; and any successor, sub-unit, or subsidiary thereof"),
            words("Synnat Pharma Pvt Ltd.")
        );
        assert_eq!(
            words("EUROASIA AND ANY SUCCESSOR, SUBUNIT, OR SUBSIDIARY THEREOF"),
            words("EUROASIA")
        );
        // Nothing before it: the words are all there is.
        assert!(words("and any successor").len() >= 2);
    }

    #[test]
    fn initials_are_not_a_legal_form_written_in_letters() {
        let org = |n: &str| classes(n, NameKindHint::Organization);
        let initial = |t: &str| (t.to_string(), TokenClass::Initial);
        // "J P" is how Serbian writes a public enterprise (ЈП): at the head of a name, so.
        assert_eq!(org("JP SRBIJAGAS")[0].1, TokenClass::LegalForm);
        // Joined by "&" or "and", the letters are two people's initials, "and" no word.
        for name in [
            "J & P ADVERTISING",
            "J&P ADVERTISING",
            "J AND P ADVERTISING",
        ] {
            let c = org(name);
            assert_eq!(c[..2], [initial("j"), initial("p")], "{name}: {c:?}");
            assert_eq!(c.len(), 3, "{name}: {c:?}");
        }
        assert_eq!(
            prepare("J & P ADVERTISING", NameKindHint::Organization).as_written,
            "j p advertising"
        );
        // Beside another lone letter they are a run of initials: no Turkish "D.S." in "M. D.
        // S.", no national association "N.A." in "N.A.Z."; at the end of a name, a legal form.
        let mds = org("M. D. S. IMPORT EXPORT");
        assert_eq!(
            mds[..3],
            [initial("m"), initial("d"), initial("s")],
            "{mds:?}"
        );
        let naz = org("N.A.Z. TECHNOLOGY");
        assert_eq!(
            naz[..3],
            [initial("n"), initial("a"), initial("z")],
            "{naz:?}"
        );
        // A name of initials keeps its organisation word one.
        let abc = org("A.B.C. TRADING");
        assert_eq!(abc[3].1, TokenClass::Symbol, "{abc:?}");
        let ci = org("ZULIANA DE ESMERALDAS C.I. S.A.S.");
        assert_eq!(
            ci.last().map(|t| t.1),
            Some(TokenClass::LegalForm),
            "{ci:?}"
        );
    }
}
