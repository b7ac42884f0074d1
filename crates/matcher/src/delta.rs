//! What a list change can do to screening results: the listed entities added, removed or
//! changed between two versions, and, for a query, whether its results can differ between
//! the two — decided without scoring it, so that re-screening a customer file after a list
//! update scores only the records the update can affect.
//!
//! Why the answer is exact: with the corpus statistics pinned ([`crate::CorpusStats`]), a
//! query's results depend only on the names retrieval keeps for it (the best names by summed
//! key weight, each name's weight depending only on the query and that name) and on the
//! query and those entities. If no kept name in the new index belongs to a changed entity,
//! and every name of a removed or changed entity (as it was) weighs less than the weakest
//! kept name, the old index kept exactly the same names: same candidates, same scores, same
//! results. Identifiers are checked directly: a query identifier on a changed entity counts
//! as affected.

use crate::fxhash::{FxHashMap, FxHashSet};
use crate::grams::QueryGrams;
use crate::index::RERANK_FACTOR;
use crate::{CandidateIndex, CorpusStats, MatchOptions, PreparedQuery};
use interdict_model::Entity;

/// How one listed entity changed between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityChange {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// In both, with different content (names, dates, identifiers, programs…).
    Changed,
    /// In both, the same (publication metadata aside).
    Unchanged,
    /// Only in the new version, and a record of a party the query already matched through
    /// another of its records: the same party newly listed elsewhere, not a new party to
    /// review from scratch (set by re-screening, which knows the parties).
    JoinedParty,
}

impl EntityChange {
    /// `added`, `removed`, `changed`, `unchanged` or `joined_party`.
    pub fn name(self) -> &'static str {
        match self {
            EntityChange::Added => "added",
            EntityChange::Removed => "removed",
            EntityChange::Changed => "changed",
            EntityChange::Unchanged => "unchanged",
            EntityChange::JoinedParty => "joined_party",
        }
    }
}

/// Two versions of the listed entities, indexed, with what changed between them.
#[derive(Debug)]
pub struct ChangeSet {
    old: CandidateIndex,
    new: CandidateIndex,
    /// Per entity of the new index: added or changed.
    new_changed: Vec<bool>,
    /// The removed and changed entities as they were, indexed for their key weights.
    gone: CandidateIndex,
    /// Per name of `gone`: how many names of the new index come before it in the order of
    /// name ids (entity id, then position in the entity), so that names of the two indexes
    /// compare without string comparisons.
    gone_position: Vec<u32>,
    /// Normalized identifiers of every added, removed or changed entity.
    identifiers: FxHashSet<String>,
    changes: FxHashMap<String, EntityChange>,
}

/// Whether two versions of an entity say the same thing (the publication date each version
/// stamps on its records aside).
fn same_content(a: &Entity, b: &Entity) -> bool {
    if a.source.published == b.source.published {
        return a == b;
    }
    let mut a = a.clone();
    a.source.published = b.source.published;
    a == *b
}

impl ChangeSet {
    /// Compares two versions of the listed entities (every list, or the ones screened
    /// against) and indexes both, with the shipped corpus statistics.
    pub fn new(old: Vec<Entity>, new: Vec<Entity>) -> ChangeSet {
        ChangeSet::with_stats(old, new, CorpusStats::bundled())
    }

