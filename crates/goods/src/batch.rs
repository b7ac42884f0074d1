//! `interdict goods` on a whole file: the same input conventions as party screening (CSV,
//! TSV, JSON Lines, Parquet, `--map`, standard input), lines checked on all cores and
//! written in input order, bad lines reported in a side file and never dropped.
//!
//! Shipment files name the same consignees again and again, so each worker keeps the
//! party answers of the run's names (bounded) instead of asking the matcher each time.

use crate::line::{GoodsField, GoodsLine, GoodsMapping};
use crate::{verdict_json, GoodsScreener, LineVerdict, ReasonKind, Verdict};
use interdict_matcher::CandidateIndex;
use interdict_model::query::Problem;
use interdict_screen::table::{Cell, ColumnKind, Columns, TableWriter};
use interdict_screen::{
    BadRecords, Hit, Input, InputFormat, OutputFormat, RawBody, RawRecord, ScreenError,
};
use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// One line's outcome.
#[derive(Debug, Clone)]
pub struct GoodsOutcome {
    /// Line in the input (row for Parquet).
    pub line: u64,
    /// Ordinal among data lines (1-based): the id when the line has none.
    pub row: u64,
    /// The line as read (`None`: it could not be read at all).
    pub input: Option<GoodsLine>,
    /// Its verdict.
    pub verdict: LineVerdict,
    /// What was wrong with it.
    pub problems: Vec<Problem>,
}

impl GoodsOutcome {
    /// The line's id, or its row number.
    pub fn id_text(&self) -> String {
        self.input
            .as_ref()
            .and_then(|l| l.id.clone())
            .unwrap_or_else(|| self.row.to_string())
    }
}

/// Counts so far and at the end.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct GoodsSummary {
    /// Lines read.
    pub lines: u64,
    /// Lines blocked.
    pub block: u64,
    /// Lines for review.
    pub review: u64,
    /// Lines clear.
    pub clear: u64,
    /// Lines with a problem (checked without the bad field, or not at all).
    pub bad: u64,
    /// Lines that could not be checked at all.
    pub unchecked: u64,
    /// Input bytes read.
    pub bytes_read: u64,
    /// Wall time in seconds.
    pub seconds: f64,
}

impl GoodsSummary {
    /// Lines per second.
    pub fn rate(&self) -> f64 {
        self.lines as f64 / self.seconds.max(1e-9)
    }
}

/// How to run.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// `--map` overrides.
    pub overrides: Vec<String>,
    /// Worker threads (0: one per core).
    pub workers: usize,
    /// Lines per chunk.
    pub chunk: usize,
    /// Stop at the first bad line.
    pub strict: bool,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            overrides: Vec::new(),
            workers: 0,
            chunk: 256,
            strict: false,
        }
    }
}

/// How a worker reads raw records into lines.
enum Reader {
    Table(GoodsMapping),
    Json(Vec<(GoodsField, String)>),
}

/// Works out the columns (failing early when nothing can be checked) — for telling the user
/// what was recognized before the lists are loaded.
pub fn mapping_for(
    input: &Input,
    overrides: &[String],
) -> Result<Option<GoodsMapping>, ScreenError> {
    match input.format {
        InputFormat::JsonLines => Ok(None),
        _ => GoodsMapping::detect(input.source.headers(), overrides)
            .map(Some)
            .map_err(|message| ScreenError::Mapping {
                file: input.name.clone(),
                message,
            }),
    }
}

fn json_overrides(overrides: &[String]) -> Result<Vec<(GoodsField, String)>, String> {
    overrides
        .iter()
        .map(|o| {
            let (f, k) = o
                .split_once('=')
                .ok_or_else(|| format!("--map {o:?} is not FIELD=KEY"))?;
            let field = crate::line::GOODS_FIELDS
                .iter()
                .find(|(_, n, _)| *n == f.trim())
                .map(|(g, ..)| *g)
                .ok_or_else(|| format!("--map {o:?}: unknown field {f:?}"))?;
            Ok((field, k.trim().to_string()))
        })
        .collect()
}

/// Each run's party answers, per worker thread: (run, name → hits).
type PartyCache = RefCell<(u64, HashMap<String, Vec<Hit>>)>;

thread_local! {
    static PARTY_CACHE: PartyCache = RefCell::new((0, HashMap::new()));
}

/// Distinct names a worker remembers before it starts afresh.
const PARTY_CACHE_NAMES: usize = 50_000;

