//! Applying a regime's test to the graph: which entities the holdings of listed parties
//! block, found by raising each entity's status until nothing changes. A status only rises
//! (not blocked → possibly blocked → blocked), so circles of ownership end the search
//! instead of looping it, and each entity is weighed at most once per rise of one of its
//! owners.

use crate::graph::{EdgeKind, Graph, Link};
use crate::regime::{ControlRule, Regime};
use crate::share::Share;
use serde::Serialize;
use std::collections::HashMap;

/// Where an entity stands under a regime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Nothing listed holds enough of it.
    NotBlocked,
    /// It may be: a range or an unknown share straddles the threshold, or a listed party
    /// controls it without a decisive share. For review, not decided.
    PossiblyBlocked,
    /// Blocked by the holdings of listed (or themselves blocked) parties.
    Blocked,
    /// Listed by name.
    Listed,
}

impl Status {
    /// The verdict word: `blocked` (listed or blocked), `possibly-blocked`, `not-blocked`.
    pub fn verdict(self) -> &'static str {
        match self {
            Status::Listed | Status::Blocked => "blocked",
            Status::PossiblyBlocked => "possibly-blocked",
            Status::NotBlocked => "not-blocked",
        }
    }
}

/// A regime applied to a graph.
#[derive(Debug, Clone)]
pub struct Derivation<'g> {
    /// The graph.
    pub graph: &'g Graph,
    /// The regime.
    pub regime: &'static Regime,
    status: Vec<Status>,
    /// For each entity blocked or possibly blocked by ownership, the links that made it so
    /// when it rose (their owners had risen before it).
    via: HashMap<u32, Vec<u32>>,
}

/// What an entity's owners hold of it, as a regime counts it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Weighed {
    /// The share held by blocked (or listed) owners, at least / at most; for a regime that
    /// does not aggregate, the largest single holding.
    blocked: Share,
    /// The most possibly blocked owners add (to `blocked.max`).
    possible_max: f64,
    /// Control by a blocked or possibly blocked owner.
    controlled: bool,
    /// Aggregated holdings of blocked owners reach the threshold, though no single one
    /// does (for a regime that does not aggregate).
    together: Option<f64>,
}

