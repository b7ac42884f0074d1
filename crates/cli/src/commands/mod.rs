//! One module per command: each turns its flags into calls to the library crates and prints
//! the outcome. What several commands share (the store, the alert store, who is acting, the
//! stale-list warning) is here.

pub(crate) mod alerts;
pub(crate) mod bench;
pub(crate) mod completions;
pub(crate) mod diff;
pub(crate) mod eval;
pub(crate) mod generate;
pub(crate) mod goods;
pub(crate) mod import;
pub(crate) mod lists;
pub(crate) mod ownership;
pub(crate) mod parties;
pub(crate) mod screen;
pub(crate) mod search;
pub(crate) mod serve;
pub(crate) mod show;
pub(crate) mod update;
pub(crate) mod users;
pub(crate) mod validate;

use crate::args::Cli;
use anyhow::{bail, Context, Result};
use interdict_store::{ListVersion, Store};

fn open_store(cli: &Cli) -> Result<Store> {
    let dir = cli
        .data_dir
        .clone()
        .unwrap_or_else(interdict_store::default_data_dir);
    Store::open(&dir).with_context(|| format!("opening the store in {}", dir.display()))
}

/// The workbench's users file: `flag`, or users.json in the data directory.
fn users_file(cli: &Cli, flag: Option<&std::path::Path>) -> std::path::PathBuf {
    flag.map(std::path::Path::to_path_buf).unwrap_or_else(|| {
        cli.data_dir
            .clone()
            .unwrap_or_else(interdict_store::default_data_dir)
            .join(interdict_store::users::USERS_FILE)
    })
}

/// The alert store: --alerts-db (a SQLite file or a postgres:// URL), or alerts.sqlite in
/// the data directory.
fn alerts_db(cli: &Cli, store: &Store) -> String {
    cli.alerts_db.clone().unwrap_or_else(|| {
        store
            .root()
            .join("alerts.sqlite")
            .to_string_lossy()
            .into_owned()
    })
}

/// Analysts' judgements on parties (`parties link` / `unlink`), oldest first, from the
/// alert store: the one --alerts-db names (which must open and read), or the default one
/// when it exists. None without a store: resolution then rests on the lists' evidence
/// alone. A default store that cannot be read (a read-only data directory, a damaged file)
/// is said on stderr, and the command goes on without judgements, as `serve` does.
fn party_judgements(cli: &Cli, store: &Store) -> Result<Vec<interdict_model::PartyJudgement>> {
    let location = alerts_db(cli, store);
    if cli.alerts_db.is_none() && !std::path::Path::new(&location).exists() {
        return Ok(Vec::new());
    }
    let read = interdict_store::AlertStore::open_location(&location)
        .and_then(|mut alerts| alerts.party_judgements());
    match read {
        Ok(j) => Ok(j),
        Err(e) if cli.alerts_db.is_none() => {
            eprintln!(
                "warning: analysts' party judgements not read ({e}); parties are resolved on \
                 the lists' evidence alone"
            );
            Ok(Vec::new())
        }
        Err(e) => Err(anyhow::Error::from(e).context("reading analysts' party judgements")),
    }
}

/// Who is acting: `--user` (or `INTERDICT_USER`), else the login name. A blank `--user` is
/// an error, not "unknown": the audit log must say who did what.
fn user_name(flag: Option<&str>) -> Result<String> {
    match flag {
        Some(u) if u.trim().is_empty() => {
            bail!("--user (or INTERDICT_USER) is empty: name who is acting, for the audit log")
        }
        Some(u) => Ok(u.trim().to_string()),
        None => Ok(std::env::var("USER")
            .ok()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| "unknown".to_string())),
    }
}

/// Warns on stderr, in one message, about every list older than the configured age.
fn warn_stale(lists: &[ListVersion], max_age_days: i64) {
    let today = interdict_store::today();
    let stale: Vec<String> = lists
        .iter()
        .filter_map(|l| {
            let age = l.age_days(today)?;
            (age > max_age_days).then(|| format!("{} ({age} days)", l.list))
        })
        .collect();
    if !stale.is_empty() {
        eprintln!(
            "warning: {} list(s) older than {max_age_days} days: {}. A stale list misses recent \
             designations: import current files (`interdict lists --json` gives the URLs), or set \
             --max-age-days.",
            stale.len(),
            stale.join(", ")
        );
    }
}

/// An output path as given: `-` is standard output, as in other Unix tools (`None`, which
/// every command writes to standard output), not a file named `-`.
pub(crate) fn output_path(p: Option<&std::path::Path>) -> Option<&std::path::Path> {
    p.filter(|p| p.as_os_str() != "-")
}
