//! interdict's matching engine: given a query entity (a customer, supplier, vessel…), find the
//! listed entities it may be, score each in [0, 1], and say why.
//!
//! How it works, and why:
//! 1. **Names are prepared once** ([`names::prepare`]): romanized from any script, tokenized,
//!    tokens classified (word, particle, title, legal form, org symbol, number, initial) and
//!    given phonetic keys. Cross-script matching is then Latin-to-Latin comparison.
//! 2. **Candidates come from an index** ([`CandidateIndex`]), not a scan: token folds,
//!    consonant skeletons and prefix/suffix keys point to the names that share them; names
//!    are ranked by the rarity of the keys they share and only the best few are scored.
//! 3. **Scoring is a list of evidence** ([`features`]): the name score (best-pair token
//!    alignment weighted by token rarity, plus glued-token, acronym and number rules), an
//!    identifier match that can stand in for it, and qualifiers (birth date, country,
//!    identifiers, gender) that confirm or clear. Every feature with its weight is in one
//!    table, and every result carries the evaluated table as its explanation.
//! 4. **Weak evidence stays weak**: without a birth date or identifier to support it, a weak
//!    alias, a one-word name, two names sharing one word and each with a word of its own,
//!    or a person's names sharing at most one word whose other pairs only look alike
//!    ("Wu Yu Tong" / "DU, Yu Rong") score no more than a fixed cap (`Cap`: 0.70 for the same
//!    single word, 0.55 for one shared word). Caps are fixed scores, not set relative to the
//!    threshold: the same pair scores the same whatever threshold a user screens at. A cap
//!    limits the name's evidence; dates and countries are added after it.
//! 5. **Common names need more than the name** (`common`): a person's name resting only on
//!    common given names and surnames scores 0.60 when something known disagrees or the
//!    listed name's distinctive word is missing, or when it is one such word against a
//!    longer name ("Haji IBRAHIM" / "Ibrahim AL-HASAN"), or when the customer's record and
//!    the listing each state a birth date or country and none agrees (even for a name
//!    written exactly as listed), unless a date, identifier or (where something disagrees,
//!    not where a word is missing) a country agrees.
//!
//! ```
//! use interdict_matcher::{CandidateIndex, MatchOptions};
//! use interdict_model::{Entity, Name, NameKind, Schema};
//!
//! let mut listed = Entity::new("ofac-1", Schema::Person);
//! listed.add_name(Name::new("Timur Nailevich SHAGIVALEEV", NameKind::Primary));
//! let index = CandidateIndex::build(vec![listed]);
//! // The same person written in Cyrillic, surname first, without the patronymic.
//! let mut customer = Entity::new("c1", Schema::Person);
//! customer.add_name(Name::new("Шагивалеев Тимур", NameKind::Primary));
//! let results = index.search(&customer, &MatchOptions::default());
//! assert_eq!(results[0].id, "ofac-1");
//! assert!(results[0].is_match);
//! ```
#![deny(missing_docs)]

mod common;
pub mod compare;
mod corpus;
mod delta;
pub mod eval;
mod fast;
pub mod features;
pub mod fxhash;
mod grams;
mod index;
mod korean;
pub mod names;
mod noise;
pub mod parties;
mod prefetch;
mod similarity;
mod syllables;
mod transcribed;
mod weights;

pub use compare::{compare_names, name_score, NameComparison, TokenStats};
pub use corpus::CorpusStats;
pub use delta::{ChangeSet, EntityChange};
pub use features::{FeatureKind, FeatureScore};
pub use index::CandidateIndex;
pub use names::is_common_name;
pub use parties::{Parties, Party};

use interdict_model::{Entity, NameKind, Schema};
use names::{prepare, prepare_query, NameKindHint, PreparedName};
use serde::Serialize;

/// The default threshold: scores at or above it are matches. Chosen on the development
/// pair set (see BENCHMARKS.md) for the best F1.
pub const DEFAULT_THRESHOLD: f64 = 0.66;

/// The score of a weak alias written exactly as listed when nothing else supports it: a
/// match at the default threshold, and no more — OFAC lists weak aliases to confirm a
/// match, not to make one. (A one-word name written as listed is that name, and scores as
/// the names compare.) A fixed number, whatever threshold a
/// user screens at, so that a score means the same at every threshold.
pub const WEAK_EXACT_SCORE: f64 = 0.70;
/// The most a one-word name scores against a longer name containing it beside a word or
/// organisation word of its own ("LADOGA STROY" / "LADOGA OOO"), or a common one-word name
/// against a near spelling, without supporting evidence: just below an exact weak alias.
pub const ONE_WORD_SCORE: f64 = 0.69;
/// The most two names that share one name word and each have another of their own score
/// without supporting evidence ("Ravi Kumar" / "Ravi SHETTUGAR", "ABDUL BASIR HAQQANI" /
/// "ABDUL BASIR NOORZAI"): well below the default threshold, since one shared word is what
/// unrelated names have in common.
pub const ONE_SHARED_WORD_SCORE: f64 = 0.55;
/// The most a person's name scores when every word it agrees on is a common given name or
/// surname ("Daniel Perez" / "PEREZ ROJAS, Daniel", "Li Wei") and either something known of
/// both sides disagrees or the listed name's distinctive word is missing, with no birth
/// date, identifier or country to support it: below the default threshold.
pub const COMMON_NAME_SCORE: f64 = 0.6;
/// The most a weak alias not written exactly as listed scores without supporting evidence:
/// OFAC's "weak a.k.a.s" ("SARA", "Abu Ahmad") are in lists to confirm a match, not to make
/// one from a near spelling or a part of a longer name.
pub const WEAK_ALIAS_NEAR_SCORE: f64 = 0.6;

