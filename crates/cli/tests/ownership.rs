//! `interdict ownership` end to end: a user's registry of front companies owned by real SDN
//! parties (ids and names read from the bundled SDN file), imported, derived, proved and
//! screened; OFAC's enhanced XML relationships and an OpenSanctions export's holdings read
//! and derived, the expected verdicts worked out from the files themselves.

mod common;

use common::{interdict as run, lists_dir, TempDir};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::process::Output;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", stdout(o), stderr(o)))
}

/// The first `n` organisations of the bundled SDN file: (interdict id, name).
fn sdn_organisations(n: usize) -> Vec<(String, String)> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(lists_dir().join("ofac_sdn/sdn.csv"))
        .unwrap();
    r.records()
        .map(|rec| rec.unwrap())
        .filter(|rec| rec.len() >= 3)
        .filter(|rec| rec.get(2).is_some_and(|t| t.trim() == "-0-"))
        .take(n)
        .map(|rec| (format!("ofac-{}", rec[0].trim()), rec[1].trim().to_string()))
        .collect()
}

fn write_registry(dir: &Path, rows: &[[&str; 7]]) -> std::path::PathBuf {
    let path = dir.join("registry.csv");
    let mut w = csv::Writer::from_path(&path).unwrap();
    w.write_record(interdict_sources::ownership_csv::COLUMNS)
        .unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
    path
}

fn verdict(dir: &Path, id: &str, extra: &[&str]) -> (Option<i32>, Value) {
    let mut args = vec!["ownership", id, "--regime", "ofac", "--json"];
    args.extend_from_slice(extra);
    let o = run(dir, &args);
    (o.status.code(), json(&o))
}

