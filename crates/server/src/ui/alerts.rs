//! The alert queue and the review of one alert: the customer record and the listed party
//! side by side with the evidence that matched, the alert's other candidates, its history,
//! and the forms to claim, decide, and — under four eyes — approve or return a proposed
//! decision. Also the audit log as CSV, per alert and whole.

use super::layout::{error_page, page, score, Section};
use super::session::Viewer;
use crate::alerts::with_store;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use interdict_matcher::FeatureKind as K;
use interdict_store::alerts::{
    AuditEntry, DecisionInput, QueueFilter, QueueItem, QueueSort, ReviewStep,
};
use interdict_store::{AlertError, Decision};
use maud::{html, Markup};
use serde::Deserialize;
use std::sync::Arc;

/// Alerts per queue page.
const PAGE: usize = 50;

#[derive(Deserialize, Default)]
pub(crate) struct QueueParams {
    status: Option<String>,
    list: Option<String>,
    min_score: Option<String>,
    max_score: Option<String>,
    run: Option<String>,
    holder: Option<String>,
    older_than_days: Option<String>,
    schema: Option<String>,
    sort: Option<String>,
    page: Option<usize>,
}

/// The queue's type filter: what each choice covers of the listed entities' schemata.
const SCHEMA_CHOICES: &[(&str, &str, &[&str])] = &[
    ("Person", "People", &["Person"]),
    (
        "Organization",
        "Organisations and companies",
        &["Organization", "Company", "LegalEntity", "PublicBody"],
    ),
    ("Vessel", "Vessels", &["Vessel"]),
    ("Airplane", "Aircraft", &["Airplane"]),
];

impl QueueParams {
    /// The filter these parameters ask for, or what is wrong with one of them.
    fn filter(&self, viewer: &Viewer) -> Result<QueueFilter, String> {
        let given = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
        let number = |name: &str, v: &Option<String>| -> Result<Option<f64>, String> {
            given(v)
                .map(|s| {
                    s.trim()
                        .parse::<f64>()
                        .ok()
                        .filter(|x| (0.0..=1.0).contains(x))
                        .ok_or_else(|| format!("{name} {s:?}: give a score between 0 and 1"))
                })
                .transpose()
        };
        let status = match self.status.as_deref() {
            None => Some("open".to_string()),
            Some("" | "all") => None,
            Some(s) => Some(s.to_string()),
        };
        let holder = match given(&self.holder).as_deref() {
            None | Some("any") => None,
            Some("me") => Some(viewer.name.clone()),
            Some("none") => Some(String::new()),
            Some(h) => Some(h.to_string()),
        };
        let run = given(&self.run)
            .map(|r| {
                r.trim()
                    .parse::<i64>()
                    .map_err(|_| format!("run {r:?}: give a run number"))
            })
            .transpose()?;
        let raised_before = given(&self.older_than_days)
            .map(|d| {
                d.trim()
                    .parse::<u32>()
                    .map(|days| {
                        interdict_store::rfc3339_of(
                            interdict_store::unix_now() - i64::from(days) * 86_400,
                        )
                    })
                    .map_err(|_| format!("older than {d:?} days: give a whole number of days"))
            })
            .transpose()?;
        let sort = match given(&self.sort) {
            None => QueueSort::default(),
            Some(s) => QueueSort::parse(&s)
                .ok_or_else(|| format!("sort {s:?}: use score, score_asc, newest or oldest"))?,
        };
        let schemata = match given(&self.schema) {
            None => Vec::new(),
            Some(s) => SCHEMA_CHOICES
                .iter()
                .find(|(v, ..)| *v == s)
                .map(|(_, _, covers)| covers.iter().map(|c| c.to_string()).collect())
                .ok_or_else(|| {
                    format!("type {s:?}: use Person, Organization, Vessel or Airplane")
                })?,
        };
        Ok(QueueFilter {
            schemata,
            status,
            list: given(&self.list),
            min_score: number("lowest score", &self.min_score)?,
            max_score: number("highest score", &self.max_score)?,
            run_id: run,
            holder,
            raised_before,
            record_key: None,
            sort,
            offset: self
                .page
                .unwrap_or(1)
                .saturating_sub(1)
                .saturating_mul(PAGE),
            limit: PAGE,
        })
    }

