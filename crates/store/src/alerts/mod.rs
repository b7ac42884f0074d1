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

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::path::Path;

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
    /// A decision without a reason.
    #[error("a decision needs a reason (--reason): an auditor will ask why")]
    NoReason,
    /// A decision without the name of who made it.
    #[error("a decision needs the name of who made it (--user): an auditor will ask who")]
    NoActor,
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

const SQLITE_SCHEMA: &str = "
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

const POSTGRES_SCHEMA: &str = "
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

/// Columns added since the first schema, for stores created by an earlier version: each
/// table gains `hash` (the chain, [`chain`]); rows written before stay unsealed.
const SQLITE_MIGRATIONS: &[(&str, &str)] = &[
    ("runs", "ALTER TABLE runs ADD COLUMN hash TEXT"),
    ("alerts", "ALTER TABLE alerts ADD COLUMN hash TEXT"),
    ("decisions", "ALTER TABLE decisions ADD COLUMN hash TEXT"),
    ("audit", "ALTER TABLE audit ADD COLUMN hash TEXT"),
];
const POSTGRES_MIGRATIONS: &str = "
ALTER TABLE runs ADD COLUMN IF NOT EXISTS hash TEXT;
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS hash TEXT;
ALTER TABLE decisions ADD COLUMN IF NOT EXISTS hash TEXT;
ALTER TABLE audit ADD COLUMN IF NOT EXISTS hash TEXT;
";
/// Held by every writing transaction on PostgreSQL, so that two writers never chain onto
/// the same row (SQLite's immediate transactions already serialize writers).
const WRITE_LOCK: &str = "SELECT pg_advisory_xact_lock(7419265302)";

const INSERT_RUN: &str = "INSERT INTO runs (started_at, actor, input, lists, threshold, hash) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
const INSERT_AUDIT: &str =
    "INSERT INTO audit (at, actor, action, detail, hash) VALUES ($1, $2, $3, $4, $5)";
const LATEST_DECISION: &str = "SELECT d.id, d.decision, a.record_fingerprint, a.entity_fingerprint
    FROM decisions d JOIN alerts a ON a.id = d.alert_id
    WHERE a.record_key = $1 AND a.entity_id = $2
    ORDER BY d.id DESC LIMIT 1";
const INSERT_ALERT: &str =
    "INSERT INTO alerts (run_id, record_key, record_name, record_fingerprint,
    entity_id, entity_caption, entity_fingerprint, list, list_version, score, explanation,
    created_at, suppressed_by, hash)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id";
const ALERT_EXISTS: &str = "SELECT id FROM alerts WHERE id = $1";
const INSERT_DECISION: &str =
    "INSERT INTO decisions (alert_id, decision, reason, actor, decided_at, hash)
    VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
const ALERT_COLUMNS: &str = "a.id, a.run_id, a.record_key, a.record_name, a.entity_id,
    a.entity_caption, a.list, a.list_version, a.score, a.created_at, a.explanation,
    a.suppressed_by, (SELECT MAX(d.id) FROM decisions d WHERE d.alert_id = a.id)";
const DECISIONS_OF: &str = "SELECT id, alert_id, decision, reason, actor, decided_at FROM decisions
    WHERE alert_id = $1 ORDER BY id";
const AUDIT_ALL: &str = "SELECT id, at, actor, action, detail FROM audit ORDER BY id";

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

/// One alert row, as both backends read it (columns of `ALERT_COLUMNS`).
type AlertRow = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    i64,
    f64,
    String,
    String,
    Option<i64>,
    Option<i64>,
);

fn alert_of(r: AlertRow) -> Alert {
    let (id, run_id, record_key, record_name, entity_id, entity_caption, list, version, score) =
        (r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7, r.8);
    let (created_at, explanation, suppressed_by, decided) = (r.9, r.10, r.11, r.12);
    Alert {
        id,
        run_id,
        record_key,
        record_name,
        entity_id,
        entity_caption,
        list,
        list_version: u32::try_from(version).unwrap_or(0),
        score,
        status: if decided.is_some() {
            "decided"
        } else if suppressed_by.is_some() {
            "suppressed"
        } else {
            "open"
        }
        .to_string(),
        suppressed_by,
        created_at,
        explanation: serde_json::from_str(&explanation).unwrap_or(serde_json::Value::Null),
    }
}

