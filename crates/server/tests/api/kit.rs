//! The record kit on the server, on both engines: declared projections are real columns that SQL
//! reads (written, updated, flagged deleted); a child needs its parent in the same scope; a
//! refusal names the field and the problem, and a replayed push repeats it; the screening's
//! date rules hold on the server as they do in the form. The test fixtures (a case, its contacts,
//! a checklist) go through push and pull like the kinds the next issues declare.

use crate::common;

use chrono::{DateTime, NaiveDate, Utc};
use common::sync::{demo, new_id, screening, screening_on, stamp, Person};
use common::TestApp;
use posko_core::kinds::fixtures::{FixtureCase, FixtureChecklist, FixtureContact};
use posko_core::kit::MEMBER_SEPARATOR;
use posko_core::sync::protocol::{Outcome, RejectCode, Rejection};
use posko_core::sync::{Record, Stamp, SyncRecord, Value};
use posko_core::Problem;

on_both_databases!(
    projections_are_columns_that_sql_reads,
    a_child_needs_its_parent_in_its_scope,
    a_refusal_names_the_field_and_a_replay_repeats_it,
    the_server_refuses_a_screening_the_form_refuses,
    a_checklist_merges_item_by_item_across_officers,
    a_server_upgraded_to_the_kit_fills_its_projections,
    a_creation_is_one_history_row_read_as_one_entry_per_field,
    a_device_on_the_previous_version_still_pushes_and_pulls,
    ids_past_their_bound_are_refused_before_anything,
    a_map_of_choices_projects_a_count_per_choice,
    a_newer_devices_field_is_kept_merged_and_pulled,
    a_second_record_of_a_person_or_office_and_day_is_refused,
);

/// Issue #18, item 4: one screening per person and day, one checklist and one plan per office
/// and day, as each kind declares (`kit::Ids`). A crafted push under any other id is
/// refused, naming the id; the day's own id is taken, and a second save of it merges into it.
/// A record stored before its kind declared its ids keeps taking edits.
async fn a_second_record_of_a_person_or_office_and_day_is_refused(app: TestApp) {
    use posko_core::checklist::checklist_id;
    use posko_core::wfo::wfo_day_id;
    let employee = app.login("pegawai").await;
    let me = demo("pegawai");
    let day = NaiveDate::from_ymd_opt(2020, 7, 14).unwrap();
    let refused = |response: &posko_core::sync::protocol::PushResponse| -> Vec<bool> {
        outcomes(response)
            .iter()
            .map(|o| matches!(o, Outcome::Rejected(r) if r.code == RejectCode::Invalid && r.field.as_deref() == Some("id") && r.problem == Some(Problem::NotTheDaysId)))
            .collect()
    };

    let days_own = screening(&me, &stamp(1, "phone"));
    let mut second = days_own.clone();
    second.id = new_id();
    let mut other_day = days_own.clone();
    other_day.id = posko_core::screening::screening_id(&me.id, day.pred_opt().unwrap()).unwrap();
    let response = app
        .push(&employee, "phone", 1, &[second, other_day, days_own.clone()])
        .await;
    assert_eq!(refused(&response), [true, true, false]);
    assert_eq!(outcomes(&response)[2], Outcome::Applied);
    // Filled in again that day on another phone: the same record, merged.
    let mut again = screening(&me, &stamp(2, "tablet"));
    again.set("cough", Value::Bool(true), &stamp(2, "tablet"));
    let response = app.push(&employee, "tablet", 1, std::slice::from_ref(&again)).await;
    assert_eq!(outcomes(&response), [Outcome::Applied]);
    assert_eq!(app.count("records").await, 1);

    let officer = app.login("petugas").await;
    let office = demo("petugas");
    let office_id = office.office_id.clone().unwrap();
    let with_id = |mut record: Record, id: String| {
        record.id = id;
        record
    };
    let checklist = |id: String| with_id(common::sync::checklist_of(&office, day, &stamp(3, "desk")), id);
    let plan = |id: String| with_id(common::sync::plan_of(&office, day, &stamp(3, "desk")), id);
    let batch = [
        checklist(new_id()),
        checklist(checklist_id("demo-kec-klojen", day).unwrap()), // another office's id
        checklist(checklist_id(&office_id, day).unwrap()),
        plan(wfo_day_id(&office_id, day.succ_opt().unwrap()).unwrap()), // another day's id
        plan(wfo_day_id(&office_id, day).unwrap()),
    ];
    let response = app.push(&officer, "desk", 1, &batch).await;
    assert_eq!(refused(&response), [true, true, false, true, false]);
    assert_eq!(app.count("records").await, 3);

    // A screening stored under a made id before screenings declared their ids.
    let mut legacy = screening_on(&me, 12, &stamp(1, "old-phone"));
    legacy.id = new_id();
    sqlx::query(
        "INSERT INTO records (id, kind, agency_id, office_id, owner_id, body, server_seq, updated_at) \
         VALUES ($1, 'screening', $2, $3, $4, $5, 0, 0)",
    )
    .bind(&legacy.id)
    .bind(&legacy.agency_id)
    .bind(legacy.office_id.as_deref())
    .bind(legacy.owner_id.as_deref())
    .bind(serde_json::to_string(&legacy).unwrap())
    .execute(&app.state.db.pool)
    .await
    .unwrap();
    let mut corrected = legacy.clone();
    corrected.set("temperature_decicelsius", Value::Int(368), &stamp(4, "old-phone"));
    let response = app
        .push(&employee, "old-phone", 1, std::slice::from_ref(&corrected))
        .await;
    assert_eq!(outcomes(&response), [Outcome::Applied]);
    assert_eq!(
        app.stored(&legacy.id).await.unwrap().get("temperature_decicelsius"),
        Some(&Value::Int(368))
    );
}