static RUNS: AtomicU64 = AtomicU64::new(1);

fn check_raw(
    screener: &GoodsScreener,
    lists: Option<&CandidateIndex>,
    reader: &Reader,
    run: u64,
    raw: RawRecord,
) -> GoodsOutcome {
    let read = match (&raw.body, reader) {
        (RawBody::Broken(p), _) => Err(p.clone()),
        (RawBody::Cells(cells), Reader::Table(m)) => Ok(GoodsLine::from_row(m, cells)),
        (RawBody::Json(text), Reader::Json(o)) => serde_json::from_str::<serde_json::Value>(text)
            .map_err(|e| Problem::record(format!("not JSON: {e}")))
            .and_then(|v| GoodsLine::from_json(&v, o)),
        _ => Err(Problem::record("record does not fit the input format")),
    };
    let unread = |problems: Vec<Problem>| GoodsOutcome {
        line: raw.line,
        row: raw.row,
        input: None,
        verdict: LineVerdict {
            verdict: None,
            decided_by: None,
            reasons: Vec::new(),
            candidates: Vec::new(),
        },
        problems,
    };
    let line = match read {
        Ok(l) if l.is_empty() => {
            let mut problems = l.problems.clone();
            problems.push(Problem::record(
                "nothing to check: no readable code, description, place or party",
            ));
            return unread(problems);
        }
        Ok(l) => l,
        Err(p) => return unread(vec![p]),
    };
    let verdict = PARTY_CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.0 != run || cache.1.len() > PARTY_CACHE_NAMES {
            *cache = (run, HashMap::new());
        }
        screener.check_with(&line, &mut |name| match lists {
            None => Vec::new(),
            Some(index) => cache
                .1
                .entry(name.to_string())
                .or_insert_with(|| screener.screen_party(index, name))
                .clone(),
        })
    });
    GoodsOutcome {
        line: raw.line,
        row: raw.row,
        problems: line.problems.clone(),
        input: Some(line),
        verdict,
    }
}

/// Where outcomes go.
pub trait GoodsSink: Send {
    /// Writes one line's outcome (in input order).
    fn write(&mut self, o: &GoodsOutcome) -> Result<(), ScreenError>;
    /// Flushes and closes.
    fn finish(self: Box<Self>) -> Result<(), ScreenError>;
}

/// Checks every line of `input` and writes the outcomes to `sink` in input order; bad
/// lines also go to `bad`. `progress` is called after each chunk.
pub fn run(
    screener: &GoodsScreener,
    lists: Option<&CandidateIndex>,
    mut input: Input,
    opts: &BatchOptions,
    mut sink: Box<dyn GoodsSink>,
    bad: &mut BadRecords,
    mut progress: impl FnMut(&GoodsSummary),
) -> Result<GoodsSummary, ScreenError> {
    let start = Instant::now();
    let reader = match mapping_for(&input, &opts.overrides)? {
        Some(m) => Reader::Table(m),
        None => Reader::Json(json_overrides(&opts.overrides).map_err(|message| {
            ScreenError::Mapping {
                file: input.name.clone(),
                message,
            }
        })?),
    };
    let run = RUNS.fetch_add(1, Ordering::Relaxed);
    let bytes = input.bytes_read.clone();
    let mut summary = GoodsSummary::default();
    interdict_screen::pipeline::in_order(
        input.source.as_mut(),
        opts.chunk,
        interdict_screen::pipeline::workers(opts.workers),
        &|raw| check_raw(screener, lists, &reader, run, raw),
        |outs| {
            for o in &outs {
                summary.lines += 1;
                if !o.problems.is_empty() {
                    let id = o.input.as_ref().and_then(|l| l.id.as_deref());
                    bad.take(
                        opts.strict,
                        o.line,
                        o.row,
                        id,
                        o.input.is_some(),
                        &o.problems,
                    )?;
                    summary.bad += 1;
                }
                match o.verdict.verdict {
                    Some(Verdict::Block) => summary.block += 1,
                    Some(Verdict::Review) => summary.review += 1,
                    Some(Verdict::Clear) => summary.clear += 1,
                    None => summary.unchecked += 1,
                }
                sink.write(o)?;
            }
            summary.bytes_read = bytes.load(Ordering::Relaxed);
            summary.seconds = start.elapsed().as_secs_f64();
            progress(&summary);
            Ok(())
        },
    )?;
    sink.finish()?;
    bad.finish()?;
    summary.bytes_read = input.bytes_read.load(Ordering::Relaxed);
    summary.seconds = start.elapsed().as_secs_f64();
    Ok(summary)
}

