//! Conversion between [`Entity`] and FollowTheMoney JSON (the shape of OpenSanctions exports
//! and yente responses: `{"id", "schema", "properties": {prop: [values]}}`).

use crate::{
    Address, DateSpec, Entity, IdKind, Identifier, Name, NameKind, PartialDate, Relation, Schema,
};
use serde_json::{json, Map, Value};

fn push(props: &mut Map<String, Value>, prop: &str, value: impl Into<String>) {
    let value = value.into();
    if value.is_empty() {
        return;
    }
    let entry = props
        .entry(prop.to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(list) = entry {
        if !list.iter().any(|v| v.as_str() == Some(value.as_str())) {
            list.push(Value::String(value));
        }
    }
}

fn contact_property(value: &str) -> &'static str {
    let v = value.to_ascii_lowercase();
    if v.contains('@') {
        "email"
    } else if v.starts_with("http") || v.starts_with("www.") {
        "website"
    } else {
        "phone"
    }
}

/// The listing's details FtM keeps on a `Sanction` entity: (interdict's property, the
/// Sanction's property, a label for values that need one to be read).
const SANCTION_PROPERTIES: &[(&str, &str, &str)] = &[
    ("listingDate", "listingDate", "Listing date"),
    ("unscId", "unscId", ""),
    (
        "federalRegisterNotice",
        "description",
        "Federal Register notice",
    ),
    ("standardOrder", "provisions", "Standard order"),
    ("action", "status", ""),
    ("endDate", "endDate", "End date"),
    ("sourceList", "authority", ""),
    ("euReferenceNumber", "authorityId", "EU reference number"),
    ("ofsiGroupId", "authorityId", "OFSI group id"),
];

/// A date as FtM's date type reads it (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`), from ISO or the
/// US `MM/DD/YYYY` the BIS lists write.
fn iso_date(s: &str) -> Option<String> {
    PartialDate::parse_loose(s, true).map(|d| d.to_string())
}

/// The digits of `s`, when it is nothing but digits (spaces and dashes allowed).
fn only_digits(s: &str) -> Option<Vec<u32>> {
    let t: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    (!t.is_empty() && t.chars().all(|c| c.is_ascii_digit()))
        .then(|| t.chars().filter_map(|c| c.to_digit(10)).collect())
}

/// Whether a Russian tax number (INN, 10 or 12 digits) has the right check digits.
fn valid_inn(s: &str) -> bool {
    let Some(d) = only_digits(s) else {
        return false;
    };
    let check = |weights: &[u32], at: usize| {
        weights.iter().zip(&d).map(|(w, x)| w * x).sum::<u32>() % 11 % 10 == d[at]
    };
    match d.len() {
        10 => check(&[2, 4, 10, 3, 5, 9, 4, 6, 8], 9),
        12 => {
            check(&[7, 2, 4, 10, 3, 5, 9, 4, 6, 8], 10)
                && check(&[3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8], 11)
        }
        _ => false,
    }
}

/// Whether a Russian registration number (OGRN, 13 digits, or OGRNIP, 15) has the right
/// check digit.
fn valid_ogrn(s: &str) -> bool {
    let Some(d) = only_digits(s) else {
        return false;
    };
    let (body, modulus) = match d.len() {
        13 => (&d[..12], 11u64),
        15 => (&d[..14], 13u64),
        _ => return false,
    };
    let rest = body
        .iter()
        .fold(0u64, |acc, &x| (acc * 10 + u64::from(x)) % modulus);
    rest % 10 == u64::from(d[d.len() - 1])
}

