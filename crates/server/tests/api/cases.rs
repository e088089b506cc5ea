//! Cases and contact tracing on the server (issue #20), on both engines: the office cluster
//! rule in SQL gives what core's gives over the same records.

use crate::common;

use chrono::NaiveDate;
use common::sync::{new_id, stamp};
use common::TestApp;
use posko_core::case_rules::{CaseRules, CaseStatus, OfficeCase};
use posko_core::cases::Case;
use posko_core::sync::protocol::Outcome;
use posko_core::sync::SyncRecord;
use posko_server::clusters::{of_agency, OfficeCluster};
use posko_server::seed::DEMO_AGENCY_ID;

/// A new case of the demo agency at `office`, with `status`, judged by the first revision, about
/// no one yet and with no dates: each test says the rest.
fn case_at(office: &str, status: &str) -> Case {
    Case {
        id: new_id(),
        agency_id: DEMO_AGENCY_ID.into(),
        office_id: Some(office.into()),
        owner_id: None,
        parent_id: None,
        person: None,
        outside_person: None,
        status: status.into(),
        rules_version: "KMK-413-2020".into(),
        onset: None,
        specimen: None,
        symptoms_resolved: None,
        isolation_place: None,
        cluster: None,
        alert: None,
        call: None,
        from_contact: None,
        notes: None,
    }
}

on_both_databases!(
    the_demo_outbreak_is_a_cluster_with_pelacak_s_day,
    the_office_clusters_in_sql_are_cores,
    the_residence_workbook_lists_what_the_user_reads_by_kecamatan
);

/// Issue #20, item 7: the workbook for the camat and the lurah holds the cases and contacts the
/// user reads, kecamatan by kecamatan (one place however it was typed), in the user's language; a tracer's has only their own
/// contacts; an employee and an office's protocol officer get none.
async fn the_residence_workbook_lists_what_the_user_reads_by_kecamatan(app: TestApp) {
    use posko_core::cases::{CloseContact, OutsidePerson};
    let admin = app.login("admin").await;
    let place = common::sync::demo("pegawai");
    let mut employee =
        posko_core::roster::Person::from_record(&common::sync::roster_person(&place, &new_id(), &stamp(1, "admin")))
            .unwrap();
    employee.kecamatan = Some("Lowokwaru".into());
    employee.kelurahan = Some(" dinoyo".into());
    employee.phone = Some("0812-1111-2222".into());
    let outsider = |name: &str, kecamatan: &str, kelurahan: &str| OutsidePerson {
        id: new_id(),
        agency_id: DEMO_AGENCY_ID.into(),
        office_id: place.office_id.clone(),
        owner_id: None,
        parent_id: None,
        full_name: name.into(),
        nik: None,
        sex: None,
        birth_date: None,
        age: None,
        phone: None,
        address: Some(format!("Jl. {name} 1")),
        kecamatan: Some(kecamatan.into()),
        kelurahan: Some(kelurahan.into()),
        relative_of: None,
        relationship: None,
    };
    let child = outsider("Rina", "Klojen", "Oro-oro Dowo");
    let neighbour = outsider("Joko", "Lowokwaru", "Dinoyo");
    let case = Case {
        person: Some(employee.id.clone()),
        onset: NaiveDate::from_ymd_opt(2020, 7, 10),
        ..case_at(place.office_id.as_deref().unwrap(), "confirmed_symptomatic")
    };
    let contact = |person: &OutsidePerson, tracer: &str| CloseContact {
        id: new_id(),
        agency_id: DEMO_AGENCY_ID.into(),
        office_id: place.office_id.clone(),
        owner_id: None,
        parent_id: Some(case.id.clone()),
        tracer: tracer.into(),
        person: None,
        outside_person: Some(person.id.clone()),
        category: "household".into(),
        relationship: None,
        listed_on: NaiveDate::from_ymd_opt(2020, 7, 12).unwrap(),
        first_exposure: None,
        last_exposure: NaiveDate::from_ymd_opt(2020, 7, 11).unwrap(),
        minutes: None,
        distance_cm: None,
        ppe: None,
        criteria: Vec::new(),
        follow_up: Vec::new(),
        became_case: None,
    };
    let s = stamp(1, "admin");
    let records = [
        employee.to_new_record(&s),
        child.to_new_record(&s),
        neighbour.to_new_record(&s),
        case.to_new_record(&s),
        contact(&child, "demo-pelacak").to_new_record(&s),
        contact(&neighbour, "demo-admin").to_new_record(&s),
    ];
    let reply = app.push(&admin, "admin", 1, &records).await;
    assert!(
        reply.acks.iter().all(|a| a.outcome == Outcome::Applied),
        "{:?}",
        reply.acks
    );

    let sheet = |token: String, lang: &'static str| {
        let app = &app;
        async move {
            let reply = app.get(&format!("/api/residence.xlsx{lang}"), Some(&token)).await;
            assert_eq!(reply.status, axum::http::StatusCode::OK);
            assert_eq!(
                reply.header("content-type"),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            );
            posko_server::spreadsheet::first_sheet_as_csv(&reply.body).unwrap()
        }
    };
    assert_eq!(
        sheet(admin.clone(), "").await,
        "Kecamatan;Kelurahan;Nama lengkap;Status;Alamat;Nomor HP\n\
         Klojen;Oro-oro Dowo;Rina;Kontak erat;Jl. Rina 1;\n\
         Lowokwaru;Dinoyo;Joko;Kontak erat;Jl. Joko 1;\n\
         Lowokwaru;Dinoyo;Siti Aminah;Kasus: Konfirmasi bergejala;;0812-1111-2222\n"
    );
    let english = sheet(admin.clone(), "?lang=en").await;
    assert!(
        english.starts_with("Kecamatan (district);Kelurahan (village);Full name;Status;Address;Phone number\n"),
        "{english}"
    );
    assert!(english.contains("Case: Confirmed, with symptoms"), "{english}");
    // The tracer's own contact and the case; not the admin's contact.
    let tracer = sheet(app.login("pelacak").await, "").await;
    assert!(
        tracer.contains("Rina") && tracer.contains("Siti Aminah") && !tracer.contains("Joko"),
        "{tracer}"
    );
    for username in ["pegawai", "petugas", "pemantau"] {
        let reply = app.get("/api/residence.xlsx", Some(&app.login(username).await)).await;
        assert_eq!(reply.status, axum::http::StatusCode::FORBIDDEN, "{username}");
    }
}

