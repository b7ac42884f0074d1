//! Harmonized System codes as shippers write them (`8542.31.0001`, `85423190`, `8542 31`)
//! and the HS 2022 nomenclature that describes them.

use std::collections::HashMap;

/// A declared tariff code, reduced to its digits (6 to 10 of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HsCode {
    digits: String,
}

impl HsCode {
    /// Reads one code in any common notation: digits with dots, spaces, dashes or slashes
    /// between them, optionally after `HS`/`HTS`/`CN`. The error says what is wrong, for a
    /// problem report naming the field.
    ///
    /// ```
    /// use interdict_goods::hs::HsCode;
    /// assert_eq!(HsCode::parse("8542.31.0001").unwrap().hs6(), "854231");
    /// assert_eq!(HsCode::parse("8542 31").unwrap().hs6(), "854231");
    /// assert!(HsCode::parse("8542").is_err());
    /// assert!(HsCode::parse("85A231").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<HsCode, String> {
        let t = text.trim();
        let upper = t.to_ascii_uppercase();
        let body = ["HTSUS", "HTS", "HS", "CN", "TARIC"]
            .iter()
            .find_map(|p| upper.strip_prefix(p))
            .map_or(t, |rest| &t[t.len() - rest.len()..])
            .trim_start_matches([':', ' ']);
        let mut digits = String::with_capacity(10);
        for c in body.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '.' | ' ' | '-' | '/' | '\u{a0}' => {}
                _ => {
                    return Err(format!(
                        "{t:?} is not an HS code: {c:?} is neither a digit nor a separator \
                         (write e.g. 8542.31 or 854231)"
                    ))
                }
            }
        }
        match digits.len() {
            0 => Err(format!("{t:?} has no digits: an HS code has 6 to 10")),
            1..=5 => Err(format!(
                "{t:?} has {} digits: an HS code has 6 to 10 (a heading alone is too broad{})",
                digits.len(),
                if digits.len() == 5 {
                    "; a leading zero lost by a spreadsheet?"
                } else {
                    ""
                }
            )),
            6..=10 => Ok(HsCode { digits }),
            n => Err(format!("{t:?} has {n} digits: an HS code has 6 to 10")),
        }
    }

    /// All the digits, as declared (6 to 10).
    pub fn digits(&self) -> &str {
        &self.digits
    }

    /// The international HS-6 subheading (the first six digits).
    pub fn hs6(&self) -> &str {
        &self.digits[..6]
    }

    /// The heading (the first four digits).
    pub fn hs4(&self) -> &str {
        &self.digits[..4]
    }
}

/// Every code of a cell that may hold several (`8542.31; 8542.32`): each read, or the
/// error for the first that cannot be.
pub fn parse_codes(cell: &str) -> Result<Vec<HsCode>, String> {
    cell.split([';', ',', '|'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(HsCode::parse)
        .collect()
}

/// One HS-6 subheading of the nomenclature.
#[derive(Debug, Clone)]
pub struct Subheading {
    /// Six digits.
    pub hs6: String,
    /// Its short description (UN Comtrade's).
    pub description: String,
    /// Its heading's description.
    pub heading: String,
}

/// The HS nomenclature: chapters, headings and subheadings with their descriptions.
#[derive(Debug, Clone, Default)]
pub struct Nomenclature {
    /// HS-6 subheadings, in code order.
    pub subheadings: Vec<Subheading>,
    by_code: HashMap<String, String>,
}

impl Nomenclature {
    /// Reads `section,hscode,description,parent,level` CSV (the datasets/harmonized-system
    /// layout). Errors name the line and field.
    pub fn read(name: &str, text: &str) -> Result<Nomenclature, crate::RulesError> {
        let mut by_code = HashMap::new();
        let mut six = Vec::new();
        let mut r = csv::ReaderBuilder::new()
            .flexible(false)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        for rec in r.records() {
            let rec = rec.map_err(|e| crate::RulesError::csv(name, &e))?;
            let line = rec.position().map_or(0, |p| p.line());
            if rec.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let field = |i: usize, what: &str| {
                rec.get(i)
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| crate::RulesError::at(name, line, what, "empty"))
            };
            let code = field(1, "hscode")?;
            let desc = field(2, "description")?.replace(['\n', '\r'], " ");
            if !code.chars().all(|c| c.is_ascii_digit()) {
                // The total line ("TOTAL") and the like.
                continue;
            }
            if code.len() == 6 {
                six.push(code.to_string());
            }
            by_code.insert(code.to_string(), desc);
        }
        let subheadings = six
            .into_iter()
            .map(|hs6| Subheading {
                description: by_code.get(&hs6).cloned().unwrap_or_default(),
                heading: by_code.get(&hs6[..4]).cloned().unwrap_or_default(),
                hs6,
            })
            .collect();
        Ok(Nomenclature {
            subheadings,
            by_code,
        })
    }

    /// The description of a chapter (2 digits), heading (4) or subheading (6).
    pub fn describe(&self, code: &str) -> Option<&str> {
        self.by_code.get(code).map(String::as_str)
    }

    /// Whether `hs6` is an HS-6 subheading of this nomenclature.
    pub fn has_subheading(&self, hs6: &str) -> bool {
        hs6.len() == 6 && self.by_code.contains_key(hs6)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notation_reads_to_the_same_subheading() {
        for t in [
            "8542.31.0001",
            "85423190",
            "8542 31",
            "8542.31",
            "854231",
            "8542-31-00",
            "HS 8542.31",
            "HTS: 8542.31.0000",
        ] {
            assert_eq!(
                HsCode::parse(t).map(|c| c.hs6().to_string()),
                Ok("854231".into()),
                "{t}"
            );
        }
    }

    #[test]
    fn malformed_codes_say_why() {
        for (t, why) in [
            ("8542", "4 digits"),
            ("84821", "leading zero"),
            ("85423100001", "11 digits"),
            ("8542.3I", "neither a digit"),
            ("n/a", "neither a digit"),
            ("", "no digits"),
        ] {
            let e = HsCode::parse(t).unwrap_err();
            assert!(e.contains(why), "{t}: {e}");
        }
        assert_eq!(parse_codes("8542.31; 8542.32").unwrap().len(), 2);
        assert!(parse_codes("8542.31; 99").is_err());
    }
}
