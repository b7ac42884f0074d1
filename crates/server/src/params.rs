//! Query-string parameters, repeatable ones included, percent-decoded strictly (a malformed
//! escape is an error, not passed through).

use crate::error::{bad, invalid, ApiError};

/// Query parameters, repeatable ones included (`?include_dataset=a&include_dataset=b`).
pub(crate) struct Params(Vec<(String, String)>);

fn percent_decode(s: &str) -> Result<String, ApiError> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = b
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| {
                        bad(format!(
                            "malformed percent-encoding in the query string: {s:?}"
                        ))
                    })?;
                out.push(hex);
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| bad("the query string is not UTF-8"))
}

impl Params {
    pub(crate) fn parse(raw: Option<String>) -> Result<Params, ApiError> {
        let mut out = Vec::new();
        for pair in raw.unwrap_or_default().split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            out.push((percent_decode(k)?, percent_decode(v)?));
        }
        Ok(Params(out))
    }

    pub(crate) fn all(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub(crate) fn one(&self, key: &str) -> Option<&str> {
        self.all(key).last().copied()
    }

    pub(crate) fn number<T: std::str::FromStr>(&self, key: &str) -> Result<Option<T>, ApiError> {
        match self.one(key) {
            None | Some("") => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|_| invalid(format!("parameter {key}={v:?} is not a number"))),
        }
    }
}