/// Whether a Legal Entity Identifier (20 characters) passes its ISO 7064 mod 97 check.
fn valid_lei(s: &str) -> bool {
    let t = s.trim().to_ascii_uppercase();
    if t.len() != 20 || !t.chars().all(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    let rest = t.chars().fold(0u64, |acc, c| {
        let v = c.to_digit(36).unwrap_or(0) as u64;
        if v >= 10 {
            (acc * 100 + v) % 97
        } else {
            (acc * 10 + v) % 97
        }
    });
    rest == 1
}

/// An IMO number as FtM's type reads it ("IMO" and seven digits), from "IMO 9123456",
/// "9123456"…; `None` for anything else (six digits, letters).
fn imo_number(s: &str) -> Option<String> {
    let t = s.trim();
    let t = t
        .strip_prefix("IMO")
        .or_else(|| t.strip_prefix("imo"))
        .unwrap_or(t);
    let d = only_digits(t.trim())?;
    if d.len() != 7 {
        return None;
    }
    Some(format!(
        "IMO{}",
        d.iter().map(|x| x.to_string()).collect::<String>()
    ))
}

/// A phone number in international form (`+` and digits), as FtM's phone type reads one
/// without a country to guess from: written with `+` or `00`, or with its country code in
/// the first parentheses as OFAC writes Iranian numbers ("(98)(21)(66153220)"). `None` for
/// a local number (no country code), which cannot be read so.
fn international_phone(s: &str) -> Option<String> {
    let t = s.trim();
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    let code_in_parens = t.starts_with('(')
        && t[1..].find(')').is_some_and(|end| {
            (1..=3).contains(&end) && t[1..1 + end].chars().all(|c| c.is_ascii_digit())
        });
    let international = if t.starts_with('+') || code_in_parens {
        digits
    } else if let Some(rest) = digits.strip_prefix("00").filter(|_| t.starts_with("00")) {
        rest.to_string()
    } else {
        return None;
    };
    (8..=15)
        .contains(&international.len())
        .then(|| format!("+{international}"))
}

impl Entity {
    /// The entity as FtM JSON: `id`, `caption`, `schema`, `properties`, `datasets`, plus an
    /// interdict extension `source` (list, record id, publication date).
    pub fn to_ftm(&self) -> Value {
        let mut p = Map::new();
        for name in &self.names {
            push(&mut p, name.kind.ftm_property(), name.value.clone());
        }
        if self.schema == Schema::Person {
            if let Some(parts) = self
                .names
                .iter()
                .find(|n| n.kind == NameKind::Primary)
                .and_then(|n| n.parts.as_ref())
            {
                for (prop, v) in [
                    ("firstName", &parts.first),
                    ("middleName", &parts.middle),
                    ("fatherName", &parts.father),
                    ("lastName", &parts.last),
                ] {
                    if let Some(v) = v {
                        push(&mut p, prop, v.clone());
                    }
                }
            }
        }
        for d in &self.birth_dates {
            for v in d.ftm_values() {
                push(&mut p, "birthDate", v);
            }
        }
        for v in &self.birth_places {
            push(&mut p, "birthPlace", v.clone());
        }
        for v in &self.nationalities {
            push(&mut p, "nationality", v.clone());
        }
        for v in &self.countries {
            push(&mut p, "country", v.clone());
        }
        for id in &self.identifiers {
            // An aircraft's manufacturer's serial (MSN) or construction number is FtM's
            // `serialNumber`; its tail number stays `registrationNumber`.
            let serial = self.schema == Schema::Airplane
                && id.kind == IdKind::Other
                && id.label.as_deref().is_some_and(|l| {
                    let l = l.to_ascii_lowercase();
                    l.contains("serial") || l.contains("construction number")
                });
            let prop = if serial {
                "serialNumber"
            } else {
                id.kind.ftm_property()
            };
            push(&mut p, prop, id.value.clone());
            // Russian INN / OGRN: the identifier's country, or the entity's when the list
            // gives the number without one ("Registration Number 1061674037259").
            let ru = match id.country.as_deref() {
                Some(c) => c == "ru",
                None => self
                    .countries
                    .iter()
                    .chain(&self.nationalities)
                    .any(|c| c == "ru"),
            };
            // Only numbers whose check digits hold are INN / OGRN (as FtM checks them).
            if ru && id.kind == IdKind::TaxId && valid_inn(&id.value) {
                push(&mut p, "innCode", id.value.clone());
            }
            if ru && id.kind == IdKind::Registration && valid_ogrn(&id.value) {
                push(&mut p, "ogrnCode", id.value.clone());
            }
        }
        for a in &self.addresses {
            push(&mut p, "address", a.full.clone());
        }
        for v in &self.gender {
            push(&mut p, "gender", v.clone());
        }
        for v in &self.titles {
            push(&mut p, "title", v.clone());
        }
        for v in &self.positions {
            push(&mut p, "position", v.clone());
        }
        for v in &self.programs {
            push(&mut p, "program", v.clone());
        }
        for v in &self.listing_dates {
            push(&mut p, "listingDate", v.to_string());
        }
        for v in &self.contacts {
            push(&mut p, contact_property(v), v.clone());
        }
        for v in &self.notes {
            push(&mut p, "notes", v.clone());
        }
        if let (Some(rel), Some((from, to))) = (&self.relation, self.schema.relation_ends()) {
            push(&mut p, from, rel.from.clone());
            push(&mut p, to, rel.to.clone());
            if let Some(role) = &rel.role {
                push(&mut p, "role", role.clone());
            }
            if let Some(pc) = &rel.percentage {
                push(&mut p, "percentage", pc.clone());
            }
        }
        for (prop, values) in &self.extra {
            // Not a property (`@referents`): kept for interdict, not FtM.
            if prop.starts_with('@') {
                continue;
            }
            for v in values {
                push(&mut p, prop, v.clone());
            }
        }
        json!({
            "id": self.id,
            "caption": self.caption(),
            "schema": self.schema.name(),
            "properties": p,
            "datasets": [self.source.list],
            "source": {
                "list": self.source.list,
                "record_id": self.source.record_id,
                "published": self.source.published.map(|d| d.to_string()),
            },
        })
    }

    /// The entity as FollowTheMoney itself models it, for consumers that load it with FtM
    /// (yente clients, `followthemoney` tooling): [`Entity::to_ftm`], with what FtM keeps on
    /// other entities moved onto them, nested under the reverse property as yente nests
    /// them — the sanction's details (listing date, UN reference, Federal Register notice,
    /// EU or OFSI reference, end date, …) on a `Sanction` entity under `sanctions`, crypto
    /// addresses on `CryptoWallet` entities under `cryptoWallets` — and values written as
    /// FtM's types read them (phone numbers in international form, dates ISO, an identifier
    /// under a property the schema has). A value FtM could not read as its type is kept as
    /// a note, never dropped.
    pub fn to_ftm_nested(&self) -> Value {
        let mut v = self.to_ftm();
        let id = self.id.clone();
        let schema = self.schema.name().to_string();
        let Some(props) = v.get_mut("properties").and_then(Value::as_object_mut) else {
            return v;
        };
        fn take(props: &mut Map<String, Value>, prop: &str) -> Vec<String> {
            props
                .remove(prop)
                .and_then(|v| v.as_array().cloned())
                .unwrap_or_default()
                .into_iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        }
        let mut notes: Vec<String> = Vec::new();
        // The sanction: details of the listing, on the Sanction entity.
        let mut sanction = Map::new();
        push(&mut sanction, "entity", id.clone());
        for (ours, theirs, label) in SANCTION_PROPERTIES {
            for value in take(props, ours) {
                let value = match *theirs {
                    "endDate" | "listingDate" | "startDate" => match iso_date(&value) {
                        Some(d) => d,
                        None => {
                            notes.push(format!("{label}: {value}"));
                            continue;
                        }
                    },
                    _ if label.is_empty() => value,
                    _ => format!("{label}: {value}"),
                };
                push(&mut sanction, theirs, value);
            }
        }
        let programs: Vec<String> = props
            .get("program")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        for p in programs {
            push(&mut sanction, "program", p);
        }
        // Crypto addresses: one CryptoWallet each, held by the entity.
        let wallets: Vec<Value> = take(props, "cryptoWallet")
            .into_iter()
            .enumerate()
            .map(|(k, address)| {
                json!({
                    "id": format!("{id}-wallet-{}", k + 1),
                    "caption": address,
                    "schema": "CryptoWallet",
                    "properties": {"publicKey": [address], "holder": [id]},
                    "datasets": [self.source.list],
                })
            })
            .collect();
        // Phone numbers as FtM's phone type reads them: international form.
        let phones = take(props, "phone");
        for phone in phones {
            match international_phone(&phone) {
                Some(p) => push(props, "phone", p),
                None => notes.push(format!("Phone: {phone}")),
            }
        }
        // A website written with the text around it ("www.alturath.org. Revival of Islamic
        // Heritage Society Offices Worldwide"): the address as the website, the words as a note.
        for site in take(props, "website") {
            match site.split_once(char::is_whitespace) {
                Some((url, _)) => {
                    let url = url.trim_end_matches(['.', ',', ';', ':']);
                    if !url.is_empty() {
                        push(props, "website", url.to_string());
                    }
                    notes.push(format!("Website: {site}"));
                }
                None => push(props, "website", site),
            }
        }
        // An LEI whose check fails, or an IMO number that is not seven digits, is not what
        // FtM's typed property holds: the number goes under the general property.
        let fallback = if matches!(schema.as_str(), "Vessel" | "Airplane") {
            "registrationNumber"
        } else {
            "idNumber"
        };
        for value in take(props, "leiCode") {
            push(
                props,
                if valid_lei(&value) {
                    "leiCode"
                } else {
                    fallback
                },
                value,
            );
        }
        for value in take(props, "imoNumber") {
            match imo_number(&value) {
                Some(imo) => push(props, "imoNumber", imo),
                None => push(props, fallback, value),
            }
        }
        // An identifier under a property this schema has.
        let moves: &[(&str, &str)] = match schema.as_str() {
            "Vessel" | "Airplane" => &[("idNumber", "registrationNumber")],
            "Person" | "LegalEntity" => &[("imoNumber", "idNumber")],
            _ => &[],
        };
        for (from, to) in moves {
            for value in take(props, from) {
                push(props, to, value);
            }
        }
        for n in notes {
            push(props, "notes", n);
        }
        if sanction.len() > 1 {
            props.insert(
                "sanctions".into(),
                json!([{
                    "id": format!("{id}-sanction"),
                    "caption": "Sanction",
                    "schema": "Sanction",
                    "properties": sanction,
                    "datasets": [self.source.list],
                }]),
            );
        }
        if !wallets.is_empty() {
            props.insert("cryptoWallets".into(), Value::Array(wallets));
        }
        v
    }

    /// Reads an FtM JSON entity. Known properties fill the typed fields; all others are
    /// kept in [`Entity::extra`]; values that do not parse (a malformed date, an unknown
    /// country code) are kept there too under their own property name, so nothing is lost.
    ///
    /// Errors name the offending field: `"id" is missing`, `properties.name[2] is not a string`.
    pub fn from_ftm(value: &Value, list: &str) -> Result<Entity, String> {
        let obj = value.as_object().ok_or("entity is not a JSON object")?;
        let id = obj
            .get("id")
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .ok_or("field \"id\" is missing or not a non-empty string")?;
        let schema = obj
            .get("schema")
            .and_then(Value::as_str)
            .ok_or("field \"schema\" is missing or not a string")?;
        let mut e = Entity::new(id.trim(), Schema::from_name(schema));
        e.source.list = list.to_string();
        e.source.record_id = id.trim().to_string();
        // OpenSanctions' merged entities name the source records they were made of; those
        // ids are the lists' own (`ofac-46001`, `gb-hmt-16270`), which party resolution uses.
        match obj.get("referents") {
            None | Some(Value::Null) => {}
            Some(Value::Array(refs)) => {
                for (i, r) in refs.iter().enumerate() {
                    let r = r
                        .as_str()
                        .ok_or_else(|| format!("referents[{i}] is not a string"))?;
                    if r.trim() != e.id {
                        e.add_extra(crate::REFERENTS, r);
                    }
                }
            }
            Some(_) => return Err("field \"referents\" is not a list".into()),
        }
        if let Some(Value::Array(sets)) = obj.get("datasets") {
            for d in sets.iter().filter_map(Value::as_str) {
                if d != list {
                    e.add_extra(crate::DATASETS, d);
                }
            }
        }
        // Kept only when false: what tells a listed party from a related one.
        if obj.get("target") == Some(&Value::Bool(false)) {
            e.add_extra(crate::TARGET, "false");
        }
        let empty = Map::new();
        let props = match obj.get("properties") {
            None | Some(Value::Null) => &empty,
            Some(Value::Object(m)) => m,
            Some(_) => return Err("field \"properties\" is not an object".into()),
        };
        let (from_prop, to_prop) = e.schema.relation_ends().unwrap_or(("", ""));
        let mut rel_from = None;
        let mut rel_to = None;
        let mut parts = crate::NameParts::default();
        for (prop, values) in props {
            let values = values
                .as_array()
                .ok_or_else(|| format!("properties.{prop} is not a list"))?;
            for (i, v) in values.iter().enumerate() {
                // Nested entities (yente's nested form) carry their id.
                let text = match v {
                    Value::String(s) => s.trim().to_string(),
                    Value::Object(o) => match o.get("id").and_then(Value::as_str) {
                        Some(id) => id.to_string(),
                        None => {
                            return Err(format!("properties.{prop}[{i}] is an object without id"))
                        }
                    },
                    _ => return Err(format!("properties.{prop}[{i}] is not a string")),
                };
                if text.is_empty() {
                    continue;
                }
                let t = text.as_str();
                let kept = match prop.as_str() {
                    "name" => {
                        e.add_name(Name::new(t, NameKind::Primary));
                        true
                    }
                    "alias" => {
                        e.add_name(Name::new(t, NameKind::Alias));
                        true
                    }
                    "weakAlias" => {
                        e.add_name(Name::new(t, NameKind::WeakAlias));
                        true
                    }
                    "previousName" => {
                        e.add_name(Name::new(t, NameKind::Previous));
                        true
                    }
                    "firstName" => set_once(&mut parts.first, t),
                    "middleName" => set_once(&mut parts.middle, t),
                    "fatherName" => set_once(&mut parts.father, t),
                    "lastName" => set_once(&mut parts.last, t),
                    "birthDate" => match PartialDate::parse_iso(t) {
                        Some(d) => {
                            Entity::push_unique(&mut e.birth_dates, DateSpec::exact(d));
                            true
                        }
                        None => false,
                    },
                    "birthPlace" => {
                        Entity::push_unique(&mut e.birth_places, text.clone());
                        true
                    }
                    "nationality" | "citizenship" => e.add_country(t, true),
                    "country" | "jurisdiction" | "flag" => e.add_country(t, false),
                    "address" => {
                        Entity::push_unique(
                            &mut e.addresses,
                            Address {
                                full: text.clone(),
                                ..Address::default()
                            },
                        );
                        true
                    }
                    "gender" => {
                        Entity::push_unique(&mut e.gender, text.clone());
                        true
                    }
                    "title" => {
                        Entity::push_unique(&mut e.titles, text.clone());
                        true
                    }
                    "position" => {
                        Entity::push_unique(&mut e.positions, text.clone());
                        true
                    }
                    "program" | "programId" => {
                        Entity::push_unique(&mut e.programs, text.clone());
                        true
                    }
                    "listingDate" => match PartialDate::parse_iso(t) {
                        Some(d) => {
                            Entity::push_unique(&mut e.listing_dates, d);
                            true
                        }
                        None => false,
                    },
                    "website" | "email" | "phone" => {
                        Entity::push_unique(&mut e.contacts, text.clone());
                        true
                    }
                    "notes" => {
                        e.add_note(t);
                        true
                    }
                    "passportNumber" => add_id(&mut e, IdKind::Passport, t),
                    "idNumber" => add_id(&mut e, IdKind::NationalId, t),
                    "taxNumber" | "innCode" | "vatCode" => add_id(&mut e, IdKind::TaxId, t),
                    "registrationNumber" | "ogrnCode" => add_id(&mut e, IdKind::Registration, t),
                    "imoNumber" => add_id(&mut e, IdKind::Imo, t),
                    "mmsi" => add_id(&mut e, IdKind::Mmsi, t),
                    "swiftBic" => add_id(&mut e, IdKind::SwiftBic, t),
                    "leiCode" => add_id(&mut e, IdKind::Lei, t),
                    p if !from_prop.is_empty() && p == from_prop => set_once(&mut rel_from, t),
                    p if !to_prop.is_empty() && p == to_prop => set_once(&mut rel_to, t),
                    _ => false,
                };
                if !kept {
                    e.add_extra(prop, t);
                }
            }
        }
        if parts != crate::NameParts::default() {
            match e.names.iter_mut().find(|n| n.kind == NameKind::Primary) {
                Some(primary) => primary.parts = Some(parts),
                None => {
                    let full = [&parts.first, &parts.middle, &parts.father, &parts.last]
                        .into_iter()
                        .flatten()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" ");
                    let mut name = Name::new(full, NameKind::Primary);
                    name.parts = Some(parts);
                    e.add_name(name);
                }
            }
        }
        if let (Some(from), Some(to)) = (rel_from.clone(), rel_to.clone()) {
            let role = e.extra.remove("role").and_then(|v| v.into_iter().next());
            let percentage = e
                .extra
                .remove("percentage")
                .and_then(|v| v.into_iter().next());
            e.relation = Some(Relation {
                from,
                to,
                role,
                percentage,
            });
        } else {
            // A half-specified relation keeps its end in `extra`.
            if let Some(f) = rel_from {
                e.add_extra(from_prop, &f);
            }
            if let Some(t) = rel_to {
                e.add_extra(to_prop, &t);
            }
        }
        Ok(e)
    }
}

