//! Projections: for each record kind, a table `kind_<name>` holding every record's envelope and
//! the fields its declaration marks `project()`, as real typed columns on both engines (a map
//! of choices, such as a checklist's answers, as one count per choice: `answers_pass` is how
//! many items hold `pass`). Pushes write it in the same transaction as the records, so reports
//! and monitoring are SQL over columns, never JSON parsed in Rust. The tables follow the
//! registry: `prepare` creates what is missing at start and fills a new table or column from
//! the stored records.

use std::collections::HashMap;

use posko_core::kit::{members, FieldDecl, FieldType, KindDecl, Registry};
use posko_core::sync::{Record, Value};
use sqlx::{AnyConnection, AssertSqlSafe};

use crate::db::{values_placeholders, Backend, Db, MAX_BIND_PARAMS};
use crate::error::ApiError;

/// The envelope columns every projection table starts with.
const ENVELOPE: [&str; 7] = [
    "id",
    "agency_id",
    "office_id",
    "owner_id",
    "parent_id",
    "deleted",
    "server_seq",
];

/// The table of a kind's projection. Kind names are snake_case words (`Registry::problems`).
pub fn table(kind: &KindDecl) -> String {
    format!("kind_{}", kind.name)
}

/// A column of a projection table after the envelope: a projected field's value, or how many
/// members of a projected map of choices hold one of its choices (removed members, null, none).
struct Column {
    name: String,
    field: &'static FieldDecl,
    counts: Option<&'static str>,
}

impl Column {
    /// The SQL type: what both engines store it as.
    fn sql_type(&self) -> &'static str {
        if self.counts.is_some() {
            return "BIGINT";
        }
        match self.field.ty {
            FieldType::Integer { .. } | FieldType::Decimal { .. } | FieldType::DateTime { .. } => "BIGINT",
            FieldType::Boolean => "SMALLINT",
            // Dates as `yyyy-mm-dd` compare and group correctly as text.
            _ => "TEXT",
        }
    }
}

/// The columns of `kind`'s projection after the envelope, in declaration order.
fn projected(kind: &KindDecl) -> Vec<Column> {
    let mut columns = Vec::new();
    for field in kind.fields.iter().filter(|f| f.project) {
        if field.counted_choices().is_some() {
            columns.extend(field.count_columns().into_iter().map(|(name, choice)| Column {
                name,
                field,
                counts: Some(choice),
            }));
        } else {
            columns.push(Column {
                name: field.name.to_owned(),
                field,
                counts: None,
            });
        }
    }
    columns
}

/// Creates each kind's table, adds columns a newer declaration projects, and fills what it
/// created from the records already stored. Refuses a registry with problems.
pub async fn prepare(db: &Db, kinds: Registry) -> anyhow::Result<()> {
    let problems = kinds.problems();
    anyhow::ensure!(
        problems.is_empty(),
        "the record kinds are declared wrongly: {}",
        problems.join("; ")
    );
    for kind in kinds.kinds() {
        let table = table(kind);
        let mut tx = db.pool.begin().await?;
        let existing = columns(&mut tx, db.backend, &table).await?;
        let mut fill = existing.is_empty();
        if fill {
            sqlx::query(AssertSqlSafe(format!(
                "CREATE TABLE IF NOT EXISTS {table} (id TEXT PRIMARY KEY, agency_id TEXT NOT NULL, office_id TEXT, \
                 owner_id TEXT, parent_id TEXT, deleted SMALLINT NOT NULL, server_seq BIGINT NOT NULL)"
            )))
            .execute(&mut *tx)
            .await?;
            sqlx::query(AssertSqlSafe(format!(
                "CREATE INDEX IF NOT EXISTS {table}_by_office ON {table} (agency_id, office_id)"
            )))
            .execute(&mut *tx)
            .await?;
            if kind.parent.is_some() {
                sqlx::query(AssertSqlSafe(format!(
                    "CREATE INDEX IF NOT EXISTS {table}_by_parent ON {table} (parent_id)"
                )))
                .execute(&mut *tx)
                .await?;
            }
        }
        for column in projected(kind) {
            if existing.contains(&column.name) {
                continue;
            }
            sqlx::query(AssertSqlSafe(format!(
                "ALTER TABLE {table} ADD COLUMN {} {}",
                column.name,
                column.sql_type()
            )))
            .execute(&mut *tx)
            .await?;
            // A column reports filter or group by (declared `index()` too) gets an index; the
            // others are read in rows already found, and an index each would slow every push.
            if column.field.index {
                sqlx::query(AssertSqlSafe(format!(
                    "CREATE INDEX IF NOT EXISTS {table}_{0} ON {table} (agency_id, {0})",
                    column.name
                )))
                .execute(&mut *tx)
                .await?;
            }
            fill = true;
        }
        if fill {
            let stored: Vec<(String, i64)> = sqlx::query_as("SELECT body, server_seq FROM records WHERE kind = $1")
                .bind(kind.name)
                .fetch_all(&mut *tx)
                .await?;
            let records = stored
                .into_iter()
                .map(|(body, seq)| Ok((serde_json::from_str::<Record>(&body)?, seq)))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let rows: Vec<(&Record, i64)> = records.iter().map(|(r, seq)| (r, *seq)).collect();
            upsert(&mut tx, db.backend, kind, &rows).await?;
            tracing::info!(kind = kind.name, records = rows.len(), "projection filled");
        }
        tx.commit().await?;
    }
    Ok(())
}

