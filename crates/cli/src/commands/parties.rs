//! `interdict parties`: which records of the active lists are one party, and why.

use super::{alerts_db, open_store, party_judgements, user_name};
use crate::args::{Cli, Judge, PartiesCommand};
use crate::display::sanitize;
use crate::outfile::OutFile;
use anyhow::{bail, Result};
use interdict_matcher::parties::Party;
use interdict_matcher::Parties;
use std::io::Write;
use std::process::ExitCode;

/// Runs one `parties` subcommand.
pub(crate) fn command(cli: &Cli, cmd: &PartiesCommand) -> Result<ExitCode> {
    let store = open_store(cli)?;
    let snap = store.load()?;
    match cmd {
        PartiesCommand::Link(j) => return judge(cli, &store, &snap, j, true),
        PartiesCommand::Unlink(j) => return judge(cli, &store, &snap, j, false),
        _ => {}
    }
    let judgements = party_judgements(cli, &store)?;
    let started = std::time::Instant::now();
    let parties = Parties::resolve_judged(&snap.entities, &judgements);
    let took = started.elapsed();
    match cmd {
        PartiesCommand::Link(_) | PartiesCommand::Unlink(_) => unreachable!("answered above"),
        PartiesCommand::Judgements { json } => {
            if *json {
                println!("{}", serde_json::to_string_pretty(&parties.judged)?);
            } else if parties.judged.is_empty() {
                println!("no judgements (`interdict parties link A B --reason …` makes one)");
            } else {
                for j in &parties.judged {
                    let what = if j.judgement.same { "link" } else { "unlink" };
                    println!(
                        "{:>6}  {}  {:<6} {} — {}  by {}: {}",
                        j.judgement.id,
                        j.judgement.at,
                        what,
                        j.judgement.a,
                        j.judgement.b,
                        sanitize(&j.judgement.actor),
                        sanitize(&j.judgement.reason)
                    );
                    if j.status != "applied" {
                        println!("        {}: {}", j.status.replace('_', " "), j.detail);
                    }
                }
            }
        }
        PartiesCommand::Stats { json } => {
            let s = parties.stats();
            if *json {
                println!("{}", serde_json::to_string_pretty(&s)?);
                return Ok(ExitCode::SUCCESS);
            }
            println!(
                "{} records of {} lists in {} parties (resolved in {:.2} s)",
                s.records,
                snap.lists.len(),
                s.parties,
                took.as_secs_f64()
            );
            for (n, count) in &s.by_lists {
                let what = if n == "1" { "list" } else { "lists" };
                println!("  on {n:>2} {what:<5} {count:>7}");
            }
            println!("links:");
            for (kind, count) in &s.links {
                println!("  {kind:<15} {count:>7}");
            }
            if s.refused > 0 {
                println!(
                    "  refused         {:>7}  (they would join two records of one list, people born years apart, or records an analyst keeps apart)",
                    s.refused
                );
            }
        }
        PartiesCommand::Show { id, json } => {
            let Some(p) = parties.get(id) else {
                bail!("no record {id:?} in the active lists (ids look like ofac-7844, un-6908049; `interdict search NAME` finds them)");
            };
            let refused: Vec<_> = parties.refused_for(p).collect();
            if *json {
                let mut v = serde_json::to_value(p)?;
                v["refused"] = serde_json::to_value(&refused)?;
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                print_party(&snap, p);
                if !refused.is_empty() {
                    println!("not linked (each would join two records of one list, people born years apart, or records an analyst keeps apart):");
                    for l in refused {
                        println!("  {} — {}  {}: {}", l.a, l.b, l.kind.as_str(), l.reason);
                    }
                }
            }
        }
        PartiesCommand::Export { output } => {
            let mut text = Vec::new();
            for p in parties.iter() {
                serde_json::to_writer(&mut text, p)?;
                text.push(b'\n');
            }
            match output.as_deref() {
                Some(path) if path.as_os_str() != "-" => OutFile::plan(path)?.write_all(&text)?,
                _ => std::io::stdout().lock().write_all(&text)?,
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A party as text: its members with list and name, then its links.
fn print_party(snap: &interdict_store::Snapshot, p: &Party) {
    println!(
        "party {}: {} record(s) on {}",
        p.id,
        p.members.len(),
        p.lists.join(", ")
    );
    for m in &p.members {
        match snap.get(m) {
            Some(e) => println!("  {m:<22} {:<18} {}", e.source.list, e.caption()),
            None => println!("  {m}"),
        }
    }
    if !p.links.is_empty() {
        println!("links:");
        for l in &p.links {
            println!("  {} — {}  {}: {}", l.a, l.b, l.kind.as_str(), l.reason);
        }
    }
}

/// Records an analyst's judgement on two listed records and prints the party (or, for
/// `unlink`, the two parties) it leaves them in.
fn judge(
    cli: &Cli,
    store: &interdict_store::Store,
    snap: &interdict_store::Snapshot,
    j: &Judge,
    same: bool,
) -> Result<ExitCode> {
    for id in [&j.a, &j.b] {
        if snap.get(id).is_none() {
            bail!(
                "no record {id:?} in the active lists (ids look like ofac-7844, un-6908049; \
                 `interdict search NAME` finds them)"
            );
        }
    }
    if j.a == j.b {
        bail!("{} twice: a judgement is on two different records", j.a);
    }
    let user = user_name(j.user.as_deref())?;
    let mut alerts = interdict_store::AlertStore::open_location(&alerts_db(cli, store))?;
    let judgement = alerts.judge_parties(same, &j.a, &j.b, &j.reason, &user)?;
    let judgements = alerts.party_judgements()?;
    let parties = Parties::resolve_judged(&snap.entities, &judgements);
    let outcome = parties
        .judged
        .iter()
        .find(|x| x.judgement.id == judgement.id);
    if j.json {
        let mut v = serde_json::to_value(&judgement)?;
        if let Some(o) = outcome {
            v["status"] = serde_json::json!(o.status);
            if !o.detail.is_empty() {
                v["detail"] = serde_json::json!(o.detail);
            }
        }
        v["parties"] =
            serde_json::to_value([&j.a, &j.b].iter().filter_map(|id| parties.get(id)).fold(
                Vec::<&Party>::new(),
                |mut v, p| {
                    if !v.iter().any(|q| q.id == p.id) {
                        v.push(p);
                    }
                    v
                },
            ))?;
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "judgement {} recorded in {}: {} and {} are {}one party",
        judgement.id,
        alerts.place(),
        j.a,
        j.b,
        if same { "" } else { "not " }
    );
    if let Some(o) = outcome.filter(|o| o.status != "applied") {
        println!("not applied ({}): {}", o.status.replace('_', " "), o.detail);
    }
    let (pa, pb) = (parties.get(&j.a), parties.get(&j.b));
    if let Some(p) = pa {
        print_party(snap, p);
    }
    if let Some(p) = pb.filter(|p| pa.is_none_or(|a| a.id != p.id)) {
        print_party(snap, p);
    }
    Ok(ExitCode::SUCCESS)
}
