//! What a validation run comes to: detection by group, false alerts, the threshold sweep and
//! recommendation, score histograms and bands, the misses and false alerts with their
//! explanations — the figures the report and `--json` show.

use crate::{
    detection_at, false_alerts_per_1000, ratio, CaseResult, Category, ListInfo, MissExplanation,
    NegativeResult, Validation, LISTED_EXAMPLES, SCORE_FLOOR, SWEEP,
};
use interdict_matcher::eval::{metrics_at, Metrics};
use interdict_matcher::MatchExplanation;
use serde::Serialize;
use std::collections::BTreeMap;

/// One point of the threshold sweep.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct SweepPoint {
    /// Threshold.
    pub threshold: f64,
    /// Share of cases whose entity scores at least the threshold.
    pub detection: f64,
    /// Negatives per 1,000 with any hit at least the threshold.
    pub false_alerts_per_1000: f64,
}

/// Detection and false alerts at every threshold from 0.50 to 1.00.
pub fn sweep(v: &Validation) -> Vec<SweepPoint> {
    SWEEP
        .map(|h| {
            let t = f64::from(h) / 100.0;
            SweepPoint {
                threshold: t,
                detection: ratio(
                    v.cases.iter().filter(|c| c.score >= t - 1e-9).count(),
                    v.cases.len(),
                ),
                false_alerts_per_1000: 1000.0
                    * ratio(
                        v.negatives.iter().filter(|n| n.score >= t - 1e-9).count(),
                        v.negatives.len(),
                    ),
            }
        })
        .collect()
}

/// The lowest swept threshold (the most detection) whose false alerts fit the budget.
pub fn recommend(points: &[SweepPoint], budget_per_1000: f64) -> Option<f64> {
    points
        .iter()
        .find(|p| p.false_alerts_per_1000 <= budget_per_1000 + 1e-9)
        .map(|p| p.threshold)
}

/// Detection for one group of cases.
#[derive(Debug, Clone, Serialize)]
pub struct Detection {
    /// The group (category id or list id).
    pub group: String,
    /// What it is.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Cases.
    pub cases: usize,
    /// Cases whose entity scored at least the threshold.
    pub detected: usize,
    /// detected / cases.
    pub rate: f64,
}

/// The threshold advice.
#[derive(Debug, Clone, Serialize)]
pub struct Recommendation {
    /// The budget, false alerts per 1,000.
    pub max_false_alerts_per_1000: f64,
    /// The recommended threshold, if any swept one fits the budget.
    pub threshold: Option<f64>,
    /// Detection there, from the sweep.
    pub detection: Option<f64>,
    /// False alerts there, from the sweep.
    pub false_alerts_per_1000: Option<f64>,
    /// Detection when screened again at that threshold.
    pub verified_detection: Option<f64>,
    /// False alerts when screened again at that threshold.
    pub verified_false_alerts_per_1000: Option<f64>,
}

/// Score histograms: counts per bin of width 0.05 from [`SCORE_FLOOR`], plus one bin for
/// everything below it.
#[derive(Debug, Clone, Serialize)]
pub struct Histograms {
    /// Lower edge of each bin (the first bin is "below the floor" and has edge 0).
    pub edges: Vec<f64>,
    /// Scores of the entities the cases must find.
    pub cases: Vec<usize>,
    /// Best scores of the negatives.
    pub negatives: Vec<usize>,
}

/// Alerts in one score band: how far a score of that size can be trusted.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScoreBand {
    /// Lowest score in the band.
    pub from: f64,
    /// Scores below this (the last band includes 1.0).
    pub to: f64,
    /// Cases whose listed entity scored in the band (true alerts).
    pub true_alerts: usize,
    /// Negatives whose best hit scored in the band (false alerts).
    pub false_alerts: usize,
    /// Of the alerts in the band, the share that were true — at this run's mix of cases and
    /// negatives (a real population has far fewer listed parties, so read it as an upper
    /// bound).
    pub precision: Option<f64>,
    /// False alerts in the band per 1,000 negatives: what the band costs on a population,
    /// whatever the mix.
    pub false_alerts_per_1000: f64,
}

