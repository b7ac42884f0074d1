//! The review workflow of the alert store — claims, reason codes, four eyes, the queue and
//! each alert's audit trail — on SQLite and on PostgreSQL, through the store's API.

mod common;

use interdict_store::alerts::{DecisionInput, NewAlert, QueueFilter, QueueSort};
use interdict_store::{AlertError, AlertStore, Decision};

fn alert(record: &str, entity: &str, list: &str, score: f64) -> NewAlert {
    NewAlert {
        record_key: record.into(),
        record_name: format!("customer {record}"),
        record_fingerprint: format!("r-{record}"),
        entity_id: entity.into(),
        entity_caption: format!("listed {entity}"),
        entity_fingerprint: format!("e-{entity}"),
        list: list.into(),
        list_version: 1,
        score,
        explanation: "{}".into(),
        entity_schema: Some(
            if entity.starts_with("un-") {
                "Person"
            } else {
                "Company"
            }
            .into(),
        ),
        party_members: Vec::new(),
    }
}

fn sqlite(name: &str) -> (common::TempDir, AlertStore) {
    let dir = common::TempDir::new(&format!("review-{name}"));
    let store = AlertStore::open(&dir.join(format!("{name}.sqlite"))).unwrap();
    (dir, store)
}

fn input<'a>(
    decision: Decision,
    code: &'a str,
    reason: &'a str,
    actor: &'a str,
) -> DecisionInput<'a> {
    DecisionInput {
        decision,
        reason_code: Some(code),
        reason,
        actor,
    }
}

