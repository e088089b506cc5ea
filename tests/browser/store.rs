//! Browser unit tests of the local store in real IndexedDB (headless Chromium): write, read,
//! reopen, and upgrade from the previous schema version. Each test uses its own database.

use posko::store::{schema, Store, StoreError, SyncState};
use posko_core::api::{LoginResponse, OfficeRef};
use posko_core::kit::Context;
use posko_core::screening::{validate, ScreeningDraft};
use posko_core::sync::protocol::{Ack, Outcome, RejectCode, Rejection};
use posko_core::sync::{Stamp, SyncRecord, Value};
use posko_core::{Origin, Role, Screening, ScreeningRules, UserProfile};
use rexie::TransactionMode;
use serde::Serialize;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

fn unique_db(test: &str) -> String {
    format!("posko-test-{test}-{}", uuid::Uuid::now_v7())
}

fn screening(employee: &str, date: &str, temperature: &str) -> Screening {
    let draft = ScreeningDraft {
        date: date.into(),
        temperature: temperature.into(),
        ..Default::default()
    };
    // Judged at noon on 2020-09-30 in WIB, the day the tests' screenings are recorded.
    let noon = chrono::NaiveDate::from_ymd_opt(2020, 9, 30)
        .unwrap()
        .and_hms_opt(5, 0, 0)
        .unwrap()
        .and_utc();
    let origin = Origin {
        id: uuid::Uuid::now_v7().to_string(),
        owner_id: employee.into(),
        agency_id: "agency".into(),
        office_id: Some("office".into()),
        recorded_at: noon,
        alert_raised: false,
    };
    let ctx = Context::device(noon.timestamp_millis(), 7 * 60);
    validate(&draft, &ScreeningRules::default(), origin, &ctx).expect("valid draft")
}

#[wasm_bindgen_test]
async fn saved_screening_is_read_back_and_queued_in_the_outbox() {
    let store = Store::open(&unique_db("save")).await.unwrap();
    let saved = screening("u-1", "2020-09-29", "37,6");
    assert!(store.save(&saved, "u-1").await.unwrap());

    let history = store.records_of::<Screening>("u-1").await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].value, saved);
    assert_eq!(history[0].sync, SyncState::Pending);
    assert!(!history[0].value.result().is_fit(), "37.6 °C sends the employee home");

    let outbox = store.outbox().await.unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].record_id, saved.id);
    assert_eq!(outbox[0].device_id, store.device_id());
    assert_eq!(outbox[0].seq, Some(1));
    assert_eq!(outbox[0].user_id, "u-1");

    // A new record saved without a read first lands the same way.
    let created = screening("u-1", "2020-09-28", "36,5");
    store.create(&created, "u-1").await.unwrap();
    assert_eq!(
        store.record(&created.id).await.unwrap().unwrap().sync,
        SyncState::Pending
    );
    assert_eq!(store.outbox().await.unwrap()[1].record_id, created.id);
    // The record alone, as the first screens read today's screening: the same record, without
    // its standing; none for an id the device does not hold.
    let bare = store.bare_record(&created.id).await.unwrap().expect("stored");
    assert_eq!(bare, store.record(&created.id).await.unwrap().unwrap().record);
    assert_eq!(Screening::from_record(&bare).unwrap(), created);
    assert_eq!(store.bare_record("no-such-record").await.unwrap(), None);
    store.discard_refused(&created.id).await.unwrap();

    // Saving the same answers again changes nothing and queues nothing.
    assert!(!store.save(&saved, "u-1").await.unwrap());
    assert_eq!(store.outbox().await.unwrap().len(), 2);
}

