//! Batch screening: every record of a customer, supplier or shipment file against the
//! candidate index, on all cores, written in input order.
//!
//! The pipeline is three stages joined by bounded channels, so memory stays flat however
//! large the input: one thread reads raw records in chunks ([`input`]), worker threads turn
//! them into queries ([`record`]) and screen them, and the calling thread puts the chunks
//! back in input order and writes them ([`output`]). Nothing is dropped: a record that
//! cannot be screened comes out with status `error` and its problem, a record with a bad
//! field (a malformed date) is screened without that field and its problem is reported.
//!
//! One query entity against the index, as every worker does for each record:
//!
//! ```
//! use interdict_matcher::CandidateIndex;
//! use interdict_model::{Entity, Name, NameKind, Schema};
//! use interdict_screen::{screen_entity, ScreenOptions};
//!
//! let mut listed = Entity::new("ofac-45708", Schema::Organization);
//! listed.add_name(Name::new("AO OEZ PPT ALABUGA", NameKind::Primary));
//! let index = CandidateIndex::build(vec![listed]);
//! let mut supplier = Entity::new("s1", Schema::Company);
//! supplier.add_name(Name::new("JSC OEZ PPT Alabuga", NameKind::Primary));
//! let hits = screen_entity(&index, &supplier, &ScreenOptions::default());
//! assert_eq!(hits[0].entity_id, "ofac-45708");
//! assert!(hits[0].is_match);
//! ```
#![deny(missing_docs)]

mod alerts;
mod delimited;
pub mod derived;
pub mod input;
pub mod output;
/// Query entities from records: [`interdict_model::query`], where every front end builds them.
pub use interdict_model::query as record;
pub mod pipeline;
mod source;
pub mod table;

pub use alerts::{record_fingerprint, AlertReviewer};
pub use input::{open, Input, InputFormat, RawBody, RawRecord, RecordSource};
pub use output::{changes_json, changes_sink, outcome_json, sink, OutputFormat, Sink};
pub use record::{DateOrder, Field, Mapping, Problem, Query};

use interdict_matcher::{CandidateIndex, ChangeSet, EntityChange, MatchExplanation, MatchOptions};
use interdict_model::{Entity, Schema};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// Errors that stop a run (a bad record does not: it is reported and counted).
#[derive(Debug, thiserror::Error)]
pub enum ScreenError {
    /// The input cannot be read.
    #[error("{file}: {message}")]
    Input {
        /// The input file.
        file: String,
        /// What went wrong.
        message: String,
    },
    /// The output cannot be written.
    #[error("writing {file}: {message}")]
    Output {
        /// The output file.
        file: String,
        /// What went wrong.
        message: String,
    },
    /// A bad record under `--strict`.
    #[error("{file}, line {line}{}: {message} (--strict stops at the first bad record)", field.as_ref().map(|f| format!(", field {f:?}")).unwrap_or_default())]
    Strict {
        /// The input file.
        file: String,
        /// Line of the record.
        line: u64,
        /// The field at fault.
        field: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// The column mapping does not fit the input.
    #[error("{file}: {message}")]
    Mapping {
        /// The input file.
        file: String,
        /// What is wrong.
        message: String,
    },
}

/// How a record came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// At least one hit scored at or above the threshold.
    Match,
    /// Screened, nothing at or above the threshold.
    Clear,
    /// Not screened: the record is unreadable or has no name.
    Error,
    /// Every match is suppressed by an analyst's earlier false-positive decision on the
    /// same record and listed entity, both unchanged since.
    Suppressed,
    /// Re-screening only: not scored again, because nothing that changed in the lists can
    /// change the record's results.
    Unchanged,
}

impl Status {
    /// `match`, `clear`, `error` or `suppressed`.
    pub fn name(self) -> &'static str {
        match self {
            Status::Match => "match",
            Status::Clear => "clear",
            Status::Error => "error",
            Status::Suppressed => "suppressed",
            Status::Unchanged => "unchanged",
        }
    }
}

