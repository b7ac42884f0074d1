//! The regimes on the examples of their own guidance, and on the data registries really hold.

use crate::derive::{Derivation, Status};
use crate::graph::{AnomalyKind, Day, Edge, EdgeKind, Graph};
use crate::regime::Regime;
use crate::share::Share;

fn own(owner: &str, asset: &str, pct: f64) -> Edge {
    Edge {
        id: format!("{owner}>{asset}"),
        owner: owner.into(),
        asset: asset.into(),
        share: Share::exact(pct / 100.0),
        kind: EdgeKind::Ownership,
        start: None,
        end: None,
        source: "test".into(),
        matched: Vec::new(),
    }
}

fn graph_at(edges: Vec<Edge>, listed: &[&str], at: Option<Day>) -> Graph {
    let listed: Vec<(String, u8)> = listed
        .iter()
        .map(|s| (s.to_string(), crate::regime::ALL_REGIMES))
        .collect();
    Graph::build(edges, &listed, Default::default(), at, Default::default())
}

fn graph(edges: Vec<Edge>, listed: &[&str]) -> Graph {
    graph_at(edges, listed, None)
}

fn status(g: &Graph, regime: &str, id: &str) -> Status {
    Derivation::run(g, Regime::by_id(regime).unwrap())
        .status(id)
        .unwrap_or(Status::NotBlocked)
}

#[test]
fn ofac_guidance_examples() {
    // X (listed) owns 50 % of A → A blocked; A owns 50 % of B → B blocked.
    let g = graph(vec![own("X", "A", 50.0), own("A", "B", 50.0)], &["X"]);
    assert_eq!(status(&g, "ofac", "A"), Status::Blocked);
    assert_eq!(status(&g, "ofac", "B"), Status::Blocked);
    // X and Y (both listed) own 25 % each of C → C blocked: holdings add up.
    let g = graph(vec![own("X", "C", 25.0), own("Y", "C", 25.0)], &["X", "Y"]);
    assert_eq!(status(&g, "ofac", "C"), Status::Blocked);
    // X owns 25 % each of D and E, which each own 50 % of F → F not blocked: D and E are
    // not blocked, and what is held through them does not count.
    let g = graph(
        vec![
            own("X", "D", 25.0),
            own("X", "E", 25.0),
            own("D", "F", 50.0),
            own("E", "F", 50.0),
        ],
        &["X"],
    );
    for id in ["D", "E", "F"] {
        assert_eq!(status(&g, "ofac", id), Status::NotBlocked, "{id}");
    }
    // X owns 50 % of A and 25 % of C; A owns 25 % of C → C blocked (25 % directly and
    // 25 % through the blocked A, not multiplied down).
    let g = graph(
        vec![
            own("X", "A", 50.0),
            own("X", "C", 25.0),
            own("A", "C", 25.0),
        ],
        &["X"],
    );
    assert_eq!(status(&g, "ofac", "C"), Status::Blocked);
    let v = Derivation::run(&g, Regime::by_id("ofac").unwrap()).verdict("C");
    assert_eq!(v.verdict, "blocked");
    assert!(
        (v.listed_share.min - 0.5).abs() < 1e-9,
        "{:?}",
        v.listed_share
    );
    let mut chains: Vec<Vec<&str>> = v
        .paths
        .iter()
        .map(|p| p.iter().map(|s| s.owner.as_str()).collect())
        .collect();
    chains.sort();
    assert_eq!(chains, vec![vec!["X"], vec!["X", "A"]]);
    // 49 % is not enough.
    let g = graph(vec![own("X", "A", 49.0)], &["X"]);
    assert_eq!(status(&g, "ofac", "A"), Status::NotBlocked);
}

#[test]
fn regimes_differ_on_thresholds_aggregation_and_control() {
    // Two listed parties with 30 % each: blocked for OFAC and the EU, not for the UK unless
    // they act together — which the verdict says.
    let g = graph(vec![own("X", "A", 30.0), own("Y", "A", 30.0)], &["X", "Y"]);
    assert_eq!(status(&g, "ofac", "A"), Status::Blocked);
    assert_eq!(status(&g, "eu", "A"), Status::Blocked);
    assert_eq!(status(&g, "uk", "A"), Status::NotBlocked);
    let uk = Derivation::run(&g, Regime::by_id("uk").unwrap()).verdict("A");
    assert!(
        uk.notes.iter().any(|n| n.contains("jointly")),
        "{:?}",
        uk.notes
    );
    // Exactly 50 %: "50 % or more" (OFAC, EU since 2024) blocks, "more than 50 %" (UK) not.
    let g = graph(vec![own("X", "A", 50.0)], &["X"]);
    assert_eq!(status(&g, "eu", "A"), Status::Blocked);
    assert_eq!(status(&g, "uk", "A"), Status::NotBlocked);
    let g = graph(vec![own("X", "A", 50.5)], &["X"]);
    assert_eq!(status(&g, "uk", "A"), Status::Blocked);
    // A listed director, no shares: nothing for OFAC, for review in the EU and the UK.
    let mut d = own("X", "A", 0.0);
    d.kind = EdgeKind::Control;
    d.share = Share::UNKNOWN;
    let g = graph(vec![d], &["X"]);
    assert_eq!(status(&g, "ofac", "A"), Status::NotBlocked);
    assert_eq!(status(&g, "eu", "A"), Status::PossiblyBlocked);
    assert_eq!(status(&g, "uk", "A"), Status::PossiblyBlocked);
}

