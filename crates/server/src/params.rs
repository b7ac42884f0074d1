//! Query-string parameters, repeatable ones included, percent-decoded (by the
//! `percent-encoding` crate) strictly: a malformed escape is an error, not passed through.

use crate::error::{bad, invalid, ApiError};

/// Query parameters, repeatable ones included (`?include_dataset=a&include_dataset=b`).
pub(crate) struct Params(Vec<(String, String)>);

/// One query-string component decoded: `+` is a space (HTML forms write it so), `%XX` its
/// byte (by the `percent-encoding` crate). Strict where that crate is lenient: a `%` not
/// followed by two hex digits is refused, not passed through as text, so a value is never
/// read as something its sender did not write.
fn percent_decode(s: &str) -> Result<String, ApiError> {
    let b = s.as_bytes();
    let malformed = b.iter().enumerate().any(|(i, &c)| {
        c == b'%'
            && !b
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    });
    if malformed {
        return Err(bad(format!(
            "malformed percent-encoding in the query string: {s:?}"
        )));
    }
    let spaced = s.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8()
        .map(|v| v.into_owned())
        .map_err(|_| bad("the query string is not UTF-8"))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_decode_strictly() {
        let Ok(p) = Params::parse(Some("q=Al+Qaida%20%C3%A9&q2=a%2Bb&empty=".into())) else {
            panic!("a well-formed query string is refused");
        };
        assert_eq!(p.one("q"), Some("Al Qaida é"));
        assert_eq!(p.one("q2"), Some("a+b"));
        assert_eq!(p.one("empty"), Some(""));
        for bad in ["q=%", "q=%4", "q=%zz", "q=%C3"] {
            assert!(Params::parse(Some(bad.into())).is_err(), "{bad}");
        }
    }
}