#[wasm_bindgen_test]
async fn records_are_read_per_owner() {
    let store = Store::open(&unique_db("history")).await.unwrap();
    for (employee, date) in [
        ("u-1", "2020-09-27"),
        ("u-2", "2020-09-28"),
        ("u-1", "2020-09-29"),
        ("u-10", "2020-09-26"),
    ] {
        store.save(&screening(employee, date, "36.5"), employee).await.unwrap();
    }
    let mut dates: Vec<String> = store
        .records_of::<Screening>("u-1")
        .await
        .unwrap()
        .iter()
        .map(|s| s.value.date.to_string())
        .collect();
    dates.sort();
    assert_eq!(dates, ["2020-09-27", "2020-09-29"]);
    assert_eq!(store.records_of::<Screening>("u-3").await.unwrap(), vec![]);
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
    store.save(&saved, "u-1").await.unwrap();
    let clock = store.clock();
    store.close();

    let reopened = Store::open(&name).await.unwrap();
    assert_eq!(reopened.device_id(), device);
    assert_eq!(reopened.records_of::<Screening>("u-1").await.unwrap()[0].value, saved);
    assert_eq!(
        reopened.clock(),
        clock,
        "the clock is saved with the change that ticked it"
    );
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
        offices: vec![OfficeRef {
            id: "o-2".into(),
            name: "Kantor Kecamatan Klojen".into(),
        }],
        region: String::new(),
    };
    // Kept as the server sent it; the offices are read apart, where a screen needs them.
    store
        .set_session(&posko::js_codec::ToJs::to_js(&session))
        .await
        .unwrap();
    let read = store.session().await.unwrap().unwrap();
    assert_eq!((read.token, read.user), (session.token.clone(), session.user.clone()));
    assert_eq!(store.session_offices().await.unwrap(), session.offices);
    store.clear_session().await.unwrap();
    assert!(store.session_offices().await.unwrap().is_empty());
    assert!(store.session().await.unwrap().is_none());
}

#[wasm_bindgen_test]
async fn errors_keep_the_browser_exception_name() {
    let name = unique_db("version-error");
    Store::open(&name).await.unwrap().close();
    // Opening at an older version than the one on disk is what an old cached app would do.
    let error = match schema::version_3(&name).build().await {
        Ok(_) => panic!("opening at a lower version must fail"),
        Err(error) => StoreError::from_rexie("open", error),
    };
    assert_eq!(error.name, "VersionError", "{error}");
    assert!(!error.message.is_empty(), "{error}");
    assert!(error.to_string().starts_with("open: VersionError: "), "{error}");
}

#[wasm_bindgen_test]
async fn acknowledgements_settle_each_record_and_keep_refusals() {
    let store = Store::open(&unique_db("acks")).await.unwrap();
    let accepted = screening("u-1", "2020-09-27", "36.5");
    let refused = screening("u-1", "2020-09-28", "36.6");
    let edited_meanwhile = screening("u-1", "2020-09-29", "36.7");
    for s in [&accepted, &refused, &edited_meanwhile] {
        store.save(s, "u-1").await.unwrap();
    }
    let batch = store.next_push("u-1", 10).await.unwrap();
    assert_eq!(batch.seqs(), [1, 2, 3]);
    // While the push is in flight, the user edits the third record.
    let mut newer = edited_meanwhile.clone();
    newer.travel_14d = true;
    store.save(&newer, "u-1").await.unwrap();
    let following = store.next_push_after("u-1", batch.last_seq(), 10).await.unwrap();
    assert_eq!(following.seqs(), [4], "the batch after the one in flight");
    assert!(following.record(0).unwrap().get("travel_14d") == Some(&Value::Bool(true)));

    let rejection = Rejection::new(RejectCode::Invalid, "test".into());
    let acks = vec![
        Ack {
            seq: 1,
            outcome: Outcome::Applied,
        },
        Ack {
            seq: 2,
            outcome: Outcome::Rejected(rejection.clone()),
        },
        Ack {
            seq: 3,
            outcome: Outcome::Duplicate,
        },
    ];
    store.apply_acks(&acks, &batch).await.unwrap();

    let state = |id: String| {
        let store = &store;
        async move { store.record(&id).await.unwrap().unwrap().sync }
    };
    assert_eq!(state(accepted.id.clone()).await, SyncState::Synced);
    assert_eq!(
        state(refused.id.clone()).await,
        SyncState::Refused(rejection),
        "kept, with the reason"
    );
    assert_eq!(
        state(edited_meanwhile.id.clone()).await,
        SyncState::Pending,
        "its newer change still waits"
    );
    let left: Vec<Option<u64>> = store.outbox().await.unwrap().iter().map(|e| e.seq).collect();
    assert_eq!(left, [Some(4)]);
    // The strip counts it (issue #19: not "all sent").
    assert_eq!(store.refused_count().await.unwrap(), 1);

    // Only a refused record with nothing queued can be discarded, and only by asking.
    assert!(!store.discard_refused(&accepted.id).await.unwrap());
    assert!(!store.discard_refused(&edited_meanwhile.id).await.unwrap());
    assert!(store.discard_refused(&refused.id).await.unwrap());
    assert_eq!(store.refused_count().await.unwrap(), 0);
    assert_eq!(store.record(&refused.id).await.unwrap(), None);
    assert_eq!(
        store.records_of::<Screening>("u-1").await.unwrap().len(),
        2,
        "the others stay"
    );
}

