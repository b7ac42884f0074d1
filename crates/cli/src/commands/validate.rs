//! `interdict validate`: the effectiveness test — builds the deck and the negatives, screens
//! them, prints the figures, writes the HTML report and the JSON summary.

use super::open_store;
use crate::args::{self, Cli};
use crate::commands::screen::select_lists;
use crate::outfile::OutFile;
use anyhow::{bail, Context, Result};
use interdict_matcher::CandidateIndex;
use interdict_store::Snapshot;
use interdict_validate::report::count;
use interdict_validate::{report, Config, ListInfo, PairScore, Summary};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// What `validate` was asked.
pub struct ValidateArgs<'a> {
    pub lists: &'a [String],
    pub sample: usize,
    pub negatives: usize,
    pub seed: u64,
    pub threshold: f64,
    pub max_false_alerts: &'a str,
    pub output: &'a Path,
    pub json: bool,
    pub pairs: Option<&'a Path>,
    pub threads: usize,
    pub quiet: bool,
}

/// Writes `text` to `path` through a temporary file, so a failed run never leaves half a
/// report where a good one was (a device such as `/dev/stdout` is written directly).
fn write_atomically(path: &Path, text: &str) -> Result<()> {
    OutFile::plan(path)?.write_all(text.as_bytes())
}

fn print_summary(s: &Summary, report: &Path) {
    println!(
        "{} cases from {} of {} listed parties on {} list(s); {} generated non-listed parties",
        count(s.cases),
        count(s.sampled_entities),
        count(s.listed_parties),
        s.lists.len(),
        count(s.negatives)
    );
    println!(
        "detection at threshold {:.2}: {:.1} % ({} missed)",
        s.threshold,
        s.detection * 100.0,
        s.miss_count
    );
    let rows = |groups: &[interdict_validate::Detection]| {
        for g in groups {
            println!(
                "  {:<18} {:>6.1} %  ({}/{})",
                g.group,
                g.rate * 100.0,
                g.detected,
                g.cases
            );
        }
    };
    rows(&s.by_category);
    println!("by list:");
    rows(&s.by_list);
    println!(
        "false alerts at {:.2}: {:.1} per 1,000 ({} of {})",
        s.threshold,
        s.false_alerts_per_1000,
        count(s.false_alert_count),
        count(s.negatives)
    );
    println!("alerts by score (precision at this run's mix of cases and negatives):");
    for b in &s.score_bands {
        println!(
            "  {:.2}–{:.2}  {:>6} true  {:>6} false  precision {:>7}  {:.1} false alerts per 1,000",
            b.from,
            b.to,
            count(b.true_alerts),
            count(b.false_alerts),
            b.precision
                .map_or("—".to_string(), |p| format!("{:.1} %", p * 100.0)),
            b.false_alerts_per_1000
        );
    }
    let r = &s.recommendation;
    match (r.threshold, r.verified_detection, r.verified_false_alerts_per_1000) {
        (Some(t), Some(d), Some(f)) => println!(
            "recommended threshold for ≤ {} false alerts per 1,000: {t:.2} — detection {:.1} %, {f:.1} false alerts per 1,000 (screened again at {t:.2})",
            r.max_false_alerts_per_1000,
            d * 100.0
        ),
        _ => println!(
            "no threshold up to 1.00 keeps false alerts ≤ {} per 1,000",
            r.max_false_alerts_per_1000
        ),
    }
    if let Some(p) = &s.pairs {
        let m = &p.at_threshold;
        println!(
            "labelled pairs: {} — precision {:.3}, recall {:.3}, F1 {:.3} at {:.2}",
            p.pairs, m.precision, m.recall, m.f1, m.threshold
        );
    }
    println!("report: {}", report.display());
}

/// Runs the validation; returns the summary it wrote.
pub fn run(snap: Snapshot, a: &ValidateArgs) -> Result<Summary> {
    if !(0.0..=1.0).contains(&a.threshold) {
        bail!("--threshold {} is outside 0–1", a.threshold);
    }
    if a.sample == 0 {
        bail!("--sample must be at least 1");
    }
    let budget = interdict_validate::parse_budget(a.max_false_alerts)
        .with_context(|| "--max-false-alerts")?;
    let started = Instant::now();
    let versions = snap.lists.clone();
    let entities = select_lists(snap, a.lists)?;
    let index = CandidateIndex::build(entities);
    let lists: Vec<ListInfo> = versions
        .iter()
        .filter_map(|v| {
            let n = index
                .entities()
                .iter()
                .filter(|e| e.source.list == v.list)
                .count();
            (n > 0).then(|| ListInfo {
                list: v.list.clone(),
                published: v.published.map(|d| d.to_string()),
                entities: n,
            })
        })
        .collect();
    let pairs = match a.pairs {
        Some(p) => crate::commands::eval::labelled_scores(p, index.stats(), a.threshold)?
            .into_iter()
            .map(|(kind, score, label)| PairScore { kind, score, label })
            .collect(),
        None => Vec::new(),
    };
    if !a.quiet {
        eprintln!(
            "screening a deck from {} listed parties and {} negatives…",
            count(a.sample),
            count(a.negatives)
        );
    }
    let config = Config {
        threshold: a.threshold,
        sample: a.sample,
        negatives: a.negatives,
        seed: a.seed,
        max_false_alerts_per_1000: budget,
        workers: a.threads,
    };
    let v = interdict_validate::run(&index, lists, config, pairs)?;
    let summary = v.summary();
    let generated = interdict_store::today().to_string();
    write_atomically(a.output, &report::render(&summary, &generated))?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        print_summary(&summary, a.output);
    }
    if !a.quiet {
        eprintln!("done in {:.1} s", started.elapsed().as_secs_f64());
    }
    Ok(summary)
}

/// Keeps the report and its summary in the data directory (`validation/latest.html`,
/// `validation/latest.json`), where the workbench's lists page shows them. A data directory
/// that cannot be written to is said, not fatal: the report the user asked for is written.
fn keep_latest(root: &Path, summary: &Summary) {
    let dir = root.join("validation");
    let generated = interdict_store::today().to_string();
    let kept = serde_json::json!({"generated": generated, "summary": summary});
    let write = || -> Result<()> {
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        write_atomically(
            &dir.join("latest.html"),
            &report::render(summary, &generated),
        )?;
        write_atomically(&dir.join("latest.json"), &kept.to_string())
    };
    if let Err(e) = write() {
        eprintln!("warning: the report was not kept for the workbench: {e:#}");
    }
}

/// Runs the validation on the active lists and writes the report.
pub(crate) fn command(cli: &Cli, a: &args::Validate) -> Result<ExitCode> {
    let args::Validate {
        lists,
        sample,
        negatives,
        seed,
        threshold,
        max_false_alerts,
        output,
        json,
        pairs,
        threads,
        quiet,
    } = a;
    let store = open_store(cli)?;
    let snap = store.load()?;
    let summary = run(
        snap,
        &ValidateArgs {
            lists,
            sample: *sample,
            negatives: *negatives,
            seed: *seed,
            threshold: *threshold,
            max_false_alerts,
            output,
            json: *json,
            pairs: pairs.as_deref(),
            threads: *threads,
            quiet: *quiet,
        },
    )?;
    keep_latest(store.root(), &summary);
    Ok(ExitCode::SUCCESS)
}
