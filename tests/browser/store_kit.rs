//! Browser tests of the record kit on the device, in real IndexedDB (headless Chromium): the
//! declared indexes answer queries (cases by status, contacts by date, a case's children)
//! reading only what they return, for saved and for pulled records, leave deleted records out,
//! and hold after an upgrade from the version before the kit.

use chrono::{DateTime, NaiveDate};
use posko::store::{schema, Store};
use posko_core::kinds::fixtures::{FixtureCase, FixtureContact};
use posko_core::kit::Indexes;
use posko_core::sync::{Record, Stamp, SyncRecord, Value};
use rexie::TransactionMode;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

fn unique_db(test: &str) -> String {
    format!("posko-test-{test}-{}", uuid::Uuid::now_v7())
}

fn case(id: &str, status: &str) -> FixtureCase {
    FixtureCase {
        id: id.into(),
        agency_id: "agency".into(),
        office_id: Some("office".into()),
        owner_id: None,
        parent_id: None,
        name: format!("Case {id}"),
        status: status.into(),
        symptoms: vec!["fever".into()],
        onset: None,
        reported_at: DateTime::from_timestamp_millis(1_600_000_000_000).unwrap(),
        isolated: false,
        temperature: None,
    }
}

fn contact(id: &str, case_id: &str, day: u32) -> FixtureContact {
    FixtureContact {
        id: id.into(),
        agency_id: "agency".into(),
        office_id: Some("office".into()),
        owner_id: None,
        parent_id: Some(case_id.into()),
        name: format!("Contact {id}"),
        last_contact: NaiveDate::from_ymd_opt(2020, 9, day).unwrap(),
        exposures: vec!["office".into()],
        became_case: None,
    }
}

fn ids(found: &[posko::store::LocalRecord]) -> Vec<&str> {
    let mut ids: Vec<&str> = found.iter().map(|l| l.record.id.as_str()).collect();
    ids.sort();
    ids
}

fn text(s: &str) -> Value {
    Value::Text(s.into())
}

#[wasm_bindgen_test]
async fn declared_indexes_answer_queries_and_list_children() {
    let store = Store::open_with(&unique_db("kit-query"), Indexes::with_fixtures())
        .await
        .unwrap();
    for (id, status) in [("c1", "suspect"), ("c2", "confirmed"), ("c3", "confirmed")] {
        store.save(&case(id, status), "officer").await.unwrap();
    }
    for (id, parent, day) in [("k1", "c2", 10), ("k2", "c2", 12), ("k3", "c3", 20)] {
        store.save(&contact(id, parent, day), "officer").await.unwrap();
    }

    let confirmed = store
        .query_eq("fixture_case", "status", &text("confirmed"))
        .await
        .unwrap();
    assert_eq!(ids(&confirmed), ["c2", "c3"]);
    let typed = store
        .query_typed::<FixtureCase>("status", &text("suspect"), &text("suspect"))
        .await
        .unwrap();
    assert_eq!(
        typed.iter().map(|t| t.value.clone()).collect::<Vec<_>>(),
        [case("c1", "suspect")]
    );
    // A date range: contacts last seen from the 11th to the 20th.
    let due = store
        .query(
            "fixture_contact",
            "last_contact",
            &text("2020-09-11"),
            &text("2020-09-20"),
        )
        .await
        .unwrap();
    assert_eq!(ids(&due), ["k2", "k3"]);
    let parent = store.record("c2").await.unwrap().unwrap().record;
    assert_eq!(ids(&store.children(&parent).await.unwrap()), ["k1", "k2"]);
    // Every record of a kind, whatever its fields (what the generic list shows).
    assert_eq!(ids(&store.all_of("fixture_case").await.unwrap()), ["c1", "c2", "c3"]);
    assert_eq!(ids(&store.all_of("fixture_contact").await.unwrap()), ["k1", "k2", "k3"]);

    // An edit moves a record between answers; a deleted record is in none.
    store.save(&case("c3", "discarded"), "officer").await.unwrap();
    assert_eq!(
        ids(&store
            .query_eq("fixture_case", "status", &text("confirmed"))
            .await
            .unwrap()),
        ["c2"]
    );
    let mut gone = store.record("k1").await.unwrap().unwrap().record;
    gone.deleted = Some(Stamp::new(u64::MAX >> 20, 0, "other"));
    let page = js_sys::Array::of1(&posko::js_codec::ToJs::to_js(&gone));
    store.apply_pull(&page, "cursor", 1, "").await.unwrap();
    assert_eq!(ids(&store.children(&parent).await.unwrap()), ["k2"]);
    assert_eq!(ids(&store.all_of("fixture_contact").await.unwrap()), ["k2", "k3"]);
}

