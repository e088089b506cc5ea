//! Sync helpers: screenings as records for a user, push and pull through the API, users of a
//! second agency.

use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use posko_core::checklist::{Checklist, Template};
use posko_core::sync::protocol::{PullResponse, PushEntry, PushRequest, PushResponse};
use posko_core::sync::{Record, Stamp, SyncRecord};
use posko_core::wfo::{CapRules, WfoDay};
use posko_core::{Role, Screening};
use posko_server::seed::{DEMO_AGENCY_ID, DEMO_USERS};

use super::{Reply, TestApp};

/// Who a record is about: the envelope a screening gets.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub agency_id: String,
    pub office_id: Option<String>,
}

/// A demo user of the seeded agency, by username.
pub fn demo(username: &str) -> Person {
    let user = DEMO_USERS
        .iter()
        .find(|u| u.username == username)
        .unwrap_or_else(|| panic!("no demo user {username}"));
    Person {
        id: format!("demo-{username}"),
        agency_id: DEMO_AGENCY_ID.to_owned(),
        office_id: user.office_id.map(str::to_owned),
    }
}

pub const OTHER_AGENCY_ID: &str = "other-agency";
pub const OTHER_OFFICE_ID: &str = "other-office";

/// The second agency, as its operator's command would make it.
pub fn other_agency() -> posko_server::agency::NewAgency {
    posko_server::agency::NewAgency {
        id: OTHER_AGENCY_ID.to_owned(),
        name: "Pemerintah Kabupaten Lain".to_owned(),
        region: "Elsewhere".to_owned(),
        offices: vec![posko_server::agency::NewOffice {
            id: OTHER_OFFICE_ID.to_owned(),
            name: "Other office".to_owned(),
            regency: "Elsewhere".to_owned(),
        }],
        admin_username: "admin.lain".to_owned(),
        admin_full_name: "Dewi Lestari".to_owned(),
    }
}

/// Adds a user (password `posko-demo`) to a second agency, which is made as a real agency
/// starts (`agency::create`: one office and its first admin) if missing.
pub async fn add_other_agency_user(app: &TestApp, username: &str, role: Role) -> Person {
    let pool = &app.state.db.pool;
    let exists: Option<String> = sqlx::query_scalar("SELECT id FROM agencies WHERE id = $1")
        .bind(OTHER_AGENCY_ID)
        .fetch_optional(pool)
        .await
        .unwrap();
    if exists.is_none() {
        posko_server::agency::create(&app.state.db, &other_agency())
            .await
            .unwrap();
    }
    let id = format!("other-{username}");
    insert_user(app, &id, username, role, OTHER_AGENCY_ID, Some(OTHER_OFFICE_ID)).await;
    Person {
        id,
        agency_id: OTHER_AGENCY_ID.to_owned(),
        office_id: Some(OTHER_OFFICE_ID.to_owned()),
    }
}

/// A new record id: UUIDv7, as clients make them.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// `person`'s screening of 14 July 2020 (36.5 °C, no symptoms) as a new record, every field
/// under `stamp`: the day's one (`screening_id`), so a second of the same person is the same
/// record. An officer records one for anyone of their office: `Person { id, ..officer }`.
pub fn screening(person: &Person, stamp: &Stamp) -> Record {
    screening_on(person, 14, stamp)
}

/// Someone of `place`'s office, the `n`th: as many people as a test needs screenings of one day
/// (an officer or the admin records them).
pub fn someone(place: &Person, n: u64) -> Person {
    Person {
        id: format!("{}-{n}", place.id),
        ..place.clone()
    }
}

/// `person`'s screening of `day` July 2020, one of 7 to 14 (recorded on the 14th: at most a
/// week back).
pub fn screening_on(person: &Person, day: u32, stamp: &Stamp) -> Record {
    let date = chrono::NaiveDate::from_ymd_opt(2020, 7, day).unwrap();
    screening_of(
        person,
        date,
        chrono::DateTime::from_timestamp_millis(1_594_700_000_000).unwrap(),
    )
    .to_new_record(stamp)
}

