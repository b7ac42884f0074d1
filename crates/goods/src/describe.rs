//! Finding the likely HS-6 subheadings of a free-text goods description ("GNSS receiver
//! module NEO-M8N", "ball bearings 6204-2RS").
//!
//! Two kinds of evidence, both explained: retrieval over the nomenclature's own descriptions
//! (BM25 over each subheading's text and, at half weight, its heading's), which knows the
//! vocabulary of tariff law but not of invoices; and a maintained term list for the CHPL
//! families — trade words ("MLCC", "FPGA", "autopilot") and part-number prefixes
//! ("TMS320…", "STM32…", "EP4CE…") — which knows invoices but only for the goods that
//! matter most here. A subheading's score is the stronger of the two, raised a little when
//! both agree.

use crate::rules::{RuleSet, TermKind};
use interdict_matcher::fxhash::FxHashMap as HashMap;
use std::cell::RefCell;

/// Words too common in the nomenclature or in invoices to point anywhere.
const STOP: &[&str] = &[
    "a",
    "an",
    "and",
    "or",
    "of",
    "the",
    "for",
    "with",
    "without",
    "in",
    "on",
    "to",
    "by",
    "not",
    "other",
    "than",
    "whether",
    "nec",
    "n",
    "e",
    "c",
    "s",
    "item",
    "no",
    "heading",
    "chapter",
    "kind",
    "used",
    "use",
    "solely",
    "principally",
    "excluding",
    "including",
    "thereof",
    "their",
    "its",
    "be",
    "are",
    "is",
    "pcs",
    "pc",
    "piece",
    "unit",
    "units",
    "set",
    "qty",
    "lot",
    "new",
    "type",
    "model",
    "art",
    "ref",
];

/// The words of a text, folded: lower case, letters and digits, a plural `s` dropped.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        if !cur.is_empty() {
            let w = std::mem::take(cur);
            out.push(stem(w));
        }
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else {
            flush(&mut cur, &mut out);
        }
    }
    flush(&mut cur, &mut out);
    out
}

fn stem(mut w: String) -> String {
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        w.pop();
    }
    w
}

/// Whether a word can carry meaning in retrieval: letters only (numbers, sizes and part
/// numbers are left to the term list), two or more of them, not a stop word.
fn retrievable(w: &str) -> bool {
    w.chars().count() >= 2 && w.chars().all(char::is_alphabetic) && !STOP.contains(&w)
}

/// A part number in comparable form: lower case, letters and digits only
/// (`NEO-M8N` → `neom8n`).
pub fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// One likely subheading for a description.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Candidate {
    /// Six digits.
    pub hs6: String,
    /// In [0, 1].
    pub score: f64,
    /// The nomenclature's description of it.
    pub description: String,
    /// What pointed to it: terms of the term list (`term "gnss"`, `part "stm32"`) and
    /// `nomenclature` for retrieval.
    pub evidence: Vec<String>,
}

/// Where a term of the term list points, and how it says so.
#[derive(Debug, Clone)]
struct Pointer {
    hs6: String,
    weight: f64,
    /// For the evidence: `term "gnss" (radio navigation)`.
    label: String,
}

/// A phrase of the term list, found by its first word.
#[derive(Debug, Clone)]
struct PhraseTerm {
    /// The words after the first.
    rest: Vec<String>,
    to: Pointer,
}

/// A part-number prefix of the term list.
#[derive(Debug, Clone)]
struct PartTerm {
    prefix: String,
    to: Pointer,
}

/// A subheading in the running for the top of a search.
struct Ranked<'a> {
    /// What it is ranked by: the score, and among equal scores how far retrieval went past
    /// "says all of it".
    rank: f64,
    score: f64,
    hs6: &'a str,
    /// Retrieval's score before clamping.
    retrieval: f64,
    /// The term-list entries that pointed to it.
    terms: Vec<&'a str>,
}

