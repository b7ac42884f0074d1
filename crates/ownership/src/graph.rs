//! The ownership graph: who holds what share of whom, and who controls whom, on a given day.
//! Built from relationship entities (FollowTheMoney `Ownership` and `Directorship`, OFAC's
//! "Owned or Controlled By") or from edges given directly; everything it cannot use is
//! reported, never dropped in silence.

use crate::share::{self, Share};
use interdict_model::{Entity, Schema};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// How an edge ties its owner to its asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeKind {
    /// A holding of shares or voting rights (FtM `Ownership`).
    Ownership,
    /// OFAC's "Owned or Controlled By": a holding of unstated size, or control.
    OwnedOrControlled,
    /// Control without a share: a director or officer (FtM `Directorship`).
    Control,
}

impl EdgeKind {
    /// Whether the edge carries a share that ownership tests add up.
    pub fn holds_shares(self) -> bool {
        matches!(self, EdgeKind::Ownership | EdgeKind::OwnedOrControlled)
    }

    /// Whether the edge may give control.
    pub fn may_control(self) -> bool {
        matches!(self, EdgeKind::OwnedOrControlled | EdgeKind::Control)
    }
}

/// One ownership or control link, as read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    /// The relationship record's id (`ofac-rel-13449`, an FtM entity id, `registry:7`).
    pub id: String,
    /// Who owns or controls.
    pub owner: String,
    /// What is owned or controlled.
    pub asset: String,
    /// The share held ([`Share::UNKNOWN`] when not stated or for control).
    pub share: Share,
    /// Ownership, control, or OFAC's either.
    pub kind: EdgeKind,
    /// First day it held (YYYY-MM-DD, or a year or month), when stated.
    pub start: Option<String>,
    /// Last day it held, when stated.
    pub end: Option<String>,
    /// The list (or registry) it came from.
    pub source: String,
    /// How an end was tied to a listed party by name, where the registry gave no list id.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub matched: Vec<String>,
}

/// A registry party tied to a listed party by the matcher: the listed id, its name, and the
/// score.
#[derive(Debug, Clone, PartialEq)]
pub struct NameLink {
    /// The listed party's id.
    pub id: String,
    /// Its name.
    pub caption: String,
    /// The match score.
    pub score: f64,
}

/// What the graph could not use as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnomalyKind {
    /// An entity said to own itself: the edge is ignored.
    SelfOwnership,
    /// The shares stated for one asset add up to more than 100 %.
    SharesOver100,
    /// A percentage that could not be read: the share is taken as unknown.
    UnreadableShare,
    /// A start or end date that could not be read: taken as not stated.
    UnreadableDate,
    /// An edge whose holding ended before the day asked about: not counted.
    Ended,
    /// An edge whose holding starts after the day asked about: not counted.
    NotYetStarted,
    /// One owner with several holdings in one asset on the same day (a registry's
    /// successive records): the largest counts, not their sum.
    RepeatedHolding,
    /// Entities owning each other in a circle: derived once, never looped on.
    Cycle,
    /// A relationship missing one of its ends.
    MissingEnd,
}

/// One anomaly, with the records it concerns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Anomaly {
    /// What is wrong.
    pub kind: AnomalyKind,
    /// In words.
    pub detail: String,
    /// The entity and relationship ids concerned.
    pub ids: Vec<String>,
}

/// Anomalies counted by kind, with the first few of each kind spelled out.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Anomalies {
    /// How many of each kind.
    pub counts: BTreeMap<AnomalyKind, usize>,
    /// The first [`EXAMPLES`] of each kind.
    pub examples: Vec<Anomaly>,
}

/// Examples of each anomaly kind kept (counts are exact).
pub const EXAMPLES: usize = 20;

impl Anomalies {
    pub(crate) fn add(&mut self, kind: AnomalyKind, detail: impl FnOnce() -> String, ids: &[&str]) {
        let n = self.counts.entry(kind).or_insert(0);
        *n += 1;
        if *n <= EXAMPLES {
            self.examples.push(Anomaly {
                kind,
                detail: detail(),
                ids: ids.iter().map(|s| s.to_string()).collect(),
            });
        }
    }

    /// Anomalies about one entity (by id), for its verdict.
    pub fn about(&self, id: &str) -> Vec<&Anomaly> {
        self.examples
            .iter()
            .filter(|a| a.ids.iter().any(|i| i == id))
            .collect()
    }
}

/// A day as a sortable number (YYYYMMDD).
pub type Day = u32;

