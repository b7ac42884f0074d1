//! Ownership shares as registries and lists write them: an exact percentage ("49", "50.5 %"),
//! a range ("25-50", "25 to 50 percent"), a UK PSC band ("more than 25% but not more than
//! 50%", "ownership-of-shares-50-to-75-percent"), or nothing at all. A share is kept as the
//! bounds it may lie between, so that a verdict can say "possibly" where a range straddles a
//! threshold.

use serde::Serialize;

/// How far past a bound an open bound ("more than 50 %") sits, as a fraction.
const OPEN: f64 = 1e-6;

/// A share of ownership, as the fractions it lies between (0.0–1.0).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Share {
    /// The least it may be.
    pub min: f64,
    /// The most it may be.
    pub max: f64,
}

impl Share {
    /// An exactly known share.
    pub fn exact(fraction: f64) -> Share {
        Share {
            min: fraction,
            max: fraction,
        }
    }

    /// A share nobody stated: anything from nothing to all.
    pub const UNKNOWN: Share = Share { min: 0.0, max: 1.0 };

    /// Whether the share is known to one value.
    pub fn is_exact(&self) -> bool {
        (self.max - self.min).abs() < 1e-12
    }

    /// The share in words: "50 %", "25–50 %", "unknown".
    pub fn describe(&self) -> String {
        let pct = |f: f64| {
            let p = f * 100.0;
            if (p - p.round()).abs() < 1e-3 {
                format!("{}", p.round())
            } else {
                format!("{:.2}", p)
            }
        };
        if *self == Share::UNKNOWN {
            "unknown".to_string()
        } else if self.is_exact() {
            format!("{} %", pct(self.min))
        } else {
            format!("{}–{} %", pct(self.min), pct(self.max))
        }
    }
}

/// Why a share could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareError(pub String);

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads a share written as a percentage, a range or a band. Blank text is
/// [`Share::UNKNOWN`]; text with no number in it, or a percentage outside 0–100, is an error
/// saying so.
///
/// ```
/// use interdict_ownership::share::{parse, Share};
/// assert_eq!(parse("50").unwrap(), Share::exact(0.5));
/// assert_eq!(parse("25 to 50 percent").unwrap(), Share { min: 0.25, max: 0.5 });
/// let band = parse("more than 50% but less than 75%").unwrap();
/// assert!(band.min > 0.5 && band.max < 0.75);
/// assert_eq!(parse("").unwrap(), Share::UNKNOWN);
/// ```
pub fn parse(text: &str) -> Result<Share, ShareError> {
    let t = text.trim().to_lowercase();
    if t.is_empty() || t == "unknown" || t == "n/a" {
        return Ok(Share::UNKNOWN);
    }
    let numbers = numbers(&t);
    let check = |p: f64| -> Result<f64, ShareError> {
        if !(0.0..=100.0).contains(&p) || p.is_nan() {
            Err(ShareError(format!(
                "share {p} is outside 0–100 % in {text:?}"
            )))
        } else {
            Ok(p / 100.0)
        }
    };
    let more = |s: &str| s.contains("more than") || s.contains("over ") || s.starts_with('>');
    let less = |s: &str| s.contains("less than") || s.contains("under ") || s.starts_with('<');
    match numbers.as_slice() {
        [] => Err(ShareError(format!(
            "no percentage in {text:?} (write 49, 49.5 %, 25-50 or a PSC band)"
        ))),
        [(p, _)] => {
            let f = check(*p)?;
            if more(&t) {
                Ok(Share {
                    min: (f + OPEN).min(1.0),
                    max: 1.0,
                })
            } else if t.contains("or more") || t.starts_with(">=") || t.contains("at least") {
                Ok(Share { min: f, max: 1.0 })
            } else if less(&t) {
                Ok(Share {
                    min: 0.0,
                    max: (f - OPEN).max(0.0),
                })
            } else if t.contains("or less") || t.starts_with("<=") || t.contains("at most") {
                Ok(Share { min: 0.0, max: f })
            } else {
                Ok(Share::exact(f))
            }
        }
        [(a, a_at), (b, _), ..] => {
            let (lo, hi) = (check(*a)?, check(*b)?);
            if lo > hi {
                return Err(ShareError(format!(
                    "range {a}–{b} runs backwards in {text:?}"
                )));
            }
            // "more than 25% but not more than 50%": the lower bound open, the upper closed.
            let head = &t[..*a_at];
            let mid = &t[*a_at..];
            let lo = if more(head) || head.contains("over") {
                lo + OPEN
            } else {
                lo
            };
            let after_first = mid.split_once(|c: char| !c.is_ascii_digit() && c != '.');
            let upper_text = after_first.map_or("", |(_, r)| r);
            let hi = if upper_text.contains("less than") && !upper_text.contains("not less") {
                hi - OPEN
            } else {
                hi
            };
            // Companies House's PSC bands: "ownership-of-shares-25-to-50-percent" is more
            // than 25 % and at most 50 %, "…-50-to-75-percent" more than 50 % and less than
            // 75 %, "…-75-to-100-percent" 75 % or more.
            if t.contains("-to-") && (t.contains("shares") || t.contains("voting-rights")) {
                let lo = if *a >= 75.0 { lo } else { lo + OPEN };
                let hi = if *b == 75.0 { hi - OPEN } else { hi };
                return Ok(Share { min: lo, max: hi });
            }
            Ok(Share { min: lo, max: hi })
        }
    }
}

