//! The yente-compatible routes: `/match/{dataset}`, `/search/{dataset}`, `/entities/{id}`
//! and its adjacency, in yente's request and response shapes (`/catalog` and `/algorithms`
//! are in `describe`).

use crate::answers::{
    self, AdjacentPage, AdjacentResponse, FeatureResult, QueryResponse, Relation, SearchResponse,
    Total,
};
use crate::describe::feature_docs;
use crate::error::{bad, internal, invalid, ApiError};
use crate::params::Params;
use crate::scope::Scope;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use interdict_matcher::{MatchOptions, MatchResult};
use interdict_model::query::{query_from_value, DateOrder, Mapping};
use interdict_model::{country, Entity, Schema};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The only matching algorithm, under its own name.
pub(crate) const ALGORITHM: &str = "interdict-v1";

/// yente's algorithm names, accepted so that existing clients work; all use ours.
const YENTE_ALGORITHMS: &[&str] = &[
    "best",
    "default",
    "logic-v1",
    "logic-v2",
    "regression-v1",
    "regression-v2",
    "regression-v3",
    "name-based",
    "name-qualified",
];

/// yente's default result count.
const DEFAULT_LIMIT: usize = 5;

/// An entity in yente's response shape (FtM JSON plus caption, datasets and dates).
/// A listed record's answer as its party's: the party's id, every list it is on
/// (`datasets`) and its other records (`referents`), as yente answers with a merged entity;
/// the properties are the record's own (the one that matched). A record alone is itself.
pub(crate) fn party_answer(
    e: &Entity,
    party: Option<&interdict_matcher::Party>,
) -> answers::Entity {
    let mut a = entity_answer(e);
    if let Some(p) = party {
        a.id = p.id.clone();
        a.datasets = p.lists.clone();
        a.referents = p.members.iter().filter(|m| **m != p.id).cloned().collect();
    }
    a
}

/// Whether a request is answered one result per listed record rather than one per party:
/// when it asks so (`by_record=true`), or names the lists to screen (a dataset in the path,
/// `include_dataset`, `exclude_dataset`): a question about some lists is answered with
/// their records.
pub(crate) fn by_record(p: &Params, scope: &Scope) -> Result<bool, ApiError> {
    let asked = match p.one("by_record") {
        None | Some("" | "false" | "0") => false,
        Some("true" | "1") => true,
        Some(v) => {
            return Err(invalid(format!(
                "by_record must be true or false, not {v:?}"
            )))
        }
    };
    Ok(asked || scope.lists.is_some() || !scope.exclude.is_empty())
}

pub(crate) fn entity_answer(e: &Entity) -> answers::Entity {
    let properties = match e.to_ftm_nested() {
        Value::Object(mut m) => match m.remove("properties") {
            Some(Value::Object(p)) => p,
            _ => Map::new(),
        },
        _ => Map::new(),
    };
    answers::Entity {
        id: e.id.clone(),
        caption: e.caption().to_string(),
        schema: e.schema.name().to_string(),
        properties,
        datasets: vec![e.source.list.clone()],
        referents: Vec::new(),
        target: true,
        first_seen: e.listing_dates.first().map(|d| d.to_string()),
        last_seen: e.source.published.map(|d| d.to_string()),
        last_change: None,
        source: answers::Source {
            list: e.source.list.clone(),
            record_id: e.source.record_id.clone(),
            published: e.source.published.map(|d| d.to_string()),
        },
        party: None,
        reason: None,
        ownership: Vec::new(),
    }
    .with_ownership(e)
}

impl answers::Entity {
    /// The ownership verdicts an entity was marked with when the lists were loaded.
    fn with_ownership(mut self, e: &Entity) -> answers::Entity {
        let reasons = interdict_ownership::OwnershipReason::of(e);
        if !reasons.is_empty() {
            self.reason = Some("ownership".to_string());
            self.ownership = reasons
                .into_iter()
                .map(|r| answers::OwnershipReason {
                    regime: r.regime,
                    verdict: r.verdict,
                    listed_share: r.listed_share,
                    path: r.path,
                })
                .collect();
        }
        self
    }
}

