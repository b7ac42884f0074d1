//! Fuzz target: the UkConListCsv parser must return entities or an error for any input, never panic.
#![no_main]

use interdict_sources::{parse_files, Format, SourceFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = SourceFile {
        name: "fuzz-input".into(),
        bytes: data.to_vec(),
    };
    let _ = parse_files(&[file], Some(Format::UkConListCsv), None);
});
