//! The review workflow on alerts: claiming an alert so two analysts do not work the same
//! one, decisions with a reason code, and four eyes — a decision proposed by one user
//! becomes final only when a second user approves it (or is returned to the queue).
//!
//! Every step is a row of the append-only, hash-chained `reviews` table and an entry of the
//! audit log, written in one transaction; an approval also writes the decision itself, so
//! everything that reads decisions (suppression of repeat alerts, `alerts show`, the JSON
//! API) sees a decision only once it is final. Who may approve (a role) is the server's
//! business; that nobody approves their own proposal, and that only an alert's holder
//! decides it, is enforced here, whoever calls.

use super::writer::{Param, WriteError, Writer};
use super::{chain, AlertError, AlertStore, Decision, DecisionRecord, INSERT_DECISION};
use serde::Serialize;
use serde_json::json;

const INSERT_REVIEW: &str = "INSERT INTO reviews (alert_id, action, decision, reason_code,
    reason, actor, at, ref_id, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
const ALERT_EXISTS: &str = "SELECT CAST(id AS TEXT) FROM alerts WHERE id = $1";
/// The open proposal on an alert: (id, actor).
const OPEN_PROPOSAL: &str = "SELECT CAST(p.id AS TEXT), p.actor FROM reviews p
    WHERE p.alert_id = $1 AND p.action = 'propose'
    AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.ref_id = p.id) ORDER BY p.id DESC LIMIT 1";
/// A proposal by id: (alert, decision, reason code, reason, actor, resolved by).
const PROPOSAL: &str = "SELECT CAST(p.alert_id AS TEXT), p.decision, p.reason_code, p.reason,
    p.actor, (SELECT CAST(MIN(r.id) AS TEXT) FROM reviews r WHERE r.ref_id = p.id)
    FROM reviews p WHERE p.id = $1 AND p.action = 'propose'";
/// Who holds an alert now (the latest claim, unless released since).
const HOLDER: &str = "SELECT CASE WHEN r.action = 'claim' THEN r.actor END FROM reviews r
    WHERE r.alert_id = $1 AND r.action IN ('claim', 'release') ORDER BY r.id DESC LIMIT 1";

/// One step of an alert's review, as the `reviews` table keeps it.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct ReviewStep {
    /// The step's id.
    pub id: i64,
    /// The alert.
    pub alert_id: i64,
    /// `claim`, `release`, `propose`, `approve` or `return`.
    #[schema(pattern = "^(claim|release|propose|approve|return)$")]
    pub action: String,
    /// The decision proposed (a `propose` step).
    pub decision: Option<String>,
    /// The reason code given.
    pub reason_code: Option<String>,
    /// The reason in words.
    pub reason: Option<String>,
    /// Who.
    pub actor: String,
    /// When (UTC, RFC 3339).
    pub at: String,
    /// The proposal an `approve` or `return` step resolves.
    pub ref_id: Option<i64>,
}

/// What a decision says, as an analyst gives it.
#[derive(Debug, Clone)]
pub struct DecisionInput<'a> {
    /// The decision.
    pub decision: Decision,
    /// A code from the server's list of reasons (e.g. `DOB_MISMATCH`), if one was chosen.
    pub reason_code: Option<&'a str>,
    /// The reason in words.
    pub reason: &'a str,
    /// Who decides.
    pub actor: &'a str,
}

impl DecisionInput<'_> {
    fn check(&self) -> Result<(), AlertError> {
        if self.reason.trim().is_empty() && self.reason_code.is_none_or(|c| c.trim().is_empty()) {
            return Err(AlertError::NoReason);
        }
        if self.actor.trim().is_empty() {
            return Err(AlertError::NoActor);
        }
        Ok(())
    }

    /// The reason as the decisions table keeps it: the code first, in brackets.
    fn stored_reason(&self) -> String {
        match self.reason_code.filter(|c| !c.trim().is_empty()) {
            Some(code) if self.reason.trim().is_empty() => format!("[{code}]"),
            Some(code) => format!("[{code}] {}", self.reason.trim()),
            None => self.reason.trim().to_string(),
        }
    }
}