/// Reads a date (YYYY, YYYY-MM or YYYY-MM-DD, a time after it ignored) as the first day it
/// may mean (`end` false) or the last (`end` true).
pub fn day(text: &str, end: bool) -> Option<Day> {
    let t = text.trim();
    let t = t.split(['T', ' ']).next().unwrap_or("");
    let mut parts = t.split('-');
    let y: u32 = parts
        .next()?
        .parse()
        .ok()
        .filter(|y| (1000..=2999).contains(y))?;
    let m: Option<u32> = match parts.next() {
        Some(m) => Some(m.parse().ok().filter(|m| (1..=12).contains(m))?),
        None => None,
    };
    let d: Option<u32> = match parts.next() {
        Some(d) => Some(d.parse().ok().filter(|d| (1..=31).contains(d))?),
        None => None,
    };
    if parts.next().is_some() {
        return None;
    }
    let m = m.unwrap_or(if end { 12 } else { 1 });
    let d = d.unwrap_or(if end { 31 } else { 1 });
    Some(y * 10_000 + m * 100 + d)
}

/// Reads a day asked about (`--at`, `?at=`): a full date, YYYY-MM-DD, nothing shorter.
pub fn exact_day(text: &str) -> Option<Day> {
    day(text, false).filter(|_| text.trim().len() == 10)
}

/// An edge as the graph keeps it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Link {
    pub(crate) owner: u32,
    pub(crate) asset: u32,
    pub(crate) share: Share,
    pub(crate) kind: EdgeKind,
    /// An end was tied to a listed party by name only: its share makes the asset possibly
    /// blocked at most.
    pub(crate) tied: bool,
    /// Index into [`Graph::edges`].
    pub(crate) edge: u32,
}

/// The ownership graph on one day.
#[derive(Debug, Clone)]
pub struct Graph {
    /// Node ids.
    pub(crate) ids: Vec<String>,
    pub(crate) index: HashMap<String, u32>,
    /// Which regimes designate each node (a [`crate::regime::designating`] mask; 0 for
    /// none).
    pub(crate) listed: Vec<u8>,
    /// Node captions, where known.
    pub(crate) captions: HashMap<u32, String>,
    /// Every edge read, whether it holds on the day or not.
    pub edges: Vec<Edge>,
    /// Links holding on the day, by asset then owner.
    pub(crate) incoming: Vec<Link>,
    /// Where each node's incoming links start in `incoming` (one past the end for the last).
    pub(crate) in_start: Vec<u32>,
    /// For each node, the assets it holds or controls on the day.
    pub(crate) out_start: Vec<u32>,
    pub(crate) outgoing: Vec<u32>,
    /// The day the graph is for (`None`: every edge, whatever its dates).
    pub at: Option<Day>,
    /// What could not be used as given.
    pub anomalies: Anomalies,
}

/// The edges and listed parties read from a list snapshot's entities.
#[derive(Debug, Clone, Default)]
pub struct Read {
    /// Ownership and control edges.
    pub edges: Vec<Edge>,
    /// Ids of listed (designated) parties, each with the regimes that designate it (a
    /// [`crate::regime::designating`] mask).
    pub listed: Vec<(String, u8)>,
    /// Captions of the parties named.
    pub captions: HashMap<String, String>,
    /// What could not be read.
    pub anomalies: Anomalies,
}

/// The regimes that designate an entity (a [`crate::regime::designating`] mask): none for
/// a company a registry names, an OpenSanctions entity marked `target: false` (a related
/// company of the data set, not itself listed) or a link; otherwise by the list that
/// carries it, or, for an OpenSanctions entity, by the data sets it names.
pub fn designations(e: &Entity) -> u8 {
    if !e.schema.is_matchable()
        || e.extra.contains_key(interdict_model::REGISTRY)
        || e.extra
            .get(interdict_model::TARGET)
            .is_some_and(|v| v.iter().any(|t| t == "false"))
    {
        return 0;
    }
    // An OpenSanctions entity says which authorities list it: those decide, and a data set
    // of no regime here (another country's list) designates it for none of ours.
    match e.extra.get(interdict_model::DATASETS) {
        Some(sets) => {
            let mut lists: Vec<&str> = sets.iter().map(String::as_str).collect();
            lists.push(e.source.list.as_str());
            crate::regime::designating_known(&lists)
        }
        None => crate::regime::designating(&[e.source.list.as_str()]),
    }
}

/// Reads the ownership and control edges among entities, and which of them are listed.
pub fn read(entities: &[Entity]) -> Read {
    read_linked(entities, &|_| None)
}

