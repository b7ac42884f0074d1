//! Evaluation metrics for labelled pairs: precision, recall, F1 and false-positive rate at a
//! threshold, the best-F1 threshold, and the best recall at a minimum precision.

use serde::Serialize;

/// Metrics at one threshold.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Metrics {
    /// The threshold.
    pub threshold: f64,
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub fn_: usize,
    /// True negatives.
    pub tn: usize,
    /// tp / (tp + fp).
    pub precision: f64,
    /// tp / (tp + fn).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// fp / (fp + tn): the share of non-matches that raise an alert.
    pub false_positive_rate: f64,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Metrics of `(score, is_match)` pairs at `threshold` (score ≥ threshold predicts a match).
pub fn metrics_at(scored: &[(f64, bool)], threshold: f64) -> Metrics {
    let (mut tp, mut fp, mut fn_, mut tn) = (0, 0, 0, 0);
    for &(s, label) in scored {
        match (s >= threshold, label) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            (false, false) => tn += 1,
        }
    }
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, tp + fn_);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Metrics {
        threshold,
        tp,
        fp,
        fn_,
        tn,
        precision,
        recall,
        f1,
        false_positive_rate: ratio(fp, fp + tn),
    }
}

/// Every distinct score as a candidate threshold, plus the metrics there.
fn sweep(scored: &[(f64, bool)]) -> Vec<Metrics> {
    let mut thresholds: Vec<f64> = scored.iter().map(|(s, _)| *s).collect();
    thresholds.sort_by(f64::total_cmp);
    thresholds.dedup();
    thresholds
        .into_iter()
        .map(|t| metrics_at(scored, t))
        .collect()
}

/// The threshold with the best F1.
pub fn best_f1(scored: &[(f64, bool)]) -> Metrics {
    sweep(scored)
        .into_iter()
        .max_by(|a, b| a.f1.total_cmp(&b.f1))
        .unwrap_or_else(|| metrics_at(scored, 1.0))
}

/// The best recall among thresholds whose precision is at least `min_precision`.
pub fn recall_at_precision(scored: &[(f64, bool)], min_precision: f64) -> Option<Metrics> {
    sweep(scored)
        .into_iter()
        .filter(|m| m.precision >= min_precision && m.tp > 0)
        .max_by(|a, b| a.recall.total_cmp(&b.recall))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_metrics() {
        let s = [(0.9, true), (0.8, false), (0.7, true), (0.2, false)];
        let m = metrics_at(&s, 0.75);
        assert_eq!((m.tp, m.fp, m.fn_, m.tn), (1, 1, 1, 1));
        assert_eq!(m.precision, 0.5);
        assert_eq!(best_f1(&s).threshold, 0.7);
        assert_eq!(recall_at_precision(&s, 0.95).unwrap().recall, 0.5);
    }
}
