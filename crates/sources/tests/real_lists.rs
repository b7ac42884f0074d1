//! Every parser on the real list files: entity counts equal what the files themselves state or
//! contain (counted here independently of the parser), and the drone-programme actors are
//! present with their aliases, identifiers and links.

mod common;

use common::{read, text};
use interdict_model::{IdKind, NameKind, Schema};
use interdict_sources::{parse_files, Format, ParsedList, SourceFile};
use std::collections::{BTreeSet, HashSet};

fn parse_one(files: &[&str]) -> ParsedList {
    let files: Vec<SourceFile> = files.iter().map(|f| read(f)).collect();
    let mut out = parse_files(&files, None, None).expect("parses");
    assert_eq!(out.len(), 1);
    out.pop().unwrap()
}

fn things(p: &ParsedList) -> usize {
    p.entities
        .iter()
        .filter(|e| e.schema.is_matchable())
        .count()
}

/// Rows of a headerless OFAC CSV file (Windows-1252), read with the csv crate directly.
fn ofac_rows(rel: &str) -> Vec<Vec<String>> {
    let bytes = std::fs::read(common::lists_dir().join(rel)).unwrap();
    let (t, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(t.as_bytes());
    r.records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .filter(|x: &Vec<String>| x.len() > 1)
        .collect()
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn ofac_sdn_csv_set_has_one_entity_per_sdn_row_and_reports_orphans() {
    let p = parse_one(&[
        "ofac_sdn/sdn.csv",
        "ofac_sdn/add.csv",
        "ofac_sdn/alt.csv",
        "ofac_sdn/sdn_comments.csv",
    ]);
    assert_eq!(p.list, "us_ofac_sdn");
    let rows = ofac_rows("ofac_sdn/sdn.csv");
    let expected: BTreeSet<String> = rows
        .iter()
        .map(|r| format!("ofac-{}", r[0].trim()))
        .collect();
    let got: BTreeSet<String> = p
        .entities
        .iter()
        .filter(|e| e.schema.is_matchable())
        .map(|e| e.id.clone())
        .collect();
    assert_eq!(got, expected);
    let individuals = rows.iter().filter(|r| r[2].trim() == "individual").count();
    assert_eq!(
        p.entities
            .iter()
            .filter(|e| e.schema == Schema::Person)
            .count(),
        individuals
    );
    // Orphans: add.csv ent_nums absent from sdn.csv, counted from the files.
    let ids: HashSet<String> = rows.iter().map(|r| r[0].trim().to_string()).collect();
    let add_orphans: HashSet<String> = ofac_rows("ofac_sdn/add.csv")
        .into_iter()
        .map(|r| r[0].trim().to_string())
        .filter(|id| !ids.contains(id))
        .collect();
    assert!(!add_orphans.is_empty());
    let w = p
        .warnings
        .iter()
        .find(|w| w.contains(" add row(s)"))
        .expect("add orphans reported");
    assert!(
        w.contains(&format!("name {} ent_num(s)", add_orphans.len())),
        "{w}"
    );
}

#[test]
fn ofac_2022_set_is_consistent_but_for_one_add_orphan() {
    let p = parse_one(&[
        "ofac_sdn_2022-01/sdn.csv",
        "ofac_sdn_2022-01/add.csv",
        "ofac_sdn_2022-01/alt.csv",
    ]);
    let rows = ofac_rows("ofac_sdn_2022-01/sdn.csv");
    assert_eq!(
        things(&p),
        rows.len(),
        "every row kept, even the repeated ent_num"
    );
    let distinct: HashSet<&str> = rows.iter().map(|r| r[0].trim()).collect();
    let repeats = rows.len() - distinct.len();
    assert_eq!(
        p.warnings
            .iter()
            .filter(|w| w.contains("appears twice"))
            .count(),
        repeats
    );
    let orphan_warnings: Vec<&String> = p
        .warnings
        .iter()
        .filter(|w| w.contains("not in the main file"))
        .collect();
    assert_eq!(orphan_warnings.len(), 1, "{orphan_warnings:?}");
    assert!(
        orphan_warnings[0].contains("add row(s) name 1 ent_num(s)"),
        "{}",
        orphan_warnings[0]
    );
    // Every alt.csv row became a name of its entity.
    let alts = ofac_rows("ofac_sdn_2022-01/alt.csv");
    let e = p
        .entities
        .iter()
        .find(|e| e.id == format!("ofac-{}", alts[0][0].trim()))
        .unwrap();
    assert!(e.names.iter().any(|n| n.value == alts[0][3].trim()));
}

#[test]
fn ofac_consolidated_in_three_formats_agrees() {
    let csv = parse_one(&[
        "ofac_non_sdn/cons_prim.csv",
        "ofac_non_sdn/cons_add.csv",
        "ofac_non_sdn/cons_alt.csv",
        "ofac_non_sdn/cons_comments.csv",
    ]);
    assert_eq!(csv.list, "us_ofac_cons");
    assert_eq!(things(&csv), ofac_rows("ofac_non_sdn/cons_prim.csv").len());

    let xml = parse_one(&["ofac_non_sdn/consolidated.xml"]);
    assert_eq!(xml.format, Format::OfacXml);
    let src = text("ofac_non_sdn/consolidated.xml");
    let declared: usize = src
        .split("<Record_Count>")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(xml.declared_count, Some(declared));
    assert_eq!(things(&xml), declared);
    assert_eq!(things(&xml), count(&src, "<sdnEntry>"));
    assert_eq!(xml.published.unwrap().to_string(), "2025-03-28");

    let enh = parse_one(&["ofac_non_sdn/CONS_ENHANCED.XML"]);
    let src = text("ofac_non_sdn/CONS_ENHANCED.XML");
    assert_eq!(things(&enh), count(&src, "<entity id="));
    let relations = enh
        .entities
        .iter()
        .filter(|e| e.schema.is_relation())
        .count();
    assert_eq!(relations, count(&src, "<relationship id="));
    let owned = count(&src, ">Owned or Controlled By</type>");
    assert_eq!(
        enh.entities
            .iter()
            .filter(|e| e.schema == Schema::Ownership)
            .count(),
        owned
    );
    let originals = enh
        .entities
        .iter()
        .flat_map(|e| &e.names)
        .filter(|n| n.kind == NameKind::OriginalScript)
        .count();
    assert!(
        originals > 0,
        "Cyrillic/Chinese translations kept as original-script names"
    );

    // The same uid gives the same id in every format.
    let ids = |p: &ParsedList| {
        p.entities
            .iter()
            .filter(|e| e.schema.is_matchable())
            .map(|e| e.id.clone())
            .collect::<HashSet<_>>()
    };
    let (a, b, c) = (ids(&csv), ids(&xml), ids(&enh));
    assert!(
        a.intersection(&b).count() * 10 >= b.len() * 9,
        "CSV and XML share most ids"
    );
    assert!(
        b.intersection(&c).count() * 10 >= c.len() * 9,
        "XML and enhanced XML share most ids"
    );
    let vtb_xml = xml.entities.iter().find(|e| e.id == "ofac-17013");
    let vtb_enh = enh.entities.iter().find(|e| e.id == "ofac-17013");
    if let (Some(x), Some(y)) = (vtb_xml, vtb_enh) {
        assert_eq!(x.caption(), y.caption());
    }
}

#[test]
fn un_list_counts_and_fields() {
    let p = parse_one(&["un/UN_consolidated.xml"]);
    let src = text("un/UN_consolidated.xml");
    assert_eq!(
        p.entities
            .iter()
            .filter(|e| e.schema == Schema::Person)
            .count(),
        count(&src, "<INDIVIDUAL>")
    );
    assert_eq!(
        p.entities
            .iter()
            .filter(|e| e.schema == Schema::Organization)
            .count(),
        count(&src, "<ENTITY>")
    );
    assert_eq!(p.published.unwrap().to_string(), "2026-02-27");
    let all_names: HashSet<&str> = p
        .entities
        .iter()
        .flat_map(|e| &e.names)
        .map(|n| n.value.as_str())
        .collect();
    let originals: Vec<&str> = src
        .split("<NAME_ORIGINAL_SCRIPT>")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().trim())
        .collect();
    assert!(originals.len() > 300);
    for o in originals {
        assert!(all_names.contains(o), "original-script name {o:?} kept");
    }
    let weak = p
        .entities
        .iter()
        .flat_map(|e| &e.names)
        .filter(|n| n.kind == NameKind::WeakAlias)
        .count();
    assert!(weak > 0 && weak <= count(&src, "<QUALITY>Low</QUALITY>"));
    let ranges = p
        .entities
        .iter()
        .flat_map(|e| &e.birth_dates)
        .filter(|d| d.until.is_some())
        .count();
    assert_eq!(ranges, count(&src, "<TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>"));
}

#[test]
fn eu_both_formats() {
    let p = parse_one(&["eu_fsf/eu_fsd_1_0_whole_excerpt_2016-02-11.xml"]);
    let src = text("eu_fsf/eu_fsd_1_0_whole_excerpt_2016-02-11.xml");
    assert_eq!(p.entities.len(), count(&src, "<ENTITY "));
    assert_eq!(
        p.entities
            .iter()
            .filter(|e| e.schema == Schema::Person)
            .count(),
        count(&src, "Type=\"P\"")
    );
    assert!(
        p.entities
            .iter()
            .any(|e| e.nationalities.contains(&"iq".to_string())),
        "ISO3 codes mapped"
    );

    let p = parse_one(&["eu_fsf/eu_fsf_1_1_excerpt_2026-08-05.xml"]);
    let src = text("eu_fsf/eu_fsf_1_1_excerpt_2026-08-05.xml");
    assert_eq!(p.entities.len(), count(&src, "<sanctionEntity "));
    let saddam = p.entities.iter().find(|e| e.id == "eu-13").unwrap();
    assert_eq!(saddam.caption(), "Saddam Hussein Al-Tikriti");
    assert!(p
        .entities
        .iter()
        .any(|e| e.names.iter().any(|n| n.value.contains("Организация"))));
    assert!(
        p.warnings.iter().any(|w| w.contains("eu-999999")),
        "nameless synthetic record reported"
    );
}

#[test]
fn uk_conlist_groups_rows_by_group_id() {
    for f in [
        "uk/sanctionsconlist_2018-04-13.csv",
        "uk/sanctionsconlist_2014-04-02.csv",
    ] {
        let p = parse_one(&[f]);
        let bytes = std::fs::read(common::lists_dir().join(f)).unwrap();
        let (t, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
        let body = t.split_once('\n').unwrap().1;
        let mut r = csv::Reader::from_reader(body.as_bytes());
        let gid = r
            .headers()
            .unwrap()
            .iter()
            .position(|h| h == "Group ID")
            .unwrap();
        let groups: HashSet<String> = r
            .records()
            .map(|x| x.unwrap()[gid].trim().to_string())
            .collect();
        assert_eq!(p.entities.len(), groups.len(), "{f}");
        assert!(p.entities.iter().all(|e| e
            .names
            .iter()
            .filter(|n| n.kind == NameKind::Primary)
            .count()
            >= 1));
    }
}

#[test]
fn uk_fcdo_xml_keeps_real_records_and_reports_the_id_less_one() {
    let p = parse_one(&["uk/UK-Sanctions-List_excerpt_2026-08-14.xml"]);
    let src = text("uk/UK-Sanctions-List_excerpt_2026-08-14.xml");
    assert_eq!(p.entities.len(), count(&src, "<UniqueID>"));
    assert_eq!(
        p.warnings.len(),
        count(&src, "<Designation>\n") - count(&src, "<UniqueID>")
    );
    let afg = p
        .entities
        .iter()
        .find(|e| e.id == "gb-fcdo-AFG0011")
        .unwrap();
    assert!(afg
        .identifiers
        .iter()
        .any(|i| i.kind == IdKind::Passport && i.value == "D0009720"));
    let dates: Vec<String> = afg.birth_dates.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        dates,
        vec!["1968", "1967-11-12"],
        "placeholder and duplicate DOBs handled"
    );
    let ship = p
        .entities
        .iter()
        .find(|e| e.schema == Schema::Vessel)
        .unwrap();
    assert!(ship
        .identifiers
        .iter()
        .any(|i| i.kind == IdKind::Imo && i.normalized() == "9562233"));
}

#[test]
fn csl_joins_rows_by_id() {
    for f in [
        "us_csl/consolidated.csv",
        "us_csl/consolidated_excerpt_2025.csv",
    ] {
        let p = parse_one(&[f]);
        let mut r = csv::Reader::from_path(common::lists_dir().join(f)).unwrap();
        let ids: HashSet<String> = r.records().map(|x| x.unwrap()[0].to_string()).collect();
        assert_eq!(p.entities.len(), ids.len(), "{f}");
    }
    let p = parse_one(&["us_csl/consolidated.csv"]);
    assert!(p
        .entities
        .iter()
        .any(|e| e.caption() == "QODS AVIATION INDUSTRIES"));
    // Older header generations without `_id` / `ids` columns parse too.
    for f in ["us_csl/csl_excerpt_2016.csv", "us_csl/csl_excerpt_2019.csv"] {
        assert!(things(&parse_one(&[f])) > 0, "{f}");
    }
}

#[test]
fn csl_names_leave_the_designation_clause_to_a_note() {
    // The State Department's nonproliferation rows append "and any successor, sub-unit, or
    // subsidiary thereof" to the party's name: the name is what comes before, the clause a
    // note. Which rows carry it is read from the file.
    let f = "us_csl/consolidated.csv";
    let p = parse_one(&[f]);
    let mut r = csv::Reader::from_path(common::lists_dir().join(f)).unwrap();
    let headers = r.headers().unwrap().clone();
    let at = |h: &str| headers.iter().position(|x| x == h).unwrap();
    let (id, name) = (at("_id"), at("name"));
    let rows: Vec<(String, String)> = r
        .records()
        .map(|x| x.unwrap())
        .filter(|x| x[name].to_lowercase().contains("and any successor"))
        .map(|x| (format!("csl-{}", &x[id]), x[name].to_string()))
        .collect();
    assert!(rows.len() >= 10, "{}", rows.len());
    for (id, written) in &rows {
        let e = p
            .entities
            .iter()
            .find(|e| &e.id == id)
            .expect("the row's entity");
        let cut = written[..written
            .to_ascii_lowercase()
            .find(" and any successor")
            .unwrap()]
            .trim_end_matches([',', ';', ' ']);
        assert!(
            e.names.iter().any(|n| n.value == cut),
            "{written}: {:?}",
            e.names
        );
        assert!(
            e.names.iter().all(|n| !n.value.contains("any successor")),
            "{written}: {:?}",
            e.names
        );
        assert!(
            e.notes
                .iter()
                .any(|n| n.starts_with("The designation reaches any successor")),
            "{written}: {:?}",
            e.notes
        );
    }
}

#[test]
fn bis_dpl_one_entity_per_distinct_row() {
    let p = parse_one(&["us_bis/dpl.txt"]);
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .from_path(common::lists_dir().join("us_bis/dpl.txt"))
        .unwrap();
    let keys: HashSet<(String, String, String, String)> = r
        .records()
        .map(|x| {
            let x = x.unwrap();
            (
                x[0].trim().to_uppercase(),
                x[1].trim().to_string(),
                x[2].trim().to_string(),
                x[6].trim().to_string(),
            )
        })
        .collect();
    assert_eq!(p.entities.len(), keys.len());
    // A row with no Country but a US state and ZIP code is in the United States; a row
    // that names its country keeps it.
    let countries = |name: &str| {
        p.entities
            .iter()
            .find(|e| e.caption() == name)
            .map(|e| e.countries.clone())
    };
    assert_eq!(countries("MANUEL MORALES"), Some(vec!["us".to_string()]));
    assert_eq!(
        countries("HECTOR MARIO DELGADO-LERMA"),
        Some(vec!["mx".to_string()])
    );
    assert!(
        p.published.unwrap().year < 2100,
        "the 2922 typo in Last_Update is not taken as the date"
    );
}

#[test]
fn ftm_entities_and_delta() {
    // OpenSanctions data (CC BY-NC 4.0) may not ship in the repository: read from the shared
    // collection beside it.
    let shared = |rel: &str| {
        interdict_testdata::shared(
            &format!("lists/opensanctions/{rel}"),
            "ftm_entities_and_delta",
        )
    };
    let (Some(zala), Some(delta)) = (
        shared("yente_zala/entities.ftm.json"),
        shared("entities.delta.json"),
    ) else {
        return;
    };
    let parse_path = |path: &std::path::Path| {
        let mut out =
            parse_files(&[SourceFile::read(path).expect("reads")], None, None).expect("parses");
        assert_eq!(out.len(), 1);
        out.pop().unwrap()
    };
    let p = parse_path(&zala);
    let src = std::fs::read_to_string(&zala).unwrap();
    assert_eq!(
        p.entities.len(),
        src.lines().filter(|l| !l.trim().is_empty()).count()
    );
    assert_eq!(p.list, "yente_zala");
    let own: Vec<_> = p
        .entities
        .iter()
        .filter(|e| e.schema == Schema::Ownership)
        .collect();
    assert_eq!(own.len(), count(&src, "\"schema\": \"Ownership\""));
    assert!(
        own.iter().all(|o| o.relation.is_some()),
        "ownership ends resolved"
    );
    assert_eq!(
        p.entities
            .iter()
            .filter(|e| e.schema == Schema::Directorship)
            .count(),
        count(&src, "\"schema\": \"Directorship\"")
    );

    let d = parse_path(&delta);
    let src = std::fs::read_to_string(&delta).unwrap();
    assert!(d.is_delta);
    assert_eq!(
        d.deletions.len(),
        count(&src, "\"op\":\"DEL\"") + count(&src, "\"op\": \"DEL\"")
    );
    assert_eq!(d.entities.len(), src.lines().count() - d.deletions.len());
}

#[test]
fn drone_programme_actors_are_present_with_aliases_ids_and_links() {
    let sdn = parse_one(&[
        "ofac_sdn/sdn.csv",
        "ofac_sdn/add.csv",
        "ofac_sdn/alt.csv",
        "ofac_sdn/sdn_comments.csv",
    ]);
    let un = parse_one(&["un/UN_consolidated.xml"]);
    let by_id = |p: &ParsedList, id: &str| p.entities.iter().find(|e| e.id == id).cloned();
    let mut r = csv::Reader::from_path(common::lists_dir().join("drone_program_hits.csv")).unwrap();
    let mut checked = 0;
    for row in r.records() {
        let row = row.unwrap();
        let (list, id, name, how) = (&row[0], &row[1], &row[2], &row[5]);
        let entity = match list {
            "US OFAC SDN" => by_id(&sdn, &format!("ofac-{id}")),
            "UN SC Consolidated" => {
                let dataid = id.split("DATAID ").nth(1).unwrap().trim_end_matches(')');
                by_id(&un, &format!("un-{dataid}"))
            }
            _ => continue, // EU/UK/BIS rows come from derived data not in the list files.
        };
        let e = entity.unwrap_or_else(|| panic!("{list} {id} {name} missing"));
        assert!(
            e.names.iter().any(|n| n.value.eq_ignore_ascii_case(name)),
            "{id}: {name:?} not among {:?}",
            e.names
        );
        if let Some(target) = how.strip_prefix("linked_to:") {
            let linked = sdn.entities.iter().any(|l| {
                l.relation.as_ref().is_some_and(|rel| {
                    rel.from == e.id
                        && by_id(&sdn, &rel.to)
                            .is_some_and(|t| t.names.iter().any(|n| n.value == target))
                })
            });
            assert!(linked, "{id} should be linked to {target}");
        }
        checked += 1;
    }
    assert_eq!(checked, 61);
    let alabuga = by_id(&sdn, "ofac-45708").unwrap();
    assert!(alabuga
        .names
        .iter()
        .any(|n| n.value == "AO OEZ PPT ALABUGA" && n.kind == NameKind::Alias));
    assert!(alabuga
        .identifiers
        .iter()
        .any(|i| i.kind == IdKind::TaxId && i.value == "1646019914"));
    assert!(alabuga
        .identifiers
        .iter()
        .any(|i| i.kind == IdKind::Registration && i.value == "1061674037259"));
    let linked: HashSet<String> = sdn
        .entities
        .iter()
        .filter_map(|l| l.relation.as_ref())
        .filter(|r| r.to == "ofac-45708")
        .map(|r| r.from.clone())
        .collect();
    assert!(
        linked.contains("ofac-45710"),
        "Timur Shagivaleev is Linked To Alabuga"
    );
    let timur = by_id(&sdn, "ofac-45710").unwrap();
    assert_eq!(timur.birth_dates[0].to_string(), "1978-01-28");
    assert_eq!(timur.nationalities, vec!["ru"]);
    assert!(timur
        .identifiers
        .iter()
        .any(|i| i.kind == IdKind::Passport && i.value == "753129173"));
}

#[test]
fn historic_states_and_occupied_territories_are_read_as_ftm_countries_not_notes() {
    // The UK list writes "USSR (until 1991)" as a nationality; OFAC "Region: Crimea" as an
    // address country. Both are FtM countries (suhh, ua-cri) in OpenSanctions' territory table.
    let f = "uk/sanctionsconlist_2018-04-13.csv";
    let p = parse_one(&[f]);
    let bytes = std::fs::read(common::lists_dir().join(f)).unwrap();
    let (t, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    let body = t.split_once('\n').unwrap().1;
    let mut r = csv::Reader::from_reader(body.as_bytes());
    let h = r.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let (nat, gid) = (col("Nationality"), col("Group ID"));
    let soviet: HashSet<String> = r
        .records()
        .map(|x| x.unwrap())
        .filter(|x| x[nat].contains("USSR"))
        .map(|x| format!("gb-hmt-{}", x[gid].trim()))
        .collect();
    assert!(!soviet.is_empty(), "the file has USSR nationalities");
    for id in &soviet {
        let e = p.entities.iter().find(|e| &e.id == id).expect(id);
        assert!(
            e.nationalities.iter().any(|c| c == "suhh"),
            "{id}: {:?}",
            e.nationalities
        );
        assert!(
            !e.notes.iter().any(|n| n.contains("USSR")),
            "{id}: kept as a note"
        );
    }

    let p = parse_one(&[
        "ofac_sdn/sdn.csv",
        "ofac_sdn/add.csv",
        "ofac_sdn/alt.csv",
        "ofac_sdn/sdn_comments.csv",
    ]);
    let crimea: HashSet<String> = ofac_rows("ofac_sdn/add.csv")
        .iter()
        .filter(|r| r.get(4).is_some_and(|c| c.trim() == "Region: Crimea"))
        .map(|r| format!("ofac-{}", r[0].trim()))
        .collect();
    assert!(!crimea.is_empty(), "add.csv has Crimean addresses");
    for id in &crimea {
        let e = p.entities.iter().find(|e| &e.id == id).expect(id);
        assert!(
            e.countries.iter().any(|c| c == "ua-cri"),
            "{id}: {:?}",
            e.countries
        );
    }
}
