//! Human-readable rendering of one entity for `interdict show`.

use super::open_store;
use crate::args::{self, Cli};
use anyhow::{bail, Result};
use interdict_model::{Entity, NameKind};
use interdict_store::Snapshot;
use std::process::ExitCode;

fn line(label: &str, values: &[String]) {
    if !values.is_empty() {
        println!("  {label:<14} {}", values.join("; "));
    }
}

/// Prints every field of `e`, then its relations with the other ends' names.
pub fn print_entity(snap: &Snapshot, e: &Entity) {
    println!("{}  [{}]  {}", e.id, e.schema, e.caption());
    let published = e
        .source
        .published
        .map(|d| format!(", published {d}"))
        .unwrap_or_default();
    println!(
        "  {:<14} {} record {}{published}",
        "source", e.source.list, e.source.record_id
    );
    for kind in [
        NameKind::Primary,
        NameKind::Alias,
        NameKind::OriginalScript,
        NameKind::WeakAlias,
        NameKind::Previous,
    ] {
        let names: Vec<String> = e
            .names
            .iter()
            .filter(|n| n.kind == kind)
            .map(|n| n.value.clone())
            .collect();
        let label = match kind {
            NameKind::Primary => "name",
            NameKind::Alias => "alias",
            NameKind::OriginalScript => "original script",
            NameKind::WeakAlias => "weak alias",
            NameKind::Previous => "previous name",
        };
        line(label, &names);
    }
    line(
        "birth date",
        &e.birth_dates
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>(),
    );
    line("birth place", &e.birth_places);
    line("nationality", &e.nationalities);
    line("country", &e.countries);
    line("gender", &e.gender);
    line("title", &e.titles);
    line("position", &e.positions);
    for id in &e.identifiers {
        let mut v = id.value.clone();
        if let Some(c) = &id.country {
            v.push_str(&format!(" ({c})"));
        }
        if let Some(n) = &id.note {
            v.push_str(&format!(" — {n}"));
        }
        let label = id.label.clone().unwrap_or_else(|| format!("{:?}", id.kind));
        println!("  {:<14} {label}: {v}", "identifier");
    }
    line(
        "address",
        &e.addresses
            .iter()
            .map(|a| a.full.clone())
            .collect::<Vec<_>>(),
    );
    line("program", &e.programs);
    line(
        "listed",
        &e.listing_dates
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>(),
    );
    line("contact", &e.contacts);
    let registry = e.extra.contains_key(interdict_model::REGISTRY);
    for (k, v) in &e.extra {
        // What FtM keeps outside the properties, under its own names; the registry mark is
        // said in words below.
        match k.as_str() {
            interdict_model::REGISTRY | interdict_model::OWNERSHIP => {}
            k => line(k.trim_start_matches('@'), v),
        }
    }
    if registry {
        println!(
            "  {:<14} a party of the ownership registry {}: screened only when listed parties' \
             holdings block it (`interdict ownership {}`)",
            "registry", e.source.list, e.id
        );
    }
    if let Some(r) = &e.relation {
        let name = |id: &str| {
            snap.get(id)
                .map(|x| x.caption().to_string())
                .unwrap_or_default()
        };
        println!("  {:<14} {} ({})", "from", r.from, name(&r.from));
        println!("  {:<14} {} ({})", "to", r.to, name(&r.to));
        line("role", &r.role.iter().cloned().collect::<Vec<_>>());
        line(
            "percentage",
            &r.percentage.iter().cloned().collect::<Vec<_>>(),
        );
    }
    for n in &e.notes {
        println!("  {:<14} {n}", "note");
    }
    // A registry's holdings name its parties by the registry's own ids.
    let own_id = if registry { &e.source.record_id } else { &e.id };
    let links: Vec<&Entity> = if registry {
        snap.entities
            .iter()
            .filter(|l| {
                l.source.list == e.source.list
                    && l.relation
                        .as_ref()
                        .is_some_and(|r| r.from == *own_id || r.to == *own_id)
            })
            .collect()
    } else {
        snap.relations_of(&e.id).collect()
    };
    if !links.is_empty() {
        println!("  links:");
        for l in links {
            let Some(r) = &l.relation else { continue };
            let (dir, other) = if r.from == *own_id {
                ("→", &r.to)
            } else {
                ("←", &r.from)
            };
            let caption = snap
                .get(other)
                .or_else(|| snap.get(&interdict_model::registry_id(&l.source.list, other)))
                .map(|x| x.caption())
                .unwrap_or("(not in the active lists)");
            println!(
                "    {dir} {:<14} {other}  {caption}  [{}{}]",
                l.schema.name(),
                r.role.clone().unwrap_or_default(),
                r.percentage
                    .as_ref()
                    .map(|p| format!(" {p}%"))
                    .unwrap_or_default()
            );
        }
    }
}

/// Prints one entity, or its FollowTheMoney JSON.
pub(crate) fn command(cli: &Cli, a: &args::Show) -> Result<ExitCode> {
    let args::Show { id, json } = a;
    let store = open_store(cli)?;
    let snap = store.load()?;
    let Some(e) = snap.get(id) else {
        bail!("no entity {id:?} in the active lists (ids look like ofac-45708, un-6908402; `interdict search NAME` finds them)");
    };
    if *json {
        println!("{}", serde_json::to_string_pretty(&e.to_ftm_nested())?);
    } else {
        print_entity(&snap, e);
        // The same party on other lists (`interdict parties show` gives the evidence).
        let judgements = super::party_judgements(cli, &store)?;
        let parties = interdict_matcher::Parties::resolve_judged(&snap.entities, &judgements);
        if let Some(p) = parties.get(&e.id).filter(|p| p.members.len() > 1) {
            let others: Vec<String> = p
                .members
                .iter()
                .filter(|m| **m != e.id)
                .map(|m| match snap.get(m) {
                    Some(o) => format!("{m} ({})", o.source.list),
                    None => m.clone(),
                })
                .collect();
            println!(
                "  {:<14} {} — also listed as {} (`interdict parties show {}`)",
                "party",
                p.id,
                others.join(", "),
                e.id
            );
            // What the party's records say together, each value with the lists that say it.
            println!("  the party, every list's records together:");
            for (prop, values) in p.merged_values(|id| snap.get(id)) {
                for v in values {
                    println!("    {prop:<16} {}  [{}]", v.value, v.datasets.join(", "));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