    /// [`ChangeSet::new`] with the given corpus statistics.
    pub fn with_stats(old: Vec<Entity>, new: Vec<Entity>, corpus: &CorpusStats) -> ChangeSet {
        // Ids are meant to be unique, but a list may repeat one (OFAC has); an id's
        // entities are compared as a group, in list order.
        let group = |es: &[Entity]| {
            let mut m: FxHashMap<String, Vec<usize>> = FxHashMap::default();
            for (i, e) in es.iter().enumerate() {
                m.entry(e.id.clone()).or_default().push(i);
            }
            m
        };
        let (old_ids, new_ids) = (group(&old), group(&new));
        let mut changes: FxHashMap<String, EntityChange> = FxHashMap::default();
        for (id, n) in &new_ids {
            let change = match old_ids.get(id) {
                None => EntityChange::Added,
                Some(o)
                    if o.len() == n.len()
                        && o.iter()
                            .zip(n)
                            .all(|(&a, &b)| same_content(&old[a], &new[b])) =>
                {
                    EntityChange::Unchanged
                }
                Some(_) => EntityChange::Changed,
            };
            changes.insert(id.clone(), change);
        }
        for id in old_ids.keys() {
            if !new_ids.contains_key(id) {
                changes.insert(id.clone(), EntityChange::Removed);
            }
        }
        let moved = |e: &Entity| {
            changes
                .get(&e.id)
                .is_some_and(|c| *c != EntityChange::Unchanged)
        };
        let mut identifiers = FxHashSet::default();
        for e in old.iter().chain(&new).filter(|e| moved(e)) {
            for i in &e.identifiers {
                identifiers.insert(i.normalized());
            }
        }
        let new_changed: Vec<bool> = new.iter().map(moved).collect();
        let gone: Vec<Entity> = old.iter().filter(|e| moved(e)).cloned().collect();
        let new = CandidateIndex::build_with(new, corpus);
        let gone = CandidateIndex::build_with(gone, corpus);
        let name_key = |index: &CandidateIndex, id: u32| {
            let (e, ni, ..) = index.name_entry(id);
            (e.id.clone(), ni)
        };
        let gone_position = (0..gone.len() as u32)
            .map(|g| {
                let key = name_key(&gone, g);
                let (mut lo, mut hi) = (0u32, new.len() as u32);
                while lo < hi {
                    let mid = lo + (hi - lo) / 2;
                    if name_key(&new, mid) < key {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                lo
            })
            .collect();
        ChangeSet {
            old: CandidateIndex::build_with(old, corpus),
            new,
            new_changed,
            gone,
            gone_position,
            identifiers,
            changes,
        }
    }

    /// The index of the old version.
    pub fn old(&self) -> &CandidateIndex {
        &self.old
    }

    /// The index of the new version.
    pub fn new_index(&self) -> &CandidateIndex {
        &self.new
    }

    /// How an entity changed (`Unchanged` for ids in neither version).
    pub fn change(&self, id: &str) -> EntityChange {
        self.changes
            .get(id)
            .copied()
            .unwrap_or(EntityChange::Unchanged)
    }

    /// How many entities were added, removed and changed.
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut c = (0, 0, 0);
        for ch in self.changes.values() {
            match ch {
                EntityChange::Added | EntityChange::JoinedParty => c.0 += 1,
                EntityChange::Removed => c.1 += 1,
                EntityChange::Changed => c.2 += 1,
                EntityChange::Unchanged => {}
            }
        }
        c
    }

    /// Whether `query`'s results under `opts` (those scoring at least `opts.min_score`) may
    /// differ between the two versions. `false` is a guarantee: searching either index gives
    /// the same results at or above `min_score`.
    ///
    /// How: the names the old index would choose for scoring are worked out from the new
    /// index (the names both versions share weigh the same in both) and the removed and
    /// changed names; where the two choices differ, only the entities whose chosen names
    /// differ are scored, in both versions. If none of them reaches `min_score` in either,
    /// every result comes from entities scored alike in both.
    pub fn affects(&self, query: &Entity, opts: &MatchOptions) -> bool {
        if query
            .identifiers
            .iter()
            .any(|i| self.identifiers.contains(&i.normalized()))
        {
            return true;
        }
        let q = PreparedQuery::new(query);
        let keep = opts.candidates * RERANK_FACTOR;
        // The names the new index keeps for the re-rank, and as many again: the ones that
        // move up in the old version where changed names are not there.
        let wide = self.new.gather(&q, 2 * keep);
        let gone = self.gone.gather(&q, usize::MAX).ranked;
        let new_kept: Vec<Cand> = wide.ranked[..keep.min(wide.ranked.len())]
            .iter()
            .map(|&(id, w)| Cand { gone: false, id, w })
            .collect();
        let changed = |c: &Cand| self.new_changed[self.new.entity_of_name(c.id) as usize];
        // The common case: no name that left or changed is found, and none that came or
        // changed is kept. The old version kept the same names.
        if gone.is_empty() && !new_kept.iter().any(changed) {
            return false;
        }
        // The old version's kept names: the shared ones, merged with the removed and
        // changed names as they were, in the old index's order (weight, then entity id
        // and name position — the order of its name ids).
        let mut old_kept: Vec<Cand> = wide
            .ranked
            .iter()
            .map(|&(id, w)| Cand { gone: false, id, w })
            .filter(|c| !changed(c))
            .chain(gone.iter().map(|&(id, w)| Cand { gone: true, id, w }))
            .collect();
        old_kept.sort_by(|a, b| {
            b.w.total_cmp(&a.w)
                .then_with(|| self.key(a).cmp(&self.key(b)))
        });
        old_kept.truncate(keep);
        // Names past the ones gathered come after the last gathered one in that order; the
        // merge is the old version's only if it did not reach past it.
        if wide.truncated {
            let last = wide
                .ranked
                .last()
                .map(|&(id, w)| Cand { gone: false, id, w });
            let past = |c: &Cand| {
                last.is_some_and(|l| {
                    c.w.total_cmp(&l.w)
                        .reverse()
                        .then_with(|| self.key(c).cmp(&self.key(&l)))
                        .is_gt()
                })
            };
            if old_kept.len() < keep || old_kept.last().is_some_and(past) {
                return true;
            }
        }
        // Each index numbers its own trigrams.
        let grams = [self.new.query_grams(&q), self.gone.query_grams(&q)];
        let new_chosen = self.choose(&grams, &new_kept, opts.candidates);
        let old_chosen = self.choose(&grams, &old_kept, opts.candidates);
        let keys = |cs: &[Cand]| cs.iter().map(|c| self.key(c)).collect::<Vec<_>>();
        // The same names of unchanged entities chosen in both: the same results.
        if keys(&new_chosen) == keys(&old_chosen)
            && !new_chosen
                .iter()
                .chain(&old_chosen)
                .any(|c| c.gone || changed(c))
        {
            return false;
        }
        // Group each choice by entity (in choice order, as the search does) and score the
        // entities whose groups differ, in both versions: a listed entity that changed must
        // stay below `min_score` in both; one that did not must score alike in both.
        let new_groups = self.groups(&new_chosen);
        let old_groups = self.groups(&old_chosen);
        let result = |groups: &[Group], id: &str| {
            let (e, names) = groups.iter().find(|(e, _)| e.id == id)?;
            let a = crate::assess(
                &q,
                e,
                &e.schema,
                names,
                self.new.stats(),
                opts.min_score,
                crate::Known {
                    ids_may_match: true,
                    sex: None,
                },
            )
            .filter(|a| a.score >= opts.min_score)?;
            Some(crate::result_from(
                a,
                e,
                self.new.stats(),
                opts.threshold,
                opts.explain_all,
            ))
        };
        let positions = |groups: &[Group], id: &str| {
            groups
                .iter()
                .find(|(e, _)| e.id == id)
                .map(|(_, names)| names.iter().map(|n| n.0).collect::<Vec<_>>())
        };
        let mut ids: Vec<&str> = new_groups
            .iter()
            .chain(&old_groups)
            .map(|(e, _)| e.id.as_str())
            .collect();
        ids.sort_unstable();
        // Two listed entities with one id (the same OFAC party on two OFAC lists) chosen in
        // one version: the lookups below by id would be ambiguous, so score in full.
        let twice = |groups: &[Group]| {
            let mut g: Vec<&str> = groups.iter().map(|(e, _)| e.id.as_str()).collect();
            g.sort_unstable();
            g.windows(2).any(|w| w[0] == w[1])
        };
        if twice(&new_groups) || twice(&old_groups) {
            return true;
        }
        ids.dedup();
        for id in ids {
            let unchanged = self.change(id) == EntityChange::Unchanged;
            if unchanged && positions(&new_groups, id) == positions(&old_groups, id) {
                continue;
            }
            let (new, old) = (result(&new_groups, id), result(&old_groups, id));
            if !unchanged && (new.is_some() || old.is_some()) || new != old {
                return true;
            }
        }
        false
    }

    /// Where a candidate name comes in the order of name ids (entity id, then position in
    /// the entity), which is the same in every index: a name of the new index by its id, a
    /// gone name just before the first new-index name that follows it.
    fn key(&self, c: &Cand) -> (u32, bool, u32) {
        if c.gone {
            (self.gone_position[c.id as usize], false, c.id)
        } else {
            (c.id, true, 0)
        }
    }

    fn index(&self, c: &Cand) -> &CandidateIndex {
        if c.gone {
            &self.gone
        } else {
            &self.new
        }
    }

    /// The re-rank of kept names (best key weight first): the best `limit`, best first.
    /// `grams`: the query's trigrams for the new index and for the gone names' index.
    fn choose(&self, grams: &[Vec<QueryGrams>; 2], kept: &[Cand], limit: usize) -> Vec<Cand> {
        let Some(top) = kept.first().map(|c| c.w) else {
            return Vec::new();
        };
        let mut scored: Vec<(f64, Cand)> = kept
            .iter()
            .map(|c| {
                let grams = &grams[usize::from(c.gone)];
                (self.index(c).rerank_score(grams, c.id, c.w, top), *c)
            })
            .collect();
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| self.key(&a.1).cmp(&self.key(&b.1)))
        });
        scored.truncate(limit);
        scored.into_iter().map(|(_, c)| c).collect()
    }

    /// Chosen names grouped by entity, in choice order.
    fn groups(&self, chosen: &[Cand]) -> Vec<Group<'_>> {
        let mut out: Vec<Group> = Vec::new();
        for c in chosen {
            let (e, ni, kind, p) = self.index(c).name_entry(c.id);
            match out.iter_mut().find(|(x, _)| std::ptr::eq(*x, e)) {
                Some((_, v)) => v.push((ni as usize, kind, p)),
                None => out.push((e, vec![(ni as usize, kind, p)])),
            }
        }
        out
    }
}

/// A listed entity with the chosen names it is scored on.
type Group<'a> = (&'a Entity, Vec<crate::NameRef<'a>>);

/// A kept name: its id in the new index or (`gone`) in the index of removed and changed
/// names, and its key weight.
#[derive(Debug, Clone, Copy)]
struct Cand {
    gone: bool,
    id: u32,
    w: f64,
}