/// One listed entity a record may be.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Listed entity id.
    pub entity_id: String,
    /// Its display name.
    pub caption: String,
    /// Its schema.
    pub schema: String,
    /// Score in [0, 1].
    pub score: f64,
    /// Score ≥ threshold.
    pub is_match: bool,
    /// The lists it comes from: its party's, when screening per party.
    pub datasets: Vec<String>,
    /// Screening per party, for a party listed several times: the party's id.
    pub party: Option<String>,
    /// The party's records other than `entity_id` (empty for a record alone, and per
    /// record).
    pub referents: Vec<String>,
    /// Whether the hit answers for its party (screening per party): its JSON's `id` is then
    /// the party's, as yente's merged entities, with the record in `matched_id`. False for
    /// a record's own hit, which may still say its party (re-screening).
    pub for_party: bool,
    /// Why it scored what it did.
    pub explanation: MatchExplanation,
    /// The alert recorded for this hit, when screening records alerts.
    pub alert: Option<AlertNote>,
    /// For an entity no list names but listed parties' holdings block: each regime's
    /// verdict with its proof (`interdict ownership`).
    pub ownership: Vec<interdict_ownership::OwnershipReason>,
}

/// What the alert store made of a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct AlertNote {
    /// The alert's id.
    pub id: i64,
    /// The false-positive decision that suppresses it, if one does.
    pub suppressed_by: Option<i64>,
}

/// Looks at screened records before they are written: records alerts, marks suppressed
/// ones (see `interdict screen --alerts`). Called in input order, one chunk at a time.
pub trait Reviewer: Send {
    /// Reviews a chunk of outcomes in place.
    fn review(&mut self, outcomes: &mut [Outcome]) -> Result<(), ScreenError>;
}

/// The outcome for one input record.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Line of the record in the input (row number for Parquet).
    pub line: u64,
    /// Ordinal of the record among data records (1-based).
    pub row: u64,
    /// The record's own id, if it has one.
    pub id: Option<String>,
    /// The name screened (the first, when there are several).
    pub name: String,
    /// The schema screened as.
    pub schema: String,
    /// Birth dates as understood, `;`-separated.
    pub birth_date: String,
    /// Countries and nationalities as understood (ISO codes), `;`-separated.
    pub country: String,
    /// The record's other names (aliases), `;`-separated.
    pub aliases: String,
    /// The record's identifiers, normalized, `;`-separated.
    pub identifiers: String,
    /// Match, clear or error.
    pub status: Status,
    /// Hits, best first.
    pub hits: Vec<Hit>,
    /// What was wrong with the record or its fields.
    pub problems: Vec<Problem>,
    /// Re-screening only: the alerts the list change gained and lost.
    pub changes: Option<AlertChanges>,
}

/// What a list change did to one record's alerts (its matches).
#[derive(Debug, Clone, Default)]
pub struct AlertChanges {
    /// The record was scored against both versions (otherwise nothing that changed can
    /// affect it, and both lists below are empty).
    pub rescored: bool,
    /// Matches against the new version that were not matches against the old one, with
    /// how their listed entity changed.
    pub new: Vec<(Hit, EntityChange)>,
    /// Matches against the old version that are not matches against the new one, as they
    /// were, with how their listed entity changed.
    pub resolved: Vec<(Hit, EntityChange)>,
}

impl AlertChanges {
    /// True when no alert was gained or lost.
    pub fn is_empty(&self) -> bool {
        self.new.is_empty() && self.resolved.is_empty()
    }
}