/// Reads as [`read`] does, tying each registry party that has no list id and owns something
/// (see [`registry_owners`]) to the listed party `link` names for it (the caller's matcher,
/// at a strict threshold): holdings of a registry's "AO Alabuga" count as the listed
/// party's, and each edge says it was tied so.
pub fn read_linked(entities: &[Entity], link: &dyn Fn(&Entity) -> Option<NameLink>) -> Read {
    let mut out = Read::default();
    // Ids of list parties (not registry parties), to tell a registry's reference to a
    // listed party ("ofac-17013") from its own ids.
    let mut listed_ids: std::collections::HashSet<&str> = Default::default();
    let mut registry: HashMap<&str, &Entity> = HashMap::new();
    for e in entities {
        if !e.schema.is_matchable() {
            continue;
        }
        if e.extra.contains_key(interdict_model::REGISTRY) {
            registry.insert(e.id.as_str(), e);
        } else {
            listed_ids.insert(e.id.as_str());
        }
        let mask = designations(e);
        if mask != 0 {
            out.listed.push((e.id.clone(), mask));
        }
        out.captions.insert(e.id.clone(), e.caption().to_string());
    }
    // Registry parties tied to listed ones by name, made once each.
    let mut tied: HashMap<String, Option<NameLink>> = HashMap::new();
    for e in entities {
        let kind = match e.schema {
            Schema::Ownership => {
                let ofac = e
                    .relation
                    .as_ref()
                    .and_then(|r| r.role.as_deref())
                    .is_some_and(|r| r.starts_with("Owned or Controlled"));
                let stated = e.relation.as_ref().is_some_and(|r| r.percentage.is_some());
                if ofac && !stated {
                    EdgeKind::OwnedOrControlled
                } else {
                    EdgeKind::Ownership
                }
            }
            Schema::Directorship => EdgeKind::Control,
            _ => continue,
        };
        let Some(rel) = &e.relation else {
            out.anomalies.add(
                AnomalyKind::MissingEnd,
                || format!("{} {} names only one of its ends", e.schema, e.id),
                &[&e.id],
            );
            continue;
        };
        let share = match (&rel.percentage, kind) {
            (_, EdgeKind::Control) | (None, _) => Share::UNKNOWN,
            (Some(p), _) => share::parse(p).unwrap_or_else(|err| {
                out.anomalies.add(
                    AnomalyKind::UnreadableShare,
                    || format!("{}: {err}; taken as unknown", e.id),
                    &[&e.id, &rel.from, &rel.to],
                );
                Share::UNKNOWN
            }),
        };
        let mut matched = Vec::new();
        let (mut owner, mut asset) = (rel.from.clone(), rel.to.clone());
        if e.extra.contains_key(interdict_model::REGISTRY) {
            for (end, owns) in [(&mut owner, true), (&mut asset, false)] {
                if listed_ids.contains(end.as_str()) {
                    continue;
                }
                let own = interdict_model::registry_id(&e.source.list, end);
                // A party that owns something is asked about once; the tie holds for its
                // holdings in it too.
                if owns && !tied.contains_key(&own) {
                    let found = registry.get(own.as_str()).and_then(|p| link(p));
                    tied.insert(own.clone(), found);
                }
                let found = tied.get(&own).cloned().flatten();
                match &found {
                    Some(l) => {
                        matched.push(format!(
                            "{own} ({}) tied by name to {} ({}), score {:.2}",
                            out.captions.get(&own).map_or("", String::as_str),
                            l.id,
                            l.caption,
                            l.score
                        ));
                        *end = l.id.clone();
                    }
                    None => *end = own,
                }
            }
        }
        let date = |key: &str| e.extra.get(key).and_then(|v| v.first()).cloned();
        out.edges.push(Edge {
            id: e.id.clone(),
            owner,
            asset,
            share,
            kind,
            start: date("startDate"),
            end: date("endDate"),
            source: e.source.list.clone(),
            matched,
        });
    }
    out
}