impl AlertStore {
    /// Records a final decision with its reason code (and its audit entry).
    pub fn decide_coded(
        &mut self,
        alert_id: i64,
        d: &DecisionInput,
    ) -> Result<DecisionRecord, AlertError> {
        d.check()?;
        let now = crate::utc_now_rfc3339();
        let reason = d.stored_reason();
        let place = self.place.clone();
        let id = Writer::run(&mut self.db, |w| {
            require_alert(w, alert_id)?;
            require_not_held_by_another(w, alert_id, d.actor)?;
            write_decision(w, alert_id, d, &reason, &now, None)
        })
        .map_err(|e| e.at(&place))?;
        Ok(DecisionRecord {
            id,
            alert_id,
            decision: d.decision.name().to_string(),
            reason,
            user: d.actor.to_string(),
            decided_at: now,
        })
    }

    /// Proposes a decision that a second user must approve (four eyes); returns the
    /// proposal's step. Refused while another proposal on the alert awaits review.
    pub fn propose(&mut self, alert_id: i64, d: &DecisionInput) -> Result<ReviewStep, AlertError> {
        d.check()?;
        let now = crate::utc_now_rfc3339();
        let place = self.place.clone();
        let step = ReviewStep {
            id: 0,
            alert_id,
            action: "propose".into(),
            decision: Some(d.decision.name().into()),
            reason_code: d.reason_code.map(str::to_string),
            reason: Some(d.reason.trim().to_string()),
            actor: d.actor.to_string(),
            at: now.clone(),
            ref_id: None,
        };
        let id = Writer::run(&mut self.db, |w| {
            require_alert(w, alert_id)?;
            require_not_held_by_another(w, alert_id, d.actor)?;
            if let Some(row) = w.row(OPEN_PROPOSAL, &[Param::Int(alert_id)], 2)? {
                return Err(AlertError::Workflow(format!(
                    "alert {alert_id} already has a decision proposed by {} awaiting review \
                     (proposal {})",
                    row[1].clone().unwrap_or_default(),
                    row[0].clone().unwrap_or_default()
                ))
                .into());
            }
            let id = write_step(w, &step)?;
            w.audit(
                &now,
                d.actor,
                "proposal",
                &json!({"alert": alert_id, "proposal": id, "value": d.decision.name(),
                        "reason_code": d.reason_code, "reason": d.reason.trim()}),
            )?;
            Ok(id)
        })
        .map_err(|e| e.at(&place))?;
        Ok(ReviewStep { id, ..step })
    }

    /// Approves proposal `proposal_id` as `actor`, who must not be its proposer: the
    /// decision is written (as the proposer's, approved by `actor`) and is final.
    pub fn approve(&mut self, proposal_id: i64, actor: &str) -> Result<DecisionRecord, AlertError> {
        if actor.trim().is_empty() {
            return Err(AlertError::NoActor);
        }
        let now = crate::utc_now_rfc3339();
        let place = self.place.clone();
        Writer::run(&mut self.db, |w| {
            let p = open_proposal(w, proposal_id, actor)?;
            let d = DecisionInput {
                decision: p.decision,
                reason_code: p.reason_code.as_deref(),
                reason: &p.reason,
                actor: &p.proposer,
            };
            let reason = d.stored_reason();
            let step = ReviewStep {
                id: 0,
                alert_id: p.alert_id,
                action: "approve".into(),
                decision: None,
                reason_code: None,
                reason: None,
                actor: actor.to_string(),
                at: now.clone(),
                ref_id: Some(proposal_id),
            };
            let step_id = write_step(w, &step)?;
            w.audit(
                &now,
                actor,
                "approval",
                &json!({"alert": p.alert_id, "proposal": proposal_id, "approval": step_id,
                        "value": p.decision.name()}),
            )?;
            let id = write_decision(w, p.alert_id, &d, &reason, &now, Some(actor))?;
            Ok(DecisionRecord {
                id,
                alert_id: p.alert_id,
                decision: p.decision.name().to_string(),
                reason,
                user: p.proposer.clone(),
                decided_at: now.clone(),
            })
        })
        .map_err(|e| e.at(&place))
    }

