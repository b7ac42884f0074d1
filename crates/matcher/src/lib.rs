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
pub mod eval;
mod fast;
pub mod features;
mod fxhash;
mod index;
pub mod names;

pub use compare::{compare_names, name_score, NameComparison, TokenStats};
pub use features::FeatureScore;
pub use index::CandidateIndex;

use interdict_model::{Entity, NameKind, Schema};
use names::{prepare, NameKindHint, PreparedName};
use serde::Serialize;

/// The default threshold: scores at or above it are matches. Chosen on the development
/// pair set (see BENCHMARKS.md) for the best F1.
pub const DEFAULT_THRESHOLD: f64 = 0.66;

/// How much above the threshold weak evidence (a weak alias, a one-word name) may score.
const WEAK_MARGIN: f64 = 0.05;

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
}

impl<'a> PreparedQuery<'a> {
    /// Prepares every name of the query.
    pub fn new(entity: &'a Entity) -> PreparedQuery<'a> {
        let h = hint(&entity.schema);
        let mut names: Vec<PreparedName> = Vec::new();
        for n in &entity.names {
            let p = prepare(&n.value, h);
            if !p.is_empty() && !names.iter().any(|x| x.tokens == p.tokens) {
                names.push(p);
            }
        }
        PreparedQuery { entity, names }
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
    score_candidate_with(query, candidate, names, stats, threshold, true)
}

/// As [`score_candidate`]; with `explain` false the name comparison in the explanation is
/// left without its token lists (cheaper, for ranking many candidates before explaining the
/// few that are returned).
pub fn score_candidate_with(
    query: &PreparedQuery,
    candidate: &Entity,
    names: &[(usize, &PreparedName)],
    stats: &TokenStats,
    threshold: f64,
    explain: bool,
) -> Option<MatchResult> {
    if !features::schema_compatible(&query.entity.schema, &candidate.schema) {
        return None;
    }
    // Score every name pair cheaply; explain only the best.
    let mut best: Option<(f64, &PreparedName, usize, &PreparedName)> = None;
    for qn in &query.names {
        for &(i, cn) in names {
            let score = name_score(qn, cn, stats);
            let kind = candidate.names.get(i).map_or(NameKind::Alias, |n| n.kind);
            // A weak alias is weaker evidence than a strong name at the same similarity.
            let effective = if kind == NameKind::WeakAlias {
                score - 0.001
            } else {
                score
            };
            if best.as_ref().is_none_or(|(s, ..)| effective > *s) {
                best = Some((effective, qn, i, cn));
            }
        }
    }
    let best = best.map(|(s, qn, i, cn)| {
        let cmp = if explain {
            compare_names(qn, cn, stats)
        } else {
            NameComparison {
                score: s.max(0.0).max(name_score(qn, cn, stats)),
                pairs: Vec::new(),
                unmatched_query: Vec::new(),
                unmatched_candidate: Vec::new(),
                method: "",
            }
        };
        (s, qn, i, cmp)
    });
    let id_match = features::identifier_match(query.entity, candidate);
    let (name_score, qn, ci, cmp) = match best {
        Some((_, qn, ci, cmp)) => (cmp.score, qn.original.clone(), ci, cmp),
        None if id_match.is_some() => (
            0.0,
            String::new(),
            0,
            NameComparison {
                score: 0.0,
                pairs: Vec::new(),
                unmatched_query: Vec::new(),
                unmatched_candidate: Vec::new(),
                method: "none",
            },
        ),
        None => return None,
    };
    let quals = features::qualifiers(query.entity, candidate);
    let mut score = name_score;
    if id_match.is_some() {
        score = score.max(features::IDENTIFIER_MATCH_SCORE);
    }
    score += quals.iter().map(|f| f.contribution).sum::<f64>();
    let supported = id_match.is_some()
        || quals
            .iter()
            .any(|f| f.name == "dob_exact_match" || f.name == "dob_year_match");
    let mut caps = Vec::new();
    let matched_kind = candidate.names.get(ci).map_or(NameKind::Alias, |n| n.kind);
    let cap = threshold + WEAK_MARGIN;
    if !supported && score > cap {
        if matched_kind == NameKind::WeakAlias {
            score = cap;
            caps.push("weak alias without supporting evidence".to_string());
        } else if let Some((_, cn)) = names.iter().find(|(i, _)| *i == ci) {
            let q_words = query
                .names
                .iter()
                .find(|n| n.original == qn)
                .map_or(0, |n| n.words().count());
            if q_words <= 1 && cn.words().count() <= 1 {
                score = cap;
                caps.push("one-word names without supporting evidence".to_string());
            }
        }
    }
    let score = (score.clamp(0.0, 1.0) * 10000.0).round() / 10000.0;
    Some(MatchResult {
        id: candidate.id.clone(),
        score,
        is_match: score >= threshold,
        explanation: MatchExplanation {
            query_name: qn,
            matched_name: candidate
                .names
                .get(ci)
                .map(|n| n.value.clone())
                .unwrap_or_default(),
            matched_name_kind: format!("{matched_kind:?}"),
            name: cmp,
            identifier_match: id_match,
            features: quals,
            caps,
        },
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
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            threshold: DEFAULT_THRESHOLD,
            limit: 10,
            candidates: 48,
        }
    }
}