/// `person`'s screening of `date`, recorded at `recorded_at` (36.5 °C, no symptoms), under the
/// day's id (`screening_id`).
pub fn screening_of(person: &Person, date: NaiveDate, recorded_at: DateTime<Utc>) -> Screening {
    Screening {
        id: posko_core::screening::screening_id(&person.id, date).unwrap(),
        owner_id: Some(person.id.clone()),
        agency_id: person.agency_id.clone(),
        office_id: person.office_id.clone(),
        parent_id: None,
        date,
        temperature_decicelsius: 365,
        fever: false,
        cough: false,
        sore_throat: false,
        shortness_of_breath: false,
        loss_of_smell_or_taste: false,
        other_symptom: None,
        close_contact_14d: false,
        travel_14d: false,
        rules_version: "KMK-328-2020".to_owned(),
        recorded_at,
        alert_raised: None,
    }
}

/// `place`'s office checklist of `date` under the day's id (masks passed, ten at work), every
/// field under `stamp`.
pub fn checklist_of(place: &Person, date: NaiveDate, stamp: &Stamp) -> Record {
    Checklist {
        id: posko_core::checklist::checklist_id(place.office_id.as_deref().unwrap(), date).unwrap(),
        agency_id: place.agency_id.clone(),
        office_id: place.office_id.clone(),
        owner_id: None,
        parent_id: None,
        date,
        template: Template::current().version.into(),
        answers: vec![("masks".into(), "pass".into())],
        notes: Vec::new(),
        photos: Vec::new(),
        headcount: Some(10),
        checked_at: chrono::DateTime::from_timestamp_millis(1_594_700_000_000).unwrap(),
    }
    .to_new_record(stamp)
}

/// `place`'s work-from-office plan of `date` under the day's id (a high-risk zone, 24 at work,
/// `place`'s person in the office), every field under `stamp`.
pub fn plan_of(place: &Person, date: NaiveDate, stamp: &Stamp) -> Record {
    WfoDay {
        id: posko_core::wfo::wfo_day_id(place.office_id.as_deref().unwrap(), date).unwrap(),
        agency_id: place.agency_id.clone(),
        office_id: place.office_id.clone(),
        owner_id: None,
        parent_id: None,
        date,
        zone: "high".into(),
        headcount: 24,
        rules_version: CapRules::SE_MENPAN_RB_67_2020.version.into(),
        in_office: vec![(place.id.clone(), true)],
    }
    .to_new_record(stamp)
}

/// Someone on `place`'s office roster (Siti Aminah, of Bagian Umum), as a new record with every
/// field under `stamp`: a record the office's officers and the admin all edit.
pub fn roster_person(place: &Person, id: &str, stamp: &Stamp) -> Record {
    posko_core::roster::Person {
        id: id.to_owned(),
        agency_id: place.agency_id.clone(),
        office_id: place.office_id.clone(),
        owner_id: None,
        parent_id: None,
        nip: "199001152015032001".into(),
        full_name: "Siti Aminah".into(),
        unit: "Bagian Umum".into(),
        position: None,
        phone: None,
        kecamatan: None,
        kelurahan: None,
        unit_head: false,
    }
    .to_new_record(stamp)
}

/// A stamp from `device` at `ms` (any small number: only the order matters).
pub fn stamp(ms: u64, device: &str) -> Stamp {
    Stamp::new(1_594_700_000_000 + ms, 0, device)
}

/// A push body: `records` as consecutive entries from `first_seq`.
pub fn push_body(device: &str, first_seq: u64, records: &[Record]) -> String {
    let entries: Vec<(u64, Record)> = (first_seq..).zip(records.iter().cloned()).collect();
    push_entries(device, &entries)
}

/// A push body of entries with the sequence numbers given (a shared phone's user's, which rise
/// with gaps).
pub fn push_entries(device: &str, entries: &[(u64, Record)]) -> String {
    let entries = entries
        .iter()
        .map(|(seq, record)| PushEntry {
            seq: *seq,
            record: record.clone(),
        })
        .collect();
    serde_json::to_string(&PushRequest {
        device_id: device.to_owned(),
        entries,
    })
    .unwrap()
}