/// The least name score at which a rare name (three words or more, one of them
/// distinctive) met in the listed country has a birth year far off weigh half: written as
/// listed, or with one slip.
const RARE_NAME_SCORE: f64 = 0.95;

/// Why a candidate scored what it did.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MatchExplanation {
    /// The query name that matched best.
    pub query_name: String,
    /// The listed name it matched.
    pub matched_name: String,
    /// Kind of the listed name (primary, alias, weak alias…).
    pub matched_name_kind: String,
    /// The name comparison: aligned tokens, unmatched tokens, method.
    pub name: NameComparison,
    /// Set when an identifier matched.
    pub identifier_match: Option<String>,
    /// The qualifying features that applied.
    pub features: Vec<FeatureScore>,
    /// Caps applied (weak alias, one-word names, one shared word without supporting
    /// evidence).
    pub caps: Vec<String>,
}

impl MatchExplanation {
    /// The name comparison in words: its score and method, the aligned tokens with their
    /// similarity, and the words only one side has.
    pub fn name_line(&self) -> String {
        let n = &self.name;
        let pairs: Vec<String> = n
            .pairs
            .iter()
            .map(|p| format!("{}~{} {:.2}", p.query, p.candidate, p.similarity))
            .collect();
        let mut line = format!("name {:.3} by {}: {}", n.score, n.method, pairs.join(", "));
        if !n.unmatched_query.is_empty() {
            line.push_str(&format!("; only in query: {}", n.unmatched_query.join(" ")));
        }
        if !n.unmatched_candidate.is_empty() {
            line.push_str(&format!(
                "; only listed: {}",
                n.unmatched_candidate.join(" ")
            ));
        }
        line
    }

    /// The evidence as lines people read, one fact a line: the name comparison, an
    /// identifier that matched, each feature with its contribution and why, each cap.
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![self.name_line()];
        if let Some(id) = &self.identifier_match {
            out.push(format!("identifier match: {id}"));
        }
        for f in &self.features {
            out.push(format!(
                "{:<20} {:+.2}  ({})",
                f.name, f.contribution, f.detail
            ));
        }
        for c in &self.caps {
            out.push(format!("capped: {c}"));
        }
        out
    }
}

/// The evidence in one line, in the words of [`MatchExplanation::lines`], after the names
/// compared: `“query” vs “listed” (kind): name 0.860 by tokens: …; country_match +0.03
/// (cn)`.
impl std::fmt::Display for MatchExplanation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "“{}” vs “{}” ({}): {}",
            self.query_name,
            self.matched_name,
            self.matched_name_kind,
            self.name_line()
        )?;
        if let Some(id) = &self.identifier_match {
            write!(f, "; identifier match: {id}")?;
        }
        for x in &self.features {
            write!(f, "; {} {:+.2} ({})", x.name, x.contribution, x.detail)?;
        }
        for c in &self.caps {
            write!(f, "; capped: {c}")?;
        }
        Ok(())
    }
}

/// One scored candidate.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MatchResult {
    /// Listed entity id.
    pub id: String,
    /// Score in [0, 1].
    pub score: f64,
    /// score ≥ threshold.
    #[serde(rename = "match")]
    pub is_match: bool,
    /// The evidence.
    pub explanation: MatchExplanation,
}

fn hint(schema: &Schema) -> NameKindHint {
    match schema {
        Schema::Person => NameKindHint::Person,
        Schema::LegalEntity => NameKindHint::Any,
        _ => NameKindHint::Organization,
    }
}

/// A query entity with its names prepared.
#[derive(Debug, Clone)]
pub struct PreparedQuery<'a> {
    /// The query.
    pub entity: &'a Entity,
    /// Its names, prepared.
    pub names: Vec<PreparedName>,
    /// Each name's glued runs, made once for all candidates.
    glue: Vec<compare::NameMemo>,
    /// The query states a birth date or a country, which a listed common name then needs
    /// to agree with (read once, not per candidate).
    states_date_or_country: bool,
    /// The query's sex as its record states it or its given names say (read once).
    sex: features::Sex,
}

