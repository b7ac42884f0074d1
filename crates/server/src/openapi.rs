//! The API description: one table of routes, from which `/openapi.json` (OpenAPI 3.0) and
//! the `/docs` page are generated, and which the tests check against the running router.

use maud::{html, PreEscaped, DOCTYPE};
use serde_json::{json, Map, Value};

/// A query parameter.
#[derive(Clone, Copy)]
pub struct Param {
    /// Name.
    pub name: &'static str,
    /// JSON schema type: string, integer, number.
    pub kind: &'static str,
    /// What it does.
    pub doc: &'static str,
}

/// One route.
pub struct Route {
    /// HTTP method, lower case.
    pub method: &'static str,
    /// Path with `{placeholders}`.
    pub path: &'static str,
    /// One line.
    pub summary: &'static str,
    /// Query parameters.
    pub params: &'static [Param],
    /// An example request body, if it takes one.
    pub body: Option<&'static str>,
    /// Whether it needs an API key (when keys are configured) or an admin key.
    pub auth: Auth,
}

/// Who may call a route.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// Anyone.
    Open,
    /// An API key, when keys are configured.
    ApiKey,
    /// An admin key.
    Admin,
}

const DATASET_FILTERS: [Param; 3] = [
    Param {
        name: "include_dataset",
        kind: "string",
        doc: "Only these lists (repeatable)",
    },
    Param {
        name: "exclude_dataset",
        kind: "string",
        doc: "Not these lists (repeatable)",
    },
    Param {
        name: "exclude_schema",
        kind: "string",
        doc: "Not these schemata (repeatable)",
    },
];

