//! The evidence table: every feature that moves a score, as one small function each, with
//! all weights in one place ([`FEATURES`]). The name score is the main feature; an identifier
//! match can stand in for it; dates, countries, identifiers and gender qualify it.
//! Explanations are this table, evaluated.

use interdict_model::{country, DateSpec, Entity, IdKind, PartialDate, Schema};
use serde::Serialize;

/// Which feature: the rules that read an evaluated feature (a birth date that agrees lifts
/// every cap, a shared country the common-name cap) name it by kind, never by its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeatureKind {
    /// A birth (or incorporation) date the listed one to the day.
    DobExactMatch,
    /// The same birth year where one side gives only the year, day and month swapped, or a
    /// date inside a listed range.
    DobYearMatch,
    /// Birth years one apart (full dates within two months of each other), a one-digit slip
    /// in the year, or the same year with another month or day.
    DobYearClose,
    /// Birth years two or more apart, or full dates a year and more than two months apart.
    DobYearDisjoint,
    /// A country of the query is one the listing names.
    CountryMatch,
    /// Both state countries and none agrees.
    CountryMismatch,
    /// Both carry an identifier of one strict kind and none is shared.
    IdentifierMismatch,
    /// Both state a gender and they differ.
    GenderMismatch,
    /// The first given names (or one's stated gender) are of different sexes.
    GivenNameSexMismatch,
    /// Not both state countries, and the countries one firm's legal form says it is
    /// registered in are none of the other's (stated, or said by its legal form).
    LegalFormCountryMismatch,
}

impl FeatureKind {
    /// The name explanations and `/algorithms` show.
    pub fn name(self) -> &'static str {
        match self {
            FeatureKind::DobExactMatch => "dob_exact_match",
            FeatureKind::DobYearMatch => "dob_year_match",
            FeatureKind::DobYearClose => "dob_year_close",
            FeatureKind::DobYearDisjoint => "dob_year_disjoint",
            FeatureKind::CountryMatch => "country_match",
            FeatureKind::CountryMismatch => "country_mismatch",
            FeatureKind::LegalFormCountryMismatch => "legal_form_country_mismatch",
            FeatureKind::IdentifierMismatch => "identifier_mismatch",
            FeatureKind::GenderMismatch => "gender_mismatch",
            FeatureKind::GivenNameSexMismatch => "given_name_sex_mismatch",
        }
    }

    /// Whether the feature is a birth date that supports a weak name, lifting its cap: a
    /// date to the day always, a year only where `year_supports` (see `assess`: the
    /// countries do not disagree, and for a weak alias one agrees).
    pub fn dob_supports(self, year_supports: bool) -> bool {
        match self {
            FeatureKind::DobExactMatch => true,
            FeatureKind::DobYearMatch => year_supports,
            _ => false,
        }
    }
}

/// One evaluated feature in an explanation.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FeatureScore {
    /// Which feature.
    #[serde(skip)]
    pub kind: FeatureKind,
    /// Feature name (`dob_year_disjoint`, `country_mismatch`…).
    pub name: &'static str,
    /// Its value: 1.0 when it applies (some features are graded).
    pub value: f64,
    /// Its weight in the table.
    pub weight: f64,
    /// value × weight, what it added to (or took from) the score.
    pub contribution: f64,
    /// What was compared, for people.
    pub detail: String,
}

/// A feature: name, weight, and the function that measures it (value in [0, 1] plus detail).
pub struct Feature {
    /// Which feature (its name is the kind's).
    pub kind: FeatureKind,
    /// Weight added to the score when the value is 1.
    pub weight: f64,
    /// What it measures, in a sentence (`/algorithms` and the HTTP API document say it).
    pub description: &'static str,
    /// Measures the feature on a query/candidate pair.
    pub measure: fn(&Pair) -> Option<(f64, String)>,
}

/// A query and a listed entity as the features measure them, with what is read of each
/// once rather than per feature: their sexes (see [`Pair::new`]), and the countries the
/// legal forms of the two names compared say the firms are registered in (see
/// [`Pair::registered_in`]).
pub struct Pair<'a> {
    /// The query.
    pub query: &'a Entity,
    /// The listed entity.
    pub candidate: &'a Entity,
    query_sex: Sex,
    candidate_sex: Sex,
    registered_in: (Option<&'static [String]>, Option<&'static [String]>),
}

