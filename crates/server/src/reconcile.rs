//! The OpenRefine / W3C reconciliation API (protocol 0.2, as OpenRefine speaks it), so a
//! spreadsheet user can reconcile a column of names against the lists: the service manifest,
//! batched queries (GET or form POST `queries=`), entity and property suggestions, HTML
//! previews, and data extension (fetching listed properties into new columns).

use crate::answers::{PropertyProposal, Suggestion, Suggestions};
use crate::error::{invalid, ApiError};
use crate::params::Params;
use crate::scope::Scope;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use interdict_matcher::MatchOptions;
use interdict_model::query::{query_from_value, DateOrder, Mapping};
use interdict_model::{Entity, Name, NameKind, Schema};
use maud::{html, PreEscaped, DOCTYPE};
use serde_json::{json, Map, Value};
use std::sync::Arc;

/// The types a column can be reconciled as.
const TYPES: &[&str] = &[
    "LegalEntity",
    "Person",
    "Organization",
    "Company",
    "Vessel",
    "Airplane",
];
/// Most queries in one reconciliation batch (OpenRefine sends 10 by default).
const MAX_BATCH: usize = 100;

fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// The properties a column can be extended with (FtM property names, as `/entities`
/// writes them), with a label each.
const PROPERTIES: &[(&str, &str)] = &[
    ("name", "Name"),
    ("alias", "Alias"),
    ("weakAlias", "Weak alias"),
    ("previousName", "Previous name"),
    ("birthDate", "Birth date"),
    ("birthPlace", "Birth place"),
    ("incorporationDate", "Incorporation date"),
    ("nationality", "Nationality"),
    ("country", "Country"),
    ("jurisdiction", "Jurisdiction"),
    ("address", "Address"),
    ("gender", "Gender"),
    ("position", "Position"),
    ("title", "Title"),
    ("idNumber", "Identifier"),
    ("passportNumber", "Passport number"),
    ("taxNumber", "Tax number"),
    ("registrationNumber", "Registration number"),
    ("imoNumber", "IMO number"),
    ("program", "Sanctions program"),
    ("listingDate", "Listing date"),
    ("notes", "Notes"),
];

fn manifest(dataset: &str, headers: &HeaderMap, keyed: bool) -> Value {
    let base = base_url(headers);
    let mut m = json!({
        "versions": ["0.2"],
        "name": format!("interdict sanctions screening ({dataset})"),
        "identifierSpace": "https://interdict.dev/ns/entity",
        "schemaSpace": "https://followthemoney.tech/ns/schema",
        "defaultTypes": TYPES.iter().map(|t| json!({"id": t, "name": t})).collect::<Vec<_>>(),
        "view": {"url": format!("{base}/entities/{{{{id}}}}")},
        "preview": {
            "url": format!("{base}/reconcile/{dataset}/preview?id={{{{id}}}}"),
            "width": PREVIEW_WIDTH,
            "height": PREVIEW_HEIGHT,
        },
        "suggest": {
            "entity": {
                "service_url": base,
                "service_path": format!("/reconcile/{dataset}/suggest/entity"),
            },
            "property": {
                "service_url": base,
                "service_path": format!("/reconcile/{dataset}/suggest/property"),
            },
        },
        "extend": {
            "propose_properties": {
                "service_url": base,
                "service_path": format!("/reconcile/{dataset}/extend/propose"),
            },
            "property_settings": [],
        },
    });
    // A server that wants keys says how to send one: as the `api_key` query parameter, the
    // way OpenRefine can (a Swagger 2.0 security scheme, as the protocol asks).
    if keyed {
        m["authentication"] = json!({"type": "apiKey", "name": "api_key", "in": "query"});
    }
    m
}

/// The preview frame's size, in pixels.
const PREVIEW_WIDTH: u32 = 430;
const PREVIEW_HEIGHT: u32 = 300;

/// `GET /reconcile/{dataset}`: the manifest, or answers when `queries` is given.
pub async fn get(
    State(state): State<Arc<AppState>>,
    Path(dataset): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let p = Params::parse(raw)?;
    if let Some(ext) = p.one("extend") {
        return extend(&state, &dataset, ext, &p);
    }
    match p.one("queries") {
        None => {
            let loaded = state.loaded();
            Scope::new(&loaded, &dataset, &p)?;
            let keyed = !state.config().api_keys.is_empty();
            Ok(Json(manifest(&dataset, &headers, keyed)).into_response())
        }
        Some(q) => answer(state, &dataset, q.to_string(), &p).await,
    }
}

