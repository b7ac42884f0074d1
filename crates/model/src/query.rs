//! Building query entities — the parties to screen — from field values, for every front
//! end: a CSV row or JSON object in batch screening, a yente `/match` or reconciliation
//! query in the server, the flags of `interdict search`. Which column is the name, the birth
//! date, the country…; how values are parsed; and what is wrong with a record that cannot be
//! screened as it stands.

use crate::{DateSpec, Entity, IdKind, Identifier, Name, NameKind, NameParts, PartialDate, Schema};
use serde_json::{Map, Value};

/// A query property an input column can feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// The record's own id (customer number…), echoed in the output.
    Id,
    /// Full name.
    Name,
    /// Another name of the same party.
    Alias,
    /// Given name (joined with the other parts when there is no full name).
    FirstName,
    /// Middle name or patronymic.
    MiddleName,
    /// Surname.
    LastName,
    /// Person, Company, Organization, LegalEntity, Vessel, Airplane (or individual/entity…).
    Schema,
    /// Birth or incorporation date.
    BirthDate,
    /// Country of residence, registration or address.
    Country,
    /// Nationality or citizenship.
    Nationality,
    /// Passport number.
    Passport,
    /// National identity number.
    NationalId,
    /// Tax number (INN, VAT…).
    TaxId,
    /// Company registration number (OGRN…).
    Registration,
    /// IMO ship number.
    Imo,
    /// Any other identifier.
    Identifier,
    /// Gender.
    Gender,
}

/// Every field with its `--map` name and the headers recognized for it automatically
/// (compared lower-case with spaces, dashes and dots as underscores).
pub const FIELDS: &[(Field, &str, &[&str])] = &[
    (
        Field::Id,
        "id",
        &[
            "id",
            "customer_id",
            "client_id",
            "record_id",
            "party_id",
            "ref",
            "reference",
            "uid",
            "key",
            "account",
            "account_id",
            "supplier_id",
        ],
    ),
    (
        Field::Name,
        "name",
        &[
            "name",
            "full_name",
            "fullname",
            "customer_name",
            "client_name",
            "company_name",
            "company",
            "entity_name",
            "party_name",
            "legal_name",
            "organization",
            "organisation",
            "supplier",
            "supplier_name",
            "consignee",
            "shipper",
            "vessel_name",
            "beneficiary",
            "beneficiary_name",
        ],
    ),
    (
        Field::Alias,
        "alias",
        &["alias", "aka", "other_name", "trading_name", "alias_name"],
    ),
    (
        Field::FirstName,
        "first_name",
        &[
            "first_name",
            "firstname",
            "given_name",
            "forename",
            "given_names",
            "first",
        ],
    ),
    (
        Field::MiddleName,
        "middle_name",
        &[
            "middle_name",
            "middlename",
            "middle_names",
            "patronymic",
            "father_name",
        ],
    ),
    (
        Field::LastName,
        "last_name",
        &["last_name", "lastname", "surname", "family_name", "last"],
    ),
    (
        Field::Schema,
        "schema",
        &[
            "schema",
            "type",
            "entity_type",
            "party_type",
            "customer_type",
            "kind",
        ],
    ),
    (
        Field::BirthDate,
        "birth_date",
        &[
            "dob",
            "date_of_birth",
            "birth_date",
            "birthdate",
            "born",
            "birthday",
            "incorporation_date",
            "date_of_incorporation",
        ],
    ),
    (
        Field::Country,
        "country",
        &[
            "country",
            "country_code",
            "ctry",
            "jurisdiction",
            "residence",
            "country_of_residence",
            "address_country",
            "flag",
        ],
    ),
    (
        Field::Nationality,
        "nationality",
        &["nationality", "citizenship", "nationalities"],
    ),
    (
        Field::Passport,
        "passport",
        &["passport", "passport_number", "passport_no", "passport_num"],
    ),
    (
        Field::NationalId,
        "national_id",
        &[
            "national_id",
            "national_id_number",
            "id_number",
            "national_number",
            "ssn",
        ],
    ),
    (
        Field::TaxId,
        "tax_id",
        &["tax_id", "tax_number", "inn", "vat", "vat_number", "tin"],
    ),
    (
        Field::Registration,
        "registration",
        &[
            "registration",
            "registration_number",
            "reg_no",
            "company_number",
            "ogrn",
            "registration_no",
        ],
    ),
    (Field::Imo, "imo", &["imo", "imo_number", "imo_no"]),
    (
        Field::Identifier,
        "identifier",
        &["identifier", "document_number", "lei", "swift", "bic"],
    ),
    (Field::Gender, "gender", &["gender", "sex"]),
];

