//! `ChangeSet::affects` on real list versions: whenever it says a query cannot be affected by
//! the change, searching the old and the new version must give identical results.

use interdict_matcher::{CandidateIndex, ChangeSet, EntityChange, MatchOptions, DEFAULT_THRESHOLD};
use interdict_model::{Entity, Name, NameKind};
use std::collections::HashMap;

mod common;

use common::parse;

fn sdn_2022() -> Vec<Entity> {
    parse(&[
        "ofac_sdn_2022-01/sdn.csv",
        "ofac_sdn_2022-01/add.csv",
        "ofac_sdn_2022-01/alt.csv",
    ])
}

fn sdn_2024() -> Vec<Entity> {
    parse(&[
        "ofac_sdn/sdn.csv",
        "ofac_sdn/add.csv",
        "ofac_sdn/alt.csv",
        "ofac_sdn/sdn_comments.csv",
    ])
}

/// Queries made from listed names of both versions, as written and varied: every name of
/// every `step`-th entity, its words reversed, and its last letter dropped.
fn queries(old: &[Entity], new: &[Entity], step: usize) -> Vec<Entity> {
    let mut out = Vec::new();
    for (i, e) in old.iter().chain(new).enumerate() {
        if i % step != 0 || !e.schema.is_matchable() {
            continue;
        }
        let Some(n) = e.names.first() else { continue };
        let reversed: Vec<&str> = n.value.split(' ').rev().collect();
        let mut cut = n.value.clone();
        cut.pop();
        for (k, v) in [n.value.clone(), reversed.join(" "), cut]
            .into_iter()
            .enumerate()
        {
            let mut q = Entity::new(format!("q{i}-{k}"), e.schema.clone());
            q.add_name(Name::new(&v, NameKind::Primary));
            if k == 0 {
                q.birth_dates = e.birth_dates.clone();
                q.nationalities = e.nationalities.clone();
            }
            out.push(q);
        }
    }
    out
}

/// Checks the guarantee over `queries`; returns (queries, affected).
fn check(changes: &ChangeSet, queries: &[Entity]) -> (usize, usize) {
    // As screening asks: five results at most, none below the threshold.
    let opts = MatchOptions {
        limit: 5,
        min_score: DEFAULT_THRESHOLD,
        ..MatchOptions::default()
    };
    let results = |index: &CandidateIndex, q: &Entity| {
        let mut r = index.search(q, &opts);
        r.retain(|r| r.score >= opts.min_score);
        r
    };
    let (mut affected, mut differ) = (0, 0);
    for q in queries {
        let old = results(changes.old(), q);
        let new = results(changes.new_index(), q);
        if changes.affects(q, &opts) {
            affected += 1;
            differ += usize::from(old != new);
            continue;
        }
        assert_eq!(
            old, new,
            "{:?}: said unaffected, but results differ",
            q.names
        );
    }
    // The check is not vacuous: some of the queries it flags do change.
    assert!(differ > 0, "none of {affected} affected queries changed");
    eprintln!(
        "{affected} of {} queries affected, {differ} of them changed",
        queries.len()
    );
    (queries.len(), affected)
}

#[test]
fn unaffected_queries_have_identical_results_across_real_sdn_versions() {
    let old = sdn_2022();
    let new = sdn_2024();
    let qs = queries(&old, &new, 40);
    let changes = ChangeSet::new(old, new);
    let (added, removed, changed) = changes.counts();
    assert!(
        added > 1000 && removed > 100 && changed > 100,
        "{added} {removed} {changed}"
    );
    let (n, affected) = check(&changes, &qs);
    // Two years of changes touch most queries, but not all: the guarantee is exercised.
    assert!(
        affected < n && n - affected > 50,
        "{affected} of {n} affected"
    );
}

#[test]
fn a_small_real_change_affects_few_queries() {
    // One in a hundred of the real 2022 → 2024 changes applied to the 2022 version: real
    // additions, removals and amendments, a week's worth rather than two years'.
    let old = sdn_2022();
    let newest: HashMap<String, Entity> =
        sdn_2024().into_iter().map(|e| (e.id.clone(), e)).collect();
    let mut picked = 0;
    let mut new: Vec<Entity> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, e) in old.iter().enumerate() {
        seen.insert(e.id.clone());
        match newest.get(&e.id) {
            None if i % 100 == 0 => picked += 1, // removed
            Some(n) if i % 100 == 0 && n != e => {
                new.push(n.clone());
                picked += 1;
            }
            _ => new.push(e.clone()),
        }
    }
    let mut ids: Vec<&String> = newest.keys().filter(|id| !seen.contains(*id)).collect();
    ids.sort();
    for id in ids.into_iter().step_by(100) {
        new.push(newest[id].clone());
        picked += 1;
    }
    let qs = queries(&old, &new, 25);
    let changes = ChangeSet::new(old, new);
    let (added, removed, changed) = changes.counts();
    assert!(
        added + removed + changed > 20,
        "{added} {removed} {changed}"
    );
    assert!(added + removed + changed <= picked);
    let (n, affected) = check(&changes, &qs);
    assert!(
        affected * 10 < n,
        "{affected} of {n} queries affected by {picked} changes"
    );
    // The queries made from a changed entity's own names are affected.
    let touched = qs
        .iter()
        .filter(|q| {
            changes
                .new_index()
                .search(q, &MatchOptions::default())
                .first()
                .is_some_and(|r| r.is_match && changes.change(&r.id) != EntityChange::Unchanged)
        })
        .filter(|q| {
            let opts = MatchOptions {
                limit: 5,
                min_score: DEFAULT_THRESHOLD,
                ..MatchOptions::default()
            };
            !changes.affects(q, &opts)
        })
        .count();
    assert_eq!(touched, 0);
}
