//! What protects a server that a browser can reach: the `Host` a request names, the
//! `Origin` of a request that changes state, and the content type it declares.
//!
//! A keyless server on loopback trusts whoever can open a connection to it — the analyst's
//! own programs. A web page the analyst visits can open such connections too, in two ways
//! this module closes (docs/security.md):
//! - **Cross-site requests.** A page may send a "simple" `POST` (`Content-Type: text/plain`,
//!   no custom headers, no preflight) to `127.0.0.1:8000`. It cannot read the answer, but it
//!   could record a decision. Requests that change state must therefore be
//!   `application/json` (which a cross-site page can only send after a CORS preflight that
//!   this server never grants) and must not carry another site's `Origin`.
//! - **DNS rebinding.** A page on `evil.example` whose name is re-pointed at 127.0.0.1 can
//!   read answers, because the browser thinks it talks to its own site; but it names
//!   `evil.example` in `Host`. A request is answered only when its `Host` is a name this
//!   server answers to: loopback names when bound to loopback, plus `allowed_hosts`.

use crate::error::ApiError;
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The host part of a `Host` header or an origin's authority: without port, without IPv6
/// brackets (compare it without regard to case).
fn host_name(authority: &str) -> &str {
    let a = authority.trim();
    if let Some(rest) = a.strip_prefix('[') {
        return rest.split(']').next().unwrap_or("");
    }
    match a.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => a,
    }
}

/// Whether a request naming `host` is one this server answers (checked on every request:
/// it allocates nothing).
pub(crate) fn host_allowed(state: &AppState, host: &str) -> bool {
    let name = host_name(host);
    let cfg = state.config();
    if cfg
        .allowed_hosts
        .iter()
        .any(|h| host_name(h).eq_ignore_ascii_case(name))
    {
        return true;
    }
    let bind = cfg.bind.ip();
    if name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip == bind) {
        return true;
    }
    if bind.is_loopback() {
        let local = |n: &str| name.eq_ignore_ascii_case(n);
        return local("localhost")
            || local("127.0.0.1")
            || local("::1")
            || name
                .len()
                .checked_sub(".localhost".len())
                .and_then(|at| name.get(at..))
                .is_some_and(|tail| tail.eq_ignore_ascii_case(".localhost"));
    }
    // Bound to a public or wildcard address, API keys guard every route; without a list
    // of names, any Host is answered.
    cfg.allowed_hosts.is_empty()
}

/// The refusal for a request whose `Host` this server does not answer to (DNS rebinding),
/// or `None`. Requests without `Host` (HTTP/1.0 tools) pass: browsers always send it.
pub(crate) fn refuse_host(state: &AppState, headers: &axum::http::HeaderMap) -> Option<Response> {
    let host = headers.get(header::HOST)?;
    if host.to_str().is_ok_and(|h| host_allowed(state, h)) {
        return None;
    }
    let shown = String::from_utf8_lossy(host.as_bytes()).into_owned();
    Some(
        ApiError(
            StatusCode::MISDIRECTED_REQUEST,
            format!(
                "this server does not answer to Host {shown:?}; if that is its real name, add \
                 it to allowed_hosts (--allowed-host or INTERDICT_ALLOWED_HOSTS)"
            ),
        )
        .into_response(),
    )
}

/// For routes that change state (decisions, imports, reloads): refuses a request whose
/// `Origin` is another site's.
pub async fn check_origin(
    State(state): State<Arc<AppState>>,
    req: Request,
    next: Next,
) -> Response {
    if let Some(origin) = req.headers().get(header::ORIGIN) {
        let authority = origin
            .to_str()
            .ok()
            .and_then(|o| o.split_once("://").map(|(_, a)| a.to_string()));
        if !authority.is_some_and(|a| host_allowed(&state, &a)) {
            return ApiError(
                StatusCode::FORBIDDEN,
                format!(
                    "refused: a request from Origin {:?} may not change state on this server",
                    String::from_utf8_lossy(origin.as_bytes())
                ),
            )
            .into_response();
        }
    }
    next.run(req).await
}

/// For routes whose body is JSON and that change state without a key (decisions): refuses a
/// body not declared `application/json`, which a cross-site page cannot send unpreflighted.
pub async fn require_json(req: Request, next: Next) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
    if declared.as_deref() != Some("application/json") {
        return ApiError(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "a request that changes state must be sent as Content-Type: application/json \
                 (got {})",
                declared.map_or("none".to_string(), |j| format!("{j:?}"))
            ),
        )
        .into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::host_name;

    #[test]
    fn host_names_without_ports() {
        assert_eq!(host_name("LocalHost:8000"), "LocalHost");
        assert_eq!(host_name("127.0.0.1"), "127.0.0.1");
        assert_eq!(host_name("[::1]:8000"), "::1");
        assert_eq!(host_name("evil.example:8000"), "evil.example");
    }
}