impl Field {
    /// The `--map` name of the field.
    pub fn name(self) -> &'static str {
        FIELDS
            .iter()
            .find(|(f, ..)| *f == self)
            .map_or("?", |(_, n, _)| n)
    }

    /// The field a `--map` name stands for.
    pub fn from_name(name: &str) -> Option<Field> {
        let n = header_key(name);
        FIELDS.iter().find(|(_, m, _)| *m == n).map(|(f, ..)| *f)
    }

    /// The field an FtM property feeds (yente's /match vocabulary).
    pub fn from_ftm(prop: &str) -> Option<Field> {
        Some(match prop {
            "name" => Field::Name,
            "alias" | "previousName" | "weakAlias" => Field::Alias,
            "firstName" => Field::FirstName,
            "middleName" | "fatherName" | "secondName" => Field::MiddleName,
            "lastName" => Field::LastName,
            "birthDate" | "incorporationDate" => Field::BirthDate,
            "country" | "jurisdiction" | "flag" | "mainCountry" => Field::Country,
            "nationality" | "citizenship" => Field::Nationality,
            "passportNumber" => Field::Passport,
            "idNumber" => Field::NationalId,
            "taxNumber" | "innCode" | "vatCode" => Field::TaxId,
            "registrationNumber" | "ogrnCode" => Field::Registration,
            "imoNumber" => Field::Imo,
            "mmsi" | "swiftBic" | "leiCode" | "callSign" => Field::Identifier,
            "gender" => Field::Gender,
            _ => return None,
        })
    }
}

/// A header or key in comparable form: lower case, separators as underscores.
pub fn header_key(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    for c in h.trim().trim_start_matches('\u{feff}').chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// The field a header is recognized as, if any.
pub fn detect_field(header: &str) -> Option<Field> {
    let k = header_key(header);
    FIELDS
        .iter()
        .find(|(_, _, names)| names.contains(&k.as_str()))
        .map(|(f, ..)| *f)
}

/// Which column feeds which field, for any set of fields (a query's, a goods line's): the
/// first column `detect` recognizes for a field wins ("name" before "company"), then each
/// `field=Header` override (`by_name` reads the field, `names` lists them for the error;
/// `example` shows one) replaces what was recognized. Sorted by field.
pub fn map_columns<F: Copy + Ord>(
    headers: &[String],
    overrides: &[String],
    detect: impl Fn(&str) -> Option<F>,
    by_name: impl Fn(&str) -> Option<F>,
    names: &[&str],
    example: &str,
) -> Result<Vec<(F, usize, String)>, String> {
    let mut columns: Vec<(F, usize, String)> = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        if let Some(f) = detect(h) {
            if !columns.iter().any(|(g, ..)| *g == f) {
                columns.push((f, i, h.clone()));
            }
        }
    }
    for o in overrides {
        let (field, header) = o
            .split_once('=')
            .ok_or_else(|| format!("--map {o:?} is not FIELD=HEADER (e.g. {example})"))?;
        let f = by_name(field).ok_or_else(|| {
            format!(
                "--map {o:?}: unknown field {field:?}; fields: {}",
                names.join(", ")
            )
        })?;
        let i = headers
            .iter()
            .position(|h| h.trim() == header.trim())
            .or_else(|| {
                headers
                    .iter()
                    .position(|h| header_key(h) == header_key(header))
            })
            .ok_or_else(|| {
                format!(
                    "--map {o:?}: the input has no column {header:?}; its columns are: {}",
                    headers.join(", ")
                )
            })?;
        columns.retain(|(g, j, _)| *g != f && *j != i);
        columns.push((f, i, headers[i].clone()));
    }
    columns.sort();
    Ok(columns)
}

/// Which column feeds which field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapping {
    /// (field, column index, header as written).
    pub columns: Vec<(Field, usize, String)>,
}

impl Mapping {
    /// Recognizes common headers, then applies explicit `field=Header` overrides. Errors
    /// name an override whose field or header does not exist, and a file with nothing to
    /// screen by (no name column).
    pub fn detect(headers: &[String], overrides: &[String]) -> Result<Mapping, String> {
        let columns = map_columns(
            headers,
            overrides,
            detect_field,
            Field::from_name,
            &FIELDS.iter().map(|(_, n, _)| *n).collect::<Vec<_>>(),
            "--map name=\"Company Name\"",
        )?;
        let has_name = columns.iter().any(|(f, ..)| {
            matches!(
                f,
                Field::Name | Field::FirstName | Field::LastName | Field::Alias
            )
        });
        if !has_name {
            return Err(format!(
                "no name column: none of the headers ({}) is recognized as a name; \
                 say which one holds names with --map name=HEADER",
                headers.join(", ")
            ));
        }
        Ok(Mapping { columns })
    }

