//! Who is using the workbench: logins against the users file, sessions in HttpOnly,
//! SameSite=Strict cookies, a CSRF token per session for every form, a limit on failed
//! logins, single sign-on by a trusted reverse proxy's header, and the single local user of
//! a loopback server without users.
//!
//! Sessions live in memory: a restart logs everyone out, which is the safe direction, and
//! nothing about a session needs to outlive the process. A session ends after
//! [`IDLE`] without a request or [`LIFETIME`] in all; a user removed from the users file
//! loses their sessions at their next request.

use crate::AppState;
use axum::http::{header, HeaderMap};
use interdict_store::users::{Role, Users};
use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

/// The session cookie's name.
pub(crate) const COOKIE: &str = "interdict_session";
/// A session ends after this long without a request.
pub(crate) const IDLE: Duration = Duration::from_secs(30 * 60);
/// A session ends this long after login, however busy.
pub(crate) const LIFETIME: Duration = Duration::from_secs(10 * 60 * 60);
/// Failed logins allowed for one user name within [`FAILURE_WINDOW`].
pub(crate) const MAX_FAILURES: usize = 5;
/// Failed logins allowed from one address within [`FAILURE_WINDOW`] (several people may
/// share an address behind a proxy or NAT).
pub(crate) const MAX_FAILURES_PER_ADDRESS: usize = 20;

/// The window failed logins are counted in.
pub(crate) const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// The most sessions kept at once (the oldest idle ones go first): memory stays bounded
/// whatever a client does.
const MAX_SESSIONS: usize = 10_000;
/// The name of the one user of a loopback server without a users file.
pub(crate) const LOCAL_USER: &str = "local";

/// The user a request is from.
#[derive(Debug, Clone)]
pub(crate) struct Viewer {
    /// Their name, as decisions record it.
    pub(crate) name: String,
    /// Their role.
    pub(crate) role: Role,
    /// The token every form of their session carries.
    pub(crate) csrf: String,
    /// How they came in.
    pub(crate) via: Via,
}

/// How a viewer was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Via {
    /// A password login.
    Password,
    /// The trusted proxy's header.
    Proxy,
    /// The local user of a loopback server without users.
    Local,
}

struct Session {
    name: String,
    via: Via,
    csrf: String,
    started: Instant,
    seen: Instant,
}

/// The workbench's users, sessions and failed logins.
pub(crate) struct Sessions {
    users_file: Option<PathBuf>,
    /// The users file as last read, with its modification time: re-read when it changes,
    /// so `interdict users add/remove` take effect without a restart.
    users: Mutex<(Option<SystemTime>, Users)>,
    sessions: Mutex<HashMap<String, Session>>,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
    /// Password checks at once.
    logins: tokio::sync::Semaphore,
}

/// Password checks that may run at once.
const CONCURRENT_LOGINS: usize = 2;
/// The most addresses and names whose failed logins are remembered: past it, new ones are
/// not (memory stays bounded; those already counted stay counted).
const MAX_FAILURE_KEYS: usize = 100_000;

/// What a session lookup found.
pub(crate) enum Found {
    /// A viewer, and the session cookie to set when one was made for this request.
    Viewer(Viewer, Option<String>),
    /// Nobody: a login is needed.
    Nobody,
    /// Nobody may use the workbench this way; the reason, for the page.
    Refused(String),
}

impl Sessions {
    /// Sessions with no users file: the local user on loopback only.
    pub(crate) fn empty() -> Sessions {
        Sessions {
            users_file: None,
            users: Mutex::new((None, Users::empty())),
            sessions: Mutex::new(HashMap::new()),
            failures: Mutex::new(HashMap::new()),
            logins: tokio::sync::Semaphore::new(CONCURRENT_LOGINS),
        }
    }

    /// Sessions for the users in `users_file` (none: the local user on loopback only).
    pub(crate) fn new(users_file: Option<PathBuf>) -> Result<Sessions, String> {
        let users = match &users_file {
            Some(p) => Users::read(p).map_err(|e| e.to_string())?,
            None => Users::empty(),
        };
        let mtime = users_file.as_deref().and_then(modified);
        Ok(Sessions {
            users_file,
            users: Mutex::new((mtime, users)),
            sessions: Mutex::new(HashMap::new()),
            failures: Mutex::new(HashMap::new()),
            logins: tokio::sync::Semaphore::new(CONCURRENT_LOGINS),
        })
    }

