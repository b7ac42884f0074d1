//! A user's own ownership registry as CSV, one holding a row:
//! `owner_id,owner_name,asset_id,asset_name,percentage,start_date,end_date`. It is not a
//! sanctions list: its companies and people are kept to work out who listed parties own
//! (`interdict ownership`), marked [`interdict_model::REGISTRY`] so that screening does not
//! match against them. An `owner_id` or `asset_id` may name a listed party by its interdict
//! id (`ofac-17013`); the registry's own ids are kept as `<list>:<id>` so that they never
//! collide with a list's.

use crate::read::{cell, check_line_lengths, csv_error, csv_pos, header_index, utf8};
use crate::{Format, ParseError, ParsedList, SourceFile};
use interdict_model::{registry_id, Entity, Name, NameKind, Relation, Schema, REGISTRY};
use std::collections::HashMap;

/// The header the format is recognised by, and must have.
pub const COLUMNS: [&str; 7] = [
    "owner_id",
    "owner_name",
    "asset_id",
    "asset_name",
    "percentage",
    "start_date",
    "end_date",
];

/// Whether a first line is this format's header.
pub(crate) fn is_header(first: &str) -> bool {
    let cols: Vec<String> = first
        .split(',')
        .map(|c| c.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    ["owner_id", "asset_id", "percentage"]
        .iter()
        .all(|c| cols.iter().any(|x| x == c))
}

/// Parses an ownership registry CSV file; `list` names it (default `registry`).
pub(crate) fn parse(file: &SourceFile, list: Option<&str>) -> Result<ParsedList, ParseError> {
    check_line_lengths(file)?;
    let text = utf8(file)?;
    let list = list.unwrap_or("registry");
    let mut parsed = ParsedList::new(list, Format::OwnershipCsv, &[file]);
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| csv_error(file, text.as_bytes(), e))?
        .clone();
    let idx = header_index(file, &headers, &COLUMNS, "line 1 (header)")?;
    // Registry parties by their own id: their position in `parsed.entities`.
    let mut parties: HashMap<String, usize> = HashMap::new();
    let mut rows = 0usize;
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| csv_error(file, text.as_bytes(), e))?;
        let get = |name: &str| cell(idx.get(name).and_then(|&i| rec.get(i)));
        let at = || csv_pos(text.as_bytes(), &rec, i);
        let required = |name: &str| {
            get(name).ok_or_else(|| ParseError::at(&file.name, at(), Some(name), "is empty"))
        };
        let owner = required("owner_id")?;
        let asset = required("asset_id")?;
        if let Some(p) = get("percentage") {
            check_percentage(&p)
                .map_err(|m| ParseError::at(&file.name, at(), Some("percentage"), m))?;
        }
        for field in ["start_date", "end_date"] {
            if let Some(d) = get(field) {
                if !is_date(&d) {
                    return Err(ParseError::at(
                        &file.name,
                        at(),
                        Some(field),
                        format!("{d:?} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
                    ));
                }
            }
        }
        for (id, name, schema) in [
            (&owner, get("owner_name"), Schema::LegalEntity),
            (&asset, get("asset_name"), Schema::Company),
        ] {
            let slot = match parties.get(id.as_str()) {
                Some(&s) => s,
                None => {
                    let mut e = Entity::new(registry_id(list, id), schema.clone());
                    e.source.list = list.to_string();
                    e.source.record_id = id.clone();
                    e.add_extra(REGISTRY, "true");
                    parsed.entities.push(e);
                    parties.insert(id.clone(), parsed.entities.len() - 1);
                    parsed.entities.len() - 1
                }
            };
            let e = &mut parsed.entities[slot];
            // An asset is a company whatever it was first seen as.
            if schema == Schema::Company {
                e.schema = Schema::Company;
            }
            if let Some(n) = name {
                if !e.names.iter().any(|x| x.value == n) {
                    let kind = if e.names.is_empty() {
                        NameKind::Primary
                    } else {
                        NameKind::Alias
                    };
                    e.add_name(Name::new(n, kind));
                }
            }
        }
        rows += 1;
        let mut rel = Entity::new(
            registry_id(list, &format!("row-{}", i + 1)),
            Schema::Ownership,
        );
        rel.source.list = list.to_string();
        rel.source.record_id = format!("row {}", i + 1);
        rel.add_extra(REGISTRY, "true");
        rel.relation = Some(Relation {
            from: owner,
            to: asset,
            role: None,
            percentage: get("percentage"),
        });
        if let Some(d) = get("start_date") {
            rel.add_extra("startDate", &d);
        }
        if let Some(d) = get("end_date") {
            rel.add_extra("endDate", &d);
        }
        parsed.entities.push(rel);
    }
    if rows == 0 {
        return Err(ParseError::file(&file.name, "has a header but no holdings"));
    }
    Ok(parsed)
}

