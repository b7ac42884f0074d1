//! Parsers for the official list formats, one module per format, each turning files into
//! interdict [`Entity`] values.
//!
//! Design decisions:
//! - **Whole files, all or nothing.** A parser returns every entity of a file or an error; it
//!   never returns half a list. The store relies on this to keep the previous version active
//!   when a new file is broken.
//! - **Errors say where.** [`ParseError`] names the file, the line or record, and the field,
//!   so an analyst can open the file at the right place.
//! - **Nothing is dropped silently.** What a parser cannot place in a typed field goes into
//!   notes or FtM `extra` properties; records it cannot use at all (an OFAC `add.csv` row
//!   whose entity is not in `sdn.csv`) are counted and named in [`ParsedList::warnings`].
//! - **Formats are recognized from content** ([`detect`]), not from file names, except where
//!   two lists share one format (OFAC SDN and OFAC Consolidated), where the name decides and
//!   `--list` overrides.
//! - **No DTDs.** XML with a document type declaration is refused outright: no list uses one,
//!   and refusing them closes the entity-expansion ("billion laughs") attack.
#![deny(missing_docs)]

mod bis_dpl;
mod csl;
mod eu_xml;
mod ftm;
mod lists;
mod ofac_csv;
mod ofac_enhanced;
mod ofac_remarks;
mod ofac_xml;
pub mod ownership_csv;
mod read;
mod uk_csv;
mod uk_xml;
mod un_xml;
mod xml;

pub use lists::{download_urls, list_info, ListInfo, LISTS};

use interdict_model::{Entity, PartialDate, Schema};
use std::fmt;

/// Longest line (or CSV record / JSON line) accepted, in bytes. Real list records are a few
/// kilobytes; a longer line means a corrupt or hostile file.
pub const MAX_LINE_BYTES: usize = 8 * 1024 * 1024;

/// Largest input file accepted, in bytes (the biggest official files are ~120 MB).
pub const MAX_FILE_BYTES: usize = 1024 * 1024 * 1024;

/// A list format interdict reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// OFAC legacy CSV set: `sdn.csv`/`cons_prim.csv` + `add.csv` + `alt.csv` + comments.
    OfacCsv,
    /// OFAC `SDN.XML` schema (also used by `consolidated.xml`).
    OfacXml,
    /// OFAC enhanced XML schema (`SDN_ENHANCED.XML`, `CONS_ENHANCED.XML`).
    OfacEnhancedXml,
    /// UN Security Council consolidated list XML.
    UnXml,
    /// EU Financial Sanctions Files, legacy 1.0 "WHOLE" XML.
    EuXml10,
    /// EU Financial Sanctions Files, `xmlFullSanctionsList_1_1`.
    EuXml11,
    /// UK HMT/OFSI consolidated list, legacy CSV (ConList).
    UkConListCsv,
    /// UK FCDO UK Sanctions List XML.
    UkFcdoXml,
    /// US trade.gov Consolidated Screening List CSV.
    CslCsv,
    /// BIS Denied Persons List, tab-separated.
    BisDplTxt,
    /// FollowTheMoney entities, JSON lines (OpenSanctions exports).
    FtmJson,
    /// OpenSanctions delta file (`{"op": ADD|MOD|DEL, "entity": …}` lines).
    FtmDelta,
    /// A user's ownership registry: `owner_id,owner_name,asset_id,asset_name,percentage,
    /// start_date,end_date` (see [`ownership_csv`]).
    OwnershipCsv,
}

impl Format {
    /// Every format, for `--help` and error messages.
    pub const ALL: [Format; 13] = [
        Format::OfacCsv,
        Format::OfacXml,
        Format::OfacEnhancedXml,
        Format::UnXml,
        Format::EuXml10,
        Format::EuXml11,
        Format::UkConListCsv,
        Format::UkFcdoXml,
        Format::CslCsv,
        Format::BisDplTxt,
        Format::FtmJson,
        Format::FtmDelta,
        Format::OwnershipCsv,
    ];

    /// The name used on the command line (`--format ofac-csv`).
    pub fn name(self) -> &'static str {
        match self {
            Format::OfacCsv => "ofac-csv",
            Format::OfacXml => "ofac-xml",
            Format::OfacEnhancedXml => "ofac-enhanced-xml",
            Format::UnXml => "un-xml",
            Format::EuXml10 => "eu-xml-1.0",
            Format::EuXml11 => "eu-xml-1.1",
            Format::UkConListCsv => "uk-conlist-csv",
            Format::UkFcdoXml => "uk-fcdo-xml",
            Format::CslCsv => "csl-csv",
            Format::BisDplTxt => "bis-dpl-txt",
            Format::FtmJson => "ftm-json",
            Format::FtmDelta => "ftm-delta",
            Format::OwnershipCsv => "ownership-csv",
        }
    }

    /// Parses a command-line format name.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One input file: its name (for messages and OFAC role detection) and its bytes.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// File name or path as the user gave it.
    pub name: String,
    /// Raw content (already decompressed if it was `.gz`).
    pub bytes: Vec<u8>,
}