    /// This page's query string with `page` replaced.
    fn with_page(&self, page: usize) -> String {
        let mut pairs = url_pairs(&[
            ("status", self.status.as_deref()),
            ("list", self.list.as_deref()),
            ("min_score", self.min_score.as_deref()),
            ("max_score", self.max_score.as_deref()),
            ("run", self.run.as_deref()),
            ("holder", self.holder.as_deref()),
            ("older_than_days", self.older_than_days.as_deref()),
            ("schema", self.schema.as_deref()),
            ("sort", self.sort.as_deref()),
        ]);
        pairs.push_str(&format!("&page={page}"));
        pairs
    }
}

fn url_pairs(pairs: &[(&str, Option<&str>)]) -> String {
    pairs
        .iter()
        .filter_map(|(k, v)| {
            v.map(|v| {
                format!(
                    "{k}={}",
                    percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC)
                )
            })
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// An error of the store as a page.
fn failed(e: crate::error::ApiError) -> Response {
    error_page(e.0, &e.1)
}

pub(crate) async fn queue_page(
    State(state): State<Arc<AppState>>,
    Extension(viewer): Extension<Viewer>,
    Query(p): Query<QueueParams>,
) -> Response {
    let filter = match p.filter(&viewer) {
        Ok(f) => f,
        Err(why) => return error_page(StatusCode::BAD_REQUEST, &why),
    };
    let f = filter.clone();
    let (page_of, lists) =
        match with_store(state.clone(), move |s| Ok((s.queue(&f)?, s.alert_lists()?))).await {
            Ok(x) => x,
            Err(e) => return failed(e),
        };
    let current = p.page.unwrap_or(1).max(1);
    let pages = (page_of.total as usize).div_ceil(PAGE).max(1);
    let status = filter.status.clone().unwrap_or_else(|| "all".into());
    let body = html! {
        h1 { "Alerts" }
        form.filters method="get" action="/ui/alerts" aria-label="Filter alerts" {
            label { "Status" select name="status" {
                @for s in ["open", "pending", "decided", "suppressed", "all"] {
                    option value=(s) selected[status == s] { (s) }
                }
            } }
            label { "List" select name="list" {
                option value="" { "All lists" }
                @for l in &lists { option value=(l) selected[p.list.as_deref() == Some(l.as_str())] { (l) } }
            } }
            label { "Type" select name="schema" {
                option value="" { "Any type" }
                @for (v, l, _) in SCHEMA_CHOICES { option value=(v) selected[p.schema.as_deref() == Some(*v)] { (l) } }
            } }
            label { "Score from" input type="number" name="min_score" step="0.01" min="0" max="1" value=(p.min_score.clone().unwrap_or_default()); }
            label { "to" input type="number" name="max_score" step="0.01" min="0" max="1" value=(p.max_score.clone().unwrap_or_default()); }
            label { "Run" input type="number" name="run" min="1" value=(p.run.clone().unwrap_or_default()); }
            label { "Held by" select name="holder" {
                @for (v, l) in [("any", "anyone or nobody"), ("me", "me"), ("none", "nobody")] {
                    option value=(v) selected[p.holder.as_deref().unwrap_or("any") == v] { (l) }
                }
            } }
            label { "Older than (days)" input type="number" name="older_than_days" min="0" value=(p.older_than_days.clone().unwrap_or_default()); }
            label { "Sort" select name="sort" {
                @for (v, l) in [("score", "highest score"), ("score_asc", "lowest score"), ("newest", "newest"), ("oldest", "oldest")] {
                    option value=(v) selected[filter.sort.name() == v] { (l) }
                }
            } }
            button type="submit" { "Filter" }
        }
        p { strong { (page_of.total) } " alert(s) · page " (current) " of " (pages) }
        (queue_table(&page_of.items))
        div.pager {
            @if current > 1 { a rel="prev" href={"/ui/alerts?" (p.with_page(current - 1))} { "← Previous page" } }
            @if current < pages { a rel="next" href={"/ui/alerts?" (p.with_page(current + 1))} { "Next page →" } }
            a href="/ui/audit.csv" { "Export the audit log (CSV)" }
        }
    };
    page("Alerts", Some(&viewer), Some(Section::Alerts), body)
}

fn queue_table(items: &[QueueItem]) -> Markup {
    html! {
        table aria-label="Alert queue" {
            thead { tr { th { "Alert" } th { "Score" } th { "Customer" } th { "Listed party" } th { "List" } th { "Status" } th { "Held by" } th { "Raised" } th { "Run" } } }
            tbody {
                @for a in items {
                    tr {
                        td { a href={"/ui/alerts/" (a.id)} { "#" (a.id) } }
                        td { (score(a.score)) }
                        td { (a.record_name) br; span.muted { (a.record_key) } }
                        td { (a.entity_caption) br; span.muted { (a.entity_id) } }
                        td { (a.list) }
                        td.status { (a.status) }
                        td { (a.holder.clone().unwrap_or_default()) }
                        td { (a.created_at) }
                        td { (a.run_id) }
                    }
                }
            }
        }
    }
}

/// Everything the review page shows of one alert.
struct Review {
    alert: interdict_store::alerts::Alert,
    decisions: Vec<interdict_store::alerts::DecisionRecord>,
    steps: Vec<ReviewStep>,
    holder: Option<String>,
    audit: Vec<AuditEntry>,
    others: Vec<QueueItem>,
    next: Option<i64>,
    prev: Option<i64>,
}

pub(crate) async fn review_page(
    State(state): State<Arc<AppState>>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<i64>,
) -> Response {
    let r = with_store(state.clone(), move |s| {
        let (alert, decisions) = s.show(id)?;
        let steps = s.review_steps(id)?;
        let holder = s.holder(id)?;
        let audit = s.audit_of_alert(id)?;
        let others = s
            .queue(&QueueFilter {
                record_key: Some(alert.record_key.clone()),
                run_id: Some(alert.run_id),
                limit: 20,
                ..Default::default()
            })?
            .items
            .into_iter()
            .filter(|o| o.id != id)
            .collect();
        // Next and previous in the open queue (by id, the order they were raised in).
        let next = s.neighbour_open(id, true)?;
        let prev = s.neighbour_open(id, false)?;
        Ok(Review {
            alert,
            decisions,
            steps,
            holder,
            audit,
            others,
            next,
            prev,
        })
    })
    .await;
    let r = match r {
        Ok(r) => r,
        Err(e) => return failed(e),
    };
    let loaded = state.loaded();
    let listed = loaded.index.entity(&r.alert.entity_id);
    let x = &r.alert.explanation;
    let record = &x["record"];
    let four_eyes = state.config().four_eyes;
    let open_proposal = r
        .steps
        .iter()
        .filter(|s| s.action == "propose")
        .rfind(|p| !r.steps.iter().any(|s| s.ref_id == Some(p.id)));
    let held_by_other = r.holder.as_deref().is_some_and(|h| h != viewer.name);
    let texts = |v: &serde_json::Value| -> Vec<String> {
        match v {
            serde_json::Value::String(s) if !s.is_empty() => vec![s.clone()],
            serde_json::Value::Array(a) => a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .filter(|s| !s.is_empty())
                .collect(),
            _ => Vec::new(),
        }
    };
    let feature = |name: &str| -> Option<f64> {
        x["features"]
            .as_array()?
            .iter()
            .find(|f| f["name"] == name)
            .and_then(|f| f["contribution"].as_f64())
    };
    // A row's class: agreeing evidence green, disagreeing red (from the explanation).
    let verdict = |positive: &[K], negative: &[K]| -> &'static str {
        if negative.iter().any(|k| feature(k.name()).is_some()) {
            "disagree"
        } else if positive.iter().any(|k| feature(k.name()).is_some()) {
            "agree"
        } else {
            ""
        }
    };
    let id_verdict = if feature(K::IdentifierMismatch.name()).is_some() {
        "disagree"
    } else if !x["identifier_match"].is_null() {
        "agree"
    } else {
        ""
    };
    let body = html! {
        h1 { "Alert #" (r.alert.id) " " (score(r.alert.score)) }
        p {
            span.status { (r.alert.status) }
            " · list " (r.alert.list) " version " (r.alert.list_version)
            " · run " (r.alert.run_id) " · raised " (r.alert.created_at)
            " · held by " (r.holder.clone().unwrap_or_else(|| "nobody".into()))
        }
        div.pager {
            @if let Some(p) = r.prev { a rel="prev" href={"/ui/alerts/" (p)} { "← Previous open alert" } }
            a href="/ui/alerts" { "Queue" }
            @if let Some(n) = r.next { a rel="next" href={"/ui/alerts/" (n)} { "Next open alert →" } }
        }
        div.workspace {
        div.review {
        // One table, a row per field, so that each of the customer's values sits beside
        // the listed party's.
        table.side-by-side aria-label="Side by side" {
            thead { tr { th { } th { "Customer record" } th { "Listed party" } } }
            tbody {
                tr { td.label { "Key" } td { (r.alert.record_key) } td { a href={"/ui/entities/" (r.alert.entity_id)} { (r.alert.entity_id) } } }
                tr {
                    td.label { "Name" }
                    td { mark { (x["query_name"].as_str().unwrap_or(&r.alert.record_name)) } }
                    td { mark { (x["matched_name"].as_str().unwrap_or(&r.alert.entity_caption)) } " " span.muted { (x["matched_name_kind"].as_str().unwrap_or("")) } }
                }
                @if let Some(e) = listed {
                    (side_row("Also known as", texts(&record["alias"]), e.names.iter().map(|n| n.value.clone()).filter(|n| Some(n.as_str()) != x["matched_name"].as_str()).take(8).collect(), ""))
                    (side_row("Type", texts(&record["schema"]), vec![e.schema.to_string()], ""))
                    (side_row("Birth date", texts(&record["birthDate"]), e.birth_dates.iter().map(|d| d.to_string()).collect(), verdict(&[K::DobExactMatch, K::DobYearMatch, K::DobYearClose], &[K::DobYearDisjoint])))
                    (side_row("Country", texts(&record["country"]), distinct(e.tied_countries()), verdict(&[K::CountryMatch], &[K::CountryMismatch])))
                    (side_row("Identifiers", texts(&record["identifiers"]), e.identifiers.iter().map(|i| i.value.clone()).collect(), id_verdict))
                    (side_row("Programs", Vec::new(), e.programs.clone(), ""))
                } @else {
                    tr { td.label { "Listed party" } td { } td { "No longer in the loaded lists (delisted, or another version): " (r.alert.entity_caption) } }
                }
            }
        }
        h2 { "Evidence" }
        ul.pairs aria-label="Evidence" {
            @for pair in x["name"]["pairs"].as_array().into_iter().flatten() {
                li.agree { mark { (pair["query"].as_str().unwrap_or("")) } " ~ " mark { (pair["candidate"].as_str().unwrap_or("")) } " " (format!("{:.2}", pair["similarity"].as_f64().unwrap_or(0.0))) }
            }
            @for w in x["name"]["unmatched_query"].as_array().into_iter().flatten() {
                li.disagree { (w.as_str().unwrap_or("")) " — only the customer's" }
            }
            @for w in x["name"]["unmatched_candidate"].as_array().into_iter().flatten() {
                li.disagree { (w.as_str().unwrap_or("")) " — only the listed name's" }
            }
        }
        p.muted { "Name score " (format!("{:.3}", x["name"]["score"].as_f64().unwrap_or(0.0))) " by " (x["name"]["method"].as_str().unwrap_or("")) }
        table aria-label="Features" {
            thead { tr { th { "Feature" } th { "Contribution" } th { "Detail" } } }
            tbody {
                @for f in x["features"].as_array().into_iter().flatten() {
                    @let c = f["contribution"].as_f64().unwrap_or(0.0);
                    tr class=(if c >= 0.0 { "agree" } else { "disagree" }) { td { (f["name"].as_str().unwrap_or("")) } td { (format!("{c:+.2}")) } td { (f["detail"].as_str().unwrap_or("")) } }
                }
                @for c in x["caps"].as_array().into_iter().flatten() {
                    tr.disagree { td { "cap" } td { "—" } td { (c.as_str().unwrap_or("")) } }
                }
            }
        }
        }
        aside.actions aria-label="Actions" {
            @if r.holder.as_deref() == Some(viewer.name.as_str()) {
                form method="post" action={"/ui/alerts/" (r.alert.id) "/release"} aria-label="Release" {
                    input type="hidden" name="csrf" value=(viewer.csrf);
                    button.secondary type="submit" { "Release to the queue" }
                }
            } @else {
                form method="post" action={"/ui/alerts/" (r.alert.id) "/claim"} aria-label="Claim" {
                    input type="hidden" name="csrf" value=(viewer.csrf);
                    @if held_by_other && viewer.role.may_approve() { input type="hidden" name="take_over" value="1"; }
                    button.secondary type="submit" data-key="claim" disabled[held_by_other && !viewer.role.may_approve()] {
                        @if held_by_other { "Take over from " (r.holder.clone().unwrap_or_default()) } @else { "Claim (c)" }
                    }
                }
            }
            @if let Some(p) = open_proposal {
                div.notice role="status" {
                    "Decision proposed by " strong { (p.actor) } ": " strong { (p.decision.clone().unwrap_or_default()) }
                    @if let Some(c) = &p.reason_code { " [" (c) "]" }
                    " — " (p.reason.clone().unwrap_or_default()) ". It awaits a second user's approval."
                }
                @if viewer.role.may_approve() && p.actor != viewer.name {
                    form method="post" action={"/ui/proposals/" (p.id) "/approve"} aria-label="Approve" {
                        input type="hidden" name="csrf" value=(viewer.csrf);
                        button type="submit" { "Approve the decision" }
                    }
                    form method="post" action={"/ui/proposals/" (p.id) "/return"} aria-label="Return" {
                        input type="hidden" name="csrf" value=(viewer.csrf);
                        label { "Why it goes back" textarea name="reason" rows="2" required {} }
                        button.secondary type="submit" { "Return to the queue" }
                    }
                }
            } @else if !held_by_other {
                form method="post" action={"/ui/alerts/" (r.alert.id) "/decide"} aria-label="Decide" {
                    input type="hidden" name="csrf" value=(viewer.csrf);
                    label { "Decision (d)" select id="decision" name="decision" required {
                        option value="false_positive" { "False positive" }
                        option value="true_match" { "True match" }
                        option value="escalate" { "Escalate" }
                    } }
                    label { "Reason code" select name="reason_code" required {
                        @for c in &state.config().reason_codes {
                            @let (code, what) = c.split_once(':').unwrap_or((c, ""));
                            option value=(code.trim()) { (code.trim()) " — " (what.trim()) }
                        }
                    } }
                    label { "Comment" textarea name="reason" rows="3" {} }
                    button type="submit" { @if four_eyes { "Propose the decision" } @else { "Decide" } }
                }
            }
        }
        }
        @if !r.others.is_empty() {
            h2 { "Other candidates for this record" }
            (queue_table(&r.others))
        }
        @if !r.decisions.is_empty() {
            h2 { "Decisions" }
            table aria-label="Decisions" {
                thead { tr { th { "Decision" } th { "Reason" } th { "By" } th { "When" } } }
                tbody { @for d in &r.decisions { tr { td { (d.decision) } td { (d.reason) } td { (d.user) } td { (d.decided_at) } } } }
            }
        }
        h2 { "History" }
        table aria-label="History" {
            thead { tr { th { "When" } th { "Who" } th { "What" } th { "Detail" } } }
            tbody { @for e in &r.audit { tr { td { (e.at) } td { (e.actor) } td { (e.action) } td { (e.detail.to_string()) } } } }
        }
        p { a href={"/ui/alerts/" (r.alert.id) "/audit.csv"} { "Export this alert's history (CSV)" } }
    };
    page(
        &format!("Alert #{}", r.alert.id),
        Some(&viewer),
        Some(Section::Alerts),
        body,
    )
}

/// The values once each, in their order.
fn distinct<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !out.iter().any(|o| o == v) {
            out.push(v.to_string());
        }
    }
    out
}

