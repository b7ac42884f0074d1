//! Whole-name trigram similarity for the retrieval re-rank: the Dice coefficient of two
//! names' padded character trigrams, measured between a query and a hundred-odd gathered
//! listed names per query.
//!
//! Listed trigrams are numbered once (a few thousand distinct on the bundled lists), so a
//! listed name is a short row of 16-bit numbers — one cache line for nearly every name —
//! and a query is a bit set over those numbers: each trigram is one bit test, without the
//! hashing and probing of a set of raw trigrams. Every result is exactly the Dice
//! coefficient of the raw trigram sets; a name with a trigram the numbering has no room for
//! keeps its raw trigrams and is measured against a table of the query's.

use crate::fxhash::FxHashMap;

/// Sorted, deduplicated padded character trigrams of `s`, three bytes packed in 24 bits.
pub(crate) fn trigrams(s: &str) -> Vec<u32> {
    let b = s.as_bytes();
    let mut padded = Vec::with_capacity(b.len() + 2);
    padded.push(b'^');
    padded.extend_from_slice(b);
    padded.push(b'$');
    let mut out: Vec<u32> = padded
        .windows(3)
        .map(|w| (w[0] as u32) << 16 | (w[1] as u32) << 8 | w[2] as u32)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The Dice coefficient from the number of shared trigrams and the two set sizes.
fn dice_of(shared: usize, a: usize, b: usize) -> f64 {
    if a == 0 || b == 0 {
        return 0.0;
    }
    2.0 * shared as f64 / (a + b) as f64
}

/// Dice coefficient of two sorted sets (the reference the faster forms are tested against).
#[cfg(test)]
fn dice(a: &[u32], b: &[u32]) -> f64 {
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    dice_of(shared, a.len(), b.len())
}

/// A set of raw trigrams in a small open-addressing table (for the listed names whose
/// trigrams are not all numbered).
struct GramSet {
    len: usize,
    /// Power-of-two sized, at most half full.
    table: Vec<u32>,
}

impl GramSet {
    /// No trigram (three bytes packed in 24 bits) has this value.
    const EMPTY: u32 = u32::MAX;

    fn new(grams: &[u32]) -> GramSet {
        let size = (2 * grams.len()).next_power_of_two().max(64);
        let mut set = GramSet {
            len: 0,
            table: vec![Self::EMPTY; size],
        };
        for &g in grams {
            let mut i = set.slot(g);
            while set.table[i] != Self::EMPTY && set.table[i] != g {
                i = (i + 1) & (size - 1);
            }
            if set.table[i] == Self::EMPTY {
                set.table[i] = g;
                set.len += 1;
            }
        }
        set
    }

    fn slot(&self, g: u32) -> usize {
        (g.wrapping_mul(0x9E37_79B1) >> 12) as usize & (self.table.len() - 1)
    }

    fn contains(&self, g: u32) -> bool {
        let mask = self.table.len() - 1;
        let mut i = self.slot(g);
        loop {
            let t = self.table[i];
            if t == g {
                return true;
            }
            if t == Self::EMPTY {
                return false;
            }
            i = (i + 1) & mask;
        }
    }
}

/// One listed name's trigrams in one cache line: the re-rank reads the trigrams of a
/// hundred-odd scattered names per query, so each costs one memory round trip. Longer
/// names, and names with a trigram that has no number, keep their trigrams elsewhere.
#[derive(Debug, Clone, Copy)]
#[repr(C, align(64))]
struct GramLine {
    /// [`GramLine::INLINE_IDS`], [`GramLine::OVERFLOW_IDS`] or [`GramLine::RAW`].
    kind: u16,
    /// Inline: how many trigram numbers `data` starts with.
    len: u16,
    /// Inline: the trigram numbers. Otherwise the first four entries hold the offset and
    /// the length (each a u32, low half first) of the name's trigrams in the overflow
    /// (numbers) or raw (trigrams) table.
    data: [u16; GramLine::INLINE],
}

impl GramLine {
    const INLINE: usize = 30;
    const INLINE_IDS: u16 = 0;
    const OVERFLOW_IDS: u16 = 1;
    const RAW: u16 = 2;

    fn inline(ids: &[u16]) -> GramLine {
        let mut data = [0u16; GramLine::INLINE];
        data[..ids.len()].copy_from_slice(ids);
        GramLine {
            kind: GramLine::INLINE_IDS,
            len: ids.len() as u16,
            data,
        }
    }

    fn elsewhere(kind: u16, offset: usize, len: usize) -> GramLine {
        let (offset, len) = (offset as u32, len as u32);
        let mut data = [0u16; GramLine::INLINE];
        data[0] = offset as u16;
        data[1] = (offset >> 16) as u16;
        data[2] = len as u16;
        data[3] = (len >> 16) as u16;
        GramLine { kind, len: 0, data }
    }

    /// (offset, length) of a name stored elsewhere.
    fn span(&self) -> (usize, usize) {
        let d = &self.data;
        let offset = u32::from(d[0]) | u32::from(d[1]) << 16;
        let len = u32::from(d[2]) | u32::from(d[3]) << 16;
        (offset as usize, len as usize)
    }
}

/// Every listed name's trigrams, numbered.
#[derive(Debug, Default)]
pub(crate) struct GramTable {
    /// Raw trigram → its number.
    ids: FxHashMap<u32, u16>,
    /// One line per listed name.
    lines: Vec<GramLine>,
    /// Trigram numbers of names with more than [`GramLine::INLINE`].
    overflow: Vec<u16>,
    /// Raw trigrams of names with a trigram that has no number.
    raw: Vec<u32>,
}

/// One query name's trigrams, ready to be measured against listed names.
pub(crate) struct QueryGrams {
    /// How many distinct trigrams the name has.
    len: usize,
    /// A bit per trigram number: the name has that trigram. Room for every number a
    /// trigram can have, so reading a bit needs no bounds check. Borrowed from the
    /// thread's spare sets and given back cleared (zeroing 8 KiB per query name cost more
    /// than a tenth of the re-rank).
    bits: Option<Box<[u64; 1 << 10]>>,
    /// The words of `bits` that have a bit set, to clear on drop.
    words: Vec<u16>,
    /// The raw trigrams, for listed names stored raw (made only when the table has any).
    raw: Option<GramSet>,
}

thread_local! {
    /// Cleared bit sets that dropped [`QueryGrams`] gave back.
    static SPARE_BITS: std::cell::RefCell<Vec<Box<[u64; 1 << 10]>>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// A thread keeps at most this many cleared bit sets (a query holds one per name).
const MAX_SPARE_BITS: usize = 16;

impl Drop for QueryGrams {
    fn drop(&mut self) {
        let Some(mut bits) = self.bits.take() else {
            return;
        };
        for &w in &self.words {
            bits[usize::from(w)] = 0;
        }
        debug_assert!(bits.iter().all(|&w| w == 0));
        let _ = SPARE_BITS.try_with(|spare| {
            let mut spare = spare.borrow_mut();
            if spare.len() < MAX_SPARE_BITS {
                spare.push(bits);
            }
        });
    }
}

impl GramTable {
    /// Numbers every trigram of the listed names (`compacts`, in name-id order), up to
    /// `max_ids` numbers (at most 65,536); a name with a trigram past that is stored raw.
    pub(crate) fn new<'a>(compacts: impl Iterator<Item = &'a str>, max_ids: usize) -> GramTable {
        let max_ids = max_ids.min(usize::from(u16::MAX) + 1);
        let mut table = GramTable::default();
        let mut ids = Vec::new();
        for compact in compacts {
            let grams = trigrams(compact);
            ids.clear();
            for &g in &grams {
                let next = table.ids.len();
                match table.ids.get(&g) {
                    Some(&id) => ids.push(id),
                    None if next < max_ids => {
                        table.ids.insert(g, next as u16);
                        ids.push(next as u16);
                    }
                    None => break,
                }
            }
            let line = if ids.len() < grams.len() {
                let line = GramLine::elsewhere(GramLine::RAW, table.raw.len(), grams.len());
                table.raw.extend_from_slice(&grams);
                line
            } else if ids.len() <= GramLine::INLINE {
                GramLine::inline(&ids)
            } else {
                let line =
                    GramLine::elsewhere(GramLine::OVERFLOW_IDS, table.overflow.len(), ids.len());
                table.overflow.extend_from_slice(&ids);
                line
            };
            table.lines.push(line);
        }
        table.ids.shrink_to_fit();
        table
    }

    /// A query name's trigrams, for [`GramTable::dice`].
    pub(crate) fn query(&self, compact: &str) -> QueryGrams {
        let grams = trigrams(compact);
        let mut bits = SPARE_BITS
            .try_with(|spare| spare.borrow_mut().pop())
            .ok()
            .flatten()
            .unwrap_or_else(|| Box::new([0u64; 1 << 10]));
        let mut words = Vec::with_capacity(grams.len());
        for g in &grams {
            if let Some(&id) = self.ids.get(g) {
                let w = usize::from(id >> 6);
                if bits[w] == 0 {
                    words.push(w as u16);
                }
                bits[w] |= 1 << (id % 64);
            }
        }
        QueryGrams {
            len: grams.len(),
            bits: Some(bits),
            words,
            raw: (!self.raw.is_empty()).then(|| GramSet::new(&grams)),
        }
    }

    /// Asks the processor for listed name `name`'s line (see `prefetch::prefetch`).
    pub(crate) fn prefetch(&self, name: u32) {
        crate::prefetch::prefetch(&self.lines[name as usize]);
    }

    /// The Dice coefficient of a query name's trigrams and listed name `name`'s.
    pub(crate) fn dice(&self, q: &QueryGrams, name: u32) -> f64 {
        let line = &self.lines[name as usize];
        let ids: &[u16] = match line.kind {
            GramLine::INLINE_IDS => &line.data[..usize::from(line.len)],
            GramLine::OVERFLOW_IDS => {
                let (offset, len) = line.span();
                &self.overflow[offset..offset + len]
            }
            _ => {
                let (offset, len) = line.span();
                let raw = &self.raw[offset..offset + len];
                let set = q
                    .raw
                    .as_ref()
                    .expect("a query of a table with raw names has its raw set");
                let shared = raw.iter().filter(|&&g| set.contains(g)).count();
                return dice_of(shared, q.len, raw.len());
            }
        };
        let bits = q
            .bits
            .as_deref()
            .expect("a query's bit set lives until it drops");
        let shared: u32 = ids
            .iter()
            .map(|&id| (bits[usize::from(id >> 6)] >> (id % 64)) as u32 & 1)
            .sum();
        dice_of(shared as usize, q.len, ids.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_one_cache_line() {
        assert_eq!(std::mem::size_of::<GramLine>(), 64);
    }

    #[test]
    fn the_numbered_dice_is_the_merge_dice() {
        // Every trigram of three letters: a name longer than any line.
        let long: String = (b'a'..=b'z')
            .flat_map(|x| (b'a'..=b'z').map(move |y| [x, y, b'a' + (x + y) % 26]))
            .map(|t| String::from_utf8(t.to_vec()).unwrap())
            .collect();
        let listed = [
            "alabuga",
            "aooezpptalabuga",
            "aooezpptalabugaspecialeconomiczone",
            long.as_str(),
            "shagivaleevtimur",
            "",
            "a",
            "kupol",
            "iemzkupol",
            "zalaaero",
            "xijinping",
            "Ñandú",
        ];
        let queries = [
            "alabuga",
            "timurshagivaleev",
            "zalaaerogroup",
            "jinpingxi",
            "",
            "q",
            "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq",
            long.as_str(),
            "nandu",
            "Ñandú",
        ];
        // Room for every trigram, for only a few (later names stored raw), for none.
        for max_ids in [usize::MAX, 12, 0] {
            let table = GramTable::new(listed.iter().copied(), max_ids);
            if max_ids == 12 {
                assert!(table.lines.iter().any(|l| l.kind == GramLine::INLINE_IDS));
                assert!(table.lines.iter().any(|l| l.kind == GramLine::RAW));
            } else if max_ids == usize::MAX {
                assert!(table.lines.iter().any(|l| l.kind == GramLine::OVERFLOW_IDS));
            }
            // Each query's bit set goes back to the thread's spares when it drops and the
            // next query reuses it: a bit left set would show here.
            for q in queries {
                let qg = table.query(q);
                for (id, l) in listed.iter().enumerate() {
                    assert_eq!(
                        table.dice(&qg, id as u32),
                        dice(&trigrams(q), &trigrams(l)),
                        "{q} / {l}, {max_ids} numbers"
                    );
                }
            }
        }
    }
}
