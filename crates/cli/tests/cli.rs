//! The `interdict` binary end to end, on the bundled lists and the real list files that come
//! with the repository (`interdict-testdata`): search, show, lists, and imports that must fail
//! without touching the active lists.

mod common;
use common::lists_dir;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh data directory per test.
fn data_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("interdict-cli-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_interdict"))
        .args(args)
        .env("INTERDICT_DATA_DIR", dir)
        .output()
        .expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn lists_json(dir: &Path) -> serde_json::Value {
    let o = run(dir, &["lists", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

#[test]
fn search_finds_an_alias_on_the_bundled_lists_and_warns_of_staleness() {
    let dir = data_dir("search");
    let o = run(&dir, &["search", "ao oez ppt alabuga", "--json"]);
    // A match: exit code 1, as `screen` says it; a clear name: 0.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let hits = &out["results"];
    assert_eq!(hits[0]["id"], "ofac-45708");
    assert_eq!(hits[0]["match"], true);
    assert!(hits[0]["score"].as_f64().unwrap() >= 0.99);
    assert!(stderr(&o).contains("older than 30 days"), "{}", stderr(&o));
    let o = run(&dir, &["search", "Quillon Marbrent-Ysolde", "--json"]);
    assert_eq!(o.status.code(), Some(0), "a clear name: {}", stderr(&o));
    let out: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(out["results"], serde_json::json!([]), "{out}");
    // A name in a right-to-left override is screened as a reader sees it: the letters
    // A-G-U-B-A-L-A display as ALABUGA.
    let search = |name: &str| -> serde_json::Value {
        serde_json::from_str(&stdout(&run(&dir, &["search", name, "--json"]))).unwrap()
    };
    let out = search("\u{202E}AGUBALA");
    assert_eq!(out["results"][0]["match"], true, "{out}");
    assert!(
        out["results"][0]["matched_name"]
            .as_str()
            .unwrap()
            .contains("ALABUGA"),
        "{out}"
    );
    let out = search("AO OEZ PPT \u{202E}AGUBALA\u{202C}");
    assert_eq!(out["results"][0]["id"], "ofac-45708", "{out}");
    // Word order and punctuation do not matter; a lower age limit can be configured away.
    let o = run(
        &dir,
        &[
            "search",
            "Shagivaleev Timur Nailevich",
            "--max-age-days",
            "100000",
        ],
    );
    assert!(stdout(&o).contains("ofac-45710"), "{}", stdout(&o));
    assert!(!stderr(&o).contains("older than"), "{}", stderr(&o));
    // Across scripts, with evidence and an explanation.
    let o = run(
        &dir,
        &[
            "search",
            "Шагивалеев Тимур",
            "--schema",
            "Person",
            "--birth-date",
            "1978-01-28",
            "--explain",
        ],
    );
    let out = stdout(&o);
    assert!(out.contains("MATCH ofac-45710"), "{out}");
    assert!(out.contains("dob_exact_match"), "{out}");
    // The plain lookup is still there.
    let o = run(&dir, &["search", "alabuga ao oez ppt", "--exact", "--json"]);
    let hits: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(hits[0]["id"], "ofac-45708");
    // Bad arguments are refused clearly.
    let o = run(&dir, &["search", "x", "--birth-date", "someday"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--birth-date"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `eval pairs` computes its metrics from the labels: a file of real list names with known
/// labels gives the counts those labels imply.
#[test]
fn eval_pairs_reports_metrics_and_writes_scores() {
    let dir = data_dir("eval");
    std::fs::create_dir_all(&dir).unwrap();
    let pairs = dir.join("pairs.jsonl");
    std::fs::write(
        &pairs,
        [
            r#"{"id": "p1", "query": {"schema": "Person", "name": ["Timur Shagivaleev"]}, "candidate": {"schema": "Person", "name": ["SHAGIVALEEV, Timur Nailevich"]}, "match": true}"#,
            r#"{"id": "p2", "query": {"schema": "Company", "name": ["Alabuga Machinery LLC"]}, "candidate": {"schema": "Company", "name": ["LIMITED LIABILITY COMPANY ALABUGA MACHINERY"]}, "match": true}"#,
            r#"{"id": "n1", "query": {"schema": "Person", "name": ["Maria Gonzalez"]}, "candidate": {"schema": "Person", "name": ["SHAGIVALEEV, Timur Nailevich"]}, "match": false}"#,
            r#"{"id": "n2", "query": {"schema": "Person", "name": ["Timur Shagivaleev"], "birthDate": ["1950-05-05"]}, "candidate": {"schema": "Person", "name": ["SHAGIVALEEV, Timur Nailevich"], "birthDate": ["1978-01-28"]}, "match": false}"#,
        ]
        .join("\n"),
    )
    .unwrap();
    let scores = dir.join("scores.jsonl");
    let o = run(
        &dir,
        &[
            "eval",
            "pairs",
            pairs.to_str().unwrap(),
            "--json",
            "--scores",
            scores.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let at = &v["at_threshold"];
    assert_eq!(
        (
            at["tp"].as_u64(),
            at["fp"].as_u64(),
            at["fn_"].as_u64(),
            at["tn"].as_u64()
        ),
        (Some(2), Some(0), Some(0), Some(2)),
        "{v}"
    );
    let lines = std::fs::read_to_string(&scores).unwrap();
    assert_eq!(lines.lines().count(), 4);
    let first: serde_json::Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert_eq!(first["id"], "p1");
    assert_eq!(first["match"], true);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn show_prints_the_entity_with_its_links_and_ftm_json() {
    let dir = data_dir("show");
    let o = run(&dir, &["show", "ofac-45708"]);
    let out = stdout(&o);
    assert!(
        out.contains("AO OEZ PPT ALABUGA") && out.contains("1646019914"),
        "{out}"
    );
    assert!(
        out.contains("ofac-45710  SHAGIVALEEV, Timur Nailevich"),
        "{out}"
    );
    let o = run(&dir, &["show", "ofac-45708", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["schema"], "Organization", "OFAC states it is an Entity");
    assert_eq!(v["properties"]["innCode"][0], "1646019914");
    assert_eq!(v["properties"]["ogrnCode"][0], "1061674037259");
    let o = run(&dir, &["show", "ofac-0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no entity"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn lists_reports_counts_versions_and_hashes() {
    let dir = data_dir("lists");
    let v = lists_json(&dir);
    let un = v
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["list"] == "un_sc_sanctions")
        .unwrap();
    let src = std::fs::read_to_string(lists_dir().join("un/UN_consolidated.xml")).unwrap();
    assert_eq!(un["counts"]["Person"], src.matches("<INDIVIDUAL>").count());
    assert_eq!(un["published"], "2026-02-27");
    assert_eq!(un["version"], 1);
    assert!(un["files"][0]["sha256"]
        .as_str()
        .unwrap()
        .starts_with("66b392a4090868d2"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn import_makes_a_new_active_version_and_keeps_the_old() {
    let dir = data_dir("import");
    let before = lists_json(&dir);
    let f = lists_dir().join("ofac_non_sdn/consolidated.xml");
    // Another format of the same list: the CSV set's "Linked To" links are entities the XML
    // does not have, but the listed parties are as many, so the drop guard lets it pass.
    let o = run(&dir, &["import", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("imported us_ofac_cons version 2"),
        "{}",
        stdout(&o)
    );
    let after = lists_json(&dir);
    let cons = after
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["list"] == "us_ofac_cons")
        .unwrap();
    assert_eq!(cons["version"], 2);
    assert_eq!(cons["format"], "ofac-xml");
    assert_eq!(cons["published"], "2025-03-28");
    assert_eq!(
        before.as_array().unwrap().len(),
        after.as_array().unwrap().len()
    );
    let all = run(&dir, &["lists", "--json", "--all"]);
    let all: serde_json::Value = serde_json::from_str(&stdout(&all)).unwrap();
    assert_eq!(
        all.as_array()
            .unwrap()
            .iter()
            .filter(|l| l["list"] == "us_ofac_cons")
            .count(),
        2
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A list id becomes a directory name: anything but the documented pattern is refused
/// before a path is built, and nothing appears outside the store. A `head -n 1001` of the SDN
/// file does not replace the list. A device is read only up to the size limit.
#[test]
fn list_ids_collapses_and_endless_files_are_refused() {
    let dir = data_dir("guards");
    std::fs::create_dir_all(&dir).unwrap();
    let before = lists_json(&dir);
    let ftm = dir.join("e.ftm.json");
    std::fs::write(
        &ftm,
        r#"{"id": "x1", "schema": "Person", "properties": {"name": ["Test Person"]}}"#,
    )
    .unwrap();
    for bad in [
        "../../../../outside",
        "..",
        "",
        "a/b",
        "Upper",
        "with space",
        "_x",
    ] {
        let list = format!("--list={bad}");
        let o = run(&dir, &["import", ftm.to_str().unwrap(), &list]);
        assert_eq!(o.status.code(), Some(2), "{bad:?}");
        assert!(
            stderr(&o).contains("is not a list id"),
            "{bad:?}: {}",
            stderr(&o)
        );
    }
    for outside in [dir.join("outside"), dir.parent().unwrap().join("outside")] {
        assert!(!outside.exists(), "{}", outside.display());
    }
    assert!(!Path::new("/outside").exists());
    assert_eq!(lists_json(&dir), before);
    let o = run(
        &dir,
        &["import", ftm.to_str().unwrap(), "--list", "my_watchlist-2"],
    );
    assert!(o.status.success(), "{}", stderr(&o));

    // The first 1,000 rows of the SDN file, with its address and alias files.
    let sdn_dir = lists_dir().join("ofac_sdn_2022-01");
    let sdn = std::fs::read_to_string(sdn_dir.join("sdn.csv")).unwrap();
    let head: String = sdn.lines().take(1001).map(|l| format!("{l}\n")).collect();
    let cut = dir.join("sdn.csv");
    std::fs::write(&cut, head).unwrap();
    let mut args = vec!["import".to_string(), cut.display().to_string()];
    for f in ["add.csv", "alt.csv"] {
        args.push(sdn_dir.join(f).display().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let before = lists_json(&dir);
    let o = run(&dir, &args);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("a truncated or partial file?"),
        "{}",
        stderr(&o)
    );
    assert_eq!(lists_json(&dir), before);
    // Overridden, it is imported, and the version says why it was accepted.
    let mut forced = args.clone();
    forced.extend(["--max-drop", "1"]);
    let o = run(&dir, &forced);
    assert!(o.status.success(), "{}", stderr(&o));
    let sdn = lists_json(&dir)
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["list"] == "us_ofac_sdn")
        .unwrap()
        .clone();
    let warned = sdn["warnings"].as_array().unwrap().iter().any(|w| {
        w.as_str()
            .unwrap()
            .contains("only because max_drop was set to 100 %")
    });
    assert!(warned, "{sdn}");

    #[cfg(unix)]
    {
        let o = run(&dir, &["import", "/dev/zero"]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("larger than"), "{}", stderr(&o));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Two imports at once: one waits for the other, and both become versions.
#[test]
fn concurrent_imports_are_serialized() {
    let dir = data_dir("concurrent");
    std::fs::create_dir_all(&dir).unwrap();
    let _ = lists_json(&dir);
    let un = lists_dir().join("un/UN_consolidated.xml");
    let children: Vec<_> = (0..3)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_interdict"))
                .args(["import", un.to_str().unwrap(), "--json"])
                .env("INTERDICT_DATA_DIR", &dir)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut versions: Vec<u64> = children
        .into_iter()
        .map(|c| {
            let o = c.wait_with_output().unwrap();
            assert!(o.status.success(), "{}", stderr(&o));
            let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
            v[0]["version"].as_u64().unwrap()
        })
        .collect();
    versions.sort();
    assert_eq!(versions, [2, 3, 4]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Each broken input: a non-zero exit, a message naming the file and where, and the active
/// lists exactly as before.
#[test]
fn bad_input_is_refused_with_position_and_changes_nothing() {
    let dir = data_dir("bad");
    let work = dir.join("inputs");
    std::fs::create_dir_all(&work).unwrap();
    let before = lists_json(&dir);
    let un = std::fs::read(lists_dir().join("un/UN_consolidated.xml")).unwrap();
    let sdn = std::fs::read(lists_dir().join("ofac_sdn/sdn.csv")).unwrap();
    let dpl = std::fs::read_to_string(lists_dir().join("us_bis/dpl.txt")).unwrap();
    let mut hundred_mb =
        b"{\"id\": \"x\", \"schema\": \"Person\", \"properties\": {\"name\": [\"".to_vec();
    hundred_mb.resize(100 * 1024 * 1024, b'a');
    let cases: Vec<(&str, Vec<u8>, Vec<&str>)> = vec![
        ("truncated.xml", un[..un.len() / 2].to_vec(), vec!["truncated.xml", "line"]),
        ("malformed.xml", b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL></INDIVIDUALS>".to_vec(), vec!["malformed.xml", "line 1"]),
        (
            "laughs.xml",
            b"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><CONSOLIDATED_LIST>&lol2;</CONSOLIDATED_LIST>".to_vec(),
            vec!["laughs.xml", "DTD"],
        ),
        ("empty.csv", Vec::new(), vec!["empty.csv", "empty"]),
        ("truncated_sdn.csv", sdn[..sdn.len() / 3].to_vec(), vec!["truncated_sdn.csv", "line", "truncated"]),
        ("ragged_sdn.csv", {
            let text = String::from_utf8_lossy(&sdn).into_owned();
            let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
            lines.insert(3, "999999,\"MISSING COLUMNS\",-0- \r\n");
            lines.concat().into_bytes()
        }, vec!["ragged_sdn.csv", "line 4", "3 fields"]),
        ("utf16.xml", {
            let mut v = vec![0xff, 0xfe];
            for c in String::from_utf8_lossy(&un[..4000]).encode_utf16() { v.extend(c.to_le_bytes()); }
            v
        }, vec!["utf16.xml"]),
        ("latin1_un.xml", {
            let mut v = un[..200].to_vec();
            v.extend(b"<INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>M\xfcller</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>");
            v
        }, vec!["latin1_un.xml", "invalid UTF-8", "line"]),
        ("dpl_missing_column.txt", dpl.replacen("\"Street_Address\"", "\"Street\"", 1).into_bytes(), vec!["dpl_missing_column.txt", "Street_Address", "column missing"]),
        ("long_line.json", hundred_mb, vec!["long_line.json", "line 1", "bytes long"]),
        ("unknown.txt", b"hello world\n".to_vec(), vec!["unknown.txt", "--format"]),
    ];
    for (name, bytes, expect) in cases {
        let path = work.join(name);
        std::fs::write(&path, &bytes).unwrap();
        let o = run(&dir, &["import", path.to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{name}: {err}");
        for e in expect {
            assert!(err.contains(e), "{name}: {e:?} not in {err}");
        }
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert_eq!(lists_json(&dir), before, "{name} changed the active lists");
        let _ = std::fs::remove_file(&path);
    }
    // A good file given together with a bad one imports nothing either.
    let bad = work.join("bad.xml");
    std::fs::write(&bad, b"<CONSOLIDATED_LIST>").unwrap();
    let good = lists_dir().join("ofac_non_sdn/consolidated.xml");
    let o = run(
        &dir,
        &["import", good.to_str().unwrap(), bad.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(lists_json(&dir), before);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn search_reads_dates_and_countries_as_screening_does() {
    let dir = data_dir("search-query");
    // A day-first date screening reads is read by search too, and confirms the match.
    let o = run(
        &dir,
        &[
            "search",
            "Timur Shagivaleev",
            "--schema",
            "Person",
            "--birth-date",
            "28.01.1978",
            "--explain",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("dob_exact_match"), "{}", stdout(&o));
    // A date whose day and month cannot be told apart, and a country that is none, are
    // errors naming the flag.
    for (flag, value, says) in [
        (
            "--birth-date",
            "03/04/1975",
            "which day and month it is cannot be told",
        ),
        ("--country", "Narnia", "is not a country name or ISO code"),
    ] {
        let o = run(&dir, &["search", "Timur Shagivaleev", flag, value]);
        assert_eq!(o.status.code(), Some(2));
        let err = stderr(&o);
        assert!(
            err.contains(&format!("{flag} {value:?}")) && err.contains(says),
            "{err}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn completions_and_the_manual_page_come_from_the_command_definitions() {
    let dir = data_dir("completions");
    let o = run(&dir, &["completions", "bash"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let script = stdout(&o);
    // Every command is offered, and bash itself accepts the script.
    for cmd in [
        "screen",
        "search",
        "rescreen",
        "validate",
        "completions",
        "man",
    ] {
        assert!(
            script.contains(cmd),
            "{cmd} missing from the bash completions"
        );
    }
    let path =
        std::env::temp_dir().join(format!("interdict-completion-{}.bash", std::process::id()));
    std::fs::write(&path, &script).unwrap();
    let checked = Command::new("bash")
        .arg("-n")
        .arg(&path)
        .output()
        .expect("bash runs");
    let _ = std::fs::remove_file(&path);
    assert!(checked.status.success(), "{}", stderr(&checked));
    let zsh = stdout(&run(&dir, &["completions", "zsh"]));
    assert!(
        zsh.starts_with("#compdef interdict"),
        "{}",
        &zsh[..zsh.len().min(80)]
    );
    let o = run(&dir, &["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("possible values"), "{}", stderr(&o));
    // The manual page: roff with the command's name, section 1, and its commands.
    let man = stdout(&run(&dir, &["man"]));
    assert!(
        man.contains(".TH interdict 1"),
        "{}",
        &man[..man.len().min(200)]
    );
    for cmd in ["screen", "validate", "serve"] {
        assert!(man.contains(cmd), "{cmd} missing from the manual page");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bench_prints_its_figures_as_json() {
    let dir = data_dir("bench-json");
    let o = run(&dir, &["bench", "--iterations", "1", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("one JSON object");
    // The figures cover every bundled list, as a fresh store holds them.
    let lists = lists_json(&dir);
    let lists = lists.as_array().unwrap();
    let parsed = v["parse"]["lists"].as_array().unwrap();
    assert_eq!(parsed.len(), lists.len());
    let total: u64 = lists.iter().map(|l| l["total"].as_u64().unwrap()).sum();
    assert_eq!(v["store"]["entities"].as_u64(), Some(total));
    assert!(v["store"]["load_ms"].as_f64().unwrap() > 0.0);
    assert!(v["store"]["exact_search_us"].as_f64().unwrap() > 0.0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn parties_show_stats_and_export_agree_on_the_bundled_lists() {
    let dir = data_dir("parties");
    // One party per person across lists, with the evidence of each link.
    let o = run(&dir, &["parties", "show", "un-6908049", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let qusay: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    for id in ["ofac-7844", "gb-hmt-7613", "un-6908049"] {
        assert!(qusay["members"].to_string().contains(id), "{qusay}");
    }
    assert!(
        !qusay["members"].to_string().contains("ofac-7843"),
        "his father: {qusay}"
    );
    assert!(qusay["links"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("birth date"));
    // The text form names each member's list.
    let o = run(&dir, &["parties", "show", "ofac-7844"]);
    assert!(stdout(&o).contains("us_ofac_sdn") && stdout(&o).contains("name_and_facts"));
    // `show` of one record says where else its party is listed.
    let o = run(&dir, &["show", "ofac-7844"]);
    let party = stdout(&o);
    let party = party
        .lines()
        .find(|l| l.trim_start().starts_with("party"))
        .unwrap_or("");
    assert!(
        party.contains("un-6908049 (un_sc_sanctions)") && party.contains("gb-hmt-7613"),
        "{party}"
    );
    // …and what the party's records say together, each value with the lists saying it.
    let text = stdout(&o);
    let merged = text
        .split_once("the party, every list's records together:")
        .map(|(_, rest)| rest)
        .unwrap_or("");
    assert!(
        merged.lines().any(|l| l.contains("birthDate")
            && l.contains("1965")
            && l.contains("[gb_hmt_sanctions, un_sc_sanctions, us_ofac_sdn]")),
        "{text}"
    );
    // Export: one line a party, every record in exactly one, as many as stats counts.
    let out = dir.join("parties.jsonl");
    let o = run(&dir, &["parties", "export", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    let o = run(&dir, &["parties", "stats", "--json"]);
    let stats: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        text.lines().count() as u64,
        stats["parties"].as_u64().unwrap()
    );
    let mut seen = std::collections::HashSet::new();
    for line in text.lines() {
        let p: serde_json::Value = serde_json::from_str(line).unwrap();
        for m in p["members"].as_array().unwrap() {
            assert!(seen.insert(m.as_str().unwrap().to_string()), "{m} twice");
        }
    }
    assert_eq!(seen.len() as u64, stats["records"].as_u64().unwrap());
    // The entities a `show` can find are the records resolved (relations aside).
    assert!(seen.len() > 15_000, "{}", seen.len());
    let o = run(&dir, &["parties", "export"]);
    assert_eq!(
        stdout(&o),
        text,
        "-o omitted writes the same to standard output"
    );
    // `search` answers once per party: Qusay's three records are one result, ranked first,
    // naming the other lists; --by-record lists the records themselves.
    let qusay_ar = "قصي صدام حسين التكريتي";
    let o = run(&dir, &["search", qusay_ar, "--json"]);
    assert_eq!(o.status.code(), Some(1), "a match exits 1: {}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let results = v["results"].as_array().unwrap();
    let first = &results[0];
    let ids = common::party_records(first);
    assert_eq!(ids, ["gb-hmt-7613", "ofac-7844", "un-6908049"], "{first}");
    assert_eq!(first["datasets"].as_array().unwrap().len(), 3, "{first}");
    let parties: Vec<&str> = results
        .iter()
        .map(|r| r["party"].as_str().unwrap())
        .collect();
    let unique: std::collections::HashSet<&&str> = parties.iter().collect();
    assert_eq!(
        unique.len(),
        parties.len(),
        "one result per party: {parties:?}"
    );
    let o = run(
        &dir,
        &["search", qusay_ar, "--json", "--by-record", "--limit", "20"],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let records: Vec<&str> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    // By record the UN and UK records are found; OFAC's, written surname first, is not
    // reached from the Arabic script (issue #16) — its party brings it in above.
    for id in ["gb-hmt-7613", "un-6908049"] {
        assert!(records.contains(&id), "{id} in {records:?}");
    }
    assert!(v["results"][0].get("party").is_none());
    let o = run(&dir, &["search", qusay_ar]);
    assert!(stdout(&o).contains("also listed as"), "{}", stdout(&o));
    // An unknown id is an error that says what ids look like.
    let o = run(&dir, &["parties", "show", "no-such-id"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-id"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}
