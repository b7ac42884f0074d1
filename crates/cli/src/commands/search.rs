//! `interdict search`: builds a query entity from the command line, runs the matcher over
//! the active lists, and prints the ranked, explained results.

use super::{open_store, warn_stale};
use crate::args::{self, Cli};
use anyhow::{bail, Result};
use interdict_matcher::{CandidateIndex, MatchOptions, MatchResult, Parties, Party};
use interdict_model::query::{DateOrder, Field, QueryBuilder};
use interdict_model::{Entity, Schema};
use interdict_store::Snapshot;
use serde_json::json;
use std::process::ExitCode;

/// What the user asked for.
pub struct SearchArgs<'a> {
    pub name: &'a str,
    pub schema: &'a str,
    pub birth_dates: &'a [String],
    pub countries: &'a [String],
    pub ids: &'a [String],
    pub threshold: f64,
    pub limit: usize,
    pub all: bool,
    pub json: bool,
    pub explain: bool,
    /// One result per record instead of one per party.
    pub by_record: bool,
    /// Analysts' judgements on parties, oldest first.
    pub judgements: &'a [interdict_model::PartyJudgement],
}

/// The schema a `--schema` value names, if parties of it can be screened.
pub fn matchable_schema(name: &str) -> Result<Schema> {
    let schema = Schema::from_name(name);
    if !schema.is_matchable() {
        bail!(
            "--schema {name:?} is not a schema that can be screened; use Person, Organization, \
             Company, LegalEntity, Vessel or Airplane"
        );
    }
    Ok(schema)
}

/// Builds the query entity with the query builder every front end uses
/// ([`interdict_model::query`]), with errors that name the flag of a value it cannot use.
pub fn query_entity(a: &SearchArgs) -> Result<Entity> {
    if !(0.0..=1.0).contains(&a.threshold) {
        bail!(
            "--threshold {} is outside 0–1 (scores are in [0, 1]; the default is {})",
            a.threshold,
            interdict_matcher::DEFAULT_THRESHOLD
        );
    }
    let mut q = QueryBuilder::new(&matchable_schema(a.schema)?);
    if a.name.trim().is_empty() {
        bail!("the name to search for is empty");
    }
    // Each value is checked as it is added: a value the builder leaves out is an error here
    // (one name, typed by hand), where a batch screens the record without it.
    let mut add = |field: Field, flag: &str, value: &str, what: &str| -> Result<()> {
        let before = q.problems().len();
        q.add(field, flag, value, DateOrder::Strict);
        if q.problems().len() > before {
            bail!("{flag} {value:?} {what}");
        }
        Ok(())
    };
    add(
        Field::Name,
        "the name",
        a.name,
        "is longer than 1000 characters",
    )?;
    for d in a.birth_dates {
        add(
            Field::BirthDate,
            "--birth-date",
            d,
            "is not a date (YYYY-MM-DD, YYYY-MM, YYYY, 28 Jan 1978 or DD/MM/YYYY; write \
             03/04/1975 as 1975-04-03 or 1975-03-04, which day and month it is cannot be told)",
        )?;
    }
    for c in a.countries {
        add(
            Field::Nationality,
            "--country",
            c,
            "is not a country name or ISO code",
        )?;
    }
    for id in a.ids {
        add(Field::Identifier, "--id", id, "is not an identifier")?;
    }
    q.finish()
        .map(|query| query.entity)
        .map_err(|p| anyhow::anyhow!("{}", p.message))
}

/// A result as JSON: the record that matched; or, for a party on several lists (when
/// parties are on), the party as yente answers with a merged entity — its id as `id` (and
/// `party`), every list it is on (`datasets`), its other records (`referents`) — with the
/// record that matched best as `matched_id` (the caption, schema and explanation are that
/// record's).
fn result_json(
    snap_entity: &Entity,
    r: &MatchResult,
    explain: bool,
    party: Option<&Party>,
) -> serde_json::Value {
    let mut v = json!({
        "id": r.id,
        "caption": snap_entity.caption(),
        "schema": snap_entity.schema.name(),
        "score": r.score,
        "match": r.is_match,
        "datasets": [snap_entity.source.list],
        "matched_name": r.explanation.matched_name,
    });
    if let Some(p) = party {
        v["id"] = json!(p.id);
        v["matched_id"] = json!(r.id);
        v["party"] = json!(p.id);
        v["datasets"] = json!(p.lists);
        v["referents"] = json!(p.members.iter().filter(|m| **m != p.id).collect::<Vec<_>>());
    }
    let ownership = interdict_ownership::OwnershipReason::of(snap_entity);
    if !ownership.is_empty() {
        v["reason"] = json!("ownership");
        v["ownership"] = json!(ownership);
    }
    if explain {
        v["explanation"] = serde_json::to_value(&r.explanation).unwrap_or_default();
    }
    v
}

