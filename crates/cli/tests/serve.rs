//! `interdict serve` end to end: the real server on loopback with the bundled lists, spoken
//! to over real TCP — each endpoint, API keys, limits and hostile input.

mod common;
use common::http::*;
use serde_json::{json, Value};
use std::process::Command;
use std::time::Duration;

#[test]
fn every_endpoint_answers_in_yente_shapes() {
    let s = start("endpoints", &[]);
    let (st, v) = http(&s, "GET", "/healthz", &[], b"");
    assert_eq!((st, v["status"].as_str()), (200, Some("ok")));
    let (st, v) = http(&s, "GET", "/readyz", &[], b"");
    assert_eq!(st, 200);
    assert!(v["entities"].as_u64().unwrap() > 20_000);
    let (st, cat) = http(&s, "GET", "/catalog", &[], b"");
    assert_eq!(st, 200);
    let names: Vec<&str> = cat["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"us_ofac_sdn")
            && names.contains(&"un_sc_sanctions")
            && names.contains(&"default")
    );
    // Every loaded list says when its data last changed, as yente's datasets do.
    let sdn = cat["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "us_ofac_sdn")
        .unwrap();
    let updated = sdn["updated_at"].as_str().unwrap();
    assert_eq!(
        updated,
        format!("{}T00:00:00", sdn["published"].as_str().unwrap())
    );
    let (st, alg) = http(&s, "GET", "/algorithms", &[], b"");
    assert_eq!(st, 200);
    assert!(alg["algorithms"][0]["features"]["dob_exact_match"]["coefficient"].is_number());

    // /match: the Alabuga zone by its Russian abbreviation, in yente's response shape.
    let (st, v) = http(
        &s,
        "POST",
        "/match/default",
        &[],
        &match_body("АО ОЭЗ ППТ Алабуга", "Company"),
    );
    assert_eq!(st, 200, "{v}");
    let r = &v["responses"]["q"];
    assert_eq!(r["status"], 200);
    assert_eq!(r["results"][0]["id"], "ofac-45708");
    assert_eq!(r["results"][0]["match"], true);
    for key in [
        "caption",
        "schema",
        "properties",
        "datasets",
        "score",
        "features",
        "explanations",
        "explanation",
    ] {
        assert!(!r["results"][0][key].is_null(), "result lacks {key}");
    }
    assert_eq!(r["query"]["schema"], "Company");
    assert!(r["total"]["value"].as_u64().unwrap() >= 1);
    // Each result is its entity as /entities serves it, plus the scoring members.
    for result in r["results"].as_array().unwrap() {
        let (st, entity) = http(
            &s,
            "GET",
            &format!("/entities/{}", result["id"].as_str().unwrap()),
            &[],
            b"",
        );
        assert_eq!(st, 200);
        let mut members = result.as_object().unwrap().clone();
        for key in ["score", "match", "features", "explanations", "explanation"] {
            assert!(members.remove(key).is_some(), "result lacks {key}");
        }
        assert_eq!(Value::Object(members), entity);
    }
    assert_eq!(r["total"]["value"], r["results"].as_array().unwrap().len());
    assert!(v["matcher"]["name_score"].is_object());
    assert_eq!(v["limit"], 5);
    // Birth date evidence shows as a feature.
    let body = json!({"queries": {"q": {"schema": "Person", "properties": {"name": ["Shagivaleev Timur"], "birthDate": ["1978-01-28"]}}}});
    let (_, v) = http(
        &s,
        "POST",
        "/match/default?limit=3&threshold=0.8",
        &[],
        body.to_string().as_bytes(),
    );
    assert_eq!(v["responses"]["q"]["results"][0]["id"], "ofac-45710");
    assert_eq!(
        v["responses"]["q"]["results"][0]["features"]["dob_exact_match"],
        0.08
    );
    assert!(v["responses"]["q"]["results"].as_array().unwrap().len() <= 3);
    // Datasets: each list by its own name, filters, yente's algorithm names.
    let (_, v) = http(
        &s,
        "POST",
        "/match/un_sc_sanctions",
        &[],
        &match_body("Abubakar Shekau", "Person"),
    );
    let ids = top_ids(&v);
    assert!(
        !ids.is_empty() && ids.iter().all(|i| i.starts_with("un-")),
        "{ids:?}"
    );
    let (_, v) = http(
        &s,
        "POST",
        "/match/default?exclude_dataset=us_ofac_sdn&algorithm=logic-v2",
        &[],
        &match_body("ZALA AERO", "Company"),
    );
    let results = v["responses"]["q"]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    assert!(
        results.iter().all(|r| r["datasets"][0] != "us_ofac_sdn"),
        "{v}"
    );
    let (st, v) = http(
        &s,
        "POST",
        "/match/default?algorithm=nope",
        &[],
        &match_body("x", "Company"),
    );
    assert_eq!(st, 422, "{v}");
    let (st, v) = http(
        &s,
        "POST",
        "/match/no_such_list",
        &[],
        &match_body("x", "Company"),
    );
    assert_eq!(st, 404);
    assert!(v["detail"].as_str().unwrap().contains("us_ofac_sdn"));

    // /search and /entities.
    let (st, v) = http(
        &s,
        "GET",
        "/search/us_ofac_sdn?q=zala%20aero&limit=2",
        &[],
        b"",
    );
    assert_eq!(st, 200);
    assert_eq!(v["results"][0]["id"], "ofac-45934");
    assert_eq!(v["limit"], 2);
    let (st, v) = http(&s, "GET", "/entities/ofac-45708", &[], b"");
    assert_eq!(st, 200);
    assert_eq!(v["schema"], "Organization", "OFAC states it is an Entity");
    assert!(v["properties"]["alias"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "AO OEZ PPT ALABUGA"));
    let (st, v) = http(&s, "GET", "/entities/ofac-0", &[], b"");
    assert_eq!(st, 404);
    assert!(v["detail"].is_string());
    let (st, _) = http(&s, "GET", "/no/such/route", &[], b"");
    assert_eq!(st, 404);
}

#[test]
fn api_keys_are_required_when_configured_and_off_loopback() {
    let key = "k3y-for-tests-0123456789";
    let s = start("auth", &["--api-key", key]);
    let body = match_body("ZALA AERO", "Company");
    let (st, v) = http(&s, "POST", "/match/default", &[], &body);
    assert_eq!(st, 401);
    assert!(v["detail"].as_str().unwrap().contains("ApiKey"));
    let (st, _) = http(
        &s,
        "POST",
        "/match/default",
        &[("Authorization", "ApiKey wrong-key-0123456789")],
        &body,
    );
    assert_eq!(st, 403);
    let auth = format!("ApiKey {key}");
    let (st, v) = http(
        &s,
        "POST",
        "/match/default",
        &[("Authorization", &auth)],
        &body,
    );
    assert_eq!(st, 200);
    assert_eq!(top_ids(&v)[0], "ofac-45934");
    let bearer = format!("Bearer {key}");
    assert_eq!(
        http(&s, "GET", "/catalog", &[("Authorization", &bearer)], b"").0,
        200
    );
    assert_eq!(
        http(&s, "GET", "/catalog", &[("X-Api-Key", key)], b"").0,
        200
    );
    assert_eq!(http(&s, "GET", "/catalog", &[], b"").0, 401);
    // Health checks stay open for load balancers.
    assert_eq!(http(&s, "GET", "/healthz", &[], b"").0, 200);
    // Metrics count what happened, refused requests included.
    let text = raw_get(&s, "/metrics", &[("X-Api-Key", key)]);
    assert!(
        text.contains("interdict_http_requests_total{route=\"/match/{dataset}\",status=\"401\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("interdict_http_requests_total{route=\"/match/{dataset}\",status=\"200\"} 1"),
        "{text}"
    );
    assert!(text.contains("interdict_http_request_duration_seconds_bucket{route=\"/match/{dataset}\",le=\"+Inf\"} 3"), "{text}");
    assert!(
        text.contains("interdict_list_entities{list=\"us_ofac_sdn\"}"),
        "{text}"
    );
    assert!(
        text.contains("interdict_list_age_seconds{list=\"un_sc_sanctions\"}"),
        "{text}"
    );
    // Off loopback without keys: refuses to start.
    let dir = std::env::temp_dir().join(format!("interdict-serve-open-{}", std::process::id()));
    let o = Command::new(env!("CARGO_BIN_EXE_interdict"))
        .args(["serve", "--bind", "0.0.0.0:0"])
        .env("INTERDICT_DATA_DIR", &dir)
        .env_remove("INTERDICT_API_KEYS")
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("without API keys"));
}

#[test]
fn each_key_is_rate_limited_with_429() {
    let key = "rate-limited-key-0123456789";
    let s = start("rate", &["--api-key", key, "--rate-limit", "2"]);
    let h = [("X-Api-Key", key)];
    let codes: Vec<u16> = (0..8)
        .map(|_| http(&s, "GET", "/catalog", &h, b"").0)
        .collect();
    assert_eq!(
        &codes[..4],
        &[200, 200, 200, 200],
        "a burst of twice the rate: {codes:?}"
    );
    assert!(codes[4..].contains(&429), "{codes:?}");
    let (st, v) = http(&s, "GET", "/catalog", &h, b"");
    assert_eq!(st, 429);
    assert!(v["detail"].as_str().unwrap().contains("rate limit"));
    std::thread::sleep(Duration::from_millis(1100));
    assert_eq!(
        http(&s, "GET", "/catalog", &h, b"").0,
        200,
        "tokens come back"
    );
}

#[test]
fn limits_and_hostile_input_get_clear_4xx_never_5xx() {
    let s = start(
        "limits",
        &["--max-body-bytes", "65536", "--max-queries", "3"],
    );
    let post = |body: &[u8]| http(&s, "POST", "/match/default", &[], body);
    // Malformed JSON, a lone surrogate, a body that is not {"queries": {...}}.
    for (body, status) in [
        (&b"{\"queries\": "[..], 400),
        (
            &br#"{"queries": {"q": {"schema": "Person", "properties": {"name": ["\ud800x"]}}}}"#[..],
            400,
        ),
        (&br#"[1, 2]"#[..], 422),
        (&br#"{"queries": {"q": "Alabuga"}}"#[..], 422),
        (
            &br#"{"queries": {"q": {"schema": "Ownership", "properties": {"name": ["x"]}}}}"#[..],
            422,
        ),
        (
            &br#"{"queries": {"q": {"properties": {"name": ["x"]}}}}"#[..],
            422,
        ),
    ] {
        let (st, v) = post(body);
        assert_eq!(st, status, "{}: {v}", String::from_utf8_lossy(body));
        assert!(v["detail"].is_string(), "{v}");
    }
    // Too many queries, too long a name, too many values, too large a body.
    let many: serde_json::Map<String, Value> = (0..4)
        .map(|i| {
            (
                format!("q{i}"),
                json!({"schema": "Person", "properties": {"name": ["x"]}}),
            )
        })
        .collect();
    let (st, v) = post(json!({"queries": many}).to_string().as_bytes());
    assert_eq!(st, 422);
    assert!(v["detail"].as_str().unwrap().contains("at most 3"));
    let (st, _) = post(&match_body(&"a".repeat(1001), "Person"));
    assert_eq!(st, 422);
    let values: Vec<String> = (0..201).map(|i| format!("n{i}")).collect();
    let (st, _) = post(
        json!({"queries": {"q": {"schema": "Person", "properties": {"alias": values}}}})
            .to_string()
            .as_bytes(),
    );
    assert_eq!(st, 422);
    let (st, v) = post(&match_body(&"a ".repeat(40_000), "Person"));
    assert_eq!(st, 413, "{v}");
    // Zero-width characters, bidi overrides and a flood of combining marks are cleaned:
    // the name is still found, nothing fails.
    let hostile = "\u{202E}АО\u{200B} ОЭЗ\u{200D} ППТ Ала\u{FEFF}буга\u{202C}";
    let (st, v) = post(&match_body(hostile, "Company"));
    assert_eq!(st, 200, "{v}");
    assert_eq!(top_ids(&v)[0], "ofac-45708");
    let flood = format!("Zala{} Aero", "\u{0301}".repeat(500));
    let (st, v) = post(&match_body(&flood, "Company"));
    assert_eq!(st, 200, "{v}");
    assert_eq!(top_ids(&v)[0], "ofac-45934");
    // Bad parameters.
    let (st, _) = http(
        &s,
        "POST",
        "/match/default?limit=0",
        &[],
        &match_body("x", "Person"),
    );
    assert_eq!(st, 422);
    let (st, _) = http(
        &s,
        "POST",
        "/match/default?threshold=abc",
        &[],
        &match_body("x", "Person"),
    );
    assert_eq!(st, 422);
    let (st, _) = http(&s, "GET", "/search/default?q=%ZZ", &[], b"");
    assert_eq!(st, 400);
    // Still serving after all that.
    assert_eq!(http(&s, "GET", "/healthz", &[], b"").0, 200);
}

#[test]
fn openrefine_reconciles_a_column_of_names() {
    let s = start("reconcile", &[]);
    let (st, m) = http(&s, "GET", "/reconcile/default", &[], b"");
    assert_eq!(st, 200);
    assert_eq!(m["versions"][0], "0.2");
    assert!(m["view"]["url"]
        .as_str()
        .unwrap()
        .ends_with("/entities/{{id}}"));
    assert_eq!(
        m["suggest"]["entity"]["service_path"],
        "/reconcile/default/suggest/entity"
    );
    assert!(m["defaultTypes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["id"] == "Person"));
    let queries = json!({
        "q0": {"query": "Zala Aero", "type": "Company", "limit": 3},
        "q1": {"query": "Timur Shagivaleev", "type": "Person",
               "properties": [{"pid": "birthDate", "v": "1978-01-28"}, {"pid": "nationality", "v": "Russia"}]},
        "q2": {"query": "Cedar Grove Bakery"},
    })
    .to_string();
    // OpenRefine POSTs a form; GET with the same parameter works too.
    let body = format!("queries={}", form_encode(&queries));
    let (st, v) = http(
        &s,
        "POST",
        "/reconcile/default",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        body.as_bytes(),
    );
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["q0"]["result"][0]["id"], "ofac-45934");
    assert_eq!(v["q0"]["result"][0]["match"], true);
    assert!(v["q0"]["result"].as_array().unwrap().len() <= 3);
    assert_eq!(v["q1"]["result"][0]["id"], "ofac-45710");
    assert!(
        v["q1"]["result"][0]["score"].as_f64().unwrap() > 99.0,
        "scores are 0–100: {v}"
    );
    assert!(v["q2"]["result"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["match"] == false));
    let (st, g) = http(
        &s,
        "GET",
        &format!("/reconcile/default?queries={}", form_encode(&queries)),
        &[],
        b"",
    );
    assert_eq!(st, 200);
    assert_eq!(g["q0"]["result"][0]["id"], v["q0"]["result"][0]["id"]);
    let (st, sg) = http(
        &s,
        "GET",
        "/reconcile/us_ofac_sdn/suggest/entity?prefix=zala%20aero",
        &[],
        b"",
    );
    assert_eq!(st, 200);
    assert!(
        sg["result"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == "ofac-45934"),
        "{sg}"
    );
    // Bad batches get a JSON 422.
    let (st, e) = http(
        &s,
        "GET",
        "/reconcile/default?queries=%7Bnot%20json",
        &[],
        b"",
    );
    assert_eq!(st, 422);
    assert!(e["detail"].is_string());
    let bad = form_encode(&json!({"q0": {"query": "x", "type": "Ownership"}}).to_string());
    let (st, _) = http(
        &s,
        "GET",
        &format!("/reconcile/default?queries={bad}"),
        &[],
        b"",
    );
    assert_eq!(st, 422);
}

/// The metrics a live server exposes pass Prometheus' own linter, `promtool check metrics`
/// (names, units, types, help), after requests of each kind have been counted.
#[test]
fn metrics_pass_promtool() {
    let Some(promtool) = interdict_testdata::program(
        "INTERDICT_TEST_PROMTOOL",
        "promtool",
        "metrics_pass_promtool",
        "apt-get install prometheus",
    ) else {
        return;
    };
    let s = start("promtool", &[]);
    let body = json!({"queries": {"q": {"schema": "Person", "properties": {"name": ["Timur SHAGIVALEEV"]}}}});
    let body = serde_json::to_vec(&body).unwrap();
    let json = [("Content-Type", "application/json")];
    assert_eq!(http(&s, "POST", "/match/default", &json, &body).0, 200);
    assert_eq!(http(&s, "POST", "/match/default", &json, b"{}").0, 422);
    let response = raw_get(&s, "/metrics", &[]);
    let (_, text) = response.split_once("\r\n\r\n").expect("a body");
    for family in [
        "interdict_http_requests_total",
        "interdict_list_age_seconds",
        "interdict_list_published_timestamp_seconds",
        "interdict_build_info",
        "process_start_time_seconds",
    ] {
        assert!(
            text.contains(&format!("# TYPE {family} ")),
            "{family}: {text}"
        );
    }
    let mut child = Command::new(&promtool)
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("promtool runs");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let said = common::said(&out);
    assert!(
        out.status.success() && said.trim().is_empty(),
        "promtool: {said}\n{text}"
    );
}

/// The reconciliation schemas published with the protocol (tests/fixtures/reconciliation-0.2,
/// unchanged), resolved offline: the schemas refer to each other, and the manifest's to the
/// Swagger 2.0 schema, by their public addresses.
struct PublishedSchemas;

impl jsonschema::Retrieve for PublishedSchemas {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let u = uri.as_str();
        let file = if u.starts_with("http://swagger.io/v2/schema.json") {
            "swagger-2.0.json".to_string()
        } else if let Some(name) =
            u.strip_prefix("https://reconciliation-api.github.io/specs/0.2/schemas/")
        {
            name.to_string()
        } else {
            return Err(format!("{u} is not one of the vendored schemas").into());
        };
        Ok(serde_json::from_str(&std::fs::read_to_string(
            fixture_schema_dir().join(file),
        )?)?)
    }
}

fn fixture_schema_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/reconciliation-0.2")
}

/// Every error `instance` has against the published schema `name`.
fn schema_errors(name: &str, instance: &Value) -> Vec<String> {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture_schema_dir().join(name)).unwrap())
            .unwrap();
    let validator = jsonschema::options()
        .with_retriever(PublishedSchemas)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// The reconciliation API answers as its published 0.2 schemas say — manifest, query batches
/// (a type list, a query of properties alone), results, suggestions — and with CORS, which
/// the protocol requires, to a page of another origin.
#[test]
fn reconciliation_conforms_to_the_published_schemas() {
    // The schemas can fail: a wrong manifest is caught.
    assert!(!schema_errors("manifest.json", &json!({"versions": "0.2"})).is_empty());
    let s = start("reconcile-schemas", &[]);
    // A GET that answers 200 with a body the published schema `schema` accepts.
    let fitting = |path: &str, schema: &str| -> Value {
        let (st, v) = http(&s, "GET", path, &[], b"");
        assert_eq!(st, 200, "{path}: {v}");
        assert_eq!(
            schema_errors(schema, &v),
            Vec::<String>::new(),
            "{path}: {v}"
        );
        v
    };
    let (st, manifest) = http(&s, "GET", "/reconcile/default", &[], b"");
    assert_eq!(st, 200);
    assert_eq!(
        schema_errors("manifest.json", &manifest),
        Vec::<String>::new(),
        "{manifest}"
    );
    let queries = json!({
        "q0": {"query": "Timur Shagivaleev", "type": ["Person", "Organization"]},
        "q1": {"properties": [{"pid": "name", "v": "AO OEZ PPT ALABUGA"}], "type": "LegalEntity"},
        "q2": {"query": "Timur Shagivaleev", "type": "Person", "limit": 2,
               "properties": [{"pid": "birthDate", "v": ["1978-01-28"]},
                              {"pid": "nationality", "v": {"id": "ru", "name": "Russia"}}]},
    });
    assert_eq!(
        schema_errors("reconciliation-query-batch.json", &queries),
        Vec::<String>::new(),
        "the test's own batch must be valid"
    );
    let body = format!("queries={}", form_encode(&queries.to_string()));
    let (st, results) = http(
        &s,
        "POST",
        "/reconcile/default",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        body.as_bytes(),
    );
    assert_eq!(st, 200, "{results}");
    assert_eq!(
        schema_errors("reconciliation-result-batch.json", &results),
        Vec::<String>::new(),
        "{results}"
    );
    assert_eq!(results["q0"]["result"][0]["id"], "ofac-45710", "{results}");
    assert_eq!(results["q1"]["result"][0]["id"], "ofac-45708", "{results}");
    assert_eq!(results["q2"]["result"][0]["id"], "ofac-45710", "{results}");
    assert!(results["q2"]["result"].as_array().unwrap().len() <= 2);
    let suggested = fitting(
        "/reconcile/default/suggest/entity?prefix=shagiv",
        "suggest-entities-response.json",
    );
    // What the user typed so far is the start of a name.
    assert_eq!(suggested["result"][0]["id"], "ofac-45710", "{suggested}");

    // Data extension: the manifest names the services; the proposal, a property suggestion,
    // a request and its answer all fit their schemas, and the values are the listed ones.
    assert!(manifest["extend"]["propose_properties"]["service_path"].is_string());
    assert!(manifest["preview"]["url"]
        .as_str()
        .unwrap()
        .contains("{{id}}"));
    fitting(
        "/reconcile/default/extend/propose?type=Person",
        "data-extension-property-proposal.json",
    );
    let props = fitting(
        "/reconcile/default/suggest/property?prefix=birth",
        "suggest-properties-response.json",
    );
    assert_eq!(props["result"][0]["id"], "birthDate", "{props}");
    let ext = json!({"ids": ["ofac-45710", "no-such-id"],
                     "properties": [{"id": "birthDate"}, {"id": "nationality"}]});
    assert_eq!(
        schema_errors("data-extension-query.json", &ext),
        Vec::<String>::new()
    );
    let extended = fitting(
        &format!(
            "/reconcile/default?extend={}",
            form_encode(&ext.to_string())
        ),
        "data-extension-response.json",
    );
    // The listed values, as /entities has them; an unknown id gets an empty row.
    let (_, listed) = http(&s, "GET", "/entities/ofac-45710", &[], b"");
    let dates: Vec<Value> = listed["properties"]["birthDate"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| json!({"str": d}))
        .collect();
    assert!(!dates.is_empty());
    assert_eq!(extended["rows"]["ofac-45710"]["birthDate"], json!(dates));
    assert_eq!(extended["rows"]["no-such-id"]["birthDate"], json!([]));
    let body = format!("extend={}", form_encode(&ext.to_string()));
    let (st, posted) = http(
        &s,
        "POST",
        "/reconcile/default",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        body.as_bytes(),
    );
    assert_eq!((st, &posted), (200, &extended));
    let bad = json!({"ids": ["ofac-45710"], "properties": [{"id": "passwordHash"}]});
    let (st, _) = http(
        &s,
        "GET",
        &format!(
            "/reconcile/default?extend={}",
            form_encode(&bad.to_string())
        ),
        &[],
        b"",
    );
    assert_eq!(st, 422);
    // As an attacker would: more ids than one extension may ask for are refused, not
    // fetched; so is an adjacency page past the size limit.
    let many: Vec<String> = (0..1001).map(|i| format!("ofac-{i}")).collect();
    let flood = json!({"ids": many, "properties": [{"id": "name"}]});
    let body = format!("extend={}", form_encode(&flood.to_string()));
    let (st, v) = http(
        &s,
        "POST",
        "/reconcile/default",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        body.as_bytes(),
    );
    assert_eq!(st, 422, "{v}");
    let (st, v) = http(
        &s,
        "GET",
        "/entities/ofac-4632/adjacent?limit=1000000",
        &[],
        b"",
    );
    assert_eq!(st, 422, "{v}");
    // The preview is HTML of the entity, every value escaped, and loads nothing else.
    let page = raw_get(&s, "/reconcile/default/preview?id=ofac-45710", &[]);
    let lower = page.to_ascii_lowercase();
    assert!(lower.starts_with("http/1.1 200"), "{page}");
    assert!(lower.contains("content-type: text/html"), "{page}");
    assert!(
        lower.contains("content-security-policy: default-src 'none'"),
        "{page}"
    );
    assert!(page.contains(listed["caption"].as_str().unwrap()), "{page}");
    assert!(!page.contains("<script"), "{page}");
    let (st, missing) = http(
        &s,
        "GET",
        "/reconcile/default/preview?id=%3Cscript%3E",
        &[],
        b"",
    );
    assert_eq!(st, 404, "{missing}");

    // CORS: a simple request from another origin, and a preflight, answered without a key.
    let raw_as = |host: &str, method: &str, path: &str| -> String {
        let mut stream = std::net::TcpStream::connect(&s.addr).unwrap();
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: http://openrefine.example\r\n\
             Access-Control-Request-Method: POST\r\n\
             Access-Control-Request-Headers: content-type\r\nConnection: close\r\n\r\n"
        );
        use std::io::{Read, Write};
        stream.write_all(req.as_bytes()).unwrap();
        let mut out = String::new();
        stream.read_to_string(&mut out).unwrap();
        out.to_ascii_lowercase()
    };
    let raw = |method: &str, path: &str| raw_as(&s.addr, method, path);
    let get = raw("GET", "/reconcile/default");
    assert!(get.starts_with("http/1.1 200"), "{get}");
    assert!(get.contains("access-control-allow-origin: *"), "{get}");
    let pre = raw("OPTIONS", "/reconcile/default");
    assert!(pre.starts_with("http/1.1 204"), "{pre}");
    assert!(
        pre.contains("access-control-allow-methods: get, post, options"),
        "{pre}"
    );
    assert!(pre.contains("content-type"), "{pre}");
    // The rest of the API is not opened to other origins: no CORS header, no preflight for
    // a route that changes state.
    let other = raw("GET", "/catalog");
    assert!(!other.contains("access-control-allow-origin"), "{other}");
    let decide = raw("OPTIONS", "/alerts/1/decisions");
    assert!(!decide.starts_with("http/1.1 204"), "{decide}");
    assert!(!decide.contains("access-control-allow"), "{decide}");
    // As an attacker would: a rebinding Host is refused before any CORS answer, and a
    // suggestion prefix past its bound is refused, not scanned.
    let rebound = raw_as("attacker.example", "OPTIONS", "/reconcile/default");
    assert!(rebound.starts_with("http/1.1 421"), "{rebound}");
    assert!(!rebound.contains("access-control-allow"), "{rebound}");
    let long = "a".repeat(201);
    let (st, v) = http(
        &s,
        "GET",
        &format!("/reconcile/default/suggest/entity?prefix={long}"),
        &[],
        b"",
    );
    assert_eq!(st, 422, "{v}");
}

