//! Writing screening outcomes: JSON Lines (one line per input record, yente's result
//! shape), CSV and Parquet (one row per hit, and one row for a record without hits, so no
//! record is ever missing from the output).

use crate::table::{write_err, Cell, ColumnKind as Kind, Columns, TableWriter};
use crate::{Outcome, ScreenError, Status};
use serde_json::json;
use std::io::Write;
use std::path::Path;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// One JSON object per input record.
    JsonLines,
    /// One row per hit (or per record without hits).
    Csv,
    /// The CSV columns, typed, in Parquet.
    Parquet,
}

impl OutputFormat {
    /// The format a `--format` name stands for.
    pub fn from_name(name: &str) -> Option<OutputFormat> {
        Some(match name.to_ascii_lowercase().as_str() {
            "jsonl" | "json" | "ndjson" => OutputFormat::JsonLines,
            "csv" => OutputFormat::Csv,
            "parquet" => OutputFormat::Parquet,
            _ => return None,
        })
    }

    /// The format an output file name suggests.
    pub fn from_path(path: &Path) -> Option<OutputFormat> {
        let ext = path.extension()?.to_str()?;
        OutputFormat::from_name(ext)
    }
}

/// Where outcomes go.
pub trait Sink: Send {
    /// Writes one record's outcome (called in input order).
    fn write(&mut self, outcome: &Outcome) -> Result<(), ScreenError>;
    /// Flushes and closes the output.
    fn finish(self: Box<Self>) -> Result<(), ScreenError>;
}

/// A sink writing `format` to `out`; `only_matches` leaves out records without a match.
pub fn sink(
    format: OutputFormat,
    out: Box<dyn Write + Send>,
    name: &str,
    only_matches: bool,
) -> Result<Box<dyn Sink>, ScreenError> {
    Ok(match format {
        OutputFormat::JsonLines => Box::new(JsonLinesSink {
            out,
            name: name.to_string(),
            render: screened_line,
            only_matches,
        }),
        OutputFormat::Csv => Box::new(TableSink {
            table: TableWriter::csv(out, name, COLUMNS)?,
            only_matches,
        }),
        OutputFormat::Parquet => Box::new(TableSink {
            table: TableWriter::parquet(out, name, COLUMNS)?,
            only_matches,
        }),
    })
}

/// The input id as JSON: the record's own id, or its row number.
fn id_json(o: &Outcome) -> serde_json::Value {
    match &o.id {
        Some(id) => json!(id),
        None => json!(o.row),
    }
}

/// The JSON of one hit.
fn hit_json(h: &crate::Hit) -> serde_json::Value {
    let mut r = json!({
        "id": h.entity_id,
        "caption": h.caption,
        "schema": h.schema,
        "score": h.score,
        "match": h.is_match,
        "datasets": h.datasets,
        "explanation": h.explanation,
    });
    if let Some(p) = &h.party {
        r["party"] = json!(p);
        if h.for_party {
            // The party's answer, as yente's merged entities: the party's id, its other
            // records, and the record that matched best.
            r["id"] = json!(p);
            r["matched_id"] = json!(h.entity_id);
            let mut others: Vec<&String> = h.referents.iter().filter(|m| *m != p).collect();
            if h.entity_id != *p {
                others.push(&h.entity_id);
                others.sort();
            }
            r["referents"] = json!(others);
        } else {
            r["referents"] = json!(h.referents);
        }
    }
    if let Some(a) = h.alert {
        r["alert"] = json!({"id": a.id, "suppressed_by_decision": a.suppressed_by});
    }
    if !h.ownership.is_empty() {
        r["reason"] = json!("ownership");
        r["ownership"] = json!(h.ownership);
    }
    r
}

/// The JSON of one outcome (also what the HTTP API returns per query).
pub fn outcome_json(o: &Outcome) -> serde_json::Value {
    let results: Vec<serde_json::Value> = o.hits.iter().map(hit_json).collect();
    let mut v = json!({
        "id": id_json(o),
        "line": o.line,
        "status": o.status.name(),
        "results": results,
    });
    if !o.problems.is_empty() {
        v["problems"] = json!(o.problems);
    }
    v
}

/// One JSON line per outcome that `render` makes a value of.
struct JsonLinesSink {
    out: Box<dyn Write + Send>,
    name: String,
    render: fn(&Outcome, bool) -> Option<serde_json::Value>,
    only_matches: bool,
}

