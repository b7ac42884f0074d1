//! What the server says about itself, in yente's shapes: the loaded lists as a catalog
//! (`/catalog`) and the matcher with its features (`/algorithms`, and the `matcher` member of
//! every `/match` answer).

use crate::answers::{Algorithm, AlgorithmDocs, Algorithms, Catalog, Dataset, FeatureDoc};
use crate::yente::ALGORITHM;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use serde_json::Map;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Where each feature of the matcher is described (the HTTP API document's table).
const FEATURE_DOCS_URL: &str = concat!(
    env!("CARGO_PKG_REPOSITORY"),
    "/blob/main/docs/http-api.md#matching-features"
);

/// The matcher's features with their descriptions and coefficients, as JSON text (every
/// /match answer carries them; rendered once).
pub(crate) fn feature_docs() -> &'static str {
    static DOCS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DOCS.get_or_init(|| {
        serde_json::to_string(&build_feature_docs()).expect("feature docs serialize")
    })
}

fn build_feature_docs() -> BTreeMap<String, FeatureDoc> {
    let doc = |description: &str, coefficient: f64| FeatureDoc {
        description: description.to_string(),
        coefficient,
        url: FEATURE_DOCS_URL.to_string(),
    };
    let mut docs = BTreeMap::new();
    docs.insert(
        "name_score".to_string(),
        doc("Best name-pair similarity: tokens aligned across scripts, weighted by rarity, with gluing, acronym and number rules", 1.0),
    );
    docs.insert(
        "identifier_match".to_string(),
        doc(
            "A normalized identifier (passport, registration, IMO…) is the same: score at least 0.97",
            interdict_matcher::features::IDENTIFIER_MATCH_SCORE,
        ),
    );
    for f in interdict_matcher::features::FEATURES {
        docs.insert(f.kind.name().to_string(), doc(f.description, f.weight));
    }
    docs
}

pub(crate) async fn catalog(State(state): State<Arc<AppState>>) -> Json<Catalog> {
    let loaded = state.loaded();
    let mut datasets: Vec<Dataset> = loaded
        .lists
        .iter()
        .map(|l| {
            let info = interdict_sources::list_info(&l.list);
            let published = l.published.map(|d| d.to_string());
            Dataset {
                name: l.list.clone(),
                title: info.map_or(l.list.clone(), |i| i.title.to_string()),
                summary: info.map(|i| i.publisher.to_string()),
                url: info.map(|i| i.url.to_string()),
                load: true,
                entities_url: None,
                version: format!("{}-{}", published.clone().unwrap_or_default(), l.version),
                index_version: Some(l.version.to_string()),
                index_current: true,
                children: Vec::new(),
                entity_count: Some(l.total),
                // yente's name for when a dataset's data last changed: the publication day.
                updated_at: published.as_ref().map(|d| format!("{d}T00:00:00")),
                published,
            }
        })
        .collect();
    let names: Vec<String> = loaded.lists.iter().map(|l| l.list.clone()).collect();
    datasets.push(Dataset {
        name: "default".into(),
        title: "All loaded lists".into(),
        summary: None,
        url: None,
        load: true,
        entities_url: None,
        version: String::new(),
        index_version: None,
        index_current: true,
        children: names.clone(),
        entity_count: None,
        published: None,
        updated_at: None,
    });
    let mut current = names;
    current.push("default".into());
    Json(Catalog {
        datasets,
        current,
        outdated: Vec::new(),
        index_stale: false,
    })
}

pub(crate) async fn algorithms() -> Json<Algorithms> {
    const DESCRIPTION: &str = "interdict's matcher: cross-script name comparison weighted by token rarity, with birth date, country, identifier and gender evidence (yente's algorithm names are accepted and use it)";
    let features = build_feature_docs();
    Json(Algorithms {
        algorithms: vec![Algorithm {
            name: ALGORITHM.into(),
            description: DESCRIPTION.into(),
            features: features.clone(),
            // yente 5's documentation object; the matcher takes no per-request settings.
            docs: AlgorithmDocs {
                name: ALGORITHM.into(),
                description: DESCRIPTION.into(),
                config: Map::new(),
                features,
            },
        }],
        default: ALGORITHM.into(),
        best: ALGORITHM.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The HTTP API document's feature table says what the code does: every feature
    /// `/algorithms` lists, with its coefficient and description, and nothing else.
    #[test]
    fn the_feature_table_in_the_docs_is_the_matchers() {
        let doc = include_str!("../../../docs/http-api.md");
        let table = &doc[doc.find("## Matching features").expect("the section")..];
        let rows: Vec<Vec<String>> = table
            .lines()
            .filter(|l| l.starts_with("| `"))
            .map(|l| {
                l.trim_matches('|')
                    .split(" | ")
                    .map(|c| c.trim().trim_matches('`').to_string())
                    .collect()
            })
            .collect();
        let docs = serde_json::to_value(build_feature_docs()).unwrap();
        let docs = docs.as_object().unwrap();
        assert_eq!(rows.len(), docs.len(), "{rows:?}");
        for row in &rows {
            let f = &docs[&row[0]];
            let coefficient: f64 = row[1].replace('−', "-").replace('+', "").parse().unwrap();
            assert!(
                (coefficient - f["coefficient"].as_f64().unwrap()).abs() < 1e-9,
                "{row:?}"
            );
            let said = f["description"].as_str().unwrap();
            assert!(said.eq_ignore_ascii_case(&row[2]), "{said:?} / {row:?}");
            assert!(f["url"].as_str().unwrap().ends_with("#matching-features"));
        }
    }
}
