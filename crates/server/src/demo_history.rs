//! The demo agency's last 30 days (issue #20 item 11), so a newcomer sees a Crisis Center at
//! work, not empty screens: on every working day most of the 48 people screened themselves
//! before work (a few days missed, three stay-home alerts the Crisis Center then called about,
//! referred or cleared); Balai Kota kept its protocol checklist every working day, Klojen
//! missed every third and failed some items; two violations were recorded; Klojen planned
//! today's work from the office, and its people screened this morning. Balai Kota's today has
//! no screening, and no office a checklist: those are what a visitor does. Each record goes through the push as its maker would have sent it (a
//! person their screenings, the admin the rest), dated from the machine's date the first time
//! the server runs, and only then (`ensure`).

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use posko_core::alert::AlertAction;
use posko_core::checklist::{checklist_id, Checklist, Template};
use posko_core::roster::Person;
use posko_core::screening::{screening_id, Screening, ScreeningRules};
use posko_core::sync::{Record, Stamp, SyncRecord};
use posko_core::violation::Violation;
use posko_core::wfo::{wfo_day_id, WfoDay};
use posko_core::{Role, UserProfile};

use crate::error::ApiError;
use crate::seed::{demo_roster, DEMO_AGENCY_ID, DEMO_OFFICES};

/// The demo admin's device for the month's records of the Crisis Center.
const ADMIN_DEVICE: &str = "demo-history";
/// How many days back the history goes.
pub const DAYS: i64 = 30;
/// The stay-home alerts: whose (by place on the roster, from 0), how many days ago, and what
/// was done (the admin's actions, each with its day ago): a fever called and cleared after a
/// negative swab, a cough after a close contact referred to the Puskesmas and waiting for its
/// result, and a fever called yesterday and still followed.
const ALERTS: [(usize, i64, Symptom, &[(&str, i64)]); 3] = [
    (
        29,
        12,
        Symptom::Fever,
        &[("called", 12), ("referred_puskesmas", 12), ("cleared", 9)],
    ),
    (
        40,
        8,
        Symptom::CoughAfterContact,
        &[("called", 8), ("referred_puskesmas", 7)],
    ),
    (4, 2, Symptom::Fever, &[("called", 1)]),
];

#[derive(Clone, Copy)]
enum Symptom {
    Fever,
    CoughAfterContact,
}

/// A moment of a day `ago` days before `today`, in WIB (UTC+7), as the server takes it.
fn moment(today: NaiveDate, ago: i64, hour: u32, minute: u32) -> chrono::DateTime<Utc> {
    let local =
        (today - Duration::days(ago)).and_time(NaiveTime::from_hms_opt(hour, minute, 0).expect("a time of day"));
    Utc.from_utc_datetime(&(local - Duration::hours(7)))
}

/// A change stamped at `at`, the `n`th of that moment.
fn stamp(at: chrono::DateTime<Utc>, n: u16, device: &str) -> Stamp {
    Stamp::new(at.timestamp_millis().max(0) as u64, n, device)
}

