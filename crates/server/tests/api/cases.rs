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

on_both_databases!(the_office_clusters_in_sql_are_cores);

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
        let case = Case {
            id: new_id(),
            agency_id: DEMO_AGENCY_ID.into(),
            office_id: Some(offices[next(2) as usize].into()),
            owner_id: None,
            parent_id: None,
            person: None,
            outside_person: Some(format!("outsider-{i}")),
            status: CaseStatus::ALL[next(7) as usize].code().into(),
            rules_version: "KMK-413-2020".into(),
            onset,
            specimen,
            symptoms_resolved: None,
            isolation_place: None,
            cluster: None,
            alert: None,
            call: None,
            from_contact: None,
            notes: None,
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