impl<'a> Pair<'a> {
    /// The pair, each side's sex read from its record.
    pub fn new(query: &'a Entity, candidate: &'a Entity) -> Pair<'a> {
        Pair::known(query, candidate, sex(query), sex(candidate))
    }

    /// The pair, each side's sex as the caller read it once (a query for all its
    /// candidates, a listed entity when the index was built).
    pub(crate) fn known(query: &'a Entity, candidate: &'a Entity, q: Sex, c: Sex) -> Pair<'a> {
        Pair {
            query,
            candidate,
            query_sex: q,
            candidate_sex: c,
            registered_in: (None, None),
        }
    }

    /// The pair, with the countries the legal forms of the query's name and of the listed
    /// name it was compared with say the firms are registered in (`None`: no such form).
    pub(crate) fn registered_in(
        self,
        query: Option<&'static [String]>,
        candidate: Option<&'static [String]>,
    ) -> Pair<'a> {
        Pair {
            registered_in: (query, candidate),
            ..self
        }
    }
}

/// The most the qualifying features can add to a name score (every positive weight).
pub fn max_bonus() -> f64 {
    FEATURES.iter().map(|f| f.weight.max(0.0)).sum()
}

/// The qualifying features and their weights. Positive weights confirm, negative ones clear.
/// A country that disagrees takes 0.2, as in nomenklatura's logic-v1 and logic-v2 (yente's
/// defaults): a listed person met in a country none of their listings names is the
/// exception, not the rule.
pub const FEATURES: &[Feature] = &[
    Feature {
        kind: FeatureKind::DobExactMatch,
        description: "A birth (or incorporation) date is the listed one to the day",
        weight: 0.08,
        measure: |p| dob_exact_match(p.query, p.candidate),
    },
    Feature {
        kind: FeatureKind::DobYearMatch,
        description: "The same birth year where one side gives only the year, day and month swapped, or a date inside a listed range",
        weight: 0.04,
        measure: |p| dob_year_match(p.query, p.candidate),
    },
    Feature {
        kind: FeatureKind::DobYearClose,
        description: "Birth years one apart (full dates within two months of each other), the same day and month with a one-digit slip in the year, or the same year with another month or day (beyond a one-digit slip in the day)",
        weight: -0.05,
        measure: |p| dob_year_close(p.query, p.candidate),
    },
    Feature {
        kind: FeatureKind::DobYearDisjoint,
        description: "Birth years two apart, or full dates a year and more than two months apart (half weight), or three or more years apart (half weight where a rare name — three words or more, one not a common name, written as listed or with one slip — is met in the listed country: the lists disagree on one person's dates more often than two people share such a name)",
        weight: -0.45,
        measure: |p| dob_year_disjoint(p.query, p.candidate),
    },
    Feature {
        kind: FeatureKind::CountryMatch,
        description: "A country of the query (nationality, residence, address) is one the listing names",
        weight: 0.03,
        measure: |p| country_match(p.query, p.candidate),
    },
    Feature {
        kind: FeatureKind::CountryMismatch,
        description: "Both state countries and none agrees",
        weight: -0.2,
        measure: |p| country_mismatch(p.query, p.candidate),
    },
    Feature {
        kind: FeatureKind::LegalFormCountryMismatch,
        description: "Not both state countries, and a firm's legal form is one only some countries' law gives (a GmbH is German, Austrian, Swiss or Liechtenstein, an OOO Russian or of a former Soviet republic) while the other's countries, stated or said by its own legal form, are none of them: the form says where a firm is registered as a stated country does",
        weight: -0.2,
        measure: legal_form_country_mismatch,
    },
    Feature {
        kind: FeatureKind::IdentifierMismatch,
        description: "Both carry an identifier of one strict kind (passport, tax id, registration, IMO, LEI, SWIFT…) and none is shared",
        weight: -0.15,
        measure: |p| identifier_mismatch(p.query, p.candidate),
    },
    Feature {
        kind: FeatureKind::GenderMismatch,
        description: "Both state a gender and they differ",
        weight: -0.25,
        measure: |p| gender_mismatch(p.query, p.candidate),
    },
    Feature {
        kind: FeatureKind::GivenNameSexMismatch,
        description: "Not both state a gender, and the first given names say different sexes (a given name of one sex in the bundled tables of popular given names by country, of US given names and of the first-name dictionary, a name of the Arab countries and Iran by the letters Arabic script writes of it, or a stated gender); names one letter apart say nothing",
        weight: -0.25,
        measure: given_name_sex_mismatch,
    },
];

/// Score given by a matching identifier alone (decisive, whatever the names say).
pub const IDENTIFIER_MATCH_SCORE: f64 = 0.97;