fn side_row(label: &str, customer: Vec<String>, listed: Vec<String>, class: &str) -> Markup {
    let cell = |values: &[String]| {
        html! {
            td {
                @if values.is_empty() { span.muted { "—" } }
                @for (i, v) in values.iter().enumerate() { @if i > 0 { br; } (v) }
            }
        }
    };
    html! {
        tr class=(class) { td.label { (label) } (cell(&customer)) (cell(&listed)) }
    }
}

#[derive(Deserialize)]
pub(crate) struct ActionForm {
    csrf: Option<String>,
    take_over: Option<String>,
    decision: Option<String>,
    reason_code: Option<String>,
    reason: Option<String>,
}

/// Runs a review step for the viewer after the CSRF check, then goes back to `back`.
async fn act<T: Send + 'static>(
    state: Arc<AppState>,
    viewer: &Viewer,
    form: &ActionForm,
    back: String,
    step: impl FnOnce(&mut interdict_store::AlertStore) -> Result<T, AlertError> + Send + 'static,
) -> Response {
    if let Some(refused) = super::refuse_csrf(viewer, form.csrf.as_deref()) {
        return refused;
    }
    match with_store(state, step).await {
        Ok(_) => Redirect::to(&back).into_response(),
        Err(e) => failed(e),
    }
}

