//! `interdict serve` end to end, continued: list updates while serving (admin import, CLI
//! import), settings, the OpenAPI document, alerts over HTTP, browsers, refusals and slow
//! clients.

mod common;
use common::http::*;
use common::lists_dir;
use serde_json::{json, Value};
use std::io::Write;
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

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

/// Issue #17: a judgement an analyst records with the CLI (in the alert store the server
/// keeps) changes the parties the server answers with, without a restart.
#[test]
fn an_analysts_party_judgement_is_picked_up_without_a_restart() {
    let s = start("judged", &["--reload-interval", "1"]);
    let members = || -> Vec<String> {
        let (st, v) = http(&s, "GET", "/entities/ofac-7844", &[], b"");
        assert_eq!(st, 200, "{v}");
        v["party"]["members"]
            .as_array()
            .map(|m| m.iter().map(|x| x.as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    assert!(members().contains(&"gb-hmt-7613".to_string()));
    let o = Command::new(env!("CARGO_BIN_EXE_interdict"))
        .args([
            "parties",
            "unlink",
            "ofac-7844",
            "gb-hmt-7613",
            "--reason",
            "a namesake",
            "--user",
            "ana",
        ])
        .env("INTERDICT_DATA_DIR", &s.dir)
        .env_remove("INTERDICT_ALERTS_DB")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while members().contains(&"gb-hmt-7613".to_string()) {
        assert!(
            std::time::Instant::now() < deadline,
            "the judgement was not picked up"
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

#[test]
fn every_route_in_the_openapi_document_is_served() {
    let s = start("openapi", &[]);
    let (st, doc) = http(&s, "GET", "/openapi.json", &[], b"");
    assert_eq!(st, 200);
    assert_eq!(doc["openapi"], "3.1.0");
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
                .replace("{id}", "ofac-45708")
                .replace("{prop}", "unknownLinkTo");
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

/// The OpenAPI document is valid by `openapi-spec-validator` (the reference validator), every
/// route declares its success answer, and what the running server answers on each JSON route
/// fits the schema the document declares for it (checked with a JSON Schema validator).
#[test]
fn every_answer_fits_the_schema_the_openapi_document_declares() {
    let s = start("openapi-schemas", &[]);
    let (_, doc) = http(&s, "GET", "/openapi.json", &[], b"");
    // OpenAPI 3.1 schemas are JSON Schema (2020-12): a JSON Schema validator reads them as
    // OpenAPI means them.
    let components = doc["components"].clone();
    // path → (method → schema name of its success answer)
    let mut declared = std::collections::BTreeMap::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            let ok = op["responses"]
                .as_object()
                .unwrap()
                .iter()
                .find(|(code, _)| code.starts_with('2'))
                .unwrap_or_else(|| panic!("{method} {path} declares no success"))
                .1;
            let content = ok["content"].as_object().unwrap();
            let schema = content
                .get("application/json")
                .and_then(|c| c["schema"]["$ref"].as_str())
                .map(|r| r.trim_start_matches("#/components/schemas/").to_string());
            if let Some(name) = &schema {
                assert!(
                    components["schemas"].get(name).is_some(),
                    "{method} {path}: {name} is not defined"
                );
            }
            declared.insert((method.clone(), path.clone()), schema);
        }
    }
    let fits = |method: &str, path: &str, concrete: &str, body: &[u8]| {
        let name = declared[&(method.to_string(), path.to_string())]
            .clone()
            .unwrap_or_else(|| panic!("{method} {path} does not answer JSON"));
        let headers: &[(&str, &str)] = if method == "post" && path.starts_with("/reconcile") {
            &[("Content-Type", "application/x-www-form-urlencoded")]
        } else {
            &[("Content-Type", "application/json")]
        };
        let (st, v) = http(&s, &method.to_uppercase(), concrete, headers, body);
        assert!((200..300).contains(&st), "{concrete}: {st} {v}");
        let schema =
            json!({"$ref": format!("#/components/schemas/{name}"), "components": components});
        let validator = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{method} {concrete} vs {name}: {errors:?}\n{v}"
        );
        path.to_string()
    };
    let matched = br#"{"queries": {"q": {"schema": "Person", "properties": {"name": ["Saddam Hussein Al-Tikriti"], "birthDate": ["1937"]}}}}"#;
    let queries = "queries=%7B%22q0%22%3A%7B%22query%22%3A%22Zala%20Aero%22%7D%7D";
    let mut checked = std::collections::BTreeSet::new();
    for (method, path, concrete, body) in [
        (
            "post",
            "/match/{dataset}",
            "/match/default".to_string(),
            &matched[..],
        ),
        (
            "get",
            "/search/{dataset}",
            "/search/default?q=ali&countries=iq&countries=sy".into(),
            b"",
        ),
        ("get", "/entities/{id}", "/entities/ofac-45708".into(), b""),
        (
            "get",
            "/entities/{id}/adjacent",
            "/entities/ofac-4632/adjacent".into(),
            b"",
        ),
        (
            "get",
            "/entities/{id}/adjacent/{prop}",
            "/entities/ofac-4632/adjacent/unknownLinkFrom".into(),
            b"",
        ),
        ("get", "/catalog", "/catalog".into(), b""),
        ("get", "/algorithms", "/algorithms".into(), b""),
        (
            "post",
            "/goods",
            "/goods".into(),
            br#"{"lines": [{"id": "x", "hs_code": "8542.31", "description": "FPGA", "destination": "Russia", "consignee": "AO OEZ PPT ALABUGA"}, {"hs_code": "85.4", "destination": "Iran"}]}"#,
        ),
        (
            "get",
            "/ownership/{id}",
            "/ownership/ofac-45708?regime=all&at=2024-01-01".into(),
            b"",
        ),
        (
            "get",
            "/reconcile/{dataset}",
            "/reconcile/default".into(),
            b"",
        ),
        (
            "get",
            "/reconcile/{dataset}",
            format!("/reconcile/default?{queries}"),
            b"",
        ),
        (
            "post",
            "/reconcile/{dataset}",
            "/reconcile/default".into(),
            queries.as_bytes(),
        ),
        (
            "get",
            "/reconcile/{dataset}/suggest/entity",
            "/reconcile/default/suggest/entity?prefix=zala".into(),
            b"",
        ),
        (
            "get",
            "/reconcile/{dataset}/suggest/property",
            "/reconcile/default/suggest/property?prefix=b".into(),
            b"",
        ),
        (
            "get",
            "/reconcile/{dataset}/extend/propose",
            "/reconcile/default/extend/propose?type=Person".into(),
            b"",
        ),
        ("get", "/alerts", "/alerts".into(), b""),
        ("get", "/openapi.json", "/openapi.json".into(), b""),
        ("get", "/healthz", "/healthz".into(), b""),
        ("get", "/readyz", "/readyz".into(), b""),
    ] {
        checked.insert(fits(method, path, &concrete, body));
    }
    // Every JSON route is checked above but those that need state a fresh server lacks
    // (an alert to read or decide) or an admin key (tested in their own tests).
    let unchecked: Vec<_> = declared
        .iter()
        .filter(|(_, schema)| schema.is_some())
        .map(|((_, path), _)| path.as_str())
        .filter(|p| !checked.contains(*p))
        .filter(|p| {
            ![
                "/alerts/{id}",
                "/alerts/{id}/decisions",
                "/admin/import",
                "/admin/reload",
            ]
            .contains(p)
        })
        .collect();
    assert!(unchecked.is_empty(), "answers not checked: {unchecked:?}");

    // The reference validator reads the document as valid OpenAPI 3.1.
    let Some(python) = interdict_testdata::program(
        "INTERDICT_TEST_PYTHON",
        "interdict-conformance-python",
        "every_answer_fits_the_schema_the_openapi_document_declares",
        "python3 -m venv V && V/bin/pip install openapi-spec-validator==0.9.0; set INTERDICT_TEST_PYTHON=V/bin/python",
    ) else {
        return;
    };
    let file = s.dir.join("openapi.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let out = Command::new(python)
        .args(["-m", "openapi_spec_validator"])
        .arg(&file)
        .output()
        .expect("python runs");
    let said = common::said(&out);
    assert!(out.status.success() && said.contains("OK"), "{said}");
}
