//! interdict's entity model: one shape for every list.
//!
//! Every parser in `interdict-sources` turns its list format into [`Entity`] values, and every
//! later stage (index, matcher, store, HTTP API) reads only this shape. The vocabulary is
//! FollowTheMoney's (schemata `Person`, `Company`, `Vessel`…, properties `birthDate`,
//! `passportNumber`…), so an [`Entity`] converts losslessly to and from the FtM JSON that
//! OpenSanctions and yente use ([`Entity::to_ftm`], [`Entity::from_ftm`]).
//!
//! The model is *typed* where screening needs types — names carry their kind (primary, alias,
//! weak alias…), dates may be partial, countries are ISO codes, identifiers know what they
//! identify — and keeps everything else in [`Entity::extra`] so that nothing a list says is lost.
//! This crate does no I/O.
#![deny(missing_docs)]

pub mod country;
mod date;
mod ftm;
mod ident;
mod judgement;
pub mod query;

pub use date::{DateSpec, PartialDate};
pub use ident::{
    normalize_identifier, normalize_identifier_into, un_reference, IdKind, Identifier,
};
pub use judgement::{PartyJudgement, PARTY_LINK, PARTY_UNLINK};

/// The key in [`Entity::extra`] under which an entity read from FollowTheMoney JSON keeps
/// its top-level `referents` (the source records an OpenSanctions entity was merged from).
/// Keys starting with `@` are not FtM properties: [`Entity::to_ftm`] leaves them out.
pub const REFERENTS: &str = "@referents";

/// The key in [`Entity::extra`] under which an entity read from FollowTheMoney JSON keeps a
/// top-level `"target": false`: OpenSanctions marks so the entities of a data set that are
/// not themselves listed (a listed party's subsidiaries and owners from a registry).
/// Ownership rules do not count such an entity as designated.
pub const TARGET: &str = "@target";

/// The key in [`Entity::extra`] under which an entity read from FollowTheMoney JSON keeps
/// its top-level `datasets` (the OpenSanctions data sets that list it: `us_ofac_sdn`,
/// `eu_fsf`…): which authorities designate it, whatever list id it was imported under.
pub const DATASETS: &str = "@datasets";

/// The key in [`Entity::extra`] under which an entity blocked (or possibly blocked) by the
/// holdings of listed parties carries its verdicts, one JSON object per regime
/// (`interdict_ownership::OwnershipReason`). Such an entity is screened even when a
/// registry names it.
pub const OWNERSHIP: &str = "@ownership";

/// The key in [`Entity::extra`] marking an entity read from a user's own ownership
/// registry (`ownership-csv`): a company or person a registry names, not a listed party.
/// Screening does not match against it, and ownership rules do not count it as designated.
pub const REGISTRY: &str = "@registry";

/// The id under which a registry list `list` keeps a party its file calls `id`
/// (`acme_registry:C-114`): a registry's own ids never collide with a list's, while its
/// holdings keep the ids as the file writes them (one may name a listed record).
pub fn registry_id(list: &str, id: &str) -> String {
    format!("{list}:{id}")
}

