//! `interdict update`: downloads each list's current official files, verifies them, and
//! makes them the active version — or keeps the active version and says why.
//!
//! A new version is activated only when every file of the list downloaded completely
//! (status 2xx, as many bytes as announced), parses as a whole, and keeps at least
//! `1 − max_drop` of the active version's entities. The store's import is atomic, so a
//! failure at any point leaves the lists as they were.

use super::open_store;
use crate::args::{self, Cli};
use anyhow::{bail, Context, Result};
use interdict_sources::SourceFile;
use interdict_store::{ImportOptions, Store};
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

/// The largest file a download may be (the parsers refuse larger ones anyway).
const MAX_DOWNLOAD: u64 = 1 << 30;
/// The share of entities a new version may lose by default.
pub const DEFAULT_MAX_DROP: f64 = 0.2;

/// Where to download a list from, and how much it may shrink.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListSource {
    /// The files of one version, all of them.
    #[serde(default)]
    urls: Vec<String>,
    /// Overrides the global `max_drop` for this list.
    max_drop: Option<f64>,
}

/// The sources file (`<data dir>/sources.json` or `--sources`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sources {
    max_drop: Option<f64>,
    #[serde(default)]
    lists: BTreeMap<String, ListSource>,
}

fn read_sources(path: &Path) -> Result<Sources> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let s: Sources = serde_json::from_str(&text).with_context(|| {
        format!(
            "{}: not a sources file ({{\"max_drop\": 0.2, \"lists\": {{\"us_ofac_sdn\": \
             {{\"urls\": [\"https://…\"], \"max_drop\": 0.1}}}}}})",
            path.display()
        )
    })?;
    for (id, l) in &s.lists {
        check_drop(
            l.max_drop,
            &format!("{}: lists.{id}.max_drop", path.display()),
        )?;
        if l.urls.is_empty() {
            bail!("{}: lists.{id}.urls is empty", path.display());
        }
    }
    check_drop(s.max_drop, &format!("{}: max_drop", path.display()))?;
    Ok(s)
}

fn check_drop(d: Option<f64>, what: &str) -> Result<()> {
    if let Some(d) = d {
        if !(0.0..=1.0).contains(&d) {
            bail!("{what} is {d}; it is a share between 0 and 1 (0.2 = a new version may have 20 % fewer entities)");
        }
    }
    Ok(())
}

/// What was asked.
pub struct UpdateArgs<'a> {
    pub lists: &'a [String],
    pub sources: Option<&'a Path>,
    pub max_drop: Option<f64>,
    pub json: bool,
    pub timeout_secs: u64,
}

/// The outcome for one list.
enum Outcome {
    Updated {
        version: u32,
        total: usize,
        summary: String,
    },
    Unchanged {
        version: u32,
    },
    Failed(String),
}

/// Downloads one URL completely, or says why not.
fn download(client: &reqwest::blocking::Client, url: &str) -> Result<Vec<u8>, String> {
    let resp = client.get(url).send().map_err(|e| format!("{url}: {e}"))?;
    let status = resp.status();
    if !status.is_success() {
        return Err(format!("{url}: HTTP {status}"));
    }
    let announced = resp.content_length();
    let mut body = Vec::new();
    resp.take(MAX_DOWNLOAD + 1)
        .read_to_end(&mut body)
        .map_err(|e| format!("{url}: download broken off after {} bytes: {e}", body.len()))?;
    if body.len() as u64 > MAX_DOWNLOAD {
        return Err(format!("{url}: larger than {MAX_DOWNLOAD} bytes"));
    }
    if let Some(n) = announced {
        if n != body.len() as u64 {
            return Err(format!(
                "{url}: truncated download: {} of {n} announced bytes",
                body.len()
            ));
        }
    }
    if body.is_empty() {
        return Err(format!("{url}: empty file"));
    }
    Ok(body)
}

/// The file name a download is stored under: the URL's last path segment.
fn file_name(url: &str, i: usize) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    match path.rsplit('/').next() {
        Some(n) if !n.is_empty() => n.to_string(),
        _ => format!("download-{}", i + 1),
    }
}

