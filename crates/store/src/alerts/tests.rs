//! Unit tests of `alerts`.

use super::*;
use std::path::PathBuf;

fn alert(record: &str, rfp: &str, entity: &str, efp: &str) -> NewAlert {
    NewAlert {
        record_key: record.into(),
        record_name: "Timur Shagivaleev".into(),
        record_fingerprint: rfp.into(),
        entity_id: entity.into(),
        entity_caption: "SHAGIVALEEV, Timur Nailevich".into(),
        entity_fingerprint: efp.into(),
        list: "us_ofac_sdn".into(),
        list_version: 1,
        score: 0.9,
        explanation: "{}".into(),
        entity_schema: None,
        party_members: Vec::new(),
    }
}

fn db(name: &str) -> (PathBuf, AlertStore) {
    let p = std::env::temp_dir().join(format!(
        "interdict-alerts-{name}-{}.sqlite",
        std::process::id()
    ));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", p.display()));
    }
    let s = AlertStore::open(&p).unwrap();
    (p, s)
}

#[test]
fn a_false_positive_suppresses_the_pair_until_either_side_changes() {
    let (_p, mut s) = db("suppress");
    let run = s
        .begin_run("analyst", "customers.csv", "us_ofac_sdn@1", 0.66)
        .unwrap();
    let r = s.record(run, &[alert("c1", "r1", "ofac-1", "e1")]).unwrap();
    assert_eq!(r[0].suppressed_by, None);
    let d = s
        .decide(
            r[0].alert_id,
            Decision::FalsePositive,
            "different DOB",
            "ana",
        )
        .unwrap();
    let run2 = s
        .begin_run("analyst", "customers.csv", "us_ofac_sdn@1", 0.66)
        .unwrap();
    let r2 = s
        .record(
            run2,
            &[
                alert("c1", "r1", "ofac-1", "e1"),
                alert("c1", "r2", "ofac-1", "e1"),
                alert("c1", "r1", "ofac-1", "e2"),
                alert("c2", "r1", "ofac-1", "e1"),
            ],
        )
        .unwrap();
    assert_eq!(r2[0].suppressed_by, Some(d.id));
    assert_eq!(r2[1].suppressed_by, None, "the record changed");
    assert_eq!(r2[2].suppressed_by, None, "the listed entity changed");
    assert_eq!(r2[3].suppressed_by, None, "another record");
    // A later true-match decision on the pair ends the suppression.
    s.decide(
        r2[0].alert_id,
        Decision::TrueMatch,
        "confirmed by passport",
        "bob",
    )
    .unwrap();
    let run3 = s
        .begin_run("analyst", "customers.csv", "us_ofac_sdn@1", 0.66)
        .unwrap();
    let r3 = s
        .record(run3, &[alert("c1", "r1", "ofac-1", "e1")])
        .unwrap();
    assert_eq!(r3[0].suppressed_by, None);
    let (a, ds) = s.show(r2[0].alert_id).unwrap();
    assert_eq!(a.status, "decided");
    assert_eq!(ds.len(), 1);
    // Decided: the first alert and the suppressed one decided later; open: the rest.
    assert_eq!(s.list(Some("decided"), 10).unwrap().len(), 2);
    assert_eq!(s.list(Some("open"), 10).unwrap().len(), 4);
    assert_eq!(s.list(None, 3).unwrap().len(), 3);
}

#[test]
fn the_audit_log_and_decisions_cannot_be_rewritten() {
    let (_p, mut s) = db("audit");
    let run = s.begin_run("ana", "x.csv", "l@1", 0.7).unwrap();
    let r = s.record(run, &[alert("c1", "r1", "ofac-1", "e1")]).unwrap();
    s.decide(r[0].alert_id, Decision::Escalate, "unsure", "ana")
        .unwrap();
    assert!(s.execute_raw("UPDATE audit SET actor = 'eve'").is_err());
    assert!(s.execute_raw("DELETE FROM audit").is_err());
    assert!(s.execute_raw("UPDATE decisions SET reason = 'x'").is_err());
    assert!(s.execute_raw("DELETE FROM decisions").is_err());
    let log = s.audit().unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[1].action, "decision");
    assert!(matches!(
        s.decide(999, Decision::Escalate, "x", "ana"),
        Err(AlertError::NoAlert(999))
    ));
    assert!(matches!(
        s.decide(r[0].alert_id, Decision::Escalate, " ", "ana"),
        Err(AlertError::NoReason)
    ));
    assert!(Decision::parse("maybe").is_err());
    assert_eq!(
        Decision::parse("false-positive").unwrap(),
        Decision::FalsePositive
    );
    assert!(s.integrity_check(&[]).unwrap().is_ok());
}

#[test]
fn a_decision_on_one_record_of_a_party_covers_its_others() {
    let (_p, mut s) = db("party");
    let run = s
        .begin_run("analyst", "customers.csv", "un@1,gb@1", 0.66)
        .unwrap();
    // Screened per record: the customer alerted on the UK record; the analyst clears it.
    let r = s.record(run, &[alert("c1", "r1", "gb-1", "g1")]).unwrap();
    let d = s
        .decide(r[0].alert_id, Decision::FalsePositive, "another man", "ana")
        .unwrap();
    // Screened per party: the UN record now stands for the party, the UK one among its
    // members: the decision covers it — while the UK record is as it was decided.
    let run2 = s
        .begin_run("analyst", "customers.csv", "un@1,gb@1", 0.66)
        .unwrap();
    let mut by_party = alert("c1", "r1", "un-1", "u1");
    by_party.party_members = vec![("gb-1".into(), "g1".into())];
    let mut changed = alert("c1", "r1", "un-1", "u1");
    changed.party_members = vec![("gb-1".into(), "g2".into())];
    let mut other_record = alert("c1", "r2", "un-1", "u1");
    other_record.party_members = vec![("gb-1".into(), "g1".into())];
    let r2 = s
        .record(
            run2,
            &[
                by_party,
                changed,
                other_record,
                alert("c1", "r1", "un-1", "u1"),
            ],
        )
        .unwrap();
    assert_eq!(r2[0].suppressed_by, Some(d.id));
    assert_eq!(r2[1].suppressed_by, None, "the decided record changed");
    assert_eq!(r2[2].suppressed_by, None, "the customer's record changed");
    assert_eq!(r2[3].suppressed_by, None, "not of that party");
}
