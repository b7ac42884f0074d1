//! `interdict generate`: a seeded synthetic customer file, or an ownership registry, for
//! benchmarks and trials.

use super::open_store;
use crate::args::{self, Cli};
use anyhow::{bail, Context, Result};
use interdict_model::Schema;
use interdict_store::Snapshot;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Writes the synthetic customer file.
pub(crate) fn command(cli: &Cli, a: &args::Generate) -> Result<ExitCode> {
    let args::Generate {
        records,
        seed,
        output,
        listed_share,
        registry,
        goods,
    } = a;
    if *goods {
        let snap = open_store(cli)?.load()?;
        goods_csv(
            &snap,
            *records,
            *seed,
            *listed_share,
            super::output_path(output.as_deref()),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    if *registry {
        let snap = open_store(cli)?.load()?;
        registry_csv(
            &snap,
            *records,
            *seed,
            super::output_path(output.as_deref()),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let snap = if *listed_share > 0.0 {
        Some(open_store(cli)?.load()?)
    } else {
        None
    };
    generate(
        snap,
        &GenerateArgs {
            records: *records,
            seed: *seed,
            output: super::output_path(output.as_deref()),
            listed_share: *listed_share,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

/// What the user asked `generate` for.
pub struct GenerateArgs<'a> {
    pub records: u64,
    pub seed: u64,
    pub output: Option<&'a Path>,
    pub listed_share: f64,
}

/// Where a generated file goes: the file (created), or standard output; buffered.
fn open_output(output: Option<&Path>) -> Result<std::io::BufWriter<Box<dyn Write>>> {
    let out: Box<dyn Write> = match output {
        Some(p) => {
            Box::new(std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?)
        }
        None => Box::new(std::io::stdout()),
    };
    Ok(std::io::BufWriter::with_capacity(1 << 16, out))
}

/// Writes a seeded synthetic customer file (CSV, or JSON lines by extension). A share of
/// the records carry listed names, as a real customer base might.
pub fn generate(snap: Option<Snapshot>, a: &GenerateArgs) -> Result<()> {
    if !(0.0..=1.0).contains(&a.listed_share) {
        bail!("--listed-share {} is outside 0–1", a.listed_share);
    }
    let listed: Vec<interdict_model::Entity> = snap
        .map(|s| {
            s.entities
                .into_iter()
                .filter(|e| {
                    matches!(
                        e.schema,
                        Schema::Person
                            | Schema::Organization
                            | Schema::Company
                            | Schema::LegalEntity
                    ) && !e.names.is_empty()
                })
                .collect()
        })
        .unwrap_or_default();
    let json = a
        .output
        .and_then(|p| p.extension())
        .is_some_and(|e| e == "jsonl" || e == "ndjson");
    let mut out = open_output(a.output)?;
    let header = [
        "customer_id",
        "full_name",
        "type",
        "date_of_birth",
        "country",
        "nationality",
        "passport_number",
    ];
    let mut g = interdict_synth::Generator::new(a.seed);
    let mut next_row = |i: u64| -> Vec<String> {
        let p = g.party();
        let mut row = vec![
            format!("C{:08}", i + 1),
            p.name,
            match p.kind {
                interdict_synth::PartyKind::Person => "individual".to_string(),
                interdict_synth::PartyKind::Company => "company".to_string(),
            },
            p.date.unwrap_or_default(),
            p.country,
            p.nationality.unwrap_or_default(),
            p.passport.unwrap_or_default(),
        ];
        if !listed.is_empty() && g.rng().chance(a.listed_share) {
            let e = &listed[g.rng().below(listed.len())];
            let n = &e.names[g.rng().below(e.names.len())];
            row[1] = n.value.clone();
            row[2] = if e.schema == Schema::Person {
                "individual".into()
            } else {
                "company".into()
            };
            row[3] = e
                .birth_dates
                .first()
                .map(|d| d.date.to_string())
                .unwrap_or_default();
            row[4] = e.countries.first().cloned().unwrap_or_default();
            row[5] = e.nationalities.first().cloned().unwrap_or_default();
            row[6] = String::new();
        }
        row
    };
    if json {
        for i in 0..a.records {
            let mut obj = serde_json::Map::new();
            for (k, v) in header.iter().zip(next_row(i)) {
                if !v.is_empty() {
                    obj.insert(k.to_string(), serde_json::Value::String(v));
                }
            }
            serde_json::to_writer(&mut out, &obj)?;
            out.write_all(b"\n")?;
        }
    } else {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(header)?;
        for i in 0..a.records {
            w.write_record(next_row(i))?;
        }
        w.flush()?;
    }
    out.flush()?;
    Ok(())
}

/// Writes a generated ownership registry as CSV (`owner_id,owner_name,asset_id,asset_name,
/// percentage,start_date,end_date`): the structure of `interdict_ownership::generate`, its
/// companies and people named by the customer generator, its listed owners the store's
/// organisations (cycled through by id, so that the same seed gives the same file).
pub fn registry_csv(snap: &Snapshot, edges: u64, seed: u64, output: Option<&Path>) -> Result<()> {
    let mut listed: Vec<(&str, &str)> = snap
        .entities
        .iter()
        .filter(|e| {
            e.is_screened()
                && matches!(e.schema, Schema::Organization | Schema::Company)
                && !e.names.is_empty()
        })
        .map(|e| (e.id.as_str(), e.caption()))
        .collect();
    listed.sort();
    if listed.is_empty() {
        bail!("no listed organisation in the store to own the registry's companies");
    }
    let r = interdict_ownership::generate::registry(edges as usize, seed);
    let mut g = interdict_synth::Generator::new(seed);
    let mut names: std::collections::HashMap<String, (String, String)> = Default::default();
    let mut name = |id: &str, g: &mut interdict_synth::Generator| -> (String, String) {
        if let Some(n) = names.get(id) {
            return n.clone();
        }
        let n = if let Some(group) = id.strip_prefix('L') {
            let i = group.parse::<usize>().unwrap_or(0) % listed.len();
            (listed[i].0.to_string(), listed[i].1.to_string())
        } else if id.contains('P') {
            (id.to_string(), g.person().name)
        } else {
            (id.to_string(), g.company().name)
        };
        names.insert(id.to_string(), n.clone());
        n
    };
    let mut w = csv::Writer::from_writer(open_output(output)?);
    w.write_record(interdict_sources::ownership_csv::COLUMNS)?;
    for e in &r.edges {
        if e.kind != interdict_ownership::EdgeKind::Ownership {
            continue;
        }
        let (owner_id, owner_name) = name(&e.owner, &mut g);
        let (asset_id, asset_name) = name(&e.asset, &mut g);
        let pct = |f: f64| format!("{}", (f * 100.0).round());
        let share = if e.share == interdict_ownership::Share::UNKNOWN {
            String::new()
        } else if e.share.is_exact() {
            pct(e.share.min)
        } else {
            format!("{}-{}", pct(e.share.min), pct(e.share.max))
        };
        w.write_record([
            owner_id,
            owner_name,
            asset_id,
            asset_name,
            share,
            e.start.clone().unwrap_or_default(),
            e.end.clone().unwrap_or_default(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// Destinations of generated shipment lines: mostly ordinary trade partners, some on the
/// diversion routes, a few sanctioned.
const GOODS_DESTINATIONS: &[&str] = &[
    "Germany",
    "France",
    "United States",
    "Japan",
    "Netherlands",
    "Poland",
    "Italy",
    "Spain",
    "Canada",
    "Brazil",
    "India",
    "Mexico",
    "South Korea",
    "Sweden",
    "Australia",
    "Chile",
    "Kazakhstan",
    "Kyrgyzstan",
    "Armenia",
    "Georgia",
    "Türkiye",
    "United Arab Emirates",
    "China",
    "Hong Kong",
    "Uzbekistan",
    "Russia",
    "Belarus",
    "Iran",
];

/// Writes seeded shipment lines as CSV (`line_id,hs_code,description,destination,
/// consignee,quantity,value`) for `interdict goods` benchmarks and trials.
pub fn goods_csv(
    snap: &Snapshot,
    lines: u64,
    seed: u64,
    listed_share: f64,
    output: Option<&Path>,
) -> Result<()> {
    if !(0.0..=1.0).contains(&listed_share) {
        bail!("--listed-share {listed_share} is outside 0–1");
    }
    let rules = interdict_goods::rules::RuleSet::bundled()?;
    let subheadings = &rules.nomenclature.subheadings;
    let mut chpl: Vec<&String> = rules.chpl.keys().collect();
    chpl.sort();
    let mut listed: Vec<&str> = snap
        .entities
        .iter()
        .filter(|e| e.is_screened() && matches!(e.schema, Schema::Organization | Schema::Company))
        .map(|e| e.caption())
        .collect();
    listed.sort_unstable();
    let mut g = interdict_synth::Generator::new(seed);
    // Shipment files name the same consignees again and again.
    let pool: Vec<String> = (0..2_000)
        .map(|_| {
            if !listed.is_empty() && g.rng().chance(listed_share) {
                listed[g.rng().below(listed.len())].to_string()
            } else {
                g.company().name
            }
        })
        .collect();
    let mut w = csv::Writer::from_writer(open_output(output)?);
    w.write_record([
        "line_id",
        "hs_code",
        "description",
        "destination",
        "consignee",
        "quantity",
        "value",
    ])?;
    for i in 0..lines {
        let code = if g.rng().chance(0.1) {
            chpl[g.rng().below(chpl.len())].clone()
        } else {
            subheadings[g.rng().below(subheadings.len())].hs6.clone()
        };
        let description = rules.nomenclature.describe(&code).unwrap_or("").to_string();
        let written = match g.rng().below(4) {
            0 => format!("{}.{}", &code[..4], &code[4..]),
            1 => format!("{}.{}.{:04}", &code[..4], &code[4..], g.rng().below(10_000)),
            2 => format!("{code}{:02}", g.rng().below(100)),
            _ => code.clone(),
        };
        let qty = 1 + g.rng().below(1000);
        w.write_record([
            format!("G{:08}", i + 1),
            written,
            description,
            GOODS_DESTINATIONS[g.rng().below(GOODS_DESTINATIONS.len())].to_string(),
            pool[g.rng().below(pool.len())].clone(),
            qty.to_string(),
            format!(
                "{}.{:02}",
                qty * (1 + g.rng().below(500)),
                g.rng().below(100)
            ),
        ])?;
    }
    w.flush()?;
    Ok(())
}
