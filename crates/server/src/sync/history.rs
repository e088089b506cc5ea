//! A record's field history, as `GET /api/records/{id}/history` shows it to users who may read it.

use posko_core::sync::protocol::HistoryEntry;
use posko_core::sync::{Record, Scope, Stamp, Value};

use crate::db::Db;
use crate::error::ApiError;

/// Every change the server received for record `id`, oldest stamp first. `None` when the record
/// does not exist or `scope` does not reach it: the two look the same to the caller.
pub async fn of_record(db: &Db, scope: &Scope, id: &str) -> Result<Option<Vec<HistoryEntry>>, ApiError> {
    let envelope: Option<(String, String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT kind, agency_id, office_id, owner_id FROM records WHERE id = $1")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?;
    let Some((kind, agency_id, office_id, owner_id)) = envelope else {
        return Ok(None);
    };
    if !scope.can_read(&Record::new(&kind, id.to_owned(), agency_id, office_id, owner_id)) {
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
    let mut entries = rows
        .into_iter()
        .map(|(field, old, new, stamp, won, user_id, device_id, received_at_ms)| {
            Ok(HistoryEntry {
                field,
                old: old.as_deref().map(value).transpose()?,
                new: value(&new)?,
                stamp: Stamp::parse(&stamp).map_err(|e| stored("stamp", &e))?,
                won: won != 0,
                user_id,
                device_id,
                received_at_ms,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    // Sorted here rather than in SQL: PostgreSQL orders text by the database's collation, and
    // stamps must sort byte by byte.
    entries.sort_by(|a, b| (&a.stamp, &a.field).cmp(&(&b.stamp, &b.field)));
    Ok(Some(entries))
}
