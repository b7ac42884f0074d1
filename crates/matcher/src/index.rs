//! The candidate index: keys derived from every listed name's tokens point to the names that
//! have them, so a query scores a few dozen likely names instead of every name on every list.
//!
//! Keys per word token: its phonetic fold (`f:`), its consonant skeleton (`s:`, the key that
//! finds Arabic- and Hebrew-script names), and the first and last three letters of the fold
//! (`p:`, `x:`: a typo leaves one of them intact; the prefix also finds glued names, "jin" in
//! "jinping"). Per name: the whole name as written (`e:`), its words run together (`c:`, both
//! with and without its organisation words, so a name glued or split otherwise is found),
//! and its consonants run together (`k:`; a person's name written "SURNAME, Given" also in
//! the given-names-first order Arabic and Hebrew script write it, `r:`). Names are ranked by
//! the summed rarity of the keys they share with the query; rarity comes from pinned corpus
//! counts ([`crate::CorpusStats`]), so a name's rank for a query does not depend on the
//! other names indexed.

use crate::fxhash::FxHashMap;
use crate::grams::{GramTable, QueryGrams};
use crate::names::{prepare, NameKindHint, PreparedName, Token, TokenClass};
use crate::prefetch::prefetch_bytes;
use crate::{hint, CorpusStats, MatchOptions, MatchResult, PreparedQuery, TokenStats};
use interdict_model::{Entity, NameKind, Schema};

/// Keys with more postings than this are too common to help find anything.
const MAX_POSTINGS: usize = 2000;

/// How many key-ranked names per requested candidate are re-ranked by whole-name similarity.
pub(crate) const RERANK_FACTOR: usize = 3;

/// Listed names, prepared, with the key → names postings.
#[derive(Debug)]
pub struct CandidateIndex {
    entities: Vec<Entity>,
    /// (entity index, name index within the entity, prepared name).
    names: Vec<(u32, u16, PreparedName)>,
    /// Each name's (entity index, name index within the entity), apart from the names:
    /// grouping a query's candidates by entity then reads no prepared name.
    owners: Vec<(u32, u16)>,
    /// The trigrams of each name's compact form, for the re-rank.
    grams: GramTable,
    /// Key → (its retrieval weight, the names that have it). Keys too common to help are
    /// left out.
    postings: FxHashMap<String, (f32, Vec<u32>)>,
    /// Normalized identifier → entity indices, so a query's passport or registration number
    /// finds its entity without the name index and without a scan.
    identifiers: FxHashMap<String, Vec<u32>>,
    /// Entity id → position in `entities`.
    by_id: FxHashMap<String, u32>,
    /// Each entity's schema and each name's kind, by position: scoring reads these for
    /// every candidate, and most candidates are dismissed without their entity being read.
    schemas: Vec<Schema>,
    kinds: Vec<NameKind>,
    /// Each listed person's sex, as stated or as its given names say (see
    /// `features::sex`), by entity position: read once, not for every query.
    sexes: Vec<crate::features::Sex>,
    stats: TokenStats,
}

/// A name's keys, written one after another into one string: a query makes a dozen keys,
/// and a string each cost more than looking them up.
#[derive(Debug, Default)]
pub(crate) struct Keys {
    text: String,
    /// Where each key lies in `text`.
    spans: Vec<(usize, usize)>,
}

impl Keys {
    fn clear(&mut self) {
        self.text.clear();
        self.spans.clear();
    }

    /// Adds the key spelled by `parts` one after another.
    fn push(&mut self, parts: &[&str]) {
        let start = self.text.len();
        for p in parts {
            self.text.push_str(p);
        }
        self.spans.push((start, self.text.len()));
    }

    /// Adds the key `prefix` followed by `chars`.
    fn push_chars(&mut self, prefix: &str, chars: impl Iterator<Item = char>) {
        let start = self.text.len();
        self.text.push_str(prefix);
        self.text.extend(chars);
        self.spans.push((start, self.text.len()));
    }

