//! Who reads and writes what, as a matrix on both engines: every role × every kind × a record of
//! the user's own office, of another office of the agency, and of another agency, on pull and on
//! push. An employee reads their own screenings and writes only those; officers their office;
//! the admin the agency; the PPK reads the agency and writes nothing; a monitor reads no record
//! about a person at all (health data is specific personal data, UU 27/2022) and writes nothing.

use crate::common;

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{DateTime, NaiveDate};
use common::sync::{add_demo_user, add_other_agency_user, demo, new_id, screening, screening_on, stamp, Person};
use common::TestApp;
use posko_core::alert::AlertAction;
use posko_core::checklist::ChecklistTemplate;
use posko_core::sync::protocol::{Outcome, RejectCode};
use posko_core::sync::{Record, SyncRecord};
use posko_core::violation::Violation;
use posko_core::Role;

on_both_databases!(
    every_role_reads_and_writes_only_what_it_may,
    only_the_admin_sets_a_discipline_level,
    a_violation_is_read_by_its_person_and_their_unit_head,
    a_user_moved_to_another_office_pulls_again_from_the_start,
    a_record_that_unnames_its_reader_is_gone_from_their_next_pull,
    the_upgrade_to_audiences_keeps_every_reader_and_departure,
    an_officer_of_the_whole_agency_reads_its_everyday_work_and_no_case,
    a_contact_handed_to_another_tracer_is_gone_from_the_first_tracers_pull
);

/// Issue #20, item 9: an officer with no office read every record of the agency, cases
/// included. They read its everyday work (`Audience::AgencyWork`, every record but the health
/// kinds'), and of the health kinds only what names them (their own case); a tracing officer
/// with no office reads the cases too. Paged one record at a time, so the count of what is left
/// runs through the same rule.
async fn an_officer_of_the_whole_agency_reads_its_everyday_work_and_no_case(app: TestApp) {
    let protocol = add_demo_user(&app, "protokol.pusat", Role::ProtocolOfficer, None).await;
    let tracer = add_demo_user(&app, "pelacak.pusat", Role::TracingOfficer, None).await;
    let admin = app.login("admin").await;
    let (balai_kota, klojen) = (demo("pegawai"), demo("pelacak"));
    // The violation's person on the roster first (the server derives from it).
    let on_roster = roster_person(&balai_kota, &matrix_person_id(&balai_kota));
    app.push(&admin, "admin-roster", 1, std::slice::from_ref(&on_roster))
        .await;
    let work = [
        on_roster.clone(),
        violation(&balai_kota, &new_id()),
        roster_person(&klojen, &new_id()),
        screening(&balai_kota, &stamp(1, "matrix")),
    ];
    let someones_case = case(&balai_kota, &balai_kota, &new_id());
    let own_case = case(&klojen, &protocol, &new_id());
    let health = [
        someones_case.clone(),
        own_case.clone(),
        lab_test(&someones_case, &new_id()),
        close_contact(&someones_case, "demo-pelacak", &new_id()),
        call(&klojen, &balai_kota, "demo-admin", &new_id()),
        outside_person(&klojen, &new_id()),
    ];
    let batch: Vec<Record> = work[1..].iter().chain(health.iter()).cloned().collect();
    let reply = app.push(&admin, "admin", 1, &batch).await;
    assert!(
        reply.acks.iter().all(|a| a.outcome == Outcome::Applied),
        "{:?}",
        reply.acks
    );

    let ids = |records: Vec<Record>| -> Vec<String> { records.into_iter().map(|r| r.id).collect() };
    let protocol_reads = ids(app.pull_all(&app.login("protokol.pusat").await, Some(1)).await);
    for record in &work {
        assert!(
            protocol_reads.contains(&record.id),
            "the officer reads the {}",
            record.kind
        );
    }
    assert!(protocol_reads.contains(&own_case.id), "and their own case");
    for record in health.iter().filter(|r| r.id != own_case.id) {
        assert!(
            !protocol_reads.contains(&record.id),
            "but no {} of anyone else",
            record.kind
        );
    }
    let first = app.pull(&app.login("protokol.pusat").await, 0, Some(1)).await;
    assert_eq!(first.remaining, work.len() as u64, "what is left is what they read");

    let tracer_reads = ids(app.pull_all(&app.login("pelacak.pusat").await, Some(2)).await);
    for record in work.iter().chain(health.iter()) {
        // The contact is demo-pelacak's, not this tracer's.
        let reads = record.kind != "close_contact";
        assert_eq!(
            tracer_reads.contains(&record.id),
            reads,
            "the tracer reads the {}",
            record.kind
        );
    }
    let _ = tracer;
}

