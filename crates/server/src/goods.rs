//! `POST /goods`: shipment or order lines checked for CHPL items, destinations of concern
//! and listed parties — `interdict goods` over HTTP, one line or a batch per request.

use crate::answers::{GoodsAnswer, GoodsLineVerdict};
use crate::error::{bad, internal, invalid, ApiError};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use interdict_goods::line::GoodsLine;
use std::sync::Arc;

/// `POST /goods` with one line (`{"hs_code": "8542.31", "destination": "Russia", …}`) or
/// a batch (`{"lines": [{…}, …]}`, at most `max_queries`); keys are `interdict goods`'
/// column names. Parties are screened against the loaded lists, one hit per party (a party
/// on several lists is one reason, as `/match` answers).
pub(crate) async fn check(
    State(state): State<Arc<AppState>>,
    body: Bytes,
) -> Result<Json<GoodsAnswer>, ApiError> {
    let shape = "the body must be one line {\"hs_code\", \"description\", \"destination\", \
                 \"consignee\", …} or a batch {\"lines\": [{…}, …]}";
    let value: serde_json::Value = serde_json::from_slice(&body)
        .map_err(|e| bad(format!("the body is not valid JSON: {e}")))?;
    let serde_json::Value::Object(mut obj) = value else {
        return Err(invalid(shape));
    };
    let lines: Vec<serde_json::Value> = match obj.remove("lines") {
        Some(serde_json::Value::Array(a)) => a,
        Some(_) => return Err(invalid(shape)),
        None => vec![serde_json::Value::Object(obj)],
    };
    let max = state.config().max_queries;
    if lines.is_empty() {
        return Err(invalid("no lines: \"lines\" is empty"));
    }
    if lines.len() > max {
        return Err(invalid(format!(
            "{} lines in one request; at most {max} are accepted",
            lines.len()
        )));
    }
    let loaded = state.loaded();
    let answer = tokio::task::spawn_blocking(move || -> Result<GoodsAnswer, ApiError> {
        let screener = state
            .goods()
            .map_err(|e| internal(format!("the goods rules cannot be read: {e}")))?;
        let mut results = Vec::with_capacity(lines.len());
        for (n, v) in lines.iter().enumerate() {
            let line = GoodsLine::from_json(v, &[])
                .map_err(|p| invalid(format!("line {}: {}", n + 1, p.message)))?;
            let id = line
                .id
                .clone()
                .map_or_else(|| serde_json::json!(n + 1), serde_json::Value::from);
            if line.is_empty() {
                return Err(invalid(format!(
                    "line {}: nothing to check: no readable hs_code, description, place or party{}",
                    n + 1,
                    line.problems
                        .iter()
                        .map(|p| format!(
                            "; {}: {}",
                            p.field.as_deref().unwrap_or("line"),
                            p.message
                        ))
                        .collect::<String>()
                )));
            }
            let verdict = screener.check_with(&line, &mut |name| {
                screener.screen_party_with(&loaded.index, name, Some(loaded.parties.clone()))
            });
            let json = interdict_goods::verdict_json(
                id,
                None,
                &verdict,
                &line.problems,
                &screener.rules.version,
            );
            results.push(
                serde_json::from_value::<GoodsLineVerdict>(json)
                    .map_err(|e| internal(e.to_string()))?,
            );
        }
        Ok(GoodsAnswer {
            rules_version: screener.rules.version.clone(),
            results,
        })
    })
    .await
    .map_err(|e| internal(e.to_string()))??;
    Ok(Json(answer))
}