    /// Adds the key `prefix` followed by the consonant skeleton of `letters` (v counted as
    /// a vowel), when the skeleton has three consonants or more.
    fn push_consonants(&mut self, prefix: &str, letters: &str) {
        let start = self.text.len();
        self.text.push_str(prefix);
        interdict_text::skeleton_with(
            letters,
            |b| if b == b'v' { b'w' } else { b },
            |c| self.text.push(c),
        );
        if self.text.len() - start >= prefix.len() + 3 {
            self.spans.push((start, self.text.len()));
        } else {
            self.text.truncate(start);
        }
    }

    /// Sorts the keys (as strings sort) and drops repeats: a key counts once per name.
    fn sort_dedup(&mut self) {
        let text = &self.text;
        self.spans
            .sort_unstable_by(|a, b| text[a.0..a.1].cmp(&text[b.0..b.1]));
        self.spans.dedup_by(|a, b| text[a.0..a.1] == text[b.0..b.1]);
    }

    /// The keys, in order.
    fn iter(&self) -> impl Iterator<Item = &str> {
        self.spans.iter().map(|&(a, b)| &self.text[a..b])
    }
}

fn token_keys(fold: &str, skel: &str, word: bool, out: &mut Keys) {
    out.push(&["f:", fold]);
    if word && skel.len() >= 2 {
        out.push(&["s:", skel]);
    }
    if fold.len() >= 4 {
        out.push(&["p:", &fold[..3]]);
    }
    if fold.len() >= 5 {
        out.push(&["x:", &fold[fold.len() - 3..]]);
    }
}