/// `POST /reconcile/{dataset}` with a form body `queries=<JSON>`.
pub async fn post(
    State(state): State<Arc<AppState>>,
    Path(dataset): Path<String>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Result<Response, ApiError> {
    let text =
        std::str::from_utf8(&body).map_err(|_| crate::error::bad("the body is not UTF-8"))?;
    let form = Params::parse(Some(text.to_string()))?;
    let p = Params::parse(raw)?;
    if let Some(ext) = form.one("extend") {
        return extend(&state, &dataset, ext, &p);
    }
    let queries = form
        .one("queries")
        .ok_or_else(|| {
            invalid("the form needs a `queries` (or `extend`) field holding a JSON object")
        })?
        .to_string();
    answer(state, &dataset, queries, &p).await
}

/// Most entities one data extension request may ask for.
const MAX_EXTEND_IDS: usize = 1000;

/// A data extension request (`extend={"ids": […], "properties": [{"id": …}]}`): the listed
/// values of each property for each entity, as `{"meta", "rows"}`. An id not in `dataset`
/// gets an empty row; a property the service does not know is refused.
fn extend(state: &AppState, dataset: &str, ext: &str, p: &Params) -> Result<Response, ApiError> {
    let ext: Value =
        serde_json::from_str(ext).map_err(|e| invalid(format!("`extend` is not JSON: {e}")))?;
    let ids: Vec<&str> = ext
        .get("ids")
        .and_then(Value::as_array)
        .ok_or_else(|| invalid("extend.ids must be a list of entity ids"))?
        .iter()
        .map(|v| {
            v.as_str()
                .ok_or_else(|| invalid("extend.ids must hold strings"))
        })
        .collect::<Result<_, _>>()?;
    if ids.len() > MAX_EXTEND_IDS {
        return Err(invalid(format!(
            "at most {MAX_EXTEND_IDS} ids in one extension"
        )));
    }
    let props: Vec<(&str, &str)> = ext
        .get("properties")
        .and_then(Value::as_array)
        .ok_or_else(|| invalid("extend.properties must be a list of {\"id\": …}"))?
        .iter()
        .map(|v| {
            let id = v.get("id").and_then(Value::as_str).unwrap_or_default();
            PROPERTIES
                .iter()
                .find(|(pid, _)| *pid == id)
                .copied()
                .ok_or_else(|| invalid(format!("unknown property {id:?}; see extend/propose")))
        })
        .collect::<Result<_, _>>()?;
    let loaded = state.loaded();
    let scope = Scope::new(&loaded, dataset, p)?;
    let mut rows = Map::new();
    for id in ids {
        let ftm = loaded
            .index
            .entity(id)
            .filter(|e| scope.admits(e))
            .map(Entity::to_ftm);
        let mut row = Map::new();
        for (pid, _) in &props {
            let values: Vec<Value> = ftm
                .as_ref()
                .and_then(|f| f["properties"][*pid].as_array())
                .map(|vs| {
                    vs.iter()
                        .filter_map(Value::as_str)
                        .map(|v| json!({"str": v}))
                        .collect()
                })
                .unwrap_or_default();
            row.insert(pid.to_string(), Value::Array(values));
        }
        rows.insert(id.to_string(), Value::Object(row));
    }
    let meta: Vec<Value> = props
        .iter()
        .map(|(id, name)| json!({"id": id, "name": name}))
        .collect();
    Ok(Json(json!({"meta": meta, "rows": rows})).into_response())
}

/// `GET /reconcile/{dataset}/extend/propose?type=`: the properties a column of that type
/// can be extended with.
pub async fn propose(RawQuery(raw): RawQuery) -> Result<Json<PropertyProposal>, ApiError> {
    let p = Params::parse(raw)?;
    let ty = p.one("type").unwrap_or("LegalEntity");
    if !TYPES.contains(&ty) {
        return Err(invalid(format!(
            "type {ty:?} is not one of {}",
            TYPES.join(", ")
        )));
    }
    let limit = p.number::<usize>("limit")?.unwrap_or(PROPERTIES.len());
    let properties: Vec<Suggestion> = PROPERTIES
        .iter()
        .take(limit)
        .map(|(id, name)| property(id, name))
        .collect();
    Ok(Json(PropertyProposal {
        ty: ty.to_string(),
        properties,
    }))
}

/// `GET /reconcile/{dataset}/suggest/property?prefix=`: properties whose id or label starts
/// with what the user typed (any word of the label).
pub async fn suggest_property(RawQuery(raw): RawQuery) -> Result<Json<Suggestions>, ApiError> {
    let p = Params::parse(raw)?;
    let prefix = p.one("prefix").unwrap_or("").trim().to_lowercase();
    if prefix.chars().count() > 200 {
        return Err(invalid("prefix must be at most 200 characters"));
    }
    let result: Vec<Suggestion> = PROPERTIES
        .iter()
        .filter(|(id, name)| {
            id.to_lowercase().starts_with(&prefix)
                || name
                    .to_lowercase()
                    .split(' ')
                    .any(|w| w.starts_with(&prefix))
        })
        .map(|(id, name)| property(id, name))
        .collect();
    Ok(Json(Suggestions { result }))
}

/// A property as the protocol lists one: its id and its label.
fn property(id: &str, name: &str) -> Suggestion {
    Suggestion {
        id: id.to_string(),
        name: name.to_string(),
        description: None,
    }
}

/// `GET /reconcile/{dataset}/preview?id=`: a small HTML card of the entity for OpenRefine's
/// preview frame (every value escaped).
pub async fn preview(
    State(state): State<Arc<AppState>>,
    Path(dataset): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(raw)?;
    let id = p
        .one("id")
        .ok_or_else(|| invalid("preview needs an `id`"))?
        .to_string();
    let loaded = state.loaded();
    let scope = Scope::new(&loaded, &dataset, &p)?;
    let e = loaded
        .index
        .entity(&id)
        .filter(|e| scope.admits(e))
        .ok_or_else(|| {
            ApiError(
                axum::http::StatusCode::NOT_FOUND,
                format!("no entity {id:?} in {dataset}"),
            )
        })?;
    let ftm = e.to_ftm();
    let rows: Vec<(&str, String)> = PROPERTIES
        .iter()
        .skip(1)
        .filter_map(|(pid, label)| {
            let vs = ftm["properties"][*pid].as_array()?;
            let text: Vec<&str> = vs.iter().filter_map(Value::as_str).take(5).collect();
            (!text.is_empty()).then(|| (*label, text.join("; ")))
        })
        .collect();
    let html = html! {
        (DOCTYPE)
        html {
            head {
                meta charset="utf-8";
                title { (e.caption()) }
                style { (PreEscaped("body{font:13px sans-serif;margin:8px}th{text-align:left;padding-right:8px;vertical-align:top;color:#555}")) }
            }
            body {
                h3 { (e.caption()) }
                p { (e.schema.name()) " · " (e.source.list) " · " (e.id) }
                table {
                    @for (label, text) in &rows {
                        tr { th { (label) } td { (text) } }
                    }
                }
            }
        }
    }
    .into_string();
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (
                axum::http::header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'",
            ),
        ],
        html,
    )
        .into_response())
}