/// Issue #20, item 9: a contact handed to another tracer leaves the first tracer's phone (their
/// next pull names it gone) and reaches the second's; the first may no longer change it.
async fn a_contact_handed_to_another_tracer_is_gone_from_the_first_tracers_pull(app: TestApp) {
    let second = add_demo_user(&app, "pelacak2", Role::TracingOfficer, Some("demo-balai-kota")).await;
    let admin = app.login("admin").await;
    let first_tracer = app.login("pelacak").await;
    let place = demo("pegawai");
    let parent = case(&place, &place, &new_id());
    let contact = close_contact(&parent, "demo-pelacak", &new_id());
    app.push(&admin, "admin", 1, &[parent.clone(), contact.clone()]).await;
    let before = app.pull(&first_tracer, 0, None).await;
    assert!(before.records.iter().any(|r| r.id == contact.id));

    let mut handed = contact.clone();
    handed.set(
        "tracer",
        posko_core::sync::Value::Text(second.id.clone()),
        &stamp(5, "admin"),
    );
    let reply = app.push(&admin, "admin", 3, &[handed]).await;
    assert_eq!(reply.acks[0].outcome, Outcome::Applied, "{:?}", reply.acks);

    let after = app.pull_reached(&first_tracer, before.cursor, &before.reach).await;
    assert_eq!(after.gone, std::slice::from_ref(&contact.id));
    let theirs = app.pull_all(&app.login("pelacak2").await, None).await;
    assert!(theirs.iter().any(|r| r.id == contact.id), "the second tracer has it");

    // A follow-up entry the first tracer makes after it was handed on is refused (their phone
    // keeps it, marked refused, until they discard it).
    let mut late = contact.clone();
    late.set(
        "follow_up.2020-07-13",
        posko_core::sync::Value::Text("healthy".into()),
        &stamp(6, "pelacak"),
    );
    let reply = app.push(&first_tracer, "pelacak", 1, &[late]).await;
    assert!(
        matches!(&reply.acks[0].outcome, Outcome::Rejected(r) if r.code == RejectCode::OutOfScope),
        "{:?}",
        reply.acks
    );
}

/// Migration 0010 on both engines: from departures of named users and a pull written in SQL to
/// each record's audiences. The server writes the audiences of the records stored before at
/// start, so every reader still reads them, and a departure kept before is still told.
async fn the_upgrade_to_audiences_keeps_every_reader_and_departure(app: TestApp) {
    posko_server::seed::ensure_demo_roster(&app.state.db, app.state.kinds)
        .await
        .unwrap();
    let officer = app.login("petugas").await;
    let employee = app.login("pegawai").await;
    let record = violation_naming("demo-pegawai", 2);
    app.push(&officer, "officer", 1, std::slice::from_ref(&record)).await;
    let mine = app.pull(&employee, 0, None).await;
    assert!(mine.records.iter().any(|r| r.id == record.id));

    // The tables as migration 0009 left them, with a departure of the employee from a record
    // since deleted, under a change number after her cursor.
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "DROP TABLE record_audiences; DROP TABLE audience_rules; DROP TABLE record_group_departures; \
         CREATE TABLE record_departures (agency_id TEXT NOT NULL, user_id TEXT NOT NULL, \
           server_seq BIGINT NOT NULL, record_id TEXT NOT NULL, \
           PRIMARY KEY (agency_id, user_id, server_seq, record_id)); \
         INSERT INTO record_departures VALUES ('{}', 'demo-pegawai', {}, 'left-before');",
        posko_server::seed::DEMO_AGENCY_ID,
        mine.cursor + 1
    )))
    .execute(&app.state.db.pool)
    .await
    .unwrap();
    sqlx::raw_sql(include_str!("../../migrations/0010_audiences.sql"))
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    posko_server::sync::audience::prepare(&app.state.db, app.state.kinds)
        .await
        .unwrap();

    let ids = |page: &posko_core::sync::protocol::PullResponse| -> Vec<String> {
        page.records.iter().map(|r| r.id.clone()).collect()
    };
    assert!(
        ids(&app.pull(&employee, 0, None).await).contains(&record.id),
        "named, she reads it still"
    );
    assert!(
        ids(&app.pull(&officer, 0, None).await).contains(&record.id),
        "her office's officer too"
    );
    // A change after her cursor, so the departure's number is in the range she pulls next.
    let screened = screening(&demo("pegawai"), &stamp(3, "phone"));
    app.push(&employee, "phone", 1, &[screened]).await;
    let next = app.pull(&employee, mine.cursor, None).await;
    assert_eq!(next.gone, ["left-before"]);
}

