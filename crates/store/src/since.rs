//! Which list versions a file was screened against, from what a user remembers of it: one
//! version per list (`us_ofac_sdn:3`, other lists taken as unchanged), or a date or time
//! (the versions imported before it). `interdict rescreen --since` reads it.

use crate::{ListVersion, Store, StoreError};
use interdict_model::PartialDate;
use std::collections::BTreeMap;

/// Why versions could not be named from what was given.
#[derive(Debug, thiserror::Error)]
pub enum VersionSpecError {
    /// Nothing was given.
    #[error("name the list versions (LIST:VERSION) or a date")]
    Empty,
    /// A spec is neither LIST:VERSION nor a date.
    #[error(
        "{spec:?}: use LIST:VERSION (e.g. us_ofac_sdn:3) or a date (YYYY-MM-DD); lists: {lists}"
    )]
    Malformed {
        /// What was given.
        spec: String,
        /// The active lists.
        lists: String,
    },
    /// The version is not a number.
    #[error("{spec:?}: {version:?} is not a version number")]
    NotANumber {
        /// What was given.
        spec: String,
        /// Its version part.
        version: String,
    },
    /// No active list of that id.
    #[error("{spec:?}: no active list {list:?}; lists: {lists}")]
    NoList {
        /// What was given.
        spec: String,
        /// Its list part.
        list: String,
        /// The active lists.
        lists: String,
    },
    /// The list has no such version.
    #[error("{spec:?}: {list} has no version {version}; versions: {versions}")]
    NoVersion {
        /// What was given.
        spec: String,
        /// The list.
        list: String,
        /// The version asked for.
        version: u32,
        /// The versions the store holds.
        versions: String,
    },
    /// The store could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Store {
    /// For each list of `active`, the version `since` names (`None`: the list had no version
    /// then). `since` items may be comma-separated. A bare date means the start of that day,
    /// a time that moment; LIST:VERSION items name versions, other lists stay as active.
    pub fn versions_since(
        &self,
        active: &[ListVersion],
        since: &[String],
    ) -> Result<BTreeMap<String, Option<u32>>, VersionSpecError> {
        let specs: Vec<&str> = since
            .iter()
            .flat_map(|s| s.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let mut out: BTreeMap<String, Option<u32>> = active
            .iter()
            .map(|v| (v.list.clone(), Some(v.version)))
            .collect();
        let names: Vec<String> = out.keys().cloned().collect();
        let known = || names.join(", ");
        let is_time = |s: &str| {
            s.len() >= 10 && s.as_bytes()[4] == b'-' && PartialDate::parse_iso(&s[..10]).is_some()
        };
        if let [spec] = specs.as_slice() {
            if is_time(spec) {
                for (list, slot) in out.iter_mut() {
                    *slot = self
                        .versions(list)?
                        .iter()
                        .filter(|v| {
                            if spec.len() == 10 {
                                v.imported_at.as_str() < *spec
                            } else {
                                v.imported_at.as_str() <= *spec
                            }
                        })
                        .map(|v| v.version)
                        .max();
                }
                return Ok(out);
            }
        }
        if specs.is_empty() {
            return Err(VersionSpecError::Empty);
        }
        for spec in specs {
            let Some((list, version)) = spec.split_once(':') else {
                return Err(VersionSpecError::Malformed {
                    spec: spec.to_string(),
                    lists: known(),
                });
            };
            let Ok(number) = version.parse::<u32>() else {
                return Err(VersionSpecError::NotANumber {
                    spec: spec.to_string(),
                    version: version.to_string(),
                });
            };
            if !out.contains_key(list) {
                return Err(VersionSpecError::NoList {
                    spec: spec.to_string(),
                    list: list.to_string(),
                    lists: known(),
                });
            }
            let versions: Vec<u32> = self.versions(list)?.iter().map(|v| v.version).collect();
            if !versions.contains(&number) {
                return Err(VersionSpecError::NoVersion {
                    spec: spec.to_string(),
                    list: list.to_string(),
                    version: number,
                    versions: versions
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
            out.insert(list.to_string(), Some(number));
        }
        Ok(out)
    }
}
