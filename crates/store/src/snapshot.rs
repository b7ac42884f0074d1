//! The loaded, queryable state: the active version of every list, entities by id, and an
//! exact / normalized-token name index for `interdict search`. (Fuzzy, cross-script matching
//! is the matcher's job; this index answers "is this name, as written, on a list?".)

use crate::ListVersion;
use interdict_model::{Entity, NameKind};
use std::collections::HashMap;

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit<'a> {
    /// The listed entity.
    pub entity: &'a Entity,
    /// The name that matched.
    pub name: &'a str,
    /// 1.0 for the same normalized text, 0.95 for the same tokens in another order, less
    /// for names that contain every query token among others.
    pub score: f64,
}

/// The active lists, loaded.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// The active version of each list.
    pub lists: Vec<ListVersion>,
    /// Every entity of every active list.
    pub entities: Vec<Entity>,
    by_id: HashMap<String, usize>,
    /// The exact/token name index, built on the first [`Snapshot::search`] (commands that
    /// only show entities, or screen with the matcher, never need it).
    lookup: std::sync::OnceLock<NameLookup>,
}

/// The exact / normalized-token name index.
#[derive(Debug, Default)]
struct NameLookup {
    /// Normalized full name → (entity, name) positions.
    exact: HashMap<String, Vec<(u32, u16)>>,
    /// Token → (entity, name) positions.
    tokens: HashMap<String, Vec<(u32, u16)>>,
    /// Token counts per (entity, name).
    name_len: HashMap<(u32, u16), u16>,
}

impl NameLookup {
    fn build(entities: &[Entity]) -> NameLookup {
        let mut s = NameLookup::default();
        for (i, e) in entities.iter().enumerate() {
            if !e.schema.is_matchable() {
                continue;
            }
            for (j, n) in e.names.iter().enumerate() {
                let key = (i as u32, j.min(u16::MAX as usize) as u16);
                let norm = interdict_text::normalize(&n.value);
                if norm.is_empty() {
                    continue;
                }
                let toks: Vec<&str> = norm.split(' ').collect();
                s.name_len.insert(key, toks.len() as u16);
                let mut seen = Vec::new();
                for t in toks {
                    if !seen.contains(&t) {
                        seen.push(t);
                        s.tokens.entry(t.to_string()).or_default().push(key);
                    }
                }
                s.exact.entry(norm).or_default().push(key);
            }
        }
        s
    }
}

impl Snapshot {
    /// A snapshot of the given lists and entities.
    pub fn new(lists: Vec<ListVersion>, entities: Vec<Entity>) -> Snapshot {
        let by_id = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        Snapshot {
            lists,
            entities,
            by_id,
            lookup: std::sync::OnceLock::new(),
        }
    }

    /// An entity by id.
    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|&i| &self.entities[i])
    }

    /// Relationship entities that point at or from `id`.
    pub fn relations_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Entity> + 'a {
        self.entities.iter().filter(move |e| {
            e.relation
                .as_ref()
                .is_some_and(|r| r.from == id || r.to == id)
        })
    }

    /// Exact and normalized-token name search, best first, one hit per entity.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit<'_>> {
        let lookup = self
            .lookup
            .get_or_init(|| NameLookup::build(&self.entities));
        let norm = interdict_text::normalize(query);
        if norm.is_empty() {
            return Vec::new();
        }
        let mut q: Vec<&str> = norm.split(' ').collect();
        q.sort_unstable();
        q.dedup();
        let mut best: HashMap<u32, (f64, u16)> = HashMap::new();
        let mut consider = |key: (u32, u16), score: f64| {
            let slot = best.entry(key.0).or_insert((0.0, key.1));
            if score > slot.0 {
                *slot = (score, key.1);
            }
        };
        for &key in lookup.exact.get(&norm).into_iter().flatten() {
            consider(key, 1.0);
        }
        // Names holding every query token: intersect postings, rarest first.
        let mut lists: Vec<&Vec<(u32, u16)>> = Vec::new();
        for t in &q {
            match lookup.tokens.get(*t) {
                Some(p) => lists.push(p),
                None => lists.clear(),
            }
            if lists.is_empty() {
                break;
            }
        }
        if lists.len() == q.len() {
            lists.sort_by_key(|l| l.len());
            let mut candidates: Vec<(u32, u16)> = lists[0].clone();
            for other in &lists[1..] {
                let set: std::collections::HashSet<&(u32, u16)> = other.iter().collect();
                candidates.retain(|k| set.contains(k));
            }
            for key in candidates {
                let n = lookup.name_len.get(&key).copied().unwrap_or(1) as f64;
                let score = if n as usize == q.len() {
                    0.95
                } else {
                    0.9 * q.len() as f64 / n
                };
                consider(key, score);
            }
        }
        let mut hits: Vec<SearchHit> = best
            .into_iter()
            .map(|(i, (score, j))| {
                let e = &self.entities[i as usize];
                // Weak aliases never rank as high as strong names.
                let weak = e.names[j as usize].kind == NameKind::WeakAlias;
                SearchHit {
                    entity: e,
                    name: &e.names[j as usize].value,
                    score: if weak { score * 0.8 } else { score },
                }
            })
            .collect();
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.entity.id.cmp(&b.entity.id))
        });
        hits.truncate(limit);
        hits
    }
}