impl TestApp {
    /// Pushes entries with the sequence numbers given, and expects acks.
    pub async fn push_entries(&self, token: &str, device: &str, entries: &[(u64, Record)]) -> PushResponse {
        let reply = self
            .post_json("/api/sync/push", Some(token), &push_entries(device, entries))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", String::from_utf8_lossy(&reply.body));
        serde_json::from_slice(&reply.body).unwrap()
    }

    pub async fn push_raw(&self, token: &str, device: &str, first_seq: u64, records: &[Record]) -> Reply {
        self.post_json("/api/sync/push", Some(token), &push_body(device, first_seq, records))
            .await
    }

    /// Pushes and expects the server to answer with acks.
    pub async fn push(&self, token: &str, device: &str, first_seq: u64, records: &[Record]) -> PushResponse {
        let reply = self.push_raw(token, device, first_seq, records).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", String::from_utf8_lossy(&reply.body));
        serde_json::from_slice(&reply.body).unwrap()
    }

    pub async fn pull(&self, token: &str, after: u64, limit: Option<u64>) -> PullResponse {
        let path = match limit {
            Some(limit) => format!("/api/sync/pull?after={after}&limit={limit}"),
            None => format!("/api/sync/pull?after={after}"),
        };
        let reply = self.get(&path, Some(token)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", String::from_utf8_lossy(&reply.body));
        serde_json::from_slice(&reply.body)
            .unwrap_or_else(|e| panic!("not a PullResponse ({e}): {}", String::from_utf8_lossy(&reply.body)))
    }

    /// One page after `after`, from a device whose cursor was reached under `reach`.
    pub async fn pull_reached(&self, token: &str, after: u64, reach: &str) -> PullResponse {
        let reply = self
            .get(&format!("/api/sync/pull?after={after}&reach={reach}"), Some(token))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", String::from_utf8_lossy(&reply.body));
        serde_json::from_slice(&reply.body).unwrap()
    }

    /// Every page from the start, the ids of the records in order of arrival.
    pub async fn pull_all(&self, token: &str, limit: Option<u64>) -> Vec<Record> {
        let (mut cursor, mut records) = (0, Vec::new());
        loop {
            let page = self.pull(token, cursor, limit).await;
            records.extend(page.records);
            cursor = page.cursor;
            if !page.more {
                return records;
            }
        }
    }

    /// The record as the server stores it, or `None`.
    pub async fn stored(&self, id: &str) -> Option<Record> {
        let body: Option<String> = sqlx::query_scalar("SELECT body FROM records WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.state.db.pool)
            .await
            .unwrap();
        body.map(|b| serde_json::from_str(&b).unwrap())
    }

    /// Every stored record, sorted by id.
    pub async fn all_stored(&self) -> Vec<Record> {
        let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM records ORDER BY id")
            .fetch_all(&self.state.db.pool)
            .await
            .unwrap();
        bodies.iter().map(|b| serde_json::from_str(b).unwrap()).collect()
    }

    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap()
    }
}

/// Adds a user of the demo agency (password `posko-demo`) with `role`, at `office` (`None`: the
/// whole agency), whose id is `demo-<username>`.
pub async fn add_demo_user(app: &TestApp, username: &str, role: Role, office: Option<&str>) -> Person {
    let id = format!("demo-{username}");
    insert_user(app, &id, username, role, DEMO_AGENCY_ID, office).await;
    Person {
        id,
        agency_id: DEMO_AGENCY_ID.to_owned(),
        office_id: office.map(str::to_owned),
    }
}

/// A user row (password `posko-demo`, full name the username), as the tests add them.
async fn insert_user(app: &TestApp, id: &str, username: &str, role: Role, agency_id: &str, office: Option<&str>) {
    sqlx::query(
        "INSERT INTO users (id, username, password_hash, full_name, role, agency_id, office_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0)",
    )
    .bind(id)
    .bind(username)
    .bind(posko_server::auth::hash_password(posko_server::seed::DEMO_PASSWORD))
    .bind(username)
    .bind(role.as_str())
    .bind(agency_id)
    .bind(office)
    .execute(&app.state.db.pool)
    .await
    .unwrap();
}
