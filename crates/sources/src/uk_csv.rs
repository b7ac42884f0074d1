//! UK HM Treasury / OFSI consolidated list, legacy ConList CSV: a "Last Updated" line, a
//! 29-column header, then one row per name/alias/date/address variant, grouped into
//! entities by `Group ID`. Windows-1252. Ids are `gb-hmt-<Group ID>`.

use crate::read::{cell, check_line_lengths, csv_error, csv_pos, header_index, windows_1252};
use crate::{Format, ParseError, ParsedList, SourceFile};
use interdict_model::{
    Address, DateSpec, Entity, IdKind, Identifier, Name, NameKind, NameParts, PartialDate, Schema,
};
use std::collections::HashMap;

const REQUIRED: [&str; 8] = [
    "Name 6",
    "Name 1",
    "DOB",
    "Nationality",
    "Group Type",
    "Alias Type",
    "Regime",
    "Group ID",
];

/// Splits "1) Saudi Arabia 2) Qatar" / "(1) a (2) b" into items.
pub(crate) fn numbered_items(s: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        // "(n)" or "n)" at a word start begins a new item.
        let start = if chars[i] == '(' { i + 1 } else { i };
        let mut j = start;
        while j < chars.len() && chars[j].is_ascii_digit() {
            j += 1;
        }
        let at_word_start = i == 0 || chars[i - 1].is_whitespace();
        if at_word_start && j > start && j < chars.len() && chars[j] == ')' && j - start <= 2 {
            if !cur.trim().is_empty() {
                items.push(cur.trim().to_string());
            }
            cur.clear();
            i = j + 1;
            continue;
        }
        cur.push(chars[i]);
        i += 1;
    }
    if !cur.trim().is_empty() {
        items.push(cur.trim().to_string());
    }
    items
}

/// A name in the UK's layout: given names in Name 1–5, the surname (or an organisation's
/// whole name) in Name 6. Used by the ConList CSV and the FCDO XML alike.
pub(crate) fn uk_name(
    given: Vec<String>,
    surname: Option<String>,
    kind: NameKind,
    person: bool,
) -> Name {
    let full = given
        .iter()
        .cloned()
        .chain(surname.clone())
        .collect::<Vec<_>>()
        .join(" ");
    let mut name = Name::new(full, kind);
    if person {
        name.parts = Some(NameParts {
            first: given.first().cloned(),
            middle: (given.len() > 1).then(|| given[1..].join(" ")),
            last: surname,
            father: None,
        });
    }
    name
}

