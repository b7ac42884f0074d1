//! The JSON answers of the HTTP API as types. The handlers serialize these, and utoipa derives
//! the component schemas of `/openapi.json` from the same types (`openapi::document`), so the
//! document cannot drift from what is served. Shapes follow OpenSanctions' yente where the
//! route is yente's; a doc comment here is the schema's description there.
//!
//! `/match` writes its answer as text while it matches (no JSON tree of the results), from
//! [`FeatureResult`], [`FeatureDoc`] and [`Total`]; [`MatchResponse`] is that text's type,
//! which the tests check live answers against.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Every error: a 4xx or 5xx status and what went wrong.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = Error)]
pub struct ErrorBody {
    /// What went wrong, naming the parameter, property or value.
    pub detail: String,
}

/// How many results there are: exactly (`eq`) or at least (`gte`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Total {
    /// The count.
    pub value: usize,
    /// Whether the count is exact.
    pub relation: Relation,
}

impl Total {
    /// An exact count.
    pub fn exactly(value: usize) -> Total {
        Total {
            value,
            relation: Relation::Eq,
        }
    }
}

/// Whether a [`Total`] is exact.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// Exactly this many.
    Eq,
    /// At least this many.
    Gte,
}

/// A FollowTheMoney entity as yente serves it: FtM's `id`, `schema` and `properties`, with
/// yente's caption, datasets and dates.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Entity {
    /// The entity id (`ofac-45708`).
    pub id: String,
    /// The name to show.
    pub caption: String,
    /// The FtM schema (Person, Company, Organization, LegalEntity, Vessel, Airplane, or a
    /// relation such as Ownership).
    pub schema: String,
    /// FtM property → values (strings; linked entities nested as objects).
    #[schema(value_type = Object)]
    pub properties: Map<String, Value>,
    /// The lists it is on: a party's in `/match` and `/search` answers (every list its
    /// records are on), the record's own list elsewhere.
    pub datasets: Vec<String>,
    /// The party's other record ids (as yente's merged entities name their source ids);
    /// empty for a record alone, and in answers per record.
    pub referents: Vec<String>,
    /// Whether the entity is a sanctions target (every listed entity is).
    pub target: bool,
    /// When it was first listed, if the list says.
    pub first_seen: Option<String>,
    /// The publication date of the list version it was read from.
    pub last_seen: Option<String>,
    /// When it last changed (not tracked: null).
    pub last_change: Option<String>,
    /// interdict: the record it was read from.
    pub source: Source,
    /// interdict, `/entities/{id}` only: the party the record belongs to when it is listed
    /// on other lists too — every record's values together, each with its lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub party: Option<PartyValues>,
    /// interdict: `"ownership"` for an entity screened because listed parties' holdings
    /// block it (a registry's company no list names, or a listed one also owned so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// interdict: each regime's verdict on such an entity, with its first proof path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ownership: Vec<OwnershipReason>,
}

/// One regime's verdict on an entity blocked by ownership, as a result carries it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OwnershipReason {
    /// `ofac`, `eu` or `uk`.
    pub regime: String,
    /// `blocked` or `possibly-blocked`.
    pub verdict: String,
    /// The share listed parties hold, in words ("60 %", "25–50 %", "unknown").
    pub listed_share: String,
    /// The first proof path, in one line.
    pub path: String,
}

/// The least and most of a share, as fractions (0–1).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ShareBounds {
    /// The least it may be.
    pub min: f64,
    /// The most it may be.
    pub max: f64,
}

/// One link of an ownership proof path.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OwnershipStep {
    /// The owner's id.
    pub owner: String,
    /// Its name, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_caption: Option<String>,
    /// `listed`, `blocked`, `possibly-blocked` or `not-blocked` under the regime.
    pub owner_status: String,
    /// The asset's id.
    pub asset: String,
    /// Its name, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset_caption: Option<String>,
    /// The share held.
    pub share: ShareBounds,
    /// `ownership`, `owned-or-controlled` (OFAC, no percentage) or `control`.
    pub kind: String,
    /// The relationship record's id.
    pub relation: String,
    /// The list or registry it came from.
    pub source: String,
    /// When the holding started, as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// When it ended, as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// How an end was tied to a listed party by name (a registry without list ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub matched: Vec<String>,
}