/// A spread of cases over the two demo offices (every status, onsets over two months, some
/// with only a specimen date, some with neither, one deleted), pushed by the admin; the
/// clusters the server counts in SQL equal core's over the records pulled back, under the
/// first revision and under one whose window is 5 days and whose clusters need 3 cases.
async fn the_office_clusters_in_sql_are_cores(app: TestApp) {
    let admin = app.login("admin").await;
    let offices = ["demo-balai-kota", "demo-kec-klojen"];
    let mut seed: u64 = 20_201_205;
    let mut next = |n: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    let mut records = Vec::new();
    for i in 0..60 {
        let day = |n: u64| NaiveDate::from_ymd_opt(2020, 9, 1).unwrap() + chrono::Days::new(n);
        let onset = (next(5) != 0).then(|| day(next(60)));
        let specimen = (next(3) != 0).then(|| day(next(60)));
        let office = offices[next(2) as usize];
        let case = Case {
            outside_person: Some(format!("outsider-{i}")),
            onset,
            specimen,
            ..case_at(office, CaseStatus::ALL[next(7) as usize].code())
        };
        records.push(case.to_new_record(&stamp(1, "admin")));
    }
    let mut deleted = records[0].clone();
    deleted.deleted = Some(stamp(2, "admin"));
    let reply = app.push(&admin, "admin", 1, &records).await;
    assert!(
        reply.acks.iter().all(|a| a.outcome == Outcome::Applied),
        "{:?}",
        reply.acks
    );
    app.push(&admin, "admin", 61, &[deleted]).await;

    let pulled: Vec<Case> = app
        .pull_all(&admin, None)
        .await
        .into_iter()
        .filter(|r| r.kind == "case" && r.deleted.is_none())
        .map(|r| Case::from_record(&r).unwrap())
        .collect();
    assert_eq!(pulled.len(), 59);
    let stricter = CaseRules {
        version: "test-stricter",
        cluster_days: 5,
        cluster_min_cases: 3,
        ..CaseRules::KMK_413_2020
    };
    for rules in [CaseRules::KMK_413_2020, stricter] {
        let counted: Vec<OfficeCase> = pulled
            .iter()
            .filter_map(|c| {
                Some(OfficeCase {
                    id: &c.id,
                    office: c.office_id.as_deref()?,
                    status: c.status()?,
                    onset: c.cluster_day()?,
                })
            })
            .collect();
        let mut cores: Vec<OfficeCluster> = rules
            .office_clusters(&counted)
            .into_iter()
            .map(|c| OfficeCluster {
                office_id: c.office.to_owned(),
                cases: c.cases.iter().map(|id| (*id).to_owned()).collect(),
                first_day: c.first_onset,
                last_day: c.last_onset,
            })
            .collect();
        cores.sort_by(|a, b| (&a.office_id, a.first_day).cmp(&(&b.office_id, b.first_day)));
        let sql = of_agency(&app.state.db, DEMO_AGENCY_ID, &rules).await.unwrap();
        assert!(!cores.is_empty(), "{}: the spread makes clusters", rules.version);
        assert_eq!(sql, cores, "{}", rules.version);
    }
}

