//! Allocation-free Jaro-Winkler and Levenshtein for the short ASCII strings the matcher
//! compares (romanized name tokens). The general-purpose `strsim` versions allocate on every
//! call, which dominated query time; these use stack buffers and fall back to `strsim` for
//! strings longer than [`MAX`] bytes or not ASCII.

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

fn jaro(x: &[u8], y: &[u8]) -> f64 {
    if x.is_empty() && y.is_empty() {
        return 1.0;
    }
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let window = (x.len().max(y.len()) / 2).saturating_sub(1);
    let mut x_match = [false; MAX];
    let mut y_match = [false; MAX];
    let mut matches = 0usize;
    for (i, &c) in x.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(y.len());
        for j in lo..hi {
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
    let mut transpositions = 0usize;
    let mut k = 0;
    for (i, &c) in x.iter().enumerate() {
        if x_match[i] {
            while !y_match[k] {
                k += 1;
            }
            if c != y[k] {
                transpositions += 1;
            }
            k += 1;
        }
    }
    let m = matches as f64;
    (m / x.len() as f64 + m / y.len() as f64 + (m - transpositions as f64 / 2.0) / m) / 3.0
}

/// Levenshtein distance.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if x.len() > MAX || y.len() > MAX || !a.is_ascii() || !b.is_ascii() {
        return strsim::levenshtein(a, b);
    }
    let mut row = [0usize; MAX + 1];
    for (j, slot) in row.iter_mut().enumerate().take(y.len() + 1) {
        *slot = j;
    }
    for (i, &c) in x.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for j in 0..y.len() {
            let cur = row[j + 1];
            let cost = usize::from(c != y[j]);
            row[j + 1] = (prev + cost).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[y.len()]
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
}