/// Two changes of one record in one batch: the later change's outcome is the record's state,
/// whichever order the outcomes come in.
#[wasm_bindgen_test]
async fn the_latest_acknowledgement_of_a_record_decides_its_state() {
    let rejection = Rejection::new(RejectCode::Invalid, "test".into());
    let cases = [
        (
            Outcome::Rejected(rejection.clone()),
            Outcome::Applied,
            SyncState::Synced,
        ),
        (
            Outcome::Applied,
            Outcome::Rejected(rejection.clone()),
            SyncState::Refused(rejection.clone()),
        ),
        (
            Outcome::Rejected(rejection.clone()),
            Outcome::Duplicate,
            SyncState::Synced,
        ),
    ];
    for (first, second, expected) in cases {
        let store = Store::open(&unique_db("latest-ack")).await.unwrap();
        let original = screening("u-1", "2020-09-27", "36.5");
        store.save(&original, "u-1").await.unwrap();
        let mut edited = original.clone();
        edited.travel_14d = true;
        store.save(&edited, "u-1").await.unwrap();
        let batch = store.next_push("u-1", 10).await.unwrap();
        assert_eq!(batch.seqs(), [1, 2]);
        let acks = vec![
            Ack {
                seq: 1,
                outcome: first.clone(),
            },
            Ack {
                seq: 2,
                outcome: second.clone(),
            },
        ];
        store.apply_acks(&acks, &batch).await.unwrap();
        let state = store.record(&original.id).await.unwrap().unwrap().sync;
        assert_eq!(state, expected, "{first:?} then {second:?}");
    }
}

#[wasm_bindgen_test]
async fn a_fixed_refused_record_waits_then_syncs_without_its_old_reason() {
    let store = Store::open(&unique_db("refix")).await.unwrap();
    let mut record = screening("u-1", "2020-09-27", "36.5");
    store.save(&record, "u-1").await.unwrap();
    let first = store.next_push("u-1", 10).await.unwrap();
    let rejection = Rejection::new(RejectCode::OutOfScope, "test".into());
    let refuse = Ack {
        seq: 1,
        outcome: Outcome::Rejected(rejection.clone()),
    };
    store.apply_acks(&[refuse], &first).await.unwrap();
    let state = || async { store.record(&record.id).await.unwrap().unwrap().sync };
    assert_eq!(state().await, SyncState::Refused(rejection));

    // The user fixes it: it waits again, and once accepted the old reason is gone.
    record.cough = true;
    store.save(&record, "u-1").await.unwrap();
    assert_eq!(state().await, SyncState::Pending);
    let second = store.next_push("u-1", 10).await.unwrap();
    assert_eq!(second.seqs(), [2]);
    assert_eq!(second.record(0).unwrap().get("cough"), Some(&Value::Bool(true)));
    let accept = Ack {
        seq: 2,
        outcome: Outcome::Applied,
    };
    store.apply_acks(&[accept], &second).await.unwrap();
    assert_eq!(state().await, SyncState::Synced);
    assert!(
        !store.discard_refused(&record.id).await.unwrap(),
        "no longer refused, so not discardable"
    );
}

