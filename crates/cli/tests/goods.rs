//! `interdict goods` end to end on the bundled lists and rules: lines of every kind in every
//! format, the bad-lines side file, the policy and rule files a user replaces, and
//! `POST /goods` on a running server.

mod common;

use common::http::{exchange, http, start, status_of};
use common::{interdict as run, interdict_command, lists_dir, said, TempDir};
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;

/// The SDN record of the Alabuga special economic zone, read from the bundled file.
fn alabuga() -> String {
    let sdn = std::fs::read_to_string(lists_dir().join("ofac_sdn/sdn.csv")).unwrap();
    let line = sdn
        .lines()
        .find(|l| l.contains("SPECIAL ECONOMIC ZONE OF INDUSTRIAL PRODUCTION ALABUGA"))
        .expect("the Alabuga zone is on the bundled SDN list");
    format!("ofac-{}", line.split(',').next().unwrap().trim())
}

/// Lines of every kind: (id, hs_code, description, destination, via, consignee, end_user),
/// with the verdict and deciding rule each must get.
const LINES: &[([&str; 7], &str, &str)] = &[
    (
        [
            "L01",
            "8542.31.0001",
            "STM32F405RGT6 microcontroller",
            "Kyrgyzstan",
            "",
            "",
            "",
        ],
        "review",
        "chpl-to-diversion-risk",
    ),
    (
        ["L02", "85423190", "", "Russia", "", "", ""],
        "block",
        "chpl-to-sanctioned",
    ),
    (
        ["L03", "8542 31", "", "Belarus", "", "", ""],
        "block",
        "chpl-to-sanctioned",
    ),
    (
        ["L04", "", "FPGA EP4CE10E22C8N", "Türkiye", "", "", ""],
        "review",
        "described-chpl-to-diversion",
    ),
    (
        [
            "L05",
            "",
            "GNSS receiver module NEO-M8N",
            "Iran",
            "",
            "",
            "",
        ],
        "block",
        "described-chpl-to-sanctioned",
    ),
    (
        [
            "L06",
            "9503.00",
            "toy parts: GNSS receiver module",
            "Germany",
            "",
            "",
            "",
        ],
        "review",
        "misdeclared-chpl-item",
    ),
    (
        [
            "L07",
            "8482.10",
            "Ball bearings 6204-2RS",
            "Germany",
            "Armenia",
            "",
            "",
        ],
        "review",
        "chpl-to-diversion-risk",
    ),
    (
        [
            "L08",
            "8532.24",
            "MLCC 0603 100nF",
            "Zaporizhzhia oblast",
            "",
            "",
            "",
        ],
        "review",
        "chpl-to-partly-sanctioned",
    ),
    (
        [
            "L09",
            "6109.10",
            "Cotton T-shirts",
            "Kazakhstan",
            "",
            "Kazakh Textile Retail Partners",
            "",
        ],
        "clear",
        "",
    ),
    (
        [
            "L10",
            "6109.10",
            "Cotton T-shirts",
            "France",
            "",
            "AO OEZ PPT ALABUGA",
            "",
        ],
        "block",
        "listed-party",
    ),
    (
        [
            "L11",
            "0901.21",
            "Roasted coffee",
            "Japan",
            "",
            "",
            "AO OEZ PPT ALABUGA",
        ],
        "block",
        "listed-party",
    ),
    (
        ["L12", "8542", "ball bearings", "Georgia", "", "", ""],
        "review",
        "described-chpl-to-diversion",
    ),
    (
        ["L13", "85A2.31", "Wooden chairs", "Spain", "", "", ""],
        "clear",
        "",
    ),
    (
        ["L14", "6403.99", "Leather shoes", "North Korea", "", "", ""],
        "review",
        "any-goods-to-sanctioned",
    ),
];

const HEADER: &str = "line_id,hs_code,description,destination,via,consignee,end_user";

