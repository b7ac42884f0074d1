//! Party resolution: which list records are one party — the same person, organization,
//! vessel or aircraft listed by several authorities — and why.
//!
//! Records are linked only on evidence that decides it, each link saying which:
//! - **record id**: the same publisher's id on two lists (OFAC gives a party one uid on the
//!   SDN list and on its non-SDN lists).
//! - **UN reference**: records that carry the same UN Security Council reference number
//!   (`IQi.002`, `QDi.290`; UN, EU and UK records carry them) are the party the UN listed —
//!   unless a list gives that reference to several of its records, which says nothing about
//!   which one it is.
//! - **referent**: an entity of an imported OpenSanctions file and the records its
//!   `referents` name — the source records OpenSanctions merged it from, by the lists' own
//!   ids (`ofac-46001`, `gb-hmt-16270`), which are interdict's too.
//! - **identifier**: the same IMO number or LEI, or the same passport, national id, tax or
//!   registration number issued by the same country, on records of the same kind of party.
//! - **name and facts** (people): the same complete name — every word, any order, any
//!   script the lists romanize alike — with agreeing birth dates and an agreeing
//!   nationality or birth place, and nothing that conflicts (another birth date, country or
//!   gender). A name of common words ("Li Wei") needs the full birth date to the day.
//!   Family members differ in a name word; namesakes in their birth dates: both stay apart.
//!   Organisations: the same complete name of three words or more, a country both records
//!   are tied to, and no identifier of one kind the two give differently.
//!
//! A party never holds two records of one list, nor two people whose birth years are all
//! three or more apart: a link that would join them (through a chain of links) is not
//! made, and is reported. A party's id is the id of its
//! member that sorts first (a record alone is its own party), so it stays the same across
//! list versions as long as that record is listed.
//!
//! Analysts' judgements ([`PartyJudgement`], `interdict parties link` / `unlink`) outrank
//! all of this: the latest one on two records decides; a link is made before any other
//! (even between two records of one list), and two records judged apart are never brought
//! together by any chain of links ([`Parties::resolve_judged`]).

use crate::fxhash::FxHashMap;
use interdict_model::{
    country, un_reference, DateSpec, Entity, IdKind, NameKind, PartyJudgement, Schema,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// Why two records were linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// The same publisher's record id in two lists (OFAC lists one uid on the SDN list and
    /// on its non-SDN lists).
    RecordId,
    /// The same UN reference number.
    UnReference,
    /// An OpenSanctions entity's `referents`: the source records OpenSanctions merged it
    /// from, by the lists' own ids (`ofac-46001`).
    Referent,
    /// The same strong identifier.
    Identifier,
    /// The same complete name with agreeing birth date and nationality or birth place.
    NameAndFacts,
    /// An analyst's judgement (`interdict parties link`), which outranks every other kind.
    Analyst,
}

impl LinkKind {
    /// The kind as exported (`un_reference`, `identifier`, `name_and_facts`).
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::RecordId => "record_id",
            LinkKind::UnReference => "un_reference",
            LinkKind::Referent => "referent",
            LinkKind::Identifier => "identifier",
            LinkKind::NameAndFacts => "name_and_facts",
            LinkKind::Analyst => "analyst",
        }
    }
}

/// A link between two records, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// One record id.
    pub a: String,
    /// The other.
    pub b: String,
    /// What links them.
    pub kind: LinkKind,
    /// The evidence in words ("UN reference IQi.002").
    pub reason: String,
}

/// One party: its records and the links that joined them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Party {
    /// The id of the member that sorts first.
    pub id: String,
    /// Member record ids, sorted.
    pub members: Vec<String>,
    /// The lists its members are on, sorted.
    pub lists: Vec<String>,
    /// The links that joined them (none for a record alone).
    pub links: Vec<Link>,
}

/// One value of a party's property, with the lists whose records state it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SourcedValue {
    /// The value as the first record stating it writes it.
    pub value: String,
    /// The lists that state it (in any spelling differing only in case and spacing), sorted.
    pub datasets: Vec<String>,
}