/// One reconciliation query as an FtM query entity.
fn query_entity(q: &Value) -> Result<(Entity, usize), String> {
    let obj = q.as_object().ok_or("a query is not an object")?;
    // The protocol lets a query be its properties alone ("query" text is optional when
    // properties are given).
    let name = obj
        .get("query")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty());
    let has_properties = matches!(obj.get("properties"), Some(Value::Array(a)) if !a.is_empty());
    if name.is_none() && !has_properties {
        return Err("a query needs `query` text or `properties`".into());
    }
    if name.is_some_and(|n| n.chars().count() > 1000) {
        return Err("a query text is longer than 1000 characters".into());
    }
    // One type or a list of them (the first this service knows is used).
    let known = |t: &str| TYPES.iter().copied().find(|k| *k == t);
    let schema = match obj.get("type") {
        None | Some(Value::Null) => "LegalEntity",
        Some(Value::String(t)) if known(t).is_some() => known(t).unwrap_or("LegalEntity"),
        Some(Value::Array(ts)) if ts.is_empty() => "LegalEntity",
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .find_map(known)
            .ok_or_else(|| format!("none of the types {ts:?} is one of {}", TYPES.join(", ")))?,
        Some(other) => return Err(format!("type {other} is not one of {}", TYPES.join(", "))),
    };
    let limit = obj
        .get("limit")
        .and_then(Value::as_u64)
        .unwrap_or(5)
        .clamp(1, 100) as usize;
    let mut props = Map::new();
    if let Some(name) = name {
        props.insert("name".into(), json!([name]));
    }
    if let Some(Value::Array(list)) = obj.get("properties") {
        for p in list.iter().take(50) {
            let Some(pid) = p.get("pid").and_then(Value::as_str) else {
                continue;
            };
            // A value, a list of values, or an entity reconciled before ({"id", "name"}).
            let values: Vec<String> = match p.get("v") {
                Some(Value::Array(vs)) => vs.iter().filter_map(property_text).collect(),
                Some(v) => property_text(v).into_iter().collect(),
                None => Vec::new(),
            };
            if let Value::Array(a) = props.entry(pid.to_string()).or_insert_with(|| json!([])) {
                a.extend(values.into_iter().map(Value::String));
            }
        }
    }
    let entity = json!({"schema": schema, "properties": props});
    let q = query_from_value(
        &entity,
        &Mapping::default(),
        &Schema::LegalEntity,
        DateOrder::Strict,
    )
    .map_err(|p| p.message)?;
    Ok((q.entity, limit))
}

