//! Typed identifiers (passports, tax ids, registration numbers, IMO numbers…) and the
//! normalization that lets "No. 0075-258" and "75258" compare equal.

use serde::{Deserialize, Serialize};

/// What an identifier identifies. Maps to the FtM property of the same meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum IdKind {
    /// Passport number (`passportNumber`).
    Passport,
    /// National identity number, cedula, DNI (`idNumber`).
    NationalId,
    /// Tax number; for Russia the INN (`taxNumber`, `innCode`).
    TaxId,
    /// Company registration number; for Russia the OGRN (`registrationNumber`, `ogrnCode`).
    Registration,
    /// IMO ship or company number (`imoNumber`).
    Imo,
    /// Maritime mobile service identity (`mmsi`).
    Mmsi,
    /// SWIFT/BIC bank code (`swiftBic`).
    SwiftBic,
    /// Legal Entity Identifier (`leiCode`).
    Lei,
    /// A crypto-currency wallet address.
    Crypto,
    /// Any other identifier (`idNumber`); [`Identifier::label`] says what it is.
    Other,
}

impl IdKind {
    /// The FtM property name.
    pub fn ftm_property(self) -> &'static str {
        match self {
            IdKind::Passport => "passportNumber",
            IdKind::NationalId | IdKind::Other => "idNumber",
            IdKind::TaxId => "taxNumber",
            IdKind::Registration => "registrationNumber",
            IdKind::Imo => "imoNumber",
            IdKind::Mmsi => "mmsi",
            IdKind::SwiftBic => "swiftBic",
            IdKind::Lei => "leiCode",
            IdKind::Crypto => "cryptoWallet",
        }
    }

    /// Classifies a list's label for an identifier ("Tax ID No.", "Cedula No.",
    /// "Vessel Registration Identification IMO"…).
    pub fn from_label(label: &str) -> IdKind {
        let l = label.to_ascii_lowercase();
        let has = |w: &str| l.contains(w);
        if has("driver") {
            IdKind::NationalId
        } else if has("imo") {
            IdKind::Imo
        } else if has("mmsi") {
            IdKind::Mmsi
        } else if has("swift") || has("bic") && !has("bik") {
            IdKind::SwiftBic
        } else if has("legal entity number")
            || has("lei") && l.split_whitespace().any(|w| w == "lei")
        {
            IdKind::Lei
        } else if has("digital currency") || has("crypto") || has("wallet") {
            IdKind::Crypto
        } else if has("passport") {
            IdKind::Passport
        } else if has("tax")
            || has("inn")
            || has("v.a.t")
            || has("vat ")
            || has("nit #")
            || has("rfc")
            || has("ruc #")
        {
            IdKind::TaxId
        } else if has("registration")
            || has("registry")
            || has("register")
            || has("company number")
            || has("c.r. no")
            || has("ogrn")
            || has("uscc")
            || has("unified social credit")
            || has("government gazette")
            || has("folio mercantil")
            || has("matricula mercantil")
            || has("chamber of commerce")
            || has("trade license")
            || has("license")
        {
            IdKind::Registration
        } else if has("national id")
            || has("cedula")
            || has("d.n.i")
            || has("identity card")
            || has("id card")
            || has("personal id")
            || has("curp")
            || has("ssn")
            || has("social security")
            || has("national identification")
            || has("identification number")
            || has("id no")
        {
            IdKind::NationalId
        } else {
            IdKind::Other
        }
    }
}

/// One identifier of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Identifier {
    /// What it identifies.
    pub kind: IdKind,
    /// The value as the list writes it (trimmed).
    pub value: String,
    /// The list's own label ("Tax ID No.", "Cedula No."), when it gives one.
    pub label: Option<String>,
    /// Issuing country, ISO code.
    pub country: Option<String>,
    /// Any qualifier the list attaches (issue and expiry dates…).
    pub note: Option<String>,
}

impl Identifier {
    /// An identifier with no label, country or note.
    pub fn new(kind: IdKind, value: impl Into<String>) -> Identifier {
        Identifier {
            kind,
            value: value.into().trim().to_string(),
            label: None,
            country: None,
            note: None,
        }
    }

    /// The comparison form of the value; see [`normalize_identifier`].
    pub fn normalized(&self) -> String {
        normalize_identifier(&self.value)
    }
}