thread_local! {
    /// A search's per-document sums and the documents it touched, reused.
    static SCRATCH: RefCell<(Vec<f64>, Vec<u32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// BM25's term-frequency saturation and length normalization.
const K1: f64 = 1.2;
const B: f64 = 0.5;

/// The nomenclature and term list, indexed for [`DescriptionIndex::search`].
#[derive(Debug, Clone)]
pub struct DescriptionIndex {
    /// Subheading codes and descriptions, by document number.
    docs: Vec<(String, String)>,
    /// Word → (document, BM25 term weight without idf).
    postings: HashMap<String, Vec<(u32, f64)>>,
    /// Word → inverse document frequency.
    idf: HashMap<String, f64>,
    /// Phrase terms by their first word.
    phrases: HashMap<String, Vec<PhraseTerm>>,
    /// Part-number prefixes.
    parts: Vec<PartTerm>,
    /// hs6 → document number.
    by_code: HashMap<String, u32>,
    /// What a word the nomenclature does not know weighs in a query: the average idf.
    unknown_idf: f64,
}

impl DescriptionIndex {
    /// Indexes the rule set's nomenclature and term list.
    pub fn build(rules: &RuleSet) -> DescriptionIndex {
        let mut docs = Vec::new();
        let mut tfs: Vec<HashMap<String, f64>> = Vec::new();
        for s in &rules.nomenclature.subheadings {
            let mut tf: HashMap<String, f64> = HashMap::default();
            for w in words(&s.description) {
                if retrievable(&w) {
                    *tf.entry(w).or_default() += 1.0;
                }
            }
            for w in words(&s.heading) {
                if retrievable(&w) {
                    *tf.entry(w).or_default() += 0.5;
                }
            }
            docs.push((s.hs6.clone(), s.description.clone()));
            tfs.push(tf);
        }
        let n = docs.len().max(1) as f64;
        let lens: Vec<f64> = tfs.iter().map(|t| t.values().sum()).collect();
        let avg = (lens.iter().sum::<f64>() / n).max(1.0);
        let mut postings: HashMap<String, Vec<(u32, f64)>> = HashMap::default();
        for (d, tf) in tfs.into_iter().enumerate() {
            let norm = K1 * (1.0 - B + B * lens[d] / avg);
            for (w, f) in tf {
                postings
                    .entry(w)
                    .or_default()
                    .push((d as u32, f * (K1 + 1.0) / (f + norm)));
            }
        }
        let idf: HashMap<String, f64> = postings
            .iter()
            .map(|(w, p)| {
                let df = p.len() as f64;
                (w.clone(), ((n - df + 0.5) / (df + 0.5) + 1.0).ln())
            })
            .collect();
        // Summed in word order: a hash map's order would change the last bits of every
        // score from run to run.
        let mut by_word: Vec<(&String, &f64)> = idf.iter().collect();
        by_word.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let unknown_idf = by_word.iter().map(|(_, v)| **v).sum::<f64>() / idf.len().max(1) as f64;
        let mut phrases: HashMap<String, Vec<_>> = HashMap::default();
        let mut parts = Vec::new();
        for t in &rules.terms {
            let label = match t.kind {
                TermKind::Phrase => format!("term \"{}\" ({})", t.pattern, t.family),
                TermKind::Part => format!("part number \"{}…\" ({})", t.pattern, t.family),
            };
            let to = Pointer {
                hs6: t.hs6.clone(),
                weight: t.weight,
                label,
            };
            match t.kind {
                TermKind::Phrase => {
                    let ws: Vec<String> = t.pattern.split(' ').map(str::to_string).collect();
                    if let Some((first, rest)) = ws.split_first() {
                        phrases.entry(first.clone()).or_default().push(PhraseTerm {
                            rest: rest.to_vec(),
                            to,
                        });
                    }
                }
                TermKind::Part => parts.push(PartTerm {
                    prefix: t.pattern.clone(),
                    to,
                }),
            }
        }
        let by_code = docs
            .iter()
            .enumerate()
            .map(|(i, (h, _))| (h.clone(), i as u32))
            .collect();
        DescriptionIndex {
            unknown_idf,
            by_code,
            docs,
            postings,
            idf,
            phrases,
            parts,
        }
    }

    /// The `limit` likeliest subheadings for a description, best first, each with its
    /// score in [0, 1] and what pointed to it. Empty when nothing in the text is known.
    pub fn search<'a>(&'a self, description: &str, limit: usize) -> Vec<Candidate> {
        let ws = words(description);
        // hs6 → (term score, evidence)
        let mut by_term: HashMap<&'a str, (f64, Vec<&'a str>)> = HashMap::default();
        let point = |by_term: &mut HashMap<&'a str, (f64, Vec<&'a str>)>, to: &'a Pointer| {
            let e = by_term.entry(to.hs6.as_str()).or_default();
            e.0 = e.0.max(to.weight);
            if !e.1.contains(&to.label.as_str()) {
                e.1.push(to.label.as_str());
            }
        };
        for (i, w) in ws.iter().enumerate() {
            if let Some(list) = self.phrases.get(w) {
                for term in list {
                    let follows = term
                        .rest
                        .iter()
                        .enumerate()
                        .all(|(k, r)| ws.get(i + 1 + k) == Some(r));
                    if follows {
                        point(&mut by_term, &term.to);
                    }
                }
            }
        }
        for token in description.split(|c: char| c.is_whitespace() || c == ',' || c == ';') {
            let t = compact(token);
            if t.len() < 4 || !t.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            for part in &self.parts {
                if t.len() > part.prefix.len() && t.starts_with(part.prefix.as_str()) {
                    point(&mut by_term, &part.to);
                }
            }
        }
        // Retrieval: BM25, divided by what a document holding every query word once would
        // score, so that 1 means "says all of it". Words the nomenclature does not know
        // (brands, trade words) count at an average weight: a description whose only
        // known word is "pin" says little about pins.
        let mut query: Vec<&str> = ws
            .iter()
            .map(String::as_str)
            .filter(|w| retrievable(w))
            .collect();
        query.sort_unstable();
        query.dedup();
        let full: f64 = query
            .iter()
            .map(|w| self.idf.get(*w).copied().unwrap_or(self.unknown_idf))
            .sum();
        // Document → BM25 sum, in a dense vector kept per thread (a query's words reach a
        // few hundred of the nomenclature's 5,600 subheadings; hashing each was most of a
        // line's cost).
        let mut retrieval: Vec<(u32, f64)> = Vec::new();
        if full > 0.0 {
            SCRATCH.with(|scratch| {
                let mut scratch = scratch.borrow_mut();
                let (acc, touched) = &mut *scratch;
                acc.resize(self.docs.len(), 0.0);
                for w in &query {
                    let idf = self.idf.get(*w).copied().unwrap_or(0.0);
                    for (d, weight) in self.postings.get(*w).map_or(&[][..], Vec::as_slice) {
                        let slot = &mut acc[*d as usize];
                        if *slot == 0.0 {
                            touched.push(*d);
                        }
                        *slot += idf * weight;
                    }
                }
                retrieval.reserve(touched.len());
                for d in touched.drain(..) {
                    retrieval.push((d, acc[d as usize] / full));
                    acc[d as usize] = 0.0;
                }
            });
        }
        // A subheading's score: the stronger of the term list and retrieval (clamped to 1),
        // raised a little when both agree; ranked by it, and among equals by how far
        // retrieval went past "says all of it" (a document saying the words more often).
        let combine = |t: f64, raw: f64| {
            let r = raw.min(1.0);
            let (hi, lo) = if t >= r { (t, r) } else { (r, t) };
            let score = (hi + (1.0 - hi) * lo * 0.5).min(1.0);
            (score, score + 0.01 * (raw - 1.0).max(0.0))
        };
        // (rank, score, hs6, retrieval, term evidence), best `limit` kept.
        let mut top: Vec<Ranked> = Vec::with_capacity(limit + 1);
        let mut offer = |entry: Ranked<'a>| {
            if entry.score <= 0.05 {
                return;
            }
            let pos = top
                .iter()
                .position(|e| entry.rank > e.rank || (entry.rank == e.rank && entry.hs6 < e.hs6))
                .unwrap_or(top.len());
            if pos < limit {
                top.insert(pos, entry);
                top.truncate(limit);
            }
        };
        for (d, raw) in &retrieval {
            let Some((hs6, _)) = self.docs.get(*d as usize) else {
                continue;
            };
            let (t, terms) = if by_term.is_empty() {
                (0.0, Vec::new())
            } else {
                by_term.remove(hs6.as_str()).unwrap_or_default()
            };
            let (score, rank) = combine(t, *raw);
            offer(Ranked {
                rank,
                score,
                hs6: hs6.as_str(),
                retrieval: *raw,
                terms,
            });
        }
        for (hs6, (t, terms)) in by_term {
            let (score, rank) = combine(t, 0.0);
            offer(Ranked {
                rank,
                score,
                hs6,
                retrieval: 0.0,
                terms,
            });
        }
        let mut out: Vec<Candidate> = top
            .into_iter()
            .map(
                |Ranked {
                     score,
                     hs6,
                     retrieval: raw,
                     terms,
                     ..
                 }| {
                    let mut evidence: Vec<String> = terms.into_iter().map(str::to_string).collect();
                    if raw >= 0.3 {
                        evidence.push(format!("nomenclature {:.2}", raw.min(1.0)));
                    }
                    Candidate {
                        hs6: hs6.to_string(),
                        score: (score * 10_000.0).round() / 10_000.0,
                        description: String::new(),
                        evidence,
                    }
                },
            )
            .collect();
        for c in &mut out {
            if let Some((_, d)) = self
                .by_code
                .get(&c.hs6)
                .and_then(|i| self.docs.get(*i as usize))
            {
                c.description = d.clone();
            }
        }
        out
    }
}