/// The text of one property value: a string, number or boolean as written, an entity by its
/// name (or id).
fn property_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Object(o) => o
            .get("name")
            .or_else(|| o.get("id"))
            .and_then(Value::as_str)
            .map(str::to_string),
        _ => None,
    }
}

async fn answer(
    state: Arc<AppState>,
    dataset: &str,
    queries: String,
    p: &Params,
) -> Result<Response, ApiError> {
    let queries: Map<String, Value> = serde_json::from_str(&queries)
        .map_err(|e| invalid(format!("`queries` is not a JSON object: {e}")))?;
    if queries.len() > MAX_BATCH {
        return Err(invalid(format!("at most {MAX_BATCH} queries in one batch")));
    }
    let loaded = state.loaded();
    let scope = Scope::new(&loaded, dataset, p)?;
    let mut parsed = Vec::with_capacity(queries.len());
    for (k, q) in &queries {
        let (e, limit) = query_entity(q).map_err(|m| invalid(format!("query {k}: {m}")))?;
        parsed.push((k.clone(), e, limit));
    }
    let out = tokio::task::spawn_blocking(move || {
        let mut out = Map::new();
        for (key, entity, limit) in parsed {
            let opts = MatchOptions {
                limit: limit * 2,
                ..MatchOptions::default()
            };
            let result: Vec<Value> = loaded
                .index
                .search(&entity, &opts)
                .iter()
                .filter_map(|r| loaded.index.entity(&r.id).map(|e| (e, r)))
                .filter(|(e, _)| scope.admits(e))
                .take(limit)
                .map(|(e, r)| {
                    json!({
                        "id": e.id,
                        "name": e.caption(),
                        "type": [{"id": e.schema.name(), "name": e.schema.name()}],
                        "score": (r.score * 1000.0).round() / 10.0,
                        "match": r.is_match,
                        "description": format!("{} · {}", e.source.list, r.explanation.matched_name),
                    })
                })
                .collect();
            out.insert(key, json!({"result": result}));
        }
        out
    })
    .await
    .map_err(|_| crate::error::internal("reconciliation failed"))?;
    Ok(Json(Value::Object(out)).into_response())
}

/// Suggestions per answer.
const SUGGESTIONS: usize = 10;

/// `GET /reconcile/{dataset}/suggest/entity?prefix=`: names as the user types.
pub async fn suggest(
    State(state): State<Arc<AppState>>,
    Path(dataset): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Suggestions>, ApiError> {
    let p = Params::parse(raw)?;
    let prefix = p.one("prefix").unwrap_or("").trim().to_string();
    if prefix.is_empty() || prefix.chars().count() > 200 {
        return Err(invalid("prefix must be 1 to 200 characters"));
    }
    let loaded = state.loaded();
    let scope = Scope::new(&loaded, &dataset, &p)?;
    let result = tokio::task::spawn_blocking(move || {
        // What the user typed so far is the start of a name: names whose words begin with
        // every typed word come first ("shagiv" → SHAGIVALEEV), then fuzzy matches of the
        // whole text (a misspelling, another script).
        let mut picked: Vec<&Entity> = loaded
            .index
            .prefix_search(&prefix)
            .into_iter()
            .filter(|e| scope.admits(e))
            .take(SUGGESTIONS)
            .collect();
        if picked.len() < SUGGESTIONS {
            let mut q = Entity::new("q", Schema::LegalEntity);
            q.add_name(Name::new(prefix, NameKind::Primary));
            for e in loaded
                .index
                .search(&q, &MatchOptions::default())
                .iter()
                .filter_map(|r| loaded.index.entity(&r.id))
                .filter(|e| scope.admits(e))
            {
                if picked.len() == SUGGESTIONS {
                    break;
                }
                if !picked.iter().any(|p| p.id == e.id) {
                    picked.push(e);
                }
            }
        }
        picked
            .into_iter()
            .map(|e| Suggestion {
                id: e.id.clone(),
                name: e.caption().to_string(),
                description: Some(e.source.list.clone()),
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|_| crate::error::internal("suggest failed"))?;
    Ok(Json(Suggestions { result }))
}
