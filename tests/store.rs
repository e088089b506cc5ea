//! Browser unit tests of the local store in real IndexedDB (headless Chromium): write, read,
//! reopen, and upgrade from the previous schema version. Each test uses its own database.

#![cfg(target_arch = "wasm32")]

use posko::store::{schema, Store, StoreError, SyncState};
use posko_core::api::LoginResponse;
use posko_core::screening::{validate, ScreeningDraft};
use posko_core::{Origin, Role, Screening, ScreeningRules, UserProfile};
use rexie::TransactionMode;
use serde::Serialize;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn unique_db(test: &str) -> String {
    format!("posko-test-{test}-{}", uuid::Uuid::now_v7())
}

fn screening(employee: &str, date: &str, temperature: &str) -> Screening {
    let draft = ScreeningDraft {
        date: date.into(),
        temperature: temperature.into(),
        ..Default::default()
    };
    let today = chrono::NaiveDate::from_ymd_opt(2020, 9, 30).unwrap();
    let valid = validate(&draft, &ScreeningRules::default(), today).expect("valid draft");
    valid.into_screening(Origin {
        id: uuid::Uuid::now_v7().to_string(),
        employee_id: employee.into(),
        agency_id: "agency".into(),
        office_id: Some("office".into()),
        recorded_at: chrono::Utc::now(),
    })
}

#[wasm_bindgen_test]
async fn saved_screening_is_read_back_and_queued_in_the_outbox() {
    let store = Store::open(&unique_db("save")).await.unwrap();
    let saved = screening("u-1", "2020-09-29", "37,6");
    store.save_screening(&saved).await.unwrap();

    let history = store.screenings_of("u-1").await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].record, saved);
    assert_eq!(history[0].sync, SyncState::Pending);
    assert!(!history[0].record.result.is_fit(), "37.6 °C sends the employee home");

    let outbox = store.outbox().await.unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].record_id, saved.id);
    assert_eq!(outbox[0].device_id, store.device_id());
    assert_eq!(outbox[0].seq, Some(1));
}

#[wasm_bindgen_test]
async fn history_is_per_employee_and_newest_first() {
    let store = Store::open(&unique_db("history")).await.unwrap();
    for (employee, date) in [
        ("u-1", "2020-09-27"),
        ("u-2", "2020-09-28"),
        ("u-1", "2020-09-29"),
        ("u-10", "2020-09-26"),
    ] {
        store.save_screening(&screening(employee, date, "36.5")).await.unwrap();
    }
    let dates: Vec<String> = store
        .screenings_of("u-1")
        .await
        .unwrap()
        .iter()
        .map(|s| s.record.date.to_string())
        .collect();
    assert_eq!(dates, ["2020-09-29", "2020-09-27"]);
    assert_eq!(store.screenings_of("u-3").await.unwrap(), vec![]);
    let seqs: Vec<Option<u64>> = store.outbox().await.unwrap().iter().map(|e| e.seq).collect();
    assert_eq!(
        seqs,
        [Some(1), Some(2), Some(3), Some(4)],
        "one entry per write, in order"
    );
}

#[wasm_bindgen_test]
async fn data_and_device_id_survive_reopening() {
    let name = unique_db("reopen");
    let store = Store::open(&name).await.unwrap();
    let device = store.device_id().to_owned();
    let saved = screening("u-1", "2020-09-29", "36.4");
    store.save_screening(&saved).await.unwrap();
    store.close();

    let reopened = Store::open(&name).await.unwrap();
    assert_eq!(reopened.device_id(), device);
    assert_eq!(reopened.screenings_of("u-1").await.unwrap()[0].record, saved);
    assert_eq!(
        reopened.outbox().await.unwrap().len(),
        1,
        "migrations do not queue twice"
    );
}

#[wasm_bindgen_test]
async fn session_round_trips_and_clears() {
    let store = Store::open(&unique_db("session")).await.unwrap();
    assert_eq!(store.session().await.unwrap().map(|s| s.token), None);
    let session = LoginResponse {
        token: "t".repeat(64),
        expires_at: 1_900_000_000,
        user: UserProfile {
            id: "u-1".into(),
            username: "pegawai".into(),
            full_name: "Siti".into(),
            role: Role::Employee,
            agency_id: "a".into(),
            agency_name: "Pemkot".into(),
            office_id: None,
            office_name: None,
        },
    };
    store.set_session(&session).await.unwrap();
    let read = store.session().await.unwrap().unwrap();
    assert_eq!((read.token, read.user), (session.token.clone(), session.user.clone()));
    store.clear_session().await.unwrap();
    assert!(store.session().await.unwrap().is_none());
}

#[wasm_bindgen_test]
async fn upgrade_from_version_1_keeps_screenings_and_queues_them() {
    let name = unique_db("upgrade");
    let old = screening("u-1", "2020-09-28", "36.9");
    {
        let v1 = schema::version_1(&name).build().await.unwrap();
        let tx = v1
            .transaction(&[schema::SCREENINGS], TransactionMode::ReadWrite)
            .unwrap();
        // Version 1 stored the bare record, with no sync state around it.
        let value = old
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .unwrap();
        tx.store(schema::SCREENINGS).unwrap().put(&value, None).await.unwrap();
        tx.done().await.unwrap();
        v1.close();
    }

    let store = Store::open(&name).await.unwrap();
    let history = store.screenings_of("u-1").await.unwrap();
    assert_eq!(history.len(), 1, "the version-1 screening is still there and indexed");
    assert_eq!(history[0].record, old);
    assert_eq!(history[0].sync, SyncState::Pending);
    let outbox = store.outbox().await.unwrap();
    assert_eq!(outbox.len(), 1, "it is queued so it still reaches the server");
    assert_eq!(outbox[0].record_id, old.id);

    // New writes after the upgrade go on from there.
    store
        .save_screening(&screening("u-1", "2020-09-29", "36.5"))
        .await
        .unwrap();
    assert_eq!(store.screenings_of("u-1").await.unwrap().len(), 2);
    assert_eq!(store.outbox().await.unwrap().len(), 2);
}

#[wasm_bindgen_test]
async fn errors_keep_the_browser_exception_name() {
    let name = unique_db("version-error");
    Store::open(&name).await.unwrap().close();
    // Opening at an older version than the one on disk is what an old cached app would do.
    let error = match schema::version_1(&name).build().await {
        Ok(_) => panic!("opening at a lower version must fail"),
        Err(error) => StoreError::from_rexie("open", error),
    };
    assert_eq!(error.name, "VersionError", "{error}");
    assert!(!error.message.is_empty(), "{error}");
    assert!(error.to_string().starts_with("open: VersionError: "), "{error}");
}