fn working_day(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Whether the `n`th person of the roster (from 0) skipped their screening `ago` days ago:
/// about one day in ten, different days for different people.
fn skipped(n: usize, ago: i64) -> bool {
    (n as i64 * 7 + ago * 3) % 10 == 0
}

/// Whether the `n`th person of the roster screened this morning already: Klojen's people
/// but the demo users (who screen themselves) and those who skip today; Balai Kota's day has
/// not begun, so the monitor sees one office screened and one not yet.
fn screened_this_morning(n: usize, person: &Person) -> bool {
    let user = crate::seed::DEMO_USERS
        .iter()
        .any(|u| crate::seed::demo_user_id(u.username) == person.id);
    person.office_id.as_deref() == Some(DEMO_OFFICES[1].0) && !user && !skipped(n, 0)
}

/// `person`'s screenings of the last `DAYS` working days (and the day of an alert of theirs),
/// and this morning's for Klojen's people (recorded before `now`), as their phone would have
/// pushed them.
pub fn screenings(n: usize, person: &Person, today: NaiveDate, now: chrono::DateTime<Utc>) -> Vec<Record> {
    let device = format!("demo-history-{}", person.id);
    let rules = ScreeningRules::KMK_328_2020;
    let from = if working_day(today) && screened_this_morning(n, person) {
        0
    } else {
        1
    };
    (from..=DAYS)
        .rev()
        .filter_map(|ago| {
            let day = today - Duration::days(ago);
            let alert = ALERTS.iter().find(|(who, when, ..)| *who == n && *when == ago);
            if alert.is_none() && (!working_day(day) || skipped(n, ago)) {
                return None;
            }
            let at = moment(today, ago, 6, 30 + ((n as i64 + ago) % 25) as u32).min(now - Duration::minutes(1));
            let fever = matches!(alert, Some((_, _, Symptom::Fever, _)));
            let cough = matches!(alert, Some((_, _, Symptom::CoughAfterContact, _)));
            let screening = Screening {
                id: screening_id(&person.id, day)?,
                agency_id: DEMO_AGENCY_ID.into(),
                office_id: person.office_id.clone(),
                owner_id: Some(person.id.clone()),
                parent_id: None,
                date: day,
                temperature_decicelsius: if fever {
                    382
                } else {
                    360 + ((n as i64 * 3 + ago * 5) % 9)
                },
                fever,
                cough,
                sore_throat: false,
                shortness_of_breath: false,
                loss_of_smell_or_taste: false,
                other_symptom: None,
                close_contact_14d: cough,
                travel_14d: false,
                rules_version: rules.version.into(),
                recorded_at: at,
                alert_raised: None,
            };
            Some(screening.to_new_record(&stamp(at, 0, &device)))
        })
        .collect()
}

/// What the admin pushed over the month: the actions on the alerts, the two offices'
/// checklists, two violations and Klojen's plan for today.
pub fn crisis_center(today: NaiveDate) -> Vec<Record> {
    const DEVICE: &str = ADMIN_DEVICE;
    let roster = demo_roster();
    let mut out = Vec::new();
    for (who, when, _, actions) in ALERTS {
        let person = &roster[who];
        let Some(screening) = screening_id(&person.id, today - Duration::days(when)) else {
            continue;
        };
        for (k, (action, ago)) in actions.iter().enumerate() {
            let at = moment(today, *ago, 9 + k as u32, 15);
            let note = match *action {
                "referred_puskesmas" => Some("Dirujuk ke Puskesmas Kendalkerep untuk swab PCR.".to_owned()),
                "cleared" => Some("Hasil swab PCR negatif.".to_owned()),
                _ => None,
            };
            let done = AlertAction {
                id: format!("demo-history-action-{who}-{k}"),
                agency_id: DEMO_AGENCY_ID.into(),
                office_id: person.office_id.clone(),
                // An action is its maker's entry in the alert's log.
                owner_id: Some(crate::seed::demo_admin().id),
                parent_id: Some(screening.clone()),
                action: (*action).into(),
                note,
                done_at: at,
            };
            out.push(done.to_new_record(&stamp(at, 0, DEVICE)));
        }
    }
    let template = Template::current();
    for ago in (1..=DAYS).rev() {
        let day = today - Duration::days(ago);
        if !working_day(day) {
            continue;
        }
        for (o, (office, ..)) in DEMO_OFFICES.iter().enumerate() {
            // Klojen neglects every third working day, and fails an item or two on some others.
            let neglecting = o == 1;
            if neglecting && ago % 3 == 0 {
                continue;
            }
            let at = moment(today, ago, 8, 10 + o as u32 * 20);
            let answers = template
                .items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let failed = neglecting && (ago as usize + i) % 5 == 0;
                    ((*item).to_owned(), if failed { "fail" } else { "pass" }.to_owned())
                })
                .collect();
            let Some(id) = checklist_id(office, day) else { continue };
            let checklist = Checklist {
                id,
                agency_id: DEMO_AGENCY_ID.into(),
                office_id: Some((*office).into()),
                owner_id: None,
                parent_id: None,
                date: day,
                template: template.version.into(),
                answers,
                notes: Vec::new(),
                photos: Vec::new(),
                headcount: Some(24),
                checked_at: at,
            };
            out.push(checklist.to_new_record(&stamp(at, 0, DEVICE)));
        }
    }
    for (k, (n, ago, breach, place)) in [
        (13usize, 10i64, "no_mask", "Lobi pelayanan"),
        (33, 4, "crowding", "Ruang rapat lantai 2"),
    ]
    .into_iter()
    .enumerate()
    {
        let person = &roster[n];
        let at = moment(today, ago, 10, 30);
        let violation = Violation {
            id: format!("demo-history-violation-{k}"),
            agency_id: DEMO_AGENCY_ID.into(),
            office_id: person.office_id.clone(),
            owner_id: None,
            parent_id: None,
            person: person.id.clone(),
            person_name: String::new(),
            unit: None,
            answerable: None,
            answerable_name: None,
            breach: breach.into(),
            happened_on: today - Duration::days(ago),
            place: Some(place.into()),
            detail: None,
            photos: Vec::new(),
            discipline: None,
        };
        out.push(violation.to_new_record(&stamp(at, 0, DEVICE)));
    }
    let klojen = DEMO_OFFICES[1].0;
    let in_office: Vec<(String, bool)> = roster
        .iter()
        .filter(|p| p.office_id.as_deref() == Some(klojen))
        .take(6)
        .map(|p| (p.id.clone(), true))
        .collect();
    if let Some(id) = wfo_day_id(klojen, today) {
        let at = moment(today, 1, 16, 0);
        let plan = WfoDay {
            id,
            agency_id: DEMO_AGENCY_ID.into(),
            office_id: Some(klojen.into()),
            owner_id: None,
            parent_id: None,
            date: today,
            zone: "high".into(),
            headcount: 24,
            rules_version: posko_core::wfo::CapRules::SE_MENPAN_RB_67_2020.version.into(),
            in_office,
        };
        out.push(plan.to_new_record(&stamp(at, 0, DEVICE)));
    }
    out
}

