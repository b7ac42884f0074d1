//! Goods screening: each line of an order or shipment file — a tariff code, a description,
//! where it goes and who receives it — checked against the Common High Priority List
//! (CHPL), the destinations of concern and the sanctions lists, with one verdict per line
//! (`block`, `review`, `clear`) and every reason behind it.
//!
//! The design follows party screening: the rule data is versioned like a list and every
//! verdict names its version ([`rules`]); the reasons are facts with their evidence (the
//! CHPL tier of the declared code, the HS-6 subheadings the description points to and why
//! ([`describe`]), the country and the measure naming it, the listed party and the
//! matcher's explanation); and a readable policy file turns reasons into the verdict, the
//! first rule that holds deciding ([`policy`]). Nothing here decides licensing or legal
//! classification: a `review` is work for a person, a `block` says which rule stops it.
//!
//! ```
//! use interdict_goods::{line::{GoodsField, GoodsLine}, GoodsScreener, Verdict};
//! let screener = GoodsScreener::bundled().unwrap();
//! let mut line = GoodsLine::default();
//! line.add(GoodsField::HsCode, "hs_code", "8542.31.0001");
//! line.add(GoodsField::Destination, "destination", "Kyrgyzstan");
//! let v = screener.check(&line, None);
//! assert_eq!(v.verdict, Some(Verdict::Review));
//! assert_eq!(v.decided_by.as_deref(), Some("chpl-to-diversion-risk"));
//! ```
#![deny(missing_docs)]

pub mod batch;
pub mod describe;
pub mod hs;
pub mod line;
pub mod policy;
pub mod rules;
#[cfg(test)]
mod tests;

use describe::{Candidate, DescriptionIndex};
use interdict_matcher::CandidateIndex;
use interdict_screen::{Hit, ScreenOptions};
use line::{GoodsField, GoodsLine};
pub use policy::{Condition, Policy, Verdict};
use rules::{DestinationClass, RuleSet, Tier};
use serde_json::json;
use std::sync::Arc;

/// A rule file or policy that cannot be used; says which file, line and field.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// A file that cannot be read at all.
    #[error("{file}: {message}")]
    File {
        /// The file.
        file: String,
        /// What went wrong.
        message: String,
    },
    /// A bad line.
    #[error("{file}, line {line}, {field}: {message}")]
    Line {
        /// The file.
        file: String,
        /// Its line (0: the file as a whole).
        line: u64,
        /// The field at fault.
        field: String,
        /// What is wrong.
        message: String,
    },
}

impl RulesError {
    pub(crate) fn at(file: &str, line: u64, field: &str, message: &str) -> RulesError {
        RulesError::Line {
            file: file.to_string(),
            line,
            field: field.to_string(),
            message: message.to_string(),
        }
    }

    pub(crate) fn csv(file: &str, e: &csv::Error) -> RulesError {
        RulesError::File {
            file: file.to_string(),
            message: e.to_string(),
        }
    }
}

/// What a reason is about (its `rule` in the output).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReasonKind {
    /// The declared code is on the CHPL.
    Chpl,
    /// The description points to a CHPL item (or contradicts the declared code).
    Description,
    /// A place the goods go to or through is of concern.
    Destination,
    /// The goods' origin is of concern.
    Origin,
    /// A named party matches or may match a listed one.
    Party,
}

impl ReasonKind {
    /// `chpl`, `description`, `destination`, `origin` or `party`.
    pub fn name(self) -> &'static str {
        match self {
            ReasonKind::Chpl => "chpl",
            ReasonKind::Description => "description",
            ReasonKind::Destination => "destination",
            ReasonKind::Origin => "origin",
            ReasonKind::Party => "party",
        }
    }
}

/// One reason behind a verdict, with its evidence.
#[derive(Debug, Clone)]
pub struct Reason {
    /// What it is about.
    pub kind: ReasonKind,
    /// The fact in words.
    pub detail: String,
    /// The condition it establishes for the policy.
    pub condition: Condition,
    /// CHPL tier, for CHPL items.
    pub tier: Option<Tier>,
    /// The HS-6 subheading concerned.
    pub hs6: Option<String>,
    /// The country concerned (FtM code).
    pub country: Option<String>,
    /// The line's field the reason comes from (`consignee`, `via`…).
    pub field: Option<GoodsField>,
    /// The listed party, for a party reason.
    pub hit: Option<Box<Hit>>,
    /// The description's score for the item, or the party's match score.
    pub score: Option<f64>,
}

