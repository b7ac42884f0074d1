//! How much each token of a name counts: its class (a word, an initial, a legal form…)
//! scaled by how rare it is among listed names.

use crate::fxhash::FxHashMap;
use crate::names::{PreparedName, Token, TokenClass};

/// How common each token fold is among listed names; rare tokens carry a match, common
/// ones ("company", "trading", "mohammed") do not.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct TokenStats {
    df: FxHashMap<String, u32>,
    names: u32,
}

impl TokenStats {
    /// Counts token folds over a set of prepared names.
    pub fn from_names<'a>(names: impl IntoIterator<Item = &'a PreparedName>) -> TokenStats {
        let mut s = TokenStats::default();
        for n in names {
            s.names += 1;
            let mut seen: Vec<&str> = Vec::new();
            for t in &n.tokens {
                if !seen.contains(&t.fold.as_str()) {
                    seen.push(&t.fold);
                    *s.df.entry(t.fold.to_string()).or_insert(0) += 1;
                }
            }
        }
        s
    }

    /// Statistics from counts already made: token fold → names containing it, and the number
    /// of names.
    pub(crate) fn from_counts(df: FxHashMap<String, u32>, names: u32) -> TokenStats {
        TokenStats { df, names }
    }

    /// Every counted token fold with the number of names containing it.
    pub fn counts(&self) -> impl Iterator<Item = (&String, &u32)> {
        self.df.iter()
    }

    /// Inverse document frequency scaled to (0, 1]: 1 for tokens never seen in the lists.
    pub fn idf(&self, fold: &str) -> f64 {
        let n = self.names.max(1) as f64;
        let df = self.df.get(fold).copied().unwrap_or(0) as f64;
        ((n + 1.0) / (df + 1.0)).ln() / (n + 1.0).ln()
    }

    /// How many counted names contain the token fold.
    pub fn count(&self, fold: &str) -> u32 {
        self.df.get(fold).copied().unwrap_or(0)
    }

    /// How many names were counted.
    pub fn len(&self) -> usize {
        self.names as usize
    }

    /// True when no names were counted.
    pub fn is_empty(&self) -> bool {
        self.names == 0
    }
}

/// The weight of one token: its class, scaled by rarity.
pub fn token_weight(t: &Token, stats: &TokenStats) -> f64 {
    if !t.weight.is_nan() {
        return t.weight;
    }
    let class = match t.class {
        TokenClass::Word => 1.0,
        TokenClass::Number => 1.2,
        TokenClass::Initial => 0.35,
        TokenClass::Particle => 0.2,
        TokenClass::Symbol => 0.3,
        TokenClass::LegalForm => 0.15,
        TokenClass::Title => 0.05,
        TokenClass::Stop => 0.05,
    };
    let rarity = if stats.is_empty() {
        1.0
    } else {
        0.35 + 0.65 * stats.idf(&t.fold)
    };
    class * rarity
}

impl PreparedName {
    /// Fills each token's cached weight from the lists' statistics.
    pub fn set_weights(&mut self, stats: &TokenStats) {
        for t in &mut self.tokens {
            t.weight = token_weight(t, stats);
        }
    }
}