/// Issue #20, item 11: the demo outbreak goes through the push's checks whole; it is an office
/// cluster of three confirmed cases at Balai Kota and the family case that followed; `pelacak` pulls its 25 contacts and their
/// day is what the demo promises (two lost to follow-up, one overdue, five done, the one who
/// became a case off the list); the office's employee pulls none of it; seeding again adds
/// nothing.
async fn the_demo_outbreak_is_a_cluster_with_pelacak_s_day(app: TestApp) {
    use posko_core::case_rules::FollowUpDay;
    use posko_core::cases::{todays_list, CloseContact};
    posko_server::seed::ensure_demo_roster(&app.state.db, app.state.kinds)
        .await
        .unwrap();
    let now = chrono::Utc::now();
    let today = (now + chrono::Duration::hours(7)).date_naive();
    // What `ensure` pushes, as of the same day (a test that ran across the agency's midnight
    // would compare two days).
    let records = posko_server::demo_outbreak::records(today, now.timestamp_millis());
    posko_server::seed::push_as_demo_admin(&app.state.db, app.state.kinds, "demo-outbreak", records)
        .await
        .unwrap();
    posko_server::demo_outbreak::ensure(&app.state.db, app.state.kinds)
        .await
        .unwrap();
    let clusters = of_agency(&app.state.db, DEMO_AGENCY_ID, &CaseRules::KMK_413_2020)
        .await
        .unwrap();
    assert_eq!(clusters.len(), 1, "{clusters:?}");
    assert_eq!(clusters[0].office_id, "demo-balai-kota");
    // The child who became a case is the office's too: the Crisis Center that traced them keeps it.
    assert_eq!(
        clusters[0].cases,
        ["demo-case-1", "demo-case-2", "demo-case-3", "demo-case-4"]
    );

    let pelacak = app.login("pelacak").await;
    let pulled = app.pull_all(&pelacak, None).await;
    let contacts: Vec<CloseContact> = pulled
        .iter()
        .filter(|r| r.kind == "close_contact")
        .map(|r| CloseContact::from_record(r).unwrap())
        .collect();
    assert_eq!(contacts.len(), 25);
    assert_eq!(pulled.iter().filter(|r| r.kind == "case").count(), 4);
    let days: Vec<_> = contacts.iter().map(|c| c.days(CaseRules::KMK_413_2020)).collect();
    let list = todays_list(&days, today);
    let count = |pick: fn(&FollowUpDay) -> bool| list.iter().filter(|(_, day)| pick(day)).count();
    assert_eq!(list.len(), 24, "everyone but the contact who became a case");
    assert_eq!(count(|d| matches!(d, FollowUpDay::Lost(4))), 2);
    assert_eq!(count(|d| matches!(d, FollowUpDay::Overdue(1))), 1);
    assert_eq!(count(|d| matches!(d, FollowUpDay::Done)), 5);
    assert_eq!(count(|d| matches!(d, FollowUpDay::Due)), 16);

    let employee = app.login("pegawai").await;
    let theirs = app.pull_all(&employee, None).await;
    let health = ["case", "close_contact", "outside_person", "lab_test", "call"];
    assert!(theirs.iter().all(|r| !health.contains(&r.kind.as_str())));
    let stored = app.count("records").await;
    posko_server::demo_outbreak::ensure(&app.state.db, app.state.kinds)
        .await
        .unwrap();
    assert_eq!(app.count("records").await, stored);
}
