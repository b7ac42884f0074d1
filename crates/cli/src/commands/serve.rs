//! `interdict serve`: the HTTP API, configured from a file, the environment and flags.

use super::{alerts_db, open_store, warn_stale};
use crate::args::{self, Cli};
use anyhow::{Context, Result};
use std::process::ExitCode;

/// Builds the configuration (defaults, then the file, then environment and flags), indexes
/// the active lists and serves until stopped.
pub(crate) fn command(cli: &Cli, a: &args::Serve) -> Result<ExitCode> {
    let args::Serve {
        config: config_file,
        bind,
        api_keys,
        max_body_bytes,
        max_queries,
        rate_limit,
        log_requests,
        admin_keys,
        reload_interval,
        allowed_hosts,
        goods_policy,
        goods_rules,
        users,
        four_eyes,
        auth_proxy_header,
        trusted_proxies,
    } = a;
    let config = interdict_server::Config::resolve(
        config_file.as_deref(),
        &interdict_server::Overrides {
            bind: *bind,
            api_keys: api_keys.clone(),
            admin_keys: admin_keys.clone(),
            allowed_hosts: allowed_hosts.clone(),
            max_body_bytes: *max_body_bytes,
            max_queries: *max_queries,
            rate_limit: *rate_limit,
            reload_interval: *reload_interval,
            log_requests: *log_requests,
            four_eyes: *four_eyes,
            auth_proxy_header: auth_proxy_header.clone(),
            trusted_proxies: trusted_proxies.clone(),
        },
    )
    .map_err(anyhow::Error::msg)?;
    // Checked before the lists are loaded: a bad policy or rule file stops the start at once.
    let goods = if goods_policy.is_some() || goods_rules.is_some() {
        let screener = super::goods::screener(
            goods_rules.as_deref(),
            goods_policy.as_deref(),
            interdict_goods::GoodsOptions::default(),
        )?;
        eprintln!(
            "POST /goods: rules {}, policy {}",
            screener.rules.version, screener.policy.origin
        );
        Some(screener)
    } else {
        None
    };
    let store = open_store(cli)?;
    let snap = store.load()?;
    warn_stale(&snap.lists, cli.max_age_days);
    let lists = snap.lists.clone();
    let started = std::time::Instant::now();
    // Companies listed parties own are screened like listed ones.
    let mut entities = snap.entities;
    let derived =
        super::ownership::mark_derived(&mut entities, &super::party_judgements(cli, &store)?)
            .annotated;
    if derived.entities > 0 {
        eprintln!(
            "{} entities blocked or possibly blocked by ownership are screened too ({} of them from registries)",
            derived.entities, derived.registry
        );
    }
    let index = interdict_matcher::CandidateIndex::build(entities);
    eprintln!(
        "indexed {} names of {} listed entities in {:.1} s",
        index.len(),
        index.entities().len(),
        started.elapsed().as_secs_f64()
    );
    // The default alert store is a convenience: a server whose data directory is
    // read-only still serves matching. One asked for by name must open.
    // Parties are resolved with the analysts' judgements the alert store keeps.
    let state = match interdict_store::AlertStore::open_location(&alerts_db(cli, &store)) {
        Ok(mut alerts) => {
            let judgements = alerts.party_judgements()?;
            let loaded = interdict_server::ServedLists::judged(index, lists, &judgements);
            interdict_server::AppState::with_alerts(config, loaded, Some(store), alerts)
        }
        Err(e) if cli.alerts_db.is_none() => {
            eprintln!(
                "warning: no alert store ({e}); /alerts answers 404, and parties are resolved \
                 without analysts' judgements"
            );
            let loaded = interdict_server::ServedLists::new(index, lists);
            interdict_server::AppState::new(config, loaded, Some(store))
        }
        Err(e) => return Err(e.into()),
    };
    let users_file = super::users_file(cli, users.as_deref());
    let state = interdict_server::AppState::with_users(state, users_file.clone())
        .map_err(anyhow::Error::msg)?;
    let access = match interdict_store::Users::read(&users_file) {
        Ok(u) if u.is_empty() => format!(
            "no users in {}: one local user, on loopback only",
            users_file.display()
        ),
        Ok(u) => format!("{} user(s) in {}", u.all().len(), users_file.display()),
        Err(e) => format!("{e}"),
    };
    let state = match goods {
        Some(screener) => interdict_server::AppState::with_goods(state, screener),
        None => state,
    };
    interdict_server::serve_blocking(state, |addr| {
        eprintln!("listening on http://{addr}");
        eprintln!("workbench: http://{addr}/ui/ ({access})");
    })
    .context("serving HTTP")?;
    eprintln!("stopped");
    Ok(ExitCode::SUCCESS)
}
