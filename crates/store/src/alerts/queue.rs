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
            QueueSort::ScoreDesc => "q.score DESC, q.id",
            QueueSort::ScoreAsc => "q.score ASC, q.id",
            QueueSort::Newest => "q.id DESC",
            QueueSort::Oldest => "q.id ASC",
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

/// Every alert with its status and holder, computed per row from the decisions and review
/// steps (indexed by alert), as the subquery `q` the filters apply to.
const QUEUE_ROWS: &str = "SELECT a.id, a.run_id, a.record_key, a.record_name, a.entity_id,
    a.entity_caption, a.list, a.score, a.created_at,
    CASE WHEN EXISTS (SELECT 1 FROM reviews p WHERE p.alert_id = a.id AND p.action = 'propose'
            AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.ref_id = p.id)) THEN 'pending'
        WHEN EXISTS (SELECT 1 FROM decisions d WHERE d.alert_id = a.id) THEN 'decided'
        WHEN a.suppressed_by IS NOT NULL THEN 'suppressed'
        ELSE 'open' END AS status,
    (SELECT CASE WHEN r.action = 'claim' THEN r.actor END FROM reviews r
        WHERE r.alert_id = a.id AND r.action IN ('claim', 'release')
        ORDER BY r.id DESC LIMIT 1) AS holder
    FROM alerts a";

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
        // Filters on the alert's own columns go inside (they can use its indexes); those
        // on computed columns outside.
        let mut inner = Vec::new();
        let mut outer = Vec::new();
        let mut params = Vec::new();
        let mut bind = |p: Param| {
            params.push(p);
            format!("${}", params.len())
        };
        if let Some(l) = &f.list {
            inner.push(format!("a.list = {}", bind(Param::Text(l.clone()))));
        }
        if let Some(s) = f.min_score {
            inner.push(format!("a.score >= {}", bind(Param::Real(s))));
        }
        if let Some(s) = f.max_score {
            inner.push(format!("a.score <= {}", bind(Param::Real(s))));
        }
        if let Some(r) = f.run_id {
            inner.push(format!("a.run_id = {}", bind(Param::Int(r))));
        }
        if let Some(k) = &f.record_key {
            inner.push(format!("a.record_key = {}", bind(Param::Text(k.clone()))));
        }
        if let Some(t) = &f.raised_before {
            inner.push(format!("a.created_at < {}", bind(Param::Text(t.clone()))));
        }
        if let Some(s) = &f.status {
            outer.push(format!("q.status = {}", bind(Param::Text(s.clone()))));
        }
        match f.holder.as_deref() {
            Some("") => outer.push("q.holder IS NULL".to_string()),
            Some(h) => outer.push(format!("q.holder = {}", bind(Param::Text(h.to_string())))),
            None => {}
        }
        let clause = |c: &[String]| {
            if c.is_empty() {
                String::new()
            } else {
                format!(" WHERE {}", c.join(" AND "))
            }
        };
        let from = format!("FROM ({QUEUE_ROWS}{}) q{}", clause(&inner), clause(&outer));
        let limit = f.limit.clamp(1, MAX_PAGE);
        let page_sql = format!(
            "SELECT q.id, q.run_id, q.record_key, q.record_name, q.entity_id, q.entity_caption,
             q.list, q.score, q.created_at, q.status, q.holder {from}
             ORDER BY {} LIMIT {limit} OFFSET {}",
            f.sort.order_by(),
            f.offset
        );
        let count_sql = format!("SELECT COUNT(*) {from}");
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
