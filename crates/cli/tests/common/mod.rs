//! Helpers shared by the end-to-end tests.

#[allow(dead_code)]
pub mod http;
#[allow(dead_code)]
pub mod webdriver;

use std::io::Write;
use std::path::{Path, PathBuf};

/// What a third-party tool said: its standard output, then its standard error.
#[allow(dead_code)]
pub fn said(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A working directory for one test, removed when the test ends (also when it fails).
#[allow(dead_code)]
pub struct TempDir(pub PathBuf);

#[allow(dead_code)]
impl TempDir {
    /// A fresh, empty directory named for the test and this process.
    pub fn new(name: &str) -> TempDir {
        let d = std::env::temp_dir().join(format!("interdict-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        TempDir(d)
    }
}

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The real list files, in the shared collection's layout (see `interdict-testdata`).
#[allow(unused_imports)]
pub use interdict_testdata::lists_dir;

/// A fresh PostgreSQL database for one test, on the server `INTERDICT_TEST_POSTGRES_URL`
/// points at (`.ci/run` starts one and sets it). Without it the PostgreSQL variant of a
/// test is skipped loudly — and never in CI.
#[allow(dead_code)]
pub fn postgres_database(name: &str) -> Option<String> {
    let Ok(admin) = std::env::var("INTERDICT_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var("CI").is_err(),
            "CI must set INTERDICT_TEST_POSTGRES_URL: the PostgreSQL tests may not skip in CI"
        );
        // The handle itself, not `eprintln!` (which the harness captures): a skip must be seen.
        let _ = writeln!(
            std::io::stderr(),
            "\n*** SKIPPED: {name} on PostgreSQL — set INTERDICT_TEST_POSTGRES_URL=postgres://user:pass@127.0.0.1:5432/postgres ***\n"
        );
        return None;
    };
    let db = format!("interdict_test_{name}_{}", std::process::id());
    let mut client = postgres::Client::connect(&admin, postgres::NoTls)
        .unwrap_or_else(|e| panic!("connecting to INTERDICT_TEST_POSTGRES_URL: {e}"));
    // One statement per call: DROP and CREATE DATABASE refuse to run in a transaction,
    // which a multi-statement batch is.
    client
        .batch_execute(&format!("DROP DATABASE IF EXISTS {db}"))
        .unwrap();
    client
        .batch_execute(&format!("CREATE DATABASE {db}"))
        .unwrap();
    let base = admin
        .split('?')
        .next()
        .unwrap_or(&admin)
        .rsplit_once('/')
        .map(|(b, _)| b.to_string())
        .unwrap_or(admin.clone());
    Some(format!("{base}/{db}"))
}

/// `interdict ARGS` to run in `dir`, with its data directory in `dir/data`.
#[allow(dead_code)]
pub fn interdict_command(dir: &Path, args: &[&str]) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_interdict"));
    c.args(args)
        .env("INTERDICT_DATA_DIR", dir.join("data"))
        .current_dir(dir);
    c
}

/// Runs `interdict ARGS` in `dir`, with its data directory in `dir/data`.
#[allow(dead_code)]
pub fn interdict(dir: &Path, args: &[&str]) -> std::process::Output {
    interdict_command(dir, args).output().expect("runs")
}

/// The listed records a per-party result stands for: its id and its `referents`, sorted.
#[allow(dead_code)]
pub fn party_records(result: &serde_json::Value) -> Vec<String> {
    let mut ids: Vec<String> = result["referents"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(std::iter::once(&result["id"]))
        .map(|x| x.as_str().expect("ids are strings").to_string())
        .collect();
    ids.sort();
    ids
}