fn sqlite_alert(r: &rusqlite::Row) -> rusqlite::Result<AlertRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        r.get(11)?,
        r.get(12)?,
    ))
}

fn pg_alert(r: &postgres::Row) -> Result<AlertRow, postgres::Error> {
    Ok((
        r.try_get(0)?,
        r.try_get(1)?,
        r.try_get(2)?,
        r.try_get(3)?,
        r.try_get(4)?,
        r.try_get(5)?,
        r.try_get(6)?,
        r.try_get(7)?,
        r.try_get(8)?,
        r.try_get(9)?,
        r.try_get(10)?,
        r.try_get(11)?,
        r.try_get(12)?,
    ))
}

/// True for `postgres://` and `postgresql://` addresses.
pub fn is_postgres_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// Connects to PostgreSQL, encrypting as the URL's `sslmode` asks (libpq's names):
/// absent or `disable`: no TLS (a local socket, loopback, or a trusted network);
/// `require` and `verify-ca`: TLS, the server's certificate checked against the trusted
/// roots (`sslrootcert=FILE`, PEM, or the system's), not its host name; `verify-full`: the
/// host name too. `allow` and `prefer` are refused: they fall back to plain text silently.
fn connect_postgres(url: &str) -> Result<postgres::Client, String> {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let (mut mode, mut root) = (None, None);
    let mut rest = Vec::new();
    for param in query.split('&').filter(|p| !p.is_empty()) {
        match param.split_once('=') {
            Some(("sslmode", v)) => mode = Some(v.to_string()),
            Some(("sslrootcert", v)) => root = Some(percent_decode(v)),
            _ => rest.push(param),
        }
    }
    let plain = if rest.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", rest.join("&"))
    };
    let mut config: postgres::Config = plain.parse().map_err(|e| format!("{e}"))?;
    let check_name = match mode.as_deref() {
        None | Some("disable") => {
            if root.is_some() {
                return Err("sslrootcert needs sslmode=require, verify-ca or verify-full".into());
            }
            return config.connect(postgres::NoTls).map_err(|e| e.to_string());
        }
        Some("require") | Some("verify-ca") => false,
        Some("verify-full") => true,
        Some(other) => {
            return Err(format!(
                "sslmode={other}: use disable, require, verify-ca or verify-full (allow and \
                 prefer are refused: they fall back to an unencrypted connection silently)"
            ))
        }
    };
    let mut roots = rustls::RootCertStore::empty();
    match &root {
        Some(path) => {
            let pem = std::fs::read(path).map_err(|e| format!("sslrootcert {path}: {e}"))?;
            use rustls::pki_types::pem::PemObject;
            let mut found = 0;
            for cert in rustls::pki_types::CertificateDer::pem_slice_iter(&pem) {
                let cert = cert.map_err(|e| format!("sslrootcert {path}: {e}"))?;
                roots
                    .add(cert)
                    .map_err(|e| format!("sslrootcert {path}: {e}"))?;
                found += 1;
            }
            if found == 0 {
                return Err(format!("sslrootcert {path}: no PEM certificate in it"));
            }
        }
        None => {
            for cert in rustls_native_certs::load_native_certs().certs {
                let _ = roots.add(cert);
            }
            if roots.is_empty() {
                return Err(
                    "no trusted root certificates on this system: name the server's \
                            CA with sslrootcert=FILE"
                        .into(),
                );
            }
        }
    }
    let verifier = rustls::client::WebPkiServerVerifier::builder(std::sync::Arc::new(roots))
        .build()
        .map_err(|e| e.to_string())?;
    let tls = rustls::ClientConfig::builder()
        .dangerous()
        .with_custom_certificate_verifier(std::sync::Arc::new(ChainVerifier {
            inner: verifier,
            check_name,
        }))
        .with_no_client_auth();
    config.ssl_mode(postgres::config::SslMode::Require);
    config
        .connect(tokio_postgres_rustls::MakeRustlsConnect::new(tls))
        .map_err(|e| match std::error::Error::source(&e) {
            Some(cause) => format!("{e}: {cause}"),
            None => e.to_string(),
        })
}