/// One regime's verdict on an entity (`/ownership/{id}`), as `interdict ownership --json`
/// prints it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OwnershipVerdict {
    /// The entity id.
    pub id: String,
    /// Its name, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// `ofac`, `eu` or `uk`.
    pub regime: String,
    /// `blocked`, `possibly-blocked` or `not-blocked`.
    pub verdict: String,
    /// `listed` (by name), `blocked` (by ownership), `possibly-blocked` or `not-blocked`.
    pub status: String,
    /// The share listed (and blocked) parties hold; for the UK, the largest single holding.
    pub listed_share: ShareBounds,
    /// Each chain of links from a listed party down to the entity.
    pub paths: Vec<Vec<OwnershipStep>>,
    /// What a reviewer should know: joint holdings, control, circles, ended holdings.
    pub notes: Vec<String>,
    /// The day the verdict is for (YYYY-MM-DD).
    pub as_of: Option<String>,
}

/// `/ownership/{id}`: a verdict per regime asked about.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OwnershipAnswer(pub Vec<OwnershipVerdict>);

/// A party listed on several lists, its records' values merged.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PartyValues {
    /// The party's id (its record that sorts first).
    pub id: String,
    /// Every list it is on.
    pub datasets: Vec<String>,
    /// Its records.
    pub members: Vec<String>,
    /// FtM property → the values its records state, each `{"value", "datasets"}`: the
    /// lists that state it.
    #[schema(value_type = Object)]
    pub properties: BTreeMap<String, Vec<interdict_matcher::parties::SourcedValue>>,
}

/// The list record an entity was read from.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Source {
    /// The list.
    pub list: String,
    /// The record's id in the list file.
    pub record_id: String,
    /// The list version's publication date.
    pub published: Option<String>,
}

/// One feature's evidence for a match, yente's `FeatureResult`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FeatureResult {
    /// The feature's value for this pair.
    pub score: f64,
    /// What it saw, in words.
    pub detail: Option<String>,
    /// The query's value it compared.
    pub query: Option<String>,
    /// The listed value it compared.
    pub candidate: Option<String>,
}

/// A listed entity scored against a query.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ScoredEntity {
    /// The entity.
    #[serde(flatten)]
    pub entity: Entity,
    /// The score, 0–1.
    pub score: f64,
    /// Whether the score reaches the threshold.
    #[serde(rename = "match")]
    pub is_match: bool,
    /// Feature name → its contribution to the score.
    pub features: BTreeMap<String, f64>,
    /// Feature name → its evidence (yente's `explanations`).
    pub explanations: BTreeMap<String, FeatureResult>,
    /// interdict's full explanation: names matched, token pairs, caps applied.
    #[schema(value_type = Object)]
    pub explanation: Value,
}

/// The answer to one query of a `/match` batch.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct QueryResponse {
    /// 200, or 400 when this query was not valid (the others are still answered).
    pub status: u16,
    /// The best results, best first.
    pub results: Vec<ScoredEntity>,
    /// How many results there are.
    pub total: Total,
    /// The query as given.
    #[schema(value_type = Object)]
    pub query: Value,
    /// Why the query was not valid (status 400).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// A feature of the matcher: what it measures and its weight.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FeatureDoc {
    /// What it measures.
    pub description: String,
    /// Its weight in the score.
    pub coefficient: f64,
    /// Where it is documented.
    pub url: String,
}

/// yente's `/match` answer: one response per query key.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MatchResponse {
    /// Query key → its answer.
    pub responses: BTreeMap<String, QueryResponse>,
    /// The matcher's features.
    pub matcher: BTreeMap<String, FeatureDoc>,
    /// Results per query.
    pub limit: usize,
}

