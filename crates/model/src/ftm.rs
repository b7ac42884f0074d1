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
            push(&mut p, id.kind.ftm_property(), id.value.clone());
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
            let digits = id.value.chars().filter(char::is_ascii_digit).count();
            if ru && id.kind == IdKind::TaxId && (digits == 10 || digits == 12) {
                push(&mut p, "innCode", id.value.clone());
            }
            if ru && id.kind == IdKind::Registration && (digits == 13 || digits == 15) {
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
    }
}
