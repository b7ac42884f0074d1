//! `GET /ownership/{id}`: whether listed parties' holdings block an entity, under each
//! regime, with every proof path — `interdict ownership ID` over HTTP.

use crate::answers::{OwnershipAnswer, OwnershipVerdict};
use crate::error::{invalid, ApiError};
use crate::params::Params;
use crate::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use interdict_ownership::{Derivation, Regime, REGIMES};
use std::sync::Arc;

/// `GET /ownership/{id}?regime=ofac|eu|uk|all&at=YYYY-MM-DD`: one verdict per regime
/// asked about (every regime by default), for the day asked about (the day the lists were
/// loaded by default).
pub(crate) async fn verdicts(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<OwnershipAnswer>, ApiError> {
    let p = Params::parse(raw)?;
    let regimes: Vec<&'static Regime> = match p.one("regime").unwrap_or("all") {
        r if r.eq_ignore_ascii_case("all") || r.is_empty() => REGIMES.iter().collect(),
        r => vec![Regime::by_id(r)
            .ok_or_else(|| invalid(format!("regime {r:?} is not one of ofac, eu, uk, all")))?],
    };
    let loaded = state.loaded();
    let at = match p.one("at") {
        None | Some("") => None,
        Some(t) => Some(
            interdict_ownership::graph::exact_day(t)
                .ok_or_else(|| invalid(format!("at {t:?}: write the day as YYYY-MM-DD")))?,
        ),
    };
    // Work off the request thread: a day other than the loaded one builds its own graph.
    let answer = tokio::task::spawn_blocking(move || verdicts_for(&loaded, &id, &regimes, at))
        .await
        .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))??;
    Ok(Json(OwnershipAnswer(answer)))
}

/// The verdicts on `id` under `regimes` on day `at` (the loaded lists' day by default), as
/// `/ownership/{id}` answers them and the workbench's party page shows them.
pub(crate) fn verdicts_for(
    loaded: &crate::ServedLists,
    id: &str,
    regimes: &[&'static Regime],
    at: Option<interdict_ownership::graph::Day>,
) -> Result<Vec<OwnershipVerdict>, ApiError> {
    let graph = loaded.ownership_graph(at.unwrap_or_else(interdict_screen::derived::today));
    if graph.node(id).is_none() && loaded.index.entity(id).is_none() {
        return Err(ApiError(
            StatusCode::NOT_FOUND,
            format!("no entity {id:?} in the loaded lists or registries"),
        ));
    }
    regimes
        .iter()
        .map(|r| {
            let v = Derivation::run(&graph, r).verdict(id);
            serde_json::to_value(&v)
                .and_then(serde_json::from_value::<OwnershipVerdict>)
                .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
        })
        .collect()
}