fn set_once(slot: &mut Option<String>, value: &str) -> bool {
    if slot.is_none() {
        *slot = Some(value.to_string());
        true
    } else {
        slot.as_deref() == Some(value)
    }
}

fn add_id(e: &mut Entity, kind: IdKind, value: &str) -> bool {
    e.add_identifier(Identifier::new(kind, value));
    true
}

#[cfg(test)]
mod tests {

    #[test]
    fn identifiers_are_checked_as_ftm_checks_them() {
        assert!(valid_inn("7707083893") && !valid_inn("7707083894"));
        assert!(valid_ogrn("1027700132195") && !valid_ogrn("1927739056927"));
        assert!(valid_lei("HWUPKR0MPOU8FGXBT394") && !valid_lei("HWUPKR0MPOU8FGXBT395"));
        assert_eq!(imo_number("IMO 9123456").as_deref(), Some("IMO9123456"));
        assert_eq!(imo_number("543400"), None);
        assert_eq!(iso_date("01/30/2030").as_deref(), Some("2030-01-30"));
        assert_eq!(iso_date("2008-03"), Some("2008-03".into()));
        assert_eq!(iso_date("soon"), None);
        assert_eq!(
            international_phone("(98)(21)(66153220)").as_deref(),
            Some("+982166153220")
        );
        assert_eq!(
            international_phone("00 49 30 1234567").as_deref(),
            Some("+49301234567")
        );
        assert_eq!(international_phone("497 92 63"), None);
    }

