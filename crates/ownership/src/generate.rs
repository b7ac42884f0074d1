//! A generated ownership registry for benchmarks: corporate groups of chains, fans and
//! circles, with exact shares, ranges and unknown ones, dated and undated, some of them
//! held by listed parties. Seeded: the same size and seed give the same registry.

use crate::graph::{Edge, EdgeKind};
use crate::share::Share;

/// A generated registry: its edges and the listed parties among its owners.
#[derive(Debug, Clone)]
pub struct Registry {
    /// Ownership and control edges.
    pub edges: Vec<Edge>,
    /// Listed party ids, designated by every regime.
    pub listed: Vec<(String, u8)>,
}

/// A small, fast, seeded generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Generates about `edges` edges: groups of 20–200 companies, each company held by one to
/// four owners of the group (an earlier company, a person, or — one group in ten — a
/// listed party), one group in ten closing a circle, one holding in eight a range, one in
/// twenty unstated, one in six dated, one in fifty a directorship.
pub fn registry(edges: usize, seed: u64) -> Registry {
    let mut rng = Rng(seed ^ 0x6f77_6e65_7273_6869);
    let mut out = Vec::with_capacity(edges + edges / 8);
    let mut listed = Vec::new();
    let mut group = 0usize;
    while out.len() < edges {
        group += 1;
        let size = 20 + rng.below(181) as usize;
        let has_listed = rng.below(10) == 0;
        let listed_id = format!("L{group}");
        if has_listed {
            listed.push((listed_id.clone(), crate::regime::ALL_REGIMES));
        }
        for c in 0..size {
            let asset = format!("G{group}C{c}");
            let owners = 1 + rng.below(4) as usize;
            for o in 0..owners {
                if out.len() >= edges {
                    break;
                }
                let owner = if c > 0 && rng.below(3) != 0 {
                    format!("G{group}C{}", rng.below(c as u64))
                } else if has_listed && rng.below(4) == 0 {
                    listed_id.clone()
                } else {
                    format!("G{group}P{}", rng.below(50))
                };
                let kind = if rng.below(50) == 0 {
                    EdgeKind::Control
                } else {
                    EdgeKind::Ownership
                };
                let pct = (100 / owners as u64).max(1);
                let share = match rng.below(40) {
                    _ if kind == EdgeKind::Control => Share::UNKNOWN,
                    0 | 1 => Share::UNKNOWN,
                    2..=6 => Share {
                        min: (pct as f64 - 15.0).max(0.0) / 100.0,
                        max: (pct as f64 + 10.0).min(100.0) / 100.0,
                    },
                    _ => Share::exact(pct as f64 / 100.0),
                };
                let dated = rng.below(6) == 0;
                out.push(Edge {
                    id: format!("G{group}E{c}-{o}"),
                    owner,
                    asset: asset.clone(),
                    share,
                    kind,
                    start: dated.then(|| format!("{}-01-01", 2000 + rng.below(25))),
                    end: (dated && rng.below(3) == 0)
                        .then(|| format!("{}-12-31", 2010 + rng.below(20))),
                    source: "generated".to_string(),
                    matched: Vec::new(),
                });
            }
        }
        if rng.below(10) == 0 && size > 2 && out.len() < edges {
            // The last company owns part of the first: a circle through the group.
            out.push(Edge {
                id: format!("G{group}loop"),
                owner: format!("G{group}C{}", size - 1),
                asset: format!("G{group}C0"),
                share: Share::exact(0.3),
                kind: EdgeKind::Ownership,
                start: None,
                end: None,
                source: "generated".to_string(),
                matched: Vec::new(),
            });
        }
    }
    Registry { edges: out, listed }
}
