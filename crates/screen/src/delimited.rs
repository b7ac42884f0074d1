//! Delimited text (CSV, TSV, `;`-separated) as raw records, with every input line accounted
//! for.
//!
//! A CSV parser left to itself lets one unclosed quote swallow the rest of the file as a
//! single field: a 10,000-row file whose row 10 opens a quote and never closes it becomes 10
//! records, and the listed party on row 5,000 is never screened. So records are framed here,
//! line by line, before they are split into fields: a quoted field may run over line breaks
//! (addresses do), but a record that would span more than [`MAX_RECORD_LINES`] lines or
//! [`MAX_RECORD_BYTES`] bytes — or reach the end of the file inside a quote — is a broken
//! record. Its first line is reported as one bad record and reading resumes at the line after
//! it, with the lines read ahead given back, so that every line ends up in a screened record or
//! in the bad-records file.

use crate::source::{read_line_capped, RawBody, RawRecord, RecordSource, MAX_LINE_BYTES};
use crate::{Problem, ScreenError};
use std::collections::VecDeque;
use std::io::BufRead;

/// The most physical lines one record may span (a quoted field with line breaks).
pub const MAX_RECORD_LINES: usize = 100;
/// The most bytes one record may hold when it spans several lines.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// Where a CSV scanner stands after some bytes of a record, as far as line breaks go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteState {
    /// At the start of a field.
    FieldStart,
    /// Inside an unquoted field.
    Unquoted,
    /// Inside a quoted field: a line break here belongs to the field.
    Quoted,
    /// Just after a quote inside a quoted field: either the closing quote or half of `""`.
    QuoteInQuoted,
}

impl QuoteState {
    /// The state after `line` (which ends with `\n`, or the input), and whether the record
    /// ended at that line's break. Follows the rules of the `csv` crate: a quote opens a
    /// quoted field only at the field's start, `""` inside one is a literal quote.
    fn scan(mut self, line: &[u8], delimiter: u8) -> (QuoteState, bool) {
        use QuoteState::*;
        for &b in line {
            self = match (self, b) {
                (Quoted, b'"') => QuoteInQuoted,
                (Quoted, _) => Quoted,
                (QuoteInQuoted, b'"') => Quoted,
                (FieldStart, b'"') => Quoted,
                (_, b'\n') => return (FieldStart, true),
                (_, d) if d == delimiter => FieldStart,
                _ => Unquoted,
            };
        }
        // The end of the input ends a record that is not inside a quote.
        (self, self != Quoted)
    }
}

/// A physical line, its number, and whether it was cut at [`MAX_LINE_BYTES`].
struct Line {
    number: u64,
    bytes: Vec<u8>,
    overlong: bool,
}

/// What the framer hands out.
enum Framed {
    /// The bytes of one record (one line or several), and the line it starts on.
    Record { line: u64, bytes: Vec<u8> },
    /// A line that starts no readable record.
    Broken { line: u64, problem: Problem },
}

/// Splits delimited text into records by lines (see the module docs).
struct Framer {
    reader: Box<dyn BufRead + Send>,
    delimiter: u8,
    /// Lines read ahead for a record that turned out broken, to be framed again.
    replay: VecDeque<Line>,
    /// The number of the last line read from `reader`.
    lines_read: u64,
}

impl Framer {
    fn next_line(&mut self) -> std::io::Result<Option<Line>> {
        if let Some(l) = self.replay.pop_front() {
            return Ok(Some(l));
        }
        let mut bytes = Vec::new();
        let Some(overlong) = read_line_capped(&mut self.reader, &mut bytes)? else {
            return Ok(None);
        };
        self.lines_read += 1;
        Ok(Some(Line {
            number: self.lines_read,
            bytes,
            overlong,
        }))
    }

    fn next(&mut self) -> std::io::Result<Option<Framed>> {
        let Some(first) = self.next_line()? else {
            return Ok(None);
        };
        if first.overlong {
            return Ok(Some(Framed::Broken {
                line: first.number,
                problem: Problem::record(format!(
                    "the line is longer than {} MiB",
                    MAX_LINE_BYTES >> 20
                )),
            }));
        }
        let (mut state, ended) = QuoteState::FieldStart.scan(&first.bytes, self.delimiter);
        if ended {
            return Ok(Some(Framed::Record {
                line: first.number,
                bytes: first.bytes,
            }));
        }
        let start = first.number;
        let mut taken = vec![first];
        let mut size = taken[0].bytes.len();
        let why = loop {
            if taken.len() >= MAX_RECORD_LINES || size > MAX_RECORD_BYTES {
                break format!(
                    "a quoted field opened on this line is not closed within {MAX_RECORD_LINES} \
                     lines or {} MiB: the line is reported as a bad record and reading resumes \
                     at line {}",
                    MAX_RECORD_BYTES >> 20,
                    start + 1
                );
            }
            let Some(line) = self.next_line()? else {
                if taken.len() == 1 {
                    // Nothing after it to resume at.
                    break "a quoted field opened on this line is not closed before the end of \
                           the file"
                        .to_string();
                }
                break format!(
                    "a quoted field opened on this line is not closed before the end of the \
                     file: the line is reported as a bad record and reading resumes at line {}",
                    start + 1
                );
            };
            if line.overlong {
                self.replay.push_front(line);
                break format!(
                    "a quoted field opened on this line runs into a line longer than {} MiB: \
                     the line is reported as a bad record and reading resumes at line {}",
                    MAX_LINE_BYTES >> 20,
                    start + 1
                );
            }
            let ended;
            (state, ended) = state.scan(&line.bytes, self.delimiter);
            size += line.bytes.len();
            taken.push(line);
            if ended {
                let mut bytes = Vec::with_capacity(size);
                for l in &taken {
                    bytes.extend_from_slice(&l.bytes);
                }
                return Ok(Some(Framed::Record { line: start, bytes }));
            }
        };
        // Give back every line after the first, in order, ahead of any already given back.
        for l in taken.drain(1..).rev() {
            self.replay.push_front(l);
        }
        let problem = Problem::record(why);
        Ok(Some(Framed::Broken {
            line: start,
            problem,
        }))
    }
}