impl Reason {
    fn new(kind: ReasonKind, condition: Condition, detail: String) -> Reason {
        Reason {
            kind,
            detail,
            condition,
            tier: None,
            hs6: None,
            country: None,
            field: None,
            hit: None,
            score: None,
        }
    }

    /// The reason as JSON: `{"rule", "detail", "tier"?, "hs6"?, "country"?, "field"?,
    /// "entity_id"?, "score"?, …}`.
    pub fn json(&self) -> serde_json::Value {
        let mut r = json!({"rule": self.kind.name(), "detail": self.detail});
        if self.condition == Condition::DescriptionMismatch {
            r["mismatch"] = json!(true);
        }
        if let Some(t) = self.tier {
            r["tier"] = json!(t.label());
        }
        if let Some(h) = &self.hs6 {
            r["hs6"] = json!(h);
        }
        if let Some(c) = &self.country {
            r["country"] = json!(c);
        }
        if let Some(f) = self.field {
            r["field"] = json!(f.name());
        }
        if let Some(s) = self.score {
            r["score"] = json!((s * 10_000.0).round() / 10_000.0);
        }
        if let Some(h) = &self.hit {
            r["entity_id"] = json!(h.entity_id);
            r["caption"] = json!(h.caption);
            r["schema"] = json!(h.schema);
            r["match"] = json!(h.is_match);
            r["datasets"] = json!(h.datasets);
            r["explanation"] = json!(h.explanation);
            if !h.ownership.is_empty() {
                r["ownership"] = json!(h.ownership);
            }
        }
        r
    }
}

/// A line's verdict with every reason.
#[derive(Debug, Clone)]
pub struct LineVerdict {
    /// The verdict (`None`: the line could not be read at all).
    pub verdict: Option<Verdict>,
    /// The policy rule that decided it (`None`: no rule held, so `clear`).
    pub decided_by: Option<String>,
    /// The reasons found, whether or not a rule used them.
    pub reasons: Vec<Reason>,
    /// The likeliest HS-6 subheadings of the description, best first.
    pub candidates: Vec<Candidate>,
}

/// The party score that makes `party.match` (which the default policy blocks): a strong
/// match, above the matcher's alert threshold, because a block stops a shipment. Scores from
/// the matcher's threshold up to it make `party.possible` (for review).
pub const DEFAULT_PARTY_MATCH: f64 = 0.8;

/// How goods are screened: thresholds for the description and for parties.
#[derive(Debug, Clone)]
pub struct GoodsOptions {
    /// A description points to a CHPL item when the item scores at least this.
    pub description_threshold: f64,
    /// HS-6 candidates reported per line.
    pub candidates: usize,
    /// Party screening: `threshold` makes `party.match`; `min_score` (below it) makes
    /// `party.possible`.
    pub parties: ScreenOptions,
}

impl Default for GoodsOptions {
    fn default() -> Self {
        GoodsOptions {
            description_threshold: 0.75,
            candidates: 3,
            parties: ScreenOptions {
                threshold: DEFAULT_PARTY_MATCH,
                min_score: interdict_matcher::DEFAULT_THRESHOLD,
                limit: 3,
                ..ScreenOptions::default()
            },
        }
    }
}

/// The rule set, description index and policy, ready to check lines.
#[derive(Debug, Clone)]
pub struct GoodsScreener {
    /// The rule data.
    pub rules: Arc<RuleSet>,
    /// The policy.
    pub policy: Policy,
    /// Thresholds.
    pub options: GoodsOptions,
    descriptions: DescriptionIndex,
}

impl GoodsScreener {
    /// Rules, policy and options as given.
    pub fn new(rules: RuleSet, policy: Policy, options: GoodsOptions) -> GoodsScreener {
        let descriptions = DescriptionIndex::build(&rules);
        GoodsScreener {
            rules: Arc::new(rules),
            policy,
            options,
            descriptions,
        }
    }

