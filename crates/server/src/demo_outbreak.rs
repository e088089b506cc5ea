//! The demo agency's small outbreak (issue #20, item 11), so a newcomer sees a Crisis Center at
//! work: an office cluster of three confirmed cases at Balai Kota with 25 close contacts (family,
//! co-workers, a meeting), their tests, a week of follow-up with two contacts lost to it and one
//! overdue, one contact turned case, and a few calls; every contact is `pelacak`'s to follow up.
//! Dated from the day the server first seeds it, and seeded once: pushed as the demo admin's
//! device would have pushed it, through the same checks as any push.

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use posko_core::cases::{Call, Case, CloseContact, LabTestRecord, OutsidePerson};
use posko_core::sync::{Record, Stamp, SyncRecord};

use crate::seed::{demo_user_id, DEMO_AGENCY_ID, DEMO_OFFICES};

/// The device the outbreak is pushed from.
const DEVICE: &str = "demo-outbreak";

/// A case of the cluster: its id, its person of the roster, its onset (days before today; none
/// for a case without symptoms) and its specimen date.
struct DemoCase {
    id: &'static str,
    person: &'static str,
    onset: Option<i64>,
    specimen: i64,
}

const CASES: [DemoCase; 3] = [
    DemoCase {
        id: "demo-case-1",
        person: "demo-person-009",
        onset: Some(9),
        specimen: 8,
    },
    DemoCase {
        id: "demo-case-2",
        person: "demo-person-010",
        onset: Some(7),
        specimen: 6,
    },
    DemoCase {
        id: "demo-case-3",
        person: "demo-person-015",
        onset: None,
        specimen: 5,
    },
];

/// Each case's household (outside the roster: name, relationship, sex, age), co-workers and
/// people met at the meeting of that week (on the roster).
const HOUSEHOLDS: [&[(&str, &str, &str, i64)]; 3] = [
    &[
        ("Dian Kusumawati", "spouse", "female", 41),
        ("Raka Pratama", "child", "male", 12),
        ("Sumarni", "parent", "female", 68),
        ("Nadia Putri", "child", "female", 8),
    ],
    &[
        ("Arif Setiabudi", "spouse", "male", 39),
        ("Citra Ayu", "child", "female", 15),
        ("Bayu Nugraha", "sibling", "male", 30),
    ],
    &[
        ("Yanti Rahayu", "spouse", "female", 36),
        ("Fajar Ramadhan", "child", "male", 10),
        ("Sulastri", "parent", "female", 71),
        ("Galih Saputra", "child", "male", 6),
    ],
];
const COWORKERS: [&[&str]; 3] = [
    &[
        "demo-person-007",
        "demo-person-008",
        "demo-person-011",
        "demo-person-012",
    ],
    &["demo-person-016", "demo-person-017"],
    &["demo-person-014", "demo-person-018"],
];
const MEETING: [&[&str]; 3] = [
    &["demo-person-019", "demo-person-020", "demo-person-021"],
    &["demo-person-022", "demo-person-023"],
    &["demo-person-024"],
];
/// When each case's contacts met at a meeting, days before today: within each case's contact
/// window.
const MEETING_DAYS_AGO: [i64; 3] = [11, 9, 7];
/// The contact who became a case: the first case's second household member (a child).
const TURNED: (usize, usize) = (0, 1);
/// Contacts with no entry since four days ago (lost to follow-up), and one with none yesterday.
const LOST: [&str; 2] = ["demo-person-021", "Bayu Nugraha"];
const OVERDUE: &str = "demo-person-017";
/// Contacts whose entry of today is made already.
const DONE_TODAY: [&str; 5] = [
    "demo-person-007",
    "demo-person-008",
    "Dian Kusumawati",
    "demo-person-016",
    "Yanti Rahayu",
];

