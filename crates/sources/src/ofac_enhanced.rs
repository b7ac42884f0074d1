//! OFAC enhanced XML (`SDN_ENHANCED.XML`, `CONS_ENHANCED.XML`): typed features, name
//! translations in several scripts, and ownership/relationship records between entities.

use crate::ofac_csv::split_surname_first;
use crate::ofac_remarks::{apply_labelled, apply_remarks};
use crate::read::utf8;
use crate::xml::{self, attr, child, children, items, text};
use crate::{Format, ParseError, ParsedList, SourceFile};
use interdict_model::{Address, DateSpec, Entity, Name, NameKind, PartialDate, Relation, Schema};

/// Parses a `sanctionsData` document.
pub(crate) fn parse(file: &SourceFile, list: Option<&str>) -> Result<ParsedList, ParseError> {
    let src = utf8(file)?;
    let doc = xml::parse(file, src)?;
    let root = doc.root_element();
    let info = child(root, "publicationInfo");
    let filter_list = info
        .and_then(|i| child(i, "filters"))
        .and_then(|f| child(f, "sanctionsLists"))
        .and_then(|l| text(l, "sanctionsList"));
    let default_list = match filter_list.as_deref() {
        Some("SDN List") => "us_ofac_sdn",
        Some(_) => "us_ofac_cons",
        None if file.base_name().contains("cons") => "us_ofac_cons",
        None => "us_ofac_sdn",
    };
    let list = list.unwrap_or(default_list);
    let mut parsed = ParsedList::new(list, Format::OfacEnhancedXml, &[file]);
    parsed.published = info
        .and_then(|i| text(i, "dataAsOf"))
        .and_then(|d| PartialDate::parse_iso(&d));
    let entities_el = child(root, "entities")
        .ok_or_else(|| ParseError::file(&file.name, "has no <entities> element"))?;
    let mut relations = Vec::new();
    for (i, ent) in children(entities_el, "entity").enumerate() {
        let loc = || format!("{} (entity {})", xml::pos(&doc, ent), i + 1);
        let uid = attr(ent, "id")
            .filter(|u| u.chars().all(|c| c.is_ascii_digit()))
            .ok_or_else(|| {
                ParseError::at(
                    &file.name,
                    loc(),
                    Some("entity/@id"),
                    "missing or not a number",
                )
            })?;
        let general = child(ent, "generalInfo");
        let schema = match general.and_then(|g| text(g, "entityType")).as_deref() {
            Some("Individual") => Schema::Person,
            Some("Vessel") => Schema::Vessel,
            Some("Aircraft") => Schema::Airplane,
            // "Entity": an organization, never a person.
            _ => Schema::Organization,
        };
        let mut e = parsed.entity("ofac-", &uid, schema.clone());
        for p in items(ent, "sanctionsPrograms", "sanctionsProgram") {
            if let Some(p) = xml::own_text(p) {
                Entity::push_unique(&mut e.programs, p);
            }
        }
        for l in items(ent, "sanctionsLists", "sanctionsList") {
            if let Some(d) = attr(l, "datePublished").and_then(|d| PartialDate::parse_iso(&d)) {
                Entity::push_unique(&mut e.listing_dates, d);
            }
        }
        for name in items(ent, "names", "name") {
            let primary = text(name, "isPrimary").as_deref() == Some("true");
            let low = text(name, "isLowQuality").as_deref() == Some("true");
            let alias_type = text(name, "aliasType");
            for tr in items(name, "translations", "translation") {
                let Some(full) = text(tr, "formattedFullName") else {
                    continue;
                };
                let latin = text(tr, "script").is_none_or(|s| s == "Latin");
                let kind = if !latin {
                    NameKind::OriginalScript
                } else if primary {
                    NameKind::Primary
                } else if alias_type.as_deref() == Some("F.K.A.") {
                    NameKind::Previous
                } else if low {
                    NameKind::WeakAlias
                } else {
                    NameKind::Alias
                };
                let mut n = Name::new(full.clone(), kind);
                if !latin {
                    n.lang = text(tr, "script");
                }
                if schema == Schema::Person {
                    n.parts = split_surname_first(&full);
                }
                e.add_name(n);
            }
        }
        if e.names.is_empty() {
            return Err(ParseError::at(
                &file.name,
                loc(),
                Some("names"),
                "entity has no name",
            ));
        }
        for a in items(ent, "addresses", "address") {
            let country = text(a, "country");
            let mut street = Vec::new();
            let (mut city, mut region, mut postal) = (None, None, None);
            for part in a
                .descendants()
                .filter(|n| n.is_element() && n.tag_name().name() == "addressPart")
            {
                let (Some(t), Some(v)) = (text(part, "type"), text(part, "value")) else {
                    continue;
                };
                match t.as_str() {
                    "CITY" => city = Some(v),
                    "STATE/PROVINCE" => region = Some(v),
                    "POSTAL CODE" => postal = Some(v),
                    _ => street.push(v),
                }
            }
            let addr = Address::from_parts(
                Some(street.join(", ")),
                city,
                region,
                postal,
                country.as_deref(),
            );
            e.add_address(addr, country.as_deref());
        }
        for f in items(ent, "features", "feature") {
            let Some(kind) = text(f, "type") else {
                continue;
            };
            let Some(value) = text(f, "value") else {
                continue;
            };
            match kind.as_str() {
                "Birthdate" => match DateSpec::parse_text(&value) {
                    Some(d) => Entity::push_unique(&mut e.birth_dates, d),
                    None => e.add_note(&format!("DOB {value}")),
                },
                "Place of Birth" => Entity::push_unique(&mut e.birth_places, value),
                _ => apply_labelled(&mut e, &kind, &value, None, None),
            }
        }
        for d in items(ent, "identityDocuments", "identityDocument") {
            let label = text(d, "type").unwrap_or_default();
            let number = text(d, "documentNumber").unwrap_or_default();
            let country = text(d, "issuingCountry");
            apply_labelled(&mut e, &label, &number, country.as_deref(), None);
        }
        if let Some(r) = general.and_then(|g| text(g, "remarks")) {
            let links = apply_remarks(&mut e, &r);
            for l in links {
                e.add_note(&format!("Linked To: {l}"));
            }
        }
        for rel in items(ent, "relationships", "relationship") {
            let rel_id = attr(rel, "id").unwrap_or_else(|| format!("{uid}-{}", relations.len()));
            let kind = text(rel, "type").unwrap_or_default();
            let Some(other) = child(rel, "relatedEntity").and_then(|r| attr(r, "entityId")) else {
                continue;
            };
            relations.push((rel_id, uid.clone(), other, kind));
        }
        parsed.entities.push(e);
    }
    if parsed.entities.is_empty() {
        return Err(ParseError::file(&file.name, "contains no entity records"));
    }
    let known: std::collections::HashSet<String> =
        parsed.entities.iter().map(|e| e.id.clone()).collect();
    let mut dangling = 0;
    for (rel_id, this, other, kind) in relations {
        let (this, other) = (format!("ofac-{this}"), format!("ofac-{other}"));
        if !known.contains(&other) {
            dangling += 1;
        }
        // "Owned or Controlled By": the related entity owns this one.
        let (schema, from, to) = if kind.starts_with("Owned or Controlled") {
            (Schema::Ownership, other, this)
        } else {
            (Schema::UnknownLink, this, other)
        };
        let mut link = Entity::new(format!("ofac-rel-{rel_id}"), schema);
        link.source.list = list.to_string();
        link.source.record_id = rel_id;
        link.source.published = parsed.published;
        link.relation = Some(Relation {
            from,
            to,
            role: Some(kind),
            percentage: None,
        });
        parsed.entities.push(link);
    }
    if dangling > 0 {
        parsed.warnings.push(format!(
            "{dangling} relationship(s) point to entities not in this file (on another OFAC list)"
        ));
    }
    Ok(parsed)
}