/// The person of the roster as the user who pushes their own screenings.
fn as_user(person: &Person) -> UserProfile {
    UserProfile {
        id: person.id.clone(),
        username: person.id.clone(),
        full_name: person.full_name.clone(),
        role: Role::Employee,
        agency_id: DEMO_AGENCY_ID.into(),
        agency_name: String::new(),
        office_id: person.office_id.clone(),
        office_name: None,
    }
}

/// Pushes the month once: the admin's device pushes last, so once it has (`sync_devices`) a
/// server run again, on the same day or later, adds nothing; a run cut short replays what was
/// pushed (acknowledged, not stored again) and pushes the rest.
pub async fn ensure(db: &crate::db::Db, kinds: posko_core::kit::Registry) -> Result<(), ApiError> {
    let today = crate::clock::local_today();
    ensure_as_of(db, kinds, today, crate::clock::now()).await
}

/// `ensure` as of `today` and `now` (the tests' day).
pub async fn ensure_as_of(
    db: &crate::db::Db,
    kinds: posko_core::kit::Registry,
    today: NaiveDate,
    now: chrono::DateTime<Utc>,
) -> Result<(), ApiError> {
    let done: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sync_devices WHERE device_id = $1")
        .bind(ADMIN_DEVICE)
        .fetch_one(&db.pool)
        .await
        .map_err(ApiError::from)?;
    if done > 0 {
        return Ok(());
    }
    for (n, person) in demo_roster().iter().enumerate() {
        let device = format!("demo-history-{}", person.id);
        crate::seed::push_as(db, kinds, &as_user(person), &device, screenings(n, person, today, now)).await?;
    }
    crate::seed::push_as_demo_admin(db, kinds, ADMIN_DEVICE, crisis_center(today)).await
}
