//! Unit tests of `src`.

use super::*;
use crate::summary::histogram;

#[test]
fn budgets_read_as_rates_per_thousand() {
    assert_eq!(parse_budget("1/1000").unwrap(), 1.0);
    assert_eq!(parse_budget("0.005").unwrap(), 5.0);
    assert!((parse_budget("0.2%").unwrap() - 2.0).abs() < 1e-9);
    assert!(parse_budget("lots").is_err());
    assert!(parse_budget("3/0").is_err());
    assert!(parse_budget("2").is_err());
}

#[test]
fn score_bands_count_true_and_false_alerts_from_the_threshold() {
    let cases = [0.5, 0.67, 0.75, 0.95, 1.0, 1.0];
    let negatives = [0.1, 0.2, 0.68, 0.69, 0.71, 0.85];
    let b = score_bands(0.66, &cases, &negatives);
    let edges: Vec<(f64, f64)> = b.iter().map(|b| (b.from, b.to)).collect();
    assert_eq!(edges, [(0.66, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.0)]);
    let counts: Vec<(usize, usize)> = b.iter().map(|b| (b.true_alerts, b.false_alerts)).collect();
    assert_eq!(counts, [(1, 2), (1, 1), (0, 1), (3, 0)]);
    assert_eq!(b[0].precision, Some(1.0 / 3.0));
    assert_eq!(b[3].precision, Some(1.0));
    assert!((b[0].false_alerts_per_1000 - 1000.0 * 2.0 / 6.0).abs() < 1e-9);
    // A threshold above a fixed edge starts the first band there.
    let b = score_bands(0.85, &cases, &negatives);
    assert_eq!(b.len(), 2);
    assert_eq!((b[0].from, b[0].to), (0.85, 0.9));
}

#[test]
fn histogram_puts_scores_in_their_bins() {
    let h = histogram([0.1, 0.45, 0.49, 0.5, 0.99, 1.0].into_iter());
    assert_eq!(h.len(), 12);
    assert_eq!(h[0], 1);
    assert_eq!(h[1], 2);
    assert_eq!(h[2], 1);
    assert_eq!(h[11], 2);
}

#[test]
fn the_recommendation_is_the_lowest_threshold_within_budget() {
    let p = |t, fa| SweepPoint {
        threshold: t,
        detection: 1.0 - t / 2.0,
        false_alerts_per_1000: fa,
    };
    let points = vec![p(0.5, 30.0), p(0.6, 4.0), p(0.7, 0.9), p(0.8, 0.0)];
    assert_eq!(recommend(&points, 1.0), Some(0.7));
    assert_eq!(recommend(&points, 5.0), Some(0.6));
    assert_eq!(recommend(&points[..2], 1.0), None);
}
