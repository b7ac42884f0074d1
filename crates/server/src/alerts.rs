//! The alert store over HTTP: list alerts, show one with its decisions, and record a
//! decision — the same store and rules as `interdict alerts` (decisions are appended to
//! the audit log, never edited). The store is SQLite, used from blocking threads one
//! request at a time.

use crate::answers::{AlertWithDecisions, Alerts};
use crate::error::ApiError;
use crate::AppState;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use interdict_store::alerts::{DecisionInput, DecisionRecord};
use interdict_store::{AlertError, Decision};
use serde::Deserialize;
use std::sync::Arc;

/// Query of `GET /alerts`.
#[derive(Debug, Deserialize)]
pub(crate) struct ListParams {
    status: Option<String>,
    limit: Option<usize>,
}

/// Body of `POST /alerts/{id}/decisions`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DecisionBody {
    decision: String,
    reason: String,
    user: String,
}

fn status_of(e: &AlertError) -> StatusCode {
    match e {
        AlertError::NoAlert(_) => StatusCode::NOT_FOUND,
        AlertError::BadDecision(_)
        | AlertError::NoReason
        | AlertError::NoActor
        | AlertError::SameRecord(_) => StatusCode::BAD_REQUEST,
        AlertError::Workflow(_) => StatusCode::CONFLICT,
        AlertError::OwnProposal(_) => StatusCode::FORBIDDEN,
        AlertError::Db { .. } | AlertError::BadJudgement { .. } => {
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}

/// Runs `f` on the alert store on a blocking thread.
pub(crate) async fn with_store<T: Send + 'static>(
    state: Arc<AppState>,
    f: impl FnOnce(&mut interdict_store::AlertStore) -> Result<T, AlertError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(move || {
        let Some(store) = state.alerts() else {
            return Err(ApiError(
                StatusCode::NOT_FOUND,
                "this server has no alert store".into(),
            ));
        };
        let mut guard = match store.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        f(&mut guard).map_err(|e| ApiError(status_of(&e), e.to_string()))
    })
    .await
    .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
}

pub(crate) async fn list(
    State(state): State<Arc<AppState>>,
    p: Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Alerts>, ApiError> {
    let Query(p) = p.map_err(|e| ApiError(StatusCode::BAD_REQUEST, e.body_text()))?;
    if let Some(s) = &p.status {
        if !["open", "pending", "suppressed", "decided"].contains(&s.as_str()) {
            return Err(ApiError(
                StatusCode::BAD_REQUEST,
                format!("status {s:?}: use open, pending, suppressed or decided"),
            ));
        }
    }
    let limit = p.limit.unwrap_or(100).min(10_000);
    let alerts = with_store(state, move |s| s.list(p.status.as_deref(), limit)).await?;
    Ok(Json(Alerts { alerts }))
}

/// The alert id of the path, or a JSON 400.
fn alert_id(p: Result<Path<i64>, PathRejection>) -> Result<i64, ApiError> {
    p.map(|Path(id)| id).map_err(|_| {
        ApiError(
            StatusCode::BAD_REQUEST,
            "the alert id is a number (see GET /alerts)".into(),
        )
    })
}

pub(crate) async fn show(
    State(state): State<Arc<AppState>>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<AlertWithDecisions>, ApiError> {
    let id = alert_id(id)?;
    let (alert, decisions) = with_store(state, move |s| s.show(id)).await?;
    Ok(Json(AlertWithDecisions { alert, decisions }))
}

/// Records a decision; under four eyes, proposes it (202 with the proposal): a decision
/// through the API is no more final than one made in the workbench.
pub(crate) async fn decide(
    State(state): State<Arc<AppState>>,
    id: Result<Path<i64>, PathRejection>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let id = alert_id(id)?;
    let body: DecisionBody = serde_json::from_slice(&body).map_err(|e| {
        ApiError(
            StatusCode::BAD_REQUEST,
            format!(
                "body: {e}; expected {{\"decision\": \"false_positive\", \"reason\": \"…\", \"user\": \"…\"}}"
            ),
        )
    })?;
    if body.user.trim().is_empty() {
        return Err(ApiError(
            StatusCode::BAD_REQUEST,
            "user: who decides is required for the audit log".into(),
        ));
    }
    let decision = Decision::parse(&body.decision)
        .map_err(|e| ApiError(StatusCode::BAD_REQUEST, e.to_string()))?;
    if state.config().four_eyes {
        let step = with_store(state, move |s| {
            if body.reason.trim().is_empty() {
                return Err(AlertError::NoReason);
            }
            s.propose(
                id,
                &DecisionInput {
                    decision,
                    reason_code: None,
                    reason: &body.reason,
                    actor: body.user.trim(),
                },
            )
        })
        .await?;
        return Ok((StatusCode::ACCEPTED, Json(step)).into_response());
    }
    let rec: DecisionRecord = with_store(state, move |s| {
        s.decide(id, decision, &body.reason, &body.user)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(rec)).into_response())
}
