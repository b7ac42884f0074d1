//! UN Security Council consolidated list XML (`CONSOLIDATED_LIST`): individuals and entities,
//! names split over FIRST…FOURTH_NAME, original-script names, alias quality Good/Low,
//! partial and ranged birth dates. Ids are `un-<DATAID>`.

use crate::read::utf8;
use crate::xml::{self, attr, child, children, text};
use crate::{Format, ParseError, ParsedList, SourceFile};
use interdict_model::{
    Address, DateSpec, Entity, IdKind, Identifier, Name, NameKind, NameParts, PartialDate, Schema,
};
use roxmltree::Node;

/// The texts of the `<VALUE>` children of every `element` child (UN's multi-valued fields).
fn multi(node: Node, element: &'static str) -> Vec<String> {
    children(node, element)
        .flat_map(|n| children(n, "VALUE").filter_map(xml::own_text))
        .collect()
}

/// Parses a `CONSOLIDATED_LIST` document.
pub(crate) fn parse(file: &SourceFile, list: Option<&str>) -> Result<ParsedList, ParseError> {
    let src = utf8(file)?;
    let doc = xml::parse(file, src)?;
    let root = doc.root_element();
    let list = list.unwrap_or("un_sc_sanctions");
    let mut parsed = ParsedList::new(list, Format::UnXml, &[file]);
    parsed.published = attr(root, "dateGenerated").and_then(|d| PartialDate::parse_iso(&d));
    let groups = [
        ("INDIVIDUALS", "INDIVIDUAL", Schema::Person),
        ("ENTITIES", "ENTITY", Schema::Organization),
    ];
    for (group, item, schema) in groups {
        for (i, rec) in child(root, group)
            .into_iter()
            .flat_map(|g| children(g, item))
            .enumerate()
        {
            let loc = || format!("{} ({item} {})", xml::pos(&doc, rec), i + 1);
            let dataid = text(rec, "DATAID")
                .filter(|d| d.chars().all(|c| c.is_ascii_digit()))
                .ok_or_else(|| {
                    ParseError::at(&file.name, loc(), Some("DATAID"), "missing or not a number")
                })?;
            let mut e = parsed.entity("un-", &dataid, schema.clone());
            let parts: Vec<String> = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]
                .iter()
                .filter_map(|f| text(rec, f))
                .collect();
            if parts.is_empty() {
                return Err(ParseError::at(
                    &file.name,
                    loc(),
                    Some("FIRST_NAME"),
                    "record has no name",
                ));
            }
            let mut primary = Name::new(parts.join(" "), NameKind::Primary);
            if schema == Schema::Person {
                primary.parts = Some(NameParts {
                    first: text(rec, "FIRST_NAME"),
                    middle: text(rec, "THIRD_NAME"),
                    last: text(rec, "SECOND_NAME"),
                    father: None,
                });
            }
            e.add_name(primary);
            if let Some(orig) = text(rec, "NAME_ORIGINAL_SCRIPT") {
                e.add_name(Name::new(orig, NameKind::OriginalScript));
            }
            let alias_el = if schema == Schema::Person {
                "INDIVIDUAL_ALIAS"
            } else {
                "ENTITY_ALIAS"
            };
            for a in children(rec, alias_el) {
                let Some(value) = text(a, "ALIAS_NAME") else {
                    continue;
                };
                let kind = match text(a, "QUALITY").as_deref() {
                    Some("Low") => NameKind::WeakAlias,
                    Some("f.k.a.") => NameKind::Previous,
                    _ => NameKind::Alias,
                };
                e.add_name(Name::new(value, kind));
            }
            if let Some(list_type) = text(rec, "UN_LIST_TYPE") {
                Entity::push_unique(&mut e.programs, list_type);
            }
            if let Some(r) = text(rec, "REFERENCE_NUMBER") {
                e.add_extra("unscId", &r);
            }
            if let Some(d) = text(rec, "LISTED_ON").and_then(|d| PartialDate::parse_iso(&d)) {
                Entity::push_unique(&mut e.listing_dates, d);
            }
            if let Some(g) = text(rec, "GENDER") {
                Entity::push_unique(&mut e.gender, g.to_ascii_lowercase());
            }
            for c in multi(rec, "NATIONALITY") {
                if !e.add_country(&c, true) {
                    e.add_note(&format!("Nationality: {c}"));
                }
            }
            for t in multi(rec, "TITLE") {
                Entity::push_unique(&mut e.titles, t);
            }
            for d in multi(rec, "DESIGNATION") {
                Entity::push_unique(&mut e.positions, d);
            }
            for c in ["COMMENTS1", "NOTE"] {
                if let Some(t) = text(rec, c) {
                    e.add_note(&t);
                }
            }
            let addr_el = if schema == Schema::Person {
                "INDIVIDUAL_ADDRESS"
            } else {
                "ENTITY_ADDRESS"
            };
            for a in children(rec, addr_el) {
                let country = text(a, "COUNTRY");
                let addr = Address::from_parts(
                    text(a, "STREET"),
                    text(a, "CITY"),
                    text(a, "STATE_PROVINCE"),
                    text(a, "ZIP_CODE"),
                    country.as_deref(),
                );
                if let Some(n) = text(a, "NOTE") {
                    e.add_note(&n);
                }
                e.add_address(addr, country.as_deref());
            }
            for d in children(rec, "INDIVIDUAL_DATE_OF_BIRTH") {
                let kind = text(d, "TYPE_OF_DATE").unwrap_or_default();
                let approximate = kind == "APPROXIMATELY";
                let spec = if kind == "BETWEEN" {
                    let from = text(d, "FROM_YEAR").and_then(|y| PartialDate::parse_iso(&y));
                    let to = text(d, "TO_YEAR").and_then(|y| PartialDate::parse_iso(&y));
                    from.map(|f| DateSpec {
                        date: f,
                        until: to,
                        approximate,
                    })
                } else {
                    text(d, "DATE")
                        .or_else(|| text(d, "YEAR"))
                        .and_then(|v| PartialDate::parse_iso(&v))
                        .map(|date| DateSpec {
                            date,
                            until: None,
                            approximate,
                        })
                };
                match spec {
                    Some(s) => Entity::push_unique(&mut e.birth_dates, s),
                    None => {
                        if let Some(raw) = xml::own_text(d) {
                            e.add_note(&format!("Date of birth: {raw}"));
                        }
                    }
                }
            }
            for p in children(rec, "INDIVIDUAL_PLACE_OF_BIRTH") {
                let place = ["CITY", "STATE_PROVINCE", "COUNTRY"]
                    .iter()
                    .filter_map(|f| text(p, f))
                    .collect::<Vec<_>>()
                    .join(", ");
                if !place.is_empty() {
                    Entity::push_unique(&mut e.birth_places, place);
                }
            }
            for d in children(rec, "INDIVIDUAL_DOCUMENT") {
                let Some(number) = text(d, "NUMBER") else {
                    if let Some(note) = text(d, "NOTE") {
                        e.add_note(&note);
                    }
                    continue;
                };
                let label = text(d, "TYPE_OF_DOCUMENT").unwrap_or_else(|| "Document".into());
                let mut id = Identifier::new(IdKind::from_label(&label), number);
                id.label = Some(label);
                id.country = text(d, "ISSUING_COUNTRY")
                    .or_else(|| text(d, "COUNTRY_OF_ISSUE"))
                    .and_then(|c| interdict_model::country::to_iso(&c))
                    .map(str::to_string);
                let note: Vec<String> = [
                    "TYPE_OF_DOCUMENT2",
                    "DATE_OF_ISSUE",
                    "CITY_OF_ISSUE",
                    "NOTE",
                ]
                .iter()
                .filter_map(|f| text(d, f))
                .collect();
                if !note.is_empty() {
                    id.note = Some(note.join("; "));
                }
                e.add_identifier(id);
            }
            parsed.entities.push(e);
        }
    }
    if parsed.entities.is_empty() {
        return Err(ParseError::file(
            &file.name,
            "contains no INDIVIDUAL or ENTITY records",
        ));
    }
    Ok(parsed)
}
