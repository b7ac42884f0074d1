//! `interdict eval pairs`: scores labelled query/candidate pairs (the development-set format)
//! and reports precision, recall and F1 at the default threshold, the best-F1 threshold, the
//! best recall at precision ≥ 0.95, per-kind figures, and the candidate index's own recall.

use super::open_store;
use crate::args::{Cli, EvalCommand};
use crate::outfile::OutFile;
use anyhow::{bail, Context, Result};
use interdict_matcher::eval::{best_f1, metrics_at, recall_at_precision, Metrics};
use interdict_matcher::{score_pair, CandidateIndex, MatchOptions, TokenStats};
use interdict_model::Entity;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// One labelled pair.
struct Pair {
    id: String,
    query: Entity,
    candidate: Entity,
    label: Option<bool>,
    kind: String,
}

/// Turns a pair side (`{"schema", "name": [...], "birthDate": [...], ...}`) into an entity.
fn pair_side_entity(v: &Value, id: &str) -> Result<Entity, String> {
    let obj = v.as_object().ok_or("is not an object")?;
    let schema = obj
        .get("schema")
        .and_then(Value::as_str)
        .unwrap_or("LegalEntity");
    let props: serde_json::Map<String, Value> = obj
        .iter()
        .filter(|(k, _)| *k != "schema" && *k != "id")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Entity::from_ftm(
        &json!({"id": id, "schema": schema, "properties": props}),
        "eval",
    )
}

fn read_pairs(path: &Path) -> Result<Vec<Pair>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut pairs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = |m: String| anyhow::anyhow!("{}: line {}: {m}", path.display(), i + 1);
        let v: Value = serde_json::from_str(line).map_err(|e| at(format!("invalid JSON: {e}")))?;
        let id = v
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| format!("line-{}", i + 1));
        let query = pair_side_entity(
            v.get("query")
                .ok_or_else(|| at("field query missing".into()))?,
            &format!("{id}-q"),
        )
        .map_err(|m| at(format!("field query: {m}")))?;
        let candidate = pair_side_entity(
            v.get("candidate")
                .ok_or_else(|| at("field candidate missing".into()))?,
            &format!("{id}-c"),
        )
        .map_err(|m| at(format!("field candidate: {m}")))?;
        pairs.push(Pair {
            id,
            query,
            candidate,
            label: v.get("match").and_then(Value::as_bool),
            kind: v
                .get("kind")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
        });
    }
    if pairs.is_empty() {
        bail!("{}: no pairs", path.display());
    }
    Ok(pairs)
}

/// Scores the labelled pairs of a dev-set-format file (unlabelled ones are skipped) for
/// `interdict validate --pairs`: (kind, score, label).
pub fn labelled_scores(
    file: &Path,
    stats: &TokenStats,
    threshold: f64,
) -> Result<Vec<(String, f64, bool)>> {
    let pairs = read_pairs(file)?;
    let scored: Vec<(String, f64, bool)> = pairs
        .iter()
        .filter_map(|p| {
            let label = p.label?;
            let score =
                score_pair(&p.query, &p.candidate, stats, threshold).map_or(0.0, |r| r.score);
            Some((p.kind.clone(), score, label))
        })
        .collect();
    if scored.is_empty() {
        bail!("{}: no pair has a \"match\" label", file.display());
    }
    Ok(scored)
}

fn show(label: &str, m: &Metrics) {
    println!(
        "  {label:<34} threshold {:.3}  P {:.3}  R {:.3}  F1 {:.3}  FPR {:.3}  (tp {} fp {} fn {} tn {})",
        m.threshold, m.precision, m.recall, m.f1, m.false_positive_rate, m.tp, m.fp, m.fn_, m.tn
    );
}

/// What `eval pairs` was asked for.
#[derive(Clone, Copy)]
pub struct PairsArgs<'a> {
    /// The labelled pairs (JSON lines).
    pub file: &'a Path,
    /// Match threshold.
    pub threshold: f64,
    /// Print the report as JSON.
    pub json_out: bool,
    /// Also write one score line per pair here.
    pub scores_out: Option<&'a Path>,
    /// Also measure the candidate index's retrieval.
    pub retrieval: bool,
    /// Print each pair's explanation before the report.
    pub explain: bool,
}