/// The outbreak's records as of `today` (the agency's day), stamped a minute before `now_ms`:
/// the people outside the roster, the cases, their tests, the contacts and the calls, in that
/// order.
pub fn records(today: NaiveDate, now_ms: i64) -> Vec<Record> {
    let office = DEMO_OFFICES[0].0;
    let day = |ago: i64| today - Duration::days(ago);
    let mut out: Vec<Record> = Vec::new();
    let mut stamp_n: u16 = 0;
    let mut stamp = || {
        stamp_n += 1;
        Stamp::new((now_ms - 60_000).max(0) as u64, stamp_n, DEVICE)
    };
    let tracer = demo_user_id("pelacak");
    // A moment of a past day, in WIB, as a time the server takes.
    let moment = |ago: i64, hour: u32, minute: u32| {
        let local = day(ago).and_time(NaiveTime::from_hms_opt(hour, minute, 0).expect("a time of day"));
        Utc.from_utc_datetime(&(local - Duration::hours(7)))
    };

    // The households, outside the roster, living where the Crisis Center can visit.
    let kecamatan = [("Klojen", "Kauman"), ("Lowokwaru", "Dinoyo"), ("Blimbing", "Polehan")];
    let mut outside_ids = Vec::new();
    for (c, household) in HOUSEHOLDS.iter().enumerate() {
        let mut ids = Vec::new();
        for (i, (name, relationship, sex, age)) in household.iter().enumerate() {
            let id = format!("demo-outside-{}-{}", c + 1, i + 1);
            let (kec, kel) = kecamatan[c];
            let person = OutsidePerson {
                id: id.clone(),
                agency_id: DEMO_AGENCY_ID.into(),
                office_id: Some(office.into()),
                owner_id: None,
                parent_id: None,
                full_name: (*name).into(),
                nik: None,
                sex: Some((*sex).into()),
                birth_date: None,
                age: Some(*age),
                phone: Some(format!("0813-{:04}-{:04}", 4100 + c * 10 + i, 2200 + c * 31 + i * 7)),
                address: Some(format!("Jl. Melati No. {}", 10 + c * 5 + i)),
                kecamatan: Some(kec.into()),
                kelurahan: Some(kel.into()),
                relative_of: Some(CASES[c].person.into()),
                relationship: Some((*relationship).into()),
            };
            out.push(person.to_new_record(&stamp()));
            ids.push(id);
        }
        outside_ids.push(ids);
    }

    // The cluster's three cases, and the child who became the fourth.
    let turned_contact = format!("demo-contact-{}-{}", TURNED.0 + 1, TURNED.1 + 1);
    for case in &CASES {
        let record = Case {
            id: case.id.into(),
            agency_id: DEMO_AGENCY_ID.into(),
            office_id: Some(office.into()),
            owner_id: None,
            parent_id: None,
            person: Some(case.person.into()),
            outside_person: None,
            status: if case.onset.is_some() {
                "confirmed_symptomatic"
            } else {
                "confirmed_asymptomatic"
            }
            .into(),
            rules_version: "KMK-413-2020".into(),
            onset: case.onset.map(day),
            specimen: Some(day(case.specimen)),
            symptoms_resolved: None,
            isolation_place: Some("home".into()),
            cluster: Some("office".into()),
            alert: None,
            call: None,
            from_contact: None,
            notes: None,
        };
        out.push(record.to_new_record(&stamp()));
    }
    let turned_case = Case {
        id: "demo-case-4".into(),
        agency_id: DEMO_AGENCY_ID.into(),
        office_id: Some(office.into()),
        owner_id: None,
        parent_id: None,
        person: None,
        outside_person: Some(outside_ids[TURNED.0][TURNED.1].clone()),
        status: "confirmed_symptomatic".into(),
        rules_version: "KMK-413-2020".into(),
        onset: Some(day(3)),
        specimen: Some(day(2)),
        symptoms_resolved: None,
        isolation_place: Some("home".into()),
        cluster: Some("family".into()),
        alert: None,
        call: Some("demo-call-1".into()),
        from_contact: Some(turned_contact.clone()),
        notes: None,
    };
    out.push(turned_case.to_new_record(&stamp()));

    // Their tests: PCR for each, an antigen test first for the case without symptoms.
    let tests: [(&str, &str, i64, &str); 5] = [
        ("demo-case-1", "pcr", 8, "demo-test-1"),
        ("demo-case-2", "pcr", 6, "demo-test-2"),
        ("demo-case-3", "antigen", 5, "demo-test-3"),
        ("demo-case-3", "pcr", 4, "demo-test-4"),
        ("demo-case-4", "pcr", 2, "demo-test-5"),
    ];
    for (case, method, ago, id) in tests {
        let test = LabTestRecord {
            id: id.into(),
            agency_id: DEMO_AGENCY_ID.into(),
            office_id: Some(office.into()),
            owner_id: None,
            parent_id: Some(case.into()),
            method: method.into(),
            taken_at: moment(ago, 9, 30),
            result: "positive".into(),
            laboratory: Some("Labkesda Kota Malang".into()),
        };
        out.push(test.to_new_record(&stamp()));
    }

    // The 25 contacts, listed the day after their case's specimen, followed up daily since.
    for (c, case) in CASES.iter().enumerate() {
        let listed = case.specimen - 1;
        let household = outside_ids[c]
            .iter()
            .zip(HOUSEHOLDS[c])
            .map(|(id, h)| (None, Some(id.clone()), h.0, "household", case.specimen));
        let coworkers = COWORKERS[c]
            .iter()
            .map(|p| (Some((*p).to_owned()), None, *p, "coworker", case.specimen));
        let meeting = MEETING[c]
            .iter()
            .map(|p| (Some((*p).to_owned()), None, *p, "meeting", MEETING_DAYS_AGO[c]));
        for (i, (person, outside, key, category, last)) in household.chain(coworkers).chain(meeting).enumerate() {
            let id = format!("demo-contact-{}-{}", c + 1, i + 1);
            let turned = id == turned_contact;
            let follow_up = entries(listed, key, turned)
                .into_iter()
                .map(|(ago, code)| (posko_core::date::format_ymd(day(ago)), code.to_owned()))
                .collect();
            let contact = CloseContact {
                id,
                agency_id: DEMO_AGENCY_ID.into(),
                office_id: Some(office.into()),
                owner_id: None,
                parent_id: Some(case.id.into()),
                tracer: tracer.clone(),
                person,
                outside_person: outside,
                category: category.into(),
                relationship: None,
                listed_on: day(listed),
                first_exposure: Some(day(last + 3)),
                last_exposure: day(last),
                minutes: Some(if category == "meeting" { 120 } else { 240 }),
                distance_cm: Some(if category == "household" { 50 } else { 100 }),
                ppe: Some(category == "meeting"),
                criteria: vec![if category == "household" {
                    "physical_contact"
                } else {
                    "near"
                }
                .into()],
                follow_up,
                became_case: turned.then(|| "demo-case-4".into()),
            };
            out.push(contact.to_new_record(&stamp()));
        }
    }

    // A few calls to the office's call center, answered by the admin.
    let now = Utc
        .timestamp_millis_opt(now_ms)
        .single()
        .unwrap_or_else(crate::clock::now);
    // Who called, from their own phones where they are among the households (so a case opened
    // from a call finds them again rather than making a second person).
    let calls = [
        (
            "demo-call-1",
            "0813-4100-2200",
            moment(3, 19, 40).min(now - Duration::hours(1)),
            "Dian Kusumawati",
            "close_contact",
            "Anak demam sejak pagi; diminta tetap di rumah, tes PCR dijadwalkan besok.",
            "case_opened",
        ),
        (
            "demo-call-2",
            "0341-362110",
            now - Duration::hours(20),
            "Ketua RT 04 Kauman",
            "question",
            "Menanyakan masa karantina keluarga pegawai; dijelaskan 14 hari sejak kontak terakhir.",
            "advice",
        ),
        (
            "demo-call-3",
            "0813-4112-2245",
            // Today's, on the machine's clock face, however soon after midnight the demo starts.
            (now - Duration::minutes(50)).max(start_of(today)).min(now),
            "Bayu Nugraha",
            "close_contact",
            "Belum bisa dihubungi dua hari; kini menjawab, tidak ada gejala.",
            "advice",
        ),
    ];
    for (id, phone, at, caller, status, advice, action) in calls {
        let call = Call {
            id: id.into(),
            agency_id: DEMO_AGENCY_ID.into(),
            office_id: Some(office.into()),
            owner_id: Some(demo_user_id("admin")),
            parent_id: None,
            at,
            caller: caller.into(),
            caller_phone: Some(phone.into()),
            concerns: None,
            person: None,
            status_reported: status.into(),
            advice: Some(advice.into()),
            action: action.into(),
        };
        out.push(call.to_new_record(&stamp()));
    }
    out
}

