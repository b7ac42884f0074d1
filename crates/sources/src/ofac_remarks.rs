//! OFAC's Remarks text ("DOB 28 Jan 1978; POB Kazan, Russia; Passport 753129173 (Russia);
//! a.k.a. 'X'; Linked To: Y.") parsed into typed fields. The same labels appear as
//! `idType`/`idNumber` pairs in OFAC's XML, so [`apply_labelled`] serves both formats.

use interdict_model::{DateSpec, Entity, IdKind, Identifier, Name, NameKind, PartialDate, Schema};

/// Splits remarks into segments on `;` outside single-quoted names.
fn segments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            // A quote opens after "a.k.a. " or a space, and closes before ";" "." or end;
            // apostrophes inside words (O'Brien) do neither.
            '\'' => {
                let prev = if i > 0 { chars[i - 1] } else { ' ' };
                let next = chars.get(i + 1).copied().unwrap_or(' ');
                if !quoted && prev.is_whitespace() {
                    quoted = true;
                } else if quoted
                    && (next == ';' || next == '.' || next.is_whitespace() || next == ',')
                {
                    quoted = false;
                }
                cur.push(c);
            }
            ';' if !quoted => {
                out.push(std::mem::take(&mut cur));
            }
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Text inside the first pair of single quotes, or the whole text.
fn quoted(s: &str) -> &str {
    let s = s.trim();
    let s = s.strip_prefix('\'').unwrap_or(s);
    match s.rfind('\'') {
        Some(end) => &s[..end],
        None => s,
    }
}

/// Parses OFAC remarks into `e`. Returns the names given after "Linked To:", which the caller
/// resolves to entity ids once the whole list is read.
pub(crate) fn apply_remarks(e: &mut Entity, remarks: &str) -> Vec<String> {
    let mut links = Vec::new();
    let text = remarks.trim();
    let text = text.strip_suffix('.').unwrap_or(text);
    for seg in segments(text) {
        let seg = seg.strip_prefix("alt. ").unwrap_or(&seg).trim();
        let lower = seg.to_ascii_lowercase();
        if let Some(rest) = strip_ci(seg, "a.k.a.") {
            e.add_name(Name::new(quoted(rest), NameKind::WeakAlias));
        } else if let Some(rest) = strip_ci(seg, "f.k.a.") {
            e.add_name(Name::new(quoted(rest), NameKind::Previous));
        } else if let Some(rest) = strip_ci(seg, "n.k.a.") {
            e.add_name(Name::new(quoted(rest), NameKind::Alias));
        } else if let Some(rest) = strip_ci(seg, "Linked To:") {
            let name = rest.trim().trim_end_matches('.').trim();
            if !name.is_empty() {
                links.push(name.to_string());
            }
        } else if let Some(rest) = strip_ci(seg, "DOB") {
            match DateSpec::parse_text(rest) {
                Some(d) => Entity::push_unique(&mut e.birth_dates, d),
                None => e.add_note(seg),
            }
        } else if let Some(rest) = strip_ci(seg, "POB") {
            Entity::push_unique(&mut e.birth_places, rest.trim().to_string());
        } else if let Some(rest) = strip_ci(seg, "nationality").or_else(|| strip_ci(seg, "citizen"))
        {
            if !e.add_country(rest, true) {
                e.add_note(seg);
            }
        } else if let Some(rest) = strip_ci(seg, "Gender") {
            Entity::push_unique(&mut e.gender, rest.trim().to_ascii_lowercase());
        } else if let Some(rest) = strip_ci(seg, "Website") {
            Entity::push_unique(&mut e.contacts, rest.trim().to_string());
        } else if let Some(rest) = strip_ci(seg, "Email Address").or_else(|| strip_ci(seg, "Email"))
        {
            Entity::push_unique(&mut e.contacts, rest.trim().to_string());
        } else if let Some(rest) = strip_ci(seg, "Phone Number")
            .or_else(|| strip_ci(seg, "Telephone"))
            .or_else(|| strip_ci(seg, "Fax"))
        {
            Entity::push_unique(&mut e.contacts, rest.trim().to_string());
        } else if let Some(rest) = strip_ci(seg, "Organization Established Date") {
            // A date FtM can read; a range ("21 Mar 2015 to 19 Mar 2016") or other text is
            // kept as the list wrote it, as a note.
            match PartialDate::parse_loose(rest, false) {
                Some(d) => e.add_extra("incorporationDate", &d.to_string()),
                None => e.add_note(seg),
            }
        } else if let (Some(rest), true) = (
            strip_ci(seg, "Aircraft Model"),
            e.schema == Schema::Airplane,
        ) {
            e.add_extra("model", rest.trim());
        } else if let (Some(rest), true) = (
            strip_ci(seg, "Aircraft Manufacture Date"),
            e.schema == Schema::Airplane,
        ) {
            // FtM's `buildDate` is a date: "1992", "Mar 2005" or a day.
            match PartialDate::parse_loose(rest, false) {
                Some(d) => e.add_extra("buildDate", &d.to_string()),
                None => e.add_note(seg),
            }
        } else if lower.starts_with("vessel flag")
            || lower.starts_with("former vessel flag")
            || !apply_id_segment(e, seg)
        {
            e.add_note(seg);
        }
    }
    links
}

