//! A shipment or order line as read from a file or an HTTP request: which column is the
//! tariff code, the description, each place and each named party; and what is wrong with
//! the line (a problem never drops it: the line is checked without the bad field).

use crate::hs::{parse_codes, HsCode};
use interdict_model::query::Problem;
use serde_json::Value;

/// The longest description checked, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 10_000;

/// What a column of a goods file can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GoodsField {
    /// The line's own id (order or invoice line number), echoed in the output.
    Id,
    /// Declared tariff code(s): 6–10 digits in any notation.
    HsCode,
    /// Free-text description of the goods.
    Description,
    /// Country of destination.
    Destination,
    /// Country of origin.
    Origin,
    /// Ship-to country (when it differs from the destination).
    ShipTo,
    /// Transshipment or transit countries (`;`-separated).
    Via,
    /// The consignee.
    Consignee,
    /// The end user.
    EndUser,
    /// The buyer or importer.
    Buyer,
    /// The notify party.
    NotifyParty,
    /// An intermediate consignee or freight forwarder.
    Intermediary,
    /// Quantity (a number).
    Quantity,
    /// Value (a number, currency apart).
    Value,
    /// Date of the order or shipment.
    Date,
}

/// Every field with its `--map` name and the headers recognized for it (compared lower-case
/// with separators as underscores).
pub const GOODS_FIELDS: &[(GoodsField, &str, &[&str])] = &[
    (
        GoodsField::Id,
        "id",
        &[
            "id",
            "line_id",
            "line_no",
            "order_line",
            "item_no",
            "invoice_line",
            "record_id",
            "shipment_id",
        ],
    ),
    (
        GoodsField::HsCode,
        "hs_code",
        &[
            "hs_code",
            "hs",
            "hscode",
            "hs6",
            "tariff_code",
            "commodity_code",
            "hts",
            "hts_code",
            "htsus",
            "cn_code",
            "taric",
            "customs_code",
        ],
    ),
    (
        GoodsField::Description,
        "description",
        &[
            "description",
            "goods_description",
            "item_description",
            "product_description",
            "goods",
            "product",
            "commodity",
        ],
    ),
    (
        GoodsField::Destination,
        "destination",
        &[
            "destination",
            "destination_country",
            "country_of_destination",
            "dest_country",
            "dest",
        ],
    ),
    (
        GoodsField::Origin,
        "origin",
        &["origin", "country_of_origin", "origin_country"],
    ),
    (
        GoodsField::ShipTo,
        "ship_to",
        &["ship_to", "ship_to_country", "delivery_country"],
    ),
    (
        GoodsField::Via,
        "via",
        &[
            "via",
            "transshipment",
            "transhipment",
            "transit",
            "transit_countries",
            "routing",
        ],
    ),
    (
        GoodsField::Consignee,
        "consignee",
        &["consignee", "consignee_name", "ultimate_consignee"],
    ),
    (
        GoodsField::EndUser,
        "end_user",
        &["end_user", "enduser", "end_user_name", "ultimate_end_user"],
    ),
    (
        GoodsField::Buyer,
        "buyer",
        &["buyer", "importer", "purchaser", "customer", "sold_to"],
    ),
    (
        GoodsField::NotifyParty,
        "notify_party",
        &["notify_party", "notify"],
    ),
    (
        GoodsField::Intermediary,
        "intermediary",
        &[
            "intermediary",
            "intermediate_consignee",
            "forwarder",
            "freight_forwarder",
        ],
    ),
    (GoodsField::Quantity, "quantity", &["quantity", "qty"]),
    (
        GoodsField::Value,
        "value",
        &["value", "amount", "line_value", "total_value"],
    ),
    (
        GoodsField::Date,
        "date",
        &["date", "ship_date", "shipment_date", "order_date"],
    ),
];

impl GoodsField {
    /// The field's name in `--map`, in JSON input and in the output.
    pub fn name(self) -> &'static str {
        GOODS_FIELDS
            .iter()
            .find(|(f, ..)| *f == self)
            .map_or("?", |(_, n, _)| n)
    }

    /// Whether the field names a party to screen against the lists.
    pub fn is_party(self) -> bool {
        matches!(
            self,
            GoodsField::Consignee
                | GoodsField::EndUser
                | GoodsField::Buyer
                | GoodsField::NotifyParty
                | GoodsField::Intermediary
        )
    }

    /// Whether the field names a place whose country is checked.
    pub fn is_place(self) -> bool {
        matches!(
            self,
            GoodsField::Destination | GoodsField::Origin | GoodsField::ShipTo | GoodsField::Via
        )
    }
}

use interdict_model::query::header_key as key;

/// The field a header or JSON key is recognized as.
pub fn detect(header: &str) -> Option<GoodsField> {
    let k = key(header);
    GOODS_FIELDS
        .iter()
        .find(|(_, n, names)| *n == k || names.contains(&k.as_str()))
        .map(|(f, ..)| *f)
}

/// Which column feeds which field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GoodsMapping {
    /// (field, column index, header as written).
    pub columns: Vec<(GoodsField, usize, String)>,
}

