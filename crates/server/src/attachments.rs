//! Attachments (photos): content-addressed blobs a record names in one of its declared
//! attachment fields (`<field>.<sha256>: true`). Stored in the database, so in the data
//! directory's SQLite file on the embedded setup and in PostgreSQL, which replicas share, when
//! the server runs on it. A blob is reached only through a record that names it, within the
//! user's scope: the same photo named by two records is stored once and served to the readers
//! of either.

use posko_core::kit::{self, is_sha256_hex, FieldType, Registry, MEMBER_SEPARATOR};
use posko_core::sync::{Record, Value};
use posko_core::UserProfile;
use sha2::{Digest, Sha256};

use crate::db::{Backend, Db};
use crate::error::ApiError;

/// The largest photo taken in: the device downscales to about 200 kB, so this leaves room
/// without letting a client fill the disk with video.
pub const MAX_ATTACHMENT_BYTES: usize = 512 * 1024;

/// The media types a photo may have.
pub const IMAGE_TYPES: [&str; 3] = ["image/jpeg", "image/webp", "image/png"];

/// Creates the blob table, with the binary type of each engine.
pub async fn prepare(db: &Db) -> Result<(), sqlx::Error> {
    let bytes = match db.backend {
        Backend::Sqlite => "BLOB",
        Backend::Postgres => "BYTEA",
    };
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "CREATE TABLE IF NOT EXISTS attachments (sha256 TEXT PRIMARY KEY, content_type TEXT NOT NULL, \
         size BIGINT NOT NULL, bytes {bytes} NOT NULL, created_at BIGINT NOT NULL)"
    )))
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Whether `record` names `sha256` in one of its kind's attachment fields (as present, not removed).
fn names(kinds: Registry, record: &Record, sha256: &str) -> bool {
    let Some(kind) = kinds.get(&record.kind) else {
        return false;
    };
    kind.fields
        .iter()
        .filter(|f| matches!(f.ty, FieldType::Attachments { .. }))
        .any(|f| record.get(&format!("{}{MEMBER_SEPARATOR}{sha256}", f.name)) == Some(&Value::Bool(true)))
}

/// The stored record `record_id` if `user` may read it (and write it, when `write`: the kit's
/// `may_read` and `may_write`) and it names `sha256`; `NotFound` otherwise, whatever the reason,
/// so a caller learns nothing of what is outside their reach.
async fn naming_record(
    db: &Db,
    kinds: Registry,
    user: &UserProfile,
    record_id: &str,
    sha256: &str,
    write: bool,
) -> Result<Record, ApiError> {
    if !is_sha256_hex(sha256) {
        return Err(ApiError::NotFound);
    }
    let body: Option<String> = sqlx::query_scalar("SELECT body FROM records WHERE id = $1")
        .bind(record_id)
        .fetch_optional(&db.pool)
        .await?;
    let record: Record = match body {
        Some(body) => serde_json::from_str(&body).map_err(|e| ApiError::Internal(format!("stored record: {e}")))?,
        None => return Err(ApiError::NotFound),
    };
    let allowed = kinds.get(&record.kind).is_some_and(|kind| {
        if write {
            kit::may_write(user, kind, &record, Some(&record))
        } else {
            kit::may_read(user, kind, &record)
        }
    });
    if allowed && names(kinds, &record, sha256) {
        Ok(record)
    } else {
        Err(ApiError::NotFound)
    }
}

/// Takes in a photo for a record that names it. Returns whether it was new: a repeated upload
/// of stored bytes changes nothing. Bytes that do not hash to `sha256` (a cut-off upload) are
/// refused and nothing is kept, so the device simply sends them again.
pub async fn store(
    db: &Db,
    kinds: Registry,
    user: &UserProfile,
    record_id: &str,
    sha256: &str,
    content_type: &str,
    bytes: &[u8],
) -> Result<bool, ApiError> {
    naming_record(db, kinds, user, record_id, sha256, true).await?;
    if !IMAGE_TYPES.contains(&content_type) {
        return Err(ApiError::BadRequest(format!(
            "an attachment is a photo ({}), not {content_type:?}",
            IMAGE_TYPES.join(", ")
        )));
    }
    if hex::encode(Sha256::digest(bytes)) != sha256 {
        return Err(ApiError::BadRequest(format!(
            "the {} bytes received do not hash to {sha256}: the upload was cut off or changed; send it again",
            bytes.len()
        )));
    }
    let inserted = sqlx::query(
        "INSERT INTO attachments (sha256, content_type, size, bytes, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (sha256) DO NOTHING",
    )
    .bind(sha256)
    .bind(content_type)
    .bind(bytes.len() as i64)
    .bind(bytes.to_vec())
    .bind(crate::clock::now_ms())
    .execute(&db.pool)
    .await?
    .rows_affected();
    Ok(inserted > 0)
}

/// A stored photo (media type, bytes) for a reader of a record that names it.
pub async fn load(
    db: &Db,
    kinds: Registry,
    user: &UserProfile,
    record_id: &str,
    sha256: &str,
) -> Result<(String, Vec<u8>), ApiError> {
    naming_record(db, kinds, user, record_id, sha256, false).await?;
    sqlx::query_as("SELECT content_type, bytes FROM attachments WHERE sha256 = $1")
        .bind(sha256)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(ApiError::NotFound)
}