    /// Returns proposal `proposal_id` to the queue unapproved, as `actor` (not its
    /// proposer), saying why; the alert is open again.
    pub fn return_proposal(
        &mut self,
        proposal_id: i64,
        actor: &str,
        reason: &str,
    ) -> Result<ReviewStep, AlertError> {
        if actor.trim().is_empty() {
            return Err(AlertError::NoActor);
        }
        if reason.trim().is_empty() {
            return Err(AlertError::NoReason);
        }
        let now = crate::utc_now_rfc3339();
        let place = self.place.clone();
        Writer::run(&mut self.db, |w| {
            let p = open_proposal(w, proposal_id, actor)?;
            let mut step = ReviewStep {
                id: 0,
                alert_id: p.alert_id,
                action: "return".into(),
                decision: None,
                reason_code: None,
                reason: Some(reason.trim().to_string()),
                actor: actor.to_string(),
                at: now.clone(),
                ref_id: Some(proposal_id),
            };
            step.id = write_step(w, &step)?;
            w.audit(
                &now,
                actor,
                "return",
                &json!({"alert": p.alert_id, "proposal": proposal_id, "reason": reason.trim()}),
            )?;
            Ok(step)
        })
        .map_err(|e| e.at(&place))
    }

    /// Claims alert `alert_id` for `actor`. Refused while another user holds it, unless
    /// `take_over` (a reviewer reassigning work).
    pub fn claim(
        &mut self,
        alert_id: i64,
        actor: &str,
        take_over: bool,
    ) -> Result<ReviewStep, AlertError> {
        self.hold_step(alert_id, actor, "claim", take_over)
    }

    /// Releases alert `alert_id`, which `actor` holds, back to the queue.
    pub fn release(&mut self, alert_id: i64, actor: &str) -> Result<ReviewStep, AlertError> {
        self.hold_step(alert_id, actor, "release", false)
    }

    fn hold_step(
        &mut self,
        alert_id: i64,
        actor: &str,
        action: &str,
        take_over: bool,
    ) -> Result<ReviewStep, AlertError> {
        if actor.trim().is_empty() {
            return Err(AlertError::NoActor);
        }
        let now = crate::utc_now_rfc3339();
        let place = self.place.clone();
        Writer::run(&mut self.db, |w| {
            require_alert(w, alert_id)?;
            let holder = w.text(HOLDER, &[Param::Int(alert_id)])?.flatten();
            match (action, holder.as_deref()) {
                ("claim", Some(h)) if h == actor => {
                    return Err(
                        AlertError::Workflow(format!("you already hold alert {alert_id}")).into(),
                    )
                }
                ("claim", Some(h)) if !take_over => {
                    return Err(AlertError::Workflow(format!(
                        "alert {alert_id} is held by {h}; ask them, or a reviewer, to release it"
                    ))
                    .into())
                }
                ("release", Some(h)) if h != actor => {
                    return Err(AlertError::Workflow(format!(
                        "alert {alert_id} is held by {h}, not by you"
                    ))
                    .into())
                }
                ("release", None) => {
                    return Err(
                        AlertError::Workflow(format!("nobody holds alert {alert_id}")).into(),
                    )
                }
                _ => {}
            }
            let mut step = ReviewStep {
                id: 0,
                alert_id,
                action: action.to_string(),
                decision: None,
                reason_code: None,
                reason: None,
                actor: actor.to_string(),
                at: now.clone(),
                ref_id: None,
            };
            step.id = write_step(w, &step)?;
            w.audit(
                &now,
                actor,
                action,
                &json!({"alert": alert_id, "previous_holder": holder}),
            )?;
            Ok(step)
        })
        .map_err(|e| e.at(&place))
    }