/// The JSON of one outcome.
pub fn outcome_json(o: &GoodsOutcome, rules_version: &str) -> serde_json::Value {
    let id = match o.input.as_ref().and_then(|l| l.id.clone()) {
        Some(id) => serde_json::json!(id),
        None => serde_json::json!(o.row),
    };
    verdict_json(id, Some(o.line), &o.verdict, &o.problems, rules_version)
}

/// A sink writing `format` to `out` (called `name` in messages), or the readable account of
/// each line when `explain`.
pub fn sink(
    format: OutputFormat,
    explain: bool,
    out: Box<dyn Write + Send>,
    name: &str,
    rules_version: &str,
) -> Result<Box<dyn GoodsSink>, ScreenError> {
    if explain {
        return Ok(Box::new(ExplainSink {
            out,
            name: name.to_string(),
        }));
    }
    Ok(match format {
        OutputFormat::JsonLines => Box::new(JsonSink {
            out,
            name: name.to_string(),
            version: rules_version.to_string(),
        }),
        OutputFormat::Csv => Box::new(TableSink {
            table: TableWriter::csv(out, name, COLUMNS)?,
            version: rules_version.to_string(),
        }),
        OutputFormat::Parquet => Box::new(TableSink {
            table: TableWriter::parquet(out, name, COLUMNS)?,
            version: rules_version.to_string(),
        }),
    })
}

fn write_err(name: &str, e: impl std::fmt::Display) -> ScreenError {
    ScreenError::Output {
        file: name.to_string(),
        message: e.to_string(),
    }
}

struct JsonSink {
    out: Box<dyn Write + Send>,
    name: String,
    version: String,
}

impl GoodsSink for JsonSink {
    fn write(&mut self, o: &GoodsOutcome) -> Result<(), ScreenError> {
        serde_json::to_writer(&mut self.out, &outcome_json(o, &self.version))
            .map_err(|e| write_err(&self.name, e))?;
        self.out
            .write_all(b"\n")
            .map_err(|e| write_err(&self.name, e))
    }

    fn finish(mut self: Box<Self>) -> Result<(), ScreenError> {
        self.out.flush().map_err(|e| write_err(&self.name, e))
    }
}

/// The tabular output's columns: one row per reason (one for a line without reasons).
const COLUMNS: Columns = &[
    ("line", ColumnKind::Line),
    ("input_id", ColumnKind::Text),
    ("hs_code", ColumnKind::Text),
    ("description", ColumnKind::Text),
    ("verdict", ColumnKind::Text),
    ("decided_by", ColumnKind::Text),
    ("rule", ColumnKind::Text),
    ("detail", ColumnKind::Text),
    ("tier", ColumnKind::Text),
    ("hs6", ColumnKind::Text),
    ("country", ColumnKind::Text),
    ("field", ColumnKind::Text),
    ("entity_id", ColumnKind::Text),
    ("score", ColumnKind::Score),
    ("hs6_candidates", ColumnKind::Text),
    ("problems", ColumnKind::Text),
    ("rules_version", ColumnKind::Text),
];

struct TableSink {
    table: TableWriter,
    version: String,
}

