//! What changed between two versions of a list: entities added, removed, and changed, and
//! for a changed one which fields.
//!
//! Entities are compared as FollowTheMoney properties (the vocabulary users already read:
//! `name`, `alias`, `birthDate`, `idNumber`, `program`…), each property as a set of values,
//! so a list that reorders aliases or addresses between publications shows no change.
//! Provenance (publication date, record number) is not compared: it changes every time.

use interdict_model::Entity;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One changed entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangedEntity {
    /// Entity id.
    pub id: String,
    /// The FtM properties whose values differ (`schema` when the schema does).
    pub fields: Vec<String>,
}

/// The difference between two versions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ListDiff {
    /// Ids only in the new version, sorted.
    pub added: Vec<String>,
    /// Ids only in the old version, sorted.
    pub removed: Vec<String>,
    /// Ids in both whose properties differ, sorted by id.
    pub changed: Vec<ChangedEntity>,
}

impl ListDiff {
    /// True when the versions hold the same entities with the same properties.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// An entity's FtM properties as sets, plus its schema.
fn properties(e: &Entity) -> BTreeMap<String, BTreeSet<String>> {
    let ftm = e.to_ftm();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    if let Some(props) = ftm.get("properties").and_then(Value::as_object) {
        for (k, v) in props {
            let values: BTreeSet<String> = match v {
                Value::Array(items) => items
                    .iter()
                    .map(|i| match i {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect(),
                Value::String(s) => BTreeSet::from([s.clone()]),
                other => BTreeSet::from([other.to_string()]),
            };
            if !values.is_empty() {
                out.insert(k.clone(), values);
            }
        }
    }
    out.insert(
        "schema".to_string(),
        BTreeSet::from([e.schema.name().to_string()]),
    );
    out
}

/// A fingerprint of what a list says about an entity (its FtM properties and schema, not
/// its provenance): equal fingerprints are exactly "no change" for [`diff`].
pub fn entity_fingerprint(e: &Entity) -> String {
    let props = properties(e);
    crate::alerts::fingerprint(&serde_json::to_value(props).unwrap_or(Value::Null))
}

/// The fields in which two versions of one entity differ.
pub fn changed_fields(old: &Entity, new: &Entity) -> Vec<String> {
    let (a, b) = (properties(old), properties(new));
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect()
}

/// Compares two versions of a list.
pub fn diff(old: &[Entity], new: &[Entity]) -> ListDiff {
    let old_by: BTreeMap<&str, &Entity> = old.iter().map(|e| (e.id.as_str(), e)).collect();
    let new_by: BTreeMap<&str, &Entity> = new.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut d = ListDiff::default();
    for (id, e) in &new_by {
        match old_by.get(id) {
            None => d.added.push(id.to_string()),
            Some(o) => {
                let fields = changed_fields(o, e);
                if !fields.is_empty() {
                    d.changed.push(ChangedEntity {
                        id: id.to_string(),
                        fields,
                    });
                }
            }
        }
    }
    d.removed = old_by
        .keys()
        .filter(|id| !new_by.contains_key(*id))
        .map(|id| id.to_string())
        .collect();
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::{Name, NameKind, Schema};

    fn person(id: &str, names: &[(&str, NameKind)]) -> Entity {
        let mut e = Entity::new(id, Schema::Person);
        for (n, k) in names {
            e.add_name(Name::new(*n, *k));
        }
        e
    }

    #[test]
    fn added_removed_and_changed_fields() {
        let a = person("x-1", &[("PUTIN, Vladimir", NameKind::Primary)]);
        let b = person("x-2", &[("SHOIGU, Sergei", NameKind::Primary)]);
        let mut b2 = b.clone();
        b2.add_name(Name::new("SHOYGU, Sergey", NameKind::Alias));
        b2.programs.push("RUSSIA-EO14024".into());
        let c = person("x-3", &[("GERASIMOV, Valery", NameKind::Primary)]);
        let d = diff(&[a.clone(), b], &[b2, c]);
        assert_eq!(d.added, vec!["x-3"]);
        assert_eq!(d.removed, vec!["x-1"]);
        assert_eq!(d.changed.len(), 1);
        assert_eq!(d.changed[0].id, "x-2");
        assert_eq!(d.changed[0].fields, vec!["alias", "program"]);
        let same = std::slice::from_ref(&a);
        assert!(diff(same, same).is_empty());
    }

    #[test]
    fn order_and_provenance_are_not_changes() {
        let mut a = person(
            "x-1",
            &[
                ("PUTIN, Vladimir", NameKind::Primary),
                ("PUTIN, Vladimir Vladimirovich", NameKind::Alias),
                ("ПУТИН, Владимир", NameKind::Alias),
            ],
        );
        a.source.record_id = "1".into();
        let mut b = person(
            "x-1",
            &[
                ("PUTIN, Vladimir", NameKind::Primary),
                ("ПУТИН, Владимир", NameKind::Alias),
                ("PUTIN, Vladimir Vladimirovich", NameKind::Alias),
            ],
        );
        b.source.record_id = "2".into();
        assert!(diff(&[a], &[b]).is_empty());
    }
}

/// What one version of a list said of one entity, against the version before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "change", content = "fields")]
pub enum EntityChange {
    /// The entity first appears in this version.
    Added,
    /// Its properties differ from the version before: which.
    Changed(Vec<String>),
    /// The same as in the version before.
    Unchanged,
    /// Not in this version (delisted, or not yet listed).
    Absent,
}

/// One version in an entity's history.
#[derive(Debug, Clone, Serialize)]
pub struct EntityVersion {
    /// The list version.
    pub version: u32,
    /// Its publication date, when known.
    pub published: Option<String>,
    /// When it was imported.
    pub imported_at: String,
    /// What it said of the entity.
    pub change: EntityChange,
}

impl crate::Store {
    /// What the last `max` versions of `list` said of entity `id`, oldest first, each
    /// against the version before it.
    pub fn entity_history(
        &self,
        list: &str,
        id: &str,
        max: usize,
    ) -> Result<Vec<EntityVersion>, crate::StoreError> {
        let versions = self.versions(list)?;
        let from = versions.len().saturating_sub(max);
        // The version before the first shown, to say what that one changed.
        let mut previous: Option<Entity> = match from.checked_sub(1) {
            Some(i) => self
                .entities(list, versions[i].version)?
                .into_iter()
                .find(|e| e.id == id),
            None => None,
        };
        let mut out = Vec::new();
        for v in &versions[from..] {
            let now = self
                .entities(list, v.version)?
                .into_iter()
                .find(|e| e.id == id);
            let change = match (&previous, &now) {
                (_, None) => EntityChange::Absent,
                (None, Some(_)) => EntityChange::Added,
                (Some(old), Some(new)) => {
                    let fields = changed_fields(old, new);
                    if fields.is_empty() {
                        EntityChange::Unchanged
                    } else {
                        EntityChange::Changed(fields)
                    }
                }
            };
            out.push(EntityVersion {
                version: v.version,
                published: v.published.map(|p| p.to_string()),
                imported_at: v.imported_at.clone(),
                change,
            });
            previous = now;
        }
        Ok(out)
    }
}
