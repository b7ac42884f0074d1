//! BIS Denied Persons List, tab-separated with quoted fields and a header row. The list has
//! no record ids, so ids are `bis-dpl-<hash>` of name, street, city and effective date;
//! rows identical in those are joined (and reported).

use crate::csl::short_hash;
use crate::read::{cell, check_line_lengths, csv_error, csv_pos, header_index, utf8};
use crate::{Format, ParseError, ParsedList, SourceFile};
use interdict_model::{Address, Name, NameKind, PartialDate, Schema};
use std::collections::HashMap;

/// The two-letter codes of the US states, the District of Columbia and the inhabited
/// territories, as the list's State column writes them.
const US_STATES: [&str; 56] = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
    "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
    "WI", "WY", "DC", "PR", "GU", "VI", "AS", "MP",
];

/// Whether a state and postal code with no country name an address in the United States:
/// a US state code and a ZIP code (five digits, or ZIP+4). Both must agree — "CY" or "RS"
/// in the State column, or a foreign postcode, leave the country unknown.
fn us_address(state: Option<&str>, postal: Option<&str>) -> bool {
    let zip = |p: &str| {
        let (five, plus) = p.split_once('-').unwrap_or((p, "0000"));
        five.len() == 5
            && plus.len() == 4
            && five.bytes().chain(plus.bytes()).all(|b| b.is_ascii_digit())
    };
    matches!((state, postal), (Some(s), Some(p)) if US_STATES.contains(&s.trim()) && zip(p.trim()))
}

/// Parses `dpl.txt`.
pub(crate) fn parse(file: &SourceFile, list: Option<&str>) -> Result<ParsedList, ParseError> {
    check_line_lengths(file)?;
    let text = utf8(file)?;
    let list = list.unwrap_or("us_bis_denied");
    let mut parsed = ParsedList::new(list, Format::BisDplTxt, &[file]);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| csv_error(file, text.as_bytes(), e))?
        .clone();
    let idx = header_index(
        file,
        &headers,
        &[
            "Name",
            "Street_Address",
            "City",
            "Country",
            "Effective_Date",
        ],
        "line 1 (header)",
    )?;
    let mut slots: HashMap<String, usize> = HashMap::new();
    let mut joined = 0;
    let mut latest: Option<PartialDate> = None;
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| csv_error(file, text.as_bytes(), e))?;
        let get = |name: &str| cell(idx.get(name).and_then(|&i| rec.get(i)));
        let name = get("Name").ok_or_else(|| {
            ParseError::at(
                &file.name,
                csv_pos(text.as_bytes(), &rec, i),
                Some("Name"),
                "is empty",
            )
        })?;
        let street = get("Street_Address");
        let city = get("City");
        let effective = get("Effective_Date");
        let key = short_hash(&[
            &name.to_uppercase(),
            street.as_deref().unwrap_or(""),
            city.as_deref().unwrap_or(""),
            effective.as_deref().unwrap_or(""),
        ]);
        if slots.contains_key(&key) {
            joined += 1;
            continue;
        }
        let mut e = parsed.entity("bis-dpl-", &key, Schema::LegalEntity);
        e.add_name(Name::new(name, NameKind::Primary));
        let state = get("State");
        let postal = get("Postal_Code");
        // A third of the rows leave Country empty for an address in the United States:
        // the state and ZIP code say where it is, and a customer elsewhere is told apart.
        let country = get("Country")
            .or_else(|| us_address(state.as_deref(), postal.as_deref()).then(|| "US".to_string()));
        let addr = Address::from_parts(street, city, state, postal, country.as_deref());
        if let Some(c) = &country {
            e.add_country(c, false);
        }
        if !addr.full.is_empty() {
            e.addresses.push(addr);
        }
        if let Some(d) = effective
            .as_deref()
            .and_then(|d| PartialDate::parse_loose(d, true))
        {
            e.listing_dates.push(d);
        }
        for (col, prop) in [
            ("Expiration_Date", "endDate"),
            ("Standard_Order", "standardOrder"),
            ("Action", "action"),
            ("FR_Citation", "federalRegisterNotice"),
        ] {
            if let Some(v) = get(col) {
                e.add_extra(prop, &v);
            }
        }
        // The real file has a "2922-09-01" typo: dates after next year are not credible.
        if let Some(d) = get("Last_Update").and_then(|d| PartialDate::parse_iso(&d)) {
            if d.year <= current_year() + 1 {
                latest = latest.max(Some(d));
            }
        }
        parsed.entities.push(e);
        slots.insert(key, parsed.entities.len() - 1);
    }
    if parsed.entities.is_empty() {
        return Err(ParseError::file(
            &file.name,
            "contains no records after the header",
        ));
    }
    parsed.published = latest;
    for e in &mut parsed.entities {
        e.source.published = latest;
    }
    if joined > 0 {
        parsed.warnings.push(format!(
            "{joined} row(s) repeat an earlier row's name, address and date; joined"
        ));
    }
    Ok(parsed)
}

fn current_year() -> u16 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    (1970 + secs / 31_556_952) as u16
}

#[cfg(test)]
mod tests {
    use super::us_address;

    #[test]
    fn a_us_state_and_zip_code_name_the_united_states() {
        assert!(us_address(Some("AZ"), Some("85086")));
        assert!(us_address(Some("TX"), Some("78602-1010")));
        // Neither alone, nor a code that is no US state, nor a foreign postcode.
        assert!(!us_address(Some("AZ"), None));
        assert!(!us_address(None, Some("85086")));
        assert!(!us_address(Some("CY"), Some("3035")));
        assert!(!us_address(Some("RS"), Some("11000")));
        assert!(!us_address(Some("CA"), Some("K1A 0B1")));
    }
}