/// Every route the server answers.
pub const ROUTES: &[Route] = &[
    Route {
        method: "post",
        path: "/match/{dataset}",
        summary: "Match FollowTheMoney entities against a dataset (yente's /match)",
        params: &[
            Param { name: "limit", kind: "integer", doc: "Results per query (default 5)" },
            Param { name: "threshold", kind: "number", doc: "Score for match: true (default 0.66)" },
            Param { name: "cutoff", kind: "number", doc: "Leave out results scoring less" },
            Param { name: "algorithm", kind: "string", doc: "interdict-v1; yente's names are accepted" },
            Param { name: "changed_since", kind: "string", doc: "Only lists published since (YYYY-MM-DD)" },
            DATASET_FILTERS[0],
            DATASET_FILTERS[1],
            DATASET_FILTERS[2],
        ],
        body: Some(r#"{"queries": {"q1": {"schema": "Company", "properties": {"name": ["AO OEZ PPT Alabuga"], "country": ["ru"]}}}}"#),
        auth: Auth::ApiKey,
    },
    Route {
        method: "get",
        path: "/search/{dataset}",
        summary: "Search listed entities by name",
        params: &[
            Param { name: "q", kind: "string", doc: "The name" },
            Param { name: "schema", kind: "string", doc: "Person, Company, Organization, LegalEntity, Vessel, Airplane: results of that schema or one below it (LegalEntity: people and organizations)" },
            Param { name: "countries", kind: "string", doc: "Only entities tied to this country (ISO code or name; repeatable)" },
            Param { name: "limit", kind: "integer", doc: "Results (default 10)" },
            Param { name: "offset", kind: "integer", doc: "Skip this many" },
            DATASET_FILTERS[0],
            DATASET_FILTERS[1],
            DATASET_FILTERS[2],
        ],
        body: None,
        auth: Auth::ApiKey,
    },
    Route { method: "get", path: "/entities/{id}", summary: "One listed entity", params: &[], body: None, auth: Auth::ApiKey },
    Route {
        method: "get",
        path: "/entities/{id}/adjacent",
        summary: "The relations an entity has, keyed by FtM reverse property, the linked entities nested",
        params: &[
            Param { name: "limit", kind: "integer", doc: "Relations per property (default 10)" },
            Param { name: "offset", kind: "integer", doc: "Skip this many per property" },
        ],
        body: None,
        auth: Auth::ApiKey,
    },
    Route {
        method: "get",
        path: "/entities/{id}/adjacent/{prop}",
        summary: "One reverse property's page of an entity's relations",
        params: &[
            Param { name: "limit", kind: "integer", doc: "Relations (default 10)" },
            Param { name: "offset", kind: "integer", doc: "Skip this many" },
        ],
        body: None,
        auth: Auth::ApiKey,
    },
    Route { method: "get", path: "/catalog", summary: "The loaded lists as datasets", params: &[], body: None, auth: Auth::ApiKey },
    Route { method: "get", path: "/algorithms", summary: "The matcher and its feature weights", params: &[], body: None, auth: Auth::ApiKey },
    Route {
        method: "get",
        path: "/reconcile/{dataset}",
        summary: "OpenRefine reconciliation: service manifest (no key needed), answers to `queries`, or data extension (`extend`)",
        params: &[
            Param { name: "queries", kind: "string", doc: "JSON object of reconciliation queries" },
            Param { name: "extend", kind: "string", doc: "JSON data extension request: {\"ids\": [...], \"properties\": [{\"id\": \"birthDate\"}]}" },
            Param { name: "api_key", kind: "string", doc: "An API key, as OpenRefine sends it (reconciliation routes only)" },
        ],
        body: None,
        auth: Auth::ApiKey,
    },
    Route {
        method: "post",
        path: "/reconcile/{dataset}",
        summary: "OpenRefine reconciliation: form field `queries` (or `extend`)",
        params: &[],
        body: Some(r#"queries={"q0": {"query": "Zala Aero", "type": "Company"}}"#),
        auth: Auth::ApiKey,
    },
    Route {
        method: "get",
        path: "/reconcile/{dataset}/suggest/entity",
        summary: "OpenRefine entity suggestions",
        params: &[Param { name: "prefix", kind: "string", doc: "What the user typed" }],
        body: None,
        auth: Auth::ApiKey,
    },
    Route {
        method: "get",
        path: "/reconcile/{dataset}/suggest/property",
        summary: "OpenRefine property suggestions (for data extension)",
        params: &[Param { name: "prefix", kind: "string", doc: "What the user typed" }],
        body: None,
        auth: Auth::ApiKey,
    },
    Route {
        method: "get",
        path: "/reconcile/{dataset}/extend/propose",
        summary: "The properties a reconciled column can be extended with",
        params: &[
            Param { name: "type", kind: "string", doc: "Person, Company, Organization, LegalEntity, Vessel, Airplane" },
            Param { name: "limit", kind: "integer", doc: "At most this many" },
        ],
        body: None,
        auth: Auth::ApiKey,
    },
    Route {
        method: "get",
        path: "/reconcile/{dataset}/preview",
        summary: "An HTML card of one entity, for OpenRefine's preview frame",
        params: &[Param { name: "id", kind: "string", doc: "The entity id" }],
        body: None,
        auth: Auth::ApiKey,
    },
    Route { method: "get", path: "/metrics", summary: "Prometheus metrics", params: &[], body: None, auth: Auth::ApiKey },
    Route {
        method: "get",
        path: "/alerts",
        summary: "Alerts raised by `interdict screen --alerts`, newest first",
        params: &[
            Param { name: "status", kind: "string", doc: "open, suppressed or decided" },
            Param { name: "limit", kind: "integer", doc: "At most this many (default 100)" },
        ],
        body: None,
        auth: Auth::ApiKey,
    },
    Route { method: "get", path: "/alerts/{id}", summary: "One alert with its evidence and decisions", params: &[], body: None, auth: Auth::ApiKey },
    Route {
        method: "post",
        path: "/alerts/{id}/decisions",
        summary: "Record a decision (true_match, false_positive, escalate); appended to the audit log",
        params: &[],
        body: Some(r#"{"decision": "false_positive", "reason": "different date of birth", "user": "analyst@example.com"}"#),
        auth: Auth::ApiKey,
    },
    Route { method: "get", path: "/openapi.json", summary: "This description, OpenAPI 3.0", params: &[], body: None, auth: Auth::Open },
    Route { method: "get", path: "/docs", summary: "This description as a page", params: &[], body: None, auth: Auth::Open },
    Route { method: "get", path: "/healthz", summary: "Liveness", params: &[], body: None, auth: Auth::Open },
    Route { method: "get", path: "/readyz", summary: "Readiness: lists loaded", params: &[], body: None, auth: Auth::Open },
    Route {
        method: "post",
        path: "/admin/import",
        summary: "Import list files (multipart `file` parts; `format`, `list`, `published`) and swap them in",
        params: &[],
        body: None,
        auth: Auth::Admin,
    },
    Route { method: "post", path: "/admin/reload", summary: "Serve what the store holds now", params: &[], body: None, auth: Auth::Admin },
];

/// What a route answers with on success: JSON of a named component schema, or text of a
/// media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// `application/json`, described by `#/components/schemas/{name}`.
    Json(&'static str),
    /// Another media type (`text/html`, `text/plain`).
    Text(&'static str),
}

/// The success answer of each route (a test checks every route has one the schemas define,
/// and that the running server's answers fit it).
pub fn response(r: &Route) -> Answer {
    use Answer::*;
    match (r.method, r.path) {
        ("post", "/match/{dataset}") => Json("MatchResponse"),
        ("get", "/search/{dataset}") => Json("SearchResponse"),
        ("get", "/entities/{id}") => Json("Entity"),
        ("get", "/entities/{id}/adjacent") => Json("AdjacentResponse"),
        ("get", "/entities/{id}/adjacent/{prop}") => Json("AdjacentPage"),
        ("get", "/catalog") => Json("Catalog"),
        ("get", "/algorithms") => Json("Algorithms"),
        (_, "/reconcile/{dataset}") => Json("ReconcileAnswer"),
        ("get", "/reconcile/{dataset}/suggest/entity") => Json("Suggestions"),
        ("get", "/reconcile/{dataset}/suggest/property") => Json("Suggestions"),
        ("get", "/reconcile/{dataset}/extend/propose") => Json("PropertyProposal"),
        ("get", "/reconcile/{dataset}/preview") => Text("text/html"),
        ("get", "/metrics") => Text("text/plain"),
        ("get", "/alerts") => Json("Alerts"),
        ("get", "/alerts/{id}") => Json("AlertWithDecisions"),
        ("post", "/alerts/{id}/decisions") => Json("Decision"),
        ("get", "/openapi.json") => Json("OpenApiDocument"),
        ("get", "/docs") => Text("text/html"),
        ("get", "/healthz") => Json("Health"),
        ("get", "/readyz") => Json("Readiness"),
        ("post", "/admin/import") => Json("Imported"),
        ("post", "/admin/reload") => Json("Reloaded"),
        _ => Json("Unknown"),
    }
}

/// The component schemas the routes answer with (OpenAPI 3.0 schema objects). Members not
/// listed may appear: the shapes follow yente's, which clients read leniently.
fn schemas() -> Value {
    let string = json!({"type": "string"});
    let strings = json!({"type": "array", "items": {"type": "string"}});
    let total = json!({"type": "object", "properties": {"value": {"type": "integer"}, "relation": {"type": "string", "enum": ["eq", "gte"]}}, "required": ["value", "relation"]});
    let feature = json!({"type": "object", "properties": {"score": {"type": "number"}, "detail": {"type": "string", "nullable": true}, "query": {"type": "string", "nullable": true}, "candidate": {"type": "string", "nullable": true}}, "required": ["score"]});
    json!({
        "Error": {"type": "object", "properties": {"detail": string}, "required": ["detail"]},
        "Entity": {
            "type": "object",
            "description": "A FollowTheMoney entity as yente serves it",
            "properties": {
                "id": string, "caption": string, "schema": string,
                "properties": {"type": "object", "additionalProperties": {"type": "array", "items": {}}},
                "datasets": strings, "referents": strings, "target": {"type": "boolean"},
                "first_seen": {"type": "string", "nullable": true},
                "last_seen": {"type": "string", "nullable": true},
                "last_change": {"type": "string", "nullable": true},
            },
            "required": ["id", "caption", "schema", "properties", "datasets"],
        },
        "ScoredEntity": {"allOf": [
            {"$ref": "#/components/schemas/Entity"},
            {"type": "object", "properties": {
                "score": {"type": "number"}, "match": {"type": "boolean"},
                "explanations": {"type": "object", "additionalProperties": feature},
                "features": {"type": "object", "additionalProperties": {"type": "number"}},
                "explanation": {"type": "object", "description": "interdict's full explanation: matched names, token pairs, caps"},
            }, "required": ["score", "match", "explanations"]},
        ]},
        "MatchResponse": {"type": "object", "properties": {
            "responses": {"type": "object", "additionalProperties": {"type": "object", "properties": {
                "status": {"type": "integer"},
                "results": {"type": "array", "items": {"$ref": "#/components/schemas/ScoredEntity"}},
                "total": total, "query": {"type": "object"},
            }, "required": ["status", "results", "total", "query"]}},
            "matcher": {"type": "object"},
            "limit": {"type": "integer"},
        }, "required": ["responses", "limit"]},
        "SearchResponse": {"type": "object", "properties": {
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/Entity"}},
            "total": total, "limit": {"type": "integer"}, "offset": {"type": "integer"},
            "facets": {"type": "object"},
        }, "required": ["results", "total", "limit", "offset", "facets"]},
        "AdjacentPage": {"type": "object", "properties": {
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/Entity"}},
            "total": total, "limit": {"type": "integer"}, "offset": {"type": "integer"},
        }, "required": ["results", "total", "limit", "offset"]},
        "AdjacentResponse": {"type": "object", "properties": {
            "entity": {"$ref": "#/components/schemas/Entity"},
            "adjacent": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/AdjacentPage"}},
        }, "required": ["entity", "adjacent"]},
        "Catalog": {"type": "object", "properties": {
            "datasets": {"type": "array", "items": {"type": "object", "properties": {
                "name": string, "title": string, "children": strings,
                "entity_count": {"type": "integer", "nullable": true},
                "updated_at": {"type": "string", "nullable": true},
            }, "required": ["name", "title"]}},
            "current": strings, "outdated": strings, "index_stale": {"type": "boolean"},
        }, "required": ["datasets", "current"]},
        "Algorithms": {"type": "object", "properties": {
            "algorithms": {"type": "array", "items": {"type": "object", "properties": {
                "name": string, "description": string,
                "features": {"type": "object", "additionalProperties": {"type": "object", "properties": {"description": string, "coefficient": {"type": "number"}, "url": string}, "required": ["coefficient", "url"]}},
                "docs": {"type": "object"},
            }, "required": ["name", "features", "docs"]}},
            "default": string, "best": string,
        }, "required": ["algorithms", "default", "best"]},
        "ReconcileAnswer": {
            "type": "object",
            "description": "The reconciliation service manifest (no parameters), a batch of results keyed as the `queries` were, or a data extension answer (`meta`, `rows`): the protocol's 0.2 JSON schemas define each",
        },
        "Suggestions": {"type": "object", "properties": {"result": {"type": "array", "items": {"type": "object", "properties": {"id": string, "name": string, "description": string}, "required": ["id", "name"]}}}, "required": ["result"]},
        "PropertyProposal": {"type": "object", "properties": {"type": string, "properties": {"type": "array", "items": {"type": "object", "properties": {"id": string, "name": string}, "required": ["id", "name"]}}}, "required": ["properties"]},
        "Alert": {"type": "object", "properties": {
            "id": {"type": "integer"}, "run_id": {"type": "integer"}, "record_key": string, "record_name": string,
            "entity_id": string, "entity_caption": string, "list": string, "list_version": {"type": "integer"},
            "score": {"type": "number"}, "status": {"type": "string", "enum": ["open", "suppressed", "decided"]},
            "suppressed_by": {"type": "integer", "nullable": true}, "created_at": string, "explanation": {},
        }, "required": ["id", "entity_id", "score", "status"]},
        "Alerts": {"type": "object", "properties": {"alerts": {"type": "array", "items": {"$ref": "#/components/schemas/Alert"}}}, "required": ["alerts"]},
        "Decision": {"type": "object", "properties": {
            "id": {"type": "integer"}, "alert_id": {"type": "integer"},
            "decision": {"type": "string", "enum": ["false_positive", "true_match", "escalate"]},
            "reason": string, "user": string, "decided_at": string,
        }, "required": ["id", "alert_id", "decision"]},
        "AlertWithDecisions": {"type": "object", "properties": {
            "alert": {"$ref": "#/components/schemas/Alert"},
            "decisions": {"type": "array", "items": {"$ref": "#/components/schemas/Decision"}},
        }, "required": ["alert", "decisions"]},
        "OpenApiDocument": {"type": "object", "description": "This document", "properties": {"openapi": string, "paths": {"type": "object"}}, "required": ["openapi", "paths"]},
        "Health": {"type": "object", "properties": {"status": string}, "required": ["status"]},
        "Readiness": {"type": "object", "properties": {"status": string, "entities": {"type": "integer"}, "names": {"type": "integer"}, "lists": strings}, "required": ["status"]},
        "Imported": {"type": "object", "properties": {"imported": {"type": "array", "items": {"type": "object"}}, "reloaded": {"type": "object"}}, "required": ["imported"]},
        "Reloaded": {"type": "object", "properties": {"reloaded": {"type": "object"}}, "required": ["reloaded"]},
    })
}

/// The OpenAPI 3.0 document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for r in ROUTES {
        let mut params: Vec<Value> = r
            .params
            .iter()
            .map(|p| {
                // A repeatable parameter (its doc says so) is an array, each value its own
                // `name=value` pair.
                if p.doc.contains("repeatable") {
                    json!({"name": p.name, "in": "query", "required": false, "description": p.doc, "schema": {"type": "array", "items": {"type": p.kind}}, "style": "form", "explode": true})
                } else {
                    json!({"name": p.name, "in": "query", "required": false, "description": p.doc, "schema": {"type": p.kind}})
                }
            })
            .collect();
        for seg in r.path.split('/') {
            if let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                params.push(json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}));
            }
        }
        let ok = match response(r) {
            Answer::Json(schema) => {
                json!({"description": "OK", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}})
            }
            Answer::Text(ct) => {
                json!({"description": "OK", "content": {ct: {"schema": {"type": "string"}}}})
            }
        };
        let status = if r.path.ends_with("/decisions") {
            "201"
        } else {
            "200"
        };
        let mut op = json!({
            "summary": r.summary,
            "parameters": params,
            "responses": {
                status: ok,
                "4XX": {"description": "Client error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            },
        });
        if let Some(example) = r.body {
            let ct = if r.path.starts_with("/reconcile") {
                "application/x-www-form-urlencoded"
            } else {
                "application/json"
            };
            op["requestBody"] = json!({"required": true, "content": {ct: {"example": example}}});
        }
        if r.path == "/admin/import" {
            op["requestBody"] = json!({"required": true, "content": {"multipart/form-data": {"schema": {"type": "object"}}}});
        }
        match r.auth {
            Auth::Open => op["security"] = json!([]),
            Auth::ApiKey => op["security"] = json!([{"ApiKey": []}]),
            Auth::Admin => op["security"] = json!([{"AdminKey": []}]),
        }
        let entry = paths.entry(r.path.to_string()).or_insert_with(|| json!({}));
        entry[r.method] = op;
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "interdict",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Sanctions and export-control screening. Request and response shapes follow OpenSanctions' yente; differences are listed in docs/http-api.md.",
        },
        "paths": paths,
        "components": {
            "securitySchemes": {
                "ApiKey": {"type": "apiKey", "in": "header", "name": "Authorization", "description": "`ApiKey <key>` (or `Bearer <key>`, or the X-Api-Key header)"},
                "AdminKey": {"type": "apiKey", "in": "header", "name": "Authorization", "description": "`ApiKey <admin key>`"},
            },
            "schemas": schemas(),
        },
    })
}

