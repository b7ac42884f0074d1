//! Admin routes: import new list files over HTTP, and reload what the store holds (after a
//! `interdict import` on the command line). Either way the new index is built beside the
//! one in service and swapped in one step: requests in flight finish on the old lists,
//! later ones see the new, none fails. A list that does not parse changes nothing.

use crate::answers::{Imported, ListServed, ReloadSummary, Reloaded};
use crate::error::{bad, invalid, ApiError};
use crate::{AppState, ServedLists};
use axum::extract::{Multipart, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use interdict_matcher::CandidateIndex;
use interdict_sources::{Format, SourceFile};
use serde_json::Value;
use std::sync::Arc;

/// Admin routes need one of the admin keys (never a plain API key).
pub async fn require_admin(
    State(state): State<Arc<AppState>>,
    req: Request,
    next: Next,
) -> Response {
    let keys = &state.config().admin_keys;
    if keys.is_empty() {
        return ApiError(
            StatusCode::FORBIDDEN,
            "the admin API is off: start the server with --admin-key (or INTERDICT_ADMIN_KEYS)"
                .into(),
        )
        .into_response();
    }
    match crate::auth::presented_key(req.headers()) {
        None => ApiError(
            StatusCode::UNAUTHORIZED,
            "an admin key is required: send `Authorization: ApiKey <admin key>`".into(),
        )
        .into_response(),
        Some(k) if keys.iter().any(|good| crate::auth::same_key(good, &k)) => next.run(req).await,
        Some(_) => {
            ApiError(StatusCode::FORBIDDEN, "this is not an admin key".into()).into_response()
        }
    }
}

/// Loads the store's active lists, builds a new index and swaps it in. Returns a summary.
pub fn reload(state: &AppState) -> Result<ReloadSummary, String> {
    let store = state
        .store
        .as_ref()
        .ok_or("the server was started without a store")?;
    let snap = store.load().map_err(|e| e.to_string())?;
    let judgements = state.judgements()?;
    let lists = snap.lists.clone();
    let started = std::time::Instant::now();
    // Companies listed parties own are screened like listed ones.
    let mut entities = snap.entities;
    let marked = interdict_screen::derived::mark_derived(
        &mut entities,
        &judgements,
        interdict_screen::derived::today(),
    );
    let index = CandidateIndex::build(entities);
    let summary = ReloadSummary {
        entities: index.entities().len(),
        names: index.len(),
        lists: lists
            .iter()
            .map(|l| ListServed {
                list: l.list.clone(),
                version: l.version,
                total: l.total,
            })
            .collect(),
        index_seconds: (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0,
    };
    state.swap(match marked.parties {
        Some(parties) => ServedLists::resolved(index, lists, parties, &judgements),
        None => ServedLists::judged(index, lists, &judgements),
    });
    Ok(summary)
}

/// Whether the store's active versions differ from the ones in service, or an analyst has
/// judged parties since they were resolved.
pub fn store_changed(state: &AppState) -> bool {
    let Some(store) = state.store.as_ref() else {
        return false;
    };
    let Ok(active) = store.active_versions() else {
        return false;
    };
    let loaded = state.loaded();
    if let Ok(judgements) = state.judgements() {
        if judgements.iter().map(|j| j.id).max() != loaded.judged_through {
            return true;
        }
    }
    let key = |v: &interdict_store::ListVersion| (v.list.clone(), v.version);
    let mut a: Vec<_> = active.iter().map(key).collect();
    let mut b: Vec<_> = loaded.lists.iter().map(key).collect();
    a.sort();
    b.sort();
    a != b
}

/// `POST /admin/reload`: serve what the store holds now.
pub async fn reload_route(State(state): State<Arc<AppState>>) -> Result<Json<Reloaded>, ApiError> {
    let _guard = state.admin_lock.lock().await;
    let s = state.clone();
    let summary = tokio::task::spawn_blocking(move || reload(&s))
        .await
        .map_err(|_| crate::error::internal("reload failed"))?
        .map_err(|m| ApiError(StatusCode::SERVICE_UNAVAILABLE, m))?;
    Ok(Json(Reloaded { reloaded: summary }))
}

/// `POST /admin/import`: multipart form with one or more `file` parts (the files of one list
/// version, gzip accepted) and optional `format`, `list`, `published` and `max_drop` fields
/// (`max_drop`: the share of listed parties the new version may lose, 0.2 unless given; a larger
/// drop is refused, and one accepted only by a larger `max_drop` is recorded in the
/// version's manifest).
pub async fn import(
    State(state): State<Arc<AppState>>,
    mut form: Multipart,
) -> Result<Json<Imported>, ApiError> {
    let mut files = Vec::new();
    let (mut format, mut list, mut published, mut max_drop) = (None, None, None, None);
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| bad(format!("the multipart body is malformed: {e}")))?
    {
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(str::to_string);
        let data = field
            .bytes()
            .await
            .map_err(|e| bad(format!("reading part {name:?}: {e}")))?;
        let text = || String::from_utf8_lossy(&data).trim().to_string();
        match name.as_str() {
            "file" => {
                let fname = file_name.unwrap_or_else(|| format!("upload-{}", files.len() + 1));
                files.push(
                    SourceFile::from_bytes(&fname, data.to_vec())
                        .map_err(|e| invalid(e.to_string()))?,
                );
            }
            "format" => {
                let f = text();
                format = Some(Format::from_name(&f).ok_or_else(|| {
                    invalid(format!(
                        "unknown format {f:?}; one of: {}",
                        Format::ALL.map(Format::name).join(", ")
                    ))
                })?);
            }
            "list" => {
                let l = text();
                interdict_store::check_list_id(&l).map_err(|e| invalid(e.to_string()))?;
                list = Some(l)
            }
            "max_drop" => {
                let m = text();
                max_drop = Some(
                    m.parse::<f64>()
                        .ok()
                        .filter(|v| (0.0..=1.0).contains(v))
                        .ok_or_else(|| {
                            invalid(format!("max_drop {m:?} is not a share between 0 and 1"))
                        })?,
                );
            }
            "published" => {
                let p = text();
                published = Some(
                    interdict_model::PartialDate::parse_iso(&p)
                        .ok_or_else(|| invalid(format!("published {p:?} is not a date")))?,
                );
            }
            other => {
                return Err(invalid(format!(
                    "unknown form field {other:?}: use file, format, list, published, max_drop"
                )))
            }
        }
    }
    if files.is_empty() {
        return Err(invalid(
            "no `file` part: send the list files as multipart `file` fields",
        ));
    }
    let _guard = state.admin_lock.lock().await;
    let s = state.clone();
    let result =
        tokio::task::spawn_blocking(move || -> Result<(Vec<Value>, ReloadSummary), String> {
            let store = s
                .store
                .as_ref()
                .ok_or("the server was started without a store")?;
            let opts = interdict_store::ImportOptions {
                format,
                list: list.as_deref(),
                published,
                max_drop,
                ..Default::default()
            };
            let done = store
                .import_with(&files, &opts)
                .map_err(|e| e.to_string())?;
            let imported = done
                .iter()
                .map(serde_json::to_value)
                .collect::<Result<Vec<Value>, _>>()
                .map_err(|e| e.to_string())?;
            Ok((imported, reload(&s)?))
        })
        .await
        .map_err(|_| crate::error::internal("import failed"))?;
    match result {
        Ok((imported, reloaded)) => Ok(Json(Imported { imported, reloaded })),
        // The files did not parse: nothing changed, and the reason names file and line.
        Err(m) => Err(invalid(format!("import refused, lists unchanged: {m}"))),
    }
}
