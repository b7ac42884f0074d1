//! Lines of every kind against the bundled rules, and the description search measured on
//! the invoice-text set kept in `data/goods/eval/`.

use crate::line::{GoodsField, GoodsLine};
use crate::rules::{RuleSet, Tier};
use crate::{Condition, GoodsScreener, ReasonKind, Verdict};

fn screener() -> GoodsScreener {
    GoodsScreener::bundled().expect("bundled rules")
}

fn line(fields: &[(GoodsField, &str)]) -> GoodsLine {
    let mut l = GoodsLine::default();
    for (f, v) in fields {
        l.add(*f, f.name(), v);
    }
    l
}

#[test]
fn the_bundled_chpl_has_every_code_of_its_source_file() {
    let rules = RuleSet::bundled().unwrap();
    let text = include_str!("../../../data/goods/chpl_hs6_tiers.csv");
    let codes: Vec<&str> = text.lines().skip(1).filter(|l| !l.is_empty()).collect();
    assert_eq!(rules.chpl.len(), codes.len());
    for l in codes {
        let (code, tier) = l.split_once(',').unwrap();
        assert_eq!(rules.chpl.get(code), Tier::from_name(tier).as_ref(), "{l}");
    }
    assert!(
        rules.version.starts_with("2026-12-06+"),
        "{}",
        rules.version
    );
    assert_eq!(rules.components.len(), 4);
}

#[test]
fn every_tier_is_found_by_its_declared_code() {
    let s = screener();
    let rules = RuleSet::bundled().unwrap();
    for tier in Tier::ALL {
        let (code, _) = rules.chpl.iter().find(|(_, t)| **t == tier).unwrap();
        let v = s.check(
            &line(&[(
                GoodsField::HsCode,
                &format!("{}.{}", &code[..4], &code[4..]),
            )]),
            None,
        );
        let r = v
            .reasons
            .iter()
            .find(|r| r.kind == ReasonKind::Chpl)
            .expect("chpl reason");
        assert_eq!(r.tier, Some(tier));
        assert_eq!(r.hs6.as_deref(), Some(code.as_str()));
        // No destination: a CHPL item alone is not a verdict under the default policy.
        assert_eq!(v.verdict, Some(Verdict::Clear), "{code}");
        let v = s.check(
            &line(&[
                (GoodsField::HsCode, code),
                (GoodsField::Destination, "Russia"),
            ]),
            None,
        );
        assert_eq!(v.verdict, Some(Verdict::Block), "{code}");
        assert_eq!(v.decided_by.as_deref(), Some("chpl-to-sanctioned"));
    }
}

#[test]
fn every_code_notation_reaches_the_chpl() {
    let s = screener();
    for code in [
        "8542.31.0001",
        "85423190",
        "8542 31",
        "8542.31",
        "854231",
        "8542-31-00",
    ] {
        let v = s.check(
            &line(&[
                (GoodsField::HsCode, code),
                (GoodsField::Destination, "Kazakhstan"),
            ]),
            None,
        );
        assert_eq!(v.verdict, Some(Verdict::Review), "{code}");
        assert_eq!(
            v.decided_by.as_deref(),
            Some("chpl-to-diversion-risk"),
            "{code}"
        );
    }
}

#[test]
fn malformed_codes_are_reported_and_the_line_is_kept() {
    let s = screener();
    for code in ["8542", "85A231", "84821", "854231000012"] {
        let l = line(&[
            (GoodsField::HsCode, code),
            (GoodsField::Description, "GNSS receiver module NEO-M8N"),
            (GoodsField::Destination, "Belarus"),
        ]);
        assert_eq!(l.problems.len(), 1, "{code}");
        assert_eq!(l.problems[0].field.as_deref(), Some("hs_code"));
        let v = s.check(&l, None);
        // Checked on what it says: the description and the destination still block it.
        assert_eq!(v.verdict, Some(Verdict::Block), "{code}");
        assert_eq!(
            v.decided_by.as_deref(),
            Some("described-chpl-to-sanctioned")
        );
    }
}