impl SourceFile {
    /// Reads a file from disk, decompressing `.gz` files. Errors name the file.
    pub fn read(path: &std::path::Path) -> Result<SourceFile, ParseError> {
        let name = path.display().to_string();
        let fail = |msg: String| ParseError::file(&name, msg);
        let meta = std::fs::metadata(path).map_err(|e| fail(format!("cannot read: {e}")))?;
        if meta.is_dir() {
            return Err(fail("is a directory; name the list files inside it".into()));
        }
        if meta.len() as usize > MAX_FILE_BYTES {
            return Err(fail(format!(
                "is {} bytes; the largest accepted is {MAX_FILE_BYTES}",
                meta.len()
            )));
        }
        // The size in the metadata says nothing for a device or a pipe (`/dev/zero`, a FIFO
        // is 0 bytes there): the limit is enforced while reading.
        let mut raw = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| {
                std::io::Read::read_to_end(
                    &mut std::io::Read::take(f, MAX_FILE_BYTES as u64 + 1),
                    &mut raw,
                )
            })
            .map_err(|e| fail(format!("cannot read: {e}")))?;
        if raw.len() > MAX_FILE_BYTES {
            return Err(fail(format!(
                "is larger than {MAX_FILE_BYTES} bytes, the largest accepted; nothing was read \
                 past that"
            )));
        }
        SourceFile::from_bytes(&name, raw)
    }

    /// A file received some other way (an upload), decompressed if it is gzip. Errors name
    /// the file.
    pub fn from_bytes(name: &str, raw: Vec<u8>) -> Result<SourceFile, ParseError> {
        let fail = |msg: String| ParseError::file(name, msg);
        if raw.len() > MAX_FILE_BYTES {
            return Err(fail(format!(
                "is {} bytes; the largest accepted is {MAX_FILE_BYTES}",
                raw.len()
            )));
        }
        let bytes = if raw.starts_with(&[0x1f, 0x8b]) {
            read::gunzip(&raw, MAX_FILE_BYTES).map_err(fail)?
        } else {
            raw
        };
        Ok(SourceFile {
            name: name.to_string(),
            bytes,
        })
    }

    /// The file name without directories, lower case.
    pub(crate) fn base_name(&self) -> String {
        self.name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&self.name)
            .to_ascii_lowercase()
    }
}

/// Why a file could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ParseError {
    /// The file.
    pub file: String,
    /// Line, record or position ("line 12", "record 5 (uid 45708)", "line 3, column 7").
    pub location: Option<String>,
    /// The field or element at fault.
    pub field: Option<String>,
    /// What is wrong, and when possible what to do.
    pub message: String,
}

impl ParseError {
    /// An error about the file as a whole.
    pub fn file(file: &str, message: impl Into<String>) -> ParseError {
        ParseError {
            file: file.to_string(),
            location: None,
            field: None,
            message: message.into(),
        }
    }