/// What records are screened against.
#[derive(Debug, Clone, Copy)]
pub enum ScreenTarget<'a> {
    /// The lists as they are.
    Lists(&'a CandidateIndex),
    /// A change between two versions of the lists (`interdict rescreen`): only the records
    /// the change can affect are scored, against both versions, and the outcome says which
    /// alerts were gained and lost.
    Change(&'a ChangeSet),
}

/// How to screen.
#[derive(Debug, Clone)]
pub struct ScreenOptions {
    /// Scores at or above this are matches.
    pub threshold: f64,
    /// Results scoring at least this are written (≤ threshold: near misses too).
    pub min_score: f64,
    /// At most this many results per record.
    pub limit: usize,
    /// Schema of records that state none.
    pub default_schema: Schema,
    /// How to read `03/04/1975`.
    pub date_order: DateOrder,
    /// Stop at the first bad record.
    pub strict: bool,
    /// `--map` overrides.
    pub overrides: Vec<String>,
    /// Worker threads (0: one per core).
    pub workers: usize,
    /// Records per chunk handed to a worker.
    pub chunk: usize,
    /// The listed records' parties: when given, a record's hits are one per party (its
    /// best-ranked record stands for it, with the party's lists and other records); `None`
    /// answers per listed record.
    pub parties: Option<std::sync::Arc<interdict_matcher::Parties>>,
    /// Re-screening: the new version's parties, to say of each (per-record) hit which
    /// party it is of, and of a new alert on an added record whether the record already
    /// matched that party through another record ([`EntityChange::JoinedParty`]).
    pub record_parties: Option<std::sync::Arc<interdict_matcher::Parties>>,
}

impl Default for ScreenOptions {
    fn default() -> Self {
        ScreenOptions {
            threshold: interdict_matcher::DEFAULT_THRESHOLD,
            min_score: interdict_matcher::DEFAULT_THRESHOLD,
            limit: 5,
            default_schema: Schema::LegalEntity,
            date_order: DateOrder::Strict,
            strict: false,
            overrides: Vec::new(),
            workers: 0,
            chunk: 256,
            parties: None,
            record_parties: None,
        }
    }
}

/// Counts so far (for the progress display) and at the end (the summary).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Summary {
    /// Records read.
    pub records: u64,
    /// Records with at least one match.
    pub matched: u64,
    /// Matches (hits at or above the threshold) over all records.
    pub hits: u64,
    /// Records whose every match is suppressed by an earlier decision.
    pub suppressed: u64,
    /// Re-screening: records scored again (the others cannot be affected by the change).
    pub rescored: u64,
    /// Re-screening: matches gained.
    pub new_alerts: u64,
    /// Re-screening: of the matches gained, those on a record new on the lists of a party
    /// the record already matched ([`EntityChange::JoinedParty`]).
    pub joined_party: u64,
    /// Re-screening: matches lost.
    pub resolved_alerts: u64,
    /// Records with a problem (not screened, or screened without a bad field).
    pub bad: u64,
    /// Of those, records that could not be screened at all.
    pub unscreened: u64,
    /// Input bytes read so far.
    pub bytes_read: u64,
    /// Wall time.
    #[serde(serialize_with = "secs")]
    pub elapsed: Duration,
}

fn secs<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((d.as_secs_f64() * 1000.0).round() / 1000.0)
}

