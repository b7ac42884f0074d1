//! `interdict diff`: what changed between two versions of a list.

use super::open_store;
use crate::args::{self, Cli};
use anyhow::Result;
use interdict_store::Store;
use std::process::ExitCode;

/// Prints the difference as JSON or for people.
pub(crate) fn command(cli: &Cli, a: &args::Diff) -> Result<ExitCode> {
    let args::Diff {
        list,
        old,
        new,
        json,
    } = a;
    let store = open_store(cli)?;
    let (old, new, d) = store.diff(list, *old, *new)?;
    if *json {
        println!("{}", serde_json::to_string_pretty(&d)?);
    } else {
        print_diff(&store, list, old, new, &d)?;
    }
    // As diff(1): 0 when the versions are the same, 1 when something changed.
    Ok(if d.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Prints a list diff for people: counts, then one line per entity.
fn print_diff(
    store: &Store,
    list: &str,
    old: u32,
    new: u32,
    d: &interdict_store::ListDiff,
) -> Result<()> {
    let published = |v: u32| -> Result<String> {
        Ok(store.manifest(list, v)?.published.map_or_else(
            || "no publication date".to_string(),
            |p| format!("published {p}"),
        ))
    };
    println!(
        "{list}: version {old} ({}) → version {new} ({})",
        published(old)?,
        published(new)?
    );
    let mut by_field: std::collections::BTreeMap<&str, usize> = Default::default();
    for c in &d.changed {
        for f in &c.fields {
            *by_field.entry(f.as_str()).or_default() += 1;
        }
    }
    println!("  added    {}", d.added.len());
    println!("  removed  {}", d.removed.len());
    println!(
        "  changed  {}{}",
        d.changed.len(),
        if by_field.is_empty() {
            String::new()
        } else {
            format!(
                " ({})",
                by_field
                    .iter()
                    .map(|(f, n)| format!("{f} {n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    );
    let (old_entities, new_entities) = (store.entities(list, old)?, store.entities(list, new)?);
    let old_by: std::collections::HashMap<&str, &interdict_model::Entity> =
        old_entities.iter().map(|e| (e.id.as_str(), e)).collect();
    let new_by: std::collections::HashMap<&str, &interdict_model::Entity> =
        new_entities.iter().map(|e| (e.id.as_str(), e)).collect();
    // Links have no name: say what they link.
    let label = |e: Option<&&interdict_model::Entity>| -> String {
        match e {
            Some(e) => match &e.relation {
                Some(r) => format!("{} {} → {}", e.schema.name(), r.from, r.to),
                None => e.caption().to_string(),
            },
            None => String::new(),
        }
    };
    for id in &d.added {
        println!("+ {id}  {}", label(new_by.get(id.as_str())));
    }
    for id in &d.removed {
        println!("- {id}  {}", label(old_by.get(id.as_str())));
    }
    for c in &d.changed {
        println!(
            "~ {}  {}: {}",
            c.id,
            label(new_by.get(c.id.as_str())),
            c.fields.join(", ")
        );
    }
    Ok(())
}
