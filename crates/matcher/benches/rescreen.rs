//! Re-screening after a small list update, against screening everything again: every bundled
//! list plus the real 2022-01 OFAC SDN set as the old version; the new version applies one
//! in a hundred of the real 2022 → 2024 SDN changes (additions, removals, amendments: about a
//! week's worth). Queries are generated customers (with 1 % listed names). Both ways run in
//! the same process on the same queries, one thread.
//!
//! Run: `cargo bench -p interdict-matcher --bench rescreen` (the real list files come with
//! the repository, see `interdict-testdata`).

use interdict_matcher::{CandidateIndex, ChangeSet, MatchOptions, DEFAULT_THRESHOLD};
use interdict_model::{Entity, Name, NameKind, Schema};
use std::collections::{HashMap, HashSet};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The allocator the `interdict` binary ships with, so the figures are the product's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn parse(files: &[SourceSpec]) -> Vec<Entity> {
    let dir = interdict_testdata::lists_dir();
    let files: Vec<interdict_sources::SourceFile> = files
        .iter()
        .map(|f| interdict_sources::SourceFile::read(&dir.join(f)).expect("list file"))
        .collect();
    interdict_sources::parse_files(&files, None, Some("us_ofac_sdn"))
        .expect("parses")
        .into_iter()
        .flat_map(|p| p.entities)
        .collect()
}

type SourceSpec = &'static str;

fn main() {
    let mut others = Vec::new();
    for b in interdict_store::BUNDLED {
        if b.list == "us_ofac_sdn" {
            continue;
        }
        let files = b.files().expect("bundled files");
        for p in interdict_sources::parse_files(&files, None, Some(b.list)).expect("parses") {
            others.extend(p.entities);
        }
    }
    let sdn_2022 = parse(&[
        "ofac_sdn_2022-01/sdn.csv",
        "ofac_sdn_2022-01/add.csv",
        "ofac_sdn_2022-01/alt.csv",
    ]);
    let sdn_2024: HashMap<String, Entity> = parse(&[
        "ofac_sdn/sdn.csv",
        "ofac_sdn/add.csv",
        "ofac_sdn/alt.csv",
        "ofac_sdn/sdn_comments.csv",
    ])
    .into_iter()
    .map(|e| (e.id.clone(), e))
    .collect();
    let mut old = others.clone();
    old.extend(sdn_2022.iter().cloned());
    let mut new = others;
    let mut seen = HashSet::new();
    for (i, e) in sdn_2022.iter().enumerate() {
        seen.insert(e.id.clone());
        match sdn_2024.get(&e.id) {
            None if i % 100 == 0 => {}
            Some(n) if i % 100 == 0 => new.push(n.clone()),
            _ => new.push(e.clone()),
        }
    }
    let mut added: Vec<&String> = sdn_2024.keys().filter(|id| !seen.contains(*id)).collect();
    added.sort();
    for id in added.into_iter().step_by(100) {
        new.push(sdn_2024[id].clone());
    }
    let listed: Vec<&Entity> = new
        .iter()
        .filter(|e| e.schema.is_matchable() && !e.names.is_empty())
        .collect();

    let mut g = interdict_synth::Generator::new(42);
    let queries: Vec<Entity> = (0..4000)
        .map(|i| {
            let p = g.party();
            let schema = match p.kind {
                interdict_synth::PartyKind::Person => Schema::Person,
                interdict_synth::PartyKind::Company => Schema::Company,
            };
            let mut q = Entity::new(format!("c{i}"), schema);
            if g.rng().chance(0.01) {
                let e = listed[g.rng().below(listed.len())];
                q.schema = e.schema.clone();
                q.add_name(Name::new(e.names[0].value.clone(), NameKind::Primary));
            } else {
                q.add_name(Name::new(p.name, NameKind::Primary));
            }
            q
        })
        .collect();

    let t = Instant::now();
    let changes = ChangeSet::new(old, new.clone());
    let build_changes = t.elapsed();
    let t = Instant::now();
    let index = CandidateIndex::build(new);
    let build_index = t.elapsed();
    let (a, r, c) = changes.counts();
    let opts = MatchOptions {
        limit: 5,
        min_score: DEFAULT_THRESHOLD,
        ..MatchOptions::default()
    };
    // Warm both.
    for q in queries.iter().take(200) {
        black_box(index.search(q, &opts));
        black_box(changes.affects(q, &opts));
    }
    let mut full = Duration::ZERO;
    let mut delta = Duration::ZERO;
    let mut affected = 0;
    for _ in 0..3 {
        let t = Instant::now();
        for q in &queries {
            black_box(index.search(q, &opts));
        }
        full += t.elapsed();
        let t = Instant::now();
        affected = 0;
        for q in &queries {
            if changes.affects(q, &opts) {
                affected += 1;
                black_box(changes.new_index().search(q, &opts));
                black_box(changes.old().search(q, &opts));
            }
        }
        delta += t.elapsed();
    }
    let n = (3 * queries.len()) as f64;
    println!(
        "rescreen report: change {a} added, {r} removed, {c} changed; {} queries, {affected} affected ({:.1} %)",
        queries.len(),
        100.0 * affected as f64 / queries.len() as f64
    );
    println!(
        "rescreen report: full screen {:.0} µs/record, rescreen {:.0} µs/record ({:.1}× faster); \
         building both versions' indexes {:.1} s vs one {:.1} s",
        full.as_secs_f64() * 1e6 / n,
        delta.as_secs_f64() * 1e6 / n,
        full.as_secs_f64() / delta.as_secs_f64(),
        build_changes.as_secs_f64(),
        build_index.as_secs_f64()
    );
}
