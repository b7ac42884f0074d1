//! Helpers shared by the end-to-end tests.

use std::path::PathBuf;

/// The real list files beside the repository (`../shared/data/lists`), or
/// `INTERDICT_SHARED_LISTS`. Tests fail loudly without them.
pub fn lists_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("INTERDICT_SHARED_LISTS") {
        return PathBuf::from(dir);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/lists");
    assert!(
        root.is_dir(),
        "real list files not found at {}",
        root.display()
    );
    root
}