    /// One line per mapped column, for telling the user what was recognized.
    pub fn describe(&self) -> String {
        self.columns
            .iter()
            .map(|(f, _, h)| format!("{}={h}", f.name()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// How to read dates written with slashes or dots, which are ambiguous.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// Refuse ambiguous dates (`03/04/1975`), accept unambiguous ones (`28/01/1978`).
    #[default]
    Strict,
    /// Day first: `03/04/1975` is 3 April.
    DayFirst,
    /// Month first: `03/04/1975` is 4 March.
    MonthFirst,
}

/// What is wrong with a record or one of its fields.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Problem {
    /// The field (column header or property), when one is at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What is wrong, and what to do.
    pub message: String,
}

impl Problem {
    /// A problem with the whole record.
    pub fn record(message: impl Into<String>) -> Problem {
        Problem {
            field: None,
            message: message.into(),
        }
    }

    /// A problem with one field.
    pub fn field(field: &str, message: impl Into<String>) -> Problem {
        Problem {
            field: Some(field.to_string()),
            message: message.into(),
        }
    }
}

/// A record turned into a query: the entity, what the output echoes, and the fields that
/// could not be used (the record is still screened by the rest).
#[derive(Debug, Clone)]
pub struct Query {
    /// The input's own id, when it has one.
    pub id: Option<String>,
    /// The query entity.
    pub entity: Entity,
    /// Fields left out because their value is malformed.
    pub problems: Vec<Problem>,
}

/// Builds one query entity from field values, noting the values it could not use.
pub struct QueryBuilder {
    entity: Entity,
    id: Option<String>,
    parts: NameParts,
    problems: Vec<Problem>,
    /// A name value refused (too long): why the record may end up with no name.
    refused_name: Option<Problem>,
    schema_set: bool,
}

fn parse_schema(v: &str) -> Option<Schema> {
    let k = header_key(v);
    Some(match k.as_str() {
        "person" | "individual" | "natural_person" | "private" | "p" | "i" => Schema::Person,
        "company" | "corporation" | "business" | "c" => Schema::Company,
        "organization" | "organisation" | "org" | "o" => Schema::Organization,
        "legalentity" | "legal_entity" | "entity" | "e" | "le" => Schema::LegalEntity,
        "vessel" | "ship" | "v" => Schema::Vessel,
        "airplane" | "aircraft" | "plane" => Schema::Airplane,
        _ => return None,
    })
}

/// Parses a birth date as customer files write it.
pub fn parse_date(v: &str, order: DateOrder) -> Result<DateSpec, String> {
    let v = v.trim();
    if let Some(d) = PartialDate::parse_iso(v) {
        return Ok(DateSpec::exact(d));
    }
    let slashed = v.replace(['.', '-'], "/");
    let parts: Vec<&str> = slashed.split('/').collect();
    if parts.len() == 3 && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
        let a: u8 = parts[0].parse().unwrap_or(0);
        let b: u8 = parts[1].parse().unwrap_or(0);
        let month_first = match order {
            DateOrder::DayFirst => false,
            DateOrder::MonthFirst => true,
            DateOrder::Strict if a > 12 && b <= 12 => false,
            DateOrder::Strict if b > 12 && a <= 12 => true,
            DateOrder::Strict if a == b => false,
            DateOrder::Strict => {
                return Err(format!(
                    "{v:?} is ambiguous (day/month or month/day?): write dates as YYYY-MM-DD \
                     or pass --date-order dmy or mdy"
                ))
            }
        };
        if let Some(d) = PartialDate::parse_loose(&slashed, month_first) {
            return Ok(DateSpec::exact(d));
        }
    }
    DateSpec::parse_text(v).ok_or_else(|| {
        format!("{v:?} is not a date (YYYY-MM-DD, YYYY-MM, YYYY, 28 Jan 1978 or DD/MM/YYYY)")
    })
}

/// The longest value a field may hold, in characters, as the HTTP API allows: a longer one
/// is no name or date but a broken record or an attack on the matcher's time, and is reported
/// instead of screened.
pub const MAX_VALUE_CHARS: usize = 1000;

impl QueryBuilder {
    /// A builder for a party of `default_schema` until a value says otherwise.
    pub fn new(default_schema: &Schema) -> QueryBuilder {
        QueryBuilder {
            entity: Entity::new("query", default_schema.clone()),
            id: None,
            parts: NameParts::default(),
            problems: Vec::new(),
            refused_name: None,
            schema_set: false,
        }
    }