/// A page of `/search` results.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SearchResponse {
    /// The entities, best first.
    pub results: Vec<Entity>,
    /// How many there are.
    pub total: Total,
    /// Page size.
    pub limit: usize,
    /// Results skipped.
    pub offset: usize,
    /// Facets (none are computed: an empty object).
    #[schema(value_type = Object)]
    pub facets: Map<String, Value>,
}

/// One page of an entity's relations by one property.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AdjacentPage {
    /// Relation entities, the entity at their other end nested.
    pub results: Vec<Entity>,
    /// How many relations the entity has by this property.
    pub total: Total,
    /// Page size.
    pub limit: usize,
    /// Relations skipped.
    pub offset: usize,
}

/// An entity and its relations, keyed by FtM reverse property (yente's
/// `EntityAdjacentResponse`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AdjacentResponse {
    /// The entity.
    pub entity: Entity,
    /// Reverse property (`ownershipOwner`, `unknownLinkTo`…) → a page of relations.
    pub adjacent: BTreeMap<String, AdjacentPage>,
}

/// A loaded list (or `default`, all of them) as a yente dataset.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Dataset {
    /// Its name (`us_ofac_sdn`).
    pub name: String,
    /// Its title.
    pub title: String,
    /// Its publisher.
    pub summary: Option<String>,
    /// Where it is published.
    pub url: Option<String>,
    /// Whether it is loaded (always).
    pub load: bool,
    /// Where its entities can be downloaded (not offered: null).
    pub entities_url: Option<String>,
    /// Publication date and store version.
    pub version: String,
    /// The store version.
    pub index_version: Option<String>,
    /// Whether the index holds this version (always).
    pub index_current: bool,
    /// The datasets it collects (`default`: every list).
    pub children: Vec<String>,
    /// Entities in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_count: Option<usize>,
    /// Its publication date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// When its data last changed: the publication day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

/// The loaded lists as yente's catalog.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Catalog {
    /// Every list, then `default`.
    pub datasets: Vec<Dataset>,
    /// The datasets that can be queried.
    pub current: Vec<String>,
    /// Datasets out of date (none).
    pub outdated: Vec<String>,
    /// Whether the index lags the store (never: a reload swaps both).
    pub index_stale: bool,
}

/// The matcher described as yente 5 documents an algorithm.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AlgorithmDocs {
    /// Its name.
    pub name: String,
    /// What it does.
    pub description: String,
    /// Per-request settings (none).
    #[schema(value_type = Object)]
    pub config: Map<String, Value>,
    /// Its features.
    pub features: BTreeMap<String, FeatureDoc>,
}

/// One matching algorithm.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Algorithm {
    /// Its name.
    pub name: String,
    /// What it does.
    pub description: String,
    /// Its features.
    pub features: BTreeMap<String, FeatureDoc>,
    /// yente 5's documentation object.
    pub docs: AlgorithmDocs,
}

/// The matching algorithms.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Algorithms {
    /// interdict's one matcher.
    pub algorithms: Vec<Algorithm>,
    /// The one used by default.
    pub default: String,
    /// The best one.
    pub best: String,
}

/// The reconciliation service manifest (no parameters), a batch of results keyed as the
/// `queries` were, or a data extension answer (`meta`, `rows`): the reconciliation protocol's
/// 0.2 JSON schemas define each, and the tests hold the answers to them.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(value_type = Object)]
pub struct ReconcileAnswer(pub Value);

/// An id and a name: a suggested entity or property.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Suggestion {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The list it is on (entities).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Reconciliation suggestions.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Suggestions {
    /// Best first.
    pub result: Vec<Suggestion>,
}

/// The properties a reconciled column can be extended with.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PropertyProposal {
    /// The type asked about.
    #[serde(rename = "type")]
    pub ty: String,
    /// The properties.
    pub properties: Vec<Suggestion>,
}

/// Alerts, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Alerts {
    /// The alerts.
    pub alerts: Vec<interdict_store::alerts::Alert>,
}