/// Claims, a proposal, a refused self-approval, an approval that makes the decision final
/// and suppresses the pair's next alert, a returned proposal, and the queue's view of each.
fn workflow(s: &mut AlertStore) {
    let run = s.begin_run("ana", "customers.csv", "lists", 0.66).unwrap();
    let ids: Vec<i64> = s
        .record(
            run,
            &[
                alert("c1", "ofac-1", "us_ofac_sdn", 0.95),
                alert("c2", "ofac-2", "us_ofac_sdn", 0.70),
                alert("c3", "un-3", "un_sc_sanctions", 0.80),
            ],
        )
        .unwrap()
        .iter()
        .map(|r| r.alert_id)
        .collect();
    let (a1, a2, a3) = (ids[0], ids[1], ids[2]);

    // Claims: one holder at a time.
    s.claim(a1, "ana", false).unwrap();
    let e = s.claim(a1, "bob", false).unwrap_err().to_string();
    assert!(e.contains("held by ana"), "{e}");
    assert_eq!(s.holder(a1).unwrap().as_deref(), Some("ana"));
    assert!(s.release(a1, "bob").is_err());
    // Only the holder decides it, through any door.
    let e = s
        .decide_coded(a1, &input(Decision::TrueMatch, "SAME_PARTY", "", "bob"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("held by ana"), "{e}");
    assert!(s
        .propose(a1, &input(Decision::TrueMatch, "SAME_PARTY", "", "bob"))
        .is_err());
    let page = s
        .queue(&QueueFilter {
            holder: Some("ana".into()),
            limit: 50,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.items.iter().map(|i| i.id).collect::<Vec<_>>(), [a1]);

    // Four eyes: ana proposes, ana may not approve, rita approves.
    let p = s
        .propose(
            a1,
            &input(
                Decision::FalsePositive,
                "DOB_MISMATCH",
                "born 1961, listed 1975",
                "ana",
            ),
        )
        .unwrap();
    assert!(s
        .propose(a1, &input(Decision::TrueMatch, "SAME_PERSON", "", "bob"))
        .is_err());
    assert!(matches!(
        s.approve(p.id, "ana"),
        Err(AlertError::OwnProposal(_))
    ));
    let (shown, decisions) = s.show(a1).unwrap();
    assert_eq!(shown.status, "pending");
    assert!(decisions.is_empty(), "a proposal is not a decision");
    let pending = s
        .queue(&QueueFilter {
            status: Some("pending".into()),
            limit: 50,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(pending.total, 1);
    let d = s.approve(p.id, "rita").unwrap();
    assert_eq!(d.user, "ana");
    assert_eq!(d.reason, "[DOB_MISMATCH] born 1961, listed 1975");
    assert!(
        s.approve(p.id, "bob").is_err(),
        "a proposal is reviewed once"
    );
    assert_eq!(s.show(a1).unwrap().0.status, "decided");

    // The approved false positive suppresses the same pair next run, as a direct one does.
    let run2 = s.begin_run("ana", "customers.csv", "lists", 0.66).unwrap();
    let again = s
        .record(run2, &[alert("c1", "ofac-1", "us_ofac_sdn", 0.95)])
        .unwrap();
    assert_eq!(again[0].suppressed_by, Some(d.id));

    // A returned proposal leaves the alert open.
    let p2 = s
        .propose(a2, &input(Decision::TrueMatch, "SAME_PERSON", "", "bob"))
        .unwrap();
    s.return_proposal(p2.id, "rita", "the birth dates differ")
        .unwrap();
    assert_eq!(s.show(a2).unwrap().0.status, "open");

    // Direct decision with a code (no four eyes).
    s.decide_coded(
        a3,
        &input(Decision::Escalate, "NEEDS_KYC", "ask the branch", "bob"),
    )
    .unwrap();

    // The queue: filters, sort, paging and the total.
    let all = s
        .queue(&QueueFilter {
            limit: 2,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(all.total, 4);
    assert_eq!(all.items.len(), 2);
    assert!(all.items[0].score >= all.items[1].score);
    let rest = s
        .queue(&QueueFilter {
            limit: 2,
            offset: 2,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(rest.items.len(), 2);
    let open_ofac = s
        .queue(&QueueFilter {
            status: Some("open".into()),
            list: Some("us_ofac_sdn".into()),
            sort: QueueSort::Oldest,
            limit: 50,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        open_ofac.items.iter().map(|i| i.id).collect::<Vec<_>>(),
        [a2]
    );
    // The review page's next and previous open alert: a2 is the only one open.
    assert_eq!(s.neighbour_open(a1, true).unwrap(), Some(a2));
    assert_eq!(s.neighbour_open(a3, false).unwrap(), Some(a2));
    assert_eq!(s.neighbour_open(a2, true).unwrap(), None);
    let suppressed = s
        .queue(&QueueFilter {
            status: Some("suppressed".into()),
            limit: 50,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(suppressed.total, 1);
    let high = s
        .queue(&QueueFilter {
            min_score: Some(0.75),
            max_score: Some(0.9),
            limit: 50,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(high.items.iter().map(|i| i.id).collect::<Vec<_>>(), [a3]);
    assert_eq!(s.alert_lists().unwrap(), ["un_sc_sanctions", "us_ofac_sdn"]);
    let people = s
        .queue(&QueueFilter {
            schemata: vec!["Person".into()],
            limit: 50,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(people.items.iter().map(|i| i.id).collect::<Vec<_>>(), [a3]);

    // Each alert's audit trail: claim, proposal, approval, decision — by whom.
    let trail: Vec<(String, String)> = s
        .audit_of_alert(a1)
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.actor))
        .collect();
    let expected = [
        ("claim", "ana"),
        ("proposal", "ana"),
        ("approval", "rita"),
        ("decision", "ana"),
    ];
    assert_eq!(
        trail,
        expected
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .to_vec()
    );
    // Nothing else's entries in it (alert 1 is a prefix of 10, 11…: not confused).
    assert!(s
        .audit_of_alert(a2)
        .unwrap()
        .iter()
        .all(|e| e.detail["alert"] == a2));

    // Review steps are append-only and chained with the rest.
    let report = s.integrity_check(&[]).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    assert!(report.heads.iter().any(|h| h.table == "reviews"));
    assert!(s
        .execute_raw("UPDATE reviews SET actor = 'mallory'")
        .is_err());
    assert!(s.execute_raw("DELETE FROM reviews").is_err());
}

#[test]
fn review_workflow_on_sqlite() {
    let (_dir, mut s) = sqlite("review");
    workflow(&mut s);
}

#[test]
fn review_workflow_on_postgres() {
    let Some(url) = common::postgres_database("review") else {
        return;
    };
    let mut s = AlertStore::open_postgres(&url).unwrap();
    workflow(&mut s);
}

#[test]
fn an_edited_review_step_breaks_the_chain() {
    let (dir, mut s) = sqlite("review-tamper");
    let run = s.begin_run("ana", "x.csv", "lists", 0.66).unwrap();
    let id = s
        .record(run, &[alert("c1", "ofac-1", "us_ofac_sdn", 0.9)])
        .unwrap()[0]
        .alert_id;
    s.claim(id, "ana", false).unwrap();
    drop(s);
    // Around the trigger, as a database owner could.
    let conn = rusqlite::Connection::open(dir.join("review-tamper.sqlite")).unwrap();
    conn.execute_batch("DROP TRIGGER reviews_no_update; UPDATE reviews SET actor = 'mallory';")
        .unwrap();
    drop(conn);
    let mut s = AlertStore::open(&dir.join("review-tamper.sqlite")).unwrap();
    let report = s.integrity_check(&[]).unwrap();
    assert!(
        report.problems.iter().any(|p| p.contains("reviews row")),
        "{:?}",
        report.problems
    );
}

#[test]
fn the_listed_schema_is_chained_where_present_and_old_rows_keep_their_hashes() {
    let (dir, mut s) = sqlite("schema-chain");
    let run = s.begin_run("ana", "x.csv", "lists", 0.66).unwrap();
    // As an earlier version wrote alerts: no schema.
    let mut old = alert("c1", "ofac-1", "us_ofac_sdn", 0.9);
    old.entity_schema = None;
    s.record(run, &[old, alert("c2", "ofac-2", "us_ofac_sdn", 0.8)])
        .unwrap();
    assert!(s.integrity_check(&[]).unwrap().is_ok());
    drop(s);
    // Clearing the schema a row was chained with is seen.
    let conn = rusqlite::Connection::open(dir.join("schema-chain.sqlite")).unwrap();
    conn.execute_batch(
        "DROP TRIGGER alerts_no_update; UPDATE alerts SET entity_schema = NULL WHERE record_key = 'c2';",
    )
    .unwrap();
    drop(conn);
    let mut s = AlertStore::open(&dir.join("schema-chain.sqlite")).unwrap();
    let report = s.integrity_check(&[]).unwrap();
    assert!(
        report.problems.iter().any(|p| p.contains("alerts row 2")),
        "{:?}",
        report.problems
    );
}
