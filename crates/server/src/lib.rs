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
//! are listed in `docs/http-api.md`. Against browsers (a keyless loopback server is reachable
//! from any page the analyst opens) the `Host` and `Origin` of requests are checked
//! ([`guard`]); against slow clients, connections are capped and timed (`listen`). The
//! threat model is in `docs/security.md`.
#![deny(missing_docs)]

mod admin;
mod alerts;
mod auth;
mod error;
pub mod guard;
mod listen;
pub mod openapi;
mod ops;
mod params;
mod reconcile;
mod routes;
mod scope;
mod yente;

pub use routes::router;

use interdict_matcher::CandidateIndex;
use interdict_model::Entity;
use interdict_store::ListVersion;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};

/// Server settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on.
    pub bind: SocketAddr,
    /// Accepted API keys (empty: no authentication, allowed on loopback only).
    pub api_keys: Vec<String>,
    /// Largest request body, bytes.
    pub max_body_bytes: usize,
    /// Most queries in one `/match` request.
    pub max_queries: usize,
    /// Most property values in one query.
    pub max_values: usize,
    /// Longest property value, characters.
    pub max_value_chars: usize,
    /// Most results a request may ask for.
    pub max_limit: usize,
    /// Requests per second per API key, bursts up to twice that (0: unlimited).
    pub rate_limit: u32,
    /// Write one JSON line per request to standard error.
    pub log_requests: bool,
    /// Keys accepted by the admin routes (`/admin/import`, `/admin/reload`); none: admin off.
    pub admin_keys: Vec<String>,
    /// How often to look for list versions imported by other processes, seconds (0: never).
    pub reload_interval: u64,
    /// Host names the server answers to besides its bound address (and, on loopback,
    /// `localhost`, `127.0.0.1`, `::1`): a request naming any other `Host` is refused (DNS
    /// rebinding). Empty on a non-loopback address: any `Host` (API keys guard it there).
    pub allowed_hosts: Vec<String>,
    /// Most connections open at once; more clients wait to be accepted.
    pub max_connections: usize,
    /// Seconds a client has to send a request's headers, and that a kept-alive connection
    /// may stay idle.
    pub header_timeout_secs: u64,
    /// Seconds a request may take, body included (admin uploads excepted).
    pub request_timeout_secs: u64,
    /// Seconds a shutdown waits for requests in flight before closing their connections.
    pub shutdown_grace_secs: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 8000)),
            api_keys: Vec::new(),
            max_body_bytes: 1 << 20,
            max_queries: 100,
            max_values: 200,
            max_value_chars: interdict_screen::record::MAX_VALUE_CHARS,
            max_limit: 500,
            rate_limit: 100,
            log_requests: false,
            admin_keys: Vec::new(),
            reload_interval: 30,
            allowed_hosts: Vec::new(),
            max_connections: 1024,
            header_timeout_secs: 10,
            request_timeout_secs: 60,
            shutdown_grace_secs: 10,
        }
    }
}