/// The registry parties a registry names as owners, without a list id: the ones
/// [`read_linked`] asks its `link` about. (A company that owns nothing needs no tie: whether
/// it is listed itself changes no other verdict, and screening finds it on the lists.)
pub fn registry_owners(entities: &[Entity]) -> Vec<&Entity> {
    let parties: HashMap<&str, &Entity> = entities
        .iter()
        .filter(|e| e.schema.is_matchable() && e.extra.contains_key(interdict_model::REGISTRY))
        .map(|e| (e.id.as_str(), e))
        .collect();
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for e in entities {
        let (Some(rel), true) = (&e.relation, e.extra.contains_key(interdict_model::REGISTRY))
        else {
            continue;
        };
        let own = interdict_model::registry_id(&e.source.list, &rel.from);
        if let Some(p) = parties.get(own.as_str()) {
            if seen.insert(p.id.as_str()) {
                out.push(*p);
            }
        }
    }
    out
}

impl Read {
    /// Spreads designations across the records of one party: a party the UN lists is
    /// designated for the EU and the UK on its OFAC record too. `parties` are groups of
    /// record ids known to be one party (`interdict parties`).
    pub fn spread(&mut self, parties: &[Vec<String>]) {
        let mut mask: HashMap<&str, u8> = HashMap::new();
        for (id, m) in &self.listed {
            *mask.entry(id.as_str()).or_insert(0) |= m;
        }
        let mut added: Vec<(String, u8)> = Vec::new();
        for group in parties {
            let all = group.iter().fold(0u8, |acc, id| {
                acc | mask.get(id.as_str()).copied().unwrap_or(0)
            });
            if all == 0 {
                continue;
            }
            for id in group {
                let own = mask.get(id.as_str()).copied().unwrap_or(0);
                if own | all != own {
                    added.push((id.clone(), all));
                }
            }
        }
        self.listed.extend(added);
    }
}

impl Graph {
    /// Builds the graph of the edges holding on day `at` (`None`: every edge), with
    /// `listed` the designated parties. Self-ownership, unreadable dates, holdings over
    /// 100 % and repeated holdings are reported in [`Graph::anomalies`].
    pub fn build(
        edges: Vec<Edge>,
        listed: &[(String, u8)],
        captions: HashMap<String, String>,
        at: Option<Day>,
        mut anomalies: Anomalies,
    ) -> Graph {
        let mut ids: Vec<String> = Vec::new();
        let mut index: HashMap<String, u32> = HashMap::with_capacity(edges.len() + listed.len());
        let mut node = |id: &str, ids: &mut Vec<String>| -> u32 {
            if let Some(&i) = index.get(id) {
                return i;
            }
            let i = ids.len() as u32;
            ids.push(id.to_string());
            index.insert(id.to_string(), i);
            i
        };
        for (id, _) in listed {
            node(id, &mut ids);
        }
        let mut links: Vec<Link> = Vec::with_capacity(edges.len());
        for (n, e) in edges.iter().enumerate() {
            if e.owner == e.asset {
                anomalies.add(
                    AnomalyKind::SelfOwnership,
                    || format!("{} says {} owns itself; ignored", e.id, e.owner),
                    &[&e.id, &e.owner],
                );
                continue;
            }
            let start = read_day(e, e.start.as_deref(), false, &mut anomalies);
            let end = read_day(e, e.end.as_deref(), true, &mut anomalies);
            if let Some(at) = at {
                if start.is_some_and(|s| s > at) {
                    anomalies.add(
                        AnomalyKind::NotYetStarted,
                        || {
                            format!(
                                "{} starts {} (after the day asked about)",
                                e.id,
                                e.start.as_deref().unwrap_or("")
                            )
                        },
                        &[&e.id, &e.owner, &e.asset],
                    );
                    continue;
                }
                if end.is_some_and(|d| d < at) {
                    anomalies.add(
                        AnomalyKind::Ended,
                        || format!("{} ended {}", e.id, e.end.as_deref().unwrap_or("")),
                        &[&e.id, &e.owner, &e.asset],
                    );
                    continue;
                }
            }
            let owner = node(&e.owner, &mut ids);
            let asset = node(&e.asset, &mut ids);
            links.push(Link {
                owner,
                asset,
                share: e.share,
                kind: e.kind,
                tied: !e.matched.is_empty(),
                edge: n as u32,
            });
        }
        let n = ids.len();
        // One id may be listed by several lists: the regimes of each add up.
        let mut listed_flags = vec![0u8; n];
        for (id, mask) in listed {
            if let Some(&i) = index.get(id.as_str()) {
                listed_flags[i as usize] |= mask;
            }
        }
        // Incoming links grouped by asset, then owner: one owner's repeated holdings in one
        // asset sit side by side.
        links.sort_unstable_by_key(|l| (l.asset, l.owner, l.edge));
        let mut in_start = vec![0u32; n + 1];
        for l in &links {
            in_start[l.asset as usize + 1] += 1;
        }
        for i in 0..n {
            in_start[i + 1] += in_start[i];
        }
        let mut out_count = vec![0u32; n + 1];
        for l in &links {
            out_count[l.owner as usize + 1] += 1;
        }
        for i in 0..n {
            out_count[i + 1] += out_count[i];
        }
        let mut fill = out_count.clone();
        let mut outgoing = vec![0u32; links.len()];
        for l in &links {
            let slot = &mut fill[l.owner as usize];
            outgoing[*slot as usize] = l.asset;
            *slot += 1;
        }
        let captions = captions
            .into_iter()
            .filter_map(|(id, c)| index.get(&id).map(|&i| (i, c)))
            .collect();
        let mut g = Graph {
            ids,
            index,
            listed: listed_flags,
            captions,
            edges,
            incoming: links,
            in_start,
            out_start: out_count,
            outgoing,
            at,
            anomalies,
        };
        g.check_holdings();
        g.find_cycles();
        g
    }

