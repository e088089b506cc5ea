//! A record's field history, as `GET /api/records/{id}/history` shows it to users who may read it.

use posko_core::sync::protocol::HistoryEntry;
use std::collections::BTreeMap;

use posko_core::kit::{self, Registry};
use posko_core::sync::{Field, Record, Stamp, Value};
use posko_core::UserProfile;

use super::push::CREATED_FIELD;

use crate::db::Db;
use crate::error::ApiError;

/// Every change the server received for record `id`, oldest stamp first. `None` when the record
/// does not exist or `user` may not read it (`kit::may_read`): the two look the same to the caller.
pub async fn of_record(
    db: &Db,
    kinds: Registry,
    user: &UserProfile,
    id: &str,
) -> Result<Option<Vec<HistoryEntry>>, ApiError> {
    // The whole record: a reader field names who else reads it (`kit::may_read`).
    let body: Option<String> = sqlx::query_scalar("SELECT body FROM records WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    let Some(body) = body else {
        return Ok(None);
    };
    let record: Record = serde_json::from_str(&body).map_err(|e| ApiError::Internal(format!("stored record: {e}")))?;
    if !kinds
        .get(&record.kind)
        .is_some_and(|decl| kit::may_read(user, decl, &record))
    {
        return Ok(None);
    }
    type Row = (String, Option<String>, String, String, i64, String, String, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT field, old_value, new_value, stamp, won, user_id, device_id, received_at \
         FROM field_history WHERE record_id = $1",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let stored = |what: &str, e: &dyn std::fmt::Display| ApiError::Internal(format!("stored history {what}: {e}"));
    let value = |json: &str| serde_json::from_str::<Value>(json).map_err(|e| stored("value", &e));
    let mut entries = Vec::with_capacity(rows.len());
    for (field, old, new, stamp, won, user_id, device_id, received_at_ms) in rows {
        let entry = |field: String, old: Option<Value>, new: Value, stamp: Stamp, won: bool| HistoryEntry {
            field,
            old,
            new,
            stamp,
            won,
            user_id: user_id.clone(),
            device_id: device_id.clone(),
            received_at_ms,
        };
        if field == CREATED_FIELD {
            // A creation is one row: each field as first pushed, nothing overwritten.
            let fields: BTreeMap<String, Field> = serde_json::from_str(&new).map_err(|e| stored("creation", &e))?;
            entries.extend(fields.into_iter().map(|(name, f)| entry(name, None, f.v, f.s, true)));
        } else {
            entries.push(entry(
                field,
                old.as_deref().map(value).transpose()?,
                value(&new)?,
                Stamp::parse(&stamp).map_err(|e| stored("stamp", &e))?,
                won != 0,
            ));
        }
    }
    // Sorted here rather than in SQL: PostgreSQL orders text by the database's collation, and
    // stamps must sort byte by byte.
    entries.sort_by(|a, b| {
        (&a.stamp, &a.field, a.received_at_ms, !a.won).cmp(&(&b.stamp, &b.field, b.received_at_ms, !b.won))
    });
    // One change is one entry: a change delivered again after its record was created (a stale
    // copy of the whole record from another device) may have a row beside the creation row that
    // holds it; the first one received is the change, as the table's key keeps for other rows.
    entries.dedup_by(|later, first| later.field == first.field && later.stamp == first.stamp);
    Ok(Some(entries))
}