/// Case-insensitive prefix strip that requires a word boundary after the prefix.
fn strip_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let rest = &s[prefix.len()..];
    if prefix.ends_with(':') || prefix.ends_with('.') || rest.is_empty() || rest.starts_with(' ') {
        Some(rest.trim())
    } else {
        None
    }
}

/// Labels whose values may contain no digit (so the generic rule below would miss them).
const LETTER_VALUE_LABELS: &[&str] = &["SWIFT/BIC", "Equity Ticker", "ISIN", "Issuer Name"];

/// Words that mark a label as naming an identifier rather than a date or a statement.
fn is_id_label(label: &str) -> bool {
    let l = label.to_ascii_lowercase();
    if l.contains("date") || l.contains("executive order") || l.contains("directive") {
        return false;
    }
    IdKind::from_label(label) != IdKind::Other
        || [
            " no",
            "no.",
            "number",
            " id",
            "id ",
            "#",
            "code",
            "identification",
            "serial",
        ]
        .iter()
        .any(|w| l.contains(w) || l.ends_with(w.trim()))
}

/// Tries to read `LABEL VALUE [(Country)] [qualifiers]` as an identifier.
fn apply_id_segment(e: &mut Entity, seg: &str) -> bool {
    for label in LETTER_VALUE_LABELS {
        if let Some(rest) = strip_ci(seg, label) {
            let (value, country, note) = split_value(rest);
            apply_labelled(e, label, &value, country.as_deref(), note.as_deref());
            return true;
        }
    }
    // The value starts at the first word that holds a digit.
    let words: Vec<&str> = seg.split(' ').collect();
    let Some(first) = words
        .iter()
        .position(|w| w.chars().any(|c| c.is_ascii_digit()))
    else {
        return false;
    };
    if first == 0 {
        return false;
    }
    let label = words[..first].join(" ");
    if !is_id_label(&label) {
        return false;
    }
    let rest = words[first..].join(" ");
    let (value, country, note) = split_value(&rest);
    apply_labelled(e, &label, &value, country.as_deref(), note.as_deref());
    true
}

/// Splits "753129173 (Russia) expires 29 Apr 2026" into value, country and note.
fn split_value(rest: &str) -> (String, Option<String>, Option<String>) {
    let rest = rest.trim();
    let (value, tail) = match rest.find(" (") {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => match rest.find(' ') {
            Some(i) if rest[i + 1..].starts_with(|c: char| c.is_ascii_lowercase()) => {
                (&rest[..i], Some(&rest[i + 1..]))
            }
            _ => (rest, None),
        },
    };
    let mut country = None;
    let mut note = None;
    if let Some(tail) = tail {
        let tail = tail.trim();
        if let Some(inner) = tail.strip_prefix('(') {
            if let Some(end) = inner.find(')') {
                country = Some(inner[..end].trim().to_string());
                let after = inner[end + 1..].trim();
                if !after.is_empty() {
                    note = Some(after.to_string());
                }
            } else {
                note = Some(tail.to_string());
            }
        } else if !tail.is_empty() {
            note = Some(tail.to_string());
        }
    }
    (value.trim().to_string(), country, note)
}