    /// The bundled rules and the default policy.
    pub fn bundled() -> Result<GoodsScreener, RulesError> {
        Ok(GoodsScreener::new(
            RuleSet::bundled()?,
            Policy::default_policy(),
            GoodsOptions::default(),
        ))
    }

    /// The description index (for `interdict goods --describe` and the evaluation).
    pub fn descriptions(&self) -> &DescriptionIndex {
        &self.descriptions
    }

    /// Checks one line; `lists` screens its parties (without it, parties are not checked).
    pub fn check(&self, line: &GoodsLine, lists: Option<&CandidateIndex>) -> LineVerdict {
        self.check_with(line, &mut |name| {
            lists.map_or_else(Vec::new, |index| self.screen_party(index, name))
        })
    }

    /// Screens one party name against the lists: hits at `parties.min_score` or above, one
    /// per listed party when `parties` is given (a party on several lists is one hit with
    /// all its lists), otherwise as the options say.
    pub fn screen_party_with(
        &self,
        index: &CandidateIndex,
        name: &str,
        parties: Option<Arc<interdict_matcher::Parties>>,
    ) -> Vec<Hit> {
        let mut q = interdict_model::Entity::new(
            "goods-party",
            self.options.parties.default_schema.clone(),
        );
        q.add_name(interdict_model::Name::new(
            name,
            interdict_model::NameKind::Primary,
        ));
        let opts = ScreenOptions {
            parties: parties.or_else(|| self.options.parties.parties.clone()),
            ..self.options.parties.clone()
        };
        interdict_screen::screen_entity(index, &q, &opts)
    }

    /// Screens one party name against the lists: hits at `parties.min_score` or above.
    pub fn screen_party(&self, index: &CandidateIndex, name: &str) -> Vec<Hit> {
        self.screen_party_with(index, name, None)
    }

