//! `interdict bench`: the parse and load figures reported in BENCHMARKS.md, measured on the
//! bundled lists on the machine at hand.

use crate::args::Cli;
use anyhow::Result;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Resident set size in bytes (Linux; 0 elsewhere).
fn rss_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map(|pages| pages * 4096)
        .unwrap_or(0)
}

/// Peak resident set size in bytes (Linux's VmHWM; 0 elsewhere).
fn peak_rss_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))?
                .split_whitespace()
                .nth(1)?
                .parse::<u64>()
                .ok()
        })
        .map(|kb| kb * 1024)
        .unwrap_or(0)
}

/// Runs the benchmarks and prints a table, or with `json` one JSON object of the same
/// figures (milliseconds, microseconds per query, MiB).
pub fn run(cli: &Cli, iterations: usize, json: bool) -> Result<()> {
    let iterations = iterations.max(1);
    let _ = cli;
    // The table goes to standard output as it is measured; with --json, to nowhere, and the
    // figures are printed as one object at the end.
    macro_rules! table {
        ($($t:tt)*) => {
            if !json {
                println!($($t)*);
            }
        };
    }
    let mut figures = serde_json::json!({"iterations": iterations});
    table!(
        "interdict bench — {} iteration(s), median reported",
        iterations
    );
    let mut total = Vec::new();
    let mut per_list: Vec<(String, Vec<Duration>, usize, usize)> = Vec::new();
    let mut bundles = Vec::new();
    for b in interdict_store::BUNDLED {
        let files = b.files()?;
        let bytes = files.iter().map(|f| f.bytes.len()).sum();
        bundles.push((b.list, files, bytes));
    }
    for _ in 0..iterations {
        let start = Instant::now();
        for (i, (list, files, bytes)) in bundles.iter().enumerate() {
            let t = Instant::now();
            let parsed = interdict_sources::parse_files(files, None, Some(list))?;
            let n = parsed.iter().map(|p| p.entities.len()).sum();
            if per_list.len() <= i {
                per_list.push((list.to_string(), Vec::new(), n, *bytes));
            }
            per_list[i].1.push(t.elapsed());
        }
        total.push(start.elapsed());
    }
    table!("\nparse (bundled files, in memory → entities):");
    let mut parse = Vec::new();
    for (list, times, n, bytes) in &per_list {
        let ms = median(times.clone()).as_secs_f64() * 1e3;
        table!(
            "  {:<18} {:>7} entities {:>10} bytes  {:>8.1} ms",
            list,
            n,
            bytes,
            ms
        );
        parse.push(serde_json::json!({"list": list, "entities": n, "bytes": bytes, "ms": ms}));
    }
    let all_ms = median(total).as_secs_f64() * 1e3;
    table!("  {:<18} {:>44.1} ms", "all lists", all_ms);
    figures["parse"] = serde_json::json!({"lists": parse, "all_ms": all_ms});

    drop(bundles);
    let dir = std::env::temp_dir().join(format!("interdict-bench-{}", std::process::id()));
    let seed = Instant::now();
    let store = interdict_store::Store::open(&dir)?;
    let seed_time = seed.elapsed();
    let mut loads = Vec::new();
    let mut reads = Vec::new();
    let mut snapshot = None;
    let before = rss_bytes();
    for _ in 0..iterations {
        drop(snapshot.take());
        let t = Instant::now();
        let snap = store.load()?;
        // The exact-name index is built on first use: include it, "ready for queries".
        std::hint::black_box(snap.search("warm up", 1));
        snapshot = Some(snap);
        loads.push(t.elapsed());
        // The deserialization part alone, for the breakdown.
        let t = Instant::now();
        for v in store.active_versions()? {
            std::hint::black_box(store.entities(&v.list, v.version)?);
        }
        reads.push(t.elapsed());
        if before > 0 && loads.len() == 1 && !json {
            eprintln!(
                "  (resident memory before the first load: {:.1} MiB)",
                before as f64 / 1048576.0
            );
        }
    }
    let after = rss_bytes();
    let snap = snapshot.expect("at least one iteration");
    let (seed_ms, load_ms, read_ms) = (
        seed_time.as_secs_f64() * 1e3,
        median(loads).as_secs_f64() * 1e3,
        median(reads).as_secs_f64() * 1e3,
    );
    let (rss_mib, added_mib) = (
        after as f64 / 1048576.0,
        (after as f64 - before as f64) / 1048576.0,
    );
    table!("\nstore:");
    table!(
        "  first open (seed store from bundled lists) {:>8.1} ms",
        seed_ms
    );
    table!(
        "  load active snapshot ready for queries     {:>8.1} ms  ({} entities, {} lists)",
        load_ms,
        snap.entities.len(),
        snap.lists.len()
    );
    table!(
        "    of which reading entities.bin (postcard) {:>8.1} ms; the rest builds the name index",
        read_ms
    );
    table!(
        "  resident memory with the snapshot loaded: {:.1} MiB ({:+.1} MiB over the process before loading)",
        rss_mib,
        added_mib
    );
    let queries = [
        "AO OEZ PPT ALABUGA",
        "QODS AVIATION INDUSTRIES",
        "Timur Nailevich Shagivaleev",
        "no such name at all",
    ];
    let t = Instant::now();
    let rounds = 1000;
    for _ in 0..rounds {
        for q in queries {
            std::hint::black_box(snap.search(q, 10));
        }
    }
    let search_us = t.elapsed().as_secs_f64() * 1e6 / (rounds * queries.len()) as f64;
    table!(
        "  exact/token search                          {:>8.1} µs per query",
        search_us
    );
    // Party resolution over every active list (median of the iterations).
    let mut resolves = Vec::new();
    let mut parties = 0;
    for _ in 0..iterations.max(1) {
        let t = Instant::now();
        parties = interdict_matcher::Parties::resolve(&snap.entities).len();
        resolves.push(t.elapsed());
    }
    let resolve_ms = median(resolves).as_secs_f64() * 1e3;
    table!(
        "  party resolution over all lists           {:>8.1} ms  ({} parties)",
        resolve_ms,
        parties
    );
    // The same with 1,000 analysts' judgements (half links, half unlinks) on pairs of
    // records: unlinks are checked at every join.
    let records: Vec<&str> = snap
        .entities
        .iter()
        .filter(|e| e.schema == interdict_model::Schema::Person)
        .map(|e| e.id.as_str())
        .collect();
    let judgements: Vec<interdict_model::PartyJudgement> = records
        .chunks_exact(2)
        .take(1000)
        .enumerate()
        .map(|(i, pair)| interdict_model::PartyJudgement {
            id: i as i64 + 1,
            same: i % 2 == 0,
            a: pair[0].to_string(),
            b: pair[1].to_string(),
            reason: "bench".into(),
            actor: "bench".into(),
            at: "2026-01-01T00:00:00Z".into(),
        })
        .collect();
    let mut judged = Vec::new();
    for _ in 0..iterations.max(1) {
        let t = Instant::now();
        std::hint::black_box(interdict_matcher::Parties::resolve_judged(
            &snap.entities,
            &judgements,
        ));
        judged.push(t.elapsed());
    }
    let judged_ms = median(judged).as_secs_f64() * 1e3;
    table!(
        "  … with {:<5} analysts' judgements           {:>8.1} ms",
        judgements.len(),
        judged_ms
    );
    figures["parties"] = serde_json::json!({"resolve_ms": resolve_ms, "parties": parties,
        "resolve_with_judgements_ms": judged_ms, "judgements": judgements.len()});
    // Ownership: a generated registry of 1,000,000 edges (groups of chains, fans and
    // circles, exact shares, ranges, unknown shares, dated holdings), its graph built for
    // one day and every regime derived.
    let edges = 1_000_000;
    let mut builds = Vec::new();
    let mut derives = Vec::new();
    let mut derived = (0, 0);
    let mut graph_mib = 0.0;
    let mut peak_mib = 0.0;
    for _ in 0..iterations.max(1) {
        let registry = interdict_ownership::generate::registry(edges, 1);
        let t = Instant::now();
        let g = interdict_ownership::Graph::build(
            registry.edges,
            &registry.listed,
            Default::default(),
            Some(20_260_101),
            Default::default(),
        );
        builds.push(t.elapsed());
        graph_mib = g.heap_bytes() as f64 / (1 << 20) as f64;
        let t = Instant::now();
        for r in interdict_ownership::REGIMES {
            let d = interdict_ownership::Derivation::run(&g, r);
            if r.id == "ofac" {
                derived = d.counts();
            }
            std::hint::black_box(&d);
        }
        derives.push(t.elapsed());
        peak_mib = peak_rss_bytes() as f64 / (1 << 20) as f64;
    }
    let build_ms = median(builds).as_secs_f64() * 1e3;
    let derive_ms = median(derives).as_secs_f64() * 1e3;
    table!(
        "
ownership ({edges} generated edges, one day):"
    );
    table!(
        "  graph build (anomalies, circles included)   {:>8.1} ms  (graph and edges: {:.0} MiB heap)",
        build_ms,
        graph_mib
    );
    table!(
        "  derive OFAC, EU and UK                      {:>8.1} ms  (OFAC: {} blocked, {} possibly)",
        derive_ms,
        derived.0,
        derived.1
    );
    table!(
        "  peak resident set of this run                {:>8.0} MiB",
        peak_mib
    );
    figures["ownership"] = serde_json::json!({"edges": edges, "build_ms": build_ms,
        "derive_all_regimes_ms": derive_ms, "graph_heap_mib": graph_mib,
        "peak_rss_mib": peak_mib, "ofac_blocked": derived.0, "ofac_possibly": derived.1});
    figures["store"] = serde_json::json!({
        "first_open_ms": seed_ms,
        "load_ms": load_ms,
        "read_entities_ms": read_ms,
        "entities": snap.entities.len(),
        "lists": snap.lists.len(),
        "rss_mib": rss_mib,
        "rss_added_mib": added_mib,
        "exact_search_us": search_us,
    });
    if json {
        println!("{}", serde_json::to_string_pretty(&figures)?);
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