#[test]
fn description_only_lines_point_to_the_chpl() {
    let s = screener();
    for (desc, hs6) in [
        ("FPGA EP4CE10E22C8N", "854239"),
        ("GNSS receiver module", "852691"),
        ("ball bearings 6204", "848210"),
        ("TMS320F28335 DSP", "854231"),
    ] {
        let v = s.check(
            &line(&[
                (GoodsField::Description, desc),
                (GoodsField::Destination, "UAE"),
            ]),
            None,
        );
        let r = v
            .reasons
            .iter()
            .find(|r| r.kind == ReasonKind::Description)
            .expect(desc);
        assert_eq!(r.condition, Condition::DescriptionChpl, "{desc}");
        assert_eq!(r.hs6.as_deref(), Some(hs6), "{desc}");
        assert_eq!(v.verdict, Some(Verdict::Review), "{desc}");
        assert_eq!(v.decided_by.as_deref(), Some("described-chpl-to-diversion"));
        assert_eq!(v.candidates[0].hs6, hs6, "{desc}: {:?}", v.candidates);
    }
}

#[test]
fn a_misdeclared_line_is_for_review() {
    let s = screener();
    let v = s.check(
        &line(&[
            (GoodsField::HsCode, "9503.00"),
            (GoodsField::Description, "toy parts: GNSS receiver module"),
            (GoodsField::Destination, "Germany"),
        ]),
        None,
    );
    let r = v
        .reasons
        .iter()
        .find(|r| r.kind == ReasonKind::Description)
        .unwrap();
    assert_eq!(r.condition, Condition::DescriptionMismatch);
    assert!(
        r.detail.contains("950300") && r.detail.contains("852691"),
        "{}",
        r.detail
    );
    assert_eq!(v.verdict, Some(Verdict::Review));
    assert_eq!(v.decided_by.as_deref(), Some("misdeclared-chpl-item"));
    // Declared where it belongs, the same description is no mismatch.
    let v = s.check(
        &line(&[
            (GoodsField::HsCode, "8526.91"),
            (GoodsField::Description, "GNSS receiver module"),
            (GoodsField::Destination, "Germany"),
        ]),
        None,
    );
    assert!(v
        .reasons
        .iter()
        .all(|r| r.condition != Condition::DescriptionMismatch));
    assert_eq!(v.verdict, Some(Verdict::Clear));
}

#[test]
fn each_destination_class_and_place_field() {
    let s = screener();
    let cases = [
        (
            GoodsField::Destination,
            "Iran",
            Verdict::Block,
            "chpl-to-sanctioned",
        ),
        (
            GoodsField::Destination,
            "North Korea",
            Verdict::Block,
            "chpl-to-sanctioned",
        ),
        (
            GoodsField::ShipTo,
            "Crimea",
            Verdict::Block,
            "chpl-to-sanctioned",
        ),
        (
            GoodsField::Destination,
            "Donetsk",
            Verdict::Block,
            "chpl-to-sanctioned",
        ),
        (
            GoodsField::Via,
            "Germany; Russian Federation",
            Verdict::Block,
            "chpl-to-sanctioned",
        ),
        (
            GoodsField::Destination,
            "Zaporizhzhia oblast",
            Verdict::Review,
            "chpl-to-partly-sanctioned",
        ),
        (
            GoodsField::Destination,
            "Hong Kong",
            Verdict::Review,
            "chpl-to-diversion-risk",
        ),
        (
            GoodsField::Destination,
            "Türkiye",
            Verdict::Review,
            "chpl-to-diversion-risk",
        ),
        (
            GoodsField::Via,
            "Armenia",
            Verdict::Review,
            "chpl-to-diversion-risk",
        ),
    ];
    for (field, place, verdict, rule) in cases {
        let v = s.check(
            &line(&[(GoodsField::HsCode, "8482.10"), (field, place)]),
            None,
        );
        assert_eq!(
            (v.verdict, v.decided_by.as_deref()),
            (Some(verdict), Some(rule)),
            "{place}"
        );
        let r = v
            .reasons
            .iter()
            .find(|r| r.kind == ReasonKind::Destination)
            .unwrap();
        assert_eq!(r.field, Some(field));
    }
    // Anything to a sanctioned destination is at least for review; elsewhere it is clear.
    let v = s.check(
        &line(&[
            (GoodsField::HsCode, "6109.10"),
            (GoodsField::Destination, "Belarus"),
        ]),
        None,
    );
    assert_eq!(
        (v.verdict, v.decided_by.as_deref()),
        (Some(Verdict::Review), Some("any-goods-to-sanctioned"))
    );
    let v = s.check(
        &line(&[
            (GoodsField::HsCode, "8542.31"),
            (GoodsField::Destination, "France"),
        ]),
        None,
    );
    assert_eq!(v.verdict, Some(Verdict::Clear));
    assert!(v.reasons.iter().all(|r| r.kind != ReasonKind::Destination));
    // The origin is not where the goods go: its own reason and conditions.
    let v = s.check(
        &line(&[
            (GoodsField::HsCode, "8542.31"),
            (GoodsField::Origin, "Russia"),
            (GoodsField::Destination, "Germany"),
        ]),
        None,
    );
    assert_eq!(
        (v.verdict, v.decided_by.as_deref()),
        (Some(Verdict::Review), Some("goods-from-sanctioned"))
    );
    assert!(v
        .reasons
        .iter()
        .any(|r| r.kind == ReasonKind::Origin && r.country.as_deref() == Some("ru")));
    let l = line(&[(GoodsField::Destination, "Atlantis")]);
    assert_eq!(l.problems.len(), 1);
}