fn update_list(
    store: &Store,
    client: &reqwest::blocking::Client,
    list: &str,
    urls: &[String],
    max_drop: f64,
) -> Outcome {
    let active = match store.active_version(list) {
        Ok(v) => v,
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    let mut files = Vec::new();
    let mut hashes = Vec::new();
    for (i, url) in urls.iter().enumerate() {
        let body = match download(client, url) {
            Ok(b) => b,
            Err(e) => return Outcome::Failed(e),
        };
        hashes.push(format!("{:x}", Sha256::digest(&body)));
        match SourceFile::from_bytes(&file_name(url, i), body) {
            Ok(f) => files.push(f),
            Err(e) => return Outcome::Failed(e.to_string()),
        }
    }
    if let Some(v) = active {
        if let Ok(m) = store.manifest(list, v) {
            let mut have: Vec<&str> = m.files.iter().map(|f| f.sha256.as_str()).collect();
            let mut got: Vec<&str> = hashes.iter().map(String::as_str).collect();
            have.sort_unstable();
            got.sort_unstable();
            if have == got {
                return Outcome::Unchanged { version: v };
            }
        }
    }
    let opts = ImportOptions {
        list: Some(list),
        default_published: Some(interdict_store::today()),
        max_drop: Some(max_drop),
        ..ImportOptions::default()
    };
    match store.import_with(&files, &opts) {
        Ok(versions) => {
            let Some(v) = versions.into_iter().find(|v| v.list == list) else {
                return Outcome::Failed(format!("the files are not the {list} list"));
            };
            let summary = match active.map(|old| store.diff(list, Some(old), Some(v.version))) {
                Some(Ok((old, _, d))) => format!(
                    "+{} −{} ~{} since version {old}",
                    d.added.len(),
                    d.removed.len(),
                    d.changed.len()
                ),
                _ => "first version".to_string(),
            };
            Outcome::Updated {
                version: v.version,
                total: v.total,
                summary,
            }
        }
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

/// Runs the update. Returns whether every list updated or was unchanged.
pub fn run(store: &Store, a: &UpdateArgs) -> Result<bool> {
    check_drop(a.max_drop, "--max-drop")?;
    let default_sources = store.root().join("sources.json");
    let sources = match a.sources {
        Some(p) => read_sources(p)?,
        None if default_sources.is_file() => read_sources(&default_sources)?,
        None => Sources::default(),
    };
    let global_drop = a.max_drop.or(sources.max_drop).unwrap_or(DEFAULT_MAX_DROP);
    let lists: Vec<String> = if a.lists.is_empty() {
        let mut ids: Vec<String> = store.list_ids()?;
        ids.extend(sources.lists.keys().cloned());
        ids.sort();
        ids.dedup();
        ids
    } else {
        a.lists.to_vec()
    };
    let client = reqwest::blocking::Client::builder()
        .user_agent(concat!("interdict/", env!("CARGO_PKG_VERSION")))
        .timeout(Duration::from_secs(a.timeout_secs))
        .build()
        .context("setting up the HTTP client")?;
    let mut all_ok = true;
    let mut report = Vec::new();
    for list in &lists {
        let configured = sources.lists.get(list);
        let urls: Vec<String> = match configured {
            Some(s) => s.urls.clone(),
            None => interdict_sources::download_urls(list),
        };
        if urls.is_empty() {
            if a.lists.contains(list) {
                bail!(
                    "{list}: no download URL is known; give its files in a sources file \
                     (--sources, or sources.json in the data directory)"
                );
            }
            continue; // a list imported by hand, with no official source
        }
        // --max-drop on the command line wins over the file; the file's per-list setting
        // over its global one.
        let max_drop = a
            .max_drop
            .or(configured.and_then(|s| s.max_drop))
            .unwrap_or(global_drop);
        let outcome = update_list(store, &client, list, &urls, max_drop);
        let (status, line, extra) = match &outcome {
            Outcome::Updated {
                version,
                total,
                summary,
            } => (
                "updated",
                format!("version {version} active, {total} entities ({summary})"),
                json!({"version": version, "entities": total, "changes": summary}),
            ),
            Outcome::Unchanged { version } => (
                "unchanged",
                format!("unchanged: the published files are those of version {version}"),
                json!({"version": version}),
            ),
            Outcome::Failed(why) => {
                all_ok = false;
                let kept = store
                    .active_version(list)
                    .ok()
                    .flatten()
                    .map_or("no version".to_string(), |v| format!("version {v}"));
                (
                    "failed",
                    format!("NOT updated, {kept} stays active: {why}"),
                    json!({"reason": why, "active_version": store.active_version(list).ok().flatten()}),
                )
            }
        };
        if !a.json {
            println!("{list}: {line}");
        }
        let mut entry = json!({"list": list, "status": status, "urls": urls});
        if let (Some(e), Some(x)) = (entry.as_object_mut(), extra.as_object()) {
            e.extend(x.clone());
        }
        report.push(entry);
    }
    if a.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    Ok(all_ok)
}

/// Downloads, checks and activates the lists; exit code 1 when any was not updated.
pub(crate) fn command(cli: &Cli, a: &args::Update) -> Result<ExitCode> {
    let args::Update {
        lists,
        sources,
        max_drop,
        timeout,
        json,
    } = a;
    let store = open_store(cli)?;
    let ok = run(
        &store,
        &UpdateArgs {
            lists,
            sources: sources.as_deref(),
            max_drop: *max_drop,
            json: *json,
            timeout_secs: *timeout,
        },
    )?;
    // A list that could not be updated is an error (2), as a refused import is: what the
    // store serves is not what was asked for.
    if !ok {
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}
