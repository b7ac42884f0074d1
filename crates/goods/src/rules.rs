//! Rule data, versioned like lists: the Common High Priority List, the HS nomenclature,
//! the destinations of concern and the term list for describing CHPL items. Each component
//! has a source and a publication date (in `manifest.csv`); the rule set's version is the
//! newest publication date and a hash of every file, and every verdict names it.
//!
//! The bundled set (`data/goods/`) is compiled in; `--rules DIR` reads a newer one with the
//! same files, checked as strictly.

use crate::hs::Nomenclature;
use crate::RulesError;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// A CHPL tier: 1 and 2 the items of highest concern (integrated circuits, radio navigation,
/// capacitors…), 3.A/3.B other electronics and mechanical parts, 4.A/4.B manufacturing and
/// test equipment and machine tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// Tier 1.
    T1,
    /// Tier 2.
    T2,
    /// Tier 3.A.
    T3A,
    /// Tier 3.B.
    T3B,
    /// Tier 4.A.
    T4A,
    /// Tier 4.B.
    T4B,
}

impl Tier {
    /// Every tier, highest concern first.
    pub const ALL: [Tier; 6] = [
        Tier::T1,
        Tier::T2,
        Tier::T3A,
        Tier::T3B,
        Tier::T4A,
        Tier::T4B,
    ];

    /// As the CHPL writes it: `1`, `2`, `3.A` …
    pub fn label(self) -> &'static str {
        match self {
            Tier::T1 => "1",
            Tier::T2 => "2",
            Tier::T3A => "3.A",
            Tier::T3B => "3.B",
            Tier::T4A => "4.A",
            Tier::T4B => "4.B",
        }
    }

    /// The tier a data file names (`TIER_3_A`, `3.A`, `3A`, `1`).
    pub fn from_name(s: &str) -> Option<Tier> {
        let k: String = s
            .to_ascii_uppercase()
            .trim_start_matches("TIER")
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        Tier::ALL
            .into_iter()
            .find(|t| t.label().replace('.', "") == k)
    }
}

/// How a destination is of concern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DestinationClass {
    /// Under comprehensive sanctions or export bans (Russia, Belarus, Iran, North Korea,
    /// occupied Crimea, Donetsk and Luhansk…).
    Sanctioned,
    /// Only part of it is (the non-government-controlled areas of an oblast): the exact
    /// place decides.
    PartlySanctioned,
    /// Named by official advisories as a transshipment point for diversion to Russia.
    Diversion,
}

impl DestinationClass {
    /// `sanctioned`, `partly_sanctioned` or `diversion`, as the data file and policies
    /// write it.
    pub fn name(self) -> &'static str {
        match self {
            DestinationClass::Sanctioned => "sanctioned",
            DestinationClass::PartlySanctioned => "partly_sanctioned",
            DestinationClass::Diversion => "diversion",
        }
    }

    fn from_name(s: &str) -> Option<DestinationClass> {
        [
            DestinationClass::Sanctioned,
            DestinationClass::PartlySanctioned,
            DestinationClass::Diversion,
        ]
        .into_iter()
        .find(|c| c.name() == s.trim())
    }
}

/// A destination of concern, as sourced.
#[derive(Debug, Clone)]
pub struct Destination {
    /// FtM country code (`ru`, `ua-cri`, `hk`).
    pub code: String,
    /// How it is of concern.
    pub class: DestinationClass,
    /// Its name for people.
    pub label: String,
    /// The measures or advisories that name it.
    pub source: String,
    /// When the source was published or last checked.
    pub as_of: String,
}

/// How a term of the CHPL term list is found in a description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    /// Words in this order (`gnss receiver`, `ball bearing`).
    Phrase,
    /// A part number beginning (`tms320`, `stm32`): a token that starts with it and goes on.
    Part,
}

/// One entry of the term list: what points a description to an HS-6 subheading.
#[derive(Debug, Clone)]
pub struct Term {
    /// Phrase or part-number prefix.
    pub kind: TermKind,
    /// The words (phrase) or the prefix (part), in folded form.
    pub pattern: String,
    /// The subheading it points to.
    pub hs6: String,
    /// How sure the pointer is, in (0, 1].
    pub weight: f64,
    /// The CHPL family, for the explanation ("microcontrollers", "GNSS receivers").
    pub family: String,
}

/// One component's provenance line.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Component {
    /// `chpl`, `hs`, `destinations` or `terms`.
    pub component: String,
    /// Its file.
    pub file: String,
    /// Who publishes it.
    pub source: String,
    /// Its publication date.
    pub published: String,
    /// The first 16 hex digits of its SHA-256.
    pub sha256: String,
}