/// Can a query of schema `q` be the listed entity of schema `c`? (A person is never a
/// vessel; a generic legal entity may be a person or an organization.)
pub fn schema_compatible(q: &Schema, c: &Schema) -> bool {
    use Schema::*;
    let org = |s: &Schema| matches!(s, Organization | Company | LegalEntity);
    match (q, c) {
        (Person, Person) | (Person, LegalEntity) | (LegalEntity, Person) => true,
        (Vessel, Vessel) | (Airplane, Airplane) => true,
        (a, b) => org(a) && org(b),
    }
}

/// Relation between the closest pair of birth dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum DobRelation {
    /// Same full date.
    Exact,
    /// Same year (one side partial), or day and month swapped, or inside a listed range.
    Year,
    /// One year apart, the same day and month with a one-digit slip in the year, or the same
    /// year with another month or day.
    Close,
    /// Two years apart, or full dates a year and more than two months apart.
    Near,
    /// Three or more years apart.
    Far,
}

fn year_range(d: &DateSpec) -> (u16, u16) {
    let (lo, hi) = d.years();
    if d.approximate {
        (lo.saturating_sub(1), hi + 1)
    } else {
        (lo, hi)
    }
}

/// Whether two years, written with four digits, differ in exactly one of them.
fn one_digit_apart(a: u16, b: u16) -> bool {
    if a >= 10_000 || b >= 10_000 {
        let (a, b) = (format!("{a:04}"), format!("{b:04}"));
        return a.chars().zip(b.chars()).filter(|(x, y)| x != y).count() == 1;
    }
    let (mut a, mut b, mut differ) = (a, b, 0);
    for _ in 0..4 {
        differ += usize::from(a % 10 != b % 10);
        (a, b) = (a / 10, b / 10);
    }
    differ == 1
}

fn relate(q: &DateSpec, c: &DateSpec) -> DobRelation {
    let full = |d: &PartialDate| d.month.is_some() && d.day.is_some();
    if q.until.is_none() && c.until.is_none() && full(&q.date) && full(&c.date) {
        let (a, b) = (q.date, c.date);
        if a == b {
            return DobRelation::Exact;
        }
        if a.year == b.year && a.month == b.day && a.day == b.month {
            return DobRelation::Year;
        }
        // A slip in the last digit of the year (1971 / 1977), not a different decade.
        if a.month == b.month
            && a.day == b.day
            && a.year / 10 == b.year / 10
            && one_digit_apart(a.year, b.year)
        {
            return DobRelation::Close;
        }
        // Days stated on both sides, a year apart and more than two months apart
        // (1965-10-10 / 1964-02-22), are two dates, not one near the turn of a year
        // (1964-12-30 / 1965-01-02): as far apart as two years, where only the years are
        // known.
        let months = |d: PartialDate| i32::from(d.year) * 12 + i32::from(d.month.unwrap_or(1));
        if a.year.abs_diff(b.year) == 1 && (months(a) - months(b)).abs() > 2 {
            return DobRelation::Near;
        }
    }
    let (ql, qh) = year_range(q);
    let (cl, ch) = year_range(c);
    let gap = if qh < cl {
        cl - qh
    } else {
        ql.saturating_sub(ch)
    };
    match gap {
        0 => {
            // The same year with another month, or another day (beyond a one-digit slip of
            // the pen: 14 / 12), is a different date: weaker than a year that is all one side
            // knows, and no agreement.
            let single = q.until.is_none() && c.until.is_none();
            let months_differ =
                matches!((q.date.month, c.date.month), (Some(x), Some(y)) if x != y);
            let days_differ = matches!((q.date.day, c.date.day),
                (Some(x), Some(y)) if x != y && !one_digit_apart(u16::from(x), u16::from(y)));
            if single && (months_differ || days_differ) {
                DobRelation::Close
            } else {
                DobRelation::Year
            }
        }
        1 => DobRelation::Close,
        2 => DobRelation::Near,
        _ => DobRelation::Far,
    }
}

/// The closest pair of birth dates (the first found of the closest) and how they relate.
/// Described only by the feature that fires: four features ask, for every candidate.
fn dob<'a>(q: &'a Entity, c: &'a Entity) -> Option<(DobRelation, &'a DateSpec, &'a DateSpec)> {
    let mut best: Option<(DobRelation, &DateSpec, &DateSpec)> = None;
    for a in &q.birth_dates {
        for b in &c.birth_dates {
            let r = relate(a, b);
            if best.as_ref().is_none_or(|(x, ..)| r < *x) {
                best = Some((r, a, b));
            }
        }
    }
    best
}

