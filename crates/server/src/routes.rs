//! Every route and the layers around them: host check, body limits, request time,
//! authentication, metrics; and the operational routes (health, readiness, metrics).

use crate::answers::{Health, Readiness};
use crate::auth::require_key;
use crate::describe::{algorithms, catalog};
use crate::error::ApiError;
use crate::yente::{adjacent, adjacent_property, entity, match_entities, search};
use crate::AppState;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use std::sync::Arc;

/// Largest list upload: official list files run to tens of megabytes.
const ADMIN_BODY_LIMIT: usize = 512 << 20;

/// All routes, with authentication and the body limit.
pub fn router(state: Arc<AppState>) -> Router {
    let limit = state.config().max_body_bytes;
    let protected = Router::new()
        .route("/match/{dataset}", post(match_entities))
        .route("/search/{dataset}", get(search))
        .route("/entities/{id}", get(entity))
        .route("/entities/{id}/adjacent", get(adjacent))
        .route("/entities/{id}/adjacent/{prop}", get(adjacent_property))
        .route("/ownership/{id}", get(crate::ownership::verdicts))
        .route("/goods", post(crate::goods::check))
        .route("/catalog", get(catalog))
        .route("/algorithms", get(algorithms))
        .route("/metrics", get(metrics))
        .route("/alerts", get(crate::alerts::list))
        .route("/alerts/{id}", get(crate::alerts::show))
        .route(
            "/alerts/{id}/decisions",
            post(crate::alerts::decide)
                .layer(middleware::from_fn(crate::guard::require_json))
                .layer(middleware::from_fn_with_state(
                    state.clone(),
                    crate::guard::check_origin,
                )),
        )
        .route(
            "/reconcile/{dataset}",
            get(crate::reconcile::get).post(crate::reconcile::post),
        )
        .route(
            "/reconcile/{dataset}/suggest/entity",
            get(crate::reconcile::suggest),
        )
        .route(
            "/reconcile/{dataset}/suggest/property",
            get(crate::reconcile::suggest_property),
        )
        .route(
            "/reconcile/{dataset}/extend/propose",
            get(crate::reconcile::propose),
        )
        .route(
            "/reconcile/{dataset}/preview",
            get(crate::reconcile::preview),
        )
        .route_layer(middleware::from_fn_with_state(state.clone(), require_key));
    let admin = Router::new()
        .route(
            "/admin/import",
            post(crate::admin::import).layer(DefaultBodyLimit::max(ADMIN_BODY_LIMIT)),
        )
        .route("/admin/reload", post(crate::admin::reload_route))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            crate::admin::require_admin,
        ))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            crate::guard::check_origin,
        ));
    Router::new()
        .route("/", get(crate::ui::root))
        .merge(crate::ui::router(state.clone()))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route(
            "/openapi.json",
            get(|| async { Json(crate::openapi::document()) }),
        )
        .route(
            "/docs",
            get(|| async { axum::response::Html(crate::openapi::page()) }),
        )
        .merge(protected)
        .merge(admin)
        // After routing, so the route pattern is known; outside the key check, so refused
        // requests are counted too.
        .route_layer(middleware::from_fn_with_state(state.clone(), observe))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(limit))
        .layer(middleware::from_fn_with_state(state.clone(), edge))
        .with_state(state)
}

/// What every request passes first and every response last (one layer: each layer costs
/// every request a boxed future):
/// - a `Host` this server does not answer to is refused ([`crate::guard`]);
/// - a body whose declared length is over the route's limit is refused before it is read,
///   so a client that sent `Expect: 100-continue` gets 413 instead of "100 Continue" and an
///   upload it would be refused anyway;
/// - an error the framework answered in plain text (a path segment that is not UTF-8, a
///   malformed multipart boundary) becomes the documented `{"detail": …}` JSON;
/// - a request's time, body included, is bounded, so that a client sending its body a byte
///   at a time cannot hold a connection (admin uploads of large list files are exempt).
async fn edge(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    if let Some(refused) = crate::guard::refuse_host(&state, req.headers()) {
        return refused;
    }
    // The reconciliation API is called from web pages of other origins (OpenRefine's, a
    // notebook's): the protocol requires CORS. Preflights are answered here, before the
    // key check (a browser sends no key with them); every answer carries the header.
    if req.uri().path().starts_with("/reconcile/") {
        if req.method() == axum::http::Method::OPTIONS {
            return cors(StatusCode::NO_CONTENT.into_response());
        }
        let response = edge_inner(state, req, next).await;
        return cors(response);
    }
    edge_inner(state, req, next).await
}

