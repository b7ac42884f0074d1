//! EU Financial Sanctions Files: the current `xmlFullSanctionsList_1_1` export (root
//! `export`) and the legacy 1.0 "WHOLE" export. Both number entities with the same
//! logical id, so ids are `eu-<logicalId>` from either format.

use crate::read::utf8;
use crate::xml::{self, attr, children, text};
use crate::{Format, ParseError, ParsedList, SourceFile};
use interdict_model::{
    Address, DateSpec, Entity, IdKind, Identifier, Name, NameKind, NameParts, PartialDate, Schema,
};

fn schema_of(code: Option<&str>) -> Schema {
    match code {
        Some("person") | Some("P") => Schema::Person,
        _ => Schema::Organization,
    }
}

/// Gender (`M`/`F`), title and function as the EU gives them beside each name.
fn add_name_details(
    e: &mut Entity,
    gender: Option<String>,
    title: Option<String>,
    function: Option<String>,
) {
    if let Some(g) = gender {
        let g = match g.as_str() {
            "M" => "male",
            "F" => "female",
            _ => "other",
        };
        Entity::push_unique(&mut e.gender, g.to_string());
    }
    if let Some(t) = title {
        Entity::push_unique(&mut e.titles, t);
    }
    if let Some(f) = function {
        Entity::push_unique(&mut e.positions, f);
    }
}

fn add_country(e: &mut Entity, code: Option<String>, nationality: bool) {
    if let Some(c) = code {
        if !e.add_country(&c, nationality) {
            e.add_note(&format!("Country: {c}"));
        }
    }
}

