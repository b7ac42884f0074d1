//! Alerts and analysts' decisions, with an append-only audit log: in SQLite by default (one
//! file beside the lists, WAL journal, every commit synced to disk), or in PostgreSQL for
//! teams that share the work (`postgres://` URL; commits are durable as the server is
//! configured, synchronously by default).
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
//! its rows and those of decisions, in both databases. The two backends run the same
//! statements (SQLite accepts PostgreSQL's `$1` placeholders); only the schema differs.

mod chain;

mod pg_connect;
mod queue;
mod review;
mod rows;
mod schema;
mod types;
mod writer;

pub use pg_connect::is_postgres_url;
pub use queue::{QueueFilter, QueueItem, QueuePage, QueueSort};
pub use review::{DecisionInput, ReviewStep};
pub use types::*;

use pg_connect::{connect_postgres, redact};
use rows::{alert_of, pg_alert, sqlite_alert, AlertRow};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use schema::*;
use serde_json::json;
use std::path::Path;

/// One audit log row: (id, at, actor, action, detail).
type AuditRow = (i64, String, String, String, String);

/// The database behind the store.
enum Backend {
    Sqlite(Connection),
    Postgres(Box<postgres::Client>),
}

/// The alert store.
pub struct AlertStore {
    db: Backend,
    place: String,
}

impl AlertStore {
    /// Opens the store at `location`: a `postgres://` URL, or else a SQLite file (created if
    /// needed).
    pub fn open_location(location: &str) -> Result<AlertStore, AlertError> {
        if is_postgres_url(location) {
            AlertStore::open_postgres(location)
        } else {
            AlertStore::open(Path::new(location))
        }
    }

    /// Opens (creating if needed) a SQLite database at `path`: WAL journal, full sync.
    pub fn open(path: &Path) -> Result<AlertStore, AlertError> {
        let place = path.display().to_string();
        let db = |e: rusqlite::Error| AlertError::Db {
            place: place.clone(),
            message: e.to_string(),
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
        // REPLACE deletes a conflicting row without firing delete triggers unless this is on.
        conn.pragma_update(None, "recursive_triggers", "ON")
            .map_err(db)?;
        conn.execute_batch(SQLITE_SCHEMA).map_err(db)?;
        for (table, column, alter) in SQLITE_MIGRATIONS {
            let has: bool = conn
                .query_row(
                    &format!(
                        "SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}'"
                    ),
                    [],
                    |r| r.get::<_, i64>(0),
                )
                .map_err(db)?
                > 0;
            if !has {
                conn.execute_batch(alter).map_err(db)?;
            }
        }
        conn.execute_batch(AFTER_MIGRATIONS).map_err(db)?;
        Ok(AlertStore {
            db: Backend::Sqlite(conn),
            place,
        })
    }

    /// Connects to PostgreSQL at `url` and creates the tables if needed.
    pub fn open_postgres(url: &str) -> Result<AlertStore, AlertError> {
        let place = redact(url);
        let db = |e: postgres::Error| AlertError::Db {
            place: place.clone(),
            message: e.to_string(),
        };
        let mut client = connect_postgres(url).map_err(|message| AlertError::Db {
            place: place.clone(),
            message,
        })?;
        // The store's statements are short; PostgreSQL's JIT compiler, which starts on
        // queries it costs as large (counting a queue of 100,000 alerts), spent 100 ms
        // compiling to save a few. (A server without JIT, before PostgreSQL 11, has no such
        // setting; nothing is lost there.)
        let _ = client.batch_execute("SET jit = off");
        // Several processes may open a new database at once: one creates the schema.
        let mut tx = client.transaction().map_err(db)?;
        tx.execute("SELECT pg_advisory_xact_lock(7419265301)", &[])
            .map_err(db)?;
        tx.batch_execute(POSTGRES_SCHEMA).map_err(db)?;
        tx.batch_execute(POSTGRES_MIGRATIONS).map_err(db)?;
        tx.batch_execute(AFTER_MIGRATIONS).map_err(db)?;
        tx.commit().map_err(db)?;
        Ok(AlertStore {
            db: Backend::Postgres(Box::new(client)),
            place,
        })
    }

    /// Starts a screening run; returns its id.
    pub fn begin_run(
        &mut self,
        actor: &str,
        input: &str,
        lists: &str,
        threshold: f64,
    ) -> Result<i64, AlertError> {
        let now = crate::utc_now_rfc3339();
        let place = self.place.clone();
        let fail = |m: String| AlertError::Db {
            place: place.clone(),
            message: m,
        };
        let detail = |id: i64| {
            serde_json::json!({"run": id, "input": input, "lists": lists, "threshold": threshold})
                .to_string()
        };
        let run_values = [
            json!(now),
            json!(actor),
            json!(input),
            json!(lists),
            json!(threshold),
        ];
        match &mut self.db {
            Backend::Sqlite(conn) => {
                let e = |e: rusqlite::Error| fail(e.to_string());
                let tx = conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)
                    .map_err(e)?;
                let hash = chain::link(
                    sqlite_head(&tx, chain::RUNS).map_err(e)?.as_deref(),
                    &run_values,
                );
                let id: i64 = tx
                    .query_row(
                        INSERT_RUN,
                        params![now, actor, input, lists, threshold, hash],
                        |r| r.get(0),
                    )
                    .map_err(e)?;
                sqlite_audit(&tx, &now, actor, "run", &detail(id)).map_err(e)?;
                tx.commit().map_err(e)?;
                Ok(id)
            }
            Backend::Postgres(client) => {
                let e = |e: postgres::Error| fail(e.to_string());
                let mut tx = client.transaction().map_err(e)?;
                tx.execute(WRITE_LOCK, &[]).map_err(e)?;
                let hash = chain::link(
                    pg_head(&mut tx, chain::RUNS).map_err(e)?.as_deref(),
                    &run_values,
                );
                let id: i64 = tx
                    .query_one(
                        INSERT_RUN,
                        &[&now, &actor, &input, &lists, &threshold, &hash],
                    )
                    .map_err(e)?
                    .get(0);
                pg_audit(&mut tx, &now, actor, "run", &detail(id)).map_err(e)?;
                tx.commit().map_err(e)?;
                Ok(id)
            }
        }
    }