impl Party {
    /// The party's FollowTheMoney property values merged over its records, each with the
    /// lists that state it: property → values in the order the records (sorted by id) give
    /// them. Values differing only in letter case or spacing are one value. `record` finds a
    /// member record by id; members it cannot find are left out.
    pub fn merged_values<'a>(
        &self,
        record: impl Fn(&str) -> Option<&'a Entity>,
    ) -> BTreeMap<String, Vec<SourcedValue>> {
        let mut out: BTreeMap<String, Vec<SourcedValue>> = BTreeMap::new();
        let key = |v: &str| {
            v.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        for m in &self.members {
            let Some(e) = record(m) else { continue };
            let ftm = e.to_ftm();
            let Some(props) = ftm.get("properties").and_then(|p| p.as_object()) else {
                continue;
            };
            for (prop, values) in props {
                let slot = out.entry(prop.clone()).or_default();
                for v in values.as_array().into_iter().flatten() {
                    let Some(text) = v.as_str() else { continue };
                    let k = key(text);
                    match slot.iter_mut().find(|s| key(&s.value) == k) {
                        Some(s) => {
                            if !s.datasets.contains(&e.source.list) {
                                s.datasets.push(e.source.list.clone());
                                s.datasets.sort();
                            }
                        }
                        None => slot.push(SourcedValue {
                            value: text.to_string(),
                            datasets: vec![e.source.list.clone()],
                        }),
                    }
                }
            }
        }
        out.retain(|_, v| !v.is_empty());
        out
    }
}

/// Every record's party.
#[derive(Debug, Clone, Default)]
pub struct Parties {
    parties: Vec<Party>,
    /// Record id → index in `parties`.
    by_member: FxHashMap<String, usize>,
    /// Links not made because they would have joined two records of one list, people
    /// born years apart, or records an analyst keeps apart.
    pub refused: Vec<Link>,
    /// What became of each analyst's judgement, in the order they were made.
    pub judged: Vec<Judged>,
}

/// What became of one analyst's judgement in a resolution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Judged {
    /// The judgement.
    #[serde(flatten)]
    pub judgement: PartyJudgement,
    /// `applied`, `superseded` (a later judgement on the same two records decides),
    /// `not_listed` (a record is not on the active lists; it applies again once it is) or
    /// `refused` (it contradicts another judgement, or joins different kinds of party).
    pub status: &'static str,
    /// Why, when not applied.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

/// Counts for `interdict parties stats`.
#[derive(Debug, Clone, Serialize)]
pub struct PartyStats {
    /// Records resolved.
    pub records: usize,
    /// Parties.
    pub parties: usize,
    /// Parties by how many lists they span: 1, 2, 3, 4 or more.
    pub by_lists: BTreeMap<String, usize>,
    /// Links made, by kind.
    pub links: BTreeMap<String, usize>,
    /// Links refused (they would have joined two records of one list, people born years
    /// apart, or records an analyst keeps apart).
    pub refused: usize,
}

/// A record's facts for resolution, prepared once.
struct Facts<'a> {
    e: &'a Entity,
    /// Its complete names: the sorted romanized words of each name that is not a weak alias,
    /// and whether it is the record's primary name.
    names: Vec<(Vec<String>, bool)>,
}

/// Which records can be one party: people with people, organizations with organizations,
/// vessels with vessels, aircraft with aircraft.
fn family(s: &Schema) -> Option<u8> {
    match s {
        Schema::Person => Some(0),
        Schema::Organization | Schema::Company | Schema::LegalEntity => Some(1),
        Schema::Vessel => Some(2),
        Schema::Airplane => Some(3),
        _ => None,
    }
}

/// An identifier that names one party: its kind, issuing country where the number is only
/// unique within one, and the value as identifiers are compared
/// ([`interdict_model::normalize_identifier`]). Short or digit-less values (placeholders,
/// words) are not used.
fn strong_identifier(e: &Entity) -> Vec<(IdKind, String, String)> {
    let mut out = Vec::new();
    for id in &e.identifiers {
        let value = id.normalized();
        if value.len() < 6 || !value.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let scope = match id.kind {
            IdKind::Imo | IdKind::Lei => String::new(),
            IdKind::Passport | IdKind::NationalId | IdKind::TaxId | IdKind::Registration => {
                match &id.country {
                    Some(c) => c.clone(),
                    None => continue,
                }
            }
            _ => continue,
        };
        out.push((id.kind, scope, value));
    }
    out
}

/// The sorted romanized words of a name.
fn name_key(value: &str) -> Vec<String> {
    let mut words: Vec<String> = interdict_text::romanize(value)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(interdict_text::fold)
        .collect();
    words.sort();
    words
}

