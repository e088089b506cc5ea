//! The demo agency, its two offices and one user per role, created once and kept across runs.

use posko_core::Role;

use crate::auth::hash_password;
use crate::db::Db;

pub const DEMO_PASSWORD: &str = "posko-demo";
pub const DEMO_AGENCY_ID: &str = "demo-pemkot-malang";

pub struct DemoUser {
    pub username: &'static str,
    pub full_name: &'static str,
    pub role: Role,
    pub office_id: Option<&'static str>,
}

pub const DEMO_OFFICES: [(&str, &str, &str); 2] = [
    ("demo-balai-kota", "Balai Kota Malang", "Kota Malang"),
    ("demo-kec-klojen", "Kantor Kecamatan Klojen", "Kota Malang"),
];

pub const DEMO_USERS: [DemoUser; 6] = [
    DemoUser {
        username: "pegawai",
        full_name: "Siti Rahmawati",
        role: Role::Employee,
        office_id: Some("demo-balai-kota"),
    },
    DemoUser {
        username: "petugas",
        full_name: "Budi Santoso",
        role: Role::ProtocolOfficer,
        office_id: Some("demo-balai-kota"),
    },
    DemoUser {
        username: "pelacak",
        full_name: "Dewi Lestari",
        role: Role::TracingOfficer,
        office_id: Some("demo-kec-klojen"),
    },
    DemoUser {
        username: "admin",
        full_name: "Agus Wijaya",
        role: Role::CrisisAdmin,
        office_id: None,
    },
    DemoUser {
        username: "ppk",
        full_name: "Hendra Gunawan",
        role: Role::Ppk,
        office_id: None,
    },
    DemoUser {
        username: "pemantau",
        full_name: "Rina Kartika",
        role: Role::Monitor,
        office_id: None,
    },
];

/// The id of a demo user, which is also their person's id on the roster.
pub fn demo_user_id(username: &str) -> String {
    format!("demo-{username}")
}