impl Config {
    /// Applies a JSON configuration file over these settings. Keys: `bind`, `api_keys`,
    /// `admin_keys`, `max_body_bytes`, `max_queries`, `max_values`, `max_value_chars`,
    /// `max_limit`, `rate_limit`, `log_requests`, `reload_interval`, `allowed_hosts`,
    /// `max_connections`, `header_timeout_secs`, `request_timeout_secs`,
    /// `shutdown_grace_secs`. An unknown key or a
    /// value of the wrong type is an error naming the file and the key.
    pub fn apply_file(&mut self, path: &std::path::Path) -> Result<(), String> {
        let file = path.display();
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("{file}: cannot read: {e}"))?;
        let v: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{file}: not valid JSON: {e}"))?;
        let obj = v
            .as_object()
            .ok_or_else(|| format!("{file}: expected a JSON object of settings"))?;
        let wrong = |k: &str, what: &str| format!("{file}: {k:?} must be {what}");
        let num = |k: &str, v: &serde_json::Value| {
            v.as_u64().ok_or_else(|| wrong(k, "a non-negative integer"))
        };
        let strings = |k: &str, v: &serde_json::Value| -> Result<Vec<String>, String> {
            v.as_array()
                .and_then(|a| {
                    a.iter()
                        .map(|x| x.as_str().map(str::to_string))
                        .collect::<Option<Vec<_>>>()
                })
                .ok_or_else(|| wrong(k, "a list of strings"))
        };
        for (k, v) in obj {
            match k.as_str() {
                "bind" => {
                    self.bind = v
                        .as_str()
                        .and_then(|s| s.parse().ok())
                        .ok_or_else(|| wrong(k, "an address like \"127.0.0.1:8000\""))?
                }
                "api_keys" => self.api_keys = strings(k, v)?,
                "admin_keys" => self.admin_keys = strings(k, v)?,
                "max_body_bytes" => self.max_body_bytes = num(k, v)? as usize,
                "max_queries" => self.max_queries = num(k, v)? as usize,
                "max_values" => self.max_values = num(k, v)? as usize,
                "max_value_chars" => self.max_value_chars = num(k, v)? as usize,
                "max_limit" => self.max_limit = num(k, v)? as usize,
                "rate_limit" => self.rate_limit = num(k, v)? as u32,
                "reload_interval" => self.reload_interval = num(k, v)?,
                "allowed_hosts" => self.allowed_hosts = strings(k, v)?,
                "max_connections" => self.max_connections = num(k, v)? as usize,
                "header_timeout_secs" => self.header_timeout_secs = num(k, v)?,
                "request_timeout_secs" => self.request_timeout_secs = num(k, v)?,
                "shutdown_grace_secs" => self.shutdown_grace_secs = num(k, v)?,
                "log_requests" => {
                    self.log_requests = v.as_bool().ok_or_else(|| wrong(k, "true or false"))?
                }
                other => return Err(format!("{file}: unknown setting {other:?}")),
            }
        }
        Ok(())
    }

    /// Checks the settings: API keys are required on any address but loopback.
    pub fn validate(&self) -> Result<(), String> {
        if !self.bind.ip().is_loopback() && self.api_keys.is_empty() {
            return Err(format!(
                "refusing to serve on {} without API keys: anyone who can reach it could use it. \
                 Give keys with --api-key or INTERDICT_API_KEYS (comma-separated), or bind to \
                 127.0.0.1",
                self.bind
            ));
        }
        if self
            .api_keys
            .iter()
            .chain(&self.admin_keys)
            .any(|k| k.trim().len() < 16)
        {
            return Err("API and admin keys must be at least 16 characters".into());
        }
        if self.admin_keys.iter().any(|k| self.api_keys.contains(k)) {
            return Err("an admin key must not also be an API key".into());
        }
        Ok(())
    }
}

/// The lists being served: the candidate index and what each list version is.
pub struct Loaded {
    /// The candidate index over every active list.
    pub index: CandidateIndex,
    /// The active list versions.
    pub lists: Vec<ListVersion>,
    /// Each listed entity's JSON as responses carry it, by position in the index, rendered
    /// the first time a response needs it: most of a `/match` answer is these entities, and
    /// building them as JSON trees for every request cost more than the HTTP around them.
    /// Bounded by the number of listed entities, and gone with this version.
    rendered: Vec<std::sync::OnceLock<Box<str>>>,
}

impl Loaded {
    /// The lists `lists`, served from `index`.
    pub fn new(index: CandidateIndex, lists: Vec<ListVersion>) -> Loaded {
        let rendered = (0..index.entities().len())
            .map(|_| std::sync::OnceLock::new())
            .collect();
        Loaded {
            index,
            lists,
            rendered,
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
}

/// Shared state: the settings and the loaded lists, swappable as a whole.
pub struct AppState {
    config: Config,
    loaded: RwLock<Arc<Loaded>>,
    /// Where list versions live, for imports and reloads.
    store: Option<interdict_store::Store>,
    /// One admin operation at a time.
    admin_lock: tokio::sync::Mutex<()>,
    metrics: ops::Metrics,
    limiter: ops::RateLimiter,
    /// Alerts and decisions, when the server keeps them.
    alerts: Option<std::sync::Mutex<interdict_store::AlertStore>>,
}

impl AppState {
    /// State serving `loaded` with `config`; `store` (where `loaded` came from) enables
    /// imports and reloads.
    pub fn new(
        config: Config,
        loaded: Loaded,
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
        })
    }

    /// [`AppState::new`] with an alert store: serves `/alerts`.
    pub fn with_alerts(
        config: Config,
        loaded: Loaded,
        store: Option<interdict_store::Store>,
        alerts: interdict_store::AlertStore,
    ) -> Arc<AppState> {
        let mut state = AppState::new(config, loaded, store);
        if let Some(s) = Arc::get_mut(&mut state) {
            s.alerts = Some(std::sync::Mutex::new(alerts));
        }
        state
    }

    /// The alert store, when the server keeps one.
    pub(crate) fn alerts(&self) -> Option<&std::sync::Mutex<interdict_store::AlertStore>> {
        self.alerts.as_ref()
    }

    /// The lists in service now. Requests hold their own reference, so a swap never
    /// disturbs a request in flight.
    pub fn loaded(&self) -> Arc<Loaded> {
        match self.loaded.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Replaces the lists in service in one step.
    pub fn swap(&self, loaded: Loaded) {
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
                            Ok(v) => eprintln!("{{\"event\":\"reloaded\",\"summary\":{v}}}"),
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