fn dob_is(q: &Entity, c: &Entity, want: DobRelation) -> Option<(f64, String)> {
    match dob(q, c) {
        Some((r, a, b)) if r == want => Some((1.0, format!("{a} vs {b}"))),
        _ => None,
    }
}

fn dob_exact_match(q: &Entity, c: &Entity) -> Option<(f64, String)> {
    dob_is(q, c, DobRelation::Exact)
}

fn dob_year_match(q: &Entity, c: &Entity) -> Option<(f64, String)> {
    dob_is(q, c, DobRelation::Year)
}

fn dob_year_close(q: &Entity, c: &Entity) -> Option<(f64, String)> {
    dob_is(q, c, DobRelation::Close)
}

fn dob_year_disjoint(q: &Entity, c: &Entity) -> Option<(f64, String)> {
    match dob(q, c) {
        Some((DobRelation::Near, a, b)) => Some((0.5, format!("{a} vs {b}"))),
        Some((DobRelation::Far, a, b)) => Some((1.0, format!("{a} vs {b}"))),
        _ => None,
    }
}

fn countries(e: &Entity) -> Vec<&str> {
    let mut v: Vec<&str> = e
        .nationalities
        .iter()
        .chain(&e.countries)
        .map(String::as_str)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn has_countries(e: &Entity) -> bool {
    !e.nationalities.is_empty() || !e.countries.is_empty()
}

fn country_match(q: &Entity, c: &Entity) -> Option<(f64, String)> {
    if !has_countries(q) || !has_countries(c) {
        return None;
    }
    let (a, b) = (countries(q), countries(c));
    let shared: Vec<&str> = a
        .iter()
        .filter(|x| b.iter().any(|y| country::agree(x, y)))
        .copied()
        .collect();
    (!shared.is_empty()).then(|| (1.0, shared.join(", ")))
}

fn country_mismatch(q: &Entity, c: &Entity) -> Option<(f64, String)> {
    if !has_countries(q) || !has_countries(c) {
        return None;
    }
    let (a, b) = (countries(q), countries(c));
    let agrees = a.iter().any(|x| b.iter().any(|y| country::agree(x, y)));
    (!a.is_empty() && !b.is_empty() && !agrees)
        .then(|| (1.0, format!("{} vs {}", a.join(", "), b.join(", "))))
}

/// Whether the countries a firm's legal form says it is registered in are none of the
/// other's, stated or said by its own legal form, where not both state countries (those say
/// it, as [`country_mismatch`]): "Albatros Yacht Charter GmbH" is not ALBATROS OOO of
/// Russia, nor a customer's "Alfa Logistik OOO" of Russia an "ALFA LOGISTICS FZCO" (a free
/// zone company of the Emirates) listed with no country. A side's stated countries and its
/// form's count together ("MAHROUS FZE" listed in Iran is met as a free zone company), and a
/// side that states neither says nothing.
fn legal_form_country_mismatch(p: &Pair) -> Option<(f64, String)> {
    let (q_form, c_form) = p.registered_in;
    // Most pairs state no such form: nothing to read.
    if q_form.is_none() && c_form.is_none() {
        return None;
    }
    let (q_stated, c_stated) = (has_countries(p.query), has_countries(p.candidate));
    if q_stated && c_stated {
        return None;
    }
    // A side's countries: stated, then said by its legal form.
    fn side<'e>(e: &'e Entity, stated: bool, form: Option<&'static [String]>) -> Vec<&'e str> {
        let mut all = if stated { countries(e) } else { Vec::new() };
        all.extend(form.into_iter().flatten().map(String::as_str));
        all
    }
    let (a, b) = (
        side(p.query, q_stated, q_form),
        side(p.candidate, c_stated, c_form),
    );
    if a.is_empty() || b.is_empty() || a.iter().any(|x| b.iter().any(|y| country::agree(x, y))) {
        return None;
    }
    // Said only where it applies: the explanation's text.
    let say = |e: &Entity, stated: bool, form: Option<&'static [String]>| match (stated, form) {
        (false, Some(f)) => format!("legal form: {}", f.join(", ")),
        (true, Some(f)) => format!("{}; legal form: {}", countries(e).join(", "), f.join(", ")),
        (_, None) => countries(e).join(", "),
    };
    Some((
        1.0,
        format!(
            "{} vs {}",
            say(p.query, q_stated, q_form),
            say(p.candidate, c_stated, c_form)
        ),
    ))
}

