//! Analysts' judgements on parties: two listed records are one party, or are not. They are
//! kept in the alert store's append-only audit log and outrank the automatic links.

use serde::{Deserialize, Serialize};

/// One analyst's judgement on two listed records, as the audit log keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyJudgement {
    /// The audit entry that records it (0 for one not stored).
    pub id: i64,
    /// True: the two records are one party (`parties link`); false: they are not
    /// (`parties unlink`).
    pub same: bool,
    /// One record id.
    pub a: String,
    /// The other.
    pub b: String,
    /// Why, in the analyst's words.
    pub reason: String,
    /// Who judged.
    pub actor: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

impl PartyJudgement {
    /// The action's name in the audit log: `party_link` or `party_unlink`.
    pub fn action(&self) -> &'static str {
        if self.same {
            PARTY_LINK
        } else {
            PARTY_UNLINK
        }
    }

    /// The two record ids in sorted order: a judgement is on the pair, whichever way round.
    pub fn pair(&self) -> (&str, &str) {
        if self.a <= self.b {
            (&self.a, &self.b)
        } else {
            (&self.b, &self.a)
        }
    }
}

/// The audit action of a judgement that two records are one party.
pub const PARTY_LINK: &str = "party_link";
/// The audit action of a judgement that two records are not one party.
pub const PARTY_UNLINK: &str = "party_unlink";
