//! `interdict goods`: shipment and order lines checked for CHPL items, destinations of
//! concern and listed parties (the `interdict-goods` crate), with screening's input and
//! output conventions.

use anyhow::{bail, Context, Result};
use interdict_goods::batch::{self, BatchOptions};
use interdict_goods::{GoodsOptions, GoodsScreener, Policy};
use interdict_screen::{BadRecords, ScreenOptions};
use std::process::ExitCode;
use std::time::Instant;

use super::screen::{file_formats, progress_bar, screening_index, thousands, Output};
use super::{open_store, party_judgements, warn_stale};
use crate::args::{Cli, Goods};

/// The rule set and policy the flags ask for.
pub(crate) fn screener(
    rules: Option<&std::path::Path>,
    policy: Option<&std::path::Path>,
    options: GoodsOptions,
) -> Result<GoodsScreener> {
    let rules = match rules {
        Some(dir) => interdict_goods::rules::RuleSet::from_dir(dir)
            .with_context(|| format!("--rules {}", dir.display()))?,
        None => interdict_goods::rules::RuleSet::bundled()?,
    };
    let policy = match policy {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("--policy: reading {}", p.display()))?;
            Policy::parse(&p.display().to_string(), &text)?
        }
        None => Policy::default_policy(),
    };
    Ok(GoodsScreener::new(rules, policy, options))
}

fn score_flag(name: &str, v: f64) -> Result<f64> {
    if !(0.0..=1.0).contains(&v) {
        bail!("{name} {v} is outside 0–1");
    }
    Ok(v)
}

/// Checks a file of lines; exit code 1 when a line is blocked or for review, 2 when a line
/// could not be read.
pub(crate) fn command(cli: &Cli, a: &Goods) -> Result<ExitCode> {
    if a.print_policy {
        print!("{}", interdict_goods::policy::DEFAULT);
        return Ok(ExitCode::SUCCESS);
    }
    let threshold = score_flag("--threshold", a.threshold)?;
    let possible = score_flag("--possible", a.possible)?;
    if possible > threshold {
        bail!("--possible {possible} is above --threshold {threshold}: possible matches score below matches");
    }
    let options = GoodsOptions {
        description_threshold: score_flag("--description-threshold", a.description_threshold)?,
        candidates: 3,
        parties: ScreenOptions {
            threshold,
            min_score: possible,
            limit: 3,
            ..ScreenOptions::default()
        },
    };
    let started = Instant::now();
    let mut screener = screener(a.rules.as_deref(), a.policy.as_deref(), options)?;
    if a.rules_info {
        println!("rules version {}", screener.rules.version);
        for c in &screener.rules.components {
            println!(
                "  {:<13} {:<26} published {}  sha256 {}\n  {:<13} {}",
                c.component, c.file, c.published, c.sha256, "", c.source
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let Some(input_path) = a.input.as_deref() else {
        bail!("give the file of lines to check (or - for standard input)");
    };
    let output = super::output_path(a.output.as_deref());
    let (format, input_format) = file_formats(
        input_path,
        output,
        a.bad_records.as_deref(),
        a.format.as_deref(),
        a.input_format.as_deref(),
    )?;
    let input = interdict_screen::open(input_path, input_format)?;
    if let Some(m) = batch::mapping_for(&input, &a.maps)? {
        if !a.quiet {
            eprintln!("{}: columns {}", input.name, m.describe());
        }
    }
    let index = if a.no_parties {
        None
    } else {
        let store = open_store(cli)?;
        let snap = store.load()?;
        if !a.quiet {
            warn_stale(&snap.lists, cli.max_age_days);
        }
        let judgements = party_judgements(cli, &store)?;
        let (index, parties) = screening_index(snap, &a.lists, &judgements, true)?;
        screener.options.parties.parties = parties;
        if !a.quiet {
            eprintln!(
                "rules {} · {} listed entities indexed in {:.1} s",
                screener.rules.version,
                thousands(index.entities().len() as u64),
                started.elapsed().as_secs_f64()
            );
        }
        Some(index)
    };
    let (out, writer) = Output::open(output)?;
    let mut bad = BadRecords::new(
        out.bad_records_path(a.bad_records.as_deref(), output),
        input_path,
    );
    let name = Output::name(output);
    let sink = match batch::sink(format, a.explain, writer, &name, &screener.rules.version) {
        Ok(s) => s,
        Err(e) => {
            out.abandon();
            return Err(e.into());
        }
    };
    let bar = progress_bar(input.size, a.quiet);
    let opts = BatchOptions {
        overrides: a.maps.clone(),
        workers: a.threads,
        strict: a.strict,
        ..BatchOptions::default()
    };
    let result = batch::run(
        &screener,
        index.as_ref(),
        input,
        &opts,
        sink,
        &mut bad,
        |s| {
            bar.set_position(s.bytes_read);
            bar.set_message(format!(
                "{} lines · {}/s · {} block · {} review",
                thousands(s.lines),
                thousands(s.rate() as u64),
                thousands(s.block),
                thousands(s.review)
            ));
        },
    );
    bar.finish_and_clear();
    // The process ends soon: freeing the index piece by piece would only add a pause.
    std::mem::forget(index);
    let summary = match result {
        Ok(s) => {
            out.commit()?;
            s
        }
        Err(e) => {
            out.abandon();
            return Err(e.into());
        }
    };
    if !a.quiet {
        eprintln!(
            "checked {} lines in {:.1} s ({} lines/s): {} block, {} review, {} clear, {} bad{}",
            thousands(summary.lines),
            summary.seconds,
            thousands(summary.rate() as u64),
            thousands(summary.block),
            thousands(summary.review),
            thousands(summary.clear),
            thousands(summary.bad),
            if bad.written() {
                format!(" (listed in {})", bad.path().display())
            } else {
                String::new()
            }
        );
        if let Some(p) = output {
            eprintln!("verdicts in {}", p.display());
        }
    }
    if summary.unchecked > 0 {
        eprintln!(
            "error: {} line(s) could not be read (verdict \"error\" in the output, reasons in \
             the bad-records file); fix them and check them again",
            summary.unchecked
        );
        return Ok(ExitCode::from(2));
    }
    if summary.block + summary.review > 0 {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
