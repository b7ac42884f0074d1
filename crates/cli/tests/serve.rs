//! `interdict serve` end to end: the real server on loopback with the bundled lists, spoken
//! to over real TCP — each endpoint, API keys, limits and hostile input.

mod common;
use common::lists_dir;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running server, stopped (SIGTERM, then kill) when dropped.
struct Server {
    child: Child,
    addr: String,
    dir: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        // SAFETY: sending a signal to our own child process.
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGTERM);
        }
        std::thread::sleep(Duration::from_millis(200));
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn start(name: &str, args: &[&str]) -> Server {
    let dir = std::env::temp_dir().join(format!("interdict-serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut child = Command::new(env!("CARGO_BIN_EXE_interdict"))
        .arg("serve")
        .args(["--bind", "127.0.0.1:0"])
        .args(args)
        .env("INTERDICT_DATA_DIR", &dir)
        .env_remove("INTERDICT_API_KEYS")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("server printed its address")
            .expect("stderr readable");
        if let Some(a) = line.strip_prefix("listening on http://") {
            break a.to_string();
        }
    };
    // Keep draining stderr so the server never blocks on it.
    std::thread::spawn(move || for _ in lines {});
    Server { child, addr, dir }
}

/// One HTTP/1.1 exchange over a fresh connection: (status, JSON body).
fn http(
    s: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, Value) {
    http_at(&s.addr, method, path, headers, body)
}

fn http_at(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, Value) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
    {
        req.push_str("Content-Type: application/json\r\n");
    }
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    stream.write_all(req.as_bytes()).unwrap();
    // A server may answer (413) before reading a large body; ignore a reset while sending.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text.split_once("\r\n\r\n").expect("an HTTP response");
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    let json = serde_json::from_str(&body)
        .unwrap_or_else(|e| panic!("{method} {path}: body is not JSON ({e}): {body:?}"));
    (status, json)
}

/// A GET whose body is text (the metrics).
fn raw_get(s: &Server, path: &str, headers: &[(&str, &str)]) -> String {
    let mut stream = TcpStream::connect(&s.addr).unwrap();
    let mut req = format!(
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
        s.addr
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    stream.write_all(req.as_bytes()).unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    assert!(raw.starts_with("HTTP/1.1 200"), "{raw}");
    raw
}

fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&tail[..n]);
        rest = &tail[n + 2..];
    }
    out
}

fn match_body(name: &str, schema: &str) -> Vec<u8> {
    json!({"queries": {"q": {"schema": schema, "properties": {"name": [name]}}}})
        .to_string()
        .into_bytes()
}

