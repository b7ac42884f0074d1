//! The alert store's tables in each database, their migrations, and the statements both
//! backends run (SQLite accepts PostgreSQL's `$1` placeholders).

pub(super) const SQLITE_SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    input TEXT NOT NULL,
    lists TEXT NOT NULL,
    threshold REAL NOT NULL,
    hash TEXT
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
    suppressed_by INTEGER REFERENCES decisions(id),
    hash TEXT
);
CREATE INDEX IF NOT EXISTS alerts_pair ON alerts(record_key, entity_id);
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY,
    alert_id INTEGER NOT NULL REFERENCES alerts(id),
    decision TEXT NOT NULL CHECK (decision IN ('true_match', 'false_positive', 'escalate')),
    reason TEXT NOT NULL,
    actor TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    hash TEXT
);
CREATE INDEX IF NOT EXISTS decisions_alert ON decisions(alert_id);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    hash TEXT
);
CREATE TABLE IF NOT EXISTS reviews (
    id INTEGER PRIMARY KEY,
    alert_id INTEGER NOT NULL REFERENCES alerts(id),
    action TEXT NOT NULL CHECK (action IN ('claim', 'release', 'propose', 'approve', 'return')),
    decision TEXT CHECK (decision IN ('true_match', 'false_positive', 'escalate')),
    reason_code TEXT,
    reason TEXT,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    ref_id INTEGER,
    hash TEXT
);
CREATE INDEX IF NOT EXISTS reviews_alert ON reviews(alert_id);
CREATE INDEX IF NOT EXISTS reviews_ref ON reviews(ref_id);
-- The queue's: its sort and every filter on the alert's own columns, so that counting and
-- paging read this index, not rows that carry their explanations.
CREATE INDEX IF NOT EXISTS alerts_queue ON alerts(score, id, suppressed_by, list, run_id, created_at);
CREATE TRIGGER IF NOT EXISTS reviews_no_update BEFORE UPDATE ON reviews
    BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
CREATE TRIGGER IF NOT EXISTS reviews_no_delete BEFORE DELETE ON reviews
    BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS decisions_no_update BEFORE UPDATE ON decisions
    BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER IF NOT EXISTS decisions_no_delete BEFORE DELETE ON decisions
    BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER IF NOT EXISTS alerts_no_update BEFORE UPDATE ON alerts
    BEGIN SELECT RAISE(ABORT, 'alerts are append-only'); END;
CREATE TRIGGER IF NOT EXISTS alerts_no_delete BEFORE DELETE ON alerts
    BEGIN SELECT RAISE(ABORT, 'alerts are append-only'); END;
CREATE TRIGGER IF NOT EXISTS runs_no_update BEFORE UPDATE ON runs
    BEGIN SELECT RAISE(ABORT, 'runs are append-only'); END;
CREATE TRIGGER IF NOT EXISTS runs_no_delete BEFORE DELETE ON runs
    BEGIN SELECT RAISE(ABORT, 'runs are append-only'); END;
";

pub(super) const POSTGRES_SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS runs (
    id BIGSERIAL PRIMARY KEY,
    started_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    input TEXT NOT NULL,
    lists TEXT NOT NULL,
    threshold DOUBLE PRECISION NOT NULL,
    hash TEXT
);
CREATE TABLE IF NOT EXISTS alerts (
    id BIGSERIAL PRIMARY KEY,
    run_id BIGINT NOT NULL REFERENCES runs(id),
    record_key TEXT NOT NULL,
    record_name TEXT NOT NULL,
    record_fingerprint TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    entity_caption TEXT NOT NULL,
    entity_fingerprint TEXT NOT NULL,
    list TEXT NOT NULL,
    list_version BIGINT NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    explanation TEXT NOT NULL,
    created_at TEXT NOT NULL,
    suppressed_by BIGINT,
    hash TEXT
);
CREATE INDEX IF NOT EXISTS alerts_pair ON alerts(record_key, entity_id);
CREATE TABLE IF NOT EXISTS decisions (
    id BIGSERIAL PRIMARY KEY,
    alert_id BIGINT NOT NULL REFERENCES alerts(id),
    decision TEXT NOT NULL CHECK (decision IN ('true_match', 'false_positive', 'escalate')),
    reason TEXT NOT NULL,
    actor TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    hash TEXT
);
CREATE INDEX IF NOT EXISTS decisions_alert ON decisions(alert_id);
CREATE TABLE IF NOT EXISTS audit (
    id BIGSERIAL PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    hash TEXT
);
CREATE TABLE IF NOT EXISTS reviews (
    id BIGSERIAL PRIMARY KEY,
    alert_id BIGINT NOT NULL REFERENCES alerts(id),
    action TEXT NOT NULL CHECK (action IN ('claim', 'release', 'propose', 'approve', 'return')),
    decision TEXT CHECK (decision IN ('true_match', 'false_positive', 'escalate')),
    reason_code TEXT,
    reason TEXT,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    ref_id BIGINT,
    hash TEXT
);
CREATE INDEX IF NOT EXISTS reviews_alert ON reviews(alert_id);
CREATE INDEX IF NOT EXISTS reviews_ref ON reviews(ref_id);
-- The queue's: its sort and every filter on the alert's own columns, so that counting and
-- paging read this index, not rows that carry their explanations.
CREATE INDEX IF NOT EXISTS alerts_queue ON alerts(score, id, suppressed_by, list, run_id, created_at);
CREATE OR REPLACE FUNCTION interdict_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_append_only ON audit;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION interdict_append_only();
DROP TRIGGER IF EXISTS decisions_append_only ON decisions;
CREATE TRIGGER decisions_append_only BEFORE UPDATE OR DELETE ON decisions
    FOR EACH ROW EXECUTE FUNCTION interdict_append_only();
