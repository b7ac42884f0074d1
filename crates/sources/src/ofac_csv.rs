//! OFAC legacy CSV sets: `sdn.csv` (or `cons_prim.csv`) with `add.csv`, `alt.csv` and
//! `sdn_comments.csv` (or their `cons_` twins), joined on `ent_num`.
//!
//! The files have no header, are Windows-1252, write nulls as `-0-`, end with a 0x1A byte,
//! and are often captured on different dates, so `add`/`alt` rows may name entities that are
//! not in the main file: those orphans are reported in the warnings, never dropped silently.

use crate::ofac_remarks::apply_remarks;
use crate::read::{cell, check_line_lengths, csv_error, csv_pos, windows_1252};
use crate::{ids_by_name, name_key, Format, ParseError, ParsedList, SourceFile};
use interdict_model::{Address, Entity, Name, NameKind, Relation, Schema};
use std::collections::{BTreeMap, HashMap};

/// The role of a file in a set, recognized by its column count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Main,
    Address,
    Alias,
    Comments,
}

impl Role {
    fn columns(self) -> usize {
        match self {
            Role::Main => 12,
            Role::Address => 6,
            Role::Alias => 5,
            Role::Comments => 2,
        }
    }
}

/// Which list a file of the set belongs to: `cons_*` files are the Consolidated list.
pub(crate) fn list_for_file(file: &SourceFile) -> &'static str {
    if file.base_name().starts_with("cons") {
        "us_ofac_cons"
    } else {
        "us_ofac_sdn"
    }
}

/// Reads all records of one file, checking that each has the role's column count.
fn records(file: &SourceFile) -> Result<(Role, Vec<csv::StringRecord>), ParseError> {
    // Each kept record's position is rewritten to hold its line number (see `line_of`).
    check_line_lengths(file)?;
    let text = windows_1252(file);
    let body = text.trim_end_matches('\u{1a}');
    if !body.ends_with('\n') {
        return Err(ParseError::at(
            &file.name,
            format!("line {}", body.lines().count()),
            None,
            "the file ends in the middle of a record (OFAC files end with a line break): \
             truncated download? Fetch the file again",
        ));
    }
    let text = body.trim_end_matches(['\r', '\n']);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut role = None;
    let mut lines = crate::read::LineCounter::new(text.as_bytes());
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| csv_error(file, text.as_bytes(), e))?;
        if rec.len() == 1
            && rec
                .get(0)
                .is_some_and(|s| s.trim().is_empty() || s == "\u{1a}")
        {
            continue;
        }
        let r = match role {
            Some(r) => r,
            None => {
                let r = match rec.len() {
                    12 => Role::Main,
                    6 => Role::Address,
                    5 => Role::Alias,
                    2 => Role::Comments,
                    n => {
                        return Err(ParseError::at(
                            &file.name,
                            csv_pos(text.as_bytes(), &rec, i),
                            None,
                            format!(
                                "{n} fields; OFAC CSV files have 12 (sdn/cons_prim), 6 (add), \
                                 5 (alt) or 2 (comments)"
                            ),
                        ))
                    }
                };
                role = Some(r);
                r
            }
        };
        if rec.len() != r.columns() {
            return Err(ParseError::at(
                &file.name,
                csv_pos(text.as_bytes(), &rec, i),
                None,
                format!(
                    "{} fields where this file's rows have {} (truncated or damaged row?)",
                    rec.len(),
                    r.columns()
                ),
            ));
        }
        let ent = rec.get(0).unwrap_or("").trim();
        if ent.parse::<u64>().is_err() {
            return Err(ParseError::at(
                &file.name,
                csv_pos(text.as_bytes(), &rec, i),
                Some("ent_num"),
                format!("{ent:?} is not a number"),
            ));
        }
        let mut rec = rec;
        if let Some(p) = rec.position().cloned() {
            let mut pos = csv::Position::new();
            pos.set_byte(p.byte())
                .set_record(p.record())
                .set_line(lines.line_at(p.byte() as usize) as u64);
            rec.set_position(Some(pos));
        }
        rows.push(rec);
    }
    let role = role.ok_or_else(|| ParseError::file(&file.name, "has no records"))?;
    Ok((role, rows))
}

fn schema_of(sdn_type: Option<&str>) -> Schema {
    match sdn_type.map(|s| s.to_ascii_lowercase()).as_deref() {
        Some("individual") => Schema::Person,
        Some("vessel") => Schema::Vessel,
        Some("aircraft") => Schema::Airplane,
        // OFAC writes no type ("-0-") for what it calls an Entity: an organization, never
        // a person.
        _ => Schema::Organization,
    }
}