    /// [`check`](Self::check) with parties screened by `party_hits` (a batch caches them).
    pub fn check_with(
        &self,
        line: &GoodsLine,
        party_hits: &mut dyn FnMut(&str) -> Vec<Hit>,
    ) -> LineVerdict {
        let rules = &self.rules;
        let mut reasons = Vec::new();
        for code in &line.codes {
            if let Some(tier) = rules.chpl.get(code.hs6()) {
                let mut r = Reason::new(
                    ReasonKind::Chpl,
                    Condition::Chpl(Some(*tier)),
                    format!(
                        "{} is CHPL tier {}: {}",
                        code.hs6(),
                        tier.label(),
                        rules.nomenclature.describe(code.hs6()).unwrap_or("")
                    ),
                );
                r.tier = Some(*tier);
                r.hs6 = Some(code.hs6().to_string());
                reasons.push(r);
            }
        }
        let candidates = line
            .description
            .as_deref()
            .map(|d| self.descriptions.search(d, self.options.candidates.max(1)))
            .unwrap_or_default();
        let chpl_candidate = candidates.iter().find(|c| {
            c.score >= self.options.description_threshold && rules.chpl.contains_key(&c.hs6)
        });
        if let Some(c) = chpl_candidate {
            let tier = rules.chpl.get(&c.hs6).copied();
            let declared_fits = line.codes.is_empty()
                || line.codes.iter().any(|code| {
                    code.hs4() == &c.hs6[..4]
                        || candidates
                            .iter()
                            .any(|o| o.hs6 == code.hs6() && o.score >= 0.5 * c.score)
                });
            let via = c.evidence.join(", ");
            let mut r = if declared_fits {
                Reason::new(
                    ReasonKind::Description,
                    Condition::DescriptionChpl,
                    format!(
                        "the description points to {} (CHPL tier {}: {}) at {:.2}, by {via}",
                        c.hs6,
                        tier.map_or("?", Tier::label),
                        c.description,
                        c.score
                    ),
                )
            } else {
                let declared: Vec<String> =
                    line.codes.iter().map(|c| c.hs6().to_string()).collect();
                Reason::new(
                    ReasonKind::Description,
                    Condition::DescriptionMismatch,
                    format!(
                        "declared {} ({}) but the description points to {} (CHPL tier {}: {}) at {:.2}, by {via}",
                        declared.join(", "),
                        line.codes
                            .first()
                            .and_then(|c| rules.nomenclature.describe(c.hs6()))
                            .unwrap_or("not an HS 2022 subheading"),
                        c.hs6,
                        tier.map_or("?", Tier::label),
                        c.description,
                        c.score
                    ),
                )
            };
            r.tier = tier;
            r.hs6 = Some(c.hs6.clone());
            r.score = Some(c.score);
            reasons.push(r);
        }
        for place in &line.places {
            let dest = rules.destinations.get(&place.code).or_else(|| {
                // A region of a country of concern (`ru-mow`) is of its country's class.
                place
                    .code
                    .split_once('-')
                    .and_then(|(base, _)| rules.destinations.get(base))
            });
            let Some(d) = dest else { continue };
            let (kind, condition) = if place.field == GoodsField::Origin {
                (ReasonKind::Origin, Condition::Origin(d.class))
            } else {
                (ReasonKind::Destination, Condition::Destination(d.class))
            };
            let mut r = Reason::new(
                kind,
                condition,
                format!(
                    "{} {:?}: {} is {} ({}, as of {})",
                    place.field.name(),
                    place.text,
                    d.label,
                    match d.class {
                        DestinationClass::Sanctioned => "under sanctions or export bans",
                        DestinationClass::PartlySanctioned =>
                            "partly under sanctions: the exact place decides",
                        DestinationClass::Diversion => "a diversion risk for Russia",
                    },
                    d.source,
                    d.as_of
                ),
            );
            r.country = Some(d.code.clone());
            r.field = Some(place.field);
            reasons.push(r);
        }
        for (field, name) in &line.parties {
            for h in party_hits(name) {
                let condition = if h.is_match {
                    Condition::PartyMatch
                } else {
                    Condition::PartyPossible
                };
                let mut r = Reason::new(
                    ReasonKind::Party,
                    condition,
                    format!(
                        "{} {name:?} {} {} {} ({}) at {:.2}{}",
                        field.name(),
                        if h.is_match { "matches" } else { "may be" },
                        h.entity_id,
                        h.caption,
                        h.datasets.join(", "),
                        h.score,
                        if h.ownership.is_empty() {
                            String::new()
                        } else {
                            ", owned or controlled by listed parties".to_string()
                        }
                    ),
                );
                r.field = Some(*field);
                r.score = Some(h.score);
                r.hit = Some(Box::new(h));
                reasons.push(r);
            }
        }
        let unreadable_code = line
            .problems
            .iter()
            .any(|p| p.field.as_deref().and_then(line::detect) == Some(GoodsField::HsCode));
        let holds = |c: Condition| match c {
            Condition::CodeUnreadable => unreadable_code,
            Condition::Chpl(None) => reasons.iter().any(|r| r.kind == ReasonKind::Chpl),
            // A mismatch is a description that points to a CHPL item too.
            Condition::DescriptionChpl => reasons.iter().any(|r| {
                matches!(
                    r.condition,
                    Condition::DescriptionChpl | Condition::DescriptionMismatch
                )
            }),
            c => reasons.iter().any(|r| r.condition == c),
        };
        let rule = self.policy.decide(holds);
        LineVerdict {
            verdict: Some(rule.map_or(Verdict::Clear, |r| r.verdict)),
            decided_by: rule.map(|r| r.name.clone()),
            reasons,
            candidates,
        }
    }
}

/// The JSON of one line's verdict: `{"id", "line", "verdict", "decided_by", "reasons",
/// "hs6_candidates", "rules_version", "problems"?}`.
pub fn verdict_json(
    id: serde_json::Value,
    line_no: Option<u64>,
    v: &LineVerdict,
    problems: &[interdict_model::query::Problem],
    rules_version: &str,
) -> serde_json::Value {
    let mut out = json!({
        "id": id,
        "verdict": v.verdict.map_or("error", Verdict::name),
        "decided_by": v.decided_by,
        "reasons": v.reasons.iter().map(Reason::json).collect::<Vec<_>>(),
        "hs6_candidates": v.candidates,
        "rules_version": rules_version,
    });
    if let Some(l) = line_no {
        out["line"] = json!(l);
    }
    if !problems.is_empty() {
        out["problems"] = json!(problems);
    }
    out
}
