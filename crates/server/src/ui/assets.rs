//! The workbench's style sheet, script and icon, embedded in the binary.

use axum::http::header;
use axum::response::IntoResponse;

const CSS: &str = include_str!("app.css");
const JS: &str = include_str!("app.js");
const ICON: &str = include_str!("icon.svg");

pub(crate) async fn css() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS)
}

pub(crate) async fn js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        JS,
    )
}

pub(crate) async fn icon() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "image/svg+xml")], ICON)
}