/// Parses a ConList CSV.
pub(crate) fn parse(file: &SourceFile, list: Option<&str>) -> Result<ParsedList, ParseError> {
    check_line_lengths(file)?;
    let text = windows_1252(file);
    let (first, rest) = text
        .split_once('\n')
        .ok_or_else(|| ParseError::file(&file.name, "has only one line"))?;
    let list = list.unwrap_or("gb_hmt_sanctions");
    let mut parsed = ParsedList::new(list, Format::UkConListCsv, &[file]);
    parsed.published = first
        .split(',')
        .nth(1)
        .and_then(|d| PartialDate::parse_loose(d.trim(), false));
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(rest.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| csv_error(file, rest.as_bytes(), e))?
        .clone();
    let idx = header_index(file, &headers, &REQUIRED, "line 2 (header)")?;
    let mut entities: Vec<Entity> = Vec::new();
    let mut by_group: HashMap<String, usize> = HashMap::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| {
            let mut err = csv_error(file, rest.as_bytes(), e);
            // Line numbers count from the header line; add the "Last Updated" line.
            err.location = err
                .location
                .map(|l| format!("{l} (after the Last Updated line)"));
            err
        })?;
        let get = |name: &str| cell(idx.get(name).and_then(|&i| rec.get(i)));
        let Some(group) = get("Group ID") else {
            return Err(ParseError::at(
                &file.name,
                csv_pos(rest.as_bytes(), &rec, i),
                Some("Group ID"),
                "is empty",
            ));
        };
        let schema = match get("Group Type").as_deref() {
            Some("Individual") => Schema::Person,
            Some("Ship") => Schema::Vessel,
            _ => Schema::Organization,
        };
        let slot = *by_group.entry(group.clone()).or_insert_with(|| {
            entities.push(parsed.entity("gb-hmt-", &group, schema.clone()));
            entities.len() - 1
        });
        let e = &mut entities[slot];
        let given: Vec<String> = ["Name 1", "Name 2", "Name 3", "Name 4", "Name 5"]
            .iter()
            .filter_map(|n| get(n))
            .collect();
        let kind = match get("Alias Type").as_deref() {
            Some("Prime Alias") => NameKind::Primary,
            Some("FKA") => NameKind::Previous,
            _ => NameKind::Alias,
        };
        // add_name ignores a name with no parts at all.
        e.add_name(uk_name(
            given,
            get("Name 6"),
            kind,
            schema == Schema::Person,
        ));
        if let Some(t) = get("Title") {
            Entity::push_unique(&mut e.titles, t);
        }
        if let Some(d) = get("DOB") {
            match PartialDate::parse_loose(&d, false) {
                Some(date) => Entity::push_unique(&mut e.birth_dates, DateSpec::exact(date)),
                None => e.add_note(&format!("DOB {d}")),
            }
        }
        let place = [get("Town of Birth"), get("Country of Birth")]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        if !place.is_empty() {
            Entity::push_unique(&mut e.birth_places, place);
        }
        if let Some(n) = get("Nationality") {
            for item in numbered_items(&n) {
                if !e.add_country(&item, true) {
                    e.add_note(&format!("Nationality: {item}"));
                }
            }
        }
        for (field, kind) in [
            ("Passport Details", IdKind::Passport),
            ("NI Number", IdKind::NationalId),
        ] {
            if let Some(v) = get(field) {
                for item in numbered_items(&v) {
                    match item
                        .split_whitespace()
                        .find(|w| w.chars().filter(char::is_ascii_digit).count() >= 4)
                    {
                        Some(number) => {
                            let mut id = Identifier::new(
                                kind,
                                number.trim_matches(|c: char| !c.is_alphanumeric()),
                            );
                            id.label = Some(field.to_string());
                            id.note = Some(item.clone());
                            e.add_identifier(id);
                        }
                        None => e.add_note(&format!("{field}: {item}")),
                    }
                }
            }
        }
        if let Some(p) = get("Position") {
            Entity::push_unique(&mut e.positions, p);
        }
        let lines: Vec<String> = [
            "Address 1",
            "Address 2",
            "Address 3",
            "Address 4",
            "Address 5",
            "Address 6",
        ]
        .iter()
        .filter_map(|n| get(n))
        .collect();
        let country = get("Country");
        let addr = Address::from_parts(
            Some(lines.join(", ")),
            None,
            None,
            get("Post/Zip Code"),
            country.as_deref(),
        );
        if let Some(c) = &country {
            if !e.add_country(c, false) {
                e.add_note(&format!("Country: {c}"));
            }
        }
        if !addr.full.is_empty() {
            Entity::push_unique(&mut e.addresses, addr);
        }
        if let Some(o) = get("Other Information") {
            // "UN Ref QDi.290": the UN Security Council's reference of the listing, in its
            // current numbering (FtM's `unscId`); the note keeps the whole text.
            for (i, _) in o.match_indices("UN Ref ") {
                let end = o[i + 7..]
                    .find(|c: char| !c.is_ascii_alphanumeric() && c != '.')
                    .map_or(o.len(), |n| i + 7 + n);
                if let Some(r) = interdict_model::un_reference(&o[i + 7..end]) {
                    e.add_extra("unscId", &r);
                }
            }
            e.add_note(&o);
        }
        if let Some(r) = get("Regime") {
            Entity::push_unique(&mut e.programs, r);
        }
        if let Some(d) = get("Listed On").and_then(|d| PartialDate::parse_loose(&d, false)) {
            Entity::push_unique(&mut e.listing_dates, d);
        }
    }
    if entities.is_empty() {
        return Err(ParseError::file(
            &file.name,
            "contains no records after the header",
        ));
    }
    for e in &mut entities {
        if !e.names.iter().any(|n| n.kind == NameKind::Primary) {
            if let Some(first) = e.names.first_mut() {
                first.kind = NameKind::Primary;
            }
        }
    }
    parsed.entities = entities;
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    #[test]
    fn splits_numbered_items() {
        assert_eq!(
            super::numbered_items("1) Saudi Arabia 2) Qatar"),
            vec!["Saudi Arabia", "Qatar"]
        );
        assert_eq!(
            super::numbered_items("(1) 123 (German) (2) 954"),
            vec!["123 (German)", "954"]
        );
        assert_eq!(super::numbered_items("Iraq"), vec!["Iraq"]);
    }
}