/// Bands of alerts from `threshold` up: to 0.7, 0.8, 0.9 and 1.0 (those above the threshold).
pub fn score_bands(threshold: f64, cases: &[f64], negatives: &[f64]) -> Vec<ScoreBand> {
    let mut edges = vec![threshold];
    edges.extend([0.7, 0.8, 0.9].into_iter().filter(|e| *e > threshold));
    edges.push(1.0);
    edges
        .windows(2)
        .map(|w| {
            let (from, to) = (w[0], w[1]);
            let last = to >= 1.0;
            let inside = |s: &&f64| **s >= from && (**s < to || (last && **s <= 1.0));
            let true_alerts = cases.iter().filter(inside).count();
            let false_alerts = negatives.iter().filter(inside).count();
            let all = true_alerts + false_alerts;
            ScoreBand {
                from,
                to,
                true_alerts,
                false_alerts,
                precision: (all > 0).then(|| true_alerts as f64 / all as f64),
                false_alerts_per_1000: 1000.0 * false_alerts as f64 / negatives.len().max(1) as f64,
            }
        })
        .collect()
}

/// A miss, as listed in the report.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    /// The case and its result.
    #[serde(flatten)]
    pub result: CaseResult,
    /// Why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<MissExplanation>,
}

/// A false alert, as listed in the report.
#[derive(Debug, Clone, Serialize)]
pub struct FalseAlert {
    /// The negative and its hit.
    #[serde(flatten)]
    pub result: NegativeResult,
    /// Why it scored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<MatchExplanation>,
}

/// Figures for the labelled pairs.
#[derive(Debug, Clone, Serialize)]
pub struct PairFigures {
    /// Pairs.
    pub pairs: usize,
    /// At the configured threshold.
    pub at_threshold: Metrics,
    /// At the recommended threshold.
    pub at_recommended: Option<Metrics>,
    /// Recall of true pairs by kind, at the configured threshold.
    pub by_kind: Vec<Detection>,
}

/// Everything the report shows, as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// interdict version.
    pub engine: String,
    /// Lists validated.
    pub lists: Vec<ListInfo>,
    /// Configured threshold.
    pub threshold: f64,
    /// Seed.
    pub seed: u64,
    /// Listed entities sampled for the deck.
    pub sampled_entities: usize,
    /// Parties on the lists.
    pub listed_parties: usize,
    /// Cases in the deck.
    pub cases: usize,
    /// Negatives screened.
    pub negatives: usize,
    /// Overall detection at the threshold.
    pub detection: f64,
    /// False alerts per 1,000 negatives at the threshold.
    pub false_alerts_per_1000: f64,
    /// By category.
    pub by_category: Vec<Detection>,
    /// By list.
    pub by_list: Vec<Detection>,
    /// The sweep.
    pub sweep: Vec<SweepPoint>,
    /// Threshold advice.
    pub recommendation: Recommendation,
    /// Histograms.
    pub histograms: Histograms,
    /// Alerts by score band, from the threshold up.
    pub score_bands: Vec<ScoreBand>,
    /// Misses at the threshold (the first [`LISTED_EXAMPLES`]).
    pub misses: Vec<Miss>,
    /// Total misses.
    pub miss_count: usize,
    /// False alerts at the threshold (the first [`LISTED_EXAMPLES`]).
    pub false_alerts: Vec<FalseAlert>,
    /// Total false alerts.
    pub false_alert_count: usize,
    /// Labelled pairs, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pairs: Option<PairFigures>,
}

fn group_detection<'a>(
    cases: impl Iterator<Item = (&'a str, String, bool)>,
    order: &[&str],
) -> Vec<Detection> {
    let mut groups: BTreeMap<&str, (String, usize, usize)> = BTreeMap::new();
    for (g, description, hit) in cases {
        let e = groups.entry(g).or_insert((description, 0, 0));
        e.1 += 1;
        e.2 += usize::from(hit);
    }
    let mut keys: Vec<&str> = groups.keys().copied().collect();
    keys.sort_by_key(|k| order.iter().position(|o| o == k).unwrap_or(usize::MAX));
    keys.into_iter()
        .map(|k| {
            let (description, cases, detected) = groups[k].clone();
            Detection {
                group: k.to_string(),
                description,
                cases,
                detected,
                rate: ratio(detected, cases),
            }
        })
        .collect()
}