fn input_value(o: &GoodsOutcome, f: GoodsField) -> String {
    o.input
        .as_ref()
        .map(|l| {
            l.input
                .iter()
                .filter(|(g, _)| *g == f)
                .map(|(_, v)| v.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default()
}

fn problems_text(ps: &[Problem]) -> String {
    ps.iter()
        .map(|p| match &p.field {
            Some(f) => format!("{f}: {}", p.message),
            None => p.message.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

impl GoodsSink for TableSink {
    fn write(&mut self, o: &GoodsOutcome) -> Result<(), ScreenError> {
        let text = |s: String| {
            if s.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(s)
            }
        };
        let candidates = o
            .verdict
            .candidates
            .iter()
            .map(|c| format!("{} {:.2}", c.hs6, c.score))
            .collect::<Vec<_>>()
            .join("; ");
        let head = |c: &mut Vec<Cell>| {
            c.push(Cell::Int(o.line));
            c.push(Cell::Text(o.id_text()));
            c.push(text(input_value(o, GoodsField::HsCode)));
            c.push(text(input_value(o, GoodsField::Description)));
            c.push(Cell::Text(
                o.verdict.verdict.map_or("error", Verdict::name).to_string(),
            ));
            c.push(text(o.verdict.decided_by.clone().unwrap_or_default()));
        };
        let tail = |c: &mut Vec<Cell>| {
            c.push(text(candidates.clone()));
            c.push(text(problems_text(&o.problems)));
            c.push(Cell::Text(self.version.clone()));
        };
        if o.verdict.reasons.is_empty() {
            let mut c = Vec::with_capacity(COLUMNS.len());
            head(&mut c);
            c.extend((0..8).map(|_| Cell::Empty));
            tail(&mut c);
            return self.table.write_row(c);
        }
        for r in &o.verdict.reasons {
            let mut c = Vec::with_capacity(COLUMNS.len());
            head(&mut c);
            c.push(Cell::Text(r.kind.name().to_string()));
            c.push(Cell::Text(r.detail.clone()));
            c.push(text(
                r.tier.map(|t| t.label().to_string()).unwrap_or_default(),
            ));
            c.push(text(r.hs6.clone().unwrap_or_default()));
            c.push(text(r.country.clone().unwrap_or_default()));
            c.push(text(
                r.field.map(|f| f.name().to_string()).unwrap_or_default(),
            ));
            c.push(text(
                r.hit
                    .as_ref()
                    .map(|h| h.entity_id.clone())
                    .unwrap_or_default(),
            ));
            c.push(r.score.map_or(Cell::Empty, Cell::Score));
            tail(&mut c);
            self.table.write_row(c)?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), ScreenError> {
        self.table.finish()
    }
}

/// `--explain`: a readable account per line.
struct ExplainSink {
    out: Box<dyn Write + Send>,
    name: String,
}

/// `text` cut to at most `n` characters at a word, with `…` when cut.
fn shortened(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        return text.to_string();
    }
    let cut: String = text.chars().take(n).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ' ']))
}

/// A readable account of one line: its verdict, the rule that decided it, each reason and
/// the description's candidates.
pub fn explain(o: &GoodsOutcome) -> String {
    let v = &o.verdict;
    let mut s = format!(
        "line {} (id {}): {}",
        o.line,
        o.id_text(),
        v.verdict.map_or("ERROR (not checked)", |v| match v {
            Verdict::Block => "BLOCK",
            Verdict::Review => "REVIEW",
            Verdict::Clear => "CLEAR",
        })
    );
    match &v.decided_by {
        Some(r) => s.push_str(&format!(" — rule {r}\n")),
        None if v.verdict.is_some() => s.push_str(" — no rule of the policy applies\n"),
        None => s.push('\n'),
    }
    for r in &v.reasons {
        s.push_str(&format!("  {:<12} {}\n", r.kind.name(), r.detail));
        if r.kind == ReasonKind::Party {
            if let Some(h) = &r.hit {
                let x = &h.explanation;
                s.push_str(&format!(
                    "  {:<12}   matched name {:?} ~ {:?}: {} {:.2}{}\n",
                    "",
                    x.query_name,
                    x.matched_name,
                    x.name.method,
                    x.name.score,
                    x.features
                        .iter()
                        .map(|f| format!("; {} {:+.2} ({})", f.name, f.contribution, f.detail))
                        .collect::<String>()
                ));
            }
        }
    }
    if !v.candidates.is_empty() {
        s.push_str(&format!(
            "  {:<12} {}\n",
            "hs6 guess",
            v.candidates
                .iter()
                .map(|c| format!(
                    "{} {:.2} ({})",
                    c.hs6,
                    c.score,
                    shortened(&c.description, 60)
                ))
                .collect::<Vec<_>>()
                .join(" · ")
        ));
    }
    for p in &o.problems {
        s.push_str(&format!(
            "  {:<12} {}{}\n",
            "problem",
            p.field
                .as_ref()
                .map(|f| format!("{f}: "))
                .unwrap_or_default(),
            p.message
        ));
    }
    s
}

impl GoodsSink for ExplainSink {
    fn write(&mut self, o: &GoodsOutcome) -> Result<(), ScreenError> {
        self.out
            .write_all(explain(o).as_bytes())
            .map_err(|e| write_err(&self.name, e))
    }

    fn finish(mut self: Box<Self>) -> Result<(), ScreenError> {
        self.out.flush().map_err(|e| write_err(&self.name, e))
    }
}