/// Appends a scored result in yente's shape to `out`: the entity (its JSON text, an
/// object), `score`, `match`, `features` (name → value), plus interdict's full
/// `explanation`. Written straight to text: a result is mostly its entity, whose text is
/// rendered once per list version.
fn write_result(out: &mut Vec<u8>, entity: &str, r: &MatchResult) -> serde_json::Result<()> {
    let mut features: BTreeMap<&str, f64> = BTreeMap::new();
    features.insert("name_score", r.explanation.name.score);
    if r.explanation.identifier_match.is_some() {
        features.insert("identifier_match", 1.0);
    }
    for f in &r.explanation.features {
        features.insert(f.name, f.contribution);
    }
    // The entity's members, then the result's: `{…members…,"score":…}`.
    let members = entity
        .strip_suffix('}')
        .filter(|m| m.starts_with('{'))
        .ok_or_else(|| serde::ser::Error::custom("an entity's JSON is not an object"))?;
    out.extend_from_slice(members.as_bytes());
    if members.len() > 1 {
        out.push(b',');
    }
    out.extend_from_slice(b"\"score\":");
    serde_json::to_writer(&mut *out, &r.score)?;
    out.extend_from_slice(b",\"match\":");
    serde_json::to_writer(&mut *out, &r.is_match)?;
    out.extend_from_slice(b",\"features\":");
    serde_json::to_writer(&mut *out, &features)?;
    out.extend_from_slice(b",\"explanations\":");
    serde_json::to_writer(&mut *out, &explanations(r))?;
    out.extend_from_slice(b",\"explanation\":");
    serde_json::to_writer(&mut *out, &r.explanation)?;
    out.push(b'}');
    Ok(())
}

/// A result's evidence as yente's `explanations`: feature name → `{score, detail, query,
/// candidate}` (its `FeatureResult`), one for the names, one for an identifier that matched
/// and one for each qualifying feature that applied, under the names `/algorithms` lists.
fn explanations(r: &MatchResult) -> BTreeMap<&'static str, FeatureResult> {
    let x = &r.explanation;
    let mut out = BTreeMap::new();
    out.insert(
        "name_score",
        FeatureResult {
            score: x.name.score,
            detail: Some(x.name_line()),
            query: Some(x.query_name.clone()),
            candidate: Some(x.matched_name.clone()),
        },
    );
    if let Some(id) = &x.identifier_match {
        out.insert(
            "identifier_match",
            FeatureResult {
                score: 1.0,
                detail: Some(format!("identifier {id} on both")),
                query: Some(id.clone()),
                candidate: Some(id.clone()),
            },
        );
    }
    for f in &x.features {
        out.insert(
            f.name,
            FeatureResult {
                score: f.value,
                detail: Some(f.detail.clone()),
                query: None,
                candidate: None,
            },
        );
    }
    out
}

/// Checks one query's size before it is matched.
fn check_query(key: &str, q: &Value, cfg: &crate::Config) -> Result<(), ApiError> {
    let Value::Object(obj) = q else {
        return Err(invalid(format!("queries.{key} is not an object")));
    };
    match obj.get("schema") {
        Some(Value::String(s)) if Schema::from_name(s).is_matchable() => {}
        Some(Value::String(s)) => {
            return Err(invalid(format!(
                "queries.{key}.schema {s:?} cannot be matched: use Person, Organization, Company, \
                 LegalEntity, Vessel or Airplane"
            )))
        }
        _ => {
            return Err(invalid(format!(
                "queries.{key}.schema is missing or not a string"
            )))
        }
    }
    let Some(Value::Object(props)) = obj.get("properties") else {
        return Err(invalid(format!(
            "queries.{key}.properties is missing or not an object"
        )));
    };
    let mut count = 0;
    for (prop, values) in props {
        let values: Vec<&Value> = match values {
            Value::Array(a) => a.iter().collect(),
            other => vec![other],
        };
        for v in values {
            count += 1;
            if let Value::String(s) = v {
                if s.chars().count() > cfg.max_value_chars {
                    return Err(invalid(format!(
                        "queries.{key}.properties.{prop} has a value longer than {} characters",
                        cfg.max_value_chars
                    )));
                }
            }
        }
    }
    if count > cfg.max_values {
        return Err(invalid(format!(
            "queries.{key} has {count} property values; at most {} are accepted",
            cfg.max_values
        )));
    }
    Ok(())
}

