//! The lists page: every loaded list's version, publication date and age (stale lists
//! flagged), its counts and what its parser reported.

use super::layout::{page, Section};
use super::session::Viewer;
use crate::AppState;
use axum::extract::State;
use axum::response::Response;
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
                                "v" (old) " → v" (l.version) ": " (added) " added, " (removed) " removed, " (changed) " changed"
                            }
                            None => { span.muted { "first version" } }
                        } }
                        td { @for w in l.warnings.iter().take(5) { (w) br; } @if l.warnings.len() > 5 { span.muted { "and " (l.warnings.len() - 5) " more" } } }
                    }
                }
            }
        }
        p.muted { "Import a new version with " code { "interdict import FILE" } " (the server picks it up within its reload interval); " code { "interdict diff LIST" } " shows what changed between versions." }
    };
    page("Lists", Some(&viewer), Some(Section::Lists), body)
}
