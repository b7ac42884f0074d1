//! Matching speed with every bundled list loaded: index build, one query (mean, and p50/p99
//! over a fixed query set), and a brute-force baseline (Jaro-Winkler of the query against
//! every listed name) measured in the same run.
//!
//! Run: `cargo bench -p interdict-matcher --bench matching`

use criterion::{criterion_group, criterion_main, Criterion};
use interdict_matcher::{CandidateIndex, MatchOptions};
use interdict_model::{Entity, Name, NameKind, Schema};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The allocator the `interdict` binary ships with, so the figures are the product's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bundled_entities() -> Vec<Entity> {
    let mut out = Vec::new();
    for b in interdict_store::BUNDLED {
        let files = b.files().expect("bundled files");
        for p in interdict_sources::parse_files(&files, None, Some(b.list)).expect("parses") {
            out.extend(p.entities);
        }
    }
    out
}

fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |p| p * 4096.0 / 1048576.0)
}

/// A reproducible query mix: listed names as customers write them (reordered, a part
/// dropped, a typo, other scripts) and ordinary non-listed names.
fn queries(entities: &[Entity]) -> Vec<Entity> {
    let mut out = Vec::new();
    let things: Vec<&Entity> = entities
        .iter()
        .filter(|e| e.schema.is_matchable())
        .collect();
    for (i, e) in things.iter().step_by(things.len() / 300 + 1).enumerate() {
        let name = e.caption();
        let mut tokens: Vec<String> = name.split_whitespace().map(str::to_string).collect();
        match i % 4 {
            0 => tokens.reverse(),
            1 if tokens.len() > 2 => {
                tokens.pop();
            }
            2 => {
                if let Some(t) = tokens.first_mut() {
                    if t.len() > 4 {
                        t.remove(2);
                    }
                }
            }
            _ => {}
        }
        let mut q = Entity::new(format!("q{i}"), e.schema.clone());
        q.add_name(Name::new(tokens.join(" "), NameKind::Primary));
        out.push(q);
    }
    for (i, n) in [
        "Maria Garcia Lopez",
        "John Smith",
        "Anna Kowalska",
        "Олег Петров",
        "محمد علي حسن",
        "王伟",
        "김민준",
        "Acme Trading GmbH",
        "Northern Logistics LLC",
        "Sahara Foods SARL",
        "Jean-Pierre Dubois",
        "Giulia Rossi",
        "Ахмед Кадыров",
        "Hans Müller",
        "Chen Wei Ltd",
    ]
    .iter()
    .enumerate()
    {
        let schema =
            if n.contains("Ltd") || n.contains("LLC") || n.contains("GmbH") || n.contains("SARL") {
                Schema::Company
            } else {
                Schema::Person
            };
        let mut q = Entity::new(format!("n{i}"), schema);
        q.add_name(Name::new(*n, NameKind::Primary));
        out.push(q);
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn bench(c: &mut Criterion) {
    let entities = bundled_entities();
    let names: Vec<String> = entities
        .iter()
        .filter(|e| e.schema.is_matchable())
        .flat_map(|e| e.names.iter().map(|n| interdict_text::romanize(&n.value)))
        .collect();
    let before = rss_mib();
    let t = Instant::now();
    let index = CandidateIndex::build(entities.clone());
    let build = t.elapsed();
    let after = rss_mib();
    let qs = queries(&entities);
    let opts = MatchOptions::default();
    // Per-query latency distribution, warm.
    for q in &qs {
        black_box(index.search(q, &opts));
    }
    let mut times = Vec::new();
    for _ in 0..5 {
        for q in &qs {
            let t = Instant::now();
            black_box(index.search(q, &opts));
            times.push(t.elapsed());
        }
    }
    times.sort();
    let mut retrieval = Vec::new();
    for q in &qs {
        let pq = interdict_matcher::PreparedQuery::new(q);
        let t = Instant::now();
        black_box(index.candidates(&pq, opts.candidates));
        retrieval.push(t.elapsed());
    }
    retrieval.sort();
    println!(
        "matching report: of which candidate retrieval p50 {:.0} µs",
        percentile(&retrieval, 0.5).as_secs_f64() * 1e6
    );
    let mut brute = Vec::new();
    for q in qs.iter().take(60) {
        let qn = interdict_text::romanize(q.caption());
        let t = Instant::now();
        let best = names
            .iter()
            .map(|n| strsim::jaro_winkler(&qn, n))
            .fold(0.0, f64::max);
        black_box(best);
        brute.push(t.elapsed());
    }
    brute.sort();
    println!(
        "\nmatching report: {} entities, {} names indexed, index build {:.0} ms, index memory +{:.1} MiB (RSS {:.1} MiB)",
        index.entities().len(),
        index.len(),
        build.as_secs_f64() * 1e3,
        after - before,
        after
    );
    println!(
        "matching report: indexed query over {} queries: p50 {:.0} µs, p99 {:.0} µs, max {:.0} µs",
        times.len(),
        percentile(&times, 0.5).as_secs_f64() * 1e6,
        percentile(&times, 0.99).as_secs_f64() * 1e6,
        times.last().unwrap().as_secs_f64() * 1e6
    );
    println!(
        "matching report: brute-force Jaro-Winkler against all {} names: p50 {:.0} µs ({:.1}× the indexed p50)\n",
        names.len(),
        percentile(&brute, 0.5).as_secs_f64() * 1e6,
        percentile(&brute, 0.5).as_secs_f64() / percentile(&times, 0.5).as_secs_f64()
    );

    let mut g = c.benchmark_group("matching");
    g.sample_size(10);
    g.bench_function("index_build_all_bundled_lists", |b| {
        b.iter(|| black_box(CandidateIndex::build(entities.clone())))
    });
    g.sample_size(50);
    let mut i = 0;
    g.bench_function("query_indexed", |b| {
        b.iter(|| {
            i = (i + 1) % qs.len();
            black_box(index.search(&qs[i], &opts))
        })
    });
    let mut j = 0;
    g.bench_function("query_brute_force_jaro_winkler", |b| {
        b.iter(|| {
            j = (j + 1) % qs.len();
            let qn = interdict_text::romanize(qs[j].caption());
            black_box(
                names
                    .iter()
                    .map(|n| strsim::jaro_winkler(&qn, n))
                    .fold(0.0, f64::max),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
