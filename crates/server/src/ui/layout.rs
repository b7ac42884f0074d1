//! The page shell every workbench page shares: head, navigation, the viewer, and the error
//! page.

use super::session::{Via, Viewer};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};

/// Which section of the navigation a page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    Search,
    Alerts,
    Lists,
}

/// A whole page: `title`, the navigation with `section` marked, and `body`.
pub(crate) fn page(
    title: &str,
    viewer: Option<&Viewer>,
    section: Option<Section>,
    body: Markup,
) -> Response {
    let nav = [
        (Section::Search, "/ui/search", "Search"),
        (Section::Alerts, "/ui/alerts", "Alerts"),
        (Section::Lists, "/ui/lists", "Lists"),
    ];
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · interdict" }
                link rel="stylesheet" href="/ui/assets/app.css";
                link rel="icon" href="/ui/assets/icon.svg" type="image/svg+xml";
                script src="/ui/assets/app.js" defer {}
            }
            body {
                header.top {
                    a.brand href="/ui/" { "interdict" }
                    @if let Some(v) = viewer {
                        nav aria-label="Main" {
                            @for (s, href, label) in nav {
                                @if section == Some(s) {
                                    a href=(href) aria-current="page" { (label) }
                                } @else {
                                    a href=(href) { (label) }
                                }
                            }
                        }
                        div.viewer {
                            span aria-label="Signed in as" { (v.name) " · " (v.role.name()) }
                            @if v.via == Via::Password {
                                form method="post" action="/ui/logout" {
                                    input type="hidden" name="csrf" value=(v.csrf);
                                    button type="submit" { "Log out" }
                                }
                            }
                        }
                    }
                }
                main id="main" { (body) }
            }
        }
    };
    Html(markup.into_string()).into_response()
}

/// An error page with `status` saying `message`.
pub(crate) fn error_page(status: StatusCode, message: &str) -> Response {
    let mut r = page(
        status.canonical_reason().unwrap_or("Error"),
        None,
        None,
        html! {
            h1 { (status.canonical_reason().unwrap_or("Error")) }
            p.error role="alert" { (message) }
            p { a href="/ui/" { "Back to the workbench" } }
        },
    );
    *r.status_mut() = status;
    r
}

/// A score as the pages write it, with the class its band gets.
pub(crate) fn score(s: f64) -> Markup {
    let band = if s >= 0.9 {
        "high"
    } else if s >= 0.8 {
        "mid"
    } else {
        "low"
    };
    html! { span class={"score " (band)} { (format!("{s:.2}")) } }
}