/// The keys of a name. `for_query` leaves out the keys a query in this name's script can
/// never need: a Latin or Cyrillic query has no use for the l/r-merged `z:` keys that let
/// Chinese, Korean and Japanese renderings find Latin names.
fn keys(name: &PreparedName, out: &mut Keys, for_query: bool) {
    let cjk_keys = !for_query || name.is_cjk();
    // The whole name, exactly: exact names are always found, however short or generic.
    let start = out.text.len();
    out.text.push_str("e:");
    for (i, t) in name.tokens.iter().enumerate() {
        if i > 0 {
            out.text.push(' ');
        }
        out.text.push_str(&t.text);
    }
    out.spans.push((start, out.text.len()));
    for t in &name.tokens {
        if !matches!(t.class, TokenClass::Word | TokenClass::Number) {
            continue;
        }
        token_keys(&t.fold, &t.skeleton, t.class == TokenClass::Word, out);
        // The key Chinese, Korean and Japanese renderings are looked up by (l = r, j = z).
        if cjk_keys && t.class == TokenClass::Word && t.skeleton.len() >= 2 {
            out.push(&["z:", &t.cjk_skeleton]);
        }
        // The sounds by which a transcription into Chinese or Korean syllables finds a
        // listed Western word of a person's name ("罗滕贝格" luo teng bei ge / ROTENBERG;
        // see `similarity::heard` for why not an organisation's).
        if !for_query && !name.is_cjk() && t.class == TokenClass::Word && !t.org_name() {
            crate::transcribed::western_keys(&t.text, |k| out.push(&[k]));
        }
    }
    if name.compact.len() >= 4 {
        out.push(&["c:", &name.compact]);
    }
    // The letters of the whole name with its organisation words as written, run together:
    // a firm's name glued or split otherwise ("TNKTRADE LIMITED" / TNK TRADE LIMITED,
    // "KONTSERNORION OAO" / KONTSERN ORION OAO) is its listed name letter for letter, though
    // its pieces are no longer the listed words.
    if name.letters.len() >= 4 && name.letters != name.compact {
        out.push(&["c:", &name.letters]);
    }
    // The consonants of the whole name, its words run together: what a name written in a
    // script that leaves short vowels unwritten (Arabic, Persian, Hebrew) shares with its
    // Latin spelling, either way round. A name of common words ("mhmd rfi bn adn") shares
    // each word's keys with hundreds of names, but this one only with a few ("MOHAMAD RAFI
    // BIN UDIN"), and a romanization full of written-out vowels ("Alajama'a Alatunasia")
    // finds its Arabic original. Run together, so that a word split differently ("al na" /
    // "Elena") keeps its consonants; v counts as a vowel, since و is u to one
    // transliterator and v to another ("Petrov" / پترو ptr).
    out.push_consonants("k:", &name.compact);
    // A person's name written surname first ("ZUBAIDI, Muhammad Hamza") also has its
    // consonants in the order Arabic and Hebrew script write it, given names first (`r:`),
    // which a query in those scripts looks up with its own ("محمد حمزة زبيدي"): its words'
    // keys are shared with hundreds of names, and its `k:` key follows the written order.
    // (A query in another script finds such a name by its words.)
    if for_query {
        if name.consonantal {
            out.push_consonants("r:", &name.compact);
        }
    } else if let Some(natural) = natural_order_compact(name) {
        out.push_consonants("r:", &natural);
    }
    // Acronyms: a one-word name is looked up by the initials of longer names ("LET" /
    // "Lashkar-e-Tayyiba"), with and without stop words.
    let words = || {
        name.tokens
            .iter()
            .filter(|t| !matches!(t.class, TokenClass::LegalForm | TokenClass::Title))
    };
    let (count, first) = (words().count(), words().next());
    match first {
        Some(only) if count == 1 && (2..=8).contains(&only.text.len()) => {
            out.push(&["a:", &only.text]);
        }
        _ if count >= 2 => {
            let initials = |stop: bool| {
                words()
                    .filter(move |t| stop || t.class != TokenClass::Stop)
                    .filter_map(|t| t.text.chars().next())
            };
            out.push_chars("a:", initials(true));
            if initials(false).ne(initials(true)) {
                out.push_chars("a:", initials(false));
            }
        }
        _ => {}
    }
    // A person's name with given names as initials ("Y. D. MANSOUR"): each common word
    // (a rare one finds the name by its own keys) is looked up with the initials of the
    // name's other words (in letter order, since a listed name may put the surname first),
    // so a common surname does not bury the one listed person whose initials agree under
    // the hundreds who share it. A query needs an initial for it.
    let personal = |t: &&Token| {
        matches!(
            t.class,
            TokenClass::Word | TokenClass::Initial | TokenClass::Particle | TokenClass::Title
        )
    };
    let person_like = !name.is_cjk() && !name.tokens.iter().any(|t| t.org_name());
    let with_initial = name.tokens.iter().any(|t| t.class == TokenClass::Initial);
    let n = name.tokens.iter().filter(personal).count();
    if person_like && (2..=6).contains(&n) && (!for_query || with_initial) {
        for (i, w) in name.tokens.iter().enumerate() {
            if w.class != TokenClass::Word || w.fold.len() < 3 || !w.common {
                continue;
            }
            let mut initials: Vec<char> = name
                .tokens
                .iter()
                .enumerate()
                .filter(|(j, t)| *j != i && personal(t))
                .filter_map(|(_, t)| t.text.chars().next())
                .collect();
            initials.sort_unstable();
            let start = out.text.len();
            out.text.push_str("n:");
            out.text.extend(initials);
            out.text.push(':');
            out.text.push_str(&w.fold);
            out.spans.push((start, out.text.len()));
        }
    }
    // Syllable-split names (Chinese, Korean, Japanese): runs of 2-4 syllables may be one word
    // on the list ("wa ta na be" → "watanabe").
    if name.is_cjk() {
        let toks: Vec<&str> = name.tokens.iter().map(|t| t.text.as_str()).collect();
        for i in 0..toks.len() {
            for len in 2..=4 {
                if i + len > toks.len() {
                    break;
                }
                let glued: String = toks[i..i + len].concat();
                let f = interdict_text::fold(&glued);
                let sk = interdict_text::skeleton(&glued);
                token_keys(&f, &sk, true, out);
                out.push(&["z:", &crate::names::cjk_skeleton(&glued)]);
            }
        }
        // A Western name transcribed syllable by syllable, by its sounds (see
        // `transcribed`): a word of three to six syllables ("格拉西莫夫" ge la xi mo fu), or
        // of two in a name written in parts (see `PreparedName::transcribed_from`). Two
        // syllables alone are most often a Chinese or Korean name of its own ("马丹" ma dan),
        // which would find every Western word of its three sounds (MUTHANA).
        let fewest = usize::from(name.transcribed_from);
        if for_query && fewest > 0 {
            for i in 0..toks.len() {
                let han = name.tokens[i].han();
                let mut glued = String::new();
                for (n, t) in name.tokens[i..].iter().take(6).enumerate() {
                    if !(t.han() || t.hangul()) {
                        break;
                    }
                    glued.push_str(&t.text);
                    if n + 1 >= fewest {
                        crate::transcribed::syllable_keys(&glued, han, |k| out.push(&[k]));
                    }
                }
            }
        }
    }
}

