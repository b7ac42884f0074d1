//! Writes the real list files the tests read into `OUT_DIR/lists`, in the layout of the shared
//! list collection (`ofac_sdn/sdn.csv`, `un/UN_consolidated.xml`, …): the files the bundled
//! lists already hold come from `data/lists`, the others from `tests/fixtures/lists`, all
//! stored gzip-compressed in the repository and written here as the publishers' bytes.

use flate2::read::GzDecoder;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Collection files the bundled lists hold, byte for byte (see `data/lists/PROVENANCE.md`):
/// their place in the collection, and the bundled copy.
const BUNDLED: &[(&str, &str)] = &[
    ("ofac_sdn/sdn.csv", "us_ofac_sdn/sdn.csv.gz"),
    ("ofac_sdn/add.csv", "us_ofac_sdn/add.csv.gz"),
    ("ofac_sdn/alt.csv", "us_ofac_sdn/alt.csv.gz"),
    (
        "ofac_sdn/sdn_comments.csv",
        "us_ofac_sdn/sdn_comments.csv.gz",
    ),
    (
        "ofac_non_sdn/cons_prim.csv",
        "us_ofac_cons/cons_prim.csv.gz",
    ),
    ("ofac_non_sdn/cons_add.csv", "us_ofac_cons/cons_add.csv.gz"),
    ("ofac_non_sdn/cons_alt.csv", "us_ofac_cons/cons_alt.csv.gz"),
    (
        "ofac_non_sdn/cons_comments.csv",
        "us_ofac_cons/cons_comments.csv.gz",
    ),
    (
        "un/UN_consolidated.xml",
        "un_sc_sanctions/UN_consolidated.xml.gz",
    ),
    ("us_bis/dpl.txt", "us_bis_denied/dpl.txt.gz"),
    (
        "us_csl/consolidated_excerpt_2025.csv",
        "us_trade_csl/consolidated_excerpt_2025.csv.gz",
    ),
    (
        "eu_fsf/eu_fsf_1_1_excerpt_2026-08-05.xml",
        "eu_fsf/eu_fsf_1_1_excerpt_2026-08-05.xml.gz",
    ),
    (
        "uk/UK-Sanctions-List_excerpt_2026-08-14.xml",
        "gb_fcdo_sanctions/UK-Sanctions-List_excerpt_2026-08-14.xml.gz",
    ),
    (
        "uk/sanctionsconlist_2018-04-13.csv",
        "gb_hmt_sanctions/sanctionsconlist_2018-04-13.csv.gz",
    ),
];

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join("../..");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("lists");
    let fixtures = root.join("tests/fixtures/lists");
    let bundled = root.join("data/lists");
    println!("cargo:rerun-if-changed={}", fixtures.display());
    println!("cargo:rerun-if-changed={}", bundled.display());
    if out.exists() {
        fs::remove_dir_all(&out).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    }
    for file in files(&fixtures) {
        let rel = file.strip_prefix(&fixtures).expect("under the fixtures");
        let rel = rel.to_str().expect("fixture paths are UTF-8");
        write(&out.join(rel.strip_suffix(".gz").unwrap_or(rel)), &file);
    }
    for (place, copy) in BUNDLED {
        write(&out.join(place), &bundled.join(copy));
    }
}

/// Every file under `dir`, recursively, in a stable order.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut all = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a readable directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            all.extend(files(&p));
        } else {
            all.push(p);
        }
    }
    all
}

/// Writes `from` to `to`, decompressed if it is gzip.
fn write(to: &Path, from: &Path) {
    let raw = fs::read(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    let bytes = if from.extension().is_some_and(|x| x == "gz") {
        let mut b = Vec::new();
        GzDecoder::new(&raw[..])
            .read_to_end(&mut b)
            .unwrap_or_else(|e| panic!("{}: not gzip: {e}", from.display()));
        b
    } else {
        raw
    };
    fs::create_dir_all(to.parent().expect("a file has a folder"))
        .unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    fs::write(to, bytes).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
}