/// Issue #18: a user's pull cursor was one for all their reach, so an officer moved to another
/// office never received that office's older records, and kept the old office's. The pull says
/// the reach its pages are of; a device that reached its cursor under another starts again
/// from the beginning, told so (`reset`), and drops what the new pages do not bring.
async fn a_user_moved_to_another_office_pulls_again_from_the_start(app: TestApp) {
    let admin = app.login("admin").await;
    let (balai_kota, klojen) = (demo("petugas"), demo("pelacak"));
    let here = roster_person(&balai_kota, &new_id());
    let there = roster_person(&klojen, &new_id());
    app.push(&admin, "admin", 1, &[here.clone(), there.clone()]).await;

    let officer = app.login("petugas").await;
    let first = app.pull(&officer, 0, None).await;
    let ids = |page: &posko_core::sync::protocol::PullResponse| -> Vec<String> {
        page.records.iter().map(|r| r.id.clone()).collect()
    };
    assert!(ids(&first).contains(&here.id) && !ids(&first).contains(&there.id));
    assert!(!first.reset && !first.reach.is_empty());
    // Unmoved, the same reach goes on from the cursor.
    let again = app.pull_reached(&officer, first.cursor, &first.reach).await;
    assert!(!again.reset && again.records.is_empty());

    // Moved to Klojen.
    sqlx::query("UPDATE users SET office_id = 'demo-kec-klojen' WHERE id = 'demo-petugas'")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let moved = app.pull_reached(&officer, first.cursor, &first.reach).await;
    assert!(moved.reset, "the cursor was reached under the old office");
    assert_ne!(moved.reach, first.reach);
    assert!(ids(&moved).contains(&there.id), "the new office's older records come");
    assert!(!ids(&moved).contains(&here.id), "the old office's do not");
    // Under the new reach, from its cursor: nothing to start again.
    let next = app.pull_reached(&officer, moved.cursor, &moved.reach).await;
    assert!(!next.reset && next.records.is_empty());
    // A device that sends no reach (before issue #18) goes on from its cursor as it did.
    assert!(!app.pull(&officer, first.cursor, None).await.reset);
}

/// Issue #18: a violation names its person, who reads it; corrected to name someone else, it
/// left her reach, and her phone kept it. Her next pull names it gone; named again, it comes
/// back and is not gone.
async fn a_record_that_unnames_its_reader_is_gone_from_their_next_pull(app: TestApp) {
    posko_server::seed::ensure_demo_roster(&app.state.db, app.state.kinds)
        .await
        .unwrap();
    let officer = app.login("petugas").await;
    let employee = app.login("pegawai").await;
    let mut record = violation(&demo("pegawai"), &new_id());
    let mut name = |person: &str, ms: u64| {
        record.set(
            "person",
            posko_core::sync::Value::Text(person.into()),
            &stamp(ms, "officer"),
        );
        record.clone()
    };
    let named = name("demo-pegawai", 2);
    let reply = app.push(&officer, "officer", 1, std::slice::from_ref(&named)).await;
    assert_eq!(reply.acks[0].outcome, Outcome::Applied, "{:?}", reply.acks);
    let mine = app.pull(&employee, 0, None).await;
    assert!(mine.records.iter().any(|r| r.id == named.id));
    assert!(mine.gone.is_empty());

    let corrected = name("demo-person-007", 3);
    app.push(&officer, "officer", 2, &[corrected]).await;
    let after = app.pull_reached(&employee, mine.cursor, &mine.reach).await;
    assert_eq!(after.gone, std::slice::from_ref(&named.id));
    assert!(after.records.is_empty());
    // The officer, who reads it by scope, is told nothing gone.
    assert!(app.pull(&officer, 0, None).await.gone.is_empty());

    let named_again = name("demo-pegawai", 4);
    app.push(&officer, "officer", 3, &[named_again]).await;
    let back = app.pull_reached(&employee, after.cursor, &after.reach).await;
    assert!(back.records.iter().any(|r| r.id == named.id));
    assert!(back.gone.is_empty());
    // From the start, the departure between is past: she may read it now.
    assert!(app.pull(&employee, 0, None).await.gone.is_empty());
}

/// Where a record is, seen from a user of the demo agency's Balai Kota office.
const PLACES: [&str; 3] = ["own office", "other office", "other agency"];
const KINDS: [&str; 13] = [
    "screening",
    "person",
    "violation",
    "alert_action",
    "checklist",
    "wfo_day",
    "checklist_template",
    "call_center",
    "outside_person",
    "case",
    "lab_test",
    "close_contact",
    "call",
];

fn roster_person(place: &Person, id: &str) -> Record {
    common::sync::roster_person(place, id, &stamp(1, "matrix"))
}

/// The roster person the matrix's violations at `place` name: the first batch at each place
/// puts them on its roster.
fn matrix_person_id(place: &Person) -> String {
    format!("matrix-person-{}", place.id)
}

/// A new violation at Balai Kota, its person set by an officer at `ms` to `person` (the demo
/// roster's), from whom the server derives the rest.
fn violation_naming(person: &str, ms: u64) -> Record {
    let mut record = violation(&demo("pegawai"), &new_id());
    record.set(
        "person",
        posko_core::sync::Value::Text(person.into()),
        &stamp(ms, "officer"),
    );
    record
}

fn violation(place: &Person, id: &str) -> Record {
    violation_with(place, id, &[])
}

fn violation_with(place: &Person, id: &str, photos: &[&str]) -> Record {
    Violation {
        id: id.to_owned(),
        agency_id: place.agency_id.clone(),
        office_id: place.office_id.clone(),
        owner_id: None,
        parent_id: None,
        // Someone of the place's roster who signs in to nothing (the matrix is about scope
        // alone): the server finds them there to derive the rest (`kit::derive`).
        person: matrix_person_id(place),
        person_name: "Siti Aminah".into(),
        unit: None,
        answerable: None,
        answerable_name: None,
        breach: "no_mask".into(),
        happened_on: NaiveDate::from_ymd_opt(2020, 7, 14).unwrap(),
        place: None,
        detail: None,
        photos: photos.iter().map(|p| (*p).to_owned()).collect(),
        discipline: None,
    }
    .to_new_record(&stamp(1, "matrix"))
}

