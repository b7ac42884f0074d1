//! interdict's local snapshot store: every imported version of every list, which version is
//! active, and the bundled lists that make a fresh install work offline.
//!
//! Layout under the data directory:
//!
//! ```text
//! lists/<list>/versions/000003/manifest.json   what was imported, when, from which files (sha256)
//! lists/<list>/versions/000003/entities.bin    the parsed entities (postcard), for fast loading
//! lists/<list>/versions/000003/files/*.gz       the source files themselves, for audit and diffs
//! lists/<list>/ACTIVE                           the active version number
//! ```
//!
//! Why this shape: an import is **atomic** because a version directory is fully written and
//! synced under a temporary name before it is renamed into place, and `ACTIVE` is replaced by
//! rename only after that. A crash or a parse error at any point leaves the previous version
//! active. Loading reads one `entities.bin` per list, which is much faster than re-parsing
//! the XML and CSV sources.
#![deny(missing_docs)]

pub mod alerts;
mod bundled;
mod clock;
pub mod diff;
mod since;
mod snapshot;
pub mod users;

pub use alerts::{AlertError, AlertStore, Decision};
pub use bundled::{BundledList, BUNDLED};
pub use clock::{days_between, rfc3339_of, today, unix_now, unix_seconds, utc_now_rfc3339};
pub use diff::{ChangedEntity, ListDiff};
pub use since::VersionSpecError;
pub use snapshot::{SearchHit, Snapshot};
pub use users::{Role, User, UserError, Users};

use interdict_model::{Entity, PartialDate};
use interdict_sources::{ParseError, ParsedList, SourceFile};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Store errors. Each names the file or list it is about.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A list file could not be parsed; nothing was changed.
    #[error("{0}\nnothing was imported; the active lists are unchanged")]
    Parse(#[from] ParseError),
    /// A file system operation failed.
    #[error("{path}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A stored file is damaged.
    #[error("{path}: damaged store file ({message}); re-import the list or delete this version")]
    Corrupt {
        /// The path involved.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The input is acceptable as a file but not as a list version.
    #[error("{0}\nnothing was imported; the active lists are unchanged")]
    Rejected(String),
    /// A list or version that the store does not hold was asked for.
    #[error("{0}")]
    NotFound(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The share of listed parties a new version may lose before an import refuses it, unless the
/// caller says otherwise ([`ImportOptions::max_drop`]): a truncated download or a
/// `head -n 1000` of a list must not replace the good version.
pub const DEFAULT_MAX_DROP: f64 = 0.2;

/// Checks that `id` is a list id: 1 to 64 characters, lower-case ASCII letters, digits, `_`
/// and `-`, starting with a letter or digit (`us_ofac_sdn`, `un_sc_sanctions`). A list id
/// becomes a directory name in the store, so nothing else — no `/`, no `..`, no spaces — is
/// accepted, and it is checked before any path is built from it.
pub fn check_list_id(id: &str) -> Result<(), StoreError> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
        && id.as_bytes()[0].is_ascii_alphanumeric();
    if ok {
        Ok(())
    } else {
        Err(StoreError::Rejected(format!(
            "{id:?} is not a list id: use 1 to 64 lower-case letters, digits, '_' or '-', \
             starting with a letter or digit (e.g. us_ofac_sdn)"
        )))
    }
}

/// How to import (see [`Store::import_with`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions<'a> {
    /// Force the format instead of detecting it.
    pub format: Option<interdict_sources::Format>,
    /// Force the list id.
    pub list: Option<&'a str>,
    /// The publication date, overriding what the files state.
    pub published: Option<PartialDate>,
    /// The publication date when the files state none.
    pub default_published: Option<PartialDate>,
    /// Refuse the new version when it has fewer than `1 − max_drop` times the entities of the
    /// active one (`None`: [`DEFAULT_MAX_DROP`]). A larger value is an explicit override, and
    /// a version accepted only because of it says so in its manifest's warnings.
    pub max_drop: Option<f64>,
}

/// One source file of a list version.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileRecord {
    /// File name as given at import.
    pub name: String,
    /// sha256 of the (uncompressed) content, hex.
    pub sha256: String,
    /// Size in bytes, uncompressed.
    pub bytes: usize,
}

