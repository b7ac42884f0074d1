//! BIS Denied Persons List, tab-separated with quoted fields and a header row. The list has
//! no record ids, so ids are `bis-dpl-<hash>` of name, street, city and effective date;
//! rows identical in those are joined (and reported).

use crate::csl::short_hash;
use crate::read::{cell, check_line_lengths, csv_error, csv_pos, header_index, utf8};
use crate::{Format, ParseError, ParsedList, SourceFile};
use interdict_model::{Address, Name, NameKind, PartialDate, Schema};
use std::collections::HashMap;

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
        let country = get("Country");
        let addr = Address::from_parts(
            street,
            city,
            get("State"),
            get("Postal_Code"),
            country.as_deref(),
        );
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