    #[test]
    fn nested_ftm_puts_sanction_details_and_wallets_where_ftm_models_them() {
        let mut e = Entity::new("x-1", Schema::Person);
        e.add_name(Name::new("Ivan PETROV", NameKind::Primary));
        e.programs.push("RUSSIA-EO14024".into());
        e.listing_dates
            .push(PartialDate::parse_iso("2022-02-24").unwrap());
        e.add_extra("unscId", "KPi.001");
        e.add_extra("endDate", "01/30/2030");
        e.add_extra("cryptoWallet", "1EfMVkxQQuZfBdocpJu6RUsCJvenQWbQyE");
        e.contacts.push("497 92 63".into());
        e.contacts.push("www.example.org. Offices worldwide".into());
        let v = e.to_ftm_nested();
        let p = &v["properties"];
        for gone in ["listingDate", "unscId", "endDate", "cryptoWallet", "phone"] {
            assert!(p.get(gone).is_none(), "{gone}: {v}");
        }
        let sanction = &p["sanctions"][0];
        assert_eq!(sanction["schema"], "Sanction");
        assert_eq!(sanction["properties"]["entity"], json!(["x-1"]));
        assert_eq!(sanction["properties"]["listingDate"], json!(["2022-02-24"]));
        assert_eq!(sanction["properties"]["unscId"], json!(["KPi.001"]));
        assert_eq!(sanction["properties"]["endDate"], json!(["2030-01-30"]));
        assert_eq!(sanction["properties"]["program"], json!(["RUSSIA-EO14024"]));
        let wallet = &p["cryptoWallets"][0];
        assert_eq!(wallet["schema"], "CryptoWallet");
        assert_eq!(wallet["properties"]["holder"], json!(["x-1"]));
        // A local phone number FtM cannot read is kept as a note, not dropped; so are the
        // words written after a website.
        assert_eq!(
            p["notes"],
            json!([
                "Phone: 497 92 63",
                "Website: www.example.org. Offices worldwide"
            ])
        );
        assert_eq!(p["website"], json!(["www.example.org"]));
        // The flat form keeps every value where interdict reads it back.
        assert_eq!(e.to_ftm()["properties"]["unscId"], json!(["KPi.001"]));
    }