pub(crate) fn histogram(scores: impl Iterator<Item = f64>) -> Vec<usize> {
    let bins = ((1.0 - SCORE_FLOOR) / 0.05).round() as usize;
    let mut h = vec![0; bins + 1];
    for s in scores {
        let i = if s < SCORE_FLOOR {
            0
        } else {
            (1 + ((s - SCORE_FLOOR) / 0.05 + 1e-9) as usize).min(bins)
        };
        h[i] += 1;
    }
    h
}

impl Validation {
    /// The figures.
    pub fn summary(&self) -> Summary {
        let t = self.config.threshold;
        let points = sweep(self);
        let rec = recommend(&points, self.config.max_false_alerts_per_1000);
        let at = |t: f64| points.iter().find(|p| (p.threshold - t).abs() < 1e-9);
        let order: Vec<&str> = Category::ALL.iter().map(|c| c.id()).collect();
        let by_category = group_detection(
            self.cases.iter().map(|c| {
                (
                    c.case.category.id(),
                    c.case.category.description().to_string(),
                    c.score >= t,
                )
            }),
            &order,
        );
        let by_list = group_detection(
            self.cases
                .iter()
                .map(|c| (c.case.list.as_str(), String::new(), c.score >= t)),
            &[],
        );
        let bins = ((1.0 - SCORE_FLOOR) / 0.05).round() as usize;
        let edges = std::iter::once(0.0)
            .chain((0..bins).map(|i| SCORE_FLOOR + 0.05 * i as f64))
            .map(|e| (e * 100.0).round() / 100.0)
            .collect();
        let misses: Vec<Miss> = self
            .cases
            .iter()
            .enumerate()
            .filter(|(_, c)| c.score < t)
            .take(LISTED_EXAMPLES)
            .map(|(i, c)| Miss {
                result: c.clone(),
                why: self.miss_explanations.get(&i).cloned(),
            })
            .collect();
        let false_alerts: Vec<FalseAlert> = self
            .negatives
            .iter()
            .enumerate()
            .filter(|(_, n)| n.score >= t)
            .take(LISTED_EXAMPLES)
            .map(|(i, n)| FalseAlert {
                result: n.clone(),
                why: self.alert_explanations.get(&i).cloned(),
            })
            .collect();
        let pairs = (!self.pairs.is_empty()).then(|| {
            let scored: Vec<(f64, bool)> = self.pairs.iter().map(|p| (p.score, p.label)).collect();
            PairFigures {
                pairs: scored.len(),
                at_threshold: metrics_at(&scored, t),
                at_recommended: rec.map(|r| metrics_at(&scored, r)),
                by_kind: group_detection(
                    self.pairs
                        .iter()
                        .filter(|p| p.label)
                        .map(|p| (p.kind.as_str(), String::new(), p.score >= t)),
                    &[],
                ),
            }
        });
        Summary {
            engine: format!("interdict {}", env!("CARGO_PKG_VERSION")),
            lists: self.lists.clone(),
            threshold: t,
            seed: self.config.seed,
            sampled_entities: self.sampled,
            listed_parties: self.population,
            cases: self.cases.len(),
            negatives: self.negatives.len(),
            detection: detection_at(&self.cases, t),
            false_alerts_per_1000: false_alerts_per_1000(&self.negatives, t),
            by_category,
            by_list,
            recommendation: Recommendation {
                max_false_alerts_per_1000: self.config.max_false_alerts_per_1000,
                threshold: rec,
                detection: rec.and_then(at).map(|p| p.detection),
                false_alerts_per_1000: rec.and_then(at).map(|p| p.false_alerts_per_1000),
                verified_detection: self.verified.map(|v| v.1),
                verified_false_alerts_per_1000: self.verified.map(|v| v.2),
            },
            score_bands: score_bands(
                t,
                &self.cases.iter().map(|c| c.score).collect::<Vec<_>>(),
                &self.negatives.iter().map(|n| n.score).collect::<Vec<_>>(),
            ),
            histograms: Histograms {
                edges,
                cases: histogram(self.cases.iter().map(|c| c.score)),
                negatives: histogram(self.negatives.iter().map(|n| n.score)),
            },
            miss_count: self.cases.iter().filter(|c| c.score < t).count(),
            misses,
            false_alert_count: self.negatives.iter().filter(|n| n.score >= t).count(),
            false_alerts,
            pairs,
            sweep: points,
        }
    }
}
