//! US Consolidated Screening List CSV (trade.gov): one header row, `; `-separated multi-value
//! cells, 13 source lists inside. Three header generations are read (2016: no `_id`/`ids`;
//! 2019: no `_id`; 2022+: both). Ids are `csl-<_id>`; rows without `_id` get
//! `csl-<entity_number>` or, failing that, a hash of source, name and start date.
//! Rows sharing an `_id` (one party on two source lists) are joined into one entity.

use crate::ofac_remarks::apply_labelled;
use crate::read::{cell, check_line_lengths, csv_error, csv_pos, header_index, utf8};
use crate::{Format, ParseError, ParsedList, SourceFile};
use interdict_model::{Address, DateSpec, Entity, Name, NameKind, PartialDate, Schema};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// First 16 hex digits of the sha256 of the parts joined by `|`.
pub(crate) fn short_hash(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    h.update(parts.join("|").as_bytes());
    h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn split_multi(s: Option<String>) -> Vec<String> {
    s.map(|s| {
        s.split(';')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect()
    })
    .unwrap_or_default()
}

/// Parses a CSL CSV file.
pub(crate) fn parse(file: &SourceFile, list: Option<&str>) -> Result<ParsedList, ParseError> {
    check_line_lengths(file)?;
    let text = utf8(file)?;
    let list = list.unwrap_or("us_trade_csl");
    let mut parsed = ParsedList::new(list, Format::CslCsv, &[file]);
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| csv_error(file, text.as_bytes(), e))?
        .clone();
    let idx = header_index(
        file,
        &headers,
        &["source", "name", "alt_names"],
        "line 1 (header)",
    )?;
    let mut slots: HashMap<String, usize> = HashMap::new();
    let mut joined = 0usize;
    let mut max_start: Option<PartialDate> = None;
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| csv_error(file, text.as_bytes(), e))?;
        let get = |name: &str| cell(idx.get(name).and_then(|&i| rec.get(i)));
        let name = get("name").ok_or_else(|| {
            ParseError::at(
                &file.name,
                csv_pos(text.as_bytes(), &rec, i),
                Some("name"),
                "is empty",
            )
        })?;
        let source = get("source").unwrap_or_default();
        let key = get("_id")
            .or_else(|| get("entity_number"))
            .unwrap_or_else(|| {
                short_hash(&[&source, &name, &get("start_date").unwrap_or_default()])
            });
        let schema = match get("type").as_deref() {
            Some("Individual") => Schema::Person,
            Some("Vessel") => Schema::Vessel,
            Some("Aircraft") => Schema::Airplane,
            Some("Entity") => Schema::Organization,
            // No type stated (some of the CSL's source lists): could be either.
            _ => Schema::LegalEntity,
        };
        let slot = match slots.get(&key) {
            Some(&s) => {
                joined += 1;
                s
            }
            None => {
                let e = parsed.entity("csl-", &key, schema.clone());
                parsed.entities.push(e);
                slots.insert(key.clone(), parsed.entities.len() - 1);
                parsed.entities.len() - 1
            }
        };
        let e = &mut parsed.entities[slot];
        // The ISN clause is no part of the party's name: kept in it, a customer's record of
        // the party lacked half its words. (The id above is made from the name as written,
        // so it does not change.)
        match interdict_model::designation_clause(&name) {
            Some((called, clause)) => {
                e.add_name(Name::new(called, NameKind::Primary));
                e.add_note(&format!("The designation reaches {clause}"));
            }
            None => e.add_name(Name::new(name, NameKind::Primary)),
        }
        for alt in split_multi(get("alt_names")) {
            let called = interdict_model::designation_clause(&alt).map_or(alt.as_str(), |d| d.0);
            e.add_name(Name::new(called, NameKind::Alias));
        }
        e.add_extra("sourceList", &source);
        for p in split_multi(get("programs")) {
            Entity::push_unique(&mut e.programs, p);
        }
        if let Some(t) = get("title") {
            Entity::push_unique(&mut e.positions, t);
        }
        for a in split_multi(get("addresses")) {
            // The last comma part is an ISO country code when it is two letters.
            let country = a
                .rsplit(',')
                .next()
                .map(str::trim)
                .filter(|c| c.len() == 2)
                .map(str::to_string);
            if let Some(c) = &country {
                e.add_country(c, false);
            }
            Entity::push_unique(
                &mut e.addresses,
                Address {
                    full: a.clone(),
                    country: country
                        .and_then(|c| interdict_model::country::to_iso(&c))
                        .map(str::to_string),
                    ..Address::default()
                },
            );
        }
        for d in split_multi(get("dates_of_birth")) {
            match DateSpec::parse_text(&d) {
                Some(spec) => Entity::push_unique(&mut e.birth_dates, spec),
                None => e.add_note(&format!("Date of birth: {d}")),
            }
        }
        for p in split_multi(get("places_of_birth")) {
            Entity::push_unique(&mut e.birth_places, p);
        }
        for c in split_multi(get("nationalities"))
            .into_iter()
            .chain(split_multi(get("citizenships")))
        {
            if !e.add_country(&c, true) {
                e.add_note(&format!("Nationality: {c}"));
            }
        }
        for item in split_multi(get("ids")) {
            // "CC, [dates…,] VALUE, TYPE" — type last, value before it, country first if 2 letters.
            let parts: Vec<&str> = item.split(", ").map(str::trim).collect();
            if parts.len() < 2 {
                e.add_note(&item);
                continue;
            }
            let label = parts[parts.len() - 1];
            let value = parts[parts.len() - 2];
            let country = (parts.len() > 2 && parts[0].len() == 2).then_some(parts[0]);
            apply_labelled(e, label, value, country, None);
        }
        for (col, prop) in [
            ("call_sign", "callSign"),
            ("vessel_type", "type"),
            ("gross_tonnage", "tonnage"),
            ("gross_registered_tonnage", "grossRegisteredTonnage"),
            ("vessel_flag", "flag"),
            ("federal_register_notice", "federalRegisterNotice"),
            ("license_requirement", "licenseRequirement"),
            ("license_policy", "licensePolicy"),
            ("source_list_url", "sourceUrl"),
        ] {
            if let Some(v) = get(col) {
                e.add_extra(prop, &v);
            }
        }
        if let Some(o) = get("vessel_owner") {
            e.add_note(&format!("Vessel owner: {o}"));
        }
        if let Some(r) = get("remarks") {
            e.add_note(&r);
        }
        if let Some(d) = get("start_date").and_then(|d| PartialDate::parse_iso(&d)) {
            Entity::push_unique(&mut e.listing_dates, d);
            max_start = max_start.max(Some(d));
        }
        if let Some(d) = get("end_date") {
            e.add_extra("endDate", &d);
        }
    }
    if parsed.entities.is_empty() {
        return Err(ParseError::file(
            &file.name,
            "contains no records after the header",
        ));
    }
    if joined > 0 {
        parsed.warnings.push(format!(
            "{joined} row(s) repeat an _id already seen (one party on several source lists); joined into one entity each"
        ));
    }
    parsed.warnings.push(format!(
        "the CSL file states no publication date; its latest start_date is {}",
        max_start
            .map(|d| d.to_string())
            .unwrap_or_else(|| "absent".into())
    ));
    Ok(parsed)
}