/// A name and the clause the US State Department's nonproliferation designations (ISN, in
/// the Consolidated Screening List) append to it, apart: "Asia-Invest LLC and any successor,
/// sub-unit, or subsidiary thereof" is the party "Asia-Invest LLC", and the designation
/// reaches "any successor, sub-unit, or subsidiary thereof". The clause says what the
/// designation reaches, not how the party is called. `None` where the name has no such
/// clause, or nothing before it.
pub fn designation_clause(name: &str) -> Option<(&str, &str)> {
    const CLAUSE: &[u8] = b"and any successor";
    let at = name
        .as_bytes()
        .windows(CLAUSE.len())
        .position(|w| w.eq_ignore_ascii_case(CLAUSE))?;
    let kept = name[..at].trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';'));
    (!kept.is_empty()).then(|| (kept, name[at + "and ".len()..].trim()))
}

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The FollowTheMoney schema of an entity.
///
/// The first six are "things" that screening matches against; the relationship schemata link
/// two entities by id. FtM schemata that interdict does not model specially (for example
/// `Sanction` or `Address` records in an OpenSanctions export) are kept as [`Schema::Other`]
/// so that an import never drops a record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Schema {
    /// A natural person.
    Person,
    /// An organization that is not (known to be) a company: a militia, a ministry, a party.
    Organization,
    /// A registered company.
    Company,
    /// A legal entity of unknown kind; the generic default for screening input.
    #[default]
    LegalEntity,
    /// A ship.
    Vessel,
    /// An aircraft.
    Airplane,
    /// Owner → asset link, possibly with a percentage.
    Ownership,
    /// Director → organization link.
    Directorship,
    /// Family tie between two people.
    Family,
    /// Any other association between two people.
    Associate,
    /// A link whose nature the list does not state (OFAC "Linked To:").
    UnknownLink,
    /// Any other FtM schema, kept by name.
    Other(String),
}

impl Schema {
    /// Parses an FtM schema name (`"Person"`, `"Company"`…). Unknown names become
    /// [`Schema::Other`].
    pub fn from_name(name: &str) -> Schema {
        match name {
            "Person" => Schema::Person,
            "Organization" => Schema::Organization,
            "Company" => Schema::Company,
            "LegalEntity" => Schema::LegalEntity,
            "Vessel" => Schema::Vessel,
            "Airplane" => Schema::Airplane,
            "Ownership" => Schema::Ownership,
            "Directorship" => Schema::Directorship,
            "Family" => Schema::Family,
            "Associate" => Schema::Associate,
            "UnknownLink" => Schema::UnknownLink,
            other => Schema::Other(other.to_string()),
        }
    }

    /// The FtM schema name.
    pub fn name(&self) -> &str {
        match self {
            Schema::Person => "Person",
            Schema::Organization => "Organization",
            Schema::Company => "Company",
            Schema::LegalEntity => "LegalEntity",
            Schema::Vessel => "Vessel",
            Schema::Airplane => "Airplane",
            Schema::Ownership => "Ownership",
            Schema::Directorship => "Directorship",
            Schema::Family => "Family",
            Schema::Associate => "Associate",
            Schema::UnknownLink => "UnknownLink",
            Schema::Other(name) => name,
        }
    }

    /// Whether an entity of this schema is also one of `ancestor` in the FollowTheMoney
    /// hierarchy: a Person and an Organization are LegalEntities, a Company an Organization;
    /// every schema is itself.
    pub fn is_a(&self, ancestor: &Schema) -> bool {
        self == ancestor
            || match ancestor {
                Schema::LegalEntity => {
                    matches!(
                        self,
                        Schema::Person | Schema::Organization | Schema::Company
                    )
                }
                Schema::Organization => matches!(self, Schema::Company),
                _ => false,
            }
    }

    /// True for the schemata screening matches against (people, organizations, vessels…).
    pub fn is_matchable(&self) -> bool {
        matches!(
            self,
            Schema::Person
                | Schema::Organization
                | Schema::Company
                | Schema::LegalEntity
                | Schema::Vessel
                | Schema::Airplane
        )
    }

    /// True for schemata that link two other entities.
    pub fn is_relation(&self) -> bool {
        matches!(
            self,
            Schema::Ownership
                | Schema::Directorship
                | Schema::Family
                | Schema::Associate
                | Schema::UnknownLink
        )
    }

    /// The FtM names of the reverse properties of a relation's two ends, `(from, to)`: how
    /// the entity at either end refers to the relation ("ownershipOwner" on the owner,
    /// "unknownLinkTo" on an UnknownLink's subject), as yente's `/adjacent` keys them.
    pub fn relation_reverse(&self) -> Option<(&'static str, &'static str)> {
        match self {
            Schema::Ownership => Some(("ownershipOwner", "ownershipAsset")),
            Schema::Directorship => Some(("directorshipDirector", "directorshipOrganization")),
            Schema::Family => Some(("familyPerson", "familyRelative")),
            Schema::Associate => Some(("associates", "associations")),
            Schema::UnknownLink => Some(("unknownLinkTo", "unknownLinkFrom")),
            _ => None,
        }
    }