#[wasm_bindgen_test]
async fn upgrade_from_version_3_moves_refusals_out_of_the_records() {
    let name = unique_db("upgrade-v3");
    let refused = screening("u-1", "2020-09-27", "36.5");
    let synced = screening("u-1", "2020-09-28", "36.6");
    let pending = screening("u-1", "2020-09-29", "36.7");
    let rejection = Rejection::new(RejectCode::Invalid, "old".into());
    {
        let v3 = schema::version_3(&name).build().await.unwrap();
        let tx = v3
            .transaction(
                &[schema::RECORDS, schema::OUTBOX, schema::META],
                TransactionMode::ReadWrite,
            )
            .unwrap();
        #[derive(Serialize)]
        #[serde(rename_all = "snake_case")]
        enum V3Sync {
            Pending,
            Synced,
            Refused(Rejection),
        }
        #[derive(Serialize)]
        struct V3Local {
            id: String,
            record: posko_core::sync::Record,
            sync: V3Sync,
        }
        #[derive(Serialize)]
        struct Meta {
            key: &'static str,
            value: u32,
        }
        let json = serde_wasm_bindgen::Serializer::json_compatible();
        let stamp = Stamp::new(1, 0, "old-device");
        for (screening, sync) in [
            (&refused, V3Sync::Refused(rejection.clone())),
            (&synced, V3Sync::Synced),
        ] {
            let local = V3Local {
                id: screening.id.clone(),
                record: screening.to_new_record(&stamp),
                sync,
            };
            tx.store(schema::RECORDS)
                .unwrap()
                .put(&local.serialize(&json).unwrap(), None)
                .await
                .unwrap();
        }
        // A version-3 outbox entry names its record but does not carry it.
        #[derive(Serialize)]
        struct V3Entry<'a> {
            record_id: &'a str,
            user_id: &'a str,
            device_id: &'a str,
            queued_at: f64,
        }
        let entry = V3Entry {
            record_id: &pending.id,
            user_id: "u-1",
            device_id: "old-device",
            queued_at: 1.0,
        };
        let pending_local = V3Local {
            id: pending.id.clone(),
            record: pending.to_new_record(&stamp),
            sync: V3Sync::Pending,
        };
        tx.store(schema::RECORDS)
            .unwrap()
            .put(&pending_local.serialize(&json).unwrap(), None)
            .await
            .unwrap();
        tx.store(schema::OUTBOX)
            .unwrap()
            .add(&entry.serialize(&json).unwrap(), None)
            .await
            .unwrap();
        let level = Meta {
            key: "data_version",
            value: 3,
        };
        tx.store(schema::META)
            .unwrap()
            .put(&level.serialize(&json).unwrap(), None)
            .await
            .unwrap();
        tx.done().await.unwrap();
        v3.close();
    }
    let store = Store::open(&name).await.unwrap();
    let state = |id: String| {
        let store = &store;
        async move { store.record(&id).await.unwrap().unwrap().sync }
    };
    assert_eq!(state(refused.id.clone()).await, SyncState::Refused(rejection));
    assert_eq!(state(synced.id.clone()).await, SyncState::Synced);
    assert_eq!(state(pending.id.clone()).await, SyncState::Pending);
    let batch = store.next_push("u-1", 10).await.unwrap();
    assert_eq!(batch.seqs(), [1], "the queue is as it was");
    assert_eq!(
        Screening::from_record(&batch.record(0).unwrap()).unwrap(),
        pending,
        "the queued entry now carries its record"
    );
    // The stored records no longer carry a state of their own.
    store.close();
    let raw = schema::current(&name).build().await.unwrap();
    let tx = raw.transaction(&[schema::RECORDS], TransactionMode::ReadOnly).unwrap();
    for value in tx.store(schema::RECORDS).unwrap().get_all(None, None).await.unwrap() {
        assert!(!js_sys::Reflect::has(&value, &"sync".into()).unwrap());
    }
}

