//! OFAC `SDN.XML` schema (root `sdnList`), also used for the Consolidated list's
//! `consolidated.xml`. Ids are `ofac-<uid>`, the same as from the CSV set.

use crate::ofac_csv::{resolve_links, split_surname_first};
use crate::ofac_remarks::{apply_labelled, apply_remarks};
use crate::read::utf8;
use crate::xml::{self, child, children, items, text};
use crate::{Format, ParseError, ParsedList, SourceFile};
use interdict_model::{Address, DateSpec, Entity, Name, NameKind, PartialDate, Schema};

fn full_name(first: Option<String>, last: Option<String>) -> Option<String> {
    match (last, first) {
        (Some(l), Some(f)) => Some(format!("{l}, {f}")),
        (Some(l), None) => Some(l),
        (None, Some(f)) => Some(f),
        (None, None) => None,
    }
}

/// Parses an `sdnList` document.
pub(crate) fn parse(file: &SourceFile, list: Option<&str>) -> Result<ParsedList, ParseError> {
    let src = utf8(file)?;
    let doc = xml::parse(file, src)?;
    let root = doc.root_element();
    let default_list = if file.base_name().contains("cons") {
        "us_ofac_cons"
    } else {
        "us_ofac_sdn"
    };
    let list = list.unwrap_or(default_list);
    let mut parsed = ParsedList::new(list, Format::OfacXml, &[file]);
    if let Some(info) = child(root, "publshInformation") {
        parsed.published =
            text(info, "Publish_Date").and_then(|d| PartialDate::parse_loose(&d, true));
        if let Some(count) = text(info, "Record_Count") {
            parsed.declared_count = Some(count.parse().map_err(|_| {
                ParseError::at(
                    &file.name,
                    xml::pos(&doc, info),
                    Some("Record_Count"),
                    format!("{count:?} is not a number"),
                )
            })?);
        }
    }
    let mut links = Vec::new();
    for (i, entry) in children(root, "sdnEntry").enumerate() {
        let loc = || format!("{} (sdnEntry {})", xml::pos(&doc, entry), i + 1);
        let uid = text(entry, "uid")
            .filter(|u| u.chars().all(|c| c.is_ascii_digit()))
            .ok_or_else(|| {
                ParseError::at(&file.name, loc(), Some("uid"), "missing or not a number")
            })?;
        let schema = match text(entry, "sdnType").as_deref() {
            Some("Individual") => Schema::Person,
            Some("Vessel") => Schema::Vessel,
            Some("Aircraft") => Schema::Airplane,
            // "Entity": an organization, never a person.
            _ => Schema::Organization,
        };
        let mut e = parsed.entity("ofac-", &uid, schema.clone());
        let name =
            full_name(text(entry, "firstName"), text(entry, "lastName")).ok_or_else(|| {
                ParseError::at(&file.name, loc(), Some("lastName"), "entry has no name")
            })?;
        let mut primary = Name::new(name.clone(), NameKind::Primary);
        if schema == Schema::Person {
            primary.parts = split_surname_first(&name);
        }
        e.add_name(primary);
        if let Some(t) = text(entry, "title") {
            Entity::push_unique(&mut e.positions, t);
        }
        for p in items(entry, "programList", "program") {
            if let Some(p) = xml::own_text(p) {
                Entity::push_unique(&mut e.programs, p);
            }
        }
        for aka in items(entry, "akaList", "aka") {
            let Some(value) = full_name(text(aka, "firstName"), text(aka, "lastName")) else {
                continue;
            };
            let kind = match (
                text(aka, "type").as_deref(),
                text(aka, "category").as_deref(),
            ) {
                (Some("f.k.a."), _) => NameKind::Previous,
                (_, Some("weak")) => NameKind::WeakAlias,
                _ => NameKind::Alias,
            };
            let mut n = Name::new(value.clone(), kind);
            if schema == Schema::Person {
                n.parts = split_surname_first(&value);
            }
            e.add_name(n);
        }
        for id in items(entry, "idList", "id") {
            let label = text(id, "idType").unwrap_or_default();
            let value = text(id, "idNumber").unwrap_or_default();
            let mut note = Vec::new();
            if let Some(d) = text(id, "issueDate") {
                note.push(format!("issued {d}"));
            }
            if let Some(d) = text(id, "expirationDate") {
                note.push(format!("expires {d}"));
            }
            let note = (!note.is_empty()).then(|| note.join(", "));
            apply_labelled(
                &mut e,
                &label,
                &value,
                text(id, "idCountry").as_deref(),
                note.as_deref(),
            );
        }
        for a in items(entry, "addressList", "address") {
            let street = ["address1", "address2", "address3"]
                .iter()
                .filter_map(|f| text(a, f))
                .collect::<Vec<_>>()
                .join(", ");
            let country = text(a, "country");
            let addr = Address::from_parts(
                Some(street),
                text(a, "city"),
                text(a, "stateOrProvince"),
                text(a, "postalCode"),
                country.as_deref(),
            );
            e.add_address(addr, country.as_deref());
        }
        for (list_el, item, nationality) in [
            ("nationalityList", "nationality", true),
            ("citizenshipList", "citizenship", true),
        ] {
            for n in child(entry, list_el)
                .into_iter()
                .flat_map(|l| children(l, item))
            {
                if let Some(c) = text(n, "country") {
                    if !e.add_country(&c, nationality) {
                        e.add_note(&format!("{item} {c}"));
                    }
                }
            }
        }
        for d in items(entry, "dateOfBirthList", "dateOfBirthItem") {
            if let Some(v) = text(d, "dateOfBirth") {
                match DateSpec::parse_text(&v) {
                    Some(spec) => Entity::push_unique(&mut e.birth_dates, spec),
                    None => e.add_note(&format!("DOB {v}")),
                }
            }
        }
        for p in items(entry, "placeOfBirthList", "placeOfBirthItem") {
            if let Some(v) = text(p, "placeOfBirth") {
                Entity::push_unique(&mut e.birth_places, v);
            }
        }
        if let Some(v) = child(entry, "vesselInfo") {
            for (el, prop) in [
                ("callSign", "callSign"),
                ("vesselType", "type"),
                ("tonnage", "tonnage"),
                ("grossRegisteredTonnage", "grossRegisteredTonnage"),
            ] {
                if let Some(t) = text(v, el) {
                    e.add_extra(prop, &t);
                }
            }
            if let Some(flag) = text(v, "vesselFlag") {
                match interdict_model::country::to_iso(&flag) {
                    Some(code) => e.add_extra("flag", code),
                    None => e.add_extra("flag", &flag),
                }
            }
            if let Some(owner) = text(v, "vesselOwner") {
                e.add_note(&format!("Vessel owner: {owner}"));
            }
        }
        if let Some(r) = text(entry, "remarks") {
            let l = apply_remarks(&mut e, &r);
            if !l.is_empty() {
                links.push((parsed.entities.len(), l));
            }
        }
        parsed.entities.push(e);
    }
    if parsed.entities.is_empty() {
        return Err(ParseError::file(&file.name, "contains no sdnEntry records"));
    }
    let mut warnings = Vec::new();
    resolve_links(&mut parsed.entities, links, list, &mut warnings);
    parsed.warnings.extend(warnings);
    Ok(parsed)
}