/// The place's checklist of `day` July 2020 (the office's one that day).
fn checklist(place: &Person, day: u32) -> Record {
    common::sync::checklist_of(
        place,
        NaiveDate::from_ymd_opt(2020, 7, day).unwrap(),
        &stamp(1, "matrix"),
    )
}

/// The place's plan of `day` July 2020 (the office's one that day).
fn wfo_day(place: &Person, day: u32) -> Record {
    common::sync::plan_of(
        place,
        NaiveDate::from_ymd_opt(2020, 7, day).unwrap(),
        &stamp(1, "matrix"),
    )
}

/// A version of the place's agency's own checklist: agency-wide, in no office.
fn checklist_template(place: &Person, id: &str) -> Record {
    ChecklistTemplate::next(id.to_owned(), place.agency_id.clone(), None, "Suhu diperiksa\nMasker")
        .to_new_record(&stamp(1, "matrix"))
}

/// The place's office's call center (its one record), with a number of `day`'s.
fn call_center(place: &Person, day: u32) -> Record {
    let office = place.office_id.clone().expect("a place of the matrix is in an office");
    posko_core::call_center::CallCenter {
        id: posko_core::call_center::CALL_CENTER_IDS.single_id(&office).unwrap(),
        agency_id: place.agency_id.clone(),
        office_id: Some(office),
        owner_id: None,
        parent_id: None,
        phone: format!("0341-5500{day:02}"),
        name: None,
    }
    .to_new_record(&stamp(u64::from(day), "matrix"))
}

/// An action on the screening `parent`, by `author` (a log entry is its author's).
fn alert_action(parent: &Record, author: &str, id: &str) -> Record {
    AlertAction {
        id: id.to_owned(),
        agency_id: parent.agency_id.clone(),
        office_id: parent.office_id.clone(),
        owner_id: Some(author.to_owned()),
        parent_id: Some(parent.id.clone()),
        action: "called".into(),
        note: None,
        done_at: DateTime::from_timestamp_millis(1_594_700_000_000).unwrap(),
    }
    .to_new_record(&stamp(1, "matrix"))
}

/// A person outside the roster at `place`.
fn outside_person(place: &Person, id: &str) -> Record {
    posko_core::cases::OutsidePerson {
        id: id.to_owned(),
        agency_id: place.agency_id.clone(),
        office_id: place.office_id.clone(),
        owner_id: None,
        parent_id: None,
        full_name: "Rina Wati".into(),
        nik: None,
        sex: Some("female".into()),
        birth_date: None,
        age: Some(34),
        phone: None,
        address: None,
        kecamatan: Some("Klojen".into()),
        kelurahan: Some("Oro-oro Dowo".into()),
        relative_of: None,
        relationship: None,
    }
    .to_new_record(&stamp(1, "matrix"))
}

/// A confirmed case of `subject` (who reads their own case), at `place`.
fn case(place: &Person, subject: &Person, id: &str) -> Record {
    posko_core::cases::Case {
        id: id.to_owned(),
        agency_id: place.agency_id.clone(),
        office_id: place.office_id.clone(),
        owner_id: None,
        parent_id: None,
        person: Some(subject.id.clone()),
        outside_person: None,
        status: "confirmed_symptomatic".into(),
        rules_version: "KMK-413-2020".into(),
        onset: NaiveDate::from_ymd_opt(2020, 7, 10),
        specimen: NaiveDate::from_ymd_opt(2020, 7, 12),
        symptoms_resolved: None,
        isolation_place: Some("home".into()),
        cluster: Some("office".into()),
        alert: None,
        call: None,
        from_contact: None,
        notes: None,
    }
    .to_new_record(&stamp(1, "matrix"))
}

/// A PCR test of the case `parent`.
fn lab_test(parent: &Record, id: &str) -> Record {
    posko_core::cases::LabTestRecord {
        id: id.to_owned(),
        agency_id: parent.agency_id.clone(),
        office_id: parent.office_id.clone(),
        owner_id: None,
        parent_id: Some(parent.id.clone()),
        method: "pcr".into(),
        taken_at: DateTime::from_timestamp_millis(1_594_500_000_000).unwrap(),
        result: "positive".into(),
        laboratory: None,
    }
    .to_new_record(&stamp(1, "matrix"))
}

/// A close contact of the case `parent`, assigned to `tracer`.
fn close_contact(parent: &Record, tracer: &str, id: &str) -> Record {
    posko_core::cases::CloseContact {
        id: id.to_owned(),
        agency_id: parent.agency_id.clone(),
        office_id: parent.office_id.clone(),
        owner_id: None,
        parent_id: Some(parent.id.clone()),
        tracer: tracer.to_owned(),
        person: None,
        outside_person: Some("matrix-outsider".into()),
        category: "household".into(),
        relationship: Some("anak".into()),
        listed_on: NaiveDate::from_ymd_opt(2020, 7, 12).unwrap(),
        first_exposure: None,
        last_exposure: NaiveDate::from_ymd_opt(2020, 7, 11).unwrap(),
        minutes: Some(120),
        distance_cm: Some(50),
        ppe: Some(false),
        criteria: vec!["near".into()],
        follow_up: vec![("2020-07-12".into(), "healthy".into())],
        became_case: None,
    }
    .to_new_record(&stamp(1, "matrix"))
}

