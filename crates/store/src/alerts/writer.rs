//! One durable write transaction on either database, with the few operations the review
//! workflow needs (a value by query, an insert returning its id, a chained table's head, an
//! audit entry), so that each workflow step is written once for both backends.

use super::{chain, pg_audit, pg_head, sqlite_audit, sqlite_head, Backend, WRITE_LOCK};
use rusqlite::{OptionalExtension, TransactionBehavior};

/// A statement parameter, bound the same way in both databases.
#[derive(Debug, Clone)]
pub(super) enum Param {
    Int(i64),
    OptionalInt(Option<i64>),
    Real(f64),
    Text(String),
    OptionalText(Option<String>),
}

impl Param {
    /// The value as the hash chain covers it.
    pub(super) fn json(&self) -> serde_json::Value {
        match self {
            Param::Int(i) => (*i).into(),
            Param::OptionalInt(i) => i.map_or(serde_json::Value::Null, Into::into),
            Param::Real(r) => (*r).into(),
            Param::Text(t) => t.as_str().into(),
            Param::OptionalText(t) => t
                .as_deref()
                .map_or(serde_json::Value::Null, serde_json::Value::from),
        }
    }

    fn sqlite(&self) -> &dyn rusqlite::ToSql {
        match self {
            Param::Int(i) => i,
            Param::OptionalInt(i) => i,
            Param::Real(r) => r,
            Param::Text(t) => t,
            Param::OptionalText(t) => t,
        }
    }

    fn postgres(&self) -> &(dyn postgres::types::ToSql + Sync) {
        match self {
            Param::Int(i) => i,
            Param::OptionalInt(i) => i,
            Param::Real(r) => r,
            Param::Text(t) => t,
            Param::OptionalText(t) => t,
        }
    }
}

/// Binds `params` for SQLite.
pub(super) fn sqlite_params(params: &[Param]) -> Vec<&dyn rusqlite::ToSql> {
    params.iter().map(Param::sqlite).collect()
}

/// Binds `params` for PostgreSQL.
pub(super) fn pg_params(params: &[Param]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    params.iter().map(Param::postgres).collect()
}

/// A write transaction in progress (immediate in SQLite; under the writers' lock in
/// PostgreSQL, so two writers never chain onto the same row).
pub(super) enum Writer<'a> {
    Sqlite(rusqlite::Transaction<'a>),
    Postgres(postgres::Transaction<'a>),
}

impl Writer<'_> {
    /// Runs `f` in one write transaction on `db`, committed when it returns `Ok`.
    pub(super) fn run<T>(
        db: &mut Backend,
        f: impl FnOnce(&mut Writer) -> Result<T, WriteError>,
    ) -> Result<T, WriteError> {
        match db {
            Backend::Sqlite(conn) => {
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let mut w = Writer::Sqlite(tx);
                let out = f(&mut w)?;
                if let Writer::Sqlite(tx) = w {
                    tx.commit()?;
                }
                Ok(out)
            }
            Backend::Postgres(client) => {
                let mut tx = client.transaction()?;
                tx.execute(WRITE_LOCK, &[])?;
                let mut w = Writer::Postgres(tx);
                let out = f(&mut w)?;
                if let Writer::Postgres(tx) = w {
                    tx.commit()?;
                }
                Ok(out)
            }
        }
    }

    /// The first column of the first row `sql` selects, read as text (cast it in the
    /// statement), or `None` without a row.
    pub(super) fn text(
        &mut self,
        sql: &str,
        params: &[Param],
    ) -> Result<Option<Option<String>>, WriteError> {
        Ok(match self {
            Writer::Sqlite(tx) => tx
                .query_row(sql, sqlite_params(params).as_slice(), |r| r.get(0))
                .optional()?,
            Writer::Postgres(tx) => tx
                .query_opt(sql, pg_params(params).as_slice())?
                .map(|r| r.try_get(0))
                .transpose()?,
        })
    }

    /// The columns of the first row `sql` selects, each read as optional text (cast them in
    /// the statement).
    pub(super) fn row(
        &mut self,
        sql: &str,
        params: &[Param],
        columns: usize,
    ) -> Result<Option<Vec<Option<String>>>, WriteError> {
        Ok(match self {
            Writer::Sqlite(tx) => tx
                .query_row(sql, sqlite_params(params).as_slice(), |r| {
                    (0..columns).map(|i| r.get(i)).collect()
                })
                .optional()?,
            Writer::Postgres(tx) => tx
                .query_opt(sql, pg_params(params).as_slice())?
                .map(|r| (0..columns).map(|i| r.try_get(i)).collect())
                .transpose()?,
        })
    }

    /// Inserts a row of chained table `table` (`sql` ends `RETURNING id` and takes the
    /// values then the hash), chained onto the table's newest row; returns its id.
    pub(super) fn insert_chained(
        &mut self,
        table: usize,
        sql: &str,
        values: &[Param],
    ) -> Result<i64, WriteError> {
        let covered: Vec<serde_json::Value> = values.iter().map(Param::json).collect();
        let head = match self {
            Writer::Sqlite(tx) => sqlite_head(tx, table)?,
            Writer::Postgres(tx) => pg_head(tx, table)?,
        };
        let mut all = values.to_vec();
        all.push(Param::Text(chain::link(head.as_deref(), &covered)));
        Ok(match self {
            Writer::Sqlite(tx) => {
                tx.query_row(sql, sqlite_params(&all).as_slice(), |r| r.get(0))?
            }
            Writer::Postgres(tx) => tx.query_one(sql, pg_params(&all).as_slice())?.get(0),
        })
    }

    /// Appends an audit entry; returns its id.
    pub(super) fn audit(
        &mut self,
        now: &str,
        actor: &str,
        action: &str,
        detail: &serde_json::Value,
    ) -> Result<i64, WriteError> {
        let detail = detail.to_string();
        Ok(match self {
            Writer::Sqlite(tx) => sqlite_audit(tx, now, actor, action, &detail)?,
            Writer::Postgres(tx) => pg_audit(tx, now, actor, action, &detail)?,
        })
    }
}

/// Why a write failed: the database, or a rule of the workflow (already an [`AlertError`]).
#[derive(Debug)]
pub(super) enum WriteError {
    Db(String),
    Refused(super::AlertError),
}

impl From<rusqlite::Error> for WriteError {
    fn from(e: rusqlite::Error) -> Self {
        WriteError::Db(e.to_string())
    }
}

impl From<postgres::Error> for WriteError {
    fn from(e: postgres::Error) -> Self {
        WriteError::Db(e.to_string())
    }
}

impl From<super::AlertError> for WriteError {
    fn from(e: super::AlertError) -> Self {
        WriteError::Refused(e)
    }
}

impl WriteError {
    /// As the store's error, naming the database at `place`.
    pub(super) fn at(self, place: &str) -> super::AlertError {
        match self {
            WriteError::Db(message) => super::AlertError::Db {
                place: place.to_string(),
                message,
            },
            WriteError::Refused(e) => e,
        }
    }
}