/// Whether a percentage cell says something a share can be read from (the ownership
/// rules' own reading of it: a number 0–100, a range or a band).
fn check_percentage(p: &str) -> Result<(), String> {
    interdict_ownership::share::parse(p)
        .map(|_| ())
        .map_err(|e| format!("{e}; leave it empty when unknown"))
}

/// Whether a cell is a date the ownership rules read (YYYY, YYYY-MM or YYYY-MM-DD, in
/// range).
fn is_date(d: &str) -> bool {
    interdict_ownership::graph::day(d, false).is_some()
}

#[cfg(test)]
mod tests {
    use crate::{detect, parse_files, Format, SourceFile};
    use interdict_model::{Schema, REGISTRY};

    fn file(text: &str) -> SourceFile {
        SourceFile::from_bytes("registry.csv", text.as_bytes().to_vec()).unwrap()
    }

    const HEADER: &str = "owner_id,owner_name,asset_id,asset_name,percentage,start_date,end_date\n";

    #[test]
    fn a_registry_is_recognised_and_read_as_parties_and_holdings() {
        let f = file(&format!(
            "{HEADER}ofac-1,Listed Co,C1,Front LLC,51,2023-02,\nC1,Front LLC,C2,Second LLC,,,2030\n"
        ));
        assert_eq!(detect(&f), Some(Format::OwnershipCsv));
        let parsed = parse_files(&[f], None, Some("acme")).unwrap().remove(0);
        let ids: Vec<&str> = parsed.entities.iter().map(|e| e.id.as_str()).collect();
        // Three parties (the registry's own ids namespaced), two holdings.
        assert_eq!(
            ids,
            [
                "acme:ofac-1",
                "acme:C1",
                "acme:row-1",
                "acme:C2",
                "acme:row-2"
            ]
        );
        assert!(parsed
            .entities
            .iter()
            .all(|e| e.extra.contains_key(REGISTRY)));
        let c1 = &parsed.entities[1];
        assert_eq!(
            (c1.schema.clone(), c1.caption()),
            (Schema::Company, "Front LLC")
        );
        let rel = parsed.entities[2].relation.as_ref().unwrap();
        assert_eq!((rel.from.as_str(), rel.to.as_str()), ("ofac-1", "C1"));
        assert_eq!(rel.percentage.as_deref(), Some("51"));
        assert_eq!(parsed.entities[2].extra["startDate"], ["2023-02"]);
        // An empty percentage is an unknown share, not an error.
        assert_eq!(
            parsed.entities[4].relation.as_ref().unwrap().percentage,
            None
        );
    }

    #[test]
    fn errors_name_the_line_and_field() {
        for (row, field) in [
            (",x,C1,y,50,,", "owner_id"),
            ("A,x,,y,50,,", "asset_id"),
            ("A,x,C1,y,half,,", "percentage"),
            ("A,x,C1,y,150,,", "percentage"),
            ("A,x,C1,y,50,2023-13-01,", "start_date"),
            ("A,x,C1,y,50,,01/02/2023", "end_date"),
        ] {
            let f = file(&format!("{HEADER}A,x,C0,y,10,,\n{row}\n"));
            let err = parse_files(&[f], None, None).unwrap_err().to_string();
            assert!(
                err.contains("line 3") && err.contains(field),
                "{row}: {err}"
            );
        }
        let f = file(HEADER);
        assert!(parse_files(&[f], None, None)
            .unwrap_err()
            .to_string()
            .contains("no holdings"));
    }
}