impl GoodsMapping {
    /// Recognizes the headers, then applies `field=Header` overrides. Errors name an unknown
    /// field or header, and a file with nothing to check (no code, description, place or
    /// party column).
    pub fn detect(headers: &[String], overrides: &[String]) -> Result<GoodsMapping, String> {
        let columns = interdict_model::query::map_columns(
            headers,
            overrides,
            detect,
            |name| {
                GOODS_FIELDS
                    .iter()
                    .find(|(_, n, _)| *n == key(name))
                    .map(|(f, ..)| *f)
            },
            &GOODS_FIELDS.iter().map(|(_, n, _)| *n).collect::<Vec<_>>(),
            "--map hs_code=\"Tariff No\"",
        )?;
        if !columns.iter().any(|(f, ..)| {
            matches!(f, GoodsField::HsCode | GoodsField::Description)
                || f.is_place()
                || f.is_party()
        }) {
            return Err(format!(
                "nothing to check: none of the headers ({}) is recognized as an HS code, a \
                 description, a place or a party; say which is which with --map, e.g. \
                 --map hs_code=\"Tariff No\"",
                headers.join(", ")
            ));
        }
        Ok(GoodsMapping { columns })
    }

    /// `field=Header, …` for telling the user what was recognized.
    pub fn describe(&self) -> String {
        self.columns
            .iter()
            .map(|(f, _, h)| format!("{}={h}", f.name()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A place named on a line, with the country it was understood as.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Which field named it.
    pub field: GoodsField,
    /// As written.
    pub text: String,
    /// FtM country code.
    pub code: String,
}

/// One line to check.
#[derive(Debug, Clone, Default)]
pub struct GoodsLine {
    /// The line's own id.
    pub id: Option<String>,
    /// Declared codes, as read.
    pub codes: Vec<HsCode>,
    /// The description.
    pub description: Option<String>,
    /// Places whose country is known.
    pub places: Vec<Place>,
    /// Named parties: (field, name).
    pub parties: Vec<(GoodsField, String)>,
    /// Every recognized field as written, for the output.
    pub input: Vec<(GoodsField, String)>,
    /// What was wrong with its fields.
    pub problems: Vec<Problem>,
}

impl GoodsLine {
    /// Adds one field's value, reading codes, places and numbers and noting problems.
    pub fn add(&mut self, field: GoodsField, label: &str, value: &str) {
        let v = value.trim();
        if v.is_empty() {
            return;
        }
        // A runaway cell is a broken record or an attack on the matcher's time: reported,
        // not checked. Descriptions may run longer than names (their search is linear).
        let limit = if field == GoodsField::Description {
            MAX_DESCRIPTION_CHARS
        } else {
            interdict_model::query::MAX_VALUE_CHARS
        };
        if v.len() > limit && v.chars().count() > limit {
            self.problems.push(Problem::field(
                label,
                format!(
                    "is longer than {limit} characters ({} characters); the line is checked without it",
                    v.chars().count()
                ),
            ));
            return;
        }
        self.input.push((field, v.to_string()));
        match field {
            GoodsField::Id => self.id = Some(v.to_string()),
            GoodsField::HsCode => match parse_codes(v) {
                Ok(c) => self.codes.extend(c),
                Err(m) => self.problems.push(Problem::field(
                    label,
                    format!("{m}; the line is checked without a code"),
                )),
            },
            GoodsField::Description => self.description = Some(v.to_string()),
            f if f.is_place() => {
                let parts: Vec<&str> = if f == GoodsField::Via {
                    v.split([';', ',', '/', '|'])
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .collect()
                } else {
                    vec![v]
                };
                for p in parts {
                    match place_code(p) {
                        Some(code) => self.places.push(Place { field: f, text: p.to_string(), code }),
                        None => self.problems.push(Problem::field(
                            label,
                            format!("{p:?} is not a country or region known to interdict; write its name or ISO code"),
                        )),
                    }
                }
            }
            f if f.is_party() => self.parties.push((f, v.to_string())),
            GoodsField::Quantity | GoodsField::Value => {
                let n: String = v
                    .chars()
                    .filter(|c| !matches!(c, ',' | ' ' | '\u{a0}' | '\''))
                    .collect();
                let n = n.trim_start_matches(['$', '€', '£', '¥']);
                let n = n.split_whitespace().next().unwrap_or(n);
                if n.parse::<f64>().map_or(true, |x| !x.is_finite() || x < 0.0) {
                    self.problems.push(Problem::field(
                        label,
                        format!("{v:?} is not a non-negative number"),
                    ));
                }
            }
            GoodsField::Date
                if interdict_model::query::parse_date(
                    v,
                    interdict_model::query::DateOrder::Strict,
                )
                .is_err() =>
            {
                self.problems.push(Problem::field(
                    label,
                    format!("{v:?} is not a date (write YYYY-MM-DD)"),
                ));
            }
            _ => {}
        }
    }

    /// Whether the line holds anything to check.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
            && self.description.is_none()
            && self.places.is_empty()
            && self.parties.is_empty()
    }

    /// A line from a table row under `mapping`.
    pub fn from_row(mapping: &GoodsMapping, cells: &[String]) -> GoodsLine {
        let mut line = GoodsLine::default();
        for (f, i, h) in &mapping.columns {
            if let Some(v) = cells.get(*i) {
                line.add(*f, h, v);
            }
        }
        line
    }

    /// A line from a JSON object whose keys are field names or recognized headers
    /// (`overrides` map other keys: `hs_code=Tariff`). Errors when it is not an object.
    pub fn from_json(v: &Value, overrides: &[(GoodsField, String)]) -> Result<GoodsLine, Problem> {
        let obj = v
            .as_object()
            .ok_or_else(|| Problem::record("a line must be a JSON object"))?;
        let mut line = GoodsLine::default();
        for (k, val) in obj {
            let field = overrides
                .iter()
                .find(|(_, h)| h == k)
                .map(|(f, _)| *f)
                .or_else(|| detect(k));
            let Some(f) = field else { continue };
            let texts: Vec<String> = match val {
                Value::Null => Vec::new(),
                Value::String(s) => vec![s.clone()],
                Value::Number(n) => vec![n.to_string()],
                Value::Array(a) => a
                    .iter()
                    .filter_map(|x| match x {
                        Value::String(s) => Some(s.clone()),
                        Value::Number(n) => Some(n.to_string()),
                        _ => None,
                    })
                    .collect(),
                _ => {
                    line.problems.push(Problem::field(
                        k,
                        "expected text, a number or a list of them",
                    ));
                    Vec::new()
                }
            };
            for t in texts {
                line.add(f, k, &t);
            }
        }
        Ok(line)
    }
}

/// Regions that sanctions treat apart from their country, by the names shippers write
/// (the territory table folds most of them into `ua`). Codes: FtM's for the occupied
/// territories, ISO 3166-2 for the oblasts.
const REGIONS: &[(&str, &[&str])] = &[
    (
        "ua-cri",
        &[
            "crimea",
            "krym",
            "sevastopol",
            "sebastopol",
            "simferopol",
            "kerch",
            "yalta",
            "feodosia",
            "крым",
            "севастополь",
        ],
    ),
    (
        "ua-dpr",
        &[
            "dnr",
            "dpr",
            "donetsk",
            "donetsk people s republic",
            "mariupol",
            "makiivka",
            "horlivka",
            "донецк",
            "днр",
        ],
    ),
    (
        "ua-lpr",
        &[
            "lnr",
            "lpr",
            "luhansk",
            "lugansk",
            "luhansk people s republic",
            "луганск",
            "лнр",
        ],
    ),
    (
        "ua-23",
        &[
            "zaporizhzhia",
            "zaporizhia",
            "zaporozhye",
            "zaporozhe",
            "melitopol",
            "berdiansk",
            "berdyansk",
            "enerhodar",
            "запорожье",
            "мелитополь",
        ],
    ),
    (
        "ua-65",
        &[
            "kherson",
            "kherson oblast",
            "henichesk",
            "nova kakhovka",
            "skadovsk",
            "херсон",
        ],
    ),
];

/// The region of [`REGIONS`] a place names: its words, or its words without a trailing
/// "oblast", "region" or "province", equal to a name, or a name followed by such a word.
fn region_code(text: &str) -> Option<&'static str> {
    // "Zaporizhzhia oblast, Ukraine", "Melitopol (Zaporizhzhia)": the whole text or any
    // comma- or bracket-separated part of it may name the region.
    std::iter::once(text)
        .chain(text.split([',', '(', ')', '/', ';']))
        .find_map(|part| {
            let joined = crate::describe::words(part)
                .into_iter()
                .filter(|w| {
                    !matches!(
                        w.as_str(),
                        "oblast"
                            | "region"
                            | "province"
                            | "city"
                            | "область"
                            | "ukraine"
                            | "occupied"
                    )
                })
                .collect::<Vec<_>>()
                .join(" ");
            REGIONS
                .iter()
                .find(|(_, names)| names.contains(&joined.as_str()))
                .map(|(code, _)| *code)
        })
}

/// The FtM country code of a place as written: a region of concern (`Crimea`, `Donetsk`,
/// `Zaporizhzhia oblast`), or a country name or code.
pub fn place_code(text: &str) -> Option<String> {
    let t = text.trim();
    if let Some(r) = region_code(t) {
        return Some(r.to_string());
    }
    if let Some(c) = interdict_model::country::to_iso(t) {
        return Some(c.to_string());
    }
    // "Simferopol, Crimea", "Donetsk region (DNR)": the last part that is known.
    t.split([',', '(', ')', '-', '/'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .rev()
        .find_map(interdict_model::country::to_iso)
        .map(str::to_string)
        .or_else(|| {
            let folded = t.to_lowercase();
            let folded = folded
                .trim_end_matches(" region")
                .trim_end_matches(" oblast")
                .trim_end_matches(" province");
            interdict_model::country::to_iso(folded).map(str::to_string)
        })
}