impl<'g> Derivation<'g> {
    /// Applies `regime` to `graph`.
    pub fn run(graph: &'g Graph, regime: &'static Regime) -> Derivation<'g> {
        let n = graph.len();
        let mut status: Vec<Status> = (0..n as u32)
            .map(|i| {
                if graph.is_listed(i, regime) {
                    Status::Listed
                } else {
                    Status::NotBlocked
                }
            })
            .collect();
        let mut via: HashMap<u32, Vec<u32>> = HashMap::new();
        let mut queued = vec![false; n];
        let mut queue: Vec<u32> = Vec::new();
        for i in 0..n as u32 {
            if graph.is_listed(i, regime) {
                for &a in graph.outgoing(i) {
                    if !queued[a as usize] {
                        queued[a as usize] = true;
                        queue.push(a);
                    }
                }
            }
        }
        while let Some(asset) = queue.pop() {
            queued[asset as usize] = false;
            if status[asset as usize] == Status::Listed {
                continue;
            }
            let w = weigh(graph, regime, &status, asset);
            let new = decide(regime, &w);
            if new <= status[asset as usize] {
                continue;
            }
            status[asset as usize] = new;
            via.insert(asset, contributing(graph, regime, &status, asset, new));
            for &next in graph.outgoing(asset) {
                if !queued[next as usize] {
                    queued[next as usize] = true;
                    queue.push(next);
                }
            }
        }
        Derivation {
            graph,
            regime,
            status,
            via,
        }
    }

    /// The status of an entity (by id); `None` when the graph does not know it.
    pub fn status(&self, id: &str) -> Option<Status> {
        self.graph.node(id).map(|n| self.status[n as usize])
    }

    /// Every entity blocked or possibly blocked by ownership (not the listed ones), by id.
    pub fn derived(&self) -> impl Iterator<Item = (u32, Status)> + '_ {
        self.status
            .iter()
            .enumerate()
            .filter(|(_, s)| matches!(s, Status::Blocked | Status::PossiblyBlocked))
            .map(|(i, s)| (i as u32, *s))
    }

    /// How many entities are blocked, and how many possibly blocked, by ownership.
    pub fn counts(&self) -> (usize, usize) {
        let blocked = self
            .status
            .iter()
            .filter(|s| **s == Status::Blocked)
            .count();
        let possibly = self
            .status
            .iter()
            .filter(|s| **s == Status::PossiblyBlocked)
            .count();
        (blocked, possibly)
    }

    /// The verdict on an entity, with the share listed parties hold and every proof path.
    /// An id the graph does not know is not blocked by ownership (and says so).
    pub fn verdict(&self, id: &str) -> Verdict {
        let g = self.graph;
        let Some(node) = g.node(id) else {
            return Verdict {
                id: id.to_string(),
                caption: None,
                regime: self.regime.id,
                verdict: Status::NotBlocked.verdict(),
                status: Status::NotBlocked,
                listed_share: Share::exact(0.0),
                paths: Vec::new(),
                notes: vec!["no ownership or control link names this id".to_string()],
                as_of: g.at.map(format_day),
            };
        };
        let status = self.status[node as usize];
        let w = weigh(g, self.regime, &self.status, node);
        let mut notes = Vec::new();
        let listed_share = match status {
            Status::Listed => {
                notes.push("listed by name".to_string());
                Share::exact(1.0)
            }
            _ => Share {
                min: w.blocked.min.min(1.0),
                max: (w.blocked.max + w.possible_max).min(1.0),
            },
        };
        if let Some(total) = w.together {
            notes.push(format!(
                "listed parties hold {:.1} % together but none alone more than {:.0} %: \
                 blocked under {} only if they hold jointly or act together",
                total * 100.0,
                self.regime.threshold * 100.0,
                self.regime.id.to_uppercase()
            ));
        }
        if w.controlled && self.regime.control == ControlRule::ForReview && status != Status::Listed
        {
            notes.push(
                "controlled by a listed (or blocked) party: review whether the control test is met"
                    .to_string(),
            );
        }
        if w.controlled && self.regime.control == ControlRule::Ignored && status != Status::Listed {
            notes.push(format!(
                "a listed party controls it or holds an unstated share; {} counts ownership, not control",
                self.regime.id.to_uppercase()
            ));
        }
        for a in g.anomalies.about(id) {
            notes.push(a.detail.clone());
        }
        let paths = if status == Status::Listed {
            Vec::new()
        } else {
            self.paths(node)
        };
        Verdict {
            id: id.to_string(),
            caption: g.caption(node).map(str::to_string),
            regime: self.regime.id,
            verdict: status.verdict(),
            status,
            listed_share,
            paths,
            notes,
            as_of: g.at.map(format_day),
        }
    }

    /// Proof paths into `node`: each incoming link from a listed, blocked or possibly
    /// blocked owner, preceded by how that owner came to be so.
    fn paths(&self, node: u32) -> Vec<Vec<Step>> {
        let g = self.graph;
        let links: Vec<&Link> = match self.via.get(&node) {
            Some(v) => v.iter().map(|&i| &g.incoming[i as usize]).collect(),
            None => g
                .incoming(node)
                .iter()
                .filter(|l| self.status[l.owner as usize] >= Status::PossiblyBlocked)
                .collect(),
        };
        let mut out = Vec::new();
        for l in links.into_iter().take(MAX_PATHS) {
            let mut path = self.path_to(l.owner);
            path.push(self.step(l));
            out.push(path);
        }
        out
    }

    /// One chain of links from a listed party down to `node` (empty when it is listed).
    fn path_to(&self, node: u32) -> Vec<Step> {
        let g = self.graph;
        let mut chain = Vec::new();
        let mut seen = vec![node];
        let mut at = node;
        while self.status[at as usize] != Status::Listed {
            let Some(&first) = self.via.get(&at).and_then(|v| v.first()) else {
                break;
            };
            let l = &g.incoming[first as usize];
            if seen.contains(&l.owner) || chain.len() >= MAX_DEPTH {
                break;
            }
            chain.push(self.step(l));
            seen.push(l.owner);
            at = l.owner;
        }
        chain.reverse();
        chain
    }

    fn step(&self, l: &Link) -> Step {
        let g = self.graph;
        let e = &g.edges[l.edge as usize];
        Step {
            owner: e.owner.clone(),
            owner_caption: g.caption(l.owner).map(str::to_string),
            owner_status: self.status[l.owner as usize],
            asset: e.asset.clone(),
            asset_caption: g.caption(l.asset).map(str::to_string),
            share: l.share,
            kind: l.kind,
            relation: e.id.clone(),
            source: e.source.clone(),
            start: e.start.clone(),
            end: e.end.clone(),
            matched: e.matched.clone(),
        }
    }
}