    use super::*;

    #[test]
    fn ftm_round_trip_keeps_typed_and_unknown_properties() {
        let v = serde_json::json!({
            "id": "NK-1", "schema": "Person",
            "properties": {
                "name": ["Ivan Petrov"], "alias": ["Иван Петров"],
                "birthDate": ["1970-05-01", "not a date"],
                "nationality": ["ru"], "passportNumber": ["7501 23"],
                "topics": ["sanction"]
            }
        });
        let e = Entity::from_ftm(&v, "test").unwrap();
        assert_eq!(e.names.len(), 2);
        assert_eq!(e.birth_dates.len(), 1);
        assert_eq!(e.nationalities, vec!["ru"]);
        assert_eq!(e.extra["birthDate"], vec!["not a date"]);
        let out = e.to_ftm();
        assert_eq!(out["properties"]["topics"][0], "sanction");
        assert_eq!(out["properties"]["alias"][0], "Иван Петров");
        let back = Entity::from_ftm(&out, "test").unwrap();
        assert_eq!(back.names, e.names);
        assert_eq!(back.identifiers, e.identifiers);
    }

    #[test]
    fn ftm_errors_name_the_field() {
        let err = Entity::from_ftm(&serde_json::json!({"schema": "Person"}), "t").unwrap_err();
        assert!(err.contains("\"id\""), "{err}");
        let err = Entity::from_ftm(
            &serde_json::json!({"id": "x", "schema": "Person", "properties": {"name": [1]}}),
            "t",
        )
        .unwrap_err();
        assert!(err.contains("properties.name[0]"), "{err}");
        let err = Entity::from_ftm(
            &serde_json::json!({"id": "x", "schema": "Person", "referents": "ofac-1"}),
            "t",
        )
        .unwrap_err();
        assert!(err.contains("\"referents\""), "{err}");
    }

    #[test]
    fn referents_are_kept_beside_the_properties() {
        let v = serde_json::json!({
            "id": "NK-1", "schema": "Person", "referents": ["ofac-46001", "NK-1", "gb-hmt-16270"],
            "properties": {"name": ["Maria Osetrova"]}
        });
        let e = Entity::from_ftm(&v, "opensanctions").unwrap();
        assert_eq!(
            e.extra[crate::REFERENTS],
            vec!["ofac-46001", "gb-hmt-16270"]
        );
        let out = e.to_ftm();
        let props = out["properties"].as_object().unwrap();
        assert!(props.keys().all(|k| !k.starts_with('@')), "{out}");
    }
}
