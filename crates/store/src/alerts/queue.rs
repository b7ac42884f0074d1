//! The alert queue: alerts filtered (status, list, score, run, holder, age), sorted and
//! paged in the database, so that a page of a queue of 100,000 alerts reads a page of rows
//! and one count, not the whole table. Explanations are not read here; the review page
//! reads one alert whole.

use super::writer::Param;
use super::{AlertError, AlertStore};
use serde::Serialize;

/// How the queue is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueueSort {
    /// Highest score first (the default: the likeliest true matches first).
    #[default]
    ScoreDesc,
    /// Lowest score first.
    ScoreAsc,
    /// Newest first.
    Newest,
    /// Oldest first (the longest waiting).
    Oldest,
}

impl QueueSort {
    /// Parses `score`, `-score`… as the queue page's links write them.
    pub fn parse(s: &str) -> Option<QueueSort> {
        match s {
            "score" | "score_desc" => Some(QueueSort::ScoreDesc),
            "score_asc" => Some(QueueSort::ScoreAsc),
            "newest" => Some(QueueSort::Newest),
            "oldest" => Some(QueueSort::Oldest),
            _ => None,
        }
    }

    /// The name [`QueueSort::parse`] reads.
    pub fn name(self) -> &'static str {
        match self {
            QueueSort::ScoreDesc => "score",
            QueueSort::ScoreAsc => "score_asc",
            QueueSort::Newest => "newest",
            QueueSort::Oldest => "oldest",
        }
    }

    fn order_by(self) -> &'static str {
        match self {
            QueueSort::ScoreDesc => "a.score DESC, a.id DESC",
            QueueSort::ScoreAsc => "a.score ASC, a.id ASC",
            QueueSort::Newest => "a.id DESC",
            QueueSort::Oldest => "a.id ASC",
        }
    }
}

/// Which alerts a queue page shows.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    /// `open`, `pending`, `decided` or `suppressed`; `None` for all.
    pub status: Option<String>,
    /// One list's alerts.
    pub list: Option<String>,
    /// Lowest score.
    pub min_score: Option<f64>,
    /// Highest score.
    pub max_score: Option<f64>,
    /// One screening run's alerts.
    pub run_id: Option<i64>,
    /// Alerts this user holds; `Some("")` for alerts nobody holds.
    pub holder: Option<String>,
    /// Alerts raised before this time (UTC, RFC 3339): older than an age.
    pub raised_before: Option<String>,
    /// One screened record's alerts (its key).
    pub record_key: Option<String>,
    /// Alerts whose listed entity has one of these schemata (alerts recorded before
    /// interdict kept the schema have none, and are left out by this filter).
    pub schemata: Vec<String>,
    /// The sort.
    pub sort: QueueSort,
    /// Rows to skip.
    pub offset: usize,
    /// Rows to return (at most 500).
    pub limit: usize,
}

/// One row of the queue.
#[derive(Debug, Clone, Serialize)]
pub struct QueueItem {
    /// Alert id.
    pub id: i64,
    /// The run that raised it.
    pub run_id: i64,
    /// The screened record's key.
    pub record_key: String,
    /// Its name.
    pub record_name: String,
    /// The listed entity.
    pub entity_id: String,
    /// Its caption.
    pub entity_caption: String,
    /// Its list.
    pub list: String,
    /// Score.
    pub score: f64,
    /// When raised (UTC, RFC 3339).
    pub created_at: String,
    /// `open`, `pending`, `decided` or `suppressed`.
    pub status: String,
    /// Who holds it, if anyone.
    pub holder: Option<String>,
}

/// One page of the queue and how many alerts the filter selects in all.
#[derive(Debug, Clone, Serialize)]
pub struct QueuePage {
    /// The page's alerts.
    pub items: Vec<QueueItem>,
    /// Alerts the filter selects.
    pub total: u64,
}

/// An alert (`a`) has a proposed decision awaiting review (four eyes).
const PENDING: &str = "EXISTS (SELECT 1 FROM reviews p WHERE p.alert_id = a.id
    AND p.action = 'propose' AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.ref_id = p.id))";
/// An alert has a (final) decision.
const DECIDED: &str = "EXISTS (SELECT 1 FROM decisions d WHERE d.alert_id = a.id)";
/// Who holds an alert: the latest claim, unless released since.
const HOLDER: &str = "(SELECT CASE WHEN r.action = 'claim' THEN r.actor END FROM reviews r
    WHERE r.alert_id = a.id AND r.action IN ('claim', 'release') ORDER BY r.id DESC LIMIT 1)";

/// The condition an alert's status is `status` (pending over decided over suppressed
/// over open, as [`AlertStore::show`] reads it).
pub(super) fn status_condition(status: &str) -> String {
    match status {
        "pending" => PENDING.to_string(),
        "decided" => format!("NOT {PENDING} AND {DECIDED}"),
        "suppressed" => format!("NOT {PENDING} AND NOT {DECIDED} AND a.suppressed_by IS NOT NULL"),
        _ => format!("NOT {PENDING} AND NOT {DECIDED} AND a.suppressed_by IS NULL"),
    }
}

/// The most rows one page returns.
pub const MAX_PAGE: usize = 500;