/// Parses one OFAC CSV set into a list.
pub(crate) fn parse_set(files: &[&SourceFile], list: &str) -> Result<ParsedList, ParseError> {
    let mut by_role: BTreeMap<&'static str, Vec<(&SourceFile, Vec<csv::StringRecord>)>> =
        BTreeMap::new();
    let mut main: Option<(&SourceFile, Vec<csv::StringRecord>)> = None;
    for file in files {
        let (role, rows) = records(file)?;
        match role {
            Role::Main => {
                if main.is_some() {
                    return Err(ParseError::file(
                        &file.name,
                        "a second main file (12 columns) in one OFAC set; import sdn.csv and \
                         cons_prim.csv separately or name the list with --list",
                    ));
                }
                main = Some((file, rows));
            }
            Role::Address => by_role.entry("add").or_default().push((file, rows)),
            Role::Alias => by_role.entry("alt").or_default().push((file, rows)),
            Role::Comments => by_role.entry("comments").or_default().push((file, rows)),
        }
    }
    let Some((main_file, main_rows)) = main else {
        return Err(ParseError::file(
            &files[0].name,
            "an OFAC CSV set needs its main file (sdn.csv or cons_prim.csv, 12 columns) \
             alongside add.csv / alt.csv",
        ));
    };
    let mut parsed = ParsedList::new(list, Format::OfacCsv, files);
    // Comments continue the Remarks column of the main file.
    let mut comments: HashMap<String, String> = HashMap::new();
    let mut orphans: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    // A repeated ent_num (the 2022-01 sdn.csv ends with a second, different "2677") keeps
    // both records: the later one under `ofac-<ent_num>-<line>`, reported in the warnings.
    let mut row_ids: Vec<String> = Vec::with_capacity(main_rows.len());
    for (i, rec) in main_rows.iter().enumerate() {
        let ent = rec.get(0).unwrap_or("").trim().to_string();
        if let Some(&first) = index.get(&ent) {
            let line = rec.position().map_or(i as u64 + 1, |p| p.line());
            let id = format!("{ent}-{line}");
            parsed.warnings.push(format!(
                "{}: line {line}: ent_num {ent} appears twice (first on record {}, {:?}); \
                 the record {:?} is kept as ofac-{id}, and add/alt rows attach to the first",
                main_file.name,
                first + 1,
                main_rows[first].get(1).unwrap_or("").trim(),
                rec.get(1).unwrap_or("").trim(),
            ));
            row_ids.push(id);
            continue;
        }
        index.insert(ent.clone(), i);
        row_ids.push(ent);
    }
    for (file, rows) in by_role.get("comments").into_iter().flatten() {
        let _ = file;
        for rec in rows {
            let ent = rec.get(0).unwrap_or("").trim().to_string();
            if !index.contains_key(&ent) {
                orphans.entry("comments").or_default().push(ent);
                continue;
            }
            if let Some(text) = cell(rec.get(1)) {
                comments.entry(ent).or_default().push_str(&text);
            }
        }
    }
    let mut entities = Vec::with_capacity(main_rows.len());
    let mut links: Vec<(usize, Vec<String>)> = Vec::new();
    for (i, rec) in main_rows.iter().enumerate() {
        let ent = row_ids[i].as_str();
        let name = cell(rec.get(1)).ok_or_else(|| {
            ParseError::at(
                &main_file.name,
                line_pos(rec, i),
                Some("SDN_Name"),
                "is empty",
            )
        })?;
        let schema = schema_of(cell(rec.get(2)).as_deref());
        let mut e = parsed.entity("ofac-", ent, schema.clone());
        let mut primary = Name::new(name.clone(), NameKind::Primary);
        if schema == Schema::Person {
            primary.parts = split_surname_first(&name);
        }
        e.add_name(primary);
        if let Some(programs) = cell(rec.get(3)) {
            for p in programs.split("] [") {
                let p = p.trim_matches(|c| c == '[' || c == ']' || c == ' ');
                if !p.is_empty() {
                    Entity::push_unique(&mut e.programs, p.to_string());
                }
            }
        }
        if let Some(title) = cell(rec.get(4)) {
            Entity::push_unique(&mut e.positions, title);
        }
        for (col, prop) in [
            (5, "callSign"),
            (6, "type"),
            (7, "tonnage"),
            (8, "grossRegisteredTonnage"),
        ] {
            if let Some(v) = cell(rec.get(col)) {
                e.add_extra(prop, &v);
            }
        }
        if let Some(flag) = cell(rec.get(9)) {
            match interdict_model::country::to_iso(&flag) {
                Some(code) => {
                    e.add_extra("flag", code);
                    Entity::push_unique(&mut e.countries, code.to_string());
                }
                None => e.add_extra("flag", &flag),
            }
        }
        if let Some(owner) = cell(rec.get(10)) {
            e.add_note(&format!("Vessel owner: {owner}"));
        }
        let mut remarks = cell(rec.get(11)).unwrap_or_default();
        if let Some(more) = comments.get(ent) {
            remarks.push_str(more);
        }
        if !remarks.is_empty() {
            let l = apply_remarks(&mut e, &remarks);
            if !l.is_empty() {
                links.push((entities.len(), l));
            }
        }
        entities.push(e);
    }
    for (file, rows) in by_role.get("add").into_iter().flatten() {
        for (i, rec) in rows.iter().enumerate() {
            let ent = rec.get(0).unwrap_or("").trim();
            let Some(&idx) = index.get(ent) else {
                orphans.entry("add").or_default().push(ent.to_string());
                continue;
            };
            let country = cell(rec.get(4));
            let addr = Address::from_parts(
                cell(rec.get(2)),
                cell(rec.get(3)),
                None,
                None,
                country.as_deref(),
            );
            let e = &mut entities[idx];
            if let Some(r) = cell(rec.get(5)) {
                e.add_note(&r);
            }
            e.add_address(addr, country.as_deref());
            let _ = (file, i);
        }
    }
    for (_file, rows) in by_role.get("alt").into_iter().flatten() {
        for rec in rows {
            let ent = rec.get(0).unwrap_or("").trim();
            let Some(&idx) = index.get(ent) else {
                orphans.entry("alt").or_default().push(ent.to_string());
                continue;
            };
            let Some(value) = cell(rec.get(3)) else {
                continue;
            };
            let kind = match cell(rec.get(2)).map(|s| s.to_ascii_lowercase()).as_deref() {
                Some("fka") => NameKind::Previous,
                Some("nka") | Some("aka") => NameKind::Alias,
                _ => NameKind::Alias,
            };
            let e = &mut entities[idx];
            let mut name = Name::new(value.clone(), kind);
            if e.schema == Schema::Person {
                name.parts = split_surname_first(&value);
            }
            e.add_name(name);
            if let Some(r) = cell(rec.get(4)) {
                e.add_note(&r);
            }
        }
    }
    for (role, ents) in &orphans {
        let mut ids = ents.clone();
        ids.dedup();
        let shown: Vec<&str> = ids.iter().take(10).map(String::as_str).collect();
        parsed.warnings.push(format!(
            "{} {role} row(s) name {} ent_num(s) not in the main file (a set captured on \
             different dates?); not attached: {}{}",
            ents.len(),
            ids.len(),
            shown.join(", "),
            if ids.len() > shown.len() { ", …" } else { "" }
        ));
    }
    resolve_links(&mut entities, links, list, &mut parsed.warnings);
    parsed.entities = entities;
    Ok(parsed)
}

