//! interdict's HTTP API, in the vocabulary integrators already speak: OpenSanctions
//! yente's `/match/{dataset}`, `/search/{dataset}`, `/entities/{id}`, `/catalog` and
//! `/algorithms`, with the same request and response shapes, served from one in-memory
//! candidate index with no external database.
//!
//! Safe by default: a server bound to anything but loopback refuses to start without API
//! keys; with keys configured every route but the health checks needs one (401 without,
//! 403 with a wrong one). Request bodies, queries per request, values per query and name
//! lengths are limited, and every error is a JSON body `{"detail": …}` with a 4xx status —
//! malformed JSON, invalid surrogates and hostile Unicode included. Differences from yente
//! are listed in `docs/http-api.md`. ScreenTarget browsers (a keyless loopback server is reachable
//! from any page the analyst opens) the `Host` and `Origin` of requests are checked
//! ([`guard`]); against slow clients, connections are capped and timed (`listen`). The
//! threat model is in `docs/security.md`.
#![deny(missing_docs)]

mod admin;
mod alerts;
pub mod answers;
mod auth;
mod config;
mod describe;
mod error;
mod goods;
pub mod guard;
mod listen;
pub mod openapi;
mod ops;
mod ownership;
mod params;
mod reconcile;
mod routes;
mod scope;
mod ui;
mod yente;

pub use config::{Config, Overrides};
pub use routes::router;

use interdict_matcher::{CandidateIndex, Parties};
use interdict_model::Entity;
use interdict_store::ListVersion;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};

/// The lists being served: the candidate index and what each list version is.
pub struct ServedLists {
    /// The candidate index over every active list.
    pub index: CandidateIndex,
    /// The active list versions.
    pub lists: Vec<ListVersion>,
    /// Every listed record's party (the same party on several lists), resolved with the
    /// analysts' judgements when the lists are loaded: `/match` and `/search` answer once
    /// per party.
    pub parties: Arc<Parties>,
    /// The newest analyst's judgement the parties were resolved with (its audit entry id).
    judged_through: Option<i64>,
    /// Each listed entity's JSON as responses carry it, by position in the index, rendered
    /// the first time a response needs it: most of a `/match` answer is these entities, and
    /// building them as JSON trees for every request cost more than the HTTP around them.
    /// Bounded by the number of listed entities, and gone with this version.
    rendered: Vec<std::sync::OnceLock<Box<str>>>,
    /// The same as its party's answer (the party's id, lists and records), for records of
    /// parties on several lists.
    rendered_in_party: Vec<std::sync::OnceLock<Box<str>>>,
    /// The ownership graphs of these lists `/ownership/{id}` asked for, newest first, at
    /// most [`OWNERSHIP_DAYS`] days. Built one at a time under the lock: asking for many
    /// different days costs one core, never all of them.
    ownership: std::sync::Mutex<
        Vec<(
            interdict_ownership::graph::Day,
            Arc<interdict_ownership::Graph>,
        )>,
    >,
}

/// How many days' ownership graphs a loaded list version keeps for `/ownership/{id}`.
const OWNERSHIP_DAYS: usize = 4;

impl ServedLists {
    /// The lists `lists`, served from `index`, parties resolved on the lists' evidence alone.
    pub fn new(index: CandidateIndex, lists: Vec<ListVersion>) -> ServedLists {
        ServedLists::judged(index, lists, &[])
    }

    /// The lists `lists`, served from `index`, parties resolved with analysts' judgements
    /// (oldest first).
    pub fn judged(
        index: CandidateIndex,
        lists: Vec<ListVersion>,
        judgements: &[interdict_model::PartyJudgement],
    ) -> ServedLists {
        let parties = Parties::resolve_judged(index.entities(), judgements);
        ServedLists::resolved(index, lists, parties, judgements)
    }