fn limit_and_threshold(p: &Params, max_limit: usize) -> Result<(usize, f64, f64), ApiError> {
    let limit = p.number::<usize>("limit")?.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 || limit > max_limit {
        return Err(invalid(format!("limit must be between 1 and {max_limit}")));
    }
    let threshold = p
        .number::<f64>("threshold")?
        .unwrap_or(interdict_matcher::DEFAULT_THRESHOLD);
    let cutoff = p.number::<f64>("cutoff")?.unwrap_or(0.0);
    for (name, v) in [("threshold", threshold), ("cutoff", cutoff)] {
        if !(0.0..=1.0).contains(&v) {
            return Err(invalid(format!("{name} must be between 0 and 1")));
        }
    }
    Ok((limit, threshold, cutoff))
}

/// The `/match` body as far as the route reads it. `queries` is read key by key, so that a
/// key given twice is refused: a JSON object keeps only the last of duplicate keys, and a
/// screening request must never lose a query silently.
#[derive(serde::Deserialize)]
struct MatchBody {
    queries: Option<QueriesField>,
}

/// What `queries` held: an object with distinct keys, or something else (refused later with
/// the expected shape).
enum QueriesField {
    Object(Map<String, Value>),
    Other,
}

const DUPLICATE_KEY: &str = "given twice";

