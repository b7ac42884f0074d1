//! The lists page: every loaded list's version, publication date and age (stale lists
//! flagged), its counts and what its parser reported.

use super::layout::{page, Section};
use super::session::Viewer;
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use maud::html;
use std::sync::Arc;

/// A list published longer ago than this is flagged as stale.
pub(crate) const STALE_DAYS: i64 = 30;

pub(crate) async fn lists_page(
    State(state): State<Arc<AppState>>,
    Extension(viewer): Extension<Viewer>,
) -> Response {
    let loaded = state.loaded();
    let today = interdict_store::today();
    // Each list's active version against the one before it (when the store has one).
    let changes: Vec<Option<(u32, usize, usize, usize)>> = match state.store.as_ref() {
        Some(store) => {
            let store = store.clone();
            let lists: Vec<(String, u32)> = loaded
                .lists
                .iter()
                .map(|l| (l.list.clone(), l.version))
                .collect();
            tokio::task::spawn_blocking(move || {
                lists
                    .iter()
                    .map(|(list, version)| {
                        let (old, _, d) = store.diff(list, None, Some(*version)).ok()?;
                        Some((old, d.added.len(), d.removed.len(), d.changed.len()))
                    })
                    .collect()
            })
            .await
            .unwrap_or_default()
        }
        None => Vec::new(),
    };
    let latest = state
        .store
        .as_ref()
        .and_then(|s| std::fs::read_to_string(s.root().join("validation/latest.json")).ok())
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
    let pct = |v: &serde_json::Value| {
        v.as_f64()
            .map_or("—".to_string(), |x| format!("{:.1} %", x * 100.0))
    };
    let num = |v: &serde_json::Value| v.as_f64().map_or("—".to_string(), |x| format!("{x:.2}"));
    let body = html! {
        h1 { "Lists in service" }
        table aria-label="Lists" {
            thead { tr { th { "List" } th { "Version" } th { "Published" } th { "Imported" } th { "Parties" } th { "Entities" } th { "Origin" } th { "Since the version before" } th { "Parser notes" } } }
            tbody {
                @for (i, l) in loaded.lists.iter().enumerate() {
                    @let age = l.published.and_then(|p| interdict_store::days_between(p, today));
                    tr {
                        td { (l.list) }
                        td { (l.version) }
                        td {
                            (l.published.map(|p| p.to_string()).unwrap_or_else(|| "not stated".into()))
                            @if let Some(a) = age {
                                br;
                                @if a > STALE_DAYS { span.stale { (a) " days old: check for a newer version" } }
                                @else { span.muted { (a) " days old" } }
                            }
                        }
                        td { (l.imported_at) }
                        td { (l.parties()) }
                        td { (l.total) }
                        td { (l.origin) }
                        td { @match changes.get(i).copied().flatten() {
                            Some((old, added, removed, changed)) => {
                                a href={"/ui/lists/" (l.list) "/changes"} {
                                    "v" (old) " → v" (l.version) ": " (added) " added, " (removed) " removed, " (changed) " changed"
                                }
                            }
                            None => { span.muted { "first version" } }
                        } }
                        td { @for w in l.warnings.iter().take(5) { (w) br; } @if l.warnings.len() > 5 { span.muted { "and " (l.warnings.len() - 5) " more" } } }
                    }
                }
            }
        }
        h2 { "Latest validation" }
        @if let Some(v) = &latest {
            @let sm = &v["summary"];
            @let rec = &sm["recommendation"];
            p aria-label="Latest validation" {
                "Run " (v["generated"].as_str().unwrap_or("")) " (seed " (sm["seed"]) ", " (sm["cases"]) " cases, " (sm["negatives"]) " non-listed parties): at threshold " (num(&sm["threshold"]))
                " detection " strong { (pct(&sm["detection"])) } ", " strong { (num(&sm["false_alerts_per_1000"])) } " false alerts per 1,000."
                @if rec["threshold"].is_number() {
                    " For at most " (num(&rec["max_false_alerts_per_1000"])) " per 1,000: threshold " (num(&rec["threshold"])) ", detection " (pct(&rec["detection"])) "."
                }
                " "
                a href="/ui/validation/latest.html" { "The whole report" }
            }
        } @else {
            p.muted { "No validation has been run on this data directory: " code { "interdict validate" } " measures detection and false alerts on the lists in service." }
        }
        p.muted { "Import a new version with " code { "interdict import FILE" } " (the server picks it up within its reload interval); " code { "interdict diff LIST" } " shows what changed between versions." }
    };
    page("Lists", Some(&viewer), Some(Section::Lists), body)
}

