//! Server settings: defaults, a JSON file, and what the command line and the environment
//! override, checked before the server starts.

use std::net::SocketAddr;
use std::path::Path;

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
    /// Four eyes in the workbench: a decision is proposed, and final only once a second
    /// user with the reviewer (or admin) role approves it.
    pub four_eyes: bool,
    /// The request header a trusted reverse proxy names the signed-in user in (single
    /// sign-on), e.g. `X-Forwarded-User`; honoured only from `trusted_proxies`.
    pub auth_proxy_header: Option<String>,
    /// The addresses of the reverse proxies whose `auth_proxy_header` is believed.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The reason codes an analyst picks from when deciding, each `CODE: what it means`.
    pub reason_codes: Vec<String>,
}

/// The reason codes the workbench offers unless configured otherwise.
pub const DEFAULT_REASON_CODES: &[&str] = &[
    "DOB_MISMATCH: the birth dates differ",
    "COUNTRY_MISMATCH: the countries differ",
    "ID_MISMATCH: the identifiers differ",
    "TYPE_MISMATCH: a person against an organisation, or the reverse",
    "NAME_ONLY: only a common name or word is shared",
    "SAME_PARTY: the record is the listed party",
    "NEEDS_INFORMATION: more about the customer is needed",
    "OTHER: see the comment",
];

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 8000)),
            api_keys: Vec::new(),
            max_body_bytes: 1 << 20,
            max_queries: 100,
            max_values: 200,
            max_value_chars: interdict_model::query::MAX_VALUE_CHARS,
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
            four_eyes: false,
            auth_proxy_header: None,
            trusted_proxies: Vec::new(),
            reason_codes: DEFAULT_REASON_CODES.iter().map(|s| s.to_string()).collect(),
        }
    }
}

impl Config {
    /// Applies a JSON configuration file over these settings. Keys: `bind`, `api_keys`,
    /// `admin_keys`, `max_body_bytes`, `max_queries`, `max_values`, `max_value_chars`,
    /// `max_limit`, `rate_limit`, `log_requests`, `reload_interval`, `allowed_hosts`,
    /// `max_connections`, `header_timeout_secs`, `request_timeout_secs`,
    /// `shutdown_grace_secs`, `four_eyes`, `auth_proxy_header`, `trusted_proxies`,
    /// `reason_codes`. An unknown key or a
    /// value of the wrong type is an error naming the file and the key.
    pub fn apply_file(&mut self, path: &Path) -> Result<(), String> {
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
                "four_eyes" => {
                    self.four_eyes = v.as_bool().ok_or_else(|| wrong(k, "true or false"))?
                }
                "auth_proxy_header" => {
                    self.auth_proxy_header = Some(
                        v.as_str()
                            .ok_or_else(|| wrong(k, "a header name"))?
                            .to_string(),
                    )
                }
                "trusted_proxies" => {
                    self.trusted_proxies = strings(k, v)?
                        .iter()
                        .map(|a| a.parse())
                        .collect::<Result<_, _>>()
                        .map_err(|_| wrong(k, "a list of IP addresses"))?
                }
                "reason_codes" => self.reason_codes = strings(k, v)?,
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
        if let Some(h) = &self.auth_proxy_header {
            if axum::http::HeaderName::from_bytes(h.as_bytes()).is_err() {
                return Err(format!("auth_proxy_header {h:?} is not a header name"));
            }
            if self.trusted_proxies.is_empty() {
                return Err(format!(
                    "auth_proxy_header {h:?} needs the proxies' addresses (--trusted-proxy): \
                     from anywhere else, anyone could send the header and be any user"
                ));
            }
        }
        if let Some(bad) = self.reason_codes.iter().find(|c| {
            c.split_once(':')
                .is_none_or(|(code, _)| code.trim().is_empty())
        }) {
            return Err(format!(
                "reason code {bad:?}: write each as \"CODE: what it means\""
            ));
        }
        Ok(())
    }
}

/// Settings given on the command line, each overriding the file when given.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// Address to listen on.
    pub bind: Option<SocketAddr>,
    /// API keys (added to those in `INTERDICT_API_KEYS`).
    pub api_keys: Vec<String>,
    /// Admin keys (added to those in `INTERDICT_ADMIN_KEYS`).
    pub admin_keys: Vec<String>,
    /// Host names (added to those in `INTERDICT_ALLOWED_HOSTS`).
    pub allowed_hosts: Vec<String>,
    /// Largest request body, bytes.
    pub max_body_bytes: Option<usize>,
    /// Most queries in one `/match` request.
    pub max_queries: Option<usize>,
    /// Requests per second per API key.
    pub rate_limit: Option<u32>,
    /// Seconds between checks for new list versions.
    pub reload_interval: Option<u64>,
    /// Log one JSON line per request (only turns logging on).
    pub log_requests: bool,
    /// Four eyes in the workbench (only turns it on).
    pub four_eyes: bool,
    /// The single sign-on header.
    pub auth_proxy_header: Option<String>,
    /// The proxies it is believed from (added to the file's).
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

/// A comma-separated list in an environment variable (empty when unset).
fn env_list(name: &str) -> Vec<String> {
    std::env::var(name)
        .map(|v| {
            v.split(',')
                .map(|k| k.trim().to_string())
                .filter(|k| !k.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

impl Config {
    /// The settings a server runs with: the defaults, then `file` (see [`Config::apply_file`]),
    /// then the keys and host names of `overrides` together with those listed in
    /// `INTERDICT_API_KEYS`, `INTERDICT_ADMIN_KEYS` and `INTERDICT_ALLOWED_HOSTS`
    /// (comma-separated), then the rest of `overrides`; checked by [`Config::validate`].
    pub fn resolve(file: Option<&Path>, overrides: &Overrides) -> Result<Config, String> {
        let mut config = Config::default();
        if let Some(path) = file {
            config.apply_file(path)?;
        }
        let merged = |given: &[String], env: &str| -> Vec<String> {
            given.iter().cloned().chain(env_list(env)).collect()
        };
        let keys = merged(&overrides.api_keys, "INTERDICT_API_KEYS");
        if !keys.is_empty() {
            config.api_keys = keys;
        }
        let admin = merged(&overrides.admin_keys, "INTERDICT_ADMIN_KEYS");
        if !admin.is_empty() {
            config.admin_keys = admin;
        }
        let hosts = merged(&overrides.allowed_hosts, "INTERDICT_ALLOWED_HOSTS");
        if !hosts.is_empty() {
            config.allowed_hosts = hosts;
        }
        if let Some(b) = overrides.bind {
            config.bind = b;
        }
        if let Some(v) = overrides.max_body_bytes {
            config.max_body_bytes = v;
        }
        if let Some(v) = overrides.max_queries {
            config.max_queries = v;
        }
        if let Some(v) = overrides.rate_limit {
            config.rate_limit = v;
        }
        if let Some(v) = overrides.reload_interval {
            config.reload_interval = v;
        }
        config.log_requests |= overrides.log_requests;
        config.four_eyes |= overrides.four_eyes;
        if let Some(h) = &overrides.auth_proxy_header {
            config.auth_proxy_header = Some(h.clone());
        }
        config
            .trusted_proxies
            .extend(overrides.trusted_proxies.iter().copied());
        config.validate()?;
        Ok(config)
    }
}
