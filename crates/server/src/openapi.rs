//! The API description: one table of routes, from which `/openapi.json` (OpenAPI 3.0) and
//! the `/docs` page are generated, and which the tests check against the running router.

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

/// The OpenAPI 3.0 document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for r in ROUTES {
        let mut params: Vec<Value> = r
            .params
            .iter()
            .map(|p| json!({"name": p.name, "in": "query", "required": false, "description": p.doc, "schema": {"type": p.kind}}))
            .collect();
        for seg in r.path.split('/') {
            if let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                params.push(json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}));
            }
        }
        let mut op = json!({
            "summary": r.summary,
            "parameters": params,
            "responses": {
                "200": {"description": "OK"},
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
            "schemas": {
                "Error": {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]},
            },
        },
    })
}

/// Text made safe inside HTML elements and quoted attributes.
pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The `/docs` page: the same table, readable, with no external assets.
pub fn page() -> String {
    let mut rows = String::new();
    for r in ROUTES {
        let params = r
            .params
            .iter()
            .map(|p| format!("<code>{}</code> {}", p.name, escape(p.doc)))
            .collect::<Vec<_>>()
            .join("<br>");
        let body = r
            .body
            .map(|b| format!("<pre>{}</pre>", escape(b)))
            .unwrap_or_default();
        let auth = match r.auth {
            Auth::Open => "open",
            Auth::ApiKey => "API key",
            Auth::Admin => "admin key",
        };
        rows.push_str(&format!(
            "<tr><td><b>{}</b></td><td><code>{}</code></td><td>{}{}</td><td>{}</td><td>{}</td></tr>\n",
            r.method.to_uppercase(),
            escape(r.path),
            escape(r.summary),
            body,
            params,
            auth
        ));
    }
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>interdict API</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:2em;max-width:70em}}table{{border-collapse:collapse}}\
         td,th{{border-bottom:1px solid #ddd;padding:.4em .6em;vertical-align:top;text-align:left}}\
         pre{{background:#f5f5f5;padding:.4em;white-space:pre-wrap}}</style></head><body>\
         <h1>interdict HTTP API</h1><p>Sanctions and export-control screening in OpenSanctions yente's \
         request and response shapes. Machine-readable: <a href=\"/openapi.json\">/openapi.json</a>. \
         Keys: <code>Authorization: ApiKey &lt;key&gt;</code>. Errors: <code>{{\"detail\": \"…\"}}</code> with a 4xx status.</p>\
         <table><tr><th>method</th><th>path</th><th>what</th><th>parameters</th><th>access</th></tr>\n{rows}</table></body></html>"
    )
}