/// `screen`'s line for an outcome (`None`: left out by `only_matches`).
fn screened_line(o: &Outcome, only_matches: bool) -> Option<serde_json::Value> {
    (!only_matches || matches!(o.status, Status::Match | Status::Suppressed))
        .then(|| outcome_json(o))
}

/// `rescreen`'s line for an outcome (`None`: its alerts did not change).
fn changes_line(o: &Outcome, _: bool) -> Option<serde_json::Value> {
    let c = o.changes.as_ref().filter(|c| !c.is_empty())?;
    Some(changes_json(o, c))
}

impl Sink for JsonLinesSink {
    fn write(&mut self, o: &Outcome) -> Result<(), ScreenError> {
        let Some(line) = (self.render)(o, self.only_matches) else {
            return Ok(());
        };
        serde_json::to_writer(&mut self.out, &line).map_err(|e| write_err(&self.name, e))?;
        self.out
            .write_all(b"\n")
            .map_err(|e| write_err(&self.name, e))
    }

    fn finish(mut self: Box<Self>) -> Result<(), ScreenError> {
        self.out.flush().map_err(|e| write_err(&self.name, e))
    }
}

/// The tabular output's columns, in order.
const COLUMNS: Columns = &[
    ("line", Kind::Line),
    ("input_id", Kind::Text),
    ("input_name", Kind::Text),
    ("input_schema", Kind::Text),
    ("input_birth_date", Kind::Text),
    ("input_country", Kind::Text),
    ("status", Kind::Text),
    ("rank", Kind::Rank),
    ("score", Kind::Score),
    ("match", Kind::Flag),
    ("entity_id", Kind::Text),
    ("caption", Kind::Text),
    ("schema", Kind::Text),
    ("datasets", Kind::Text),
    ("matched_name", Kind::Text),
    ("query_name", Kind::Text),
    ("evidence", Kind::Text),
    ("problems", Kind::Text),
    ("alert_id", Kind::Text),
    ("suppressed_by_decision", Kind::Text),
];

/// The evidence of a hit in one line of text: name score and method, identifier, features.
fn evidence(h: &crate::Hit) -> String {
    let x = &h.explanation;
    let mut parts = vec![format!("name {:.3} ({})", x.name.score, x.name.method)];
    if let Some(id) = &x.identifier_match {
        parts.push(format!("identifier {id}"));
    }
    for f in &x.features {
        parts.push(format!("{} {:+.2} ({})", f.name, f.contribution, f.detail));
    }
    for c in &x.caps {
        parts.push(format!("capped: {c}"));
    }
    for o in &h.ownership {
        parts.push(format!(
            "{} by ownership ({}, listed share {}): {}",
            o.verdict,
            o.regime.to_uppercase(),
            o.listed_share,
            o.path
        ));
    }
    parts.join("; ")
}

/// The rows of one outcome: one per hit, or one for the record itself.
fn rows(o: &Outcome) -> Vec<Vec<Cell>> {
    let input = |c: &mut Vec<Cell>| {
        c.push(Cell::Int(o.line));
        c.push(Cell::Text(
            o.id.clone().unwrap_or_else(|| o.row.to_string()),
        ));
        c.push(Cell::Text(o.name.clone()));
        c.push(Cell::Text(o.schema.clone()));
        c.push(Cell::Text(o.birth_date.clone()));
        c.push(Cell::Text(o.country.clone()));
        c.push(Cell::Text(o.status.name().to_string()));
    };
    let problems = o
        .problems
        .iter()
        .map(|p| match &p.field {
            Some(f) => format!("{f}: {}", p.message),
            None => p.message.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ");
    if o.hits.is_empty() {
        let mut c = Vec::with_capacity(COLUMNS.len());
        input(&mut c);
        for _ in 0..10 {
            c.push(Cell::Empty);
        }
        c.push(Cell::Text(problems));
        c.push(Cell::Empty);
        c.push(Cell::Empty);
        return vec![c];
    }
    o.hits
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let mut c = Vec::with_capacity(COLUMNS.len());
            input(&mut c);
            c.push(Cell::Int(i as u64 + 1));
            c.push(Cell::Score(h.score));
            c.push(Cell::Flag(h.is_match));
            c.push(Cell::Text(h.entity_id.clone()));
            c.push(Cell::Text(h.caption.clone()));
            c.push(Cell::Text(h.schema.clone()));
            c.push(Cell::Text(h.datasets.join(";")));
            c.push(Cell::Text(h.explanation.matched_name.clone()));
            c.push(Cell::Text(h.explanation.query_name.clone()));
            c.push(Cell::Text(evidence(h)));
            c.push(Cell::Text(problems.clone()));
            let id_text = |v: Option<i64>| v.map_or(Cell::Empty, |v| Cell::Text(v.to_string()));
            c.push(id_text(h.alert.map(|a| a.id)));
            c.push(id_text(h.alert.and_then(|a| a.suppressed_by)));
            c
        })
        .collect()
}