    /// The FtM property names of the two ends of a relation schema, `(from, to)`.
    pub fn relation_ends(&self) -> Option<(&'static str, &'static str)> {
        match self {
            Schema::Ownership => Some(("owner", "asset")),
            Schema::Directorship => Some(("director", "organization")),
            Schema::Family => Some(("person", "relative")),
            Schema::Associate => Some(("person", "associate")),
            Schema::UnknownLink => Some(("subject", "object")),
            _ => None,
        }
    }
}

impl fmt::Display for Schema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What kind of name a [`Name`] is. Screening weighs them differently: a weak alias
/// ("a.k.a." in OFAC remarks, UN quality "Low") must never carry a match on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum NameKind {
    /// The list's main name for the entity.
    Primary,
    /// A strong alias (a.k.a. of good quality).
    Alias,
    /// A weak or low-quality alias.
    WeakAlias,
    /// A former name (f.k.a.).
    Previous,
    /// The name written in its original, non-Latin script.
    OriginalScript,
}

impl NameKind {
    /// The FtM property that holds names of this kind.
    pub fn ftm_property(self) -> &'static str {
        match self {
            NameKind::Primary => "name",
            NameKind::Alias | NameKind::OriginalScript => "alias",
            NameKind::WeakAlias => "weakAlias",
            NameKind::Previous => "previousName",
        }
    }
}

/// One name of an entity, as the list writes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Name {
    /// The full name, trimmed, in the list's own spelling (e.g. OFAC's "SURNAME, Given").
    pub value: String,
    /// Primary, alias, weak alias…
    pub kind: NameKind,
    /// The parts, when the list gives them separately (UN FIRST_NAME…, EU firstName…).
    pub parts: Option<NameParts>,
    /// Language or script tag the list attaches, if any (EU `nameLanguage`, OFAC script).
    pub lang: Option<String>,
}

impl Name {
    /// A name of the given kind with no parts or language.
    pub fn new(value: impl Into<String>, kind: NameKind) -> Name {
        Name {
            value: value.into(),
            kind,
            parts: None,
            lang: None,
        }
    }
}

/// The parts of a person's name when the list gives them separately.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NameParts {
    /// Given name(s).
    pub first: Option<String>,
    /// Middle name(s).
    pub middle: Option<String>,
    /// Patronymic (father's name).
    pub father: Option<String>,
    /// Family name.
    pub last: Option<String>,
}

/// A postal address. `full` is always set; the parts are set when the list separates them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Address {
    /// The whole address on one line, parts joined by ", ".
    pub full: String,
    /// Street and house.
    pub street: Option<String>,
    /// City or town.
    pub city: Option<String>,
    /// State, province or region.
    pub region: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2 code, lower case.
    pub country: Option<String>,
}

impl Address {
    /// Builds an address from optional parts, joining the non-empty ones into `full`.
    pub fn from_parts(
        street: Option<String>,
        city: Option<String>,
        region: Option<String>,
        postal_code: Option<String>,
        country_name: Option<&str>,
    ) -> Address {
        let clean = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let (street, city, region, postal_code) = (
            clean(street),
            clean(city),
            clean(region),
            clean(postal_code),
        );
        let country_name = country_name.map(str::trim).filter(|s| !s.is_empty());
        let full = [
            street.as_deref(),
            city.as_deref(),
            region.as_deref(),
            postal_code.as_deref(),
            country_name,
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        Address {
            full,
            street,
            city,
            region,
            postal_code,
            country: country_name.and_then(country::to_iso).map(str::to_string),
        }
    }
}

/// The two ends of a relationship entity (Ownership, Directorship, UnknownLink…).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Relation {
    /// Id of the owner / director / subject.
    pub from: String,
    /// Id of the asset / organization / object.
    pub to: String,
    /// The list's wording of the link ("Owned or Controlled By", "Linked To").
    pub role: Option<String>,
    /// Ownership share as the list states it ("49", "50.5").
    pub percentage: Option<String>,
}