/// The first of a record's names (as the list writes it) whose words are `key`.
fn written<'a>(e: &'a Entity, key: &[String]) -> &'a str {
    e.names
        .iter()
        .find(|n| n.kind != NameKind::WeakAlias && name_key(&n.value) == key)
        .map_or("", |n| n.value.as_str())
}

fn full(d: &DateSpec) -> bool {
    d.until.is_none() && !d.approximate && d.date.month.is_some() && d.date.day.is_some()
}

/// Whether two records' birth dates agree: some pair the same to the day, or, where one
/// side gives only a year (or a range), within it; and no full date of one contradicts every
/// full date of the other.
fn dates_agree(a: &Entity, b: &Entity, need_day: bool) -> bool {
    let mut agree = false;
    for x in &a.birth_dates {
        for y in &b.birth_dates {
            if full(x) && full(y) {
                agree |= x.date == y.date;
            } else if !need_day {
                let ((xl, xh), (yl, yh)) = (x.years(), y.years());
                agree |= xl <= yh && yl <= xh;
            }
        }
    }
    let fa: Vec<_> = a.birth_dates.iter().filter(|d| full(d)).collect();
    let fb: Vec<_> = b.birth_dates.iter().filter(|d| full(d)).collect();
    let conflict =
        !fa.is_empty() && !fb.is_empty() && !fa.iter().any(|x| fb.iter().any(|y| x.date == y.date));
    agree && !conflict
}

/// Countries a record ties a person to (nationalities, else countries).
fn person_countries(e: &Entity) -> Vec<&str> {
    e.nationalities
        .iter()
        .chain(&e.countries)
        .map(String::as_str)
        .collect()
}

/// Whether two birth places name the same place: one's words all in the other's.
fn places_agree(a: &Entity, b: &Entity) -> bool {
    a.birth_places.iter().any(|x| {
        b.birth_places.iter().any(|y| {
            let (x, y) = (name_key(x), name_key(y));
            !x.is_empty()
                && !y.is_empty()
                && (x.iter().all(|w| y.contains(w)) || y.iter().all(|w| x.contains(w)))
        })
    })
}

/// The evidence that two people of the same complete name are one, or `None`.
fn same_person(a: &Entity, b: &Entity, common: bool) -> Option<String> {
    if a.birth_dates.is_empty() || b.birth_dates.is_empty() {
        return None;
    }
    if !dates_agree(a, b, common) {
        return None;
    }
    let (ca, cb) = (person_countries(a), person_countries(b));
    let countries_agree = ca.iter().any(|x| cb.iter().any(|y| country::agree(x, y)));
    if !ca.is_empty() && !cb.is_empty() && !countries_agree {
        return None;
    }
    let gender_conflict = !a.gender.is_empty()
        && !b.gender.is_empty()
        && !a.gender.iter().any(|g| b.gender.contains(g));
    if gender_conflict {
        return None;
    }
    let place = places_agree(a, b);
    // A nationality or a birth place must agree; for a name of common words, the
    // nationality.
    if !countries_agree && (common || !place) {
        return None;
    }
    let mut said = vec!["birth date".to_string()];
    if countries_agree {
        said.push("nationality".into());
    }
    if place {
        said.push("birth place".into());
    }
    Some(said.join(", "))
}

/// The evidence that two organisations of the same complete name are one, or `None`: a
/// country both tie them to, and no identifier of one kind (and issuing country) that the
/// two give differently. A name of two words or fewer is not enough ("ALFA OOO" is many
/// firms), nor a record tied to no country. A name of one word besides its legal form
/// must be written the same on both, not only fold alike ("LIMITED LIABILITY COMPANY RTC"
/// and "… RTK" are two firms; "LOGARCHEO S.A." on three lists is one).
fn same_organisation(a: &Entity, b: &Entity, key: &[String]) -> Option<String> {
    if key.len() < 3 {
        return None;
    }
    let own_words =
        crate::names::prepare(written(a, key), crate::names::NameKindHint::Organization)
            .tokens
            .iter()
            .filter(|t| t.class != crate::names::TokenClass::LegalForm)
            .count();
    if own_words < 2
        && interdict_text::normalize(&interdict_text::romanize(written(a, key)))
            != interdict_text::normalize(&interdict_text::romanize(written(b, key)))
    {
        return None;
    }
    let ca: Vec<&str> = a.tied_countries().collect();
    let cb: Vec<&str> = b.tied_countries().collect();
    let shared = ca
        .iter()
        .find(|x| cb.iter().any(|y| country::agree(x, y)))?;
    for ia in &a.identifiers {
        let same_kind: Vec<_> = b
            .identifiers
            .iter()
            .filter(|ib| ib.kind == ia.kind && ib.country == ia.country)
            .collect();
        let value = |v: &str| interdict_model::normalize_identifier(v);
        if !same_kind.is_empty()
            && !same_kind
                .iter()
                .any(|ib| value(&ib.value) == value(&ia.value))
        {
            return None;
        }
    }
    Some(format!("country {shared}"))
}