#[test]
fn benign_lines_stay_clear() {
    let s = screener();
    for (code, desc, dest) in [
        ("6109.10", "Cotton T-shirts, men's, printed", "Kazakhstan"),
        ("0901.21", "Roasted coffee beans 1kg bags", "Türkiye"),
        ("9503.00", "Wooden toy train set", "China"),
        ("8703.23", "Passenger car, petrol engine 1.6 l", "Georgia"),
        ("3004.90", "Paracetamol tablets 500mg", "Armenia"),
        ("6403.99", "Leather shoes", "United Arab Emirates"),
        ("8511.10", "Spark plugs for petrol engines", "Kyrgyzstan"),
        ("9401.61", "Upholstered wooden chairs", "Uzbekistan"),
    ] {
        let v = s.check(
            &line(&[
                (GoodsField::HsCode, code),
                (GoodsField::Description, desc),
                (GoodsField::Destination, dest),
            ]),
            None,
        );
        assert_eq!(
            v.verdict,
            Some(Verdict::Clear),
            "{desc}: {:?}",
            v.reasons.iter().map(|r| &r.detail).collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_policy_file_decides_and_is_named() {
    let rules = RuleSet::bundled().unwrap();
    let policy =
        crate::Policy::parse("strict.txt", "tier1-anywhere block when chpl.tier1\n").unwrap();
    let s = GoodsScreener::new(rules, policy, crate::GoodsOptions::default());
    let v = s.check(&line(&[(GoodsField::HsCode, "8542.32")]), None);
    assert_eq!(
        (v.verdict, v.decided_by.as_deref()),
        (Some(Verdict::Block), Some("tier1-anywhere"))
    );
    let v = s.check(&line(&[(GoodsField::HsCode, "8482.10")]), None);
    assert_eq!((v.verdict, v.decided_by), (Some(Verdict::Clear), None));
}

/// The invoice-text set: the nomenclature's descriptions of the CHPL subheadings rewritten
/// as invoices write them (synonyms, part numbers, abbreviations). The right HS-6 must be
/// among the top 3 for at least 90 % of its lines.
#[test]
fn description_search_finds_chpl_items_in_invoice_text() {
    let s = screener();
    let mut r = csv::Reader::from_reader(
        include_str!("../../../data/goods/eval/invoice_lines.csv").as_bytes(),
    );
    let (mut n, mut top1, mut top3) = (0, 0, 0);
    let mut misses = Vec::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        let (desc, want) = (&rec[0], &rec[1]);
        n += 1;
        let c = s.descriptions().search(desc, 3);
        if c.first().is_some_and(|c| c.hs6 == want) {
            top1 += 1;
        }
        if c.iter().any(|c| c.hs6 == want) {
            top3 += 1;
        } else {
            misses.push(format!(
                "{desc} → want {want}, got {:?}",
                c.iter().map(|c| (&c.hs6, c.score)).collect::<Vec<_>>()
            ));
        }
    }
    let rate = top3 as f64 / n as f64;
    eprintln!(
        "invoice lines: {n}, top-1 {top1}, top-3 {top3} ({:.1} %)\n{}",
        rate * 100.0,
        misses.join("\n")
    );
    assert!(n >= 100);
    assert!(rate >= 0.90, "top-3 {:.1} %", rate * 100.0);
}
