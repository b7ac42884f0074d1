//! Partial dates ("1962", "1962-03", "1962-03-01") and the date specifications lists use
//! for birth dates: exact, approximate ("circa 1960") or a range ("1962 to 1964").

use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar date that may lack its day, or its month and day.
///
/// Invariant: `day` is only set when `month` is, and both are within calendar bounds
/// (day ≤ the month's length; February 29 only in leap years).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PartialDate {
    /// Year, 1000–2999.
    pub year: u16,
    /// Month 1–12.
    pub month: Option<u8>,
    /// Day 1–31.
    pub day: Option<u8>,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

impl PartialDate {
    /// Builds a date, checking the invariants. Returns `None` for impossible dates.
    pub fn new(year: u16, month: Option<u8>, day: Option<u8>) -> Option<PartialDate> {
        if !(1000..=2999).contains(&year) {
            return None;
        }
        match (month, day) {
            (None, Some(_)) => None,
            (Some(m), _) if !(1..=12).contains(&m) => None,
            (Some(m), Some(d)) if d == 0 || d > days_in_month(year, m) => None,
            _ => Some(PartialDate { year, month, day }),
        }
    }

    /// Parses ISO forms: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, optionally followed by a time
    /// (`T…`), which is ignored.
    pub fn parse_iso(s: &str) -> Option<PartialDate> {
        let s = s.trim();
        let s = s.split('T').next().unwrap_or(s);
        let mut parts = s.split('-');
        let year = parts.next()?.parse::<u16>().ok()?;
        let month = match parts.next() {
            Some(m) => Some(m.parse::<u8>().ok()?),
            None => None,
        };
        let day = match parts.next() {
            Some(d) => Some(d.parse::<u8>().ok()?),
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        PartialDate::new(year, month, day)
    }

    /// Parses the forms found in list files besides ISO: `28 Jan 1978`, `Jan 1978`,
    /// `1978`, `28/01/1978` (day first, as UK and EU write), `00/00/1978` and
    /// `dd/mm/1978` placeholders for unknown parts, and `01/28/1978` when `month_first`.
    pub fn parse_loose(s: &str, month_first: bool) -> Option<PartialDate> {
        let s = s.trim().trim_end_matches('.');
        if let Some(d) = PartialDate::parse_iso(s) {
            return Some(d);
        }
        if s.contains('/') {
            let parts: Vec<&str> = s.split('/').map(str::trim).collect();
            if parts.len() != 3 {
                return None;
            }
            let (d, m) = if month_first {
                (parts[1], parts[0])
            } else {
                (parts[0], parts[1])
            };
            let year = parts[2].parse::<u16>().ok()?;
            let num = |p: &str| -> Option<Option<u8>> {
                match p.parse::<u8>() {
                    Ok(0) => Some(None),
                    Ok(v) => Some(Some(v)),
                    Err(_) if p.chars().all(|c| c.is_ascii_alphabetic()) => Some(None),
                    Err(_) => None,
                }
            };
            let month = num(m)?;
            let day = if month.is_some() { num(d)? } else { None };
            return PartialDate::new(year, month, day);
        }
        let words: Vec<&str> = s.split_whitespace().collect();
        let month_of = |w: &str| -> Option<u8> {
            let w = w.to_ascii_lowercase();
            let w = w.get(..3)?;
            MONTHS.iter().position(|m| *m == w).map(|i| i as u8 + 1)
        };
        match words.as_slice() {
            [y] => PartialDate::new(y.parse().ok()?, None, None),
            [m, y] => PartialDate::new(y.parse().ok()?, Some(month_of(m)?), None),
            [d, m, y] => {
                PartialDate::new(y.parse().ok()?, Some(month_of(m)?), Some(d.parse().ok()?))
            }
            _ => None,
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

/// A birth date as a list states it: one (partial) date, possibly approximate, or a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateSpec {
    /// The date, or the start of the range.
    pub date: PartialDate,
    /// End of the range, inclusive (`DOB 1962 to 1964`, UN `BETWEEN`).
    pub until: Option<PartialDate>,
    /// "circa", "approximately".
    pub approximate: bool,
}

impl DateSpec {
    /// The years it spans, first and last (one year for a date; a range in either order).
    pub fn years(&self) -> (u16, u16) {
        let until = self.until.map_or(self.date.year, |u| u.year);
        (self.date.year.min(until), self.date.year.max(until))
    }

    /// An exact (possibly partial) date.
    pub fn exact(date: PartialDate) -> DateSpec {
        DateSpec {
            date,
            until: None,
            approximate: false,
        }
    }

    /// Parses OFAC remark forms: `28 Jan 1978`, `circa 1960`, `1962 to 1964`,
    /// `Jan 1960 to Dec 1961`.
    pub fn parse_text(s: &str) -> Option<DateSpec> {
        let s = s.trim();
        let (approximate, s) = match s.strip_prefix("circa ") {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        if let Some((a, b)) = s.split_once(" to ") {
            let from = PartialDate::parse_loose(a, false)?;
            let until = PartialDate::parse_loose(b, false)?;
            return Some(DateSpec {
                date: from,
                until: Some(until),
                approximate,
            });
        }
        let date = PartialDate::parse_loose(s, false)?;
        Some(DateSpec {
            date,
            until: None,
            approximate,
        })
    }

    /// The FtM values for this spec: the date itself, or each year of a range (at most 20),
    /// which is how FtM represents "born between".
    pub fn ftm_values(&self) -> Vec<String> {
        match self.until {
            Some(until) if until.year >= self.date.year && until.year - self.date.year <= 20 => {
                if until.year == self.date.year {
                    vec![self.date.to_string()]
                } else {
                    (self.date.year..=until.year)
                        .map(|y| format!("{y:04}"))
                        .collect()
                }
            }
            _ => vec![self.date.to_string()],
        }
    }
}

impl fmt::Display for DateSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.approximate {
            f.write_str("circa ")?;
        }
        write!(f, "{}", self.date)?;
        if let Some(u) = self.until {
            write!(f, " to {u}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_list_date_forms() {
        let d = |s| PartialDate::parse_loose(s, false).map(|d| d.to_string());
        assert_eq!(d("28 Jan 1978").as_deref(), Some("1978-01-28"));
        assert_eq!(d("Jan 1978").as_deref(), Some("1978-01"));
        assert_eq!(d("1978").as_deref(), Some("1978"));
        assert_eq!(d("12/11/1967").as_deref(), Some("1967-11-12"));
        assert_eq!(d("00/00/1980").as_deref(), Some("1980"));
        assert_eq!(d("dd/mm/1968").as_deref(), Some("1968"));
        assert_eq!(d("dd/09/1958").as_deref(), Some("1958-09"));
        assert_eq!(d("31 Feb 1978"), None);
        assert_eq!(d("29 Feb 1980").as_deref(), Some("1980-02-29"));
        assert_eq!(d("hello"), None);
    }

    #[test]
    fn parses_ranges_and_circa() {
        let r = DateSpec::parse_text("1962 to 1964").unwrap();
        assert_eq!(r.ftm_values(), vec!["1962", "1963", "1964"]);
        let c = DateSpec::parse_text("circa 1960").unwrap();
        assert!(c.approximate);
        assert_eq!(c.to_string(), "circa 1960");
    }
}
