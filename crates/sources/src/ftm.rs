//! FollowTheMoney JSON lines (OpenSanctions exports, yente fixtures) and OpenSanctions delta
//! files. Entity ids are kept as the file gives them (they are already globally unique).

use crate::read::{check_line_lengths, utf8};
use crate::{Format, ParseError, ParsedList, SourceFile};
use interdict_model::{Entity, PartialDate};
use serde_json::Value;

/// The list id for an FtM file when `--list` is not given: the parent folder's name
/// (`yente_zala/entities.ftm.json` → `yente_zala`), else the file stem.
fn default_list(file: &SourceFile) -> String {
    let parts: Vec<&str> = file
        .name
        .split(['/', '\\'])
        .filter(|p| !p.is_empty())
        .collect();
    let stem = |s: &str| s.split('.').next().unwrap_or(s).to_string();
    match parts.as_slice() {
        [.., dir, f] if f.starts_with("entities") && *dir != "." => dir.to_string(),
        [.., f] => stem(f),
        [] => "ftm".into(),
    }
}

/// Parses entities (`delta == false`) or delta operations.
pub(crate) fn parse(
    file: &SourceFile,
    list: Option<&str>,
    delta: bool,
) -> Result<ParsedList, ParseError> {
    check_line_lengths(file)?;
    let text = utf8(file)?;
    let list = list
        .map(str::to_string)
        .unwrap_or_else(|| default_list(file));
    let fmt = if delta {
        Format::FtmDelta
    } else {
        Format::FtmJson
    };
    let mut parsed = ParsedList::new(&list, fmt, &[file]);
    parsed.is_delta = delta;
    let mut seen = std::collections::HashMap::new();
    let mut latest: Option<PartialDate> = None;
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let at = |field: Option<&str>, msg: String| {
            ParseError::at(&file.name, format!("line {line_no}"), field, msg)
        };
        let value: Value =
            serde_json::from_str(line).map_err(|e| at(None, format!("invalid JSON: {e}")))?;
        let entity_value = if delta {
            let op = value
                .get("op")
                .and_then(Value::as_str)
                .ok_or_else(|| at(Some("op"), "missing or not a string".into()))?;
            let ent = value
                .get("entity")
                .ok_or_else(|| at(Some("entity"), "missing".into()))?;
            match op {
                "DEL" => {
                    let id = ent
                        .get("id")
                        .and_then(Value::as_str)
                        .ok_or_else(|| at(Some("entity.id"), "missing".into()))?;
                    parsed.deletions.push(id.to_string());
                    continue;
                }
                "ADD" | "MOD" => ent,
                other => return Err(at(Some("op"), format!("{other:?} is not ADD, MOD or DEL"))),
            }
        } else {
            &value
        };
        let mut e = Entity::from_ftm(entity_value, &list).map_err(|m| at(None, m))?;
        if let Some(d) = entity_value
            .get("last_change")
            .and_then(Value::as_str)
            .and_then(PartialDate::parse_iso)
        {
            latest = latest.max(Some(d));
        }
        if let Some(ds) = entity_value.get("datasets").and_then(Value::as_array) {
            for d in ds.iter().filter_map(Value::as_str) {
                e.add_extra("datasets", d);
            }
        }
        if let Some(&prev) = seen.get(&e.id) {
            return Err(at(
                Some("id"),
                format!("entity {} appears again (first on line {prev})", e.id),
            ));
        }
        seen.insert(e.id.clone(), line_no);
        parsed.entities.push(e);
    }
    if parsed.entities.is_empty() && parsed.deletions.is_empty() {
        return Err(ParseError::file(&file.name, "contains no entities"));
    }
    parsed.published = latest;
    for e in &mut parsed.entities {
        e.source.published = latest;
    }
    Ok(parsed)
}