/// Normalizes an identifier for comparison: keeps letters and digits only, upper-cases
/// them, drops an "IMO" prefix and leading zeros: `" D0009720"` → `"D0009720"`,
/// `"IMO 9562233"` → `"9562233"`, `"0075-258"` → `"75258"`.
pub fn normalize_identifier(value: &str) -> String {
    let mut out = String::new();
    normalize_identifier_into(value, &mut out);
    out
}

/// [`normalize_identifier`] into a buffer the caller reuses (comparing one identifier with
/// many allocates nothing).
pub fn normalize_identifier_into(value: &str, out: &mut String) {
    out.clear();
    out.extend(
        value
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_uppercase),
    );
    let mut start = 0;
    if let Some(rest) = out.strip_prefix("IMO") {
        if rest.chars().all(|c| c.is_ascii_digit()) && !rest.is_empty() {
            start = 3;
        }
    }
    let zeros = out[start..].len() - out[start..].trim_start_matches('0').len();
    // All zeros: the value is kept as it is (after the prefix is dropped).
    if zeros < out.len() - start {
        start += zeros;
    }
    out.drain(..start);
}

/// A UN Security Council reference as the lists write it ("IQi.002", "QDi.290.", "KPe.1"),
/// normalized to three digits; `None` for anything else, including the older numbering some
/// lists still carry ("QI.A.12.01"), which is not the UN list's.
///
/// ```
/// use interdict_model::un_reference;
/// assert_eq!(un_reference("KPe.1"), Some("KPe.001".into()));
/// assert_eq!(un_reference("QI.A.12.01"), None);
/// ```
pub fn un_reference(v: &str) -> Option<String> {
    let v = v.trim().trim_end_matches('.');
    let (prefix, number) = v.split_once('.')?;
    let ok = prefix.len() == 3
        && prefix[..2].chars().all(|c| c.is_ascii_uppercase())
        && prefix[2..].chars().all(|c| c.is_ascii_lowercase())
        && (1..=4).contains(&number.len())
        && number.chars().all(|c| c.is_ascii_digit());
    ok.then(|| format!("{prefix}.{number:0>3}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn un_references_are_read_in_the_current_numbering_only() {
        assert_eq!(un_reference("IQi.002"), Some("IQi.002".into()));
        assert_eq!(un_reference("QDi.290."), Some("QDi.290".into()));
        assert_eq!(un_reference("KPe.1"), Some("KPe.001".into()));
        assert_eq!(un_reference("QI.A.12.01"), None);
        assert_eq!(un_reference("iqi.002"), None);
    }

    #[test]
    fn normalizes_spacing_dashes_and_zeros() {
        assert_eq!(normalize_identifier(" D0009720"), "D0009720");
        assert_eq!(normalize_identifier("0075258"), "75258");
        assert_eq!(normalize_identifier("IMO9562233"), "9562233");
        assert_eq!(normalize_identifier("IMO 9562233"), "9562233");
        assert_eq!(normalize_identifier("1646-019-914"), "1646019914");
        // Nothing but zeros, or nothing after the prefix: kept as they are.
        assert_eq!(normalize_identifier("000"), "000");
        assert_eq!(normalize_identifier("IMO 000"), "000");
        assert_eq!(normalize_identifier("IMO"), "IMO");
        assert_eq!(normalize_identifier("imo-0042"), "42");
        assert_eq!(normalize_identifier("IMO A12"), "IMOA12");
        assert_eq!(normalize_identifier(" "), "");
        // The reused buffer holds only the latest value.
        let mut buf = String::from("left over");
        normalize_identifier_into("0-75", &mut buf);
        assert_eq!(buf, "75");
    }

    #[test]
    fn classifies_labels() {
        assert_eq!(IdKind::from_label("Tax ID No."), IdKind::TaxId);
        assert_eq!(
            IdKind::from_label("Registration Number"),
            IdKind::Registration
        );
        assert_eq!(
            IdKind::from_label("Vessel Registration Identification IMO"),
            IdKind::Imo
        );
        assert_eq!(IdKind::from_label("Passport"), IdKind::Passport);
        assert_eq!(IdKind::from_label("Cedula No."), IdKind::NationalId);
        assert_eq!(IdKind::from_label("SWIFT/BIC"), IdKind::SwiftBic);
        assert_eq!(IdKind::from_label("BIK (RU)"), IdKind::Other);
        assert_eq!(IdKind::from_label("Legal Entity Number"), IdKind::Lei);
        assert_eq!(
            IdKind::from_label("Digital Currency Address - XBT"),
            IdKind::Crypto
        );
    }
}