/// `/search` filters (dataset, schema, countries) before it pages, counts every hit in
/// `total`, and never returns an entity twice.
#[test]
fn search_filters_before_it_pages_and_counts_every_hit() {
    let s = start("search-filters", &[]);
    let get = |path: &str| -> Value {
        let (st, v) = http(&s, "GET", path, &[], b"");
        assert_eq!(st, 200, "{path}: {v}");
        v
    };
    let ids = |v: &Value| -> Vec<String> {
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    // One list: its hits, not the all-lists page filtered afterwards.
    let one = get("/search/us_ofac_sdn?q=ali&limit=5");
    assert_eq!(ids(&one).len(), 5, "{one}");
    assert!(one["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["datasets"] == json!(["us_ofac_sdn"])));
    // total counts every hit, and pages follow one another without repeats.
    let first = get("/search/default?q=bank&limit=10");
    let second = get("/search/default?q=bank&limit=10&offset=10");
    let total = first["total"]["value"].as_u64().unwrap();
    assert!(total > 20, "{first}");
    assert_eq!(second["total"], first["total"]);
    let mut all = ids(&first);
    all.extend(ids(&second));
    let unique: std::collections::HashSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), 20, "{all:?}");
    let wide = get("/search/default?q=bank&limit=200");
    let wide_ids = ids(&wide);
    let unique: std::collections::HashSet<&String> = wide_ids.iter().collect();
    assert_eq!(unique.len(), wide_ids.len(), "an entity twice");
    // schema=Person: people only (a LegalEntity is not known to be one).
    let people = get("/search/default?q=ali&limit=50&schema=Person");
    assert!(!ids(&people).is_empty());
    assert!(people["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["schema"] == "Person"));
    // countries: every result tied to one of them (by name or code).
    for c in ["ru", "Russia"] {
        let ru = get(&format!("/search/default?q=bank&limit=50&countries={c}"));
        assert!(!ids(&ru).is_empty(), "{c}");
        assert!(ru["total"]["value"].as_u64().unwrap() < total, "{c}");
        for r in ru["results"].as_array().unwrap() {
            let tied = ["country", "nationality", "citizenship"].iter().any(|p| {
                r["properties"][p]
                    .as_array()
                    .is_some_and(|v| v.iter().any(|x| x == "ru"))
            });
            assert!(tied, "{c}: {r}");
        }
    }
    let (st, v) = http(
        &s,
        "GET",
        "/search/default?q=bank&countries=Atlantis",
        &[],
        b"",
    );
    assert_eq!(st, 422, "{v}");
    assert!(v["detail"].as_str().unwrap().contains("Atlantis"), "{v}");
}

/// Qusay Saddam Hussein al-Tikriti is listed by the UN, OFAC and the UK (issue #17): asked
/// in Arabic, `/match` answers once, for his party — its id, every list, the other records —
/// and his father is a party of his own; `by_record=true`, or naming a list, answers per
/// record; `/search` lists a party once.
#[test]
fn a_party_on_several_lists_is_answered_once() {
    let s = start("parties", &[]);
    let query = json!({"queries": {"q": {"schema": "Person",
        "properties": {"name": ["قصي صدام حسين التكريتي"]}}}});
    let body = serde_json::to_vec(&query).unwrap();
    let results = |path: &str| -> Vec<Value> {
        let (st, v) = http(
            &s,
            "POST",
            path,
            &[("content-type", "application/json")],
            &body,
        );
        assert_eq!(st, 200, "{path}: {v}");
        v["responses"]["q"]["results"].as_array().unwrap().clone()
    };
    let members = common::party_records;
    let parties = results("/match/default?limit=5");
    let top = &parties[0];
    let qusay = members(top);
    for id in ["ofac-7844", "gb-hmt-7613"] {
        assert!(qusay.iter().any(|m| m == id), "{id} not in {qusay:?}");
    }
    assert!(qusay.iter().any(|m| m.starts_with("un-")), "{qusay:?}");
    assert_eq!(top["score"], json!(1.0), "{top}");
    let datasets = top["datasets"].as_array().unwrap();
    for l in ["un_sc_sanctions", "us_ofac_sdn", "gb_hmt_sanctions"] {
        assert!(datasets.iter().any(|d| d == l), "{l}: {top}");
    }
    // No record of his stands again for him, and his father is someone else.
    for r in &parties[1..] {
        let others = members(r);
        assert!(others.iter().all(|m| !qusay.contains(m)), "{r}");
    }
    // Per record: his records one by one, each its own list, no referents.
    let records = results("/match/default?limit=5&by_record=true");
    let his: Vec<&Value> = records
        .iter()
        .filter(|r| qusay.iter().any(|m| r["id"] == json!(m)))
        .collect();
    assert!(his.len() >= 2, "{records:?}");
    for r in &records {
        assert_eq!(r["referents"], json!([]), "{r}");
        assert_eq!(r["datasets"].as_array().unwrap().len(), 1, "{r}");
    }
    // Naming a list asks about its records.
    for r in results("/match/us_ofac_sdn?limit=5") {
        assert_eq!(r["datasets"], json!(["us_ofac_sdn"]), "{r}");
    }
    // /search: each party once.
    let (st, v) = http(
        &s,
        "GET",
        "/search/default?q=Saddam%20Hussein&limit=50",
        &[],
        b"",
    );
    assert_eq!(st, 200, "{v}");
    let mut seen = std::collections::HashSet::new();
    for r in v["results"].as_array().unwrap() {
        for m in members(r) {
            assert!(seen.insert(m.clone()), "{m} answered twice: {v}");
        }
    }
    // /entities/{id}: the record, and its party's values merged, each with its lists.
    let (st, v) = http(&s, "GET", "/entities/ofac-7844", &[], b"");
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["id"], "ofac-7844", "{v}");
    let party = &v["party"];
    for id in ["ofac-7844", "gb-hmt-7613"] {
        assert!(
            party["members"].as_array().unwrap().iter().any(|m| m == id),
            "{v}"
        );
    }
    let born = party["properties"]["birthDate"].as_array().unwrap();
    assert!(
        born.iter()
            .any(|b| b["value"] == "1965" && b["datasets"].as_array().unwrap().len() == 3),
        "{v}"
    );
    let (_, alone) = http(&s, "GET", "/entities/ofac-36217", &[], b"");
    assert!(alone.get("party").is_none(), "{alone}");
    let (st, v) = http(&s, "GET", "/search/default?q=ali&by_record=maybe", &[], b"");
    assert_eq!(st, 422, "{v}");
    assert!(v["detail"].as_str().unwrap().contains("by_record"), "{v}");
}

/// How to make the Python the conformance tests run (`.ci/run` does this).
const CONFORMANCE_PYTHON: &str = "python3 -m venv V && V/bin/pip install yente==5.5.0 \
     yente-client==0.2.0 openapi-spec-validator==0.9.0; set INTERDICT_TEST_PYTHON=V/bin/python";

/// yente's own response models (the `yente` package's pydantic classes) accept every
/// yente-compatible route's answer, and `yente-client` works against the server, sync and
/// async, `adjacent` included (`tests/conformance/yente_models.py`). The linked entity is
/// the first OFAC SDN record whose remarks say "Linked To:", read from the bundled file.
#[test]
fn yente_models_and_client_accept_every_answer() {
    let Some(python) = interdict_testdata::program(
        "INTERDICT_TEST_PYTHON",
        "interdict-conformance-python",
        "yente_models_and_client_accept_every_answer",
        CONFORMANCE_PYTHON,
    ) else {
        return;
    };
    let sdn = std::fs::read_to_string(interdict_testdata::lists_dir().join("ofac_sdn/sdn.csv"))
        .expect("the bundled SDN file");
    let linked = sdn
        .lines()
        .find(|l| l.contains("Linked To:"))
        .and_then(|l| l.split(',').next())
        .map(|n| format!("ofac-{}", n.trim()))
        .expect("an SDN record with a link");
    let s = start("yente-models", &[]);
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/conformance/yente_models.py");
    let out = Command::new(&python)
        .arg(&script)
        .arg(format!("http://{}", s.addr))
        .arg(&linked)
        .output()
        .expect("python runs");
    let said = common::said(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("8 passed, 0 failed"), "{said}");
}

/// With API keys, OpenRefine can still use the service: the manifest is read without a key
/// and says to send one as the `api_key` query parameter, which the reconciliation routes
/// (and only they) accept; without a key, or with a wrong one, they refuse.
#[test]
fn a_keyed_reconciliation_service_works_the_way_openrefine_sends_keys() {
    const KEY: &str = "k3y-for-openrefine-0123456789";
    let s = start("reconcile-keys", &["--api-key", KEY]);
    let status = |path: &str, headers: &[(&str, &str)]| http(&s, "GET", path, headers, b"").0;
    let (st, manifest) = http(&s, "GET", "/reconcile/default", &[], b"");
    assert_eq!(st, 200, "{manifest}");
    assert_eq!(
        manifest["authentication"],
        json!({"type": "apiKey", "name": "api_key", "in": "query"})
    );
    assert_eq!(
        schema_errors("manifest.json", &manifest),
        Vec::<String>::new(),
        "{manifest}"
    );
    let queries = form_encode(&json!({"q0": {"query": "Timur Shagivaleev"}}).to_string());
    let path = format!("/reconcile/default?queries={queries}");
    assert_eq!(status(&path, &[]), 401);
    assert_eq!(status(&format!("{path}&api_key=wrong-key"), &[]), 403);
    let (st, v) = http(&s, "GET", &format!("{path}&api_key={KEY}"), &[], b"");
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["q0"]["result"][0]["id"], "ofac-45710", "{v}");
    let suggest = format!("/reconcile/default/suggest/entity?prefix=shagiv&api_key={KEY}");
    assert_eq!(status(&suggest, &[]), 200);
    // A data extension is not the manifest: it needs the key too.
    let ext =
        form_encode(&json!({"ids": ["ofac-45710"], "properties": [{"id": "name"}]}).to_string());
    assert_eq!(
        status(&format!("/reconcile/default?extend={ext}"), &[]),
        401
    );
    // Elsewhere a key in the URL is not accepted (it would end up in proxies' logs).
    assert_eq!(status(&format!("/catalog?api_key={KEY}"), &[]), 401);
    let header = format!("ApiKey {KEY}");
    assert_eq!(
        status("/catalog", &[("Authorization", header.as_str())]),
        200
    );
}

/// FollowTheMoney itself (the `followthemoney` package) loads interdict's entities with no
/// property dropped and no value rejected: those `/entities`, `/search` and `/match` serve
/// for the searches of `tests/conformance/ftm_queries.txt` in every list, and `show --json`
/// of entities with sanction details, a crypto wallet and BIS and UN records
/// (`tests/conformance/ftm_entities.py`; a `Sanction` or `CryptoWallet` nested as yente
/// nests it is checked as the entity FtM models it as).
#[test]
fn followthemoney_loads_every_entity_without_loss() {
    let Some(python) = interdict_testdata::program(
        "INTERDICT_TEST_FTM_PYTHON",
        "interdict-ftm-python",
        "followthemoney_loads_every_entity_without_loss",
        "python3 -m venv F && F/bin/pip install followthemoney==4.11.2 httpx==0.28.1; set \
         INTERDICT_TEST_FTM_PYTHON=F/bin/python",
    ) else {
        return;
    };
    let s = start("ftm-entities", &[]);
    let first = |path: &str| -> String {
        let (st, v) = http(&s, "GET", path, &[], b"");
        assert_eq!(st, 200, "{path}: {v}");
        v["results"][0]["id"].as_str().unwrap().to_string()
    };
    let mut shown = Vec::new();
    for id in [
        "ofac-45710".to_string(),
        "ofac-28264".to_string(),
        first("/search/us_bis_denied?q=trading"),
        first("/search/un_sc_sanctions?q=ali"),
        first("/search/gb_hmt_sanctions?q=bank"),
        // FtM country codes beyond ISO: ua-cri (an address in Crimea), suhh (a USSR nationality).
        "ofac-18961".to_string(),
        "gb-hmt-11688".to_string(),
        // An aircraft (model, build date, serial numbers) and an establishment date range.
        "ofac-15431".to_string(),
        "ofac-48662".to_string(),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_interdict"))
            .args(["show", "--json", &id])
            .env("INTERDICT_DATA_DIR", &s.dir)
            .env("INTERDICT_MAX_LIST_AGE_DAYS", "100000")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "show {id}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let file = s.dir.join(format!("{id}.json"));
        std::fs::write(&file, &out.stdout).unwrap();
        shown.push(file);
    }
    // The wallet and the sanction details are there to be checked.
    let wallet = std::fs::read_to_string(&shown[1]).unwrap();
    assert!(wallet.contains("\"CryptoWallet\""), "{wallet}");
    let un = std::fs::read_to_string(&shown[3]).unwrap();
    assert!(un.contains("\"Sanction\"") && un.contains("unscId"), "{un}");
    // The aircraft's remarks are FtM's Airplane properties, as sdn.csv states them.
    let plane: Value = serde_json::from_str(&std::fs::read_to_string(&shown[7]).unwrap()).unwrap();
    let sdn = std::fs::read(interdict_testdata::lists_dir().join("ofac_sdn/sdn.csv")).unwrap();
    let sdn = String::from_utf8_lossy(&sdn);
    let row = sdn
        .lines()
        .find(|l| l.starts_with("15431,"))
        .expect("ofac-15431 in sdn.csv");
    let said = |label: &str| -> String {
        let at = row
            .find(label)
            .unwrap_or_else(|| panic!("{label} in {row}"))
            + label.len();
        row[at..]
            .split(';')
            .next()
            .unwrap()
            .trim()
            .trim_end_matches(['.', '"'])
            .to_string()
    };
    assert_eq!(
        plane["properties"]["model"][0],
        said("Aircraft Model"),
        "{plane}"
    );
    assert_eq!(
        plane["properties"]["buildDate"][0],
        said("Aircraft Manufacture Date"),
        "{plane}"
    );
    let serials = plane["properties"]["serialNumber"].to_string();
    assert!(serials.contains(&said("(MSN)")), "{plane}");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let out = Command::new(&python)
        .arg(dir.join("ftm_entities.py"))
        .arg(format!("http://{}", s.addr))
        .arg(dir.join("ftm_queries.txt"))
        .args(&shown)
        .output()
        .expect("python runs");
    let said = common::said(&out);
    assert!(out.status.success() && said.contains(" 0 failed"), "{said}");
    // Enough entities for the check to mean something: every list searched.
    let fetched: usize = said
        .lines()
        .find_map(|l| l.strip_suffix(" entities fetched"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    assert!(fetched >= 1000, "{said}");
}