/// Adds the CORS headers of a public, read-only API: any origin, no credentials (keys go
/// in a header, never in cookies).
fn cors(mut response: Response) -> Response {
    const HEADERS: [(header::HeaderName, &str); 4] = [
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        (header::ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS"),
        (
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            "Content-Type, X-Api-Key, Authorization",
        ),
        (header::ACCESS_CONTROL_MAX_AGE, "86400"),
    ];
    for (name, value) in HEADERS {
        response
            .headers_mut()
            .insert(name, header::HeaderValue::from_static(value));
    }
    response
}

/// [`edge`] after the host check and CORS.
async fn edge_inner(state: Arc<AppState>, req: Request, next: Next) -> Response {
    let admin = req.uri().path().starts_with("/admin/");
    let limit = if req.uri().path().starts_with("/admin/import") {
        ADMIN_BODY_LIMIT
    } else {
        state.config().max_body_bytes
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if let Some(len) = declared.filter(|len| *len > limit as u64) {
        return ApiError(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the body is {len} bytes; at most {limit} are accepted"),
        )
        .into_response();
    }
    let response = if admin {
        next.run(req).await
    } else {
        let time = std::time::Duration::from_secs(state.config().request_timeout_secs.max(1));
        match tokio::time::timeout(time, next.run(req)).await {
            Ok(r) => r,
            Err(_) => ApiError(
                StatusCode::REQUEST_TIMEOUT,
                format!("the request took longer than {} s", time.as_secs()),
            )
            .into_response(),
        }
    };
    let status = response.status();
    // JSON errors are already the API's; the workbench's error pages are HTML for people.
    let answered = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json") || v.starts_with("text/html"));
    if !(status.is_client_error() || status.is_server_error()) || answered {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 64 << 10)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let detail = if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_string()
    } else {
        text
    };
    let mut wrapped = ApiError(status, detail).into_response();
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            wrapped.headers_mut().insert(name.clone(), value.clone());
        }
    }
    wrapped
}

async fn not_found() -> ApiError {
    ApiError(
        StatusCode::NOT_FOUND,
        "no such route; the routes are listed at /docs and /openapi.json".into(),
    )
}

/// Counts every request by route pattern and status, with its latency, and logs it.
async fn observe(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let method = req.method().clone();
    let started = std::time::Instant::now();
    let res = next.run(req).await;
    let elapsed = started.elapsed();
    state.metrics.record(&route, res.status().as_u16(), elapsed);
    if state.config().log_requests {
        eprintln!(
            "{{\"event\":\"request\",\"method\":\"{method}\",\"route\":{},\"status\":{},\"ms\":{:.3}}}",
            json!(route),
            res.status().as_u16(),
            elapsed.as_secs_f64() * 1000.0
        );
    }
    res
}

async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    let loaded = state.loaded();
    let lists: Vec<crate::ops::ListGauge> = loaded
        .lists
        .iter()
        .map(|l| crate::ops::ListGauge {
            list: l.list.clone(),
            entities: l.total as u64,
            published_unix: l.published_unix(),
        })
        .collect();
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4",
        )],
        state.metrics.render(&lists, interdict_store::unix_now()),
    )
        .into_response()
}

async fn healthz() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
    })
}

async fn readyz(State(state): State<Arc<AppState>>) -> Response {
    let loaded = state.loaded();
    if loaded.index.is_empty() {
        return ApiError(StatusCode::SERVICE_UNAVAILABLE, "no list loaded".into()).into_response();
    }
    Json(Readiness {
        status: "ok".into(),
        entities: loaded.index.entities().len(),
        names: loaded.index.len(),
        lists: loaded.lists.iter().map(|l| l.list.clone()).collect(),
    })
    .into_response()
}
