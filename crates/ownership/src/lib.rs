//! Ownership and control: which companies are blocked, under which regime, and why, though
//! no list names them. Most of a sanctioned supply chain is front companies owned by listed
//! parties; OFAC's 50 percent rule, the EU's and the UK's ownership and control tests block
//! them all the same. This crate computes those tests on the ownership data interdict reads
//! (FollowTheMoney `Ownership` and `Directorship` records, OFAC's "Owned or Controlled By"
//! relationships, a user's own registry) and proves every verdict with the chain of holdings
//! from a listed party down to the entity.
//!
//! Design:
//! - **Regimes are data** ([`regime::REGIMES`]): threshold, whether reaching it is enough
//!   (OFAC and the EU since 2024: 50 % or more) or it must be exceeded (the UK: more than
//!   50 %), whether different listed parties' holdings add up (OFAC, EU) or not (UK, unless
//!   held jointly), and what control without shares makes of an entity (nothing for OFAC;
//!   "possibly blocked", for review, for the EU and the UK). Each row cites its text and date.
//! - **Shares are bounds** ([`share::Share`]): a registry's "25 to 50 percent" or an unstated
//!   share is kept as the interval it may lie in, so a verdict is *blocked* only when the
//!   least the listed parties may hold reaches the threshold, and *possibly blocked* when
//!   the most they may hold does.
//! - **Holdings through an unblocked entity do not count, and percentages are not
//!   multiplied down a chain** (OFAC's guidance): the test is applied entity by entity, each
//!   owner counting only once it is itself listed or blocked. Statuses only rise, so the
//!   derivation ([`derive::Derivation`]) ends on circles of ownership and needs no recursion.
//! - **The graph is for one day** ([`graph::Graph::build`]): holdings that ended before it,
//!   or start after it, are left out and reported; so are self-ownership, shares adding up to
//!   over 100 %, unreadable percentages and dates, and circles ([`graph::Anomalies`]).
//!
//! ```
//! use interdict_ownership::graph::{Edge, EdgeKind, Graph};
//! use interdict_ownership::derive::{Derivation, Status};
//! use interdict_ownership::regime::Regime;
//! use interdict_ownership::share::Share;
//!
//! // OFAC's example: X (listed) owns 50 % of A, and A 50 % of B: both are blocked.
//! let edge = |id: &str, owner: &str, asset: &str, pct: f64| Edge {
//!     id: id.into(), owner: owner.into(), asset: asset.into(), share: Share::exact(pct),
//!     kind: EdgeKind::Ownership, start: None, end: None, source: "example".into(),
//!     matched: Vec::new(),
//! };
//! let g = Graph::build(
//!     vec![edge("r1", "X", "A", 0.5), edge("r2", "A", "B", 0.5)],
//!     &[("X".to_string(), interdict_ownership::regime::ALL_REGIMES)],
//!     Default::default(), None, Default::default(),
//! );
//! let ofac = Derivation::run(&g, Regime::by_id("ofac").unwrap());
//! assert_eq!(ofac.status("B"), Some(Status::Blocked));
//! let v = ofac.verdict("B");
//! assert_eq!(v.paths[0].len(), 2); // X → A → B
//! ```
#![deny(missing_docs)]

pub mod annotate;
pub mod derive;
pub mod generate;
pub mod graph;
pub mod regime;
pub mod share;

pub use annotate::{annotate, Annotated, OwnershipReason};
pub use derive::{Derivation, Status, Step, Verdict};
pub use graph::{Anomalies, Edge, EdgeKind, Graph};
pub use regime::{Regime, REGIMES};
pub use share::Share;

#[cfg(test)]
mod tests;
