//! `interdict update` against a real HTTP server on loopback serving the real list files —
//! whole, truncated, cut off mid-transfer, missing, and a real but much smaller list — and
//! checking that only a sound download replaces the active version.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// What the server answers for a path.
#[derive(Clone)]
enum Reply {
    /// 200 with the whole body.
    Whole(Vec<u8>),
    /// 200 announcing the whole length, then closing after the first half.
    CutOff(Vec<u8>),
    /// 404.
    Missing,
}

/// Serves `routes` on a loopback port until the test process ends. Returns the base URL.
fn serve(routes: Vec<(&'static str, Reply)>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            // Skip the headers.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request.split(' ').nth(1).unwrap_or("/").to_string();
            let reply = routes
                .iter()
                .find(|(p, _)| *p == path)
                .map(|(_, r)| r.clone())
                .unwrap_or(Reply::Missing);
            let _ = match reply {
                Reply::Whole(body) => stream
                    .write_all(
                        format!(
                            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        )
                        .as_bytes(),
                    )
                    .and_then(|_| stream.write_all(&body)),
                Reply::CutOff(body) => stream
                    .write_all(
                        format!(
                            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        )
                        .as_bytes(),
                    )
                    .and_then(|_| stream.write_all(&body[..body.len() / 2])),
                Reply::Missing => stream.write_all(
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found",
                ),
            };
        }
    });
    base
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_interdict"))
        .args(args)
        .env("INTERDICT_DATA_DIR", dir)
        .output()
        .expect("runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn active(dir: &Path, list: &str) -> (u64, u64) {
    let o = run(dir, &["lists", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let l = v
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["list"] == list)
        .unwrap_or_else(|| panic!("{list} not in {v}"));
    (l["version"].as_u64().unwrap(), l["total"].as_u64().unwrap())
}

fn sources(dir: &Path, lists: serde_json::Value) -> PathBuf {
    let p = dir.join("sources-test.json");
    std::fs::write(&p, serde_json::json!({ "lists": lists }).to_string()).unwrap();
    p
}

#[test]
fn only_a_sound_download_replaces_the_active_version() {
    let lists = common::lists_dir();
    let read = |p: &str| std::fs::read(lists.join(p)).unwrap();
    let un_file = std::fs::read_dir(lists.join("un"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "xml"))
        .expect("a UN XML file");
    let un = std::fs::read(&un_file).unwrap();
    let base = serve(vec![
        ("/un/consolidated.xml", Reply::Whole(un.clone())),
        (
            "/un/truncated.xml",
            Reply::Whole(un[..un.len() * 3 / 5].to_vec()),
        ),
        ("/un/cut.xml", Reply::CutOff(un.clone())),
        (
            "/old/SDN.CSV",
            Reply::Whole(read("ofac_sdn_2022-01/sdn.csv")),
        ),
        (
            "/old/ADD.CSV",
            Reply::Whole(read("ofac_sdn_2022-01/add.csv")),
        ),
        (
            "/old/ALT.CSV",
            Reply::Whole(read("ofac_sdn_2022-01/alt.csv")),
        ),
    ]);
    let guard = common::TempDir::new("update");
    let dir = guard.to_path_buf();
    let (un_version, un_total) = active(&dir, "un_sc_sanctions");
    let (sdn_version, sdn_total) = active(&dir, "us_ofac_sdn");

    let un_from = |path: &str| {
        sources(
            &dir,
            serde_json::json!({"un_sc_sanctions": {"urls": [format!("{base}{path}")]}}),
        )
    };
    let update = |src: &Path, extra: &[&str]| {
        let mut args = vec![
            "update",
            "un_sc_sanctions",
            "--sources",
            src.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        run(&dir, &args)
    };

    // The same file as the active version: nothing to do.
    let o = update(&un_from("/un/consolidated.xml"), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("unchanged"), "{}", text(&o));
    assert_eq!(active(&dir, "un_sc_sanctions"), (un_version, un_total));

    // Broken downloads: each refused with its reason, the active version kept.
    for (path, why) in [
        ("/un/truncated.xml", "un_sc_sanctions: NOT updated"),
        ("/un/cut.xml", "NOT updated"),
        ("/un/nowhere.xml", "HTTP 404"),
    ] {
        let o = update(&un_from(path), &["--json"]);
        assert_eq!(o.status.code(), Some(2), "{path}: {}", text(&o));
        let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(report[0]["status"], "failed", "{path}");
        let reason = report[0]["reason"].as_str().unwrap();
        assert!(!reason.is_empty(), "{path}");
        let o = update(&un_from(path), &[]);
        assert!(text(&o).contains(why), "{path}: {}", text(&o));
        assert!(text(&o).contains(&format!("version {un_version} stays active")));
        assert_eq!(
            active(&dir, "un_sc_sanctions"),
            (un_version, un_total),
            "{path}"
        );
    }
    // The truncated XML names the file and where it broke off; the cut transfer says so.
    let o = update(&un_from("/un/truncated.xml"), &[]);
    assert!(text(&o).contains("truncated.xml"), "{}", text(&o));
    let o = update(&un_from("/un/cut.xml"), &[]);
    let t = text(&o);
    assert!(
        t.contains("cut.xml") && (t.contains("truncated") || t.contains("broken off")),
        "{t}"
    );

    // A real, sound, but much smaller SDN list (2022-01 against the 2024-05 one): refused
    // under the default 20 % limit, accepted when the limit is raised.
    let old: Vec<String> = ["SDN.CSV", "ADD.CSV", "ALT.CSV"]
        .iter()
        .map(|f| format!("{base}/old/{f}"))
        .collect();
    let src = sources(&dir, serde_json::json!({"us_ofac_sdn": {"urls": old}}));
    let o = run(
        &dir,
        &["update", "us_ofac_sdn", "--sources", src.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    // The guard counts listed parties, not the link entities between them.
    let o2 = run(&dir, &["lists", "--json"]);
    let lists: serde_json::Value = serde_json::from_slice(&o2.stdout).unwrap();
    let counts = &lists
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["list"] == "us_ofac_sdn")
        .unwrap()["counts"];
    let parties: u64 = counts
        .as_object()
        .unwrap()
        .iter()
        .filter(|(schema, _)| schema.as_str() != "UnknownLink")
        .map(|(_, n)| n.as_u64().unwrap())
        .sum();
    assert!(parties < sdn_total);
    assert!(
        text(&o).contains(&format!(
            "active version {sdn_version} of us_ofac_sdn has {parties}"
        )),
        "{}",
        text(&o)
    );
    assert_eq!(active(&dir, "us_ofac_sdn"), (sdn_version, sdn_total));
    let o = run(
        &dir,
        &[
            "update",
            "us_ofac_sdn",
            "--sources",
            src.to_str().unwrap(),
            "--max-drop",
            "0.9",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let (v, total) = active(&dir, "us_ofac_sdn");
    assert_eq!(v, sdn_version + 1);
    assert!(total < sdn_total);
    assert!(
        text(&o).contains(&format!("version {v} active, {total} entities")),
        "{}",
        text(&o)
    );
    // The new version knows what changed.
    let o = run(&dir, &["diff", "us_ofac_sdn", "--json"]);
    let d: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(!d["removed"].as_array().unwrap().is_empty());

    // Bad settings are refused before any download.
    let o = run(&dir, &["update", "--max-drop", "1.5"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("--max-drop"));
    let o = run(&dir, &["update", "my_own_list"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("no download URL"), "{}", text(&o));
}