    /// The same with the parties already resolved with those judgements (when the lists
    /// were marked for ownership, which resolves them).
    pub fn resolved(
        index: CandidateIndex,
        lists: Vec<ListVersion>,
        parties: Parties,
        judgements: &[interdict_model::PartyJudgement],
    ) -> ServedLists {
        let rendered = (0..index.entities().len())
            .map(|_| std::sync::OnceLock::new())
            .collect();
        let rendered_in_party = (0..index.entities().len())
            .map(|_| std::sync::OnceLock::new())
            .collect();
        ServedLists {
            index,
            lists,
            parties: Arc::new(parties),
            judged_through: judgements.iter().map(|j| j.id).max(),
            rendered,
            rendered_in_party,
            ownership: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// The listed entity with this id, with its JSON text (rendered by `render` the first
    /// time it is asked for).
    pub(crate) fn rendered(
        &self,
        id: &str,
        render: impl FnOnce(&Entity) -> String,
    ) -> Option<(&Entity, &str)> {
        let pos = self.index.position(id)?;
        let e = self.index.entities().get(pos)?;
        let text = self.rendered.get(pos)?.get_or_init(|| render(e).into());
        Some((e, text))
    }

    /// The listed entity with this id, with its JSON text as its party's answer (rendered
    /// by `render` the first time it is asked for).
    pub(crate) fn rendered_in_party(
        &self,
        id: &str,
        render: impl FnOnce(&Entity) -> String,
    ) -> Option<&str> {
        let pos = self.index.position(id)?;
        let e = self.index.entities().get(pos)?;
        Some(
            self.rendered_in_party
                .get(pos)?
                .get_or_init(|| render(e).into()),
        )
    }

    /// The ownership graph of the loaded lists on day `at`, kept for the next asker.
    pub(crate) fn ownership_graph(
        &self,
        at: interdict_ownership::graph::Day,
    ) -> Arc<interdict_ownership::Graph> {
        let mut kept = match self.ownership.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(pos) = kept.iter().position(|(d, _)| *d == at) {
            let hit = kept.remove(pos);
            let graph = hit.1.clone();
            kept.insert(0, hit);
            return graph;
        }
        let linker = interdict_screen::derived::Linker::over(
            &self.index,
            interdict_screen::derived::DEFAULT_LINK_THRESHOLD,
        );
        let ties = linker.tie_owners(self.index.entities());
        let mut read = interdict_ownership::graph::read_linked(self.index.entities(), &|p| {
            ties.get(&p.id).cloned()
        });
        read.spread(&interdict_screen::derived::groups(&self.parties));
        let graph = Arc::new(interdict_ownership::Graph::from_read(read, Some(at)));
        kept.insert(0, (at, graph.clone()));
        kept.truncate(OWNERSHIP_DAYS);
        graph
    }

    /// The party of a listed record when it has other records (on other lists); `None` for
    /// a record alone.
    pub(crate) fn party_of(&self, id: &str) -> Option<&interdict_matcher::Party> {
        self.parties.get(id).filter(|p| p.members.len() > 1)
    }
}

/// Shared state: the settings and the loaded lists, swappable as a whole.
pub struct AppState {
    config: Config,
    loaded: RwLock<Arc<ServedLists>>,
    /// Where list versions live, for imports and reloads.
    store: Option<interdict_store::Store>,
    /// One admin operation at a time.
    admin_lock: tokio::sync::Mutex<()>,
    metrics: ops::Metrics,
    limiter: ops::RateLimiter,
    /// Alerts and decisions, when the server keeps them.
    alerts: Option<std::sync::Mutex<interdict_store::AlertStore>>,
    /// `POST /goods`'s rules and policy: the operator's (`with_goods`), or the bundled ones,
    /// read on the first request.
    goods: std::sync::OnceLock<Result<interdict_goods::GoodsScreener, String>>,
    /// The workbench's users and sessions.
    sessions: ui::session::Sessions,
}

impl AppState {
    /// State serving `loaded` with `config`; `store` (where `loaded` came from) enables
    /// imports and reloads.
    pub fn new(
        config: Config,
        loaded: ServedLists,
        store: Option<interdict_store::Store>,
    ) -> Arc<AppState> {
        Arc::new(AppState {
            limiter: ops::RateLimiter::new(config.rate_limit),
            config,
            loaded: RwLock::new(Arc::new(loaded)),
            store,
            admin_lock: tokio::sync::Mutex::new(()),
            metrics: ops::Metrics::default(),
            alerts: None,
            goods: std::sync::OnceLock::new(),
            sessions: ui::session::Sessions::empty(),
        })
    }

    /// `state` with the workbench's users read from `users_file` (a file that does not
    /// exist is no users yet; it is read again whenever it changes). Call before the server
    /// starts.
    pub fn with_users(
        mut state: Arc<AppState>,
        users_file: std::path::PathBuf,
    ) -> Result<Arc<AppState>, String> {
        let sessions = ui::session::Sessions::new(Some(users_file))?;
        if let Some(s) = Arc::get_mut(&mut state) {
            s.sessions = sessions;
        }
        Ok(state)
    }

    /// [`AppState::new`] with an alert store: serves `/alerts`.
    pub fn with_alerts(
        config: Config,
        loaded: ServedLists,
        store: Option<interdict_store::Store>,
        alerts: interdict_store::AlertStore,
    ) -> Arc<AppState> {
        let mut state = AppState::new(config, loaded, store);
        if let Some(s) = Arc::get_mut(&mut state) {
            s.alerts = Some(std::sync::Mutex::new(alerts));
        }
        state
    }

    /// `state` checking `POST /goods` with `screener` (rules and policy the operator chose).
    /// Call before the server starts.
    pub fn with_goods(
        mut state: Arc<AppState>,
        screener: interdict_goods::GoodsScreener,
    ) -> Arc<AppState> {
        if let Some(s) = Arc::get_mut(&mut state) {
            s.goods = std::sync::OnceLock::from(Ok(screener));
        }
        state
    }

    /// The goods rules and policy `POST /goods` checks with, or why they cannot be read.
    pub(crate) fn goods(&self) -> Result<&interdict_goods::GoodsScreener, &str> {
        self.goods
            .get_or_init(|| interdict_goods::GoodsScreener::bundled().map_err(|e| e.to_string()))
            .as_ref()
            .map_err(String::as_str)
    }

    /// The alert store, when the server keeps one.
    pub(crate) fn alerts(&self) -> Option<&std::sync::Mutex<interdict_store::AlertStore>> {
        self.alerts.as_ref()
    }

    /// Analysts' judgements on parties in the alert store, oldest first (none without one).
    pub(crate) fn judgements(&self) -> Result<Vec<interdict_model::PartyJudgement>, String> {
        let Some(store) = self.alerts() else {
            return Ok(Vec::new());
        };
        let mut guard = match store.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        guard
            .party_judgements()
            .map_err(|e| format!("reading analysts' party judgements: {e}"))
    }

    /// The lists in service now. Requests hold their own reference, so a swap never
    /// disturbs a request in flight.
    pub fn loaded(&self) -> Arc<ServedLists> {
        match self.loaded.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Replaces the lists in service in one step.
    pub fn swap(&self, loaded: ServedLists) {
        let new = Arc::new(loaded);
        match self.loaded.write() {
            Ok(mut g) => *g = new,
            Err(poisoned) => *poisoned.into_inner() = new,
        }
    }

    /// The settings.
    pub fn config(&self) -> &Config {
        &self.config
    }
}

/// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight. `ready` is called
/// with the bound address once the socket listens (useful with port 0).
pub async fn serve(state: Arc<AppState>, ready: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(state.config.bind).await?;
    ready(listener.local_addr()?);
    if state.config.reload_interval > 0 && state.store.is_some() {
        // Pick up versions imported by `interdict import` in another process.
        let s = state.clone();
        tokio::spawn(async move {
            let every = std::time::Duration::from_secs(s.config.reload_interval);
            loop {
                tokio::time::sleep(every).await;
                let s2 = s.clone();
                let _guard = s.admin_lock.lock().await;
                let _ = tokio::task::spawn_blocking(move || {
                    if admin::store_changed(&s2) {
                        match admin::reload(&s2) {
                            Ok(v) => eprintln!(
                                "{{\"event\":\"reloaded\",\"summary\":{}}}",
                                serde_json::json!(v)
                            ),
                            Err(e) => eprintln!(
                                "{{\"event\":\"reload_failed\",\"error\":{}}}",
                                serde_json::json!(e)
                            ),
                        }
                    }
                })
                .await;
            }
        });
    }
    let config = state.config.clone();
    listen::serve(listener, router(state), &config, shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// [`serve`] on a runtime of its own with one worker thread per core: for callers without
/// an async runtime, such as the `interdict serve` command.
///
/// Matching runs on the runtime's blocking threads, at most [`blocking_threads`] of them:
/// it is CPU work, so threads beyond a few per core only add switching and memory (without
/// a bound, 32 busy connections grew the pool to a hundred threads).
pub fn serve_blocking(state: Arc<AppState>, ready: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(blocking_threads())
        .build()?
        .block_on(serve(state, ready))
}

/// How many blocking threads [`serve_blocking`] allows: four per core, at least eight (a
/// slow alert-store call or a list reload holds one while matching goes on).
pub fn blocking_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    (4 * cores).max(8)
}