/// Union-find over record indexes, refusing to join two records of one list, two
/// people whose birth years are all three or more apart (a chain of links through a record
/// that gives both dates), or two records an analyst keeps apart.
struct Sets<'a> {
    parent: Vec<usize>,
    /// Pairs of records analysts keep apart.
    apart: Vec<(usize, usize)>,
    /// The lists in each root's set.
    lists: Vec<Vec<&'a str>>,
    /// The birth years (ranges) of each root's set, one entry per person who gives any.
    years: Vec<Vec<Vec<(u16, u16)>>>,
}

/// Whether two people's birth years are all three or more apart.
fn years_apart(a: &[(u16, u16)], b: &[(u16, u16)]) -> bool {
    !a.iter().any(|&(al, ah)| {
        b.iter()
            .any(|&(bl, bh)| al <= bh.saturating_add(2) && bl <= ah.saturating_add(2))
    })
}

impl<'a> Sets<'a> {
    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// Whether joining the sets rooted at `ra` and `rb` would put together two records an
    /// analyst keeps apart.
    fn kept_apart(&mut self, ra: usize, rb: usize) -> bool {
        for k in 0..self.apart.len() {
            let (x, y) = self.apart[k];
            let (rx, ry) = (self.root(x), self.root(y));
            if (rx == ra && ry == rb) || (rx == rb && ry == ra) {
                return true;
            }
        }
        false
    }

    /// Joins the sets of `a` and `b`; false when they would hold two records an analyst
    /// keeps apart, or (unless `judged`, an analyst's link) two records of one list or
    /// people born years apart.
    fn join(&mut self, a: usize, b: usize, judged: bool) -> bool {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra == rb {
            return true;
        }
        if self.kept_apart(ra, rb) {
            return false;
        }
        if !judged && self.lists[ra].iter().any(|l| self.lists[rb].contains(l)) {
            return false;
        }
        if !judged
            && self.years[ra]
                .iter()
                .any(|x| self.years[rb].iter().any(|y| years_apart(x, y)))
        {
            return false;
        }
        let moved = std::mem::take(&mut self.lists[rb]);
        self.lists[ra].extend(moved);
        let moved = std::mem::take(&mut self.years[rb]);
        self.years[ra].extend(moved);
        self.parent[rb] = ra;
        true
    }
}

impl Parties {
    /// Resolves the records (relations and other non-parties are left out).
    pub fn resolve(entities: &[Entity]) -> Parties {
        Parties::resolve_judged(entities, &[])
    }

    /// Resolves the records with analysts' judgements, oldest first: the latest judgement
    /// on two records decides for them, and outranks every automatic link. "One party" joins
    /// them (even two records of one list); "not one party" keeps apart the two records and
    /// whatever each is joined to, so an automatic link that would bring them together is
    /// not made (`refused`). A judgement naming a record that is not listed waits: it
    /// applies again when the record is.
    pub fn resolve_judged(entities: &[Entity], judgements: &[PartyJudgement]) -> Parties {
        Parties::resolve_with(
            entities,
            &[
                LinkKind::RecordId,
                LinkKind::UnReference,
                LinkKind::Referent,
                LinkKind::Identifier,
                LinkKind::NameAndFacts,
            ],
            judgements,
        )
    }

    /// Resolves by the given kinds of link only (to measure one rule against another).
    pub fn resolve_by(entities: &[Entity], kinds: &[LinkKind]) -> Parties {
        Parties::resolve_with(entities, kinds, &[])
    }

