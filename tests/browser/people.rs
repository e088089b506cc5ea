//! Browser tests of people outside the roster on the device (issue #20 item 1), in real
//! IndexedDB with no server: a person written down once is found again by NIK, or by name and
//! phone, before a second one is made; and two written down twice (two tracers offline) are
//! merged by the admin, their cases and contacts then naming the one kept.

use posko::pages::people::{find_again, merge, pairs_to_merge};
use posko::store::Store;
use posko_core::cases::{Case, CloseContact, OutsidePerson, OUTSIDE_PERSON};
use posko_core::same_person::{Match, PersonKeys};
use posko_core::sync::{SyncRecord, Value};
use wasm_bindgen_test::*;

/// A NIK that is a real one (a woman born 15 March 1985 in Kota Malang).
const NIK: &str = "3573015503850002";

fn person(id: &str, name: &str, nik: Option<&str>, phone: Option<&str>) -> OutsidePerson {
    OutsidePerson {
        id: id.into(),
        agency_id: "agency".into(),
        office_id: Some("office".into()),
        owner_id: None,
        parent_id: None,
        full_name: name.into(),
        nik: nik.map(Into::into),
        sex: None,
        birth_date: None,
        age: None,
        phone: phone.map(Into::into),
        address: None,
        kecamatan: Some("Klojen".into()),
        kelurahan: None,
        relative_of: None,
        relationship: None,
    }
}

async fn outside_people(store: &Store) -> Vec<OutsidePerson> {
    let held = store.all_of(OUTSIDE_PERSON.name).await.unwrap();
    held.iter()
        .map(|l| OutsidePerson::from_record(&l.record).unwrap())
        .collect()
}

async fn open(test: &str) -> Store {
    Store::open(&format!("posko-test-{test}-{}", uuid::Uuid::now_v7()))
        .await
        .unwrap()
}

#[wasm_bindgen_test]
async fn a_person_is_found_again_by_nik_or_by_name_and_phone_before_a_second_is_made() {
    let store = open("find-again").await;
    store
        .create(&person("p-1", "Siti Aminah", Some(NIK), None), "tracer")
        .await
        .unwrap();
    store
        .create(&person("p-2", "Budi Santoso", None, Some("081234567890")), "tracer")
        .await
        .unwrap();
    let wanted = |nik, name, phone| PersonKeys { nik, name, phone };
    #[rustfmt::skip]
    let cases: [(PersonKeys, Option<(&str, Match)>); 5] = [
        // the same NIK under another spelling of the name, and a phone the first had not
        (wanted(Some(NIK), "Hj. Siti A.", Some("0899")),          Some(("p-1", Match::Nik))),
        // no NIK: the name as people write it and the phone in another form
        (wanted(None, "Bapak Budi  Santoso", Some("+62 812-3456-7890")), Some(("p-2", Match::NameAndPhone))),
        // the same phone, another name: a family sharing one
        (wanted(None, "Ani Santoso", Some("081234567890")),      None),
        // another valid NIK: another person, whatever the name
        (wanted(Some("3573011503850001"), "Siti Aminah", None),  None),
        (wanted(None, "Siti Aminah", None),                      None),
    ];
    for (keys, expected) in cases {
        let found = find_again(&store, &keys).await.unwrap();
        assert_eq!(
            found.as_ref().map(|(p, how)| (p.id.as_str(), *how)),
            expected,
            "{keys:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn two_written_down_twice_are_merged_and_their_records_name_the_one_kept() {
    let store = open("merge").await;
    // Two tracers offline wrote down one woman: one with her NIK, one with her phone too.
    let first = person("p-1", "Siti Aminah", Some(NIK), None);
    let second = person("p-2", "Hj. Siti Aminah", Some(NIK), Some("081234567890"));
    let other = person("p-3", "Budi Santoso", None, Some("081111111111"));
    for p in [&first, &second, &other] {
        store.create(p, "tracer").await.unwrap();
    }
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let case = Case {
        outside_person: Some("p-2".into()),
        ..Case::suspect("case-1".into(), "agency".into(), Some("office".into()))
    };
    store.create(&case, "tracer").await.unwrap();
    let contact = CloseContact {
        id: "contact-1".into(),
        agency_id: "agency".into(),
        office_id: Some("office".into()),
        owner_id: None,
        parent_id: Some("case-0".into()),
        tracer: "tracer".into(),
        person: None,
        outside_person: Some("p-2".into()),
        category: "household".into(),
        relationship: None,
        listed_on: day,
        first_exposure: None,
        last_exposure: day,
        minutes: None,
        distance_cm: None,
        ppe: None,
        criteria: vec!["near".into()],
        follow_up: Vec::new(),
        became_case: None,
    };
    store.create(&contact, "tracer").await.unwrap();

    let held: Vec<OutsidePerson> = outside_people(&store).await;
    let pairs = pairs_to_merge(&held);
    assert_eq!(pairs.len(), 1, "only the two Sitis are one person");
    let (kept, gone, how) = &pairs[0];
    assert_eq!((kept.id.as_str(), gone.id.as_str(), *how), ("p-1", "p-2", Match::Nik));

    let moved = merge(&store, kept, gone, "admin").await.unwrap();
    assert_eq!(moved, 2, "the case and the contact");
    let held: Vec<OutsidePerson> = outside_people(&store).await;
    let ids: Vec<&str> = held.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["p-1", "p-3"], "the second Siti is gone");
    assert_eq!(
        held[0].phone.as_deref(),
        Some("081234567890"),
        "the phone only the second had is kept"
    );
    assert_eq!(held[0].full_name, "Siti Aminah", "what the first had stays");
    let named = Value::Text("p-1".into());
    assert_eq!(store.query_eq("case", "outside_person", &named).await.unwrap().len(), 1);
    assert_eq!(
        store
            .query_eq("close_contact", "outside_person", &named)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(store
        .query_eq("case", "outside_person", &Value::Text("p-2".into()))
        .await
        .unwrap()
        .is_empty());
    assert!(pairs_to_merge(&held).is_empty());
    // Merging the same two again (a tap twice) changes nothing more.
    assert_eq!(merge(&store, kept, gone, "admin").await.unwrap(), 0);
}