    /// Adds one value; `label` names the column or property for error messages. A value
    /// that cannot be used is left out and noted (see [`QueryBuilder::problems`]).
    pub fn add(&mut self, field: Field, label: &str, value: &str, dates: DateOrder) {
        let v = value.trim();
        if v.is_empty() {
            return;
        }
        if v.len() > MAX_VALUE_CHARS && v.chars().count() > MAX_VALUE_CHARS {
            let too_long = format!(
                "is longer than {MAX_VALUE_CHARS} characters ({} characters)",
                v.chars().count()
            );
            let names = [
                Field::Name,
                Field::Alias,
                Field::FirstName,
                Field::MiddleName,
                Field::LastName,
            ];
            if names.contains(&field) && self.refused_name.is_none() {
                self.refused_name = Some(Problem::field(
                    label,
                    format!("{too_long}; the record has no other name, so it cannot be screened"),
                ));
            }
            self.problems.push(Problem::field(
                label,
                format!("{too_long}; screened without it"),
            ));
            return;
        }
        let id = |kind| Identifier::new(kind, v);
        match field {
            Field::Id => {
                if self.id.is_none() {
                    self.id = Some(v.to_string());
                }
            }
            Field::Name => self.entity.add_name(Name::new(v, NameKind::Primary)),
            Field::Alias => self.entity.add_name(Name::new(v, NameKind::Alias)),
            Field::FirstName => set_once(&mut self.parts.first, v),
            Field::MiddleName => set_once(&mut self.parts.middle, v),
            Field::LastName => set_once(&mut self.parts.last, v),
            Field::Schema => match parse_schema(v) {
                Some(s) if !self.schema_set => {
                    self.entity.schema = s;
                    self.schema_set = true;
                }
                Some(_) => {}
                None => self.problems.push(Problem::field(
                    label,
                    format!(
                        "{v:?} is not a schema (Person, Company, Organization, LegalEntity, \
                         Vessel, Airplane; or individual/entity); screened as {}",
                        self.entity.schema.name()
                    ),
                )),
            },
            Field::BirthDate => match parse_date(v, dates) {
                Ok(d) => Entity::push_unique(&mut self.entity.birth_dates, d),
                Err(m) => self
                    .problems
                    .push(Problem::field(label, format!("{m}; screened without it"))),
            },
            Field::Country | Field::Nationality => {
                if !self.entity.add_country(v, field == Field::Nationality) {
                    self.problems.push(Problem::field(
                        label,
                        format!("{v:?} is not a country name or ISO code; screened without it"),
                    ));
                }
            }
            Field::Passport => self.entity.add_identifier(id(IdKind::Passport)),
            Field::NationalId => self.entity.add_identifier(id(IdKind::NationalId)),
            Field::TaxId => self.entity.add_identifier(id(IdKind::TaxId)),
            Field::Registration => self.entity.add_identifier(id(IdKind::Registration)),
            Field::Imo => self.entity.add_identifier(id(IdKind::Imo)),
            Field::Identifier => self.entity.add_identifier(id(IdKind::Other)),
            Field::Gender => Entity::push_unique(&mut self.entity.gender, v.to_string()),
        }
    }

    /// The values left out so far, and why.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The query, or why there is none (no name).
    pub fn finish(mut self) -> Result<Query, Problem> {
        let parts = std::mem::take(&mut self.parts);
        if parts != NameParts::default() {
            let full = [&parts.first, &parts.middle, &parts.last]
                .into_iter()
                .flatten()
                .cloned()
                .collect::<Vec<_>>()
                .join(" ");
            if !self
                .entity
                .names
                .iter()
                .any(|n| n.kind == NameKind::Primary)
            {
                let mut n = Name::new(full, NameKind::Primary);
                n.parts = Some(parts);
                self.entity.add_name(n);
            }
            // Split names are a person's.
            if !self.schema_set && self.entity.schema == Schema::LegalEntity {
                self.entity.schema = Schema::Person;
            }
        }
        if self.entity.names.is_empty() {
            // A name refused as a field (too long) is why there is none: say that.
            if let Some(p) = self.refused_name {
                return Err(p);
            }
            return Err(Problem::record(
                "no name: the record has no value in any name column, so it cannot be screened",
            ));
        }
        if let Some(id) = &self.id {
            self.entity.id = id.clone();
        }
        Ok(Query {
            id: self.id,
            entity: self.entity,
            problems: self.problems,
        })
    }
}

fn set_once(slot: &mut Option<String>, v: &str) {
    if slot.is_none() {
        *slot = Some(v.to_string());
    }
}

/// Builds the query for a tabular row (CSV, Parquet) through a mapping.
pub fn query_from_row(
    mapping: &Mapping,
    cells: &[String],
    default_schema: &Schema,
    dates: DateOrder,
) -> Result<Query, Problem> {
    let mut b = QueryBuilder::new(default_schema);
    for (field, col, header) in &mapping.columns {
        if let Some(v) = cells.get(*col) {
            b.add(*field, header, v, dates);
        }
    }
    b.finish()
}

fn json_values<'a>(key: &str, v: &'a Value) -> Result<Vec<std::borrow::Cow<'a, str>>, Problem> {
    let one =
        |x: &'a Value, i: Option<usize>| -> Result<Option<std::borrow::Cow<'a, str>>, Problem> {
            let at = || match i {
                Some(i) => format!("{key}[{i}]"),
                None => key.to_string(),
            };
            match x {
                Value::String(s) => Ok(Some(s.as_str().into())),
                Value::Number(n) => Ok(Some(n.to_string().into())),
                Value::Null => Ok(None),
                _ => Err(Problem::field(&at(), "is not a string")),
            }
        };
    match v {
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, x) in items.iter().enumerate() {
                out.extend(one(x, Some(i))?);
            }
            Ok(out)
        }
        other => Ok(one(other, None)?.into_iter().collect()),
    }
}