/// A call about `subject` to `place`'s call center, answered by `author` (a log entry is its
/// author's).
fn call(place: &Person, subject: &Person, author: &str, id: &str) -> Record {
    posko_core::cases::Call {
        id: id.to_owned(),
        agency_id: place.agency_id.clone(),
        office_id: place.office_id.clone(),
        owner_id: Some(author.to_owned()),
        parent_id: None,
        at: DateTime::from_timestamp_millis(1_594_700_000_000).unwrap(),
        caller: "Budi".into(),
        caller_phone: Some("0812-3456-7890".into()),
        concerns: None,
        person: Some(subject.id.clone()),
        status_reported: "suspect".into(),
        advice: Some("Isolasi mandiri".into()),
        action: "advice".into(),
    }
    .to_new_record(&stamp(1, "matrix"))
}

/// A new record of `kind` at `place`: a screening or a case about `subject`, an action by
/// `author` on the place's screening `parent`, a test or a contact (assigned to `author`) of
/// its case `parent_case`; a screening, checklist or plan of `day` July 2020 (one a day: a new
/// one is of a day no other has).
fn record_of(
    kind: &str,
    place: &Person,
    subject: &Person,
    author: &str,
    (parent, parent_case): (&Record, &Record),
    day: u32,
) -> Record {
    let id = new_id();
    match kind {
        "screening" => screening_on(subject, day, &stamp(1, "matrix")),
        "person" => roster_person(place, &id),
        "violation" => violation(place, &id),
        "alert_action" => alert_action(parent, author, &id),
        "checklist" => checklist(place, day),
        "wfo_day" => wfo_day(place, day),
        "checklist_template" => checklist_template(place, &id),
        "call_center" => call_center(place, day),
        "outside_person" => outside_person(place, &id),
        "case" => case(place, subject, &id),
        "lab_test" => lab_test(parent_case, &id),
        "close_contact" => close_contact(parent_case, author, &id),
        "call" => call(place, subject, author, &id),
        other => panic!("no record of {other}"),
    }
}

/// Every kind the server takes is in the matrix: a kind added without its row fails here.
#[test]
fn the_matrix_names_every_kind() {
    let mut registered: Vec<&str> = posko_core::kit::Registry::standard()
        .kinds()
        .iter()
        .map(|k| k.name)
        .collect();
    registered.sort_unstable();
    let mut matrix = KINDS.to_vec();
    matrix.sort_unstable();
    assert_eq!(matrix, registered);
}