/// Adds an identifier given by the list's label (from remarks, or an XML `idType`).
/// Labels that are not identifiers (directive information, listing dates) become notes.
pub(crate) fn apply_labelled(
    e: &mut Entity,
    label: &str,
    value: &str,
    country: Option<&str>,
    note: Option<&str>,
) {
    let label = label.trim().trim_end_matches(':').trim();
    let value = value.trim();
    if value.is_empty() {
        return;
    }
    let lower = label.to_ascii_lowercase();
    if lower == "website" || lower.starts_with("email") || lower.contains("phone") {
        Entity::push_unique(&mut e.contacts, value.to_string());
        return;
    }
    if lower == "gender" {
        Entity::push_unique(&mut e.gender, value.to_ascii_lowercase());
        return;
    }
    if lower == "organization established date" {
        let v = PartialDate::parse_loose(value, true)
            .or_else(|| PartialDate::parse_loose(value, false))
            .map(|d| d.to_string())
            .unwrap_or_else(|| value.to_string());
        e.add_extra("incorporationDate", &v);
        return;
    }
    if lower == "nationality country" || lower == "citizenship country" {
        if !e.add_country(value, true) {
            e.add_note(&format!("{label} {value}"));
        }
        return;
    }
    if lower == "nationality of registration" {
        if !e.add_country(value, false) {
            e.add_note(&format!("{label} {value}"));
        }
        return;
    }
    if !is_id_label(label) && !LETTER_VALUE_LABELS.contains(&label) {
        let mut text = format!("{label} {value}");
        if let Some(c) = country {
            text.push_str(&format!(" ({c})"));
        }
        e.add_note(&text);
        return;
    }
    let mut id = Identifier::new(IdKind::from_label(label), value);
    id.label = Some(label.to_string());
    if let Some(c) = country {
        match interdict_model::country::to_iso(c) {
            Some(code) => id.country = Some(code.to_string()),
            None => id.note = Some(c.to_string()),
        }
    }
    if let Some(n) = note {
        id.note = Some(match id.note.take() {
            Some(prev) => format!("{prev}; {n}"),
            None => n.to_string(),
        });
    }
    e.add_identifier(id);
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::Schema;

    #[test]
    fn parses_a_person_remark() {
        let mut e = Entity::new("ofac-1", Schema::Person);
        let links = apply_remarks(
            &mut e,
            "DOB 28 Jan 1978; POB Kazan, Russia; nationality Russia; Gender Male; \
             Passport 753129173 (Russia) expires 29 Apr 2026; National ID No. 9201745357 (Russia); \
             a.k.a. 'O'BRIEN TRADING; LTD'; Linked To: JOINT STOCK COMPANY X, LTD.",
        );
        assert_eq!(e.birth_dates[0].to_string(), "1978-01-28");
        assert_eq!(e.birth_places, vec!["Kazan, Russia"]);
        assert_eq!(e.nationalities, vec!["ru"]);
        assert_eq!(e.gender, vec!["male"]);
        assert_eq!(e.identifiers.len(), 2);
        assert_eq!(e.identifiers[0].kind, IdKind::Passport);
        assert_eq!(e.identifiers[0].value, "753129173");
        assert_eq!(e.identifiers[0].country.as_deref(), Some("ru"));
        assert_eq!(
            e.identifiers[0].note.as_deref(),
            Some("expires 29 Apr 2026")
        );
        assert_eq!(e.identifiers[1].kind, IdKind::NationalId);
        assert_eq!(e.names[0].value, "O'BRIEN TRADING; LTD");
        assert_eq!(e.names[0].kind, NameKind::WeakAlias);
        assert_eq!(links, vec!["JOINT STOCK COMPANY X, LTD"]);
        assert!(e.notes.is_empty(), "{:?}", e.notes);
    }

    #[test]
    fn parses_an_organization_remark() {
        let mut e = Entity::new("ofac-2", Schema::LegalEntity);
        apply_remarks(
            &mut e,
            "Secondary sanctions risk: section 11 of Executive Order 14024.; Organization \
             Established Date 24 Jul 2006; Tax ID No. 1646019914 (Russia); Registration Number \
             1061674037259; Vessel Registration Identification IMO 7406784; SWIFT/BIC ABCDRUMM.",
        );
        assert_eq!(e.extra["incorporationDate"], vec!["2006-07-24"]);
        let kinds: Vec<_> = e.identifiers.iter().map(|i| i.kind).collect();
        assert_eq!(
            kinds,
            vec![
                IdKind::TaxId,
                IdKind::Registration,
                IdKind::Imo,
                IdKind::SwiftBic
            ]
        );
        assert_eq!(e.notes.len(), 1, "{:?}", e.notes);
    }
}