/// The column names of `table`, empty when it does not exist.
async fn columns(conn: &mut AnyConnection, backend: Backend, table: &str) -> Result<Vec<String>, sqlx::Error> {
    let sql = match backend {
        Backend::Sqlite => "SELECT name FROM pragma_table_info($1)",
        Backend::Postgres => {
            "SELECT column_name::text FROM information_schema.columns WHERE table_name = $1 AND table_schema = current_schema()"
        }
    };
    sqlx::query_scalar(sql).bind(table).fetch_all(conn).await
}

/// Writes the projection rows of records a push stored (`(record, body, server_seq)`).
pub async fn store(
    conn: &mut AnyConnection,
    backend: Backend,
    kinds: Registry,
    rows: &[(&Record, String, i64)],
) -> Result<(), ApiError> {
    let mut by_kind: HashMap<&str, Vec<(&Record, i64)>> = HashMap::new();
    for (record, _, seq) in rows {
        by_kind.entry(record.kind.as_str()).or_default().push((record, *seq));
    }
    for (name, rows) in by_kind {
        // The push refused every record of a kind it does not know.
        let kind = kinds
            .get(name)
            .ok_or_else(|| ApiError::Internal(format!("no projection for kind {name}")))?;
        upsert(conn, backend, kind, &rows).await?;
    }
    Ok(())
}

async fn upsert(
    conn: &mut AnyConnection,
    backend: Backend,
    kind: &KindDecl,
    rows: &[(&Record, i64)],
) -> Result<(), sqlx::Error> {
    let columns = projected(kind);
    let names: Vec<&str> = ENVELOPE
        .iter()
        .copied()
        .chain(columns.iter().map(|c| c.name.as_str()))
        .collect();
    let updates: Vec<String> = names[1..].iter().map(|c| format!("{c} = excluded.{c}")).collect();
    let table = table(kind);
    for chunk in rows.chunks(MAX_BIND_PARAMS / names.len()) {
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES {} ON CONFLICT (id) DO UPDATE SET {}",
            names.join(", "),
            values_placeholders(backend, chunk.len(), names.len()),
            updates.join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for (record, seq) in chunk {
            query = query
                .bind(record.id.as_str())
                .bind(record.agency_id.as_str())
                .bind(record.office_id.as_deref())
                .bind(record.owner_id.as_deref())
                .bind(record.parent_id.as_deref())
                .bind(i16::from(record.is_deleted()))
                .bind(*seq);
            for column in &columns {
                if let Some(choice) = column.counts {
                    let held = members(record, column.field.name)
                        .filter(|(_, value)| value.as_text() == Some(choice))
                        .count();
                    query = query.bind(held as i64);
                    continue;
                }
                let value = record.get(column.field.name);
                query = match column.sql_type() {
                    "BIGINT" => query.bind(value.and_then(Value::as_int)),
                    "SMALLINT" => query.bind(value.and_then(Value::as_bool).map(i16::from)),
                    _ => query.bind(value.and_then(Value::as_text).map(str::to_owned)),
                };
            }
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}