/// Splits one framed record into fields, reusing its buffers.
struct FieldSplitter {
    core: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
}

impl FieldSplitter {
    fn new(delimiter: u8) -> FieldSplitter {
        FieldSplitter {
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            out: Vec::new(),
            ends: Vec::new(),
        }
    }

    /// The fields of `record` (one record's bytes, its line break included or not).
    fn split<'a>(&'a mut self, record: &[u8]) -> impl Iterator<Item = &'a [u8]> + 'a {
        self.core.reset();
        // Unescaping only shrinks a field, and a record has at most one field per byte + 1.
        self.out.resize(record.len() + 1, 0);
        self.ends.resize(record.len() + 2, 0);
        let (mut input, mut out_at, mut ends_at) = (record, 0, 0);
        loop {
            let (res, nin, nout, nend) =
                self.core
                    .read_record(input, &mut self.out[out_at..], &mut self.ends[ends_at..]);
            input = &input[nin..];
            out_at += nout;
            ends_at += nend;
            match res {
                // Out of input without a line break: the next call, with no input, says
                // that the input ended and returns the record.
                csv_core::ReadRecordResult::InputEmpty => continue,
                // Record, End; the buffers are sized so that they never fill.
                _ => break,
            }
        }
        let out = &self.out[..];
        let mut from = 0;
        self.ends[..ends_at].iter().map(move |&end| {
            let field = &out[from..end];
            from = end;
            field
        })
    }
}

/// CSV/TSV rows as raw records.
pub(crate) struct CsvSource {
    file: String,
    framer: Framer,
    splitter: FieldSplitter,
    headers: Vec<String>,
    row: u64,
}

impl CsvSource {
    /// Reads the header row; an empty file or an unreadable header is an error.
    pub(crate) fn new(
        file: &str,
        reader: Box<dyn BufRead + Send>,
        delimiter: u8,
    ) -> Result<Self, ScreenError> {
        let input_err = |message: String| ScreenError::Input {
            file: file.to_string(),
            message,
        };
        let mut framer = Framer {
            reader,
            delimiter,
            replay: VecDeque::new(),
            lines_read: 0,
        };
        let header = loop {
            match framer
                .next()
                .map_err(|e| input_err(format!("line 1: {e}")))?
            {
                None => {
                    return Err(input_err(
                        "the file is empty: a header row naming the columns is expected".into(),
                    ))
                }
                Some(Framed::Broken { line, problem }) => {
                    return Err(input_err(format!(
                        "line {line}: the header row cannot be read: {}",
                        problem.message
                    )))
                }
                Some(Framed::Record { bytes, .. }) if is_blank(&bytes) => continue,
                Some(Framed::Record { bytes, line }) => break (line, bytes),
            }
        };
        let mut splitter = FieldSplitter::new(delimiter);
        let mut names = Vec::new();
        let (line, bytes) = header;
        for (i, h) in splitter.split(&bytes).enumerate() {
            let h = std::str::from_utf8(h).map_err(|_| {
                input_err(format!(
                    "line {line}, column {}: the header is not UTF-8 text (save the file as UTF-8)",
                    i + 1
                ))
            })?;
            names.push(h.trim_start_matches('\u{feff}').trim().to_string());
        }
        Ok(CsvSource {
            file: file.to_string(),
            framer,
            splitter,
            headers: names,
            row: 0,
        })
    }

    fn body(&mut self, bytes: &[u8]) -> RawBody {
        let width = self.headers.len();
        let mut cells = Vec::with_capacity(width);
        let mut bad = None;
        let mut count = 0;
        for (i, c) in self.splitter.split(bytes).enumerate() {
            count += 1;
            if bad.is_some() || count > width {
                continue;
            }
            match std::str::from_utf8(c) {
                Ok(s) => cells.push(s.to_string()),
                Err(_) => {
                    bad = Some(Problem::field(
                        &self.headers[i],
                        "is not valid UTF-8 (save the file as UTF-8)",
                    ))
                }
            }
        }
        if count != width {
            return RawBody::Broken(Problem::record(format!(
                "the row has {count} fields, the header has {width}: a missing or extra \
                 delimiter or a stray quote"
            )));
        }
        match bad {
            Some(p) => RawBody::Broken(p),
            None => RawBody::Cells(cells),
        }
    }
}

