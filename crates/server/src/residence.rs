//! The residence list as a printable workbook (issue #20, item 7): the cases and close contacts
//! a user reads (`kit::may_read`), by kecamatan and kelurahan of where each person lives, for
//! the camat and the lurah. The rows are core's (`residence::rows`), the same the device's CSV
//! writes offline; the words are the health kinds' names (`locales/cases/`).

use std::collections::HashMap;

use posko_core::cases::{Case, CloseContact, OutsidePerson, CASE};
use posko_core::kit::{self, Registry};
use posko_core::residence::{rows, Resident};
use posko_core::roster::Person;
use posko_core::sync::{Record, SyncRecord};
use posko_core::UserProfile;

use crate::db::Db;
use crate::error::ApiError;

/// The health kinds' names in each language, as the device shows them.
fn words(english: bool) -> Result<HashMap<String, String>, ApiError> {
    let text = if english {
        include_str!("../../../locales/cases/en.json")
    } else {
        include_str!("../../../locales/cases/id.json")
    };
    serde_json::from_str(text).map_err(|e| ApiError::Internal(format!("the kinds' names: {e}")))
}

/// Where a person lives and how to reach them, from the roster or from outside it.
struct Home {
    name: String,
    kecamatan: String,
    kelurahan: String,
    address: String,
    phone: String,
}

/// The workbook of the cases and contacts `user` reads in their agency, in English when
/// `english`, else in Indonesian. Only the health team may ask (the others read no case).
pub async fn workbook(db: &Db, kinds: Registry, user: &UserProfile, english: bool) -> Result<Vec<u8>, ApiError> {
    if !CASE.access.readable_by(user.role) {
        return Err(ApiError::Forbidden("only the health team reads the residence lists"));
    }
    let bodies: Vec<String> = sqlx::query_scalar(
        "SELECT body FROM records WHERE agency_id = $1 AND kind IN ('case', 'close_contact', 'person', 'outside_person')",
    )
    .bind(&user.agency_id)
    .fetch_all(&db.pool)
    .await?;
    let mut homes: HashMap<String, Home> = HashMap::new();
    let mut listed: Vec<Record> = Vec::new();
    for body in bodies {
        let record: Record =
            serde_json::from_str(&body).map_err(|e| ApiError::Internal(format!("stored record: {e}")))?;
        if record.deleted.is_some() {
            continue;
        }
        match record.kind.as_str() {
            "person" => {
                if let Ok(p) = Person::from_record(&record) {
                    let home = Home {
                        name: p.full_name,
                        kecamatan: p.kecamatan.unwrap_or_default(),
                        kelurahan: p.kelurahan.unwrap_or_default(),
                        address: String::new(),
                        phone: p.phone.unwrap_or_default(),
                    };
                    homes.insert(p.id, home);
                }
            }
            "outside_person" => {
                if let Ok(p) = OutsidePerson::from_record(&record) {
                    let home = Home {
                        name: p.full_name,
                        kecamatan: p.kecamatan.unwrap_or_default(),
                        kelurahan: p.kelurahan.unwrap_or_default(),
                        address: p.address.unwrap_or_default(),
                        phone: p.phone.unwrap_or_default(),
                    };
                    homes.insert(p.id, home);
                }
            }
            _ => {
                let readable = kinds
                    .get(&record.kind)
                    .is_some_and(|kind| kit::may_read(user, kind, &record));
                if readable {
                    listed.push(record);
                }
            }
        }
    }
    let words = words(english)?;
    let word = |key: &str| words.get(key).cloned().unwrap_or_default();
    let mut residents: Vec<Resident> = Vec::new();
    for record in &listed {
        let (person, outside, what) = if record.kind == "case" {
            let Ok(case) = Case::from_record(record) else { continue };
            let status = word(&format!("case.status.{}", case.status));
            (case.person, case.outside_person, format!("{}: {status}", word("case")))
        } else {
            let Ok(contact) = CloseContact::from_record(record) else {
                continue;
            };
            (contact.person, contact.outside_person, word("close_contact"))
        };
        let Some(home) = person.or(outside).and_then(|id| homes.get(&id)) else {
            continue;
        };
        residents.push(Resident {
            kecamatan: &home.kecamatan,
            kelurahan: &home.kelurahan,
            name: &home.name,
            details: vec![what, home.address.clone(), home.phone.clone()],
        });
    }
    let header = [
        word("outside_person.kecamatan"),
        word("outside_person.kelurahan"),
        word("outside_person.full_name"),
        word("case.status"),
        word("outside_person.address"),
        word("outside_person.phone"),
    ];
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let title = if english {
        "Cases and close contacts by residence"
    } else {
        "Kasus dan kontak erat menurut tempat tinggal"
    };
    crate::spreadsheet::workbook(title, &header, &rows(&residents))
}
