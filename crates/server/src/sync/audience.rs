//! Each record's audiences (`kit::audiences`, migration 0010), kept beside it under its current
//! change number: a push writes them in its transaction, a pull looks up the user's own
//! (`kit::audiences_of`), and a group a change takes the record out of keeps a departure.

use std::collections::HashMap;

use posko_core::kit::{self, Audience, Registry};
use posko_core::sync::Record;
use sqlx::{AnyConnection, AssertSqlSafe};

use crate::db::{values_placeholders, Backend, Db, MAX_BIND_PARAMS};
use crate::error::ApiError;

/// The keys of the groups the server keeps rows for: all of `groups` but the whole agency's,
/// which is every record of the agency, and its everyday readers', every record but the health
/// kinds' (the pull reads `records` itself for both).
pub fn kept_keys<'a>(groups: impl IntoIterator<Item = &'a Audience>) -> Vec<String> {
    groups
        .into_iter()
        .filter(|a| !matches!(a, Audience::Agency { .. } | Audience::AgencyWork { .. }))
        .map(Audience::key)
        .collect()
}

/// The keys of the groups `record` is for that the server keeps rows for (`kept_keys`).
pub fn kept(kinds: Registry, record: &Record) -> Vec<String> {
    kinds
        .get(&record.kind)
        .map_or_else(Vec::new, |kind| kept_keys(&kit::audiences(kind, record)))
}

/// A record's kept groups before a push changed it, and the change number they are under.
pub struct Before {
    pub server_seq: i64,
    pub keys: Vec<String>,
}

/// Moves the audiences of the records a push stored (`(record, server_seq)`) to their new
/// change numbers, and keeps a departure for every group a record left (its id, under the new
/// number), so that group's next pulls say it is gone. All of one agency, `agency_id`.
pub async fn store(
    conn: &mut AnyConnection,
    backend: Backend,
    kinds: Registry,
    agency_id: &str,
    before: &HashMap<String, Before>,
    stored: &[(&Record, i64)],
) -> Result<(), ApiError> {
    let mut removed: Vec<(String, i64)> = Vec::new();
    let mut added: Vec<(String, i64)> = Vec::new();
    let mut departed: Vec<(String, i64, &str)> = Vec::new();
    for (record, server_seq) in stored {
        let now = kept(kinds, record);
        if let Some(before) = before.get(&record.id) {
            for key in &before.keys {
                removed.push((key.clone(), before.server_seq));
                if !now.contains(key) {
                    departed.push((key.clone(), *server_seq, record.id.as_str()));
                }
            }
        }
        added.extend(now.into_iter().map(|key| (key, *server_seq)));
    }
    for chunk in removed.chunks(MAX_BIND_PARAMS / 2 - 1) {
        // Rows are found by their key: the agency, the group and the old number.
        let sql = format!(
            "DELETE FROM record_audiences WHERE agency_id = {} AND (audience, server_seq) IN (VALUES {})",
            if backend == Backend::Postgres { "$1" } else { "?" },
            crate::db::values_placeholders_from(backend, 2, chunk.len(), 2)
        );
        let mut query = sqlx::query(AssertSqlSafe(sql)).bind(agency_id);
        for (key, seq) in chunk {
            query = query.bind(key.as_str()).bind(*seq);
        }
        query.execute(&mut *conn).await?;
    }
    for chunk in added.chunks(MAX_BIND_PARAMS / 3) {
        let sql = format!(
            "INSERT INTO record_audiences (agency_id, audience, server_seq) VALUES {}",
            values_placeholders(backend, chunk.len(), 3)
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for (key, seq) in chunk {
            query = query.bind(agency_id).bind(key.as_str()).bind(*seq);
        }
        query.execute(&mut *conn).await?;
    }
    for chunk in departed.chunks(MAX_BIND_PARAMS / 4) {
        let sql = format!(
            "INSERT INTO record_group_departures (agency_id, audience, server_seq, record_id) VALUES {} \
             ON CONFLICT DO NOTHING",
            values_placeholders(backend, chunk.len(), 4)
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for (key, seq, id) in chunk {
            query = query.bind(agency_id).bind(key.as_str()).bind(*seq).bind(*id);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Writes every stored record's audiences again when the rows follow other rules than this
/// server's (`kit::AUDIENCE_RULES`; 0 after migration 0010). Run at start, one replica at a
/// time (`AppState::prepare`).
pub async fn prepare(db: &Db, kinds: Registry) -> anyhow::Result<()> {
    let mut tx = db.pool.begin().await?;
    let version: i64 = sqlx::query_scalar("SELECT version FROM audience_rules WHERE id = 1")
        .fetch_one(&mut *tx)
        .await?;
    if version == i64::from(kit::AUDIENCE_RULES) {
        return Ok(());
    }
    sqlx::query("DELETE FROM record_audiences").execute(&mut *tx).await?;
    let stored: Vec<(String, i64)> = sqlx::query_as("SELECT body, server_seq FROM records")
        .fetch_all(&mut *tx)
        .await?;
    let mut by_agency: HashMap<String, Vec<(Record, i64)>> = HashMap::new();
    for (body, seq) in stored {
        let record: Record = serde_json::from_str(&body)?;
        by_agency
            .entry(record.agency_id.clone())
            .or_default()
            .push((record, seq));
    }
    let mut written = 0;
    for (agency_id, records) in &by_agency {
        let rows: Vec<(&Record, i64)> = records.iter().map(|(r, seq)| (r, *seq)).collect();
        store(&mut tx, db.backend, kinds, agency_id, &HashMap::new(), &rows).await?;
        written += rows.len();
    }
    sqlx::query("UPDATE audience_rules SET version = $1 WHERE id = 1")
        .bind(i64::from(kit::AUDIENCE_RULES))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(records = written, rules = kit::AUDIENCE_RULES, "audiences written");
    Ok(())
}