/// A person's name written "SURNAME, Given names", its name words run together given names
/// first (as [`PreparedName::compact`] runs them in written order); `None` for any other
/// name. Each word of a person's name is one token, so the words before the comma are the
/// first tokens.
fn natural_order_compact(name: &PreparedName) -> Option<String> {
    if name.is_cjk() || name.tokens.iter().any(|t| t.org_name()) {
        return None;
    }
    let (surname, given) = name.original.split_once(',')?;
    if given.contains(',') || given.trim().is_empty() {
        return None;
    }
    let n = interdict_text::romanize(surname)
        .split(' ')
        .filter(|t| !t.is_empty())
        .count();
    if n == 0 || n >= name.tokens.len() {
        return None;
    }
    let (head, tail) = name.tokens.split_at(n);
    Some(
        tail.iter()
            .chain(head)
            .filter(|t| t.in_compact())
            .map(|t| t.fold.as_str())
            .collect(),
    )
}

/// Listed names prepared for indexing, before any statistics are applied.
pub(crate) struct PreparedEntities {
    /// (entity index, name index within the entity, prepared name), ordered by entity id so
    /// that two indexes over overlapping lists order the names they share alike.
    pub(crate) names: Vec<(u32, u16, PreparedName)>,
    /// Key → (a slot for its weight, the ids of the names that have it).
    pub(crate) postings: FxHashMap<String, (f32, Vec<u32>)>,
    /// Normalized identifier → entity indices.
    identifiers: FxHashMap<String, Vec<u32>>,
}

/// Prepares the names of every matchable entity and collects their keys.
pub(crate) fn prepare_entities(entities: &[Entity]) -> PreparedEntities {
    let mut names = Vec::new();
    let mut postings: FxHashMap<String, (f32, Vec<u32>)> = FxHashMap::default();
    let mut identifiers: FxHashMap<String, Vec<u32>> = FxHashMap::default();
    let mut buf = Keys::default();
    // Names are numbered in entity-id order (not list order): ties between equally ranked
    // names break by number, and must break alike in every index that holds both names.
    let mut order: Vec<usize> = (0..entities.len()).collect();
    order.sort_by(|&a, &b| entities[a].id.cmp(&entities[b].id));
    for ei in order {
        let e = &entities[ei];
        if !e.is_screened() {
            continue;
        }
        for i in &e.identifiers {
            let n = i.normalized();
            if n.len() >= crate::features::MIN_IDENTIFIER_LEN {
                let v = identifiers.entry(n).or_default();
                if v.last() != Some(&(ei as u32)) {
                    v.push(ei as u32);
                }
            }
        }
        let h = hint(&e.schema);
        for (ni, n) in e.names.iter().enumerate().take(u16::MAX as usize) {
            let p = prepare(&n.value, h);
            if p.is_empty() {
                continue;
            }
            let id = names.len() as u32;
            buf.clear();
            keys(&p, &mut buf, false);
            buf.sort_dedup();
            for k in buf.iter() {
                match postings.get_mut(k) {
                    Some(entry) => entry.1.push(id),
                    None => {
                        postings.insert(k.to_string(), (0.0, vec![id]));
                    }
                }
            }
            names.push((ei as u32, ni as u16, p));
        }
    }
    PreparedEntities {
        names,
        postings,
        identifiers,
    }
}

/// The weight of a key in retrieval (`None`: too common to help), from the pinned count of
/// names that have it among `total` names.
fn key_weight(key: &str, count: u32, total: f64) -> Option<f32> {
    if count as usize > MAX_POSTINGS && !key.starts_with("e:") {
        return None;
    }
    let mut w = (total / count.max(1) as f64).ln().max(0.1);
    if key.starts_with("e:") {
        w *= 4.0;
    } else if key.starts_with("c:") {
        w *= 2.0;
    } else if key.starts_with("p:") || key.starts_with("x:") {
        w *= 0.5;
    }
    Some(w as f32)
}

