//! What the alert store holds and answers: alerts, decisions, the audit log, integrity
//! reports, and its errors.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// Errors of the alert store, naming the database.
#[derive(Debug, thiserror::Error)]
pub enum AlertError {
    /// The database failed.
    #[error("{place}: {message}")]
    Db {
        /// The database file or server.
        place: String,
        /// What failed.
        message: String,
    },
    /// An alert that does not exist.
    #[error("no alert {0}; `interdict alerts list` shows them")]
    NoAlert(i64),
    /// A decision that is not one of the three.
    #[error("{0:?} is not a decision: use true-match, false-positive or escalate")]
    BadDecision(String),
    /// A decision or party judgement without a reason.
    #[error("a decision or judgement needs a reason (--reason): an auditor will ask why")]
    NoReason,
    /// A decision or party judgement without the name of who made it.
    #[error(
        "a decision or judgement needs the name of who made it (--user): an auditor will ask who"
    )]
    NoActor,
    /// A step the review workflow does not allow now (an alert held by another user, a
    /// proposal already reviewed…), saying why.
    #[error("{0}")]
    Workflow(String),
    /// A user approving or returning their own proposed decision.
    #[error("proposal {0} is yours: under four eyes a second user must review it")]
    OwnProposal(i64),
    /// A party judgement on one record with itself.
    #[error("a party judgement needs two different records, not {0} twice")]
    SameRecord(String),
    /// A stored party judgement the store cannot read back.
    #[error("{place}: audit entry {id} ({action}) is not a party judgement: {message}")]
    BadJudgement {
        /// The database file or server.
        place: String,
        /// The audit entry.
        id: i64,
        /// Its action.
        action: String,
        /// What is wrong.
        message: String,
    },
}

/// An analyst's decision on an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The record is the listed party.
    TrueMatch,
    /// The record is not the listed party.
    FalsePositive,
    /// Needs a second look.
    Escalate,
}

impl Decision {
    /// Parses `true-match`, `false-positive`, `escalate` (or with underscores).
    pub fn parse(s: &str) -> Result<Decision, AlertError> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "true_match" | "match" => Ok(Decision::TrueMatch),
            "false_positive" | "fp" | "clear" => Ok(Decision::FalsePositive),
            "escalate" => Ok(Decision::Escalate),
            _ => Err(AlertError::BadDecision(s.to_string())),
        }
    }

    /// The stored name.
    pub fn name(self) -> &'static str {
        match self {
            Decision::TrueMatch => "true_match",
            Decision::FalsePositive => "false_positive",
            Decision::Escalate => "escalate",
        }
    }
}

/// An alert to record.
#[derive(Debug, Clone)]
pub struct NewAlert {
    /// The record's key: its own id, or what identifies it without one.
    pub record_key: String,
    /// The record's name as screened.
    pub record_name: String,
    /// Fingerprint of the record as screened ([`fingerprint`]).
    pub record_fingerprint: String,
    /// Listed entity id.
    pub entity_id: String,
    /// Its caption.
    pub entity_caption: String,
    /// Fingerprint of the listed entity ([`fingerprint`]).
    pub entity_fingerprint: String,
    /// Its list.
    pub list: String,
    /// The list version screened against.
    pub list_version: u32,
    /// Score.
    pub score: f64,
    /// The explanation, as JSON.
    pub explanation: String,
    /// The listed entity's schema (`Person`, `Company`…), for the queue's filter.
    pub entity_schema: Option<String>,
    /// The other records of the listed entity's party (the same party on other lists),
    /// each with its fingerprint now: a decision on the record and any of them covers this
    /// alert too (screening per party answers with the party's best-matching record, which
    /// may be another one than last time).
    pub party_members: Vec<(String, String)>,
}

/// A stored alert.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Alert {
    /// Alert id.
    pub id: i64,
    /// The screening run that raised it.
    pub run_id: i64,
    /// Record key.
    pub record_key: String,
    /// Record name.
    pub record_name: String,
    /// Listed entity id.
    pub entity_id: String,
    /// Its caption.
    pub entity_caption: String,
    /// List and version.
    pub list: String,
    /// List version.
    pub list_version: u32,
    /// Score.
    pub score: f64,
    /// `open`, `suppressed`, `decided`, or `pending` (a decision proposed under four eyes
    /// awaits a second user's review).
    #[schema(pattern = "^(open|suppressed|decided|pending)$")]
    pub status: String,
    /// The decision that suppressed it, for a suppressed alert.
    pub suppressed_by: Option<i64>,
    /// When it was raised (UTC, RFC 3339).
    pub created_at: String,
    /// The explanation (JSON).
    #[schema(value_type = Object)]
    pub explanation: serde_json::Value,
}

/// A stored decision.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = Decision)]
pub struct DecisionRecord {
    /// Decision id.
    pub id: i64,
    /// The alert decided.
    pub alert_id: i64,
    /// What was decided: `true_match`, `false_positive` or `escalate`.
    #[schema(pattern = "^(true_match|false_positive|escalate)$")]
    pub decision: String,
    /// Why.
    pub reason: String,
    /// By whom.
    pub user: String,
    /// When (UTC, RFC 3339).
    pub decided_at: String,
}

/// One audit log entry.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    /// Entry id (increasing).
    pub id: i64,
    /// When.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What (`run`, `decision`, `party_link`, `party_unlink`).
    pub action: String,
    /// Details (JSON).
    pub detail: serde_json::Value,
}

/// What recording one alert gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    /// The alert's id.
    pub alert_id: i64,
    /// The false-positive decision that suppresses it, if one does.
    pub suppressed_by: Option<i64>,
}

/// What [`AlertStore::integrity_check`] found.
#[derive(Debug, Default, Serialize)]
pub struct IntegrityReport {
    /// Everything wrong, each naming the table and row; empty when the store is sound.
    pub problems: Vec<String>,
    /// The newest row of each chained table: keep them to check later that nothing was cut
    /// off or rewritten.
    pub heads: Vec<ChainHead>,
    /// Rows written by a version of interdict before the chain existed (not covered).
    pub unsealed: usize,
}

impl IntegrityReport {
    /// Whether nothing is wrong.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The end of one table's chain.
#[derive(Debug, Clone, Serialize)]
pub struct ChainHead {
    /// The table.
    pub table: String,
    /// Its rows.
    pub rows: usize,
    /// The newest row's id.
    pub id: i64,
    /// The newest row's hash.
    pub hash: String,
}

impl std::fmt::Display for ChainHead {
    /// `table:id:hash`, the form `--expect-head` takes back.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.table, self.id, self.hash)
    }
}

/// A stable fingerprint of a JSON value (sha256 of its canonical text; object keys sorted
/// by serde_json's map).
pub fn fingerprint(value: &serde_json::Value) -> String {
    format!("{:x}", Sha256::digest(value.to_string().as_bytes()))
}