#[test]
fn ranges_and_unknown_shares_give_possibly_blocked() {
    let mut e = own("X", "A", 0.0);
    e.share = Share {
        min: 0.25,
        max: 0.5,
    };
    let g = graph(vec![e.clone()], &["X"]);
    assert_eq!(status(&g, "ofac", "A"), Status::PossiblyBlocked);
    // At most 50 % never exceeds 50 %.
    assert_eq!(status(&g, "uk", "A"), Status::NotBlocked);
    let v = Derivation::run(&g, Regime::by_id("ofac").unwrap()).verdict("A");
    assert_eq!(v.verdict, "possibly-blocked");
    assert_eq!((v.listed_share.min, v.listed_share.max), (0.25, 0.5));
    // OFAC's "Owned or Controlled By", no percentage: possibly blocked, and what it
    // owns in turn possibly blocked too.
    let mut e = own("X", "A", 0.0);
    e.kind = EdgeKind::OwnedOrControlled;
    e.share = Share::UNKNOWN;
    let g = graph(vec![e, own("A", "B", 100.0), own("B", "C", 10.0)], &["X"]);
    assert_eq!(status(&g, "ofac", "A"), Status::PossiblyBlocked);
    assert_eq!(status(&g, "ofac", "B"), Status::PossiblyBlocked);
    assert_eq!(status(&g, "ofac", "C"), Status::NotBlocked);
    let v = Derivation::run(&g, Regime::by_id("ofac").unwrap()).verdict("B");
    assert_eq!(v.paths[0].len(), 2, "{:?}", v.paths);
    assert_eq!(v.paths[0][0].owner, "X");
}

#[test]
fn circles_end_and_are_reported() {
    // A and B own each other; X (listed) holds half of A: both blocked, no endless loop.
    let g = graph(
        vec![
            own("A", "B", 60.0),
            own("B", "A", 40.0),
            own("X", "A", 50.0),
        ],
        &["X"],
    );
    assert_eq!(status(&g, "ofac", "A"), Status::Blocked);
    assert_eq!(status(&g, "ofac", "B"), Status::Blocked);
    assert_eq!(g.anomalies.counts.get(&AnomalyKind::Cycle), Some(&1));
    let v = Derivation::run(&g, Regime::by_id("ofac").unwrap()).verdict("B");
    assert_eq!(v.paths[0].first().map(|s| s.owner.as_str()), Some("X"));
    // A circle with nothing listed in it is reported and blocks nothing.
    let g = graph(
        vec![
            own("P", "Q", 100.0),
            own("Q", "R", 100.0),
            own("R", "P", 100.0),
        ],
        &["X"],
    );
    assert_eq!(g.anomalies.counts.get(&AnomalyKind::Cycle), Some(&1));
    assert_eq!(status(&g, "ofac", "P"), Status::NotBlocked);
}

#[test]
fn self_ownership_over_100_and_repeated_holdings_are_reported() {
    let g = graph(
        vec![
            own("A", "A", 100.0),
            own("X", "B", 70.0),
            own("Y", "B", 60.0),
        ],
        &["X"],
    );
    assert_eq!(
        g.anomalies.counts.get(&AnomalyKind::SelfOwnership),
        Some(&1)
    );
    assert_eq!(
        g.anomalies.counts.get(&AnomalyKind::SharesOver100),
        Some(&1)
    );
    assert_eq!(status(&g, "ofac", "A"), Status::NotBlocked);
    assert_eq!(status(&g, "ofac", "B"), Status::Blocked);
    // One owner, two records of one holding (30 % then 40 %): the largest counts, not 70 %.
    let mut second = own("X", "C", 40.0);
    second.id = "X>C again".into();
    let g = graph(vec![own("X", "C", 30.0), second], &["X"]);
    assert_eq!(status(&g, "ofac", "C"), Status::NotBlocked);
    assert_eq!(
        g.anomalies.counts.get(&AnomalyKind::RepeatedHolding),
        Some(&1)
    );
}