/// The bits of `w` as an integer that orders as `f32::total_cmp` does.
fn ascending_bits(w: f32) -> u32 {
    let b = w.to_bits();
    if b >> 31 == 1 {
        !b
    } else {
        b | 1 << 31
    }
}

/// The inverse of [`ascending_bits`].
fn from_ascending_bits(k: u32) -> f32 {
    f32::from_bits(if k >> 31 == 1 { k & !(1 << 31) } else { !k })
}

/// The bits of `w` as an integer that orders as `f64::total_cmp` does.
fn ascending_bits_64(w: f64) -> u64 {
    let b = w.to_bits();
    if b >> 63 == 1 {
        !b
    } else {
        b | 1 << 63
    }
}

/// The inverse of [`ascending_bits_64`].
fn from_ascending_bits_64(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k })
}

/// A thread's buffers for retrieval, reused from query to query.
#[derive(Default)]
struct Scratch {
    /// One summed key weight per indexed name (zero between queries).
    acc: Vec<f32>,
    /// The names whose weight a query made non-zero.
    touched: Vec<u32>,
    /// The query's keys.
    keys: Keys,
}

/// What retrieval by keys found for a query, before the re-rank.
pub(crate) struct KeyCandidates {
    /// (name id, summed key weight) of the best names by key weight, best first.
    pub(crate) ranked: Vec<(u32, f64)>,
    /// More names were touched than kept: the ones left out come after the last kept one.
    pub(crate) truncated: bool,
}

impl CandidateIndex {
    /// Indexes the names of every matchable entity, with the shipped corpus statistics
    /// ([`CorpusStats::bundled`]).
    pub fn build(entities: Vec<Entity>) -> CandidateIndex {
        CandidateIndex::build_with(entities, CorpusStats::bundled())
    }