async fn every_role_reads_and_writes_only_what_it_may(app: TestApp) {
    let elsewhere = add_other_agency_user(&app, "lain", Role::CrisisAdmin).await;
    let (employee, tracer) = (demo("pegawai"), demo("pelacak"));
    // The people records are about, at each place: the employee at Balai Kota, the tracer at
    // Klojen, the other agency's own user.
    let subjects = [employee.clone(), tracer.clone(), elsewhere.clone()];
    let admins = [
        app.login("admin").await,
        app.login("admin").await,
        app.login("lain").await,
    ];
    let admin_ids = ["demo-admin", "demo-admin", elsewhere.id.as_str()];
    let photo: Vec<u8> = [0xff, 0xd8, 0xff, 0xe0]
        .into_iter()
        .chain((0..2_000u32).map(|i| i as u8))
        .collect();
    let photo_sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&photo))
    };

    // One record of each kind at each place, each made by the place's own admin.
    let mut made: BTreeMap<(usize, &str), Record> = BTreeMap::new();
    for (p, subject) in subjects.iter().enumerate() {
        let parent = screening(subject, &stamp(1, "matrix"));
        let parent_case = case(subject, subject, &new_id());
        for kind in KINDS {
            let record = match kind {
                "screening" => parent.clone(),
                "case" => parent_case.clone(),
                "person" => roster_person(subject, &matrix_person_id(subject)),
                // With a photo, which follows its record's readers.
                "violation" => violation_with(subject, &new_id(), &[&photo_sha]),
                _ => record_of(kind, subject, subject, admin_ids[p], (&parent, &parent_case), 14),
            };
            made.insert((p, kind), record);
        }
        let batch: Vec<Record> = KINDS.iter().map(|k| made[&(p, *k)].clone()).collect();
        let reply = app.push(&admins[p], &format!("admin-{p}"), 1, &batch).await;
        assert!(
            reply.acks.iter().all(|a| a.outcome == Outcome::Applied),
            "{}: {:?}",
            PLACES[p],
            reply.acks
        );
        let upload = Request::put(format!(
            "/api/records/{}/attachments/{photo_sha}",
            made[&(p, "violation")].id
        ))
        .header("authorization", format!("Bearer {}", admins[p]))
        .header("content-type", "image/jpeg")
        .body(Body::from(photo.clone()))
        .unwrap();
        // The same bytes for every place: stored once, then known (200).
        let status = app.send(upload).await.status;
        assert!(status == StatusCode::CREATED || status == StatusCode::OK, "{status}");
    }

    // Generated from the registry and the one rule (`kit::may_read`, `kit::figures_reach`):
    // for every user and every record made, the pull brings it, its history opens and its
    // photos come exactly when the rule says the user reads it; the figures cover exactly the
    // offices the rule gives.
    let offices: Vec<(String, String)> = sqlx::query_as("SELECT agency_id, id FROM offices")
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    for username in ["pegawai", "petugas", "pelacak", "admin", "ppk", "pemantau", "lain"] {
        let token = app.login(username).await;
        let me: posko_core::UserProfile =
            serde_json::from_value(app.get("/api/me", Some(&token)).await.json()).unwrap();
        let pulled: Vec<String> = app.pull_all(&token, None).await.into_iter().map(|r| r.id).collect();
        for ((p, kind), record) in &made {
            let stored = app.stored(&record.id).await.expect("stored");
            let decl = app.state.kinds.get(kind).expect("registered");
            let reads = posko_core::kit::may_read(&me, decl, &stored);
            let at = PLACES[*p];
            assert_eq!(pulled.contains(&record.id), reads, "{username} pulls {kind} at {at}");
            let status = |reads: bool| if reads { StatusCode::OK } else { StatusCode::NOT_FOUND };
            let history = app
                .get(&format!("/api/records/{}/history", record.id), Some(&token))
                .await;
            assert_eq!(
                history.status,
                status(reads),
                "{username} reads the history of {kind} at {at}"
            );
            if *kind == "violation" {
                let photo = app
                    .get(
                        &format!("/api/records/{}/attachments/{photo_sha}", record.id),
                        Some(&token),
                    )
                    .await;
                assert_eq!(
                    photo.status,
                    status(reads),
                    "{username} sees the photo of {kind} at {at}"
                );
            }
        }
        let reach = posko_core::kit::figures_reach(&me);
        let figures = app.get("/api/figures?date=2020-07-14", Some(&token)).await;
        if reach == posko_core::kit::FiguresReach::Nothing {
            assert_eq!(figures.status, StatusCode::FORBIDDEN, "{username} reads no figures");
        } else {
            let figures: posko_core::api::Figures = serde_json::from_value(figures.json()).unwrap();
            let mut got: Vec<(String, String)> = figures
                .offices
                .into_iter()
                .map(|o| (o.agency_id, o.office_id))
                .collect();
            got.sort_unstable();
            let mut want: Vec<(String, String)> = offices.iter().filter(|(a, o)| reach.covers(a, o)).cloned().collect();
            want.sort_unstable();
            assert_eq!(got, want, "{username}'s figures");
        }
    }

    // Reads: [own office, other office, other agency] for each kind, in KINDS order. The
    // employee's own-office screening is their own, and their office's plan is for everyone in
    // it; every other own-office record is not theirs. Health kinds (issue #20): the case at
    // Balai Kota is the employee's own; the tracer reads every case, test, call and person
    // outside the roster of the agency, and the roster of every office (a case's co-workers are
    // theirs to list and follow up), and no contact the admin assigned to someone else;
    // the office's protocol officer reads none of them.
    const N: [bool; 3] = [false, false, false];
    const OWN: [bool; 3] = [true, false, false];
    const OTHER: [bool; 3] = [false, true, false];
    const AGENCY: [bool; 3] = [true, true, false];
    #[rustfmt::skip]
    let reads: [(&str, [[bool; 3]; 13]); 6] = [
        //             screening person violation alert_action checklist wfo_day checklist_template call_center outside_person case lab_test close_contact call
        ("pegawai",  [OWN,    N,      N,      N,      N,      OWN,    N,      OWN,    N,      OWN,    N,      N,      N]),
        ("petugas",  [OWN,    OWN,    OWN,    OWN,    OWN,    OWN,    AGENCY, OWN,    N,      N,      N,      N,      N]),
        ("pelacak",  [OTHER,  AGENCY, OTHER,  OTHER,  OTHER,  OTHER,  AGENCY, OTHER,  AGENCY, AGENCY, AGENCY, N,      AGENCY]),
        ("admin",    [AGENCY, AGENCY, AGENCY, AGENCY, AGENCY, AGENCY, AGENCY, AGENCY, AGENCY, AGENCY, AGENCY, AGENCY, AGENCY]),
        ("ppk",      [AGENCY, AGENCY, AGENCY, AGENCY, AGENCY, AGENCY, AGENCY, AGENCY, AGENCY, AGENCY, AGENCY, AGENCY, AGENCY]),
        ("pemantau", [N,      N,      N,      N,      N,      N,      N,      N,      N,      N,      N,      N,      N]),
    ];
    for (username, expected) in reads {
        let token = app.login(username).await;
        let pulled: Vec<String> = app.pull_all(&token, None).await.into_iter().map(|r| r.id).collect();
        for (k, kind) in KINDS.iter().enumerate() {
            let got = [0, 1, 2].map(|p| pulled.contains(&made[&(p, *kind)].id));
            assert_eq!(got, expected[k], "{username} reads {kind} at {PLACES:?}");
            // A record's history is read by whoever pulls it, and by no one else.
            for (p, reads) in expected[k].iter().enumerate() {
                let history = app
                    .get(&format!("/api/records/{}/history", made[&(p, *kind)].id), Some(&token))
                    .await;
                let want = if *reads { StatusCode::OK } else { StatusCode::NOT_FOUND };
                assert_eq!(
                    history.status, want,
                    "{username} reads the history of {kind} at {}",
                    PLACES[p]
                );
            }
        }
    }

    // Writes: a new record of each kind at each place (an office's call center: its one
    // record, changed). An employee's screening at their own office is about themselves; an
    // action is in the pushing user's own name; a call center's number is the admin's to set.
    // Health kinds: the tracer and the admin, at every office of the agency; a contact the
    // tracer adds is theirs.
    #[rustfmt::skip]
    let writes: [(&str, [[bool; 3]; 13]); 6] = [
        //             screening person violation alert_action checklist wfo_day checklist_template call_center outside_person case lab_test close_contact call
        ("pegawai",  [OWN,    N,      N,      N,      N,      N,      N,      N,      N,      N,      N,      N,      N]),
        ("petugas",  [OWN,    OWN,    OWN,    OWN,    OWN,    OWN,    N,      N,      N,      N,      N,      N,      N]),
        ("pelacak",  [OTHER,  OTHER,  OTHER,  OTHER,  OTHER,  OTHER,  N,      N,      AGENCY, AGENCY, AGENCY, AGENCY, AGENCY]),
        ("admin",    [AGENCY, AGENCY, AGENCY, AGENCY, AGENCY, AGENCY, AGENCY, AGENCY, AGENCY, AGENCY, AGENCY, AGENCY, AGENCY]),
        ("ppk",      [N,      N,      N,      N,      N,      N,      N,      N,      N,      N,      N,      N,      N]),
        ("pemantau", [N,      N,      N,      N,      N,      N,      N,      N,      N,      N,      N,      N,      N]),
    ];
    for (day, (username, expected)) in (8..).zip(writes) {
        let token = app.login(username).await;
        let me = format!("demo-{username}");
        let mut batch = Vec::new();
        for kind in KINDS {
            for (p, place) in subjects.iter().enumerate() {
                let parents = (&made[&(p, "screening")], &made[&(p, "case")]);
                batch.push(record_of(kind, place, place, &me, parents, day));
            }
        }
        let reply = app.push(&token, &format!("{username}-writes"), 1, &batch).await;
        for (k, kind) in KINDS.iter().enumerate() {
            let got = [0, 1, 2].map(|p| reply.acks[k * 3 + p].outcome == Outcome::Applied);
            assert_eq!(
                got,
                expected[k],
                "{username} writes {kind} at {PLACES:?}: {:?}",
                &reply.acks[k * 3..k * 3 + 3]
            );
        }
    }

    // A log entry is its author's: an officer may not record an action in a colleague's name,
    // nor change one the admin recorded.
    let officer = app.login("petugas").await;
    let in_admins_name = alert_action(&made[&(0, "screening")], "demo-admin", &new_id());
    let mut changed = made[&(0, "alert_action")].clone();
    changed.set(
        "note",
        posko_core::sync::Value::Text("diubah".into()),
        &stamp(9, "officer"),
    );
    let reply = app
        .push(&officer, "officer-forges", 1, &[in_admins_name, changed])
        .await;
    assert!(
        reply.acks.iter().all(|a| a.outcome != Outcome::Applied),
        "{:?}",
        reply.acks
    );

    // A checklist version is made once: not even the admin who made it changes it.
    let mut changed = made[&(0, "checklist_template")].clone();
    changed.set(
        "items.i01",
        posko_core::sync::Value::Text("Diubah".into()),
        &stamp(9, "admin"),
    );
    let reply = app.push(&admins[0], "admin-changes-a-version", 1, &[changed]).await;
    assert_ne!(reply.acks[0].outcome, Outcome::Applied, "{:?}", reply.acks);
}

