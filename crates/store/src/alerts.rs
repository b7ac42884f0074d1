//! Alerts and analysts' decisions, with an append-only audit log, in SQLite (the embedded
//! default: one file beside the lists, WAL journal, every commit synced to disk).
//!
//! An alert is one screened record × one listed entity × the list version it came from,
//! with its score and explanation. A decision (true match, false positive, escalate) is
//! appended, never edited. Why decisions stick: each alert stores a fingerprint of the
//! record as screened and of the listed entity as listed; a later run that raises the same
//! pair with both fingerprints unchanged, where the pair's latest decision is "false
//! positive", records the alert as suppressed *by that decision* instead of asking again.
//! Change either side and the pair is an open alert again.
//!
//! The audit log is append-only in the database itself: triggers refuse to update or delete
//! its rows, and decisions are only ever inserted.

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Errors of the alert store, naming the database.
#[derive(Debug, thiserror::Error)]
pub enum AlertError {
    /// The database failed.
    #[error("{path}: {source}")]
    Db {
        /// The database file.
        path: PathBuf,
        /// What failed.
        source: rusqlite::Error,
    },
    /// An alert that does not exist.
    #[error("no alert {0}; `interdict alerts list` shows them")]
    NoAlert(i64),
    /// A decision that is not one of the three.
    #[error("{0:?} is not a decision: use true-match, false-positive or escalate")]
    BadDecision(String),
    /// A decision without a reason.
    #[error("a decision needs a reason (--reason): an auditor will ask why")]
    NoReason,
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
}

/// A stored alert.
#[derive(Debug, Clone, Serialize)]
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
    /// `open`, `suppressed` or `decided`.
    pub status: String,
    /// The decision that suppressed it, for a suppressed alert.
    pub suppressed_by: Option<i64>,
    /// When it was raised (UTC, RFC 3339).
    pub created_at: String,
    /// The explanation (JSON).
    pub explanation: serde_json::Value,
}

/// A stored decision.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionRecord {
    /// Decision id.
    pub id: i64,
    /// The alert decided.
    pub alert_id: i64,
    /// What was decided.
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
    /// What (`run`, `alert`, `decision`).
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