/// The numbers in a text, with where each starts.
fn numbers(t: &str) -> Vec<(f64, usize)> {
    let mut out = Vec::new();
    let bytes = t.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_digit() || bytes[i] == b'.' || bytes[i] == b',')
            {
                i += 1;
            }
            let s = t[start..i].trim_end_matches(['.', ',']).replace(',', ".");
            if let Ok(v) = s.parse::<f64>() {
                out.push((v, start));
            }
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_and_decimal_percentages() {
        assert_eq!(parse("49").unwrap(), Share::exact(0.49));
        assert_eq!(parse(" 50.5 % ").unwrap(), Share::exact(0.505));
        assert_eq!(parse("12,5%").unwrap(), Share::exact(0.125));
        assert_eq!(parse("100").unwrap(), Share::exact(1.0));
    }

    #[test]
    fn ranges_and_psc_bands() {
        assert_eq!(
            parse("25-50").unwrap(),
            Share {
                min: 0.25,
                max: 0.5
            }
        );
        assert_eq!(
            parse("25 to 50 percent").unwrap(),
            Share {
                min: 0.25,
                max: 0.5
            }
        );
        let b = parse("ownership-of-shares-50-to-75-percent").unwrap();
        assert!(b.min > 0.5 && b.max < 0.75 && b.max > 0.7499, "{b:?}");
        let b = parse("voting-rights-25-to-50-percent").unwrap();
        assert!(b.min > 0.25 && b.max == 0.5, "{b:?}");
        let b = parse("ownership-of-shares-75-to-100-percent").unwrap();
        assert_eq!((b.min, b.max), (0.75, 1.0));
        let b = parse("more than 25% but not more than 50%").unwrap();
        assert!(b.min > 0.25 && b.min < 0.2501 && b.max == 0.5, "{b:?}");
        let b = parse("more than 50% but less than 75%").unwrap();
        assert!(b.min > 0.5 && b.max < 0.75 && b.max > 0.7499, "{b:?}");
        let b = parse("75% or more").unwrap();
        assert_eq!((b.min, b.max), (0.75, 1.0));
        let b = parse("more than 50%").unwrap();
        assert!(b.min > 0.5 && b.max == 1.0);
        let b = parse("less than 10%").unwrap();
        assert!(b.min == 0.0 && b.max < 0.1);
    }

    #[test]
    fn blank_is_unknown_and_nonsense_is_an_error() {
        assert_eq!(parse("").unwrap(), Share::UNKNOWN);
        assert_eq!(parse("unknown").unwrap(), Share::UNKNOWN);
        assert!(parse("majority").unwrap_err().0.contains("no percentage"));
        assert!(parse("150").unwrap_err().0.contains("outside"));
        assert!(parse("60-40").unwrap_err().0.contains("backwards"));
    }

    #[test]
    fn describes_itself() {
        assert_eq!(Share::exact(0.5).describe(), "50 %");
        assert_eq!(
            Share {
                min: 0.25,
                max: 0.5
            }
            .describe(),
            "25–50 %"
        );
        assert_eq!(Share::UNKNOWN.describe(), "unknown");
        assert_eq!(Share::exact(0.125).describe(), "12.50 %");
    }
}