/// Creates whatever part of the demo data is missing. Existing rows, and anything users changed,
/// are left alone, so running the server twice keeps the data.
pub async fn ensure_demo_data(db: &Db) -> Result<(), sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let agency_exists: Option<String> = sqlx::query_scalar("SELECT id FROM agencies WHERE id = $1")
        .bind(DEMO_AGENCY_ID)
        .fetch_optional(&mut *tx)
        .await?;
    if agency_exists.is_none() {
        sqlx::query("INSERT INTO agencies (id, name, region) VALUES ($1, $2, $3)")
            .bind(DEMO_AGENCY_ID)
            .bind("Pemerintah Kota Malang (demo)")
            .bind("Jawa Timur / Kota Malang")
            .execute(&mut *tx)
            .await?;
    }
    for (id, name, regency) in DEMO_OFFICES {
        let exists: Option<String> = sqlx::query_scalar("SELECT id FROM offices WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            sqlx::query("INSERT INTO offices (id, agency_id, name, regency) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(DEMO_AGENCY_ID)
                .bind(name)
                .bind(regency)
                .execute(&mut *tx)
                .await?;
        }
    }
    for user in &DEMO_USERS {
        let exists: Option<String> = sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
            .bind(user.username)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            sqlx::query(
                "INSERT INTO users (id, username, password_hash, full_name, role, agency_id, office_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(demo_user_id(user.username))
            .bind(user.username)
            .bind(hash_password(DEMO_PASSWORD))
            .bind(user.full_name)
            .bind(user.role.as_str())
            .bind(DEMO_AGENCY_ID)
            .bind(user.office_id)
            .bind(crate::clock::now_secs())
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await
}

/// The demo offices' units, each with its people: the demo users first where they belong.
const DEMO_UNITS: [(&str, &[&str]); 8] = [
    ("demo-balai-kota", &["Bagian Umum", "Siti Rahmawati", "Budi Santoso"]),
    ("demo-balai-kota", &["Bagian Keuangan"]),
    ("demo-balai-kota", &["Bagian Organisasi"]),
    ("demo-balai-kota", &["Bagian Hukum"]),
    ("demo-kec-klojen", &["Sekretariat Kecamatan", "Dewi Lestari"]),
    ("demo-kec-klojen", &["Seksi Pemerintahan"]),
    ("demo-kec-klojen", &["Seksi Kesejahteraan Sosial"]),
    ("demo-kec-klojen", &["Seksi Ketenteraman dan Ketertiban"]),
];
const GIVEN: [&str; 16] = [
    "Ahmad", "Sri", "Eko", "Nur", "Bambang", "Lina", "Joko", "Wahyuni", "Rizky", "Fitri", "Hadi", "Ratna", "Yusuf",
    "Indah", "Teguh", "Maya",
];
const FAMILY: [&str; 12] = [
    "Prasetyo",
    "Wulandari",
    "Saputra",
    "Handayani",
    "Nugroho",
    "Kusuma",
    "Setiawan",
    "Lestari",
    "Hidayat",
    "Purnomo",
    "Susanti",
    "Firmansyah",
];
const KECAMATAN: [(&str, &[&str]); 3] = [
    ("Klojen", &["Kauman", "Oro-oro Dowo", "Samaan"]),
    ("Lowokwaru", &["Dinoyo", "Tlogomas"]),
    ("Blimbing", &["Purwantoro", "Polehan"]),
];
/// People per unit, its head included.
const UNIT_SIZE: usize = 6;

/// The demo roster: 48 people of the two demo offices in eight units, one head each, with NIPs
/// that are real in form (birth date, appointment month, sex digit), phones and residences.
/// The same every time: record ids, stamps and people are fixed.
pub fn demo_roster() -> Vec<posko_core::roster::Person> {
    let mut people = Vec::new();
    let mut n: u32 = 0;
    for (office, members) in DEMO_UNITS.iter() {
        let (unit, named) = members.split_first().expect("a unit has a name");
        for i in 0..UNIT_SIZE {
            n += 1;
            let female = !(n * 7).is_multiple_of(3);
            let full_name = match named.get(i) {
                Some(name) => (*name).to_owned(),
                None => format!(
                    "{} {}",
                    GIVEN[(n as usize * 5) % GIVEN.len()],
                    FAMILY[(n as usize * 7) % FAMILY.len()]
                ),
            };
            let birth_year = 1966 + (n * 13) % 32;
            let (birth_month, birth_day) = (1 + (n * 5) % 12, 1 + (n * 11) % 28);
            let appointed = birth_year + 23 + n % 6;
            let nip = format!(
                "{birth_year}{birth_month:02}{birth_day:02}{appointed}{:02}{}{:03}",
                1 + n % 12,
                if female { 2 } else { 1 },
                n
            );
            let (kecamatan, kelurahan) = KECAMATAN[n as usize % KECAMATAN.len()];
            // A person who signs in is the user with the person's id (`posko_core::alert`).
            let id = DEMO_USERS
                .iter()
                .find(|u| u.full_name == full_name)
                .map_or_else(|| format!("demo-person-{n:03}"), |u| demo_user_id(u.username));
            people.push(posko_core::roster::Person {
                id,
                agency_id: DEMO_AGENCY_ID.to_owned(),
                office_id: Some((*office).to_owned()),
                owner_id: None,
                parent_id: None,
                nip,
                full_name,
                unit: (*unit).to_owned(),
                position: Some(if i == 0 {
                    format!("Kepala {unit}")
                } else {
                    "Staf".to_owned()
                }),
                phone: Some(format!(
                    "0812-{:04}-{:04}",
                    3000 + n * 37 % 7000,
                    1000 + (n * 7919) % 9000
                )),
                kecamatan: Some(kecamatan.to_owned()),
                kelurahan: Some(kelurahan[n as usize % kelurahan.len()].to_owned()),
                unit_head: i == 0,
            });
        }
    }
    people
}

/// The demo Balai Kota office's Crisis Center call center.
pub const DEMO_CALL_CENTER_PHONE: &str = "0341-551234";

/// Puts the demo roster on the server as the demo admin would have pushed it, through the same
/// push as any device (checks, projections, history), from a device of its own: a second run
/// replays the same entries, which the server acknowledges without storing them again, and an
/// edit made since is kept.
pub async fn ensure_demo_roster(db: &Db, kinds: posko_core::kit::Registry) -> Result<(), crate::error::ApiError> {
    use posko_core::sync::{Stamp, SyncRecord};

    // 2020-09-01 07:00 WIB, when the Crisis Center began keeping its roster; then the first
    // office's call center number (the second has none: its screens dial the national line).
    let at = |i: usize| Stamp::new(1_598_918_400_000, i as u16, "demo-roster");
    let mut records: Vec<posko_core::sync::Record> = demo_roster()
        .iter()
        .enumerate()
        .map(|(i, person)| person.to_new_record(&at(i)))
        .collect();
    let office = DEMO_OFFICES[0].0;
    let call_center = posko_core::call_center::CallCenter {
        id: posko_core::call_center::CALL_CENTER_IDS
            .single_id(office)
            .expect("a demo office id is short"),
        agency_id: DEMO_AGENCY_ID.into(),
        office_id: Some(office.into()),
        owner_id: None,
        parent_id: None,
        phone: DEMO_CALL_CENTER_PHONE.into(),
        name: Some("Posko Crisis Center Balai Kota".into()),
    };
    records.push(call_center.to_new_record(&at(records.len())));
    push_as_demo_admin(db, kinds, "demo-roster", records).await
}

/// The demo admin, who pushes the demo's records of the Crisis Center.
pub fn demo_admin() -> posko_core::UserProfile {
    posko_core::UserProfile {
        id: "demo-admin".into(),
        username: "admin".into(),
        full_name: "Agus Wijaya".into(),
        role: Role::CrisisAdmin,
        agency_id: DEMO_AGENCY_ID.into(),
        agency_name: String::new(),
        office_id: None,
        office_name: None,
    }
}

/// Pushes `records` as the demo admin's device `device` would have, in order: a second run
/// replays the same entries, which the server acknowledges without storing them again.
pub async fn push_as_demo_admin(
    db: &Db,
    kinds: posko_core::kit::Registry,
    device: &str,
    records: Vec<posko_core::sync::Record>,
) -> Result<(), crate::error::ApiError> {
    push_as(db, kinds, &demo_admin(), device, records).await
}

/// Pushes `records` as `user`'s device `device` would have, in order, through the push every
/// device goes through (the same checks, derived fields, projections and history).
pub async fn push_as(
    db: &Db,
    kinds: posko_core::kit::Registry,
    user: &posko_core::UserProfile,
    device: &str,
    records: Vec<posko_core::sync::Record>,
) -> Result<(), crate::error::ApiError> {
    use posko_core::sync::protocol::{PushEntry, PushRequest};

    let entries = records
        .into_iter()
        .enumerate()
        .map(|(i, record)| PushEntry {
            seq: i as u64 + 1,
            record,
        })
        .collect();
    let request = PushRequest {
        device_id: device.into(),
        entries,
    };
    let reply = crate::sync::push::apply(db, kinds, user, &request, Default::default()).await?;
    // A refused record is a mistake in the demo data itself: said, not skipped.
    match reply.acks.iter().find_map(|ack| match &ack.outcome {
        posko_core::sync::protocol::Outcome::Rejected(why) => Some(why.detail.clone()),
        _ => None,
    }) {
        Some(detail) => Err(crate::error::ApiError::Internal(format!(
            "the demo data from {device} was refused: {detail}"
        ))),
        None => Ok(()),
    }
}