    /// Every review step of alert `alert_id`, oldest first.
    pub fn review_steps(&mut self, alert_id: i64) -> Result<Vec<ReviewStep>, AlertError> {
        let sql = "SELECT id, alert_id, action, decision, reason_code, reason, actor, at, ref_id
            FROM reviews WHERE alert_id = $1 ORDER BY id";
        let params = [Param::Int(alert_id)];
        let place = self.place.clone();
        macro_rules! step {
            ($r:expr, $get:ident) => {
                ReviewStep {
                    id: $r.$get(0)?,
                    alert_id: $r.$get(1)?,
                    action: $r.$get(2)?,
                    decision: $r.$get(3)?,
                    reason_code: $r.$get(4)?,
                    reason: $r.$get(5)?,
                    actor: $r.$get(6)?,
                    at: $r.$get(7)?,
                    ref_id: $r.$get(8)?,
                }
            };
        }
        self.read_rows(
            sql,
            &params,
            |r| Ok(step!(r, get)),
            |r| Ok(step!(r, try_get)),
        )
        .map_err(|e| e.at(&place))
    }

    /// The alert proposal `proposal_id` is on, if it is a proposal.
    pub fn proposal_alert(&mut self, proposal_id: i64) -> Result<Option<i64>, AlertError> {
        let place = self.place.clone();
        let sql = "SELECT alert_id FROM reviews WHERE id = $1 AND action = 'propose'";
        self.read_rows(
            sql,
            &[Param::Int(proposal_id)],
            |r| r.get(0),
            |r| r.try_get(0),
        )
        .map(|rows| rows.into_iter().next())
        .map_err(|e| e.at(&place))
    }

    /// Who holds alert `alert_id` now, if anyone.
    pub fn holder(&mut self, alert_id: i64) -> Result<Option<String>, AlertError> {
        let place = self.place.clone();
        self.read_rows(
            HOLDER,
            &[Param::Int(alert_id)],
            |r| r.get::<_, Option<String>>(0),
            |r| r.try_get::<_, Option<String>>(0),
        )
        .map(|rows| rows.into_iter().next().flatten())
        .map_err(|e| e.at(&place))
    }

    /// The audit entries about alert `alert_id` (its decisions, proposals, approvals,
    /// claims), oldest first.
    pub fn audit_of_alert(&mut self, alert_id: i64) -> Result<Vec<super::AuditEntry>, AlertError> {
        // The detail is canonical JSON with sorted keys, and every entry about an alert
        // starts with its "alert" key; the prefix match uses no JSON functions, so it reads
        // the same in both databases.
        let sql = "SELECT id, at, actor, action, detail FROM audit
            WHERE detail LIKE $1 OR detail LIKE $2 ORDER BY id";
        let params = [
            Param::Text(format!("{{\"alert\":{alert_id},%")),
            Param::Text(format!("{{\"alert\":{alert_id}}}")),
        ];
        let place = self.place.clone();
        macro_rules! entry {
            ($r:expr, $get:ident) => {{
                let detail: String = $r.$get(4)?;
                super::AuditEntry {
                    id: $r.$get(0)?,
                    at: $r.$get(1)?,
                    actor: $r.$get(2)?,
                    action: $r.$get(3)?,
                    detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
                }
            }};
        }
        self.read_rows(
            sql,
            &params,
            |r| Ok(entry!(r, get)),
            |r| Ok(entry!(r, try_get)),
        )
        .map_err(|e| e.at(&place))
    }

    /// Rows `sql` selects with `params`, read by `sqlite` or `pg`.
    pub(super) fn read_rows<T>(
        &mut self,
        sql: &str,
        params: &[Param],
        sqlite: impl Fn(&rusqlite::Row) -> rusqlite::Result<T>,
        pg: impl Fn(&postgres::Row) -> Result<T, postgres::Error>,
    ) -> Result<Vec<T>, WriteError> {
        match &mut self.db {
            super::Backend::Sqlite(conn) => {
                let mut stmt = conn.prepare_cached(sql)?;
                let rows =
                    stmt.query_map(super::writer::sqlite_params(params).as_slice(), sqlite)?;
                Ok(rows.collect::<Result<Vec<_>, _>>()?)
            }
            super::Backend::Postgres(client) => {
                let rows = client.query(sql, super::writer::pg_params(params).as_slice())?;
                Ok(rows.iter().map(pg).collect::<Result<Vec<_>, _>>()?)
            }
        }
    }
}