/// A violation's discipline level (PP 53/2010) is the Crisis Center admin's to set: an officer
/// records the violation and may change what they saw, never the level.
async fn only_the_admin_sets_a_discipline_level(app: TestApp) {
    posko_server::seed::ensure_demo_roster(&app.state.db, app.state.kinds)
        .await
        .unwrap();
    let officer = app.login("petugas").await;
    let admin = app.login("admin").await;
    let recorded = violation_naming("demo-person-003", 1);
    let reply = app.push(&officer, "officer", 1, std::slice::from_ref(&recorded)).await;
    assert_eq!(reply.acks[0].outcome, Outcome::Applied);

    let mut by_officer = recorded.clone();
    by_officer.set(
        "discipline",
        posko_core::sync::Value::Text("light".into()),
        &stamp(5, "officer"),
    );
    let reply = app.push(&officer, "officer", 2, &[by_officer]).await;
    assert!(
        matches!(&reply.acks[0].outcome, Outcome::Rejected(r) if r.code == posko_core::sync::protocol::RejectCode::OutOfScope && r.detail.contains("discipline")),
        "{:?}",
        reply.acks
    );

    let mut by_admin = recorded.clone();
    by_admin.set(
        "discipline",
        posko_core::sync::Value::Text("moderate".into()),
        &stamp(6, "admin"),
    );
    let reply = app.push(&admin, "admin", 1, &[by_admin]).await;
    assert_eq!(reply.acks[0].outcome, Outcome::Applied);

    // The officer still corrects what they saw; the level stays the admin's.
    let mut corrected = recorded.clone();
    corrected.set(
        "place",
        posko_core::sync::Value::Text("Lobi".into()),
        &stamp(7, "officer"),
    );
    let reply = app.push(&officer, "officer", 3, &[corrected]).await;
    assert_eq!(reply.acks[0].outcome, Outcome::Applied);
    let stored = app.stored(&recorded.id).await.unwrap();
    assert_eq!(
        stored.get("discipline"),
        Some(&posko_core::sync::Value::Text("moderate".into()))
    );
    assert_eq!(stored.get("place"), Some(&posko_core::sync::Value::Text("Lobi".into())));
}

