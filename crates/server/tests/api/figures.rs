//! The monitors' figures (`GET /api/figures`) on both engines: the server's SQL counts what
//! core's `office_days` counts and scores it as `judge` does, over the same pushed records; who
//! sees which offices (a monitor every agency, the admin and the PPK their agency, an officer
//! their office, an employee nothing); a query out of bounds is refused; and only counts leave.

use crate::common;

use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, NaiveTime};
use common::sync::{add_other_agency_user, new_id, stamp, OTHER_OFFICE_ID};
use common::TestApp;
use posko_core::api::{DayFigures, Figures};
use posko_core::checklist::{checklist_id, Checklist, Template};
use posko_core::compliance::{office_days, ComplianceRules};
use posko_core::roster::Person;
use posko_core::sync::protocol::Outcome;
use posko_core::sync::{Record, SyncRecord};
use posko_core::{Role, Screening};
use posko_server::seed::DEMO_AGENCY_ID;

on_both_databases!(
    figures_are_what_core_counts_and_scores,
    each_role_sees_the_offices_in_its_reach,
    a_query_out_of_bounds_is_refused,
    the_demo_month_gives_the_monitor_something_to_compare,
);

const BALAI_KOTA: &str = "demo-balai-kota";
const KLOJEN: &str = "demo-kec-klojen";

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 9, d).unwrap()
}

fn person(id: &str, office: &str, nip: &str) -> Person {
    Person {
        id: id.to_owned(),
        agency_id: DEMO_AGENCY_ID.to_owned(),
        office_id: Some(office.to_owned()),
        owner_id: None,
        parent_id: None,
        nip: nip.to_owned(),
        full_name: format!("Orang {id}"),
        unit: "Bagian Umum".into(),
        position: None,
        phone: None,
        kecamatan: None,
        kelurahan: None,
        unit_head: false,
    }
}

/// `owner`'s screening of day `d`, recorded that morning.
fn screening(owner: &str, office: &str, d: u32) -> Screening {
    let someone = common::sync::Person {
        id: owner.to_owned(),
        agency_id: DEMO_AGENCY_ID.to_owned(),
        office_id: Some(office.to_owned()),
    };
    common::sync::screening_of(
        &someone,
        day(d),
        day(d).and_time(NaiveTime::from_hms_opt(1, 0, 0).unwrap()).and_utc(),
    )
}

fn checklist(office: &str, d: u32, answers: &[(&str, &str)]) -> Checklist {
    Checklist {
        id: checklist_id(office, day(d)).unwrap(),
        agency_id: DEMO_AGENCY_ID.to_owned(),
        office_id: Some(office.to_owned()),
        owner_id: None,
        parent_id: None,
        date: day(d),
        template: Template::current().version.into(),
        answers: answers
            .iter()
            .map(|(i, a)| ((*i).to_owned(), (*a).to_owned()))
            .collect(),
        notes: Vec::new(),
        photos: Vec::new(),
        headcount: Some(20),
        checked_at: DateTime::from_timestamp_millis(1_600_923_600_000).unwrap(),
    }
}

async fn figures(app: &TestApp, token: Option<&str>, query: &str) -> (StatusCode, serde_json::Value) {
    let reply = app.get(&format!("/api/figures{query}"), token).await;
    (reply.status, reply.json())
}