/// Kinds whose values must agree when both sides give one.
fn strict_kind(k: IdKind) -> bool {
    matches!(
        k,
        IdKind::Passport
            | IdKind::TaxId
            | IdKind::Registration
            | IdKind::Imo
            | IdKind::Lei
            | IdKind::SwiftBic
    )
}

/// Normalized identifiers shorter than this are too unspecific to decide anything.
pub const MIN_IDENTIFIER_LEN: usize = 4;

/// A matching identifier (normalized: spacing, dashes, leading zeros), any kind.
pub fn identifier_match(q: &Entity, c: &Entity) -> Option<String> {
    // The query first: most carry no identifier, and the listed entity is then not read.
    if q.identifiers.is_empty() || c.identifiers.is_empty() {
        return None;
    }
    let mut nb = String::new();
    for a in &q.identifiers {
        let na = a.normalized();
        if na.len() < MIN_IDENTIFIER_LEN {
            continue;
        }
        for b in &c.identifiers {
            interdict_model::normalize_identifier_into(&b.value, &mut nb);
            if nb == na {
                return Some(format!("{} = {}", a.value, b.value));
            }
        }
    }
    None
}

fn identifier_mismatch(q: &Entity, c: &Entity) -> Option<(f64, String)> {
    // Two identifiers of one strict kind, then no identifier in common (measured second:
    // it normalizes every identifier, and most pairs have no two of a kind).
    let (a, b) = q
        .identifiers
        .iter()
        .filter(|i| strict_kind(i.kind))
        .find_map(|a| {
            c.identifiers
                .iter()
                .find(|b| b.kind == a.kind)
                .map(|b| (a, b))
        })?;
    if identifier_match(q, c).is_some() {
        return None;
    }
    Some((1.0, format!("{:?} {} vs {}", a.kind, a.value, b.value)))
}

fn gender_mismatch(q: &Entity, c: &Entity) -> Option<(f64, String)> {
    let norm = |g: &String| g.chars().next().map(|c| c.to_ascii_lowercase());
    let (Some(a), Some(b)) = (
        q.gender.first().and_then(norm),
        c.gender.first().and_then(norm),
    ) else {
        return None;
    };
    (a != b && matches!(a, 'm' | 'f') && matches!(b, 'm' | 'f'))
        .then(|| (1.0, format!("{} vs {}", q.gender[0], c.gender[0])))
}

/// The first given name of a person's name as written: the word after the comma of
/// "SURNAME, Given", else the first word, titles passed over ("Dr", "Haji", "Mr."). None
/// where it is an initial ("J. JAMEA"), a particle ("Abu Fatma" is Fatma's father), or the
/// first part of a compound name ("Nur al-Din", "Saif al-Islam", "Nuruddin" written apart):
/// the name is not known.
fn first_given_name(name: &str) -> Option<&str> {
    let given = name.split_once(',').map_or(name, |(_, g)| g);
    let mut words = given
        .split(|c: char| c.is_whitespace() || c == '-')
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| !w.is_empty())
        .skip_while(|w| {
            crate::common::with_key(w, |w| {
                crate::names::is_title(w) && !crate::names::is_particle(w)
            })
        });
    let first = words.next()?;
    let particle = |w: &str| crate::common::with_key(w, crate::names::is_particle);
    // The second part of a compound given name: "Nur al-Din", "Saif ul-Islam", "Nuruddin".
    let second_part = |w: &str| {
        crate::common::with_key(w, |w| {
            [
                "din", "deen", "dine", "islam", "haq", "haqq", "dawla", "dawlah",
            ]
            .contains(&w)
                || [
                    "uddin", "eddin", "addin", "aldin", "oddin", "uddeen", "eddine",
                ]
                .iter()
                .any(|s| w.ends_with(s))
        })
    };
    let (next, after) = (words.next(), words.next());
    let compound = next.is_some_and(second_part)
        || (next.is_some_and(particle) && after.is_some_and(second_part));
    if first.chars().count() < 2 || particle(first) || compound {
        return None;
    }
    Some(first)
}

/// How many of a listed person's names are read for the sex of their given names.
const SEX_NAMES: usize = 8;

/// A person's sex (`b'f'` or `b'm'`) and whether it is stated, as [`sex`] reads it.
pub(crate) type Sex = Option<(u8, bool)>;