/// A stable fingerprint of a JSON value (sha256 of its canonical text; object keys sorted
/// by serde_json's map).
pub fn fingerprint(value: &serde_json::Value) -> String {
    format!("{:x}", Sha256::digest(value.to_string().as_bytes()))
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    input TEXT NOT NULL,
    lists TEXT NOT NULL,
    threshold REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS alerts (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    record_key TEXT NOT NULL,
    record_name TEXT NOT NULL,
    record_fingerprint TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    entity_caption TEXT NOT NULL,
    entity_fingerprint TEXT NOT NULL,
    list TEXT NOT NULL,
    list_version INTEGER NOT NULL,
    score REAL NOT NULL,
    explanation TEXT NOT NULL,
    created_at TEXT NOT NULL,
    suppressed_by INTEGER REFERENCES decisions(id)
);
CREATE INDEX IF NOT EXISTS alerts_pair ON alerts(record_key, entity_id);
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY,
    alert_id INTEGER NOT NULL REFERENCES alerts(id),
    decision TEXT NOT NULL CHECK (decision IN ('true_match', 'false_positive', 'escalate')),
    reason TEXT NOT NULL,
    actor TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS decisions_alert ON decisions(alert_id);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS decisions_no_update BEFORE UPDATE ON decisions
    BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER IF NOT EXISTS decisions_no_delete BEFORE DELETE ON decisions
    BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
";

/// The alert store.
pub struct AlertStore {
    conn: Connection,
    path: PathBuf,
}

impl AlertStore {
    /// Opens (creating if needed) the database at `path`: WAL journal, full sync.
    pub fn open(path: &Path) -> Result<AlertStore, AlertError> {
        let db = |source| AlertError::Db {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open(path).map_err(db)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(db)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(db)?;
        // FULL: a commit is on disk when it returns, in WAL mode too.
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(db)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(db)?;
        conn.execute_batch(SCHEMA).map_err(db)?;
        Ok(AlertStore {
            conn,
            path: path.to_path_buf(),
        })
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> AlertError + '_ {
        move |source| AlertError::Db {
            path: self.path.clone(),
            source,
        }
    }

    /// Starts a screening run; returns its id.
    pub fn begin_run(
        &mut self,
        actor: &str,
        input: &str,
        lists: &str,
        threshold: f64,
    ) -> Result<i64, AlertError> {
        let path = self.path.clone();
        let db = |source| AlertError::Db {
            path: path.clone(),
            source,
        };
        let now = crate::utc_now_rfc3339();
        let tx = self.conn.transaction().map_err(db)?;
        tx.execute(
            "INSERT INTO runs (started_at, actor, input, lists, threshold) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![now, actor, input, lists, threshold],
        )
        .map_err(db)?;
        let id = tx.last_insert_rowid();
        let detail =
            serde_json::json!({"run": id, "input": input, "lists": lists, "threshold": threshold});
        tx.execute(
            "INSERT INTO audit (at, actor, action, detail) VALUES (?1, ?2, 'run', ?3)",
            params![now, actor, detail.to_string()],
        )
        .map_err(db)?;
        tx.commit().map_err(db)?;
        Ok(id)
    }

    /// Records a batch of alerts of one run in one transaction, each suppressed when the
    /// pair's latest decision is a false positive on the same record and entity
    /// fingerprints.
    pub fn record(
        &mut self,
        run_id: i64,
        alerts: &[NewAlert],
    ) -> Result<Vec<Recorded>, AlertError> {
        let path = self.path.clone();
        let db = |source| AlertError::Db {
            path: path.clone(),
            source,
        };
        let now = crate::utc_now_rfc3339();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db)?;
        let mut out = Vec::with_capacity(alerts.len());
        {
            let mut latest = tx
                .prepare_cached(
                    "SELECT d.id, d.decision, a.record_fingerprint, a.entity_fingerprint
                     FROM decisions d JOIN alerts a ON a.id = d.alert_id
                     WHERE a.record_key = ?1 AND a.entity_id = ?2
                     ORDER BY d.id DESC LIMIT 1",
                )
                .map_err(db)?;
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO alerts (run_id, record_key, record_name, record_fingerprint,
                        entity_id, entity_caption, entity_fingerprint, list, list_version, score,
                        explanation, created_at, suppressed_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                )
                .map_err(db)?;
            for a in alerts {
                let last: Option<(i64, String, String, String)> = latest
                    .query_row(params![a.record_key, a.entity_id], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                    })
                    .optional()
                    .map_err(db)?;
                let suppressed_by = last.and_then(|(id, d, rf, ef)| {
                    (d == "false_positive"
                        && rf == a.record_fingerprint
                        && ef == a.entity_fingerprint)
                        .then_some(id)
                });
                insert
                    .execute(params![
                        run_id,
                        a.record_key,
                        a.record_name,
                        a.record_fingerprint,
                        a.entity_id,
                        a.entity_caption,
                        a.entity_fingerprint,
                        a.list,
                        a.list_version,
                        a.score,
                        a.explanation,
                        now,
                        suppressed_by
                    ])
                    .map_err(db)?;
                out.push(Recorded {
                    alert_id: tx.last_insert_rowid(),
                    suppressed_by,
                });
            }
        }
        tx.commit().map_err(db)?;
        Ok(out)
    }

    /// Records a decision on an alert (and its audit entry) in one synced transaction.
    pub fn decide(
        &mut self,
        alert_id: i64,
        decision: Decision,
        reason: &str,
        actor: &str,
    ) -> Result<DecisionRecord, AlertError> {
        if reason.trim().is_empty() {
            return Err(AlertError::NoReason);
        }
        let path = self.path.clone();
        let db = |source| AlertError::Db {
            path: path.clone(),
            source,
        };
        let now = crate::utc_now_rfc3339();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db)?;
        let exists: Option<i64> = tx
            .query_row("SELECT id FROM alerts WHERE id = ?1", [alert_id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(db)?;
        if exists.is_none() {
            return Err(AlertError::NoAlert(alert_id));
        }
        tx.execute(
            "INSERT INTO decisions (alert_id, decision, reason, actor, decided_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![alert_id, decision.name(), reason, actor, now],
        )
        .map_err(db)?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO audit (at, actor, action, detail) VALUES (?1, ?2, 'decision', ?3)",
            params![
                now,
                actor,
                serde_json::json!({"decision": id, "alert": alert_id, "value": decision.name(), "reason": reason}).to_string()
            ],
        )
        .map_err(db)?;
        tx.commit().map_err(db)?;
        Ok(DecisionRecord {
            id,
            alert_id,
            decision: decision.name().to_string(),
            reason: reason.to_string(),
            user: actor.to_string(),
            decided_at: now,
        })
    }

    fn alert_from(r: &rusqlite::Row) -> rusqlite::Result<Alert> {
        let explanation: String = r.get(12)?;
        let decided: Option<i64> = r.get(14)?;
        let suppressed_by: Option<i64> = r.get(13)?;
        Ok(Alert {
            id: r.get(0)?,
            run_id: r.get(1)?,
            record_key: r.get(2)?,
            record_name: r.get(3)?,
            entity_id: r.get(4)?,
            entity_caption: r.get(5)?,
            list: r.get(6)?,
            list_version: r.get(7)?,
            score: r.get(8)?,
            created_at: r.get(9)?,
            status: if decided.is_some() {
                "decided"
            } else if suppressed_by.is_some() {
                "suppressed"
            } else {
                "open"
            }
            .to_string(),
            suppressed_by,
            explanation: serde_json::from_str(&explanation).unwrap_or(serde_json::Value::Null),
        })
    }

    const ALERT_COLUMNS: &'static str = "a.id, a.run_id, a.record_key, a.record_name, a.entity_id,
        a.entity_caption, a.list, a.list_version, a.score, a.created_at, a.record_fingerprint,
        a.entity_fingerprint, a.explanation, a.suppressed_by,
        (SELECT MAX(d.id) FROM decisions d WHERE d.alert_id = a.id)";

    /// Alerts, newest first; `status` filters (`open`, `suppressed`, `decided`).
    pub fn list(&self, status: Option<&str>, limit: usize) -> Result<Vec<Alert>, AlertError> {
        let sql = format!(
            "SELECT {} FROM alerts a ORDER BY a.id DESC",
            Self::ALERT_COLUMNS
        );
        let mut stmt = self.conn.prepare(&sql).map_err(self.err())?;
        let rows = stmt.query_map([], Self::alert_from).map_err(self.err())?;
        let mut out = Vec::new();
        for r in rows {
            let a = r.map_err(self.err())?;
            if status.is_none_or(|s| s == a.status) {
                out.push(a);
                if out.len() >= limit {
                    break;
                }
            }
        }
        Ok(out)
    }

    /// One alert with its decisions, oldest first.
    pub fn show(&self, id: i64) -> Result<(Alert, Vec<DecisionRecord>), AlertError> {
        let sql = format!(
            "SELECT {} FROM alerts a WHERE a.id = ?1",
            Self::ALERT_COLUMNS
        );
        let alert = self
            .conn
            .query_row(&sql, [id], Self::alert_from)
            .optional()
            .map_err(self.err())?
            .ok_or(AlertError::NoAlert(id))?;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, alert_id, decision, reason, actor, decided_at FROM decisions
                 WHERE alert_id = ?1 ORDER BY id",
            )
            .map_err(self.err())?;
        let decisions = stmt
            .query_map([id], |r| {
                Ok(DecisionRecord {
                    id: r.get(0)?,
                    alert_id: r.get(1)?,
                    decision: r.get(2)?,
                    reason: r.get(3)?,
                    user: r.get(4)?,
                    decided_at: r.get(5)?,
                })
            })
            .map_err(self.err())?
            .collect::<Result<Vec<_>, _>>()
            .map_err(self.err())?;
        Ok((alert, decisions))
    }

    /// The audit log, oldest first.
    pub fn audit(&self) -> Result<Vec<AuditEntry>, AlertError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, at, actor, action, detail FROM audit ORDER BY id")
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| {
                let detail: String = r.get(4)?;
                Ok(AuditEntry {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    action: r.get(3)?,
                    detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
                })
            })
            .map_err(self.err())?
            .collect::<Result<Vec<_>, _>>()
            .map_err(self.err())?;
        Ok(rows)
    }

    /// SQLite's own consistency check: `ok` or what is wrong.
    pub fn integrity_check(&self) -> Result<String, AlertError> {
        self.conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(self.err())
    }

    /// The connection, for tests that try what the store must refuse.
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(record: &str, rfp: &str, entity: &str, efp: &str) -> NewAlert {
        NewAlert {
            record_key: record.into(),
            record_name: "Timur Shagivaleev".into(),
            record_fingerprint: rfp.into(),
            entity_id: entity.into(),
            entity_caption: "SHAGIVALEEV, Timur Nailevich".into(),
            entity_fingerprint: efp.into(),
            list: "us_ofac_sdn".into(),
            list_version: 1,
            score: 0.9,
            explanation: "{}".into(),
        }
    }

    fn db(name: &str) -> (PathBuf, AlertStore) {
        let p = std::env::temp_dir().join(format!(
            "interdict-alerts-{name}-{}.sqlite",
            std::process::id()
        ));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", p.display()));
        }
        let s = AlertStore::open(&p).unwrap();
        (p, s)
    }

    #[test]
    fn a_false_positive_suppresses_the_pair_until_either_side_changes() {
        let (_p, mut s) = db("suppress");
        let run = s
            .begin_run("analyst", "customers.csv", "us_ofac_sdn@1", 0.66)
            .unwrap();
        let r = s.record(run, &[alert("c1", "r1", "ofac-1", "e1")]).unwrap();
        assert_eq!(r[0].suppressed_by, None);
        let d = s
            .decide(
                r[0].alert_id,
                Decision::FalsePositive,
                "different DOB",
                "ana",
            )
            .unwrap();
        let run2 = s
            .begin_run("analyst", "customers.csv", "us_ofac_sdn@1", 0.66)
            .unwrap();
        let r2 = s
            .record(
                run2,
                &[
                    alert("c1", "r1", "ofac-1", "e1"),
                    alert("c1", "r2", "ofac-1", "e1"),
                    alert("c1", "r1", "ofac-1", "e2"),
                    alert("c2", "r1", "ofac-1", "e1"),
                ],
            )
            .unwrap();
        assert_eq!(r2[0].suppressed_by, Some(d.id));
        assert_eq!(r2[1].suppressed_by, None, "the record changed");
        assert_eq!(r2[2].suppressed_by, None, "the listed entity changed");
        assert_eq!(r2[3].suppressed_by, None, "another record");
        // A later true-match decision on the pair ends the suppression.
        s.decide(
            r2[0].alert_id,
            Decision::TrueMatch,
            "confirmed by passport",
            "bob",
        )
        .unwrap();
        let run3 = s
            .begin_run("analyst", "customers.csv", "us_ofac_sdn@1", 0.66)
            .unwrap();
        let r3 = s
            .record(run3, &[alert("c1", "r1", "ofac-1", "e1")])
            .unwrap();
        assert_eq!(r3[0].suppressed_by, None);
        let (a, ds) = s.show(r2[0].alert_id).unwrap();
        assert_eq!(a.status, "decided");
        assert_eq!(ds.len(), 1);
        // Decided: the first alert and the suppressed one decided later; open: the rest.
        assert_eq!(s.list(Some("decided"), 10).unwrap().len(), 2);
        assert_eq!(s.list(Some("open"), 10).unwrap().len(), 4);
        assert_eq!(s.list(None, 3).unwrap().len(), 3);
    }

    #[test]
    fn the_audit_log_and_decisions_cannot_be_rewritten() {
        let (_p, mut s) = db("audit");
        let run = s.begin_run("ana", "x.csv", "l@1", 0.7).unwrap();
        let r = s.record(run, &[alert("c1", "r1", "ofac-1", "e1")]).unwrap();
        s.decide(r[0].alert_id, Decision::Escalate, "unsure", "ana")
            .unwrap();
        let c = s.connection();
        assert!(c.execute("UPDATE audit SET actor = 'eve'", []).is_err());
        assert!(c.execute("DELETE FROM audit", []).is_err());
        assert!(c.execute("UPDATE decisions SET reason = 'x'", []).is_err());
        assert!(c.execute("DELETE FROM decisions", []).is_err());
        let log = s.audit().unwrap();
        assert_eq!(log.len(), 2);
        assert_eq!(log[1].action, "decision");
        assert!(matches!(
            s.decide(999, Decision::Escalate, "x", "ana"),
            Err(AlertError::NoAlert(999))
        ));
        assert!(matches!(
            s.decide(r[0].alert_id, Decision::Escalate, " ", "ana"),
            Err(AlertError::NoReason)
        ));
        assert!(Decision::parse("maybe").is_err());
        assert_eq!(
            Decision::parse("false-positive").unwrap(),
            Decision::FalsePositive
        );
        assert_eq!(s.integrity_check().unwrap(), "ok");
    }
}
