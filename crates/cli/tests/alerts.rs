//! Alerts and decisions end to end on the bundled lists: `screen --alerts` records matches,
//! a false-positive decision suppresses the same pair in the next run (and says which
//! decision did), a changed record is alerted again; and nothing acknowledged is lost when
//! the process is killed (SIGKILL) during a burst of decisions or during an import.

mod common;

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::TempDir;

fn temp(name: &str) -> (PathBuf, TempDir) {
    let d = TempDir::new(&format!("alerts-{name}"));
    (d.to_path_buf(), d)
}

/// The alert store a test directory uses: its `alerts-db` file names a PostgreSQL URL for
/// the PostgreSQL variants; otherwise the default SQLite file in the data directory.
fn cmd(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_interdict"));
    c.env("INTERDICT_DATA_DIR", dir.join("store"))
        .env("INTERDICT_USER", "tester")
        .env_remove("INTERDICT_ALERTS_DB")
        .current_dir(dir);
    if let Ok(url) = std::fs::read_to_string(dir.join("alerts-db")) {
        c.env("INTERDICT_ALERTS_DB", url.trim());
    }
    c
}

/// A test directory, using PostgreSQL when `postgres` (and the test server is there).
fn setup(name: &str, postgres: bool) -> Option<(PathBuf, TempDir)> {
    let (dir, guard) = temp(name);
    if postgres {
        let url = common::postgres_database(name)?;
        std::fs::write(dir.join("alerts-db"), url).unwrap();
    }
    Some((dir, guard))
}

fn run(dir: &Path, args: &[&str]) -> Output {
    cmd(dir).args(args).output().expect("runs")
}