/// Rolling upgrades (issue #18): a phone on a newer version sends a field this server does not
/// know. It is kept: stored, merged field by field like any other, in the history, and pulled
/// by the other devices, which keep it too (`tests/store.rs` on the device) when they edit the
/// fields they know.
async fn a_newer_devices_field_is_kept_merged_and_pulled(app: TestApp) {
    let token = app.login("admin").await;
    let office = demo("petugas");
    let id = new_id();
    let mut newer = case(&office, &id, "suspect", None).to_new_record(&stamp(1, "newer"));
    newer.set("blood_type", Value::from("O"), &stamp(1, "newer"));
    let response = app.push(&token, "newer", 1, std::slice::from_ref(&newer)).await;
    assert_eq!(outcomes(&response), [Outcome::Applied]);

    // An older phone, which pulled it, changes the status and sends the record it holds.
    let officer = app.login("petugas").await;
    let mut older = app
        .pull_all(&officer, None)
        .await
        .into_iter()
        .find(|r| r.id == id)
        .unwrap();
    assert_eq!(older.get("blood_type"), Some(&Value::from("O")), "pulled as stored");
    older.set("status", Value::from("confirmed"), &stamp(2, "older"));
    // The newer phone, meanwhile, corrects the field only it knows.
    let mut corrected = newer.clone();
    corrected.set("blood_type", Value::from("A"), &stamp(3, "newer"));
    assert_eq!(
        outcomes(&app.push(&officer, "older", 1, &[older]).await),
        [Outcome::Applied]
    );
    assert_eq!(
        outcomes(&app.push(&token, "newer", 2, &[corrected]).await),
        [Outcome::Applied]
    );

    let merged = app.stored(&id).await.unwrap();
    assert_eq!(merged.get("status"), Some(&Value::from("confirmed")));
    assert_eq!(merged.get("blood_type"), Some(&Value::from("A")));
    let history = app
        .get(&format!("/api/records/{id}/history"), Some(&token))
        .await
        .json();
    assert!(
        history
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["field"] == "blood_type" && e["new"] == "A"),
        "{history}"
    );
}

fn at(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap()
}

/// Reported when the test stamps are made (2020-07-14).
const REPORTED_MS: i64 = 1_594_700_000_000;