/// A contact's follow-up entries, as days before today and codes: daily from `listed` days ago
/// through yesterday, today's too for those done, none after four days ago for the lost, none
/// yesterday for the overdue; the child who became a case had fever, then was referred.
fn entries(listed: i64, key: &str, turned: bool) -> Vec<(i64, &'static str)> {
    if turned {
        return (3..=listed)
            .rev()
            .map(|ago| match ago {
                3 => (ago, "fever"),
                _ => (ago, "healthy"),
            })
            .chain([(2, "referred")])
            .collect();
    }
    let last = if LOST.contains(&key) {
        5
    } else if key == OVERDUE {
        2
    } else if DONE_TODAY.contains(&key) {
        0
    } else {
        1
    };
    (last..=listed)
        .rev()
        .map(|ago| {
            (
                ago,
                if ago == 2 && key == "Sulastri" {
                    "cough"
                } else {
                    "healthy"
                },
            )
        })
        .collect()
}

/// The first moment of `day` on the machine running the demo (whose browser shows it).
fn start_of(day: NaiveDate) -> chrono::DateTime<Utc> {
    chrono::Local
        .from_local_datetime(&day.and_time(NaiveTime::MIN))
        .earliest()
        .map_or_else(
            || Utc.from_utc_datetime(&day.and_time(NaiveTime::MIN)),
            |t| t.with_timezone(&Utc),
        )
}

/// Seeds the outbreak once: when the demo agency has no case yet (a first run, or one after
/// every case was deleted), as of today on the machine the demo runs on (whose browser shows it;
/// the demo agency's own day would be WIB's).
pub async fn ensure(db: &crate::db::Db, kinds: posko_core::kit::Registry) -> Result<(), crate::error::ApiError> {
    let cases: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM records WHERE agency_id = $1 AND kind = 'case'")
        .bind(DEMO_AGENCY_ID)
        .fetch_one(&db.pool)
        .await
        .map_err(crate::error::ApiError::from)?;
    if cases > 0 {
        return Ok(());
    }
    let now = crate::clock::now();
    let today = crate::clock::local_today();
    crate::seed::push_as_demo_admin(db, kinds, DEVICE, records(today, now.timestamp_millis())).await
}