impl<'a> PreparedQuery<'a> {
    /// Prepares every name of the query.
    pub fn new(entity: &'a Entity) -> PreparedQuery<'a> {
        let h = hint(&entity.schema);
        let mut names: Vec<PreparedName> = Vec::new();
        for n in &entity.names {
            // A name with direction overrides is read as displayed (`prepare` puts it in
            // visual order) and also as stored, in case the override was an accident.
            let stored = interdict_text::without_direction_controls(&n.value);
            let readings = [
                Some(n.value.as_str()),
                (stored != n.value).then_some(&*stored),
            ];
            for text in readings.into_iter().flatten() {
                let p = prepare_query(text, h);
                if !p.is_empty() && !names.iter().any(|x| x.tokens == p.tokens) {
                    names.push(p);
                }
            }
        }
        let glue = names.iter().map(|_| compare::NameMemo::default()).collect();
        PreparedQuery {
            states_date_or_country: !entity.birth_dates.is_empty()
                || entity.tied_countries().next().is_some(),
            sex: features::sex(entity),
            entity,
            names,
            glue,
        }
    }
}

/// Scores a query against one listed entity whose names are already prepared
/// (`names[i]` is the prepared form of `candidate.names[i]`, or `None` to skip it).
pub fn score_candidate(
    query: &PreparedQuery,
    candidate: &Entity,
    names: &[(usize, &PreparedName)],
    stats: &TokenStats,
    threshold: f64,
) -> Option<MatchResult> {
    build_result(query, candidate, names, stats, threshold, true)
}

/// The result for one candidate; `explain` false leaves the name comparison without its
/// token lists (see [`MatchOptions::explain_all`]).
pub(crate) fn build_result(
    query: &PreparedQuery,
    candidate: &Entity,
    names: &[(usize, &PreparedName)],
    stats: &TokenStats,
    threshold: f64,
    explain: bool,
) -> Option<MatchResult> {
    let names: Vec<NameRef> = names
        .iter()
        .map(|&(i, p)| (i, name_kind(candidate, i), p))
        .collect();
    let a = assess(
        query,
        candidate,
        &candidate.schema,
        &names,
        stats,
        0.0,
        Known {
            ids_may_match: true,
            sex: None,
        },
    )?;
    Some(result_from(a, candidate, stats, threshold, explain))
}

/// Turns an assessment into a result, explaining the name comparison token by token when
/// `explain` is set or the result is a match.
pub(crate) fn result_from(
    a: Assessment,
    candidate: &Entity,
    stats: &TokenStats,
    threshold: f64,
    explain: bool,
) -> MatchResult {
    let cmp = match a.best {
        Some((qn, _, cn)) if explain || a.score >= threshold => compare_names(qn, cn, stats),
        Some(_) => NameComparison {
            score: a.name_score,
            pairs: Vec::new(),
            unmatched_query: Vec::new(),
            unmatched_candidate: Vec::new(),
            method: "not explained (below the threshold)",
        },
        None => NameComparison {
            score: 0.0,
            pairs: Vec::new(),
            unmatched_query: Vec::new(),
            unmatched_candidate: Vec::new(),
            method: "none",
        },
    };
    let ci = a.best.map_or(0, |(_, ci, _)| ci);
    let matched_kind = candidate.names.get(ci).map_or(NameKind::Alias, |n| n.kind);
    MatchResult {
        id: candidate.id.clone(),
        score: a.score,
        is_match: a.score >= threshold,
        explanation: MatchExplanation {
            query_name: a
                .best
                .map(|(qn, ..)| qn.original.clone())
                .unwrap_or_default(),
            matched_name: candidate
                .names
                .get(ci)
                .map(|n| n.value.clone())
                .unwrap_or_default(),
            matched_name_kind: format!("{matched_kind:?}"),
            name: cmp,
            identifier_match: a.id_match,
            features: a.features,
            caps: a.caps,
        },
    }
}

/// What [`assess`] found: the final score and the evidence behind it, without the
/// token-level explanation (which only returned results need).
pub(crate) struct Assessment<'a> {
    pub(crate) score: f64,
    /// The best name pair's own score, before evidence and caps.
    name_score: f64,
    /// (query name, index of the listed name in the entity, listed name).
    best: Option<(&'a PreparedName, usize, &'a PreparedName)>,
    id_match: Option<String>,
    features: Vec<FeatureScore>,
    caps: Vec<String>,
}

/// One listed name to score: its position among its entity's names, its kind, and its
/// prepared form.
pub(crate) type NameRef<'a> = (usize, NameKind, &'a PreparedName);

/// The kind of an entity's `i`-th name.
pub(crate) fn name_kind(e: &Entity, i: usize) -> NameKind {
    e.names.get(i).map_or(NameKind::Alias, |n| n.kind)
}

/// What a caller of [`assess`] already knows of the listed entity.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Known {
    /// False where the caller knows no identifier of the query is one of the candidate's
    /// (the index knows which listed entities hold each identifier), sparing the
    /// identifiers' normalization for every candidate; true leaves it to be measured.
    pub ids_may_match: bool,
    /// The candidate's sex as `features::sex` reads it, where the caller read it once;
    /// `None` has it read.
    pub sex: Option<features::Sex>,
}

