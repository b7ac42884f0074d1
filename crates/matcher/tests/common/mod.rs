//! Helpers shared by the matcher's tests on real list files.

use interdict_model::Entity;
use interdict_sources::{parse_files, SourceFile};

/// The real list files, in the shared collection's layout (see `interdict-testdata`).
pub use interdict_testdata::lists_dir;

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