#[wasm_bindgen_test]
async fn pulled_records_are_indexed_as_they_arrive() {
    let store = Store::open_with(&unique_db("kit-pull"), Indexes::with_fixtures())
        .await
        .unwrap();
    let stamp = Stamp::new(1_600_000_000_000, 0, "server-side");
    let page: js_sys::Array = [case("p1", "probable"), case("p2", "suspect")]
        .iter()
        .map(|c| posko::js_codec::ToJs::to_js(&c.to_new_record(&stamp)))
        .collect();
    store.apply_pull(&page, "cursor", 2, "").await.unwrap();
    let probable = store
        .query_eq("fixture_case", "status", &text("probable"))
        .await
        .unwrap();
    assert_eq!(ids(&probable), ["p1"]);
    assert_eq!(probable[0].sync, posko::store::SyncState::Synced);
    // Boolean and envelope keys: `isolated` is not indexed, `owner_id` always is.
    assert!(store
        .query_eq("fixture_case", "isolated", &Value::Bool(false))
        .await
        .unwrap()
        .is_empty());
}

/// Writes `records` as rows `{id, record}` into a database opened with an older `layout`, as
/// that version of the app left them, and closes it.
async fn put_raw(layout: rexie::RexieBuilder, records: &[Record]) {
    let db = layout.build().await.unwrap();
    let tx = db.transaction(&[schema::RECORDS], TransactionMode::ReadWrite).unwrap();
    let rows = tx.store(schema::RECORDS).unwrap();
    for record in records {
        let row = js_sys::Object::new();
        js_sys::Reflect::set(&row, &"id".into(), &record.id.as_str().into()).unwrap();
        js_sys::Reflect::set(&row, &"record".into(), &posko::js_codec::ToJs::to_js(record)).unwrap();
        rows.put(&row.into(), None).await.unwrap();
    }
    tx.done().await.unwrap();
    db.close();
}

#[wasm_bindgen_test]
async fn records_stored_before_the_kit_are_indexed_on_upgrade() {
    let name = unique_db("kit-upgrade");
    let stamp = Stamp::new(1_600_000_000_000, 0, "old-device");
    put_raw(
        schema::version_4(&name),
        &[
            case("old-case", "confirmed").to_new_record(&stamp),
            contact("old-contact", "old-case", 5).to_new_record(&stamp),
        ],
    )
    .await;
    let store = Store::open_with(&name, Indexes::with_fixtures()).await.unwrap();
    assert_eq!(
        ids(&store
            .query_eq("fixture_case", "status", &text("confirmed"))
            .await
            .unwrap()),
        ["old-case"]
    );
    let parent: Record = store.record("old-case").await.unwrap().unwrap().record;
    assert_eq!(ids(&store.children(&parent).await.unwrap()), ["old-contact"]);
    store.close();
    // Reopened with the same kinds, nothing is indexed again, and the answers hold.
    let store = Store::open_with(&name, Indexes::with_fixtures()).await.unwrap();
    assert_eq!(
        ids(&store
            .query_eq("fixture_contact", "parent_id", &text("old-case"))
            .await
            .unwrap()),
        ["old-contact"]
    );
}

