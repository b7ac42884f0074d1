//! Pinned corpus statistics: how common each token and each index key is, counted once over
//! the bundled lists and shipped with the program (`data/matching/corpus-stats.tsv.gz`).
//!
//! Rarity decides how much a shared word counts ("trading" little, "alabuga" a lot) and
//! which listed names a query retrieves. Counting it over whatever lists happen to be loaded
//! would make every score depend on every other listed entity: importing a new list version
//! would move the scores of parties that did not change, and an alert could appear or
//! vanish with nothing about the customer or the listed party having changed. With the
//! counts pinned, a pair's score depends only on the two parties and the program version —
//! so a recorded score can be reproduced later, and `interdict rescreen` can prove which
//! records a list change cannot affect. Tokens and keys the pinned corpus never saw count
//! as the rarest (seen once).

use crate::fxhash::FxHashMap;
use crate::index::prepare_entities;
use crate::TokenStats;
use interdict_model::Entity;
use std::io::{BufRead, Read, Write};
use std::sync::OnceLock;

/// The shipped statistics, gzip-compressed TSV (see [`CorpusStats::to_tsv`]).
static BUNDLED: &[u8] = include_bytes!("../../../data/matching/corpus-stats.tsv.gz");

/// Token document frequencies and index-key posting counts over a corpus of listed names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CorpusStats {
    /// Token fold → how many names contain it, and the number of names.
    pub(crate) tokens: TokenStats,
    /// Index key → how many names have it (keys seen once are not stored: absent means 1).
    pub(crate) keys: FxHashMap<String, u32>,
}

impl CorpusStats {
    /// The statistics shipped with this build (counted over the bundled lists).
    pub fn bundled() -> &'static CorpusStats {
        static STATS: OnceLock<CorpusStats> = OnceLock::new();
        STATS.get_or_init(|| {
            let mut text = String::new();
            flate2::read::GzDecoder::new(BUNDLED)
                .read_to_string(&mut text)
                .expect("the shipped corpus statistics are gzip-compressed UTF-8");
            CorpusStats::from_tsv(text.as_bytes())
                .expect("the shipped corpus statistics are well-formed")
        })
    }

    /// Counts tokens and index keys over the names of `entities`, exactly as an index built
    /// over them would see them.
    pub fn count(entities: &[Entity]) -> CorpusStats {
        let p = prepare_entities(entities);
        let tokens = TokenStats::from_names(p.names.iter().map(|(_, _, n)| n));
        let keys = p
            .postings
            .into_iter()
            .filter(|(_, (_, v))| v.len() > 1)
            .map(|(k, (_, v))| (k, v.len() as u32))
            .collect();
        CorpusStats { tokens, keys }
    }

    /// Token statistics (for scoring).
    pub fn tokens(&self) -> &TokenStats {
        &self.tokens
    }

    /// How many names were counted.
    pub fn names(&self) -> usize {
        self.tokens.len()
    }

    /// How many names have index key `key` (1 for keys the corpus never saw).
    pub fn key_count(&self, key: &str) -> u32 {
        self.keys.get(key).copied().unwrap_or(1)
    }

    /// Writes the statistics as TSV, sorted so that the file is the same for the same
    /// corpus: `names\tN`, then `t\tFOLD\tCOUNT` and `k\tKEY\tCOUNT` lines.
    pub fn to_tsv(&self, out: &mut impl Write) -> std::io::Result<()> {
        writeln!(out, "names\t{}", self.tokens.len())?;
        let mut tokens: Vec<(&String, &u32)> = self.tokens.counts().collect();
        tokens.sort();
        for (t, n) in tokens {
            writeln!(out, "t\t{t}\t{n}")?;
        }
        let mut keys: Vec<(&String, &u32)> = self.keys.iter().collect();
        keys.sort();
        for (k, n) in keys {
            writeln!(out, "k\t{k}\t{n}")?;
        }
        Ok(())
    }

    /// Reads what [`CorpusStats::to_tsv`] wrote; the error names the line.
    pub fn from_tsv(input: impl BufRead) -> Result<CorpusStats, String> {
        let mut names = None;
        let mut df = FxHashMap::default();
        let mut keys = FxHashMap::default();
        for (i, line) in input.lines().enumerate() {
            let line = line.map_err(|e| format!("line {}: {e}", i + 1))?;
            let bad = || format!("line {}: expected names/t/k fields, got {line:?}", i + 1);
            let mut f = line.split('\t');
            match (f.next(), f.next(), f.next(), f.next()) {
                (Some("names"), Some(n), None, None) => {
                    names = Some(n.parse::<u32>().map_err(|_| bad())?);
                }
                (Some("t"), Some(t), Some(n), None) => {
                    df.insert(t.to_string(), n.parse().map_err(|_| bad())?);
                }
                (Some("k"), Some(k), Some(n), None) => {
                    keys.insert(k.to_string(), n.parse().map_err(|_| bad())?);
                }
                _ => return Err(bad()),
            }
        }
        let names = names.ok_or("no names line")?;
        Ok(CorpusStats {
            tokens: TokenStats::from_counts(df, names),
            keys,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tsv_form_reads_back_the_same() {
        let mut s = CorpusStats {
            tokens: TokenStats::from_counts(
                [("alabuga".to_string(), 3), ("ooo".to_string(), 900)]
                    .into_iter()
                    .collect(),
                1000,
            ),
            keys: FxHashMap::default(),
        };
        s.keys.insert("f:alabuga".to_string(), 3);
        let mut buf = Vec::new();
        s.to_tsv(&mut buf).unwrap();
        assert_eq!(CorpusStats::from_tsv(&buf[..]).unwrap(), s);
        assert_eq!(s.key_count("f:alabuga"), 3);
        assert_eq!(s.key_count("f:unseen"), 1);
    }

    #[test]
    fn a_broken_line_is_named() {
        let err = CorpusStats::from_tsv(&b"names\t3\nt\tx\tmany\n"[..]).unwrap_err();
        assert!(err.starts_with("line 2:"), "{err}");
        assert!(CorpusStats::from_tsv(&b"t\tx\t1\n"[..]).is_err());
    }

    #[test]
    fn the_shipped_statistics_load() {
        let s = CorpusStats::bundled();
        assert!(s.names() > 10_000, "{} names", s.names());
        assert!(s.key_count("f:mohamad") > 20 * s.key_count("f:alabuga"));
    }
}