    fn resolve_with(
        entities: &[Entity],
        kinds: &[LinkKind],
        judgements: &[PartyJudgement],
    ) -> Parties {
        let records: Vec<Facts> = entities
            .iter()
            .filter(|e| family(&e.schema).is_some() && e.is_screened())
            .map(|e| Facts {
                e,
                names: e
                    .names
                    .iter()
                    .filter(|n| n.kind != NameKind::WeakAlias)
                    .map(|n| (name_key(&n.value), n.kind == NameKind::Primary))
                    .filter(|(k, _)| k.len() >= 2)
                    .collect(),
            })
            .collect();
        // Candidate links, strongest kind first: a UN reference decides before an
        // identifier, an identifier before a name.
        let mut candidates: Vec<(LinkKind, usize, usize, String)> = Vec::new();
        let group = |map: FxHashMap<(u8, String), Vec<usize>>,
                     kind: LinkKind,
                     reason: &dyn Fn(&str) -> String,
                     out: &mut Vec<(LinkKind, usize, usize, String)>| {
            let mut keys: Vec<_> = map.into_iter().collect();
            keys.sort();
            for ((_, key), members) in keys {
                for &m in &members[1..] {
                    out.push((kind, members[0], m, reason(&key)));
                }
            }
        };
        let mut by_record: FxHashMap<(u8, String), Vec<usize>> = FxHashMap::default();
        let mut by_ref: FxHashMap<(u8, String), Vec<usize>> = FxHashMap::default();
        let mut by_id: FxHashMap<(u8, String), Vec<usize>> = FxHashMap::default();
        for (i, r) in records.iter().enumerate() {
            let fam = family(&r.e.schema).unwrap_or(u8::MAX);
            by_record.entry((fam, r.e.id.clone())).or_default().push(i);
            let is_person = r.e.schema == Schema::Person;
            let mut refs: Vec<String> =
                r.e.extra
                    .get("unscId")
                    .into_iter()
                    .flatten()
                    .filter_map(|v| un_reference(v))
                    // The UN numbers individuals `..i.` and entities `..e.`: a person's
                    // record that gives an entity's reference (the 2018 UK file gives one
                    // QDe.002) names something else.
                    .filter(|u| (u.as_bytes()[2] == b'i') == is_person)
                    .collect();
            refs.sort();
            refs.dedup();
            for u in refs {
                by_ref.entry((fam, u)).or_default().push(i);
            }
            let mut ids = strong_identifier(r.e);
            ids.sort();
            ids.dedup();
            for (kind, scope, value) in ids {
                let key = format!(
                    "{kind:?} {value}{}",
                    if scope.is_empty() {
                        String::new()
                    } else {
                        format!(" ({scope})")
                    }
                );
                by_id.entry((fam, key)).or_default().push(i);
            }
        }
        // An identifier many records share is not one party's (a registry's placeholder, a
        // shared address's number).
        by_id.retain(|_, v| v.len() <= 4);
        by_record.retain(|_, v| v.len() > 1);
        // A reference one list gives to several of its records (the 2018 UK file gives
        // KPe.023 to five companies) does not say which of them the UN listed: that list's
        // records are not linked by it.
        for members in by_ref.values_mut() {
            let mut per_list: FxHashMap<&str, usize> = FxHashMap::default();
            for &i in members.iter() {
                *per_list
                    .entry(records[i].e.source.list.as_str())
                    .or_insert(0) += 1;
            }
            members.retain(|&i| per_list[records[i].e.source.list.as_str()] == 1);
        }
        by_ref.retain(|_, v| v.len() > 1);
        group(
            by_record,
            LinkKind::RecordId,
            &|k| format!("record id {k} on both lists"),
            &mut candidates,
        );
        group(
            by_ref,
            LinkKind::UnReference,
            &|k| format!("UN reference {k}"),
            &mut candidates,
        );
        // An OpenSanctions entity and the records it names as its sources (ids compared
        // without regard to case: OpenSanctions writes `gb-fcdo-rus2050`).
        let mut by_lower: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        if records
            .iter()
            .any(|r| r.e.extra.contains_key(interdict_model::REFERENTS))
        {
            for (i, r) in records.iter().enumerate() {
                by_lower.entry(r.e.id.to_lowercase()).or_default().push(i);
            }
        }
        for (i, r) in records.iter().enumerate() {
            let Some(refs) = r.e.extra.get(interdict_model::REFERENTS) else {
                continue;
            };
            let fam = family(&r.e.schema);
            for id in refs {
                for &j in by_lower.get(&id.to_lowercase()).into_iter().flatten() {
                    if j != i && family(&records[j].e.schema) == fam {
                        candidates.push((
                            LinkKind::Referent,
                            i,
                            j,
                            format!("{} lists {} among its source records", r.e.id, id),
                        ));
                    }
                }
            }
        }
        group(
            by_id,
            LinkKind::Identifier,
            &|k| format!("identifier {k}"),
            &mut candidates,
        );
        // People (and organisations) of one complete name: every pair compared on its
        // facts. (Kind of party, name) → the records that carry it, each with whether it is
        // their primary name.
        /// (kind of party, name words) → (record, whether it is the record's primary name).
        type ByName = FxHashMap<(u8, Vec<String>), Vec<(usize, bool)>>;
        let mut by_name: ByName = FxHashMap::default();
        for (i, r) in records.iter().enumerate() {
            let fam = family(&r.e.schema).unwrap_or(u8::MAX);
            if fam > 1 {
                continue;
            }
            let mut keys = r.names.clone();
            keys.sort();
            keys.dedup_by(|x, y| {
                // One entry per name: primary if it is the primary name under any spelling.
                if x.0 == y.0 {
                    y.1 |= x.1;
                    true
                } else {
                    false
                }
            });
            for (k, primary) in keys {
                by_name.entry((fam, k)).or_default().push((i, primary));
            }
        }
        let mut names: Vec<_> = by_name.into_iter().filter(|(_, v)| v.len() > 1).collect();
        names.sort();
        let mut seen = std::collections::HashSet::new();
        for ((fam, key), members) in names {
            // Too many people of one name to tell apart by these facts.
            if members.len() > 12 {
                continue;
            }
            let common = key.iter().all(|w| crate::common::is_common(w));
            let facts = |ea: &Entity, eb: &Entity| {
                if fam == 0 {
                    same_person(ea, eb, common)
                } else {
                    same_organisation(ea, eb, &key)
                }
            };
            for (x, &(a, pa)) in members.iter().enumerate() {
                for &(b, pb) in &members[x + 1..] {
                    let (ea, eb) = (records[a].e, records[b].e);
                    // An alias on both sides ("Abou Abdellah", a nom de guerre many carry)
                    // is not the complete name of either.
                    if !(pa || pb) || ea.source.list == eb.source.list || !seen.insert((a, b)) {
                        continue;
                    }
                    if let Some(facts) = facts(ea, eb) {
                        candidates.push((
                            LinkKind::NameAndFacts,
                            a,
                            b,
                            format!(
                                "names \"{}\" / \"{}\", {facts}",
                                written(ea, &key),
                                written(eb, &key)
                            ),
                        ));
                    }
                }
            }
        }
        candidates.retain(|(kind, ..)| kinds.contains(kind));
        let (judged_links, apart, mut judged) = judge(&records, judgements);
        let mut sets = Sets {
            parent: (0..records.len()).collect(),
            apart,
            lists: records
                .iter()
                .map(|r| vec![r.e.source.list.as_str()])
                .collect(),
            years: records
                .iter()
                .map(|r| {
                    let y: Vec<(u16, u16)> = r.e.birth_dates.iter().map(DateSpec::years).collect();
                    if y.is_empty() {
                        Vec::new()
                    } else {
                        vec![y]
                    }
                })
                .collect(),
        };
        let mut made: Vec<Link> = Vec::new();
        let mut refused = Vec::new();
        // Analysts' links first: they outrank the lists' evidence.
        for (n, a, b, link) in judged_links {
            if sets.join(a, b, true) {
                made.push(link);
            } else {
                judged[n].status = "refused";
                judged[n].detail =
                    "it would join records another judgement keeps apart".to_string();
            }
        }
        for (kind, a, b, reason) in candidates {
            let link = Link {
                a: records[a].e.id.clone(),
                b: records[b].e.id.clone(),
                kind,
                reason,
            };
            if sets.root(a) == sets.root(b) {
                continue;
            }
            if sets.join(a, b, false) {
                made.push(link);
            } else {
                refused.push(link);
            }
        }
        // The parties, each with its members sorted and its id the first of them.
        let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..records.len() {
            let r = sets.root(i);
            by_root.entry(r).or_default().push(i);
        }
        let mut parties: Vec<Party> = by_root
            .into_values()
            .map(|members| {
                let mut ids: Vec<String> =
                    members.iter().map(|&i| records[i].e.id.clone()).collect();
                ids.sort();
                ids.dedup();
                let mut lists: Vec<String> = members
                    .iter()
                    .map(|&i| records[i].e.source.list.clone())
                    .collect();
                lists.sort();
                lists.dedup();
                Party {
                    id: ids[0].clone(),
                    members: ids,
                    lists,
                    links: Vec::new(),
                }
            })
            .collect();
        parties.sort_by(|a, b| a.id.cmp(&b.id));
        let mut by_member = FxHashMap::default();
        for (n, p) in parties.iter().enumerate() {
            for m in &p.members {
                by_member.insert(m.clone(), n);
            }
        }
        for l in made {
            if let Some(&n) = by_member.get(&l.a) {
                parties[n].links.push(l);
            }
        }
        Parties {
            parties,
            by_member,
            refused,
            judged,
        }
    }