/// People, screenings (one not on the roster, one deleted; one a day per person is the kind's
/// ids, which the push checks) and
/// checklists pushed by the Crisis Center admin; the figures of two days are what core counts
/// over the same records, office by office.
async fn figures_are_what_core_counts_and_scores(app: TestApp) {
    let ids: Vec<String> = (0..5).map(|_| new_id()).collect();
    let people = [
        person(&ids[0], BALAI_KOTA, "199001152015032001"),
        person(&ids[1], BALAI_KOTA, "198507202010011002"),
        person(&ids[2], BALAI_KOTA, "197912032005022003"),
        person(&ids[3], KLOJEN, "199203102018011004"),
    ];
    let gone = person(&ids[4], BALAI_KOTA, "198811112012121005");
    let screenings = [
        screening(&ids[0], BALAI_KOTA, 24),
        screening(&ids[1], BALAI_KOTA, 24),
        screening(&ids[3], KLOJEN, 24),
        screening("demo-admin", BALAI_KOTA, 24), // nobody of the roster
        screening(&ids[4], BALAI_KOTA, 24),      // someone taken off the roster
        screening(&ids[2], BALAI_KOTA, 23),
        screening(&ids[1], BALAI_KOTA, 20), // before the days asked for
    ];
    let withdrawn = screening(&ids[2], BALAI_KOTA, 24);
    let checklists = [
        checklist(
            BALAI_KOTA,
            24,
            &[
                ("masks", "pass"),
                ("distance", "fail"),
                ("ventilation", "pass"),
                ("meetings_canteen", "not_applicable"),
            ],
        ),
        checklist(KLOJEN, 23, &[("masks", "pass"), ("hand_washing", "fail")]),
        checklist(KLOJEN, 25, &[("masks", "pass")]), // after the days asked for
    ];

    let s = stamp(1, "d-1");
    let deleted = |record: Record| Record {
        deleted: Some(stamp(2, "d-1")),
        ..record
    };
    let mut records: Vec<Record> = people.iter().map(|p| p.to_new_record(&s)).collect();
    records.push(deleted(gone.to_new_record(&s)));
    records.extend(screenings.iter().map(|r| r.to_new_record(&s)));
    records.push(deleted(withdrawn.to_new_record(&s)));
    records.extend(checklists.iter().map(|c| c.to_new_record(&s)));
    let admin = app.login("admin").await;
    let pushed = app.push(&admin, "d-1", 1, &records).await;
    assert!(pushed.acks.iter().all(|a| a.outcome == Outcome::Applied), "{pushed:?}");

    let reply = app.get("/api/figures?date=2020-09-24&days=2", Some(&admin)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", String::from_utf8_lossy(&reply.body));
    let got: Figures = serde_json::from_slice(&reply.body).unwrap();
    let rules = &ComplianceRules::POSKO_2020;
    assert_eq!(got.rules, rules.version);
    let offices: Vec<(&str, &str, u32)> = got
        .offices
        .iter()
        .map(|o| (o.agency_id.as_str(), o.office_id.as_str(), o.staff))
        .collect();
    assert_eq!(offices, [(DEMO_AGENCY_ID, BALAI_KOTA, 3), (DEMO_AGENCY_ID, KLOJEN, 1)]);
    for office in &got.offices {
        let expected: Vec<DayFigures> = office_days(
            &office.office_id,
            &[day(23), day(24)],
            &checklists,
            &people,
            &screenings,
        )
        .into_iter()
        .map(|(date, counted)| {
            let judged = rules.judge(&counted);
            DayFigures {
                date,
                screened: counted.screened,
                checklist: counted.checklist,
                score: judged.score,
                flags: judged.flags,
            }
        })
        .collect();
        assert_eq!(office.days, expected, "{}", office.office_id);
    }
    // What was asked for, spelled out: Balai Kota's 24th has 2 of 3 screened and a checklist of
    // 2 passed, 1 failed, 1 not applicable.
    let balai_24 = &got.offices[0].days[1];
    assert_eq!(
        (
            balai_24.screened,
            balai_24.checklist.map(|t| (t.pass, t.fail, t.not_applicable))
        ),
        (2, Some((2, 1, 1)))
    );

    // Counts only: no person's id or name, nor an answer.
    let body = String::from_utf8_lossy(&reply.body);
    for id in &ids {
        assert!(!body.contains(id.as_str()), "{body}");
    }
    for word in ["Orang", "masks", "demo-admin"] {
        assert!(!body.contains(word), "{word} in {body}");
    }
}

async fn each_role_sees_the_offices_in_its_reach(app: TestApp) {
    add_other_agency_user(&app, "admin-lain", Role::CrisisAdmin).await;
    #[rustfmt::skip]
    let cases: &[(Option<&str>, StatusCode, &[&str])] = &[
        // user,               status,                   offices, by agency name then office name
        (Some("pemantau"),   StatusCode::OK,           &[OTHER_OFFICE_ID, BALAI_KOTA, KLOJEN]),
        (Some("admin"),      StatusCode::OK,           &[BALAI_KOTA, KLOJEN]),
        (Some("ppk"),        StatusCode::OK,           &[BALAI_KOTA, KLOJEN]),
        (Some("petugas"),    StatusCode::OK,           &[BALAI_KOTA]),
        (Some("pelacak"),    StatusCode::OK,           &[KLOJEN]),
        (Some("admin-lain"), StatusCode::OK,           &[OTHER_OFFICE_ID]),
        (Some("pegawai"),    StatusCode::FORBIDDEN,    &[]),
        (None,               StatusCode::UNAUTHORIZED, &[]),
    ];
    for (user, status, expected) in cases {
        let token = match user {
            Some(user) => Some(app.login(user).await),
            None => None,
        };
        let (got, body) = figures(&app, token.as_deref(), "?date=2020-09-24").await;
        assert_eq!(got, *status, "{user:?}: {body}");
        if *status != StatusCode::OK {
            let code = if *status == StatusCode::FORBIDDEN {
                "forbidden"
            } else {
                "unauthenticated"
            };
            assert_eq!(body["error"]["code"], code, "{user:?}");
            continue;
        }
        let offices: Vec<&str> = body["offices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["office_id"].as_str().unwrap())
            .collect();
        assert_eq!(offices, *expected, "{user:?}");
        // An office with no records at all: nobody on its roster, no checklist.
        let first = &body["offices"][0];
        assert_eq!(first["staff"], 0, "{user:?}");
        assert_eq!(
            first["days"],
            serde_json::json!([{"date": "2020-09-24", "screened": 0, "checklist": null, "score": 40, "flags": ["no_checklist"]}]),
            "{user:?}"
        );
    }
}

async fn a_query_out_of_bounds_is_refused(app: TestApp) {
    let monitor = app.login("pemantau").await;
    #[rustfmt::skip]
    let cases: &[(&str, StatusCode, usize)] = &[
        // query,                          status, days answered
        ("?date=2020-09-24",             StatusCode::OK, 1),
        ("?date=2020-09-24&days=31",     StatusCode::OK, 31),
        ("?days=2&date=2020-03-01",      StatusCode::OK, 2),
        ("",                             StatusCode::BAD_REQUEST, 0),
        ("?days=2",                      StatusCode::BAD_REQUEST, 0),
        ("?date=2020-9-24",              StatusCode::BAD_REQUEST, 0),
        ("?date=2020-02-30",             StatusCode::BAD_REQUEST, 0),
        ("?date=24-09-2020",             StatusCode::BAD_REQUEST, 0),
        ("?date=2020-09-24&days=0",      StatusCode::BAD_REQUEST, 0),
        ("?date=2020-09-24&days=32",     StatusCode::BAD_REQUEST, 0),
        ("?date=2020-09-24&days=-1",     StatusCode::BAD_REQUEST, 0),
        ("?date=2020-09-24&days=dua",    StatusCode::BAD_REQUEST, 0),
    ];
    for (query, status, days) in cases {
        let (got, body) = figures(&app, Some(&monitor), query).await;
        assert_eq!(got, *status, "{query}: {body}");
        if *status == StatusCode::OK {
            assert_eq!(body["offices"][0]["days"].as_array().unwrap().len(), *days, "{query}");
        } else {
            assert_eq!(body["error"]["code"], "bad_request", "{query}");
        }
    }
    // Leap days: 2020-02-29 is the day before 2020-03-01.
    let (_, body) = figures(&app, Some(&monitor), "?date=2020-03-01&days=2").await;
    assert_eq!(body["offices"][0]["days"][0]["date"], "2020-02-29");
    // The role first: an employee is refused whatever they ask.
    let employee = app.login("pegawai").await;
    let (got, _) = figures(&app, Some(&employee), "?days=dua").await;
    assert_eq!(got, StatusCode::FORBIDDEN);
}

/// Issue #20, item 11: the demo's last 30 days, pushed as their makers would have, are what the
/// monitor compares: most people screened most working days in both offices, Balai Kota kept
/// its checklist every working day and Klojen missed some and failed items, so Klojen scores
/// lower; this morning Klojen's people screened and Balai Kota's not yet, and no office has a
/// checklist (the visitor's); a second run adds nothing.
async fn the_demo_month_gives_the_monitor_something_to_compare(app: TestApp) {
    use chrono::Datelike;
    posko_server::seed::ensure_demo_roster(&app.state.db, app.state.kinds)
        .await
        .unwrap();
    // A Monday, at noon in Malang.
    let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let now = DateTime::from_timestamp_millis(1_796_619_600_000).unwrap();
    assert_eq!((now + chrono::Duration::hours(7)).date_naive(), today);
    posko_server::demo_history::ensure_as_of(&app.state.db, app.state.kinds, today, now)
        .await
        .unwrap();
    let count = |kind: &'static str| {
        let db = app.state.db.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM records WHERE kind = $1")
                .bind(kind)
                .fetch_one(&db.pool)
                .await
                .unwrap()
        }
    };
    let screenings = count("screening").await;
    posko_server::demo_history::ensure_as_of(&app.state.db, app.state.kinds, today, now)
        .await
        .unwrap();
    assert_eq!(count("screening").await, screenings, "a second run adds nothing");

    let monitor = app.login("pemantau").await;
    let (status, body) = figures(&app, Some(&monitor), "?date=2026-12-07&days=30").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let figures: Figures = serde_json::from_value(body).unwrap();
    let office = |id: &str| figures.offices.iter().find(|o| o.office_id == id).unwrap();
    let working = |d: &DayFigures| !matches!(d.date.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun);
    let this_morning = |id: &str| {
        let day = office(id).days.last().unwrap();
        (day.screened, day.checklist.is_some())
    };
    assert_eq!(
        this_morning(BALAI_KOTA),
        (0, false),
        "Balai Kota's day is the visitor's"
    );
    let (screened, checklist) = this_morning(KLOJEN);
    assert!(
        (18..24).contains(&screened) && !checklist,
        "Klojen this morning: {screened}"
    );
    for id in [BALAI_KOTA, KLOJEN] {
        let days = &office(id).days;
        assert_eq!(days.len(), 30);
        // Most of the 24 people, every past working day.
        for day in days[..29].iter().filter(|d| working(d)) {
            assert!(
                day.screened >= 18 && day.screened <= 24,
                "{id} {}: {}",
                day.date,
                day.screened
            );
        }
    }
    let kept = |id: &str| {
        office(id).days[..29]
            .iter()
            .filter(|d| working(d) && d.checklist.is_some())
            .count()
    };
    let working_days = office(BALAI_KOTA).days[..29].iter().filter(|d| working(d)).count();
    assert_eq!(kept(BALAI_KOTA), working_days, "Balai Kota keeps its checklist");
    assert!(
        kept(KLOJEN) < working_days * 3 / 4,
        "Klojen neglects some days: {}",
        kept(KLOJEN)
    );
    let mean = |id: &str| {
        let scored: Vec<u32> = office(id).days[..29]
            .iter()
            .filter(|d| working(d))
            .map(|d| d.score)
            .collect();
        scored.iter().sum::<u32>() / scored.len() as u32
    };
    assert!(
        mean(BALAI_KOTA) > mean(KLOJEN),
        "{} vs {}",
        mean(BALAI_KOTA),
        mean(KLOJEN)
    );
    assert_eq!(count("violation").await, 2);
}