impl AlertStore {
    /// One page of the alert queue.
    pub fn queue(&mut self, f: &QueueFilter) -> Result<QueuePage, AlertError> {
        if let Some(s) = &f.status {
            if !["open", "pending", "decided", "suppressed"].contains(&s.as_str()) {
                return Err(AlertError::Workflow(format!(
                    "status {s:?}: use open, pending, decided or suppressed"
                )));
            }
        }
        // Every filter is a condition on the alert row, so that the database walks the
        // sort's index and stops after the page; status and holder are computed for the
        // page's rows only.
        let mut conditions = Vec::new();
        let mut params = Vec::new();
        let mut bind = |p: Param| {
            params.push(p);
            format!("${}", params.len())
        };
        if let Some(l) = &f.list {
            conditions.push(format!("a.list = {}", bind(Param::Text(l.clone()))));
        }
        if let Some(s) = f.min_score {
            conditions.push(format!("a.score >= {}", bind(Param::Real(s))));
        }
        if let Some(s) = f.max_score {
            conditions.push(format!("a.score <= {}", bind(Param::Real(s))));
        }
        if let Some(r) = f.run_id {
            conditions.push(format!("a.run_id = {}", bind(Param::Int(r))));
        }
        if let Some(k) = &f.record_key {
            conditions.push(format!("a.record_key = {}", bind(Param::Text(k.clone()))));
        }
        if !f.schemata.is_empty() {
            let each: Vec<String> = f
                .schemata
                .iter()
                .map(|s| bind(Param::Text(s.clone())))
                .collect();
            conditions.push(format!("a.entity_schema IN ({})", each.join(", ")));
        }
        if let Some(t) = &f.raised_before {
            conditions.push(format!("a.created_at < {}", bind(Param::Text(t.clone()))));
        }
        if let Some(s) = &f.status {
            conditions.push(status_condition(s));
        }
        // The holder is the latest claim or release: first narrowed to alerts with a claim
        // by that user (an index lookup), so the latest step is read for those alone.
        match f.holder.as_deref() {
            Some("") => conditions.push(format!(
                "(NOT EXISTS (SELECT 1 FROM reviews c WHERE c.alert_id = a.id AND c.action = 'claim') \
                 OR {HOLDER} IS NULL)"
            )),
            Some(h) => {
                let h = bind(Param::Text(h.to_string()));
                conditions.push(format!(
                    "a.id IN (SELECT c.alert_id FROM reviews c WHERE c.action = 'claim' AND c.actor = {h}) \
                     AND {HOLDER} = {h}"
                ))
            }
            None => {}
        }
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };
        let limit = f.limit.clamp(1, MAX_PAGE);
        let page_sql = format!(
            "SELECT a.id, a.run_id, a.record_key, a.record_name, a.entity_id, a.entity_caption,
             a.list, a.score, a.created_at,
             CASE WHEN {PENDING} THEN 'pending' WHEN {DECIDED} THEN 'decided'
                 WHEN a.suppressed_by IS NOT NULL THEN 'suppressed' ELSE 'open' END,
             {HOLDER}
             FROM alerts a{filter} ORDER BY {} LIMIT {limit} OFFSET {}",
            f.sort.order_by(),
            f.offset.min(i64::MAX as usize)
        );
        let count_sql = format!("SELECT COUNT(*) FROM alerts a{filter}");
        let place = self.place.clone();
        macro_rules! item {
            ($r:expr, $get:ident) => {
                QueueItem {
                    id: $r.$get(0)?,
                    run_id: $r.$get(1)?,
                    record_key: $r.$get(2)?,
                    record_name: $r.$get(3)?,
                    entity_id: $r.$get(4)?,
                    entity_caption: $r.$get(5)?,
                    list: $r.$get(6)?,
                    score: $r.$get(7)?,
                    created_at: $r.$get(8)?,
                    status: $r.$get(9)?,
                    holder: $r.$get(10)?,
                }
            };
        }
        let items = self
            .read_rows(
                &page_sql,
                &params,
                |r| Ok(item!(r, get)),
                |r| Ok(item!(r, try_get)),
            )
            .map_err(|e| e.at(&place))?;
        let total = self
            .read_rows(
                &count_sql,
                &params,
                |r| r.get::<_, i64>(0),
                |r| r.try_get::<_, i64>(0),
            )
            .map_err(|e| e.at(&place))?
            .first()
            .copied()
            .unwrap_or(0);
        Ok(QueuePage {
            items,
            total: u64::try_from(total).unwrap_or(0),
        })
    }

    /// The open alert after `id` (`forward`) or before it, in the order alerts were raised:
    /// the review page's next and previous.
    pub fn neighbour_open(&mut self, id: i64, forward: bool) -> Result<Option<i64>, AlertError> {
        let (cmp, order) = if forward { (">", "ASC") } else { ("<", "DESC") };
        let sql = format!(
            "SELECT a.id FROM alerts a WHERE a.id {cmp} $1 AND {} ORDER BY a.id {order} LIMIT 1",
            status_condition("open")
        );
        let place = self.place.clone();
        self.read_rows(&sql, &[Param::Int(id)], |r| r.get(0), |r| r.try_get(0))
            .map(|rows| rows.into_iter().next())
            .map_err(|e| e.at(&place))
    }

    /// The lists alerts were raised on, for the queue's filter.
    pub fn alert_lists(&mut self) -> Result<Vec<String>, AlertError> {
        let place = self.place.clone();
        self.read_rows(
            "SELECT DISTINCT list FROM alerts ORDER BY list",
            &[],
            |r| r.get(0),
            |r| r.try_get(0),
        )
        .map_err(|e| e.at(&place))
    }
}
