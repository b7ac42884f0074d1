//! Unit tests of `index`.

use super::*;

#[test]
fn score_keys_order_as_the_scores_do() {
    let ws = [
        0.0f64,
        -0.0,
        1e-300,
        0.25,
        0.5,
        0.5 + f64::EPSILON,
        1.0,
        3.75,
        -1.0,
        f64::MAX,
        f64::NEG_INFINITY,
    ];
    for a in ws {
        let back = from_ascending_bits_64(ascending_bits_64(a));
        assert_eq!(back.to_bits(), a.to_bits());
        for b in ws {
            assert_eq!(
                ascending_bits_64(a).cmp(&ascending_bits_64(b)),
                a.total_cmp(&b),
                "{a} {b}"
            );
        }
    }
}

#[test]
fn weight_keys_order_as_the_weights_do() {
    let ws = [
        0.0f32,
        -0.0,
        1e-30,
        0.25,
        0.5,
        1.0,
        3.75,
        1e30,
        -1.0,
        f32::MAX,
    ];
    for a in ws {
        assert_eq!(
            from_ascending_bits(ascending_bits(a)).to_bits(),
            a.to_bits()
        );
        for b in ws {
            assert_eq!(
                ascending_bits(a).cmp(&ascending_bits(b)),
                a.total_cmp(&b),
                "{a} {b}"
            );
        }
    }
}

#[test]
fn a_firm_glued_or_split_otherwise_shares_a_key_with_its_listed_name() {
    let shared = |query: &str, listed: &str| {
        let (mut q, mut l) = (Keys::default(), Keys::default());
        keys(&prepare(query, NameKindHint::Organization), &mut q, true);
        keys(&prepare(listed, NameKindHint::Organization), &mut l, false);
        let listed: Vec<&str> = l.iter().collect();
        q.iter()
            .filter(|k| k.starts_with("c:") && listed.contains(k))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    // "TRADE" and "HOLDING" are organisation words: the listed names' own word keys are
    // "tnk" and "bm" alone, which the glued query words do not have.
    assert_eq!(
        shared("TNKTRADE LIMITED", "TNK TRADE LIMITED"),
        ["c:tnktrade"]
    );
    assert_eq!(shared("BMHOLDING AG", "BM HOLDING AG"), ["c:bmholding"]);
    assert_eq!(
        shared("GAZKAR DSERVIS OOO", "GAZKARDSERVIS OOO"),
        ["c:gazkardservis"]
    );
    assert!(shared("TNK OIL LIMITED", "TNK TRADE LIMITED").is_empty());
}
