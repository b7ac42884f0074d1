//! Effectiveness testing ("model validation") of the screening engine on the lists a user
//! actually loaded: a test deck of listed names under the manipulations screening testers
//! use ([`deck`]), a seeded population of realistic non-listed people and companies
//! (`interdict-synth`), both screened by the same engine and options as a batch run, and
//! the figures a validator reports: detection by category and by list, false alerts per
//! 1,000 negatives, how both move with the threshold, and the threshold that fits a stated
//! false-alert budget ([`Summary`]); [`report`] renders them as one self-contained page.
//!
//! How the sweep works without screening 51 times: a score does not depend on the threshold
//! (no cap is set relative to it), so each case's and negative's score decides whether it
//! alerts at any threshold. The recommended threshold is still screened again, as a check
//! that the sweep reads the engine right, and both figures are reported.
#![deny(missing_docs)]

pub mod deck;
pub mod namesakes;
pub mod report;
pub mod script;
mod summary;

pub use deck::{Case, Category, Deck};
pub use summary::*;

use interdict_matcher::{score_pair, CandidateIndex, MatchExplanation, MatchOptions};
use interdict_model::{DateSpec, Entity, Name, NameKind, PartialDate, Schema};
use interdict_synth::{Generator, PartyKind};
use serde::Serialize;
use std::collections::BTreeMap;

/// Scores below this are not kept (the sweep and histograms start here).
pub const SCORE_FLOOR: f64 = 0.45;
/// Thresholds swept, in hundredths: 0.50 … 1.00.
pub(crate) const SWEEP: std::ops::RangeInclusive<u32> = 50..=100;
/// Results per query: enough that the entity a case must find is seen even when namesakes
/// outscore it.
const RESULTS: usize = 10;
/// Misses and false alerts listed in full in the report.
pub const LISTED_EXAMPLES: usize = 1000;

/// Errors in the settings.
#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    /// A false-alert budget that is not a rate.
    #[error("{0:?} is not a false-alert rate: write it as 1/1000, 0.001 or 0.1%")]
    Budget(String),
    /// Nothing to test.
    #[error("the chosen lists hold no people or organizations to build a test deck from")]
    EmptyDeck,
}

/// Parses a false-alert budget ("1/1000", "0.001", "0.1%") into alerts per 1,000.
pub fn parse_budget(s: &str) -> Result<f64, ValidateError> {
    let bad = || ValidateError::Budget(s.to_string());
    let t = s.trim();
    let rate = if let Some((a, b)) = t.split_once('/') {
        let a: f64 = a.trim().parse().map_err(|_| bad())?;
        let b: f64 = b.trim().parse().map_err(|_| bad())?;
        if b <= 0.0 {
            return Err(bad());
        }
        a / b
    } else if let Some(p) = t.strip_suffix('%') {
        p.trim().parse::<f64>().map_err(|_| bad())? / 100.0
    } else {
        t.parse().map_err(|_| bad())?
    };
    if !(0.0..=1.0).contains(&rate) || rate.is_nan() {
        return Err(bad());
    }
    Ok(rate * 1000.0)
}

/// How to validate.
#[derive(Debug, Clone)]
pub struct Config {
    /// The configured match threshold.
    pub threshold: f64,
    /// Listed entities to draw the deck from.
    pub sample: usize,
    /// Negatives to generate.
    pub negatives: usize,
    /// Seed of the deck and the negatives.
    pub seed: u64,
    /// False-alert budget, alerts per 1,000 screened non-listed parties.
    pub max_false_alerts_per_1000: f64,
    /// Worker threads (0: one per core).
    pub workers: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            threshold: interdict_matcher::DEFAULT_THRESHOLD,
            sample: 500,
            negatives: 10_000,
            seed: 1,
            max_false_alerts_per_1000: 1.0,
            workers: 0,
        }
    }
}

/// A list in the validation.
#[derive(Debug, Clone, Serialize)]
pub struct ListInfo {
    /// List id.
    pub list: String,
    /// Publication date of the version used.
    pub published: Option<String>,
    /// Entities in it.
    pub entities: usize,
}

/// The best other hit of a query.
#[derive(Debug, Clone, Serialize)]
pub struct TopHit {
    /// Listed entity id.
    pub id: String,
    /// Its caption.
    pub caption: String,
    /// Its score.
    pub score: f64,
    /// The listed name that matched.
    pub matched_name: String,
}

/// A screened case.
#[derive(Debug, Clone, Serialize)]
pub struct CaseResult {
    /// The case.
    #[serde(flatten)]
    pub case: Case,
    /// The caption of the entity it must find.
    pub caption: String,
    /// The score of that entity for the query (0 when below [`SCORE_FLOOR`] or not found).
    pub score: f64,
    /// Its rank among the results (1 = top).
    pub rank: Option<usize>,
    /// The top result, whatever it is.
    pub top: Option<TopHit>,
}