/// Runs the search and prints it. Returns how many results are matches.
pub fn run(snap: Snapshot, a: &SearchArgs) -> Result<usize> {
    let query = query_entity(a)?;
    let mut entities = snap.entities;
    // Companies listed parties own are screened like listed ones.
    let marked = super::ownership::mark_derived(&mut entities, a.judgements);
    let parties = (!a.by_record).then(|| {
        marked
            .parties
            .unwrap_or_else(|| Parties::resolve_judged(&entities, a.judgements))
    });
    let index = CandidateIndex::build(entities);
    let opts = MatchOptions {
        threshold: a.threshold,
        // Several records of one party may rank together: ask for more, keep one each.
        limit: if parties.is_some() {
            a.limit * 4
        } else {
            a.limit
        },
        explain_all: a.explain,
        ..MatchOptions::default()
    };
    let mut results = index.search(&query, &opts);
    if !a.all {
        results.retain(|r| r.is_match);
    }
    let party_of = |id: &str| parties.as_ref().and_then(|p| p.get(id));
    if parties.is_some() {
        // The best-ranked record of each party stands for it.
        let mut seen = std::collections::HashSet::new();
        results.retain(|r| seen.insert(party_of(&r.id).map_or(r.id.clone(), |p| p.id.clone())));
        results.truncate(a.limit);
    }
    let entity = |id: &str| index.entity(id);
    let matches = results.iter().filter(|r| r.is_match).count();
    if a.json {
        let out: Vec<_> = results
            .iter()
            .filter_map(|r| entity(&r.id).map(|e| result_json(e, r, a.explain, party_of(&r.id))))
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(
                &json!({"query": query.to_ftm(), "threshold": a.threshold, "results": out})
            )?
        );
        return Ok(matches);
    }
    if results.is_empty() {
        println!(
            "no listed entity scores {:.2} or more for {:?}{}",
            a.threshold,
            a.name,
            if a.all {
                ""
            } else {
                " (--all shows the closest non-matches)"
            }
        );
        return Ok(0);
    }
    for r in &results {
        let Some(e) = entity(&r.id) else { continue };
        let x = &r.explanation;
        println!(
            "{:.2} {} {:<18} {:<12} {:<18} {}{}",
            r.score,
            if r.is_match { "MATCH" } else { "     " },
            r.id,
            e.schema.name(),
            e.source.list,
            e.caption(),
            if x.matched_name != e.caption() {
                format!(
                    "  (as {:?}, {})",
                    x.matched_name,
                    x.matched_name_kind.to_lowercase()
                )
            } else {
                String::new()
            }
        );
        if let Some(p) = party_of(&r.id).filter(|p| p.members.len() > 1) {
            let also: Vec<String> = p
                .members
                .iter()
                .filter(|m| **m != r.id)
                .map(|m| match entity(m) {
                    Some(o) => format!("{m} ({})", o.source.list),
                    None => m.clone(),
                })
                .collect();
            println!("      also listed as {}", also.join(", "));
        }
        for o in interdict_ownership::OwnershipReason::of(e) {
            println!(
                "      {} by ownership ({}, listed share {}): {}",
                o.verdict,
                o.regime.to_uppercase(),
                o.listed_share,
                crate::display::sanitize(&o.path)
            );
        }
        if a.explain {
            for line in x.lines() {
                println!("      {line}");
            }
        }
    }
    Ok(matches)
}

/// Searches one name (fuzzy, or exact with --exact) and prints the results.
pub(crate) fn command(cli: &Cli, a: &args::Search) -> Result<ExitCode> {
    let args::Search {
        name,
        schema,
        birth_dates,
        countries,
        ids,
        threshold,
        limit,
        all,
        explain,
        exact,
        by_record,
        json,
    } = a;
    let store = open_store(cli)?;
    let snap = store.load()?;
    warn_stale(&snap.lists, cli.max_age_days);
    // Like `screen`: 1 when there is something to look at, 0 when the name is clear.
    let found = if *exact {
        print_exact(&snap, name, *limit, *json)?
    } else {
        let judgements = if *by_record {
            Vec::new()
        } else {
            super::party_judgements(cli, &store)?
        };
        run(
            snap,
            &SearchArgs {
                name,
                schema,
                birth_dates,
                countries,
                ids,
                threshold: *threshold,
                limit: *limit,
                all: *all,
                json: *json,
                explain: *explain,
                by_record: *by_record,
                judgements: &judgements,
            },
        )?
    };
    Ok(if found > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Looks one name up exactly (--exact) and prints the hits; returns how many there are.
fn print_exact(
    snap: &interdict_store::Snapshot,
    name: &str,
    limit: usize,
    json: bool,
) -> Result<usize> {
    let hits = snap.search(name, limit);
    if json {
        let out: Vec<_> = hits
            .iter()
            .map(|h| {
                serde_json::json!({
                    "id": h.entity.id,
                    "caption": h.entity.caption(),
                    "schema": h.entity.schema.name(),
                    "list": h.entity.source.list,
                    "matched_name": h.name,
                    "score": (h.score * 1000.0).round() / 1000.0,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else if hits.is_empty() {
        println!("no listed name matches {name:?} (exact and token lookup)");
    } else {
        for h in &hits {
            println!(
                "{:.2}  {:<18} {:<13} {:<18} {}{}",
                h.score,
                h.entity.id,
                h.entity.schema.name(),
                h.entity.source.list,
                h.entity.caption(),
                if h.name != h.entity.caption() {
                    format!("  (as {:?})", h.name)
                } else {
                    String::new()
                }
            );
        }
    }
    Ok(hits.len())
}
