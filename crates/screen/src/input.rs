//! Reading input files as a stream of raw records: CSV/TSV rows, JSON lines, Parquet rows.
//! A raw record is only split into cells or lines here; turning it into a query (and
//! finding what is wrong with it) happens on the worker threads.

use crate::source::read_line_capped;
pub use crate::source::{RawBody, RawRecord, RecordSource, MAX_LINE_BYTES};
use crate::ScreenError;
use arrow_array::{Array, StringArray};
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Delimited text with a header row.
    Csv {
        /// Field delimiter (`,` for CSV, tab for TSV, `;` …).
        delimiter: u8,
    },
    /// One JSON object per line: FtM entities or flat objects.
    JsonLines,
    /// Apache Parquet, one row per record.
    Parquet,
}

impl InputFormat {
    /// The format a `--input-format` name stands for.
    pub fn from_name(name: &str) -> Option<InputFormat> {
        Some(match name.to_ascii_lowercase().as_str() {
            "csv" => InputFormat::Csv { delimiter: b',' },
            "tsv" => InputFormat::Csv { delimiter: b'\t' },
            "jsonl" | "json" | "ndjson" | "ftm" => InputFormat::JsonLines,
            "parquet" => InputFormat::Parquet,
            _ => return None,
        })
    }

    /// The format a file name suggests (`.csv`, `.tsv`, `.jsonl`, `.ndjson`, `.json`,
    /// `.parquet`, each optionally `.gz`).
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let ext = name.rsplit('.').next()?;
        InputFormat::from_name(ext).or(match ext {
            "txt" => Some(InputFormat::Csv { delimiter: b',' }),
            _ => None,
        })
    }

    /// The format the first bytes suggest: Parquet magic, a `{`, or else delimited text
    /// (tab-separated when the first line has tabs and no commas).
    pub fn sniff(head: &[u8]) -> InputFormat {
        if head.starts_with(b"PAR1") {
            return InputFormat::Parquet;
        }
        let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        if text.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
            return InputFormat::JsonLines;
        }
        let first = text.split(|b| *b == b'\n').next().unwrap_or(&[]);
        let count = |c: u8| first.iter().filter(|b| **b == c).count();
        if count(b'\t') > 0 && count(b',') == 0 {
            InputFormat::Csv { delimiter: b'\t' }
        } else if count(b';') > count(b',') {
            InputFormat::Csv { delimiter: b';' }
        } else {
            InputFormat::Csv { delimiter: b',' }
        }
    }
}

/// Counts the bytes read through it, for progress on compressed and uncompressed input.
pub struct CountingReader<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// An opened input: where it is, what format, how big, and the source of records.
pub struct Input {
    /// The file name (or `-` for standard input), for messages.
    pub name: String,
    /// The format in use.
    pub format: InputFormat,
    /// Size of the file in bytes, when known (for a progress bar).
    pub size: Option<u64>,
    /// Bytes read so far.
    pub bytes_read: Arc<AtomicU64>,
    /// The records.
    pub source: Box<dyn RecordSource>,
}

/// Opens `path` (`-` for standard input), detecting the format from `format`, then the file
/// name, then the content. Gzip-compressed text input (`.gz`) is decompressed on the fly.
pub fn open(path: &str, format: Option<InputFormat>) -> Result<Input, ScreenError> {
    let count = Arc::new(AtomicU64::new(0));
    let io_err = |e: std::io::Error| ScreenError::Input {
        file: path.to_string(),
        message: e.to_string(),
    };
    let (raw, size): (Box<dyn Read + Send>, Option<u64>) = if path == "-" {
        (Box::new(std::io::stdin()), None)
    } else {
        let f = File::open(path).map_err(io_err)?;
        let size = f.metadata().ok().map(|m| m.len());
        (Box::new(f), size)
    };
    let counted = CountingReader {
        inner: raw,
        count: count.clone(),
    };
    let mut reader: Box<dyn BufRead + Send> = Box::new(BufReader::with_capacity(1 << 16, counted));
    let head = reader.fill_buf().map_err(io_err)?.to_vec();
    if head.starts_with(&[0x1f, 0x8b]) {
        reader = Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(reader),
        ));
    }
    let head = reader.fill_buf().map_err(io_err)?.to_vec();
    let format = format
        .or_else(|| {
            (path != "-")
                .then(|| InputFormat::from_path(Path::new(path)))
                .flatten()
        })
        .unwrap_or_else(|| InputFormat::sniff(&head));
    let source: Box<dyn RecordSource> = match format {
        InputFormat::Csv { delimiter } => {
            Box::new(crate::delimited::CsvSource::new(path, reader, delimiter)?)
        }
        InputFormat::JsonLines => Box::new(JsonLinesSource {
            reader,
            line: 0,
            row: 0,
            file: path.to_string(),
        }),
        InputFormat::Parquet => {
            // Parquet needs random access: a file is read in place, standard input is
            // buffered in memory first.
            let mut bytes = Vec::new();
            let builder = if path == "-" {
                reader.read_to_end(&mut bytes).map_err(io_err)?;
                ParquetSource::from_builder(
                    path,
                    ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(bytes)),
                )?
            } else {
                let f = File::open(path).map_err(io_err)?;
                ParquetSource::from_builder(path, ParquetRecordBatchReaderBuilder::try_new(f))?
            };
            if path != "-" {
                count.store(size.unwrap_or(0), Ordering::Relaxed);
            }
            Box::new(builder)
        }
    };
    Ok(Input {
        name: path.to_string(),
        format,
        size,
        bytes_read: count,
        source,
    })
}