#[test]
fn holdings_count_only_on_the_days_they_held() {
    let mut past = own("X", "A", 60.0);
    past.start = Some("2015-01-01".into());
    past.end = Some("2019-06-30".into());
    let mut future = own("X", "B", 60.0);
    future.start = Some("2030".into());
    let mut bad = own("X", "C", 60.0);
    bad.end = Some("someday".into());
    let edges = vec![past, future, bad];
    let g = graph_at(edges.clone(), &["X"], Some(20_260_101));
    assert_eq!(status(&g, "ofac", "A"), Status::NotBlocked);
    assert_eq!(status(&g, "ofac", "B"), Status::NotBlocked);
    // An unreadable end date is reported and taken as not stated.
    assert_eq!(status(&g, "ofac", "C"), Status::Blocked);
    for kind in [
        AnomalyKind::Ended,
        AnomalyKind::NotYetStarted,
        AnomalyKind::UnreadableDate,
    ] {
        assert_eq!(g.anomalies.counts.get(&kind), Some(&1), "{kind:?}");
    }
    // In 2018 the first holding held.
    let g = graph_at(edges.clone(), &["X"], Some(20_180_101));
    assert_eq!(status(&g, "ofac", "A"), Status::Blocked);
    // Undated, every holding counts.
    let g = graph(edges, &["X"]);
    assert_eq!(status(&g, "ofac", "B"), Status::Blocked);
    let v = Derivation::run(&g, Regime::by_id("ofac").unwrap()).verdict("nobody");
    assert_eq!(v.verdict, "not-blocked");
}

#[test]
fn a_generated_registry_derives_and_every_blocked_entity_has_a_proof() {
    let r = crate::generate::registry(20_000, 7);
    assert!(r.edges.len() >= 20_000);
    let g = Graph::build(
        r.edges,
        &r.listed,
        Default::default(),
        Some(20_260_101),
        Default::default(),
    );
    let ofac = Regime::by_id("ofac").unwrap();
    let d = Derivation::run(&g, ofac);
    let (blocked, possibly) = d.counts();
    assert!(blocked > 0 && possibly > 0, "{blocked} {possibly}");
    for (node, _) in d.derived().take(500) {
        let v = d.verdict(g.id(node));
        assert!(!v.paths.is_empty(), "{v:?}");
        for p in &v.paths {
            let first = p.first().unwrap();
            assert!(g.is_listed(g.node(&first.owner).unwrap(), ofac), "{v:?}");
            assert_eq!(p.last().unwrap().asset, v.id);
        }
    }
}

#[test]
fn each_regime_starts_from_the_lists_it_designates_from() {
    use crate::regime::designating;
    let (ofac, eu, uk) = (1u8, 2u8, 4u8);
    assert_eq!(designating(&["us_ofac_sdn"]), ofac);
    assert_eq!(designating(&["eu_fsf"]), eu);
    assert_eq!(designating(&["un_sc_sanctions"]), eu | uk);
    assert_eq!(designating(&["gb_hmt_sanctions", "us_ofac_sdn"]), ofac | uk);
    // OFAC's sectoral list and export-control lists block nothing.
    assert_eq!(designating(&["us_ofac_cons"]), 0);
    assert_eq!(designating(&["us_bis_denied"]), 0);
    // A user's own list counts for every regime.
    assert_eq!(designating(&["my_watchlist"]), ofac | eu | uk);
    // X is on the SDN list only: its company is blocked for OFAC, not for the EU or UK.
    let edges = vec![own("X", "A", 60.0)];
    let g = Graph::build(
        edges,
        &[("X".to_string(), ofac)],
        Default::default(),
        None,
        Default::default(),
    );
    assert_eq!(status(&g, "ofac", "A"), Status::Blocked);
    assert_eq!(status(&g, "eu", "A"), Status::NotBlocked);
    assert_eq!(status(&g, "eu", "X"), Status::NotBlocked);
}

#[test]
fn a_holding_resting_on_a_tie_by_name_gives_possibly_blocked_at_most() {
    let mut tied = own("X", "A", 60.0);
    tied.matched = vec!["acme:P-1 tied by name to X, score 0.97".into()];
    let g = graph(vec![tied, own("A", "B", 60.0)], &["X"]);
    for regime in ["ofac", "eu", "uk"] {
        assert_eq!(status(&g, regime, "A"), Status::PossiblyBlocked, "{regime}");
        assert_eq!(status(&g, regime, "B"), Status::PossiblyBlocked, "{regime}");
    }
    let v = Derivation::run(&g, Regime::by_id("ofac").unwrap()).verdict("A");
    assert_eq!(v.paths[0][0].matched.len(), 1);
    // With a second, proven holding it is blocked on that one.
    let mut tied = own("X", "A", 60.0);
    tied.matched = vec!["tied".into()];
    let g = graph(vec![tied, own("Y", "A", 50.0)], &["X", "Y"]);
    assert_eq!(status(&g, "ofac", "A"), Status::Blocked);
}