/// A proposal awaiting review, as read for its approval or return.
struct OpenProposal {
    alert_id: i64,
    decision: Decision,
    reason_code: Option<String>,
    reason: String,
    proposer: String,
}

/// Proposal `id`, if it awaits review and `actor` may resolve it (is not its proposer).
fn open_proposal(w: &mut Writer, id: i64, actor: &str) -> Result<OpenProposal, WriteError> {
    let Some(row) = w.row(PROPOSAL, &[Param::Int(id)], 6)? else {
        return Err(AlertError::Workflow(format!("no proposed decision {id}")).into());
    };
    let text = |i: usize| row.get(i).cloned().flatten().unwrap_or_default();
    if row.get(5).cloned().flatten().is_some() {
        return Err(
            AlertError::Workflow(format!("proposal {id} has already been reviewed")).into(),
        );
    }
    let proposer = text(4);
    if proposer == actor {
        return Err(AlertError::OwnProposal(id).into());
    }
    Ok(OpenProposal {
        alert_id: text(0).parse().unwrap_or_default(),
        decision: Decision::parse(&text(1))?,
        reason_code: row.get(2).cloned().flatten(),
        reason: text(3),
        proposer,
    })
}

fn require_alert(w: &mut Writer, alert_id: i64) -> Result<(), WriteError> {
    match w.text(ALERT_EXISTS, &[Param::Int(alert_id)])? {
        Some(_) => Ok(()),
        None => Err(AlertError::NoAlert(alert_id).into()),
    }
}

/// Refuses a decision or proposal on an alert another user holds (claimed and not
/// released): only the holder decides it, whoever asks — the workbench, the API or the CLI.
fn require_not_held_by_another(
    w: &mut Writer,
    alert_id: i64,
    actor: &str,
) -> Result<(), WriteError> {
    match w.text(HOLDER, &[Param::Int(alert_id)])?.flatten() {
        Some(h) if h != actor => Err(AlertError::Workflow(format!(
            "alert {alert_id} is held by {h}: only they can decide it (or a reviewer takes it over)"
        ))
        .into()),
        _ => Ok(()),
    }
}

fn write_step(w: &mut Writer, s: &ReviewStep) -> Result<i64, WriteError> {
    w.insert_chained(
        chain::REVIEWS,
        INSERT_REVIEW,
        &[
            Param::Int(s.alert_id),
            Param::Text(s.action.clone()),
            Param::OptionalText(s.decision.clone()),
            Param::OptionalText(s.reason_code.clone()),
            Param::OptionalText(s.reason.clone()),
            Param::Text(s.actor.clone()),
            Param::Text(s.at.clone()),
            Param::OptionalInt(s.ref_id),
        ],
    )
}

/// Writes a final decision and its audit entry (naming the `reviewer` who approved it under
/// four eyes; the key sorts after "decision", which the integrity check's prefix match needs).
fn write_decision(
    w: &mut Writer,
    alert_id: i64,
    d: &DecisionInput,
    reason: &str,
    now: &str,
    approved_by: Option<&str>,
) -> Result<i64, WriteError> {
    let id = w.insert_chained(
        chain::DECISIONS,
        INSERT_DECISION,
        &[
            Param::Int(alert_id),
            Param::Text(d.decision.name().into()),
            Param::Text(reason.to_string()),
            Param::Text(d.actor.to_string()),
            Param::Text(now.to_string()),
        ],
    )?;
    let mut detail = json!({"alert": alert_id, "decision": id, "value": d.decision.name(),
                            "reason": reason});
    if let Some(code) = d.reason_code {
        detail["reason_code"] = json!(code);
    }
    if let Some(by) = approved_by {
        detail["reviewer"] = json!(by);
    }
    w.audit(now, d.actor, "decision", &detail)?;
    Ok(id)
}
