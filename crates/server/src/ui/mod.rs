//! The analyst's workbench: server-rendered HTML pages under `/ui/` for searching the lists,
//! reading a listed party, working the alert queue, reviewing an alert side by side and
//! deciding it — with four eyes when the server runs with `--four-eyes`.
//!
//! Why server-rendered pages (maud templates) and a few hundred bytes of script rather than a
//! compiled front end: the pages are forms and tables over data the server already holds;
//! rendering them where the data is needs no JSON layer of its own, no build toolchain and
//! no bundle to audit, keeps every asset inside the one binary, and lets a strict
//! Content-Security-Policy (`default-src 'none'`, scripts and styles from this origin only,
//! no inline code) hold without exceptions. The script only adds keyboard shortcuts: every
//! page works without it. docs/architecture.md records the choice.
//!
//! Every page needs a viewer ([`session`]): a logged-in user, a user named by a trusted
//! proxy, or — on a loopback server without users — the local user. Every form that changes
//! something carries the session's CSRF token and is refused without it; the server's
//! `Origin` check applies as well.

mod alerts;
mod assets;
mod layout;
mod lists;
mod login;
mod search;
pub(crate) mod session;

use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use session::{Found, Viewer};
use std::net::SocketAddr;
use std::sync::Arc;

/// The workbench's routes, with their security headers and viewer check.
pub(crate) fn router(state: Arc<AppState>) -> Router<Arc<AppState>> {
    let pages = Router::new()
        .route("/ui/", get(search::search_page))
        .route("/ui/search", get(search::search_page))
        .route("/ui/entities/{id}", get(search::entity_page))
        .route("/ui/alerts", get(alerts::queue_page))
        .route("/ui/alerts/{id}", get(alerts::review_page))
        .route("/ui/alerts/{id}/audit.csv", get(alerts::alert_audit_csv))
        .route("/ui/alerts/{id}/claim", post(alerts::claim))
        .route("/ui/alerts/{id}/release", post(alerts::release))
        .route("/ui/alerts/{id}/decide", post(alerts::decide))
        .route("/ui/proposals/{id}/approve", post(alerts::approve))
        .route("/ui/proposals/{id}/return", post(alerts::return_proposal))
        .route("/ui/audit.csv", get(alerts::audit_csv))
        .route("/ui/lists", get(lists::lists_page))
        .route("/ui/lists/{list}/changes", get(lists::changes_page))
        .route("/ui/validation/latest.html", get(lists::latest_report))
        .route("/ui/logout", post(login::logout))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            require_viewer,
        ));
    Router::new()
        .route("/ui", get(|| async { Redirect::to("/ui/") }))
        .route("/ui/login", get(login::login_page).post(login::login))
        .route("/ui/assets/app.css", get(assets::css))
        .route("/ui/assets/app.js", get(assets::js))
        .route("/ui/assets/icon.svg", get(assets::icon))
        .merge(pages)
        .route_layer(middleware::from_fn_with_state(
            state,
            crate::guard::check_origin,
        ))
        .route_layer(middleware::from_fn(security_headers))
}

/// The peer's address, which the listener adds to every request.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Peer(pub(crate) SocketAddr);

/// The peer of a request, when the listener recorded it.
pub(crate) fn peer_of(req: &Request) -> Option<SocketAddr> {
    req.extensions().get::<Peer>().map(|p| p.0)
}

/// Finds the viewer (or sends the browser to the login page) and hands them to the page; a
/// session made for this request is set as a cookie on the way out.
async fn require_viewer(
    State(state): State<Arc<AppState>>,
    mut req: Request,
    next: Next,
) -> Response {
    let peer = peer_of(&req);
    match state.sessions.find(&state, req.headers(), peer) {
        Found::Viewer(viewer, new_cookie) => {
            req.extensions_mut().insert(viewer);
            let mut response = next.run(req).await;
            if let Some(token) = new_cookie {
                if let Ok(v) = HeaderValue::from_str(&session::set_cookie(&token)) {
                    response.headers_mut().append(header::SET_COOKIE, v);
                }
            }
            response
        }
        Found::Nobody if req.method() == axum::http::Method::GET => {
            let back = req.uri().path_and_query().map_or("/ui/", |p| p.as_str());
            let to = format!(
                "/ui/login?next={}",
                percent_encoding::utf8_percent_encode(back, percent_encoding::NON_ALPHANUMERIC)
            );
            Redirect::to(&to).into_response()
        }
        Found::Nobody => layout::error_page(
            StatusCode::UNAUTHORIZED,
            "Your session has ended: log in again.",
        ),
        Found::Refused(why) => layout::error_page(StatusCode::FORBIDDEN, &why),
    }
}

/// The Content-Security-Policy of every workbench page: nothing but this origin's own
/// script and style, no inline code, no framing, forms only to this origin.
pub(crate) const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
    base-uri 'none'";

async fn security_headers(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    // A page that sets its own (stricter in kind: the sandboxed report) keeps it.
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        // Not "no-referrer": with it browsers send `Origin: null` on the pages' own form
        // posts, which the Origin check must refuse. "same-origin" tells other sites
        // nothing.
        (header::REFERRER_POLICY, "same-origin"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        h.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// A form's CSRF token checked against the viewer's session: the refusal page when it is
/// missing or wrong.
pub(crate) fn refuse_csrf(viewer: &Viewer, given: Option<&str>) -> Option<Response> {
    match given {
        Some(t) if session::csrf_ok(viewer, t) => None,
        _ => Some(layout::error_page(
            StatusCode::FORBIDDEN,
            "This form was refused: its security token is missing or out of date (CSRF \
             protection). Reload the page and try again.",
        )),
    }
}

/// `/` for a browser: the workbench.
pub(crate) async fn root(req: Request) -> Response {
    let wants_html = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    if wants_html {
        Redirect::to("/ui/").into_response()
    } else {
        crate::error::ApiError(
            StatusCode::NOT_FOUND,
            "no such route; the workbench is at /ui/, the API is described at /docs and /openapi.json".into(),
        )
        .into_response()
    }
}