    /// Records a batch of alerts of one run in one transaction, each suppressed when the
    /// latest decision on the record and the listed entity — or any other record of its
    /// party (`NewAlert::party_members`) — is a false positive on the same record
    /// fingerprint and the decided listed record's fingerprint now.
    pub fn record(
        &mut self,
        run_id: i64,
        alerts: &[NewAlert],
    ) -> Result<Vec<Recorded>, AlertError> {
        let now = crate::utc_now_rfc3339();
        let place = self.place.clone();
        let fail = |m: String| AlertError::Db {
            place: place.clone(),
            message: m,
        };
        // The latest decision among those on the record and each listed record of the
        // party (with that listed record's fingerprint now), and whether it suppresses.
        type Latest = Option<(i64, String, String, String)>;
        let suppressor = |decided: Vec<(Latest, &str)>, a: &NewAlert| {
            decided
                .into_iter()
                .filter_map(|(last, now)| last.map(|l| (l, now)))
                .max_by_key(|((id, ..), _)| *id)
                .and_then(|((id, d, rf, ef), now)| {
                    (d == "false_positive" && rf == a.record_fingerprint && ef == now).then_some(id)
                })
        };
        let listed = |a: &NewAlert| -> Vec<(String, String)> {
            std::iter::once((a.entity_id.clone(), a.entity_fingerprint.clone()))
                .chain(a.party_members.iter().cloned())
                .collect()
        };
        let alert_values = |a: &NewAlert, suppressed_by: Option<i64>| {
            let mut values = vec![
                json!(run_id),
                json!(a.record_key),
                json!(a.record_name),
                json!(a.record_fingerprint),
                json!(a.entity_id),
                json!(a.entity_caption),
                json!(a.entity_fingerprint),
                json!(a.list),
                json!(i64::from(a.list_version)),
                json!(a.score),
                json!(a.explanation),
                json!(now),
                json!(suppressed_by),
            ];
            // Added after the chain: hashed where present (chain::Column::Later).
            if let Some(schema) = &a.entity_schema {
                values.push(json!(schema));
            }
            values
        };
        let mut out = Vec::with_capacity(alerts.len());
        match &mut self.db {
            Backend::Sqlite(conn) => {
                let e = |e: rusqlite::Error| fail(e.to_string());
                let tx = conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)
                    .map_err(e)?;
                let mut head = sqlite_head(&tx, chain::ALERTS).map_err(e)?;
                {
                    let mut latest = tx.prepare_cached(LATEST_DECISION).map_err(e)?;
                    let mut insert = tx.prepare_cached(INSERT_ALERT).map_err(e)?;
                    for a in alerts {
                        let members = listed(a);
                        let mut decided = Vec::with_capacity(members.len());
                        for (id, now) in &members {
                            let last = latest
                                .query_row(params![a.record_key, id], |r| {
                                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                                })
                                .optional()
                                .map_err(e)?;
                            decided.push((last, now.as_str()));
                        }
                        let suppressed_by = suppressor(decided, a);
                        let hash = chain::link(head.as_deref(), &alert_values(a, suppressed_by));
                        let alert_id: i64 = insert
                            .query_row(
                                params![
                                    run_id,
                                    a.record_key,
                                    a.record_name,
                                    a.record_fingerprint,
                                    a.entity_id,
                                    a.entity_caption,
                                    a.entity_fingerprint,
                                    a.list,
                                    i64::from(a.list_version),
                                    a.score,
                                    a.explanation,
                                    now,
                                    suppressed_by,
                                    a.entity_schema,
                                    hash
                                ],
                                |r| r.get(0),
                            )
                            .map_err(e)?;
                        head = Some(hash);
                        out.push(Recorded {
                            alert_id,
                            suppressed_by,
                        });
                    }
                }
                tx.commit().map_err(e)?;
            }
            Backend::Postgres(client) => {
                let e = |e: postgres::Error| fail(e.to_string());
                let mut tx = client.transaction().map_err(e)?;
                tx.execute(WRITE_LOCK, &[]).map_err(e)?;
                let mut head = pg_head(&mut tx, chain::ALERTS).map_err(e)?;
                let latest = tx.prepare(LATEST_DECISION).map_err(e)?;
                let insert = tx.prepare(INSERT_ALERT).map_err(e)?;
                for a in alerts {
                    let members = listed(a);
                    let mut decided = Vec::with_capacity(members.len());
                    for (id, now) in &members {
                        let last = tx
                            .query_opt(&latest, &[&a.record_key, id])
                            .map_err(e)?
                            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)));
                        decided.push((last, now.as_str()));
                    }
                    let suppressed_by = suppressor(decided, a);
                    let hash = chain::link(head.as_deref(), &alert_values(a, suppressed_by));
                    let alert_id: i64 = tx
                        .query_one(
                            &insert,
                            &[
                                &run_id,
                                &a.record_key,
                                &a.record_name,
                                &a.record_fingerprint,
                                &a.entity_id,
                                &a.entity_caption,
                                &a.entity_fingerprint,
                                &a.list,
                                &i64::from(a.list_version),
                                &a.score,
                                &a.explanation,
                                &now,
                                &suppressed_by,
                                &a.entity_schema,
                                &hash,
                            ],
                        )
                        .map_err(e)?
                        .get(0);
                    head = Some(hash);
                    out.push(Recorded {
                        alert_id,
                        suppressed_by,
                    });
                }
                tx.commit().map_err(e)?;
            }
        }
        Ok(out)
    }

    /// Records a decision on an alert (and its audit entry) in one durable transaction.
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
        self.decide_coded(
            alert_id,
            &DecisionInput {
                decision,
                reason_code: None,
                reason,
                actor,
            },
        )
    }

    /// Records an analyst's judgement that two listed records are one party (`same`) or
    /// are not, as an entry of the append-only audit log (action `party_link` or
    /// `party_unlink`, detail `{"a", "b", "reason"}`), in one durable transaction. The
    /// latest judgement on two records decides for them ([`AlertStore::party_judgements`]).
    pub fn judge_parties(
        &mut self,
        same: bool,
        a: &str,
        b: &str,
        reason: &str,
        actor: &str,
    ) -> Result<interdict_model::PartyJudgement, AlertError> {
        if reason.trim().is_empty() {
            return Err(AlertError::NoReason);
        }
        if actor.trim().is_empty() {
            return Err(AlertError::NoActor);
        }
        if a == b {
            return Err(AlertError::SameRecord(a.to_string()));
        }
        let mut j = interdict_model::PartyJudgement {
            id: 0,
            same,
            a: a.to_string(),
            b: b.to_string(),
            reason: reason.to_string(),
            actor: actor.to_string(),
            at: crate::utc_now_rfc3339(),
        };
        let detail = json!({"a": a, "b": b, "reason": reason}).to_string();
        j.id = self.append_audit(&j.at, actor, j.action(), &detail)?;
        Ok(j)
    }

    /// Every analyst's judgement on parties, oldest first.
    pub fn party_judgements(&mut self) -> Result<Vec<interdict_model::PartyJudgement>, AlertError> {
        self.audit_rows(PARTY_JUDGEMENTS)?
            .into_iter()
            .map(|(id, at, actor, action, detail)| {
                #[derive(serde::Deserialize)]
                struct Detail {
                    a: String,
                    b: String,
                    reason: String,
                }
                let d: Detail =
                    serde_json::from_str(&detail).map_err(|e| AlertError::BadJudgement {
                        place: self.place.clone(),
                        id,
                        action: action.clone(),
                        message: e.to_string(),
                    })?;
                Ok(interdict_model::PartyJudgement {
                    id,
                    same: action == interdict_model::PARTY_LINK,
                    a: d.a,
                    b: d.b,
                    reason: d.reason,
                    actor,
                    at,
                })
            })
            .collect()
    }

    /// Appends one entry to the audit log, chained, in its own durable transaction;
    /// returns its id.
    fn append_audit(
        &mut self,
        now: &str,
        actor: &str,
        action: &str,
        detail: &str,
    ) -> Result<i64, AlertError> {
        let place = self.place.clone();
        let fail = |m: String| AlertError::Db {
            place: place.clone(),
            message: m,
        };
        match &mut self.db {
            Backend::Sqlite(conn) => {
                let e = |e: rusqlite::Error| fail(e.to_string());
                let tx = conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)
                    .map_err(e)?;
                let id = sqlite_audit(&tx, now, actor, action, detail).map_err(e)?;
                tx.commit().map_err(e)?;
                Ok(id)
            }
            Backend::Postgres(client) => {
                let e = |e: postgres::Error| fail(e.to_string());
                let mut tx = client.transaction().map_err(e)?;
                tx.execute(WRITE_LOCK, &[]).map_err(e)?;
                let id = pg_audit(&mut tx, now, actor, action, detail).map_err(e)?;
                tx.commit().map_err(e)?;
                Ok(id)
            }
        }
    }

    fn alert_rows(&mut self, sql: &str, id: Option<i64>) -> Result<Vec<AlertRow>, AlertError> {
        let place = self.place.clone();
        let fail = |m: String| AlertError::Db {
            place: place.clone(),
            message: m,
        };
        match &mut self.db {
            Backend::Sqlite(conn) => {
                let e = |e: rusqlite::Error| fail(e.to_string());
                let mut stmt = conn.prepare(sql).map_err(e)?;
                let rows = match id {
                    Some(id) => stmt.query_map([id], sqlite_alert),
                    None => stmt.query_map([], sqlite_alert),
                }
                .map_err(e)?;
                rows.collect::<Result<Vec<_>, _>>().map_err(e)
            }
            Backend::Postgres(client) => {
                let e = |e: postgres::Error| fail(e.to_string());
                let rows = match id {
                    Some(id) => client.query(sql, &[&id]),
                    None => client.query(sql, &[]),
                }
                .map_err(e)?;
                rows.iter()
                    .map(pg_alert)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(e)
            }
        }
    }

    /// Alerts, newest first; `status` filters (`open`, `pending`, `suppressed`,
    /// `decided`). The filter and the limit are the database's: a store of 100,000 alerts
    /// reads `limit` of them.
    pub fn list(&mut self, status: Option<&str>, limit: usize) -> Result<Vec<Alert>, AlertError> {
        let filter = match status {
            None => String::new(),
            Some(s @ ("open" | "pending" | "suppressed" | "decided")) => {
                format!(" WHERE {}", queue::status_condition(s))
            }
            Some(s) => {
                return Err(AlertError::Workflow(format!(
                    "status {s:?}: use open, pending, suppressed or decided"
                )))
            }
        };
        let limit = limit.min(i64::MAX as usize);
        let sql = format!(
            "SELECT {ALERT_COLUMNS} FROM alerts a{filter} ORDER BY a.id DESC LIMIT {limit}"
        );
        Ok(self
            .alert_rows(&sql, None)?
            .into_iter()
            .map(alert_of)
            .collect())
    }

    /// One alert with its decisions, oldest first.
    pub fn show(&mut self, id: i64) -> Result<(Alert, Vec<DecisionRecord>), AlertError> {
        let sql = format!("SELECT {ALERT_COLUMNS} FROM alerts a WHERE a.id = $1");
        let alert = self
            .alert_rows(&sql, Some(id))?
            .into_iter()
            .next()
            .map(alert_of)
            .ok_or(AlertError::NoAlert(id))?;
        let rows: Vec<(i64, i64, String, String, String, String)> = match &mut self.db {
            Backend::Sqlite(conn) => {
                let mut stmt = conn
                    .prepare(DECISIONS_OF)
                    .map_err(|e| self_fail(&self.place, e))?;
                let rows = stmt
                    .query_map([id], |r| {
                        Ok((
                            r.get(0)?,
                            r.get(1)?,
                            r.get(2)?,
                            r.get(3)?,
                            r.get(4)?,
                            r.get(5)?,
                        ))
                    })
                    .map_err(|e| self_fail(&self.place, e))?;
                rows.collect::<Result<Vec<_>, _>>()
                    .map_err(|e| self_fail(&self.place, e))?
            }
            Backend::Postgres(client) => client
                .query(DECISIONS_OF, &[&id])
                .map_err(|e| self_fail(&self.place, e))?
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5)))
                .collect(),
        };
        let decisions = rows
            .into_iter()
            .map(
                |(id, alert_id, decision, reason, user, decided_at)| DecisionRecord {
                    id,
                    alert_id,
                    decision,
                    reason,
                    user,
                    decided_at,
                },
            )
            .collect();
        Ok((alert, decisions))
    }

    /// The audit log, oldest first.
    pub fn audit(&mut self) -> Result<Vec<AuditEntry>, AlertError> {
        Ok(self
            .audit_rows(AUDIT_ALL)?
            .into_iter()
            .map(|(id, at, actor, action, detail)| AuditEntry {
                id,
                at,
                actor,
                action,
                detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
            })
            .collect())
    }

    /// Audit rows `sql` selects: (id, at, actor, action, detail).
    fn audit_rows(&mut self, sql: &str) -> Result<Vec<AuditRow>, AlertError> {
        match &mut self.db {
            Backend::Sqlite(conn) => {
                let mut stmt = conn.prepare(sql).map_err(|e| self_fail(&self.place, e))?;
                let rows = stmt
                    .query_map([], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                    })
                    .map_err(|e| self_fail(&self.place, e))?;
                rows.collect::<Result<Vec<_>, _>>()
                    .map_err(|e| self_fail(&self.place, e))
            }
            Backend::Postgres(client) => Ok(client
                .query(sql, &[])
                .map_err(|e| self_fail(&self.place, e))?
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
                .collect()),
        }
    }

    /// Checks the store: the database's own consistency check (SQLite), every decision's
    /// audit entry, and every table's hash chain (an edited, deleted, inserted or moved row
    /// is named). `expected_heads` are heads an earlier check printed
    /// (`table:id:hash`): each row must still stand with that hash, which catches rows cut
    /// off the end and chains recomputed after an edit.
    pub fn integrity_check(
        &mut self,
        expected_heads: &[String],
    ) -> Result<IntegrityReport, AlertError> {
        let orphan_sql = "SELECT COUNT(*) FROM decisions d WHERE NOT EXISTS (SELECT 1 FROM audit
            WHERE action = 'decision' AND detail LIKE '{\"alert\":' || d.alert_id || ',\"decision\":' || d.id || ',%')";
        let (check, orphans): (String, i64) = match &mut self.db {
            Backend::Sqlite(conn) => (
                conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
                    .map_err(|e| self_fail(&self.place, e))?,
                conn.query_row(orphan_sql, [], |r| r.get(0))
                    .map_err(|e| self_fail(&self.place, e))?,
            ),
            Backend::Postgres(client) => (
                "ok".to_string(),
                client
                    .query_one(orphan_sql, &[])
                    .map_err(|e| self_fail(&self.place, e))?
                    .get(0),
            ),
        };
        let mut report = IntegrityReport::default();
        if check != "ok" {
            report.problems.push(check);
        }
        if orphans > 0 {
            report
                .problems
                .push(format!("{orphans} decision(s) without their audit entry"));
        }
        let mut checks = Vec::new();
        for table in &chain::TABLES {
            let rows = self.chained_rows(table)?;
            checks.push((table.name, chain::verify(table.name, rows)));
        }
        for head in expected_heads {
            let parsed = head.split_once(':').and_then(|(t, rest)| {
                let (id, hash) = rest.split_once(':')?;
                Some((t, id.parse::<i64>().ok()?, hash))
            });
            let Some((table, id, hash)) = parsed else {
                report.problems.push(format!(
                    "{head:?} is not a head as `alerts check` prints them (table:id:hash)"
                ));
                continue;
            };
            let Some((_, c)) = checks.iter().find(|(t, _)| *t == table) else {
                report
                    .problems
                    .push(format!("{head:?} names no chained table"));
                continue;
            };
            match c.hashes.iter().find(|(i, _)| *i == id) {
                Some((_, h)) if h == hash => {}
                Some(_) => report.problems.push(format!(
                    "{table} row {id} no longer has the hash of the kept head: the chain was \
                     rewritten"
                )),
                None => report.problems.push(format!(
                    "{table} row {id}, a kept head, is gone: rows were deleted"
                )),
            }
        }
        for (table, c) in checks {
            report.problems.extend(c.problems);
            report.unsealed += c.unsealed;
            if let Some((id, hash)) = c.hashes.last().cloned() {
                report.heads.push(ChainHead {
                    table: table.to_string(),
                    rows: c.rows,
                    id,
                    hash,
                });
            }
        }
        Ok(report)
    }

    /// Every row of a chained table with its stored hash and the values the hash covers.
    fn chained_rows(
        &mut self,
        table: &chain::ChainedTable,
    ) -> Result<Vec<chain::ChainedRow>, AlertError> {
        let sql = table.select_all();
        let place = self.place.clone();
        match &mut self.db {
            Backend::Sqlite(conn) => {
                let mut stmt = conn.prepare(&sql).map_err(|e| self_fail(&place, e))?;
                let rows = stmt
                    .query_map([], |r| chain::ChainedRow::read(table, r))
                    .map_err(|e| self_fail(&place, e))?;
                rows.collect::<Result<Vec<_>, _>>()
                    .map_err(|e| self_fail(&place, e))
            }
            Backend::Postgres(client) => {
                let rows = client.query(&sql, &[]).map_err(|e| self_fail(&place, e))?;
                rows.iter()
                    .map(|r| chain::ChainedRow::read(table, r))
                    .collect::<Result<Vec<_>, postgres::Error>>()
                    .map_err(|e| self_fail(&place, e))
            }
        }
    }

    /// Runs a statement directly, for tests that try what the store must refuse.
    #[doc(hidden)]
    pub fn execute_raw(&mut self, sql: &str) -> Result<u64, AlertError> {
        match &mut self.db {
            Backend::Sqlite(conn) => conn
                .execute(sql, [])
                .map(|n| n as u64)
                .map_err(|e| self_fail(&self.place, e)),
            Backend::Postgres(client) => client
                .execute(sql, &[])
                .map_err(|e| self_fail(&self.place, e)),
        }
    }

    /// Where the store is (a file, or a server address without its password).
    pub fn place(&self) -> &str {
        &self.place
    }
}