/// Everything goods screening checks lines against.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// The version every verdict names: the newest publication date and a hash of all files.
    pub version: String,
    /// Each component's source, date and hash.
    pub components: Vec<Component>,
    /// CHPL tier by HS-6 code.
    pub chpl: HashMap<String, Tier>,
    /// The HS nomenclature.
    pub nomenclature: Nomenclature,
    /// Destinations of concern by FtM country code.
    pub destinations: HashMap<String, Destination>,
    /// The term list.
    pub terms: Vec<Term>,
}

/// Where the rule files come from.
trait Files {
    fn read(&self, file: &str) -> Result<Vec<u8>, RulesError>;
}

struct Bundled;

impl Files for Bundled {
    fn read(&self, file: &str) -> Result<Vec<u8>, RulesError> {
        Ok(match file {
            "manifest.csv" => include_bytes!("../../../data/goods/manifest.csv").to_vec(),
            "chpl_hs6_tiers.csv" => {
                include_bytes!("../../../data/goods/chpl_hs6_tiers.csv").to_vec()
            }
            "harmonized-system.csv.gz" => {
                include_bytes!("../../../data/goods/harmonized-system.csv.gz").to_vec()
            }
            "destinations.csv" => include_bytes!("../../../data/goods/destinations.csv").to_vec(),
            "chpl_terms.csv" => include_bytes!("../../../data/goods/chpl_terms.csv").to_vec(),
            other => {
                return Err(RulesError::at(
                    "bundled rules",
                    0,
                    "file",
                    &format!("no file {other}"),
                ))
            }
        })
    }
}

struct Dir<'a>(&'a Path);

impl Files for Dir<'_> {
    fn read(&self, file: &str) -> Result<Vec<u8>, RulesError> {
        let p = self.0.join(file);
        std::fs::read(&p).map_err(|e| RulesError::File {
            file: p.display().to_string(),
            message: e.to_string(),
        })
    }
}

/// The files of a rule set, in the order they are hashed.
const FILES: [(&str, &str); 4] = [
    ("chpl", "chpl_hs6_tiers.csv"),
    ("hs", "harmonized-system.csv.gz"),
    ("destinations", "destinations.csv"),
    ("terms", "chpl_terms.csv"),
];

fn utf8(file: &str, bytes: Vec<u8>) -> Result<String, RulesError> {
    String::from_utf8(bytes).map_err(|e| RulesError::File {
        file: file.to_string(),
        message: format!("not UTF-8: {e}"),
    })
}

/// The rows of a CSV file with a header, each with its line number; errors name the file
/// and line.
fn rows(file: &str, text: &str, want: &[&str]) -> Result<Vec<(u64, Vec<String>)>, RulesError> {
    let mut r =
        csv::ReaderBuilder::new().from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = r
        .headers()
        .map_err(|e| RulesError::csv(file, &e))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let at: Vec<usize> = want
        .iter()
        .map(|w| {
            headers.iter().position(|h| h == w).ok_or_else(|| {
                RulesError::at(
                    file,
                    1,
                    w,
                    &format!("no column {w:?} (columns: {})", headers.join(",")),
                )
            })
        })
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| RulesError::csv(file, &e))?;
        let line = rec.position().map_or(0, |p| p.line());
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        out.push((
            line,
            at.iter()
                .map(|i| rec.get(*i).unwrap_or("").trim().to_string())
                .collect(),
        ));
    }
    Ok(out)
}

impl RuleSet {
    /// The rule set shipped with interdict (`data/goods/`).
    pub fn bundled() -> Result<RuleSet, RulesError> {
        RuleSet::load(&Bundled, "bundled rules")
    }

    /// A rule set from a directory holding the same files as `data/goods/`.
    pub fn from_dir(dir: &Path) -> Result<RuleSet, RulesError> {
        RuleSet::load(&Dir(dir), &dir.display().to_string())
    }