/// Parses the 1.1 format.
pub(crate) fn parse_11(file: &SourceFile, list: Option<&str>) -> Result<ParsedList, ParseError> {
    let src = utf8(file)?;
    let doc = xml::parse(file, src)?;
    let root = doc.root_element();
    let list = list.unwrap_or("eu_fsf");
    let mut parsed = ParsedList::new(list, Format::EuXml11, &[file]);
    parsed.published = attr(root, "generationDate").and_then(|d| PartialDate::parse_iso(&d));
    let mut nameless = Vec::new();
    for (i, ent) in children(root, "sanctionEntity").enumerate() {
        let loc = || format!("{} (sanctionEntity {})", xml::pos(&doc, ent), i + 1);
        let id = attr(ent, "logicalId")
            .ok_or_else(|| ParseError::at(&file.name, loc(), Some("logicalId"), "missing"))?;
        let schema = schema_of(
            children(ent, "subjectType")
                .next()
                .and_then(|s| s.attribute("code")),
        );
        let mut e = parsed.entity("eu-", &id, schema.clone());
        if let Some(r) = attr(ent, "euReferenceNumber") {
            e.add_extra("euReferenceNumber", &r);
        }
        if let Some(r) = attr(ent, "unitedNationId") {
            e.add_extra("unscId", &r);
        }
        if let Some(d) = attr(ent, "designationDate").and_then(|d| PartialDate::parse_iso(&d)) {
            Entity::push_unique(&mut e.listing_dates, d);
        }
        if let Some(r) = text(ent, "remark") {
            e.add_note(&r);
        }
        for reg in children(ent, "regulation") {
            if let Some(p) = attr(reg, "programme") {
                Entity::push_unique(&mut e.programs, p);
            }
        }
        for (n, alias) in children(ent, "nameAlias").enumerate() {
            let Some(whole) = attr(alias, "wholeName") else {
                continue;
            };
            let strong = alias.attribute("strong") != Some("false");
            let kind = match (n, strong) {
                (_, false) => NameKind::WeakAlias,
                (0, true) => NameKind::Primary,
                _ => NameKind::Alias,
            };
            let mut name = Name::new(whole, kind);
            name.lang = attr(alias, "nameLanguage");
            if schema == Schema::Person {
                let parts = NameParts {
                    first: attr(alias, "firstName"),
                    middle: attr(alias, "middleName"),
                    last: attr(alias, "lastName"),
                    father: None,
                };
                if parts != NameParts::default() {
                    name.parts = Some(parts);
                }
            }
            e.add_name(name);
            add_name_details(
                &mut e,
                attr(alias, "gender"),
                attr(alias, "title"),
                attr(alias, "function"),
            );
        }
        if e.names.is_empty() {
            nameless.push(id.clone());
        }
        for c in children(ent, "citizenship") {
            add_country(
                &mut e,
                attr(c, "countryIso2Code").filter(|c| c != "00"),
                true,
            );
        }
        for b in children(ent, "birthdate") {
            let date = attr(b, "birthdate")
                .and_then(|d| PartialDate::parse_iso(&d))
                .or_else(|| {
                    let year = attr(b, "year")?.parse().ok()?;
                    let month = attr(b, "monthOfYear").and_then(|m| m.parse().ok());
                    let day = month.and(attr(b, "dayOfMonth").and_then(|d| d.parse().ok()));
                    PartialDate::new(year, month, day)
                });
            if let Some(date) = date {
                Entity::push_unique(
                    &mut e.birth_dates,
                    DateSpec {
                        date,
                        until: None,
                        approximate: b.attribute("circa") == Some("true"),
                    },
                );
            }
            let place = [
                attr(b, "city").filter(|c| c != "-"),
                attr(b, "place"),
                attr(b, "countryDescription"),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
            if !place.is_empty() {
                Entity::push_unique(&mut e.birth_places, place);
            }
        }
        for d in children(ent, "identification") {
            let Some(number) = attr(d, "number") else {
                continue;
            };
            let label = attr(d, "identificationTypeDescription")
                .or_else(|| attr(d, "identificationTypeCode"))
                .unwrap_or_else(|| "Identification".into());
            let code = attr(d, "identificationTypeCode").unwrap_or_default();
            let kind = match code.as_str() {
                "passport" => IdKind::Passport,
                "id" => IdKind::NationalId,
                "tax" | "fiscalcode" => IdKind::TaxId,
                "regnumber" => IdKind::Registration,
                "swiftbic" => IdKind::SwiftBic,
                "imo" => IdKind::Imo,
                _ => IdKind::from_label(&label),
            };
            let mut id = Identifier::new(kind, number);
            id.label = Some(label);
            id.country = attr(d, "countryIso2Code")
                .and_then(|c| interdict_model::country::to_iso(&c))
                .map(str::to_string);
            id.note = attr(d, "remark").or_else(|| text(d, "remark"));
            e.add_identifier(id);
        }
        for a in children(ent, "address") {
            let country = attr(a, "countryDescription");
            let street = [attr(a, "street"), attr(a, "poBox")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            let addr = Address::from_parts(
                Some(street),
                attr(a, "city"),
                attr(a, "region"),
                attr(a, "zipCode"),
                country.as_deref(),
            );
            add_country(
                &mut e,
                attr(a, "countryIso2Code").filter(|c| c != "00"),
                false,
            );
            for c in children(a, "contactInfo") {
                if let Some(v) = attr(c, "value") {
                    Entity::push_unique(&mut e.contacts, v);
                }
            }
            if !addr.full.is_empty() {
                Entity::push_unique(&mut e.addresses, addr);
            }
        }
        parsed.entities.push(e);
    }
    if parsed.entities.is_empty() {
        return Err(ParseError::file(
            &file.name,
            "contains no sanctionEntity records",
        ));
    }
    if !nameless.is_empty() {
        parsed.warnings.push(format!(
            "{} entit(ies) have no nameAlias and cannot be screened by name: eu-{}",
            nameless.len(),
            nameless.join(", eu-")
        ));
    }
    Ok(parsed)
}

/// Parses the legacy 1.0 "WHOLE" format.
pub(crate) fn parse_10(file: &SourceFile, list: Option<&str>) -> Result<ParsedList, ParseError> {
    let src = utf8(file)?;
    let doc = xml::parse(file, src)?;
    let root = doc.root_element();
    let list = list.unwrap_or("eu_fsf");
    let mut parsed = ParsedList::new(list, Format::EuXml10, &[file]);
    parsed.published = attr(root, "Date").and_then(|d| PartialDate::parse_loose(&d, false));
    for (i, ent) in children(root, "ENTITY").enumerate() {
        let loc = || format!("{} (ENTITY {})", xml::pos(&doc, ent), i + 1);
        let id = attr(ent, "Id")
            .ok_or_else(|| ParseError::at(&file.name, loc(), Some("Id"), "missing"))?;
        let schema = schema_of(ent.attribute("Type"));
        let mut e = parsed.entity("eu-", &id, schema.clone());
        if let Some(p) = attr(ent, "programme") {
            Entity::push_unique(&mut e.programs, p);
        }
        if let Some(d) = attr(ent, "reg_date").and_then(|d| PartialDate::parse_iso(&d)) {
            Entity::push_unique(&mut e.listing_dates, d);
        }
        if let Some(r) = attr(ent, "remark") {
            e.add_note(&r);
        }
        for (n, name) in children(ent, "NAME").enumerate() {
            let whole = text(name, "WHOLENAME").or_else(|| {
                let parts: Vec<String> = ["FIRSTNAME", "MIDDLENAME", "LASTNAME"]
                    .iter()
                    .filter_map(|f| text(name, f))
                    .collect();
                (!parts.is_empty()).then(|| parts.join(" "))
            });
            let Some(whole) = whole else { continue };
            let mut nm = Name::new(
                whole,
                if n == 0 {
                    NameKind::Primary
                } else {
                    NameKind::Alias
                },
            );
            nm.lang = text(name, "LANGUAGE");
            if schema == Schema::Person {
                nm.parts = Some(NameParts {
                    first: text(name, "FIRSTNAME"),
                    middle: text(name, "MIDDLENAME"),
                    last: text(name, "LASTNAME"),
                    father: None,
                });
            }
            e.add_name(nm);
            add_name_details(
                &mut e,
                text(name, "GENDER"),
                text(name, "TITLE"),
                text(name, "FUNCTION"),
            );
        }
        for b in children(ent, "BIRTH") {
            if let Some(d) = text(b, "DATE") {
                match PartialDate::parse_loose(&d, false) {
                    Some(date) => Entity::push_unique(&mut e.birth_dates, DateSpec::exact(date)),
                    None => e.add_note(&format!("Date of birth: {d}")),
                }
            }
            let place = [text(b, "PLACE"), text(b, "COUNTRY")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            if !place.is_empty() {
                Entity::push_unique(&mut e.birth_places, place);
            }
        }
        for c in children(ent, "CITIZEN") {
            add_country(&mut e, text(c, "COUNTRY"), true);
        }
        for p in children(ent, "PASSPORT") {
            let Some(number) = text(p, "NUMBER") else {
                continue;
            };
            let mut id = Identifier::new(IdKind::Passport, number);
            id.label = Some("Passport".into());
            id.country = text(p, "COUNTRY")
                .and_then(|c| interdict_model::country::to_iso(&c))
                .map(str::to_string);
            e.add_identifier(id);
        }
        for a in children(ent, "ADDRESS") {
            let country = text(a, "COUNTRY");
            let street = [text(a, "NUMBER"), text(a, "STREET")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let addr = Address::from_parts(
                Some(street),
                text(a, "CITY"),
                None,
                text(a, "ZIPCODE"),
                country.as_deref(),
            );
            add_country(&mut e, country, false);
            if let Some(o) = text(a, "OTHER") {
                e.add_note(&o);
            }
            if !addr.full.is_empty() {
                Entity::push_unique(&mut e.addresses, addr);
            }
        }
        parsed.entities.push(e);
    }
    if parsed.entities.is_empty() {
        return Err(ParseError::file(&file.name, "contains no ENTITY records"));
    }
    Ok(parsed)
}
