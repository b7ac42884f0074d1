//! Unit tests of `query`.

use super::*;

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

#[test]
fn detects_common_headers_and_applies_overrides() {
    let h = s(&[
        "Customer ID",
        "First Name",
        "Last Name",
        "DOB",
        "Ctry",
        "Passport No",
    ]);
    let m = Mapping::detect(&h, &[]).unwrap();
    assert_eq!(
        m.describe(),
        "id=Customer ID, first_name=First Name, last_name=Last Name, birth_date=DOB, \
         country=Ctry, passport=Passport No"
    );
    let h = s(&["Counterparty", "Registered In"]);
    assert!(Mapping::detect(&h, &[])
        .unwrap_err()
        .contains("--map name=HEADER"));
    let m = Mapping::detect(&h, &s(&["name=Counterparty", "country=Registered In"])).unwrap();
    assert_eq!(m.describe(), "name=Counterparty, country=Registered In");
    assert!(Mapping::detect(&h, &s(&["nam=Counterparty"]))
        .unwrap_err()
        .contains("unknown field"));
    assert!(Mapping::detect(&h, &s(&["name=Nope"]))
        .unwrap_err()
        .contains("no column \"Nope\""));
}

#[test]
fn rows_become_queries_with_field_problems_kept_aside() {
    let h = s(&["id", "first_name", "last_name", "dob", "country"]);
    let m = Mapping::detect(&h, &[]).unwrap();
    let q = query_from_row(
        &m,
        &s(&["c1", "Timur", "Shagivaleev", "28/01/1978", "Russia"]),
        &Schema::LegalEntity,
        DateOrder::Strict,
    )
    .unwrap();
    assert_eq!(q.id.as_deref(), Some("c1"));
    assert_eq!(q.entity.schema, Schema::Person);
    assert_eq!(q.entity.names[0].value, "Timur Shagivaleev");
    assert_eq!(q.entity.birth_dates[0].date.to_string(), "1978-01-28");
    assert_eq!(q.entity.countries, vec!["ru".to_string()]);
    let q = query_from_row(
        &m,
        &s(&["c2", "A", "B", "03/04/1975", "Atlantis"]),
        &Schema::LegalEntity,
        DateOrder::Strict,
    )
    .unwrap();
    assert_eq!(q.problems.len(), 2);
    assert_eq!(q.problems[0].field.as_deref(), Some("dob"));
    assert!(q.problems[0].message.contains("ambiguous"));
    assert!(q.entity.birth_dates.is_empty());
    let e = query_from_row(
        &m,
        &s(&["c3", "", " ", "1970", "ru"]),
        &Schema::LegalEntity,
        DateOrder::Strict,
    )
    .unwrap_err();
    assert!(e.message.starts_with("no name"));
}

#[test]
fn dates_in_customer_forms() {
    let d = |v, o| parse_date(v, o).map(|d| d.date.to_string());
    assert_eq!(d("1978-01-28", DateOrder::Strict).unwrap(), "1978-01-28");
    assert_eq!(d("28.01.1978", DateOrder::Strict).unwrap(), "1978-01-28");
    assert_eq!(d("01/28/1978", DateOrder::Strict).unwrap(), "1978-01-28");
    assert_eq!(d("03/04/1975", DateOrder::DayFirst).unwrap(), "1975-04-03");
    assert_eq!(
        d("03/04/1975", DateOrder::MonthFirst).unwrap(),
        "1975-03-04"
    );
    assert_eq!(d("28 Jan 1978", DateOrder::Strict).unwrap(), "1978-01-28");
    assert!(d("31/02/1978", DateOrder::DayFirst).is_err());
    assert!(d("yesterday", DateOrder::Strict).is_err());
}

#[test]
fn json_in_ftm_and_flat_shapes() {
    let none = Mapping::default();
    let q = query_from_json(
        r#"{"id": "q1", "schema": "Person", "properties": {"name": ["Ali Khan"], "birthDate": ["1970"], "nationality": ["pk"], "passportNumber": ["AB123456"]}}"#,
        &none,
        &Schema::LegalEntity,
        DateOrder::Strict,
    )
    .unwrap();
    assert_eq!(q.id.as_deref(), Some("q1"));
    assert_eq!(q.entity.schema, Schema::Person);
    assert_eq!(q.entity.identifiers.len(), 1);
    let q = query_from_json(
        r#"{"customer_id": 17, "full_name": "ZALA Aero", "country": "Russia"}"#,
        &none,
        &Schema::Company,
        DateOrder::Strict,
    )
    .unwrap();
    assert_eq!(q.id.as_deref(), Some("17"));
    assert_eq!(q.entity.schema, Schema::Company);
    let bad =
        |t: &str| query_from_json(t, &none, &Schema::LegalEntity, DateOrder::Strict).unwrap_err();
    assert!(bad("{not json").message.starts_with("not valid JSON"));
    assert_eq!(
        bad(r#"{"schema": "Ownership", "properties": {"name": ["x"]}}"#)
            .field
            .as_deref(),
        Some("schema")
    );
    assert_eq!(
        bad(r#"{"properties": {"name": [{"a": 1}]}}"#)
            .field
            .as_deref(),
        Some("properties.name[0]")
    );
    assert!(bad(r#"{"properties": {"name": []}}"#)
        .message
        .starts_with("no name"));
}
