//! Alerts from screening: every match recorded in the alert store, and a match an analyst
//! cleared as a false positive marked suppressed while neither the record nor the listed
//! entity has changed. Shared by `interdict screen --alerts` and `rescreen --alerts`; what
//! makes a record "the same record" is [`AlertReviewer::record_key`] and
//! [`record_fingerprint`].

use crate::Outcome;
use interdict_matcher::CandidateIndex;
use interdict_store::{AlertError, AlertStore};
use std::collections::HashMap;

/// Records every match as an alert and marks those an earlier false-positive decision
/// suppresses (same record, same listed entity — or another record of its party — neither
/// changed since).
pub struct AlertReviewer<'a> {
    store: AlertStore,
    run_id: i64,
    index: &'a CandidateIndex,
    versions: HashMap<String, u32>,
}

impl<'a> AlertReviewer<'a> {
    /// Begins a run in `store` (who screens, what input, against which list versions, at
    /// which threshold) whose matches this reviewer records.
    pub fn begin(
        mut store: AlertStore,
        user: &str,
        input: &str,
        threshold: f64,
        index: &'a CandidateIndex,
        versions: &HashMap<String, u32>,
    ) -> Result<AlertReviewer<'a>, AlertError> {
        let mut lists: Vec<String> = versions.iter().map(|(l, v)| format!("{l}@{v}")).collect();
        lists.sort();
        let run_id = store.begin_run(user, input, &lists.join(","), threshold)?;
        Ok(AlertReviewer {
            store,
            run_id,
            index,
            versions: versions.clone(),
        })
    }

    /// What identifies a record across runs: its own id, or without one what was screened.
    pub fn record_key(o: &Outcome) -> String {
        match &o.id {
            Some(id) => format!("id:{id}"),
            None => format!("name:{}|{}|{}", o.name, o.birth_date, o.country),
        }
    }
}

/// What a decision on a record holds for: the record as screened. Aliases and identifiers
/// count only when the record has them, so records without them keep the fingerprints that
/// earlier versions stored (and the decisions on them).
pub fn record_fingerprint(o: &Outcome) -> String {
    let mut v = serde_json::json!({
        "name": o.name, "schema": o.schema, "birthDate": o.birth_date, "country": o.country
    });
    if !o.aliases.is_empty() {
        v["alias"] = serde_json::json!(o.aliases);
    }
    if !o.identifiers.is_empty() {
        v["identifiers"] = serde_json::json!(o.identifiers);
    }
    interdict_store::alerts::fingerprint(&v)
}

/// The record as screened, as the alert keeps it beside the explanation, for the analyst
/// who reviews it (the workbench shows it beside the listed party).
fn record_fields(o: &Outcome) -> serde_json::Value {
    serde_json::json!({
        "id": o.id, "name": o.name, "schema": o.schema, "birthDate": o.birth_date,
        "country": o.country, "alias": o.aliases, "identifiers": o.identifiers,
        "line": o.line,
    })
}

/// The explanation as stored: the matcher's, with the screened record under `record`.
fn explanation_with_record(
    explanation: &interdict_matcher::MatchExplanation,
    record: &serde_json::Value,
) -> String {
    let mut v = serde_json::to_value(explanation).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert("record".into(), record.clone());
    }
    v.to_string()
}

impl crate::Reviewer for AlertReviewer<'_> {
    fn review(&mut self, outcomes: &mut [crate::Outcome]) -> Result<(), crate::ScreenError> {
        let mut batch = Vec::new();
        let mut places = Vec::new();
        for (i, o) in outcomes.iter().enumerate() {
            if o.status != crate::Status::Match {
                continue;
            }
            let record_fingerprint = record_fingerprint(o);
            let record = record_fields(o);
            for (j, h) in o.hits.iter().enumerate().filter(|(_, h)| h.is_match) {
                let Some(e) = self.index.entity(&h.entity_id) else {
                    continue;
                };
                batch.push(interdict_store::alerts::NewAlert {
                    record_key: Self::record_key(o),
                    record_name: o.name.clone(),
                    record_fingerprint: record_fingerprint.clone(),
                    entity_id: h.entity_id.clone(),
                    entity_caption: h.caption.clone(),
                    entity_fingerprint: interdict_store::diff::entity_fingerprint(e),
                    list: e.source.list.clone(),
                    list_version: self.versions.get(&e.source.list).copied().unwrap_or(0),
                    score: h.score,
                    explanation: explanation_with_record(&h.explanation, &record),
                    entity_schema: Some(e.schema.to_string()),
                    // Screening per party: a decision on any of its records covers it.
                    party_members: h
                        .referents
                        .iter()
                        .filter_map(|m| {
                            let e = self.index.entity(m)?;
                            Some((m.clone(), interdict_store::diff::entity_fingerprint(e)))
                        })
                        .collect(),
                });
                places.push((i, j));
            }
        }
        if batch.is_empty() {
            return Ok(());
        }
        let recorded =
            self.store
                .record(self.run_id, &batch)
                .map_err(|e| crate::ScreenError::Output {
                    file: "the alert store".into(),
                    message: e.to_string(),
                })?;
        for ((i, j), r) in places.into_iter().zip(recorded) {
            outcomes[i].hits[j].alert = Some(crate::AlertNote {
                id: r.alert_id,
                suppressed_by: r.suppressed_by,
            });
        }
        for o in outcomes.iter_mut() {
            // Re-screening: the gained alerts are copies of hits; give them their alerts.
            if let Some(c) = &mut o.changes {
                for (h, _) in &mut c.new {
                    h.alert = o
                        .hits
                        .iter()
                        .find(|x| x.entity_id == h.entity_id)
                        .and_then(|x| x.alert);
                }
            }
            let mut matches = o.hits.iter().filter(|h| h.is_match).peekable();
            if o.status == crate::Status::Match
                && matches.peek().is_some()
                && matches.all(|h| h.alert.is_some_and(|a| a.suppressed_by.is_some()))
            {
                o.status = crate::Status::Suppressed;
            }
        }
        Ok(())
    }
}