/// Scores a query against one listed entity (of schema `schema`, passed apart so that the
/// index can answer from its compact tables): best name pair, identifier match,
/// qualifiers, caps. Allocates nothing in the common case (no feature applies), and reads
/// the listed entity itself only when the names leave the score within reach of
/// `min_score` or the query carries identifiers.
///
/// `known` is what the caller already knows of the candidate (see [`Known`]).
pub(crate) fn assess<'a>(
    query: &'a PreparedQuery,
    candidate: &Entity,
    schema: &Schema,
    names: &[NameRef<'a>],
    stats: &TokenStats,
    min_score: f64,
    known: Known,
) -> Option<Assessment<'a>> {
    let Known {
        ids_may_match,
        sex: c_sex,
    } = known;
    if !features::schema_compatible(&query.entity.schema, schema) {
        return None;
    }
    // (effective score, name score, shape, query name, listed index, kind, listed name)
    type Best<'b> = (
        f64,
        f64,
        compare::NameShape,
        &'b PreparedName,
        usize,
        NameKind,
        &'b PreparedName,
    );
    let mut best: Option<Best> = None;
    let q_person = query.entity.schema == Schema::Person;
    let c_person = *schema == Schema::Person;
    for (qi, qn) in query.names.iter().enumerate() {
        // A company's name (it has a legal form) is not a person's: "EMMA LLC" is not
        // Emma Nicolas, though an OFAC "entity" may be either kind on paper.
        if !q_person && c_person && qn.has_org_marker(false) {
            continue;
        }
        for &(i, kind, cn) in names {
            if q_person && !c_person && cn.has_org_marker(true) {
                continue;
            }
            let (score, shape) = compare::name_score_shape(qn, cn, stats, query.glue.get(qi));
            // A weak alias is weaker evidence than a strong name at the same similarity, and
            // counts for no more than its cap (below), so a strong name is not passed over.
            // So is a person's name of which only the common part was found (see
            // `common_part_only`), or whose words beyond one only look alike (see
            // `lookalike_words`): a weak alias written exactly as listed outranks it.
            let effective = Cap::ranking(kind, score, &shape, schema, qn, cn)
                .map_or(score, |cap| score.min(cap.score()) - 0.001);
            if best.as_ref().is_none_or(|b| effective > b.0) {
                best = Some((effective, score, shape, qn, i, kind, cn));
            }
            // A strong name scoring 1.0 cannot be beaten.
            if effective >= 1.0 {
                break;
            }
        }
    }
    let id_match = if ids_may_match {
        features::identifier_match(query.entity, candidate)
    } else {
        None
    };
    if best.is_none() && id_match.is_none() {
        return None;
    }
    // Hopeless without an identifier: no evidence can lift the name to the caller's floor,
    // so the qualifiers are not even measured.
    if id_match.is_none() && best.as_ref().map_or(0.0, |b| b.1) + features::max_bonus() < min_score
    {
        return None;
    }
    let c_sex = c_sex.unwrap_or_else(|| features::sex(candidate));
    let forms = best
        .as_ref()
        .map_or((None, None), |b| (b.3.registered_in, b.6.registered_in));
    let mut features = features::measure(
        &features::Pair::known(query.entity, candidate, query.sex, c_sex)
            .registered_in(forms.0, forms.1),
    );
    // What the names (or an identifier) say, capped below where the evidence is weak; the
    // qualifiers (dates, countries…) are added after the cap, so that a country that
    // disagrees still counts against a capped name and one that agrees for it.
    let mut evidence = best.as_ref().map_or(0.0, |b| b.1);
    if id_match.is_some() {
        evidence = evidence.max(features::IDENTIFIER_MATCH_SCORE);
    }
    // A birth date to the day supports any name; a birth year only where the countries do
    // not disagree: one year in sixty is shared by chance, and countries stated on both
    // sides that differ say the year is such a chance. A weak alias, which the lists give
    // to confirm a match rather than to make one, needs a country that agrees besides the
    // year: "SHEIKH, Muhammad Naeem" born 1962 of a country the listing does not state is
    // not the "NAIM, Abu" (circa 1963) of AL-DIBISKI.
    let countries_differ = features
        .iter()
        .any(|f| f.kind == features::FeatureKind::CountryMismatch);
    // A shared country lifts only the common-name cap: it says the common name is met
    // where the listed holder belongs. A birth date or identifier lifts every cap (a birth
    // year only as said above).
    let same_country = features
        .iter()
        .any(|f| f.kind == features::FeatureKind::CountryMatch);
    let weak_alias = best.as_ref().is_some_and(|b| b.5 == NameKind::WeakAlias);
    let supported = id_match.is_some()
        || features.iter().any(|f| {
            f.kind
                .dob_supports(!countries_differ && (same_country || !weak_alias))
        });
    let mut caps = Vec::new();
    if let (false, Some(&(_, name_score, shape, qn, _, kind, cn))) = (supported, best.as_ref()) {
        // What clears a match resting on common names alone: something known of both
        // sides disagrees (a birth year, the countries, an identifier), or the listed
        // name has a distinctive word (not a common name, not a patronymic) the query
        // lacks, so that only its common part was found.
        let contradicted = features.iter().any(|f| f.contribution < 0.0);
        // A shared country outweighs a disagreeing date or country, not a missing
        // distinctive word: "ALEXANDER MITCHELL" is not "ALEXANDER M. ROVEGNO" in any country.
        let person = persons_name(schema, cn);
        // A customer's record that states a birth date or a country, none of which agrees,
        // does not confirm a name made only of common words and not written as listed
        // ("Daniel Peres" of Canada against a "Daniel PEREZ" listed with neither): such a
        // name alerts only with something to confirm it. Nor, written exactly as listed,
        // where the listing states a birth date or country too ("Amir ABDULLAH" of the UK
        // against one listed with a birth date): many people carry it, and the listing
        // says how to tell its holder apart, up to three words ("Ali Abdullah AYYUB", "In
        // Su PAK"), written as listed or not ("Kyong Il KIM" / KWANG-IL KIM; see
        // `common_words_cleared`). A record that states neither leaves the name to decide,
        // a name written as a listing that states neither always alerts, and so do three
        // common words that agree not written as a listing that states neither ("Eduard
        // Roel VAZQUEZ"), and four: together they are rare.
        let listed_states_date_or_country =
            !candidate.birth_dates.is_empty() || candidate.tied_countries().next().is_some();
        let common_cleared = person
            && ((contradicted && !same_country)
                || common_part_only(name_score, &shape)
                || (query.states_date_or_country
                    && !same_country
                    && (name_score < 1.0 || listed_states_date_or_country)
                    && shape.distinctive_pairs == 0
                    && shape.exact_words + shape.fuzzy_pairs
                        <= common_words_cleared(cn, listed_states_date_or_country)));
        if let Some(cap) = Cap::of(kind, name_score, &shape, qn, cn, common_cleared, person) {
            if evidence > cap.score() {
                // One word scored this high is squeezed under the cap keeping its order, so
                // "M. QASIMI" still ranks QASIMI, Murtadi above Qasim AL-RAMI.
                evidence = match cap {
                    Cap::OneWord => {
                        let floor = cap.score() - ONE_WORD_BAND;
                        floor + (evidence.min(1.0) - floor) * ONE_WORD_BAND / (1.0 - floor)
                    }
                    _ => cap.score(),
                };
                caps.push(cap.reason().to_string());
            }
        }
    }
    // A rare name written as listed, or nearly (three words or more, one of them not a
    // common given name or surname), met in the listed country: a birth year far off is more
    // likely the lists' disagreement on one person's date than a second holder of the name
    // ("MUSA HILAL ABDALLA ALNSIEM", born 1959 in one list and 1964 in another), and weighs
    // half. Common names get no such excuse: "Igor POPOV" born ten years apart is two
    // people.
    if let (true, Some(&(_, name_score, shape, ..))) = (caps.is_empty(), best.as_ref()) {
        if name_score >= RARE_NAME_SCORE
            && shape.distinctive_pairs >= 1
            && shape.exact_words + shape.fuzzy_pairs >= 3
            && same_country
        {
            features::halve_far_birth_year(&mut features);
        }
    }
    let score = evidence + features.iter().map(|f| f.contribution).sum::<f64>();
    Some(Assessment {
        score: (score.clamp(0.0, 1.0) * 10000.0).round() / 10000.0,
        name_score: best.as_ref().map_or(0.0, |b| b.1),
        best: best.map(|b| (b.3, b.4, b.6)),
        id_match,
        features,
        caps,
    })
}

