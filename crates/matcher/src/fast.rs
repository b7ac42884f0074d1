//! Allocation-free Jaro-Winkler and Levenshtein for the short ASCII strings the matcher
//! compares (romanized name tokens). The general-purpose `strsim` versions allocate on every
//! call, which dominated query time; these keep each string's letter positions in one 64-bit
//! word per letter (bit-parallel) and fall back to `strsim` for strings longer than [`MAX`]
//! bytes or not ASCII. Levenshtein gives exactly `strsim`'s distances; Jaro counts half
//! transpositions as strsim does not (`t / 2.0`, not `t / 2`), as this matcher always has —
//! both tested against the textbook loops on random strings.

const MAX: usize = 64;

/// Jaro-Winkler similarity (prefix scale 0.1, up to 4 characters).
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if x.len() > MAX || y.len() > MAX || !a.is_ascii() || !b.is_ascii() {
        return strsim::jaro_winkler(a, b);
    }
    let j = jaro(x, y);
    // As in strsim (and Winkler): the prefix boost applies above 0.7 only.
    if j <= 0.7 {
        return j;
    }
    let prefix = x.iter().zip(y).take(4).take_while(|(p, q)| p == q).count();
    j + prefix as f64 * 0.1 * (1.0 - j)
}

/// The bits below position `n` (all 64 when `n` ≥ 64).
fn bits_below(n: usize) -> u64 {
    if n >= 64 {
        u64::MAX
    } else {
        (1u64 << n) - 1
    }
}

/// For each ASCII byte, the positions of `s` (at most 64 bytes) holding it, one bit each.
fn positions(s: &[u8]) -> [u64; 128] {
    let mut peq = [0u64; 128];
    for (j, &c) in s.iter().enumerate() {
        peq[usize::from(c & 0x7f)] |= 1u64 << j;
    }
    peq
}

/// Jaro similarity of two ASCII strings of at most [`MAX`] bytes, with bit sets instead of
/// scans: each letter of `x` takes the first free position of `y` holding the same letter
/// within the window — what the textbook loop does, in a few word operations.
fn jaro(x: &[u8], y: &[u8]) -> f64 {
    if x.is_empty() && y.is_empty() {
        return 1.0;
    }
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let window = (x.len().max(y.len()) / 2).saturating_sub(1);
    let peq = positions(y);
    let (mut x_matched, mut y_matched) = (0u64, 0u64);
    for (i, &c) in x.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(y.len());
        if lo >= hi {
            continue;
        }
        let free = peq[usize::from(c & 0x7f)] & !y_matched & bits_below(hi) & !bits_below(lo);
        if free != 0 {
            // The lowest free position, as the scan from `lo` upwards finds it.
            y_matched |= free & free.wrapping_neg();
            x_matched |= 1u64 << i;
        }
    }
    let matches = x_matched.count_ones();
    if matches == 0 {
        return 0.0;
    }
    // The k-th matched letter of `x` against the k-th matched letter of `y`.
    let mut transpositions = 0u32;
    let (mut xs, mut ys) = (x_matched, y_matched);
    while xs != 0 {
        let (i, j) = (xs.trailing_zeros() as usize, ys.trailing_zeros() as usize);
        if x[i] != y[j] {
            transpositions += 1;
        }
        xs &= xs - 1;
        ys &= ys - 1;
    }
    let m = f64::from(matches);
    (m / x.len() as f64 + m / y.len() as f64 + (m - f64::from(transpositions) / 2.0) / m) / 3.0
}

