//! Byte-level reading shared by the parsers: decompression, text decoding with precise
//! error positions, and the line-length guard.

use crate::{ParseError, SourceFile, MAX_LINE_BYTES};
use std::io::Read;

/// Decompresses gzip data, refusing to inflate past `limit` bytes (a "zip bomb" guard).
pub(crate) fn gunzip(raw: &[u8], limit: usize) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut dec = flate2::read::GzDecoder::new(raw).take(limit as u64 + 1);
    dec.read_to_end(&mut out)
        .map_err(|e| format!("is not valid gzip data: {e}"))?;
    if out.len() > limit {
        return Err(format!("decompresses to more than {limit} bytes"));
    }
    Ok(out)
}

/// Counts lines incrementally over one text, for positions that only grow (CSV records):
/// linear in the text, where calling [`line_of`] per record would be quadratic.
pub(crate) struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    pub(crate) fn new(text: &'a [u8]) -> Self {
        LineCounter {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The 1-based line of `offset`; offsets must not decrease between calls.
    pub(crate) fn line_at(&mut self, offset: usize) -> usize {
        let offset = record_start(self.text, offset);
        if offset < self.offset {
            return line_of(self.text, offset);
        }
        self.line += self.text[self.offset..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = offset;
        self.line
    }
}

/// The csv crate reports a CRLF record's start at the `\n` of the previous line ending;
/// step past it so that line counts are right.
fn record_start(bytes: &[u8], offset: usize) -> usize {
    let offset = offset.min(bytes.len());
    if bytes.get(offset) == Some(&b'\n') {
        offset + 1
    } else {
        offset
    }
}

/// 1-based line number of a byte offset.
pub(crate) fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..record_start(bytes, offset)]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Checks that no line is longer than [`MAX_LINE_BYTES`].
pub(crate) fn check_line_lengths(file: &SourceFile) -> Result<(), ParseError> {
    for (line, chunk) in (1..).zip(file.bytes.split(|&b| b == b'\n')) {
        if chunk.len() > MAX_LINE_BYTES {
            return Err(ParseError::at(
                &file.name,
                format!("line {line}"),
                None,
                format!(
                    "line is {} bytes long; the longest accepted is {MAX_LINE_BYTES} \
                     (is this a list file, and is it complete?)",
                    chunk.len()
                ),
            ));
        }
    }
    Ok(())
}

/// Decodes UTF-8 (a leading BOM is skipped). Invalid bytes are an error naming the line.
pub(crate) fn utf8(file: &SourceFile) -> Result<&str, ParseError> {
    let bytes = file
        .bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(&file.bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let off = e.valid_up_to();
        ParseError::at(
            &file.name,
            format!("line {}, byte {}", line_of(bytes, off), off),
            None,
            "invalid UTF-8; this format must be UTF-8 (was the file re-saved in another encoding?)",
        )
    })
}

/// Decodes Windows-1252 (the OFAC and HMT legacy CSV encoding). Every byte sequence is
/// valid Windows-1252, so this cannot fail; a UTF-8 file is detected and decoded as UTF-8
/// instead, since re-saved copies of these lists often are.
pub(crate) fn windows_1252(file: &SourceFile) -> String {
    let bytes = file
        .bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(&file.bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_string();
    }
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    text.into_owned()
}

/// Trims a CSV cell and maps the OFAC null marker `-0-` and empty cells to `None`.
pub(crate) fn cell(s: Option<&str>) -> Option<String> {
    let s = s?.trim();
    if s.is_empty() || s == "-0-" {
        None
    } else {
        Some(s.to_string())
    }
}

/// Position text for a CSV record: "line N, record M". Lines are counted from the byte
/// offset in `text` (the csv crate's own line count drifts on CRLF files).
pub(crate) fn csv_pos(text: &[u8], rec: &csv::StringRecord, index: usize) -> String {
    match rec.position() {
        Some(p) => format!(
            "line {}, record {}",
            line_of(text, p.byte() as usize),
            index + 1
        ),
        None => format!("record {}", index + 1),
    }
}

/// Maps a csv crate error to a [`ParseError`] with its position in `text`.
pub(crate) fn csv_error(file: &SourceFile, text: &[u8], err: csv::Error) -> ParseError {
    let loc = err
        .position()
        .map(|p| {
            format!(
                "line {}, record {}",
                line_of(text, p.byte() as usize),
                p.record() + 1
            )
        })
        .unwrap_or_else(|| "unknown position".into());
    let msg = match err.kind() {
        csv::ErrorKind::Utf8 { .. } => "invalid UTF-8 in a field".to_string(),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("has {len} fields where the file's rows have {expected_len}"),
        _ => err.to_string(),
    };
    ParseError::at(&file.name, loc, None, msg)
}

/// Column positions by header name, checking that the `required` columns are present
/// (the error names the first missing one).
pub(crate) fn header_index<'h>(
    file: &SourceFile,
    headers: &'h csv::StringRecord,
    required: &[&str],
    location: &str,
) -> Result<std::collections::HashMap<&'h str, usize>, ParseError> {
    let idx: std::collections::HashMap<&str, usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim(), i))
        .collect();
    for req in required {
        if !idx.contains_key(req) {
            return Err(ParseError::at(
                &file.name,
                location,
                Some(req),
                "column missing",
            ));
        }
    }
    Ok(idx)
}
