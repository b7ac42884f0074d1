//! The real list files interdict's tests read, from the repository alone.
//!
//! [`lists_dir`] is a folder laid out like the shared list collection (`ofac_sdn/sdn.csv`,
//! `un/UN_consolidated.xml`, `uk/sanctionsconlist_2014-04-02.csv`, …), written by this
//! crate's build script from the compressed copies in `data/lists` and `tests/fixtures/lists`
//! (provenance and licences in their `PROVENANCE.md`). Files that may not ship with the
//! repository — the OpenSanctions exports (CC BY-NC 4.0) and the labelled development pairs —
//! are read from the shared collection beside it with [`shared`], and the tests that need
//! them say loudly when it is missing.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The folder of real list files. `INTERDICT_SHARED_LISTS` points the tests at another
/// collection of the same layout (a newer capture, say).
pub fn lists_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("INTERDICT_SHARED_LISTS") {
        return PathBuf::from(dir);
    }
    Path::new(env!("OUT_DIR")).join("lists")
}

/// A file of the shared data collection beside the repository (`../shared/data/<rel>`, or
/// under `INTERDICT_SHARED_DATA`), for data that may not ship in the repository. `None`,
/// announced on standard error with the test's name, when it is not there: on a fresh clone
/// those tests are skipped. In CI (`CI` set) a missing file fails the test, unless
/// `INTERDICT_TEST_WITHOUT_SHARED` says the run is the one that proves a clone alone passes.
pub fn shared(rel: &str, test: &str) -> Option<PathBuf> {
    let base = std::env::var_os("INTERDICT_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let path = base.join(rel);
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none()
            || std::env::var_os("INTERDICT_TEST_WITHOUT_SHARED").is_some(),
        "{test}: {} is missing, and CI must run every test (the shared data collection \
         belongs beside the repository, or set INTERDICT_SHARED_DATA)",
        path.display()
    );
    // Written to the standard error handle itself, not with `eprintln!`, which the test
    // harness captures for passing tests: a skip must be seen.
    let _ = writeln!(
        std::io::stderr(),
        "\n*** SKIPPED: {test} — it reads {rel} from the shared data collection, which is not \
         beside this repository ({}); set INTERDICT_SHARED_DATA to run it ***\n",
        path.display()
    );
    None
}

/// A third-party program a conformance test runs (promtool, Chromium): the path in the
/// environment variable `env` (`.ci/run` sets it), else `program` found on the `PATH`.
/// `None`, announced on standard error with the test's name and how to install it, when
/// neither is there; in CI (`CI` set) a missing program fails the test instead.
pub fn program(env: &str, program: &str, test: &str, install: &str) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(program))
            .find(|p| p.is_file())
    });
    if on_path.is_some() {
        return on_path;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: {program} is not installed, and CI must run every test (set {env})"
    );
    let _ = writeln!(
        std::io::stderr(),
        "\n*** SKIPPED: {test} — it runs {program}, which is not installed ({install}; or \
         set {env}) ***\n"
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_collection_layout_is_complete() {
        // Every file the bundled lists and the fixtures hold is in place, decompressed.
        let dir = lists_dir();
        for rel in [
            "ofac_sdn/sdn.csv",
            "ofac_sdn_2022-01/sdn.csv",
            "un/UN_consolidated.xml",
            "uk/sanctionsconlist_2014-04-02.csv",
            "us_csl/consolidated.csv",
            "ofac_non_sdn/CONS_ENHANCED.XML",
            "PROVENANCE.md",
        ] {
            let bytes = std::fs::read(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
            assert!(bytes.len() > 100, "{rel}");
            assert_ne!(&bytes[..2], &[0x1f, 0x8b], "{rel} is still gzip");
        }
    }
}