/// The sync engine listens to the store: every local change is announced once it is committed,
/// and the sync engine's own writes (a pulled page) are not.
#[wasm_bindgen_test]
async fn every_local_change_is_announced_and_sync_writes_are_not() {
    use std::cell::Cell;
    use std::rc::Rc;

    let store = Store::open_with(&unique_db("kit-announce"), Indexes::with_fixtures())
        .await
        .unwrap();
    let told = Rc::new(Cell::new(0));
    let counter = told.clone();
    store.on_local_change(move || counter.set(counter.get() + 1));
    store.create(&case("a1", "suspect"), "officer").await.unwrap();
    assert_eq!(told.get(), 1, "a new record");
    store.save(&case("a1", "confirmed"), "officer").await.unwrap();
    assert_eq!(told.get(), 2, "an edit");
    store.save(&case("a1", "confirmed"), "officer").await.unwrap();
    assert_eq!(told.get(), 2, "a save that changed nothing is no change");
    let stamp = Stamp::new(1_600_000_000_000, 0, "server-side");
    let page = js_sys::Array::of1(&posko::js_codec::ToJs::to_js(
        &case("p1", "probable").to_new_record(&stamp),
    ));
    store.apply_pull(&page, "cursor", 1, "").await.unwrap();
    assert_eq!(told.get(), 2, "a pulled page is the sync engine's own write");
}

fn photo(seed: u8) -> posko::store::Photo {
    let bytes = js_sys::Uint8Array::from(&[seed; 32][..]);
    let parts = js_sys::Array::of1(&bytes);
    posko::store::Photo {
        sha256: format!("{seed:02x}").repeat(32),
        content_type: "image/jpeg".into(),
        blob: web_sys::Blob::new_with_u8_array_sequence(&parts).unwrap(),
    }
}

/// Photos are kept with the record that names them, in the same transaction, listed as unsent
/// (with their record) until the server has them; their bytes stay readable on the device.
#[wasm_bindgen_test]
async fn photos_are_kept_with_their_record_and_listed_until_sent() {
    let store = Store::open_with(&unique_db("kit-photos"), Indexes::with_fixtures())
        .await
        .unwrap();
    let list = Record::new(
        "fixture_checklist",
        "list-1".into(),
        "agency".into(),
        Some("office".into()),
        None,
    );
    let (a, b) = (photo(0xa1), photo(0xb2));
    let values = vec![
        ("date".to_owned(), text("2020-09-14")),
        (format!("photos.{}", a.sha256), Value::Bool(true)),
        (format!("photos.{}", b.sha256), Value::Bool(true)),
    ];
    assert!(store
        .save_values(list, &values, &[a.clone(), b.clone()], "officer")
        .await
        .unwrap());

    let unsent = store.unsent_photos().await.unwrap();
    let mut names: Vec<_> = unsent
        .iter()
        .map(|p| (p.photo.sha256.clone(), p.record_id.clone()))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            (a.sha256.clone(), "list-1".to_owned()),
            (b.sha256.clone(), "list-1".to_owned())
        ]
    );
    // The bytes themselves are kept, as the upload will send them.
    assert!(unsent.iter().all(|p| p.photo.blob.size() == 32.0));

    store.mark_photo_sent(&a.sha256).await.unwrap();
    let unsent: Vec<_> = store
        .unsent_photos()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.photo.sha256)
        .collect();
    assert_eq!(unsent, std::slice::from_ref(&b.sha256));
    let record = store.record("list-1").await.unwrap().unwrap().record;
    assert_eq!(record.get(&format!("photos.{}", a.sha256)), Some(&Value::Bool(true)));
}

/// A device on schema version 5 (before photos) keeps its records and gains the photo store.
#[wasm_bindgen_test]
async fn upgrade_from_version_5_keeps_records_and_adds_photos() {
    let name = unique_db("kit-upgrade-5");
    let stamp = Stamp::new(1_600_000_000_000, 0, "old-device");
    put_raw(
        schema::version_5(&name),
        &[case("kept-case", "confirmed").to_new_record(&stamp)],
    )
    .await;
    let store = Store::open_with(&name, Indexes::with_fixtures()).await.unwrap();
    assert_eq!(ids(&store.all_of("fixture_case").await.unwrap()), ["kept-case"]);
    assert!(store.unsent_photos().await.unwrap().is_empty());
    let list = Record::new(
        "fixture_checklist",
        "after".into(),
        "agency".into(),
        Some("office".into()),
        None,
    );
    let p = photo(0xc3);
    let values = vec![(format!("photos.{}", p.sha256), Value::Bool(true))];
    store.save_values(list, &values, &[p], "officer").await.unwrap();
    assert_eq!(store.unsent_photos().await.unwrap().len(), 1);
}