#[wasm_bindgen_test]
async fn a_pull_merges_with_a_pending_edit_and_moves_the_cursor_with_it() {
    let store = Store::open(&unique_db("pull")).await.unwrap();
    let mine = screening("u-1", "2020-09-29", "36.5");
    store.save(&mine, "u-1").await.unwrap();
    let local_stamp = store.record(&mine.id).await.unwrap().unwrap().record.fields["cough"]
        .s
        .clone();

    // The server's copy has another device's later edit of another field, and an older edit
    // of a field this device also changed.
    let mut remote = mine.to_new_record(&Stamp::new(1, 0, "other"));
    remote.set(
        "travel_14d",
        Value::Bool(true),
        &Stamp::new(local_stamp.ms() + 10, 0, "other"),
    );
    let other_new = screening("u-1", "2020-09-28", "36.9").to_new_record(&Stamp::new(5, 0, "other"));
    // As the browser parses a pulled page: plain JSON objects.
    let page = js_sys::Array::new();
    for record in [&remote, &other_new] {
        let json = record
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .unwrap();
        page.push(&js_sys::JSON::parse(&js_sys::JSON::stringify(&json).unwrap().as_string().unwrap()).unwrap());
    }
    store.apply_pull(&page, "cursor:u-1", 42, "").await.unwrap();

    let merged = store.record(&mine.id).await.unwrap().unwrap();
    assert_eq!(
        merged.sync,
        SyncState::Pending,
        "a local change still waiting stays waiting"
    );
    assert_eq!(
        merged.record.fields["cough"].s, local_stamp,
        "the newer local stamp is kept"
    );
    assert_eq!(
        merged.record.get("travel_14d"),
        Some(&Value::Bool(true)),
        "the other device's field arrives"
    );
    assert_eq!(
        store.record(&other_new.id).await.unwrap().unwrap().sync,
        SyncState::Synced
    );
    assert_eq!(store.meta::<u64>("cursor:u-1").await.unwrap(), Some(42));
    // A later local change sorts after everything pulled.
    assert!(store.clock().tick(0) > Stamp::new(local_stamp.ms() + 10, 0, "other"));
}

#[wasm_bindgen_test]
async fn a_shared_phone_pushes_only_the_signed_in_users_changes() {
    let store = Store::open(&unique_db("shared")).await.unwrap();
    let (a1, b2, a3) = (
        screening("u-1", "2020-09-27", "36.5"),
        screening("u-2", "2020-09-27", "36.5"),
        screening("u-1", "2020-09-28", "36.6"),
    );
    store.save(&a1, "u-1").await.unwrap();
    store.save(&b2, "u-2").await.unwrap();
    store.save(&a3, "u-1").await.unwrap();
    // Neither waits behind the other (issue #18): each pushes their own, in key order.
    let first = store.next_push("u-1", 10).await.unwrap();
    assert_eq!(first.seqs(), [1, 3]);
    assert_eq!(store.next_push("u-2", 10).await.unwrap().seqs(), [2]);
    assert_eq!(store.next_push_after("u-1", 1, 10).await.unwrap().seqs(), [3]);
    // Each user is told of their own waiting changes only: u-2 cannot send u-1's.
    assert_eq!(store.pending_count().await.unwrap(), 3);
    assert_eq!(store.pending_count_of("u-1").await.unwrap(), 2);
    assert_eq!(store.pending_count_of("u-2").await.unwrap(), 1);
    assert_eq!(store.pending_count_of("u-3").await.unwrap(), 0);
    // u-1's acknowledgements take u-1's entries out, and leave u-2's between them.
    let acks: Vec<Ack> = [1, 3]
        .into_iter()
        .map(|seq| Ack {
            seq,
            outcome: Outcome::Applied,
        })
        .collect();
    assert!(store.apply_acks(&acks, &first).await.unwrap().is_empty());
    let left: Vec<Option<u64>> = store.outbox().await.unwrap().iter().map(|e| e.seq).collect();
    assert_eq!(left, [Some(2)]);
}

/// The server's time learned from a pulled page is kept with the page (`apply_pull`), not in a
/// transaction of its own: a restart after the page keeps it.
#[wasm_bindgen_test]
async fn the_servers_time_from_a_pull_is_kept_with_the_page() {
    const HOUR_MS: i64 = 60 * 60 * 1000;
    let name = unique_db("pull-time");
    let store = Store::open(&name).await.unwrap();
    let now = js_sys::Date::now() as i64;
    store.observe_server_time_for_pull(now + HOUR_MS, now, now);
    let learned = store.clock();
    assert_ne!(
        learned,
        Store::open(&name).await.unwrap().clock(),
        "not kept before the page"
    );
    store
        .apply_pull(&js_sys::Array::new(), "cursor:u-1", 5, "")
        .await
        .unwrap();
    store.close();
    let reopened = Store::open(&name).await.unwrap();
    assert_eq!(reopened.clock(), learned);
    assert!(
        reopened.clock().tick(now).ms() as i64 > now + HOUR_MS / 2,
        "stamps follow the server's time"
    );
}