/// Runs the evaluation: scores every pair against the active lists' statistics and prints
/// the report.
pub fn run(a: &PairsArgs, list_entities: Vec<Entity>) -> Result<()> {
    let PairsArgs {
        file,
        threshold,
        json_out,
        scores_out,
        retrieval,
        explain,
    } = *a;
    let pairs = read_pairs(file)?;
    // Scored as in screening: the active lists indexed, rarity from the shipped counts.
    let index = CandidateIndex::build(list_entities);
    let stats: &TokenStats = index.stats();
    let mut scored = Vec::with_capacity(pairs.len());
    let mut out = scores_out
        .map(|p| std::fs::File::create(p).with_context(|| format!("creating {}", p.display())))
        .transpose()?
        .map(std::io::BufWriter::new);
    for p in &pairs {
        let result = score_pair(&p.query, &p.candidate, stats, threshold);
        let score = result.as_ref().map_or(0.0, |r| r.score);
        if explain {
            println!(
                "{}",
                json!({"id": p.id, "label": p.label, "score": score, "explanation": result.map(|r| r.explanation)})
            );
        }
        if let Some(w) = out.as_mut() {
            writeln!(
                w,
                "{}",
                json!({"id": p.id, "score": score, "match": score >= threshold})
            )?;
        }
        scored.push(score);
    }
    if let Some(mut w) = out {
        w.flush()?;
    }
    let labelled: Vec<(f64, bool)> = pairs
        .iter()
        .zip(&scored)
        .filter_map(|(p, s)| p.label.map(|l| (*s, l)))
        .collect();
    if labelled.is_empty() {
        bail!(
            "{}: no pair has a \"match\" label; --scores alone is written",
            file.display()
        );
    }
    let at = metrics_at(&labelled, threshold);
    let best = best_f1(&labelled);
    let p95 = recall_at_precision(&labelled, 0.95);
    let mut kinds: BTreeMap<&str, (usize, usize, bool)> = BTreeMap::new();
    for (p, s) in pairs.iter().zip(&scored) {
        if let Some(l) = p.label {
            let k = kinds.entry(p.kind.as_str()).or_insert((0, 0, l));
            k.0 += 1;
            if (*s >= threshold) == l {
                k.1 += 1;
            }
        }
    }
    let retrieval_recall = if retrieval {
        // Index the pair candidates among the list entities; every positive pair's candidate
        // must come back among the names the matcher would score.
        let mut entities: Vec<Entity> = index.entities().to_vec();
        let mut ids: std::collections::HashMap<String, String> = Default::default();
        let mut pair_ids = Vec::with_capacity(pairs.len());
        for p in &pairs {
            let key =
                serde_json::to_string(&p.candidate.to_ftm()["properties"]).unwrap_or_default();
            let n = ids.len();
            let id = ids
                .entry(key)
                .or_insert_with(|| {
                    // Ids that sort after every list's: a candidate loses the ties between
                    // equally ranked names (the pessimistic case) rather than winning them.
                    let mut e = p.candidate.clone();
                    e.id = format!("~eval-candidate-{n}");
                    entities.push(e);
                    format!("~eval-candidate-{n}")
                })
                .clone();
            pair_ids.push(id);
        }
        // Counted over the pair candidates too: with the shipped counts, keys the lists
        // never saw would count as the rarest and the candidates would be found too easily.
        let corpus = interdict_matcher::CorpusStats::count(&entities);
        let big = CandidateIndex::build_with(entities, &corpus);
        let opts = MatchOptions::default();
        let positives: Vec<(&Pair, &String)> = pairs
            .iter()
            .zip(&pair_ids)
            .filter(|(p, _)| p.label == Some(true))
            .collect();
        let mut missed: BTreeMap<&str, usize> = BTreeMap::new();
        let mut found = 0;
        let (mut scorable, mut scorable_found) = (0, 0);
        let score_of: std::collections::HashMap<&str, f64> = pairs
            .iter()
            .zip(&scored)
            .map(|(p, s)| (p.id.as_str(), *s))
            .collect();
        for (p, id) in &positives {
            let hit = big.retrieves(&p.query, id, opts.candidates);
            let would_match = score_of.get(p.id.as_str()).is_some_and(|s| *s >= threshold);
            if would_match {
                scorable += 1;
                scorable_found += usize::from(hit);
                if !hit && explain {
                    eprintln!("retrieval-miss {}", p.id);
                }
            }
            if hit {
                found += 1;
            } else {
                *missed.entry(p.kind.as_str()).or_insert(0) += 1;
            }
        }
        if !json_out {
            println!(
                "  candidate index recall on the pairs the scorer matches: {scorable_found}/{scorable} = {:.3}",
                scorable_found as f64 / scorable.max(1) as f64
            );
        }
        if !json_out {
            for (k, n) in &missed {
                eprintln!("  retrieval missed {n} {k} pair(s)");
            }
        }
        Some((found, positives.len(), big.len()))
    } else {
        None
    };
    if json_out {
        let kinds_json: BTreeMap<&str, Value> = kinds
            .iter()
            .map(|(k, (n, ok, l))| {
                (
                    *k,
                    json!({"pairs": n, "correct": ok, "label": l, "rate": *ok as f64 / *n as f64}),
                )
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "file": file.display().to_string(),
                "pairs": labelled.len(),
                "at_threshold": at,
                "best_f1": best,
                "recall_at_precision_0_95": p95,
                "by_kind": kinds_json,
                "retrieval": retrieval_recall.map(|(f, n, names)| json!({"found": f, "positives": n, "recall": f as f64 / n.max(1) as f64, "indexed_names": names})),
            }))?
        );
        return Ok(());
    }
    println!("{} labelled pairs from {}", labelled.len(), file.display());
    show("at the default threshold", &at);
    show("best F1", &best);
    match p95 {
        Some(m) => show("best recall at precision ≥ 0.95", &m),
        None => println!("  no threshold reaches precision 0.95"),
    }
    println!("  by kind (share classified correctly at the threshold):");
    for (k, (n, ok, l)) in &kinds {
        println!(
            "    {:<40} {:>5} pairs  {:>6.1}% {}",
            if k.is_empty() { "(no kind)" } else { k },
            n,
            100.0 * *ok as f64 / *n as f64,
            if *l { "recall" } else { "specificity" }
        );
    }
    if let Some((f, n, names)) = retrieval_recall {
        println!(
            "  candidate index recall: {f}/{n} = {:.3} of true matches reach scoring ({} names indexed, {} scored per query)",
            f as f64 / n.max(1) as f64,
            names,
            MatchOptions::default().candidates
        );
    }
    Ok(())
}

