//! The hash chain that makes the alert store tamper-evident.
//!
//! Triggers refuse `UPDATE` and `DELETE` on runs, alerts, decisions and the audit log, but a
//! database's owner can get around triggers (SQLite's `REPLACE` deletes without firing them
//! unless recursive triggers are on; anyone can drop a trigger). So every row also carries
//! `hash = sha256(previous row's hash ‖ the row's values)`, per table in id order, written in
//! the same transaction as the row. `interdict alerts check` recomputes each chain: an edited
//! value, a deleted, inserted or reordered row breaks it at that row, and the check names the
//! table and row.
//!
//! What a chain cannot prove on its own: that nothing was cut off the end, or that someone
//! with write access did not recompute every hash after an edit. For that, the check prints
//! each chain's head (row count and last hash); an auditor who keeps a head from an earlier
//! check can pass it back (`--expect-head`) and the check fails unless that row still stands
//! with that hash (docs/security.md).

use serde_json::Value;
use sha2::{Digest, Sha256};

/// How a chained column is read back (both databases, same JSON for the hash).
#[derive(Debug, Clone, Copy)]
pub(super) enum Column {
    Int(&'static str),
    OptionalInt(&'static str),
    Real(&'static str),
    Text(&'static str),
    OptionalText(&'static str),
    /// A text column added after rows were already chained: hashed only where it holds a
    /// value, so the rows written before it keep their hashes (and a value set to NULL
    /// afterwards still breaks the chain).
    Later(&'static str),
}

impl Column {
    pub(super) fn name(self) -> &'static str {
        match self {
            Column::Int(n)
            | Column::OptionalInt(n)
            | Column::Real(n)
            | Column::Text(n)
            | Column::OptionalText(n)
            | Column::Later(n) => n,
        }
    }
}

/// A chained table and the columns its hash covers (all but `id` and `hash`).
pub(super) struct ChainedTable {
    pub(super) name: &'static str,
    pub(super) columns: &'static [Column],
}

use Column::{Int, Later, OptionalInt, OptionalText, Real, Text};

/// Positions in [`TABLES`].
pub(super) const RUNS: usize = 0;
pub(super) const ALERTS: usize = 1;
pub(super) const DECISIONS: usize = 2;
pub(super) const AUDIT: usize = 3;
pub(super) const REVIEWS: usize = 4;

/// Every chained table, in the order `alerts check` reports them.
pub(super) const TABLES: [ChainedTable; 5] = [
    ChainedTable {
        name: "runs",
        columns: &[
            Text("started_at"),
            Text("actor"),
            Text("input"),
            Text("lists"),
            Real("threshold"),
        ],
    },
    ChainedTable {
        name: "alerts",
        columns: &[
            Int("run_id"),
            Text("record_key"),
            Text("record_name"),
            Text("record_fingerprint"),
            Text("entity_id"),
            Text("entity_caption"),
            Text("entity_fingerprint"),
            Text("list"),
            Int("list_version"),
            Real("score"),
            Text("explanation"),
            Text("created_at"),
            OptionalInt("suppressed_by"),
            Later("entity_schema"),
        ],
    },
    ChainedTable {
        name: "decisions",
        columns: &[
            Int("alert_id"),
            Text("decision"),
            Text("reason"),
            Text("actor"),
            Text("decided_at"),
        ],
    },
    ChainedTable {
        name: "audit",
        columns: &[Text("at"), Text("actor"), Text("action"), Text("detail")],
    },
    ChainedTable {
        name: "reviews",
        columns: &[
            Int("alert_id"),
            Text("action"),
            OptionalText("decision"),
            OptionalText("reason_code"),
            OptionalText("reason"),
            Text("actor"),
            Text("at"),
            OptionalInt("ref_id"),
        ],
    },
];

impl ChainedTable {
    /// `SELECT id, hash, <columns> FROM <table> ORDER BY id`.
    pub(super) fn select_all(&self) -> String {
        let cols: Vec<&str> = self.columns.iter().map(|c| c.name()).collect();
        format!(
            "SELECT id, hash, {} FROM {} ORDER BY id",
            cols.join(", "),
            self.name
        )
    }

    /// The newest row's hash.
    pub(super) fn select_head(&self) -> String {
        format!("SELECT hash FROM {} ORDER BY id DESC LIMIT 1", self.name)
    }
}

/// The hash of a row with `values` after a row whose hash is `previous` (`None` for the
/// first row).
pub(super) fn link(previous: Option<&str>, values: &[Value]) -> String {
    let mut h = Sha256::new();
    h.update(previous.unwrap_or("").as_bytes());
    h.update(b"\n");
    h.update(Value::Array(values.to_vec()).to_string().as_bytes());
    format!("{:x}", h.finalize())
}

/// One stored row of a chained table, as the check reads it.
pub(super) struct ChainedRow {
    pub(super) id: i64,
    /// The stored hash (`None` for rows from before the chain).
    pub(super) hash: Option<String>,
    /// The values the hash covers, in [`ChainedTable::columns`] order.
    pub(super) values: Vec<Value>,
}

/// A database row read by column position, the same way for both databases.
pub(super) trait TypedRow {
    type Error;
    fn int(&self, at: usize) -> Result<i64, Self::Error>;
    fn optional_int(&self, at: usize) -> Result<Option<i64>, Self::Error>;
    fn real(&self, at: usize) -> Result<f64, Self::Error>;
    fn text(&self, at: usize) -> Result<String, Self::Error>;
    fn optional_text(&self, at: usize) -> Result<Option<String>, Self::Error>;
}

impl TypedRow for rusqlite::Row<'_> {
    type Error = rusqlite::Error;
    fn int(&self, at: usize) -> rusqlite::Result<i64> {
        self.get(at)
    }
    fn optional_int(&self, at: usize) -> rusqlite::Result<Option<i64>> {
        self.get(at)
    }
    fn real(&self, at: usize) -> rusqlite::Result<f64> {
        self.get(at)
    }
    fn text(&self, at: usize) -> rusqlite::Result<String> {
        self.get(at)
    }
    fn optional_text(&self, at: usize) -> rusqlite::Result<Option<String>> {
        self.get(at)
    }
}

impl TypedRow for postgres::Row {
    type Error = postgres::Error;
    fn int(&self, at: usize) -> Result<i64, postgres::Error> {
        self.try_get(at)
    }
    fn optional_int(&self, at: usize) -> Result<Option<i64>, postgres::Error> {
        self.try_get(at)
    }
    fn real(&self, at: usize) -> Result<f64, postgres::Error> {
        self.try_get(at)
    }
    fn text(&self, at: usize) -> Result<String, postgres::Error> {
        self.try_get(at)
    }
    fn optional_text(&self, at: usize) -> Result<Option<String>, postgres::Error> {
        self.try_get(at)
    }
}

impl ChainedRow {
    /// A row of `table` as [`ChainedTable::select_all`] selects it.
    pub(super) fn read<R: TypedRow>(table: &ChainedTable, r: &R) -> Result<ChainedRow, R::Error> {
        let mut values = Vec::with_capacity(table.columns.len());
        for (i, c) in table.columns.iter().enumerate() {
            let at = i + 2;
            if let Column::Later(_) = c {
                if let Some(v) = r.optional_text(at)? {
                    values.push(Value::from(v));
                }
                continue;
            }
            values.push(match c {
                Column::Int(_) => Value::from(r.int(at)?),
                Column::OptionalInt(_) => r.optional_int(at)?.map_or(Value::Null, Value::from),
                Column::Real(_) => Value::from(r.real(at)?),
                Column::Text(_) => Value::from(r.text(at)?),
                Column::OptionalText(_) | Column::Later(_) => {
                    r.optional_text(at)?.map_or(Value::Null, Value::from)
                }
            });
        }
        Ok(ChainedRow {
            id: r.int(0)?,
            hash: r.optional_text(1)?,
            values,
        })
    }
}

/// What the check found in one table.
#[derive(Debug, Default)]
pub(super) struct TableCheck {
    pub(super) rows: usize,
    /// Rows written before the chain existed (no hash, all before the first hashed row).
    pub(super) unsealed: usize,
    pub(super) problems: Vec<String>,
    /// Every sealed row's id and stored hash, in id order: the last is the head; the others
    /// are for checking a kept head.
    pub(super) hashes: Vec<(i64, String)>,
}

/// Recomputes one table's chain from its rows in id order.
pub(super) fn verify(table: &str, rows: impl IntoIterator<Item = ChainedRow>) -> TableCheck {
    let mut check = TableCheck::default();
    let mut previous: Option<String> = None;
    let mut sealed = false;
    for ChainedRow { id, hash, values } in rows {
        check.rows += 1;
        let Some(hash) = hash else {
            if sealed {
                check.problems.push(format!(
                    "{table} row {id} has no hash: it was written outside interdict"
                ));
            } else {
                check.unsealed += 1;
            }
            continue;
        };
        let expected = link(previous.as_deref(), &values);
        if expected != hash {
            check.problems.push(format!(
                "{table} row {id} does not match the chain: its values were edited, or a row \
                 before it was deleted, inserted or moved"
            ));
        }
        sealed = true;
        check.hashes.push((id, hash.clone()));
        previous = Some(hash);
    }
    check
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn row(id: i64, hash: Option<String>, values: Vec<Value>) -> ChainedRow {
        ChainedRow { id, hash, values }
    }

    fn chain(rows: &[Vec<Value>]) -> Vec<ChainedRow> {
        let mut prev: Option<String> = None;
        rows.iter()
            .enumerate()
            .map(|(i, v)| {
                let h = link(prev.as_deref(), v);
                prev = Some(h.clone());
                row(i as i64 + 1, Some(h), v.clone())
            })
            .collect()
    }

    #[test]
    fn edits_deletions_insertions_and_moves_break_the_chain() {
        let rows: Vec<Vec<Value>> = (0..5).map(|i| vec![json!(i), json!("x")]).collect();
        let good = chain(&rows);
        assert!(verify("t", good).problems.is_empty());

        let mut edited = chain(&rows);
        edited[2].values[1] = json!("y");
        assert_eq!(verify("t", edited).problems.len(), 1);

        let mut deleted = chain(&rows);
        deleted.remove(2);
        let p = verify("t", deleted).problems;
        assert_eq!(p.len(), 1);
        assert!(p[0].contains("row 4"), "{p:?}");

        let mut moved = chain(&rows);
        moved.swap(1, 3);
        assert!(!verify("t", moved).problems.is_empty());

        let mut inserted = chain(&rows);
        inserted.insert(2, row(10, None, vec![json!(9), json!("z")]));
        assert!(verify("t", inserted).problems[0].contains("no hash"));

        let mut legacy = chain(&rows);
        legacy.insert(0, row(0, None, vec![json!(0)]));
        let c = verify("t", legacy);
        assert_eq!((c.unsealed, c.rows), (1, 6));
        assert!(c.problems.is_empty(), "{:?}", c.problems);
    }
}