    /// Indexes the names of every matchable entity, weighing tokens and keys by `corpus`.
    pub fn build_with(entities: Vec<Entity>, corpus: &CorpusStats) -> CandidateIndex {
        let PreparedEntities {
            mut names,
            mut postings,
            identifiers,
        } = prepare_entities(&entities);
        let stats = corpus.tokens().clone();
        for (_, _, p) in &mut names {
            p.set_weights(&stats);
        }
        crate::names::number_tokens(names.iter_mut().map(|(_, _, p)| p));
        let total = corpus.names().max(1) as f64;
        // Weighed in place (a second table would double the peak memory of the build).
        postings.retain(
            |k, (w, _)| match key_weight(k, corpus.key_count(k), total) {
                Some(weight) => {
                    *w = weight;
                    true
                }
                None => false,
            },
        );
        postings.shrink_to_fit();
        let grams = GramTable::new(names.iter().map(|(_, _, p)| p.compact.as_str()), usize::MAX);
        let schemas = entities.iter().map(|e| e.schema.clone()).collect();
        let owners = names.iter().map(|(ei, ni, _)| (*ei, *ni)).collect();
        let sexes = entities
            .iter()
            .map(|e| {
                if matches!(e.schema, Schema::Person | Schema::LegalEntity) {
                    crate::features::sex(e)
                } else {
                    None
                }
            })
            .collect();
        let kinds = names
            .iter()
            .map(|(ei, ni, _)| crate::name_kind(&entities[*ei as usize], *ni as usize))
            .collect();
        CandidateIndex {
            schemas,
            kinds,
            by_id: entities
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.clone(), i as u32))
                .collect(),
            entities,
            names,
            owners,
            sexes,
            grams,
            postings,
            identifiers,
            stats,
        }
    }

    /// The indexed entities.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The position in [`CandidateIndex::entities`] of the entity with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).map(|&i| i as usize)
    }

    /// The indexed entity with this id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.by_id
            .get(id)
            .and_then(|&i| self.entities.get(i as usize))
    }

    /// The token statistics scores are weighed by (the corpus statistics the index was
    /// built with, not counts over the indexed names).
    pub fn stats(&self) -> &TokenStats {
        &self.stats
    }

    /// How many names are indexed.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Entities with a name each of whose words begins with one of the typed words, in any
    /// order ("shagiv", "timur shagiv", "Шагив"), shortest name first (then by id): what a
    /// search box suggests while a name is being typed. Compared on the names as the index
    /// prepared them (romanized, tokenized), so a call reads them and prepares only the
    /// typed text: a pass over every name, a few milliseconds on the bundled lists.
    pub fn prefix_search(&self, typed: &str) -> Vec<&Entity> {
        let typed = prepare(typed, NameKindHint::Any);
        if typed.tokens.is_empty() {
            return Vec::new();
        }
        // The shortest matching name of each entity, by entity position.
        let mut best: FxHashMap<u32, usize> = FxHashMap::default();
        for (e, n, name) in &self.names {
            let matches = typed.tokens.iter().all(|t| {
                name.tokens
                    .iter()
                    .any(|w| w.text.starts_with(t.text.as_str()))
            });
            if !matches {
                continue;
            }
            let len = self.entities[*e as usize]
                .names
                .get(usize::from(*n))
                .map_or(usize::MAX, |x| x.value.chars().count());
            best.entry(*e)
                .and_modify(|l| *l = (*l).min(len))
                .or_insert(len);
        }
        let mut hits: Vec<(usize, &Entity)> = best
            .into_iter()
            .map(|(e, len)| (len, &self.entities[e as usize]))
            .collect();
        hits.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
        hits.into_iter().map(|(_, e)| e).collect()
    }

    /// The ids of the best `limit` names for a prepared query, best first.
    pub fn candidates(&self, query: &PreparedQuery, limit: usize) -> Vec<u32> {
        let gathered = self.gather(query, limit * RERANK_FACTOR);
        self.rerank(query, gathered.ranked, limit)
    }

    /// The best `keep` names by summed key weight (ties by name id), best first.
    pub(crate) fn gather(&self, query: &PreparedQuery, keep: usize) -> KeyCandidates {
        // Dense accumulator (one slot per name) with the list of slots touched: far cheaper
        // than a hash map when common keys touch thousands of names. The buffer is reused
        // per thread (a fresh 200 KB allocation per query cost more than the lookup).
        // So are the list of touched slots and the keys' string.
        thread_local! {
            static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
        }
        SCRATCH.with(|cell| {
            let scratch = &mut *cell.borrow_mut();
            if scratch.acc.len() < self.names.len() {
                scratch.acc.resize(self.names.len(), 0.0);
            }
            self.accumulate(query, scratch, keep)
        })
    }

    fn accumulate(
        &self,
        query: &PreparedQuery,
        scratch: &mut Scratch,
        keep: usize,
    ) -> KeyCandidates {
        let Scratch {
            acc,
            touched,
            keys: buf,
        } = scratch;
        touched.clear();
        for qn in &query.names {
            buf.clear();
            keys(qn, buf, true);
            buf.sort_dedup();
            for k in buf.iter() {
                let Some((w, list)) = self.postings.get(k) else {
                    continue;
                };
                for &id in list {
                    let slot = &mut acc[id as usize];
                    if *slot == 0.0 {
                        touched.push(id);
                    }
                    *slot += *w;
                }
            }
        }
        // Read the touched slots and clear them for the next query. Each name becomes one
        // integer that orders as (weight descending, id ascending), so selecting and sorting
        // compare plain integers.
        // A person's name takes no place among the best where every name of the query is a
        // company's (it has a legal form): "KHALIL COMMODITIES LTD" is none of the hundreds
        // of Khalils listed, whose keys would crowd out HALEEL COMMODITIES LTD.
        let firm_only = query.entity.schema != Schema::Person
            && query.names.iter().all(|n| n.has_org_marker(false));
        let possible = |id: u32| {
            !firm_only || self.schemas[self.owners[id as usize].0 as usize] != Schema::Person
        };
        let mut ranked: Vec<u64> = touched
            .drain(..)
            .filter_map(|id| {
                let w = std::mem::take(&mut acc[id as usize]);
                possible(id).then(|| (u64::from(!ascending_bits(w)) << 32) | u64::from(id))
            })
            .collect();
        // Shared keys find the names; many tie on common keys, so only the best few times
        // the limit go on to the re-rank. Only those are sorted.
        let truncated = ranked.len() > keep;
        if truncated {
            ranked.select_nth_unstable(keep);
            ranked.truncate(keep);
        }
        ranked.sort_unstable();
        let ranked = ranked
            .into_iter()
            .map(|k| {
                let w = from_ascending_bits(!((k >> 32) as u32));
                (k as u32, f64::from(w))
            })
            .collect();
        KeyCandidates { ranked, truncated }
    }

    /// Re-ranks gathered names by key weight and whole-name similarity; the best `limit`.
    fn rerank(&self, query: &PreparedQuery, ranked: Vec<(u32, f64)>, limit: usize) -> Vec<u32> {
        let grams = self.query_grams(query);
        self.rerank_scored(&grams, &ranked, limit)
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    }

    /// The trigrams of a query's names, for the re-rank against this index's names.
    pub(crate) fn query_grams(&self, query: &PreparedQuery) -> Vec<QueryGrams> {
        query
            .names
            .iter()
            .map(|q| self.grams.query(&q.compact))
            .collect()
    }

    /// The best `limit` of the gathered names (best first by key weight) with their re-rank
    /// scores, best first.
    pub(crate) fn rerank_scored(
        &self,
        grams: &[QueryGrams],
        ranked: &[(u32, f64)],
        limit: usize,
    ) -> Vec<(u32, f64)> {
        let top = ranked.first().map_or(1.0, |r| r.1);
        // Ask for the trigram line of the name a few places ahead while scoring this one:
        // the loads then overlap instead of each waiting for memory in turn (asking for all
        // of them first overflows the processor's queue of outstanding loads).
        const AHEAD: usize = 12;
        for &(id, _) in ranked.iter().take(AHEAD) {
            self.grams.prefetch(id);
        }
        // Each name becomes one integer that orders as (score descending, id ascending), so
        // selecting and sorting compare plain integers. Ids are unique, so the order is
        // total and an unstable selection is exact.
        let mut reranked: Vec<u128> = ranked
            .iter()
            .enumerate()
            .map(|(i, &(id, w))| {
                if let Some(&(next, _)) = ranked.get(i + AHEAD) {
                    self.grams.prefetch(next);
                }
                let score = self.rerank_score(grams, id, w, top);
                u128::from(!ascending_bits_64(score)) << 32 | u128::from(id)
            })
            .collect();
        if reranked.len() > limit {
            reranked.select_nth_unstable(limit);
            reranked.truncate(limit);
        }
        reranked.sort_unstable();
        reranked
            .into_iter()
            .map(|k| {
                let score = from_ascending_bits_64(!((k >> 32) as u64));
                (k as u32, score)
            })
            .collect()
    }

    /// A gathered name's re-rank score: its key weight relative to the best gathered name's
    /// (`top`), and how alike the whole names are.
    pub(crate) fn rerank_score(&self, grams: &[QueryGrams], id: u32, w: f64, top: f64) -> f64 {
        let sim = grams
            .iter()
            .map(|q| self.grams.dice(q, id))
            .fold(0.0, f64::max);
        0.5 * w / top.max(1e-9) + 0.5 * sim
    }

    /// The entity index of a name id.
    pub(crate) fn entity_of_name(&self, name: u32) -> u32 {
        self.names[name as usize].0
    }

    /// A name id's entity, the name's position among the entity's names, its kind, and the
    /// name.
    pub(crate) fn name_entry(&self, name: u32) -> (&Entity, u16, NameKind, &PreparedName) {
        let (ei, ni, p) = &self.names[name as usize];
        (
            &self.entities[*ei as usize],
            *ni,
            self.kinds[name as usize],
            p,
        )
    }

    /// Finds and scores the listed entities a query may be, best first.
    pub fn search(&self, query: &Entity, opts: &MatchOptions) -> Vec<MatchResult> {
        let mut q = PreparedQuery::new(query);
        for n in &mut q.names {
            n.set_weights(&self.stats);
        }
        let name_ids = self.candidates(&q, opts.candidates);
        // Group the retrieved names by entity, keeping retrieval order (from the owners
        // table: the prepared names are not read yet).
        // One vector of names, each entity's together (a stable sort by the entity's first
        // place keeps retrieval order within it), and the entities' slices of it.
        let mut entities: Vec<(u32, usize)> = Vec::new();
        let mut flat: Vec<(usize, crate::NameRef)> = name_ids
            .iter()
            .map(|&id| {
                let (ei, ni) = self.owners[id as usize];
                let g = match entities.iter().position(|&(e, _)| e == ei) {
                    Some(g) => g,
                    None => {
                        entities.push((ei, 0));
                        entities.len() - 1
                    }
                };
                entities[g].1 += 1;
                (
                    g,
                    (
                        ni as usize,
                        self.kinds[id as usize],
                        &self.names[id as usize].2,
                    ),
                )
            })
            .collect();
        flat.sort_by_key(|&(g, _)| g);
        let names: Vec<crate::NameRef> = flat.into_iter().map(|(_, n)| n).collect();
        let mut groups: Vec<(u32, &[crate::NameRef])> = Vec::with_capacity(entities.len());
        let mut start = 0;
        for &(ei, count) in &entities {
            groups.push((ei, &names[start..start + count]));
            start += count;
        }
        // The names lie all over the index. While one entity is scored, the next one's
        // name tokens and the one after's prepared names are asked for, so their loads
        // overlap the scoring instead of each waiting for memory in turn.
        let ask_names = |g: usize| {
            for (_, _, p) in groups.get(g).map_or(&[][..], |(_, v)| v) {
                prefetch_bytes(
                    *p as *const PreparedName,
                    std::mem::size_of::<PreparedName>(),
                );
            }
        };
        let ask_tokens = |g: usize| {
            for (_, _, p) in groups.get(g).map_or(&[][..], |(_, v)| v) {
                prefetch_bytes(
                    p.tokens.as_ptr(),
                    std::mem::size_of_val(p.tokens.as_slice()),
                );
            }
        };
        ask_names(0);
        ask_names(1);
        ask_tokens(0);
        // The listed entities holding one of the query's identifiers: only these can match
        // by identifier (the table holds every listed identifier long enough to count).
        let mut id_holders: Vec<u32> = query
            .identifiers
            .iter()
            .filter_map(|i| self.identifiers.get(&i.normalized()))
            .flatten()
            .copied()
            .collect();
        id_holders.sort_unstable();
        id_holders.dedup();
        // Assess every candidate (no explanation yet), then build results for those returned.
        let mut ranked: Vec<(crate::Assessment, &Entity)> = groups
            .iter()
            .enumerate()
            .filter_map(|(g, (ei, names))| {
                ask_names(g + 2);
                ask_tokens(g + 1);
                let e = &self.entities[*ei as usize];
                let schema = &self.schemas[*ei as usize];
                crate::assess(
                    &q,
                    e,
                    schema,
                    names,
                    &self.stats,
                    opts.min_score,
                    crate::Known {
                        ids_may_match: id_holders.binary_search(ei).is_ok(),
                        sex: Some(self.sexes[*ei as usize]),
                    },
                )
                .map(|a| (a, e))
            })
            .collect();
        ranked.sort_by(|a, b| {
            b.0.score
                .total_cmp(&a.0.score)
                .then_with(|| a.1.id.cmp(&b.1.id))
        });
        ranked.truncate(opts.limit);
        let mut results: Vec<MatchResult> = ranked
            .into_iter()
            .map(|(a, e)| crate::result_from(a, e, &self.stats, opts.threshold, opts.explain_all))
            .collect();
        // Identifier matches the name keys missed: a decisive feature must not depend on
        // the name index.
        // (The final order is by score and id, so the order they are added in does not
        // matter.)
        for &ei in &id_holders {
            let e = &self.entities[ei as usize];
            if results.iter().any(|r| r.id == e.id) {
                continue;
            }
            if let Some(r) = crate::score_pair(query, e, &self.stats, opts.threshold) {
                results.push(r);
            }
        }
        results.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        results.truncate(opts.limit);
        results
    }

    /// Whether the index retrieves `entity_id` for `query` among `limit` names (for
    /// measuring retrieval recall separately from scoring).
    pub fn retrieves(&self, query: &Entity, entity_id: &str, limit: usize) -> bool {
        let q = PreparedQuery::new(query);
        self.candidates(&q, limit)
            .into_iter()
            .any(|id| self.entities[self.names[id as usize].0 as usize].id == entity_id)
    }
}

#[cfg(test)]
mod tests;