/// The `/docs` page: the same table, readable, with no external assets.
pub fn page() -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { "interdict API" }
                style { (PreEscaped(DOCS_STYLE)) }
            }
            body {
                h1 { "interdict HTTP API" }
                p {
                    "Sanctions and export-control screening in OpenSanctions yente's request and response shapes. Machine-readable: "
                    a href="/openapi.json" { "/openapi.json" } ". Keys: " code { "Authorization: ApiKey <key>" }
                    ". Errors: " code { "{\"detail\": \"…\"}" } " with a 4xx status."
                }
                table {
                    tr { th { "method" } th { "path" } th { "what" } th { "parameters" } th { "access" } }
                    @for r in ROUTES {
                        tr {
                            td { b { (r.method.to_uppercase()) } }
                            td { code { (r.path) } }
                            td { (r.summary) @if let Some(body) = r.body { pre { (body) } } }
                            td {
                                @for (i, p) in r.params.iter().enumerate() {
                                    @if i > 0 { br; }
                                    code { (p.name) } " " (p.doc)
                                }
                            }
                            td {
                                @match r.auth {
                                    Auth::Open => "open",
                                    Auth::ApiKey => "API key",
                                    Auth::Admin => "admin key",
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    .into_string()
}

const DOCS_STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.4em .6em;vertical-align:top;text-align:left}pre{background:#f5f5f5;padding:.4em;white-space:pre-wrap}";