fn top_ids(v: &Value) -> Vec<String> {
    v["responses"]["q"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

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
        for key in ["score", "match", "features", "explanation"] {
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
        text.contains("interdict_list_age_days{list=\"un_sc_sanctions\"}"),
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

fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
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

/// The UN list's entry in /catalog: (index version, entity count).
fn un_dataset(s: &Server) -> (Value, u64) {
    let (_, cat) = http(s, "GET", "/catalog", &[], b"");
    cat["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "un_sc_sanctions")
        .map(|d| {
            (
                d["index_version"].clone(),
                d["entity_count"].as_u64().unwrap(),
            )
        })
        .unwrap()
}

/// A multipart/form-data body with the given file parts and text fields.
fn multipart(files: &[(&str, &[u8])], fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let boundary = "interdict-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, content) in files {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[test]
fn admin_import_swaps_the_lists_while_serving_and_refuses_broken_files() {
    let admin = "admin-key-for-tests-0123456789";
    let s = start("admin", &["--admin-key", admin, "--reload-interval", "0"]);
    let auth = format!("ApiKey {admin}");
    let un_before = || un_dataset(&s);
    let (v0, _) = un_before();
    // No key, or an API-less plain request: refused.
    let (ct, body) = multipart(&[("x.xml", b"<x/>")], &[]);
    let (st, _) = http(&s, "POST", "/admin/import", &[("Content-Type", &ct)], &body);
    assert_eq!(st, 401);
    // A broken file: refused with its reason, lists unchanged, still serving.
    let (ct, body) = multipart(
        &[("UN.xml", b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>")],
        &[],
    );
    let (st, v) = http(
        &s,
        "POST",
        "/admin/import",
        &[("Content-Type", &ct), ("Authorization", &auth)],
        &body,
    );
    assert_eq!(st, 422, "{v}");
    assert!(
        v["detail"].as_str().unwrap().contains("lists unchanged"),
        "{v}"
    );
    assert_eq!(un_before().0, v0);
    // A real UN list file: a new version, served at once, counted from the file itself.
    let file = lists_dir().join("un/UN_consolidated.xml");
    let bytes = std::fs::read(&file).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let expected = text.matches("<INDIVIDUAL>").count() + text.matches("<ENTITY>").count();
    // Requests keep being answered while the index is rebuilt.
    let s_addr = s.addr.clone();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let done2 = done.clone();
    let during = std::thread::spawn(move || {
        let mut codes = Vec::new();
        while !done2.load(std::sync::atomic::Ordering::SeqCst) {
            let body = match_body("ZALA AERO", "Company");
            codes.push(http_at(&s_addr, "POST", "/match/default", &[], &body).0);
        }
        codes
    });
    let (ct, body) = multipart(
        &[(file.file_name().unwrap().to_str().unwrap(), &bytes)],
        &[("list", "un_sc_sanctions")],
    );
    let (st, v) = http(
        &s,
        "POST",
        "/admin/import",
        &[("Content-Type", &ct), ("Authorization", &auth)],
        &body,
    );
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(st, 200, "{v}");
    let codes = during.join().unwrap();
    assert!(codes.len() > 1, "requests were served during the import");
    assert!(
        codes.iter().all(|c| *c == 200),
        "a request failed during the swap: {codes:?}"
    );
    let (v1, count) = un_before();
    assert_ne!(v1, v0, "a new version is served");
    assert_eq!(count as usize, expected, "entities counted from the file");
    assert_eq!(v["imported"][0]["list"], "un_sc_sanctions");
    // A plain reload works too.
    let (st, v) = http(
        &s,
        "POST",
        "/admin/reload",
        &[("Authorization", &auth)],
        b"",
    );
    assert_eq!(st, 200, "{v}");
    assert!(v["reloaded"]["entities"].as_u64().unwrap() > 20_000);
}

#[test]
fn a_cli_import_is_picked_up_without_a_restart() {
    let s = start("poll", &["--reload-interval", "1"]);
    let version = || un_dataset(&s).0;
    let before = version();
    let o = Command::new(env!("CARGO_BIN_EXE_interdict"))
        .args([
            "import",
            lists_dir().join("un/UN_consolidated.xml").to_str().unwrap(),
        ])
        .env("INTERDICT_DATA_DIR", &s.dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while version() == before {
        assert!(
            std::time::Instant::now() < deadline,
            "the new version was not picked up"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn settings_come_from_a_config_file_under_flags() {
    let dir = std::env::temp_dir().join(format!("interdict-serve-settings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("serve.json");
    let key = "key-from-the-config-file-0123";
    std::fs::write(
        &file,
        json!({"api_keys": [key], "max_queries": 2}).to_string(),
    )
    .unwrap();
    let s = start(
        "config",
        &["--config", file.to_str().unwrap(), "--max-queries", "1"],
    );
    assert_eq!(
        http(&s, "GET", "/catalog", &[], b"").0,
        401,
        "keys from the file apply"
    );
    let h = [("X-Api-Key", key)];
    assert_eq!(http(&s, "GET", "/catalog", &h, b"").0, 200);
    let two = json!({"queries": {
        "a": {"schema": "Person", "properties": {"name": ["x"]}},
        "b": {"schema": "Person", "properties": {"name": ["y"]}}}});
    let (st, v) = http(&s, "POST", "/match/default", &h, two.to_string().as_bytes());
    assert_eq!(st, 422, "the flag (1) overrides the file (2): {v}");
    // An unknown setting is refused with the file and key named.
    std::fs::write(&file, r#"{"api_key": "oops"}"#).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_interdict"))
        .args(["serve", "--config", file.to_str().unwrap()])
        .env("INTERDICT_DATA_DIR", dir.join("store"))
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("serve.json") && err.contains("\"api_key\""),
        "{err}"
    );
}

/// Status of a request whose body may not be JSON.
fn status_of(s: &Server, method: &str, path: &str, body: &[u8]) -> u16 {
    let mut stream = TcpStream::connect(&s.addr).unwrap();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        s.addr,
        body.len()
    );
    stream.write_all(req.as_bytes()).unwrap();
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw);
    text.split(' ').nth(1).unwrap().parse().unwrap()
}

#[test]
fn every_route_in_the_openapi_document_is_served() {
    let s = start("openapi", &[]);
    let (st, doc) = http(&s, "GET", "/openapi.json", &[], b"");
    assert_eq!(st, 200);
    assert_eq!(doc["openapi"], "3.0.3");
    let paths = doc["paths"].as_object().unwrap();
    for route in [
        "/match/{dataset}",
        "/search/{dataset}",
        "/entities/{id}",
        "/catalog",
        "/reconcile/{dataset}",
        "/admin/import",
        "/metrics",
        "/healthz",
    ] {
        assert!(paths.contains_key(route), "{route} is not documented");
    }
    // Every documented operation exists on the running server (no 404, no 405).
    let mut checked = 0;
    for (path, ops) in paths {
        for method in ops.as_object().unwrap().keys() {
            let concrete = path
                .replace("{dataset}", "default")
                .replace("{id}", "ofac-45708");
            let st = status_of(&s, &method.to_uppercase(), &concrete, b"{}");
            assert!(
                st != 404 && st != 405,
                "{method} {path} documented but answers {st}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 15, "{checked}");
    // An undocumented path is a 404 pointing at the docs.
    let (st, v) = http(&s, "GET", "/match", &[], b"");
    assert_eq!(st, 404);
    assert!(v["detail"].as_str().unwrap().contains("/docs"));
    let page = raw_get(&s, "/docs", &[]);
    assert!(
        page.contains("<table>")
            && page.contains("/match/{dataset}")
            && page.contains("/openapi.json")
    );
}

#[test]
fn alerts_are_listed_and_decided_over_http_in_the_same_store_as_the_cli() {
    let s = start("alerts", &[]);
    // The CLI screens into the server's store (same data directory, same SQLite file).
    let csv = s.dir.join("c.csv");
    std::fs::write(
        &csv,
        "id,name,country\nc1,AO OEZ PPT Alabuga,ru\nc2,Timur Shagivaleev,ru\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_interdict"))
        .args(["screen", csv.to_str().unwrap(), "--alerts", "-q", "-o"])
        .arg(s.dir.join("r.jsonl"))
        .env("INTERDICT_DATA_DIR", &s.dir)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let (st, v) = http(&s, "GET", "/alerts?status=open", &[], b"");
    assert_eq!(st, 200, "{v}");
    let alerts = v["alerts"].as_array().unwrap();
    assert!(alerts.len() >= 2, "{v}");
    let alabuga = alerts
        .iter()
        .find(|a| a["entity_id"] == "ofac-45708")
        .expect("the Alabuga alert");
    let id = alabuga["id"].as_i64().unwrap();

    let body = br#"{"decision": "false-positive", "reason": "a different Alabuga, checked", "user": "ana"}"#;
    let (st, d) = http(&s, "POST", &format!("/alerts/{id}/decisions"), &[], body);
    assert_eq!(st, 201, "{d}");
    assert_eq!(d["decision"], "false_positive");
    let (st, shown) = http(&s, "GET", &format!("/alerts/{id}"), &[], b"");
    assert_eq!(st, 200);
    assert_eq!(shown["alert"]["status"], "decided");
    assert_eq!(shown["decisions"][0]["user"], "ana");
    // The CLI sees the decision the API recorded, and its audit entry.
    let o = Command::new(env!("CARGO_BIN_EXE_interdict"))
        .args(["alerts", "audit", "--json"])
        .env("INTERDICT_DATA_DIR", &s.dir)
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(log
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "decision" && e["actor"] == "ana"));

    // Refusals: unknown alert, bad decision, missing reason or user, bad status.
    let (st, _) = http(&s, "GET", "/alerts/999999", &[], b"");
    assert_eq!(st, 404);
    let bad = br#"{"decision": "maybe", "reason": "x", "user": "ana"}"#;
    let (st, e) = http(&s, "POST", &format!("/alerts/{id}/decisions"), &[], bad);
    assert_eq!(st, 400);
    assert!(e["detail"].as_str().unwrap().contains("false-positive"));
    let no_reason = br#"{"decision": "escalate", "reason": " ", "user": "ana"}"#;
    let (st, _) = http(
        &s,
        "POST",
        &format!("/alerts/{id}/decisions"),
        &[],
        no_reason,
    );
    assert_eq!(st, 400);
    let no_user = br#"{"decision": "escalate", "reason": "r"}"#;
    let (st, _) = http(&s, "POST", &format!("/alerts/{id}/decisions"), &[], no_user);
    assert_eq!(st, 400);
    let (st, _) = http(&s, "GET", "/alerts?status=everything", &[], b"");
    assert_eq!(st, 400);
}

/// Sends `request` as written on a fresh connection and returns what the server answered
/// before closing (or before `wait` passed).
fn exchange(addr: &str, request: &[u8], wait: Duration) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(wait)).unwrap();
    stream.write_all(request).unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    String::from_utf8_lossy(&raw).into_owned()
}

/// The JSON body of a raw response.
fn json_body(raw: &str) -> Value {
    let (head, body) = raw.split_once("\r\n\r\n").expect("an HTTP response");
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("not JSON ({e}): {raw}"))
}

/// A keyless loopback server is reachable from any web page the analyst opens: a forged
/// "simple" cross-site decision, a foreign Origin and a DNS-rebinding Host are refused.
#[test]
fn browsers_cannot_forge_decisions_or_rebind_the_loopback_server() {
    let s = start("browser", &[]);
    let csv = s.dir.join("c.csv");
    std::fs::write(&csv, "id,name\nc1,AO OEZ PPT Alabuga\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_interdict"))
        .args(["screen", csv.to_str().unwrap(), "--alerts", "-q", "-o"])
        .arg(s.dir.join("r.jsonl"))
        .env("INTERDICT_DATA_DIR", &s.dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let (_, v) = http(&s, "GET", "/alerts", &[], b"");
    let id = v["alerts"][0]["id"].as_i64().unwrap();
    let path = format!("/alerts/{id}/decisions");
    let body = br#"{"decision": "false_positive", "reason": "cleared", "user": "mallory"}"#;
    // What an HTML form or fetch() without preflight can send.
    let (st, e) = http(&s, "POST", &path, &[("Content-Type", "text/plain")], body);
    assert_eq!(st, 415, "{e}");
    let (st, e) = http(
        &s,
        "POST",
        &path,
        &[("Origin", "https://evil.example")],
        body,
    );
    assert_eq!(st, 403, "{e}");
    let (st, shown) = http(&s, "GET", &format!("/alerts/{id}"), &[], b"");
    assert_eq!(st, 200);
    assert_eq!(shown["decisions"].as_array().unwrap().len(), 0, "{shown}");
    assert_eq!(shown["alert"]["status"], "open");
    // The server's own origin may decide.
    let port = s.addr.rsplit(':').next().unwrap();
    let own = format!("http://localhost:{port}");
    let (st, e) = http(&s, "POST", &path, &[("Origin", &own)], body);
    assert_eq!(st, 201, "{e}");
    // DNS rebinding: a page on evil.example re-pointed at 127.0.0.1 names itself in Host.
    for (host, expected) in [
        (format!("evil.example:{port}"), 421),
        (format!("localhost:{port}"), 200),
        (s.addr.clone(), 200),
    ] {
        let raw = exchange(
            &s.addr,
            format!("GET /alerts HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
            Duration::from_secs(30),
        );
        let status: u16 = raw.split(' ').nth(1).unwrap().parse().unwrap();
        assert_eq!(status, expected, "{host}: {raw}");
        let v = json_body(&raw);
        if expected == 421 {
            assert!(
                v["detail"].as_str().unwrap().contains("allowed_hosts"),
                "{v}"
            );
            assert!(
                !raw.contains("Alabuga"),
                "no customer data to a foreign Host"
            );
        }
    }
}

/// Framework errors come as the documented JSON, a body declared too large is refused
/// before `100 Continue`, and a query key given twice is an error, not a dropped query.
#[test]
fn every_refusal_is_json_and_early() {
    let admin = "admin-key-for-tests-0123456789";
    let s = start(
        "refusals",
        &["--admin-key", admin, "--reload-interval", "0"],
    );
    // A path segment that is not UTF-8.
    let raw = exchange(
        &s.addr,
        format!(
            "GET /entities/%FF%FE HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            s.addr
        )
        .as_bytes(),
        Duration::from_secs(30),
    );
    assert!(raw.starts_with("HTTP/1.1 4"), "{raw}");
    assert!(json_body(&raw)["detail"].is_string(), "{raw}");
    // A multipart body without a boundary.
    let (st, v) = http(
        &s,
        "POST",
        "/admin/import",
        &[
            ("Content-Type", "multipart/form-data"),
            ("Authorization", &format!("ApiKey {admin}")),
        ],
        b"--x\r\n",
    );
    assert!((400..500).contains(&st), "{st} {v}");
    assert!(v["detail"].is_string(), "{v}");
    // Expect: 100-continue with a body over the limit: 413 at once, never "100 Continue".
    let raw = exchange(
        &s.addr,
        format!(
            "POST /match/default HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
             Content-Length: 50000000\r\nExpect: 100-continue\r\n\r\n",
            s.addr
        )
        .as_bytes(),
        Duration::from_secs(5),
    );
    assert!(raw.starts_with("HTTP/1.1 413"), "{raw}");
    assert!(!raw.contains("100 Continue"), "{raw}");
    // The same key twice: JSON keeps the last, and a query would vanish.
    let body = br#"{"queries": {"q": {"schema": "Company", "properties": {"name": ["Zala Aero"]}},
                                "q": {"schema": "Company", "properties": {"name": ["Alabuga"]}}}}"#;
    let (st, v) = http(&s, "POST", "/match/default", &[], body);
    assert_eq!(st, 422, "{v}");
    assert!(
        v["detail"]
            .as_str()
            .unwrap()
            .contains("\"q\" is given twice"),
        "{v}"
    );
    // Admin imports: a list id that is a path, and a collapsed list.
    let auth = format!("ApiKey {admin}");
    let file = lists_dir().join("ofac_non_sdn/consolidated.xml");
    let bytes = std::fs::read(&file).unwrap();
    for list in ["../../outside", "..", "A B"] {
        let (ct, body) = multipart(&[("consolidated.xml", &bytes)], &[("list", list)]);
        let (st, v) = http(
            &s,
            "POST",
            "/admin/import",
            &[("Content-Type", &ct), ("Authorization", &auth)],
            &body,
        );
        assert_eq!(st, 422, "{list}: {v}");
        assert!(
            v["detail"].as_str().unwrap().contains("is not a list id"),
            "{v}"
        );
    }
    assert!(!s.dir.join("outside").exists());
    // The first 1,000 rows of the SDN file with its address and alias files: a collapse.
    let sdn_dir = lists_dir().join("ofac_sdn_2022-01");
    let sdn = std::fs::read_to_string(sdn_dir.join("sdn.csv")).unwrap();
    let head: String = sdn.lines().take(1001).map(|l| format!("{l}\n")).collect();
    let add = std::fs::read(sdn_dir.join("add.csv")).unwrap();
    let alt = std::fs::read(sdn_dir.join("alt.csv")).unwrap();
    let files: [(&str, &[u8]); 3] = [
        ("sdn.csv", head.as_bytes()),
        ("add.csv", &add),
        ("alt.csv", &alt),
    ];
    let (ct, body) = multipart(&files, &[]);
    let (st, v) = http(
        &s,
        "POST",
        "/admin/import",
        &[("Content-Type", &ct), ("Authorization", &auth)],
        &body,
    );
    assert_eq!(st, 422, "{v}");
    assert!(
        v["detail"].as_str().unwrap().contains("more than the 20 %"),
        "{v}"
    );
    let (ct, body) = multipart(&files, &[("max_drop", "1")]);
    let (st, v) = http(
        &s,
        "POST",
        "/admin/import",
        &[("Content-Type", &ct), ("Authorization", &auth)],
        &body,
    );
    assert_eq!(st, 200, "{v}");
    assert!(
        v["imported"][0]["warnings"]
            .to_string()
            .contains("max_drop"),
        "{v}"
    );
}

/// Clients that send headers slowly cannot hold the server: an unfinished request is closed
/// after the header timeout, connections beyond the cap wait, and SIGTERM ends the server
/// within the grace period while such connections are open.
#[test]
fn slow_clients_are_bounded() {
    let dir = std::env::temp_dir().join(format!(
        "interdict-serve-slow-settings-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let settings = dir.join("serve.json");
    std::fs::write(
        &settings,
        json!({"header_timeout_secs": 2, "max_connections": 4, "shutdown_grace_secs": 2})
            .to_string(),
    )
    .unwrap();
    let mut s = start("slow", &["--config", settings.to_str().unwrap()]);
    let partial = format!("GET /healthz HTTP/1.1\r\nHost: {}\r\nX-Slow: 1", s.addr);
    // One unfinished request: closed by the server after the header timeout.
    let started = std::time::Instant::now();
    let raw = exchange(&s.addr, partial.as_bytes(), Duration::from_secs(30));
    let took = started.elapsed();
    assert!(!raw.contains("200 OK"), "{raw}");
    assert!(took < Duration::from_secs(20), "closed after {took:?}");
    // Four unfinished requests fill the cap: a fifth client is not served until they go.
    let held: Vec<TcpStream> = (0..4)
        .map(|_| {
            let mut c = TcpStream::connect(&s.addr).unwrap();
            c.write_all(partial.as_bytes()).unwrap();
            c
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let fifth = exchange(
        &s.addr,
        format!(
            "GET /healthz HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            s.addr
        )
        .as_bytes(),
        Duration::from_millis(800),
    );
    assert!(fifth.is_empty(), "served past the connection cap: {fifth}");
    drop(held);
    let raw = exchange(
        &s.addr,
        format!(
            "GET /healthz HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            s.addr
        )
        .as_bytes(),
        Duration::from_secs(30),
    );
    assert!(raw.starts_with("HTTP/1.1 200"), "{raw}");
    // SIGTERM with unfinished requests open: the server stops within the grace period.
    let _held: Vec<TcpStream> = (0..3)
        .map(|_| {
            let mut c = TcpStream::connect(&s.addr).unwrap();
            c.write_all(partial.as_bytes()).unwrap();
            c
        })
        .collect();
    let started = std::time::Instant::now();
    // SAFETY: a signal to our own child.
    unsafe {
        libc::kill(s.child.id() as i32, libc::SIGTERM);
    }
    let status = loop {
        if let Some(st) = s.child.try_wait().unwrap() {
            break Some(st);
        }
        if started.elapsed() > Duration::from_secs(20) {
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.is_some(), "still running 20 s after SIGTERM");
    let _ = std::fs::remove_dir_all(&dir);
}
