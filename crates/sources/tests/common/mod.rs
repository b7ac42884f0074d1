//! Locating the real list files in `../shared/data/lists` (beside the repository).

use std::path::PathBuf;

/// The shared list folder. Tests that need it fail loudly when it is missing: they are the
/// proof that the parsers work on real files, so skipping them silently would hide breakage.
pub fn lists_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("INTERDICT_SHARED_LISTS") {
        return PathBuf::from(dir);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/lists");
    assert!(
        root.is_dir(),
        "the real list files are not at {} — clone the repository beside `shared/` or set \
         INTERDICT_SHARED_LISTS",
        root.display()
    );
    root
}

#[allow(dead_code)]
pub fn read(rel: &str) -> interdict_sources::SourceFile {
    interdict_sources::SourceFile::read(&lists_dir().join(rel)).expect(rel)
}

#[allow(dead_code)]
pub fn text(rel: &str) -> String {
    String::from_utf8_lossy(&std::fs::read(lists_dir().join(rel)).unwrap()).into_owned()
}
