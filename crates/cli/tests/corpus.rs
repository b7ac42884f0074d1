//! The shipped rarity counts (`data/matching/corpus-stats.tsv.gz`) must be the counts over
//! the bundled lists: updating a bundled list without regenerating them fails here.

mod common;

use common::{lists_dir, TempDir};
use std::path::Path;

use common::interdict as run;

#[test]
fn shipped_counts_are_the_bundled_lists_counts() {
    let t = TempDir::new("corpus");
    let dir: &Path = &t;
    let o = run(dir, &["eval", "corpus-stats"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{out}{}\nregenerate with: interdict --data-dir \"$(mktemp -d)\" eval corpus-stats -o data/matching/corpus-stats.tsv.gz",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.contains(" names counted"), "{out}");
    // Written again, the file is the shipped one, byte for byte.
    let o = run(dir, &["eval", "corpus-stats", "-o", "counts.tsv.gz"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let shipped = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/matching/corpus-stats.tsv.gz"),
    )
    .unwrap();
    assert!(std::fs::read(dir.join("counts.tsv.gz")).unwrap() == shipped);

    // Other lists give other counts, and the check says so.
    let l = lists_dir().join("ofac_sdn_2022-01");
    let files: Vec<String> = ["sdn.csv", "add.csv", "alt.csv"]
        .iter()
        .map(|f| l.join(f).display().to_string())
        .collect();
    let mut args = vec![
        "import",
        "--list",
        "us_ofac_sdn",
        "--published",
        "2022-01-14",
        "--max-drop",
        "1",
    ];
    args.extend(files.iter().map(String::as_str));
    assert!(run(dir, &args).status.success());
    let o = run(dir, &["eval", "corpus-stats"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("do not give"));
}