fn owners(path: &Value) -> Vec<String> {
    path.as_array()
        .unwrap()
        .iter()
        .map(|s| s["owner"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_registry_of_front_companies_is_derived_proved_and_screened() {
    let dir = TempDir::new("ownership-registry");
    let listed = sdn_organisations(3);
    let [(l1, n1), (l2, n2), (l3, n3)] = [&listed[0], &listed[1], &listed[2]].map(Clone::clone);
    let path = write_registry(
        &dir,
        &[
            [
                &l1,
                &n1,
                "C1",
                "Kama Drone Components LLC",
                "51",
                "2023-02-01",
                "",
            ],
            [
                "C1",
                "Kama Drone Components LLC",
                "C2",
                "Volga Composite Parts OOO",
                "60",
                "",
                "",
            ],
            // A circle: C2 holds a tenth of C1.
            [
                "C2",
                "Volga Composite Parts OOO",
                "C1",
                "Kama Drone Components LLC",
                "10",
                "",
                "",
            ],
            [&l2, &n2, "C3", "Tatar Logistic Services LLC", "30", "", ""],
            [&l3, &n3, "C3", "Tatar Logistic Services LLC", "30", "", ""],
            // No list id: the owner is the third listed party, by its listed name.
            [
                "P-1",
                &n3,
                "C4",
                "Eastern Precision Tools LLC",
                "50",
                "",
                "",
            ],
            [
                &l1,
                &n1,
                "C5",
                "Zelenodolsk Electronics OOO",
                "25 to 50 percent",
                "",
                "",
            ],
            [
                &l1,
                &n1,
                "C6",
                "Kazan Supply Trading LLC",
                "70",
                "2015-01-01",
                "2019-12-31",
            ],
            [
                "P-2",
                "Ilnur Garayev",
                "C7",
                "Nizhnekamsk Fasteners OOO",
                "80",
                "",
                "",
            ],
        ],
    );
    let o = run(
        &dir,
        &["import", "--list", "acme_registry", path.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("ownership-csv"), "{}", stdout(&o));
    let id = |c: &str| format!("acme_registry:{c}");

    // Two steps down from a listed party, each holding a majority: blocked, with the chain.
    let (code, v) = verdict(&dir, &id("C2"), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(v["verdict"], "blocked");
    assert_eq!(owners(&v["paths"][0]), vec![l1.clone(), id("C1")]);
    assert!(
        (v["listed_share"]["min"].as_f64().unwrap() - 0.6).abs() < 1e-9,
        "{v}"
    );
    // C1: 51 % from the listed party and 10 % from C2, itself blocked — the circle ends.
    let (_, v) = verdict(&dir, &id("C1"), &[]);
    assert!(
        (v["listed_share"]["min"].as_f64().unwrap() - 0.61).abs() < 1e-9,
        "{v}"
    );
    assert!(v["notes"].to_string().contains("circle"), "{v}");
    // Two listed parties with 30 % each: OFAC adds them up, the UK does not.
    let (_, v) = verdict(&dir, &id("C3"), &[]);
    assert_eq!(v["verdict"], "blocked");
    assert_eq!(v["paths"].as_array().unwrap().len(), 2);
    let o = run(&dir, &["ownership", &id("C3"), "--regime", "uk", "--json"]);
    let uk = json(&o);
    assert_eq!(uk["verdict"], "not-blocked", "{uk}");
    // A registry owner without a list id, tied to the listed party by its name: a tie by
    // name alone makes the company possibly blocked, for review, not blocked.
    let (_, v) = verdict(&dir, &id("C4"), &[]);
    assert_eq!(v["verdict"], "possibly-blocked", "{v}");
    assert_eq!(v["paths"][0][0]["owner"], l3.as_str());
    assert!(v["paths"][0][0]["matched"].to_string().contains(&l3), "{v}");
    // A range straddling the threshold.
    let (_, v) = verdict(&dir, &id("C5"), &[]);
    assert_eq!(v["verdict"], "possibly-blocked");
    assert_eq!(v["listed_share"]["max"].as_f64(), Some(0.5));
    // A holding that ended in 2019 blocks only on days it held.
    let (code, v) = verdict(&dir, &id("C6"), &[]);
    assert_eq!(
        (code, v["verdict"].as_str()),
        (Some(0), Some("not-blocked"))
    );
    let (_, v) = verdict(&dir, &id("C6"), &["--at", "2018-01-01"]);
    assert_eq!(v["verdict"], "blocked");
    assert_eq!(v["as_of"], "2018-01-01");
    let (code, _) = verdict(&dir, &id("C7"), &[]);
    assert_eq!(code, Some(0));
    // Every regime at once, as an array.
    let o = run(&dir, &["ownership", &id("C2"), "--json"]);
    let all = json(&o);
    assert_eq!(
        all.as_array()
            .unwrap()
            .iter()
            .map(|v| v["regime"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["ofac", "eu", "uk"]
    );
    // Text: the proof path printed.
    let o = run(&dir, &["ownership", &id("C2"), "--regime", "ofac"]);
    let text = stdout(&o);
    assert!(
        text.contains(&format!("{l1} “{n1}” (listed) —51 %")),
        "{text}"
    );

    // `show` lists a registry company's holdings both ways, by the registry's own ids.
    let o = run(&dir, &["show", &id("C1")]);
    let text = stdout(&o);
    assert!(text.contains("ownership registry acme_registry"), "{text}");
    assert!(text.contains(&format!("← Ownership      {l1}")), "{text}");
    assert!(
        text.contains("→ Ownership      C2  Volga Composite Parts OOO"),
        "{text}"
    );

    // Every derived entity, with its proof, as JSON Lines.
    let out = dir.join("derived.jsonl");
    let o = run(
        &dir,
        &[
            "ownership",
            "derive",
            "--regime",
            "ofac",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("cycle"), "{}", stderr(&o));
    let derived: BTreeSet<String> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .filter(|i| i.starts_with("acme_registry:"))
        .collect();
    let expected: BTreeSet<String> = ["C1", "C2", "C3", "C4", "C5"]
        .iter()
        .map(|c| id(c))
        .collect();
    assert_eq!(derived, expected);

    // Screened like listed parties: a customer who is the front company is caught, and
    // the hit says why; a registry party nothing blocks is not screened at all.
    let o = run(&dir, &["search", "Volga Composite Parts OOO", "--json"]);
    let hits = json(&o);
    let top = &hits["results"][0];
    assert_eq!(top["id"], id("C2").as_str(), "{hits}");
    assert_eq!(top["reason"], "ownership");
    assert_eq!(top["ownership"][0]["regime"], "ofac");
    assert!(top["ownership"][0]["path"].as_str().unwrap().contains(&l1));
    let o = run(
        &dir,
        &["search", "Nizhnekamsk Fasteners OOO", "--json", "--all"],
    );
    let hits = json(&o);
    assert!(
        !hits["results"].to_string().contains("acme_registry:"),
        "a registry company nothing blocks was screened: {hits}"
    );
    let customers = dir.join("customers.csv");
    std::fs::write(
        &customers,
        "id,name\n1,Volga Composite Parts OOO\n2,Kazan Supply Trading LLC\n",
    )
    .unwrap();
    let screened = dir.join("screened.jsonl");
    let o = run(
        &dir,
        &[
            "screen",
            customers.to_str().unwrap(),
            "-o",
            screened.to_str().unwrap(),
        ],
    );
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    let lines: Vec<Value> = std::fs::read_to_string(&screened)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["results"][0]["id"], id("C2").as_str());
    assert_eq!(lines[0]["results"][0]["reason"], "ownership");
    assert!(
        !lines[1]["results"].to_string().contains(&id("C6")),
        "a company whose listed owner sold it in 2019 was screened: {}",
        lines[1]
    );
}

#[test]
fn bad_registries_and_questions_get_clear_errors() {
    let dir = TempDir::new("ownership-errors");
    let (l1, n1) = sdn_organisations(1).remove(0);
    let good = write_registry(
        &dir,
        &[[&l1, &n1, "C1", "Kama Drone Components LLC", "51", "", ""]],
    );
    let o = run(
        &dir,
        &["import", "--list", "acme_registry", good.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // A percentage that is not one: the file, line and field are named, and the good
    // version stays active.
    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        format!(
            "owner_id,owner_name,asset_id,asset_name,percentage,start_date,end_date\n\
             {l1},x,C1,Kama,51,,\n{l1},x,C2,Volga,lots,,\n"
        ),
    )
    .unwrap();
    let o = run(
        &dir,
        &["import", "--list", "acme_registry", bad.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("bad.csv") && e.contains("line 3") && e.contains("percentage"),
        "{e}"
    );
    let o = run(
        &dir,
        &[
            "ownership",
            "acme_registry:C1",
            "--regime",
            "ofac",
            "--json",
        ],
    );
    assert_eq!(json(&o)["verdict"], "blocked");
    // A date that is not one.
    std::fs::write(
        &bad,
        format!(
            "owner_id,owner_name,asset_id,asset_name,percentage,start_date,end_date\n\
             {l1},x,C1,Kama,51,01/02/2023,\n"
        ),
    )
    .unwrap();
    let o = run(
        &dir,
        &["import", "--list", "acme_registry", bad.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("start_date"), "{}", stderr(&o));
    // Unknown ids, regimes and days.
    for (args, says) in [
        (vec!["ownership", "acme_registry:nope"], "no such entity"),
        (
            vec!["ownership", "acme_registry:C1", "--regime", "mars"],
            "ofac, eu, uk",
        ),
        (
            vec!["ownership", "acme_registry:C1", "--at", "yesterday"],
            "YYYY-MM-DD",
        ),
        (vec!["ownership"], "ownership derive"),
    ] {
        let o = run(&dir, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    }
}

/// OFAC's "Owned or Controlled By" relationships (no percentage) of the consolidated
/// enhanced XML: every company reached from an SDN party through them is possibly blocked
/// under OFAC's rule, and nothing is blocked outright.
#[test]
fn ofac_enhanced_relationships_are_read_and_derived() {
    let dir = TempDir::new("ownership-ofac");
    let file = lists_dir().join("ofac_non_sdn/CONS_ENHANCED.XML");
    let o = run(&dir, &["import", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The expected verdicts from the files: the SDN ids, and the relationships.
    let mut sdn = HashSet::new();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(lists_dir().join("ofac_sdn/sdn.csv"))
        .unwrap();
    // The file ends with an end-of-file mark on a line of its own.
    for rec in r.records().map(|r| r.unwrap()).filter(|r| r.len() >= 3) {
        sdn.insert(format!("ofac-{}", rec[0].trim()));
    }
    let xml = std::fs::read_to_string(&file).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let mut owned: HashMap<String, Vec<String>> = HashMap::new();
    let mut relationships = 0;
    for ent in doc.descendants().filter(|n| n.has_tag_name("entity")) {
        let Some(uid) = ent.attribute("id") else {
            continue;
        };
        for rel in ent.descendants().filter(|n| n.has_tag_name("relationship")) {
            let kind = rel
                .children()
                .find(|n| n.has_tag_name("type"))
                .and_then(|n| n.text())
                .unwrap_or("");
            let other = rel
                .children()
                .find(|n| n.has_tag_name("relatedEntity"))
                .and_then(|n| n.attribute("entityId"));
            if let (true, Some(other)) = (kind.starts_with("Owned or Controlled"), other) {
                relationships += 1;
                owned
                    .entry(format!("ofac-{other}"))
                    .or_default()
                    .push(format!("ofac-{uid}"));
            }
        }
    }
    assert!(relationships > 100, "{relationships}");
    let mut expected = BTreeSet::new();
    let mut todo: Vec<String> = sdn.iter().cloned().collect();
    while let Some(owner) = todo.pop() {
        for asset in owned.get(&owner).into_iter().flatten() {
            if !sdn.contains(asset) && expected.insert(asset.clone()) {
                todo.push(asset.clone());
            }
        }
    }
    assert!(!expected.is_empty());
    let o = run(&dir, &["ownership", "derive", "--regime", "ofac", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut got = BTreeSet::new();
    for line in stdout(&o).lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["verdict"], "possibly-blocked", "{v}");
        assert!(
            sdn.contains(v["paths"][0][0]["owner"].as_str().unwrap()),
            "{v}"
        );
        got.insert(v["id"].as_str().unwrap().to_string());
    }
    assert!(got.is_subset(&expected), "{:?}", got.difference(&expected));
    // What is not derived is listed itself: the same company is on the SDN list under
    // another record (interdict parties links them, by a registration number, say).
    for id in expected.difference(&got) {
        let (_, v) = verdict(&dir, id, &[]);
        assert_eq!(v["status"], "listed", "{v}");
        let o = run(&dir, &["parties", "show", id, "--json"]);
        assert!(
            json(&o)["lists"].to_string().contains("us_ofac_sdn"),
            "{id}"
        );
    }
    assert!(
        got.len() * 10 >= expected.len() * 9,
        "{} of {}",
        got.len(),
        expected.len()
    );
    // Such a company, screened, says why.
    let some = expected.iter().next().unwrap();
    let o = run(&dir, &["ownership", some]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("owned or controlled"), "{}", stdout(&o));
}

/// An OpenSanctions export's FtM Ownership records (ZALA Aero's, with percentages and
/// dates from the Russian company registry): each holding of 50 % or more by a party the
/// SDN list designates, held on the day asked about, blocks its company under OFAC.
#[test]
fn opensanctions_holdings_are_read_and_derived() {
    let Some(file) = interdict_testdata::shared(
        "lists/opensanctions/yente_zala/entities.ftm.json",
        "opensanctions_holdings_are_read_and_derived",
    ) else {
        return;
    };
    let dir = TempDir::new("ownership-zala");
    let o = run(
        &dir,
        &["import", "--list", "os_zala", file.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let day = "2022-06-01";
    let text = std::fs::read_to_string(&file).unwrap();
    let entities: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let sdn_targets: HashSet<&str> = entities
        .iter()
        .filter(|e| e["target"] == true)
        .filter(|e| e["datasets"].to_string().contains("\"us_ofac_sdn\""))
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    let held = |e: &Value, key: &str| e["properties"][key][0].as_str().map(str::to_string);
    let mut expected = BTreeSet::new();
    for e in entities.iter().filter(|e| e["schema"] == "Ownership") {
        let (Some(owner), Some(asset)) = (held(e, "owner"), held(e, "asset")) else {
            continue;
        };
        let pct: f64 = held(e, "percentage")
            .and_then(|p| p.parse().ok())
            .unwrap_or(0.0);
        let starts = held(e, "startDate").is_none_or(|s| s.as_str() <= day);
        let ends = held(e, "endDate").is_none_or(|s| s.as_str() >= day);
        let asset_known = entities.iter().any(|x| x["id"] == asset.as_str());
        // An asset the SDN list names itself is listed, not derived.
        let listed = sdn_targets.contains(asset.as_str());
        if pct >= 50.0
            && starts
            && ends
            && sdn_targets.contains(owner.as_str())
            && asset_known
            && !listed
        {
            expected.insert(asset);
        }
    }
    assert!(!expected.is_empty(), "the sample holds such holdings");
    let o = run(
        &dir,
        &[
            "ownership",
            "derive",
            "--regime",
            "ofac",
            "--at",
            day,
            "--json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let blocked: BTreeSet<String> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["verdict"] == "blocked")
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect();
    let mut derived = 0;
    for id in &expected {
        if blocked.contains(id) {
            derived += 1;
            continue;
        }
        // Otherwise the company is on the SDN list itself, as another record of its party.
        let (_, v) = verdict(&dir, id, &["--at", day]);
        assert_eq!(
            v["status"], "listed",
            "{id} neither derived nor listed: {v}"
        );
        let o = run(&dir, &["parties", "show", id, "--json"]);
        assert!(
            json(&o)["lists"].to_string().contains("us_ofac_sdn"),
            "{id}"
        );
    }
    assert!(derived > 0, "nothing derived of {expected:?}");
    // The registry's repeated and ended holdings are reported, not summed or counted.
    assert!(stderr(&o).contains("ended"), "{}", stderr(&o));
}

/// The server: `/ownership/{id}` gives the CLI's verdicts, and `/match` finds a front
/// company a registry names, saying why — picked up without a restart once the registry
/// is imported.
#[test]
fn the_server_answers_ownership_and_matches_derived_companies() {
    use common::http::{http, match_body, start};
    let s = start("ownership", &["--reload-interval", "1"]);
    let (l1, n1) = sdn_organisations(1).remove(0);
    std::fs::create_dir_all(&s.dir).unwrap();
    let path = write_registry(
        &s.dir,
        &[
            [&l1, &n1, "C1", "Kama Drone Components LLC", "51", "", ""],
            [
                "C1",
                "Kama Drone Components LLC",
                "C2",
                "Volga Composite Parts OOO",
                "60",
                "",
                "",
            ],
        ],
    );
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_interdict"))
        .args(["import", "--list", "acme_registry", path.to_str().unwrap()])
        .env("INTERDICT_DATA_DIR", &s.dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let verdicts = loop {
        let (st, v) = http(&s, "GET", "/ownership/acme_registry:C2", &[], b"");
        if st == 200 {
            break v;
        }
        assert_eq!(st, 404, "{v}");
        assert!(
            std::time::Instant::now() < deadline,
            "the registry was not picked up"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    let regimes: Vec<&str> = verdicts
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["regime"].as_str().unwrap())
        .collect();
    assert_eq!(regimes, ["ofac", "eu", "uk"]);
    let ofac = &verdicts[0];
    assert_eq!(ofac["verdict"], "blocked", "{ofac}");
    assert_eq!(
        owners(&ofac["paths"][0]),
        vec![l1.clone(), "acme_registry:C1".to_string()]
    );
    // The same as the CLI says.
    let o = run_in(&s.dir, &["ownership", "acme_registry:C2", "--json"]);
    assert_eq!(json(&o), verdicts);
    let (st, one) = http(
        &s,
        "GET",
        "/ownership/acme_registry:C2?regime=uk&at=2020-01-01",
        &[],
        b"",
    );
    assert_eq!(st, 200);
    assert_eq!(one.as_array().unwrap().len(), 1);
    assert_eq!(one[0]["as_of"], "2020-01-01");
    for (path, status) in [
        ("/ownership/acme_registry:nope", 404),
        ("/ownership/acme_registry:C2?regime=mars", 422),
        ("/ownership/acme_registry:C2?at=soon", 422),
    ] {
        let (st, v) = http(&s, "GET", path, &[], b"");
        assert_eq!(st, status, "{path}: {v}");
        assert!(v["detail"].is_string(), "{v}");
    }
    // As an attacker would: a page on a foreign origin re-pointed at the loopback server
    // (DNS rebinding) gets no verdict and no name; an absurd id is a plain 404; many days
    // asked one after the other are answered (each day's graph built in turn, one at a
    // time) and the server still answers the day it keeps.
    let port = s.addr.rsplit(':').next().unwrap();
    let raw = common::http::exchange(
        &s.addr,
        format!(
            "GET /ownership/acme_registry:C2 HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n"
        )
        .as_bytes(),
        std::time::Duration::from_secs(30),
    );
    assert!(raw.starts_with("HTTP/1.1 421"), "{raw}");
    assert!(!raw.contains("Volga") && !raw.contains(&l1), "{raw}");
    let long = format!("/ownership/{}", "A".repeat(8_000));
    let (st, v) = http(&s, "GET", &long, &[], b"");
    assert_eq!(st, 404, "{v}");
    for year in 2010..2022 {
        let (st, v) = http(
            &s,
            "GET",
            &format!("/ownership/acme_registry:C2?regime=ofac&at={year}-06-01"),
            &[],
            b"",
        );
        assert_eq!(st, 200, "{v}");
        assert_eq!(v[0]["as_of"], format!("{year}-06-01"));
    }
    let (st, again) = http(&s, "GET", "/ownership/acme_registry:C2", &[], b"");
    assert_eq!((st, &again), (200, &verdicts));
    // /match: the front company, with its reason.
    let (st, v) = http(
        &s,
        "POST",
        "/match/default",
        &[("Content-Type", "application/json")],
        &match_body("Volga Composite Parts OOO", "Company"),
    );
    assert_eq!(st, 200, "{v}");
    let top = &v["responses"]["q"]["results"][0];
    assert_eq!(top["id"], "acme_registry:C2", "{v}");
    assert_eq!(top["reason"], "ownership");
    assert_eq!(top["ownership"][0]["regime"], "ofac");
}

/// `interdict ARGS` with its data directory at `data`.
fn run_in(data: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_interdict"))
        .args(args)
        .env("INTERDICT_DATA_DIR", data)
        .output()
        .unwrap()
}