/// What one imported version of a list is.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ListVersion {
    /// List id.
    pub list: String,
    /// Version number, 1, 2, … per list.
    pub version: u32,
    /// Format the files were read as.
    pub format: String,
    /// Publication date the data states (or the bundled provenance gives).
    pub published: Option<PartialDate>,
    /// When it was imported, RFC 3339 UTC.
    pub imported_at: String,
    /// `import`, `bundled` or `delta`.
    pub origin: String,
    /// The source files.
    pub files: Vec<FileRecord>,
    /// Entity counts by schema.
    pub counts: BTreeMap<String, usize>,
    /// Total entities.
    pub total: usize,
    /// What the parser reported (orphans, skipped records).
    pub warnings: Vec<String>,
}

impl ListVersion {
    /// Listed parties (people, organizations, vessels, aircraft…), not counting the link
    /// entities between them.
    pub fn parties(&self) -> usize {
        self.counts
            .iter()
            .filter(|(schema, _)| interdict_model::Schema::from_name(schema).is_matchable())
            .map(|(_, n)| n)
            .sum()
    }

    /// Days since publication (or, without a publication date, since import).
    pub fn age_days(&self, today: PartialDate) -> Option<i64> {
        days_between(self.reference_date()?, today)
    }

    /// When the list was published (or, without a publication date, imported), as seconds
    /// since the Unix epoch at the start of that day (UTC).
    pub fn published_unix(&self) -> Option<i64> {
        Some(unix_seconds(self.reference_date()?))
    }

    fn reference_date(&self) -> Option<PartialDate> {
        self.published
            .or_else(|| PartialDate::parse_iso(&self.imported_at))
    }
}

/// The store in one data directory.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