/// `%XX` escapes in a URL parameter.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let hex = |c: u8| (c as char).to_digit(16);
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The web PKI check of a server certificate, with the host-name check optional
/// (`sslmode=require`/`verify-ca` check the chain only, as libpq does).
#[derive(Debug)]
struct ChainVerifier {
    inner: std::sync::Arc<rustls::client::WebPkiServerVerifier>,
    check_name: bool,
}

impl rustls::client::danger::ServerCertVerifier for ChainVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &rustls::pki_types::CertificateDer<'_>,
        intermediates: &[rustls::pki_types::CertificateDer<'_>],
        server_name: &rustls::pki_types::ServerName<'_>,
        ocsp_response: &[u8],
        now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        match self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        ) {
            Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::NotValidForName
                | rustls::CertificateError::NotValidForNameContext { .. },
            )) if !self.check_name => Ok(rustls::client::danger::ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// An address without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let cred = &url[scheme + 3..at];
            let user = cred.split(':').next().unwrap_or("");
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_string(),
    }
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
        for (table, alter) in SQLITE_MIGRATIONS {
            let has_hash: bool = conn
                .query_row(
                    &format!(
                        "SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = 'hash'"
                    ),
                    [],
                    |r| r.get::<_, i64>(0),
                )
                .map_err(db)?
                > 0;
            if !has_hash {
                conn.execute_batch(alter).map_err(db)?;
            }
        }
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
        // Several processes may open a new database at once: one creates the schema.
        let mut tx = client.transaction().map_err(db)?;
        tx.execute("SELECT pg_advisory_xact_lock(7419265301)", &[])
            .map_err(db)?;
        tx.batch_execute(POSTGRES_SCHEMA).map_err(db)?;
        tx.batch_execute(POSTGRES_MIGRATIONS).map_err(db)?;
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
        let audit_values = |id: i64| [json!(now), json!(actor), json!("run"), json!(detail(id))];
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
                let audit_hash = chain::link(
                    sqlite_head(&tx, chain::AUDIT).map_err(e)?.as_deref(),
                    &audit_values(id),
                );
                tx.execute(
                    INSERT_AUDIT,
                    params![now, actor, "run", detail(id), audit_hash],
                )
                .map_err(e)?;
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
                let audit_hash = chain::link(
                    pg_head(&mut tx, chain::AUDIT).map_err(e)?.as_deref(),
                    &audit_values(id),
                );
                tx.execute(
                    INSERT_AUDIT,
                    &[&now, &actor, &"run", &detail(id), &audit_hash],
                )
                .map_err(e)?;
                tx.commit().map_err(e)?;
                Ok(id)
            }
        }
    }

    /// Records a batch of alerts of one run in one transaction, each suppressed when the
    /// pair's latest decision is a false positive on the same record and entity
    /// fingerprints.
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
        let suppressor = |last: Option<(i64, String, String, String)>, a: &NewAlert| {
            last.and_then(|(id, d, rf, ef)| {
                (d == "false_positive" && rf == a.record_fingerprint && ef == a.entity_fingerprint)
                    .then_some(id)
            })
        };
        let alert_values = |a: &NewAlert, suppressed_by: Option<i64>| {
            [
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
            ]
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
                        let last = latest
                            .query_row(params![a.record_key, a.entity_id], |r| {
                                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                            })
                            .optional()
                            .map_err(e)?;
                        let suppressed_by = suppressor(last, a);
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
                    let last = tx
                        .query_opt(&latest, &[&a.record_key, &a.entity_id])
                        .map_err(e)?
                        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)));
                    let suppressed_by = suppressor(last, a);
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
        if actor.trim().is_empty() {
            return Err(AlertError::NoActor);
        }
        let now = crate::utc_now_rfc3339();
        let place = self.place.clone();
        let fail = |m: String| AlertError::Db {
            place: place.clone(),
            message: m,
        };
        let detail = |id: i64| {
            serde_json::json!({"decision": id, "alert": alert_id, "value": decision.name(), "reason": reason})
                .to_string()
        };
        let decision_values = [
            json!(alert_id),
            json!(decision.name()),
            json!(reason),
            json!(actor),
            json!(now),
        ];
        let audit_values = |id: i64| {
            [
                json!(now),
                json!(actor),
                json!("decision"),
                json!(detail(id)),
            ]
        };
        let id = match &mut self.db {
            Backend::Sqlite(conn) => {
                let e = |e: rusqlite::Error| fail(e.to_string());
                let tx = conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)
                    .map_err(e)?;
                let exists: Option<i64> = tx
                    .query_row(ALERT_EXISTS, [alert_id], |r| r.get(0))
                    .optional()
                    .map_err(e)?;
                if exists.is_none() {
                    return Err(AlertError::NoAlert(alert_id));
                }
                let hash = chain::link(
                    sqlite_head(&tx, chain::DECISIONS).map_err(e)?.as_deref(),
                    &decision_values,
                );
                let id: i64 = tx
                    .query_row(
                        INSERT_DECISION,
                        params![alert_id, decision.name(), reason, actor, now, hash],
                        |r| r.get(0),
                    )
                    .map_err(e)?;
                let audit_hash = chain::link(
                    sqlite_head(&tx, chain::AUDIT).map_err(e)?.as_deref(),
                    &audit_values(id),
                );
                tx.execute(
                    INSERT_AUDIT,
                    params![now, actor, "decision", detail(id), audit_hash],
                )
                .map_err(e)?;
                tx.commit().map_err(e)?;
                id
            }
            Backend::Postgres(client) => {
                let e = |e: postgres::Error| fail(e.to_string());
                let mut tx = client.transaction().map_err(e)?;
                tx.execute(WRITE_LOCK, &[]).map_err(e)?;
                if tx
                    .query_opt(ALERT_EXISTS, &[&alert_id])
                    .map_err(e)?
                    .is_none()
                {
                    return Err(AlertError::NoAlert(alert_id));
                }
                let hash = chain::link(
                    pg_head(&mut tx, chain::DECISIONS).map_err(e)?.as_deref(),
                    &decision_values,
                );
                let id: i64 = tx
                    .query_one(
                        INSERT_DECISION,
                        &[&alert_id, &decision.name(), &reason, &actor, &now, &hash],
                    )
                    .map_err(e)?
                    .get(0);
                let audit_hash = chain::link(
                    pg_head(&mut tx, chain::AUDIT).map_err(e)?.as_deref(),
                    &audit_values(id),
                );
                tx.execute(
                    INSERT_AUDIT,
                    &[&now, &actor, &"decision", &detail(id), &audit_hash],
                )
                .map_err(e)?;
                tx.commit().map_err(e)?;
                id
            }
        };
        Ok(DecisionRecord {
            id,
            alert_id,
            decision: decision.name().to_string(),
            reason: reason.to_string(),
            user: actor.to_string(),
            decided_at: now,
        })
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

    /// Alerts, newest first; `status` filters (`open`, `suppressed`, `decided`).
    pub fn list(&mut self, status: Option<&str>, limit: usize) -> Result<Vec<Alert>, AlertError> {
        let sql = format!("SELECT {ALERT_COLUMNS} FROM alerts a ORDER BY a.id DESC");
        Ok(self
            .alert_rows(&sql, None)?
            .into_iter()
            .map(alert_of)
            .filter(|a| status.is_none_or(|s| s == a.status))
            .take(limit)
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
        let rows: Vec<(i64, String, String, String, String)> = match &mut self.db {
            Backend::Sqlite(conn) => {
                let mut stmt = conn
                    .prepare(AUDIT_ALL)
                    .map_err(|e| self_fail(&self.place, e))?;
                let rows = stmt
                    .query_map([], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                    })
                    .map_err(|e| self_fail(&self.place, e))?;
                rows.collect::<Result<Vec<_>, _>>()
                    .map_err(|e| self_fail(&self.place, e))?
            }
            Backend::Postgres(client) => client
                .query(AUDIT_ALL, &[])
                .map_err(|e| self_fail(&self.place, e))?
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
                .collect(),
        };
        Ok(rows
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
mod tests {
    use super::*;
    use std::path::PathBuf;

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
        assert!(s.execute_raw("UPDATE audit SET actor = 'eve'").is_err());
        assert!(s.execute_raw("DELETE FROM audit").is_err());
        assert!(s.execute_raw("UPDATE decisions SET reason = 'x'").is_err());
        assert!(s.execute_raw("DELETE FROM decisions").is_err());
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
        assert!(s.integrity_check(&[]).unwrap().is_ok());
    }
}

#[cfg(test)]
mod tls_tests {
    use super::*;

    /// The test server (`INTERDICT_TEST_POSTGRES_URL`) and the CA of its certificate
    /// (`INTERDICT_TEST_POSTGRES_CA`), both set by `.ci/run`; skipped loudly elsewhere.
    fn server() -> Option<(String, String)> {
        match (
            std::env::var("INTERDICT_TEST_POSTGRES_URL"),
            std::env::var("INTERDICT_TEST_POSTGRES_CA"),
        ) {
            (Ok(url), Ok(ca)) => Some((url, ca)),
            _ => {
                assert!(
                    std::env::var("CI").is_err(),
                    "CI must set INTERDICT_TEST_POSTGRES_URL and INTERDICT_TEST_POSTGRES_CA"
                );
                eprintln!("\n*** SKIPPED: PostgreSQL over TLS — set INTERDICT_TEST_POSTGRES_URL and INTERDICT_TEST_POSTGRES_CA ***\n");
                None
            }
        }
    }

    fn encrypted(client: &mut postgres::Client) -> bool {
        client
            .query_one(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                &[],
            )
            .unwrap()
            .get(0)
    }

    #[test]
    fn sslmode_decides_encryption_and_verification() {
        let Some((url, ca)) = server() else { return };
        let base = url.split('?').next().unwrap().to_string();
        let ca_param = ca.replace('/', "%2F");
        // Checked against the CA, host name included: encrypted.
        for mode in ["verify-full", "verify-ca", "require"] {
            let mut c = connect_postgres(&format!("{base}?sslmode={mode}&sslrootcert={ca_param}"))
                .unwrap_or_else(|e| panic!("{mode}: {e}"));
            assert!(encrypted(&mut c), "{mode}");
        }
        // Without the URL saying so: plain, as before.
        assert!(!encrypted(&mut connect_postgres(&base).unwrap()));
        assert!(!encrypted(
            &mut connect_postgres(&format!("{base}?sslmode=disable")).unwrap()
        ));
        // A certificate no trusted root signed is refused, not accepted.
        let e = connect_postgres(&format!("{base}?sslmode=verify-full"))
            .err()
            .expect("the test CA is not a system root");
        assert!(e.to_lowercase().contains("certificate"), "{e}");
        // A mode that would fall back to plain text silently is refused with the reason.
        let e = connect_postgres(&format!("{base}?sslmode=prefer"))
            .err()
            .unwrap();
        assert!(e.contains("sslmode=prefer"), "{e}");
        let e = connect_postgres(&format!(
            "{base}?sslmode=require&sslrootcert=%2Fnonexistent"
        ))
        .err()
        .unwrap();
        assert!(e.contains("sslrootcert /nonexistent"), "{e}");
    }

    #[test]
    fn url_parameters_are_decoded() {
        assert_eq!(percent_decode("%2Fetc%2Fca.pem"), "/etc/ca.pem");
        assert_eq!(percent_decode("a%zzb%"), "a%zzb%");
        assert_eq!(percent_decode("%C3%A9"), "é");
    }
}