DROP TRIGGER IF EXISTS alerts_append_only ON alerts;
CREATE TRIGGER alerts_append_only BEFORE UPDATE OR DELETE ON alerts
    FOR EACH ROW EXECUTE FUNCTION interdict_append_only();
DROP TRIGGER IF EXISTS reviews_append_only ON reviews;
CREATE TRIGGER reviews_append_only BEFORE UPDATE OR DELETE ON reviews
    FOR EACH ROW EXECUTE FUNCTION interdict_append_only();
DROP TRIGGER IF EXISTS reviews_no_truncate ON reviews;
CREATE TRIGGER reviews_no_truncate BEFORE TRUNCATE ON reviews
    FOR EACH STATEMENT EXECUTE FUNCTION interdict_append_only();
DROP TRIGGER IF EXISTS runs_append_only ON runs;
CREATE TRIGGER runs_append_only BEFORE UPDATE OR DELETE ON runs
    FOR EACH ROW EXECUTE FUNCTION interdict_append_only();
DROP TRIGGER IF EXISTS audit_no_truncate ON audit;
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION interdict_append_only();
DROP TRIGGER IF EXISTS decisions_no_truncate ON decisions;
CREATE TRIGGER decisions_no_truncate BEFORE TRUNCATE ON decisions
    FOR EACH STATEMENT EXECUTE FUNCTION interdict_append_only();
";

/// Columns added since the first schema, for stores created by an earlier version: (table,
/// column, statement). Each table gains `hash` (the chain, [`chain`]; rows written before
/// stay unsealed); alerts gain the listed entity's schema (the queue's filter; hashed where
/// present, see [`chain::Column::Later`]).
pub(super) const SQLITE_MIGRATIONS: &[(&str, &str, &str)] = &[
    ("runs", "hash", "ALTER TABLE runs ADD COLUMN hash TEXT"),
    ("alerts", "hash", "ALTER TABLE alerts ADD COLUMN hash TEXT"),
    (
        "decisions",
        "hash",
        "ALTER TABLE decisions ADD COLUMN hash TEXT",
    ),
    ("audit", "hash", "ALTER TABLE audit ADD COLUMN hash TEXT"),
    (
        "alerts",
        "entity_schema",
        "ALTER TABLE alerts ADD COLUMN entity_schema TEXT",
    ),
];
pub(super) const POSTGRES_MIGRATIONS: &str = "
ALTER TABLE runs ADD COLUMN IF NOT EXISTS hash TEXT;
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS hash TEXT;
ALTER TABLE decisions ADD COLUMN IF NOT EXISTS hash TEXT;
ALTER TABLE audit ADD COLUMN IF NOT EXISTS hash TEXT;
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS entity_schema TEXT;
";
/// What needs the migrated columns, in both databases.
pub(super) const AFTER_MIGRATIONS: &str =
    "CREATE INDEX IF NOT EXISTS alerts_schema ON alerts(entity_schema);";
/// Held by every writing transaction on PostgreSQL, so that two writers never chain onto
/// the same row (SQLite's immediate transactions already serialize writers).
pub(super) const WRITE_LOCK: &str = "SELECT pg_advisory_xact_lock(7419265302)";

pub(super) const INSERT_RUN: &str = "INSERT INTO runs (started_at, actor, input, lists, threshold, hash) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
pub(super) const LATEST_DECISION: &str =
    "SELECT d.id, d.decision, a.record_fingerprint, a.entity_fingerprint
    FROM decisions d JOIN alerts a ON a.id = d.alert_id
    WHERE a.record_key = $1 AND a.entity_id = $2
    ORDER BY d.id DESC LIMIT 1";
pub(super) const INSERT_ALERT: &str =
    "INSERT INTO alerts (run_id, record_key, record_name, record_fingerprint,
    entity_id, entity_caption, entity_fingerprint, list, list_version, score, explanation,
    created_at, suppressed_by, entity_schema, hash)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id";
pub(super) const INSERT_DECISION: &str =
    "INSERT INTO decisions (alert_id, decision, reason, actor, decided_at, hash)
    VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
pub(super) const ALERT_COLUMNS: &str = "a.id, a.run_id, a.record_key, a.record_name, a.entity_id,
    a.entity_caption, a.list, a.list_version, a.score, a.created_at, a.explanation,
    a.suppressed_by, (SELECT MAX(d.id) FROM decisions d WHERE d.alert_id = a.id),
    (SELECT MAX(p.id) FROM reviews p WHERE p.alert_id = a.id AND p.action = 'propose'
        AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.ref_id = p.id))";
pub(super) const DECISIONS_OF: &str =
    "SELECT id, alert_id, decision, reason, actor, decided_at FROM decisions
    WHERE alert_id = $1 ORDER BY id";
pub(super) const AUDIT_ALL: &str = "SELECT id, at, actor, action, detail FROM audit ORDER BY id";
pub(super) const INSERT_AUDIT: &str =
    "INSERT INTO audit (at, actor, action, detail, hash) VALUES ($1, $2, $3, $4, $5) RETURNING id";
pub(super) const PARTY_JUDGEMENTS: &str = "SELECT id, at, actor, action, detail FROM audit
    WHERE action IN ('party_link', 'party_unlink') ORDER BY id";