/// A person's sex (`b'f'` or `b'm'`) and whether it is stated: as stated, or as the first
/// given names of its (first few) names say, where a table of popular given names gives
/// each of them that it knows to this one sex ("Fatma", "Ali"), or a name of the Arab
/// countries and Iran written as Arabic script writes it says ("Slma", "سلمى"). Looked up
/// without allocating where the popular-name tables know the name; read once per query and
/// once per listed entity where the caller can.
pub(crate) fn sex(e: &Entity) -> Sex {
    if let Some(g) = e.gender.first().and_then(|g| g.bytes().next()) {
        let g = g.to_ascii_lowercase();
        return matches!(g, b'm' | b'f').then_some((g, true));
    }
    let mut named: Option<u8> = None;
    for n in e.names.iter().take(SEX_NAMES) {
        let Some(word) = first_given_name(&n.value) else {
            continue;
        };
        if let Some(s) = crate::common::with_key(word, crate::common::given_name_sex)
            .or_else(|| crate::common::arabic_given_name_sex(word))
            .or_else(|| crate::common::abjad_given_name_sex(word))
        {
            if named.is_some_and(|f| f != s) {
                return None;
            }
            named = Some(s);
        }
    }
    named.map(|s| (s, false))
}

/// The first given names of all a person's names, as [`sex`] reads them.
fn given_names(e: &Entity) -> Vec<String> {
    e.names
        .iter()
        .filter_map(|n| first_given_name(&n.value))
        .map(crate::common::given_name_key)
        .collect()
}

/// Where not both state a gender: the sexes the two people's first given names (or a stated
/// gender) say differ — "Salma AL-ALI" is not "Ali AL-SALEEM", "Jamila SALEH" not "SALEH,
/// Jamal". A first given name both write alike, or one letter apart, says nothing: the name
/// cannot tell its bearers apart, and a slip of one letter may read as the other sex.
fn given_name_sex_mismatch(p: &Pair) -> Option<(f64, String)> {
    let (q, c) = (p.query, p.candidate);
    let person = |e: &Entity| matches!(e.schema, Schema::Person | Schema::LegalEntity);
    if !(q.schema == Schema::Person || c.schema == Schema::Person) || !person(q) || !person(c) {
        return None;
    }
    if !q.gender.is_empty() && !c.gender.is_empty() {
        return None;
    }
    let ((a, a_stated), (b, b_stated)) = (p.query_sex?, p.candidate_sex?);
    if a == b {
        return None;
    }
    // One letter apart is one name misspelt ("Salin" / Salim, "Lauren" / Laurent), whatever
    // sex the misspelling reads as. Every name of both is read: a name written as one of
    // the listed person's is never held against them.
    let (qn, cn) = (given_names(q), given_names(c));
    let alike = |x: &String, y: &String| crate::noise::within_one_edit(x.as_bytes(), y.as_bytes());
    if qn.iter().any(|f| cn.iter().any(|g| alike(f, g))) {
        return None;
    }
    let say = |s: u8, stated: bool, names: &[String]| {
        let sex = if s == b'f' { "female" } else { "male" };
        match (stated, names.first()) {
            (false, Some(n)) => format!("{sex} ({n})"),
            _ => format!("{sex} (stated)"),
        }
    };
    Some((
        1.0,
        format!("{} vs {}", say(a, a_stated, &qn), say(b, b_stated, &cn)),
    ))
}

/// Evaluates every qualifying feature that applies.
pub fn qualifiers(q: &Entity, c: &Entity) -> Vec<FeatureScore> {
    measure(&Pair::new(q, c))
}

/// Halves a birth year three or more years off (see [`FeatureKind::DobYearDisjoint`])
/// where the caller found the name rare enough that its holder is the listed one whatever
/// the dates say (see `assess` in the crate root): the lists disagree on the birth dates of
/// one person ("1959" in one, "1964" in another), more often than two people share a rare
/// name of three words in one country. The explanation says so.
pub(crate) fn halve_far_birth_year(features: &mut [FeatureScore]) {
    for f in features
        .iter_mut()
        .filter(|f| f.kind == FeatureKind::DobYearDisjoint && f.value >= 1.0)
    {
        f.value = 0.5;
        f.contribution = f.value * f.weight;
        f.detail
            .push_str(" (half weight: a rare name met in the listed country)");
    }
}