/// A screening as pulled: `alert_raised` (a declared boolean index) and `date` set as given,
/// every field stamped `stamp`.
fn pulled_screening(id: &str, alert: Option<bool>, date: &str, stamp: &Stamp) -> Record {
    let field = |v: Value| posko_core::sync::Field { v, s: stamp.clone() };
    let mut fields = std::collections::BTreeMap::new();
    fields.insert(
        "alert_raised".to_string(),
        field(alert.map_or(Value::Null, Value::Bool)),
    );
    fields.insert("date".to_string(), field(text(date)));
    Record {
        id: id.into(),
        kind: "screening".into(),
        agency_id: "agency".into(),
        office_id: Some("office".into()),
        owner_id: Some(format!("owner-of-{id}")),
        parent_id: None,
        fields,
        deleted: None,
    }
}

/// The keys a pulled page's rows get (`rows.js`) answer queries as the keys of a saved record
/// do: a boolean is found by `Value::Bool`, an empty value is in no answer, the owner is an
/// envelope key; and the clock moves past the page's latest stamp, whichever record holds it.
#[wasm_bindgen_test]
async fn pulled_rows_are_keyed_as_saved_ones_and_move_the_clock() {
    let store = Store::open(&unique_db("kit-pulled-keys")).await.unwrap();
    let early = Stamp::new(1_600_000_000_000, 0, "server-side");
    let latest = Stamp::new(1_700_000_000_000, 3, "server-side");
    let page: js_sys::Array = [
        pulled_screening("s1", Some(true), "2020-09-28", &early),
        pulled_screening("s2", Some(false), "2020-09-29", &latest),
        pulled_screening("s3", None, "2020-09-30", &early),
    ]
    .iter()
    .map(posko::js_codec::ToJs::to_js)
    .collect();
    store.apply_pull(&page, "cursor", 3, "").await.unwrap();
    let alerts = store
        .query_eq("screening", "alert_raised", &Value::Bool(true))
        .await
        .unwrap();
    assert_eq!(ids(&alerts), ["s1"]);
    let calm = store
        .query_eq("screening", "alert_raised", &Value::Bool(false))
        .await
        .unwrap();
    assert_eq!(ids(&calm), ["s2"], "an empty value is not a false one");
    let days = store
        .query("screening", "date", &text("2020-09-29"), &text("2020-09-30"))
        .await
        .unwrap();
    assert_eq!(ids(&days), ["s2", "s3"]);
    assert_eq!(
        ids(&store
            .query_eq("screening", "owner_id", &text("owner-of-s3"))
            .await
            .unwrap()),
        ["s3"]
    );
    assert!(
        store.clock().tick(0) > latest,
        "a later local change sorts after the page"
    );

    // Saved on the device, the same record is found by the same keys.
    let mut template = pulled_screening("s4", None, "2020-09-30", &early);
    template.fields.clear();
    let values = [
        ("alert_raised".to_string(), Value::Bool(true)),
        ("date".to_string(), text("2020-09-30")),
    ];
    assert!(store.save_values(template, &values, &[], "officer").await.unwrap());
    let alerts = store
        .query_eq("screening", "alert_raised", &Value::Bool(true))
        .await
        .unwrap();
    assert_eq!(ids(&alerts), ["s1", "s4"]);
}