/// A screened negative.
#[derive(Debug, Clone, Serialize)]
pub struct NegativeResult {
    /// The generated name.
    pub name: String,
    /// Person or Company.
    pub schema: String,
    /// Locale it was drawn from.
    pub locale: String,
    /// Birth or incorporation date.
    pub date: Option<String>,
    /// Country.
    pub country: String,
    /// Best score over all listed entities (0 below [`SCORE_FLOOR`]).
    pub score: f64,
    /// The best hit.
    pub top: Option<TopHit>,
}

/// A labelled pair's score (from `--pairs`).
#[derive(Debug, Clone, Serialize)]
pub struct PairScore {
    /// The pair's kind (the dev-set's category).
    pub kind: String,
    /// Score.
    pub score: f64,
    /// True match?
    pub label: bool,
}

/// Everything screened, before it is summarized.
#[derive(Debug, Clone)]
pub struct Validation {
    /// Settings.
    pub config: Config,
    /// Lists used.
    pub lists: Vec<ListInfo>,
    /// Listed entities sampled.
    pub sampled: usize,
    /// Parties on the lists.
    pub population: usize,
    /// Cases at the configured threshold.
    pub cases: Vec<CaseResult>,
    /// Negatives at the configured threshold.
    pub negatives: Vec<NegativeResult>,
    /// Labelled pairs, when given.
    pub pairs: Vec<PairScore>,
    /// The recommended threshold screened again exactly: (detection, false alerts per 1,000).
    pub verified: Option<(f64, f64, f64)>,
    /// Why each miss at the configured threshold scored what it did.
    pub miss_explanations: BTreeMap<usize, MissExplanation>,
    /// Why each listed false alert scored what it did.
    pub alert_explanations: BTreeMap<usize, MatchExplanation>,
}

/// Why a case was missed.
#[derive(Debug, Clone, Serialize)]
pub struct MissExplanation {
    /// Whether the candidate index brought the entity to scoring at all.
    pub retrieved: bool,
    /// The entity's score when compared directly, and why.
    pub direct_score: f64,
    /// The explanation of that comparison.
    pub explanation: Option<MatchExplanation>,
}

fn options(threshold: f64) -> MatchOptions {
    MatchOptions {
        threshold,
        limit: RESULTS,
        min_score: SCORE_FLOOR,
        ..MatchOptions::default()
    }
}

fn query_schema(schema: &str) -> Schema {
    match Schema::from_name(schema) {
        s @ (Schema::Person | Schema::Organization | Schema::Company) => s,
        _ => Schema::LegalEntity,
    }
}

fn case_query(c: &Case) -> Entity {
    let mut e = Entity::new("validate-case", query_schema(&c.schema));
    e.add_name(Name::new(c.query.clone(), NameKind::Primary));
    if let Some(d) = c.birth_date.as_deref().and_then(PartialDate::parse_iso) {
        e.birth_dates.push(DateSpec::exact(d));
    }
    e.nationalities.extend(c.nationality.clone());
    e.countries.extend(c.country.clone());
    e
}

/// A generated negative as a query entity, with its date and countries.
fn negative_entity(p: &interdict_synth::Party) -> Entity {
    let schema = match p.kind {
        PartyKind::Person => Schema::Person,
        PartyKind::Company => Schema::Company,
    };
    let mut e = Entity::new("validate-negative", schema);
    e.add_name(Name::new(p.name.clone(), NameKind::Primary));
    if let Some(d) = p.date.as_deref().and_then(PartialDate::parse_iso) {
        e.birth_dates.push(DateSpec::exact(d));
    }
    e.countries.push(p.country.clone());
    if let Some(n) = &p.nationality {
        e.nationalities.push(n.clone());
    }
    e
}

fn top_hit(index: &CandidateIndex, r: &interdict_matcher::MatchResult) -> TopHit {
    TopHit {
        caption: index
            .entity(&r.id)
            .map(|e| e.caption().to_string())
            .unwrap_or_default(),
        id: r.id.clone(),
        score: r.score,
        matched_name: r.explanation.matched_name.clone(),
    }
}

