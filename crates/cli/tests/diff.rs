//! `interdict diff` on real OFAC SDN files: the 2022-01 set and the 2024-05 set imported as
//! two versions of one list. The expected added, removed and renamed parties are computed
//! here from the raw CSV rows, independently of the parser.

mod common;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output};

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_interdict"))
        .args(args)
        .env("INTERDICT_DATA_DIR", dir)
        .output()
        .expect("runs")
}

fn ok(o: Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A diff that found changes: exit code 1, as diff(1) says it.
fn differs(o: Output) -> String {
    assert_eq!(
        o.status.code(),
        Some(1),
        "a diff with changes exits 1: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// ent_num → (SDN_Name, programs) from a raw OFAC sdn.csv (first occurrence of an ent_num).
fn raw_parties(path: &Path) -> BTreeMap<u64, (String, BTreeSet<String>)> {
    let bytes = std::fs::read(path).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&bytes[..]);
    let mut out = BTreeMap::new();
    for rec in r.byte_records() {
        let rec = rec.unwrap();
        let Some(num) = rec
            .get(0)
            .and_then(|f| std::str::from_utf8(f).ok())
            .and_then(|f| f.trim().parse::<u64>().ok())
        else {
            continue; // the trailing Ctrl-Z line
        };
        // Latin-1: each byte is its code point.
        let text = |i: usize| -> String {
            rec.get(i)
                .unwrap_or_default()
                .iter()
                .map(|&b| b as char)
                .collect::<String>()
                .trim()
                .to_string()
        };
        let programs: BTreeSet<String> = text(3)
            .trim_start_matches('[')
            .trim_end_matches(']')
            .split("] [")
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty() && p != "-0-")
            .collect();
        out.entry(num).or_insert((text(1), programs));
    }
    out
}

/// Party ids (`ofac-<ent_num>`) of a JSON id list, as numbers.
fn party_nums(ids: &Value) -> BTreeSet<u64> {
    ids.as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str()?.strip_prefix("ofac-")?.parse().ok())
        .collect()
}

