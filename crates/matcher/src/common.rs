//! How common a name word is in the population, not on the lists: given names and surnames
//! that many people in some country carry ("Daniel", "Perez", "Wang"). A match that rests
//! only on such words proves little without a birth date or identifier.
//! The table is `data/reference/names/common-names.tsv` (CC0; see its PROVENANCE.md).

use crate::fxhash::FxHashSet;
use std::sync::OnceLock;

static TABLE: &str = include_str!("../../../data/reference/names/common-names.tsv");

/// The folds of every word of every common name.
fn folds() -> &'static FxHashSet<String> {
    static F: OnceLock<FxHashSet<String>> = OnceLock::new();
    F.get_or_init(|| {
        let mut m = FxHashSet::default();
        for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
            let Some(name) = line.split('\t').nth(3) else {
                continue;
            };
            for w in interdict_text::romanize(name).split(' ') {
                if w.len() >= 2 {
                    m.insert(interdict_text::fold(w));
                }
            }
        }
        m
    })
}

/// Whether a word (by its fold) is a common given name or surname somewhere.
pub(crate) fn is_common(fold: &str) -> bool {
    folds().contains(fold)
}

#[cfg(test)]
mod tests {
    #[test]
    fn common_names_are_known_and_rare_ones_are_not() {
        for w in ["daniel", "garcia", "wang", "mohammed", "smith"] {
            assert!(super::is_common(&interdict_text::fold(w)), "{w}");
        }
        for w in ["shagivaleev", "alabuga", "qaddafi"] {
            assert!(!super::is_common(&interdict_text::fold(w)), "{w}");
        }
        assert!(crate::names::is_common_name("PEREZ, Daniel"));
        assert!(crate::names::is_common_name("王伟"));
        assert!(!crate::names::is_common_name("Timur Nailevich SHAGIVALEEV"));
        assert!(!crate::names::is_common_name("Dr."));
    }
}