/// Searches every listed name and counts those that do not find their own entity.
pub fn lists(entities: Vec<Entity>, json_out: bool) -> Result<usize> {
    let index = CandidateIndex::build(entities);
    let opts = MatchOptions {
        limit: 50,
        ..MatchOptions::default()
    };
    let started = std::time::Instant::now();
    let mut checked = 0usize;
    let mut missed: Vec<(String, String)> = Vec::new();
    for e in index.entities().iter().filter(|e| e.schema.is_matchable()) {
        for n in &e.names {
            let mut q = Entity::new("query", e.schema.clone());
            q.add_name(interdict_model::Name::new(
                n.value.clone(),
                interdict_model::NameKind::Primary,
            ));
            checked += 1;
            if !index
                .search(&q, &opts)
                .iter()
                .any(|r| r.id == e.id && r.is_match)
            {
                missed.push((e.id.clone(), n.value.clone()));
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    if json_out {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "names": checked,
                "missed": missed.iter().map(|(id, n)| json!({"id": id, "name": n})).collect::<Vec<_>>(),
                "seconds": secs,
            }))?
        );
    } else {
        println!(
            "{checked} listed names searched as written in {secs:.1} s: {} found their own entity as a match, {} did not",
            checked - missed.len(),
            missed.len()
        );
        for (id, n) in missed.iter().take(50) {
            println!("  missed: {id} {n:?}");
        }
    }
    Ok(missed.len())
}

/// Writes corpus statistics as gzip-compressed TSV, through a temporary file so that a
/// failure leaves any previous file whole.
pub fn write_corpus_stats(stats: &interdict_matcher::CorpusStats, path: &Path) -> Result<()> {
    let out = OutFile::plan(path)?;
    let file = out.create()?;
    let mut gz =
        flate2::write::GzEncoder::new(std::io::BufWriter::new(file), flate2::Compression::best());
    let written = stats
        .to_tsv(&mut gz)
        .and_then(|_| {
            let f = gz.finish()?.into_inner().map_err(|e| e.into_error())?;
            // A device such as /dev/null cannot be synced.
            if out.is_file() {
                f.sync_all()?;
            }
            Ok(())
        })
        .with_context(|| format!("writing {}", out.writing().display()));
    if let Err(e) = written {
        out.abandon();
        return Err(e);
    }
    out.commit()?;
    eprintln!("wrote {} ({} names)", path.display(), stats.names());
    Ok(())
}

/// Runs one eval subcommand on the active lists.
pub(crate) fn command(cli: &Cli, cmd: &EvalCommand) -> Result<ExitCode> {
    match cmd {
        EvalCommand::CorpusStats { output } => {
            let store = open_store(cli)?;
            let snap = store.load()?;
            let counted = interdict_matcher::CorpusStats::count(&snap.entities);
            match output {
                Some(path) => write_corpus_stats(&counted, path)?,
                None => {
                    let same = &counted == interdict_matcher::CorpusStats::bundled();
                    println!(
                        "{} names counted over the active lists; they {} the shipped statistics",
                        counted.names(),
                        if same { "give" } else { "do not give" }
                    );
                    if !same {
                        return Ok(ExitCode::from(1));
                    }
                }
            }
        }
        EvalCommand::Lists { json } => {
            let store = open_store(cli)?;
            let snap = store.load()?;
            let missed = lists(snap.entities, *json)?;
            if missed > 0 {
                return Ok(ExitCode::from(1));
            }
        }
        EvalCommand::Pairs {
            file,
            json,
            scores,
            threshold,
            retrieval,
            explain,
        } => {
            let store = open_store(cli)?;
            let snap = store.load()?;
            run(
                &PairsArgs {
                    file,
                    threshold: *threshold,
                    json_out: *json,
                    scores_out: scores.as_deref(),
                    retrieval: *retrieval,
                    explain: *explain,
                },
                snap.entities,
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
