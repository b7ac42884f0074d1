//! UK Sanctions List XML from the FCDO (root `Designations`). Ids are `gb-fcdo-<UniqueID>`.
//! Records without a UniqueID cannot be given a stable id; they are named in the warnings.

use crate::read::utf8;
use crate::xml::{self, child, children, items, text};
use crate::{Format, ParseError, ParsedList, SourceFile};
use interdict_model::{
    Address, DateSpec, Entity, IdKind, Identifier, Name, NameKind, PartialDate, Schema,
};
use roxmltree::Node;

fn all_text(node: Node, path: &[&'static str]) -> Vec<String> {
    let mut nodes = vec![node];
    for step in path {
        nodes = nodes.into_iter().flat_map(|n| children(n, step)).collect();
    }
    nodes.into_iter().filter_map(xml::own_text).collect()
}

/// Parses a `Designations` document.
pub(crate) fn parse(file: &SourceFile, list: Option<&str>) -> Result<ParsedList, ParseError> {
    let src = utf8(file)?;
    let doc = xml::parse(file, src)?;
    let root = doc.root_element();
    let list = list.unwrap_or("gb_fcdo_sanctions");
    let mut parsed = ParsedList::new(list, Format::UkFcdoXml, &[file]);
    parsed.published =
        text(root, "DateGenerated").and_then(|d| PartialDate::parse_loose(&d, false));
    for (i, des) in children(root, "Designation").enumerate() {
        let Some(uid) = text(des, "UniqueID") else {
            let name = all_text(des, &["Names", "Name", "Name6"])
                .into_iter()
                .next()
                .unwrap_or_default();
            parsed.warnings.push(format!(
                "{} (Designation {}): no UniqueID, so no stable id can be given; record {name:?} not imported",
                xml::pos(&doc, des),
                i + 1
            ));
            continue;
        };
        let schema = match text(des, "IndividualEntityShip").as_deref() {
            Some("Individual") => Schema::Person,
            Some("Ship") => Schema::Vessel,
            _ => Schema::Organization,
        };
        let mut e = parsed.entity("gb-fcdo-", &uid, schema.clone());
        for n in items(des, "Names", "Name") {
            let given: Vec<String> = ["Name1", "Name2", "Name3", "Name4", "Name5"]
                .iter()
                .filter_map(|f| text(n, f))
                .collect();
            let name_type = text(n, "NameType").unwrap_or_default().to_ascii_lowercase();
            let strength = text(n, "AliasStrength")
                .unwrap_or_default()
                .to_ascii_lowercase();
            let kind = if name_type.starts_with("primary") {
                NameKind::Primary
            } else if strength.starts_with("low") {
                NameKind::WeakAlias
            } else {
                NameKind::Alias
            };
            e.add_name(crate::uk_csv::uk_name(
                given,
                text(n, "Name6"),
                kind,
                schema == Schema::Person,
            ));
        }
        for n in all_text(
            des,
            &["NonLatinNames", "NonLatinName", "NameNonLatinScript"],
        ) {
            e.add_name(Name::new(n, NameKind::OriginalScript));
        }
        if e.names.is_empty() {
            return Err(ParseError::at(
                &file.name,
                xml::pos(&doc, des),
                Some("Names"),
                format!("designation {uid} has no name"),
            ));
        }
        for t in all_text(des, &["Titles", "Title"]) {
            Entity::push_unique(&mut e.titles, t);
        }
        if let Some(r) = text(des, "RegimeName") {
            Entity::push_unique(&mut e.programs, r);
        }
        if let Some(d) =
            text(des, "DateDesignated").and_then(|d| PartialDate::parse_loose(&d, false))
        {
            Entity::push_unique(&mut e.listing_dates, d);
        }
        for (el, prop) in [
            ("OFSIGroupID", "ofsiGroupId"),
            ("UNReferenceNumber", "unscId"),
        ] {
            if let Some(v) = text(des, el) {
                e.add_extra(prop, &v);
            }
        }
        if let Some(o) = text(des, "OtherInformation") {
            e.add_note(&o);
        }
        for a in items(des, "Addresses", "Address") {
            let lines: Vec<String> = [
                "AddressLine1",
                "AddressLine2",
                "AddressLine3",
                "AddressLine4",
                "AddressLine5",
                "AddressLine6",
            ]
            .iter()
            .filter_map(|f| text(a, f))
            .collect();
            let country = text(a, "AddressCountry");
            let addr = Address::from_parts(
                Some(lines.join(", ")),
                None,
                None,
                text(a, "AddressPostalCode"),
                country.as_deref(),
            );
            e.add_address(addr, country.as_deref());
        }
        let ind = &["IndividualDetails", "Individual"];
        let with = |tail: &[&'static str]| -> Vec<String> {
            let path: Vec<&'static str> = ind.iter().chain(tail.iter()).copied().collect();
            all_text(des, &path)
        };
        for d in with(&["DOBs", "DOB"]) {
            match PartialDate::parse_loose(&d, false) {
                Some(date) => Entity::push_unique(&mut e.birth_dates, DateSpec::exact(date)),
                None => e.add_note(&format!("DOB {d}")),
            }
        }
        for n in with(&["Nationalities", "Nationality"]) {
            if !e.add_country(&n, true) {
                e.add_note(&format!("Nationality: {n}"));
            }
        }
        for p in with(&["Positions", "Position"]) {
            Entity::push_unique(&mut e.positions, p);
        }
        for g in with(&["Genders", "Gender"]) {
            Entity::push_unique(&mut e.gender, g.to_ascii_lowercase());
        }
        let individual = child(des, "IndividualDetails").and_then(|d| child(d, "Individual"));
        for loc in individual
            .and_then(|i| child(i, "BirthDetails"))
            .into_iter()
            .flat_map(|b| children(b, "Location"))
        {
            let place = [text(loc, "TownOfBirth"), text(loc, "CountryOfBirth")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            if !place.is_empty() {
                Entity::push_unique(&mut e.birth_places, place);
            }
        }
        for p in individual
            .and_then(|i| child(i, "PassportDetails"))
            .into_iter()
            .flat_map(|b| children(b, "Passport"))
        {
            if let Some(num) = text(p, "PassportNumber") {
                let mut id = Identifier::new(IdKind::Passport, num);
                id.label = Some("Passport".into());
                id.note = text(p, "PassportAdditionalInformation");
                e.add_identifier(id);
            }
        }
        for p in individual
            .and_then(|i| child(i, "NationalIdentifierDetails"))
            .into_iter()
            .flat_map(|b| children(b, "NationalIdentifier"))
        {
            if let Some(num) = text(p, "NationalIdentifierNumber") {
                let mut id = Identifier::new(IdKind::NationalId, num);
                id.label = Some("National identifier".into());
                id.note = text(p, "NationalIdentifierAdditionalInformation");
                e.add_identifier(id);
            }
        }
        let ship = &["ShipDetails", "Ship"];
        let ship_with = |tail: &[&'static str]| -> Vec<String> {
            let path: Vec<&'static str> = ship.iter().chain(tail.iter()).copied().collect();
            all_text(des, &path)
        };
        for imo in ship_with(&["IMONumbers", "IMONumber"]) {
            let mut id = Identifier::new(IdKind::Imo, imo);
            id.label = Some("IMO number".into());
            e.add_identifier(id);
        }
        for flag in ship_with(&["CurrentBelievedFlagOfShips", "CurrentBelievedFlagOfShip"]) {
            match interdict_model::country::to_iso(&flag) {
                Some(code) => e.add_extra("flag", code),
                None => e.add_extra("flag", &flag),
            }
        }
        for t in ship_with(&["TypeOfShipDetails", "TypeOfShip"]) {
            e.add_extra("type", &t);
        }
        for t in ship_with(&["TonnageOfShipDetails", "TonnageOfShip"]) {
            e.add_extra("tonnage", &t);
        }
        for o in ship_with(&["CurrentOwnerOperators", "CurrentOwnerOperator"]) {
            e.add_note(&format!("Owner/operator: {o}"));
        }
        for y in ship_with(&["YearsBuilt", "YearBuilt"]) {
            e.add_extra("buildDate", &y);
        }
        parsed.entities.push(e);
    }
    if parsed.entities.is_empty() {
        return Err(ParseError::file(
            &file.name,
            "contains no Designation records with a UniqueID",
        ));
    }
    Ok(parsed)
}