/// The most agreeing words a name of common words may have and still be cleared by a
/// customer's record whose birth date and countries none agrees (see `common_cleared` in
/// [`assess`]): three where the listing states a birth date or a country, which says how to
/// tell its holder apart — a Korean given name is two common syllables ("Kyong Il KIM" of
/// the United States, no birth date, is not the KWANG-IL KIM listed with one), an Arabic
/// name three common names — unless the listed surname is two words ("ALVAREZ CASTRO,
/// Santiago": a given name and two surnames are as rare together as four words); two where
/// it states neither, and the name, not written as listed, has only the customer's record
/// against it ("Daniel Peres" of Canada against a "Daniel PEREZ" listed with neither).
fn common_words_cleared(listed: &PreparedName, listed_states: bool) -> u8 {
    if listed_states && !names::double_surname(&listed.original) {
        3
    } else {
        2
    }
}

/// Whether a listed name is a person's: listed as a person, or as a party of no stated kind
/// whose name has no legal form or organisation word (as BIS writes people).
fn persons_name(schema: &Schema, name: &PreparedName) -> bool {
    *schema == Schema::Person
        || (!matches!(schema, Schema::Organization | Schema::Company) && !name.has_org_marker(true))
}

/// Whether only the common part of a listed name was found: not written as listed, every
/// agreeing word a common given name or surname, and a distinctive word of the listed name
/// (not a common name, not a patronymic) missing ("Muhammad Saeed" / "Muhammad Saeed
/// BUKHAYTAN").
fn common_part_only(name_score: f64, shape: &compare::NameShape) -> bool {
    name_score < 1.0
        && !shape.whole_name
        && shape.exact_words + shape.fuzzy_pairs >= 1
        && shape.distinctive_pairs == 0
        && shape.listed_distinctive_left
}

/// Whether one name is a single word, paired with a common given name or surname of the
/// other, and a word is left over ("IBRAHIM" / "Ibrahim AL-HASAN", "Haji IBRAHIM KHAN" /
/// "IBRAHIM"): what many people carry proves nothing alone (see [`Cap::CommonName`]).
fn lone_common_word(
    name_score: f64,
    shape: &compare::NameShape,
    qn: &PreparedName,
    cn: &PreparedName,
) -> bool {
    name_score < 1.0
        && !shape.whole_name
        && shape.words_left
        && shape.distinctive_pairs == 0
        && (qn.word_count <= 1 || cn.word_count <= 1)
}

/// Whether two names agree only through common given names and surnames, at least one of
/// them only nearly, with a name word (not a patronymic) of either left over ("王秀珍" /
/// "WANG, Chen": wang, zhen ≈ chen, xiu left): the many people called so differ in the
/// rest (see [`Cap::CommonName`]).
fn near_common_words(name_score: f64, shape: &compare::NameShape) -> bool {
    name_score < 1.0
        && !shape.whole_name
        && shape.names_left
        && shape.fuzzy_pairs >= 1
        && shape.distinctive_pairs == 0
}

/// Whether an Arabic name chain's first name (the person's own) has no counterpart while
/// the listed name is the rest of the chain: "قصي صدام حسين التكريتي" (Qusay, son of
/// Saddam Hussein) against "SADDAM HUSSEIN AL-TIKRITI", his father (see
/// [`Cap::RelativesChain`] and `NameShape::first_word_extra`).
fn relatives_chain(name_score: f64, shape: &compare::NameShape) -> bool {
    name_score < 1.0 && !shape.whole_name && shape.first_word_extra
}

/// Whether two names share one word and each has a word the lists know, or an
/// organisation word, of its own ("VOLGA TRADE" / "VOLGA GROUP", "FALCON SOLAR" / "FALCON
/// SYSTEMS"): two firms sharing a name word, not one firm written two ways (see
/// [`Cap::OneSharedWord`]).
fn one_word_of_two_firms(name_score: f64, shape: &compare::NameShape) -> bool {
    name_score < 1.0
        && !shape.whole_name
        && shape.exact_words + shape.fuzzy_pairs == 1
        && shape.both_generic_left
}

