//! Derived entities screened like listed ones: each entity that listed parties' holdings
//! block (or possibly block) under a regime is marked with its verdicts
//! ([`interdict_model::OWNERSHIP`]), so that screening matches against it — a registry's
//! company too, which is otherwise never screened — and every hit on it says why.

use crate::derive::{path_text, Derivation};
use crate::graph::{self, Day, Graph, NameLink};
use crate::regime::REGIMES;
use interdict_model::{Entity, OWNERSHIP};
use serde::Serialize;
use std::collections::HashMap;

/// One regime's verdict on a derived entity, as a hit carries it.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct OwnershipReason {
    /// `ofac`, `eu` or `uk`.
    pub regime: String,
    /// `blocked` or `possibly-blocked`.
    pub verdict: String,
    /// The least and most listed parties hold, in percent ("50 %", "25–50 %").
    pub listed_share: String,
    /// The first proof path, in one line.
    pub path: String,
}

impl OwnershipReason {
    /// The reasons an entity carries (none for an entity not derived).
    pub fn of(e: &Entity) -> Vec<OwnershipReason> {
        e.extra
            .get(OWNERSHIP)
            .into_iter()
            .flatten()
            .filter_map(|v| serde_json::from_str(v).ok())
            .collect()
    }
}

/// What [`annotate`] did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Annotated {
    /// Entities marked blocked or possibly blocked under some regime.
    pub entities: usize,
    /// Of those, registry parties now screened.
    pub registry: usize,
    /// Entities derived whose ids name no record (nothing to screen by).
    pub without_record: usize,
}

/// Whether any entity is an ownership or control link: without one, nothing is derived and
/// [`annotate`] need not build its graph.
pub fn has_links(entities: &[Entity]) -> bool {
    entities.iter().any(|e| {
        matches!(
            e.schema,
            interdict_model::Schema::Ownership | interdict_model::Schema::Directorship
        )
    })
}

/// Marks every entity blocked or possibly blocked by ownership on day `at`, under every
/// regime, with its verdicts; `link` ties registry parties to listed ones by name (see
/// [`graph::read_linked`]), and `parties` (groups of record ids of one party) spread each
/// party's designations over its records (see [`graph::Read::spread`]). Marks from an
/// earlier call are replaced.
pub fn annotate(
    entities: &mut [Entity],
    at: Day,
    link: &dyn Fn(&Entity) -> Option<NameLink>,
    parties: &[Vec<String>],
) -> Annotated {
    for e in entities.iter_mut() {
        e.extra.remove(OWNERSHIP);
    }
    let mut out = Annotated::default();
    if !has_links(entities) {
        return out;
    }
    let mut read = graph::read_linked(entities, link);
    read.spread(parties);
    let g = Graph::from_read(read, Some(at));
    let mut reasons: HashMap<u32, Vec<String>> = HashMap::new();
    for regime in REGIMES {
        let d = Derivation::run(&g, regime);
        for (node, status) in d.derived() {
            let v = d.verdict(g.id(node));
            let reason = OwnershipReason {
                regime: regime.id.to_string(),
                verdict: status.verdict().to_string(),
                listed_share: v.listed_share.describe(),
                path: v.paths.first().map(|p| path_text(p)).unwrap_or_default(),
            };
            if let Ok(text) = serde_json::to_string(&reason) {
                reasons.entry(node).or_default().push(text);
            }
        }
    }
    let by_id: HashMap<&str, u32> = reasons.keys().map(|&n| (g.id(n), n)).collect();
    let mut found = 0usize;
    for e in entities.iter_mut() {
        let Some(&node) = by_id.get(e.id.as_str()) else {
            continue;
        };
        if !e.schema.is_matchable() {
            continue;
        }
        found += 1;
        if e.extra.contains_key(interdict_model::REGISTRY) {
            out.registry += 1;
        }
        e.extra.insert(
            OWNERSHIP.to_string(),
            reasons.get(&node).cloned().unwrap_or_default(),
        );
    }
    out.entities = found;
    out.without_record = reasons.len().saturating_sub(found);
    out
}
