//! `interdict ownership`: whether listed parties' holdings block an entity, under each
//! regime, with the proof; and every entity they block.

use super::{open_store, output_path};
use crate::args::{Cli, Ownership, OwnershipCommand, OwnershipOpts};
use crate::display::sanitize;
use crate::outfile::OutFile;
use anyhow::{anyhow, bail, Context, Result};
use interdict_model::Entity;
use interdict_ownership::graph::{self, Day};
use interdict_ownership::{Derivation, Graph, Regime, Status, Verdict, REGIMES};
use interdict_screen::derived::Linker;
use std::io::Write;
use std::process::ExitCode;

/// Runs `interdict ownership ID` or `interdict ownership derive`.
pub(crate) fn command(cli: &Cli, a: &Ownership) -> Result<ExitCode> {
    match (&a.command, &a.id) {
        (Some(OwnershipCommand::Derive { opts, output }), _) => {
            derive(cli, opts, output.as_deref())
        }
        (None, Some(id)) => verdict(cli, id, &a.opts),
        (None, None) => bail!(
            "name an entity (`interdict ownership ofac-17016`) or ask for every derived one \
             (`interdict ownership derive`)"
        ),
    }
}

/// The regimes `--regime` asks for.
fn regimes(name: &str) -> Result<Vec<&'static Regime>> {
    if name.eq_ignore_ascii_case("all") {
        return Ok(REGIMES.iter().collect());
    }
    Regime::by_id(name).map(|r| vec![r]).ok_or_else(|| {
        anyhow!(
            "--regime {name:?}: not one of {}, all",
            REGIMES.iter().map(|r| r.id).collect::<Vec<_>>().join(", ")
        )
    })
}

/// The day `--at` names, or today.
fn day(at: Option<&str>) -> Result<Day> {
    match at {
        Some(t) => {
            graph::exact_day(t).ok_or_else(|| anyhow!("--at {t:?}: write the day as YYYY-MM-DD"))
        }
        None => Ok(interdict_screen::derived::today()),
    }
}

/// The ownership graph of the active lists and registries on the day asked about, registry
/// parties without list ids tied to listed parties by the matcher.
fn load(cli: &Cli, opts: &OwnershipOpts) -> Result<(Vec<Entity>, Graph)> {
    if !(0.0..=1.0).contains(&opts.link_threshold) {
        bail!(
            "--link-threshold {} is not between 0 and 1",
            opts.link_threshold
        );
    }
    let at = day(opts.at.as_deref())?;
    let store = open_store(cli)?;
    let snap = store.load()?;
    let entities = snap.entities;
    let linker = Linker::new(&entities, opts.link_threshold);
    let judgements = super::party_judgements(cli, &store)?;
    let groups = interdict_screen::derived::groups(&interdict_matcher::Parties::resolve_judged(
        &entities,
        &judgements,
    ));
    let ties = linker.tie_owners(&entities);
    let mut read = graph::read_linked(&entities, &|p| ties.get(&p.id).cloned());
    read.spread(&groups);
    Ok((entities, Graph::from_read(read, Some(at))))
}