    /// The party of a record, or the party of that id.
    pub fn get(&self, id: &str) -> Option<&Party> {
        self.by_member.get(id).map(|&n| &self.parties[n])
    }

    /// The links not made that touch a party's records (each would have joined two records
    /// of one list).
    pub fn refused_for<'a>(&'a self, p: &'a Party) -> impl Iterator<Item = &'a Link> + 'a {
        self.refused
            .iter()
            .filter(move |l| p.members.contains(&l.a) || p.members.contains(&l.b))
    }

    /// Every party, by id.
    pub fn iter(&self) -> impl Iterator<Item = &Party> {
        self.parties.iter()
    }

    /// How many parties there are.
    pub fn len(&self) -> usize {
        self.parties.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.parties.is_empty()
    }

    /// Counts: parties, by lists spanned, links by kind.
    pub fn stats(&self) -> PartyStats {
        let mut by_lists = BTreeMap::new();
        let mut links = BTreeMap::new();
        for p in &self.parties {
            let n = p.lists.len();
            let key = if n >= 4 {
                "4+".to_string()
            } else {
                n.to_string()
            };
            *by_lists.entry(key).or_insert(0) += 1;
            for l in &p.links {
                *links.entry(l.kind.as_str().to_string()).or_insert(0) += 1;
            }
        }
        PartyStats {
            records: self.by_member.len(),
            parties: self.parties.len(),
            by_lists,
            links,
            refused: self.refused.len(),
        }
    }
}