/// The newest row's hash of a chained table, in a SQLite transaction.
fn sqlite_head(tx: &rusqlite::Transaction, table: usize) -> rusqlite::Result<Option<String>> {
    Ok(tx
        .query_row(&chain::TABLES[table].select_head(), [], |r| {
            r.get::<_, Option<String>>(0)
        })
        .optional()?
        .flatten())
}

/// Appends one audit entry, chained onto the log's newest, in a SQLite transaction; returns
/// its id.
fn sqlite_audit(
    tx: &rusqlite::Transaction,
    now: &str,
    actor: &str,
    action: &str,
    detail: &str,
) -> rusqlite::Result<i64> {
    let values = [json!(now), json!(actor), json!(action), json!(detail)];
    let hash = chain::link(sqlite_head(tx, chain::AUDIT)?.as_deref(), &values);
    tx.query_row(
        INSERT_AUDIT,
        params![now, actor, action, detail, hash],
        |r| r.get(0),
    )
}

/// Appends one audit entry, chained onto the log's newest, in a PostgreSQL transaction;
/// returns its id.
fn pg_audit(
    tx: &mut postgres::Transaction,
    now: &str,
    actor: &str,
    action: &str,
    detail: &str,
) -> Result<i64, postgres::Error> {
    let values = [json!(now), json!(actor), json!(action), json!(detail)];
    let hash = chain::link(pg_head(tx, chain::AUDIT)?.as_deref(), &values);
    Ok(tx
        .query_one(INSERT_AUDIT, &[&now, &actor, &action, &detail, &hash])?
        .get(0))
}

/// The newest row's hash of a chained table, in a PostgreSQL transaction.
fn pg_head(
    tx: &mut postgres::Transaction,
    table: usize,
) -> Result<Option<String>, postgres::Error> {
    Ok(tx
        .query_opt(&chain::TABLES[table].select_head(), &[])?
        .and_then(|r| r.get::<_, Option<String>>(0)))
}

fn self_fail(place: &str, e: impl std::fmt::Display) -> AlertError {
    AlertError::Db {
        place: place.to_string(),
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests;
