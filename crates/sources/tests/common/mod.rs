//! The real list files the parser tests read (from the repository, see `interdict-testdata`).

/// The real list files, in the shared collection's layout (see `interdict-testdata`): in the
/// repository, so that these tests — the proof that the parsers work on real files — run on
/// any clone.
pub use interdict_testdata::lists_dir;

#[allow(dead_code)]
pub fn read(rel: &str) -> interdict_sources::SourceFile {
    interdict_sources::SourceFile::read(&lists_dir().join(rel)).expect(rel)
}

#[allow(dead_code)]
pub fn text(rel: &str) -> String {
    String::from_utf8_lossy(&std::fs::read(lists_dir().join(rel)).unwrap()).into_owned()
}
