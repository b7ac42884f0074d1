//! The login page, the login itself (rate-limited per address and per name) and logging out.

use super::layout::{error_page, page};
use super::session::{self, LoginRefused, Viewer};
use crate::AppState;
use axum::extract::{FromRequest, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use maud::html;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
pub(crate) struct Next {
    next: Option<String>,
}

/// The longest password a login checks (a longer one is refused unchecked).
const MAX_PASSWORD_CHARS: usize = 1024;

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    name: String,
    password: String,
    next: Option<String>,
}

/// Only a path of the workbench itself is a place to go back to after logging in.
fn safe_next(next: Option<&str>) -> String {
    // Printable ASCII only (the login page's own links are percent-encoded): a control
    // character could not be a Location header.
    next.filter(|n| {
        n.starts_with("/ui/")
            && !n.contains('\\')
            && n.len() <= 2048
            && n.bytes().all(|b| b.is_ascii_graphic())
    })
    .unwrap_or("/ui/")
    .to_string()
}

fn login_form(next: &str, message: Option<&str>) -> maud::Markup {
    html! {
        h1 { "Log in" }
        @if let Some(m) = message { p.error role="alert" { (m) } }
        form.search method="post" action="/ui/login" {
            input type="hidden" name="next" value=(next);
            label { "User name" input type="text" name="name" autocomplete="username" required autofocus; }
            label { "Password" input type="password" name="password" autocomplete="current-password" required; }
            button type="submit" { "Log in" }
        }
    }
}

pub(crate) async fn login_page(Query(q): Query<Next>) -> Response {
    page(
        "Log in",
        None,
        None,
        login_form(&safe_next(q.next.as_deref()), None),
    )
}

pub(crate) async fn login(State(state): State<Arc<AppState>>, req: Request) -> Response {
    let peer = super::peer_of(&req);
    let Ok(Form(f)) = <Form<LoginForm> as FromRequest<()>>::from_request(req, &()).await else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "The login form needs a user name and a password.",
        );
    };
    let next = safe_next(f.next.as_deref());
    if f.password.chars().count() > MAX_PASSWORD_CHARS || f.name.len() > 64 {
        let mut r = page(
            "Log in",
            None,
            None,
            login_form(&next, Some("Wrong user name or password.")),
        );
        *r.status_mut() = StatusCode::UNAUTHORIZED;
        return r;
    }
    // argon2 costs tens of milliseconds of a core and 19 MiB: a few at a time, so that a
    // flood of logins waits its turn instead of starving matching.
    let Ok(_turn) = state.sessions.login_turn().await else {
        return error_page(StatusCode::SERVICE_UNAVAILABLE, "The server is stopping.");
    };
    let s = state.clone();
    let (name, password) = (f.name.clone(), f.password.clone());
    // argon2 takes tens of milliseconds of one core: off the async threads.
    let result =
        tokio::task::spawn_blocking(move || s.sessions.login(&name, &password, peer)).await;
    match result {
        Ok(Ok(token)) => {
            let mut r = Redirect::to(&next).into_response();
            if let Ok(v) = HeaderValue::from_str(&session::set_cookie(&token)) {
                r.headers_mut().append(header::SET_COOKIE, v);
            }
            r
        }
        Ok(Err(LoginRefused::Wrong)) => {
            let mut r = page(
                "Log in",
                None,
                None,
                login_form(&next, Some("Wrong user name or password.")),
            );
            *r.status_mut() = StatusCode::UNAUTHORIZED;
            r
        }
        Ok(Err(LoginRefused::TooMany(wait))) => {
            let minutes = wait.as_secs().div_ceil(60).max(1);
            let mut r = error_page(
                StatusCode::TOO_MANY_REQUESTS,
                &format!("Too many failed logins. Try again in {minutes} minute(s)."),
            );
            if let Ok(v) = HeaderValue::from_str(&wait.as_secs().max(1).to_string()) {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
            r
        }
        Err(_) => error_page(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The login could not be checked.",
        ),
    }
}

#[derive(Deserialize)]
pub(crate) struct CsrfOnly {
    csrf: Option<String>,
}

pub(crate) async fn logout(
    State(state): State<Arc<AppState>>,
    Extension(viewer): Extension<Viewer>,
    headers: axum::http::HeaderMap,
    Form(f): Form<CsrfOnly>,
) -> Response {
    if let Some(refused) = super::refuse_csrf(&viewer, f.csrf.as_deref()) {
        return refused;
    }
    state.sessions.logout(&headers);
    let mut r = Redirect::to("/ui/login").into_response();
    if let Ok(v) = HeaderValue::from_str(&session::clear_cookie()) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}