/// Whether a one-word listed name is only nearly spelt beside a word of the customer's own
/// that is a name's ("Desert Falcon General Trading" / OOO ALKON, "KARADENIZ MAKINA A.Ş." /
/// MAKIN; see `NameShape::query_known_left`) (see [`Cap::NearOneWord`]).
fn near_one_word(name_score: f64, shape: &compare::NameShape, cn: &PreparedName) -> bool {
    name_score < 1.0
        && cn.word_count <= 1
        && shape.fuzzy_pairs >= 1
        && shape.exact_words == 0
        && shape.query_known_left
}

/// Whether a one-word listed name is a single pinyin syllable found among the words of a
/// customer's name of two words or more, each of them a pinyin syllable, with a word left
/// over: a Chinese name is written a syllable a character, and one character in common is
/// chance, not the listed name ("HUA" / "HUA XING MAO YI YOU XIAN GONG SI": hua xing, then
/// "trading" and the legal form) (see [`Cap::OneSharedWord`]).
fn one_syllable_of_pinyin(
    shape: &compare::NameShape,
    qn: &PreparedName,
    cn: &PreparedName,
) -> bool {
    let mut listed = name_words(cn);
    let (Some(one), None) = (listed.next(), listed.next()) else {
        return false;
    };
    shape.words_left && syllables::is_syllable(&one.text) && in_pinyin(qn)
}

/// A prepared name's name words (not its legal forms, organisation words, particles…).
fn name_words(n: &PreparedName) -> impl Iterator<Item = &names::Token> {
    n.tokens
        .iter()
        .filter(|t| t.class == names::TokenClass::Word)
}

/// Whether a name is written in pinyin: two name words or more, each a pinyin syllable.
fn in_pinyin(n: &PreparedName) -> bool {
    n.word_count >= 2 && name_words(n).all(|t| syllables::is_syllable(&t.text))
}

/// Why a [`Cap::LookalikeWords`] applied, as the explanation says it.
const LOOKALIKE_PAIR_REASON: &str =
    "one shared word, the others only alike, without supporting evidence";

/// Whether two names agree in at most one word, the others paired only look alike, and a
/// word of either is left over — or, with nothing left over, no paired word is distinctive
/// (every pair has a common given name or surname: "Hassan HADDAD" / "Hassan Hassan",
/// "Ahmad KAFAN" / "AHMAD, Hasan") (see [`Cap::LookalikeWords`]).
fn lookalike_words(shape: &compare::NameShape) -> bool {
    !shape.whole_name
        && (shape.words_left || shape.distinctive_pairs == 0)
        && shape.lookalike_pairs >= 1
        && shape.exact_words + shape.fuzzy_pairs - shape.lookalike_pairs <= 1
}

/// Whether a name of syllables pairs a syllable only alike with a listed one: written in
/// Korean or Chinese characters, one that only looks alike ("이채원" i chae won / "RI,
/// Che-Son": won / son); written in Vietnamese letters, which a listing's romanization
/// writes as they are once the marks are dropped, one not spelled the same ("Hưng Thịnh
/// Vận tải" / "THINH CUONG": hung / cuong; "Thành Công" / "KING TRADE": cong / king). A
/// syllable is whole: one only alike is another syllable, so another name (see
/// [`Cap::LookalikeWords`]).
fn lookalike_syllable(shape: &compare::NameShape, qn: &PreparedName) -> bool {
    !shape.whole_name
        && ((shape.lookalike_pairs >= 1
            && matches!(
                qn.script,
                interdict_text::Script::Hangul | interdict_text::Script::Han
            ))
            || (shape.fuzzy_pairs >= 1 && names::vietnamese(&qn.original)))
}

/// Whether two firms' names are each written wholly in pinyin, a syllable a Chinese
/// character ("TIAN CHENG KE JI GU FEN YOU XIAN GONG SI"), pair a syllable only alike —
/// another syllable, so another character ("cheng" / "chang") — and leave a name word of
/// either over: two firms whose names share some characters ("… / CHANG SHA TIAN YI KONG
/// JIAN KE JI YAN JIU YUAN YOU XIAN GONG SI": tian, ke ji, and cheng / chang), not one
/// firm's name misspelt, which leaves nothing over ("ZHONG XIN TONG XUN" / ZHONG XING TONG
/// XUN). People are left out: their names are written in other romanizations too, where
/// one character's syllables differ (Chen is Chan in Cantonese) (see
/// [`Cap::SyllablesApart`]).
fn pinyin_firms_apart(shape: &compare::NameShape, qn: &PreparedName, cn: &PreparedName) -> bool {
    !shape.whole_name
        && shape.words_left
        && shape.fuzzy_pairs >= 1
        && in_pinyin(qn)
        && in_pinyin(cn)
}

/// The band below [`ONE_WORD_SCORE`] into which one-word evidence is squeezed, keeping
/// its order.
const ONE_WORD_BAND: f64 = 0.03;