/// Screening's CSV or Parquet: one row per hit, or one for a record without hits.
struct TableSink {
    table: TableWriter,
    only_matches: bool,
}

impl Sink for TableSink {
    fn write(&mut self, o: &Outcome) -> Result<(), ScreenError> {
        if self.only_matches && !matches!(o.status, Status::Match | Status::Suppressed) {
            return Ok(());
        }
        for row in rows(o) {
            self.table.write_row(row)?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), ScreenError> {
        self.table.finish()
    }
}

/// A sink for `interdict rescreen`: only the records whose alerts changed, as JSON lines
/// (`{"id", "line", "name", "new": [...], "resolved": [...]}`, each alert a result with
/// `"entity_change"`) or CSV (one row per alert gained or lost).
pub fn changes_sink(
    format: OutputFormat,
    out: Box<dyn Write + Send>,
    name: &str,
) -> Result<Box<dyn Sink>, ScreenError> {
    match format {
        OutputFormat::JsonLines => Ok(Box::new(JsonLinesSink {
            out,
            name: name.to_string(),
            render: changes_line,
            only_matches: false,
        })),
        OutputFormat::Csv => {
            let mut w = csv::WriterBuilder::new().from_writer(out);
            w.write_record(CHANGE_COLUMNS)
                .map_err(|e| write_err(name, e))?;
            Ok(Box::new(ChangesCsvSink {
                out: w,
                name: name.to_string(),
            }))
        }
        OutputFormat::Parquet => Err(write_err(
            name,
            "re-screening writes JSON lines or CSV, not Parquet",
        )),
    }
}

/// The JSON of one record's alert changes.
pub fn changes_json(o: &Outcome, c: &crate::AlertChanges) -> serde_json::Value {
    let alerts = |hits: &[(crate::Hit, interdict_matcher::EntityChange)]| {
        hits.iter()
            .map(|(h, change)| {
                let mut v = hit_json(h);
                v["entity_change"] = json!(change.name());
                v
            })
            .collect::<Vec<_>>()
    };
    json!({
        "id": id_json(o),
        "line": o.line,
        "name": o.name,
        "new": alerts(&c.new),
        "resolved": alerts(&c.resolved),
    })
}

/// The re-screening CSV's columns.
const CHANGE_COLUMNS: &[&str] = &[
    "line",
    "input_id",
    "input_name",
    "alert",
    "entity_id",
    "entity_change",
    "score",
    "caption",
    "datasets",
    "matched_name",
    "evidence",
    "alert_id",
    "suppressed_by_decision",
];

struct ChangesCsvSink {
    out: csv::Writer<Box<dyn Write + Send>>,
    name: String,
}

impl Sink for ChangesCsvSink {
    fn write(&mut self, o: &Outcome) -> Result<(), ScreenError> {
        let Some(c) = &o.changes else { return Ok(()) };
        let id = o.id.clone().unwrap_or_else(|| o.row.to_string());
        for (kind, hits) in [("new", &c.new), ("resolved", &c.resolved)] {
            for (h, change) in hits {
                self.out
                    .write_record([
                        o.line.to_string().as_str(),
                        &id,
                        &o.name,
                        kind,
                        &h.entity_id,
                        change.name(),
                        &format!("{:.4}", h.score),
                        &h.caption,
                        &h.datasets.join(";"),
                        &h.explanation.matched_name,
                        &evidence(h),
                        &h.alert.map(|a| a.id.to_string()).unwrap_or_default(),
                        &h.alert
                            .and_then(|a| a.suppressed_by)
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                    ])
                    .map_err(|e| write_err(&self.name, e))?;
            }
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), ScreenError> {
        self.out.flush().map_err(|e| write_err(&self.name, e))
    }
}