fn verdict(cli: &Cli, id: &str, opts: &OwnershipOpts) -> Result<ExitCode> {
    let regimes = regimes(&opts.regime)?;
    let (entities, g) = load(cli, opts)?;
    if g.node(id).is_none() && !entities.iter().any(|e| e.id == id) {
        bail!(
            "{id}: no such entity in the active lists or registries (`interdict search NAME` \
             finds a listed id; a registry's own ids read <list>:<id>)"
        );
    }
    let verdicts: Vec<Verdict> = regimes
        .iter()
        .map(|r| Derivation::run(&g, r).verdict(id))
        .collect();
    if opts.json {
        let text = if verdicts.len() == 1 {
            serde_json::to_string_pretty(&verdicts[0])?
        } else {
            serde_json::to_string_pretty(&verdicts)?
        };
        println!("{text}");
    } else {
        let caption = verdicts.iter().find_map(|v| v.caption.clone()).or_else(|| {
            entities
                .iter()
                .find(|e| e.id == id)
                .map(|e| e.caption().to_string())
        });
        println!(
            "{id}{}  as of {}",
            caption
                .map(|c| format!(" “{}”", sanitize(&c)))
                .unwrap_or_default(),
            verdicts
                .first()
                .and_then(|v| v.as_of.clone())
                .unwrap_or_default()
        );
        for v in &verdicts {
            print_verdict(v);
        }
    }
    let flagged = verdicts.iter().any(|v| v.status != Status::NotBlocked);
    Ok(if flagged {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One regime's verdict as text: the verdict and listed share, each proof path on a line,
/// then the notes.
fn print_verdict(v: &Verdict) {
    let share = if v.status == Status::Listed {
        "listed by name".to_string()
    } else {
        format!("listed share {}", v.listed_share.describe())
    };
    println!("  {:<5} {:<17} {share}", v.regime.to_uppercase(), v.verdict);
    for p in &v.paths {
        println!(
            "        {}",
            sanitize(&interdict_ownership::derive::path_text(p))
        );
    }
    for n in &v.notes {
        if n != "listed by name" {
            println!("        note: {}", sanitize(n));
        }
    }
}

fn derive(cli: &Cli, opts: &OwnershipOpts, output: Option<&std::path::Path>) -> Result<ExitCode> {
    let regimes = regimes(&opts.regime)?;
    let started = std::time::Instant::now();
    let (_, g) = load(cli, opts)?;
    let mut lines = Vec::new();
    let mut summary = Vec::new();
    for r in &regimes {
        let d = Derivation::run(&g, r);
        let (blocked, possibly) = d.counts();
        summary.push(format!(
            "{:<5} {blocked:>7} blocked, {possibly:>7} possibly blocked by ownership",
            r.id.to_uppercase()
        ));
        let mut derived: Vec<u32> = d.derived().map(|(n, _)| n).collect();
        derived.sort_by(|a, b| g.id(*a).cmp(g.id(*b)));
        for n in derived {
            lines.push(d.verdict(g.id(n)));
        }
    }
    let mut head = vec![format!(
        "{} entities, {} holdings and control links on {} ({} read), derived in {:.2} s",
        g.len(),
        g.links(),
        g.at.map(interdict_ownership::derive::format_day)
            .unwrap_or_default(),
        g.edges.len(),
        started.elapsed().as_secs_f64()
    )];
    head.extend(summary);
    if !g.anomalies.counts.is_empty() {
        head.push("reported:".to_string());
        for (kind, n) in &g.anomalies.counts {
            head.push(format!(
                "  {:<18} {n:>7}",
                serde_json::to_value(kind)?.as_str().unwrap_or("")
            ));
        }
    }
    let as_json = opts.json || output.is_some();
    if as_json {
        let mut text = Vec::new();
        for v in &lines {
            serde_json::to_writer(&mut text, v)?;
            text.push(b'\n');
        }
        match output_path(output) {
            Some(path) => OutFile::plan(path)?
                .write_all(&text)
                .with_context(|| format!("writing {}", path.display()))?,
            None => std::io::stdout().lock().write_all(&text)?,
        }
        for h in &head {
            eprintln!("{h}");
        }
    } else {
        for h in &head {
            println!("{h}");
        }
        for v in &lines {
            println!(
                "\n{} {}{}",
                v.regime.to_uppercase(),
                v.id,
                v.caption
                    .as_deref()
                    .map(|c| format!(" “{}”", sanitize(c)))
                    .unwrap_or_default()
            );
            print_verdict(v);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Marks the entities listed parties' holdings block today (see
/// [`interdict_screen::derived::mark_derived`]).
pub(crate) fn mark_derived(
    entities: &mut [Entity],
    judgements: &[interdict_model::PartyJudgement],
) -> interdict_screen::derived::Marked {
    interdict_screen::derived::mark_derived(
        entities,
        judgements,
        interdict_screen::derived::today(),
    )
}

/// The default of `--link-threshold`.
pub(crate) const DEFAULT_LINK_THRESHOLD: f64 = interdict_screen::derived::DEFAULT_LINK_THRESHOLD;
