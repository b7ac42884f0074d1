//! `interdict lists`: the active (or every stored) list version, as a table or JSON.

use super::{open_store, warn_stale};
use crate::args::{self, Cli};
use anyhow::Result;
use interdict_store::{ListVersion, Store};
use std::process::ExitCode;

/// Prints the lists, and warns about stale ones.
pub(crate) fn command(cli: &Cli, a: &args::Lists) -> Result<ExitCode> {
    let args::Lists { json, all } = a;
    let store = open_store(cli)?;
    let versions = if *all {
        let mut v = Vec::new();
        for id in store.list_ids()? {
            v.extend(store.versions(&id)?);
        }
        v
    } else {
        store.active_versions()?
    };
    print_lists(&store, &versions, *json)?;
    if !json {
        warn_stale(&store.active_versions()?, cli.max_age_days);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_lists(store: &Store, versions: &[ListVersion], json: bool) -> Result<()> {
    let today = interdict_store::today();
    if json {
        let out: Vec<_> = versions
            .iter()
            .map(|v| {
                let info = interdict_sources::list_info(&v.list);
                let active = store.active_version(&v.list).ok().flatten() == Some(v.version);
                serde_json::json!({
                    "list": v.list,
                    "title": info.map(|i| i.title),
                    "publisher": info.map(|i| i.publisher),
                    "url": info.map(|i| i.url),
                    "version": v.version,
                    "active": active,
                    "format": v.format,
                    "origin": v.origin,
                    "published": v.published.map(|d| d.to_string()),
                    "age_days": v.age_days(today),
                    "imported_at": v.imported_at,
                    "total": v.total,
                    "counts": v.counts,
                    "files": v.files,
                    "warnings": v.warnings,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!(
        "{:<18} {:>3}  {:<10} {:>5}  {:>7}  {:<44}  sha256",
        "list", "ver", "published", "age", "total", "entities by schema"
    );
    for v in versions {
        let counts = v
            .counts
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sha = v
            .files
            .first()
            .map(|f| f.sha256[..12].to_string())
            .unwrap_or_default();
        println!(
            "{:<18} {:>3}  {:<10} {:>5}  {:>7}  {:<44}  {}{}",
            v.list,
            v.version,
            v.published
                .map(|d| d.to_string())
                .unwrap_or_else(|| "unknown".into()),
            v.age_days(today)
                .map(|a| format!("{a}d"))
                .unwrap_or_default(),
            v.total,
            counts,
            sha,
            if v.files.len() > 1 {
                format!(" (+{} files)", v.files.len() - 1)
            } else {
                String::new()
            }
        );
        if let Some(info) = interdict_sources::list_info(&v.list) {
            println!("  {} — {}", info.title, info.publisher);
        }
    }
    Ok(())
}