impl Summary {
    /// Records per second.
    pub fn rate(&self) -> f64 {
        self.records as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// The matcher's options for screening options.
fn match_options(opts: &ScreenOptions) -> MatchOptions {
    MatchOptions {
        threshold: opts.threshold,
        limit: opts.limit,
        min_score: opts.min_score,
        ..MatchOptions::default()
    }
}

/// What a list change did to one query's alerts: `None` when the change cannot affect its
/// results (it is not scored); otherwise the hits against the new version and the alerts
/// gained and lost.
pub fn rescreen_entity(
    changes: &ChangeSet,
    query: &Entity,
    opts: &ScreenOptions,
) -> Option<(Vec<Hit>, AlertChanges)> {
    if !changes.affects(query, &match_options(opts)) {
        return None;
    }
    let mut new = screen_entity(changes.new_index(), query, opts);
    let old = screen_entity(changes.old(), query, opts);
    let parties = opts.record_parties.as_deref();
    if let Some(p) = parties {
        for h in &mut new {
            if let Some(party) = p.get(&h.entity_id).filter(|p| p.members.len() > 1) {
                h.party = Some(party.id.clone());
                h.referents = party
                    .members
                    .iter()
                    .filter(|m| **m != h.entity_id)
                    .cloned()
                    .collect();
            }
        }
    }
    let matched = |hits: &[Hit], id: &str| hits.iter().any(|h| h.is_match && h.entity_id == id);
    let delta = |from: &[Hit], to: &[Hit]| -> Vec<(Hit, EntityChange)> {
        from.iter()
            .filter(|h| h.is_match && !matched(to, &h.entity_id))
            .map(|h| (h.clone(), changes.change(&h.entity_id)))
            .collect()
    };
    let mut gained = delta(&new, &old);
    // A record new on the lists whose party the query already matched through another
    // record (still listed): the same party, listed once more.
    for (h, change) in &mut gained {
        if *change == EntityChange::Added
            && h.referents
                .iter()
                .any(|m| matched(&old, m) && matched(&new, m))
        {
            *change = EntityChange::JoinedParty;
        }
    }
    let changed = AlertChanges {
        rescored: true,
        new: gained,
        resolved: delta(&old, &new),
    };
    Some((new, changed))
}

/// Screens one query entity: the hits above `min_score`, best first (one per party when
/// `opts.parties` is given).
pub fn screen_entity(index: &CandidateIndex, query: &Entity, opts: &ScreenOptions) -> Vec<Hit> {
    let mut mo = match_options(opts);
    if opts.parties.is_some() {
        // Several records of one party may rank together: ask for more, keep `limit`.
        mo.limit = opts.limit * 2 + 2;
    }
    let mut seen = std::collections::HashSet::new();
    let mut hits: Vec<Hit> = index
        .search(query, &mo)
        .into_iter()
        .filter(|r| r.score >= opts.min_score)
        .filter_map(|r| {
            let e = index.entity(&r.id)?;
            let party = opts
                .parties
                .as_ref()
                .and_then(|p| p.get(&r.id))
                .filter(|p| p.members.len() > 1);
            if opts.parties.is_some() && !seen.insert(party.map_or(&r.id, |p| &p.id).clone()) {
                return None;
            }
            Some(Hit {
                caption: e.caption().to_string(),
                schema: e.schema.name().to_string(),
                datasets: party.map_or_else(|| vec![e.source.list.clone()], |p| p.lists.clone()),
                party: party.map(|p| p.id.clone()),
                referents: party.map_or_else(Vec::new, |p| {
                    p.members.iter().filter(|m| **m != r.id).cloned().collect()
                }),
                for_party: party.is_some(),
                entity_id: r.id,
                score: r.score,
                is_match: r.is_match,
                explanation: r.explanation,
                alert: None,
                ownership: interdict_ownership::OwnershipReason::of(e),
            })
        })
        .collect();
    hits.truncate(opts.limit);
    hits
}

/// How a worker turns raw records into queries.
struct RecordReader {
    kind: Kind,
    default_schema: Schema,
    dates: DateOrder,
}

enum Kind {
    Table(Mapping),
    Json(Mapping),
}

impl RecordReader {
    fn query(&self, body: &RawBody) -> Result<Query, Problem> {
        match (body, &self.kind) {
            (RawBody::Broken(p), _) => Err(p.clone()),
            (RawBody::Cells(cells), Kind::Table(m)) => {
                record::query_from_row(m, cells, &self.default_schema, self.dates)
            }
            (RawBody::Json(text), Kind::Json(m)) => {
                record::query_from_json(text, m, &self.default_schema, self.dates)
            }
            _ => Err(Problem::record("record does not fit the input format")),
        }
    }
}

fn screen_raw(
    against: ScreenTarget,
    how: &RecordReader,
    raw: RawRecord,
    opts: &ScreenOptions,
) -> Outcome {
    match how.query(&raw.body) {
        Ok(q) => {
            let (hits, changes) = match against {
                ScreenTarget::Lists(index) => (screen_entity(index, &q.entity, opts), None),
                ScreenTarget::Change(c) => match rescreen_entity(c, &q.entity, opts) {
                    Some((hits, changes)) => (hits, Some(changes)),
                    None => (Vec::new(), Some(AlertChanges::default())),
                },
            };
            let e = &q.entity;
            Outcome {
                line: raw.line,
                row: raw.row,
                name: e.names.first().map(|n| n.value.clone()).unwrap_or_default(),
                schema: e.schema.name().to_string(),
                birth_date: e
                    .birth_dates
                    .iter()
                    .map(|d| d.date.to_string())
                    .collect::<Vec<_>>()
                    .join(";"),
                country: e
                    .nationalities
                    .iter()
                    .chain(&e.countries)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(";"),
                aliases: e
                    .names
                    .iter()
                    .skip(1)
                    .map(|n| n.value.as_str())
                    .collect::<Vec<_>>()
                    .join(";"),
                identifiers: e
                    .identifiers
                    .iter()
                    .map(|i| i.normalized())
                    .collect::<Vec<_>>()
                    .join(";"),
                status: if changes.as_ref().is_some_and(|c| !c.rescored) {
                    Status::Unchanged
                } else if hits.iter().any(|h| h.is_match) {
                    Status::Match
                } else {
                    Status::Clear
                },
                id: q.id,
                hits,
                problems: q.problems,
                changes,
            }
        }
        Err(p) => Outcome {
            line: raw.line,
            row: raw.row,
            id: None,
            name: String::new(),
            schema: String::new(),
            birth_date: String::new(),
            country: String::new(),
            aliases: String::new(),
            identifiers: String::new(),
            status: Status::Error,
            hits: Vec::new(),
            problems: vec![p],
            changes: None,
        },
    }
}

/// Writes bad records to a side file (JSON lines), created on the first one.
pub struct BadRecords {
    path: std::path::PathBuf,
    file: Option<std::io::BufWriter<std::fs::File>>,
    input: String,
}

impl BadRecords {
    /// Bad records of `input` will go to `path`.
    pub fn new(path: impl Into<std::path::PathBuf>, input: &str) -> BadRecords {
        BadRecords {
            path: path.into(),
            file: None,
            input: input.to_string(),
        }
    }

    /// The side file's path.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// Whether anything was written.
    pub fn written(&self) -> bool {
        self.file.is_some()
    }

    /// A record with problems: under `strict`, its first problem is the error that stops
    /// the run; otherwise it is written to the side file.
    #[allow(clippy::too_many_arguments)]
    pub fn take(
        &mut self,
        strict: bool,
        line: u64,
        row: u64,
        id: Option<&str>,
        screened: bool,
        problems: &[Problem],
    ) -> Result<(), ScreenError> {
        match problems.first() {
            Some(p) if strict => Err(ScreenError::Strict {
                file: self.input.clone(),
                line,
                field: p.field.clone(),
                message: p.message.clone(),
            }),
            _ => self.report(line, row, id, screened, problems),
        }
    }

    /// Writes one bad record: where it is, its id, whether it was screened all the same
    /// (without the bad field) and what is wrong with it. (Callers go through
    /// [`BadRecords::take`], which decides between this and stopping.)
    fn report(
        &mut self,
        line: u64,
        row: u64,
        id: Option<&str>,
        screened: bool,
        problems: &[Problem],
    ) -> Result<(), ScreenError> {
        use std::io::Write;
        let err = |e: std::io::Error| ScreenError::Output {
            file: self.path.display().to_string(),
            message: e.to_string(),
        };
        if self.file.is_none() {
            let f = std::fs::File::create(&self.path).map_err(err)?;
            self.file = Some(std::io::BufWriter::new(f));
        }
        let line = serde_json::json!({
            "file": self.input,
            "line": line,
            "row": row,
            "id": id,
            "screened": screened,
            "problems": problems,
        });
        if let Some(f) = self.file.as_mut() {
            serde_json::to_writer(&mut *f, &line).map_err(|e| ScreenError::Output {
                file: self.path.display().to_string(),
                message: e.to_string(),
            })?;
            f.write_all(b"\n").map_err(err)?;
        }
        Ok(())
    }

    /// Flushes the side file, if one was written.
    pub fn finish(&mut self) -> Result<(), ScreenError> {
        use std::io::Write;
        if let Some(f) = self.file.as_mut() {
            f.flush().map_err(|e| ScreenError::Output {
                file: self.path.display().to_string(),
                message: e.to_string(),
            })?;
        }
        Ok(())
    }
}

/// Works out how the input's records become queries, failing early when the columns do not
/// fit (no name column, an unknown `--map` header).
pub fn mapping_for(input: &Input, opts: &ScreenOptions) -> Result<Option<Mapping>, ScreenError> {
    match input.format {
        InputFormat::JsonLines => Ok(None),
        _ => Mapping::detect(input.source.headers(), &opts.overrides)
            .map(Some)
            .map_err(|message| ScreenError::Mapping {
                file: input.name.clone(),
                message,
            }),
    }
}

/// Screens every record of `input` and writes the outcomes to `sink` in input order.
/// `progress` is called from the calling thread after each chunk is written.
pub fn run(
    index: &CandidateIndex,
    input: Input,
    opts: &ScreenOptions,
    sink: Box<dyn Sink>,
    bad: &mut BadRecords,
    reviewer: Option<&mut dyn Reviewer>,
    progress: impl FnMut(&Summary),
) -> Result<Summary, ScreenError> {
    run_against(
        ScreenTarget::Lists(index),
        input,
        opts,
        sink,
        bad,
        reviewer,
        progress,
    )
}

/// [`run`] against the lists or against a change between two versions of them.
pub fn run_against(
    against: ScreenTarget,
    mut input: Input,
    opts: &ScreenOptions,
    mut sink: Box<dyn Sink>,
    bad: &mut BadRecords,
    reviewer: Option<&mut dyn Reviewer>,
    mut progress: impl FnMut(&Summary),
) -> Result<Summary, ScreenError> {
    let start = Instant::now();
    let kind = match mapping_for(&input, opts)? {
        Some(m) => Kind::Table(m),
        None => Kind::Json(record::json_overrides(&opts.overrides).map_err(|message| {
            ScreenError::Mapping {
                file: input.name.clone(),
                message,
            }
        })?),
    };
    let how = RecordReader {
        kind,
        default_schema: opts.default_schema.clone(),
        dates: opts.date_order,
    };
    let bytes_read = input.bytes_read.clone();
    let mut summary = Summary::default();
    let mut to = Destinations {
        sink: &mut sink,
        bad: &mut *bad,
        reviewer,
    };
    pipeline::in_order(
        input.source.as_mut(),
        opts.chunk,
        pipeline::workers(opts.workers),
        &|r| screen_raw(against, &how, r, opts),
        |outs| {
            write_chunk(outs, &mut to, opts.strict, &mut summary)?;
            summary.bytes_read = bytes_read.load(Ordering::Relaxed);
            summary.elapsed = start.elapsed();
            progress(&summary);
            Ok(())
        },
    )?;
    sink.finish()?;
    bad.finish()?;
    summary.bytes_read = input.bytes_read.load(Ordering::Relaxed);
    summary.elapsed = start.elapsed();
    Ok(summary)
}

/// Where screened records go, in input order.
struct Destinations<'a, 'r> {
    sink: &'a mut Box<dyn Sink>,
    bad: &'a mut BadRecords,
    reviewer: Option<&'a mut (dyn Reviewer + 'r)>,
}

/// Reviews one chunk of outcomes (in input order), counts them, and writes them.
fn write_chunk(
    mut outs: Vec<Outcome>,
    to: &mut Destinations,
    strict: bool,
    summary: &mut Summary,
) -> Result<(), ScreenError> {
    if let Some(r) = to.reviewer.as_deref_mut() {
        r.review(&mut outs)?;
    }
    let (sink, bad) = (&mut to.sink, &mut to.bad);
    for o in &outs {
        summary.records += 1;
        if !o.problems.is_empty() {
            bad.take(
                strict,
                o.line,
                o.row,
                o.id.as_deref(),
                o.status != Status::Error,
                &o.problems,
            )?;
            summary.bad += 1;
            if o.status == Status::Error {
                summary.unscreened += 1;
            }
        }
        if o.status == Status::Match {
            summary.matched += 1;
            summary.hits += o.hits.iter().filter(|h| h.is_match).count() as u64;
        }
        if o.status == Status::Suppressed {
            summary.suppressed += 1;
        }
        if let Some(c) = &o.changes {
            summary.rescored += u64::from(c.rescored);
            summary.new_alerts += c.new.len() as u64;
            summary.joined_party += c
                .new
                .iter()
                .filter(|(_, k)| *k == EntityChange::JoinedParty)
                .count() as u64;
            summary.resolved_alerts += c.resolved.len() as u64;
        }
        sink.write(o)?;
    }
    Ok(())
}
