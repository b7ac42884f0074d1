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
//! 4. **Weak evidence stays weak**: a weak alias, or a one-word name against a one-word name,
//!    never scores more than just above the threshold on its own.
#![deny(missing_docs)]

pub mod compare;
mod corpus;
mod delta;
pub mod eval;
mod fast;
pub mod features;
mod fxhash;
mod grams;
mod index;
pub mod names;

pub use compare::{compare_names, name_score, NameComparison, TokenStats};
pub use corpus::CorpusStats;
pub use delta::{ChangeSet, EntityChange};
pub use features::FeatureScore;
pub use index::CandidateIndex;

use interdict_model::{Entity, NameKind, Schema};
use names::{prepare, NameKindHint, PreparedName};
use serde::Serialize;

/// The default threshold: scores at or above it are matches. Chosen on the development
/// pair set (see BENCHMARKS.md) for the best F1.
pub const DEFAULT_THRESHOLD: f64 = 0.66;

/// How much above the threshold weak evidence (a one-word name) may score.
const WEAK_MARGIN: f64 = 0.05;
/// How far below the one-word cap a one-word name that is not the same single word stays.
const ONE_WORD_RANK_GAP: f64 = 0.01;
/// The band below the one-word cap into which other one-word evidence is squeezed.
const ONE_WORD_BAND: f64 = 0.03;
/// How far below the threshold a weak alias that is not written exactly as listed stays
/// without supporting evidence: OFAC's "weak a.k.a.s" ("SARA", "Abu Ahmad") are in lists to
/// confirm a match, not to make one from a near spelling or a part of a longer name.
const WEAK_ALIAS_BELOW: f64 = 0.01;

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
    /// Caps applied (weak alias, one-word names).
    pub caps: Vec<String>,
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

impl MatchResult {
    /// The score without the caps that are set relative to the threshold (weak aliases and
    /// one-word names), for asking "would this be a match at another threshold?" without
    /// screening again: at any threshold `t` this result is a match exactly when
    /// `uncapped_score() >= t`. A weak alias not written as listed never matches on its
    /// own, whatever the threshold, and reports 0.
    pub fn uncapped_score(&self) -> f64 {
        let e = &self.explanation;
        if e.caps.is_empty() {
            return self.score;
        }
        if e.caps.iter().any(|c| c.starts_with("weak alias")) && e.name.score < 1.0 {
            return 0.0;
        }
        let mut s = e.name.score;
        if e.identifier_match.is_some() {
            s = s.max(features::IDENTIFIER_MATCH_SCORE);
        }
        s += e.features.iter().map(|f| f.contribution).sum::<f64>();
        (s.clamp(0.0, 1.0) * 10000.0).round() / 10000.0
    }
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
                let p = prepare(text, h);
                if !p.is_empty() && !names.iter().any(|x| x.tokens == p.tokens) {
                    names.push(p);
                }
            }
        }
        let glue = names.iter().map(|_| compare::NameMemo::default()).collect();
        PreparedQuery {
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
        threshold,
        0.0,
        true,
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

/// Scores a query against one listed entity (of schema `schema`, passed apart so that the
/// index can answer from its compact tables): best name pair, identifier match,
/// qualifiers, caps. Allocates nothing in the common case (no feature applies), and reads
/// the listed entity itself only when the names leave the score within reach of
/// `min_score` or the query carries identifiers.
///
/// `ids_may_match` false says the caller knows no identifier of the query is one of the
/// candidate's (the index knows which listed entities hold each identifier), sparing the
/// identifiers' normalization for every candidate; true leaves it to be measured.
#[allow(clippy::too_many_arguments)]
pub(crate) fn assess<'a>(
    query: &'a PreparedQuery,
    candidate: &Entity,
    schema: &Schema,
    names: &[NameRef<'a>],
    stats: &TokenStats,
    threshold: f64,
    min_score: f64,
    ids_may_match: bool,
) -> Option<Assessment<'a>> {
    if !features::schema_compatible(&query.entity.schema, schema) {
        return None;
    }
    let mut best: Option<(f64, f64, &PreparedName, usize, NameKind, &PreparedName)> = None;
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
            let score = match query.glue.get(qi) {
                Some(memo) => compare::name_score_with(qn, cn, stats, memo),
                None => name_score(qn, cn, stats),
            };
            // A weak alias is weaker evidence than a strong name at the same similarity, and
            // counts for no more than its cap (below), so a strong name is not passed over.
            let effective = if kind == NameKind::WeakAlias {
                let cap = if score >= 1.0 {
                    threshold + WEAK_MARGIN
                } else {
                    threshold - WEAK_ALIAS_BELOW
                };
                score.min(cap) - 0.001
            } else {
                score
            };
            if best.as_ref().is_none_or(|(e, ..)| effective > *e) {
                best = Some((effective, score, qn, i, kind, cn));
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
    if id_match.is_none() && best.map_or(0.0, |(_, s, ..)| s) + features::max_bonus() < min_score {
        return None;
    }
    let features = features::qualifiers(query.entity, candidate);
    let mut score = best.map_or(0.0, |(_, s, ..)| s);
    if id_match.is_some() {
        score = score.max(features::IDENTIFIER_MATCH_SCORE);
    }
    score += features.iter().map(|f| f.contribution).sum::<f64>();
    let supported = id_match.is_some()
        || features
            .iter()
            .any(|f| f.name == "dob_exact_match" || f.name == "dob_year_match");
    let mut caps = Vec::new();
    let cap = threshold + WEAK_MARGIN;
    let weak_cap = threshold - WEAK_ALIAS_BELOW;
    if let (false, Some((_, _, qn, _, kind, cn))) = (supported, best) {
        let name_exact = best.is_some_and(|(_, s, ..)| s >= 1.0);
        if kind == NameKind::WeakAlias && name_exact && score > cap {
            // Written exactly as listed: a match, but a weak one.
            score = cap;
            caps.push("weak alias without supporting evidence".to_string());
        } else if kind == NameKind::WeakAlias && !name_exact && score > weak_cap {
            score = weak_cap;
            caps.push("weak alias without supporting evidence".to_string());
        } else if qn.word_count <= 1 || cn.word_count <= 1 {
            // One distinctive word is weak evidence however it matched. The same single
            // word ranks first; a longer name that contains it (or is contained in it) and
            // a near spelling stay just below, so "GAZPROM" lists Gazprom before Gazprom Neft.
            // Scores above the band's floor are squeezed into it, keeping their order, so
            // "M. QASIMI" still ranks QASIMI, Murtadi above Qasim AL-RAMI.
            let floor = cap - ONE_WORD_BAND;
            if qn.word_count <= 1 && cn.word_count <= 1 && name_exact {
                if score > cap {
                    score = cap;
                    caps.push("one-word names without supporting evidence".to_string());
                }
            } else if score > floor {
                let top = cap - ONE_WORD_RANK_GAP;
                score = floor + (score.min(1.0) - floor) * (top - floor) / (1.0 - floor);
                caps.push("one-word names without supporting evidence".to_string());
            }
        }
    }
    Some(Assessment {
        score: (score.clamp(0.0, 1.0) * 10000.0).round() / 10000.0,
        name_score: best.map_or(0.0, |(_, s, ..)| s),
        best: best.map(|(_, _, qn, ci, _, cn)| (qn, ci, cn)),
        id_match,
        features,
        caps,
    })
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
