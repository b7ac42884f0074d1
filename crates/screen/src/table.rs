//! Tabular outputs — CSV and Parquet — of named, typed columns: the one writer behind every
//! command that writes rows (screening's hits, goods screening's reasons), so that both
//! formats stay alike wherever they are written.

use crate::ScreenError;
use arrow_array::builder::{
    BooleanBuilder, Float64Builder, StringBuilder, UInt32Builder, UInt64Builder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field as ArrowField, Schema as ArrowSchema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::io::Write;
use std::sync::Arc;

/// What a column holds, which decides its Parquet type.
#[derive(Debug, Clone, Copy)]
pub enum ColumnKind {
    /// Text (nullable).
    Text,
    /// A line number (never null).
    Line,
    /// A rank, 1-based (nullable).
    Rank,
    /// A score in [0, 1] (nullable; four decimals in CSV).
    Score,
    /// True or false (nullable).
    Flag,
}

/// One cell of a row.
#[derive(Debug, Clone)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A line number or rank.
    Int(u64),
    /// A score.
    Score(f64),
    /// A flag.
    Flag(bool),
    /// Nothing (null in Parquet, empty in CSV).
    Empty,
}

/// A table's columns: name and kind, in order.
pub type Columns = &'static [(&'static str, ColumnKind)];

/// Rows buffered before they are handed to the Parquet writer as one batch.
const PARQUET_BATCH: usize = 8192;

enum Backend {
    Csv(csv::Writer<Box<dyn Write + Send>>),
    Parquet {
        writer: ArrowWriter<Box<dyn Write + Send>>,
        schema: Arc<ArrowSchema>,
        rows: Vec<Vec<Cell>>,
    },
}

/// Writes rows of [`Cell`]s as CSV (with a header row) or Parquet.
pub struct TableWriter {
    backend: Backend,
    columns: Columns,
    name: String,
}

pub(crate) fn write_err(name: &str, e: impl std::fmt::Display) -> ScreenError {
    ScreenError::Output {
        file: name.to_string(),
        message: e.to_string(),
    }
}

impl TableWriter {
    /// A CSV writer to `out` (called `name` in messages); writes the header row.
    pub fn csv(
        out: Box<dyn Write + Send>,
        name: &str,
        columns: Columns,
    ) -> Result<TableWriter, ScreenError> {
        let mut w = csv::WriterBuilder::new().from_writer(out);
        w.write_record(columns.iter().map(|(n, _)| *n))
            .map_err(|e| write_err(name, e))?;
        Ok(TableWriter {
            backend: Backend::Csv(w),
            columns,
            name: name.to_string(),
        })
    }

    /// A Parquet writer to `out` (snappy, row groups of 64 Ki rows).
    pub fn parquet(
        out: Box<dyn Write + Send>,
        name: &str,
        columns: Columns,
    ) -> Result<TableWriter, ScreenError> {
        let fields: Vec<ArrowField> = columns
            .iter()
            .map(|(n, k)| {
                let t = match k {
                    ColumnKind::Text => DataType::Utf8,
                    ColumnKind::Line => DataType::UInt64,
                    ColumnKind::Rank => DataType::UInt32,
                    ColumnKind::Score => DataType::Float64,
                    ColumnKind::Flag => DataType::Boolean,
                };
                ArrowField::new(*n, t, !matches!(k, ColumnKind::Line))
            })
            .collect();
        let schema = Arc::new(ArrowSchema::new(fields));
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(65_536))
            .build();
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(props))
            .map_err(|e| write_err(name, e))?;
        Ok(TableWriter {
            backend: Backend::Parquet {
                writer,
                schema,
                rows: Vec::with_capacity(PARQUET_BATCH),
            },
            columns,
            name: name.to_string(),
        })
    }

    /// Writes one row (cells in column order).
    pub fn write_row(&mut self, row: Vec<Cell>) -> Result<(), ScreenError> {
        match &mut self.backend {
            Backend::Csv(w) => {
                let cells: Vec<String> = row
                    .into_iter()
                    .map(|c| match c {
                        Cell::Text(s) => s,
                        Cell::Int(i) => i.to_string(),
                        Cell::Score(s) => format!("{s:.4}"),
                        Cell::Flag(b) => b.to_string(),
                        Cell::Empty => String::new(),
                    })
                    .collect();
                w.write_record(&cells).map_err(|e| write_err(&self.name, e))
            }
            Backend::Parquet { rows, .. } => {
                rows.push(row);
                if rows.len() >= PARQUET_BATCH {
                    self.flush_rows()?;
                }
                Ok(())
            }
        }
    }

    fn flush_rows(&mut self) -> Result<(), ScreenError> {
        let Backend::Parquet {
            writer,
            schema,
            rows,
        } = &mut self.backend
        else {
            return Ok(());
        };
        if rows.is_empty() {
            return Ok(());
        }
        let mut arrays: Vec<ArrayRef> = Vec::with_capacity(self.columns.len());
        for (i, (_, kind)) in self.columns.iter().enumerate() {
            let cells = rows.iter().map(|r| r.get(i));
            let array: ArrayRef = match kind {
                ColumnKind::Text => {
                    let mut b = StringBuilder::new();
                    for c in cells {
                        match c {
                            Some(Cell::Text(s)) => b.append_value(s),
                            _ => b.append_null(),
                        }
                    }
                    Arc::new(b.finish())
                }
                ColumnKind::Line => {
                    let mut b = UInt64Builder::new();
                    for c in cells {
                        match c {
                            Some(Cell::Int(v)) => b.append_value(*v),
                            _ => b.append_value(0),
                        }
                    }
                    Arc::new(b.finish())
                }
                ColumnKind::Rank => {
                    let mut b = UInt32Builder::new();
                    for c in cells {
                        match c {
                            Some(Cell::Int(v)) => {
                                b.append_value(u32::try_from(*v).unwrap_or(u32::MAX))
                            }
                            _ => b.append_null(),
                        }
                    }
                    Arc::new(b.finish())
                }
                ColumnKind::Score => {
                    let mut b = Float64Builder::new();
                    for c in cells {
                        match c {
                            Some(Cell::Score(v)) => b.append_value(*v),
                            _ => b.append_null(),
                        }
                    }
                    Arc::new(b.finish())
                }
                ColumnKind::Flag => {
                    let mut b = BooleanBuilder::new();
                    for c in cells {
                        match c {
                            Some(Cell::Flag(v)) => b.append_value(*v),
                            _ => b.append_null(),
                        }
                    }
                    Arc::new(b.finish())
                }
            };
            arrays.push(array);
        }
        let batch =
            RecordBatch::try_new(schema.clone(), arrays).map_err(|e| write_err(&self.name, e))?;
        writer.write(&batch).map_err(|e| write_err(&self.name, e))?;
        rows.clear();
        Ok(())
    }

    /// Flushes and closes the output.
    pub fn finish(mut self) -> Result<(), ScreenError> {
        self.flush_rows()?;
        let name = self.name;
        match self.backend {
            Backend::Csv(mut w) => w.flush().map_err(|e| write_err(&name, e)),
            Backend::Parquet { writer, .. } => {
                let mut out = writer.into_inner().map_err(|e| write_err(&name, e))?;
                out.flush().map_err(|e| write_err(&name, e))
            }
        }
    }
}