/// An analyst's link to make: (index of the judgement, record, record, link).
type JudgedLink = (usize, usize, usize, Link);

/// Reads analysts' judgements against the records: the links to make first, the pairs to
/// keep apart, and what became of each judgement.
fn judge(
    records: &[Facts],
    judgements: &[PartyJudgement],
) -> (Vec<JudgedLink>, Vec<(usize, usize)>, Vec<Judged>) {
    let mut at: FxHashMap<&str, usize> = FxHashMap::default();
    if !judgements.is_empty() {
        for (i, r) in records.iter().enumerate() {
            at.entry(r.e.id.as_str()).or_insert(i);
        }
    }
    // The latest judgement on each pair decides.
    let mut latest: FxHashMap<(&str, &str), usize> = FxHashMap::default();
    for (n, j) in judgements.iter().enumerate() {
        latest.insert(j.pair(), n);
    }
    let mut links = Vec::new();
    let mut apart = Vec::new();
    let mut judged = Vec::with_capacity(judgements.len());
    for (n, j) in judgements.iter().enumerate() {
        let mut status = "applied";
        let mut detail = String::new();
        let decides = latest[&j.pair()];
        if decides != n {
            status = "superseded";
            detail = format!(
                "judgement {} decides for these records",
                judgements[decides].id
            );
        } else {
            match (at.get(j.a.as_str()), at.get(j.b.as_str())) {
                (Some(&a), Some(&b)) => {
                    let (ea, eb) = (records[a].e, records[b].e);
                    if j.same && family(&ea.schema) != family(&eb.schema) {
                        status = "refused";
                        detail = format!(
                            "a {} and a {} are never one party",
                            ea.schema.name(),
                            eb.schema.name()
                        );
                    } else if j.same {
                        let day = j.at.get(..10).unwrap_or(&j.at);
                        links.push((
                            n,
                            a,
                            b,
                            Link {
                                a: j.a.clone(),
                                b: j.b.clone(),
                                kind: LinkKind::Analyst,
                                reason: format!("{} on {day}: {}", j.actor, j.reason),
                            },
                        ));
                    } else {
                        apart.push((a, b));
                    }
                }
                (a, _) => {
                    status = "not_listed";
                    let missing = if a.is_none() { &j.a } else { &j.b };
                    detail = format!("{missing} is not on the active lists");
                }
            }
        }
        judged.push(Judged {
            judgement: j.clone(),
            status,
            detail,
        });
    }
    (links, apart, judged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::Name;

    fn person(id: &str, list: &str, name: &str, dob: &str, nationality: &str) -> Entity {
        let mut e = Entity::new(id, Schema::Person);
        e.source.list = list.into();
        e.add_name(Name::new(name, NameKind::Primary));
        e.birth_dates.extend(DateSpec::parse_text(dob));
        if !nationality.is_empty() {
            e.nationalities.push(nationality.into());
        }
        e
    }

    fn linked(a: &Entity, b: &Entity) -> bool {
        let p = Parties::resolve(&[a.clone(), b.clone()]);
        p.get(&a.id).unwrap().members.contains(&b.id)
    }

    #[test]
    fn people_are_one_on_name_and_facts_and_apart_on_a_conflict() {
        let a = person("a", "l1", "Qusay Saddam Hussein AL-TIKRITI", "1966", "iq");
        // The same complete name in another order, an agreeing year and nationality.
        let b = person("b", "l2", "AL-TIKRITI, Qusay Saddam Hussein", "1966", "iq");
        assert!(linked(&a, &b));
        // Namesakes: born years apart.
        assert!(!linked(
            &a,
            &person("c", "l2", "Qusay Saddam Hussein AL-TIKRITI", "1975", "iq")
        ));
        // Another country.
        assert!(!linked(
            &a,
            &person("d", "l2", "Qusay Saddam Hussein AL-TIKRITI", "1966", "sy")
        ));
        // A family member: a name word differs (the father).
        assert!(!linked(
            &a,
            &person("e", "l2", "Saddam Hussein AL-TIKRITI", "1966", "iq")
        ));
        // No birth date: a name and a country are not enough.
        assert!(!linked(
            &a,
            &person("f", "l2", "Qusay Saddam Hussein AL-TIKRITI", "", "iq")
        ));
        // The same list: not joined.
        assert!(!linked(
            &a,
            &person("g", "l1", "Qusay Saddam Hussein AL-TIKRITI", "1966", "iq")
        ));
    }

    #[test]
    fn common_names_need_the_full_birth_date() {
        let a = person("a", "l1", "Li Wei", "12 Mar 1970", "cn");
        assert!(linked(
            &a,
            &person("b", "l2", "WEI, Li", "1970-03-12", "cn")
        ));
        assert!(!linked(&a, &person("c", "l2", "Li Wei", "1970", "cn")));
    }

    #[test]
    fn a_chain_does_not_join_people_born_years_apart() {
        // b gives both years; a and c agree with b but not with each other.
        let a = person("a", "l1", "Abu Zeid Abdelhamid", "1958", "dz");
        let mut b = person("b", "l2", "Abu Zeid Abdelhamid", "1958", "dz");
        b.birth_dates.extend(DateSpec::parse_text("1965"));
        let c = person("c", "l3", "Abu Zeid Abdelhamid", "1965", "dz");
        let p = Parties::resolve(&[a.clone(), b, c.clone()]);
        assert!(!p.get("a").unwrap().members.contains(&"c".to_string()));
        assert_eq!(p.refused.len(), 1);
    }

    fn company(id: &str, list: &str, name: &str, country: &str) -> Entity {
        let mut e = Entity::new(id, Schema::Organization);
        e.source.list = list.into();
        e.add_name(Name::new(name, NameKind::Primary));
        e.countries.push(country.into());
        e
    }

    #[test]
    fn a_firm_of_one_word_besides_its_legal_form_must_be_written_the_same() {
        // "RTC" and "RTK" fold alike: two firms, though the country agrees.
        let a = company("a", "l1", "Limited Liability Company \"RTC\"", "ru");
        let b = company("b", "l2", "LIMITED LIABILITY COMPANY RTK", "ru");
        assert!(!linked(&a, &b));
        // Written the same on both lists: one firm.
        let c = company("c", "l1", "LOGARCHEO S.A.", "ch");
        let d = company("d", "l2", "Logarcheo S.A.", "ch");
        assert!(linked(&c, &d));
        // Two words of its own fold alike enough.
        let e = company("e", "l1", "OOO Alfa Energo Kom", "ru");
        let f = company("f", "l2", "OOO ALFA ENERGO COM", "ru");
        assert!(linked(&e, &f));
    }
}
