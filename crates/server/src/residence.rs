//! The residence list as a printable workbook (issue #20, item 7): the cases and close contacts
//! a user reads (`kit::may_read`), by kecamatan and kelurahan of where each person lives, for
//! the camat and the lurah. The rows are core's (`residence::rows`), the same the device's CSV
//! writes offline; the words are the health kinds' names (`locales/cases/`).

use std::collections::HashMap;

use posko_core::cases::{Case, CloseContact, OutsidePerson, CASE};
use posko_core::kit::{self, Registry};
use posko_core::residence::{residents, rows, Home, HEADER_KEYS};
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
                    homes.insert(p.id.clone(), Home::of_person(&p));
                }
            }
            "outside_person" => {
                if let Ok(p) = OutsidePerson::from_record(&record) {
                    homes.insert(p.id.clone(), Home::of_outside(&p));
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
    let cases: Vec<Case> = listed.iter().filter_map(|r| Case::from_record(r).ok()).collect();
    let contacts: Vec<CloseContact> = listed
        .iter()
        .filter_map(|r| CloseContact::from_record(r).ok())
        .collect();
    let residents = residents(&cases, &contacts, |id| homes.get(id), word);
    let header = HEADER_KEYS.map(word);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let title = if english {
        "Cases and close contacts by residence"
    } else {
        "Kasus dan kontak erat menurut tempat tinggal"
    };
    crate::spreadsheet::workbook(title, &header, &rows(&residents))
}