    /// A turn to check a password (see [`CONCURRENT_LOGINS`]).
    pub(crate) async fn login_turn(
        &self,
    ) -> Result<tokio::sync::SemaphorePermit<'_>, tokio::sync::AcquireError> {
        self.logins.acquire().await
    }

    /// The users file now (re-read if it changed since).
    pub(crate) fn users(&self) -> Users {
        let mut kept = lock(&self.users);
        if let Some(path) = &self.users_file {
            let now = modified(path);
            if now != kept.0 {
                match Users::read(path) {
                    Ok(u) => *kept = (now, u),
                    // A damaged file keeps the users last read, and says so.
                    Err(e) => eprintln!(
                        "{{\"event\":\"users_file_unreadable\",\"error\":{}}}",
                        serde_json::json!(e.to_string())
                    ),
                }
            }
        }
        kept.1.clone()
    }

    /// Who sent a request with `headers` from `peer`.
    pub(crate) fn find(
        &self,
        state: &AppState,
        headers: &HeaderMap,
        peer: Option<SocketAddr>,
    ) -> Found {
        let config = state.config();
        let users = self.users();
        let cookie = session_cookie(headers);
        // Single sign-on: the proxy's header, believed only from the proxy's addresses.
        if let Some(h) = &config.auth_proxy_header {
            let from_proxy = peer.is_some_and(|p| config.trusted_proxies.contains(&p.ip()));
            if let Some(name) = headers.get(h.as_str()).and_then(|v| v.to_str().ok()) {
                let name = name.trim();
                if !from_proxy {
                    return Found::Refused(format!(
                        "the {h} header is accepted only from the trusted proxies \
                         (--trusted-proxy); this request came from {}",
                        peer.map_or("an unknown address".to_string(), |p| p.ip().to_string())
                    ));
                }
                if name.chars().count() > 128 || name.chars().any(char::is_control) {
                    return Found::Refused(format!("the {h} header does not hold a user name"));
                }
                if !name.is_empty() {
                    let role = users.get(name).map_or(Role::Analyst, |u| u.role);
                    return self.viewer_for(cookie.as_deref(), name, role, Via::Proxy);
                }
            }
        }
        if let Some(token) = cookie.as_deref() {
            let mut sessions = lock(&self.sessions);
            let now = Instant::now();
            if let Some(s) = sessions.get_mut(token) {
                let alive =
                    now.duration_since(s.seen) < IDLE && now.duration_since(s.started) < LIFETIME;
                let role = match s.via {
                    Via::Password => users.get(&s.name).map(|u| u.role),
                    Via::Local => users.is_empty().then_some(Role::Admin),
                    Via::Proxy => None, // a proxy user's requests carry the header
                };
                if let (true, Some(role)) = (alive, role) {
                    s.seen = now;
                    return Found::Viewer(
                        Viewer {
                            name: s.name.clone(),
                            role,
                            csrf: s.csrf.clone(),
                            via: s.via,
                        },
                        None,
                    );
                }
                sessions.remove(token);
            }
        }
        if users.is_empty() && config.auth_proxy_header.is_none() {
            let local =
                config.bind.ip().is_loopback() && peer.is_some_and(|p| p.ip().is_loopback());
            if local {
                return self.viewer_for(None, LOCAL_USER, Role::Admin, Via::Local);
            }
            return Found::Refused(
                "this server has no workbench users and is not on loopback: add users with \
                 `interdict users add NAME --role analyst --password-stdin` (or configure \
                 single sign-on with --auth-proxy-header)"
                    .into(),
            );
        }
        Found::Nobody
    }

    /// The viewer `name`, in the session of `cookie` if it is theirs, else in a new one.
    fn viewer_for(&self, cookie: Option<&str>, name: &str, role: Role, via: Via) -> Found {
        let mut sessions = lock(&self.sessions);
        if let Some(s) = cookie
            .and_then(|c| sessions.get_mut(c))
            .filter(|s| s.name == name && s.via == via)
        {
            s.seen = Instant::now();
            return Found::Viewer(
                Viewer {
                    name: name.to_string(),
                    role,
                    csrf: s.csrf.clone(),
                    via,
                },
                None,
            );
        }
        drop(sessions);
        match self.start(name, via) {
            Some((token, csrf)) => Found::Viewer(
                Viewer {
                    name: name.to_string(),
                    role,
                    csrf,
                    via,
                },
                Some(token),
            ),
            None => Found::Refused("no random numbers for a session; try again".into()),
        }
    }

    /// Starts a session for `name`; returns its token and CSRF token.
    fn start(&self, name: &str, via: Via) -> Option<(String, String)> {
        let token = random_token()?;
        let csrf = random_token()?;
        let now = Instant::now();
        let mut sessions = lock(&self.sessions);
        sessions.retain(|_, s| {
            now.duration_since(s.seen) < IDLE && now.duration_since(s.started) < LIFETIME
        });
        if sessions.len() >= MAX_SESSIONS {
            if let Some(oldest) = sessions
                .iter()
                .min_by_key(|(_, s)| s.seen)
                .map(|(k, _)| k.clone())
            {
                sessions.remove(&oldest);
            }
        }
        sessions.insert(
            token.clone(),
            Session {
                name: name.to_string(),
                via,
                csrf: csrf.clone(),
                started: now,
                seen: now,
            },
        );
        Some((token, csrf))
    }

    /// Checks a password login from `peer`: the session token on success; otherwise what to
    /// tell the user (the same words for an unknown name as for a wrong password).
    pub(crate) fn login(
        &self,
        name: &str,
        password: &str,
        peer: Option<SocketAddr>,
    ) -> Result<String, LoginRefused> {
        let keys = [
            format!(
                "addr:{}",
                peer.map_or(IpAddr::from([0, 0, 0, 0]), |p| p.ip())
            ),
            format!("user:{}", name.to_ascii_lowercase()),
        ];
        if let Some(wait) = self.locked_out(&keys) {
            return Err(LoginRefused::TooMany(wait));
        }
        let users = self.users();
        if users.verify(name, password).is_none() {
            self.fail(&keys);
            return Err(LoginRefused::Wrong);
        }
        self.start(name, Via::Password)
            .map(|(token, _)| token)
            .ok_or(LoginRefused::Wrong)
    }

    /// Ends the session of `headers`' cookie.
    pub(crate) fn logout(&self, headers: &HeaderMap) {
        if let Some(token) = session_cookie(headers) {
            lock(&self.sessions).remove(&token);
        }
    }

    /// How long until another login may be tried, if any of `keys` failed too often.
    fn locked_out(&self, keys: &[String]) -> Option<Duration> {
        let mut failures = lock(&self.failures);
        let now = Instant::now();
        keys.iter()
            .filter_map(|k| {
                let q = failures.get_mut(k)?;
                while q
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= FAILURE_WINDOW)
                {
                    q.pop_front();
                }
                (q.len() >= allowed(k))
                    .then(|| q.front().map(|t| FAILURE_WINDOW - now.duration_since(*t)))?
            })
            .max()
    }

    fn fail(&self, keys: &[String]) {
        let mut failures = lock(&self.failures);
        let now = Instant::now();
        if failures.len() > MAX_SESSIONS {
            failures.retain(|_, q| {
                q.back()
                    .is_some_and(|t| now.duration_since(*t) < FAILURE_WINDOW)
            });
        }
        for k in keys {
            if failures.len() >= MAX_FAILURE_KEYS && !failures.contains_key(k) {
                continue;
            }
            let q = failures.entry(k.clone()).or_default();
            q.push_back(now);
            while q.len() > allowed(k) {
                q.pop_front();
            }
        }
    }
}

