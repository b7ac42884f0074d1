//! Helpers shared by the matcher's tests on real list files.

use interdict_model::Entity;
use interdict_sources::{parse_files, SourceFile};
use std::path::PathBuf;

/// The real list files beside the repository (`../shared/data/lists`), or
/// `INTERDICT_SHARED_LISTS`. Tests fail loudly without them.
pub fn lists_dir() -> PathBuf {
    if let Ok(d) = std::env::var("INTERDICT_SHARED_LISTS") {
        return PathBuf::from(d);
    }
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/lists");
    assert!(d.is_dir(), "real list files not found at {}", d.display());
    d
}

/// The entities of list files (paths relative to [`lists_dir`]), parsed as one set.
pub fn parse(files: &[&str]) -> Vec<Entity> {
    let files: Vec<SourceFile> = files
        .iter()
        .map(|f| SourceFile::read(&lists_dir().join(f)).unwrap())
        .collect();
    parse_files(&files, None, None)
        .unwrap()
        .into_iter()
        .flat_map(|p| p.entities)
        .collect()
}
