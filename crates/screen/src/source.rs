//! What every input reader produces: raw records (cells of a row, a JSON text, or what could
//! not even be split), read from a stream of them, lines never longer than a cap.

use crate::ScreenError;
use std::io::{BufRead, Read};

/// A JSON line longer than this is reported as a bad record instead of being buffered.
pub const MAX_LINE_BYTES: usize = 8 << 20;

/// One record as read, before it is understood.
#[derive(Debug, Clone)]
pub struct RawRecord {
    /// Position of the record: the line number in text files (where the record starts),
    /// the row number (1-based) in Parquet files.
    pub line: u64,
    /// The record's ordinal among data records (1-based): the id when it has none.
    pub row: u64,
    /// Its content.
    pub body: RawBody,
}

/// What a raw record holds.
#[derive(Debug, Clone)]
pub enum RawBody {
    /// Cells of a tabular row, as many as the header has.
    Cells(Vec<String>),
    /// One JSON text.
    Json(String),
    /// A record that could not even be split: invalid UTF-8, a ragged row, an overlong line.
    Broken(crate::Problem),
}

/// Reads one line (with its `\n`) into `buf`, replacing what it held, but never more than
/// [`MAX_LINE_BYTES`]: the rest of a longer line is read and dropped, so that one runaway
/// line costs no memory. `None` at the end of the input; `Some(true)` when the line was cut.
pub(crate) fn read_line_capped(
    reader: &mut (impl BufRead + ?Sized),
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<bool>> {
    buf.clear();
    let read = (&mut *reader)
        .take(MAX_LINE_BYTES as u64 + 1)
        .read_until(b'\n', buf)?;
    if read == 0 {
        return Ok(None);
    }
    let overlong = buf.len() > MAX_LINE_BYTES && buf.last() != Some(&b'\n');
    if overlong {
        loop {
            let chunk = reader.fill_buf()?;
            if chunk.is_empty() {
                break;
            }
            match chunk.iter().position(|b| *b == b'\n') {
                Some(p) => {
                    reader.consume(p + 1);
                    break;
                }
                None => {
                    let l = chunk.len();
                    reader.consume(l);
                }
            }
        }
    }
    Ok(Some(overlong))
}

/// A stream of raw records.
pub trait RecordSource: Send {
    /// Column names for tabular inputs (empty for JSON lines).
    fn headers(&self) -> &[String];
    /// Up to `n` more records appended to `out`; `Ok(false)` at the end of the input.
    fn read_chunk(&mut self, n: usize, out: &mut Vec<RawRecord>) -> Result<bool, ScreenError>;
}
