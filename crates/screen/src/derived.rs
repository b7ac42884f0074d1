//! What is screened beyond the lists: the companies listed parties own. Before an index is
//! built, [`mark_derived`] works out, under every regime, which entities listed parties'
//! holdings block (see `interdict_ownership`), and marks them so that screening matches
//! against them — a registry's company too — and every hit on one says why. `search`,
//! `screen`, `rescreen` and the server all call it, so they screen the same parties.

use interdict_matcher::{CandidateIndex, MatchOptions, Parties};
use interdict_model::{Entity, PartyJudgement, REGISTRY};
use interdict_ownership::graph::{Day, NameLink};
use interdict_ownership::Annotated;
use std::collections::HashMap;

/// The score at which a registry party without a list id is tied to a listed party by
/// name: strict, so that only a name written (nearly) as listed ties.
pub const DEFAULT_LINK_THRESHOLD: f64 = 0.95;

/// Today as an ownership [`Day`] (YYYYMMDD, UTC).
pub fn today() -> Day {
    let t = interdict_store::today();
    t.year as u32 * 10_000 + t.month.unwrap_or(1) as u32 * 100 + t.day.unwrap_or(1) as u32
}

/// Ties registry parties without list ids to listed parties by the matcher.
pub struct Linker<'a> {
    index: LinkIndex<'a>,
    threshold: f64,
}

enum LinkIndex<'a> {
    None,
    Own(Box<CandidateIndex>),
    Borrowed(&'a CandidateIndex),
}

impl<'a> Linker<'a> {
    /// A linker over the listed parties of `entities`, its index built only when a
    /// registry party is there to tie (an index costs a second or two on large lists).
    pub fn new(entities: &[Entity], threshold: f64) -> Linker<'static> {
        let has_registry = entities
            .iter()
            .any(|e| e.extra.contains_key(REGISTRY) && e.schema.is_matchable());
        let index = if has_registry {
            LinkIndex::Own(Box::new(CandidateIndex::build(
                entities
                    .iter()
                    .filter(|e| e.is_screened() && !e.extra.contains_key(REGISTRY))
                    .cloned()
                    .collect(),
            )))
        } else {
            LinkIndex::None
        };
        Linker { index, threshold }
    }

    /// A linker over an index already built (registry parties in it are passed over).
    pub fn over(index: &'a CandidateIndex, threshold: f64) -> Linker<'a> {
        Linker {
            index: LinkIndex::Borrowed(index),
            threshold,
        }
    }

    /// The listed organisation a registry party's name matches at the threshold, if any.
    /// People are never tied by name: a registry gives no birth date to tell the many
    /// "Roman Semenov"s apart, so a person must be named by list id.
    pub fn link(&self, party: &Entity) -> Option<NameLink> {
        let index = match &self.index {
            LinkIndex::None => return None,
            LinkIndex::Own(i) => i.as_ref(),
            LinkIndex::Borrowed(i) => *i,
        };
        if party.names.is_empty() || party.schema == interdict_model::Schema::Person {
            return None;
        }
        // Asked as a company: a registry party tied by name is an organisation.
        let mut query = party.clone();
        query.schema = interdict_model::Schema::Company;
        let options = MatchOptions {
            threshold: self.threshold,
            min_score: self.threshold,
            limit: 4,
            ..MatchOptions::default()
        };
        let best = index.search(&query, &options).into_iter().find(|r| {
            r.score >= self.threshold
                && index.entity(&r.id).is_some_and(|e| {
                    !e.extra.contains_key(REGISTRY) && e.schema != interdict_model::Schema::Person
                })
        })?;
        Some(NameLink {
            caption: index
                .entity(&best.id)
                .map(|e| e.caption().to_string())
                .unwrap_or_default(),
            id: best.id,
            score: best.score,
        })
    }
    /// Ties every registry party that owns something (see
    /// [`interdict_ownership::graph::registry_owners`]) on all cores: registry party id →
    /// the listed party its name matches. A matcher query is ~0.1 ms, and a registry may
    /// name hundreds of thousands of owners.
    pub fn tie_owners(&self, entities: &[Entity]) -> HashMap<String, NameLink> {
        if matches!(self.index, LinkIndex::None) {
            return HashMap::new();
        }
        let owners = interdict_ownership::graph::registry_owners(entities);
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = owners.len().div_ceil(workers).max(1);
        std::thread::scope(|s| {
            let handles: Vec<_> = owners
                .chunks(chunk)
                .map(|part| {
                    s.spawn(move || {
                        part.iter()
                            .filter_map(|p| Some((p.id.clone(), self.link(p)?)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        })
    }
}

/// The groups of record ids that are one party (two records or more): a party's
/// designations count on each of its records.
pub fn groups(parties: &Parties) -> Vec<Vec<String>> {
    parties
        .iter()
        .filter(|p| p.members.len() > 1)
        .map(|p| p.members.clone())
        .collect()
}

/// What [`mark_derived`] did, and the parties it resolved to do it.
pub struct Marked {
    /// The entities marked.
    pub annotated: Annotated,
    /// The parties of the entities as they were before marking, with analysts' judgements;
    /// `None` when no ownership link made resolving them worth it. A caller that screens per
    /// party takes these rather than resolve them again (the companies marked are then
    /// parties of their own record, as they would be anyway).
    pub parties: Option<Parties>,
}

/// Marks the entities that listed parties' holdings block (or possibly block) on day `at`,
/// under every regime (see [`interdict_ownership::annotate`]): registry parties tied by
/// name at [`DEFAULT_LINK_THRESHOLD`], designations spread over each party's records.
/// Without any ownership or control link among the entities this costs nothing.
pub fn mark_derived(entities: &mut [Entity], judgements: &[PartyJudgement], at: Day) -> Marked {
    if !interdict_ownership::annotate::has_links(entities) {
        return Marked {
            annotated: Annotated::default(),
            parties: None,
        };
    }
    let parties = Parties::resolve_judged(entities, judgements);
    let ties = Linker::new(entities, DEFAULT_LINK_THRESHOLD).tie_owners(entities);
    let annotated = interdict_ownership::annotate(
        entities,
        at,
        &|p| ties.get(&p.id).cloned(),
        &groups(&parties),
    );
    Marked {
        annotated,
        parties: Some(parties),
    }
}