fn lines_csv() -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER.split(',')).unwrap();
    for (cells, ..) in LINES {
        w.write_record(cells).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

fn jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn every_kind_of_line_gets_its_verdict_and_reasons() {
    let dir = TempDir::new("goods-kinds");
    std::fs::write(dir.join("lines.csv"), lines_csv()).unwrap();
    let out = run(&dir, &["goods", "lines.csv", "-o", "verdicts.jsonl"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    let verdicts = jsonl(&dir.join("verdicts.jsonl"));
    assert_eq!(verdicts.len(), LINES.len(), "no line is dropped");
    let zone = alabuga();
    for ((cells, verdict, rule), v) in LINES.iter().zip(&verdicts) {
        let id = cells[0];
        assert_eq!(v["id"], id);
        assert_eq!(v["verdict"], *verdict, "{id}: {v}");
        assert_eq!(v["decided_by"].as_str().unwrap_or(""), *rule, "{id}: {v}");
        assert!(v["rules_version"].as_str().unwrap().contains('+'));
        let reasons = v["reasons"].as_array().unwrap();
        if *rule == "listed-party" {
            let party = reasons
                .iter()
                .find(|r| r["rule"] == "party" && r["match"] == true)
                .unwrap();
            assert_eq!(party["entity_id"], zone, "{id}");
            assert_eq!(
                party["field"],
                if id == "L10" { "consignee" } else { "end_user" }
            );
            assert!(party["explanation"].is_object());
        }
        if rule.starts_with("chpl") {
            let chpl = reasons.iter().find(|r| r["rule"] == "chpl").unwrap();
            assert!(chpl["tier"].is_string() && chpl["hs6"].as_str().unwrap().len() == 6);
        }
        if rule.starts_with("described") || *rule == "misdeclared-chpl-item" {
            assert!(!v["hs6_candidates"].as_array().unwrap().is_empty());
            let d = reasons.iter().find(|r| r["rule"] == "description").unwrap();
            assert_eq!(
                d["mismatch"] == true,
                *rule == "misdeclared-chpl-item",
                "{id}"
            );
        }
    }
    // The malformed codes are reported with their field and line; the lines are kept and
    // checked on what else they say.
    let bad: Vec<Value> = jsonl(&dir.join("verdicts.jsonl.bad.jsonl"));
    let bad_ids: Vec<&str> = bad.iter().map(|b| b["id"].as_str().unwrap()).collect();
    assert_eq!(bad_ids, ["L12", "L13"]);
    for b in &bad {
        assert_eq!(b["problems"][0]["field"], "hs_code", "{b}");
        assert_eq!(b["screened"], true);
    }
    assert_eq!(bad[0]["line"], 13);
    let l13 = &verdicts[12];
    assert!(l13["problems"][0]["message"]
        .as_str()
        .unwrap()
        .contains("neither a digit"));

    // --strict stops at the first bad line, naming file, line and field; nothing is written.
    let out = run(
        &dir,
        &["goods", "lines.csv", "--strict", "-o", "strict.jsonl"],
    );
    assert_eq!(out.status.code(), Some(2));
    let e = said(&out);
    assert!(e.contains("lines.csv, line 13, field \"hs_code\""), "{e}");
    assert!(!dir.join("strict.jsonl").exists());

    // A file of clear lines exits 0.
    let clear: String = lines_csv()
        .lines()
        .enumerate()
        .filter(|(i, l)| *i == 0 || l.starts_with("L09"))
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    std::fs::write(dir.join("clear.csv"), clear).unwrap();
    let out = run(&dir, &["goods", "clear.csv", "-o", "clear.jsonl"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
}

#[test]
fn csv_and_parquet_have_a_row_per_reason_and_explain_reads_as_prose() {
    let dir = TempDir::new("goods-formats");
    std::fs::write(dir.join("lines.csv"), lines_csv()).unwrap();
    let out = run(&dir, &["goods", "lines.csv", "-o", "v.jsonl", "-q"]);
    assert_eq!(out.status.code(), Some(1));
    let verdicts = jsonl(&dir.join("v.jsonl"));
    let rows: usize = verdicts
        .iter()
        .map(|v| v["reasons"].as_array().unwrap().len().max(1))
        .sum();
    let out = run(&dir, &["goods", "lines.csv", "-o", "v.csv", "-q"]);
    assert_eq!(out.status.code(), Some(1));
    let mut r = csv::Reader::from_path(dir.join("v.csv")).unwrap();
    let headers = r.headers().unwrap().clone();
    let recs: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(recs.len(), rows);
    let col = |n: &str| headers.iter().position(|h| h == n).unwrap();
    let l10: Vec<_> = recs
        .iter()
        .filter(|r| &r[col("input_id")] == "L10")
        .collect();
    assert!(l10
        .iter()
        .all(|r| &r[col("verdict")] == "block" && &r[col("decided_by")] == "listed-party"));
    assert!(l10
        .iter()
        .any(|r| &r[col("rule")] == "party" && r[col("entity_id")] == alabuga()));

    let out = run(&dir, &["goods", "lines.csv", "-o", "v.parquet", "-q"]);
    assert_eq!(out.status.code(), Some(1));
    let f = std::fs::File::open(dir.join("v.parquet")).unwrap();
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f)
        .unwrap()
        .build()
        .unwrap();
    let n: usize = reader.map(|b| b.unwrap().num_rows()).sum();
    assert_eq!(n, rows);

    let out = run(&dir, &["goods", "lines.csv", "--explain", "-q"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("line 11 (id L10): BLOCK — rule listed-party"),
        "{text}"
    );
    assert!(
        text.contains("line 10 (id L09): CLEAR — no rule of the policy applies"),
        "{text}"
    );
    assert!(text.contains("matched name"), "{text}");
    assert!(text.contains("problem      hs_code:"), "{text}");
}

#[test]
fn json_lines_from_standard_input_and_mapped_columns() {
    let dir = TempDir::new("goods-stdin");
    let mut child = interdict_command(&dir, &["goods", "-", "-q", "--no-parties"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let input = [
        json!({"id": "a", "hs_code": "8526.91", "destination": "Hong Kong"}),
        json!({"id": "b", "hs_code": ["8541.10", "6109.10"], "ship_to": "Crimea"}),
        json!({"id": "c", "description": "cotton socks", "destination": "Chile"}),
        json!(["not", "a", "line"]),
    ];
    {
        let mut stdin = child.stdin.take().unwrap();
        for l in &input {
            writeln!(stdin, "{l}").unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    // The last line is not an object: it is reported, not dropped, and the run exits 2.
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    let v: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let got: Vec<(&str, &str)> = v
        .iter()
        .map(|v| {
            (
                v["verdict"].as_str().unwrap(),
                v["decided_by"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("review", "chpl-to-diversion-risk"),
            ("block", "chpl-to-sanctioned"),
            ("clear", ""),
            ("error", "")
        ]
    );
    assert_eq!(v[1]["reasons"][1]["field"], "ship_to");
    assert_eq!(v[1]["reasons"][1]["country"], "ua-cri");
    assert!(dir.join("interdict-bad-records.jsonl").exists());

    // Headers the tool does not know are mapped with --map; an unknown field is refused.
    std::fs::write(
        dir.join("odd.csv"),
        "Tariff No,Goods,Ctry of Dest\n8471.50,server,Russia\n",
    )
    .unwrap();
    let out = run(
        &dir,
        &[
            "goods",
            "odd.csv",
            "--no-parties",
            "--map",
            "hs_code=Tariff No",
            "--map",
            "destination=Ctry of Dest",
            "-q",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["decided_by"], "chpl-to-sanctioned");
    let out = run(&dir, &["goods", "odd.csv", "--map", "tariff=Tariff No"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        said(&out).contains("unknown field \"tariff\""),
        "{}",
        said(&out)
    );
    std::fs::write(dir.join("none.csv"), "a,b\n1,2\n").unwrap();
    let out = run(&dir, &["goods", "none.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(said(&out).contains("nothing to check"), "{}", said(&out));
}

#[test]
fn a_users_policy_and_rules_decide_and_bad_ones_are_refused_by_line() {
    let dir = TempDir::new("goods-policy");
    std::fs::write(dir.join("lines.csv"), lines_csv()).unwrap();
    // The printed default policy is the one in use: as --policy it gives the same verdicts.
    let printed = run(&dir, &["goods", "--print-policy"]);
    assert!(printed.status.success());
    std::fs::write(dir.join("default.txt"), &printed.stdout).unwrap();
    let a = run(&dir, &["goods", "lines.csv", "-q", "--no-parties"]);
    let b = run(
        &dir,
        &[
            "goods",
            "lines.csv",
            "-q",
            "--no-parties",
            "--policy",
            "default.txt",
        ],
    );
    assert_eq!(
        String::from_utf8_lossy(&a.stdout),
        String::from_utf8_lossy(&b.stdout)
    );
    // A stricter policy: any tier-1 item is blocked wherever it goes, nothing else counts.
    std::fs::write(
        dir.join("strict.txt"),
        "# ours\ntier-one block when chpl.tier1\n",
    )
    .unwrap();
    let out = run(
        &dir,
        &[
            "goods",
            "lines.csv",
            "-q",
            "--no-parties",
            "--policy",
            "strict.txt",
        ],
    );
    let v: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let blocked: Vec<&str> = v
        .iter()
        .filter(|v| v["verdict"] == "block")
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert_eq!(blocked, ["L01", "L02", "L03"]);
    assert!(v
        .iter()
        .filter(|v| v["verdict"] == "block")
        .all(|v| v["decided_by"] == "tier-one"));
    // A bad policy names its file, line and word; nothing is written.
    std::fs::write(
        dir.join("bad.txt"),
        "ok block when chpl\n\nbad review when chpl and moon.phase\n",
    )
    .unwrap();
    let out = run(
        &dir,
        &[
            "goods",
            "lines.csv",
            "--policy",
            "bad.txt",
            "-o",
            "never.jsonl",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let e = said(&out);
    assert!(
        e.contains("bad.txt, line 3, condition") && e.contains("moon.phase"),
        "{e}"
    );
    assert!(!dir.join("never.jsonl").exists());

    // Rule data from a directory: the bundled files, copied; a new destinations file makes a
    // new version that the verdicts name.
    let rules = dir.join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/goods");
    for f in [
        "manifest.csv",
        "chpl_hs6_tiers.csv",
        "harmonized-system.csv.gz",
        "destinations.csv",
        "chpl_terms.csv",
    ] {
        std::fs::copy(bundled.join(f), rules.join(f)).unwrap();
    }
    let info = run(&dir, &["goods", "--rules-info"]);
    let bundled_version = String::from_utf8_lossy(&info.stdout)
        .lines()
        .next()
        .unwrap()
        .to_string();
    let mut dest = std::fs::read_to_string(rules.join("destinations.csv")).unwrap();
    dest.push_str("fr,diversion,France,our own assessment,2026-12-07\n");
    std::fs::write(rules.join("destinations.csv"), dest).unwrap();
    let out = run(
        &dir,
        &[
            "goods",
            "lines.csv",
            "-q",
            "--no-parties",
            "--rules",
            "rules",
        ],
    );
    let v: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let l10 = v.iter().find(|v| v["id"] == "L10").unwrap();
    assert!(
        l10["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["country"] == "fr"),
        "{l10}"
    );
    let version = v[0]["rules_version"].as_str().unwrap();
    assert!(
        !bundled_version.contains(version),
        "{bundled_version} vs {version}"
    );
    // A broken rule file is refused with its file, line and field.
    let chpl = std::fs::read_to_string(rules.join("chpl_hs6_tiers.csv")).unwrap();
    std::fs::write(
        rules.join("chpl_hs6_tiers.csv"),
        chpl.replacen("TIER_1", "TIER_9", 2),
    )
    .unwrap();
    let out = run(
        &dir,
        &[
            "goods",
            "lines.csv",
            "--rules",
            "rules",
            "-o",
            "never.jsonl",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let e = said(&out);
    assert!(
        e.contains("chpl_hs6_tiers.csv, line 2, tier") && e.contains("TIER_9"),
        "{e}"
    );
    assert!(!dir.join("never.jsonl").exists());
}

#[test]
fn the_server_checks_a_line_or_a_batch() {
    let s = start("goods", &[]);
    let zone = alabuga();
    let (st, v) = http(
        &s,
        "POST",
        "/goods",
        &[],
        br#"{"hs_code": "8542.31", "destination": "Russia", "consignee": "AO OEZ PPT ALABUGA"}"#,
    );
    assert_eq!(st, 200, "{v}");
    let r = &v["results"][0];
    assert_eq!(
        (
            r["id"].clone(),
            r["verdict"].clone(),
            r["decided_by"].clone()
        ),
        (json!(1), json!("block"), json!("listed-party"))
    );
    assert!(r["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["entity_id"] == zone));
    assert_eq!(v["rules_version"], r["rules_version"]);
    // A batch answers in order, with the CLI's verdicts.
    let dir = TempDir::new("goods-server");
    std::fs::write(dir.join("lines.csv"), lines_csv()).unwrap();
    let cli: Vec<Value> = String::from_utf8_lossy(&run(&dir, &["goods", "lines.csv", "-q"]).stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let batch: Vec<Value> = LINES
        .iter()
        .map(|(c, ..)| {
            let mut o = serde_json::Map::new();
            for (k, v) in HEADER.split(',').zip(c.iter()) {
                if !v.is_empty() {
                    o.insert(k.to_string(), json!(v));
                }
            }
            Value::Object(o)
        })
        .collect();
    let (st, v) = http(
        &s,
        "POST",
        "/goods",
        &[],
        json!({ "lines": batch }).to_string().as_bytes(),
    );
    assert_eq!(st, 200, "{v}");
    let reasons = |v: &Value| -> Vec<(Value, Value, Value)> {
        v["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["rule"].clone(),
                    r["entity_id"].clone(),
                    r["datasets"].clone(),
                )
            })
            .collect()
    };
    for (a, b) in v["results"].as_array().unwrap().iter().zip(&cli) {
        // Parties are answered once per party on both sides, with every list of the party.
        assert_eq!(reasons(a), reasons(b), "{a}\n{b}");
        assert_eq!(
            (&a["id"], &a["verdict"], &a["decided_by"]),
            (&b["id"], &b["verdict"], &b["decided_by"])
        );
    }
    // Requests it cannot take: their reason, never a 5xx.
    let many = json!({"lines": vec![json!({"hs_code": "854231"}); 101]}).to_string();
    for (body, status, says) in [
        (&b"{not json"[..], 400, "not valid JSON"),
        (b"[1, 2]", 422, "the body must be"),
        (b"{\"lines\": 5}", 422, "the body must be"),
        (b"{\"lines\": []}", 422, "no lines"),
        (
            b"{\"lines\": [{\"colour\": \"red\"}]}",
            422,
            "nothing to check",
        ),
        (b"{\"lines\": [7]}", 422, "line 1"),
        (many.as_bytes(), 422, "at most 100"),
    ] {
        let (st, v) = http(&s, "POST", "/goods", &[], body);
        assert_eq!(st, status, "{}: {v}", String::from_utf8_lossy(body));
        assert!(v["detail"].as_str().unwrap().contains(says), "{v}");
    }
    // A runaway value is a problem of its line: left out, never handed to the matcher.
    let huge = json!({"lines": [{"hs_code": "8542.31", "destination": "Iran", "consignee": "A".repeat(50_000)}]});
    let (st, v) = http(&s, "POST", "/goods", &[], huge.to_string().as_bytes());
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["results"][0]["decided_by"], "chpl-to-sanctioned");
    assert!(
        v["results"][0]["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("longer than 1000"),
        "{v}"
    );
    // As an attacker would: a body over the limit is refused before it is read whole, and a
    // page on a foreign site re-pointed at the loopback server (DNS rebinding) gets no
    // verdict and no listed name.
    let big = format!(
        "{{\"lines\": [{{\"description\": \"{}\"}}]}}",
        "x".repeat(2 << 20)
    );
    assert_eq!(status_of(&s, "POST", "/goods", big.as_bytes()), 413);
    let body = br#"{"consignee": "AO OEZ PPT ALABUGA"}"#;
    let port = s.addr.rsplit(':').next().unwrap();
    let raw = exchange(
        &s.addr,
        &[
            format!(
                "POST /goods HTTP/1.1\r\nHost: evil.example:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .as_bytes(),
            &body[..],
        ]
        .concat(),
        std::time::Duration::from_secs(30),
    );
    assert!(raw.starts_with("HTTP/1.1 421"), "{raw}");
    assert!(!raw.contains(&zone) && !raw.contains("ALABUGA"), "{raw}");
    // The operator's policy decides what POST /goods blocks; a bad one stops the start.
    std::fs::write(dir.join("strict.txt"), "tier-one block when chpl.tier1\n").unwrap();
    let strict = start(
        "goods-policy",
        &["--goods-policy", dir.join("strict.txt").to_str().unwrap()],
    );
    let (st, v) = http(
        &strict,
        "POST",
        "/goods",
        &[],
        br#"{"hs_code": "8542.32", "destination": "France"}"#,
    );
    assert_eq!(
        (st, &v["results"][0]["decided_by"]),
        (200, &json!("tier-one")),
        "{v}"
    );
    std::fs::write(dir.join("broken.txt"), "x block when moon\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_interdict"))
        .args(["serve", "--bind", "127.0.0.1:0", "--goods-policy"])
        .arg(dir.join("broken.txt"))
        .env("INTERDICT_DATA_DIR", dir.join("data"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        said(&out).contains("broken.txt, line 1, condition"),
        "{}",
        said(&out)
    );
    // A malformed code is a problem of the line, not of the request.
    let (st, v) = http(
        &s,
        "POST",
        "/goods",
        &[],
        br#"{"hs_code": "85.4", "description": "FPGA", "destination": "Iran"}"#,
    );
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["results"][0]["verdict"], "block");
    assert_eq!(v["results"][0]["problems"][0]["field"], "hs_code");
}