/// The server refused a change stamped ahead of its clock (a phone a day fast, before it had
/// ever heard the server's time): the entry stays queued until the device stamps the change
/// again by the server's time, in one transaction with taking the old entry out; the values
/// stay, and no stamp of the record or of the next change is ahead any more.
#[wasm_bindgen_test]
async fn a_change_refused_for_a_clock_ahead_is_stamped_again_and_queued() {
    const DAY_MS: i64 = 24 * 60 * 60 * 1000;
    let store = Store::open(&unique_db("restamp")).await.unwrap();
    let now = js_sys::Date::now() as i64;
    // The clock a day fast: as if the server had said so.
    store.observe_server_time(now + DAY_MS, now, now).await.unwrap();
    let ahead = screening("u-1", "2020-09-27", "36.5");
    let other = screening("u-1", "2020-09-28", "36.6");
    store.save(&ahead, "u-1").await.unwrap();
    store.save(&other, "u-1").await.unwrap();
    let batch = store.next_push("u-1", 10).await.unwrap();
    let future = store.record(&ahead.id).await.unwrap().unwrap().record;
    assert!(future.latest_stamp().unwrap().ms() as i64 > now + DAY_MS / 2);

    // The server's real time comes back with the refusal of the first and the second applied.
    let now = js_sys::Date::now() as i64;
    store.observe_server_time(now, now, now).await.unwrap();
    let acks = [
        Ack {
            seq: 1,
            outcome: Outcome::Rejected(Rejection::new(RejectCode::ClockAhead, "a day ahead".into())),
        },
        Ack {
            seq: 2,
            outcome: Outcome::Applied,
        },
    ];
    let clock_ahead = store.apply_acks(&acks, &batch).await.unwrap();
    assert_eq!(clock_ahead, [1]);
    let left: Vec<Option<u64>> = store.outbox().await.unwrap().iter().map(|e| e.seq).collect();
    assert_eq!(left, [Some(1)], "queued until stamped again");
    assert_eq!(
        store.record(&ahead.id).await.unwrap().unwrap().sync,
        SyncState::Pending,
        "not shown as refused: it goes out again by itself"
    );

    store.restamp(&clock_ahead).await.unwrap();
    let later = js_sys::Date::now() as i64;
    let outbox = store.outbox().await.unwrap();
    assert_eq!(outbox.len(), 1);
    assert!(outbox[0].seq.unwrap() > 2, "a new entry, after every earlier one");
    let again = store.next_push("u-1", 10).await.unwrap();
    let sent = again.record(0).unwrap();
    assert_eq!(sent.fields.len(), future.fields.len());
    for (name, field) in &sent.fields {
        assert_eq!(Some(&field.v), future.get(name), "{name} keeps its value");
        assert!(field.s.ms() as i64 <= later, "{name} is stamped by the server's time");
    }
    store
        .save(&screening("u-1", "2020-09-29", "36.7"), "u-1")
        .await
        .unwrap();
    let next = store.next_push("u-1", 10).await.unwrap();
    assert!(next.record(1).unwrap().latest_stamp().unwrap().ms() as i64 <= js_sys::Date::now() as i64);
}

/// Rolling upgrades (issue #18), the device's side: a record pulled from a newer phone carries a
/// field this version does not know. It is kept when this device edits the fields it knows,
/// and goes back to the server with the change, so the newer phone's field is never lost.
#[wasm_bindgen_test]
async fn a_field_this_version_does_not_know_is_kept_through_an_edit() {
    let store = Store::open(&unique_db("unknown-field")).await.unwrap();
    let mine = screening("u-1", "2020-09-29", "36.5");
    let mut remote = mine.to_new_record(&Stamp::new(1, 0, "newer"));
    remote.set("oxygen_saturation", Value::Int(97), &Stamp::new(1, 0, "newer"));
    let json = remote
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap();
    let page = js_sys::Array::of1(
        &js_sys::JSON::parse(&js_sys::JSON::stringify(&json).unwrap().as_string().unwrap()).unwrap(),
    );
    store.apply_pull(&page, "cursor:u-1", 7, "").await.unwrap();

    // This version edits what it knows, through its typed record.
    let mut edited = mine.clone();
    edited.cough = true;
    assert!(store.save(&edited, "u-1").await.unwrap());
    let kept = store.record(&mine.id).await.unwrap().unwrap().record;
    assert_eq!(kept.get("cough"), Some(&Value::Bool(true)));
    assert_eq!(
        kept.get("oxygen_saturation"),
        Some(&Value::Int(97)),
        "kept in the store"
    );
    let batch = store.next_push("u-1", 10).await.unwrap();
    let sent = batch.record(0).unwrap();
    assert_eq!(
        sent.get("oxygen_saturation"),
        Some(&Value::Int(97)),
        "and sent with the change"
    );
    assert_eq!(
        sent.fields["oxygen_saturation"].s,
        Stamp::new(1, 0, "newer"),
        "under its own stamp"
    );
}