/// Issue #20: the store as the app opens it (`Store::open`: the kinds' indexes as the JSON text
/// the build wrote from the declarations) finds a person outside the roster again by NIK,
/// offline, before a second one is written down; a roster person's case by that person; a
/// tracer's contacts by tracer; and a case's tests and contacts as its children.
#[wasm_bindgen_test]
async fn the_app_s_store_finds_a_person_again_by_nik_and_a_case_s_people() {
    use posko_core::cases::{Case, CloseContact, LabTestRecord, OutsidePerson};
    let store = Store::open(&unique_db("cases")).await.unwrap();
    let envelope = |id: &str, parent: Option<&str>| {
        (
            id.to_owned(),
            "agency".to_owned(),
            Some("office".to_owned()),
            parent.map(str::to_owned),
        )
    };
    let person = |id: &str, nik: &str| {
        let (id, agency_id, office_id, parent_id) = envelope(id, None);
        OutsidePerson {
            id,
            agency_id,
            office_id,
            owner_id: None,
            parent_id,
            full_name: "Rina Wati".into(),
            nik: Some(nik.into()),
            sex: Some("female".into()),
            birth_date: None,
            age: None,
            phone: None,
            address: None,
            kecamatan: None,
            kelurahan: None,
            relative_of: None,
            relationship: None,
        }
    };
    store.save(&person("p1", "3573015203880001"), "tracer").await.unwrap();
    store.save(&person("p2", "3573011203880002"), "tracer").await.unwrap();
    let found = store
        .query_eq("outside_person", "nik", &text("3573015203880001"))
        .await
        .unwrap();
    assert_eq!(ids(&found), ["p1"], "found again by NIK");

    let (id, agency_id, office_id, parent_id) = envelope("case1", None);
    let case = Case {
        id,
        agency_id,
        office_id,
        owner_id: None,
        parent_id,
        person: Some("emp".into()),
        outside_person: None,
        status: "confirmed_symptomatic".into(),
        rules_version: "KMK-413-2020".into(),
        onset: NaiveDate::from_ymd_opt(2020, 9, 10),
        specimen: None,
        symptoms_resolved: None,
        isolation_place: None,
        cluster: None,
        alert: Some("screening-2020-09-10-emp".into()),
        call: None,
        from_contact: None,
        notes: None,
    };
    store.save(&case, "tracer").await.unwrap();
    let (id, agency_id, office_id, parent_id) = envelope("test1", Some("case1"));
    let test = LabTestRecord {
        id,
        agency_id,
        office_id,
        owner_id: None,
        parent_id,
        method: "pcr".into(),
        taken_at: DateTime::from_timestamp_millis(1_599_800_000_000).unwrap(),
        result: "positive".into(),
        laboratory: None,
    };
    store.save(&test, "tracer").await.unwrap();
    for (contact, tracer) in [("k1", "tracer"), ("k2", "tracer2")] {
        let (id, agency_id, office_id, parent_id) = envelope(contact, Some("case1"));
        let contact = CloseContact {
            id,
            agency_id,
            office_id,
            owner_id: None,
            parent_id,
            tracer: tracer.into(),
            person: None,
            outside_person: Some("p1".into()),
            category: "household".into(),
            relationship: None,
            listed_on: NaiveDate::from_ymd_opt(2020, 9, 10).unwrap(),
            first_exposure: None,
            last_exposure: NaiveDate::from_ymd_opt(2020, 9, 9).unwrap(),
            minutes: None,
            distance_cm: None,
            ppe: None,
            criteria: Vec::new(),
            follow_up: vec![("2020-09-10".into(), "healthy".into())],
            became_case: None,
        };
        store.save(&contact, "tracer").await.unwrap();
    }
    assert_eq!(
        ids(&store.query_eq("case", "person", &text("emp")).await.unwrap()),
        ["case1"]
    );
    assert_eq!(
        ids(&store
            .query_eq("case", "alert", &text("screening-2020-09-10-emp"))
            .await
            .unwrap()),
        ["case1"]
    );
    assert_eq!(
        ids(&store
            .query_eq("close_contact", "tracer", &text("tracer"))
            .await
            .unwrap()),
        ["k1"]
    );
    let parent = store.record("case1").await.unwrap().unwrap().record;
    assert_eq!(ids(&store.children(&parent).await.unwrap()), ["k1", "k2", "test1"]);
}

