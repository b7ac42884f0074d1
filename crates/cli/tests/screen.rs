//! `interdict screen` and `interdict generate` end to end on the bundled lists: the drone
//! supply chain's listed parties in variant spellings and scripts must be found in every
//! input and output format, unrelated names must stay clear, and bad records must be
//! reported without stopping the run or going missing.

use arrow_array::{Array, RecordBatch, StringArray};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

mod common;

use common::TempDir;

fn dir(name: &str) -> TempDir {
    TempDir::new(&format!("screen-{name}"))
}

fn run_in(d: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_interdict"))
        .args(args)
        .current_dir(d)
        .env("INTERDICT_DATA_DIR", d.join("store"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// (id, name, schema, country, birth date, the listed entity it must find or "" for none).
const CASES: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "c01",
        "АО ОЭЗ ППТ Алабуга",
        "Company",
        "Russia",
        "",
        "ofac-45708",
    ),
    (
        "c02",
        "Alabuga Special Economic Zone",
        "Company",
        "ru",
        "",
        "ofac-45708",
    ),
    (
        "c03",
        "Qods Aviation Industry",
        "Company",
        "Iran",
        "",
        "ofac-16418",
    ),
    (
        "c04",
        "Ghods Aviation Industries",
        "Company",
        "ir",
        "",
        "ofac-16418",
    ),
    (
        "c05",
        "Shahed Aviation Industries Research Centre",
        "Company",
        "IR",
        "",
        "ofac-39637",
    ),
    ("c06", "ООО Зала Аэро", "Company", "ru", "", "ofac-45934"),
    ("c07", "Zala Aero Group", "Company", "", "", "ofac-45934"),
    ("c08", "IEMZ Kupol", "Company", "ru", "", "ofac-46431"),
    (
        "c09",
        "Izhevskiy Elektromekhanicheskiy Zavod Kupol",
        "Company",
        "",
        "",
        "ofac-46431",
    ),
    (
        "c10",
        "Шагивалеев Тимур",
        "Person",
        "ru",
        "1978-01-28",
        "ofac-45710",
    ),
    ("c11", "Northwind Logistics LLC", "Company", "us", "", ""),
    (
        "c12",
        "Maria Garcia Lopez",
        "Person",
        "es",
        "1980-02-11",
        "",
    ),
    ("c13", "Hans Müller GmbH", "Company", "de", "", ""),
    ("c14", "Cedar Grove Bakery", "Company", "us", "", ""),
];

fn cases_csv() -> String {
    let mut s = String::from("Customer ID,Full Name,Type,Country,Date of Birth\n");
    for (id, name, schema, country, dob, _) in CASES {
        s.push_str(&format!("{id},{name},{schema},{country},{dob}\n"));
    }
    s
}

fn cases_ftm() -> String {
    CASES
        .iter()
        .map(|(id, name, schema, country, dob, _)| {
            let mut props = serde_json::json!({"name": [name]});
            if !country.is_empty() {
                props["country"] = serde_json::json!([country]);
            }
            if !dob.is_empty() {
                props["birthDate"] = serde_json::json!([dob]);
            }
            serde_json::json!({"id": id, "schema": schema, "properties": props}).to_string() + "\n"
        })
        .collect()
}

fn write_cases_parquet(path: &Path) {
    let col = |i: usize| -> Arc<dyn Array> {
        Arc::new(StringArray::from(
            CASES
                .iter()
                .map(|c| {
                    let v = [c.0, c.1, c.2, c.3, c.4][i];
                    Some(v).filter(|v| !v.is_empty())
                })
                .collect::<Vec<_>>(),
        ))
    };
    let batch = RecordBatch::try_from_iter(vec![
        ("id", col(0)),
        ("name", col(1)),
        ("schema", col(2)),
        ("country", col(3)),
        ("dob", col(4)),
    ])
    .unwrap();
    let f = std::fs::File::create(path).unwrap();
    // Snappy, as pandas and pyarrow write by default.
    let props = parquet::file::properties::WriterProperties::builder()
        .set_compression(parquet::basic::Compression::SNAPPY)
        .build();
    let mut w = ArrowWriter::try_new(f, batch.schema(), Some(props)).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
}

/// Checks one record's outcome: the expected entity is the best match, or nothing matches.
fn check(id: &str, status: &str, top: Option<&str>) {
    let (_, name, .., want) = CASES.iter().find(|c| c.0 == id).expect("known id");
    if want.is_empty() {
        assert_eq!(
            status, "clear",
            "{id} {name:?} should be clear, got {top:?}"
        );
    } else {
        assert_eq!(status, "match", "{id} {name:?} should match {want}");
        assert_eq!(top, Some(*want), "{id} {name:?}");
    }
}

fn check_jsonl(text: &str) {
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), CASES.len(), "one line per input record");
    for (line, case) in lines.iter().zip(CASES) {
        assert_eq!(line["id"], case.0, "input order kept");
        let results = line["results"].as_array().unwrap();
        check(
            case.0,
            line["status"].as_str().unwrap(),
            results.first().and_then(|r| r["id"].as_str()),
        );
        for r in results {
            for key in [
                "caption",
                "schema",
                "score",
                "match",
                "datasets",
                "explanation",
            ] {
                assert!(!r[key].is_null(), "result without {key}: {r}");
            }
            assert!(r["explanation"]["name"]["pairs"].as_array().is_some());
        }
    }
}

