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
            .bind(format!("demo-{}", user.username))
            .bind(user.username)
            .bind(hash_password(DEMO_PASSWORD))
            .bind(user.full_name)
            .bind(user.role.as_str())
            .bind(DEMO_AGENCY_ID)
            .bind(user.office_id)
            .bind(chrono::Utc::now().timestamp())
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await
}