/// The latest validation report as `interdict validate` wrote it. It carries its own inline
/// chart script and styles, so it is served in a sandbox: an opaque origin without this
/// site's cookies or access to its pages, whatever the page contained.
pub(crate) async fn latest_report(State(state): State<Arc<AppState>>) -> Response {
    let text = state
        .store
        .as_ref()
        .and_then(|s| std::fs::read_to_string(s.root().join("validation/latest.html")).ok());
    match text {
        Some(t) => (
            [
                (
                    axum::http::header::CONTENT_SECURITY_POLICY,
                    "sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline'; \
                     style-src 'unsafe-inline'; img-src data:",
                ),
                (axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8"),
            ],
            t,
        )
            .into_response(),
        None => super::layout::error_page(
            axum::http::StatusCode::NOT_FOUND,
            "No validation report yet: run `interdict validate`.",
        ),
    }
}

/// What changed in one list from the version before the active one: every entity added,
/// removed or changed (with the fields), as `interdict diff LIST` prints it.
pub(crate) async fn changes_page(
    State(state): State<Arc<AppState>>,
    Extension(viewer): Extension<Viewer>,
    axum::extract::Path(list): axum::extract::Path<String>,
) -> Response {
    let loaded = state.loaded();
    let Some(active) = loaded
        .lists
        .iter()
        .find(|l| l.list == list)
        .map(|l| l.version)
    else {
        return super::layout::error_page(
            axum::http::StatusCode::NOT_FOUND,
            &format!("No list {list:?} in service."),
        );
    };
    let Some(store) = state.store.clone() else {
        return super::layout::error_page(
            axum::http::StatusCode::NOT_FOUND,
            "This server has no list store to compare versions in.",
        );
    };
    let l = list.clone();
    let diff = tokio::task::spawn_blocking(move || store.diff(&l, None, Some(active))).await;
    let (old, new, d) = match diff {
        Ok(Ok(x)) => x,
        Ok(Err(e)) => {
            return super::layout::error_page(axum::http::StatusCode::NOT_FOUND, &e.to_string())
        }
        Err(e) => {
            return super::layout::error_page(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                &e.to_string(),
            )
        }
    };
    let caption = |id: &str| loaded.index.entity(id).map(|e| e.caption().to_string());
    let body = html! {
        h1 { (list) ": version " (old) " → " (new) }
        p { (d.added.len()) " added, " (d.removed.len()) " removed, " (d.changed.len()) " changed." }
        h2 { "Added" }
        ul aria-label="Added" { @for id in &d.added {
            li { a href={"/ui/entities/" (id)} { (caption(id).unwrap_or_else(|| id.clone())) } " " span.muted { (id) } }
        } }
        h2 { "Removed" }
        ul aria-label="Removed" { @for id in &d.removed { li { (id) } } }
        h2 { "Changed" }
        table aria-label="Changed" {
            thead { tr { th { "Listed party" } th { "Fields" } } }
            tbody { @for c in &d.changed {
                tr { td { a href={"/ui/entities/" (c.id)} { (caption(&c.id).unwrap_or_else(|| c.id.clone())) } } td { (c.fields.join(", ")) } }
            } }
        }
    };
    page(
        &format!("{list}: changes"),
        Some(&viewer),
        Some(Section::Lists),
        body,
    )
}