/// "SURNAME, Given Middle" → parts (OFAC's way of writing individuals).
pub(crate) fn split_surname_first(name: &str) -> Option<interdict_model::NameParts> {
    let (last, first) = name.split_once(", ")?;
    Some(interdict_model::NameParts {
        first: Some(first.trim().to_string()).filter(|s| !s.is_empty()),
        last: Some(last.trim().to_string()).filter(|s| !s.is_empty()),
        ..Default::default()
    })
}

/// Turns "Linked To: NAME" references into UnknownLink entities between ids.
pub(crate) fn resolve_links(
    entities: &mut Vec<Entity>,
    links: Vec<(usize, Vec<String>)>,
    list: &str,
    warnings: &mut Vec<String>,
) {
    let by_name = ids_by_name(entities);
    let mut unresolved = Vec::new();
    let mut new = Vec::new();
    for (idx, names) in links {
        let from = entities[idx].id.clone();
        for name in names {
            match by_name.get(&name_key(&name)) {
                Some(ids) => {
                    for to in ids.iter().filter(|to| **to != from) {
                        let mut link = Entity::new(
                            format!("{from}-linked-{}", to.trim_start_matches("ofac-")),
                            Schema::UnknownLink,
                        );
                        link.source = entities[idx].source.clone();
                        link.relation = Some(Relation {
                            from: from.clone(),
                            to: to.clone(),
                            role: Some("Linked To".into()),
                            percentage: None,
                        });
                        new.push(link);
                    }
                }
                None => {
                    entities[idx].add_note(&format!("Linked To: {name}"));
                    unresolved.push(format!("{from} → {name:?}"));
                }
            }
        }
    }
    if !unresolved.is_empty() {
        let shown: Vec<&str> = unresolved.iter().take(5).map(String::as_str).collect();
        warnings.push(format!(
            "{} \"Linked To\" reference(s) name no entity in {list}; kept as notes: {}{}",
            unresolved.len(),
            shown.join("; "),
            if unresolved.len() > 5 { "; …" } else { "" }
        ));
    }
    entities.extend(new);
}

/// "line N, record M" from a record whose position holds its real line (see `records`).
fn line_pos(rec: &csv::StringRecord, index: usize) -> String {
    match rec.position() {
        Some(p) => format!("line {}, record {}", p.line(), index + 1),
        None => format!("record {}", index + 1),
    }
}
