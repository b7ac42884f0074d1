//! Snapshot tests (insta) of what people read: `search --explain`, `show`, `lists`, `diff`,
//! and the summary lines of `screen` and `validate`, on the bundled lists. A change to any of
//! them shows up as a snapshot diff to review (`cargo insta review`, or INSTA_UPDATE=always
//! and read the diff) instead of passing unnoticed. Times, rates, ages and paths, which
//! differ from run to run, are replaced by placeholders.

mod common;
use common::{interdict_command, lists_dir, TempDir};
use std::path::Path;
use std::process::Output;

/// Runs `interdict ARGS` in `dir` with a fresh data directory there, quiet about the bundled
/// lists' age (a warning whose day counts change every day).
fn interdict(dir: &Path, args: &[&str]) -> Output {
    interdict_command(dir, args)
        .env("INTERDICT_MAX_LIST_AGE_DAYS", "100000")
        .output()
        .expect("runs")
}

fn out(o: &Output) -> String {
    assert!(
        o.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Settings that replace what changes between runs.
fn settled() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(r"\b\d+(\.\d+)? s\b", "[time]");
    s.add_filter(r"[\d,]+ records/s", "[rate] records/s");
    s.add_filter(r"(\d{4}-\d{2}-\d{2})\s+\d+d\b", "$1 [age]");
    s.add_filter(r"/[^\s:]*interdict-[^\s:/]*", "[dir]");
    s
}

#[test]
fn search_explanations() {
    let d = TempDir::new("snap-search");
    settled().bind(|| {
        insta::assert_snapshot!(
            "search_alabuga",
            out(&interdict(
                &d,
                &["search", "AO OEZ PPT ALABUGA", "--explain"]
            ))
        );
        insta::assert_snapshot!(
            "search_cyrillic_person",
            out(&interdict(
                &d,
                &[
                    "search",
                    "Шагивалеев Тимур",
                    "--schema",
                    "Person",
                    "--explain"
                ]
            ))
        );
        insta::assert_snapshot!(
            "search_cleared_by_evidence",
            out(&interdict(
                &d,
                &[
                    "search",
                    "Timur Shagivaleev",
                    "--schema",
                    "Person",
                    "--birth-date",
                    "1951",
                    "--country",
                    "de",
                    "--all",
                    "--limit",
                    "3",
                    "--explain"
                ]
            ))
        );
    });
}

#[test]
fn show_and_lists() {
    let d = TempDir::new("snap-show");
    settled().bind(|| {
        insta::assert_snapshot!("show_alabuga", out(&interdict(&d, &["show", "ofac-45708"])));
        insta::assert_snapshot!("lists", out(&interdict(&d, &["lists"])));
    });
}

#[test]
fn diff_summary() {
    let d = TempDir::new("snap-diff");
    let old = lists_dir().join("ofac_sdn_2022-01");
    let files: Vec<String> = ["sdn.csv", "add.csv", "alt.csv"]
        .iter()
        .map(|f| old.join(f).to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["import", "--published", "2022-01-31", "--max-drop", "1"];
    args.extend(files.iter().map(String::as_str));
    out(&interdict(&d, &args));
    // Version 1 is the bundled 2024 set, version 2 the 2022 one: what a roll-back would undo.
    let diff = out(&interdict(&d, &["diff", "us_ofac_sdn", "1", "2"]));
    let head: Vec<&str> = diff.lines().take(4).collect();
    settled().bind(|| insta::assert_snapshot!("diff_sdn_2024_to_2022", head.join("\n")));
}

#[test]
fn screen_and_validate_summaries() {
    let d = TempDir::new("snap-summaries");
    out(&interdict(
        &d,
        &[
            "generate",
            "--records",
            "200",
            "--seed",
            "3",
            "--listed-share",
            "0.1",
            "-o",
            "c.csv",
        ],
    ));
    let screened = interdict(&d, &["screen", "c.csv", "-o", "r.jsonl"]);
    assert_eq!(screened.status.code(), Some(1), "{}", err(&screened));
    let validated = interdict(
        &d,
        &[
            "validate",
            "--sample",
            "40",
            "--negatives",
            "300",
            "-o",
            "v.html",
        ],
    );
    assert!(validated.status.success(), "{}", err(&validated));
    settled().bind(|| {
        insta::assert_snapshot!("screen_summary", err(&screened));
        insta::assert_snapshot!(
            "validate_summary",
            format!("{}{}", out(&validated), err(&validated))
        );
    });
}