/// How many failures lock key `k` (`addr:…` or `user:…`) out.
fn allowed(k: &str) -> usize {
    if k.starts_with("addr:") {
        MAX_FAILURES_PER_ADDRESS
    } else {
        MAX_FAILURES
    }
}

/// Why a login was refused.
pub(crate) enum LoginRefused {
    /// Wrong name or password.
    Wrong,
    /// Too many failures; try again after this long.
    TooMany(Duration),
}

/// The `Set-Cookie` value for session `token`: HttpOnly (no script reads it), SameSite=Strict
/// (no other site's page sends it), Secure (browsers treat loopback as secure, so this
/// works on `http://localhost` too), for the workbench's paths only.
pub(crate) fn set_cookie(token: &str) -> String {
    format!(
        "{COOKIE}={token}; Path=/ui; HttpOnly; Secure; SameSite=Strict; Max-Age={}",
        LIFETIME.as_secs()
    )
}

/// The `Set-Cookie` value that ends the session cookie.
pub(crate) fn clear_cookie() -> String {
    format!("{COOKIE}=; Path=/ui; HttpOnly; Secure; SameSite=Strict; Max-Age=0")
}

fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// 32 random bytes as hex.
fn random_token() -> Option<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn modified(path: &std::path::Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// Whether `given` is the viewer's CSRF token (constant time).
pub(crate) fn csrf_ok(viewer: &Viewer, given: &str) -> bool {
    crate::auth::same_key(&viewer.csrf, given)
}
