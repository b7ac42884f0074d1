//! `interdict import`: list files as a new version of their list.

use super::open_store;
use crate::args::{self, Cli};
use anyhow::{Context, Result};
use interdict_model::PartialDate;
use interdict_sources::{Format, SourceFile};
use std::process::ExitCode;

/// Imports the files (atomically: a bad file changes nothing) and reports each version.
pub(crate) fn command(cli: &Cli, a: &args::Import) -> Result<ExitCode> {
    let args::Import {
        paths,
        format,
        list,
        published,
        max_drop,
        json,
    } = a;
    let format = match format {
        Some(f) => Some(Format::from_name(f).with_context(|| {
            format!(
                "unknown format {f:?}; one of: {}",
                Format::ALL.map(Format::name).join(", ")
            )
        })?),
        None => None,
    };
    let published = match published {
        Some(p) => Some(
            PartialDate::parse_iso(p)
                .with_context(|| format!("--published {p:?} is not a date (YYYY-MM-DD)"))?,
        ),
        None => None,
    };
    let files = paths
        .iter()
        .map(|p| SourceFile::read(p))
        .collect::<Result<Vec<_>, _>>()?;
    let store = open_store(cli)?;
    let done = store.import_with(
        &files,
        &interdict_store::ImportOptions {
            format,
            list: list.as_deref(),
            published,
            max_drop: *max_drop,
            ..Default::default()
        },
    )?;
    if *json {
        println!("{}", serde_json::to_string_pretty(&done)?);
    } else {
        for v in &done {
            println!(
                "imported {} version {} ({}): {} entities{}",
                v.list,
                v.version,
                v.format,
                v.total,
                v.published
                    .map(|d| format!(", published {d}"))
                    .unwrap_or_default()
            );
            for w in &v.warnings {
                eprintln!("  note: {w}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