    fn load(files: &dyn Files, origin: &str) -> Result<RuleSet, RulesError> {
        let name = |f: &str| format!("{origin}/{f}");
        let manifest_name = name("manifest.csv");
        let manifest = utf8(&manifest_name, files.read("manifest.csv")?)?;
        let manifest = rows(
            &manifest_name,
            &manifest,
            &["component", "source", "published"],
        )?;
        let mut hasher = Sha256::new();
        let mut components = Vec::new();
        let mut texts = HashMap::new();
        for (component, file) in FILES {
            let bytes = files.read(file)?;
            hasher.update(&bytes);
            let digest = Sha256::digest(&bytes);
            let Some((_, row)) = manifest.iter().find(|(_, r)| r[0] == component) else {
                return Err(RulesError::at(
                    &manifest_name,
                    0,
                    "component",
                    &format!("no line for {component:?}"),
                ));
            };
            components.push(Component {
                component: component.to_string(),
                file: file.to_string(),
                source: row[1].clone(),
                published: row[2].clone(),
                sha256: digest.iter().take(8).map(|b| format!("{b:02x}")).collect(),
            });
            let text = if file.ends_with(".gz") {
                let mut s = String::new();
                flate2::read::GzDecoder::new(bytes.as_slice())
                    .read_to_string(&mut s)
                    .map_err(|e| RulesError::File {
                        file: name(file),
                        message: format!("not gzipped UTF-8: {e}"),
                    })?;
                s
            } else {
                utf8(&name(file), bytes)?
            };
            texts.insert(component, text);
        }
        let text = |c: &str| texts.get(c).map(String::as_str).unwrap_or("");
        let nomenclature = Nomenclature::read(&name(FILES[1].1), text("hs"))?;
        let mut chpl = HashMap::new();
        let chpl_file = name(FILES[0].1);
        for (line, r) in rows(&chpl_file, text("chpl"), &["hs6", "tier"])? {
            let tier = Tier::from_name(&r[1]).ok_or_else(|| {
                RulesError::at(
                    &chpl_file,
                    line,
                    "tier",
                    &format!("{:?} is not a CHPL tier (1, 2, 3.A, 3.B, 4.A, 4.B)", r[1]),
                )
            })?;
            if !nomenclature.has_subheading(&r[0]) {
                return Err(RulesError::at(
                    &chpl_file,
                    line,
                    "hs6",
                    &format!("{:?} is not an HS-6 subheading of the nomenclature", r[0]),
                ));
            }
            chpl.insert(r[0].clone(), tier);
        }
        let mut destinations = HashMap::new();
        let dest_file = name(FILES[2].1);
        for (line, r) in rows(
            &dest_file,
            text("destinations"),
            &["code", "class", "label", "source", "as_of"],
        )? {
            let class = DestinationClass::from_name(&r[1]).ok_or_else(|| {
                RulesError::at(
                    &dest_file,
                    line,
                    "class",
                    &format!("{:?}: use sanctioned, partly_sanctioned or diversion", r[1]),
                )
            })?;
            let code = r[0].to_ascii_lowercase();
            if interdict_model::country::name_of(&code).is_none() && !code.starts_with("ua-") {
                return Err(RulesError::at(
                    &dest_file,
                    line,
                    "code",
                    &format!("{code:?} is not a country code"),
                ));
            }
            destinations.insert(
                code.clone(),
                Destination {
                    code,
                    class,
                    label: r[2].clone(),
                    source: r[3].clone(),
                    as_of: r[4].clone(),
                },
            );
        }
        let mut terms = Vec::new();
        let terms_file = name(FILES[3].1);
        for (line, r) in rows(
            &terms_file,
            text("terms"),
            &["kind", "pattern", "hs6", "weight", "family"],
        )? {
            let kind = match r[0].as_str() {
                "phrase" => TermKind::Phrase,
                "part" => TermKind::Part,
                other => {
                    return Err(RulesError::at(
                        &terms_file,
                        line,
                        "kind",
                        &format!("{other:?}: use phrase or part"),
                    ))
                }
            };
            let weight: f64 = r[3]
                .parse()
                .ok()
                .filter(|w| (0.0..=1.0).contains(w) && *w > 0.0)
                .ok_or_else(|| {
                    RulesError::at(
                        &terms_file,
                        line,
                        "weight",
                        &format!("{:?} is not a number in (0, 1]", r[3]),
                    )
                })?;
            if !nomenclature.has_subheading(&r[2]) {
                return Err(RulesError::at(
                    &terms_file,
                    line,
                    "hs6",
                    &format!("{:?} is not an HS-6 subheading", r[2]),
                ));
            }
            let pattern = match kind {
                TermKind::Phrase => crate::describe::words(&r[1]).join(" "),
                TermKind::Part => crate::describe::compact(&r[1]),
            };
            if pattern.is_empty() {
                return Err(RulesError::at(&terms_file, line, "pattern", "empty"));
            }
            terms.push(Term {
                kind,
                pattern,
                hs6: r[2].clone(),
                weight,
                family: r[4].clone(),
            });
        }
        let newest = components
            .iter()
            .map(|c| c.published.as_str())
            .max()
            .unwrap_or("")
            .to_string();
        let hash: String = hasher
            .finalize()
            .iter()
            .take(4)
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(RuleSet {
            version: format!("{newest}+{hash}"),
            components,
            chpl,
            nomenclature,
            destinations,
            terms,
        })
    }
}
