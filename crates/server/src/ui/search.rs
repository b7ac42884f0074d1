//! The search page (a name in any script, with birth date, country, schema and list) and the
//! page of one listed party: every name by kind and script, dates, places, identifiers,
//! addresses, programs, its lists, and its relations.

use super::layout::{error_page, page, score, Section};
use super::session::Viewer;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Extension;
use interdict_matcher::MatchOptions;
use interdict_model::query::{DateOrder, Field, QueryBuilder};
use interdict_model::{Entity, Schema};
use interdict_store::diff::EntityChange;
use maud::{html, Markup};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize, Default)]
pub(crate) struct SearchForm {
    q: Option<String>,
    birth_date: Option<String>,
    country: Option<String>,
    schema: Option<String>,
    list: Option<String>,
}

/// The schemata a search may ask for.
const SCHEMATA: &[(&str, &str)] = &[
    ("", "Any party"),
    ("Person", "Person"),
    ("Organization", "Organization"),
    ("Company", "Company"),
    ("Vessel", "Vessel"),
    ("Airplane", "Aircraft"),
];

/// Results a search shows.
const RESULTS: usize = 25;

pub(crate) async fn search_page(
    State(state): State<Arc<AppState>>,
    Extension(viewer): Extension<Viewer>,
    Query(f): Query<SearchForm>,
) -> Response {
    let loaded = state.loaded();
    let lists: Vec<String> = loaded.lists.iter().map(|l| l.list.clone()).collect();
    let q = f.q.clone().unwrap_or_default();
    let (results, problem) = if q.trim().is_empty() {
        (Vec::new(), None)
    } else {
        match query_of(&f) {
            Ok(query) => {
                let list = f.list.clone().filter(|l| !l.is_empty());
                let loaded = loaded.clone();
                let found = tokio::task::spawn_blocking(move || {
                    let opts = MatchOptions {
                        limit: 200,
                        candidates: 500,
                        ..MatchOptions::default()
                    };
                    loaded
                        .index
                        .search(&query, &opts)
                        .into_iter()
                        .filter(|r| {
                            list.as_deref().is_none_or(|l| {
                                loaded
                                    .index
                                    .entity(&r.id)
                                    .is_some_and(|e| e.source.list == l)
                            })
                        })
                        .take(RESULTS)
                        .collect::<Vec<_>>()
                })
                .await
                .unwrap_or_default();
                (found, None)
            }
            Err(p) => (Vec::new(), Some(p)),
        }
    };
    let body = html! {
        h1 { "Search the lists" }
        form.search method="get" action="/ui/search" role="search" {
            label { "Name (any script)" input type="search" name="q" value=(q) size="40" autofocus; }
            label { "Birth date" input type="text" name="birth_date" value=(f.birth_date.clone().unwrap_or_default()) placeholder="1975-03-04" size="12"; }
            label { "Country" input type="text" name="country" value=(f.country.clone().unwrap_or_default()) placeholder="ru" size="10"; }
            label { "Type"
                select name="schema" {
                    @for (value, label) in SCHEMATA {
                        option value=(value) selected[f.schema.as_deref().unwrap_or("") == *value] { (label) }
                    }
                }
            }
            label { "List"
                select name="list" {
                    option value="" { "All lists" }
                    @for l in &lists {
                        option value=(l) selected[f.list.as_deref() == Some(l.as_str())] { (l) }
                    }
                }
            }
            button type="submit" { "Search" }
        }
        @if let Some(p) = &problem { p.error role="alert" { (p) } }
        @if !q.trim().is_empty() && problem.is_none() {
            @if results.is_empty() {
                p { "No listed party matches." }
            } @else {
                table aria-label="Results" {
                    thead { tr { th { "Score" } th { "Listed party" } th { "Type" } th { "List" } th { "Why" } } }
                    tbody {
                        @for r in &results {
                            @let e = loaded.index.entity(&r.id);
                            tr {
                                td { (score(r.score)) @if r.is_match { " " span.status { "match" } } }
                                td { a href={"/ui/entities/" (r.id)} { (e.map_or(r.id.as_str(), |e| e.caption())) } br; span.muted { (r.id) } }
                                td { (e.map(|e| e.schema.to_string()).unwrap_or_default()) }
                                td { (e.map(|e| e.source.list.as_str()).unwrap_or("")) }
                                td { (r.explanation.name_line())
                                    @for feat in &r.explanation.features {
                                        br; span class=(if feat.contribution >= 0.0 { "pos" } else { "neg" }) {
                                            (feat.name) " " (format!("{:+.2}", feat.contribution))
                                        }
                                    }
                                    @for cap in &r.explanation.caps { br; span.muted { "capped: " (cap) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    page("Search", Some(&viewer), Some(Section::Search), body)
}

/// The query entity of the form, or what is wrong with it.
fn query_of(f: &SearchForm) -> Result<Entity, String> {
    let schema = match f.schema.as_deref().unwrap_or("") {
        "" => Schema::LegalEntity,
        s if Schema::from_name(s).is_matchable() => Schema::from_name(s),
        s => return Err(format!("{s:?} is not a type of listed party")),
    };
    let mut q = QueryBuilder::new(&schema);
    let mut add = |field: Field, what: &str, value: Option<&String>| {
        if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
            let before = q.problems().len();
            q.add(field, what, v, DateOrder::Strict);
            if q.problems().len() > before {
                return Err(format!("{what} {v:?} cannot be read"));
            }
        }
        Ok(())
    };
    add(Field::Name, "the name", f.q.as_ref())?;
    add(Field::BirthDate, "the birth date", f.birth_date.as_ref())?;
    add(Field::Nationality, "the country", f.country.as_ref())?;
    q.finish().map(|query| query.entity).map_err(|p| p.message)
}

pub(crate) async fn entity_page(
    State(state): State<Arc<AppState>>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<String>,
) -> Response {
    let loaded = state.loaded();
    let Some(e) = loaded.index.entity(&id) else {
        return error_page(
            StatusCode::NOT_FOUND,
            &format!("No listed party {id:?} in the loaded lists."),
        );
    };
    let version = loaded.lists.iter().find(|l| l.list == e.source.list);
    // The entity across its list's stored versions (the last ten), read off the store.
    let history = match state.store.as_ref() {
        Some(store) => {
            let (store, list, eid) = (store.clone(), e.source.list.clone(), e.id.clone());
            tokio::task::spawn_blocking(move || store.entity_history(&list, &eid, 10))
                .await
                .ok()
                .and_then(Result::ok)
                .unwrap_or_default()
        }
        None => Vec::new(),
    };
    let versions_of = |lists: &[String]| -> String {
        lists
            .iter()
            .map(|l| match loaded.lists.iter().find(|v| &v.list == l) {
                Some(v) => format!("{l} v{}", v.version),
                None => l.clone(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let merged = loaded
        .party_of(&e.id)
        .map(|p| p.merged_values(|m| loaded.index.entity(m)));
    let party = loaded.party_of(&e.id);
    // Relations: the link entities with this party at one end.
    let relations: Vec<(&Entity, &str, Option<&Entity>)> = loaded
        .index
        .entities()
        .iter()
        .filter_map(|r| {
            let rel = r.relation.as_ref()?;
            let other = if rel.from == e.id {
                &rel.to
            } else if rel.to == e.id {
                &rel.from
            } else {
                return None;
            };
            Some((r, other.as_str(), loaded.index.entity(other)))
        })
        .collect();
    let body = html! {
        h1 { (e.caption()) }
        p.muted { (e.id) " · " (e.schema.to_string()) " · list " (e.source.list)
            @if let Some(v) = version { " version " (v.version) @if let Some(p) = v.published { ", published " (p.to_string()) } }
            " · record " (e.source.record_id) }
        @if let Some(p) = party {
            p.notice { "The same party is listed on " (p.lists.join(", ")) ": "
                @for (i, m) in p.members.iter().filter(|m| **m != e.id).enumerate() {
                    @if i > 0 { ", " }
                    a href={"/ui/entities/" (m)} { (m) }
                }
            }
        }
        h2 { "Names" }
        table aria-label="Names" {
            thead { tr { th { "Name" } th { "Kind" } th { "Script" } } }
            tbody { @for n in &e.names {
                tr { td { (n.value) } td { (format!("{:?}", n.kind)) } td { (format!("{:?}", interdict_text::dominant_script(&n.value))) } }
            } }
        }
        h2 { "Details" }
        table aria-label="Details" { tbody {
            (row("Birth or incorporation dates", e.birth_dates.iter().map(|d| d.to_string())))
            (row("Places of birth", e.birth_places.iter().cloned()))
            (row("Nationalities", e.nationalities.iter().cloned()))
            (row("Countries", e.countries.iter().cloned()))
            (row("Identifiers", e.identifiers.iter().map(|i| format!("{}{}{}", i.label.clone().map(|l| format!("{l}: ")).unwrap_or_default(), i.value, i.country.clone().map(|c| format!(" ({c})")).unwrap_or_default()))))
            (row("Addresses", e.addresses.iter().map(|a| a.full.clone())))
            (row("Programs", e.programs.iter().cloned()))
            (row("Listed on", e.listing_dates.iter().map(|d| d.to_string())))
            (row("Positions", e.positions.iter().cloned()))
            (row("Notes", e.notes.iter().cloned()))
        } }
        @if let Some(values) = &merged {
            h2 { "Every value, by list" }
            table aria-label="Values by list" {
                thead { tr { th { "Property" } th { "Value" } th { "Stated by" } } }
                tbody { @for (prop, vals) in values { @for v in vals {
                    tr { td.label { (prop) } td { (v.value) } td { (versions_of(&v.datasets)) } }
                } } }
            }
        }
        h2 { "History" }
        @if history.is_empty() {
            p.muted { "No stored versions to compare." }
        } @else {
            table aria-label="History" {
                thead { tr { th { "Version of " (e.source.list) } th { "Published" } th { "Imported" } th { "What it said of this party" } } }
                tbody { @for h in &history {
                    tr {
                        td { (h.version) }
                        td { (h.published.clone().unwrap_or_default()) }
                        td { (h.imported_at) }
                        td { @match &h.change {
                            EntityChange::Added => { "listed" }
                            EntityChange::Changed(fields) => { "changed: " (fields.join(", ")) }
                            EntityChange::Unchanged => { span.muted { "unchanged" } }
                            EntityChange::Absent => { "not listed" }
                        } }
                    }
                } }
            }
        }
        h2 { "Relations" }
        @if relations.is_empty() {
            p.muted { "None listed." }
        } @else {
            ul aria-label="Relations" { @for (r, other, o) in &relations {
                li { (r.schema.to_string()) ": "
                    @match o {
                        Some(o) => { a href={"/ui/entities/" (o.id)} { (o.caption()) } }
                        None => { (other) }
                    }
                }
            } }
        }
    };
    page(e.caption(), Some(&viewer), Some(Section::Search), body)
}

/// A details row, left out when it has no values.
fn row(label: &str, values: impl Iterator<Item = String>) -> Markup {
    let values: Vec<String> = values.collect();
    html! {
        @if !values.is_empty() {
            tr { td.label { (label) } td { @for (i, v) in values.iter().enumerate() { @if i > 0 { br; } (v) } } }
        }
    }
}