/// At most this many proof paths per verdict (the listed share counts every holding).
pub const MAX_PATHS: usize = 25;
/// Longest proof chain followed.
const MAX_DEPTH: usize = 64;

/// An entity's verdict under one regime.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The entity id.
    pub id: String,
    /// Its name, where the lists or registry give one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// `ofac`, `eu` or `uk`.
    pub regime: &'static str,
    /// `blocked`, `possibly-blocked` or `not-blocked`.
    pub verdict: &'static str,
    /// Listed, blocked by ownership, possibly blocked, or not.
    pub status: Status,
    /// The share listed (and blocked) parties hold, at least and at most; for a regime
    /// that does not add holdings up, the largest single one.
    pub listed_share: Share,
    /// Each chain of links from a listed party down to the entity.
    pub paths: Vec<Vec<Step>>,
    /// What else a reviewer should know (joint holdings, control, anomalies).
    pub notes: Vec<String>,
    /// The day the verdict holds for (YYYY-MM-DD), when dated.
    pub as_of: Option<String>,
}

/// One link of a proof path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// The owner's id.
    pub owner: String,
    /// The owner's name, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_caption: Option<String>,
    /// The owner's status under the regime.
    pub owner_status: Status,
    /// The asset's id.
    pub asset: String,
    /// The asset's name, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asset_caption: Option<String>,
    /// The share held.
    pub share: Share,
    /// Ownership, control, or OFAC's either.
    pub kind: EdgeKind,
    /// The relationship record's id.
    pub relation: String,
    /// The list or registry it came from.
    pub source: String,
    /// When the holding started, as stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// When it ended, as stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// How an end was tied to a listed party by name (a registry without list ids).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub matched: Vec<String>,
}

/// What an asset's owners hold of it, counted as the regime says. One owner's repeated
/// holdings in the asset (side by side in `incoming`) count once, the largest.
fn weigh(g: &Graph, regime: &Regime, status: &[Status], asset: u32) -> Weighed {
    let links = g.incoming(asset);
    let mut w = Weighed {
        blocked: Share::exact(0.0),
        possible_max: 0.0,
        controlled: false,
        together: None,
    };
    let mut sum_min = 0.0;
    let mut sum_max = 0.0;
    let mut possible = 0.0;
    let mut single_min: f64 = 0.0;
    let mut single_max: f64 = 0.0;
    let mut i = 0;
    while i < links.len() {
        let owner = links[i].owner;
        let s = status[owner as usize];
        let mut best: Option<Share> = None;
        // A holding that rests on a tie by name alone proves nothing by itself: it can make
        // the asset possibly blocked, never blocked.
        let mut tied = false;
        let mut j = i;
        while j < links.len() && links[j].owner == owner {
            let l = &links[j];
            if l.kind.may_control() && s >= Status::PossiblyBlocked {
                w.controlled = true;
            }
            if l.kind.holds_shares() {
                tied |= l.tied;
                best = Some(match best {
                    None => l.share,
                    Some(b) => Share {
                        min: b.min.max(l.share.min),
                        max: b.max.max(l.share.max),
                    },
                });
            }
            j += 1;
        }
        if let Some(share) = best {
            if s >= Status::Blocked && !tied {
                sum_min += share.min;
                sum_max += share.max;
                single_min = single_min.max(share.min);
                single_max = single_max.max(share.max);
            } else if s >= Status::PossiblyBlocked {
                possible += share.max;
                single_max = single_max.max(share.max);
            }
        }
        i = j;
    }
    if regime.aggregate {
        w.blocked = Share {
            min: sum_min,
            max: sum_max,
        };
        w.possible_max = possible;
    } else {
        w.blocked = Share {
            min: single_min,
            max: single_max,
        };
        if !regime.reaches(single_min) && regime.reaches(sum_min) {
            w.together = Some(sum_min);
        }
    }
    w
}