impl<'de> serde::Deserialize<'de> for QueriesField {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = QueriesField;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of queries")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<QueriesField, A::Error> {
                let mut out = Map::new();
                while let Some(key) = map.next_key::<String>()? {
                    if out.contains_key(&key) {
                        return Err(serde::de::Error::custom(format!(
                            "queries: the key {key:?} is {DUPLICATE_KEY}; each query needs a key \
                             of its own"
                        )));
                    }
                    let v: Value = map.next_value()?;
                    out.insert(key, v);
                }
                Ok(QueriesField::Object(out))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<QueriesField, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(QueriesField::Other)
            }
            fn visit_bool<E>(self, _: bool) -> Result<QueriesField, E> {
                Ok(QueriesField::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<QueriesField, E> {
                Ok(QueriesField::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<QueriesField, E> {
                Ok(QueriesField::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<QueriesField, E> {
                Ok(QueriesField::Other)
            }
            fn visit_str<E>(self, _: &str) -> Result<QueriesField, E> {
                Ok(QueriesField::Other)
            }
            fn visit_unit<E>(self) -> Result<QueriesField, E> {
                Ok(QueriesField::Other)
            }
        }
        d.deserialize_any(Visit)
    }
}

pub(crate) async fn match_entities(
    State(state): State<Arc<AppState>>,
    Path(dataset): Path<String>,
    RawQuery(raw): RawQuery,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, ApiError> {
    // Too large or unreadable: the framework's reason, as JSON.
    let body = body.map_err(|e| ApiError(e.status(), e.body_text()))?;
    let cfg = state.config();
    let p = Params::parse(raw)?;
    let (limit, threshold, cutoff) = limit_and_threshold(&p, cfg.max_limit)?;
    if let Some(a) = p.one("algorithm") {
        if a != ALGORITHM && !YENTE_ALGORITHMS.contains(&a) {
            return Err(invalid(format!(
                "unknown algorithm {a:?}; see /algorithms ({ALGORITHM}; yente's names are accepted \
                 and use it)"
            )));
        }
    }
    if p.one("changed_since")
        .is_some_and(|d| interdict_model::PartialDate::parse_iso(d).is_none())
    {
        return Err(invalid("changed_since must be a date (YYYY-MM-DD)"));
    }
    let shape = "the body must be {\"queries\": {\"<key>\": <entity>, …}}";
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        // Valid JSON of another shape, or no JSON at all.
        return Err(
            match serde_json::from_slice::<serde::de::IgnoredAny>(&body) {
                Ok(_) => invalid(shape),
                Err(e) => bad(format!("the body is not valid JSON: {e}")),
            },
        );
    }
    let body: MatchBody = serde_json::from_slice(&body).map_err(|e| match e.classify() {
        serde_json::error::Category::Data if e.to_string().contains(DUPLICATE_KEY) => {
            invalid(e.to_string())
        }
        serde_json::error::Category::Data => invalid(shape),
        _ => bad(format!("the body is not valid JSON: {e}")),
    })?;
    let Some(QueriesField::Object(queries)) = body.queries else {
        return Err(invalid(shape));
    };
    if queries.len() > cfg.max_queries {
        return Err(invalid(format!(
            "{} queries in one request; at most {} are accepted",
            queries.len(),
            cfg.max_queries
        )));
    }
    for (k, q) in &queries {
        check_query(k, q, cfg)?;
    }
    let loaded = state.loaded();
    let scope = Scope::new(&loaded, &dataset, &p)?;
    let changed_since = p
        .one("changed_since")
        .and_then(interdict_model::PartialDate::parse_iso);
    let by_record = by_record(&p, &scope)?;
    let single = queries.len() == 1;
    // The answer is written as text as it is made (no JSON tree of the results):
    // `{"responses": {"<key>": {"status", "total", "results", "query"}, …}, "matcher", "limit"}`.
    let work = move || -> serde_json::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(16 << 10);
        out.extend_from_slice(b"{\"responses\":{");
        for (n, (key, q)) in queries.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            serde_json::to_writer(&mut out, key)?;
            out.push(b':');
            let query = match query_from_value(
                q,
                &Mapping::default(),
                &Schema::LegalEntity,
                DateOrder::Strict,
            ) {
                Ok(q) => q,
                Err(problem) => {
                    let answer = QueryResponse {
                        status: 400,
                        results: Vec::new(),
                        total: Total::exactly(0),
                        query: q.clone(),
                        detail: Some(problem.message),
                    };
                    serde_json::to_writer(&mut out, &answer)?;
                    continue;
                }
            };
            let opts = MatchOptions {
                threshold,
                // Filters apply after scoring: ask for more, keep `limit`. Several records
                // of one party may rank together (most parties have one to four records).
                limit: if scope.lists.is_some()
                    || !scope.exclude.is_empty()
                    || !scope.exclude_schema.is_empty()
                    || changed_since.is_some()
                {
                    limit * 4
                } else if !by_record {
                    limit * 2 + 2
                } else {
                    limit
                },
                min_score: cutoff,
                ..MatchOptions::default()
            };
            let found = loaded.index.search(&query.entity, &opts);
            // The best-ranked record of each party stands for it.
            let mut parties_seen = std::collections::HashSet::new();
            let results = found
                .iter()
                .filter(|r| r.score >= cutoff)
                .filter_map(|r| {
                    let render =
                        |e: &Entity| serde_json::to_string(&entity_answer(e)).unwrap_or_default();
                    loaded.rendered(&r.id, render).map(|(e, text)| (e, text, r))
                })
                .filter(|(e, ..)| scope.admits(e))
                .filter(|(e, ..)| {
                    changed_since.is_none_or(|since| e.source.published.is_none_or(|p| p >= since))
                })
                .map(|(e, text, r)| {
                    let party = (!by_record).then(|| loaded.party_of(&r.id)).flatten();
                    (e, text, r, party)
                })
                .filter(|(_, _, r, party)| {
                    by_record || parties_seen.insert(party.map_or(r.id.as_str(), |p| p.id.as_str()))
                })
                .take(limit);
            out.extend_from_slice(b"{\"status\":200,\"results\":[");
            let mut total = 0;
            for (e, text, r, party) in results {
                if total > 0 {
                    out.push(b',');
                }
                match party {
                    // A party of several records: its id, lists and records, this record's
                    // properties.
                    Some(p) => {
                        let render = |e: &Entity| {
                            serde_json::to_string(&party_answer(e, Some(p))).unwrap_or_default()
                        };
                        let merged = loaded.rendered_in_party(&e.id, render).unwrap_or(text);
                        write_result(&mut out, merged, r)?;
                    }
                    None => write_result(&mut out, text, r)?,
                }
                total += 1;
            }
            out.extend_from_slice(b"],\"total\":{\"value\":");
            serde_json::to_writer(&mut out, &total)?;
            out.extend_from_slice(b",\"relation\":\"eq\"},\"query\":");
            serde_json::to_writer(&mut out, q)?;
            out.push(b'}');
        }
        out.extend_from_slice(b"},\"matcher\":");
        out.extend_from_slice(feature_docs().as_bytes());
        out.extend_from_slice(b",\"limit\":");
        serde_json::to_writer(&mut out, &limit)?;
        out.push(b'}');
        Ok(out)
    };
    // Matching is CPU work: a batch goes to the blocking threads. One query (≈ 0.2 ms) runs
    // in place: handing it to another thread and back cost as much CPU as the HTTP around it.
    let answer = if single {
        work()
    } else {
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|_| ApiError(StatusCode::INTERNAL_SERVER_ERROR, "matching failed".into()))?
    };
    let answer = answer.map_err(|e| internal(format!("writing the answer failed: {e}")))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], answer).into_response())
}