/// Runs `f` over `items` on `workers` threads, keeping their order.
fn parallel<T: Sync, R: Send>(items: &[T], workers: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = if workers == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        workers
    };
    let chunk = items.len().div_ceil(workers).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| s.spawn(|| part.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

fn screen_cases(
    index: &CandidateIndex,
    cases: &[Case],
    threshold: f64,
    workers: usize,
) -> Vec<CaseResult> {
    let opts = options(threshold);
    parallel(cases, workers, |c| {
        let results = index.search(&case_query(c), &opts);
        let found = results.iter().position(|r| r.id == c.entity_id);
        CaseResult {
            caption: index
                .entity(&c.entity_id)
                .map(|e| e.caption().to_string())
                .unwrap_or_default(),
            score: found.map_or(0.0, |i| results[i].score),
            rank: found.map(|i| i + 1),
            top: results.first().map(|r| top_hit(index, r)),
            case: c.clone(),
        }
    })
}

fn screen_negatives(
    index: &CandidateIndex,
    negatives: &[(Entity, &'static str)],
    threshold: f64,
    workers: usize,
) -> Vec<NegativeResult> {
    let opts = options(threshold);
    parallel(negatives, workers, |(e, locale)| {
        let results = index.search(e, &opts);
        NegativeResult {
            name: e.caption().to_string(),
            schema: e.schema.name().to_string(),
            locale: locale.to_string(),
            date: e.birth_dates.first().map(|d| d.date.to_string()),
            country: e.countries.first().cloned().unwrap_or_default(),
            score: results.first().map_or(0.0, |r| r.score),
            top: results.first().map(|r| top_hit(index, r)),
        }
    })
}

/// The generated negative population.
pub fn negatives(count: usize, seed: u64) -> Vec<(Entity, &'static str)> {
    // Another stream than the deck's, so that changing one does not move the other.
    let mut g = Generator::new(seed ^ 0x6E65_6761_7469_7665);
    (0..count)
        .map(|_| {
            let p = g.party();
            (negative_entity(&p), p.locale)
        })
        .collect()
}

/// Builds the deck and the negatives, screens both, and checks the recommended threshold.
pub fn run(
    index: &CandidateIndex,
    lists: Vec<ListInfo>,
    config: Config,
    pairs: Vec<PairScore>,
) -> Result<Validation, ValidateError> {
    let deck = deck::build(index.entities(), config.sample, config.seed);
    if deck.cases.is_empty() {
        return Err(ValidateError::EmptyDeck);
    }
    // A share of the negatives are namesakes of listed people (see `namesakes`); the rest
    // are generated parties.
    let named = namesakes::namesakes(
        index.entities(),
        (config.negatives as f64 * namesakes::SHARE).round() as usize,
        config.seed,
    );
    let mut population = negatives(config.negatives - named.len(), config.seed);
    population.extend(named.into_iter().map(|e| (e, namesakes::LOCALE)));
    let cases = screen_cases(index, &deck.cases, config.threshold, config.workers);
    let negs = screen_negatives(index, &population, config.threshold, config.workers);
    let mut v = Validation {
        lists,
        sampled: deck.sampled,
        population: deck.population,
        cases,
        negatives: negs,
        pairs,
        verified: None,
        miss_explanations: BTreeMap::new(),
        alert_explanations: BTreeMap::new(),
        config,
    };
    if let Some(t) = recommend(&sweep(&v), v.config.max_false_alerts_per_1000) {
        let again = screen_cases(index, &deck.cases, t, v.config.workers);
        let negs = screen_negatives(index, &population, t, v.config.workers);
        v.verified = Some((t, detection_at(&again, t), false_alerts_per_1000(&negs, t)));
    }
    explain(index, &mut v, &population);
    Ok(v)
}

/// Explains the first misses and false alerts at the configured threshold, token by token.
fn explain(index: &CandidateIndex, v: &mut Validation, population: &[(Entity, &'static str)]) {
    let t = v.config.threshold;
    let misses: Vec<usize> = (0..v.cases.len())
        .filter(|&i| v.cases[i].score < t)
        .take(LISTED_EXAMPLES)
        .collect();
    for i in misses {
        let c = &v.cases[i].case;
        let q = case_query(c);
        let Some(target) = index.entity(&c.entity_id) else {
            continue;
        };
        let retrieved = index.retrieves(&q, &c.entity_id, MatchOptions::default().candidates);
        let direct = score_pair(&q, target, index.stats(), t);
        v.miss_explanations.insert(
            i,
            MissExplanation {
                retrieved,
                direct_score: direct.as_ref().map_or(0.0, |r| r.score),
                explanation: direct.map(|r| r.explanation),
            },
        );
    }
    let alerts: Vec<usize> = (0..v.negatives.len())
        .filter(|&i| v.negatives[i].score >= t)
        .take(LISTED_EXAMPLES)
        .collect();
    for i in alerts {
        let (q, _) = &population[i];
        let Some(top) = &v.negatives[i].top else {
            continue;
        };
        if let Some(target) = index.entity(&top.id) {
            if let Some(r) = score_pair(q, target, index.stats(), t) {
                v.alert_explanations.insert(i, r.explanation);
            }
        }
    }
}

pub(crate) fn detection_at(cases: &[CaseResult], t: f64) -> f64 {
    ratio(cases.iter().filter(|c| c.score >= t).count(), cases.len())
}

pub(crate) fn false_alerts_per_1000(negs: &[NegativeResult], t: f64) -> f64 {
    1000.0 * ratio(negs.iter().filter(|n| n.score >= t).count(), negs.len())
}

pub(crate) fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

#[cfg(test)]
mod tests;
