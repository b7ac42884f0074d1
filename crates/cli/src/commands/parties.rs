//! `interdict parties`: which records of the active lists are one party, and why.

use super::open_store;
use crate::args::{Cli, PartiesCommand};
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
    let started = std::time::Instant::now();
    let parties = Parties::resolve(&snap.entities);
    let took = started.elapsed();
    match cmd {
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
                    "  refused         {:>7}  (they would join two records of one list, or people born years apart)",
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
                    println!("not linked (each would join two records of one list, or people born years apart):");
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