fn case(office: &Person, id: &str, status: &str, onset: Option<NaiveDate>) -> FixtureCase {
    FixtureCase {
        id: id.to_owned(),
        agency_id: office.agency_id.clone(),
        office_id: office.office_id.clone(),
        owner_id: None,
        parent_id: None,
        name: "Budi".into(),
        status: status.into(),
        symptoms: vec!["cough".into(), "fever".into()],
        onset,
        reported_at: at(REPORTED_MS),
        isolated: true,
        temperature: Some(381),
    }
}

fn contact(office: &Person, id: &str, case_id: &str) -> FixtureContact {
    FixtureContact {
        id: id.to_owned(),
        agency_id: office.agency_id.clone(),
        office_id: office.office_id.clone(),
        owner_id: None,
        parent_id: Some(case_id.to_owned()),
        name: "Ani".into(),
        last_contact: NaiveDate::from_ymd_opt(2020, 7, 12).unwrap(),
        exposures: vec!["office".into()],
        became_case: None,
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn outcomes(response: &posko_core::sync::protocol::PushResponse) -> Vec<Outcome> {
    response.acks.iter().map(|a| a.outcome.clone()).collect()
}

fn refused(outcome: &Outcome) -> &Rejection {
    match outcome {
        Outcome::Rejected(rejection) => rejection,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

type CaseRow = (String, Option<String>, Option<i64>, i16);

async fn case_rows(app: &TestApp) -> Vec<CaseRow> {
    sqlx::query_as("SELECT status, onset, reported_at, deleted FROM kind_fixture_case WHERE agency_id = $1 ORDER BY id")
        .bind(demo("admin").agency_id)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap()
}

async fn projections_are_columns_that_sql_reads(app: TestApp) {
    let token = app.login("admin").await;
    let office = demo("petugas");
    let (first, second) = (new_id(), new_id());
    let s = stamp(1, "d-1");
    let records = [
        case(&office, &first, "suspect", Some(date(2020, 7, 10))).to_new_record(&s),
        case(&office, &second, "confirmed", None).to_new_record(&s),
        screening(&demo("pegawai"), &s),
    ];
    let response = app.push(&token, "d-1", 1, &records).await;
    assert!(
        outcomes(&response).iter().all(|o| *o == Outcome::Applied),
        "{response:?}"
    );

    let mut expected = vec![
        (
            "suspect".to_owned(),
            Some("2020-07-10".to_owned()),
            Some(REPORTED_MS),
            0,
        ),
        ("confirmed".to_owned(), None, Some(REPORTED_MS), 0),
    ];
    if first > second {
        expected.reverse();
    }
    assert_eq!(case_rows(&app).await, expected);
    // Reports group by the columns: SQL, no JSON.
    let by_status: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, COUNT(*) FROM kind_fixture_case GROUP BY status ORDER BY status")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(by_status, [("confirmed".to_owned(), 1), ("suspect".to_owned(), 1)]);
    let screened: Vec<String> = sqlx::query_scalar("SELECT date FROM kind_screening WHERE owner_id = $1")
        .bind(demo("pegawai").id)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(screened, ["2020-07-14"]);

    // An edit moves the column; a delete flags the row.
    let mut edit = Record::new(
        "fixture_case",
        first.clone(),
        office.agency_id.clone(),
        office.office_id.clone(),
        None,
    );
    edit.set("status", Value::from("confirmed"), &stamp(2, "d-1"));
    let mut gone = case(&office, &second, "confirmed", None).to_new_record(&s);
    gone.deleted = Some(stamp(3, "d-1"));
    let response = app.push(&token, "d-1", 4, &[edit, gone]).await;
    assert!(
        outcomes(&response).iter().all(|o| *o == Outcome::Applied),
        "{response:?}"
    );
    let rows: Vec<(String, i16)> =
        sqlx::query_as("SELECT id, deleted FROM kind_fixture_case WHERE status = $1 ORDER BY id")
            .bind("confirmed")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
    let mut expected = vec![(first.clone(), 0), (second.clone(), 1)];
    expected.sort();
    assert_eq!(rows, expected);
}

async fn a_child_needs_its_parent_in_its_scope(app: TestApp) {
    let token = app.login("admin").await;
    let office = demo("petugas");
    let other_office = Person {
        office_id: Some("demo-kec-klojen".into()),
        ..office.clone()
    };
    let s = stamp(1, "d-1");
    let case_id = new_id();
    let orphan = contact(&office, &new_id(), "no-such-case").to_new_record(&s);
    let response = app.push(&token, "d-1", 1, &[orphan]).await;
    let rejection = refused(&response.acks[0].outcome);
    assert_eq!(
        (rejection.code, rejection.field.as_deref(), &rejection.problem),
        (RejectCode::Invalid, Some("parent_id"), &Some(Problem::NotFound))
    );

    // The case, then its contact in the same push: the outbox sends parents first.
    let child = new_id();
    let records = [
        case(&office, &case_id, "confirmed", None).to_new_record(&s),
        contact(&office, &child, &case_id).to_new_record(&s),
        // Another office cannot hang a contact on this office's case.
        contact(&other_office, &new_id(), &case_id).to_new_record(&s),
    ];
    let response = app.push(&token, "d-1", 2, &records).await;
    let got = outcomes(&response);
    assert_eq!(got[..2], [Outcome::Applied, Outcome::Applied]);
    assert_eq!(refused(&got[2]).field.as_deref(), Some("parent_id"));

    let parent: Option<String> = sqlx::query_scalar("SELECT parent_id FROM kind_fixture_contact WHERE id = $1")
        .bind(&child)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(parent.as_deref(), Some(case_id.as_str()));
    // The officer of the office pulls the case with its contact, parent link intact.
    let pulled = app.pull_all(&app.login("petugas").await, None).await;
    let kid = pulled.iter().find(|r| r.id == child).expect("the contact is pulled");
    assert_eq!(kid.parent_id.as_deref(), Some(case_id.as_str()));
    assert_eq!(
        FixtureContact::from_record(kid).unwrap(),
        contact(&office, &child, &case_id)
    );
}

async fn a_refusal_names_the_field_and_a_replay_repeats_it(app: TestApp) {
    let token = app.login("admin").await;
    let office = demo("petugas");
    let s = stamp(1, "d-1");
    let bad_status = case(&office, &new_id(), "cured", None).to_new_record(&s);
    // A declared field in a shape it does not have (a later version's field is kept instead:
    // `a_newer_devices_field_is_kept_merged_and_pulled`).
    let mut unknown_field = case(&office, &new_id(), "suspect", None).to_new_record(&s);
    unknown_field.set("status.extra", Value::from("O"), &s);
    let mut bad_symptom = case(&office, &new_id(), "suspect", None).to_new_record(&s);
    bad_symptom.set(&format!("symptoms{MEMBER_SEPARATOR}headache"), Value::Bool(true), &s);
    let onset_after_report = case(&office, &new_id(), "suspect", Some(date(2020, 7, 20))).to_new_record(&s);
    let records = [bad_status, unknown_field, bad_symptom, onset_after_report];
    let first = app.push(&token, "d-1", 1, &records).await;
    let named: Vec<(Option<String>, Option<Problem>)> = outcomes(&first)
        .iter()
        .map(|o| {
            let r = refused(o);
            assert_eq!(r.code, RejectCode::Invalid);
            (r.field.clone(), r.problem.clone())
        })
        .collect();
    assert_eq!(
        named,
        [
            (Some("status".into()), Some(Problem::NotAChoice)),
            (Some("status.extra".into()), Some(Problem::UnknownField)),
            // A member is named by its field, which is what the form shows.
            (Some("symptoms".into()), Some(Problem::NotAChoice)),
            (Some("onset".into()), Some(Problem::InFuture)),
        ]
    );
    // The reply was lost: the device sends the same entries and reads the same reasons.
    let again = app.push(&token, "d-1", 1, &records).await;
    assert_eq!(outcomes(&again), outcomes(&first));
    assert_eq!(app.count("kind_fixture_case").await, 0);
}

async fn the_server_refuses_a_screening_the_form_refuses(app: TestApp) {
    let token = app.login("pegawai").await;
    let me = demo("pegawai");
    let now = Utc::now();
    // Stamped by the server's time (a stamp a day ahead is refused before anything else:
    // `tests/api/sync.rs`), whatever the record says it was recorded at.
    let dated = |days: i64, recorded: DateTime<Utc>| {
        let mut record = screening(&me, &Stamp::new(now.timestamp_millis() as u64, 0, "d-1"));
        let day = (recorded + chrono::Duration::hours(7)).date_naive() + chrono::Duration::days(days);
        let s = Stamp::new(now.timestamp_millis() as u64, 1, "d-1");
        record.set("date", Value::from(posko_core::date::format_ymd(day)), &s);
        record.set("recorded_at", Value::Int(recorded.timestamp_millis()), &s);
        // That day's one screening.
        record.id = posko_core::screening::screening_id(&me.id, day).unwrap();
        record
    };
    let records = [
        dated(0, now),
        dated(-3, now),
        dated(30, now),
        dated(-30, now),
        // Dated today but recorded tomorrow, by a phone whose clock runs a day ahead.
        dated(-1, now + chrono::Duration::days(1)),
    ];
    let response = app.push(&token, "d-1", 1, &records).await;
    let got: Vec<Option<(String, Problem)>> = outcomes(&response)
        .iter()
        .map(|o| match o {
            Outcome::Rejected(r) => Some((r.field.clone().unwrap(), r.problem.clone().unwrap())),
            _ => None,
        })
        .collect();
    assert_eq!(
        got,
        [
            None,
            None,
            Some(("date".into(), Problem::InFuture)),
            Some(("date".into(), Problem::TooOld { days: 7 })),
            Some(("recorded_at".into(), Problem::InFuture)),
        ]
    );
}

async fn a_checklist_merges_item_by_item_across_officers(app: TestApp) {
    let office = demo("petugas");
    let id = new_id();
    let checklist = |answers: &[(&str, &str)], photos: &[&str]| FixtureChecklist {
        id: id.clone(),
        agency_id: office.agency_id.clone(),
        office_id: office.office_id.clone(),
        owner_id: None,
        parent_id: None,
        date: date(2020, 7, 14),
        answers: answers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        notes: Vec::new(),
        photos: photos.iter().map(|p| (*p).to_owned()).collect(),
        headcount: Some(40),
    };
    let photo_a = "a".repeat(64);
    let photo_b = "b".repeat(64);
    // Two officers, offline, tick different items of the same checklist.
    let one = checklist(&[("masks", "pass")], &[&photo_a]).to_new_record(&stamp(1, "d-1"));
    let two = checklist(&[("ventilation", "fail")], &[&photo_b]).to_new_record(&stamp(2, "d-2"));
    let officer = app.login("petugas").await;
    let admin = app.login("admin").await;
    assert_eq!(
        outcomes(&app.push(&officer, "d-1", 1, &[one]).await),
        [Outcome::Applied]
    );
    assert_eq!(outcomes(&app.push(&admin, "d-2", 1, &[two]).await), [Outcome::Applied]);
    let merged = FixtureChecklist::from_record(&app.stored(&id).await.unwrap()).unwrap();
    assert_eq!(
        merged.answers,
        [
            ("masks".to_owned(), "pass".to_owned()),
            ("ventilation".to_owned(), "fail".to_owned())
        ]
    );
    assert_eq!(merged.photos, [photo_a, photo_b]);
    let headcount: Option<i64> = sqlx::query_scalar("SELECT headcount FROM kind_fixture_checklist WHERE id = $1")
        .bind(&id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(headcount, Some(40));
}

/// A server that stored screenings before projections existed gets its columns filled at start.
async fn a_server_upgraded_to_the_kit_fills_its_projections(app: TestApp) {
    let token = app.login("pegawai").await;
    let me = demo("pegawai");
    let records: Vec<Record> = [13, 14].map(|day| screening_on(&me, day, &stamp(1, "d-1"))).into();
    let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
    app.push(&token, "d-1", 1, &records).await;
    let db = &app.state.db;
    sqlx::query("DROP TABLE kind_screening")
        .execute(&db.pool)
        .await
        .unwrap();
    posko_server::sync::projection::prepare(db, app.state.kinds)
        .await
        .unwrap();
    let mut filled: Vec<(String, String)> = sqlx::query_as("SELECT id, date FROM kind_screening")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    filled.sort();
    let mut expected: Vec<(String, String)> = ids
        .iter()
        .zip(["2020-07-13", "2020-07-14"])
        .map(|(id, date)| (id.clone(), date.to_owned()))
        .collect();
    expected.sort();
    assert_eq!(filled, expected);
}

/// Ingest writes one history row for a new record; the history still shows every field's first
/// value, who sent it and when, and a later edit as its own entry.
async fn a_creation_is_one_history_row_read_as_one_entry_per_field(app: TestApp) {
    let token = app.login("pegawai").await;
    let created = screening(&demo("pegawai"), &stamp(1, "d-1"));
    let id = created.id.clone();
    app.push(&token, "d-1", 1, std::slice::from_ref(&created)).await;
    assert_eq!(app.count("field_history").await, 1);
    let mut edit = created.clone();
    edit.set("temperature_decicelsius", Value::Int(372), &stamp(2, "d-1"));
    // The whole record goes again with the edit: only the edited field is a new row.
    app.push(&token, "d-1", 2, &[edit]).await;
    assert_eq!(app.count("field_history").await, 2);

    let reply = app.get(&format!("/api/records/{id}/history"), Some(&token)).await;
    let history: Vec<posko_core::sync::protocol::HistoryEntry> = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(history.len(), created.fields.len() + 1);
    for (name, field) in &created.fields {
        let first = history
            .iter()
            .find(|e| e.field == *name && e.stamp == field.s)
            .expect(name);
        assert_eq!((&first.old, &first.new, first.won), (&None, &field.v, true), "{name}");
        assert_eq!(first.user_id, demo("pegawai").id);
    }
    let last = history.last().unwrap();
    assert_eq!(
        (last.field.as_str(), &last.old, &last.new),
        ("temperature_decicelsius", &Some(Value::Int(365)), &Value::Int(372))
    );
}

/// A phone still running the version before the record kit sends its screenings in the shape it
/// always did (no `parent_id`, plain JSON, not gzipped) and reads pulls the same way: both work.
async fn a_device_on_the_previous_version_still_pushes_and_pulls(app: TestApp) {
    let token = app.login("pegawai").await;
    let me = demo("pegawai");
    let id = format!("screening-2020-08-01-{}", me.id);
    let s = "0173dd3a1c00-0000-old-phone";
    let f = |v: &str| format!(r#"{{"v":{v},"s":"{s}"}}"#);
    let body = format!(
        r#"{{"device_id":"old-phone","entries":[{{"seq":1,"record":{{"id":"{id}","kind":"screening","agency_id":"{agency}","office_id":"{office}","owner_id":"{owner}","fields":{{"close_contact_14d":{b},"cough":{b},"date":{date},"fever":{b},"loss_of_smell_or_taste":{b},"other_symptom":{null},"recorded_at":{at},"rules_version":{rules},"shortness_of_breath":{b},"sore_throat":{b},"temperature_decicelsius":{temp},"travel_14d":{b}}}}}}}]}}"#,
        agency = me.agency_id,
        office = me.office_id.clone().unwrap(),
        owner = me.id,
        b = f("false"),
        date = f(r#""2020-08-01""#),
        null = f("null"),
        at = f("1596250000000"),
        rules = f(r#""KMK-328-2020""#),
        temp = f("366"),
    );
    let reply = app.post_json("/api/sync/push", Some(&token), &body).await;
    assert_eq!(
        reply.status,
        axum::http::StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(reply.json()["acks"][0]["outcome"], "applied");

    let pulled = app.get("/api/sync/pull?after=0", Some(&token)).await.json();
    let record = pulled["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id.as_str())
        .expect("pulled back");
    // The shape the old phone reads: no key it does not know on a screening.
    let keys: Vec<&str> = record.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["agency_id", "fields", "id", "kind", "office_id", "owner_id"]);
    assert_eq!(record["fields"]["temperature_decicelsius"]["v"], 366);
}

/// Ids are bounded (1 to 64 bytes) wherever a record carries one: nothing of such a record is
/// stored, and the records beside it apply.
async fn ids_past_their_bound_are_refused_before_anything(app: TestApp) {
    let token = app.login("admin").await;
    let office = demo("petugas");
    let s = stamp(1, "d-1");
    let long = "x".repeat(posko_core::kit::MAX_ID_LEN + 1);
    let long_id = case(&office, &long, "suspect", None).to_new_record(&s);
    let mut long_owner = case(&office, &new_id(), "suspect", None).to_new_record(&s);
    long_owner.owner_id = Some(long.clone());
    let good = case(&office, &new_id(), "suspect", None).to_new_record(&s);
    let response = app.push(&token, "d-1", 1, &[long_id, long_owner, good]).await;
    let got = outcomes(&response);
    assert_eq!(refused(&got[0]).code, RejectCode::Invalid);
    assert_eq!(refused(&got[1]).code, RejectCode::Invalid);
    assert_eq!(got[2], Outcome::Applied);
    assert_eq!(app.count("records").await, 1);
}

type Counts = (i64, i64, i64);

async fn answer_counts(app: &TestApp, id: &str) -> Counts {
    sqlx::query_as("SELECT answers_pass, answers_fail, answers_not_applicable FROM kind_checklist WHERE id = $1")
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

/// A checklist's answers (a map of item → choice) project as one count per choice, which an
/// edit moves (a changed answer, a removed one counting for nothing) and a server that adds the
/// columns fills from the stored records.
async fn a_map_of_choices_projects_a_count_per_choice(app: TestApp) {
    use posko_core::checklist::{checklist_id, Checklist, Template};
    let office = demo("petugas");
    let day = date(2020, 7, 14);
    let mut checklist = Checklist {
        id: checklist_id(office.office_id.as_deref().unwrap(), day).unwrap(),
        agency_id: office.agency_id.clone(),
        office_id: office.office_id.clone(),
        owner_id: None,
        parent_id: None,
        date: day,
        template: Template::current().version.into(),
        answers: [
            ("distance", "fail"),
            ("masks", "pass"),
            ("meetings_canteen", "not_applicable"),
            ("ventilation", "pass"),
        ]
        .iter()
        .map(|(item, answer)| ((*item).to_owned(), (*answer).to_owned()))
        .collect(),
        notes: Vec::new(),
        photos: Vec::new(),
        headcount: Some(12),
        checked_at: at(REPORTED_MS),
    };
    let token = app.login("petugas").await;
    let mut record = checklist.to_new_record(&stamp(1, "d-1"));
    let pushed = app.push(&token, "d-1", 1, std::slice::from_ref(&record)).await;
    assert_eq!(outcomes(&pushed), [Outcome::Applied]);
    assert_eq!(answer_counts(&app, &checklist.id).await, (2, 1, 1));

    // Distance now passes, ventilation is unanswered (its member null).
    checklist.answers = vec![
        ("distance".into(), "pass".into()),
        ("masks".into(), "pass".into()),
        ("meetings_canteen".into(), "not_applicable".into()),
    ];
    assert_eq!(checklist.write_into(&mut record, &stamp(2, "d-1")), 2);
    assert_eq!(record.get("answers.ventilation"), Some(&Value::Null));
    let pushed = app.push(&token, "d-1", 2, &[record]).await;
    assert_eq!(outcomes(&pushed), [Outcome::Applied]);
    assert_eq!(answer_counts(&app, &checklist.id).await, (2, 0, 1));

    // A server from before the columns: its table gets them, filled, at start.
    let db = &app.state.db;
    for column in ["answers_pass", "answers_fail", "answers_not_applicable"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "ALTER TABLE kind_checklist DROP COLUMN {column}"
        )))
        .execute(&db.pool)
        .await
        .unwrap();
    }
    posko_server::sync::projection::prepare(db, app.state.kinds)
        .await
        .unwrap();
    assert_eq!(answer_counts(&app, &checklist.id).await, (2, 0, 1));
}