fn json_lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn alerts_json(dir: &Path, args: &[&str]) -> Value {
    let mut a = vec!["alerts"];
    a.extend_from_slice(args);
    a.push("--json");
    let o = run(dir, &a);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// Screens `csv` with alerts and returns the status of record `id`.
fn status_of(dir: &Path, csv: &str, id: &str) -> String {
    std::fs::write(dir.join("c.csv"), csv).unwrap();
    let o = run(dir, &["screen", "c.csv", "--alerts", "-o", "r.jsonl", "-q"]);
    assert!(o.status.code().is_some_and(|c| c <= 1));
    json_lines(&dir.join("r.jsonl"))
        .into_iter()
        .find(|r| r["id"] == id)
        .unwrap()["status"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_changed_identifier_or_alias_lifts_a_suppression() {
    let Some((dir, _guard)) = setup("identifier", false) else {
        return;
    };
    let csv = "id,name,alias,registration\nc2,AO OEZ PPT Alabuga,,7700000001\n";
    assert_eq!(status_of(&dir, csv, "c2"), "match");
    let open = alerts_json(&dir, &["list", "--status", "open"]);
    let ids: Vec<String> = open
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap().to_string())
        .collect();
    let mut args = vec!["alerts", "decide"];
    args.extend(ids.iter().map(String::as_str));
    args.extend([
        "--decision",
        "false-positive",
        "--reason",
        "another company",
    ]);
    assert!(run(&dir, &args).status.success());
    assert_eq!(status_of(&dir, csv, "c2"), "suppressed");
    // Another registration number: not the record that was cleared.
    let other_id = csv.replace("7700000001", "7700000002");
    assert_eq!(status_of(&dir, &other_id, "c2"), "match");
    // Back to the cleared record, then an alias added: not the cleared record either.
    assert_eq!(status_of(&dir, csv, "c2"), "suppressed");
    let alias = csv.replace(",,", ",Alabuga Trading,");
    assert_eq!(status_of(&dir, &alias, "c2"), "match");
}

#[test]
fn the_shared_alert_store_over_tls() {
    let Some((dir, _guard)) = setup("tls", true) else {
        return;
    };
    let Ok(ca) = std::env::var("INTERDICT_TEST_POSTGRES_CA") else {
        assert!(
            std::env::var("CI").is_err(),
            "CI must set INTERDICT_TEST_POSTGRES_CA"
        );
        eprintln!("\n*** SKIPPED: alert store over TLS — set INTERDICT_TEST_POSTGRES_CA ***\n");
        return;
    };
    let url = std::fs::read_to_string(dir.join("alerts-db")).unwrap();
    let ca = ca.replace('/', "%2F");
    std::fs::write(
        dir.join("alerts-db"),
        format!("{url}?sslmode=verify-full&sslrootcert={ca}"),
    )
    .unwrap();
    assert_eq!(
        status_of(&dir, "id,name\nc2,AO OEZ PPT Alabuga\n", "c2"),
        "match"
    );
    let open = alerts_json(&dir, &["list", "--status", "open"]);
    assert!(!open.as_array().unwrap().is_empty());
    // Without the CA the server's certificate is not trusted: a clear refusal, exit 2.
    std::fs::write(dir.join("alerts-db"), format!("{url}?sslmode=verify-full")).unwrap();
    let o = run(&dir, &["alerts", "list"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr).to_lowercase();
    assert!(err.contains("certificate"), "{err}");
    assert!(
        !err.contains("interdict_ci:interdict_ci"),
        "password in a message: {err}"
    );
}

#[test]
fn a_cleared_false_positive_stays_suppressed_until_the_record_changes() {
    suppression("suppress", false);
}

#[test]
fn a_cleared_false_positive_stays_suppressed_on_postgres() {
    suppression("suppress_pg", true);
}

fn suppression(name: &str, postgres: bool) {
    let Some((dir, _guard)) = setup(name, postgres) else {
        return;
    };
    let csv = "id,name,birth_date,country\n\
               c1,Timur Shagivaleev,1978-01-28,ru\n\
               c2,AO OEZ PPT Alabuga,,ru\n\
               c3,Maria Example,1990-05-05,de\n";
    std::fs::write(dir.join("c.csv"), csv).unwrap();
    let o = run(
        &dir,
        &["screen", "c.csv", "--alerts", "-o", "r1.jsonl", "-q"],
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let r1 = json_lines(&dir.join("r1.jsonl"));
    // Every match carries its alert id; the alert store lists the same alerts.
    let alert_of = |rec: &Value| -> Vec<i64> {
        rec["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["match"] == true)
            .map(|h| h["alert"]["id"].as_i64().expect("a match has its alert"))
            .collect()
    };
    let alabuga = r1.iter().find(|r| r["id"] == "c2").unwrap();
    assert_eq!(alabuga["status"], "match");
    let alabuga_alerts = alert_of(alabuga);
    assert!(!alabuga_alerts.is_empty());
    let recorded: usize = r1.iter().map(|r| alert_of(r).len()).sum();
    let listed = alerts_json(&dir, &["list", "--status", "open"]);
    assert_eq!(listed.as_array().unwrap().len(), recorded);

    // The analyst clears the Alabuga alerts as false positives.
    let mut args = vec!["alerts", "decide"];
    let ids: Vec<String> = alabuga_alerts.iter().map(i64::to_string).collect();
    args.extend(ids.iter().map(String::as_str));
    args.extend([
        "--decision",
        "false-positive",
        "--reason",
        "a different company, checked",
    ]);
    let o = run(&dir, &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let decision_ids: Vec<i64> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| l.split(' ').nth(1).unwrap().parse().unwrap())
        .collect();
    assert_eq!(decision_ids.len(), alabuga_alerts.len());

    // Next run: suppressed, naming the decision; the others are alerts again.
    let o = run(
        &dir,
        &["screen", "c.csv", "--alerts", "-o", "r2.jsonl", "-q"],
    );
    assert_eq!(o.status.code(), Some(1));
    let r2 = json_lines(&dir.join("r2.jsonl"));
    let alabuga = r2.iter().find(|r| r["id"] == "c2").unwrap();
    assert_eq!(alabuga["status"], "suppressed");
    for h in alabuga["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["match"] == true)
    {
        let by = h["alert"]["suppressed_by_decision"].as_i64().unwrap();
        assert!(decision_ids.contains(&by));
    }
    let timur = r2.iter().find(|r| r["id"] == "c1").unwrap();
    assert_eq!(timur["status"], "match");
    let suppressed = alerts_json(&dir, &["list", "--status", "suppressed"]);
    assert_eq!(suppressed.as_array().unwrap().len(), alabuga_alerts.len());

    // The record changes (a birth date is added): the pair is an open alert again.
    std::fs::write(
        dir.join("c.csv"),
        csv.replace(
            "c2,AO OEZ PPT Alabuga,,ru",
            "c2,AO OEZ PPT Alabuga,2006-07-24,ru",
        ),
    )
    .unwrap();
    let o = run(
        &dir,
        &["screen", "c.csv", "--alerts", "-o", "r3.jsonl", "-q"],
    );
    assert_eq!(o.status.code(), Some(1));
    let r3 = json_lines(&dir.join("r3.jsonl"));
    let alabuga = r3.iter().find(|r| r["id"] == "c2").unwrap();
    assert_eq!(alabuga["status"], "match");

    // The audit log holds the three runs and every decision, in order.
    let log = alerts_json(&dir, &["audit"]);
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    let mut expected = vec!["run"];
    expected.extend(std::iter::repeat_n("decision", decision_ids.len()));
    expected.extend(["run", "run"]);
    assert_eq!(actions, expected);
    let shown = alerts_json(&dir, &["show", &alabuga_alerts[0].to_string()]);
    assert_eq!(shown["alert"]["status"], "decided");
    assert_eq!(
        shown["decisions"][0]["reason"],
        "a different company, checked"
    );
    assert_eq!(shown["decisions"][0]["user"], "tester");

    // The database itself refuses to rewrite history.
    if let Ok(url) = std::fs::read_to_string(dir.join("alerts-db")) {
        let mut c = postgres::Client::connect(url.trim(), postgres::NoTls).unwrap();
        for sql in [
            "UPDATE audit SET actor = 'eve'",
            "DELETE FROM audit",
            "UPDATE decisions SET reason = 'x'",
            "DELETE FROM decisions",
        ] {
            let e = c.execute(sql, &[]).expect_err(sql);
            assert!(
                e.to_string().contains("append-only") || format!("{e:?}").contains("append-only"),
                "{sql}: {e:?}"
            );
        }
    }
    let o = run(&dir, &["alerts", "check"]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).lines().next(),
        Some("ok")
    );

    // Bad decisions are refused, naming what is wrong.
    let o = run(
        &dir,
        &[
            "alerts",
            "decide",
            "999999",
            "--decision",
            "escalate",
            "--reason",
            "x",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no alert 999999"));
    let o = run(
        &dir,
        &[
            "alerts",
            "decide",
            "1",
            "--decision",
            "perhaps",
            "--reason",
            "x",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("true-match, false-positive or escalate"));
}

/// SQLite's integrity check, the decision ids stored, and the decisions in the audit log.
fn stored_decisions(dir: &Path) -> (Vec<i64>, usize) {
    let log = alerts_json(dir, &["audit"]);
    let audited = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "decision")
        .count();
    let alerts = alerts_json(dir, &["list", "--limit", "100000"]);
    let mut ids = Vec::new();
    for a in alerts.as_array().unwrap() {
        if a["status"] == "decided" {
            let shown = alerts_json(dir, &["show", &a["id"].to_string()]);
            for d in shown["decisions"].as_array().unwrap() {
                ids.push(d["id"].as_i64().unwrap());
            }
        }
    }
    ids.sort_unstable();
    (ids, audited)
}

#[test]
fn no_acknowledged_decision_is_lost_when_the_process_is_killed() {
    kill_burst("kill", false);
}

#[test]
fn no_acknowledged_decision_is_lost_on_postgres_when_the_process_is_killed() {
    kill_burst("kill_pg", true);
}

fn kill_burst(name: &str, postgres: bool) {
    let Some((dir, _guard)) = setup(name, postgres) else {
        return;
    };
    // Many alerts: a generated file where a fifth of the records carry listed names.
    let o = run(
        &dir,
        &[
            "generate",
            "--records",
            "1500",
            "--seed",
            "3",
            "--listed-share",
            "0.2",
            "-o",
            "c.csv",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    run(
        &dir,
        &["screen", "c.csv", "--alerts", "-o", "r.jsonl", "-q"],
    );
    let alerts = alerts_json(&dir, &["list", "--limit", "100000"]);
    let ids: Vec<String> = alerts
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].to_string())
        .collect();
    assert!(ids.len() > 100, "only {} alerts", ids.len());

    let mut acknowledged: Vec<i64> = Vec::new();
    for (round, kill_after) in [(0, 5usize), (1, 40), (2, 90)] {
        let chunk: Vec<&str> = ids
            .iter()
            .skip(round * ids.len() / 3)
            .take(ids.len() / 3)
            .map(String::as_str)
            .collect();
        let mut args = vec!["alerts", "decide"];
        args.extend(chunk.iter().copied());
        args.extend(["--decision", "false-positive", "--reason", "burst"]);
        let mut child = cmd(&dir)
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        for _ in 0..kill_after {
            match lines.next() {
                Some(Ok(l)) => acknowledged.push(l.split(' ').nth(1).unwrap().parse().unwrap()),
                _ => break,
            }
        }
        // SIGKILL in the middle of the burst: no chance to clean up.
        unsafe {
            libc::kill(child.id() as i32, libc::SIGKILL);
        }
        let status = child.wait().unwrap();
        assert!(
            !status.success(),
            "round {round}: the burst ended before the kill"
        );
        // Lines already written before the kill are acknowledged too.
        for l in lines.map_while(Result::ok) {
            acknowledged.push(l.split(' ').nth(1).unwrap().parse().unwrap());
        }
        let (stored, audited) = stored_decisions(&dir);
        for a in &acknowledged {
            assert!(
                stored.contains(a),
                "round {round}: acknowledged decision {a} lost"
            );
        }
        // A decision and its audit entry are one transaction: never one without the other.
        assert_eq!(stored.len(), audited, "round {round}");
    }
    // The store still works and is sound.
    let o = run(
        &dir,
        &[
            "alerts",
            "decide",
            &ids[ids.len() - 1],
            "--decision",
            "escalate",
            "--reason",
            "after",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&dir, &["alerts", "check"]);
    assert!(o.status.success());
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).lines().next(),
        Some("ok")
    );
}

#[test]
fn an_import_killed_midway_leaves_a_consistent_store() {
    let (dir, _guard) = temp("import");
    let lists = common::lists_dir();
    let files: Vec<String> = ["sdn.csv", "add.csv", "alt.csv"]
        .iter()
        .map(|f| lists.join("ofac_sdn_2022-01").join(f).display().to_string())
        .collect();
    let lists_json = |dir: &Path| -> Value {
        let o = run(dir, &["lists", "--json"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let sdn = |v: &Value| -> (u64, u64) {
        let l = v
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["list"] == "us_ofac_sdn")
            .unwrap();
        (l["version"].as_u64().unwrap(), l["total"].as_u64().unwrap())
    };
    let (v0, total0) = sdn(&lists_json(&dir));
    // Kill the import at increasing moments: before, during and around the commit.
    let mut versions_seen = Vec::new();
    for delay_ms in [20u64, 150, 400, 800, 1500] {
        let mut args = vec![
            "import".to_string(),
            "--published".into(),
            "2022-01-31".into(),
            "--max-drop".into(),
            "1".into(),
        ];
        args.extend(files.iter().cloned());
        let mut child = cmd(&dir)
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        unsafe {
            libc::kill(child.id() as i32, libc::SIGKILL);
        }
        let _ = child.wait();
        // Whatever the moment, the store loads and every active list is whole: either the
        // old SDN version or a complete new one.
        let v = lists_json(&dir);
        let (ver, total) = sdn(&v);
        assert!(ver >= v0, "{delay_ms} ms");
        if ver == v0 {
            assert_eq!(total, total0);
        }
        let o = run(
            &dir,
            &["diff", "us_ofac_sdn", "1", &ver.to_string(), "--json"],
        );
        if ver > v0 {
            // 0 or 1 (the versions differ): anything but an error.
            assert!(
                matches!(o.status.code(), Some(0 | 1)),
                "{delay_ms} ms: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        versions_seen.push(ver);
        let o = run(&dir, &["search", "AO OEZ PPT ALABUGA", "--json"]);
        // Found (1) in the bundled version, clear (0) in the 2022 one: never an error.
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{delay_ms} ms: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    // And a full import afterwards succeeds.
    // An older list than the bundled one: a real drop, accepted explicitly.
    let mut args = vec!["import", "--published", "2022-01-31", "--max-drop", "1"];
    args.extend(files.iter().map(String::as_str));
    let o = run(&dir, &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (ver, _) = sdn(&lists_json(&dir));
    assert!(ver > *versions_seen.iter().max().unwrap());
    // The staging folders the killed imports left are gone with the next import.
    let leftovers: Vec<String> = std::fs::read_dir(dir.join("store/lists/us_ofac_sdn"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Runs SQL on the alert store as another client would: a plain SQLite connection (no
/// recursive triggers) or a PostgreSQL session, as the database's owner.
fn tamper(dir: &Path, sql: &str) {
    if let Ok(url) = std::fs::read_to_string(dir.join("alerts-db")) {
        let mut c = postgres::Client::connect(url.trim(), postgres::NoTls).unwrap();
        c.batch_execute(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    } else {
        let c = rusqlite::Connection::open(dir.join("store").join("alerts.sqlite")).unwrap();
        c.execute_batch(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

/// Searches `name` in the data directory whose default alert store cannot give its
/// judgements: the search still finds a match (exit 1), says `why` on stderr, and its JSON
/// is returned.
fn search_without_judgements(dir: &Path, name: &str, why: &str) -> Value {
    let o = run(dir, &["search", name, "--json", "--limit", "1"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains(why), "{stderr}");
    serde_json::from_slice(&o.stdout).unwrap()
}

/// `alerts check`: (exit code, stdout).
fn check(dir: &Path, heads: &[String]) -> (i32, String) {
    let mut args = vec!["alerts", "check"];
    for h in heads {
        args.extend(["--expect-head", h.as_str()]);
    }
    let o = run(dir, &args);
    (
        o.status.code().unwrap(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

#[test]
fn tampering_with_the_alert_store_is_detected() {
    tampering("tamper", false);
}

#[test]
fn tampering_with_the_alert_store_is_detected_on_postgres() {
    tampering("tamper_pg", true);
}

fn tampering(name: &str, postgres: bool) {
    let Some((dir, _guard)) = setup(name, postgres) else {
        return;
    };
    let csv = "id,name\nc1,AO OEZ PPT Alabuga\nc2,Zala Aero\nc3,Qods Aviation Industries\n";
    std::fs::write(dir.join("c.csv"), csv).unwrap();
    let o = run(
        &dir,
        &["screen", "c.csv", "--alerts", "-o", "r.jsonl", "-q"],
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let alerts = alerts_json(&dir, &["list"]);
    let mut ids: Vec<i64> = alerts
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    ids.sort();
    assert!(ids.len() >= 3, "{alerts}");
    for (id, decision) in [(ids[0], "true-match"), (ids[1], "false-positive")] {
        let o = run(
            &dir,
            &[
                "alerts",
                "decide",
                &id.to_string(),
                "--decision",
                decision,
                "--reason",
                "checked",
            ],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let (code, out) = check(&dir, &[]);
    assert_eq!((code, out.lines().next()), (0, Some("ok")), "{out}");
    let heads: Vec<String> = out
        .lines()
        .filter_map(|l| l.strip_prefix("head "))
        .map(|l| l.split(' ').next().unwrap().to_string())
        .collect();
    assert_eq!(heads.len(), 4, "{out}");
    let (code, out) = check(&dir, &heads);
    assert_eq!(
        (code, out.lines().next()),
        (0, Some("ok")),
        "kept heads still stand: {out}"
    );

    // The triggers stop the plain attempts, on every table.
    for table in ["alerts", "runs", "decisions", "audit"] {
        let e = if postgres {
            let url = std::fs::read_to_string(dir.join("alerts-db")).unwrap();
            let mut c = postgres::Client::connect(url.trim(), postgres::NoTls).unwrap();
            c.batch_execute(&format!("DELETE FROM {table}"))
                .err()
                .map(|e| format!("{e:?}"))
        } else {
            let c = rusqlite::Connection::open(dir.join("store").join("alerts.sqlite")).unwrap();
            c.execute_batch(&format!("DELETE FROM {table}"))
                .err()
                .map(|e| e.to_string())
        };
        assert!(e.is_some_and(|e| e.contains("append-only")), "{table}");
    }

    // Going around them is detected, row by row.
    let first_decision = if postgres {
        // PostgreSQL has no REPLACE: the owner drops the trigger and edits.
        tamper(
            &dir,
            "ALTER TABLE decisions DISABLE TRIGGER decisions_append_only;
             UPDATE decisions SET decision = 'false_positive' WHERE decision = 'true_match';
             ALTER TABLE decisions ENABLE TRIGGER decisions_append_only;",
        );
        "decisions row"
    } else {
        // A delete and an insert that the delete trigger does not see.
        tamper(
            &dir,
            "REPLACE INTO decisions (id, alert_id, decision, reason, actor, decided_at, hash)
             SELECT id, alert_id, 'false_positive', reason, actor, decided_at, hash
             FROM decisions WHERE decision = 'true_match'",
        );
        "decisions row"
    };
    let (code, out) = check(&dir, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(first_decision) && out.contains("does not match the chain"),
        "{out}"
    );

    let drop_alert_triggers = if postgres {
        "ALTER TABLE alerts DISABLE TRIGGER alerts_append_only;"
    } else {
        "DROP TRIGGER IF EXISTS alerts_no_update; DROP TRIGGER IF EXISTS alerts_no_delete;"
    };
    tamper(
        &dir,
        &format!(
            "{drop_alert_triggers} UPDATE alerts SET score = 0.1 WHERE id = {};",
            ids[2]
        ),
    );
    let (code, out) = check(&dir, &[]);
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!("alerts row {} does not match", ids[2])),
        "{out}"
    );

    // The newest alert cut off the end: the chain alone cannot tell, a kept head can.
    let last = *ids.last().unwrap();
    tamper(
        &dir,
        &format!("{drop_alert_triggers} DELETE FROM alerts WHERE id = {last};"),
    );
    let (_, out) = check(&dir, &[]);
    assert!(!out.contains(&format!("alerts row {last}")), "{out}");
    let (code, out) = check(&dir, &heads);
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!("alerts row {last}, a kept head, is gone")),
        "{out}"
    );
}

#[test]
fn decisions_need_a_named_user_and_reasons_print_safely() {
    let Some((dir, _guard)) = setup("safe", false) else {
        return;
    };
    std::fs::write(dir.join("c.csv"), "id,name\nc1,AO OEZ PPT Alabuga\n").unwrap();
    run(
        &dir,
        &["screen", "c.csv", "--alerts", "-o", "r.jsonl", "-q"],
    );
    let id = alerts_json(&dir, &["list"])[0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let o = run(
        &dir,
        &[
            "alerts",
            "decide",
            &id,
            "--decision",
            "escalate",
            "--reason",
            "x",
            "--user",
            " ",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--user"));
    assert!(alerts_json(&dir, &["audit"])
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["action"] != "decision"));
    let o = run(
        &dir,
        &[
            "alerts",
            "decide",
            &id,
            "--decision",
            "escalate",
            "--reason",
            "see \u{1b}[2J\u{1b}[31mcleared\u{202e}",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&dir, &["alerts", "show", &id]);
    let shown = String::from_utf8_lossy(&o.stdout);
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{202e}'),
        "{shown}"
    );
    assert!(
        shown.contains("see \\u{1b}[2J\\u{1b}[31mcleared\\u{202e}"),
        "{shown}"
    );
}

#[test]
fn a_decision_on_one_record_of_a_party_covers_the_party() {
    party_decision("party", false);
}

#[test]
fn a_decision_on_one_record_of_a_party_covers_the_party_on_postgres() {
    party_decision("party_pg", true);
}

/// Issue #17: screened per record, the analyst clears the UK record of Qusay Saddam Hussein
/// for a customer; screened per party, the party's best-matching record is the UN one —
/// and the decision on the UK record covers it.
fn party_decision(name: &str, postgres: bool) {
    let Some((dir, _guard)) = setup(name, postgres) else {
        return;
    };
    std::fs::write(
        dir.join("c.csv"),
        "id,name,schema\nq1,قصي صدام حسين التكريتي,Person\n",
    )
    .unwrap();
    let screen = |out: &str, extra: &[&str]| -> Value {
        let mut args = vec!["screen", "c.csv", "--alerts", "-o", out, "-q"];
        args.extend_from_slice(extra);
        let o = run(&dir, &args);
        assert!(
            o.status.code().is_some_and(|c| c <= 1),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        json_lines(&dir.join(out)).remove(0)
    };
    let per_record = screen("r1.jsonl", &["--by-record"]);
    let uk = per_record["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "gb-hmt-7613")
        .expect("the UK record is a hit")["alert"]["id"]
        .as_i64()
        .unwrap();
    let o = run(
        &dir,
        &[
            "alerts",
            "decide",
            &uk.to_string(),
            "--decision",
            "false-positive",
            "--reason",
            "another man, checked",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let decision: i64 = String::from_utf8_lossy(&o.stdout)
        .split(' ')
        .nth(1)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let per_party = screen("r2.jsonl", &[]);
    let top = &per_party["results"][0];
    assert_ne!(
        top["matched_id"], "gb-hmt-7613",
        "another record stands for the party: {top}"
    );
    assert_eq!(top["id"], top["party"], "{top}");
    assert!(
        common::party_records(top).contains(&"gb-hmt-7613".to_string()),
        "{top}"
    );
    assert_eq!(top["alert"]["suppressed_by_decision"], decision, "{top}");
}

#[test]
fn analysts_judge_parties_in_the_audit_log() {
    party_judgements("judge", false);
}

#[test]
fn analysts_judge_parties_in_the_audit_log_on_postgres() {
    party_judgements("judge_pg", true);
}

/// Issue #17: an analyst's judgement that two records are not one party splits the party
/// `search` and `screen` answer with; a later judgement that they are joins it again; both
/// stay in the append-only audit log, which the chain check still finds sound.
fn party_judgements(name: &str, postgres: bool) {
    let Some((dir, _guard)) = setup(name, postgres) else {
        return;
    };
    let qusay = "قصي صدام حسين التكريتي";
    let top_party = |dir: &Path| -> Vec<String> {
        let o = run(dir, &["search", qusay, "--json", "--limit", "1"]);
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        common::party_records(&v["results"][0])
    };
    let before = top_party(&dir);
    assert!(
        before.contains(&"ofac-7844".to_string()) && before.contains(&"gb-hmt-7613".to_string()),
        "{before:?}"
    );
    let judge = |args: &[&str]| {
        let mut a = vec!["parties"];
        a.extend_from_slice(args);
        let o = run(&dir, &a);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let said = judge(&[
        "unlink",
        "ofac-7844",
        "gb-hmt-7613",
        "--reason",
        "a namesake, case 7",
    ]);
    assert!(said.contains("are not one party"), "{said}");
    let after = top_party(&dir);
    assert!(!after.contains(&"ofac-7844".to_string()), "{after:?}");
    // A batch screen answers with the split party too.
    std::fs::write(
        dir.join("c.csv"),
        format!("id,name,schema\nq1,{qusay},Person\n"),
    )
    .unwrap();
    let o = run(&dir, &["screen", "c.csv", "-o", "r.jsonl", "-q"]);
    assert_eq!(o.status.code(), Some(1));
    let hits = json_lines(&dir.join("r.jsonl")).remove(0)["results"].clone();
    let with_uk = hits
        .as_array()
        .unwrap()
        .iter()
        .find(|h| common::party_records(h).contains(&"gb-hmt-7613".to_string()))
        .unwrap();
    assert!(!common::party_records(with_uk).contains(&"ofac-7844".to_string()));

    judge(&[
        "link",
        "gb-hmt-7613",
        "ofac-7844",
        "--reason",
        "the same man after all, case 9",
    ]);
    assert_eq!(top_party(&dir), before);
    // The answer's id is the party's, as yente's merged entities; the record that matched
    // best is named beside it.
    let party: Value = serde_json::from_str(&judge(&["show", "ofac-7844", "--json"])).unwrap();
    let o = run(&dir, &["search", qusay, "--json", "--limit", "1"]);
    let top = serde_json::from_slice::<Value>(&o.stdout).unwrap()["results"][0].clone();
    assert_eq!(top["id"], party["id"], "{top}");
    assert!(party["members"]
        .as_array()
        .unwrap()
        .contains(&top["matched_id"]));
    let shown = judge(&["show", "ofac-7844"]);
    assert!(
        shown.contains("analyst: tester on ") && shown.contains("case 9"),
        "{shown}"
    );
    let o = run(&dir, &["parties", "judgements", "--json"]);
    let log: Value = serde_json::from_slice(&o.stdout).unwrap();
    let status: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["status"].as_str().unwrap())
        .collect();
    assert_eq!(status, ["superseded", "applied"], "{log}");
    assert_eq!(log[0]["actor"], "tester");
    assert_eq!(log[0]["same"], false);

    // Refused: one record twice, a record not listed, no reason; nothing is recorded.
    for bad in [
        vec!["link", "ofac-7844", "ofac-7844", "--reason", "x"],
        vec!["link", "ofac-7844", "ofac-00000", "--reason", "x"],
        vec!["unlink", "ofac-7844", "gb-hmt-7613", "--reason", " "],
    ] {
        let mut a = vec!["parties"];
        a.extend_from_slice(&bad);
        let o = run(&dir, &a);
        assert_eq!(o.status.code(), Some(2), "{bad:?}");
    }
    let audit = alerts_json(&dir, &["audit"]);
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["party_unlink", "party_link"]);
    // Append-only, and chained: the store refuses to rewrite a judgement, and checks sound.
    let rewrite = "UPDATE audit SET detail = '{}' WHERE action = 'party_link'";
    let refused = if let Ok(url) = std::fs::read_to_string(dir.join("alerts-db")) {
        let mut c = postgres::Client::connect(url.trim(), postgres::NoTls).unwrap();
        c.batch_execute(rewrite).is_err()
    } else {
        let c = rusqlite::Connection::open(dir.join("store").join("alerts.sqlite")).unwrap();
        c.execute_batch(rewrite).is_err()
    };
    assert!(refused, "a judgement was rewritten");
    let (code, out) = check(&dir, &[]);
    assert_eq!(code, 0, "{out}");
}

/// A damaged default alert store does not stop a search (it is said on stderr, and parties
/// rest on the lists' evidence); a damaged store named with --alerts-db is an error.
#[test]
fn a_damaged_default_store_leaves_searching_to_the_lists_evidence() {
    let Some((dir, _guard)) = setup("damaged", false) else {
        return;
    };
    // The store directory exists once the lists are seeded.
    let o = run(&dir, &["lists"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let file = dir.join("store").join("alerts.sqlite");
    std::fs::write(
        &file,
        b"not a database, not at all: a damaged file of 64 bytes or so...",
    )
    .unwrap();
    let qusay = "قصي صدام حسين التكريتي";
    let v = search_without_judgements(&dir, qusay, "party judgements not read");
    assert!(common::party_records(&v["results"][0]).contains(&"ofac-7844".to_string()));
    let o = run(
        &dir,
        &["--alerts-db", file.to_str().unwrap(), "search", qusay],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("reading analysts' party judgements"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// An attacker who writes to the database directly: a forged judgement entry that is not
/// one (the triggers stop rewrites, not inserts) is named by `alerts check`, and a search
/// goes on without judgements, saying why; naming the store makes the forgery an error.
#[test]
fn a_forged_judgement_is_caught_and_does_not_stop_a_search() {
    let Some((dir, _guard)) = setup("forged", false) else {
        return;
    };
    let o = run(
        &dir,
        &[
            "parties",
            "unlink",
            "ofac-7844",
            "gb-hmt-7613",
            "--reason",
            "case 7",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    tamper(
        &dir,
        "INSERT INTO audit (at, actor, action, detail) \
         VALUES ('2026-12-05T00:00:00Z', 'mallory', 'party_link', 'not json');",
    );
    let (code, out) = check(&dir, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("audit row"), "{out}");
    let qusay = "قصي صدام حسين التكريتي";
    search_without_judgements(&dir, qusay, "is not a party judgement");
    let file = dir.join("store").join("alerts.sqlite");
    let o = run(
        &dir,
        &[
            "--alerts-db",
            file.to_str().unwrap(),
            "parties",
            "judgements",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
}