/// Builds the query for a JSON object: an FtM entity (`{"id", "schema", "properties"}`, the
/// shape of yente's /match queries) or a flat object whose keys are read like CSV headers
/// (`{"name": …, "dob": …}`; `mapping` overrides apply to those keys).
pub fn query_from_json(
    text: &str,
    overrides: &Mapping,
    default_schema: &Schema,
    dates: DateOrder,
) -> Result<Query, Problem> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| Problem::record(format!("not valid JSON: {e}")))?;
    query_from_value(&value, overrides, default_schema, dates)
}

/// [`query_from_json`] for an already parsed JSON value (the HTTP API's queries).
pub fn query_from_value(
    value: &Value,
    overrides: &Mapping,
    default_schema: &Schema,
    dates: DateOrder,
) -> Result<Query, Problem> {
    let Value::Object(obj) = value else {
        return Err(Problem::record("not a JSON object"));
    };
    let mut b = QueryBuilder::new(default_schema);
    if let Some(props) = obj.get("properties") {
        let Value::Object(props) = props else {
            return Err(Problem::field("properties", "is not an object"));
        };
        if let Some(id) = obj.get("id") {
            for v in json_values("id", id)? {
                b.add(Field::Id, "id", &v, dates);
            }
        }
        match obj.get("schema") {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) => {
                let schema = Schema::from_name(s);
                if schema.is_matchable() {
                    b.entity.schema = schema;
                    b.schema_set = true;
                } else {
                    return Err(Problem::field(
                        "schema",
                        format!(
                            "{s:?} is not a schema that can be screened (Person, Organization, \
                             Company, LegalEntity, Vessel, Airplane)"
                        ),
                    ));
                }
            }
            Some(_) => return Err(Problem::field("schema", "is not a string")),
        }
        add_properties(&mut b, props, dates, Field::from_ftm, "properties.")?;
    } else {
        add_properties(
            &mut b,
            obj,
            dates,
            |k| {
                overrides
                    .columns
                    .iter()
                    .find(|(_, _, h)| h == k)
                    .map(|(f, ..)| *f)
                    .or_else(|| detect_field(k))
            },
            "",
        )?;
    }
    b.finish()
}

fn add_properties(
    b: &mut QueryBuilder,
    props: &Map<String, Value>,
    dates: DateOrder,
    field_of: impl Fn(&str) -> Option<Field>,
    prefix: &str,
) -> Result<(), Problem> {
    for (k, v) in props {
        let Some(field) = field_of(k) else { continue };
        let label = format!("{prefix}{k}");
        for value in json_values(&label, v)? {
            b.add(field, &label, &value, dates);
        }
    }
    Ok(())
}

/// Overrides for flat JSON keys: `field=key` pairs, checked for known fields.
pub fn json_overrides(overrides: &[String]) -> Result<Mapping, String> {
    let mut columns = Vec::new();
    for o in overrides {
        let (field, key) = o
            .split_once('=')
            .ok_or_else(|| format!("--map {o:?} is not FIELD=KEY"))?;
        let f = Field::from_name(field)
            .ok_or_else(|| format!("--map {o:?}: unknown field {field:?}"))?;
        columns.push((f, 0, key.to_string()));
    }
    Ok(Mapping { columns })
}

#[cfg(test)]
mod tests;