#[test]
fn diff_of_two_real_ofac_sdn_versions_matches_the_raw_files() {
    let lists = common::lists_dir();
    let guard = common::TempDir::new("diff");
    let dir = guard.join("store");
    let files = |set: &str| -> Vec<String> {
        ["sdn.csv", "add.csv", "alt.csv"]
            .iter()
            .map(|f| lists.join(set).join(f).display().to_string())
            .collect()
    };
    // A fresh store holds the bundled SDN list as version 1; the 2022 file is older and
    // smaller, a real drop the import guard must be told to accept.
    let mut args = vec!["import", "--published", "2022-01-31", "--max-drop", "1"];
    let old_files = files("ofac_sdn_2022-01");
    args.extend(old_files.iter().map(String::as_str));
    ok(run(&dir, &args));
    let mut args = vec!["import", "--published", "2024-05-03"];
    let mut new_files = files("ofac_sdn");
    new_files.push(
        lists
            .join("ofac_sdn/sdn_comments.csv")
            .display()
            .to_string(),
    );
    args.extend(new_files.iter().map(String::as_str));
    ok(run(&dir, &args));

    // Default: the two latest versions, 2 → 3.
    let d: Value =
        serde_json::from_str(&differs(run(&dir, &["diff", "us_ofac_sdn", "--json"]))).unwrap();
    let old = raw_parties(&lists.join("ofac_sdn_2022-01/sdn.csv"));
    let new = raw_parties(&lists.join("ofac_sdn/sdn.csv"));
    let old_ids: BTreeSet<u64> = old.keys().copied().collect();
    let new_ids: BTreeSet<u64> = new.keys().copied().collect();
    let added: BTreeSet<u64> = new_ids.difference(&old_ids).copied().collect();
    let removed: BTreeSet<u64> = old_ids.difference(&new_ids).copied().collect();
    assert!(!added.is_empty() && !removed.is_empty());
    assert_eq!(party_nums(&d["added"]), added);
    assert_eq!(party_nums(&d["removed"]), removed);

    let changed: BTreeMap<u64, Vec<String>> = d["changed"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| {
            let n = c["id"].as_str()?.strip_prefix("ofac-")?.parse().ok()?;
            let fields = c["fields"]
                .as_array()?
                .iter()
                .map(|f| f.as_str().unwrap().to_string())
                .collect();
            Some((n, fields))
        })
        .collect();
    let renamed: BTreeSet<u64> = old_ids
        .intersection(&new_ids)
        .filter(|n| old[n].0 != new[n].0)
        .copied()
        .collect();
    let reprogrammed: BTreeSet<u64> = old_ids
        .intersection(&new_ids)
        .filter(|n| old[n].1 != new[n].1)
        .copied()
        .collect();
    assert!(!renamed.is_empty() && !reprogrammed.is_empty());
    let with = |field: &str| -> BTreeSet<u64> {
        changed
            .iter()
            .filter(|(_, f)| f.iter().any(|x| x == field))
            .map(|(n, _)| *n)
            .collect()
    };
    assert_eq!(with("name"), renamed);
    assert_eq!(with("program"), reprogrammed);
    // Only parties in both versions can have changed.
    assert!(changed
        .keys()
        .all(|n| old_ids.contains(n) && new_ids.contains(n)));

    // The people's text says the same.
    let text = differs(run(&dir, &["diff", "us_ofac_sdn"]));
    assert!(text.starts_with("us_ofac_sdn: version 2 (published 2022-01-31) → version 3"));
    let count = |v: &Value| v.as_array().unwrap().len();
    assert!(text.contains(&format!("  added    {}\n", count(&d["added"]))));
    assert!(text.contains(&format!("  removed  {}\n", count(&d["removed"]))));
    assert!(text.contains(&format!("+ ofac-{}  ", added.iter().next().unwrap())));

    // The bundled version and a re-import of the same files do not differ: exit code 0.
    let same: Value =
        serde_json::from_str(&ok(run(&dir, &["diff", "us_ofac_sdn", "1", "3", "--json"]))).unwrap();
    assert_eq!(
        same,
        serde_json::json!({"added": [], "removed": [], "changed": []})
    );

    // One party's history across the three versions, as the workbench's party page shows
    // it: read off the store, checked against the raw files.
    use interdict_store::diff::EntityChange::{Absent, Added, Changed};
    let store = interdict_store::Store::open(&dir).unwrap();
    let history = |n: u64| -> Vec<interdict_store::diff::EntityChange> {
        store
            .entity_history("us_ofac_sdn", &format!("ofac-{n}"), 10)
            .unwrap()
            .into_iter()
            .map(|v| v.change)
            .collect()
    };
    let renamed_one = *renamed.iter().next().unwrap();
    let h = history(renamed_one);
    assert_eq!(h[0], Added);
    assert!(
        matches!(&h[1], Changed(f) if f.iter().any(|x| x == "name")),
        "{h:?}"
    );
    assert!(
        matches!(&h[2], Changed(f) if f.iter().any(|x| x == "name")),
        "{h:?}"
    );
    assert_eq!(
        history(*added.iter().next().unwrap()),
        [Added, Absent, Added]
    );
    assert_eq!(
        history(*removed.iter().next().unwrap()),
        [Absent, Added, Absent]
    );
    assert_eq!(
        store
            .entity_history("us_ofac_sdn", "ofac-1", 2)
            .unwrap()
            .len(),
        2
    );

    // Unknown lists and versions are refused with what there is.
    let o = run(&dir, &["diff", "us_ofac_sdn", "2", "9"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no version 9; versions: 1, 2, 3"));
    let o = run(&dir, &["diff", "un_sc_sanctions"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("only version 1"));

    // The workbench's lists page links the same changes, entity by entity.
    let s = common::http::start_in(dir.clone(), &["--reload-interval", "0"]);
    let (status, _, page) =
        common::http::http_text(&s.addr, "GET", "/ui/lists/us_ofac_sdn/changes", &[], b"");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("version 2 → 3"), "{page}");
    assert!(page.contains(&format!(
        "{} added, {} removed, {} changed.",
        count(&d["added"]),
        count(&d["removed"]),
        count(&d["changed"])
    )));
    assert!(page.contains(&format!(
        "/ui/entities/ofac-{}",
        added.iter().next().unwrap()
    )));
    let (_, _, lists) = common::http::http_text(&s.addr, "GET", "/ui/lists", &[], b"");
    assert!(lists.contains("/ui/lists/us_ofac_sdn/changes"), "{lists}");
    // (The server removes the data directory when it stops.)
}