/// Where an entity came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SourceRef {
    /// The list id (`us_ofac_sdn`, `un_sc_sanctions`…).
    pub list: String,
    /// The record's own id in the source (OFAC uid, UN DATAID, EU logicalId…).
    pub record_id: String,
    /// Publication date of the list version the record came from, if the file states one.
    pub published: Option<PartialDate>,
}

/// One listed party (or one relationship between listed parties).
///
/// Ids are stable and derived from the source's own identifiers (see the README's
/// "Entity ids" section): `ofac-<uid>` whether read from CSV or XML, `un-<DATAID>`, …
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable id, unique across all lists.
    pub id: String,
    /// FtM schema.
    pub schema: Schema,
    /// Every name, primary first.
    pub names: Vec<Name>,
    /// Birth dates (people) or incorporation dates (organizations); may be partial or ranges.
    pub birth_dates: Vec<DateSpec>,
    /// Places of birth as written.
    pub birth_places: Vec<String>,
    /// Nationalities / citizenships, ISO 3166-1 alpha-2 lower case.
    pub nationalities: Vec<String>,
    /// Other countries (residence, jurisdiction, flag, address countries), ISO codes.
    pub countries: Vec<String>,
    /// Passports, tax ids, registration numbers, IMO numbers…
    pub identifiers: Vec<Identifier>,
    /// Postal addresses.
    pub addresses: Vec<Address>,
    /// "male" / "female" / "other".
    pub gender: Vec<String>,
    /// Titles and honorifics ("Dr", "Maulavi").
    pub titles: Vec<String>,
    /// Positions and functions held.
    pub positions: Vec<String>,
    /// Sanctions programs or regimes (`RUSSIA-EO14024`, `IRQ`…).
    pub programs: Vec<String>,
    /// Dates of listing.
    pub listing_dates: Vec<PartialDate>,
    /// Websites, e-mail addresses and phone numbers.
    pub contacts: Vec<String>,
    /// Free text the list attaches that was not parsed into a typed field.
    pub notes: Vec<String>,
    /// For relationship schemata: the linked ids.
    pub relation: Option<Relation>,
    /// Every other FtM property, by FtM property name; and, under keys starting with `@`,
    /// what FtM keeps outside the properties ([`REFERENTS`]).
    pub extra: BTreeMap<String, Vec<String>>,
    /// Provenance.
    pub source: SourceRef,
}

impl Entity {
    /// Whether this is a party screening matches against: a person, organization, vessel
    /// or aircraft of a list, not a link between two, nor a party a user's ownership
    /// registry names ([`REGISTRY`]) unless listed parties' holdings block it
    /// ([`OWNERSHIP`]).
    pub fn is_screened(&self) -> bool {
        self.schema.is_matchable()
            && (!self.extra.contains_key(REGISTRY) || self.extra.contains_key(OWNERSHIP))
    }

    /// An empty entity with the given id and schema.
    pub fn new(id: impl Into<String>, schema: Schema) -> Entity {
        Entity {
            id: id.into(),
            schema,
            ..Entity::default()
        }
    }

    /// The display name: the first primary name, else the first name, else (a relation) its
    /// role ("Linked To"), else the id.
    pub fn caption(&self) -> &str {
        self.names
            .iter()
            .find(|n| n.kind == NameKind::Primary)
            .or_else(|| self.names.first())
            .map(|n| n.value.as_str())
            .or_else(|| self.relation.as_ref().and_then(|r| r.role.as_deref()))
            .unwrap_or(&self.id)
    }

    /// Adds a name unless the same value of a kind at least as strong is already there.
    /// Empty names are ignored.
    pub fn add_name(&mut self, name: Name) {
        let value = name.value.trim().to_string();
        let value = value.as_str();
        if value.is_empty() {
            return;
        }
        if let Some(existing) = self.names.iter_mut().find(|n| n.value == value) {
            // Keep the strongest kind (Primary < Alias < WeakAlias in Ord).
            if name.kind < existing.kind {
                existing.kind = name.kind;
            }
            if existing.parts.is_none() {
                existing.parts = name.parts;
            }
            return;
        }
        let mut name = name;
        name.value = value.to_string();
        self.names.push(name);
    }

