//! The API description: one table of routes, from which `/openapi.json` (OpenAPI 3.0) and
//! the `/docs` page are generated, and which the tests check against the running router.

use crate::answers;
use maud::{html, PreEscaped, DOCTYPE};
use serde_json::Value;
use utoipa::openapi::path::{
    HttpMethod, Operation, OperationBuilder, Parameter, ParameterBuilder, ParameterIn,
    ParameterStyle, PathItem,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{
    Components, ComponentsBuilder, Content, ContentBuilder, Info, OpenApiBuilder, PathsBuilder,
    Ref, RefOr, Required, ResponseBuilder,
};
use utoipa::ToSchema;

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
            Param { name: "by_record", kind: "boolean", doc: "One result per listed record; by default, when every list is screened (no dataset named), one per party: a party on several lists answers once, with its id, every list in datasets and its other records in referents" },
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
            Param { name: "by_record", kind: "boolean", doc: "One hit per listed record; by default, when every list is searched, one per party" },
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
    Route {
        method: "get",
        path: "/ownership/{id}",
        summary: "Whether listed parties' holdings block an entity: a verdict per regime (OFAC, EU, UK) with the listed share and every proof path",
        params: &[
            Param { name: "regime", kind: "string", doc: "ofac, eu, uk or all (default all)" },
            Param { name: "at", kind: "string", doc: "The day (YYYY-MM-DD): holdings that ended before it or start after it do not count (default: the day the lists were loaded)" },
        ],
        body: None,
        auth: Auth::ApiKey,
    },
    Route {
        method: "post",
        path: "/goods",
        summary: "Screen shipment or order lines: CHPL items (declared code or description), destinations of concern and listed parties; one verdict (block, review, clear) per line with the policy rule that decided it and every reason",
        params: &[],
        body: Some(r#"{"lines": [{"id": "L1", "hs_code": "8542.31.0001", "description": "STM32F405 microcontroller", "destination": "Kyrgyzstan", "consignee": "AO OEZ PPT ALABUGA"}]}"#),
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
            Param { name: "status", kind: "string", doc: "open, pending, suppressed or decided" },
            Param { name: "limit", kind: "integer", doc: "At most this many (default 100)" },
        ],
        body: None,
        auth: Auth::ApiKey,
    },
    Route { method: "get", path: "/alerts/{id}", summary: "One alert with its evidence and decisions", params: &[], body: None, auth: Auth::ApiKey },
    Route {
        method: "post",
        path: "/alerts/{id}/decisions",
        summary: "Record a decision (true_match, false_positive, escalate); appended to the audit log. Under four eyes (`serve --four-eyes`) the decision is proposed (202) and final once a second user approves it in the workbench",
        params: &[],
        body: Some(r#"{"decision": "false_positive", "reason": "different date of birth", "user": "analyst@example.com"}"#),
        auth: Auth::ApiKey,
    },
    Route { method: "get", path: "/openapi.json", summary: "This description, OpenAPI 3.1", params: &[], body: None, auth: Auth::Open },
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

/// What a route answers with on success: JSON of a component schema (named by the type
/// of `answers` the handler serializes), or text of a media type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// `application/json`, described by `#/components/schemas/{name}`.
    Json(String),
    /// Another media type (`text/html`, `text/plain`).
    Text(&'static str),
}

/// JSON of the schema utoipa derives for `T`.
fn json<T: ToSchema>() -> Answer {
    Answer::Json(T::name().into_owned())
}

/// The success answer of each route (a test checks every route has one the schemas define,
/// and that the running server's answers fit it).
pub fn response(r: &Route) -> Answer {
    use answers::*;
    match (r.method, r.path) {
        ("post", "/match/{dataset}") => json::<MatchResponse>(),
        ("get", "/search/{dataset}") => json::<SearchResponse>(),
        ("get", "/entities/{id}") => json::<Entity>(),
        ("get", "/entities/{id}/adjacent") => json::<AdjacentResponse>(),
        ("get", "/entities/{id}/adjacent/{prop}") => json::<AdjacentPage>(),
        ("get", "/ownership/{id}") => json::<OwnershipAnswer>(),
        ("post", "/goods") => json::<GoodsAnswer>(),
        ("get", "/catalog") => json::<Catalog>(),
        ("get", "/algorithms") => json::<Algorithms>(),
        (_, "/reconcile/{dataset}") => json::<ReconcileAnswer>(),
        ("get", "/reconcile/{dataset}/suggest/entity") => json::<Suggestions>(),
        ("get", "/reconcile/{dataset}/suggest/property") => json::<Suggestions>(),
        ("get", "/reconcile/{dataset}/extend/propose") => json::<PropertyProposal>(),
        ("get", "/reconcile/{dataset}/preview") => Answer::Text("text/html"),
        ("get", "/metrics") => Answer::Text("text/plain"),
        ("get", "/alerts") => json::<Alerts>(),
        ("get", "/alerts/{id}") => json::<AlertWithDecisions>(),
        ("post", "/alerts/{id}/decisions") => json::<interdict_store::alerts::DecisionRecord>(),
        ("get", "/openapi.json") => json::<OpenApiDocument>(),
        ("get", "/docs") => Answer::Text("text/html"),
        ("get", "/healthz") => json::<Health>(),
        ("get", "/readyz") => json::<Readiness>(),
        ("post", "/admin/import") => json::<Imported>(),
        ("post", "/admin/reload") => json::<Reloaded>(),
        _ => Answer::Text("application/octet-stream"),
    }
}

/// `T`'s schema and those it refers to.
fn with<T: ToSchema>(c: ComponentsBuilder) -> ComponentsBuilder {
    let mut nested = Vec::new();
    T::schemas(&mut nested);
    c.schema_from::<T>().schemas_from_iter(nested)
}

/// The component schemas: every answer type's, derived by utoipa from the serde types the
/// handlers serialize, and the security schemes.
fn components() -> Components {
    use answers::*;
    let mut c = ComponentsBuilder::new();
    c = with::<ErrorBody>(c);
    c = with::<MatchResponse>(c);
    c = with::<SearchResponse>(c);
    c = with::<AdjacentResponse>(c);
    c = with::<OwnershipAnswer>(c);
    c = with::<GoodsAnswer>(c);
    c = with::<Catalog>(c);
    c = with::<Algorithms>(c);
    c = with::<ReconcileAnswer>(c);
    c = with::<Suggestions>(c);
    c = with::<PropertyProposal>(c);
    c = with::<Alerts>(c);
    c = with::<AlertWithDecisions>(c);
    c = with::<interdict_store::alerts::ReviewStep>(c);
    c = with::<OpenApiDocument>(c);
    c = with::<Health>(c);
    c = with::<Readiness>(c);
    c = with::<Imported>(c);
    c = with::<Reloaded>(c);
    let key = |description: &str| {
        let mut k = ApiKeyValue::new("Authorization");
        k.description = Some(description.to_string());
        SecurityScheme::ApiKey(ApiKey::Header(k))
    };
    c.security_scheme(
        "ApiKey",
        key("`ApiKey <key>` (or `Bearer <key>`, or the X-Api-Key header)"),
    )
    .security_scheme("AdminKey", key("`ApiKey <admin key>`"))
    .build()
}

/// A `$ref` to a component schema.
fn schema_ref(name: &str) -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(name))
}