/// A close contact of the app's kinds, of `tracer`, last exposed on day `day` of November 2020.
fn tracer_contact(id: &str, tracer: &str, day: u32) -> posko_core::cases::CloseContact {
    let on = NaiveDate::from_ymd_opt(2020, 11, day).unwrap();
    posko_core::cases::CloseContact {
        id: id.into(),
        agency_id: "agency".into(),
        office_id: Some("office".into()),
        owner_id: None,
        parent_id: Some("case-1".into()),
        tracer: tracer.into(),
        person: None,
        outside_person: Some(format!("person-of-{id}")),
        category: "household".into(),
        relationship: None,
        listed_on: on,
        first_exposure: None,
        last_exposure: on,
        minutes: Some(30),
        distance_cm: None,
        ppe: None,
        criteria: vec!["near".into()],
        follow_up: vec![("2020-11-20".into(), "healthy".into())],
        became_case: None,
    }
}

async fn summaries_of(store: &Store, tracer: &str) -> Vec<posko_core::cases::CloseContact> {
    store.summaries(Some(tracer)).await.unwrap()
}

/// Issue #20 item 5: the summaries a tracer's day reads (`Store::summaries`, values without stamps)
/// follow the records in every way a record changes on the device: made, edited, pulled and
/// merged, deleted, dropped out of reach; and read as the records read.
#[wasm_bindgen_test]
async fn the_summaries_follow_their_records() {
    use posko_core::cases::CloseContact;
    let store = Store::open(&unique_db("summaries")).await.unwrap();
    let mine = tracer_contact("contact-1", "tracer", 10);
    store.create(&mine, "tracer").await.unwrap();
    store
        .create(&tracer_contact("contact-2", "other", 11), "other")
        .await
        .unwrap();
    assert_eq!(
        summaries_of(&store, "tracer").await,
        [mine.clone()],
        "made, and read as saved"
    );

    // Handed to another tracer: it leaves the first one's list.
    let handed = CloseContact {
        tracer: "other".into(),
        ..mine.clone()
    };
    store.save(&handed, "admin").await.unwrap();
    assert!(summaries_of(&store, "tracer").await.is_empty());
    assert_eq!(summaries_of(&store, "other").await.len(), 2);

    // Pulled: a new one listed, and a later entry merged into one held.
    let stamp = Stamp::new(1_900_000_000_000, 0, "server-side");
    let pulled_new = tracer_contact("contact-3", "tracer", 12).to_new_record(&stamp);
    let mut later = tracer_contact("contact-2", "other", 11);
    later.follow_up.push(("2020-11-21".into(), "fever".into()));
    let page: js_sys::Array = [pulled_new, later.to_new_record(&stamp)]
        .iter()
        .map(posko::js_codec::ToJs::to_js)
        .collect();
    store.apply_pull(&page, "cursor", 1, "").await.unwrap();
    let theirs = summaries_of(&store, "other").await;
    let merged = theirs.iter().find(|c| c.id == "contact-2").unwrap();
    assert_eq!(merged.follow_up.len(), 2, "the pulled entry merged: {merged:?}");
    assert_eq!(summaries_of(&store, "tracer").await.len(), 1);

    // Deleted, and dropped out of reach: gone from the summaries too.
    store.delete("contact-1", "admin").await.unwrap();
    assert_eq!(summaries_of(&store, "other").await.len(), 1);
    let gone: js_sys::Array = [JsValue::from_str("contact-3")].into_iter().collect();
    // contact-3 came by pull, so nothing of it is queued: it may go.
    assert_eq!(store.drop_out_of_reach("tracer", &gone, false).await.unwrap(), 1);
    assert!(summaries_of(&store, "tracer").await.is_empty());
}

/// A device on schema version 6 (before the summaries) keeps its records, and the first open
/// makes their summaries.
#[wasm_bindgen_test]
async fn upgrade_from_version_6_makes_the_summaries() {
    let name = unique_db("summaries-upgrade-6");
    let stamp = Stamp::new(1_600_000_000_000, 0, "old-device");
    let held = tracer_contact("old-contact", "tracer", 9);
    put_raw(schema::version_6(&name), &[held.to_new_record(&stamp)]).await;
    let store = Store::open(&name).await.unwrap();
    assert_eq!(summaries_of(&store, "tracer").await, [held]);
    assert_eq!(ids(&store.all_of("close_contact").await.unwrap()), ["old-contact"]);
}