/// Levenshtein distance.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if x.len() > MAX || y.len() > MAX || !a.is_ascii() || !b.is_ascii() {
        return strsim::levenshtein(a, b);
    }
    if x.is_empty() || y.is_empty() {
        return x.len().max(y.len());
    }
    // Myers' bit-parallel algorithm (in Hyyrö's formulation for the edit distance): one
    // column of the distance table is kept as vertical +1/−1 deltas in two words, and each
    // letter of `y` advances it with a handful of word operations instead of `x.len()` cells.
    let peq = positions(x);
    let last = 1u64 << (x.len() - 1);
    let (mut pv, mut mv) = (u64::MAX, 0u64);
    let mut distance = x.len();
    for &c in y {
        let eq = peq[usize::from(c & 0x7f)];
        let xv = eq | mv;
        let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
        let ph = mv | !(xh | pv);
        let mh = pv & xh;
        if ph & last != 0 {
            distance += 1;
        } else if mh & last != 0 {
            distance -= 1;
        }
        let ph = (ph << 1) | 1;
        let mh = mh << 1;
        pv = mh | !(xv | ph);
        mv = ph & xv;
    }
    distance
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_strsim() {
        let words = [
            "martha",
            "marhta",
            "dixon",
            "dicksonx",
            "",
            "a",
            "shagivaleev",
            "shagivalev",
            "abdulrahman",
            "rahman",
            "xijinping",
        ];
        for a in words {
            for b in words {
                assert!(
                    (jaro_winkler(a, b) - strsim::jaro_winkler(a, b)).abs() < 1e-9,
                    "{a} {b}"
                );
                assert_eq!(levenshtein(a, b), strsim::levenshtein(a, b), "{a} {b}");
            }
        }
    }

    /// The scan this module's `jaro` replaces, kept as its reference.
    fn textbook_jaro(a: &str, b: &str) -> f64 {
        let (x, y) = (a.as_bytes(), b.as_bytes());
        if x.is_empty() || y.is_empty() {
            return if x.len() == y.len() { 1.0 } else { 0.0 };
        }
        let window = (x.len().max(y.len()) / 2).saturating_sub(1);
        let (mut x_match, mut y_match) = (vec![false; x.len()], vec![false; y.len()]);
        let mut matches = 0usize;
        for (i, &c) in x.iter().enumerate() {
            for j in i.saturating_sub(window)..(i + window + 1).min(y.len()) {
                if !y_match[j] && y[j] == c {
                    x_match[i] = true;
                    y_match[j] = true;
                    matches += 1;
                    break;
                }
            }
        }
        if matches == 0 {
            return 0.0;
        }
        let matched_y: Vec<u8> = (0..y.len()).filter(|&j| y_match[j]).map(|j| y[j]).collect();
        let matched_x = (0..x.len()).filter(|&i| x_match[i]).map(|i| x[i]);
        let transpositions = matched_x.zip(matched_y).filter(|(p, q)| p != q).count();
        let m = matches as f64;
        (m / x.len() as f64 + m / y.len() as f64 + (m - transpositions as f64 / 2.0) / m) / 3.0
    }

    #[test]
    fn agrees_with_the_textbook_loops_on_random_strings() {
        // Small alphabets make repeated letters, transpositions and long matches common;
        // lengths run past 64 bytes into the fallback.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let word = |next: &mut dyn FnMut(u64) -> u64| {
            let alphabet: &[u8] = [
                b"ab".as_slice(),
                b"abcd",
                b"aeiourstn",
                b"abcdefghijklmnopqrstuvwxyz0",
            ][next(4) as usize];
            let len = if next(10) == 0 { next(70) } else { next(14) } as usize;
            (0..len)
                .map(|_| char::from(alphabet[next(alphabet.len() as u64) as usize]))
                .collect::<String>()
        };
        for _ in 0..20_000 {
            let a = word(&mut next);
            let b = if next(3) == 0 {
                a.chars().rev().collect()
            } else {
                word(&mut next)
            };
            if a.len() <= MAX && b.len() <= MAX {
                assert_eq!(
                    jaro(a.as_bytes(), b.as_bytes()),
                    textbook_jaro(&a, &b),
                    "{a} {b}"
                );
            }
            assert_eq!(levenshtein(&a, &b), strsim::levenshtein(&a, &b), "{a} {b}");
        }
    }
}