/// A line with nothing but white space (and its line break) is no record.
fn is_blank(bytes: &[u8]) -> bool {
    bytes.iter().all(|b| matches!(b, b'\r' | b'\n'))
}

impl RecordSource for CsvSource {
    fn headers(&self) -> &[String] {
        &self.headers
    }

    fn read_chunk(&mut self, n: usize, out: &mut Vec<RawRecord>) -> Result<bool, ScreenError> {
        let mut taken = 0;
        while taken < n {
            let framed = self.framer.next().map_err(|e| ScreenError::Input {
                file: self.file.clone(),
                message: format!("line {}: {e}", self.framer.lines_read + 1),
            })?;
            let (line, body) = match framed {
                None => return Ok(false),
                Some(Framed::Record { bytes, .. }) if is_blank(&bytes) => continue,
                Some(Framed::Record { line, bytes }) => (line, self.body(&bytes)),
                Some(Framed::Broken { line, problem }) => (line, RawBody::Broken(problem)),
            };
            self.row += 1;
            taken += 1;
            out.push(RawRecord {
                line,
                row: self.row,
                body,
            });
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> CsvSource {
        let reader: Box<dyn BufRead + Send> = Box::new(std::io::Cursor::new(text.to_string()));
        CsvSource::new("t.csv", reader, b',').unwrap()
    }

    fn records(text: &str) -> Vec<(u64, Result<Vec<String>, String>)> {
        let mut s = source(text);
        let mut out = Vec::new();
        while s.read_chunk(7, &mut out).unwrap() {}
        out.into_iter()
            .map(|r| {
                let body = match r.body {
                    RawBody::Cells(c) => Ok(c),
                    RawBody::Broken(p) => Err(p.message),
                    RawBody::Json(_) => unreachable!(),
                };
                (r.line, body)
            })
            .collect()
    }

    #[test]
    fn quoted_fields_with_delimiters_quotes_and_line_breaks() {
        let got = records(
            "id,name,address\n1,\"Acme, Inc\",\"12 Main St\nSpringfield\"\r\n\
             2,\"The \"\"Best\"\" Ltd\",x\n\n3,plain\"quote,y",
        );
        assert_eq!(got.len(), 3);
        assert_eq!(
            got[0],
            (
                2,
                Ok(vec![
                    "1".into(),
                    "Acme, Inc".into(),
                    "12 Main St\nSpringfield".into()
                ])
            )
        );
        assert_eq!(
            got[1],
            (
                4,
                Ok(vec!["2".into(), "The \"Best\" Ltd".into(), "x".into()])
            )
        );
        assert_eq!(
            got[2],
            (6, Ok(vec!["3".into(), "plain\"quote".into(), "y".into()]))
        );
    }

    #[test]
    fn an_unclosed_quote_costs_one_line_not_the_rest_of_the_file() {
        let mut text = String::from("id,name,country\n");
        for i in 1..=500 {
            if i == 10 {
                text.push_str("c10,\"Johnny Walker Trading,us\n");
            } else {
                text.push_str(&format!("c{i},Name {i},us\n"));
            }
        }
        let got = records(&text);
        // Every data line is a record: 499 screened, one broken.
        assert_eq!(got.len(), 500);
        let broken: Vec<_> = got.iter().filter(|(_, b)| b.is_err()).collect();
        assert_eq!(broken.len(), 1, "{broken:?}");
        assert_eq!(broken[0].0, 11);
        assert!(broken[0]
            .1
            .as_ref()
            .unwrap_err()
            .contains("resumes at line 12"));
        let last = got.last().unwrap();
        assert_eq!(last.0, 501);
        assert_eq!(last.1.as_ref().unwrap()[1], "Name 500");
        // Lines are numbered as in the file, in order.
        let lines: Vec<u64> = got.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, (2..=501).collect::<Vec<_>>());
    }

    #[test]
    fn an_unclosed_quote_near_the_end_gives_back_the_lines_after_it() {
        let got = records("id,name\n1,\"open\n2,b\n3,c\n");
        assert_eq!(got.len(), 3);
        assert!(got[0].1.as_ref().unwrap_err().contains("end of the file"));
        assert_eq!(got[1], (3, Ok(vec!["2".into(), "b".into()])));
        assert_eq!(got[2], (4, Ok(vec!["3".into(), "c".into()])));
    }

    #[test]
    fn ragged_rows_and_bad_header() {
        let got = records("a,b\n1\n1,2,3\n");
        assert!(got[0].1.as_ref().unwrap_err().contains("1 fields"));
        assert!(got[1].1.as_ref().unwrap_err().contains("3 fields"));
        let reader: Box<dyn BufRead + Send> =
            Box::new(std::io::Cursor::new("\"a,b\nx,y\n".to_string()));
        let err = CsvSource::new("h.csv", reader, b',').err().unwrap();
        assert!(err.to_string().contains("header"), "{err}");
    }
}