pub(crate) async fn search(
    State(state): State<Arc<AppState>>,
    Path(dataset): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchResponse>, ApiError> {
    let cfg = state.config();
    let p = Params::parse(raw)?;
    let q = p.one("q").unwrap_or("").trim().to_string();
    if q.chars().count() > cfg.max_value_chars {
        return Err(invalid(format!(
            "q is longer than {} characters",
            cfg.max_value_chars
        )));
    }
    let limit = p.number::<usize>("limit")?.unwrap_or(10);
    if limit == 0 || limit > cfg.max_limit {
        return Err(invalid(format!(
            "limit must be between 1 and {}",
            cfg.max_limit
        )));
    }
    let offset = p.number::<usize>("offset")?.unwrap_or(0);
    let schema = match p.one("schema") {
        None | Some("") => Schema::LegalEntity,
        Some(s) if Schema::from_name(s).is_matchable() => Schema::from_name(s),
        Some(s) => return Err(invalid(format!("schema {s:?} cannot be searched"))),
    };
    // `countries`: ISO codes or names; a result must be tied to one of them.
    let mut countries = Vec::new();
    for c in p.all("countries") {
        let code = country::to_iso(c)
            .ok_or_else(|| invalid(format!("countries: {c:?} is not a country")))?;
        countries.push(code.to_string());
    }
    let loaded = state.loaded();
    let scope = Scope::new(&loaded, &dataset, &p)?;
    if q.is_empty() {
        return Err(invalid("q (the name to search for) is required"));
    }
    let by_record = by_record(&p, &scope)?;
    let (page, total) = tokio::task::spawn_blocking(move || {
        let mut query = Entity::new("q", schema.clone());
        query.add_name(interdict_model::Name::new(
            q,
            interdict_model::NameKind::Primary,
        ));
        // Filters apply to the whole candidate pool, then the page is cut from what is
        // left: filtering a page after cutting it returned nothing for a single list.
        let opts = MatchOptions {
            limit: SEARCH_POOL,
            candidates: SEARCH_POOL,
            ..MatchOptions::default()
        };
        let mut seen = std::collections::HashSet::new();
        let hits: Vec<_> = loaded
            .index
            .search(&query, &opts)
            .iter()
            .filter_map(|r| loaded.index.entity(&r.id))
            .filter(|e| scope.admits(e) && e.schema.is_a(&schema))
            .filter(|e| {
                countries.is_empty()
                    || e.tied_countries()
                        .any(|c| countries.iter().any(|x| country::agree(x, c)))
            })
            // One hit per party (its best-ranked record), unless asked per record.
            .map(|e| (e, (!by_record).then(|| loaded.party_of(&e.id)).flatten()))
            .filter(|(e, party)| seen.insert(party.map_or(&e.id, |p| &p.id).clone()))
            .collect();
        let total = hits.len();
        let page: Vec<answers::Entity> = hits
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|(e, party)| party_answer(e, party))
            .collect();
        (page, total)
    })
    .await
    .map_err(|_| ApiError(StatusCode::INTERNAL_SERVER_ERROR, "search failed".into()))?;
    // The pool is the best SEARCH_POOL names: more may score lower.
    let relation = if total >= SEARCH_POOL {
        Relation::Gte
    } else {
        Relation::Eq
    };
    Ok(Json(SearchResponse {
        results: page,
        total: Total {
            value: total,
            relation,
        },
        limit,
        offset,
        facets: Map::new(),
    }))
}

/// Listed names scored for one `/search` (the best of them are the hits that can be paged).
const SEARCH_POOL: usize = 500;

