//! Which lists a request screens against: the dataset in the path, `include_dataset`,
//! `exclude_dataset` and `exclude_schema`.

use crate::error::ApiError;
use crate::params::Params;
use crate::ServedLists;
use axum::http::StatusCode;
use interdict_model::Entity;

/// Which lists a request screens against.
pub(crate) struct Scope {
    pub(crate) lists: Option<Vec<String>>,
    pub(crate) exclude: Vec<String>,
    pub(crate) exclude_schema: Vec<String>,
}

impl Scope {
    pub(crate) fn new(loaded: &ServedLists, dataset: &str, p: &Params) -> Result<Scope, ApiError> {
        let known: Vec<&str> = loaded.lists.iter().map(|l| l.list.as_str()).collect();
        let check = |d: &str| -> Result<(), ApiError> {
            if known.contains(&d) {
                Ok(())
            } else {
                Err(ApiError(
                    StatusCode::NOT_FOUND,
                    format!("no dataset {d:?}; datasets: default, {}", known.join(", ")),
                ))
            }
        };
        let mut lists = None;
        if dataset != "default" {
            check(dataset)?;
            lists = Some(vec![dataset.to_string()]);
        }
        let include: Vec<String> = p
            .all("include_dataset")
            .iter()
            .map(|s| s.to_string())
            .collect();
        for d in &include {
            check(d)?;
        }
        if !include.is_empty() {
            lists = Some(match lists {
                Some(l) => l.into_iter().filter(|d| include.contains(d)).collect(),
                None => include,
            });
        }
        let exclude: Vec<String> = p
            .all("exclude_dataset")
            .iter()
            .map(|s| s.to_string())
            .collect();
        Ok(Scope {
            lists,
            exclude,
            exclude_schema: p
                .all("exclude_schema")
                .iter()
                .map(|s| s.to_string())
                .collect(),
        })
    }

    pub(crate) fn admits(&self, e: &Entity) -> bool {
        let list = &e.source.list;
        self.lists.as_ref().is_none_or(|l| l.contains(list))
            && !self.exclude.contains(list)
            && !self.exclude_schema.iter().any(|s| s == e.schema.name())
    }
}