/// Issue #18: records that left the user's reach are dropped, those a page names gone, and on a
/// reset every one (the reset's pages bring back what is still in reach); a record with a change
/// still queued stays, and the phone's other users pull again from the start (what went may be
/// in their reach).
#[wasm_bindgen_test]
async fn records_out_of_reach_are_dropped_unless_a_change_waits() {
    let store = Store::open(&unique_db("reach")).await.unwrap();
    let pulled = |records: &[&posko_core::sync::Record]| {
        let page = js_sys::Array::new();
        for record in records {
            let json = record
                .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
                .unwrap();
            page.push(&js_sys::JSON::parse(&js_sys::JSON::stringify(&json).unwrap().as_string().unwrap()).unwrap());
        }
        page
    };
    let stamp = Stamp::new(5, 0, "server");
    let (a, b, c, d) = (
        screening("u-9", "2020-09-26", "36.5").to_new_record(&stamp),
        screening("u-9", "2020-09-27", "36.5").to_new_record(&stamp),
        screening("u-9", "2020-09-28", "36.5").to_new_record(&stamp),
        screening("u-9", "2020-09-29", "36.5").to_new_record(&stamp),
    );
    store
        .apply_pull(&pulled(&[&a, &b, &c, &d]), "cursor:u-1", 10, "")
        .await
        .unwrap();
    store.set_meta("cursor:u-2", &20u64).await.unwrap();
    // The reach rides on the cursor's row; a row from before it has none.
    assert_eq!(store.pull_position("cursor:u-1").await.unwrap(), (10, String::new()));
    store.apply_pull(&pulled(&[]), "cursor:u-1", 10, "0a1b").await.unwrap();
    assert_eq!(
        store.pull_position("cursor:u-1").await.unwrap(),
        (10, "0a1b".to_owned())
    );
    assert_eq!(store.pull_position("cursor:u-2").await.unwrap(), (20, String::new()));
    // The user's own change to `c`, not yet sent.
    let mine = screening("u-1", "2020-09-29", "36.6");
    store.save(&mine, "u-1").await.unwrap();
    let mut edited = Screening::from_record(&c).unwrap();
    edited.cough = true;
    store.save(&edited, "u-1").await.unwrap();

    // Named gone: `a`, and `c`, whose change waits.
    let ids = |ids: &[&String]| ids.iter().map(|id| JsValue::from_str(id)).collect::<js_sys::Array>();
    let dropped = store
        .drop_out_of_reach("u-1", &ids(&[&a.id, &c.id]), false)
        .await
        .unwrap();
    assert_eq!(dropped, 1);
    assert_eq!(store.record(&a.id).await.unwrap(), None);
    assert!(
        store.record(&c.id).await.unwrap().is_some(),
        "a waiting change keeps its record"
    );
    assert_eq!(
        store.meta::<u64>("cursor:u-1").await.unwrap(),
        Some(10),
        "the user's own cursor stays"
    );
    assert_eq!(
        store.meta::<u64>("cursor:u-2").await.unwrap(),
        None,
        "the other user pulls again"
    );

    // A reset: every record goes but `c` and the user's own new one, whose changes wait.
    let dropped = store.drop_out_of_reach("u-1", &ids(&[]), true).await.unwrap();
    assert_eq!(dropped, 2);
    let mut held: Vec<String> = Vec::new();
    for id in [&a.id, &b.id, &c.id, &d.id, &mine.id] {
        if store.record(id).await.unwrap().is_some() {
            held.push(id.clone());
        }
    }
    assert_eq!(held, [c.id.clone(), mine.id.clone()]);
    // Nothing more to drop: nothing else changes.
    assert_eq!(store.drop_out_of_reach("u-1", &ids(&[&a.id]), false).await.unwrap(), 0);
}
