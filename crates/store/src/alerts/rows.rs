//! Alert rows as the two databases return them, read by column into one named row and made
//! into an [`Alert`].

use super::types::Alert;

/// One alert row, as both backends read it (the columns of `ALERT_COLUMNS`, in order).
pub(super) struct AlertRow {
    id: i64,
    run_id: i64,
    record_key: String,
    record_name: String,
    entity_id: String,
    entity_caption: String,
    list: String,
    version: i64,
    score: f64,
    created_at: String,
    explanation: String,
    suppressed_by: Option<i64>,
    decided: Option<i64>,
    /// A proposed decision awaiting a second user's review (four eyes).
    pending: Option<i64>,
}

pub(super) fn alert_of(r: AlertRow) -> Alert {
    Alert {
        id: r.id,
        run_id: r.run_id,
        record_key: r.record_key,
        record_name: r.record_name,
        entity_id: r.entity_id,
        entity_caption: r.entity_caption,
        list: r.list,
        list_version: u32::try_from(r.version).unwrap_or(0),
        score: r.score,
        status: if r.pending.is_some() {
            "pending"
        } else if r.decided.is_some() {
            "decided"
        } else if r.suppressed_by.is_some() {
            "suppressed"
        } else {
            "open"
        }
        .to_string(),
        suppressed_by: r.suppressed_by,
        created_at: r.created_at,
        explanation: serde_json::from_str(&r.explanation).unwrap_or(serde_json::Value::Null),
    }
}

/// An [`AlertRow`] read from a database row with `$get` (each driver's fallible column
/// getter), the columns in `ALERT_COLUMNS` order.
macro_rules! read_alert_row {
    ($r:expr, $get:ident) => {
        AlertRow {
            id: $r.$get(0)?,
            run_id: $r.$get(1)?,
            record_key: $r.$get(2)?,
            record_name: $r.$get(3)?,
            entity_id: $r.$get(4)?,
            entity_caption: $r.$get(5)?,
            list: $r.$get(6)?,
            version: $r.$get(7)?,
            score: $r.$get(8)?,
            created_at: $r.$get(9)?,
            explanation: $r.$get(10)?,
            suppressed_by: $r.$get(11)?,
            decided: $r.$get(12)?,
            pending: $r.$get(13)?,
        }
    };
}

pub(super) fn sqlite_alert(r: &rusqlite::Row) -> rusqlite::Result<AlertRow> {
    Ok(read_alert_row!(r, get))
}

pub(super) fn pg_alert(r: &postgres::Row) -> Result<AlertRow, postgres::Error> {
    Ok(read_alert_row!(r, try_get))
}