/// The default data directory: `$INTERDICT_DATA_DIR`, else the platform's user data
/// directory (`$XDG_DATA_HOME/interdict`, `~/.local/share/interdict`,
/// `~/Library/Application Support/interdict`, `%APPDATA%\interdict`).
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("INTERDICT_DATA_DIR") {
        return PathBuf::from(dir);
    }
    if cfg!(windows) {
        if let Some(appdata) = std::env::var_os("APPDATA") {
            return PathBuf::from(appdata).join("interdict");
        }
    }
    if let Some(xdg) = std::env::var_os("XDG_DATA_HOME") {
        return PathBuf::from(xdg).join("interdict");
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    if cfg!(target_os = "macos") {
        home.join("Library/Application Support/interdict")
    } else {
        home.join(".local/share/interdict")
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let mut f = fs::File::create(path).map_err(io(path))?;
    f.write_all(bytes).map_err(io(path))?;
    f.sync_all().map_err(io(path))
}

fn sync_dir(path: &Path) {
    // Directory fsync makes renames durable on Linux; other platforms may refuse it.
    if let Ok(d) = fs::File::open(path) {
        let _ = d.sync_all();
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    // Writing to a Vec cannot fail.
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

impl Store {
    /// Opens (creating if needed) the store at `root`, and seeds it with the bundled lists
    /// that it does not hold yet.
    pub fn open(root: impl Into<PathBuf>) -> Result<Store, StoreError> {
        let store = Store { root: root.into() };
        let lists = store.root.join("lists");
        fs::create_dir_all(&lists).map_err(io(&lists))?;
        store.seed_bundled()?;
        Ok(store)
    }

    /// The data directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn list_dir(&self, list: &str) -> PathBuf {
        self.root.join("lists").join(list)
    }

    fn version_dir(&self, list: &str, version: u32) -> PathBuf {
        self.list_dir(list)
            .join("versions")
            .join(format!("{version:06}"))
    }

    /// Imports the bundled lists the store has never held.
    fn seed_bundled(&self) -> Result<(), StoreError> {
        if BUNDLED
            .iter()
            .all(|b| self.list_dir(b.list).join("ACTIVE").exists())
        {
            return Ok(());
        }
        let _lock = self.lock()?;
        for b in BUNDLED {
            if self.list_dir(b.list).join("ACTIVE").exists() {
                continue;
            }
            let files = b.files()?;
            let mut parsed = interdict_sources::parse_files(&files, None, Some(b.list))?;
            let Some(mut p) = parsed.pop() else { continue };
            if p.published.is_none() {
                p.published = PartialDate::parse_iso(b.published);
            }
            self.commit(&p, &files, "bundled")?;
        }
        Ok(())
    }

    /// The ids of the lists the store holds, sorted.
    pub fn list_ids(&self) -> Result<Vec<String>, StoreError> {
        let dir = self.root.join("lists");
        let mut ids = Vec::new();
        for entry in fs::read_dir(&dir).map_err(io(&dir))? {
            let entry = entry.map_err(io(&dir))?;
            if entry.path().join("ACTIVE").is_file() {
                ids.push(entry.file_name().to_string_lossy().into_owned());
            }
        }
        ids.sort();
        Ok(ids)
    }

    /// The active version number of a list, if it has one.
    pub fn active_version(&self, list: &str) -> Result<Option<u32>, StoreError> {
        if check_list_id(list).is_err() {
            return Ok(None);
        }
        let path = self.list_dir(list).join("ACTIVE");
        match fs::read_to_string(&path) {
            Ok(s) => s.trim().parse().map(Some).map_err(|_| StoreError::Corrupt {
                path,
                message: format!("{:?} is not a version number", s.trim()),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(StoreError::Io { path, source: e }),
        }
    }

    /// Every stored version of a list, oldest first.
    pub fn versions(&self, list: &str) -> Result<Vec<ListVersion>, StoreError> {
        if check_list_id(list).is_err() {
            return Ok(Vec::new());
        }
        let dir = self.list_dir(list).join("versions");
        if !dir.is_dir() {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for entry in fs::read_dir(&dir).map_err(io(&dir))? {
            let entry = entry.map_err(io(&dir))?;
            let Ok(v) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            out.push(self.manifest(list, v)?);
        }
        out.sort_by_key(|v| v.version);
        Ok(out)
    }

    /// The manifest of one version.
    pub fn manifest(&self, list: &str, version: u32) -> Result<ListVersion, StoreError> {
        if check_list_id(list).is_err() {
            return Err(StoreError::NotFound(format!(
                "no list {list:?}: not a list id"
            )));
        }
        let path = self.version_dir(list, version).join("manifest.json");
        let text = fs::read_to_string(&path).map_err(io(&path))?;
        serde_json::from_str(&text).map_err(|e| StoreError::Corrupt {
            path,
            message: e.to_string(),
        })
    }

    /// The entities of one version.
    pub fn entities(&self, list: &str, version: u32) -> Result<Vec<Entity>, StoreError> {
        if check_list_id(list).is_err() {
            return Err(StoreError::NotFound(format!(
                "no list {list:?}: not a list id"
            )));
        }
        let path = self.version_dir(list, version).join("entities.bin");
        let bytes = fs::read(&path).map_err(io(&path))?;
        postcard::from_bytes(&bytes).map_err(|e| StoreError::Corrupt {
            path,
            message: e.to_string(),
        })
    }

    /// What changed in `list` from version `old` to version `new` (by default the two
    /// latest versions). Returns the versions compared and the difference.
    pub fn diff(
        &self,
        list: &str,
        old: Option<u32>,
        new: Option<u32>,
    ) -> Result<(u32, u32, ListDiff), StoreError> {
        let versions: Vec<u32> = self.versions(list)?.iter().map(|v| v.version).collect();
        if versions.is_empty() {
            let known = self.list_ids()?.join(", ");
            return Err(StoreError::NotFound(format!(
                "no list {list:?} in the store; lists: {known}"
            )));
        }
        let listed = || {
            versions
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let new = new.unwrap_or(*versions.last().unwrap_or(&0));
        let old = match old {
            Some(v) => v,
            None => *versions.iter().rev().find(|v| **v < new).ok_or_else(|| {
                StoreError::NotFound(format!(
                    "{list} has only version {new}: nothing to compare it with (import \
                         another version first)"
                ))
            })?,
        };
        for v in [old, new] {
            if !versions.contains(&v) {
                return Err(StoreError::NotFound(format!(
                    "{list} has no version {v}; versions: {}",
                    listed()
                )));
            }
        }
        let d = diff::diff(&self.entities(list, old)?, &self.entities(list, new)?);
        Ok((old, new, d))
    }

    /// The active version of every list.
    pub fn active_versions(&self) -> Result<Vec<ListVersion>, StoreError> {
        let mut out = Vec::new();
        for list in self.list_ids()? {
            if let Some(v) = self.active_version(&list)? {
                out.push(self.manifest(&list, v)?);
            }
        }
        Ok(out)
    }

    /// Loads the active version of every list into a queryable [`Snapshot`].
    pub fn load(&self) -> Result<Snapshot, StoreError> {
        let mut lists = Vec::new();
        let mut entities = Vec::new();
        for version in self.active_versions()? {
            entities.extend(self.entities(&version.list, version.version)?);
            lists.push(version);
        }
        Ok(Snapshot::new(lists, entities))
    }

    /// Parses `files` and stores each list they make up as a new active version.
    ///
    /// All files are parsed before anything is written: if any file fails, nothing changes.
    /// `published` overrides the publication date for formats that state none.
    pub fn import(
        &self,
        files: &[SourceFile],
        format: Option<interdict_sources::Format>,
        list: Option<&str>,
        published: Option<PartialDate>,
    ) -> Result<Vec<ListVersion>, StoreError> {
        self.import_with(
            files,
            &ImportOptions {
                format,
                list,
                published,
                ..ImportOptions::default()
            },
        )
    }

    /// [`Store::import`] with the guards an unattended update needs: a publication date for
    /// formats that state none, and a limit on how far the entity count may fall (a
    /// publisher's truncated or half-empty file must not replace a good list).
    pub fn import_with(
        &self,
        files: &[SourceFile],
        opts: &ImportOptions,
    ) -> Result<Vec<ListVersion>, StoreError> {
        let (format, list, published) = (opts.format, opts.list, opts.published);
        if let Some(list) = list {
            check_list_id(list)?;
        }
        let max_drop = opts.max_drop.unwrap_or(DEFAULT_MAX_DROP);
        if !(0.0..=1.0).contains(&max_drop) {
            return Err(StoreError::Rejected(format!(
                "max_drop {max_drop} is not a share between 0 and 1"
            )));
        }
        let parsed = interdict_sources::parse_files(files, format, list)?;
        for p in &parsed {
            check_list_id(&p.list)?;
        }
        // One import at a time: the version number and the drop check must see the last
        // import finished.
        let _lock = self.lock()?;
        let mut prepared = Vec::new();
        for mut p in parsed {
            if published.is_some() {
                p.published = published;
            }
            if p.published.is_none() {
                p.published = opts.default_published;
            }
            let used: Vec<SourceFile> = files
                .iter()
                .filter(|f| p.files.contains(&f.name))
                .cloned()
                .collect();
            if p.is_delta {
                p = self.apply_delta(p)?;
            }
            if p.entities.is_empty() {
                return Err(StoreError::Rejected(format!(
                    "{}: the result has no entities; refusing to activate an empty list",
                    p.files.join(", ")
                )));
            }
            if let Some(active) = self.active_version(&p.list)? {
                // Parties only: link entities come and go with the format (OFAC's CSV files
                // carry "Linked To" links, its XML does not), the listed parties do not.
                let before = self.manifest(&p.list, active)?.parties();
                let after = p
                    .entities
                    .iter()
                    .filter(|e| e.schema.is_matchable())
                    .count();
                let lost = 100.0 * before.saturating_sub(after) as f64 / before.max(1) as f64;
                if (after as f64) < before as f64 * (1.0 - max_drop) {
                    return Err(StoreError::Rejected(format!(
                        "{}: {after} listed parties where active version {active} of {} has \
                         {before} \
                         (−{lost:.1} %, more than the {:.0} % a new version may lose); a \
                         truncated or partial file? If the drop is real, import again with a \
                         larger max drop (--max-drop 1 accepts any), which the version's \
                         manifest records",
                        p.files.join(", "),
                        p.list,
                        100.0 * max_drop
                    )));
                }
                if (after as f64) < before as f64 * (1.0 - DEFAULT_MAX_DROP) {
                    p.warnings.push(format!(
                        "accepted a drop from {before} to {after} listed parties (−{lost:.1} %) \
                         beyond the default {:.0} % only because max_drop was set to {:.0} %",
                        100.0 * DEFAULT_MAX_DROP,
                        100.0 * max_drop
                    ));
                }
            }
            prepared.push((p, used));
        }
        let mut out = Vec::new();
        for (p, used) in prepared {
            let origin = if p.format == interdict_sources::Format::FtmDelta {
                "delta"
            } else {
                "import"
            };
            out.push(self.commit(&p, &used, origin)?);
        }
        Ok(out)
    }

    /// Holds the store's import lock until the returned file is dropped; waits while another
    /// process imports.
    fn lock(&self) -> Result<fs::File, StoreError> {
        let path = self.root.join("lists").join(".import.lock");
        let f = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io(&path))?;
        f.lock().map_err(io(&path))?;
        Ok(f)
    }

    /// Applies a delta to the list's active version, giving the full new entity set.
    fn apply_delta(&self, mut delta: ParsedList) -> Result<ParsedList, StoreError> {
        let mut base = match self.active_version(&delta.list)? {
            Some(v) => self.entities(&delta.list, v)?,
            None => Vec::new(),
        };
        let mut missing = 0;
        for id in &delta.deletions {
            let before = base.len();
            base.retain(|e| &e.id != id);
            if base.len() == before {
                missing += 1;
            }
        }
        for e in std::mem::take(&mut delta.entities) {
            match base.iter_mut().find(|b| b.id == e.id) {
                Some(slot) => *slot = e,
                None => base.push(e),
            }
        }
        if missing > 0 {
            delta.warnings.push(format!(
                "{missing} DEL operation(s) name entities not in the active version of {}",
                delta.list
            ));
        }
        delta.entities = base;
        delta.is_delta = false;
        Ok(delta)
    }

    /// Writes a parsed list as the next version and activates it.
    fn commit(
        &self,
        parsed: &ParsedList,
        files: &[SourceFile],
        origin: &str,
    ) -> Result<ListVersion, StoreError> {
        let list_dir = self.list_dir(&parsed.list);
        let versions_dir = list_dir.join("versions");
        fs::create_dir_all(&versions_dir).map_err(io(&versions_dir))?;
        let mut counts = BTreeMap::new();
        for e in &parsed.entities {
            *counts.entry(e.schema.name().to_string()).or_insert(0) += 1;
        }
        let next = self
            .versions(&parsed.list)?
            .last()
            .map_or(1, |v| v.version + 1);
        let mut entities = parsed.entities.clone();
        for e in &mut entities {
            if e.source.published.is_none() {
                e.source.published = parsed.published;
            }
        }
        let manifest = ListVersion {
            list: parsed.list.clone(),
            version: next,
            format: parsed.format.name().to_string(),
            published: parsed.published,
            imported_at: utc_now_rfc3339(),
            origin: origin.to_string(),
            files: files
                .iter()
                .map(|f| FileRecord {
                    name: f
                        .name
                        .rsplit(['/', '\\'])
                        .next()
                        .unwrap_or(&f.name)
                        .to_string(),
                    sha256: sha256_hex(&f.bytes),
                    bytes: f.bytes.len(),
                })
                .collect(),
            counts,
            total: parsed.entities.len(),
            warnings: parsed.warnings.clone(),
        };
        // Under the import lock, a staging folder is left over from an import that was killed.
        if let Ok(entries) = fs::read_dir(&list_dir) {
            for e in entries.flatten() {
                if e.file_name().to_string_lossy().starts_with("tmp-") {
                    let _ = fs::remove_dir_all(e.path());
                }
            }
        }
        let tmp = list_dir.join(format!(
            "tmp-{}-{}",
            std::process::id(),
            clock::unix_nanos()
        ));
        let files_dir = tmp.join("files");
        fs::create_dir_all(&files_dir).map_err(io(&files_dir))?;
        let result = (|| {
            for (f, rec) in files.iter().zip(&manifest.files) {
                write_synced(&files_dir.join(format!("{}.gz", rec.name)), &gzip(&f.bytes))?;
            }
            let bin = postcard::to_allocvec(&entities).map_err(|e| StoreError::Corrupt {
                path: tmp.join("entities.bin"),
                message: e.to_string(),
            })?;
            write_synced(&tmp.join("entities.bin"), &bin)?;
            let json = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
            write_synced(&tmp.join("manifest.json"), &json)?;
            sync_dir(&files_dir);
            sync_dir(&tmp);
            let dest = self.version_dir(&parsed.list, next);
            fs::rename(&tmp, &dest).map_err(io(&dest))?;
            sync_dir(&versions_dir);
            let active_tmp = list_dir.join("ACTIVE.tmp");
            write_synced(&active_tmp, format!("{next}\n").as_bytes())?;
            let active = list_dir.join("ACTIVE");
            fs::rename(&active_tmp, &active).map_err(io(&active))?;
            sync_dir(&list_dir);
            Ok(())
        })();
        if result.is_err() {
            let _ = fs::remove_dir_all(&tmp);
        }
        result.map(|_| manifest)
    }
}