/// A violation is read by the person it names and by the head of their unit, who answers for
/// it, whatever their scope: the demo employee heads Bagian Umum (`seed::demo_roster`), so she
/// reads her own violation and one of her unit's staff, not another unit's; she writes none.
async fn a_violation_is_read_by_its_person_and_their_unit_head(app: TestApp) {
    posko_server::seed::ensure_demo_roster(&app.state.db, app.state.kinds)
        .await
        .unwrap();
    let officer = app.login("petugas").await;
    let named = |person: &str, answerable: Option<&str>| {
        let mut record = violation_naming(person, 2);
        if let Some(head) = answerable {
            record.set(
                "answerable",
                posko_core::sync::Value::Text(head.into()),
                &stamp(2, "officer"),
            );
        }
        record
    };
    // Her own; a staff member of her unit's, for which she answers; another unit's.
    let own = named("demo-pegawai", None);
    let her_unit = named("demo-person-003", Some("demo-pegawai"));
    let other_unit = named("demo-person-007", None);
    // Issue #18: a crafted push names her as the head of another unit's staff member, so she
    // would read it. The server derives the head from its own roster instead.
    let forged = named("demo-person-007", Some("demo-pegawai"));
    let reply = app
        .push(
            &officer,
            "officer",
            1,
            &[own.clone(), her_unit.clone(), other_unit.clone(), forged.clone()],
        )
        .await;
    assert!(
        reply.acks.iter().all(|a| a.outcome == Outcome::Applied),
        "{:?}",
        reply.acks
    );

    let employee = app.login("pegawai").await;
    let pulled: Vec<String> = app.pull_all(&employee, None).await.into_iter().map(|r| r.id).collect();
    #[rustfmt::skip]
    let cases = [
        (&own,        true,  "her own"),
        (&her_unit,   true,  "her unit's"),
        (&other_unit, false, "another unit's"),
        (&forged,     false, "another unit's, naming her as its head"),
    ];
    for (record, reads, what) in cases {
        assert_eq!(pulled.contains(&record.id), reads, "pull: {what}");
        let history = app
            .get(&format!("/api/records/{}/history", record.id), Some(&employee))
            .await;
        assert_eq!(
            history.status == StatusCode::OK,
            reads,
            "history: {what} ({})",
            history.status
        );
    }
    let stored = app.stored(&forged.id).await.unwrap();
    let head = stored.get("answerable").and_then(posko_core::sync::Value::as_text);
    assert_eq!(
        head,
        app.stored(&other_unit.id)
            .await
            .unwrap()
            .get("answerable")
            .and_then(posko_core::sync::Value::as_text)
    );
    assert_ne!(head, Some("demo-pegawai"), "the forged head is not kept");
    assert_eq!(
        stored.fields["answerable"].s.device(),
        posko_server::sync::push::SERVER_DEVICE,
        "stamped by the server, after the device's stamp, so every device pulls it"
    );
    // A violation naming someone not on the roster has nothing to derive from: refused.
    let nobody = named("no-such-person", None);
    let reply = app.push(&officer, "officer", 5, &[nobody]).await;
    assert!(
        matches!(&reply.acks[0].outcome, Outcome::Rejected(r) if r.code == RejectCode::Invalid),
        "{:?}",
        reply.acks
    );

    // The tracing officer of another office is named by none of them and reads none.
    let tracer = app.login("pelacak").await;
    let pulled: Vec<String> = app.pull_all(&tracer, None).await.into_iter().map(|r| r.id).collect();
    assert!(cases.iter().all(|(r, _, _)| !pulled.contains(&r.id)));

    // Reading is all she does with them.
    let mut changed = her_unit.clone();
    changed.set(
        "place",
        posko_core::sync::Value::Text("Lobi".into()),
        &stamp(9, "employee"),
    );
    let reply = app.push(&employee, "employee", 1, &[changed]).await;
    assert_ne!(reply.acks[0].outcome, Outcome::Applied, "{:?}", reply.acks);
}