    /// An error at a location in the file, optionally naming a field.
    pub fn at(
        file: &str,
        location: impl Into<String>,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> ParseError {
        ParseError {
            file: file.to_string(),
            location: Some(location.into()),
            field: field.map(str::to_string),
            message: message.into(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(loc) = &self.location {
            write!(f, ": {loc}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The result of parsing one list's files.
#[derive(Debug, Clone)]
pub struct ParsedList {
    /// The list id (`us_ofac_sdn`, `un_sc_sanctions`…); see [`LISTS`].
    pub list: String,
    /// The format read.
    pub format: Format,
    /// Publication date the file states, if any.
    pub published: Option<PartialDate>,
    /// The entities (for a delta: the added and modified ones).
    pub entities: Vec<Entity>,
    /// Ids a delta file deletes; empty for full lists.
    pub deletions: Vec<String>,
    /// True when this is a delta to apply to the list's active version.
    pub is_delta: bool,
    /// The number of records the file itself declares (OFAC `Record_Count`), if any.
    pub declared_count: Option<usize>,
    /// Things the parser noticed and could not use: orphan rows, records without ids.
    pub warnings: Vec<String>,
    /// The files read, in order.
    pub files: Vec<String>,
}

impl ParsedList {
    fn new(list: &str, format: Format, files: &[&SourceFile]) -> ParsedList {
        ParsedList {
            list: list.to_string(),
            format,
            published: None,
            entities: Vec::new(),
            deletions: Vec::new(),
            is_delta: false,
            declared_count: None,
            warnings: Vec::new(),
            files: files.iter().map(|f| f.name.clone()).collect(),
        }
    }
}

impl ParsedList {
    /// A new entity of this list: id `<prefix><record_id>`, with its provenance (list,
    /// record id, publication date as known so far) filled in.
    pub(crate) fn entity(&self, prefix: &str, record_id: &str, schema: Schema) -> Entity {
        let mut e = Entity::new(format!("{prefix}{record_id}"), schema);
        e.source.list = self.list.clone();
        e.source.record_id = record_id.to_string();
        e.source.published = self.published;
        e
    }
}

/// Recognizes a file's format from its first kilobytes.
///
/// Returns `None` when the content matches no known format; the caller then asks the user
/// for `--format`.
pub fn detect(file: &SourceFile) -> Option<Format> {
    let head = &file.bytes[..file.bytes.len().min(8192)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('<') {
        let root = xml::root_name_hint(text)?;
        return match root.as_str() {
            "sdnList" => Some(Format::OfacXml),
            "sanctionsData" => Some(Format::OfacEnhancedXml),
            "CONSOLIDATED_LIST" => Some(Format::UnXml),
            "WHOLE" => Some(Format::EuXml10),
            "export" => Some(Format::EuXml11),
            "Designations" => Some(Format::UkFcdoXml),
            _ => None,
        };
    }
    if text.starts_with('{') {
        let first = text.lines().next().unwrap_or("");
        if first.contains("\"op\"") && first.contains("\"entity\"") {
            return Some(Format::FtmDelta);
        }
        if first.contains("\"schema\"") {
            return Some(Format::FtmJson);
        }
        return None;
    }
    let first = text.lines().next().unwrap_or("");
    if ownership_csv::is_header(first) {
        return Some(Format::OwnershipCsv);
    }
    if first.starts_with("Last Updated,") {
        return Some(Format::UkConListCsv);
    }
    if first.starts_with("\"Name\"\t") || first.starts_with("Name\t") {
        return Some(Format::BisDplTxt);
    }
    if first.contains("source,") && first.contains("alt_names") {
        return Some(Format::CslCsv);
    }
    // OFAC legacy CSV: no header, first field an integer.
    let first_field = first.split(',').next().unwrap_or("");
    if !first_field.is_empty() && first_field.chars().all(|c| c.is_ascii_digit()) {
        return Some(Format::OfacCsv);
    }
    None
}

/// Parses a set of files given together (e.g. `sdn.csv add.csv alt.csv`), returning one
/// [`ParsedList`] per list they make up. OFAC CSV files are grouped into sets by list
/// (SDN or Consolidated); every other file is a list of its own.
///
/// `format` forces the format of every file; `list` forces the list id of every result.
pub fn parse_files(
    files: &[SourceFile],
    format: Option<Format>,
    list: Option<&str>,
) -> Result<Vec<ParsedList>, ParseError> {
    if files.is_empty() {
        return Err(ParseError::file("(no files)", "no input files given"));
    }
    let mut ofac_sets: Vec<(String, Vec<&SourceFile>)> = Vec::new();
    let mut out = Vec::new();
    for file in files {
        if file
            .bytes
            .iter()
            .all(|b| b.is_ascii_whitespace() || *b == 0x1a)
        {
            return Err(ParseError::file(&file.name, "is empty"));
        }
        let fmt = match format.or_else(|| detect(file)) {
            Some(f) => f,
            None => {
                return Err(ParseError::file(
                    &file.name,
                    format!(
                        "format not recognized from its content; pass --format (one of: {})",
                        Format::ALL.map(Format::name).join(", ")
                    ),
                ))
            }
        };
        let parsed = match fmt {
            // OFAC CSV files are parsed as sets once all files are sorted into them.
            Format::OfacCsv => {
                let id = list
                    .map(str::to_string)
                    .unwrap_or_else(|| ofac_csv::list_for_file(file).to_string());
                match ofac_sets.iter_mut().find(|(l, _)| *l == id) {
                    Some((_, set)) => set.push(file),
                    None => ofac_sets.push((id, vec![file])),
                }
                continue;
            }
            Format::OfacXml => ofac_xml::parse(file, list)?,
            Format::OfacEnhancedXml => ofac_enhanced::parse(file, list)?,
            Format::UnXml => un_xml::parse(file, list)?,
            Format::EuXml10 => eu_xml::parse_10(file, list)?,
            Format::EuXml11 => eu_xml::parse_11(file, list)?,
            Format::UkConListCsv => uk_csv::parse(file, list)?,
            Format::UkFcdoXml => uk_xml::parse(file, list)?,
            Format::CslCsv => csl::parse(file, list)?,
            Format::BisDplTxt => bis_dpl::parse(file, list)?,
            Format::FtmJson => ftm::parse(file, list, false)?,
            Format::FtmDelta => ftm::parse(file, list, true)?,
            Format::OwnershipCsv => ownership_csv::parse(file, list)?,
        };
        out.push(parsed);
    }
    for (id, set) in ofac_sets {
        out.push(ofac_csv::parse_set(&set, &id)?);
    }
    Ok(out)
}

/// Resolves "Linked To: NAME" style references by name within one list: returns the ids of
/// the entities whose names normalize to the same text.
pub(crate) fn ids_by_name(entities: &[Entity]) -> std::collections::HashMap<String, Vec<String>> {
    let mut map: std::collections::HashMap<String, Vec<String>> = Default::default();
    for e in entities {
        for n in &e.names {
            let key = name_key(&n.value);
            let ids = map.entry(key).or_default();
            if !ids.contains(&e.id) {
                ids.push(e.id.clone());
            }
        }
    }
    map
}

/// A crude comparison key for name references inside one list (case, punctuation and
/// spacing folded). The matcher has its own, much richer normalization.
pub(crate) fn name_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}