/// The status the weighed holdings give.
fn decide(regime: &Regime, w: &Weighed) -> Status {
    if regime.reaches(w.blocked.min) {
        Status::Blocked
    } else if regime.reaches(w.blocked.max + w.possible_max)
        || (w.controlled && regime.control == ControlRule::ForReview)
    {
        Status::PossiblyBlocked
    } else {
        Status::NotBlocked
    }
}

/// The links (by position in `incoming`) that give `asset` its new status.
fn contributing(
    g: &Graph,
    regime: &Regime,
    status: &[Status],
    asset: u32,
    new: Status,
) -> Vec<u32> {
    let start = g.in_start[asset as usize];
    let need = if new == Status::Blocked {
        Status::Blocked
    } else {
        Status::PossiblyBlocked
    };
    g.incoming(asset)
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            status[l.owner as usize] >= need
                && !(new == Status::Blocked && l.tied)
                && (l.kind.holds_shares() && l.share.max > 0.0
                    || (l.kind.may_control() && regime.control == ControlRule::ForReview))
        })
        .map(|(k, _)| start + k as u32)
        .collect()
}

/// A [`crate::graph::Day`] as YYYY-MM-DD.
pub fn format_day(d: crate::graph::Day) -> String {
    format!("{:04}-{:02}-{:02}", d / 10_000, d / 100 % 100, d % 100)
}

/// A proof path in one line: `X “name” (listed) —50 % [source, relation, dates]→ A …`.
pub fn path_text(p: &[Step]) -> String {
    let mut out = String::new();
    for (i, s) in p.iter().enumerate() {
        if i == 0 {
            out.push_str(&node_text(
                &s.owner,
                s.owner_caption.as_deref(),
                Some(s.owner_status),
            ));
        }
        let mut detail = vec![s.source.clone(), s.relation.clone()];
        match (&s.start, &s.end) {
            (Some(a), Some(b)) => detail.push(format!("{a}…{b}")),
            (Some(a), None) => detail.push(format!("since {a}")),
            (None, Some(b)) => detail.push(format!("until {b}")),
            (None, None) => {}
        }
        let what = match s.kind {
            EdgeKind::Ownership => s.share.describe(),
            EdgeKind::OwnedOrControlled => "owned or controlled".to_string(),
            EdgeKind::Control => "controls".to_string(),
        };
        out.push_str(&format!(" —{what} [{}]→ ", detail.join(", ")));
        out.push_str(&node_text(&s.asset, s.asset_caption.as_deref(), None));
        for m in &s.matched {
            out.push_str(&format!(" ({m})"));
        }
    }
    out
}

fn node_text(id: &str, caption: Option<&str>, status: Option<Status>) -> String {
    let mut t = id.to_string();
    if let Some(c) = caption {
        t.push_str(&format!(" “{c}”"));
    }
    if let Some(s) = status {
        t.push_str(match s {
            Status::Listed => " (listed)",
            Status::Blocked => " (blocked)",
            Status::PossiblyBlocked => " (possibly blocked)",
            Status::NotBlocked => "",
        });
    }
    t
}