/// One alert and the decisions taken on it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlertWithDecisions {
    /// The alert.
    pub alert: interdict_store::alerts::Alert,
    /// Its decisions, oldest first.
    pub decisions: Vec<interdict_store::alerts::DecisionRecord>,
}

/// This document.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(value_type = Object)]
pub struct OpenApiDocument(pub Value);

/// Liveness.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: String,
}

/// Readiness: what is loaded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Readiness {
    /// `ok`.
    pub status: String,
    /// Entities served.
    pub entities: usize,
    /// Names indexed.
    pub names: usize,
    /// Lists served.
    pub lists: Vec<String>,
}

/// A list in service after a reload.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ListServed {
    /// The list.
    pub list: String,
    /// Its store version.
    pub version: u32,
    /// Its entities.
    pub total: usize,
}

/// What a reload swapped in.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReloadSummary {
    /// Entities served.
    pub entities: usize,
    /// Names indexed.
    pub names: usize,
    /// Lists served.
    pub lists: Vec<ListServed>,
    /// Seconds the index took to build.
    pub index_seconds: f64,
}

/// The answer of `POST /admin/reload`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Reloaded {
    /// What is served now.
    pub reloaded: ReloadSummary,
}

/// The answer of `POST /admin/import`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Imported {
    /// Per list imported: its new version, counts and what changed.
    #[schema(value_type = Vec<Object>)]
    pub imported: Vec<Value>,
    /// What is served now.
    pub reloaded: ReloadSummary,
}

/// `POST /goods`: a verdict per line, in the order sent.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct GoodsAnswer {
    /// The rule data's version (CHPL, nomenclature, destinations, terms).
    pub rules_version: String,
    /// One per line.
    pub results: Vec<GoodsLineVerdict>,
}

/// One line's verdict and every reason behind it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct GoodsLineVerdict {
    /// The line's `id`, or its position in the batch (1-based).
    pub id: LineId,
    /// `block`, `review` or `clear`.
    pub verdict: String,
    /// The policy rule that decided it (null: no rule held, so `clear`).
    pub decided_by: Option<String>,
    /// The reasons found, whether or not a rule used them.
    pub reasons: Vec<GoodsReason>,
    /// The description's likeliest HS-6 subheadings, best first.
    pub hs6_candidates: Vec<Hs6Candidate>,
    /// The rule data's version.
    pub rules_version: String,
    /// What was wrong with the line's fields (it was checked without them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Object>)]
    pub problems: Vec<serde_json::Value>,
}

/// A goods line's id: its own, or its position in the batch.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum LineId {
    /// The line's own id.
    Own(String),
    /// Its position (1-based).
    Position(u64),
}

/// One reason: `chpl`, `description`, `destination`, `origin` or `party`, with its evidence.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct GoodsReason {
    /// `chpl`, `description`, `destination`, `origin` or `party`.
    pub rule: String,
    /// The fact in words.
    pub detail: String,
    /// A description that points to a CHPL item the declared code does not describe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mismatch: Option<bool>,
    /// CHPL tier (`1`, `2`, `3.A`, `3.B`, `4.A`, `4.B`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// The HS-6 subheading concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hs6: Option<String>,
    /// The country or region concerned (FtM code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The line's field it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The description's score for the item, or the party's match score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// The listed entity, for a party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
    /// Its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Its schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Whether the party scores at the match threshold.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "match")]
    pub is_match: Option<bool>,
    /// The lists it is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datasets: Option<Vec<String>>,
    /// The matcher's explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub explanation: Option<serde_json::Value>,
    /// Listed parties' holdings that block the entity, per regime.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<Object>>)]
    pub ownership: Option<serde_json::Value>,
}

/// A likely HS-6 subheading of a description.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Hs6Candidate {
    /// Six digits.
    pub hs6: String,
    /// In [0, 1].
    pub score: f64,
    /// The nomenclature's description.
    pub description: String,
    /// What pointed to it (term-list entries, `nomenclature` retrieval).
    pub evidence: Vec<String>,
}
