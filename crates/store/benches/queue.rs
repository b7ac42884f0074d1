//! The workbench's alert queue over 100,000 alerts: one page of open alerts by score, a
//! deep page, a list and score filter, one holder's alerts, and the count each page shows —
//! in SQLite, and in PostgreSQL when `INTERDICT_BENCH_POSTGRES_URL` names a server (a
//! database `interdict_bench_queue` is made there afresh).
//!
//! `cargo bench -p interdict-store --bench queue`

use criterion::{criterion_group, criterion_main, Criterion};
use interdict_store::alerts::{DecisionInput, NewAlert, QueueFilter, QueueSort};
use interdict_store::{AlertStore, Decision};
use std::time::Instant;

/// Alerts in the store.
const ALERTS: usize = 100_000;
const LISTS: [&str; 4] = [
    "us_ofac_sdn",
    "eu_fsf",
    "gb_hmt_sanctions",
    "un_sc_sanctions",
];

/// An explanation the size real ones have (≈ 900 bytes of JSON).
fn explanation(i: usize) -> String {
    format!(
        r#"{{"query_name":"customer {i}","matched_name":"LISTED PARTY {i}","matched_name_kind":"primary","name":{{"score":0.87,"pairs":[{{"query":"customer","candidate":"listed","similarity":0.71}},{{"query":"{i}","candidate":"party","similarity":0.9}}],"unmatched_query":[],"unmatched_candidate":["ooo"],"method":"tokens"}},"identifier_match":null,"features":[{{"name":"country_match","value":1.0,"weight":0.03,"contribution":0.03,"detail":"ru"}},{{"name":"dob_year_disjoint","value":1.0,"weight":-0.2,"contribution":-0.2,"detail":"1961 vs 1975"}}],"caps":[],"record":{{"id":"C{i}","name":"customer {i}","schema":"Person","birthDate":"1961-02-03","country":"ru","alias":"","identifiers":"","line":{i}}}}}"#
    )
}

/// Fills `s` with [`ALERTS`] alerts over 20 runs; one in ten decided, one in twenty
/// claimed, one in fifty proposed under four eyes.
fn fill(s: &mut AlertStore) {
    let started = Instant::now();
    let per_run = ALERTS / 20;
    let mut ids = Vec::with_capacity(ALERTS);
    for run in 0..20 {
        let run_id = s
            .begin_run("bench", "customers.csv", "lists", 0.66)
            .unwrap();
        let batch: Vec<NewAlert> = (0..per_run)
            .map(|j| {
                let i = run * per_run + j;
                NewAlert {
                    record_key: format!("id:C{i}"),
                    record_name: format!("customer {i}"),
                    record_fingerprint: format!("r{i}"),
                    entity_id: format!("ofac-{}", i % 9000),
                    entity_caption: format!("LISTED PARTY {}", i % 9000),
                    entity_fingerprint: format!("e{}", i % 9000),
                    list: LISTS[i % LISTS.len()].to_string(),
                    list_version: 1,
                    score: 0.66 + (i * 7919 % 3400) as f64 / 10_000.0,
                    explanation: explanation(i),
                    entity_schema: Some(
                        if i.is_multiple_of(3) {
                            "Person"
                        } else {
                            "Company"
                        }
                        .to_string(),
                    ),
                    party_members: Vec::new(),
                }
            })
            .collect();
        for chunk in batch.chunks(5000) {
            ids.extend(
                s.record(run_id, chunk)
                    .unwrap()
                    .into_iter()
                    .map(|r| r.alert_id),
            );
        }
    }
    for (n, id) in ids.iter().enumerate() {
        let d = |actor| DecisionInput {
            decision: Decision::FalsePositive,
            reason_code: Some("NAME_ONLY"),
            reason: "bench",
            actor,
        };
        if n.is_multiple_of(10) {
            s.decide_coded(*id, &d("ana")).unwrap();
        } else if n % 20 == 1 {
            s.claim(*id, "ana", false).unwrap();
        } else if n % 50 == 3 {
            s.propose(*id, &d("bob")).unwrap();
        }
    }
    eprintln!(
        "filled {} with {ALERTS} alerts in {:.1} s",
        s.place(),
        started.elapsed().as_secs_f64()
    );
}

fn pages(c: &mut Criterion, name: &str, s: &mut AlertStore) {
    let mut g = c.benchmark_group(format!("queue_{name}"));
    g.sample_size(20);
    let open = QueueFilter {
        status: Some("open".into()),
        limit: 50,
        ..Default::default()
    };
    let page = s.queue(&open).unwrap();
    eprintln!("{name}: {} open alerts of {ALERTS}", page.total);
    assert!(
        page.total > 50_000,
        "the bench store has the open alerts it was filled with"
    );
    g.bench_function("open_by_score_first_page", |b| {
        b.iter(|| s.queue(&open).unwrap())
    });
    let deep = QueueFilter {
        offset: 40_000,
        ..open.clone()
    };
    g.bench_function("open_by_score_page_800", |b| {
        b.iter(|| s.queue(&deep).unwrap())
    });
    let filtered = QueueFilter {
        list: Some("eu_fsf".into()),
        min_score: Some(0.8),
        max_score: Some(0.9),
        sort: QueueSort::Oldest,
        ..open.clone()
    };
    g.bench_function("one_list_score_band", |b| {
        b.iter(|| s.queue(&filtered).unwrap())
    });
    let mine = QueueFilter {
        holder: Some("ana".into()),
        status: None,
        ..open.clone()
    };
    g.bench_function("held_by_one_analyst", |b| {
        b.iter(|| s.queue(&mine).unwrap())
    });
    let one = page.items[0].id;
    g.bench_function("one_alert_whole", |b| {
        b.iter(|| {
            (
                s.show(one).unwrap(),
                s.review_steps(one).unwrap(),
                s.audit_of_alert(one).unwrap(),
            )
        })
    });
    g.finish();
}

fn bench(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("interdict-bench-queue-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut sqlite = AlertStore::open(&dir.join("alerts.sqlite")).unwrap();
    fill(&mut sqlite);
    pages(c, "sqlite", &mut sqlite);
    drop(sqlite);
    let _ = std::fs::remove_dir_all(&dir);
    match std::env::var("INTERDICT_BENCH_POSTGRES_URL") {
        Ok(admin) => {
            let mut client = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
            client.batch_execute("DROP DATABASE IF EXISTS interdict_bench_queue").unwrap();
            client.batch_execute("CREATE DATABASE interdict_bench_queue").unwrap();
            let base = admin.rsplit_once('/').map_or(admin.clone(), |(b, _)| b.to_string());
            let mut pg = AlertStore::open_postgres(&format!("{base}/interdict_bench_queue")).unwrap();
            fill(&mut pg);
            pages(c, "postgres", &mut pg);
        }
        Err(_) => eprintln!(
            "*** PostgreSQL not measured: set INTERDICT_BENCH_POSTGRES_URL=postgres://user:pass@127.0.0.1:5432/postgres ***"
        ),
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