    /// Pushes `value` onto `list` unless it is empty or already present.
    pub fn push_unique<T: PartialEq>(list: &mut Vec<T>, value: T) {
        if !list.contains(&value) {
            list.push(value);
        }
    }

    /// Adds a country given by name or code; returns false when it is not recognized
    /// (the caller then keeps the text as a note).
    pub fn add_country(&mut self, name: &str, nationality: bool) -> bool {
        match country::to_iso(name) {
            Some(code) => {
                let list = if nationality {
                    &mut self.nationalities
                } else {
                    &mut self.countries
                };
                Entity::push_unique(list, code.to_string());
                true
            }
            None => false,
        }
    }

    /// Adds an address (unless empty or already present) and its country: as an ISO code in
    /// [`Entity::countries`], or as a note when the list's spelling is not recognized.
    pub fn add_address(&mut self, address: Address, country: Option<&str>) {
        if let Some(c) = country {
            if !self.add_country(c, false) {
                self.add_note(&format!("Address country: {c}"));
            }
        }
        if !address.full.is_empty() {
            Entity::push_unique(&mut self.addresses, address);
        }
    }

    /// Adds an identifier unless the same kind and normalized value is already present.
    pub fn add_identifier(&mut self, id: Identifier) {
        if id.value.trim().is_empty() {
            return;
        }
        let norm = id.normalized();
        if self
            .identifiers
            .iter()
            .any(|x| x.kind == id.kind && x.normalized() == norm)
        {
            return;
        }
        self.identifiers.push(id);
    }

    /// Every country the entity is tied to, as the lists state them: its countries,
    /// nationalities and address countries (repeats possible).
    pub fn tied_countries(&self) -> impl Iterator<Item = &str> {
        self.countries
            .iter()
            .chain(&self.nationalities)
            .chain(self.addresses.iter().filter_map(|a| a.country.as_ref()))
            .map(String::as_str)
    }

    /// Adds a free-text note unless empty or already present.
    pub fn add_note(&mut self, note: &str) {
        let note = note.trim();
        if !note.is_empty() && !self.notes.iter().any(|n| n == note) {
            self.notes.push(note.to_string());
        }
    }

    /// Adds a value to an FtM property kept in [`Entity::extra`].
    pub fn add_extra(&mut self, prop: &str, value: &str) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        let list = self.extra.entry(prop.to_string()).or_default();
        if !list.iter().any(|v| v == value) {
            list.push(value.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_designation_clause_is_told_apart_from_the_name() {
        use super::designation_clause;
        assert_eq!(
            designation_clause(
                "Synnat Pharma Pvt Ltd.; and any successor, sub-unit, or subsidiary thereof"
            ),
            Some((
                "Synnat Pharma Pvt Ltd.",
                "any successor, sub-unit, or subsidiary thereof"
            ))
        );
        assert_eq!(
            designation_clause("EUROASIA AND ANY SUCCESSOR, SUBUNIT, OR SUBSIDIARY THEREOF"),
            Some(("EUROASIA", "ANY SUCCESSOR, SUBUNIT, OR SUBSIDIARY THEREOF"))
        );
        assert_eq!(designation_clause("and any successor"), None);
        assert_eq!(designation_clause("Ansar al-Sharia"), None);
    }

    use super::Schema::*;

    #[test]
    fn schemata_descend_as_followthemoney_says() {
        assert!(Person.is_a(&LegalEntity) && Company.is_a(&LegalEntity));
        assert!(Company.is_a(&Organization) && Organization.is_a(&Organization));
        assert!(!LegalEntity.is_a(&Person) && !Organization.is_a(&Company));
        assert!(!Vessel.is_a(&LegalEntity) && !Person.is_a(&Organization));
    }
}