pub(crate) async fn claim(
    State(state): State<Arc<AppState>>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<i64>,
    Form(f): Form<ActionForm>,
) -> Response {
    let take_over = f.take_over.is_some() && viewer.role.may_approve();
    let name = viewer.name.clone();
    act(state, &viewer, &f, format!("/ui/alerts/{id}"), move |s| {
        s.claim(id, &name, take_over)
    })
    .await
}

pub(crate) async fn release(
    State(state): State<Arc<AppState>>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<i64>,
    Form(f): Form<ActionForm>,
) -> Response {
    let name = viewer.name.clone();
    act(state, &viewer, &f, format!("/ui/alerts/{id}"), move |s| {
        s.release(id, &name)
    })
    .await
}

pub(crate) async fn decide(
    State(state): State<Arc<AppState>>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<i64>,
    Form(f): Form<ActionForm>,
) -> Response {
    let decision = match Decision::parse(f.decision.as_deref().unwrap_or("")) {
        Ok(d) => d,
        Err(e) => return error_page(StatusCode::BAD_REQUEST, &e.to_string()),
    };
    let code = f.reason_code.clone().filter(|c| !c.trim().is_empty());
    if let Some(c) = &code {
        if !state
            .config()
            .reason_codes
            .iter()
            .any(|r| r.split(':').next().map(str::trim) == Some(c.trim()))
        {
            return error_page(
                StatusCode::BAD_REQUEST,
                &format!("{c:?} is not one of this server's reason codes"),
            );
        }
    }
    let four_eyes = state.config().four_eyes;
    let name = viewer.name.clone();
    let reason = f.reason.clone().unwrap_or_default();
    act(state, &viewer, &f, format!("/ui/alerts/{id}"), move |s| {
        let input = DecisionInput {
            decision,
            reason_code: code.as_deref(),
            reason: &reason,
            actor: &name,
        };
        if four_eyes {
            s.propose(id, &input).map(|_| ())
        } else {
            s.decide_coded(id, &input).map(|_| ())
        }
    })
    .await
}