/// One operation of the route table.
fn operation(r: &Route) -> Operation {
    let mut params: Vec<Parameter> = r
        .params
        .iter()
        .map(|p| {
            let kind = match p.kind {
                "integer" => Type::Integer,
                "number" => Type::Number,
                "boolean" => Type::Boolean,
                _ => Type::String,
            };
            let one = ObjectBuilder::new().schema_type(kind).build();
            let b = ParameterBuilder::new()
                .name(p.name)
                .parameter_in(ParameterIn::Query)
                .required(Required::False)
                .description(Some(p.doc));
            // A repeatable parameter (its doc says so) is an array, each value its own
            // `name=value` pair.
            if p.doc.contains("repeatable") {
                b.schema(Some(ArrayBuilder::new().items(one).build()))
                    .style(Some(ParameterStyle::Form))
                    .explode(Some(true))
                    .build()
            } else {
                b.schema(Some(one)).build()
            }
        })
        .collect();
    for seg in r.path.split('/') {
        if let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            params.push(
                ParameterBuilder::new()
                    .name(name)
                    .parameter_in(ParameterIn::Path)
                    .required(Required::True)
                    .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                    .build(),
            );
        }
    }
    let ok = match response(r) {
        Answer::Json(name) => ResponseBuilder::new().description("OK").content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(schema_ref(&name)))
                .build(),
        ),
        Answer::Text(ct) => ResponseBuilder::new().description("OK").content(
            ct,
            ContentBuilder::new()
                .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                .build(),
        ),
    };
    let status = if r.path.ends_with("/decisions") {
        "201"
    } else {
        "200"
    };
    let error = ResponseBuilder::new().description("Client error").content(
        "application/json",
        ContentBuilder::new()
            .schema(Some(schema_ref(&answers::ErrorBody::name())))
            .build(),
    );
    let mut op = OperationBuilder::new()
        .summary(Some(r.summary))
        .parameters(Some(params))
        .response(status, ok)
        .response("4XX", error);
    if r.path.ends_with("/decisions") {
        let proposed = ResponseBuilder::new()
            .description("Proposed under four eyes: final once a second user approves it")
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(schema_ref("ReviewStep")))
                    .build(),
            );
        op = op.response("202", proposed);
    }
    let body = |ct: &str, content: Content| {
        RequestBodyBuilder::new()
            .required(Some(Required::True))
            .content(ct, content)
            .build()
    };
    if r.path == "/admin/import" {
        let form = ContentBuilder::new()
            .schema(Some(ObjectBuilder::new().schema_type(Type::Object)))
            .build();
        op = op.request_body(Some(body("multipart/form-data", form)));
    } else if let Some(example) = r.body {
        let ct = if r.path.starts_with("/reconcile") {
            "application/x-www-form-urlencoded"
        } else {
            "application/json"
        };
        // A JSON body's example is the JSON itself; a form's is its text.
        let example = serde_json::from_str(example)
            .ok()
            .filter(|_| ct == "application/json")
            .unwrap_or_else(|| Value::String(example.to_string()));
        let content = ContentBuilder::new().example(Some(example)).build();
        op = op.request_body(Some(body(ct, content)));
    }
    let security = match r.auth {
        Auth::Open => SecurityRequirement::default(),
        Auth::ApiKey => SecurityRequirement::new("ApiKey", Vec::<String>::new()),
        Auth::Admin => SecurityRequirement::new("AdminKey", Vec::<String>::new()),
    };
    op.securities(Some([security])).build()
}

/// The OpenAPI 3.1 document, built with utoipa's OpenAPI model from the route table and the
/// schemas of the answer types.
pub fn document() -> Value {
    let mut paths = PathsBuilder::new();
    for r in ROUTES {
        let method = match r.method {
            "post" => HttpMethod::Post,
            _ => HttpMethod::Get,
        };
        paths = paths.path(r.path, PathItem::new(method, operation(r)));
    }
    let mut info = Info::new("interdict", env!("CARGO_PKG_VERSION"));
    info.description = Some("Sanctions and export-control screening. Request and response shapes follow OpenSanctions' yente; differences are listed in docs/http-api.md.".into());
    let doc = OpenApiBuilder::new()
        .info(info)
        .paths(paths)
        .components(Some(components()))
        .build();
    serde_json::to_value(&doc).expect("the OpenAPI document serializes")
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