/// Evaluates every qualifying feature that applies to a pair.
pub(crate) fn measure(pair: &Pair) -> Vec<FeatureScore> {
    FEATURES
        .iter()
        .filter_map(|f| {
            let (value, detail) = (f.measure)(pair)?;
            Some(FeatureScore {
                kind: f.kind,
                name: f.kind.name(),
                value,
                weight: f.weight,
                contribution: value * f.weight,
                detail,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_feature_of_the_table_is_there_once() {
        let mut seen = std::collections::HashSet::new();
        for f in FEATURES {
            assert!(seen.insert(f.kind.name()), "{:?} twice", f.kind);
        }
        assert_eq!(seen.len(), 10);
    }

    #[test]
    fn one_digit_apart_counts_the_digits_as_written() {
        let written = |a: u16, b: u16| {
            let (a, b) = (format!("{a:04}"), format!("{b:04}"));
            a.chars().zip(b.chars()).filter(|(x, y)| x != y).count() == 1
        };
        let mut ones = 0;
        for a in (0..=10_050u16).step_by(3) {
            for d in [0, 1, 6, 9, 10, 11, 90, 100, 101, 1000, 2000, 9000] {
                for b in [a.saturating_add(d), a.saturating_sub(d)] {
                    assert_eq!(one_digit_apart(a, b), written(a, b), "{a} {b}");
                    ones += usize::from(written(a, b));
                }
            }
        }
        assert!(ones > 10_000, "{ones}");
    }

    fn person(dob: &[&str], country: &[&str]) -> Entity {
        let mut e = Entity::new("x", Schema::Person);
        e.birth_dates = dob
            .iter()
            .map(|d| DateSpec::parse_text(d).unwrap())
            .collect();
        e.nationalities = country.iter().map(|c| c.to_string()).collect();
        e
    }

    fn names(q: &Entity, c: &Entity) -> Vec<&'static str> {
        qualifiers(q, c).into_iter().map(|f| f.name).collect()
    }

    fn named(name: &str, gender: &[&str]) -> Entity {
        let mut e = Entity::new("x", Schema::Person);
        e.add_name(interdict_model::Name::new(
            name,
            interdict_model::NameKind::Primary,
        ));
        e.gender = gender.iter().map(|g| g.to_string()).collect();
        e
    }

    #[test]
    fn given_names_of_different_sexes_clear() {
        let sexes =
            |q: &str, qg: &[&str], c: &str, cg: &[&str]| names(&named(q, qg), &named(c, cg));
        let given = vec!["given_name_sex_mismatch"];
        // Where neither states a gender, the first given names say it; written in Arabic
        // script too.
        assert_eq!(sexes("Salma AL-ALI", &[], "Ali AL-SALEEM", &[]), given);
        assert_eq!(sexes("مريم العلي", &[], "Ali AL-SALEEM", &[]), given);
        assert_eq!(sexes("Jamila SALEH", &[], "SALEH, Jamal", &[]), given);
        // An Arabic-script name the tables lack, by its feminine ending (ta marbuta).
        assert_eq!(sexes("جميلة صالح", &[], "SALEH, Jamal", &[]), given);
        // A listed man's name only the first-name dictionary knows ("Usama", "Maamoun").
        assert_eq!(sexes("سارة حمدان", &[], "Usama HAMDAN", &[]), given);
        assert_eq!(sexes("Mona HAMDAN", &[], "Maamoun HAMDAN", &[]), given);
        // A name of the Arab countries and Iran the tables know only as Latin script spells
        // it (Salma, Parisa, Jamila), written in Arabic script or romanized from it without
        // its short vowels.
        assert_eq!(sexes("سلمى حمدان", &[], "HAMDAN, Salim Ahmad", &[]), given);
        assert_eq!(sexes("Slma Mnsur", &[], "Salim MANSUR", &[]), given);
        assert_eq!(sexes("پریسا احمدی", &[], "FAYRUZI, Ahmad", &[]), given);
        assert_eq!(sexes("JMILA AL ALI", &[], "JUMUL, Ali", &[]), given);
        assert_eq!(
            sexes("Rustam SHAGIVALEEV", &[], "Salma SHAGIVALEEVA", &[]),
            given
        );
        assert_eq!(
            sexes("Dr. Mary JOHNSON", &[], "CATERINO, Mario", &[]),
            given
        );
        // One side's stated gender against the other's given name.
        assert_eq!(sexes("Fatma HASSAN", &[], "Hassan ALI", &["male"]), given);
        // Both stated: the stated genders decide, once.
        assert_eq!(
            sexes("Fatma HASSAN", &["female"], "Hassan ALI", &["male"]),
            vec!["gender_mismatch"]
        );
        // Nothing said: the same sex, one name (or one letter apart, a slip that may read as
        // the other sex), an initial, a name not in the tables or given to both sexes.
        for (q, qg, c, cg) in [
            ("Salma AL-ALI", &[][..], "Sara AL-SALEEM", &[][..]),
            ("Salin BENGHALEN", &[], "Salim BENGHALEM", &[]),
            ("JAMEA NTAKUNI", &[], "JAMES NYAKUNI", &["male"][..]),
            ("J. JAMEA", &[], "Jamea JAMEA", &[]),
            ("Rafkat SHAGIVALEEV", &[], "Salma SHAGIVALEEVA", &[]),
            // A kunya names the child, a compound name's first part is not the name, and a
            // name written as one of the listed person's aliases is theirs.
            ("Abu Fatma", &[], "Ali HASSAN", &["male"]),
            ("Nur Al Deen Abu Mohammed", &[], "Ali HASSAN", &["male"]),
            ("Karen SMITH", &[], "Ali SMITH", &[]),
            // A man's name read as Arabic script writes it ("سليم" slim, Salim), and a
            // Hebrew spelling, which is not read so.
            ("سليم حمدان", &[], "HAMDAN, Salim Ahmad", &[]),
            ("סלמה חמדאן", &[], "HAMDAN, Salim Ahmad", &[]),
            // Men's names that end in ta marbuta: Hamza, Usama.
            ("حمزة صالح", &[], "SALEH, Jamal", &[]),
            ("أسامة صالح", &[], "SALEH, Jamal", &[]),
        ] {
            assert!(sexes(q, qg, c, cg).is_empty(), "{q} / {c}");
        }
        // Not between a person and a company.
        let mut firm = named("Salma Trading", &[]);
        firm.schema = Schema::Company;
        assert!(names(&named("Ali HASSAN", &[]), &firm).is_empty());
    }

    #[test]
    fn dates_and_countries_confirm_or_clear() {
        let q = person(&["1978-01-28"], &["ru"]);
        assert_eq!(
            names(&q, &person(&["1978-01-28"], &["ru"])),
            vec!["dob_exact_match", "country_match"]
        );
        assert_eq!(names(&q, &person(&["1978"], &[])), vec!["dob_year_match"]);
        assert_eq!(
            names(&q, &person(&["1978-01-28"], &[])),
            vec!["dob_exact_match"]
        );
        assert_eq!(
            names(&q, &person(&["1948-01-28"], &["ir"])),
            vec!["dob_year_disjoint", "country_mismatch"]
        );
        assert_eq!(
            names(&q, &person(&["1979-01-28"], &[])),
            vec!["dob_year_close"]
        );
        assert_eq!(
            names(&q, &person(&["1970 to 1980"], &[])),
            vec!["dob_year_match"]
        );
        // The same year, another day or month: a different date, not an agreeing one; a
        // one-digit slip in the day, or day and month swapped, still agree.
        for other in ["1978-01-05", "1978-03-28", "1978-03"] {
            assert_eq!(
                names(&q, &person(&[other], &[])),
                vec!["dob_year_close"],
                "{other}"
            );
        }
        for slip in ["1978-01-23", "1978-01"] {
            assert_eq!(
                names(&q, &person(&[slip], &[])),
                vec!["dob_year_match"],
                "{slip}"
            );
        }
        // A year apart: near the turn of the year, close; months apart, two dates as far
        // apart as two years (half weight).
        let december = person(&["1978-12-20"], &[]);
        assert_eq!(
            names(&december, &person(&["1979-01-10"], &[])),
            vec!["dob_year_close"]
        );
        for (other, contribution) in [("1977-05-10", -0.225), ("1980-12-20", -0.225)] {
            let r = qualifiers(&december, &person(&[other], &[]));
            assert_eq!(r.len(), 1, "{other}");
            assert_eq!(r[0].kind, FeatureKind::DobYearDisjoint, "{other}");
            assert!((r[0].contribution - contribution).abs() < 1e-9, "{other}");
        }
        assert_eq!(
            names(&december, &person(&["1979"], &[])),
            vec!["dob_year_close"]
        );
        let swapped = person(&["1978-05-03"], &[]);
        assert_eq!(
            names(&swapped, &person(&["1978-03-05"], &[])),
            vec!["dob_year_match"]
        );
    }

    #[test]
    fn schemata() {
        assert!(schema_compatible(&Schema::Person, &Schema::Person));
        assert!(schema_compatible(&Schema::LegalEntity, &Schema::Company));
        assert!(!schema_compatible(&Schema::Person, &Schema::Vessel));
        assert!(!schema_compatible(&Schema::Company, &Schema::Person));
        // A person is never an organization a list states is one (OFAC "Entity", UN
        // "ENTITY"…); a legal entity of unknown kind may be either.
        assert!(!schema_compatible(&Schema::Person, &Schema::Organization));
        assert!(schema_compatible(&Schema::Person, &Schema::LegalEntity));
    }
}