/// The alert a proposal is on, for going back to it.
async fn proposal_alert(state: &Arc<AppState>, proposal: i64) -> Option<i64> {
    with_store(state.clone(), move |s| s.proposal_alert(proposal))
        .await
        .ok()
        .flatten()
}

pub(crate) async fn approve(
    State(state): State<Arc<AppState>>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<i64>,
    Form(f): Form<ActionForm>,
) -> Response {
    let name = viewer.name.clone();
    review_proposal(state, &viewer, id, &f, "approve", move |s| {
        s.approve(id, &name).map(|_| ())
    })
    .await
}

pub(crate) async fn return_proposal(
    State(state): State<Arc<AppState>>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<i64>,
    Form(f): Form<ActionForm>,
) -> Response {
    let name = viewer.name.clone();
    let reason = f.reason.clone().unwrap_or_default();
    review_proposal(state, &viewer, id, &f, "return", move |s| {
        s.return_proposal(id, &name, &reason).map(|_| ())
    })
    .await
}

/// A reviewer's step on proposal `id` (`verb`: approve or return): refused without the
/// reviewer role, then back to the proposal's alert.
async fn review_proposal(
    state: Arc<AppState>,
    viewer: &Viewer,
    id: i64,
    f: &ActionForm,
    verb: &str,
    step: impl FnOnce(&mut interdict_store::AlertStore) -> Result<(), AlertError> + Send + 'static,
) -> Response {
    if !viewer.role.may_approve() {
        return error_page(
            StatusCode::FORBIDDEN,
            &format!("Only a user with the reviewer or admin role can {verb} a decision."),
        );
    }
    let back = proposal_alert(&state, id)
        .await
        .map_or("/ui/alerts".to_string(), |a| format!("/ui/alerts/{a}"));
    act(state, viewer, f, back, step).await
}

