//! API keys: which key a request presents, compared in constant time, and the middleware that
//! requires one (and applies its rate limit).

use crate::error::ApiError;
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The key a request presents: `Authorization: ApiKey <key>` (as OpenSanctions' API),
/// `Authorization: Bearer <key>`, or `X-Api-Key: <key>`.
pub(crate) fn presented_key(headers: &HeaderMap) -> Option<String> {
    if let Some(v) = headers.get("x-api-key").and_then(|v| v.to_str().ok()) {
        return Some(v.trim().to_string());
    }
    let auth = headers.get("authorization")?.to_str().ok()?.trim();
    let (scheme, key) = auth.split_once(' ')?;
    matches!(scheme.to_ascii_lowercase().as_str(), "apikey" | "bearer")
        .then(|| key.trim().to_string())
}

/// Constant-time comparison, so a key cannot be guessed from response times.
pub(crate) fn same_key(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub(crate) async fn require_key(
    State(state): State<Arc<AppState>>,
    req: Request,
    next: Next,
) -> Response {
    let keys = &state.config().api_keys;
    if keys.is_empty() {
        return next.run(req).await;
    }
    let reconcile = req.uri().path().starts_with("/reconcile/");
    // (key in the query, is the manifest): read before the request moves on.
    let (query_key, manifest) = if reconcile {
        let q = crate::params::Params::parse(req.uri().query().map(str::to_string)).ok();
        let key = q
            .as_ref()
            .and_then(|q| q.one("api_key"))
            .map(|k| k.trim().to_string());
        let manifest = req.method() == axum::http::Method::GET
            && req.uri().path().matches('/').count() == 2
            && q.is_some_and(|q| q.one("queries").is_none() && q.one("extend").is_none());
        (key, manifest)
    } else {
        (None, false)
    };
    // The reconciliation manifest says how to send a key: a client reads it before it has
    // one, so it is answered without.
    if manifest {
        return next.run(req).await;
    }
    // OpenRefine sends a key only as the `api_key` query parameter (as the manifest's
    // `authentication` says): accepted on the reconciliation routes alone.
    let presented = presented_key(req.headers()).or(query_key);
    match presented {
        None => ApiError(
            StatusCode::UNAUTHORIZED,
            "an API key is required: send `Authorization: ApiKey <key>` (or, to the \
             reconciliation routes, `?api_key=<key>`)"
                .into(),
        )
        .into_response(),
        Some(k) if keys.iter().any(|good| same_key(good, &k)) => match state.limiter.check(&k) {
            Ok(()) => next.run(req).await,
            Err(wait) => {
                let mut r = ApiError(
                    StatusCode::TOO_MANY_REQUESTS,
                    format!(
                        "rate limit of {} requests per second for this key exceeded; retry in {:.2} s",
                        state.config().rate_limit,
                        wait
                    ),
                )
                .into_response();
                if let Ok(v) =
                    axum::http::HeaderValue::from_str(&(wait.ceil() as u64).max(1).to_string())
                {
                    r.headers_mut().insert("retry-after", v);
                }
                r
            }
        },
        Some(_) => {
            ApiError(StatusCode::FORBIDDEN, "this API key is not valid".into()).into_response()
        }
    }
}
