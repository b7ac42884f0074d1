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
    // Ownership: the verdict under each regime, with its proof paths.
    let ownership = {
        let (loaded, id) = (loaded.clone(), e.id.clone());
        let regimes: Vec<&'static interdict_ownership::Regime> =
            interdict_ownership::REGIMES.iter().collect();
        tokio::task::spawn_blocking(move || {
            crate::ownership::verdicts_for(&loaded, &id, &regimes, None).ok()
        })
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
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
            (relations_graph(e, &relations))
            ul aria-label="Relations" { @for (r, other, o) in &relations {
                li { (r.schema.to_string()) ": "
                    @match o {
                        Some(o) => { a href={"/ui/entities/" (o.id)} { (o.caption()) } }
                        None => { (other) }
                    }
                }
            } }
        }
        @if ownership.iter().any(|v| !v.paths.is_empty() || v.status != "not-blocked") {
            h2 { "Ownership and control" }
            table aria-label="Ownership" {
                thead { tr { th { "Regime" } th { "Verdict" } th { "Listed share" } th { "Proof" } } }
                tbody { @for v in &ownership {
                    tr {
                        td { (v.regime.to_uppercase()) }
                        td { (v.status) }
                        td { (format!("{:.0}–{:.0} %", v.listed_share.min * 100.0, v.listed_share.max * 100.0)) }
                        td {
                            @for path in &v.paths {
                                @for (i, step) in path.iter().enumerate() {
                                    @if i == 0 { a href={"/ui/entities/" (step.owner)} { (step.owner_caption.clone().unwrap_or_else(|| step.owner.clone())) } }
                                    " → " (format!("{:.0} %", step.share.max * 100.0)) " " (step.kind) " → "
                                    (step.asset_caption.clone().unwrap_or_else(|| step.asset.clone()))
                                }
                                br;
                            }
                            @for n in &v.notes { span.muted { (n) } br; }
                        }
                    }
                } }
            }
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

/// The most relations the graph draws (the list below it has them all).
const GRAPH_NEIGHBOURS: usize = 12;

/// The party and its relations as a small radial graph: the party in the middle, each
/// related party around it with the kind of link on the line (inline SVG: no script, no
/// style attributes).
fn relations_graph(e: &Entity, relations: &[(&Entity, &str, Option<&Entity>)]) -> Markup {
    let shown = &relations[..relations.len().min(GRAPH_NEIGHBOURS)];
    let (w, h, cx, cy, r) = (760.0_f64, 380.0_f64, 380.0_f64, 190.0_f64, 150.0_f64);
    let short = |t: &str| -> String {
        let t: Vec<char> = t.chars().collect();
        if t.len() > 30 {
            format!("{}…", t[..29].iter().collect::<String>())
        } else {
            t.iter().collect()
        }
    };
    let at = |i: usize| {
        let angle =
            std::f64::consts::TAU * i as f64 / shown.len() as f64 - std::f64::consts::FRAC_PI_2;
        (cx + 1.6 * r * angle.cos(), cy + r * angle.sin())
    };
    html! {
        svg.graph role="img" aria-label={"Relations of " (e.caption())} viewBox={"0 0 " (w) " " (h)} width=(w) height=(h) {
            @for (i, (rel, _, _)) in shown.iter().enumerate() {
                @let (x, y) = at(i);
                line x1=(cx) y1=(cy) x2=(format!("{x:.1}")) y2=(format!("{y:.1}")) stroke="#9aa5b8" stroke-width="1.5" {}
                text x=(format!("{:.1}", (cx + x) / 2.0)) y=(format!("{:.1}", (cy + y) / 2.0 - 4.0)) font-size="11" fill="#5b6475" text-anchor="middle" { (rel.schema.to_string()) }
            }
            circle cx=(cx) cy=(cy) r="7" fill="#b3261e" {}
            text x=(cx) y=(cy + 22.0) font-size="13" font-weight="bold" text-anchor="middle" fill="#1d2330" { (short(e.caption())) }
            @for (i, (_, other, o)) in shown.iter().enumerate() {
                @let (x, y) = at(i);
                @let label = short(o.map_or(*other, |o| o.caption()));
                a href={"/ui/entities/" (other)} {
                    circle cx=(format!("{x:.1}")) cy=(format!("{y:.1}")) r="5" fill="#1f5fbf" {}
                    text x=(format!("{x:.1}")) y=(format!("{:.1}", y + 17.0)) font-size="12" text-anchor="middle" fill="#1f5fbf" { (label) }
                }
            }
        }
    }
}