pub(crate) async fn alert_audit_csv(
    State(state): State<Arc<AppState>>,
    Path(id): Path<i64>,
) -> Response {
    match with_store(state, move |s| s.audit_of_alert(id)).await {
        Ok(entries) => csv_response(&format!("interdict-alert-{id}-audit.csv"), &entries),
        Err(e) => failed(e),
    }
}

pub(crate) async fn audit_csv(State(state): State<Arc<AppState>>) -> Response {
    match with_store(state, |s| s.audit()).await {
        Ok(entries) => csv_response("interdict-audit.csv", &entries),
        Err(e) => failed(e),
    }
}

/// Audit entries as CSV (RFC 4180). A cell a spreadsheet would run as a formula (starting
/// `=`, `+`, `-`, `@`) is written with a leading apostrophe: reasons are free text.
fn csv_response(file: &str, entries: &[AuditEntry]) -> Response {
    let cell = |s: &str| {
        let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{s}")
        } else {
            s.to_string()
        };
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s
        }
    };
    let mut out = String::from("id,at,actor,action,alert,detail\r\n");
    for e in entries {
        let alert = e
            .detail
            .get("alert")
            .map(|a| a.to_string())
            .unwrap_or_default();
        out.push_str(&format!(
            "{},{},{},{},{},{}\r\n",
            e.id,
            cell(&e.at),
            cell(&e.actor),
            cell(&e.action),
            alert,
            cell(&e.detail.to_string())
        ));
    }
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        out,
    )
        .into_response()
}