struct JsonLinesSource {
    file: String,
    reader: Box<dyn BufRead + Send>,
    line: u64,
    row: u64,
}

impl RecordSource for JsonLinesSource {
    fn headers(&self) -> &[String] {
        &[]
    }

    fn read_chunk(&mut self, n: usize, out: &mut Vec<RawRecord>) -> Result<bool, ScreenError> {
        let mut buf = Vec::new();
        let mut taken = 0;
        while taken < n {
            let Some(overlong) =
                read_line_capped(&mut self.reader, &mut buf).map_err(|e| ScreenError::Input {
                    file: self.file.clone(),
                    message: format!("line {}: {e}", self.line + 1),
                })?
            else {
                return Ok(false);
            };
            self.line += 1;
            let text = if self.line == 1 {
                buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&buf)
            } else {
                &buf[..]
            };
            if text.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            self.row += 1;
            taken += 1;
            let body = if overlong {
                RawBody::Broken(crate::Problem::record(format!(
                    "the line is longer than {} MiB",
                    MAX_LINE_BYTES >> 20
                )))
            } else {
                match std::str::from_utf8(text) {
                    Ok(s) => RawBody::Json(s.trim_end().to_string()),
                    Err(e) => RawBody::Broken(crate::Problem::record(format!(
                        "not valid UTF-8 at byte {} of the line (save the file as UTF-8)",
                        e.valid_up_to() + 1
                    ))),
                }
            };
            out.push(RawRecord {
                line: self.line,
                row: self.row,
                body,
            });
        }
        Ok(true)
    }
}

struct ParquetSource {
    file: String,
    reader: ParquetRecordBatchReader,
    headers: Vec<String>,
    row: u64,
    /// Rows of the current batch not yet handed out.
    pending: std::collections::VecDeque<Vec<String>>,
}

impl ParquetSource {
    fn from_builder<T: parquet::file::reader::ChunkReader + 'static>(
        file: &str,
        builder: parquet::errors::Result<ParquetRecordBatchReaderBuilder<T>>,
    ) -> Result<ParquetSource, ScreenError> {
        let err = |e: parquet::errors::ParquetError| ScreenError::Input {
            file: file.to_string(),
            message: format!("not a readable Parquet file: {e}"),
        };
        let builder = builder.map_err(err)?;
        let headers = builder
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        let reader = builder.with_batch_size(4096).build().map_err(err)?;
        Ok(ParquetSource {
            file: file.to_string(),
            reader,
            headers,
            row: 0,
            pending: Default::default(),
        })
    }

    fn next_batch(&mut self) -> Result<bool, ScreenError> {
        let Some(batch) = self.reader.next() else {
            return Ok(false);
        };
        let batch = batch.map_err(|e| ScreenError::Input {
            file: self.file.clone(),
            message: format!("after row {}: {e}", self.row),
        })?;
        let mut columns: Vec<StringArray> = Vec::with_capacity(batch.num_columns());
        for (i, col) in batch.columns().iter().enumerate() {
            let text = arrow_cast::cast(col, &arrow_schema::DataType::Utf8).map_err(|e| {
                ScreenError::Input {
                    file: self.file.clone(),
                    message: format!(
                        "column {:?} ({}) cannot be read as text: {e}",
                        self.headers.get(i).cloned().unwrap_or_default(),
                        col.data_type()
                    ),
                }
            })?;
            let text = text
                .as_any()
                .downcast_ref::<StringArray>()
                .cloned()
                .ok_or_else(|| ScreenError::Input {
                    file: self.file.clone(),
                    message: format!("column {i} did not convert to text"),
                })?;
            columns.push(text);
        }
        for r in 0..batch.num_rows() {
            self.pending.push_back(
                columns
                    .iter()
                    .map(|c| {
                        if c.is_null(r) {
                            String::new()
                        } else {
                            c.value(r).to_string()
                        }
                    })
                    .collect(),
            );
        }
        Ok(true)
    }
}

impl RecordSource for ParquetSource {
    fn headers(&self) -> &[String] {
        &self.headers
    }

    fn read_chunk(&mut self, n: usize, out: &mut Vec<RawRecord>) -> Result<bool, ScreenError> {
        for _ in 0..n {
            if self.pending.is_empty() && !self.next_batch()? {
                return Ok(false);
            }
            let Some(cells) = self.pending.pop_front() else {
                continue;
            };
            self.row += 1;
            out.push(RawRecord {
                line: self.row,
                row: self.row,
                body: RawBody::Cells(cells),
            });
        }
        Ok(true)
    }
}