fn check_rows(rows: &[Vec<String>], header: &[String]) {
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let (id, status, rank, entity) = (
        col("input_id"),
        col("status"),
        col("rank"),
        col("entity_id"),
    );
    let mut seen = Vec::new();
    for r in rows {
        if !seen.contains(&r[id]) {
            seen.push(r[id].clone());
        }
        if r[rank].is_empty() || r[rank] == "1" {
            let top = Some(r[entity].as_str()).filter(|s| !s.is_empty());
            check(&r[id], &r[status], top);
        }
    }
    let ids: Vec<&str> = CASES.iter().map(|c| c.0).collect();
    assert_eq!(seen, ids, "every record, in input order");
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn read_parquet(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let f = std::fs::File::open(path).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(f)
        .unwrap()
        .build()
        .unwrap();
    let mut header = Vec::new();
    let mut rows = Vec::new();
    for batch in reader {
        let batch = batch.unwrap();
        header = batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        for i in 0..batch.num_rows() {
            rows.push(
                batch
                    .columns()
                    .iter()
                    .map(|c| {
                        if c.is_null(i) {
                            String::new()
                        } else {
                            arrow_array::cast::AsArray::as_string_opt::<i32>(c)
                                .map(|s| s.value(i).to_string())
                                .unwrap_or_else(|| {
                                    // Numbers: rank is the only one checked.
                                    arrow_array::cast::AsArray::as_primitive_opt::<
                                        arrow_array::types::UInt32Type,
                                    >(c)
                                    .map(|p| p.value(i).to_string())
                                    .unwrap_or_default()
                                })
                        }
                    })
                    .collect(),
            );
        }
    }
    (header, rows)
}

#[test]
fn finds_the_drone_supply_chain_in_every_input_and_output_format() {
    let d = dir("formats");
    std::fs::write(d.join("in.csv"), cases_csv()).unwrap();
    std::fs::write(d.join("in.tsv"), cases_csv().replace(',', "\t")).unwrap();
    std::fs::write(d.join("in.jsonl"), cases_ftm()).unwrap();
    write_cases_parquet(&d.join("in.parquet"));
    for input in ["in.csv", "in.tsv", "in.jsonl", "in.parquet"] {
        let o = run_in(&d, &["screen", input, "-o", "out.jsonl"], None);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{input}: matches give exit 1: {}",
            stderr(&o)
        );
        check_jsonl(&std::fs::read_to_string(d.join("out.jsonl")).unwrap());
        let err = stderr(&o);
        assert!(
            err.contains(&format!("screened {} records", CASES.len())),
            "{input}: {err}"
        );
        assert!(
            err.contains("9 matched") || err.contains("10 matched"),
            "{err}"
        );
        if input != "in.jsonl" {
            assert!(err.contains("columns "), "the mapping is reported: {err}");
        }
        let o = run_in(&d, &["screen", input, "-o", "out.csv"], None);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let (h, rows) = read_csv(&d.join("out.csv"));
        check_rows(&rows, &h);
        let o = run_in(&d, &["screen", input, "-o", "out.parquet"], None);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let (h, rows) = read_parquet(&d.join("out.parquet"));
        check_rows(&rows, &h);
    }
    // Standard input, output format by flag.
    let o = run_in(
        &d,
        &["screen", "-", "--format", "jsonl", "-q"],
        Some(cases_csv().as_bytes()),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    check_jsonl(&String::from_utf8_lossy(&o.stdout));
    assert!(!stderr(&o).contains("screened"), "--quiet: {}", stderr(&o));
}

#[test]
fn exit_codes_list_subsets_only_matches_and_column_mapping() {
    let d = dir("options");
    let clear: String = std::iter::once("Counterparty,Registered In\n".to_string())
        .chain(
            CASES
                .iter()
                .filter(|c| c.5.is_empty())
                .map(|c| format!("{},{}\n", c.1, c.3)),
        )
        .collect();
    std::fs::write(d.join("clear.csv"), &clear).unwrap();
    // No column is recognized as a name: a clear error, before any screening.
    let o = run_in(&d, &["screen", "clear.csv"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--map name=HEADER"), "{}", stderr(&o));
    let o = run_in(
        &d,
        &[
            "screen",
            "clear.csv",
            "--map",
            "name=Counterparty",
            "--map",
            "country=Registered In",
            "-o",
            "out.jsonl",
        ],
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "no match gives exit 0: {}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("name=Counterparty, country=Registered In"));
    assert_eq!(
        std::fs::read_to_string(d.join("out.jsonl"))
            .unwrap()
            .lines()
            .count(),
        4
    );
    // Only the UN list: the OFAC-designated companies are not on it.
    std::fs::write(d.join("in.csv"), cases_csv()).unwrap();
    let o = run_in(
        &d,
        &[
            "screen",
            "in.csv",
            "--lists",
            "un_sc_sanctions",
            "-o",
            "un.jsonl",
        ],
        None,
    );
    let out = std::fs::read_to_string(d.join("un.jsonl")).unwrap();
    assert!(
        !out.contains("\"ofac-"),
        "--lists un_sc_sanctions returned OFAC entities"
    );
    assert_eq!(out.lines().count(), CASES.len());
    assert!(o.status.code() == Some(0) || o.status.code() == Some(1));
    let o = run_in(&d, &["screen", "in.csv", "--lists", "nope"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("active lists: "), "{}", stderr(&o));
    // Only matches.
    let o = run_in(
        &d,
        &["screen", "in.csv", "--only-matches", "-o", "m.jsonl"],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let out = std::fs::read_to_string(d.join("m.jsonl")).unwrap();
    let expected = CASES.iter().filter(|c| !c.5.is_empty()).count();
    assert_eq!(out.lines().count(), expected, "{out}");
    // Near misses are written with "match": false when asked for.
    let o = run_in(
        &d,
        &["screen", "in.csv", "--min-score", "0.3", "-o", "near.jsonl"],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let out = std::fs::read_to_string(d.join("near.jsonl")).unwrap();
    assert!(out.contains("\"match\":false"), "no near miss written");
}

#[test]
fn bad_records_are_reported_with_their_lines_and_never_dropped() {
    let d = dir("bad");
    let mut input = b"id,name,dob,country\n".to_vec();
    input.extend_from_slice(b"1,Qods Aviation Industries,,ir\n");
    input.extend_from_slice(b"2,,1970-01-01,ru\n"); // no name
    input.extend_from_slice(b"3,Zala Aero,31/31/1999,ru\n"); // malformed date
    input.extend_from_slice(b"4,Shahed Aviation,extra,field,here\n"); // ragged
    input.extend_from_slice(b"5,Caf\xe9 Latin-1 Ltd,,fr\n"); // invalid UTF-8
    input.extend_from_slice(b"6,Cedar Grove Bakery,,Atlantis\n"); // unknown country
    input.extend_from_slice(b"7,Northwind Logistics LLC,,us\n");
    std::fs::write(d.join("in.csv"), &input).unwrap();
    let o = run_in(&d, &["screen", "in.csv", "-o", "out.jsonl"], None);
    // Records that could not be screened make the run fail, although every record is written.
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("screened 7 records"), "{err}");
    assert!(err.contains("3 record(s) could not be screened"), "{err}");
    assert!(
        err.contains("5 bad (3 not screened) listed in out.jsonl.bad.jsonl"),
        "{err}"
    );
    let out: Vec<serde_json::Value> = std::fs::read_to_string(d.join("out.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(out.len(), 7, "no record goes missing");
    let status: Vec<&str> = out.iter().map(|o| o["status"].as_str().unwrap()).collect();
    assert_eq!(
        status,
        ["match", "error", "match", "error", "error", "clear", "clear"]
    );
    let lines: Vec<u64> = out.iter().map(|o| o["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [2, 3, 4, 5, 6, 7, 8]);
    // The malformed date is named and the record still screened by name.
    assert_eq!(out[2]["problems"][0]["field"], "dob");
    assert_eq!(out[2]["results"][0]["id"], "ofac-45934");
    let bad: Vec<serde_json::Value> = std::fs::read_to_string(d.join("out.jsonl.bad.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let bad_lines: Vec<u64> = bad.iter().map(|b| b["line"].as_u64().unwrap()).collect();
    assert_eq!(bad_lines, [3, 4, 5, 6, 7]);
    assert!(bad[0]["problems"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with("no name"));
    assert!(bad[2]["problems"][0]["message"]
        .as_str()
        .unwrap()
        .contains("has 5 fields"));
    assert_eq!(bad[3]["problems"][0]["field"], "name");
    assert!(bad[3]["problems"][0]["message"]
        .as_str()
        .unwrap()
        .contains("UTF-8"));
    assert_eq!(bad[4]["screened"], true);
    // --strict stops at the first one, naming file, line and field, and leaves no output.
    let o = run_in(
        &d,
        &["screen", "in.csv", "--strict", "-o", "strict.jsonl"],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("in.csv, line 3"), "{}", stderr(&o));
    assert!(!d.join("strict.jsonl").exists());
    assert!(!d.join("strict.jsonl.partial").exists());
    // JSON lines: broken JSON, a non-object, a non-string name.
    let jsonl =
        "{\"id\": \"a\", \"schema\": \"Company\", \"properties\": {\"name\": [\"Zala Aero\"]}}\n\
                 {\"id\": \"b\", \"properties\": {\n\
                 [1, 2]\n\
                 \n\
                 {\"id\": \"c\", \"properties\": {\"name\": [7, {}]}}\n";
    std::fs::write(d.join("in.jsonl"), jsonl).unwrap();
    let o = run_in(&d, &["screen", "in.jsonl", "-o", "j.jsonl"], None);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let out: Vec<serde_json::Value> = std::fs::read_to_string(d.join("j.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let lines: Vec<u64> = out.iter().map(|o| o["line"].as_u64().unwrap()).collect();
    assert_eq!(
        lines,
        [1, 2, 3, 5],
        "blank lines are no records; the rest keep their lines"
    );
    assert_eq!(out[1]["status"], "error");
    assert!(out[1]["problems"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with("not valid JSON"));
    assert_eq!(out[3]["problems"][0]["field"], "properties.name[1]");
    // A missing file is an error naming it.
    let o = run_in(&d, &["screen", "missing.csv"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.csv"), "{}", stderr(&o));
}

/// A 10,000-row customer file whose row 10 opens a quote and never closes it: every line
/// is accounted for (one bad record, the rest screened), the listed party on row 5,000 is
/// found, and the run does not exit 0. Before, the quote swallowed the rest of the file.
#[test]
fn an_unclosed_quote_costs_one_record_not_the_rest_of_the_file() {
    let d = dir("quote");
    let mut input = String::from("id,name,country\n");
    for i in 1..=10_000 {
        match i {
            10 => input.push_str("c10,\"Johnny Walker Trading,us\n"),
            5_000 => input.push_str("c5000,AO OEZ PPT ALABUGA,ru\n"),
            _ => input.push_str(&format!("c{i},Customer Number {i} Ltd,us\n")),
        }
    }
    std::fs::write(d.join("in.csv"), &input).unwrap();
    let o = run_in(&d, &["screen", "in.csv", "-o", "out.jsonl"], None);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let out: Vec<serde_json::Value> = std::fs::read_to_string(d.join("out.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let data_lines = input.lines().count() - 1;
    assert_eq!(
        out.len(),
        data_lines,
        "every input line is a record in the output"
    );
    let errors: Vec<&serde_json::Value> = out.iter().filter(|o| o["status"] == "error").collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["line"], 11);
    assert!(errors[0]["problems"][0]["message"]
        .as_str()
        .unwrap()
        .contains("resumes at line 12"));
    let alabuga = out
        .iter()
        .find(|o| o["id"] == "c5000")
        .expect("row 5,000 screened");
    assert_eq!(alabuga["status"], "match");
    assert_eq!(alabuga["results"][0]["id"], "ofac-45708");
    let bad = std::fs::read_to_string(d.join("out.jsonl.bad.jsonl")).unwrap();
    assert_eq!(bad.lines().count(), 1, "{bad}");
}

/// Output over the input is refused before anything is written; an overlong field is
/// reported, not screened; `-q` also silences the stale-list warning.
#[test]
fn output_over_input_overlong_fields_and_quiet() {
    let d = dir("guards");
    let long = "A".repeat(5_000);
    let input = format!("id,name,country\nc1,{long},us\nc2,Zala Aero,ru\n");
    std::fs::write(d.join("in.csv"), &input).unwrap();
    for args in [
        &["screen", "in.csv", "-o", "in.csv"][..],
        &["screen", "in.csv", "-o", "./in.csv"][..],
        &[
            "screen",
            "in.csv",
            "-o",
            "x.jsonl",
            "--bad-records",
            "in.csv",
        ][..],
    ] {
        let o = run_in(&d, args, None);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains("is the input file"), "{}", stderr(&o));
        assert_eq!(std::fs::read_to_string(d.join("in.csv")).unwrap(), input);
    }
    let o = run_in(&d, &["screen", "in.csv", "-o", "out.jsonl"], None);
    let out: Vec<serde_json::Value> = std::fs::read_to_string(d.join("out.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(out.len(), 2);
    assert_eq!(out[0]["status"], "error", "{}", out[0]);
    assert_eq!(out[0]["problems"][0]["field"], "name");
    assert!(out[0]["problems"][0]["message"]
        .as_str()
        .unwrap()
        .contains("longer than 1000 characters"));
    assert_eq!(out[1]["status"], "match");
    assert_eq!(o.status.code(), Some(2));
    // A list older than the allowed age warns, unless -q.
    std::fs::write(d.join("ok.csv"), "id,name\nc1,Northwind Logistics LLC\n").unwrap();
    let stale = |quiet: bool| {
        let mut args = vec!["screen", "ok.csv", "-o", "q.jsonl"];
        if quiet {
            args.push("-q");
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_interdict"));
        child
            .args(&args)
            .current_dir(&*d)
            .env("INTERDICT_DATA_DIR", d.join("store"))
            .env("INTERDICT_MAX_LIST_AGE_DAYS", "0");
        stderr(&child.output().unwrap())
    };
    assert!(!stale(false).is_empty());
    assert_eq!(stale(true), "", "-q prints nothing but errors");
}

/// `-o` naming a pipe or device (`/dev/null`, `/dev/stdout`, a FIFO) writes into it: the
/// staging file renamed over a regular output must never replace a device or pipe (it once
/// replaced /dev/null with a plain file on a machine that ran `screen -o /dev/null`).
#[cfg(unix)]
#[test]
fn output_to_a_pipe_is_written_in_place_and_it_stays_a_pipe() {
    use std::io::Read;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::FileTypeExt;
    let d = dir("fifo");
    let mut input = cases_csv();
    input.push_str("c99,,Company,ru,\n"); // no name: a bad record
    std::fs::write(d.join("in.csv"), input).unwrap();
    let fifo = d.join("out.fifo");
    let c = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
    // Held open for writing so the reader's open returns at once; dropped after the run so
    // the reader sees the end even if the run never opened the pipe.
    let keep = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&fifo)
        .unwrap();
    let mut pipe = std::fs::File::open(&fifo).unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        pipe.read_to_string(&mut text).unwrap();
        text
    });
    let o = run_in(
        &d,
        &["screen", "in.csv", "-o", "out.fifo", "--format", "jsonl"],
        None,
    );
    drop(keep);
    let text = reader.join().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo(),
        "the pipe must stay a pipe"
    );
    assert!(!d.join("out.fifo.partial").exists());
    let (cases, last) = text.trim_end().rsplit_once('\n').unwrap();
    check_jsonl(cases);
    let last: serde_json::Value = serde_json::from_str(last).unwrap();
    assert_eq!(last["status"], "error");
    // The bad record goes to the default side file, not beside the pipe.
    assert!(!d.join("out.fifo.bad.jsonl").exists());
    let bad = std::fs::read_to_string(d.join("interdict-bad-records.jsonl")).unwrap();
    assert_eq!(bad.lines().count(), 1, "{bad}");
    assert!(
        stderr(&o).contains("interdict-bad-records.jsonl"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn generated_customer_files_are_reproducible_and_fully_screened() {
    let d = dir("generate");
    let gen = |seed: &str, out: &str| {
        let o = run_in(
            &d,
            &[
                "generate",
                "--records",
                "3000",
                "--seed",
                seed,
                "-o",
                out,
                "--listed-share",
                "0.01",
            ],
            None,
        );
        assert!(o.status.success(), "{}", stderr(&o));
        std::fs::read(d.join(out)).unwrap()
    };
    let a = gen("7", "a.csv");
    let b = gen("7", "b.csv");
    let c = gen("8", "c.csv");
    assert_eq!(a, b, "same seed, same file");
    assert_ne!(a, c, "another seed, another file");
    let rows = csv::Reader::from_reader(&a[..]).records().count();
    assert_eq!(rows, 3000);
    let o = run_in(
        &d,
        &["screen", "a.csv", "-o", "out.csv", "--threads", "2"],
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "planted listed names match: {}",
        stderr(&o)
    );
    let (h, rows) = read_csv(&d.join("out.csv"));
    let line = h.iter().position(|x| x == "line").unwrap();
    let mut lines: Vec<u64> = rows.iter().map(|r| r[line].parse().unwrap()).collect();
    lines.dedup();
    assert_eq!(
        lines,
        (2..=3001).collect::<Vec<u64>>(),
        "every record once, in order"
    );
    assert!(
        stderr(&o).contains("screened 3,000 records"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_dash_output_is_standard_output_not_a_file() {
    let d = dir("dash-output");
    // generate -o - writes CSV to standard output, as without -o.
    let g = run_in(
        &d,
        &["generate", "--records", "20", "--seed", "4", "-o", "-"],
        None,
    );
    assert!(g.status.success(), "{}", stderr(&g));
    let plain = run_in(&d, &["generate", "--records", "20", "--seed", "4"], None);
    assert_eq!(g.stdout, plain.stdout);
    assert_eq!(String::from_utf8_lossy(&g.stdout).lines().count(), 21);
    std::fs::write(d.join("c.csv"), &g.stdout).unwrap();
    // screen -o - writes one JSON line per record to standard output.
    let s = run_in(&d, &["screen", "c.csv", "-o", "-", "-q"], None);
    assert!(s.status.code().is_some_and(|c| c <= 1), "{}", stderr(&s));
    let out = String::from_utf8_lossy(&s.stdout);
    assert_eq!(out.lines().count(), 20, "{out}");
    assert!(out
        .lines()
        .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()));
    assert!(!d.join("-").exists(), "a file named - was written");
}

/// Issue #17: a customer who is a party listed by the UN, OFAC and the UK gets one hit for
/// that party (its best-matching record, the party's lists and other records), not three
/// hits to review; `--by-record` keeps one per listed record.
#[test]
fn a_party_on_several_lists_is_one_hit_unless_asked_per_record() {
    let d = dir("parties");
    std::fs::write(
        d.join("q.csv"),
        "id,name,schema\nq1,قصي صدام حسين التكريتي,Person\n",
    )
    .unwrap();
    let hits = |extra: &[&str]| -> Vec<serde_json::Value> {
        let mut args = vec!["screen", "q.csv", "-q", "--limit", "10"];
        args.extend_from_slice(extra);
        let o = run_in(&d, &args, None);
        assert!(o.status.code() == Some(1), "{}", stderr(&o));
        let line: serde_json::Value =
            serde_json::from_slice(o.stdout.split(|b| *b == b'\n').next().unwrap()).unwrap();
        line["results"].as_array().unwrap().clone()
    };
    let his = ["ofac-7844", "gb-hmt-7613"];
    let per_party = hits(&[]);
    let top = &per_party[0];
    let members = common::party_records(top);
    for id in his {
        assert!(members.iter().any(|m| m == id), "{id}: {top}");
    }
    assert!(members.iter().any(|m| m.starts_with("un-")), "{top}");
    assert_eq!(top["datasets"].as_array().unwrap().len(), 3, "{top}");
    assert!(
        members.contains(&top["party"].as_str().unwrap().to_string()),
        "{top}"
    );
    // None of his records is a hit again.
    for r in &per_party[1..] {
        assert!(
            !members.iter().any(|m| r["id"] == serde_json::json!(m)),
            "{r}"
        );
    }
    // Per record: his records are hits of their own, each on its own list (taking places
    // that other parties' records then lack).
    let per_record = hits(&["--by-record"]);
    let his_hits = per_record
        .iter()
        .filter(|r| members.iter().any(|m| r["id"] == serde_json::json!(m)))
        .count();
    assert!(his_hits >= 2, "{per_record:?}");
    assert!(per_record
        .iter()
        .all(|r| r.get("referents").is_none() && r["datasets"].as_array().unwrap().len() == 1));
}