/// Weak name evidence, and the most it scores without a birth date or identifier to
/// support it. Every cap is a fixed score, whatever threshold a user screens at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cap {
    /// A weak alias written exactly as listed.
    WeakAliasExact,
    /// A weak alias not written exactly as listed.
    WeakAliasNear,
    /// A one-word name inside a longer one beside a word or organisation word of the other
    /// name's own, or a near spelling of a common one-word name.
    OneWord,
    /// Two names sharing one word, each with a word of its own (a name word, or an
    /// organisation word the other lacks); or a one-word listed name that is one pinyin
    /// syllable of a customer's name written in pinyin (see `one_syllable_of_pinyin`).
    OneSharedWord,
    /// A one-word name only nearly spelt inside a customer's name that has a word of its
    /// own the lists know.
    NearOneWord,
    /// A person's names sharing at most one word, their other paired words only alike
    /// (below [`compare::LOOKALIKE_PAIR`], or [`compare::LOOKALIKE_PAIR_LOOSE`] across
    /// scripts), a word of either left over or every pair
    /// involving a common name; or, whoever it names, a name of syllables with one only
    /// alike (written in Korean or Chinese characters) or not spelled the same (written in
    /// Vietnamese letters) — see `lookalike_syllable`.
    LookalikeWords,
    /// Two firms' names written wholly in pinyin that pair a syllable only alike (another
    /// character) and leave a word of either over (see `pinyin_firms_apart`).
    SyllablesApart,
    /// A person's name whose every agreeing word is a common name, with no country in
    /// common, where a birth year, the countries or an identifier disagree, the listed
    /// name's distinctive word is missing from the query, or (the name not written exactly
    /// as listed, at most two words agreeing) the customer's record states a birth date or
    /// country and none agrees; or one such word alone against a
    /// longer name; or whose agreeing words are common names, some only alike, with a
    /// word of either left over.
    CommonName,
    /// An Arabic name chain whose own first name has no counterpart in the listed name,
    /// which is the rest of the chain, or the rest after another first name: a relative's
    /// name (the father's, a brother's), not the person's.
    RelativesChain,
}

impl Cap {
    /// Which cap, if any, applies to the best name pair.
    fn of(
        kind: NameKind,
        name_score: f64,
        shape: &compare::NameShape,
        qn: &PreparedName,
        cn: &PreparedName,
        common_cleared: bool,
        persons: bool,
    ) -> Option<Cap> {
        let exact = name_score >= 1.0;
        if kind == NameKind::WeakAlias {
            return Some(if exact {
                Cap::WeakAliasExact
            } else {
                Cap::WeakAliasNear
            });
        }
        // One pair of name words, and each name with a name word of its own ("Ravi Kumar" /
        // "Ravi SHETTUGAR", "ABDUL BASIR HAQQANI" / "ABDUL BASIR NOORZAI"): one common part
        // of two different names. Legal forms, org-type words ("Holding", "Trading"),
        // particles and initials do not count as words of their own: a misspelt "Tradng"
        // beside a listed "Trading" is not a different name. A whole-name rule (glued
        // letters, consonant skeleton, acronym) is not a word pair.
        if !shape.whole_name && shape.exact_words + shape.fuzzy_pairs == 1 && shape.both_left {
            return Some(Cap::OneSharedWord);
        }
        // The same, where the words of their own are organisation words the lists know
        // ("VOLGA TRADE" / "VOLGA GROUP", "FALCON SOLAR" / "FALCON SYSTEMS"): two firms
        // sharing a name word, not one firm written two ways.
        if one_word_of_two_firms(name_score, shape) {
            return Some(Cap::OneSharedWord);
        }
        // A person's name agreeing in one word, whose other pairs only look alike
        // ("Wu Yu Tong" / "DU, Yu Rong", "Hassan el-Hajj HASSAN" / "Hassan HADDAD"), with a
        // word of either name left over: one common part, the rest chance resemblance.
        // So does a name of syllables, whoever it names, one of whose syllables only looks
        // like the listed one's.
        if (persons && lookalike_words(shape)) || lookalike_syllable(shape, qn) {
            return Some(Cap::LookalikeWords);
        }
        // Two firms' names written in pinyin that share some syllables, one only alike,
        // a word of either left over: characters in common, not one name misspelt.
        if !persons && pinyin_firms_apart(shape, qn, cn) {
            return Some(Cap::SyllablesApart);
        }
        // Every word the names agree on is a common given name or surname ("Daniel Perez" /
        // "PEREZ ROJAS, Daniel", "Li Wei"): many people carry it, so the name alone does
        // not say this is the listed one once something known of both sides disagrees, or
        // when the listed name's distinctive word is missing ("Muhammad Saeed" /
        // "Muhammad Saeed BUKHAYTAN"; see `common_cleared`).
        if common_cleared
            && shape.exact_words + shape.fuzzy_pairs >= 1
            && shape.distinctive_pairs == 0
        {
            return Some(Cap::CommonName);
        }
        // One distinctive word on each side and nothing else of either name left over but
        // legal forms, particles and initials ("PJSC GAZPROM" / "PUBLIC JOINT STOCK COMPANY
        // GAZPROM", "TISONIC" / "TYSONIC", "A. JABIR" / "Ayman JABIR"): one name, written as
        // listed or nearly, not a word found inside another name. It scores as the names
        // compare. A word or organisation word of its own on either side ("LADOGA STROY" /
        // "LADOGA OOO", "ALFA SERVIS" / "ALFA LLC"), or a common given name or surname
        // alone not written as listed, stays weak evidence. (Where something known of both
        // sides disagrees, a common name written as listed was capped above.)
        let one_name = !shape.whole_name
            && !shape.words_left
            && !shape.symbols_left
            && (shape.distinctive_pairs >= 1 || exact);
        if one_name {
            return None;
        }
        if persons && lone_common_word(name_score, shape, qn, cn) {
            return Some(Cap::CommonName);
        }
        if persons && near_common_words(name_score, shape) {
            return Some(Cap::CommonName);
        }
        if persons && relatives_chain(name_score, shape) {
            return Some(Cap::RelativesChain);
        }
        // A one-word listed name only nearly spelt, beside a word of the customer's own that
        // the lists know as a word of names ("Desert Falcon General Trading" / OOO ALKON:
        // falcon ≈ alkon, and "desert" besides): a near word inside another firm's name, not
        // that name misspelt (whose extra words are legal forms or garbled ones).
        if near_one_word(name_score, shape, cn) {
            return Some(Cap::NearOneWord);
        }
        // A one-word listed name that is one pinyin syllable, among the syllables of a name
        // written in pinyin: one character of a Chinese name, shared by chance ("HUA" in
        // "HUA XING MAO YI YOU XIAN GONG SI").
        if one_syllable_of_pinyin(shape, qn, cn) {
            return Some(Cap::OneSharedWord);
        }
        // A name written exactly as listed is as many words as the listed one, however a
        // query's misspelt organisation words were read.
        (cn.word_count <= 1 || (!exact && qn.word_count <= 1)).then_some(Cap::OneWord)
    }