pub(crate) async fn entity(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<answers::Entity>, ApiError> {
    let loaded = state.loaded();
    let e = loaded.index.entity(&id).ok_or_else(|| {
        ApiError(
            StatusCode::NOT_FOUND,
            format!("no entity {id:?} in the loaded lists"),
        )
    })?;
    let mut answer = entity_answer(e);
    // The record as listed, and the party it belongs to on other lists: every record's
    // values together, each with its lists.
    if let Some(p) = loaded.party_of(&e.id) {
        answer.party = Some(answers::PartyValues {
            id: p.id.clone(),
            datasets: p.lists.clone(),
            members: p.members.clone(),
            properties: p.merged_values(|m| loaded.index.entity(m)),
        });
    }
    Ok(Json(answer))
}

/// yente's page size for `/entities/{id}/adjacent`.
const ADJACENT_LIMIT: usize = 10;

/// The relations of one entity, paged: the entity and, keyed by the FtM reverse property
/// that names the link ("ownershipOwner", "unknownLinkTo"…), one page of the relation
/// entities that have it at one end, each with the entity at its other end nested in place
/// of that id (as yente answers). `limit` and `offset` page every property's list alike.
fn adjacency(state: &AppState, id: &str, raw: Option<String>) -> Result<Adjacency, ApiError> {
    let cfg = state.config();
    let p = Params::parse(raw)?;
    let limit = p.number::<usize>("limit")?.unwrap_or(ADJACENT_LIMIT);
    if limit == 0 || limit > cfg.max_limit {
        return Err(invalid(format!(
            "limit must be between 1 and {}",
            cfg.max_limit
        )));
    }
    let offset = p.number::<usize>("offset")?.unwrap_or(0);
    let loaded = state.loaded();
    let e = loaded.index.entity(id).ok_or_else(|| {
        ApiError(
            StatusCode::NOT_FOUND,
            format!("no entity {id:?} in the loaded lists"),
        )
    })?;
    // property → relations, in the lists' order.
    let mut by_prop: std::collections::BTreeMap<&str, Vec<&Entity>> = Default::default();
    for r in loaded.index.entities() {
        let (Some(rel), Some((from_rev, to_rev))) = (&r.relation, r.schema.relation_reverse())
        else {
            continue;
        };
        if rel.from == e.id {
            by_prop.entry(from_rev).or_default().push(r);
        }
        if rel.to == e.id {
            by_prop.entry(to_rev).or_default().push(r);
        }
    }
    let page = |results: Vec<answers::Entity>, total: usize| AdjacentPage {
        results,
        total: Total::exactly(total),
        limit,
        offset,
    };
    let mut adjacent = BTreeMap::new();
    for (prop, relations) in by_prop {
        let results: Vec<answers::Entity> = relations
            .iter()
            .skip(offset)
            .take(limit)
            .map(|r| relation_json(r, &e.id, &loaded.index))
            .collect();
        adjacent.insert(prop.to_string(), page(results, relations.len()));
    }
    Ok(Adjacency {
        entity: entity_answer(e),
        adjacent,
        empty: page(Vec::new(), 0),
    })
}

/// An entity's relations, paged (see [`adjacency`]).
struct Adjacency {
    /// The entity itself.
    entity: answers::Entity,
    /// Reverse property → one page of relations.
    adjacent: BTreeMap<String, AdjacentPage>,
    /// The page of a property the entity has no relation by.
    empty: AdjacentPage,
}

/// `GET /entities/{id}/adjacent`: the entity and its relations by property (see
/// [`adjacency`]), yente's `EntityAdjacentResponse`.
pub(crate) async fn adjacent(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<AdjacentResponse>, ApiError> {
    let a = adjacency(&state, &id, raw)?;
    Ok(Json(AdjacentResponse {
        entity: a.entity,
        adjacent: a.adjacent,
    }))
}

/// `GET /entities/{id}/adjacent/{prop}`: one property's page of relations (see
/// [`adjacency`]); a property the entity has no relation by is an empty page.
pub(crate) async fn adjacent_property(
    State(state): State<Arc<AppState>>,
    Path((id, prop)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> Result<Json<AdjacentPage>, ApiError> {
    let mut a = adjacency(&state, &id, raw)?;
    let page = a.adjacent.remove(&prop).unwrap_or(a.empty);
    Ok(Json(page))
}

/// A relation entity in yente's nested shape: the end that is not `seen` replaced by that
/// entity (when loaded), so a client reads the linked party without another request.
fn relation_json(
    r: &Entity,
    seen: &str,
    index: &interdict_matcher::CandidateIndex,
) -> answers::Entity {
    let mut v = entity_answer(r);
    if let (Some(rel), Some((from, to))) = (&r.relation, r.schema.relation_ends()) {
        let other = if rel.from == seen {
            (to, &rel.to)
        } else {
            (from, &rel.from)
        };
        if let Some(linked) = index.entity(other.1) {
            let nested = serde_json::to_value(entity_answer(linked)).unwrap_or(Value::Null);
            v.properties
                .insert(other.0.to_string(), Value::Array(vec![nested]));
        }
    }
    v
}