    /// Reads entities and builds their graph on day `at`.
    pub fn from_entities(entities: &[Entity], at: Option<Day>) -> Graph {
        let r = read(entities);
        Graph::from_read(r, at)
    }

    /// Builds the graph of what [`read`] or [`read_linked`] found, on day `at`.
    pub fn from_read(r: Read, at: Option<Day>) -> Graph {
        Graph::build(r.edges, &r.listed, r.captions, at, r.anomalies)
    }

    /// The heap the graph holds, in bytes, counted from its vectors' and strings'
    /// capacities (the hash index at its table size): what `interdict bench` reports as its
    /// memory, independent of the allocator's reuse.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        let strings = |v: &[String]| v.iter().map(String::capacity).sum::<usize>();
        let opt = |s: &Option<String>| s.as_ref().map_or(0, String::capacity);
        let edges: usize = self
            .edges
            .iter()
            .map(|e| {
                e.id.capacity()
                    + e.owner.capacity()
                    + e.asset.capacity()
                    + e.source.capacity()
                    + opt(&e.start)
                    + opt(&e.end)
                    + strings(&e.matched)
            })
            .sum();
        self.ids.capacity() * size_of::<String>()
            + strings(&self.ids)
            // The index keeps its own copy of each id, plus a slot per entry.
            + self.index.capacity() * (size_of::<String>() + size_of::<u32>() + 1)
            + strings(&self.ids)
            + self.listed.capacity()
            + self.edges.capacity() * size_of::<Edge>()
            + edges
            + self.incoming.capacity() * size_of::<Link>()
            + (self.in_start.capacity() + self.out_start.capacity() + self.outgoing.capacity())
                * size_of::<u32>()
    }

    /// Number of entities in the graph.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when the graph holds no entity.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Links holding on the day.
    pub fn links(&self) -> usize {
        self.incoming.len()
    }

    /// The node of an id.
    pub fn node(&self, id: &str) -> Option<u32> {
        self.index.get(id).copied()
    }

    /// The id of a node (a number this graph gave, from [`Graph::node`] or a derivation;
    /// another number panics).
    pub fn id(&self, node: u32) -> &str {
        &self.ids[node as usize]
    }

    /// The caption of a node, where one is known.
    pub fn caption(&self, node: u32) -> Option<&str> {
        self.captions.get(&node).map(String::as_str)
    }

    /// Whether a node (a number this graph gave) is a party `regime` designates.
    pub fn is_listed(&self, node: u32, regime: &crate::regime::Regime) -> bool {
        self.listed[node as usize] & regime.bit() != 0
    }

    pub(crate) fn incoming(&self, node: u32) -> &[Link] {
        let (a, b) = (
            self.in_start[node as usize] as usize,
            self.in_start[node as usize + 1] as usize,
        );
        &self.incoming[a..b]
    }

    pub(crate) fn outgoing(&self, node: u32) -> &[u32] {
        let (a, b) = (
            self.out_start[node as usize] as usize,
            self.out_start[node as usize + 1] as usize,
        );
        &self.outgoing[a..b]
    }

    /// Reports assets whose stated shares add up to over 100 %, and owners holding the same
    /// asset several times over on one day.
    fn check_holdings(&mut self) {
        let mut anomalies = std::mem::take(&mut self.anomalies);
        for asset in 0..self.ids.len() as u32 {
            let links = self.incoming(asset);
            let mut total = 0.0;
            let mut i = 0;
            while i < links.len() {
                let owner = links[i].owner;
                let mut j = i;
                let mut most: f64 = 0.0;
                while j < links.len() && links[j].owner == owner {
                    if links[j].kind.holds_shares() && links[j].share != Share::UNKNOWN {
                        most = most.max(links[j].share.min);
                    }
                    j += 1;
                }
                if j - i > 1 {
                    let ids: Vec<&str> = links[i..j]
                        .iter()
                        .map(|l| self.edges[l.edge as usize].id.as_str())
                        .chain([self.id(owner), self.id(asset)])
                        .collect();
                    anomalies.add(
                        AnomalyKind::RepeatedHolding,
                        || {
                            format!(
                            "{} holds {} through {} records on the same day; the largest counts",
                            self.id(owner),
                            self.id(asset),
                            j - i
                        )
                        },
                        &ids,
                    );
                }
                total += most;
                i = j;
            }
            if total > 1.0 + 1e-6 {
                anomalies.add(
                    AnomalyKind::SharesOver100,
                    || {
                        format!(
                            "the holdings stated in {} add up to {:.1} %",
                            self.id(asset),
                            total * 100.0
                        )
                    },
                    &[self.id(asset)],
                );
            }
        }
        self.anomalies = anomalies;
    }

    /// Reports each circle of ownership (a strongly connected group of two or more
    /// entities), found without recursion (Tarjan's algorithm, iteratively).
    fn find_cycles(&mut self) {
        let n = self.ids.len();
        const NONE: u32 = u32::MAX;
        let mut order = vec![NONE; n];
        let mut low = vec![0u32; n];
        let mut on_stack = vec![false; n];
        let mut stack: Vec<u32> = Vec::new();
        let mut counter = 0u32;
        let mut found: Vec<Vec<u32>> = Vec::new();
        let mut found_count = 0usize;
        // (node, next outgoing position)
        let mut work: Vec<(u32, usize)> = Vec::new();
        for root in 0..n as u32 {
            if order[root as usize] != NONE || self.outgoing(root).is_empty() {
                continue;
            }
            work.push((root, 0));
            order[root as usize] = counter;
            low[root as usize] = counter;
            counter += 1;
            stack.push(root);
            on_stack[root as usize] = true;
            while let Some(&mut (v, ref mut pos)) = work.last_mut() {
                let out = self.outgoing(v);
                if *pos < out.len() {
                    let w = out[*pos];
                    *pos += 1;
                    if order[w as usize] == NONE {
                        order[w as usize] = counter;
                        low[w as usize] = counter;
                        counter += 1;
                        stack.push(w);
                        on_stack[w as usize] = true;
                        work.push((w, 0));
                    } else if on_stack[w as usize] {
                        low[v as usize] = low[v as usize].min(order[w as usize]);
                    }
                    continue;
                }
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent as usize] = low[parent as usize].min(low[v as usize]);
                }
                if low[v as usize] == order[v as usize] {
                    let mut members = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w as usize] = false;
                        members.push(w);
                        if w == v {
                            break;
                        }
                    }
                    if members.len() > 1 {
                        found_count += 1;
                        if found.len() < EXAMPLES {
                            found.push(members);
                        }
                    }
                }
            }
        }
        for members in found {
            let mut ids: Vec<String> = members.iter().map(|&m| self.id(m).to_string()).collect();
            ids.sort_unstable();
            let shown: Vec<&str> = ids.iter().take(6).map(String::as_str).collect();
            let more = ids.len().saturating_sub(shown.len());
            let detail = if more > 0 {
                format!(
                    "{} own each other in a circle (and {more} more)",
                    shown.join(", ")
                )
            } else {
                format!("{} own each other in a circle", shown.join(", "))
            };
            let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
            self.anomalies.add(AnomalyKind::Cycle, || detail, &refs);
        }
        // Counted exactly even where only the first few are spelled out.
        if found_count > EXAMPLES {
            *self.anomalies.counts.entry(AnomalyKind::Cycle).or_insert(0) = found_count;
        }
    }
}

fn read_day(e: &Edge, text: Option<&str>, end: bool, anomalies: &mut Anomalies) -> Option<Day> {
    let t = text?;
    if t.trim().is_empty() {
        return None;
    }
    let d = day(t, end);
    if d.is_none() {
        anomalies.add(
            AnomalyKind::UnreadableDate,
            || {
                format!(
                    "{}: date {t:?} is not YYYY, YYYY-MM or YYYY-MM-DD; taken as not stated",
                    e.id
                )
            },
            &[&e.id],
        );
    }
    d
}