    /// The cap a listed name is ranked under when the entity's best name is chosen, before
    /// dates and countries are known: a weak alias, a one-word name only nearly spelt beside
    /// a word of the customer's own, or a person's name of which only the
    /// common part was found, that is one common word against a longer name, or whose
    /// words beyond one only look alike. So a weak alias written exactly as listed outranks
    /// such a name.
    fn ranking(
        kind: NameKind,
        score: f64,
        shape: &compare::NameShape,
        schema: &Schema,
        qn: &PreparedName,
        cn: &PreparedName,
    ) -> Option<Cap> {
        if kind == NameKind::WeakAlias {
            return Some(if score >= 1.0 {
                Cap::WeakAliasExact
            } else {
                Cap::WeakAliasNear
            });
        }
        // Two firms sharing one word, each with an organisation word of its own: ranked
        // under its cap whatever the kind, so an exact weak alias outranks it ("SAFARI
        // BEACH" is listed as a weak alias of the SAFARI CLUB).
        if one_word_of_two_firms(score, shape) {
            return Some(Cap::OneSharedWord);
        }
        // So is a one-word name only nearly spelt beside a word of the customer's own: an
        // exact weak alias outranks it ("AL-TUNISI, Abu Ayyad" is a weak alias of the
        // entity whose "Seifallah Ben … BEN HASSINE" would be capped).
        if near_one_word(score, shape, cn) {
            return Some(Cap::NearOneWord);
        }
        // The shape tests are cheap; the person test reads the name's tokens.
        let cap = if common_part_only(score, shape)
            || lone_common_word(score, shape, qn, cn)
            || near_common_words(score, shape)
        {
            Cap::CommonName
        } else if lookalike_words(shape) || lookalike_syllable(shape, qn) {
            Cap::LookalikeWords
        } else if relatives_chain(score, shape) {
            Cap::RelativesChain
        } else {
            return None;
        };
        persons_name(schema, cn).then_some(cap)
    }

    fn score(self) -> f64 {
        match self {
            Cap::WeakAliasExact => WEAK_EXACT_SCORE,
            Cap::WeakAliasNear => WEAK_ALIAS_NEAR_SCORE,
            Cap::OneWord => ONE_WORD_SCORE,
            Cap::OneSharedWord | Cap::LookalikeWords | Cap::NearOneWord | Cap::SyllablesApart => {
                ONE_SHARED_WORD_SCORE
            }
            Cap::CommonName | Cap::RelativesChain => COMMON_NAME_SCORE,
        }
    }

    fn reason(self) -> &'static str {
        match self {
            Cap::WeakAliasExact | Cap::WeakAliasNear => "weak alias without supporting evidence",
            Cap::OneWord => "one-word names without supporting evidence",
            Cap::OneSharedWord => "one shared word without supporting evidence",
            Cap::NearOneWord => {
                "a one-word name nearly spelt beside a word of the customer's own, without \
                 supporting evidence"
            }
            Cap::LookalikeWords => LOOKALIKE_PAIR_REASON,
            Cap::SyllablesApart => {
                "names in pinyin sharing some syllables, one only alike, without supporting \
                 evidence"
            }
            Cap::CommonName => "common names without supporting evidence",
            Cap::RelativesChain => {
                "the query's own first name missing from the listed name chain, without \
                 supporting evidence"
            }
        }
    }
}

/// Scores a query against a listed entity, preparing the candidate's names on the fly
/// (for pair evaluation; screening uses the [`CandidateIndex`], which prepares them once).
pub fn score_pair(
    query: &Entity,
    candidate: &Entity,
    stats: &TokenStats,
    threshold: f64,
) -> Option<MatchResult> {
    let q = PreparedQuery::new(query);
    let h = hint(&candidate.schema);
    let prepared: Vec<PreparedName> = candidate
        .names
        .iter()
        .map(|n| prepare(&n.value, h))
        .collect();
    let names: Vec<(usize, &PreparedName)> = prepared
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.is_empty())
        .collect();
    score_candidate(&q, candidate, &names, stats, threshold)
}

/// Options for one query.
#[derive(Debug, Clone, Copy)]
pub struct MatchOptions {
    /// Match threshold.
    pub threshold: f64,
    /// At most this many results.
    pub limit: usize,
    /// How many retrieved names are scored (more: higher recall, slower).
    pub candidates: usize,
    /// Results scoring below this are not wanted: candidates that cannot reach it are
    /// dropped before their evidence is measured (screening sets it to its output floor;
    /// 0 keeps every candidate, as `search --all` needs).
    pub min_score: f64,
    /// Explain results below the threshold token by token too. Off by default: matches are
    /// always fully explained; a non-match carries its score, matched name and features, and
    /// its name comparison without the token lists (explaining costs ~5 µs a result).
    pub explain_all: bool,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            threshold: DEFAULT_THRESHOLD,
            limit: 10,
            candidates: 48,
            min_score: 0.0,
            explain_all: false,
        }
    }
}

#[cfg(test)]
mod tests;
